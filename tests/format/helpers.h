/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Check suites of tests/format/check_format, one per group of
 * writers in src/format, and the scaffolding they share.  check_format.c
 * runs them all; the program links the writers and the model alone
 * (libformat, libmodel), never the CLI.
 */
#ifndef RTOCALC_TESTS_FORMAT_HELPERS_H
#define RTOCALC_TESTS_FORMAT_HELPERS_H

#include <check.h>
#include <stdint.h>

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))
#define MS(x) ((int64_t)(x) * 1000)
#define SEC(x) ((int64_t)(x) * 1000000)

/* The output formats, rto_write() and the duration helpers (check_out.c). */
Suite *out_suite(void);
/* The configuration snippets of rto_emit() (check_emit.c). */
Suite *emit_suite(void);
Suite *sockets_suite(void);

#endif
