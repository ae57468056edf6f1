/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sockets writer (src/format/sockets.c) on hand-built rows: the JSON
 * shape of DESIGN.md's contract for rtocalc sockets, the CSV header and
 * the 80-column table.  The sample's wall-clock time is fixed at
 * 2026-01-01T00:00:00Z (1767225600 s since the epoch), so give_up_at is
 * that plus the give-up: 9.788 s later is 00:00:09.788Z.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream() */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/format.h"
#include "helpers.h"

#define SAMPLED_US (INT64_C(1767225600) * 1000000)

/* The rows written in format f, sampled at SAMPLED_US; the text to free. */
static char *write_rows(enum rto_format f,
                        const struct rto_sock_settings *set,
                        const struct rto_sock_row *rows, size_t n)
{
    const struct rto_sock_list l = { .set = set, .rows = rows, .count = n,
                                     .sampled_us = SAMPLED_US,
                                     .width = RTO_NARROW };
    const struct rto_warnings w = { NULL, 0 };
    size_t size = 0;
    char *text = NULL;
    FILE *mem = open_memstream(&text, &size);

    ck_assert_ptr_nonnull(mem);
    ck_assert_int_eq(rto_write_sockets(mem, f, &l, &w), 0);
    ck_assert_int_eq(fclose(mem), 0);
    return text;
}

/* Every line of a table within 80 columns. */
static void within_80(const char *t)
{
    for (const char *line = t; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);

        ck_assert_msg(n <= 80, "%zu columns: %.*s", n, (int)n, line);
        line += n + (end != NULL);
    }
}

/* known: the jiffies count was read (tick-exact windows). */
static char *write_list(enum rto_format f, bool known)
{
    static const uint8_t lo4[16] = { 127, 0, 0, 1 };
    static const uint8_t lo6[16] = { [15] = 1 };
    struct rto_sock s[2];
    struct rto_sock_prediction p[2];
    struct rto_sock_row rows[2];
    struct rto_sock_settings set;

    memset(s, 0, sizeof(s));
    memset(p, 0, sizeof(p));
    rto_sock_settings_default(&set, RTO_KERNEL(6, 18));
    set.params.retries2 = 5;
    set.source[RTO_F_RETRIES2] = RTO_SRC_SYSCTL;
    set.jiffies_known = known;
    /* The prediction says whether it used the count (tick_exact). */
    p[0].tick_exact = known;
    s[0].family = 4;
    memcpy(s[0].src, lo4, 16);
    memcpy(s[0].dst, lo4, 16);
    s[0].sport = 46192;
    s[0].dport = 5001;
    s[0].state = RTO_TCP_ESTABLISHED;
    p[0].path = RTO_PATH_RETRANS;
    p[0].reason = RTO_REASON_RETRIES2;
    p[0].count = 4;
    p[0].remaining = p[0].remaining_min = p[0].remaining_max = 1;
    p[0].give_up_us = 9788000;
    p[0].give_up_earliest_us = 9788000;
    p[0].give_up_latest_us = 10308000;
    s[1].family = 6;
    memcpy(s[1].src, lo6, 16);
    memcpy(s[1].dst, lo6, 16);
    s[1].sport = 5001;
    s[1].dport = 40000;
    s[1].state = RTO_TCP_TIME_WAIT;
    p[1].note = "TIME-WAIT: closed, nothing to give up";
    rows[0] = (struct rto_sock_row){ .sock = &s[0], .pred = &p[0],
                                      .rc = 0 };
    rows[1] = (struct rto_sock_row){ .sock = &s[1], .pred = &p[1],
                                      .rc = RTO_ENOTSUP };
    return write_rows(f, &set, rows, 2);
}

