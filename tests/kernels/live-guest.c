/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc sockets against real dead peers, recorded for a judge elsewhere:
 * what tests/live/live.py does, as a C program that runs where there is no
 * Python (make live-kernels boots it in a QEMU guest).
 *
 *     live-guest RTOCALC OUT [SEED]
 *
 * Each round runs in a network namespace of its own with the round's
 * sysctls (verify's verify_enter_netns(): lo up, nothing outside touched,
 * the namespace dies with its last socket).  On 127.0.0.1 and ::1 it makes
 * clients retransmitting 100 bytes, idle keepalive clients and FIN-WAIT-1
 * orphans (100 bytes, then close()), each connected to a peer whose socket
 * then drops everything (a one-instruction BPF filter), started a few
 * milliseconds apart so that their timers sit at different phases of the
 * timer wheel.  `RTOCALC sockets --format json` runs at pseudo-random
 * moments (SEED), every other time as uid 65534; each run's output is kept
 * with the CLOCK_MONOTONIC times it started and ended.  Each socket's real
 * give-up is the moment poll() sees the client's error (ETIMEDOUT
 * expected), or for an orphan the interval in which it left the
 * sock_diag dump (polled every 5 ms).  Every wait is bounded.
 *
 * Nothing is judged here: OUT is one JSON file, which
 * tests/kernels/live-check.sh evaluates.  Exit 0 with OUT written, 1 on a
 * failure, 2 on a usage error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "verify/measure.h"

#define US 1000000
/* One round may last this long (its sockets give up within 20 s). */
#define ROUND_LIMIT_US (60 * (int64_t)US)
/* One rtocalc run may last this long. */
#define RUN_LIMIT_US (10 * (int64_t)US)
/* How often the orphans are looked for in the dump. */
#define ORPHAN_POLL_US 5000
/* The pause before each sample, drawn uniformly from this range. */
#define PAUSE_MIN_US 20000
#define PAUSE_MAX_US 200000
/* The most output one rtocalc run may give. */
#define OUTPUT_MAX (1u << 20)
#define NOBODY 65534
#define FIRST_PORT 6001

enum kind { RETRANS, KEEPALIVE, ORPHAN, KINDS };

static const char *const kind_name[KINDS] = { "retrans", "keepalive",
                                              "orphan" };
/* Sockets of each kind per address family. */
static const int per_family[KINDS] = { 3, 2, 2 };
#define MAX_SOCKS 16

/* A round: the namespace's sysctls its sockets run under. */
struct round {
    int retries2, orphan_retries;
    int ka_time, ka_intvl, ka_probes;
};

static const struct round rounds[] = {
    { 3, 2, 1, 1, 2 },
    { 4, 3, 1, 1, 3 },
    { 5, 1, 2, 1, 2 },
};

struct sock {
    enum kind kind;
    int family;
    int cfd, sfd;            /* the client (-1 once orphaned), the peer */
    int sport, dport;
    int64_t deaf_us;         /* when the peer started dropping everything */
    int64_t from_us, by_us;  /* the give-up lies in [from, by]; 0: not yet */
    int error;               /* the client's socket error at the give-up */
};

struct run {
    pid_t pid;               /* 0: no sample running */
    int fd;                  /* its standard output */
    int uid;
    int64_t start_us;
    char *buf;
    size_t len;
};

static int64_t now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * US + ts.tv_nsec / 1000;
}

static void pause_us(int64_t us)
{
    struct timespec ts = { (time_t)(us / US), (long)(us % US) * 1000 };

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* xorshift64*: the same seed gives the same moments. */
static uint64_t next_random(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717ull;
}

static int64_t random_pause(uint64_t *state)
{
    uint64_t span = PAUSE_MAX_US - PAUSE_MIN_US + 1;

    return PAUSE_MIN_US + (int64_t)(next_random(state) % span);
}

static socklen_t loopback(int family, int port, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof(*ss));
    if (family == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)ss;

        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return sizeof(*a);
    }
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)port);
    a6->sin6_addr = in6addr_loopback;
    return sizeof(*a6);
}

