/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The RTT estimator (rto_rtt_run, src/model/rtt.c): a series of samples
 * through tcp_rtt_estimator() and tcp_set_rto() (KERNEL.md 2.2), beside
 * RFC 6298 (KERNEL.md 2.6).
 *
 * Every row is a series of samples with the state expected after each
 * one, derived by hand in the comment above the row.  Notation: S = 8 x
 * SRTT (srtt_us), D = 4 x mdev (mdev_us), X = mdev_max_us, V = rttvar_us,
 * all in us; ">>" truncates.  Each sample is the last of its RTT window,
 * so after every sample but the first the window ends: if X < V then
 * V -= (V - X) >> 2, and X = rto_min (200 000 unless the row says).
 * The kernel RTO is usecs_to_jiffies(S >> 3 + V) (rounded up) capped at
 * rto_max; rto_us is that many jiffies back in us (truncated at HZ 300).
 * The RFC side: first R: SRTT = R, RTTVAR = R / 2; later
 * RTTVAR = (3 RTTVAR + |SRTT - R|) / 4 and then SRTT = (7 SRTT + R) / 8,
 * both truncated; RTO = SRTT + max(G, 4 RTTVAR), G = one jiffy rounded up
 * to us, then at least 1 s (RFC 6298 2.4) and at most rto_max.
 */
#include <check.h>
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "rtocalc.h"
#include "helpers.h"

#define MAX_SAMPLES 5

/* The state after one sample. */
struct want {
    uint32_t srtt8, mdev4, mdev_max, rttvar;
    uint64_t rto_jiffies;
    int64_t rto_us;
    int64_t rfc_srtt, rfc_rttvar, rfc_rto;
};

struct rtt_row {
    const char *source;
    int hz;
    int64_t rto_min_us;      /* 0: the default 200 ms */
    int64_t rto_max_us;      /* 0: the default 120 s */
    size_t n;
    int64_t samples[MAX_SAMPLES];
    struct want want[MAX_SAMPLES];
};

