/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NETLINK_SOCK_DIAG: the inet_diag dump of every TCP socket with
 * INET_DIAG_INFO (struct tcp_info), as ss(8) asks for it, parsed into
 * struct rto_sock.  The parser trusts nothing in the buffer: every length
 * is checked against what is left before anything is read, and a message
 * that does not fit is reported by its index and type.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "live/live.h"

/*
 * Offsets in struct tcp_info (include/uapi/linux/tcp.h).  The kernel
 * sends as much of it as it has; the fields up to tcpi_total_retrans are
 * in every kernel the profiles cover, the total_rto trio came in 6.7
 * (3868ab0f1925).  Read by offset so that older C headers do not matter.
 */
#define TI_CA_STATE 1
#define TI_RETRANSMITS 2
#define TI_PROBES 3
#define TI_BACKOFF 4
#define TI_RTO 8
#define TI_UNACKED 24
#define TI_LAST_DATA_SENT 44
#define TI_LAST_DATA_RECV 52
#define TI_LAST_ACK_RECV 56
#define TI_RTT 68
#define TI_TOTAL_RETRANS 100
#define TI_BASE_LEN 104
#define TI_TOTAL_RTO 240
#define TI_TOTAL_RTO_RECOVERIES 242
#define TI_TOTAL_RTO_TIME 244
#define TI_RTO_LEN 248

void live_socks_free(struct live_socks *s)
{
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

static struct rto_sock *push(struct live_socks *s)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 256;
        struct rto_sock *v = realloc(s->v, cap * sizeof(*v));

        if (!v)
            return NULL;
        s->v = v;
        s->cap = cap;
    }
    return &s->v[s->n++];
}

static uint32_t u32_at(const unsigned char *p, size_t off)
{
    uint32_t v;

    memcpy(&v, p + off, sizeof(v));
    return v;
}

static uint16_t u16_at(const unsigned char *p, size_t off)
{
    uint16_t v;

    memcpy(&v, p + off, sizeof(v));
    return v;
}

static void take_info(struct rto_sock *s, const unsigned char *ti,
                      size_t len)
{
    if (len < TI_BASE_LEN)
        return;
    s->has_info = true;
    s->ca_state = ti[TI_CA_STATE];
    s->retransmits = ti[TI_RETRANSMITS];
    s->probes = ti[TI_PROBES];
    s->backoff = ti[TI_BACKOFF];
    s->rto_us = u32_at(ti, TI_RTO);
    s->unacked = u32_at(ti, TI_UNACKED);
    s->last_data_sent_us = (int64_t)u32_at(ti, TI_LAST_DATA_SENT) * 1000;
    s->last_data_recv_us = (int64_t)u32_at(ti, TI_LAST_DATA_RECV) * 1000;
    s->last_ack_recv_us = (int64_t)u32_at(ti, TI_LAST_ACK_RECV) * 1000;
    s->rtt_us = u32_at(ti, TI_RTT);
    s->total_retrans = u32_at(ti, TI_TOTAL_RETRANS);
    if (len >= TI_RTO_LEN) {
        s->has_total_rto = true;
        s->total_rto = u16_at(ti, TI_TOTAL_RTO);
        s->total_rto_recoveries = u16_at(ti, TI_TOTAL_RTO_RECOVERIES);
        s->total_rto_time_us = (int64_t)u32_at(ti, TI_TOTAL_RTO_TIME) * 1000;
    }
}

/* One inet_diag_msg and its attributes (payload of len bytes), handed to
 * fn.  Returns 0, -1 with why, or fn's non-zero errno value. */
static int take_msg(const unsigned char *m, size_t len, live_sock_fn fn,
                    void *ctx, size_t idx, char *why, size_t size)
{
    struct inet_diag_msg d;
    struct rto_sock sock, *s = &sock;
    size_t off;

    if (len < sizeof(d)) {
        snprintf(why, size, "message %zu (inet_diag): %zu bytes, less than "
                 "the %zu of struct inet_diag_msg", idx, len, sizeof(d));
        return -1;
    }
    memcpy(&d, m, sizeof(d));
    if (d.idiag_family != AF_INET && d.idiag_family != AF_INET6) {
        snprintf(why, size, "message %zu (inet_diag): address family %u",
                 idx, d.idiag_family);
        return -1;
    }
    memset(s, 0, sizeof(*s));
    s->family = d.idiag_family == AF_INET ? 4 : 6;
    memcpy(s->src, d.id.idiag_src, sizeof(s->src));
    memcpy(s->dst, d.id.idiag_dst, sizeof(s->dst));
    s->sport = ntohs(d.id.idiag_sport);
    s->dport = ntohs(d.id.idiag_dport);
    s->state = d.idiag_state;
    s->timer = d.idiag_timer;
    s->expires_us = (int64_t)d.idiag_expires * 1000;
    s->retrans = d.idiag_retrans;
    s->uid = d.idiag_uid;
    s->inode = d.idiag_inode;
    s->cookie = (uint64_t)d.id.idiag_cookie[1] << 32 | d.id.idiag_cookie[0];

    /* The attributes: each rtattr whole inside the message. */
    off = NLMSG_ALIGN(sizeof(d));
    while (off + sizeof(struct rtattr) <= len) {
        struct rtattr a;

        memcpy(&a, m + off, sizeof(a));
        if (a.rta_len < sizeof(a) || a.rta_len > len - off) {
            snprintf(why, size, "message %zu (inet_diag): attribute %u at "
                     "byte %zu claims %u bytes, %zu are left", idx,
                     a.rta_type, off, a.rta_len, len - off);
            return -1;
        }
        if (a.rta_type == INET_DIAG_INFO)
            take_info(s, m + off + RTA_LENGTH(0), a.rta_len - RTA_LENGTH(0));
        off += RTA_ALIGN(a.rta_len);
    }
    return fn(s, ctx);
}

