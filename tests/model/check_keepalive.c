/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The idle connection with SO_KEEPALIVE whose peer vanished
 * (rto_keepalive, src/model/keepalive.c).
 *
 * KERNEL.md 6.1: time zero is the last segment received.  The first timer
 * fires at the idle time; each firing either gives up (RST, then the
 * error) or sends a probe and re-arms for the interval.  Without a user
 * timeout U the connection gives up at the firing where probes_out has
 * reached keepalive_probes, so at idle + probes * intvl; with U it gives
 * up at the first firing with elapsed >= U and at least one probe out,
 * whatever keepalive_probes says.  Probe k goes out at
 * idle + (k - 1) * intvl.
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "rtocalc.h"
#include "helpers.h"

#define EV_CAP 4096

struct ka_setup {
    const char *name;
    int hz;                  /* 0: each of 100, 250, 300 and 1000 */
    int64_t idle_s;
    int64_t intvl_s;
    int probes;
    int64_t user_timeout_ms; /* 0: off */
};

static const struct ka_setup k_v29 = { "V29 defaults", 0, 7200, 75, 9, 0 };
static const struct ka_setup k_tv3 = { "TV-3 3/2/4", 0, 3, 2, 4, 0 };
static const struct ka_setup k_tv4 = { "TV-4 5/3/3", 0, 5, 3, 3, 0 };
static const struct ka_setup k_tv4_ut = { "TV-4 1/11/3 UT 5 s", 0, 1, 11, 3,
                                          5000 };
static const struct ka_setup k_v30 = { "V30 1/1/3", 0, 1, 1, 3, 0 };
static const struct ka_setup k_v31a = { "V31 UT 2500", 0, 1, 1, 3, 2500 };
static const struct ka_setup k_v31b = { "V31 UT 500", 0, 1, 1, 3, 500 };
static const struct ka_setup k_v31c = { "V31 UT 6000", 0, 1, 1, 3, 6000 };
static const struct ka_setup k_v32 = { "V32 UT 30 s", 0, 7200, 75, 9,
                                       30000 };
static const struct ka_setup k_61 = { "6.1 1/11/3 UT 30 s", 0, 1, 11, 3,
                                      30000 };
static const struct ka_setup k_62 = { "6.2 probes 0", 0, 7200, 75, 0, 0 };
static const struct ka_setup k_hikari = { "TV-17 HikariCP", 0, 60, 5, 3, 0 };
static const struct ka_setup k_brod = { "TV-17 brod", 0, 37, 9, 3, 0 };
static const struct ka_setup k_brod_ut = { "TV-17 brod UT 20 s", 0, 37, 9, 3,
                                           20000 };
/* The same at HZ=250, where the measurements were made. */
static const struct ka_setup k_v30_250 = { "V30", 250, 1, 1, 3, 0 };
static const struct ka_setup k_v31a_250 = { "V31 UT 2500", 250, 1, 1, 3,
                                            2500 };
static const struct ka_setup k_v31b_250 = { "V31 UT 500", 250, 1, 1, 3,
                                            500 };
static const struct ka_setup k_v31c_250 = { "V31 UT 6000", 250, 1, 1, 3,
                                            6000 };
static const struct ka_setup k_61_250 = { "6.1 1/11/3 UT 30 s", 250, 1, 11, 3,
                                          30000 };
/*
 * Cloudflare's 2019 trace (REFERENCES TV-4, "Say we set it to 30s"): six
 * probes and the RST at the 7th timer.  With nothing received after the
 * handshake the rule above gives that for U in (56 s, 67 s] only; the
 * rows below pin both edges and 60 s inside them.
 */
static const struct ka_setup k_cf56 = { "1/11/3 UT 56 s", 0, 1, 11, 3,
                                        56000 };
static const struct ka_setup k_cf56b = { "1/11/3 UT 56.001 s", 0, 1, 11, 3,
                                         56001 };
static const struct ka_setup k_cf60 = { "1/11/3 UT 60 s", 0, 1, 11, 3,
                                        60000 };
static const struct ka_setup k_cf67 = { "1/11/3 UT 67 s", 0, 1, 11, 3,
                                        67000 };
