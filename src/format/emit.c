/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Configuration snippets: the settings in a struct rto_params written the
 * way each tool wants them, in the tool's own units, each snippet opened by
 * a comment naming the unit and where the syntax comes from.
 *
 * The model keeps times in microseconds; the kernel takes the keepalive
 * times and tcp_fin_timeout in whole seconds and TCP_USER_TIMEOUT and
 * tcp_rto_max_ms in milliseconds (rto_params_validate() checks that they
 * are whole).  A value that is not whole is rounded up here, so that a
 * snippet never asks for less time than the model was given.
 */
#include <config.h>

#include <inttypes.h>
#include <string.h>

#include "format/format.h"

#define US_PER_MS INT64_C(1000)
#define US_PER_S INT64_C(1000000)

/* us in units of `unit` microseconds, rounded up (negative stays as is). */
static int64_t up(int64_t us, int64_t unit)
{
    if (us <= 0)
        return us / unit;
    return us / unit + (us % unit != 0);
}

/* The keepalive triple and the user timeout in the units tools take. */
struct ka {
    int64_t idle_s;     /* TCP_KEEPIDLE */
    int64_t intvl_s;    /* TCP_KEEPINTVL */
    int cnt;            /* TCP_KEEPCNT */
    int64_t ut_ms;      /* TCP_USER_TIMEOUT, 0 = off */
};

static struct ka ka_of(const struct rto_params *p)
{
    struct ka k;

    k.idle_s = up(p->keepalive_time_us, US_PER_S);
    k.intvl_s = up(p->keepalive_intvl_us, US_PER_S);
    k.cnt = p->keepalive_probes;
    k.ut_ms = up(p->user_timeout_us, US_PER_MS);
    return k;
}

/* net/ipv4/sysctl_net_ipv4.c: the knobs as /etc/sysctl.d takes them. */
static void emit_sysctl(FILE *out, const struct rto_params *p)
{
    char kname[16];
    const struct ka k = ka_of(p);

    fprintf(out, "# sysctl.d(5) for Linux %s (Documentation/networking/"
                 "ip-sysctl.rst):\n",
            rto_kernel_name(p->kernel, kname, sizeof(kname)));
    fputs("# counts are retransmissions or probes; times are seconds unless "
          "the name ends in _us or _ms.\n", out);
    /* Every timer knob of the settings table that this kernel has as a
     * sysctl: the counts and durations, in the sysctl's own unit. */
    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *s = rto_setting_at(i);
        if (!s->sysctl
            || (s->kind != RTO_KIND_COUNT && s->kind != RTO_KIND_DURATION)
            || (s->sysctl_needs >= 0
                && !rto_kernel_has(p->kernel,
                                   (enum rto_feature)s->sysctl_needs)))
            continue;
        fprintf(out, "net.ipv4.%s = %" PRId64 "\n", s->sysctl,
                rto_setting_to_sysctl(s->field,
                                      rto_setting_get(p, s->field)));
    }
    if (k.ut_ms > 0)
        fprintf(out, "# TCP_USER_TIMEOUT (%" PRId64 " ms) is a socket "
                     "option, not a sysctl: set it per socket.\n",
                k.ut_ms);
}

/* libpq connection parameters (PostgreSQL docs, "Parameter Key Words"). */
static void emit_libpq(FILE *out, const struct rto_params *p)
{
    const struct ka k = ka_of(p);

    fputs("# libpq connection string: keepalives_idle and "
          "keepalives_interval in seconds, tcp_user_timeout in ms "
          "(libpq 12+, 0 = system default)\n", out);
    fprintf(out,
            "keepalives=1 keepalives_idle=%" PRId64
            " keepalives_interval=%" PRId64 " keepalives_count=%d"
            " tcp_user_timeout=%" PRId64 "\n",
            k.idle_s, k.intvl_s, k.cnt, k.ut_ms);
}

