/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parameters: the Linux 6.18 defaults, the ranges the kernel accepts, and
 * the kernel-version profiles.
 */
#include <config.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define US_PER_MS INT64_C(1000)
#define US_PER_S INT64_C(1000000)

void rto_params_default(struct rto_params *p)
{
    memset(p, 0, sizeof(*p));
    p->kernel = RTO_KERNEL_DEFAULT;
    /* CONFIG_HZ=1000 is the kernel's own default choice (kernel/Kconfig.hz);
     * distributions often pick 250, as this project's test machine does. */
    p->hz = 1000;
    /* net/ipv4/tcp_ipv4.c tcp_sk_init(): TCP_RETR1 and TCP_RETR2. */
    p->retries1 = 3;
    p->retries2 = 15;
    p->user_timeout_us = 0;
    /* A loopback-like path; the RTO then sits just above rto_min. */
    p->rtt_us = 100;
    p->rto_us = 0;
    /* TCP_RTO_MIN = HZ/5 and TCP_RTO_MAX = 120 * HZ (include/net/tcp.h);
     * sysctls tcp_rto_min_us (6.11) and tcp_rto_max_ms (6.15). */
    p->rto_min_us = 200 * US_PER_MS;
    p->rto_max_us = 120 * US_PER_S;
    /* tcp_early_retrans = 3 enables RACK-TLP. */
    p->tlp = true;
    p->thin = false;
    p->cc = RTO_CC_CUBIC;
    /* TCP_SYN_RETRIES 6 (3.7+), tcp_syn_linear_timeouts 4 (6.5+),
     * TCP_SYNACK_RETRIES 5, tcp_orphan_retries 0, TCP_FIN_TIMEOUT 60 s. */
    p->syn_retries = 6;
    p->syn_linear_timeouts = 4;
    p->synack_retries = 5;
    p->orphan_retries = 0;
    p->fin_timeout_us = 60 * US_PER_S;
    /* TCP_KEEPALIVE_TIME 2 h, TCP_KEEPALIVE_INTVL 75 s,
     * TCP_KEEPALIVE_PROBES 9 (include/net/tcp.h). */
    p->keepalive_time_us = 7200 * US_PER_S;
    p->keepalive_intvl_us = 75 * US_PER_S;
    p->keepalive_probes = 9;
}

static const char *const knobs[RTO_F_COUNT] = {
    [RTO_F_NONE] = "",
    [RTO_F_KERNEL] = "kernel",
    [RTO_F_HZ] = "CONFIG_HZ",
    [RTO_F_RETRIES1] = "tcp_retries1",
    [RTO_F_RETRIES2] = "tcp_retries2",
    [RTO_F_USER_TIMEOUT] = "TCP_USER_TIMEOUT",
    [RTO_F_RTT] = "rtt",
    [RTO_F_RTO] = "rto",
    [RTO_F_RTO_MIN] = "tcp_rto_min_us",
    [RTO_F_RTO_MAX] = "tcp_rto_max_ms",
    [RTO_F_SYN_RETRIES] = "tcp_syn_retries",
    [RTO_F_SYN_LINEAR_TIMEOUTS] = "tcp_syn_linear_timeouts",
    [RTO_F_SYNACK_RETRIES] = "tcp_synack_retries",
    [RTO_F_ORPHAN_RETRIES] = "tcp_orphan_retries",
    [RTO_F_FIN_TIMEOUT] = "tcp_fin_timeout",
    [RTO_F_KEEPALIVE_TIME] = "tcp_keepalive_time",
    [RTO_F_KEEPALIVE_INTVL] = "tcp_keepalive_intvl",
    [RTO_F_KEEPALIVE_PROBES] = "tcp_keepalive_probes",
};

const char *rto_field_knob(enum rto_field f)
{
    return (f >= 0 && f < RTO_F_COUNT) ? knobs[f] : "";
}

static int bad_field(struct rto_invalid *bad, enum rto_field f, int64_t min,
                     int64_t max, const char *unit, const char *why)
{
    if (bad) {
        bad->field = f;
        bad->min = min;
        bad->max = max;
        bad->unit = unit;
        bad->why = why;
    }
    return RTO_EINVAL;
}

/* A whole number of `unit` microseconds within [min, max] units. */
static bool in_units(int64_t us, int64_t unit, int64_t min, int64_t max)
{
    return us % unit == 0 && us / unit >= min && us / unit <= max;
}