static const struct ka_setup k_cf67b = { "1/11/3 UT 67.001 s", 0, 1, 11, 3,
                                         67001 };
static const struct ka_setup k_cf60_250 = { "1/11/3 UT 60 s", 250, 1, 11, 3,
                                            60000 };

static void ka_run(const struct ka_setup *s, int hz, struct rto_event *ev,
                   size_t cap, struct rto_timeline *t)
{
    struct rto_params p;
    int rc;

    params_at_hz(&p, hz);
    p.keepalive_time_us = SEC(s->idle_s);
    p.keepalive_intvl_us = SEC(s->intvl_s);
    p.keepalive_probes = s->probes;
    p.user_timeout_us = MS(s->user_timeout_ms);
    rto_timeline_init(t, ev, cap);
    rc = rto_keepalive(&p, t);
    ck_assert_msg(rc == RTO_OK, "%s (HZ=%d): rto_keepalive = %d (%s)",
                  s->name, hz, rc, rto_strerror(rc));
}

/*
 * The shape every keepalive run has: PROBE 1..n in time order (time zero,
 * the last segment received, is not an event: nothing is sent then),
 * RST and GIVE_UP together at the give-up time, ETIMEDOUT, and nominal and
 * typical times inside [earliest, latest].  As for retransmissions, the
 * RST and give-up carry the summary's typical and latest times, which may
 * precede the nominal one.
 */
static void check_shape(const char *src, int hz, const struct ka_setup *s,
                        const struct rto_timeline *t)
{
    const struct rto_event *rst, *gu;
    int probes = t->retransmissions;

    ck_assert_msg(!t->truncated, "%s (HZ=%d): not truncated", src, hz);
    ck_assert_msg(t->path == RTO_PATH_KEEPALIVE, "%s (HZ=%d): path", src, hz);
    EQ64(src, hz, "error", t->error, ETIMEDOUT);
    EQ64(src, hz, "reason", t->reason,
         s->user_timeout_ms ? RTO_REASON_USER_TIMEOUT
                            : RTO_REASON_KEEPALIVE_PROBES);
    /* DESIGN.md JSON: budget_us is the user timeout, or null. */
    EQ64(src, hz, "budget_us", t->budget_us,
         s->user_timeout_ms ? MS(s->user_timeout_ms) : RTO_NONE);
    EQ64(src, hz, "event count", t->count, (size_t)probes + 2);
    for (int k = 1; k <= probes; k++) {
        const struct rto_event *e = &t->events[k - 1];

        ck_assert_msg(e->type == RTO_EV_PROBE && e->n == k,
                      "%s (HZ=%d): event %d is probe %d", src, hz, k, k);
        /* KERNEL.md 6.1: probe k at idle + (k - 1) * intvl. */
        EQ64(src, hz, "probe at_us", e->at_us,
             SEC(s->idle_s) + (k - 1) * SEC(s->intvl_s));
        check_event_window(src, hz, e);
        if (k > 1)
            LE64(src, hz, "previous at_us", t->events[k - 2].at_us, "at_us",
                 e->at_us);
    }
    rst = &t->events[probes];
    gu = &t->events[probes + 1];
    ck_assert_msg(rst->type == RTO_EV_RST, "%s (HZ=%d): an RST after the "
                  "probes", src, hz);
    check_give_up_event(src, hz, t, gu);
    EQ64(src, hz, "RST at_us", rst->at_us, t->give_up_us);
    if (probes > 0)
        LE64(src, hz, "last probe at_us", t->events[probes - 1].at_us,
             "RST at_us", rst->at_us);
    check_give_up_window(src, hz, t);
}

/* ------------------------------------------------------------------ */
/* Nominal give-up                                                    */
/* ------------------------------------------------------------------ */

struct ka_row {
    const char *source;
    const struct ka_setup *s;
    int probes;
    int64_t give_up_us;
};

