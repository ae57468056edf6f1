/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The give-up budget tcp_model_timeout(), the parameter defaults and
 * ranges, and kernel-version parsing (src/model/estimator.c and
 * src/model/params.c).
 *
 * The kernel's 32-bit wrap of the give-up *comparison* has no public
 * entry point and is tested elsewhere; the 32-bit arithmetic of the budget
 * itself (KERNEL.md 8.3) is public and tested here.
 */
#include <check.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "rtocalc.h"
#include "helpers.h"

/* ------------------------------------------------------------------ */
/* tcp_model_timeout()                                                */
/* ------------------------------------------------------------------ */

/*
 * KERNEL.md 1.4: with thresh = ilog2(rto_max / base),
 *   model(b) = (2^(b+1) - 1) * base                    if b <= thresh,
 *            = (2^(thresh+1) - 1) * base + (b - thresh) * rto_max  else.
 * For base 200 ms and rto_max 120 s, thresh = ilog2(600) = 9 at every HZ.
 */
struct model_row {
    const char *source;
    int hz;                 /* 0: each of 100, 250, 300 and 1000 */
    int64_t rto_max_us;     /* 0: the default 120 s */
    unsigned boundary;
    unsigned base_ms;
    uint32_t want_ms;
};

static const struct model_row model_rows[] = {
    /* (2^10 - 1) * 200 + (15 - 9) * 120000 = 204600 + 720000. */
    { "KERNEL.md V1; kernel ip-sysctl: 924.6 s", 0, 0, 15, 200, 924600 },
    /* (2^4 - 1) * 200. */
    { "KERNEL.md 1.4: model(3) = 3000 ms", 0, 0, 3, 200, 3000 },
    /* (2^5 - 1) * 200. */
    { "KERNEL.md 1.4: model(4) = 6200 ms", 0, 0, 4, 200, 6200 },
    /* (2^6 - 1) * 200. */
    { "Elastic TV-16 (elasticsearch#102788): retries2=5 is 12.6 s", 0, 0, 5,
      200, 12600 },
    /* (2^8 - 1) * 200. */
    { "REFERENCES TV-2: retries2=7 gives 51.0 s < 100 s", 0, 0, 7, 200,
      51000 },
    /* (2^9 - 1) * 200. */
    { "REFERENCES TV-2: RFC 1122 100 s <-> retries2 >= 8 (102.2 s)", 0, 0, 8,
      200, 102200 },
    /* (2^10 - 1) * 200: the last doubling step. */
    { "REFERENCES A4: (2^10 - 1) * 0.2 = 204.6 s", 0, 0, 9, 200, 204600 },
    /* (2^1 - 1) * 200. */
    { "derived: model(0) = (2^1 - 1) * 200 = 200 ms", 0, 0, 0, 200, 200 },
    /* 204600 + (255 - 9) * 120000. */
    { "KERNEL.md V41: model(255) = 29 724 600 ms", 0, 0, 255, 200,
      29724600 },
    /* rto_max 1 s: thresh = ilog2(5) = 2; 7 * 200 + 13 * 1000. */
    { "KERNEL.md 1.4: rto_max 1 s, model(15) = 14 400 ms", 0, 1000000, 15,
      200, 14400 },
    /* 7 * 200 + (255 - 2) * 1000. */
    { "KERNEL.md 8.3: rto_max 1 s, model(255) = 254 400 ms", 0, 1000000, 255,
      200, 254400 },
    /* SYN base 1 s: thresh = ilog2(120) = 6; (2^7 - 1) * 1000. */
    { "KERNEL.md V18: model(6, 1 s) = 2^7 - 1 = 127 s", 0, 0, 6, 1000,
      127000 },
    /* (2^2 - 1) * 1000. */
    { "KERNEL.md V19: model(1, 1 s) = 3 s", 0, 0, 1, 1000, 3000 },
    /* (2^3 - 1) * 1000. */
    { "KERNEL.md V20: model(2, 1 s) = 7 s", 0, 0, 2, 1000, 7000 },
    /* (2^6 - 1) * 1000. */
    { "derived: model(5, 1 s) = 2^6 - 1 = 63 s", 0, 0, 5, 1000, 63000 },
    /* (2^7 - 1) * 1000 + (7 - 6) * 120000. */
    { "derived: model(7, 1 s) = 127 s + 120 s = 247 s", 0, 0, 7, 1000,
      247000 },
    /* 32-bit arithmetic, KERNEL.md 8.3:
     * J = 1023 * (HZ/5) + (r - 9) * 120 * HZ (mod 2^32), then ms mod 2^32.
     * r = 20000: 204600 + 19991 * 120000 = 2 399 124 600 ms, no wrap. */
    { "KERNEL.md 8.3/V36: model(20000) = 2 399 124 600 ms at any HZ", 0, 0,
      20000, 200, 2399124600u },
    /* r = 100000: 204600 + 99991 * 120000 = 11 999 124 600
     * = 3 409 190 008 (mod 2^32), whichever step wraps. */
    { "KERNEL.md 8.3/V37: model(100000) = 3 409 190 008 ms at any HZ", 0, 0,
      100000, 200, 3409190008u },
    /* r = 35799 at HZ=1000: 204600 + 35790 * 120000 = 4 295 004 600
     * = 37 304 (mod 2^32). */
    { "KERNEL.md 8.3: model(35799) at HZ=1000 wraps to 37 304 ms", 1000, 0,
      35799, 200, 37304 },
};

