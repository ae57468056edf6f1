/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Planning commands: solve (settings for a target), rto (the estimator
 * from RTT samples), the middlebox warnings of --through, and the path
 * table that sweep (sweep.c) and solve share.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define DUR 32

cli_path_fn cli_path_by_name(const char *name, enum rto_path *path)
{
    const struct rto_path_info *pi = rto_path_find(name);

    if (!pi)
        return NULL;
    *path = pi->path;
    return pi->run;
}

/* ---------------------------------------------------------------- */
/* --through                                                         */
/* ---------------------------------------------------------------- */

/* The middleboxes of --through: presets by name, or NAME=DUR for a preset
 * whose idle timeout was set to DUR (the AWS load balancers accept 60 s
 * to 6000 s, Azure 4 to 100 min). */
#define THROUGH_MAX 16
#define THROUGH_IDLE_MAX_S INT64_C(2592000) /* 30 days */

struct through {
    struct rto_middlebox mb[THROUGH_MAX];
    const struct rto_middlebox *ptr[THROUGH_MAX];
    char name[THROUGH_MAX][64];
    size_t n;
};

/* Parse the list into th.  -1 after one line on stderr. */
static int through_list(const char *list, struct through *th)
{
    char buf[256], *tok, *save = NULL;

    th->n = 0;
    snprintf(buf, sizeof(buf), "%s", list);
    for (tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        const struct rto_middlebox *m;
        int64_t idle = 0;

        if (eq)
            *eq = '\0';
        m = rto_middlebox_find(tok);
        if (!m) {
            size_t nm;
            const struct rto_middlebox *all = rto_middleboxes(&nm);
            fprintf(stderr, "rtocalc: --through: no middlebox \"%s\" "
                            "(known:", tok);
            for (size_t i = 0; i < nm; i++)
                fprintf(stderr, " %s", all[i].name);
            fprintf(stderr, ")\n");
            return -1;
        }
        if (eq && (cli_parse_duration(eq + 1, 1000000, &idle) || idle < 1000000
                   || idle > THROUGH_IDLE_MAX_S * 1000000
                   || idle % 1000000)) {
            fprintf(stderr, "rtocalc: --through: expected NAME=DUR with an "
                            "idle timeout of whole seconds 1s..30d (bare "
                            "s), got \"%s=%s\"\n", tok, eq + 1);
            return -1;
        }
        if (th->n >= THROUGH_MAX)
            continue;
        th->mb[th->n] = *m;
        if (eq) {
            snprintf(th->name[th->n], sizeof(th->name[0]), "%s=%" PRId64 "s",
                     tok, idle / 1000000);
            th->mb[th->n].name = th->name[th->n];
            th->mb[th->n].idle_us = idle;
        }
        th->ptr[th->n] = &th->mb[th->n];
        th->n++;
    }
    return 0;
}

/* Word the facts of one path and one middlebox as a warning, if any. */
static void through_warn(struct cli_opts *o, const char *prefix,
                         enum rto_path path, const struct rto_middlebox *m,
                         const struct rto_mb_check *c)
{
    char idle[DUR], gap[DUR], typ[DUR];

    if (c->verdict != RTO_MB_FORGETS)
        return;
    rto_fmt_duration(m->idle_us, idle, sizeof(idle));
    rto_fmt_duration(c->gap_us, gap, sizeof(gap));
    rto_fmt_duration(c->gap_typical_us, typ, sizeof(typ));
    if (path == RTO_PATH_KEEPALIVE && c->to_n == 1) {
        cli_warn(o, "%s%s forgets a flow idle for %s; the first keepalive "
                    "probe can leave as late as %s (typical %s): set "
                    "tcp_keepalive_time to %" PRId64 " s or less",
                 prefix, m->name, idle, gap, typ, c->timer_max_s);
    } else if (path == RTO_PATH_KEEPALIVE) {
        cli_warn(o, "%s%s forgets a flow idle for %s; after an unanswered "
                    "keepalive probe the next can leave %s later (typical "
                    "%s): set tcp_keepalive_intvl to %" PRId64 " s or less",
                 prefix, m->name, idle, gap, typ, c->timer_max_s);
    } else if (c->to_type == RTO_EV_TLP) {
        cli_warn(o, "%s%s forgets a flow idle for %s; the tail loss probe "
                    "can leave %s after the send (typical %s)",
                 prefix, m->name, idle, gap, typ);
    } else {
        cli_warn(o, "%s%s forgets a flow idle for %s; %s %d can leave %s "
                    "after the packet before it (typical %s): the flow is "
                    "forgotten mid-%s",
                 prefix, m->name, idle,
                 c->to_type == RTO_EV_PROBE ? "zero-window probe"
                                            : "retransmission",
                 c->to_n, gap, typ,
                 c->to_type == RTO_EV_PROBE ? "probing" : "retransmission");
    }
}

