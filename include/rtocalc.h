/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc.h - a model of the Linux TCP give-up timers.
 *
 * This is the one public header of librtocalc. It reads as the API manual:
 *
 *   1. Fill a struct rto_params with rto_params_default() and change the
 *      settings you care about (times are int64_t microseconds, names end
 *      in _us).
 *   2. Check them with rto_params_validate(); on failure it names the field
 *      that is out of the kernel's range.
 *   3. Give a caller-owned event array to a struct rto_timeline with
 *      rto_timeline_init() and run one path, e.g. rto_retrans().
 *   4. Print the result with one of the writers (rto_write()).
 *
 * The model (everything but the writers) is pure: it allocates nothing,
 * keeps no state between calls and does no I/O.  Functions return 0 or a
 * negative enum rto_error value; rto_strerror() turns it into text.
 */
#ifndef RTOCALC_H
#define RTOCALC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

enum rto_error {
    RTO_OK = 0,
    RTO_EINVAL = -1,   /* a parameter is outside the kernel's range */
    RTO_ERANGE = -2,   /* a value overflows what the model can carry */
    RTO_ENOSPC = -3,   /* a caller buffer is too small */
    RTO_EIO = -4,      /* a writer failed to write its FILE * */
    RTO_ENOTSUP = -5,  /* the setting does not exist in this kernel */
};

/* A static English description of an enum rto_error value. */
const char *rto_strerror(int err);

/* ------------------------------------------------------------------ */
/* Kernel versions and HZ                                             */
/* ------------------------------------------------------------------ */

/* A kernel version as one comparable number, e.g. RTO_KERNEL(6, 18);
 * 2.6.x releases carry their third number in the low byte. */
#define RTO_KERNEL(major, minor) (((major) << 16) | ((minor) << 8))
#define RTO_KERNEL_MAJOR(v) ((v) >> 16)
#define RTO_KERNEL_MINOR(v) (((v) >> 8) & 0xff)
#define RTO_KERNEL_PATCH(v) ((v) & 0xff)

/* TCP_RTO_MIN: HZ / 5 jiffies, 200 ms (include/net/tcp.h).  The default
 * rto_min, the base tcp_model_timeout() always starts from, and the floor
 * of the zero-window probe timer, whatever the socket's own rto_min. */
#define RTO_TCP_RTO_MIN_MS 200
#define RTO_TCP_RTO_MIN_JIFFIES(hz) ((uint64_t)(hz) / 5)

/* The profile used when none is asked for: Linux 6.18. */
#define RTO_KERNEL_DEFAULT RTO_KERNEL(6, 18)

/*
 * Parse "6.18" (or "6.18.44", "4.19.0-25-amd64", "2.6.32") and map it to
 * the nearest profile at or below it.  Returns RTO_EINVAL for text that is
 * not a version and RTO_ENOTSUP for a version older than every profile.
 */
int rto_kernel_parse(const char *text, int *version);

/* What rto_kernel_resolve() read in a version string. */
struct rto_kernel_match {
    int profile;     /* the profile used: the newest not newer than it */
    int version;     /* the upstream base, RTO_KERNEL(major, minor) */
    bool exact;      /* the base has a profile of its own */
    bool newer;      /* newer than every profile */
    bool vendor;     /* a distribution suffix followed the numbers
                      * ("-57-amd64"): its backports can differ */
};

/* rto_kernel_parse() with what it found; the same return values. */
int rto_kernel_resolve(const char *text, struct rto_kernel_match *m);

/* "6.18" for RTO_KERNEL(6, 18), "2.6.32" for a 2.6 release; buf needs 16
 * bytes.  Returns buf. */
char *rto_kernel_name(int version, char *buf, size_t size);

/* The profiles rtocalc knows, oldest first; *count receives how many. */
const int *rto_kernel_profiles(size_t *count);

struct rto_profile {
    int version;
    const char *examples;       /* distributions that ship it */
};
const struct rto_profile *rto_profiles(size_t *count);

/* The rule changes the profiles switch, with their sources. */
struct rto_change {
    int version;                /* first release with the change */
    const char *what;
    const char *source;         /* commit or document */
};
const struct rto_change *rto_changes(size_t *count);

enum rto_feature {
    RTO_FEAT_THIN,              /* thin-stream linear timeouts, 2.6.34 */
    RTO_FEAT_USER_TIMEOUT,      /* TCP_USER_TIMEOUT, 2.6.37 */
    RTO_FEAT_INIT_RTO_1S,       /* initial RTO 1 s, 3.1 */
    RTO_FEAT_TLP,               /* tail loss probe, 3.10 */
    RTO_FEAT_MS_CLOCK,          /* give-up compared in ms, 4.13 */
    RTO_FEAT_UT_CLAMP,          /* RTO timer cut to the user timeout, 4.19 */
    RTO_FEAT_SIGNED_COMPARE,    /* signed 32-bit comparison, 4.20 */
    RTO_FEAT_SYN_COUNT_OR_TIME, /* SYN: count or time, user timeout, 5.4 */
    RTO_FEAT_PROBE0_UT,         /* zero-window user timeout fixed, 5.11 */
    RTO_FEAT_U8_SYSCTLS,        /* retry sysctls 0..255, 5.13 */
    RTO_FEAT_SYN_LINEAR,        /* tcp_syn_linear_timeouts, 6.5 */
    RTO_FEAT_RTO_MIN_SYSCTL,    /* tcp_rto_min_us, 6.11 */
    RTO_FEAT_RTO_MAX,           /* tcp_rto_max_ms, 6.15 */
    RTO_FEAT_SYN_COUNT,         /* SYN expiry by the count alone, ~4.14 */
    RTO_FEAT_SYN_RETRIES_6,     /* tcp_syn_retries default 6 (was 5), 3.7 */
    RTO_FEAT_PTO_SRTT,          /* TLP: 2 SRTT + 200 ms or 2 jiffies, 4.14 */
    RTO_FEAT_PTO_US,            /* TLP: 2 SRTT + rto_min or 2 ms, 6.6 */
    RTO_FEAT_SYNACK_RTO_MAX,    /* plain SYN-ACK capped at rto_max, 6.19 */
    RTO_FEAT_PROBE0_UT_HEAD,    /* zero window: user timeout tested, 3.18 */
    RTO_FEAT_PROBE0_UT_MODEL,   /* ... against tcp_model_timeout(), 5.1 */
};

/* Does the kernel of this profile have the feature? */
bool rto_kernel_has(int kernel, enum rto_feature f);

/* TCP_TIMEOUT_INIT of that kernel in microseconds (3 s before 3.1). */
int64_t rto_init_rto_us(int kernel);

/* True for the CONFIG_HZ values Linux offers: 100, 250, 300 and 1000;
 * rto_hz_values() lists them. */
bool rto_hz_valid(int hz);
const int *rto_hz_values(size_t *count);

