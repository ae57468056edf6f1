/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The other TCP stacks: their names and versions, and one table of their
 * settings with per-stack names, ranges, defaults and the confidence of
 * each (STACKS.md sections 2 to 8).  The paths are in stacks_paths.c.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define MS 1000
#define SEC 1000000
#define I32 INT32_MAX

static const int v_linux[] = { RTO_KERNEL_DEFAULT };
static const int v_freebsd[] = { 12, 13, 14, 15 };
static const int v_macos[] = { 15 };
static const int v_windows[] = { 7, 10, 11 };
static const int v_lwip[] = { 21, 22 };
static const int v_openbsd[] = { 7 };
static const int v_netbsd[] = { 10 };
/* 0: illumos-gate today; 10: Solaris 10 as Oracle documents it. */
static const int v_illumos[] = { 10, 0 };

#define VERSIONS(a) a, sizeof(a) / sizeof(a[0])

static const struct rto_stack_info stacks[] = {
    { RTO_STACK_LINUX, "linux", "Linux", RTO_KERNEL_DEFAULT,
      VERSIONS(v_linux), "the Linux model (KERNEL.md)" },
    { RTO_STACK_FREEBSD, "freebsd", "FreeBSD", 14, VERSIONS(v_freebsd),
      "freebsd-src main, sys/netinet/tcp_timer.[ch]" },
    { RTO_STACK_MACOS, "macos", "macOS/iOS", 15, VERSIONS(v_macos),
      "apple-oss-distributions/xnu xnu-11417.101.15" },
    { RTO_STACK_WINDOWS, "windows", "Windows", 11, VERSIONS(v_windows),
      "no source: Microsoft documentation and measurements" },
    { RTO_STACK_LWIP, "lwip", "lwIP", 22, VERSIONS(v_lwip),
      "lwip-tcpip/lwip src/core/tcp.c tcp_slowtmr()" },
    { RTO_STACK_OPENBSD, "openbsd", "OpenBSD", 7, VERSIONS(v_openbsd),
      "openbsd/src tcp_timer.c 1.71" },
    { RTO_STACK_NETBSD, "netbsd", "NetBSD", 10, VERSIONS(v_netbsd),
      "NetBSD/src sys/netinet/tcp_timer.[ch]" },
    { RTO_STACK_ILLUMOS, "illumos", "illumos", 0, VERSIONS(v_illumos),
      "illumos-gate inet/tcp/tcp_{timers,input,output,tunables}.c" },
};

_Static_assert(sizeof(stacks) / sizeof(stacks[0]) == RTO_STACK_COUNT,
               "one row per enum rto_stack value");

const struct rto_stack_info *rto_stack_info(enum rto_stack s)
{
    return (unsigned)s < RTO_STACK_COUNT ? &stacks[s] : NULL;
}

const char *rto_tag_name(enum rto_tag tag)
{
    switch (tag) {
    case RTO_TAG_SRC: return "SRC";
    case RTO_TAG_DOC: return "DOC";
    case RTO_TAG_ISSUE: return "ISSUE";
    case RTO_TAG_REC: return "REC";
    }
    return "?";
}

char *rto_stack_version_name(enum rto_stack s, int version, char *buf,
                             size_t size)
{
    switch (s) {
    case RTO_STACK_LINUX:
        /* The profiles' names are the writers' (rto_kernel_name()); the
         * model names the major and minor numbers only. */
        snprintf(buf, size, "linux-%d.%d", RTO_KERNEL_MAJOR(version),
                 RTO_KERNEL_MINOR(version));
        break;
    case RTO_STACK_LWIP:
        snprintf(buf, size, "lwip-%d.%d", version / 10, version % 10);
        break;
    case RTO_STACK_ILLUMOS:
        if (version)
            snprintf(buf, size, "solaris-%d", version);
        else
            snprintf(buf, size, "illumos");
        break;
    default:
        snprintf(buf, size, "%s-%d", stacks[s].name, version);
        break;
    }
    return buf;
}

static bool has_version(const struct rto_stack_info *si, int v)
{
    for (size_t i = 0; i < si->nversions; i++)
        if (si->versions[i] == v)
            return true;
    return false;
}

