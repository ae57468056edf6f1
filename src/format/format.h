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

/*
 * The warnings of a run, handed to the writers as data: JSON lists them as
 * "warnings" (an empty array when there are none); the other formats
 * leave them to the caller, who prints them on standard error.
 */
struct rto_warnings {
    const char *const *text;
    size_t count;
};

/* One row of the settings listing of rtocalc sysctl: a sysctl, its value
 * in the sysctl's own unit (or a name, for a choice), and where it came
 * from ("profile default", "option", "--sysctl-file FILE:3: ..."). */
struct rto_sysctl_row {
    const char *sysctl;     /* "tcp_retries2", without "net.ipv4." */
    int64_t value;
    const char *text;       /* a choice's name ("cubic"), else NULL */
    const char *from;
};

/* The settings in force, with the report they give. */
struct rto_sysctl_list {
    bool system;            /* read from the running kernel */
    const struct rto_sysctl_row *rows;
    size_t count;
};

/* What rtocalc solve found: settings that give up within target_us. */
struct rto_solve_list {
    const char *path;       /* "retrans" */
    int64_t target_us;
    const struct rto_solution *solutions;
    size_t count;
};

/* The RTT estimator step by step (rtocalc rto). */
struct rto_rtt_list {
    const struct rto_rtt_step *steps;
    size_t count;
};

/* The kinds of result a command writes. */
enum rto_result_kind {
    RTO_RESULT_TIMELINE,    /* one path: params, timeline */
    RTO_RESULT_REPORT,      /* every path: params, report */
    RTO_RESULT_SYSCTL,      /* settings and report: params, sysctl, report */
    RTO_RESULT_SOLVE,       /* params, solve */
    RTO_RESULT_RTT,         /* params, rtt */
    RTO_RESULT_KERNELS,     /* the kernel profiles and their changes */
};

/* One result to write, its data by kind, and the warnings of the run. */
struct rto_result {
    enum rto_result_kind kind;
    const struct rto_params *params;
    const struct rto_timeline *timeline;
    const struct rto_report *report;
    const struct rto_sysctl_list *sysctl;
    const struct rto_solve_list *solve;
    const struct rto_rtt_list *rtt;
    struct rto_warnings warnings;
    int width;      /* the table's columns: 0 for the full layout, else a
                     * narrow one with prose wrapped to fit (RTO_NARROW) */
};

/* The width of the CLI's default table output. */
#define RTO_NARROW 80

#define RTO_RESULT_KINDS (RTO_RESULT_KERNELS + 1)

/*
 * The writers, one file per format: each file's table holds a writer for
 * every kind of result its format has a form for, and NULL for the
 * others.  rto_write_result() picks the writer and returns 0, RTO_EIO, or
 * RTO_ENOTSUP (writing nothing) where the format has no form for the
 * result.
 */
typedef void (*rto_write_fn)(FILE *out, const struct rto_result *r);
extern const rto_write_fn rto_table_writers[RTO_RESULT_KINDS];
extern const rto_write_fn rto_csv_writers[RTO_RESULT_KINDS];
extern const rto_write_fn rto_json_writers[RTO_RESULT_KINDS];
extern const rto_write_fn rto_gnuplot_writers[RTO_RESULT_KINDS];
extern const rto_write_fn rto_markdown_writers[RTO_RESULT_KINDS];
int rto_write_result(FILE *out, enum rto_format f, const struct rto_result *r);

/*
 * Prose for a table, written line by line: a line longer than width
 * columns (0: no limit) is word-wrapped, its continuation lines indented by
 * hang spaces (a negative hang: two more than the line's own indent).
 * Text is collected until a newline; rto_say_flush() ends a last line
 * that has none.
 */
