/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every setting once: one row per setting with its option, kernel knob,
 * sysctl, JSON key, unit, range, profile gate, default and help line.  The
 * defaults (rto_params_default_for), the validation (rto_params_validate),
 * the CLI's long options, --help, --sysctl names, --system, sweep
 * dimensions, JSON "settings" and the emit snippets all read this table;
 * adding a setting is one row here plus its model code.
 */
#include <config.h>

#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "internal.h"

#define US INT64_C(1)
#define MS INT64_C(1000)
#define S INT64_C(1000000)

/* Where a row's value lives in struct rto_params. */
enum store {
    ST_NONE,    /* not a member (none today but the table's end) */
    ST_INT,
    ST_I64,
    ST_BOOL,
    ST_CC,
};

/* How the upper end of a row's range is found. */
enum max_rule {
    MAX_FIXED,      /* max, as written */
    MAX_RETRY,      /* 255 for u8 sysctls (5.13+), INT_MAX before */
    MAX_JIFFIES,    /* seconds whose jiffies fit an int: INT_MAX / HZ */
};

#define NO_FEATURE (-1)
#define P(x) (1u << RTO_PATH_##x)
#define ALL_RTX (P(RETRANS) | P(ORPHAN) | P(FIN_WAIT2) | P(PROBE0))

struct row {
    struct rto_setting pub;
    enum store store;
    size_t offset;          /* offsetof(struct rto_params, member) */
    int64_t min;            /* in the row's unit (unit_us for durations) */
    int64_t max;
    enum max_rule max_rule;
    bool zero_is_unset;     /* 0 means "not given" (rto: from the RTT) */
    const char *why;        /* the range's reason, for messages */
    int needs;              /* enum rto_feature gating the value, or -1 */
    int64_t absent;         /* the only value without that feature */
    const char *absent_why;
    int64_t def;            /* the default, in the row's unit */
    int def_needs;          /* enum rto_feature; before it: def_before */
    int64_t def_before;
};

#define MEMBER(m) offsetof(struct rto_params, m)

