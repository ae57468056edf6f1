/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The other TCP stacks (src/model/stacks.c, stacks_paths.c): every expected
 * number is derived by hand below from the rules and constants STACKS.md
 * cites (its sections 2 to 8, with the source of each rule), or is a
 * published measurement named where it is used.  Two RTTs per stack:
 * "LAN" = RTT 1 ms with the first sample's variance (rttvar = rtt / 2), and
 * "WAN" = srtt 100 ms, rttvar 25 ms (srtt + 4 rttvar = 200 ms).
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rtocalc.h"

#define MS(x) ((int64_t)(x) * 1000)
#define CAP 4096

static struct rto_event ev[CAP];

static void params(struct rto_stack_params *p, enum rto_stack s, int v,
                   bool wan)
{
    rto_stack_params_default(p, s, v);
    if (wan) {
        p->rtt_us = MS(100);
        p->rttvar_us = MS(25);
    } else {
        p->rtt_us = MS(1);
    }
}

static void run(const struct rto_stack_params *p, enum rto_path path,
                struct rto_timeline *t, struct rto_stack_run *r)
{
    rto_timeline_init(t, ev, CAP);
    ck_assert_int_eq(rto_stack_path(p, path, t, r), RTO_OK);
}

#define GIVE_UP(t, want_us, want_n)                                        \
    do {                                                                   \
        ck_assert_msg((t)->give_up_us == (want_us),                        \
                      "give-up %" PRId64 " us, want %" PRId64,             \
                      (t)->give_up_us, (int64_t)(want_us));                \
        ck_assert_int_eq((t)->retransmissions, (want_n));                  \
    } while (0)

/* The times of every event but the give-up, in ms. */
static void times(const struct rto_timeline *t, const int64_t *ms, size_t n)
{
    size_t k = 0;

    for (size_t i = 0; i < t->count; i++) {
        if (t->events[i].type == RTO_EV_GIVE_UP
            || t->events[i].type == RTO_EV_RST)
            continue;
        ck_assert_msg(k < n, "more events than expected");
        ck_assert_msg(t->events[i].at_us == MS(ms[k]),
                      "event %zu at %" PRId64 " us, want %" PRId64 " ms", i,
                      t->events[i].at_us, ms[k]);
        k++;
    }
    ck_assert_uint_eq(k, n);
}

/*
 * FreeBSD 14 (STACKS.md 2.2): B = max(30 ms, S + 4V),
 * I0 = max(30 ms, rtt + 2 ms, B + 200 ms), I_k = min(64 s, B x
 * tcp_backoff[k] + 200 ms), backoff 1,2,4,..,512,512,512,512; drop at the
 * 13th firing.
 * LAN: B = max(30, 1 + 4 x 0.5) = 30 ms.  I0 = 230; I1..I12 = 260, 320,
 * 440, 680, 1160, 2120, 4040, 7880, then 30 x 512 + 200 = 15560 x 4.
 * Sum = 230 + 260 + 320 + 440 + 680 + 1160 + 2120 + 4040 + 7880 + 62240
 *     = 79370 ms.
 * WAN: B = 200.  I0 = 400; 600, 1000, 1800, 3400, 6600, 13000, 25800,
 * 51400, then min(64000, 102600) x 4 = 256000.  Sum = 104000 + 256000
 * = 360000 ms.
 */
START_TEST(freebsd_retrans)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;
    static const int64_t lan[] = { 0, 230, 490, 810, 1250, 1930, 3090,
                                   5210, 9250, 17130, 32690, 48250,
                                   63810 };

    params(&p, RTO_STACK_FREEBSD, 14, false);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(79370), 12);
    times(&t, lan, 13);
    ck_assert_int_eq(r.tag, RTO_TAG_SRC);
    /* hz 1000: each of the 13 firings up to one 1 ms tick late. */
    ck_assert_int_eq(t.give_up_latest_us, MS(79370 + 13));
    params(&p, RTO_STACK_FREEBSD, 14, true);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(360000), 12);
    /* First-sample WAN (rttvar = rtt / 2 = 50 ms): B = 300, I0 = 500,
     * 800, 1400, 2600, 5000, 9800, 19400, 38600, then 64000 x 5:
     * 78100 + 320000 = 398100 ms. */
    p.rttvar_us = RTO_NONE;
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(398100), 12);
    /* net.inet.tcp.retries 5 on a LAN: 230 + 260 + 320 + 440 + 680 +
     * 1160 = 3090 ms. */
    params(&p, RTO_STACK_FREEBSD, 14, false);
    p.retries = 5;
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(3090), 5);
    /* TCP_MAXUNACKTIME 2 s: the timer is pulled in to fire at the
     * deadline; retransmissions at 230, 490, 810, 1250 and 1930 ms go out
     * first. */
    params(&p, RTO_STACK_FREEBSD, 14, false);
    p.user_timeout_us = MS(2000);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(2000), 5);
    ck_assert_int_eq(t.reason, RTO_REASON_USER_TIMEOUT);
}
END_TEST

/*
 * XNU (STACKS.md 3.2): as FreeBSD with tcp_backoff capped at 64 and, from
 * firing 5 on, B1 = max(30 ms, 4V + S/4) after the srtt clobber.
 * LAN: B0 = B1 = 30 ms.  230, 260, 320, 440, 680, 1160, then 2120 x 7 =
 * 14840: 17930 ms.
 * WAN: B0 = 200: 400, 600, 1000, 1800, 3400; B1 = 100 + 25 = 125:
 * 125 x 32 + 200 = 4200, then 125 x 64 + 200 = 8200 x 7 = 57400: 68800 ms.
 * First-sample WAN (V = 50): B0 = 300, B1 = 225: 500, 800, 1400, 2600,
 * 5000, 7400, 14600 x 7 = 102200: 119900 ms.
 */
