/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The RTO after the first RTT sample, and the kernel's give-up budget.
 */
#include "internal.h"

uint64_t rto_min_jiffies(const struct rto_params *p)
{
    /* tcp_sk_init()/tcp_init_sock(): icsk_rto_min =
     * usecs_to_jiffies(sysctl_tcp_rto_min_us) (6.11+). */
    uint64_t j = rto_us_to_jiffies(p->rto_min_us, p->hz);
    return j ? j : 1;
}

uint64_t rto_max_jiffies(const struct rto_params *p)
{
    /* icsk_rto_max = msecs_to_jiffies(sysctl_tcp_rto_max_ms) (6.15+). */
    return rto_ms_to_jiffies(p->rto_max_us / 1000, p->hz);
}

uint64_t rto_initial_rto(const struct rto_params *p)
{
    uint64_t rto, max = rto_max_jiffies(p);

    if (p->rto_us > 0) {
        rto = rto_us_to_jiffies(p->rto_us, p->hz);
    } else {
        /*
         * tcp_rtt_estimator(), first sample m: srtt_us = 8m, mdev_us = 2m,
         * rttvar_us = max(mdev_us, tcp_rto_min_us(sk)) where
         * tcp_rto_min_us() is the jiffy value of rto_min back in us.
         * __tcp_set_rto(): usecs_to_jiffies(srtt_us / 8 + rttvar_us).
         */
        uint64_t m = (uint64_t)p->rtt_us;
        uint64_t mdev = m << 1;
        uint64_t floor_us = rto_jiffies_to_us(rto_min_jiffies(p), p->hz);
        uint64_t rttvar = mdev > floor_us ? mdev : floor_us;
        rto = rto_us_to_jiffies((int64_t)(m + rttvar), p->hz);
    }
    /* tcp_bound_rto(): never above rto_max. */
    if (rto > max)
        rto = max;
    return rto ? rto : 1;
}

static unsigned ilog2_u32(uint32_t v)
{
    unsigned r = 0;

    while (v >>= 1)
        r++;
    return r;
}

uint32_t rto_model_timeout_jiffies(const struct rto_params *p,
                                   unsigned boundary, unsigned rto_base_ms)
{
    /*
     * net/ipv4/tcp_timer.c tcp_model_timeout() (and the same arithmetic
     * inside retransmits_timed_out() before 5.1): unsigned int arithmetic
     * on jiffies.  Every step here is on uint32_t on purpose.
     */
    return rto_model_timeout_base(
        (uint32_t)rto_ms_to_jiffies(rto_base_ms, p->hz),
        (uint32_t)rto_max_jiffies(p), boundary);
}

uint32_t rto_model_timeout_base(uint32_t base, uint32_t max,
                                unsigned boundary)
{
    uint32_t thresh;

    if (base == 0)
        base = 1;
    thresh = ilog2_u32(max / base ? max / base : 1);
    if (boundary <= thresh)
        return ((UINT32_C(2) << boundary) - 1u) * base;
    return ((UINT32_C(2) << thresh) - 1u) * base
           + (uint32_t)(boundary - thresh) * max;
}

uint32_t rto_model_timeout_ms(const struct rto_params *p, unsigned boundary,
                              unsigned rto_base_ms)
{
    /* jiffies_to_msecs() returns unsigned int: the result truncates to 32
     * bits (KERNEL.md 8.3: tcp_retries2 = 100000 wraps). */
    uint32_t j = rto_model_timeout_jiffies(p, boundary, rto_base_ms);
    return (uint32_t)rto_jiffies_to_ms(j, p->hz);
}

bool rto_timed_out_ms(uint32_t now_ms, uint32_t stamp_ms, uint32_t timeout_ms)
{
    /* retransmits_timed_out(): (s32)(now - start_ts - timeout) >= 0 since
     * 4.20 ("tcp: address problems caused by EDT misshaps").  The sign bit
     * of the unsigned difference is that comparison. */
    uint32_t d = now_ms - stamp_ms - timeout_ms;
    return (d & UINT32_C(0x80000000)) == 0;
}
