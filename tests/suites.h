/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Check suites of tests/check_model, one per module.  check_model.c
 * runs them all.
 */
#ifndef RTOCALC_TESTS_SUITES_H
#define RTOCALC_TESTS_SUITES_H

#include <check.h>

/* Jiffies, the timer wheel, CONFIG_HZ and the initial RTO. */
Suite *jiffies_suite(void);
/* tcp_model_timeout(), parameter defaults and ranges, kernel versions. */
Suite *budget_suite(void);
/* The established connection with data outstanding (rto_retrans). */
Suite *retrans_suite(void);
/* The idle connection with SO_KEEPALIVE (rto_keepalive). */
Suite *keepalive_suite(void);
/* SYN, SYN-ACK, orphans, FIN_WAIT2 and zero-window probes (rto_syn,
 * rto_synack, rto_orphan, rto_fin_wait2, rto_probe0). */
Suite *paths_suite(void);
/* Kernel-version profiles: parsing, defaults, ranges and the rules they
 * switch (tests/check_profiles.c). */
Suite *profiles_suite(void);
/* The writers (tests/check_out.c). */
Suite *out_suite(void);
/* The RTT estimator beside RFC 6298 (rto_rtt_run). */
Suite *rtt_suite(void);
/* The inverse solver: settings that give up within a target (rto_solve). */
Suite *solve_suite(void);
/* Middlebox presets and configuration snippets (rto_middleboxes,
 * rto_emit; tests/check_plan.c). */
Suite *plan_suite(void);

Suite *wrap_suite(void);
/* The settings table and the path table (tests/check_settings.c). */
Suite *settings_suite(void);
/* The give-up-only fast path against the full walk (tests/check_fast.c). */
Suite *fast_suite(void);

#endif
