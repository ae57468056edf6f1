/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TCP_USER_TIMEOUT on zero-window probing with a dead peer, per kernel
 * (tcp_probe_timer() as released; KERNEL.md 7):
 * - before 3.18 it plays no part: tcp_retries2 probes end it;
 * - 3.18 to 5.0 (b248230c3497): at a firing, more than U since the first
 *   firing (strictly), timers not cut to it;
 * - 5.1 to 5.10 (9721e709fa68): tcp_model_timeout(probes sent, base) >= U,
 *   whatever the real time;
 * - 5.11 on (9d9b1ee0b2d1): U or more since the first firing, each timer
 *   cut to what is left (at least TCP_TIMEOUT_MIN); the 5.4 and 5.10
 *   profiles follow it too, their stable series having taken it (5.4.93).
 * So the 5.2 profile runs the 5.1 rule, 5.4 the 5.11 one.
 *
 * Hand derivation, HZ=250, RTT 20 us: RTO 51 jiffies = 204 ms = B (the
 * probe base, max(RTO, TCP_RTO_MIN)).  Firing k comes at T_k = (2^k - 1)
 * B after the arming and sends probe k: T_1..T_8 = 204, 612, 1428, 3060,
 * 6324, 12852, 25908, 52020 ms.  At firing k, k - 1 probes were sent and
 * T_k - T_1 = (2^k - 2) B has passed since the first firing.
 *
 * U = 30 s:
 * - 3.10: ignored; 15 probes, the 16th firing: 204 x 1023 + 6 x 120 000 =
 *   928 692 ms (KERNEL.md V34);
 * - 4.19: (2^k - 2) B > 30 000 first at k = 8 (254 B = 51 816): 52 020 ms,
 *   7 probes;
 * - 5.2: model(k - 1) = (2^k - 1) B >= 30 000 first at k = 8 (255 B =
 *   52 020; ilog2(30000 / 51) = 9 keeps it exponential): 52 020 ms, 7;
 * - 5.4 and 6.18: after probe 7 at 25 908 ms, 25 704 ms have passed; the
 *   timer is cut to 30 000 - 25 704 = 4 296 ms: 30 204 ms, 7 probes.
 * U = 6200 ms separates the three rules:
 * - 4.19: (2^k - 2) B > 6200 first at k = 6 (62 B = 12 648): 12 852 ms, 5;
 * - 5.2: (2^k - 1) B >= 6200 first at k = 5 (31 B = 6324): 6324 ms, 4;
 * - 5.4 and 6.18: after probe 5 at 6324 ms, 6120 have passed; cut to
 *   80 ms: 6404 ms, 5 probes.
 * U = 6120 ms, exactly 30 B after the first firing, at firing 5:
 * - 4.19: 6120 > 6120 fails, so firing 6: 12 852 ms, 5 probes;
 * - 6.18: 6120 >= 6120 holds: 6324 ms, 4 probes.
 */
#include <errno.h>

#include "helpers.h"

#define EV_CAP 64

struct ut_row {
    int major, minor;
    int64_t ut_ms;
    int64_t death_us;
    int probes;
    enum rto_reason reason;
};

static const struct ut_row ut_rows[] = {
    { 3, 10, 30000, 928692000, 15, RTO_REASON_PROBES },
    { 4, 19, 30000, MS(52020), 7, RTO_REASON_USER_TIMEOUT },
    { 5, 2, 30000, MS(52020), 7, RTO_REASON_USER_TIMEOUT },
    { 5, 4, 30000, MS(30204), 7, RTO_REASON_USER_TIMEOUT },
    { 6, 18, 30000, MS(30204), 7, RTO_REASON_USER_TIMEOUT },
    { 4, 19, 6200, MS(12852), 5, RTO_REASON_USER_TIMEOUT },
    { 5, 2, 6200, MS(6324), 4, RTO_REASON_USER_TIMEOUT },
    { 5, 4, 6200, MS(6404), 5, RTO_REASON_USER_TIMEOUT },
    { 6, 18, 6200, MS(6404), 5, RTO_REASON_USER_TIMEOUT },
    { 4, 19, 6120, MS(12852), 5, RTO_REASON_USER_TIMEOUT },
    { 6, 18, 6120, MS(6324), 4, RTO_REASON_USER_TIMEOUT },
};

START_TEST(test_probe0_user_timeout)
{
    const struct ut_row *r = &ut_rows[_i];
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    struct rto_params p;
    char src[64];

    snprintf(src, sizeof(src), "Linux %d.%d, U %" PRId64 " ms", r->major,
             r->minor, r->ut_ms);
    rto_params_default_for(&p, RTO_KERNEL(r->major, r->minor));
    p.hz = 250;
    p.rtt_us = 20;
    p.user_timeout_us = MS(r->ut_ms);
    rto_timeline_init(&t, ev, EV_CAP);
    ck_assert_int_eq(rto_probe0(&p, &t), RTO_OK);
    EQ64(src, 250, "give-up", t.give_up_us, r->death_us);
    EQ64(src, 250, "probes", t.retransmissions, r->probes);
    EQ64(src, 250, "reason", t.reason, r->reason);
    /* Nominal and typical lie in the window; the typical run may end a
     * firing earlier than the nominal one, late timers having used the
     * time sooner (DESIGN.md). */
    LE64(src, 250, "earliest", t.give_up_earliest_us, "nominal", t.give_up_us);
    LE64(src, 250, "nominal", t.give_up_us, "latest", t.give_up_latest_us);
    LE64(src, 250, "earliest", t.give_up_earliest_us, "typical",
         t.give_up_typical_us);
    LE64(src, 250, "typical", t.give_up_typical_us, "latest",
         t.give_up_latest_us);
}
END_TEST

Suite *probe0_ut_suite(void)
{
    Suite *s = suite_create("probe0_user_timeout");
    TCase *tc = tcase_create("probe0_user_timeout");

    tcase_add_loop_test(tc, test_probe0_user_timeout, 0,
                        (int)N_ROWS(ut_rows));
    suite_add_tcase(s, tc);
    return s;
}
