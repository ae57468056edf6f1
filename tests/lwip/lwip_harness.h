/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The lwIP dead-peer harness: Debian's liblwip (lwIP 2.1.3) driven by a
 * simulated clock, one network interface whose output records every TCP
 * segment and drops it once the peer is dead, and a scripted peer that
 * completes the handshake before it vanishes.
 *
 * An episode is one connection taken through one path: the events lwIP
 * produces after the peer died (each segment it sends and the abort) are
 * compared with the model's timeline (lwip_model()) and with the
 * hand-derived events of lwip_expected().
 */
#ifndef RTOCALC_TESTS_LWIP_HARNESS_H
#define RTOCALC_TESTS_LWIP_HARNESS_H

#include <stddef.h>
#include <stdint.h>

/* One slow tick of lwIP 2.1.3: TCP_SLOW_INTERVAL = 2 * TCP_TMR_INTERVAL
 * = 500 ms (src/include/lwip/priv/tcp_priv.h, src/include/lwip/opt.h).
 * The comparison allows one tick either way. */
#define LWIP_TICK_US INT64_C(500000)

enum lwip_path {
    LWIP_PATH_SYN,       /* connect() to a peer that never answers */
    LWIP_PATH_RETRANS,   /* data written after the peer died */
    LWIP_PATH_KEEPALIVE, /* idle, SOF_KEEPALIVE set */
    LWIP_PATH_PERSIST,   /* data written into a zero window */
    LWIP_PATH_FIN_WAIT1, /* data then close(): FIN never acknowledged */
    LWIP_PATH_FIN_WAIT2  /* close() acknowledged, the peer's FIN never comes */
};

enum lwip_event_kind {
    LWIP_EV_SYN,       /* a SYN */
    LWIP_EV_DATA,      /* a segment with payload, no FIN */
    LWIP_EV_DATA_FIN,  /* a segment with payload and FIN */
    LWIP_EV_KEEPALIVE, /* no payload, sequence number snd_nxt - 1 */
    LWIP_EV_ACK,       /* no payload, no FIN: never expected of a dead peer */
    LWIP_EV_RST,       /* a reset */
    LWIP_EV_ABORT      /* the pcb removed: the error callback ran */
};

struct lwip_event {
    enum lwip_event_kind kind;
    int64_t t_us;  /* simulated time since lwip_init() */
    int bytes;     /* TCP payload bytes of a segment; 0 for an abort */
};

/* The settings an episode runs with; every time is simulated milliseconds
 * since lwip_init(). */
struct lwip_episode {
    const char *name;
    enum lwip_path path;
    int connect_ms;   /* tcp_connect(); after 0, another connection (to a
                         silent address) starts at 0 and keeps the TCP
                         timers running, as on a stack that has been up */
    int rtt_ms;       /* delay of each peer answer (SYN-ACK, ACKs) */
    int rounds;       /* data/ACK exchanges before the peer dies */
    int act_ms;       /* the last action: write, close */
    int keepalive;    /* SOF_KEEPALIVE with the three values below */
    uint32_t keep_idle_ms, keep_intvl_ms, keep_cnt;
};

/* The expected events of EP after the peer died, in order: at most CAP go
 * to OUT; returns how many there are, or 0 for an unknown episode. */
size_t lwip_expected(const struct lwip_episode *ep, struct lwip_event *out,
                     size_t cap);

/* What the model needs to replay an episode, as the harness measured it:
 * the time its timeline starts from, and the RTT samples lwIP took, each
 * of sample_ticks slow ticks (the model takes one RTT for them all). */
struct lwip_replay {
    uint32_t zero_ms;  /* simulated ms since lwip_init() */
    int samples;
    int sample_ticks;
};

/* The model's events for EP replayed as RP, in order and as the harness
 * records them (a segment of WRITE_BYTES for data): at most CAP go to
 * OUT; returns how many there are, or 0 when the model refused the
 * episode.  *RTO_TICKS gets the model's retransmission base in slow
 * ticks. */
size_t lwip_model(const struct lwip_episode *ep, const struct lwip_replay *rp,
                  int write_bytes, struct lwip_event *out, size_t cap,
                  int *rto_ticks);

const char *lwip_event_name(enum lwip_event_kind kind);

#endif
