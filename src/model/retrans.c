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

/* TCP_TIMEOUT_MIN (2 jiffies) and TCP_TIMEOUT_MIN_US (2 ms),
 * include/net/tcp.h. */
#define TIMEOUT_MIN_J 2
#define TIMEOUT_MIN_US 2000

/*
 * tcp_schedule_loss_probe() (KERNEL.md 9.1), read in the released sources
 * of 3.10 to 6.19, with SRTT = the RTT of the one sample the model assumes:
 * - 6.6 on (1c2709cfff1d): usecs_to_jiffies(2 SRTT + tcp_rto_min_us())
 *   with one packet out, usecs_to_jiffies(2 SRTT + 2 ms) with more;
 * - 4.14 to 6.5 (bb4d991a28cc): usecs_to_jiffies(2 SRTT) + TCP_RTO_MIN
 *   (the constant 200 ms, whatever the socket's rto_min) with one, + 2
 *   jiffies (TCP_TIMEOUT_MIN) with more;
 * - 3.10 to 4.13: RTT = SRTT in jiffies (rounded up from 3.15; 3.10 to
 *   3.14 sampled it in whole jiffies, at least one), timeout = max(2 RTT,
 *   10 ms), and with one packet out at least 1.5 RTT + TCP_DELACK_MAX
 *   (200 ms).
 * Every version then keeps the probe from firing after the RTO it
 * precedes: right after the send that is the whole first RTO.
 */
void rtx_plan_tlp(struct rtx_plan *pl, const struct rto_params *p)
{
    uint64_t pto, hz5 = RTO_TCP_RTO_MIN_JIFFIES(p->hz);
    uint64_t two_srtt_us = 2 * (uint64_t)p->rtt_us;
    bool one = pl->in_flight <= 1;
    enum rto_pto_rule *rule = &pl->pto_rule;

    if (rto_kernel_has(p->kernel, RTO_FEAT_PTO_US)) {
        uint64_t add_us = one ? rto_jiffies_to_us(rto_min_jiffies(p), p->hz)
                              : TIMEOUT_MIN_US;
        pto = rto_us_to_jiffies((int64_t)(two_srtt_us + add_us), p->hz);
        *rule = one ? RTO_PTO_RTO_MIN : RTO_PTO_2MS;
    } else if (rto_kernel_has(p->kernel, RTO_FEAT_PTO_SRTT)) {
        pto = rto_us_to_jiffies((int64_t)two_srtt_us, p->hz)
              + (one ? hz5 : TIMEOUT_MIN_J);
        *rule = one ? RTO_PTO_RTO_MIN_CONST : RTO_PTO_2_JIFFIES;
    } else {
        uint64_t rtt = rto_us_to_jiffies(p->rtt_us, p->hz);
        uint64_t floor = rto_ms_to_jiffies(10, p->hz);

        if (rtt < 1)
            rtt = 1;
        pto = rtt << 1;
        if (one && pto < rtt + (rtt >> 1) + hz5)
            pto = rtt + (rtt >> 1) + hz5;
        if (pto < floor)
            pto = floor;
        *rule = one ? RTO_PTO_DELACK : RTO_PTO_10MS;
    }
    pl->pto_capped = pto >= pl->r0;
    pl->pto = pto < pl->r0 ? pto : pl->r0;
}

const char *rto_pto_rule_text(enum rto_pto_rule r)
{
    switch (r) {
    case RTO_PTO_NONE: return "no tail loss probe";
    case RTO_PTO_DELACK: return "max(2 x RTT, 1.5 x RTT + 200 ms, 10 ms)";
    case RTO_PTO_10MS: return "max(2 x RTT, 10 ms)";
    case RTO_PTO_RTO_MIN_CONST: return "2 x SRTT + TCP_RTO_MIN 200 ms";
    case RTO_PTO_2_JIFFIES: return "2 x SRTT + 2 jiffies";
    case RTO_PTO_RTO_MIN: return "2 x SRTT + rto_min";
    case RTO_PTO_2MS: return "2 x SRTT + 2 ms";
    }
    return "";
}

void rtx_plan_retrans(struct rtx_plan *pl, const struct rto_params *p)
{
    rtx_plan_init(pl, p, RTO_PATH_RETRANS);
    /* The tail loss probe from 3.10 (validation refuses it before). */
    if (p->tlp)
        rtx_plan_tlp(pl, p);
    /*
     * Thin-stream linear timeouts (tcp_retransmit_timer()): only when the
     * stream is thin (tcp_stream_is_thin(): packets_out < 4) and out of
     * initial slow start.  BBR keeps
     * snd_ssthresh "infinite", so the condition never holds under it
     * (measured on 6.18).  The linear RTO is clamp(__tcp_set_rto(),
     * rto_min, rto_max) (clamped below since 6.6): the first RTO.
     */
    pl->thin = p->thin && p->cc != RTO_CC_BBR && pl->in_flight < 4;
    {
        uint64_t lo = rto_min_jiffies(p);
        pl->lin = pl->r0 < lo ? lo : pl->r0;
        if (pl->lin > pl->rto_max)
            pl->lin = pl->rto_max;
    }
    /* retransmits_timed_out(): the model always starts from the constant
     * TCP_RTO_MIN (200 ms), whatever the socket's rto_min. */
    pl->timeout = rtx_budget(pl, p, (unsigned)p->retries2,
                            RTO_TCP_RTO_MIN_MS);
    pl->retries1 = true;
    pl->time_reason = RTO_REASON_RETRIES2;
    pl->error = ETIMEDOUT;
}

int rto_retrans(const struct rto_params *p, struct rto_timeline *t)
{
    struct rtx_plan pl;
    int err = rto_params_validate(p, NULL);

    if (err)
        return err;
    rtx_plan_retrans(&pl, p);
    rtx_simulate(&pl, t);
    return RTO_OK;
}
