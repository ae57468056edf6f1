/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runs Debian's liblwip through dead-peer episodes on a simulated clock
 * and compares what it does with the model's timeline (lwip_model()) and
 * with the hand-derived one (lwip_expected()).
 *
 * How lwIP is driven.  Debian builds lwIP 2.1.3 as a shared library for
 * the unix port (NO_SYS = 0, pthreads).  The harness uses none of the
 * threads: it calls lwip_init() and then the stack's own timer list,
 * sys_check_timeouts(), whose clock sys_now() is defined here (the
 * library calls it through the PLT, so this definition wins).  The clock
 * jumps to the next timer due (sys_timeouts_sleeptime()) or to the next
 * scripted action, whichever is first; timers due at a given millisecond
 * run before the action of that millisecond.  No tcpip thread is marked,
 * so the port's core-locking check passes on this thread.
 *
 * Each episode runs in a child process, so lwIP's globals (tcp_ticks, the
 * timer phase, the pcb lists) start from zero every time.
 *
 * The model replays each episode from what the harness measured: its time
 * zero, and the RTT samples lwIP took, in slow ticks (each ACK that ends
 * a timing, pcb->rttest back to 0, is one sample of tcp_ticks minus the
 * rttest it ended).
 *
 * Output: per episode a "#" line with the model's time zero, the RTT
 * samples and lwIP's retransmission base beside the model's, then one
 * line per event, "EPISODE INDEX" then the measured, the model's and the
 * hand-derived event as "KIND MS BYTES" each ("- - -" when one side has
 * none), then a "#" line with the events compared and the largest
 * difference on each side; last, one summary line.  Exit status 0 when
 * every event matched both (same kind and payload, time within one 500 ms
 * tick) and the bases agree, 1 otherwise.
 */
/* fork() and waitpid(); with it <limits.h> has SSIZE_MAX, which lwIP's
 * arch.h needs to take ssize_t from the system. */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lwip/init.h"
#include "lwip/ip.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/prot/tcp.h"
#include "lwip/sys.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"

#include "lwip_harness.h"

#define EV_CAP 64
#define PEER_PORT 80
#define PEER_ISS UINT32_C(1000000)
#define PEER_WND 65535
#define WRITE_BYTES 100
/* Longer than any episode here (the default keepalive: 7875 s). */
#define END_MS UINT32_C(10000000)
/* The data rounds before the death: a write at ROUND0_MS + i * ROUND_MS,
 * its ACK rtt_ms later. */
#define ROUND0_MS 2100
#define ROUND_MS 3000

static const struct lwip_episode episodes[] = {
    /* name, path, connect, rtt, rounds, act, keepalive, idle, intvl, cnt */
    { "syn", LWIP_PATH_SYN, 0, 0, 0, 0, 0, 0, 0, 0 },
    { "syn-warm", LWIP_PATH_SYN, 1100, 0, 0, 0, 0, 0, 0, 0 },
    { "retrans-nosample", LWIP_PATH_RETRANS, 0, 20, 0, 2100, 0, 0, 0, 0 },
    { "retrans-rtt20", LWIP_PATH_RETRANS, 0, 20, 1, 5100, 0, 0, 0, 0 },
    { "retrans-rtt20-x3", LWIP_PATH_RETRANS, 0, 20, 3, 11100, 0, 0, 0, 0 },
    { "retrans-rtt1200", LWIP_PATH_RETRANS, 0, 1200, 1, 5100, 0, 0, 0, 0 },
    { "retrans-syn-timed", LWIP_PATH_RETRANS, 1100, 20, 1, 5100,
      0, 0, 0, 0 },
    { "keepalive-default", LWIP_PATH_KEEPALIVE, 0, 20, 0, 0, 1,
      7200000, 75000, 9 },
    { "keepalive-1700-1200-4", LWIP_PATH_KEEPALIVE, 0, 20, 0, 0, 1,
      1700, 1200, 4 },
    { "keepalive-1000-300-5", LWIP_PATH_KEEPALIVE, 0, 20, 0, 0, 1,
      1000, 300, 5 },
    { "persist", LWIP_PATH_PERSIST, 0, 20, 1, 5100, 0, 0, 0, 0 },
    { "fin-wait1", LWIP_PATH_FIN_WAIT1, 0, 20, 1, 5100, 0, 0, 0, 0 },
    { "fin-wait2", LWIP_PATH_FIN_WAIT2, 0, 20, 1, 12100, 0, 0, 0, 0 },
};

