/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The give-up paths besides established data and keepalive: connect() to a
 * peer that never answers (rto_syn), the listener's request socket and the
 * Fast Open child (rto_synack), orphans retransmitting data or their FIN
 * (rto_orphan), orphans in FIN_WAIT2 (rto_fin_wait2) and zero-window
 * probing (rto_probe0); src/model/syn.c, orphan.c and probe0.c.
 *
 * Each vector is a named setup; the tables below check its summary and
 * schedule, single events, and that kernel measurements fall inside the
 * model's [earliest, latest] window.  Every expected number comes from
 * KERNEL.md, REFERENCES.md or a derivation written next to it, with
 * model(b, base) the tcp_model_timeout() of KERNEL.md 1.4:
 * thresh = ilog2(rto_max / base), (2^(b+1) - 1) base while b <= thresh,
 * else (2^(thresh+1) - 1) base + (b - thresh) rto_max.
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "rtocalc.h"
#include "helpers.h"

#define EV_CAP 4096
#define MAX_SCHED 16    /* the longest schedule below (V34: 15 probes) */
/* In a setup a zero field means "the default"; SET0 asks for a real 0. */
#define SET0 (-1)

/* ------------------------------------------------------------------ */
/* Setups                                                             */
/* ------------------------------------------------------------------ */

struct setup {
    const char *name;
    enum rto_path path;      /* which rto_* function runs it */
    int kernel;              /* 0: the default profile (6.18) */
    int hz;                  /* 0: each of 100, 250, 300 and 1000 */
    int64_t rtt_us;          /* 0: the default 100 us */
    int64_t rto_us;          /* 0: derived from the RTT */
    int64_t rto_min_us;      /* 0: the default 200 ms */
    int64_t rto_max_us;      /* 0: the default 120 s */
    int64_t user_timeout_ms; /* 0: off */
    int retries2;            /* 0: the default 15 */
    int syn_retries;         /* 0: the default 6 */
    int syn_linear;          /* 0: the default 4 */
    int synack_retries;      /* 0: the default 5 */
    int orphan_retries;      /* 0: the default 0 (8 while alive) */
    int64_t fin_timeout_s;   /* 0: the default 60 s */
    bool fastopen;
    bool tlp;                /* off unless asked for */
};

/* connect(): time zero is the first SYN, the initial RTO 1 s, which is a
 * whole number of jiffies at every HZ, so all of them run at each HZ.
 * V17 and V23 keep the rest of the defaults, TLP included: the SYN states
 * have none (KERNEL.md 9.1 needs SACK negotiated and CA state Open). */
static const struct setup s_v17 = {
    .name = "SYN V17", .path = RTO_PATH_SYN, .tlp = true };
static const struct setup s_v18 = {
    .name = "SYN V18", .path = RTO_PATH_SYN, .syn_linear = SET0 };
static const struct setup s_v19 = {
    .name = "SYN V19", .path = RTO_PATH_SYN, .syn_retries = 1 };
static const struct setup s_v20 = {
    .name = "SYN V20", .path = RTO_PATH_SYN, .syn_retries = 2 };
static const struct setup s_v21 = {
    .name = "SYN V21", .path = RTO_PATH_SYN, .syn_retries = 3 };
static const struct setup s_v22 = {
    .name = "SYN V22", .path = RTO_PATH_SYN, .syn_retries = 2,
    .syn_linear = 1 };
static const struct setup s_syn2_lin0 = {
    .name = "SYN 2 linear 0", .path = RTO_PATH_SYN, .syn_retries = 2,
    .syn_linear = SET0 };
static const struct setup s_syn1_lin0 = {
    .name = "SYN 1 linear 0", .path = RTO_PATH_SYN, .syn_retries = 1,
    .syn_linear = SET0 };
static const struct setup s_syn_ut = {
    .name = "SYN 12 UT 8000", .path = RTO_PATH_SYN, .syn_retries = 12,
    .user_timeout_ms = 8000 };
static const struct setup s_syn_max1 = {
    .name = "SYN rto_max 1 s", .path = RTO_PATH_SYN,
    .rto_max_us = SEC(1) };

/* The listener: time zero is the first SYN-ACK. */
static const struct setup s_v23 = {
    .name = "SYN-ACK V23", .path = RTO_PATH_SYNACK, .tlp = true };
static const struct setup s_v24 = {
    .name = "SYN-ACK V24 Fast Open", .path = RTO_PATH_SYNACK,
    .fastopen = true };
static const struct setup s_sa0 = {
    .name = "SYN-ACK retries 0", .path = RTO_PATH_SYNACK,
    .synack_retries = SET0 };
/* tcp_rto_synack_rto_max.pkt came with 1e9d3005e02c (6.19), which caps a
 * listener's plain SYN-ACK at tcp_rto_max_ms; on 6.18 it still doubles up
 * to TCP_RTO_MAX (KERNEL.md 4.1). */
static const struct setup s_sa_max1 = {
    .name = "SYN-ACK rto_max 1 s, 6.19", .path = RTO_PATH_SYNACK,
    .kernel = RTO_KERNEL(6, 19), .rto_max_us = SEC(1) };
static const struct setup s_sa_max1_618 = {
    .name = "SYN-ACK rto_max 1 s, 6.18", .path = RTO_PATH_SYNACK,
    .rto_max_us = SEC(1) };
static const struct setup s_sa_tfo_max1 = {
    .name = "SYN-ACK Fast Open rto_max 1 s", .path = RTO_PATH_SYNACK,
    .rto_max_us = SEC(1), .fastopen = true };
static const struct setup s_sa_ut = {
    .name = "SYN-ACK UT 3000", .path = RTO_PATH_SYNACK,
    .user_timeout_ms = 3000 };

/* Orphans: HZ=250 loopback, RTO 51 jiffies = 204 ms (KERNEL.md V15). */
static const struct setup s_v25 = {
    .name = "orphan V25", .path = RTO_PATH_ORPHAN, .hz = 250, .rtt_us = 20 };
static const struct setup s_v26 = {
    .name = "orphan V26", .path = RTO_PATH_ORPHAN, .hz = 250, .rtt_us = 20,
    .orphan_retries = 3 };
static const struct setup s_orph_cap = {
    .name = "orphan RTO 120 s", .path = RTO_PATH_ORPHAN, .rto_us = SEC(120) };
static const struct setup s_orph_ut = {
    .name = "orphan UT 3000", .path = RTO_PATH_ORPHAN, .hz = 250,
    .rtt_us = 20, .user_timeout_ms = 3000 };

/* FIN_WAIT2: time zero is the ACK of our FIN. */
static const struct setup s_v27 = {
    .name = "FIN_WAIT2 V27", .path = RTO_PATH_FIN_WAIT2 };
