/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Planning helpers: the middlebox presets (src/model/middlebox.c) and
 * their copy in data/middleboxes.tsv, and the configuration snippets of
 * rto_emit() (src/format/emit.c).
 *
 * Preset numbers name the document they come from (REFERENCES.md
 * section 3).  Snippets are captured with open_memstream() and checked
 * for the lines that carry the numbers.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream(), getline() */

#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtocalc.h"
#include "suites.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))
#define SEC(x) ((int64_t)(x) * 1000000)
#define MS(x) ((int64_t)(x) * 1000)

/* ------------------------------------------------------------------ */
/* Middlebox presets                                                  */
/* ------------------------------------------------------------------ */

START_TEST(test_preset_sane)
{
    size_t n = 0;
    const struct rto_middlebox *m = rto_middleboxes(&n);

    ck_assert_uint_ge(n, 10);
    ck_assert_int_lt(_i, (int)n);
    m += _i;
    ck_assert_ptr_nonnull(m->name);
    ck_assert_msg(m->idle_us > 0, "%s: idle %" PRId64, m->name, m->idle_us);
    ck_assert_msg(m->source && m->source[0], "%s: no source", m->name);
    ck_assert_msg(m->what && m->what[0], "%s: no description", m->name);
    for (const char *c = m->name; *c; c++)
        ck_assert_msg((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')
                          || *c == '-',
                      "%s: name not lower case with dashes", m->name);
    /* An exact-name lookup finds the preset itself. */
    ck_assert_ptr_eq(rto_middlebox_find(m->name), m);
}
END_TEST

struct preset_row {
    const char *name;
    int64_t idle_s;
    const char *source;
};

static const struct preset_row preset_rows[] = {
    {"aws-nlb", 350, "AWS docs: \"The default idle timeout value for TCP "
                     "flows is 350 seconds\""},
    {"aws-network-firewall", 350, "AWS docs: TcpIdleTimeoutSeconds "
                                  "default 350"},
    {"aws-ec2-conntrack", 432000, "AWS docs: tcpEstablishedTimeout default "
                                  "432000 s (5 days)"},
    {"azure-lb", 240, "Azure docs: \"The default setting is 4 minutes\""},
    {"azure-nat-rule", 240, "Azure docs: \"The default value is 4 "
                            "minutes\""},
    {"gcp-firewall", 600, "GCP docs: \"tracked for a maximum of 10 "
                          "minutes\""},
    {"gcp-cloud-nat", 1200, "GCP docs: tcpEstablishedIdleTimeoutSec "
                            "\"Defaults to 1200s\""},
    {"kube-proxy", 86400, "kube-proxy: tcpEstablishedTimeout: 24h0m0s"},
    {"nf-conntrack", 432000, "kernel docs: nf_conntrack_tcp_timeout_"
                             "established \"default 432000 (5 days)\""},
    {"cloudflare-proxy", 900, "IBM CIS / Cloudflare: proxy idle 900 s"},
};

START_TEST(test_preset_numbers)
{
    const struct preset_row *r = &preset_rows[_i];
    const struct rto_middlebox *m = rto_middlebox_find(r->name);

    ck_assert_msg(m != NULL, "%s: not found", r->name);
    ck_assert_msg(m->idle_us == SEC(r->idle_s), "%s: %" PRId64 " us, want "
                  "%" PRId64 " s (%s)", r->name, m->idle_us, r->idle_s,
                  r->source);
}
END_TEST

START_TEST(test_preset_unknown)
{
    ck_assert_ptr_null(rto_middlebox_find("nope"));
    ck_assert_ptr_null(rto_middlebox_find(""));
    ck_assert_ptr_null(rto_middlebox_find("AWS-NLB"));
    ck_assert_ptr_null(rto_middlebox_find("aws-nlb "));
    ck_assert_ptr_null(rto_middlebox_find(NULL));
}
END_TEST

/* Split a TSV line in place into exactly n fields; false otherwise. */
static bool split_tsv(char *line, char **f, size_t n)
{
    size_t len = strlen(line);

    if (len && line[len - 1] == '\n')
        line[--len] = '\0';
    for (size_t i = 0; i < n; i++) {
        char *tab = strchr(line, '\t');

        f[i] = line;
        if (i + 1 < n) {
            if (!tab)
                return false;
            *tab = '\0';
            line = tab + 1;
        } else if (tab) {
            return false;
        }
    }
    return true;
}

/* data/middleboxes.tsv has the table's rows, in its order. */
START_TEST(test_preset_tsv)
{
    const char *dir = getenv("DATA_DIR");
    char path[4096];
    char *line = NULL, *f[4];
    size_t cap = 0, n = 0, row = 0;
    const struct rto_middlebox *m = rto_middleboxes(&n);
    FILE *in;

    if (!dir || !dir[0])
        dir = "data";
    snprintf(path, sizeof(path), "%s/middleboxes.tsv", dir);
    in = fopen(path, "r");
    if (!in) {
        fprintf(stderr, "check_plan: %s: %s; set DATA_DIR to check the "
                        "presets against it (skipped)\n",
                path, strerror(errno));
        return;
    }
    ck_assert_msg(getline(&line, &cap, in) > 0, "%s: empty", path);
    ck_assert_str_eq(line, "name\tidle_timeout_s\twhat\tsource\n");
    while (getline(&line, &cap, in) > 0) {
        char *end;
        long long s;

        ck_assert_msg(split_tsv(line, f, 4), "%s: row %zu: not 4 fields",
                      path, row + 1);
        ck_assert_msg(row < n, "%s: more rows than the table's %zu", path,
                      n);
        ck_assert_str_eq(f[0], m[row].name);
        errno = 0;
        s = strtoll(f[1], &end, 10);
        ck_assert_msg(errno == 0 && *end == '\0' && end != f[1],
                      "%s: %s: bad idle_timeout_s \"%s\"", path, f[0], f[1]);
        ck_assert_msg(SEC(s) == m[row].idle_us, "%s: %s: %lld s, table %"
                      PRId64 " us", path, f[0], s, m[row].idle_us);
        ck_assert_str_eq(f[2], m[row].what);
        ck_assert_str_eq(f[3], m[row].source);
        row++;
    }
    ck_assert_msg(row == n, "%s: %zu rows, table %zu", path, row, n);
    free(line);
    fclose(in);
}
END_TEST

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

Suite *plan_suite(void)
{
    Suite *s = suite_create("plan");
    size_t n = 0;
    TCase *tc;

    rto_middleboxes(&n);
    tc = tcase_create("middleboxes");
    tcase_add_loop_test(tc, test_preset_sane, 0, (int)n);
    tcase_add_loop_test(tc, test_preset_numbers, 0, (int)N_ROWS(preset_rows));
    tcase_add_test(tc, test_preset_unknown);
    tcase_add_test(tc, test_preset_tsv);
    suite_add_tcase(s, tc);

    tc = tcase_create("emit");
    tcase_add_loop_test(tc, test_emit, 0, (int)N_ROWS(emit_rows));
    tcase_add_loop_test(tc, test_emit_targets, 0, (int)N_ROWS(all_targets));
    tcase_add_test(tc, test_emit_unknown);
    suite_add_tcase(s, tc);
    return s;
}