static const struct rtt_row rtt_rows[] = {
    /*
     * 10 ms: S = 80 000, D = 20 000, V = max(20 000, 200 000) = 200 000,
     * X = V; RTO = 10 000 + 200 000 = 210 000 us = 210 jiffies.
     * RFC: SRTT 10 000, RTTVAR 5 000, 10 000 + 20 000 -> 1 s.
     * 12 ms: err = 12 000 - 10 000 = 2 000, S = 82 000;
     * e = 2 000 - 20 000 >> 2 = -3 000, D = 17 000 (not > X); window end:
     * X = V, no decay; RTO = 10 250 + 200 000 = 210 250 -> 211 jiffies.
     * RFC: RTTVAR (15 000 + 2 000) / 4 = 4 250, SRTT (70 000 + 12 000)
     * / 8 = 10 250, RTO 10 250 + 17 000 -> 1 s.
     * 50 ms: err = 50 000 - 10 250 = 39 750, S = 121 750;
     * e = 39 750 - 17 000 >> 2 = 35 500, D = 52 500 (not > X); V stays
     * 200 000; RTO = 15 218 + 200 000 = 215 218 -> 216 jiffies.
     * RFC: RTTVAR (12 750 + 39 750) / 4 = 13 125, SRTT (71 750 + 50 000)
     * / 8 = 15 218, RTO 15 218 + 52 500 -> 1 s.
     */
    { "project issue: rto --samples 10ms,12ms,50ms -> 216 ms", 1000, 0, 0,
      3, { 10000, 12000, 50000 },
      { { 80000, 20000, 200000, 200000, 210, 210000, 10000, 5000, SEC(1) },
        { 82000, 17000, 200000, 200000, 211, 211000, 10250, 4250, SEC(1) },
        { 121750, 52500, 200000, 200000, 216, 216000, 15218, 13125,
          SEC(1) } } },
    /* 20 us: S = 160, D = 40, V = X = 200 000; 20 + 200 000 = 200 020 us
     * = 50.005 jiffies of 4 ms -> 51 = 204 ms.  RFC: SRTT 20, RTTVAR 10,
     * 20 + max(4 000, 40) -> 1 s. */
    { "KERNEL.md 2.5: loopback 20 us, HZ=250 -> 204 ms", 250, 0, 0, 1,
      { 20 }, { { 160, 40, 200000, 200000, 51, 204000, 20, 10, SEC(1) } } },
    /* 200 020 us -> 201 jiffies of 1 ms. */
    { "KERNEL.md 2.5: loopback 20 us, HZ=1000 -> 201 ms", 1000, 0, 0, 1,
      { 20 }, { { 160, 40, 200000, 200000, 201, 201000, 20, 10, SEC(1) } } },
    /* 200 020 us x 300 / 10^6 = 60.006 -> 61 jiffies = 203 333.3 us,
     * truncated (rto_min: 60 jiffies = 200 000 us exactly). */
    { "KERNEL.md 2.5: loopback 20 us, HZ=300 -> 203.33 ms", 300, 0, 0, 1,
      { 20 }, { { 160, 40, 200000, 200000, 61, 203333, 20, 10, SEC(1) } } },
    /* 200 020 us -> 20.002 -> 21 jiffies of 10 ms. */
    { "KERNEL.md 2.5: loopback 20 us, HZ=100 -> 210 ms", 100, 0, 0, 1,
      { 20 }, { { 160, 40, 200000, 200000, 21, 210000, 20, 10, SEC(1) } } },
    /*
     * 300 ms: S = 2 400 000, D = 600 000, V = X = 600 000; RTO = 300 000
     * + 600 000 = 900 ms.  RFC: 300 000, 150 000, 900 000 -> 1 s.
     * Every later sample has err = 0, so S stays and e = -(D >> 2).
     * #2: D = 450 000 (not > X = 600 000); window end: X = V, no decay;
     * X = 200 000.  RTO 900 ms.  RFC RTTVAR 450 000 / 4 = 112 500.
     * #3: D = 450 000 - 112 500 = 337 500 > X: X = 337 500 (< V); first
     * decay: V -= (600 000 - 337 500) >> 2 = 65 625 -> 534 375; X =
     * 200 000.  RTO 834 375 -> 835 ms.  RFC RTTVAR 84 375.
     * #4: D = 337 500 - 84 375 = 253 125 > X: X = 253 125; second decay:
     * V -= (534 375 - 253 125) >> 2 = 70 312 -> 464 063.  RTO 764 063
     * -> 765 ms.  RFC RTTVAR 253 125 / 4 = 63 281.
     * #5: D = 253 125 - 63 281 = 189 844 (not > X = 200 000); V -=
     * (464 063 - 200 000) >> 2 = 66 015 -> 398 048.  RTO 699 ms.
     * RFC RTTVAR 189 843 / 4 = 47 460.  RFC RTOs stay at the 1 s floor.
     */
    { "KERNEL.md 2.2: 300 ms samples, rttvar 600 ms decaying", 1000, 0, 0,
      5, { 300000, 300000, 300000, 300000, 300000 },
      { { 2400000, 600000, 600000, 600000, 900, 900000, 300000, 150000,
          SEC(1) },
        { 2400000, 450000, 200000, 600000, 900, 900000, 300000, 112500,
          SEC(1) },
        { 2400000, 337500, 200000, 534375, 835, 835000, 300000, 84375,
          SEC(1) },
        { 2400000, 253125, 200000, 464063, 765, 765000, 300000, 63281,
          SEC(1) },
        { 2400000, 189844, 200000, 398048, 699, 699000, 300000, 47460,
          SEC(1) } } },
    /*
     * 100 ms: S = 800 000, D = 200 000, V = X = 200 000; RTO 300 ms.
     * RFC: 100 000, 50 000, 300 000 -> 1 s.
     * 10 ms: err = 10 000 - 100 000 = -90 000, S = 710 000; damping:
     * e = 90 000 - 200 000 >> 2 = 40 000 > 0, so e >>= 3 = 5 000 (without
     * it D would be 240 000); D = 205 000 > X: X = V = 205 000; window
     * end, no decay; X = 200 000.  RTO 88 750 + 205 000 -> 294 ms.
     * RFC: RTTVAR (150 000 + 90 000) / 4 = 60 000, SRTT (700 000 +
     * 10 000) / 8 = 88 750, RTO 328 750 -> 1 s.
     * 10 ms: err = 10 000 - 88 750 = -78 750, S = 631 250; e = 78 750 -
     * 205 000 >> 2 = 27 500 -> 3 437; D = 208 437 > X: X = V = 208 437.
     * RTO 78 906 + 208 437 = 287 343 -> 288 ms.  RFC: RTTVAR (180 000 +
     * 78 750) / 4 = 64 687, SRTT (621 250 + 10 000) / 8 = 78 906.
     */
    { "KERNEL.md 2.2: RTT drop 100 -> 10 ms, damped by 1/32", 1000, 0, 0,
      3, { 100000, 10000, 10000 },
      { { 800000, 200000, 200000, 200000, 300, 300000, 100000, 50000, SEC(1) },
        { 710000, 205000, 200000, 205000, 294, 294000, 88750, 60000, SEC(1) },
        { 631250, 208437, 200000, 208437, 288, 288000, 78906, 64687,
          SEC(1) } } },
    /* 100 ms then 90 ms: err = -10 000, S = 790 000; e = 10 000 - 50 000
     * = -40 000 <= 0, not shifted; D = 160 000; V stays 200 000.  RTO
     * 98 750 + 200 000 -> 299 ms.  RFC: RTTVAR (150 000 + 10 000) / 4 =
     * 40 000, SRTT (700 000 + 90 000) / 8 = 98 750. */
    { "KERNEL.md 2.2: small RTT drop, no damping (e <= 0)", 1000, 0, 0, 2,
      { 100000, 90000 },
      { { 800000, 200000, 200000, 200000, 300, 300000, 100000, 50000, SEC(1) },
        { 790000, 160000, 200000, 200000, 299, 299000, 98750, 40000,
          SEC(1) } } },
    /* 400 ms: S = 3 200 000, D = V = X = 800 000; RTO 1 200 ms = 3R.
     * RFC: 400 000 + 4 x 200 000 = 1.2 s, above the 1 s floor. */
    { "KERNEL.md 2.6: first RTO 3R on both sides (400 ms)", 1000, 0, 0, 1,
      { 400000 },
      { { 3200000, 800000, 800000, 800000, 1200, 1200000, 400000, 200000,
          1200000 } } },
    /* The same with tcp_rto_max_ms 1000: both cut to 1 s. */
    { "KERNEL.md 2.4: rto_max 1 s caps both RTOs", 1000, 0, 1000000, 1,
      { 400000 },
      { { 3200000, 800000, 800000, 800000, 1000, 1000000, 400000, 200000,
          SEC(1) } } },
    /* 120 s, the largest sample: S = 960 000 000, D = V = X =
     * 240 000 000; 360 s -> capped at 120 000 jiffies.  RFC: 120 s +
     * 4 x 60 s -> capped at 120 s. */
    { "KERNEL.md 2.4: 120 s sample, both capped at rto_max", 1000, 0, 0, 1,
      { 120000000 },
      { { 960000000, 240000000, 240000000, 240000000, 120000, 120000000,
          120000000, 60000000, 120000000 } } },
    /* 1 us at HZ 300: S = 8, D = 2, V = X = 200 000; 200 001 us -> 61
     * jiffies = 203 333 us.  RFC: RTTVAR 1 / 2 = 0, so G decides: 1 +
     * max(3 334, 0) (one jiffy 3 333.3 us rounded up) -> 1 s. */
    { "RFC 6298 2.2: G at HZ=300, smallest sample 1 us", 300, 0, 0, 1,
      { 1 }, { { 8, 2, 200000, 200000, 61, 203333, 1, 0, SEC(1) } } },
    /* tcp_rto_min_us 8 000 at HZ 250: 2 jiffies = 8 000 us; V = X =
     * 8 000; 20 + 8 000 = 8 020 us -> 3 jiffies = 12 ms, as KERNEL.md
     * V42's initial RTO. */
    { "KERNEL.md V42: rto_min 8 ms, 20 us at HZ=250 -> 12 ms", 250, 8000, 0,
      1, { 20 }, { { 160, 40, 8000, 8000, 3, 12000, 20, 10, SEC(1) } } },
};

