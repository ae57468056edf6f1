/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Settings from sysctl names: --sysctl NAME=VALUE, --sysctl-file FILE in
 * sysctl.conf syntax, and --system, which reads the running kernel's
 * /proc/sys/net/ipv4.  Values are in each sysctl's own unit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "cli/cli.h"

/* "net.ipv4.tcp_retries2", "net/ipv4/tcp_retries2" or "tcp_retries2":
 * the row of the model's settings table with that sysctl. */
static const struct rto_setting *find(const char *name)
{
    const char *base = name;

    if (strncmp(name, "net.ipv4.", 9) == 0 || strncmp(name, "net/ipv4/", 9) == 0)
        base = name + 9;
    else if (strchr(name, '.') || strchr(name, '/'))
        return NULL;
    return rto_setting_by_sysctl(base);
}

static void add_note(struct cli_opts *o, const char *text)
{
    size_t len = strlen(o->notes);

    snprintf(o->notes + len, sizeof(o->notes) - len, "rtocalc: note: %s\n",
             text);
}

/* Apply one sysctl, in its own unit.  Returns 0, or CLI_EXIT_USAGE with
 * o->error set. */
static int apply(struct cli_opts *o, const struct rto_setting *k,
                 const char *value, const char *label)
{
    struct rto_params *p = &o->params;
    int64_t v;

    /* tcp_early_retrans exists before the tail loss probe; only its 0
     * ("off") means the same there. */
    if (k->sysctl_needs >= 0
        && !rto_kernel_has(p->kernel, (enum rto_feature)k->sysctl_needs)
        && !(k->field == RTO_F_TLP && strcmp(value, "0") == 0)) {
        char kn[16];
        rto_kernel_name(p->kernel, kn, sizeof(kn));
        snprintf(o->error, sizeof(o->error),
                 "%s: no such sysctl in the Linux %s profile, got \"%s\"",
                 label, kn, value);
        return CLI_EXIT_USAGE;
    }
    if (k->kind == RTO_KIND_CHOICE) {
        if (cli_setting_value(k, value, &v)) {
            snprintf(o->error, sizeof(o->error),
                     "%s: expected reno, cubic or bbr, got \"%s\"", label,
                     value);
            return CLI_EXIT_USAGE;
        }
    } else if (cli_parse_int(value, &v) != 0 || v < INT32_MIN
               || v > INT32_MAX) {
        snprintf(o->error, sizeof(o->error),
                 "%s: expected an integer, got \"%s\"", label, value);
        return CLI_EXIT_USAGE;
    } else {
        v = rto_setting_from_sysctl(k->field, v);
    }
    rto_setting_set(p, k->field, v);
    o->labels[k->field] = label;
    o->texts[k->field] = value;
    return 0;
}

int cli_sysctl_arg(struct cli_opts *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    const struct rto_setting *k;
    char *name;
    int err;

    if (!eq || eq == arg) {
        snprintf(o->error, sizeof(o->error),
                 "--sysctl: expected NAME=VALUE, got \"%s\"", arg);
        return CLI_EXIT_USAGE;
    }
    name = strndup(arg, (size_t)(eq - arg));
    if (!name) {
        snprintf(o->error, sizeof(o->error), "--sysctl: out of memory");
        return CLI_EXIT_RUNTIME;
    }
    k = find(name);
    if (!k) {
        snprintf(o->error, sizeof(o->error),
                 "--sysctl: no TCP timer sysctl \"%s\" (rtocalc --complete "
                 "sysctls lists them)", name);
        free(name);
        return CLI_EXIT_USAGE;
    }
    free(name);
    /* The label outlives this call: it points into argv. */
    err = apply(o, k, eq + 1, "--sysctl");
    return err;
}

