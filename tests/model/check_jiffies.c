/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Jiffies conversions, the timer wheel, CONFIG_HZ and the initial RTO
 * (src/model/jiffies.c and src/model/estimator.c).
 *
 * Every expected value names its source: a section or vector of
 * KERNEL.md, or a hand derivation written next to it.
 */
#include <check.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>

#include "rtocalc.h"
#include "helpers.h"


/* ------------------------------------------------------------------ */
/* Conversions between time and jiffies                               */
/* ------------------------------------------------------------------ */

enum conv {
    US_TO_J, /* rto_us_to_jiffies: rounds up */
    MS_TO_J, /* rto_ms_to_jiffies: rounds up */
    J_TO_MS, /* rto_jiffies_to_ms: exact if HZ | 1000, else rounds up */
    J_TO_US, /* rto_jiffies_to_us: exact if HZ | 10^6, else truncates */
};

struct conv_row {
    const char *source;
    enum conv op;
    int hz;
    int64_t in;
    uint64_t want;
};

static const struct conv_row conv_rows[] = {
    /* usecs_to_jiffies() of the loopback RTO 20 us + 200 000 us. */
    { "KERNEL.md V15: ceil(200020 * 250 / 10^6) = ceil(50.005) = 51",
      US_TO_J, 250, 200020, 51 },
    { "KERNEL.md V16: ceil(200020 * 1000 / 10^6) = ceil(200.02) = 201",
      US_TO_J, 1000, 200020, 201 },
    { "KERNEL.md V16: ceil(200020 * 100 / 10^6) = ceil(20.002) = 21",
      US_TO_J, 100, 200020, 21 },
    { "KERNEL.md V16: ceil(200020 * 300 / 10^6) = ceil(60.006) = 61",
      US_TO_J, 300, 200020, 61 },
    { "KERNEL.md 0.2: TCP_RTO_MIN 200 ms is exactly 50 jiffies at HZ=250",
      US_TO_J, 250, 200000, 50 },
    { "KERNEL.md 0.2: TCP_RTO_MAX 120 s is 30000 jiffies at HZ=250",
      US_TO_J, 250, 120000000, 30000 },
    { "KERNEL.md 0.2: TCP_RTO_MAX 120 s is 36000 jiffies at HZ=300",
      US_TO_J, 300, 120000000, 36000 },
    { "KERNEL.md 8.2: 4001 us is stored as 2 jiffies at HZ=250",
      US_TO_J, 250, 4001, 2 },
    { "KERNEL.md 8.2: 4000 us is 1 jiffy at HZ=250 (below the 2 minimum)",
      US_TO_J, 250, 4000, 1 },
    { "KERNEL.md 8.2: 1001 us is 2 jiffies at HZ=1000",
      US_TO_J, 1000, 1001, 2 },
    { "KERNEL.md 8.2: 10001 us is 2 jiffies at HZ=100",
      US_TO_J, 100, 10001, 2 },
    { "KERNEL.md 8.2: 3334 us is 2 jiffies at HZ=300 (ceil(1.0002))",
      US_TO_J, 300, 3334, 2 },
    { "round up: 3333 us at HZ=300 is ceil(0.9999) = 1 jiffy",
      US_TO_J, 300, 3333, 1 },
    { "round up: 1 us is ceil(0.0001) = 1 jiffy at HZ=100",
      US_TO_J, 100, 1, 1 },
    { "ceil(0) = 0: zero microseconds are zero jiffies",
      US_TO_J, 1000, 0, 0 },

    /* msecs_to_jiffies(). */
    { "KERNEL.md 0.2: TCP_RTO_MIN 200 ms = 20 jiffies at HZ=100",
      MS_TO_J, 100, 200, 20 },
    { "KERNEL.md 0.2: TCP_RTO_MIN 200 ms = 50 jiffies at HZ=250",
      MS_TO_J, 250, 200, 50 },
    { "KERNEL.md 0.2: TCP_RTO_MIN 200 ms = 60 jiffies at HZ=300",
      MS_TO_J, 300, 200, 60 },
    { "KERNEL.md 0.2: TCP_RTO_MIN 200 ms = 200 jiffies at HZ=1000",
      MS_TO_J, 1000, 200, 200 },
    { "KERNEL.md 0.2: TCP_RTO_MAX 120000 ms = 12000 jiffies at HZ=100",
      MS_TO_J, 100, 120000, 12000 },
    { "KERNEL.md 0.2: TCP_RTO_MAX 120000 ms = 120000 jiffies at HZ=1000",
      MS_TO_J, 1000, 120000, 120000 },
    { "KERNEL.md 0.2: TCP_RESOURCE_PROBE_INTERVAL 500 ms = 150 at HZ=300",
      MS_TO_J, 300, 500, 150 },
    { "round up: 1 ms at HZ=250 is ceil(0.25) = 1 jiffy",
      MS_TO_J, 250, 1, 1 },
    { "round up: 7 ms at HZ=250 is ceil(1.75) = 2 jiffies",
      MS_TO_J, 250, 7, 2 },
    { "round up: 201 ms at HZ=300 is ceil(60.3) = 61 jiffies",
      MS_TO_J, 300, 201, 61 },

    /* jiffies_to_msecs(). */
    { "KERNEL.md V15: 51 jiffies at HZ=250 = 204 ms",
      J_TO_MS, 250, 51, 204 },
    { "KERNEL.md V16: 201 jiffies at HZ=1000 = 201 ms",
      J_TO_MS, 1000, 201, 201 },
    { "KERNEL.md V16: 21 jiffies at HZ=100 = 210 ms",
      J_TO_MS, 100, 21, 210 },
    { "KERNEL.md 0.1: HZ=300 rounds up, 61 jiffies = ceil(203.33) = 204 ms",
      J_TO_MS, 300, 61, 204 },
    { "KERNEL.md 0.1: HZ=300 rounds up, 1 jiffy = ceil(3.33) = 4 ms",
      J_TO_MS, 300, 1, 4 },
    { "KERNEL.md 0.2: TCP_TIMEOUT_MIN 2 jiffies = ceil(6.67) = 7 ms at 300",
      J_TO_MS, 300, 2, 7 },
    { "KERNEL.md 0.2: 60 jiffies at HZ=300 = 200 ms exactly",
      J_TO_MS, 300, 60, 200 },
    { "KERNEL.md 0.2: 36000 jiffies at HZ=300 = 120000 ms exactly",
      J_TO_MS, 300, 36000, 120000 },
    { "KERNEL.md 0.2: TCP_TIMEOUT_MIN 2 jiffies = 20 ms at HZ=100",
      J_TO_MS, 100, 2, 20 },
    { "KERNEL.md 0.2: TCP_TIMEOUT_MIN 2 jiffies = 8 ms at HZ=250",
      J_TO_MS, 250, 2, 8 },
    { "KERNEL.md 0.2: TCP_TIMEOUT_MIN 2 jiffies = 2 ms at HZ=1000",
      J_TO_MS, 1000, 2, 2 },

    /* jiffies_to_usecs(). */
    { "KERNEL.md 2.5: tcpi_rto 204000 us = 51 jiffies at HZ=250",
      J_TO_US, 250, 51, 204000 },
    { "KERNEL.md 2.5: 21 jiffies at HZ=100 = 210000 us",
      J_TO_US, 100, 21, 210000 },
    { "KERNEL.md 2.5: 201 jiffies at HZ=1000 = 201000 us",
      J_TO_US, 1000, 201, 201000 },
    { "truncates: 61 jiffies at HZ=300 = 203333.3 us -> 203333",
      J_TO_US, 300, 61, 203333 },
    { "truncates: 1 jiffy at HZ=300 = 3333.3 us -> 3333",
      J_TO_US, 300, 1, 3333 },
    { "truncates: 2 jiffies at HZ=300 = 6666.7 us -> 6666",
      J_TO_US, 300, 2, 6666 },
    { "exact: 3 jiffies at HZ=300 = 10000 us",
      J_TO_US, 300, 3, 10000 },
    { "KERNEL.md 0.3: 32768 jiffies at HZ=250 = 131.072 s",
      J_TO_US, 250, 32768, 131072000 },
};

