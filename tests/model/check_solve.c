/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The inverse solver (rto_solve, src/model/solve.c; REFERENCES.md section
 * 8 item 1): settings that make a path give up within a target.
 *
 * "Within the target" means the latest give-up (every timer late by its
 * whole wheel granularity, KERNEL.md 0.3: the upper end of the give-up
 * window) is at most the target.  Each row names its source and gives the
 * first solution expected, derived by hand in the comment above it; then
 * every solution of every row is recomputed through the public path
 * functions: its typical and latest give-up must be the ones reported and
 * the latest within the target, and for a count the next value's latest
 * give-up must be after the target.
 *
 * Lateness at HZ 1000 (KERNEL.md 0.3: level L while delay < 63 x 8^L
 * jiffies, granularity 8^L, typical = half of it): 201 and 402 jiffies
 * +4 ms (L1); 804 .. 3216 +32 ms (L2); 6432 .. 25728 +256 ms (L3); 32256
 * to 258047 jiffies +2.048 s (L4); up to 2 064 383 jiffies, 32.768 s late
 * at most (L5).  At HZ 250 (4 ms jiffies): 51 jiffies +2 ms (L0); 102 ..
 * 408 +16 ms (L1); 816 .. 1632 +128 ms (L2).  The latest lateness is twice
 * each of these: 8 ms (L1), 64 ms (L2), 512 ms (L3), 4.096 s (L4), 32.768
 * s (L5) at HZ 1000; 4 ms (L0), 32 ms (L1), 256 ms (L2) at HZ 250.
 */
#include <check.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "rtocalc.h"
#include "helpers.h"

#define MAX_SOL 16
#define EV_CAP 512

/* The AWS Network Load Balancer's idle timeout (REFERENCES.md section 4),
 * built here rather than taken from rto_middlebox_find(). */
static const struct rto_middlebox aws_nlb = {
    "aws-nlb", "AWS Network Load Balancer (TCP)", SEC(350),
    "REFERENCES.md section 4: NLB 350 s"
};

struct row {
    const char *source;
    enum rto_path path;
    int kernel;              /* 0: the default profile (6.18) */
    int hz;                  /* 0: the default 1000 */
    int64_t rtt_us;          /* 0: the default 100 us */
    bool no_tlp;             /* TLP off (on by default) */
    int64_t target_us;
    const struct rto_middlebox *mb; /* NULL: none */
    size_t count;            /* how many solutions; 0: not checked */
    /* The first solution. */
    const char *knob;
    int64_t value, value2, value3;  /* SKIP: not checked */
    int64_t nominal_us;      /* its nominal give-up (rto_* give_up_us) */
    int64_t typical_us;      /* its typical give-up */
    int64_t next_nominal_us; /* nominal give-up of value + 1 */
    int64_t next_typical_us; /* typical give-up of value + 1 */
    int64_t latest_us;       /* its latest give-up */
    int64_t next_latest_us;  /* latest give-up of value + 1 */
};