static const struct setup s_v28 = {
    .name = "FIN_WAIT2 V28", .path = RTO_PATH_FIN_WAIT2,
    .fin_timeout_s = 120 };
static const struct setup s_v28b = {
    .name = "FIN_WAIT2 V28b", .path = RTO_PATH_FIN_WAIT2,
    .fin_timeout_s = 65 };
static const struct setup s_fin0 = {
    .name = "FIN_WAIT2 fin_timeout 0", .path = RTO_PATH_FIN_WAIT2, .hz = 250,
    .rtt_us = 20, .fin_timeout_s = SET0 };
static const struct setup s_fin1 = {
    .name = "FIN_WAIT2 fin_timeout 1", .path = RTO_PATH_FIN_WAIT2, .hz = 250,
    .rtt_us = 20, .fin_timeout_s = 1 };
static const struct setup s_fin3 = {
    .name = "FIN_WAIT2 fin_timeout 3", .path = RTO_PATH_FIN_WAIT2, .hz = 250,
    .rtt_us = 20, .fin_timeout_s = 3 };

/* Zero-window probing: time zero is the arming of the probe timer. */
static const struct setup s_v33 = {
    .name = "probe0 V33", .path = RTO_PATH_PROBE0, .hz = 250, .rtt_us = 20,
    .retries2 = 3 };
static const struct setup s_v34 = {
    .name = "probe0 V34", .path = RTO_PATH_PROBE0, .hz = 250, .rtt_us = 20,
    .retries2 = 15 };
static const struct setup s_p0 = {
    .name = "probe0 retries2 0", .path = RTO_PATH_PROBE0, .hz = 250,
    .rtt_us = 20, .retries2 = SET0 };
static const struct setup s_p_ut = {
    .name = "probe0 UT 5000", .path = RTO_PATH_PROBE0, .hz = 250,
    .rtt_us = 20, .user_timeout_ms = 5000 };
static const struct setup s_p_rtomin = {
    .name = "probe0 rto_min 8 ms", .path = RTO_PATH_PROBE0, .hz = 250,
    .rtt_us = 20, .rto_min_us = 8000, .retries2 = 3 };

static int pick(int v, int def)
{
    return v == SET0 ? 0 : v ? v : def;
}

static int64_t pick64(int64_t v, int64_t def)
{
    return v == SET0 ? 0 : v ? v : def;
}

static void setup_params(const struct setup *s, int hz, struct rto_params *p)
{
    params_at_hz(p, hz);
    if (s->kernel) {
        rto_params_default_for(p, s->kernel);
        p->hz = hz;
    }
    p->rtt_us = pick64(s->rtt_us, p->rtt_us);
    p->rto_us = s->rto_us;
    p->rto_min_us = pick64(s->rto_min_us, p->rto_min_us);
    p->rto_max_us = pick64(s->rto_max_us, p->rto_max_us);
    p->user_timeout_us = MS(s->user_timeout_ms);
    p->retries2 = pick(s->retries2, p->retries2);
    p->syn_retries = pick(s->syn_retries, p->syn_retries);
    p->syn_linear_timeouts = pick(s->syn_linear, p->syn_linear_timeouts);
    p->synack_retries = pick(s->synack_retries, p->synack_retries);
    p->orphan_retries = pick(s->orphan_retries, p->orphan_retries);
    p->fin_timeout_us = SEC(pick64(s->fin_timeout_s, 60));
    p->fastopen = s->fastopen;
    p->tlp = s->tlp;
}

static int run_path(const struct setup *s, const struct rto_params *p,
                    struct rto_timeline *t)
{
    switch (s->path) {
    case RTO_PATH_SYN:
        return rto_syn(p, t);
    case RTO_PATH_SYNACK:
        return rto_synack(p, t);
    case RTO_PATH_ORPHAN:
        return rto_orphan(p, t);
    case RTO_PATH_FIN_WAIT2:
        return rto_fin_wait2(p, t);
    case RTO_PATH_PROBE0:
        return rto_probe0(p, t);
    default:
        ck_abort_msg("%s: no such path in this suite", s->name);
    }
    return RTO_EINVAL;
}

static void run(const struct setup *s, int hz, struct rto_event *ev,
                size_t cap, struct rto_timeline *t)
{
    struct rto_params p;
    int rc;

    setup_params(s, hz, &p);
    rto_timeline_init(t, ev, cap);
    rc = run_path(s, &p, t);
    ck_assert_msg(rc == RTO_OK, "%s (HZ=%d): rc = %d (%s)", s->name, hz, rc,
                  rto_strerror(rc));
}

/* What the path counts in `retransmissions`: RTO retransmissions, or
 * zero-window probes (rtocalc.h). */
static enum rto_event_type counted_type(enum rto_path path)
{
    return path == RTO_PATH_PROBE0 ? RTO_EV_PROBE : RTO_EV_RETRANSMIT;
}

/*
 * What must hold for every run (DESIGN.md "The model"): the nominal and
 * the typical give-up lie inside [earliest, latest], and so do the counts;
 * events come in time order, no event before its nominal time; the last
 * event is the give-up and carries the summary's times.  The give-up
 * event is the one exception to "typical >= nominal": the typical run may
 * give up a firing earlier than the nominal one (DESIGN.md), so its
 * typical time is only held to [earliest, latest] like the summary's.
 *
 * The shapes: SYN, SYN-ACK and orphans start with the original segment at
 * 0 (the TLP follows for an orphan with TLP on; the SYN states have none),
 * then the numbered retransmissions; probe0 has the numbered probes (time
 * zero is the arming, nothing is sent then); FIN_WAIT2 only the give-up.
 */
static void check_invariants(const char *src, int hz, const struct setup *s,
                             const struct rto_timeline *t)
{
    enum rto_event_type counted = counted_type(s->path);
    bool has_send = s->path == RTO_PATH_SYN || s->path == RTO_PATH_SYNACK
                    || s->path == RTO_PATH_ORPHAN;
    bool has_tlp = s->path == RTO_PATH_ORPHAN && s->tlp;
    const struct rto_event *last;
    size_t want_count;
    int seen = 0;

    ck_assert_msg(!t->truncated, "%s (HZ=%d): not truncated", src, hz);
    EQ64(src, hz, "path", t->path, s->path);
    ck_assert_msg(t->give_up_us != RTO_NONE && t->give_up_typical_us != RTO_NONE
                      && t->give_up_earliest_us != RTO_NONE
                      && t->give_up_latest_us != RTO_NONE,
                  "%s (HZ=%d): every give-up time is known", src, hz);
    check_give_up_window(src, hz, t);

    want_count = (has_send ? 1u : 0u) + (has_tlp ? 1u : 0u)
                 + (size_t)t->retransmissions + 1;
    EQ64(src, hz, "event count", t->count, want_count);
    if (has_send)
        ck_assert_msg(t->events[0].type == RTO_EV_SEND
                          && t->events[0].at_us == 0,
                      "%s (HZ=%d): the first event is the send at 0", src,
                      hz);
    if (has_tlp)
        ck_assert_msg(t->events[1].type == RTO_EV_TLP,
                      "%s (HZ=%d): the TLP follows the send", src, hz);
    last = &t->events[t->count - 1];
    check_give_up_event(src, hz, t, last);

    for (size_t i = 0; i < t->count; i++) {
        const struct rto_event *e = &t->events[i];

        if (i > 0)
            LE64(src, hz, "previous at_us", t->events[i - 1].at_us, "at_us",
                 e->at_us);
        if (e->type == RTO_EV_RETRANSMIT || e->type == RTO_EV_PROBE) {
            ck_assert_msg(e->type == counted,
                          "%s (HZ=%d): event %zu has the wrong type %d", src,
                          hz, i, (int)e->type);
            seen++;
            EQ64(src, hz, "retransmission or probe number", e->n, seen);
        }
        if (e->type != RTO_EV_GIVE_UP)
            check_event_window(src, hz, e);
    }
    EQ64(src, hz, "retransmit or probe events", seen, t->retransmissions);
}

