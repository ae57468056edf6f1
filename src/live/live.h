/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The live-socket reader (Linux only): NETLINK_SOCK_DIAG inet_diag dumps
 * of TCP over IPv4 and IPv6 with tcp_info, parsed into struct rto_sock,
 * and the namespace's settings from /proc/sys/net/ipv4.  Between the
 * writers and the CLI; it asks the model through the public API only.
 */
#ifndef RTO_LIVE_H
#define RTO_LIVE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rtocalc.h"

/* A growing array of sockets. */
struct live_socks {
    struct rto_sock *v;
    size_t n, cap;
};

void live_socks_free(struct live_socks *s);

/*
 * Parse one buffer of netlink messages answering SOCK_DIAG_BY_FAMILY,
 * appending each socket to out.  *done is set at NLMSG_DONE, and *used
 * to the bytes up to and including it (len without one).  Returns 0,
 * or -1 with one line in why naming the message (its index and type) and
 * what is wrong with it: truncated, malformed or an error from the kernel.
 * Never reads past len.
 */
int live_parse(const void *buf, size_t len, struct live_socks *out,
               int *done, size_t *used, char *why, size_t size);

/* Dump every TCP socket of the caller's network namespace, IPv4 then
 * IPv6.  raw, when not NULL, receives a copy of every buffer received
 * (for recording).  Returns 0, or -1 with why. */
int live_dump(struct live_socks *out, FILE *raw, char *why, size_t size);

/*
 * Called with each socket as its message is parsed, in the dump's order,
 * so that a caller can predict and write it without holding the others.
 * s is the parser's own copy, valid until the call returns; the callee
 * may change it (say, fill in its owner).  Returns 0 to go on, or an
 * errno value that ends the parse: it returns -1 with why naming the
 * message and strerror() of the value.
 */
typedef int (*live_sock_fn)(struct rto_sock *s, void *ctx);

/* A live_sock_fn that appends a copy of s to the struct live_socks ctx
 * (ENOMEM when it cannot grow). */
int live_socks_append(struct rto_sock *s, void *ctx);

/* live_parse() and live_dump() with each socket handed to fn instead of
 * appended to an array (they are these with live_socks_append). */
int live_parse_each(const void *buf, size_t len, live_sock_fn fn, void *ctx,
                    int *done, size_t *used, char *why, size_t size);
int live_dump_each(live_sock_fn fn, void *ctx, FILE *raw, char *why,
                   size_t size);

/* One socket link of /proc/PID/fd: the socket's inode, the process and
 * the descriptor number. */
struct live_owner {
    uint64_t inode;
    int pid;
    int fd;
};

/* Every socket link the caller may read (its own processes, or all as
 * root), sorted by inode, one entry per inode: the lowest pid that has
 * it open, and its lowest descriptor there. */
struct live_owner_index {
    struct live_owner *v;
    size_t n, cap;
};

/* Read each /proc/PID/fd directory once into ix.  Built before a dump,
 * it lets the sockets be matched as they arrive.  Returns 0, or -1 when
 * memory runs out (ix then holds what was read). */
int live_owner_scan(struct live_owner_index *ix);

/* The owner of the socket with this inode, or NULL (0: an orphan). */
const struct live_owner *live_owner_find(const struct live_owner_index *ix,
                                         uint64_t inode);

void live_owner_index_free(struct live_owner_index *ix);

/* The owning process of each socket with an inode, from the
 * socket:[INODE] links in /proc/PID/fd (the processes the caller may
 * read: its own, or all as root).  A socket open in several processes
 * gets the lowest pid.  Returns how many sockets got one. */
size_t live_owners(struct live_socks *s);

/* The namespace's sysctls into set (source RTO_SRC_SYSCTL for each one
 * read).  Missing files are left at their defaults.  Returns how many
 * were read. */
int live_sysctls(struct rto_sock_settings *set);

/* The sample's time after the last jiffy tick at HZ hz, from
 * CLOCK_MONOTONIC (ticks fall on whole jiffies of it), or -1. */
int64_t live_phase_us(int hz);

#endif
