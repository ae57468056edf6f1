/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line: parsing into a struct, and running commands. */
#ifndef RTO_CLI_H
#define RTO_CLI_H

#include "rtocalc.h"
#include "format/format.h"

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
    CLI_CMD_STACKS,
    CLI_CMD_SOCKETS,
};

#define CLI_MAX_SWEEP 8
/* The rows a sweep writes without --max-rows. */
#define CLI_SWEEP_MAX_ROWS 10000000
#define CLI_MAX_OPTIONS 64
#define CLI_MAX_LONGOPTS 160

/* getopt_long() values: the CLI's own options, then setting i of the
 * model's table as OPT_SETTING + i and its --no-NAME as OPT_NO_SETTING + i. */
enum cli_option_id {
    OPT_FIN_WAIT2 = 256, OPT_EVENTS, OPT_QUICK, OPT_LIST, OPT_ONLY, OPT_JOBS, OPT_CSV,
    OPT_SYSCTL, OPT_SYSCTL_FILE, OPT_SYSTEM, OPT_FROM, OPT_PATH, OPT_TARGET, OPT_SAMPLES,
    OPT_SAMPLES_FILE, OPT_THROUGH, OPT_EMIT, OPT_COMPLETE, OPT_MAX_ROWS,
    OPT_WIDE, OPT_STACK,
    OPT_SRC, OPT_DST, OPT_SPORT, OPT_DPORT, OPT_STATE, OPT_ALL, OPT_PID,
    OPT_WATCH, OPT_COUNT, OPT_NETNS, OPT_ALL_NETNS,
    OPT_FORMAT = 'f', OPT_OUTPUT = 'o', OPT_HELP = 'h', OPT_VERSION = 'V',
    OPT_QUIET = 'q',
    OPT_SETTING = 1000,
    OPT_NO_SETTING = 2000,
};

/* The sections of --help. */
enum cli_section {
    CLI_SEC_SETTINGS,
    CLI_SEC_VERIFY,
    CLI_SEC_PLOT,
    CLI_SEC_PLANNING,
    CLI_SEC_SOCKETS,
    CLI_SEC_SOURCES,
    CLI_SEC_OUTPUT,
};

/* A command: one row of the command table (options.c). */
struct cli_command_info {
    enum cli_command id;
    const char *name;
    const char *arg;        /* an operand after the name, e.g. "KIND" */
    unsigned formats;       /* bit (1 << enum rto_format) it writes */
    const char *help;
    const char *examples[3];    /* argument lines after "rtocalc ", for
                                 * its help; NULL past the last */
};

/* An option of the CLI's own (the settings are the model's table). */
struct cli_option {
    const char *name;
    char short_name;        /* 'f', or 0 */
    const char *arg;        /* "FILE", "[INTERVAL]" for an optional value
                             * (CLI_OPTIONAL), or NULL for a flag */
    enum cli_option_id id;
    unsigned commands;      /* bit (1 << enum cli_command); 0: every one */
    enum cli_section section;
    const char *help;
};

#define CLI_BIT(x) (1u << (x))
/* Whether an option's value may be left out: its argument is written
 * "[NAME]". */
#define CLI_OPTIONAL(opt) ((opt)->arg && (opt)->arg[0] == '[')
/* The formats of --kernel list and verify --list. */
#define CLI_KERNEL_LIST_FORMATS (CLI_BIT(RTO_FMT_TABLE) | CLI_BIT(RTO_FMT_JSON))
#define CLI_VERIFY_LIST_FORMATS CLI_BIT(RTO_FMT_TABLE)

/* The tables (tables.c): every command, and one by id (the report's for
 * an unknown id); the CLI's own options.  A setting goes with the
 * commands whose paths it shapes (its row's paths). */
const struct cli_command_info *cli_commands(size_t *count);
const struct cli_command_info *cli_command_info(enum cli_command c);

/* A chart of rtocalc plot: its name and the library's chart, or
 * CLI_CHART_VERIFY for the chart of a verify run's JSON. */
#define CLI_CHART_VERIFY (-1)
#define CLI_CHART_STACKS (-2)
struct cli_plot_kind {
    const char *name;
    int chart;
};
/* Chart i, or NULL past the last. */
const struct cli_plot_kind *cli_plot_kind(size_t i);

/* --complete WHAT: the words of one list, one a line (complete.c); ctx is
 * the struct cli_opts.  Whether WHAT is a list, and the lists' names. */
