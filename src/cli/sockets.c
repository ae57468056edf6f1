/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc sockets: one sock_diag sample of this network namespace, each
 * socket's give-up predicted at the namespace's sysctls with the options
 * read from the socket's owner on top (as root; the settings given on the
 * command line stand for those not read), filtered, and written by the
 * sockets writer.  one_sample() is the work of one
 * namespace: its settings, the owner index, then the dump, each socket
 * predicted and written as it arrives, so that no socket or row is held
 * (OpenMetrics, which groups each metric over all rows, holds them);
 * take() runs it in the namespaces asked for (--netns, --all-netns),
 * entering and leaving each; --watch repeats take() (watch.c keeps the
 * time).
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

/* One namespace's part of a sample: its settings, and, when the sample
 * is held (OpenMetrics), the sockets listed with their rows. */
struct part {
    const char *netns;      /* its label, or NULL for the caller's own */
    struct rto_sock_settings set;
    struct live_socks s;
    struct rto_sock_prediction *pred;
    struct rto_sock_row *rows;
    struct own **own;       /* each socket's own settings, or NULL */
    int64_t sampled_us;     /* wall-clock time of its sample's moment */
};

/* The dump of one namespace: the owners read before it, where each
 * listed socket goes (the writer, or held in p), and what the warnings
 * count as the sockets pass. */
struct pass {
    const struct cli_opts *o;
    struct part *p;
    struct live_owner_index owners;
    struct rto_sock_out *out;   /* the writer, or NULL: held */
    struct live_sockopt_reader rd;
    size_t denied, v1;          /* options not read: EPERM, ECANCELED */
    size_t unused[RTO_F_COUNT]; /* sockets a given setting was not used
                                 * for, the value read replacing it */
    int err;                    /* a prediction's RTO_EINVAL */
    int64_t tick;               /* the monotonic tick the dump began in */
};

/*
 * The row of socket s at its own settings: where its owner is known and
 * its timer can give up, the hidden options read from the owner
 * (live_sockopt_read()) over the namespace's, in w; the value read is the
 * truth over a given one (pass_warn() says so).  Returns the
 * prediction's status.
 */
static int predict_row(struct pass *ps, const struct rto_sock *s,
                       struct own *w, struct rto_sock_row *r,
                       struct rto_sock_prediction *pred)
{
    bool own = false;

    *r = (struct rto_sock_row){ .sock = s, .pred = pred,
                                .netns = ps->p->netns, .set = &ps->p->set,
                                .sampled_us = ps->p->sampled_us };
    if (s->pid && timed(s)) {
        struct live_sockopt got;

        live_sockopt_read(&ps->rd, s, &got);
        ps->denied += got.err == EPERM;
        ps->v1 += got.err == ECANCELED;
        if ((own = got.read != 0)) {
            w->unused = live_sockopt_overlay(&ps->p->set, &got, &w->set);
            w->absent = got.absent;
            r->set = &w->set;
            r->absent = got.absent;
        }
    }
    r->rc = rto_sock_predict(s, r->set, pred);
    for (int f = 1; own && r->rc == 0 && f < RTO_F_COUNT; f++)
        ps->unused[f] += (w->unused & LIVE_BIT(f))
                         && (rto_setting_of((enum rto_field)f)->paths
                             & RTO_PATH_BIT(pred->path));
    return r->rc;
}

/* The rows of the held sockets, predicted once the dump has ended.
 * Returns 0, or an exit code after printing why. */
static int hold_rows(struct pass *ps)
{
    struct part *p = ps->p;
    size_t n = p->s.n ? p->s.n : 1;
    const char *err = "out of memory";

    p->rows = calloc(n, sizeof(*p->rows));
    p->pred = calloc(n, sizeof(*p->pred));
    p->own = calloc(n, sizeof(*p->own));
    if (!p->rows || !p->pred || !p->own)
        n = 0;
    for (size_t i = 0; n && i < p->s.n; i++) {
        struct rto_sock_row *r = &p->rows[i];
        struct own w;

        if (predict_row(ps, &p->s.v[i], &w, r, &p->pred[i]) == RTO_EINVAL) {
            err = rto_strerror(RTO_EINVAL);
            n = 0;
        } else if (r->set == &w.set) {
            if ((p->own[i] = malloc(sizeof(w))) != NULL) {
                *p->own[i] = w;
                r->set = &p->own[i]->set;
            }
            n = p->own[i] != NULL;
        }
    }
    if (n)
        return 0;
    fprintf(stderr, "rtocalc: %s\n", err);
    return CLI_EXIT_RUNTIME;
}

/* Each socket as the dump delivers it: its owner from the index, then,
 * if listed, predicted and written, or held. */
