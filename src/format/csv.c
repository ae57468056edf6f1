/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CSV (RFC 4180): a header row, then one row per event.  Units are in the
 * column names, times are whole microseconds, and a value the model does
 * not know (RTO_NONE) is an empty field.  Lines end with CRLF as RFC 4180
 * asks.  The summary is not repeated here: CSV is per event, and the JSON
 * and table formats carry it.
 */
#include <inttypes.h>
#include <string.h>

#include "format/format.h"
#include "format/obuf.h"

#define CRLF "\r\n"


/* Write one field, quoted only when RFC 4180 requires it (a comma, a
 * double quote or a line break inside), with inner quotes doubled. */
static void field(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

void rto_csv_field(FILE *out, const char *s)
{
    field(out, s);
}

/* A time in microseconds, or nothing for RTO_NONE; then the separator. */
static void num(FILE *out, int64_t v, const char *sep)
{
    if (v != RTO_NONE)
        fprintf(out, "%" PRId64, v);
    fputs(sep, out);
}

/* The marks as a ';'-separated list of words, empty for none.  The
 * buffer holds all five words with room to spare. */
static void marks(FILE *out, unsigned m)
{
    char buf[64];
    size_t n = 0;

    buf[0] = '\0';
    const char *w;
    unsigned bit;

    for (size_t i = 0; (w = rto_mark_word(i, &bit)); i++) {
        size_t len = strlen(w);

        if (!(m & bit) || n + len + 2 > sizeof(buf))
            continue;
        if (n)
            buf[n++] = ';';
        memcpy(buf + n, w, len + 1);
        n += len;
    }
    field(out, buf);
}

/* Retransmissions and probes carry a number; the other events none. */
static bool numbered(const struct rto_event *e)
{
    return e->type == RTO_EV_RETRANSMIT || e->type == RTO_EV_PROBE;
}

static void row(FILE *out, const struct rto_timeline *t,
                const struct rto_event *e)
{
    field(out, rto_path_name(t->path));
    fputc(',', out);
    field(out, rto_event_name(e->type));
    fputc(',', out);
    /* The number belongs to retransmissions and probes only, as in the
     * JSON and the table. */
    if (numbered(e))
        fprintf(out, "%d", e->n);
    fputc(',', out);
    num(out, e->timer_us, ",");
    num(out, e->at_us, ",");
    num(out, e->typical_us, ",");
    num(out, e->latest_us, ",");
    num(out, e->since_stamp_us, ",");
    num(out, e->next_us, ",");
    marks(out, e->marks);
    fputs(CRLF, out);
}

static void timeline(FILE *out, const struct rto_result *r)
{
    const struct rto_timeline *t = r->timeline;

    fputs("path,event,n,timer_us,at_us,typical_us,latest_us,"
          "since_stamp_us,next_us,marks" CRLF,
          out);
    /* A truncated timeline prints the events it holds; the CLI warns. */
    for (size_t i = 0; i < t->count; i++)
        row(out, t, &t->events[i]);
}

/* One row per path of the report (and the idle row). */
static void report(FILE *out, const struct rto_result *res)
{
    struct rto_report_row rr[RTO_REPORT_ROWS];
    struct rto_timeline idle;
    size_t n = rto_report_rows(res->params, res->report, &idle, rr);

    fputs("path,doing,give_up_us,give_up_typical_us,give_up_earliest_us,"
          "give_up_latest_us,retransmissions,retransmissions_typical,"
          "retransmissions_min,retransmissions_max,budget_us,reason" CRLF,
          out);
    for (size_t i = 0; i < n; i++) {
        const struct rto_timeline *t = rr[i].t;

        field(out, rr[i].name);
        fputc(',', out);
        /* "doing" is always quoted, as it has been since the report
         * first wrote CSV: rows stay byte-identical for readers that
         * compare them. */
        fprintf(out, "\"%s\",", rr[i].doing);
        num(out, t->give_up_us, ",");
        num(out, t->give_up_typical_us, ",");
        num(out, t->give_up_earliest_us, ",");
        num(out, t->give_up_latest_us, ",");
        fprintf(out, "%d,%d,%d,%d,", t->retransmissions,
                t->retransmissions_typical, t->retransmissions_min,
                t->retransmissions_max);
        num(out, t->budget_us, ",");
        field(out, rto_reason_name(t->reason));
        fputs(CRLF, out);
    }
}

/* The settings in force: one row per sysctl. */
static void sysctl(FILE *out, const struct rto_result *res)
{
    const struct rto_sysctl_list *l = res->sysctl;

    fputs("sysctl,value,from" CRLF, out);
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_sysctl_row *r = &l->rows[i];

        fprintf(out, "net.ipv4.%s,", r->sysctl);
        if (r->text)
            field(out, r->text);
        else
            fprintf(out, "%" PRId64, r->value);
        fputc(',', out);
        field(out, r->from);
        fputs(CRLF, out);
    }
}

/* A second or third knob and its value, both empty when unused. */
static void knob(FILE *out, const char *name, int64_t v)
{
    field(out, name ? name : "");
    fputc(',', out);
    num(out, name ? v : RTO_NONE, ",");
}

