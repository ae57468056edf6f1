/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The private network namespace a scenario runs in: lo up, and the
 * scenario's settings written into the namespace's own sysctls, so the
 * host's are never touched.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "verify/measure.h"

/* 0, or -errno with the reason in why. */
static int write_sysctl(const char *name, long value, char *why, size_t size)
{
    char path[128], buf[32];
    int fd, n, len;

    snprintf(path, sizeof(path), "/proc/sys/net/ipv4/%s", name);
    fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        snprintf(why, size, "%s: %s", path, strerror(err));
        return -err;
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

/*
 * The sysctls a scenario writes.  since: the feature of the profile that
 * brought the knob, or -1 for knobs every profile has.  A kernel older
 * than that has no file for it and runs the fixed value its profile gives
 * by default (rto_min 200 ms, rto_max 120 s, no linear SYN timeouts).
 */
struct knob {
    const char *name;
    long value;
    int since;
};

#define MAX_KNOBS 16

static size_t knobs_of(const struct rto_params *p, struct knob *k)
{
    const struct knob all[] = {
        { "tcp_retries1", p->retries1, -1 },
        { "tcp_retries2", p->retries2, -1 },
        { "tcp_rto_min_us", (long)p->rto_min_us, RTO_FEAT_RTO_MIN_SYSCTL },
        { "tcp_rto_max_ms", (long)(p->rto_max_us / 1000), RTO_FEAT_RTO_MAX },
        /* 3 enables RACK-TLP, 0 disables the tail loss probe. */
        { "tcp_early_retrans", p->tlp ? 3 : 0, -1 },
        { "tcp_thin_linear_timeouts", p->thin ? 1 : 0, -1 },
        { "tcp_syn_retries", p->syn_retries, -1 },
        { "tcp_syn_linear_timeouts", p->syn_linear_timeouts,
          RTO_FEAT_SYN_LINEAR },
        { "tcp_synack_retries", p->synack_retries, -1 },
        { "tcp_orphan_retries", p->orphan_retries, -1 },
        { "tcp_fin_timeout", (long)(p->fin_timeout_us / 1000000), -1 },
        { "tcp_keepalive_time", (long)(p->keepalive_time_us / 1000000), -1 },
        { "tcp_keepalive_intvl", (long)(p->keepalive_intvl_us / 1000000),
          -1 },
        { "tcp_keepalive_probes", p->keepalive_probes, -1 },
    };

    _Static_assert(sizeof(all) / sizeof(all[0]) <= MAX_KNOBS,
                   "MAX_KNOBS too small");
    memcpy(k, all, sizeof(all));
    return sizeof(all) / sizeof(all[0]);
}

/* Is knob i of p one the profile lacks, with the profile's fixed value? */
static bool knob_absent_by_default(const struct rto_params *p,
                                   const struct knob *k, size_t i)
{
    struct rto_params d;
    struct knob dk[MAX_KNOBS];

    if (k[i].since < 0 || rto_kernel_has(p->kernel,
                                         (enum rto_feature)k[i].since))
        return false;
    rto_params_default_for(&d, p->kernel);
    knobs_of(&d, dk);
    return dk[i].value == k[i].value;
}

int verify_lacks_knob(const struct rto_params *p, char *why, size_t size)
{
    struct knob k[MAX_KNOBS];
    size_t n = knobs_of(p, k);

    for (size_t i = 0; i < n; i++) {
        char v[16];
        if (k[i].since < 0 || rto_kernel_has(p->kernel,
                                             (enum rto_feature)k[i].since)
            || knob_absent_by_default(p, k, i))
            continue;
        /* The CLI accepts e.g. --rto-min on such a kernel (ip route's
         * rto_min sets it there), but verify sets it by sysctl only. */
        snprintf(why, size, "%s=%ld: Linux %s has no such sysctl", k[i].name,
                 k[i].value, rto_kernel_name(p->kernel, v, sizeof(v)));
        return 1;
    }
    return 0;
}

int verify_enter_netns(const struct rto_params *p, char *why, size_t size)
{
    struct ifreq ifr;
    struct knob knobs[MAX_KNOBS];
    size_t nknobs = knobs_of(p, knobs);
    int fd;

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
    for (size_t i = 0; i < nknobs; i++) {
        int rc = write_sysctl(knobs[i].name, knobs[i].value, why, size);
        /* The kernel already runs the value: nothing to write. */
        if (rc == -ENOENT && knob_absent_by_default(p, knobs, i))
            continue;
        if (rc)
            return -1;
    }
    return 0;
}

/* Inside the scenario's namespace only: its own lo, never the host's. */
int verify_lo_mtu(int mtu)
{
    struct ifreq ifr;
    int rc, fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

    if (fd < 0)
        return -1;
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
    ifr.ifr_mtu = mtu;
    rc = ioctl(fd, SIOCSIFMTU, &ifr);
    close(fd);
    return rc;
}