#define EQ(src, i, what, got, want)                                        \
    ck_assert_msg((int64_t)(got) == (int64_t)(want),                       \
                  "%s, sample %zu: %s = %" PRId64 ", want %" PRId64,       \
                  (src), (i) + 1, (what), (int64_t)(got), (int64_t)(want))

static void row_params(const struct rtt_row *r, struct rto_params *p)
{
    params_at_hz(p, r->hz);
    if (r->rto_min_us)
        p->rto_min_us = r->rto_min_us;
    if (r->rto_max_us)
        p->rto_max_us = r->rto_max_us;
}

START_TEST(test_rtt_rows)
{
    const struct rtt_row *r = &rtt_rows[_i];
    struct rto_rtt_step steps[MAX_SAMPLES];
    struct rto_params p;
    int rc;

    row_params(r, &p);
    rc = rto_rtt_run(&p, r->samples, r->n, steps);
    ck_assert_msg(rc == RTO_OK, "%s: rto_rtt_run = %d (%s)", r->source, rc,
                  rto_strerror(rc));
    for (size_t i = 0; i < r->n; i++) {
        const struct rto_rtt_step *s = &steps[i];
        const struct want *w = &r->want[i];

        EQ(r->source, i, "sample_us", s->sample_us, r->samples[i]);
        EQ(r->source, i, "srtt8_us", s->srtt8_us, w->srtt8);
        EQ(r->source, i, "mdev4_us", s->mdev4_us, w->mdev4);
        EQ(r->source, i, "mdev_max_us", s->mdev_max_us, w->mdev_max);
        EQ(r->source, i, "rttvar_us", s->rttvar_us, w->rttvar);
        EQ(r->source, i, "rto_jiffies", s->rto_jiffies, w->rto_jiffies);
        EQ(r->source, i, "rto_us", s->rto_us, w->rto_us);
        EQ(r->source, i, "rfc_srtt_us", s->rfc_srtt_us, w->rfc_srtt);
        EQ(r->source, i, "rfc_rttvar_us", s->rfc_rttvar_us, w->rfc_rttvar);
        EQ(r->source, i, "rfc_rto_us", s->rfc_rto_us, w->rfc_rto);
    }
}
END_TEST