static const char *conv_name(enum conv op)
{
    switch (op) {
    case US_TO_J:
        return "rto_us_to_jiffies";
    case MS_TO_J:
        return "rto_ms_to_jiffies";
    case J_TO_MS:
        return "rto_jiffies_to_ms";
    case J_TO_US:
    default:
        return "rto_jiffies_to_us";
    }
}

START_TEST(test_conversions)
{
    const struct conv_row *r = &conv_rows[_i];
    uint64_t got;

    switch (r->op) {
    case US_TO_J:
        got = rto_us_to_jiffies(r->in, r->hz);
        break;
    case MS_TO_J:
        got = rto_ms_to_jiffies(r->in, r->hz);
        break;
    case J_TO_MS:
        got = rto_jiffies_to_ms((uint64_t)r->in, r->hz);
        break;
    case J_TO_US:
    default:
        got = rto_jiffies_to_us((uint64_t)r->in, r->hz);
        break;
    }
    ck_assert_msg(got == r->want,
                  "%s: %s(%" PRId64 ", HZ=%d) = %" PRIu64 ", want %" PRIu64,
                  r->source, conv_name(r->op), r->in, r->hz, got, r->want);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The timer wheel                                                    */
/* ------------------------------------------------------------------ */

struct wheel_row {
    const char *source;
    int hz;
    uint64_t delay;      /* jiffies */
    int level;
    uint64_t gran;       /* jiffies, 8^level */
    uint64_t gran_us;    /* the same in us (jiffies_to_usecs) */
};

/*
 * KERNEL.md 0.3: level L holds delays below 63 * 8^L jiffies (63, 504,
 * 4032, 32256, 258048, 2064384, 16515072, ...) and its granularity is
 * 8^L jiffies.  The rows of its granularity table, in jiffies first.
 */
static const struct wheel_row wheel_rows[] = {
    /* 200 ms RTO. */
    { "KERNEL.md 0.3: 200 ms at HZ=100 is 20 j, L0, 10 ms", 100, 20, 0, 1,
      10000 },
    { "KERNEL.md 0.3: 200 ms at HZ=250 is 50 j, L0, 4 ms", 250, 50, 0, 1,
      4000 },
    { "KERNEL.md 0.3: 200 ms at HZ=300 is 60 j, L0, 3.3 ms", 300, 60, 0, 1,
      3333 },
    { "KERNEL.md 0.3: 200 ms at HZ=1000 is 200 j, L1, 8 ms", 1000, 200, 1,
      8, 8000 },
    /* 1 s. */
    { "KERNEL.md 0.3: 1 s at HZ=100 is 100 j, L1, 80 ms", 100, 100, 1, 8,
      80000 },
    { "KERNEL.md 0.3: 1 s at HZ=250 is 250 j, L1, 32 ms", 250, 250, 1, 8,
      32000 },
    { "KERNEL.md 0.3: 1 s at HZ=300 is 300 j, L1, 26.7 ms", 300, 300, 1, 8,
      26666 },
    { "KERNEL.md 0.3: 1 s at HZ=1000 is 1000 j, L2, 64 ms", 1000, 1000, 2,
      64, 64000 },
    /* 64 s (SYN). */
    { "KERNEL.md 0.3: 64 s at HZ=100 is 6400 j, L3, 5.12 s", 100, 6400, 3,
      512, 5120000 },
    { "KERNEL.md 0.3: 64 s at HZ=250 is 16000 j, L3, 2.05 s", 250, 16000, 3,
      512, 2048000 },
    { "KERNEL.md 0.3: 64 s at HZ=300 is 19200 j, L3, 1.71 s", 300, 19200, 3,
      512, 1706666 },
    { "KERNEL.md 0.3: 64 s at HZ=1000 is 64000 j, L4, 4.10 s", 1000, 64000,
      4, 4096, 4096000 },
    /* 75 s keepalive interval. */
    { "KERNEL.md 0.3: 75 s at HZ=100 is 7500 j, L3, 5.12 s", 100, 7500, 3,
      512, 5120000 },
    { "KERNEL.md 0.3: 75 s at HZ=250 is 18750 j, L3, 2.05 s", 250, 18750, 3,
      512, 2048000 },
    { "KERNEL.md 0.3: 75 s at HZ=300 is 22500 j, L3, 1.71 s", 300, 22500, 3,
      512, 1706666 },
    { "KERNEL.md 0.3: 75 s at HZ=1000 is 75000 j, L4, 4.10 s", 1000, 75000,
      4, 4096, 4096000 },
    /* 120 s RTO cap. */
    { "KERNEL.md 0.3: 120 s at HZ=100 is 12000 j, L3, 5.12 s", 100, 12000, 3,
      512, 5120000 },
    { "KERNEL.md 0.3: 120 s at HZ=250 is 30000 j, L3, 2.05 s", 250, 30000, 3,
      512, 2048000 },
    { "KERNEL.md 0.3: 120 s at HZ=300 is 36000 j, L4, 13.65 s", 300, 36000,
      4, 4096, 13653333 },
    { "KERNEL.md 0.3: 120 s at HZ=1000 is 120000 j, L4, 4.10 s", 1000,
      120000, 4, 4096, 4096000 },
    /* 7200 s keepalive idle. */
    { "KERNEL.md 0.3: 7200 s at HZ=100 is 720000 j, L5, 327.7 s", 100,
      720000, 5, 32768, 327680000 },
    { "KERNEL.md 0.3: 7200 s at HZ=250 is 1800000 j, L5, 131.1 s", 250,
      1800000, 5, 32768, 131072000 },
    { "KERNEL.md 0.3: 7200 s at HZ=300 is 2160000 j, L6, 873.8 s", 300,
      2160000, 6, 262144, 873813333 },
    { "KERNEL.md 0.3: 7200 s at HZ=1000 is 7200000 j, L6, 262.1 s", 1000,
      7200000, 6, 262144, 262144000 },
    /* The level boundaries 63, 504, 4032 and 32256 jiffies. */
    { "KERNEL.md 0.3: delta < 63 is level 0", 1000, 62, 0, 1, 1000 },
    { "KERNEL.md 0.3: delta = 63 is level 1", 1000, 63, 1, 8, 8000 },
    { "KERNEL.md 0.3: delta < 504 is level 1", 250, 503, 1, 8, 32000 },
    { "KERNEL.md 0.3: delta = 504 is level 2", 250, 504, 2, 64, 256000 },
    { "KERNEL.md 0.3: delta < 4032 is level 2", 1000, 4031, 2, 64, 64000 },
    { "KERNEL.md 0.3: delta = 4032 is level 3", 1000, 4032, 3, 512,
      512000 },
    { "KERNEL.md 0.3: delta < 32256 is level 3", 100, 32255, 3, 512,
      5120000 },
    { "KERNEL.md 0.3: delta = 32256 is level 4", 100, 32256, 4, 4096,
      40960000 },
    /* Past the last level the kernel cuts the delay to the wheel's
     * capacity: 8 levels (0..7) when HZ <= 100, 9 (0..8) otherwise. */
    { "KERNEL.md 0.3: 8 levels when HZ <= 100, so 2^40 j is level 7", 100,
      UINT64_C(1) << 40, 7, 2097152, 20971520000 },
    { "KERNEL.md 0.3: 9 levels when HZ > 100, so 2^40 j is level 8", 1000,
      UINT64_C(1) << 40, 8, 16777216, 16777216000 },
    { "KERNEL.md 0.3: 9 levels when HZ > 100, so 2^40 j is level 8", 250,
      UINT64_C(1) << 40, 8, 16777216, 67108864000 },
};

START_TEST(test_wheel)
{
    const struct wheel_row *r = &wheel_rows[_i];
    int level = rto_wheel_level(r->delay, r->hz);
    uint64_t gran = rto_wheel_granularity(r->delay, r->hz);
    uint64_t gran_us = rto_jiffies_to_us(gran, r->hz);

    ck_assert_msg(level == r->level,
                  "%s: rto_wheel_level(%" PRIu64 ", HZ=%d) = %d, want %d",
                  r->source, r->delay, r->hz, level, r->level);
    ck_assert_msg(gran == r->gran,
                  "%s: rto_wheel_granularity(%" PRIu64 ", HZ=%d) = %" PRIu64
                  ", want %" PRIu64,
                  r->source, r->delay, r->hz, gran, r->gran);
    ck_assert_msg(gran_us == r->gran_us,
                  "%s: granularity %" PRIu64 " us, want %" PRIu64 " us",
                  r->source, gran_us, r->gran_us);
}
END_TEST

/* ------------------------------------------------------------------ */
/* CONFIG_HZ                                                          */
/* ------------------------------------------------------------------ */

struct hz_row {
    const char *source;
    int hz;
    bool valid;
};

static const struct hz_row hz_rows[] = {
    { "KERNEL.md 0.2: CONFIG_HZ=100", 100, true },
    { "KERNEL.md 0.2: CONFIG_HZ=250", 250, true },
    { "KERNEL.md 0.2: CONFIG_HZ=300", 300, true },
    { "KERNEL.md 0.2: CONFIG_HZ=1000", 1000, true },
    { "kernel/Kconfig.hz has no HZ=200", 200, false },
    { "kernel/Kconfig.hz has no HZ=1024", 1024, false },
    { "kernel/Kconfig.hz has no HZ=24", 24, false },
    { "HZ=0 is not a clock", 0, false },
    { "a negative HZ is not a clock", -250, false },
};

START_TEST(test_hz_valid)
{
    const struct hz_row *r = &hz_rows[_i];
    bool got = rto_hz_valid(r->hz);

    ck_assert_msg(got == r->valid, "%s: rto_hz_valid(%d) = %d, want %d",
                  r->source, r->hz, (int)got, (int)r->valid);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The initial RTO                                                    */
/* ------------------------------------------------------------------ */

/*
 * KERNEL.md 2.2: after the first RTT sample m,
 *   RTO = usecs_to_jiffies(m + max(2m, rto_min_us)), capped at rto_max,
 * where rto_min_us is the socket's rto_min in jiffies read back in us.
 * An RTO given directly is rounded up to jiffies and capped the same way.
 */
struct init_row {
    const char *source;
    int hz;
    int64_t rtt_us;
    int64_t rto_us;         /* 0: derived from rtt_us */
    int64_t rto_min_us;     /* 0: the default 200 ms */
    int64_t rto_max_us;     /* 0: the default 120 s */
    uint64_t want_j;
    uint64_t want_us;       /* want_j as jiffies_to_usecs() */
};

static const struct init_row init_rows[] = {
    /* 20 + max(40, 200000) = 200020 us. */
    { "KERNEL.md V15: RTT 20 us at HZ=250 -> 51 jiffies = 204 ms", 250, 20,
      0, 0, 0, 51, 204000 },
    { "KERNEL.md V16: RTT 20 us at HZ=1000 -> 201 jiffies = 201 ms", 1000,
      20, 0, 0, 0, 201, 201000 },
    { "KERNEL.md V16: RTT 20 us at HZ=100 -> 21 jiffies = 210 ms", 100, 20,
      0, 0, 0, 21, 210000 },
    { "KERNEL.md V16: RTT 20 us at HZ=300 -> 61 jiffies = 203.33 ms", 300,
      20, 0, 0, 0, 61, 203333 },
    /* 100 + max(200, 200000) = 200100 us -> ceil(200.1) = 201. */
    { "DESIGN.md JSON: default RTT 100 us at HZ=1000 -> 201000 us", 1000,
      100, 0, 0, 0, 201, 201000 },
    /* 100000 + max(200000, 200000) = 300000 us. */
    { "derived: RTT 100 ms -> 100 + max(200, 200) = 300 ms", 1000, 100000, 0,
      0, 0, 300, 300000 },
    /* 150000 + max(300000, 200000) = 450000 us. */
    { "derived: RTT 150 ms -> 150 + max(300, 200) = 450 ms", 1000, 150000, 0,
      0, 0, 450, 450000 },
    /* 450000 us at HZ=250 = ceil(112.5) = 113 jiffies = 452 ms. */
    { "derived: RTT 150 ms at HZ=250 -> ceil(112.5) = 113 j = 452 ms", 250,
      150000, 0, 0, 0, 113, 452000 },
    /* 60 s + max(120 s, 200 ms) = 180 s > rto_max 120 s. */
    { "derived: RTT 60 s -> 180 s, capped at rto_max 120 s", 1000, 60000000,
      0, 0, 0, 120000, 120000000 },
    /* The same 180 s against rto_max 1 s: 1 s at HZ=250 is 250 jiffies. */
    { "derived: RTT 60 s with rto_max 1 s -> capped at 1 s = 250 j", 250,
      60000000, 0, 0, 1000000, 250, 1000000 },
    /* rto_min raised to 1 s: 20 + max(40, 1000000) = 1000020 us. */
    { "derived: rto_min 1 s, RTT 20 us, HZ=250 -> ceil(250.005) = 251 j",
      250, 20, 0, 1000000, 0, 251, 1004000 },
    { "derived: rto_min 1 s, RTT 20 us, HZ=1000 -> ceil(1000.02) = 1001 j",
      1000, 20, 0, 1000000, 0, 1001, 1001000 },
    /* rto_min 8 ms at HZ=250 is 2 jiffies; 20 + max(40, 8000) = 8020 us
     * -> ceil(2.005) = 3 jiffies = 12 ms. */
    { "KERNEL.md V42: rto_min 8 ms at HZ=250 -> 3 jiffies = 12 ms", 250, 20,
      0, 8000, 0, 3, 12000 },
    /* rto_min 4001 us is stored as 2 jiffies and read back as 8000 us, so
     * the floor is 8000: 20 + 8000 = 8020 us -> 3 jiffies (not 2, which
     * the raw 4021 us would give). */
    { "KERNEL.md 8.2: rto_min 4001 us reads back as 8000 us -> 3 jiffies",
      250, 20, 0, 4001, 0, 3, 12000 },
    /* Given directly: rounded up to jiffies. */
    { "derived: RTO 200 ms given at HZ=250 -> exactly 50 jiffies", 250, 100,
      200000, 0, 0, 50, 200000 },
    { "derived: RTO 200.001 ms given at HZ=250 -> ceil(50.00025) = 51", 250,
      100, 200001, 0, 0, 51, 204000 },
    { "KERNEL.md 2.1: RTO 1 s (TCP_TIMEOUT_INIT) at HZ=300 -> 300 j", 300,
      100, 1000000, 0, 0, 300, 1000000 },
    { "KERNEL.md 2.1: RTO 3 s (TCP_TIMEOUT_FALLBACK) at HZ=100 -> 300 j",
      100, 100, 3000000, 0, 0, 300, 3000000 },
    /* Given directly but above rto_max: tcp_bound_rto() caps it. */
    { "KERNEL.md 2.4: RTO 3 s with rto_max 1 s -> capped at 250 j", 250, 100,
      3000000, 0, 1000000, 250, 1000000 },
};

START_TEST(test_initial_rto)
{
    const struct init_row *r = &init_rows[_i];
    struct rto_params p;
    uint64_t got, got_us;

    params_at_hz(&p, r->hz);
    p.rtt_us = r->rtt_us;
    p.rto_us = r->rto_us;
    if (r->rto_min_us)
        p.rto_min_us = r->rto_min_us;
    if (r->rto_max_us)
        p.rto_max_us = r->rto_max_us;
    ck_assert_msg(rto_params_validate(&p, NULL) == RTO_OK,
                  "%s: the parameters are valid", r->source);
    got = rto_initial_rto(&p);
    got_us = rto_jiffies_to_us(got, r->hz);
    ck_assert_msg(got == r->want_j,
                  "%s: rto_initial_rto = %" PRIu64 " jiffies, want %" PRIu64,
                  r->source, got, r->want_j);
    ck_assert_msg(got_us == r->want_us,
                  "%s: initial RTO %" PRIu64 " us, want %" PRIu64, r->source,
                  got_us, r->want_us);
}
END_TEST

Suite *jiffies_suite(void)
{
    Suite *s = suite_create("jiffies");
    TCase *tc;

    tc = tcase_create("conversions");
    tcase_add_loop_test(tc, test_conversions, 0, (int)N_ROWS(conv_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("wheel");
    tcase_add_loop_test(tc, test_wheel, 0, (int)N_ROWS(wheel_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("hz");
    tcase_add_loop_test(tc, test_hz_valid, 0, (int)N_ROWS(hz_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("initial_rto");
    tcase_add_loop_test(tc, test_initial_rto, 0, (int)N_ROWS(init_rows));
    suite_add_tcase(s, tc);
    return s;
}