/* ------------------------------------------------------------------ */
/* Parameters                                                         */
/* ------------------------------------------------------------------ */

enum rto_cc {
    RTO_CC_RENO,
    RTO_CC_CUBIC,
    RTO_CC_BBR,
};

/* Every setting the model uses.  Times are microseconds. */
struct rto_params {
    int kernel;                 /* RTO_KERNEL(major, minor) */
    int hz;                     /* CONFIG_HZ */

    int retries1;               /* tcp_retries1 */
    int retries2;               /* tcp_retries2 */
    int64_t user_timeout_us;    /* TCP_USER_TIMEOUT, whole ms; 0 = off */

    int64_t rtt_us;             /* path round-trip time (first sample) */
    int64_t rto_us;             /* initial RTO given directly; 0 = from rtt */
    int64_t rto_min_us;         /* tcp_rto_min_us / TCP_RTO_MIN_US */
    int64_t rto_max_us;         /* tcp_rto_max_ms / TCP_RTO_MAX_MS */

    bool tlp;                   /* tail loss probe (tcp_early_retrans 3) */
    bool thin;                  /* thin-stream linear timeouts */
    enum rto_cc cc;             /* congestion control */

    int syn_retries;            /* tcp_syn_retries / TCP_SYNCNT */
    int syn_linear_timeouts;    /* tcp_syn_linear_timeouts */
    int synack_retries;         /* tcp_synack_retries */
    int orphan_retries;         /* tcp_orphan_retries */
    int64_t fin_timeout_us;     /* tcp_fin_timeout / TCP_LINGER2, whole s */

    int64_t keepalive_time_us;  /* tcp_keepalive_time / TCP_KEEPIDLE */
    int64_t keepalive_intvl_us; /* tcp_keepalive_intvl / TCP_KEEPINTVL */
    int keepalive_probes;       /* tcp_keepalive_probes / TCP_KEEPCNT */

    bool fastopen;              /* synack: a TCP Fast Open server child */

    int in_flight;              /* segments unacknowledged when the peer
                                 * vanished (packets_out, an orphan's FIN
                                 * included); 0 = the path's own:
                                 * rto_in_flight() */
};

/* The fields rto_params_validate() can name. */
enum rto_field {
    RTO_F_NONE = 0,
    RTO_F_KERNEL,
    RTO_F_HZ,
    RTO_F_RETRIES1,
    RTO_F_RETRIES2,
    RTO_F_USER_TIMEOUT,
    RTO_F_RTT,
    RTO_F_RTO,
    RTO_F_RTO_MIN,
    RTO_F_RTO_MAX,
    RTO_F_SYN_RETRIES,
    RTO_F_SYN_LINEAR_TIMEOUTS,
    RTO_F_SYNACK_RETRIES,
    RTO_F_ORPHAN_RETRIES,
    RTO_F_FIN_TIMEOUT,
    RTO_F_KEEPALIVE_TIME,
    RTO_F_KEEPALIVE_INTVL,
    RTO_F_KEEPALIVE_PROBES,
    RTO_F_TLP,
    RTO_F_THIN,
    RTO_F_CC,
    RTO_F_FASTOPEN,
    RTO_F_IN_FLIGHT,
    RTO_F_COUNT
};

/* What rto_params_validate() reports about the first bad field. */
struct rto_invalid {
    enum rto_field field;
    int64_t min, max;           /* the accepted range, in the field's unit */
    const char *unit;           /* "", "us", "ms" or "s" */
    const char *why;            /* one sentence, e.g. "u8 sysctl since 5.13" */
};

/* Linux 6.18 defaults (the values of a fresh network namespace). */
void rto_params_default(struct rto_params *p);

/* The defaults of the kernel profile `kernel` (e.g. tcp_syn_retries 5
 * before 3.7, no linear SYN timeouts before 6.5, no TLP before 3.10). */
void rto_params_default_for(struct rto_params *p, int kernel);

/*
 * Check every field against the range the kernel of p->kernel accepts.
 * Returns 0, or RTO_EINVAL and fills *bad (which may be NULL).
 */
int rto_params_validate(const struct rto_params *p, struct rto_invalid *bad);

/* The kernel knob a field stands for, e.g. "tcp_retries2". */
const char *rto_field_knob(enum rto_field f);

/* ------------------------------------------------------------------ */
/* Settings: one row each                                             */
/* ------------------------------------------------------------------ */

/*
 * Every setting of struct rto_params is one row of one table: its option,
 * kernel knob, sysctl, JSON key, unit, range, profile gate, default and
 * help line.  The defaults, the validation, the command line, the sysctl
 * names, the JSON "settings" and the configuration snippets all come from
 * it.
 */
enum rto_setting_kind {
    RTO_KIND_COUNT,         /* an integer */
    RTO_KIND_DURATION,      /* microseconds, in whole unit_us */
    RTO_KIND_FLAG,          /* on or off (--NAME, --no-NAME) */
    RTO_KIND_CHOICE,        /* one of a few names (congestion control) */
    RTO_KIND_VERSION,       /* a kernel version */
};

/* Bit of a path in rto_setting.paths. */
#define RTO_PATH_BIT(path) (1u << (path))

struct rto_setting {
    enum rto_field field;
    const char *option;     /* long option: "retries2" for --retries2 */
    const char *arg;        /* "N", "DUR", "NAME"; NULL for a flag */
    const char *sysctl;     /* net.ipv4 sysctl, "tcp_retries2", or NULL */
    const char *knob;       /* its name in messages: "TCP_USER_TIMEOUT" */
    const char *json;       /* key in JSON "settings", or NULL */
    enum rto_setting_kind kind;
    int64_t unit_us;        /* durations: the unit of the range, the
                             * sysctl and the JSON value (1, 1000, 10^6) */
    int64_t bare_unit_us;   /* durations: the unit of a bare number */
    int sysctl_needs;       /* enum rto_feature the sysctl needs, or -1 */
    unsigned paths;         /* RTO_PATH_BIT() of the timelines it shapes */
    const char *help;       /* one line for --help */
};

/* The rows, in the order --help and JSON list them: rto_setting_at(0) ..
 * rto_setting_at(rto_setting_count() - 1); NULL past the end. */
size_t rto_setting_count(void);
const struct rto_setting *rto_setting_at(size_t i);
/* A row by field, long option ("retries2") or sysctl ("tcp_retries2");
 * NULL when there is none. */
const struct rto_setting *rto_setting_of(enum rto_field f);
const struct rto_setting *rto_setting_by_option(const char *option);
const struct rto_setting *rto_setting_by_sysctl(const char *name);

/* A field's value in the model's units (counts, microseconds, 0 or 1,
 * enum rto_cc), and setting it. */
int64_t rto_setting_get(const struct rto_params *p, enum rto_field f);
void rto_setting_set(struct rto_params *p, enum rto_field f, int64_t v);

/* The range a field accepts under p's profile and HZ, in the row's unit;
 * min == max where the profile lacks the setting (why says so). */
