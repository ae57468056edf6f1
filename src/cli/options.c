/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Option parsing: getopt_long() into a struct cli_opts.  Nothing here
 * prints or exits; errors come back as one line in o->error.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define US_MS INT64_C(1000)
#define US_S INT64_C(1000000)

enum kind { K_INT, K_DUR, K_FLAG_ON, K_FLAG_OFF, K_OTHER };

enum opt_id {
    O_RETRIES1 = 256, O_RETRIES2, O_USER_TIMEOUT, O_RTT, O_RTO, O_RTO_MIN,
    O_RTO_MAX, O_HZ, O_KERNEL, O_TLP, O_NO_TLP, O_THIN, O_NO_THIN, O_CC,
    O_KA_TIME, O_KA_INTVL, O_KA_PROBES, O_SYN_RETRIES, O_SYN_LINEAR,
    O_SYNACK_RETRIES, O_ORPHAN_RETRIES, O_FIN_TIMEOUT, O_FASTOPEN,
    O_FIN_WAIT2, O_EVENTS, O_QUICK, O_LIST, O_ONLY, O_JOBS, O_CSV, O_SYSCTL,
    O_SYSCTL_FILE, O_SYSTEM, O_FROM, O_PATH, O_TARGET, O_SAMPLES,
    O_SAMPLES_FILE, O_THROUGH, O_EMIT,
    O_FORMAT = 'f', O_OUTPUT = 'o', O_HELP = 'h', O_VERSION = 'V',
};

/* What each setting option sets, and how its value reads. */
struct opt_info {
    int id;
    const char *name;
    enum kind kind;
    enum rto_field field;
    int64_t bare_unit_us;   /* durations: the unit of a bare number */
};

static const struct opt_info infos[] = {
    { O_RETRIES1, "retries1", K_INT, RTO_F_RETRIES1, 0 },
    { O_RETRIES2, "retries2", K_INT, RTO_F_RETRIES2, 0 },
    { O_USER_TIMEOUT, "user-timeout", K_DUR, RTO_F_USER_TIMEOUT, US_MS },
    { O_RTT, "rtt", K_DUR, RTO_F_RTT, US_MS },
    { O_RTO, "rto", K_DUR, RTO_F_RTO, US_MS },
    { O_RTO_MIN, "rto-min", K_DUR, RTO_F_RTO_MIN, 1 },
    { O_RTO_MAX, "rto-max", K_DUR, RTO_F_RTO_MAX, US_MS },
    { O_HZ, "hz", K_INT, RTO_F_HZ, 0 },
    { O_KA_TIME, "keepalive-time", K_DUR, RTO_F_KEEPALIVE_TIME, US_S },
    { O_KA_INTVL, "keepalive-intvl", K_DUR, RTO_F_KEEPALIVE_INTVL, US_S },
    { O_KA_PROBES, "keepalive-probes", K_INT, RTO_F_KEEPALIVE_PROBES, 0 },
    { O_SYN_RETRIES, "syn-retries", K_INT, RTO_F_SYN_RETRIES, 0 },
    { O_SYN_LINEAR, "syn-linear-timeouts", K_INT, RTO_F_SYN_LINEAR_TIMEOUTS,
      0 },
    { O_SYNACK_RETRIES, "synack-retries", K_INT, RTO_F_SYNACK_RETRIES, 0 },
    { O_ORPHAN_RETRIES, "orphan-retries", K_INT, RTO_F_ORPHAN_RETRIES, 0 },
    { O_FIN_TIMEOUT, "fin-timeout", K_DUR, RTO_F_FIN_TIMEOUT, US_S },
};

