/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running and judging verify scenarios (private to src/verify and the CLI).
 * The files call one way only: runner.c (measure every job) calls
 * compare.c (judge one), which calls predict.c (the model's answer).
 */
#ifndef RTO_VERIFY_RUN_H
#define RTO_VERIFY_RUN_H

#include "verify/verify.h"

/* The measurement tolerance: kernel-timestamped packets and a poll() of
 * the socket or /proc/net/tcp every 2 ms on an idle loopback. */
#define VERIFY_TOLERANCE_US 5000

#define VERIFY_MODEL_EVENTS 512

/* One scenario: its settings, the measurement and the model's answer. */
struct verify_job {
    const struct verify_scenario *s;
    struct rto_params p;            /* settings, HZ and (after) the RTT */
    struct verify_measured m;
    struct rto_timeline t;          /* the model at p */
    struct rto_event ev[VERIFY_MODEL_EVENTS];
    bool done;
    int64_t started_us, elapsed_us;

    /* The verdict. */
    bool pass;
    char verdict[240];
    int measured_count;             /* retransmissions or probes */
    int events_checked, events_inside;
    int64_t typical_err_median_us, typical_err_worst_us;

    /* Measured again alone after disagreeing while others ran at once;
     * first_verdict is what that first measurement said. */
    bool remeasured;
    char first_verdict[240];
};

typedef void (*verify_progress_fn)(void *ctx, const struct verify_job *j,
                                   size_t done, size_t total);

/* CLOCK_MONOTONIC in microseconds: the clock of every run time. */
int64_t verify_mono_us(void);

/* Run the model for j->p into j->t (predict.c).  Returns 0 or a model
 * error. */
int verify_model(struct verify_job *j);

/* Measure every job, parallel at most at once, the longest expected
 * first.  Returns 0, or -SIGNAL when a signal stopped the run (the
 * children are then gone). */
int verify_run(struct verify_job *jobs, size_t n, int parallel,
               verify_progress_fn progress, void *ctx);

/* Compare j->m with the model, re-run at the measured RTT (compare.c). */
void verify_compare(struct verify_job *j);

/* The rules verify_compare() judges by, for the writers to show what it
 * decided without deciding again.  A measured transmission stands for a
 * model event of a timed type (TLP, retransmission, probe); it agrees
 * inside [nominal - tolerance, latest + tolerance], and the give-up inside
 * [earliest - tolerance, latest + tolerance]. */
bool verify_timed(enum rto_event_type type);
bool verify_event_inside(const struct rto_event *ev, int64_t at_us);
bool verify_give_up_inside(const struct rto_timeline *t, int64_t at_us);

/* 0 when network namespaces can be created here, else -1 and why. */
int verify_can_run(char *why, size_t size);

/* How a run went: scenarios at once, and its wall-clock time. */
struct verify_timing {
    int jobs;
    int64_t wall_us;
};

/* Write the results as RTO_FMT_TABLE, RTO_FMT_JSON or RTO_FMT_CSV. */
int verify_write(FILE *out, enum rto_format f, const struct verify_job *jobs,
                 size_t n, const char *kernel, int hz, const char *hz_source,
                 const struct verify_timing *tm);

#endif