int rto_params_validate(const struct rto_params *p, struct rto_invalid *bad)
{
    /* The u8 sysctls (net/ipv4/sysctl_net_ipv4.c, proc_dou8vec_minmax
     * since 5.13, "tcp: convert elligible sysctls to u8"). */
    static const char u8why[] = "a u8 sysctl since Linux 5.13";
    int64_t jiffy_cap;

    if (p->kernel != RTO_KERNEL(6, 18))
        return bad_field(bad, RTO_F_KERNEL, RTO_KERNEL(6, 18),
                         RTO_KERNEL(6, 18), "", "the only profile so far");
    if (!rto_hz_valid(p->hz))
        return bad_field(bad, RTO_F_HZ, 100, 1000, "",
                         "CONFIG_HZ is one of 100, 250, 300 or 1000");
    if (p->retries1 < 0 || p->retries1 > 255)
        return bad_field(bad, RTO_F_RETRIES1, 0, 255, "", u8why);
    if (p->retries2 < 0 || p->retries2 > 255)
        return bad_field(bad, RTO_F_RETRIES2, 0, 255, "", u8why);
    /* do_tcp_setsockopt(): TCP_USER_TIMEOUT takes an int >= 0 of ms. */
    if (!in_units(p->user_timeout_us, US_PER_MS, 0, INT_MAX))
        return bad_field(bad, RTO_F_USER_TIMEOUT, 0, INT_MAX, "ms",
                         "TCP_USER_TIMEOUT is a whole number of ms");
    /* The estimator keeps srtt_us as a u32 holding 8 x SRTT; the model
     * accepts up to 120 s, past which every RTO sits at rto_max. */
    if (p->rtt_us < 1 || p->rtt_us > 120 * US_PER_S)
        return bad_field(bad, RTO_F_RTT, 1, 120 * US_PER_S, "us",
                         "a path round-trip time");
    if (p->rto_us < 0 || p->rto_us > 120 * US_PER_S)
        return bad_field(bad, RTO_F_RTO, 0, 120 * US_PER_S, "us",
                         "the RTO is capped at TCP_RTO_MAX");
    /* tcp_rto_min_us: proc_dointvec_minmax with min 1 (6.11). */
    if (p->rto_min_us < 1 || p->rto_min_us > INT_MAX)
        return bad_field(bad, RTO_F_RTO_MIN, 1, INT_MAX, "us",
                         "tcp_rto_min_us accepts 1..INT_MAX");
    /* tcp_rto_max_ms: 1000..120000 (6.15, TCP_RTO_MAX_MIN_SEC..
     * TCP_RTO_MAX_SEC). */
    if (!in_units(p->rto_max_us, US_PER_MS, 1000, 120000))
        return bad_field(bad, RTO_F_RTO_MAX, 1000, 120000, "ms",
                         "tcp_rto_max_ms accepts 1000..120000");
    /* tcp_syn_retries: u8 with min 1 and max MAX_TCP_SYNCNT (127). */
    if (p->syn_retries < 1 || p->syn_retries > 127)
        return bad_field(bad, RTO_F_SYN_RETRIES, 1, 127, "",
                         "MAX_TCP_SYNCNT is 127");
    if (p->syn_linear_timeouts < 0 || p->syn_linear_timeouts > 127)
        return bad_field(bad, RTO_F_SYN_LINEAR_TIMEOUTS, 0, 127, "",
                         "a u8 sysctl with max 127");
    if (p->synack_retries < 0 || p->synack_retries > 255)
        return bad_field(bad, RTO_F_SYNACK_RETRIES, 0, 255, "", u8why);
    if (p->orphan_retries < 0 || p->orphan_retries > 255)
        return bad_field(bad, RTO_F_ORPHAN_RETRIES, 0, 255, "", u8why);
    /* proc_dointvec_jiffies: seconds times HZ must fit an int. */
    jiffy_cap = INT_MAX / p->hz;
    if (!in_units(p->fin_timeout_us, US_PER_S, 0, jiffy_cap))
        return bad_field(bad, RTO_F_FIN_TIMEOUT, 0, jiffy_cap, "s",
                         "whole seconds that fit an int in jiffies");
    if (!in_units(p->keepalive_time_us, US_PER_S, 0, jiffy_cap))
        return bad_field(bad, RTO_F_KEEPALIVE_TIME, 0, jiffy_cap, "s",
                         "whole seconds that fit an int in jiffies");
    if (!in_units(p->keepalive_intvl_us, US_PER_S, 0, jiffy_cap))
        return bad_field(bad, RTO_F_KEEPALIVE_INTVL, 0, jiffy_cap, "s",
                         "whole seconds that fit an int in jiffies");
    if (p->keepalive_probes < 0 || p->keepalive_probes > 255)
        return bad_field(bad, RTO_F_KEEPALIVE_PROBES, 0, 255, "", u8why);
    if (bad)
        bad->field = RTO_F_NONE;
    return RTO_OK;
}

static const int profiles[] = { RTO_KERNEL(6, 18) };

const int *rto_kernel_profiles(size_t *count)
{
    *count = sizeof(profiles) / sizeof(profiles[0]);
    return profiles;
}

static bool parse_part(const char **s, int *out)
{
    long v = 0;
    const char *c = *s;

    if (*c < '0' || *c > '9')
        return false;
    while (*c >= '0' && *c <= '9') {
        v = v * 10 + (*c - '0');
        if (v > 255)
            return false;
        c++;
    }
    *out = (int)v;
    *s = c;
    return true;
}

int rto_kernel_parse(const char *text, int *version)
{
    int major, minor, v;
    const char *s = text;

    if (!s || !version)
        return RTO_EINVAL;
    if (!parse_part(&s, &major) || *s++ != '.' || !parse_part(&s, &minor))
        return RTO_EINVAL;
    /* Anything after "MAJOR.MINOR" must look like a release suffix. */
    if (*s != '\0' && *s != '.' && *s != '-' && *s != '+')
        return RTO_EINVAL;
    v = RTO_KERNEL(major, minor);
    /* Newer kernels than the newest profile use it; older ones need a
     * profile of their own. */
    if (v < profiles[0])
        return RTO_ENOTSUP;
    *version = profiles[sizeof(profiles) / sizeof(profiles[0]) - 1];
    return RTO_OK;
}

const char *rto_strerror(int err)
{
    switch (err) {
    case RTO_OK:
        return "success";
    case RTO_EINVAL:
        return "value outside the kernel's range";
    case RTO_ERANGE:
        return "value too large for the model";
    case RTO_ENOSPC:
        return "buffer too small";
    case RTO_EIO:
        return "write error";
    case RTO_ENOTSUP:
        return "not supported by this kernel profile";
    default:
        return "unknown error";
    }
}

const char *rto_version(void)
{
    return PACKAGE_VERSION;
}