static const struct row rows[] = {
    {
        .pub = { RTO_F_KERNEL, "kernel", "VERSION", NULL, "kernel", NULL,
                 RTO_KIND_VERSION, 0, 0, NO_FEATURE, 0,
                 "kernel profile; a version uses the nearest older "
                 "profile; --kernel list shows them" },
        .store = ST_INT, .offset = MEMBER(kernel),
        .min = 0, .max = INT_MAX, .why = "a kernel profile",
        .needs = NO_FEATURE, .def = RTO_KERNEL_DEFAULT,
        .def_needs = NO_FEATURE,
    },
    {
        /* CONFIG_HZ=1000 is the kernel's own default choice
         * (kernel/Kconfig.hz); distributions often pick 250. */
        .pub = { RTO_F_HZ, "hz", "N", NULL, "CONFIG_HZ", NULL,
                 RTO_KIND_COUNT, 0, 0, NO_FEATURE, 0,
                 "CONFIG_HZ: 100, 250, 300 or 1000" },
        .store = ST_INT, .offset = MEMBER(hz),
        .min = 100, .max = 1000,
        .why = "CONFIG_HZ is one of 100, 250, 300 or 1000",
        .needs = NO_FEATURE, .def = 1000, .def_needs = NO_FEATURE,
    },
    {
        /* net/ipv4/tcp_ipv4.c tcp_sk_init(): TCP_RETR1. */
        .pub = { RTO_F_RETRIES1, "retries1", "N", "tcp_retries1",
                 "tcp_retries1", "tcp_retries1", RTO_KIND_COUNT, 0, 0,
                 NO_FEATURE, P(RETRANS) | P(ORPHAN), "tcp_retries1" },
        .store = ST_INT, .offset = MEMBER(retries1),
        .min = 0, .max_rule = MAX_RETRY, .needs = NO_FEATURE, .def = 3,
        .def_needs = NO_FEATURE,
    },
    {
        /* tcp_sk_init(): TCP_RETR2. */
        .pub = { RTO_F_RETRIES2, "retries2", "N", "tcp_retries2",
                 "tcp_retries2", "tcp_retries2", RTO_KIND_COUNT, 0, 0,
                 NO_FEATURE, P(RETRANS) | P(PROBE0), "tcp_retries2" },
        .store = ST_INT, .offset = MEMBER(retries2),
        .min = 0, .max_rule = MAX_RETRY, .needs = NO_FEATURE, .def = 15,
        .def_needs = NO_FEATURE,
    },
    {
        /* do_tcp_setsockopt(): TCP_USER_TIMEOUT takes an int >= 0 of ms
         * (2.6.37, dca43c75e7e5). */
        .pub = { RTO_F_USER_TIMEOUT, "user-timeout", "DUR", NULL,
                 "TCP_USER_TIMEOUT", "user_timeout_ms", RTO_KIND_DURATION,
                 MS, MS, NO_FEATURE,
                 P(RETRANS) | P(KEEPALIVE) | P(SYN) | P(ORPHAN) | P(PROBE0),
                 "TCP_USER_TIMEOUT, whole ms, 0 = off" },
        .store = ST_I64, .offset = MEMBER(user_timeout_us),
        .min = 0, .max = INT_MAX,
        .why = "TCP_USER_TIMEOUT is a whole number of ms",
        .needs = RTO_FEAT_USER_TIMEOUT, .absent = 0,
        .absent_why = "TCP_USER_TIMEOUT exists from Linux 2.6.37",
        .def = 0, .def_needs = NO_FEATURE,
    },
    {
        /* The estimator keeps srtt_us as a u32 holding 8 x SRTT; the model
         * accepts up to 120 s, past which every RTO sits at rto_max.  A
         * loopback-like path by default: the RTO sits just above rto_min. */
        .pub = { RTO_F_RTT, "rtt", "DUR", NULL, "rtt", "rtt_us",
                 RTO_KIND_DURATION, US, MS, NO_FEATURE, ALL_RTX,
                 "path round-trip time; the initial RTO follows from it "
                 "as in the kernel" },
        .store = ST_I64, .offset = MEMBER(rtt_us),
        .min = 1, .max = 120 * S, .why = "a path round-trip time",
        .needs = NO_FEATURE, .def = 100, .def_needs = NO_FEATURE,
    },
    {
        .pub = { RTO_F_RTO, "rto", "DUR", NULL, "rto", "rto_us",
                 RTO_KIND_DURATION, US, MS, NO_FEATURE, ALL_RTX,
                 "initial RTO given directly, overrides --rtt" },
        .store = ST_I64, .offset = MEMBER(rto_us),
        .min = 1, .max = 120 * S, .zero_is_unset = true,
        .why = "the RTO is capped at TCP_RTO_MAX",
        .needs = NO_FEATURE, .def = 0, .def_needs = NO_FEATURE,
    },
    {
        /* TCP_RTO_MIN = HZ/5 (include/net/tcp.h); tcp_rto_min_us (6.11)
         * is proc_dointvec_minmax with min 1; before it the route's
         * rto_min is the only knob, so the value is valid everywhere. */
        .pub = { RTO_F_RTO_MIN, "rto-min", "DUR", "tcp_rto_min_us",
                 "tcp_rto_min_us", "rto_min_us", RTO_KIND_DURATION, US, US,
                 RTO_FEAT_RTO_MIN_SYSCTL, ALL_RTX,
                 "tcp_rto_min_us / route rto_min" },
        .store = ST_I64, .offset = MEMBER(rto_min_us),
        .min = 1, .max = INT_MAX, .why = "tcp_rto_min_us accepts 1..INT_MAX",
        .needs = NO_FEATURE, .def = RTO_TCP_RTO_MIN_MS * MS,
        .def_needs = NO_FEATURE,
    },
    {
        /* tcp_rto_max_ms: 1000..120000 (6.15, TCP_RTO_MAX_MIN_SEC..
         * TCP_RTO_MAX_SEC); before 6.15 rto_max is TCP_RTO_MAX, 120 s. */
        .pub = { RTO_F_RTO_MAX, "rto-max", "DUR", "tcp_rto_max_ms",
                 "tcp_rto_max_ms", "rto_max_ms", RTO_KIND_DURATION, MS, MS,
                 RTO_FEAT_RTO_MAX,
                 P(RETRANS) | P(SYN) | P(SYNACK) | P(ORPHAN) | P(PROBE0),
                 "tcp_rto_max_ms / TCP_RTO_MAX_MS" },
        .store = ST_I64, .offset = MEMBER(rto_max_us),
        .min = 1000, .max = 120000,
        .why = "tcp_rto_max_ms accepts 1000..120000",
        .needs = RTO_FEAT_RTO_MAX, .absent = 120000,
        .absent_why = "tcp_rto_max_ms exists from Linux 6.15",
        .def = 120000, .def_needs = NO_FEATURE,
    },
    {
        /* tcp_early_retrans = 3 (the default) enables RACK-TLP; 3 and 4
         * enable the probe (3.10, 6ba8a3b19e76). */
        .pub = { RTO_F_TLP, "tlp", NULL, "tcp_early_retrans",
                 "tcp_early_retrans", "tlp", RTO_KIND_FLAG, 0, 0,
                 RTO_FEAT_TLP, P(RETRANS) | P(ORPHAN),
                 "tail loss probe before the first RTO" },
        .store = ST_BOOL, .offset = MEMBER(tlp),
        .min = 0, .max = 1, .needs = RTO_FEAT_TLP, .absent = 0,
        .absent_why = "the tail loss probe exists from Linux 3.10",
        .def = 1, .def_needs = RTO_FEAT_TLP, .def_before = 0,
    },
    {
        /* packets_out when the peer vanished.  tcp_schedule_loss_probe()
         * adds rto_min to 2 x SRTT for one packet and 2 ms for more;
         * tcp_stream_is_thin() needs fewer than 4 (KERNEL.md 9.1, 1.1).
         * The timers know no other use for it: any count of 2 or more
         * behaves alike, up to the 4 of the thin-stream test. */
        .pub = { RTO_F_IN_FLIGHT, "in-flight", "N", NULL, "packets_out",
                 "in_flight", RTO_KIND_COUNT, 0, 0, NO_FEATURE,
                 P(RETRANS) | P(ORPHAN) | P(PROBE0),
                 "segments unacknowledged when the peer vanished "
                 "(default 1; orphan: 2, the data then the FIN, and 1 is "
                 "the FIN alone)" },
        .store = ST_INT, .offset = MEMBER(in_flight),
        .min = 1, .max = INT_MAX, .zero_is_unset = true,
        .why = "packets in flight, at least one",
        .needs = NO_FEATURE, .def = 0, .def_needs = NO_FEATURE,
    },
    {
        .pub = { RTO_F_THIN, "thin", NULL, "tcp_thin_linear_timeouts",
                 "tcp_thin_linear_timeouts", "thin", RTO_KIND_FLAG, 0, 0,
                 RTO_FEAT_THIN, P(RETRANS),
                 "thin-stream linear timeouts" },
        .store = ST_BOOL, .offset = MEMBER(thin),
        .min = 0, .max = 1, .needs = RTO_FEAT_THIN, .absent = 0,
        .absent_why = "thin-stream linear timeouts exist from 2.6.34",
        .def = 0, .def_needs = NO_FEATURE,
    },
    {
        .pub = { RTO_F_CC, "cc", "NAME", "tcp_congestion_control",
                 "tcp_congestion_control", "cc", RTO_KIND_CHOICE, 0, 0,
                 NO_FEATURE, P(RETRANS),
                 "congestion control: reno, cubic, bbr (thin streams "
                 "never engage under bbr)" },
        .store = ST_CC, .offset = MEMBER(cc),
        .min = RTO_CC_RENO, .max = RTO_CC_BBR, .why = "reno, cubic or bbr",
        .needs = NO_FEATURE, .def = RTO_CC_CUBIC, .def_needs = NO_FEATURE,
    },
    {
        /* TCP_KEEPALIVE_TIME 2 h (include/net/tcp.h); proc_dointvec_jiffies:
         * seconds times HZ must fit an int. */
        .pub = { RTO_F_KEEPALIVE_TIME, "keepalive-time", "DUR",
                 "tcp_keepalive_time", "tcp_keepalive_time",
                 "tcp_keepalive_time_s", RTO_KIND_DURATION, S, S,
                 NO_FEATURE, P(KEEPALIVE),
                 "tcp_keepalive_time / TCP_KEEPIDLE, whole s" },
        .store = ST_I64, .offset = MEMBER(keepalive_time_us),
        .min = 0, .max_rule = MAX_JIFFIES,
        .why = "whole seconds that fit an int in jiffies",
        .needs = NO_FEATURE, .def = 7200, .def_needs = NO_FEATURE,
    },
    {
        /* TCP_KEEPALIVE_INTVL 75 s. */
        .pub = { RTO_F_KEEPALIVE_INTVL, "keepalive-intvl", "DUR",
                 "tcp_keepalive_intvl", "tcp_keepalive_intvl",
                 "tcp_keepalive_intvl_s", RTO_KIND_DURATION, S, S,
                 NO_FEATURE, P(KEEPALIVE),
                 "tcp_keepalive_intvl / TCP_KEEPINTVL, whole s" },
        .store = ST_I64, .offset = MEMBER(keepalive_intvl_us),
        .min = 0, .max_rule = MAX_JIFFIES,
        .why = "whole seconds that fit an int in jiffies",
        .needs = NO_FEATURE, .def = 75, .def_needs = NO_FEATURE,
    },
    {
        /* TCP_KEEPALIVE_PROBES 9. */
        .pub = { RTO_F_KEEPALIVE_PROBES, "keepalive-probes", "N",
                 "tcp_keepalive_probes", "tcp_keepalive_probes",
                 "tcp_keepalive_probes", RTO_KIND_COUNT, 0, 0, NO_FEATURE,
                 P(KEEPALIVE), "tcp_keepalive_probes / TCP_KEEPCNT" },
        .store = ST_INT, .offset = MEMBER(keepalive_probes),
        .min = 0, .max_rule = MAX_RETRY, .needs = NO_FEATURE, .def = 9,
        .def_needs = NO_FEATURE,
    },
    {
        /* TCP_SYN_RETRIES 6 since 3.7 (5 before); min 1 and max
         * MAX_TCP_SYNCNT (127). */
        .pub = { RTO_F_SYN_RETRIES, "syn-retries", "N", "tcp_syn_retries",
                 "tcp_syn_retries", "tcp_syn_retries", RTO_KIND_COUNT, 0, 0,
                 NO_FEATURE, P(SYN), "tcp_syn_retries / TCP_SYNCNT" },
        .store = ST_INT, .offset = MEMBER(syn_retries),
        .min = 1, .max = 127, .why = "MAX_TCP_SYNCNT is 127",
        .needs = NO_FEATURE, .def = 6, .def_needs = RTO_FEAT_SYN_RETRIES_6,
        .def_before = 5,
    },
    {
        /* tcp_syn_linear_timeouts 4 (6.5, ccce324dabfe), a u8 with max
         * 127. */
        .pub = { RTO_F_SYN_LINEAR_TIMEOUTS, "syn-linear-timeouts", "N",
                 "tcp_syn_linear_timeouts", "tcp_syn_linear_timeouts",
                 "tcp_syn_linear_timeouts", RTO_KIND_COUNT, 0, 0,
                 RTO_FEAT_SYN_LINEAR, P(SYN), "tcp_syn_linear_timeouts" },
        .store = ST_INT, .offset = MEMBER(syn_linear_timeouts),
        .min = 0, .max = 127, .why = "a u8 sysctl with max 127",
        .needs = RTO_FEAT_SYN_LINEAR, .absent = 0,
        .absent_why = "tcp_syn_linear_timeouts exists from Linux 6.5",
        .def = 4, .def_needs = RTO_FEAT_SYN_LINEAR, .def_before = 0,
    },
    {
        /* TCP_SYNACK_RETRIES 5. */
        .pub = { RTO_F_SYNACK_RETRIES, "synack-retries", "N",
                 "tcp_synack_retries", "tcp_synack_retries",
                 "tcp_synack_retries", RTO_KIND_COUNT, 0, 0, NO_FEATURE,
                 P(SYNACK), "tcp_synack_retries" },
        .store = ST_INT, .offset = MEMBER(synack_retries),
        .min = 0, .max_rule = MAX_RETRY, .needs = NO_FEATURE, .def = 5,
        .def_needs = NO_FEATURE,
    },
    {
        .pub = { RTO_F_FASTOPEN, "fastopen", NULL, NULL, "fastopen",
                 "fastopen", RTO_KIND_FLAG, 0, 0, NO_FEATURE, P(SYNACK),
                 "synack: a TCP Fast Open child (one retry more)" },
        .store = ST_BOOL, .offset = MEMBER(fastopen),
        .min = 0, .max = 1, .needs = NO_FEATURE, .def = 0,
        .def_needs = NO_FEATURE,
    },
    {
        /* tcp_orphan_retries 0: "8 corresponds to >100 seconds with
         * minimal RTO of 200msec" (tcp_orphan_retries()). */
        .pub = { RTO_F_ORPHAN_RETRIES, "orphan-retries", "N",
                 "tcp_orphan_retries", "tcp_orphan_retries",
                 "tcp_orphan_retries", RTO_KIND_COUNT, 0, 0, NO_FEATURE,
                 P(ORPHAN),
                 "tcp_orphan_retries; 0 means 8 while the RTO is below "
                 "rto_max" },
        .store = ST_INT, .offset = MEMBER(orphan_retries),
        .min = 0, .max_rule = MAX_RETRY, .needs = NO_FEATURE, .def = 0,
        .def_needs = NO_FEATURE,
    },
    {
        /* TCP_FIN_TIMEOUT 60 s (include/net/tcp.h). */
        .pub = { RTO_F_FIN_TIMEOUT, "fin-timeout", "DUR", "tcp_fin_timeout",
                 "tcp_fin_timeout", "tcp_fin_timeout_s", RTO_KIND_DURATION,
                 S, S, NO_FEATURE, P(FIN_WAIT2),
                 "tcp_fin_timeout / TCP_LINGER2, whole s" },
        .store = ST_I64, .offset = MEMBER(fin_timeout_us),
        .min = 0, .max_rule = MAX_JIFFIES,
        .why = "whole seconds that fit an int in jiffies",
        .needs = NO_FEATURE, .def = 60, .def_needs = NO_FEATURE,
    },
};