static const struct row rows[] = {
    /*
     * The issue's `solve --target 100s --path retrans` at the defaults:
     * HZ 1000, RTT 100 us, TLP on.  Initial RTO 100 + max(200, 200 000)
     * us -> 201 jiffies = 201 ms; the TLP fires at min(usecs_to_jiffies(2
     * x 100 + 200 000), 201) = 201 ms, then the RTO doubles from 201 ms:
     * RTO firing n at 201 + 201 (2^n - 1) = 201 x 2^n ms, the stamp at
     * the first (402 ms), so since the stamp 201 (2^n - 2) ms.
     * retries2 7: model(7) = (2^8 - 1) x 200 = 51 000 ms; n = 7 gives
     * 25 326 < 51 000, n = 8 gives 51 054 >= 51 000: give-up at 201 x 256
     * = 51 456 ms.  Typical: the TLP and 8 RTO timers (201, 201, 402, 804,
     * 1608, 3216, 6432, 12 864, 25 728 jiffies) late 4 + 4 + 4 + 3 x 32 +
     * 3 x 256 = 876 ms: 52.332 s <= 100 s.
     * retries2 8: model(8) = 102 200 ms; n = 8 gives 51 054 < 102 200,
     * n = 9 gives 201 x 510 = 102 510 >= 102 200: give-up at 201 x 512 =
     * 102 912 ms; typical adds the 51 456-jiffy timer (L4, +2.048 s):
     * 102.912 + 0.876 + 2.048 = 105.836 s > 100 s.  So tcp_retries2 7.
     * The lateness never moves the firing that ends either run (25 326
     * + 1.2 s < 51 000, 51 054 + 1.8 s < 102 200).  Latest: the same
     * timers late 8 + 8 + 8 + 3 x 64 + 3 x 512 = 1752 ms: 53.208 s <=
     * 100 s; retries2 8 adds 4.096 s for the 51 456-jiffy timer: 102.912
     * + 1.752 + 4.096 = 108.760 s > 100 s.  So tcp_retries2 7.  Then one
     * TCP_USER_TIMEOUT and six (tcp_rto_max_ms, tcp_retries2) pairs.
     */
    { "issue: solve --target 100s --path retrans -> tcp_retries2 7",
      RTO_PATH_RETRANS, 0, 0, 0, false, SEC(100), NULL, 8,
      "tcp_retries2", 7, SKIP, SKIP, MS(51456), MS(52332), MS(102912),
      MS(105836), MS(53208), MS(108760) },
    /*
     * connect() at the defaults (initial RTO 1 s, tcp_syn_linear_timeouts
     * 4; KERNEL.md 3.3): syn_retries 2 gaps 1, 1, 1, 1, 1, 2 s; at 7 s the
     * count is 5 < 6 but model(2, 1 s) = 7 s has elapsed since the first
     * SYN: 7 s.  Typical: six 1000- or 2000-jiffy timers (L2) +32 ms each:
     * 7.192 s.  syn_retries 3: gaps 1 x 5, 2, 4, 8: the count 7 ends it at
     * 19 s (model(3, 1 s) = 15 s); typical 19 + 7 x 0.032 + 0.256 (the
     * 8000-jiffy timer, L3) = 19.48 s.  Latest: 7 + 6 x 0.064 = 7.384 s
     * <= 10 s; 19 + 7 x 0.064 + 0.512 = 19.96 s > 10 s.  So 2.
     */
    { "issue: solve --target 10s --path syn -> tcp_syn_retries 2 (7 s; "
      "3 -> 19 s)",
      RTO_PATH_SYN, 0, 0, 0, false, SEC(10), NULL, 1,
      "tcp_syn_retries", 2, SKIP, SKIP, SEC(7), MS(7192), SEC(19),
      MS(19480), MS(7384), MS(19960) },
    /*
     * Orphans at HZ 250, RTT 20 us, no TLP (KERNEL.md 5.1): RTO 51
     * jiffies = 204 ms, firing n at 0.204 (2^n - 1) s, stamp at the first.
     * orphan_retries 3: model(3) = 3 s, dies at F5 = 6.324 s (5.1); at F4
     * only 2.856 s (+ at most 3 x 32 ms) have elapsed since the stamp, so
     * every lateness dies at F5.  Timers 51, 102, 204, 408, 816 jiffies:
     * typical 6.324 + 0.002 + 3 x 0.016 + 0.128 = 6.502 s (measured 6.54
     * s, KERNEL.md 5.1), latest 6.324 + 0.004 + 3 x 0.032 + 0.256 = 6.680
     * s <= 10 s.
     * orphan_retries 4: model(4) = 6.2 s; on time, at F5 only 6.324 -
     * 0.204 = 6.120 s have elapsed, so it dies at F6 = 0.204 x 63 =
     * 12.852 s.  Typically the timers after the stamp put 6.120 + 0.176 =
     * 6.296 >= 6.2 s behind the stamp at F5: the typical run dies there,
     * 6.502 s, which is why the typical rule took 4.  The latest give-up:
     * alive at F5 needs the lateness since the stamp below 80 ms, at most
     * 76 ms (whole 4 ms jiffies), so F5 at 6.324 + 0.004 + 0.076 = 6.404
     * s and F6 at 6.404 + 6.528 + 0.256 (1632 jiffies, L2) = 13.188 s >
     * 10 s.  So 3; the default 0 (8) gives up after 100 s.
     */
    { "KERNEL.md 5.1: orphan target 10 s at HZ 250, RTT 20 us, no TLP -> "
      "tcp_orphan_retries 3 (latest 6.680 s; 4 -> 13.188 s)",
      RTO_PATH_ORPHAN, 0, 250, 20, true, SEC(10), NULL, 1,
      "tcp_orphan_retries", 3, SKIP, SKIP, MS(6324), MS(6502), MS(12852),
      MS(6502), MS(6680), MS(13188) },
    /*
     * Keepalive, target 300 s (T = 300): probes 3 first, idle = 150 s,
     * intvl = (300 - 150) / 3 = 50 s.  150 000 and 50 000 jiffies are L4,
     * +4.096 s each at the latest: idle + 3 intvl + 16.384 s, 316.384 s >
     * 300 s, so idle comes down (150 >= 50) to 133 s: 283 + 16.384 =
     * 299.384 s (134 s gives 300.384 s); typical 283 + 8.192 = 291.192 s.
     * Then probes 5 and 9 and Cloudflare's TCP_USER_TIMEOUT = 133 + 50 x
     * 3 = 283 s for the first triple.
     */
    { "REFERENCES.md 8.1, TV-17: keepalive within 300 s -> (133, 50, 3)",
      RTO_PATH_KEEPALIVE, 0, 0, 0, false, SEC(300), NULL, 4,
      "tcp_keepalive_time", 133, 50, 3, SEC(283), MS(291192), SKIP, SKIP,
      MS(299384), SKIP },
    /*
     * Keepalive, target 3600 s through the AWS NLB (350 s): idle and
     * intvl are at most the largest whole second whose timer at its latest
     * fires before 350 s: 317 s (317 000 jiffies, L5: 317 + 32.768 =
     * 349.768 s; 318 gives 350.768 s).  idle = min(1800, 317) = 317,
     * intvl = min((3600 - 317) / 3 = 1094, 317) = 317; latest 4 x 317 + 4
     * x 32.768 = 1399.072 s <= 3600 s.
     */
    { "REFERENCES.md section 4: keepalive within 3600 s through aws-nlb "
      "(350 s) -> (317, 317, 3)",
      RTO_PATH_KEEPALIVE, 0, 0, 0, false, SEC(3600), &aws_nlb, 4,
      "tcp_keepalive_time", 317, 317, 3, SEC(1268), SKIP, SKIP, SKIP,
      MS(1399072), SKIP },
    /*
     * The issue's `solve --target 60s`: the schedule of the 100 s row;
     * tcp_retries2 7 gives up by 53.208 s at the latest, 8 by 108.760 s.
     */
    { "issue: solve --target 60s -> tcp_retries2 7 (latest 53.208 s)",
      RTO_PATH_RETRANS, 0, 0, 0, false, SEC(60), NULL, 8,
      "tcp_retries2", 7, SKIP, SKIP, MS(51456), MS(52332), MS(102912),
      MS(105836), MS(53208), MS(108760) },
    /* The brief's targets on every solved path: each solution's latest
     * give-up, recomputed, within the target (checked below for every
     * row). */
    { "brief: retrans within 10 s", RTO_PATH_RETRANS, 0, 0, 0, false,
      SEC(10), NULL, 0, "tcp_retries2", SKIP, SKIP, SKIP, SKIP, SKIP, SKIP,
      SKIP, SKIP, SKIP },
    { "brief: retrans within 15 min", RTO_PATH_RETRANS, 0, 0, 0, false,
      SEC(900), NULL, 0, "tcp_retries2", SKIP, SKIP, SKIP, SKIP, SKIP, SKIP,
      SKIP, SKIP, SKIP },
    { "brief: keepalive within 10 s", RTO_PATH_KEEPALIVE, 0, 0, 0, false,
      SEC(10), NULL, 0, "tcp_keepalive_time", SKIP, SKIP, SKIP, SKIP, SKIP,
      SKIP, SKIP, SKIP, SKIP },
    { "brief: keepalive within 60 s", RTO_PATH_KEEPALIVE, 0, 0, 0, false,
      SEC(60), NULL, 0, "tcp_keepalive_time", SKIP, SKIP, SKIP, SKIP, SKIP,
      SKIP, SKIP, SKIP, SKIP },
    { "brief: keepalive within 15 min through aws-nlb", RTO_PATH_KEEPALIVE,
      0, 0, 0, false, SEC(900), &aws_nlb, 0, "tcp_keepalive_time", SKIP,
      SKIP, SKIP, SKIP, SKIP, SKIP, SKIP, SKIP, SKIP },
    { "brief: syn within 60 s", RTO_PATH_SYN, 0, 0, 0, false, SEC(60), NULL,
      1, "tcp_syn_retries", SKIP, SKIP, SKIP, SKIP, SKIP, SKIP, SKIP, SKIP,
      SKIP },
    { "brief: syn within 15 min", RTO_PATH_SYN, 0, 0, 0, false, SEC(900),
      NULL, 1, "tcp_syn_retries", SKIP, SKIP, SKIP, SKIP, SKIP, SKIP, SKIP,
      SKIP, SKIP },
    { "brief: orphan within 60 s", RTO_PATH_ORPHAN, 0, 0, 0, false, SEC(60),
      NULL, 1, "tcp_orphan_retries", SKIP, SKIP, SKIP, SKIP, SKIP, SKIP,
      SKIP, SKIP, SKIP },
    { "brief: orphan within 15 min at HZ 250", RTO_PATH_ORPHAN, 0, 250, 0,
      false, SEC(900), NULL, 1, "tcp_orphan_retries", SKIP, SKIP, SKIP,
      SKIP, SKIP, SKIP, SKIP, SKIP, SKIP },
    /* Linux 5.10 has TCP_USER_TIMEOUT but no tcp_rto_max_ms: the
     * tcp_retries2 and TCP_USER_TIMEOUT solutions only (5.10 runs the
     * same schedule as 6.18 for 100 s: 7). */
    { "KERNEL.md 2.4: no tcp_rto_max_ms before 6.15 -> two solutions",
      RTO_PATH_RETRANS, RTO_KERNEL(5, 10), 0, 0, false, SEC(100), NULL, 2,
      "tcp_retries2", 7, SKIP, SKIP, SKIP, SKIP, SKIP, SKIP, SKIP, SKIP },
    /* Linux 2.6.32 has neither TCP_USER_TIMEOUT nor tcp_rto_max_ms. */
    { "KERNEL.md 1.5: no TCP_USER_TIMEOUT before 2.6.37 -> one solution",
      RTO_PATH_RETRANS, RTO_KERNEL(2, 6) | 32, 0, 0, false, SEC(100), NULL,
      1, "tcp_retries2", SKIP, SKIP, SKIP, SKIP, SKIP, SKIP, SKIP, SKIP,
      SKIP },
};