/* Go 1.23 net.KeepAliveConfig (proposal #62254). */
static void emit_go(FILE *out, const struct rto_params *p)
{
    const struct ka k = ka_of(p);

    fputs("// Go 1.23+: net.KeepAliveConfig on a net.Dialer (or "
          "net.ListenConfig);\n"
          "// Idle and Interval are time.Duration, Count is probes.\n",
          out);
    fputs("d := net.Dialer{\n"
          "\tKeepAliveConfig: net.KeepAliveConfig{\n"
          "\t\tEnable:   true,\n", out);
    fprintf(out, "\t\tIdle:     %" PRId64 " * time.Second,\n", k.idle_s);
    fprintf(out, "\t\tInterval: %" PRId64 " * time.Second,\n", k.intvl_s);
    fprintf(out, "\t\tCount:    %d,\n", k.cnt);
    fputs("\t},\n}\n", out);
    if (k.ut_ms <= 0)
        return;
    fputs("// TCP_USER_TIMEOUT (ms) has no net field: set it from a "
          "syscall.RawConn\n"
          "// Control hook with golang.org/x/sys/unix.\n"
          "d.Control = func(network, address string, c syscall.RawConn) "
          "error {\n"
          "\tvar serr error\n"
          "\terr := c.Control(func(fd uintptr) {\n", out);
    fprintf(out, "\t\tserr = unix.SetsockoptInt(int(fd), unix.IPPROTO_TCP, "
                 "unix.TCP_USER_TIMEOUT, %" PRId64 ")\n",
            k.ut_ms);
    fputs("\t})\n"
          "\tif err != nil {\n"
          "\t\treturn err\n"
          "\t}\n"
          "\treturn serr\n"
          "}\n", out);
}

/* JDK 11+ jdk.net.ExtendedSocketOptions (JDK-8194298). */
static void emit_java(FILE *out, const struct rto_params *p)
{
    const struct ka k = ka_of(p);

    fputs("// Java 11+: jdk.net.ExtendedSocketOptions (Linux, macOS); "
          "TCP_KEEPIDLE and TCP_KEEPINTERVAL in seconds.\n", out);
    fputs("socket.setOption(java.net.StandardSocketOptions.SO_KEEPALIVE, "
          "true);\n", out);
    fprintf(out, "socket.setOption(jdk.net.ExtendedSocketOptions."
                 "TCP_KEEPIDLE, %" PRId64 ");\n", k.idle_s);
    fprintf(out, "socket.setOption(jdk.net.ExtendedSocketOptions."
                 "TCP_KEEPINTERVAL, %" PRId64 ");\n", k.intvl_s);
    fprintf(out, "socket.setOption(jdk.net.ExtendedSocketOptions."
                 "TCP_KEEPCOUNT, %d);\n", k.cnt);
    if (k.ut_ms > 0)
        fprintf(out, "// The JDK has no TCP_USER_TIMEOUT option; Netty's "
                     "epoll transport has EpollChannelOption."
                     "TCP_USER_TIMEOUT (ms): %" PRId64 ".\n",
                k.ut_ms);
}

/* nginx "listen" (ngx_http_core_module): so_keepalive=idle:intvl:cnt. */
static void emit_nginx(FILE *out, const struct rto_params *p)
{
    const struct ka k = ka_of(p);

    fputs("# nginx: add so_keepalive=idle:intvl:cnt to your listen "
          "directive; idle and intvl take nginx time units (s).\n", out);
    fprintf(out, "listen ... so_keepalive=%" PRId64 "s:%" PRId64 "s:%d;\n",
            k.idle_s, k.intvl_s, k.cnt);
    fputs("# Upstream connections (1.15.6+): SO_KEEPALIVE only, so the "
          "sysctl tcp_keepalive_* values apply.\n", out);
    fputs("proxy_socket_keepalive on;\n", out);
    if (k.ut_ms > 0)
        fprintf(out, "# nginx has no TCP_USER_TIMEOUT directive "
                     "(%" PRId64 " ms asked for).\n", k.ut_ms);
}

/* HAProxy 2.2+ clitcpka-* / srvtcpka-*; bind "tcp-ut". */
static void emit_haproxy(FILE *out, const struct rto_params *p)
{
    const struct ka k = ka_of(p);
    static const char *const side[2] = {"cli", "srv"};

    fputs("# HAProxy 2.2+: TCP keepalive per side (defaults, frontend, "
          "backend or listen); times carry units, counts are probes.\n",
          out);
    fputs("defaults\n", out);
    for (int i = 0; i < 2; i++) {
        fprintf(out, "    option %stcpka\n", side[i]);
        fprintf(out, "    %stcpka-idle %" PRId64 "s\n", side[i], k.idle_s);
        fprintf(out, "    %stcpka-intvl %" PRId64 "s\n", side[i],
                k.intvl_s);
        fprintf(out, "    %stcpka-cnt %d\n", side[i], k.cnt);
    }
    if (k.ut_ms <= 0)
        return;
    fputs("# TCP_USER_TIMEOUT on client connections: tcp-ut on the bind "
          "line (ms).\n", out);
    fputs("frontend main\n", out);
    fprintf(out, "    bind :443 tcp-ut %" PRId64 "ms\n", k.ut_ms);
}

