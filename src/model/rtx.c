/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The retransmit-timer engine (KERNEL.md sections 1 and 3 to 5).
 *
 * One simulation walks the timer firing by firing, as
 * tcp_retransmit_timer() and tcp_write_timeout() do, under a chosen timer
 * lateness.  It runs for nominal times (timers on time), typical times
 * (half the wheel granularity late) and latest times; an interval walk over
 * every lateness the wheel allows then bounds the give-up time and the
 * retransmission count.
 */
#include <limits.h>

#include "rtx.h"

/* TCP_THIN_LINEAR_RETRIES (include/net/tcp.h). */
#define THIN_LINEAR_RETRIES 6
/* A safety bound on firings; the kernel's own budgets end far sooner. */
#define MAX_FIRINGS (1 << 22)

/* What one run found. */
struct run {
    int64_t death;        /* ticks, or -1 if the run stopped alive */
    int retx;             /* retransmissions made */
    bool stamped;         /* retrans_stamp was taken */
    int64_t stamp;        /* retrans_stamp in ticks */
    enum rto_reason reason;
};

/* How a run records its times in the timeline. */
enum record {
    REC_CREATE,   /* append events with nominal times */
    REC_TYPICAL,  /* fill typical_us of existing events */
    REC_LATEST,   /* fill latest_us of existing events */
};

void rtx_plan_init(struct rtx_plan *pl, const struct rto_params *p,
                   enum rto_path path)
{
    rto_clock_init(&pl->clk, p->hz);
    pl->path = path;
    pl->r0 = rto_initial_rto(p);
    pl->pto = 0;
    pl->pto_rule = RTO_PTO_NONE;
    pl->pto_capped = false;
    pl->in_flight = rto_in_flight(p, path);
    pl->rto_max = rto_max_jiffies(p);
    pl->backoff = RTX_DOUBLE;
    pl->thin = false;
    pl->lin = pl->r0;
    pl->linear = 0;
    pl->stamp_at_zero = false;
    pl->count_limit = -1;
    pl->time_test = true;
    pl->cmp = rto_kernel_has(p->kernel, RTO_FEAT_SIGNED_COMPARE)
                  ? RTX_CMP_MS_SIGNED
              : rto_kernel_has(p->kernel, RTO_FEAT_MS_CLOCK)
                  ? RTX_CMP_MS_UNSIGNED
                  : RTX_CMP_JIFFIES;
    pl->timeout = 0;
    pl->orphan = false;
    pl->orphan_alive = pl->orphan_dead = 0;
    pl->ut_ms = (uint32_t)(p->user_timeout_us / 1000);
    /* The user timeout was kept in jiffies while the clock was. */
    pl->ut_lim = pl->cmp == RTX_CMP_JIFFIES
                     ? (uint32_t)rto_ms_to_jiffies(pl->ut_ms, p->hz)
                     : pl->ut_ms;
    /* tcp_clamp_rto_to_user_timeout() since 4.19. */
    pl->ut_clamp = pl->ut_ms != 0
                   && rto_kernel_has(p->kernel, RTO_FEAT_UT_CLAMP);
    pl->retries1 = false;
    pl->retries1_lim = rtx_budget(pl, p, (unsigned)p->retries1,
                                  RTO_TCP_RTO_MIN_MS);
    pl->time_reason = RTO_REASON_RETRIES2;
    pl->count_reason = RTO_REASON_NONE;
    pl->error = 0;
    pl->max_firings = MAX_FIRINGS;
    pl->rs = (struct rto_resume){ .on = false };
}

uint32_t rtx_budget(const struct rtx_plan *pl, const struct rto_params *p,
                    unsigned boundary, unsigned base_ms)
{
    if (pl->cmp == RTX_CMP_JIFFIES)
        return rto_model_timeout_jiffies(p, boundary, base_ms);
    return rto_model_timeout_ms(p, boundary, base_ms);
}

/* The time budget at a firing whose current RTO is rto, when no user
 * timeout replaces it. */
