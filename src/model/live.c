/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A live socket's give-up from one sock_diag sample (LIVE-SOCKETS.md).
 *
 * The sample fixes the pending timer to the jiffy: idiag_expires is its
 * requested expiry, tcpi_rto the RTO it doubles from, tcpi_retransmits or
 * tcpi_probes the count so far, and tcpi_total_rto_time (6.7+) dates
 * retrans_stamp.  From there the path's own simulation runs on
 * (struct rto_resume): nothing here decides when the kernel gives up.
 *
 * Time zero of the simulations is the jiffy tick the sample was taken
 * in; the results are moved to the sample by its phase after that tick.
 */
#include <string.h>

#include "rtx.h"

/* include/net/tcp_states.h, named as ss(8) prints them. */
static const char *const state_names[RTO_TCP_STATE_COUNT] = {
    [RTO_TCP_ESTABLISHED] = "ESTAB",
    [RTO_TCP_SYN_SENT] = "SYN-SENT",
    [RTO_TCP_SYN_RECV] = "SYN-RECV",
    [RTO_TCP_FIN_WAIT1] = "FIN-WAIT-1",
    [RTO_TCP_FIN_WAIT2] = "FIN-WAIT-2",
    [RTO_TCP_TIME_WAIT] = "TIME-WAIT",
    [RTO_TCP_CLOSE] = "UNCONN",
    [RTO_TCP_CLOSE_WAIT] = "CLOSE-WAIT",
    [RTO_TCP_LAST_ACK] = "LAST-ACK",
    [RTO_TCP_LISTEN] = "LISTEN",
    [RTO_TCP_CLOSING] = "CLOSING",
    [RTO_TCP_NEW_SYN_RECV] = "SYN-RECV",
};

const char *rto_tcp_state_name(int state)
{
    if (state <= 0 || state >= RTO_TCP_STATE_COUNT)
        return NULL;
    return state_names[state];
}

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

static bool same_word(const char *a, const char *b)
{
    /* Case, '-' and '_' are all ignored: "fin_wait1" is "FIN-WAIT-1". */
    for (;;) {
        while (*a == '-' || *a == '_')
            a++;
        while (*b == '-' || *b == '_')
            b++;
        if (!*a || !*b || lower(*a) != lower(*b))
            return !*a && !*b;
        a++;
        b++;
    }
}

int rto_tcp_state_parse(const char *name)
{
    if (!name)
        return -1;
    if (same_word(name, "established"))
        return RTO_TCP_ESTABLISHED;
    for (int s = 1; s < RTO_TCP_NEW_SYN_RECV; s++)
        if (same_word(name, state_names[s]))
            return s;
    return -1;
}

const char *rto_source_name(enum rto_source s)
{
    switch (s) {
    case RTO_SRC_DEFAULT: return "default";
    case RTO_SRC_SYSCTL: return "sysctl";
    case RTO_SRC_SOCKET: return "socket";
    case RTO_SRC_USER: return "given";
    }
    return "";
}

const char *rto_sock_field_option(enum rto_field f)
{
    /* include/uapi/linux/tcp.h; TCP_RTO_MAX_MS from 6.15. */
    switch (f) {
    case RTO_F_USER_TIMEOUT: return "TCP_USER_TIMEOUT";
    case RTO_F_KEEPALIVE_TIME: return "TCP_KEEPIDLE";
    case RTO_F_KEEPALIVE_INTVL: return "TCP_KEEPINTVL";
    case RTO_F_KEEPALIVE_PROBES: return "TCP_KEEPCNT";
    case RTO_F_RTO_MAX: return "TCP_RTO_MAX_MS";
    case RTO_F_FIN_TIMEOUT: return "TCP_LINGER2";
    default: return NULL;
    }
}

bool rto_sock_field_hidden(enum rto_field f)
{
    return rto_sock_field_option(f) != NULL;
}