int rto_setting_range(const struct rto_params *p, enum rto_field f,
                      struct rto_invalid *range);
/* Whether the field accepts v (model units) under p's profile and HZ.  A
 * field whose 0 means "not given" (rto) accepts 0 only if zero_unset_ok. */
bool rto_setting_accepts(const struct rto_params *p, enum rto_field f,
                         int64_t v, bool zero_unset_ok);

/* A sysctl's integer value in the model's units and back: seconds or
 * milliseconds to microseconds, tcp_early_retrans 3 or 4 to "TLP on". */
int64_t rto_setting_from_sysctl(enum rto_field f, int64_t v);
int64_t rto_setting_to_sysctl(enum rto_field f, int64_t v);

/* ------------------------------------------------------------------ */
/* Jiffies and the timer wheel                                        */
/* ------------------------------------------------------------------ */

/* usecs_to_jiffies(): rounds up. */
uint64_t rto_us_to_jiffies(int64_t us, int hz);
/* msecs_to_jiffies(): rounds up. */
uint64_t rto_ms_to_jiffies(int64_t ms, int hz);
/* jiffies_to_msecs(): exact when HZ divides 1000, else rounds up. */
uint64_t rto_jiffies_to_ms(uint64_t j, int hz);
/* jiffies_to_usecs(): exact when HZ divides 10^6, else truncates. */
uint64_t rto_jiffies_to_us(uint64_t j, int hz);

/*
 * The timer wheel (kernel/time/timer.c) never fires a timer early and may
 * fire it late by up to the granularity of the level its delay lands in.
 * rto_wheel_level() returns that level for a delay of `delay` jiffies and
 * rto_wheel_granularity() its granularity in jiffies (8^level).
 */
int rto_wheel_level(uint64_t delay, int hz);
uint64_t rto_wheel_granularity(uint64_t delay, int hz);

/* ------------------------------------------------------------------ */
/* Estimator and budget                                               */
/* ------------------------------------------------------------------ */

/*
 * The RTO the kernel sets after the first RTT sample m (tcp_rtt_estimator
 * and tcp_set_rto): m + max(2m, rto_min), rounded up to jiffies, capped at
 * rto_max.  If p->rto_us is set, that value rounded up to jiffies instead.
 * Returns jiffies.
 */
uint64_t rto_initial_rto(const struct rto_params *p);

/*
 * tcp_model_timeout(): the time from an original transmission to the
 * (boundary + 1)-th RTO firing if the first RTO were rto_base and each one
 * doubled up to rto_max.  Computed as the kernel does, in unsigned 32-bit
 * jiffies, and returned in milliseconds as an unsigned 32-bit value.
 * rto_base_ms is 200 for established sockets (TCP_RTO_MIN, whatever the
 * socket's rto_min is) and the initial RTO (1000) in SYN states.
 */
uint32_t rto_model_timeout_ms(const struct rto_params *p, unsigned boundary,
                              unsigned rto_base_ms);

/* ------------------------------------------------------------------ */
/* Timelines                                                          */
/* ------------------------------------------------------------------ */

enum rto_path {
    RTO_PATH_RETRANS,
    RTO_PATH_KEEPALIVE,
    RTO_PATH_SYN,
    RTO_PATH_SYNACK,
    RTO_PATH_ORPHAN,
    RTO_PATH_FIN_WAIT2,
    RTO_PATH_PROBE0,
    RTO_PATH_COUNT
};

enum rto_event_type {
    RTO_EV_SEND,        /* the original segment (data, SYN or SYN-ACK) */
    RTO_EV_TLP,         /* tail loss probe */
    RTO_EV_RETRANSMIT,  /* an RTO retransmission */
    RTO_EV_PROBE,       /* a keepalive or zero-window probe */
    RTO_EV_RST,         /* a reset sent by the dying socket */
    RTO_EV_GIVE_UP,     /* the error reaches the application */
};

/* Marks on events (bit flags). */
#define RTO_MARK_STAMP     0x01u /* retrans_stamp taken here */
#define RTO_MARK_RETRIES1  0x02u /* first firing past model(tcp_retries1) */
#define RTO_MARK_LINEAR    0x04u /* thin-stream linear RTO follows */
#define RTO_MARK_CLAMPED   0x08u /* next timer cut short by the user timeout */
#define RTO_MARK_CAPPED    0x10u /* next timer at rto_max */

/* Where nothing is known, e.g. the typical time of an event the typical
 * run never reaches. */
#define RTO_NONE INT64_MIN

struct rto_event {
    enum rto_event_type type;
    int n;                  /* retransmission or probe number, 1-based */
    unsigned marks;         /* RTO_MARK_* */
    int64_t timer_us;       /* the timer that fired for this event */
    int64_t at_us;          /* nominal: every timer fires on time */
    int64_t typical_us;     /* each timer late by half its granularity;
                             * NONE if that run gave up before it */
    int64_t latest_us;      /* each timer as late as the wheel allows: the
                             * bound on when this event can happen */
    int64_t since_stamp_us; /* nominal time since retrans_stamp, or NONE */
    int64_t next_us;        /* the timer armed after this event, or NONE */
};

enum rto_reason {
    RTO_REASON_NONE,            /* never gives up */
    RTO_REASON_RETRIES2,        /* tcp_retries2 time budget */
    RTO_REASON_USER_TIMEOUT,    /* TCP_USER_TIMEOUT */
    RTO_REASON_KEEPALIVE_PROBES,/* tcp_keepalive_probes unanswered */
    RTO_REASON_SYN_RETRIES,     /* SYN count */
    RTO_REASON_SYN_TIME,        /* SYN time cap model(syn_retries, 1 s) */
    RTO_REASON_SYNACK_RETRIES,  /* request socket dropped */
    RTO_REASON_ORPHAN_RETRIES,  /* tcp_orphan_retries budget */
    RTO_REASON_FIN_TIMEOUT,     /* FIN_WAIT2 timer */
    RTO_REASON_PROBES,          /* zero-window probes unanswered */
    RTO_REASON_NOT_MODELLED,    /* this profile's rule is not modelled:
                                 * the timeline's not_modelled says why */
};

/* The rule tcp_schedule_loss_probe() timed the tail loss probe by, per
 * kernel and segments in flight (KERNEL.md 9.1). */
enum rto_pto_rule {
    RTO_PTO_NONE,           /* no probe: off, or before 3.10 */
    RTO_PTO_DELACK,         /* 3.10-4.13, one packet:
                             * max(2 RTT, 1.5 RTT + 200 ms, 10 ms) */
    RTO_PTO_10MS,           /* 3.10-4.13, several: max(2 RTT, 10 ms) */
    RTO_PTO_RTO_MIN_CONST,  /* 4.14-6.5, one: 2 SRTT + TCP_RTO_MIN */
    RTO_PTO_2_JIFFIES,      /* 4.14-6.5, several: 2 SRTT + 2 jiffies */
    RTO_PTO_RTO_MIN,        /* 6.6 on, one: 2 SRTT + rto_min */
    RTO_PTO_2MS,            /* 6.6 on, several: 2 SRTT + 2 ms */
};