START_TEST(xnu_retrans)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;

    params(&p, RTO_STACK_MACOS, 15, false);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(17930), 12);
    /* REXMT is a 100 ms timer-list quantum: up to 13 x 100 ms late. */
    ck_assert_int_eq(t.give_up_latest_us, MS(17930 + 1300));
    ck_assert_ptr_nonnull(r.open);
    params(&p, RTO_STACK_MACOS, 15, true);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(68800), 12);
    p.rttvar_us = RTO_NONE;
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(119900), 12);
    /* TCP_RXT_CONNDROPTIME 5 s from the first RTO (230 ms), tested at
     * firings: the firings are at 230, 490, 810, 1250, 1930, 3090, 5210,
     * 7330; the first with t - 230 >= 5000 is 7330 ms, after 7
     * retransmissions. */
    params(&p, RTO_STACK_MACOS, 15, false);
    p.user_timeout_us = MS(5000);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(7330), 7);
}
END_TEST

/*
 * Windows (STACKS.md 4.2): RTO0 = max(MinRto 300 ms, S + 4V), doubling,
 * cap 60 s, 5 retransmissions: 63 x RTO0.  LAN: 63 x 300 = 18900 ms.
 * WAN: S + 4V = 200 < 300: 18900 ms as well.  MinRto 20 ms with the WAN
 * RTT: RTO0 = 200, 63 x 200 = 12600 ms (the "at least 12.6 s" of
 * STACKS.md 11).
 */
START_TEST(windows_retrans)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;

    params(&p, RTO_STACK_WINDOWS, 11, false);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(18900), 5);
    ck_assert_int_eq(r.tag, RTO_TAG_REC);
    ck_assert_ptr_nonnull(r.open);
    params(&p, RTO_STACK_WINDOWS, 11, true);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(18900), 5);
    p.rto_min_us = MS(20);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(12600), 5);
}
END_TEST

/*
 * lwIP (STACKS.md 5.1, src/core/tcp.c tcp_slowtmr()): slow tick T = 2 x
 * TCP_TMR_INTERVAL = 500 ms.  After many LAN samples (m = 0 ticks) the VJ
 * estimator settles at sa = 0, sv = 3 (sv += 0 - sv >> 2 stops at 3):
 * b = 3 ticks.  Retransmission 1 when rtime reaches b, then b << 1, << 2,
 * ..., << 7 (x128) five times; abort one tick after the 12th:
 * (767 b + 1) ticks, counted from the first slow tick after the send:
 * nominal (767 x 3 + 1 - 1) x 500 = 1150500 ms, latest one tick more,
 * 1151000 (STACKS.md's 1151.0 s).  With RTT 100 ms (m = 0 too) the same.
 * No sample: b = LWIP_TCP_RTO_TIME / T = 6: (767 x 6) x 500 = 2301000,
 * latest 2301500 (STACKS.md's 2301.5 s).  b = 4 (one LAN sample from
 * sv 6: 6 - 1 = 5; two: 5 - 1 = 4): 767 x 4 x 500 = 1534000, latest
 * 1534500 (STACKS.md's 1534.5 s).
 */
START_TEST(lwip_retrans)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;

    params(&p, RTO_STACK_LWIP, 22, false);
    ck_assert_int_eq(rto_lwip_rto_ticks(&p), 3);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(1150500), 12);
    ck_assert_int_eq(t.give_up_latest_us, MS(1151000));
    ck_assert_int_eq(t.error, ECONNABORTED);
    params(&p, RTO_STACK_LWIP, 22, true);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(1150500), 12);
    p.samples = 0;
    ck_assert_int_eq(rto_lwip_rto_ticks(&p), 6);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    ck_assert_int_eq(t.give_up_latest_us, MS(2301500));
    p.samples = 2;
    ck_assert_int_eq(rto_lwip_rto_ticks(&p), 4);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    ck_assert_int_eq(t.give_up_latest_us, MS(1534500));
    /* The first retransmissions at b = 3: ticks 3, 3 + 6 = 9, 9 + 12 =
     * 21: nominal (k - 1) x 500 = 1000, 4000, 10000 ms. */
    params(&p, RTO_STACK_LWIP, 22, false);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    ck_assert_int_eq(t.events[1].at_us, MS(1000));
    ck_assert_int_eq(t.events[2].at_us, MS(4000));
    ck_assert_int_eq(t.events[3].at_us, MS(10000));
    ck_assert_int_eq(t.events[3].latest_us, MS(10500));
}
END_TEST

/*
 * OpenBSD 7 and NetBSD (STACKS.md 6, 7): RTO = max(1 s, S + 4V) = 1 s at
 * both RTTs, doubling to 64x (cap 64 s): 1+2+4+8+16+32+64x7 = 511 s.
 */
START_TEST(openbsd_netbsd_retrans)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;

    for (int wan = 0; wan < 2; wan++) {
        params(&p, RTO_STACK_OPENBSD, 7, wan);
        run(&p, RTO_PATH_RETRANS, &t, &r);
        GIVE_UP(&t, MS(511000), 12);
        params(&p, RTO_STACK_NETBSD, 10, wan);
        run(&p, RTO_PATH_RETRANS, &t, &r);
        GIVE_UP(&t, MS(511000), 12);
    }
}
END_TEST