#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

/* Every field but RTO_F_NONE has exactly one row (tests/model checks). */
static const struct row *row_of(enum rto_field f)
{
    for (size_t i = 0; i < N_ROWS; i++)
        if (rows[i].pub.field == f)
            return &rows[i];
    return NULL;
}

size_t rto_setting_count(void)
{
    return N_ROWS;
}

const struct rto_setting *rto_setting_at(size_t i)
{
    return i < N_ROWS ? &rows[i].pub : NULL;
}

const struct rto_setting *rto_setting_of(enum rto_field f)
{
    const struct row *r = row_of(f);

    return r ? &r->pub : NULL;
}

const struct rto_setting *rto_setting_by_option(const char *option)
{
    for (size_t i = 0; i < N_ROWS; i++)
        if (strcmp(rows[i].pub.option, option) == 0)
            return &rows[i].pub;
    return NULL;
}

const struct rto_setting *rto_setting_by_sysctl(const char *name)
{
    for (size_t i = 0; i < N_ROWS; i++)
        if (rows[i].pub.sysctl && strcmp(rows[i].pub.sysctl, name) == 0)
            return &rows[i].pub;
    return NULL;
}

const char *rto_field_knob(enum rto_field f)
{
    const struct row *r = row_of(f);

    return r ? r->pub.knob : "";
}