static const struct option longopts[] = {
    { "retries1", required_argument, NULL, O_RETRIES1 },
    { "retries2", required_argument, NULL, O_RETRIES2 },
    { "user-timeout", required_argument, NULL, O_USER_TIMEOUT },
    { "rtt", required_argument, NULL, O_RTT },
    { "rto", required_argument, NULL, O_RTO },
    { "rto-min", required_argument, NULL, O_RTO_MIN },
    { "rto-max", required_argument, NULL, O_RTO_MAX },
    { "hz", required_argument, NULL, O_HZ },
    { "kernel", required_argument, NULL, O_KERNEL },
    { "tlp", no_argument, NULL, O_TLP },
    { "no-tlp", no_argument, NULL, O_NO_TLP },
    { "thin", no_argument, NULL, O_THIN },
    { "no-thin", no_argument, NULL, O_NO_THIN },
    { "cc", required_argument, NULL, O_CC },
    { "keepalive-time", required_argument, NULL, O_KA_TIME },
    { "keepalive-intvl", required_argument, NULL, O_KA_INTVL },
    { "keepalive-probes", required_argument, NULL, O_KA_PROBES },
    { "syn-retries", required_argument, NULL, O_SYN_RETRIES },
    { "syn-linear-timeouts", required_argument, NULL, O_SYN_LINEAR },
    { "synack-retries", required_argument, NULL, O_SYNACK_RETRIES },
    { "orphan-retries", required_argument, NULL, O_ORPHAN_RETRIES },
    { "fin-timeout", required_argument, NULL, O_FIN_TIMEOUT },
    { "fastopen", no_argument, NULL, O_FASTOPEN },
    { "fin-wait2", no_argument, NULL, O_FIN_WAIT2 },
    { "events", no_argument, NULL, O_EVENTS },
    { "quick", no_argument, NULL, O_QUICK },
    { "list", no_argument, NULL, O_LIST },
    { "only", required_argument, NULL, O_ONLY },
    { "jobs", required_argument, NULL, O_JOBS },
    { "csv", required_argument, NULL, O_CSV },
    { "sysctl", required_argument, NULL, O_SYSCTL },
    { "sysctl-file", required_argument, NULL, O_SYSCTL_FILE },
    { "system", no_argument, NULL, O_SYSTEM },
    { "from", required_argument, NULL, O_FROM },
    { "path", required_argument, NULL, O_PATH },
    { "target", required_argument, NULL, O_TARGET },
    { "samples", required_argument, NULL, O_SAMPLES },
    { "samples-file", required_argument, NULL, O_SAMPLES_FILE },
    { "through", required_argument, NULL, O_THROUGH },
    { "emit", required_argument, NULL, O_EMIT },
    { "format", required_argument, NULL, O_FORMAT },
    { "output", required_argument, NULL, O_OUTPUT },
    { "help", no_argument, NULL, O_HELP },
    { "version", no_argument, NULL, O_VERSION },
    { NULL, 0, NULL, 0 },
};

static const char *const command_names[] = {
    [CLI_CMD_REPORT] = "report",
    [CLI_CMD_RETRANS] = "retrans",
    [CLI_CMD_KEEPALIVE] = "keepalive",
    [CLI_CMD_SYN] = "syn",
    [CLI_CMD_SYNACK] = "synack",
    [CLI_CMD_ORPHAN] = "orphan",
    [CLI_CMD_PROBE0] = "probe0",
    [CLI_CMD_VERIFY] = "verify",
    [CLI_CMD_SYSCTL] = "sysctl",
    [CLI_CMD_PLOT] = "plot",
    [CLI_CMD_SWEEP] = "sweep",
    [CLI_CMD_SOLVE] = "solve",
    [CLI_CMD_RTO] = "rto",
};

const char *cli_command_name(enum cli_command c)
{
    return command_names[c];
}

static const struct opt_info *info_by_id(int id)
{
    for (size_t i = 0; i < sizeof(infos) / sizeof(infos[0]); i++)
        if (infos[i].id == id)
            return &infos[i];
    return NULL;
}

static const struct opt_info *info_by_field(enum rto_field f)
{
    for (size_t i = 0; i < sizeof(infos) / sizeof(infos[0]); i++)
        if (infos[i].field == f)
            return &infos[i];
    return NULL;
}

static int64_t *dur_field(struct rto_params *p, enum rto_field f)
{
    switch (f) {
    case RTO_F_USER_TIMEOUT: return &p->user_timeout_us;
    case RTO_F_RTT: return &p->rtt_us;
    case RTO_F_RTO: return &p->rto_us;
    case RTO_F_RTO_MIN: return &p->rto_min_us;
    case RTO_F_RTO_MAX: return &p->rto_max_us;
    case RTO_F_KEEPALIVE_TIME: return &p->keepalive_time_us;
    case RTO_F_KEEPALIVE_INTVL: return &p->keepalive_intvl_us;
    case RTO_F_FIN_TIMEOUT: return &p->fin_timeout_us;
    default: return NULL;
    }
}

