/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The per-socket options (src/live/sockopt.c).  The overlay on
 * hand-built settings, against the rule rtocalc sockets states
 * (doc/sockets.md): a value read from the socket replaces the
 * namespace's and a given one, and is reported when it differs from the
 * given one; what was not read stays as it was.  Then the reader on this
 * process's own unconnected TCP sockets (no packet is sent): the values
 * getsockopt() must return are those the test set with setsockopt() in
 * the same units (do_tcp_getsockopt(): TCP_USER_TIMEOUT and
 * TCP_RTO_MAX_MS in ms, TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_LINGER2 in
 * s), and no duplicated descriptor may stay open.
 */
#define _GNU_SOURCE
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "live/live.h"

#define MS INT64_C(1000)
#define S INT64_C(1000000)
#define TCP_RTO_MAX_MS_OPT 44 /* include/uapi/linux/tcp.h, Linux 6.15 */

/* One field before and after: its value and source in the settings, the
 * value read (read false: nothing), and what the overlay must give. */
static const struct overlay_row {
    const char *why;
    enum rto_field f;
    int64_t before;
    enum rto_source before_src;
    bool read;
    int64_t value;
    int64_t after;
    enum rto_source after_src;
    bool unused;
} overlay_rows[] = {
    { "read over the sysctl (ka-sockopt: KEEPINTVL 2 s over 1 s)",
      RTO_F_KEEPALIVE_INTVL, 1 * S, RTO_SRC_SYSCTL, true, 2 * S, 2 * S,
      RTO_SRC_SOCKET, false },
    { "read over the default (ut3000: 3000 ms, none assumed)",
      RTO_F_USER_TIMEOUT, 0, RTO_SRC_DEFAULT, true, 3000 * MS, 3000 * MS,
      RTO_SRC_SOCKET, false },
    { "read over a different given value: the given one is not used",
      RTO_F_USER_TIMEOUT, 5000 * MS, RTO_SRC_USER, true, 3000 * MS,
      3000 * MS, RTO_SRC_SOCKET, true },
    { "read equal to the given value: nothing to report",
      RTO_F_KEEPALIVE_PROBES, 4, RTO_SRC_USER, true, 4, 4, RTO_SRC_SOCKET,
      false },
    { "not read: the given value stands", RTO_F_USER_TIMEOUT, 3000 * MS,
      RTO_SRC_USER, false, 0, 3000 * MS, RTO_SRC_USER, false },
    { "not read: the sysctl stands", RTO_F_KEEPALIVE_PROBES, 2,
      RTO_SRC_SYSCTL, false, 0, 2, RTO_SRC_SYSCTL, false },
    { "a value outside tcp_rto_max_ms's 1000..120000 is not taken",
      RTO_F_RTO_MAX, 120000 * MS, RTO_SRC_SYSCTL, true, 500 * MS,
      120000 * MS, RTO_SRC_SYSCTL, false },
};

START_TEST(test_overlay)
{
    const struct overlay_row *r = &overlay_rows[_i];
    struct rto_sock_settings set, out;
    struct live_sockopt got = { 0 };
    uint32_t unused;

    rto_sock_settings_default(&set, RTO_KERNEL(6, 18));
    set.params.hz = 250;
    rto_setting_set(&set.params, r->f, r->before);
    set.source[r->f] = r->before_src;
    if (r->read) {
        got.read = LIVE_BIT(r->f);
        got.value[r->f] = r->value;
    }
    unused = live_sockopt_overlay(&set, &got, &out);
    ck_assert_msg(rto_setting_get(&out.params, r->f) == r->after, "%s",
                  r->why);
    ck_assert_msg(out.source[r->f] == r->after_src, "%s", r->why);
    ck_assert_msg(unused == (r->unused ? LIVE_BIT(r->f) : 0), "%s", r->why);
    /* Nothing else moves. */
    for (int f = 1; f < RTO_F_COUNT; f++) {
        if (f == (int)r->f)
            continue;
        ck_assert(out.source[f] == set.source[f]);
        ck_assert(rto_setting_get(&out.params, (enum rto_field)f)
                  == rto_setting_get(&set.params, (enum rto_field)f));
    }
}
END_TEST