static int local_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return -1;
    return ntohs(ss.ss_family == AF_INET
                     ? ((struct sockaddr_in *)&ss)->sin_port
                     : ((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* Every blocking call of the setup returns within two seconds. */
static void bounded(int fd)
{
    struct timeval tv = { 2, 0 };

    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/*
 * A client connected to a peer on port: a few exchanges give the estimator
 * RTT samples, then the peer's last data must be acknowledged, or it would
 * retransmit it once deaf and the client would keep hearing from it.
 */
static int connect_pair(struct sock *k, int port)
{
    struct sockaddr_storage ss;
    socklen_t len = loopback(k->family, port, &ss);
    int one = 1, lfd, queued = 1;
    char b[10] = "xxxxxxxxx";

    k->cfd = k->sfd = -1;
    lfd = socket(k->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd < 0)
        return -1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(lfd, (struct sockaddr *)&ss, len) != 0 || listen(lfd, 1) != 0
        || (k->cfd = socket(k->family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
        goto fail;
    bounded(k->cfd);
    if ((k->kind == KEEPALIVE
         && setsockopt(k->cfd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)))
        || connect(k->cfd, (struct sockaddr *)&ss, len) != 0
        || (k->sfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) < 0)
        goto fail;
    bounded(k->sfd);
    for (int i = 0; i < 4; i++)
        if (write(k->cfd, b, sizeof(b)) != sizeof(b)
            || read(k->sfd, b, sizeof(b)) != sizeof(b)
            || write(k->sfd, b, sizeof(b)) != sizeof(b)
            || read(k->cfd, b, sizeof(b)) != sizeof(b))
            goto fail;
    for (int i = 0; i < 200 && queued; i++) {
        if (ioctl(k->sfd, SIOCOUTQ, &queued) != 0)
            goto fail;
        if (queued)
            pause_us(5000);
    }
    close(lfd);
    k->sport = local_port(k->cfd);
    k->dport = port;
    return queued ? -1 : 0;
fail:
    close(lfd);
    return -1;
}

/* The peer goes deaf; then the client sends, idles or leaves an orphan. */
static int go_deaf(struct sock *k)
{
    static const char data[100];

    if (verify_drop_all(k->sfd) != 0)
        return -1;
    k->deaf_us = now_us();
    if (k->kind != KEEPALIVE
        && write(k->cfd, data, sizeof(data)) != (ssize_t)sizeof(data))
        return -1;
    if (k->kind == ORPHAN) {
        close(k->cfd);
        k->cfd = -1;
    }
    return 0;
}

static void close_all(struct sock *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (k[i].cfd >= 0)
            close(k[i].cfd);
        if (k[i].sfd >= 0)
            close(k[i].sfd);
        k[i].cfd = k[i].sfd = -1;
    }
}

/* The sockets of a round, set up and made deaf one after another. */
static int make_socks(struct sock *k, size_t *n, uint64_t *rnd)
{
    static const int families[] = { AF_INET, AF_INET6 };
    int port = FIRST_PORT;

    *n = 0;
    for (size_t f = 0; f < 2; f++)
        for (int kind = 0; kind < KINDS; kind++)
            for (int i = 0; i < per_family[kind]; i++) {
                struct sock *s = &k[(*n)++];

                memset(s, 0, sizeof(*s));
                s->kind = (enum kind)kind;
                s->family = families[f];
                if (connect_pair(s, port++) != 0)
                    return -1;
            }
    for (size_t i = 0; i < *n; i++) {
        if (go_deaf(&k[i]) != 0)
            return -1;
        pause_us((int64_t)(next_random(rnd) % 40000));
    }
    return 0;
}

/* Source ports of the FIN-WAIT-1 sockets of a family, from one dump. */
static int fin_wait1(int family, int *ports, size_t cap, size_t *n)
{
    struct {
        struct nlmsghdr h;
        struct inet_diag_req_v2 r;
    } req;
    static char buf[32768];
    int nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    int rc = -1;

    if (nl < 0)
        return -1;
    bounded(nl);
    memset(&req, 0, sizeof(req));
    req.h.nlmsg_len = sizeof(req);
    req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.r.sdiag_family = (uint8_t)family;
    req.r.sdiag_protocol = IPPROTO_TCP;
    req.r.idiag_states = 1u << TCP_FIN_WAIT1;
    if (send(nl, &req, sizeof(req), 0) != (ssize_t)sizeof(req))
        goto out;
    for (;;) {
        ssize_t got = recv(nl, buf, sizeof(buf), 0);
        struct nlmsghdr *h = (struct nlmsghdr *)buf;
        size_t left = got > 0 ? (size_t)got : 0;

        if (got <= 0)
            goto out;
        for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
            const struct inet_diag_msg *d = NLMSG_DATA(h);

            if (h->nlmsg_type == NLMSG_DONE) {
                rc = 0;
                goto out;
            }
            if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY)
                goto out;
            if (*n < cap)
                ports[(*n)++] = ntohs(d->id.idiag_sport);
        }
    }
out:
    close(nl);
    return rc;
}

/* The orphans gone from a dump taken in [start, end] and present in the
 * one that started at prev left the hash between prev and end. */
static int watch_orphans(struct sock *k, size_t n, int64_t *prev)
{
    int ports[2 * MAX_SOCKS];
    size_t got = 0;
    int64_t start = now_us(), end;

    if (fin_wait1(AF_INET, ports, MAX_SOCKS, &got) != 0
        || fin_wait1(AF_INET6, ports, 2 * MAX_SOCKS, &got) != 0)
        return -1;
    end = now_us();
    for (size_t i = 0; i < n; i++) {
        bool seen = false;

        if (k[i].kind != ORPHAN || k[i].by_us)
            continue;
        for (size_t j = 0; j < got; j++)
            seen = seen || ports[j] == k[i].sport;
        if (!seen) {
            k[i].from_us = *prev;
            k[i].by_us = end;
        }
    }
    *prev = start;
    return 0;
}

static void client_died(struct sock *k, int64_t t)
{
    socklen_t len = sizeof(k->error);

    if (getsockopt(k->cfd, SOL_SOCKET, SO_ERROR, &k->error, &len) != 0)
        k->error = errno;
    k->from_us = k->by_us = t;
    close(k->cfd);
    k->cfd = -1;
}

static bool pending(const struct sock *k, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!k[i].by_us)
            return true;
    return false;
}

static int start_run(struct run *r, const char *rtocalc, int uid)
{
    int p[2];

    if (pipe2(p, O_CLOEXEC) != 0)
        return -1;
    r->start_us = now_us();
    r->pid = fork();
    if (r->pid < 0) {
        close(p[0]);
        close(p[1]);
        r->pid = 0;
        return -1;
    }
    if (r->pid == 0) {
        if (dup2(p[1], STDOUT_FILENO) < 0
            || (uid && (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0
                        || setuid(NOBODY) != 0)))
            _exit(126);
        execl(rtocalc, rtocalc, "sockets", "--format", "json", (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    r->fd = p[0];
    r->uid = uid;
    r->len = 0;
    return 0;
}

/* Read what the run wrote; 1 at its end, 0 for more, -1 on an error. */
static int read_run(struct run *r)
{
    ssize_t got;

    if (r->len == OUTPUT_MAX)
        return -1;
    got = read(r->fd, r->buf + r->len, OUTPUT_MAX - r->len);
    if (got < 0)
        return errno == EINTR ? 0 : -1;
    r->len += (size_t)got;
    return got == 0;
}

/* Reap the run (killed first when it must stop); its exit status, or
 * 128 + the signal that ended it. */
static int end_run(struct run *r, bool kill_it)
{
    int st = 0;

    if (kill_it)
        kill(r->pid, SIGKILL);
    close(r->fd);
    while (waitpid(r->pid, &st, 0) < 0 && errno == EINTR)
        ;
    r->pid = 0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void json_string(FILE *out, const char *s, size_t len)
{
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void write_sample(FILE *out, const struct run *r, int64_t end,
                         int status, bool first)
{
    fprintf(out, "%s\n     {\"start_us\": %lld, \"end_us\": %lld, "
                 "\"uid\": %d, \"status\": %d, \"output\": ",
            first ? "" : ",", (long long)r->start_us, (long long)end, r->uid,
            status);
    json_string(out, r->buf, r->len);
    fputc('}', out);
}

static void write_socks(FILE *out, const struct sock *k, size_t n)
{
    fputs("],\n    \"sockets\": [", out);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "%s\n     {\"kind\": \"%s\", \"family\": %d, "
                     "\"sport\": %d, \"dport\": %d, \"deaf_us\": %lld, ",
                i ? "," : "", kind_name[k[i].kind],
                k[i].family == AF_INET ? 4 : 6, k[i].sport, k[i].dport,
                (long long)k[i].deaf_us);
        if (k[i].by_us)
            fprintf(out, "\"gave_up_us\": [%lld, %lld], ",
                    (long long)k[i].from_us, (long long)k[i].by_us);
        else
            fputs("\"gave_up_us\": null, ", out);
        fprintf(out, "\"error\": %d}", k[i].error);
    }
    fputs("]}", out);
}

/*
 * Wait for whatever comes first (a client's error, the sample's output,
 * the next orphan poll or sample) and handle it; -1 on a failure.
 */
static int step(struct sock *k, size_t n, struct run *r, FILE *out,
                int64_t *next_poll, int64_t *prev_poll, int *samples)
{
    struct pollfd pf[MAX_SOCKS + 1];
    size_t idx[MAX_SOCKS], m = 0;
    int64_t until = *next_poll, t;
    struct timespec ts;

    for (size_t i = 0; i < n; i++)
        if (k[i].cfd >= 0 && !k[i].by_us) {
            pf[m].fd = k[i].cfd;
            pf[m].events = 0;       /* POLLERR and POLLHUP come anyway */
            idx[m++] = i;
        }
    if (r->pid) {
        pf[m].fd = r->fd;
        pf[m].events = POLLIN;
        if (r->start_us + RUN_LIMIT_US < until)
            until = r->start_us + RUN_LIMIT_US;
    }
    t = until - now_us();
    ts.tv_sec = t > 0 ? (time_t)(t / US) : 0;
    ts.tv_nsec = t > 0 ? (long)(t % US) * 1000 : 0;
    if (ppoll(pf, m + (r->pid ? 1 : 0), &ts, NULL) < 0 && errno != EINTR)
        return -1;
    t = now_us();
    for (size_t j = 0; j < m; j++)
        if (pf[j].revents & (POLLERR | POLLHUP))
            client_died(&k[idx[j]], t);
    if (r->pid) {
        int got = pf[m].revents ? read_run(r) : 0;

        if (got != 0 || t >= r->start_us + RUN_LIMIT_US) {
            int status = end_run(r, got <= 0);

            write_sample(out, r, now_us(), status, *samples == 0);
            ++*samples;
        }
    }
    if (t >= *next_poll) {
        if (watch_orphans(k, n, prev_poll) != 0)
            return -1;
        *next_poll = t + ORPHAN_POLL_US;
    }
    return 0;
}

static int write_sysctls(FILE *out, const struct round *rd)
{
    return fprintf(out, "\n   {\"tcp_retries2\": %d, \"tcp_orphan_retries\": "
                        "%d, \"tcp_keepalive_time\": %d, "
                        "\"tcp_keepalive_intvl\": %d, "
                        "\"tcp_keepalive_probes\": %d,\n    \"samples\": [",
                   rd->retries2, rd->orphan_retries, rd->ka_time,
                   rd->ka_intvl, rd->ka_probes);
}

static int run_round(const struct round *rd, int kernel, const char *rtocalc,
                     uint64_t *rnd, FILE *out, struct run *r)
{
    struct rto_params p;
    struct sock k[MAX_SOCKS];
    size_t n = 0;
    int64_t deadline, next_sample, next_poll, prev_poll;
    int samples = 0, rc = -1;
    char why[160];

    rto_params_default_for(&p, kernel);
    p.retries2 = rd->retries2;
    p.orphan_retries = rd->orphan_retries;
    p.keepalive_time_us = (int64_t)rd->ka_time * US;
    p.keepalive_intvl_us = (int64_t)rd->ka_intvl * US;
    p.keepalive_probes = rd->ka_probes;
    if (verify_enter_netns(&p, why, sizeof(why)) != 0) {
        fprintf(stderr, "live-guest: %s\n", why);
        return -1;
    }
    write_sysctls(out, rd);
    if (make_socks(k, &n, rnd) != 0) {
        fprintf(stderr, "live-guest: setting up socket %zu: %s\n", n,
                strerror(errno));
        goto out;
    }
    deadline = now_us() + ROUND_LIMIT_US;
    next_poll = prev_poll = now_us();
    next_sample = now_us() + random_pause(rnd);
    while (now_us() < deadline && (pending(k, n) || r->pid)) {
        if (!r->pid && pending(k, n) && now_us() >= next_sample
            && start_run(r, rtocalc, samples % 2 ? NOBODY : 0) != 0) {
            fprintf(stderr, "live-guest: running %s: %s\n", rtocalc,
                    strerror(errno));
            goto out;
        }
        if (step(k, n, r, out, &next_poll, &prev_poll, &samples) != 0) {
            fprintf(stderr, "live-guest: waiting, or reading the sock_diag "
                            "dump: %s\n", strerror(errno));
            goto out;
        }
        if (!r->pid && next_sample <= r->start_us)
            next_sample = now_us() + random_pause(rnd);
        if (!r->pid && next_sample < next_poll)
            next_poll = next_sample;
    }
    rc = 0;
out:
    if (r->pid) {
        int status = end_run(r, true);

        write_sample(out, r, now_us(), status, samples == 0);
    }
    write_socks(out, k, n);
    close_all(k, n);
    return rc;
}

int main(int argc, char **argv)
{
    struct utsname u;
    struct run r = { 0 };
    uint64_t rnd;
    int kernel = RTO_KERNEL_DEFAULT, rc = 0;
    FILE *out;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: live-guest RTOCALC OUT [SEED]\n");
        return 2;
    }
    rnd = argc == 4 ? strtoull(argv[3], NULL, 10) : 1;
    rnd = rnd ? rnd : 1;
    if (uname(&u) != 0 || rto_kernel_parse(u.release, &kernel) != 0)
        kernel = RTO_KERNEL_DEFAULT;
    r.buf = malloc(OUTPUT_MAX);
    if (!r.buf || !(out = fopen(argv[2], "we"))) {
        fprintf(stderr, "live-guest: %s: %s\n", argv[2], strerror(errno));
        free(r.buf);
        return 1;
    }
    fprintf(out, "{\"release\": ");
    json_string(out, u.release, strlen(u.release));
    fprintf(out, ", \"pid\": %d, \"seed\": %llu, \"rounds\": [",
            (int)getpid(), (unsigned long long)rnd);
    for (size_t i = 0; i < sizeof(rounds) / sizeof(rounds[0]) && !rc; i++) {
        if (i)
            fputc(',', out);
        rc = run_round(&rounds[i], kernel, argv[1], &rnd, out, &r);
    }
    fputs("]}\n", out);
    free(r.buf);
    if (fclose(out) != 0 || rc) {
        fprintf(stderr, "live-guest: the rounds did not complete\n");
        return 1;
    }
    return 0;
}