/* ------------------------------------------------------------------ */
/* Summaries and schedules                                            */
/* ------------------------------------------------------------------ */

struct summary_row {
    const char *source;
    const struct setup *s;
    int retransmissions;        /* RTO retransmissions, or probes */
    int64_t at_ms[MAX_SCHED];   /* when each of them happens, nominal */
    int64_t give_up_us;
    enum rto_reason reason;
    int error;
    int64_t initial_rto_us;     /* SKIP: not checked */
    int64_t budget_us;          /* RTO_NONE: none applies */
    int64_t stamp_us;           /* SKIP: not checked */
};

static const struct summary_row summary_rows[] = {
    /* --- SYN (KERNEL.md 3.1: count cap syn_retries + linear tested
     * first, then the time cap model(syn_retries, 1 s) from the first
     * SYN; the RTO is kept while total_rto <= linear, then doubles). */

    /* Gaps 1, 1, 1, 1, 1, 2, 4, 8, 16, 32, 64 s: firings at 1..5, 7, 11,
     * 19, 35, 67 and 131 s.  At 131 s icsk_retransmits = 10 >= 6 + 4.
     * model(6, 1 s) = (2^7 - 1) s = 127 s (thresh = ilog2(120) = 6); it is
     * not reached at 67 s, and at 131 s the count is tested first. */
    { "KERNEL.md V17, ip-sysctl \"67 s ... 131 s\": 10 retx, 131 s",
      &s_v17, 10,
      { 1000, 2000, 3000, 4000, 5000, 7000, 11000, 19000, 35000, 67000 },
      MS(131000), RTO_REASON_SYN_RETRIES, ETIMEDOUT, SEC(1), SEC(127), 0 },
    /* Doubling from the first SYN: 1, 3, 7, 15, 31, 63, then 127 s, where
     * the count 6 >= 6 + 0 holds (and the time 127 >= 127 s too; the count
     * is tested first). */
    { "KERNEL.md V18, ip-sysctl pre-6.5 \"63 s / 127 s\": 6 retx, 127 s",
      &s_v18, 6, { 1000, 3000, 7000, 15000, 31000, 63000 }, MS(127000),
      RTO_REASON_SYN_RETRIES, ETIMEDOUT, SEC(1), SEC(127), 0 },
    /* model(1, 1 s) = (2^2 - 1) s = 3 s.  SYNs at 1 and 2 s; at 3 s the
     * count 2 < 1 + 4, but 3 s have elapsed since the first SYN. */
    { "KERNEL.md V19, packetdrill TV-12 \"+0...3.000 ETIMEDOUT\": 3 s",
      &s_v19, 2, { 1000, 2000 }, MS(3000), RTO_REASON_SYN_TIME, ETIMEDOUT,
      SEC(1), SEC(3), 0 },
    /* model(2, 1 s) = 7 s.  SYNs at 1..5 s; the RTO doubles to 2 s after
     * the 5th (total_rto 5 > 4); at 7 s the count 5 < 6, the time 7 >= 7. */
    { "KERNEL.md V20: TCP_SYNCNT 2, 5 retx, time cap 7 s", &s_v20, 5,
      { 1000, 2000, 3000, 4000, 5000 }, MS(7000), RTO_REASON_SYN_TIME,
      ETIMEDOUT, SEC(1), SEC(7), 0 },
    /* model(3, 1 s) = 15 s.  SYNs at 1..5, 7, 11 s; at 11 s the count
     * 6 < 7 and 11 < 15; the 7th arms 8 s; at 19 s the count 7 >= 7. */
    { "KERNEL.md V21: TCP_SYNCNT 3, 7 retx, 19 s", &s_v21, 7,
      { 1000, 2000, 3000, 4000, 5000, 7000, 11000 }, MS(19000),
      RTO_REASON_SYN_RETRIES, ETIMEDOUT, SEC(1), SEC(15), 0 },
    /* Linear 1: the RTO stays 1 s after the 1st SYN retransmission
     * (total_rto 1 <= 1), then 2 and 4 s: firings at 1, 2, 4 and 8 s; at
     * 4 s the count 2 < 3 and 4 < model(2) = 7; at 8 s the count 3 >= 3. */
    { "KERNEL.md V22: TCP_SYNCNT 2 linear 1, 3 retx (1, 2, 4 s), 8 s",
      &s_v22, 3, { 1000, 2000, 4000 }, MS(8000), RTO_REASON_SYN_RETRIES,
      ETIMEDOUT, SEC(1), SEC(7), 0 },
    /* SYNs at 1 and 3 s; at 7 s the count 2 >= 2 (tested before the time,
     * which is also up: 7 >= model(2) = 7). */
    { "KERNEL.md 3.3 table: syn 2 linear 0, 2 retx, 7 s (count)",
      &s_syn2_lin0, 2, { 1000, 3000 }, MS(7000), RTO_REASON_SYN_RETRIES,
      ETIMEDOUT, SEC(1), SEC(7), 0 },
    /* The SYN at 1 s, then a 2 s timer; at 3 s the count 1 >= 1. */
    { "KERNEL.md 3.3 table: syn 1 linear 0, 1 retx, 3 s (count)",
      &s_syn1_lin0, 1, { 1000 }, MS(3000), RTO_REASON_SYN_RETRIES,
      ETIMEDOUT, SEC(1), SEC(3), 0 },
    /* REFERENCES TV-11 with linear 4: the user timeout replaces
     * model(12) as the time test, from the first SYN (KERNEL.md 1.5, 3.1).
     * SYNs at 1..5 s (the timers are below the 7..3 s left); after the 5th
     * the RTO is 2 s and 3 s are left: SYN at 7 s; then the RTO is 4 s but
     * only 1 s is left, so the timer is cut to 1 s; at 8 s 8000 ms have
     * elapsed, while the count 6 is far below 12 + 4. */
    { "REFERENCES TV-11 (linear 4): TCP_SYNCNT 12, UT 8000 -> 8 s", &s_syn_ut,
      6, { 1000, 2000, 3000, 4000, 5000, 7000 }, MS(8000),
      RTO_REASON_USER_TIMEOUT, ETIMEDOUT, SEC(1), MS(8000), 0 },
    /* REFERENCES TV-7 style: every timer is capped at rto_max = 1 s, so
     * SYNs every second.  The time cap uses rto_max too (KERNEL.md 1.4,
     * per-socket since 6.15): thresh = ilog2(1 s / 1 s) = 0, so
     * model(6, 1 s) = (2^1 - 1) * 1 s + (6 - 0) * 1 s = 7 s.  At 7 s the
     * count 6 < 10 and 7 >= 7: the time cap ends it. */
    { "REFERENCES TV-7 style: SYN with rto_max 1 s, 6 retx, time cap 7 s",
      &s_syn_max1, 6, { 1000, 2000, 3000, 4000, 5000, 6000 }, MS(7000),
      RTO_REASON_SYN_TIME, ETIMEDOUT, SEC(1), SEC(7), 0 },

    /* --- SYN-ACK (KERNEL.md 4.1: count only, num_timeout >= max; timers
     * min(1 s << num_timeout, rto_max)).  A request socket is dropped
     * silently; nobody sees an error. */

    /* 1 + 2 + 4 + 8 + 16 = 31 s for the 5th, dropped at 31 + 32 = 63 s. */
    { "KERNEL.md V23, ip-sysctl \"31 seconds ... 63 seconds\": 5 retx, 63 s",
      &s_v23, 5, { 1000, 3000, 7000, 15000, 31000 }, MS(63000),
      RTO_REASON_SYNACK_RETRIES, 0, SEC(1), RTO_NONE, SKIP },
    /* synack_retries + 1 = 6: the 6th at 63 s, aborted at 63 + 64 = 127 s
     * with tcp_write_err() on a child that accept() already returned. */
    { "KERNEL.md V24: Fast Open child, 6 retx, abort 127 s, ETIMEDOUT",
      &s_v24, 6, { 1000, 3000, 7000, 15000, 31000, 63000 }, MS(127000),
      RTO_REASON_SYNACK_RETRIES, ETIMEDOUT, SEC(1), RTO_NONE, SKIP },
    /* num_timeout 0 >= 0 at the first firing. */
    { "KERNEL.md 4.1: synack_retries 0, no retransmission, expires at 1 s",
      &s_sa0, 0, { 0 }, MS(1000), RTO_REASON_SYNACK_RETRIES, 0, SEC(1),
      RTO_NONE, SKIP },
    /* The selftest's "+1 > S." three times: the timers are capped at 1 s,
     * so SYN-ACKs at 1, 2, 3, 4, 5 s and the drop at the 6th firing. */
    { "REFERENCES TV-7 tcp_rto_synack_rto_max.pkt (6.19): 1, 2, 3 s",
      &s_sa_max1, 5, { 1000, 2000, 3000, 4000, 5000 }, MS(6000),
      RTO_REASON_SYNACK_RETRIES, 0, SEC(1), RTO_NONE, SKIP },
    /* The same settings on 6.18: tcp_rto_max_ms does not reach the
     * request socket, so the V23 schedule (1, 3, 7, 15, 31 s; 63 s). */
    { "KERNEL.md 4.1 (6.18): rto_max 1 s leaves a plain SYN-ACK at V23",
      &s_sa_max1_618, 5, { 1000, 3000, 7000, 15000, 31000 }, MS(63000),
      RTO_REASON_SYNACK_RETRIES, 0, SEC(1), RTO_NONE, SKIP },
    /* Test 1 of the same selftest (TFO listener): 6 SYN-ACKs 1 s apart,
     * the child aborted at the 7th firing. */
    { "REFERENCES TV-7 test 1 (Fast Open): rto_max 1 s, 6 retx, 7 s",
      &s_sa_tfo_max1, 6, { 1000, 2000, 3000, 4000, 5000, 6000 }, MS(7000),
      RTO_REASON_SYNACK_RETRIES, ETIMEDOUT, SEC(1), RTO_NONE, SKIP },
    /* REFERENCES 9 "UT does not affect SYN-RECV": exactly V23. */
    { "REFERENCES 9: UT 3000 ms does not affect SYN-RECV (V23)", &s_sa_ut, 5,
      { 1000, 3000, 7000, 15000, 31000 }, MS(63000),
      RTO_REASON_SYNACK_RETRIES, 0, SEC(1), RTO_NONE, SKIP },

    /* --- Orphans (KERNEL.md 5.1): HZ=250, RTO 204 ms, TLP off; firing
     * F_n = 204 (2^n - 1) ms while the RTO doubles below 120 s; the stamp
     * is the first retransmission (KERNEL.md 1.2).  The application closed
     * the socket: no error reaches anyone. */

    /* alive (RTO < rto_max) and sysctl 0: r = 8, model(8) = 102 200 ms.
     * F8 = 204 * 255 = 52 020 has 51 816 < 102 200 elapsed; F9 = 204 * 511
     * = 104 244 has 104 040.  (KERNEL.md 5.1 prints the last retransmission
     * as "52.22 s"; 204 * 255 = 52 020 ms, so that is a typo.) */
    { "KERNEL.md V25: orphan_retries 0 => 8, 8 retx, 104 244 ms", &s_v25, 8,
      { 204, 612, 1428, 3060, 6324, 12852, 25908, 52020 }, MS(104244),
      RTO_REASON_ORPHAN_RETRIES, 0, MS(204), MS(102200), MS(204) },
    /* model(3) = 3000 ms: F4 = 3060 has 2856 elapsed, F5 = 6324 has 6120. */
    { "KERNEL.md V26: orphan_retries 3, 4 retx, 6 324 ms", &s_v26, 4,
      { 204, 612, 1428, 3060 }, MS(6324), RTO_REASON_ORPHAN_RETRIES, 0,
      MS(204), MS(3000), MS(204) },
    /* KERNEL.md 5.1, an orphan whose RTO is already at rto_max (120 s, a
     * whole number of jiffies at every HZ): at the first firing (120 s)
     * icsk_retransmits is 0, so nothing has timed out: retransmission 1,
     * which takes the stamp.  The RTO stays at 120 s (doubling capped), so
     * the socket is never "alive" and sysctl 0 gives r = 0, model(0) =
     * (2^1 - 1) * 200 ms = 200 ms.  At the next firing, 240 s, 120 s >=
     * 200 ms have elapsed: it dies there after 1 retransmission. */
    { "KERNEL.md 5.1: orphan at rto_max (RTO 120 s), r = 0, dies at 240 s",
      &s_orph_cap, 1, { 120000 }, SEC(240), RTO_REASON_ORPHAN_RETRIES, 0,
      SEC(120), MS(200), SEC(120) },
    /* KERNEL.md 1.5 "Orphans likewise use the user timeout": as V10,
     * retransmissions at 204, 612, 1428, 3060 ms (elapsed 0, 408, 1224,
     * 2856 ms since the stamp); the next timer is cut to 3000 - 2856 =
     * 144 ms: death at 3204 = 204 + 3000 ms. */
    { "KERNEL.md 1.5 + V10: orphan with UT 3000, 4 retx, 3 204 ms",
      &s_orph_ut, 4, { 204, 612, 1428, 3060 }, MS(3204),
      RTO_REASON_USER_TIMEOUT, 0, MS(204), MS(3000), MS(204) },

    /* --- Zero-window probes (KERNEL.md 7.1): HZ=250, base = max(RTO,
     * TCP_RTO_MIN) = 51 jiffies = 204 ms; after probe k the timer is
     * base << k (k <= 10), capped at 120 s; abort when probes_out >=
     * tcp_retries2 (count, not time) or, with U, at the first firing with
     * U elapsed since the first one. */

    /* Probes at 204, 204 + 408 = 612, 612 + 816 = 1428 ms; at 1428 + 1632
     * = 3060 ms probes_out 3 >= 3: 204 (2^4 - 1) = 3060.
     *
     * Not asserted: KERNEL.md V33 also gives a measured 3.189 s, which lies
     * OUTSIDE the model's window for this vector (3.06 .. 3.16 s: timers of
     * 51, 102, 204 and 408 jiffies, late by at most 4 + 3 * 32 ms).  That
     * is a known open disagreement to be settled by measuring the running
     * kernel; see the note in the "measured" part below. */
    { "KERNEL.md V33: retries2 3, 3 probes, abort 3 060 ms", &s_v33, 3,
      { 204, 612, 1428 }, MS(3060), RTO_REASON_PROBES, ETIMEDOUT, MS(204),
      RTO_NONE, SKIP },
    /* F_n = 204 (2^n - 1) ms up to F10 = 204 * 1023 = 208 692 (the timer
     * after probe 9 is 51 << 9 = 26 112 jiffies < 30 000), then + 120 s:
     * F15 = 808 692 (as V3's last retransmission), F16 = 928 692. */
    { "KERNEL.md V34: retries2 15, 15 probes, abort 928 692 ms", &s_v34, 15,
      { 204, 612, 1428, 3060, 6324, 12852, 25908, 52020, 104244, 208692,
        328692, 448692, 568692, 688692, 808692 },
      MS(928692), RTO_REASON_PROBES, ETIMEDOUT, MS(204), RTO_NONE, SKIP },
    /* KERNEL.md 7.1 step 5: at the first firing probes_out 0 >= 0. */
    { "KERNEL.md 7.1: retries2 0 aborts at the first firing, 0 probes",
      &s_p0, 0, { 0 }, MS(204), RTO_REASON_PROBES, ETIMEDOUT, MS(204),
      RTO_NONE, SKIP },
    /* KERNEL.md 7.2 "abort at the first probe firing at or after
     * probe-episode start + U": the episode starts at the first firing
     * (204 ms).  Probes at 204, 612, 1428, 3060 ms (elapsed 0, 408, 1224,
     * 2856 ms); after probe 4 the timer would be 204 << 4 = 3264 ms, but
     * only 5000 - 2856 = 2144 ms (536 jiffies) of U are left, so it is cut
     * to 2144 ms: the 5th firing, at 3060 + 2144 = 5204 ms = 204 + 5000,
     * has 5000 ms elapsed and aborts. */
    { "KERNEL.md 7.2: UT 5000, 4 probes, abort 5 204 ms", &s_p_ut, 4,
      { 204, 612, 1428, 3060 }, MS(5204), RTO_REASON_USER_TIMEOUT, ETIMEDOUT,
      MS(204), MS(5000), SKIP },
    /* rto_min 8 ms: RTO 3 jiffies = 12 ms (KERNEL.md V42), but base =
     * max(icsk_rto, TCP_RTO_MIN) = 50 jiffies = 200 ms: probes at 200,
     * 600, 1400 ms; abort at 200 (2^4 - 1) = 3000 ms. */
    { "KERNEL.md 7.1 base = max(RTO, TCP_RTO_MIN): rto_min 8 ms, 200 ms",
      &s_p_rtomin, 3, { 200, 600, 1400 }, MS(3000), RTO_REASON_PROBES,
      ETIMEDOUT, SKIP, RTO_NONE, SKIP },
};

