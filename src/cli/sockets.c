/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc sockets: one sock_diag sample of this network namespace, each
 * socket's give-up predicted at the namespace's sysctls (the settings
 * given on the command line win, as stated assumptions), filtered, and
 * written by the sockets writer.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "cli/cli.h"
#include "live/live.h"

/* Whether text names the address a of family (4 or 6). */
static bool same_addr(const char *text, int family, const uint8_t *a)
{
    unsigned char buf[16];

    if (family == 4)
        return inet_pton(AF_INET, text, buf) == 1 && memcmp(buf, a, 4) == 0;
    return inet_pton(AF_INET6, text, buf) == 1 && memcmp(buf, a, 16) == 0;
}

/* Listed without --all: a retransmit, zero-window or keepalive timer
 * runs (the paths that can give up), or an orphan's FIN_WAIT2 timer. */
static bool timed(const struct rto_sock *s)
{
    return s->timer == RTO_TIMER_RETRANS || s->timer == RTO_TIMER_PROBE0
           || s->timer == RTO_TIMER_KEEPALIVE
           || (s->timer == RTO_TIMER_TIMEWAIT
               && s->state == RTO_TCP_FIN_WAIT2);
}

static bool wanted(const struct cli_opts *o, const struct rto_sock *s)
{
    if (!o->sock.all && !timed(s))
        return false;
    if (o->sock.state && s->state != o->sock.state)
        return false;
    if (o->sock.sport && s->sport != o->sock.sport)
        return false;
    if (o->sock.dport && s->dport != o->sock.dport)
        return false;
    if (o->sock.pid && s->pid != o->sock.pid)
        return false;
    if (o->sock.src && !same_addr(o->sock.src, s->family, s->src))
        return false;
    if (o->sock.dst && !same_addr(o->sock.dst, s->family, s->dst))
        return false;
    return true;
}

/* The settings: the running kernel, its HZ and the namespace's sysctls,
 * with what the command line gave on top (given, for every socket). */
static void settings_of(const struct cli_opts *o, struct rto_sock_settings *set,
                        struct cli_opts *warn)
{
    struct utsname u;
    int kernel = RTO_KERNEL_DEFAULT, hz = 0;
    char from[128];

    if (uname(&u) == 0 && rto_kernel_parse(u.release, &kernel) != 0)
        kernel = RTO_KERNEL_DEFAULT;
    rto_sock_settings_default(set, kernel);
    live_sysctls(set);
    if (cli_detect_hz(&hz, from, sizeof(from)) == 0 && rto_hz_valid(hz)) {
        set->params.hz = hz;
    } else {
        set->params.hz = o->params.hz;
        cli_warn(warn, "HZ of the running kernel not found: %d assumed "
                       "(--hz)", o->params.hz);
    }
    for (int f = 1; f < RTO_F_COUNT; f++) {
        if (!o->texts[f] || f == RTO_F_KERNEL || f == RTO_F_HZ)
            continue;
        rto_setting_set(&set->params, (enum rto_field)f,
                        rto_setting_get(&o->params, (enum rto_field)f));
        set->source[f] = RTO_SRC_USER;
    }
    if (o->texts[RTO_F_HZ]) {
        set->params.hz = o->params.hz;
        set->source[RTO_F_HZ] = RTO_SRC_USER;
    }
}

/* One sample: each socket of the dump gets its owner and, when wanted,
 * its prediction, and is written at once (table, CSV, JSON) or held for
 * a writer that needs every row first (OpenMetrics). */
struct job {
    const struct cli_opts *o;
    const struct rto_sock_settings *set;
    const struct rto_warnings *w;
    struct live_owner_index owners;
    struct rto_sock_out out;
    bool streaming;
    struct live_socks held;
    int64_t sampled_us;
    int err;            /* a prediction's RTO_EINVAL */
};

static int take(struct rto_sock *s, void *ctx)
{
    struct job *j = ctx;
    const struct live_owner *own = live_owner_find(&j->owners, s->inode);
    struct rto_sock_prediction pred;
    struct rto_sock_row row = { s, &pred, 0 };

    s->pid = own ? own->pid : 0;
    if (!wanted(j->o, s))
        return 0;
    if (!j->streaming)
        return live_socks_append(s, &j->held);
    if ((row.rc = rto_sock_predict(s, j->set, &pred)) == RTO_EINVAL) {
        j->err = row.rc;
        return ECANCELED;
    }
    rto_sock_out_row(&j->out, &row);
    return 0;
}

/* The held sockets predicted and written whole: 0, -1 (out of memory, or
 * j->err), or the writer's error. */
static int write_held(FILE *f, struct job *j)
{
    size_t n = j->held.n ? j->held.n : 1;
    struct rto_sock_row *rows = calloc(n, sizeof(*rows));
    struct rto_sock_prediction *pred = calloc(n, sizeof(*pred));
    struct rto_sock_list l = { j->set, rows, j->held.n, j->sampled_us };
    int rc = -1;

    for (size_t i = 0; rows && pred && i < j->held.n; i++) {
        rows[i].sock = &j->held.v[i];
        rows[i].pred = &pred[i];
        rows[i].rc = rto_sock_predict(&j->held.v[i], j->set, &pred[i]);
        if (rows[i].rc == RTO_EINVAL) {
            j->err = rows[i].rc;
            break;
        }
    }
    if (rows && pred && !j->err)
        rc = rto_write_sockets(f, j->o->format, &l, j->w);
    free(rows);
    free(pred);
    return rc;
}

static int write_job(FILE *f, void *ctx)
{
    struct job *j = ctx;
    char why[256];
    int rc;

    j->streaming = rto_sock_out_begin(&j->out, f, j->o->format, j->set,
                                      j->sampled_us) == 0;
    if (live_dump_each(take, j, NULL, why, sizeof(why)) != 0) {
        fprintf(stderr, "rtocalc: %s\n",
                j->err ? rto_strerror(j->err) : why);
        return CLI_EXIT_RUNTIME;
    }
    if (j->streaming)
        return rto_sock_out_end(&j->out, j->w) ? CLI_EXIT_RUNTIME : 0;
    /* A write error is cli_output()'s to report. */
    if ((rc = write_held(f, j)) == -1)
        fprintf(stderr, "rtocalc: %s\n",
                j->err ? rto_strerror(j->err) : "out of memory");
    return rc ? CLI_EXIT_RUNTIME : 0;
}

int cli_sockets(const struct cli_opts *o)
{
    struct cli_opts warn = { 0 };
    struct rto_sock_settings set;
    struct job j = { 0 };
    struct rto_warnings w;
    const char *wtext[CLI_MAX_WARNINGS];
    struct timespec ts;
    int rc;

    warn.quiet = o->quiet;
    settings_of(o, &set, &warn);
    clock_gettime(CLOCK_REALTIME, &ts);
    set.phase_us = live_phase_us(set.params.hz);
    /* The owners first, so that each socket is matched as it arrives. */
    if (live_owner_scan(&j.owners) != 0) {
        fprintf(stderr, "rtocalc: out of memory\n");
        live_owner_index_free(&j.owners);
        return CLI_EXIT_RUNTIME;
    }
    cli_print_warnings(&warn);
    for (int i = 0; i < warn.nwarnings; i++)
        wtext[i] = warn.warnings[i];
    w.text = wtext;
    w.count = (size_t)warn.nwarnings;
    j.o = o;
    j.set = &set;
    j.w = &w;
    j.sampled_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    rc = cli_output(o->output, write_job, &j);
    live_socks_free(&j.held);
    live_owner_index_free(&j.owners);
    return rc;
}