START_TEST(test_sockets_json)
{
    char *t = write_list(RTO_FMT_JSON, false);

    ck_assert_ptr_nonnull(strstr(t, "\"command\": \"sockets\""));
    ck_assert_ptr_nonnull(strstr(
        t, "{\"src\": \"127.0.0.1:46192\", \"dst\": \"127.0.0.1:5001\", "
           "\"state\": \"ESTAB\", \"path\": \"retrans\", \"pid\": null, "
           "\"retransmissions\": 4, \"remaining\": 1"));
    ck_assert_ptr_nonnull(strstr(t, "\"give_up_in_us\": 9788000, "
                                    "\"give_up_earliest_in_us\": 9788000, "
                                    "\"give_up_latest_in_us\": 10308000, "
                                    "\"give_up_at\": "
                                    "\"2026-01-01T00:00:09.788Z\""));
    ck_assert_ptr_nonnull(strstr(t, "\"settings\": {\"tcp_retries2\": 5, "
                                    "\"user_timeout_ms\": 0, "
                                    "\"rto_max_ms\": 120000}"));
    ck_assert_ptr_nonnull(
        strstr(t, "\"assumed\": [\"user_timeout_ms\", \"rto_max_ms\"]"));
    ck_assert_ptr_nonnull(
        strstr(t, "\"jiffies\": \"unknown\", \"settings\": {"));
    ck_assert_ptr_nonnull(strstr(t, "\"src\": \"[::1]:5001\""));
    ck_assert_ptr_nonnull(strstr(t, "\"path\": null"));
    ck_assert_ptr_nonnull(strstr(t, "\"warnings\": []"));
    free(t);
}
END_TEST

START_TEST(test_sockets_csv_table)
{
    char *t = write_list(RTO_FMT_CSV, false);

    ck_assert_ptr_nonnull(strstr(t, "src,dst,state,path,pid,"));
    ck_assert_ptr_nonnull(strstr(t, "127.0.0.1:46192,127.0.0.1:5001,ESTAB,"
                                    "retrans,,4,1,1,1,9788000,9788000,"
                                    "10308000,2026-01-01T00:00:09.788Z,\r\n"));
    free(t);
    t = write_list(RTO_FMT_TABLE, false);
    ck_assert_ptr_nonnull(strstr(t, "retrans: 4 retx, 1 to come; gives up "
                                    "in 9.788 s [9.788 s-10.308 s]"));
    ck_assert_ptr_nonnull(strstr(t, "windows: every timer anywhere in its "
                                    "wheel bucket (jiffies unknown"));
    within_80(t);
    ck_assert_int_eq(rto_write_sockets(stdout, RTO_FMT_GNUPLOT, NULL, NULL),
                     RTO_ENOTSUP);
    free(t);
}
END_TEST

/* As root: the jiffies count read, each window tick-exact, and said so. */
START_TEST(test_sockets_tick_exact)
{
    char *t = write_list(RTO_FMT_TABLE, true);

    ck_assert_ptr_nonnull(strstr(t, "windows: tick-exact, every timer on "
                                    "its wheel bucket or one tick after it\n"
                                    "(jiffies from /proc/timer_list)\n"));
    ck_assert_ptr_null(strstr(t, "jiffies unknown"));
    within_80(t);
    free(t);
    t = write_list(RTO_FMT_JSON, true);
    ck_assert_ptr_nonnull(strstr(t, "\"jiffies\": \"timer_list\""));
    ck_assert_ptr_null(strstr(t, "\"jiffies\": \"unknown\""));
    free(t);
}
END_TEST

/* One hand-built socket, established unless changed after. */
static void om_row(struct rto_sock *s, int family, const uint8_t *src,
                   const uint8_t *dst, uint16_t sport, uint16_t dport)
{
    memset(s, 0, sizeof(*s));
    s->family = family;
    memcpy(s->src, src, 16);
    memcpy(s->dst, dst, 16);
    s->sport = sport;
    s->dport = dport;
    s->state = RTO_TCP_ESTABLISHED;
}

