/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running the scenarios: one child process per scenario, each alone in a
 * network namespace it creates itself, up to --jobs at once; every wait
 * bounded; SIGINT and SIGTERM stop the children (and the children die with
 * the parent, PR_SET_PDEATHSIG), so nothing outlives the run.  Then each
 * measurement is compared with the model at the same settings.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "verify/run.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

int64_t verify_mono_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* How long the scenarios started together may take to set up their
 * namespaces before the measuring starts anyway. */
#define READY_WAIT_MS 10000

/*
 * The child: enter a namespace, say so with one byte, wait for the go (one
 * byte back), measure, report through the pipe.  Setting up a namespace is heavy kernel work; the scenarios
 * started together all finish it before any of them measures, so none
 * measures its timers while the others are being set up.
 */
static void child(struct verify_job *j, int fd, int go, int64_t deadline_us)
{
    struct verify_measured m;
    struct pollfd pfd = { .fd = go, .events = POLLIN };
    char c = 'R';
    int entered;

    prctl(PR_SET_PDEATHSIG, SIGKILL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    memset(&m, 0, sizeof(m));
    entered = verify_enter_netns(&j->p, m.why, sizeof(m.why)) == 0;
    if (write(fd, &c, 1) != 1)
        _exit(1);
    (void)poll(&pfd, 1, READY_WAIT_MS + 5000);
    if (entered)
        verify_measure(j->s, &j->p, deadline_us, &m);
    if (write(fd, &m, sizeof(m)) != (ssize_t)sizeof(m))
        _exit(1);
    _exit(0);
}

struct slot {
    struct verify_job *job;
    pid_t pid;
    int fd;
    int go;          /* the go pipe's write end until the go; -1 after */
    bool ready;      /* its "namespace ready" byte has been read */
    int64_t kill_at;
};

static int start(struct verify_job *j, struct slot *sl)
{
    int fds[2], go[2];
    /* Long enough for the latest give-up the model allows, plus slack. */
    int64_t deadline = j->t.give_up_latest_us + 3000000;

    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    if (pipe2(go, O_CLOEXEC) != 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    sl->pid = fork();
    if (sl->pid < 0) {
        close(fds[0]);
        close(fds[1]);
        close(go[0]);
        close(go[1]);
        return -1;
    }
    if (sl->pid == 0) {
        /* Only its own two pipe ends: holding a sibling's would hide that
         * sibling's exit from the parent. */
        for (int fd = 3; fd < 1024; fd++)
            if (fd != fds[1] && fd != go[0])
                close(fd);
        child(j, fds[1], go[0], deadline);
    }
    close(fds[1]);
    close(go[0]);
    sl->job = j;
    sl->fd = fds[0];
    sl->go = go[1];
    sl->ready = false;
    sl->kill_at = verify_mono_us() + READY_WAIT_MS * 1000 + deadline + 10000000;
    j->started_us = verify_mono_us();
    return 0;
}

/* Wait (bounded) until every slot just started has its namespace, then
 * let them all measure. */
static void ready_go(struct slot *slots, int n)
{
    int64_t until = verify_mono_us() + (int64_t)READY_WAIT_MS * 1000;

    for (int i = 0; i < n; i++) {
        struct pollfd pfd = { .fd = slots[i].fd, .events = POLLIN };
        char c;

        if (!slots[i].job || slots[i].go < 0)
            continue;
        while (!stop_signal) {
            int64_t left = (until - verify_mono_us()) / 1000;
            int r = poll(&pfd, 1, left > 0 ? (int)left : 0);
            if (r > 0) {
                /* A child gone before its byte: finish() reports it. */
                slots[i].ready = read(slots[i].fd, &c, 1) == 1;
                break;
            }
            if (r == 0 || (r < 0 && errno != EINTR))
                break;
        }
    }
    for (int i = 0; i < n; i++) {
        if (slots[i].job && slots[i].go >= 0) {
            char g = 'G';

            if (write(slots[i].go, &g, 1) != 1) {
                /* The child is gone: finish() reports it. */
            }
            close(slots[i].go);
            slots[i].go = -1;
            slots[i].job->started_us = verify_mono_us();
        }
    }
}

static void finish(struct slot *sl, bool killed)
{
    struct verify_job *j = sl->job;
    ssize_t n = killed ? 0 : read(sl->fd, &j->m, sizeof(j->m));
    int status;

    if (n != (ssize_t)sizeof(j->m)) {
        memset(&j->m, 0, sizeof(j->m));
        snprintf(j->m.why, sizeof(j->m.why), "%s",
                 killed ? "stopped: no result within its time limit"
                        : "the measuring process failed");
    }
    if (killed)
        kill(sl->pid, SIGKILL);
    waitpid(sl->pid, &status, 0);
    close(sl->fd);
    j->elapsed_us = verify_mono_us() - j->started_us;
    j->done = true;
    sl->job = NULL;
}

static void stop_all(struct slot *slots, int n)
{
    for (int i = 0; i < n; i++) {
        if (!slots[i].job)
            continue;
        kill(slots[i].pid, SIGKILL);
        waitpid(slots[i].pid, NULL, 0);
        close(slots[i].fd);
        if (slots[i].go >= 0)
            close(slots[i].go);
        slots[i].job = NULL;
    }
}

/* The expected length of a scenario: the model's latest give-up. */
static int longer_first(const void *a, const void *b)
{
    const struct verify_job *x = *(struct verify_job *const *)a;
    const struct verify_job *y = *(struct verify_job *const *)b;

    return (x->t.give_up_latest_us < y->t.give_up_latest_us)
           - (x->t.give_up_latest_us > y->t.give_up_latest_us);
}

int verify_run(struct verify_job *jobs, size_t n, int parallel,
               verify_progress_fn progress, void *ctx)
{
    struct slot slots[64];
    struct sigaction sa, old_int, old_term;
    struct verify_job **order;
    size_t next = 0, done = 0;
    int ts_fd;

    /* Packet timestamps stay on for the whole run (capture.c says why). */
    ts_fd = verify_capture_hold_timestamps();
    /* The longest first: with fewer slots than scenarios, the run then
     * ends close to the longest one (the results keep catalogue order). */
    order = malloc((n ? n : 1) * sizeof(*order));
    if (order) {
        for (size_t i = 0; i < n; i++)
            order[i] = &jobs[i];
        qsort(order, n, sizeof(*order), longer_first);
    }

    if (parallel < 1)
        parallel = 1;
    if (parallel > 64)
        parallel = 64;
    memset(slots, 0, sizeof(slots));
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    stop_signal = 0;

    while (done < n && !stop_signal) {
        struct pollfd pfd[64];
        int map[64], np = 0;
        int64_t now;

        for (int i = 0; i < parallel && next < n; i++) {
            if (slots[i].job)
                continue;
            struct verify_job *j = order ? order[next] : &jobs[next];

            if (start(j, &slots[i]) != 0) {
                snprintf(j->m.why, sizeof(j->m.why), "fork: %s",
                         strerror(errno));
                j->done = true;
                done++;
            }
            next++;
        }
        ready_go(slots, parallel);
        for (int i = 0; i < parallel; i++) {
            if (!slots[i].job)
                continue;
            pfd[np].fd = slots[i].fd;
            pfd[np].events = POLLIN;
            pfd[np].revents = 0;
            map[np++] = i;
        }
        if (np == 0)
            continue;
        if (poll(pfd, (nfds_t)np, 200) < 0 && errno != EINTR)
            break;
        now = verify_mono_us();
        for (int k = 0; k < np; k++) {
            struct slot *sl = &slots[map[k]];
            bool ready = pfd[k].revents & (POLLIN | POLLHUP | POLLERR);
            if (!ready && now < sl->kill_at)
                continue;
            /* The "ready" byte of a child that ready_go() stopped waiting
             * for comes before its result. */
            if (ready && !sl->ready) {
                char c;
                sl->ready = read(sl->fd, &c, 1) == 1;
                if (sl->ready)
                    continue;
            }
            {
                struct verify_job *j = sl->job;
                finish(sl, !ready);
                verify_compare(j);
                done++;
                if (progress)
                    progress(ctx, j, done, n);
            }
        }
    }
    if (stop_signal)
        stop_all(slots, parallel);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    free(order);
    if (ts_fd >= 0)
        close(ts_fd);
    return stop_signal ? -stop_signal : 0;
}

/* Can this process create network namespaces?  A child tries. */
int verify_can_run(char *why, size_t size)
{
    int fds[2], status;
    char buf[160] = "";
    pid_t pid;
    ssize_t n;

    if (pipe2(fds, O_CLOEXEC) != 0) {
        snprintf(why, size, "pipe: %s", strerror(errno));
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        snprintf(why, size, "fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        struct rto_params p;
        struct utsname u;
        int kernel;
        close(fds[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        /* The running kernel's profile, as the scenarios use: an older
         * kernel lacks the knobs of newer profiles. */
        if (uname(&u) == 0 && rto_kernel_parse(u.release, &kernel) == RTO_OK)
            rto_params_default_for(&p, kernel);
        else
            rto_params_default(&p);
        if (verify_enter_netns(&p, buf, sizeof(buf)) != 0) {
            if (write(fds[1], buf, strlen(buf)) < 0)
                _exit(2);
            _exit(1);
        }
        _exit(0);
    }
    close(fds[1]);
    n = read(fds[0], buf, sizeof(buf) - 1);
    close(fds[0]);
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    buf[n > 0 ? n : 0] = '\0';
    snprintf(why, size, "needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) to "
                        "create private network namespaces: %s",
             *buf ? buf : "the test child failed");
    return -1;
}
