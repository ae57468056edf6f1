/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --complete WHAT: the words of one of the program's own lists, one a
 * line, for the bash completion (completion/rtocalc.bash), which keeps no
 * list of its own.  Every list comes from the table that defines it: the
 * commands and options (options.c), the settings and sysctls (the model's
 * settings table), the kernel profiles, HZ values, formats, paths, emit
 * targets, middleboxes and charts, the --stack values and each stack's
 * options (the stacks' settings table, through stacks.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* The lists, in the order --help names them. */
static const char *const lists[] = {
    "lists", "commands", "options", "value-options", "sysctls", "kernels", "hz",
    "formats", "cc", "paths", "emit", "through", "plot-kinds", "states",
    "stacks",
};

/* "stack-options:NAME" and "stack-value-options:NAME": the options of a
 * command line with --stack NAME (another stack than Linux), or those of
 * them that take a value; the stack in *s. */
#define STACK_OPTIONS "stack-options:"
#define STACK_VALUE_OPTIONS "stack-value-options:"

static bool stack_list(const char *what, const char *prefix,
                       enum rto_stack *s)
{
    int version;

    return strncmp(what, prefix, strlen(prefix)) == 0
           && rto_stack_parse(what + strlen(prefix), s, &version) == 0
           && *s != RTO_STACK_LINUX;
}

static bool stack_options(const char *what, enum rto_stack *s)
{
    return stack_list(what, STACK_OPTIONS, s)
           || stack_list(what, STACK_VALUE_OPTIONS, s);
}

bool cli_complete_known(const char *what)
{
    enum rto_stack s;

    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
        if (strcmp(what, lists[i]) == 0)
            return true;
    return stack_options(what, &s);
}

/* The options of every stack beside its knobs (stacks.c option()), the
 * first six taking a value. */
static const char *const common_options[] = {
    "stack", "rtt", "rttvar", "sysctl", "format", "output", "quiet", "help",
    "fin-wait2",
};
#define COMMON_WITH_VALUE 6

void cli_stack_complete_names(FILE *f)
{
    static const char *const aliases[] = { "ios", "android", "solaris" };
    char v[24];

    for (int s = 0; s < RTO_STACK_COUNT; s++) {
        const struct rto_stack_info *si = rto_stack_info((enum rto_stack)s);
        fprintf(f, "%s\n", si->name);
        for (size_t i = 0; s != RTO_STACK_LINUX && i < si->nversions; i++)
            if (strcmp(rto_stack_version_name(si->stack, si->versions[i], v,
                                              sizeof(v)), si->name) != 0)
                fprintf(f, "%s\n", v);
    }
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        fprintf(f, "%s\n", aliases[i]);
}

void cli_stack_complete_options(FILE *f, enum rto_stack s, bool with_value)
{
    size_t n = with_value ? COMMON_WITH_VALUE
                          : sizeof(common_options) / sizeof(common_options[0]);

    fputs(with_value ? "-f\n-o\n" : "-f\n-o\n-q\n-h\n", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "--%s\n", common_options[i]);
    for (size_t i = 0; i < rto_stack_setting_count(); i++) {
        const struct rto_stack_setting *k = rto_stack_setting_at(i);
        if (k->stack != s || (with_value && !k->arg))
            continue;
        fprintf(f, "--%s\n", k->option);
        if (!k->arg)
            fprintf(f, "--no-%s\n", k->option);
    }
}

/* Every long option (and its short form), or only those taking a value. */
static void options(FILE *f, bool with_value)
{
    size_t n;
    const struct cli_option *opt = cli_options(&n);

    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *s = rto_setting_at(i);
        if (with_value && !s->arg)
            continue;
        fprintf(f, "--%s\n", s->option);
        if (s->kind == RTO_KIND_FLAG)
            fprintf(f, "--no-%s\n", s->option);
    }
    for (size_t i = 0; i < n; i++) {
        if (with_value && (!opt[i].arg || CLI_OPTIONAL(&opt[i])))
            continue;
        if (opt[i].short_name)
            fprintf(f, "-%c\n", opt[i].short_name);
        fprintf(f, "--%s\n", opt[i].name);
    }
}

/* The values of --state, as ss(8) names the states in lower case (and
 * "established" for its "ESTAB"): each one rto_tcp_state_parse() takes
 * (NEW_SYN_RECV, after them, is SYN-RECV again). */
