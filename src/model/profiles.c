/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel-version profiles: the rules and defaults of the give-up timers
 * that changed over the years, each with the version and the change that
 * brought it (KERNEL.md version tables 1.11, 3.4, 6, 7.3 and 8).  Where a
 * version is only inferred from a patch date, the change table says so.
 */
#include <string.h>

#include "internal.h"

#define K(a, b) RTO_KERNEL(a, b)
#define K3(a, b, c) (RTO_KERNEL(a, b) | (c))

/* Feature versions: the first release with each rule. */
#define V_THIN K3(2, 6, 34)        /* 36e31b0af587 thin linear timeouts */
#define V_USER_TIMEOUT K3(2, 6, 37) /* dca43c75e7e5 TCP_USER_TIMEOUT */
#define V_INIT_1S K(3, 1)          /* RFC 6298 initial RTO 1 s */
#define V_SYN6 K(3, 7)             /* tcp_syn_retries 5 -> 6 */
#define V_TLP K(3, 10)             /* 6ba8a3b19e76 tail loss probe */
#define V_PROBE0_UT_HEAD K(3, 18)  /* b248230c3497 zero-window user timeout */
#define V_MS_CLOCK K(4, 13)        /* give-up compared in ms */
#define V_PTO_SRTT K(4, 14)        /* bb4d991a28cc TLP timeout adjusted */
#define V_SYN_COUNT K(4, 14)       /* SYN expiry by count (version inferred) */
#define V_UT_CLAMP K(4, 19)        /* b701a99e431d clamp to user timeout */
#define V_SIGNED K(4, 20)          /* 9efdda4e3abe signed comparison */
#define V_PROBE0_UT_MODEL K(5, 1)  /* 9721e709fa68 tcp_model_timeout() */
#define V_SYN_UT K(5, 4)           /* a41e8a88b06e + 3256a2d6ab1f */
#define V_PROBE0_UT K(5, 11)       /* 9d9b1ee0b2d1 icsk_probes_tstamp */
#define V_U8 K(5, 13)              /* 4ecc1baf362c u8 sysctls */
#define V_SYN_LINEAR K(6, 5)       /* ccce324dabfe linear SYN timeouts */
#define V_PTO_US K(6, 6)           /* 1c2709cfff1d TLP timeout in us */
#define V_RTO_MIN_US K(6, 11)      /* tcp_rto_min_us sysctl */
#define V_RTO_MAX K(6, 15)         /* tcp_rto_max_ms, TCP_RTO_MAX_MS */
#define V_SYNACK_RTO_MAX K(6, 19)  /* 1e9d3005e02c SYN-ACK capped too */

static const struct rto_profile profiles[] = {
    { K3(2, 6, 32), "RHEL 6" },
    { K(3, 10), "RHEL 7, CentOS 7" },
    { K(4, 9), "Debian 9" },
    { K(4, 14), "Amazon Linux 2" },
    { K(4, 18), "RHEL 8" },
    { K(4, 19), "Debian 10" },
    { K(5, 2), "Cloudflare's 2019 measurements" },
    { K(5, 4), "Ubuntu 20.04" },
    { K(5, 10), "Debian 11" },
    { K(5, 14), "RHEL 9" },
    { K(5, 15), "Ubuntu 22.04" },
    { K(6, 1), "Debian 12" },
    { K(6, 6), "6.6 LTS; 6.8 is Ubuntu 24.04" },
    { K(6, 12), "Debian 13, RHEL 10 (6.12)" },
    { K(6, 18), "6.18, this project's reference kernel" },
    { K(6, 19), "6.19, the newest release whose sources were read" },
};

#define N_PROFILES (sizeof(profiles) / sizeof(profiles[0]))