/*
 * illumos (STACKS.md 8, corrected by tcp_input.c tcp_set_rto()): the base
 * is m + sd + (8 m >> 5) ms with m the RTT in whole 10 ms clock ticks and
 * sd = max(TCP_SD_MIN 400, 4 V).  LAN: m = 0 (1 ms is no whole tick), sd
 * = max(400, 0) = 400, base 400 ms; I0 = max(400 ms, base) = 400.  Each
 * firing arms the doubled RTO (cap 60 s) and adds it to "waited": 800,
 * 1600, 3200, 6400, 12800, 25600, 51200, 60000 x 4 = 341600 > 300000
 * after the 11th, so the 12th firing drops at 400 + 341600 = 342000 ms.
 * Solaris 10 (abort 8 min): 101600 + 60000 x 7 = 521600 > 480000 after
 * the 14th: 522000 ms.
 * WAN: m = 100, sd = max(400, 4 x 25 = 100) = 400, base 100 + 400 + 25
 * = 525 ms (STACKS.md's 225 ms leaves out TCP_SD_MIN).  Waited 1050,
 * 3150, 7350, 15750, 32550, 66150, then + 60000: 126150, 186150, 246150,
 * 306150 > 300000 after the 10th: dropped at the 11th firing, 525 +
 * 306150 = 306675 ms.  Solaris 10: 306150 + 3 x 60000 = 486150 > 480000
 * after the 13th: 525 + 486150 = 486675 ms.
 */
START_TEST(illumos_retrans)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;

    params(&p, RTO_STACK_ILLUMOS, 0, false);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(342000), 11);
    params(&p, RTO_STACK_ILLUMOS, 10, false);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(522000), 14);
    params(&p, RTO_STACK_ILLUMOS, 0, true);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(306675), 10);
    ck_assert_int_eq(t.initial_rto_us, MS(525));
    params(&p, RTO_STACK_ILLUMOS, 10, true);
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(486675), 13);
}
END_TEST

/*
 * Keepalive totals: BSDs keepidle + keepcnt x keepintvl = 7200 + 8 x 75
 * = 7800 s; Windows KeepAliveTime + 10 x KeepAliveInterval = 7200 + 10 =
 * 7210 s; lwIP abort when ticks - tmr > (7200000 + 9 x 75000) / 500 =
 * 15750 ticks, at tick 15751: nominal 15750 x 500 ms = 7875 s, latest
 * 7875.5 s; illumos probes at 7200, +0.4, +0.8, ... +51.2, then +60 s:
 * 7200, 7200.4, 7201.2, 7202.8, 7206, 7212.4, 7225.2, 7250.8, 7302, 7362,
 * ..., 7662 (15 probes), killed at the first firing past 7680: 7722 s.
 * illumos WAN (tcp_rto 525 ms, see illumos_retrans): 7200, 7200.525,
 * 7201.575, 7203.675, 7207.875, 7216.275, 7233.075, 7266.675, then every
 * 60 s to 7626.675 (14 probes); the next firing, 7686.675, is past 7680.
 */
START_TEST(keepalive_totals)
{
    static const struct {
        enum rto_stack s;
        int v;
        int64_t ms;
        int probes;
        int64_t wan_ms;     /* 0: the same as ms */
        int wan_probes;
    } rows[] = {
        { RTO_STACK_FREEBSD, 14, 7800000, 8, 0, 0 },
        { RTO_STACK_MACOS, 15, 7800000, 8, 0, 0 },
        { RTO_STACK_OPENBSD, 7, 7800000, 8, 0, 0 },
        { RTO_STACK_NETBSD, 10, 7800000, 8, 0, 0 },
        { RTO_STACK_WINDOWS, 11, 7210000, 10, 0, 0 },
        { RTO_STACK_LWIP, 22, 7875000, 9, 0, 0 },
        { RTO_STACK_ILLUMOS, 0, 7722000, 15, 7686675, 14 },
    };

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        for (int wan = 0; wan < 2; wan++) {
            struct rto_stack_params p;
            struct rto_timeline t;
            struct rto_stack_run r;

            params(&p, rows[i].s, rows[i].v, wan);
            run(&p, RTO_PATH_KEEPALIVE, &t, &r);
            if (wan && rows[i].wan_ms)
                GIVE_UP(&t, MS(rows[i].wan_ms), rows[i].wan_probes);
            else
                GIVE_UP(&t, MS(rows[i].ms), rows[i].probes);
        }
    }
}
END_TEST

/* FreeBSD's always_keepalive is on by default, XNU's and OpenBSD's off
 * (STACKS.md 0 item 7); the timeline says so. */
START_TEST(always_keepalive)
{
    struct rto_stack_params p;

    rto_stack_params_default(&p, RTO_STACK_FREEBSD, 14);
    ck_assert(p.always_keepalive);
    rto_stack_params_default(&p, RTO_STACK_MACOS, 15);
    ck_assert(!p.always_keepalive);
    rto_stack_params_default(&p, RTO_STACK_OPENBSD, 7);
    ck_assert(!p.always_keepalive);
}
END_TEST

