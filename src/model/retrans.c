/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The established connection whose peer vanished with data outstanding:
 * tail loss probe, RTO retransmissions, give-up (KERNEL.md sections 1, 2
 * and 9.1).
 *
 * One simulation function walks the retransmit timer firing by firing, as
 * tcp_retransmit_timer() does, under a chosen timer lateness.  It is run
 * for nominal times (timers on time), typical times (half the wheel
 * granularity late) and latest times; an interval walk over every lateness
 * the wheel allows then bounds the give-up time and the retransmission
 * count.
 */
#include <errno.h>
#include <limits.h>

#include "internal.h"

/* TCP_THIN_LINEAR_RETRIES (include/net/tcp.h). */
#define THIN_LINEAR_RETRIES 6
/* A safety bound on firings; the kernel's own budgets end far sooner. */
#define MAX_FIRINGS (1 << 22)

/* Everything about one connection that does not change while it dies. */
struct plan {
    struct rto_clock clk;
    uint64_t r0;          /* first RTO, jiffies */
    uint64_t pto;         /* TLP timeout, jiffies; 0 = no TLP */
    uint64_t rto_max;     /* jiffies */
    uint64_t lin;         /* thin-stream linear RTO, jiffies */
    bool thin;            /* thin-stream linear timeouts engage */
    uint32_t timeout_ms;  /* give-up budget T */
    uint32_t ut_ms;       /* TCP_USER_TIMEOUT, 0 = off */
    uint32_t retries1_ms; /* model(tcp_retries1) */
};

/* What one run found. */
struct run {
    int64_t death;        /* ticks, or -1 if the run stopped alive */
    int retx;             /* RTO retransmissions made */
    int64_t stamp;        /* retrans_stamp in ticks, or -1 */
};

/* How a run records its times in the timeline. */
enum record {
    REC_NONE,     /* record nothing */
    REC_CREATE,   /* append events with nominal times */
    REC_TYPICAL,  /* fill typical_us of existing events */
    REC_LATEST,   /* fill latest_us of existing events */
};

static void plan_init(struct plan *pl, const struct rto_params *p)
{
    rto_clock_init(&pl->clk, p->hz);
    pl->r0 = rto_initial_rto(p);
    pl->rto_max = rto_max_jiffies(p);
    pl->pto = 0;
    if (p->tlp) {
        /*
         * tcp_schedule_loss_probe() with one segment in flight: PTO =
         * usecs_to_jiffies(2 * SRTT + tcp_rto_min_us()), but never after
         * the RTO it replaces (min with the RTO delta), armed with
         * TCP_RTO_MAX as the cap.
         */
        uint64_t floor_us = rto_jiffies_to_us(rto_min_jiffies(p), p->hz);
        uint64_t pto = rto_us_to_jiffies(
            (int64_t)(2 * (uint64_t)p->rtt_us + floor_us), p->hz);
        pl->pto = pto < pl->r0 ? pto : pl->r0;
    }
    /*
     * Thin-stream linear timeouts (tcp_retransmit_timer(), 1.1 step 11):
     * only when the stream is thin and out of initial slow start.  BBR
     * keeps snd_ssthresh "infinite", so the condition never holds under
     * it (measured on 6.18).  The linear RTO is clamp(__tcp_set_rto(),
     * rto_min, rto_max) (clamp below since 6.6), i.e. the first RTO.
     */
    pl->thin = p->thin && p->cc != RTO_CC_BBR;
    pl->lin = pl->r0;
    {
        uint64_t lo = rto_min_jiffies(p);
        if (pl->lin < lo)
            pl->lin = lo;
        if (pl->lin > pl->rto_max)
            pl->lin = pl->rto_max;
    }
    pl->ut_ms = (uint32_t)(p->user_timeout_us / 1000);
    /* retransmits_timed_out(): the model always starts from the constant
     * TCP_RTO_MIN (200 ms), whatever the socket's rto_min. */
    pl->timeout_ms = pl->ut_ms ? pl->ut_ms
                               : rto_model_timeout_ms(p, (unsigned)p->retries2,
                                                      200);
    pl->retries1_ms = rto_model_timeout_ms(p, (unsigned)p->retries1, 200);
}