/* The state of one episode (one child process). */
struct sim {
    u32_t now_ms;
    struct netif nif;
    ip4_addr_t self, peer;
    struct tcp_pcb *pcb; /* the episode's connection */
    int dead;            /* the peer drops everything from now on */
    int aborted;
    err_t abort_err;
    u32_t snd_end;       /* the sequence after lwIP's last segment */
    u32_t peer_seq;      /* the peer's next sequence number */
    u32_t last_rx_ms;    /* when the peer last sent */
    /* For the model's comparison: where its time zero falls, and the
     * retransmission base (sa >> 3) + sv in slow ticks when the episode's
     * last action ran. */
    u32_t zero_ms;
    const char *zero_what;
    int sa, sv;
    /* The RTT samples lwIP took, until time zero: how many, the ticks of
     * the first, and whether another differed from it. */
    int samples, sample_ticks, samples_differ;
    struct lwip_event ev[EV_CAP];
    size_t nev;
    int overflow;
};

/* A file-scope state: lwIP calls sys_now(), the interface's output and the
 * error callback with no context of the harness's. */
static struct sim S;

u32_t sys_now(void)
{
    return S.now_ms;
}

const char *lwip_event_name(enum lwip_event_kind kind)
{
    switch (kind) {
    case LWIP_EV_SYN: return "syn";
    case LWIP_EV_DATA: return "data";
    case LWIP_EV_DATA_FIN: return "data+fin";
    case LWIP_EV_KEEPALIVE: return "keepalive";
    case LWIP_EV_ACK: return "ack";
    case LWIP_EV_RST: return "rst";
    case LWIP_EV_ABORT: return "abort";
    }
    return "?";
}

static void record(enum lwip_event_kind kind, int bytes)
{
    if (S.nev == EV_CAP) {
        S.overflow = 1;
        return;
    }
    S.ev[S.nev].kind = kind;
    S.ev[S.nev].t_us = (int64_t)S.now_ms * 1000;
    S.ev[S.nev].bytes = bytes;
    S.nev++;
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | p[3];
}

static unsigned get16(const uint8_t *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (unsigned)(v >> 16));
    put16(p + 2, (unsigned)(v & 0xffffu));
}

/* What lwIP sends: an IPv4 packet.  For the episode's connection,
 * remember where its sequence space ends (the peer acknowledges that)
 * and, once the peer is dead, record the segment. */
static err_t out_ip4(struct netif *nif, struct pbuf *p, const ip4_addr_t *to)
{
    uint8_t pkt[128];
    (void)nif;
    (void)to;
    u16_t n = pbuf_copy_partial(p, pkt, sizeof(pkt), 0);
    if (n < 20 || pkt[9] != IP_PROTO_TCP)
        return ERR_OK;
    unsigned ihl = (pkt[0] & 0x0fu) * 4u;
    unsigned total = get16(pkt + 2);
    const uint8_t *tcp = pkt + ihl;
    unsigned doff = (tcp[12] >> 4) * 4u;
    int bytes = (int)(total - ihl - doff);
    unsigned flags = tcp[13];
    uint32_t seq = get32(tcp + 4);

    if (S.pcb == NULL || get16(tcp) != S.pcb->local_port)
        return ERR_OK;
    uint32_t end = seq + (uint32_t)bytes +
                   ((flags & (TCP_SYN | TCP_FIN)) ? 1u : 0u);
    if (!(flags & TCP_RST) && (int32_t)(end - S.snd_end) > 0)
        S.snd_end = end;
    if (!S.dead)
        return ERR_OK;

    enum lwip_event_kind kind;
    if (flags & TCP_RST)
        kind = LWIP_EV_RST;
    else if (flags & TCP_SYN)
        kind = LWIP_EV_SYN;
    else if (flags & TCP_FIN)
        kind = LWIP_EV_DATA_FIN;
    else if (bytes > 0)
        kind = LWIP_EV_DATA;
    else if (S.pcb != NULL && seq == S.pcb->snd_nxt - 1)
        kind = LWIP_EV_KEEPALIVE;
    else
        kind = LWIP_EV_ACK;
    record(kind, bytes);
    return ERR_OK;
}