int rto_stack_parse(const char *text, enum rto_stack *stack, int *version)
{
    char name[24];
    const char *dash = strchr(text, '-');
    size_t len = dash ? (size_t)(dash - text) : strlen(text);
    const struct rto_stack_info *si = NULL;
    int v;

    if (len == 0 || len >= sizeof(name))
        return RTO_EINVAL;
    memcpy(name, text, len);
    name[len] = '\0';
    if (strcmp(name, "ios") == 0)
        si = &stacks[RTO_STACK_MACOS];
    else if (strcmp(name, "android") == 0)
        si = &stacks[RTO_STACK_LINUX];  /* the Linux stack (STACKS.md 9) */
    else if (strcmp(name, "solaris") == 0)
        si = &stacks[RTO_STACK_ILLUMOS];
    for (size_t i = 0; !si && i < RTO_STACK_COUNT; i++)
        if (strcmp(name, stacks[i].name) == 0)
            si = &stacks[i];
    if (!si)
        return RTO_EINVAL;
    v = strcmp(name, "solaris") == 0 ? 10 : si->version;
    if (dash && si->stack == RTO_STACK_LINUX) {
        if (rto_kernel_parse(dash + 1, &v))
            return RTO_EINVAL;
    } else if (dash) {
        /* "14", "14.1", "2.2": the major number, and for lwIP the minor. */
        const char *c = dash + 1;
        int major = 0, minor = 0, digits = 0;

        while (*c >= '0' && *c <= '9' && digits < 4) {
            major = major * 10 + (*c++ - '0');
            digits++;
        }
        if (!digits)
            return RTO_EINVAL;
        if (*c == '.') {
            c++;
            if (*c < '0' || *c > '9')
                return RTO_EINVAL;
            minor = *c++ - '0';
            while (*c >= '0' && *c <= '9')
                c++;
        }
        if (*c)
            return RTO_EINVAL;
        v = si->stack == RTO_STACK_LWIP ? major * 10 + minor : major;
        if (!has_version(si, v))
            return RTO_EINVAL;
    }
    *stack = si->stack;
    *version = v;
    return RTO_OK;
}

/* ------------------------------------------------------------------ */
/* Settings                                                           */
/* ------------------------------------------------------------------ */

#define FB RTO_STACK_FREEBSD
#define XN RTO_STACK_MACOS
#define WI RTO_STACK_WINDOWS
#define LW RTO_STACK_LWIP
#define OB RTO_STACK_OPENBSD
#define NB RTO_STACK_NETBSD
#define IL RTO_STACK_ILLUMOS
#define SRC RTO_TAG_SRC
#define DOC RTO_TAG_DOC
#define ISSUE RTO_TAG_ISSUE
#define REC RTO_TAG_REC

/* The rows; defaults are those of the stack's default version (the
 * other versions' differences are in rto_stack_params_default()). */
