/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dead-peer paths of the other TCP stacks (STACKS.md sections 2 to 8):
 * data retransmission, keepalive, connect, FIN_WAIT_2 and, for lwIP, FreeBSD,
 * XNU and the other BSDs, zero-window probing.  Each fills the same struct
 * rto_timeline as the Linux paths.  Timing: a timer re-armed at each firing
 * can be late by the stack's granularity at each firing, so the latest time of
 * an event adds one granularity per timer before it and the typical time half
 * of that; lwIP's counters run on a periodic slow timer, so its events are
 * only quantized: each lies within one slow tick of its nominal time.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define SEC INT64_C(1000000)
#define MS INT64_C(1000)

/* BSD tcp_backoff[] tables (multipliers) and the old SYN table. */
static const int freebsd_backoff[13] = { 1, 2, 4, 8, 16, 32, 64, 128, 256,
                                         512, 512, 512, 512 };
static const int xnu_backoff[13] = { 1, 2, 4, 8, 16, 32, 64, 64, 64, 64, 64,
                                     64, 64 };
static const int syn_backoff[13] = { 1, 1, 1, 1, 1, 2, 4, 8, 16, 32, 64, 64,
                                     64 };
/* lwIP: tcp_backoff[] holds shift counts; tcp_persist_backoff[] ticks. */
static const int lwip_shift[13] = { 1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7, 7, 7 };
static const int lwip_persist[7] = { 3, 6, 12, 24, 48, 96, 120 };

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* The timeline being built: every event with its latest lateness. */
struct sb {
    struct rto_timeline *t;
    struct rto_stack_run *run;
    int64_t g;            /* lateness of one timer */
};

static void add(struct sb *b, enum rto_event_type type, int n, int64_t at,
                int64_t timer, int64_t next, int64_t late)
{
    struct rto_event *e = rto_timeline_push(b->t, type, n, at);

    if (!e)
        return;
    e->timer_us = timer;
    e->next_us = next;
    e->typical_us = at + late / 2;
    e->latest_us = at + late;
}

/* The give-up at `at` after `count` retransmissions or probes, with its
 * window. */
static void give_up(struct sb *b, int count, int64_t at, int64_t timer,
                    int64_t late, enum rto_reason reason, int error)
{
    struct rto_timeline *t = b->t;

    add(b, RTO_EV_GIVE_UP, count, at, timer, RTO_NONE, late);
    t->reason = reason;
    t->error = error;
    t->retransmissions = t->retransmissions_typical = count;
    t->retransmissions_min = t->retransmissions_max = count;
    t->give_up_us = t->give_up_earliest_us = at;
    t->give_up_typical_us = at + late / 2;
    t->give_up_latest_us = at + late;
}

