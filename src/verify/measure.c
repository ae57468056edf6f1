/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The measurements: real sockets on the loopback of a private network
 * namespace, a peer made to vanish with a classic BPF filter that drops
 * everything on its socket (so the sender's transmissions succeed and are
 * simply never answered; a local qdisc drop would count as local
 * congestion), transmissions captured with kernel timestamps on an
 * AF_PACKET socket (outgoing copies only), and the moment the error
 * reaches the application, or the socket disappears from /proc/net/tcp.
 * The namespace is set up in netns.c, the capture is capture.c's and the
 * sockets sockets.c's; this file holds the loop that watches one run and
 * what each path measures.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "verify/measure.h"

static void fail(struct verify_measured *m, const char *what)
{
    m->ran = false;
    snprintf(m->why, sizeof(m->why), "%s: %s", what, strerror(errno));
}

/* ------------------------------------------------------------------ */
/* The experiment loop                                                */
/* ------------------------------------------------------------------ */

/* Which packets count and when the run ends. */
struct watch {
    int sport, dport;       /* the dying side's packets */
    bool data_only;         /* only payload or FIN (not pure ACKs) */
    bool syn_only;          /* only SYN packets */
    bool keepalive_seq;     /* only probes: seq == next - 1 */
    uint32_t next_seq;      /* for keepalive and window probes */
    int err_fd;             /* POLLERR ends it, or -1 */
    int gone_lport, gone_rport; /* vanishing from /proc/net/tcp ends it */
    int64_t zero_us;        /* time zero if known beforehand, else 0 */
    /* Data paths: the segments that leave first, each past the highest
     * sequence so far, are the ones in flight (time zero: the first);
     * from the first that is not, every transmission is an event. */
    bool count_segments;
    int mss;                /* tcp_skb_pcount() of a packet: len / mss */
    uint32_t high_seq;
    /* The peer's port: until the first event, each of its packets moves
     * time zero (zero-window probing: its last ACK arms the timer). */
    int zero_sport;
};

static bool counts(const struct watch *w, const struct pkt *pk)
{
    if (pk->sport != w->sport || pk->dport != w->dport
        || (pk->flags & TCPF_RST))
        return false;
    if (w->syn_only)
        return (pk->flags & TCPF_SYN) != 0;
    if (w->keepalive_seq)
        return pk->len == 0 && pk->seq == w->next_seq - 1;
    if (w->data_only)
        return pk->len > 0 || (pk->flags & (TCPF_FIN | TCPF_SYN));
    return true;
}

static void record(struct verify_measured *m, struct watch *w,
                   const struct pkt *pk)
{
    if (w->count_segments && m->events == 0) {
        uint32_t end = pk->seq + (uint32_t)pk->len
                       + ((pk->flags & TCPF_FIN) ? 1u : 0u);

        if (!w->zero_us || (int32_t)(end - w->high_seq) > 0) {
            if (!w->zero_us)
                w->zero_us = pk->at_us;
            /* tcp_set_skb_tso_segs(): a packet of len bytes (TSO on lo
             * sends several segments as one) is DIV_ROUND_UP(len, mss)
             * of packets_out; a FIN alone is one. */
            m->in_flight += pk->len > 0 ? (pk->len + w->mss - 1) / w->mss
                                        : 1;
            w->high_seq = end;
            return;
        }
    }
    if (!w->zero_us) {
        w->zero_us = pk->at_us;
        return;
    }
    if (m->events < VERIFY_MAX_EVENTS)
        m->event_us[m->events] = pk->at_us - w->zero_us;
    m->events++;
}

