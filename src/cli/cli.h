/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line: parsing into a struct, and running commands. */
#ifndef RTO_CLI_H
#define RTO_CLI_H

#include "rtocalc.h"

/* Exit codes (DESIGN.md). */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_RUNTIME = 1,
    CLI_EXIT_USAGE = 2,
};

enum cli_command {
    CLI_CMD_REPORT,
    CLI_CMD_RETRANS,
    CLI_CMD_KEEPALIVE,
    CLI_CMD_SYN,
    CLI_CMD_SYNACK,
    CLI_CMD_ORPHAN,
    CLI_CMD_PROBE0,
    CLI_CMD_VERIFY,
    CLI_CMD_SYSCTL,
    CLI_CMD_PLOT,
    CLI_CMD_SWEEP,
    CLI_CMD_SOLVE,
    CLI_CMD_RTO,
};

#define CLI_MAX_SWEEP 8

#define CLI_MAX_STRINGS 128

struct cli_opts {
    enum cli_command command;
    struct rto_params params;
    enum rto_format format;
    const char *output;     /* -o FILE, or NULL for stdout */
    bool fin_wait2;         /* orphan --fin-wait2 */
    bool events;            /* sweep --events */
    bool quick;             /* verify --quick */
    bool list;              /* verify --list */
    const char *only;       /* verify --only NAME,... */
    int jobs;               /* verify --jobs N, 0 = every scenario at once */
    const char *csv;        /* verify --csv FILE: per-event CSV as well */
    const char *plot_kind;  /* plot KIND */
    const char *from;       /* plot verify --from FILE.json */
    const char *path;       /* solve/sweep --path */
    int64_t target_us;      /* solve --target */
    const char *samples;    /* rto --samples LIST */
    const char *samples_file; /* rto --samples-file FILE or - */
    const char *through;    /* --through NAME[,NAME] */
    const char *emit;       /* --emit TARGET */
    struct {
        const char *name;   /* the option, e.g. "retries2" */
        const char *text;   /* its range: A..B, a,b,c or A..B:N */
    } sweep[CLI_MAX_SWEEP];
    int nsweep;
    bool help;
    bool version;
    bool kernel_list;       /* --kernel list */
    bool kernel_seen;       /* --kernel found by the pre-scan */
    bool system_seen;       /* --system found by the pre-scan */
    bool system;            /* --system read the running kernel */
    char error[512];        /* the one-line usage error, without "rtocalc: " */
    char notes[2048];       /* notes for stderr (ignored keys, assumptions) */

    /* Where each setting came from: the text given and, for sysctl
     * sources, a label such as "--sysctl-file FILE:3: net.ipv4.X". */
    const char *texts[RTO_F_COUNT];
    const char *labels[RTO_F_COUNT];
    char strings[CLI_MAX_STRINGS][192];
    int nstrings;
};

/*
 * Parse argv into *o.  Never exits and never prints: returns 0, or
 * CLI_EXIT_USAGE with the message in o->error.  Resets getopt itself, so
 * it may be called more than once.
 */
int cli_parse(int argc, char *const argv[], struct cli_opts *o);

/* The command's name, e.g. "retrans". */
const char *cli_command_name(enum cli_command c);

/*
 * Strict number parsers.  Each returns 0, or -1 when the text is not
 * entirely a number of that kind or overflows int64_t.
 *  cli_parse_int: an optional '-' and decimal digits.
 *  cli_parse_duration: one or more NUMBER[UNIT] parts with units us, ms,
 *  s, m, h, d in decreasing order ("2h11m15s", "1.5s", "200ms"); a bare
 *  number is read in bare_unit_us; fractions must come to whole
 *  microseconds.
 */
int cli_parse_int(const char *s, int64_t *out);
int cli_parse_duration(const char *s, int64_t bare_unit_us, int64_t *out_us);

/* Print --help to f. */
void cli_usage(FILE *f);

/* Sysctl sources (sysctl.c).  Each returns 0 or CLI_EXIT_USAGE with
 * o->error set; notes go to o->notes. */
int cli_sysctl_arg(struct cli_opts *o, const char *arg);
int cli_sysctl_file(struct cli_opts *o, const char *path);
int cli_system(struct cli_opts *o, bool keep_kernel);
/* The sysctl behind a field, e.g. "tcp_retries2", or NULL. */
const char *cli_sysctl_name(enum rto_field f);
/* The running kernel's HZ from its config (system.c), for --system and
 * verify.  Returns 0 with where it came from in source ("/proc/config.gz"),
 * or -1 with the reason there ("no kernel config"). */
int cli_detect_hz(int *hz, char *source, size_t size);

/* rtocalc sysctl: the settings in force and the report they give. */
int cli_sysctl_report(const struct cli_opts *o);
/* Set one setting option by its long name ("retries2") from text, as on
 * the command line; then check every setting as the kernel would.  Both
 * return 0 or CLI_EXIT_USAGE with o->error set. */
int cli_set_option(struct cli_opts *o, const char *name, const char *text);
int cli_check(struct cli_opts *o);

/* The model function of a timeline by name ("retrans", "fin_wait2", ...),
 * or NULL; *path receives its path. */
typedef int (*cli_path_fn)(const struct rto_params *, struct rto_timeline *);
cli_path_fn cli_path_by_name(const char *name, enum rto_path *path);

/* sweep, solve and rto (plan.c), and --through warnings. */
int cli_sweep(const struct cli_opts *o);
int cli_solve(const struct cli_opts *o);
int cli_rto(const struct cli_opts *o);
/* Warn on stderr where a middlebox forgets the flow before the first
 * keepalive probe.  Returns 0 or CLI_EXIT_USAGE for an unknown name. */
int cli_through_warnings(const struct cli_opts *o);

/* rtocalc plot KIND: render with gnuplot, or write the script. */
int cli_plot(const struct cli_opts *o);

/* --kernel list: the profiles and the changes they switch. */
int cli_kernel_list(FILE *out);

/* rtocalc verify: exit 0 all agree, 3 a disagreement, 77 cannot run. */
int cli_verify(const struct cli_opts *o);

/* Run the parsed command; returns the exit code and prints errors. */
int cli_run(const struct cli_opts *o);

/*
 * Write through a temporary file next to path and rename it into place on
 * success (atomic -o).  write_fn writes the content to the stream and
 * returns 0 or a negative rto_error.  Returns 0, or -1 with errno set and a
 * message in err.
 */
typedef int (*cli_write_fn)(FILE *f, void *ctx);
int cli_write_atomic(const char *path, cli_write_fn fn, void *ctx,
                     char *err, size_t errsize);

#endif
