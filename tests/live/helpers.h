/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Check suites of tests/live/check_dump beside its own: check_dump.c
 * runs them all; the program links the reader and the layers below it.
 */
#ifndef RTOCALC_TESTS_LIVE_HELPERS_H
#define RTOCALC_TESTS_LIVE_HELPERS_H

#include <check.h>

/* The per-socket options: overlay and reader (check_sockopt.c). */
Suite *sockopt_suite(void);

#endif
