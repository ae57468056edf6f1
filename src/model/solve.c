/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The inverse solver (REFERENCES.md section 8, item 1): settings that make
 * a path give up within a target time.
 *
 * "Within the target" always means the latest give-up of the model
 * (t.give_up_latest_us, the upper end of the give-up window: every timer
 * as late as the wheel allows) is at most target_us: a guarantee, not the
 * typical case.  Each solution also carries the typical give-up (every
 * timer late by half its wheel granularity).  Every candidate is run through the public path
 * functions (rto_retrans, rto_keepalive, rto_syn, rto_orphan); nothing is
 * computed in closed form.  Each solution changes only its own knobs in a
 * copy of p; TCP_USER_TIMEOUT is taken as off unless it is the solved knob,
 * since a user timeout in the context would replace the count or budget
 * being solved for.
 *
 * Retransmissions (RTO_PATH_RETRANS), in this order:
 *   1. tcp_retries2: the largest value (0..255 on profiles with u8
 *      sysctls, else 0..1000) that fits, scanning up from 0 to the first
 *      value that does not (a give-up never shrinks as a count grows; the
 *      same scan serves every count below); next_give_up_us and
 *      next_give_up_latest_us are the typical and latest give-up of
 *      value + 1 (RTO_NONE at the end of the range).
 *      None when even 0 is too late.
 *   2. TCP_USER_TIMEOUT: the largest whole number of ms that fits, by
 *      binary search (the give-up grows with the timeout); next_give_up_us
 *      is RTO_NONE.  The note says the timeout counts from the first RTO
 *      retransmission, and, when step 1 found nothing, that no
 *      tcp_retries2 fits.  Only on profiles with TCP_USER_TIMEOUT.
 *   3. On profiles with tcp_rto_max_ms: for rto_max 1, 2, 5, 10, 30 and
 *      60 s, the largest tcp_retries2 that fits at that rto_max (knob
 *      "tcp_rto_max_ms" in ms, knob2 "tcp_retries2"); rto_max values where
 *      even tcp_retries2 0 is too late are left out.
 *
 * Keepalive (RTO_PATH_KEEPALIVE), whole seconds, T = target in whole s:
 *   for tcp_keepalive_probes P in 3, 5, 9:
 *     idle = T / 2, at most 32767 s (MAX_TCP_KEEPIDLE), at least 1 s;
 *     intvl = max(1, (T - idle) / P) from that idle, at most 32767 s
 *     (MAX_TCP_KEEPINTVL), so the triple is also valid as TCP_KEEPIDLE /
 *     TCP_KEEPINTVL / TCP_KEEPCNT;
 *     middleboxes (entries with idle_us <= 0 are ignored): idle and intvl
 *     are each at most rto_timer_below_s() of the smallest idle timeout,
 *     the largest whole second whose timer, as late as the wheel allows,
 *     fires strictly before it (none when that is 0).  The first probe
 *     then always leaves before the middlebox forgets the flow; a live
 *     peer answers it, which restarts both the socket's idle clock and
 *     the middlebox's; and a probe lost on the way is followed by the next
 *     before the middlebox forgets the flow;
 *     then, while the latest give-up exceeds the target, take one second
 *     off the larger of idle and intvl (idle on a tie; never below 1 s).
 *     P has no solution when both are at 1 s and it still does not fit.
 *   Plus one TCP_USER_TIMEOUT solution by Cloudflare's rule (REFERENCES.md
 *   TV-17), UT = idle + intvl x P in ms, for the first triple found,
 *   verified with that idle and intvl (knob2 "tcp_keepalive_time", knob3
 *   "tcp_keepalive_intvl"); with a user timeout tcp_keepalive_probes is
 *   ignored.
 *
 * SYN (RTO_PATH_SYN): the largest tcp_syn_retries (1..127) that fits with
 * the profile's tcp_syn_linear_timeouts from p, next_give_up_us for + 1.
 *
 * Orphans (RTO_PATH_ORPHAN): the largest tcp_orphan_retries (1..255) that
 * fits, next_give_up_us for + 1; the note says whether the default 0
 * (which means 8 while the RTO is below rto_max) fits too.
 *
 * The latest give-up is the upper end of the window over every lateness,
 * never before the nominal or typical give-up, so a solution also fits
 * with every timer on time.  With middleboxes, every solution's gaps
 * between packets are checked (rto_middlebox_gaps); the first middlebox
 * that forgets the flow is named in forgotten_by.
 *
 * A path with no solution returns 0 with *count 0.  The model is pure:
 * each run uses an event array on the stack.
 */