static const struct rto_change changes[] = {
    { V_THIN, "thin-stream linear timeouts (tcp_thin_linear_timeouts)",
      "36e31b0af587 \"net: TCP thin linear timeouts\" (version inferred)" },
    { V_USER_TIMEOUT, "TCP_USER_TIMEOUT",
      "dca43c75e7e5 \"tcp: Add TCP_USER_TIMEOUT socket option\"" },
    { V_INIT_1S, "initial RTO 1 s instead of 3 s (RFC 6298)",
      "\"tcp: RFC2988bis + taking RTT sample from 3WHS\" (version inferred)" },
    { V_SYN6, "tcp_syn_retries default 6 instead of 5",
      "tcp(7): \"Before Linux 3.7, the default value was 5\"" },
    { V_TLP, "tail loss probe, on by default (tcp_early_retrans=3)",
      "6ba8a3b19e76 \"tcp: Tail loss probe (TLP)\"" },
    { V_PROBE0_UT_HEAD, "zero-window probing ends once more than "
      "TCP_USER_TIMEOUT has passed since the first probe (ignored before)",
      "b248230c3497 \"tcp: abort orphan sockets stalling on zero window "
      "probes\" (version inferred)" },
    { V_MS_CLOCK, "give-up compared in milliseconds, not jiffies",
      "TCP ms clock (version inferred)" },
    { V_PTO_SRTT, "tail loss probe after 2 x SRTT + 200 ms (one segment in "
      "flight) or + 2 jiffies (more); was max(2 RTT, 1.5 RTT + 200 ms, "
      "10 ms) or max(2 RTT, 10 ms)",
      "bb4d991a28cc \"tcp: adjust tail loss probe timeout\" (first seen "
      "in 4.14 releases)" },
    { V_SYN_COUNT, "SYN states end by the count tcp_syn_retries alone",
      "4.19.y/5.3.y tcp_write_timeout(); Cloudflare's trace on 5.2 "
      "(version inferred: 4.10 to 4.14)" },
    { V_UT_CLAMP, "last RTO timer cut to the user timeout",
      "b701a99e431d \"tcp: Add tcp_clamp_rto_to_user_timeout() helper\"" },
    { V_SIGNED, "signed 32-bit give-up comparison",
      "9efdda4e3abe \"tcp: address problems caused by EDT misshaps\" "
      "(backported to 4.4-4.19 stable in 2021)" },
    { V_PROBE0_UT_MODEL, "zero-window probing ends when tcp_model_timeout() "
      "of the probes sent reaches TCP_USER_TIMEOUT",
      "9721e709fa68 \"tcp: simplify window probe aborting on USER_TIMEOUT\"" },
    { V_SYN_UT, "SYN states: count or time, TCP_USER_TIMEOUT honoured",
      "a41e8a88b06e, 3256a2d6ab1f \"tcp: adjust rto_base in "
      "retransmits_timed_out()\"" },
    { V_PROBE0_UT, "zero-window user timeout from the first probe, timers "
      "cut to what is left",
      "9d9b1ee0b2d1 \"tcp: fix TCP_USER_TIMEOUT with zero window\", "
      "344db93ae3ee; the 5.4 and 5.10 profiles follow them too (stable, "
      "5.4.93 and the 5.10.y of February 2021)" },
    { V_U8, "retry sysctls are u8 (0..255)",
      "4ecc1baf362c \"tcp: convert elligible sysctls to u8\" (backported "
      "to some stable trees in 2023)" },
    { V_SYN_LINEAR, "linear SYN timeouts (tcp_syn_linear_timeouts=4)",
      "ccce324dabfe \"tcp: make the first N SYN RTO backoffs linear\"" },
    { V_PTO_US, "tail loss probe after 2 x SRTT + rto_min (one segment) "
      "or + 2 ms (more), rounded up to jiffies once",
      "1c2709cfff1d \"tcp: fix excessive TLP and RACK timeouts from HZ "
      "rounding\"; the 4.19, 5.4, 5.10, 5.15 and 6.1 profiles follow it "
      "too (stable, October 2023; measured on Debian's 6.1.192)" },
    { V_RTO_MIN_US, "tcp_rto_min_us sysctl",
      "\"tcp: add sysctl_tcp_rto_min_us\" (Kevin Yang, 2024)" },
    { V_RTO_MAX, "tcp_rto_max_ms / TCP_RTO_MAX_MS, per-socket rto_max "
      "(also caps a Fast Open child's SYN-ACK timer)",
      "\"tcp: add the ability to control max RTO\" (Eric Dumazet, 2025)" },
    { V_SYNACK_RTO_MAX, "a listener's plain SYN-ACK timer capped at "
      "tcp_rto_max_ms too (was TCP_RTO_MAX, 120 s)",
      "1e9d3005e02c \"tcp: Apply max RTO to non-TFO SYN+ACK\"" },
};

