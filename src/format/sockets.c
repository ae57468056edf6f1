/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtocalc sockets: each live socket with the give-up its prediction
 * found, as a table, CSV (RFC 4180) or JSON (DESIGN.md's contract:
 * {"command":"sockets","sockets":[...],"warnings":[...]}).  Times are
 * relative to the sample; give_up_at adds the sample's wall-clock time.
 * OpenMetrics text (OpenMetrics 1.0, the text format) carries the same
 * numbers as gauges for a textfile collector or a scrape: labels are the
 * socket's addresses, state and path (a fixed set) and nothing else.
 * The settings listed for a socket are the rows of the settings table
 * that shape its path and that the kernel keeps per namespace or per
 * socket, at the row's own settings (options read from the socket, or
 * its namespace's) or the list's; "sources" says where each came from
 * and "assumed" names those a socket may override unseen.  Rows sampled
 * in other network namespaces name theirs ("netns").  Under --watch each
 * sample is one record of a stream: JSON on one line (JSON Lines) with
 * its sample time, CSV with a sample-time column and the header once,
 * the table under a heading.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "format/format.h"

/* "127.0.0.1:5001" or "[::1]:5001". */
static char *addr(char *buf, size_t size, int family, const uint8_t *a,
                  unsigned port)
{
    if (family == 4) {
        snprintf(buf, size, "%u.%u.%u.%u:%u", a[0], a[1], a[2], a[3], port);
        return buf;
    }
    {
        /* RFC 5952 in short: the longest run of zero groups as "::". */
        unsigned g[8];
        int best = -1, blen = 0;
        size_t n = 0;

        for (int i = 0; i < 8; i++)
            g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && g[j] == 0)
                j++;
            if (j - i > blen && j - i > 1) {
                best = i;
                blen = j - i;
            }
            i = j > i ? j : i + 1;
        }
        n += (size_t)snprintf(buf + n, size - n, "[");
        for (int i = 0; i < 8 && n < size; i++) {
            if (i == best) {
                n += (size_t)snprintf(buf + n, size - n, "::");
                i += blen - 1;
                continue;
            }
            n += (size_t)snprintf(buf + n, size - n, "%s%x",
                                  (i && i != best + blen) ? ":" : "", g[i]);
        }
        if (n < size)
            snprintf(buf + n, size - n, "]:%u", port);
    }
    return buf;
}

/* RFC 3339 in UTC with milliseconds. */
static char *at(char *buf, size_t size, int64_t us)
{
    time_t s = (time_t)(us / 1000000);
    struct tm tm;

    if (!gmtime_r(&s, &tm)) {
        snprintf(buf, size, "?");
        return buf;
    }
    if (strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
        snprintf(buf, size, "?");
        return buf;
    }
    snprintf(buf + strlen(buf), size - strlen(buf), ".%03uZ",
             (unsigned)(us / 1000 % 1000) % 1000u);
    return buf;
}

/* A setting shown for a live socket's path: kept per namespace (a
 * sysctl) or per socket, and not one the sample replaces (the RTO, the
 * RTT and what shapes them are read from the socket). */
static bool shown(const struct rto_setting *s, enum rto_path path)
{
    if (!s->json || !(s->paths & RTO_PATH_BIT(path)))
        return false;
    switch (s->field) {
    case RTO_F_RTT:
    case RTO_F_RTO:
    case RTO_F_RTO_MIN:
    case RTO_F_TLP:
    case RTO_F_THIN:
    case RTO_F_CC:
    case RTO_F_IN_FLIGHT:
    case RTO_F_RETRIES1:
        return false;
    default:
        return s->sysctl || rto_sock_field_hidden(s->field);
    }
}

/* The settings a row was predicted at: its own (its namespace's, with
 * the options read from it), or the list's. */
static const struct rto_sock_settings *set_of(const struct rto_sock_list *l,
                                              const struct rto_sock_row *r)
{
    return r->set ? r->set : l->set;
}

/* A per-socket option the socket may have set unseen: neither read nor
 * given, and one this kernel has. */
static bool assumed(const struct rto_sock_settings *set,
                    const struct rto_sock_row *r, const struct rto_setting *s)
{
    return rto_sock_field_hidden(s->field)
           && set->source[s->field] != RTO_SRC_SOCKET
           && set->source[s->field] != RTO_SRC_USER
           && !(r->absent & 1u << s->field);
}

/* Where the jiffies count behind the windows came from: with it each
 * timer's wheel bucket is known (tick-exact windows). */