static int each(struct rto_sock *s, void *ctx)
{
    struct pass *ps = ctx;
    const struct live_owner *owner = live_owner_find(&ps->owners, s->inode);
    struct rto_sock_prediction pred;
    struct rto_sock_row row;
    struct own w;

    s->pid = owner ? owner->pid : 0;
    s->fd = owner ? owner->fd : 0;
    if (!wanted(ps->o, s))
        return 0;
    if (!ps->out)
        return live_socks_append(s, &ps->p->s);
    /* A socket the kernel may have read in a later tick than the count's
     * (the dump went on past it): this and the rest are not tick-exact. */
    if (ps->p->set.jiffies_known
        && live_tick(ps->p->set.params.hz) != ps->tick)
        ps->p->set.jiffies_known = false;
    if (predict_row(ps, s, &w, &row, &pred) == RTO_EINVAL) {
        ps->err = RTO_EINVAL;
        return ECANCELED;
    }
    rto_sock_out_row(ps->out, &row);
    return 0;
}

/* The warnings of a namespace's pass: options not read, and, once an
 * option, a given setting not used for a socket whose path it shapes
 * because the socket's own value was read. */
static void pass_warn(const struct pass *ps, struct cli_opts *warn)
{
    const struct cli_opts *o = ps->o;

    if (ps->denied)
        cli_warn(warn, "options of %zu socket%s not read (pidfd_getfd: no "
                       "permission): assumed", ps->denied,
                 ps->denied == 1 ? "" : "s");
    if (ps->v1)
        cli_warn(warn, "options of %zu socket%s not read: a cgroup-v1 "
                       "net_cls/net_prio hierarchy is mounted, and taking "
                       "a socket's descriptor would reclassify it: assumed",
                 ps->v1, ps->v1 == 1 ? "" : "s");
    for (int f = 1; f < RTO_F_COUNT; f++) {
        const struct rto_setting *st = rto_setting_of((enum rto_field)f);
        size_t count = ps->unused[f];

        if (count)
            cli_warn(warn, "--%s %s not used for %zu socket%s: %s read from "
                           "the socket",
                     st->option, o->texts[f], count, count == 1 ? "" : "s",
                     rto_sock_field_option((enum rto_field)f));
    }
}

/*
 * One sample of the calling thread's network namespace into p: its
 * settings, the owners, then one sock_diag dump, each socket listed
 * predicted as it arrives and written to out (or held in p when out is
 * NULL).  Returns 0, or an exit code after printing why.
 */
static int one_sample(const struct cli_opts *o, struct part *p,
                      struct rto_sock_out *out, struct cli_opts *warn)
{
    struct pass ps = { .o = o, .p = p, .out = out };
    struct timespec now;
    char why[256];
    int rc;