/* The RTO after the retransmission that made the counter `retransmits`. */
static uint64_t backoff(const struct plan *pl, uint64_t rto,
                        uint8_t retransmits, bool *linear)
{
    *linear = pl->thin && retransmits <= THIN_LINEAR_RETRIES;
    if (*linear)
        return pl->lin;
    rto *= 2;
    return rto < pl->rto_max ? rto : pl->rto_max;
}

/* tcp_clamp_rto_to_user_timeout() and the rto_max cap of the arming
 * helper: the next timer after a retransmission at now_ms. */
static uint64_t next_timer(const struct plan *pl, uint64_t rto,
                           uint32_t now_ms, uint32_t stamp_ms, bool *clamped)
{
    uint64_t next = rto;

    *clamped = false;
    if (pl->ut_ms) {
        uint32_t elapsed = now_ms - stamp_ms;
        int64_t remaining = (int64_t)pl->ut_ms - (int64_t)elapsed;
        uint64_t rem_j = remaining <= 0 ? 1
                         : rto_ms_to_jiffies(remaining, pl->clk.hz);
        if (rem_j < next) {
            next = rem_j;
            *clamped = true;
        }
    }
    return next < pl->rto_max ? next : pl->rto_max;
}

static int64_t timer_ticks(const struct plan *pl, uint64_t j,
                           enum rto_lateness late)
{
    return (int64_t)j * pl->clk.tpj + rto_late_ticks(&pl->clk, j, late);
}

static void put_time(struct rto_timeline *t, enum record rec, size_t idx,
                     int64_t us)
{
    if (idx >= t->count)
        return;
    if (rec == REC_TYPICAL)
        t->events[idx].typical_us = us;
    else if (rec == REC_LATEST)
        t->events[idx].latest_us = us;
}

static void run(const struct plan *pl, enum rto_lateness late, bool die,
                int max_retx, struct rto_timeline *t, enum record rec,
                struct run *out)
{
    const struct rto_clock *c = &pl->clk;
    int64_t now = 0, stamp = -1;
    uint64_t rto = pl->r0, timer;
    uint8_t retransmits = 0; /* icsk_retransmits is a u8 */
    bool r1_seen = false;
    size_t idx = 0;
    int n = 0;
    struct rto_event *e;

    out->death = -1;
    if (rec == REC_CREATE && (e = rto_timeline_push(t, RTO_EV_SEND, 0, 0))) {
        e->typical_us = 0;
        e->latest_us = 0;
        e->next_us = (int64_t)rto_jiffies_to_us(pl->pto ? pl->pto : pl->r0,
                                                c->hz);
    }
    idx++;
    if (pl->pto) {
        now += timer_ticks(pl, pl->pto, late);
        if (rec == REC_CREATE && (e = rto_timeline_push(
                                      t, RTO_EV_TLP, 0,
                                      rto_ticks_to_us(c, now)))) {
            e->timer_us = (int64_t)rto_jiffies_to_us(pl->pto, c->hz);
            e->next_us = (int64_t)rto_jiffies_to_us(pl->r0, c->hz);
        }
        put_time(t, rec, idx++, rto_ticks_to_us(c, now));
    }
    /* tcp_rearm_rto() after the probe: a full RTO from the probe, whose
     * retransmission refreshed the head segment's timestamp. */
    timer = pl->r0;
    now += timer_ticks(pl, timer, late);