/* IPv6 (MLD and the like) is dropped unrecorded. */
static err_t out_ip6(struct netif *nif, struct pbuf *p,
                     const ip6_addr_t *to)
{
    (void)nif;
    (void)p;
    (void)to;
    return ERR_OK;
}

static err_t nif_init(struct netif *nif)
{
    nif->name[0] = 'd';
    nif->name[1] = 'p';
    nif->mtu = 1500;
    nif->output = out_ip4;
    nif->output_ip6 = out_ip6;
    return ERR_OK;
}

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t sum)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += get16(p + i);
    if (n & 1)
        sum += (uint32_t)p[n - 1] << 8;
    return sum;
}

static unsigned fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffffu) + (sum >> 16);
    return ~sum & 0xffffu;
}

/* The peer's segment, an IPv4 packet with a 20-byte TCP header and no
 * payload, handed to the interface's input as a driver would. */
static void peer_send(unsigned flags, uint32_t ack, unsigned wnd)
{
    uint8_t pkt[40];
    uint8_t *tcp = pkt + 20;

    memset(pkt, 0, sizeof(pkt));
    pkt[0] = 0x45;
    put16(pkt + 2, sizeof(pkt));
    pkt[8] = 64;
    pkt[9] = IP_PROTO_TCP;
    memcpy(pkt + 12, &S.peer.addr, 4);
    memcpy(pkt + 16, &S.self.addr, 4);
    put16(pkt + 10, fold(sum16(pkt, 20, 0)));

    put16(tcp, PEER_PORT);
    put16(tcp + 2, S.pcb->local_port);
    put32(tcp + 4, S.peer_seq);
    put32(tcp + 8, ack);
    tcp[12] = 5 << 4;
    tcp[13] = (uint8_t)flags;
    put16(tcp + 14, wnd);
    uint8_t pseudo[12];
    memcpy(pseudo, pkt + 12, 8);
    pseudo[8] = 0;
    pseudo[9] = IP_PROTO_TCP;
    put16(pseudo + 10, 20);
    put16(tcp + 16, fold(sum16(tcp, 20, sum16(pseudo, 12, 0))));
    if (flags & TCP_SYN)
        S.peer_seq++;
    S.last_rx_ms = S.now_ms;

    struct pbuf *p = pbuf_alloc(PBUF_RAW, sizeof(pkt), PBUF_RAM);
    if (p == NULL) {
        fprintf(stderr, "lwip: pbuf_alloc failed\n");
        exit(1);
    }
    pbuf_take(p, pkt, sizeof(pkt));
    /* tcp_receive() ends a timing with m = tcp_ticks - rttest and sets
     * rttest to 0: one RTT sample of m slow ticks. */
    u32_t rttest = S.pcb->rttest;
    if (S.nif.input(p, &S.nif) != ERR_OK)
        pbuf_free(p);
    if (S.pcb != NULL && rttest != 0 && S.pcb->rttest == 0 &&
        S.zero_what == NULL) {
        int m = (int)(tcp_ticks - rttest);
        if (S.samples == 0)
            S.sample_ticks = m;
        else if (m != S.sample_ticks)
            S.samples_differ = 1;
        S.samples++;
    }
}

