/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Running a parsed command: compute, then write to stdout or -o FILE. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

/* Room for the longest timelines the current kernel allows (tcp_retries2
 * 255 with rto_max 1 s is about 260 events); more is reported as cut. */
#define EVENT_CAP 65536

struct job {
    const struct cli_opts *o;
    struct rto_event *events;
    size_t cap;
    int model_err;
};

/* The timeline of a command: its name, except orphan --fin-wait2. */
static cli_path_fn path_fn(const struct cli_opts *o)
{
    enum rto_path path;

    if (o->command == CLI_CMD_ORPHAN && o->fin_wait2)
        return rto_fin_wait2;
    return cli_path_by_name(cli_command_name(o->command), &path);
}

static int write_job(FILE *f, void *ctx)
{
    struct job *j = ctx;
    const struct cli_opts *o = j->o;
    struct rto_timeline t;
    int err;

    if (o->command == CLI_CMD_SYSCTL && (err = cli_sysctl_report(f, o)))
        return err;
    if (o->command == CLI_CMD_REPORT || o->command == CLI_CMD_SYSCTL) {
        err = rto_report(f, o->format, &o->params, j->events, j->cap);
        if (err && err != RTO_EIO)
            j->model_err = err;
        return err;
    }
    rto_timeline_init(&t, j->events, j->cap);
    err = path_fn(o)(&o->params, &t);
    if (err) {
        j->model_err = err;
        return err;
    }
    if (t.truncated)
        fprintf(stderr, "rtocalc: warning: only the first %zu events are "
                        "listed; the summary covers all\n", t.count);
    return rto_write(f, o->format, &o->params, &t);
}

/* --emit: configuration instead of a timeline. */
static int write_emit(FILE *f, void *ctx)
{
    struct job *j = ctx;

    j->model_err = rto_emit(f, j->o->emit, &j->o->params);
    return j->model_err;
}

int cli_run(const struct cli_opts *o)
{
    struct job j = { o, NULL, EVENT_CAP, 0 };
    int rc;

    if (o->command == CLI_CMD_VERIFY)
        return cli_verify(o);
    if (o->command == CLI_CMD_PLOT)
        return cli_plot(o);
    if (o->command == CLI_CMD_SWEEP)
        return cli_sweep(o);
    if (o->command == CLI_CMD_SOLVE)
        return cli_solve(o);
    if (o->command == CLI_CMD_RTO)
        return cli_rto(o);
    if (o->through && (rc = cli_through_warnings(o)))
        return rc;
    if (o->emit) {
        rc = cli_output(o->output, write_emit, &j);
        if (j.model_err == RTO_EINVAL) {
            fprintf(stderr, "rtocalc: --emit: expected sysctl, libpq, go, "
                            "java, nginx, haproxy, envoy or redis, got "
                            "\"%s\"\n", o->emit);
            return CLI_EXIT_USAGE;
        }
        return rc;
    }
    j.events = malloc(sizeof(*j.events) * j.cap);
    if (!j.events) {
        fprintf(stderr, "rtocalc: out of memory\n");
        return CLI_EXIT_RUNTIME;
    }
    /* sysctl writes its settings and then their report, both here. */
    rc = cli_output(o->output, write_job, &j);
    free(j.events);
    if (j.model_err) {
        fprintf(stderr, "rtocalc: %s\n", rto_strerror(j.model_err));
        return CLI_EXIT_RUNTIME;
    }
    return rc;
}
