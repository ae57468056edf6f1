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

/* Parse the names; up to cap middleboxes.  -1 on an unknown name. */
static int through_list(const char *list, const struct rto_middlebox **out,
                        size_t cap, size_t *n)
{
    char buf[256], *tok, *save = NULL;

    *n = 0;
    snprintf(buf, sizeof(buf), "%s", list);
    for (tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        const struct rto_middlebox *m = rto_middlebox_find(tok);
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
        if (*n < cap)
            out[(*n)++] = m;
    }
    return 0;
}

int cli_through_warnings(struct cli_opts *o)
{
    const struct rto_middlebox *mb[16];
    size_t n;
    char a[DUR], b[DUR];

    if (through_list(o->through, mb, 16, &n))
        return CLI_EXIT_USAGE;
    for (size_t i = 0; i < n; i++) {
        if (o->params.keepalive_time_us >= mb[i]->idle_us)
            cli_warn(o, "%s (%s) forgets an idle flow after %s, before the "
                        "first keepalive probe at %s: set the keepalive time "
                        "below it",
                     mb[i]->name, mb[i]->what,
                     rto_fmt_duration(mb[i]->idle_us, a, sizeof(a)),
                     rto_fmt_duration(o->params.keepalive_time_us, b,
                                      sizeof(b)));
    }
    return 0;
}

/* ---------------------------------------------------------------- */
/* solve                                                             */
/* ---------------------------------------------------------------- */

int cli_solve(const struct cli_opts *o)
{
    const struct rto_middlebox *mb[16];
    struct rto_solution sol[32];
    size_t nmb = 0, n = 0;
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
    if (o->through && through_list(o->through, mb, 16, &nmb))
        return CLI_EXIT_USAGE;
    rc = rto_solve(&o->params, path, o->target_us, mb, nmb, sol, 32, &n);
    if (rc) {
        fprintf(stderr, "rtocalc: solve: %s\n", rto_strerror(rc));
        return CLI_EXIT_RUNTIME;
    }
    list = (struct rto_solve_list){ name, o->target_us, sol,
                                    n > 32 ? 32 : n };
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
