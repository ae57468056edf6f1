/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc-conns: open N established TCP connections over loopback and
 * hold them, for the sockets benchmark (bench/sockets.sh runs it inside a
 * private network namespace).
 *
 *   rtocalc-conns [-t SECONDS] [-p PER_PROCESS] N
 *
 * Both ends of each connection live in the same process: a listener on
 * 127.0.0.1 (a port the kernel picks), the connected client socket and the
 * socket accept() returned.  A process holds at most PER_PROCESS
 * connections (default: as many as its RLIMIT_NOFILE fits, the soft limit
 * raised to the hard one), so N connections are spread evenly over as
 * many child processes as that takes: 2N established sockets and one
 * listener a child.  Once all are open it prints "ready: N connections
 * (2N established sockets) in K processes" on standard output and holds
 * them until standard input reaches end of file or SECONDS pass (default
 * 600); then it ends its children, waits for them and exits.  A child
 * that cannot open its share ends the whole with exit 1 and a line on
 * standard error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CONNS 1000000L
#define MAX_PROCS 1000L
/* Descriptors beyond the sockets: the standard three, the pipes and the
 * listener. */
#define SPARE_FDS 16

static long number(const char *opt, const char *s, long lo, long hi)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) {
        fprintf(stderr, "rtocalc-conns: %s: expected %ld..%ld, got \"%s\"\n",
                opt, lo, hi, s);
        exit(2);
    }
    return v;
}

/* The connections one process can hold: its soft RLIMIT_NOFILE raised to
 * the hard limit, two descriptors a connection. */
static long capacity(void)
{
    struct rlimit r;

    if (getrlimit(RLIMIT_NOFILE, &r) != 0)
        return 0;
    if (r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &r) != 0)
            return 0;
    }
    if (r.rlim_cur == RLIM_INFINITY || r.rlim_cur > (rlim_t)2 * MAX_CONNS)
        return MAX_CONNS;
    return r.rlim_cur > SPARE_FDS ? (long)(r.rlim_cur - SPARE_FDS) / 2 : 0;
}

/* A child's share: n connections, then one byte on ready, then hold them
 * until hold reaches end of file (the parent closed it or died). */
static int child(long n, int ready, int hold)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t salen = sizeof(sa);
    const char *what = "listener";
    char c = 'y';
    long i = 0;
    int lfd;

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0
        || listen(lfd, SOMAXCONN) != 0
        || getsockname(lfd, (struct sockaddr *)&sa, &salen) != 0)
        goto fail;
    /* On loopback the handshake completes inside connect(), so each
     * connection is accepted at once and the backlog never fills. */
    for (; i < n; i++) {
        int cfd = socket(AF_INET, SOCK_STREAM, 0);

        what = "socket";
        if (cfd < 0)
            goto fail;
        what = "connect";
        if (connect(cfd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
            goto fail;
        what = "accept";
        if (accept(lfd, NULL, NULL) < 0)
            goto fail;
    }
    if (write(ready, &c, 1) != 1)
        return 1;
    while (read(hold, &c, 1) < 0 && errno == EINTR)
        ;
    return 0;
fail:
    fprintf(stderr, "rtocalc-conns: %s (connection %ld of this process): "
            "%s\n", what, i, strerror(errno));
    return 1;
}

int main(int argc, char **argv)
{
    struct pollfd in = { .fd = 0, .events = POLLIN };
    long n, per = 0, procs, got = 0, seconds = 600;
    pid_t parent = getpid();
    int ready[2], hold[2], c, rc = 0;
    pid_t *pids;

    while ((c = getopt(argc, argv, "t:p:")) != -1) {
        if (c == 't')
            seconds = number("-t", optarg, 1, 86400);
        else if (c == 'p')
            per = number("-p", optarg, 1, MAX_CONNS);
        else
            optind = argc + 1;
    }
    if (optind != argc - 1) {
        fputs("usage: rtocalc-conns [-t SECONDS] [-p PER_PROCESS] N\n",
              stderr);
        return 2;
    }
    n = number("N", argv[optind], 1, MAX_CONNS);
    alarm((unsigned)seconds);
    {
        long cap = capacity();

        if (cap < 1) {
            fprintf(stderr, "rtocalc-conns: RLIMIT_NOFILE: %s\n",
                    strerror(errno ? errno : EMFILE));
            return 1;
        }
        if (!per || per > cap)
            per = cap;
    }
    procs = (n + per - 1) / per;
    if (procs > MAX_PROCS) {
        fprintf(stderr, "rtocalc-conns: %ld connections need %ld processes "
                "of %ld (RLIMIT_NOFILE), more than %ld\n", n, procs, per,
                MAX_PROCS);
        return 1;
    }
    if (pipe(ready) != 0 || pipe(hold) != 0
        || !(pids = calloc((size_t)procs, sizeof(*pids)))) {
        perror("rtocalc-conns");
        return 1;
    }
    fflush(stdout);
    for (long k = 0; k < procs; k++) {
        /* An even spread: the first n % procs take one more. */
        long share = n / procs + (k < n % procs);

        if ((pids[k] = fork()) < 0) {
            perror("rtocalc-conns: fork");
            rc = 1;
            break;
        }
        if (pids[k] == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            close(ready[0]);
            close(hold[1]);
            _exit(getppid() != parent ? 1 : child(share, ready[1], hold[0]));
        }
    }
    close(ready[1]);
    close(hold[0]);
    /* One byte a child; end of file early means one failed. */
    while (rc == 0 && got < procs) {
        char b[64];
        ssize_t r = read(ready[0], b, sizeof(b));

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            rc = 1;
        else
            got += r;
    }
    if (rc == 0) {
        printf("ready: %ld connections (%ld established sockets) in %ld "
               "processes\n", n, 2 * n, procs);
        rc = fflush(stdout) != 0;
    }
    /* Hold them until standard input ends (or fails); SIGALRM's default
     * action ends this process, and so its children, when time runs
     * out. */
    while (rc == 0) {
        char buf[256];

        if (poll(&in, 1, -1) < 0 && errno != EINTR)
            break;
        if ((in.revents & (POLLIN | POLLHUP | POLLERR))
            && read(0, buf, sizeof(buf)) <= 0)
            break;
    }
    close(hold[1]);
    for (long k = 0; k < procs; k++)
        if (pids[k] > 0)
            waitpid(pids[k], NULL, 0);
    free(pids);
    return rc;
}
