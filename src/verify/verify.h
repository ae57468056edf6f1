/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc verify: measure the running kernel in private network namespaces
 * and hold the model to it.  Linux only; never installed.
 *
 * Each scenario runs in a child process that calls unshare(CLONE_NEWNET),
 * so the namespace, its sysctls and its sockets vanish with the child,
 * even on SIGKILL.  The host's sysctls, firewall and interfaces are never
 * touched.
 */
#ifndef RTO_VERIFY_H
#define RTO_VERIFY_H

#include "rtocalc.h"

struct verify_scenario {
    const char *name;
    enum rto_path path;     /* what it measures: a row of the path table */
    bool quick;             /* part of --quick */
    const char *args;       /* the rtocalc command and options, spaces */
    const char *what;       /* one line for --list */
};

/* The catalogue, in the order it runs. */
const struct verify_scenario *verify_catalogue(size_t *count);

#define VERIFY_MAX_EVENTS 64

/* What one scenario measured (times from its time zero, microseconds). */
struct verify_measured {
    bool ran;                       /* false: could not run; see why */
    char why[160];
    int events;                     /* transmissions after time zero */
    int64_t event_us[VERIFY_MAX_EVENTS];
    bool died;
    int64_t give_up_us;
    int error;                      /* errno seen by the application */
    int64_t rtt_us;                 /* tcpi_rtt before the peer vanished */
    int64_t rto_us;                 /* tcpi_rto before the peer vanished */
    int in_flight;                  /* segments that left before the first
                                     * retransmission (packets_out), 0 where
                                     * the path does not count them */
};

/*
 * Run one scenario in the calling process, which must already be alone in
 * a fresh network namespace (verify_enter_netns()).  p holds the settings;
 * deadline_us bounds every wait.
 */
void verify_measure(const struct verify_scenario *s,
                    const struct rto_params *p, int64_t deadline_us,
                    struct verify_measured *m);

/* A socket that keeps the kernel's packet timestamps on while it is open
 * (capture.c), for the runner to hold for a whole run; or -1. */
int verify_capture_hold_timestamps(void);

/* unshare(CLONE_NEWNET), bring lo up and write p's sysctls into the new
 * namespace.  Returns 0, or -1 with a reason in why. */
int verify_enter_netns(const struct rto_params *p, char *why, size_t size);

/* 1, with the knob in why, when p needs a sysctl that p's kernel profile
 * lacks (a value other than the one that kernel runs without it); else
 * 0.  verify skips such a scenario on that kernel. */
int verify_lacks_knob(const struct rto_params *p, char *why, size_t size);

#endif