void rto_sock_settings_default(struct rto_sock_settings *s, int kernel)
{
    memset(s, 0, sizeof(*s));
    rto_params_default_for(&s->params, kernel);
    for (size_t i = 0; i < RTO_F_COUNT; i++)
        s->source[i] = RTO_SRC_DEFAULT;
    s->phase_us = -1;
    s->jiffies_known = false;
    s->jiffies = 0;
}

/* What every path's prediction shares. */
struct ctx {
    const struct rto_sock *s;
    struct rto_params p;
    struct rto_clock c;
    int64_t phase;      /* ticks from time zero to the sample */
    int64_t spread;     /* ticks the phase may be later than `phase` */
    uint64_t expires;   /* the pending timer, jiffies from time zero */
    bool exact;         /* the jiffies count at time zero is known: */
    uint64_t jiffies;   /* this one */
};

static uint64_t us_j(const struct ctx *x, int64_t us)
{
    return rto_us_to_jiffies(us, x->p.hz);
}

/* A time the kernel reports in whole milliseconds of jiffies
 * (jiffies_to_msecs()) back to jiffies. */
static uint64_t ms_j(const struct ctx *x, int64_t us)
{
    return rto_ms_to_jiffies(us / 1000, x->p.hz);
}

/* A one-tick slip per firing: of 138 firings measured on 6.18 at HZ=250,
 * 23 came exactly one tick after their wheel bucket (LIVE-SOCKETS.md). */
static int64_t slip(const struct ctx *x)
{
    return x->c.tpj;
}

/* Move a timeline's summary, counted from time zero + origin ticks, to
 * the sample.  An unknown phase widens the window by the jiffy the sample
 * may lie anywhere in. */
static void store(const struct ctx *x, const struct rto_timeline *t,
                  int64_t origin, int count, struct rto_sock_prediction *o)
{
    int64_t shift = rto_ticks_to_us(&x->c, origin - x->phase);
    int64_t spread = rto_ticks_to_us(&x->c, x->spread);

    o->reason = t->reason;
    o->count = count;
    o->remaining = t->retransmissions_typical - count;
    o->remaining_min = t->retransmissions_min - count;
    o->remaining_max = t->retransmissions_max - count;
    if (t->give_up_us == RTO_NONE || t->give_up_typical_us == RTO_NONE
        || t->give_up_earliest_us == RTO_NONE
        || t->give_up_latest_us == RTO_NONE) {
        /* Nothing ends it (keepalive without probes, say). */
        o->give_up_us = o->give_up_nominal_us = RTO_NONE;
        o->give_up_earliest_us = o->give_up_latest_us = RTO_NONE;
        o->remaining = o->remaining_min = o->remaining_max = 0;
        return;
    }
    o->give_up_us = t->give_up_typical_us + shift - spread / 2;
    o->give_up_nominal_us = t->give_up_us + shift - spread / 2;
    o->give_up_earliest_us = t->give_up_earliest_us + shift - spread;
    o->give_up_latest_us = t->give_up_latest_us + shift;
    if (o->give_up_earliest_us < 0)
        o->give_up_earliest_us = 0;
    if (o->give_up_us < o->give_up_earliest_us)
        o->give_up_us = o->give_up_earliest_us;
    if (o->give_up_nominal_us < o->give_up_earliest_us)
        o->give_up_nominal_us = o->give_up_earliest_us;
    /* With the wheel's buckets known, "on time" is on its bucket: the
     * wheel-less run is no outcome then, and near a budget boundary it
     * can even take a retransmission the buckets rule out (past the
     * window's end). */
    if (x->exact)
        o->give_up_nominal_us = o->give_up_earliest_us;
}

static void rebuild_stamp(const struct ctx *x, uint64_t base, uint64_t cap,
                          struct rto_resume *rs)
{
    int64_t last = -(int64_t)ms_j(x, x->s->last_data_sent_us) * x->c.tpj;
    int64_t sum = 0, late = 0;

