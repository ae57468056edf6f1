/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The give-up-only fast path against the full walk.
 *
 * A timeline without event storage (what sweep asks for) lets the
 * retransmit-timer engine skip the capped phase in one step and leave out
 * the per-event "latest" run.  The other suites pin the full walk to kernel
 * documentation, published tables and measurements; here every summary
 * field of the fast path must equal the full walk's, over a spread of
 * settings chosen by a fixed pseudo-random sequence (profiles from 2.6.32
 * to 6.18, every HZ, counts up to 255 and past the u8 wrap, user timeouts,
 * rto_max, thin streams, TLP) and at the boundaries the wrap suite pins.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "rtocalc.h"
#include "helpers.h"

#define CAP 70000

typedef int (*path_fn)(const struct rto_params *, struct rto_timeline *);

static struct rto_event events[CAP];

/* Run p both ways; returns 0 if the model refused p, 1 if it compared. */
static int same_summary(path_fn fn, const struct rto_params *p,
                        const char *what, int i)
{
    struct rto_timeline full, fast;
    int e1, e2;

    rto_timeline_init(&full, events, CAP);
    rto_timeline_init(&fast, NULL, 0);
    e1 = fn(p, &full);
    e2 = fn(p, &fast);
    ck_assert_int_eq(e1, e2);
    if (e1)
        return 0;
    ck_assert_msg(!full.truncated, "%s #%d: the full walk was cut", what, i);
#define SAME(field)                                                          \
    ck_assert_msg(full.field == fast.field,                                  \
                  "%s #%d (kernel %d.%d hz %d r2 %d ut %lld rtt %lld "       \
                  "max %lld thin %d tlp %d): " #field " full %lld fast "     \
                  "%lld",                                                    \
                  what, i, p->kernel >> 16, (p->kernel >> 8) & 0xff, p->hz,       \
                  p->retries2, (long long)p->user_timeout_us,                \
                  (long long)p->rtt_us, (long long)p->rto_max_us, p->thin,   \
                  p->tlp, (long long)full.field, (long long)fast.field)
    SAME(initial_rto_us);
    SAME(budget_us);
    SAME(retries1_us);
    SAME(reason);
    SAME(error);
    SAME(retransmissions);
    SAME(retransmissions_typical);
    SAME(retransmissions_min);
    SAME(retransmissions_max);
    SAME(give_up_us);
    SAME(give_up_typical_us);
    SAME(give_up_earliest_us);
    SAME(give_up_latest_us);
    SAME(stamp_us);
    SAME(thin_engaged);
#undef SAME
    return 1;
}

/* A fixed sequence (Knuth's MMIX LCG), so every run checks the same. */
static uint64_t rng = 0x2545F4914F6CDD1DULL;

static int pick(int n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int)((rng >> 33) % (uint64_t)n);
}

START_TEST(test_spread)
{
    static const int hzs[] = { 100, 250, 300, 1000 };
    static const int counts[] = { 0, 1, 2, 3, 5, 8, 9, 12, 15, 20, 31,
                                  64, 100, 127, 128, 200, 254, 255 };
    static const int64_t uts[] = { 0, 0, 0, 500000, 3000000, 20000000,
                                   300000000, 2000000000 };
    static const int64_t rtts[] = { 1, 100, 9000, 50000, 300000, 2000000 };
    static const int64_t maxes[] = { 1000000, 5000000, 120000000 };
    static const struct {
        const char *name;
        path_fn fn;
    } paths[] = {
        { "retrans", rto_retrans },
        { "orphan", rto_orphan },
        { "syn", rto_syn },
        { "synack", rto_synack },
    };
    size_t nk;
    const int *kernels = rto_kernel_profiles(&nk);
    int compared[4] = { 0 };

    for (int i = 0; i < 6000; i++) {
        struct rto_params p;
        int w = i % 4;
        int count = counts[pick((int)(sizeof(counts) / sizeof(counts[0])))];

        rto_params_default_for(&p, kernels[pick((int)nk)]);
        p.hz = hzs[pick(4)];
        p.retries2 = count;
        p.orphan_retries = count;
        p.synack_retries = count;
        p.syn_retries = count < 1 ? 1 : count > 127 ? 127 : count;
        p.syn_linear_timeouts = pick(3) ? p.syn_linear_timeouts : pick(8);
        p.user_timeout_us = uts[pick(8)];
        p.rtt_us = rtts[pick(6)];
        if (rto_kernel_has(p.kernel, RTO_FEAT_RTO_MAX))
            p.rto_max_us = maxes[pick(3)];
        p.thin = pick(4) == 0;
        p.tlp = p.tlp && pick(2);
        compared[w] += same_summary(paths[w].fn, &p, paths[w].name, i);
    }
    /* Most of the spread is inside the kernels' ranges. */
    for (int w = 0; w < 4; w++)
        ck_assert_msg(compared[w] > 1000, "%s: only %d compared",
                      paths[w].name, compared[w]);
}
END_TEST

/* The boundaries of check_wrap.c, both ways: the u8 counter passing
 * 255 at rto_max 1 s, and budgets around 2^31 ms on the 5.10 profile. */
START_TEST(test_wrap_boundaries)
{
    struct rto_params p;
    static const int r2[] = { 17902, 17903, 17904 };

    params_u8_wrap(&p);
    ck_assert_int_eq(same_summary(rto_retrans, &p, "u8 wrap", 0), 1);
    p.user_timeout_us = 0;
    for (int r = 240; r <= 255; r++) {
        p.retries2 = r;
        ck_assert_int_eq(same_summary(rto_retrans, &p, "u8 wrap", r), 1);
    }
    rto_params_default_for(&p, RTO_KERNEL(5, 10));
    p.hz = 1000;
    p.tlp = false;
    for (size_t i = 0; i < sizeof(r2) / sizeof(r2[0]); i++) {
        p.retries2 = r2[i];
        ck_assert_int_eq(same_summary(rto_retrans, &p, "2^31 ms", (int)i), 1);
    }
}
END_TEST

Suite *fast_suite(void)
{
    Suite *s = suite_create("fast");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_spread);
    tcase_add_test(tc, test_wrap_boundaries);
    suite_add_tcase(s, tc);
    return s;
}
