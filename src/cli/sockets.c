/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc sockets: one sock_diag sample of this network namespace, each
 * socket's give-up predicted at the namespace's sysctls with the options
 * read from the socket's owner on top (as root; the settings given on the
 * command line stand for those not read), filtered, and written by the
 * sockets writer.  one_sample() is the work of one
 * namespace; take() runs it in the namespaces asked for (--netns,
 * --all-netns), entering and leaving each; --watch repeats take() and
 * the write (watch.c keeps the time).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

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
    size_t m = 0, denied = 0, v1 = 0;

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
        v1 += got[k].err == ECANCELED;
        if (!w)
            continue;
        w->unused = live_sockopt_overlay(set, &got[k], &w->set);
        w->absent = got[k].absent;
        own[socks[k] - s->v] = w;
    }
    if (denied)
        cli_warn(warn, "options of %zu socket%s not read (pidfd_getfd: no "
                       "permission): assumed", denied, denied == 1 ? "" : "s");
    if (v1)
        cli_warn(warn, "options of %zu socket%s not read: a cgroup-v1 "
                       "net_cls/net_prio hierarchy is mounted, and taking "
                       "a socket's descriptor would reclassify it: assumed",
                 v1, v1 == 1 ? "" : "s");
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

/* One namespace's part of a sample: its settings, its sockets, and the
 * rows of those listed with their predictions. */
struct part {
    const char *netns;      /* its label, or NULL for the caller's own */
    struct rto_sock_settings set;
    struct live_socks s;
    struct rto_sock_prediction *pred;
    struct rto_sock_row *rows;
    size_t n;
    struct own **own;       /* each socket's own settings, or NULL */
};

/*
 * One sample of the calling thread's network namespace into p: its
 * settings, one sock_diag dump, the owners, and the prediction of each
 * socket listed.  Returns 0, or an exit code after printing why.
 */
static int one_sample(const struct cli_opts *o, struct part *p,
                      struct cli_opts *warn)
{
    struct rto_sock_settings *set = &p->set;
    char why[256];
    int64_t phase;

    settings_of(o, set, warn);
    phase = live_clock(set->params.hz, &set->jiffies, &set->jiffies_known);
    if (live_dump(&p->s, NULL, why, sizeof(why)) != 0) {
        fprintf(stderr, "rtocalc: %s\n", why);
        return CLI_EXIT_RUNTIME;
    }
    set->phase_us = phase;
    live_clock_check(set->params.hz, &set->jiffies, &set->jiffies_known);
    live_owners(&p->s);
    p->own = own_settings(o, &p->s, set, warn);
    p->rows = calloc(p->s.n ? p->s.n : 1, sizeof(*p->rows));
    p->pred = calloc(p->s.n ? p->s.n : 1, sizeof(*p->pred));
    if (!p->rows || !p->pred) {
        fprintf(stderr, "rtocalc: out of memory\n");
        return CLI_EXIT_RUNTIME;
    }
    for (size_t i = 0; i < p->s.n; i++) {
        struct rto_sock_row *r = &p->rows[p->n];

        if (!wanted(o, &p->s.v[i]))
            continue;
        r->sock = &p->s.v[i];
        r->pred = &p->pred[p->n];
        r->netns = p->netns;
        r->set = set;
        if (p->own && p->own[i]) {
            r->set = &p->own[i]->set;
            r->absent = p->own[i]->absent;
        }
        r->rc = rto_sock_predict(&p->s.v[i], r->set, &p->pred[p->n]);
        if (r->rc == RTO_EINVAL) {
            fprintf(stderr, "rtocalc: %s\n", rto_strerror(r->rc));
            return CLI_EXIT_RUNTIME;
        }
        p->n++;
    }
    unused_warn(o, (const struct own *const *)p->own, p->rows, p->n, &p->s,
                warn);
    return 0;
}

/* A run of the command: the options, the sample being written (its
 * namespaces' parts, every row, its warnings), and --watch's state. */
struct run {
    const struct cli_opts *o;
    struct cli_opts warn;
    struct live_netns_list nsl;
    struct part *parts;
    size_t nparts;
    struct rto_sock_row *rows;
    struct rto_sock_list l;
    struct rto_warnings w;
    const char *wtext[CLI_MAX_WARNINGS];
    FILE *out;              /* --watch: the stream every record goes to */
    bool tty;               /* --watch: redrawn in place on a terminal */
    char printed[CLI_MAX_WARNINGS * CLI_WARNING_LEN];
};

