/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Check suites of tests/model/check_model, one per module of
 * src/model, and the scaffolding they share.  check_model.c runs them
 * all; the program links the model alone (libmodel), so a suite that
 * calls a writer does not build here: it belongs in tests/format.
 */
#ifndef RTOCALC_TESTS_MODEL_HELPERS_H
#define RTOCALC_TESTS_MODEL_HELPERS_H

#include <check.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rtocalc.h"

/* ------------------------------------------------------------------ */
/* Rows, units and comparisons                                        */
/* ------------------------------------------------------------------ */

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))
#define MS(x) ((int64_t)(x) * 1000)
#define SEC(x) ((int64_t)(x) * 1000000)
#define SKIP INT64_MAX /* an expected value that is not checked */

/* got == want, naming the row's source, the HZ and the field. */
#define EQ64(src, hz, what, got, want)                                     \
    ck_assert_msg((int64_t)(got) == (int64_t)(want),                       \
                  "%s (HZ=%d): %s = %" PRId64 ", want %" PRId64, (src),    \
                  (hz), (what), (int64_t)(got), (int64_t)(want))

/* a <= b, naming both sides. */
#define LE64(src, hz, what_a, a, what_b, b)                                \
    ck_assert_msg((int64_t)(a) <= (int64_t)(b),                            \
                  "%s (HZ=%d): %s %" PRId64 " > %s %" PRId64, (src), (hz), \
                  (what_a), (int64_t)(a), (what_b), (int64_t)(b))

/* ------------------------------------------------------------------ */
/* HZ and parameters                                                  */
/* ------------------------------------------------------------------ */

/* The CONFIG_HZ values a row runs at when it names none (KERNEL.md 0.2). */
#define HZ_COUNT 4

/* The HZ values of a row into hz[]: its own, or when own is 0 each of 100,
 * 250, 300 and 1000.  Returns how many. */
static inline size_t hzs_of(int own, int hz[HZ_COUNT])
{
    static const int all[HZ_COUNT] = { 100, 250, 300, 1000 };

    if (own) {
        hz[0] = own;
        return 1;
    }
    for (size_t i = 0; i < HZ_COUNT; i++)
        hz[i] = all[i];
    return HZ_COUNT;
}

/* The defaults (Linux 6.18) at a given HZ. */
static inline void params_at_hz(struct rto_params *p, int hz)
{
    rto_params_default(p);
    p->hz = hz;
}

/*
 * The u8 wrap of icsk_retransmits (KERNEL.md 8.3) pinned by check_wrap.c
 * and held to the fast path by check_fast.c: rto_max 1 s (6.15+),
 * tcp_retries2 255, initial RTO 201 ms, no TLP, HZ 1000.
 */
static inline void params_u8_wrap(struct rto_params *p)
{
    params_at_hz(p, 1000);
    p->rto_max_us = 1000000;
    p->retries2 = 255;
    p->rto_us = 201000;
    p->tlp = false;
}

/* Set one field of the parameters by its rto_field, in the struct's unit
 * (us for times), to see what rto_params_validate() says of it. */
static inline void set_field(struct rto_params *p, enum rto_field f,
                             int64_t v)
{
    switch (f) {
    case RTO_F_HZ:
        p->hz = (int)v;
        break;
    case RTO_F_RETRIES1:
        p->retries1 = (int)v;
        break;
    case RTO_F_RETRIES2:
        p->retries2 = (int)v;
        break;
    case RTO_F_USER_TIMEOUT:
        p->user_timeout_us = v;
        break;
    case RTO_F_RTO_MIN:
        p->rto_min_us = v;
        break;
    case RTO_F_RTO_MAX:
        p->rto_max_us = v;
        break;
    case RTO_F_SYN_RETRIES:
        p->syn_retries = (int)v;
        break;
    case RTO_F_SYN_LINEAR_TIMEOUTS:
        p->syn_linear_timeouts = (int)v;
        break;
    case RTO_F_SYNACK_RETRIES:
        p->synack_retries = (int)v;
        break;
    case RTO_F_ORPHAN_RETRIES:
        p->orphan_retries = (int)v;
        break;
    case RTO_F_KEEPALIVE_TIME:
        p->keepalive_time_us = v;
        break;
    case RTO_F_KEEPALIVE_INTVL:
        p->keepalive_intvl_us = v;
        break;
    case RTO_F_KEEPALIVE_PROBES:
        p->keepalive_probes = (int)v;
        break;
    case RTO_F_TLP:
        p->tlp = v != 0;
        break;
    case RTO_F_THIN:
        p->thin = v != 0;
        break;
    default:
        ck_abort_msg("set_field: no setter for field %d", (int)f);
    }
}

/* The largest value of a kernel int (INT_MAX), a range's usual top. */
#define INT_MAX_64 INT64_C(2147483647)

