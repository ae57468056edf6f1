/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Option parsing: getopt_long() into a struct cli_opts.  The long options
 * are the rows of the model's settings table (one option per setting, and
 * --no-NAME for each flag) followed by the CLI's own options (tables.c,
 * which also holds the commands).  --help is printed from the same tables
 * (help.c).  Nothing here prints or exits; errors come back as one line
 * in o->error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "live/live.h"

#define CMD(c) CLI_BIT(c)
#define FMT(f) CLI_BIT(f)

/* getopt_long()'s table: every setting (and --no-NAME of every flag),
 * then the CLI's options.  Built once per parse into caller storage. */
static void build_longopts(struct option *l)
{
    size_t n = 0, n_options;
    const struct cli_option *options = cli_options(&n_options);

    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *s = rto_setting_at(i);
        l[n++] = (struct option){ s->option,
                                  s->arg ? required_argument : no_argument,
                                  NULL, OPT_SETTING + (int)i };
        if (s->kind == RTO_KIND_FLAG)
            l[n++] = (struct option){ s->option, no_argument, NULL,
                                      OPT_NO_SETTING + (int)i };
    }
    for (size_t i = 0; i < n_options; i++)
        l[n++] = (struct option){ options[i].name,
                                  CLI_OPTIONAL(&options[i])
                                      ? optional_argument
                                  : options[i].arg ? required_argument
                                                   : no_argument,
                                  NULL, (int)options[i].id };
    l[n] = (struct option){ NULL, 0, NULL, 0 };
}

/* The --no-NAME spellings need their own storage for the name. */
static void name_negations(struct option *l, char (*names)[40])
{
    for (size_t i = 0; l[i].name; i++) {
        if (l[i].val >= OPT_NO_SETTING && l[i].val < OPT_NO_SETTING + 256) {
            snprintf(names[l[i].val - OPT_NO_SETTING], 40, "no-%s", l[i].name);
            l[i].name = names[l[i].val - OPT_NO_SETTING];
        }
    }
}

static int set_kernel(struct cli_opts *o, const char *text)
{
    size_t n;
    const int *profiles = rto_kernel_profiles(&n);
    char oldest[16], why[CLI_WARNING_LEN];
    struct rto_kernel_match m;
    int err = rto_kernel_resolve(text, &m);

    rto_kernel_name(profiles[0], oldest, sizeof(oldest));
    if (err == RTO_ENOTSUP) {
        snprintf(o->error, sizeof(o->error),
                 "--kernel: expected a version from %s on (or \"list\"), "
                 "got \"%s\"", oldest, text);
        return CLI_EXIT_USAGE;
    }
    if (err) {
        snprintf(o->error, sizeof(o->error),
                 "--kernel: expected a version such as %s, 6.18.44 or "
                 "6.1.0-57-amd64, got \"%s\"", oldest, text);
        return CLI_EXIT_USAGE;
    }
    o->params.kernel = m.profile;
    if (cli_kernel_warning(&m, why, sizeof(why)))
        cli_warn(o, "--kernel %s: %s", text, why);
    return 0;
}

static int set_format(struct cli_opts *o, const char *text)
{
    int f = rto_format_parse(text);

    if (f < 0) {
        snprintf(o->error, sizeof(o->error),
                 "--format: expected one of table, csv, json, gnuplot, "
                 "markdown, openmetrics, got \"%s\"", text);
        return CLI_EXIT_USAGE;
    }
    o->format = (enum rto_format)f;
    return 0;
}

/* Optimal string alignment distance: edits, a swap of neighbours counting
 * as one; stops counting past 3. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t d[40][40];

    if (la >= 40 || lb >= 40)
        return 99;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[la][lb];
}

/* The candidate nearest to word when it is near enough to be a typo: at
 * most 2 edits, and about a third of the word's length; else NULL. */
static const char *did_you_mean(const char *word, const char *const *cands,
                                size_t n)
{
    const char *best = NULL;
    size_t best_d = 3, len = strlen(word);

    for (size_t i = 0; i < n; i++) {
        size_t d = distance(word, cands[i]);
        if (d < best_d && d * 3 <= len + 1) {
            best = cands[i];
            best_d = d;
        }
    }
    return best;
}

