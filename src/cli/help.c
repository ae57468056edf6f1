/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --help, printed from the tables: the commands and the CLI's options
 * (options.c) and the settings (the model's settings table), each setting
 * with its unit, its range under the chosen profile and its default.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define WIDTH 79
#define SETTING_COL 26
#define COMMAND_COL 14

/* "  LEFT" padded to col, then text wrapped at WIDTH and indented to col
 * on the following lines. */
void cli_help_item(FILE *f, const char *left, const char *text, int col)
{
    int at = *left ? fprintf(f, "  %s", left) : 0;
    const char *w = text;

    if (*left && at >= col) {
        fputc('\n', f);
        at = 0;
    }
    fprintf(f, "%*s", col - at, "");
    at = col;
    while (*w) {
        size_t len = strcspn(w, " ");
        if (at > col && at + 1 + (int)len > WIDTH) {
            fprintf(f, "\n%*s", col, "");
            at = col;
        } else if (at > col) {
            fputc(' ', f);
            at++;
        }
        fwrite(w, 1, len, f);
        at += (int)len;
        w += len;
        while (*w == ' ')
            w++;
    }
    fputc('\n', f);
}

/* A stack knob's range, "1 ms..2147483647 ms", "1..12" or "on or off",
 * in the unit of its row. */
void cli_stack_range(const struct rto_stack_setting *s, char *buf,
                     size_t size)
{
    const char *unit = s->unit_us == 1000000 ? " s"
                       : s->unit_us == 1000  ? " ms"
                                             : "";

    if (!s->arg)
        snprintf(buf, size, "on or off");
    else
        snprintf(buf, size, "%lld%s..%lld%s", (long long)s->min, unit,
                 (long long)s->max, unit);
}

void cli_stack_help_knobs(FILE *f)
{
    char range[80], left[64], text[256];

    fputs("\nEach stack's knobs, for rtocalc [COMMAND] --stack NAME (as --KNOB "
          "VALUE, or\nas --sysctl NAME=VALUE by the stack's own name, in "
          "that name's unit):\n", f);
    for (int st = 1; st < RTO_STACK_COUNT; st++) {
        const struct rto_stack_info *si = rto_stack_info((enum rto_stack)st);
        fprintf(f, "%s (%s):\n", si->name, si->title);
        for (size_t i = 0; i < rto_stack_setting_count(); i++) {
            const struct rto_stack_setting *k = rto_stack_setting_at(i);
            const char *unit = k->unit_us == 1000000 ? " s"
                               : k->unit_us == 1000  ? " ms"
                                                     : "";
            if (k->stack != (enum rto_stack)st)
                continue;
            cli_stack_range(k, range, sizeof(range));
            snprintf(left, sizeof(left), "--%s%s%s", k->option,
                     k->arg ? " " : "", k->arg ? k->arg : "");
            if (!k->arg)
                snprintf(text, sizeof(text), "%s%s: %s, default %s",
                         k->sysctl ? k->sysctl : k->knob,
                         k->sysctl ? "" : " (no --sysctl name)", range,
                         k->def ? "on" : "off");
            else
                snprintf(text, sizeof(text), "%s%s: %s, default %lld%s",
                         k->sysctl ? k->sysctl : k->knob,
                         k->sysctl ? "" : " (no --sysctl name)", range,
                         (long long)k->def, unit);
            cli_help_item(f, left, text, 28);
        }
    }
}

/* A duration without the space: "7200s", "100us". */
static void compact(int64_t us, char *buf, size_t size)
{
    char d[32], *out = buf;

    rto_fmt_duration(us, d, sizeof(d));
    for (const char *c = d; *c && (size_t)(out - buf) + 1 < size; c++)
        if (*c != ' ')
            *out++ = *c;
    *out = '\0';
}

static const char *unit_name(int64_t unit_us)
{
    return unit_us == 1000000 ? "s" : unit_us == 1000 ? "ms" : "us";
}

/* The help text of one setting: its line, range, bare unit and default. */
static void setting_text(const struct rto_setting *s,
                         const struct rto_params *def, char *buf,
                         size_t size)
{
    struct rto_invalid r;
    int64_t v = rto_setting_get(def, s->field);
    char d[32], a[32], b[32], knl[16];
    size_t len;

    rto_setting_range(def, s->field, &r);
    snprintf(buf, size, "%s", s->help);
    len = strlen(buf);
    if (r.min == r.max && s->kind != RTO_KIND_CHOICE) {
        /* Not in this profile: say why instead of a one-value range. */
        snprintf(buf + len, size - len, "; %s", r.why);
        return;
    }
    switch (s->kind) {
    case RTO_KIND_COUNT:
        if (s->field != RTO_F_HZ)
            snprintf(buf + len, size - len, ", %" PRId64 "..%" PRId64,
                     r.min, r.max);
        snprintf(d, sizeof(d), "%" PRId64, v);
        break;
    case RTO_KIND_DURATION:
        /* Ranges short enough to read; the others are ints in the unit. */
        if (r.max * s->unit_us <= INT64_C(120000000) && r.min != r.max) {
            compact(r.min * s->unit_us, a, sizeof(a));
            compact(r.max * s->unit_us, b, sizeof(b));
            snprintf(buf + len, size - len, ", %s..%s", a, b);
            len = strlen(buf);
        }
        snprintf(buf + len, size - len, "; bare number in %s",
                 unit_name(s->bare_unit_us));
        compact(v, d, sizeof(d));
        break;
    case RTO_KIND_FLAG:
        snprintf(d, sizeof(d), "%s", v ? "on" : "off");
        break;
    case RTO_KIND_CHOICE:
        snprintf(d, sizeof(d), "%s", rto_cc_name((enum rto_cc)v));
        break;
    case RTO_KIND_VERSION:
        snprintf(d, sizeof(d), "%s",
                 rto_kernel_name(def->kernel, knl, sizeof(knl)));
        break;
    }
    /* A zero that means "not given" has no default to show. */
    if ((s->kind == RTO_KIND_COUNT || s->kind == RTO_KIND_DURATION)
        && v == 0 && !rto_setting_accepts(def, s->field, 0, false))
        *d = '\0';
    len = strlen(buf);
    if (*d)
        snprintf(buf + len, size - len, " (default %s)", d);
}

static void settings(FILE *f, const struct rto_params *def)
{
    char left[64], text[512];

    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *s = rto_setting_at(i);
        if (s->kind == RTO_KIND_FLAG)
            snprintf(left, sizeof(left), "--%s, --no-%s", s->option,
                     s->option);
        else
            snprintf(left, sizeof(left), "--%s %s", s->option, s->arg);
        setting_text(s, def, text, sizeof(text));
        cli_help_item(f, left, text, SETTING_COL);
    }
}

