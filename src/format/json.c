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
#include "format/obuf.h"

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

/* The same for the other writers (the stacks' JSON, stacks.c). */
void rto_json_string(FILE *out, const char *s)
{
    string(out, s);
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

/* "warnings": every warning of the run, an empty array when none, so
 * that a reader can always ask for .warnings. */
static void warnings(FILE *out, const struct rto_warnings *w)
{
    key(out, ",\n  ", "warnings");
    if (w->count == 0) {
        fputs("[]", out);
        return;
    }
    fputs("[", out);
    for (size_t i = 0; i < w->count; i++) {
        fputs(i ? ",\n    " : "\n    ", out);
        string(out, w->text[i]);
    }
    fputs("\n  ]", out);
}

/* The end of every object: the warnings, and the closing brace. */
static void end(FILE *out, const struct rto_result *r)
{
    warnings(out, &r->warnings);
    fputs("\n}\n", out);
}

/* {"command": ..., "kernel": ..., "hz": ... of the objects that have
 * them. */
static void head(FILE *out, const char *command, const struct rto_params *p)
{
    char k[16];

    fputs("{", out);
    key(out, "\n  ", "command");
    string(out, command);
    if (!p)
        return;
    key(out, ",\n  ", "kernel");
    string(out, rto_kernel_name(p->kernel, k, sizeof(k)));
    key(out, ",\n  ", "hz");
    fprintf(out, "%d", p->hz);
}

static void timeline(FILE *out, const struct rto_result *r)
{
    const struct rto_params *p = r->params;
    const struct rto_timeline *t = r->timeline;

    head(out, rto_path_name(t->path), p);
    settings(out, p, t);
    member_us(out, "initial_rto_us", t->initial_rto_us);
    member_us(out, "budget_us", t->budget_us);
    member_us(out, "retries1_us", t->retries1_us);
    events(out, t);
    summary(out, t);
    end(out, r);
}

/* A number member of a one-line object; null for RTO_NONE. */
static void inline_us(FILE *out, const char *k, int64_t v)
{
    key(out, ", ", k);
    if (v == RTO_NONE)
        fputs("null", out);
    else
        fprintf(out, "%" PRId64, v);
}

/* "paths": one summary per row of the report. */
static void paths(FILE *out, const struct rto_result *res)
{
    struct rto_report_row rr[RTO_REPORT_ROWS];
    struct rto_timeline idle;
    size_t n = rto_report_rows(res->params, res->report, &idle, rr);

    key(out, ",\n  ", "paths");
    fputs("[\n", out);
    for (size_t i = 0; i < n; i++) {
        const struct rto_timeline *t = rr[i].t;

        fputs("    { ", out);
        key(out, "", "path");
        string(out, rr[i].name);
        key(out, ", ", "doing");
        string(out, rr[i].doing);
        inline_us(out, "budget_us", t->budget_us);
        key(out, ", ", "retransmissions");
        fprintf(out, "%d", t->retransmissions);
        key(out, ", ", "retransmissions_typical");
        fprintf(out, "%d", t->retransmissions_typical);
        key(out, ", ", "retransmissions_range");
        fprintf(out, "[%d, %d]", t->retransmissions_min,
                t->retransmissions_max);
        inline_us(out, "give_up_us", t->give_up_us);
        inline_us(out, "give_up_typical_us", t->give_up_typical_us);
        inline_us(out, "give_up_earliest_us", t->give_up_earliest_us);
        inline_us(out, "give_up_latest_us", t->give_up_latest_us);
        key(out, ", ", "reason");
        string(out, rto_reason_name(t->reason));
        key(out, ", ", "error");
        if (t->error)
            string(out, rto_errno_name(t->error));
        else
            fputs("null", out);
        key(out, ", ", "rule");
        string(out, rr[i].rule);
        fputs(i + 1 < n ? " },\n" : " }\n", out);
    }
    fputs("  ]", out);
}

static void report(FILE *out, const struct rto_result *r)
{
    head(out, "report", r->params);
    paths(out, r);
    end(out, r);
}

/* The settings as a list, each with where it came from, then the
 * report's paths. */
static void sysctl(FILE *out, const struct rto_result *r)
{
    const struct rto_sysctl_list *l = r->sysctl;

    head(out, "sysctl", r->params);
    key(out, ",\n  ", "system");
    fputs(l->system ? "true" : "false", out);
    key(out, ",\n  ", "settings");
    fputs("[", out);
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_sysctl_row *row = &l->rows[i];
        char name[64];

        snprintf(name, sizeof(name), "net.ipv4.%s", row->sysctl);
        fputs(i ? ",\n    { " : "\n    { ", out);
        key(out, "", "sysctl");
        string(out, name);
        key(out, ", ", "value");
        if (row->text)
            string(out, row->text);
        else
            fprintf(out, "%" PRId64, row->value);
        key(out, ", ", "from");
        string(out, row->from);
        fputs(" }", out);
    }
    fputs(l->count ? "\n  ]" : "]", out);
    paths(out, r);
    end(out, r);
}

