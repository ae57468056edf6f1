/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The retransmit-timer engine shared by the paths that retransmit one
 * segment until a count or a time budget runs out: established data
 * (retrans.c), orphans (orphan.c), SYN and SYN-ACK (syn.c).  Private to the
 * model; never installed.
 */
#ifndef RTO_MODEL_RTX_H
#define RTO_MODEL_RTX_H

#include "internal.h"

/* How the RTO grows after a retransmission (tcp_retransmit_timer()). */
enum rtx_backoff {
    RTX_DOUBLE,     /* double up to rto_max (thin streams: see thin) */
    RTX_SYN,        /* SYN_SENT: keep the RTO while total_rto <= linear */
};

/* How retransmits_timed_out() compares elapsed time with the budget. */
enum rtx_cmp {
    RTX_CMP_JIFFIES,      /* unsigned, in jiffies (before 4.13) */
    RTX_CMP_MS_UNSIGNED,  /* unsigned, in ms (4.13 to 4.19) */
    RTX_CMP_MS_SIGNED,    /* (s32)(elapsed - budget) >= 0, ms (4.20+) */
};

/* Everything about one dying socket that does not change while it dies. */
struct rtx_plan {
    struct rto_clock clk;
    enum rto_path path;
    uint64_t r0;          /* first retransmission timer, jiffies */
    uint64_t pto;         /* TLP timeout before it, jiffies; 0 = none */
    int in_flight;        /* packets_out when the peer vanished */
    enum rto_pto_rule pto_rule;   /* the rule that timed it */
    bool pto_capped;      /* the probe was cut to the first RTO */
    uint64_t rto_max;     /* cap of every timer, jiffies */
    enum rtx_backoff backoff;
    bool thin;            /* thin-stream linear timeouts engage */
    uint64_t lin;         /* the thin-stream linear RTO, jiffies */
    int linear;           /* tcp_syn_linear_timeouts (RTX_SYN) */
    bool stamp_at_zero;   /* retrans_stamp is the original send (SYN) */
    int count_limit;      /* give up when the u8 counter reaches it; -1 */
    bool time_test;       /* retransmits_timed_out() applies */
    enum rtx_cmp cmp;     /* its comparison; budgets below are in its unit */
    uint32_t timeout;     /* the budget */
    bool orphan;          /* budget by tcp_orphan_retries(alive) */
    uint32_t orphan_alive, orphan_dead;
    uint32_t ut_ms;       /* TCP_USER_TIMEOUT (replaces the budget), 0 = off */
    uint32_t ut_lim;      /* the same in the comparison's unit */
    bool ut_clamp;        /* the next timer is cut to the user timeout */
    bool retries1;        /* mark the tcp_retries1 route re-lookup */
    uint32_t retries1_lim;
    enum rto_reason time_reason;  /* reason when the time test ends it */
    enum rto_reason count_reason; /* reason when the count ends it */
    int error;            /* errno the socket gets, 0 if nobody sees one */
    int max_firings;      /* where a socket that never gives up is cut */
    struct rto_resume rs; /* a live socket's state to start from */
};

/* A plan with the fields every path shares filled from p. */
void rtx_plan_init(struct rtx_plan *pl, const struct rto_params *p,
                   enum rto_path path);

/* tcp_model_timeout(boundary, base) in the plan's comparison unit. */
uint32_t rtx_budget(const struct rtx_plan *pl, const struct rto_params *p,
                    unsigned boundary, unsigned base_ms);

/* The tail loss probe before the plan's first RTO with its segments in
 * flight: sets pto, pto_rule and pto_capped. */
void rtx_plan_tlp(struct rtx_plan *pl, const struct rto_params *p);

/* The plans of rto_retrans() and rto_orphan(), for p already valid. */
void rtx_plan_retrans(struct rtx_plan *pl, const struct rto_params *p);
void rtx_plan_orphan(struct rtx_plan *pl, const struct rto_params *p);

/* Run the plan: fills t completely (events, summary and window). */
void rtx_simulate(const struct rtx_plan *pl, struct rto_timeline *t);

#endif
