/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_model: runs every unit-test suite of the model (src/model) and
 * fails when any check fails.  Check prints its own summary line.
 */
#include <check.h>
#include <stdlib.h>

#include "helpers.h"

int main(void)
{
    SRunner *sr = srunner_create(jiffies_suite());
    int failed;

    srunner_add_suite(sr, budget_suite());
    srunner_add_suite(sr, retrans_suite());
    srunner_add_suite(sr, keepalive_suite());
    srunner_add_suite(sr, paths_suite());
    srunner_add_suite(sr, profiles_suite());
    srunner_add_suite(sr, rtt_suite());
    srunner_add_suite(sr, solve_suite());
    srunner_add_suite(sr, wrap_suite());
    srunner_add_suite(sr, fast_suite());
    srunner_add_suite(sr, middlebox_suite());
    srunner_add_suite(sr, settings_suite());
    srunner_add_suite(sr, inflight_suite());
    srunner_add_suite(sr, probe0_ut_suite());
    srunner_add_suite(sr, live_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
