/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Zero-window probing with a dead peer (the persist timer,
 * ICSK_TIME_PROBE0; KERNEL.md section 7).  Time zero is the arming of the
 * probe timer: nothing in flight, data queued, the peer's window 0.
 * tcp_probe_timer() stops as soon as anything is in flight, and each
 * probe is one segment (tcp_write_wakeup()) however much is queued, so
 * the segments in flight (--in-flight) change nothing on this path.
 */
#include <errno.h>
#include <limits.h>

#include "internal.h"

#define MAX_FIRINGS (1 << 22)
/* TCP_TIMEOUT_MIN: 2 jiffies (include/net/tcp.h). */
#define TIMEOUT_MIN 2
/* ilog2(TCP_RTO_MAX / TCP_RTO_MIN) + 1 = 10: the cap on the backoff shift
 * in tcp_probe0_when(). */
#define MAX_SHIFT 10

/* How tcp_probe_timer() tests TCP_USER_TIMEOUT, by kernel (KERNEL.md 7.3
 * and the released sources of each range). */
enum ut_rule {
    UT_NONE,    /* before 3.18: the user timeout plays no part */
    UT_HEAD,    /* 3.18 to 5.0 (b248230c3497): real time since the first
                 * firing, strictly more than U; no clamp */
    UT_MODEL,   /* 5.1 to 5.10 (9721e709fa68): tcp_model_timeout() of the
                 * probes sent, >= U; no clamp */
    UT_STAMP,   /* 5.11 on (9d9b1ee0b2d1): time since the first firing,
                 * >= U, each timer clamped to what is left */
};

struct pplan {
    struct rto_clock clk;
    enum ut_rule rule;
    uint64_t base;      /* tcp_probe0_base(): max(icsk_rto, TCP_RTO_MIN) */
    uint64_t rto_max;
    int retries2;       /* max_probes */
    int max_firings;    /* where probing that never aborts is cut */
    uint64_t ut;        /* msecs_to_jiffies(TCP_USER_TIMEOUT), 0 = off or
                         * not tested (UT_NONE) */
    int64_t ut_us;      /* TCP_USER_TIMEOUT */
    struct rto_resume rs; /* a live socket's state to start from */
};

/* UT_MODEL: tcp_model_timeout(sk, probes, tcp_probe0_base(sk)) in ms, as
 * 5.1 to 5.10 compute it: the nominal time from the arming to the
 * (probes + 1)-th firing, each term capped at rto_max (TCP_RTO_MAX on
 * those kernels). */
static uint64_t model_ms(const struct pplan *pp, int probes)
{
    return rto_jiffies_to_ms(rto_model_timeout_base((uint32_t)pp->base,
                                                    (uint32_t)pp->rto_max,
                                                    (unsigned)probes),
                             pp->clk.hz);
}

/* Whether the user timeout ends it at a firing with `probes` sent and
 * `elapsed` ticks since the first firing (the first firing itself has
 * elapsed < 0: the stamp is being taken). */
static bool ut_ends(const struct pplan *pp, int probes, int64_t elapsed)
{
    const struct rto_clock *c = &pp->clk;

    switch (pp->rule) {
    case UT_NONE: return false;
    case UT_MODEL: return model_ms(pp, probes) * 1000 >= (uint64_t)pp->ut_us;
    case UT_HEAD:
        return elapsed >= 0 && rto_ticks_to_us(c, elapsed) > pp->ut_us;
    case UT_STAMP:
        return elapsed >= 0 && (uint64_t)(elapsed / c->tpj) >= pp->ut;
    }
    return false;
}

struct prun {
    int64_t death;
    int probes;
    enum rto_reason reason;
};

enum prec { P_CREATE, P_TYPICAL, P_LATEST };

static void pplan_init(struct pplan *pp, const struct rto_params *p)
{
    uint64_t rto_min = RTO_TCP_RTO_MIN_JIFFIES(p->hz);

    rto_clock_init(&pp->clk, p->hz);
    pp->base = rto_initial_rto(p);
    if (pp->base < rto_min)
        pp->base = rto_min;
    pp->rto_max = rto_max_jiffies(p);
    pp->retries2 = p->retries2;
    pp->ut = rto_ms_to_jiffies(p->user_timeout_us / 1000, p->hz);
    pp->ut_us = p->user_timeout_us;
    pp->rule = !p->user_timeout_us ? UT_NONE
               : rto_kernel_has(p->kernel, RTO_FEAT_PROBE0_UT) ? UT_STAMP
               : rto_kernel_has(p->kernel, RTO_FEAT_PROBE0_UT_MODEL) ? UT_MODEL
               : rto_kernel_has(p->kernel, RTO_FEAT_PROBE0_UT_HEAD) ? UT_HEAD
                                                                   : UT_NONE;
    if (pp->rule == UT_NONE)
        pp->ut = 0;
    /* icsk_probes_out is a u8: before 5.13 a tcp_retries2 above 255 was
     * never reached and probing never aborted (KERNEL.md 7.3). */
    pp->max_firings = (pp->retries2 > 255 && !pp->ut) ? 300 : MAX_FIRINGS;
    pp->rs = (struct rto_resume){ .on = false };
}