/* OpenMetrics on three hand-built rows: an IPv4 socket retransmitting,
 * an IPv6 one sending keepalive probes, and a TIME-WAIT one with no
 * prediction (counted under path "none", no per-socket samples).  The
 * expected text follows the OpenMetrics 1.0 text format by hand: a
 * family's "# TYPE", "# UNIT" (its name ends in the unit) and "# HELP",
 * then its samples, and "# EOF" last; seconds are the rows' microseconds
 * / 10^6 (9788000 us = 9.788, 525000000 us = 525); 2001:db8::1 is
 * written as RFC 5952 shortens it, inside brackets before the port. */
static char *write_om(void)
{
    static const uint8_t lo4[16] = { 127, 0, 0, 1 };
    static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
    static const uint8_t b6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
    static const struct rto_sock_prediction pred[3] = {
        { .path = RTO_PATH_RETRANS, .reason = RTO_REASON_RETRIES2,
          .count = 4, .remaining = 1, .give_up_us = 9788000,
          .give_up_earliest_us = 9788000, .give_up_latest_us = 10308000 },
        { .path = RTO_PATH_KEEPALIVE,
          .reason = RTO_REASON_KEEPALIVE_PROBES, .count = 2,
          .remaining = 7, .give_up_us = 525000000,
          .give_up_earliest_us = 524999001,
          .give_up_latest_us = RTO_NONE },
        { .note = "TIME-WAIT: closed, nothing to give up" },
    };
    struct rto_sock s[3];
    struct rto_sock_row rows[3];
    struct rto_sock_settings set;

    memset(s, 0, sizeof(s));
    rto_sock_settings_default(&set, RTO_KERNEL(6, 18));
    om_row(&s[0], 4, lo4, lo4, 46192, 5001);
    om_row(&s[1], 6, a6, b6, 443, 51000);
    om_row(&s[2], 4, lo4, lo4, 5001, 40000);
    s[2].state = RTO_TCP_TIME_WAIT;
    rows[0] = (struct rto_sock_row){ .sock = &s[0], .pred = &pred[0],
                                      .rc = 0 };
    rows[1] = (struct rto_sock_row){ .sock = &s[1], .pred = &pred[1],
                                      .rc = 0 };
    rows[2] = (struct rto_sock_row){ .sock = &s[2], .pred = &pred[2],
                                      .rc = RTO_ENOTSUP };
    return write_rows(RTO_FMT_OPENMETRICS, &set, rows, 3);
}

/*
 * Per-row settings: three sockets predicted at their own settings or the
 * list's, each per-socket option of their path under the word for where
 * it came from.  The list's: tcp_retries2 5 and the keepalive sysctls
 * 1 s / 1 s / 2 from the namespace, --user-timeout 5s given.  Row 0 read
 * TCP_USER_TIMEOUT 3000 ms and TCP_RTO_MAX_MS 5000 ms from its socket
 * (LIVE-SOCKETS.md's hidden_opts values): nothing assumed.  Row 1 is
 * idle in keepalive with nothing read: the given user timeout, and the
 * three keepalive options assumed.  Row 2 retransmits with nothing read
 * on a kernel without TCP_RTO_MAX_MS: rto_max is the namespace's, not
 * an assumption, and the given user timeout leaves nothing assumed.
 * Row 1's table line is 80 columns: 2 + 7 ("given: ") + 16 + 4 (" 5 s")
 * + 2 + 9 ("assumed: ") + 14 + 15 + 11, so it is not wrapped.
 */
