/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_format: runs every unit-test suite of the writers (src/format)
 * and fails when any check fails.  Check prints its own summary line.
 */
#include <check.h>
#include <stdlib.h>

#include "helpers.h"

int main(void)
{
    SRunner *sr = srunner_create(out_suite());
    int failed;

    srunner_add_suite(sr, emit_suite());
    srunner_add_suite(sr, sockets_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