    for (int i = 1; i < rs->count; i++) {
        /* base << i when it fits under the cap; no shift by 63 or more. */
        uint64_t d = i < 63 ? base << i : cap;
        if (i >= 63 || d > cap || d >> i != base)
            d = cap;
        sum += (int64_t)d * x->c.tpj;
        late += rto_late_ticks(&x->c, d, RTO_LATE_MAX) + slip(x);
    }
    rs->stamp = last - sum;
    rs->stamp_early = last - sum - late;
    rs->stamp_point = last - sum - late / 2;
}

static int predict_rtx(struct ctx *x, bool orphan,
                       struct rto_sock_prediction *o)
{
    const struct rto_sock *s = x->s;
    struct rtx_plan pl;
    struct rto_timeline t;
    struct rto_resume *rs = &pl.rs;
    uint64_t rto = us_j(x, s->rto_us);
    uint64_t rto_max = rto_max_jiffies(&x->p);

    if (orphan)
        rtx_plan_orphan(&pl, &x->p);
    else
        rtx_plan_retrans(&pl, &x->p);
    o->path = orphan ? RTO_PATH_ORPHAN : RTO_PATH_RETRANS;
    rs->on = true;
    rs->count = s->retransmits;
    rs->rto = rto;
    rs->timer = rto < rto_max ? rto : rto_max;
    rs->first = (int64_t)x->expires * x->c.tpj;
    rs->slip = slip(x);
    rs->exact = x->exact;
    rs->jiffies = x->jiffies;
    rs->stamped = s->retransmits > 0;
    if (rs->stamped && x->p.user_timeout_us > 0 && s->expires_us > 0) {
        /*
         * tcp_clamp_rto_to_user_timeout(): the pending timer may be cut to
         * what was left of the user timeout, and a shorter delay files it
         * on a finer wheel level (a 19-jiffy timer on level 0, not the
         * RTO's level 2: taking the RTO put the give-up up to 256 ms
         * late, and tests/live/sockopt.sh saw 50 to 200 ms).  It was
         * armed at the last retransmission, which
         * tcpi_last_data_sent dates (it restarts at every retransmission
         * of data, LIVE-SOCKETS.md: last_data_sent + expires = the armed
         * delay).
         */
        uint64_t armed = ms_j(x, s->last_data_sent_us) + x->expires;

        if (armed < rs->timer) {
            rs->timer = armed;
        } else if (armed > rs->timer) {
            /* Not armed at the last send (a FIN's retransmissions carry no
             * data and leave tcpi_last_data_sent alone): whether it was
             * cut, and so its bucket, is not known. */
            x->exact = rs->exact = o->tick_exact = false;
        }
    }
    if (rs->stamped && s->has_total_rto && s->total_rto_recoveries == 1) {
        /*
         * tcp_get_info(): total_rto_time + (tcp_clock_ms() - rto_stamp),
         * and rto_stamp is taken at the firing that takes retrans_stamp.
         * The sample's millisecond lies within its jiffy, at or after the
         * phase: the kernel reads tcp_clock_ms() while it dumps, after
         * the phase was taken, and a dump may take the rest of the tick
         * (a user timeout's end turns on that millisecond: the live test
         * tests/live/paths.sh saw one retransmission more than a window
         * ending at the phase allowed).
         */
        int64_t t_ms = s->total_rto_time_us / 1000;
        int64_t ph_ms = rto_ticks_to_ms(&x->c, x->phase);
        int64_t sp_ms = rto_ticks_to_ms(&x->c, x->c.tpj - 1);

        rs->stamp_early = (ph_ms - t_ms) * x->c.tpms;
        rs->stamp = (sp_ms - t_ms) * x->c.tpms;
        rs->stamp_point = rs->stamp_early;
    } else if (rs->stamped) {
        /* Before 6.7, or a later RTO episode whose time the total mixes
         * with the earlier ones'. */
        uint64_t base = rto >> (s->backoff < 63 ? s->backoff : 63);

        if (rto >= rto_max || s->backoff >= 63 || base << s->backoff != rto)
            base = rto_min_jiffies(&x->p);
        rebuild_stamp(x, base, rto_max, rs);
        o->stamp_rebuilt = true;
        o->note = s->has_total_rto
                      ? "a later RTO episode: retrans_stamp rebuilt from the "
                        "backoff, the RTO and the last send"
                      : "this kernel has no tcpi_total_rto_time: "
                        "retrans_stamp rebuilt from the backoff, the RTO and "
                        "the last send";
    }
    t.events = NULL;
    t.cap = 0;
    rtx_simulate(&pl, &t);
    store(x, &t, 0, s->retransmits, o);
    if (!rs->stamped && o->give_up_latest_us != RTO_NONE) {
        /* No RTO yet: the pending timer may be the tail loss probe, with
         * a whole RTO after it before the first retransmission. */
        o->before_first_rto = true;
        o->give_up_latest_us +=
            rto_ticks_to_us(&x->c, (int64_t)rs->timer * x->c.tpj
                                       + rto_late_ticks(&x->c, rs->timer,
                                                        RTO_LATE_MAX));
        o->note = "no RTO has fired yet: a tail loss probe may come first";
    }
    o->stamp_us = t.stamp_us == RTO_NONE
                      ? RTO_NONE
                      : t.stamp_us - rto_ticks_to_us(&x->c, x->phase);
    return RTO_OK;
}

