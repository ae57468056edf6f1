/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The other TCP stacks on the command line: --stack NAME[-VERSION] on the
 * path commands and report (parsed here, with each stack's own knobs as
 * options and its own names for --sysctl), rtocalc stacks (every stack
 * side by side) and plot stacks.  --stack linux is the Linux model and
 * goes through the usual parser, where --kernel keeps its meaning.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "format/stacks.h"

#define EVENT_CAP 4096

/* The Linux default RTT (the settings table's --rtt default, 100 us), so
 * that every stack starts from the same path. */
#define DEFAULT_RTT_US 100

struct sopts {
    enum cli_command command;
    const char *command_name;
    bool fin_wait2;
    enum rto_format format;
    const char *output;
    bool quiet;
    bool help;
    struct rto_stack_params p;
    char name[24];          /* "freebsd-14" */
    char error[512];
};

/* The value of --stack in argv, or NULL. */
static const char *stack_arg(int argc, char *const argv[])
{
    const char *v = NULL;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--stack") == 0 && i + 1 < argc)
            v = argv[++i];
        else if (strncmp(argv[i], "--stack=", 8) == 0)
            v = argv[i] + 8;
    }
    return v;
}

static bool is_linux(const char *v)
{
    enum rto_stack s;
    int version;

    return rto_stack_parse(v, &s, &version) == 0 && s == RTO_STACK_LINUX
           && !strchr(v, '-');
}

bool cli_stack_wanted(int argc, char *const argv[])
{
    const char *v = stack_arg(argc, argv);

    return v && !is_linux(v);
}

static void stack_names(char *buf, size_t size)
{
    size_t len = 0;

    buf[0] = '\0';
    for (int s = 0; s < RTO_STACK_COUNT && len < size; s++) {
        const struct rto_stack_info *si = rto_stack_info((enum rto_stack)s);
        len += (size_t)snprintf(buf + len, size - len, "%s%s", s ? ", " : "",
                                si->name);
        if (s == RTO_STACK_MACOS && len < size)
            len += (size_t)snprintf(buf + len, size - len, " (ios)");
        if (s == RTO_STACK_ILLUMOS && len < size)
            snprintf(buf + len, size - len, " (solaris)");
    }
}

/* ------------------------------------------------------------------ */
/* Parsing --stack NAME's command line                                */
/* ------------------------------------------------------------------ */

static int bad(struct sopts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The one-line usage error; returns CLI_EXIT_USAGE. */
static int bad(struct sopts *o, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(o->error, sizeof(o->error), fmt, ap);
    va_end(ap);
    return CLI_EXIT_USAGE;
}


/* A knob's value from text: a count, or a duration whose bare number is
 * in the row's unit, whole in that unit. */
static int knob_value(struct sopts *o, const char *label,
                      const struct rto_stack_setting *s, const char *text)
{
    int64_t v;
    char range[80];
    int rc;

    if (s->unit_us > 1)
        rc = cli_parse_duration(text, s->unit_us, &v);
    else
        rc = cli_parse_int(text, &v);
    cli_stack_range(s, range, sizeof(range));
    if (rc || v % s->unit_us || v / s->unit_us < s->min
        || v / s->unit_us > s->max) {
        snprintf(o->error, sizeof(o->error),
                 "%s: expected %s (%s of %s), got \"%s\"", label, range,
                 s->knob, o->name, text);
        return CLI_EXIT_USAGE;
    }
    rto_stack_set(&o->p, s->field, v);
    return 0;
}

static int sysctl_arg(struct sopts *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    char name[96], label[128];
    const struct rto_stack_setting *s;

    if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(name))
        return bad(o, "--sysctl: expected NAME=VALUE, got \"%s\"", arg);
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    s = rto_stack_setting_find(o->p.stack, name);
    if (!s || !s->sysctl || strcmp(s->sysctl, name) != 0)
        return bad(o, "--sysctl: %s has no setting \"%s\" (rtocalc --stack "
                      "NAME --help lists its knobs)", o->name, name);
    snprintf(label, sizeof(label), "--sysctl %s", name);
    if (!s->arg) {
        if (strcmp(eq + 1, "0") && strcmp(eq + 1, "1"))
            return bad(o, "%s: expected 0 or 1, got \"%s\"", label, eq + 1);
        rto_stack_set(&o->p, s->field, eq[1] == '1');
        return 0;
    }
    /* In the sysctl's own unit: a bare number. */
    {
        int64_t v;
        char range[80];
        cli_stack_range(s, range, sizeof(range));
        if (cli_parse_int(eq + 1, &v) || v < s->min || v > s->max) {
            snprintf(o->error, sizeof(o->error),
                     "%s: expected %s (%s of %s), got \"%s\"", label, range,
                     s->knob, o->name, eq + 1);
            return CLI_EXIT_USAGE;
        }
        rto_stack_set(&o->p, s->field, v * s->unit_us);
    }
    return 0;
}