static const char *jiffies_source(const struct rto_sock_row *r)
{
    return r->rc == 0 && r->pred->tick_exact ? "timer_list" : "unknown";
}

/* The wall-clock time a row's times count from: its own dump's. */
static int64_t row_time(const struct rto_sock_list *l,
                        const struct rto_sock_row *r)
{
    return r->sampled_us ? r->sampled_us : l->sampled_us;
}

static const char *path_name(const struct rto_sock_row *r)
{
    return r->rc == 0 ? rto_path_name(r->pred->path) : "";
}


static void json_num(FILE *out, const char *k, int64_t v)
{
    if (v == RTO_NONE)
        fprintf(out, ", \"%s\": null", k);
    else
        fprintf(out, ", \"%s\": %" PRId64, k, v);
}

static void json_row(FILE *out, const struct rto_sock_list *l,
                     const struct rto_sock_row *r)
{
    const struct rto_sock *s = r->sock;
    const struct rto_sock_prediction *o = r->pred;
    char src[64], dst[64], when[40];
    const struct rto_sock_settings *set = set_of(l, r);
    const char *state = rto_tcp_state_name(s->state);
    bool first = true;

    fputc('{', out);
    if (l->netns) {
        fputs("\"netns\": ", out);
        rto_json_string(out, r->netns ? r->netns : "");
        fputs(", ", out);
    }
    fprintf(out, "\"src\": \"%s\", \"dst\": \"%s\", \"state\": \"%s\"",
            addr(src, sizeof(src), s->family, s->src, s->sport),
            addr(dst, sizeof(dst), s->family, s->dst, s->dport),
            state ? state : "?");
    fputs(", \"path\": ", out);
    if (r->rc != 0)
        fputs("null", out);
    else
        fprintf(out, "\"%s\"", path_name(r));
    fputs(", \"pid\": ", out);
    if (s->pid)
        fprintf(out, "%d", s->pid);
    else
        fputs("null", out);
    if (r->rc != 0) {
        fprintf(out, ", \"note\": \"%s\"}", o->note ? o->note : "");
        return;
    }
    fprintf(out, ", \"retransmissions\": %d, \"remaining\": %d", o->count,
            o->remaining);
    fprintf(out, ", \"remaining_range\": [%d, %d]", o->remaining_min,
            o->remaining_max);
    json_num(out, "give_up_in_us", o->give_up_us);
    json_num(out, "give_up_earliest_in_us", o->give_up_earliest_us);
    json_num(out, "give_up_latest_in_us", o->give_up_latest_us);
    if (o->give_up_us == RTO_NONE)
        fputs(", \"give_up_at\": null", out);
    else
        fprintf(out, ", \"give_up_at\": \"%s\"",
                at(when, sizeof(when), row_time(l, r) + o->give_up_us));
    fprintf(out, ", \"reason\": \"%s\"", rto_reason_name(o->reason));
    fprintf(out, ", \"jiffies\": \"%s\"", jiffies_source(r));
    fputs(", \"settings\": {", out);
    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *st = rto_setting_at(i);
        int64_t v;

        if (!shown(st, o->path))
            continue;
        v = rto_setting_get(&set->params, st->field);
        if (st->kind == RTO_KIND_DURATION)
            v /= st->unit_us;
        fprintf(out, "%s\"%s\": %" PRId64, first ? "" : ", ", st->json, v);
        first = false;
    }
    fputs("}, \"sources\": {", out);
    first = true;
    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *st = rto_setting_at(i);

        if (!shown(st, o->path))
            continue;
        fprintf(out, "%s\"%s\": \"%s\"", first ? "" : ", ", st->json,
                rto_source_name(set->source[st->field]));
        first = false;
    }
    fputs("}, \"assumed\": [", out);
    first = true;
    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *st = rto_setting_at(i);

        if (!shown(st, o->path) || !assumed(set, r, st))
            continue;
        fprintf(out, "%s\"%s\"", first ? "" : ", ", st->json);
        first = false;
    }
    fputs("]", out);
    if (o->note)
        fprintf(out, ", \"note\": \"%s\"", o->note);
    fputs("}", out);
}

/* The JSON head: a record of a stream is one line (JSON Lines) that
 * says when it was sampled and the interval. */
static void json_head(FILE *out, const struct rto_sock_list *l)
{
    bool line = l->interval_us > 0;
    const char *nl = line ? "" : "\n  ";
    char when[40];

    fprintf(out, "{%s\"command\": \"sockets\",", nl);
    if (line)
        fprintf(out, " \"sampled_at\": \"%s\", \"interval_us\": %" PRId64
                     ",", at(when, sizeof(when), l->sampled_us),
                l->interval_us);
    fprintf(out, "%s\"sockets\": [", line ? " " : nl);
}