static int predict_keepalive(struct ctx *x, struct rto_sock_prediction *o)
{
    const struct rto_sock *s = x->s;
    struct rto_timeline t;
    struct rto_resume rs = { .on = true };
    /* tcp_keepalive_timer(): elapsed since the later of the last data
     * and the last ACK received. */
    int64_t recv_us = s->last_data_recv_us < s->last_ack_recv_us
                          ? s->last_data_recv_us : s->last_ack_recv_us;
    int64_t origin = -(int64_t)ms_j(x, recv_us) * x->c.tpj;
    uint64_t idle = (uint64_t)(x->p.keepalive_time_us / 1000000)
                    * (uint64_t)x->p.hz;
    uint64_t intvl = (uint64_t)(x->p.keepalive_intvl_us / 1000000)
                     * (uint64_t)x->p.hz;
    int err;

    /*
     * keepalive_time_when() and keepalive_intvl_when() are whole jiffies of
     * an int (the sysctls take up to INT_MAX / HZ seconds, the socket
     * options 32767 s): the sysctls reach past the timer wheel's capacity
     * at any HZ (15.3 days at HZ 100, 48.9 at 250, 12.2 at 1000), where
     * the kernel files the timer at the capacity and it fires early
     * (calc_wheel_index()).  The keepalive walk does not follow that:
     * said, not predicted (the fuzzer's sock_diag harness put a tick-exact
     * window's end before the sample with an interval of 242 days).
     */
    if (idle >= rto_wheel_cutoff(x->p.hz)
        || intvl >= rto_wheel_cutoff(x->p.hz)) {
        o->note = "keepalive time or interval past the timer wheel's reach "
                  "(WHEEL_TIMEOUT_CUTOFF): the kernel fires such a timer "
                  "early, at the wheel's capacity, which this prediction "
                  "does not follow";
        return RTO_ENOTSUP;
    }
    o->path = RTO_PATH_KEEPALIVE;
    rs.count = s->probes;
    rs.timer = s->probes ? intvl : idle;
    rs.first = (int64_t)x->expires * x->c.tpj - origin;
    rs.slip = slip(x);
    /* Time zero is the last receive, origin / tpj jiffies from the
     * sample's (negative: unsigned arithmetic wraps as the kernel's). */
    rs.exact = x->exact;
    rs.jiffies = x->jiffies + (uint64_t)(origin / x->c.tpj);
    t.events = NULL;
    t.cap = 0;
    if ((err = rto_keepalive_resume(&x->p, &rs, &t)) != 0)
        return err;
    store(x, &t, origin, s->probes, o);
    o->stamp_us = RTO_NONE;
    return RTO_OK;
}

