/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The namespace's own settings: /proc/sys/net/ipv4 belongs to the network
 * namespace of the reader, like the sock_diag dump, so the two agree.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "live/live.h"

int live_sysctls(struct rto_sock_settings *set)
{
    int got = 0;

    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *r = rto_setting_at(i);
        char path[160];
        long long v;
        FILE *f;
        int ok;

        if (!r->sysctl)
            continue;
        snprintf(path, sizeof(path), "/proc/sys/net/ipv4/%s", r->sysctl);
        if (!(f = fopen(path, "re")))
            continue;
        ok = fscanf(f, "%lld", &v) == 1;
        fclose(f);
        if (!ok)
            continue;
        rto_setting_set(&set->params, r->field,
                        rto_setting_from_sysctl(r->field, v));
        set->source[r->field] = RTO_SRC_SYSCTL;
        got++;
    }
    return got;
}

/* TICK_NSEC (include/linux/jiffies.h): the tick period, in ns of
 * CLOCK_MONOTONIC, on whose multiples the ticks fall. */
static int64_t tick_nsec(int hz)
{
    return (1000000000 + hz / 2) / hz;
}

/*
 * One reading of /proc/timer_list (kernel/time/timer_list.c): "now at N
 * nsecs" in the header (ktime_get() when the reading starts), then each
 * CPU's timers and "jiffies: N".  Only the header and the first CPU's
 * part are read: the file is long on a machine with many CPUs.  Returns
 * 0 with both, or -1.
 */
static int timer_list_read(int64_t *now_ns, uint64_t *jiffies)
{
    char line[256];
    bool now = false;
    int got = -1;
    FILE *f = fopen("/proc/timer_list", "re");

    for (int n = 0; f && got != 0 && n < 100000
                    && fgets(line, sizeof(line), f); n++) {
        long long v;
        unsigned long long j;

        if (!now && sscanf(line, "now at %lld nsecs", &v) == 1) {
            *now_ns = v;
            now = v >= 0;
        } else if (now && sscanf(line, "jiffies: %llu", &j) == 1) {
            *jiffies = j;
            got = 0;
        }
    }
    if (f)
        fclose(f);
    return got;
}