static const struct rto_stack_setting settings[] = {
    /* FreeBSD: net.inet.tcp.* in ms (sysctl_msec_to_ticks), tcp(4). */
    { FB, RTO_SF_RETRIES, "retries", "N", "net.inet.tcp.retries",
      "net.inet.tcp.retries", 1, 1, 12, 12, SRC,
      "retransmissions before the drop (14.0 on; 12 before)" },
    { FB, RTO_SF_RTO_INITIAL, "rexmit-initial", "DUR",
      "net.inet.tcp.rexmit_initial", "net.inet.tcp.rexmit_initial", MS, 1,
      I32, 1000, SRC, "RTO before any RTT sample and of the SYN" },
    { FB, RTO_SF_RTO_MIN, "rexmit-min", "DUR", "net.inet.tcp.rexmit_min",
      "net.inet.tcp.rexmit_min", MS, 1, I32, 30, SRC, "RTO floor" },
    { FB, RTO_SF_SLOP, "rexmit-slop", "DUR", "net.inet.tcp.rexmit_slop",
      "net.inet.tcp.rexmit_slop", MS, 1, I32, 200, SRC,
      "added to every RTO" },
    { FB, RTO_SF_KEEP_IDLE, "keepidle", "DUR", "net.inet.tcp.keepidle",
      "net.inet.tcp.keepidle", MS, 1, I32, 7200000, SRC,
      "idle time before the first keepalive probe (TCP_KEEPIDLE)" },
    { FB, RTO_SF_KEEP_INTVL, "keepintvl", "DUR", "net.inet.tcp.keepintvl",
      "net.inet.tcp.keepintvl", MS, 1, I32, 75000, SRC,
      "between keepalive probes (TCP_KEEPINTVL)" },
    { FB, RTO_SF_KEEP_CNT, "keepcnt", "N", "net.inet.tcp.keepcnt",
      "net.inet.tcp.keepcnt", 1, 1, I32, 8, SRC,
      "keepalive probes before the drop (TCP_KEEPCNT)" },
    { FB, RTO_SF_KEEP_INIT, "keepinit", "DUR", "net.inet.tcp.keepinit",
      "net.inet.tcp.keepinit", MS, 1, I32, 75000, SRC,
      "connect() deadline (TCP_KEEPINIT)" },
    { FB, RTO_SF_ALWAYS_KEEPALIVE, "always-keepalive", NULL,
      "net.inet.tcp.always_keepalive", "net.inet.tcp.always_keepalive", 1,
      0, 1, 1, SRC, "keepalive on every connection, SO_KEEPALIVE or not" },
    { FB, RTO_SF_USER_TIMEOUT, "maxunacktime", "DUR",
      "net.inet.tcp.maxunacktime", "TCP_MAXUNACKTIME", MS, 0, I32, 0, SRC,
      "drop when data stays unacknowledged this long (0 = off)" },

    /* macOS/iOS (XNU): net.inet.tcp.* in ms, socket options in s. */
    { XN, RTO_SF_SLOP, "rexmt-slop", "DUR", "net.inet.tcp.rexmt_slop",
      "net.inet.tcp.rexmt_slop", MS, 0, I32, 200, SRC,
      "added to every RTO once established" },
    { XN, RTO_SF_KEEP_IDLE, "keepidle", "DUR", "net.inet.tcp.keepidle",
      "net.inet.tcp.keepidle", MS, 1, I32, 7200000, SRC,
      "idle time before the first keepalive probe (TCP_KEEPALIVE)" },
    { XN, RTO_SF_KEEP_INTVL, "keepintvl", "DUR", "net.inet.tcp.keepintvl",
      "net.inet.tcp.keepintvl", MS, 1, I32, 75000, SRC,
      "between keepalive probes (TCP_KEEPINTVL)" },
    { XN, RTO_SF_KEEP_CNT, "keepcnt", "N", "net.inet.tcp.keepcnt",
      "net.inet.tcp.keepcnt", 1, 1, I32, 8, SRC,
      "keepalive probes before the drop (TCP_KEEPCNT)" },
    { XN, RTO_SF_KEEP_INIT, "keepinit", "DUR", "net.inet.tcp.keepinit",
      "net.inet.tcp.keepinit", MS, 1, I32, 75000, SRC,
      "connect() deadline (TCP_CONNECTIONTIMEOUT)" },
    { XN, RTO_SF_ALWAYS_KEEPALIVE, "always-keepalive", NULL,
      "net.inet.tcp.always_keepalive", "net.inet.tcp.always_keepalive", 1,
      0, 1, 0, SRC, "keepalive on every connection, SO_KEEPALIVE or not" },
    { XN, RTO_SF_USER_TIMEOUT, "rxt-conndroptime", "DUR", NULL,
      "TCP_RXT_CONNDROPTIME", SEC, 0, I32, 0, SRC,
      "drop this long after the first RTO, at a firing (0 = off)" },
    { XN, RTO_SF_FIN_WAIT2, "fin-timeout", "DUR", "net.inet.tcp.fin_timeout",
      "net.inet.tcp.fin_timeout", MS, 1, I32, 60000, SRC,
      "FIN_WAIT_2 timeout of a closed socket" },

    /* Windows: registry and Set-NetTCPSetting names, socket options. */
    { WI, RTO_SF_RETRIES, "max-data-retransmissions", "N",
      "TcpMaxDataRetransmissions", "TcpMaxDataRetransmissions", 1, 0,
      0xFFFFFFFFLL, 5, DOC, "retransmissions before the drop" },
    { WI, RTO_SF_RTO_MIN, "min-rto", "DUR", "MinRtoMs", "MinRtoMs", MS, 20,
      300, 300, DOC,
      "RTO floor, 20..300 ms in steps of 10 (default: Internet profile, "
      "REC)" },
    { WI, RTO_SF_RTO_INITIAL, "initial-rto", "DUR", "InitialRtoMs",
      "InitialRtoMs", MS, 300, 3000, 1000, ISSUE,
      "RTO of the SYN (1 s on Windows 10/11, 3 s before)" },
    { WI, RTO_SF_SYN_RETRIES, "max-syn-retransmissions", "N",
      "MaxSynRetransmissions", "MaxSynRetransmissions", 1, 2, 8, 4, ISSUE,
      "SYN retransmissions (4 on Windows 10/11, 2 before)" },
    { WI, RTO_SF_KEEP_IDLE, "keepalive-time", "DUR", "KeepAliveTime",
      "KeepAliveTime", MS, 1, 0xFFFFFFFFLL, 7200000, DOC,
      "idle time before the first keepalive probe (TCP_KEEPIDLE)" },
    { WI, RTO_SF_KEEP_INTVL, "keepalive-interval", "DUR",
      "KeepAliveInterval", "KeepAliveInterval", MS, 1, 0xFFFFFFFFLL, 1000,
      DOC, "between keepalive probes (TCP_KEEPINTVL)" },
    { WI, RTO_SF_KEEP_CNT, "keepcnt", "N", NULL, "TCP_KEEPCNT", 1, 0, 255,
      10, DOC, "keepalive probes (10 from Vista on, per socket from "
      "Windows 10 1703)" },
    { WI, RTO_SF_USER_TIMEOUT, "maxrt", "DUR", NULL, "TCP_MAXRTMS", MS, 0,
      I32, 0, DOC, "TCP_MAXRT / TCP_MAXRTMS: drop after retransmitting "
      "this long (0 = off)" },

    /* lwIP: compile-time macros (opt.h), in ms. */
    { LW, RTO_SF_RETRIES, "tcp-maxrtx", "N", "TCP_MAXRTX", "TCP_MAXRTX", 1,
      1, 255, 12, SRC, "retransmissions (and zero-window probes) before "
      "the abort" },
    { LW, RTO_SF_SYN_RETRIES, "tcp-synmaxrtx", "N", "TCP_SYNMAXRTX",
      "TCP_SYNMAXRTX", 1, 1, 255, 6, SRC,
      "SYN retransmissions before the abort" },
    { LW, RTO_SF_RTO_INITIAL, "rto-time", "DUR", "LWIP_TCP_RTO_TIME",
      "LWIP_TCP_RTO_TIME", MS, 1, 16383000, 3000, SRC,
      "RTO before any RTT sample and of the SYN" },
    { LW, RTO_SF_KEEP_IDLE, "keepidle-default", "DUR",
      "TCP_KEEPIDLE_DEFAULT", "TCP_KEEPIDLE_DEFAULT", MS, 1, I32, 7200000,
      SRC, "idle time before the first keepalive probe" },
    { LW, RTO_SF_KEEP_INTVL, "keepintvl-default", "DUR",
      "TCP_KEEPINTVL_DEFAULT", "TCP_KEEPINTVL_DEFAULT", MS, 1, I32, 75000,
      SRC, "between keepalive probes" },
    { LW, RTO_SF_KEEP_CNT, "keepcnt-default", "N", "TCP_KEEPCNT_DEFAULT",
      "TCP_KEEPCNT_DEFAULT", 1, 1, I32, 9, SRC,
      "keepalive probes before the abort" },
    { LW, RTO_SF_FIN_WAIT2, "fin-wait-timeout", "DUR",
      "TCP_FIN_WAIT_TIMEOUT", "TCP_FIN_WAIT_TIMEOUT", MS, 1, I32, 20000,
      SRC, "FIN_WAIT_2 timeout of a fully closed pcb" },
    { LW, RTO_SF_TICK, "tmr-interval", "DUR", "TCP_TMR_INTERVAL",
      "TCP_TMR_INTERVAL", MS, 1, 10000, 250, SRC,
      "tcp_tmr() period; the slow timer runs every second call" },
    { LW, RTO_SF_SAMPLES, "rtt-samples", "N", NULL, "rtt_samples", 1, 0,
      1000, 16, REC, "RTT samples of --rtt taken before the peer vanished "
      "(0: the initial RTO)" },

    /* OpenBSD: sysctl in seconds; the probe count is compile-time. */
    { OB, RTO_SF_KEEP_IDLE, "keepidle", "DUR", "net.inet.tcp.keepidle",
      "net.inet.tcp.keepidle", SEC, 1, I32, 7200, SRC,
      "idle time before the first keepalive probe" },
    { OB, RTO_SF_KEEP_INTVL, "keepintvl", "DUR", "net.inet.tcp.keepintvl",
      "net.inet.tcp.keepintvl", SEC, 1, I32, 75, SRC,
      "between keepalive probes" },
    { OB, RTO_SF_KEEP_INIT, "keepinittime", "DUR",
      "net.inet.tcp.keepinittime", "net.inet.tcp.keepinittime", SEC, 1, I32,
      75, SRC, "connect() deadline" },
    { OB, RTO_SF_ALWAYS_KEEPALIVE, "always-keepalive", NULL,
      "net.inet.tcp.always_keepalive", "net.inet.tcp.always_keepalive", 1,
      0, 1, 0, SRC, "keepalive on every connection, SO_KEEPALIVE or not" },

    /* NetBSD: sysctl in seconds. */
    { NB, RTO_SF_KEEP_IDLE, "keepidle", "DUR", "net.inet.tcp.keepidle",
      "net.inet.tcp.keepidle", SEC, 1, I32, 7200, REC,
      "idle time before the first keepalive probe" },
    { NB, RTO_SF_KEEP_INTVL, "keepintvl", "DUR", "net.inet.tcp.keepintvl",
      "net.inet.tcp.keepintvl", SEC, 1, I32, 75, REC,
      "between keepalive probes" },
    { NB, RTO_SF_KEEP_CNT, "keepcnt", "N", "net.inet.tcp.keepcnt",
      "net.inet.tcp.keepcnt", 1, 1, I32, 8, SRC,
      "keepalive probes before the drop" },
    { NB, RTO_SF_KEEP_INIT, "keepinit", "DUR", "net.inet.tcp.keepinit",
      "net.inet.tcp.keepinit", SEC, 1, I32, 75, REC,
      "connect() deadline" },

    /* illumos: ipadm properties of tcp, in ms. */
    { IL, RTO_SF_ABORT, "abort-interval", "DUR", "_ip_abort_interval",
      "_ip_abort_interval", MS, 500, 0xFFFFFFFFLL, 300000, SRC,
      "retransmitting longer than this drops an established connection" },
    { IL, RTO_SF_CONN_ABORT, "abort-cinterval", "DUR", "_ip_abort_cinterval",
      "_ip_abort_cinterval", MS, 0, 0xFFFFFFFFLL, 180000, SRC,
      "the same for connect() (0 = retransmit forever)" },
    { IL, RTO_SF_RTO_INITIAL, "rexmit-interval-initial", "DUR",
      "_rexmit_interval_initial", "_rexmit_interval_initial", MS, 1, 20000,
      1000, SRC, "RTO before any RTT sample" },
    { IL, RTO_SF_RTO_MIN, "rexmit-interval-min", "DUR",
      "_rexmit_interval_min", "_rexmit_interval_min", MS, 1, 20000, 400,
      SRC, "RTO floor" },
    { IL, RTO_SF_RTO_MAX, "rexmit-interval-max", "DUR",
      "_rexmit_interval_max", "_rexmit_interval_max", MS, 1, 7200000, 60000,
      SRC, "RTO cap" },
    { IL, RTO_SF_KEEP_IDLE, "keepalive-interval", "DUR",
      "_keepalive_interval", "_keepalive_interval", MS, 10000, 864000000,
      7200000, SRC, "idle time before the first keepalive probe" },
    { IL, RTO_SF_KEEP_ABORT, "keepalive-abort-interval", "DUR",
      "_keepalive_abort_interval", "_keepalive_abort_interval", MS, 0,
      0xFFFFFFFFLL, 480000, SRC,
      "probing longer than this drops the connection" },
    { IL, RTO_SF_USER_TIMEOUT, "abort-threshold", "DUR", NULL,
      "TCP_ABORT_THRESHOLD", MS, 0, 0xFFFFFFFFLL, 0, SRC,
      "per socket: replaces _ip_abort_interval (0 = the property)" },
    { IL, RTO_SF_FIN_WAIT2, "fin-wait-2-flush-interval", "DUR",
      "_fin_wait_2_flush_interval", "_fin_wait_2_flush_interval", MS, 1000,
      7200000, 60000, SRC, "FIN_WAIT_2 timeout of a closed socket" },
};

