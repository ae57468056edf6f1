/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The writers (src/format/): CSV, JSON, gnuplot and Markdown through the
 * public rto_write(), the duration printers, and write errors.
 *
 * Each writer runs on a timeline the model computed, into an in-memory
 * stream.  Expected numbers name their source (the kernel docs, DESIGN.md,
 * REFERENCES.md, KERNEL.md); shapes are checked structurally: JSON by a
 * small recursive-descent checker, CSV by counting RFC 4180 fields.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream() */

#include <check.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtocalc.h"
#include "format/format.h" /* rto_write_result() of a report */
#include "helpers.h"

#define EV_CAP 512
#define CSV_FIELDS 10 /* the header's columns */
#define MD_PIPES 9    /* eight columns */

/* ------------------------------------------------------------------ */
/* Timelines to write                                                 */
/* ------------------------------------------------------------------ */

enum setup {
    S_DEFAULTS,     /* rto_params_default() + rto_retrans() */
    S_NO_TLP,       /* the defaults without the tail loss probe */
    S_USER_TIMEOUT, /* TCP_USER_TIMEOUT 3 s at HZ=250, loopback RTT */
    S_KEEPALIVE,    /* rto_params_default() + rto_keepalive() */
    S_TRUNCATED,    /* the defaults into room for four events */
    S_COUNT
};

static const char *const setup_names[S_COUNT] = {
    [S_DEFAULTS] = "retrans defaults",
    [S_NO_TLP] = "retrans --no-tlp",
    [S_USER_TIMEOUT] = "retrans --user-timeout 3s --hz 250 --rtt 20us",
    [S_KEEPALIVE] = "keepalive defaults",
    [S_TRUNCATED] = "retrans defaults, 4 events",
};

struct fixture {
    struct rto_params p;
    struct rto_event ev[EV_CAP];
    struct rto_timeline t;
};

static void build(enum setup s, struct fixture *f)
{
    int err;

    rto_params_default(&f->p);
    rto_timeline_init(&f->t, f->ev, s == S_TRUNCATED ? 4 : EV_CAP);
    switch (s) {
    case S_NO_TLP:
        f->p.tlp = false;
        break;
    case S_USER_TIMEOUT:
        f->p.user_timeout_us = 3000000;
        f->p.hz = 250;
        f->p.rtt_us = 20;
        break;
    default:
        break;
    }
    if (s == S_KEEPALIVE)
        err = rto_keepalive(&f->p, &f->t);
    else
        err = rto_retrans(&f->p, &f->t);
    ck_assert_msg(err == 0, "%s: model error %d", setup_names[s], err);
    ck_assert_msg(f->t.truncated == (s == S_TRUNCATED), "%s: truncated %d",
                  setup_names[s], (int)f->t.truncated);
}

/* Write the timeline in format fmt into memory.  The caller frees the
 * NUL-terminated result. */
static char *render(enum rto_format fmt, const struct fixture *f,
                    size_t *len)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&buf, &size);
    int err;

    ck_assert_ptr_nonnull(m);
    err = rto_write(m, fmt, &f->p, &f->t);
    ck_assert_int_eq(fclose(m), 0);
    ck_assert_msg(err == RTO_OK, "rto_write(%s) returned %d",
                  rto_format_name(fmt), err);
    ck_assert_ptr_nonnull(buf);
    *len = size;
    return buf;
}

/* The same input gives byte-identical output (STYLE.md). */
static void check_deterministic(enum rto_format fmt, const struct fixture *f,
                                const char *first, size_t len)
{
    size_t len2;
    char *again = render(fmt, f, &len2);

    ck_assert_msg(len2 == len && memcmp(first, again, len) == 0,
                  "%s: two runs differ", rto_format_name(fmt));
    free(again);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        if (*s == '\n')
            n++;
    return n;
}