/*
 * connect() (STACKS.md 2.1, 3.2, 4, 5, 6, 8).  XNU: SYN RTO 1 s x
 * tcp_syn_backoff 1,1,1,1,1,2,4,8,16,32,64: SYNs at 0, 1, 2, 3, 4, 5, 7,
 * 11, 19, 35, 67; ETIMEDOUT at keepinit 75 s, measured as 75.0 s on macOS
 * (SciQLop/speasy PR #344).  FreeBSD 14: 1 s x 2^k + 200 ms slop from the
 * second: 0, 1, 3.2, 7.4, 15.6, 31.8, 64; ETIMEDOUT at 75 s.  FreeBSD 12:
 * 3 s x tcp_syn_backoff + slop: 0, 3, 6.2, 9.4, 12.6, 15.8, 22, 34.2, 58.4.
 * OpenBSD: 3 s doubling: 0, 3, 9, 21, 45 -> 75 s.  Windows 10/11: SYNs
 * at 0, 1, 3, 7, 15, WSAETIMEDOUT at 21 s as measured (speasy PR #344,
 * nmap #2113); Windows 7: 3 + 6 + 12 = 21 s.  MaxSynRetransmissions 2:
 * 1 + 2 + 4 = 7 s and 6: 1+2+4+8+16+32+60 = 123 s, both measured (speasy
 * PR #344).  lwIP: SYN every 6 ticks (not backed off), abort one tick after
 * the 6th retransmission: tick 37, nominal 36 x 500 = 18 s, latest 18.5 s.
 * illumos: base 1.125 s doubling (cap 60 s); waited 2.25 + 4.5 + 9 + 18
 * + 36 + 60 + 60 = 189.75 > 180 after the 7th: SYNs at 0, 1.125, 3.375,
 * 7.875, 16.875, 34.875, 70.875, 130.875, drop at 190.875 s.
 */
START_TEST(connect_times)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;
    static const int64_t xnu[] = { 0, 1000, 2000, 3000, 4000, 5000, 7000,
                                   11000, 19000, 35000, 67000 };
    static const int64_t fb14[] = { 0, 1000, 3200, 7400, 15600, 31800,
                                    64000 };
    static const int64_t fb12[] = { 0, 3000, 6200, 9400, 12600, 15800,
                                    22000, 34200, 58400 };
    static const int64_t obsd[] = { 0, 3000, 9000, 21000, 45000 };
    static const int64_t win[] = { 0, 1000, 3000, 7000, 15000 };
    static const int64_t ill[] = { 0, 1125, 3375, 7875, 16875, 34875,
                                   70875, 130875 };

    for (int wan = 0; wan < 2; wan++) {
        params(&p, RTO_STACK_MACOS, 15, wan);
        run(&p, RTO_PATH_SYN, &t, &r);
        GIVE_UP(&t, MS(75000), 10);
        times(&t, xnu, 11);
        params(&p, RTO_STACK_FREEBSD, 14, wan);
        run(&p, RTO_PATH_SYN, &t, &r);
        GIVE_UP(&t, MS(75000), 6);
        times(&t, fb14, 7);
        params(&p, RTO_STACK_FREEBSD, 12, wan);
        run(&p, RTO_PATH_SYN, &t, &r);
        GIVE_UP(&t, MS(75000), 8);
        times(&t, fb12, 9);
        params(&p, RTO_STACK_OPENBSD, 7, wan);
        run(&p, RTO_PATH_SYN, &t, &r);
        GIVE_UP(&t, MS(75000), 4);
        times(&t, obsd, 5);
        params(&p, RTO_STACK_WINDOWS, 11, wan);
        run(&p, RTO_PATH_SYN, &t, &r);
        GIVE_UP(&t, MS(21000), 4);
        times(&t, win, 5);
        ck_assert_int_eq(r.tag, RTO_TAG_ISSUE);
        ck_assert_ptr_nonnull(r.open);
        p.syn_retries = 2;
        run(&p, RTO_PATH_SYN, &t, &r);
        GIVE_UP(&t, MS(7000), 2);
        p.syn_retries = 6;
        run(&p, RTO_PATH_SYN, &t, &r);
        GIVE_UP(&t, MS(123000), 6);
        params(&p, RTO_STACK_WINDOWS, 7, wan);
        run(&p, RTO_PATH_SYN, &t, &r);
        GIVE_UP(&t, MS(21000), 2);
        params(&p, RTO_STACK_LWIP, 22, wan);
        run(&p, RTO_PATH_SYN, &t, &r);
        GIVE_UP(&t, MS(18000), 6);
        ck_assert_int_eq(t.give_up_latest_us, MS(18500));
        params(&p, RTO_STACK_ILLUMOS, 0, wan);
        run(&p, RTO_PATH_SYN, &t, &r);
        GIVE_UP(&t, MS(190875), 7);
        times(&t, ill, 8);
    }
}
END_TEST

/*
 * lwIP zero-window probing (STACKS.md 5.1): probes 3, 6, 12, 24, 48, 96,
 * 120, 120, ... ticks apart: ticks 3, 9, 21, 45, 93, 189, 309, 429, 549,
 * 669, 789, 909; dropped at the next tick, 910: nominal 909 x 500 =
 * 454.5 s, latest 455 s.  FIN_WAIT_2: removed when ticks - tmr > 20000 /
 * 500 = 40, at tick 41: 20 s, latest 20.5 s.
 */
START_TEST(lwip_probe0_fin_wait2)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;

    params(&p, RTO_STACK_LWIP, 22, false);
    run(&p, RTO_PATH_PROBE0, &t, &r);
    GIVE_UP(&t, MS(454500), 12);
    ck_assert_int_eq(t.give_up_latest_us, MS(455000));
    run(&p, RTO_PATH_FIN_WAIT2, &t, &r);
    GIVE_UP(&t, MS(20000), 0);
    ck_assert_int_eq(t.give_up_latest_us, MS(20500));
}
END_TEST

