/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON: one object in the shape DESIGN.md fixes.  Pretty-printed with
 * two-space indentation and one compact event object per line, so that
 * diffs of two runs read well.  Output is deterministic and independent of
 * the locale: every number is an integer printed with PRId64, never %f.
 * Times the model does not know (RTO_NONE) are null in the summary and left
 * out of the events.
 */
#include <inttypes.h>
#include <limits.h>
#include <string.h>

#include "format/format.h"

/* More than rto_settings() fills for any path today. */
#define SETTINGS_CAP 32


/*
 * Write s as a JSON string (RFC 8259 section 7): quotes and backslashes
 * escaped, control characters as \uXXXX.  Today every string is a plain
 * ASCII name, but nothing here should depend on that staying true.
 */
static void string(FILE *out, const char *s)
{
    const unsigned char *c = (const unsigned char *)s;

    fputc('"', out);
    for (; *c; c++) {
        switch (*c) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (*c < 0x20)
                fprintf(out, "\\u%04x", (unsigned)*c);
            else
                fputc(*c, out);
        }
    }
    fputc('"', out);
}

/* "key": as one member of an object; sep is written first. */
static void key(FILE *out, const char *sep, const char *k)
{
    fputs(sep, out);
    string(out, k);
    fputs(": ", out);
}

/* A summary member on its own line: a number, or null for RTO_NONE. */
static void member_us(FILE *out, const char *k, int64_t v)
{
    key(out, ",\n  ", k);
    if (v == RTO_NONE)
        fputs("null", out);
    else
        fprintf(out, "%" PRId64, v);
}

/* An event member that is left out when the model does not know it. */
static void event_us(FILE *out, const char *k, int64_t v)
{
    if (v == RTO_NONE)
        return;
    key(out, ", ", k);
    fprintf(out, "%" PRId64, v);
}

static void settings(FILE *out, const struct rto_params *p,
                     const struct rto_timeline *t)
{
    struct rto_setting_value rows[SETTINGS_CAP];
    size_t n = rto_settings(p, t, rows, SETTINGS_CAP);

    if (n > SETTINGS_CAP)
        n = SETTINGS_CAP;
    key(out, ",\n  ", "settings");
    if (n == 0) {
        fputs("{}", out);
        return;
    }
    fputs("{", out);
    for (size_t i = 0; i < n; i++) {
        key(out, i ? ",\n    " : "\n    ", rows[i].key);
        if (rows[i].text)
            string(out, rows[i].text);
        else if (rows[i].is_bool)
            fputs(rows[i].value ? "true" : "false", out);
        else
            fprintf(out, "%" PRId64, rows[i].value);
    }
    fputs("\n  }", out);
}

static void marks(FILE *out, unsigned m)
{
    const char *sep = "", *w;
    unsigned bit;

    if (m == 0)
        return;
    key(out, ", ", "marks");
    fputc('[', out);

    for (size_t i = 0; (w = rto_mark_word(i, &bit)); i++) {
        if (m & bit) {
            fputs(sep, out);
            string(out, w);
            sep = ", ";
        }
    }
    fputc(']', out);
}

static void event(FILE *out, const struct rto_timeline *t,
                  const struct rto_event *e)
{
    fputs("{ ", out);
    key(out, "", "type");
    string(out, rto_event_name(e->type));
    if (e->type == RTO_EV_RETRANSMIT || e->type == RTO_EV_PROBE) {
        key(out, ", ", "n");
        fprintf(out, "%d", e->n);
    }
    /* DESIGN.md names the RTO that fired before a retransmission
     * "rto_us"; timer_us is the same timer under the name every event
     * type shares. */
    if (e->type == RTO_EV_RETRANSMIT)
        event_us(out, "rto_us", e->timer_us);
    event_us(out, "timer_us", e->timer_us);
    /* Every event has a nominal time; null would only mean a model bug. */
    key(out, ", ", "at_us");
    if (e->at_us == RTO_NONE)
        fputs("null", out);
    else
        fprintf(out, "%" PRId64, e->at_us);
    event_us(out, "typical_us", e->typical_us);
    event_us(out, "latest_us", e->latest_us);
    event_us(out, "since_stamp_us", e->since_stamp_us);
    marks(out, e->marks);
    if (e->type == RTO_EV_GIVE_UP) {
        key(out, ", ", "reason");
        string(out, rto_reason_name(t->reason));
    }
    fputs(" }", out);
}

static void events(FILE *out, const struct rto_timeline *t)
{
    key(out, ",\n  ", "events");
    if (t->count == 0) {
        fputs("[]", out);
        return;
    }
    fputs("[", out);
    for (size_t i = 0; i < t->count; i++) {
        fputs(i ? ",\n    " : "\n    ", out);
        event(out, t, &t->events[i]);
    }
    fputs("\n  ]", out);
}

static void summary(FILE *out, const struct rto_timeline *t)
{
    key(out, ",\n  ", "retransmissions");
    fprintf(out, "%d", t->retransmissions);
    key(out, ",\n  ", "retransmissions_typical");
    fprintf(out, "%d", t->retransmissions_typical);
    /* A timeline that never gives up has no range: the model leaves the
     * bounds empty (min above max). */
    key(out, ",\n  ", "retransmissions_range");
    if (t->retransmissions_min <= t->retransmissions_max
        && t->retransmissions_min != INT_MAX)
        fprintf(out, "[%d, %d]", t->retransmissions_min,
                t->retransmissions_max);
    else
        fputs("null", out);
    member_us(out, "give_up_us", t->give_up_us);
    member_us(out, "give_up_typical_us", t->give_up_typical_us);
    member_us(out, "give_up_earliest_us", t->give_up_earliest_us);
    member_us(out, "give_up_latest_us", t->give_up_latest_us);
    key(out, ",\n  ", "reason");
    string(out, rto_reason_name(t->reason));
    key(out, ",\n  ", "error");
    if (t->error)
        string(out, rto_errno_name(t->error));
    else
        fputs("null", out);
    key(out, ",\n  ", "events_truncated");
    fputs(t->truncated ? "true" : "false", out);
}

int rto_out_json(FILE *out, const struct rto_params *p,
                 const struct rto_timeline *t)
{
    char k[16];

    fputs("{", out);
    key(out, "\n  ", "command");
    string(out, rto_path_name(t->path));
    key(out, ",\n  ", "kernel");
    string(out, rto_kernel_name(p->kernel, k, sizeof(k)));
    key(out, ",\n  ", "hz");
    fprintf(out, "%d", p->hz);
    settings(out, p, t);
    member_us(out, "initial_rto_us", t->initial_rto_us);
    member_us(out, "budget_us", t->budget_us);
    member_us(out, "retries1_us", t->retries1_us);
    events(out, t);
    summary(out, t);
    fputs("\n}\n", out);
    return ferror(out) ? RTO_EIO : RTO_OK;
}