/* "2 x SRTT + 2 ms" and the like: the rule's formula. */
const char *rto_pto_rule_text(enum rto_pto_rule r);

/*
 * A timeline: caller-owned event storage plus the summary.  The model fills
 * at most `cap` events and sets `truncated` when it had more to say; the
 * summary is always complete.
 */
struct rto_timeline {
    struct rto_event *events;
    size_t cap;
    size_t count;
    bool truncated;

    enum rto_path path;
    int64_t initial_rto_us;     /* the first RTO timer */
    int64_t budget_us;          /* kernel's time budget, or RTO_NONE */
    int64_t retries1_us;        /* model(tcp_retries1), or RTO_NONE */
    enum rto_reason reason;
    int error;                  /* errno the application sees, 0 if none */

    int retransmissions;        /* nominal count (RTO retx or probes) */
    int retransmissions_typical;
    int retransmissions_min;
    int retransmissions_max;

    int64_t give_up_us;         /* nominal, or RTO_NONE for never */
    int64_t give_up_typical_us;
    int64_t give_up_earliest_us;
    int64_t give_up_latest_us;

    int64_t stamp_us;           /* nominal retrans_stamp, or RTO_NONE */
    int64_t fin_wait2_stage1_us;/* FIN_WAIT2: time on the keepalive timer
                                 * before the timewait stage, or NONE */
    bool thin_engaged;          /* thin-stream linear timeouts were used */

    /* The limits the model applied for this kernel and these settings, so
     * that a writer describes the rule that ran instead of restating the
     * kernel's rules per version. */
    int count_limit;            /* retransmissions or probes the count
                                 * allows, or -1 where no count applies */
    bool count_linear;          /* the count includes the linear SYN
                                 * timeouts (tcp_syn_linear_timeouts) */
    int64_t time_cap_us;        /* the time budget tested at each firing,
                                 * or RTO_NONE where none is (no time test,
                                 * or a user timeout replaces it) */
    int64_t user_timeout_us;    /* TCP_USER_TIMEOUT where it can end the
                                 * connection, else RTO_NONE */
    bool user_timeout_clamps;   /* timers are cut to the user timeout */
    int in_flight;              /* segments in flight the model used (an
                                 * orphan's FIN included), 0 where the path
                                 * has no use for it */
    enum rto_pto_rule pto_rule; /* how the tail loss probe was timed */
    bool pto_capped;            /* it was cut to the first RTO */
    int64_t rto_max_us;         /* the cap the path's timers had */
    const char *user_timeout_rule; /* how this kernel tests the user
                                 * timeout on this path, where it is not
                                 * the usual rule; else NULL */
    const char *not_modelled;   /* why the profile's rule for this path is
                                 * not modelled (reason NOT_MODELLED, the
                                 * run returned RTO_ENOTSUP), else NULL */
};

/* The segments in flight a path starts with: p->in_flight when given,
 * else 2 for an orphan (its data, then the FIN) and 1 for every other
 * path that retransmits data. */
int rto_in_flight(const struct rto_params *p, enum rto_path path);

/* Attach caller-owned storage for up to cap events and clear the rest. */
void rto_timeline_init(struct rto_timeline *t, struct rto_event *events,
                       size_t cap);

/*
 * The established connection whose peer vanished while one segment of data
 * is unacknowledged: TLP, RTO retransmissions, and the give-up by
 * tcp_retries2 or TCP_USER_TIMEOUT.  Time zero is the original send.
 */
int rto_retrans(const struct rto_params *p, struct rto_timeline *t);

/*
 * An idle connection with SO_KEEPALIVE whose peer vanished.  Time zero is
 * the last segment received.
 */
int rto_keepalive(const struct rto_params *p, struct rto_timeline *t);

/*
 * connect() to a peer that never answers: SYN retransmissions until
 * tcp_syn_retries + tcp_syn_linear_timeouts or the time cap
 * model(tcp_syn_retries, 1 s), both from the first SYN, or the user
 * timeout.  Time zero is the first SYN; the initial RTO is 1 s.
 */
int rto_syn(const struct rto_params *p, struct rto_timeline *t);

/*
 * A listener's request socket whose client vanished after its SYN:
 * SYN-ACK retransmissions until tcp_synack_retries (one more for a Fast
 * Open child, p->fastopen).  Time zero is the first SYN-ACK.
 */
int rto_synack(const struct rto_params *p, struct rto_timeline *t);

/*
 * A socket closed with data or its FIN unacknowledged (FIN_WAIT1,
 * CLOSING, LAST_ACK): retransmissions until tcp_orphan_retries (0 means
 * 8 while the RTO is below rto_max) or the user timeout.  Time zero is the
 * original send.
 */
int rto_orphan(const struct rto_params *p, struct rto_timeline *t);

/*
 * A closed socket in FIN_WAIT2 whose peer never sends its FIN: gone after
 * tcp_fin_timeout (at least 3.5 RTO), in two stages past 60 s.  Time zero
 * is the ACK of our FIN.
 */
int rto_fin_wait2(const struct rto_params *p, struct rto_timeline *t);

/*
 * Zero-window probing with a dead peer: probes backing off from
 * max(RTO, 200 ms) until tcp_retries2 are unanswered, or the user timeout
 * counted from the first probe.  Time zero is the arming of the probe
 * timer.
 */
int rto_probe0(const struct rto_params *p, struct rto_timeline *t);

/* Every path once: its names, its model function, what the connection
 * is doing and what its count counts. */
struct rto_path_info {
    enum rto_path path;
    const char *name;       /* JSON, CSV, --path: "retrans", "fin_wait2" */
    const char *command;    /* the command that runs it: "orphan
                             * --fin-wait2" */
    int (*run)(const struct rto_params *p, struct rto_timeline *t);
    const char *doing;      /* "sending data", "idle, keepalive on" */
    const char *count_word; /* "retransmissions", "probes", or "" */
};

/* The row of a path (RTO_PATH_RETRANS .. RTO_PATH_COUNT - 1), or of a
 * name; NULL when there is none. */
const struct rto_path_info *rto_path_info(enum rto_path path);
const struct rto_path_info *rto_path_find(const char *name);

/* The dead-peer report: the summary of every path at the same settings,
 * indexed by enum rto_path.  The timelines keep no events. */
struct rto_report {
    struct rto_timeline paths[RTO_PATH_COUNT];
};

/* Run every path of the path table at p into r; scratch holds the events
 * of one path at a time.  A path whose rule this profile does not model
 * keeps reason RTO_REASON_NOT_MODELLED and its why; the others still run.
 * Returns 0 or the first other model error. */
