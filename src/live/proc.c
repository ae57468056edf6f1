/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The namespace's own settings: /proc/sys/net/ipv4 belongs to the network
 * namespace of the reader, like the sock_diag dump, so the two agree.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>

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
