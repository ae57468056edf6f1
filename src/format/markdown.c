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

static bool counts_probes(const struct rto_timeline *t)
{
    return t->path == RTO_PATH_KEEPALIVE || t->path == RTO_PATH_PROBE0;
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
            counts_probes(t) ? "probes" : "retransmissions",
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

int rto_out_markdown(FILE *out, const struct rto_params *p,
                     const struct rto_timeline *t)
{
    (void)p;
    summary(out, t);
    /* The blank line keeps the summary a paragraph of its own, so no
     * renderer can take it for part of the table. */
    fputs("\n| # | event | timer | at | typical | latest | since stamp "
          "| marks |\n"
          "|---:|---|---:|---:|---:|---:|---:|---|\n",
          out);
    for (size_t i = 0; i < t->count; i++)
        row(out, &t->events[i]);
    return ferror(out) ? RTO_EIO : RTO_OK;
}
