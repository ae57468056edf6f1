/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sockets a scenario sets up on the namespace's loopback: a listener,
 * a client with the scenario's per-socket settings, a connected pair, the
 * filter that makes a peer vanish, a SYN from a client that never existed;
 * and what the kernel says of them (TCP_INFO, /proc/net/tcp).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/sockios.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "verify/measure.h"

void verify_addr(struct sockaddr_in *sa, const char *ip, int port)
{
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, ip, &sa->sin_addr);
}

int verify_listener(const char *ip, int port)
{
    struct sockaddr_in sa;
    int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    verify_addr(&sa, ip, port);
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0
        || listen(fd, 16) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* A classic BPF program that drops every packet for this socket. */
int verify_drop_all(int fd)
{
    struct sock_filter code[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
    struct sock_fprog prog = { 1, code };

    return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

/* include/net/tcp.h: the socket options' upper limits. */
#define MAX_TCP_KEEPIDLE 32767
#define MAX_TCP_KEEPINTVL 32767
#define MAX_TCP_KEEPCNT 127

/* TCP_KEEPIDLE, TCP_KEEPINTVL or TCP_KEEPCNT set to value when the option
 * takes it (1..max, whole seconds for the times); 0 or -1. */
static int keepalive_option(int fd, int opt, int64_t value, int64_t unit,
                            int max)
{
    int v;

    if (value % unit || value < unit || value / unit > max)
        return 0;
    v = (int)(value / unit);
    return setsockopt(fd, IPPROTO_TCP, opt, &v, sizeof(v));
}

/*
 * The client's per-socket settings: congestion control, user timeout and
 * keepalive.  Keepalive's values are also the namespace's sysctls; the
 * socket options, which take precedence (keepalive_time_when() and the
 * like), are set too wherever they accept the value, as an application
 * would: TCP_KEEPCNT has no 0 (tcp_keepalive_probes 0 is the sysctl's
 * alone).
 */
int verify_client_socket(const struct rto_params *p, bool keepalive)
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
        || (keepalive
            && (keepalive_option(fd, TCP_KEEPIDLE, p->keepalive_time_us,
                                 1000000, MAX_TCP_KEEPIDLE) != 0
                || keepalive_option(fd, TCP_KEEPINTVL, p->keepalive_intvl_us,
                                    1000000, MAX_TCP_KEEPINTVL) != 0
                || keepalive_option(fd, TCP_KEEPCNT, p->keepalive_probes, 1,
                                    MAX_TCP_KEEPCNT) != 0
                || setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one,
                              sizeof(one)) != 0))) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Connect a client to the listener and accept it; a few exchanges give the
 * estimator RTT samples. */
int verify_pair(const struct rto_params *p, bool keepalive, int lfd,
                int *cfd, int *sfd)
{
    struct sockaddr_in sa;
    char b = 'x';
    int one = 1;

    *cfd = verify_client_socket(p, keepalive);
    if (*cfd < 0)
        return -1;
    verify_addr(&sa, "127.0.0.1", PORT_SERVER);
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

void verify_tcp_info(int fd, struct verify_measured *m)
{
    struct tcp_info ti;
    socklen_t len = sizeof(ti);

    memset(&ti, 0, sizeof(ti));
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0) {
        m->rtt_us = ti.tcpi_rtt;
        m->rto_us = ti.tcpi_rto;
    }
}

int verify_local_port(int fd)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof(sa);

    if (getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
        return -1;
    return ntohs(sa.sin_port);
}

/* Is a socket with this local/remote port pair in /proc/net/tcp? Returns
 * its state, or 0 when it is gone. */
int verify_proc_state(int lport, int rport)
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
int verify_send_raw_syn(void)
{
    unsigned char tcp[20] = { 0 }, pseudo[32];
    struct sockaddr_in src, dst;
    int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_TCP);
    int rc;

    if (fd < 0)
        return -1;
    verify_addr(&src, "127.0.0.2", 0);
    verify_addr(&dst, "127.0.0.1", 0);
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