/* tcp_send_probe0(): the next timer after a probe that raised the backoff
 * to `backoff`, clamped to the user timeout left (at least
 * TCP_TIMEOUT_MIN) once the episode has started. */
static uint64_t clamped_timer(const struct pplan *pp, int backoff,
                              uint64_t elapsed_j, bool *clamped)
{
    int shift = backoff < MAX_SHIFT ? backoff : MAX_SHIFT;
    uint64_t when = pp->base << shift;

    *clamped = false;
    if (when > pp->rto_max)
        when = pp->rto_max;
    if (pp->rule == UT_STAMP) {
        uint64_t remaining = pp->ut > elapsed_j ? pp->ut - elapsed_j : 0;
        if (remaining < TIMEOUT_MIN)
            remaining = TIMEOUT_MIN;
        if (remaining < when) {
            when = remaining;
            *clamped = true;
        }
    }
    return when;
}

static uint64_t next_timer(const struct pplan *pp, int backoff,
                           uint64_t elapsed_j)
{
    bool clamped;

    return clamped_timer(pp, backoff, elapsed_j, &clamped);
}

static int64_t ptimer(const struct pplan *pp, uint64_t j, enum rto_lateness l)
{
    return (int64_t)j * pp->clk.tpj + rto_late_ticks(&pp->clk, j, l);
}

static void prun(const struct pplan *pp, enum rto_lateness late, bool die,
                 int max_probes, struct rto_timeline *t, enum prec rec,
                 struct prun *out)
{
    const struct rto_clock *c = &pp->clk;
    bool on = pp->rs.on;
    uint64_t timer = on ? pp->rs.timer : pp->base;
    int64_t now = on ? rto_resume_pending(&pp->rs, c, late)
                     : ptimer(pp, timer, late);
    int64_t stamp = on && pp->rs.stamped ? pp->rs.stamp_point : 0;
    bool stamped = on && pp->rs.stamped;
    /* icsk_probes_out is a u8 */
    uint8_t probes_out = on ? (uint8_t)pp->rs.count : 0;
    int backoff = on ? pp->rs.backoff : 0, n = on ? pp->rs.count : 0;
    size_t idx = 0;
    struct rto_event *e;

    out->death = -1;
    out->reason = RTO_REASON_NONE;
    for (int firing = 0; firing < pp->max_firings; firing++) {
        /* tcp_probe_timer(): the episode starts at the first firing; the
         * user timeout is checked from the second on, then the count. */
        bool dead = false;
        uint64_t elapsed_j = 0;
        int64_t elapsed = -1;

        if (!stamped) {
            stamped = true;
            stamp = now;
        } else {
            elapsed = now - stamp;
            elapsed_j = (uint64_t)(elapsed / c->tpj);
        }
        if (ut_ends(pp, probes_out, elapsed)) {
            dead = true;
            out->reason = RTO_REASON_USER_TIMEOUT;
        }
        if (!dead && (int)probes_out >= pp->retries2) {
            dead = true;
            out->reason = RTO_REASON_PROBES;
        }
        if (die && dead) {
            out->death = now;
            if (rec == P_CREATE
                && (e = rto_timeline_push(t, RTO_EV_GIVE_UP, n,
                                          rto_ticks_to_us(c, now)))) {
                e->timer_us = (int64_t)rto_jiffies_to_us(timer, c->hz);
                e->since_stamp_us = rto_ticks_to_us(c, now - stamp);
            }
            break;
        }
        if (!die && n >= max_probes)
            break;
        probes_out++;
        n++;
        /* icsk_backoff grows while below tcp_retries2. */
        if (backoff < pp->retries2)
            backoff++;
        {
            uint64_t prev = timer;
            bool clamped;

            timer = clamped_timer(pp, backoff, elapsed_j, &clamped);
            if (rec == P_CREATE
                && (e = rto_timeline_push(t, RTO_EV_PROBE, n,
                                          rto_ticks_to_us(c, now)))) {
                e->timer_us = (int64_t)rto_jiffies_to_us(prev, c->hz);
                e->since_stamp_us = rto_ticks_to_us(c, now - stamp);
                e->next_us = (int64_t)rto_jiffies_to_us(timer, c->hz);
                if (timer == pp->rto_max)
                    e->marks |= RTO_MARK_CAPPED;
                if (clamped)
                    e->marks |= RTO_MARK_CLAMPED;
                if (n == 1)
                    e->marks |= RTO_MARK_STAMP;
            } else if (rec == P_TYPICAL && idx < t->count) {
                t->events[idx].typical_us = rto_ticks_to_us(c, now);
            } else if (rec == P_LATEST && idx < t->count) {
                t->events[idx].latest_us = rto_ticks_to_us(c, now);
            }
        }
        idx++;
        now = rto_resume_next(&pp->rs, c, now, timer, late);
    }
    out->probes = n;
}