const struct rto_profile *rto_profiles(size_t *count)
{
    *count = N_PROFILES;
    return profiles;
}

const struct rto_change *rto_changes(size_t *count)
{
    *count = sizeof(changes) / sizeof(changes[0]);
    return changes;
}

const int *rto_kernel_profiles(size_t *count)
{
    static const int versions[N_PROFILES] = {
        K3(2, 6, 32), K(3, 10), K(4, 9), K(4, 14), K(4, 18), K(4, 19),
        K(5, 2), K(5, 4), K(5, 10), K(5, 14), K(5, 15), K(6, 1), K(6, 6), K(6, 12),
        K(6, 18), K(6, 19),
    };

    *count = N_PROFILES;
    return versions;
}

/*
 * A profile models its series as its latest stable release ships it (what
 * the distributions in the profile list run), so a fix that a long-term
 * series took later counts for its profile.  Only such backports that were
 * cited or measured are listed; the changes table names them.
 */
/* 1c2709cfff1d (TLP timeout in us): queued for 4.19.y in October 2023 and,
 * by the same stable round, 5.4.y to 6.1.y; measured on Debian's 6.1.192
 * (the probe 5-8 ms after the send with several segments out).  4.14.y
 * could not take it. */
static const int pto_us_stable[] = { K(4, 19), K(5, 4), K(5, 10),
                                     K(5, 15), K(6, 1), 0 };
/* 9d9b1ee0b2d1 and 344db93ae3ee (zero-window user timeout from the first
 * probe): 5.4.93 and the 5.10.y of February 2021. */
static const int probe0_ut_stable[] = { K(5, 4), K(5, 10), 0 };

static bool in_series(int kernel, const int *series)
{
    for (size_t i = 0; series[i]; i++)
        if (series[i] == kernel)
            return true;
    return false;
}

bool rto_kernel_has(int kernel, enum rto_feature f)
{
    switch (f) {
    case RTO_FEAT_THIN: return kernel >= V_THIN;
    case RTO_FEAT_USER_TIMEOUT: return kernel >= V_USER_TIMEOUT;
    case RTO_FEAT_INIT_RTO_1S: return kernel >= V_INIT_1S;
    case RTO_FEAT_TLP: return kernel >= V_TLP;
    case RTO_FEAT_MS_CLOCK: return kernel >= V_MS_CLOCK;
    case RTO_FEAT_UT_CLAMP: return kernel >= V_UT_CLAMP;
    case RTO_FEAT_SIGNED_COMPARE: return kernel >= V_SIGNED;
    case RTO_FEAT_SYN_COUNT: return kernel >= V_SYN_COUNT;
    case RTO_FEAT_SYN_RETRIES_6: return kernel >= V_SYN6;
    case RTO_FEAT_PTO_SRTT: return kernel >= V_PTO_SRTT;
    case RTO_FEAT_PTO_US:
        return kernel >= V_PTO_US || in_series(kernel, pto_us_stable);
    case RTO_FEAT_SYN_COUNT_OR_TIME: return kernel >= V_SYN_UT;
    case RTO_FEAT_PROBE0_UT:
        return kernel >= V_PROBE0_UT || in_series(kernel, probe0_ut_stable);
    case RTO_FEAT_U8_SYSCTLS: return kernel >= V_U8;
    case RTO_FEAT_SYN_LINEAR: return kernel >= V_SYN_LINEAR;
    case RTO_FEAT_RTO_MIN_SYSCTL: return kernel >= V_RTO_MIN_US;
    case RTO_FEAT_RTO_MAX: return kernel >= V_RTO_MAX;
    case RTO_FEAT_SYNACK_RTO_MAX: return kernel >= V_SYNACK_RTO_MAX;
    case RTO_FEAT_PROBE0_UT_HEAD: return kernel >= V_PROBE0_UT_HEAD;
    case RTO_FEAT_PROBE0_UT_MODEL: return kernel >= V_PROBE0_UT_MODEL;
    }
    return false;
}