/* The params of a row. */
static void row_params(const struct row *r, struct rto_params *p)
{
    if (r->kernel)
        rto_params_default_for(p, r->kernel);
    else
        rto_params_default(p);
    if (r->hz)
        p->hz = r->hz;
    if (r->rtt_us)
        p->rtt_us = r->rtt_us;
    if (r->no_tlp)
        p->tlp = false;
}

/* Apply solution s (its values bumped by `plus` for a count) to a copy of
 * the context and run the path.  Returns the path function's result. */
static int rerun(const struct rto_params *ctx, enum rto_path path,
                 const struct rto_solution *s, int plus,
                 struct rto_timeline *t)
{
    static struct rto_event ev[EV_CAP];
    struct rto_params q = *ctx;

    rto_timeline_init(t, ev, EV_CAP);
    q.user_timeout_us = 0;
    if (!strcmp(s->knob, "tcp_retries2")) {
        q.retries2 = (int)s->value + plus;
    } else if (!strcmp(s->knob, "tcp_rto_max_ms")) {
        ck_assert_str_eq(s->knob2, "tcp_retries2");
        q.rto_max_us = MS(s->value);
        q.retries2 = (int)s->value2 + plus;
    } else if (!strcmp(s->knob, "TCP_USER_TIMEOUT")) {
        q.user_timeout_us = MS(s->value);
        if (path == RTO_PATH_KEEPALIVE) {
            ck_assert_str_eq(s->knob2, "tcp_keepalive_time");
            ck_assert_str_eq(s->knob3, "tcp_keepalive_intvl");
            q.keepalive_time_us = SEC(s->value2);
            q.keepalive_intvl_us = SEC(s->value3);
        }
    } else if (!strcmp(s->knob, "tcp_keepalive_time")) {
        ck_assert_str_eq(s->knob2, "tcp_keepalive_intvl");
        ck_assert_str_eq(s->knob3, "tcp_keepalive_probes");
        q.keepalive_time_us = SEC(s->value);
        q.keepalive_intvl_us = SEC(s->value2);
        q.keepalive_probes = (int)s->value3;
    } else if (!strcmp(s->knob, "tcp_syn_retries")) {
        q.syn_retries = (int)s->value + plus;
    } else if (!strcmp(s->knob, "tcp_orphan_retries")) {
        q.orphan_retries = (int)s->value + plus;
    } else {
        ck_abort_msg("unknown knob %s", s->knob);
    }
    switch (path) {
    case RTO_PATH_RETRANS:
        return rto_retrans(&q, t);
    case RTO_PATH_KEEPALIVE:
        return rto_keepalive(&q, t);
    case RTO_PATH_SYN:
        return rto_syn(&q, t);
    case RTO_PATH_ORPHAN:
        return rto_orphan(&q, t);
    default:
        ck_abort_msg("path %d", (int)path);
        return -1;
    }
}