static void states(FILE *f)
{
    for (int st = 1; st < RTO_TCP_NEW_SYN_RECV; st++) {
        const char *name = st == RTO_TCP_ESTABLISHED ? "established"
                                                     : rto_tcp_state_name(st);

        for (; *name; name++)
            fputc(*name >= 'A' && *name <= 'Z' ? *name - 'A' + 'a' : *name,
                  f);
        fputc('\n', f);
    }
}

int cli_complete(FILE *f, void *ctx)
{
    const struct cli_opts *o = ctx;
    const char *w = o->complete;
    char name[16];
    size_t n;

    enum rto_stack stack;

    if (strcmp(w, "lists") == 0) {
        for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
            fprintf(f, "%s\n", lists[i]);
        for (int i = RTO_STACK_LINUX + 1; i < RTO_STACK_COUNT; i++)
            fprintf(f, STACK_OPTIONS "%s\n" STACK_VALUE_OPTIONS "%s\n",
                    rto_stack_info((enum rto_stack)i)->name,
                    rto_stack_info((enum rto_stack)i)->name);
    } else if (strcmp(w, "stacks") == 0) {
        cli_stack_complete_names(f);
    } else if (stack_options(w, &stack)) {
        cli_stack_complete_options(f, stack,
                                   stack_list(w, STACK_VALUE_OPTIONS, &stack));
    } else if (strcmp(w, "commands") == 0) {
        const struct cli_command_info *c = cli_commands(&n);
        for (size_t i = 0; i < n; i++)
            fprintf(f, "%s\n", c[i].name);
        fputs("help\n", f);
    } else if (strcmp(w, "options") == 0 || strcmp(w, "value-options") == 0) {
        options(f, strcmp(w, "value-options") == 0);
    } else if (strcmp(w, "sysctls") == 0) {
        for (size_t i = 0; i < rto_setting_count(); i++)
            if (rto_setting_at(i)->sysctl)
                fprintf(f, "%s\n", rto_setting_at(i)->sysctl);
    } else if (strcmp(w, "kernels") == 0) {
        const int *v = rto_kernel_profiles(&n);
        fputs("list\n", f);
        for (size_t i = 0; i < n; i++)
            fprintf(f, "%s\n", rto_kernel_name(v[i], name, sizeof(name)));
    } else if (strcmp(w, "hz") == 0) {
        const int *hz = rto_hz_values(&n);
        for (size_t i = 0; i < n; i++)
            fprintf(f, "%d\n", hz[i]);
    } else if (strcmp(w, "formats") == 0) {
        for (int i = RTO_FMT_TABLE; i <= RTO_FMT_OPENMETRICS; i++)
            fprintf(f, "%s\n", rto_format_name((enum rto_format)i));
    } else if (strcmp(w, "cc") == 0) {
        for (int i = RTO_CC_RENO; i <= RTO_CC_BBR; i++)
            fprintf(f, "%s\n", rto_cc_name((enum rto_cc)i));
    } else if (strcmp(w, "paths") == 0) {
        for (int i = 0; i < RTO_PATH_COUNT; i++)
            fprintf(f, "%s\n", rto_path_name((enum rto_path)i));
    } else if (strcmp(w, "emit") == 0) {
        for (size_t i = 0; rto_emit_target(i); i++)
            fprintf(f, "%s\n", rto_emit_target(i));
    } else if (strcmp(w, "through") == 0) {
        const struct rto_middlebox *m = rto_middleboxes(&n);
        for (size_t i = 0; i < n; i++)
            fprintf(f, "%s\n", m[i].name);
    } else if (strcmp(w, "plot-kinds") == 0) {
        const struct cli_plot_kind *k;
        for (size_t i = 0; (k = cli_plot_kind(i)); i++)
            fprintf(f, "%s\n", k->name);
    } else if (strcmp(w, "states") == 0) {
        states(f);
    }
    return ferror(f) ? RTO_EIO : 0;
}

/* "commands, options, ..." for the usage error. */
void cli_complete_lists(char *buf, size_t size)
{
    size_t len = 0;

    *buf = '\0';
    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
        snprintf(buf + len, size - len, "%s%s", i ? ", " : "", lists[i]);
        len = strlen(buf);
    }
    snprintf(buf + len, size - len, ", " STACK_OPTIONS "NAME or "
             STACK_VALUE_OPTIONS "NAME (a stack other than linux)");
}