/* Whose option is NAME, when not this stack's: another stack's knob, a
 * Linux setting or a Linux-only option. */
static int foreign(struct sopts *o, const char *name)
{
    char others[160] = "";
    size_t len = 0;

    for (int s = 1; s < RTO_STACK_COUNT; s++) {
        if ((enum rto_stack)s == o->p.stack
            || !rto_stack_setting_find((enum rto_stack)s, name))
            continue;
        len += (size_t)snprintf(others + len, sizeof(others) - len, "%s%s",
                                len ? ", " : "", rto_stack_info((enum rto_stack)s)->name);
    }
    if (*others) {
        snprintf(o->error, sizeof(o->error),
                 "--%s does not apply to --stack %s (a knob of %s)", name,
                 o->name, others);
        return CLI_EXIT_USAGE;
    }
    {
        size_t n;
        const struct cli_option *opt = cli_options(&n);
        bool known = rto_setting_by_option(name) != NULL
                     || strcmp(name, "kernel") == 0;
        if (strncmp(name, "no-", 3) == 0 && rto_setting_by_option(name + 3))
            known = true;
        for (size_t i = 0; i < n && !known; i++)
            known = strcmp(opt[i].name, name) == 0;
        if (known) {
            snprintf(o->error, sizeof(o->error),
                     "--%s does not apply to --stack %s (it is for --stack "
                     "linux)", name, o->name);
            return CLI_EXIT_USAGE;
        }
    }
    return bad(o, "unknown option \"--%s\" (rtocalc --stack %s --help lists "
                  "its options)", name, o->name);
}

static int set_format(struct sopts *o, const char *v)
{
    int f = rto_format_parse(v);

    if (f < 0 || f == RTO_FMT_GNUPLOT || f == RTO_FMT_OPENMETRICS)
        return bad(o, "--format: --stack %s writes table, csv, json or "
                      "markdown (charts: rtocalc plot stacks), got \"%s\"",
                   o->name, v);
    o->format = (enum rto_format)f;
    return 0;
}

static int set_command(struct sopts *o, const char *w)
{
    static const struct {
        const char *name;
        enum cli_command c;
    } ok[] = {
        { "report", CLI_CMD_REPORT }, { "retrans", CLI_CMD_RETRANS },
        { "keepalive", CLI_CMD_KEEPALIVE }, { "syn", CLI_CMD_SYN },
        { "synack", CLI_CMD_SYNACK }, { "orphan", CLI_CMD_ORPHAN },
        { "probe0", CLI_CMD_PROBE0 },
    };

    if (o->command_name)
        return bad(o, "unexpected argument \"%s\" after the command", w);
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        if (strcmp(w, ok[i].name) == 0) {
            o->command = ok[i].c;
            o->command_name = ok[i].name;
            return 0;
        }
    }
    return bad(o, "%s does not take --stack (it takes: report, retrans, "
                  "keepalive, syn, synack, orphan, probe0)", w);
}

/* One option NAME with its value (NULL when none was attached); *used
 * says whether the next argument was taken as the value. */
