/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The settings table and the path table (src/model/settings.c, paths.c):
 * one row per setting and per path, each name used once, the sysctls in
 * their own units, and the ranges the kernel gives them.  The CLI, JSON,
 * emit and --help all read these tables, so a wrong row is wrong
 * everywhere; these checks hold the rows to their sources.
 */
#include <check.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "rtocalc.h"
#include "helpers.h"


START_TEST(test_one_row_per_field)
{
    /* Every field rto_params_validate() can name, RTO_F_KERNEL ..
     * RTO_F_COUNT - 1, is one row, and there are no other rows. */
    ck_assert_uint_eq(rto_setting_count(), (size_t)RTO_F_COUNT - 1);
    for (int f = RTO_F_NONE + 1; f < RTO_F_COUNT; f++) {
        const struct rto_setting *s = rto_setting_of((enum rto_field)f);
        ck_assert_msg(s != NULL, "field %d has no row", f);
        ck_assert_int_eq(s->field, f);
    }
    ck_assert_ptr_null(rto_setting_of(RTO_F_NONE));
    ck_assert_ptr_null(rto_setting_at(rto_setting_count()));
}
END_TEST

/* No two rows share an option, a sysctl or a JSON key, and each name finds
 * its own row. */
START_TEST(test_names_unique)
{
    size_t n = rto_setting_count();

    for (size_t i = 0; i < n; i++) {
        const struct rto_setting *a = rto_setting_at(i);
        ck_assert_ptr_eq(rto_setting_by_option(a->option), a);
        if (a->sysctl)
            ck_assert_ptr_eq(rto_setting_by_sysctl(a->sysctl), a);
        ck_assert_msg(a->help && *a->help, "--%s has no help", a->option);
        for (size_t j = i + 1; j < n; j++) {
            const struct rto_setting *b = rto_setting_at(j);
            ck_assert_str_ne(a->option, b->option);
            if (a->sysctl && b->sysctl)
                ck_assert_str_ne(a->sysctl, b->sysctl);
            if (a->json && b->json)
                ck_assert_str_ne(a->json, b->json);
        }
    }
}
END_TEST

struct sysctl_row {
    const char *source;
    const char *sysctl;
    int64_t value;          /* as /proc/sys/net/ipv4 shows it */
    int64_t model;          /* in the model's units */
};

/* Documentation/networking/ip-sysctl.rst gives each sysctl's unit. */
static const struct sysctl_row sysctl_rows[] = {
    { "ip-sysctl: tcp_keepalive_time in seconds, default 7200 (2 hours)",
      "tcp_keepalive_time", 7200, INT64_C(7200000000) },
    { "ip-sysctl: tcp_keepalive_intvl in seconds, default 75",
      "tcp_keepalive_intvl", 75, 75000000 },
    { "ip-sysctl: tcp_fin_timeout in seconds, default 60", "tcp_fin_timeout",
      60, 60000000 },
    { "ip-sysctl: tcp_rto_min_us in microseconds, default 200000 (200 ms)",
      "tcp_rto_min_us", 200000, 200000 },
    { "ip-sysctl: tcp_rto_max_ms in milliseconds, default 120000 (120 s)",
      "tcp_rto_max_ms", 120000, 120000000 },
    { "ip-sysctl: tcp_retries2 is a count", "tcp_retries2", 15, 15 },
    { "ip-sysctl: tcp_early_retrans 3 enables RACK-TLP", "tcp_early_retrans",
      3, 1 },
    { "ip-sysctl: tcp_early_retrans 4 enables TLP only", "tcp_early_retrans",
      4, 1 },
    { "ip-sysctl: tcp_early_retrans 2 is early retransmit without TLP",
      "tcp_early_retrans", 2, 0 },
    { "ip-sysctl: tcp_early_retrans 0 disables it", "tcp_early_retrans", 0,
      0 },
    { "ip-sysctl: tcp_thin_linear_timeouts 1 enables them",
      "tcp_thin_linear_timeouts", 1, 1 },
};

START_TEST(test_sysctl_units)
{
    const struct sysctl_row *r = &sysctl_rows[_i];
    const struct rto_setting *s = rto_setting_by_sysctl(r->sysctl);
    int64_t m;

    ck_assert_msg(s != NULL, "%s: no row for %s", r->source, r->sysctl);
    m = rto_setting_from_sysctl(s->field, r->value);
    ck_assert_msg(m == r->model, "%s: %s = %" PRId64 " is %" PRId64
                  " in the model, want %" PRId64, r->source, r->sysctl,
                  r->value, m, r->model);
    /* Back to the sysctl: the same number, except the TLP flag, whose
     * "on" is written as the default 3. */
    if (s->field != RTO_F_TLP || r->value == 0 || r->value == 3)
        ck_assert_int_eq(rto_setting_to_sysctl(s->field, m), r->value);
}
END_TEST