static bool is_count(const struct rto_solution *s)
{
    return strcmp(s->knob, "TCP_USER_TIMEOUT") != 0
           && strcmp(s->knob, "tcp_keepalive_time") != 0;
}

/* A value against its hand derivation, unless that is SKIP. */
static void expect(const char *source, const char *what, int64_t got,
                   int64_t want)
{
    if (want != SKIP)
        ck_assert_msg(got == want, "%s: %s %" PRId64 ", want %" PRId64,
                      source, what, got, want);
}

START_TEST(test_rows)
{
    const struct row *r = &rows[_i];
    struct rto_params p;
    struct rto_solution sol[MAX_SOL];
    struct rto_timeline t;
    size_t n = 0;
    bool have_ut = false;

    row_params(r, &p);
    ck_assert_msg(rto_solve(&p, r->path, r->target_us,
                            r->mb ? &r->mb : NULL, r->mb ? 1 : 0, sol,
                            MAX_SOL, &n) == RTO_OK, "%s", r->source);
    ck_assert_msg(n >= 1 && n <= MAX_SOL, "%s: %zu solutions", r->source,
                  n);
    if (r->count)
        ck_assert_msg(n == r->count, "%s: %zu solutions, want %zu",
                      r->source, n, r->count);

    /* The first solution, against the hand derivation. */
    ck_assert_msg(!strcmp(sol[0].knob, r->knob), "%s: knob %s", r->source,
                  sol[0].knob);
    if (r->value != SKIP)
        ck_assert_msg(sol[0].value == r->value,
                      "%s: value %" PRId64 ", want %" PRId64, r->source,
                      sol[0].value, r->value);
    if (r->value2 != SKIP)
        ck_assert_msg(sol[0].value2 == r->value2, "%s: value2 %" PRId64,
                      r->source, sol[0].value2);
    if (r->value3 != SKIP)
        ck_assert_msg(sol[0].value3 == r->value3, "%s: value3 %" PRId64,
                      r->source, sol[0].value3);
    ck_assert_int_eq(rerun(&p, r->path, &sol[0], 0, &t), RTO_OK);
    expect(r->source, "nominal", t.give_up_us, r->nominal_us);
    expect(r->source, "typical", sol[0].give_up_us, r->typical_us);
    expect(r->source, "latest", sol[0].give_up_latest_us, r->latest_us);
    expect(r->source, "next typical", sol[0].next_give_up_us,
           r->next_typical_us);
    expect(r->source, "next latest", sol[0].next_give_up_latest_us,
           r->next_latest_us);
    if (r->next_nominal_us != SKIP) {
        ck_assert_int_eq(rerun(&p, r->path, &sol[0], 1, &t), RTO_OK);
        expect(r->source, "next nominal", t.give_up_us, r->next_nominal_us);
    }

    /* Every solution through the model. */
    for (size_t i = 0; i < n; i++) {
        const struct rto_solution *s = &sol[i];

        ck_assert_int_eq(rerun(&p, r->path, s, 0, &t), RTO_OK);
        ck_assert_msg(t.give_up_typical_us == s->give_up_us
                      && t.give_up_latest_us == s->give_up_latest_us,
                      "%s: solution %zu (%s %" PRId64 ") recomputed %" PRId64
                      ", reported %" PRId64, r->source, i, s->knob, s->value,
                      t.give_up_typical_us, s->give_up_us);
        ck_assert_msg(s->give_up_latest_us <= r->target_us,
                      "%s: solution %zu gives up at %" PRId64 " at the "
                      "latest", r->source, i, s->give_up_latest_us);
        ck_assert(s->give_up_latest_us >= s->give_up_us);
        ck_assert(s->give_up_latest_us >= t.give_up_us);
        if (is_count(s)) {
            /* The next value is past the target, or past the range. */
            if (s->next_give_up_latest_us != RTO_NONE) {
                ck_assert_msg(s->next_give_up_latest_us > r->target_us,
                              "%s: solution %zu next %" PRId64, r->source,
                              i, s->next_give_up_latest_us);
                ck_assert_int_eq(rerun(&p, r->path, s, 1, &t), RTO_OK);
                ck_assert(t.give_up_typical_us == s->next_give_up_us);
                ck_assert(t.give_up_latest_us == s->next_give_up_latest_us);
            }
        } else {
            ck_assert(s->next_give_up_us == RTO_NONE
                      && s->next_give_up_latest_us == RTO_NONE);
        }
        if (!strcmp(s->knob, "TCP_USER_TIMEOUT")) {
            have_ut = true;
            ck_assert_ptr_nonnull(s->note);
        }
        if (r->path == RTO_PATH_KEEPALIVE && r->mb) {
            /* The first probe and every later one leave before the
             * middlebox forgets the flow, at their latest. */
            int64_t prev = 0;

            for (size_t k = 0; k < t.count; k++) {
                if (t.events[k].type != RTO_EV_PROBE)
                    continue;
                ck_assert_msg(t.events[k].latest_us - prev
                                  < r->mb->idle_us,
                              "%s: solution %zu probe %d", r->source, i,
                              t.events[k].n);
                prev = t.events[k].latest_us;
            }
            ck_assert_ptr_null(s->forgotten_by);
        }
        if (r->path == RTO_PATH_KEEPALIVE
            && !strcmp(s->knob, "TCP_USER_TIMEOUT")) {
            /* Cloudflare's rule: UT = idle + intvl x probes of the first
             * triple. */
            ck_assert_str_eq(sol[0].knob, "tcp_keepalive_time");
            ck_assert(s->value2 == sol[0].value
                      && s->value3 == sol[0].value2);
            ck_assert(s->value
                      == MS(sol[0].value + sol[0].value2 * sol[0].value3));
        }
    }
    /* The issue wants a TCP_USER_TIMEOUT beside tcp_retries2 wherever
     * the profile has the option. */
    if ((r->path == RTO_PATH_RETRANS || r->path == RTO_PATH_KEEPALIVE)
        && rto_kernel_has(p.kernel, RTO_FEAT_USER_TIMEOUT))
        ck_assert_msg(have_ut, "%s: no TCP_USER_TIMEOUT", r->source);
}
END_TEST