static void check_summary(const struct summary_row *r, int hz)
{
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    enum rto_event_type counted = counted_type(r->s->path);
    int k = 0;

    ck_assert_msg(r->retransmissions <= MAX_SCHED, "%s: schedule too long",
                  r->source);
    run(r->s, hz, ev, EV_CAP, &t);
    EQ64(r->source, hz, "retransmissions", t.retransmissions,
         r->retransmissions);
    EQ64(r->source, hz, "give_up_us", t.give_up_us, r->give_up_us);
    EQ64(r->source, hz, "reason", t.reason, r->reason);
    EQ64(r->source, hz, "error", t.error, r->error);
    if (r->initial_rto_us != SKIP)
        EQ64(r->source, hz, "initial_rto_us", t.initial_rto_us,
             r->initial_rto_us);
    EQ64(r->source, hz, "budget_us", t.budget_us, r->budget_us);
    if (r->stamp_us != SKIP)
        EQ64(r->source, hz, "stamp_us", t.stamp_us, r->stamp_us);
    for (size_t i = 0; i < t.count && k < r->retransmissions; i++) {
        if (t.events[i].type != counted)
            continue;
        ck_assert_msg(t.events[i].at_us == MS(r->at_ms[k]),
                      "%s (HZ=%d): retransmission/probe %d at_us = %" PRId64
                      ", want %" PRId64,
                      r->source, hz, k + 1, t.events[i].at_us,
                      MS(r->at_ms[k]));
        k++;
    }
    EQ64(r->source, hz, "scheduled events found", k, r->retransmissions);
    check_invariants(r->source, hz, r->s, &t);
}