static void rule(struct sb *b, enum rto_tag tag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void rule(struct sb *b, enum rto_tag tag, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(b->run->rule, sizeof(b->run->rule), fmt, ap);
    va_end(ap);
    b->run->tag = tag;
}

/* A weaker tag than the one recorded lowers it. */
static void weaken(struct sb *b, enum rto_tag tag)
{
    if (tag > b->run->tag)
        b->run->tag = tag;
}

static int64_t rttvar(const struct rto_stack_params *p)
{
    return p->rttvar_us == RTO_NONE ? p->rtt_us / 2 : p->rttvar_us;
}

static int absent(struct sb *b, const char *why)
{
    b->t->reason = RTO_REASON_NOT_MODELLED;
    b->t->not_modelled = why;
    b->run->absent = true;
    b->run->why = why;
    return RTO_ENOTSUP;
}

/* A path the stack has, whose rule its vendor does not document: absent,
 * in words, with what is documented instead as the note. */
static int undocumented(struct sb *b, const char *instead)
{
    b->run->undocumented = true;
    b->run->note = instead;
    b->run->tag = RTO_TAG_DOC;
    return absent(b, "no documented rule");
}

/*
 * Windows FIN_WAIT_2: Microsoft documents a limit only for the stack
 * before Vista, and two different ones: KB 813056 (Windows 2000, XP,
 * Server 2003: "does not permit a connection to remain in a FINWAIT-2
 * status for longer than 300 seconds") and KB 923200 (Server 2003: "must
 * close after ... FIN_WAIT_2 for two minutes").  The 120 s FIN_WAIT_2
 * timer of the TCP chimney offload documentation is what an offload
 * target should use, not the host stack's rule.  No TcpFinWait2Delay or
 * other FIN_WAIT_2 value appears in Microsoft's documentation of the
 * Vista and later stack.
 */
static const char win_fin_wait2[] =
    "Microsoft documents none for Windows Vista and later; for Windows "
    "2000/XP/Server 2003 KB 813056 says 300 s and KB 923200 two minutes";
/*
 * Windows zero window: Microsoft documents no persist-timer schedule and
 * no give-up for zero-window probing, for any version (the
 * TcpMaxDataRetransmissions text covers data segments only).
 */
static const char win_probe0[] =
    "Microsoft documents no zero-window probe schedule or give-up for any "
    "Windows version";

/* ------------------------------------------------------------------ */
/* Data retransmission                                                */
/* ------------------------------------------------------------------ */

/* Events of a retransmission schedule iv[0..n] (iv[k] armed after
 * retransmission k, iv[0] after the send) that gives up at the (n+1)-th
 * firing, or earlier at `cut` (RTO_NONE: no cut) by a timer-based
 * deadline. */
static void schedule(struct sb *b, const int64_t *iv, int n, int64_t cut,
                     bool cut_at_firing, enum rto_reason reason,
                     enum rto_reason cut_reason)
{
    int64_t at = 0, late = 0;

    add(b, RTO_EV_SEND, 0, 0, RTO_NONE, iv[0], 0);
    for (int k = 1; k <= n + 1; k++) {
        int64_t next = at + iv[k - 1];

        if (cut != RTO_NONE && next >= cut) {
            /* A deadline: a timer pulled in to fire at it, or the first
             * firing at or after it. */
            int64_t when = cut_at_firing ? next : cut;
            give_up(b, k - 1, when, when - at, late + b->g, cut_reason,
                    ETIMEDOUT);
            return;
        }
        at = next;
        late += b->g;
        if (k == n + 1)
            break;
        add(b, RTO_EV_RETRANSMIT, k, at, iv[k - 1], iv[k], late);
    }
    give_up(b, n, at, iv[n], late, reason, ETIMEDOUT);
}

static int retrans_bsd(const struct rto_stack_params *p, struct sb *b)
{
    int64_t iv[256];
    int64_t S = p->rtt_us, V = rttvar(p);
    int64_t cap = p->rto_max_us, floor = p->rto_min_us;
    int R = p->retries;
    const int *bo = p->stack == RTO_STACK_FREEBSD ? freebsd_backoff
                                                  : xnu_backoff;
    int64_t B0 = max64(floor, S + 4 * V);
    int64_t B1 = B0;
    int64_t slop = p->slop_us;
    int64_t cut = RTO_NONE;
    bool at_firing = false;
    enum rto_reason cut_reason = RTO_REASON_USER_TIMEOUT;

    if (p->samples == 0)
        B0 = B1 = p->rto_initial_us;
    if (p->stack == RTO_STACK_MACOS)
        /* The clobber at t_rxtshift > 3: srtt = 0, rttvar += srtt / 16. */
        B1 = p->samples ? max64(floor, 4 * V + S / 4) : B0;
    iv[0] = p->samples ? min64(cap, max64(max64(floor, S + 2 * MS), B0 + slop))
                       : B0;
    for (int k = 1; k <= R; k++) {
        int64_t base = k <= 4 ? B0 : B1;
        int64_t v = base * bo[k] + slop;

        if (p->stack == RTO_STACK_NETBSD)
            /* 500 ms slow ticks. */
            v = (v + 499999) / 500000 * 500000;
        iv[k] = min64(cap, max64(floor, v));
    }
    switch (p->stack) {
    case RTO_STACK_FREEBSD:
        rule(b, RTO_TAG_SRC,
             "%d retransmissions (net.inet.tcp.retries): B = max(%g ms, "
             "S + 4V) x tcp_backoff + %g ms slop, cap 64 s",
             R, (double)floor / 1000, (double)slop / 1000);
        if (p->user_timeout_us) {
            cut = p->user_timeout_us;
            rule(b, RTO_TAG_SRC,
                 "TCP_MAXUNACKTIME %g s from the last ACK (the timer is "
                 "pulled in), else %d retransmissions",
                 (double)cut / SEC, R);
        }
        break;
    case RTO_STACK_MACOS:
        rule(b, RTO_TAG_SRC,
             "13th RTO firing (TCP_MAXRXTSHIFT 12): multiplier capped at "
             "64x, 30 ms floor, 200 ms slop, srtt cleared after 4");
        if (p->user_timeout_us) {
            /* Measured from the first RTO, tested at firings. */
            cut = iv[0] + p->user_timeout_us;
            at_firing = true;
            rule(b, RTO_TAG_SRC,
                 "TCP_RXT_CONNDROPTIME %g s after the first RTO, at a "
                 "firing, else the 13th firing",
                 (double)p->user_timeout_us / SEC);
        }
        b->run->open = "a tail loss probe re-arms the first RTO; how "
                       "far that delays it is not modelled";
        break;
    case RTO_STACK_OPENBSD:
    case RTO_STACK_NETBSD:
        rule(b, RTO_TAG_SRC,
             "13th RTO firing: RTO = max(1 s, S + 4V) doubled up to 64x, "
             "cap 64 s%s",
             p->stack == RTO_STACK_NETBSD ? ", in 500 ms ticks" : "");
        if (S + 4 * V > floor)
            b->run->note = "the srtt reset after 3 backoffs is not "
                           "modelled: it matters only when S + 4V > 1 s";
        break;
    default:
        break;
    }
    schedule(b, iv, R, cut, at_firing, RTO_REASON_RETRIES2, cut_reason);
    return RTO_OK;
}

static int retrans_windows(const struct rto_stack_params *p, struct sb *b)
{
    int64_t iv[256];
    int64_t rto0 = max64(p->rto_min_us, p->rtt_us + 4 * rttvar(p));
    int R = p->retries > 250 ? 250 : p->retries;

    for (int k = 0; k <= R; k++)
        iv[k] = min64(p->rto_max_us, rto0 << (k < 30 ? k : 30));
    rule(b, RTO_TAG_DOC,
         "%d retransmissions (TcpMaxDataRetransmissions), RTO doubling "
         "from max(MinRto %g ms, S + 4V), cap 60 s",
         p->retries, (double)p->rto_min_us / 1000);
    weaken(b, RTO_TAG_REC);
    b->run->open = "the RTO floor of the profile in use (300 ms "
                   "assumed) and the RTO estimator are not documented";
    if (p->user_timeout_us)
        rule(b, RTO_TAG_REC,
             "TCP_MAXRT %g s from the original send (reference point not "
             "documented), else %d retransmissions",
             (double)p->user_timeout_us / SEC, p->retries);
    schedule(b, iv, R, p->user_timeout_us ? p->user_timeout_us : RTO_NONE,
             false, RTO_REASON_RETRIES2, RTO_REASON_USER_TIMEOUT);
    return RTO_OK;
}

/* lwIP's slow tick in microseconds. */
static int64_t slow_tick(const struct rto_stack_params *p)
{
    return 2 * p->tick_us;
}

int rto_lwip_rto_ticks(const struct rto_stack_params *p)
{
    int64_t T = slow_tick(p);
    int sa = 0, sv = (int)(p->rto_initial_us / T);
    int m0 = (int)(p->rtt_us / T);

    /* tcp_receive(): the VJ estimator in s16 slow ticks, from sa = 0 and
     * sv = LWIP_TCP_RTO_TIME / TCP_SLOW_INTERVAL (tcp_alloc()). */
    if (p->samples == 0)
        return sv;
    for (int i = 0; i < p->samples; i++) {
        int m = m0 - (sa >> 3);
        sa += m;
        if (m < 0)
            m = -m;
        m = m - (sv >> 2);
        sv += m;
    }
    return (sa >> 3) + sv;
}

/* lwIP events at slow-tick index k (1 = the first tick after time zero):
 * nominal just after time zero's tick, latest one tick later. */
static void lwip_add(struct sb *b, enum rto_event_type type, int n, long k,
                     int64_t timer, int64_t next)
{
    add(b, type, n, (k - 1) * b->g, timer, next, b->g);
}

static void lwip_give_up(struct sb *b, int count, long k, int64_t timer,
                         enum rto_reason reason, int error)
{
    give_up(b, count, (k - 1) * b->g, timer, b->g, reason, error);
}

static int retrans_lwip(const struct rto_stack_params *p, struct sb *b)
{
    int64_t T = slow_tick(p);
    long base = rto_lwip_rto_ticks(p), rto = base, k = 0;

    add(b, RTO_EV_SEND, 0, 0, RTO_NONE, rto * T, 0);
    for (int n = 1; n <= p->retries; n++) {
        long next;
        k += rto;
        /* The backoff index is nrtx before this retransmission. */
        next = base << lwip_shift[n - 1 < 12 ? n - 1 : 12];
        if (next > 0x7FFF)
            next = 0x7FFF;
        lwip_add(b, RTO_EV_RETRANSMIT, n, k, rto * T,
                 n < p->retries ? next * T : T);
        rto = next;
    }
    /* nrtx >= TCP_MAXRTX at the top of the next slow tick: no RST. */
    lwip_give_up(b, p->retries, k + 1, T, RTO_REASON_RETRIES2, ECONNABORTED);
    rule(b, RTO_TAG_SRC,
         "one slow tick after retransmission %d (TCP_MAXRTX): RTO %ld ticks "
         "shifted by tcp_backoff[] (x2 .. x128), no cap below 0x7FFF",
         p->retries, base);
    b->run->note = "lwIP aborts without a RST (ERR_ABRT)";
    return RTO_OK;
}

static int retrans_illumos(const struct rto_stack_params *p, struct sb *b,
                           int64_t base, int64_t abort, bool syn)
{
    int64_t iv[256];
    int64_t first = max64(p->rto_min_us, base), waited = 0;
    int n = 0;

    /* tcp_timer(): each armed interval but the first adds to
     * tcp_ms_we_have_waited; a firing past the threshold drops. */
    iv[0] = first;
    {
        int64_t ms = first;
        while (n < 250 && (abort == 0 ? n < 12 : waited <= abort)) {
            ms = min64(p->rto_max_us, ms * 2);
            iv[++n] = ms;
            waited += ms;
        }
    }
    if (abort == 0) {
        /* Retransmits forever: show the first firings. */
        int64_t at = 0;
        add(b, RTO_EV_SEND, 0, 0, RTO_NONE, iv[0], 0);
        for (int k = 1; k <= n; k++) {
            at += iv[k - 1];
            add(b, RTO_EV_RETRANSMIT, k, at, iv[k - 1], iv[k], k * b->g);
        }
        b->t->reason = RTO_REASON_NONE;
        rule(b, RTO_TAG_SRC, "never: a threshold of 0 retransmits forever");
        return RTO_OK;
    }
    schedule(b, iv, n, RTO_NONE, false,
             syn ? RTO_REASON_SYN_TIME
                 : p->user_timeout_us ? RTO_REASON_USER_TIMEOUT
                                      : RTO_REASON_RETRIES2,
             RTO_REASON_NONE);
    rule(b, RTO_TAG_SRC,
         "first firing with the RTOs armed since the first past %s %g s "
         "(RTO from %g ms doubling, cap %g s)",
         syn ? "_ip_abort_cinterval"
             : p->user_timeout_us ? "TCP_ABORT_THRESHOLD"
                                  : "_ip_abort_interval",
         (double)abort / SEC, (double)first / 1000,
         (double)p->rto_max_us / SEC);
    if (p->version == 10)
        weaken(b, RTO_TAG_DOC);
    return RTO_OK;
}

/* illumos inet/tcp/tcp_input.c tcp_set_rto(): sd never below TCP_SD_MIN
 * (400 ms, "the minimum of mean deviation is 100 ms"). */
#define ILLUMOS_SD_MIN_MS 400

/*
 * The illumos RTO base (sa >> 3) + sd + (sa >> 5) of tcp_set_rto() and
 * tcp_timer(), in milliseconds.  tcp_set_rto() (tcp_input.c as read,
 * clock_t samples) takes m = TICK_TO_MSEC() of the sample in clock ticks,
 * so the RTT counts in whole ticks (1 ms at 10 ms ticks is 0); the first
 * sample sets sa = 8 m and sd = 2 m (V = m / 2), an explicit rttvar V is
 * sd = 4 V, and sd is raised to TCP_SD_MIN.  Newer trees stamp segments
 * with gethrtime() (tcp_output.c tcp_wput_data()), which would drop the
 * tick rounding: at RTT 1 ms the base would be 401 ms instead of 400.
 * Before any sample tcp_init_values() sets sa = 4 x initial, sd =
 * initial / 2, with no floor.
 */
static int64_t illumos_base(const struct rto_stack_params *p, bool syn)
{
    int64_t tick = p->tick_us > 0 ? p->tick_us : 1;
    int64_t m = p->rtt_us / tick * tick / MS, sd;

    if (syn || p->samples == 0)
        return p->rto_initial_us + p->rto_initial_us / 8;
    sd = p->rttvar_us == RTO_NONE ? 2 * m : 4 * p->rttvar_us / MS;
    return (m + max64(ILLUMOS_SD_MIN_MS, sd) + ((8 * m) >> 5)) * MS;
}

/* ------------------------------------------------------------------ */
/* connect()                                                          */
/* ------------------------------------------------------------------ */

/* SYNs every iv[k] until the keepinit deadline or the count. */
static void syn_deadline(struct sb *b, const int64_t *iv, int n,
                         int64_t deadline, int64_t g_deadline)
{
    int64_t at = 0, late = 0;

    add(b, RTO_EV_SEND, 0, 0, RTO_NONE, iv[0], 0);
    for (int k = 1; k <= n; k++) {
        if (at + iv[k - 1] >= deadline)
            break;
        at += iv[k - 1];
        late += b->g;
        add(b, RTO_EV_RETRANSMIT, k, at, iv[k - 1], iv[k], late);
    }
    /* The connection-establishment timer, armed once at the connect. */
    give_up(b, b->t->count ? (int)b->t->count - 1 : 0, deadline, deadline,
            g_deadline, RTO_REASON_SYN_TIME, ETIMEDOUT);
}

static int syn_bsd(const struct rto_stack_params *p, struct sb *b)
{
    int64_t iv[16];
    int64_t init = p->rto_initial_us, g_keep = b->g;

    for (int k = 0; k <= 12; k++) {
        int64_t v;
        switch (p->stack) {
        case RTO_STACK_FREEBSD:
            v = p->version <= 12 ? init * syn_backoff[k]
                                 : init * freebsd_backoff[k];
            if (k)
                v += p->slop_us;
            break;
        case RTO_STACK_MACOS:
            v = init * syn_backoff[k];
            break;
        default:
            v = init * xnu_backoff[k];
            break;
        }
        iv[k] = min64(p->rto_max_us, v);
    }
    if (p->stack == RTO_STACK_MACOS)
        g_keep = 500 * MS;  /* the KEEP timer is a 500 ms timer */
    syn_deadline(b, iv, 12, p->keep_init_us, g_keep);
    switch (p->stack) {
    case RTO_STACK_FREEBSD:
        rule(b, RTO_TAG_SRC,
             "keepinit %g s; SYN RTO %g s x %s + slop",
             (double)p->keep_init_us / SEC, (double)init / SEC,
             p->version <= 12 ? "tcp_syn_backoff" : "tcp_backoff");
        break;
    case RTO_STACK_MACOS:
        rule(b, RTO_TAG_SRC,
             "keepinit %g s (TCP_CONNECTIONTIMEOUT); SYN RTO 1 s x "
             "tcp_syn_backoff (1,1,1,1,1,2,4,...), no slop",
             (double)p->keep_init_us / SEC);
        break;
    default:
        rule(b, RTO_TAG_SRC, "keepinit %g s; SYN RTO %g s doubling",
             (double)p->keep_init_us / SEC, (double)init / SEC);
        if (p->stack == RTO_STACK_NETBSD)
            weaken(b, RTO_TAG_DOC);
        break;
    }
    return RTO_OK;
}

static int syn_windows(const struct rto_stack_params *p, struct sb *b)
{
    int64_t iv[16];
    int N = p->syn_retries;
    bool observed = p->version >= 10 && N == 4
                    && p->rto_initial_us == 1 * SEC;

    for (int k = 0; k <= N; k++)
        iv[k] = min64(p->rto_max_us, p->rto_initial_us << k);
    if (observed) {
        /* SYNs at 0, 1, 3, 7 and 15 s, WSAETIMEDOUT at 21 s: measured
         * (speasy PR #344, nmap #2113); doubling would say 31 s. */
        iv[4] = 6 * SEC;
        schedule(b, iv, N, RTO_NONE, false, RTO_REASON_SYN_RETRIES,
                 RTO_REASON_NONE);
        rule(b, RTO_TAG_ISSUE,
             "21 s as measured with MaxSynRetransmissions 4 (SYNs at 0, 1, "
             "3, 7, 15 s); the rule behind it is unknown");
        b->run->open = "the rule behind the 21 s connect "
                       "timeout (doubling would give 31 s)";
        return RTO_OK;
    }
    schedule(b, iv, N, RTO_NONE, false, RTO_REASON_SYN_RETRIES,
             RTO_REASON_NONE);
    rule(b, p->version >= 10 ? RTO_TAG_ISSUE : RTO_TAG_DOC,
         "one RTO after SYN retransmission %d (MaxSynRetransmissions), RTO "
         "%g s doubling, cap 60 s",
         N, (double)p->rto_initial_us / SEC);
    return RTO_OK;
}

static int syn_lwip(const struct rto_stack_params *p, struct sb *b)
{
    int64_t T = slow_tick(p);
    long rto = (long)(p->rto_initial_us / T);

    add(b, RTO_EV_SEND, 0, 0, RTO_NONE, rto * T, 0);
    for (int n = 1; n <= p->syn_retries; n++)
        lwip_add(b, RTO_EV_RETRANSMIT, n, n * rto, rto * T,
                 n < p->syn_retries ? rto * T : T);
    lwip_give_up(b, p->syn_retries, p->syn_retries * rto + 1, T,
                 RTO_REASON_SYN_RETRIES, ECONNABORTED);
    rule(b, RTO_TAG_SRC,
         "one slow tick after SYN retransmission %d (TCP_SYNMAXRTX); the "
         "SYN RTO (%ld ticks) is not backed off",
         p->syn_retries, rto);
    return RTO_OK;
}

/* ------------------------------------------------------------------ */
/* Keepalive                                                          */
/* ------------------------------------------------------------------ */

static void probes(struct sb *b, int64_t idle, int64_t intvl, int cnt,
                   bool rst, enum rto_tag tag)
{
    int64_t late = 0;

    for (int j = 0; j < cnt; j++) {
        late += b->g;
        add(b, RTO_EV_PROBE, j + 1, idle + j * intvl, j ? intvl : idle,
            intvl, late);
    }
    late += b->g;
    if (rst)
        add(b, RTO_EV_RST, cnt, idle + cnt * intvl, cnt ? intvl : idle,
            RTO_NONE, late);
    give_up(b, cnt, idle + cnt * intvl, cnt ? intvl : idle, late,
            RTO_REASON_KEEPALIVE_PROBES, ETIMEDOUT);
    b->run->tag = tag;
}

static int keepalive_lwip(const struct rto_stack_params *p, struct sb *b)
{
    int64_t T = slow_tick(p), Tms = T / 1000;
    int64_t idle = p->keep_idle_us / 1000, intvl = p->keep_intvl_us / 1000;
    long abort_k = (long)((idle + p->keep_cnt * intvl) / Tms + 1), k = 0;
    int sent = 0;

    /* lwIP 2.1.3 tcp_slowtmr() (src/core/tcp.c), once per slow tick with
     * d = tcp_ticks - pcb->tmr: first the abort, when
     * d > (keep_idle + keep_cnt * keep_intvl) / TCP_SLOW_INTERVAL (with a
     * RST); else a probe, when
     * d > (keep_idle + keep_cnt_sent * keep_intvl) / TCP_SLOW_INTERVAL,
     * and keep_cnt_sent++.  So at most one probe per tick: probe j leaves
     * at the first tick after probe j - 1 that passes its threshold, and
     * with keep_intvl under a slow tick the abort can come before
     * keep_cnt probes have left. */
    for (int j = 0; j < p->keep_cnt; j++) {
        long due = (long)((idle + j * intvl) / Tms + 1);

        k = due > k + 1 ? due : k + 1;
        if (k >= abort_k)
            break;
        sent++;
        lwip_add(b, RTO_EV_PROBE, j + 1, k, RTO_NONE, RTO_NONE);
    }
    lwip_add(b, RTO_EV_RST, sent, abort_k, RTO_NONE, RTO_NONE);
    lwip_give_up(b, sent, abort_k, RTO_NONE, RTO_REASON_KEEPALIVE_PROBES,
                 ECONNABORTED);
    rule(b, RTO_TAG_SRC,
         "idle > TCP_KEEPIDLE_DEFAULT + %d x TCP_KEEPINTVL_DEFAULT, in "
         "whole slow ticks; abort with a RST",
         p->keep_cnt);
    if (sent < p->keep_cnt)
        b->run->note = "at most one probe per slow tick, and the abort is "
                       "checked first: fewer probes than TCP_KEEPCNT_DEFAULT";
    return RTO_OK;
}

static int keepalive_illumos(const struct rto_stack_params *p, struct sb *b)
{
    int64_t I = p->keep_idle_us, limit = I + p->keep_abort_us;
    int64_t rto = max64(p->rto_min_us, illumos_base(p, false));
    int64_t cap = min64(I - MS, p->rto_max_us);
    int64_t at = I, step = rto, prev = I, late = b->g;
    int n = 0;

    /* tcp_keepalive_timer(): a probe at the idle time, then every
     * tcp_rto doubling up to min(idle - 1 ms, rto_max); killed at the
     * first firing past idle + _keepalive_abort_interval. */
    while (at <= limit && n < 1000) {
        n++;
        add(b, RTO_EV_PROBE, n, at, prev, step, late);
        at += step;
        late += b->g;
        prev = step;
        step = min64(cap, step * 2);
    }
    give_up(b, n, at, prev, late, RTO_REASON_KEEPALIVE_PROBES, ETIMEDOUT);
    rule(b, RTO_TAG_SRC,
         "first firing past _keepalive_interval + _keepalive_abort_interval"
         " (%g s); probes every RTO, doubling up to %g s",
         (double)limit / SEC, (double)cap / SEC);
    return RTO_OK;
}

/* ------------------------------------------------------------------ */
/* The paths                                                          */
/* ------------------------------------------------------------------ */

static int retrans(const struct rto_stack_params *p, struct sb *b)
{
    switch (p->stack) {
    case RTO_STACK_WINDOWS: return retrans_windows(p, b);
    case RTO_STACK_LWIP: return retrans_lwip(p, b);
    case RTO_STACK_ILLUMOS:
        return retrans_illumos(p, b, illumos_base(p, false),
                               p->user_timeout_us ? p->user_timeout_us
                                                  : p->abort_us, false);
    default: return retrans_bsd(p, b);
    }
}

static int keepalive(const struct rto_stack_params *p, struct sb *b)
{
    switch (p->stack) {
    case RTO_STACK_LWIP: return keepalive_lwip(p, b);
    case RTO_STACK_ILLUMOS: return keepalive_illumos(p, b);
    case RTO_STACK_WINDOWS:
        probes(b, p->keep_idle_us, p->keep_intvl_us, p->keep_cnt, false,
               RTO_TAG_DOC);
        rule(b, RTO_TAG_DOC, "KeepAliveTime + %d x KeepAliveInterval "
             "(10 probes, fixed from Vista on)", p->keep_cnt);
        b->run->open = "is the drop at the last probe or one "
                       "interval after it (7209 or 7210 s at defaults)?";
        weaken(b, RTO_TAG_REC);
        return RTO_OK;
    default:
        if (p->stack == RTO_STACK_MACOS)
            b->g = 500 * MS;    /* KEEP is a 500 ms timer */
        probes(b, p->keep_idle_us, p->keep_intvl_us, p->keep_cnt, true,
               RTO_TAG_SRC);
        rule(b, p->stack == RTO_STACK_NETBSD ? RTO_TAG_REC : RTO_TAG_SRC,
             "keepidle + %d x keepintvl (%s)", p->keep_cnt,
             p->stack == RTO_STACK_OPENBSD ? "TCPTV_KEEPCNT, compile-time"
                                           : "keepcnt");
        if (p->always_keepalive)
            b->run->note = "always_keepalive: every connection, with "
                           "SO_KEEPALIVE or not";
        else
            b->run->note = "only with SO_KEEPALIVE (always_keepalive 0)";
        return RTO_OK;
    }
}

static int syn(const struct rto_stack_params *p, struct sb *b)
{
    switch (p->stack) {
    case RTO_STACK_WINDOWS: return syn_windows(p, b);
    case RTO_STACK_LWIP: return syn_lwip(p, b);
    case RTO_STACK_ILLUMOS:
        return retrans_illumos(p, b, illumos_base(p, true), p->conn_abort_us,
                               true);
    default: return syn_bsd(p, b);
    }
}

static int fin_wait2(const struct rto_stack_params *p, struct sb *b)
{
    int64_t at;
    enum rto_tag tag = RTO_TAG_SRC;
    const char *what;

    switch (p->stack) {
    case RTO_STACK_WINDOWS:
        return undocumented(b, win_fin_wait2);
    case RTO_STACK_LWIP: {
        long k = (long)(p->fin_wait2_us / slow_tick(p) + 1);
        lwip_give_up(b, 0, k, RTO_NONE, RTO_REASON_FIN_TIMEOUT, 0);
        rule(b, RTO_TAG_SRC, "TCP_FIN_WAIT_TIMEOUT %g s in whole slow "
             "ticks (only once fully closed)",
             (double)p->fin_wait2_us / SEC);
        /* Time zero is pcb->tmr, the last segment received before
         * tcp_close(), not the FIN's ACK: tcp_close() sets TF_RXCLOSED,
         * and tcp_process() (src/core/tcp_in.c) then stops updating tmr.
         * Measured so against lwIP 2.1.3 (tests/lwip, fin-wait2). */
        return RTO_OK;
    }
    case RTO_STACK_FREEBSD:
    case RTO_STACK_OPENBSD:
    case RTO_STACK_NETBSD:
        /* tcp_timer_2msl(): armed for tcp_maxidle when FIN_WAIT_2 is
         * reached after close(); a firing with idle <= maxidle re-arms for
         * keepintvl.  Callouts fire on the next tick, so the first firing
         * normally sees idle > maxidle and closes; one that sees exactly
         * maxidle closes a keepintvl later: the window's end. */
        at = p->keep_cnt * p->keep_intvl_us;
        give_up(b, 0, at, at, p->keep_intvl_us + 2 * b->g,
                RTO_REASON_FIN_TIMEOUT, 0);
        b->t->give_up_typical_us = at + b->g / 2;
        if (b->t->count)
            b->t->events[b->t->count - 1].typical_us = at + b->g / 2;
        rule(b, p->stack == RTO_STACK_FREEBSD ? RTO_TAG_SRC : RTO_TAG_REC,
             "keepcnt x keepintvl (tcp_maxidle) of silence, %g s; a firing "
             "at exactly that idle time re-arms for keepintvl",
             (double)at / SEC);
        return RTO_OK;
    default:
        at = p->fin_wait2_us;
        what = p->stack == RTO_STACK_MACOS ? "net.inet.tcp.fin_timeout"
                                           : "_fin_wait_2_flush_interval";
        break;
    }
    give_up(b, 0, at, at, b->g, RTO_REASON_FIN_TIMEOUT, 0);
    rule(b, tag, "%s, %g s", what, (double)at / SEC);
    return RTO_OK;
}

/*
 * FreeBSD, XNU, OpenBSD and NetBSD persist (zero-window) timer.
 * tcp_setpersist() (FreeBSD sys/netinet/tcp_output.c, XNU
 * bsd/netinet/tcp_output.c): t = ((t_srtt >> 2) + t_rttvar) >> 1 with t_srtt
 * scaled by 32 and t_rttvar by 16, so t = 4 S + 8 V; the interval is
 * TCPT_RANGESET(t x tcp_backoff[t_rxtshift], 5 s, 60 s) (FreeBSD adds the
 * rexmit slop before clamping, XNU passes addslop 0), then t_rxtshift++ up to
 * TCP_MAXRXTSHIFT.  Time zero is the zero-window ACK (t_rcvtime), when
 * tcp_output() first calls tcp_setpersist().  At each firing (FreeBSD
 * tcp_timer_persist(), XNU tcp_timers() TCPT_PERSIST): drop when t_rxtshift >=
 * net.inet.tcp.retries (XNU: == TCP_MAXRXTSHIFT) and the idle time reaches
 * tcp_maxpersistidle (2 h) or TCP_REXMTVAL x tcp_totbackoff (2559, XNU 511);
 * else a probe and tcp_setpersist().  OpenBSD (sys/netinet/tcp_output.c
 * tcp_setpersist(), tcp_timer.c tcp_timer_persist()): the same, with
 * t = ((t_srtt >> 2) + t_rttvar) >> (1 + TCP_RTT_BASE_SHIFT) raised to
 * t_rttmin (1 s), no slop, the drop at t_rxtshift == TCP_MAXRXTSHIFT and
 * idle >= max(TCP_REXMTVAL, t_rttmin) x 511.  NetBSD (tcp_output.c
 * tcp_setpersist(), tcp_timer.c tcp_timer_persist()) has the same code
 * with >> (1 + 2), in 500 ms slow ticks.
 */
static int probe0_bsd(const struct rto_stack_params *p, struct sb *b)
{
    bool fb = p->stack == RTO_STACK_FREEBSD;
    bool ob = p->stack == RTO_STACK_OPENBSD
              || p->stack == RTO_STACK_NETBSD;
    const int *bo = fb ? freebsd_backoff : xnu_backoff;
    int64_t S = p->rtt_us, V = rttvar(p);
    int64_t slop = fb ? p->slop_us : 0;
    int64_t persmin = 5 * SEC, persmax = 60 * SEC, idle_max = 7200 * SEC;
    int64_t thr, t, iv, at = 0, late = 0;
    int R = fb ? p->retries : 12, shift = 0;
    int64_t cut = fb && p->user_timeout_us ? p->user_timeout_us : RTO_NONE;

    if (p->samples == 0) {
        /* tcp_newtcpcb(): srtt 0, rttvar a quarter of the initial RTO. */
        S = 0;
        V = p->rto_initial_us / 4;
    }
    thr = max64(p->rto_min_us, S + 4 * V) * (fb ? 2559 : 511);
    t = 4 * S + 8 * V;
    if (ob)
        /* srtt scaled by 8 and rttvar by 4 (4.4BSD), so S + 2V. */
        t = max64(p->rto_min_us, p->stack == RTO_STACK_NETBSD
                                     ? (S + 2 * V) / 500000 * 500000
                                     : S + 2 * V);
    else if (!fb)
        b->g = 500 * MS;        /* PERSIST is a 500 ms timer */
    iv = min64(persmax, max64(persmin, t * bo[shift] + slop));
    shift++;
    add(b, RTO_EV_SEND, 0, 0, RTO_NONE, iv, 0);
    for (int n = 1; n < 100000; n++) {
        int64_t prev = iv;

        at += iv;
        late += b->g;
        if (cut != RTO_NONE && at >= cut) {
            give_up(b, n - 1, at, prev, late, RTO_REASON_USER_TIMEOUT,
                    ETIMEDOUT);
            break;
        }
        if (shift >= R && (at >= idle_max || at >= thr)) {
            give_up(b, n - 1, at, prev, late, RTO_REASON_PROBES, ETIMEDOUT);
            break;
        }
        iv = min64(persmax, max64(persmin, t * bo[shift] + slop));
        if (shift < 12)
            shift++;
        add(b, RTO_EV_PROBE, n, at, prev, iv, late);
    }
    if (fb) {
        rule(b, RTO_TAG_SRC,
             "first persist firing after %d backoffs (net.inet.tcp.retries) "
             "with idle >= min(2 h, max(%g ms, S + 4V) x 2559) = %g s; "
             "probes (4S + 8V) x tcp_backoff + %g ms slop, in [5 s, 60 s]",
             R, (double)p->rto_min_us / 1000, (double)min64(thr, idle_max)
             / SEC, (double)slop / 1000);
        if (cut != RTO_NONE) {
            rule(b, RTO_TAG_SRC,
                 "TCP_MAXUNACKTIME %g s, at the first persist firing at or "
                 "after it, else the persist give-up",
                 (double)cut / SEC);
            b->run->open = "TCP_MAXUNACKTIME counts from the last ACK that "
                           "advanced snd_una, taken here as the zero-window "
                           "ACK";
        }
    } else if (ob) {
        rule(b, RTO_TAG_SRC,
             "first persist firing after 12 backoffs (TCP_MAXRXTSHIFT) with "
             "idle >= min(2 h, max(%g s, S + 4V) x 511) = %g s; probes "
             "max(1 s, S + 2V) x tcp_backoff, in [5 s, 60 s]%s",
             (double)p->rto_min_us / SEC,
             (double)min64(thr, idle_max) / SEC,
             p->stack == RTO_STACK_NETBSD ? ", in 500 ms ticks" : "");
        if (S + 2 * V > p->rto_min_us)
            b->run->open = "the srtt and rttvar scaling behind S + 2V is "
                           "assumed (4.4BSD's); at RTT under 1 s the 1 s "
                           "floor decides";
    } else {
        rule(b, RTO_TAG_SRC,
             "first persist firing after 12 backoffs (TCP_MAXRXTSHIFT) with "
             "idle >= min(2 h, max(%g ms, S + 4V) x 511) = %g s; probes "
             "(4S + 8V) x tcp_backoff, in [5 s, 60 s], no slop",
             (double)p->rto_min_us / 1000,
             (double)min64(thr, idle_max) / SEC);
        b->run->note = "PERSIST_TIMEOUT (net.inet.tcp.max_persist_timeout, "
                       "default 0) is not modelled";
    }
    if (p->samples == 0)
        weaken(b, RTO_TAG_REC);
    return RTO_OK;
}

/*
 * illumos zero-window probing, which runs on the retransmit timer
 * (usr/src/uts/common/inet/tcp/tcp_timers.c tcp_timer(), tcp_output.c
 * tcp_wput_data(), tcp_input.c tcp_input_data()).  Time zero is the ACK
 * that acknowledges everything sent and closes the window: it takes an
 * RTT sample (tcp_set_rto(): tcp_rto = base clamped to [rto_min,
 * rto_max], tcp_timer_backoff = 0) and stamps tcp_last_recv_time;
 * tcp_wput_data() can send nothing and, as snxt == suna and swnd == 0,
 * arms the timer for tcp_rto.  First firing: nothing is outstanding and
 * data is unsent, so tcp_timer() opens swnd by one byte, sets
 * tcp_zero_win_probe and tcp_wput_data() sends the one-byte probe and
 * re-arms tcp_rto, with no backoff and nothing added to
 * tcp_ms_we_have_waited.  Each later firing retransmits that byte as a
 * data retransmission: tcp_timer_backoff++, the interval max(base,
 * rto_min) << backoff capped at rto_max (tcp_rto itself is left alone
 * while probing) is added to tcp_ms_we_have_waited.  A firing that finds
 * tcp_ms_we_have_waited > the second threshold (_ip_abort_interval, or
 * TCP_ABORT_THRESHOLD) drops the connection (tcp_clean_death(ETIMEDOUT))
 * if nothing was received for longer than that threshold: with a dead
 * peer the idle time since the window closed is the waited time plus the
 * two first intervals, so the first such firing drops.  (A threshold of
 * 0, dont_timeout, would probe forever; _ip_abort_interval is at least
 * 500 ms and TCP_ABORT_THRESHOLD 0 stands for the property here.)  The
 * "first threshold" reset of the RTT estimate is skipped while probing.
 */
static int probe0_illumos(const struct rto_stack_params *p, struct sb *b)
{
    int64_t base = illumos_base(p, false);
    int64_t rto = min64(p->rto_max_us, max64(p->rto_min_us, base));
    int64_t ms = max64(p->rto_min_us, base);
    int64_t abort = p->user_timeout_us ? p->user_timeout_us : p->abort_us;
    int64_t at = rto, late = b->g, waited = 0, iv = rto;
    int n = 1;

    add(b, RTO_EV_SEND, 0, 0, RTO_NONE, rto, 0);
    add(b, RTO_EV_PROBE, 1, at, rto, rto, late);
    for (;;) {
        int64_t prev = iv;

        at += iv;
        late += b->g;
        if (waited > abort) {
            give_up(b, n, at, prev, late, p->user_timeout_us
                        ? RTO_REASON_USER_TIMEOUT : RTO_REASON_PROBES,
                    ETIMEDOUT);
            break;
        }
        ms = min64(p->rto_max_us, ms * 2);
        waited += ms;
        iv = ms;
        n++;
        add(b, RTO_EV_PROBE, n, at, prev, iv, late);
    }
    rule(b, RTO_TAG_SRC,
         "first firing with the probe intervals since the second past %s "
         "%g s; probes at RTO %g ms, then doubling from %g ms, cap %g s",
         p->user_timeout_us ? "TCP_ABORT_THRESHOLD" : "_ip_abort_interval",
         (double)abort / SEC, (double)rto / 1000,
         (double)max64(p->rto_min_us, base) * 2 / 1000,
         (double)p->rto_max_us / SEC);
    if (p->version == 10)
        weaken(b, RTO_TAG_DOC);
    return RTO_OK;
}

static int probe0(const struct rto_stack_params *p, struct sb *b)
{
    long k = 0;

    if (p->stack == RTO_STACK_WINDOWS)
        return undocumented(b, win_probe0);
    if (p->stack == RTO_STACK_FREEBSD || p->stack == RTO_STACK_MACOS
        || p->stack == RTO_STACK_OPENBSD || p->stack == RTO_STACK_NETBSD)
        return probe0_bsd(p, b);
    if (p->stack == RTO_STACK_ILLUMOS)
        return probe0_illumos(p, b);
    /* tcp_slowtmr(): a probe each time persist_cnt reaches
     * tcp_persist_backoff[], dropped once persist_probe >= TCP_MAXRTX. */
    add(b, RTO_EV_SEND, 0, 0, RTO_NONE, RTO_NONE, 0);
    for (int n = 1; n <= p->retries; n++) {
        k += lwip_persist[n - 1 < 6 ? n - 1 : 6];
        lwip_add(b, RTO_EV_PROBE, n, k, RTO_NONE, RTO_NONE);
    }
    lwip_give_up(b, p->retries, k + 1, RTO_NONE, RTO_REASON_PROBES,
                 ECONNABORTED);
    rule(b, RTO_TAG_SRC, "one slow tick after zero-window probe %d "
         "(TCP_MAXRTX); probes 3, 6, 12 .. 120 ticks apart", p->retries);
    return RTO_OK;
}

int rto_stack_path(const struct rto_stack_params *p, enum rto_path path,
                   struct rto_timeline *t, struct rto_stack_run *run)
{
    struct rto_stack_run local;
    struct sb b;
    int err;

    if (!run)
        run = &local;
    memset(run, 0, sizeof(*run));
    rto_timeline_init(t, t->events, t->cap);
    t->path = path;
    if ((err = rto_stack_params_validate(p, NULL)))
        return err;
    run->stack = p->stack;
    run->version = p->version;
    run->granularity_us = p->stack == RTO_STACK_LWIP ? slow_tick(p)
                                                     : p->tick_us;
    b.t = t;
    b.run = run;
    b.g = run->granularity_us;
    switch (path) {
    case RTO_PATH_RETRANS: err = retrans(p, &b); break;
    case RTO_PATH_KEEPALIVE: err = keepalive(p, &b); break;
    case RTO_PATH_SYN: err = syn(p, &b); break;
    case RTO_PATH_FIN_WAIT2: err = fin_wait2(p, &b); break;
    case RTO_PATH_PROBE0: err = probe0(p, &b); break;
    case RTO_PATH_SYNACK:
        err = absent(&b, "a listener's SYN-ACK is not modelled for this "
                         "stack");
        break;
    case RTO_PATH_ORPHAN:
        err = absent(&b, "an orphan's retransmissions are not modelled for "
                         "this stack");
        break;
    default: return RTO_EINVAL;
    }
    if (t->count && t->events[0].type == RTO_EV_SEND)
        t->initial_rto_us = t->events[0].next_us;
    run->granularity_us = b.g;
    return err;
}