#include <config.h>

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

#define US_PER_MS INT64_C(1000)
#define US_PER_S INT64_C(1000000)
#define SOLVE_EVENTS 512
/* MAX_TCP_KEEPIDLE and MAX_TCP_KEEPINTVL (include/net/tcp.h). */
#define KEEPALIVE_MAX_S 32767

typedef int (*path_fn)(const struct rto_params *, struct rto_timeline *);

/* The middleboxes of the question. */
struct boxes {
    const struct rto_middlebox *const *mb;
    size_t n;
};

/* One run of a path: the typical and latest give-up, and the first
 * middlebox that forgets the flow, or an error. */
struct outcome {
    int64_t typical_us;
    int64_t latest_us;
    const struct rto_middlebox *forgotten_by;
    struct rto_mb_check gap;
};

static int run(path_fn fn, const struct rto_params *p, const struct boxes *b,
               struct outcome *o)
{
    struct rto_event ev[SOLVE_EVENTS];
    struct rto_timeline t;
    int err;

    rto_timeline_init(&t, ev, SOLVE_EVENTS);
    err = fn(p, &t);
    if (err)
        return err;
    o->typical_us = t.give_up_typical_us;
    o->latest_us = t.give_up_latest_us;
    o->forgotten_by = NULL;
    for (size_t i = 0; b && i < b->n && !o->forgotten_by; i++) {
        if (!b->mb[i] || b->mb[i]->idle_us <= 0)
            continue;
        if ((err = rto_middlebox_gaps(&t, p->hz, b->mb[i]->idle_us,
                                      &o->gap)))
            return err;
        if (o->gap.verdict == RTO_MB_FORGETS)
            o->forgotten_by = b->mb[i];
    }
    return RTO_OK;
}

/* Within the target at the latest. */
static bool fits(const struct outcome *o, int64_t target_us)
{
    return o->latest_us != RTO_NONE && o->latest_us <= target_us;
}

/* The solutions found so far: the first cap are stored, all are counted. */
struct sink {
    struct rto_solution *out;
    size_t cap;
    size_t n;
    int64_t target_us;
    struct boxes boxes;
    struct rto_solution discard;    /* where those past cap are built */
};

static struct rto_solution *add(struct sink *s, const char *knob,
                                int64_t value, const struct outcome *o)
{
    struct rto_solution *r = s->n < s->cap ? &s->out[s->n] : &s->discard;

    s->n++;
    r->knob = knob;
    r->value = value;
    r->knob2 = NULL;
    r->value2 = 0;
    r->knob3 = NULL;
    r->value3 = 0;
    r->give_up_us = o->typical_us;
    r->give_up_latest_us = o->latest_us;
    r->next_give_up_us = RTO_NONE;
    r->next_give_up_latest_us = RTO_NONE;
    r->note = NULL;
    r->forgotten_by = o->forgotten_by;
    if (o->forgotten_by)
        r->gap = o->gap;
    else
        memset(&r->gap, 0, sizeof(r->gap));
    return r;
}

/*
 * The largest value v in [lo, hi] of the integer field *knob of q whose
 * latest give-up fits, scanning upwards (the give-up never shrinks as a
 * retry count grows).  Returns 1 and fills *best, *got and *next (the
 * outcome of v + 1, give-ups RTO_NONE past hi); 0 when lo already does
 * not fit; or a negative error.
 */
