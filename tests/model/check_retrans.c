/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The established connection whose peer vanished with one segment
 * outstanding (rto_retrans, src/model/retrans.c).
 *
 * Each vector is a named setup; the tables below check its summary, single
 * events, the "typical" run, and that kernel measurements fall inside the
 * model's [earliest, latest] window.  Every expected number comes from
 * KERNEL.md, REFERENCES.md, DESIGN.md or a derivation written next to it,
 * using KERNEL.md 1.6: the n-th firing F_n is the sum of the timers before
 * it, the stamp is taken at the first RTO retransmission, and the
 * connection dies at the first firing with F_n - stamp >= budget.
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

/* ------------------------------------------------------------------ */
/* Setups                                                             */
/* ------------------------------------------------------------------ */

struct setup {
    const char *name;
    int hz;                  /* 0: each of 100, 250, 300 and 1000 */
    int64_t rtt_us;          /* 0: the default 100 us */
    int64_t rto_us;          /* 0: derived from the RTT */
    int64_t rto_min_us;      /* 0: the default 200 ms */
    int64_t rto_max_us;      /* 0: the default 120 s */
    int64_t user_timeout_us;
    int retries2;
    bool tlp;
    bool thin;
    enum rto_cc cc;          /* read only for thin streams (KERNEL.md 1.8) */
};

/* An RTO of exactly 200 ms is a whole number of jiffies at every HZ. */
static const struct setup s_v2 = {
    .name = "V2", .hz = 0, .rto_us = 200000, .retries2 = 15 };
static const struct setup s_201 = {
    .name = "RTO 201 ms", .hz = 1000, .rto_us = 201000, .retries2 = 15 };
static const struct setup s_v6 = {
    .name = "V6", .hz = 0, .rto_us = 1000000, .retries2 = 15 };
static const struct setup s_v7 = {
    .name = "V7", .hz = 0, .rto_us = 3000000, .retries2 = 15 };
static const struct setup s_v3 = {
    .name = "V3", .hz = 250, .rtt_us = 20, .retries2 = 15 };
static const struct setup s_v4 = {
    .name = "V4", .hz = 1000, .rtt_us = 20, .retries2 = 15 };
static const struct setup s_v5_100 = {
    .name = "V5 HZ=100", .hz = 100, .rtt_us = 20, .retries2 = 15 };
static const struct setup s_v5_300 = {
    .name = "V5 HZ=300", .hz = 300, .rtt_us = 20, .retries2 = 15 };
static const struct setup s_v8 = {
    .name = "V8", .hz = 250, .rtt_us = 20, .retries2 = 5 };
static const struct setup s_v9 = {
    .name = "V9", .hz = 250, .rtt_us = 20, .retries2 = 5, .tlp = true };
static const struct setup s_v10 = {
    .name = "V10", .hz = 250, .rtt_us = 20, .retries2 = 15,
    .user_timeout_us = 3000000 };
static const struct setup s_v11 = {
    .name = "V11", .hz = 250, .rtt_us = 20, .retries2 = 15,
    .user_timeout_us = 3000000, .tlp = true };
static const struct setup s_v12 = {
    .name = "V12", .hz = 250, .rtt_us = 20, .retries2 = 15,
    .rto_max_us = 1000000 };
static const struct setup s_v13 = {
    .name = "V13", .hz = 250, .rtt_us = 20, .retries2 = 5, .thin = true,
    .cc = RTO_CC_CUBIC };
static const struct setup s_v14 = {
    .name = "V14", .hz = 250, .rtt_us = 20, .retries2 = 5, .thin = true,
    .cc = RTO_CC_BBR };
static const struct setup s_v42 = {
    .name = "V42", .hz = 250, .rtt_us = 20, .retries2 = 15,
    .rto_min_us = 8000 };
static const struct setup s_design = {
    .name = "DESIGN", .hz = 250, .rtt_us = 40, .retries2 = 4, .tlp = true };
static const struct setup s_default = {
    .name = "defaults", .hz = 1000, .rtt_us = 100, .retries2 = 15,
    .tlp = true };

static void setup_params(const struct setup *s, int hz, struct rto_params *p)
{
    params_at_hz(p, hz);
    if (s->rtt_us)
        p->rtt_us = s->rtt_us;
    p->rto_us = s->rto_us;
    if (s->rto_min_us)
        p->rto_min_us = s->rto_min_us;
    if (s->rto_max_us)
        p->rto_max_us = s->rto_max_us;
    p->user_timeout_us = s->user_timeout_us;
    p->retries2 = s->retries2;
    p->tlp = s->tlp;
    p->thin = s->thin;
    if (s->thin)
        p->cc = s->cc;
}

static void run(const struct setup *s, int hz, struct rto_event *ev,
                size_t cap, struct rto_timeline *t)
{
    struct rto_params p;
    int rc;

    setup_params(s, hz, &p);
    rto_timeline_init(t, ev, cap);
    rc = rto_retrans(&p, t);
    ck_assert_msg(rc == RTO_OK, "%s (HZ=%d): rto_retrans = %d (%s)", s->name,
                  hz, rc, rto_strerror(rc));
}