static void json_end(FILE *out, const struct rto_sock_list *l,
                     const struct rto_warnings *w)
{
    bool line = l->interval_us > 0;
    const char *nl = line ? "" : "\n  ";

    fprintf(out, "%s],%s\"warnings\": [", l->count ? nl : "",
            line ? " " : nl);
    for (size_t i = 0; w && i < w->count; i++)
        fprintf(out, "%s\"%s\"", i ? ", " : "", w->text[i]);
    fprintf(out, "]%s}\n", line ? "" : "\n");
}

/* A stream's records share the header of the first, and begin with the
 * sample's time; rows of other namespaces name theirs. */
static void csv_head(FILE *out, const struct rto_sock_list *l)
{
    if (!l->continued)
        fprintf(out, "%s%ssrc,dst,state,path,pid,retransmissions,remaining,"
                     "remaining_min,remaining_max,give_up_in_us,"
                     "give_up_earliest_in_us,give_up_latest_in_us,"
                     "give_up_at,note\r\n",
                l->interval_us > 0 ? "sampled_at," : "",
                l->netns ? "netns," : "");
}

static void csv_row(FILE *out, const struct rto_sock_list *l,
                    const struct rto_sock_row *r)
{
    const struct rto_sock *s = r->sock;
    const struct rto_sock_prediction *o = r->pred;
    const char *state = rto_tcp_state_name(s->state);
    char src[64], dst[64], when[40];

    if (l->interval_us > 0)
        fprintf(out, "%s,", at(when, sizeof(when), l->sampled_us));
    if (l->netns) {
        rto_csv_field(out, r->netns ? r->netns : "");
        fputc(',', out);
    }
    fprintf(out, "%s,%s,%s,%s,",
            addr(src, sizeof(src), s->family, s->src, s->sport),
            addr(dst, sizeof(dst), s->family, s->dst, s->dport),
            state ? state : "?", path_name(r));
    if (s->pid)
        fprintf(out, "%d", s->pid);
    if (r->rc != 0 || o->give_up_us == RTO_NONE) {
        fprintf(out, ",,,,,,,,,\"%s\"\r\n", o->note ? o->note : "");
        return;
    }
    fprintf(out, ",%d,%d,%d,%d,%" PRId64 ",%" PRId64 ",%" PRId64 ",%s,",
            o->count, o->remaining, o->remaining_min, o->remaining_max,
            o->give_up_us, o->give_up_earliest_us, o->give_up_latest_us,
            at(when, sizeof(when), row_time(l, r) + o->give_up_us));
    if (o->note)
        fprintf(out, "\"%s\"", o->note);
    fputs("\r\n", out);
}

/* Whether a shown per-socket option of a row is in group src: read from
 * the socket, given, or (RTO_SRC_DEFAULT) assumed. */
static bool in_group(const struct rto_sock_settings *set,
                     const struct rto_sock_row *r,
                     const struct rto_setting *st, enum rto_source src)
{
    if (!shown(st, r->pred->path) || !rto_sock_field_hidden(st->field))
        return false;
    if (src == RTO_SRC_DEFAULT)
        return assumed(set, r, st);
    return set->source[st->field] == src;
}

/* The per-socket options of a row's path by where they came from, on one
 * line: those read from the socket and those given with their values,
 * then those assumed.  Returns whether any was assumed. */
static bool table_options(struct rto_text *x, const struct rto_sock_list *l,
                          const struct rto_sock_row *r)
{
    static const struct {
        enum rto_source src;
        const char *word;
    } groups[] = { { RTO_SRC_SOCKET, "read" }, { RTO_SRC_USER, "given" },
                   { RTO_SRC_DEFAULT, "assumed" } };
    const struct rto_sock_settings *set = set_of(l, r);
    bool any = false, assumed_any = false;

    for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
        size_t n = 0;

        for (size_t k = 0; k < rto_setting_count(); k++) {
            const struct rto_setting *st = rto_setting_at(k);
            int64_t v = rto_setting_get(&set->params, st->field);
            char val[32];

            if (!in_group(set, r, st, groups[g].src))
                continue;
            if (n++)
                rto_say(x, ", %s", rto_sock_field_option(st->field));
            else
                rto_say(x, "%s%s: %s", any ? "; " : "  ", groups[g].word,
                        rto_sock_field_option(st->field));
            any = true;
            if (groups[g].src == RTO_SRC_DEFAULT) {
                assumed_any = true;
                continue;
            }
            /* TCP_USER_TIMEOUT 0: none (tcp_write_timeout() and
             * tcp_clamp_rto_to_user_timeout() skip it). */
            if (st->field == RTO_F_USER_TIMEOUT && v == 0)
                rto_say(x, " off");
            else if (st->kind == RTO_KIND_DURATION)
                rto_say(x, " %s", rto_fmt_duration(v, val, sizeof(val)));
            else
                rto_say(x, " %" PRId64, v);
        }
    }
    if (any)
        rto_say(x, "\n");
    return assumed_any;
}