static uint32_t budget_of(const struct rtx_plan *pl, uint64_t rto)
{
    if (pl->orphan)
        /* tcp_orphan_retries(): alive = icsk_rto < rto_max. */
        return rto < pl->rto_max ? pl->orphan_alive : pl->orphan_dead;
    return pl->timeout;
}

/* The budget in force at a firing whose current RTO is rto. */
static uint32_t limit_of(const struct rtx_plan *pl, uint64_t rto)
{
    return pl->ut_ms ? pl->ut_lim : budget_of(pl, rto);
}

/* retransmits_timed_out()'s comparison as the kernel of the plan makes
 * it, on unsigned 32-bit values. */
static bool timed_out(const struct rtx_plan *pl, int64_t now, int64_t stamp,
                      uint32_t limit)
{
    const struct rto_clock *c = &pl->clk;

    if (pl->cmp == RTX_CMP_JIFFIES)
        return (uint32_t)((uint64_t)(now / c->tpj) - (uint64_t)(stamp / c->tpj))
               >= limit;
    if (pl->cmp == RTX_CMP_MS_UNSIGNED)
        return (uint32_t)(rto_ticks_to_ms(c, now) - rto_ticks_to_ms(c, stamp))
               >= limit;
    return rto_timed_out_ms((uint32_t)rto_ticks_to_ms(c, now),
                            (uint32_t)rto_ticks_to_ms(c, stamp), limit);
}

/* The same budget as elapsed ticks for the interval walk: a signed
 * comparison with a budget of 2^31 ms or more times out at once. */
static int64_t limit_ticks(const struct rtx_plan *pl, uint32_t limit)
{
    if (pl->cmp == RTX_CMP_JIFFIES)
        return (int64_t)limit * pl->clk.tpj;
    if (pl->cmp == RTX_CMP_MS_SIGNED && limit >= UINT32_C(0x80000000))
        return 0;
    return (int64_t)limit * pl->clk.tpms;
}

/* A budget in the comparison's unit, in microseconds. */
static int64_t limit_us(const struct rtx_plan *pl, uint32_t limit)
{
    if (pl->cmp == RTX_CMP_JIFFIES)
        return (int64_t)rto_jiffies_to_us(limit, pl->clk.hz);
    return (int64_t)limit * 1000;
}

static bool count_hit(const struct rtx_plan *pl, uint8_t retransmits)
{
    return pl->count_limit >= 0 && (int)retransmits >= pl->count_limit;
}

/* The RTO after retransmission number n, which left the u8 counter at
 * retransmits (tcp_retransmit_timer(), label out_reset_timer). */
static uint64_t backoff(const struct rtx_plan *pl, uint64_t rto,
                        uint8_t retransmits, int n, bool *linear)
{
    *linear = false;
    if (pl->thin && retransmits <= THIN_LINEAR_RETRIES) {
        *linear = true;
        return pl->lin;
    }
    /* SYN_SENT keeps its RTO while total_rto <= tcp_syn_linear_timeouts
     * (6.5, tracked with total_rto since 6.8). */
    if (pl->backoff == RTX_SYN && n <= pl->linear) {
        *linear = true;
        return rto;
    }
    rto *= 2;
    return rto < pl->rto_max ? rto : pl->rto_max;
}

/* tcp_clamp_rto_to_user_timeout() and the rto_max cap of the arming
 * helper: the next timer after a retransmission at now_ms. */
static uint64_t next_timer(const struct rtx_plan *pl, uint64_t rto,
                           uint32_t now_ms, uint32_t stamp_ms, bool *clamped)
{
    uint64_t next = rto;

    *clamped = false;
    if (pl->ut_clamp) {
        /* The kernel's s32 remaining = user_timeout - elapsed, both u32:
         * 0 or the top bit set is "passed", whatever the 64-bit
         * difference says (an elapsed time 2^31 ms past the timeout, as
         * an old stamp gives, leaves a positive remainder there). */
        uint32_t elapsed = now_ms - stamp_ms;
        uint32_t remaining = pl->ut_ms - elapsed;
        uint64_t rem_j = remaining == 0 || remaining >= UINT32_C(0x80000000)
                             ? 1
                             : rto_ms_to_jiffies(remaining, pl->clk.hz);
        if (rem_j < next) {
            next = rem_j;
            *clamped = true;
        }
    }
    return next < pl->rto_max ? next : pl->rto_max;
}

