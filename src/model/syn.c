/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening a connection to a peer that never answers: the active side's SYN
 * retransmissions (SYN_SENT, KERNEL.md section 3) and the passive side's
 * SYN-ACK retransmissions (request socket or Fast Open child, section 4).
 */
#include <errno.h>

#include "rtx.h"

int rto_syn(const struct rto_params *p, struct rto_timeline *t)
{
    struct rtx_plan pl;
    int err = rto_params_validate(p, NULL);

    if (err)
        return err;
    rtx_plan_init(&pl, p, RTO_PATH_SYN);
    /* tcp_connect_init(): icsk_rto = tcp_timeout_init() = TCP_TIMEOUT_INIT
     * (3 s before 3.1, 1 s since), never above rto_max.  No RTT yet. */
    pl.r0 = rto_us_to_jiffies(rto_init_rto_us(p->kernel), p->hz);
    if (pl.r0 > pl.rto_max)
        pl.r0 = pl.rto_max;
    pl.backoff = RTX_SYN;
    pl.linear = p->syn_linear_timeouts;
    /* tcp_connect() stamps the first SYN. */
    pl.stamp_at_zero = true;
    /* tcp_write_timeout() in SYN_SENT: expired when icsk_retransmits >=
     * syn_retries + tcp_syn_linear_timeouts, else when
     * retransmits_timed_out(syn_retries) with the 1 s base of
     * tcp_timeout_init() (5.4, "tcp: adjust rto_base in
     * retransmits_timed_out()"), or the user timeout (5.4+). */
    if (rto_kernel_has(p->kernel, RTO_FEAT_SYN_COUNT_OR_TIME)) {
        pl.count_limit = p->syn_retries + p->syn_linear_timeouts;
        pl.count_reason = RTO_REASON_SYN_RETRIES;
    } else if (rto_kernel_has(p->kernel, RTO_FEAT_SYN_COUNT)) {
        /*
         * 4.14 to 5.3: icsk_retransmits >= syn_retries alone.  From 4.19
         * the user-timeout clamp still cuts SYN timers, then fires every
         * jiffy until the count runs out: Cloudflare measured SYNs at
         * 1, 3, 5, 5.00x... and ETIMEDOUT at 5.05 s on 5.2 with a 5 s user
         * timeout (the "silly situation" a41e8a88b06e fixed in 5.4).
         */
        pl.count_limit = p->syn_retries;
        pl.count_reason = RTO_REASON_SYN_RETRIES;
        pl.time_test = false;
    } else {
        /* Before: only the time test, with the user timeout ignored in
         * SYN states (the syn_set flag). */
        pl.ut_ms = pl.ut_lim = 0;
        pl.ut_clamp = false;
    }
    pl.timeout = rtx_budget(
        &pl, p, (unsigned)p->syn_retries,
        (unsigned)(rto_init_rto_us(p->kernel) / 1000));
    pl.time_reason = RTO_REASON_SYN_TIME;
    pl.error = ETIMEDOUT;
    rtx_simulate(&pl, t);
    /* Since 5.4 the count adds tcp_syn_linear_timeouts (zero before 6.5,
     * which lacks the sysctl). */
    t->count_linear = rto_kernel_has(p->kernel, RTO_FEAT_SYN_COUNT_OR_TIME);
    return RTO_OK;
}

int rto_synack(const struct rto_params *p, struct rto_timeline *t)
{
    struct rtx_plan pl;
    int err = rto_params_validate(p, NULL);

    if (err)
        return err;
    rtx_plan_init(&pl, p, RTO_PATH_SYNACK);
    /* req->timeout = tcp_timeout_init() (TCP_TIMEOUT_INIT: 3 s before
     * 3.1); the timer is re-armed for min(timeout << num_timeout,
     * rto_max): doubling. */
    pl.r0 = rto_us_to_jiffies(rto_init_rto_us(p->kernel), p->hz);
    /* reqsk_timer_handler() caps a listener's request at the constant
     * TCP_RTO_MAX (120 s) until 6.19 (1e9d3005e02c), which uses the
     * listener's tcp_rto_max_ms; a Fast Open child runs its own
     * retransmit timer, capped at its rto_max since 6.15 (KERNEL.md
     * 4.1, 4.2; the kernel's tcp_rto_synack_rto_max.pkt). */
    if (!p->fastopen && !rto_kernel_has(p->kernel, RTO_FEAT_SYNACK_RTO_MAX))
        pl.rto_max = rto_ms_to_jiffies(120000, p->hz);
    if (pl.r0 > pl.rto_max)
        pl.r0 = pl.rto_max;
    pl.stamp_at_zero = true;
    /* Count only: reqsk_timer_handler() drops the request once
     * num_timeout >= tcp_synack_retries (syn_ack_recalc()); a Fast Open
     * child (tcp_fastopen_synack_timer()) gets one retry more and aborts
     * with tcp_write_err().  TCP_USER_TIMEOUT plays no part. */
    pl.count_limit = p->synack_retries + (p->fastopen ? 1 : 0);
    /* req->num_timeout is a 7-bit field (include/net/request_sock.h): it
     * wraps after 127, so a limit above 127 is never reached and the
     * request (or Fast Open child) never expires.  Show its first
     * firings only. */
    if (pl.count_limit > 127) {
        pl.count_limit = -1;
        pl.max_firings = 130;
    }
    pl.count_reason = RTO_REASON_SYNACK_RETRIES;
    pl.time_test = false;
    pl.ut_ms = pl.ut_lim = 0;
    pl.ut_clamp = false;
    /* A request socket vanishes silently; only a Fast Open child, already
     * handed to accept(), has an error for its owner. */
    pl.error = p->fastopen ? ETIMEDOUT : 0;
    rtx_simulate(&pl, t);
    /* The limit asked for, also where the 7-bit counter never reaches
     * it. */
    t->count_limit = p->synack_retries + (p->fastopen ? 1 : 0);
    return RTO_OK;
}