/* The first line of a socket: its addresses, state and owner.  One line
 * when it fits the width (or there is none); else the local address on a
 * line of its own and the rest below it, which fits 80 columns for the
 * longest IPv6 addresses and states (2 + 3 + 47 + 2 + 10 + 13 = 77). */
static void addr_line(FILE *out, const struct rto_sock *s, int width)
{
    const char *state = rto_tcp_state_name(s->state);
    char src[64], dst[64], rest[128];
    int n;

    addr(src, sizeof(src), s->family, s->src, s->sport);
    n = snprintf(rest, sizeof(rest), "%s  %s",
                 addr(dst, sizeof(dst), s->family, s->dst, s->dport),
                 state ? state : "?");
    if (s->pid && n > 0 && (size_t)n < sizeof(rest))
        snprintf(rest + n, sizeof(rest) - (size_t)n, "  pid %d", s->pid);
    if (width > 0 && strlen(src) + 4 + strlen(rest) > (size_t)width)
        fprintf(out, "%s\n  -> %s\n", src, rest);
    else
        fprintf(out, "%s -> %s\n", src, rest);
}

/* A namespace's heading, within the width: its label shortened from the
 * left when longer (the end of a path is what tells two apart). */
static void netns_heading(FILE *out, const char *label, int width)
{
    size_t len = strlen(label), room = width > 0 ? (size_t)width - 6 : len;

    if (len > room)
        fprintf(out, "netns ...%s\n", label + len - (room - 3));
    else
        fprintf(out, "netns %s\n", label);
}

/* The table's heading of a record of a stream. */
static void table_head(struct rto_text *t, const struct rto_sock_list *l)
{
    char when[40], every[32];

    if (l->interval_us > 0)
        rto_say(t, "sampled at %s, every %s\n",
                at(when, sizeof(when), l->sampled_us),
                rto_fmt_duration(l->interval_us, every, sizeof(every)));
}

/* A socket in two to four lines: the addresses and state, then what it
 * is doing and when it gives up, within the list's width (prose wrapped,
 * as the other tables wrap it), under its namespace's heading when that
 * changes.  Returns whether a setting of its path was assumed. */
static bool table_row(struct rto_sock_out *w, const struct rto_sock_row *r)
{
    const struct rto_sock_list *l = &w->l;
    struct rto_text *t = &w->t;
    const struct rto_sock *s = r->sock;
    const struct rto_sock_prediction *o = r->pred;
    char a[32], b[32], c[32], when[40];

    if (l->netns && r->netns && (!w->ns || strcmp(w->ns, r->netns) != 0))
        netns_heading(w->out, w->ns = r->netns, l->width);
    addr_line(w->out, s, l->width);
    if (r->rc != 0 || o->give_up_us == RTO_NONE) {
        rto_say(t, "  %s\n", o->note ? o->note : "never gives up");
        return false;
    }
    rto_say(t, "  %s: %d %s, %d to come", path_name(r), o->count,
            o->path == RTO_PATH_KEEPALIVE || o->path == RTO_PATH_PROBE0
                ? "probes" : "retx",
            o->remaining);
    if (o->remaining_min != o->remaining_max)
        rto_say(t, " (%d-%d)", o->remaining_min, o->remaining_max);
    rto_say(t, "; gives up in %s [%s-%s]\n",
            rto_fmt_duration(o->give_up_us, a, sizeof(a)),
            rto_fmt_duration(o->give_up_earliest_us, b, sizeof(b)),
            rto_fmt_duration(o->give_up_latest_us, c, sizeof(c)));
    w->any_window = true;
    w->not_exact |= !r->pred->tick_exact;
    rto_say(t, "  at %s (%s)\n",
            at(when, sizeof(when), row_time(l, r) + o->give_up_us),
            rto_reason_name(o->reason));
    if (o->note)
        rto_say(t, "  note: %s\n", o->note);
    return table_options(t, l, r);
}