static int set_command(struct cli_opts *o, const char *name)
{
    char list[256] = "";
    size_t n_commands;
    const struct cli_command_info *commands = cli_commands(&n_commands);

    for (size_t i = 0; i < n_commands; i++) {
        if (strcmp(name, commands[i].name) == 0) {
            o->command = commands[i].id;
            return 0;
        }
    }
    for (size_t i = 0; i < n_commands; i++) {
        size_t len = strlen(list);
        snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
                 cli_command_name((enum cli_command)i));
    }
    {
        size_t len = strlen(list);
        snprintf(list + len, sizeof(list) - len, ", help");
    }
    {
        const char *names[64];
        const char *near;
        size_t k = 0;

        for (size_t i = 0; i < n_commands && k < 64; i++)
            names[k++] = commands[i].name;
        near = did_you_mean(name, names, k);
        if (near) {
            snprintf(o->error, sizeof(o->error),
                     "unknown command \"%s\"; did you mean \"%s\"? "
                     "(commands: %s)", name, near, list);
            return CLI_EXIT_USAGE;
        }
    }
    snprintf(o->error, sizeof(o->error),
             "unknown command \"%s\" (commands: %s)", name, list);
    return CLI_EXIT_USAGE;
}

static int unknown_option(struct cli_opts *o, const struct option *longopts,
                          char *const argv[], int optopt_, int index)
{
    const char *arg = argv[index];

    if (optopt_ && optopt_ < 256) {
        snprintf(o->error, sizeof(o->error), "unknown option \"-%c\"",
                 optopt_);
    } else if (strncmp(arg, "--", 2) == 0) {
        /* "--retires2=5": the name alone, against every long option. */
        char name[40];
        const char *names[512], *near;
        size_t n = 0;

        snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg + 2, "="),
                 arg + 2);
        for (const struct option *l = longopts; l->name && n < 512; l++)
            names[n++] = l->name;
        near = did_you_mean(name, names, n);
        if (near)
            snprintf(o->error, sizeof(o->error),
                     "unknown option \"%s\"; did you mean \"--%s\"?", arg,
                     near);
        else
            snprintf(o->error, sizeof(o->error), "unknown option \"%s\"",
                     arg);
    } else {
        snprintf(o->error, sizeof(o->error), "unknown option \"%s\"", arg);
    }
    return CLI_EXIT_USAGE;
}

static int missing_value(struct cli_opts *o, const struct option *longopts,
                         char *const argv[], int optopt_, int index)
{
    for (const struct option *l = longopts; l->name; l++) {
        if (l->val == optopt_) {
            snprintf(o->error, sizeof(o->error), "--%s: missing value",
                     l->name);
            return CLI_EXIT_USAGE;
        }
    }
    snprintf(o->error, sizeof(o->error), "%s: missing value", argv[index]);
    return CLI_EXIT_USAGE;
}

/* Find --kernel VERSION (or --kernel=VERSION) before the other options
 * and start from that profile's defaults. */
static int prescan_kernel(int argc, char *const argv[], struct cli_opts *o)
{
    const char *v = NULL;
    bool system = false;
    int err;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--kernel") == 0 && i + 1 < argc)
            v = argv[++i];
        else if (strncmp(argv[i], "--kernel=", 9) == 0)
            v = argv[i] + 9;
        else if (strcmp(argv[i], "--system") == 0)
            system = true;
        if (v)
            o->kernel_seen = true;
        if (system)
            o->system_seen = true;
    }
    if (v && strcmp(v, "list") == 0)
        v = NULL;
    if (v) {
        if ((err = set_kernel(o, v)))
            return err;
        rto_params_default_for(&o->params, o->params.kernel);
    }
    /* --system: the running kernel's values, then the options on top. */
    if (system)
        return cli_system(o, v != NULL);
    return 0;
}

/* One setting option: a value, a flag, or (for sweep) a range kept as
 * text. */
