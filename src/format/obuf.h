/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A buffer filled by hand and written in blocks, for the rows of a sweep:
 * a million rows is an ordinary chart grid, and stdio's formatting would
 * cost more than the model.  Private to the writers and the sweep loop;
 * never installed.  The helpers are static inline so that the rows, in
 * csv.c and json.c, pay no call for each field.
 */
#ifndef RTO_FORMAT_OBUF_H
#define RTO_FORMAT_OBUF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "format/format.h"

#define RTO_OBUF_SIZE (1 << 17)

struct rto_obuf {
    FILE *f;
    size_t len;
    bool err;               /* a write failed; later rows go nowhere */
    char b[RTO_OBUF_SIZE];
};

static inline void rto_ob_flush(struct rto_obuf *o)
{
    if (o->len && fwrite(o->b, 1, o->len, o->f) != o->len)
        o->err = true;
    o->len = 0;
}

static inline void rto_ob_mem(struct rto_obuf *o, const char *s, size_t n)
{
    if (o->len + n > sizeof(o->b))
        rto_ob_flush(o);
    if (n > sizeof(o->b)) {
        if (fwrite(s, 1, n, o->f) != n)
            o->err = true;
        return;
    }
    memcpy(o->b + o->len, s, n);
    o->len += n;
}

static inline void rto_ob_str(struct rto_obuf *o, const char *s)
{
    rto_ob_mem(o, s, strlen(s));
}

/* The decimal text of v into out (not terminated; at most 20 bytes), two
 * digits at a time; returns its length. */
static inline size_t rto_i64_text(int64_t v, char out[21])
{
    static const char pairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233"
        "34353637383940414243444546474849505152535455565758596061626364656667"
        "6869707172737475767778798081828384858687888990919293949596979899";
    char rev[20];
    size_t n = 0, len = 0;
    uint64_t u = v < 0 ? 0u - (uint64_t)v : (uint64_t)v;

    while (u >= 100) {
        const char *d = pairs + 2 * (u % 100);
        u /= 100;
        rev[n++] = d[1];
        rev[n++] = d[0];
    }
    if (u >= 10) {
        rev[n++] = pairs[2 * u + 1];
        rev[n++] = pairs[2 * u];
    } else {
        rev[n++] = (char)('0' + u);
    }
    if (v < 0)
        out[len++] = '-';
    while (n)
        out[len++] = rev[--n];
    return len;
}

static inline void rto_ob_i64(struct rto_obuf *o, int64_t v)
{
    char tmp[21];
    size_t n = rto_i64_text(v, tmp);

    rto_ob_mem(o, tmp, n);
}

/* The columns of a sweep: the settings it varies, by option name, and
 * the current value of each as the rows print it. */
#define RTO_SWEEP_DIMS 8

struct rto_sweep_dim {
    const char *name;       /* "retries2" */
    char value[64];
    size_t vlen;
};

struct rto_sweep {
    const char *path;       /* "retrans" */
    bool events;            /* a row per event instead of per scenario */
    size_t ndims;
    const struct rto_sweep_dim *dims[RTO_SWEEP_DIMS];
    long long rows;         /* scenarios written so far */
};

/* The sweep's rows, CSV (csv.c) and JSON (json.c): the header, one row per
 * scenario (or its events), and the end, where JSON lists the warnings. */
void rto_csv_sweep_head(struct rto_obuf *ob, const struct rto_sweep *s);
void rto_csv_sweep_row(struct rto_obuf *ob, const struct rto_sweep *s,
                       const struct rto_timeline *t);
void rto_json_sweep_head(struct rto_obuf *ob, const struct rto_sweep *s);
void rto_json_sweep_row(struct rto_obuf *ob, const struct rto_sweep *s,
                        const struct rto_timeline *t);
void rto_json_sweep_tail(struct rto_obuf *ob, const struct rto_sweep *s,
                         const struct rto_warnings *w);

#endif