/* One number of a version; at most max (a patch number has no bound
 * worth keeping but must not overflow). */
static bool parse_part(const char **s, long max, long *out)
{
    long v = 0;
    const char *c = *s;

    if (*c < '0' || *c > '9')
        return false;
    while (*c >= '0' && *c <= '9') {
        v = v * 10 + (*c - '0');
        if (v > max)
            return false;
        c++;
    }
    *out = v;
    *s = c;
    return true;
}

/*
 * "MAJOR.MINOR[.PATCH[.SUB]]" then an optional release suffix, as uname -r
 * and distributions write them: 5.4.290, 6.1.0-57-amd64,
 * 5.14.0-427.13.1.el9_4.x86_64, 6.12.48+deb12-amd64.  Major and minor fit
 * a byte (RTO_KERNEL); the patch number is kept only for 2.6.x.
 */
int rto_kernel_resolve(const char *text, struct rto_kernel_match *m)
{
    long major, minor, patch = 0, sub;
    const char *s = text;
    int v;

    if (!s || !m)
        return RTO_EINVAL;
    memset(m, 0, sizeof(*m));
    if (!parse_part(&s, 255, &major) || *s++ != '.'
        || !parse_part(&s, 255, &minor))
        return RTO_EINVAL;
    if (*s == '.') {
        s++;
        if (!parse_part(&s, 99999999, &patch))
            return RTO_EINVAL;
        /* 2.6.32.71: the long-term 2.6 releases had a fourth number. */
        if (major == 2 && *s == '.') {
            s++;
            if (!parse_part(&s, 99999999, &sub))
                return RTO_EINVAL;
        }
    }
    if (*s != '\0' && *s != '-' && *s != '+' && *s != '_' && *s != '~')
        return RTO_EINVAL;
    m->vendor = *s != '\0';
    /* 2.6.x releases differ by their third number; later ones by minor. */
    if (major == 2 && patch > 255)
        return RTO_EINVAL;
    v = RTO_KERNEL((int)major, (int)minor) | (major == 2 ? (int)patch : 0);
    m->version = v;
    if (v < profiles[0].version)
        return RTO_ENOTSUP;
    /* The newest profile not newer than the version. */
    for (size_t i = N_PROFILES; i-- > 0;) {
        if (profiles[i].version <= v) {
            m->profile = profiles[i].version;
            m->exact = profiles[i].version == v;
            m->newer = i == N_PROFILES - 1 && !m->exact;
            return RTO_OK;
        }
    }
    return RTO_ENOTSUP;
}

int rto_kernel_parse(const char *text, int *version)
{
    struct rto_kernel_match m;
    int rc;

    if (!version)
        return RTO_EINVAL;
    rc = rto_kernel_resolve(text, &m);
    if (rc == RTO_OK)
        *version = m.profile;
    return rc;
}

int64_t rto_init_rto_us(int kernel)
{
    /* TCP_TIMEOUT_INIT: 3 s before 3.1, 1 s since (RFC 6298). */
    return kernel >= V_INIT_1S ? 1000000 : 3000000;
}