/* The stored value, in the model's units (counts, microseconds, 0/1). */
static int64_t row_get(const struct row *r, const struct rto_params *p)
{
    const char *base = (const char *)p;

    switch (r->store) {
    case ST_INT: return *(const int *)(const void *)(base + r->offset);
    case ST_I64: return *(const int64_t *)(const void *)(base + r->offset);
    case ST_BOOL: return *(const bool *)(const void *)(base + r->offset);
    case ST_CC:
        return *(const enum rto_cc *)(const void *)(base + r->offset);
    case ST_NONE: break;
    }
    return 0;
}

int64_t rto_setting_get(const struct rto_params *p, enum rto_field f)
{
    const struct row *r = row_of(f);

    return r ? row_get(r, p) : 0;
}

void rto_setting_set(struct rto_params *p, enum rto_field f, int64_t v)
{
    const struct row *r = row_of(f);
    char *base = (char *)p;

    if (!r)
        return;
    switch (r->store) {
    case ST_INT:
        /* A value outside int is stored as INT_MIN, below every count's
         * range, so validation names it instead of taking a clamped one. */
        *(int *)(void *)(base + r->offset) =
            v < INT_MIN || v > INT_MAX ? INT_MIN : (int)v;
        break;
    case ST_I64: *(int64_t *)(void *)(base + r->offset) = v; break;
    case ST_BOOL: *(bool *)(void *)(base + r->offset) = v != 0; break;
    case ST_CC:
        *(enum rto_cc *)(void *)(base + r->offset) = (enum rto_cc)v;
        break;
    case ST_NONE: break;
    }
}

