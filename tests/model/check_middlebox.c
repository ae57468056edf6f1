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

/* ------------------------------------------------------------------ */
/* What a middlebox sees of a path (--through)                        */
/* ------------------------------------------------------------------ */

/*
 * Lateness (KERNEL.md 0.3): a timer of d jiffies lands at level L, the
 * first with d < 63 x 8^L (63, 504, 4032, 32256, 258048, 2064384), and
 * fires at most 8^L jiffies late.  At HZ 1000: 201 and 402 jiffies +8 ms
 * (L1), 804 .. 3216 +64 ms (L2), 6432 .. 25728 +512 ms (L3), 32256 ..
 * 258047 +4.096 s (L4), 258048 .. 2064383 +32.768 s (L5).  At HZ 250, 4
 * ms jiffies: 32256 .. 258047 jiffies (129.024 .. 1032.188 s) +4096
 * jiffies = 16.384 s (L4).  At HZ 100, 10 ms jiffies: 4032 .. 32255
 * jiffies (40.32 .. 322.55 s) +512 jiffies = 5.12 s (L3).
 */
struct below_row {
    const char *source;
    int hz;
    int64_t idle_us;
    int64_t want_s;
};

static const struct below_row below_rows[] = {
    /* 350 s: s >= 259 is L5, s + 32.768 < 350 -> 317 (349.768 s); 318
     * gives 350.768 s. */
    { "aws-nlb 350 s at HZ 1000: 317 s", 1000, SEC(350), 317 },
    /* 240 s: in L5 s + 32.768 < 240 needs s < 207.232, below L5's 259 s;
     * in L4 (33 .. 258 s) s + 4.096 < 240 -> 235 (239.096 s). */
    { "azure-lb 240 s at HZ 1000: 235 s", 1000, SEC(240), 235 },
    /* 350 s at HZ 250: L4, s + 16.384 < 350 -> 333 (349.384 s). */
    { "aws-nlb 350 s at HZ 250: 333 s", 250, SEC(350), 333 },
    /* 240 s at HZ 100: L3, s + 5.12 < 240 -> 234 (239.12 s). */
    { "azure-lb 240 s at HZ 100: 234 s", 100, SEC(240), 234 },
    /* 1 s at HZ 1000: 1000 jiffies (L2) fire by 1.064 s: none. */
    { "1 s at HZ 1000: none", 1000, SEC(1), 0 },
    /* 86400 s: every timer up to MAX_TCP_KEEPIDLE fits (32767 + 32.768
     * s). */
    { "kube-proxy 24 h: the largest TCP_KEEPIDLE, 32767 s", 1000,
      SEC(86400), 32767 },
    { "an idle timeout of 0: none", 1000, 0, 0 },
};

START_TEST(test_timer_below)
{
    const struct below_row *r = &below_rows[_i];
    int64_t got = rto_timer_below_s(r->hz, r->idle_us);

    ck_assert_msg(got == r->want_s, "%s: %" PRId64, r->source, got);
}
END_TEST

static const struct rto_middlebox nlb = {
    "aws-nlb", "AWS Network Load Balancer", SEC(350), "REFERENCES.md"
};
static const struct rto_middlebox azure = {
    "azure-lb", "Azure Load Balancer", SEC(240), "REFERENCES.md"
};
/* A timeout equal to the latest first probe of 317 s: the probe leaves
 * the moment the flow is forgotten, too late. */
static const struct rto_middlebox exact = {
    "exact", "a timeout of 349.768 s", MS(349768), "hand: 317 + 32.768 s"
};
/* A NAT of 60 s (AWS NLB at its smallest setting). */
static const struct rto_middlebox nat60 = {
    "nat60", "a 60 s NAT", SEC(60), "brief: a 60 s NAT timeout"
};

struct gap_row {
    const char *source;
    enum rto_path path;
    int64_t keepalive_time_s, keepalive_intvl_s; /* 0: the default */
    const struct rto_middlebox *m;
    enum rto_mb_verdict verdict;
    int64_t gap_us, gap_typical_us, gap_nominal_us, from_us, forgets_us;
    enum rto_event_type to_type;
    int to_n;
    int64_t timer_max_s;
};

