/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc sockets: one sock_diag sample of this network namespace, each
 * socket's give-up predicted at the namespace's sysctls with the options
 * read from the socket's owner on top (as root; the settings given on the
 * command line stand for those not read), filtered, and written by the
 * sockets writer.
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

/* A socket's own settings: the namespace's with its options on top,
 * and the given settings a different value read replaced. */
struct own {
    struct rto_sock_settings set;
    uint32_t absent, unused;
};

/*
 * The hook of the per-socket options: for each listed socket whose timer
 * can give up and whose owner is known, the hidden options read from the
 * owner (live_sockopts()) over set, in own[i] for socket i (NULL where
 * nothing was read).  The value read is the truth over a given one
 * (unused_warn() says so).  Returns the array to free, or NULL (nothing
 * read, or out of memory: every socket at set).
 */
static struct own **own_settings(const struct cli_opts *o,
                                 const struct live_socks *s,
                                 const struct rto_sock_settings *set,
                                 struct cli_opts *warn)
{
    const struct rto_sock **socks = calloc(s->n ? s->n : 1, sizeof(*socks));
    struct own **own = calloc(s->n ? s->n : 1, sizeof(*own));
    struct live_sockopt *got = NULL;
    size_t m = 0, denied = 0;

    for (size_t i = 0; socks && i < s->n; i++)
        if (s->v[i].pid && timed(&s->v[i]) && wanted(o, &s->v[i]))
            socks[m++] = &s->v[i];
    if (!socks || !own || !m || !(got = calloc(m, sizeof(*got)))) {
        free(socks);
        free(own);
        return NULL;
    }
    live_sockopts(socks, m, got);
    for (size_t k = 0; k < m; k++) {
        struct own *w = got[k].read ? malloc(sizeof(*w)) : NULL;

        denied += got[k].err == EPERM;
        if (!w)
            continue;
        w->unused = live_sockopt_overlay(set, &got[k], &w->set);
        w->absent = got[k].absent;
        own[socks[k] - s->v] = w;
    }
    if (denied)
        cli_warn(warn, "options of %zu socket%s not read (pidfd_getfd: no "
                       "permission): assumed", denied, denied == 1 ? "" : "s");
    free(got);
    free(socks);
    return own;
}

/* Warn, once an option, where a given setting was not used for a socket
 * whose path it shapes, because the socket's own value was read. */
static void unused_warn(const struct cli_opts *o, const struct own *const *own,
                        const struct rto_sock_row *rows, size_t n,
                        const struct live_socks *s, struct cli_opts *warn)
{
    for (int f = 1; own && f < RTO_F_COUNT; f++) {
        const struct rto_setting *st = rto_setting_of((enum rto_field)f);
        size_t count = 0;

        for (size_t i = 0; i < n; i++) {
            const struct own *w = own[rows[i].sock - s->v];

            count += w && rows[i].rc == 0 && (w->unused & LIVE_BIT(f))
                     && (st->paths & RTO_PATH_BIT(rows[i].pred->path));
        }
        if (count)
            cli_warn(warn, "--%s %s not used for %zu socket%s: %s read from "
                           "the socket",
                     st->option, o->texts[f], count, count == 1 ? "" : "s",
                     rto_sock_field_option((enum rto_field)f));
    }
}

static void own_free(struct own **own, size_t n)
{
    for (size_t i = 0; own && i < n; i++)
        free(own[i]);
    free(own);
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
    struct own **own = NULL;
    struct rto_sock_list l;
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
    phase = live_clock(set.params.hz, &set.jiffies, &set.jiffies_known);
    if (live_dump(&s, NULL, why, sizeof(why)) != 0) {
        fprintf(stderr, "rtocalc: %s\n", why);
        live_socks_free(&s);
        return CLI_EXIT_RUNTIME;
    }
    set.phase_us = phase;
    live_clock_check(set.params.hz, &set.jiffies, &set.jiffies_known);
    live_owners(&s);
    own = own_settings(o, &s, &set, &warn);
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
        if (own && own[i]) {
            rows[n].set = &own[i]->set;
            rows[n].absent = own[i]->absent;
        }
        rows[n].rc = rto_sock_predict(&s.v[i], rows[n].set ? rows[n].set
                                                            : &set, &pred[n]);
        if (rows[n].rc == RTO_EINVAL) {
            fprintf(stderr, "rtocalc: %s\n", rto_strerror(rows[n].rc));
            rc = CLI_EXIT_RUNTIME;
            goto out;
        }
        n++;
    }
    unused_warn(o, (const struct own *const *)own, rows, n, &s, &warn);
    cli_print_warnings(&warn);
    for (int i = 0; i < warn.nwarnings; i++)
        wtext[i] = warn.warnings[i];
    w.text = wtext;
    w.count = (size_t)warn.nwarnings;
    l.set = &set;
    l.rows = rows;
    l.count = n;
    l.sampled_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    {
        struct job j = { o, &l, &w };
        rc = cli_output(o->output, write_job, &j);
    }
out:
    free(rows);
    free(pred);
    own_free(own, s.n);
    live_socks_free(&s);
    return rc;
}