#define N_SETTINGS (sizeof(settings) / sizeof(settings[0]))

size_t rto_stack_setting_count(void)
{
    return N_SETTINGS;
}

const struct rto_stack_setting *rto_stack_setting_at(size_t i)
{
    return i < N_SETTINGS ? &settings[i] : NULL;
}

const struct rto_stack_setting *rto_stack_setting_find(enum rto_stack s,
                                                       const char *name)
{
    for (size_t i = 0; i < N_SETTINGS; i++) {
        if (settings[i].stack != s)
            continue;
        if (strcmp(settings[i].option, name) == 0
            || (settings[i].sysctl && strcmp(settings[i].sysctl, name) == 0))
            return &settings[i];
    }
    return NULL;
}

static int64_t *field_i64(struct rto_stack_params *p, enum rto_stack_field f)
{
    switch (f) {
    case RTO_SF_RTO_INITIAL: return &p->rto_initial_us;
    case RTO_SF_RTO_MIN: return &p->rto_min_us;
    case RTO_SF_RTO_MAX: return &p->rto_max_us;
    case RTO_SF_SLOP: return &p->slop_us;
    case RTO_SF_KEEP_IDLE: return &p->keep_idle_us;
    case RTO_SF_KEEP_INTVL: return &p->keep_intvl_us;
    case RTO_SF_KEEP_INIT: return &p->keep_init_us;
    case RTO_SF_USER_TIMEOUT: return &p->user_timeout_us;
    case RTO_SF_ABORT: return &p->abort_us;
    case RTO_SF_CONN_ABORT: return &p->conn_abort_us;
    case RTO_SF_KEEP_ABORT: return &p->keep_abort_us;
    case RTO_SF_FIN_WAIT2: return &p->fin_wait2_us;
    case RTO_SF_TICK: return &p->tick_us;
    default: return NULL;
    }
}