/* The TCP_USER_TIMEOUT of the 100 s retransmission row is the largest
 * whole ms that fits: 1 ms more gives up after the target. */
START_TEST(test_user_timeout_largest)
{
    struct rto_params p;
    struct rto_solution sol[MAX_SOL], s;
    struct rto_timeline t;
    size_t n;

    rto_params_default(&p);
    ck_assert_int_eq(rto_solve(&p, RTO_PATH_RETRANS, SEC(100), NULL, 0, sol,
                               MAX_SOL, &n), RTO_OK);
    ck_assert_str_eq(sol[1].knob, "TCP_USER_TIMEOUT");
    ck_assert(strstr(sol[1].note, "first RTO retransmission") != NULL);
    s = sol[1];
    s.value++;
    ck_assert_int_eq(rerun(&p, RTO_PATH_RETRANS, &s, 0, &t), RTO_OK);
    ck_assert(t.give_up_latest_us > SEC(100));
}
END_TEST

/* Fewer slots than solutions: the first cap are stored, all counted. */
START_TEST(test_cap)
{
    struct rto_params p;
    struct rto_solution all[MAX_SOL], one[2];
    size_t n_all, n_one, n_none;

    rto_params_default(&p);
    ck_assert_int_eq(rto_solve(&p, RTO_PATH_RETRANS, SEC(100), NULL, 0, all,
                               MAX_SOL, &n_all), RTO_OK);
    memset(one, 0xa5, sizeof(one));
    ck_assert_int_eq(rto_solve(&p, RTO_PATH_RETRANS, SEC(100), NULL, 0, one,
                               1, &n_one), RTO_OK);
    ck_assert_int_eq(rto_solve(&p, RTO_PATH_RETRANS, SEC(100), NULL, 0,
                               NULL, 0, &n_none), RTO_OK);
    ck_assert_uint_eq(n_one, n_all);
    ck_assert_uint_eq(n_none, n_all);
    ck_assert_str_eq(one[0].knob, all[0].knob);
    ck_assert(one[0].value == all[0].value);
    /* The slot past cap is untouched. */
    {
        unsigned char pat[sizeof(one[1])];
        memset(pat, 0xa5, sizeof(pat));
        ck_assert(memcmp(&one[1], pat, sizeof(pat)) == 0);
    }
}
END_TEST