/* One row per solution. */
static void solve(FILE *out, const struct rto_result *r)
{
    const struct rto_solve_list *l = r->solve;

    fputs("path,target_us,knob,value,knob2,value2,knob3,value3,give_up_us,"
          "give_up_latest_us,next_give_up_us,note,next_give_up_latest_us" CRLF,
          out);
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_solution *s = &l->solutions[i];

        field(out, l->path);
        fprintf(out, ",%" PRId64 ",", l->target_us);
        field(out, s->knob);
        fprintf(out, ",%" PRId64 ",", s->value);
        knob(out, s->knob2, s->value2);
        knob(out, s->knob3, s->value3);
        num(out, s->give_up_us, ",");
        num(out, s->give_up_latest_us, ",");
        num(out, s->next_give_up_us, ",");
        field(out, s->note ? s->note : "");
        fputc(',', out);
        num(out, s->next_give_up_latest_us, CRLF);
    }
}

/* One row per RTT sample. */
static void rtt(FILE *out, const struct rto_result *r)
{
    const struct rto_rtt_list *l = r->rtt;

    fputs("n,sample_us,srtt8_us,mdev4_us,mdev_max_us,rttvar_us,"
          "rto_jiffies,rto_us,rfc_srtt_us,rfc_rttvar_us,rfc_rto_us" CRLF,
          out);
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_rtt_step *s = &l->steps[i];

        fprintf(out, "%zu,%" PRId64 ",%" PRIu32 ",%" PRIu32 ",%" PRIu32
                     ",%" PRIu32 ",%" PRIu64 ",%" PRId64 ",%" PRId64
                     ",%" PRId64 ",%" PRId64 CRLF,
                i + 1, s->sample_us, s->srtt8_us, s->mdev4_us,
                s->mdev_max_us, s->rttvar_us, s->rto_jiffies, s->rto_us,
                s->rfc_srtt_us, s->rfc_rttvar_us, s->rfc_rto_us);
    }
}

/* ---------------------------------------------------------------- */
/* Sweep rows: the hot path, through the hand-filled buffer          */
/* ---------------------------------------------------------------- */

static const char summary_head[] =
    "budget_us,retransmissions,retransmissions_typical,"
    "retransmissions_min,retransmissions_max,give_up_us,"
    "give_up_typical_us,give_up_earliest_us,give_up_latest_us" CRLF;
static const char events_head[] =
    "event,n,timer_us,at_us,typical_us,latest_us,since_stamp_us,next_us,"
    "marks" CRLF;

void rto_csv_sweep_head(struct rto_obuf *ob, const struct rto_sweep *s)
{
    for (size_t i = 0; i < s->ndims; i++) {
        rto_ob_str(ob, s->dims[i]->name);
        rto_ob_mem(ob, ",", 1);
    }
    rto_ob_str(ob, s->events ? events_head : summary_head);
}

static void sweep_dims(struct rto_obuf *ob, const struct rto_sweep *s)
{
    for (size_t i = 0; i < s->ndims; i++) {
        rto_ob_mem(ob, s->dims[i]->value, s->dims[i]->vlen);
        rto_ob_mem(ob, ",", 1);
    }
}

/* Fields, each followed by its separator; RTO_NONE is empty. */
static void sweep_fields(struct rto_obuf *ob, const int64_t *v, size_t n,
                         bool last)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i] != RTO_NONE)
            rto_ob_i64(ob, v[i]);
        if (i + 1 < n || !last)
            rto_ob_mem(ob, ",", 1);
    }
}

/* The marks as ';'-separated words, as marks() writes them. */
static void sweep_marks(struct rto_obuf *ob, unsigned m)
{
    const char *w, *sep = "";
    unsigned bit;

    for (size_t i = 0; (w = rto_mark_word(i, &bit)); i++) {
        if (!(m & bit))
            continue;
        rto_ob_str(ob, sep);
        rto_ob_str(ob, w);
        sep = ";";
    }
}

void rto_csv_sweep_row(struct rto_obuf *ob, const struct rto_sweep *s,
                       const struct rto_timeline *t)
{
    if (!s->events) {
        const int64_t v[] = {
            t->budget_us, t->retransmissions, t->retransmissions_typical,
            t->retransmissions_min, t->retransmissions_max, t->give_up_us,
            t->give_up_typical_us, t->give_up_earliest_us,
            t->give_up_latest_us,
        };
        sweep_dims(ob, s);
        sweep_fields(ob, v, sizeof(v) / sizeof(v[0]), true);
        rto_ob_mem(ob, CRLF, 2);
        return;
    }
    /* The columns of the single command's CSV, without its path. */
    for (size_t i = 0; i < t->count; i++) {
        const struct rto_event *e = &t->events[i];
        const int64_t v[] = {
            numbered(e) ? e->n : RTO_NONE, e->timer_us, e->at_us,
            e->typical_us, e->latest_us, e->since_stamp_us, e->next_us,
        };

        sweep_dims(ob, s);
        rto_ob_str(ob, rto_event_name(e->type));
        rto_ob_mem(ob, ",", 1);
        sweep_fields(ob, v, sizeof(v) / sizeof(v[0]), false);
        sweep_marks(ob, e->marks);
        rto_ob_mem(ob, CRLF, 2);
    }
}

const rto_write_fn rto_csv_writers[RTO_RESULT_KINDS] = {
    [RTO_RESULT_TIMELINE] = timeline, [RTO_RESULT_REPORT] = report,
    [RTO_RESULT_SYSCTL] = sysctl,     [RTO_RESULT_SOLVE] = solve,
    [RTO_RESULT_RTT] = rtt,
};
