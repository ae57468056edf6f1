/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sweep: every combination of settings given as ranges, one CSV or JSON row
 * per combination (or, with --events, one row per event), streamed in
 * constant memory.
 *
 * The loop is the hot path of the tool (a million rows is an ordinary
 * chart grid), so it does no per-row allocation, re-parses only the
 * settings whose value changed, asks the model for the give-up summary
 * only (a timeline without event storage lets the model skip the linear
 * capped phase), and formats numbers by hand into a large buffer that is
 * written in blocks.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

/* Events kept per scenario with --events (as the single commands). */
#define SWEEP_EVENTS 65536
#define OBUF_SIZE (1 << 17)
/* Rows between two looks at the clock for the progress line. */
#define PROGRESS_ROWS 16384

/* ---------------------------------------------------------------- */
/* Output: a buffer filled by hand, written in blocks                */
/* ---------------------------------------------------------------- */

struct obuf {
    FILE *f;
    size_t len;
    bool err;
    char b[OBUF_SIZE];
};

static void ob_flush(struct obuf *o)
{
    if (o->len && fwrite(o->b, 1, o->len, o->f) != o->len)
        o->err = true;
    o->len = 0;
}

static void ob_mem(struct obuf *o, const char *s, size_t n)
{
    if (o->len + n > sizeof(o->b))
        ob_flush(o);
    if (n > sizeof(o->b)) {
        if (fwrite(s, 1, n, o->f) != n)
            o->err = true;
        return;
    }
    memcpy(o->b + o->len, s, n);
    o->len += n;
}

static void ob_str(struct obuf *o, const char *s)
{
    ob_mem(o, s, strlen(s));
}

/* The decimal text of v into out (not terminated; at most 20 bytes), two
 * digits at a time; returns its length. */
static size_t i64_text(int64_t v, char out[21])
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

static void ob_i64(struct obuf *o, int64_t v)
{
    char tmp[21];
    size_t n = i64_text(v, tmp);

    ob_mem(o, tmp, n);
}

/* A CSV number: empty when the model does not know it. */
static void ob_num(struct obuf *o, int64_t v)
{
    if (v != RTO_NONE)
        ob_i64(o, v);
}

/* A JSON number: null when the model does not know it. */
static void ob_jnum(struct obuf *o, int64_t v)
{
    if (v == RTO_NONE)
        ob_str(o, "null");
    else
        ob_i64(o, v);
}

/* ---------------------------------------------------------------- */
/* Dimensions                                                        */
/* ---------------------------------------------------------------- */

/*
 * One dimension.  Its values are produced on demand from the range, in the
 * model's units, and set straight into the parameters (a list is parsed
 * once, here); its text, as the rows print it, is written by hand.
 */
struct dim {
    const struct rto_setting *s;
    const char *name;
    const char *text;
    enum { D_LIST, D_INTS, D_GEOM } kind;
    int64_t a, b;           /* D_INTS bounds; D_GEOM ends in us */
    long n;                 /* number of values */
    int64_t *list;          /* D_LIST: the values, parsed once */
    const char *list_at;    /* D_LIST: the text after the current value */
    char value[64];         /* the current value as the rows print it */
    size_t vlen;
};

