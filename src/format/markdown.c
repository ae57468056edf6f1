/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Markdown: a one-line bold summary, then a GitHub-flavoured table of the
 * events, for pasting into an issue or a README.  Like the table format it
 * leads with the typical give-up and its window and also states the
 * nominal time and the kernel's budget.  Cells the model knows nothing
 * about (RTO_NONE) are blank.
 */
#include <inttypes.h>
#include <string.h>

#include "format/format.h"

#define DUR 32

/* U+2013 EN DASH in UTF-8, for ranges ("925.8 s – 960.3 s"). */
#define NDASH "\xe2\x80\x93"


/* A duration, or "none" where the model has no value. */
static const char *dur(int64_t us, char *buf)
{
    if (us == RTO_NONE)
        return "none";
    return rto_fmt_duration(us, buf, DUR);
}

/* A table cell: a duration, or blank for RTO_NONE. */
static const char *cell(int64_t us, char *buf)
{
    if (us == RTO_NONE)
        return "";
    return rto_fmt_duration(us, buf, DUR);
}

static void summary(FILE *out, const struct rto_timeline *t)
{
    char a[DUR], b[DUR], c[DUR], d[DUR], z[DUR];

    if (t->give_up_us == RTO_NONE) {
        fputs("**give-up: never**\n", out);
        return;
    }
    fprintf(out,
            "**give-up: typical %s (window %s " NDASH " %s), "
            "nominal %s, budget %s, %d %s (range %d" NDASH "%d)**\n",
            dur(t->give_up_typical_us, a), dur(t->give_up_earliest_us, b),
            dur(t->give_up_latest_us, c), dur(t->give_up_us, d),
            dur(t->budget_us, z), t->retransmissions_typical,
            rto_counts_probes(t->path) ? "probes" : "retransmissions",
            t->retransmissions_min, t->retransmissions_max);
}

/* The marks as comma-separated words. */
static void marks(FILE *out, unsigned m)
{
    const char *sep = "", *w;
    unsigned bit;

    for (size_t i = 0; (w = rto_mark_word(i, &bit)); i++) {
        if (m & bit) {
            fprintf(out, "%s%s", sep, w);
            sep = ", ";
        }
    }
}

static void row(FILE *out, const struct rto_event *e)
{
    char a[DUR], b[DUR], c[DUR], d[DUR], s[DUR], n[16] = "";

    if (e->type == RTO_EV_RETRANSMIT || e->type == RTO_EV_PROBE)
        snprintf(n, sizeof(n), "%d", e->n);
    fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | ", n,
            rto_event_name(e->type), cell(e->timer_us, a), cell(e->at_us, b),
            cell(e->typical_us, c), cell(e->latest_us, d),
            cell(e->since_stamp_us, s));
    marks(out, e->marks);
    fputs(" |\n", out);
}

static void timeline(FILE *out, const struct rto_result *r)
{
    const struct rto_timeline *t = r->timeline;

    summary(out, t);
    /* The blank line keeps the summary a paragraph of its own, so no
     * renderer can take it for part of the table. */
    fputs("\n| # | event | timer | at | typical | latest | since stamp "
          "| marks |\n"
          "|---:|---|---:|---:|---:|---:|---:|---|\n",
          out);
    for (size_t i = 0; i < t->count; i++)
        row(out, &t->events[i]);
}

static void report(FILE *out, const struct rto_result *res)
{
    struct rto_report_row rr[RTO_REPORT_ROWS];
    struct rto_timeline idle;
    size_t n = rto_report_rows(res->params, res->report, &idle, rr);
    char a[DUR], b[DUR], c[DUR], h[DUR];

    fputs("| doing | typical | window | nominal | count | ended by |\n"
          "|---|---|---|---|---|---|\n", out);
    for (size_t i = 0; i < n; i++) {
        const struct rto_report_row *r = &rr[i];
        const struct rto_timeline *t = r->t;

        if (t->give_up_us == RTO_NONE) {
            const char *never = t->reason == RTO_REASON_NOT_MODELLED
                                    ? "-" : "never";
            fprintf(out, "| %s | %s | - | %s | - | %s |\n", r->doing, never,
                    never, r->rule);
            continue;
        }
        fprintf(out, "| %s | %s | %s - %s | ", r->doing,
                dur(t->give_up_typical_us, a), dur(t->give_up_earliest_us, b),
                dur(t->give_up_latest_us, c));
        /* "1 probe", "2 probes": the count words end in s. */
        fprintf(out, "%s (%s) | %d %.*s | %s |\n", dur(t->give_up_us, a),
                rto_fmt_hms(t->give_up_us, h, sizeof(h)),
                t->retransmissions_typical,
                (int)strlen(r->count_word)
                    - (t->retransmissions_typical == 1),
                r->count_word, r->rule);
    }
}

/* The settings in force, as a table of their own before the report. */
static void sysctl(FILE *out, const struct rto_result *res)
{
    const struct rto_params *p = res->params;
    const struct rto_sysctl_list *l = res->sysctl;
    char k[16];

    fprintf(out, "**Settings in force: Linux %s profile, HZ=%d%s**\n\n"
                 "| sysctl | value | from |\n|---|---:|---|\n",
            rto_kernel_name(p->kernel, k, sizeof(k)), p->hz,
            l->system ? " (from the running kernel)" : "");
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_sysctl_row *r = &l->rows[i];

        fprintf(out, "| net.ipv4.%s | ", r->sysctl);
        if (r->text)
            fputs(r->text, out);
        else
            fprintf(out, "%" PRId64, r->value);
        fprintf(out, " | %s |\n", r->from);
    }
    fputc('\n', out);
    report(out, res);
}

const rto_write_fn rto_markdown_writers[RTO_RESULT_KINDS] = {
    [RTO_RESULT_TIMELINE] = timeline,
    [RTO_RESULT_REPORT] = report,
    [RTO_RESULT_SYSCTL] = sysctl,
};
