/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_knobs: which scenarios verify skips on an older kernel
 * (verify_lacks_knob(), src/verify/netns.c).  A sysctl newer than the
 * kernel's profile is no obstacle while the scenario keeps the value that
 * kernel runs without it; any other value cannot be set there, and the
 * scenario is skipped rather than measured against a model of a setting
 * the kernel never had.  The versions are those of the profiles:
 * tcp_syn_linear_timeouts from 6.5, tcp_rto_min_us from 6.11,
 * tcp_rto_max_ms from 6.15.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rtocalc.h"
#include "verify/verify.h"

static struct rto_params on(int major, int minor)
{
    struct rto_params p;

    rto_params_default_for(&p, RTO_KERNEL(major, minor));
    return p;
}

/* Every profile's own defaults run on that kernel as they are. */
START_TEST(test_defaults_need_nothing)
{
    size_t n;
    const int *v = rto_kernel_profiles(&n);
    char why[128] = "";

    for (size_t i = 0; i < n; i++) {
        struct rto_params p;
        rto_params_default_for(&p, v[i]);
        ck_assert_msg(verify_lacks_knob(&p, why, sizeof(why)) == 0,
                      "profile %d: %s", v[i], why);
    }
}
END_TEST

static const struct {
    int major, minor;
    int64_t rto_min_us, rto_max_us;
    int syn_linear;
    int lacks;
    const char *knob;
} rows[] = {
    /* rtomin400 on 6.1 and 6.6: no tcp_rto_min_us before 6.11. */
    { 6, 1, 400000, 0, -1, 1, "tcp_rto_min_us=400000" },
    { 6, 6, 400000, 0, -1, 1, "tcp_rto_min_us=400000" },
    { 6, 12, 400000, 0, -1, 0, NULL },
    /* rtomax1s on 6.12: no tcp_rto_max_ms before 6.15. */
    { 6, 12, 0, 1000000, -1, 1, "tcp_rto_max_ms=1000" },
    { 6, 18, 0, 1000000, -1, 0, NULL },
    /* The pre-6.5 shape asked for on 6.1 is what 6.1 does... */
    { 6, 1, 0, 0, 0, 0, NULL },
    /* ...one linear timeout is not. */
    { 6, 1, 0, 0, 1, 1, "tcp_syn_linear_timeouts=1" },
    { 6, 6, 0, 0, 1, 0, NULL },
};

START_TEST(test_rows)
{
    struct rto_params p = on(rows[_i].major, rows[_i].minor);
    char why[128] = "";
    int got;

    if (rows[_i].rto_min_us)
        p.rto_min_us = rows[_i].rto_min_us;
    if (rows[_i].rto_max_us)
        p.rto_max_us = rows[_i].rto_max_us;
    if (rows[_i].syn_linear >= 0)
        p.syn_linear_timeouts = rows[_i].syn_linear;
    got = verify_lacks_knob(&p, why, sizeof(why));
    ck_assert_msg(got == rows[_i].lacks, "row %d: %d (%s)", _i, got, why);
    if (rows[_i].knob)
        ck_assert_msg(strncmp(why, rows[_i].knob, strlen(rows[_i].knob))
                          == 0,
                      "row %d: \"%s\"", _i, why);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("knobs");
    TCase *tc = tcase_create("older kernels");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_defaults_need_nothing);
    tcase_add_loop_test(tc, test_rows, 0, (int)(sizeof(rows) / sizeof(rows[0])));
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