static int setting_option(struct cli_opts *o, const struct rto_setting *s,
                          bool on, const char *arg)
{
    if (s->kind == RTO_KIND_VERSION) {
        /* Applied by prescan_kernel(); "list" asks for the table. */
        if (strcmp(arg, "list") == 0) {
            o->kernel_list = true;
            return 0;
        }
        if (o->kernel_seen)
            return 0;
        snprintf(o->error, sizeof(o->error),
                 "--kernel: write the option in full, not abbreviated (it "
                 "sets the profile's defaults before the other options)");
        return CLI_EXIT_USAGE;
    }
    if (s->kind == RTO_KIND_FLAG) {
        rto_setting_set(&o->params, s->field, on);
        o->texts[s->field] = on ? "on" : "off";
        o->labels[s->field] = NULL;
        return 0;
    }
    /* A range or a list is a sweep dimension, kept as text. */
    if (s->kind != RTO_KIND_CHOICE
        && (strstr(arg, "..") || strchr(arg, ','))
        && o->nsweep < CLI_MAX_SWEEP) {
        o->sweep[o->nsweep].setting = s;
        o->sweep[o->nsweep++].text = arg;
        return 0;
    }
    return cli_set_option(o, s->option, arg);
}

/* The bounds of --watch's interval: 100 ms, below which a sample (a
 * whole sock_diag dump) is most of the interval, and an hour. */
#define WATCH_MIN_US INT64_C(100000)
#define WATCH_MAX_US INT64_C(3600000000)
#define WATCH_DEFAULT_US INT64_C(1000000)
#define COUNT_MAX INT64_C(1000000000)

static int set_watch(struct cli_opts *o, const char *arg)
{
    int64_t v = WATCH_DEFAULT_US;

    if (arg && (cli_parse_duration(arg, 1000000, &v) || v < WATCH_MIN_US
                || v > WATCH_MAX_US)) {
        snprintf(o->error, sizeof(o->error),
                 "--watch: expected an interval 100ms..1h (bare number in "
                 "s), got \"%s\"", arg);
        return CLI_EXIT_USAGE;
    }
    o->sock.watch_us = v;
    return 0;
}

/* --netns: a name as ip-netns(8) gives one (a file of /run/netns: no
 * "/", not "." or "..") or a path with a "/"; either must exist. */
static int set_netns(struct cli_opts *o, const char *arg)
{
    char path[LIVE_NETNS_PATH];
    struct stat st;
    int n = 0;

    if (strchr(arg, '/'))
        n = snprintf(path, sizeof(path), "%s", arg);
    else if (*arg && strcmp(arg, ".") && strcmp(arg, ".."))
        n = snprintf(path, sizeof(path), "%s/%s", LIVE_NETNS_RUN, arg);
    if (n <= 0 || (size_t)n >= sizeof(path) || stat(path, &st) != 0
        || S_ISDIR(st.st_mode)) {
        snprintf(o->error, sizeof(o->error),
                 "--netns: expected a name under /run/netns or a network "
                 "namespace file such as /proc/PID/ns/net, got \"%s\"", arg);
        return CLI_EXIT_USAGE;
    }
    o->sock.netns = arg;
    return 0;
}