static int *field_int(struct rto_stack_params *p, enum rto_stack_field f)
{
    switch (f) {
    case RTO_SF_RETRIES: return &p->retries;
    case RTO_SF_SYN_RETRIES: return &p->syn_retries;
    case RTO_SF_KEEP_CNT: return &p->keep_cnt;
    case RTO_SF_SAMPLES: return &p->samples;
    default: return NULL;
    }
}

int64_t rto_stack_get(const struct rto_stack_params *p,
                      enum rto_stack_field f)
{
    struct rto_stack_params q = *p;
    int64_t *l = field_i64(&q, f);
    int *i = field_int(&q, f);

    if (l)
        return *l;
    if (i)
        return *i;
    if (f == RTO_SF_ALWAYS_KEEPALIVE)
        return p->always_keepalive;
    return 0;
}

void rto_stack_set(struct rto_stack_params *p, enum rto_stack_field f,
                   int64_t v)
{
    int64_t *l = field_i64(p, f);
    int *i = field_int(p, f);

    if (l)
        *l = v;
    else if (i)
        *i = (int)v;
    else if (f == RTO_SF_ALWAYS_KEEPALIVE)
        p->always_keepalive = v != 0;
}

/* The values that are no knob of the stack, per STACKS.md; the knobs'
 * defaults come from the table. */
