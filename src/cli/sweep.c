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
 * capped phase), and has its rows formatted by hand into a large buffer
 * that is written in blocks (the CSV and JSON writers' sweep rows).
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "format/obuf.h"

_Static_assert(CLI_MAX_SWEEP <= RTO_SWEEP_DIMS,
               "every swept setting is a column of the rows");

/* Events kept per scenario with --events (as the single commands). */
#define SWEEP_EVENTS 65536
/* Rows between two looks at the clock for the progress line. */
#define PROGRESS_ROWS 16384

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
    struct rto_sweep_dim col; /* its name and current value, as printed */
    const char *text;
    enum { D_LIST, D_INTS, D_GEOM } kind;
    int64_t a, b;           /* D_INTS bounds; D_GEOM ends in us */
    long n;                 /* number of values */
    int64_t *list;          /* D_LIST: the values, parsed once */
    const char *list_at;    /* D_LIST: the text after the current value */
};

static int dim_init(struct dim *d, const struct rto_setting *s,
                    const char *text, char *err, size_t size)
{
    const char *dots = strstr(text, "..");

    d->s = s;
    d->col.name = s->option;
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

/* Set the i-th value into p and its text into d->col.value.  A list's text is
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
        if (n >= sizeof(d->col.value))
            n = sizeof(d->col.value) - 1;
        memcpy(d->col.value, s, n);
        d->col.vlen = n;
        d->list_at = s[strcspn(s, ",")] ? s + strcspn(s, ",") + 1 : NULL;
    } else if (d->kind == D_INTS) {
        d->col.vlen = rto_i64_text(d->a + i, d->col.value);
    } else {
        n = rto_i64_text(v, d->col.value);
        memcpy(d->col.value + n, "us", 2);
        d->col.vlen = n + 2;
    }
    d->col.value[d->col.vlen] = '\0';
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
    struct rto_obuf *ob;
    struct rto_sweep cols;  /* what the rows print */
    long long rows;         /* scenarios written */
    uint64_t total;         /* scenarios in all (UINT64_MAX: more) */
    long long truncated;    /* scenarios with more events than kept */
    bool progress;          /* a progress line on standard error */
    int shown;              /* the length of the progress line shown */
};

static int64_t mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The scenarios of the sweep: the product of the dimensions' sizes, or
 * UINT64_MAX when that does not fit (18 446 744 073 709 551 615 rows would
 * take centuries at a million a second, so nothing is lost). */
static uint64_t sweep_count(const struct dim *dims, int nd)
{
    uint64_t total = 1;

    for (int i = 0; i < nd; i++) {
        uint64_t n = (uint64_t)dims[i].n;

        if (n && total > UINT64_MAX / n)
            return UINT64_MAX;
        total *= n;
    }
    return total;
}

/* "6553600000 rows (256 x 100000 x 256)", or "scenarios" with --events,
 * whose rows are one per event. */
static void count_text(const struct sweep_ctx *c, char *buf, size_t size)
{
    size_t len;

    if (c->total == UINT64_MAX)
        snprintf(buf, size, "more than %llu",
                 (unsigned long long)UINT64_MAX);
    else
        snprintf(buf, size, "%llu", (unsigned long long)c->total);
    len = strlen(buf);
    snprintf(buf + len, size - len, " %s (", c->events ? "scenarios" : "rows");
    for (int i = 0; i < c->nd; i++) {
        len = strlen(buf);
        snprintf(buf + len, size - len, "%s%ld", i ? " x " : "",
                 c->dims[i].n);
    }
    len = strlen(buf);
    snprintf(buf + len, size - len, ")");
}

/* "\rrtocalc: sweep: 12% (N of M rows)", rewritten in place; with last,
 * the line is blanked out and the cursor left at its start. */
static void progress(struct sweep_ctx *c, bool last)
{
    const char *what = c->events ? "scenarios" : "rows";
    int n;

    if (last) {
        fprintf(stderr, "\r%*s\r", c->shown, "");
        c->shown = 0;
        return;
    }
    if (c->total == UINT64_MAX)
        n = fprintf(stderr, "\rrtocalc: sweep: %lld %s", c->rows, what);
    else
        n = fprintf(stderr, "\rrtocalc: sweep: %d%% (%lld of %llu %s)",
                    (int)((double)c->rows * 100.0 / (double)c->total),
                    c->rows, (unsigned long long)c->total, what);
    if (n > c->shown)
        c->shown = n;
}

/* The warning for scenarios whose events were cut. */
static void truncated_warning(const struct sweep_ctx *c, char *buf,
                              size_t size)
{
    snprintf(buf, size, "sweep: %lld scenarios have more than %d events; "
                        "their rows list the first %d (the summaries cover "
                        "all)", c->truncated, SWEEP_EVENTS, SWEEP_EVENTS);
}