struct bad_row {
    const char *source;
    enum rto_path path;
    int64_t target_us;
    int want;           /* RTO_EINVAL, or 0 with no solution */
};

static const struct bad_row bad_rows[] = {
    { "brief: target 0 -> RTO_EINVAL", RTO_PATH_RETRANS, 0, RTO_EINVAL },
    { "brief: a negative target -> RTO_EINVAL", RTO_PATH_SYN, -SEC(1),
      RTO_EINVAL },
    { "brief: SYN-ACK is not solved -> RTO_EINVAL", RTO_PATH_SYNACK,
      SEC(100), RTO_EINVAL },
    { "brief: FIN_WAIT2 is not solved -> RTO_EINVAL", RTO_PATH_FIN_WAIT2,
      SEC(100), RTO_EINVAL },
    { "brief: zero-window probes are not solved -> RTO_EINVAL",
      RTO_PATH_PROBE0, SEC(100), RTO_EINVAL },
    /* 300 ms: even tcp_retries2 0 dies at the second RTO firing, 804 ms,
     * and any user timeout after the first, 402 ms: none. */
    { "row 1 derivation: retrans within 300 ms -> none", RTO_PATH_RETRANS,
      MS(300), 0 },
    /* 2 s: tcp_syn_retries 1 gives up at model(1, 1 s) = 3 s: none. */
    { "KERNEL.md 3.3: syn within 2 s -> none", RTO_PATH_SYN, SEC(2), 0 },
    /* 3 s: the smallest triple, idle 1 s and 3 probes 1 s apart, gives
     * up at 4 s: none. */
    { "KERNEL.md 6.2: keepalive within 3 s -> none", RTO_PATH_KEEPALIVE,
      SEC(3), 0 },
};