static int other_option(struct cli_opts *o, int c, const char *arg)
{
    int64_t v;

    switch (c) {
    case OPT_FIN_WAIT2: o->fin_wait2 = true; break;
    case OPT_EVENTS: o->events = true; break;
    case OPT_QUICK: o->quick = true; break;
    case OPT_LIST: o->list = true; break;
    case OPT_ONLY: o->only = arg; break;
    case OPT_CSV: o->csv = arg; break;
    case OPT_SYSCTL: return cli_sysctl_arg(o, arg);
    case OPT_SYSCTL_FILE: return cli_sysctl_file(o, arg);
    case OPT_SYSTEM:
        /* Applied by prescan_kernel(), which needs the full name. */
        if (!o->system_seen) {
            snprintf(o->error, sizeof(o->error),
                     "--system: write the option in full, not abbreviated "
                     "(it is read before the other options)");
            return CLI_EXIT_USAGE;
        }
        break;
    case OPT_FROM: o->from = arg; break;
    case OPT_PATH: o->path = arg; break;
    case OPT_TARGET:
        if (cli_parse_duration(arg, 1000000, &o->target_us)
            || o->target_us <= 0) {
            snprintf(o->error, sizeof(o->error),
                     "--target: expected a duration above 0 (bare number "
                     "in s), got \"%s\"", arg);
            return CLI_EXIT_USAGE;
        }
        break;
    case OPT_SAMPLES: o->samples = arg; break;
    case OPT_SAMPLES_FILE: o->samples_file = arg; break;
    case OPT_THROUGH: o->through = arg; break;
    case OPT_EMIT:
        for (size_t i = 0; rto_emit_target(i); i++)
            if (strcmp(arg, rto_emit_target(i)) == 0)
                o->emit = arg;
        if (!o->emit) {
            char list[128] = "";
            for (size_t i = 0; rto_emit_target(i); i++) {
                size_t len = strlen(list);
                snprintf(list + len, sizeof(list) - len, "%s%s",
                         i ? ", " : "", rto_emit_target(i));
            }
            snprintf(o->error, sizeof(o->error),
                     "--emit: expected one of %s, got \"%s\"", list, arg);
            return CLI_EXIT_USAGE;
        }
        break;
    case OPT_STACK: {
        /* Another stack's command line never gets here (main.c). */
        enum rto_stack s;
        int version;

        if (rto_stack_parse(arg, &s, &version) == 0
            && s == RTO_STACK_LINUX && !strchr(arg, '-'))
            break;
        snprintf(o->error, sizeof(o->error),
                 "--stack: expected linux or another stack's name; a Linux "
                 "version is --kernel's, got \"%s\"", arg);
        return CLI_EXIT_USAGE;
    }
    case OPT_COMPLETE:
        if (!cli_complete_known(arg)) {
            char list[160];
            cli_complete_lists(list, sizeof(list));
            snprintf(o->error, sizeof(o->error),
                     "--complete: expected one of %s, got \"%s\"", list,
                     arg);
            return CLI_EXIT_USAGE;
        }
        o->complete = arg;
        break;
    case OPT_SRC: o->sock.src = arg; break;
    case OPT_DST: o->sock.dst = arg; break;
    case OPT_SPORT:
    case OPT_DPORT:
        if (cli_parse_int(arg, &v) || v < 1 || v > 65535) {
            snprintf(o->error, sizeof(o->error),
                     "--%s: expected a port 1..65535, got \"%s\"",
                     c == OPT_SPORT ? "sport" : "dport", arg);
            return CLI_EXIT_USAGE;
        }
        if (c == OPT_SPORT)
            o->sock.sport = (int)v;
        else
            o->sock.dport = (int)v;
        break;
    case OPT_STATE:
        if ((o->sock.state = rto_tcp_state_parse(arg)) < 0) {
            snprintf(o->error, sizeof(o->error),
                     "--state: expected a TCP state (established, syn-sent, "
                     "fin-wait-1, fin-wait-2, time-wait, close-wait, "
                     "last-ack, closing, listen), got \"%s\"", arg);
            return CLI_EXIT_USAGE;
        }
        break;
    case OPT_ALL: o->sock.all = true; break;
    case OPT_WATCH: return set_watch(o, arg);
    case OPT_COUNT:
        if (cli_parse_int(arg, &v) || v < 1 || v > COUNT_MAX) {
            snprintf(o->error, sizeof(o->error),
                     "--count: expected a number of samples "
                     "1..1000000000, got \"%s\"", arg);
            return CLI_EXIT_USAGE;
        }
        o->sock.count = v;
        break;
    case OPT_NETNS: return set_netns(o, arg);
    case OPT_ALL_NETNS: o->sock.all_netns = true; break;
    case OPT_PID:
        if (cli_parse_int(arg, &v) || v < 1 || v > 4194304) {
            snprintf(o->error, sizeof(o->error),
                     "--pid: expected a process id 1..4194304, got \"%s\"",
                     arg);
            return CLI_EXIT_USAGE;
        }
        o->sock.pid = (int)v;
        break;
    case OPT_JOBS:
        if (cli_parse_int(arg, &v) || v < 1 || v > 64) {
            snprintf(o->error, sizeof(o->error),
                     "--jobs: expected an integer 1..64, got \"%s\"", arg);
            return CLI_EXIT_USAGE;
        }
        o->jobs = (int)v;
        break;
    case OPT_MAX_ROWS:
        if (strcmp(arg, "none") == 0) {
            o->max_rows = -1;
        } else if (cli_parse_int(arg, &v) || v < 1) {
            snprintf(o->error, sizeof(o->error),
                     "--max-rows: expected an integer 1..%lld or none, got "
                     "\"%s\"", (long long)INT64_MAX, arg);
            return CLI_EXIT_USAGE;
        } else {
            o->max_rows = v;
        }
        break;
    case OPT_FORMAT: return set_format(o, arg);
    case OPT_OUTPUT:
        if (!*arg) {
            snprintf(o->error, sizeof(o->error),
                     "--output: expected a file name, got \"\"");
            return CLI_EXIT_USAGE;
        }
        o->output = arg;
        break;
    case OPT_HELP: o->help = true; break;
    case OPT_VERSION: o->version = true; break;
    case OPT_QUIET: o->quiet = true; break;
    case OPT_WIDE: o->wide = true; break;
    default: return -1;
    }
    return 0;
}