int rto_report_run(const struct rto_params *p, struct rto_event *scratch,
                   size_t cap, struct rto_report *r);

/* ------------------------------------------------------------------ */
/* Output                                                             */
/* ------------------------------------------------------------------ */

enum rto_format {
    RTO_FMT_TABLE,
    RTO_FMT_CSV,
    RTO_FMT_JSON,
    RTO_FMT_GNUPLOT,
    RTO_FMT_MARKDOWN,
    /* OpenMetrics text (rtocalc sockets only). */
    RTO_FMT_OPENMETRICS,
};

/* "table", "csv", ... <-> enum rto_format; parse returns -1 if unknown. */
int rto_format_parse(const char *name);
const char *rto_format_name(enum rto_format f);

/* The names every format uses: "retrans", "retransmit", "tcp_retries2". */
const char *rto_path_name(enum rto_path path);
const char *rto_event_name(enum rto_event_type type);
const char *rto_reason_name(enum rto_reason reason);
/* The word of mark number i (0-based, in bit order: stamp, retries1,
 * linear, clamped, capped) and its RTO_MARK_* bit; NULL past the last. */
const char *rto_mark_word(size_t i, unsigned *bit);

/*
 * Format a duration for people: "201 ms", "924.6 s", "500 us", "0 s".  Seconds
 * and milliseconds carry up to three decimals with trailing zeros dropped;
 * RTO_NONE prints "never".  Returns buf.
 */
char *rto_fmt_duration(int64_t us, char *buf, size_t size);
/* The same duration as hours, minutes and seconds: "2h11m15s", "15m24.6s". */
char *rto_fmt_hms(int64_t us, char *buf, size_t size);

/* Write one timeline in format f.  Returns 0 or RTO_EIO. */
int rto_write(FILE *out, enum rto_format f, const struct rto_params *p,
              const struct rto_timeline *t);

/*
 * The dead-peer report: every path at the settings in p, one line each
 * ("the server died: is my connection still there?").  scratch holds the
 * events of one path at a time.  Formats: table, csv, json, markdown
 * (RTO_ENOTSUP for gnuplot).  Returns 0, a model error, or RTO_EIO.
 */
int rto_report(FILE *out, enum rto_format f, const struct rto_params *p,
               struct rto_event *scratch, size_t cap);

/* Charts as self-contained gnuplot scripts (data inline). */
enum rto_chart_kind {
    RTO_CHART_RETRANS,    /* one timeline: RTO per round, cumulative time */
    RTO_CHART_BUDGET,     /* give-up vs tcp_retries2 for several RTTs */
    RTO_CHART_KEEPALIVE,  /* one keepalive timeline */
    RTO_CHART_SYN,        /* SYN times, linear timeouts vs doubling */
};
int rto_chart(FILE *out, enum rto_chart_kind kind,
              const struct rto_params *p);

/* ------------------------------------------------------------------ */
/* Planning: the RTT estimator, solving for a target, middleboxes     */
/* ------------------------------------------------------------------ */

/* One RTT sample through the kernel's estimator (tcp_rtt_estimator() and
 * tcp_set_rto()), each sample taken as the one of its RTT window, beside
 * RFC 6298's computation of the same sample. */
struct rto_rtt_step {
    int64_t sample_us;
    uint32_t srtt8_us;      /* tp->srtt_us: 8 x SRTT */
    uint32_t mdev4_us;      /* tp->mdev_us: 4 x mean deviation */
    uint32_t mdev_max_us;   /* tp->mdev_max_us */
    uint32_t rttvar_us;     /* tp->rttvar_us, the variance term used */
    uint64_t rto_jiffies;   /* icsk_rto after the sample */
    int64_t rto_us;         /* the same in microseconds */
    int64_t rfc_srtt_us;    /* RFC 6298 SRTT */
    int64_t rfc_rttvar_us;  /* RFC 6298 RTTVAR */
    int64_t rfc_rto_us;     /* RFC 6298 RTO (G = 1 jiffy, at least 1 s) */
};

/* Run n samples; steps[i] describes the state after sample i.  Samples
 * must be 1 us .. 120 s.  Returns 0 or RTO_EINVAL. */
int rto_rtt_run(const struct rto_params *p, const int64_t *samples_us,
                size_t n, struct rto_rtt_step *steps);

/* A middlebox that forgets idle flows. */
struct rto_middlebox {
    const char *name;       /* "aws-nlb" */
    const char *what;       /* "AWS Network Load Balancer (TCP)" */
    int64_t idle_us;        /* its default idle timeout */
    const char *source;     /* where the number comes from */
};

/* The presets, and one by name (NULL when unknown). */
const struct rto_middlebox *rto_middleboxes(size_t *count);
const struct rto_middlebox *rto_middlebox_find(const char *name);

/* What a middlebox with an idle timeout makes of one path's packets. */
enum rto_mb_verdict {
    RTO_MB_KEEPS,       /* every gap between the packets of the flow, at
                         * its latest, is shorter than the idle timeout */
    RTO_MB_FORGETS,     /* a gap reaches it: the middlebox forgets the
                         * flow before the packet that ends the gap */
    RTO_MB_NOT_CHECKED, /* the idle timeouts are for established flows:
                         * syn and synack run before the flow is
                         * established, fin_wait2 sends nothing */
};

/*
 * The gaps between the packets of a path as a middlebox sees them: time
 * zero (the original send, the last segment received, or the zero-window
 * ACK), then every transmission, retransmission and probe the socket
 * sends until it gives up.  Each gap is taken at its latest: the timer
 * that ends it fires as late as the wheel allows (KERNEL.md 0.3).
 */
struct rto_mb_check {
    enum rto_mb_verdict verdict;
    /* The first gap that reaches the idle timeout (FORGETS), else the
     * longest gap (KEEPS); all zero and RTO_NONE for NOT_CHECKED. */
    int64_t gap_us;             /* its length at its latest */
    int64_t gap_typical_us;     /* at typical times, or RTO_NONE */
    int64_t gap_nominal_us;     /* every timer on time */
    int64_t timer_us;           /* the timer that ends it */
    int64_t from_us;            /* the latest time of the packet that
                                 * opens it (0: time zero) */
    int64_t forgets_us;         /* from_us + the idle timeout: when the
                                 * middlebox forgets the flow; RTO_NONE
                                 * when it keeps it */
    enum rto_event_type to_type;/* the packet that ends the gap */
    int to_n;                   /* its number (1-based) */
    int64_t timer_max_s;        /* the largest whole-second timer (e.g.
                                 * tcp_keepalive_time, 1..32767 s) that,
                                 * fired as late as the wheel allows,
                                 * ends before the idle timeout; 0 when
                                 * even 1 s does not */
};

/*
 * Check the timeline t of one path (computed by its path function, with
 * its events) against an idle timeout.  Returns 0, or RTO_EINVAL for a
 * timeline with no events kept or idle_us <= 0.
 */
