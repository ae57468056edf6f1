/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc verify: pick the scenarios, turn each one's rtocalc options into
 * settings with the same parser as every other command, measure them in
 * private network namespaces and write the comparison.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cli/cli.h"
#include "verify/run.h"

#define EXIT_DISAGREE 3
#define EXIT_CANNOT 77

/* Is name in the comma-separated list? */
static bool in_list(const char *list, const char *name)
{
    size_t len = strlen(name);

    for (const char *s = list; s && *s;) {
        const char *e = strchr(s, ',');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == len && strncmp(s, name, n) == 0)
            return true;
        s = e ? e + 1 : NULL;
    }
    return false;
}

/* Every name in --only must exist. */
static int check_only(const char *only, const struct verify_scenario *cat,
                      size_t n)
{
    char buf[512], *tok, *save = NULL;

    if (only[strspn(only, ",")] == '\0') {
        fprintf(stderr, "rtocalc: --only: expected scenario names, got "
                        "\"%s\" (see rtocalc verify --list)\n", only);
        return -1;
    }
    snprintf(buf, sizeof(buf), "%s", only);
    for (tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        bool found = false;
        for (size_t i = 0; i < n; i++)
            found |= strcmp(cat[i].name, tok) == 0;
        if (!found) {
            fprintf(stderr, "rtocalc: --only: no scenario \"%s\" (see "
                            "rtocalc verify --list)\n", tok);
            return -1;
        }
    }
    return 0;
}

/* The scenario's options, plus the HZ, through the CLI's own parser. */
static int settings(const struct verify_scenario *s, int hz,
                    const char *release, struct rto_params *p)
{
    char buf[256], hzs[16], rel[128], why[128], *argv[32], *tok;
    char *save = NULL;
    struct cli_opts *o = malloc(sizeof(*o));
    int argc = 0, rc = 0;

    if (!o)
        return -1;
    snprintf(buf, sizeof(buf), "%s", s->args);
    snprintf(hzs, sizeof(hzs), "%d", hz);
    snprintf(rel, sizeof(rel), "%s", release);
    argv[argc++] = (char *)(uintptr_t)"rtocalc";
    for (tok = strtok_r(buf, " ", &save); tok && argc < 26;
         tok = strtok_r(NULL, " ", &save))
        argv[argc++] = tok;
    argv[argc++] = (char *)(uintptr_t)"--hz";
    argv[argc++] = hzs;
    /* The model runs the profile of the kernel being measured. */
    argv[argc++] = (char *)(uintptr_t)"--kernel";
    argv[argc++] = rel;
    argv[argc] = NULL;
    if (cli_parse(argc, argv, o) != 0) {
        /* E.g. a knob this kernel does not have: the scenario is skipped. */
        fprintf(stderr, "verify: skipping %s on this kernel: %s\n", s->name,
                o->error);
        rc = 1;
    } else if (verify_lacks_knob(&o->params, why, sizeof(why))) {
        fprintf(stderr, "verify: skipping %s on this kernel: %s\n", s->name,
                why);
        rc = 1;
    } else {
        *p = o->params;
    }
    free(o);
    return rc;
}

static void progress(void *ctx, const struct verify_job *j, size_t done,
                     size_t total)
{
    (void)ctx;
    fprintf(stderr, "verify: [%zu/%zu] %-20s %s (%.1f s)\n", done, total,
            j->s->name, j->pass ? "agrees" : "DISAGREES",
            (double)j->elapsed_us / 1e6);
}

/*
 * A scenario that disagreed while others ran at once is measured again
 * alone, and the second measurement decides (the first verdict is kept for
 * the report).  Many scenarios at once on few CPUs now and then delay a
 * timer by a tick past its wheel bucket, which the model's window does not
 * allow (doc/verify.md, "What the measurements taught"); alone, that has
 * not been seen.  Returns verify_run()'s result.
 */
static int remeasure_alone(struct verify_job *jobs, size_t n, int parallel,
                           bool quiet)
{
    struct verify_job *again;
    size_t nbad = 0, k = 0;
    int rc;

    for (size_t i = 0; i < n; i++)
        nbad += !jobs[i].pass && jobs[i].m.ran;
    if (nbad == 0)
        return 0;
    again = calloc(nbad, sizeof(*again));
    if (!again)
        return 0; /* the first verdicts stand */
    if (!quiet)
        fprintf(stderr, "verify: %zu scenario%s disagreed with %d at a time; "
                        "measuring %s again one at a time\n",
                nbad, nbad == 1 ? "" : "s", parallel,
                nbad == 1 ? "it" : "them");
    for (size_t i = 0; i < n; i++) {
        if (jobs[i].pass || !jobs[i].m.ran)
            continue;
        again[k].s = jobs[i].s;
        again[k].p = jobs[i].p;
        if (verify_model(&again[k]) != 0) {
            free(again);
            return 0;
        }
        k++;
    }
    rc = verify_run(again, nbad, 1, quiet ? NULL : progress, NULL);
    if (rc == 0) {
        k = 0;
        for (size_t i = 0; i < n; i++) {
            if (jobs[i].pass || !jobs[i].m.ran)
                continue;
            snprintf(again[k].first_verdict, sizeof(again[k].first_verdict),
                     "%s", jobs[i].verdict);
            again[k].remeasured = true;
            jobs[i] = again[k++];
            /* The copy's timeline still points at the events it came
             * with. */
            jobs[i].t.events = jobs[i].ev;
        }
    }
    free(again);
    return rc;
}