static const struct gap_row gap_rows[] = {
    /* The issue: keepalive time 340 s at HZ 1000 is 340 000 jiffies, L5:
     * the first probe at 340 s on time, 340 + 16.384 = 356.384 s
     * typically and 340 + 32.768 = 372.768 s at the latest, past the
     * NLB's 350 s; it forgets the flow at 350 s.  Largest time: 317 s. */
    { "issue: keepalive 340 s through aws-nlb", RTO_PATH_KEEPALIVE, 340, 0,
      &nlb, RTO_MB_FORGETS, MS(372768), MS(356384), SEC(340), 0, SEC(350),
      RTO_EV_PROBE, 1, 317 },
    /* The boundary: 318 s (L5) by 350.768 s, past 350 s by 0.768 s; 317
     * s by 349.768 s, before it. */
    { "keepalive 318 s through aws-nlb", RTO_PATH_KEEPALIVE, 318, 0, &nlb,
      RTO_MB_FORGETS, MS(350768), MS(334384), SEC(318), 0, SEC(350),
      RTO_EV_PROBE, 1, 317 },
    { "keepalive 317 s through aws-nlb", RTO_PATH_KEEPALIVE, 317, 0, &nlb,
      RTO_MB_KEEPS, MS(349768), MS(333384), SEC(317), 0, RTO_NONE,
      RTO_EV_PROBE, 1, 317 },
    { "a gap equal to the idle timeout forgets", RTO_PATH_KEEPALIVE, 317,
      0, &exact, RTO_MB_FORGETS, MS(349768), MS(333384), SEC(317), 0,
      MS(349768), RTO_EV_PROBE, 1, 316 },
    /* 300 s: 332.768 s at the latest, before 350 s; then 75 000-jiffy
     * intervals (L4) of at most 79.096 s: the longest gap is the first. */
    { "keepalive 300 s through aws-nlb keeps the flow", RTO_PATH_KEEPALIVE,
      300, 0, &nlb, RTO_MB_KEEPS, MS(332768), MS(316384), SEC(300), 0,
      RTO_NONE, RTO_EV_PROBE, 1, 317 },
    /* Time 100 s (L4): first probe by 104.096 s, before 240 s; interval
     * 300 s (L5) up to 332.768 s >= 240 s: the flow is forgotten between
     * probes 1 and 2, at 104.096 + 240 = 344.096 s; typical gap 316.384 s.
     * Largest timer 235 s (above). */
    { "keepalive intvl 300 s through azure-lb", RTO_PATH_KEEPALIVE, 100,
      300, &azure, RTO_MB_FORGETS, MS(332768), MS(316384), SEC(300),
      MS(104096), MS(344096), RTO_EV_PROBE, 2, 235 },
    /* Retransmissions at the defaults (check_solve.c row 1): the TLP at
     * 201 ms, then RTO timers 201 x 2^(n-1) jiffies.  Retransmission 9's
     * timer, 51 456 jiffies (L4), ends by 55.552 s < 60 s; retransmission
     * 10's, 102 912 jiffies (L4), by 107.008 s (typical 104.960 s) >= 60
     * s.  Retransmission 9 is at 201 x 2^9 ms = 102.912 s on time, and
     * at the latest adds the lateness of the TLP and nine RTO timers, 8 +
     * 8 + 8 + 3 x 64 + 3 x 512 + 4096 = 5848 ms: 108.760 s; the NAT
     * forgets the flow 60 s later, at 168.760 s.  Largest timer below 60
     * s: 33 .. 258 s are L4, s + 4.096 < 60 -> 55 s (59.096 s). */
    { "brief: RTO backed off past a 60 s NAT", RTO_PATH_RETRANS, 0, 0,
      &nat60, RTO_MB_FORGETS, MS(107008), MS(104960), MS(102912),
      MS(108760), MS(168760), RTO_EV_RETRANSMIT, 10, 55 },
    /* The same through the NLB: every gap is below 350 s; the longest is
     * the 120 s cap (L4) + 4.096 s = 124.096 s, first reached by
     * retransmission 11 (timer min(205 824, 120 000) jiffies). */
    { "retransmissions through aws-nlb keep the flow", RTO_PATH_RETRANS, 0,
      0, &nlb, RTO_MB_KEEPS, MS(124096), MS(122048), SEC(120), SKIP,
      RTO_NONE, RTO_EV_RETRANSMIT, 11, 317 },
    /* connect() and a listener's SYN-ACK: no established flow to forget,
     * the table's timeouts do not apply; FIN_WAIT2 sends nothing. */
    { "brief: syn is not checked", RTO_PATH_SYN, 0, 0, &nat60,
      RTO_MB_NOT_CHECKED, 0, RTO_NONE, 0, 0, RTO_NONE, 0, 0, 0 },
    { "brief: synack is not checked", RTO_PATH_SYNACK, 0, 0, &nat60,
      RTO_MB_NOT_CHECKED, 0, RTO_NONE, 0, 0, RTO_NONE, 0, 0, 0 },
    { "fin_wait2 sends nothing", RTO_PATH_FIN_WAIT2, 0, 0, &nat60,
      RTO_MB_NOT_CHECKED, 0, RTO_NONE, 0, 0, RTO_NONE, 0, 0, 0 },
};