static int dim_init(struct dim *d, const struct rto_setting *s,
                    const char *text, char *err, size_t size)
{
    const char *dots = strstr(text, "..");

    d->s = s;
    d->name = s->option;
    d->text = text;
    if (!dots) {
        const char *c = text;
        char item[64];
        d->kind = D_LIST;
        d->n = 1;
        for (const char *t = text; *t; t++)
            d->n += *t == ',';
        d->list = malloc(sizeof(*d->list) * (size_t)d->n);
        if (!d->list) {
            snprintf(err, size, "sweep: out of memory");
            return -1;
        }
        for (long i = 0; i < d->n; i++) {
            size_t len = strcspn(c, ",");
            if (len >= sizeof(item))
                len = sizeof(item) - 1;
            memcpy(item, c, len);
            item[len] = '\0';
            if (cli_setting_value(s, item, &d->list[i])) {
                snprintf(err, size, "--%s: \"%s\" in the list \"%s\" is not "
                         "a value of this setting", s->option, item, text);
                return -1;
            }
            c += strcspn(c, ",");
            if (*c)
                c++;
        }
        return 0;
    }
    {
        char lo[64], hi[64];
        const char *colon = strchr(dots + 2, ':');
        size_t la = (size_t)(dots - text);
        size_t lb = colon ? (size_t)(colon - dots - 2) : strlen(dots + 2);

        if (la == 0 || lb == 0 || la >= sizeof(lo) || lb >= sizeof(hi))
            goto bad;
        memcpy(lo, text, la);
        lo[la] = '\0';
        memcpy(hi, dots + 2, lb);
        hi[lb] = '\0';
        if (colon) {
            int64_t n;
            d->kind = D_GEOM;
            if (s->kind != RTO_KIND_DURATION
                || cli_parse_duration(lo, 1000, &d->a)
                || cli_parse_duration(hi, 1000, &d->b) || d->a <= 0
                || d->b < d->a || cli_parse_int(colon + 1, &n) || n < 2
                || n > 10000000)
                goto bad;
            d->n = (long)n;
        } else {
            d->kind = D_INTS;
            if (cli_parse_int(lo, &d->a) || cli_parse_int(hi, &d->b)
                || d->b < d->a || d->b - d->a > 10000000)
                goto bad;
            d->n = (long)(d->b - d->a + 1);
        }
    }
    return 0;
bad:
    snprintf(err, size, "--%s: expected a range A..B (integers), a list "
                        "a,b,c or A..B:N (N >= 2 geometric durations), got "
                        "\"%s\"", s->option, text);
    return -1;
}

/* The i-th value in the model's units: integers of a range in the
 * option's bare unit, geometric points in microseconds. */
static int64_t dim_number(const struct dim *d, long i)
{
    int64_t unit = d->s->kind == RTO_KIND_DURATION ? d->s->bare_unit_us : 1;

    if (d->kind == D_LIST)
        return d->list[i];
    if (d->kind == D_INTS)
        return (d->a + i) * unit;
    if (i == d->n - 1)
        return d->b;
    /* A * (B/A)^(i/(N-1)), to the nearest microsecond. */
    return (int64_t)llround((double)d->a
                            * pow((double)d->b / (double)d->a,
                                  (double)i / (double)(d->n - 1)));
}

/* Set the i-th value into p and its text into d->value.  A list's text is
 * read in order (i = 0 restarts it), so no value is searched for. */
static void dim_set(struct dim *d, long i, struct rto_params *p)
{
    int64_t v = dim_number(d, i);
    size_t n;

    rto_setting_set(p, d->s->field, v);
    if (d->kind == D_LIST) {
        const char *s;
        if (i == 0 || !d->list_at) {
            s = d->text;
            for (long k = 0; k < i; k++)
                s = strchr(s, ',') + 1;
        } else {
            s = d->list_at;
        }
        n = strcspn(s, ",");
        if (n >= sizeof(d->value))
            n = sizeof(d->value) - 1;
        memcpy(d->value, s, n);
        d->vlen = n;
        d->list_at = s[strcspn(s, ",")] ? s + strcspn(s, ",") + 1 : NULL;
    } else if (d->kind == D_INTS) {
        d->vlen = i64_text(d->a + i, d->value);
    } else {
        n = i64_text(v, d->value);
        memcpy(d->value + n, "us", 2);
        d->vlen = n + 2;
    }
    d->value[d->vlen] = '\0';
}

/* ---------------------------------------------------------------- */
/* Rows                                                              */
/* ---------------------------------------------------------------- */

struct sweep_ctx {
    const struct cli_opts *o;
    struct dim dims[CLI_MAX_SWEEP];
    int nd;
    cli_path_fn fn;
    const char *path;
    bool events;            /* --events: a row per event */
    bool json;
    struct cli_opts *w;     /* the settings of the current row */
    struct rto_event *ev;   /* event storage with --events, else NULL */
    struct obuf *ob;
    long long rows, total;  /* scenarios written, and in all */
    long long truncated;    /* scenarios with more events than kept */
    bool progress;          /* a progress line on standard error */
};

static const char summary_head[] =
    "budget_us,retransmissions,retransmissions_typical,"
    "retransmissions_min,retransmissions_max,give_up_us,"
    "give_up_typical_us,give_up_earliest_us,give_up_latest_us\r\n";
