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

int cli_through_warnings(const struct cli_opts *o)
{
    const struct rto_middlebox *mb[16];
    size_t n;
    char a[DUR], b[DUR];

    if (through_list(o->through, mb, 16, &n))
        return CLI_EXIT_USAGE;
    for (size_t i = 0; i < n; i++) {
        if (o->params.keepalive_time_us >= mb[i]->idle_us)
            fprintf(stderr, "rtocalc: warning: %s (%s) forgets an idle flow "
                            "after %s, before the first keepalive probe at "
                            "%s: set the keepalive time below it\n",
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

static void knob_value(char *buf, size_t size, const char *knob, int64_t v)
{
    if (strcmp(knob, "TCP_USER_TIMEOUT") == 0
        || strcmp(knob, "tcp_rto_max_ms") == 0)
        snprintf(buf, size, "%" PRId64 " ms", v);
    else if (strcmp(knob, "tcp_keepalive_time") == 0
             || strcmp(knob, "tcp_keepalive_intvl") == 0)
        snprintf(buf, size, "%" PRId64 " s", v);
    else
        snprintf(buf, size, "%" PRId64, v);
}

static int solve_write(FILE *out, void *vctx)
{
    const struct cli_opts *o = ((void **)vctx)[0];
    const struct rto_solution *s = ((void **)vctx)[1];
    size_t n = *(const size_t *)((void **)vctx)[2];
    char a[DUR], b[DUR], v[48];

    if (o->format == RTO_FMT_JSON) {
        fprintf(out, "{\n  \"command\": \"solve\",\n  \"path\": \"%s\",\n"
                     "  \"target_us\": %" PRId64 ",\n  \"solutions\": [\n",
                o->path ? o->path : "retrans", o->target_us);
        for (size_t i = 0; i < n; i++) {
            fprintf(out, "    { \"knob\": \"%s\", \"value\": %" PRId64,
                    s[i].knob, s[i].value);
            if (s[i].knob2)
                fprintf(out, ", \"knob2\": \"%s\", \"value2\": %" PRId64,
                        s[i].knob2, s[i].value2);
            if (s[i].knob3)
                fprintf(out, ", \"knob3\": \"%s\", \"value3\": %" PRId64,
                        s[i].knob3, s[i].value3);
            fprintf(out, ", \"give_up_us\": %" PRId64
                         ", \"give_up_latest_us\": %" PRId64,
                    s[i].give_up_us, s[i].give_up_latest_us);
            if (s[i].next_give_up_us == RTO_NONE)
                fputs(", \"next_give_up_us\": null }", out);
            else
                fprintf(out, ", \"next_give_up_us\": %" PRId64 " }",
                        s[i].next_give_up_us);
            fputs(i + 1 < n ? ",\n" : "\n", out);
        }
        fputs("  ]\n}\n", out);
        return ferror(out) ? RTO_EIO : 0;
    }
    fprintf(out, "Settings that give up within %s (typical give-up, each "
                 "recomputed through the model):\n\n",
            rto_fmt_duration(o->target_us, a, sizeof(a)));
    for (size_t i = 0; i < n; i++) {
        knob_value(v, sizeof(v), s[i].knob, s[i].value);
        fprintf(out, "  %s = %s", s[i].knob, v);
        if (s[i].knob2) {
            knob_value(v, sizeof(v), s[i].knob2, s[i].value2);
            fprintf(out, ", %s = %s", s[i].knob2, v);
        }
        if (s[i].knob3) {
            knob_value(v, sizeof(v), s[i].knob3, s[i].value3);
            fprintf(out, ", %s = %s", s[i].knob3, v);
        }
        fprintf(out, "\n      gives up after %s (latest %s)",
                rto_fmt_duration(s[i].give_up_us, a, sizeof(a)),
                rto_fmt_duration(s[i].give_up_latest_us, b, sizeof(b)));
        if (s[i].next_give_up_us != RTO_NONE)
            fprintf(out, "; one more gives %s",
                    rto_fmt_duration(s[i].next_give_up_us, a, sizeof(a)));
        fputc('\n', out);
        if (s[i].note)
            fprintf(out, "      %s\n", s[i].note);
    }
    if (n == 0)
        fputs("  none: even the smallest settings take longer\n", out);
    return ferror(out) ? RTO_EIO : 0;
}

int cli_solve(const struct cli_opts *o)
{
    const struct rto_middlebox *mb[16];
    struct rto_solution sol[32];
    size_t nmb = 0, n = 0;
    enum rto_path path;
    const char *name = o->path ? o->path : "retrans";
    void *ctx[3];
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
    if (n > 32)
        n = 32;
    ctx[0] = (void *)(uintptr_t)o;
    ctx[1] = sol;
    ctx[2] = &n;
    return cli_output(o->output, solve_write, ctx);
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

static int rto_write_steps(FILE *out, void *vctx)
{
    const struct cli_opts *o = ((void **)vctx)[0];
    const struct rto_rtt_step *st = ((void **)vctx)[1];
    size_t n = *(const size_t *)((void **)vctx)[2];
    char a[DUR], b[DUR], c[DUR], d[DUR], e[DUR], f[DUR], g[DUR], h[DUR],
        k[DUR];

    if (o->format == RTO_FMT_CSV || o->format == RTO_FMT_JSON) {
        bool json = o->format == RTO_FMT_JSON;
        if (json)
            fprintf(out, "{\n  \"command\": \"rto\",\n  \"hz\": %d,\n"
                         "  \"steps\": [\n", o->params.hz);
        else
            fputs("n,sample_us,srtt8_us,mdev4_us,mdev_max_us,rttvar_us,"
                  "rto_jiffies,rto_us,rfc_srtt_us,rfc_rttvar_us,rfc_rto_us"
                  "\r\n", out);
        for (size_t i = 0; i < n; i++) {
            const struct rto_rtt_step *s = &st[i];
            fprintf(out, json ? "    { \"n\": %zu, \"sample_us\": %" PRId64
                                ", \"srtt8_us\": %" PRIu32 ", \"mdev4_us\": "
                                "%" PRIu32 ", \"mdev_max_us\": %" PRIu32
                                ", \"rttvar_us\": %" PRIu32
                                ", \"rto_jiffies\": %" PRIu64
                                ", \"rto_us\": %" PRId64
                                ", \"rfc_srtt_us\": %" PRId64
                                ", \"rfc_rttvar_us\": %" PRId64
                                ", \"rfc_rto_us\": %" PRId64 " }%s\n"
                              : "%zu,%" PRId64 ",%" PRIu32 ",%" PRIu32
                                ",%" PRIu32 ",%" PRIu32 ",%" PRIu64
                                ",%" PRId64 ",%" PRId64 ",%" PRId64
                                ",%" PRId64 "\r%s\n",
                    i + 1, s->sample_us, s->srtt8_us, s->mdev4_us,
                    s->mdev_max_us, s->rttvar_us, s->rto_jiffies, s->rto_us,
                    s->rfc_srtt_us, s->rfc_rttvar_us, s->rfc_rto_us,
                    json ? (i + 1 < n ? "," : "") : "");
        }
        if (json)
            fputs("  ]\n}\n", out);
        return ferror(out) ? RTO_EIO : 0;
    }
    fprintf(out, "rtocalc rto: the kernel's RTT estimator (tcp_rtt_estimator, "
                 "tcp_set_rto) beside RFC 6298, HZ=%d, rto_min %s\n"
                 "each sample taken as the last of its RTT window\n\n",
            o->params.hz, rto_fmt_duration(o->params.rto_min_us, a,
                                           sizeof(a)));
    fprintf(out, "%4s  %10s  %10s  %10s  %10s  %10s  %12s  |  %10s  %10s  "
                 "%10s\n", "#", "sample", "srtt", "mdev", "mdev_max", "rttvar",
            "RTO (jiffies)", "RFC srtt", "RFC rttvar", "RFC RTO");
    for (size_t i = 0; i < n; i++) {
        const struct rto_rtt_step *s = &st[i];
        char rto[48], r[DUR];
        snprintf(rto, sizeof(rto), "%s (%" PRIu64 ")",
                 rto_fmt_duration(s->rto_us, r, sizeof(r)), s->rto_jiffies);
        fprintf(out, "%4zu  %10s  %10s  %10s  %10s  %10s  %12s  |  %10s  "
                     "%10s  %10s\n",
                i + 1, rto_fmt_duration(s->sample_us, b, sizeof(b)),
                rto_fmt_duration(s->srtt8_us / 8, c, sizeof(c)),
                rto_fmt_duration(s->mdev4_us / 4, d, sizeof(d)),
                rto_fmt_duration(s->mdev_max_us, e, sizeof(e)),
                rto_fmt_duration(s->rttvar_us, f, sizeof(f)), rto,
                rto_fmt_duration(s->rfc_srtt_us, g, sizeof(g)),
                rto_fmt_duration(s->rfc_rttvar_us, h, sizeof(h)),
                rto_fmt_duration(s->rfc_rto_us, k, sizeof(k)));
    }
    fprintf(out, "\nFinal RTO %s: the kernel's variance term never falls "
                 "below rto_min, so its RTO is at least SRTT + rto_min; "
                 "RFC 6298 floors the RTO itself at 1 s.\n",
            rto_fmt_duration(st[n - 1].rto_us, a, sizeof(a)));
    return ferror(out) ? RTO_EIO : 0;
}

int cli_rto(const struct cli_opts *o)
{
    int64_t *samples = malloc(sizeof(*samples) * MAX_SAMPLES);
    struct rto_rtt_step *steps = NULL;
    size_t n = 0;
    void *ctx[3];
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
    ctx[0] = (void *)(uintptr_t)o;
    ctx[1] = steps;
    ctx[2] = &n;
    rc = cli_output(o->output, rto_write_steps, ctx);
done:
    free(samples);
    free(steps);
    return rc;
}