static int64_t mono_ns(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return -1;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * A reading of the jiffies count and the CLOCK_MONOTONIC time just after
 * it (*after_ns).  Returns 0 when the whole reading lay in one tick (its
 * "now" and *after_ns in the same one), 1 when a tick came between them,
 * -1 when it cannot be read.
 */
static int reading(int hz, uint64_t *jiffies, int64_t *after_ns)
{
    int64_t now;

    if (timer_list_read(&now, jiffies) != 0 || (*after_ns = mono_ns()) < 0)
        return -1;
    return now / tick_nsec(hz) == *after_ns / tick_nsec(hz) ? 0 : 1;
}

/*
 * jiffies - floor(CLOCK_MONOTONIC / TICK_NSEC), constant while the system
 * runs (LIVE-SOCKETS.md measured it stable over a whole experiment).  The
 * count never runs ahead of the clock (tick_do_update_jiffies64() counts
 * whole periods past the last update), but it lags a tick's start until
 * the tick's handler has run: on 6.18 at HZ=250 under a compiler's load,
 * by up to 311 us in 30,000 readings, and now and then past the middle
 * of a tick.  So a reading within one tick gives the offset or less, and
 * the offset is the most that three such readings give.  Returns 0 or -1.
 */
static int jiffies_offset(int hz, uint64_t *off)
{
    int got = 0;

    for (int tries = 0; tries < 32 && got < 3; tries++) {
        uint64_t j;
        int64_t ns;
        int r = reading(hz, &j, &ns);

        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        j -= (uint64_t)(ns / tick_nsec(hz));
        if (got++ == 0 || (int64_t)(j - *off) > 0)
            *off = j;
    }
    return got == 3 ? 0 : -1;
}

/*
 * Where the dump starts: from an eighth to a quarter of the way into a
 * tick, waiting for the next such moment (a tick and a quarter at most),
 * out of the tick handler's way.  Returns the clock after the wait, or
 * -1.
 */
static int64_t dump_moment(int hz)
{
    int64_t tick = tick_nsec(hz), ns = mono_ns(), in, at;
    struct timespec ts;

    if (ns < 0)
        return -1;
    in = ns % tick;
    if (in >= tick / 8 && in < tick / 4)
        return ns;
    at = (ns / tick + (in >= tick / 8)) * tick + tick / 8;
    ts.tv_sec = (time_t)(at / 1000000000);
    ts.tv_nsec = (long)(at % 1000000000);
    /* Woken early (a signal) or late, the clock read after says where the
     * sample is. */
    (void)clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    return mono_ns();
}

int64_t live_clock(int hz, int64_t *tick, uint64_t *jiffies, bool *known)
{
    int64_t ns = -1;
    uint64_t off = 0;

    *known = false;
    if (!rto_hz_valid(hz))
        return -1;
    if (jiffies_offset(hz, &off) == 0) {
        for (int tries = 0; tries < 4 && !*known; tries++) {
            uint64_t j, t;
            int r;

            if (dump_moment(hz) < 0 || (r = reading(hz, &j, &ns)) < 0)
                break;
            if (r > 0)
                continue;
            t = (uint64_t)(ns / tick_nsec(hz));
            /*
             * The count at the offset's for this tick, or above it (then
             * the offset's readings lagged, and it is this one): the
             * tick's increment has happened, and the next comes no
             * earlier than the next tick, so a dump within this tick
             * reads this count.  One short is the tick's handler still to
             * run (a dump early in a tick once read the tick before's
             * count, and every expiry came out a jiffy late): another
             * try, at the next tick.
             */
            if ((int64_t)(j - t - off) >= 0) {
                off = j - t;
                *known = true;
            }
        }
    }
    if (!*known && (ns = mono_ns()) < 0)
        return -1;
    *tick = ns / tick_nsec(hz);
    *jiffies = off + (uint64_t)*tick;
    return ns % tick_nsec(hz) / 1000;
}

int64_t live_tick(int hz)
{
    int64_t ns = rto_hz_valid(hz) ? mono_ns() : -1;

    return ns < 0 ? -1 : ns / tick_nsec(hz);
}

static int by_owner(const void *a, const void *b)
{
    const struct live_owner *x = a, *y = b;

    if (x->inode != y->inode)
        return x->inode < y->inode ? -1 : 1;
    if (x->pid != y->pid)
        return x->pid < y->pid ? -1 : 1;
    return (x->fd > y->fd) - (x->fd < y->fd);
}

/* A decimal number that is the whole of s (a pid or an fd), or -1. */
static long whole_number(const char *s)
{
    long v = 0;

    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (LONG_MAX - 9) / 10)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* The inode of a "socket:[INODE]" link of len bytes, or 0. */
static uint64_t socket_inode(const char *link, size_t len)
{
    static const char prefix[] = "socket:[";
    const size_t plen = sizeof(prefix) - 1;
    uint64_t v = 0;

    if (len < plen + 2 || memcmp(link, prefix, plen) != 0
        || link[len - 1] != ']')
        return 0;
    for (size_t i = plen; i < len - 1; i++) {
        if (link[i] < '0' || link[i] > '9' || v > (UINT64_MAX - 9) / 10)
            return 0;
        v = v * 10 + (uint64_t)(link[i] - '0');
    }
    return v;
}

static int add_owner(struct live_owner_index *ix, uint64_t inode, int pid,
                     int fd)
{
    if (ix->n == ix->cap) {
        size_t cap = ix->cap ? 2 * ix->cap : 1024;
        struct live_owner *v = realloc(ix->v, cap * sizeof(*v));

        if (!v)
            return -1;
        ix->v = v;
        ix->cap = cap;
    }
    ix->v[ix->n++] = (struct live_owner){ inode, pid, fd };
    return 0;
}

/* The socket links of one process: its fd directory read once, one
 * readlinkat() an entry, relative to the directory. */
static int scan_pid(struct live_owner_index *ix, int pid)
{
    char path[64], link[64];
    struct dirent *f;
    DIR *fds;
    int rc = 0;

    snprintf(path, sizeof(path), "/proc/%d/fd", pid);
    if (!(fds = opendir(path)))
        return 0;
    while (rc == 0 && (f = readdir(fds))) {
        long fd = whole_number(f->d_name);
        uint64_t inode;
        ssize_t len;

        if (fd < 0 || fd > INT_MAX)
            continue;
        len = readlinkat(dirfd(fds), f->d_name, link, sizeof(link));
        if (len <= 0 || !(inode = socket_inode(link, (size_t)len)))
            continue;
        rc = add_owner(ix, inode, pid, (int)fd);
    }
    closedir(fds);
    return rc;
}

int live_owner_scan(struct live_owner_index *ix)
{
    struct dirent *p;
    DIR *proc = opendir("/proc");
    size_t n = 0;
    int rc = 0;

    ix->n = 0;
    while (proc && rc == 0 && (p = readdir(proc))) {
        long pid = whole_number(p->d_name);

        if (pid > 0 && pid <= INT_MAX)
            rc = scan_pid(ix, (int)pid);
    }
    if (proc)
        closedir(proc);
    /* One entry an inode: the lowest pid, then its lowest fd. */
    if (ix->n)
        qsort(ix->v, ix->n, sizeof(*ix->v), by_owner);
    for (size_t i = 0; i < ix->n; i++)
        if (n == 0 || ix->v[n - 1].inode != ix->v[i].inode)
            ix->v[n++] = ix->v[i];
    ix->n = n;
    return rc;
}

const struct live_owner *live_owner_find(const struct live_owner_index *ix,
                                         uint64_t inode)
{
    size_t lo = 0, hi = ix->n;

    if (!inode)
        return NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (ix->v[mid].inode < inode)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->n && ix->v[lo].inode == inode ? &ix->v[lo] : NULL;
}

void live_owner_index_free(struct live_owner_index *ix)
{
    free(ix->v);
    ix->v = NULL;
    ix->n = ix->cap = 0;
}