/* Run lwIP's timers up to T ms (those due at T included). */
static void run_until(u32_t t)
{
    while (!S.aborted) {
        u32_t sleep = sys_timeouts_sleeptime();
        if (sleep == SYS_TIMEOUTS_SLEEPTIME_INFINITE || S.now_ms + sleep > t)
            break;
        S.now_ms += sleep;
        sys_check_timeouts();
    }
    if (!S.aborted)
        S.now_ms = t;
}

static void on_err(void *arg, err_t err)
{
    (void)arg;
    S.pcb = NULL; /* lwIP has freed it */
    S.aborted = 1;
    S.abort_err = err;
    record(LWIP_EV_ABORT, 0);
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
    (void)arg;
    (void)pcb;
    return err;
}

/* Note the model's time zero, and the estimator's state now. */
static void zero(u32_t at_ms, const char *what)
{
    S.zero_ms = at_ms;
    S.zero_what = what;
    S.sa = S.pcb->sa;
    S.sv = S.pcb->sv;
}

static void write_data(void)
{
    static const char data[WRITE_BYTES];
    if (tcp_write(S.pcb, data, WRITE_BYTES, TCP_WRITE_FLAG_COPY) != ERR_OK) {
        fprintf(stderr, "lwip: tcp_write failed\n");
        exit(1);
    }
}

static void setup(const struct lwip_episode *ep)
{
    memset(&S, 0, sizeof(S));
    lwip_init();
    IP4_ADDR(&S.self, 10, 0, 0, 1);
    IP4_ADDR(&S.peer, 10, 0, 0, 2);
    ip4_addr_t mask;
    IP4_ADDR(&mask, 255, 255, 255, 0);
    netif_add(&S.nif, &S.self, &mask, IP4_ADDR_ANY4, NULL, nif_init,
              ip_input);
    netif_set_default(&S.nif);
    netif_set_link_up(&S.nif);
    netif_set_up(&S.nif);
    S.peer_seq = PEER_ISS;

    S.pcb = tcp_new();
    if (S.pcb == NULL) {
        fprintf(stderr, "lwip: tcp_new failed\n");
        exit(1);
    }
    tcp_err(S.pcb, on_err);
    if (ep->keepalive) {
        ip_set_option(S.pcb, SOF_KEEPALIVE);
        S.pcb->keep_idle = ep->keep_idle_ms;
        S.pcb->keep_intvl = ep->keep_intvl_ms;
        S.pcb->keep_cnt = ep->keep_cnt;
    }
}

/* Play EP: the handshake and the rounds with a live peer, the death, the
 * last action, then the timers until the abort. */
static void play(const struct lwip_episode *ep)
{
    ip_addr_t peer;
    setup(ep);
    if (ep->connect_ms > 0) {
        /* Its error callback stays unset: its abort is not the episode's. */
        struct tcp_pcb *warm = tcp_new();
        ip_addr_t silent;
        IP_ADDR4(&silent, 10, 0, 0, 3);
        if (warm == NULL ||
            tcp_connect(warm, &silent, PEER_PORT, on_connected) != ERR_OK) {
            fprintf(stderr, "lwip: the first connection failed\n");
            exit(1);
        }
        run_until((u32_t)ep->connect_ms);
    }
    ip_addr_copy_from_ip4(peer, S.peer);
    S.dead = ep->path == LWIP_PATH_SYN;
    if (tcp_connect(S.pcb, &peer, PEER_PORT, on_connected) != ERR_OK) {
        fprintf(stderr, "lwip: tcp_connect failed\n");
        exit(1);
    }
    if (S.dead)
        zero(S.now_ms, "the connect");
    if (!S.dead) {
        run_until((u32_t)(ep->connect_ms + ep->rtt_ms));
        peer_send(TCP_SYN | TCP_ACK, S.snd_end, PEER_WND);
        for (int i = 0; i < ep->rounds && !S.aborted; i++) {
            u32_t w = (u32_t)(ROUND0_MS + i * ROUND_MS);
            run_until(w);
            write_data();
            tcp_output(S.pcb);
            run_until(w + (u32_t)ep->rtt_ms);
            int zero = ep->path == LWIP_PATH_PERSIST && i == ep->rounds - 1;
            peer_send(TCP_ACK, S.snd_end, zero ? 0 : PEER_WND);
        }
        if (ep->path != LWIP_PATH_KEEPALIVE &&
            ep->path != LWIP_PATH_FIN_WAIT2)
            S.dead = 1;
        if (ep->path == LWIP_PATH_KEEPALIVE)
            zero(S.last_rx_ms, "the last segment received");
    }
    if (ep->path != LWIP_PATH_SYN && ep->path != LWIP_PATH_KEEPALIVE &&
        !S.aborted) {
        run_until((u32_t)ep->act_ms);
        if (ep->path == LWIP_PATH_FIN_WAIT2)
            zero(S.last_rx_ms, "the last segment received before the "
                               "close");
        else
            zero(S.now_ms, "the write");
        if (ep->path != LWIP_PATH_FIN_WAIT2)
            write_data();
        if (ep->path == LWIP_PATH_FIN_WAIT1 ||
            ep->path == LWIP_PATH_FIN_WAIT2)
            tcp_close(S.pcb);
        else
            tcp_output(S.pcb);
        if (ep->path == LWIP_PATH_FIN_WAIT2) {
            run_until((u32_t)(ep->act_ms + ep->rtt_ms));
            peer_send(TCP_ACK, S.snd_end, PEER_WND);
        }
    }
    S.dead = 1;
    run_until(END_MS);
}

