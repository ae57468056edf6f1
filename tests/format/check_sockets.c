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

static char *write_list(enum rto_format f)
{
    static const uint8_t lo4[16] = { 127, 0, 0, 1 };
    static const uint8_t lo6[16] = { [15] = 1 };
    struct rto_sock s[2];
    struct rto_sock_prediction p[2];
    struct rto_sock_row rows[2];
    struct rto_sock_settings set;
    struct rto_sock_list l;
    struct rto_warnings w = { NULL, 0 };
    size_t size = 0;
    char *text = NULL;
    FILE *mem = open_memstream(&text, &size);

    memset(s, 0, sizeof(s));
    memset(p, 0, sizeof(p));
    rto_sock_settings_default(&set, RTO_KERNEL(6, 18));
    set.params.retries2 = 5;
    set.source[RTO_F_RETRIES2] = RTO_SRC_SYSCTL;
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
    rows[0] = (struct rto_sock_row){ &s[0], &p[0], 0 };
    rows[1] = (struct rto_sock_row){ &s[1], &p[1], RTO_ENOTSUP };
    l = (struct rto_sock_list){ &set, rows, 2, SAMPLED_US };
    ck_assert_ptr_nonnull(mem);
    ck_assert_int_eq(rto_write_sockets(mem, f, &l, &w), 0);
    ck_assert_int_eq(fclose(mem), 0);
    return text;
}

START_TEST(test_sockets_json)
{
    char *t = write_list(RTO_FMT_JSON);

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
    ck_assert_ptr_nonnull(strstr(t, "\"src\": \"[::1]:5001\""));
    ck_assert_ptr_nonnull(strstr(t, "\"path\": null"));
    ck_assert_ptr_nonnull(strstr(t, "\"warnings\": []"));
    free(t);
}
END_TEST

START_TEST(test_sockets_csv_table)
{
    char *t = write_list(RTO_FMT_CSV);

    ck_assert_ptr_nonnull(strstr(t, "src,dst,state,path,pid,"));
    ck_assert_ptr_nonnull(strstr(t, "127.0.0.1:46192,127.0.0.1:5001,ESTAB,"
                                    "retrans,,4,1,1,1,9788000,9788000,"
                                    "10308000,2026-01-01T00:00:09.788Z,\r\n"));
    free(t);
    t = write_list(RTO_FMT_TABLE);
    ck_assert_ptr_nonnull(strstr(t, "retrans: 4 retx, 1 to come; gives up "
                                    "in 9.788 s [9.788 s-10.308 s]"));
    for (char *line = t; *line;) {
        char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);

        ck_assert_msg(n <= 80, "%zu columns: %.*s", n, (int)n, line);
        line += n + (end != NULL);
    }
    ck_assert_int_eq(rto_write_sockets(stdout, RTO_FMT_GNUPLOT, NULL, NULL),
                     RTO_ENOTSUP);
    free(t);
}
END_TEST

Suite *sockets_suite(void)
{
    Suite *s = suite_create("sockets");
    TCase *tc = tcase_create("sockets");

    tcase_add_test(tc, test_sockets_json);
    tcase_add_test(tc, test_sockets_csv_table);
    suite_add_tcase(s, tc);
    return s;
}