/*
 * What must hold for every run (DESIGN.md "The model"): the nominal and
 * the typical give-up lie inside [earliest, latest], and so do the counts;
 * events come in time order, each timer fires no earlier than nominal; the
 * last event is the give-up with ETIMEDOUT.  The give-up event itself is
 * the exception to "typical >= nominal": the typical run may give up a
 * firing earlier than the nominal one (DESIGN.md, retries2=4 example), so
 * it carries the summary's typical and latest times instead.
 */
static void check_invariants(const char *src, int hz, const struct setup *s,
                             const struct rto_timeline *t)
{
    const struct rto_event *last;
    size_t want_count;
    int retx = 0;

    ck_assert_msg(!t->truncated, "%s (HZ=%d): not truncated", src, hz);
    ck_assert_msg(t->path == RTO_PATH_RETRANS, "%s (HZ=%d): path", src, hz);
    EQ64(src, hz, "error", t->error, ETIMEDOUT);
    EQ64(src, hz, "reason", t->reason,
         s->user_timeout_us ? RTO_REASON_USER_TIMEOUT : RTO_REASON_RETRIES2);
    ck_assert_msg(t->give_up_us != RTO_NONE && t->give_up_typical_us != RTO_NONE
                      && t->give_up_earliest_us != RTO_NONE
                      && t->give_up_latest_us != RTO_NONE,
                  "%s (HZ=%d): every give-up time is known", src, hz);
    check_give_up_window(src, hz, t);

    /* SEND, the TLP if on, every retransmission, GIVE_UP. */
    want_count = 2 + (s->tlp ? 1u : 0u) + (size_t)t->retransmissions;
    EQ64(src, hz, "event count", t->count, want_count);
    ck_assert_msg(t->events[0].type == RTO_EV_SEND && t->events[0].at_us == 0,
                  "%s (HZ=%d): the first event is the send at 0", src, hz);
    if (s->tlp)
        ck_assert_msg(t->events[1].type == RTO_EV_TLP,
                      "%s (HZ=%d): the TLP follows the send", src, hz);
    last = &t->events[t->count - 1];
    check_give_up_event(src, hz, t, last);

    for (size_t i = 0; i < t->count; i++) {
        const struct rto_event *e = &t->events[i];

        if (i > 0)
            LE64(src, hz, "previous at_us", t->events[i - 1].at_us, "at_us",
                 e->at_us);
        if (e->type == RTO_EV_RETRANSMIT) {
            retx++;
            EQ64(src, hz, "retransmission number", e->n, retx);
        }
        if (e->type == RTO_EV_GIVE_UP)
            continue;
        check_event_window(src, hz, e);
    }
    EQ64(src, hz, "retransmit events", retx, t->retransmissions);
}

/* ------------------------------------------------------------------ */
/* Summaries                                                          */
/* ------------------------------------------------------------------ */

struct summary_row {
    const char *source;
    const struct setup *s;
    int64_t initial_rto_us;
    int64_t budget_us;
    int64_t tlp_us;          /* RTO_NONE: no TLP event */
    int64_t stamp_us;        /* SKIP: not checked */
    int retransmissions;
    int64_t give_up_us;
    bool thin_engaged;
};