static int64_t abs64(int64_t v)
{
    return v < 0 ? -v : v;
}

/* "kind ms bytes" of E, or dashes for a missing event. */
static void put_event(const struct lwip_event *e)
{
    if (e == NULL)
        printf(" - - -");
    else
        printf(" %s %.3f %d", lwip_event_name(e->kind),
               (double)e->t_us / 1000.0, e->bytes);
}

/* The events compared with one side, and the largest |measured - side|
 * among them. */
struct side {
    size_t compared;
    int64_t max_dev_us;
};

/* What a child reports to the parent through a pipe. */
struct result {
    int ok;
    struct side model, hand;
};

/* Compare measured event G with W of one side into S; whether they
 * match.  An event missing on one side only is a mismatch. */
static int compare(const struct lwip_event *g, const struct lwip_event *w,
                   struct side *s)
{
    if (g == NULL || w == NULL)
        return g == w;
    int64_t dev = abs64(g->t_us - w->t_us);
    s->compared++;
    if (dev > s->max_dev_us)
        s->max_dev_us = dev;
    return g->kind == w->kind && g->bytes == w->bytes && dev <= LWIP_TICK_US;
}

/* Play EP and compare it with the model and with lwip_expected(). */
static struct result episode(const struct lwip_episode *ep)
{
    struct lwip_event want[EV_CAP], model[EV_CAP];
    size_t nwant = lwip_expected(ep, want, EV_CAP);
    struct result r = { nwant > 0 && nwant <= EV_CAP, { 0, 0 }, { 0, 0 } };