    settings_of(o, &p->set, warn);
    /* The owners first, so that each socket is matched as it arrives. */
    if (live_owner_scan(&ps.owners) != 0) {
        live_owner_index_free(&ps.owners);
        fprintf(stderr, "rtocalc: out of memory\n");
        return CLI_EXIT_RUNTIME;
    }
    /* The model's time zero is the tick the dump happens in; as root its
     * jiffies count too (tick-exact windows for the sockets the dump
     * delivers within that tick). */
    p->set.phase_us = live_clock(p->set.params.hz, &ps.tick, &p->set.jiffies,
                                 &p->set.jiffies_known);
    /* The wall clock at that moment, for give_up_at: the command's own
     * reading came before the owners were read and before live_clock()
     * waited for its moment in the tick (and, in --all-netns, before the
     * namespaces sampled earlier). */
    if (clock_gettime(CLOCK_REALTIME, &now) == 0)
        p->sampled_us = (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
    live_sockopt_reader_init(&ps.rd);
    rc = live_dump_each(each, &ps, NULL, why, sizeof(why));
    live_owner_index_free(&ps.owners);
    /* Held rows: tick-exact only if the whole dump stayed in the tick. */
    if (rc == 0 && !out && live_tick(p->set.params.hz) != ps.tick)
        p->set.jiffies_known = false;
    if (rc != 0)
        fprintf(stderr, "rtocalc: %s\n",
                ps.err ? rto_strerror(ps.err) : why);
    else if (!out)
        rc = hold_rows(&ps);
    live_sockopt_reader_close(&ps.rd);
    if (rc != 0)
        return CLI_EXIT_RUNTIME;
    pass_warn(&ps, warn);
    return 0;
}

/* A run of the command: the options, the sample being written (its
 * namespaces' parts, the writer or every row, its warnings), and
 * --watch's state. */
struct run {
    const struct cli_opts *o;
    struct cli_opts warn;
    struct live_netns_list nsl;
    struct part *parts;
    size_t nparts;
    struct rto_sock_row *rows;
    struct rto_sock_list l;
    struct rto_sock_out out;
    bool stream;            /* the rows went to out as they came */
    struct rto_warnings w;
    const char *wtext[CLI_MAX_WARNINGS];
    FILE *dest;             /* --watch: the stream every record goes to */
    bool tty;               /* --watch: redrawn in place on a terminal */
    char printed[CLI_MAX_WARNINGS * CLI_WARNING_LEN];
};

static void release(struct run *r)
{
    for (size_t i = 0; i < r->nparts; i++) {
        struct part *p = &r->parts[i];

        for (size_t k = 0; p->own && k < p->s.n; k++)
            free(p->own[k]);
        free(p->own);
        free(p->rows);
        free(p->pred);
        live_socks_free(&p->s);
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
    rc = one_sample(r->o, p, r->stream ? &r->out : NULL, &r->warn);
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

/*
 * One sample of the namespaces asked for, one after another.  With f,
 * in a format written a row at a time, each row goes to f as it is
 * predicted and the warnings end it; else the rows are held as the list
 * to write.
 */
static int take(struct run *r, FILE *f)
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
    r->l.set = &r->parts[0].set;
    r->l.rows = NULL;
    r->l.count = 0;
    r->l.sampled_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    r->l.width = o->wide ? 0 : RTO_NARROW;
    r->l.netns = o->sock.netns || o->sock.all_netns;
    r->l.interval_us = o->sock.watch_us;
    r->stream = f && rto_sock_out_begin(&r->out, f, o->format, &r->l) == 0;
    for (size_t i = 0; i < count && !rc; i++)
        rc = o->sock.netns || o->sock.all_netns
                 ? sample_in(r, &ns[i], &r->parts[i], &denied)
                 : one_sample(o, &r->parts[i], r->stream ? &r->out : NULL,
                              &r->warn);
    if (rc)
        return rc;
    if (denied)
        cli_warn(&r->warn, "%zu network namespace%s not sampled: entering "
                           "one needs CAP_SYS_ADMIN", denied,
                 denied == 1 ? "" : "s");
    unique_warnings(&r->warn);
    for (int i = 0; i < r->warn.nwarnings; i++)
        r->wtext[i] = r->warn.warnings[i];
    r->w.text = r->wtext;
    r->w.count = (size_t)r->warn.nwarnings;
    if (r->stream)
        return rto_sock_out_end(&r->out, &r->w) != 0 ? CLI_EXIT_RUNTIME : 0;
    for (size_t i = 0; i < count; i++)
        n += r->parts[i].s.n;
    r->rows = calloc(n ? n : 1, sizeof(*r->rows));
    if (!r->rows) {
        fprintf(stderr, "rtocalc: out of memory\n");
        return CLI_EXIT_RUNTIME;
    }
    for (size_t i = 0; i < count; i++)
        for (size_t k = 0; k < r->parts[i].s.n; k++)
            r->rows[r->l.count++] = r->parts[i].rows[k];
    r->l.rows = r->rows;
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

/* A sample written to f: streamed, or held and written whole; its
 * warnings on standard error after it. */
static int sample_job(FILE *f, void *ctx)
{
    struct run *r = ctx;
    int rc = take(r, f);

    if (rc == 0 && !r->stream)
        rc = write_job(f, r);
    if (rc == 0)
        print_warnings(r);
    return rc;
}

/* A sample of --watch, written as one record of the stream, or drawn
 * over the last on a terminal. */
static int watch_record(void *ctx)
{
    struct run *r = ctx;
    int rc;

    if (r->tty) {
        char *frame = NULL;
        size_t size = 0;
        FILE *mem = open_memstream(&frame, &size);

        rc = mem ? sample_job(mem, r) : CLI_EXIT_RUNTIME;
        if (mem && fclose(mem) == 0 && rc == 0)
            cli_watch_frame(r->dest, frame);
        free(frame);
    } else {
        rc = sample_job(r->dest, r);
        fflush(r->dest);
    }
    r->l.continued = true;
    release(r);
    /* A write error ends the loop; cli_output() reports it. */
    return ferror(r->dest) || rc ? CLI_EXIT_RUNTIME : 0;
}

/* A sample of --watch --format openmetrics -o FILE: each replaces the
 * file whole (a textfile collector never reads half of one). */
static int watch_file(void *ctx)
{
    struct run *r = ctx;
    int rc = cli_output(r->o->output, sample_job, r);

    release(r);
    return rc;
}

static int watch_stream(FILE *f, void *ctx)
{
    struct run *r = ctx;
    int rc;

    r->dest = f;
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
    rc = cli_output(o->output, sample_job, &r);
    release(&r);
    return rc;
}
