/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rto_sock_predict(): one sock_diag sample of a socket whose peer is dead,
 * at HZ=250 (a jiffy is 4 ms) and the 6.18 profile.  Every row is a
 * hand-built sample with its derivation; the first is a sample measured on
 * Linux 6.18 (LIVE-SOCKETS.md, rtx-r5 rep 0, t = 3329 ms).
 *
 * The window rule (KERNEL.md 0.3, LIVE-SOCKETS.md): a timer armed for d
 * jiffies fires up to its wheel granularity late (d < 63: 1 jiffy, 4 ms;
 * d < 504: 8 jiffies, 32 ms; d < 4032: 64 jiffies, 256 ms; d < 32256:
 * 512 jiffies, 2048 ms), plus one tick (4 ms).  Typical: half the
 * granularity late.  Times are ms after the sample, taken on a tick
 * (phase 0) unless the row says otherwise.
 *
 * rtx-r5 (tcp_retries2 5: budget model(5) = 12 600 ms): retransmissions
 * 4, rto 3264 ms (816 j, level 2), expires 3260, total_rto_time 2913, one
 * recovery: the stamp is 2913 ms before the sample.  The pending firing
 * (elapsed 6173 ms) retransmits a 5th time and arms 6528 ms (1632 j,
 * level 2); the next one (elapsed 12 701 >= 12 600) gives up.  Nominal
 * 3260 + 6528 = 9788; typical 3260 + 128 + 6528 + 128 = 10 044; latest
 * 3260 + 260 + 6528 + 260 = 10 308.  Measured: ETIMEDOUT at 13 467.7 ms
 * after the original send, 10 138.7 ms after the sample.
 * - Phase unknown: the sample lies anywhere in its jiffy, so the stamp is
 *   2910 to 2913 ms back (the sample's ms within the jiffy), and every
 *   time moves up to 3.999 ms earlier: earliest 9784.001, typical 10 044 -
 *   1.9995 = 10 042.001 (the point's half jiffy, rounded down to the us).
 * - No tcpi_total_rto_time (before 6.7): the stamp is rebuilt from the
 *   last send (4 ms) and the timers before it, 51 j << 1, 2, 3 = 408, 816,
 *   1632 ms (level 1, 32 + 4 ms late each): 2860 to 2968 ms back.  The
 *   pending firing is still far from the budget: same window.
 *
 * rtx-r8-max2s boundary (tcp_retries2 8, tcp_rto_max_ms 2000: model(8) =
 * (2^4 - 1) x 200 + 5 x 2000 = 13 000 ms): 8 retransmissions, rto 2000
 * (500 j, capped, level 1), 100 ms after the 8th, expires 1900, stamp
 * 10 996 ms back.  The pending firing at elapsed 12 896 .. 12 932 stays
 * below 13 000: a 9th retransmission, death 2000 ms later: nominal 3900,
 * typical 1900 + 16 + 2000 + 16 = 3932, latest 1900 + 36 + 2000 + 36 =
 * 3972, exactly 1 more.
 * - Before 6.7: base 200 ms assumed (the RTO is capped, 500 >> 8 does not
 *   give it back), timers 400, 800, 1600, 2000 x 4 = 10 800 ms, 7 x 36 ms
 *   of lateness: the stamp 10 900 to 11 152 ms back.  The pending firing
 *   may then be past the budget (elapsed up to 1936 + 11 152 = 13 088):
 *   0 or 1 more, earliest 1900 (the pending firing), latest 3972.
 *   Nominal at the middle stamp (11 026 back): elapsed 12 926, 1 more,
 *   3900; typical 1916 + 2016 = 3932.
 *
 * ut3000 (TCP_USER_TIMEOUT 3000 ms): 3 retransmissions, rto 1632 (408 j),
 * total_rto_time 1600, expires 1252.  The pending firing at elapsed 2852
 * retransmits a 4th time; the timer is cut to 3000 - 2852 = 148 ms (37 j),
 * and the firing at elapsed 3000 gives up: nominal 1400.  Typical: 1268,
 * then 3000 - 2868 = 132 ms (33 j) + 2: 1402.  Latest: the model's bound
 * for a clamped timer, the user timeout + 1 jiffy after the stamp plus the
 * unclamped RTO's granularity (3264 ms: 256) + 4: 3264 - 1600 = 1664.
 *
 * orphan-o3 (tcp_orphan_retries 3: model(3) = 3000 ms, FIN-WAIT-1, no
 * inode): 3 retransmissions, rto 1632, total_rto_time 1610, expires 1272.
 * Pending firing at elapsed 2882: a 4th; rto 3264 (level 2); next firing
 * at 6146 >= 3000 gives up: nominal 1272 + 3264 = 4536, typical 1272 + 16
 * + 3264 + 128 = 4680, latest 1272 + 36 + 3264 + 260 = 4832; 1 more.
 *
 * keepalive 2/1/3 s: 1 probe sent, last receive 2400 ms ago, expires 620.
 * Firings 620, 1620 (probe 3), 2620 (3 >= 3: give up): nominal 2620,
 * typical 2620 + 3 x 16 = 2668, latest 2620 + 3 x 36 = 2728; 2 more.
 * - The idle phase: no probe yet, last receive 500 ms ago, expires 1000
 *   (the timer was armed before the last receive).  It fires 1500 ms
 *   after the receive, re-arms for the 500 ms of idle time left, then
 *   probes at 2000, 3000, 4000 and gives up at 5000: 4500 after the
 *   sample.  Typical: 1516 (379 j), re-armed 121 j: 2016, 3032, 4048,
 *   5064: 4564.  Latest: 2000 + 36, then 3 x 36: 4644 after the sample.
 *
 * probe0 (tcp_retries2 5): 3 probes, rto 216 ms (54 j, the probe base),
 * backoff 3, expires 1256 (the 432 j timer, level 1).  Probe 4 arms 864 j
 * = 3456 ms (level 2), probe 5 1728 j = 6912 ms (level 2), the next
 * firing (5 >= 5) gives up: nominal 1256 + 3456 + 6912 = 11 624, typical
 * + 16 + 128 + 128 = 11 896, latest + 36 + 260 + 260 = 12 180; 2 more.
 *
 * FIN-WAIT-2 orphan on its timewait mini-socket (tcp_fin_timeout 60 s:
 * one 15 000 j stage, level 3), expires 30 000: give up at 30 000 to
 * 30 000 + 2048 + 4 = 32 052, typical their middle 31 026.
 */
#include "helpers.h"

enum kind { RTX, ORPHAN, KA, KA_IDLE, PROBE0, FW2 };

struct live_row {
    const char *src;
    enum kind kind;
    bool phase_unknown;
    bool no_total_rto;
    int retries2, orphan_retries;
    int64_t rto_max_ms, user_timeout_ms;
    int count;
    int64_t rto_ms, expires_ms, trt_ms, lds_ms, recv_ms;
    int backoff;
    enum rto_path path;
    int remaining, rmin, rmax;
    int64_t nominal_us, typical_us, earliest_us, latest_us;
    int64_t measured_us;    /* the measured give-up, or SKIP */
};

static const struct live_row live_rows[] = {
    { "rtx-r5, measured sample, LIVE-SOCKETS.md", RTX, false, false, 5, 0,
      120000, 0, 4, 3264, 3260, 2913, 4, 0, 4, RTO_PATH_RETRANS,
      1, 1, 1, MS(9788), MS(10044), MS(9788), MS(10308), 10138700 },
    { "rtx-r5, phase unknown", RTX, true, false, 5, 0, 120000, 0, 4, 3264,
      3260, 2913, 4, 0, 4, RTO_PATH_RETRANS, 1, 1, 1, 9786001, 10042001,
      9784001, MS(10308), 10138700 },
    { "rtx-r5, no total_rto_time", RTX, false, true, 5, 0, 120000, 0, 4,
      3264, 3260, 2913, 4, 0, 4, RTO_PATH_RETRANS, 1, 1, 1, MS(9788),
      MS(10044), MS(9788), MS(10308), 10138700 },
    { "rtx-r8-max2s boundary", RTX, false, false, 8, 0, 2000, 0, 8, 2000,
      1900, 10996, 100, 0, 8, RTO_PATH_RETRANS, 1, 1, 1, MS(3900), MS(3932),
      MS(3900), MS(3972), SKIP },
    { "rtx-r8-max2s boundary, no total_rto_time", RTX, false, true, 8, 0,
      2000, 0, 8, 2000, 1900, 10996, 100, 0, 8, RTO_PATH_RETRANS, 1, 0, 1,
      MS(3900), MS(3932), MS(1900), MS(3972), SKIP },
    { "ut3000", RTX, false, false, 15, 0, 120000, 3000, 3, 1632, 1252, 1600,
      380, 0, 3, RTO_PATH_RETRANS, 1, 1, 1, MS(1400), MS(1402), MS(1400),
      MS(1664), SKIP },
    { "orphan-o3", ORPHAN, false, false, 15, 3, 120000, 0, 3, 1632, 1272,
      1610, 360, 0, 3, RTO_PATH_ORPHAN, 1, 1, 1, MS(4536), MS(4680),
      MS(4536), MS(4832), SKIP },
    { "keepalive 2/1/3", KA, false, false, 15, 0, 120000, 0, 1, 204, 620, 0,
      2400, 2400, 0, RTO_PATH_KEEPALIVE, 2, 2, 2, MS(2620), MS(2668),
      MS(2620), MS(2728), SKIP },
    { "keepalive 2/1/3, idle", KA_IDLE, false, false, 15, 0, 120000, 0, 0,
      204, 1000, 0, 500, 500, 0, RTO_PATH_KEEPALIVE, 3, 3, 3, MS(4500),
      MS(4564), MS(4500), MS(4644), SKIP },
    { "probe0-r5", PROBE0, false, false, 5, 0, 120000, 0, 3, 216, 1256, 0, 0,
      0, 3, RTO_PATH_PROBE0, 2, 2, 2, MS(11624), MS(11896), MS(11624),
      MS(12180), SKIP },
    { "FIN-WAIT-2 orphan", FW2, false, false, 15, 0, 120000, 0, 0, 0, 30000,
      0, 0, 0, 0, RTO_PATH_FIN_WAIT2, 0, 0, 0, MS(30000), MS(31026),
      MS(30000), MS(32052), SKIP },
};

static void live_sample(const struct live_row *r, struct rto_sock *s,
                        struct rto_sock_settings *set)
{
    memset(s, 0, sizeof(*s));
    s->family = 4;
    s->state = r->kind == ORPHAN ? RTO_TCP_FIN_WAIT1
               : r->kind == FW2  ? RTO_TCP_FIN_WAIT2
                                 : RTO_TCP_ESTABLISHED;
    s->timer = r->kind == PROBE0                     ? RTO_TIMER_PROBE0
               : r->kind == KA || r->kind == KA_IDLE ? RTO_TIMER_KEEPALIVE
               : r->kind == FW2                      ? RTO_TIMER_TIMEWAIT
                                                     : RTO_TIMER_RETRANS;
    s->inode = (r->kind == ORPHAN || r->kind == FW2) ? 0 : 4242;
    s->expires_us = MS(r->expires_ms);
    s->retrans = r->count;
    s->has_info = r->kind != FW2;
    s->retransmits = (r->kind == RTX || r->kind == ORPHAN) ? r->count : 0;
    s->probes = (r->kind == RTX || r->kind == ORPHAN) ? 0 : r->count;
    s->backoff = r->backoff;
    s->rto_us = MS(r->rto_ms);
    s->last_data_sent_us = MS(r->lds_ms);
    s->last_data_recv_us = MS(r->recv_ms);
    s->last_ack_recv_us = MS(r->recv_ms);
    s->has_total_rto = !r->no_total_rto;
    s->total_rto = (uint32_t)s->retransmits;
    s->total_rto_recoveries = s->retransmits ? 1 : 0;
    s->total_rto_time_us = MS(r->trt_ms);

    rto_sock_settings_default(set, RTO_KERNEL(6, 18));
    set->params.hz = 250;
    set->params.retries2 = r->retries2;
    set->params.orphan_retries = r->orphan_retries;
    set->params.rto_max_us = MS(r->rto_max_ms);
    set->params.user_timeout_us = MS(r->user_timeout_ms);
    if (r->kind == KA || r->kind == KA_IDLE) {
        set->params.keepalive_time_us = SEC(2);
        set->params.keepalive_intvl_us = SEC(1);
        set->params.keepalive_probes = 3;
    }
    set->phase_us = r->phase_unknown ? -1 : 0;
}

START_TEST(test_live_predict)
{
    const struct live_row *r = &live_rows[_i];
    struct rto_sock s;
    struct rto_sock_settings set;
    struct rto_sock_prediction o;

    live_sample(r, &s, &set);
    ck_assert_int_eq(rto_sock_predict(&s, &set, &o), RTO_OK);
    EQ64(r->src, 250, "path", o.path, r->path);
    EQ64(r->src, 250, "count", o.count, r->count);
    EQ64(r->src, 250, "remaining", o.remaining, r->remaining);
    EQ64(r->src, 250, "remaining_min", o.remaining_min, r->rmin);
    EQ64(r->src, 250, "remaining_max", o.remaining_max, r->rmax);
    EQ64(r->src, 250, "nominal", o.give_up_nominal_us, r->nominal_us);
    EQ64(r->src, 250, "typical", o.give_up_us, r->typical_us);
    EQ64(r->src, 250, "earliest", o.give_up_earliest_us, r->earliest_us);
    EQ64(r->src, 250, "latest", o.give_up_latest_us, r->latest_us);
    EQ64(r->src, 250, "stamp rebuilt", o.stamp_rebuilt, r->no_total_rto
                                                    && r->count > 0
                                                    && r->kind == RTX);
    if (r->measured_us != SKIP) {
        LE64(r->src, 250, "earliest", o.give_up_earliest_us, "measured",
             r->measured_us);
        LE64(r->src, 250, "measured", r->measured_us, "latest",
             o.give_up_latest_us);
    }
}
END_TEST

/* Nothing to predict: a TIME-WAIT socket, and one with no timer. */
START_TEST(test_live_not_dying)
{
    struct rto_sock s;
    struct rto_sock_settings set;
    struct rto_sock_prediction o;

    live_sample(&live_rows[0], &s, &set);
    s.timer = RTO_TIMER_TIMEWAIT;
    s.state = RTO_TCP_TIME_WAIT;
    ck_assert_int_eq(rto_sock_predict(&s, &set, &o), RTO_ENOTSUP);
    ck_assert_ptr_nonnull(o.note);
    s.timer = RTO_TIMER_OFF;
    s.state = RTO_TCP_ESTABLISHED;
    ck_assert_int_eq(rto_sock_predict(&s, &set, &o), RTO_ENOTSUP);
    ck_assert_int_eq(o.give_up_us, RTO_NONE);
    /* Bad settings are the caller's error. */
    s.timer = RTO_TIMER_RETRANS;
    set.params.hz = 123;
    ck_assert_int_eq(rto_sock_predict(&s, &set, &o), RTO_EINVAL);
}
END_TEST

/* tcpi_backoff is a u8: a backoff past 63 (as a fuzzed dump gave, 170)
 * cannot be a shift of the RTO, so the stamp is rebuilt from rto_min,
 * without shifting a 64-bit value by 64 or more: undefined behaviour the
 * fuzzer's sanitizer caught, which the sanitizer build of make check
 * (.ci/run, -fno-sanitize-recover) turns into a failure of this test. */
START_TEST(test_live_huge_backoff)
{
    struct rto_sock s;
    struct rto_sock_settings set;
    struct rto_sock_prediction o;

    live_sample(&live_rows[2], &s, &set);
    s.backoff = 170;
    ck_assert_int_eq(rto_sock_predict(&s, &set, &o), RTO_OK);
    ck_assert(o.stamp_rebuilt);
}
END_TEST

/* ut3000 (above) with the phase unknown: the sample lies anywhere in its
 * jiffy, which moves the stamp by less than a jiffy.  The pending firing,
 * at elapsed 2849 to 2852 ms and at most 36 ms late, stays below 3000: a
 * 4th retransmission, then the timer cut to the user timeout.  Its firing
 * lands at U after the real stamp; counted from a stamp known only to
 * within a jiffy it may still be short of U, one more retransmission arms
 * a timer of at least a jiffy (tcp_clamp_rto_to_user_timeout() returns at
 * least 1), and that firing is past U: 1 or 2 more, and the window at most
 * a jiffy wider on each side than with the phase known (1400 - 4 to
 * 1664 + 4 ms).  Without that jiffy the walk over the window ran to its
 * safety bound: remaining_max 4194303. */
START_TEST(test_live_user_timeout_phase_unknown)
{
    struct rto_sock s;
    struct rto_sock_settings set;
    struct rto_sock_prediction o;

    live_sample(&live_rows[5], &s, &set);
    set.phase_us = -1;
    ck_assert_int_eq(rto_sock_predict(&s, &set, &o), RTO_OK);
    ck_assert_int_eq(o.remaining_min, 1);
    ck_assert_int_le(o.remaining_max, 2);
    ck_assert_int_ge(o.give_up_earliest_us, MS(1400) - MS(4));
    ck_assert_int_le(o.give_up_latest_us, MS(1664) + MS(4));
}
END_TEST

/* ss(8)'s state names both ways. */
START_TEST(test_live_states)
{
    ck_assert_str_eq(rto_tcp_state_name(RTO_TCP_FIN_WAIT1), "FIN-WAIT-1");
    ck_assert_int_eq(rto_tcp_state_parse("fin_wait1"), RTO_TCP_FIN_WAIT1);
    ck_assert_int_eq(rto_tcp_state_parse("established"),
                     RTO_TCP_ESTABLISHED);
    ck_assert_int_eq(rto_tcp_state_parse("estab"), RTO_TCP_ESTABLISHED);
    ck_assert_int_eq(rto_tcp_state_parse("nope"), -1);
    ck_assert_ptr_null(rto_tcp_state_name(0));
    ck_assert(rto_sock_field_hidden(RTO_F_USER_TIMEOUT));
    ck_assert(!rto_sock_field_hidden(RTO_F_RETRIES2));
}
END_TEST

Suite *live_suite(void)
{
    Suite *s = suite_create("live");
    TCase *tc = tcase_create("live");

    tcase_add_loop_test(tc, test_live_predict, 0, (int)N_ROWS(live_rows));
    tcase_add_test(tc, test_live_not_dying);
    tcase_add_test(tc, test_live_huge_backoff);
    tcase_add_test(tc, test_live_states);
    tcase_add_test(tc, test_live_user_timeout_phase_unknown);
    suite_add_tcase(s, tc);
    return s;
}