    play(ep);
    struct lwip_replay rp = { S.zero_ms, S.samples, S.sample_ticks };
    int model_base = 0;
    size_t nmodel = lwip_model(ep, &rp, WRITE_BYTES, model, EV_CAP,
                               &model_base);
    int base = (S.sa >> 3) + S.sv;
    printf("# %s: time zero %u ms (%s), %d RTT samples (%d slow ticks "
           "each), RTT base (sa >> 3) + sv = %d slow ticks (sa %d, sv %d), "
           "the model's %d\n",
           ep->name, (unsigned)S.zero_ms, S.zero_what, S.samples,
           S.sample_ticks, base, S.sa, S.sv, model_base);
    if (S.overflow) {
        printf("%s: more than %d events\n", ep->name, EV_CAP);
        r.ok = 0;
    }
    if (S.samples_differ) {
        printf("%s: RTT samples of different ticks; the model takes one "
               "RTT\n", ep->name);
        r.ok = 0;
    }
    if (nmodel == 0 || nmodel > EV_CAP) {
        printf("%s: the model gave %zu events\n", ep->name, nmodel);
        r.ok = 0;
    }
    if (model_base != base) {
        printf("%s: RTT base %d slow ticks, the model's %d  MISMATCH\n",
               ep->name, base, model_base);
        r.ok = 0;
    }
    size_t n = S.nev > nwant ? S.nev : nwant;
    if (nmodel > n)
        n = nmodel;
    for (size_t i = 0; i < n && i < EV_CAP; i++) {
        const struct lwip_event *g = i < S.nev ? &S.ev[i] : NULL;
        const struct lwip_event *m = i < nmodel ? &model[i] : NULL;
        const struct lwip_event *w = i < nwant ? &want[i] : NULL;
        int match_model = compare(g, m, &r.model);
        int match_hand = compare(g, w, &r.hand);
        r.ok = r.ok && match_model && match_hand;
        printf("%s %zu", ep->name, i);
        put_event(g);
        put_event(m);
        put_event(w);
        printf("%s%s\n", match_model ? "" : "  MISMATCH model",
               match_hand ? "" : "  MISMATCH hand");
    }
    printf("# %s: %zu events compared with the model, largest difference "
           "%.3f ms; %zu with the hand derivation, largest %.3f ms\n",
           ep->name, r.model.compared, (double)r.model.max_dev_us / 1000.0,
           r.hand.compared, (double)r.hand.max_dev_us / 1000.0);
    if (S.aborted && S.abort_err != ERR_ABRT) {
        printf("%s: error callback with %d, expected ERR_ABRT (%d)\n",
               ep->name, (int)S.abort_err, (int)ERR_ABRT);
        r.ok = 0;
    }
    fflush(stdout);
    return r;
}

/* Run EP in a child process; its result, not ok if the child died. */
static struct result run_child(const struct lwip_episode *ep)
{
    struct result r = { 0, { 0, 0 }, { 0, 0 } };
    int fd[2];
    if (pipe(fd) != 0) {
        perror("lwip: pipe");
        return r;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("lwip: fork");
        close(fd[0]);
        close(fd[1]);
        return r;
    }
    if (pid == 0) {
        close(fd[0]);
        struct result mine = episode(ep);
        ssize_t w = write(fd[1], &mine, sizeof(mine));
        _exit(w == (ssize_t)sizeof(mine) ? 0 : 1);
    }
    close(fd[1]);
    struct result got;
    ssize_t n = read(fd[0], &got, sizeof(got));
    close(fd[0]);
    int status;
    if (waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
        WEXITSTATUS(status) == 0 && n == (ssize_t)sizeof(got))
        r = got;
    return r;
}

int main(void)
{
    size_t neps = sizeof(episodes) / sizeof(episodes[0]);
    size_t failed = 0;
    struct side model = { 0, 0 }, hand = { 0, 0 };

    printf("# lwIP %s (Debian liblwip), simulated clock\n",
           LWIP_VERSION_STRING);
    printf("# episode index, measured, model, hand-derived: "
           "kind ms bytes each\n");
    for (size_t i = 0; i < neps; i++) {
        struct result r = run_child(&episodes[i]);
        model.compared += r.model.compared;
        hand.compared += r.hand.compared;
        if (r.model.max_dev_us > model.max_dev_us)
            model.max_dev_us = r.model.max_dev_us;
        if (r.hand.max_dev_us > hand.max_dev_us)
            hand.max_dev_us = r.hand.max_dev_us;
        if (!r.ok) {
            printf("%s: FAILED\n", episodes[i].name);
            failed++;
        }
    }
    printf("lwip: %zu episodes; the model: %zu events compared, largest "
           "difference %.3f ms; the hand derivations: %zu events, largest "
           "%.3f ms (allowed %.3f); %zu episodes failed\n",
           neps, model.compared, (double)model.max_dev_us / 1000.0,
           hand.compared, (double)hand.max_dev_us / 1000.0,
           (double)LWIP_TICK_US / 1000.0, failed);
    return failed == 0 ? 0 : 1;
}