static int largest_count(path_fn fn, struct rto_params *q, int *knob, int lo,
                         int hi, const struct sink *s, int *best,
                         struct outcome *got, struct outcome *next)
{
    int64_t target_us = s->target_us;
    struct outcome o;
    int found = 0;
    int err;

    next->typical_us = next->latest_us = RTO_NONE;
    for (int v = lo; v <= hi; v++) {
        *knob = v;
        if ((err = run(fn, q, &s->boxes, &o)))
            return err;
        if (!fits(&o, target_us)) {
            *next = o;
            break;
        }
        found = 1;
        *best = v;
        *got = o;
    }
    return found;
}

/* Add a count solution with the give-ups of the next value. */
static struct rto_solution *add_count(struct sink *s, const char *knob,
                                      int64_t value, const struct outcome *o,
                                      const struct outcome *next)
{
    struct rto_solution *r = add(s, knob, value, o);

    r->next_give_up_us = next->typical_us;
    r->next_give_up_latest_us = next->latest_us;
    return r;
}

static int retries_max(const struct rto_params *p)
{
    return rto_kernel_has(p->kernel, RTO_FEAT_U8_SYSCTLS) ? 255 : 1000;
}

/* ------------------------------------------------------------------ */
/* Retransmissions                                                    */
/* ------------------------------------------------------------------ */

static const char note_ut[] =
    "TCP_USER_TIMEOUT counts from the first RTO retransmission, so the "
    "give-up comes that much (plus any tail loss probe) after the value";
static const char note_ut_no_r2[] =
    "no tcp_retries2 fits: even 0 gives up after the target; "
    "TCP_USER_TIMEOUT counts from the first RTO retransmission";

