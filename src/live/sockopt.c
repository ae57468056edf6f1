/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The per-socket options sock_diag does not show (TCP_USER_TIMEOUT, the
 * keepalive options, TCP_RTO_MAX_MS, TCP_LINGER2), read where the kernel
 * lets a process read them: through a duplicate of the owner's
 * descriptor.  pidfd_getfd() (Linux 5.6) needs ptrace-attach access to
 * the owner (PTRACE_MODE_ATTACH_REALCREDS): root, or the caller's own
 * processes where the ptrace rules allow (LIVE-SOCKETS.md, "Hidden
 * options": all six read as root, EPERM as uid 65534).  The calls go
 * through syscall() so that C libraries without wrappers build.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "live/live.h"

/* include/uapi/linux/tcp.h, Linux 6.15: older headers lack it. */
#ifndef TCP_RTO_MAX_MS
#define TCP_RTO_MAX_MS 44
#endif

_Static_assert(RTO_F_COUNT <= 32, "a field is a bit of a uint32_t mask");

/* The option at level IPPROTO_TCP that sets a hidden field, or -1.  Each
 * counts in its setting row's unit, the same as the field's sysctl:
 * TCP_USER_TIMEOUT and TCP_RTO_MAX_MS in ms, TCP_KEEPIDLE,
 * TCP_KEEPINTVL and TCP_LINGER2 in s (do_tcp_getsockopt()). */
static int optname(enum rto_field f)
{
    switch (f) {
    case RTO_F_USER_TIMEOUT: return TCP_USER_TIMEOUT;
    case RTO_F_KEEPALIVE_TIME: return TCP_KEEPIDLE;
    case RTO_F_KEEPALIVE_INTVL: return TCP_KEEPINTVL;
    case RTO_F_KEEPALIVE_PROBES: return TCP_KEEPCNT;
    case RTO_F_RTO_MAX: return TCP_RTO_MAX_MS;
    case RTO_F_FIN_TIMEOUT: return TCP_LINGER2;
    default: return -1;
    }
}

static int open_pidfd(int pid)
{
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, (pid_t)pid, 0u);
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

static int get_fd(int pidfd, int fd)
{
#ifdef SYS_pidfd_getfd
    return (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0u);
#else
    (void)pidfd;
    (void)fd;
    errno = ENOSYS;
    return -1;
#endif
}

/* Every hidden option of the socket on fd into *out. */
static void read_opts(int fd, struct live_sockopt *out)
{
    for (int f = 1; f < RTO_F_COUNT; f++) {
        int name = optname((enum rto_field)f), v = 0;
        socklen_t len = sizeof(v);

        if (!rto_sock_field_hidden((enum rto_field)f) || name < 0)
            continue;
        if (getsockopt(fd, IPPROTO_TCP, name, &v, &len) != 0) {
            if (errno == ENOPROTOOPT)
                out->absent |= LIVE_BIT(f);
            continue;
        }
        /* TCP_LINGER2 -1: an orphan skips FIN-WAIT-2 (tcp_close()),
         * which no fin_timeout says. */
        if (len != sizeof(v) || v < 0)
            continue;
        out->value[f] = rto_setting_from_sysctl((enum rto_field)f, v);
        out->read |= LIVE_BIT(f);
    }
}

/* Socket s's options through pidfd; errno-style error or 0. */
static int read_one(int pidfd, const struct rto_sock *s,
                    struct live_sockopt *out)
{
    struct stat st;
    int fd = get_fd(pidfd, s->fd);

    if (fd < 0)
        return errno;
    /* The owner may have closed the descriptor since the owner index was
     * read, and the number now hold another file. */
    if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)
        || (uint64_t)st.st_ino != s->inode) {
        close(fd);
        return EBADF;
    }
    read_opts(fd, out);
    close(fd);
    return 0;
}

/*
 * Whether mountinfo (the format of /proc/self/mountinfo, proc(5)) has a
 * cgroup-v1 hierarchy with the net_cls or net_prio controller.  Receiving
 * a descriptor sets the socket's class and priority index to the
 * receiver's (__receive_sock(): sock_update_classid() and
 * sock_update_netprioidx(), include/net/cls_cgroup.h and
 * netprio_cgroup.h), so where one is mounted reading would reclassify
 * the owner's traffic, and nothing is read.  With cgroup v2 alone both
 * stay as they are.
 */