/*
 * lwIP with other compile-time settings, as a port's lwipopts.h sets them
 * (the public API an lwIP harness calls): TCP_TMR_INTERVAL 100 ms, so a
 * 200 ms slow tick; LWIP_TCP_RTO_TIME 1000 ms and no RTT sample: b = 1000
 * / 200 = 5 ticks.  TCP_MAXRTX 3: retransmissions at ticks 5, 5 + 10 = 15,
 * 15 + 20 = 35, abort at tick 36: nominal 35 x 200 = 7000 ms, latest 7200.
 * TCP_SYNMAXRTX 2: SYNs at ticks 5, 10, abort at 11: 2000 ms, latest 2200.
 * Keepalive 1000/500 ms, 2 probes: probe j when ticks - tmr > (1000 +
 * 500 j) / 200, at ticks 6 and 8 (1000, 1400 ms); abort at tick 2000 / 200
 * + 1 = 11: 2000 ms.
 */
START_TEST(lwip_settings)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;
    static const int64_t ka[] = { 1000, 1400 };

    rto_stack_params_default(&p, RTO_STACK_LWIP, 22);
    p.tick_us = MS(100);
    p.rto_initial_us = MS(1000);
    p.samples = 0;
    p.retries = 3;
    p.syn_retries = 2;
    p.keep_idle_us = MS(1000);
    p.keep_intvl_us = MS(500);
    p.keep_cnt = 2;
    run(&p, RTO_PATH_RETRANS, &t, &r);
    GIVE_UP(&t, MS(7000), 3);
    ck_assert_int_eq(t.give_up_latest_us, MS(7200));
    /* Ticks 5, 15 and 35 are nominal (k - 1) x 200 ms; the send is 0. */
    times(&t, (const int64_t[]){ 0, 800, 2800, 6800 }, 4);
    run(&p, RTO_PATH_SYN, &t, &r);
    GIVE_UP(&t, MS(2000), 2);
    ck_assert_int_eq(t.give_up_latest_us, MS(2200));
    run(&p, RTO_PATH_KEEPALIVE, &t, &r);
    GIVE_UP(&t, MS(2000), 2);
    times(&t, ka, 2);
}
END_TEST

/*
 * lwIP keepalive with keep_intvl under the 500 ms slow tick (lwIP 2.1.3
 * tcp_slowtmr(), src/core/tcp.c: at each slow tick, with d = tcp_ticks -
 * tmr, the abort when d > (idle + cnt x intvl) / 500 is tested first;
 * else a probe when d > (idle + keep_cnt_sent x intvl) / 500, then
 * keep_cnt_sent + 1; so one probe at most per tick).  Idle 1000 ms,
 * intvl 300 ms, cnt 5: abort when d > 2500 / 500 = 5, at d = 6.
 * Probe 0: d > 1000 / 500 = 2, d = 3.  Probe 1: d > 1300 / 500 = 2, but
 * d = 3 has had its probe: d = 4.  Probe 2: d > 1600 / 500 = 3, d = 5.
 * Probe 3: d > 1900 / 500 = 3, d = 6: the abort comes first.  So 3
 * probes, nominal (d - 1) x 500 = 1000, 1500, 2000 ms, then the RST and
 * the abort at 2500 ms.  Measured on Debian's liblwip 2.1.3 (tests/lwip,
 * keepalive-1000-300-5): probes 1230, 1730, 2230 ms and the RST 2730 ms
 * after the last segment received.  The same with intvl 500 ms (one
 * tick): probe j at d = (1000 + 500 j) / 500 + 1 = 3 .. 7, abort at
 * (1000 + 2500) / 500 + 1 = 8: all 5 probes, abort at 3500 ms.
 */
START_TEST(lwip_keepalive_short_interval)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;

    rto_stack_params_default(&p, RTO_STACK_LWIP, 21);
    p.keep_idle_us = MS(1000);
    p.keep_intvl_us = MS(300);
    p.keep_cnt = 5;
    run(&p, RTO_PATH_KEEPALIVE, &t, &r);
    GIVE_UP(&t, MS(2500), 3);
    times(&t, (const int64_t[]){ 1000, 1500, 2000 }, 3);
    ck_assert_uint_eq(t.count, 5);
    ck_assert_int_eq(t.events[3].type, RTO_EV_RST);
    ck_assert_int_eq(t.events[3].at_us, MS(2500));
    ck_assert_ptr_nonnull(r.note);
    p.keep_intvl_us = MS(500);
    run(&p, RTO_PATH_KEEPALIVE, &t, &r);
    GIVE_UP(&t, MS(3500), 5);
    times(&t, (const int64_t[]){ 1000, 1500, 2000, 2500, 3000 }, 5);
    ck_assert_ptr_null(r.note);
}
END_TEST

/*
 * FreeBSD FIN_WAIT_2 after close() (tcp_timer_2msl(), freebsd-src
 * sys/netinet/tcp_timer.c): the 2MSL timer is armed for tcp_maxidle =
 * keepcnt x keepintvl = 8 x 75 = 600 s; a firing that sees idle <=
 * maxidle re-arms for keepintvl.  Nominal 600 s (the callout fires a tick
 * past the deadline); the latest a firing at exactly 600 s gives: 675 s,
 * plus one 1 ms tick for each of the two firings.
 */
START_TEST(freebsd_fin_wait2)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;

    params(&p, RTO_STACK_FREEBSD, 14, false);
    run(&p, RTO_PATH_FIN_WAIT2, &t, &r);
    GIVE_UP(&t, MS(600000), 0);
    ck_assert_int_eq(t.give_up_latest_us, MS(675002));
}
END_TEST