/* Descriptors this process has open. */
static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

static int tcp_socket(struct rto_sock *s)
{
    struct stat st;
    int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fstat(fd, &st), 0);
    memset(s, 0, sizeof(*s));
    s->pid = getpid();
    s->fd = fd;
    s->inode = (uint64_t)st.st_ino;
    return fd;
}

static void set_int(int fd, int level, int name, int v)
{
    ck_assert_int_eq(setsockopt(fd, level, name, &v, sizeof(v)), 0);
}

/* Nothing to test where the kernel has no pidfd_getfd() (before 5.6) or
 * a sandbox refuses it for the process itself. */
static bool unavailable(const struct live_sockopt *o)
{
    return o->err == ENOSYS || o->err == EPERM;
}

/* Whether this machine mounts a cgroup-v1 net_cls or net_prio hierarchy,
 * where nothing is read (test_v1_net_cgroup). */
static bool v1_here(void)
{
    FILE *f = fopen("/proc/self/mountinfo", "re");
    bool v1 = !f || live_v1_net_cgroup(f);

    if (f)
        fclose(f);
    return v1;
}

/* mountinfo lines in proc(5)'s format: a v1 net_cls,net_prio hierarchy
 * (as systemd's hybrid layout mounts it), a v1 net_prio one alone, and
 * lines that must not count: cgroup v2, other v1 controllers, and a path
 * that merely contains the word. */
START_TEST(test_v1_net_cgroup)
{
    static const struct {
        const char *text;
        bool v1;
    } cases[] = {
        { "36 25 0:31 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid - cgroup "
          "cgroup rw,net_cls,net_prio\n", true },
        { "37 25 0:32 / /sys/fs/cgroup/np rw - cgroup cgroup rw,net_prio\n",
          true },
        { "35 24 0:30 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 "
          "rw,nsdelegate\n", false },
        { "31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup "
          "rw,cpu\n", false },
        { "40 25 0:40 / /mnt/net_cls rw - tmpfs tmpfs rw\n", false },
        { "", false },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[256];
        FILE *f;

        snprintf(buf, sizeof(buf), "%s", cases[i].text);
        f = fmemopen(buf, strlen(buf) + 1, "r");

        ck_assert_ptr_nonnull(f);
        ck_assert_msg(live_v1_net_cgroup(f) == cases[i].v1, "case %zu", i);
        fclose(f);
    }
}
END_TEST

