/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the CLI's parsers: the one integer parser, the one duration
 * parser, and option parsing into struct cli_opts (never exits, never
 * prints, names the option and the kernel's range on error).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* ---------------------------------------------------------------- */
/* Durations                                                        */
/* ---------------------------------------------------------------- */

struct dur_row {
    const char *text;
    int64_t bare_unit_us;
    int ok;
    int64_t us;
    const char *source;
};

static const struct dur_row dur_rows[] = {
    { "2h11m15s", 1000000, 1, INT64_C(7875000000),
      "keepalive total 7200 + 9 x 75 s (kernel ip-sysctl, xiaolincoding)" },
    { "924.6s", 1000000, 1, INT64_C(924600000), "kernel ip-sysctl 924.6 s" },
    { "1.5s", 1000, 1, 1500000, "DESIGN.md duration example" },
    { "200ms", 1000, 1, 200000, "TCP_RTO_MIN" },
    { "100us", 1000, 1, 100, "DESIGN.md default --rtt" },
    { "7200", 1000000, 1, INT64_C(7200000000),
      "bare number in the knob's unit (seconds for tcp_keepalive_time)" },
    { "3000", 1000, 1, 3000000, "bare TCP_USER_TIMEOUT is ms" },
    { "0.0001s", 1000, 1, 100, "a fraction that is whole microseconds" },
    { "1d", 1000, 1, INT64_C(86400000000), "unit d" },
    { "1m30s", 1000, 1, 90000000, "compound, decreasing units" },
    { "0", 1000, 1, 0, "zero is a duration" },
    { "1.5us", 1000, 0, 0, "below 1 us resolution" },
    { "1s2s", 1000, 0, 0, "units must decrease" },
    { "1ms1s", 1000, 0, 0, "units must decrease" },
    { "1s5", 1000, 0, 0, "a bare number only alone" },
    { "", 1000, 0, 0, "empty" },
    { "-1s", 1000, 0, 0, "negative" },
    { "abc", 1000, 0, 0, "not a number" },
    { "5 s", 1000, 0, 0, "space inside" },
    { "1e309s", 1000, 0, 0, "exponent notation is not a duration" },
    { "9223372036854775807s", 1000, 0, 0, "overflows int64 microseconds" },
    { "99999999999999999999", 1000, 0, 0, "overflows int64" },
    { "10x", 1000, 0, 0, "unknown unit" },
    { ".s", 1000, 0, 0, "no digits" },
};

START_TEST(test_duration)
{
    const struct dur_row *r = &dur_rows[_i];
    int64_t us = -42;
    int rc = cli_parse_duration(r->text, r->bare_unit_us, &us);

    if (r->ok) {
        ck_assert_msg(rc == 0, "\"%s\" should parse (%s)", r->text,
                      r->source);
        ck_assert_msg(us == r->us, "\"%s\" -> %lld, want %lld (%s)",
                      r->text, (long long)us, (long long)r->us, r->source);
    } else {
        ck_assert_msg(rc != 0, "\"%s\" should be refused (%s)", r->text,
                      r->source);
    }
}
END_TEST

/* ---------------------------------------------------------------- */
/* Integers                                                         */
/* ---------------------------------------------------------------- */

struct int_row {
    const char *text;
    int ok;
    int64_t v;
};

static const struct int_row int_rows[] = {
    { "15", 1, 15 },
    { "0", 1, 0 },
    { "-1", 1, -1 },
    { "255", 1, 255 },
    { "abc", 0, 0 },
    { "", 0, 0 },
    { "12abc", 0, 0 },
    { " 12", 0, 0 },
    { "+12", 0, 0 },
    { "1.5", 0, 0 },
    { "99999999999999999999", 0, 0 },
};

START_TEST(test_int)
{
    const struct int_row *r = &int_rows[_i];
    int64_t v = -42;
    int rc = cli_parse_int(r->text, &v);

    ck_assert_msg((rc == 0) == (r->ok != 0), "\"%s\": rc %d", r->text, rc);
    if (r->ok)
        ck_assert_msg(v == r->v, "\"%s\" -> %lld", r->text, (long long)v);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Options                                                          */
/* ---------------------------------------------------------------- */

#define MAXARGS 8

struct opt_row {
    const char *argv[MAXARGS];  /* NULL-terminated, argv[0] implied */
    int status;                 /* expected cli_parse() result */
    const char *must_contain[3];/* substrings of the error message */
    const char *source;
};

static const struct opt_row opt_rows[] = {
    { { NULL }, 0, { NULL }, "no arguments: the report" },
    { { "retrans", "--retries2", "abc", NULL }, CLI_EXIT_USAGE,
      { "--retries2", "0..255", "\"abc\"" },
      "issue: --retries2 abc names the option and its range" },
    { { "retrans", "--retries2", "256", NULL }, CLI_EXIT_USAGE,
      { "--retries2", "0..255", "u8" },
      "KERNEL.md 8.1: tcp_retries2 is u8 since 5.13" },
    { { "retrans", "--retries2", "255", NULL }, 0, { NULL },
      "KERNEL.md 8.1: 255 is the largest accepted" },
    { { "retrans", "--rto-max", "500ms", NULL }, CLI_EXIT_USAGE,
      { "--rto-max", "1000..120000 ms", "\"500ms\"" },
      "KERNEL.md 8.1: tcp_rto_max_ms 1000..120000" },
    { { "retrans", "--rto-max", "1s", NULL }, 0, { NULL },
      "KERNEL.md 2.4: rto_max 1 s accepted" },
    { { "--hz", "200", NULL }, CLI_EXIT_USAGE, { "--hz", "\"200\"", NULL },
      "kernel/Kconfig.hz: 100, 250, 300, 1000" },
    { { "--user-timeout", "1.5ms", NULL }, CLI_EXIT_USAGE,
      { "--user-timeout", "ms", NULL },
      "TCP_USER_TIMEOUT is a whole number of ms" },
    { { "--keepalive-time", "1.5s", NULL }, CLI_EXIT_USAGE,
      { "--keepalive-time", NULL, NULL },
      "tcp_keepalive_time is whole seconds" },
    { { "--keepalive-probes", "256", NULL }, CLI_EXIT_USAGE,
      { "--keepalive-probes", "0..255", NULL },
      "KERNEL.md 6.2: tcp_keepalive_probes u8" },
    { { "--format", "yaml", NULL }, CLI_EXIT_USAGE,
      { "--format", "json", "\"yaml\"" }, "DESIGN.md formats" },
    { { "--format", "gnuplot", NULL }, CLI_EXIT_USAGE,
      { "--format", "gnuplot", NULL }, "gnuplot is for timelines" },
    { { "retrans", "--format", "gnuplot", NULL }, 0, { NULL },
      "DESIGN.md: gnuplot for any timeline" },
    { { "frobnicate", NULL }, CLI_EXIT_USAGE,
      { "unknown command", "\"frobnicate\"", NULL }, "unknown command" },
    { { "--bogus", NULL }, CLI_EXIT_USAGE,
      { "unknown option", "--bogus", NULL }, "unknown option" },
    { { "retrans", "--retries2", NULL }, CLI_EXIT_USAGE,
      { "--retries2", "missing", NULL }, "missing value" },
    { { "--kernel", "2.6.31", NULL }, CLI_EXIT_USAGE,
      { "--kernel", "\"2.6.31\"", NULL }, "no profile before 2.6.32" },
    { { "syn", "--kernel", "5.4", NULL }, 0, { NULL },
      "issue 5: the 5.4 profile (Ubuntu 20.04)" },
    { { "retrans", "--retries2", "300", "--kernel", "6.18", NULL },
      CLI_EXIT_USAGE, { "--retries2", "0..255", NULL },
      "issue 5: --kernel 6.18 --retries2 300 names 0..255, wherever "
      "--kernel stands" },
    { { "retrans", "--kernel", "5.10", "--retries2", "20000", NULL }, 0,
      { NULL }, "KERNEL.md 8.1: plain ints before 5.13" },
    { { "retrans", "--kernel", "6.12", "--rto-max", "1s", NULL },
      CLI_EXIT_USAGE, { "--rto-max", "6.15", NULL },
      "issue 5: no tcp_rto_max_ms before 6.15" },
    { { "syn", "--kernel", "6.1", "--syn-linear-timeouts", "4", NULL },
      CLI_EXIT_USAGE, { "--syn-linear-timeouts", "6.5", NULL },
      "KERNEL.md 3.2: tcp_syn_linear_timeouts from 6.5" },
    { { "retrans", "--kernel", "2.6.32", "--tlp", NULL }, CLI_EXIT_USAGE,
      { "--tlp", "3.10", NULL }, "TLP from 3.10 (6ba8a3b19e76)" },
    { { "retrans", "--sysctl", "net.ipv4.tcp_retries2=300", NULL },
      CLI_EXIT_USAGE, { "net.ipv4.tcp_retries2", "0..255", NULL },
      "issue 5: a --sysctl value is checked like the option" },
    { { "retrans", "--sysctl", "net.ipv4.tcp_nope=1", NULL },
      CLI_EXIT_USAGE, { "--sysctl", "tcp_nope", NULL },
      "unknown sysctl names are refused on the command line" },
    { { "retrans", "--sysctl", "tcp_retries2", NULL }, CLI_EXIT_USAGE,
      { "--sysctl", "NAME=VALUE", NULL }, "--sysctl needs NAME=VALUE" },
    { { "retrans", "--sysctl-file", "/nonexistent/sysctl.conf", NULL },
      CLI_EXIT_USAGE, { "--sysctl-file", "cannot read", NULL },
      "issue 8: unreadable --sysctl-file" },
    { { "--kernel", "6.18.44", NULL }, 0, { NULL },
      "uname -r style version of this machine" },
    { { "--cc", "vegas", NULL }, CLI_EXIT_USAGE,
      { "--cc", "bbr", NULL }, "DESIGN.md --cc NAME" },
    { { "retrans", "keepalive", NULL }, CLI_EXIT_USAGE,
      { "unexpected argument", NULL, NULL }, "one command only" },
    { { "syn", "--syn-retries", "0", NULL }, CLI_EXIT_USAGE,
      { "--syn-retries", "1..127", NULL },
      "KERNEL.md 3.2: tcp_syn_retries 1..127 (0 and 128 give EINVAL)" },
    { { "syn", "--syn-retries", "127", NULL }, 0, { NULL },
      "KERNEL.md 3.2: MAX_TCP_SYNCNT 127 accepted" },
    { { "syn", "--syn-linear-timeouts", "128", NULL }, CLI_EXIT_USAGE,
      { "--syn-linear-timeouts", "0..127", NULL },
      "KERNEL.md 3.2: tcp_syn_linear_timeouts 0..127" },
    { { "synack", "--synack-retries", "256", NULL }, CLI_EXIT_USAGE,
      { "--synack-retries", "0..255", NULL }, "KERNEL.md 8.1: u8" },
    { { "orphan", "--orphan-retries", "-1", NULL }, CLI_EXIT_USAGE,
      { "--orphan-retries", "0..255", NULL }, "KERNEL.md 8.1: u8" },
    { { "orphan", "--fin-wait2", "--fin-timeout", "1.5s", NULL },
      CLI_EXIT_USAGE, { "--fin-timeout", NULL, NULL },
      "tcp_fin_timeout is whole seconds" },
    { { "retrans", "--fin-wait2", NULL }, CLI_EXIT_USAGE,
      { "--fin-wait2", "orphan", NULL }, "--fin-wait2 belongs to orphan" },
    { { "syn", "--fastopen", NULL }, CLI_EXIT_USAGE,
      { "--fastopen", "synack", NULL }, "--fastopen belongs to synack" },
    { { "probe0", "--format", "csv", NULL }, 0, { NULL },
      "every timeline command takes every format" },    { { "retrans", "--quick", NULL }, CLI_EXIT_USAGE,
      { "--quick", "verify", NULL }, "--quick belongs to verify" },
    { { "verify", "--format", "gnuplot", NULL }, CLI_EXIT_USAGE,
      { "--format", "json", NULL }, "verify writes table, json or csv" },
    { { "verify", "--jobs", "65", NULL }, CLI_EXIT_USAGE,
      { "--jobs", "1..64", NULL }, "--jobs range" },
    { { "verify", "--quick", "--jobs", "4", NULL }, 0, { NULL },
      "DESIGN.md: verify --quick --jobs N" },
    /* Issue 17: a setting the command does not use is refused, naming
     * the option, the command and what the setting shapes. */
    { { "syn", "--keepalive-time", "5", NULL }, CLI_EXIT_USAGE,
      { "--keepalive-time", "\"syn\"", "keepalive" },
      "issue 17: connect() never sends a keepalive probe" },
    { { "keepalive", "--retries2", "3", NULL }, CLI_EXIT_USAGE,
      { "--retries2", "\"keepalive\"", "retrans, probe0" },
      "issue 17: tcp_retries2 bounds retransmissions and window probes" },
    { { "syn", "--rtt", "10ms", NULL }, CLI_EXIT_USAGE,
      { "--rtt", "\"syn\"", NULL },
      "KERNEL.md: no RTT is known before the handshake (TCP_TIMEOUT_INIT)" },
    { { "orphan", "--fin-timeout", "3", NULL }, CLI_EXIT_USAGE,
      { "--fin-timeout", "\"orphan\"", "orphan --fin-wait2" },
      "issue 17: tcp_fin_timeout is the FIN_WAIT2 timer's" },
    { { "orphan", "--fin-wait2", "--orphan-retries", "2", NULL },
      CLI_EXIT_USAGE, { "--orphan-retries", "orphan --fin-wait2", NULL },
      "issue 17: FIN_WAIT2 retransmits nothing" },
    { { "orphan", "--fin-wait2", "--fin-timeout", "3", NULL }, 0, { NULL },
      "issue 17: the FIN_WAIT2 timer takes tcp_fin_timeout" },
    { { "sweep", "--path", "keepalive", "--retries2", "1..3", NULL },
      CLI_EXIT_USAGE, { "--retries2", "sweep --path keepalive", NULL },
      "issue 17: a sweep dimension the path does not use" },
    { { "solve", "--path", "syn", "--target", "10s", "--retries2", "3",
        NULL }, CLI_EXIT_USAGE, { "--retries2", "solve --path syn", NULL },
      "issue 17: solve fixes only settings of its path" },
    { { "rto", "--samples", "10ms", "--keepalive-time", "5", NULL },
      CLI_EXIT_USAGE, { "--keepalive-time", "\"rto\"", NULL },
      "issue 17: the estimator reads no keepalive setting" },
    { { "rto", "--samples", "10ms", "--rto-min", "100ms", NULL }, 0,
      { NULL }, "tcp_rtt_estimator() bounds rttvar with rto_min" },
    { { "plot", "verify", "--from", "x.json", "--retries2", "3", NULL },
      CLI_EXIT_USAGE, { "--retries2", "plot verify", NULL },
      "issue 17: plot verify draws a file, not settings" },
    { { "syn", "--sysctl", "net.ipv4.tcp_keepalive_time=5", NULL },
      CLI_EXIT_USAGE, { "--sysctl tcp_keepalive_time", "\"syn\"", NULL },
      "issue 17: a sysctl named on the command line is an option too" },
    { { "report", "--keepalive-time", "5", "--retries2", "3", NULL }, 0,
      { NULL }, "the report runs every path" },
    { { "sysctl", "--keepalive-time", "5", NULL }, 0, { NULL },
      "sysctl shows every setting" },
    { { "retrans", "--emit", "go", "--keepalive-time", "30", NULL }, 0,
      { NULL }, "--emit writes every setting into its snippet" },
    { { "syn", "--kernel", "6.1", "--hz", "250", NULL }, 0, { NULL },
      "the kernel and HZ go with every command" },
    /* Issue 17: verify stages settings of one's own or refuses them. */
    { { "verify", "--retries2", "7", NULL }, 0, { NULL },
      "issue 17: verify --retries2 7 stages retrans and probe0" },
    { { "verify", "--rtt", "1ms", NULL }, CLI_EXIT_USAGE,
      { "--rtt", "loopback", NULL }, "verify measures the RTT" },
    { { "verify", "--kernel", "6.1", NULL }, CLI_EXIT_USAGE,
      { "--kernel", "running kernel", NULL },
      "verify models the running kernel" },
    { { "verify", "--hz", "100", NULL }, CLI_EXIT_USAGE,
      { "--hz", NULL, NULL }, "verify reads HZ from the kernel" },
    { { "verify", "--system", NULL }, CLI_EXIT_USAGE,
      { "--system", "namespaces", NULL },
      "a new namespace starts at the default sysctls" },
    { { "verify", "--retries2", "3", "--quick", NULL }, CLI_EXIT_USAGE,
      { "--quick", "--retries2", NULL },
      "issue 17: settings of one's own are not a pick of the catalogue" },
    { { "verify", "--only", "syn-2", "--syn-retries", "3", NULL },
      CLI_EXIT_USAGE, { "--only", "--syn-retries", NULL },
      "issue 17: --only picks catalogue scenarios" },
    { { "verify", "--path", "retrans", NULL }, CLI_EXIT_USAGE,
      { "--path", NULL, NULL }, "verify --path needs settings" },
    { { "verify", "--path", "keepalive", "--retries2", "3", NULL },
      CLI_EXIT_USAGE, { "--retries2", "verify --path keepalive", NULL },
      "issue 17: --path keepalive with a setting keepalive ignores" },
    { { "verify", "--path", "syn", "--syn-retries", "1", NULL }, 0,
      { NULL }, "issue 17: one path of one's own" },
};

START_TEST(test_options)
{
    const struct opt_row *r = &opt_rows[_i];
    char *argv[MAXARGS + 2];
    struct cli_opts o;
    int argc = 0, rc;

    argv[argc++] = (char *)(uintptr_t)"rtocalc";
    for (int i = 0; r->argv[i]; i++)
        argv[argc++] = (char *)(uintptr_t)r->argv[i];
    argv[argc] = NULL;
    rc = cli_parse(argc, argv, &o);
    ck_assert_msg(rc == r->status, "%s: status %d, want %d (error: %s)",
                  r->source, rc, r->status, o.error);
    for (int i = 0; i < 3 && r->must_contain[i]; i++)
        ck_assert_msg(strstr(o.error, r->must_contain[i]) != NULL,
                      "%s: error \"%s\" lacks \"%s\"", r->source, o.error,
                      r->must_contain[i]);
}
END_TEST

/* The values that reach the model. */
/* The parser's fixed arrays hold every option: o->seen[] one per CLI
 * option, getopt's table one per setting, --no-NAME and option (two
 * tables once outgrew them, and --complete printed the help). */
START_TEST(test_option_room)
{
    size_t n_options, n_long = 0;

    cli_options(&n_options);
    for (size_t i = 0; i < rto_setting_count(); i++)
        n_long += rto_setting_at(i)->kind == RTO_KIND_FLAG ? 2 : 1;
    n_long += n_options + 1;
    ck_assert_msg(n_options <= CLI_MAX_OPTIONS, "%zu options, room for %d",
                  n_options, CLI_MAX_OPTIONS);
    ck_assert_msg(n_long <= CLI_MAX_LONGOPTS, "%zu long options, room for %d",
                  n_long, CLI_MAX_LONGOPTS);
}
END_TEST

/* Issue 17: every example of a command's help is a command line the
 * parser takes, for that command. */
START_TEST(test_help_examples)
{
    size_t n, shown = 0;
    const struct cli_command_info *cmd = cli_commands(&n);

    for (size_t i = 0; i < n; i++) {
        size_t k;
        for (k = 0; k < 3 && cmd[i].examples[k]; k++) {
            char buf[256], *argv[MAXARGS + 2], *tok, *save = NULL;
            struct cli_opts o;
            int argc = 0, rc;

            snprintf(buf, sizeof(buf), "%s", cmd[i].examples[k]);
            argv[argc++] = (char *)(uintptr_t)"rtocalc";
            for (tok = strtok_r(buf, " ", &save); tok && argc <= MAXARGS;
                 tok = strtok_r(NULL, " ", &save))
                argv[argc++] = tok;
            argv[argc] = NULL;
            rc = cli_parse(argc, argv, &o);
            ck_assert_msg(rc == 0, "example \"%s\": %s", cmd[i].examples[k],
                          o.error);
            ck_assert_msg(o.command == cmd[i].id,
                          "example \"%s\" runs another command",
                          cmd[i].examples[k]);
            shown++;
        }
        ck_assert_msg(k >= 2, "%s --help has %zu examples, want 2 or 3",
                      cmd[i].name, k);
    }
    ck_assert(shown >= 2 * n);
}
END_TEST

START_TEST(test_values)
{
    char *argv[] = { (char *)(uintptr_t)"rtocalc",
                     (char *)(uintptr_t)"retrans",
                     (char *)(uintptr_t)"--user-timeout",
                     (char *)(uintptr_t)"3000",
                     (char *)(uintptr_t)"--rtt",
                     (char *)(uintptr_t)"20us",
                     (char *)(uintptr_t)"--hz",
                     (char *)(uintptr_t)"250",
                     (char *)(uintptr_t)"--no-tlp",
                     (char *)(uintptr_t)"-f",
                     (char *)(uintptr_t)"json",
                     NULL };
    struct cli_opts o;

    ck_assert_int_eq(cli_parse(11, argv, &o), 0);
    ck_assert_int_eq(o.command, CLI_CMD_RETRANS);
    /* Bare TCP_USER_TIMEOUT is milliseconds (tcp(7)). */
    ck_assert(o.params.user_timeout_us == 3000000);
    ck_assert(o.params.rtt_us == 20);
    ck_assert_int_eq(o.params.hz, 250);
    ck_assert(!o.params.tlp);
    ck_assert_int_eq(o.format, RTO_FMT_JSON);
    /* Untouched settings keep the 6.18 defaults (KERNEL.md section 0). */
    ck_assert_int_eq(o.params.retries2, 15);
    ck_assert_int_eq(o.params.keepalive_probes, 9);
}
END_TEST

static Suite *cli_suite(void)
{
    Suite *s = suite_create("cli_parse");
    TCase *tc = tcase_create("parsers");

    tcase_add_loop_test(tc, test_duration, 0,
                        (int)(sizeof(dur_rows) / sizeof(dur_rows[0])));
    tcase_add_loop_test(tc, test_int, 0,
                        (int)(sizeof(int_rows) / sizeof(int_rows[0])));
    tcase_add_loop_test(tc, test_options, 0,
                        (int)(sizeof(opt_rows) / sizeof(opt_rows[0])));
    tcase_add_test(tc, test_values);
    tcase_add_test(tc, test_help_examples);
    tcase_add_test(tc, test_option_room);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cli_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