/*
 * FreeBSD, XNU, OpenBSD and NetBSD persist (zero-window) timelines, derived by
 * hand from FreeBSD sys/netinet/tcp_output.c tcp_setpersist() and tcp_timer.c
 * tcp_timer_persist(), XNU bsd/netinet/tcp_output.c tcp_setpersist() and
 * tcp_timer.c tcp_timers() (TCPT_PERSIST).  Time zero: the zero-window ACK
 * (t_rcvtime), when the timer is first armed with t_rxtshift 0. Interval armed
 * at shift s: clamp(t x tcp_backoff[s] (+ 200 ms slop on FreeBSD), 5 s, 60 s),
 * t = ((srtt >> 2) + rttvar) >> 1 with srtt scaled by 32 and rttvar by 16,
 * i.e. 4S + 8V; shift then goes up by one (cap 12). At firing n the shift is
 * min(n, 12); the connection is dropped there if shift >= 12 (FreeBSD:
 * net.inet.tcp.retries) and idle >= TCP_REXMTVAL x tcp_totbackoff (FreeBSD
 * 2559, XNU 511), TCP_REXMTVAL = max(30 ms, S+4V).
 *
 * LAN (S = 1 ms, first sample V = 0.5 ms): t = 8 ms; 8 x 512 + 200 =
 * 4296 ms < 5 s, so every interval is 5 s.
 *  FreeBSD: threshold 30 x 2559 = 76770 ms; firing n at 5n s, n >= 12 and
 *  5n >= 76.77 first at n = 16: dropped at 80 s after 15 probes; latest
 *  + 16 firings x 1 ms = 80.016 s.
 *  XNU: threshold 30 x 511 = 15330 ms, passed at firing 12 (60 s): dropped
 *  at 60 s after 11 probes; PERSIST is a 500 ms timer, latest 60 + 12 x
 *  0.5 = 66 s.
 * WAN (S = 100, V = 25 ms): t = 400 + 200 = 600 ms.
 *  FreeBSD: intervals at shift 0..3: 800, 1400, 2600, 5000 -> 5 s each;
 *  shift 4: 9800; 5: 19400; 6: 38600; 7+: 77000 -> 60000.  Firings at 5,
 *  10, 15, 20, 29.8, 49.2, 87.8, 147.8, ..., 507.8 (n = 14), 567.8 s.
 *  Threshold 200 x 2559 = 511.8 s: dropped at firing 15, 567.8 s, after
 *  14 probes.
 *  XNU: 600, 1200, 2400, 4800 -> 5 s each; 9600, 19200, then 38400 (64x).
 *  Firings 5, 10, 15, 20, 29.6, 48.8, 87.2, 125.6, 164, 202.4, 240.8,
 *  279.2 s (n = 12).  Threshold 200 x 511 = 102.2 s, passed: dropped at
 *  279.2 s after 11 probes.
 *  FreeBSD with TCP_MAXUNACKTIME 30 s on the LAN: the first firing at or
 *  after 30 s, 30 s itself, after 5 probes.
 * OpenBSD (sys/netinet/tcp_output.c tcp_setpersist(), tcp_timer.c
 * tcp_timer_persist()): t is raised to t_rttmin = 1 s, no slop, so on the
 * LAN the intervals at shift 0..6+ are 1, 2, 4 -> 5 s, then 8, 16, 32, 64
 * -> 60 s: firings at 5, 10, 15, 23, 39, 71, 131, 191, ..., 431 (n = 12),
 * 491, 551 s.  Drop at shift 12 with idle >= max(REXMTVAL, 1 s) x 511 =
 * 511 s: firing 14, 551 s, after 13 probes; latest + 14 x 10 ms = 551.14 s.
 * NetBSD (tcp_output.c tcp_setpersist(), tcp_timer.c tcp_timer_persist())
 * has the same code in 500 ms slow ticks; every value above is a whole
 * number of ticks, so the same 551 s after 13 probes.
 */
START_TEST(bsd_probe0)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;
    static const int64_t fb_wan[] = { 0, 5000, 10000, 15000, 20000, 29800,
                                      49200, 87800, 147800, 207800, 267800,
                                      327800, 387800, 447800, 507800 };
    static const int64_t xnu_wan[] = { 0, 5000, 10000, 15000, 20000, 29600,
                                       48800, 87200, 125600, 164000,
                                       202400, 240800 };
    static const int64_t obsd[] = { 0, 5000, 10000, 15000, 23000, 39000,
                                    71000, 131000, 191000, 251000, 311000,
                                    371000, 431000, 491000 };

    params(&p, RTO_STACK_FREEBSD, 14, false);
    run(&p, RTO_PATH_PROBE0, &t, &r);
    GIVE_UP(&t, MS(80000), 15);
    ck_assert_int_eq(t.give_up_latest_us, MS(80016));
    ck_assert_int_eq(t.reason, RTO_REASON_PROBES);
    ck_assert(!r.absent);
    params(&p, RTO_STACK_FREEBSD, 14, true);
    run(&p, RTO_PATH_PROBE0, &t, &r);
    GIVE_UP(&t, MS(567800), 14);
    times(&t, fb_wan, sizeof(fb_wan) / sizeof(fb_wan[0]));
    params(&p, RTO_STACK_FREEBSD, 14, false);
    p.user_timeout_us = MS(30000);
    run(&p, RTO_PATH_PROBE0, &t, &r);
    GIVE_UP(&t, MS(30000), 5);
    ck_assert_int_eq(t.reason, RTO_REASON_USER_TIMEOUT);

    params(&p, RTO_STACK_MACOS, 15, false);
    run(&p, RTO_PATH_PROBE0, &t, &r);
    GIVE_UP(&t, MS(60000), 11);
    ck_assert_int_eq(t.give_up_latest_us, MS(66000));
    params(&p, RTO_STACK_MACOS, 15, true);
    run(&p, RTO_PATH_PROBE0, &t, &r);
    GIVE_UP(&t, MS(279200), 11);
    times(&t, xnu_wan, sizeof(xnu_wan) / sizeof(xnu_wan[0]));

    params(&p, RTO_STACK_OPENBSD, 7, false);
    run(&p, RTO_PATH_PROBE0, &t, &r);
    GIVE_UP(&t, MS(551000), 13);
    ck_assert_int_eq(t.give_up_latest_us, MS(551140));
    times(&t, obsd, sizeof(obsd) / sizeof(obsd[0]));

    params(&p, RTO_STACK_NETBSD, 10, false);
    run(&p, RTO_PATH_PROBE0, &t, &r);
    GIVE_UP(&t, MS(551000), 13);
    times(&t, obsd, sizeof(obsd) / sizeof(obsd[0]));

}
END_TEST