static int predict_probe0(struct ctx *x, struct rto_sock_prediction *o)
{
    const struct rto_sock *s = x->s;
    struct rto_timeline t;
    struct rto_resume rs = { .on = true };
    uint64_t rto_max = rto_max_jiffies(&x->p);
    uint64_t base = us_j(x, s->rto_us);
    int shift = s->backoff < 10 ? s->backoff : 10;
    int err;

    /* tcp_probe0_base() and tcp_probe0_when(): the timer armed after the
     * last probe. */
    if (base < RTO_TCP_RTO_MIN_JIFFIES(x->p.hz))
        base = RTO_TCP_RTO_MIN_JIFFIES(x->p.hz);
    o->path = RTO_PATH_PROBE0;
    /* tcp_clamp_probe0_to_user_timeout() may have cut the pending timer to
     * what was left of the user timeout, on a finer wheel level than the
     * backoff's, and no field of the sample dates its arming (a zero-window
     * probe carries no data): its bucket is not known. */
    if (x->p.user_timeout_us > 0)
        x->exact = o->tick_exact = false;
    rs.count = s->probes;
    rs.backoff = s->backoff;
    rs.rto = base;
    rs.timer = base << shift < rto_max ? base << shift : rto_max;
    rs.first = (int64_t)x->expires * x->c.tpj;
    rs.slip = slip(x);
    rs.exact = x->exact;
    rs.jiffies = x->jiffies;
    rs.stamped = s->probes > 0;
    if (rs.stamped) {
        /* icsk_probes_tstamp is not exported: the first probe lies the
         * earlier timers before the last one, which fired the armed timer
         * before the expiry. */
        int64_t last = rs.first - (int64_t)rs.timer * x->c.tpj;
        int64_t sum = 0, late = 0;

        for (int i = 1; i < s->probes; i++) {
            uint64_t d = base << (i < 10 ? i : 10);
            if (d > rto_max)
                d = rto_max;
            sum += (int64_t)d * x->c.tpj;
            late += rto_late_ticks(&x->c, d, RTO_LATE_MAX) + slip(x);
        }
        rs.stamp = last - sum;
        rs.stamp_early = last - sum - late;
        rs.stamp_point = last - sum - late / 2;
    }
    t.events = NULL;
    t.cap = 0;
    if ((err = rto_probe0_resume(&x->p, &rs, &t)) != 0)
        return err;
    store(x, &t, 0, s->probes, o);
    o->stamp_us = rs.stamped ? rto_ticks_to_us(&x->c, rs.stamp_point - x->phase)
                             : RTO_NONE;
    return RTO_OK;
}

/*
 * An orphan in FIN_WAIT2: on the keepalive timer for its first stage when
 * tcp_fin_timeout is above 60 s, then (or at once) a timewait mini-socket
 * for the rest (rto_fin_wait2()).
 */