static char *write_own(enum rto_format f)
{
    static const uint8_t lo4[16] = { 127, 0, 0, 1 };
    static const struct rto_sock_prediction pred[3] = {
        { .path = RTO_PATH_RETRANS, .reason = RTO_REASON_USER_TIMEOUT,
          .count = 2, .remaining = 2, .give_up_us = 2000000,
          .give_up_earliest_us = 2000000, .give_up_latest_us = 2004000 },
        { .path = RTO_PATH_KEEPALIVE,
          .reason = RTO_REASON_USER_TIMEOUT, .count = 0, .remaining = 1,
          .give_up_us = 5000000, .give_up_earliest_us = 5000000,
          .give_up_latest_us = 5004000 },
        { .path = RTO_PATH_RETRANS, .reason = RTO_REASON_USER_TIMEOUT,
          .count = 3, .remaining = 1, .give_up_us = 1000000,
          .give_up_earliest_us = 1000000, .give_up_latest_us = 1004000 },
    };
    struct rto_sock s[3];
    struct rto_sock_row rows[3];
    struct rto_sock_settings set, own;

    memset(s, 0, sizeof(s));
    rto_sock_settings_default(&set, RTO_KERNEL(6, 18));
    set.params.retries2 = 5;
    set.source[RTO_F_RETRIES2] = RTO_SRC_SYSCTL;
    set.params.keepalive_time_us = 1000000;
    set.params.keepalive_intvl_us = 1000000;
    set.params.keepalive_probes = 2;
    set.source[RTO_F_KEEPALIVE_TIME] = RTO_SRC_SYSCTL;
    set.source[RTO_F_KEEPALIVE_INTVL] = RTO_SRC_SYSCTL;
    set.source[RTO_F_KEEPALIVE_PROBES] = RTO_SRC_SYSCTL;
    set.params.user_timeout_us = 5000000;
    set.source[RTO_F_USER_TIMEOUT] = RTO_SRC_USER;
    own = set;
    own.params.user_timeout_us = 3000000;
    own.source[RTO_F_USER_TIMEOUT] = RTO_SRC_SOCKET;
    own.params.rto_max_us = 5000000;
    own.source[RTO_F_RTO_MAX] = RTO_SRC_SOCKET;
    for (int i = 0; i < 3; i++)
        om_row(&s[i], 4, lo4, lo4, (uint16_t)(40001 + i), 5001);
    rows[0] = (struct rto_sock_row){ &s[0], &pred[0], 0, NULL, &own, 0, 0 };
    rows[1] = (struct rto_sock_row){ &s[1], &pred[1], 0, NULL, NULL, 0, 0 };
    rows[2] = (struct rto_sock_row){ &s[2], &pred[2], 0, NULL, NULL,
                                      1u << RTO_F_RTO_MAX, 0 };
    return write_rows(f, &set, rows, 3);
}

START_TEST(test_sockets_own)
{
    char *t = write_own(RTO_FMT_JSON);

    ck_assert_ptr_nonnull(strstr(
        t, "\"src\": \"127.0.0.1:40001\", \"dst\": \"127.0.0.1:5001\""));
    ck_assert_ptr_nonnull(strstr(
        t, "\"settings\": {\"tcp_retries2\": 5, \"user_timeout_ms\": 3000, "
           "\"rto_max_ms\": 5000}, \"sources\": {\"tcp_retries2\": "
           "\"sysctl\", \"user_timeout_ms\": \"socket\", \"rto_max_ms\": "
           "\"socket\"}, \"assumed\": []}"));
    ck_assert_ptr_nonnull(strstr(
        t, "\"settings\": {\"user_timeout_ms\": 5000, "
           "\"tcp_keepalive_time_s\": 1, \"tcp_keepalive_intvl_s\": 1, "
           "\"tcp_keepalive_probes\": 2}, \"sources\": {\"user_timeout_ms\": "
           "\"given\", \"tcp_keepalive_time_s\": \"sysctl\", "
           "\"tcp_keepalive_intvl_s\": \"sysctl\", \"tcp_keepalive_probes\": "
           "\"sysctl\"}, \"assumed\": [\"tcp_keepalive_time_s\", "
           "\"tcp_keepalive_intvl_s\", \"tcp_keepalive_probes\"]}"));
    ck_assert_ptr_nonnull(strstr(
        t, "\"settings\": {\"tcp_retries2\": 5, \"user_timeout_ms\": 5000, "
           "\"rto_max_ms\": 120000}, \"sources\": {\"tcp_retries2\": "
           "\"sysctl\", \"user_timeout_ms\": \"given\", \"rto_max_ms\": "
           "\"default\"}, \"assumed\": []}"));
    free(t);
    t = write_own(RTO_FMT_TABLE);
    ck_assert_ptr_nonnull(strstr(
        t, "ESTAB\n  retrans: 2 retx, 2 to come; gives up in 2 s [2 s-2.004 s]\n"
           "  at 2026-01-01T00:00:02.000Z (TCP_USER_TIMEOUT)\n"
           "  read: TCP_USER_TIMEOUT 3 s, TCP_RTO_MAX_MS 5 s\n"));
    ck_assert_ptr_nonnull(strstr(
        t, "  given: TCP_USER_TIMEOUT 5 s; assumed: TCP_KEEPIDLE, "
           "TCP_KEEPINTVL, TCP_KEEPCNT\n"));
    ck_assert_ptr_nonnull(strstr(
        t, "(TCP_USER_TIMEOUT)\n  given: TCP_USER_TIMEOUT 5 s\n"));
    ck_assert_ptr_nonnull(strstr(t, "\nassumed: not read from the socket"));
    within_80(t);
    free(t);
}
END_TEST

