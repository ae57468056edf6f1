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
 * unclamped RTO's granularity (3264 ms: 256) + 4: 3264 - 1600 = 1664,
 * and the stamp up to 3 ms more recent (the dump reads tcp_clock_ms()
 * after the phase, at the latest at the end of its 4 ms tick): 1667.
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
 *
 * ut3000, clamped (measured on 6.18 as root in the sockets of
 * tests/live/sockopt.sh, under a compiler's load): 4 retransmissions, rto
 * 3264 (816 j, level 2), expires 16 (4 j), last_data_sent 60 (15 j),
 * total_rto_time 2985: the stamp 2982 to 2985 ms back.  The pending timer
 * was armed at the 4th retransmission, 2924 ms after the stamp (to the
 * jiffy): tcp_clamp_rto_to_user_timeout() cut it to the 76 ms left, 19 j
 * (last_data_sent + expires), level 0, granularity 1 j.  Nominal: its
 * expiry, 16 ms, elapsed 3001 >= 3000: give up, 0 more.  Typical: half a
 * jiffy late, 18.  Earliest 16.  Latest: with the stamp 2982 back the
 * firing at 16 is at elapsed 2998, alive: a 5th retransmission and a
 * clamped timer, the model's bound for which is the user timeout + 1
 * jiffy after the stamp (22 ms) plus the unclamped RTO's granularity
 * (256) and a tick: 282; 0 or 1 more.  The real socket gave up at the
 * pending firing (no 5th retransmission in a packet capture; ETIMEDOUT
 * reached a woken thread 24.3 ms after the sample's tick).
 */
#include "helpers.h"
#include "model/internal.h"

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
      MS(1667), SKIP },
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
    { "ut3000, clamped, measured sample", RTX, false, false, 15, 0, 120000,
      3000, 4, 3264, 16, 2985, 60, 0, 4, RTO_PATH_RETRANS, 0, 0, 1, MS(16),
      MS(18), MS(16), MS(282), SKIP },
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

/* The count still to come and the give-up: point and window. */
static void check_window(const char *src, const struct rto_sock_prediction *o,
                         int rmin, int rmax, int64_t point_us,
                         int64_t earliest_us, int64_t latest_us)
{
    EQ64(src, 250, "remaining_min", o->remaining_min, rmin);
    EQ64(src, 250, "remaining_max", o->remaining_max, rmax);
    EQ64(src, 250, "point", o->give_up_us, point_us);
    EQ64(src, 250, "earliest", o->give_up_earliest_us, earliest_us);
    EQ64(src, 250, "latest", o->give_up_latest_us, latest_us);
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
    EQ64(r->src, 250, "nominal", o.give_up_nominal_us, r->nominal_us);
    check_window(r->src, &o, r->rmin, r->rmax, r->typical_us, r->earliest_us,
                 r->latest_us);
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

/*
 * The wheel bucket, by hand from kernel/time/timer.c: calc_wheel_index()
 * takes the level from delta = expires - clk (level n while delta <
 * LVL_START(n + 1) = 63 << 3n), calc_index() rounds the expiry up to the
 * level's granularity, strictly after it: ((expires >> 3n) + 1) << 3n.  A
 * timer re-armed by a callback on time sees clk = jiffies + 1.
 */
struct bucket_row {
    const char *src;
    int hz;
    uint64_t expires, clk, bucket;
};

static const struct bucket_row bucket_rows[] = {
    { "200 ms RTO = 50 j at HZ 250 armed at 1000: delta 49, level 0, "
      "1050 + 1", 250, 1050, 1001, 1051 },
    { "1.6 s = 400 j armed at 1000: delta 399, level 1, (1400 >> 3) + 1 = "
      "176, x 8 (1400 itself is a multiple: strictly after)", 250, 1400,
      1001, 1408 },
    { "400 j armed at 1003: (1403 >> 3) + 1 = 176, x 8", 250, 1403, 1004,
      1408 },
    { "63 j armed on time at 1001: delta 62, level 0: 1064 + 1", 250, 1064,
      1002, 1065 },
    { "63 j armed a tick late: delta 63, level 1: (1064 >> 3) + 1 = 134, "
      "x 8", 250, 1064, 1001, 1072 },
    { "3264 ms = 816 j armed at 832: delta 815, level 2: (1648 >> 6) + 1 = "
      "26, x 64", 250, 1648, 833, 1664 },
    { "already due (delta < 0 as a long): the clock itself", 250, 990, 1001,
      1001 },
    { "past WHEEL_TIMEOUT_CUTOFF = 63 << 24 at HZ 250 (9 levels): cut to "
      "clk + cutoff - 2^24 = 62 << 24, level 8: 63 << 24", 250, 2000000000,
      0, (uint64_t)63 << 24 },
    { "HZ 100 (8 levels): cutoff 63 << 21, cut to 62 << 21, level 7: "
      "63 << 21", 100, 200000000, 0, (uint64_t)63 << 21 },
    { "unsigned long arithmetic: level 0 just below the wrap", 250,
      UINT64_MAX - 2, UINT64_MAX - 12, UINT64_MAX - 1 },
};

START_TEST(test_live_bucket)
{
    const struct bucket_row *r = &bucket_rows[_i];

    EQ64(r->src, r->hz, "bucket",
         rto_wheel_bucket(r->expires, r->clk, r->hz), r->bucket);
}
END_TEST

/*
 * Predictions with the jiffies count known (HZ 250, phase 0, jiffies J at
 * the sample's tick): each firing on its bucket (the point and the
 * earliest) or, slipped, one tick later (the latest), each from the last.
 * The samples are the rows above.
 * - rtx-r5, J = 1000: the pending expiry 1000 + 815 (3260 ms) armed for
 *   816 j on time (delta 815, level 2) fires at (1815 >> 6) + 1 = 29, x 64
 *   = 1856 (3424 ms after the sample), the 5th retransmission; 1632 j more
 *   expire at 3488: (3488 >> 6) + 1 = 55, x 64 = 3520 = 10 080 ms, elapsed
 *   2913 + 10 080 >= 12 600: give up.  Slipped: 1857, then 3489 (level 2
 *   either way) rounds to 3520 again, + 1 tick = 10 084 ms.
 * - keepalive 2/1/3, J = 1000: time zero is the last receive, 600 j back
 *   (400).  Expiry 1155 armed for the 250 j interval: level 1, (1155 >> 3)
 *   + 1 = 145, x 8 = 1160, probe 2; 1410 -> 1416, probe 3; 1666 -> 1672,
 *   3 >= 3: give up 672 j = 2688 ms after the sample.  Slipped: 1161,
 *   1411 -> 1417, 1667 -> 1673: 2692 ms.
 * - probe0-r5, J = 1000: expiry 1314 (1256 ms), its 432 j timer at level
 *   1: 1320, probe 4 arms 864 j: 2184, level 2: (34 + 1) x 64 = 2240, probe
 *   5 arms 1728 j: 3968 -> (62 + 1) x 64 = 4032, 5 >= 5: give up 3032 j =
 *   12 128 ms; slipped 1321, 2185 -> 2241, 3969 -> 4033: 12 132 ms.
 * - FIN-WAIT-2 orphan, J = 1000: expiry 8500 (30 000 ms), 15 000 j at
 *   level 3: (8500 >> 9) + 1 = 17, x 512 = 8704: 7704 j = 30 816 ms;
 *   slipped 30 820 ms.
 * - rtx-r8-max2s boundary with total_rto_time 11 080 ms: the pending
 *   expiry 475 j (1900 ms) away, armed for 500 j at level 1.  Without the
 *   jiffies count it may fire at elapsed 11 080 + 1900 = 12 980 (alive) or
 *   up to 36 ms later (past the 13 000 ms budget): 0 or 1 more.  J = 1000:
 *   1475 -> (184 + 1) x 8 = 1480 = 1920 ms, elapsed 13 000: gives up there,
 *   slipped 1924 ms.  J = 1004: 1479 -> 1480 = 1904 ms, elapsed 12 984, and
 *   slipped 12 988: alive both, a 9th retransmission arms 500 j: 1980 ->
 *   (247 + 1) x 8 = 1984 = 3920 ms; slipped 1481 + 500 = 1981 (delta 500,
 *   level 1) -> 1984, + 1 tick: 3924 ms.  At J = 1000 the stamp may be up
 *   to 3 ms more recent (the dump reads tcp_clock_ms() after the phase,
 *   at the latest at the end of its tick): elapsed 12 997 at 1480, alive,
 *   so 0 or 1 more; the 9th armed at 1480 or 1481 + 500 -> (247 + 1) x 8
 *   = 1984, 984 j = 3936 ms, + 1 tick: 3940 ms.
 * - ut3000, clamped, J 1000 (any J: level 0): the pending expiry 1004,
 *   armed for 19 j at level 0, fires at 1005 = 20 ms, elapsed 3002 to 3005
 *   >= 3000: give up, 0 more; slipped 24 ms.  Measured: at the pending
 *   firing (above).  (Taking the pending timer for the unclamped 816 j
 *   RTO, level 2, put it at (1004 >> 6) + 1 = 16, x 64 = 1024: 96 ms, the
 *   window [96, 100] that missed it.)
 */
struct exact_row {
    const char *src;
    size_t row;             /* the sample: live_rows[row] */
    int64_t trt_ms;         /* its total_rto_time, or 0 as the row has */
    uint64_t jiffies;
    int rmin, rmax;
    int64_t point_us, earliest_us, latest_us;
};

static const struct exact_row exact_rows[] = {
    { "rtx-r5, J 1000", 0, 0, 1000, 1, 1, MS(10080), MS(10080), MS(10084) },
    { "keepalive 2/1/3, J 1000", 7, 0, 1000, 2, 2, MS(2688), MS(2688),
      MS(2692) },
    { "probe0-r5, J 1000", 9, 0, 1000, 2, 2, MS(12128), MS(12128),
      MS(12132) },
    { "FIN-WAIT-2 orphan, J 1000", 10, 0, 1000, 0, 0, MS(30816), MS(30816),
      MS(30820) },
    { "rtx-r8-max2s boundary, J 1000", 3, 11080, 1000, 0, 1, MS(1920),
      MS(1920), MS(3940) },
    { "rtx-r8-max2s boundary, J 1004", 3, 11080, 1004, 1, 1, MS(3920),
      MS(3920), MS(3924) },
    { "ut3000, clamped, J 1000", 11, 0, 1000, 0, 0, MS(20), MS(20), MS(24) },
};

START_TEST(test_live_exact)
{
    const struct exact_row *r = &exact_rows[_i];
    struct rto_sock s;
    struct rto_sock_settings set;
    struct rto_sock_prediction o;

    live_sample(&live_rows[r->row], &s, &set);
    if (r->trt_ms)
        s.total_rto_time_us = MS(r->trt_ms);
    set.jiffies_known = true;
    set.jiffies = r->jiffies;
    ck_assert_int_eq(rto_sock_predict(&s, &set, &o), RTO_OK);
    check_window(r->src, &o, r->rmin, r->rmax, r->point_us, r->earliest_us,
                 r->latest_us);
}
END_TEST

/*
 * Every row at every jiffies count modulo the largest granularity it
 * meets (512 at level 3), from INITIAL_JIFFIES (2^32 - 300 HZ) on: the
 * window with the count known lies inside the one without it (each bucket
 * is a time the model without it allows: up to one granularity late, plus
 * the slip), holds its own point, its nominal is its earliest (every timer
 * on its bucket), and the count to come stays in range.
 */
START_TEST(test_live_exact_inside)
{
    const struct live_row *r = &live_rows[_i];
    struct rto_sock s;
    struct rto_sock_settings set;
    struct rto_sock_prediction u, o;

    live_sample(r, &s, &set);
    ck_assert_int_eq(rto_sock_predict(&s, &set, &u), RTO_OK);
    for (uint64_t j = 0; j < 1024; j++) {
        set.jiffies_known = true;
        set.jiffies = UINT64_C(4294892296) + j;
        ck_assert_int_eq(rto_sock_predict(&s, &set, &o), RTO_OK);
        LE64(r->src, 250, "unknown earliest", u.give_up_earliest_us,
             "earliest", o.give_up_earliest_us);
        LE64(r->src, 250, "earliest", o.give_up_earliest_us, "point",
             o.give_up_us);
        LE64(r->src, 250, "point", o.give_up_us, "latest",
             o.give_up_latest_us);
        /* On time, with the buckets known, is on the bucket: the
         * earliest (the header's give_up_nominal_us). */
        if (o.tick_exact)
            ck_assert_int_eq(o.give_up_nominal_us, o.give_up_earliest_us);
        /* Before the first RTO a tail loss probe may move every bucket,
         * and an overdue timer's bucket is not given: the window is then
         * the one without the count. */
        ck_assert(o.tick_exact
                  == (!o.before_first_rto && s.expires_us > 0));
        if (o.before_first_rto)
            ck_assert_int_eq(o.give_up_latest_us, u.give_up_latest_us);
        LE64(r->src, 250, "latest", o.give_up_latest_us, "unknown latest",
             u.give_up_latest_us);
        LE64(r->src, 250, "unknown remaining_min", u.remaining_min,
             "remaining_min", o.remaining_min);
        LE64(r->src, 250, "remaining_max", o.remaining_max,
             "unknown remaining_max", u.remaining_max);
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

/*
 * What no kernel reports: one field of a measured sample moved just
 * inside and just outside what the kernel can send, each bound from its
 * kernel source.  Outside, rto_sock_predict() says RTO_ENOTSUP with a note
 * naming the field, at once, instead of simulating a socket that cannot
 * exist (a tcpi_rto of 0 never doubled away from 0 and ran the walk to its
 * 2^22-firing safety bound).
 *
 * - tcpi_retransmits, tcpi_probes, tcpi_backoff: icsk_retransmits,
 *   icsk_probes_out and icsk_backoff are u8 (KERNEL.md 0.1,
 *   include/net/inet_connection_sock.h): 0..255.
 * - tcpi_rto: at most TCP_RTO_MAX, 120 s (KERNEL.md 0.2; tcp_bound_rto(),
 *   2.1: "never more than TCP_RTO_MAX"); at least one jiffy, as
 *   __tcp_set_rto() rounds srtt / 8 + rttvar (rttvar >= rto_min >= 1 us,
 *   KERNEL.md 2.2) up to jiffies: 1 us is inside (it rounds up to one
 *   jiffy), 0 outside.
 * - idiag_expires of the retransmit timer: inet_csk_reset_xmit_timer()
 *   cuts it to max_when, TCP_RTO_MAX at most: 120 000 ms inside, 120 001
 *   outside (the kernel sends whole ms).
 * - idiag_expires of the keepalive timer at HZ=250: the wheel has 9
 *   levels (HZ > 100, KERNEL.md 0.3) and files a timer at
 *   WHEEL_TIMEOUT_CUTOFF = LVL_START(9) = 63 x 8^8 = 1 056 964 608
 *   jiffies or more ahead at its capacity instead (kernel/time/timer.c):
 *   1 056 964 607 jiffies x 4 ms = 4 227 858 428 ms inside,
 *   4 227 858 432 ms outside.
 * - tcpi_last_data_sent, tcpi_total_rto_time: __u32 ms
 *   (include/uapi/linux/tcp.h): 4 294 967 295 ms inside, one more
 *   outside.
 * - tcp_keepalive_probes above 255 (a plain int before 5.13, KERNEL.md
 *   8.1) is never reached by the u8 icsk_probes_out: with no
 *   TCP_USER_TIMEOUT, tcp_keepalive_timer() never gives up (6.1); 255
 *   is reached.
 */
enum bound_field {
    B_RETRANSMITS, B_PROBES, B_BACKOFF, B_RTO, B_EXPIRES, B_LAST_SENT,
    B_TOTAL_RTO_TIME, B_KEEPALIVE_PROBES,
};

struct bound_row {
    const char *src;
    size_t base;            /* index into live_rows */
    enum bound_field field;
    int64_t value;
    bool inside;
    const char *named;      /* what the note must name when outside */
};

static const struct bound_row bound_rows[] = {
    { "icsk_retransmits u8, 255", 0, B_RETRANSMITS, 255, true, NULL },
    { "icsk_retransmits u8, 256", 0, B_RETRANSMITS, 256, false,
      "tcpi_retransmits" },
    { "icsk_retransmits u8, -1", 0, B_RETRANSMITS, -1, false,
      "tcpi_retransmits" },
    { "icsk_probes_out u8, 255", 7, B_PROBES, 255, true, NULL },
    { "icsk_probes_out u8, 256", 7, B_PROBES, 256, false, "tcpi_probes" },
    { "icsk_backoff u8, 255", 9, B_BACKOFF, 255, true, NULL },
    { "icsk_backoff u8, 256", 9, B_BACKOFF, 256, false, "tcpi_backoff" },
    { "TCP_RTO_MAX, 120 s", 0, B_RTO, SEC(120), true, NULL },
    { "TCP_RTO_MAX, 120 s + 1 us", 0, B_RTO, SEC(120) + 1, false,
      "tcpi_rto" },
    { "one jiffy at least, 1 us", 0, B_RTO, 1, true, NULL },
    { "one jiffy at least, 0", 0, B_RTO, 0, false, "tcpi_rto" },
    { "max_when TCP_RTO_MAX, 120 000 ms", 0, B_EXPIRES, MS(120000), true,
      NULL },
    { "max_when TCP_RTO_MAX, 120 001 ms", 0, B_EXPIRES, MS(120001), false,
      "idiag_expires" },
    { "idiag_expires u32, -1 ms", 0, B_EXPIRES, MS(-1), false,
      "idiag_expires" },
    { "WHEEL_TIMEOUT_CUTOFF HZ=250, one jiffy short", 7, B_EXPIRES,
      MS(4227858428), true, NULL },
    { "WHEEL_TIMEOUT_CUTOFF HZ=250", 7, B_EXPIRES, MS(4227858432), false,
      "WHEEL_TIMEOUT_CUTOFF" },
    { "tcpi_last_data_sent u32 ms, 2^32 - 1", 0, B_LAST_SENT,
      MS(4294967295), true, NULL },
    { "tcpi_last_data_sent u32 ms, 2^32", 0, B_LAST_SENT, MS(4294967296),
      false, "tcpi_last_data_sent" },
    { "tcpi_total_rto_time u32 ms, 2^32 - 1", 0, B_TOTAL_RTO_TIME,
      MS(4294967295), true, NULL },
    { "tcpi_total_rto_time u32 ms, 2^32", 0, B_TOTAL_RTO_TIME,
      MS(4294967296), false, "tcpi_total_rto_time" },
    { "u8 icsk_probes_out reaches 255", 7, B_KEEPALIVE_PROBES, 255, true,
      NULL },
    { "u8 icsk_probes_out never reaches 256", 7, B_KEEPALIVE_PROBES, 256,
      false, "tcp_keepalive_probes" },
};

static void bound_apply(const struct bound_row *r, struct rto_sock *s,
                        struct rto_sock_settings *set)
{
    switch (r->field) {
    case B_RETRANSMITS: s->retransmits = (int)r->value; break;
    case B_PROBES: s->probes = (int)r->value; break;
    case B_BACKOFF: s->backoff = (int)r->value; break;
    case B_RTO: s->rto_us = r->value; break;
    case B_EXPIRES: s->expires_us = r->value; break;
    case B_LAST_SENT: s->last_data_sent_us = r->value; break;
    case B_TOTAL_RTO_TIME: s->total_rto_time_us = r->value; break;
    case B_KEEPALIVE_PROBES:
        /* Debian 11's 5.10, where tcp_keepalive_probes is still an int,
         * with the row's other settings. */
        rto_params_default_for(&set->params, RTO_KERNEL(5, 10));
        set->params.hz = 250;
        set->params.keepalive_time_us = SEC(2);
        set->params.keepalive_intvl_us = SEC(1);
        set->params.keepalive_probes = (int)r->value;
        break;
    }
}

START_TEST(test_live_bounds)
{
    const struct bound_row *r = &bound_rows[_i];
    struct rto_sock s;
    struct rto_sock_settings set;
    struct rto_sock_prediction o;
    int rc;

    live_sample(&live_rows[r->base], &s, &set);
    bound_apply(r, &s, &set);
    rc = rto_sock_predict(&s, &set, &o);
    if (r->inside) {
        ck_assert_msg(rc == RTO_OK, "%s: rc %d, note %s", r->src, rc,
                      o.note ? o.note : "none");
        return;
    }
    ck_assert_msg(rc == RTO_ENOTSUP, "%s: rc %d", r->src, rc);
    ck_assert_msg(o.note && strstr(o.note, r->named), "%s: note \"%s\"",
                  r->src, o.note ? o.note : "");
    ck_assert_int_eq(o.give_up_us, RTO_NONE);
}
END_TEST

/*
 * ut3000 with the phase unknown: the stamp is 2910 to 2913 ms back, the
 * pending firing (elapsed 2849 to 2852 ms) retransmits a 4th time and the
 * timer is cut to the user timeout, so the next firing, 3000 ms after the
 * stamp, gives up whatever the phase: exactly one more retransmission, as
 * with the phase known.  The window walk kept the cut timer's earliest
 * firing, 3000 ms less the stamp's 3 ms of width, as the earliest a
 * socket still alive could be, below the budget for ever: it walked to
 * its 2^22-firing bound and counted 4 194 303 retransmissions possible.
 * The phase moves every time up to 3.999 ms earlier (the header's
 * rtx-r5 rule): the give-up comes no earlier than 1400 - 4 ms, and before
 * 1252 + 3264 ms, where a 5th retransmission's whole RTO (3264 ms) after
 * the pending firing would end.
 */
START_TEST(test_live_ut_phase_unknown)
{
    struct rto_sock s;
    struct rto_sock_settings set;
    struct rto_sock_prediction o;

    live_sample(&live_rows[5], &s, &set);
    set.phase_us = -1;
    ck_assert_int_eq(rto_sock_predict(&s, &set, &o), RTO_OK);
    EQ64("ut3000, phase unknown", 250, "remaining_min", o.remaining_min, 1);
    EQ64("ut3000, phase unknown", 250, "remaining_max", o.remaining_max, 1);
    LE64("ut3000, phase unknown", 250, "window start", MS(1396),
         "earliest", o.give_up_earliest_us);
    ck_assert_msg(o.give_up_latest_us < MS(1252 + 3264),
                  "ut3000, phase unknown: latest %" PRId64 " us",
                  o.give_up_latest_us);
}
END_TEST

/*
 * tcp_clamp_rto_to_user_timeout() computes s32 remaining = user_timeout
 * - elapsed from two u32: an elapsed time more than 2^31 ms past the
 * timeout leaves a positive remainder, so the timer is the RTO, not one
 * jiffy.  Before 6.7 the stamp is rebuilt from tcpi_last_data_sent, which
 * a retransmission that fails locally does not refresh: here 3 000 000 000
 * ms, plus the 102-jiffy (408 ms) timer before it and up to 36 ms of its
 * lateness (level 1, 32 ms, and a tick).  Pending firing at elapsed
 * 3 000 001 224 ms or so: (s32)(elapsed - 1000) < 0, alive, retransmits;
 * the RTO doubles to 120 s, and the u32 elapsed time wraps 2^32 ms after
 * the stamp.  The timer cut at the wrap ends exactly at the user timeout
 * after it (whole jiffies, up to 4 ms more), where the signed test gives
 * up: nominal give-up 2^32 + 1000 ms after a stamp 3 000 000 408 to
 * 3 000 000 444 ms back, 1 294 967 852 to 1 294 967 892 ms after the
 * sample.  Firing every jiffy, the model ran out of its 2^22 firings
 * 4.7 hours in and found no give-up at all.
 */
static void old_stamp_sample(struct rto_sock *s,
                             struct rto_sock_settings *set)
{
    live_sample(&live_rows[0], s, set);
    /* Before 6.7; 2 retransmissions, backoff 2, RTO and expiry 816 ms. */
    s->has_total_rto = false;
    s->retransmits = s->backoff = 2;
    s->rto_us = s->expires_us = MS(816);
    s->last_data_sent_us = MS(3000000000);
    set->params.user_timeout_us = MS(1000);
}

START_TEST(test_live_ut_s32_remaining)
{
    struct rto_sock s;
    struct rto_sock_settings set;
    struct rto_sock_prediction o;

    old_stamp_sample(&s, &set);
    ck_assert_int_eq(rto_sock_predict(&s, &set, &o), RTO_OK);
    LE64("s32 remaining", 250, "2^32 + 1000 - 3 000 000 444 ms",
         MS(1294967852), "nominal", o.give_up_nominal_us);
    LE64("s32 remaining", 250, "nominal", o.give_up_nominal_us,
         "2^32 + 1004 - 3 000 000 408 ms", MS(1294967892));
}
END_TEST

/*
 * A keepalive interval past the timer wheel's reach: WHEEL_TIMEOUT_CUTOFF
 * at HZ 250 (9 levels) is 63 << 24 = 1 056 964 608 jiffies, 4 227 858.432
 * s.  The sysctl takes up to INT_MAX / HZ = 8 589 934 s.  4 227 858 s is
 * 1 056 964 500 jiffies, inside: predicted; 4 227 859 s is 1 056 964 750,
 * past it: the kernel fires the timer early, at the wheel's capacity, and
 * the prediction says so instead (RTO_ENOTSUP, the note naming it).
 */
START_TEST(test_live_keepalive_past_wheel)
{
    struct rto_sock s;
    struct rto_sock_settings set;
    struct rto_sock_prediction o;

    live_sample(&live_rows[7], &s, &set);
    for (int known = 0; known < 2; known++) {
        set.jiffies_known = known;
        set.jiffies = 1000;
        set.params.keepalive_intvl_us = SEC(4227858);
        ck_assert_int_eq(rto_sock_predict(&s, &set, &o), RTO_OK);
        set.params.keepalive_intvl_us = SEC(4227859);
        ck_assert_int_eq(rto_sock_predict(&s, &set, &o), RTO_ENOTSUP);
        ck_assert_ptr_nonnull(o.note);
        ck_assert_ptr_nonnull(strstr(o.note, "WHEEL_TIMEOUT_CUTOFF"));
        /* The idle time too. */
        set.params.keepalive_intvl_us = SEC(1);
        set.params.keepalive_time_us = SEC(4227859);
        ck_assert_int_eq(rto_sock_predict(&s, &set, &o), RTO_ENOTSUP);
        set.params.keepalive_time_us = SEC(2);
    }
}
END_TEST

Suite *live_suite(void)
{
    Suite *s = suite_create("live");
    TCase *tc = tcase_create("live");

    tcase_add_loop_test(tc, test_live_predict, 0, (int)N_ROWS(live_rows));
    tcase_add_loop_test(tc, test_live_bucket, 0, (int)N_ROWS(bucket_rows));
    tcase_add_loop_test(tc, test_live_exact, 0, (int)N_ROWS(exact_rows));
    tcase_add_loop_test(tc, test_live_exact_inside, 0,
                        (int)N_ROWS(live_rows));
    tcase_add_test(tc, test_live_not_dying);
    tcase_add_test(tc, test_live_huge_backoff);
    tcase_add_test(tc, test_live_states);
    tcase_add_loop_test(tc, test_live_bounds, 0, (int)N_ROWS(bound_rows));
    tcase_add_test(tc, test_live_ut_phase_unknown);
    tcase_add_test(tc, test_live_ut_s32_remaining);
    tcase_add_test(tc, test_live_keepalive_past_wheel);
    suite_add_tcase(s, tc);
    return s;
}
