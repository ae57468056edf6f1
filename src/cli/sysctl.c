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

enum sunit { SU_INT, SU_S, SU_MS, SU_US, SU_TLP, SU_THIN, SU_CC };

struct sysctl_knob {
    const char *name;
    enum rto_field field;
    enum sunit unit;
    enum rto_feature needs;     /* RTO_FEAT_* or -1 */
};

static const struct sysctl_knob knobs[] = {
    { "tcp_retries1", RTO_F_RETRIES1, SU_INT, (enum rto_feature)-1 },
    { "tcp_retries2", RTO_F_RETRIES2, SU_INT, (enum rto_feature)-1 },
    { "tcp_syn_retries", RTO_F_SYN_RETRIES, SU_INT, (enum rto_feature)-1 },
    { "tcp_syn_linear_timeouts", RTO_F_SYN_LINEAR_TIMEOUTS, SU_INT,
      RTO_FEAT_SYN_LINEAR },
    { "tcp_synack_retries", RTO_F_SYNACK_RETRIES, SU_INT,
      (enum rto_feature)-1 },
    { "tcp_orphan_retries", RTO_F_ORPHAN_RETRIES, SU_INT,
      (enum rto_feature)-1 },
    { "tcp_fin_timeout", RTO_F_FIN_TIMEOUT, SU_S, (enum rto_feature)-1 },
    { "tcp_keepalive_time", RTO_F_KEEPALIVE_TIME, SU_S,
      (enum rto_feature)-1 },
    { "tcp_keepalive_intvl", RTO_F_KEEPALIVE_INTVL, SU_S,
      (enum rto_feature)-1 },
    { "tcp_keepalive_probes", RTO_F_KEEPALIVE_PROBES, SU_INT,
      (enum rto_feature)-1 },
    { "tcp_rto_min_us", RTO_F_RTO_MIN, SU_US, RTO_FEAT_RTO_MIN_SYSCTL },
    { "tcp_rto_max_ms", RTO_F_RTO_MAX, SU_MS, RTO_FEAT_RTO_MAX },
    { "tcp_early_retrans", RTO_F_TLP, SU_TLP, RTO_FEAT_TLP },
    { "tcp_thin_linear_timeouts", RTO_F_THIN, SU_THIN, RTO_FEAT_THIN },
    { "tcp_congestion_control", RTO_F_NONE, SU_CC, (enum rto_feature)-1 },
};

#define N_KNOBS (sizeof(knobs) / sizeof(knobs[0]))

/* "net.ipv4.tcp_retries2", "net/ipv4/tcp_retries2" or "tcp_retries2". */
static const struct sysctl_knob *find(const char *name)
{
    const char *base = name;

    if (strncmp(name, "net.ipv4.", 9) == 0 || strncmp(name, "net/ipv4/", 9) == 0)
        base = name + 9;
    else if (strchr(name, '.') || strchr(name, '/'))
        return NULL;
    for (size_t i = 0; i < N_KNOBS; i++)
        if (strcmp(base, knobs[i].name) == 0)
            return &knobs[i];
    return NULL;
}

static void add_note(struct cli_opts *o, const char *text)
{
    size_t len = strlen(o->notes);

    snprintf(o->notes + len, sizeof(o->notes) - len, "rtocalc: note: %s\n",
             text);
}