static void run_loop(struct verify_measured *m, struct watch *w, int capfd,
                     int64_t deadline_us)
{
    int64_t end = verify_real_us() + deadline_us;
    bool gone_watch = w->gone_lport > 0;

    for (;;) {
        struct pollfd fds[2] = { { capfd, POLLIN, 0 }, { w->err_fd, 0, 0 } };
        struct pkt pk;
        int64_t t = verify_real_us();

        if (t > end) {
            m->died = false;
            return;
        }
        if (poll(fds, w->err_fd >= 0 ? 2 : 1, gone_watch ? 2 : 50) < 0
            && errno != EINTR) {
            fail(m, "poll");
            return;
        }
        while (verify_capture_read(capfd, &pk) == 1) {
            if (w->zero_sport && pk.sport == w->zero_sport
                && pk.dport == w->sport && m->events == 0)
                w->zero_us = pk.at_us;
            else if (counts(w, &pk))
                record(m, w, &pk);
        }
        if (w->err_fd >= 0 && (fds[1].revents & (POLLERR | POLLHUP))) {
            int err = 0;
            socklen_t len = sizeof(err);
            getsockopt(w->err_fd, SOL_SOCKET, SO_ERROR, &err, &len);
            m->died = true;
            m->error = err;
            m->give_up_us = verify_real_us() - w->zero_us;
            return;
        }
        if (gone_watch && w->zero_us
            && verify_proc_state(w->gone_lport, w->gone_rport) == 0) {
            m->died = true;
            m->give_up_us = verify_real_us() - w->zero_us;
            return;
        }
    }
}

/* ------------------------------------------------------------------ */
/* The scenarios                                                      */
/* ------------------------------------------------------------------ */

/* The segments a data scenario puts in flight (rto_in_flight()): up to
 * the initial window one write each of a small payload, which with
 * TCP_NODELAY leaves at once as its own segment; beyond it one bulk write
 * of full-sized segments, after the window has grown. */
#define SMALL_SEGMENT 100
#define INIT_CWND 10        /* TCP_INIT_CWND */
/* lo's MTU for a bulk send: 1448-byte segments instead of 65,483, so that
 * twenty of them fit the peer's receive window. */
#define BULK_MTU 1500

static int tcp_info_of(int fd, struct tcp_info *ti)
{
    socklen_t len = sizeof(*ti);

    memset(ti, 0, sizeof(*ti));
    return getsockopt(fd, IPPROTO_TCP, TCP_INFO, ti, &len);
}