static int *int_field(struct rto_params *p, enum rto_field f)
{
    switch (f) {
    case RTO_F_RETRIES1: return &p->retries1;
    case RTO_F_RETRIES2: return &p->retries2;
    case RTO_F_HZ: return &p->hz;
    case RTO_F_KEEPALIVE_PROBES: return &p->keepalive_probes;
    case RTO_F_SYN_RETRIES: return &p->syn_retries;
    case RTO_F_SYN_LINEAR_TIMEOUTS: return &p->syn_linear_timeouts;
    case RTO_F_SYNACK_RETRIES: return &p->synack_retries;
    case RTO_F_ORPHAN_RETRIES: return &p->orphan_retries;
    default: return NULL;
    }
}

/*
 * The accepted range of a field, from the one place that knows it:
 * rto_params_validate() on a copy with that field made invalid.
 */
static void range_of(const struct rto_params *p, enum rto_field f,
                     struct rto_invalid *bad)
{
    struct rto_params q = *p;
    int *ip = int_field(&q, f);
    int64_t *dp = dur_field(&q, f);

    if (ip)
        *ip = -1;
    if (dp)
        *dp = -1;
    if (rto_params_validate(&q, bad) != RTO_EINVAL || bad->field != f) {
        /* Another field is already bad; fall back to what this one is. */
        bad->field = f;
        bad->min = 0;
        bad->max = INT64_MAX;
        bad->unit = "";
        bad->why = "";
    }
}

static void format_range(const struct rto_invalid *bad, char *buf,
                         size_t size)
{
    char a[32], b[32];

    if (strcmp(bad->unit, "us") == 0)
        snprintf(buf, size, "%s..%s",
                 rto_fmt_duration(bad->min, a, sizeof(a)),
                 rto_fmt_duration(bad->max, b, sizeof(b)));
    else
        snprintf(buf, size, "%" PRId64 "..%" PRId64 "%s%s", bad->min,
                 bad->max, *bad->unit ? " " : "", bad->unit);
}

/* A value outside the kernel's range; label names where it came from. */
static int range_error(struct cli_opts *o, const char *label,
                       enum rto_field field, bool integer, const char *text,
                       const struct rto_invalid *known)
{
    struct rto_invalid bad;
    char range[96];

    if (known)
        bad = *known;
    else
        range_of(&o->params, field, &bad);
    if (bad.min == bad.max) {
        /* The knob does not exist in this profile. */
        snprintf(o->error, sizeof(o->error), "%s: %s, got \"%s\"", label,
                 bad.why, text);
        return CLI_EXIT_USAGE;
    }
    format_range(&bad, range, sizeof(range));
    snprintf(o->error, sizeof(o->error), "%s: expected %s %s%s%s%s, got "
             "\"%s\"", label, integer ? "an integer" : "a duration", range,
             *bad.why ? " (" : "", bad.why, *bad.why ? ")" : "", text);
    return CLI_EXIT_USAGE;
}

static int usage_error(struct cli_opts *o, const struct opt_info *info,
                       const char *text)
{
    char label[48];

    if (info->field == RTO_F_HZ) {
        snprintf(o->error, sizeof(o->error),
                 "--hz: expected 100, 250, 300 or 1000 (CONFIG_HZ), got "
                 "\"%s\"", text);
        return CLI_EXIT_USAGE;
    }
    snprintf(label, sizeof(label), "--%s", info->name);
    return range_error(o, label, info->field, info->kind == K_INT, text,
                       NULL);
}

/* The same for a value that parsed but that the kernel refuses. */
static int refused(struct cli_opts *o, const struct opt_info *info,
                   const char *text, const struct rto_invalid *bad)
{
    char label[48];

    if (info->field == RTO_F_HZ)
        return usage_error(o, info, text);
    snprintf(label, sizeof(label), "--%s", info->name);
    return range_error(o, label, info->field, info->kind == K_INT, text, bad);
}

