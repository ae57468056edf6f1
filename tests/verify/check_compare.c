/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_compare: the verdict rules of src/verify/compare.c, on jobs built
 * by hand.  No kernel is measured: each job holds a measurement written
 * here, and verify_compare() re-runs the model through the public API.
 *
 * The rules under test (compare.c):
 *   R1  measured event i (the i-th TLP, retransmission or probe after time
 *       zero) agrees iff nominal_i - tolerance <= at <= latest_i +
 *       tolerance; measured events past the model's list are not timed.
 *   R2  the count (measured events, less one where the model sends a TLP)
 *       must lie in [retransmissions_min, retransmissions_max]; FIN_WAIT2
 *       has no count.
 *   R3  the give-up agrees iff earliest - tolerance <= at <= latest +
 *       tolerance; no give-up at all disagrees.
 *   R4  where the model predicts an errno, the application must see it.
 *   R5  for retrans, orphan, FIN_WAIT2 and probe0 (the first timer is the
 *       connection's RTO, or for probe0 max(RTO, 200 ms), the RTO itself)
 *       a measured tcpi_rto must equal the model's initial RTO; 0 means
 *       not measured.
 *   R6  the model runs at the measured tcpi_rtt; a measurement that did
 *       not run, or settings the model refuses, disagree.
 *   R7  the typical error: |measured - typical| of each timed event with
 *       a typical time and of the give-up; median = sorted[n / 2], worst =
 *       the largest.
 *   R8  where both the measurement and the model count the segments in
 *       flight (data paths), they must be equal; 0 means not counted.
 * Every expected verdict below is derived by hand from these rules and
 * the model's numbers stated with each fixture, never from running
 * compare.c.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rtocalc.h"
#include "verify/run.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))
#define EV_CAP 256

/* ------------------------------------------------------------------ */
/* Fixtures: the quick catalogue's settings at HZ=250, RTT 20 us      */
/* ------------------------------------------------------------------ */

enum fx {
    FX_R3,          /* retrans --retries2 3 --no-tlp */
    FX_RTOMAX1S,    /* retrans --rto-max 1s --no-tlp */
    FX_UT3000_TLP,  /* retrans --user-timeout 3000 (TLP on) */
    FX_KEEPALIVE,   /* keepalive 1 s / 1 s / 3 probes */
    FX_SYN2,        /* syn --syn-retries 2 */
    FX_SYNACK1,     /* synack --synack-retries 1 */
    FX_ORPHAN3,     /* orphan --orphan-retries 3 --no-tlp */
    FX_FIN_WAIT2,   /* orphan --fin-wait2 --fin-timeout 3 */
    FX_PIPELINED3,  /* retrans --retries2 3 --in-flight 3 (TLP on) */
    FX_ORPHAN_DATA, /* orphan --orphan-retries 3 (data + FIN, TLP on) */
    FX_PROBE0,      /* probe0 --retries2 3 */
};

typedef int (*model_fn)(const struct rto_params *, struct rto_timeline *);

struct fixture {
    struct verify_scenario s;
    model_fn model;             /* the public model function of the path */
};

static const struct fixture fixtures[] = {
    [FX_R3] = { { "retrans-r3", RTO_PATH_RETRANS, true, "", "" }, rto_retrans },
    [FX_RTOMAX1S] = { { "retrans-rtomax1s", RTO_PATH_RETRANS, false, "", "" },
                      rto_retrans },
    [FX_UT3000_TLP] = { { "retrans-ut3000-tlp", RTO_PATH_RETRANS, true, "", "" },
                        rto_retrans },
    [FX_KEEPALIVE] = { { "keepalive-1-1-3", RTO_PATH_KEEPALIVE, true, "", "" },
                       rto_keepalive },
    [FX_SYN2] = { { "syn-2", RTO_PATH_SYN, true, "", "" }, rto_syn },
    [FX_SYNACK1] = { { "synack-1", RTO_PATH_SYNACK, true, "", "" }, rto_synack },
    [FX_ORPHAN3] = { { "orphan-3", RTO_PATH_ORPHAN, true, "", "" }, rto_orphan },
    [FX_FIN_WAIT2] = { { "fin-wait2-3", RTO_PATH_FIN_WAIT2, true, "", "" },
                       rto_fin_wait2 },
    [FX_PIPELINED3] = { { "retrans-pipelined-3", RTO_PATH_RETRANS, false, "",
                          "" }, rto_retrans },
    [FX_ORPHAN_DATA] = { { "orphan-data-3", RTO_PATH_ORPHAN, false, "", "" },
                         rto_orphan },
    [FX_PROBE0] = { { "probe0-r3", RTO_PATH_PROBE0, true, "", "" },
                    rto_probe0 },
};

static void fixture_params(enum fx f, struct rto_params *p)
{
    rto_params_default(p);
    p->hz = 250;
    p->rtt_us = 20;
    switch (f) {
    case FX_R3:
        p->retries2 = 3;
        p->tlp = false;
        break;
    case FX_RTOMAX1S:
        p->rto_max_us = 1000000;
        p->tlp = false;
        break;
    case FX_UT3000_TLP:
        p->user_timeout_us = 3000000;
        p->tlp = true;
        break;
    case FX_KEEPALIVE:
        p->keepalive_time_us = 1000000;
        p->keepalive_intvl_us = 1000000;
        p->keepalive_probes = 3;
        break;
    case FX_SYN2:
        p->syn_retries = 2;
        break;
    case FX_SYNACK1:
        p->synack_retries = 1;
        break;
    case FX_ORPHAN3:
        p->orphan_retries = 3;
        p->tlp = false;
        p->in_flight = 1;
        break;
    case FX_FIN_WAIT2:
        p->fin_timeout_us = 3000000;
        break;
    case FX_PIPELINED3:
        p->retries2 = 3;
        p->tlp = true;
        p->in_flight = 3;
        break;
    case FX_ORPHAN_DATA:
        p->orphan_retries = 3;
        p->tlp = true;
        break;
    case FX_PROBE0:
        p->retries2 = 3;
        break;
    }
}

/* The model's timeline for fixture f, straight from the public API. */
static void fixture_model(enum fx f, struct rto_event *ev,
                          struct rto_timeline *t)
{
    struct rto_params p;
    int rc;

    fixture_params(f, &p);
    rto_timeline_init(t, ev, EV_CAP);
    rc = fixtures[f].model(&p, t);
    ck_assert_msg(rc == RTO_OK, "%s: model = %d", fixtures[f].s.name, rc);
}

static bool timed(enum rto_event_type ty)
{
    return ty == RTO_EV_TLP || ty == RTO_EV_RETRANSMIT || ty == RTO_EV_PROBE;
}

/*
 * A job for fixture f whose measurement is the model's own answer: every
 * TLP, retransmission or probe at its nominal time, the give-up at its
 * typical time, the predicted errno, tcpi_rtt the fixture's RTT, tcpi_rto
 * the model's initial RTO and the model's segments in flight.  Every rule accepts it (test_agreeing
 * holds it to that); each row below then moves one thing.
 */
static void agreeing_job(enum fx f, struct verify_job *j)
{
    struct rto_event *ev = calloc(EV_CAP, sizeof(*ev));
    struct rto_timeline t;
    struct verify_measured *m = &j->m;

    ck_assert_ptr_nonnull(ev);
    fixture_model(f, ev, &t);
    memset(j, 0, sizeof(*j));
    j->s = &fixtures[f].s;
    fixture_params(f, &j->p);
    m->ran = true;
    for (size_t i = 0; i < t.count; i++)
        if (timed(t.events[i].type))
            m->event_us[m->events++] = t.events[i].at_us;
    m->died = true;
    m->give_up_us = t.give_up_typical_us;
    m->error = t.error;
    m->rtt_us = j->p.rtt_us;
    m->rto_us = t.initial_rto_us;
    m->in_flight = t.in_flight;
    free(ev);
}

static void compare(struct verify_job *j)
{
    verify_compare(j);
    /* The verdict is "pass" exactly when the job passes. */
    ck_assert_msg(j->pass == (strcmp(j->verdict, "pass") == 0),
                  "pass %d with verdict \"%s\"", j->pass, j->verdict);
}

static void assert_verdict_has(const struct verify_job *j, const char *what)
{
    ck_assert_msg(strstr(j->verdict, what) != NULL,
                  "verdict \"%s\" lacks \"%s\"", j->verdict, what);
}

/*
 * The model's numbers the rows below are derived from, checked here once
 * so that a change in the model fails this test by name instead of moving
 * a boundary unseen.  Source: the model at these settings (tests/
 * check_retrans.c and check_paths.c hold it to KERNEL.md); the committed
 * 6.18.44 run in data/ (verify-2026-12-06-...) has the same
 * windows at its measured RTTs of 9 to 12 us, and Linux 6.18 at HZ=250
 * agreed with them.
 */
START_TEST(test_fixture_numbers)
{
    struct rto_event *ev = calloc(EV_CAP, sizeof(*ev));
    struct rto_timeline t;
    static const int64_t r3_at[] = { 204000, 612000, 1428000, 3060000 };
    static const int64_t r3_latest[] = { 208000, 648000, 1496000, 3160000 };
    size_t k = 0;

    ck_assert_ptr_nonnull(ev);
    /* run.h: the tolerance every derivation adds is 5 ms. */
    ck_assert_int_eq(VERIFY_TOLERANCE_US, 5000);

    /* retries2=3, no TLP: four retransmissions (204, 612, 1428, 3060 ms
     * nominal), give-up window [6.324, 6.68] s, typical 6.502 s. */
    fixture_model(FX_R3, ev, &t);
    ck_assert_int_eq(t.initial_rto_us, 204000);
    for (size_t i = 0; i < t.count; i++) {
        if (!timed(t.events[i].type))
            continue;
        ck_assert_uint_lt(k, N_ROWS(r3_at));
        ck_assert_int_eq(t.events[i].type, RTO_EV_RETRANSMIT);
        ck_assert_int_eq(t.events[i].at_us, r3_at[k]);
        ck_assert_int_eq(t.events[i].latest_us, r3_latest[k]);
        k++;
    }
    ck_assert_uint_eq(k, 4);
    ck_assert_int_eq(t.retransmissions_min, 4);
    ck_assert_int_eq(t.retransmissions_max, 4);
    ck_assert_int_eq(t.give_up_earliest_us, 6324000);
    ck_assert_int_eq(t.give_up_typical_us, 6502000);
    ck_assert_int_eq(t.give_up_latest_us, 6680000);
    ck_assert_int_eq(t.error, ETIMEDOUT);

    /* tcp_rto_max_ms=1000: 15 or 16 retransmissions (DESIGN.md, measured
     * 15), 16 in the nominal list, the 16th beyond the typical run. */
    fixture_model(FX_RTOMAX1S, ev, &t);
    ck_assert_int_eq(t.retransmissions_min, 15);
    ck_assert_int_eq(t.retransmissions_max, 16);
    ck_assert_int_eq(t.retransmissions, 16);
    ck_assert_int_eq(t.give_up_typical_us, 14670000);

    /* TCP_USER_TIMEOUT 3 s with TLP: the TLP at 204 ms (latest 208 ms),
     * then four retransmissions. */
    fixture_model(FX_UT3000_TLP, ev, &t);
    ck_assert_int_eq(t.events[1].type, RTO_EV_TLP);
    ck_assert_int_eq(t.events[1].at_us, 204000);
    ck_assert_int_eq(t.events[1].latest_us, 208000);
    ck_assert_int_eq(t.retransmissions_min, 4);
    ck_assert_int_eq(t.retransmissions_max, 4);

    /* Keepalive 1/1/3: three probes. */
    fixture_model(FX_KEEPALIVE, ev, &t);
    ck_assert_int_eq(t.retransmissions_min, 3);
    ck_assert_int_eq(t.retransmissions_max, 3);

    /* An orphan and FIN_WAIT2 predict no errno (no application). */
    fixture_model(FX_ORPHAN3, ev, &t);
    ck_assert_int_eq(t.error, 0);
    fixture_model(FX_FIN_WAIT2, ev, &t);
    ck_assert_int_eq(t.error, 0);
    ck_assert_int_eq(t.path, RTO_PATH_FIN_WAIT2);
    ck_assert_int_eq(t.in_flight, 0);

    /* Three segments in flight: the TLP 2 x SRTT + 2 ms, a jiffy, after
     * the send (latest 8 ms), then a full RTO re-armed from it: 208 ms
     * (latest 216 ms); four retransmissions.  The FIN alone of orphan-3
     * is one segment, data + FIN two. */
    fixture_model(FX_PIPELINED3, ev, &t);
    ck_assert_int_eq(t.in_flight, 3);
    ck_assert_int_eq(t.events[1].type, RTO_EV_TLP);
    ck_assert_int_eq(t.events[1].at_us, 4000);
    ck_assert_int_eq(t.events[1].latest_us, 8000);
    ck_assert_int_eq(t.events[2].type, RTO_EV_RETRANSMIT);
    ck_assert_int_eq(t.events[2].at_us, 208000);
    ck_assert_int_eq(t.events[2].latest_us, 216000);
    ck_assert_int_eq(t.retransmissions_min, 4);
    ck_assert_int_eq(t.retransmissions_max, 4);
    fixture_model(FX_ORPHAN3, ev, &t);
    ck_assert_int_eq(t.in_flight, 1);
    fixture_model(FX_ORPHAN_DATA, ev, &t);
    ck_assert_int_eq(t.in_flight, 2);

    /* Zero-window probing, base 204 ms: three probes, give-up window
     * [3.06, 3.16] s; no segments counted. */
    fixture_model(FX_PROBE0, ev, &t);
    ck_assert_int_eq(t.initial_rto_us, 204000);
    ck_assert_int_eq(t.retransmissions_min, 3);
    ck_assert_int_eq(t.retransmissions_max, 3);
    ck_assert_int_eq(t.give_up_earliest_us, 3060000);
    ck_assert_int_eq(t.give_up_latest_us, 3160000);
    ck_assert_int_eq(t.error, ETIMEDOUT);
    ck_assert_int_eq(t.in_flight, 0);
    free(ev);
}
END_TEST

/* The measurement that is the model's own answer agrees, on every path. */
START_TEST(test_agreeing)
{
    struct verify_job *j = calloc(1, sizeof(*j));

    ck_assert_ptr_nonnull(j);
    agreeing_job((enum fx)_i, j);
    compare(j);
    ck_assert_msg(j->pass, "%s: %s", j->s->name, j->verdict);
    ck_assert_str_eq(j->verdict, "pass");
    ck_assert_int_eq(j->events_inside, j->events_checked);
    free(j);
}
END_TEST

/* ------------------------------------------------------------------ */
/* R1 and R3: the windows, at their exact edges                       */
/* ------------------------------------------------------------------ */

struct at_row {
    const char *why;        /* the hand derivation */
    int event;              /* 1-based measured event moved; 0: the give-up */
    int64_t at_us;
    bool inside;
};

/* FX_R3, tolerance 5 ms.  Each row moves one time to an edge of its
 * window or one microsecond past it. */
static const struct at_row at_rows[] = {
    { "R1 event 1: nominal 204 ms - 5 ms", 1, 199000, true },
    { "R1 event 1: 1 us before nominal - 5 ms", 1, 198999, false },
    { "R1 event 1: latest 208 ms + 5 ms", 1, 213000, true },
    { "R1 event 1: 1 us after latest + 5 ms", 1, 213001, false },
    { "R1 event 2: nominal 612 ms - 5 ms", 2, 607000, true },
    { "R1 event 2: 1 us before nominal - 5 ms", 2, 606999, false },
    { "R1 event 2: latest 648 ms + 5 ms", 2, 653000, true },
    { "R1 event 2: 1 us after latest + 5 ms", 2, 653001, false },
    { "R1 event 3: nominal 1428 ms - 5 ms", 3, 1423000, true },
    { "R1 event 3: 1 us before nominal - 5 ms", 3, 1422999, false },
    { "R1 event 3: latest 1496 ms + 5 ms", 3, 1501000, true },
    { "R1 event 3: 1 us after latest + 5 ms", 3, 1501001, false },
    { "R1 event 4: nominal 3060 ms - 5 ms", 4, 3055000, true },
    { "R1 event 4: 1 us before nominal - 5 ms", 4, 3054999, false },
    { "R1 event 4: latest 3160 ms + 5 ms", 4, 3165000, true },
    { "R1 event 4: 1 us after latest + 5 ms", 4, 3165001, false },
    { "R3 give-up: earliest 6.324 s - 5 ms", 0, 6319000, true },
    { "R3 give-up: 1 us before earliest - 5 ms", 0, 6318999, false },
    { "R3 give-up: latest 6.68 s + 5 ms", 0, 6685000, true },
    { "R3 give-up: 1 us after latest + 5 ms", 0, 6685001, false },
};

START_TEST(test_at_edges)
{
    const struct at_row *r = &at_rows[_i];
    struct verify_job *j = calloc(1, sizeof(*j));
    char what[32];

    ck_assert_ptr_nonnull(j);
    agreeing_job(FX_R3, j);
    if (r->event)
        j->m.event_us[r->event - 1] = r->at_us;
    else
        j->m.give_up_us = r->at_us;
    compare(j);
    ck_assert_msg(j->pass == r->inside, "%s: %s", r->why, j->verdict);
    ck_assert_int_eq(j->events_checked, 4);
    ck_assert_int_eq(j->events_inside, 4 - (r->event && !r->inside));
    if (!r->inside) {
        if (r->event)
            snprintf(what, sizeof(what), "event %d at ", r->event);
        else
            snprintf(what, sizeof(what), "give-up at ");
        assert_verdict_has(j, what);
    }
    free(j);
}
END_TEST

/* ------------------------------------------------------------------ */
/* R2: the count                                                      */
/* ------------------------------------------------------------------ */

struct count_row {
    const char *why;
    enum fx f;
    int events;             /* measured events kept (or added) */
    int count;              /* the count R2 derives from them */
    int checked;            /* events R1 times */
    bool pass;
    const char *verdict;    /* expected text, or NULL */
};

static const struct count_row count_rows[] = {
    /* tcp_rto_max_ms=1000: range [15, 16], 16 events in the list. */
    { "14 < min 15", FX_RTOMAX1S, 14, 14, 14, false,
      "14 retransmissions, model 15-16" },
    { "15 = min", FX_RTOMAX1S, 15, 15, 15, true, "pass" },
    { "16 = max", FX_RTOMAX1S, 16, 16, 16, true, "pass" },
    { "17 > max 16; the 17th is past the list and not timed", FX_RTOMAX1S,
      17, 17, 16, false, "17 retransmissions, model 15-16" },
    /* retries2=3: range [4, 4]. */
    { "3 < 4, the 3 measured all inside", FX_R3, 3, 3, 3, false,
      "3 retransmissions, model 4-4" },
    { "5 > 4", FX_R3, 5, 5, 4, false, "5 retransmissions, model 4-4" },
    /* With a TLP the first measured event is the TLP: count = events - 1,
     * range [4, 4]. */
    { "TLP + 4 = count 4", FX_UT3000_TLP, 5, 4, 5, true, "pass" },
    { "TLP + 3 = count 3", FX_UT3000_TLP, 4, 3, 4, false,
      "3 retransmissions, model 4-4" },
    { "no event at all: count 0, not -1", FX_UT3000_TLP, 0, 0, 0, false,
      "0 retransmissions, model 4-4" },
    /* Keepalive counts probes: range [3, 3]. */
    { "2 probes < 3", FX_KEEPALIVE, 2, 2, 2, false, "2 probes, model 3-3" },
    /* FIN_WAIT2 sends nothing the model counts, and has no count: two
     * stray transmissions are neither timed nor counted. */
    { "FIN_WAIT2 has no count", FX_FIN_WAIT2, 2, 2, 0, true, "pass" },
};

START_TEST(test_count)
{
    const struct count_row *r = &count_rows[_i];
    struct verify_job *j = calloc(1, sizeof(*j));

    ck_assert_ptr_nonnull(j);
    agreeing_job(r->f, j);
    /* Extra events come after the last one modelled, 1 s apart. */
    for (int i = j->m.events; i < r->events; i++)
        j->m.event_us[i] = (i ? j->m.event_us[i - 1] : 0) + 1000000;
    j->m.events = r->events;
    compare(j);
    ck_assert_msg(j->pass == r->pass, "%s: %s", r->why, j->verdict);
    ck_assert_int_eq(j->measured_count, r->count);
    ck_assert_int_eq(j->events_checked, r->checked);
    ck_assert_int_eq(j->events_inside, r->checked);
    ck_assert_str_eq(j->verdict, r->verdict);
    free(j);
}
END_TEST

/* The TLP is the first measured event and is timed against the TLP's own
 * window: nominal 204 ms, latest 208 ms, so 213.001 ms is outside (R1). */
START_TEST(test_tlp_window)
{
    struct verify_job *j = calloc(1, sizeof(*j));

    ck_assert_ptr_nonnull(j);
    agreeing_job(FX_UT3000_TLP, j);
    j->m.event_us[0] = 213001;
    compare(j);
    ck_assert(!j->pass);
    assert_verdict_has(j, "event 1 at ");
    ck_assert_int_eq(j->events_inside, j->events_checked - 1);
    j->m.event_us[0] = 213000;
    compare(j);
    ck_assert_str_eq(j->verdict, "pass");
    free(j);
}
END_TEST

/* ------------------------------------------------------------------ */
/* R3 and R4: the give-up and the errno                               */
/* ------------------------------------------------------------------ */

/* No give-up within the deadline disagrees whatever else agreed. */
START_TEST(test_no_give_up)
{
    struct verify_job *j = calloc(1, sizeof(*j));

    ck_assert_ptr_nonnull(j);
    agreeing_job(FX_R3, j);
    j->m.died = false;
    j->m.error = 0;     /* not judged without a give-up */
    compare(j);
    ck_assert(!j->pass);
    ck_assert_str_eq(j->verdict,
                     "did not give up within the model's latest time");
    ck_assert_int_eq(j->events_inside, 4);
    free(j);
}
END_TEST

struct errno_row {
    const char *why;
    enum fx f;
    int error;
    bool pass;
};

static const struct errno_row errno_rows[] = {
    { "R4 retrans predicts ETIMEDOUT and sees it", FX_R3, ETIMEDOUT, true },
    { "R4 retrans sees no error", FX_R3, 0, false },
    { "R4 retrans sees ECONNRESET", FX_R3, ECONNRESET, false },
    { "R4 syn predicts ETIMEDOUT, sees EHOSTUNREACH", FX_SYN2, EHOSTUNREACH,
      false },
    { "R4 an orphan predicts none: nothing judged", FX_ORPHAN3, ETIMEDOUT,
      true },
    { "R4 FIN_WAIT2 predicts none: nothing judged", FX_FIN_WAIT2,
      ECONNRESET, true },
};

START_TEST(test_errno)
{
    const struct errno_row *r = &errno_rows[_i];
    struct verify_job *j = calloc(1, sizeof(*j));
    char what[48];

    ck_assert_ptr_nonnull(j);
    agreeing_job(r->f, j);
    j->m.error = r->error;
    compare(j);
    ck_assert_msg(j->pass == r->pass, "%s: %s", r->why, j->verdict);
    if (!r->pass) {
        snprintf(what, sizeof(what), "error %d, model %d", r->error,
                 ETIMEDOUT);
        ck_assert_str_eq(j->verdict, what);
    }
    free(j);
}
END_TEST

/* ------------------------------------------------------------------ */
/* R5: tcpi_rto                                                       */
/* ------------------------------------------------------------------ */

struct rto_row {
    const char *why;
    enum fx f;
    int64_t delta_us;       /* added to the model's initial RTO */
    bool zero;              /* tcpi_rto not measured (0) */
    bool pass;
};

/* One jiffy at HZ=250 is 4 ms. */
static const struct rto_row rto_rows[] = {
    { "retrans: equal", FX_R3, 0, false, true },
    { "retrans: a jiffy more", FX_R3, 4000, false, false },
    { "retrans: a microsecond less", FX_R3, -1, false, false },
    { "retrans: not measured", FX_R3, 0, true, true },
    { "orphan: a jiffy more", FX_ORPHAN3, 4000, false, false },
    { "FIN_WAIT2: a jiffy more", FX_FIN_WAIT2, 4000, false, false },
    { "probe0: equal", FX_PROBE0, 0, false, true },
    { "probe0: a jiffy more (the fill's RTT samples)", FX_PROBE0, 4000,
      false, false },
    { "keepalive: its first timer is no RTO", FX_KEEPALIVE, 4000, false,
      true },
    { "syn: its first timer is no RTO", FX_SYN2, 4000, false, true },
    { "synack: its first timer is no RTO", FX_SYNACK1, 4000, false, true },
};

START_TEST(test_tcpi_rto)
{
    const struct rto_row *r = &rto_rows[_i];
    struct verify_job *j = calloc(1, sizeof(*j));

    ck_assert_ptr_nonnull(j);
    agreeing_job(r->f, j);
    j->m.rto_us = r->zero ? 0 : j->m.rto_us + r->delta_us;
    compare(j);
    ck_assert_msg(j->pass == r->pass, "%s: %s", r->why, j->verdict);
    if (!r->pass)
        assert_verdict_has(j, "tcpi_rto ");
    free(j);
}
END_TEST

/* ------------------------------------------------------------------ */
/* R6: the model at the measured RTT, no run, no model                */
/* ------------------------------------------------------------------ */

/* A measured tcpi_rtt of 300 ms replaces the settings' 20 us and the model
 * is re-run there: its initial RTO is what the public API gives at 300 ms,
 * which is not the 204 ms the job was built with. */
START_TEST(test_measured_rtt)
{
    struct verify_job *j = calloc(1, sizeof(*j));
    struct rto_event *ev = calloc(EV_CAP, sizeof(*ev));
    struct rto_params p;
    struct rto_timeline t;

    ck_assert_ptr_nonnull(j);
    ck_assert_ptr_nonnull(ev);
    fixture_params(FX_R3, &p);
    p.rtt_us = 300000;
    rto_timeline_init(&t, ev, EV_CAP);
    ck_assert_int_eq(rto_retrans(&p, &t), RTO_OK);
    ck_assert_int_ne(t.initial_rto_us, 204000);

    agreeing_job(FX_R3, j);
    j->m.rtt_us = 300000;
    j->m.rto_us = 0;
    compare(j);
    ck_assert_int_eq(j->p.rtt_us, 300000);
    ck_assert_int_eq(j->t.initial_rto_us, t.initial_rto_us);
    ck_assert_int_eq(j->t.give_up_latest_us, t.give_up_latest_us);
    /* The events measured for 20 us are now early for 300 ms. */
    ck_assert(!j->pass);
    assert_verdict_has(j, "event 1 at ");
    free(ev);
    free(j);
}
END_TEST

/* A scenario that could not run disagrees with its reason as the verdict
 * and nothing timed. */
START_TEST(test_not_ran)
{
    struct verify_job *j = calloc(1, sizeof(*j));

    ck_assert_ptr_nonnull(j);
    agreeing_job(FX_R3, j);
    j->m.ran = false;
    snprintf(j->m.why, sizeof(j->m.why), "SO_ATTACH_FILTER: %s",
             "Operation not permitted");
    compare(j);
    ck_assert(!j->pass);
    ck_assert_str_eq(j->verdict, "SO_ATTACH_FILTER: Operation not permitted");
    ck_assert_int_eq(j->events_checked, 0);

    j->m.why[0] = '\0';
    compare(j);
    ck_assert(!j->pass);
    ck_assert_str_eq(j->verdict, "could not run");
    free(j);
}
END_TEST

/* Settings the model refuses (CONFIG_HZ 7 does not exist) disagree. */
START_TEST(test_model_refuses)
{
    struct verify_job *j = calloc(1, sizeof(*j));

    ck_assert_ptr_nonnull(j);
    agreeing_job(FX_R3, j);
    j->p.hz = 7;
    compare(j);
    ck_assert(!j->pass);
    ck_assert_str_eq(j->verdict, "the model refused the settings");
    free(j);
}
END_TEST

/* Two failed rules: both named, in rule order, "; " between them. */
START_TEST(test_verdicts_joined)
{
    struct verify_job *j = calloc(1, sizeof(*j));

    ck_assert_ptr_nonnull(j);
    agreeing_job(FX_R3, j);
    j->m.events = 3;
    j->m.died = false;
    compare(j);
    ck_assert(!j->pass);
    ck_assert_str_eq(j->verdict, "3 retransmissions, model 4-4; did not "
                                 "give up within the model's latest time");
    free(j);
}
END_TEST

/* ------------------------------------------------------------------ */
/* R8: the segments in flight                                         */
/* ------------------------------------------------------------------ */

struct flight_row {
    const char *why;
    enum fx f;
    int in_flight;          /* measured; 0 = not counted */
    bool pass;
    const char *verdict;    /* expected text */
};

static const struct flight_row flight_rows[] = {
    { "three writes, three segments", FX_PIPELINED3, 3, true, "pass" },
    { "two of three left (merged)", FX_PIPELINED3, 2, false,
      "2 segments in flight, model 3" },
    { "more than the model's", FX_PIPELINED3, 4, false,
      "4 segments in flight, model 3" },
    { "not counted: nothing judged", FX_PIPELINED3, 0, true, "pass" },
    { "data + FIN", FX_ORPHAN_DATA, 2, true, "pass" },
    { "the FIN merged into the data", FX_ORPHAN_DATA, 1, false,
      "1 segment in flight, model 2" },
    { "the FIN alone asked", FX_ORPHAN3, 1, true, "pass" },
    { "data before the FIN not asked", FX_ORPHAN3, 2, false,
      "2 segments in flight, model 1" },
    { "probe0: the model counts none", FX_PROBE0, 5, true, "pass" },
};

START_TEST(test_in_flight)
{
    const struct flight_row *r = &flight_rows[_i];
    struct verify_job *j = calloc(1, sizeof(*j));

    ck_assert_ptr_nonnull(j);
    agreeing_job(r->f, j);
    j->m.in_flight = r->in_flight;
    compare(j);
    ck_assert_msg(j->pass == r->pass, "%s: %s", r->why, j->verdict);
    ck_assert_str_eq(j->verdict, r->verdict);
    /* The events themselves are all still inside. */
    ck_assert_int_eq(j->events_inside, j->events_checked);
    free(j);
}
END_TEST

/* ------------------------------------------------------------------ */
/* R7: the typical error                                              */
/* ------------------------------------------------------------------ */

/* FX_R3's typical times: events 206, 630, 1462 and 3110 ms, give-up
 * 6502 ms (all inside their windows, so the job still passes). */
START_TEST(test_typical_error)
{
    struct verify_job *j = calloc(1, sizeof(*j));

    ck_assert_ptr_nonnull(j);
    agreeing_job(FX_R3, j);
    j->m.event_us[0] = 206000 + 1000;
    j->m.event_us[1] = 630000 - 3000;
    j->m.event_us[2] = 1462000 + 2000;
    j->m.event_us[3] = 3110000;
    j->m.give_up_us = 6502000 + 500;
    compare(j);
    ck_assert_str_eq(j->verdict, "pass");
    /* Errors 1000, 3000, 2000, 0, 500: sorted 0, 500, 1000, 2000, 3000;
     * median [5 / 2] = 1000, worst 3000. */
    ck_assert_int_eq(j->typical_err_median_us, 1000);
    ck_assert_int_eq(j->typical_err_worst_us, 3000);

    /* Without a give-up, four errors 0, 1000, 2000, 3000: median
     * [4 / 2] = 2000. */
    j->m.died = false;
    compare(j);
    ck_assert_int_eq(j->typical_err_median_us, 2000);
    ck_assert_int_eq(j->typical_err_worst_us, 3000);
    free(j);
}
END_TEST

/* tcp_rto_max_ms=1000: the 16th event is beyond the typical run (its
 * typical time is RTO_NONE) and has no typical error.  Every other event
 * exactly at its typical time, the give-up 2 ms after its typical
 * 14.67 s: errors fifteen 0 and one 2000, median [16 / 2] = 0, worst
 * 2000. */
START_TEST(test_typical_error_none)
{
    struct verify_job *j = calloc(1, sizeof(*j));
    struct rto_event *ev = calloc(EV_CAP, sizeof(*ev));
    struct rto_timeline t;
    int k = 0;

    ck_assert_ptr_nonnull(j);
    ck_assert_ptr_nonnull(ev);
    fixture_model(FX_RTOMAX1S, ev, &t);
    agreeing_job(FX_RTOMAX1S, j);
    for (size_t i = 0; i < t.count; i++) {
        const struct rto_event *e = &t.events[i];
        if (!timed(e->type))
            continue;
        if (e->typical_us != RTO_NONE)
            j->m.event_us[k] = e->typical_us;
        else
            ck_assert_int_eq(k, 15);
        k++;
    }
    ck_assert_int_eq(k, 16);
    j->m.give_up_us = 14670000 + 2000;
    compare(j);
    ck_assert_str_eq(j->verdict, "pass");
    ck_assert_int_eq(j->typical_err_median_us, 0);
    ck_assert_int_eq(j->typical_err_worst_us, 2000);
    free(ev);
    free(j);
}
END_TEST

static Suite *compare_suite(void)
{
    Suite *s = suite_create("compare");
    TCase *tc;

    tc = tcase_create("fixtures");
    tcase_add_test(tc, test_fixture_numbers);
    tcase_add_loop_test(tc, test_agreeing, 0, (int)N_ROWS(fixtures));
    suite_add_tcase(s, tc);

    tc = tcase_create("windows");
    tcase_add_loop_test(tc, test_at_edges, 0, (int)N_ROWS(at_rows));
    tcase_add_test(tc, test_tlp_window);
    suite_add_tcase(s, tc);

    tc = tcase_create("count");
    tcase_add_loop_test(tc, test_count, 0, (int)N_ROWS(count_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("in-flight");
    tcase_add_loop_test(tc, test_in_flight, 0, (int)N_ROWS(flight_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("give-up");
    tcase_add_test(tc, test_no_give_up);
    tcase_add_loop_test(tc, test_errno, 0, (int)N_ROWS(errno_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("tcpi_rto");
    tcase_add_loop_test(tc, test_tcpi_rto, 0, (int)N_ROWS(rto_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("runs");
    tcase_add_test(tc, test_measured_rtt);
    tcase_add_test(tc, test_not_ran);
    tcase_add_test(tc, test_model_refuses);
    tcase_add_test(tc, test_verdicts_joined);
    suite_add_tcase(s, tc);

    tc = tcase_create("typical");
    tcase_add_test(tc, test_typical_error);
    tcase_add_test(tc, test_typical_error_none);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(compare_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