static void solve(FILE *out, const struct rto_result *r)
{
    const struct rto_solve_list *l = r->solve;

    head(out, "solve", NULL);
    key(out, ",\n  ", "path");
    string(out, l->path);
    key(out, ",\n  ", "target_us");
    fprintf(out, "%" PRId64, l->target_us);
    key(out, ",\n  ", "solutions");
    fputs("[", out);
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_solution *s = &l->solutions[i];

        fputs(i ? ",\n    { " : "\n    { ", out);
        key(out, "", "knob");
        string(out, s->knob);
        key(out, ", ", "value");
        fprintf(out, "%" PRId64, s->value);
        if (s->knob2) {
            key(out, ", ", "knob2");
            string(out, s->knob2);
            key(out, ", ", "value2");
            fprintf(out, "%" PRId64, s->value2);
        }
        if (s->knob3) {
            key(out, ", ", "knob3");
            string(out, s->knob3);
            key(out, ", ", "value3");
            fprintf(out, "%" PRId64, s->value3);
        }
        inline_us(out, "give_up_us", s->give_up_us);
        inline_us(out, "give_up_latest_us", s->give_up_latest_us);
        inline_us(out, "next_give_up_us", s->next_give_up_us);
        inline_us(out, "next_give_up_latest_us", s->next_give_up_latest_us);
        if (s->note) {
            key(out, ", ", "note");
            string(out, s->note);
        }
        fputs(" }", out);
    }
    fputs(l->count ? "\n  ]" : "]", out);
    end(out, r);
}

static void rtt(FILE *out, const struct rto_result *r)
{
    const struct rto_params *p = r->params;
    const struct rto_rtt_list *l = r->rtt;

    head(out, "rto", NULL);
    key(out, ",\n  ", "hz");
    fprintf(out, "%d", p->hz);
    key(out, ",\n  ", "rto_min_us");
    fprintf(out, "%" PRId64, p->rto_min_us);
    key(out, ",\n  ", "steps");
    fputs("[", out);
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_rtt_step *s = &l->steps[i];

        fprintf(out, "%s{ \"n\": %zu, \"sample_us\": %" PRId64
                     ", \"srtt8_us\": %" PRIu32 ", \"mdev4_us\": %" PRIu32
                     ", \"mdev_max_us\": %" PRIu32 ", \"rttvar_us\": %" PRIu32
                     ", \"rto_jiffies\": %" PRIu64 ", \"rto_us\": %" PRId64
                     ", \"rfc_srtt_us\": %" PRId64
                     ", \"rfc_rttvar_us\": %" PRId64
                     ", \"rfc_rto_us\": %" PRId64 " }",
                i ? ",\n    " : "\n    ", i + 1, s->sample_us, s->srtt8_us,
                s->mdev4_us, s->mdev_max_us, s->rttvar_us, s->rto_jiffies,
                s->rto_us, s->rfc_srtt_us, s->rfc_rttvar_us, s->rfc_rto_us);
    }
    fputs(l->count ? "\n  ]" : "]", out);
    end(out, r);
}

static void kernels(FILE *out, const struct rto_result *r)
{
    size_t nc;
    const struct rto_change *ch = rto_changes(&nc);
    struct rto_kernel_row k;
    char v[16];

    head(out, "kernels", NULL);
    key(out, ",\n  ", "profiles");
    fputs("[", out);
    for (size_t i = 0; rto_kernel_row(i, &k); i++) {
        fputs(i ? ",\n    { " : "\n    { ", out);
        key(out, "", "kernel");
        string(out, k.name);
        key(out, ", ", "initial_rto_us");
        fprintf(out, "%" PRId64, k.initial_rto_us);
        key(out, ", ", "tcp_syn_retries");
        fprintf(out, "%d", k.syn_retries);
        key(out, ", ", "tcp_syn_linear_timeouts");
        fprintf(out, "%d", k.syn_linear_timeouts);
        key(out, ", ", "compare");
        string(out, k.compare);
        key(out, ", ", "u8_sysctls");
        fputs(k.u8_sysctls ? "true" : "false", out);
        key(out, ", ", "tlp");
        fputs(k.tlp ? "true" : "false", out);
        key(out, ", ", "examples");
        string(out, k.examples);
        fputs(" }", out);
    }
    fputs("\n  ]", out);
    key(out, ",\n  ", "changes");
    fputs("[", out);
    for (size_t i = 0; i < nc; i++) {
        fputs(i ? ",\n    { " : "\n    { ", out);
        key(out, "", "kernel");
        string(out, rto_kernel_name(ch[i].version, v, sizeof(v)));
        key(out, ", ", "what");
        string(out, ch[i].what);
        key(out, ", ", "source");
        string(out, ch[i].source);
        fputs(" }", out);
    }
    fputs("\n  ]", out);
    end(out, r);
}

/* ---------------------------------------------------------------- */
/* Sweep rows: the hot path, through the hand-filled buffer          */
/* ---------------------------------------------------------------- */

/* A number, or null when the model does not know it. */
static void ob_jnum(struct rto_obuf *ob, int64_t v)
{
    if (v == RTO_NONE)
        rto_ob_str(ob, "null");
    else
        rto_ob_i64(ob, v);
}