struct out_ctx {
    const struct verify_job *jobs;
    size_t n;
    enum rto_format format;
    const char *kernel;
    int hz;
    const char *hz_source;
    struct verify_timing tm;
};

static int write_out(FILE *f, void *ctx)
{
    const struct out_ctx *c = ctx;

    return verify_write(f, c->format, c->jobs, c->n, c->kernel, c->hz,
                        c->hz_source, &c->tm);
}

/* verify --list: every scenario of the catalogue and its command, wrapped
 * to 80 columns unless --wide (a long command continues under itself). */
static int write_list(FILE *f, void *ctx)
{
    size_t n;
    const struct verify_scenario *cat = verify_catalogue(&n);
    const int *width = ctx;
    struct rto_text x = { f, *width, 36, 0, "" };

    for (size_t i = 0; i < n; i++) {
        x.hang = 36;
        rto_say(&x, "%-20s %-6s rtocalc %s\n", cat[i].name,
                cat[i].quick ? "quick" : "full", cat[i].args);
        x.hang = 28;
        rto_say(&x, "%-20s        %s\n", "", cat[i].what);
    }
    return ferror(f) ? RTO_EIO : 0;
}

/* A scenario that ends later than this is not staged from settings of
 * one's own: the run would hold a namespace and a terminal for hours. */
#define GIVEN_MAX_US (INT64_C(3600) * 1000000)

/* Settings of one's own: one scenario for each path they shape (or
 * --path's alone), named "given-PATH", with those settings as its
 * options.  The texts live in *store. */
struct given {
    struct verify_scenario s[RTO_PATH_COUNT];
    char args[RTO_PATH_COUNT][512];
    char name[RTO_PATH_COUNT][32];
};

/* The option for field f at o's value, in the model's units: "--retries2
 * 7", "--user-timeout 3s", "--no-tlp". */
static void option_text(const struct cli_opts *o, const struct rto_setting *s,
                        char *buf, size_t size)
{
    int64_t v = rto_setting_get(&o->params, s->field);

    switch (s->kind) {
    case RTO_KIND_FLAG:
        snprintf(buf, size, " --%s%s", v ? "" : "no-", s->option);
        break;
    case RTO_KIND_CHOICE:
        snprintf(buf, size, " --%s %s", s->option,
                 rto_cc_name((enum rto_cc)v));
        break;
    case RTO_KIND_DURATION:
        if (v % 1000000 == 0)
            snprintf(buf, size, " --%s %" PRId64 "s", s->option, v / 1000000);
        else if (v % 1000 == 0)
            snprintf(buf, size, " --%s %" PRId64 "ms", s->option, v / 1000);
        else
            snprintf(buf, size, " --%s %" PRId64 "us", s->option, v);
        break;
    default:
        snprintf(buf, size, " --%s %" PRId64, s->option, v);
        break;
    }
}

/* A scenario of one's own whose model ends past GIVEN_MAX_US is left out,
 * with a note saying so. */
static bool too_long(const struct verify_job *j, bool quiet)
{
    char a[32], b[32];

    if (j->t.give_up_latest_us <= GIVEN_MAX_US)
        return false;
    if (!quiet)
        fprintf(stderr, "verify: not staging %s: at these settings it gives "
                        "up after %s, past verify's bound of %s\n",
                j->s->args, rto_fmt_duration(j->t.give_up_latest_us, a,
                                             sizeof(a)),
                rto_fmt_duration(GIVEN_MAX_US, b, sizeof(b)));
    return true;
}

static size_t given_scenarios(const struct cli_opts *o, struct given *g)
{
    const struct rto_path_info *only = o->path ? rto_path_find(o->path)
                                               : NULL;
    size_t n = 0;

    for (int p = 0; p < RTO_PATH_COUNT; p++) {
        const struct rto_path_info *pi = rto_path_info((enum rto_path)p);
        size_t len;
        bool shaped = false;

        if (only && only->path != pi->path)
            continue;
        snprintf(g->args[n], sizeof(g->args[n]), "%s", pi->command);
        for (size_t i = 0; i < rto_setting_count(); i++) {
            const struct rto_setting *s = rto_setting_at(i);
            if (!o->texts[s->field] || !(s->paths & RTO_PATH_BIT(p)))
                continue;
            len = strlen(g->args[n]);
            option_text(o, s, g->args[n] + len, sizeof(g->args[n]) - len);
            shaped = true;
        }
        if (!shaped)
            continue;
        snprintf(g->name[n], sizeof(g->name[n]), "given-%s", pi->name);
        g->s[n] = (struct verify_scenario){ g->name[n], pi->path, false,
                                            g->args[n],
                                            "the settings given" };
        n++;
    }
    return n;
}

