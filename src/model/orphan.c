/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Closed sockets whose peer vanished (KERNEL.md section 5): an orphan still
 * retransmitting data or its FIN (FIN_WAIT1, CLOSING, LAST_ACK), and an
 * orphan in FIN_WAIT2 waiting for a FIN that never comes.
 */
#include <errno.h>
#include <limits.h>

#include "rtx.h"

void rtx_plan_orphan(struct rtx_plan *pl, const struct rto_params *p)
{
    rtx_plan_init(pl, p, RTO_PATH_ORPHAN);
    if (p->tlp)
        rtx_plan_tlp(pl, p);
    /*
     * tcp_write_timeout() for a SOCK_DEAD socket: retry_until =
     * tcp_orphan_retries(sk, alive) with alive = icsk_rto < rto_max; a
     * sysctl of 0 means 8 while alive ("8 corresponds to >100 seconds with
     * minimal RTO of 200msec") and 0 once the RTO sits at its cap.  With
     * no ICMP soft error and no memory pressure, tcp_out_of_resources()
     * does not kill it first.  A user timeout still replaces the budget.
     */
    pl->orphan = true;
    pl->orphan_alive = rtx_budget(
        pl, p, (unsigned)(p->orphan_retries ? p->orphan_retries : 8),
        RTO_TCP_RTO_MIN_MS);
    pl->orphan_dead = rtx_budget(pl, p, (unsigned)p->orphan_retries,
                                RTO_TCP_RTO_MIN_MS);
    pl->retries1 = true;
    pl->time_reason = RTO_REASON_ORPHAN_RETRIES;
    /* The application has closed the socket: nobody reads the error. */
    pl->error = 0;
}

int rto_orphan(const struct rto_params *p, struct rto_timeline *t)
{
    struct rtx_plan pl;
    int err = rto_params_validate(p, NULL);

    if (err)
        return err;
    rtx_plan_orphan(&pl, p);
    rtx_simulate(&pl, t);
    return RTO_OK;
}

/* TCP_TIMEWAIT_LEN: 60 s (include/net/tcp.h). */
#define TIMEWAIT_LEN_S 60

int rto_fin_wait2(const struct rto_params *p, struct rto_timeline *t)
{
    struct rto_clock c;
    uint64_t rto, floor, tmo, stage1 = 0, stage2, tw;
    int64_t nominal, latest, typical;
    struct rto_event *e;
    int err = rto_params_validate(p, NULL);

    if (err)
        return err;
    rto_clock_init(&c, p->hz);
    rto_timeline_init(t, t->events, t->cap);
    t->path = RTO_PATH_FIN_WAIT2;
    rto = rto_initial_rto(p);
    /* tcp_fin_time(): max(linger2 or tcp_fin_timeout, 3.5 RTO), the 3.5
     * RTO computed as (rto << 2) - (rto >> 1), in jiffies. */
    floor = (rto << 2) - (rto >> 1);
    tmo = (uint64_t)(p->fin_timeout_us / 1000000) * (uint64_t)p->hz;
    if (tmo < floor)
        tmo = floor;
    tw = (uint64_t)TIMEWAIT_LEN_S * (uint64_t)p->hz;
    /*
     * tcp_rcv_state_process() on the ACK of our FIN: past TCP_TIMEWAIT_LEN
     * the full socket waits tmo - 60 s on the keepalive timer, and
     * tcp_keepalive_timer() then hands it to a FIN_WAIT2 timewait
     * mini-socket for tmo - 60 s more (tcp_time_wait(), at least 3.5 RTO):
     * 2 x (tmo - 60 s) in all, measured on 6.18 (tcp_fin_timeout=65 gone
     * at 10.2 s).  Otherwise the mini-socket lives tmo at once.
     */
    if (tmo > tw) {
        stage1 = tmo - tw;
        stage2 = stage1 < floor ? floor : stage1;
    } else {
        stage2 = tmo;
    }
    nominal = (int64_t)(stage1 + stage2) * c.tpj;
    typical = nominal + rto_late_ticks(&c, stage2, RTO_LATE_TYPICAL)
              + (stage1 ? rto_late_ticks(&c, stage1, RTO_LATE_TYPICAL) : 0);
    latest = nominal + rto_late_ticks(&c, stage2, RTO_LATE_MAX)
             + (stage1 ? rto_late_ticks(&c, stage1, RTO_LATE_MAX) : 0);
    t->initial_rto_us = (int64_t)rto_jiffies_to_us(rto, p->hz);
    t->budget_us = (int64_t)rto_jiffies_to_us(tmo, p->hz);
    t->reason = RTO_REASON_FIN_TIMEOUT;
    t->error = 0;
    t->retransmissions = t->retransmissions_typical = 0;
    t->retransmissions_min = t->retransmissions_max = 0;
    t->give_up_us = rto_ticks_to_us(&c, nominal);
    t->give_up_typical_us = rto_ticks_to_us(&c, typical);
    t->give_up_earliest_us = t->give_up_us;
    t->give_up_latest_us = rto_ticks_to_us(&c, latest);
    if ((e = rto_timeline_push(t, RTO_EV_GIVE_UP, 0, t->give_up_us))) {
        e->timer_us = (int64_t)rto_jiffies_to_us(stage2, p->hz);
        e->typical_us = t->give_up_typical_us;
        e->latest_us = t->give_up_latest_us;
        if (stage1)
            e->next_us = RTO_NONE;
    }
    t->fin_wait2_stage1_us = stage1 ? (int64_t)rto_jiffies_to_us(stage1, p->hz)
                                    : RTO_NONE;
    return RTO_OK;
}