static int predict_fin_wait2(struct ctx *x, struct rto_sock_prediction *o)
{
    struct rto_event ev[2];
    struct rto_timeline t;
    struct rto_params p = x->p;
    int64_t first = (int64_t)x->expires * x->c.tpj, lo, hi;
    int64_t rest = 0, rest_late = 0;
    uint64_t armed;
    int err;

    o->path = RTO_PATH_FIN_WAIT2;
    /* tcp_fin_time() keeps at least 3.5 RTO: the socket's own. */
    if (x->s->rto_us > 0)
        p.rto_us = x->s->rto_us;
    rto_timeline_init(&t, ev, 2);
    if ((err = rto_fin_wait2(&p, &t)) != 0)
        return err;
    if (x->s->timer == RTO_TIMER_KEEPALIVE
        && t.fin_wait2_stage1_us != RTO_NONE) {
        /* The first stage is pending; the second follows in full. */
        uint64_t stage2 = us_j(x, t.give_up_us - t.fin_wait2_stage1_us);

        armed = us_j(x, t.fin_wait2_stage1_us);
        rest = (int64_t)stage2 * x->c.tpj;
        rest_late = rto_late_ticks(&x->c, stage2, RTO_LATE_MAX) + slip(x);
    } else {
        armed = us_j(x, t.give_up_us - (t.fin_wait2_stage1_us == RTO_NONE
                                            ? 0 : t.fin_wait2_stage1_us));
    }
    lo = first + rest;
    hi = first + rest + rest_late
         + rto_late_ticks(&x->c, armed, RTO_LATE_MAX) + slip(x);
    t.give_up_us = rto_ticks_to_us(&x->c, lo);
    if (x->exact) {
        /* Each stage on its bucket, or one tick after it. */
        struct rto_resume rs = { .on = true, .timer = armed, .first = first,
                                 .slip = slip(x), .exact = true,
                                 .jiffies = x->jiffies };

        lo = rto_resume_pending(&rs, &x->c, RTO_LATE_TYPICAL);
        hi = rto_resume_pending(&rs, &x->c, RTO_LATE_MAX) + rs.slip;
        if (rest) {
            uint64_t stage2 = (uint64_t)(rest / x->c.tpj);

            rto_resume_step(&rs, &x->c, stage2, stage2, stage2, stage2, &lo,
                            &hi);
        }
    }
    t.give_up_earliest_us = rto_ticks_to_us(&x->c, lo);
    t.give_up_latest_us = rto_ticks_to_us(&x->c, hi);
    t.give_up_typical_us = rto_ticks_to_us(
        &x->c, x->exact ? lo : lo + (hi - lo) / 2);
    t.retransmissions_typical = t.retransmissions_min = 0;
    t.retransmissions_max = 0;
    store(x, &t, 0, 0, o);
    o->stamp_us = RTO_NONE;
    return RTO_OK;
}

static bool closing(int state)
{
    return state == RTO_TCP_FIN_WAIT1 || state == RTO_TCP_CLOSING
           || state == RTO_TCP_LAST_ACK;
}

/* TCP_RTO_MAX, 120 s (include/net/tcp.h; TCP_RTO_MAX_SEC since 6.15). */
#define TCP_RTO_MAX_US INT64_C(120000000)
/* The most a u32 of milliseconds holds (idiag_expires, tcpi_last_*,
 * tcpi_total_rto_time), in microseconds. */
#define U32_MS_US ((int64_t)UINT32_MAX * 1000)

static bool within(int64_t v, int64_t lo, int64_t hi)
{
    return v >= lo && v <= hi;
}

/*
 * What no kernel reports, and why, or NULL: a sample past these bounds
 * gets RTO_ENOTSUP with the field named, not a simulation of a socket
 * that cannot exist (a zero RTO doubles to zero and never reaches
 * rto_max: its walk ran to the safety bound of 2^22 firings).
 */