/* The unit of the row's range: microseconds per unit, 1 for counts. */
static int64_t unit_of(const struct row *r)
{
    return r->pub.kind == RTO_KIND_DURATION ? r->pub.unit_us : 1;
}

static void row_range(const struct row *r, const struct rto_params *p,
                      struct rto_invalid *range)
{
    enum rto_field f = r->pub.field;
    bool u8;

    range->field = f;
    range->unit = r->pub.kind != RTO_KIND_DURATION ? ""
                  : r->pub.unit_us == S ? "s"
                  : r->pub.unit_us == MS ? "ms" : "us";
    range->min = r->min;
    range->max = r->max;
    range->why = r->why ? r->why : "";
    if (r->needs != NO_FEATURE
        && !rto_kernel_has(p->kernel, (enum rto_feature)r->needs)) {
        range->min = range->max = r->absent;
        range->why = r->absent_why;
        return;
    }
    switch (r->max_rule) {
    case MAX_FIXED: break;
    case MAX_RETRY:
        /* The retry sysctls became u8 in 5.13 (proc_dou8vec_minmax,
         * 4ecc1baf362c); before they were plain ints. */
        u8 = rto_kernel_has(p->kernel, RTO_FEAT_U8_SYSCTLS);
        range->max = u8 ? 255 : INT_MAX;
        range->why = u8 ? "a u8 sysctl since Linux 5.13"
                        : "an int sysctl before Linux 5.13";
        break;
    case MAX_JIFFIES:
        range->max = rto_hz_valid(p->hz) ? INT_MAX / p->hz : INT_MAX / 1000;
        break;
    }
    if (f == RTO_F_KERNEL) {
        size_t n;
        const int *v = rto_kernel_profiles(&n);
        range->min = v[0];
        range->max = v[n - 1];
    }
}

