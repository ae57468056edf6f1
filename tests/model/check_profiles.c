/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel-version profiles (src/model/profiles.c): parsing a version to
 * its profile, the profile and change lists, the defaults and ranges each
 * profile switches, and the rules that changed over time as they show in
 * the SYN, SYN-ACK and established-data paths.
 *
 * Every expected number comes from KERNEL.md, REFERENCES.md, tcp(7) or a
 * derivation written next to it, with model(b, base) the
 * tcp_model_timeout() of KERNEL.md 1.4: thresh = ilog2(rto_max / base),
 * (2^(b+1) - 1) base while b <= thresh, else (2^(thresh+1) - 1) base +
 * (b - thresh) rto_max, all in unsigned 32-bit jiffies.
 *
 * Not repeated here: rto_model_timeout_ms() for tcp_retries2 20000 and
 * 100000 at every HZ (KERNEL.md V36/V37) and the parse rows "3.0",
 * "4.18.0-553.el8_10.x86_64" and "2.6.31" are in check_budget.c.
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rtocalc.h"
#include "helpers.h"

#define MAX_SCHED 10    /* the longest schedule below (6.6: 10 SYNs) */
#define EV_CAP 64       /* the long runs below keep only their summary */

#define K(a, b) RTO_KERNEL(a, b)
#define K2632 (RTO_KERNEL(2, 6) | 32)

/* "6.18", or "2.6.32" for the 2.6 series, whose third number counts. */
static void version_text(int v, char *buf, size_t size)
{
    if (RTO_KERNEL_MAJOR(v) == 2)
        snprintf(buf, size, "%d.%d.%d", RTO_KERNEL_MAJOR(v),
                 RTO_KERNEL_MINOR(v), RTO_KERNEL_PATCH(v));
    else
        snprintf(buf, size, "%d.%d", RTO_KERNEL_MAJOR(v),
                 RTO_KERNEL_MINOR(v));
}

/* The profile of a version string; the rows below give only good ones. */
static int profile_of(const char *src, const char *text)
{
    int v = -1;
    int rc = rto_kernel_parse(text, &v);

    ck_assert_msg(rc == RTO_OK, "%s: rto_kernel_parse(\"%s\") = %d (%s)",
                  src, text, rc, rto_strerror(rc));
    return v;
}

/* ------------------------------------------------------------------ */
/* Parsing a version                                                  */
/* ------------------------------------------------------------------ */

struct parse_row {
    const char *source;
    const char *text;
    int want_rc;
    int want_version;       /* read when want_rc is RTO_OK */
};

/*
 * rtocalc.h: a version maps to the nearest profile at or below it.  The
 * profiles are 2.6.32, 3.10, 4.9, 4.14, 4.18, 4.19, 5.2, 5.4, 5.10, 5.14, 5.15,
 * 6.1, 6.6, 6.12, 6.18 and 6.19 (src/model/profiles.c, each with the
 * distribution that ships it).
 */
static const struct parse_row parse_rows[] = {
    /* 5.4 <= 5.7 < 5.10. */
    { "issue 5: in-between 5.7 -> the 5.4 profile", "5.7", RTO_OK, K(5, 4) },
    /* Ubuntu 24.04's uname -r; 6.6 <= 6.8 < 6.12. */
    { "profiles.c 6.6 \"6.8 is Ubuntu 24.04\": 6.8.0-49-generic -> 6.6",
      "6.8.0-49-generic", RTO_OK, K(6, 6) },
    /* Newer than every profile: the newest, 6.19. */
    { "rtocalc.h nearest at or below: 7.3 -> 6.19", "7.3", RTO_OK,
      K(6, 19) },
    /* Issue 16: real long-term releases (kernel.org), patch numbers past
     * 255, and distribution strings as uname -r prints them. */
    { "kernel.org 5.4.290 -> 5.4", "5.4.290", RTO_OK, K(5, 4) },
    { "kernel.org 4.19.325 -> 4.19", "4.19.325", RTO_OK, K(4, 19) },
    { "kernel.org 4.9.337 -> 4.9", "4.9.337", RTO_OK, K(4, 9) },
    { "Debian 12: 6.1.0-57-amd64 -> 6.1", "6.1.0-57-amd64", RTO_OK,
      K(6, 1) },
    { "Ubuntu 24.04: 6.8.0-45-generic -> 6.6", "6.8.0-45-generic", RTO_OK,
      K(6, 6) },
    { "RHEL 9.4: 5.14.0-427.13.1.el9_4.x86_64 -> 5.14",
      "5.14.0-427.13.1.el9_4.x86_64", RTO_OK, K(5, 14) },
    { "RHEL 8.10: 4.18.0-553.el8_10.x86_64 -> 4.18",
      "4.18.0-553.el8_10.x86_64", RTO_OK, K(4, 18) },
    { "Debian 12 backports: 6.12.48+deb12-amd64 -> 6.12",
      "6.12.48+deb12-amd64", RTO_OK, K(6, 12) },
    { "1e9d3005e02c: 6.19 has its own profile", "6.19", RTO_OK, K(6, 19) },
    /* Not versions: a minor past a byte, no minor, trailing junk. */
    { "rtocalc.h: 6.256 is not a version", "6.256", RTO_EINVAL, 0 },
    { "rtocalc.h: 6 alone is not a version", "6", RTO_EINVAL, 0 },
    { "rtocalc.h: 6.1x is not a version", "6.1x", RTO_EINVAL, 0 },
    /* The last release before the 3.10 profile: 2.6.32 <= 3.9 < 3.10. */
    { "rtocalc.h nearest at or below: 3.9 -> 2.6.32", "3.9", RTO_OK, K2632 },
    /* 2.6.x releases differ by their third number (rtocalc.h RTO_KERNEL):
     * 2.6.32 <= 2.6.33 < 3.10. */
    { "rtocalc.h 2.6.x by its third number: 2.6.33 -> 2.6.32", "2.6.33",
      RTO_OK, K2632 },
    { "profiles.c 2.6.32 \"RHEL 6\": 2.6.32-754.el6.x86_64 -> 2.6.32",
      "2.6.32-754.el6.x86_64", RTO_OK, K2632 },
    { "profiles.c 3.10 \"RHEL 7\": 3.10.0-1160.el7.x86_64 -> 3.10",
      "3.10.0-1160.el7.x86_64", RTO_OK, K(3, 10) },
    { "rtocalc.h example 4.19.0-25-amd64 -> 4.19", "4.19.0-25-amd64", RTO_OK,
      K(4, 19) },
    /* 6.12 <= 6.17 < 6.18. */
    { "rtocalc.h nearest at or below: 6.17.9 -> 6.12", "6.17.9", RTO_OK,
      K(6, 12) },
    /* 2.4.37 < 2.6.32, the oldest profile. */
    { "rtocalc.h older than every profile: 2.4.37 -> ENOTSUP", "2.4.37",
      RTO_ENOTSUP, 0 },
    /*
     * kernel.org numbered the 2.6.32 longterm releases 2.6.32.1 ..
     * 2.6.32.71 (four numbers, as uname -r prints them): still the 2.6.32
     * profile.  Known disagreement, left failing: the parser stops after
     * three numbers and returns RTO_EINVAL for the fourth.
     */
    { "kernel.org 2.6.32 longterm numbering: 2.6.32.71 -> 2.6.32",
      "2.6.32.71", RTO_OK, K2632 },
};