int live_parse_each(const void *buf, size_t len, live_sock_fn fn, void *ctx,
                    int *done, size_t *used, char *why, size_t size)
{
    const unsigned char *p = buf;
    size_t off = 0, idx = 0;

    *done = 0;
    *used = len;
    while (off < len) {
        struct nlmsghdr h;
        size_t left = len - off;

        if (left < sizeof(h)) {
            snprintf(why, size, "message %zu: truncated header, %zu of %zu "
                     "bytes", idx, left, sizeof(h));
            return -1;
        }
        memcpy(&h, p + off, sizeof(h));
        if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > left) {
            snprintf(why, size, "message %zu (type %u): length %u, %zu "
                     "bytes are left", idx, h.nlmsg_type, h.nlmsg_len, left);
            return -1;
        }
        if (h.nlmsg_type == NLMSG_DONE) {
            *done = 1;
            *used = off + NLMSG_ALIGN(h.nlmsg_len) < len
                        ? off + NLMSG_ALIGN(h.nlmsg_len) : len;
            return 0;
        }
        if (h.nlmsg_type == NLMSG_ERROR) {
            struct nlmsgerr e;

            if (h.nlmsg_len < NLMSG_LENGTH(sizeof(e))) {
                snprintf(why, size, "message %zu (error): truncated", idx);
                return -1;
            }
            memcpy(&e, p + off + NLMSG_HDRLEN, sizeof(e));
            snprintf(why, size, "message %zu (error): %s", idx,
                     strerror(e.error < 0 ? -e.error : e.error));
            return -1;
        }
        if (h.nlmsg_type == SOCK_DIAG_BY_FAMILY) {
            int err = take_msg(p + off + NLMSG_HDRLEN,
                               h.nlmsg_len - NLMSG_HDRLEN, fn, ctx, idx, why,
                               size);

            if (err > 0)
                snprintf(why, size, "message %zu (inet_diag): %s", idx,
                         strerror(err));
            if (err != 0)
                return -1;
        } else if (h.nlmsg_type >= NLMSG_MIN_TYPE) {
            snprintf(why, size, "message %zu: unexpected type %u", idx,
                     h.nlmsg_type);
            return -1;
        }
        idx++;
        if (NLMSG_ALIGN(h.nlmsg_len) >= left)
            break;
        off += NLMSG_ALIGN(h.nlmsg_len);
    }
    return 0;
}

int live_socks_append(struct rto_sock *s, void *ctx)
{
    struct rto_sock *d = push(ctx);

    if (!d)
        return ENOMEM;
    *d = *s;
    return 0;
}

int live_parse(const void *buf, size_t len, struct live_socks *out,
               int *done, size_t *used, char *why, size_t size)
{
    return live_parse_each(buf, len, live_socks_append, out, done, used, why,
                           size);
}

static int dump_family(int fd, int family, live_sock_fn fn, void *ctx,
                       FILE *raw, char *why, size_t size)
{
    struct {
        struct nlmsghdr h;
        struct inet_diag_req_v2 r;
    } req;
    struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
    /* 32 KiB, as ss reads; the kernel fills at most this much a call. */
    static const size_t bufsize = 32768;
    unsigned char *buf = malloc(bufsize);
    int done = 0, rc = -1;
    size_t used;

    if (!buf) {
        snprintf(why, size, "sock_diag: %s", strerror(ENOMEM));
        return -1;
    }
    memset(&req, 0, sizeof(req));
    req.h.nlmsg_len = sizeof(req);
    req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.h.nlmsg_seq = (uint32_t)family;
    req.r.sdiag_family = (uint8_t)family;
    req.r.sdiag_protocol = IPPROTO_TCP;
    req.r.idiag_states = ~0u;
    req.r.idiag_ext = 1u << (INET_DIAG_INFO - 1);
    if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&sa,
               sizeof(sa)) < 0) {
        snprintf(why, size, "sock_diag request: %s", strerror(errno));
        goto out;
    }
    while (!done) {
        ssize_t n = recv(fd, buf, bufsize, 0);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(why, size, "sock_diag: %s", strerror(errno));
            goto out;
        }
        if (n == 0) {
            snprintf(why, size, "sock_diag: the dump ended without "
                     "NLMSG_DONE");
            goto out;
        }
        if (raw && fwrite(buf, 1, (size_t)n, raw) != (size_t)n) {
            snprintf(why, size, "recording the dump: %s", strerror(errno));
            goto out;
        }
        if (live_parse_each(buf, (size_t)n, fn, ctx, &done, &used, why,
                            size) != 0)
            goto out;
    }
    rc = 0;
out:
    free(buf);
    return rc;
}

int live_dump_each(live_sock_fn fn, void *ctx, FILE *raw, char *why,
                   size_t size)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    int rc;

    if (fd < 0) {
        snprintf(why, size, "sock_diag socket: %s", strerror(errno));
        return -1;
    }
    rc = dump_family(fd, AF_INET, fn, ctx, raw, why, size);
    if (rc == 0)
        rc = dump_family(fd, AF_INET6, fn, ctx, raw, why, size);
    close(fd);
    return rc;
}

int live_dump(struct live_socks *out, FILE *raw, char *why, size_t size)
{
    return live_dump_each(live_socks_append, out, raw, why, size);
}