int rto_setting_range(const struct rto_params *p, enum rto_field f,
                      struct rto_invalid *range)
{
    const struct row *r = row_of(f);

    if (!r)
        return RTO_EINVAL;
    row_range(r, p, range);
    return RTO_OK;
}

/* What every row's check needs from the profile and HZ, found once per
 * check of a whole parameter set (rto_params_validate() runs before every
 * timeline, so the sweep's million rows pass through it). */
struct check_ctx {
    bool kernel_ok;     /* p->kernel is a profile */
    bool u8;            /* the retry sysctls are u8 */
    int64_t jiffy_cap;  /* the largest whole seconds that fit in jiffies */
};

static void check_ctx_init(struct check_ctx *c, const struct rto_params *p)
{
    size_t n;
    const int *versions = rto_kernel_profiles(&n);

    c->kernel_ok = false;
    for (size_t i = 0; i < n; i++)
        c->kernel_ok |= versions[i] == p->kernel;
    c->u8 = rto_kernel_has(p->kernel, RTO_FEAT_U8_SYSCTLS);
    c->jiffy_cap = rto_hz_valid(p->hz) ? INT_MAX / p->hz : INT_MAX / 1000;
}

/* The same decision as row_range() and a comparison, without building the
 * range's texts. */
static bool row_accepts(const struct row *r, const struct rto_params *p,
                        const struct check_ctx *c, int64_t v,
                        bool zero_unset_ok)
{
    int64_t unit = unit_of(r), max;

    switch (r->pub.field) {
    case RTO_F_KERNEL: return c->kernel_ok && v == p->kernel;
    case RTO_F_HZ: return v == (int)v && rto_hz_valid((int)v);
    default: break;
    }
    if (r->zero_is_unset && v == 0)
        return zero_unset_ok;
    /* Only the durations kept in whole ms or s divide (a 64-bit division
     * is the costliest step here). */
    if (unit != 1) {
        if (v % unit != 0)
            return false;
        v /= unit;
    }
    if (r->needs != NO_FEATURE
        && !rto_kernel_has(p->kernel, (enum rto_feature)r->needs))
        return v == r->absent;
    max = r->max_rule == MAX_RETRY     ? (c->u8 ? 255 : INT_MAX)
          : r->max_rule == MAX_JIFFIES ? c->jiffy_cap
                                       : r->max;
    return v >= r->min && v <= max;
}