int rto_middlebox_gaps(const struct rto_timeline *t, int hz, int64_t idle_us,
                       struct rto_mb_check *c);

/*
 * Run `path` at p into scratch (up to cap events) and check it against
 * middlebox m: NOT_CHECKED for syn, synack and fin_wait2 without running
 * anything.  Returns 0 or the path function's error.
 */
int rto_middlebox_check(const struct rto_params *p, enum rto_path path,
                        const struct rto_middlebox *m,
                        struct rto_event *scratch, size_t cap,
                        struct rto_mb_check *c);

/* The largest whole-second timer, 1..32767 s, whose firing at its latest
 * (HZ hz) comes strictly before idle_us; 0 when none does. */
int64_t rto_timer_below_s(int hz, int64_t idle_us);

/* A setting that meets a target, recomputed through the model. */
struct rto_solution {
    const char *knob;       /* "tcp_retries2", "TCP_USER_TIMEOUT", ... */
    int64_t value;          /* in the knob's unit (count, ms or s) */
    const char *knob2;      /* a second knob of a pair or triple, or NULL */
    int64_t value2;
    const char *knob3;      /* a third knob, or NULL */
    int64_t value3;
    int64_t give_up_us;     /* typical give-up with this setting */
    int64_t give_up_latest_us; /* latest give-up the wheel allows: at
                             * most the target */
    int64_t next_give_up_us;/* typical give-up of the next larger value,
                             * or RTO_NONE */
    const char *note;       /* one sentence, or NULL */
    int64_t next_give_up_latest_us; /* latest give-up of the next larger
                             * value (past the target), or RTO_NONE */
    /* The first middlebox given that forgets the flow with this setting
     * (rto_middlebox_gaps), or NULL; then its facts. */
    const struct rto_middlebox *forgotten_by;
    struct rto_mb_check gap;
};

/*
 * Settings that make `path` give up within target_us at the latest (the
 * upper end of the give-up window: every timer as late as the wheel
 * allows), with p as the context (RTT, HZ, profile, other knobs).  Fills
 * up to cap solutions; *count receives how many there were.  Every
 * solution is recomputed through the model.  Middleboxes, if given, keep
 * the keepalive idle time and interval below their idle timeouts at the
 * latest; a retransmission or orphan solution whose gaps one of them
 * reaches names it in forgotten_by.
 */
int rto_solve(const struct rto_params *p, enum rto_path path,
              int64_t target_us, const struct rto_middlebox *const *through,
              size_t nthrough, struct rto_solution *out, size_t cap,
              size_t *count);

/* Configuration snippets for p: target is one of sysctl, libpq, go,
 * java, nginx, haproxy, envoy, redis.  Returns 0, RTO_EINVAL for an
 * unknown target, or RTO_EIO. */
int rto_emit(FILE *out, const char *target, const struct rto_params *p);
/* The name of emit target i ("sysctl", ...), or NULL past the last. */
const char *rto_emit_target(size_t i);

/* ------------------------------------------------------------------ */
/* Live sockets: one sample of a socket, and when Linux gives up on it */
/* ------------------------------------------------------------------ */

/* TCP states as the kernel numbers them (include/net/tcp_states.h). */
enum rto_tcp_state {
    RTO_TCP_ESTABLISHED = 1,
    RTO_TCP_SYN_SENT,
    RTO_TCP_SYN_RECV,
    RTO_TCP_FIN_WAIT1,
    RTO_TCP_FIN_WAIT2,
    RTO_TCP_TIME_WAIT,
    RTO_TCP_CLOSE,
    RTO_TCP_CLOSE_WAIT,
    RTO_TCP_LAST_ACK,
    RTO_TCP_LISTEN,
    RTO_TCP_CLOSING,
    RTO_TCP_NEW_SYN_RECV,
    RTO_TCP_STATE_COUNT
};

/* "ESTAB", "FIN-WAIT-1", ... as ss(8) writes them, or NULL; and back
 * (-1 when unknown; case is ignored). */
const char *rto_tcp_state_name(int state);
int rto_tcp_state_parse(const char *name);

/* The pending timer as inet_diag reports it (idiag_timer). */
enum rto_sock_timer {
    RTO_TIMER_OFF = 0,
    RTO_TIMER_RETRANS = 1,      /* retransmit, TLP or RACK timer */
    RTO_TIMER_KEEPALIVE = 2,    /* sk_timer: keepalive or FIN_WAIT2 */
    RTO_TIMER_TIMEWAIT = 3,     /* a timewait mini-socket */
    RTO_TIMER_PROBE0 = 4,       /* zero-window probe timer */
};

/*
 * One socket as NETLINK_SOCK_DIAG describes it (struct inet_diag_msg and
 * struct tcp_info), in plain types.  Times are microseconds before the
 * sample ("last_*") or after it (expires_us); the kernel gives them in
 * whole milliseconds.
 */
struct rto_sock {
    int family;                 /* 4 or 6 */
    uint8_t src[16], dst[16];   /* addresses, network order (4 bytes for
                                 * IPv4) */
    uint16_t sport, dport;      /* ports, host order */
    int state;                  /* enum rto_tcp_state */
    int timer;                  /* enum rto_sock_timer */
    int64_t expires_us;         /* idiag_expires: the pending timer's
                                 * requested expiry, 0 once overdue */
    int retrans;                /* idiag_retrans */
    uint32_t uid;
    uint64_t inode;             /* 0: an orphan (no file) */
    uint64_t cookie;
    int pid;                    /* owning process, 0 when not known */
    int fd;                     /* the descriptor of pid that holds it
                                 * (meaningful while pid is not 0) */

    bool has_info;              /* tcp_info below was reported */
    int ca_state;               /* tcpi_ca_state (4: Loss) */
    int retransmits;            /* tcpi_retransmits (icsk_retransmits) */
    int probes;                 /* tcpi_probes (icsk_probes_out) */
    int backoff;                /* tcpi_backoff */
    int64_t rto_us;             /* tcpi_rto */
    int64_t rtt_us;             /* tcpi_rtt */
    int64_t last_data_sent_us;  /* tcpi_last_data_sent */
    int64_t last_data_recv_us;  /* tcpi_last_data_recv */
    int64_t last_ack_recv_us;   /* tcpi_last_ack_recv */
    uint32_t unacked;           /* tcpi_unacked */
    uint32_t total_retrans;     /* tcpi_total_retrans */
    bool has_total_rto;         /* the three below exist (Linux 6.7) */
    uint32_t total_rto;         /* tcpi_total_rto */
    uint32_t total_rto_recoveries; /* tcpi_total_rto_recoveries */
    int64_t total_rto_time_us;  /* tcpi_total_rto_time */
};

/* Where a setting of a live socket's prediction comes from. */
enum rto_source {
    RTO_SRC_DEFAULT,    /* assumed: the kernel's default */
    RTO_SRC_SYSCTL,     /* the network namespace's sysctl */
    RTO_SRC_SOCKET,     /* read from the socket itself */
    RTO_SRC_USER,       /* given on the command line */
};