/* Elapsed time since the episode stamp after the timer armed at elapsed
 * E: E + min(when, max(U - E, TCP_TIMEOUT_MIN)), non-decreasing in E. */
static int64_t advance(const struct pplan *pp, int backoff, int64_t e)
{
    const struct rto_clock *c = &pp->clk;

    return e + (int64_t)next_timer(pp, backoff, (uint64_t)(e / c->tpj))
                   * c->tpj;
}

/* The next firing's elapsed times with the jiffies count known: the timer
 * at each end is cut to the user timeout left there, so the delays of the
 * runs between lie from the one at b (the shortest) to the one at a. */
static void exact_step(const struct pplan *pp, int backoff, int64_t f_lo,
                       int64_t f_hi, int64_t *a, int64_t *b)
{
    const struct rto_clock *c = &pp->clk;
    uint64_t da = next_timer(pp, backoff, (uint64_t)(*a / c->tpj));
    uint64_t db = next_timer(pp, backoff, (uint64_t)(*b / c->tpj));
    int64_t lo = f_lo + *a, hi = f_hi + *b;

    rto_resume_step(&pp->rs, c, da, db, db, da, &lo, &hi);
    *a = lo - f_lo;
    *b = hi - f_hi;
}

/* The probes after which the count ends it: tcp_retries2, or fewer where
 * 5.1 to 5.10's modelled time reaches the user timeout first. */
static int count_stop(const struct pplan *pp)
{
    if (pp->rule == UT_MODEL)
        for (int k = 0; k < pp->retries2; k++)
            if (ut_ends(pp, k, -1))
                return k;
    return pp->retries2;
}

/* The give-up window: the count ends it at a fixed firing unless the user
 * timeout, measured from the first firing, ends it sooner.  limit is the
 * least elapsed time (ticks since the first firing) that ends it. */
static void pwindow(const struct pplan *pp, struct rto_timeline *t)
{
    const struct rto_clock *c = &pp->clk;
    int64_t f_lo = ptimer(pp, pp->base, RTO_LATE_NONE);
    int64_t f_hi = ptimer(pp, pp->base, RTO_LATE_MAX);
    bool timed = pp->rule == UT_STAMP || pp->rule == UT_HEAD;
    int64_t a = 0, b = 0, limit = 0;
    int stop = count_stop(pp);
    struct rto_window w;
    int backoff = 0, n0 = 0;
    int64_t width = 0; /* the stamp's uncertainty, as in rtx.c */

    if (pp->rs.on) {
        /* A live socket: from its pending firing (rto_resume_start()). */
        struct rto_resume_start st;

        rto_resume_start(&pp->rs, c, &st);
        f_lo = st.f_lo;
        f_hi = st.f_hi;
        width = st.width;
        a = st.a;
        b = st.b;
        n0 = pp->rs.count;
        backoff = pp->rs.backoff;
    }
    if (pp->rule == UT_STAMP)
        limit = (int64_t)pp->ut * c->tpj;
    else if (pp->rule == UT_HEAD)
        limit = rto_us_to_ticks(c, pp->ut_us + 1);
    rto_window_init(&w);
    for (int n = n0; n < pp->max_firings; n++) {
        bool by_count = n >= stop;
        bool ut_may = timed && n > 0 && b >= limit;
        bool ut_must = timed && n > 0 && a >= limit;

        if (by_count || ut_may) {
            int64_t first = f_lo + a;

            if (!by_count && a < limit && first < f_lo - width + limit)
                first = f_lo - width + limit;
            rto_window_add(&w, first, f_hi + b, n);
        }
        if (by_count || ut_must)
            break;
        if (ut_may && limit - (pp->rule == UT_STAMP ? c->tpj : 1) + width < b)
            b = limit - (pp->rule == UT_STAMP ? c->tpj : 1) + width;
        if (backoff < pp->retries2)
            backoff++;
        if (pp->rs.on && pp->rs.exact) {
            exact_step(pp, backoff, f_lo, f_hi, &a, &b);
            continue;
        }
        a = advance(pp, backoff, a);
        b = advance(pp, backoff, b)
            + rto_late_ticks(c, next_timer(pp, backoff, 0), RTO_LATE_MAX)
            + pp->rs.slip;
    }
    rto_window_store(&w, c, t);
}