#define V4 "src=\"127.0.0.1:46192\",dst=\"127.0.0.1:5001\",state=\"ESTAB\"," \
           "path=\"retrans\""
#define V6 "src=\"[2001:db8::1]:443\",dst=\"[2001:db8::2]:51000\"," \
           "state=\"ESTAB\",path=\"keepalive\""

START_TEST(test_sockets_openmetrics)
{
    static const char want[] =
        "# TYPE rtocalc_sockets gauge\n"
        "# HELP rtocalc_sockets Sockets listed, by the path that gives up "
        "on each (none: no prediction).\n"
        "rtocalc_sockets{path=\"retrans\"} 1\n"
        "rtocalc_sockets{path=\"keepalive\"} 1\n"
        "rtocalc_sockets{path=\"syn\"} 0\n"
        "rtocalc_sockets{path=\"synack\"} 0\n"
        "rtocalc_sockets{path=\"orphan\"} 0\n"
        "rtocalc_sockets{path=\"fin_wait2\"} 0\n"
        "rtocalc_sockets{path=\"probe0\"} 0\n"
        "rtocalc_sockets{path=\"none\"} 1\n"
        "# TYPE rtocalc_socket_give_up_seconds gauge\n"
        "# UNIT rtocalc_socket_give_up_seconds seconds\n"
        "# HELP rtocalc_socket_give_up_seconds Seconds from the sample "
        "until Linux gives up on the socket if the peer stays silent "
        "(bound: nominal, earliest, latest).\n"
        "rtocalc_socket_give_up_seconds{" V4 ",bound=\"nominal\"} 9.788\n"
        "rtocalc_socket_give_up_seconds{" V4 ",bound=\"earliest\"} 9.788\n"
        "rtocalc_socket_give_up_seconds{" V4 ",bound=\"latest\"} 10.308\n"
        "rtocalc_socket_give_up_seconds{" V6 ",bound=\"nominal\"} 525\n"
        "rtocalc_socket_give_up_seconds{" V6 ",bound=\"earliest\"} "
        "524.999001\n"
        "rtocalc_socket_give_up_seconds{" V6 ",bound=\"latest\"} +Inf\n"
        "# TYPE rtocalc_socket_retransmissions gauge\n"
        "# HELP rtocalc_socket_retransmissions Retransmissions or probes "
        "the socket has sent on its path.\n"
        "rtocalc_socket_retransmissions{" V4 "} 4\n"
        "rtocalc_socket_retransmissions{" V6 "} 2\n"
        "# TYPE rtocalc_socket_remaining gauge\n"
        "# HELP rtocalc_socket_remaining Retransmissions or probes still "
        "to come before the give-up.\n"
        "rtocalc_socket_remaining{" V4 "} 1\n"
        "rtocalc_socket_remaining{" V6 "} 7\n"
        "# EOF\n";
    char *t = write_om();

    ck_assert_str_eq(t, want);
    /* The grammar by hand, so a change to the text above keeps it: each
     * line is a "# TYPE|UNIT|HELP name ..." line, or a sample whose name
     * is a family declared before it, "{", labels, "} ", a value; the
     * text ends "# EOF\n" and has no blank line. */
    {
        char family[64] = "";
        size_t n = strlen(t);

        ck_assert(n > 6 && strcmp(t + n - 6, "# EOF\n") == 0);
        for (char *line = t; *line && strcmp(line, "# EOF\n") != 0;) {
            char *end = strchr(line, '\n');
            size_t len = (size_t)(end - line);

            ck_assert_uint_gt(len, 0);
            if (strncmp(line, "# TYPE ", 7) == 0) {
                ck_assert_int_eq(sscanf(line + 7, "%63s", family), 1);
                ck_assert_ptr_nonnull(strstr(line, " gauge\n"));
            } else if (strncmp(line, "# UNIT ", 7) == 0
                       || strncmp(line, "# HELP ", 7) == 0) {
                ck_assert(strncmp(line + 7, family, strlen(family)) == 0);
            } else {
                char *brace = strchr(line, '{'), *close = strstr(line, "} ");

                ck_assert_ptr_nonnull(brace);
                ck_assert(close && close < end);
                ck_assert_uint_eq((size_t)(brace - line), strlen(family));
                ck_assert(strncmp(line, family, strlen(family)) == 0);
                ck_assert(close[2] == '+' || (close[2] >= '0'
                                              && close[2] <= '9'));
            }
            line = end + 1;
        }
    }
    free(t);
}
END_TEST