int cli_complete(FILE *f, void *ctx);
bool cli_complete_known(const char *what);
void cli_complete_lists(char *buf, size_t size);
const struct cli_option *cli_options(size_t *count);

#define CLI_MAX_STRINGS 128
#define CLI_MAX_WARNINGS 8
#define CLI_WARNING_LEN 256

struct cli_opts {
    enum cli_command command;
    struct rto_params params;
    enum rto_format format;
    const char *output;     /* -o FILE, or NULL for stdout */
    bool fin_wait2;         /* orphan --fin-wait2 */
    bool events;            /* sweep --events */
    int64_t max_rows;       /* sweep --max-rows N; 0: CLI_SWEEP_MAX_ROWS,
                             * -1: none */
    bool quick;             /* verify --quick */
    bool list;              /* verify --list */
    bool verify_given;      /* verify: settings of one's own to stage */
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
    const char *complete;   /* --complete WHAT */
    struct {                /* sockets: the filters, 0/NULL = any */
        const char *src, *dst;  /* an address, as printed */
        int sport, dport;
        int state;
        int pid;            /* --pid: the owning process */
        bool all;           /* --all: healthy sockets too */
        int64_t watch_us;   /* --watch: the interval; 0: one sample */
        int64_t count;      /* --count: samples of --watch; 0: no end */
        const char *netns;  /* --netns NAME|PATH, as given */
        bool all_netns;     /* --all-netns */
    } sock;
    struct {
        const struct rto_setting *setting;
        const char *text;   /* its range: A..B, a,b,c or A..B:N */
    } sweep[CLI_MAX_SWEEP];
    int nsweep;
    bool seen[CLI_MAX_OPTIONS]; /* the CLI's options given, by index */
    bool help;
    bool quiet;                 /* -q: no notes, warnings or progress on
                                 * standard error (JSON keeps warnings) */
    bool wide;                  /* --wide: tables in full, lines unwrapped */
    bool help_command;      /* --help after a command: its own help */
    bool version;
    bool kernel_list;       /* --kernel list */
    bool kernel_seen;       /* --kernel found by the pre-scan */
    bool system_seen;       /* --system found by the pre-scan */
    bool system;            /* --system read the running kernel */
    char error[512];        /* the one-line usage error, without "rtocalc: " */
    char notes[2048];       /* notes for stderr (ignored keys, assumptions) */
    /* Warnings: printed on stderr, and in JSON output as "warnings". */
    char warnings[CLI_MAX_WARNINGS][CLI_WARNING_LEN];
    int nwarnings;

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

/* Print --help to f, with the defaults of p's profile. */
void cli_usage(FILE *f, const struct rto_params *p);
/* Print the help of o->command: its synopsis, its own options and the
 * settings of its path, with the defaults of o's profile. */
void cli_command_usage(FILE *f, const struct cli_opts *o);

/* One help entry: "  LEFT" then TEXT from column col, wrapped at 80
 * columns (left "" for a paragraph indented by col). */
void cli_help_item(FILE *f, const char *left, const char *text, int col);

/* Add a warning (printf-style, no "rtocalc: " and no newline); past
 * CLI_MAX_WARNINGS the last one says that more were dropped. */
void cli_warn(struct cli_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* What a version's profile may leave out, for a warning or a note ("newer
 * than every profile; ..."); false when the version has a profile of its
 * own and no distribution suffix. */
bool cli_kernel_warning(const struct rto_kernel_match *m, char *buf,
                        size_t size);

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

/* rtocalc sysctl: the sysctls the profile has, their values and where
 * each came from, as rows for the writers.  Returns how many (<= cap). */
size_t cli_sysctl_rows(const struct cli_opts *o, struct rto_sysctl_row *rows,
                       size_t cap);
/* Set one setting option by its long name ("retries2") from text, as on
 * the command line; then check every setting as the kernel would.  Both
 * return 0 or CLI_EXIT_USAGE with o->error set. */
int cli_set_option(struct cli_opts *o, const char *name, const char *text);
int cli_check(struct cli_opts *o);
/* A setting's value from option text (a count, a duration with the row's
 * bare unit, a choice's name) in the model's units: 0 or -1. */
int cli_setting_value(const struct rto_setting *s, const char *text,
                      int64_t *v);
/* The one message for a value outside a field's range under o's profile
 * and HZ; label names its source ("--retries2", "--sysctl ...").  Returns
 * CLI_EXIT_USAGE. */
int cli_range_error(struct cli_opts *o, const char *label, enum rto_field f,
                    const char *text);

/* The model function of a timeline by name ("retrans", "fin_wait2", ...),
 * or NULL; *path receives its path. */
typedef int (*cli_path_fn)(const struct rto_params *, struct rto_timeline *);
cli_path_fn cli_path_by_name(const char *name, enum rto_path *path);

/* sweep, solve and rto (plan.c), and --through warnings. */
int cli_sweep(const struct cli_opts *o);
int cli_solve(struct cli_opts *o);
int cli_rto(const struct cli_opts *o);
/* Warn (cli_warn) where a --through middlebox can forget the flow of
 * the command's path (each path of the report): a gap between the packets
 * it sends, at its latest, reaches the idle timeout.  Returns 0,
 * CLI_EXIT_USAGE for a bad list or CLI_EXIT_RUNTIME. */
int cli_through_warnings(struct cli_opts *o);

/* The other TCP stacks (stacks.c): whether argv asks for a stack other
 * than Linux, and that command line run whole; rtocalc stacks; the script
 * of plot stacks. */
bool cli_stack_wanted(int argc, char *const argv[]);
int cli_stack_main(int argc, char *const argv[]);
int cli_stacks(const struct cli_opts *o);
int cli_stacks_chart(FILE *out, const struct cli_opts *o);
/* For rtocalc help stacks (help.c): every stack's knobs with their own
 * names, units, ranges and defaults, from the stacks' settings table; a
 * knob's range in words. */
void cli_stack_help_knobs(FILE *f);
void cli_stack_range(const struct rto_stack_setting *s, char *buf,
                     size_t size);
/* For --complete (complete.c): every --stack value (names, NAME-VERSION,
 * aliases); the options a command line with --stack s takes (its knobs and
 * the options of every stack), or only those taking a value. */
void cli_stack_complete_names(FILE *f);
void cli_stack_complete_options(FILE *f, enum rto_stack s, bool with_value);

/* rtocalc plot KIND: render with gnuplot, or write the script. */
int cli_plot(const struct cli_opts *o);

/* rtocalc verify: exit 0 all agree, 3 a disagreement, 77 cannot run. */
int cli_verify(const struct cli_opts *o);

int cli_sockets(const struct cli_opts *o);

/* --watch (watch.c): call fn(ctx) now and at every whole multiple of
 * interval_us from now, count times (0: with no end), until fn returns
 * non-zero (returned) or SIGINT or SIGTERM comes (a clean end: 0).  The
 * two signals are blocked while fn runs, so what it writes is whole. */
typedef int (*cli_sample_fn)(void *ctx);
int cli_watch(int64_t interval_us, int64_t count, cli_sample_fn fn,
              void *ctx);
/* The terminal of --watch: the alternate screen without a cursor (on),
 * then the screen and cursor as they were (off); one frame of text drawn
 * over the last, cut to the terminal's height. */
void cli_watch_screen(FILE *f, bool on);
void cli_watch_frame(FILE *f, const char *text);

/* Run the parsed command; returns the exit code and prints errors.  The
 * warnings found while running join o's. */
int cli_run(struct cli_opts *o);

/* Print o's warnings on standard error: each once, before the command
 * writes its result. */
void cli_print_warnings(const struct cli_opts *o);

/* Write r in o's format to o's output, with o's warnings as data for the
 * writer: the one way a command's result reaches the writers.  Returns an
 * exit code. */
int cli_write(const struct cli_opts *o, struct rto_result *r);

/*
 * The one output path: every command writes through it.  fn writes the
 * content to the stream it is given and returns 0, or non-zero for a
 * failure that it has reported itself.  path NULL or "-" is standard
 * output; a path that is not a regular file (a device, a FIFO,
 * /dev/stdout) is written in place; a symbolic link is followed; a
 * regular file is replaced by a temporary file renamed over it, with its
 * mode and, where permitted, its owner, and refused when it has other
 * hard links.  Returns CLI_EXIT_OK, or CLI_EXIT_RUNTIME after printing
 * one line for a failure of the destination (none for a closed pipe), and
 * leaves no partial file behind.
 */
typedef int (*cli_write_fn)(FILE *f, void *ctx);
int cli_output(const char *path, cli_write_fn fn, void *ctx);

#endif