struct rto_text {
    FILE *out;
    int width;
    int hang;
    size_t n;
    char line[1024];
};
void rto_say(struct rto_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rto_say_flush(struct rto_text *t);

/* A JSON string, escaped (json.c). */
void rto_json_string(FILE *out, const char *s);
/* A CSV field, quoted only where RFC 4180 requires it (csv.c). */
void rto_csv_field(FILE *out, const char *s);

/* The table's header and the path-specific lines of its summary. */
void rto_explain_header(struct rto_text *out, const struct rto_params *p,
                        const struct rto_timeline *t);
void rto_explain_summary(struct rto_text *out, const struct rto_params *p,
                         const struct rto_timeline *t);
/* The report's "ended by" cell of one path: the rule the model applied,
 * with its numbers.  Returns buf. */
char *rto_explain_rule(char *buf, size_t size, const struct rto_params *p,
                       const struct rto_timeline *t);
/* The report's "doing" cell: the path table's words, and Fast Open. */
const char *rto_explain_doing(const struct rto_params *p, enum rto_path path);

/* The row an idle socket without keepalive adds to the report: it is no
 * timer path, so the path table has no row for it; it comes after
 * keepalive. */
#define RTO_IDLE_NAME "idle"
#define RTO_IDLE_DOING "idle, keepalive off"
#define RTO_IDLE_RULE "nothing: an idle socket never notices a dead peer"

/* One row of the report: a path of the path table, or the idle row. */
struct rto_report_row {
    const char *name;           /* "retrans", ..., "idle" */
    const char *doing;
    const char *count_word;     /* "retransmissions", "probes" or "" */
    const struct rto_timeline *t;
    char rule[160];             /* rto_explain_rule() */
};
#define RTO_REPORT_ROWS (RTO_PATH_COUNT + 1)
/* The report's rows in the path table's order, the idle row after
 * keepalive (its empty timeline in *idle); returns how many. */
size_t rto_report_rows(const struct rto_params *p, const struct rto_report *r,
                       struct rto_timeline *idle, struct rto_report_row *rows);

/* A kernel profile as --kernel list shows it. */
struct rto_kernel_row {
    char name[16];              /* "6.18" */
    const char *examples;       /* distributions that ship it */
    int64_t initial_rto_us;     /* TCP_TIMEOUT_INIT */
    int syn_retries;            /* the profile's defaults */
    int syn_linear_timeouts;
    const char *compare;        /* the give-up comparison: "s32 ms",
                                 * "u32 ms" or "u32 jif" */
    bool u8_sysctls;            /* retry sysctls 0..255 */
    bool tlp;
};
/* Profile i, oldest first, into *row; false past the last. */
bool rto_kernel_row(size_t i, struct rto_kernel_row *row);

/* Whether a path's count counts probes (keepalive, probe0) rather than
 * retransmissions: its count word in the path table. */
bool rto_counts_probes(enum rto_path path);

/* The unit a solution's knob is counted in ("ms", "s", or ""), from the
 * settings table. */
const char *rto_knob_unit(const char *knob);

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

/* rtocalc sockets: every socket sampled, its prediction (rc 0) or why
 * there is none (rc RTO_ENOTSUP and pred->note), and the settings it was
 * predicted at. */
struct rto_sock_row {
    const struct rto_sock *sock;
    const struct rto_sock_prediction *pred;
    int rc;
    const char *netns;      /* the network namespace it was sampled in,
                             * as the command line names it, or NULL */
    const struct rto_sock_settings *set;    /* the socket's own: its
                                             * namespace's, with the options
                                             * read from it; or NULL: the
                                             * list's */
    uint32_t absent;    /* bits 1 << field of the hidden settings whose
                         * option this kernel lacks: the namespace's
                         * value is the socket's, not an assumption */
    int64_t sampled_us; /* wall-clock time of the moment its times count
                         * from (its namespace's dump), us since the
                         * epoch; 0: the list's sampled_us */
};

struct rto_sock_list {
    const struct rto_sock_settings *set;
    const struct rto_sock_row *rows;
    size_t count;
    int64_t sampled_us;     /* wall-clock time of the sample, us since the
                             * epoch (for give_up_at) */
    int width;              /* the table's columns: RTO_NARROW, or 0 for
                             * the full layout (one line of addresses) */
    bool netns;             /* rows carry their namespace: a JSON and CSV
                             * field, a label, the table's headings */
    int64_t interval_us;    /* --watch: one record of a stream, every
                             * interval_us (JSON on one line with its
                             * sample time, CSV with a sample-time column,
                             * the table under a heading); 0: one sample */
    bool continued;         /* a later record of the stream: CSV writes
                             * no header */
};

/* Write the list as a table (80 columns), CSV, JSON or OpenMetrics text.
 * Returns 0, RTO_ENOTSUP for another format, or RTO_EIO. */
int rto_write_sockets(FILE *out, enum rto_format f,
                      const struct rto_sock_list *l,
                      const struct rto_warnings *w);

/*
 * The same writer a row at a time, for a caller that predicts and writes
 * each socket as the dump delivers it and holds none: begin with the
 * list's settings, time, width and stream flags (its rows and count
 * unused), a row for each socket, end; the bytes are rto_write_sockets()'s
 * for the same rows.  Nothing is written before the first row (or the
 * end).  OpenMetrics groups each metric over every row, so begin returns
 * RTO_ENOTSUP for it (as for a format sockets does not write): collect
 * the rows for rto_write_sockets().
 */
struct rto_sock_out {
    FILE *out;
    enum rto_format format;
    struct rto_sock_list l;     /* as begun; its count is the rows written
                                 * so far */
    struct rto_text t;          /* the table's prose, wrapped */
    const char *ns;             /* the namespace of the last heading */
    bool begun;                 /* the head is written */
    bool any_assumed;           /* a row's setting was assumed (table) */
    bool any_window;            /* a row has a window (table) */
    bool not_exact;             /* one of them is not tick-exact */
};
int rto_sock_out_begin(struct rto_sock_out *w, FILE *out, enum rto_format f,
                       const struct rto_sock_list *l);
void rto_sock_out_row(struct rto_sock_out *w, const struct rto_sock_row *r);
/* Returns 0 or RTO_EIO. */
int rto_sock_out_end(struct rto_sock_out *w, const struct rto_warnings *warn);

/* Write s as an OpenMetrics label value between its quotes: backslash,
 * double quote and line feed escaped as \\, \" and \n (OpenMetrics 1.0,
 * "Escaping"). */
void rto_om_label(FILE *out, const char *s);

#endif