static void table_end(struct rto_sock_out *o, const struct rto_warnings *w)
{
    struct rto_text *t = &o->t;
    size_t count = o->l.count;
    bool any_assumed = o->any_assumed;

    if (count == 0)
        rto_say(t, "no socket has a retransmit, zero-window, keepalive or "
                   "FIN_WAIT2 timer running\n(--all lists every one)\n");
    if (any_assumed) {
        /* The options to state them with, from the settings table. */
        rto_say(t, "assumed: not read from the socket (root reads them "
                   "from its owner), so taken at the namespace's values; "
                   "state them with");
        for (size_t k = 0, n = 0; k < rto_setting_count(); k++) {
            const struct rto_setting *st = rto_setting_at(k);

            if (rto_sock_field_hidden(st->field))
                rto_say(t, "%s --%s", n++ ? "," : "", st->option);
        }
        rto_say(t, "\n");
    }
    if (o->any_window && !o->not_exact)
        rto_say(t, "windows: tick-exact, every timer on its wheel bucket or "
                    "one tick after it\n(jiffies from /proc/timer_list)\n");
    else if (o->any_window)
        rto_say(t, "windows: every timer anywhere in its wheel bucket "
                    "(jiffies unknown; as root\nthey are read from "
                    "/proc/timer_list and the windows are tick-exact)\n");
    for (size_t i = 0; w && i < w->count; i++)
        rto_say(t, "warning: %s\n", w->text[i]);
}

/* The formats written a row at a time. */
static bool streams(enum rto_format f)
{
    return f == RTO_FMT_TABLE || f == RTO_FMT_CSV || f == RTO_FMT_JSON;
}

int rto_sock_out_begin(struct rto_sock_out *w, FILE *out, enum rto_format f,
                       const struct rto_sock_list *l)
{
    memset(w, 0, sizeof(*w));
    if (!streams(f))
        return RTO_ENOTSUP;
    w->out = out;
    w->format = f;
    w->l = *l;
    w->l.rows = NULL;
    w->l.count = 0;
    w->t.out = out;
    w->t.width = l->width;
    w->t.hang = 4;
    return 0;
}

static void out_head(struct rto_sock_out *w)
{
    if (w->begun)
        return;
    w->begun = true;
    if (w->format == RTO_FMT_JSON)
        json_head(w->out, &w->l);
    else if (w->format == RTO_FMT_CSV)
        csv_head(w->out, &w->l);
    else
        table_head(&w->t, &w->l);
}

void rto_sock_out_row(struct rto_sock_out *w, const struct rto_sock_row *r)
{
    bool line = w->l.interval_us > 0;

    out_head(w);
    switch (w->format) {
    case RTO_FMT_JSON:
        fprintf(w->out, "%s%s", w->l.count ? "," : "",
                line && w->l.count ? " " : line ? "" : "\n    ");
        json_row(w->out, &w->l, r);
        break;
    case RTO_FMT_CSV:
        csv_row(w->out, &w->l, r);
        break;
    default:
        w->any_assumed |= table_row(w, r);
        break;
    }
    w->l.count++;
}

int rto_sock_out_end(struct rto_sock_out *w, const struct rto_warnings *warn)
{
    out_head(w);
    if (w->format == RTO_FMT_JSON)
        json_end(w->out, &w->l, warn);
    else if (w->format == RTO_FMT_TABLE)
        table_end(w, warn);
    return ferror(w->out) ? RTO_EIO : 0;
}

void rto_om_label(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == '"')
            fputc('\\', out);
        if (*s == '\n')
            fputs("\\n", out);
        else
            fputc(*s, out);
    }
}

/* Microseconds as seconds with no trailing zeros ("9.788", "0"), or
 * "+Inf" for a give-up that never comes (OpenMetrics 1.0 numbers). */
static void om_seconds(FILE *out, int64_t us)
{
    uint64_t u;
    char frac[8];
    int n;

    if (us == RTO_NONE) {
        fputs("+Inf", out);
        return;
    }
    if (us < 0)
        fputc('-', out);
    u = us < 0 ? (uint64_t)0 - (uint64_t)us : (uint64_t)us;
    fprintf(out, "%" PRIu64, u / 1000000);
    snprintf(frac, sizeof(frac), "%06u", (unsigned)(u % 1000000));
    for (n = 6; n > 0 && frac[n - 1] == '0'; n--)
        ;
    if (n)
        fprintf(out, ".%.*s", n, frac);
}