/* The checks of one path against every middlebox. */
static int through_path(struct cli_opts *o, const struct through *th,
                        enum rto_path path, const char *prefix,
                        struct rto_event *ev, size_t cap)
{
    for (size_t i = 0; i < th->n; i++) {
        struct rto_mb_check c;
        int err = rto_middlebox_check(&o->params, path, th->ptr[i], ev, cap,
                                      &c);

        /* A path the profile does not model has nothing to check; its
         * own error is reported where it runs. */
        if (err == RTO_ENOTSUP)
            return 0;
        if (err) {
            fprintf(stderr, "rtocalc: --through: %s\n", rto_strerror(err));
            return CLI_EXIT_RUNTIME;
        }
        through_warn(o, prefix, path, th->ptr[i], &c);
    }
    return 0;
}

#define THROUGH_EVENTS 65536

int cli_through_warnings(struct cli_opts *o)
{
    bool all = o->command == CLI_CMD_REPORT || o->command == CLI_CMD_SYSCTL;
    enum rto_path path = RTO_PATH_RETRANS;
    struct through th;
    struct rto_event *ev;
    int rc = 0;

    if (through_list(o->through, &th))
        return CLI_EXIT_USAGE;
    if (o->command == CLI_CMD_ORPHAN && o->fin_wait2)
        path = RTO_PATH_FIN_WAIT2;
    else if (!all && !cli_path_by_name(cli_command_name(o->command), &path))
        return 0;
    ev = malloc(sizeof(*ev) * THROUGH_EVENTS);
    if (!ev) {
        fprintf(stderr, "rtocalc: out of memory\n");
        return CLI_EXIT_RUNTIME;
    }
    if (!all) {
        rc = through_path(o, &th, path, "", ev, THROUGH_EVENTS);
    } else {
        /* The report: each row its own check, named by its path. */
        for (int p = 0; p < RTO_PATH_COUNT && !rc; p++) {
            char prefix[32];

            snprintf(prefix, sizeof(prefix), "%s: ",
                     rto_path_name((enum rto_path)p));
            rc = through_path(o, &th, (enum rto_path)p, prefix, ev,
                              THROUGH_EVENTS);
        }
    }
    free(ev);
    return rc;
}

/* ---------------------------------------------------------------- */
/* solve                                                             */
/* ---------------------------------------------------------------- */

/* A solution's values as "tcp_rto_max_ms = 60000, tcp_retries2 = 7". */
static void solution_text(const struct rto_solution *s, char *buf,
                          size_t size)
{
    int len = snprintf(buf, size, "%s = %" PRId64, s->knob, s->value);

    if (s->knob2 && len > 0 && (size_t)len < size)
        len += snprintf(buf + len, size - (size_t)len, ", %s = %" PRId64,
                        s->knob2, s->value2);
    if (s->knob3 && len > 0 && (size_t)len < size)
        snprintf(buf + len, size - (size_t)len, ", %s = %" PRId64, s->knob3,
                 s->value3);
}

int cli_solve(struct cli_opts *o)
{
    struct through th = { .n = 0 };
    struct rto_solution sol[32];
    size_t n = 0;
    enum rto_path path;
    const char *name = o->path ? o->path : "retrans";
    struct rto_solve_list list;
    struct rto_result r = { .kind = RTO_RESULT_SOLVE, .params = &o->params,
                            .solve = &list };
    int rc;

    if (!cli_path_by_name(name, &path)
        || (path != RTO_PATH_RETRANS && path != RTO_PATH_KEEPALIVE
            && path != RTO_PATH_SYN && path != RTO_PATH_ORPHAN)) {
        fprintf(stderr, "rtocalc: --path: expected retrans, keepalive, syn "
                        "or orphan, got \"%s\"\n", name);
        return CLI_EXIT_USAGE;
    }
    if (o->through && through_list(o->through, &th))
        return CLI_EXIT_USAGE;
    rc = rto_solve(&o->params, path, o->target_us, th.ptr, th.n, sol, 32,
                   &n);
    if (rc) {
        fprintf(stderr, "rtocalc: solve: %s\n", rto_strerror(rc));
        return CLI_EXIT_RUNTIME;
    }
    list = (struct rto_solve_list){ name, o->target_us, sol,
                                    n > 32 ? 32 : n };
    /* Each solution's own check against the middleboxes. */
    for (size_t i = 0; i < list.count; i++) {
        char prefix[160];

        if (!sol[i].forgotten_by)
            continue;
        solution_text(&sol[i], prefix, sizeof(prefix) - 3);
        strcat(prefix, ": ");
        through_warn(o, prefix, path, sol[i].forgotten_by, &sol[i].gap);
    }
    cli_print_warnings(o);
    return cli_write(o, &r);
}