START_TEST(test_gaps)
{
    const struct gap_row *r = &gap_rows[_i];
    static struct rto_event ev[1024];
    struct rto_params p;
    struct rto_mb_check c;

    rto_params_default(&p);
    if (r->keepalive_time_s)
        p.keepalive_time_us = SEC(r->keepalive_time_s);
    if (r->keepalive_intvl_s)
        p.keepalive_intvl_us = SEC(r->keepalive_intvl_s);
    ck_assert_int_eq(rto_middlebox_check(&p, r->path, r->m, ev, 1024, &c),
                     RTO_OK);
    ck_assert_msg(c.verdict == r->verdict, "%s: verdict %d", r->source,
                  (int)c.verdict);
    ck_assert_msg(c.gap_us == r->gap_us, "%s: gap %" PRId64, r->source,
                  c.gap_us);
    ck_assert_msg(c.gap_typical_us == r->gap_typical_us,
                  "%s: typical %" PRId64, r->source, c.gap_typical_us);
    ck_assert_msg(c.forgets_us == r->forgets_us, "%s: forgets %" PRId64,
                  r->source, c.forgets_us);
    if (r->verdict == RTO_MB_NOT_CHECKED)
        return;
    ck_assert_msg(c.gap_nominal_us == r->gap_nominal_us,
                  "%s: nominal %" PRId64, r->source, c.gap_nominal_us);
    if (r->from_us != SKIP)
        ck_assert_msg(c.from_us == r->from_us, "%s: from %" PRId64,
                      r->source, c.from_us);
    ck_assert_msg(c.to_type == r->to_type && c.to_n == r->to_n,
                  "%s: ends at %d #%d", r->source, (int)c.to_type, c.to_n);
    ck_assert_msg(c.timer_max_s == r->timer_max_s, "%s: timer max %" PRId64,
                  r->source, c.timer_max_s);
}
END_TEST

/* The check is the one of the timeline: a timeline with its events gives
 * the same facts, and a bad idle timeout or no events is refused. */
START_TEST(test_gaps_bad)
{
    static struct rto_event ev[64];
    struct rto_params p;
    struct rto_timeline t;
    struct rto_mb_check c;
    struct rto_middlebox zero = nat60;

    rto_params_default(&p);
    rto_timeline_init(&t, ev, 64);
    ck_assert_int_eq(rto_keepalive(&p, &t), RTO_OK);
    ck_assert_int_eq(rto_middlebox_gaps(&t, p.hz, 0, &c), RTO_EINVAL);
    ck_assert_int_eq(rto_middlebox_gaps(&t, p.hz, SEC(350), &c), RTO_OK);
    /* 7200 s (L5): 7200 + 262.144 s at the latest (KERNEL.md 0.3). */
    ck_assert(c.verdict == RTO_MB_FORGETS && c.gap_us == MS(7462144));
    zero.idle_us = 0;
    ck_assert_int_eq(rto_middlebox_check(&p, RTO_PATH_KEEPALIVE, &zero, ev,
                                         64, &c), RTO_EINVAL);
    ck_assert_int_eq(rto_middlebox_check(&p, RTO_PATH_KEEPALIVE, &nlb, NULL,
                                         0, &c), RTO_EINVAL);
    t.count = 0;
    ck_assert_int_eq(rto_middlebox_gaps(&t, p.hz, SEC(350), &c),
                     RTO_EINVAL);
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
    tcase_add_loop_test(tc, test_timer_below, 0, (int)N_ROWS(below_rows));
    tcase_add_loop_test(tc, test_gaps, 0, (int)N_ROWS(gap_rows));
    tcase_add_test(tc, test_gaps_bad);
    suite_add_tcase(s, tc);
    return s;
}
