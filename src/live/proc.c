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

int64_t live_phase_us(int hz)
{
    struct timespec ts;
    int64_t jiffy_us;

    if (!rto_hz_valid(hz) || clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return -1;
    jiffy_us = (int64_t)rto_jiffies_to_us(1, hz);
    return ((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000) % jiffy_us;
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

size_t live_owners(struct live_socks *s)
{
    struct live_owner_index ix = { 0 };
    size_t got = 0;

    if (s->n)
        live_owner_scan(&ix);
    for (size_t i = 0; i < s->n; i++) {
        const struct live_owner *o = live_owner_find(&ix, s->v[i].inode);

        if (o) {
            s->v[i].pid = o->pid;
            s->v[i].fd = o->fd;
            got++;
        }
    }
    live_owner_index_free(&ix);
    return got;
}