static const char *beyond_kernel(const struct rto_sock *s, int hz)
{
    /* kernel/time/timer.c: LVL_DEPTH levels (9 when HZ > 100, else 8);
     * a timer_list timer armed WHEEL_TIMEOUT_CUTOFF = LVL_START(LVL_DEPTH)
     * = 63 << 3 (LVL_DEPTH - 1) jiffies or more ahead is filed at the
     * wheel's capacity and fires early, at a time no sample gives. */
    uint64_t cutoff = rto_wheel_cutoff(hz);

    /* Every time inet_sk_diag_fill() and tcp_get_info() report is a u32
     * of milliseconds (jiffies_delta_to_msecs(): 0 once overdue). */
    if (!within(s->expires_us, 0, U32_MS_US))
        return "idiag_expires outside the u32 of ms it is sent in";
    /* inet_csk_reset_xmit_timer() cuts the retransmit and zero-window
     * timers to max_when, TCP_RTO_MAX at most.  (Kernels before
     * jiffies_delta_to_msecs() sent an overdue timer as a wrapped
     * difference near 2^32 ms.) */
    if ((s->timer == RTO_TIMER_RETRANS || s->timer == RTO_TIMER_PROBE0)
        && s->expires_us > TCP_RTO_MAX_US)
        return "idiag_expires above TCP_RTO_MAX (120 s) on the retransmit "
               "or zero-window timer: not a timer the kernel arms";
    if ((s->timer == RTO_TIMER_KEEPALIVE || s->timer == RTO_TIMER_TIMEWAIT)
        && rto_ms_to_jiffies(s->expires_us / 1000, hz) >= cutoff)
        return "idiag_expires past the timer wheel's reach "
               "(WHEEL_TIMEOUT_CUTOFF): the timer fires early, when the "
               "sample does not tell";
    if (!s->has_info)
        return NULL;
    /* icsk_retransmits, icsk_probes_out and icsk_backoff are u8
     * (include/net/inet_connection_sock.h). */
    if (!within(s->retransmits, 0, UINT8_MAX))
        return "tcpi_retransmits outside 0..255: icsk_retransmits is a u8";
    if (!within(s->probes, 0, UINT8_MAX))
        return "tcpi_probes outside 0..255: icsk_probes_out is a u8";
    if (!within(s->backoff, 0, UINT8_MAX))
        return "tcpi_backoff outside 0..255: icsk_backoff is a u8";
    /* tcpi_rto is jiffies_to_usecs(icsk_rto).  __tcp_set_rto() rounds
     * srtt / 8 + rttvar up to jiffies, rttvar at least rto_min (1 us or
     * more, KERNEL.md 2.2): one jiffy at least.  tcp_bound_rto(), the
     * doubling in tcp_retransmit_timer() (min with rto_max) and
     * tcp_timeout_init() keep it at TCP_RTO_MAX at most. */
    if (s->rto_us <= 0)
        return "tcpi_rto of 0: the kernel's RTO is a jiffy at least";
    if (s->rto_us > TCP_RTO_MAX_US)
        return "tcpi_rto above TCP_RTO_MAX (120 s)";
    if (!within(s->last_data_sent_us, 0, U32_MS_US)
        || !within(s->last_data_recv_us, 0, U32_MS_US)
        || !within(s->last_ack_recv_us, 0, U32_MS_US))
        return "tcpi_last_data_sent, tcpi_last_data_recv or "
               "tcpi_last_ack_recv outside the u32 of ms it is sent in";
    if (s->has_total_rto && !within(s->total_rto_time_us, 0, U32_MS_US))
        return "tcpi_total_rto_time outside the u32 of ms it is sent in";
    return NULL;
}

/*
 * tcp_keepalive_timer() gives up once the u8 icsk_probes_out reaches
 * keepalive_probes, or with TCP_USER_TIMEOUT on time instead: a count
 * above 255 (an int sysctl before 5.13) is never reached, and the socket
 * probes for ever.  Said at once, not after 2^22 simulated probes.
 */
static const char *never_ends(const struct rto_sock *s,
                              const struct rto_params *p)
{
    bool fin_wait2 = s->state == RTO_TCP_FIN_WAIT2 && s->inode == 0;

    if (s->timer == RTO_TIMER_KEEPALIVE && !fin_wait2
        && p->user_timeout_us == 0 && p->keepalive_probes > UINT8_MAX)
        return "tcp_keepalive_probes above 255: the u8 icsk_probes_out "
               "never reaches it, keepalive never gives up";
    return NULL;
}

