/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Jiffies arithmetic and the timer wheel's granularity.
 *
 * The conversions follow include/linux/jiffies.h and kernel/time/time.c:
 * everything converted *to* jiffies rounds up (a timer must never be
 * early); jiffies_to_msecs() is exact when HZ divides 1000 and rounds up
 * otherwise (HZ=300 on 64-bit: DIV_ROUND_UP(j * 10, 3)); jiffies_to_usecs()
 * truncates.
 */
#include "internal.h"

#define USEC_PER_SEC 1000000
#define MSEC_PER_SEC 1000

/* The CONFIG_HZ choices of kernel/Kconfig.hz. */
static const int hz_values[] = { 100, 250, 300, 1000 };

const int *rto_hz_values(size_t *count)
{
    *count = sizeof(hz_values) / sizeof(hz_values[0]);
    return hz_values;
}

bool rto_hz_valid(int hz)
{
    for (size_t i = 0; i < sizeof(hz_values) / sizeof(hz_values[0]); i++)
        if (hz == hz_values[i])
            return true;
    return false;
}

static uint64_t div_round_up_scaled(uint64_t v, uint64_t num, uint64_t den)
{
    /* ceil(v * num / den) without overflowing for v * num. */
    uint64_t q = v / den, r = v % den;
    return q * num + (r * num + den - 1) / den;
}

uint64_t rto_us_to_jiffies(int64_t us, int hz)
{
    if (us <= 0)
        return 0;
    return div_round_up_scaled((uint64_t)us, (uint64_t)hz, USEC_PER_SEC);
}

uint64_t rto_ms_to_jiffies(int64_t ms, int hz)
{
    if (ms <= 0)
        return 0;
    return div_round_up_scaled((uint64_t)ms, (uint64_t)hz, MSEC_PER_SEC);
}

uint64_t rto_jiffies_to_ms(uint64_t j, int hz)
{
    if (MSEC_PER_SEC % hz == 0)
        return j * (uint64_t)(MSEC_PER_SEC / hz);
    return div_round_up_scaled(j, MSEC_PER_SEC, (uint64_t)hz);
}

uint64_t rto_jiffies_to_us(uint64_t j, int hz)
{
    if (USEC_PER_SEC % hz == 0)
        return j * (uint64_t)(USEC_PER_SEC / hz);
    return j / (uint64_t)hz * USEC_PER_SEC
           + j % (uint64_t)hz * USEC_PER_SEC / (uint64_t)hz;
}

/*
 * kernel/time/timer.c: a wheel of LVL_DEPTH levels (9 when HZ > 100, else
 * 8) with 64 buckets each; level n starts at a delay of LVL_START(n) =
 * 63 << 3(n - 1) jiffies and has a granularity of 8^n jiffies.  Delays past
 * the last level are cut to the wheel's capacity (WHEEL_TIMEOUT_CUTOFF).
 */
int rto_wheel_level(uint64_t delay, int hz)
{
    int depth = hz > 100 ? 9 : 8;
    int level = 0;

    /* Start near the answer: 63 << 3n lies between 2^(5+3n) and
     * 2^(6+3n), so a delay of b bits is at level (b - 6) / 3 rounded up
     * or the one above. */
    if (delay >= 64) {
        int bits = 64 - __builtin_clzll(delay);
        level = (bits - 6 + 2) / 3 - 1;
        if (level < 0)
            level = 0;
    }
    for (; level < depth - 1; level++) {
        if (delay < (uint64_t)63 << (3 * level))
            return level;
    }
    return depth - 1;
}

uint64_t rto_wheel_granularity(uint64_t delay, int hz)
{
    return (uint64_t)1 << (3 * rto_wheel_level(delay, hz));
}

void rto_clock_init(struct rto_clock *c, int hz)
{
    c->hz = hz;
    /* lcm(2 * HZ, 10^6) ticks per second: 10^6 for HZ 100/250/1000,
     * 3 * 10^6 for HZ 300. */
    c->tps = (USEC_PER_SEC % (2 * hz) == 0) ? USEC_PER_SEC
                                            : 3 * (int64_t)USEC_PER_SEC;
    c->tpj = c->tps / hz;
    c->tpms = c->tps / MSEC_PER_SEC;
}

