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

int64_t live_phase_us(int hz)
{
    struct timespec ts;
    int64_t jiffy_us;

    if (!rto_hz_valid(hz) || clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return -1;
    jiffy_us = (int64_t)rto_jiffies_to_us(1, hz);
    return ((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000) % jiffy_us;
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