/*
 * illumos zero-window probing (tcp_timers.c tcp_timer(), tcp_output.c
 * tcp_wput_data(), tcp_input.c tcp_set_rto(); constants of tcp_tunables.c:
 * _rexmit_interval_min 400 ms, _rexmit_interval_max 60 s,
 * _ip_abort_interval 300 s).  The zero-window ACK arms the timer for
 * tcp_rto; its firing sends the first one-byte probe and re-arms tcp_rto,
 * adding nothing to tcp_ms_we_have_waited; every later firing backs off
 * (interval max(base, 400 ms) << backoff, cap 60 s) and adds the interval
 * to waited; the first firing with waited > 300 s drops (the idle time
 * since the window closed is then larger still).
 * LAN: base 400 ms (see illumos_retrans).  Probes at 0.4 and 0.8 s, then
 * intervals 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 60, 60, 60, 60: probes
 * at 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 102.4, 162.4, 222.4, 282.4 s
 * (12); waited after the 12th probe = 341.6 s > 300, so the next firing,
 * 282.4 + 60 = 342.4 s, drops.  Latest: 13 timers, each up to one 10 ms
 * tick late: 342.53 s.
 * WAN: base 525 ms.  Probes at 0.525 and 1.05 s, then intervals 1.05,
 * 2.1, 4.2, 8.4, 16.8, 33.6, 60, 60, 60, 60: probes at 2.1, 4.2, 8.4,
 * 16.8, 33.6, 67.2, 127.2, 187.2, 247.2 s (11); waited = 1.05 + 2.1 +
 * 4.2 + 8.4 + 16.8 + 33.6 + 4 x 60 = 306.15 > 300 after the 11th, so the
 * next firing, 247.2 + 60 = 307.2 s, drops.
 */
START_TEST(illumos_probe0)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;
    static const int64_t lan[] = { 0, 400, 800, 1600, 3200, 6400, 12800,
                                   25600, 51200, 102400, 162400, 222400,
                                   282400 };
    static const int64_t wan[] = { 0, 525, 1050, 2100, 4200, 8400, 16800,
                                   33600, 67200, 127200, 187200, 247200 };

    params(&p, RTO_STACK_ILLUMOS, 0, false);
    run(&p, RTO_PATH_PROBE0, &t, &r);
    GIVE_UP(&t, MS(342400), 12);
    times(&t, lan, sizeof(lan) / sizeof(lan[0]));
    ck_assert_int_eq(t.give_up_latest_us, MS(342530));
    ck_assert_int_eq(t.reason, RTO_REASON_PROBES);
    ck_assert_int_eq(t.error, ETIMEDOUT);
    ck_assert_int_eq(r.tag, RTO_TAG_SRC);
    ck_assert(!r.absent);

    params(&p, RTO_STACK_ILLUMOS, 0, true);
    run(&p, RTO_PATH_PROBE0, &t, &r);
    GIVE_UP(&t, MS(307200), 11);
    times(&t, wan, sizeof(wan) / sizeof(wan[0]));

    /* TCP_ABORT_THRESHOLD replaces the property: 60 s.  LAN waited 0.8,
     * 2.4, 5.6, 12, 24.8, 50.4, 101.6 > 60 after the 8th probe (at 51.2 s),
     * so the firing at 51.2 + 51.2 = 102.4 s drops. */
    params(&p, RTO_STACK_ILLUMOS, 0, false);
    p.user_timeout_us = MS(60000);
    run(&p, RTO_PATH_PROBE0, &t, &r);
    GIVE_UP(&t, MS(102400), 8);
    ck_assert_int_eq(t.reason, RTO_REASON_USER_TIMEOUT);
}
END_TEST

/* A path a stack does not have, or whose rule is not modelled, says so in
 * words: no timeline, no zero. */
START_TEST(absent_paths)
{
    struct rto_stack_params p;
    struct rto_timeline t;
    struct rto_stack_run r;

    params(&p, RTO_STACK_WINDOWS, 11, false);
    rto_timeline_init(&t, ev, CAP);
    ck_assert_int_eq(rto_stack_path(&p, RTO_PATH_FIN_WAIT2, &t, &r),
                     RTO_ENOTSUP);
    ck_assert(r.absent);
    ck_assert_ptr_nonnull(r.why);
    ck_assert_int_eq(t.reason, RTO_REASON_NOT_MODELLED);
    ck_assert_ptr_nonnull(t.not_modelled);
    ck_assert_int_eq(t.give_up_us, RTO_NONE);
    params(&p, RTO_STACK_FREEBSD, 14, false);
    ck_assert_int_eq(rto_stack_path(&p, RTO_PATH_SYNACK, &t, &r),
                     RTO_ENOTSUP);
    ck_assert_ptr_nonnull(r.why);
    ck_assert(!r.undocumented);
}
END_TEST

