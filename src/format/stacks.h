/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The writers of the other TCP stacks (stacks.c): one stack's timeline
 * (a path command with --stack), its report, every stack side by side
 * (rtocalc stacks) and the chart of plot stacks.  Never installed.
 */
#ifndef RTO_FORMAT_STACKS_H
#define RTO_FORMAT_STACKS_H

#include "format/format.h"

/* The paths a stack row shows, in the report's order. */
#define RTO_STACK_PATHS 5
extern const enum rto_path rto_stack_paths[RTO_STACK_PATHS];

/* One path of one stack: its summary and what the model applied. */
struct rto_stack_entry {
    enum rto_path path;
    struct rto_timeline t;      /* the summary; no events */
    struct rto_stack_run run;   /* rule, tag, open question, absence */
};

struct rto_stack_row {
    enum rto_stack stack;
    int version;
    struct rto_stack_entry e[RTO_STACK_PATHS];
};

/* Fill a row: a stack at p, or Linux at its own parameters (its rule
 * words are the report's).  scratch holds one path's events at a time.
 * Returns 0 or a model error. */
int rto_stack_row_run(struct rto_stack_row *row,
                      const struct rto_stack_params *p,
                      struct rto_event *scratch, size_t cap);
int rto_stack_row_linux(struct rto_stack_row *row, const struct rto_params *p,
                        struct rto_event *scratch, size_t cap);

/* rtocalc stacks: table, csv, json or markdown (RTO_ENOTSUP otherwise). */
int rto_stacks_write(FILE *out, enum rto_format f, int64_t rtt_us,
                     const struct rto_stack_row *rows, size_t count,
                     const struct rto_warnings *w);
/* plot stacks: the gnuplot script. */
int rto_stacks_chart(FILE *out, int64_t rtt_us,
                     const struct rto_stack_row *rows, size_t count);

/* One stack's path command (command "retrans", ...), and its report.
 * table, csv, json or markdown. */
int rto_stack_write_timeline(FILE *out, enum rto_format f,
                             const char *command,
                             const struct rto_stack_params *p,
                             const struct rto_timeline *t,
                             const struct rto_stack_run *run,
                             const struct rto_warnings *w);
int rto_stack_write_report(FILE *out, enum rto_format f,
                           const struct rto_stack_params *p,
                           const struct rto_stack_row *row,
                           const struct rto_warnings *w);

#endif