START_TEST(test_parse)
{
    const struct parse_row *r = &parse_rows[_i];
    int version = -1;
    int rc = rto_kernel_parse(r->text, &version);

    ck_assert_msg(rc == r->want_rc,
                  "%s: rto_kernel_parse(\"%s\") = %d (%s), want %d", r->source,
                  r->text, rc, rto_strerror(rc), r->want_rc);
    if (rc != RTO_OK)
        return;
    ck_assert_msg(version == r->want_version,
                  "%s: \"%s\" -> %d.%d.%d, want %d.%d.%d", r->source, r->text,
                  RTO_KERNEL_MAJOR(version), RTO_KERNEL_MINOR(version),
                  RTO_KERNEL_PATCH(version), RTO_KERNEL_MAJOR(r->want_version),
                  RTO_KERNEL_MINOR(r->want_version),
                  RTO_KERNEL_PATCH(r->want_version));
}
END_TEST

/* rtocalc.h: "the nearest profile at or below it" is the profile itself
 * for every listed profile, written as people write it. */
START_TEST(test_parse_profiles_to_themselves)
{
    size_t n = 0;
    const int *versions = rto_kernel_profiles(&n);

    ck_assert_msg(versions != NULL && n > 0, "rtocalc.h: profiles listed");
    for (size_t i = 0; i < n; i++) {
        char text[32];
        int version = -1, rc;

        version_text(versions[i], text, sizeof(text));
        rc = rto_kernel_parse(text, &version);
        ck_assert_msg(rc == RTO_OK && version == versions[i],
                      "rtocalc.h: profile \"%s\" parses to itself, got rc %d "
                      "version %d.%d.%d",
                      text, rc, RTO_KERNEL_MAJOR(version),
                      RTO_KERNEL_MINOR(version), RTO_KERNEL_PATCH(version));
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* The profile and change lists                                       */
/* ------------------------------------------------------------------ */

/* rtocalc.h: rto_profiles() lists the profiles oldest first, each with the
 * distributions that ship it; they are the versions of
 * rto_kernel_profiles(), in the same order. */
START_TEST(test_profiles_list)
{
    size_t n = 0, nv = 0;
    const struct rto_profile *p = rto_profiles(&n);
    const int *versions = rto_kernel_profiles(&nv);

    ck_assert_msg(p != NULL && n > 0, "rtocalc.h: rto_profiles() lists some");
    ck_assert_msg(n == nv, "rtocalc.h: %zu profiles and %zu versions", n, nv);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(p[i].version == versions[i],
                      "rtocalc.h: profile %zu is version %d, "
                      "rto_kernel_profiles() says %d",
                      i, p[i].version, versions[i]);
        ck_assert_msg(p[i].examples != NULL && p[i].examples[0] != '\0',
                      "rtocalc.h: profile %zu names the distributions that "
                      "ship it", i);
        if (i > 0)
            ck_assert_msg(p[i - 1].version < p[i].version,
                          "rtocalc.h: profiles oldest first, but %zu (%d) "
                          "is not older than %zu (%d)",
                          i - 1, p[i - 1].version, i, p[i].version);
    }
}
END_TEST

/* rtocalc.h: the rule changes the profiles switch, with their sources,
 * sorted by the first release with the change. */
START_TEST(test_changes)
{
    size_t n = 0;
    const struct rto_change *c = rto_changes(&n);

    ck_assert_msg(c != NULL && n > 0, "rtocalc.h: rto_changes() lists some");
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(c[i].what != NULL && c[i].what[0] != '\0',
                      "rtocalc.h: change %zu says what changed", i);
        ck_assert_msg(c[i].source != NULL && c[i].source[0] != '\0',
                      "rtocalc.h: change %zu (%s) names its source", i,
                      c[i].what ? c[i].what : "(null)");
        if (i > 0)
            ck_assert_msg(c[i - 1].version <= c[i].version,
                          "rtocalc.h: changes sorted by version, but \"%s\" "
                          "(%d) comes after \"%s\" (%d)",
                          c[i].what, c[i].version, c[i - 1].what,
                          c[i - 1].version);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* Features                                                           */
/* ------------------------------------------------------------------ */

/* Each feature on the last profile without it and the first with it. */
struct feature_row {
    const char *source;
    int kernel;
    enum rto_feature feature;
    bool want;
};

static const struct feature_row feature_rows[] = {
    { "KERNEL.md 1.8: thin linear timeouts from 2.6.34, not in 2.6.32",
      K2632, RTO_FEAT_THIN, false },
    { "KERNEL.md 1.8: thin linear timeouts in 3.10", K(3, 10), RTO_FEAT_THIN,
      true },
    { "KERNEL.md 1.5: TCP_USER_TIMEOUT from 2.6.37, not in 2.6.32", K2632,
      RTO_FEAT_USER_TIMEOUT, false },
    { "KERNEL.md 1.5: TCP_USER_TIMEOUT in 3.10", K(3, 10),
      RTO_FEAT_USER_TIMEOUT, true },
    { "KERNEL.md 2.1: initial RTO 3 s until 3.1 (2.6.32)", K2632,
      RTO_FEAT_INIT_RTO_1S, false },
    { "KERNEL.md 2.1: initial RTO 1 s in 3.10", K(3, 10),
      RTO_FEAT_INIT_RTO_1S, true },
    { "rtocalc.h: no TLP before 3.10 (2.6.32)", K2632, RTO_FEAT_TLP, false },
    { "rtocalc.h: TLP from 3.10 (6ba8a3b19e76)", K(3, 10), RTO_FEAT_TLP,
      true },
    { "KERNEL.md 1.4: jiffies comparison up to 4.12 (4.9)", K(4, 9),
      RTO_FEAT_MS_CLOCK, false },
    { "KERNEL.md 1.4: ms comparison from 4.13 (4.14)", K(4, 14),
      RTO_FEAT_MS_CLOCK, true },
    { "KERNEL.md 1.5: no user-timeout clamp before 4.19 (4.18)", K(4, 18),
      RTO_FEAT_UT_CLAMP, false },
    { "KERNEL.md 1.5: user-timeout clamp b701a99e431d in 4.19", K(4, 19),
      RTO_FEAT_UT_CLAMP, true },
    { "KERNEL.md 1.4: unsigned comparison 4.13-4.19 (4.19)", K(4, 19),
      RTO_FEAT_SIGNED_COMPARE, false },
    { "KERNEL.md 1.4: signed comparison from 4.20 (5.4)", K(5, 4),
      RTO_FEAT_SIGNED_COMPARE, true },
    { "KERNEL.md 3.4: SYN user timeout ignored until 5.4 (4.19)", K(4, 19),
      RTO_FEAT_SYN_COUNT_OR_TIME, false },
    { "KERNEL.md 3.4: SYN count or time, a41e8a88b06e, 5.4", K(5, 4),
      RTO_FEAT_SYN_COUNT_OR_TIME, true },
    { "KERNEL.md 7.3: zero-window user timeout fixed in 5.11, not 5.2",
      K(5, 2), RTO_FEAT_PROBE0_UT, false },
    { "9d9b1ee0b2d1 in 5.4.93: the 5.4 series follows it", K(5, 4),
      RTO_FEAT_PROBE0_UT, true },
    { "1c2709cfff1d not in 4.14.y (did not apply)", K(4, 14),
      RTO_FEAT_PTO_US, false },
    { "1c2709cfff1d in 6.1.y (measured on 6.1.192)", K(6, 1),
      RTO_FEAT_PTO_US, true },
    { "KERNEL.md 7.3: zero-window user timeout fixed (5.14)", K(5, 14),
      RTO_FEAT_PROBE0_UT, true },
    { "KERNEL.md 8.1: retry sysctls plain ints before 5.13 (5.10)", K(5, 10),
      RTO_FEAT_U8_SYSCTLS, false },
    { "KERNEL.md 8.1: retry sysctls u8 from 5.13 (5.14)", K(5, 14),
      RTO_FEAT_U8_SYSCTLS, true },
    { "KERNEL.md 3.2: no tcp_syn_linear_timeouts before 6.5 (6.1)", K(6, 1),
      RTO_FEAT_SYN_LINEAR, false },
    { "KERNEL.md 3.2: tcp_syn_linear_timeouts from 6.5 (6.6)", K(6, 6),
      RTO_FEAT_SYN_LINEAR, true },
    { "KERNEL.md 2.3: no tcp_rto_min_us before 6.11 (6.6)", K(6, 6),
      RTO_FEAT_RTO_MIN_SYSCTL, false },
    { "KERNEL.md 2.3: tcp_rto_min_us from 6.11 (6.12)", K(6, 12),
      RTO_FEAT_RTO_MIN_SYSCTL, true },
    { "KERNEL.md 2.4: no tcp_rto_max_ms before 6.15 (6.12)", K(6, 12),
      RTO_FEAT_RTO_MAX, false },
    { "KERNEL.md 2.4: tcp_rto_max_ms from 6.15 (6.18)", K(6, 18),
      RTO_FEAT_RTO_MAX, true },
};

START_TEST(test_features)
{
    const struct feature_row *r = &feature_rows[_i];
    bool got = rto_kernel_has(r->kernel, r->feature);

    ck_assert_msg(got == r->want,
                  "%s: rto_kernel_has(%d.%d.%d, %d) = %d, want %d", r->source,
                  RTO_KERNEL_MAJOR(r->kernel), RTO_KERNEL_MINOR(r->kernel),
                  RTO_KERNEL_PATCH(r->kernel), (int)r->feature, (int)got,
                  (int)r->want);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Defaults per profile                                               */
/* ------------------------------------------------------------------ */

struct default_row {
    const char *source;
    int kernel;
    int syn_retries;        /* tcp(7): 5 before 3.7, 6 since */
    int syn_linear;         /* KERNEL.md 3.2: 4 from 6.5, none before */
    bool tlp;               /* rtocalc.h: no TLP before 3.10 */
    int64_t init_rto_us;    /* KERNEL.md 2.1: 3 s until 3.1, then 1 s */
};

#define SYN_SRC "tcp(7) \"Before Linux 3.7, the default value was 5\""

static const struct default_row default_rows[] = {
    { "2.6.32: " SYN_SRC "; KERNEL.md 2.1 3 s RTO; no TLP before 3.10",
      K2632, 5, 0, false, SEC(3) },
    { "3.10: " SYN_SRC "; KERNEL.md 2.1 1 s since 3.1; TLP from 3.10",
      K(3, 10), 6, 0, true, SEC(1) },
    { "4.9: " SYN_SRC "; KERNEL.md 3.2 no linear before 6.5", K(4, 9), 6, 0,
      true, SEC(1) },
    { "4.14: KERNEL.md 3.2 syn_retries 6, no linear before 6.5", K(4, 14), 6,
      0, true, SEC(1) },
    { "4.18: KERNEL.md 3.2 syn_retries 6, no linear before 6.5", K(4, 18), 6,
      0, true, SEC(1) },
    { "4.19: KERNEL.md 3.2 syn_retries 6, no linear before 6.5", K(4, 19), 6,
      0, true, SEC(1) },
    { "5.2: KERNEL.md 3.2 syn_retries 6, no linear before 6.5", K(5, 2), 6,
      0, true, SEC(1) },
    { "5.4: KERNEL.md 3.2 syn_retries 6, no linear before 6.5", K(5, 4), 6,
      0, true, SEC(1) },
    { "5.10: KERNEL.md 3.2 syn_retries 6, no linear before 6.5", K(5, 10), 6,
      0, true, SEC(1) },
    { "5.14: KERNEL.md 3.2 syn_retries 6, no linear before 6.5", K(5, 14), 6,
      0, true, SEC(1) },
    { "5.15: KERNEL.md 3.2 syn_retries 6, no linear before 6.5", K(5, 15), 6,
      0, true, SEC(1) },
    { "6.1: KERNEL.md 3.3 \"0 (pre-6.5 kernels)\"", K(6, 1), 6, 0, true,
      SEC(1) },
    { "6.6: KERNEL.md 3.2 tcp_syn_linear_timeouts 4 from 6.5", K(6, 6), 6, 4,
      true, SEC(1) },
    { "6.12: KERNEL.md 3.2 tcp_syn_linear_timeouts 4 from 6.5", K(6, 12), 6,
      4, true, SEC(1) },
    { "6.18: KERNEL.md 0 host defaults syn_retries 6, linear 4", K(6, 18), 6,
      4, true, SEC(1) },
    { "6.19: 1e9d3005e02c changed the SYN-ACK cap only", K(6, 19), 6, 4,
      true, SEC(1) },
};

START_TEST(test_defaults)
{
    const struct default_row *r = &default_rows[_i];
    struct rto_params p;
    struct rto_invalid bad;
    int rc;

    /* Garbage first, so that a field left alone cannot pass by luck. */
    memset(&p, 0x5a, sizeof(p));
    rto_params_default_for(&p, r->kernel);
    EQ64(r->source, p.hz, "kernel", p.kernel, r->kernel);
    EQ64(r->source, p.hz, "syn_retries", p.syn_retries, r->syn_retries);
    EQ64(r->source, p.hz, "syn_linear_timeouts", p.syn_linear_timeouts,
         r->syn_linear);
    EQ64(r->source, p.hz, "tlp", p.tlp, r->tlp);
    EQ64(r->source, p.hz, "rto_init_rto_us", rto_init_rto_us(r->kernel),
         r->init_rto_us);
    /* Unchanged over the profiles' span: TCP_RETR1 3, TCP_RETR2 15 and
     * TCP_SYNACK_RETRIES 5 (KERNEL.md 0; REFERENCES "old tcp.h"). */
    EQ64(r->source, p.hz, "retries1", p.retries1, 3);
    EQ64(r->source, p.hz, "retries2", p.retries2, 15);
    EQ64(r->source, p.hz, "synack_retries", p.synack_retries, 5);
    /* A profile's own defaults are values its kernel accepts. */
    memset(&bad, 0, sizeof(bad));
    bad.field = RTO_F_COUNT;
    rc = rto_params_validate(&p, &bad);
    ck_assert_msg(rc == RTO_OK && bad.field == RTO_F_NONE,
                  "%s: the profile's defaults validate, got rc %d field %d "
                  "(%s)",
                  r->source, rc, (int)bad.field, rto_field_knob(bad.field));
}
END_TEST

/* The table above covers every profile, so a new profile needs a row. */
START_TEST(test_defaults_cover_profiles)
{
    size_t n = 0;
    const int *versions = rto_kernel_profiles(&n);

    ck_assert_msg(n == N_ROWS(default_rows),
                  "check_profiles.c: %zu profiles, %zu default rows", n,
                  N_ROWS(default_rows));
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(versions[i] == default_rows[i].kernel,
                      "check_profiles.c: profile %zu is %d, its row %d", i,
                      versions[i], default_rows[i].kernel);
}
END_TEST

/* KERNEL.md 2.1 and REFERENCES (older tcp.h: TCP_TIMEOUT_INIT 3*HZ, the
 * "RFC 1122 initial RTO value"): the boundary itself, 3.0 against 3.1. */
struct init_row {
    const char *source;
    int kernel;
    int64_t want_us;
};

static const struct init_row init_rows[] = {
    { "KERNEL.md 2.1: TCP_TIMEOUT_INIT 3 s until 3.1 (3.0)", K(3, 0),
      SEC(3) },
    { "KERNEL.md 2.1: RFC 6298 1 s from 3.1", K(3, 1), SEC(1) },
};

START_TEST(test_init_rto)
{
    const struct init_row *r = &init_rows[_i];

    EQ64(r->source, 0, "rto_init_rto_us", rto_init_rto_us(r->kernel),
         r->want_us);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Validation per profile                                             */
/* ------------------------------------------------------------------ */

struct valid_row {
    const char *source;
    const char *kernel;     /* parsed to its profile */
    enum rto_field field;   /* the field to set */
    int64_t value;          /* in the struct's unit (us for times) */
    int want_rc;
    int64_t min, max;       /* read when want_rc is RTO_EINVAL */
    const char *unit;
};

static const struct valid_row valid_rows[] = {
    /* proc_dou8vec_minmax since 5.13 (4ecc1baf362c). */
    { "KERNEL.md 8.1: 6.18 tcp_retries2 300 -> EINVAL (u8, 0..255)", "6.18",
      RTO_F_RETRIES2, 300, RTO_EINVAL, 0, 255, "" },
    { "KERNEL.md 8.1: 5.10 tcp_retries2 300 accepted (int before 5.13)",
      "5.10", RTO_F_RETRIES2, 300, RTO_OK, 0, 0, NULL },
    { "KERNEL.md 8.1: 5.4 tcp_retries2 256 accepted (int before 5.13)", "5.4",
      RTO_F_RETRIES2, 256, RTO_OK, 0, 0, NULL },
    { "KERNEL.md 8.1: 5.14 tcp_retries2 256 -> EINVAL (u8 since 5.13)",
      "5.14", RTO_F_RETRIES2, 256, RTO_EINVAL, 0, 255, "" },
    { "KERNEL.md V35: 5.14 tcp_retries2 20000 -> EINVAL", "5.14",
      RTO_F_RETRIES2, 20000, RTO_EINVAL, 0, 255, "" },
    { "KERNEL.md V36: 5.10 tcp_retries2 20000 accepted", "5.10",
      RTO_F_RETRIES2, 20000, RTO_OK, 0, 0, NULL },
    { "KERNEL.md 8.3: 4.9 tcp_retries2 100000 accepted", "4.9",
      RTO_F_RETRIES2, 100000, RTO_OK, 0, 0, NULL },
    /* Before 6.15 rto_max is the constant TCP_RTO_MAX = 120 s (KERNEL.md
     * 2.4), so 120 000 ms is the one value there is. */
    { "KERNEL.md 2.4: 6.12 rto_max 1 s -> EINVAL (no tcp_rto_max_ms yet)",
      "6.12", RTO_F_RTO_MAX, SEC(1), RTO_EINVAL, 120000, 120000, "ms" },
    { "KERNEL.md 8.1: 6.18 tcp_rto_max_ms 1000 accepted (1000..120000)",
      "6.18", RTO_F_RTO_MAX, SEC(1), RTO_OK, 0, 0, NULL },
    /* Before 6.5 SYN_SENT backs off from the first retransmission: 0 is
     * the behaviour there is. */
    { "KERNEL.md 3.2: 6.1 tcp_syn_linear_timeouts 4 -> EINVAL (from 6.5)",
      "6.1", RTO_F_SYN_LINEAR_TIMEOUTS, 4, RTO_EINVAL, 0, 0, "" },
    { "KERNEL.md 3.2: 6.6 tcp_syn_linear_timeouts 4 accepted", "6.6",
      RTO_F_SYN_LINEAR_TIMEOUTS, 4, RTO_OK, 0, 0, NULL },
    /* Only 0 (off) exists before the option does. */
    { "KERNEL.md 1.5: 2.6.32 TCP_USER_TIMEOUT 8000 ms -> EINVAL (2.6.37)",
      "2.6.32", RTO_F_USER_TIMEOUT, MS(8000), RTO_EINVAL, 0, 0, "ms" },
    { "KERNEL.md 1.5: 3.10 TCP_USER_TIMEOUT 8000 ms accepted", "3.10",
      RTO_F_USER_TIMEOUT, MS(8000), RTO_OK, 0, 0, NULL },
    { "KERNEL.md 1.8: 2.6.32 thin linear timeouts -> EINVAL (2.6.34)",
      "2.6.32", RTO_F_THIN, 1, RTO_EINVAL, 0, 0, "" },
    { "KERNEL.md 1.8: 3.10 thin linear timeouts accepted", "3.10",
      RTO_F_THIN, 1, RTO_OK, 0, 0, NULL },
    { "rtocalc.h: 2.6.32 TLP -> EINVAL (no TLP before 3.10)", "2.6.32",
      RTO_F_TLP, 1, RTO_EINVAL, 0, 0, "" },
};

START_TEST(test_validate)
{
    const struct valid_row *r = &valid_rows[_i];
    struct rto_params p;
    struct rto_invalid bad;
    int rc;

    rto_params_default_for(&p, profile_of(r->source, r->kernel));
    set_field(&p, r->field, r->value);
    memset(&bad, 0, sizeof(bad));
    bad.field = RTO_F_COUNT;
    rc = rto_params_validate(&p, &bad);
    ck_assert_msg(rc == r->want_rc, "%s: rto_params_validate = %d, want %d",
                  r->source, rc, r->want_rc);
    if (r->want_rc == RTO_OK) {
        ck_assert_msg(bad.field == RTO_F_NONE, "%s: field %d (%s), want none",
                      r->source, (int)bad.field, rto_field_knob(bad.field));
        return;
    }
    ck_assert_msg(bad.field == r->field, "%s: field %d (%s), want %d (%s)",
                  r->source, (int)bad.field, rto_field_knob(bad.field),
                  (int)r->field, rto_field_knob(r->field));
    ck_assert_msg(bad.min == r->min && bad.max == r->max,
                  "%s: range %" PRId64 "..%" PRId64 ", want %" PRId64
                  "..%" PRId64,
                  r->source, bad.min, bad.max, r->min, r->max);
    ck_assert_msg(bad.unit != NULL && strcmp(bad.unit, r->unit) == 0,
                  "%s: unit \"%s\", want \"%s\"", r->source,
                  bad.unit ? bad.unit : "(null)", r->unit);
    ck_assert_msg(bad.why != NULL && bad.why[0] != '\0',
                  "%s: why is filled", r->source);
}
END_TEST

/* rtocalc.h "the paths validate their parameters": V35 on the path. */
START_TEST(test_retrans_rejects_v35)
{
    const char *src = "KERNEL.md V35: 6.18 rto_retrans with retries2 20000";
    struct rto_params p;
    struct rto_event ev[4];
    struct rto_timeline t;
    int rc;

    rto_params_default_for(&p, K(6, 18));
    p.retries2 = 20000;
    rto_timeline_init(&t, ev, N_ROWS(ev));
    rc = rto_retrans(&p, &t);
    EQ64(src, p.hz, "rto_retrans", rc, RTO_EINVAL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* SYN and SYN-ACK per profile                                        */
/* ------------------------------------------------------------------ */

struct conn_row {
    const char *source;
    const char *kernel;         /* parsed to its profile */
    enum rto_path path;         /* RTO_PATH_SYN or RTO_PATH_SYNACK */
    int hz;                     /* 0: each of 100, 250, 300 and 1000 */
    int syn_retries;            /* 0: the profile's default */
    int64_t user_timeout_ms;    /* 0: off */
    int retransmissions;
    int64_t at_ms[MAX_SCHED];   /* when each one happens, nominal */
    int64_t give_up_us;
    enum rto_reason reason;
    int error;
    int64_t initial_rto_us;
    int64_t budget_us;          /* RTO_NONE: none; SKIP: not checked */
    int clamped_n;              /* this retransmission's timer is cut to
                                 * the user timeout left; 0: none */
    int64_t clamped_next_us;
};

static const struct conn_row conn_rows[] = {
    /* 6.1: syn_retries 6, no linear timeouts; the RTO doubles from the
     * initial 1 s: SYNs at 1, 3, 7, 15, 31, 63 s, then a 64 s timer to
     * 127 s, where the count 6 >= 6 + 0 holds (tested first; the time
     * model(6, 1 s) = (2^7 - 1) s = 127 s, thresh = ilog2(120) = 6, is
     * also up). */
    { "KERNEL.md 3.3 \"6 | 0 (pre-6.5 kernels) ... 127 s\": 6.1 defaults",
      "6.1", RTO_PATH_SYN, 0, 0, 0, 6,
      { 1000, 3000, 7000, 15000, 31000, 63000 }, SEC(127),
      RTO_REASON_SYN_RETRIES, ETIMEDOUT, SEC(1), SEC(127), 0, 0 },
    /* 6.6: linear 4, gaps 1, 1, 1, 1, 1, 2, 4, 8, 16, 32, 64 s; at 131 s
     * the count 10 >= 6 + 4 (the time cap 127 s is not tested at 67 s,
     * where only 67 s have elapsed, and at 131 s the count comes first). */
    { "KERNEL.md V17/3.3: 6.6 defaults (linear 4), 10 SYNs, 131 s", "6.6",
      RTO_PATH_SYN, 0, 0, 0, 10,
      { 1000, 2000, 3000, 4000, 5000, 7000, 11000, 19000, 35000, 67000 },
      SEC(131), RTO_REASON_SYN_RETRIES, ETIMEDOUT, SEC(1), SEC(127), 0, 0 },
    /* "3.0" is the 2.6.32 profile: initial RTO 3 s (TCP_TIMEOUT_INIT before
     * 3.1), syn_retries 5.  Timers 3, 6, 12, 24, 48 s: SYNs at 3, 9, 21,
     * 45, 93 s; then a 96 s timer (< 120 s) to 189 s.  Before 5.4 only the
     * time test ends it: model(5, 3 s) with thresh = ilog2(120 / 3 = 40) =
     * 5, so (2^6 - 1) * 3 s = 189 s, in jiffies before 4.13 (189 HZ, whole
     * at every HZ); at 93 s only 93 s have elapsed. */
    { "REFERENCES TV-18 TCP/IP Illustrated: 3, 9, 21, 45, 93, ~189 s; "
      "KERNEL.md 3.3 \"Before 3.1 ... about 189 s\"",
      "3.0", RTO_PATH_SYN, 0, 0, 0, 5, { 3000, 9000, 21000, 45000, 93000 },
      SEC(189), RTO_REASON_SYN_TIME, ETIMEDOUT, SEC(3), SEC(189), 0, 0 },
    /*
     * 4.19, syn_retries 6, TCP_USER_TIMEOUT 8000 ms, HZ 1000.  KERNEL.md
     * 3.4 says SYN expiry was the time test until 5.4 with the user
     * timeout ignored, which would give 127 s.  The measurement wins
     * (REFERENCES TV-5, Cloudflare on 5.2, and the 4.19.y/5.3.y source
     * with the commit text of a41e8a88b06e): the expiry is the count
     * syn_retries alone and the 4.19 clamp cuts SYN timers to the user
     * timeout.  SYNs at 1, 3, 7 s; the 8 s RTO is cut to the 1000 ms left:
     * 8 s; then nothing is left, so 1 jiffy (1 ms) each: 8.001, 8.002 s
     * (6 retransmissions); at 8.003 s the count 6 >= 6 ends it.
     */
    { "REFERENCES TV-5 + a41e8a88b06e: 4.19 UT 8000 -> count, 8 s + 3 j",
      "4.19", RTO_PATH_SYN, 1000, 6, 8000, 6,
      { 1000, 3000, 7000, 8000, 8001, 8002 }, MS(8003),
      RTO_REASON_SYN_RETRIES, ETIMEDOUT, SEC(1), SKIP, 3, SEC(1) },
    /* 5.4: count (6 + 0) or time, the user timeout replacing model(6) and
     * counted from the first SYN (KERNEL.md 1.2, 1.5, 3.4).  SYNs at 1 s
     * (7 s left > 2 s RTO), 3 s (5 s left > 4 s), 7 s: then the RTO is
     * 8 s but 8000 - 7000 = 1000 ms are left, so the timer is cut to 1 s;
     * at 8 s 8000 ms have elapsed while the count 3 < 6. */
    { "REFERENCES TV-11 (SYNs 0, 1, 3, 7; abort at 8): 5.4 UT 8000 -> 8 s",
      "5.4", RTO_PATH_SYN, 0, 6, 8000, 3, { 1000, 3000, 7000 }, SEC(8),
      RTO_REASON_USER_TIMEOUT, ETIMEDOUT, SEC(1), MS(8000), 3, SEC(1) },
    /*
     * REFERENCES TV-5, Cloudflare on a 5.2 kernel (the 4.19 profile), UT
     * 5000 ms and syn_retries 6: SYNs at 1.016, 3.032, then four at
     * 5.016 / .024 / .036 / .044 and ETIMEDOUT at 5.050 s.  The commit
     * a41e8a88b06e ("tcp: better handle TCP_USER_TIMEOUT in SYN_SENT
     * state", Fixes: b701a99e431d, in 5.4 and 4.19.77) explains it: the
     * 4.19 clamp cuts the SYN timer to the user timeout left and then to
     * one jiffy, and "this silly situation ends when the max syn rtx count
     * is reached"; its 4.19.y and 5.3.y diffs show SYN expiry there as the
     * count alone (icsk_retransmits >= syn_retries).
     *
     * Nominal at HZ=250 (a jiffy is 4 ms): SYNs at 1 s and 3 s; after the
     * 2nd the RTO is 4 s but 5000 - 3000 = 2000 ms are left: SYN 3 at 5 s;
     * nothing is left, so 1 jiffy each: SYNs 4, 5, 6 at 5004, 5008, 5012
     * ms; at 5016 ms the count 6 >= 6 ends it.  Budget not checked.
     *
     * (Once a disagreement with KERNEL.md 3.4; the model follows this
     * measurement since.)
     */
    { "REFERENCES TV-5 (5.2, UT 5000): SYNs to 5.012 s, ETIMEDOUT ~5.05 s",
      "5.2", RTO_PATH_SYN, 250, 6, 5000, 6,
      { 1000, 3000, 5000, 5004, 5008, 5012 }, MS(5016),
      RTO_REASON_SYN_RETRIES, ETIMEDOUT, SEC(1), SKIP, 2, MS(2000) },
    /* The 2.6.32 listener: req timeout TCP_TIMEOUT_INIT = 3 s before 3.1
     * (KERNEL.md 2.1, 4.1), re-armed for min(3 s << num_timeout, 120 s):
     * 3, 6, 12, 24, 48 s: SYN-ACKs at 3, 9, 21, 45, 93 s; then 96 s to
     * 189 s, where num_timeout 5 >= tcp_synack_retries 5 drops the request
     * silently. */
    { "KERNEL.md 4.1 + 2.1: 2.6.32 SYN-ACKs 3, 9, 21, 45, 93 s, drop 189 s",
      "2.6.32", RTO_PATH_SYNACK, 0, 0, 0, 5,
      { 3000, 9000, 21000, 45000, 93000 }, SEC(189),
      RTO_REASON_SYNACK_RETRIES, 0, SEC(3), RTO_NONE, 0, 0 },
};

static void check_conn_row(const struct conn_row *r, int hz)
{
    struct rto_params p;
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    int k = 0, rc;

    rto_params_default_for(&p, profile_of(r->source, r->kernel));
    p.hz = hz;
    if (r->syn_retries)
        p.syn_retries = r->syn_retries;
    p.user_timeout_us = MS(r->user_timeout_ms);
    rto_timeline_init(&t, ev, EV_CAP);
    rc = r->path == RTO_PATH_SYN ? rto_syn(&p, &t) : rto_synack(&p, &t);
    ck_assert_msg(rc == RTO_OK, "%s (HZ=%d): rc = %d (%s)", r->source, hz,
                  rc, rto_strerror(rc));
    ck_assert_msg(!t.truncated, "%s (HZ=%d): not truncated", r->source, hz);
    EQ64(r->source, hz, "retransmissions", t.retransmissions,
         r->retransmissions);
    EQ64(r->source, hz, "give_up_us", t.give_up_us, r->give_up_us);
    EQ64(r->source, hz, "reason", t.reason, r->reason);
    EQ64(r->source, hz, "error", t.error, r->error);
    EQ64(r->source, hz, "initial_rto_us", t.initial_rto_us,
         r->initial_rto_us);
    if (r->budget_us != SKIP)
        EQ64(r->source, hz, "budget_us", t.budget_us, r->budget_us);
    /* KERNEL.md 1.2: tcp_connect() stamps the first SYN; a child of a
     * request starts from the first SYN-ACK. */
    EQ64(r->source, hz, "stamp_us", t.stamp_us, 0);
    for (size_t i = 0; i < t.count; i++) {
        const struct rto_event *e = &t.events[i];

        if (e->type != RTO_EV_RETRANSMIT)
            continue;
        ck_assert_msg(k < r->retransmissions,
                      "%s (HZ=%d): retransmission %d beyond the %d expected",
                      r->source, hz, k + 1, r->retransmissions);
        ck_assert_msg(e->at_us == MS(r->at_ms[k]),
                      "%s (HZ=%d): retransmission %d at_us = %" PRId64
                      ", want %" PRId64,
                      r->source, hz, k + 1, e->at_us, MS(r->at_ms[k]));
        k++;
        if (r->clamped_n == k) {
            ck_assert_msg((e->marks & RTO_MARK_CLAMPED) != 0,
                          "%s (HZ=%d): retransmission %d's next timer is "
                          "cut to the user timeout",
                          r->source, hz, k);
            EQ64(r->source, hz, "clamped next_us", e->next_us,
                 r->clamped_next_us);
        }
    }
    EQ64(r->source, hz, "retransmission events", k, r->retransmissions);
    ck_assert_msg(t.count > 0 && t.events[t.count - 1].type == RTO_EV_GIVE_UP
                      && t.events[t.count - 1].at_us == r->give_up_us,
                  "%s (HZ=%d): the last event is the give-up at %" PRId64,
                  r->source, hz, r->give_up_us);
}

START_TEST(test_conn)
{
    const struct conn_row *r = &conn_rows[_i];
    int hz[HZ_COUNT];
    size_t n = hzs_of(r->hz, hz);

    for (size_t h = 0; h < n; h++)
        check_conn_row(r, hz[h]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The give-up comparison per profile (KERNEL.md 8.3)                 */
/* ------------------------------------------------------------------ */

/*
 * Established data, one segment, TLP off, rtt 20 us at HZ=250: the RTO is
 * ceil((20 + 200 000) / 4000) = 51 jiffies = 204 ms (KERNEL.md V15).  The
 * firings are F_n = 204 (2^n - 1) ms up to F10 = 204 * 1023 = 208 692 ms
 * (the timer after retransmission 9 is 51 << 9 = 26 112 jiffies < 30 000),
 * then every 120 s: F_n = 208 692 + (n - 10) * 120 000 ms.  The stamp is
 * the first retransmission, at 204 ms (KERNEL.md 1.2), and the connection
 * dies at the first firing n >= 2 whose elapsed time F_n - 204 passes the
 * comparison; n - 1 retransmissions are made.  The u8 icsk_retransmits
 * (KERNEL.md 8.3) is checked below to be nonzero at each death firing.
 *
 * The budget J = 1023 (HZ/5) + (r - 9) 120 HZ (mod 2^32) jiffies; at
 * HZ=250 that is 51 150 + (r - 9) * 30 000.
 */
struct cmp_row {
    const char *source;
    const char *kernel;
    int retries2;
    int retransmissions;
    int64_t give_up_us;
    int64_t budget_us;      /* in the comparison's unit, as microseconds */
};

static const struct cmp_row cmp_rows[] = {
    /* T = 51 150 + 19 991 * 30 000 = 599 781 150 jiffies = 2 399 124 600
     * ms >= 2^31.  Signed: at F2 = 612 ms, (s32)(408 - T) = 408 + 2^32 - T
     * = 1 895 843 104 >= 0: dead after 1 retransmission, at 3 x 204 ms. */
    { "KERNEL.md V36/8.3: 5.10 (signed, 4.20-5.12) retries2 20000 -> 612 ms",
      "5.10", 20000, 1, MS(612), INT64_C(2399124600) * 1000 },
    /* T = 3 409 190 008 ms (KERNEL.md V37); (s32)(408 - T) = 408 + 2^32 -
     * T = 885 777 696 >= 0: the same 2nd firing. */
    { "KERNEL.md V37/8.3: 5.10 retries2 100000 -> 612 ms", "5.10", 100000, 1,
      MS(612), INT64_C(3409190008) * 1000 },
    /* Unsigned ms: the first F_n >= 204 + 2 399 124 600 = 2 399 124 804.
     * (n - 10) * 120 000 >= 2 399 124 804 - 208 692 = 2 398 916 112 gives
     * n - 10 = ceil(19 990.97) = 19 991: F = 208 692 + 2 398 920 000 =
     * 2 399 128 692 ms (27.77 days), 19 991 + 9 = 20 000 retransmissions
     * (20 000 mod 256 = 32, nonzero).  F_{n-1} leaves 2 399 008 488 ms. */
    { "KERNEL.md V38/8.3: 4.19 (unsigned ms, 4.13-4.19) retries2 20000 -> "
      "after T = 2 399 124 600 ms (~27.8 days)",
      "4.19", 20000, 20000, INT64_C(2399128692) * 1000,
      INT64_C(2399124600) * 1000 },
    /* T = 3 409 190 008 ms: F >= 3 409 190 212; (n - 10) * 120 000 >=
     * 3 408 981 520 gives n - 10 = ceil(28 408.18) = 28 409: F = 208 692
     * + 3 409 080 000 = 3 409 288 692 ms (39.46 days), 28 418
     * retransmissions (28 418 mod 256 = 2). */
    { "KERNEL.md 8.3: 4.19 retries2 100000 -> after T (~39.5 days)", "4.19",
      100000, 28418, INT64_C(3409288692) * 1000,
      INT64_C(3409190008) * 1000 },
    /* Unsigned jiffies, no ms conversion: J = 51 150 + 99 991 * 30 000 =
     * 2 999 781 150 < 2^32 (no wrap at HZ=250), = 11 999 124 600 ms =
     * 138.88 days.  In jiffies the stamp is 51 and F_n = 52 173 + (n - 10)
     * * 30 000; the first F_n >= 51 + J = 2 999 781 201: (n - 10) * 30 000
     * >= 2 999 729 028, n - 10 = ceil(99 990.97) = 99 991, F = 2 999 782 173
     * jiffies = 11 999 128 692 ms; 100 000 retransmissions (mod 256 =
     * 160). */
    { "KERNEL.md 8.3: 4.9 (jiffies, before 4.13) retries2 100000 at HZ=250 "
      "-> \"about 138.9 days\"",
      "4.9", 100000, 100000, INT64_C(11999128692) * 1000,
      INT64_C(11999124600) * 1000 },
};

START_TEST(test_comparison)
{
    const struct cmp_row *r = &cmp_rows[_i];
    struct rto_params p;
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
    const int hz = 250;
    int rc;

    rto_params_default_for(&p, profile_of(r->source, r->kernel));
    p.hz = hz;
    p.rtt_us = 20;
    p.tlp = false;
    p.retries2 = r->retries2;
    rto_timeline_init(&t, ev, EV_CAP);
    rc = rto_retrans(&p, &t);
    ck_assert_msg(rc == RTO_OK, "%s: rto_retrans = %d (%s)", r->source, rc,
                  rto_strerror(rc));
    EQ64(r->source, hz, "initial_rto_us", t.initial_rto_us, MS(204));
    EQ64(r->source, hz, "stamp_us", t.stamp_us, MS(204));
    EQ64(r->source, hz, "budget_us", t.budget_us, r->budget_us);
    EQ64(r->source, hz, "retransmissions", t.retransmissions,
         r->retransmissions);
    EQ64(r->source, hz, "give_up_us", t.give_up_us, r->give_up_us);
    EQ64(r->source, hz, "reason", t.reason, RTO_REASON_RETRIES2);
    EQ64(r->source, hz, "error", t.error, ETIMEDOUT);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Keepalive with a user timeout: one rule in every profile           */
/* ------------------------------------------------------------------ */

/*
 * tcp_keepalive_timer() gives up at the first firing with elapsed >=
 * msecs_to_jiffies(U) and icsk_probes_out > 0, elapsed counted from the
 * last segment received.  The test reads the same in the 5.1-era tree
 * at 01a523b07161 (January 2019, before Cloudflare's 2019 trace on 5.2)
 * and in the code Neal Cardwell quoted on netdev in January 2025 (with
 * the 6.10 RST reasons); it came with the option in 2.6.37
 * (dca43c75e7e5, U then stored in jiffies, the same threshold).  So no
 * profile moves the RST of KEEPIDLE 1, KEEPINTVL 11, KEEPCNT 3 (firings
 * at 1 + 11 (k - 1) s):
 * U 30 s -> 4th firing, 34 s, 3 probes; U 60 s -> 7th, 67 s, 6 probes.
 */
START_TEST(test_keepalive_ut_every_profile)
{
    static const struct {
        int64_t ut_ms;
        int probes;
        int64_t give_up_us;
    } rows[] = { { 30000, 3, SEC(34) }, { 60000, 6, SEC(67) } };
    const int hz = 250;
    size_t count;
    const int *v = rto_kernel_profiles(&count);
    size_t checked = 0;

    for (size_t i = 0; i < count; i++) {
        char name[16], src[96];

        if (!rto_kernel_has(v[i], RTO_FEAT_USER_TIMEOUT))
            continue;
        version_text(v[i], name, sizeof(name));
        for (size_t r = 0; r < N_ROWS(rows); r++) {
            struct rto_params p;
            struct rto_event ev[EV_CAP];
            struct rto_timeline t;
            int rc;

            snprintf(src, sizeof(src), "keepalive 1/11/3 UT %" PRId64
                     " ms on the %s profile", rows[r].ut_ms, name);
            rto_params_default_for(&p, v[i]);
            p.hz = hz;
            p.keepalive_time_us = SEC(1);
            p.keepalive_intvl_us = SEC(11);
            p.keepalive_probes = 3;
            p.user_timeout_us = MS(rows[r].ut_ms);
            rto_timeline_init(&t, ev, EV_CAP);
            rc = rto_keepalive(&p, &t);
            ck_assert_msg(rc == RTO_OK, "%s: rto_keepalive = %d (%s)", src,
                          rc, rto_strerror(rc));
            EQ64(src, hz, "probes", t.retransmissions, rows[r].probes);
            EQ64(src, hz, "give_up_us", t.give_up_us, rows[r].give_up_us);
            EQ64(src, hz, "reason", t.reason, RTO_REASON_USER_TIMEOUT);
        }
        checked++;
    }
    /* 2.6.32 has no TCP_USER_TIMEOUT; the other 15 profiles have it. */
    EQ64("profiles with TCP_USER_TIMEOUT", hz, "count", checked, count - 1);
}
END_TEST

Suite *profiles_suite(void)
{
    Suite *s = suite_create("profiles");
    TCase *tc;

    tc = tcase_create("parse");
    tcase_add_loop_test(tc, test_parse, 0, (int)N_ROWS(parse_rows));
    tcase_add_test(tc, test_parse_profiles_to_themselves);
    suite_add_tcase(s, tc);

    tc = tcase_create("lists");
    tcase_add_test(tc, test_profiles_list);
    tcase_add_test(tc, test_changes);
    tcase_add_loop_test(tc, test_features, 0, (int)N_ROWS(feature_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("defaults");
    tcase_add_loop_test(tc, test_defaults, 0, (int)N_ROWS(default_rows));
    tcase_add_test(tc, test_defaults_cover_profiles);
    tcase_add_loop_test(tc, test_init_rto, 0, (int)N_ROWS(init_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("validate");
    tcase_add_loop_test(tc, test_validate, 0, (int)N_ROWS(valid_rows));
    tcase_add_test(tc, test_retrans_rejects_v35);
    suite_add_tcase(s, tc);

    tc = tcase_create("connect");
    tcase_add_loop_test(tc, test_conn, 0, (int)N_ROWS(conn_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("comparison");
    tcase_add_loop_test(tc, test_comparison, 0, (int)N_ROWS(cmp_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("keepalive");
    tcase_add_test(tc, test_keepalive_ut_every_profile);
    suite_add_tcase(s, tc);
    return s;
}
