/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Timeline storage shared by every path. */
#include <limits.h>
#include <string.h>

#include "internal.h"

void rto_timeline_init(struct rto_timeline *t, struct rto_event *events,
                       size_t cap)
{
    memset(t, 0, sizeof(*t));
    t->events = events;
    t->cap = events ? cap : 0;
    t->budget_us = RTO_NONE;
    t->retries1_us = RTO_NONE;
    t->give_up_us = RTO_NONE;
    t->give_up_typical_us = RTO_NONE;
    t->give_up_earliest_us = RTO_NONE;
    t->give_up_latest_us = RTO_NONE;
    t->stamp_us = RTO_NONE;
    t->count_limit = -1;
    t->time_cap_us = RTO_NONE;
    t->user_timeout_us = RTO_NONE;
}

struct rto_event *rto_timeline_push(struct rto_timeline *t,
                                    enum rto_event_type type, int n,
                                    int64_t at_us)
{
    struct rto_event *e;

    if (t->count >= t->cap) {
        t->truncated = true;
        return NULL;
    }
    e = &t->events[t->count++];
    e->type = type;
    e->n = n;
    e->marks = 0;
    e->timer_us = RTO_NONE;
    e->at_us = at_us;
    e->typical_us = RTO_NONE;
    e->latest_us = RTO_NONE;
    e->since_stamp_us = RTO_NONE;
    e->next_us = RTO_NONE;
    return e;
}

void rto_window_init(struct rto_window *w)
{
    w->earliest = INT64_MAX;
    w->latest = INT64_MIN;
    w->cmin = INT_MAX;
    w->cmax = -1;
}

void rto_window_add(struct rto_window *w, int64_t lo, int64_t hi, int count)
{
    if (lo < w->earliest)
        w->earliest = lo;
    if (hi > w->latest)
        w->latest = hi;
    if (count < w->cmin)
        w->cmin = count;
    if (count > w->cmax)
        w->cmax = count;
}

void rto_window_store(const struct rto_window *w, const struct rto_clock *c,
                      struct rto_timeline *t)
{
    /* No firing can end it: no window. */
    if (w->cmax < 0) {
        t->give_up_earliest_us = t->give_up_latest_us = RTO_NONE;
        t->retransmissions_min = t->retransmissions_max = 0;
        return;
    }
    t->give_up_earliest_us = rto_ticks_to_us(c, w->earliest);
    t->give_up_latest_us = rto_ticks_to_us(c, w->latest);
    t->retransmissions_min = w->cmin;
    t->retransmissions_max = w->cmax;
}

void rto_resume_start(const struct rto_resume *rs, const struct rto_clock *c,
                      struct rto_resume_start *st)
{
    /* The pending firing lies in [lo, hi]. */
    int64_t lo = rs->exact ? rto_resume_pending(rs, c, RTO_LATE_TYPICAL)
                           : rs->first;
    int64_t hi = rs->exact ? rto_resume_pending(rs, c, RTO_LATE_MAX)
                           : rs->first
                                 + rto_late_ticks(c, rs->timer, RTO_LATE_MAX);

    hi += rs->slip;
    if (rs->stamped) {
        /* The death time is the stamp plus the elapsed time, so each end
         * takes the stamp that keeps the pending firing where it is. */
        st->f_lo = rs->stamp;
        st->f_hi = rs->stamp_early;
        st->width = rs->stamp - rs->stamp_early;
        st->a = lo - rs->stamp;
        st->b = hi - rs->stamp_early;
    } else {
        /* The pending firing takes the stamp. */
        st->f_lo = lo;
        st->f_hi = hi;
        st->width = st->a = st->b = 0;
    }
}

int64_t rto_resume_next(const struct rto_resume *rs, const struct rto_clock *c,
                        int64_t now, uint64_t d, enum rto_lateness late)
{
    if (!rs || !rs->on || !rs->exact || late == RTO_LATE_NONE)
        return now + (int64_t)d * c->tpj + rto_late_ticks(c, d, late);
    return rto_wheel_fire(c, rs->jiffies, now, d, d, late == RTO_LATE_MAX);
}

int64_t rto_resume_pending(const struct rto_resume *rs,
                           const struct rto_clock *c, enum rto_lateness late)
{
    /* Armed `timer` jiffies before its expiry `first`. */
    if (rs->exact && late != RTO_LATE_NONE)
        return rto_resume_next(rs, c, rs->first - (int64_t)rs->timer * c->tpj,
                               rs->timer, late);
    return rs->first + rto_late_ticks(c, rs->timer, late);
}

void rto_resume_step(const struct rto_resume *rs, const struct rto_clock *c,
                     uint64_t d_lo, uint64_t d_hi, uint64_t level_lo,
                     uint64_t level_hi, int64_t *lo, int64_t *hi)
{
    /* calc_index() rounds up, monotone in the expiry and in the level:
     * the earliest run arms earliest on the lowest level, the latest run
     * latest on the highest. */
    *lo = rto_wheel_fire(c, rs->jiffies, *lo, d_lo, level_lo, false);
    *hi = rto_wheel_fire(c, rs->jiffies, *hi, d_hi, level_hi, true) + rs->slip;
}