int cli_verify(const struct cli_opts *o)
{
    size_t ncat, n = 0;
    const struct verify_scenario *cat = verify_catalogue(&ncat);
    struct given *given = NULL;
    struct verify_job *jobs;
    struct utsname u;
    struct out_ctx oc;
    char why[256], hz_source[128];
    int hz, rc, parallel, passed = 0;
    int64_t t0, wall;

    if (o->list) {
        int width = o->wide ? 0 : RTO_NARROW;

        return cli_output(o->output, write_list, &width);
    }
    if (o->only && check_only(o->only, cat, ncat))
        return CLI_EXIT_USAGE;
    if (verify_can_run(why, sizeof(why)) != 0) {
        fprintf(stderr, "rtocalc: verify: %s\n", why);
        return EXIT_CANNOT;
    }
    if (cli_detect_hz(&hz, hz_source, sizeof(hz_source)) != 0) {
        /* The RTO of every loopback connection is checked against the
         * model, so a wrong HZ shows up as a disagreement. */
        hz = o->params.hz;
        snprintf(hz_source, sizeof(hz_source),
                 "no kernel config; --hz %d assumed", hz);
    }
    if (o->verify_given) {
        given = malloc(sizeof(*given));
        if (!given) {
            fprintf(stderr, "rtocalc: verify: out of memory\n");
            return CLI_EXIT_RUNTIME;
        }
        ncat = given_scenarios(o, given);
        cat = given->s;
    }
    jobs = calloc(ncat ? ncat : 1, sizeof(*jobs));
    if (!jobs || uname(&u) != 0) {
        fprintf(stderr, "rtocalc: verify: %s\n", strerror(errno));
        free(jobs);
        free(given);
        return CLI_EXIT_RUNTIME;
    }
    for (size_t i = 0; i < ncat; i++) {
        int rc1;

        if (o->only ? !in_list(o->only, cat[i].name)
                    : (o->quick && !cat[i].quick))
            continue;
        jobs[n].s = &cat[i];
        rc1 = settings(&cat[i], hz, u.release, &jobs[n].p);
        if (rc1 > 0)
            continue;
        if (rc1 < 0 || verify_model(&jobs[n]) != 0) {
            free(jobs);
            free(given);
            return CLI_EXIT_RUNTIME;
        }
        if (given && too_long(&jobs[n], o->quiet))
            continue;
        if (given && !o->quiet) {
            char a[32];
            fprintf(stderr, "verify: staging %s: rtocalc %s (ends by about "
                            "%s)\n", jobs[n].s->name, jobs[n].s->args,
                    rto_fmt_duration(jobs[n].t.give_up_latest_us, a,
                                     sizeof(a)));
        }
        n++;
    }
    if (given && n == 0) {
        char a[32];
        fprintf(stderr, "rtocalc: verify: nothing to stage: no path these "
                        "settings shape ends within %s here\n",
                rto_fmt_duration(GIVEN_MAX_US, a, sizeof(a)));
        free(jobs);
        free(given);
        return CLI_EXIT_USAGE;
    }
    /* Every scenario at once by default: each one mostly waits for kernel
     * timers in its own namespace, and the packets carry kernel
     * timestamps, so a full run takes about as long as its longest
     * scenario. */
    parallel = o->jobs ? o->jobs : n > 64 ? 64 : n ? (int)n : 1;
    if (!o->quiet)
        fprintf(stderr, "verify: %zu scenarios, %d at a time, HZ=%d (%s)\n",
                n, parallel, hz, hz_source);
    t0 = verify_mono_us();
    rc = verify_run(jobs, n, parallel, o->quiet ? NULL : progress, NULL);
    if (rc == 0 && parallel > 1)
        rc = remeasure_alone(jobs, n, parallel, o->quiet);
    wall = verify_mono_us() - t0;
    if (rc < 0) {
        fprintf(stderr, "rtocalc: verify: stopped by signal %d; every "
                        "namespace is gone with its process\n", -rc);
        free(jobs);
        free(given);
        return CLI_EXIT_RUNTIME;
    }
    oc = (struct out_ctx){ jobs, n, o->format, u.release, hz, hz_source,
                           { parallel, wall } };
    rc = cli_output(o->output, write_out, &oc);
    if (rc == CLI_EXIT_OK && o->csv) {
        struct out_ctx cc = oc;
        cc.format = RTO_FMT_CSV;
        rc = cli_output(o->csv, write_out, &cc);
    }
    if (rc) {
        free(jobs);
        free(given);
        return rc;
    }
    for (size_t i = 0; i < n; i++)
        passed += jobs[i].pass;
    free(jobs);
    free(given);
    return (size_t)passed == n ? CLI_EXIT_OK : EXIT_DISAGREE;
}