/* Windows FIN_WAIT_2 and zero window: Microsoft documents a FIN_WAIT_2
 * limit only before Vista (KB 813056: 300 s; KB 923200: two minutes) and
 * no zero-window give-up at all, so both say "no documented rule", with
 * what is documented as the note, never a number. */
START_TEST(windows_undocumented)
{
    static const enum rto_path paths[] = { RTO_PATH_FIN_WAIT2,
                                           RTO_PATH_PROBE0 };

    for (size_t i = 0; i < 2; i++) {
        struct rto_stack_params p;
        struct rto_timeline t;
        struct rto_stack_run r;

        params(&p, RTO_STACK_WINDOWS, 11, false);
        rto_timeline_init(&t, ev, CAP);
        ck_assert_int_eq(rto_stack_path(&p, paths[i], &t, &r), RTO_ENOTSUP);
        ck_assert(r.absent);
        ck_assert(r.undocumented);
        ck_assert_str_eq(r.why, "no documented rule");
        ck_assert_ptr_nonnull(r.note);
        ck_assert_ptr_nonnull(strstr(r.note, "Microsoft documents"));
        ck_assert_int_eq(t.give_up_us, RTO_NONE);
    }
}
END_TEST

START_TEST(parse_and_validate)
{
    enum rto_stack s;
    int v;
    struct rto_stack_params p;
    const struct rto_stack_setting *bad;
    char buf[24];

    ck_assert_int_eq(rto_stack_parse("ios", &s, &v), 0);
    ck_assert_int_eq(s, RTO_STACK_MACOS);
    ck_assert_int_eq(rto_stack_parse("freebsd-12", &s, &v), 0);
    ck_assert_int_eq(v, 12);
    ck_assert_int_eq(rto_stack_parse("freebsd-14.1", &s, &v), 0);
    ck_assert_int_eq(v, 14);
    ck_assert_int_eq(rto_stack_parse("lwip-2.1", &s, &v), 0);
    ck_assert_int_eq(v, 21);
    ck_assert_int_eq(rto_stack_parse("solaris", &s, &v), 0);
    ck_assert_int_eq(s, RTO_STACK_ILLUMOS);
    ck_assert_int_eq(v, 10);
    ck_assert_str_eq(rto_stack_version_name(s, v, buf, sizeof(buf)),
                     "solaris-10");
    ck_assert_int_eq(rto_stack_parse("freebsd-9", &s, &v), RTO_EINVAL);
    ck_assert_int_eq(rto_stack_parse("plan9", &s, &v), RTO_EINVAL);
    ck_assert_int_eq(rto_stack_parse("windows-", &s, &v), RTO_EINVAL);

    /* net.inet.tcp.retries: 1..12 from 14.0, fixed 12 before. */
    rto_stack_params_default(&p, RTO_STACK_FREEBSD, 14);
    p.retries = 13;
    ck_assert_int_eq(rto_stack_params_validate(&p, &bad), RTO_EINVAL);
    ck_assert_str_eq(bad->sysctl, "net.inet.tcp.retries");
    p.retries = 1;
    ck_assert_int_eq(rto_stack_params_validate(&p, &bad), 0);
    p.version = 13;
    ck_assert_int_eq(rto_stack_params_validate(&p, &bad), RTO_EINVAL);
    /* MinRtoMs: 20..300 ms (Set-NetTCPSetting). */
    rto_stack_params_default(&p, RTO_STACK_WINDOWS, 11);
    p.rto_min_us = MS(310);
    ck_assert_int_eq(rto_stack_params_validate(&p, &bad), RTO_EINVAL);
    ck_assert_str_eq(bad->option, "min-rto");
    ck_assert_ptr_nonnull(rto_stack_setting_find(RTO_STACK_FREEBSD,
                                                 "net.inet.tcp.keepidle"));
    ck_assert_ptr_null(rto_stack_setting_find(RTO_STACK_OPENBSD, "keepcnt"));
    /* Linux is the Linux model's. */
    rto_stack_params_default(&p, RTO_STACK_LINUX, RTO_KERNEL_DEFAULT);
    ck_assert_int_eq(rto_stack_params_validate(&p, NULL), RTO_EINVAL);
}
END_TEST

static Suite *stacks_suite(void)
{
    Suite *s = suite_create("stacks");
    TCase *tc = tcase_create("stacks");

    tcase_add_test(tc, freebsd_retrans);
    tcase_add_test(tc, xnu_retrans);
    tcase_add_test(tc, windows_retrans);
    tcase_add_test(tc, lwip_retrans);
    tcase_add_test(tc, openbsd_netbsd_retrans);
    tcase_add_test(tc, illumos_retrans);
    tcase_add_test(tc, keepalive_totals);
    tcase_add_test(tc, always_keepalive);
    tcase_add_test(tc, connect_times);
    tcase_add_test(tc, lwip_probe0_fin_wait2);
    tcase_add_test(tc, bsd_probe0);
    tcase_add_test(tc, illumos_probe0);
    tcase_add_test(tc, lwip_settings);
    tcase_add_test(tc, lwip_keepalive_short_interval);
    tcase_add_test(tc, freebsd_fin_wait2);
    tcase_add_test(tc, absent_paths);
    tcase_add_test(tc, windows_undocumented);
    tcase_add_test(tc, parse_and_validate);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(stacks_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