static int64_t timer_ticks(const struct rtx_plan *pl, uint64_t j,
                           enum rto_lateness late)
{
    return (int64_t)j * pl->clk.tpj + rto_late_ticks(&pl->clk, j, late);
}

static int64_t jus(const struct rtx_plan *pl, uint64_t j)
{
    return (int64_t)rto_jiffies_to_us(j, pl->clk.hz);
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

/* The events before the first retransmission: the send and the TLP. */
static size_t run_start(const struct rtx_plan *pl, enum rto_lateness late,
                        struct rto_timeline *t, enum record rec,
                        int64_t *now)
{
    const struct rto_clock *c = &pl->clk;
    struct rto_event *e;
    size_t idx = 0;

    *now = 0;
    if (pl->rs.on) {
        /* A live socket: the pending timer comes first. */
        *now = rto_resume_pending(&pl->rs, c, late);
        return 0;
    }
    if (rec == REC_CREATE && (e = rto_timeline_push(t, RTO_EV_SEND, 0, 0))) {
        e->typical_us = 0;
        e->latest_us = 0;
        e->next_us = jus(pl, pl->pto ? pl->pto : pl->r0);
    }
    idx++;
    if (pl->pto) {
        *now += timer_ticks(pl, pl->pto, late);
        if (rec == REC_CREATE && (e = rto_timeline_push(
                                      t, RTO_EV_TLP, 0,
                                      rto_ticks_to_us(c, *now)))) {
            e->timer_us = jus(pl, pl->pto);
            e->next_us = jus(pl, pl->r0);
        }
        put_time(t, rec, idx++, rto_ticks_to_us(c, *now));
    }
    /* tcp_rearm_rto() after the probe: a full RTO from the probe, whose
     * retransmission refreshed the head segment's timestamp. */
    *now += timer_ticks(pl, pl->r0, late);
    return idx;
}

/*
 * The capped phase is linear: once every timer is rto_max, each firing
 * adds the same step, and until the budget comes near no firing can end
 * the connection.  Walks that record no events skip such firings in one
 * step.  capped() says whether the coming firings all keep the timer at
 * rto_max (no thin-stream or SYN linear timeout left), skip_bound() cuts a
 * skip of k firings so that the u8 counter does not wrap to 0 (that firing
 * skips the time test), the count limit is not reached and the safety
 * bound on firings holds.
 */
static bool capped(const struct rtx_plan *pl, uint64_t rto,
                   uint8_t retransmits, int n)
{
    return rto == pl->rto_max && retransmits != 0 && n > 0
           && !(pl->thin && retransmits < THIN_LINEAR_RETRIES)
           && !(pl->backoff == RTX_SYN && n < pl->linear);
}

static long skip_bound(const struct rtx_plan *pl, long k,
                       uint8_t retransmits, int firing)
{
    if (k > 255 - (long)retransmits)
        k = 255 - (long)retransmits;
    if (pl->count_limit >= 0 && k > (long)pl->count_limit - retransmits)
        k = (long)pl->count_limit - retransmits;
    if (k > (long)pl->max_firings - firing - 1)
        k = (long)pl->max_firings - firing - 1;
    return k > 0 ? k : 0;
}

/* How many of the coming firings (the next one first) a run can skip:
 * none may reach the budget or the user-timeout clamp.  Conservative by
 * two firings; the step-by-step walk does the rest. */
static long skippable(const struct rtx_plan *pl, uint64_t rto,
                      uint8_t retransmits, int n, int64_t now, bool stamped,
                      int64_t stamp, int64_t step, int firing)
{
    int64_t unit, room;
    uint32_t limit;

    if (!capped(pl, rto, retransmits, n) || !pl->time_test || !stamped
        || step <= 0)
        return 0;
    limit = limit_of(pl, rto);
    if (pl->cmp == RTX_CMP_MS_SIGNED && limit >= UINT32_C(0x80000000))
        return 0;
    unit = pl->cmp == RTX_CMP_JIFFIES ? pl->clk.tpj : pl->clk.tpms;
    /* Firing j (0-based) happens at now + j * step; each one's elapsed
     * time, in whole units, stays at most (now + j * step - stamp) / unit
     * + 1, which must stay below the budget. */
    room = ((int64_t)limit - 1) * unit - (now - stamp);
    if (room <= 0)
        return 0;
    return skip_bound(pl, (long)((room - 1) / step + 1) - 2, retransmits,
                      firing);
}

/* The time between two firings in the capped phase from the firing at
 * now, or 0 when it is not yet constant: with the jiffies count known the
 * first capped firing may still be off the level's grid of buckets. */
static int64_t capped_step(const struct rtx_plan *pl, int64_t now,
                           enum rto_lateness late)
{
    const struct rto_clock *c = &pl->clk;
    int64_t st = rto_resume_next(&pl->rs, c, now, pl->rto_max, late) - now;

    if (!pl->rs.exact)
        return st;
    return rto_resume_next(&pl->rs, c, now + st, pl->rto_max, late)
                   - (now + st) == st ? st : 0;
}

static void run(const struct rtx_plan *pl, enum rto_lateness late, bool die,
                int max_retx, struct rto_timeline *t, enum record rec,
                struct run *out)
{
    const struct rto_clock *c = &pl->clk;
    int64_t now, stamp = pl->rs.on ? pl->rs.stamp_point : 0;
    bool stamped = pl->rs.on ? pl->rs.stamped : pl->stamp_at_zero;
    uint64_t rto = pl->rs.on ? pl->rs.rto : pl->r0;
    uint64_t timer = pl->rs.on ? pl->rs.timer : rto;
    /* icsk_retransmits is a u8 */
    uint8_t retransmits = pl->rs.on ? (uint8_t)pl->rs.count : 0;
    bool r1_seen = false;
    size_t idx = run_start(pl, late, t, rec, &now);
    int n = pl->rs.on ? pl->rs.count : 0;
    struct rto_event *e;
    /* With no event storage, nothing needs the firings one by one. */
    bool skip = t->cap == 0;

    out->death = -1;
    out->reason = RTO_REASON_NONE;
    for (int firing = 0; firing < pl->max_firings; firing++) {
        uint32_t now_ms = (uint32_t)rto_ticks_to_ms(c, now);
        uint32_t stamp_ms = stamped ? (uint32_t)rto_ticks_to_ms(c, stamp) : 0;
        unsigned marks = 0;
        bool linear, clamped, dead = false;

        if (skip && rto == pl->rto_max) {
            int64_t st = capped_step(pl, now, late);
            long k = skippable(pl, rto, retransmits, n, now, stamped, stamp,
                               st, firing);
            if (k > 0) {
                now += k * st;
                retransmits = (uint8_t)(retransmits + k);
                n += (int)k;
                firing += (int)k;
                idx += (size_t)k;
                timer = pl->rto_max;
                now_ms = (uint32_t)rto_ticks_to_ms(c, now);
            }
        }
        /* tcp_write_timeout(): route advice at model(tcp_retries1)... */
        if (pl->retries1 && retransmits && !r1_seen
            && timed_out(pl, now, stamped ? stamp : 0, pl->retries1_lim)) {
            r1_seen = true;
            marks |= RTO_MARK_RETRIES1;
        }
        /* ...then the count (SYN states) and the time budget, before
         * retransmitting. */
        if (count_hit(pl, retransmits)) {
            dead = true;
            out->reason = pl->count_reason;
        } else if (pl->time_test && retransmits
                   && timed_out(pl, now, stamped ? stamp : 0,
                                limit_of(pl, rto))) {
            dead = true;
            out->reason = pl->ut_ms ? RTO_REASON_USER_TIMEOUT
                                    : pl->time_reason;
        }
        if (die && dead) {
            out->death = now;
            if (rec == REC_CREATE
                && (e = rto_timeline_push(t, RTO_EV_GIVE_UP, n,
                                          rto_ticks_to_us(c, now)))) {
                e->marks = marks;
                e->timer_us = jus(pl, timer);
                if (pl->time_test)
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
        if (!stamped) {
            stamped = true;
            stamp = now;
            stamp_ms = now_ms;
            marks |= RTO_MARK_STAMP;
        }
        rto = backoff(pl, rto, retransmits, n, &linear);
        if (linear && pl->thin)
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
                e->timer_us = jus(pl, prev);
                if (pl->time_test)
                    e->since_stamp_us = rto_ticks_to_us(c, now - stamp);
                e->next_us = jus(pl, timer);
            }
        }
        put_time(t, rec, idx++, rto_ticks_to_us(c, now));
        now = rto_resume_next(&pl->rs, c, now, timer, late);
    }
    out->retx = n;
    out->stamped = stamped;
    out->stamp = stamp;
}

/* Bounds of the next elapsed time (since the stamp) from [a, b] when the
 * timer is rto, cut to the user timeout where that applies.  The clamped
 * timer ends within a jiffy after the user timeout U, so f(E) lies in
 * [min(E + rto, U), min(E + rto, U + 1 jiffy)].  A stamp known only to
 * within `width` ticks (a live socket) moves U by as much either way. */
static void step(const struct rtx_plan *pl, uint64_t rto, int64_t a,
                 int64_t b, int64_t width, int64_t f_lo, int64_t f_hi,
                 int64_t *lo, int64_t *hi)
{
    const struct rto_clock *c = &pl->clk;
    int64_t d = (int64_t)rto * c->tpj;
    int64_t ut = (int64_t)pl->ut_ms * c->tpms;

    if (pl->rs.exact) {
        /* The jiffies count known: each end from its bucket, at absolute
         * times (the stamps f_lo and f_hi plus the elapsed times).  A
         * clamped timer is shorter: its expiry lies where the model
         * without the jiffies puts it, its bucket no later. */
        int64_t x = f_lo + a, y = f_hi + b;
        int64_t cap = ut + c->tpj + width
                      + rto_late_ticks(c, rto, RTO_LATE_MAX) + pl->rs.slip;
        uint64_t dj[4] = { rto, rto, rto, rto };

        if (pl->ut_clamp) {
            /* The timer cut to the user timeout left: shorter the more
             * has elapsed, the expiry later.  The kernel's whole ms
             * elapsed, floor(now) - floor(stamp), lies between the floor
             * and the ceiling of the difference: take the end each bound
             * needs (dj[0], dj[1]: the expiries; dj[2], dj[3]: the
             * levels). */
            const int64_t e[4] = { a + c->tpms - 1, b, b + c->tpms - 1, a };
            bool clamped;

            for (int i = 0; i < 4; i++)
                dj[i] = next_timer(pl, rto, (uint32_t)(e[i] / c->tpms), 0,
                                   &clamped);
        }
        rto_resume_step(&pl->rs, c, dj[0], dj[1], dj[2], dj[3], &x, &y);
        *lo = x - f_lo;
        *hi = y - f_hi;
        if (pl->ut_clamp && *lo > ut - width)
            *lo = ut - width;
        if (pl->ut_clamp && *hi > cap)
            *hi = cap;
        return;
    }
    *lo = a + d;
    *hi = b + d;
    if (pl->ut_clamp) {
        if (*lo > ut - width)
            *lo = ut - width;
        /* Even clamped, a timer is at least a jiffy
         * (tcp_clamp_rto_to_user_timeout() returns at least 1).  With the
         * stamp known (width 0) lo reaches U and the walk stops; a stamp
         * known only to within width would hold lo below U forever. */
        if (width > 0 && *lo < a + c->tpj)
            *lo = a + c->tpj;
        if (*hi > ut + c->tpj + width)
            *hi = ut + c->tpj + width;
    }
    *hi += rto_late_ticks(c, rto, RTO_LATE_MAX) + pl->rs.slip;
}

/* The capped phase's steps of both ends with the jiffies count known,
 * from firings at x and y: constant once both ends sit on the level's grid
 * of buckets, else 0 (no skip yet). */
static void window_steps(const struct rtx_plan *pl, uint64_t rto, int64_t x,
                         int64_t y, int64_t *d, int64_t *dl)
{
    int64_t x1 = x, y1 = y, x2, y2;

    rto_resume_step(&pl->rs, &pl->clk, rto, rto, rto, rto, &x1, &y1);
    x2 = x1;
    y2 = y1;
    rto_resume_step(&pl->rs, &pl->clk, rto, rto, rto, rto, &x2, &y2);
    *d = x1 - x;
    *dl = y1 - y;
    if (x2 - x1 != *d || y2 - y1 != *dl)
        *d = *dl = 0;
}

/*
 * The give-up window over every lateness the wheel allows: each timer fires
 * between 0 and one granularity late, independently.  Elapsed time since
 * the stamp after each firing is tracked as an interval [a, b] over the
 * runs still alive; a firing can end the connection when b reaches the
 * budget (or the count is reached) and can leave it alive when a stays
 * below it.
 */
static void window(const struct rtx_plan *pl, struct rto_timeline *t,
                   bool skip)
{
    const struct rto_clock *c = &pl->clk;
    int64_t f_lo = 0, f_hi = 0, a = 0, b = 0;
    struct rto_window w;
    int n = 0;
    uint8_t retransmits = 0;
    uint64_t rto = pl->r0;
    bool linear;
    /* The stamp lies in [s_min, s_min + width]: a and the death times'
     * lower ends count from its latest time f_lo, b and the upper ends
     * from its earliest f_hi (a live socket; otherwise one stamp). */
    int64_t width = 0, s_min;

    rto_window_init(&w);
    if (pl->rs.on) {
        /* A live socket: from its pending firing (rto_resume_start()). */
        struct rto_resume_start st;

        rto_resume_start(&pl->rs, c, &st);
        f_lo = st.f_lo;
        f_hi = st.f_hi;
        width = st.width;
        a = st.a;
        b = st.b;
        retransmits = (uint8_t)pl->rs.count;
        n = pl->rs.count;
        rto = pl->rs.rto;
        if (!pl->rs.stamped) {
            retransmits++;
            n++;
            rto = backoff(pl, rto, retransmits, n, &linear);
        }
    } else if (!pl->stamp_at_zero) {
        /* The stamp is the first retransmission: the send, the TLP and the
         * first RTO lie before it and only shift everything. */
        if (pl->pto) {
            f_lo += timer_ticks(pl, pl->pto, RTO_LATE_NONE);
            f_hi += timer_ticks(pl, pl->pto, RTO_LATE_MAX);
        }
        f_lo += timer_ticks(pl, pl->r0, RTO_LATE_NONE);
        f_hi += timer_ticks(pl, pl->r0, RTO_LATE_MAX);
        retransmits = 1;
        n = 1;
        rto = backoff(pl, pl->r0, retransmits, n, &linear);
    }
    s_min = f_lo - width;
    for (int firing = 0; firing < pl->max_firings; firing++) {
        int64_t lo, hi, alive_lo;
        int64_t limit = limit_ticks(pl, limit_of(pl, rto));
        bool hit, timed, can_die, can_live, stepped = false;

        /* The capped phase: while even the latest elapsed time stays
         * below the budget, each firing adds rto_max to both ends (and the
         * wheel's lateness to the upper one); skip those firings. */
        if (skip && limit > 0 && capped(pl, rto, retransmits, n)) {
            int64_t d = (int64_t)rto * c->tpj;
            int64_t dl = d + rto_late_ticks(c, rto, RTO_LATE_MAX);
            long k;

            if (pl->rs.exact)
                window_steps(pl, rto, f_lo + a, f_hi + b, &d, &dl);
            k = skip_bound(pl,
                           limit - 1 - b >= 0 && dl > 0
                               ? (long)((limit - 1 - b) / dl) : 0,
                           retransmits, firing);

            a += k * d;
            b += k * dl;
            retransmits = (uint8_t)(retransmits + k);
            n += (int)k;
            firing += (int)k;
        }
        hit = count_hit(pl, retransmits);
        timed = pl->time_test && retransmits != 0;

        if (pl->rs.on && pl->rs.stamped && firing == 0) {
            /* The pending timer's bounds are set above. */
            lo = a;
            hi = b;
        } else if (n == 0 && pl->stamp_at_zero) {
            /* The first timer runs from the send (the stamp itself). */
            lo = (int64_t)rto * c->tpj;
            hi = lo + rto_late_ticks(c, rto, RTO_LATE_MAX);
        } else {
            step(pl, rto, a, b, width, f_lo, f_hi, &lo, &hi);
            stepped = true;
        }
        /* A run whose timer the user timeout cut fires at the timeout
         * after its own stamp and dies there, so the runs a firing leaves
         * alive all had the whole RTO.  step()'s lo is cut to the timeout
         * less the stamp's width, below the budget for ever: a walk going
         * on from it would stop only at max_firings, with as many
         * retransmissions counted possible. */
        alive_lo = lo;
        if (stepped && alive_lo < a + (int64_t)rto * c->tpj)
            alive_lo = a + (int64_t)rto * c->tpj;
        can_die = hit || (timed && hi >= limit);
        can_live = !hit && (!timed || alive_lo < limit);
        if (can_die) {
            int64_t first = f_lo + lo;

            /* A run that dies between lo and the budget does so once the
             * budget has passed since the earliest stamp. */
            if (!hit && lo < limit && first < s_min + limit)
                first = s_min + limit;
            rto_window_add(&w, first, f_hi + hi, n);
        }
        if (!can_live)
            break;
        a = alive_lo;
        /* Timers fire on jiffy ticks, so a socket still alive has at most
         * the last whole jiffy before the budget behind it. */
        b = hi;
        if (timed && hi >= limit && (limit - 1) / c->tpj * c->tpj + width < hi)
            b = (limit - 1) / c->tpj * c->tpj + width;
        retransmits++;
        n++;
        rto = backoff(pl, rto, retransmits, n, &linear);
    }
    rto_window_store(&w, c, t);
}

static int64_t min64(int64_t x, int64_t y) { return x < y ? x : y; }
static int64_t max64(int64_t x, int64_t y) { return x > y ? x : y; }
static int mini(int x, int y) { return x < y ? x : y; }
static int maxi(int x, int y) { return x > y ? x : y; }

void rtx_simulate(const struct rtx_plan *pl, struct rto_timeline *t)
{
    struct run nom, typ, fill;
    int64_t nom_us;
    int nom_retx;

    rto_timeline_init(t, t->events, t->cap);
    t->path = pl->path;
    t->initial_rto_us = jus(pl, pl->r0);
    t->rto_max_us = jus(pl, pl->rto_max);
    t->thin_engaged = pl->thin;
    if (pl->path == RTO_PATH_RETRANS || pl->path == RTO_PATH_ORPHAN)
        t->in_flight = pl->in_flight;
    t->pto_rule = pl->pto ? pl->pto_rule : RTO_PTO_NONE;
    t->pto_capped = pl->pto && pl->pto_capped;
    t->error = pl->error;
    if (pl->ut_ms && pl->time_test)
        t->budget_us = (int64_t)pl->ut_ms * 1000;
    else if (pl->time_test)
        t->budget_us = limit_us(pl, limit_of(pl, pl->r0));
    if (pl->retries1)
        t->retries1_us = limit_us(pl, pl->retries1_lim);
    /* What can end it, for the writers to describe: the user timeout
     * replaces the time budget wherever the time test applies. */
    t->count_limit = pl->count_limit;
    if (pl->time_test && pl->ut_ms)
        t->user_timeout_us = (int64_t)pl->ut_ms * 1000;
    else if (pl->time_test)
        t->time_cap_us = limit_us(pl, budget_of(pl, pl->r0));
    t->user_timeout_clamps = pl->ut_clamp;

    run(pl, RTO_LATE_NONE, true, 0, t, REC_CREATE, &nom);
    /* Typical times only for the events the typical run makes... */
    run(pl, RTO_LATE_TYPICAL, true, 0, t, REC_TYPICAL, &typ);
    /* ...latest times for all of them: the bound on when each can happen,
     * even where a run that late would have given up before it. */
    if (t->cap)
        run(pl, RTO_LATE_MAX, false, nom.retx, t, REC_LATEST, &fill);
    /* The skips are for timelines without events (sweep); the full walk
     * stays the reference they are tested against. */
    window(pl, t, t->cap == 0);

    if (nom.death < 0) {
        /* Nothing ends it: the timeline shows the first firings only. */
        t->reason = RTO_REASON_NONE;
        t->error = 0;
        t->retransmissions = t->retransmissions_typical = nom.retx;
        t->retransmissions_min = t->retransmissions_max = nom.retx;
        t->give_up_us = t->give_up_typical_us = RTO_NONE;
        t->give_up_earliest_us = t->give_up_latest_us = RTO_NONE;
        t->stamp_us = !nom.stamped ? RTO_NONE
                                   : rto_ticks_to_us(&pl->clk, nom.stamp);
        return;
    }
    t->reason = nom.reason;
    t->retransmissions = nom.retx;
    t->retransmissions_typical = typ.retx;
    t->give_up_us = rto_ticks_to_us(&pl->clk, nom.death);
    t->give_up_typical_us = rto_ticks_to_us(&pl->clk, typ.death);
    nom_us = t->give_up_us;
    nom_retx = nom.retx;
    /* With the jiffies count known the nominal run (no wheel) is not one
     * the kernel makes: only the typical one, on its buckets, is. */
    if (pl->rs.exact) {
        nom_us = t->give_up_typical_us;
        nom_retx = typ.retx;
    }
    /* The interval walk works on ticks while the kernel compares whole
     * milliseconds; keep the two runs that really happen inside it.  Had
     * the walk found no firing that can end it (no known case), the
     * window starts from the nominal run instead of from "none". */
    if (t->give_up_earliest_us == RTO_NONE) {
        t->give_up_earliest_us = t->give_up_latest_us = nom_us;
        t->retransmissions_min = t->retransmissions_max = nom_retx;
    }
    t->give_up_earliest_us = min64(t->give_up_earliest_us,
                                   min64(nom_us, t->give_up_typical_us));
    t->give_up_latest_us = max64(t->give_up_latest_us,
                                 max64(nom_us, t->give_up_typical_us));
    t->retransmissions_min = mini(t->retransmissions_min,
                                  mini(nom_retx, typ.retx));
    t->retransmissions_max = maxi(t->retransmissions_max,
                                  maxi(nom_retx, typ.retx));
    t->stamp_us = !nom.stamped ? RTO_NONE
                               : rto_ticks_to_us(&pl->clk, nom.stamp);
    if (t->count && t->events[t->count - 1].type == RTO_EV_GIVE_UP) {
        struct rto_event *g = &t->events[t->count - 1];
        g->typical_us = t->give_up_typical_us;
        g->latest_us = t->give_up_latest_us;
    }
}