/* Label values: backslash, double quote and line feed escaped as the
 * OpenMetrics 1.0 text format says (\\, \", \n); an IPv6 address with
 * its brackets and colons passes unchanged. */
static const struct {
    const char *in, *want;
} om_rows[] = {
    { "[2001:db8::1]:443", "[2001:db8::1]:443" },
    { "a\\b", "a\\\\b" },
    { "say \"hi\"", "say \\\"hi\\\"" },
    { "two\nlines", "two\\nlines" },
    { "", "" },
};

START_TEST(test_om_label)
{
    size_t size = 0;
    char *text = NULL;
    FILE *mem = open_memstream(&text, &size);

    ck_assert_ptr_nonnull(mem);
    rto_om_label(mem, om_rows[_i].in);
    ck_assert_int_eq(fclose(mem), 0);
    ck_assert_str_eq(text, om_rows[_i].want);
    free(text);
}
END_TEST

/* The text l written in format f (to be freed). */
static char *written(enum rto_format f, const struct rto_sock_list *l)
{
    size_t size = 0;
    char *text = NULL;
    FILE *mem = open_memstream(&text, &size);

    ck_assert_ptr_nonnull(mem);
    ck_assert_int_eq(rto_write_sockets(mem, f, l, NULL), 0);
    ck_assert_int_eq(fclose(mem), 0);
    return text;
}

/* The length of the longest line of text. */
static size_t longest_line(const char *text)
{
    size_t most = 0;

    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);

        most = n > most ? n : most;
        line += n + (end != NULL);
    }
    return most;
}

/* The widest row there is: the longest IPv6 address, eight groups of
 * ffff with no zero run to shorten (RFC 5952: 39 characters, 47 with
 * brackets and port 65535) at both ends, the highest pid (4194304,
 * PID_MAX_LIMIT), a window of minutes and a note. */