START_TEST(test_bad)
{
    const struct bad_row *r = &bad_rows[_i];
    struct rto_params p;
    struct rto_solution sol[MAX_SOL];
    size_t n = 99;

    rto_params_default(&p);
    ck_assert_msg(rto_solve(&p, r->path, r->target_us, NULL, 0, sol,
                            MAX_SOL, &n) == r->want, "%s", r->source);
    if (r->want == 0)
        ck_assert_msg(n == 0, "%s: %zu solutions", r->source, n);
}
END_TEST

/* An invalid context is refused like the path functions refuse it. */
START_TEST(test_invalid_params)
{
    struct rto_params p;
    struct rto_solution sol[MAX_SOL];
    size_t n;

    rto_params_default(&p);
    p.hz = 999;
    ck_assert_int_eq(rto_solve(&p, RTO_PATH_RETRANS, SEC(100), NULL, 0, sol,
                               MAX_SOL, &n), RTO_EINVAL);
}
END_TEST

Suite *solve_suite(void)
{
    Suite *s = suite_create("solve");
    TCase *tc = tcase_create("solve");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_rows, 0, (int)N_ROWS(rows));
    tcase_add_test(tc, test_user_timeout_largest);
    tcase_add_test(tc, test_cap);
    tcase_add_loop_test(tc, test_bad, 0, (int)N_ROWS(bad_rows));
    tcase_add_test(tc, test_invalid_params);
    suite_add_tcase(s, tc);
    return s;
}
