/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The established connection whose peer vanished with data outstanding:
 * tail loss probe, RTO retransmissions, give-up by tcp_retries2 or
 * TCP_USER_TIMEOUT (KERNEL.md sections 1, 2 and 9.1).
 */
#include <errno.h>

#include "rtx.h"

int rto_in_flight(const struct rto_params *p, enum rto_path path)
{
    if (p->in_flight > 0)
        return p->in_flight;
    return path == RTO_PATH_ORPHAN ? 2 : 1;
}

/*
 * tcp_schedule_loss_probe() (KERNEL.md 9.1): PTO = 2 x SRTT plus rto_min
 * when exactly one packet is in flight (the peer may be holding a delayed
 * ACK for it), plus TCP_TIMEOUT_MIN_US (2 ms) when more are, rounded up to
 * jiffies; never after the RTO it replaces (min with the RTO delta, which
 * is the whole first RTO right after the send).  Used by every data path.
 */
uint64_t rtx_tlp_timeout(const struct rto_params *p, uint64_t r0,
                         int in_flight)
{
    uint64_t add_us = in_flight > 1
                          ? 2000
                          : rto_jiffies_to_us(rto_min_jiffies(p), p->hz);
    uint64_t pto = rto_us_to_jiffies(
        (int64_t)(2 * (uint64_t)p->rtt_us + add_us), p->hz);

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
        pl.pto = rtx_tlp_timeout(p, pl.r0, pl.in_flight);
    /*
     * Thin-stream linear timeouts (tcp_retransmit_timer()): only when the
     * stream is thin (tcp_stream_is_thin(): packets_out < 4) and out of
     * initial slow start.  BBR keeps
     * snd_ssthresh "infinite", so the condition never holds under it
     * (measured on 6.18).  The linear RTO is clamp(__tcp_set_rto(),
     * rto_min, rto_max) (clamped below since 6.6): the first RTO.
     */
    pl.thin = p->thin && p->cc != RTO_CC_BBR && pl.in_flight < 4;
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
