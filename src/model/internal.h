/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private helpers shared by the model's files.  Never installed.
 *
 * Inside a simulation time is counted in "ticks": the smallest unit in
 * which a jiffy, half a jiffy, a millisecond and a microsecond are all
 * whole numbers of ticks at the given HZ.  For HZ 100, 250 and 1000 a tick
 * is one microsecond; for HZ 300 (a jiffy is 3333.3 us) it is a third of
 * one.  This keeps every nominal time exact at every HZ.
 */
#ifndef RTO_MODEL_INTERNAL_H
#define RTO_MODEL_INTERNAL_H

#include "rtocalc.h"

struct rto_clock {
    int hz;
    int64_t tps;        /* ticks per second */
    int64_t tpj;        /* ticks per jiffy */
    int64_t tpms;       /* ticks per millisecond */
};

/* How late every timer fires in one run of a simulation. */
enum rto_lateness {
    RTO_LATE_NONE,      /* nominal: on time */
    RTO_LATE_TYPICAL,   /* half the wheel granularity */
    RTO_LATE_MAX,       /* the whole wheel granularity */
};

void rto_clock_init(struct rto_clock *c, int hz);
int64_t rto_ticks_to_us(const struct rto_clock *c, int64_t ticks);
int64_t rto_ticks_to_ms(const struct rto_clock *c, int64_t ticks);
int64_t rto_us_to_ticks(const struct rto_clock *c, int64_t us);

/* The lateness in ticks of a timer armed for `delay` jiffies. */
int64_t rto_late_ticks(const struct rto_clock *c, uint64_t delay,
                       enum rto_lateness late);

/* tcp_model_timeout() in unsigned 32-bit jiffies, before the conversion
 * to milliseconds (what kernels before 4.13 compared directly). */
uint32_t rto_model_timeout_jiffies(const struct rto_params *p,
                                   unsigned boundary, unsigned rto_base_ms);
/* The same from a base already in jiffies and the cap rto_max (the probe
 * timer's tcp_model_timeout(sk, probes, tcp_probe0_base(sk)), 5.1 to
 * 5.10). */
uint32_t rto_model_timeout_base(uint32_t base_j, uint32_t rto_max_j,
                                unsigned boundary);

/*
 * The give-up test of retransmits_timed_out() on the millisecond TCP
 * clock: (s32)(now - stamp - timeout) >= 0, done on unsigned 32-bit values
 * so that the kernel's wrap-around is reproduced without undefined
 * behaviour.
 */
bool rto_timed_out_ms(uint32_t now_ms, uint32_t stamp_ms, uint32_t timeout_ms);

/* Append an event; sets t->truncated instead when the array is full.
 * Returns a pointer to the stored event, or NULL. */
struct rto_event *rto_timeline_push(struct rto_timeline *t,
                                    enum rto_event_type type, int n,
                                    int64_t at_us);

/*
 * The give-up window collected over the firings that can end a socket:
 * each adds the earliest and latest time it can happen (ticks) and the
 * retransmission or probe count it would leave.
 */
struct rto_window {
    int64_t earliest, latest;
    int cmin, cmax;
};

void rto_window_init(struct rto_window *w);
void rto_window_add(struct rto_window *w, int64_t lo, int64_t hi, int count);
/* Store the window in t, in microseconds. */
void rto_window_store(const struct rto_window *w, const struct rto_clock *c,
                      struct rto_timeline *t);

/* The first RTO timer in jiffies at the socket's rto_min (HZ-rounded). */
uint64_t rto_min_jiffies(const struct rto_params *p);
uint64_t rto_max_jiffies(const struct rto_params *p);

#endif