/* Lines that start with prefix. */
static size_t count_prefixed(const char *s, const char *prefix)
{
    size_t n = 0, plen = strlen(prefix);
    const char *line = s;

    while (*line) {
        const char *nl = strchr(line, '\n');

        if (strncmp(line, prefix, plen) == 0)
            n++;
        if (!nl)
            break;
        line = nl + 1;
    }
    return n;
}

/* Events drawn in the gnuplot data block. */
static size_t count_plotted(const struct rto_timeline *t)
{
    size_t n = 0;

    for (size_t i = 0; i < t->count; i++)
        if (t->events[i].type == RTO_EV_RETRANSMIT
            || t->events[i].type == RTO_EV_PROBE)
            n++;
    return n;
}

/* ------------------------------------------------------------------ */
/* A structural JSON checker (RFC 8259 grammar, no semantics)         */
/* ------------------------------------------------------------------ */

#define JSON_DEPTH 32

static bool j_value(const char **s, int depth);

static void j_ws(const char **s)
{
    while (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')
        (*s)++;
}

static bool j_digits(const char **s)
{
    const char *start = *s;

    while (**s >= '0' && **s <= '9')
        (*s)++;
    return *s > start;
}

static bool j_string(const char **s)
{
    if (**s != '"')
        return false;
    for ((*s)++; **s != '"'; (*s)++) {
        if ((unsigned char)**s < 0x20) /* also the terminating NUL */
            return false;
        if (**s != '\\')
            continue;
        (*s)++;
        if (**s == 'u') {
            for (int i = 0; i < 4; i++) {
                (*s)++;
                if (!**s || !strchr("0123456789abcdefABCDEF", **s))
                    return false;
            }
        } else if (!**s || !strchr("\"\\/bfnrt", **s)) {
            return false;
        }
    }
    (*s)++;
    return true;
}

static bool j_number(const char **s)
{
    if (**s == '-')
        (*s)++;
    if (**s == '0')
        (*s)++;
    else if (!(**s >= '1' && **s <= '9') || !j_digits(s))
        return false;
    if (**s == '.') {
        (*s)++;
        if (!j_digits(s))
            return false;
    }
    if (**s == 'e' || **s == 'E') {
        (*s)++;
        if (**s == '+' || **s == '-')
            (*s)++;
        if (!j_digits(s))
            return false;
    }
    return true;
}

static bool j_word(const char **s, const char *word)
{
    size_t n = strlen(word);

    if (strncmp(*s, word, n) != 0)
        return false;
    *s += n;
    return true;
}

/* An object ('{' members '}') or an array ('[' values ']'). */
static bool j_container(const char **s, int depth, char close)
{
    (*s)++;
    j_ws(s);
    if (**s == close) {
        (*s)++;
        return true;
    }
    for (;;) {
        if (close == '}') {
            j_ws(s);
            if (!j_string(s))
                return false;
            j_ws(s);
            if (**s != ':')
                return false;
            (*s)++;
        }
        if (!j_value(s, depth + 1))
            return false;
        j_ws(s);
        if (**s == close) {
            (*s)++;
            return true;
        }
        if (**s != ',')
            return false;
        (*s)++;
    }
}

static bool j_value(const char **s, int depth)
{
    if (depth > JSON_DEPTH)
        return false;
    j_ws(s);
    switch (**s) {
    case '{':
        return j_container(s, depth, '}');
    case '[':
        return j_container(s, depth, ']');
    case '"':
        return j_string(s);
    case 't':
        return j_word(s, "true");
    case 'f':
        return j_word(s, "false");
    case 'n':
        return j_word(s, "null");
    default:
        return j_number(s);
    }
}

/* One JSON value and nothing else but whitespace. */
static bool json_valid(const char *text)
{
    const char *s = text;

    if (!j_value(&s, 0))
        return false;
    j_ws(&s);
    return *s == '\0';
}

/* Braces and brackets balance and nest, strings aside. */
static bool json_balanced(const char *s)
{
    char stack[JSON_DEPTH];
    int top = 0;
    bool in_string = false;

    for (; *s; s++) {
        if (in_string) {
            if (*s == '\\' && s[1])
                s++;
            else if (*s == '"')
                in_string = false;
            continue;
        }
        if (*s == '"') {
            in_string = true;
        } else if (*s == '{' || *s == '[') {
            if (top == JSON_DEPTH)
                return false;
            stack[top++] = *s == '{' ? '}' : ']';
        } else if (*s == '}' || *s == ']') {
            if (top == 0 || stack[--top] != *s)
                return false;
        }
    }
    return top == 0 && !in_string;
}

/* The checker itself, so that a pass below means something. */
static const struct {
    const char *text;
    bool valid;
    const char *source;
} checker_rows[] = {
    { "{\"a\": [1, -2.5e3, true, false, null], \"b\": {}}", true,
      "RFC 8259: every value kind" },
    { "\"\\u00e9\\n\"", true, "RFC 8259 7: \\u and short escapes" },
    { "[]", true, "RFC 8259 5: empty array" },
    { "{\"a\": 1,}", false, "RFC 8259 4: no trailing comma" },
    { "{\"a\" 1}", false, "RFC 8259 4: name separator required" },
    { "{a: 1}", false, "RFC 8259 4: names are strings" },
    { "[01]", false, "RFC 8259 6: no leading zeros" },
    { "[1.]", false, "RFC 8259 6: digits after the point" },
    { "{\"a\": 1}}", false, "one value only" },
    { "[\"a\nb\"]", false, "RFC 8259 7: control characters escaped" },
    { "[nul]", false, "literal names spelled out" },
    { "{\"a\": [1}", false, "brackets nest" },
};

START_TEST(test_json_checker)
{
    ck_assert_msg(json_valid(checker_rows[_i].text) == checker_rows[_i].valid,
                  "%s: %s", checker_rows[_i].source, checker_rows[_i].text);
}
END_TEST

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

static const struct {
    enum setup setup;
    const char *needle;
    const char *source;
} json_rows[] = {
    { S_DEFAULTS, "\"budget_us\": 924600000,\n",
      "kernel ip-sysctl tcp_retries2: 15 yields 924.6 s" },
    { S_DEFAULTS, "\"retransmissions\": 15,\n",
      "REFERENCES.md effective give-up table: retries2=15, 201 ms -> 15" },
    { S_DEFAULTS, "\"initial_rto_us\": 201000,\n",
      "DESIGN.md JSON example and KERNEL.md 2.5: 201 ms at HZ=1000" },
    { S_DEFAULTS, "{\n  \"command\": \"retrans\",\n",
      "DESIGN.md JSON contract: command first" },
    { S_DEFAULTS, "\"kernel\": \"6.18\",\n",
      "DESIGN.md: the default profile is 6.18" },
    { S_DEFAULTS, "\"hz\": 1000,\n", "DESIGN.md options table: HZ 1000" },
    { S_DEFAULTS, "\"tcp_retries2\": 15,",
      "DESIGN.md options table: tcp_retries2 15" },
    { S_DEFAULTS, "\"rto_min_us\": 200000,",
      "DESIGN.md JSON example: rto_min_us 200000" },
    { S_DEFAULTS, "\"tlp\": true,", "DESIGN.md options table: --tlp on" },
    { S_DEFAULTS, "\"cc\": \"cubic\"", "DESIGN.md options table: cubic" },
    { S_DEFAULTS, "\"retries1_us\": 3000000,\n",
      "Pracucci 2018 table row 4: 3.0 s for tcp_retries1=3" },
    { S_DEFAULTS, "{ \"type\": \"send\", \"at_us\": 0, ",
      "DESIGN.md JSON example: send at 0" },
    { S_DEFAULTS, "{ \"type\": \"tlp\", \"timer_us\": 201000, "
                  "\"at_us\": 201000, ",
      "DESIGN.md JSON example: tlp at 201000" },
    { S_DEFAULTS, "{ \"type\": \"retransmit\", \"n\": 1, "
                  "\"rto_us\": 201000, ",
      "DESIGN.md JSON example: retransmit 1 after rto_us 201000" },
    { S_DEFAULTS, "\"at_us\": 402000, \"typical_us\": 410000, "
                  "\"latest_us\": 418000, ",
      "DESIGN.md JSON example: retransmit 1 at 402000/410000/418000" },
    { S_DEFAULTS, "\"reason\": \"tcp_retries2\" }\n  ],\n",
      "DESIGN.md JSON example: give_up last, with its reason" },
    { S_DEFAULTS, "\"error\": \"ETIMEDOUT\",\n",
      "DESIGN.md JSON example: ETIMEDOUT" },
    { S_DEFAULTS, "\"events_truncated\": false,\n  \"warnings\": []\n}\n",
      "brief: events_truncated, then the warnings (none here), final "
      "newline" },
    { S_NO_TLP, "\"give_up_us\": 925623000,\n",
      "REFERENCES.md effective give-up table: 15, 201 ms -> 925.623 s" },
    { S_USER_TIMEOUT, "\"budget_us\": 3000000,\n",
      "DESIGN.md: budget_us is the user timeout where one is set" },
    { S_USER_TIMEOUT, "\"reason\": \"TCP_USER_TIMEOUT\",\n",
      "DESIGN.md: TCP_USER_TIMEOUT replaces tcp_retries2" },
    { S_KEEPALIVE, "\"give_up_us\": 7875000000,\n",
      "xiaolincoding, REFERENCES.md TV-17: 7200 + 9 x 75 = 7875 s" },
    { S_KEEPALIVE, "\"retransmissions\": 9,\n",
      "kernel ip-sysctl: tcp_keepalive_probes default 9" },
    { S_KEEPALIVE, "\"budget_us\": null,\n",
      "DESIGN.md: budget_us is null where none applies" },
    { S_KEEPALIVE, "\"tcp_keepalive_time_s\": 7200,",
      "kernel ip-sysctl: tcp_keepalive_time 2 hours" },
    { S_KEEPALIVE, "\"type\": \"probe\", \"n\": 9, \"timer_us\": 75000000, "
                   "\"at_us\": 7800000000, ",
      "kernel ip-sysctl: probe 9 at 7200 + 8 x 75 s" },
    { S_TRUNCATED, "\"events_truncated\": true,\n",
      "brief: a full event array says so" },
};

START_TEST(test_json_fields)
{
    struct fixture f;
    size_t len;
    char *out;

    build(json_rows[_i].setup, &f);
    out = render(RTO_FMT_JSON, &f, &len);
    ck_assert_msg(strstr(out, json_rows[_i].needle) != NULL,
                  "%s: %s: missing %s", json_rows[_i].source,
                  setup_names[json_rows[_i].setup], json_rows[_i].needle);
    free(out);
}
END_TEST

START_TEST(test_json_shape)
{
    enum setup s = (enum setup)_i;
    struct fixture f;
    size_t len;
    char *out;

    build(s, &f);
    out = render(RTO_FMT_JSON, &f, &len);
    ck_assert_uint_eq(strlen(out), len);
    ck_assert_msg(json_balanced(out), "%s: unbalanced", setup_names[s]);
    ck_assert_msg(json_valid(out), "%s: not JSON:\n%s", setup_names[s], out);
    /* One line per event, between "events": [ and ]. */
    ck_assert_uint_eq(count_prefixed(out, "    { \"type\": "), f.t.count);
    check_deterministic(RTO_FMT_JSON, &f, out, len);
    free(out);
}
END_TEST

/* ------------------------------------------------------------------ */
/* CSV                                                                */
/* ------------------------------------------------------------------ */

/* Fields in one record, commas inside quotes not counted (RFC 4180). */
static size_t csv_fields(const char *line, size_t len)
{
    size_t n = 1;
    bool quoted = false;

    for (size_t i = 0; i < len; i++) {
        if (line[i] == '"')
            quoted = !quoted;
        else if (line[i] == ',' && !quoted)
            n++;
    }
    return n;
}

START_TEST(test_csv_shape)
{
    static const char header[] = "path,event,n,timer_us,at_us,typical_us,"
                                 "latest_us,since_stamp_us,next_us,marks\r\n";
    enum setup s = (enum setup)_i;
    struct fixture f;
    size_t len, lines = 0;
    char *out;

    build(s, &f);
    out = render(RTO_FMT_CSV, &f, &len);
    ck_assert_msg(strncmp(out, header, strlen(header)) == 0,
                  "%s: header %.80s", setup_names[s], out);
    for (const char *line = out; *line;) {
        const char *nl = strchr(line, '\n');

        ck_assert_msg(nl != NULL, "%s: last line unterminated",
                      setup_names[s]);
        ck_assert_msg(nl > line && nl[-1] == '\r', "%s: line %zu not CRLF",
                      setup_names[s], lines + 1);
        ck_assert_uint_eq(csv_fields(line, (size_t)(nl - 1 - line)),
                          CSV_FIELDS);
        lines++;
        line = nl + 1;
    }
    ck_assert_uint_eq(lines, f.t.count + 1);
    check_deterministic(RTO_FMT_CSV, &f, out, len);
    free(out);
}
END_TEST

static const struct {
    enum setup setup;
    const char *row;
    const char *source;
} csv_rows[] = {
    { S_DEFAULTS,
      "\r\nretrans,retransmit,1,201000,402000,410000,418000,0,402000,"
      "stamp\r\n",
      "DESIGN.md JSON example: retransmit 1 at 402000/410000/418000, "
      "retrans_stamp taken there (KERNEL.md 1.6)" },
    { S_DEFAULTS, "\r\nretrans,send,,,0,0,0,,201000,\r\n",
      "DESIGN.md: unknown values are empty fields; send at 0" },
    { S_KEEPALIVE,
      "\r\nkeepalive,probe,1,7200000000,7200000000,",
      "kernel ip-sysctl: the first probe after tcp_keepalive_time 2 h" },
};

START_TEST(test_csv_rows)
{
    struct fixture f;
    size_t len;
    char *out;

    build(csv_rows[_i].setup, &f);
    out = render(RTO_FMT_CSV, &f, &len);
    ck_assert_msg(strstr(out, csv_rows[_i].row) != NULL, "%s: missing %s",
                  csv_rows[_i].source, csv_rows[_i].row);
    free(out);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Markdown                                                           */
/* ------------------------------------------------------------------ */

START_TEST(test_markdown_shape)
{
    enum setup s = (enum setup)_i;
    struct fixture f;
    size_t len;
    char *out;

    build(s, &f);
    out = render(RTO_FMT_MARKDOWN, &f, &len);
    ck_assert_msg(strncmp(out, "**give-up: typical ",
                          strlen("**give-up: typical "))
                      == 0,
                  "%s: summary %.60s", setup_names[s], out);
    ck_assert_msg(strstr(out, "**\n\n| # | event | timer | at | typical "
                              "| latest | since stamp | marks |\n"
                              "|---:|---|")
                      != NULL,
                  "%s: header", setup_names[s]);
    /* Header, delimiter row, one row per event, nothing else. */
    ck_assert_uint_eq(count_prefixed(out, "|"), f.t.count + 2);
    ck_assert_uint_eq(count_lines(out), f.t.count + 4);
    for (const char *line = out; (line = strstr(line, "\n|")) != NULL;) {
        size_t pipes = 0;

        for (line++; *line && *line != '\n'; line++)
            pipes += *line == '|';
        ck_assert_uint_eq(pipes, MD_PIPES);
    }
    check_deterministic(RTO_FMT_MARKDOWN, &f, out, len);
    free(out);
}
END_TEST

static const struct {
    enum setup setup;
    const char *needle;
    const char *source;
} md_rows[] = {
    { S_DEFAULTS, ", budget 924.6 s, 15 retransmissions (range 15",
      "kernel ip-sysctl: 924.6 s; REFERENCES.md: 15 retransmissions" },
    { S_DEFAULTS, "| 1 | retransmit | 201 ms | 402 ms | 410 ms | 418 ms "
                  "| 0 s | stamp |\n",
      "DESIGN.md JSON example: retransmit 1 at 402/410/418 ms" },
    { S_DEFAULTS, "|  | send |  | 0 s | 0 s | 0 s |  |  |\n",
      "brief: blank cells where the model has no value" },
    { S_KEEPALIVE, ", nominal 7875 s, budget none, 9 probes (range 9",
      "xiaolincoding, REFERENCES.md TV-17: 7875 s after 9 probes" },
};

START_TEST(test_markdown_rows)
{
    struct fixture f;
    size_t len;
    char *out;

    build(md_rows[_i].setup, &f);
    out = render(RTO_FMT_MARKDOWN, &f, &len);
    ck_assert_msg(strstr(out, md_rows[_i].needle) != NULL, "%s: missing %s",
                  md_rows[_i].source, md_rows[_i].needle);
    free(out);
}
END_TEST

/* ------------------------------------------------------------------ */
/* gnuplot                                                            */
/* ------------------------------------------------------------------ */

START_TEST(test_gnuplot_shape)
{
    enum setup s = (enum setup)_i;
    struct fixture f;
    size_t len, rows = 0;
    const char *begin, *end;
    char *out;

    build(s, &f);
    out = render(RTO_FMT_GNUPLOT, &f, &len);
    begin = strstr(out, "\n$data << EOD\n");
    ck_assert_msg(begin != NULL, "%s: no $data block", setup_names[s]);
    begin += strlen("\n$data << EOD\n");
    end = strstr(begin, "EOD\n");
    ck_assert_msg(end != NULL && end[-1] == '\n', "%s: no EOD",
                  setup_names[s]);
    /* Five columns: n at_s typical_s latest_s timer_s. */
    for (const char *line = begin; line < end; rows++) {
        size_t spaces = 0;

        for (; *line != '\n'; line++)
            spaces += *line == ' ';
        line++;
        ck_assert_uint_eq(spaces, 4);
    }
    ck_assert_uint_eq(rows, count_plotted(&f.t));
    ck_assert_ptr_nonnull(strstr(out, "\nset multiplot layout 2,1\n"));
    ck_assert_ptr_nonnull(strstr(out, "\nunset multiplot\n"));
    /* The user picks terminal and output (DESIGN.md: pipe to gnuplot). */
    ck_assert_uint_eq(count_prefixed(out, "set terminal"), 0);
    ck_assert_uint_eq(count_prefixed(out, "set output"), 0);
    check_deterministic(RTO_FMT_GNUPLOT, &f, out, len);
    free(out);
}
END_TEST

static const struct {
    enum setup setup;
    const char *needle;
    const char *source;
} gp_rows[] = {
    { S_DEFAULTS, "\n1 0.402 0.41 0.418 0.201\n",
      "DESIGN.md JSON example: retransmit 1 at 402/410/418 ms after 201" },
    { S_DEFAULTS, "\n     925.002 with lines ",
      "kernel ip-sysctl 924.6 s budget from the stamp at 0.402 s" },
    { S_KEEPALIVE, "\n9 7800 ",
      "kernel ip-sysctl: probe 9 at 7200 + 8 x 75 s" },
    { S_KEEPALIVE, "\n     7875 with lines ",
      "xiaolincoding, REFERENCES.md TV-17: give-up at 7875 s" },
};

START_TEST(test_gnuplot_rows)
{
    struct fixture f;
    size_t len;
    char *out;

    build(gp_rows[_i].setup, &f);
    out = render(RTO_FMT_GNUPLOT, &f, &len);
    ck_assert_msg(strstr(out, gp_rows[_i].needle) != NULL, "%s: missing %s",
                  gp_rows[_i].source, gp_rows[_i].needle);
    free(out);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Durations                                                          */
/* ------------------------------------------------------------------ */

static const struct {
    int64_t us;
    const char *duration; /* rto_fmt_duration() */
    const char *hms;      /* rto_fmt_hms(), or NULL: not checked */
    const char *source;
} dur_rows[] = {
    { 924600000, "924.6 s", "15m24.6s",
      "kernel ip-sysctl tcp_retries2: 924.6 s" },
    { 7875000000, "7875 s", "2h11m15s",
      "kernel ip-sysctl, xiaolincoding: 7200 + 9 x 75 s = 2 h 11 min 15 s" },
    { 201000, "201 ms", NULL, "KERNEL.md 2.5: RTO 201 ms at HZ=1000" },
    { 500, "500 us", NULL, "DESIGN.md: durations take the unit us" },
    { 3600000000, "3600 s", "1h", "DESIGN.md: the unit h, 3600 s" },
    { 1044600000, "1044.6 s", "17m24.6s",
      "KERNEL.md 1.6: exactly 200 ms dies at 1044.6 s" },
    { 925623000, "925.623 s", "15m25.623s",
      "REFERENCES.md effective give-up table: 925.623 s" },
    { 12600000, "12.6 s", "12.6s",
      "elastic/elasticsearch#102788: (2^6 - 1) x 0.2 = 12.6 s" },
    { 131000000, "131 s", "2m11s",
      "kernel ip-sysctl tcp_syn_retries: final timeout after 131 s" },
    { 63000000, "63 s", "1m3s",
      "kernel ip-sysctl tcp_synack_retries: final timeout after 63 s" },
};

START_TEST(test_durations)
{
    char buf[64];

    ck_assert_msg(strcmp(rto_fmt_duration(dur_rows[_i].us, buf, sizeof(buf)),
                         dur_rows[_i].duration)
                      == 0,
                  "%s: rto_fmt_duration gave \"%s\", want \"%s\"",
                  dur_rows[_i].source, buf, dur_rows[_i].duration);
    if (dur_rows[_i].hms)
        ck_assert_msg(strcmp(rto_fmt_hms(dur_rows[_i].us, buf, sizeof(buf)),
                             dur_rows[_i].hms)
                          == 0,
                      "%s: rto_fmt_hms gave \"%s\", want \"%s\"",
                      dur_rows[_i].source, buf, dur_rows[_i].hms);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Write errors                                                       */
/* ------------------------------------------------------------------ */

static const enum rto_format error_formats[] = {
    RTO_FMT_CSV,
    RTO_FMT_JSON,
    RTO_FMT_GNUPLOT,
    RTO_FMT_MARKDOWN,
};

/* STYLE.md: a failed write is an error, not silence. */
/*
 * A path the profile does not model (reason RTO_REASON_NOT_MODELLED, as
 * rto_report_run() keeps it when the path's run returns RTO_ENOTSUP):
 * every format says "not modelled on this kernel" with the model's why,
 * gives no give-up time (never "never"), and the other rows still carry
 * theirs.  The report is the model's at the defaults; the zero-window row
 * is then marked the way a model run marks it.
 */
static const enum rto_format report_formats[] = {
    RTO_FMT_TABLE, RTO_FMT_CSV, RTO_FMT_JSON, RTO_FMT_MARKDOWN,
};

START_TEST(test_report_not_modelled)
{
    static struct rto_event scratch[512];
    struct rto_params p;
    struct rto_report rep;
    struct rto_result r = { .kind = RTO_RESULT_REPORT, .params = &p,
                            .report = &rep };
    struct rto_timeline *t = &rep.paths[RTO_PATH_PROBE0];
    enum rto_format fmt = report_formats[_i];
    const char *why = "a rule of this kernel that rtocalc lacks";
    char *buf = NULL;
    size_t size = 0;
    FILE *m;

    rto_params_default(&p);
    ck_assert_int_eq(rto_report_run(&p, scratch, 512, &rep), RTO_OK);
    rto_timeline_init(t, NULL, 0);
    t->path = RTO_PATH_PROBE0;
    t->reason = RTO_REASON_NOT_MODELLED;
    t->not_modelled = why;
    m = open_memstream(&buf, &size);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(rto_write_result(m, fmt, &r), RTO_OK);
    ck_assert_int_eq(fclose(m), 0);
    if (fmt == RTO_FMT_CSV) {
        ck_assert_msg(strstr(buf, "probe0,\"zero window\",,,,,0,0,0,0,,"
                                  "not_modelled"), "%s", buf);
    } else {
        ck_assert_msg(strstr(buf, "not modelled on this kernel: a rule of "
                                  "this kernel that rtocalc lacks"),
                      "%s: %s", rto_format_name(fmt), buf);
    }
    if (fmt == RTO_FMT_JSON)
        ck_assert_msg(strstr(buf, "\"reason\": \"not_modelled\""), "%s", buf);
    if (fmt == RTO_FMT_TABLE)
        ck_assert_msg(!strstr(buf, "zero window           never"), "%s", buf);
    /* The retransmission row keeps its 924.6 s budget. */
    ck_assert_msg(strstr(buf, fmt == RTO_FMT_TABLE || fmt == RTO_FMT_MARKDOWN
                                  ? "924.6 s" : "924600000"),
                  "%s: %s", rto_format_name(fmt), buf);
    free(buf);
}
END_TEST

START_TEST(test_write_error)
{
    struct fixture f;
    FILE *ro;

    build(S_DEFAULTS, &f);
    ro = fopen("/dev/null", "r");
    ck_assert_ptr_nonnull(ro);
    ck_assert_int_eq(rto_write(ro, error_formats[_i], &f.p, &f.t), RTO_EIO);
    fclose(ro);
}
END_TEST

Suite *out_suite(void)
{
    Suite *s = suite_create("out");
    TCase *tc;

    tc = tcase_create("json");
    tcase_add_loop_test(tc, test_json_checker, 0, (int)N_ROWS(checker_rows));
    tcase_add_loop_test(tc, test_json_fields, 0, (int)N_ROWS(json_rows));
    tcase_add_loop_test(tc, test_json_shape, 0, S_COUNT);
    suite_add_tcase(s, tc);

    tc = tcase_create("csv");
    tcase_add_loop_test(tc, test_csv_shape, 0, S_COUNT);
    tcase_add_loop_test(tc, test_csv_rows, 0, (int)N_ROWS(csv_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("markdown");
    tcase_add_loop_test(tc, test_markdown_shape, 0, S_COUNT);
    tcase_add_loop_test(tc, test_markdown_rows, 0, (int)N_ROWS(md_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("gnuplot");
    tcase_add_loop_test(tc, test_gnuplot_shape, 0, S_COUNT);
    tcase_add_loop_test(tc, test_gnuplot_rows, 0, (int)N_ROWS(gp_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("report");
    tcase_add_loop_test(tc, test_report_not_modelled, 0,
                        (int)N_ROWS(report_formats));
    suite_add_tcase(s, tc);

    tc = tcase_create("durations");
    tcase_add_loop_test(tc, test_durations, 0, (int)N_ROWS(dur_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("write_errors");
    tcase_add_loop_test(tc, test_write_error, 0,
                        (int)N_ROWS(error_formats));
    suite_add_tcase(s, tc);
    return s;
}
