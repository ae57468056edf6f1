/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The measurements: real sockets on the loopback of a private network
 * namespace, a peer made to vanish with a classic BPF filter that drops
 * everything on its socket (so the sender's transmissions succeed and are
 * simply never answered; a local qdisc drop would count as local
 * congestion), transmissions captured with kernel timestamps on an
 * AF_PACKET socket (outgoing copies only), and the moment the error
 * reaches the application, or the socket disappears from /proc/net/tcp.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <linux/tcp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "verify/verify.h"

#define PORT_SERVER 7001
#define PORT_FAKE 7002
#define TCPF_FIN 0x01
#define TCPF_SYN 0x02
#define TCPF_RST 0x04
#define TCPF_ACK 0x10

/* /proc/net/tcp states (include/net/tcp_states.h). */
#define ST_SYN_RECV 3

static int64_t now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void fail(struct verify_measured *m, const char *what)
{
    m->ran = false;
    snprintf(m->why, sizeof(m->why), "%s: %s", what, strerror(errno));
}

/* ------------------------------------------------------------------ */
/* The namespace                                                      */
/* ------------------------------------------------------------------ */

static int write_sysctl(const char *name, long value, char *why, size_t size)
{
    char path[128], buf[32];
    int fd, n, len;

    snprintf(path, sizeof(path), "/proc/sys/net/ipv4/%s", name);
    fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, size, "%s: %s", path, strerror(errno));
        return -1;
    }
    len = snprintf(buf, sizeof(buf), "%ld\n", value);
    n = (int)write(fd, buf, (size_t)len);
    if (n != len) {
        snprintf(why, size, "writing %ld to %s: %s", value, path,
                 strerror(errno));
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

int verify_enter_netns(const struct rto_params *p, char *why, size_t size)
{
    struct ifreq ifr;
    int fd;
    const struct {
        const char *name;
        long value;
    } knobs[] = {
        { "tcp_retries1", p->retries1 },
        { "tcp_retries2", p->retries2 },
        { "tcp_rto_min_us", (long)p->rto_min_us },
        { "tcp_rto_max_ms", (long)(p->rto_max_us / 1000) },
        /* 3 enables RACK-TLP, 0 disables the tail loss probe. */
        { "tcp_early_retrans", p->tlp ? 3 : 0 },
        { "tcp_thin_linear_timeouts", p->thin ? 1 : 0 },
        { "tcp_syn_retries", p->syn_retries },
        { "tcp_syn_linear_timeouts", p->syn_linear_timeouts },
        { "tcp_synack_retries", p->synack_retries },
        { "tcp_orphan_retries", p->orphan_retries },
        { "tcp_fin_timeout", (long)(p->fin_timeout_us / 1000000) },
        { "tcp_keepalive_time", (long)(p->keepalive_time_us / 1000000) },
        { "tcp_keepalive_intvl", (long)(p->keepalive_intvl_us / 1000000) },
        { "tcp_keepalive_probes", p->keepalive_probes },
    };

    if (unshare(CLONE_NEWNET) != 0) {
        snprintf(why, size, "unshare(CLONE_NEWNET): %s", strerror(errno));
        return -1;
    }
    /*
     * A namespace of our own with a small TCP hash table (6.1+): set
     * tcp_child_ehash_entries in this private namespace, then create the
     * one the scenario runs in.  Reading /proc/net/tcp walks every bucket
     * of the table, and the host's shared one (262,144 buckets on a 24 GiB
     * machine) costs a millisecond a read; polled every 2 ms by several
     * scenarios at once, that kept the CPUs busy enough to delay the timer
     * softirq past the wheel's granularity.  Older kernels lack the knob
     * and keep the shared table (and the first namespace).
     */
    if (write_sysctl("tcp_child_ehash_entries", 1024, why, size) == 0
        && unshare(CLONE_NEWNET) != 0) {
        snprintf(why, size, "unshare(CLONE_NEWNET) for a private TCP hash "
                            "table: %s", strerror(errno));
        return -1;
    }
    fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(why, size, "socket: %s", strerror(errno));
        return -1;
    }
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
    if (ioctl(fd, SIOCGIFFLAGS, &ifr) != 0) {
        snprintf(why, size, "SIOCGIFFLAGS lo: %s", strerror(errno));
        close(fd);
        return -1;
    }
    ifr.ifr_flags = (short)(ifr.ifr_flags | IFF_UP);
    if (ioctl(fd, SIOCSIFFLAGS, &ifr) != 0) {
        snprintf(why, size, "bringing lo up: %s", strerror(errno));
        close(fd);
        return -1;
    }
    close(fd);
    for (size_t i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++)
        if (write_sysctl(knobs[i].name, knobs[i].value, why, size))
            return -1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Sockets                                                            */
/* ------------------------------------------------------------------ */

static void addr(struct sockaddr_in *sa, const char *ip, int port)
{
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, ip, &sa->sin_addr);
}