/* "retrans" or "verify, plot" for a message. */
static void command_list(unsigned mask, char *buf, size_t size)
{
    size_t len = 0, n_commands;
    const struct cli_command_info *commands = cli_commands(&n_commands);

    *buf = '\0';
    for (size_t i = 0; i < n_commands; i++) {
        if (!(mask & CMD(commands[i].id)))
            continue;
        snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
                 commands[i].name);
        len = strlen(buf);
    }
}

/* The format is one that what is written (a command, or a listing)
 * has: "--format: solve writes table, csv, json, got "markdown"". */
static int check_format(struct cli_opts *o, const char *what, unsigned mask)
{
    char list[160] = "";

    if (mask & FMT(o->format))
        return 0;
    for (int f = RTO_FMT_TABLE; f <= RTO_FMT_OPENMETRICS; f++) {
        size_t len = strlen(list);
        if (mask & FMT(f))
            snprintf(list + len, sizeof(list) - len, "%s%s",
                     len ? ", " : "", rto_format_name((enum rto_format)f));
    }
    snprintf(o->error, sizeof(o->error), "--format: %s writes %s, got \"%s\"",
             what, list, rto_format_name(o->format));
    return CLI_EXIT_USAGE;
}

#define PB(x) RTO_PATH_BIT(RTO_PATH_##x)
#define ALL_PATHS (RTO_PATH_BIT(RTO_PATH_COUNT) - 1)

/* The paths whose timelines command c computes for o: a setting that
 * shapes none of them changes nothing the command prints.  ALL_PATHS for
 * the report, sysctl and --emit (whose snippet holds every setting); 0 for
 * what reads no setting but the kernel's and HZ (plot verify). */
static unsigned command_paths(const struct cli_opts *o, enum cli_command c)
{
    const struct rto_path_info *pi;

    switch (c) {
    case CLI_CMD_RETRANS: return o->emit ? ALL_PATHS : PB(RETRANS);
    case CLI_CMD_KEEPALIVE: return o->emit ? ALL_PATHS : PB(KEEPALIVE);
    case CLI_CMD_SYN: return o->emit ? ALL_PATHS : PB(SYN);
    case CLI_CMD_SYNACK: return o->emit ? ALL_PATHS : PB(SYNACK);
    case CLI_CMD_PROBE0: return o->emit ? ALL_PATHS : PB(PROBE0);
    case CLI_CMD_ORPHAN:
        return o->emit ? ALL_PATHS : o->fin_wait2 ? PB(FIN_WAIT2) : PB(ORPHAN);
    case CLI_CMD_SWEEP:
    case CLI_CMD_SOLVE:
        pi = rto_path_find(o->path ? o->path : "retrans");
        return pi ? RTO_PATH_BIT(pi->path) : ALL_PATHS;
    case CLI_CMD_PLOT:
        if (!o->plot_kind || strcmp(o->plot_kind, "verify") == 0)
            return 0;
        pi = rto_path_find(strcmp(o->plot_kind, "budget") == 0
                               ? "retrans" : o->plot_kind);
        return pi ? RTO_PATH_BIT(pi->path) : ALL_PATHS;
    case CLI_CMD_RTO:
        /* The estimator reads rto_min and rto_max alone: the retransmit
         * timer's own settings, not a path's. */
        return 0;
    case CLI_CMD_VERIFY:
        /* Settings of one's own make a scenario of each path they shape
         * (verify_cmd.c), or of --path alone. */
        pi = o->path ? rto_path_find(o->path) : NULL;
        return pi ? RTO_PATH_BIT(pi->path) : ALL_PATHS;
    case CLI_CMD_REPORT:
    case CLI_CMD_SYSCTL:
    default:
        return ALL_PATHS;
    }
}

