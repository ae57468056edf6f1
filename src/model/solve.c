/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The inverse solver (REFERENCES.md section 8, item 1): settings that make
 * a path give up within a target time.
 *
 * "Within the target" always means the typical give-up of the model
 * (t.give_up_typical_us: every timer late by half its wheel granularity)
 * is at most target_us.  Every candidate is run through the public path
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
 *      same scan serves every count below); next_give_up_us is the
 *      typical give-up of value + 1 (RTO_NONE at the end of the range).
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
 *     idle = T / 2, at most 32767 s (MAX_TCP_KEEPIDLE) and, with
 *     middleboxes, at most the largest whole second below the smallest of
 *     their idle timeouts (entries with idle_us <= 0 are ignored), at
 *     least 1 s; intvl = max(1, (T - idle) / P) from that idle, at most
 *     32767 s (MAX_TCP_KEEPINTVL), so the triple is also valid as
 *     TCP_KEEPIDLE / TCP_KEEPINTVL / TCP_KEEPCNT;
 *     middleboxes: idle must be below every given middlebox's idle
 *     timeout: lower idle until the first probe, at its latest (the whole
 *     wheel lateness), still goes out strictly before the smallest
 *     timeout (none when idle would drop below 1 s).  A live peer
 *     answers each probe, which restarts both the socket's idle clock and
 *     the middlebox's, so only the idle time has to be below the timeout,
 *     not idle + intvl;
 *     then, while the typical give-up exceeds the target, take one second
 *     off the larger of idle and intvl (idle on a tie; never below 1 s and
 *     never raising idle back over the middlebox bound).  P has no
 *     solution when both are at 1 s and it still does not fit.
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
 * A solution whose nominal give-up (every timer on time) misses the target
 * while the typical one meets it gets a note saying so: near a budget
 * boundary the lateness accumulated before the deciding firing can end the
 * socket one firing sooner (tcp_orphan_retries 4 at HZ 250, KERNEL.md 5.1
 * numbers: typical 6.502 s, nominal 12.852 s).
 *
 * A path with no solution returns 0 with *count 0.  The model is pure:
 * each run uses an event array on the stack.
 */
#include <config.h>

#include <limits.h>
#include <stdint.h>

#include "internal.h"

#define US_PER_MS INT64_C(1000)
#define US_PER_S INT64_C(1000000)
#define SOLVE_EVENTS 512
/* MAX_TCP_KEEPIDLE and MAX_TCP_KEEPINTVL (include/net/tcp.h). */
#define KEEPALIVE_MAX_S 32767

typedef int (*path_fn)(const struct rto_params *, struct rto_timeline *);

/* One run of a path; the typical and latest give-up, or an error. */
struct outcome {
    int64_t nominal_us;
    int64_t typical_us;
    int64_t latest_us;
    int64_t first_latest_us;    /* latest first probe (keepalive) */
};

static int run(path_fn fn, const struct rto_params *p, struct outcome *o)
{
    struct rto_event ev[SOLVE_EVENTS];
    struct rto_timeline t;
    int err;

    rto_timeline_init(&t, ev, SOLVE_EVENTS);
    err = fn(p, &t);
    if (err)
        return err;
    o->nominal_us = t.give_up_us;
    o->typical_us = t.give_up_typical_us;
    o->latest_us = t.give_up_latest_us;
    o->first_latest_us = RTO_NONE;
    for (size_t i = 0; i < t.count; i++) {
        if (ev[i].type == RTO_EV_PROBE) {
            o->first_latest_us = ev[i].latest_us;
            break;
        }
    }
    return RTO_OK;
}

static bool fits(const struct outcome *o, int64_t target_us)
{
    return o->typical_us != RTO_NONE && o->typical_us <= target_us;
}

/* The solutions found so far: the first cap are stored, all are counted. */
static const char note_late[] =
    "within the target only because timers fire late: the count ends one "
    "firing sooner than with every timer on time, whose give-up is later";

/* Set when the nominal give-up (timers on time) misses the target though
 * the typical one meets it: near a budget boundary the lateness of the
 * timers adds up and ends the socket one firing early. */
static bool late_only(const struct outcome *o, int64_t target_us)
{
    return o->nominal_us == RTO_NONE || o->nominal_us > target_us;
}

struct sink {
    struct rto_solution *out;
    size_t cap;
    size_t n;
    int64_t target_us;
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
    r->note = late_only(o, s->target_us) ? note_late : NULL;
    return r;
}

