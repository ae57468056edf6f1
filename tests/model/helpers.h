/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Check suites of tests/model/check_model, one per module of
 * src/model, and the scaffolding they share.  check_model.c runs them
 * all; the program links the model alone (libmodel), so a suite that
 * calls a writer does not build here: it belongs in tests/format.
 */
#ifndef RTOCALC_TESTS_MODEL_HELPERS_H
#define RTOCALC_TESTS_MODEL_HELPERS_H

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
 * switch (check_profiles.c). */
Suite *profiles_suite(void);
/* The RTT estimator beside RFC 6298 (rto_rtt_run). */
Suite *rtt_suite(void);
/* The inverse solver: settings that give up within a target (rto_solve). */
Suite *solve_suite(void);
/* Middlebox presets (rto_middleboxes; check_middlebox.c). */
Suite *middlebox_suite(void);
/* The kernel's 32-bit and 8-bit wrap-arounds (check_wrap.c). */
Suite *wrap_suite(void);
/* The give-up-only fast path against the full walk (check_fast.c). */
Suite *fast_suite(void);

#endif