/*
 * The decay's end point (KERNEL.md 2.2 "the variance falls slowly"): with
 * 300 ms samples forever, D shrinks by D >> 2 each time and stays below
 * 200 000 from the 5th sample on, so every window ends with X = 200 000
 * and the excess x = V - 200 000 becomes x - (x >> 2): 4 -> 3, 5 -> 4,
 * 6 -> 5, 7 -> 6, ..., and it stops at 3, where x >> 2 = 0.  So V never
 * rises after the first sample, never goes below 200 000, and settles at
 * 200 003: RTO 300 000 + 200 003 us -> 501 ms at HZ 1000.
 */
START_TEST(test_rtt_decay_limit)
{
    const char *src = "KERNEL.md 2.2: rttvar decays to rto_min + 3 us";
    int64_t samples[64];
    struct rto_rtt_step steps[64];
    struct rto_params p;
    size_t n = N_ROWS(samples);

    for (size_t i = 0; i < n; i++)
        samples[i] = 300000;
    params_at_hz(&p, 1000);
    ck_assert_int_eq(rto_rtt_run(&p, samples, n, steps), RTO_OK);
    for (size_t i = 1; i < n; i++) {
        ck_assert_msg(steps[i].rttvar_us <= steps[i - 1].rttvar_us,
                      "%s: rttvar rises at sample %zu", src, i + 1);
        ck_assert_msg(steps[i].rttvar_us >= 200000,
                      "%s: rttvar below rto_min at sample %zu", src, i + 1);
    }
    EQ(src, n - 1, "rttvar_us", steps[n - 1].rttvar_us, 200003);
    EQ(src, n - 1, "rto_jiffies", steps[n - 1].rto_jiffies, 501);
    EQ(src, n - 1, "rto_us", steps[n - 1].rto_us, 501000);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Invalid input                                                      */
/* ------------------------------------------------------------------ */

enum breakage {
    BREAK_N_ZERO,
    BREAK_SAMPLE_ZERO,
    BREAK_SAMPLE_NEGATIVE,
    BREAK_SAMPLE_TOO_BIG,
    BREAK_SAMPLES_NULL,
    BREAK_STEPS_NULL,
    BREAK_PARAMS,
};

struct invalid_row {
    const char *source;
    enum breakage what;
};

static const struct invalid_row invalid_rows[] = {
    { "rtocalc.h rto_rtt_run: n = 0", BREAK_N_ZERO },
    { "rtocalc.h rto_rtt_run: samples are 1 us .. 120 s; 0 us",
      BREAK_SAMPLE_ZERO },
    { "rtocalc.h rto_rtt_run: samples are 1 us .. 120 s; -5 us",
      BREAK_SAMPLE_NEGATIVE },
    { "rtocalc.h rto_rtt_run: samples are 1 us .. 120 s; 120 s + 1 us",
      BREAK_SAMPLE_TOO_BIG },
    { "rtocalc.h rto_rtt_run: samples NULL", BREAK_SAMPLES_NULL },
    { "rtocalc.h rto_rtt_run: steps NULL", BREAK_STEPS_NULL },
    { "rtocalc.h rto_params_validate: HZ 200 is no CONFIG_HZ",
      BREAK_PARAMS },
};

START_TEST(test_rtt_invalid)
{
    const struct invalid_row *r = &invalid_rows[_i];
    int64_t samples[3] = { 10000, 12000, 50000 };
    struct rto_rtt_step steps[3], untouched;
    const int64_t *sp = samples;
    struct rto_rtt_step *st = steps;
    struct rto_params p;
    size_t n = 3;
    int rc;

    rto_params_default(&p);
    memset(steps, 0xa5, sizeof(steps));
    memset(&untouched, 0xa5, sizeof(untouched));
    switch (r->what) {
    case BREAK_N_ZERO:
        n = 0;
        break;
    case BREAK_SAMPLE_ZERO:
        samples[2] = 0;
        break;
    case BREAK_SAMPLE_NEGATIVE:
        samples[1] = -5;
        break;
    case BREAK_SAMPLE_TOO_BIG:
        samples[2] = 120000001;
        break;
    case BREAK_SAMPLES_NULL:
        sp = NULL;
        break;
    case BREAK_STEPS_NULL:
        st = NULL;
        break;
    case BREAK_PARAMS:
        p.hz = 200;
        break;
    }
    rc = rto_rtt_run(&p, sp, n, st);
    ck_assert_msg(rc == RTO_EINVAL, "%s: rc = %d, want RTO_EINVAL",
                  r->source, rc);
    /* Everything is checked before the first step is written. */
    for (size_t i = 0; i < N_ROWS(steps); i++)
        ck_assert_msg(memcmp(&steps[i], &untouched, sizeof(untouched)) == 0,
                      "%s: step %zu written on error", r->source, i + 1);
}
END_TEST

Suite *rtt_suite(void)
{
    Suite *s = suite_create("rtt");
    TCase *tc = tcase_create("estimator");

    tcase_add_loop_test(tc, test_rtt_rows, 0, (int)N_ROWS(rtt_rows));
    tcase_add_test(tc, test_rtt_decay_limit);
    tcase_add_loop_test(tc, test_rtt_invalid, 0, (int)N_ROWS(invalid_rows));
    suite_add_tcase(s, tc);
    return s;
}