struct accept_row {
    const char *source;
    int kernel;
    int hz;
    enum rto_field field;
    int64_t value;          /* model units */
    bool explicit;          /* given by the user (0 must be a real value) */
    bool want;
};

static const struct accept_row accept_rows[] = {
    /* rtocalc.h: rto 0 means "from the RTT"; given explicitly it is
     * refused (issue 14: --rto 0 printed an RTO of 201 ms). */
    { "rto 0 inside: from the RTT", RTO_KERNEL(6, 18), 1000, RTO_F_RTO, 0,
      false, true },
    { "rto 0 given: no such RTO", RTO_KERNEL(6, 18), 1000, RTO_F_RTO, 0,
      true, false },
    { "rto 1 us given", RTO_KERNEL(6, 18), 1000, RTO_F_RTO, 1, true, true },
    /* tcp_rto_max_ms: 1000..120000 (6.15, TCP_RTO_MAX_MIN_SEC). */
    { "ip-sysctl tcp_rto_max_ms min 1000", RTO_KERNEL(6, 18), 1000,
      RTO_F_RTO_MAX, 999000, true, false },
    { "ip-sysctl tcp_rto_max_ms 1000", RTO_KERNEL(6, 18), 1000,
      RTO_F_RTO_MAX, 1000000, true, true },
    /* Before 6.15 only TCP_RTO_MAX, 120 s, exists. */
    { "no tcp_rto_max_ms before 6.15", RTO_KERNEL(6, 12), 1000,
      RTO_F_RTO_MAX, 1000000, true, false },
    { "TCP_RTO_MAX before 6.15", RTO_KERNEL(6, 12), 1000, RTO_F_RTO_MAX,
      120000000, true, true },
    /* proc_dointvec_jiffies: seconds x HZ must fit an int, so at HZ=1000
     * the largest is floor(2147483647 / 1000) = 2147483 s. */
    { "jiffies cap at HZ=1000: 2147483 s", RTO_KERNEL(6, 18), 1000,
      RTO_F_KEEPALIVE_TIME, INT64_C(2147483) * 1000000, true, true },
    { "jiffies cap at HZ=1000: 2147484 s", RTO_KERNEL(6, 18), 1000,
      RTO_F_KEEPALIVE_TIME, INT64_C(2147484) * 1000000, true, false },
    /* At HZ=100: floor(2147483647 / 100) = 21474836 s. */
    { "jiffies cap at HZ=100: 21474836 s", RTO_KERNEL(6, 18), 100,
      RTO_F_KEEPALIVE_TIME, INT64_C(21474836) * 1000000, true, true },
    /* Whole seconds only. */
    { "tcp_keepalive_time in whole s", RTO_KERNEL(6, 18), 1000,
      RTO_F_KEEPALIVE_TIME, 1500000, true, false },
    /* The retry sysctls are u8 since 5.13 (4ecc1baf362c), ints before. */
    { "u8 tcp_retries2 since 5.13: 256", RTO_KERNEL(6, 18), 1000,
      RTO_F_RETRIES2, 256, true, false },
    { "int tcp_retries2 before 5.13: 256", RTO_KERNEL(5, 10), 1000,
      RTO_F_RETRIES2, 256, true, true },
    /* MAX_TCP_SYNCNT 127, min 1. */
    { "tcp_syn_retries 0", RTO_KERNEL(6, 18), 1000, RTO_F_SYN_RETRIES, 0,
      true, false },
    { "tcp_syn_retries 127", RTO_KERNEL(6, 18), 1000, RTO_F_SYN_RETRIES, 127,
      true, true },
    /* CONFIG_HZ is one of 100, 250, 300, 1000. */
    { "CONFIG_HZ 300", RTO_KERNEL(6, 18), 1000, RTO_F_HZ, 300, true, true },
    { "CONFIG_HZ 200", RTO_KERNEL(6, 18), 1000, RTO_F_HZ, 200, true, false },
    /* The tail loss probe from 3.10 (6ba8a3b19e76). */
    { "TLP on 2.6.32", RTO_KERNEL(2, 6) | 32, 1000, RTO_F_TLP, 1, true,
      false },
    { "TLP off on 2.6.32", RTO_KERNEL(2, 6) | 32, 1000, RTO_F_TLP, 0, true,
      true },
};

