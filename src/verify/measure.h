/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to the measurement files of src/verify: capture.c (the outgoing
 * packets and their kernel timestamps), sockets.c (the sockets a scenario
 * sets up, and /proc/net/tcp) and measure.c (what each path measures).
 * The namespace they run in is netns.c's.
 */
#ifndef RTO_VERIFY_MEASURE_H
#define RTO_VERIFY_MEASURE_H

#include <netinet/in.h>

#include "verify/verify.h"

#define PORT_SERVER 7001
#define PORT_FAKE 7002
#define TCPF_FIN 0x01
#define TCPF_SYN 0x02
#define TCPF_RST 0x04
#define TCPF_ACK 0x10

/* /proc/net/tcp states (include/net/tcp_states.h). */
#define ST_SYN_RECV 3

/* One captured TCP packet (capture.c). */
struct pkt {
    int64_t at_us;
    int sport, dport;
    uint32_t seq, ack;
    int flags, len;
};

/* CLOCK_REALTIME in microseconds, the clock of the packets' kernel
 * timestamps. */
int64_t verify_real_us(void);
/* An AF_PACKET socket on lo that sees outgoing copies with kernel
 * timestamps, non-blocking; or -1. */
int verify_capture_open(void);
/* Read one outgoing TCP packet; 1 if one was read, 0 if none, -1. */
int verify_capture_read(int fd, struct pkt *pk);
/* Read and forget everything captured so far. */
void verify_capture_drain(int fd);

/* Set the MTU of the namespace's lo (netns.c): full-sized segments of a
 * bulk send are then of an ordinary size.  0 or -1 with errno. */
int verify_lo_mtu(int mtu);

/* The sockets (sockets.c).  Each returns a descriptor or 0 for success,
 * and -1 with errno set. */
void verify_addr(struct sockaddr_in *sa, const char *ip, int port);
int verify_listener(const char *ip, int port);
/* A classic BPF program that drops every packet for this socket. */
int verify_drop_all(int fd);
/* The client's per-socket settings: congestion control and user timeout. */
int verify_client_socket(const struct rto_params *p, bool keepalive);
/* Connect a client to the listener on PORT_SERVER and accept it. */
int verify_pair(const struct rto_params *p, bool keepalive, int lfd,
                int *cfd, int *sfd);
/* tcpi_rtt and tcpi_rto of fd into m. */
void verify_tcp_info(int fd, struct verify_measured *m);
int verify_local_port(int fd);
/* The state of the socket with this local/remote port pair in
 * /proc/net/tcp, 0 when it is gone, -1 when the file is unreadable. */
int verify_proc_state(int lport, int rport);
/* One SYN from 127.0.0.2:PORT_FAKE to PORT_SERVER on a raw socket. */
int verify_send_raw_syn(void);

#endif