/* The largest TCP_USER_TIMEOUT in ms whose give-up fits: 0 if none. */
static int largest_ut(path_fn fn, struct rto_params *q, const struct sink *s,
                      int64_t *best_ms, struct outcome *got)
{
    /* The give-up comes after the timeout, so it is below the target. */
    int64_t lo = 1, hi = s->target_us / US_PER_MS;
    struct outcome o;
    int err;

    *best_ms = 0;
    if (hi > INT_MAX)
        hi = INT_MAX;
    while (lo <= hi) {
        int64_t mid = lo + (hi - lo) / 2;

        q->user_timeout_us = mid * US_PER_MS;
        if ((err = run(fn, q, &s->boxes, &o)))
            return err;
        if (fits(&o, s->target_us)) {
            *best_ms = mid;
            *got = o;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return *best_ms > 0;
}

static int solve_retrans(const struct rto_params *p, struct sink *s)
{
    static const int64_t rto_max_ms[] = { 1000, 2000, 5000, 10000, 30000,
                                          60000 };
    struct rto_params q = *p;
    struct outcome o, next;
    int64_t ut_ms;
    int best = 0, r2, err;

    /* 1. tcp_retries2 with no user timeout. */
    q.user_timeout_us = 0;
    r2 = largest_count(rto_retrans, &q, &q.retries2, 0, retries_max(p), s,
                       &best, &o, &next);
    if (r2 < 0)
        return r2;
    if (r2)
        add_count(s, "tcp_retries2", best, &o, &next);

    /* 2. TCP_USER_TIMEOUT with the context's tcp_retries2. */
    if (rto_kernel_has(p->kernel, RTO_FEAT_USER_TIMEOUT)) {
        q = *p;
        if ((err = largest_ut(rto_retrans, &q, s, &ut_ms, &o)) < 0)
            return err;
        if (err)
            add(s, "TCP_USER_TIMEOUT", ut_ms, &o)->note =
                r2 ? note_ut : note_ut_no_r2;
    }

    /* 3. (tcp_rto_max_ms, tcp_retries2) pairs. */
    if (rto_kernel_has(p->kernel, RTO_FEAT_RTO_MAX)) {
        for (size_t i = 0; i < sizeof(rto_max_ms) / sizeof(rto_max_ms[0]);
             i++) {
            struct rto_solution *r;

            q = *p;
            q.user_timeout_us = 0;
            q.rto_max_us = rto_max_ms[i] * US_PER_MS;
            err = largest_count(rto_retrans, &q, &q.retries2, 0,
                                retries_max(p), s, &best, &o, &next);
            if (err < 0)
                return err;
            if (!err)
                continue;
            r = add_count(s, "tcp_rto_max_ms", rto_max_ms[i], &o, &next);
            r->knob2 = "tcp_retries2";
            r->value2 = best;
        }
    }
    return RTO_OK;
}

/* ------------------------------------------------------------------ */
/* Keepalive                                                          */
/* ------------------------------------------------------------------ */

static const char note_cloudflare[] =
    "Cloudflare's rule: TCP_USER_TIMEOUT = idle + intvl x probes with this "
    "idle and intvl; tcp_keepalive_probes is then ignored, and the user "
    "timeout also bounds retransmissions";

/* The largest keepalive timer in whole seconds the middleboxes allow:
 * below the smallest idle timeout at its latest, or KEEPALIVE_MAX_S
 * without middleboxes; 0 when none is short enough. */
static int64_t middlebox_bound(int hz, const struct boxes *b)
{
    int64_t m = INT64_MAX;

    for (size_t i = 0; i < b->n; i++)
        if (b->mb[i] && b->mb[i]->idle_us > 0 && b->mb[i]->idle_us < m)
            m = b->mb[i]->idle_us;
    return m == INT64_MAX ? KEEPALIVE_MAX_S : rto_timer_below_s(hz, m);
}

static void set_keepalive(struct rto_params *q, int64_t idle, int64_t intvl,
                          int probes)
{
    q->keepalive_time_us = idle * US_PER_S;
    q->keepalive_intvl_us = intvl * US_PER_S;
    q->keepalive_probes = probes;
}

static int64_t clamp_s(int64_t v, int64_t hi)
{
    return v < 1 ? 1 : v > hi ? hi : v;
}

/*
 * One triple for `probes` by the rule above.  Returns 1 and fills *idle,
 * *intvl and *got, 0 when none fits, or an error.
 */
static int keepalive_triple(const struct rto_params *p, const struct sink *s,
                            int64_t bound, int probes, int64_t *idle_s,
                            int64_t *intvl_s, struct outcome *got)
{
    struct rto_params q = *p;
    int64_t total = s->target_us / US_PER_S;
    int64_t idle, intvl;
    struct outcome o;
    int err;

    if (bound < 1)
        return 0;
    q.user_timeout_us = 0;
    idle = clamp_s(total / 2, bound);
    intvl = clamp_s((total - idle) / probes, bound);

    /* Shrink the larger of the two until the latest give-up fits. */
    for (;;) {
        set_keepalive(&q, idle, intvl, probes);
        if ((err = run(rto_keepalive, &q, &s->boxes, &o)))
            return err;
        if (fits(&o, s->target_us))
            break;
        if (idle > 1 && idle >= intvl)
            idle--;
        else if (intvl > 1)
            intvl--;
        else if (idle > 1)
            idle--;
        else
            return 0;
    }
    *idle_s = idle;
    *intvl_s = intvl;
    *got = o;
    return 1;
}

static int solve_keepalive(const struct rto_params *p, struct sink *s)
{
    static const int probe_counts[] = { 3, 5, 9 };
    int64_t bound = middlebox_bound(p->hz, &s->boxes);
    int64_t first_idle = 0, first_intvl = 0;
    int first_probes = 0;

    for (size_t i = 0; i < sizeof(probe_counts) / sizeof(probe_counts[0]);
         i++) {
        int64_t idle = 0, intvl = 0;
        struct outcome o;
        struct rto_solution *r;
        int got = keepalive_triple(p, s, bound, probe_counts[i], &idle,
                                   &intvl, &o);

        if (got < 0)
            return got;
        if (!got)
            continue;
        r = add(s, "tcp_keepalive_time", idle, &o);
        r->knob2 = "tcp_keepalive_intvl";
        r->value2 = intvl;
        r->knob3 = "tcp_keepalive_probes";
        r->value3 = probe_counts[i];
        if (!first_probes) {
            first_idle = idle;
            first_intvl = intvl;
            first_probes = probe_counts[i];
        }
    }

    /* Cloudflare's rule for the first triple. */
    if (first_probes && rto_kernel_has(p->kernel, RTO_FEAT_USER_TIMEOUT)) {
        struct rto_params q = *p;
        int64_t ut_ms = (first_idle + first_intvl * first_probes) * 1000;
        struct outcome o;
        struct rto_solution *r;
        int err;

        if (ut_ms > INT_MAX)
            return RTO_OK;
        set_keepalive(&q, first_idle, first_intvl, first_probes);
        q.user_timeout_us = ut_ms * US_PER_MS;
        if ((err = run(rto_keepalive, &q, &s->boxes, &o)))
            return err;
        if (!fits(&o, s->target_us))
            return RTO_OK;
        r = add(s, "TCP_USER_TIMEOUT", ut_ms, &o);
        r->knob2 = "tcp_keepalive_time";
        r->value2 = first_idle;
        r->knob3 = "tcp_keepalive_intvl";
        r->value3 = first_intvl;
        r->note = note_cloudflare;
    }
    return RTO_OK;
}

/* ------------------------------------------------------------------ */
/* SYN and orphans                                                    */
/* ------------------------------------------------------------------ */

static int solve_syn(const struct rto_params *p, struct sink *s)
{
    struct rto_params q = *p;
    struct outcome o, next;
    int best = 0, got;

    q.user_timeout_us = 0;
    got = largest_count(rto_syn, &q, &q.syn_retries, 1, 127, s, &best, &o,
                        &next);
    if (got < 0)
        return got;
    if (got)
        add_count(s, "tcp_syn_retries", best, &o, &next);
    return RTO_OK;
}

/* [the default 0 fits too] */
static const char *const note_orphan[2] = {
    "the default 0 means 8 while the RTO is below rto_max, which gives up "
    "after the target",
    "the default 0 means 8 while the RTO is below rto_max, and fits too",
};

static int solve_orphan(const struct rto_params *p, struct sink *s)
{
    struct rto_params q = *p;
    struct outcome o, def, next;
    struct rto_solution *r;
    int best = 0, got, err;

    q.user_timeout_us = 0;
    got = largest_count(rto_orphan, &q, &q.orphan_retries, 1, 255, s, &best,
                        &o, &next);
    if (got <= 0)
        return got;
    r = add_count(s, "tcp_orphan_retries", best, &o, &next);
    q.orphan_retries = 0;
    if ((err = run(rto_orphan, &q, NULL, &def)))
        return err;
    r->note = note_orphan[fits(&def, s->target_us)];
    return RTO_OK;
}

int rto_solve(const struct rto_params *p, enum rto_path path,
              int64_t target_us, const struct rto_middlebox *const *through,
              size_t nthrough, struct rto_solution *out, size_t cap,
              size_t *count)
{
    struct sink s = { .out = out, .cap = out ? cap : 0, .n = 0,
                      .target_us = target_us,
                      .boxes = { through, nthrough } };
    int err;

    if (!p || !count || target_us <= 0 || (nthrough && !through))
        return RTO_EINVAL;
    *count = 0;
    if ((err = rto_params_validate(p, NULL)))
        return err;
    switch (path) {
    case RTO_PATH_RETRANS:
        err = solve_retrans(p, &s);
        break;
    case RTO_PATH_KEEPALIVE:
        err = solve_keepalive(p, &s);
        break;
    case RTO_PATH_SYN:
        err = solve_syn(p, &s);
        break;
    case RTO_PATH_ORPHAN:
        err = solve_orphan(p, &s);
        break;
    case RTO_PATH_SYNACK:
    case RTO_PATH_FIN_WAIT2:
    case RTO_PATH_PROBE0:
    default:
        return RTO_EINVAL;
    }
    if (err)
        return err;
    *count = s.n;
    return RTO_OK;
}