static char *write_wide(int state, int width, const char *netns)
{
    static const uint8_t ff[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                    0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                    0xff, 0xff, 0xff, 0xff };
    static const struct rto_sock_prediction pred = {
        .path = RTO_PATH_KEEPALIVE, .reason = RTO_REASON_KEEPALIVE_PROBES,
        .count = 127, .remaining = 127, .remaining_min = 126,
        .remaining_max = 127, .give_up_us = INT64_C(9999999999),
        .give_up_earliest_us = INT64_C(9999998001),
        .give_up_latest_us = INT64_C(10000000999),
        .note = "the keepalive idle time, interval and probe count are the "
                "namespace's sysctls; a socket's own TCP_KEEPIDLE, "
                "TCP_KEEPINTVL and TCP_KEEPCNT are not seen"
    };
    struct rto_sock sock;
    struct rto_sock_row row;
    struct rto_sock_settings set;
    struct rto_sock_list l;

    rto_sock_settings_default(&set, RTO_KERNEL(6, 18));
    om_row(&sock, 6, ff, ff, 65535, 65535);
    sock.state = state;
    sock.pid = 4194304;
    row = (struct rto_sock_row){ &sock, &pred, 0, netns, NULL, 0, 0 };
    l = (struct rto_sock_list){ .set = &set, .rows = &row, .count = 1,
                                .sampled_us = SAMPLED_US, .width = width,
                                .netns = netns != NULL,
                                .interval_us = 1000000 };
    return written(RTO_FMT_TABLE, &l);
}

#define FF "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535"

/* Each state (the longest names, FIN-WAIT-1 and CLOSE-WAIT, are 10
 * characters) on the widest row fits 80 columns: the local address alone
 * on its line, then "  -> " with the rest, 2 + 3 + 47 + 2 + 10 + 13 = 77
 * columns at most.  --wide (width 0) keeps the one line of addresses,
 * 47 + 4 + 47 + 2 + 5 + 13 = 118 columns for ESTAB. */
START_TEST(test_sockets_table_v6_width)
{
    int state = _i + 1;
    const char *name = rto_tcp_state_name(state);
    char want[256];
    char *t = write_wide(state, RTO_NARROW, NULL);

    ck_assert_ptr_nonnull(name);
    ck_assert_msg(longest_line(t) <= 80, "%s:\n%s", name, t);
    snprintf(want, sizeof(want), "\n" FF "\n  -> " FF "  %s  pid 4194304\n",
             name);
    ck_assert_msg(strstr(t, want), "%s:\n%s", name, t);
    free(t);
    if (state == RTO_TCP_ESTABLISHED) {
        t = write_wide(state, 0, NULL);
        ck_assert_ptr_null(strstr(t, "\n  -> "));
        ck_assert_ptr_nonnull(strstr(t, "\n" FF " -> " FF "  ESTAB  pid "
                                        "4194304\n"));
        free(t);
    }
}
END_TEST

/* The namespace's heading goes above its rows; a label longer than the
 * line is shortened from the left to 80 columns, keeping its end. */
START_TEST(test_sockets_table_netns)
{
    char label[200];
    char *t = write_wide(RTO_TCP_ESTABLISHED, RTO_NARROW, "blue");

    ck_assert_ptr_nonnull(strstr(t, "every 1 s\nnetns blue\n" FF "\n"));
    free(t);
    memset(label, 'x', sizeof(label) - 4);
    memcpy(label + sizeof(label) - 4, "end", 4);
    t = write_wide(RTO_TCP_ESTABLISHED, RTO_NARROW, label);
    ck_assert_uint_eq(longest_line(t), 80);
    ck_assert_ptr_nonnull(strstr(t, "\nnetns ...xxxxxxx"));
    ck_assert_ptr_nonnull(strstr(t, "xxxend\n" FF "\n"));
    free(t);
}
END_TEST

/* A record of a --watch stream, from the first write_list() row in a
 * namespace "blue": JSON on one line with its sample time (the fixed
 * 2026-01-01T00:00:00.000Z) and interval; CSV with the sample time and
 * the namespace first, the header in the first record only. */