/* Whether field f was named on the command line: as --NAME, a sweep range
 * or --sysctl NAME=VALUE; not when it came from --sysctl-file or
 * --system, which set every setting they hold. */
static bool named(const struct cli_opts *o, enum rto_field f)
{
    for (int i = 0; i < o->nsweep; i++)
        if (o->sweep[i].setting->field == f)
            return true;
    return o->texts[f]
           && (!o->labels[f] || strcmp(o->labels[f], "--sysctl") == 0);
}

/* A setting named for a command that does not use it: "--keepalive-time:
 * \"syn\" does not use it (it shapes keepalive)". */
static int check_settings_used(struct cli_opts *o)
{
    const struct cli_command_info *cmd = cli_command_info(o->command);
    unsigned paths = command_paths(o, o->command);
    char shapes[128], what[64], opt[64];

    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *s = rto_setting_at(i);
        size_t len = 0;

        if (!named(o, s->field) || s->paths == 0 || (s->paths & paths))
            continue;       /* not named, the kernel or HZ, or used */
        if (o->command == CLI_CMD_RTO
            && (s->field == RTO_F_RTO_MIN || s->field == RTO_F_RTO_MAX))
            continue;       /* the estimator's own bounds */
        shapes[0] = '\0';
        for (int p = 0; p < RTO_PATH_COUNT; p++) {
            if (!(s->paths & RTO_PATH_BIT(p)))
                continue;
            snprintf(shapes + len, sizeof(shapes) - len, "%s%s",
                     len ? ", " : "",
                     rto_path_info((enum rto_path)p)->command);
            len = strlen(shapes);
        }
        if (o->command == CLI_CMD_ORPHAN)
            snprintf(what, sizeof(what), "orphan%s",
                     o->fin_wait2 ? " --fin-wait2" : "");
        else if (o->command == CLI_CMD_SWEEP || o->command == CLI_CMD_SOLVE
                 || (o->command == CLI_CMD_VERIFY && o->path))
            snprintf(what, sizeof(what), "%s --path %s", cmd->name,
                     o->path ? o->path : "retrans");
        else if (o->command == CLI_CMD_PLOT)
            snprintf(what, sizeof(what), "plot %s", o->plot_kind);
        else
            snprintf(what, sizeof(what), "%s", cmd->name);
        if (o->labels[s->field])
            snprintf(opt, sizeof(opt), "--sysctl %s", s->sysctl);
        else
            snprintf(opt, sizeof(opt), "--%s", s->option);
        snprintf(o->error, sizeof(o->error),
                 "%s: \"%s\" does not use it (it shapes %s)", opt, what,
                 shapes);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* Why verify cannot stage field f in its namespaces, or NULL. */
static const char *unstaged(enum rto_field f)
{
    switch (f) {
    case RTO_F_KERNEL: return "verify models the running kernel's own profile";
    case RTO_F_HZ: return "verify reads HZ from the running kernel";
    case RTO_F_RTT:
    case RTO_F_RTO: return "verify measures the loopback RTT and RTO";
    case RTO_F_FASTOPEN: return "verify does not stage TCP Fast Open";
    default: return NULL;
    }
}

/* verify with settings of one's own: each is one verify can stage, and
 * they make scenarios of their own, not a pick of the catalogue. */
static int check_verify_settings(struct cli_opts *o)
{
    const char *given = NULL, *why;

    if (o->command != CLI_CMD_VERIFY)
        return 0;
    if (o->system) {
        snprintf(o->error, sizeof(o->error),
                 "--system: verify measures the running kernel in network "
                 "namespaces of its own, whose sysctls start at their "
                 "defaults; give the settings to stage as options");
        return CLI_EXIT_USAGE;
    }
    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *s = rto_setting_at(i);
        bool set = o->texts[s->field]
                   || (s->field == RTO_F_KERNEL && o->kernel_seen);

        if (!set)
            continue;
        if ((why = unstaged(s->field))) {
            snprintf(o->error, sizeof(o->error), "--%s: %s", s->option, why);
            return CLI_EXIT_USAGE;
        }
        if (!given)
            given = s->option;
    }
    if (!given && o->path) {
        snprintf(o->error, sizeof(o->error),
                 "--path: verify stages one path with settings of your "
                 "own; give them too (e.g. --retries2 7)");
        return CLI_EXIT_USAGE;
    }
    if (given && (o->quick || o->only || o->list)) {
        snprintf(o->error, sizeof(o->error),
                 "--%s: picks scenarios of the catalogue; with settings of "
                 "your own (--%s) verify stages those instead",
                 o->quick ? "quick" : o->only ? "only" : "list", given);
        return CLI_EXIT_USAGE;
    }
    o->verify_given = given != NULL;
    return 0;
}

