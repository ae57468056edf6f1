/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc sockets: one sock_diag sample of this network namespace, each
 * socket's give-up predicted at the namespace's sysctls (the settings
 * given on the command line win, as stated assumptions), filtered, and
 * written by the sockets writer.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
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

struct job {
    const struct cli_opts *o;
    const struct rto_sock_list *l;
    const struct rto_warnings *w;
};

static int write_job(FILE *f, void *ctx)
{
    const struct job *j = ctx;

    return rto_write_sockets(f, j->o->format, j->l, j->w);
}

int cli_sockets(const struct cli_opts *o)
{
    struct cli_opts warn = { 0 };
    struct rto_sock_settings set;
    struct live_socks s = { 0 };
    struct rto_sock_row *rows = NULL;
    struct rto_sock_prediction *pred = NULL;
    struct rto_sock_list l = { 0 };
    struct rto_warnings w;
    const char *wtext[CLI_MAX_WARNINGS];
    struct timespec ts;
    char why[256];
    size_t n = 0;
    int64_t phase;
    int rc;

    warn.quiet = o->quiet;
    settings_of(o, &set, &warn);
    clock_gettime(CLOCK_REALTIME, &ts);
    phase = live_phase_us(set.params.hz);
    if (live_dump(&s, NULL, why, sizeof(why)) != 0) {
        fprintf(stderr, "rtocalc: %s\n", why);
        live_socks_free(&s);
        return CLI_EXIT_RUNTIME;
    }
    set.phase_us = phase;
    live_owners(&s);
    rows = calloc(s.n ? s.n : 1, sizeof(*rows));
    pred = calloc(s.n ? s.n : 1, sizeof(*pred));
    if (!rows || !pred) {
        fprintf(stderr, "rtocalc: out of memory\n");
        rc = CLI_EXIT_RUNTIME;
        goto out;
    }
    for (size_t i = 0; i < s.n; i++) {
        if (!wanted(o, &s.v[i]))
            continue;
        rows[n].sock = &s.v[i];
        rows[n].pred = &pred[n];
        rows[n].rc = rto_sock_predict(&s.v[i], &set, &pred[n]);
        if (rows[n].rc == RTO_EINVAL) {
            fprintf(stderr, "rtocalc: %s\n", rto_strerror(rows[n].rc));
            rc = CLI_EXIT_RUNTIME;
            goto out;
        }
        n++;
    }
    cli_print_warnings(&warn);
    for (int i = 0; i < warn.nwarnings; i++)
        wtext[i] = warn.warnings[i];
    w.text = wtext;
    w.count = (size_t)warn.nwarnings;
    l.set = &set;
    l.rows = rows;
    l.count = n;
    l.sampled_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    l.width = o->wide ? 0 : RTO_NARROW;
    {
        struct job j = { o, &l, &w };
        rc = cli_output(o->output, write_job, &j);
    }
out:
    free(rows);
    free(pred);
    live_socks_free(&s);
    return rc;
}