static const struct summary_row summary_rows[] = {
    /* F_n = 200 (2^n - 1) ms up to F10 = 204.6 s, then + 120 s each:
     * F16 = 924.6 s, F17 = 1044.6 s.  Stamp 0.2 s: at F16 only 924.4 s
     * have elapsed (< 924.6), at F17 1044.4 s have. */
    { "KERNEL.md V2: 16 retx, death 1 044 600 ms", &s_v2, 200000,
      MS(924600), RTO_NONE, MS(200), 16, MS(1044600), false },
    /* F10 = 201 * 1023 = 205 623; F16 = 205 623 + 6 * 120 000 = 925 623;
     * elapsed 925 422 >= 924 600, while F15 gives 805 422. */
    { "KERNEL.md 1.6 table: RTO 201 ms, 15 retx, death 925 623 ms", &s_201,
      201000, MS(924600), RTO_NONE, MS(201), 15, MS(925623), false },
    /* Firings 1, 3, 7, ..., 127 s, then every 120 s: 247, ..., 847, 967;
     * at 967 s, 966 s >= 924.6 s have elapsed since the stamp at 1 s. */
    { "KERNEL.md V6: RTO 1 s, 13 retx, death 967 000 ms", &s_v6, 1000000,
      MS(924600), RTO_NONE, MS(1000), 13, MS(967000), false },
    /* F6 = 3 * 63 = 189 s, then + 120 s: F13 = 189 + 7 * 120 = 1029 s;
     * elapsed 1026 s >= 924.6, at F12 = 909 s only 906 s. */
    { "KERNEL.md V7: RTO 3 s, 12 retx, death 1 029 000 ms", &s_v7, 3000000,
      MS(924600), RTO_NONE, MS(3000), 12, MS(1029000), false },
    /* F16 = 51 * 1023 + 6 * 30000 = 232 173 jiffies = 928 692 ms. */
    { "KERNEL.md V3: HZ=250, 15 retx, death 928 692 ms", &s_v3, 204000,
      MS(924600), RTO_NONE, MS(204), 15, MS(928692), false },
    { "KERNEL.md V4: HZ=1000, 15 retx, death 925 623 ms", &s_v4, 201000,
      MS(924600), RTO_NONE, MS(201), 15, MS(925623), false },
    /* F16 = 21 * 1023 + 6 * 12000 = 93 483 jiffies = 934 830 ms. */
    { "KERNEL.md V5: HZ=100, 15 retx, death 934 830 ms", &s_v5_100, 210000,
      MS(924600), RTO_NONE, MS(210), 15, MS(934830), false },
    /* F16 = 61 * 1023 + 6 * 36000 = 278 403 jiffies = 928 010 ms exactly;
     * the initial RTO 61 jiffies is 203 333.3 us, truncated. */
    { "KERNEL.md V5: HZ=300, 15 retx, death 928 010 ms", &s_v5_300, 203333,
      MS(924600), RTO_NONE, SKIP, 15, MS(928010), false },
    /* model(5) = 12 600; F6 = 204 * 63 = 12 852, elapsed 12 648. */
    { "KERNEL.md V8: 5 retx, death 12 852 ms", &s_v8, 204000, MS(12600),
      RTO_NONE, MS(204), 5, MS(12852), false },
    /* PTO = usecs_to_jiffies(2 * 20 + 200 000) = 51 jiffies = 204 ms
     * (KERNEL.md 9.1); everything shifts by 204 ms: 12 852 + 204. */
    { "KERNEL.md V9: TLP at 204, 5 retx, death 13 056 ms", &s_v9, 204000,
      MS(12600), MS(204), MS(408), 5, MS(13056), false },
    /* Retx at 204, 612, 1428, 3060; the next timer is clamped to
     * 3000 - 2856 = 144 ms, so death at 3204 = 204 + 3000. */
    { "KERNEL.md V10: UT 3000, 4 retx, death 3 204 ms", &s_v10, 204000,
      MS(3000), RTO_NONE, MS(204), 4, MS(3204), false },
    /* The stamp moves to the first RTO at 408: 408 + 3000. */
    { "KERNEL.md V11: UT 3000 + TLP, 4 retx, death 3 408 ms", &s_v11, 204000,
      MS(3000), MS(204), MS(408), 4, MS(3408), false },
    /* F_n = 1428 + (n - 3) * 1000; death at the first F_n >= 204 + 14 400,
     * n = 17: F17 = 15 428 after 16 retransmissions. */
    { "KERNEL.md V12: rto_max 1 s, 16 retx, death 15 428 ms", &s_v12, 204000,
      MS(14400), RTO_NONE, MS(204), 16, MS(15428), false },
    /* Retx at 204 k (k = 1..7), then 1836, 2652, 4284, 7548; F12 = 14 076,
     * elapsed 13 872 >= 12 600. */
    { "KERNEL.md V13: thin cubic, 11 retx, death 14 076 ms", &s_v13, 204000,
      MS(12600), RTO_NONE, MS(204), 11, MS(14076), true },
    { "KERNEL.md V14: thin under BBR is plain V8", &s_v14, 204000, MS(12600),
      RTO_NONE, MS(204), 5, MS(12852), false },
    /* R0 = 3 jiffies = 12 ms; F_n = 12 (2^n - 1) up to F14 = 196 596, then
     * + 120 000; the first F_n >= 12 + 924 600 is F21 = 1 036 596. */
    { "KERNEL.md V42: rto_min 8 ms, 20 retx, death 1 036 596 ms", &s_v42,
      12000, MS(924600), RTO_NONE, MS(12), 20, MS(1036596), false },
    /* R0 = PTO = 51 jiffies = 204 ms; firings 408, 816, 1632, 3264, 6528,
     * 13 056; at 6528 only 6120 < 6200 ms have elapsed since 408. */
    { "DESIGN.md: HZ 250, rtt 40us, retries2 4: 5 retx, 13.056 s", &s_design,
      204000, MS(6200), MS(204), MS(408), 5, MS(13056), false },
    /* R0 = PTO = 201 jiffies; firings 402 + 201 (2^k - 1) up to 205 824,
     * then + 120 000: F16 = 925 824, elapsed 925 422 >= 924 600. */
    { "DESIGN.md JSON: defaults, initial_rto_us 201000, 15 retx", &s_default,
      201000, MS(924600), MS(201), MS(402), 15, MS(925824), false },
};