static const char events_head[] =
    "event,n,timer_us,at_us,typical_us,latest_us,since_stamp_us,next_us,"
    "marks\r\n";

static void dims_csv(struct obuf *ob, const struct sweep_ctx *c)
{
    for (int i = 0; i < c->nd; i++) {
        ob_mem(ob, c->dims[i].value, c->dims[i].vlen);
        ob_mem(ob, ",", 1);
    }
}

static void dims_json(struct obuf *ob, const struct sweep_ctx *c)
{
    for (int i = 0; i < c->nd; i++) {
        ob_str(ob, " \"");
        ob_str(ob, c->dims[i].name);
        ob_str(ob, "\": \"");
        ob_mem(ob, c->dims[i].value, c->dims[i].vlen);
        ob_str(ob, "\",");
    }
}

/* The marks as words: ';'-separated for CSV, a JSON array member. */
static void marks_out(struct obuf *ob, unsigned m, bool json)
{
    const char *w, *sep = "";
    unsigned bit;

    if (json) {
        if (m == 0)
            return;
        ob_str(ob, ", \"marks\": [");
    }
    for (size_t i = 0; (w = rto_mark_word(i, &bit)); i++) {
        if (!(m & bit))
            continue;
        ob_str(ob, sep);
        if (json) {
            ob_mem(ob, "\"", 1);
            ob_str(ob, w);
            ob_mem(ob, "\"", 1);
        } else {
            ob_str(ob, w);
        }
        sep = json ? ", " : ";";
    }
    if (json)
        ob_mem(ob, "]", 1);
}

static bool numbered(const struct rto_event *e)
{
    return e->type == RTO_EV_RETRANSMIT || e->type == RTO_EV_PROBE;
}

/* One event as the single command's JSON writes it. */
static void event_json(struct obuf *ob, const struct rto_timeline *t,
                       const struct rto_event *e)
{
    ob_str(ob, "{ \"type\": \"");
    ob_str(ob, rto_event_name(e->type));
    ob_mem(ob, "\"", 1);
    if (numbered(e)) {
        ob_str(ob, ", \"n\": ");
        ob_i64(ob, e->n);
    }
    if (e->type == RTO_EV_RETRANSMIT && e->timer_us != RTO_NONE) {
        ob_str(ob, ", \"rto_us\": ");
        ob_i64(ob, e->timer_us);
    }
#define MEMBER(key, v)                                                       \
    do {                                                                     \
        if ((v) != RTO_NONE) {                                               \
            ob_str(ob, ", \"" key "\": ");                                   \
            ob_i64(ob, (v));                                                 \
        }                                                                    \
    } while (0)
    MEMBER("timer_us", e->timer_us);
    ob_str(ob, ", \"at_us\": ");
    ob_jnum(ob, e->at_us);
    MEMBER("typical_us", e->typical_us);
    MEMBER("latest_us", e->latest_us);
    MEMBER("since_stamp_us", e->since_stamp_us);
#undef MEMBER
    marks_out(ob, e->marks, true);
    if (e->type == RTO_EV_GIVE_UP) {
        ob_str(ob, ", \"reason\": \"");
        ob_str(ob, rto_reason_name(t->reason));
        ob_mem(ob, "\"", 1);
    }
    ob_str(ob, " }");
}

static void row_json(struct sweep_ctx *c, const struct rto_timeline *t)
{
    struct obuf *ob = c->ob;
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

    ob_str(ob, c->rows ? ",\n    {" : "    {");
    dims_json(ob, c);
    for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
        ob_str(ob, m[i].before);
        ob_jnum(ob, m[i].v);
    }
    if (c->events) {
        ob_str(ob, ", \"events\": [");
        for (size_t i = 0; i < t->count; i++) {
            ob_str(ob, i ? ",\n      " : "\n      ");
            event_json(ob, t, &t->events[i]);
        }
        ob_str(ob, t->count ? "\n    ]" : "]");
    }
    ob_str(ob, " }");
}

/* CSV fields, each followed by its separator; RTO_NONE is empty. */
static void csv_fields(struct obuf *ob, const int64_t *v, size_t n,
                       bool last)
{
    for (size_t i = 0; i < n; i++) {
        ob_num(ob, v[i]);
        if (i + 1 < n || !last)
            ob_mem(ob, ",", 1);
    }
}

