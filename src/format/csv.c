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

static void row(FILE *out, const struct rto_timeline *t,
                const struct rto_event *e)
{
    field(out, rto_path_name(t->path));
    fputc(',', out);
    field(out, rto_event_name(e->type));
    fputc(',', out);
    /* The number belongs to retransmissions and probes only, as in the
     * JSON and the table. */
    if (e->type == RTO_EV_RETRANSMIT || e->type == RTO_EV_PROBE)
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

int rto_out_csv(FILE *out, const struct rto_params *p,
                const struct rto_timeline *t)
{
    (void)p;
    fputs("path,event,n,timer_us,at_us,typical_us,latest_us,"
          "since_stamp_us,next_us,marks" CRLF,
          out);
    /* A truncated timeline prints the events it holds; the CLI warns. */
    for (size_t i = 0; i < t->count; i++)
        row(out, t, &t->events[i]);
    return ferror(out) ? RTO_EIO : RTO_OK;
}