static void check_summary(const struct summary_row *r, int hz)
{
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    const struct rto_event *tlp;

    run(r->s, hz, ev, EV_CAP, &t);
    EQ64(r->source, hz, "initial_rto_us", t.initial_rto_us,
         r->initial_rto_us);
    EQ64(r->source, hz, "budget_us", t.budget_us, r->budget_us);
    EQ64(r->source, hz, "retransmissions", t.retransmissions,
         r->retransmissions);
    EQ64(r->source, hz, "give_up_us", t.give_up_us, r->give_up_us);
    if (r->stamp_us != SKIP)
        EQ64(r->source, hz, "stamp_us", t.stamp_us, r->stamp_us);
    ck_assert_msg(t.thin_engaged == r->thin_engaged,
                  "%s (HZ=%d): thin_engaged %d, want %d", r->source, hz,
                  (int)t.thin_engaged, (int)r->thin_engaged);
    tlp = find_event(&t, RTO_EV_TLP, 0);
    if (r->tlp_us == RTO_NONE) {
        ck_assert_msg(tlp == NULL, "%s (HZ=%d): no TLP", r->source, hz);
    } else {
        ck_assert_msg(tlp != NULL, "%s (HZ=%d): a TLP event", r->source, hz);
        EQ64(r->source, hz, "TLP at_us", tlp->at_us, r->tlp_us);
    }
    /* KERNEL.md 1.7: model(tcp_retries1 = 3) = (2^4 - 1) * 200 = 3000 ms.
     * With rto_max 1 s (V12) thresh = ilog2(5) = 2 (KERNEL.md 1.4), so
     * model(3) = (2^3 - 1) * 200 + (3 - 2) * 1000 = 2400 ms.  No other
     * rto_max occurs in these setups. */
    ck_assert_msg(r->s->rto_max_us == 0 || r->s->rto_max_us == 1000000,
                  "%s: retries1 derivation covers this rto_max", r->source);
    EQ64(r->source, hz, "retries1_us", t.retries1_us,
         r->s->rto_max_us ? MS(2400) : MS(3000));
    check_invariants(r->source, hz, r->s, &t);
}

