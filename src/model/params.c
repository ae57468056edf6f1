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
    p->rto_min_us = RTO_TCP_RTO_MIN_MS * US_PER_MS;
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
    [RTO_F_TLP] = "tcp_early_retrans",
    [RTO_F_THIN] = "tcp_thin_linear_timeouts",
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
    /* The retry sysctls became u8 in 5.13 (proc_dou8vec_minmax, "tcp:
     * convert elligible sysctls to u8"); before they were plain ints. */
    bool u8 = rto_kernel_has(p->kernel, RTO_FEAT_U8_SYSCTLS);
    int64_t rmax = u8 ? 255 : INT_MAX;
    const char *rwhy = u8 ? "a u8 sysctl since Linux 5.13"
                          : "an int sysctl before Linux 5.13";
    int64_t jiffy_cap;
    size_t n;
    const int *versions = rto_kernel_profiles(&n);
    bool known = false;

    for (size_t i = 0; i < n; i++)
        known |= versions[i] == p->kernel;
    if (!known)
        return bad_field(bad, RTO_F_KERNEL, versions[0], versions[n - 1], "",
                         "a kernel profile");
    if (!rto_hz_valid(p->hz))
        return bad_field(bad, RTO_F_HZ, 100, 1000, "",
                         "CONFIG_HZ is one of 100, 250, 300 or 1000");
    if (p->retries1 < 0 || p->retries1 > rmax)
        return bad_field(bad, RTO_F_RETRIES1, 0, rmax, "", rwhy);
    if (p->retries2 < 0 || p->retries2 > rmax)
        return bad_field(bad, RTO_F_RETRIES2, 0, rmax, "", rwhy);
    /* do_tcp_setsockopt(): TCP_USER_TIMEOUT takes an int >= 0 of ms. */
    if (!in_units(p->user_timeout_us, US_PER_MS, 0, INT_MAX))
        return bad_field(bad, RTO_F_USER_TIMEOUT, 0, INT_MAX, "ms",
                         "TCP_USER_TIMEOUT is a whole number of ms");
    if (p->user_timeout_us && !rto_kernel_has(p->kernel,
                                              RTO_FEAT_USER_TIMEOUT))
        return bad_field(bad, RTO_F_USER_TIMEOUT, 0, 0, "ms",
                         "TCP_USER_TIMEOUT exists from Linux 2.6.37");
    /* The estimator keeps srtt_us as a u32 holding 8 x SRTT; the model
     * accepts up to 120 s, past which every RTO sits at rto_max. */
    if (p->rtt_us < 1 || p->rtt_us > 120 * US_PER_S)
        return bad_field(bad, RTO_F_RTT, 1, 120 * US_PER_S, "us",
                         "a path round-trip time");
    if (p->rto_us < 0 || p->rto_us > 120 * US_PER_S)
        return bad_field(bad, RTO_F_RTO, 0, 120 * US_PER_S, "us",
                         "the RTO is capped at TCP_RTO_MAX");
    /* tcp_rto_min_us (6.11): proc_dointvec_minmax with min 1; before it,
     * the route's rto_min is the only knob. */
    if (p->rto_min_us < 1 || p->rto_min_us > INT_MAX)
        return bad_field(bad, RTO_F_RTO_MIN, 1, INT_MAX, "us",
                         "tcp_rto_min_us accepts 1..INT_MAX");
    /* tcp_rto_max_ms: 1000..120000 (6.15, TCP_RTO_MAX_MIN_SEC..
     * TCP_RTO_MAX_SEC); before 6.15 rto_max is the constant 120 s. */
    if (!rto_kernel_has(p->kernel, RTO_FEAT_RTO_MAX)) {
        if (p->rto_max_us != 120 * US_PER_S)
            return bad_field(bad, RTO_F_RTO_MAX, 120000, 120000, "ms",
                             "tcp_rto_max_ms exists from Linux 6.15");
    } else if (!in_units(p->rto_max_us, US_PER_MS, 1000, 120000)) {
        return bad_field(bad, RTO_F_RTO_MAX, 1000, 120000, "ms",
                         "tcp_rto_max_ms accepts 1000..120000");
    }
    /* tcp_syn_retries: min 1 and max MAX_TCP_SYNCNT (127). */
    if (p->syn_retries < 1 || p->syn_retries > 127)
        return bad_field(bad, RTO_F_SYN_RETRIES, 1, 127, "",
                         "MAX_TCP_SYNCNT is 127");
    if (!rto_kernel_has(p->kernel, RTO_FEAT_SYN_LINEAR)) {
        if (p->syn_linear_timeouts != 0)
            return bad_field(bad, RTO_F_SYN_LINEAR_TIMEOUTS, 0, 0, "",
                             "tcp_syn_linear_timeouts exists from Linux 6.5");
    } else if (p->syn_linear_timeouts < 0 || p->syn_linear_timeouts > 127) {
        return bad_field(bad, RTO_F_SYN_LINEAR_TIMEOUTS, 0, 127, "",
                         "a u8 sysctl with max 127");
    }
    if (p->synack_retries < 0 || p->synack_retries > rmax)
        return bad_field(bad, RTO_F_SYNACK_RETRIES, 0, rmax, "", rwhy);
    if (p->orphan_retries < 0 || p->orphan_retries > rmax)
        return bad_field(bad, RTO_F_ORPHAN_RETRIES, 0, rmax, "", rwhy);
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
    if (p->keepalive_probes < 0 || p->keepalive_probes > rmax)
        return bad_field(bad, RTO_F_KEEPALIVE_PROBES, 0, rmax, "", rwhy);
    if (p->tlp && !rto_kernel_has(p->kernel, RTO_FEAT_TLP))
        return bad_field(bad, RTO_F_TLP, 0, 0, "",
                         "the tail loss probe exists from Linux 3.10");
    if (p->thin && !rto_kernel_has(p->kernel, RTO_FEAT_THIN))
        return bad_field(bad, RTO_F_THIN, 0, 0, "",
                         "thin-stream linear timeouts exist from 2.6.34");
    if (bad)
        bad->field = RTO_F_NONE;
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