/* ------------------------------------------------------------------ */
/* Timelines                                                          */
/* ------------------------------------------------------------------ */

/* The event of a type with number n; any give-up event whatever its n. */
static inline const struct rto_event *
find_event(const struct rto_timeline *t, enum rto_event_type type, int n)
{
    for (size_t i = 0; i < t->count; i++) {
        if (t->events[i].type == type
            && (type == RTO_EV_GIVE_UP || t->events[i].n == n))
            return &t->events[i];
    }
    return NULL;
}

/*
 * What holds for every run's summary (DESIGN.md "The model"): the nominal
 * and the typical give-up lie inside [earliest, latest], and so do the
 * counts.
 */
static inline void check_give_up_window(const char *src, int hz,
                                        const struct rto_timeline *t)
{
    LE64(src, hz, "earliest", t->give_up_earliest_us, "nominal",
         t->give_up_us);
    LE64(src, hz, "nominal", t->give_up_us, "latest", t->give_up_latest_us);
    LE64(src, hz, "earliest", t->give_up_earliest_us, "typical",
         t->give_up_typical_us);
    LE64(src, hz, "typical", t->give_up_typical_us, "latest",
         t->give_up_latest_us);
    LE64(src, hz, "min count", t->retransmissions_min, "count",
         t->retransmissions);
    LE64(src, hz, "count", t->retransmissions, "max count",
         t->retransmissions_max);
    LE64(src, hz, "min count", t->retransmissions_min, "typical count",
         t->retransmissions_typical);
    LE64(src, hz, "typical count", t->retransmissions_typical, "max count",
         t->retransmissions_max);
}

/*
 * The give-up event carries the summary's nominal, typical and latest
 * times: the typical run may give up a firing earlier than the nominal one
 * (DESIGN.md), so it is the one event whose typical time may precede its
 * nominal time.
 */
static inline void check_give_up_event(const char *src, int hz,
                                       const struct rto_timeline *t,
                                       const struct rto_event *e)
{
    ck_assert_msg(e->type == RTO_EV_GIVE_UP,
                  "%s (HZ=%d): the last event is the give-up", src, hz);
    EQ64(src, hz, "give-up event at_us", e->at_us, t->give_up_us);
    EQ64(src, hz, "give-up event typical_us", e->typical_us,
         t->give_up_typical_us);
    EQ64(src, hz, "give-up event latest_us", e->latest_us,
         t->give_up_latest_us);
}

/* Any other event fires no earlier than nominal: at <= typical <= latest,
 * where the typical and the latest time are known. */
static inline void check_event_window(const char *src, int hz,
                                      const struct rto_event *e)
{
    if (e->typical_us != RTO_NONE)
        LE64(src, hz, "at_us", e->at_us, "typical_us", e->typical_us);
    if (e->latest_us != RTO_NONE)
        LE64(src, hz, "at_us", e->at_us, "latest_us", e->latest_us);
    if (e->typical_us != RTO_NONE && e->latest_us != RTO_NONE)
        LE64(src, hz, "typical_us", e->typical_us, "latest_us",
             e->latest_us);
}

/* ------------------------------------------------------------------ */
/* The suites                                                         */
/* ------------------------------------------------------------------ */

/* Jiffies, the timer wheel, CONFIG_HZ and the initial RTO. */
Suite *jiffies_suite(void);
/* tcp_model_timeout(), parameter defaults and ranges, kernel versions. */
Suite *budget_suite(void);
/* The established connection with data outstanding (rto_retrans). */
Suite *retrans_suite(void);
/* The idle connection with SO_KEEPALIVE (rto_keepalive). */
Suite *keepalive_suite(void);
/* SYN, SYN-ACK, orphans, FIN_WAIT2 and zero-window probes (rto_syn,
 * rto_synack, rto_orphan, rto_fin_wait2, rto_probe0). */
Suite *paths_suite(void);
/* Kernel-version profiles: parsing, defaults, ranges and the rules they
 * switch (check_profiles.c). */
Suite *profiles_suite(void);
/* The RTT estimator beside RFC 6298 (rto_rtt_run). */
Suite *rtt_suite(void);
/* The inverse solver: settings that give up within a target (rto_solve). */
Suite *solve_suite(void);
/* Middlebox presets (rto_middleboxes; check_middlebox.c). */
Suite *middlebox_suite(void);
/* The kernel's 32-bit and 8-bit wrap-arounds (check_wrap.c). */
Suite *wrap_suite(void);
/* The give-up-only fast path against the full walk (check_fast.c). */
Suite *fast_suite(void);
/* The settings table and the path table (check_settings.c). */
Suite *settings_suite(void);
Suite *inflight_suite(void);
Suite *probe0_ut_suite(void);
Suite *live_suite(void);

#endif