START_TEST(test_summary)
{
    const struct summary_row *r = &summary_rows[_i];
    int hz[HZ_COUNT];
    size_t n = hzs_of(r->s->hz, hz);

    for (size_t h = 0; h < n; h++)
        check_summary(r, hz[h]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* FIN_WAIT2                                                          */
/* ------------------------------------------------------------------ */

/*
 * KERNEL.md 5.2: tmo = max(tcp_fin_timeout, 3.5 RTO) with 3.5 RTO as
 * (rto << 2) - (rto >> 1) jiffies.  Up to 60 s the timewait mini-socket
 * lives tmo at once; past 60 s the full socket first waits tmo - 60 s on
 * the keepalive timer (stage 1), then the mini-socket the same again
 * (measured on 6.18).  Nothing is retransmitted and, the socket being an
 * orphan, nobody sees an error.
 */
struct fin_row {
    const char *source;
    const struct setup *s;
    int64_t give_up_us;
    int64_t stage1_us;       /* RTO_NONE below 60 s */
};

static const struct fin_row fin_rows[] = {
    /* 3.5 RTO is about 0.7 s at every HZ here: tmo = 60 s, not past 60 s,
     * so the mini-socket lives 60 s. */
    { "KERNEL.md V27: defaults, gone 60 s after the ACK of our FIN", &s_v27,
      SEC(60), RTO_NONE },
    /* tmo 120 s: 60 s on the keepalive timer, then 60 s of timewait. */
    { "KERNEL.md V28: tcp_fin_timeout 120 -> 60 s + 60 s = 120 s", &s_v28,
      SEC(120), SEC(60) },
    /* tmo 65 s: 2 (65 - 60) = 5 s + 5 s. */
    { "KERNEL.md V28b: tcp_fin_timeout 65 -> 5 s + 5 s = 10 s", &s_v28b,
      SEC(10), SEC(5) },
    /* HZ=250, RTO 51 jiffies: (51 << 2) - (51 >> 1) = 204 - 25 = 179
     * jiffies = 716 ms > 0. */
    { "KERNEL.md 5.2 tcp_fin_time: fin_timeout 0 -> 3.5 RTO = 716 ms",
      &s_fin0, MS(716), RTO_NONE },
    /* max(1 s, 716 ms) = 1 s. */
    { "KERNEL.md 5.2: fin_timeout 1 s -> 1 s", &s_fin1, SEC(1), RTO_NONE },
    /* max(3 s, 716 ms) = 3 s. */
    { "KERNEL.md 5.2: fin_timeout 3 s -> 3 s", &s_fin3, SEC(3), RTO_NONE },
};

static void check_fin_row(const struct fin_row *r, int hz)
{
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;

    run(r->s, hz, ev, EV_CAP, &t);
    EQ64(r->source, hz, "give_up_us", t.give_up_us, r->give_up_us);
    EQ64(r->source, hz, "fin_wait2_stage1_us", t.fin_wait2_stage1_us,
         r->stage1_us);
    EQ64(r->source, hz, "reason", t.reason, RTO_REASON_FIN_TIMEOUT);
    EQ64(r->source, hz, "error", t.error, 0);
    EQ64(r->source, hz, "retransmissions", t.retransmissions, 0);
    EQ64(r->source, hz, "retransmissions_typical", t.retransmissions_typical,
         0);
    EQ64(r->source, hz, "retransmissions_min", t.retransmissions_min, 0);
    EQ64(r->source, hz, "retransmissions_max", t.retransmissions_max, 0);
    check_invariants(r->source, hz, r->s, &t);
}

START_TEST(test_fin_wait2)
{
    const struct fin_row *r = &fin_rows[_i];
    int hz[HZ_COUNT];
    size_t n = hzs_of(r->s->hz, hz);

    for (size_t h = 0; h < n; h++)
        check_fin_row(r, hz[h]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Single events                                                      */
/* ------------------------------------------------------------------ */

struct event_row {
    const char *source;
    const struct setup *s;
    enum rto_event_type type;
    int n;                   /* ignored for the give-up */
    int64_t at_us;
    int64_t timer_us;        /* the timer that fired; SKIP: not checked */
    int64_t next_us;         /* the timer armed after it; SKIP */
    unsigned marks_mask;
    unsigned marks_want;
};

#define CLAMP RTO_MARK_CLAMPED
#define CAP RTO_MARK_CAPPED

static const struct event_row event_rows[] = {
    /* ip-sysctl: "1, 1, 1, 1, 1, 2, 4, ..." (KERNEL.md 3.1): the 4th SYN
     * retransmission keeps the RTO (total_rto 4 <= 4), the 5th doubles. */
    { "ip-sysctl tcp_syn_linear_timeouts: SYN 4 at 4 s, next 1 s", &s_v17,
      RTO_EV_RETRANSMIT, 4, SEC(4), SEC(1), SEC(1), 0, 0 },
    { "ip-sysctl tcp_syn_linear_timeouts: SYN 5 at 5 s, next 2 s", &s_v17,
      RTO_EV_RETRANSMIT, 5, SEC(5), SEC(1), SEC(2), 0, 0 },
    { "KERNEL.md V17: SYN 10 at 67 s after 32 s, next 64 s", &s_v17,
      RTO_EV_RETRANSMIT, 10, SEC(67), SEC(32), SEC(64), CAP, 0 },
    { "KERNEL.md V17: the give-up at 131 s after a 64 s timer", &s_v17,
      RTO_EV_GIVE_UP, 0, SEC(131), SEC(64), SKIP, 0, 0 },
    { "KERNEL.md V18: linear 0 doubles at once, next 2 s", &s_v18,
      RTO_EV_RETRANSMIT, 1, SEC(1), SEC(1), SEC(2), 0, 0 },
    /* REFERENCES TV-11 (derivation in the summary): 3 s left > 2 s RTO. */
    { "REFERENCES TV-11: SYN 5 at 5 s, next 2 s, not clamped", &s_syn_ut,
      RTO_EV_RETRANSMIT, 5, SEC(5), SEC(1), SEC(2), CLAMP, 0 },
    { "REFERENCES TV-11: SYN 6 at 7 s, next cut to the 1 s left", &s_syn_ut,
      RTO_EV_RETRANSMIT, 6, SEC(7), SEC(2), SEC(1), CLAMP, CLAMP },
    { "REFERENCES TV-11: the give-up at 8 s after the clamped 1 s",
      &s_syn_ut, RTO_EV_GIVE_UP, 0, SEC(8), SEC(1), SKIP, 0, 0 },
    /* Every timer is rto_max = 1 s. */
    { "REFERENCES TV-7 style: SYN 1 at 1 s, next at rto_max 1 s",
      &s_syn_max1, RTO_EV_RETRANSMIT, 1, SEC(1), SEC(1), SEC(1), CAP, CAP },
    { "REFERENCES TV-7 style: SYN 6 at 6 s, next at rto_max 1 s",
      &s_syn_max1, RTO_EV_RETRANSMIT, 6, SEC(6), SEC(1), SEC(1), CAP, CAP },

    /* SYN-ACK timers 1 s << num_timeout. */
    { "KERNEL.md V23: SYN-ACK 5 at 31 s after 16 s, next 32 s", &s_v23,
      RTO_EV_RETRANSMIT, 5, SEC(31), SEC(16), SEC(32), 0, 0 },
    { "KERNEL.md V24: SYN-ACK 6 at 63 s after 32 s, next 64 s", &s_v24,
      RTO_EV_RETRANSMIT, 6, SEC(63), SEC(32), SEC(64), 0, 0 },
    { "KERNEL.md 4.1: synack_retries 0, expires at 1 s after 1 s", &s_sa0,
      RTO_EV_GIVE_UP, 0, SEC(1), SEC(1), SKIP, 0, 0 },
    { "REFERENCES TV-7: third \"+1 > S.\" at 3 s, next 1 s (rto_max)",
      &s_sa_max1, RTO_EV_RETRANSMIT, 3, SEC(3), SEC(1), SEC(1), CAP, CAP },

    /* Orphans: retransmission k follows a 51 << (k - 1) jiffies timer. */
    { "KERNEL.md V25: retx 8 at 52 020 ms after 26 112, next 52 224 ms",
      &s_v25, RTO_EV_RETRANSMIT, 8, MS(52020), MS(26112), MS(52224), CAP,
      0 },
    { "KERNEL.md V25: death at 104 244 ms after a 52 224 ms timer", &s_v25,
      RTO_EV_GIVE_UP, 0, MS(104244), MS(52224), SKIP, 0, 0 },
    /* Derivation in the summary: 3776 ms of U left > 1632 ms at retx 3;
     * 144 ms left < 3264 ms at retx 4. */
    { "KERNEL.md 1.5: orphan UT, retx 3 at 1428 ms, next 1632 ms",
      &s_orph_ut, RTO_EV_RETRANSMIT, 3, MS(1428), MS(816), MS(1632), CLAMP,
      0 },
    { "KERNEL.md 1.5: orphan UT, retx 4 at 3060 ms, next cut to 144 ms",
      &s_orph_ut, RTO_EV_RETRANSMIT, 4, MS(3060), MS(1632), MS(144), CLAMP,
      CLAMP },
    { "KERNEL.md 1.5: orphan UT, death at 3204 ms after 144 ms", &s_orph_ut,
      RTO_EV_GIVE_UP, 0, MS(3204), MS(144), SKIP, 0, 0 },
    { "KERNEL.md 5.1: orphan at rto_max, retx 1 at 120 s, next 120 s",
      &s_orph_cap, RTO_EV_RETRANSMIT, 1, SEC(120), SEC(120), SEC(120), CAP,
      CAP },

    /* Probes: probe k follows a 51 << (k - 1) jiffies timer (capped). */
    { "KERNEL.md 7.2: V33 probe 1 at 204 ms, next 408 ms", &s_v33,
      RTO_EV_PROBE, 1, MS(204), MS(204), MS(408), 0, 0 },
    { "KERNEL.md 7.2: V33 probe 3 at 1428 ms, next 1632 ms", &s_v33,
      RTO_EV_PROBE, 3, MS(1428), MS(816), MS(1632), 0, 0 },
    /* 51 << 9 = 26 112 jiffies < 30 000; 51 << 10 = 52 224 > 30 000. */
    { "KERNEL.md V34: probe 9 at 104 244 ms, next 104 448 ms", &s_v34,
      RTO_EV_PROBE, 9, MS(104244), MS(52224), MS(104448), CAP, 0 },
    { "KERNEL.md V34: probe 10 at 208 692 ms, next capped at 120 s", &s_v34,
      RTO_EV_PROBE, 10, MS(208692), MS(104448), SEC(120), CAP, CAP },
    { "KERNEL.md V34: probe 15 at 808 692 ms, next 120 s", &s_v34,
      RTO_EV_PROBE, 15, MS(808692), SEC(120), SEC(120), CAP, CAP },
    { "KERNEL.md 7.1 step 5: retries2 0, abort at the first firing",
      &s_p0, RTO_EV_GIVE_UP, 0, MS(204), MS(204), SKIP, 0, 0 },
    /* Derivation in the summary: 3776 ms of U left > 1632 ms at probe 3;
     * 2144 ms left < 3264 ms at probe 4. */
    { "KERNEL.md 7.1: UT 5000, probe 3 at 1428 ms, next 1632 ms", &s_p_ut,
      RTO_EV_PROBE, 3, MS(1428), MS(816), MS(1632), 0, 0 },
    { "KERNEL.md 7.1: UT 5000, probe 4 at 3060 ms, next cut to 2144 ms",
      &s_p_ut, RTO_EV_PROBE, 4, MS(3060), MS(1632), MS(2144), 0, 0 },
    /* rtocalc.h: RTO_MARK_CLAMPED marks the next timer cut short by the
     * user timeout, as on the retransmit timer (check_retrans.c, V10). */
    { "rtocalc.h RTO_MARK_CLAMPED: UT 5000, probe 4's timer is cut",
      &s_p_ut, RTO_EV_PROBE, 4, MS(3060), SKIP, SKIP, CLAMP, CLAMP },
    { "KERNEL.md 7.2: UT 5000, abort at 5204 ms after 2144 ms", &s_p_ut,
      RTO_EV_GIVE_UP, 0, MS(5204), MS(2144), SKIP, 0, 0 },
    { "KERNEL.md 7.1: rto_min 8 ms, probe 1 at 200 ms, next 400 ms",
      &s_p_rtomin, RTO_EV_PROBE, 1, MS(200), MS(200), MS(400), 0, 0 },
};

static void check_event_row(const struct event_row *r, int hz)
{
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    const struct rto_event *e;

    run(r->s, hz, ev, EV_CAP, &t);
    e = find_event(&t, r->type, r->n);
    ck_assert_msg(e != NULL, "%s (HZ=%d): event %d/%d exists", r->source, hz,
                  (int)r->type, r->n);
    EQ64(r->source, hz, "at_us", e->at_us, r->at_us);
    if (r->timer_us != SKIP)
        EQ64(r->source, hz, "timer_us", e->timer_us, r->timer_us);
    if (r->next_us != SKIP)
        EQ64(r->source, hz, "next_us", e->next_us, r->next_us);
    ck_assert_msg((e->marks & r->marks_mask) == r->marks_want,
                  "%s (HZ=%d): marks 0x%x & 0x%x, want 0x%x", r->source, hz,
                  e->marks, r->marks_mask, r->marks_want);
}

START_TEST(test_events)
{
    const struct event_row *r = &event_rows[_i];
    int hz[HZ_COUNT];
    size_t n = hzs_of(r->s->hz, hz);

    for (size_t h = 0; h < n; h++)
        check_event_row(r, hz[h]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Measurements inside the window                                     */
/* ------------------------------------------------------------------ */

/* Measured on Linux 6.18.44, HZ=250 (KERNEL.md 0 [EXP]). */
#define HZ_MEASURED 250

struct measured_row {
    const char *source;
    const struct setup *s;
    int64_t give_up_us;
    int retransmissions;     /* -1: not measured */
};

static const struct measured_row measured_rows[] = {
    { "measured, Linux 6.18 HZ=250: KERNEL.md V17 10 retx, 133.86 s", &s_v17,
      MS(133860), 10 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V19 3.066 s", &s_v19, MS(3066),
      -1 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V20 7.136 s", &s_v20, MS(7136),
      -1 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V21 19.391 s", &s_v21,
      MS(19391), -1 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V22 8.225 s", &s_v22, MS(8225),
      -1 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md 3.3 syn 2 linear 0, 7.168 s",
      &s_syn2_lin0, MS(7168), -1 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md 3.3 syn 1 linear 0, 3.038 s",
      &s_syn1_lin0, MS(3038), -1 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V25 8 retx, 107.67 s", &s_v25,
      MS(107670), 8 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V26 4 retx, 6.54 s", &s_v26,
      MS(6540), 4 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md V28b fin_timeout 65, 10.17 s",
      &s_v28b, MS(10170), -1 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md 5.2 fin_timeout 1, ~1.03 s",
      &s_fin1, MS(1030), -1 },
    { "measured, Linux 6.18 HZ=250: KERNEL.md 5.2 fin_timeout 3, ~3.15 s",
      &s_fin3, MS(3150), -1 },
    /* KERNEL.md V33's measured 3.189 s is deliberately absent: see the
     * note below. */
};

START_TEST(test_measured)
{
    const struct measured_row *r = &measured_rows[_i];
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    int hz = HZ_MEASURED;

    ck_assert(r->s->hz == 0 || r->s->hz == hz);
    run(r->s, hz, ev, EV_CAP, &t);
    LE64(r->source, hz, "earliest", t.give_up_earliest_us, "measured",
         r->give_up_us);
    LE64(r->source, hz, "measured", r->give_up_us, "latest",
         t.give_up_latest_us);
    if (r->retransmissions < 0)
        return;
    LE64(r->source, hz, "min count", t.retransmissions_min, "measured count",
         r->retransmissions);
    LE64(r->source, hz, "measured count", r->retransmissions, "max count",
         t.retransmissions_max);
}
END_TEST

/* A measured event time must lie in [at_us, latest_us] of its event. */
struct measured_event_row {
    const char *source;
    const struct setup *s;
    enum rto_event_type type;
    int n;
    int64_t at_us;
};

static const struct measured_event_row measured_event_rows[] = {
    { "measured, Linux 6.18 HZ=250: KERNEL.md 3.3 V17 SYN 1 at 1.03 s",
      &s_v17, RTO_EV_RETRANSMIT, 1, MS(1030) },
    { "measured, Linux 6.18 HZ=250: KERNEL.md 3.3 V17 SYN 10 at 68.32 s",
      &s_v17, RTO_EV_RETRANSMIT, 10, MS(68320) },
};

START_TEST(test_measured_events)
{
    const struct measured_event_row *r = &measured_event_rows[_i];
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    const struct rto_event *e;
    int hz = HZ_MEASURED;

    run(r->s, hz, ev, EV_CAP, &t);
    e = find_event(&t, r->type, r->n);
    ck_assert_msg(e != NULL, "%s (HZ=%d): the event exists", r->source, hz);
    ck_assert_msg(e->latest_us != RTO_NONE, "%s (HZ=%d): latest_us known",
                  r->source, hz);
    LE64(r->source, hz, "at_us", e->at_us, "measured", r->at_us);
    LE64(r->source, hz, "measured", r->at_us, "latest_us", e->latest_us);
}
END_TEST

/*
 * KNOWN OPEN DISAGREEMENT, deliberately not asserted: KERNEL.md V33 (and
 * 7.2) report a measured abort at 3.189 s for retries2=3 at HZ=250, while
 * the model's window for that vector is 3.06 .. 3.16 s (timers of 51, 102,
 * 204 and 408 jiffies, each late by at most 4, 32, 32 and 32 ms).  Either
 * the measurement or the model's lateness bound is off; it is to be
 * settled by measuring the running kernel, not by widening a test here.
 */

/* ------------------------------------------------------------------ */
/* Parameters the kernel rejects                                      */
/* ------------------------------------------------------------------ */

static const struct setup bad_setups[] = {
    { .name = "KERNEL.md 3.2: tcp_syn_retries 0 -> EINVAL",
      .path = RTO_PATH_SYN, .syn_retries = SET0 },
    { .name = "KERNEL.md 3.2: tcp_syn_retries 128 -> EINVAL",
      .path = RTO_PATH_SYN, .syn_retries = 128 },
    { .name = "KERNEL.md 3.2: tcp_syn_linear_timeouts 128 -> EINVAL",
      .path = RTO_PATH_SYN, .syn_linear = 128 },
    { .name = "KERNEL.md 8.1: tcp_synack_retries 256 -> EINVAL",
      .path = RTO_PATH_SYNACK, .synack_retries = 256 },
    { .name = "KERNEL.md 8.1: tcp_orphan_retries 256 -> EINVAL",
      .path = RTO_PATH_ORPHAN, .orphan_retries = 256 },
    { .name = "KERNEL.md 8.1: tcp_retries2 256 -> EINVAL (probe0)",
      .path = RTO_PATH_PROBE0, .retries2 = 256 },
};

START_TEST(test_rejects_invalid)
{
    const struct setup *s = &bad_setups[_i];
    struct rto_params p;
    struct rto_event ev[4];
    struct rto_timeline t;
    int rc;

    setup_params(s, 1000, &p);
    rto_timeline_init(&t, ev, N_ROWS(ev));
    rc = run_path(s, &p, &t);
    ck_assert_msg(rc == RTO_EINVAL, "%s: got %d", s->name, rc);
}
END_TEST

Suite *paths_suite(void)
{
    Suite *s = suite_create("paths");
    TCase *tc;

    tc = tcase_create("summary");
    tcase_add_loop_test(tc, test_summary, 0, (int)N_ROWS(summary_rows));
    tcase_add_loop_test(tc, test_fin_wait2, 0, (int)N_ROWS(fin_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("events");
    tcase_add_loop_test(tc, test_events, 0, (int)N_ROWS(event_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("measured");
    tcase_add_loop_test(tc, test_measured, 0, (int)N_ROWS(measured_rows));
    tcase_add_loop_test(tc, test_measured_events, 0,
                        (int)N_ROWS(measured_event_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("invalid");
    tcase_add_loop_test(tc, test_rejects_invalid, 0,
                        (int)N_ROWS(bad_setups));
    suite_add_tcase(s, tc);
    return s;
}