/* "default", "sysctl", "socket", "given". */
const char *rto_source_name(enum rto_source s);

/* Whether a field is a per-socket option that sock_diag does not show
 * (TCP_USER_TIMEOUT, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT,
 * TCP_RTO_MAX_MS, TCP_LINGER2): unless read from the socket or given, its
 * value is an assumption. */
bool rto_sock_field_hidden(enum rto_field f);
/* The per-socket option that sets such a field ("TCP_USER_TIMEOUT",
 * "TCP_KEEPIDLE", ...), or NULL for a field that is not hidden. */
const char *rto_sock_field_option(enum rto_field f);

/* The settings a prediction runs at, and where each came from. */
struct rto_sock_settings {
    struct rto_params params;           /* kernel, hz and every setting */
    enum rto_source source[RTO_F_COUNT];/* indexed by enum rto_field */
    int64_t phase_us;   /* the sample's time after the last jiffy tick,
                         * or -1 when not known */
    /*
     * The kernel's absolute jiffies count at that tick (as root, from
     * /proc/timer_list).  Known, every later timer fires on the wheel
     * bucket kernel/time/timer.c computes for it, or one tick after it,
     * and each window is a few ticks wide; unknown, anywhere in its
     * bucket's granularity (8, 64 or 512 jiffies at the levels TCP uses).
     */
    bool jiffies_known;
    uint64_t jiffies;
};

/* The defaults of `kernel`'s profile, every one RTO_SRC_DEFAULT, the
 * phase and the jiffies count unknown. */
void rto_sock_settings_default(struct rto_sock_settings *s, int kernel);

/* What rto_sock_predict() found.  Times are microseconds after the
 * sample. */
struct rto_sock_prediction {
    enum rto_path path;         /* retrans, keepalive, probe0, orphan or
                                 * fin_wait2 */
    enum rto_reason reason;     /* what ends it */
    int count;                  /* retransmissions or probes so far */
    int remaining;              /* still to come (typical run) */
    int remaining_min, remaining_max;
    int64_t give_up_us;         /* typical: each timer late by half its
                                 * wheel granularity */
    int64_t give_up_nominal_us; /* every timer on time (with the jiffies
                                 * known: on its wheel bucket) */
    int64_t give_up_earliest_us;
    int64_t give_up_latest_us;
    int64_t stamp_us;           /* retrans_stamp (probe0: the first
                                 * probe), or RTO_NONE */
    bool stamp_rebuilt;         /* rebuilt from the backoff, the RTO and
                                 * the last send, without
                                 * tcpi_total_rto_time */
    bool before_first_rto;      /* a tail loss probe may still come first;
                                 * the window covers it */
    bool tick_exact;            /* the window used the jiffies count
                                 * (rto_sock_settings.jiffies_known): every
                                 * timer on its bucket or a tick after it;
                                 * not before the first RTO, when a tail
                                 * loss probe may move them, nor under a
                                 * user timeout */
    const char *note;           /* one sentence on what limits the
                                 * prediction, or NULL */
};

/*
 * When the kernel gives up on socket s if its peer stays silent, from one
 * sample, at the settings of set: the pending timer is exact, the rest is
 * the model of its path (the same simulation as rto_retrans(),
 * rto_orphan(), rto_keepalive(), rto_probe0() and rto_fin_wait2()) resumed
 * from the socket's counters, with each future timer anywhere in its
 * wheel bucket or one tick past it (set->jiffies_known: on its bucket or
 * one tick past it).  Returns 0; RTO_ENOTSUP when no
 * give-up timer runs (out->note says why); RTO_EINVAL for bad settings.
 */
int rto_sock_predict(const struct rto_sock *s,
                     const struct rto_sock_settings *set,
                     struct rto_sock_prediction *out);

/* The library's version, e.g. "0.1.0". */
const char *rto_version(void);

/* ------------------------------------------------------------------ */
/* Other TCP stacks                                                   */
/* ------------------------------------------------------------------ */

/*
 * The same dead-peer questions for the TCP stacks beside Linux: FreeBSD,
 * macOS/iOS (XNU), Windows, lwIP, OpenBSD, NetBSD and illumos.  Each stack
 * has its own parameters (struct rto_stack_params, one table of settings
 * with per-stack defaults and ranges) and fills the same struct
 * rto_timeline as the Linux paths: events with nominal, typical and latest
 * times, and the give-up window from that stack's timer granularity.
 * Every rule carries the confidence of its source; a path the stack does
 * not have, or whose rule is not modelled, says so in words.
 *
 * Linux itself stays with struct rto_params and the functions above;
 * RTO_STACK_LINUX exists so that the stacks can be listed side by side.
 */
enum rto_stack {
    RTO_STACK_LINUX,
    RTO_STACK_FREEBSD,
    RTO_STACK_MACOS,      /* XNU: macOS, iOS, iPadOS ("ios" is an alias) */
    RTO_STACK_WINDOWS,
    RTO_STACK_LWIP,
    RTO_STACK_OPENBSD,
    RTO_STACK_NETBSD,
    RTO_STACK_ILLUMOS,    /* illumos; "solaris" is its 10 version */
    RTO_STACK_COUNT
};

/* How sure a rule is (STACKS.md's tags). */
enum rto_tag {
    RTO_TAG_SRC,          /* read in the stack's source */
    RTO_TAG_DOC,          /* official documentation */
    RTO_TAG_ISSUE,        /* a published measurement or maintainer's word */
    RTO_TAG_REC,          /* inferred, not confirmed */
};
/* "SRC", "DOC", "ISSUE", "REC". */
const char *rto_tag_name(enum rto_tag tag);

/* One stack: its names and versions. */
struct rto_stack_info {
    enum rto_stack stack;
    const char *name;         /* "freebsd", as --stack takes it */
    const char *title;        /* "FreeBSD" */
    int version;              /* the default version */
    const int *versions;      /* the versions it distinguishes, oldest first */
    size_t nversions;
    const char *read;         /* the source read: "freebsd-src main" */
};
const struct rto_stack_info *rto_stack_info(enum rto_stack s);

/*
 * Parse "freebsd", "freebsd-12", "macos", "ios", "windows-7", "solaris" or
 * "illumos": the stack and its version (the default one when none is
 * given; an unknown version is refused).  Returns 0 or RTO_EINVAL.
 */
int rto_stack_parse(const char *text, enum rto_stack *stack, int *version);
/* "freebsd-14", "windows-10", "lwip-2.2": buf needs 24 bytes.  Returns buf. */
char *rto_stack_version_name(enum rto_stack s, int version, char *buf,
                             size_t size);