static const struct ka_row ka_rows[] = {
    /* 7200 + 9 * 75 = 7875 s = 2 * 3600 + 11 * 60 + 15 = 2h11m15s;
     * probes at 7200, 7275, ..., 7800 s. */
    { "KERNEL.md V29: 9 probes, RST at 7875 s (2h11m15s)", &k_v29, 9,
      SEC(7875) },
    /* Probes at 3, 5, 7, 9 s; RST at 3 + 4 * 2 = 11 s. */
    { "REFERENCES TV-3 (Google packetdrill): 3/2/4 -> 11 s", &k_tv3, 4,
      SEC(11) },
    /* Probes at 5, 8, 11 s; RST at 5 + 3 * 3 = 14 s. */
    { "REFERENCES TV-4 (Cloudflare): 5/3/3 -> 14 s", &k_tv4, 3, SEC(14) },
    /* Firing at 1 s: elapsed 1 < 5, probe 1; at 12 s: 12 >= 5 -> RST. */
    { "REFERENCES TV-4 (Cloudflare): 1/11/3 with UT 5 s -> 12 s", &k_tv4_ut,
      1, SEC(12) },
    /* Probes at 1, 2, 3 s; RST at 1 + 3 * 1 = 4 s. */
    { "KERNEL.md V30: 1/1/3 -> 4 s", &k_v30, 3, SEC(4) },
    /* Probes at 1, 2 s (elapsed < 2.5); at 3 s 3 >= 2.5 -> RST. */
    { "KERNEL.md V31: 1/1/3 with UT 2500 ms -> 3 s after 2 probes", &k_v31a,
      2, SEC(3) },
    /* At 1 s elapsed >= 0.5 but no probe is out yet: probe; at 2 s RST. */
    { "KERNEL.md V31: 1/1/3 with UT 500 ms -> 2 s after 1 probe", &k_v31b,
      1, SEC(2) },
    /* Probes at 1..5 s (KEEPCNT 3 ignored); at 6 s 6 >= 6 -> RST. */
    { "KERNEL.md V31: 1/1/3 with UT 6000 ms -> 6 s after 5 probes", &k_v31c,
      5, SEC(6) },
    /* k = max(1, ceil((30 - 7200) / 75)) = 1: probe at 7200, RST at 7275. */
    { "KERNEL.md V32: defaults with UT 30 s -> 7275 s after 1 probe", &k_v32,
      1, SEC(7275) },
    /* Probes at 1, 12, 23 s (elapsed < 30); at 34 s 34 >= 30 -> RST. */
    { "KERNEL.md 6.1: 1/11/3 with UT 30 s -> 34 s after 3 probes", &k_61, 3,
      SEC(34) },
    /* probes_out 0 >= keepalive_probes 0 at the first firing. */
    { "KERNEL.md 6.2: keepalive_probes 0 -> killed at the idle time, no "
      "probe", &k_62, 0, SEC(7200) },
    /* 60 + 3 * 5 = 75 s (HikariCP publishes "70 seconds"). */
    { "REFERENCES TV-17: HikariCP 60/5/3 -> 75 s", &k_hikari, 3, SEC(75) },
    /* 37 + 3 * 9 = 64 s. */
    { "REFERENCES TV-17: Kafka brod 37/9/3 -> 64 s", &k_brod, 3, SEC(64) },
    /* Probe at 37 s (none out before); at 46 s 46 >= 20 -> RST. */
    { "REFERENCES TV-17: brod with UT 20 s -> 37 + 9 = 46 s", &k_brod_ut, 1,
      SEC(46) },
    /*
     * 1/11/3 with U around the 2019 trace.  In jiffies at HZ h the firings
     * are F_k = h + 11 h (k - 1) (1, 12, 23, 34, 45, 56, 67, 78 s) and
     * U_j = msecs_to_jiffies(U) = ceil(U h / 1000); the RST comes at the
     * first F_k >= U_j with k >= 2, after k - 1 probes.  At h = 100, 250,
     * 300 and 1000 alike:
     * U 56 000 ms: U_j = 56 h = F_6 -> RST at 56 s after 5 probes.
     */
    { "hand derivation: 1/11/3 with UT 56 s -> 56 s after 5 probes", &k_cf56,
      5, SEC(56) },
    /* U 56 001 ms: U_j = 56 h + 1 (5601, 14001, 16801, 56001) > F_6, so
     * probe 6; F_7 = 67 h >= U_j -> RST at 67 s, the 7th timer. */
    { "hand derivation: 1/11/3 with UT 56.001 s -> 67 s after 6 probes",
      &k_cf56b, 6, SEC(67) },
    /* U 60 000 ms: F_6 = 56 h < 60 h <= F_7 = 67 h -> 67 s. */
    { "hand derivation: 1/11/3 with UT 60 s -> 67 s after 6 probes", &k_cf60,
      6, SEC(67) },
    /* U 67 000 ms: U_j = 67 h = F_7 -> 67 s, the last U that gives it. */
    { "hand derivation: 1/11/3 with UT 67 s -> 67 s after 6 probes", &k_cf67,
      6, SEC(67) },
    /* U 67 001 ms: U_j = 67 h + 1 > F_7: probe 7, RST at F_8 = 78 s. */
    { "hand derivation: 1/11/3 with UT 67.001 s -> 78 s after 7 probes",
      &k_cf67b, 7, SEC(78) },
};

