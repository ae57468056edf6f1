/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private interface of the writers.  Never installed.  Each writer reads a
 * finished timeline and writes to the FILE * it is given; none of them
 * allocates.  They return 0, or RTO_EIO when the stream reports an error
 * (the caller checks ferror() and fflush() as well).
 */
#ifndef RTO_FORMAT_H
#define RTO_FORMAT_H

#include "rtocalc.h"

int rto_out_table(FILE *out, const struct rto_params *p,
                  const struct rto_timeline *t);
int rto_out_csv(FILE *out, const struct rto_params *p,
                const struct rto_timeline *t);
int rto_out_json(FILE *out, const struct rto_params *p,
                 const struct rto_timeline *t);
int rto_out_gnuplot(FILE *out, const struct rto_params *p,
                    const struct rto_timeline *t);
int rto_out_markdown(FILE *out, const struct rto_params *p,
                     const struct rto_timeline *t);

/* The table's header and the path-specific lines of its summary. */
void rto_explain_header(FILE *out, const struct rto_params *p,
                        const struct rto_timeline *t);
void rto_explain_summary(FILE *out, const struct rto_params *p,
                         const struct rto_timeline *t);

/* Names used by every format (the path, event, reason and mark names are
 * public, in rtocalc.h). */
const char *rto_cc_name(enum rto_cc cc);                /* "cubic" */
/* "ETIMEDOUT" for ETIMEDOUT, "" for 0. */
const char *rto_errno_name(int err);

/* Microseconds as seconds with six decimals, trailing zeros dropped:
 * "924.6", "0.201", "12". */
char *rto_fmt_seconds(int64_t us, char *buf, size_t size);

/*
 * Every setting that mattered to the timeline, as (knob, value, unit)
 * rows: the JSON "settings" object, the table header and the CSV/gnuplot
 * comments all print the same list.  Returns how many rows were filled.
 */
struct rto_setting_value {
    const char *key;    /* JSON key, e.g. "tcp_retries2", "rto_min_us" */
    int64_t value;
    bool is_bool;
    const char *text;   /* non-NULL for text values, e.g. cc "cubic" */
};
size_t rto_settings(const struct rto_params *p, const struct rto_timeline *t,
                    struct rto_setting_value *rows, size_t cap);

#endif