static int option(struct sopts *o, const char *name, const char *value,
                  const char *next, bool *used)
{
    const struct rto_stack_setting *s;
    const char *v = value ? value : next;
    bool takes = strcmp(name, "stack") == 0 || strcmp(name, "rtt") == 0
                 || strcmp(name, "rttvar") == 0
                 || strcmp(name, "format") == 0
                 || strcmp(name, "output") == 0
                 || strcmp(name, "sysctl") == 0;
    char label[64];
    int64_t us;

    s = rto_stack_setting_find(o->p.stack, name);
    if (s && strcmp(s->option, name) != 0)
        s = NULL;   /* a sysctl name is no option */
    if (s && s->arg)
        takes = true;
    *used = takes && !value;
    if (takes && !v)
        return bad(o, "--%s: missing value", name);
    if (!takes && value)
        return bad(o, "--%s takes no value, got \"%s\"", name, value);
    snprintf(label, sizeof(label), "--%s", name);
    if (strcmp(name, "stack") == 0)
        return 0;
    if (strcmp(name, "rtt") == 0 || strcmp(name, "rttvar") == 0) {
        bool var = name[3] == 'v';
        if (cli_parse_duration(v, 1000, &us) || us < (var ? 0 : 1)
            || us > 120000000) {
            snprintf(o->error, sizeof(o->error),
                     "%s: expected a duration of %s..120 s (bare number in "
                     "ms), got \"%s\"", label, var ? "0" : "1 us", v);
            return CLI_EXIT_USAGE;
        }
        if (var)
            o->p.rttvar_us = us;
        else
            o->p.rtt_us = us;
        return 0;
    }
    if (strcmp(name, "format") == 0)
        return set_format(o, v);
    if (strcmp(name, "output") == 0) {
        o->output = v;
        return 0;
    }
    if (strcmp(name, "sysctl") == 0)
        return sysctl_arg(o, v);
    if (strcmp(name, "quiet") == 0) {
        o->quiet = true;
        return 0;
    }
    if (strcmp(name, "help") == 0) {
        o->help = true;
        return 0;
    }
    if (strcmp(name, "fin-wait2") == 0) {
        o->fin_wait2 = true;
        return 0;
    }
    if (s && !s->arg) {
        rto_stack_set(&o->p, s->field, 1);
        return 0;
    }
    if (s)
        return knob_value(o, label, s, v);
    if (strncmp(name, "no-", 3) == 0) {
        s = rto_stack_setting_find(o->p.stack, name + 3);
        if (s && !s->arg && strcmp(s->option, name + 3) == 0) {
            rto_stack_set(&o->p, s->field, 0);
            return 0;
        }
    }
    return foreign(o, name);
}