static void check_ka_row(const struct ka_row *r, int hz)
{
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;

    ka_run(r->s, hz, ev, EV_CAP, &t);
    EQ64(r->source, hz, "probes", t.retransmissions, r->probes);
    EQ64(r->source, hz, "give_up_us", t.give_up_us, r->give_up_us);
    check_shape(r->source, hz, r->s, &t);
}

START_TEST(test_keepalive)
{
    const struct ka_row *r = &ka_rows[_i];
    int hz[HZ_COUNT];
    size_t n = hzs_of(r->s->hz, hz);

    for (size_t h = 0; h < n; h++)
        check_ka_row(r, hz[h]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Measurements inside the window                                     */
/* ------------------------------------------------------------------ */

struct ka_measured_row {
    const char *source;
    const struct ka_setup *s;
    int64_t give_up_us;
    int probes;
};

static const struct ka_measured_row ka_measured_rows[] = {
    { "measured, Linux 6.18 HZ=250: KERNEL.md V30 3 probes, 4.081 s",
      &k_v30_250, MS(4081), 3 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V31 UT 2500, 2 probes, 3.061 s",
      &k_v31a_250, MS(3061), 2 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V31 UT 500, 1 probe, 2.028 s",
      &k_v31b_250, MS(2028), 1 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V31 UT 6000, 5 probes, 6.121 s",
      &k_v31c_250, MS(6121), 5 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md 6.1 UT 30 s, 3 probes, 34.1 s",
      &k_61_250, MS(34100), 3 },
};

START_TEST(test_keepalive_measured)
{
    const struct ka_measured_row *r = &ka_measured_rows[_i];
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    int hz = r->s->hz;

    ka_run(r->s, hz, ev, EV_CAP, &t);
    LE64(r->source, hz, "earliest", t.give_up_earliest_us, "measured",
         r->give_up_us);
    LE64(r->source, hz, "measured", r->give_up_us, "latest",
         t.give_up_latest_us);
    LE64(r->source, hz, "min count", t.retransmissions_min, "measured count",
         r->probes);
    LE64(r->source, hz, "measured count", r->probes, "max count",
         t.retransmissions_max);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Traces, event by event                                             */
/* ------------------------------------------------------------------ */

#define TRACE_MAX 8

struct ka_trace {
    const char *source;
    const struct ka_setup *s;
    int probes;
    int64_t probe_us[TRACE_MAX];
    int64_t rst_us;
};

/*
 * Each probe inside its event's [nominal, latest] and the RST inside the
 * give-up window.  The 2019 post counts from the SYN; the model from the
 * last segment received, the SYN-ACK, which on loopback is the same
 * millisecond (the post's handshakes show SYN, SYN-ACK and ACK all at
 * 00:00.000).  Its probes are 11.008 s apart from the 4th on: 2752
 * jiffies at HZ=250, the 11 s timer (2750) rounded up to the 64-jiffy
 * granularity of the timer wheel's level 2, as measured on 6.18 below;
 * so the rows run at HZ=250.
 */
static const struct ka_trace ka_traces[] = {
    { "Cloudflare 2019, https://blog.cloudflare.com/when-tcp-sockets-refuse-"
      "to-die/ (\"Say we set it to 30s\"): probes 00:01.027 ... 00:56.227, "
      "RST 01:07.235 on the 7th probe timer, fits U = 60 s",
      &k_cf60_250, 6,
      { MS(1027), MS(12195), MS(23207), MS(34211), MS(45219), MS(56227) },
      MS(67235) },
    { "measured, Linux 6.18.44 HZ=250 (rtocalc verify, 1/11/3 UT 60000): "
      "6 probes, 67.064 s",
      &k_cf60_250, 6,
      { 1015595, 12023630, 23031620, 34039593, 45048162, 56055726 },
      67063650 },
    { "measured, Linux 6.18.44 HZ=250 (rtocalc verify, 1/11/3 UT 30000): "
      "3 probes, 34.029 s (the 4th probe timer)",
      &k_61_250, 3, { 1007730, 12015734, 23023760 }, 34029167 },
};

START_TEST(test_keepalive_trace)
{
    const struct ka_trace *r = &ka_traces[_i];
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    int hz = r->s->hz;

    ka_run(r->s, hz, ev, EV_CAP, &t);
    EQ64(r->source, hz, "probes", t.retransmissions, r->probes);
    check_shape(r->source, hz, r->s, &t);
    for (int k = 1; k <= r->probes; k++) {
        const struct rto_event *e = &t.events[k - 1];

        LE64(r->source, hz, "nominal", e->at_us, "measured probe",
             r->probe_us[k - 1]);
        LE64(r->source, hz, "measured probe", r->probe_us[k - 1], "latest",
             e->latest_us);
    }
    LE64(r->source, hz, "earliest", t.give_up_earliest_us, "measured RST",
         r->rst_us);
    LE64(r->source, hz, "measured RST", r->rst_us, "latest",
         t.give_up_latest_us);
}
END_TEST

/*
 * The 30 s the post states cannot give its trace: with nothing received
 * after the handshake the 4th firing (34 s) already has elapsed >= 30 s
 * and a probe out, at every HZ, however late the timers fire (they are
 * never early).  So no run sends more than 3 probes, and even the latest
 * give-up comes before the post's 6th probe (00:56.227).
 */
START_TEST(test_keepalive_trace_not_30s)
{
    const char *src = "Cloudflare 2019 trace vs UT 30 s: RST at the 4th "
                      "timer, not the 7th (01:07.235)";
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    int hz[HZ_COUNT];
    size_t n = hzs_of(0, hz);

    for (size_t h = 0; h < n; h++) {
        ka_run(&k_61, hz[h], ev, EV_CAP, &t);
        EQ64(src, hz[h], "max probes", t.retransmissions_max, 3);
        LE64(src, hz[h], "latest give-up", t.give_up_latest_us,
             "the post's 6th probe", MS(56227));
    }
}
END_TEST

/* rtocalc.h: the paths validate their parameters. */
START_TEST(test_keepalive_rejects_invalid)
{
    struct rto_params p;
    struct rto_event ev[4];
    struct rto_timeline t;
    int rc;

    rto_params_default(&p);
    p.keepalive_probes = 256;
    rto_timeline_init(&t, ev, N_ROWS(ev));
    rc = rto_keepalive(&p, &t);
    ck_assert_msg(rc == RTO_EINVAL, "KERNEL.md 8.1: tcp_keepalive_probes 256 "
                  "-> EINVAL, got %d", rc);
}
END_TEST

Suite *keepalive_suite(void)
{
    Suite *s = suite_create("keepalive");
    TCase *tc;

    tc = tcase_create("nominal");
    tcase_add_loop_test(tc, test_keepalive, 0, (int)N_ROWS(ka_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("measured");
    tcase_add_loop_test(tc, test_keepalive_measured, 0,
                        (int)N_ROWS(ka_measured_rows));
    tcase_add_test(tc, test_keepalive_rejects_invalid);
    tcase_add_loop_test(tc, test_keepalive_trace, 0, (int)N_ROWS(ka_traces));
    tcase_add_test(tc, test_keepalive_trace_not_30s);
    suite_add_tcase(s, tc);
    return s;
}
