/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The namespace's own settings: /proc/sys/net/ipv4 belongs to the network
 * namespace of the reader, like the sock_diag dump, so the two agree.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
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

/*
 * jiffies - floor(CLOCK_MONOTONIC / TICK_NSEC), constant while the system
 * runs (LIVE-SOCKETS.md measured it stable over a whole experiment).  A
 * reading whose "now" lies near a tick may pair it with the jiffies of
 * the tick before (the tick's handler not yet run) or after (a tick
 * between "now" and the jiffies line, seen 7 us before a tick on 6.18):
 * readings within an eighth of a tick of either edge do not count, and
 * two that count must agree.  Returns 0 or -1.
 */
static int jiffies_offset(int hz, uint64_t *off)
{
    int64_t tick = tick_nsec(hz), now;
    uint64_t j, seen = 0;
    bool have = false;

    for (int tries = 0; tries < 32; tries++) {
        int64_t in;

        if (timer_list_read(&now, &j) != 0)
            return -1;
        in = now % tick;
        if (in < tick / 8 || in >= tick - tick / 8)
            continue;
        j -= (uint64_t)(now / tick);
        if (have && j == seen) {
            *off = j;
            return 0;
        }
        seen = j;
        have = true;
    }
    return -1;
}

int64_t live_clock(int hz, uint64_t *jiffies, bool *known)
{
    struct timespec ts;
    uint64_t off = 0;
    bool have = false;
    int64_t ns;

    if (known)
        *known = false;
    if (!rto_hz_valid(hz))
        return -1;
    /* The offset first: the sample's tick is the one of the clock read
     * last, just before the dump. */
    if (jiffies && known)
        have = jiffies_offset(hz, &off) == 0;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return -1;
    ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    if (have && ns % tick_nsec(hz) > tick_nsec(hz) / 8) {
        /* The dump that follows must stay in this tick for the count to
         * hold (live_clock_check()): past the first eighth, start it at
         * the next tick instead (a tick's wait at most). */
        int64_t next = (ns / tick_nsec(hz) + 1) * tick_nsec(hz);
        struct timespec at = { .tv_sec = (time_t)(next / 1000000000),
                               .tv_nsec = (long)(next % 1000000000) };

        /* Woken early (a signal) or late, the clock read after says
         * where the sample is. */
        (void)clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL);
        if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
            return -1;
        ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    }
    if (have) {
        *jiffies = off + (uint64_t)(ns / tick_nsec(hz));
        *known = true;
    }
    return ns % tick_nsec(hz) / 1000;
}

void live_clock_check(int hz, uint64_t *jiffies, bool *known)
{
    struct timespec ts;
    uint64_t off;

    if (!*known)
        return;
    /* The clock first: the offset is the same whenever it is read. */
    if (!rto_hz_valid(hz) || clock_gettime(CLOCK_MONOTONIC, &ts) != 0
        || jiffies_offset(hz, &off) != 0
        || off + (uint64_t)(((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec)
                            / tick_nsec(hz))
               != *jiffies)
        *known = false;
}

int64_t live_phase_us(int hz)
{
    return live_clock(hz, NULL, NULL);
}

static int by_inode(const void *a, const void *b)
{
    const struct rto_sock *const *x = a, *const *y = b;

    return (*x)->inode < (*y)->inode ? -1 : (*x)->inode > (*y)->inode;
}

/* The sockets of inode in the sorted index, or NULL. */
static struct rto_sock **find(struct rto_sock **idx, size_t n,
                              unsigned long long inode)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (idx[mid]->inode < inode)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && idx[lo]->inode == inode ? &idx[lo] : NULL;
}

size_t live_owners(struct live_socks *s)
{
    struct rto_sock **idx = malloc((s->n ? s->n : 1) * sizeof(*idx));
    size_t n = 0, got = 0;
    struct dirent *p;
    DIR *proc;

    if (!idx)
        return 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].inode)
            idx[n++] = &s->v[i];
    qsort(idx, n, sizeof(*idx), by_inode);
    proc = n ? opendir("/proc") : NULL;
    while (proc && (p = readdir(proc))) {
        char path[64], link[64];
        int pid = atoi(p->d_name);
        struct dirent *f;
        DIR *fds;

        if (pid <= 0)
            continue;
        snprintf(path, sizeof(path), "/proc/%d/fd", pid);
        if (!(fds = opendir(path)))
            continue;
        while ((f = readdir(fds))) {
            unsigned long long inode;
            struct rto_sock **k;
            ssize_t len;

            /* Relative to the fd directory: no path to build. */
            len = readlinkat(dirfd(fds), f->d_name, link, sizeof(link) - 1);
            if (len <= 0)
                continue;
            link[len] = '\0';
            if (sscanf(link, "socket:[%llu]", &inode) != 1
                || !(k = find(idx, n, inode)))
                continue;
            for (; k < idx + n && (*k)->inode == inode; k++) {
                if (!(*k)->pid)
                    got++;
                if (!(*k)->pid || pid < (*k)->pid) {
                    (*k)->pid = pid;
                    (*k)->fd = atoi(f->d_name);
                }
            }
        }
        closedir(fds);
    }
    if (proc)
        closedir(proc);
    free(idx);
    return got;
}