START_TEST(test_read_own)
{
    struct rto_sock s[2];
    const struct rto_sock *p[2] = { &s[0], &s[1] };
    struct live_sockopt o[2];
    int fds = open_fds();
    int a = tcp_socket(&s[0]), b = tcp_socket(&s[1]);
    bool rto_max;

    if (v1_here()) {
        /* Nothing is read on such a machine (test_v1_net_cgroup). */
        close(a);
        close(b);
        return;
    }

    /* ut3000 and ka-sockopt's options, TCP_RTO_MAX_MS 5000 and
     * TCP_LINGER2 30 on one socket; the other left at the namespace's. */
    set_int(a, IPPROTO_TCP, TCP_USER_TIMEOUT, 3000);
    set_int(a, SOL_SOCKET, SO_KEEPALIVE, 1);
    set_int(a, IPPROTO_TCP, TCP_KEEPIDLE, 2);
    set_int(a, IPPROTO_TCP, TCP_KEEPINTVL, 2);
    set_int(a, IPPROTO_TCP, TCP_KEEPCNT, 4);
    set_int(a, IPPROTO_TCP, TCP_LINGER2, 30);
    {
        int v = 5000;
        rto_max = setsockopt(a, IPPROTO_TCP, TCP_RTO_MAX_MS_OPT, &v,
                             sizeof(v)) == 0;
        ck_assert(rto_max || errno == ENOPROTOOPT);
    }
    ck_assert_uint_eq(live_sockopts(p, 2, o), unavailable(&o[0]) ? 0 : 2);
    ck_assert_int_eq(open_fds(), fds + 2);
    if (unavailable(&o[0])) {
        close(a);
        close(b);
        return;
    }
    ck_assert_int_eq(o[0].err, 0);
    ck_assert_int_eq(o[0].value[RTO_F_USER_TIMEOUT], 3000 * MS);
    ck_assert_int_eq(o[0].value[RTO_F_KEEPALIVE_TIME], 2 * S);
    ck_assert_int_eq(o[0].value[RTO_F_KEEPALIVE_INTVL], 2 * S);
    ck_assert_int_eq(o[0].value[RTO_F_KEEPALIVE_PROBES], 4);
    ck_assert_int_eq(o[0].value[RTO_F_FIN_TIMEOUT], 30 * S);
    /* Every hidden field is read, or absent from this kernel. */
    for (int f = 1; f < RTO_F_COUNT; f++)
        ck_assert_msg(!rto_sock_field_hidden((enum rto_field)f)
                          || ((o[0].read | o[0].absent) & LIVE_BIT(f)),
                      "field %d", f);
    ck_assert_uint_eq(o[0].read & o[0].absent, 0);
    if (rto_max)
        ck_assert_int_eq(o[0].value[RTO_F_RTO_MAX], 5000 * MS);
    else
        ck_assert(o[0].absent & LIVE_BIT(RTO_F_RTO_MAX));
    /* The other socket: no user timeout (icsk_user_timeout 0). */
    ck_assert_int_eq(o[1].err, 0);
    ck_assert(o[1].read & LIVE_BIT(RTO_F_USER_TIMEOUT));
    ck_assert_int_eq(o[1].value[RTO_F_USER_TIMEOUT], 0);
    close(a);
    close(b);
}
END_TEST

/* Nothing read, no descriptor left: a descriptor that now holds another
 * socket, a process that is gone, and no owner. */
START_TEST(test_read_none)
{
    struct rto_sock s[3];
    const struct rto_sock *p[3] = { &s[0], &s[1], &s[2] };
    struct live_sockopt o[3];
    int fds = open_fds(), a = tcp_socket(&s[0]), status;
    pid_t child = fork();

    ck_assert_int_ge(child, 0);
    if (child == 0)
        _exit(0);
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    s[0].inode++;
    s[1] = s[0];
    s[1].pid = child;
    s[2] = s[0];
    s[2].pid = 0;
    ck_assert_uint_eq(live_sockopts(p, 3, o), 0);
    ck_assert_int_eq(open_fds(), fds + 1);
    if (v1_here()) {
        /* Not even tried (test_v1_net_cgroup). */
        for (int i = 0; i < 3; i++)
            ck_assert_int_eq(o[i].err, ECANCELED);
        close(a);
        return;
    }
    if (!unavailable(&o[0]))
        ck_assert_int_eq(o[0].err, EBADF);
    if (o[1].err != ENOSYS)
        ck_assert_int_eq(o[1].err, ESRCH);
    ck_assert_int_eq(o[2].err, 0);
    for (int i = 0; i < 3; i++)
        ck_assert_uint_eq(o[i].read, 0);
    close(a);
}
END_TEST

Suite *sockopt_suite(void)
{
    Suite *su = suite_create("live_sockopt");
    TCase *tc = tcase_create("live_sockopt");

    tcase_add_loop_test(tc, test_overlay, 0,
                        (int)(sizeof(overlay_rows) / sizeof(overlay_rows[0])));
    tcase_add_test(tc, test_read_own);
    tcase_add_test(tc, test_v1_net_cgroup);
    tcase_add_test(tc, test_read_none);
    suite_add_tcase(su, tc);
    return su;
}