static int sweep_write(FILE *out, void *vctx)
{
    struct sweep_ctx *c = vctx;
    struct rto_obuf *ob = c->ob;
    struct cli_opts *w = c->w;
    long idx[CLI_MAX_SWEEP] = { 0 };
    int from = 0; /* the first dimension whose value changed */
    int64_t next_progress = c->progress ? mono_ms() + 1000 : 0;
    int rc = 0;

    ob->f = out;
    ob->len = 0;
    ob->err = false;
    c->rows = c->cols.rows = c->truncated = 0;
    *w = *c->o;
    if (c->json)
        rto_json_sweep_head(ob, &c->cols);
    else
        rto_csv_sweep_head(ob, &c->cols);
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
            rto_json_sweep_row(ob, &c->cols, &t);
        else
            rto_csv_sweep_row(ob, &c->cols, &t);
        c->cols.rows = ++c->rows;
        if (c->progress && c->rows % PROGRESS_ROWS == 0
            && mono_ms() >= next_progress) {
            progress(c, false);
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
    if (c->json) {
        /* The warnings of the run, and the one only the rows found. */
        const char *text[CLI_MAX_WARNINGS + 1];
        struct rto_warnings warn = { text, 0 };
        char cut[160];

        for (int i = 0; i < c->o->nwarnings; i++)
            text[warn.count++] = c->o->warnings[i];
        if (c->truncated) {
            truncated_warning(c, cut, sizeof(cut));
            text[warn.count++] = cut;
        }
        rto_json_sweep_tail(ob, &c->cols, &warn);
    }
out:
    rto_ob_flush(ob);
    if (c->shown)
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
    int hz_dim = -1;
    long n_hz = 1;

    for (int i = 0; i < c->nd; i++) {
        if (c->dims[i].s->field == RTO_F_HZ) {
            hz_dim = i;
            n_hz = c->dims[i].n;
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
                w->texts[RTO_F_HZ] = c->dims[hz_dim].col.value;
            }
            for (long k = 0; k < d->n; k++) {
                dim_set(d, k, &w->params);
                w->texts[d->s->field] = d->col.value;
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
    for (int i = 0; i < c.nd; i++) {
        char err[512];

        if (dim_init(&c.dims[i], o->sweep[i].setting, o->sweep[i].text, err,
                     sizeof(err))) {
            fprintf(stderr, "rtocalc: %s (see rtocalc --help)\n", err);
            rc = CLI_EXIT_USAGE;
            goto done;
        }
    }
    /* The size before the values: a sweep too large to write is refused
     * at once, however long checking its values would take. */
    c.total = sweep_count(c.dims, c.nd);
    {
        uint64_t max = o->max_rows == 0 ? CLI_SWEEP_MAX_ROWS
                       : o->max_rows < 0 ? UINT64_MAX
                                         : (uint64_t)o->max_rows;
        char count[192];

        count_text(&c, count, sizeof(count));
        if (c.total > max) {
            fprintf(stderr, "rtocalc: --max-rows: this sweep would write %s, "
                    "more than the limit of %llu; narrow a range or raise "
                    "--max-rows (1..%lld or none)\n", count,
                    (unsigned long long)max, (long long)INT64_MAX);
            rc = CLI_EXIT_USAGE;
            goto done;
        }
        if (check_dims(&c, c.w)) {
            rc = CLI_EXIT_USAGE;
            goto done;
        }
        if (!o->quiet && isatty(STDERR_FILENO))
            fprintf(stderr, "rtocalc: sweep: %s%s\n", count,
                    c.events ? ", a row per event of each" : "");
    }
    c.cols.path = c.path;
    c.cols.events = c.events;
    c.cols.ndims = (size_t)c.nd;
    for (int i = 0; i < c.nd; i++)
        c.cols.dims[i] = &c.dims[i].col;
    /* A progress line when someone watches standard error and the rows
     * do not go to the same screen (-o - is standard output, as without
     * -o). */
    c.progress = !o->quiet && isatty(STDERR_FILENO)
                 && ((o->output && strcmp(o->output, "-") != 0)
                     || !isatty(STDOUT_FILENO));
    rc = cli_output(o->output, sweep_write, &c);
    if (rc == CLI_EXIT_OK && c.truncated) {
        char cut[160];

        truncated_warning(&c, cut, sizeof(cut));
        fprintf(stderr, "rtocalc: warning: %s\n", cut);
    }
done:
    for (int i = 0; i < c.nd; i++)
        free(c.dims[i].list);
    free(c.w);
    free(c.ob);
    free(c.ev);
    return rc;
}
