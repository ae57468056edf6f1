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
#include <sys/types.h>

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

/* A field of enum rto_field as a bit of the masks below. */
#define LIVE_BIT(f) (UINT32_C(1) << (unsigned)(f))

/* What the owner's descriptor told of a socket's hidden options (those
 * rto_sock_field_option() names), in the model's units. */
struct live_sockopt {
    uint32_t read;      /* LIVE_BIT() of each field read */
    uint32_t absent;    /* of each whose option this kernel lacks
                         * (ENOPROTOOPT: TCP_RTO_MAX_MS before 6.15) */
    int err;            /* why nothing was read: 0, or an errno (EPERM:
                         * neither root nor ptrace access; ESRCH: the
                         * process is gone; EBADF: the descriptor was
                         * closed or now holds another file; ENOSYS:
                         * no pidfd_getfd(), Linux before 5.6;
                         * ECANCELED: not tried, a cgroup-v1 net_cls or
                         * net_prio hierarchy is mounted and receiving
                         * the descriptor would reclassify the socket) */
    int64_t value[RTO_F_COUNT];
};

/* Whether a mountinfo file (/proc/self/mountinfo's format) mounts a
 * cgroup-v1 net_cls or net_prio hierarchy, where live_sockopts() reads
 * nothing (ECANCELED): taking a descriptor would reclassify the socket. */
bool live_v1_net_cgroup(FILE *mountinfo);

/*
 * Read the hidden options of socks[0..n-1] from their owners into
 * out[0..n-1]: one pidfd_open() a process, then for each of its sockets
 * pidfd_getfd() of the descriptor the owner index found, checked to hold
 * the same inode, getsockopt() of each option, and close().  No
 * duplicated descriptor stays open.  A socket without an owner (pid 0:
 * an orphan, or a process the caller may not read) is left with nothing
 * read and err 0.  Returns how many sockets had an option read.
 */
size_t live_sockopts(const struct rto_sock *const *socks, size_t n,
                     struct live_sockopt *out);

/*
 * The same a socket at a time, for sockets as a dump delivers them: the
 * cgroup check made once, and the pidfd of the last owner kept for its
 * next socket (a process's sockets tend to come together).  Init, read
 * each socket into out (returns whether an option was read), close.
 */
struct live_sockopt_reader {
    int v1;             /* the cgroup check: -1 not made yet */
    int pid;            /* the owner pidfd opens, or 0 */
    int pidfd;          /* or -1, with err why */
    int err;
};
void live_sockopt_reader_init(struct live_sockopt_reader *r);
bool live_sockopt_read(struct live_sockopt_reader *r,
                       const struct rto_sock *s, struct live_sockopt *out);
void live_sockopt_reader_close(struct live_sockopt_reader *r);

/*
 * A socket's settings: set (the namespace's, with what the command line
 * gave as RTO_SRC_USER) with each field got read on top, as
 * RTO_SRC_SOCKET, where the model takes its value.  The socket's own
 * value is the truth: returns the LIVE_BIT() of each field given on the
 * command line that the value read replaced with a different one.
 */
uint32_t live_sockopt_overlay(const struct rto_sock_settings *set,
                              const struct live_sockopt *got,
                              struct rto_sock_settings *out);

/* The namespace's sysctls into set (source RTO_SRC_SYSCTL for each one
 * read).  Missing files are left at their defaults.  Returns how many
 * were read. */
int live_sysctls(struct rto_sock_settings *set);

/* A network namespace to sample: the file that opens it, how the rows
 * name it (path + label: NAME of /run/netns/NAME, or the whole path), and
 * its nsfs identity (0: not known yet, as for --netns).  A path holds
 * "/run/netns/" and a name of up to NAME_MAX (255) characters. */
#define LIVE_NETNS_RUN "/run/netns"
#define LIVE_NETNS_PATH 288
struct live_netns {
    char path[LIVE_NETNS_PATH];
    size_t label;
    dev_t dev;
    ino_t ino;
};

struct live_netns_list {
    struct live_netns *v;
    size_t n, cap;
};

/* Every network namespace: those named in /run/netns (by name), then
 * those of the processes in /proc (by pid), each once by device and
 * inode; the caller's own among them.  Returns 0, or -1 when out of
 * memory. */
int live_netns_all(struct live_netns_list *out);
void live_netns_free(struct live_netns_list *l);

/* Make ns the calling thread's network namespace.  *back receives a
 * descriptor of the one it left for live_netns_leave(), or -1 when ns is
 * already the caller's (entered without privilege).  Returns 0, or a
 * negative errno with why (-EPERM: setns needs CAP_SYS_ADMIN; -ESRCH:
 * the process's namespace is no longer the one listed). */
int live_netns_enter(const struct live_netns *ns, int *back, char *why,
                     size_t size);
/* Return to the namespace back names, and close it; nothing for -1.
 * Returns 0, or -1 with why. */
int live_netns_leave(int back, char *why, size_t size);

/* The sample's time after the last jiffy tick at HZ hz, from
 * CLOCK_MONOTONIC (ticks fall on whole jiffies of it), or -1; the number
 * of that tick into *tick (live_tick()); and, when /proc/timer_list can
 * be read (root only; otherwise silently not), the kernel's jiffies count
 * in that tick into *jiffies with *known set.  With the count known, the
 * call returns early enough in a tick for a dump to follow in it (it may
 * wait for the next, a tick and a quarter at most), and only once a
 * reading of the count shows that the tick's increment has happened: a
 * dump that ends before the tick does (live_tick() still *tick) read
 * that count. */
int64_t live_clock(int hz, int64_t *tick, uint64_t *jiffies, bool *known);

/* The number of the CLOCK_MONOTONIC tick of HZ hz now (ticks fall on
 * whole jiffies of it), or -1: whether a later moment is in the same
 * tick, without reading /proc/timer_list again. */
int64_t live_tick(int hz);

#endif