static int listener(const char *ip, int port)
{
    struct sockaddr_in sa;
    int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    addr(&sa, ip, port);
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0
        || listen(fd, 16) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* A classic BPF program that drops every packet for this socket. */
static int drop_all(int fd)
{
    struct sock_filter code[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
    struct sock_fprog prog = { 1, code };

    return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

/* The client's per-socket settings: congestion control and user timeout. */
static int client_socket(const struct rto_params *p, bool keepalive)
{
    static const char *const cc[] = { "reno", "cubic", "bbr" };
    int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    unsigned ut = (unsigned)(p->user_timeout_us / 1000);

    if (fd < 0)
        return -1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, cc[p->cc],
                   (socklen_t)strlen(cc[p->cc])) != 0
        || (ut && setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &ut,
                             sizeof(ut)) != 0)
        || (keepalive && setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one,
                                    sizeof(one)) != 0)) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Connect a client to the listener and accept it; a few exchanges give the
 * estimator RTT samples. */
static int pair(const struct rto_params *p, bool keepalive, int lfd, int *cfd,
                int *sfd)
{
    struct sockaddr_in sa;
    char b = 'x';
    int one = 1;

    *cfd = client_socket(p, keepalive);
    if (*cfd < 0)
        return -1;
    addr(&sa, "127.0.0.1", PORT_SERVER);
    if (connect(*cfd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
        return -1;
    *sfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    if (*sfd < 0)
        return -1;
    setsockopt(*sfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    for (int i = 0; i < 10; i++) {
        if (write(*cfd, &b, 1) != 1 || read(*sfd, &b, 1) != 1
            || write(*sfd, &b, 1) != 1 || read(*cfd, &b, 1) != 1)
            return -1;
    }
    /* A vanished peer sends nothing: wait until the server has nothing
     * unacknowledged (the client's ACK may be delayed), or it would
     * retransmit its last segment and keep the client's view alive. */
    for (int i = 0; i < 200; i++) {
        int queued = 0;
        if (ioctl(*sfd, SIOCOUTQ, &queued) != 0 || queued == 0)
            return 0;
        usleep(5000);
    }
    errno = ETIMEDOUT;
    return -1;
}

static void tcp_info_of(int fd, struct verify_measured *m)
{
    struct tcp_info ti;
    socklen_t len = sizeof(ti);

    memset(&ti, 0, sizeof(ti));
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0) {
        m->rtt_us = ti.tcpi_rtt;
        m->rto_us = ti.tcpi_rto;
    }
}

static int local_port(int fd)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof(sa);

    if (getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
        return -1;
    return ntohs(sa.sin_port);
}

/* ------------------------------------------------------------------ */
/* Capture                                                            */
/* ------------------------------------------------------------------ */

struct pkt {
    int64_t at_us;
    int sport, dport;
    uint32_t seq, ack;
    int flags, len;
};

static int capture_open(void)
{
    struct sockaddr_ll sll;
    int on = 1;
    /* Outgoing copies reach only ETH_P_ALL taps (dev_queue_xmit_nit). */
    int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
                    htons(ETH_P_ALL));

    if (fd < 0)
        return -1;
    memset(&sll, 0, sizeof(sll));
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = (int)if_nametoindex("lo");
    if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) != 0
        || setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static uint32_t be32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8
           | b[3];
}

/* Read one outgoing TCP packet; 1 if one was read, 0 if none, -1. */
static int capture_read(int fd, struct pkt *pk)
{
    unsigned char buf[256];
    char ctl[256];
    struct sockaddr_ll from;
    struct iovec iov = { buf, sizeof(buf) };
    struct msghdr msg;
    struct cmsghdr *c;
    ssize_t n;
    int ihl, tot, doff;

    for (;;) {
        memset(&msg, 0, sizeof(msg));
        msg.msg_name = &from;
        msg.msg_namelen = sizeof(from);
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = ctl;
        msg.msg_controllen = sizeof(ctl);
        n = recvmsg(fd, &msg, MSG_TRUNC);
        if (n < 0)
            return errno == EAGAIN ? 0 : -1;
        if (from.sll_pkttype != PACKET_OUTGOING
            || from.sll_protocol != htons(ETH_P_IP) || n < 40 || buf[9] != 6)
            continue;
        ihl = (buf[0] & 0x0f) * 4;
        tot = buf[2] << 8 | buf[3];
        doff = (buf[ihl + 12] >> 4) * 4;
        pk->sport = buf[ihl] << 8 | buf[ihl + 1];
        pk->dport = buf[ihl + 2] << 8 | buf[ihl + 3];
        pk->seq = be32(buf + ihl + 4);
        pk->ack = be32(buf + ihl + 8);
        pk->flags = buf[ihl + 13];
        pk->len = tot - ihl - doff;
        pk->at_us = now_us();
        for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level == SOL_SOCKET
                && c->cmsg_type == SO_TIMESTAMPNS) {
                struct timespec ts;
                memcpy(&ts, CMSG_DATA(c), sizeof(ts));
                pk->at_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
            }
        }
        return 1;
    }
}

