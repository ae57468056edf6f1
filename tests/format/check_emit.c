/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The configuration snippets of rto_emit() (src/format/emit.c), split
 * from the planning suite so that it links the writers; the middlebox
 * presets it came with are tested in tests/model/check_middlebox.c.
 *
 * Snippets are captured with open_memstream() and checked for the lines
 * that carry the numbers.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream() */

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtocalc.h"
#include "helpers.h"

/* ------------------------------------------------------------------ */
/* rto_emit()                                                         */
/* ------------------------------------------------------------------ */

/* Run rto_emit() into memory; returns its result, *text is malloc'd. */
static int emit(const char *target, const struct rto_params *p, char **text)
{
    size_t size = 0;
    FILE *mem = open_memstream(text, &size);
    int err;

    ck_assert_ptr_nonnull(mem);
    err = rto_emit(mem, target, p);
    ck_assert_int_eq(fclose(mem), 0);
    return err;
}

enum emit_setup {
    E_DEFAULTS,     /* rto_params_default(): Linux 6.18 */
    E_RETRIES2_5,   /* retrans --retries2 5 */
    E_KA_300,       /* keepalive 300 s, 75 s, 9 */
    E_UT_30S,       /* TCP_USER_TIMEOUT 30000 ms, keepalive 60/10/5 */
    E_LINUX_6_1,    /* rto_params_default_for(6.1) */
};

static void setup(enum emit_setup s, struct rto_params *p)
{
    rto_params_default(p);
    switch (s) {
    case E_RETRIES2_5:
        p->retries2 = 5;
        break;
    case E_KA_300:
        p->keepalive_time_us = SEC(300);
        break;
    case E_UT_30S:
        p->user_timeout_us = MS(30000);
        p->keepalive_time_us = SEC(60);
        p->keepalive_intvl_us = SEC(10);
        p->keepalive_probes = 5;
        break;
    case E_LINUX_6_1:
        rto_params_default_for(p, RTO_KERNEL(6, 1));
        break;
    default:
        break;
    }
}

struct emit_row {
    const char *source;
    enum emit_setup setup;
    const char *target;
    const char *text;
    bool present;
};

static const struct emit_row emit_rows[] = {
    {"must-show: retrans --retries2 5 --emit sysctl", E_RETRIES2_5,
     "sysctl", "net.ipv4.tcp_retries2 = 5\n", true},
    {"tcp_sk_init(): TCP_RETR1 3", E_DEFAULTS, "sysctl",
     "net.ipv4.tcp_retries1 = 3\n", true},
    {"include/net/tcp.h: TCP_KEEPALIVE_TIME 7200 s", E_DEFAULTS, "sysctl",
     "net.ipv4.tcp_keepalive_time = 7200\n", true},
    {"include/net/tcp.h: TCP_FIN_TIMEOUT 60 s", E_DEFAULTS, "sysctl",
     "net.ipv4.tcp_fin_timeout = 60\n", true},
    {"6.15: tcp_rto_max_ms default 120000", E_DEFAULTS, "sysctl",
     "net.ipv4.tcp_rto_max_ms = 120000\n", true},
    {"6.11: tcp_rto_min_us default 200000", E_DEFAULTS, "sysctl",
     "net.ipv4.tcp_rto_min_us = 200000\n", true},
    {"6.5: tcp_syn_linear_timeouts default 4", E_DEFAULTS, "sysctl",
     "net.ipv4.tcp_syn_linear_timeouts = 4\n", true},
    {"tcp_rto_max_ms is 6.15+, not in 6.1", E_LINUX_6_1, "sysctl",
     "tcp_rto_max_ms", false},
    {"tcp_rto_min_us is 6.11+, not in 6.1", E_LINUX_6_1, "sysctl",
     "tcp_rto_min_us", false},
    {"tcp_syn_linear_timeouts is 6.5+, not in 6.1", E_LINUX_6_1, "sysctl",
     "tcp_syn_linear_timeouts", false},
    {"6.1 still has tcp_retries2", E_LINUX_6_1, "sysctl",
     "net.ipv4.tcp_retries2 = 15\n", true},
    {"redis.conf: tcp-keepalive 300", E_KA_300, "redis",
     "\ntcp-keepalive 300\n", true},
    {"redis.conf: \"the double of the time\": 300 + 3 x 100", E_KA_300,
     "redis", "= 600 s", true},
    {"TV-17: 300 / 75 / 9 = 975 s asked for", E_KA_300, "redis", "975 s",
     true},
    {"libpq 12+: tcp_user_timeout in ms", E_UT_30S, "libpq",
     "tcp_user_timeout=30000", true},
    {"libpq: keepalives_idle in seconds", E_UT_30S, "libpq",
     "keepalives=1 keepalives_idle=60 keepalives_interval=10 "
     "keepalives_count=5 ", true},
    {"Go 1.23 KeepAliveConfig.Idle", E_KA_300, "go",
     "Idle:     300 * time.Second,", true},
    {"Go: TCP_USER_TIMEOUT by a Control hook", E_UT_30S, "go",
     "unix.TCP_USER_TIMEOUT, 30000)", true},
    {"Go: no Control hook without a user timeout", E_KA_300, "go",
     "TCP_USER_TIMEOUT", false},
    {"JDK 11 ExtendedSocketOptions.TCP_KEEPCOUNT", E_KA_300, "java",
     "TCP_KEEPCOUNT, 9);", true},
    {"nginx listen so_keepalive=idle:intvl:cnt", E_KA_300, "nginx",
     "so_keepalive=300s:75s:9;", true},
    {"HAProxy 2.2 srvtcpka-intvl", E_KA_300, "haproxy",
     "srvtcpka-intvl 75s\n", true},
    {"HAProxy bind tcp-ut", E_UT_30S, "haproxy", "tcp-ut 30000ms", true},
    {"Envoy TcpKeepalive.keepalive_time", E_KA_300, "envoy",
     "keepalive_time: 300\n", true},
};