/* Trim spaces at both ends, in place. */
static char *trim(char *s)
{
    char *e;

    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'
                     || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

int cli_sysctl_file(struct cli_opts *o, const char *path)
{
    FILE *f = fopen(path, "re");
    char line[512];
    int lineno = 0;

    if (!f) {
        snprintf(o->error, sizeof(o->error), "--sysctl-file: cannot read "
                 "\"%s\": %s", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    while (fgets(line, sizeof(line), f)) {
        char *s, *eq, *key, *val;
        const struct rto_setting *k;
        int err;

        lineno++;
        /* A line longer than the buffer would be read as two. */
        if (!strchr(line, '\n') && !feof(f)) {
            snprintf(o->error, sizeof(o->error),
                     "--sysctl-file: %s:%d: line longer than %zu bytes",
                     path, lineno, sizeof(line) - 2);
            fclose(f);
            return CLI_EXIT_USAGE;
        }
        s = trim(line);
        /* sysctl.conf(5): comments start with # or ;, a leading - means
         * "ignore failures". */
        if (*s == '\0' || *s == '#' || *s == ';')
            continue;
        if (*s == '-')
            s = trim(s + 1);
        eq = strchr(s, '=');
        if (!eq) {
            snprintf(o->error, sizeof(o->error),
                     "--sysctl-file: %s:%d: expected NAME = VALUE, got "
                     "\"%s\"", path, lineno, s);
            fclose(f);
            return CLI_EXIT_USAGE;
        }
        *eq = '\0';
        key = trim(s);
        val = trim(eq + 1);
        k = find(key);
        if (!k) {
            char note[300];
            snprintf(note, sizeof(note), "%s:%d: %s ignored (not a TCP "
                     "timer sysctl)", path, lineno, key);
            add_note(o, note);
            continue;
        }
        if (o->nstrings >= CLI_MAX_STRINGS) {
            snprintf(o->error, sizeof(o->error),
                     "--sysctl-file: %s: too many settings", path);
            fclose(f);
            return CLI_EXIT_USAGE;
        }
        /* Keep the text: messages name the file and line. */
        snprintf(o->strings[o->nstrings], sizeof(o->strings[0]), "%s", val);
        snprintf(o->strings[o->nstrings + 1], sizeof(o->strings[0]),
                 "--sysctl-file %s:%d: %s", path, lineno, key);
        err = apply(o, k, o->strings[o->nstrings],
                    o->strings[o->nstrings + 1]);
        o->nstrings += 2;
        if (err) {
            fclose(f);
            return err;
        }
    }
    /* A directory opens but cannot be read (EISDIR): an error, not an
     * empty file. */
    if (ferror(f)) {
        snprintf(o->error, sizeof(o->error), "--sysctl-file: cannot read "
                 "\"%s\": %s", path, strerror(errno));
        fclose(f);
        return CLI_EXIT_USAGE;
    }
    fclose(f);
    return 0;
}

int cli_system(struct cli_opts *o, bool keep_kernel)
{
    struct utsname u;
    struct rto_kernel_match m;
    char path[128], line[64], src[96];
    int hz;

    if (keep_kernel) {
        ;
    } else if (uname(&u) == 0 && rto_kernel_resolve(u.release, &m) == 0) {
        char why[CLI_WARNING_LEN], note[CLI_WARNING_LEN + 160];
        rto_params_default_for(&o->params, m.profile);
        if (cli_kernel_warning(&m, why, sizeof(why))) {
            snprintf(note, sizeof(note), "--system: the running kernel %s: "
                                         "%s", u.release, why);
            add_note(o, note);
        }
    } else {
        add_note(o, "--system: the running kernel has no profile; the 6.18 "
                    "profile is assumed");
    }
    if (cli_detect_hz(&hz, src, sizeof(src)) == 0) {
        o->params.hz = hz;
    } else {
        char note[200];
        snprintf(note, sizeof(note), "--system: %s; HZ %d assumed", src,
                 o->params.hz);
        add_note(o, note);
    }
    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *k = rto_setting_at(i);
        FILE *f;

        if (!k->sysctl
            || (k->sysctl_needs >= 0
                && !rto_kernel_has(o->params.kernel,
                                   (enum rto_feature)k->sysctl_needs)))
            continue;
        snprintf(path, sizeof(path), "/proc/sys/net/ipv4/%s", k->sysctl);
        f = fopen(path, "re");
        if (!f || !fgets(line, sizeof(line), f)) {
            char note[200];
            snprintf(note, sizeof(note), "--system: %s unreadable; the "
                     "profile's default is assumed", path);
            add_note(o, note);
            if (f)
                fclose(f);
            continue;
        }
        fclose(f);
        if (o->nstrings + 2 > CLI_MAX_STRINGS)
            break;
        snprintf(o->strings[o->nstrings], sizeof(o->strings[0]), "%s",
                 trim(line));
        snprintf(o->strings[o->nstrings + 1], sizeof(o->strings[0]),
                 "--system %s", path);
        if (apply(o, k, o->strings[o->nstrings],
                  o->strings[o->nstrings + 1]) != 0) {
            /* A value the model cannot take is reported, not fatal. */
            add_note(o, o->error);
            o->error[0] = '\0';
        }
        o->nstrings += 2;
    }
    o->system = true;
    return 0;
}

const char *cli_sysctl_name(enum rto_field f)
{
    const struct rto_setting *s = rto_setting_of(f);

    return s ? s->sysctl : NULL;
}

size_t cli_sysctl_rows(const struct cli_opts *o, struct rto_sysctl_row *rows,
                       size_t cap)
{
    const struct rto_params *p = &o->params;
    size_t n = 0;

    for (size_t i = 0; i < rto_setting_count() && n < cap; i++) {
        const struct rto_setting *s = rto_setting_at(i);
        int64_t x = rto_setting_get(p, s->field);
        struct rto_sysctl_row *r = &rows[n];

        /* Only the sysctls this profile's kernel has. */
        if (!s->sysctl
            || (s->sysctl_needs >= 0
                && !rto_kernel_has(p->kernel,
                                   (enum rto_feature)s->sysctl_needs)))
            continue;
        r->sysctl = s->sysctl;
        r->value = rto_setting_to_sysctl(s->field, x);
        r->text = s->kind == RTO_KIND_CHOICE ? rto_cc_name((enum rto_cc)x)
                                             : NULL;
        r->from = o->labels[s->field]  ? o->labels[s->field]
                  : o->texts[s->field] ? "option"
                                       : "profile default";
        n++;
    }
    return n;
}
