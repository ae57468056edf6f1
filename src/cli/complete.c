/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --complete WHAT: the words of one of the program's own lists, one a
 * line, for the bash completion (completion/rtocalc.bash), which keeps no
 * list of its own.  Every list comes from the table that defines it: the
 * commands and options (options.c), the settings and sysctls (the model's
 * settings table), the kernel profiles, HZ values, formats, paths, emit
 * targets, middleboxes and charts.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* The lists, in the order --help names them. */
static const char *const lists[] = {
    "lists", "commands", "options", "value-options", "sysctls", "kernels", "hz",
    "formats", "cc", "paths", "emit", "through", "plot-kinds",
};

bool cli_complete_known(const char *what)
{
    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
        if (strcmp(what, lists[i]) == 0)
            return true;
    return false;
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

int cli_complete(FILE *f, void *ctx)
{
    const struct cli_opts *o = ctx;
    const char *w = o->complete;
    char name[16];
    size_t n;

    if (strcmp(w, "lists") == 0) {
        for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
            fprintf(f, "%s\n", lists[i]);
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
}