START_TEST(test_accepts)
{
    const struct accept_row *r = &accept_rows[_i];
    struct rto_params p;
    bool got;

    rto_params_default_for(&p, r->kernel);
    p.hz = r->hz;
    got = rto_setting_accepts(&p, r->field, r->value, !r->explicit);
    ck_assert_msg(got == r->want, "%s: %s accepts %" PRId64 ": %d, want %d",
                  r->source, rto_field_knob(r->field), r->value, got,
                  r->want);
}
END_TEST

/* The defaults come from the table's rows; the documented 6.18 values
 * (ip-sysctl.rst, tcp(7), include/net/tcp.h). */
START_TEST(test_defaults)
{
    struct rto_params p;

    rto_params_default(&p);
    ck_assert_int_eq(p.kernel, RTO_KERNEL(6, 18));
    ck_assert_int_eq(p.retries1, 3);
    ck_assert_int_eq(p.retries2, 15);
    ck_assert_int_eq(p.syn_retries, 6);
    ck_assert_int_eq(p.syn_linear_timeouts, 4);
    ck_assert_int_eq(p.synack_retries, 5);
    ck_assert_int_eq(p.orphan_retries, 0);
    ck_assert_int_eq(p.keepalive_probes, 9);
    ck_assert_int_eq(p.keepalive_time_us, INT64_C(7200000000));
    ck_assert_int_eq(p.keepalive_intvl_us, 75000000);
    ck_assert_int_eq(p.fin_timeout_us, 60000000);
    ck_assert_int_eq(p.rto_min_us, 200000);
    ck_assert_int_eq(p.rto_max_us, 120000000);
    ck_assert(p.tlp);
    ck_assert(!p.thin);
    ck_assert(!p.fastopen);
    ck_assert_int_eq(p.cc, RTO_CC_CUBIC);
    ck_assert_int_eq(rto_params_validate(&p, NULL), RTO_OK);
    /* tcp_syn_retries was 5 before 3.7 (tcp(7)); no linear SYN timeouts
     * before 6.5; no TLP before 3.10. */
    rto_params_default_for(&p, RTO_KERNEL(2, 6) | 32);
    ck_assert_int_eq(p.syn_retries, 5);
    ck_assert_int_eq(p.syn_linear_timeouts, 0);
    ck_assert(!p.tlp);
    ck_assert_int_eq(rto_params_validate(&p, NULL), RTO_OK);
}
END_TEST

/* One row per path, found by its name, running its own function. */
START_TEST(test_paths)
{
    static const struct {
        enum rto_path path;
        const char *name;
        int (*run)(const struct rto_params *, struct rto_timeline *);
        const char *count_word;
    } want[] = {
        { RTO_PATH_RETRANS, "retrans", rto_retrans, "retransmissions" },
        { RTO_PATH_KEEPALIVE, "keepalive", rto_keepalive, "probes" },
        { RTO_PATH_SYN, "syn", rto_syn, "retransmissions" },
        { RTO_PATH_SYNACK, "synack", rto_synack, "retransmissions" },
        { RTO_PATH_ORPHAN, "orphan", rto_orphan, "retransmissions" },
        { RTO_PATH_FIN_WAIT2, "fin_wait2", rto_fin_wait2, "" },
        { RTO_PATH_PROBE0, "probe0", rto_probe0, "probes" },
    };

    ck_assert_int_eq(N_ROWS(want), RTO_PATH_COUNT);
    for (size_t i = 0; i < N_ROWS(want); i++) {
        const struct rto_path_info *pi = rto_path_info(want[i].path);
        ck_assert_ptr_nonnull(pi);
        ck_assert_int_eq(pi->path, want[i].path);
        ck_assert_str_eq(pi->name, want[i].name);
        ck_assert_str_eq(rto_path_name(want[i].path), want[i].name);
        ck_assert_ptr_eq(rto_path_find(want[i].name), pi);
        ck_assert(pi->run == want[i].run);
        ck_assert_str_eq(pi->count_word, want[i].count_word);
        ck_assert(pi->doing && *pi->doing);
    }
    ck_assert_ptr_null(rto_path_find("retransmit"));
    ck_assert_ptr_null(rto_path_info(RTO_PATH_COUNT));
}
END_TEST

Suite *settings_suite(void)
{
    Suite *s = suite_create("settings");
    TCase *tc = tcase_create("tables");

    tcase_add_test(tc, test_one_row_per_field);
    tcase_add_test(tc, test_names_unique);
    tcase_add_loop_test(tc, test_sysctl_units, 0, (int)N_ROWS(sysctl_rows));
    tcase_add_loop_test(tc, test_accepts, 0, (int)N_ROWS(accept_rows));
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_paths);
    suite_add_tcase(s, tc);
    return s;
}
