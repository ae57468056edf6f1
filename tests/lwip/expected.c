/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The expected lwIP events, derived by hand from the rules of STACKS.md
 * section 5 and checked line by line against the lwIP 2.1.3 source
 * (lwip-tcpip/lwip tag STABLE-2_1_3_RELEASE, the source Debian's liblwip
 * 2.1.3+dfsg1-2 is built from: no Debian patch touches src/core/tcp*.c or
 * timeouts.c).  The harness holds lwIP to the model's timeline too
 * (model.c); these tables stay as the check that does not come from the
 * model.
 *
 * Clock.  tcp_connect() runs at 0 ms and arms tcpip_tcp_timer() 250 ms
 * later (tcp_timer_needed(), src/core/timeouts.c); it re-arms every
 * TCP_TMR_INTERVAL = 250 ms while a pcb exists, and tcp_tmr() runs
 * tcp_slowtmr() on its odd calls (src/core/tcp.c).  So slow tick j >= 1
 * runs at 500 j - 250 ms and leaves tcp_ticks = j: ticks at 250, 750,
 * 1250, ...  A segment received at t ms reads tcp_ticks = (t + 250) / 500
 * (integer division).
 *
 * RTT estimator (tcp_receive(), src/core/tcp_in.c), in ticks, starting
 * from sa = 0, sv = rto = 3000 / 500 = 6 (tcp_alloc(); 2.1.3 has no
 * LWIP_TCP_RTO_TIME): m -= sa >> 3; sa += m; m = |m| - (sv >> 2); sv += m;
 * rto = (sa >> 3) + sv.  The SYN is timed only if tcp_ticks != 0 when it
 * leaves (rttest == 0 means "not timing"); it is 0 at the first
 * connect of a fresh stack, so only retrans-syn-timed times its SYN.  The
 * SYN-ACK is never sampled in SYN_SENT.  Each data write at W ms is then
 * timed from tick (W + 250) / 500 and its ACK at W + rtt gives m = the
 * ticks between.
 *   rtt 20 ms (writes at 2100, 5100, 8100): m = 0 each time;
 *     sv 6 -> 5 -> 4 -> 3, sa stays 0: b = 5 after one sample, 3 after 3.
 *   rtt 1200 ms (write 2100 at tick 4, ACK 3300 at tick 7): m = 3;
 *     sa = 3, sv = 6 + 3 - (6 >> 2) = 8, rto = (3 >> 3) + 8 = 8.
 *
 * Retransmission (tcp_slowtmr()): rtime = 0 when the segment leaves and
 * +1 per tick; the RTO fires at rtime >= rto, then
 * rto = b << tcp_backoff[nrtx] with nrtx counted before this firing,
 * tcp_backoff = {1,2,3,4,5,6,7,7,...}; so after a write at W the first
 * retransmission is at the b-th tick after W and the next intervals are
 * 2b, 4b, 8b, 16b, 32b, 64b, 128b x 5 ticks.  At the top of the tick
 * after the 12th retransmission nrtx >= TCP_MAXRTX = 12 removes the pcb
 * with ERR_ABRT and no RST.  In SYN_SENT rto is not backed off and the
 * limit is TCP_SYNMAXRTX = 6.
 */
#include <string.h>

#include "lwip_harness.h"

#define MS(ms) (INT64_C(ms) * 1000)
#define SYN(ms) { LWIP_EV_SYN, MS(ms), 0 }
#define DATA(ms, n) { LWIP_EV_DATA, MS(ms), n }
#define KA(ms) { LWIP_EV_KEEPALIVE, MS(ms), 0 }
#define RST(ms) { LWIP_EV_RST, MS(ms), 0 }
#define ABORT(ms) { LWIP_EV_ABORT, MS(ms), 0 }

/* SYN at 0; rtime reaches rto = 6 at the 6th tick (2750 ms), then every
 * 6 ticks (3 s, no doubling) to the 6th retransmission at 17750; the next
 * tick (18250) aborts.  STACKS.md: (6b + 1) * 0.5 = 18.5 s with a full
 * first interval; here the first is 5.5 ticks. */
static const struct lwip_event syn[] = {
    SYN(0), SYN(2750), SYN(5750), SYN(8750), SYN(11750), SYN(14750),
    SYN(17750), ABORT(18250),
};

/* The same on a stack whose timers run (a first connection at 0): SYN at
 * 1100, the 6th tick after it at 3750, then every 3 s; abort at 19250,
 * 18.15 s after the connect. */
static const struct lwip_event syn_warm[] = {
    SYN(1100), SYN(3750), SYN(6750), SYN(9750), SYN(12750), SYN(15750),
    SYN(18750), ABORT(19250),
};

/* b = 6 (no sample), write at 2100: first tick after it 2250, first RTO
 * at the 6th (4750), then +6, 12, 24, 48, 96, 192 s and 4 x 384 s; abort
 * at 2303250 = 2301.15 s after the write (STACKS.md: 2301.5 s nominal). */
