/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's wrap-arounds, at their boundaries: the u8 icsk_retransmits
 * counter passing 255, and budgets at 2^31 ms under the signed comparison
 * of 4.20+ (KERNEL.md 8.3).  The model does this arithmetic on unsigned
 * types on purpose; these rows pin the results.
 */
#include <check.h>
#include <stdint.h>

#include "rtocalc.h"
#include "helpers.h"

/*
 * rto_max 1 s (6.15+), tcp_retries2 255, initial RTO 201 ms, no TLP,
 * HZ 1000.  model(255) with rto_max 1 s: thresh = ilog2(1000 / 200) = 2,
 * so 7 x 200 + 253 x 1000 = 254 400 ms (KERNEL.md 8.3 "model 254 400 ms").
 * The stamp is the first retransmission at F1 = 201 ms; then timers of
 * 402 ms, 804 ms and 1000 ms each: F_k = 1407 + (k - 3) x 1000 ms for
 * k >= 3, with F_k - 201 ms elapsed.  The first firing past the budget is
 * k = 257 (1206 + 254 000 = 255 206 ms elapsed), but 256 retransmissions
 * have left the u8 counter at 0 there, and retransmits_timed_out()
 * returns false for a zero counter ("Right after a wrap ... returns false
 * once"): a 257th retransmission follows, and the connection dies at
 * F258 = 1407 + 255 000 = 256 407 ms.  Without the wrap it would die at
 * F257 = 255 407 ms after 256.
 */
START_TEST(test_u8_wrap)
{
    struct rto_params p;
    struct rto_event ev[512];
    struct rto_timeline t;

    params_u8_wrap(&p);
    rto_timeline_init(&t, ev, 512);
    ck_assert_int_eq(rto_retrans(&p, &t), RTO_OK);
    ck_assert_msg(t.budget_us == INT64_C(254400000),
                  "KERNEL.md 8.3: model(255) at rto_max 1 s = 254 400 ms");
    ck_assert_msg(t.retransmissions == 257,
                  "u8 wrap: 257 retransmissions, got %d", t.retransmissions);
    ck_assert_msg(t.give_up_us == INT64_C(256407000),
                  "u8 wrap: death at 256 407 ms, got %lld",
                  (long long)t.give_up_us);
}
END_TEST

/*
 * The signed comparison at the 2^31 ms boundary (5.10 profile, a plain
 * int tcp_retries2).  At HZ 1000, model(r) = 204 600 + (r - 9) x 120 000
 * ms: r = 17 904 gives 2 147 604 600 >= 2^31 = 2 147 483 648, so
 * (s32)(elapsed - T) >= 0 at once: death at the second firing after one
 * retransmission, at 3 x 201 = 603 ms (RTO 201 ms, no TLP).  r = 17 903
 * gives 2 147 484 600... also >= 2^31; r = 17 902 gives 2 147 364 600 <
 * 2^31, an ordinary budget of about 24.9 days with thousands of
 * retransmissions.
 */
START_TEST(test_signed_boundary)
{
    struct rto_params p;
    static struct rto_event ev[8];
    struct rto_timeline t;

    rto_params_default_for(&p, RTO_KERNEL(5, 10));
    p.hz = 1000;
    p.rto_us = 201000;
    p.tlp = false;
    p.retries2 = 17904;
    rto_timeline_init(&t, ev, 8);
    ck_assert_int_eq(rto_retrans(&p, &t), RTO_OK);
    ck_assert_msg(t.retransmissions == 1 && t.give_up_us == 603000,
                  "budget >= 2^31 ms: 1 retransmission at 603 ms, got %d "
                  "at %lld", t.retransmissions, (long long)t.give_up_us);
    p.retries2 = 17902;
    rto_timeline_init(&t, ev, 8);
    ck_assert_int_eq(rto_retrans(&p, &t), RTO_OK);
    ck_assert_msg(t.budget_us == INT64_C(2147364600000),
                  "model(17902) = 2 147 364 600 ms < 2^31");
    ck_assert_msg(t.give_up_us > INT64_C(2147364600000),
                  "below 2^31 the budget is honoured: %lld",
                  (long long)t.give_up_us);
}
END_TEST

Suite *wrap_suite(void)
{
    Suite *s = suite_create("wrap");
    TCase *tc = tcase_create("boundaries");

    tcase_add_test(tc, test_u8_wrap);
    tcase_add_test(tc, test_signed_boundary);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
