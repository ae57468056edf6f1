/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The model's lwIP timeline of an episode, as harness events: the lwIP
 * profile of the model (rto_stack_path() with RTO_STACK_LWIP, version
 * 2.1) run with the episode's settings and the RTT samples lwIP took,
 * its times moved to the episode's time zero.
 *
 * This file includes the model's header and none of lwIP's, so that the
 * two never meet in one translation unit.
 */
#include <stdbool.h>
#include <string.h>

#include "rtocalc.h"

#include "lwip_harness.h"

#define MODEL_CAP 64

/* The model's path for an episode's; FIN_WAIT_1 is the retransmission
 * path: the FIN rides on the data and is retransmitted with it. */
static enum rto_path model_path(enum lwip_path path)
{
    switch (path) {
    case LWIP_PATH_SYN: return RTO_PATH_SYN;
    case LWIP_PATH_KEEPALIVE: return RTO_PATH_KEEPALIVE;
    case LWIP_PATH_PERSIST: return RTO_PATH_PROBE0;
    case LWIP_PATH_FIN_WAIT2: return RTO_PATH_FIN_WAIT2;
    case LWIP_PATH_RETRANS:
    case LWIP_PATH_FIN_WAIT1:
        break;
    }
    return RTO_PATH_RETRANS;
}

/* The segment an episode's path sends for a model event that sends one:
 * the SYN, a keepalive (no payload), a zero-window probe (one byte of the
 * unsent data), or the write, with the FIN on it in FIN_WAIT_1. */
static struct lwip_event segment(enum lwip_path path, int write_bytes)
{
    struct lwip_event e = { LWIP_EV_DATA, 0, write_bytes };

    if (path == LWIP_PATH_SYN || path == LWIP_PATH_KEEPALIVE) {
        e.kind = path == LWIP_PATH_SYN ? LWIP_EV_SYN : LWIP_EV_KEEPALIVE;
        e.bytes = 0;
    } else if (path == LWIP_PATH_PERSIST) {
        e.bytes = 1;
    } else if (path == LWIP_PATH_FIN_WAIT1) {
        e.kind = LWIP_EV_DATA_FIN;
    }
    return e;
}

size_t lwip_model(const struct lwip_episode *ep, const struct lwip_replay *rp,
                  int write_bytes, struct lwip_event *out, size_t cap,
                  int *rto_ticks)
{
    struct rto_stack_params p;
    struct rto_event ev[MODEL_CAP];
    struct rto_timeline t;
    size_t n = 0;

    /* lwIP 2.1.3 is the model's version 21; every default of the profile
     * is one of lwIP's opt.h, which Debian does not override. */
    rto_stack_params_default(&p, RTO_STACK_LWIP, 21);
    p.samples = rp->samples;
    /* The model rounds an RTT down to whole slow ticks, as lwIP measures
     * one: m ticks and a half give m. */
    p.rtt_us = rp->sample_ticks * 2 * p.tick_us + p.tick_us;
    if (ep->keepalive) {
        p.keep_idle_us = (int64_t)ep->keep_idle_ms * 1000;
        p.keep_intvl_us = (int64_t)ep->keep_intvl_ms * 1000;
        p.keep_cnt = (int)ep->keep_cnt;
    }
    *rto_ticks = rto_lwip_rto_ticks(&p);
    rto_timeline_init(&t, ev, MODEL_CAP);
    if (rto_stack_path(&p, model_path(ep->path), &t, NULL) != RTO_OK ||
        t.truncated)
        return 0;
    for (size_t i = 0; i < t.count; i++) {
        const struct rto_event *e = &t.events[i];
        struct lwip_event le = segment(ep->path, write_bytes);

        /* Nothing leaves into a zero window: the write sends nothing, the
         * first event is the first probe. */
        if (ep->path == LWIP_PATH_PERSIST && e->type == RTO_EV_SEND)
            continue;
        if (e->type == RTO_EV_RST || e->type == RTO_EV_GIVE_UP) {
            le.kind = e->type == RTO_EV_RST ? LWIP_EV_RST : LWIP_EV_ABORT;
            le.bytes = 0;
        }
        le.t_us = (int64_t)rp->zero_ms * 1000 + e->at_us;
        if (n < cap)
            out[n] = le;
        n++;
    }
    return n;
}