static char *write_record(enum rto_format f, bool continued)
{
    static const uint8_t lo4[16] = { 127, 0, 0, 1 };
    static const struct rto_sock_prediction pred = {
        .path = RTO_PATH_RETRANS, .reason = RTO_REASON_RETRIES2,
        .count = 4, .remaining = 1, .remaining_min = 1, .remaining_max = 1,
        .give_up_us = 9788000, .give_up_earliest_us = 9788000,
        .give_up_latest_us = 10308000
    };
    struct rto_sock_settings set;
    struct rto_sock_list l;
    struct rto_sock_row row;
    struct rto_sock sock;

    rto_sock_settings_default(&set, RTO_KERNEL(6, 18));
    om_row(&sock, 4, lo4, lo4, 46192, 5001);
    row = (struct rto_sock_row){ &sock, &pred, 0, "blue", &set, 0, 0 };
    l = (struct rto_sock_list){ .rows = &row, .count = 1,
                                .sampled_us = SAMPLED_US,
                                .width = RTO_NARROW, .netns = true,
                                .interval_us = 2000000,
                                .continued = continued };
    return written(f, &l);
}

START_TEST(test_sockets_stream)
{
    char *t = write_record(RTO_FMT_JSON, false);

    ck_assert_ptr_nonnull(strstr(
        t, "{\"command\": \"sockets\", \"sampled_at\": "
           "\"2026-01-01T00:00:00.000Z\", \"interval_us\": 2000000, "
           "\"sockets\": [{\"netns\": \"blue\", \"src\": "
           "\"127.0.0.1:46192\""));
    ck_assert_ptr_nonnull(strstr(t, "], \"warnings\": []}\n"));
    ck_assert_ptr_eq(strchr(t, '\n'), t + strlen(t) - 1);
    free(t);
    t = write_record(RTO_FMT_CSV, false);
    ck_assert_ptr_eq(strstr(t, "sampled_at,netns,src,dst,state,"), t);
    ck_assert_ptr_nonnull(strstr(t, "\r\n2026-01-01T00:00:00.000Z,blue,"
                                    "127.0.0.1:46192,127.0.0.1:5001,ESTAB,"
                                    "retrans,,4,1,1,1,9788000,"));
    free(t);
    t = write_record(RTO_FMT_CSV, true);
    ck_assert_ptr_eq(strstr(t, "2026-01-01T00:00:00.000Z,blue,127.0.0.1:"),
                     t);
    ck_assert_ptr_null(strstr(t, "src,dst"));
    free(t);
    t = write_record(RTO_FMT_OPENMETRICS, false);
    ck_assert_ptr_nonnull(strstr(
        t, "rtocalc_socket_remaining{netns=\"blue\",src=\"127.0.0.1:46192\","
           "dst=\"127.0.0.1:5001\",state=\"ESTAB\",path=\"retrans\"} 1\n"
           "# EOF\n"));
    free(t);
}
END_TEST

Suite *sockets_suite(void)
{
    Suite *s = suite_create("sockets");
    TCase *tc = tcase_create("sockets");

    tcase_add_test(tc, test_sockets_json);
    tcase_add_test(tc, test_sockets_csv_table);
    tcase_add_test(tc, test_sockets_own);
    tcase_add_test(tc, test_sockets_tick_exact);
    tcase_add_test(tc, test_sockets_openmetrics);
    tcase_add_loop_test(tc, test_sockets_table_v6_width, 0,
                        RTO_TCP_STATE_COUNT - 1);
    tcase_add_test(tc, test_sockets_table_netns);
    tcase_add_test(tc, test_sockets_stream);
    tcase_add_loop_test(tc, test_om_label, 0,
                        (int)(sizeof(om_rows) / sizeof(om_rows[0])));
    suite_add_tcase(s, tc);
    return s;
}