START_TEST(test_summary)
{
    const struct summary_row *r = &summary_rows[_i];
    int hz[HZ_COUNT];
    size_t n = hzs_of(r->s->hz, hz);

    for (size_t h = 0; h < n; h++)
        check_summary(r, hz[h]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Single events                                                      */
/* ------------------------------------------------------------------ */

struct event_row {
    const char *source;
    const struct setup *s;
    int n;                   /* retransmission number */
    int64_t at_us;
    int64_t timer_us;        /* SKIP: not checked */
    unsigned marks_mask;     /* marks compared ... */
    unsigned marks_want;     /* ... with these */
};

#define CAP RTO_MARK_CAPPED
#define LIN RTO_MARK_LINEAR

/*
 * Pracucci's table (REFERENCES A1, TV-1) lists for retransmission k the
 * RTO that fired for it and the cumulative time.  Its cumulative column
 * is the sum of the RTOs of rows 1..k, so it is measured from the original
 * send (row 1 = 0.2 s = the first RTO after the send), the model's time
 * zero: at_us of retransmission k is row k, and timer_us its RTO column.
 * Where the model and Pracucci part is the last row: he reads 924.6 s
 * (row 16) as the give-up time, while with an RTO of exactly 200 ms the
 * kernel makes a 16th retransmission there (the stamp is at 0.2 s, so
 * only 924.4 s have elapsed) and gives up at 1044.6 s (KERNEL.md V2).
 */
static const struct event_row event_rows[] = {
    { "Pracucci 2018 table row 1", &s_v2, 1, MS(200), MS(200),
      RTO_MARK_STAMP, RTO_MARK_STAMP },
    { "Pracucci 2018 table row 2", &s_v2, 2, MS(600), MS(400), 0, 0 },
    { "Pracucci 2018 table row 3", &s_v2, 3, MS(1400), MS(800), 0, 0 },
    { "Pracucci 2018 table row 4", &s_v2, 4, MS(3000), MS(1600), 0, 0 },
    { "Pracucci 2018 table row 5", &s_v2, 5, MS(6200), MS(3200), 0, 0 },
    { "Pracucci 2018 table row 6", &s_v2, 6, MS(12600), MS(6400), 0, 0 },
    { "Pracucci 2018 table row 7", &s_v2, 7, MS(25400), MS(12800), 0, 0 },
    { "Pracucci 2018 table row 8", &s_v2, 8, MS(51000), MS(25600), 0, 0 },
    { "Pracucci 2018 table row 9", &s_v2, 9, MS(102200), MS(51200), CAP, 0 },
    /* KERNEL.md 1.6 table: the RTO reaches 120 s after retransmission 10. */
    { "Pracucci 2018 table row 10; KERNEL.md 1.6: capped after #10", &s_v2,
      10, MS(204600), MS(102400), CAP, CAP },
    { "Pracucci 2018 table row 11", &s_v2, 11, MS(324600), MS(120000), CAP,
      CAP },
    { "Pracucci 2018 table row 12", &s_v2, 12, MS(444600), MS(120000), 0, 0 },
    { "Pracucci 2018 table row 13", &s_v2, 13, MS(564600), MS(120000), 0, 0 },
    { "Pracucci 2018 table row 14", &s_v2, 14, MS(684600), MS(120000), 0, 0 },
    { "Pracucci 2018 table row 15", &s_v2, 15, MS(804600), MS(120000), 0, 0 },
    { "Pracucci 2018 table row 16; KERNEL.md V2: a 16th retx at 924.6 s",
      &s_v2, 16, MS(924600), MS(120000), 0, 0 },

    /* KERNEL.md V6: retransmissions at 1, 3, 7, ..., 127, 247, ..., 847 s. */
    { "KERNEL.md V6: retx 1 at 1 s", &s_v6, 1, MS(1000), MS(1000),
      RTO_MARK_STAMP, RTO_MARK_STAMP },
    { "KERNEL.md V6: retx 2 at 3 s", &s_v6, 2, MS(3000), MS(2000), 0, 0 },
    { "KERNEL.md V6: retx 3 at 7 s", &s_v6, 3, MS(7000), MS(4000), 0, 0 },
    { "KERNEL.md V6: retx 4 at 15 s", &s_v6, 4, MS(15000), MS(8000), 0, 0 },
    { "KERNEL.md V6: retx 5 at 31 s", &s_v6, 5, MS(31000), MS(16000), 0, 0 },
    { "KERNEL.md V6: retx 6 at 63 s", &s_v6, 6, MS(63000), MS(32000), CAP,
      0 },
    { "KERNEL.md V6: retx 7 at 127 s; 1.6 table: capped after #7", &s_v6, 7,
      MS(127000), MS(64000), CAP, CAP },
    { "KERNEL.md V6: retx 8 at 247 s", &s_v6, 8, MS(247000), MS(120000), 0,
      0 },
    { "KERNEL.md V6: retx 13 at 847 s", &s_v6, 13, MS(847000), MS(120000), 0,
      0 },

    /* KERNEL.md V7: F6 = 3 * 63 = 189 s, then every 120 s. */
    { "KERNEL.md V7: retx 5 at 93 s", &s_v7, 5, MS(93000), MS(48000), CAP,
      0 },
    { "KERNEL.md V7: retx 6 at 189 s; 1.6 table: capped after #6", &s_v7, 6,
      MS(189000), MS(96000), CAP, CAP },
    { "KERNEL.md V7: retx 12 at 909 s", &s_v7, 12, MS(909000), MS(120000), 0,
      0 },

    /* KERNEL.md V3: the last retransmission at 808 692 ms. */
    { "KERNEL.md 1.6 table: HZ=250 capped after #10", &s_v3, 9,
      MS(51 * 511 * 4), MS(51 * 256 * 4), CAP, 0 },
    { "KERNEL.md 1.6 table: HZ=250 capped after #10", &s_v3, 10,
      MS(51 * 1023 * 4), MS(51 * 512 * 4), CAP, CAP },
    { "KERNEL.md V3: the last retransmission at 808 692 ms", &s_v3, 15,
      MS(808692), MS(120000), 0, 0 },
    { "KERNEL.md 1.6 table: HZ=1000 capped after #10", &s_v4, 10,
      MS(201 * 1023), MS(201 * 512), CAP, CAP },
    { "KERNEL.md 1.6 table: HZ=100 capped after #10", &s_v5_100, 10,
      MS(210 * 1023), MS(210 * 512), CAP, CAP },

    /* KERNEL.md V10: 204, 612, 1428, 3060; only the 4th arms a timer cut
     * short by the user timeout (144 ms left of 3000). */
    { "KERNEL.md V10: retx 1 at 204 ms", &s_v10, 1, MS(204), MS(204),
      RTO_MARK_STAMP | RTO_MARK_CLAMPED, RTO_MARK_STAMP },
    { "KERNEL.md V10: retx 2 at 612 ms", &s_v10, 2, MS(612), MS(408),
      RTO_MARK_CLAMPED, 0 },
    { "KERNEL.md V10: retx 3 at 1428 ms", &s_v10, 3, MS(1428), MS(816),
      RTO_MARK_CLAMPED, 0 },
    { "KERNEL.md V10: retx 4 at 3060 ms, next timer clamped to 144 ms",
      &s_v10, 4, MS(3060), MS(1632), RTO_MARK_CLAMPED, RTO_MARK_CLAMPED },
    /* KERNEL.md V9: the first RTO comes a full RTO after the TLP. */
    { "KERNEL.md V9: the first RTO retx at 204 + 204 = 408 ms", &s_v9, 1,
      MS(408), MS(204), RTO_MARK_STAMP, RTO_MARK_STAMP },

    /* KERNEL.md V13 and 1.8: linear while icsk_retransmits <= 6, so the
     * first 7 retransmissions are 204 ms apart; then 408, 816, 1632 and
     * 3264 ms: 1836, 2652, 4284, 7548. */
    { "KERNEL.md V13: retx 1 at 204 ms", &s_v13, 1, MS(204), MS(204), LIN,
      LIN },
    { "KERNEL.md V13: retx 2 at 408 ms", &s_v13, 2, MS(408), MS(204), LIN,
      LIN },
    { "KERNEL.md V13: retx 3 at 612 ms", &s_v13, 3, MS(612), MS(204), LIN,
      LIN },
    { "KERNEL.md V13: retx 4 at 816 ms", &s_v13, 4, MS(816), MS(204), LIN,
      LIN },
    { "KERNEL.md V13: retx 5 at 1020 ms", &s_v13, 5, MS(1020), MS(204), LIN,
      LIN },
    { "KERNEL.md V13: retx 6 at 1224 ms", &s_v13, 6, MS(1224), MS(204), LIN,
      LIN },
    { "KERNEL.md V13: retx 7 at 1428 ms, exponential after", &s_v13, 7,
      MS(1428), MS(204), LIN, 0 },
    { "KERNEL.md V13: retx 8 at 1836 ms", &s_v13, 8, MS(1836), MS(408), LIN,
      0 },
    { "KERNEL.md V13: retx 9 at 2652 ms", &s_v13, 9, MS(2652), MS(816), 0,
      0 },
    { "KERNEL.md V13: retx 10 at 4284 ms", &s_v13, 10, MS(4284), MS(1632), 0,
      0 },
    { "KERNEL.md V13: retx 11 at 7548 ms", &s_v13, 11, MS(7548), MS(3264), 0,
      0 },
    /* KERNEL.md V14 and 1.8: under BBR plain doubling 204 -> 408 -> 816. */
    { "KERNEL.md 1.8: thin under BBR doubles, retx 2 at 612 ms", &s_v14, 2,
      MS(612), MS(408), LIN, 0 },
};

static void check_event_row(const struct event_row *r, int hz)
{
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    const struct rto_event *e;

    run(r->s, hz, ev, EV_CAP, &t);
    e = find_event(&t, RTO_EV_RETRANSMIT, r->n);
    ck_assert_msg(e != NULL, "%s (HZ=%d): retransmission %d exists",
                  r->source, hz, r->n);
    EQ64(r->source, hz, "at_us", e->at_us, r->at_us);
    if (r->timer_us != SKIP)
        EQ64(r->source, hz, "timer_us", e->timer_us, r->timer_us);
    ck_assert_msg((e->marks & r->marks_mask) == r->marks_want,
                  "%s (HZ=%d): marks 0x%x & 0x%x, want 0x%x", r->source, hz,
                  e->marks, r->marks_mask, r->marks_want);
}

START_TEST(test_events)
{
    const struct event_row *r = &event_rows[_i];
    int hz[HZ_COUNT];
    size_t n = hzs_of(r->s->hz, hz);

    for (size_t h = 0; h < n; h++)
        check_event_row(r, hz[h]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The typical run                                                    */
/* ------------------------------------------------------------------ */

/*
 * DESIGN.md: in the typical run each timer fires late by half its wheel
 * granularity (KERNEL.md 0.3).  At HZ=250: 51 j (L0, 4 ms) +2 ms; 102,
 * 204, 250 and 408 j (L1, 32 ms) +16 ms; 816 and 1632 j (L2, 256 ms)
 * +128 ms.
 */
struct typical_row {
    const char *source;
    const struct setup *s;
    int64_t give_up_typical_us;
    int retransmissions_typical;
};

static const struct typical_row typical_rows[] = {
    /* TLP 206; retx 412 (stamp), 836, 1668, 3316; the next firing at
     * 3316 + 3264 + 128 = 6708 has 6296 >= 6200 ms elapsed. */
    { "DESIGN.md: retries2=4 typical give-up 6.6..6.8 s after 4 retx",
      &s_design, MS(6708), 4 },
    /* Retx 206 (stamp), 630, 1462, 3110, 6502; firing 6 at
     * 6502 + 6528 + 128 = 13 158 has 12 952 >= 12 600 elapsed. */
    { "KERNEL.md V8 (typical: 13.158 s, measured 13.202 s)", &s_v8,
      MS(13158), 5 },
    /* Retx 206 (stamp), 630, 1462, then every 1016 ms: firing n at
     * 1462 + (n - 3) * 1016; n = 16 at 14 670 has 14 464 >= 14 400
     * elapsed, n = 15 at 13 654 only 13 448. */
    { "KERNEL.md V12 (typical: 15 retx, 14.670 s; measured 15, 14.793 s)",
      &s_v12, MS(14670), 15 },
};

START_TEST(test_typical)
{
    const struct typical_row *r = &typical_rows[_i];
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    int hz = r->s->hz;

    run(r->s, hz, ev, EV_CAP, &t);
    EQ64(r->source, hz, "give_up_typical_us", t.give_up_typical_us,
         r->give_up_typical_us);
    EQ64(r->source, hz, "retransmissions_typical", t.retransmissions_typical,
         r->retransmissions_typical);
}
END_TEST

/*
 * rtocalc.h: RTO_NONE marks "the typical time of an event the typical run
 * never reaches".  In the DESIGN.md retries2=4 example the typical run
 * gives up at its 5th firing (6.708 s) instead of retransmitting, and in
 * V12 at its 16th (14.670 s); so retransmission 5 (resp. 16) of the
 * nominal list has no typical time.
 *
 * Known disagreement, left failing on purpose: the current model fills
 * typical_us of these retransmissions with the typical give-up time
 * (6708000 and 14670000 us) and never reports RTO_NONE, so the typical
 * event list shows a retransmission the typical run does not make.
 */
struct unreached_row {
    const char *source;
    const struct setup *s;
    int n;                   /* the first retransmission never reached */
};

static const struct unreached_row unreached_rows[] = {
    { "rtocalc.h RTO_NONE + DESIGN.md: typical run stops at 4 retx",
      &s_design, 5 },
    { "rtocalc.h RTO_NONE + KERNEL.md V12: typical run stops at 15 retx",
      &s_v12, 16 },
};

START_TEST(test_typical_unreached)
{
    const struct unreached_row *r = &unreached_rows[_i];
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    const struct rto_event *e;
    int hz = r->s->hz;

    run(r->s, hz, ev, EV_CAP, &t);
    ck_assert_msg(t.retransmissions_typical == r->n - 1,
                  "%s (HZ=%d): typical count %d, want %d", r->source, hz,
                  t.retransmissions_typical, r->n - 1);
    e = find_event(&t, RTO_EV_RETRANSMIT, r->n);
    ck_assert_msg(e != NULL, "%s (HZ=%d): nominal retransmission %d",
                  r->source, hz, r->n);
    ck_assert_msg(e->typical_us == RTO_NONE,
                  "%s (HZ=%d): retransmission %d typical_us = %" PRId64
                  ", want RTO_NONE (the typical run gives up at %" PRId64
                  " instead)",
                  r->source, hz, r->n, e->typical_us, t.give_up_typical_us);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Measurements inside the window                                     */
/* ------------------------------------------------------------------ */

struct measured_row {
    const char *source;
    const struct setup *s;
    int64_t give_up_us;
    int retransmissions;     /* -1: not measured */
};

static const struct measured_row measured_rows[] = {
    { "measured, Linux 6.18 HZ=250: KERNEL.md V8 5 retx, 13 202 ms", &s_v8,
      MS(13202), 5 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V9 13 480 ms", &s_v9,
      MS(13480), -1 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V10 4 retx, 3 209 ms", &s_v10,
      MS(3209), 4 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V11 3 420 ms", &s_v11,
      MS(3420), -1 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V12 15 retx, 14 793 ms",
      &s_v12, MS(14793), 15 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V13 11 retx, 14 376 ms",
      &s_v13, MS(14376), 11 },
    { "measured, Linux 6.18 HZ=250: DESIGN.md retries2=4, 4 retx, 6.7 s",
      &s_design, MS(6700), 4 },
};

START_TEST(test_measured)
{
    const struct measured_row *r = &measured_rows[_i];
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    int hz = r->s->hz;

    run(r->s, hz, ev, EV_CAP, &t);
    LE64(r->source, hz, "earliest", t.give_up_earliest_us, "measured",
         r->give_up_us);
    LE64(r->source, hz, "measured", r->give_up_us, "latest",
         t.give_up_latest_us);
    if (r->retransmissions < 0)
        return;
    LE64(r->source, hz, "min count", t.retransmissions_min, "measured count",
         r->retransmissions);
    LE64(r->source, hz, "measured count", r->retransmissions, "max count",
         t.retransmissions_max);
}
END_TEST

/* A measured event time must lie in [at_us, latest_us] of its event. */
struct measured_event_row {
    const char *source;
    const struct setup *s;
    enum rto_event_type type;
    int n;
    int64_t at_us;
};

static const struct measured_event_row measured_event_rows[] = {
    { "measured, Linux 6.18 HZ=250: KERNEL.md 1.2 V10 retx 1 at 0.205 s",
      &s_v10, RTO_EV_RETRANSMIT, 1, MS(205) },
    { "measured, Linux 6.18 HZ=250: KERNEL.md 1.2 V10 retx 2 at 0.625 s",
      &s_v10, RTO_EV_RETRANSMIT, 2, MS(625) },
    { "measured, Linux 6.18 HZ=250: KERNEL.md 1.2 V10 retx 3 at 1.458 s",
      &s_v10, RTO_EV_RETRANSMIT, 3, MS(1458) },
    { "measured, Linux 6.18 HZ=250: KERNEL.md 1.2 V10 retx 4 at 3.121 s",
      &s_v10, RTO_EV_RETRANSMIT, 4, MS(3121) },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V9 TLP at 208 ms", &s_v9,
      RTO_EV_TLP, 0, MS(208) },
};

START_TEST(test_measured_events)
{
    const struct measured_event_row *r = &measured_event_rows[_i];
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    const struct rto_event *e;
    int hz = r->s->hz;

    run(r->s, hz, ev, EV_CAP, &t);
    e = find_event(&t, r->type, r->n);
    ck_assert_msg(e != NULL, "%s (HZ=%d): the event exists", r->source, hz);
    ck_assert_msg(e->latest_us != RTO_NONE, "%s (HZ=%d): latest_us known",
                  r->source, hz);
    LE64(r->source, hz, "at_us", e->at_us, "measured", r->at_us);
    LE64(r->source, hz, "measured", r->at_us, "latest_us", e->latest_us);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Storage and errors                                                 */
/* ------------------------------------------------------------------ */

/* rtocalc.h: at most cap events are filled, truncated is set, and the
 * summary is complete: equal to that of an uncapped run. */
START_TEST(test_truncated)
{
    const char *src = "rtocalc.h: a capped timeline keeps its summary (V2)";
    struct rto_event full_ev[EV_CAP], few_ev[3];
    struct rto_timeline full, few;
    int hz = 1000;

    run(&s_v2, hz, full_ev, EV_CAP, &full);
    run(&s_v2, hz, few_ev, N_ROWS(few_ev), &few);
    ck_assert_msg(!full.truncated, "%s: the full run fits", src);
    ck_assert_msg(few.truncated, "%s: truncated is set", src);
    EQ64(src, hz, "count", few.count, N_ROWS(few_ev));
    EQ64(src, hz, "cap", few.cap, N_ROWS(few_ev));
    /* V2: 16 retransmissions, death at 1 044 600 ms. */
    EQ64(src, hz, "retransmissions", few.retransmissions, 16);
    EQ64(src, hz, "give_up_us", few.give_up_us, MS(1044600));
    EQ64(src, hz, "retransmissions", few.retransmissions,
         full.retransmissions);
    EQ64(src, hz, "retransmissions_typical", few.retransmissions_typical,
         full.retransmissions_typical);
    EQ64(src, hz, "retransmissions_min", few.retransmissions_min,
         full.retransmissions_min);
    EQ64(src, hz, "retransmissions_max", few.retransmissions_max,
         full.retransmissions_max);
    EQ64(src, hz, "give_up_us", few.give_up_us, full.give_up_us);
    EQ64(src, hz, "give_up_typical_us", few.give_up_typical_us,
         full.give_up_typical_us);
    EQ64(src, hz, "give_up_earliest_us", few.give_up_earliest_us,
         full.give_up_earliest_us);
    EQ64(src, hz, "give_up_latest_us", few.give_up_latest_us,
         full.give_up_latest_us);
    EQ64(src, hz, "initial_rto_us", few.initial_rto_us, full.initial_rto_us);
    EQ64(src, hz, "budget_us", few.budget_us, full.budget_us);
    EQ64(src, hz, "stamp_us", few.stamp_us, full.stamp_us);
    EQ64(src, hz, "reason", few.reason, full.reason);
    EQ64(src, hz, "error", few.error, full.error);
    for (size_t i = 0; i < few.count; i++) {
        EQ64(src, hz, "event type", few_ev[i].type, full_ev[i].type);
        EQ64(src, hz, "event n", few_ev[i].n, full_ev[i].n);
        EQ64(src, hz, "event at_us", few_ev[i].at_us, full_ev[i].at_us);
        EQ64(src, hz, "event typical_us", few_ev[i].typical_us,
             full_ev[i].typical_us);
        EQ64(src, hz, "event latest_us", few_ev[i].latest_us,
             full_ev[i].latest_us);
    }
}
END_TEST

/* rtocalc.h: the paths validate their parameters like
 * rto_params_validate(). */
START_TEST(test_rejects_invalid)
{
    struct rto_params p;
    struct rto_event ev[4];
    struct rto_timeline t;
    int rc;

    rto_params_default(&p);
    p.retries2 = 256;
    rto_timeline_init(&t, ev, N_ROWS(ev));
    rc = rto_retrans(&p, &t);
    ck_assert_msg(rc == RTO_EINVAL,
                  "KERNEL.md 8.1: tcp_retries2 256 -> EINVAL, got %d", rc);
}
END_TEST

Suite *retrans_suite(void)
{
    Suite *s = suite_create("retrans");
    TCase *tc;

    tc = tcase_create("summary");
    tcase_add_loop_test(tc, test_summary, 0, (int)N_ROWS(summary_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("events");
    tcase_add_loop_test(tc, test_events, 0, (int)N_ROWS(event_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("typical");
    tcase_add_loop_test(tc, test_typical, 0, (int)N_ROWS(typical_rows));
    tcase_add_loop_test(tc, test_typical_unreached, 0,
                        (int)N_ROWS(unreached_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("measured");
    tcase_add_loop_test(tc, test_measured, 0, (int)N_ROWS(measured_rows));
    tcase_add_loop_test(tc, test_measured_events, 0,
                        (int)N_ROWS(measured_event_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("storage");
    tcase_add_test(tc, test_truncated);
    tcase_add_test(tc, test_rejects_invalid);
    suite_add_tcase(s, tc);
    return s;
}
