/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The capture: the transmissions of the dying side, seen as outgoing
 * copies on an AF_PACKET socket, each with the kernel's timestamp of the
 * moment it left.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "verify/measure.h"

int64_t verify_real_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int verify_capture_open(void)
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
int verify_capture_read(int fd, struct pkt *pk)
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
        pk->at_us = verify_real_us();
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

void verify_capture_drain(int fd)
{
    struct pkt pk;

    while (verify_capture_read(fd, &pk) == 1)
        ;
}

/*
 * Packet timestamps for the whole run.  Every capture socket asks for
 * them (SO_TIMESTAMPNS), but the kernel switches timestamping on and off
 * globally as such sockets come and go, and a packet sent while it is off
 * is stamped with the time it is read ("race occurred between timestamp
 * enabling and packet receiving"): with scenarios starting and ending all
 * the time, some events were stamped milliseconds late and some keepalive
 * zeros tens of milliseconds late.  One socket held open by the runner
 * keeps it on; the switch itself may be deferred to a work queue, hence
 * the pause.
 */
int verify_capture_hold_timestamps(void)
{
    int ts_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

    if (ts_fd >= 0) {
        int on = 1;
        if (setsockopt(ts_fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)))
            on = 0;
        usleep(20000);
    }
    return ts_fd;
}