    for (int firing = 0; firing < MAX_FIRINGS; firing++) {
        uint32_t now_ms = (uint32_t)rto_ticks_to_ms(c, now);
        uint32_t stamp_ms = stamp < 0 ? 0 : (uint32_t)rto_ticks_to_ms(c, stamp);
        unsigned marks = 0;
        bool linear, clamped;

        /* tcp_write_timeout(): route advice at model(tcp_retries1)... */
        if (retransmits && !r1_seen
            && rto_timed_out_ms(now_ms, stamp_ms, pl->retries1_ms)) {
            r1_seen = true;
            marks |= RTO_MARK_RETRIES1;
        }
        /* ...then the give-up test, before retransmitting. */
        if (die && retransmits
            && rto_timed_out_ms(now_ms, stamp_ms, pl->timeout_ms)) {
            out->death = now;
            if (rec == REC_CREATE
                && (e = rto_timeline_push(t, RTO_EV_GIVE_UP, n,
                                          rto_ticks_to_us(c, now)))) {
                e->marks = marks;
                e->timer_us = (int64_t)rto_jiffies_to_us(timer, c->hz);
                e->since_stamp_us = rto_ticks_to_us(c, now - stamp);
            }
            break;
        }
        if (!die && n >= max_retx)
            break;
        /* tcp_update_rto_stats() counts before the transmit attempt, and
         * tcp_retransmit_skb() takes retrans_stamp if it is still 0. */
        retransmits++;
        n++;
        if (stamp < 0) {
            stamp = now;
            stamp_ms = now_ms;
            marks |= RTO_MARK_STAMP;
        }
        rto = backoff(pl, rto, retransmits, &linear);
        if (linear)
            marks |= RTO_MARK_LINEAR;
        {
            uint64_t prev = timer;
            timer = next_timer(pl, rto, now_ms, stamp_ms, &clamped);
            if (clamped)
                marks |= RTO_MARK_CLAMPED;
            if (timer == pl->rto_max)
                marks |= RTO_MARK_CAPPED;
            if (rec == REC_CREATE
                && (e = rto_timeline_push(t, RTO_EV_RETRANSMIT, n,
                                          rto_ticks_to_us(c, now)))) {
                e->marks = marks;
                e->timer_us = (int64_t)rto_jiffies_to_us(prev, c->hz);
                e->since_stamp_us = rto_ticks_to_us(c, now - stamp);
                e->next_us = (int64_t)rto_jiffies_to_us(timer, c->hz);
            }
        }
        put_time(t, rec, idx++, rto_ticks_to_us(c, now));
        now += timer_ticks(pl, timer, late);
    }
    out->retx = n;
    out->stamp = stamp;
}

/*
 * The give-up window over every lateness the wheel allows: each timer fires
 * between 0 and one granularity late, independently.  Elapsed time since
 * the stamp after each firing is tracked as an interval [a, b] over the
 * runs still alive; a firing can end the connection when b reaches the
 * budget and can leave it alive when a stays below it.
 */
static void window(const struct plan *pl, struct rto_timeline *t)
{
    const struct rto_clock *c = &pl->clk;
    int64_t f1_lo = 0, f1_hi = 0, a = 0, b = 0;
    int64_t limit = (int64_t)pl->timeout_ms * c->tpms;
    int64_t ut = (int64_t)pl->ut_ms * c->tpms;
    int64_t earliest = INT64_MAX, latest = INT64_MIN;
    int cmin = INT_MAX, cmax = -1, n = 1;
    uint8_t retransmits = 1;
    uint64_t rto;
    bool linear;

    if (pl->pto) {
        f1_lo += timer_ticks(pl, pl->pto, RTO_LATE_NONE);
        f1_hi += timer_ticks(pl, pl->pto, RTO_LATE_MAX);
    }
    f1_lo += timer_ticks(pl, pl->r0, RTO_LATE_NONE);
    f1_hi += timer_ticks(pl, pl->r0, RTO_LATE_MAX);
    rto = backoff(pl, pl->r0, retransmits, &linear);

    for (int firing = 0; firing < MAX_FIRINGS; firing++) {
        int64_t d = (int64_t)rto * c->tpj;
        int64_t lo = a + d;
        int64_t hi = b + d;

        if (ut) {
            /* The clamped timer ends within a jiffy after the user
             * timeout: f(E) lies in [min(E + rto, U), min(E + rto, U + 1j)]. */
            if (lo > ut)
                lo = ut;
            if (hi > ut + c->tpj)
                hi = ut + c->tpj;
        }
        hi += rto_late_ticks(c, rto, RTO_LATE_MAX);
        if (retransmits && hi >= limit) {
            int64_t e_lo = lo > limit ? lo : limit;
            if (f1_lo + e_lo < earliest)
                earliest = f1_lo + e_lo;
            if (f1_hi + hi > latest)
                latest = f1_hi + hi;
            if (n < cmin)
                cmin = n;
            if (n > cmax)
                cmax = n;
        }
        if (retransmits && lo >= limit)
            break;
        a = lo;
        /* Timers fire on jiffy ticks, so a connection still alive has at
         * most the last whole jiffy before the budget behind it. */
        b = (retransmits && hi >= limit) ? (limit - 1) / c->tpj * c->tpj
                                         : hi;
        retransmits++;
        n++;
        rto = backoff(pl, rto, retransmits, &linear);
    }
    t->give_up_earliest_us = rto_ticks_to_us(c, earliest);
    t->give_up_latest_us = rto_ticks_to_us(c, latest);
    t->retransmissions_min = cmin;
    t->retransmissions_max = cmax;
}

