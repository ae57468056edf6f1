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

/*
 * The jiffy a timer expiring at `expires` (absolute jiffies) fires at when
 * queued while the wheel's clock reads `clk`: kernel/time/timer.c
 * calc_wheel_index() and calc_index().  Unsigned, as the kernel's
 * unsigned long: only the low bits decide the rounding.
 */
/* WHEEL_TIMEOUT_CUTOFF (kernel/time/timer.c) at HZ hz: a timer armed
 * this many jiffies ahead or more is filed at the wheel's capacity and
 * fires early. */
uint64_t rto_wheel_cutoff(int hz);
uint64_t rto_wheel_bucket(uint64_t expires, uint64_t clk, int hz);

/*
 * With the absolute jiffies count known (`zero` at time zero): when a
 * timer that a callback at `at` ticks arms for d jiffies fires, on the
 * wheel level of a delay of level_d jiffies (d itself unless the delay
 * varies between runs).  The earliest (latest false): the callback on the
 * first tick at or after `at` and on time; the latest: on the last tick
 * at or before `at` and one tick late, which places it one level up at a
 * level boundary.  In ticks from time zero, on a jiffy tick.
 */
int64_t rto_wheel_fire(const struct rto_clock *c, uint64_t zero, int64_t at,
                       uint64_t d, uint64_t level_d, bool latest);

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

/*
 * Where a simulation resumes from a live socket instead of starting at its
 * path's time zero (rto_sock_predict()).  Time zero is then the jiffy tick
 * the sample was taken in; the pending timer expires at `first`, after
 * `count` retransmissions or probes, and was armed for `timer` jiffies
 * (its wheel level).  retrans_stamp, where one is taken, lies in
 * [stamp_early, stamp] (ticks, negative: before the sample), and the
 * nominal and typical runs take stamp_point.  Each firing
 * may come `slip` ticks past its wheel bucket (a tick seen late on another
 * CPU, LIVE-SOCKETS.md).  Every path leaves it off (on = false).
 */
struct rto_resume {
    bool on;
    int count;          /* icsk_retransmits or icsk_probes_out */
    int backoff;        /* icsk_backoff (the probe timer's shift) */
    uint64_t rto;       /* icsk_rto now, jiffies */
    uint64_t timer;     /* the pending timer's armed delay, jiffies */
    int64_t first;      /* its requested expiry, ticks */
    bool stamped;       /* retrans_stamp (probe0: the first probe) set */
    int64_t stamp;      /* its latest possible time, ticks */
    int64_t stamp_early;/* its earliest possible time, ticks */
    int64_t stamp_point;/* the time the point estimates take */
    int64_t slip;       /* extra lateness of each firing, ticks */
    bool exact;         /* the jiffies count is known: each timer fires
                         * on its wheel bucket (or `slip` after it) */
    uint64_t jiffies;   /* the absolute jiffies count at time zero */
};

/*
 * Where a resumed run's timers fire.  rto_resume_next(): the firing after
 * a callback at `now` (ticks) arms d jiffies; rto_resume_pending(): the
 * pending timer's.  Without rs->exact (or without rs->on) every timer is
 * late by rto_late_ticks(late); with it, RTO_LATE_NONE is still on time
 * (nominal), RTO_LATE_TYPICAL on its bucket, RTO_LATE_MAX on the latest
 * bucket (rto_wheel_fire()); neither adds rs->slip.
 */
int64_t rto_resume_next(const struct rto_resume *rs, const struct rto_clock *c,
                        int64_t now, uint64_t d, enum rto_lateness late);
int64_t rto_resume_pending(const struct rto_resume *rs,
                           const struct rto_clock *c, enum rto_lateness late);
/* The interval walk's step with rs->exact: a firing in [*lo, *hi] (ticks)
 * arms d jiffies on the level of a delay between level_lo and level_hi;
 * the next firing lies in the returned [*lo, *hi], slip included. */
void rto_resume_step(const struct rto_resume *rs, const struct rto_clock *c,
                     uint64_t d_lo, uint64_t d_hi, uint64_t level_lo,
                     uint64_t level_hi, int64_t *lo, int64_t *hi);

/* Where a resumed window walk starts: the stamp's latest (f_lo) and
 * earliest (f_hi) time, its width, and the pending firing's elapsed time
 * since each, [a, b].  Without a stamp the pending firing takes it:
 * [f_lo, f_hi] is that firing's time and a = b = width = 0. */
struct rto_resume_start {
    int64_t f_lo, f_hi, width, a, b;
};
void rto_resume_start(const struct rto_resume *rs, const struct rto_clock *c,
                      struct rto_resume_start *st);

/* rto_keepalive() and rto_probe0() from a live socket's state (rs NULL:
 * from the path's time zero). */
int rto_keepalive_resume(const struct rto_params *p,
                         const struct rto_resume *rs, struct rto_timeline *t);
int rto_probe0_resume(const struct rto_params *p, const struct rto_resume *rs,
                      struct rto_timeline *t);

/* The first RTO timer in jiffies at the socket's rto_min (HZ-rounded). */
uint64_t rto_min_jiffies(const struct rto_params *p);
uint64_t rto_max_jiffies(const struct rto_params *p);

#endif