/* Every option given goes with the command; the format is one it
 * writes. */
static int check_goes_with(struct cli_opts *o)
{
    const struct cli_command_info *cmd = cli_command_info(o->command);
    size_t n_options;
    const struct cli_option *options = cli_options(&n_options);
    char list[160];
    int err;

    for (size_t i = 0; i < n_options; i++) {
        unsigned mask = options[i].commands;
        if (!o->seen[i] || !mask || (mask & CMD(o->command)))
            continue;
        command_list(mask, list, sizeof(list));
        snprintf(o->error, sizeof(o->error),
                 "--%s: goes with %s, not \"%s\"", options[i].name, list,
                 cmd->name);
        return CLI_EXIT_USAGE;
    }
    if ((err = check_settings_used(o)) || (err = check_verify_settings(o)))
        return err;
    if (o->command == CLI_CMD_VERIFY && o->list)
        return check_format(o, "verify --list", CLI_VERIFY_LIST_FORMATS);
    if (o->command == CLI_CMD_REPORT && o->format == RTO_FMT_GNUPLOT) {
        snprintf(o->error, sizeof(o->error),
                 "--format: gnuplot draws one timeline (retrans, "
                 "keepalive, syn, ...), not the report; got \"%s\"",
                 rto_format_name(o->format));
        return CLI_EXIT_USAGE;
    }
    return check_format(o, cmd->name, cmd->formats);
}