static int64_t min64(int64_t x, int64_t y) { return x < y ? x : y; }
static int64_t max64(int64_t x, int64_t y) { return x > y ? x : y; }

int rto_retrans(const struct rto_params *p, struct rto_timeline *t)
{
    struct plan pl;
    struct run nom, typ, fill;
    int err = rto_params_validate(p, NULL);

    if (err)
        return err;
    plan_init(&pl, p);
    rto_timeline_init(t, t->events, t->cap);
    t->path = RTO_PATH_RETRANS;
    t->initial_rto_us = (int64_t)rto_jiffies_to_us(pl.r0, p->hz);
    t->budget_us = (int64_t)pl.timeout_ms * 1000;
    t->retries1_us = (int64_t)pl.retries1_ms * 1000;
    t->reason = pl.ut_ms ? RTO_REASON_USER_TIMEOUT : RTO_REASON_RETRIES2;
    t->error = ETIMEDOUT;
    t->thin_engaged = pl.thin;

    run(&pl, RTO_LATE_NONE, true, 0, t, REC_CREATE, &nom);
    /* Typical times only for the events the typical run makes... */
    run(&pl, RTO_LATE_TYPICAL, true, 0, t, REC_TYPICAL, &typ);
    /* ...latest times for all of them: the bound on when each can happen,
     * even where a run that late would have given up before it. */
    run(&pl, RTO_LATE_MAX, false, nom.retx, t, REC_LATEST, &fill);
    window(&pl, t);

    t->retransmissions = nom.retx;
    t->retransmissions_typical = typ.retx;
    t->give_up_us = rto_ticks_to_us(&pl.clk, nom.death);
    t->give_up_typical_us = rto_ticks_to_us(&pl.clk, typ.death);
    /* The interval walk works on ticks while the kernel compares whole
     * milliseconds; keep the two runs that really happen inside it. */
    t->give_up_earliest_us = min64(t->give_up_earliest_us,
                                   min64(t->give_up_us, t->give_up_typical_us));
    t->give_up_latest_us = max64(t->give_up_latest_us,
                                 max64(t->give_up_us, t->give_up_typical_us));
    if (nom.retx < t->retransmissions_min)
        t->retransmissions_min = nom.retx;
    if (typ.retx < t->retransmissions_min)
        t->retransmissions_min = typ.retx;
    if (nom.retx > t->retransmissions_max)
        t->retransmissions_max = nom.retx;
    if (typ.retx > t->retransmissions_max)
        t->retransmissions_max = typ.retx;
    t->stamp_us = nom.stamp < 0 ? RTO_NONE : rto_ticks_to_us(&pl.clk, nom.stamp);
    if (t->count && t->events[t->count - 1].type == RTO_EV_GIVE_UP) {
        struct rto_event *g = &t->events[t->count - 1];
        g->typical_us = t->give_up_typical_us;
        g->latest_us = t->give_up_latest_us;
    }
    return RTO_OK;
}