bool rto_setting_accepts(const struct rto_params *p, enum rto_field f,
                         int64_t v, bool zero_unset_ok)
{
    const struct row *r = row_of(f);
    struct check_ctx c;

    if (!r)
        return false;
    check_ctx_init(&c, p);
    if (f == RTO_F_KERNEL) {
        /* Whether v (not p->kernel) is a profile. */
        struct rto_params q = *p;
        q.kernel = (int)v;
        check_ctx_init(&c, &q);
        return v == (int)v && c.kernel_ok;
    }
    return row_accepts(r, p, &c, v, zero_unset_ok);
}

int rto_params_validate(const struct rto_params *p, struct rto_invalid *bad)
{
    struct rto_invalid local;
    struct check_ctx c;

    if (!bad)
        bad = &local;
    check_ctx_init(&c, p);
    /* The kernel and HZ first: every other range depends on them. */
    for (size_t i = 0; i < N_ROWS; i++) {
        if (!row_accepts(&rows[i], p, &c, row_get(&rows[i], p), true)) {
            row_range(&rows[i], p, bad);
            return RTO_EINVAL;
        }
    }
    bad->field = RTO_F_NONE;
    return RTO_OK;
}

void rto_params_default_for(struct rto_params *p, int kernel)
{
    memset(p, 0, sizeof(*p));
    p->kernel = kernel;
    for (size_t i = 0; i < N_ROWS; i++) {
        const struct row *r = &rows[i];
        int64_t v = r->def;
        if (r->pub.field == RTO_F_KERNEL)
            continue;
        if (r->def_needs != NO_FEATURE
            && !rto_kernel_has(kernel, (enum rto_feature)r->def_needs))
            v = r->def_before;
        rto_setting_set(p, r->pub.field, v * unit_of(r));
    }
}

void rto_params_default(struct rto_params *p)
{
    rto_params_default_for(p, RTO_KERNEL_DEFAULT);
}

int64_t rto_setting_from_sysctl(enum rto_field f, int64_t v)
{
    const struct row *r = row_of(f);

    if (!r)
        return v;
    switch (f) {
    /* tcp_early_retrans 3 (RACK-TLP, the default) or 4 (TLP alone) enable
     * the probe; 0..2 do not (Documentation/networking/ip-sysctl.rst). */
    case RTO_F_TLP: return v == 3 || v == 4;
    case RTO_F_THIN: return v != 0;
    default: break;
    }
    return r->pub.kind == RTO_KIND_DURATION ? v * r->pub.unit_us : v;
}

int64_t rto_setting_to_sysctl(enum rto_field f, int64_t v)
{
    const struct row *r = row_of(f);

    if (!r)
        return v;
    switch (f) {
    case RTO_F_TLP: return v ? 3 : 0;
    case RTO_F_THIN: return v != 0;
    default: break;
    }
    return r->pub.kind == RTO_KIND_DURATION ? v / r->pub.unit_us : v;
}