static void om_family(FILE *out, const char *name, const char *unit,
                      const char *help)
{
    fprintf(out, "# TYPE %s gauge\n", name);
    if (unit)
        fprintf(out, "# UNIT %s %s\n", name, unit);
    fprintf(out, "# HELP %s %s\n", name, help);
}

/* One sample's name and labels, up to the value; the namespace first
 * when the rows carry one. */
static void om_sample(FILE *out, const char *name,
                      const struct rto_sock_list *l,
                      const struct rto_sock_row *r, const char *bound)
{
    const struct rto_sock *s = r->sock;
    const char *state = rto_tcp_state_name(s->state);
    char src[64], dst[64];

    fprintf(out, "%s{", name);
    if (l->netns) {
        fputs("netns=\"", out);
        rto_om_label(out, r->netns ? r->netns : "");
        fputs("\",", out);
    }
    fputs("src=\"", out);
    rto_om_label(out, addr(src, sizeof(src), s->family, s->src, s->sport));
    fputs("\",dst=\"", out);
    rto_om_label(out, addr(dst, sizeof(dst), s->family, s->dst, s->dport));
    fputs("\",state=\"", out);
    rto_om_label(out, state ? state : "?");
    fputs("\",path=\"", out);
    rto_om_label(out, path_name(r));
    if (bound)
        fprintf(out, "\",bound=\"%s", bound);
    fputs("\"} ", out);
}

static void write_openmetrics(FILE *out, const struct rto_sock_list *l)
{
    static const char *const bounds[] = { "nominal", "earliest", "latest" };

    om_family(out, "rtocalc_sockets", NULL,
              "Sockets listed, by the path that gives up on each "
              "(none: no prediction).");
    for (int p = 0; p <= RTO_PATH_COUNT; p++) {
        size_t n = 0;

        for (size_t i = 0; i < l->count; i++) {
            const struct rto_sock_row *r = &l->rows[i];
            n += p == RTO_PATH_COUNT ? r->rc != 0
                                     : r->rc == 0 && (int)r->pred->path == p;
        }
        fputs("rtocalc_sockets{path=\"", out);
        rto_om_label(out, p == RTO_PATH_COUNT
                              ? "none" : rto_path_name((enum rto_path)p));
        fprintf(out, "\"} %zu\n", n);
    }
    om_family(out, "rtocalc_socket_give_up_seconds", "seconds",
              "Seconds from the sample until Linux gives up on the socket "
              "if the peer stays silent (bound: nominal, earliest, latest).");
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_sock_row *r = &l->rows[i];
        const int64_t v[3] = { r->pred->give_up_us,
                               r->pred->give_up_earliest_us,
                               r->pred->give_up_latest_us };

        for (int b = 0; r->rc == 0 && b < 3; b++) {
            om_sample(out, "rtocalc_socket_give_up_seconds", l, r,
                      bounds[b]);
            om_seconds(out, v[b]);
            fputc('\n', out);
        }
    }
    om_family(out, "rtocalc_socket_retransmissions", NULL,
              "Retransmissions or probes the socket has sent on its path.");
    for (size_t i = 0; i < l->count; i++)
        if (l->rows[i].rc == 0) {
            om_sample(out, "rtocalc_socket_retransmissions", l, &l->rows[i],
                      NULL);
            fprintf(out, "%d\n", l->rows[i].pred->count);
        }
    om_family(out, "rtocalc_socket_remaining", NULL,
              "Retransmissions or probes still to come before the give-up.");
    for (size_t i = 0; i < l->count; i++)
        if (l->rows[i].rc == 0) {
            om_sample(out, "rtocalc_socket_remaining", l, &l->rows[i],
                      NULL);
            fprintf(out, "%d\n", l->rows[i].pred->remaining);
        }
    fputs("# EOF\n", out);
}

int rto_write_sockets(FILE *out, enum rto_format f,
                      const struct rto_sock_list *l,
                      const struct rto_warnings *w)
{
    struct rto_sock_out s;

    if (f == RTO_FMT_OPENMETRICS) {
        write_openmetrics(out, l);
        return ferror(out) ? RTO_EIO : 0;
    }
    if (rto_sock_out_begin(&s, out, f, l) != 0)
        return RTO_ENOTSUP;
    for (size_t i = 0; i < l->count; i++)
        rto_sock_out_row(&s, &l->rows[i]);
    return rto_sock_out_end(&s, w);
}