static void row_csv(struct sweep_ctx *c, const struct rto_timeline *t)
{
    struct obuf *ob = c->ob;

    if (!c->events) {
        const int64_t v[] = {
            t->budget_us, t->retransmissions, t->retransmissions_typical,
            t->retransmissions_min, t->retransmissions_max, t->give_up_us,
            t->give_up_typical_us, t->give_up_earliest_us,
            t->give_up_latest_us,
        };
        dims_csv(ob, c);
        csv_fields(ob, v, sizeof(v) / sizeof(v[0]), true);
        ob_mem(ob, "\r\n", 2);
        return;
    }
    /* The columns of the single command's CSV, without its path. */
    for (size_t i = 0; i < t->count; i++) {
        const struct rto_event *e = &t->events[i];
        const int64_t v[] = {
            numbered(e) ? e->n : RTO_NONE, e->timer_us, e->at_us,
            e->typical_us, e->latest_us, e->since_stamp_us, e->next_us,
        };

        dims_csv(ob, c);
        ob_str(ob, rto_event_name(e->type));
        ob_mem(ob, ",", 1);
        csv_fields(ob, v, sizeof(v) / sizeof(v[0]), false);
        marks_out(ob, e->marks, false);
        ob_mem(ob, "\r\n", 2);
    }
}

static int64_t mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void progress(const struct sweep_ctx *c, bool last)
{
    fprintf(stderr, "\rrtocalc: sweep: %lld of %lld scenarios (%lld%%)%s",
            c->rows, c->total, c->total ? c->rows * 100 / c->total : 100,
            last ? "\n" : "");
}

static int sweep_write(FILE *out, void *vctx)
{
    struct sweep_ctx *c = vctx;
    struct obuf *ob = c->ob;
    struct cli_opts *w = c->w;
    long idx[CLI_MAX_SWEEP] = { 0 };
    int from = 0; /* the first dimension whose value changed */
    int64_t next_progress = c->progress ? mono_ms() + 1000 : 0;
    bool shown = false;
    int rc = 0;

    ob->f = out;
    ob->len = 0;
    ob->err = false;
    c->rows = c->truncated = 0;
    *w = *c->o;
    if (c->json) {
        ob_str(ob, "{\n  \"command\": \"sweep\",\n  \"path\": \"");
        ob_str(ob, c->path);
        ob_str(ob, "\",\n  \"rows\": [\n");
    } else {
        for (int i = 0; i < c->nd; i++) {
            ob_str(ob, c->dims[i].name);
            ob_mem(ob, ",", 1);
        }
        ob_str(ob, c->events ? events_head : summary_head);
    }
    for (;;) {
        struct rto_timeline t;
        int err;

        /* Only the settings that changed since the last row. */
        for (int i = from; i < c->nd; i++)
            dim_set(&c->dims[i], idx[i], &w->params);
        rto_timeline_init(&t, c->ev, c->ev ? SWEEP_EVENTS : 0);
        err = c->fn(&w->params, &t);
        if (err) {
            /* A combination outside the kernel's ranges: the model
             * refuses it; the options' own check names the setting. */
            fprintf(stderr, "rtocalc: sweep: %s\n",
                    err == RTO_EINVAL && cli_check(w) ? w->error
                                                      : rto_strerror(err));
            rc = err;
            goto out;
        }
        /* A failed write ends the sweep: the rows after it have nowhere
         * to go, and a sweep can run for minutes. */
        if (ob->err)
            goto out;
        if (c->events && t.truncated)
            c->truncated++;
        if (c->json)
            row_json(c, &t);
        else
            row_csv(c, &t);
        c->rows++;
        if (c->progress && c->rows % PROGRESS_ROWS == 0
            && mono_ms() >= next_progress) {
            progress(c, false);
            shown = true;
            next_progress = mono_ms() + 500;
        }
        /* The next combination: the last dimension varies fastest. */
        {
            int i = c->nd - 1;
            while (i >= 0 && ++idx[i] == c->dims[i].n)
                idx[i--] = 0;
            if (i < 0)
                break;
            from = i;
        }
    }
    if (c->json)
        ob_str(ob, "\n  ]\n}\n");
out:
    ob_flush(ob);
    if (shown)
        progress(c, true);
    return rc ? rc : (ob->err || ferror(out)) ? RTO_EIO : 0;
}