/* Apply one knob.  Returns 0, or CLI_EXIT_USAGE with o->error set. */
static int apply(struct cli_opts *o, const struct sysctl_knob *k,
                 const char *value, const char *label)
{
    struct rto_params *p = &o->params;
    int64_t v;

    if ((int)k->needs >= 0 && !rto_kernel_has(p->kernel, k->needs)
        && !(k->unit == SU_TLP && strcmp(value, "0") == 0)) {
        char kn[16];
        rto_kernel_name(p->kernel, kn, sizeof(kn));
        snprintf(o->error, sizeof(o->error),
                 "%s: no such sysctl in the Linux %s profile, got \"%s\"",
                 label, kn, value);
        return CLI_EXIT_USAGE;
    }
    if (k->unit == SU_CC) {
        if (strcmp(value, "reno") == 0)
            p->cc = RTO_CC_RENO;
        else if (strcmp(value, "cubic") == 0)
            p->cc = RTO_CC_CUBIC;
        else if (strcmp(value, "bbr") == 0)
            p->cc = RTO_CC_BBR;
        else {
            snprintf(o->error, sizeof(o->error),
                     "%s: expected reno, cubic or bbr, got \"%s\"", label,
                     value);
            return CLI_EXIT_USAGE;
        }
        return 0;
    }
    if (cli_parse_int(value, &v) != 0 || v < INT32_MIN || v > INT32_MAX) {
        snprintf(o->error, sizeof(o->error),
                 "%s: expected an integer, got \"%s\"", label, value);
        return CLI_EXIT_USAGE;
    }
    switch (k->field) {
    case RTO_F_RETRIES1: p->retries1 = (int)v; break;
    case RTO_F_RETRIES2: p->retries2 = (int)v; break;
    case RTO_F_SYN_RETRIES: p->syn_retries = (int)v; break;
    case RTO_F_SYN_LINEAR_TIMEOUTS: p->syn_linear_timeouts = (int)v; break;
    case RTO_F_SYNACK_RETRIES: p->synack_retries = (int)v; break;
    case RTO_F_ORPHAN_RETRIES: p->orphan_retries = (int)v; break;
    case RTO_F_KEEPALIVE_PROBES: p->keepalive_probes = (int)v; break;
    case RTO_F_FIN_TIMEOUT: p->fin_timeout_us = v * 1000000; break;
    case RTO_F_KEEPALIVE_TIME: p->keepalive_time_us = v * 1000000; break;
    case RTO_F_KEEPALIVE_INTVL: p->keepalive_intvl_us = v * 1000000; break;
    case RTO_F_RTO_MIN: p->rto_min_us = v; break;
    case RTO_F_RTO_MAX: p->rto_max_us = v * 1000; break;
    /* tcp_early_retrans 3 or 4 enables the tail loss probe. */
    case RTO_F_TLP: p->tlp = v == 3 || v == 4; break;
    case RTO_F_THIN: p->thin = v != 0; break;
    default: break;
    }
    if (k->field != RTO_F_NONE) {
        o->labels[k->field] = label;
        o->texts[k->field] = value;
    }
    return 0;
}

int cli_sysctl_arg(struct cli_opts *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    const struct sysctl_knob *k;
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
                 "--sysctl: no TCP timer sysctl \"%s\" (net.ipv4.tcp_*, see "
                 "rtocalc --help)", name);
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
        const struct sysctl_knob *k;
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
    fclose(f);
    return 0;
}

int cli_system(struct cli_opts *o, bool keep_kernel)
{
    struct utsname u;
    char path[128], line[64], src[96];
    int hz;

    if (keep_kernel)
        ;
    else if (uname(&u) == 0
             && rto_kernel_parse(u.release, &o->params.kernel) == 0)
        rto_params_default_for(&o->params, o->params.kernel);
    else
        add_note(o, "--system: the running kernel has no profile; the 6.18 "
                    "profile is assumed");
    if (cli_detect_hz(&hz, src, sizeof(src)) == 0) {
        o->params.hz = hz;
    } else {
        char note[200];
        snprintf(note, sizeof(note), "--system: %s; HZ %d assumed", src,
                 o->params.hz);
        add_note(o, note);
    }
    for (size_t i = 0; i < N_KNOBS; i++) {
        const struct sysctl_knob *k = &knobs[i];
        FILE *f;

        if ((int)k->needs >= 0 && !rto_kernel_has(o->params.kernel, k->needs))
            continue;
        snprintf(path, sizeof(path), "/proc/sys/net/ipv4/%s", k->name);
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
    for (size_t i = 0; i < N_KNOBS; i++)
        if (knobs[i].field == f && f != RTO_F_NONE)
            return knobs[i].name;
    return NULL;
}