int64_t rto_ticks_to_us(const struct rto_clock *c, int64_t ticks)
{
    int64_t per_us = c->tps / USEC_PER_SEC;

    /* Negative ticks only as a difference; negate through unsigned so
     * that INT64_MIN cannot overflow. */
    if (ticks >= 0)
        return ticks / per_us;
    return -(int64_t)((0u - (uint64_t)ticks) / (uint64_t)per_us);
}

int64_t rto_ticks_to_ms(const struct rto_clock *c, int64_t ticks)
{
    if (ticks >= 0)
        return ticks / c->tpms;
    return -(int64_t)(((0u - (uint64_t)ticks) + (uint64_t)c->tpms - 1)
                      / (uint64_t)c->tpms);
}

int64_t rto_us_to_ticks(const struct rto_clock *c, int64_t us)
{
    return us * (c->tps / USEC_PER_SEC);
}

int64_t rto_late_ticks(const struct rto_clock *c, uint64_t delay,
                       enum rto_lateness late)
{
    int64_t gran;

    if (late == RTO_LATE_NONE)
        return 0;
    gran = (int64_t)rto_wheel_granularity(delay, c->hz) * c->tpj;
    switch (late) {
    case RTO_LATE_TYPICAL:
        return gran / 2;
    case RTO_LATE_MAX:
        return gran;
    case RTO_LATE_NONE:
    default:
        return 0;
    }
}

uint64_t rto_wheel_cutoff(int hz)
{
    /* WHEEL_TIMEOUT_CUTOFF = LVL_START(LVL_DEPTH), LVL_DEPTH 9 when
     * HZ > 100, else 8. */
    return (uint64_t)63 << (3 * (hz > 100 ? 8 : 7));
}

uint64_t rto_wheel_bucket(uint64_t expires, uint64_t clk, int hz)
{
    /* kernel/time/timer.c calc_wheel_index(): the level from delta =
     * expires - clk (LVL_START(n) = 63 << 3(n - 1)), a delta past the
     * wheel's capacity cut to WHEEL_TIMEOUT_MAX, a timer already due
     * (delta < 0 as a long) to the clock itself... */
    int depth = hz > 100 ? 9 : 8;
    uint64_t delta = expires - clk;
    uint64_t cutoff = rto_wheel_cutoff(hz);
    int level;

    if ((int64_t)delta < 0)
        return clk;
    if (delta >= cutoff)
        expires = clk + cutoff - ((uint64_t)1 << (3 * (depth - 1)));
    level = rto_wheel_level(delta, hz);
    /* ...and calc_index(): (expires >> LVL_SHIFT(lvl)) + 1, back to
     * jiffies, the first multiple of 8^lvl strictly after the expiry. */
    return ((expires >> (3 * level)) + 1) << (3 * level);
}

/* Floor and ceiling of t / d for d > 0, t of either sign. */
static int64_t floor_div(int64_t t, int64_t d)
{
    return t / d - (t % d < 0);
}

static int64_t ceil_div(int64_t t, int64_t d)
{
    return t / d + (t % d > 0);
}

int64_t rto_wheel_fire(const struct rto_clock *c, uint64_t zero, int64_t at,
                       uint64_t d, uint64_t level_d, bool latest)
{
    /* Timers fire on jiffy ticks: the earliest callback on the first tick
     * at or after `at`, the latest on the last one at or before it. */
    int64_t j = latest ? floor_div(at, c->tpj) : ceil_div(at, c->tpj);
    uint64_t now = zero + (uint64_t)j;
    uint64_t expires = now + d;
    /*
     * While timers run, base->clk is one ahead of jiffies (__run_timers(),
     * forward_timer_base()): a timer re-armed by a callback on time is
     * placed by delta = d - 1.  A callback a tick late sees base->clk equal
     * to jiffies, delta = d: the coarser level, the later bucket.
     */
    uint64_t clk = expires - level_d + (latest ? 0 : 1);

    return (j + (int64_t)(rto_wheel_bucket(expires, clk, c->hz) - now))
           * c->tpj;
}