/* Check every value of every dimension before the first row, so that a
 * bad value is a usage error with no output.  The kernel's ranges are per
 * setting, except that HZ caps the settings kept in jiffies (tcp_fin_timeout
 * and the keepalive times): with HZ swept too, every value is checked at
 * every HZ.  The values of each dimension are checked, not their product. */
static int check_dims(struct sweep_ctx *c, struct cli_opts *w)
{
    char err[512];
    int hz_dim = -1;
    long n_hz = 1;

    for (int i = 0; i < c->nd; i++) {
        struct dim *d = &c->dims[i];

        if (dim_init(d, c->o->sweep[i].setting, c->o->sweep[i].text, err,
                     sizeof(err))) {
            fprintf(stderr, "rtocalc: %s (see rtocalc --help)\n", err);
            return -1;
        }
        if (d->s->field == RTO_F_HZ) {
            hz_dim = i;
            n_hz = d->n;
        }
    }
    for (long h = 0; h < n_hz; h++) {
        for (int i = 0; i < c->nd; i++) {
            struct dim *d = &c->dims[i];

            if (i == hz_dim && h > 0)
                continue;
            /* Setting a value touches only its own field, so one copy
             * of the base settings serves every value of the dimension. */
            *w = *c->o;
            if (hz_dim >= 0 && i != hz_dim) {
                dim_set(&c->dims[hz_dim], h, &w->params);
                w->texts[RTO_F_HZ] = c->dims[hz_dim].value;
            }
            for (long k = 0; k < d->n; k++) {
                dim_set(d, k, &w->params);
                w->texts[d->s->field] = d->value;
                if (cli_check(w)) {
                    fprintf(stderr, "rtocalc: %s (see rtocalc --help)\n",
                            w->error);
                    return -1;
                }
            }
        }
    }
    return 0;
}

int cli_sweep(const struct cli_opts *o)
{
    struct sweep_ctx c;
    enum rto_path path;
    int rc;

    memset(&c, 0, sizeof(c));
    c.o = o;
    c.path = o->path ? o->path : "retrans";
    c.fn = cli_path_by_name(c.path, &path);
    if (!c.fn) {
        fprintf(stderr, "rtocalc: --path: expected retrans, keepalive, syn, "
                        "synack, orphan, fin_wait2 or probe0, got \"%s\"\n",
                c.path);
        return CLI_EXIT_USAGE;
    }
    if (o->format != RTO_FMT_CSV && o->format != RTO_FMT_JSON
        && o->format != RTO_FMT_TABLE) {
        fprintf(stderr, "rtocalc: --format: sweep writes csv or json, got "
                        "\"%s\"\n", rto_format_name(o->format));
        return CLI_EXIT_USAGE;
    }
    c.nd = o->nsweep;
    c.json = o->format == RTO_FMT_JSON;
    c.events = o->events;
    c.w = malloc(sizeof(*c.w));
    c.ob = malloc(sizeof(*c.ob));
    c.ev = c.events ? malloc(sizeof(*c.ev) * SWEEP_EVENTS) : NULL;
    if (!c.w || !c.ob || (c.events && !c.ev)) {
        fprintf(stderr, "rtocalc: sweep: out of memory\n");
        rc = CLI_EXIT_RUNTIME;
        goto done;
    }
    if (check_dims(&c, c.w)) {
        rc = CLI_EXIT_USAGE;
        goto done;
    }
    c.total = 1;
    for (int i = 0; i < c.nd; i++)
        c.total *= c.dims[i].n;
    /* A progress line when the rows go to a file and someone watches
     * (-o - is standard output, as without -o). */
    c.progress = o->output && strcmp(o->output, "-") != 0
                 && isatty(STDERR_FILENO);
    rc = cli_output(o->output, sweep_write, &c);
    if (rc == CLI_EXIT_OK && c.truncated)
        fprintf(stderr, "rtocalc: warning: sweep: %lld scenarios have more "
                        "than %d events; their rows list the first %d (the "
                        "summaries cover all)\n",
                c.truncated, SWEEP_EVENTS, SWEEP_EVENTS);
done:
    for (int i = 0; i < c.nd; i++)
        free(c.dims[i].list);
    free(c.w);
    free(c.ob);
    free(c.ev);
    return rc;
}