static void release(struct run *r)
{
    for (size_t i = 0; i < r->nparts; i++) {
        free(r->parts[i].rows);
        free(r->parts[i].pred);
        own_free(r->parts[i].own, r->parts[i].s.n);
        live_socks_free(&r->parts[i].s);
    }
    free(r->parts);
    free(r->rows);
    live_netns_free(&r->nsl);
    r->parts = NULL;
    r->rows = NULL;
    r->nparts = 0;
}

/* The namespace of --netns: a NAME of /run/netns, or a path. */
static void named_netns(const char *arg, struct live_netns *ns)
{
    memset(ns, 0, sizeof(*ns));
    if (strchr(arg, '/')) {
        snprintf(ns->path, sizeof(ns->path), "%s", arg);
        return;
    }
    ns->label = (size_t)snprintf(ns->path, sizeof(ns->path), "%s/",
                                 LIVE_NETNS_RUN);
    snprintf(ns->path + ns->label, sizeof(ns->path) - ns->label, "%s", arg);
}

/* Sample ns in part p: enter it, one_sample(), and come back, whatever
 * happened inside.  A namespace of --all-netns that cannot be entered
 * is left out (*denied counts those that need privilege, others warn). */
static int sample_in(struct run *r, const struct live_netns *ns,
                     struct part *p, size_t *denied)
{
    char why[LIVE_NETNS_PATH + 128];
    int back, err, rc;

    /* --netns: the rows name it as the command line did. */
    p->netns = r->o->sock.netns ? r->o->sock.netns : ns->path + ns->label;
    if ((err = live_netns_enter(ns, &back, why, sizeof(why))) != 0) {
        if (!r->o->sock.all_netns) {
            fprintf(stderr, "rtocalc: --netns %s: %s\n", r->o->sock.netns,
                    why);
            return CLI_EXIT_RUNTIME;
        }
        if (err == -EPERM)
            ++*denied;
        else
            cli_warn(&r->warn, "%s: not sampled", why);
        return 0;
    }
    rc = one_sample(r->o, p, &r->warn);
    if (live_netns_leave(back, why, sizeof(why)) != 0) {
        fprintf(stderr, "rtocalc: %s\n", why);
        return CLI_EXIT_RUNTIME;
    }
    return rc;
}

/* Each warning once: every namespace reads the same HZ. */
static void unique_warnings(struct cli_opts *w)
{
    int n = 0;

    for (int i = 0; i < w->nwarnings; i++) {
        bool seen = false;

        for (int k = 0; k < n && !seen; k++)
            seen = strcmp(w->warnings[k], w->warnings[i]) == 0;
        if (!seen && n != i)
            memcpy(w->warnings[n], w->warnings[i], sizeof(w->warnings[0]));
        n += !seen;
    }
    w->nwarnings = n;
}

/* One sample of the namespaces asked for, as the list to write. */
static int take(struct run *r)
{
    const struct cli_opts *o = r->o;
    struct live_netns one;
    const struct live_netns *ns = &one;
    struct timespec ts;
    size_t count = 1, n = 0, denied = 0;
    int rc = 0;

    memset(&r->warn, 0, sizeof(r->warn));
    r->warn.quiet = o->quiet;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (o->sock.all_netns) {
        if (live_netns_all(&r->nsl) != 0) {
            fprintf(stderr, "rtocalc: out of memory\n");
            return CLI_EXIT_RUNTIME;
        }
        ns = r->nsl.v;
        count = r->nsl.n;
    } else if (o->sock.netns) {
        named_netns(o->sock.netns, &one);
    }
    r->parts = calloc(count ? count : 1, sizeof(*r->parts));
    if (!r->parts) {
        fprintf(stderr, "rtocalc: out of memory\n");
        return CLI_EXIT_RUNTIME;
    }
    r->nparts = count;
    for (size_t i = 0; i < count && !rc; i++)
        rc = o->sock.netns || o->sock.all_netns
                 ? sample_in(r, &ns[i], &r->parts[i], &denied)
                 : one_sample(o, &r->parts[i], &r->warn);
    if (rc)
        return rc;
    if (denied)
        cli_warn(&r->warn, "%zu network namespace%s not sampled: entering "
                           "one needs CAP_SYS_ADMIN", denied,
                 denied == 1 ? "" : "s");
    unique_warnings(&r->warn);
    for (size_t i = 0; i < count; i++)
        n += r->parts[i].n;
    r->rows = calloc(n ? n : 1, sizeof(*r->rows));
    if (!r->rows) {
        fprintf(stderr, "rtocalc: out of memory\n");
        return CLI_EXIT_RUNTIME;
    }
    n = 0;
    for (size_t i = 0; i < count; i++)
        for (size_t k = 0; k < r->parts[i].n; k++) {
            r->rows[n++] = r->parts[i].rows[k];
        }
    for (int i = 0; i < r->warn.nwarnings; i++)
        r->wtext[i] = r->warn.warnings[i];
    r->w.text = r->wtext;
    r->w.count = (size_t)r->warn.nwarnings;
    r->l.set = &r->parts[0].set;
    r->l.rows = r->rows;
    r->l.count = n;
    r->l.sampled_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    r->l.width = o->wide ? 0 : RTO_NARROW;
    r->l.netns = o->sock.netns || o->sock.all_netns;
    r->l.interval_us = o->sock.watch_us;
    return 0;
}