/*
 * The largest value v in [lo, hi] of the integer field *knob of q whose
 * typical give-up fits, scanning upwards (the give-up never shrinks as a
 * retry count grows).  Returns 1 and fills *best, *got and *next (the
 * typical give-up of v + 1, or RTO_NONE past hi); 0 when lo already does
 * not fit; or a negative error.
 */
static int largest_count(path_fn fn, struct rto_params *q, int *knob, int lo,
                         int hi, int64_t target_us, int *best,
                         struct outcome *got, int64_t *next)
{
    struct outcome o;
    int found = 0;
    int err;

    *next = RTO_NONE;
    for (int v = lo; v <= hi; v++) {
        *knob = v;
        if ((err = run(fn, q, &o)))
            return err;
        if (!fits(&o, target_us)) {
            *next = o.typical_us;
            break;
        }
        found = 1;
        *best = v;
        *got = o;
    }
    return found;
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
static int largest_ut(path_fn fn, struct rto_params *q, int64_t target_us,
                      int64_t *best_ms, struct outcome *got)
{
    /* The give-up comes after the timeout, so it is below the target. */
    int64_t lo = 1, hi = target_us / US_PER_MS;
    struct outcome o;
    int err;

    *best_ms = 0;
    if (hi > INT_MAX)
        hi = INT_MAX;
    while (lo <= hi) {
        int64_t mid = lo + (hi - lo) / 2;

        q->user_timeout_us = mid * US_PER_MS;
        if ((err = run(fn, q, &o)))
            return err;
        if (fits(&o, target_us)) {
            *best_ms = mid;
            *got = o;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return *best_ms > 0;
}

static int solve_retrans(const struct rto_params *p, int64_t target_us,
                         struct sink *s)
{
    static const int64_t rto_max_ms[] = { 1000, 2000, 5000, 10000, 30000,
                                          60000 };
    struct rto_params q = *p;
    struct outcome o;
    int64_t next, ut_ms;
    int best = 0, r2, err;

    /* 1. tcp_retries2 with no user timeout. */
    q.user_timeout_us = 0;
    r2 = largest_count(rto_retrans, &q, &q.retries2, 0, retries_max(p),
                       target_us, &best, &o, &next);
    if (r2 < 0)
        return r2;
    if (r2)
        add(s, "tcp_retries2", best, &o)->next_give_up_us = next;

    /* 2. TCP_USER_TIMEOUT with the context's tcp_retries2. */
    if (rto_kernel_has(p->kernel, RTO_FEAT_USER_TIMEOUT)) {
        q = *p;
        if ((err = largest_ut(rto_retrans, &q, target_us, &ut_ms, &o)) < 0)
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
                                retries_max(p), target_us, &best, &o, &next);
            if (err < 0)
                return err;
            if (!err)
                continue;
            r = add(s, "tcp_rto_max_ms", rto_max_ms[i], &o);
            r->knob2 = "tcp_retries2";
            r->value2 = best;
            r->next_give_up_us = next;
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

/* The smallest idle timeout of the given middleboxes, or INT64_MAX. */
static int64_t middlebox_idle(const struct rto_middlebox *const *through,
                              size_t nthrough)
{
    int64_t m = INT64_MAX;

    for (size_t i = 0; i < nthrough; i++)
        if (through[i] && through[i]->idle_us > 0
            && through[i]->idle_us < m)
            m = through[i]->idle_us;
    return m;
}

static void set_keepalive(struct rto_params *q, int64_t idle, int64_t intvl,
                          int probes)
{
    q->keepalive_time_us = idle * US_PER_S;
    q->keepalive_intvl_us = intvl * US_PER_S;
    q->keepalive_probes = probes;
}

/*
 * One triple for `probes` by the rule above.  Returns 1 and fills *idle,
 * *intvl and *got, 0 when none fits, or an error.
 */
static int keepalive_triple(const struct rto_params *p, int64_t target_us,
                            int64_t mb_us, int probes, int64_t *idle_s,
                            int64_t *intvl_s, struct outcome *got)
{
    struct rto_params q = *p;
    int64_t total = target_us / US_PER_S;
    int64_t idle = total / 2, intvl;
    struct outcome o;
    int err;

    q.user_timeout_us = 0;
    if (idle > KEEPALIVE_MAX_S)
        idle = KEEPALIVE_MAX_S;
    /* The largest whole second below the smallest middlebox timeout. */
    if (mb_us != INT64_MAX && idle > (mb_us - 1) / US_PER_S)
        idle = (mb_us - 1) / US_PER_S;
    if (idle < 1)
        idle = 1;
    intvl = (total - idle) / probes;
    if (intvl < 1)
        intvl = 1;
    if (intvl > KEEPALIVE_MAX_S)
        intvl = KEEPALIVE_MAX_S;

    /* Below the middleboxes: the first probe, as late as the wheel allows,
     * must leave strictly before the smallest idle timeout. */
    if (mb_us != INT64_MAX) {
        for (;;) {
            if (idle < 1)
                return 0;
            set_keepalive(&q, idle, intvl, probes);
            if ((err = run(rto_keepalive, &q, &o)))
                return err;
            if (o.first_latest_us != RTO_NONE && o.first_latest_us < mb_us)
                break;
            idle--;
        }
    }

    /* Shrink the larger of the two until the typical give-up fits.
     * Lowering idle keeps it below the middleboxes. */
    for (;;) {
        set_keepalive(&q, idle, intvl, probes);
        if ((err = run(rto_keepalive, &q, &o)))
            return err;
        if (fits(&o, target_us))
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

static int solve_keepalive(const struct rto_params *p, int64_t target_us,
                           const struct rto_middlebox *const *through,
                           size_t nthrough, struct sink *s)
{
    static const int probe_counts[] = { 3, 5, 9 };
    int64_t mb_us = middlebox_idle(through, nthrough);
    int64_t first_idle = 0, first_intvl = 0;
    int first_probes = 0;

    for (size_t i = 0; i < sizeof(probe_counts) / sizeof(probe_counts[0]);
         i++) {
        int64_t idle = 0, intvl = 0;
        struct outcome o;
        struct rto_solution *r;
        int got = keepalive_triple(p, target_us, mb_us, probe_counts[i],
                                   &idle, &intvl, &o);

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
        if ((err = run(rto_keepalive, &q, &o)))
            return err;
        if (!fits(&o, target_us))
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

static int solve_syn(const struct rto_params *p, int64_t target_us,
                     struct sink *s)
{
    struct rto_params q = *p;
    struct outcome o;
    int64_t next;
    int best = 0, got;

    q.user_timeout_us = 0;
    got = largest_count(rto_syn, &q, &q.syn_retries, 1, 127, target_us,
                        &best, &o, &next);
    if (got < 0)
        return got;
    if (got)
        add(s, "tcp_syn_retries", best, &o)->next_give_up_us = next;
    return RTO_OK;
}

/* [default 0 fits][only with lateness] */
static const char *const note_orphan[2][2] = {
    { "the default 0 means 8 while the RTO is below rto_max, which gives "
      "up after the target",
      "the default 0 means 8 while the RTO is below rto_max, which gives "
      "up after the target; this value is within the target only because "
      "timers fire late (on time, the count ends one firing later)" },
    { "the default 0 means 8 while the RTO is below rto_max, and fits too",
      "the default 0 means 8 while the RTO is below rto_max, and fits too; "
      "this value is within the target only because timers fire late (on "
      "time, the count ends one firing later)" },
};

static int solve_orphan(const struct rto_params *p, int64_t target_us,
                        struct sink *s)
{
    struct rto_params q = *p;
    struct outcome o, def;
    struct rto_solution *r;
    int64_t next;
    int best = 0, got, err;

    q.user_timeout_us = 0;
    got = largest_count(rto_orphan, &q, &q.orphan_retries, 1, 255,
                        target_us, &best, &o, &next);
    if (got <= 0)
        return got;
    r = add(s, "tcp_orphan_retries", best, &o);
    r->next_give_up_us = next;
    q.orphan_retries = 0;
    if ((err = run(rto_orphan, &q, &def)))
        return err;
    r->note = note_orphan[fits(&def, target_us)][late_only(&o, target_us)];
    return RTO_OK;
}

int rto_solve(const struct rto_params *p, enum rto_path path,
              int64_t target_us, const struct rto_middlebox *const *through,
              size_t nthrough, struct rto_solution *out, size_t cap,
              size_t *count)
{
    struct sink s = { .out = out, .cap = out ? cap : 0, .n = 0,
                      .target_us = target_us };
    int err;

    if (!p || !count || target_us <= 0 || (nthrough && !through))
        return RTO_EINVAL;
    *count = 0;
    if ((err = rto_params_validate(p, NULL)))
        return err;
    switch (path) {
    case RTO_PATH_RETRANS:
        err = solve_retrans(p, target_us, &s);
        break;
    case RTO_PATH_KEEPALIVE:
        err = solve_keepalive(p, target_us, through, nthrough, &s);
        break;
    case RTO_PATH_SYN:
        err = solve_syn(p, target_us, &s);
        break;
    case RTO_PATH_ORPHAN:
        err = solve_orphan(p, target_us, &s);
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