/* Envoy config.core.v3.TcpKeepalive (uint32 seconds) on a Cluster. */
static void emit_envoy(FILE *out, const struct rto_params *p)
{
    const struct ka k = ka_of(p);

    fputs("# Envoy Cluster: config.core.v3.TcpKeepalive, times in "
          "seconds.\n", out);
    fputs("upstream_connection_options:\n"
          "  tcp_keepalive:\n", out);
    fprintf(out, "    keepalive_time: %" PRId64 "\n", k.idle_s);
    fprintf(out, "    keepalive_interval: %" PRId64 "\n", k.intvl_s);
    fprintf(out, "    keepalive_probes: %d\n", k.cnt);
    if (k.ut_ms <= 0)
        return;
    /* IPPROTO_TCP is 6 and TCP_USER_TIMEOUT 18 (include/uapi/linux/tcp.h). */
    fputs("# Envoy has no TCP_USER_TIMEOUT field: on a Listener, a raw "
          "socket option (ms; level 6 IPPROTO_TCP, name 18) that accepted "
          "sockets inherit.\n", out);
    fputs("socket_options:\n"
          "- level: 6\n"
          "  name: 18\n", out);
    fprintf(out, "  int_value: %" PRId64 "\n", k.ut_ms);
    fputs("  state: STATE_PREBIND\n", out);
}

/*
 * Redis "tcp-keepalive N": src/anet.c anetKeepAlive() sets TCP_KEEPIDLE N,
 * TCP_KEEPINTVL N/3 (at least 1) and TCP_KEEPCNT 3, so a dead peer is found
 * after N + 3 * (N/3), about 2N (redis.conf: "to close the connection the
 * double of the time is needed").  N is the keepalive time asked for; the
 * interval and count cannot be chosen.
 */
static void emit_redis(FILE *out, const struct rto_params *p)
{
    const struct ka k = ka_of(p);
    const int64_t n = k.idle_s;
    const int64_t intvl = n / 3 > 0 ? n / 3 : 1;
    const int64_t death = n + 3 * intvl;
    const int64_t asked = k.idle_s + k.intvl_s * k.cnt;

    fputs("# redis.conf: tcp-keepalive in seconds; Redis sets TCP_KEEPIDLE "
          "N, TCP_KEEPINTVL N/3, TCP_KEEPCNT 3 (src/anet.c "
          "anetKeepAlive).\n", out);
    if (n <= 0) {
        fputs("# A keepalive time of 0 turns Redis keepalives off.\n", out);
        fputs("tcp-keepalive 0\n", out);
        return;
    }
    fprintf(out, "# A dead peer is found after %" PRId64 " + 3 x %" PRId64
                 " = %" PRId64 " s (\"the double of the time\");\n",
            n, intvl, death);
    fprintf(out, "# the settings asked for (%" PRId64 " / %" PRId64
                 " / %d) give %" PRId64 " s, ",
            k.idle_s, k.intvl_s, k.cnt, asked);
    if (death == asked)
        fputs("the same as Redis.\n", out);
    else if (death < asked)
        fprintf(out, "Redis gives up %" PRId64 " s sooner.\n",
                asked - death);
    else
        fprintf(out, "Redis gives up %" PRId64 " s later.\n",
                death - asked);
    fprintf(out, "tcp-keepalive %" PRId64 "\n", n);
    if (k.ut_ms > 0)
        fprintf(out, "# Redis has no TCP_USER_TIMEOUT setting "
                     "(%" PRId64 " ms asked for).\n", k.ut_ms);
}

static const struct {
    const char *name;
    void (*emit)(FILE *out, const struct rto_params *p);
} targets[] = {
    {"sysctl", emit_sysctl}, {"libpq", emit_libpq},
    {"go", emit_go},         {"java", emit_java},
    {"nginx", emit_nginx},   {"haproxy", emit_haproxy},
    {"envoy", emit_envoy},   {"redis", emit_redis},
};

const char *rto_emit_target(size_t i)
{
    return i < sizeof(targets) / sizeof(targets[0]) ? targets[i].name : NULL;
}

int rto_emit(FILE *out, const char *target, const struct rto_params *p)
{
    if (!out || !target || !p)
        return RTO_EINVAL;
    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
        if (strcmp(target, targets[i].name) != 0)
            continue;
        targets[i].emit(out, p);
        return ferror(out) ? RTO_EIO : RTO_OK;
    }
    return RTO_EINVAL;
}