static const struct lwip_event retrans_nosample[] = {
    DATA(2100, 100), DATA(4750, 100), DATA(10750, 100), DATA(22750, 100),
    DATA(46750, 100), DATA(94750, 100), DATA(190750, 100),
    DATA(382750, 100), DATA(766750, 100), DATA(1150750, 100),
    DATA(1534750, 100), DATA(1918750, 100), DATA(2302750, 100),
    ABORT(2303250),
};

/* b = 5 (one LAN sample), write at 5100: first RTO at the 5th tick after
 * it (7250), then +5, 10, 20, 40, 80, 160 s and 4 x 320 s; abort 500 ms
 * after the 12th: 1917.65 s after the write ((767 * 5 + 1) * 0.5 =
 * 1918.0 s nominal). */
static const struct lwip_event retrans_rtt20[] = {
    DATA(5100, 100), DATA(7250, 100), DATA(12250, 100), DATA(22250, 100),
    DATA(42250, 100), DATA(82250, 100), DATA(162250, 100),
    DATA(322250, 100), DATA(642250, 100), DATA(962250, 100),
    DATA(1282250, 100), DATA(1602250, 100), DATA(1922250, 100),
    ABORT(1922750),
};

/* b = 3 (three LAN samples), write at 11100: first RTO at 12250, then +3,
 * 6, 12, 24, 48, 96 s and 4 x 192 s; abort at 1161750 = 1150.65 s after
 * the write (STACKS.md: 1151.0 s nominal for b = 3). */
static const struct lwip_event retrans_rtt20_x3[] = {
    DATA(11100, 100), DATA(12250, 100), DATA(15250, 100), DATA(21250, 100),
    DATA(33250, 100), DATA(57250, 100), DATA(105250, 100),
    DATA(201250, 100), DATA(393250, 100), DATA(585250, 100),
    DATA(777250, 100), DATA(969250, 100), DATA(1161250, 100),
    ABORT(1161750),
};

/* b = 8 (rtt 1.2 s), write at 5100: first RTO at the 8th tick after it
 * (8750), then +8, 16, 32, 64, 128, 256 s and 4 x 512 s; abort at
 * 3073250 = 3068.15 s after the write ((767 * 8 + 1) * 0.5 = 3068.5 s). */
static const struct lwip_event retrans_rtt1200[] = {
    DATA(5100, 100), DATA(8750, 100), DATA(16750, 100), DATA(32750, 100),
    DATA(64750, 100), DATA(128750, 100), DATA(256750, 100),
    DATA(512750, 100), DATA(1024750, 100), DATA(1536750, 100),
    DATA(2048750, 100), DATA(2560750, 100), DATA(3072750, 100),
    ABORT(3073250),
};

/* The SYN timed: a first connection at 0 keeps the timers running, so
 * the episode's connect at 1100 ms leaves at tcp_ticks = 2 and the SYN is
 * timed from tick 2.  SYN_SENT takes no sample from the SYN-ACK (1120),
 * and the write at 2100 does not restart the timing (rttest != 0), so
 * the ACK of that write at 2120 (tick 4), past rtseq = the SYN's
 * sequence, gives m = 2 ticks for a 20 ms RTT: sa = 2,
 * sv = 6 + 2 - (6 >> 2) = 7, b = (2 >> 3) + 7 = 7 (5 when the SYN is
 * not timed, as in retrans-rtt20).  Write at 5100: first RTO at the 7th
 * tick after it (8250), then +7, 14, 28, 56, 112, 224 s and 4 x 448 s;
 * abort at 2689750 = 2684.65 s after the write ((767 * 7 + 1) * 0.5 =
 * 2685.0 s nominal). */
static const struct lwip_event retrans_syn_timed[] = {
    DATA(5100, 100), DATA(8250, 100), DATA(15250, 100), DATA(29250, 100),
    DATA(57250, 100), DATA(113250, 100), DATA(225250, 100),
    DATA(449250, 100), DATA(897250, 100), DATA(1345250, 100),
    DATA(1793250, 100), DATA(2241250, 100), DATA(2689250, 100),
    ABORT(2689750),
};

/* Keepalive (tcp_slowtmr()): with tmr = the tick of the last segment
 * received (the SYN-ACK at 20 ms: tick 0), probe k (k = 0, 1, ...) goes
 * out at the first tick with ticks - tmr > (idle + k * intvl) / 500 and
 * the pcb is removed with a RST at the first tick with
 * ticks - tmr > (idle + cnt * intvl) / 500, checked first; one probe at
 * most per tick (LWIP_TCP_KEEPALIVE = 1 in Debian's lwipopts.h, so the
 * per-pcb keep_intvl and keep_cnt count).  Tick d runs at 500 d - 250.
 *
 * Defaults 7200000 / 75000 / 9: probes at d = 14401 + 150 k, RST and
 * abort at d = 15751 (7875.25 s; STACKS.md: 7875 s + at most 1 s). */