void rto_json_sweep_head(struct rto_obuf *ob, const struct rto_sweep *s)
{
    rto_ob_str(ob, "{\n  \"command\": \"sweep\",\n  \"path\": \"");
    rto_ob_str(ob, s->path);
    rto_ob_str(ob, "\",\n  \"rows\": [\n");
}

/* One event as event() writes it for the single command. */
static void sweep_event(struct rto_obuf *ob, const struct rto_timeline *t,
                        const struct rto_event *e)
{
    const char *w, *sep = "";
    unsigned bit;

    rto_ob_str(ob, "{ \"type\": \"");
    rto_ob_str(ob, rto_event_name(e->type));
    rto_ob_mem(ob, "\"", 1);
    if (e->type == RTO_EV_RETRANSMIT || e->type == RTO_EV_PROBE) {
        rto_ob_str(ob, ", \"n\": ");
        rto_ob_i64(ob, e->n);
    }
    if (e->type == RTO_EV_RETRANSMIT && e->timer_us != RTO_NONE) {
        rto_ob_str(ob, ", \"rto_us\": ");
        rto_ob_i64(ob, e->timer_us);
    }
#define MEMBER(key, v)                                                       \
    do {                                                                     \
        if ((v) != RTO_NONE) {                                               \
            rto_ob_str(ob, ", \"" key "\": ");                               \
            rto_ob_i64(ob, (v));                                             \
        }                                                                    \
    } while (0)
    MEMBER("timer_us", e->timer_us);
    rto_ob_str(ob, ", \"at_us\": ");
    ob_jnum(ob, e->at_us);
    MEMBER("typical_us", e->typical_us);
    MEMBER("latest_us", e->latest_us);
    MEMBER("since_stamp_us", e->since_stamp_us);
#undef MEMBER
    if (e->marks) {
        rto_ob_str(ob, ", \"marks\": [");
        for (size_t i = 0; (w = rto_mark_word(i, &bit)); i++) {
            if (!(e->marks & bit))
                continue;
            rto_ob_str(ob, sep);
            rto_ob_mem(ob, "\"", 1);
            rto_ob_str(ob, w);
            rto_ob_mem(ob, "\"", 1);
            sep = ", ";
        }
        rto_ob_mem(ob, "]", 1);
    }
    if (e->type == RTO_EV_GIVE_UP) {
        rto_ob_str(ob, ", \"reason\": \"");
        rto_ob_str(ob, rto_reason_name(t->reason));
        rto_ob_mem(ob, "\"", 1);
    }
    rto_ob_str(ob, " }");
}

void rto_json_sweep_row(struct rto_obuf *ob, const struct rto_sweep *s,
                        const struct rto_timeline *t)
{
    const struct {
        const char *before;
        int64_t v;
    } m[] = {
        { " \"budget_us\": ", t->budget_us },
        { ", \"retransmissions\": ", t->retransmissions },
        { ", \"retransmissions_typical\": ", t->retransmissions_typical },
        { ", \"retransmissions_range\": [", t->retransmissions_min },
        { ", ", t->retransmissions_max },
        { "], \"give_up_us\": ", t->give_up_us },
        { ", \"give_up_typical_us\": ", t->give_up_typical_us },
        { ", \"give_up_earliest_us\": ", t->give_up_earliest_us },
        { ", \"give_up_latest_us\": ", t->give_up_latest_us },
    };

    rto_ob_str(ob, s->rows ? ",\n    {" : "    {");
    for (size_t i = 0; i < s->ndims; i++) {
        rto_ob_str(ob, " \"");
        rto_ob_str(ob, s->dims[i]->name);
        rto_ob_str(ob, "\": \"");
        rto_ob_mem(ob, s->dims[i]->value, s->dims[i]->vlen);
        rto_ob_str(ob, "\",");
    }
    for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
        rto_ob_str(ob, m[i].before);
        ob_jnum(ob, m[i].v);
    }
    if (s->events) {
        rto_ob_str(ob, ", \"events\": [");
        for (size_t i = 0; i < t->count; i++) {
            rto_ob_str(ob, i ? ",\n      " : "\n      ");
            sweep_event(ob, t, &t->events[i]);
        }
        rto_ob_str(ob, t->count ? "\n    ]" : "]");
    }
    rto_ob_str(ob, " }");
}

/* The end of the rows, and the warnings of the run: rare, so through the
 * stream like every other object's. */
void rto_json_sweep_tail(struct rto_obuf *ob, const struct rto_sweep *s,
                         const struct rto_warnings *w)
{
    rto_ob_str(ob, s->rows ? "\n  ]" : "  ]");
    rto_ob_flush(ob);
    warnings(ob->f, w);
    fputs("\n}\n", ob->f);
}

const rto_write_fn rto_json_writers[RTO_RESULT_KINDS] = {
    [RTO_RESULT_TIMELINE] = timeline, [RTO_RESULT_REPORT] = report,
    [RTO_RESULT_SYSCTL] = sysctl,     [RTO_RESULT_SOLVE] = solve,
    [RTO_RESULT_RTT] = rtt,           [RTO_RESULT_KERNELS] = kernels,
};
