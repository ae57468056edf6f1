/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The middlebox presets (src/model/middlebox.c) and their copy in
 * data/middleboxes.tsv.  The configuration snippets of rto_emit() are a
 * writer's and are tested in tests/format/check_emit.c.
 *
 * Preset numbers name the document they come from (REFERENCES.md
 * section 3).
 */
#define _POSIX_C_SOURCE 200809L /* getline() */

#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtocalc.h"
#include "helpers.h"

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
        fprintf(stderr, "check_middlebox: %s: %s; set DATA_DIR to check the "
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

Suite *middlebox_suite(void)
{
    Suite *s = suite_create("middlebox");
    size_t n = 0;
    TCase *tc;

    rto_middleboxes(&n);
    tc = tcase_create("middleboxes");
    tcase_add_loop_test(tc, test_preset_sane, 0, (int)n);
    tcase_add_loop_test(tc, test_preset_numbers, 0, (int)N_ROWS(preset_rows));
    tcase_add_test(tc, test_preset_unknown);
    tcase_add_test(tc, test_preset_tsv);
    suite_add_tcase(s, tc);
    return s;
}