static const struct lwip_event keepalive_default[] = {
    KA(7200250), KA(7275250), KA(7350250), KA(7425250), KA(7500250),
    KA(7575250), KA(7650250), KA(7725250), KA(7800250),
    RST(7875250), ABORT(7875250),
};

/* 1700 / 1200 / 4, sums rounded down: 1700/500 = 3 -> d 4; 2900/500 = 5 ->
 * d 6; 4100/500 = 8 -> d 9; 5300/500 = 10 -> d 11; abort 6500/500 = 13 ->
 * d 14. */
static const struct lwip_event keepalive_1700_1200_4[] = {
    KA(1750), KA(2750), KA(4250), KA(5250), RST(6750), ABORT(6750),
};

/* 1000 / 300 / 5, an interval shorter than a tick: 1000/500 = 2 -> d 3;
 * 1300/500 = 2 -> d 4 (one probe per tick); 1600/500 = 3 -> d 5; abort
 * 2500/500 = 5 -> d 6, before the 4th and 5th probes. */
static const struct lwip_event keepalive_1000_300_5[] = {
    KA(1250), KA(1750), KA(2250), RST(2750), ABORT(2750),
};

/* Zero window (tcp_output() starts persist, tcp_slowtmr() counts it):
 * the write at 5100 finds snd_wnd = 0, so persist_backoff = 1,
 * persist_cnt = 0; each tick adds 1 to persist_cnt and a 1-byte probe
 * leaves when it reaches tcp_persist_backoff[backoff - 1] =
 * {3, 6, 12, 24, 48, 96, 120} ticks: probes 3, 6, 12, 24, 48, 96 and then
 * 120 ticks apart; at the top of the tick after the 12th
 * persist_probe >= TCP_MAXRTX removes the pcb, no RST (STACKS.md: probes
 * at 1.5, 4.5, ... 454.5 s, drop at 455 s). */
static const struct lwip_event persist[] = {
    DATA(6250, 1), DATA(9250, 1), DATA(15250, 1), DATA(27250, 1),
    DATA(51250, 1), DATA(99250, 1), DATA(159250, 1), DATA(219250, 1),
    DATA(279250, 1), DATA(339250, 1), DATA(399250, 1), DATA(459250, 1),
    ABORT(459750),
};

/* tcp_close() at 12100, the FIN acknowledged at 12120, then nothing.
 * FIN_WAIT_2 after a full close ends at the first tick with
 * ticks - tmr > TCP_FIN_WAIT_TIMEOUT / 500 = 40.  tcp_close() sets
 * TF_RXCLOSED, and tcp_process() no longer updates tmr then, so tmr is
 * the tick of the last segment received before the close: the ACK at
 * 2120 ms, tick 4.  Abort at tick 45, 22250 ms: 20.13 s after that ACK,
 * 10.13 s after the FIN was acknowledged. */
static const struct lwip_event fin_wait2[] = {
    ABORT(22250),
};

static const struct {
    const char *name;
    const struct lwip_event *events;
    size_t n;
    int fin; /* the segments carry a FIN: data becomes data+fin */
} tables[] = {
#define ROW(name, t) { name, t, sizeof(t) / sizeof((t)[0]), 0 }
#define ROW_FIN(name, t) { name, t, sizeof(t) / sizeof((t)[0]), 1 }
    ROW("syn", syn),
    ROW("syn-warm", syn_warm),
    ROW("retrans-nosample", retrans_nosample),
    ROW("retrans-rtt20", retrans_rtt20),
    ROW("retrans-rtt20-x3", retrans_rtt20_x3),
    ROW("retrans-rtt1200", retrans_rtt1200),
    ROW("retrans-syn-timed", retrans_syn_timed),
    ROW("keepalive-default", keepalive_default),
    ROW("keepalive-1700-1200-4", keepalive_1700_1200_4),
    ROW("keepalive-1000-300-5", keepalive_1000_300_5),
    ROW("persist", persist),
    /* Data then tcp_close() at 5100: the FIN rides on the unsent data
     * (tcp_send_fin()) and FIN_WAIT_1 retransmits as ESTABLISHED does,
     * with b = 5 as in retrans-rtt20: the same times. */
    ROW_FIN("fin-wait1", retrans_rtt20),
    ROW("fin-wait2", fin_wait2),
#undef ROW
#undef ROW_FIN
};

size_t lwip_expected(const struct lwip_episode *ep, struct lwip_event *out,
                     size_t cap)
{
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        if (strcmp(tables[i].name, ep->name) != 0)
            continue;
        for (size_t k = 0; k < tables[i].n && k < cap; k++) {
            out[k] = tables[i].events[k];
            if (tables[i].fin && out[k].kind == LWIP_EV_DATA)
                out[k].kind = LWIP_EV_DATA_FIN;
        }
        return tables[i].n;
    }
    return 0;
}
