/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The established connection whose peer vanished with data outstanding:
 * tail loss probe, RTO retransmissions, give-up by tcp_retries2 or
 * TCP_USER_TIMEOUT (KERNEL.md sections 1, 2 and 9.1).
 */
#include <errno.h>

#include "rtx.h"

/* tcp_schedule_loss_probe() with one segment in flight: PTO =
 * usecs_to_jiffies(2 * SRTT + tcp_rto_min_us()), never after the RTO it
 * replaces (min with the RTO delta).  Used by every data path. */
uint64_t rtx_tlp_timeout(const struct rto_params *p, uint64_t r0)
{
    uint64_t floor_us = rto_jiffies_to_us(rto_min_jiffies(p), p->hz);
    uint64_t pto = rto_us_to_jiffies(
        (int64_t)(2 * (uint64_t)p->rtt_us + floor_us), p->hz);

    return pto < r0 ? pto : r0;
}

int rto_retrans(const struct rto_params *p, struct rto_timeline *t)
{
    struct rtx_plan pl;
    int err = rto_params_validate(p, NULL);

    if (err)
        return err;
    rtx_plan_init(&pl, p, RTO_PATH_RETRANS);
    /* The tail loss probe from 3.10 (validation refuses it before). */
    if (p->tlp)
        pl.pto = rtx_tlp_timeout(p, pl.r0);
    /*
     * Thin-stream linear timeouts (tcp_retransmit_timer()): only when the
     * stream is thin and out of initial slow start.  BBR keeps
     * snd_ssthresh "infinite", so the condition never holds under it
     * (measured on 6.18).  The linear RTO is clamp(__tcp_set_rto(),
     * rto_min, rto_max) (clamped below since 6.6): the first RTO.
     */
    pl.thin = p->thin && p->cc != RTO_CC_BBR;
    {
        uint64_t lo = rto_min_jiffies(p);
        pl.lin = pl.r0 < lo ? lo : pl.r0;
        if (pl.lin > pl.rto_max)
            pl.lin = pl.rto_max;
    }
    /* retransmits_timed_out(): the model always starts from the constant
     * TCP_RTO_MIN (200 ms), whatever the socket's rto_min. */
    pl.timeout = rtx_budget(&pl, p, (unsigned)p->retries2,
                            RTO_TCP_RTO_MIN_MS);
    pl.retries1 = true;
    pl.time_reason = RTO_REASON_RETRIES2;
    pl.error = ETIMEDOUT;
    rtx_simulate(&pl, t);
    return RTO_OK;
}