/* Read everything the server has received, without waiting. */
static void read_all(int sfd)
{
    static char buf[65536];

    while (recv(sfd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
        ;
}

/*
 * A congestion window of at least cwnd segments before the peer vanishes.
 * The initial window is TCP_INIT_CWND and a vanished peer acknowledges
 * nothing, so it has to grow while the peer still reads: slow start adds
 * a segment for each one acknowledged while the window limits the sender
 * (tcp_is_cwnd_limited()), which it does under bulk writes the peer reads
 * at once.  Then everything is acknowledged, so the burst that follows
 * starts with nothing in flight, in the Open state the tail loss probe
 * needs (tcp_schedule_loss_probe()).
 */
static int grow_cwnd(int cfd, int sfd, unsigned cwnd,
                     struct verify_measured *m)
{
    static char buf[65536];
    int flags = fcntl(cfd, F_GETFL), queued = -1;
    int64_t end = verify_real_us() + 2000000;
    struct tcp_info ti;
    char msg[96];

    fcntl(cfd, F_SETFL, flags | O_NONBLOCK);
    while (verify_real_us() < end && tcp_info_of(cfd, &ti) == 0
           && ti.tcpi_snd_cwnd < cwnd + 2) {
        if (write(cfd, buf, sizeof(buf)) < 0 && errno != EAGAIN)
            break;
        read_all(sfd);
    }
    while (verify_real_us() < end) {
        read_all(sfd);
        if (ioctl(cfd, SIOCOUTQ, &queued) != 0 || queued == 0)
            break;
        usleep(1000);
    }
    fcntl(cfd, F_SETFL, flags);
    if (tcp_info_of(cfd, &ti) != 0 || queued != 0 || ti.tcpi_snd_cwnd < cwnd
        || ti.tcpi_ca_state != 0) {
        snprintf(msg, sizeof(msg), "growing the window: cwnd %u of %u, "
                 "%d bytes unacknowledged, CA state %u", ti.tcpi_snd_cwnd,
                 cwnd, queued, ti.tcpi_ca_state);
        errno = EAGAIN;
        fail(m, msg);
        return -1;
    }
    return 0;
}

/* A connected pair whose server side then vanishes (everything for its
 * socket dropped), with the capture already running and, where cwnd is
 * not 0, a congestion window of that many segments.  The listener stays
 * open for the life of the process. */
static int vanishing_pair(const struct rto_params *p, bool keepalive,
                          unsigned cwnd, struct verify_measured *m, int *cfd,
                          int *sfd, int *capfd)
{
    int lfd = verify_listener("127.0.0.1", PORT_SERVER);

    *capfd = verify_capture_open();
    if (lfd < 0 || *capfd < 0
        || verify_pair(p, keepalive, lfd, cfd, sfd) != 0) {
        fail(m, "setting up the connection");
        return -1;
    }
    if (cwnd && grow_cwnd(*cfd, *sfd, cwnd, m) != 0)
        return -1;
    verify_tcp_info(*cfd, m);
    if (verify_drop_all(*sfd) != 0) {
        fail(m, "SO_ATTACH_FILTER");
        return -1;
    }
    return 0;
}

/* Put count data segments in flight: small writes, or one bulk write of
 * count full segments.  0, or -1 with errno. */
static int send_segments(int cfd, int count, bool bulk, int mss)
{
    static char buf[65536];
    size_t len = bulk ? (size_t)count * (size_t)mss : SMALL_SEGMENT;

    if (len > sizeof(buf)) {
        errno = EMSGSIZE;
        return -1;
    }
    memset(buf, 'y', len);
    for (int i = 0; i < (bulk ? 1 : count); i++) {
        /* Non-blocking: with the peer gone, a write the send buffer
         * cannot take at once would wait for ever. */
        ssize_t n = send(cfd, buf, len, MSG_DONTWAIT);
        if (n != (ssize_t)len) {
            if (n >= 0)
                errno = EAGAIN;
            return -1;
        }
    }
    return 0;
}

/*
 * Data with the peer gone: rto_in_flight() segments, as the model has
 * them.  An established connection writes them all; an orphan writes all
 * but one and closes, its FIN being the last (tcp_send_fin() sends it as
 * a segment of its own once the data has left), and then retransmits in
 * FIN_WAIT1 until tcp_orphan_retries.  The capture counts what really
 * left before the first retransmission (verify_compare() holds it to the
 * model's count).
 */
static void m_retrans(const struct rto_params *p, int64_t deadline,
                      struct verify_measured *m, bool orphan)
{
    int n = rto_in_flight(p, orphan ? RTO_PATH_ORPHAN : RTO_PATH_RETRANS);
    int data = orphan ? n - 1 : n;
    bool bulk = data > INIT_CWND;
    int cfd, sfd, capfd;
    struct watch w = { 0 };
    struct tcp_info ti;

    if (bulk && verify_lo_mtu(BULK_MTU) != 0) {
        fail(m, "setting lo's MTU");
        return;
    }
    if (vanishing_pair(p, false, bulk ? (unsigned)data : 0, m, &cfd, &sfd,
                       &capfd) != 0)
        return;
    if (tcp_info_of(cfd, &ti) != 0 || ti.tcpi_snd_mss == 0) {
        fail(m, "TCP_INFO");
        return;
    }
    verify_capture_drain(capfd);
    w.sport = verify_local_port(cfd);
    w.dport = PORT_SERVER;
    w.data_only = true;
    w.count_segments = true;
    w.mss = (int)ti.tcpi_snd_mss;
    w.err_fd = orphan ? -1 : cfd;
    if (send_segments(cfd, data, bulk, w.mss) != 0) {
        fail(m, "write");
        return;
    }
    if (orphan) {
        w.gone_lport = w.sport;
        w.gone_rport = PORT_SERVER;
        close(cfd);
    }
    m->ran = true;
    run_loop(m, &w, capfd, deadline);
}

static void m_keepalive(const struct rto_params *p, int64_t deadline,
                        struct verify_measured *m)
{
    int cfd, sfd, capfd;
    struct watch w = { 0 };
    struct pkt pk;
    int64_t last_rx = 0;
    uint32_t next = 0;

    if (vanishing_pair(p, true, 0, m, &cfd, &sfd, &capfd) != 0)
        return;
    /*
     * Time zero: the last segment from the server, which restarted the
     * client's idle time (rcv_tstamp, lrcvtime).  The kernel's own view
     * checks it: keepalive_time_elapsed() counts from min(tcpi_last_data_
     * recv, tcpi_last_ack_recv) ago, in whole jiffies, so the segment must
     * lie no later than that instant plus a jiffy (and a millisecond of
     * reading); if none does, that instant itself is time zero (a jiffy's
     * precision instead of the capture's microsecond).  The client's own
     * next sequence number tells its keepalive probes (snd_una - 1) from
     * its delayed ACK.
     */
    usleep(1000);
    while (verify_capture_read(capfd, &pk) == 1) {
        if (pk.sport == PORT_SERVER)
            last_rx = pk.at_us;
        else if (pk.dport == PORT_SERVER)
            next = pk.seq + (uint32_t)pk.len;
    }
    {
        struct tcp_info ti;
        socklen_t len = sizeof(ti);
        int64_t t = verify_real_us();

        if (getsockopt(cfd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0) {
            uint32_t idle_ms = ti.tcpi_last_data_recv < ti.tcpi_last_ack_recv
                                   ? ti.tcpi_last_data_recv
                                   : ti.tcpi_last_ack_recv;
            int64_t zero = t - (int64_t)idle_ms * 1000;

            if (!last_rx || last_rx > zero + 1000000 / p->hz + 1000)
                last_rx = zero;
        }
    }
    if (!last_rx) {
        errno = ENODATA;
        fail(m, "no segment from the peer captured");
        return;
    }
    w.sport = verify_local_port(cfd);
    w.dport = PORT_SERVER;
    w.keepalive_seq = true;
    w.next_seq = next;
    w.err_fd = cfd;
    w.zero_us = last_rx;
    m->ran = true;
    run_loop(m, &w, capfd, deadline);
}

static void m_syn(const struct rto_params *p, int64_t deadline,
                  struct verify_measured *m)
{
    int lfd = verify_listener("127.0.0.1", PORT_SERVER);
    int capfd = verify_capture_open();
    int cfd = verify_client_socket(p, false);
    struct sockaddr_in sa;
    struct watch w = { 0 };

    if (lfd < 0 || capfd < 0 || cfd < 0) {
        fail(m, "setting up the sockets");
        return;
    }
    /* The listener drops every SYN: the peer never answers. */
    if (verify_drop_all(lfd) != 0) {
        fail(m, "SO_ATTACH_FILTER");
        return;
    }
    fcntl(cfd, F_SETFL, fcntl(cfd, F_GETFL) | O_NONBLOCK);
    verify_capture_drain(capfd);
    verify_addr(&sa, "127.0.0.1", PORT_SERVER);
    if (connect(cfd, (struct sockaddr *)&sa, sizeof(sa)) == 0
        || errno != EINPROGRESS) {
        fail(m, "connect");
        return;
    }
    w.sport = verify_local_port(cfd);
    w.dport = PORT_SERVER;
    w.syn_only = true;
    w.err_fd = cfd;
    m->ran = true;
    run_loop(m, &w, capfd, deadline);
}

static void m_synack(const struct rto_params *p, int64_t deadline,
                     struct verify_measured *m)
{
    int lfd = verify_listener("127.0.0.1", PORT_SERVER);
    /* The vanished client's address: a listener that drops everything,
     * so the SYN-ACKs are neither answered nor reset. */
    int ffd = verify_listener("127.0.0.2", PORT_FAKE);
    int capfd = verify_capture_open();
    struct watch w = { 0 };

    (void)p;
    if (lfd < 0 || ffd < 0 || capfd < 0 || verify_drop_all(ffd) != 0) {
        fail(m, "setting up the sockets");
        return;
    }
    verify_capture_drain(capfd);
    if (verify_send_raw_syn() != 0) {
        fail(m, "sending the SYN");
        return;
    }
    w.sport = PORT_SERVER;
    w.dport = PORT_FAKE;
    w.syn_only = true;
    w.err_fd = -1;
    w.gone_lport = PORT_SERVER;
    w.gone_rport = PORT_FAKE;
    m->ran = true;
    run_loop(m, &w, capfd, deadline);
    if (m->died && verify_proc_state(PORT_SERVER, PORT_FAKE) == ST_SYN_RECV)
        m->died = false;
}

static void m_fin_wait2(const struct rto_params *p, int64_t deadline,
                        struct verify_measured *m)
{
    int lfd = verify_listener("127.0.0.1", PORT_SERVER), cfd = -1, sfd = -1;
    int capfd = verify_capture_open();
    struct watch w = { 0 };
    struct pkt pk;
    int64_t end;
    uint32_t fin_seq = 0;
    bool fin_seen = false;

    if (lfd < 0 || capfd < 0 || verify_pair(p, false, lfd, &cfd, &sfd) != 0) {
        fail(m, "setting up the connection");
        return;
    }
    verify_tcp_info(cfd, m);
    verify_capture_drain(capfd);
    w.sport = verify_local_port(cfd);
    w.dport = PORT_SERVER;
    /* close(): the FIN goes out and the peer, alive but never closing,
     * acknowledges it.  Time zero is that ACK. */
    close(cfd);
    end = verify_real_us() + 2000000;
    while (!w.zero_us && verify_real_us() < end) {
        struct pollfd pf = { capfd, POLLIN, 0 };
        poll(&pf, 1, 10);
        while (verify_capture_read(capfd, &pk) == 1) {
            if (pk.sport == w.sport && (pk.flags & TCPF_FIN)) {
                fin_seq = pk.seq + (uint32_t)pk.len;
                fin_seen = true;
            } else if (fin_seen && pk.sport == PORT_SERVER
                       && pk.ack == fin_seq + 1) {
                w.zero_us = pk.at_us;
            }
        }
    }
    if (!w.zero_us) {
        errno = ENODATA;
        fail(m, "no ACK of the FIN captured");
        return;
    }
    w.err_fd = -1;
    w.data_only = true;
    w.sport = -1; /* nothing the dying side sends is an event */
    {
        struct sockaddr_in sa;
        socklen_t len = sizeof(sa);
        getpeername(sfd, (struct sockaddr *)&sa, &len);
        w.gone_lport = ntohs(sa.sin_port);
    }
    w.gone_rport = PORT_SERVER;
    m->ran = true;
    run_loop(m, &w, capfd, deadline);
}

/* The peer's receive buffer: its window closes after a few segments. */
#define PROBE0_RCVBUF 4096

/*
 * Zero-window probing (tcp_probe_timer()).  The peer's receive buffer is
 * small and it never reads, so its window closes with the sender's data
 * still queued and nothing in flight; then it vanishes.  Time zero is the
 * arming of the probe timer, which the peer's last segment does: the ACK
 * that emptied the flight with the window shut (tcp_ack(), then
 * tcp_check_probe_timer()), or any later ACK with nothing in flight
 * (tcp_ack_probe() re-arms it), such as a delayed one; so each of the
 * peer's segments moves time zero until the first probe.  A probe is a
 * segment at snd_una - 1 with nothing in it (tcp_xmit_probe_skb()).
 */
static void m_probe0(const struct rto_params *p, int64_t deadline,
                     struct verify_measured *m)
{
    static char buf[65536];
    int lfd = verify_listener("127.0.0.1", PORT_SERVER), cfd = -1, sfd = -1;
    int capfd = verify_capture_open(), rcvbuf = PROBE0_RCVBUF;
    struct watch w = { 0 };
    struct tcp_info ti;
    struct pkt pk;
    uint32_t next = 0;
    bool shut = false;
    int64_t end;

    /* Set on the listener, the buffer is the accepted socket's from the
     * SYN-ACK on (window and scale), and locked against autotuning. */
    if (lfd < 0 || capfd < 0
        || setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf))
        || verify_pair(p, false, lfd, &cfd, &sfd) != 0) {
        fail(m, "setting up the connection");
        return;
    }
    verify_capture_drain(capfd);
    w.sport = verify_local_port(cfd);
    w.dport = PORT_SERVER;
    memset(buf, 'z', sizeof(buf));
    end = verify_real_us() + 2000000;
    while (!shut && verify_real_us() < end) {
        struct pollfd pf = { capfd, POLLIN, 0 };

        if (send(cfd, buf, sizeof(buf), MSG_DONTWAIT) < 0 && errno != EAGAIN) {
            fail(m, "write");
            return;
        }
        poll(&pf, 1, 1);
        while (verify_capture_read(capfd, &pk) == 1) {
            if (pk.sport == w.sport && pk.dport == PORT_SERVER && pk.len > 0)
                next = pk.seq + (uint32_t)pk.len;
            else if (pk.sport == PORT_SERVER && pk.dport == w.sport)
                w.zero_us = pk.at_us;
        }
        shut = tcp_info_of(cfd, &ti) == 0 && ti.tcpi_unacked == 0
               && ti.tcpi_notsent_bytes > 0 && ti.tcpi_snd_wnd == 0;
    }
    if (!shut || !next || !w.zero_us) {
        errno = ENODATA;
        fail(m, "the peer's window did not close");
        return;
    }
    /* The probe timer's base is max(icsk_rto, TCP_RTO_MIN) as it is now,
     * at the arming (tcp_probe0_base()); the RTT samples of the fill may
     * have moved it from the pair's. */
    m->rtt_us = ti.tcpi_rtt;
    m->rto_us = ti.tcpi_rto;
    if (ti.tcpi_probes || ti.tcpi_backoff) {
        errno = EALREADY;
        fail(m, "a window probe before the peer vanished");
        return;
    }
    if (verify_drop_all(sfd) != 0) {
        fail(m, "SO_ATTACH_FILTER");
        return;
    }
    w.keepalive_seq = true;
    w.next_seq = next;
    w.zero_sport = PORT_SERVER;
    w.err_fd = cfd;
    m->ran = true;
    run_loop(m, &w, capfd, deadline);
}

void verify_measure(const struct verify_scenario *s,
                    const struct rto_params *p, int64_t deadline_us,
                    struct verify_measured *m)
{
    memset(m, 0, sizeof(*m));
    switch (s->path) {
    case RTO_PATH_RETRANS: m_retrans(p, deadline_us, m, false); break;
    case RTO_PATH_ORPHAN: m_retrans(p, deadline_us, m, true); break;
    case RTO_PATH_KEEPALIVE: m_keepalive(p, deadline_us, m); break;
    case RTO_PATH_SYN: m_syn(p, deadline_us, m); break;
    case RTO_PATH_SYNACK: m_synack(p, deadline_us, m); break;
    case RTO_PATH_FIN_WAIT2: m_fin_wait2(p, deadline_us, m); break;
    case RTO_PATH_PROBE0: m_probe0(p, deadline_us, m); break;
    case RTO_PATH_COUNT:
        m->ran = false;
        snprintf(m->why, sizeof(m->why), "no measurement for path %s",
                 rto_path_name(s->path));
        break;
    }
}