void rto_stack_params_default(struct rto_stack_params *p, enum rto_stack s,
                              int version)
{
    memset(p, 0, sizeof(*p));
    p->stack = s;
    p->version = version;
    p->rtt_us = 1000;
    p->rttvar_us = RTO_NONE;
    p->samples = 1;
    p->rto_max_us = 64 * (int64_t)SEC;
    p->keep_cnt = 8;
    p->keep_idle_us = 7200 * (int64_t)SEC;
    p->keep_intvl_us = 75 * (int64_t)SEC;
    p->keep_init_us = 75 * (int64_t)SEC;
    p->retries = 12;
    switch (s) {
    case RTO_STACK_FREEBSD:
        p->tick_us = 1000;                      /* hz 1000 */
        p->fin_wait2_us = 0;                    /* keepcnt x keepintvl */
        break;
    case RTO_STACK_MACOS:
        p->rto_initial_us = 1 * (int64_t)SEC;   /* TCPTV_RTOBASE */
        p->rto_min_us = 30 * MS;                /* TCPTV_REXMTMIN */
        p->tick_us = 100 * MS;                  /* REXMT timer quantum */
        break;
    case RTO_STACK_WINDOWS:
        p->rto_max_us = 60 * (int64_t)SEC;
        p->tick_us = 15625;                     /* REC: one system tick */
        break;
    case RTO_STACK_LWIP:
        p->samples = 16;
        break;
    case RTO_STACK_OPENBSD:
    case RTO_STACK_NETBSD:
        p->rto_initial_us = 3 * (int64_t)SEC;   /* 2 x TCPTV_SRTTDFLT */
        p->rto_min_us = 1 * (int64_t)SEC;       /* TCPTV_MIN */
        p->tick_us = 10 * MS;                   /* REC: hz 100 */
        p->fin_wait2_us = 0;                    /* keepcnt x keepintvl */
        if (s == RTO_STACK_NETBSD)
            p->rto_initial_us = 6 * (int64_t)SEC; /* 2 x 3 s before 2026 */
        break;
    case RTO_STACK_ILLUMOS:
        p->tick_us = 10 * MS;                   /* REC: hz 100 */
        break;
    default:
        break;
    }
    for (size_t i = 0; i < N_SETTINGS; i++)
        if (settings[i].stack == s)
            rto_stack_set(p, settings[i].field,
                          settings[i].def * settings[i].unit_us);
    /* The versions' own defaults. */
    if (s == RTO_STACK_FREEBSD && version <= 12)
        p->rto_initial_us = 3 * (int64_t)SEC;   /* before D18941 */
    if (s == RTO_STACK_WINDOWS && version < 10) {
        p->rto_initial_us = 3 * (int64_t)SEC;
        p->syn_retries = 2;
    }
    if (s == RTO_STACK_ILLUMOS && version == 10) {
        p->abort_us = 480 * (int64_t)SEC;       /* Solaris 10 manual */
        p->rto_initial_us = 3 * (int64_t)SEC;
    }
}