static int write_job(FILE *f, void *ctx)
{
    const struct run *r = ctx;

    return rto_write_sockets(f, r->o->format, &r->l, &r->w);
}

/* The warnings on standard error: once, and again when they change (a
 * terminal redrawn in place shows them in the table instead). */
static void print_warnings(struct run *r)
{
    char now[sizeof(r->printed)] = "";

    for (int i = 0; i < r->warn.nwarnings; i++)
        strncat(now, r->warn.warnings[i], sizeof(now) - strlen(now) - 1);
    if (r->tty || strcmp(now, r->printed) == 0)
        return;
    cli_print_warnings(&r->warn);
    memcpy(r->printed, now, sizeof(now));
}

/* A sample of --watch, written as one record of the stream, or drawn
 * over the last on a terminal. */
static int watch_record(void *ctx)
{
    struct run *r = ctx;
    int rc = take(r);

    if (rc == 0) {
        print_warnings(r);
        if (r->tty) {
            char *frame = NULL;
            size_t size = 0;
            FILE *mem = open_memstream(&frame, &size);

            rc = mem ? write_job(mem, r) : CLI_EXIT_RUNTIME;
            if (mem && fclose(mem) == 0 && rc == 0)
                cli_watch_frame(r->out, frame);
            free(frame);
        } else {
            rc = write_job(r->out, r);
            fflush(r->out);
        }
        r->l.continued = true;
        /* A write error ends the loop; cli_output() reports it. */
        rc = ferror(r->out) ? CLI_EXIT_RUNTIME : rc ? CLI_EXIT_RUNTIME : 0;
    }
    release(r);
    return rc;
}

/* A sample of --watch --format openmetrics -o FILE: each replaces the
 * file whole (a textfile collector never reads half of one). */
static int watch_file(void *ctx)
{
    struct run *r = ctx;
    int rc = take(r);

    if (rc == 0) {
        print_warnings(r);
        rc = cli_output(r->o->output, write_job, r);
    }
    release(r);
    return rc;
}

static int watch_stream(FILE *f, void *ctx)
{
    struct run *r = ctx;
    int rc;

    r->out = f;
    r->tty = r->o->format == RTO_FMT_TABLE && f == stdout
             && isatty(STDOUT_FILENO);
    if (r->tty)
        cli_watch_screen(f, true);
    rc = cli_watch(r->o->sock.watch_us, r->o->sock.count, watch_record, r);
    if (r->tty)
        cli_watch_screen(f, false);
    /* A write error is cli_output()'s to report. */
    return ferror(f) ? 0 : rc;
}

int cli_sockets(const struct cli_opts *o)
{
    struct run r = { .o = o };
    int rc;

    if (o->sock.watch_us && o->format == RTO_FMT_OPENMETRICS && o->output
        && strcmp(o->output, "-") != 0)
        return cli_watch(o->sock.watch_us, o->sock.count, watch_file, &r);
    if (o->sock.watch_us)
        return cli_output(o->output, watch_stream, &r);
    rc = take(&r);
    if (rc == 0) {
        cli_print_warnings(&r.warn);
        rc = cli_output(o->output, write_job, &r);
    }
    release(&r);
    return rc;
}