static void capture_drain(int fd)
{
    struct pkt pk;

    while (capture_read(fd, &pk) == 1)
        ;
}

/* Is a socket with this local/remote port pair in /proc/net/tcp? Returns
 * its state, or 0 when it is gone. */
static int proc_state(int lport, int rport)
{
    char line[256];
    int state = 0;
    FILE *f = fopen("/proc/net/tcp", "re");

    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f)) {
        unsigned la, lp, ra, rp, st;
        if (sscanf(line, " %*d: %x:%x %x:%x %x", &la, &lp, &ra, &rp, &st) == 5
            && (int)lp == lport && (int)rp == rport) {
            state = (int)st;
            break;
        }
    }
    fclose(f);
    return state;
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
    int64_t end = now_us() + deadline_us;
    bool gone_watch = w->gone_lport > 0;

    for (;;) {
        struct pollfd fds[2] = { { capfd, POLLIN, 0 }, { w->err_fd, 0, 0 } };
        struct pkt pk;
        int64_t t = now_us();

        if (t > end) {
            m->died = false;
            return;
        }
        if (poll(fds, w->err_fd >= 0 ? 2 : 1, gone_watch ? 2 : 50) < 0
            && errno != EINTR) {
            fail(m, "poll");
            return;
        }
        while (capture_read(capfd, &pk) == 1)
            if (counts(w, &pk))
                record(m, w, &pk);
        if (w->err_fd >= 0 && (fds[1].revents & (POLLERR | POLLHUP))) {
            int err = 0;
            socklen_t len = sizeof(err);
            getsockopt(w->err_fd, SOL_SOCKET, SO_ERROR, &err, &len);
            m->died = true;
            m->error = err;
            m->give_up_us = now_us() - w->zero_us;
            return;
        }
        if (gone_watch && w->zero_us
            && proc_state(w->gone_lport, w->gone_rport) == 0) {
            m->died = true;
            m->give_up_us = now_us() - w->zero_us;
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
    int lfd = listener("127.0.0.1", PORT_SERVER);

    *capfd = capture_open();
    if (lfd < 0 || *capfd < 0 || pair(p, keepalive, lfd, cfd, sfd) != 0) {
        fail(m, "setting up the connection");
        return -1;
    }
    tcp_info_of(*cfd, m);
    if (drop_all(*sfd) != 0) {
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
    capture_drain(capfd);
    w.sport = local_port(cfd);
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
    while (capture_read(capfd, &pk) == 1) {
        if (pk.sport == PORT_SERVER)
            last_rx = pk.at_us;
        else if (pk.dport == PORT_SERVER)
            next = pk.seq + (uint32_t)pk.len;
    }
    {
        struct tcp_info ti;
        socklen_t len = sizeof(ti);
        int64_t t = now_us();

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
    w.sport = local_port(cfd);
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
    int lfd = listener("127.0.0.1", PORT_SERVER);
    int capfd = capture_open();
    int cfd = client_socket(p, false);
    struct sockaddr_in sa;
    struct watch w = { 0 };

    if (lfd < 0 || capfd < 0 || cfd < 0) {
        fail(m, "setting up the sockets");
        return;
    }
    /* The listener drops every SYN: the peer never answers. */
    if (drop_all(lfd) != 0) {
        fail(m, "SO_ATTACH_FILTER");
        return;
    }
    fcntl(cfd, F_SETFL, fcntl(cfd, F_GETFL) | O_NONBLOCK);
    capture_drain(capfd);
    addr(&sa, "127.0.0.1", PORT_SERVER);
    if (connect(cfd, (struct sockaddr *)&sa, sizeof(sa)) == 0
        || errno != EINPROGRESS) {
        fail(m, "connect");
        return;
    }
    w.sport = local_port(cfd);
    w.dport = PORT_SERVER;
    w.syn_only = true;
    w.err_fd = cfd;
    m->ran = true;
    run_loop(m, &w, capfd, deadline);
}

static uint16_t csum(const unsigned char *b, size_t n, uint32_t sum)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)(b[i] << 8 | b[i + 1]);
    if (n & 1)
        sum += (uint32_t)(b[n - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* One SYN from 127.0.0.2:PORT_FAKE, sent on a raw socket: no client socket
 * exists to retransmit it. */
static int send_raw_syn(void)
{
    unsigned char tcp[20] = { 0 }, pseudo[32];
    struct sockaddr_in src, dst;
    int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_TCP);
    int rc;

    if (fd < 0)
        return -1;
    addr(&src, "127.0.0.2", 0);
    addr(&dst, "127.0.0.1", 0);
    if (bind(fd, (struct sockaddr *)&src, sizeof(src)) != 0) {
        close(fd);
        return -1;
    }
    tcp[0] = PORT_FAKE >> 8;
    tcp[1] = PORT_FAKE & 0xff;
    tcp[2] = PORT_SERVER >> 8;
    tcp[3] = PORT_SERVER & 0xff;
    tcp[4] = 0x12; /* an arbitrary initial sequence number */
    tcp[5] = 0x34;
    tcp[12] = 5 << 4;
    tcp[13] = TCPF_SYN;
    tcp[14] = 0xff; /* window 65535 */
    tcp[15] = 0xff;
    memcpy(pseudo, &src.sin_addr, 4);
    memcpy(pseudo + 4, &dst.sin_addr, 4);
    pseudo[8] = 0;
    pseudo[9] = IPPROTO_TCP;
    pseudo[10] = 0;
    pseudo[11] = 20;
    memcpy(pseudo + 12, tcp, 20);
    {
        uint16_t c = csum(pseudo, 32, 0);
        tcp[16] = (unsigned char)(c >> 8);
        tcp[17] = (unsigned char)(c & 0xff);
    }
    rc = (int)sendto(fd, tcp, sizeof(tcp), 0, (struct sockaddr *)&dst,
                     sizeof(dst));
    close(fd);
    return rc == (int)sizeof(tcp) ? 0 : -1;
}

static void m_synack(const struct rto_params *p, int64_t deadline,
                     struct verify_measured *m)
{
    int lfd = listener("127.0.0.1", PORT_SERVER);
    /* The vanished client's address: a listener that drops everything,
     * so the SYN-ACKs are neither answered nor reset. */
    int ffd = listener("127.0.0.2", PORT_FAKE);
    int capfd = capture_open();
    struct watch w = { 0 };

    (void)p;
    if (lfd < 0 || ffd < 0 || capfd < 0 || drop_all(ffd) != 0) {
        fail(m, "setting up the sockets");
        return;
    }
    capture_drain(capfd);
    if (send_raw_syn() != 0) {
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
    if (m->died && proc_state(PORT_SERVER, PORT_FAKE) == ST_SYN_RECV)
        m->died = false;
}

static void m_fin_wait2(const struct rto_params *p, int64_t deadline,
                        struct verify_measured *m)
{
    int lfd = listener("127.0.0.1", PORT_SERVER), cfd = -1, sfd = -1;
    int capfd = capture_open();
    struct watch w = { 0 };
    struct pkt pk;
    int64_t end;
    uint32_t fin_seq = 0;
    bool fin_seen = false;

    if (lfd < 0 || capfd < 0 || pair(p, false, lfd, &cfd, &sfd) != 0) {
        fail(m, "setting up the connection");
        return;
    }
    tcp_info_of(cfd, m);
    capture_drain(capfd);
    w.sport = local_port(cfd);
    w.dport = PORT_SERVER;
    /* close(): the FIN goes out and the peer, alive but never closing,
     * acknowledges it.  Time zero is that ACK. */
    close(cfd);
    end = now_us() + 2000000;
    while (!w.zero_us && now_us() < end) {
        struct pollfd pf = { capfd, POLLIN, 0 };
        poll(&pf, 1, 10);
        while (capture_read(capfd, &pk) == 1) {
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
    switch (s->kind) {
    case VK_RETRANS: m_retrans(p, deadline_us, m, false); break;
    case VK_ORPHAN: m_retrans(p, deadline_us, m, true); break;
    case VK_KEEPALIVE: m_keepalive(p, deadline_us, m); break;
    case VK_SYN: m_syn(p, deadline_us, m); break;
    case VK_SYNACK: m_synack(p, deadline_us, m); break;
    case VK_FIN_WAIT2: m_fin_wait2(p, deadline_us, m); break;
    }
}