/* The words after the options: the command and, for plot, its kind. */
static int operands(struct cli_opts *o, int argc, char *const argv[])
{
    int err, i = optind;

    if (i < argc && (err = set_command(o, argv[i++])))
        return err;
    if (o->command == CLI_CMD_PLOT) {
        bool ok = false;
        if (i >= argc) {
            snprintf(o->error, sizeof(o->error),
                     "plot: expected a kind: retrans, budget, keepalive, "
                     "syn or verify");
            return CLI_EXIT_USAGE;
        }
        o->plot_kind = argv[i++];
        const struct cli_plot_kind *k;
        for (size_t j = 0; (k = cli_plot_kind(j)); j++)
            ok |= strcmp(o->plot_kind, k->name) == 0;
        if (!ok) {
            snprintf(o->error, sizeof(o->error),
                     "plot: expected retrans, budget, keepalive, syn or "
                     "verify, got \"%s\"", o->plot_kind);
            return CLI_EXIT_USAGE;
        }
    }
    if (i < argc) {
        snprintf(o->error, sizeof(o->error),
                 "unexpected argument \"%s\" after the command", argv[i]);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* What each command needs beyond its options. */
static int required(struct cli_opts *o)
{
    if (o->nsweep && o->command != CLI_CMD_SWEEP) {
        /* Not a sweep: the range is simply a bad value. */
        return cli_set_option(o, o->sweep[0].setting->option,
                              o->sweep[0].text);
    }
    if (o->command == CLI_CMD_SWEEP && o->nsweep == 0) {
        snprintf(o->error, sizeof(o->error),
                 "sweep: expected at least one setting as a range (A..B, "
                 "a,b,c or A..B:N), e.g. --retries2 0..15");
        return CLI_EXIT_USAGE;
    }
    if (o->command == CLI_CMD_SOLVE && !o->target_us) {
        snprintf(o->error, sizeof(o->error),
                 "solve: --target DUR is required (e.g. --target 100s)");
        return CLI_EXIT_USAGE;
    }
    if (o->command == CLI_CMD_RTO && !o->samples && !o->samples_file) {
        snprintf(o->error, sizeof(o->error),
                 "rto: --samples LIST or --samples-file FILE|- is required");
        return CLI_EXIT_USAGE;
    }
    if (o->sock.count && !o->sock.watch_us) {
        snprintf(o->error, sizeof(o->error),
                 "--count: counts the samples of --watch; give --watch "
                 "too");
        return CLI_EXIT_USAGE;
    }
    if (o->sock.netns && o->sock.all_netns) {
        snprintf(o->error, sizeof(o->error),
                 "--netns: one namespace, or --all-netns for every one; "
                 "not both");
        return CLI_EXIT_USAGE;
    }
    if (o->command == CLI_CMD_PLOT && strcmp(o->plot_kind, "verify") == 0
        && !o->from) {
        snprintf(o->error, sizeof(o->error),
                 "plot verify: --from FILE.json (from rtocalc verify "
                 "--format json) is required");
        return CLI_EXIT_USAGE;
    }
    return 0;
}

int cli_parse(int argc, char *const argv[], struct cli_opts *o)
{
    struct option longopts[CLI_MAX_LONGOPTS];
    char negations[256][40];
    size_t n_options;
    const struct cli_option *options = cli_options(&n_options);
    int c, err;

    memset(o, 0, sizeof(*o));
    rto_params_default(&o->params);
    /* The profile decides the defaults, wherever --kernel stands. */
    if ((err = prescan_kernel(argc, argv, o)))
        return err;
    o->command = CLI_CMD_REPORT;
    o->format = RTO_FMT_TABLE;
    build_longopts(longopts);
    name_negations(longopts, negations);

    optind = 0; /* GNU: reinitialise, so tests can parse repeatedly */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:o:hVq", longopts, NULL)) != -1) {
        const char *arg = optarg;

        /* An optional value as the next argument ("--watch 2s"): taken
         * when it reads as a duration, else left for what follows. */
        if (c == OPT_WATCH && !arg && optind < argc) {
            int64_t v;

            if (cli_parse_duration(argv[optind], 1000000, &v) == 0)
                arg = argv[optind++];
        }
        if (c >= OPT_SETTING && c < OPT_SETTING + 256)
            err = setting_option(o, rto_setting_at((size_t)(c - OPT_SETTING)),
                                 true, optarg);
        else if (c >= OPT_NO_SETTING && c < OPT_NO_SETTING + 256)
            err = setting_option(o,
                                 rto_setting_at((size_t)(c - OPT_NO_SETTING)),
                                 false, optarg);
        else if (c == ':')
            err = missing_value(o, longopts, argv, optopt, optind - 1);
        else if (c == '?' || (err = other_option(o, c, arg)) < 0)
            err = unknown_option(o, longopts, argv, optopt, optind - 1);
        for (size_t i = 0; i < n_options && i < CLI_MAX_OPTIONS; i++)
            if ((int)options[i].id == c)
                o->seen[i] = true;
        if (err)
            return err;
    }
    if (!o->help && optind < argc && strcmp(argv[optind], "help") == 0) {
        /* "rtocalc help [COMMAND]": the same as --help after it. */
        o->help = true;
        if (optind + 1 < argc) {
            if ((err = set_command(o, argv[optind + 1])))
                return err;
            o->help_command = true;
        }
        return 0;
    }
    if (o->help) {
        /* "rtocalc COMMAND --help": that command's help. */
        o->help_command = optind < argc && set_command(o, argv[optind]) == 0;
        o->error[0] = '\0';
        return 0;
    }
    if (o->kernel_list && !o->version)
        return check_format(o, "--kernel list", CLI_KERNEL_LIST_FORMATS);
    if (o->version || o->complete)
        return 0;
    if ((err = operands(o, argc, argv)) || (err = required(o))
        || (err = check_goes_with(o)))
        return err;
    return cli_check(o);
}