/* rto_sock_predict() with the jiffies count used when known and `exact`. */
static int predict_once(const struct rto_sock *s,
                        const struct rto_sock_settings *set, bool exact,
                        struct rto_sock_prediction *o)
{
    struct ctx x = { .s = s, .p = set->params };
    int err;

    memset(o, 0, sizeof(*o));
    o->path = RTO_PATH_COUNT;
    o->stamp_us = RTO_NONE;
    o->give_up_us = o->give_up_nominal_us = RTO_NONE;
    o->give_up_earliest_us = o->give_up_latest_us = RTO_NONE;
    /* The live kernel's own behaviour: its RTO is read, not derived, and
     * the thin-stream mode is not visible. */
    x.p.thin = false;
    if ((err = rto_params_validate(&x.p, NULL)) != 0)
        return err;
    rto_clock_init(&x.c, x.p.hz);
    if (set->phase_us >= 0) {
        x.phase = rto_us_to_ticks(&x.c, set->phase_us % 
                                  (int64_t)rto_jiffies_to_us(1, x.p.hz));
        x.spread = 0;
    } else {
        x.phase = 0;
        x.spread = x.c.tpj - 1;
    }
    if ((o->note = beyond_kernel(s, x.p.hz)) != NULL
        || (o->note = never_ends(s, &x.p)) != NULL)
        return RTO_ENOTSUP;
    x.expires = ms_j(&x, s->expires_us);
    /* Not for a timer already overdue (idiag_expires 0): its bucket is
     * that of an expiry the sample does not give, and it may be due this
     * very tick with the timer softirq still to run: under a compiler's
     * load, the keepalive socket of tests/live/sockopt.sh, read overdue
     * as root, fired 231 ms before the bucket of the sample's tick. */
    x.exact = exact && set->jiffies_known && s->expires_us > 0;
    o->tick_exact = x.exact;
    x.jiffies = set->jiffies;

    if (s->state == RTO_TCP_FIN_WAIT2 && s->inode == 0
        && (s->timer == RTO_TIMER_KEEPALIVE || s->timer == RTO_TIMER_TIMEWAIT))
        return predict_fin_wait2(&x, o);
    if (!s->has_info && s->timer != RTO_TIMER_TIMEWAIT) {
        o->note = "no tcp_info in the sample";
        return RTO_ENOTSUP;
    }
    switch (s->timer) {
    case RTO_TIMER_RETRANS:
        if (s->state == RTO_TCP_SYN_SENT || s->state == RTO_TCP_SYN_RECV) {
            o->note = "handshake timers are not predicted from a sample";
            return RTO_ENOTSUP;
        }
        return predict_rtx(&x, s->inode == 0 && closing(s->state), o);
    case RTO_TIMER_KEEPALIVE:
        return predict_keepalive(&x, o);
    case RTO_TIMER_PROBE0:
        return predict_probe0(&x, o);
    case RTO_TIMER_TIMEWAIT:
        o->note = "TIME-WAIT: closed, nothing to give up";
        return RTO_ENOTSUP;
    default:
        break;
    }
    o->note = s->state == RTO_TCP_FIN_WAIT2
                  ? "FIN-WAIT-2 with an owner: waits for the peer's FIN as "
                    "long as the application keeps the socket"
                  : "no timer runs: nothing outstanding, keepalive off";
    return RTO_ENOTSUP;
}

int rto_sock_predict(const struct rto_sock *s,
                     const struct rto_sock_settings *set,
                     struct rto_sock_prediction *o)
{
    int err = predict_once(s, set, true, o);

    /* Before the first RTO the pending timer may be a tail loss probe,
     * after which the first RTO and every later timer fall in other
     * buckets: the count known does not fix them, and near a user
     * timeout's end the count to come then went wrong (3 to 5 of about
     * 190 samples as root in the live test tests/live/paths.sh).  Those
     * samples get the window without the count. */
    if (err == RTO_OK && o->tick_exact && o->before_first_rto)
        err = predict_once(s, set, false, o);
    return err;
}