static void options(FILE *f, enum cli_section sec)
{
    size_t n;
    const struct cli_option *opt = cli_options(&n);
    char left[64];

    for (size_t i = 0; i < n; i++) {
        if (opt[i].section != sec)
            continue;
        if (opt[i].short_name)
            snprintf(left, sizeof(left), "-%c, --%s%s%s", opt[i].short_name,
                     opt[i].name, opt[i].arg ? " " : "",
                     opt[i].arg ? opt[i].arg : "");
        else
            snprintf(left, sizeof(left), "--%s%s%s", opt[i].name,
                     opt[i].arg ? " " : "", opt[i].arg ? opt[i].arg : "");
        cli_help_item(f, left, opt[i].help, SETTING_COL);
    }
}

void cli_usage(FILE *f, const struct rto_params *p)
{
    struct rto_params def;
    size_t n;
    const struct cli_command_info *cmd = cli_commands(&n);
    char left[32], kn[16];

    rto_params_default_for(&def, p->kernel);
    fputs("Usage: rtocalc [COMMAND] [OPTION]...\n"
          "When does Linux give up on a TCP connection whose peer vanished, "
          "and what\nhappens on the wire until then?  A model of the "
          "kernel's own timers.\n\nCommands:\n", f);
    for (size_t i = 0; i < n; i++) {
        snprintf(left, sizeof(left), "%s%s%s", cmd[i].name,
                 cmd[i].arg ? " " : "", cmd[i].arg ? cmd[i].arg : "");
        cli_help_item(f, left, cmd[i].help, COMMAND_COL);
    }
    cli_help_item(f, "help", "this help; help COMMAND: that command's options",
         COMMAND_COL);
    fprintf(f, "\nSettings (defaults: Linux %s in a fresh network "
               "namespace):\n",
            rto_kernel_name(def.kernel, kn, sizeof(kn)));
    settings(f, &def);
    options(f, CLI_SEC_SETTINGS);
    fputs("\nverify:\n", f);
    options(f, CLI_SEC_VERIFY);
    fputs("\nplot:\n", f);
    options(f, CLI_SEC_PLOT);
    fputs("\nPlanning:\n", f);
    options(f, CLI_SEC_PLANNING);
    fputs("\nsockets:\n", f);
    options(f, CLI_SEC_SOCKETS);
    fputs("\nSources of settings (applied in order after the profile's "
          "defaults):\n", f);
    options(f, CLI_SEC_SOURCES);
    fputs("\nOutput:\n", f);
    options(f, CLI_SEC_OUTPUT);
    fputs("\n"
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

/* The path a command's settings shape, or -1 for none in particular. */
static int command_path(const struct cli_opts *o)
{
    const struct rto_path_info *pi = rto_path_find(cli_command_name(o->command));

    if (o->command == CLI_CMD_ORPHAN)
        return -1; /* orphan and --fin-wait2: both paths' settings */
    return pi ? (int)pi->path : -1;
}

void cli_command_usage(FILE *f, const struct cli_opts *o)
{
    size_t n, n_cmd;
    const struct cli_command_info *cmd = cli_commands(&n_cmd);
    const struct cli_option *opt;
    struct rto_params def;
    char left[64], text[512];
    int path = command_path(o);
    unsigned bit = 1u << o->command;

    rto_params_default_for(&def, o->params.kernel);
    for (size_t i = 0; i < n_cmd; i++) {
        if (cmd[i].id != o->command)
            continue;
        fprintf(f, "Usage: rtocalc %s%s%s [OPTION]...\n", cmd[i].name,
                cmd[i].arg ? " " : "", cmd[i].arg ? cmd[i].arg : "");
        cli_help_item(f, "", cmd[i].help, 2);
    }
    opt = cli_options(&n);
    for (size_t i = 0, shown = 0; i < n; i++) {
        if (!(opt[i].commands & bit))
            continue;
        if (!shown++)
            fputs("\nOptions of this command:\n", f);
        snprintf(left, sizeof(left), "--%s%s%s", opt[i].name,
                 opt[i].arg ? " " : "", opt[i].arg ? opt[i].arg : "");
        cli_help_item(f, left, opt[i].help, SETTING_COL);
    }
    if (path >= 0 || o->command == CLI_CMD_ORPHAN) {
        fputs("\nSettings that shape it:\n", f);
        for (size_t i = 0; i < rto_setting_count(); i++) {
            const struct rto_setting *s = rto_setting_at(i);
            unsigned paths = o->command == CLI_CMD_ORPHAN
                                 ? RTO_PATH_BIT(RTO_PATH_ORPHAN)
                                       | RTO_PATH_BIT(RTO_PATH_FIN_WAIT2)
                                 : RTO_PATH_BIT(path);
            if (!(s->paths & paths))
                continue;
            if (s->kind == RTO_KIND_FLAG)
                snprintf(left, sizeof(left), "--%s, --no-%s", s->option,
                         s->option);
            else
                snprintf(left, sizeof(left), "--%s %s", s->option, s->arg);
            setting_text(s, &def, text, sizeof(text));
            cli_help_item(f, left, text, SETTING_COL);
        }
    }
    if (o->command == CLI_CMD_STACKS)
        cli_stack_help_knobs(f);
    for (size_t i = 0, shown = 0; i < n_cmd; i++) {
        for (size_t k = 0; cmd[i].id == o->command && k < 3
                           && cmd[i].examples[k]; k++) {
            if (!shown++)
                fputs("\nExamples:\n", f);
            fprintf(f, "  rtocalc %s\n", cmd[i].examples[k]);
        }
    }
    fputs("\nEvery setting, the sources of settings (--system, --sysctl) and "
          "the output\noptions (--format, -o): rtocalc --help.\n", f);
}