bool live_v1_net_cgroup(FILE *mountinfo)
{
    char line[1024];

    while (fgets(line, sizeof(line), mountinfo)) {
        /* "... - cgroup cgroup rw,net_cls,net_prio": the filesystem type
         * follows the " - " separator, the super options come last. */
        const char *sep = strstr(line, " - ");

        if (sep && strncmp(sep + 3, "cgroup ", 7) == 0
            && (strstr(sep, "net_cls") || strstr(sep, "net_prio")))
            return true;
    }
    return false;
}

/* live_v1_net_cgroup() of this process's mount namespace; an unreadable
 * mountinfo counts as mounted. */
static bool v1_net_cgroup(void)
{
    FILE *f = fopen("/proc/self/mountinfo", "re");
    bool found;

    if (!f)
        return true;
    found = live_v1_net_cgroup(f);
    fclose(f);
    return found;
}

static int by_pid(const void *a, const void *b)
{
    const struct rto_sock *const *x = *(const struct rto_sock *const *const *)a;
    const struct rto_sock *const *y = *(const struct rto_sock *const *const *)b;

    if ((*x)->pid != (*y)->pid)
        return (*x)->pid < (*y)->pid ? -1 : 1;
    return x < y ? -1 : x > y;
}

void live_sockopt_reader_init(struct live_sockopt_reader *r)
{
    *r = (struct live_sockopt_reader){ .v1 = -1, .pidfd = -1 };
}

bool live_sockopt_read(struct live_sockopt_reader *r,
                       const struct rto_sock *s, struct live_sockopt *out)
{
    *out = (struct live_sockopt){ 0 };
    if (r->v1 < 0)
        r->v1 = v1_net_cgroup();
    if (r->v1) {
        out->err = ECANCELED;
        return false;
    }
    if (s->pid <= 0)
        return false;
    if (s->pid != r->pid) {
        if (r->pidfd >= 0)
            close(r->pidfd);
        r->pid = s->pid;
        r->pidfd = open_pidfd(s->pid);
        r->err = r->pidfd < 0 ? errno : 0;
    }
    out->err = r->pidfd >= 0 ? read_one(r->pidfd, s, out) : r->err;
    return out->read != 0;
}

void live_sockopt_reader_close(struct live_sockopt_reader *r)
{
    if (r->pidfd >= 0)
        close(r->pidfd);
    live_sockopt_reader_init(r);
}

size_t live_sockopts(const struct rto_sock *const *socks, size_t n,
                     struct live_sockopt *out)
{
    const struct rto_sock *const **idx = malloc((n ? n : 1) * sizeof(*idx));
    struct live_sockopt_reader r;
    size_t got = 0;

    for (size_t i = 0; i < n; i++)
        out[i] = (struct live_sockopt){ 0 };
    if (!idx)
        return 0;
    for (size_t i = 0; i < n; i++)
        idx[i] = &socks[i];
    /* One pidfd a process: its sockets side by side. */
    qsort(idx, n, sizeof(*idx), by_pid);
    live_sockopt_reader_init(&r);
    for (size_t i = 0; i < n; i++)
        got += live_sockopt_read(&r, *idx[i], &out[idx[i] - socks]);
    live_sockopt_reader_close(&r);
    free(idx);
    return got;
}

uint32_t live_sockopt_overlay(const struct rto_sock_settings *set,
                              const struct live_sockopt *got,
                              struct rto_sock_settings *out)
{
    uint32_t unused = 0;

    *out = *set;
    for (int f = 1; f < RTO_F_COUNT; f++) {
        enum rto_field field = (enum rto_field)f;

        if (!(got->read & LIVE_BIT(f))
            || !rto_setting_accepts(&out->params, field, got->value[f],
                                    false))
            continue;
        if (set->source[f] == RTO_SRC_USER
            && rto_setting_get(&set->params, field) != got->value[f])
            unused |= LIVE_BIT(f);
        rto_setting_set(&out->params, field, got->value[f]);
        out->source[f] = RTO_SRC_SOCKET;
    }
    return unused;
}