/* ---------------------------------------------------------------- */
/* rto                                                               */
/* ---------------------------------------------------------------- */

#define MAX_SAMPLES 100000

/* Samples separated by commas, spaces or newlines; bare numbers in ms.
 * In a list (--samples) every comma stands between two samples: an empty
 * one ("10ms,,3ms") is refused, not skipped. */
static int add_samples(const char *text, int64_t *s, size_t *n,
                       const char *label, bool list)
{
    char tok[64];
    const char *c = text;

    if (list && *c
        && (*c == ',' || c[strlen(c) - 1] == ',' || strstr(c, ",,"))) {
        fprintf(stderr, "rtocalc: %s: expected RTT samples separated by "
                        "single commas, got an empty sample in \"%s\" (see "
                        "rtocalc --help)\n", label, text);
        return -1;
    }
    while (*c) {
        size_t len = strcspn(c, ", \t\r\n");
        if (len) {
            if (len >= sizeof(tok) || *n >= MAX_SAMPLES) {
                fprintf(stderr, "rtocalc: %s: too long or too many samples "
                                "(at most %d)\n", label, MAX_SAMPLES);
                return -1;
            }
            memcpy(tok, c, len);
            tok[len] = '\0';
            if (cli_parse_duration(tok, 1000, &s[*n]) || s[*n] < 1
                || s[*n] > 120000000) {
                fprintf(stderr, "rtocalc: %s: expected RTT samples 1us..120s "
                                "(bare numbers in ms), got \"%s\" (see "
                                "rtocalc --help)\n", label, tok);
                return -1;
            }
            (*n)++;
        }
        c += len;
        if (*c)
            c++;
    }
    return 0;
}

int cli_rto(const struct cli_opts *o)
{
    int64_t *samples = malloc(sizeof(*samples) * MAX_SAMPLES);
    struct rto_rtt_step *steps = NULL;
    size_t n = 0;
    struct rto_rtt_list list;
    struct rto_result r = { .kind = RTO_RESULT_RTT, .params = &o->params,
                            .rtt = &list };
    int rc = CLI_EXIT_USAGE;

    if (!samples)
        return CLI_EXIT_RUNTIME;
    if (o->samples && add_samples(o->samples, samples, &n, "--samples", true))
        goto done;
    if (o->samples_file) {
        FILE *f = strcmp(o->samples_file, "-") == 0
                      ? stdin : fopen(o->samples_file, "re");
        char line[4096];
        if (!f) {
            fprintf(stderr, "rtocalc: --samples-file: cannot read \"%s\": "
                            "%s\n", o->samples_file, strerror(errno));
            goto done;
        }
        while (fgets(line, sizeof(line), f)) {
            if (line[0] == '#')
                continue;
            if (add_samples(line, samples, &n, "--samples-file", false)) {
                if (f != stdin)
                    fclose(f);
                goto done;
            }
        }
        if (f != stdin)
            fclose(f);
    }
    if (n == 0) {
        fprintf(stderr, "rtocalc: rto: no RTT samples given\n");
        goto done;
    }
    steps = malloc(sizeof(*steps) * n);
    if (!steps || rto_rtt_run(&o->params, samples, n, steps) != 0) {
        fprintf(stderr, "rtocalc: rto: the estimator refused the samples\n");
        rc = CLI_EXIT_RUNTIME;
        goto done;
    }
    list = (struct rto_rtt_list){ steps, n };
    rc = cli_write(o, &r);
done:
    free(samples);
    free(steps);
    return rc;
}
