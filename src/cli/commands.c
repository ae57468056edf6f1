/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running a parsed command: compute, collect the warnings, then write the
 * result to stdout or -o FILE through the writer of the chosen format.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

/* Room for the longest timelines the current kernel allows (tcp_retries2
 * 255 with rto_max 1 s is about 260 events); more is reported as cut. */
#define EVENT_CAP 65536

void cli_print_warnings(const struct cli_opts *o)
{
    if (o->quiet)
        return;
    for (int i = 0; i < o->nwarnings; i++)
        fprintf(stderr, "rtocalc: warning: %s\n", o->warnings[i]);
}

struct job {
    const struct cli_opts *o;
    struct rto_result *r;
    const char *warnings[CLI_MAX_WARNINGS];
};

static int write_job(FILE *f, void *ctx)
{
    const struct job *j = ctx;

    return rto_write_result(f, j->o->format, j->r);
}

int cli_write(const struct cli_opts *o, struct rto_result *r)
{
    struct job j = { o, r, { NULL } };

    for (int i = 0; i < o->nwarnings && i < CLI_MAX_WARNINGS; i++)
        j.warnings[i] = o->warnings[i];
    r->warnings.text = j.warnings;
    r->warnings.count = (size_t)o->nwarnings;
    r->width = o->wide ? 0 : RTO_NARROW;
    return cli_output(o->output, write_job, &j);
}

/* The timeline of a command: its name, except orphan --fin-wait2. */
static cli_path_fn path_fn(const struct cli_opts *o)
{
    enum rto_path path;

    if (o->command == CLI_CMD_ORPHAN && o->fin_wait2)
        return rto_fin_wait2;
    return cli_path_by_name(cli_command_name(o->command), &path);
}

/* --emit: configuration instead of a timeline (the target was checked
 * while parsing, against the writers' own list). */
static int write_emit(FILE *f, void *ctx)
{
    const struct cli_opts *o = ctx;

    return rto_emit(f, o->emit, &o->params);
}

/* One timeline, the report, or sysctl's settings and report: computed
 * first, so that every warning is known before the first byte. */
static int run_paths(struct cli_opts *o, struct rto_event *ev)
{
    struct rto_sysctl_row rows[RTO_F_COUNT];
    struct rto_sysctl_list list = { o->system, rows, 0 };
    struct rto_report rep;
    struct rto_timeline t = { 0 };
    struct rto_result r = { .params = &o->params };
    int err;

    if (o->command == CLI_CMD_REPORT || o->command == CLI_CMD_SYSCTL) {
        err = rto_report_run(&o->params, ev, EVENT_CAP, &rep);
        r.kind = RTO_RESULT_REPORT;
        r.report = &rep;
        if (o->command == CLI_CMD_SYSCTL) {
            list.count = cli_sysctl_rows(o, rows, RTO_F_COUNT);
            r.kind = RTO_RESULT_SYSCTL;
            r.sysctl = &list;
        }
    } else {
        rto_timeline_init(&t, ev, EVENT_CAP);
        err = path_fn(o)(&o->params, &t);
        r.kind = RTO_RESULT_TIMELINE;
        r.timeline = &t;
        if (!err && t.truncated)
            cli_warn(o, "only the first %zu events are listed; the summary "
                        "covers all", t.count);
    }
    cli_print_warnings(o);
    if (err == RTO_ENOTSUP && r.kind == RTO_RESULT_TIMELINE
        && t.reason == RTO_REASON_NOT_MODELLED && t.not_modelled) {
        fprintf(stderr, "rtocalc: not modelled on this kernel: %s\n",
                t.not_modelled);
        return CLI_EXIT_RUNTIME;
    }
    if (err) {
        fprintf(stderr, "rtocalc: %s\n", rto_strerror(err));
        return CLI_EXIT_RUNTIME;
    }
    return cli_write(o, &r);
}

int cli_run(struct cli_opts *o)
{
    struct rto_event *ev;
    int rc;

    /* solve warns once it has checked its solutions. */
    if (o->command == CLI_CMD_SOLVE)
        return cli_solve(o);
    /* The other commands that are no timeline warn now and write later. */
    if (o->command != CLI_CMD_REPORT && o->command != CLI_CMD_SYSCTL
        && !path_fn(o)) {
        cli_print_warnings(o);
        switch (o->command) {
        case CLI_CMD_VERIFY: return cli_verify(o);
        case CLI_CMD_PLOT: return cli_plot(o);
        case CLI_CMD_SWEEP: return cli_sweep(o);
        case CLI_CMD_RTO: return cli_rto(o);
        case CLI_CMD_STACKS: return cli_stacks(o);
        case CLI_CMD_SOCKETS: return cli_sockets(o);
        default: return CLI_EXIT_USAGE;
        }
    }
    if (o->through && (rc = cli_through_warnings(o)))
        return rc;
    if (o->emit) {
        cli_print_warnings(o);
        return cli_output(o->output, write_emit, (void *)(uintptr_t)o);
    }
    ev = malloc(sizeof(*ev) * EVENT_CAP);
    if (!ev) {
        fprintf(stderr, "rtocalc: out of memory\n");
        return CLI_EXIT_RUNTIME;
    }
    rc = run_paths(o, ev);
    free(ev);
    return rc;
}
