/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An idle connection with SO_KEEPALIVE whose peer vanished
 * (tcp_keepalive_timer(), KERNEL.md section 6).  Time zero is the last
 * segment received; nothing is outstanding, so the keepalive timer owns
 * the connection.
 */
#include <errno.h>
#include <limits.h>

#include "internal.h"

#define MAX_FIRINGS (1 << 22)

struct kplan {
    struct rto_clock clk;
    uint64_t idle;       /* jiffies */
    uint64_t intvl;      /* jiffies */
    int probes;          /* tcp_keepalive_probes */
    uint64_t ut;         /* msecs_to_jiffies(TCP_USER_TIMEOUT), 0 = off */
    struct rto_resume rs;/* a live socket: time zero stays the last
                          * segment received */
};

struct krun {
    int64_t death;
    int probes;
};

enum krec { K_NONE, K_CREATE, K_TYPICAL, K_LATEST };

static uint64_t at_least_one(uint64_t j)
{
    /* A timer armed for 0 jiffies fires at the next tick. */
    return j ? j : 1;
}

static void kplan_init(struct kplan *k, const struct rto_params *p)
{
    rto_clock_init(&k->clk, p->hz);
    /* keepalive_time_when()/keepalive_intvl_when(): seconds stored in
     * jiffies by proc_dointvec_jiffies or the socket options. */
    k->idle = at_least_one((uint64_t)(p->keepalive_time_us / 1000000)
                           * (uint64_t)p->hz);
    k->intvl = at_least_one((uint64_t)(p->keepalive_intvl_us / 1000000)
                            * (uint64_t)p->hz);
    k->probes = p->keepalive_probes;
    k->ut = rto_ms_to_jiffies(p->user_timeout_us / 1000, p->hz);
    k->rs = (struct rto_resume){ .on = false };
}

static int64_t ktimer(const struct kplan *k, uint64_t j, enum rto_lateness l)
{
    return (int64_t)j * k->clk.tpj + rto_late_ticks(&k->clk, j, l);
}

static void krun(const struct kplan *k, enum rto_lateness late, bool die,
                 int max_probes, struct rto_timeline *t, enum krec rec,
                 struct krun *out)
{
    const struct rto_clock *c = &k->clk;
    int64_t now = k->rs.on ? rto_resume_pending(&k->rs, c, late)
                           : ktimer(k, k->idle, late);
    uint64_t timer = k->rs.on ? k->rs.timer : k->idle;
    /* icsk_probes_out is a u8 */
    uint8_t probes_out = k->rs.on ? (uint8_t)k->rs.count : 0;
    size_t idx = 0;
    int n = k->rs.on ? k->rs.count : 0;
    struct rto_event *e;

    /* Time zero is the last segment received: nothing is sent then, so
     * the timeline starts with the first probe. */
    out->death = -1;
    for (int firing = 0; firing < MAX_FIRINGS; firing++) {
        uint64_t elapsed = (uint64_t)(now / c->tpj);
        bool dead = k->ut ? (elapsed >= k->ut && probes_out > 0)
                          : probes_out >= k->probes;

        if (elapsed < k->idle) {
            /* Not idle long enough (a live socket's timer was armed
             * before its last receive): re-armed for the rest. */
            timer = k->idle - elapsed;
            now = rto_resume_next(&k->rs, c, now, timer, late);
            continue;
        }
        if (die && dead) {
            out->death = now;
            if (rec == K_CREATE) {
                int64_t us = rto_ticks_to_us(c, now);
                /* tcp_send_active_reset(), then tcp_write_err(). */
                if ((e = rto_timeline_push(t, RTO_EV_RST, n, us)))
                    e->timer_us = (int64_t)rto_jiffies_to_us(timer, c->hz);
                if ((e = rto_timeline_push(t, RTO_EV_GIVE_UP, n, us)))
                    e->timer_us = (int64_t)rto_jiffies_to_us(timer, c->hz);
            }
            break;
        }
        if (!die && n >= max_probes)
            break;
        probes_out++;
        n++;
        if (rec == K_CREATE
            && (e = rto_timeline_push(t, RTO_EV_PROBE, n,
                                      rto_ticks_to_us(c, now)))) {
            e->timer_us = (int64_t)rto_jiffies_to_us(timer, c->hz);
            e->next_us = (int64_t)rto_jiffies_to_us(k->intvl, c->hz);
        } else if (rec == K_TYPICAL && idx < t->count) {
            t->events[idx].typical_us = rto_ticks_to_us(c, now);
        } else if (rec == K_LATEST && idx < t->count) {
            t->events[idx].latest_us = rto_ticks_to_us(c, now);
        }
        idx++;
        timer = k->intvl;
        now = rto_resume_next(&k->rs, c, now, k->intvl, late);
    }
    out->probes = n;
}

/*
 * The pending firing's bounds with the jiffies count known.  One that
 * comes before the idle time is up re-arms for the rest of it, to expire
 * exactly at the idle time (krun()): on the level of the delay left at the
 * earliest callback, the longest.  A latest run that fires after the idle
 * time probes there instead.
 */