int rto_probe0_resume(const struct rto_params *p, const struct rto_resume *rs,
                      struct rto_timeline *t)
{
    struct pplan pp;
    struct prun nom, typ, fill;
    int err = rto_params_validate(p, NULL);

    if (err)
        return err;
    rto_timeline_init(t, t->events, t->cap);
    t->path = RTO_PATH_PROBE0;
    pplan_init(&pp, p);
    if (rs) {
        pp.rs = *rs;
        /* tcp_probe0_base(): max(icsk_rto, TCP_RTO_MIN). */
        pp.base = rs->rto > RTO_TCP_RTO_MIN_JIFFIES(p->hz)
                      ? rs->rto : RTO_TCP_RTO_MIN_JIFFIES(p->hz);
    }
    t->initial_rto_us = (int64_t)rto_jiffies_to_us(pp.base, p->hz);
    t->budget_us = pp.rule != UT_NONE ? p->user_timeout_us : RTO_NONE;
    t->error = ETIMEDOUT;
    /* tcp_probe_timer(): tcp_retries2 unanswered probes, or the user
     * timeout by this kernel's rule. */
    t->count_limit = p->retries2;
    t->user_timeout_us = t->budget_us;
    switch (pp.rule) {
    case UT_NONE:
        if (p->user_timeout_us)
            t->user_timeout_rule = "TCP_USER_TIMEOUT plays no part in "
                                   "zero-window probing before Linux 3.18";
        break;
    case UT_HEAD:
        t->user_timeout_rule = "once more than it has passed since the "
                               "first probe; timers are not cut to it (3.18 "
                               "to 5.0)";
        break;
    case UT_MODEL:
        t->user_timeout_rule = "once tcp_model_timeout() of the probes sent "
                               "reaches it, whatever the real time (5.1 to "
                               "5.3, and 5.4.y before 5.4.93)";
        break;
    case UT_STAMP:
        break;
    }

    prun(&pp, RTO_LATE_NONE, true, 0, t, P_CREATE, &nom);
    prun(&pp, RTO_LATE_TYPICAL, true, 0, t, P_TYPICAL, &typ);
    prun(&pp, RTO_LATE_MAX, false, nom.probes, t, P_LATEST, &fill);
    pwindow(&pp, t);

    if (nom.death < 0) {
        /* Nothing ends it: the first probes only. */
        t->reason = RTO_REASON_NONE;
        t->error = 0;
        t->retransmissions = t->retransmissions_typical = nom.probes;
        t->retransmissions_min = t->retransmissions_max = nom.probes;
        t->give_up_us = t->give_up_typical_us = RTO_NONE;
        t->give_up_earliest_us = t->give_up_latest_us = RTO_NONE;
        t->stamp_us = (int64_t)rto_jiffies_to_us(pp.base, p->hz);
        return RTO_OK;
    }
    t->reason = nom.reason;
    t->retransmissions = nom.probes;
    t->retransmissions_typical = typ.probes;
    t->give_up_us = rto_ticks_to_us(&pp.clk, nom.death);
    t->give_up_typical_us = rto_ticks_to_us(&pp.clk, typ.death);
    /* With the jiffies count known the nominal run (no wheel) is not one
     * the kernel makes. */
    if (pp.rs.exact && t->give_up_typical_us < t->give_up_earliest_us)
        t->give_up_earliest_us = t->give_up_typical_us;
    if (!pp.rs.exact && t->give_up_us < t->give_up_earliest_us)
        t->give_up_earliest_us = t->give_up_us;
    if (t->give_up_typical_us > t->give_up_latest_us)
        t->give_up_latest_us = t->give_up_typical_us;
    if (typ.probes < t->retransmissions_min)
        t->retransmissions_min = typ.probes;
    if (typ.probes > t->retransmissions_max)
        t->retransmissions_max = typ.probes;
    if (t->count && t->events[t->count - 1].type == RTO_EV_GIVE_UP) {
        t->events[t->count - 1].typical_us = t->give_up_typical_us;
        t->events[t->count - 1].latest_us = t->give_up_latest_us;
    }
    t->stamp_us = (int64_t)rto_jiffies_to_us(pp.base, p->hz);
    return RTO_OK;
}

int rto_probe0(const struct rto_params *p, struct rto_timeline *t)
{
    return rto_probe0_resume(p, NULL, t);
}