/* Every stack setting.  Times are microseconds. */
struct rto_stack_params {
    enum rto_stack stack;
    int version;              /* e.g. 14 (FreeBSD), 10 (Windows 10/11),
                               * 22 (lwIP 2.2), 10 (Solaris 10 = illumos) */
    int64_t rtt_us;           /* smoothed RTT when the peer vanished */
    int64_t rttvar_us;        /* its variation; RTO_NONE = rtt / 2, the
                               * first sample's */
    int samples;              /* RTT samples taken; 0 = none yet, the
                               * initial RTO applies */
    int64_t rto_initial_us;   /* RTO before any sample (and of the SYN) */
    int64_t rto_min_us;       /* RTO floor */
    int64_t rto_max_us;       /* RTO cap */
    int64_t slop_us;          /* added to every RTO (BSD rexmit_slop) */
    int retries;              /* data retransmissions before the drop */
    int syn_retries;          /* SYN retransmissions (Windows, lwIP) */
    int64_t keep_idle_us;
    int64_t keep_intvl_us;
    int keep_cnt;
    int64_t keep_init_us;     /* connect() deadline (BSD keepinit) */
    bool always_keepalive;    /* keepalive on every connection */
    int64_t user_timeout_us;  /* TCP_MAXUNACKTIME, TCP_RXT_CONNDROPTIME,
                               * TCP_MAXRT(MS), TCP_ABORT_THRESHOLD; 0 off */
    int64_t abort_us;         /* illumos _ip_abort_interval */
    int64_t conn_abort_us;    /* illumos _ip_abort_cinterval */
    int64_t keep_abort_us;    /* illumos _keepalive_abort_interval */
    int64_t fin_wait2_us;     /* FIN_WAIT_2 timeout of a closed socket */
    int64_t tick_us;          /* lwIP: TCP_TMR_INTERVAL (the slow timer
                               * runs every second call); others: the
                               * timer granularity (how late a timer can
                               * fire) */
};

/* The stack's fields, for its settings table and validation. */
enum rto_stack_field {
    RTO_SF_RTO_INITIAL,
    RTO_SF_RTO_MIN,
    RTO_SF_RTO_MAX,
    RTO_SF_SLOP,
    RTO_SF_RETRIES,
    RTO_SF_SYN_RETRIES,
    RTO_SF_KEEP_IDLE,
    RTO_SF_KEEP_INTVL,
    RTO_SF_KEEP_CNT,
    RTO_SF_KEEP_INIT,
    RTO_SF_ALWAYS_KEEPALIVE,
    RTO_SF_USER_TIMEOUT,
    RTO_SF_ABORT,
    RTO_SF_CONN_ABORT,
    RTO_SF_KEEP_ABORT,
    RTO_SF_FIN_WAIT2,
    RTO_SF_TICK,
    RTO_SF_SAMPLES,
    RTO_SF_COUNT
};

/* One knob of one stack: a row of the stacks' settings table. */
struct rto_stack_setting {
    enum rto_stack stack;
    enum rto_stack_field field;
    const char *option;       /* long option: "keepidle" for --keepidle */
    const char *arg;          /* "N", "DUR"; NULL for a flag */
    const char *sysctl;       /* the stack's own name: "net.inet.tcp.
                               * keepidle", "TcpMaxDataRetransmissions",
                               * "TCP_MAXRTX", "_ip_abort_interval" */
    const char *knob;         /* its name in messages and JSON */
    int64_t unit_us;          /* durations: unit of the range and of the
                               * sysctl value (1 for counts and flags) */
    int64_t min, max;         /* the accepted range, in unit_us */
    int64_t def;              /* the default, in unit_us */
    enum rto_tag tag;         /* the source of the default and range */
    const char *help;
};

/* The rows: rto_stack_setting_at(0 .. count - 1), NULL past the end. */
size_t rto_stack_setting_count(void);
const struct rto_stack_setting *rto_stack_setting_at(size_t i);
/* A stack's row by option or sysctl name; NULL when the stack has none. */
const struct rto_stack_setting *rto_stack_setting_find(enum rto_stack s,
                                                       const char *name);

/* The defaults of a stack and version (RTT 1 ms, one RTT sample). */
void rto_stack_params_default(struct rto_stack_params *p, enum rto_stack s,
                              int version);
/* A field's value in model units, and setting it. */
int64_t rto_stack_get(const struct rto_stack_params *p,
                      enum rto_stack_field f);
void rto_stack_set(struct rto_stack_params *p, enum rto_stack_field f,
                   int64_t v);
/* Check every knob of p's stack against its row; the RTT against
 * 1 us .. 120 s.  Returns 0, or RTO_EINVAL with the row (NULL for the
 * RTT) in *bad. */
int rto_stack_params_validate(const struct rto_stack_params *p,
                              const struct rto_stack_setting **bad);

/* What a stack path applied, beside its timeline. */
struct rto_stack_run {
    enum rto_stack stack;
    int version;
    bool absent;              /* the stack has no such path, or its rule is
                               * not modelled: why is in `why` */
    bool undocumented;        /* absent because the stack has the path but
                               * its vendor documents no rule for it (why:
                               * "no documented rule"; note: what is
                               * documented instead) */
    const char *why;
    char rule[192];           /* what ends it, with its numbers */
    enum rto_tag tag;         /* the weakest tag of the rules used */
    const char *open;         /* an open question about this path, or NULL */
    const char *note;         /* one sentence more, or NULL */
    int64_t granularity_us;   /* how late one timer can fire */
};

/*
 * Run `path` (retrans, keepalive, syn, fin_wait2 or probe0; synack and
 * orphan are not modelled for other stacks) for p's stack into t, and
 * describe the rules in *run (which may be NULL).  A path the stack does
 * not have: RTO_ENOTSUP with t->reason RTO_REASON_NOT_MODELLED and
 * t->not_modelled (and run->why) saying why.  RTO_STACK_LINUX is refused
 * (RTO_EINVAL): use rto_params and the Linux paths.
 *
 * lwIP runs its timers as the code does: a slow timer every
 * 2 x TCP_TMR_INTERVAL, counters of whole ticks.  Nominal times take time
 * zero just before a slow tick (the earliest), latest just after one; the
 * window is one tick wide.  Its settings are the compile-time macros:
 * retries TCP_MAXRTX, syn_retries TCP_SYNMAXRTX, rto_initial
 * LWIP_TCP_RTO_TIME, keep_* TCP_KEEP*_DEFAULT, tick TCP_TMR_INTERVAL, and
 * samples the number of RTT samples of rtt_us taken (each rounded down to
 * whole slow ticks, as the code measures them).
 */
int rto_stack_path(const struct rto_stack_params *p, enum rto_path path,
                   struct rto_timeline *t, struct rto_stack_run *run);

/* lwIP's retransmission base (sa >> 3) + sv in slow ticks after p's RTT
 * samples (rto_initial / slow tick with none). */
int rto_lwip_rto_ticks(const struct rto_stack_params *p);

#ifdef __cplusplus
}
#endif

#endif /* RTOCALC_H */
