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
#include <linux/tcp.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
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
    uint32_t next_seq;      /* for keepalive probes */
    int err_fd;             /* POLLERR ends it, or -1 */
    int gone_lport, gone_rport; /* vanishing from /proc/net/tcp ends it */
    int64_t zero_us;        /* time zero if known beforehand, else 0 */
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
        while (verify_capture_read(capfd, &pk) == 1)
            if (counts(w, &pk))
                record(m, w, &pk);
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

/* A connected pair whose server side then vanishes (everything for its
 * socket dropped), with the capture already running.  The listener stays
 * open for the life of the process. */
static int vanishing_pair(const struct rto_params *p, bool keepalive,
                          struct verify_measured *m, int *cfd, int *sfd,
                          int *capfd)
{
    int lfd = verify_listener("127.0.0.1", PORT_SERVER);

    *capfd = verify_capture_open();
    if (lfd < 0 || *capfd < 0
        || verify_pair(p, keepalive, lfd, cfd, sfd) != 0) {
        fail(m, "setting up the connection");
        return -1;
    }
    verify_tcp_info(*cfd, m);
    if (verify_drop_all(*sfd) != 0) {
        fail(m, "SO_ATTACH_FILTER");
        return -1;
    }
    return 0;
}

static void m_retrans(const struct rto_params *p, int64_t deadline,
                      struct verify_measured *m, bool orphan)
{
    int cfd, sfd, capfd;
    struct watch w = { 0 };
    char b = 'y';

    if (vanishing_pair(p, false, m, &cfd, &sfd, &capfd) != 0)
        return;
    verify_capture_drain(capfd);
    w.sport = verify_local_port(cfd);
    w.dport = PORT_SERVER;
    w.data_only = true;
    w.err_fd = orphan ? -1 : cfd;
    if (orphan) {
        /* The application closes: its FIN is the segment an orphan in
         * FIN_WAIT1 retransmits until tcp_orphan_retries. */
        w.gone_lport = w.sport;
        w.gone_rport = PORT_SERVER;
        close(cfd);
    } else if (write(cfd, &b, 1) != 1) {
        fail(m, "write");
        return;
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

    if (vanishing_pair(p, true, m, &cfd, &sfd, &capfd) != 0)
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
    /* Zero-window probing is not staged yet (README, "What is modelled,
     * and how it is checked"). */
    case RTO_PATH_PROBE0:
    case RTO_PATH_COUNT:
        m->ran = false;
        snprintf(m->why, sizeof(m->why), "no measurement for path %s",
                 rto_path_name(s->path));
        break;
    }
}