int rto_stack_params_validate(const struct rto_stack_params *p,
                              const struct rto_stack_setting **bad)
{
    if (bad)
        *bad = NULL;
    if ((unsigned)p->stack >= RTO_STACK_COUNT || p->stack == RTO_STACK_LINUX
        || !has_version(&stacks[p->stack], p->version))
        return RTO_EINVAL;
    if (p->rtt_us < 1 || p->rtt_us > 120 * (int64_t)SEC
        || (p->rttvar_us != RTO_NONE
            && (p->rttvar_us < 0 || p->rttvar_us > 120 * (int64_t)SEC)))
        return RTO_EINVAL;
    for (size_t i = 0; i < N_SETTINGS; i++) {
        const struct rto_stack_setting *s = &settings[i];
        int64_t v = rto_stack_get(p, s->field);
        int64_t lo = s->min, hi = s->max;

        if (s->stack != p->stack)
            continue;
        /* net.inet.tcp.retries is new in 14.0: 12 before. */
        if (s->field == RTO_SF_RETRIES && p->stack == RTO_STACK_FREEBSD
            && p->version < 14)
            lo = hi = 12;
        if (v % s->unit_us || v / s->unit_us < lo || v / s->unit_us > hi) {
            if (bad)
                *bad = s;
            return RTO_EINVAL;
        }
    }
    /* lwIP: the RTO must be at least one slow tick. */
    if (p->stack == RTO_STACK_LWIP && p->rto_initial_us < 2 * p->tick_us) {
        if (bad)
            *bad = rto_stack_setting_find(p->stack, "rto-time");
        return RTO_EINVAL;
    }
    return RTO_OK;
}