static int set_value(struct cli_opts *o, const struct opt_info *info,
                     const char *text)
{
    int64_t v;

    if (info->kind == K_INT) {
        int *ip = int_field(&o->params, info->field);
        if (cli_parse_int(text, &v) || v < INT32_MIN || v > INT32_MAX)
            return usage_error(o, info, text);
        *ip = (int)v;
    } else {
        int64_t *dp = dur_field(&o->params, info->field);
        if (cli_parse_duration(text, info->bare_unit_us, &v))
            return usage_error(o, info, text);
        *dp = v;
    }
    return 0;
}

static int set_kernel(struct cli_opts *o, const char *text)
{
    size_t n;
    const int *profiles = rto_kernel_profiles(&n);
    char oldest[16];
    int err = rto_kernel_parse(text, &o->params.kernel);

    rto_kernel_name(profiles[0], oldest, sizeof(oldest));
    if (err == RTO_ENOTSUP) {
        snprintf(o->error, sizeof(o->error),
                 "--kernel: expected a version from %s on (or \"list\"), "
                 "got \"%s\"", oldest, text);
        return CLI_EXIT_USAGE;
    }
    if (err) {
        snprintf(o->error, sizeof(o->error),
                 "--kernel: expected a version such as %s, got \"%s\"",
                 oldest, text);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

static int set_cc(struct cli_opts *o, const char *text)
{
    if (strcmp(text, "reno") == 0)
        o->params.cc = RTO_CC_RENO;
    else if (strcmp(text, "cubic") == 0)
        o->params.cc = RTO_CC_CUBIC;
    else if (strcmp(text, "bbr") == 0)
        o->params.cc = RTO_CC_BBR;
    else {
        snprintf(o->error, sizeof(o->error),
                 "--cc: expected one of reno, cubic, bbr, got \"%s\"", text);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

static int set_format(struct cli_opts *o, const char *text)
{
    int f = rto_format_parse(text);

    if (f < 0) {
        snprintf(o->error, sizeof(o->error),
                 "--format: expected one of table, csv, json, gnuplot, "
                 "markdown, got \"%s\"", text);
        return CLI_EXIT_USAGE;
    }
    o->format = (enum rto_format)f;
    return 0;
}

static int set_command(struct cli_opts *o, const char *name)
{
    for (size_t i = 0; i < sizeof(command_names) / sizeof(command_names[0]);
         i++) {
        if (strcmp(name, command_names[i]) == 0) {
            o->command = (enum cli_command)i;
            return 0;
        }
    }
    snprintf(o->error, sizeof(o->error),
             "unknown command \"%s\" (commands: report, retrans, "
             "keepalive, syn, synack, orphan, probe0, verify, sysctl, "
             "plot, sweep, solve, rto)",
             name);
    return CLI_EXIT_USAGE;
}

static int unknown_option(struct cli_opts *o, char *const argv[], int optopt_,
                          int index)
{
    if (optopt_ && optopt_ < 256)
        snprintf(o->error, sizeof(o->error), "unknown option \"-%c\"",
                 optopt_);
    else
        snprintf(o->error, sizeof(o->error), "unknown option \"%s\"",
                 argv[index]);
    return CLI_EXIT_USAGE;
}

static int missing_value(struct cli_opts *o, char *const argv[], int optopt_,
                         int index)
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

/* After every option: the kernel's ranges, with the option named. */
static int validate(struct cli_opts *o)
{
    struct rto_invalid bad;
    const struct opt_info *info;

    if (rto_params_validate(&o->params, &bad) == RTO_OK)
        return 0;
    info = info_by_field(bad.field);
    if (o->labels[bad.field] && o->texts[bad.field]) {
        char label[256];
        snprintf(label, sizeof(label), "%s%s%s", o->labels[bad.field],
                 strncmp(o->labels[bad.field], "--sysctl", 8) == 0
                         && !strchr(o->labels[bad.field], ':')
                     ? " net.ipv4." : "",
                 strncmp(o->labels[bad.field], "--sysctl", 8) == 0
                         && !strchr(o->labels[bad.field], ':')
                     ? rto_field_knob(bad.field) : "");
        return range_error(o, label, bad.field, true, o->texts[bad.field],
                           &bad);
    }
    if (info && o->texts[bad.field])
        return refused(o, info, o->texts[bad.field], &bad);
    if (bad.field == RTO_F_TLP || bad.field == RTO_F_THIN) {
        snprintf(o->error, sizeof(o->error), "%s: %s",
                 bad.field == RTO_F_TLP ? "--tlp" : "--thin", bad.why);
        return CLI_EXIT_USAGE;
    }
    snprintf(o->error, sizeof(o->error), "%s: %s (%s)",
             rto_field_knob(bad.field), "outside the kernel's range",
             bad.why);
    return CLI_EXIT_USAGE;
}

int cli_set_option(struct cli_opts *o, const char *name, const char *text)
{
    for (size_t i = 0; i < sizeof(infos) / sizeof(infos[0]); i++) {
        if (strcmp(infos[i].name, name) == 0) {
            o->texts[infos[i].field] = text;
            o->labels[infos[i].field] = NULL;
            return set_value(o, &infos[i], text);
        }
    }
    snprintf(o->error, sizeof(o->error), "--%s: not a setting", name);
    return CLI_EXIT_USAGE;
}

int cli_check(struct cli_opts *o)
{
    return validate(o);
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

int cli_parse(int argc, char *const argv[], struct cli_opts *o)
{
    int c, err;

    memset(o, 0, sizeof(*o));
    rto_params_default(&o->params);
    /* The profile decides the defaults, wherever --kernel stands. */
    if ((err = prescan_kernel(argc, argv, o)))
        return err;
    o->command = CLI_CMD_REPORT;
    o->format = RTO_FMT_TABLE;

    optind = 0; /* GNU: reinitialise, so tests can parse repeatedly */
    opterr = 0;
    for (;;) {
        c = getopt_long(argc, argv, ":f:o:hV", longopts, NULL);
        if (c == -1)
            break;
        err = 0;
        switch (c) {
        case O_KERNEL:
            /* Applied by prescan_kernel(); "list" asks for the table. */
            if (strcmp(optarg, "list") == 0)
                o->kernel_list = true;
            else if (!o->kernel_seen) {
                snprintf(o->error, sizeof(o->error),
                         "--kernel: write the option in full, not "
                         "abbreviated (it sets the profile's defaults "
                         "before the other options)");
                err = CLI_EXIT_USAGE;
            }
            break;
        case O_TLP: o->params.tlp = true; break;
        case O_NO_TLP: o->params.tlp = false; break;
        case O_THIN: o->params.thin = true; break;
        case O_NO_THIN: o->params.thin = false; break;
        case O_FASTOPEN: o->params.fastopen = true; break;
        case O_FIN_WAIT2: o->fin_wait2 = true; break;
        case O_EVENTS: o->events = true; break;
        case O_QUICK: o->quick = true; break;
        case O_LIST: o->list = true; break;
        case O_ONLY: o->only = optarg; break;
        case O_CSV: o->csv = optarg; break;
        case O_SYSCTL: err = cli_sysctl_arg(o, optarg); break;
        case O_SYSCTL_FILE: err = cli_sysctl_file(o, optarg); break;
        case O_SYSTEM:
            /* Applied by prescan_kernel(), which needs the full name. */
            if (!o->system_seen) {
                snprintf(o->error, sizeof(o->error),
                         "--system: write the option in full, not "
                         "abbreviated (it is read before the other "
                         "options)");
                err = CLI_EXIT_USAGE;
            }
            break;
        case O_FROM: o->from = optarg; break;
        case O_PATH: o->path = optarg; break;
        case O_TARGET:
            if (cli_parse_duration(optarg, 1000000, &o->target_us)
                || o->target_us <= 0) {
                snprintf(o->error, sizeof(o->error),
                         "--target: expected a duration above 0 (bare "
                         "number in s), got \"%s\"", optarg);
                err = CLI_EXIT_USAGE;
            }
            break;
        case O_SAMPLES: o->samples = optarg; break;
        case O_SAMPLES_FILE: o->samples_file = optarg; break;
        case O_THROUGH: o->through = optarg; break;
        case O_EMIT: o->emit = optarg; break;
        case O_JOBS: {
            int64_t v;
            if (cli_parse_int(optarg, &v) || v < 1 || v > 64) {
                snprintf(o->error, sizeof(o->error),
                         "--jobs: expected an integer 1..64, got \"%s\"",
                         optarg);
                err = CLI_EXIT_USAGE;
            } else {
                o->jobs = (int)v;
            }
            break;
        }
        case O_CC: err = set_cc(o, optarg); break;
        case O_FORMAT: err = set_format(o, optarg); break;
        case O_OUTPUT:
            if (!*optarg) {
                snprintf(o->error, sizeof(o->error),
                         "--output: expected a file name, got \"\"");
                err = CLI_EXIT_USAGE;
            }
            o->output = optarg;
            break;
        case O_HELP: o->help = true; break;
        case O_VERSION: o->version = true; break;
        case ':': err = missing_value(o, argv, optopt, optind - 1); break;
        case '?': err = unknown_option(o, argv, optopt, optind - 1); break;
        default: {
            const struct opt_info *info = info_by_id(c);
            if (!info) {
                err = unknown_option(o, argv, optopt, optind - 1);
                break;
            }
            /* A range or a list is a sweep dimension, kept as text. */
            if ((strstr(optarg, "..") || strchr(optarg, ','))
                && o->nsweep < CLI_MAX_SWEEP) {
                o->sweep[o->nsweep].name = info->name;
                o->sweep[o->nsweep++].text = optarg;
                break;
            }
            o->texts[info->field] = optarg;
            o->labels[info->field] = NULL;
            err = set_value(o, info, optarg);
            break;
        }
        }
        if (err)
            return err;
    }
    if (o->help || o->version || o->kernel_list)
        return 0;
    if (optind < argc && (err = set_command(o, argv[optind])))
        return err;
    if (o->nsweep && o->command != CLI_CMD_SWEEP) {
        /* Not a sweep: the range is simply a bad value. */
        /* The name came from infos[], so the lookup cannot fail. */
        return cli_set_option(o, o->sweep[0].name, o->sweep[0].text);
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
    if (o->command == CLI_CMD_PLOT) {
        static const char *const kinds[] = { "retrans", "budget",
                                             "keepalive", "syn", "verify" };
        bool ok = false;
        if (optind + 1 >= argc) {
            snprintf(o->error, sizeof(o->error),
                     "plot: expected a kind: retrans, budget, keepalive, "
                     "syn or verify");
            return CLI_EXIT_USAGE;
        }
        o->plot_kind = argv[optind + 1];
        for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
            ok |= strcmp(o->plot_kind, kinds[i]) == 0;
        if (!ok) {
            snprintf(o->error, sizeof(o->error),
                     "plot: expected retrans, budget, keepalive, syn or "
                     "verify, got \"%s\"", o->plot_kind);
            return CLI_EXIT_USAGE;
        }
        if (strcmp(o->plot_kind, "verify") == 0 && !o->from) {
            snprintf(o->error, sizeof(o->error),
                     "plot verify: --from FILE.json (from rtocalc verify "
                     "--format json) is required");
            return CLI_EXIT_USAGE;
        }
        optind++;
    } else if (o->from) {
        snprintf(o->error, sizeof(o->error),
                 "--from: goes with plot verify, not \"%s\"",
                 cli_command_name(o->command));
        return CLI_EXIT_USAGE;
    }
    if (optind + 1 < argc) {
        snprintf(o->error, sizeof(o->error),
                 "unexpected argument \"%s\" after the command",
                 argv[optind + 1]);
        return CLI_EXIT_USAGE;
    }
    if (o->format == RTO_FMT_GNUPLOT && o->command == CLI_CMD_REPORT) {
        snprintf(o->error, sizeof(o->error),
                 "--format: gnuplot draws one timeline (retrans, keepalive, "
                 "syn, ...), not the report; got \"gnuplot\"");
        return CLI_EXIT_USAGE;
    }
    if ((o->quick || o->list || o->only || o->jobs || o->csv)
        && o->command != CLI_CMD_VERIFY) {
        snprintf(o->error, sizeof(o->error),
                 "--quick, --list, --only, --jobs and --csv go with verify, "
                 "not \"%s\"", cli_command_name(o->command));
        return CLI_EXIT_USAGE;
    }
    if (o->command == CLI_CMD_VERIFY && o->format != RTO_FMT_TABLE
        && o->format != RTO_FMT_JSON && o->format != RTO_FMT_CSV) {
        snprintf(o->error, sizeof(o->error),
                 "--format: verify writes table, json or csv, got \"%s\"",
                 rto_format_name(o->format));
        return CLI_EXIT_USAGE;
    }
    if (o->fin_wait2 && o->command != CLI_CMD_ORPHAN) {
        snprintf(o->error, sizeof(o->error),
                 "--fin-wait2: goes with the orphan command, not \"%s\"",
                 cli_command_name(o->command));
        return CLI_EXIT_USAGE;
    }
    if (o->events && o->command != CLI_CMD_SWEEP) {
        snprintf(o->error, sizeof(o->error),
                 "--events: goes with the sweep command, not \"%s\"",
                 cli_command_name(o->command));
        return CLI_EXIT_USAGE;
    }
    if (o->params.fastopen && o->command != CLI_CMD_SYNACK
        && o->command != CLI_CMD_REPORT) {
        snprintf(o->error, sizeof(o->error),
                 "--fastopen: goes with synack or report, not \"%s\"",
                 cli_command_name(o->command));
        return CLI_EXIT_USAGE;
    }
    return validate(o);
}

void cli_usage(FILE *f)
{
    fputs(
"Usage: rtocalc [COMMAND] [OPTION]...\n"
"When does Linux give up on a TCP connection whose peer vanished, and what\n"
"happens on the wire until then?  A model of the kernel's own timers.\n"
"\n"
"Commands:\n"
"  report      every path at these settings, one line each (the default)\n"
"  retrans     sending data: TLP, RTO retransmissions, tcp_retries2 or\n"
"              TCP_USER_TIMEOUT give-up; time zero is the original send\n"
"  keepalive   idle with SO_KEEPALIVE: probes, RST; time zero is the last\n"
"              segment received\n"
"  syn         connect() to a peer that never answers: SYN retransmissions;\n"
"              time zero is the first SYN\n"
"  synack      a listener's request socket whose client vanished: SYN-ACK\n"
"              retransmissions; time zero is the first SYN-ACK\n"
"  orphan      closed with data or FIN unacknowledged (FIN_WAIT1); with\n"
"              --fin-wait2, closed and waiting for the peer's FIN\n"
"  probe0      zero window with data queued: window probes; time zero is\n"
"              the arming of the probe timer\n"
"  verify      measure the running kernel in private network namespaces\n"
"              (root) and compare every event with the model\n"
"  sysctl      the settings in force, where each came from, and the\n"
"              give-up time of every path they give\n"
"  sweep       every combination of settings given as ranges (A..B,\n"
"              a,b,c or A..B:N geometric), one row each, streamed\n"
"  solve       the settings that give up within --target DUR on --path\n"
"              retrans, keepalive, syn or orphan\n"
"  rto         the kernel's RTT estimator step by step beside RFC 6298,\n"
"              from --samples LIST or --samples-file FILE|-\n"
"  plot KIND   a chart: retrans, budget, keepalive, syn, or verify --from\n"
"              FILE.json; -o FILE.svg|.png renders with gnuplot, -o\n"
"              FILE.gp (or no -o) writes the gnuplot script\n"
"\n"
"Settings (defaults: Linux 6.18 in a fresh network namespace):\n"
"  --kernel VERSION        kernel profile (default 6.18); a version uses the\n"
"                          nearest older profile; --kernel list shows them\n"
"  --hz N                  CONFIG_HZ: 100, 250, 300 or 1000 (default 1000)\n"
"  --retries1 N            tcp_retries1, 0..255 (default 3)\n"
"  --retries2 N            tcp_retries2, 0..255 (default 15)\n"
"  --user-timeout DUR      TCP_USER_TIMEOUT, whole ms, 0 = off; bare number\n"
"                          in ms (default 0)\n"
"  --rtt DUR               path round-trip time; the initial RTO follows\n"
"                          from it as in the kernel; bare number in ms\n"
"                          (default 100us)\n"
"  --rto DUR               initial RTO given directly, overrides --rtt;\n"
"                          bare number in ms\n"
"  --rto-min DUR           tcp_rto_min_us / route rto_min; bare number in us\n"
"                          (default 200ms)\n"
"  --rto-max DUR           tcp_rto_max_ms / TCP_RTO_MAX_MS, 1s..120s; bare\n"
"                          number in ms (default 120s)\n"
"  --tlp, --no-tlp         tail loss probe before the first RTO (default on)\n"
"  --thin, --no-thin       thin-stream linear timeouts (default off)\n"
"  --cc NAME               congestion control: reno, cubic, bbr (default\n"
"                          cubic; thin streams never engage under bbr)\n"
"  --keepalive-time DUR    tcp_keepalive_time / TCP_KEEPIDLE, whole s; bare\n"
"                          number in s (default 7200s)\n"
"  --keepalive-intvl DUR   tcp_keepalive_intvl / TCP_KEEPINTVL, whole s;\n"
"                          bare number in s (default 75s)\n"
"  --keepalive-probes N    tcp_keepalive_probes / TCP_KEEPCNT, 0..255\n"
"                          (default 9)\n"
"  --syn-retries N         tcp_syn_retries / TCP_SYNCNT, 1..127 (default 6)\n"
"  --syn-linear-timeouts N tcp_syn_linear_timeouts, 0..127 (default 4)\n"
"  --synack-retries N      tcp_synack_retries, 0..255 (default 5)\n"
"  --fastopen              synack: a TCP Fast Open child (one retry more)\n"
"  --orphan-retries N      tcp_orphan_retries, 0..255; 0 means 8 while the\n"
"                          RTO is below rto_max (default 0)\n"
"  --fin-timeout DUR       tcp_fin_timeout / TCP_LINGER2, whole s; bare\n"
"                          number in s (default 60s)\n"
"  --fin-wait2             orphan: the FIN_WAIT2 timer instead of\n"
"                          retransmissions\n"
"\n"
"verify:\n"
"  --quick                 a subset that runs in under 30 s\n"
"  --list                  list the scenarios and exit\n"
"  --only NAME,...         run only these scenarios\n"
"  --jobs N                scenarios at once, 1..64 (default: all of\n"
"                          them; they mostly wait for kernel timers)\n"
"  --csv FILE              also write every measured event as CSV\n"
"\n"
"plot:\n"
"  --from FILE             plot verify: the JSON of rtocalc verify\n"
"\n"
"Planning:\n"
"  --target DUR            solve: the give-up time to stay within (bare s)\n"
"  --path PATH             solve: retrans, keepalive, syn or orphan; sweep:\n"
"                          any timeline (default retrans)\n"
"  --events                sweep: a row per event of every scenario\n"
"                          instead of a row per scenario\n"
"  --samples LIST          rto: RTT samples, e.g. 10ms,12ms,50ms (bare ms)\n"
"  --samples-file FILE     rto: samples from FILE or - (stdin), one or more\n"
"                          per line\n"
"  --through NAME,...      keepalive, report, solve: middleboxes on the path\n"
"                          (aws-nlb, azure-lb, gcp-cloud-nat, ...)\n"
"  --emit TARGET           configuration for the settings instead of a\n"
"                          timeline: sysctl, libpq, go, java, nginx,\n"
"                          haproxy, envoy or redis\n"
"\n"
"Sources of settings (applied in order after the profile's defaults):\n"
"  --system                the running kernel: its version, HZ and\n"
"                          /proc/sys/net/ipv4 (notes say what was assumed)\n"
"  --sysctl NAME=VALUE     a sysctl in its own unit, e.g.\n"
"                          net.ipv4.tcp_retries2=5 (repeatable)\n"
"  --sysctl-file FILE      a sysctl.conf file; other keys are ignored\n"
"                          with a note\n"
"\n"
"Output:\n"
"  -f, --format FMT        table, csv, json, gnuplot or markdown (default\n"
"                          table; gnuplot for timelines only)\n"
"  -o, --output FILE       write to FILE as named (- is standard output)\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and exit\n"
"\n"
"Durations: a number with a unit, us, ms, s, m, h or d, or several in\n"
"decreasing order: 200ms, 1.5s, 2h11m15s.\n"
"\n"
"Times: nominal = every kernel timer on time; typical = each timer late by\n"
"half its timer-wheel granularity; window = every lateness the wheel allows.\n"
"\n"
"Exit status: 0 success, 1 runtime or I/O failure, 2 usage error;\n"
"verify: 3 when a measurement disagrees with the model, 77 when it cannot\n"
"run (not root, no network namespaces).\n",
        f);
}