static int parse(int argc, char *const argv[], struct sopts *o)
{
    const char *stack = stack_arg(argc, argv);
    enum rto_stack s;
    int version, rc;
    bool done = false;

    memset(o, 0, sizeof(*o));
    o->command = CLI_CMD_REPORT;
    o->format = RTO_FMT_TABLE;
    if (rto_stack_parse(stack, &s, &version) || s == RTO_STACK_LINUX) {
        char names[160];
        stack_names(names, sizeof(names));
        snprintf(o->error, sizeof(o->error),
                 "--stack: expected one of %s, with -VERSION where the stack "
                 "has versions (a Linux version is --kernel's), got \"%s\"",
                 names, stack);
        return CLI_EXIT_USAGE;
    }
    rto_stack_params_default(&o->p, s, version);
    o->p.rtt_us = DEFAULT_RTT_US;
    rto_stack_version_name(s, version, o->name, sizeof(o->name));
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        bool used = false;

        if (!done && strcmp(a, "--") == 0) {
            done = true;
            continue;
        }
        if (!done && strncmp(a, "--", 2) == 0) {
            char name[48];
            const char *eq = strchr(a, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

            if (len >= sizeof(name))
                return bad(o, "unknown option \"%s\"", a);
            memcpy(name, a + 2, len);
            name[len] = '\0';
            rc = option(o, name, eq ? eq + 1 : NULL, next, &used);
        } else if (!done && a[0] == '-' && a[1] && !a[2]) {
            static const char *const longs[] = { "format", "output", "quiet",
                                                 "help" };
            const char *l = a[1] == 'f' ? longs[0] : a[1] == 'o' ? longs[1]
                            : a[1] == 'q' ? longs[2] : a[1] == 'h' ? longs[3]
                                                                 : NULL;
            if (!l)
                return bad(o, "unknown option \"%s\"", a);
            rc = option(o, l, NULL, next, &used);
        } else {
            rc = set_command(o, a);
        }
        if (rc)
            return rc;
        if (used)
            i++;
    }
    if (o->fin_wait2 && o->command != CLI_CMD_ORPHAN)
        return bad(o, "--fin-wait2 goes with orphan only");
    {
        const struct rto_stack_setting *b = NULL;
        if (rto_stack_params_validate(&o->p, &b)) {
            char range[80];
            if (!b)
                return bad(o, "--stack %s: settings out of range", o->name);
            cli_stack_range(b, range, sizeof(range));
            snprintf(o->error, sizeof(o->error),
                     "--%s: %s does not accept %lld (%s; %s)", b->option,
                     o->name, (long long)(rto_stack_get(&o->p, b->field)
                                          / b->unit_us),
                     b->knob,
                     b->field == RTO_SF_RETRIES && s == RTO_STACK_FREEBSD
                         ? "fixed at 12 before FreeBSD 14.0"
                         : range);
            return CLI_EXIT_USAGE;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Running it                                                         */
/* ------------------------------------------------------------------ */

struct sjob {
    const struct sopts *o;
    const struct rto_timeline *t;
    const struct rto_stack_run *run;
    const struct rto_stack_row *row;
};

static const struct rto_warnings no_warnings = { NULL, 0 };

static int write_job(FILE *f, void *ctx)
{
    const struct sjob *j = ctx;

    if (j->row)
        return rto_stack_write_report(f, j->o->format, &j->o->p, j->row,
                                      &no_warnings);
    return rto_stack_write_timeline(f, j->o->format, j->o->command_name,
                                    &j->o->p, j->t, j->run, &no_warnings);
}

static int write_help(FILE *f, void *ctx)
{
    const struct sopts *o = ctx;
    const struct rto_stack_info *si = rto_stack_info(o->p.stack);
    char def[48], range[80], text[512], left[64];

    fprintf(f, "Usage: rtocalc [COMMAND] --stack %s [OPTION]...\n\n",
            o->name);
    snprintf(text, sizeof(text), "%s (%s) as the peer vanishes: report "
             "(default), retrans, keepalive, syn, orphan --fin-wait2 and "
             "probe0, each with --format table, csv, json or markdown. "
             "Source: %s.", si->title, o->name, si->read);
    cli_help_item(f, "", text, 0);
    fprintf(f, "\nOptions of every stack:\n"
               "  --rtt DUR        smoothed RTT (bare ms; default 100 us)\n"
               "  --rttvar DUR     RTT variation (bare ms; default rtt/2)\n"
               "  --sysctl NAME=VALUE  a knob by its own name, in its unit\n"
               "  -f, --format FMT, -o, --output FILE, -q, --quiet, "
               "-h, --help\n\n%s's knobs:\n", si->title);
    for (size_t i = 0; i < rto_stack_setting_count(); i++) {
        const struct rto_stack_setting *s = rto_stack_setting_at(i);
        if (s->stack != o->p.stack)
            continue;
        cli_stack_range(s, range, sizeof(range));
        snprintf(def, sizeof(def), "%lld",
                 (long long)(rto_stack_get(&o->p, s->field) / s->unit_us));
        snprintf(left, sizeof(left), "--%s%s%s", s->option,
                 s->arg ? " " : "", s->arg ? s->arg : "");
        if (s->sysctl)
            snprintf(text, sizeof(text), "%s [%s]; %s, default %s (--sysctl "
                     "%s=VALUE)", s->help, rto_tag_name(s->tag), range, def,
                     s->sysctl);
        else
            snprintf(text, sizeof(text), "%s [%s]; %s, default %s", s->help,
                     rto_tag_name(s->tag), range, def);
        fprintf(f, "  %s\n", left);
        cli_help_item(f, "", text, 6);
    }
    return ferror(f) ? RTO_EIO : 0;
}

int cli_stack_main(int argc, char *const argv[])
{
    struct sopts o;
    struct rto_event *ev;
    int rc = parse(argc, argv, &o);

    if (rc) {
        fprintf(stderr, "rtocalc: %s (see rtocalc --stack NAME --help)\n",
                o.error);
        return rc;
    }
    if (o.help)
        return cli_output(o.output, write_help, &o);
    ev = malloc(sizeof(*ev) * EVENT_CAP);
    if (!ev) {
        fprintf(stderr, "rtocalc: out of memory\n");
        return CLI_EXIT_RUNTIME;
    }
    if (o.command == CLI_CMD_REPORT) {
        static struct rto_stack_row row;
        struct sjob j = { &o, NULL, NULL, &row };
        rc = rto_stack_row_run(&row, &o.p, ev, EVENT_CAP);
        rc = rc ? CLI_EXIT_RUNTIME : cli_output(o.output, write_job, &j);
    } else {
        struct rto_timeline t;
        struct rto_stack_run run;
        struct sjob j = { &o, &t, &run, NULL };
        enum rto_path path = o.command == CLI_CMD_RETRANS ? RTO_PATH_RETRANS
            : o.command == CLI_CMD_KEEPALIVE ? RTO_PATH_KEEPALIVE
            : o.command == CLI_CMD_SYN ? RTO_PATH_SYN
            : o.command == CLI_CMD_SYNACK ? RTO_PATH_SYNACK
            : o.command == CLI_CMD_PROBE0 ? RTO_PATH_PROBE0
            : o.fin_wait2 ? RTO_PATH_FIN_WAIT2 : RTO_PATH_ORPHAN;

        rto_timeline_init(&t, ev, EVENT_CAP);
        rc = rto_stack_path(&o.p, path, &t, &run);
        if (rc == RTO_ENOTSUP && run.absent) {
            fprintf(stderr, "rtocalc: %s: no %s path: %s\n", o.name,
                    rto_path_name(path), run.why);
            rc = CLI_EXIT_RUNTIME;
        } else if (rc) {
            fprintf(stderr, "rtocalc: %s\n", rto_strerror(rc));
            rc = CLI_EXIT_RUNTIME;
        } else {
            rc = cli_output(o.output, write_job, &j);
        }
    }
    free(ev);
    return rc;
}

/* ------------------------------------------------------------------ */
/* rtocalc stacks and plot stacks                                     */
/* ------------------------------------------------------------------ */

/* Every stack at its defaults for o's RTT; Linux at o's settings. */
static int all_rows(const struct cli_opts *o, struct rto_stack_row *rows)
{
    struct rto_event *ev = malloc(sizeof(*ev) * EVENT_CAP);
    int err;

    if (!ev)
        return RTO_ENOSPC;
    err = rto_stack_row_linux(&rows[0], &o->params, ev, EVENT_CAP);
    for (int s = 1; !err && s < RTO_STACK_COUNT; s++) {
        struct rto_stack_params p;
        rto_stack_params_default(&p, (enum rto_stack)s,
                                 rto_stack_info((enum rto_stack)s)->version);
        p.rtt_us = o->params.rtt_us;
        err = rto_stack_row_run(&rows[s], &p, ev, EVENT_CAP);
    }
    free(ev);
    return err;
}

struct stacks_job {
    const struct cli_opts *o;
    const struct rto_stack_row *rows;
    struct rto_warnings w;
};

static int write_stacks(FILE *f, void *ctx)
{
    const struct stacks_job *j = ctx;

    return rto_stacks_write(f, j->o->format, j->o->params.rtt_us, j->rows,
                            RTO_STACK_COUNT, &j->w);
}

int cli_stacks(const struct cli_opts *o)
{
    static struct rto_stack_row rows[RTO_STACK_COUNT];
    const char *warnings[CLI_MAX_WARNINGS];
    struct stacks_job j = { o, rows, { warnings, 0 } };
    int err = all_rows(o, rows);

    if (err) {
        fprintf(stderr, "rtocalc: %s\n", rto_strerror(err));
        return CLI_EXIT_RUNTIME;
    }
    for (int i = 0; i < o->nwarnings && i < CLI_MAX_WARNINGS; i++)
        warnings[j.w.count++] = o->warnings[i];
    return cli_output(o->output, write_stacks, &j);
}

int cli_stacks_chart(FILE *out, const struct cli_opts *o)
{
    static struct rto_stack_row rows[RTO_STACK_COUNT];
    int err = all_rows(o, rows);

    if (!err)
        err = rto_stacks_chart(out, o->params.rtt_us, rows, RTO_STACK_COUNT);
    if (err) {
        fprintf(stderr, "rtocalc: plot stacks: %s\n", rto_strerror(err));
        return CLI_EXIT_RUNTIME;
    }
    return CLI_EXIT_OK;
}