static void check_model_row(const struct model_row *r, int hz)
{
    struct rto_params p;
    uint32_t got;

    params_at_hz(&p, hz);
    if (r->rto_max_us)
        p.rto_max_us = r->rto_max_us;
    got = rto_model_timeout_ms(&p, r->boundary, r->base_ms);
    ck_assert_msg(got == r->want_ms,
                  "%s (HZ=%d): rto_model_timeout_ms(%u, %u) = %" PRIu32
                  ", want %" PRIu32,
                  r->source, hz, r->boundary, r->base_ms, got, r->want_ms);
}

START_TEST(test_model_timeout)
{
    const struct model_row *r = &model_rows[_i];
    int hz[HZ_COUNT];
    size_t n = hzs_of(r->hz, hz);

    for (size_t h = 0; h < n; h++)
        check_model_row(r, hz[h]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Defaults                                                           */
/* ------------------------------------------------------------------ */

enum knob {
    K_KERNEL, K_HZ, K_RETRIES1, K_RETRIES2, K_USER_TIMEOUT, K_RTT, K_RTO,
    K_RTO_MIN, K_RTO_MAX, K_TLP, K_THIN, K_CC, K_SYN_RETRIES,
    K_SYN_LINEAR, K_SYNACK_RETRIES, K_ORPHAN_RETRIES, K_FIN_TIMEOUT,
    K_KA_TIME, K_KA_INTVL, K_KA_PROBES,
};

static int64_t knob_value(const struct rto_params *p, enum knob k)
{
    switch (k) {
    case K_KERNEL:
        return p->kernel;
    case K_HZ:
        return p->hz;
    case K_RETRIES1:
        return p->retries1;
    case K_RETRIES2:
        return p->retries2;
    case K_USER_TIMEOUT:
        return p->user_timeout_us;
    case K_RTT:
        return p->rtt_us;
    case K_RTO:
        return p->rto_us;
    case K_RTO_MIN:
        return p->rto_min_us;
    case K_RTO_MAX:
        return p->rto_max_us;
    case K_TLP:
        return p->tlp;
    case K_THIN:
        return p->thin;
    case K_CC:
        return (int64_t)p->cc;
    case K_SYN_RETRIES:
        return p->syn_retries;
    case K_SYN_LINEAR:
        return p->syn_linear_timeouts;
    case K_SYNACK_RETRIES:
        return p->synack_retries;
    case K_ORPHAN_RETRIES:
        return p->orphan_retries;
    case K_FIN_TIMEOUT:
        return p->fin_timeout_us;
    case K_KA_TIME:
        return p->keepalive_time_us;
    case K_KA_INTVL:
        return p->keepalive_intvl_us;
    case K_KA_PROBES:
    default:
        return p->keepalive_probes;
    }
}

struct default_row {
    const char *source;
    enum knob knob;
    int64_t want;
};

static const struct default_row default_rows[] = {
    { "rtocalc.h: the default profile is Linux 6.18", K_KERNEL,
      RTO_KERNEL(6, 18) },
    { "DESIGN.md options: --hz default 1000", K_HZ, 1000 },
    { "KERNEL.md 0: tcp_retries1=3", K_RETRIES1, 3 },
    { "KERNEL.md 0: tcp_retries2=15", K_RETRIES2, 15 },
    { "DESIGN.md options: --user-timeout default 0 (off)", K_USER_TIMEOUT,
      0 },
    { "DESIGN.md options: --rtt default 100us", K_RTT, 100 },
    { "DESIGN.md options: --rto unset (derived from the RTT)", K_RTO, 0 },
    { "KERNEL.md 0: tcp_rto_min_us=200000", K_RTO_MIN, 200000 },
    { "KERNEL.md 0: tcp_rto_max_ms=120000", K_RTO_MAX, 120000000 },
    { "KERNEL.md 0: tcp_early_retrans=3 (TLP on)", K_TLP, 1 },
    { "KERNEL.md 0: tcp_thin_linear_timeouts=0", K_THIN, 0 },
    { "DESIGN.md options: --cc default cubic", K_CC, RTO_CC_CUBIC },
    { "KERNEL.md 0: tcp_syn_retries=6", K_SYN_RETRIES, 6 },
    { "KERNEL.md 0: tcp_syn_linear_timeouts=4", K_SYN_LINEAR, 4 },
    { "KERNEL.md 0: tcp_synack_retries=5", K_SYNACK_RETRIES, 5 },
    { "KERNEL.md 0: tcp_orphan_retries=0", K_ORPHAN_RETRIES, 0 },
    { "KERNEL.md 0: tcp_fin_timeout=60", K_FIN_TIMEOUT, 60000000 },
    { "KERNEL.md 0: tcp_keepalive_time=7200", K_KA_TIME, 7200000000 },
    { "KERNEL.md 0: tcp_keepalive_intvl=75", K_KA_INTVL, 75000000 },
    { "KERNEL.md 0: tcp_keepalive_probes=9", K_KA_PROBES, 9 },
};

START_TEST(test_defaults)
{
    const struct default_row *r = &default_rows[_i];
    struct rto_params p;
    int64_t got;

    /* Fill with garbage first so that a field the default leaves alone
     * cannot pass by luck. */
    memset(&p, 0x5a, sizeof(p));
    rto_params_default(&p);
    got = knob_value(&p, r->knob);
    ck_assert_msg(got == r->want, "%s: default %" PRId64 ", want %" PRId64,
                  r->source, got, r->want);
}
END_TEST

START_TEST(test_defaults_valid)
{
    struct rto_params p;
    struct rto_invalid bad;
    int rc;

    rto_params_default(&p);
    memset(&bad, 0, sizeof(bad));
    bad.field = RTO_F_COUNT;
    rc = rto_params_validate(&p, &bad);
    ck_assert_msg(rc == RTO_OK, "KERNEL.md 0: the 6.18 defaults are valid, "
                  "got %d", rc);
    ck_assert_msg(bad.field == RTO_F_NONE,
                  "rtocalc.h: a valid set names no field, got %d",
                  (int)bad.field);
    /* bad may be NULL. */
    rc = rto_params_validate(&p, NULL);
    ck_assert_msg(rc == RTO_OK, "rtocalc.h: bad may be NULL, got %d", rc);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Validation                                                         */
/* ------------------------------------------------------------------ */

struct valid_row {
    const char *source;
    int hz;                 /* 0: the default */
    enum rto_field field;   /* the field to set */
    int64_t value;          /* in the struct's unit (us for times) */
    int want_rc;
    bool check_range;       /* compare min, max and unit */
    int64_t min, max;
    const char *unit;
};

static const struct valid_row valid_rows[] = {
    { "KERNEL.md 8.1: tcp_retries2 is a u8, 256 -> EINVAL", 0,
      RTO_F_RETRIES2, 256, RTO_EINVAL, true, 0, 255, "" },
    { "KERNEL.md 8.1: tcp_retries2 -1 -> EINVAL", 0, RTO_F_RETRIES2, -1,
      RTO_EINVAL, true, 0, 255, "" },
    { "KERNEL.md V41: tcp_retries2 255 is accepted", 0, RTO_F_RETRIES2, 255,
      RTO_OK, false, 0, 0, NULL },
    { "KERNEL.md 8.1: tcp_retries2 0 is accepted", 0, RTO_F_RETRIES2, 0,
      RTO_OK, false, 0, 0, NULL },
    { "KERNEL.md 8.1: tcp_retries1 is a u8, 256 -> EINVAL", 0,
      RTO_F_RETRIES1, 256, RTO_EINVAL, true, 0, 255, "" },
    { "KERNEL.md 8.1: tcp_rto_max_ms 999 -> EINVAL (1000..120000)", 0,
      RTO_F_RTO_MAX, 999000, RTO_EINVAL, true, 1000, 120000, "ms" },
    { "KERNEL.md 8.1: tcp_rto_max_ms 120001 -> EINVAL", 0, RTO_F_RTO_MAX,
      120001000, RTO_EINVAL, true, 1000, 120000, "ms" },
    { "KERNEL.md 8.1: tcp_rto_max_ms 1000 is accepted", 0, RTO_F_RTO_MAX,
      1000000, RTO_OK, false, 0, 0, NULL },
    { "KERNEL.md 8.1: tcp_rto_max_ms is an int of ms, 1000.5 ms -> EINVAL", 0,
      RTO_F_RTO_MAX, 1000500, RTO_EINVAL, true, 1000, 120000, "ms" },
    { "KERNEL.md 1.5: TCP_USER_TIMEOUT is whole ms, 1.5 ms -> EINVAL", 0,
      RTO_F_USER_TIMEOUT, 1500, RTO_EINVAL, true, 0, INT_MAX_64, "ms" },
    { "KERNEL.md 1.5: TCP_USER_TIMEOUT negative -> EINVAL", 0,
      RTO_F_USER_TIMEOUT, -1000, RTO_EINVAL, true, 0, INT_MAX_64, "ms" },
    { "KERNEL.md 8.2: TCP_USER_TIMEOUT INT_MAX ms is accepted", 0,
      RTO_F_USER_TIMEOUT, INT_MAX_64 * 1000, RTO_OK, false, 0, 0, NULL },
    { "KERNEL.md 0.2: CONFIG_HZ=200 does not exist -> EINVAL", 0, RTO_F_HZ,
      200, RTO_EINVAL, false, 0, 0, NULL },
    { "KERNEL.md 8.1: tcp_syn_retries min 1, 0 -> EINVAL", 0,
      RTO_F_SYN_RETRIES, 0, RTO_EINVAL, true, 1, 127, "" },
    { "KERNEL.md 8.1: tcp_syn_retries max 127, 128 -> EINVAL", 0,
      RTO_F_SYN_RETRIES, 128, RTO_EINVAL, true, 1, 127, "" },
    { "KERNEL.md 8.1: tcp_syn_retries 127 is accepted", 0, RTO_F_SYN_RETRIES,
      127, RTO_OK, false, 0, 0, NULL },
    { "KERNEL.md 8.1: tcp_syn_linear_timeouts max 127, 128 -> EINVAL", 0,
      RTO_F_SYN_LINEAR_TIMEOUTS, 128, RTO_EINVAL, true, 0, 127, "" },
    { "KERNEL.md 8.1: tcp_synack_retries is a u8, 256 -> EINVAL", 0,
      RTO_F_SYNACK_RETRIES, 256, RTO_EINVAL, true, 0, 255, "" },
    { "KERNEL.md 8.1: tcp_orphan_retries is a u8, 256 -> EINVAL", 0,
      RTO_F_ORPHAN_RETRIES, 256, RTO_EINVAL, true, 0, 255, "" },
    { "KERNEL.md 8.1: tcp_keepalive_probes is a u8, 256 -> EINVAL", 0,
      RTO_F_KEEPALIVE_PROBES, 256, RTO_EINVAL, true, 0, 255, "" },
    { "KERNEL.md 6.2: tcp_keepalive_probes 0 is accepted", 0,
      RTO_F_KEEPALIVE_PROBES, 0, RTO_OK, false, 0, 0, NULL },
    /* INT_MAX / 250 = 8 589 934 s. */
    { "KERNEL.md 6.2: tcp_keepalive_time 8589934 s at HZ=250 is accepted",
      250, RTO_F_KEEPALIVE_TIME, INT64_C(8589934000000), RTO_OK, false, 0, 0,
      NULL },
    { "KERNEL.md 6.2: tcp_keepalive_time 8589935 s at HZ=250 -> EINVAL", 250,
      RTO_F_KEEPALIVE_TIME, INT64_C(8589935000000), RTO_EINVAL, true, 0,
      8589934, "s" },
    /* INT_MAX / 1000 = 2 147 483 s. */
    { "KERNEL.md 6.2: tcp_keepalive_intvl 2147484 s at HZ=1000 -> EINVAL", 0,
      RTO_F_KEEPALIVE_INTVL, INT64_C(2147484000000), RTO_EINVAL, true, 0,
      2147483, "s" },
    { "KERNEL.md 6.2: tcp_keepalive_time 0 is accepted", 0,
      RTO_F_KEEPALIVE_TIME, 0, RTO_OK, false, 0, 0, NULL },
    { "KERNEL.md 8.1: tcp_rto_min_us min 1, 0 -> EINVAL", 0, RTO_F_RTO_MIN,
      0, RTO_EINVAL, true, 1, INT_MAX_64, "us" },
};

START_TEST(test_validate)
{
    const struct valid_row *r = &valid_rows[_i];
    struct rto_params p;
    struct rto_invalid bad;
    int rc;

    rto_params_default(&p);
    if (r->hz)
        p.hz = r->hz;
    set_field(&p, r->field, r->value);
    memset(&bad, 0, sizeof(bad));
    bad.field = RTO_F_COUNT;
    rc = rto_params_validate(&p, &bad);
    ck_assert_msg(rc == r->want_rc, "%s: rto_params_validate = %d, want %d",
                  r->source, rc, r->want_rc);
    if (r->want_rc == RTO_OK) {
        ck_assert_msg(bad.field == RTO_F_NONE, "%s: field %d, want none",
                      r->source, (int)bad.field);
        return;
    }
    ck_assert_msg(bad.field == r->field, "%s: field %d (%s), want %d (%s)",
                  r->source, (int)bad.field, rto_field_knob(bad.field),
                  (int)r->field, rto_field_knob(r->field));
    ck_assert_msg(bad.why != NULL && bad.unit != NULL,
                  "%s: why and unit are filled", r->source);
    if (!r->check_range)
        return;
    ck_assert_msg(bad.min == r->min && bad.max == r->max,
                  "%s: range %" PRId64 "..%" PRId64 ", want %" PRId64
                  "..%" PRId64,
                  r->source, bad.min, bad.max, r->min, r->max);
    ck_assert_msg(strcmp(bad.unit, r->unit) == 0,
                  "%s: unit \"%s\", want \"%s\"", r->source, bad.unit,
                  r->unit);
}
END_TEST

/* A rejected field is also rejected without a struct rto_invalid. */
START_TEST(test_validate_null_bad)
{
    struct rto_params p;
    int rc;

    rto_params_default(&p);
    p.retries2 = 256;
    rc = rto_params_validate(&p, NULL);
    ck_assert_msg(rc == RTO_EINVAL,
                  "KERNEL.md 8.1: tcp_retries2 256 -> EINVAL with bad NULL, "
                  "got %d", rc);
}
END_TEST

struct knob_row {
    const char *source;
    enum rto_field field;
    const char *want;
};

static const struct knob_row knob_rows[] = {
    { "rtocalc.h: e.g. \"tcp_retries2\"", RTO_F_RETRIES2, "tcp_retries2" },
    { "KERNEL.md 8.1: sysctl tcp_retries1", RTO_F_RETRIES1, "tcp_retries1" },
    { "KERNEL.md 8.1: sysctl tcp_syn_retries", RTO_F_SYN_RETRIES,
      "tcp_syn_retries" },
    { "KERNEL.md 8.1: sysctl tcp_synack_retries", RTO_F_SYNACK_RETRIES,
      "tcp_synack_retries" },
    { "KERNEL.md 8.1: sysctl tcp_keepalive_probes", RTO_F_KEEPALIVE_PROBES,
      "tcp_keepalive_probes" },
};

START_TEST(test_field_knob)
{
    const struct knob_row *r = &knob_rows[_i];
    const char *got = rto_field_knob(r->field);

    ck_assert_msg(got != NULL && strcmp(got, r->want) == 0,
                  "%s: rto_field_knob(%d) = \"%s\", want \"%s\"", r->source,
                  (int)r->field, got ? got : "(null)", r->want);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Kernel versions                                                    */
/* ------------------------------------------------------------------ */

struct kernel_row {
    const char *source;
    const char *text;
    int want_rc;
    int want_version;       /* 0: the newest profile; read when rc is 0 */
};

static const struct kernel_row kernel_rows[] = {
    { "rtocalc.h: \"6.18\" is the default profile", "6.18", RTO_OK,
      RTO_KERNEL(6, 18) },
    { "rtocalc.h: a release suffix \"6.18.44-foo\" is accepted",
      "6.18.44-foo", RTO_OK, RTO_KERNEL(6, 18) },
    { "rtocalc.h: \"6.18.0-rc1\" is accepted", "6.18.0-rc1", RTO_OK,
      RTO_KERNEL(6, 18) },
    { "rtocalc.h: a kernel newer than every profile uses the newest", "7.1",
      RTO_OK, 0 },
    { "issue 5: 5.4 has a profile (Ubuntu 20.04)", "5.4", RTO_OK,
      RTO_KERNEL(5, 4) },
    { "issue 5: a version resolves to the nearest older profile: 5.7 -> 5.4",
      "5.7.1", RTO_OK, RTO_KERNEL(5, 4) },
    { "issue 5: 3.0 -> the 2.6.32 profile", "3.0", RTO_OK,
      RTO_KERNEL(2, 6) | 32 },
    { "issue 5: RHEL 8 uname -r 4.18.0-553.el8_10.x86_64 -> 4.18",
      "4.18.0-553.el8_10.x86_64", RTO_OK, RTO_KERNEL(4, 18) },
    { "issue 5: nothing older than 2.6.32 -> ENOTSUP", "2.6.31",
      RTO_ENOTSUP, 0 },
    { "rtocalc.h: \"abc\" is not a version -> EINVAL", "abc", RTO_EINVAL, 0 },
    { "rtocalc.h: \"6\" has no minor -> EINVAL", "6", RTO_EINVAL, 0 },
    { "rtocalc.h: \"6.x\" has no minor -> EINVAL", "6.x", RTO_EINVAL, 0 },
    { "rtocalc.h: \"\" is not a version -> EINVAL", "", RTO_EINVAL, 0 },
};

START_TEST(test_kernel_parse)
{
    const struct kernel_row *r = &kernel_rows[_i];
    int version = -1, want = r->want_version;
    int rc = rto_kernel_parse(r->text, &version);

    ck_assert_msg(rc == r->want_rc, "%s: rto_kernel_parse(\"%s\") = %d, "
                  "want %d", r->source, r->text, rc, r->want_rc);
    if (rc != RTO_OK)
        return;
    if (want == 0) {
        size_t n = 0;
        const int *profiles = rto_kernel_profiles(&n);

        ck_assert_msg(profiles != NULL && n > 0, "%s: profiles listed",
                      r->source);
        want = profiles[n - 1];
    }
    ck_assert_msg(version == want, "%s: version %d.%d, want %d.%d",
                  r->source, RTO_KERNEL_MAJOR(version),
                  RTO_KERNEL_MINOR(version), RTO_KERNEL_MAJOR(want),
                  RTO_KERNEL_MINOR(want));
}
END_TEST

/* The profile list is ordered newest last and holds the default. */
START_TEST(test_kernel_profiles)
{
    size_t n = 0;
    const int *profiles = rto_kernel_profiles(&n);
    bool has_default = false;

    ck_assert_msg(profiles != NULL && n > 0, "rtocalc.h: profiles listed");
    for (size_t i = 0; i < n; i++) {
        if (profiles[i] == RTO_KERNEL_DEFAULT)
            has_default = true;
        if (i > 0)
            ck_assert_msg(profiles[i - 1] < profiles[i],
                          "rtocalc.h: profiles are listed newest last");
    }
    ck_assert_msg(has_default, "rtocalc.h: the default 6.18 is a profile");
}
END_TEST

Suite *budget_suite(void)
{
    Suite *s = suite_create("budget");
    TCase *tc;

    tc = tcase_create("model_timeout");
    tcase_add_loop_test(tc, test_model_timeout, 0, (int)N_ROWS(model_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("defaults");
    tcase_add_loop_test(tc, test_defaults, 0, (int)N_ROWS(default_rows));
    tcase_add_test(tc, test_defaults_valid);
    suite_add_tcase(s, tc);

    tc = tcase_create("validate");
    tcase_add_loop_test(tc, test_validate, 0, (int)N_ROWS(valid_rows));
    tcase_add_test(tc, test_validate_null_bad);
    tcase_add_loop_test(tc, test_field_knob, 0, (int)N_ROWS(knob_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("kernel");
    tcase_add_loop_test(tc, test_kernel_parse, 0, (int)N_ROWS(kernel_rows));
    tcase_add_test(tc, test_kernel_profiles);
    suite_add_tcase(s, tc);
    return s;
}