START_TEST(test_emit)
{
    const struct emit_row *r = &emit_rows[_i];
    struct rto_params p;
    char *text = NULL;

    setup(r->setup, &p);
    ck_assert_int_eq(emit(r->target, &p, &text), RTO_OK);
    ck_assert_msg((strstr(text, r->text) != NULL) == r->present,
                  "%s (%s): \"%s\" %s in:\n%s", r->target, r->source,
                  r->text, r->present ? "missing" : "present", text);
    free(text);
}
END_TEST

static const char *const all_targets[] = {
    "sysctl", "libpq", "go", "java", "nginx", "haproxy", "envoy", "redis",
};

/* Every target writes something, the same bytes twice, and RTO_EIO on a
 * stream that cannot be written. */
START_TEST(test_emit_targets)
{
    struct rto_params p;
    char *a = NULL, *b = NULL;
    FILE *ro;

    setup(E_UT_30S, &p);
    ck_assert_int_eq(emit(all_targets[_i], &p, &a), RTO_OK);
    ck_assert_int_eq(emit(all_targets[_i], &p, &b), RTO_OK);
    ck_assert_msg(a[0] != '\0', "%s: empty", all_targets[_i]);
    ck_assert_str_eq(a, b);
    ck_assert_msg(a[strlen(a) - 1] == '\n', "%s: no final newline",
                  all_targets[_i]);
    free(a);
    free(b);
    ro = fopen("/dev/null", "r");
    ck_assert_ptr_nonnull(ro);
    ck_assert_int_eq(rto_emit(ro, all_targets[_i], &p), RTO_EIO);
    fclose(ro);
}
END_TEST

START_TEST(test_emit_unknown)
{
    struct rto_params p;
    char *text = NULL;

    rto_params_default(&p);
    ck_assert_int_eq(emit("systemd", &p, &text), RTO_EINVAL);
    ck_assert_str_eq(text, "");
    free(text);
    text = NULL;
    ck_assert_int_eq(emit("SYSCTL", &p, &text), RTO_EINVAL);
    free(text);
    text = NULL;
    ck_assert_int_eq(emit("", &p, &text), RTO_EINVAL);
    free(text);
    ck_assert_int_eq(rto_emit(stdout, NULL, &p), RTO_EINVAL);
}
END_TEST

Suite *emit_suite(void)
{
    Suite *s = suite_create("emit");
    TCase *tc;

    tc = tcase_create("emit");
    tcase_add_loop_test(tc, test_emit, 0, (int)N_ROWS(emit_rows));
    tcase_add_loop_test(tc, test_emit_targets, 0, (int)N_ROWS(all_targets));
    tcase_add_test(tc, test_emit_unknown);
    suite_add_tcase(s, tc);
    return s;
}