static void kwindow_exact_start(const struct kplan *k, int64_t *a, int64_t *b)
{
    const struct rto_clock *c = &k->clk;
    int64_t idle = (int64_t)k->idle * c->tpj;
    int64_t lo = rto_resume_pending(&k->rs, c, RTO_LATE_TYPICAL);
    int64_t hi = rto_resume_pending(&k->rs, c, RTO_LATE_MAX) + k->rs.slip;

    if (lo < idle) {
        /* The delays left: at the earliest callback, and at the latest
         * one that still comes before the idle time. */
        uint64_t left = k->idle - (uint64_t)(lo / c->tpj);
        uint64_t least = hi < idle ? k->idle - (uint64_t)(hi / c->tpj) : 1;
        int64_t rlo = lo, rhi = lo;

        rto_resume_step(&k->rs, c, left, left, least, left, &rlo, &rhi);
        /* The latest re-arm expires at the idle time too. */
        lo = hi < idle ? rlo : idle;
        hi = hi < idle ? rhi : (hi > rhi ? hi : rhi);
    }
    *a = lo;
    *b = hi;
}

/* The give-up window over every lateness, as for retransmissions. */
static void kwindow(const struct kplan *k, struct rto_timeline *t)
{
    const struct rto_clock *c = &k->clk;
    int64_t a = ktimer(k, k->idle, RTO_LATE_NONE);
    int64_t b = ktimer(k, k->idle, RTO_LATE_MAX);
    int64_t limit = (int64_t)k->ut * c->tpj;
    int64_t idle = (int64_t)k->idle * c->tpj;
    struct rto_window w;
    uint8_t probes_out = 0;
    int n0 = 0;

    if (k->rs.on && k->rs.exact) {
        kwindow_exact_start(k, &a, &b);
        probes_out = (uint8_t)k->rs.count;
        n0 = k->rs.count;
    } else if (k->rs.on) {
        a = k->rs.first;
        b = a + rto_late_ticks(c, k->rs.timer, RTO_LATE_MAX) + k->rs.slip;
        probes_out = (uint8_t)k->rs.count;
        n0 = k->rs.count;
        if (a < idle) {
            /* Re-armed for the rest of the idle time (krun()). */
            b = (b > idle ? b : idle)
                + rto_late_ticks(c, rto_us_to_jiffies(
                                        rto_ticks_to_us(c, idle - a), c->hz),
                                 RTO_LATE_MAX)
                + k->rs.slip;
            a = idle;
        }
    }
    rto_window_init(&w);
    for (int n = n0; n < MAX_FIRINGS; n++) {
        bool can_die, can_live;

        if (k->ut) {
            can_die = probes_out > 0 && b >= limit;
            can_live = probes_out == 0 || a < limit;
        } else {
            can_die = probes_out >= k->probes;
            can_live = !can_die;
        }
        if (can_die)
            rto_window_add(&w, (k->ut && a < limit) ? limit : a, b, n);
        if (!can_live)
            break;
        /* Still alive: at most the jiffy before the user timeout. */
        if (k->ut && probes_out > 0 && b >= limit)
            b = limit - c->tpj;
        probes_out++;
        if (k->rs.on && k->rs.exact) {
            rto_resume_step(&k->rs, c, k->intvl, k->intvl, k->intvl,
                            k->intvl, &a, &b);
            continue;
        }
        a += ktimer(k, k->intvl, RTO_LATE_NONE);
        b += ktimer(k, k->intvl, RTO_LATE_MAX) + k->rs.slip;
    }
    rto_window_store(&w, c, t);
}

int rto_keepalive_resume(const struct rto_params *p,
                         const struct rto_resume *rs, struct rto_timeline *t)
{
    struct kplan k;
    struct krun nom, typ, fill;
    int err = rto_params_validate(p, NULL);

    if (err)
        return err;
    kplan_init(&k, p);
    if (rs)
        k.rs = *rs;
    rto_timeline_init(t, t->events, t->cap);
    t->path = RTO_PATH_KEEPALIVE;
    t->initial_rto_us = (int64_t)rto_jiffies_to_us(k.idle, p->hz);
    t->budget_us = p->user_timeout_us ? p->user_timeout_us : RTO_NONE;
    t->reason = k.ut ? RTO_REASON_USER_TIMEOUT : RTO_REASON_KEEPALIVE_PROBES;
    /* With a user timeout the probe count is ignored (tcp_keepalive_timer()). */
    t->count_limit = k.ut ? -1 : p->keepalive_probes;
    t->user_timeout_us = k.ut ? p->user_timeout_us : RTO_NONE;
    t->error = ETIMEDOUT;

    krun(&k, RTO_LATE_NONE, true, 0, t, K_CREATE, &nom);
    krun(&k, RTO_LATE_TYPICAL, true, 0, t, K_TYPICAL, &typ);
    krun(&k, RTO_LATE_MAX, false, nom.probes, t, K_LATEST, &fill);
    kwindow(&k, t);

    t->retransmissions = nom.probes;
    t->retransmissions_typical = typ.probes;
    t->give_up_us = rto_ticks_to_us(&k.clk, nom.death);
    t->give_up_typical_us = rto_ticks_to_us(&k.clk, typ.death);
    /* The RST and the give-up share the final firing. */
    for (size_t i = t->count >= 2 ? t->count - 2 : 0; i < t->count; i++) {
        if (t->events[i].type == RTO_EV_RST
            || t->events[i].type == RTO_EV_GIVE_UP) {
            t->events[i].typical_us = t->give_up_typical_us;
            t->events[i].latest_us = t->give_up_latest_us;
        }
    }
    return RTO_OK;
}

int rto_keepalive(const struct rto_params *p, struct rto_timeline *t)
{
    return rto_keepalive_resume(p, NULL, t);
}
