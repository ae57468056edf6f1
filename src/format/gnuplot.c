/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gnuplot: one self-contained script with its data inline (datablocks need
 * gnuplot 5.0), so that `rtocalc ... --format gnuplot | gnuplot -p` draws
 * without temporary files.  The script sets neither terminal nor output:
 * the user chooses them, e.g.
 *
 *   gnuplot -e "set terminal svg; set output 'x.svg'" script.gp
 *
 * Two panels: the timer that fired before each retransmission (or probe),
 * and the time of each one since time zero with its nominal, typical and
 * latest values, the give-up window, and lines for the kernel's budget and
 * the nominal and typical give-up.  Every string is printed "noenhanced",
 * as knob names such as tcp_retries2 would otherwise turn into subscripts.
 */
#include <inttypes.h>
#include <string.h>

#include "format/format.h"

#define DUR 32
#define SEC 40
/* More than rto_settings() fills for any path today. */
#define SETTINGS_CAP 32
/* A y axis spanning more than this ratio is drawn logarithmic. */
#define LOG_RATIO 50
/* Up to this many columns get one x tic each. */
#define TICS_EACH 30

/* What the data blocks held, for the axes and the give-up column.  Times
 * are microseconds; RTO_NONE where nothing positive was seen. */
struct extent {
    size_t points;          /* retransmissions or probes written */
    int last_n;             /* the highest n among them */
    int64_t timer_min;      /* the shortest timer */
    int64_t timer_max;      /* the longest timer */
    int64_t y_min;          /* the earliest time plotted */
    int64_t y_max;          /* the latest time plotted */
    const struct rto_event *give_up;
};

static bool plotted(const struct rto_event *e)
{
    return e->type == RTO_EV_RETRANSMIT || e->type == RTO_EV_PROBE;
}

/* Seconds for gnuplot to read, or NaN (an undefined point) for NONE. */
static const char *sec(int64_t us, char *buf)
{
    if (us == RTO_NONE)
        return "NaN";
    return rto_fmt_seconds(us, buf, SEC);
}

static const char *dur(int64_t us, char *buf)
{
    if (us == RTO_NONE)
        return "none";
    return rto_fmt_duration(us, buf, DUR);
}

/* A double-quoted gnuplot string: backslash and quote escaped, control
 * characters (which would end the command) replaced. */
static void string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        fputc((unsigned char)*s < 0x20 ? ' ' : *s, out);
    }
    fputs("\" noenhanced", out);
}

static void extend(int64_t *lo, int64_t *hi, int64_t v)
{
    if (v == RTO_NONE || v <= 0)
        return;
    if (*lo == RTO_NONE || v < *lo)
        *lo = v;
    if (*hi == RTO_NONE || v > *hi)
        *hi = v;
}

static bool wide(int64_t lo, int64_t hi)
{
    return lo != RTO_NONE && hi != RTO_NONE && hi / LOG_RATIO > lo;
}

/* The settings that shape the chart, for its title. */
static void main_settings(char *buf, size_t size, const struct rto_params *p,
                          const struct rto_timeline *t)
{
    char k[16], a[DUR], b[DUR], c[DUR];
    int n;

    n = snprintf(buf, size, "rtocalc %s: Linux %s, HZ=%d",
                 rto_path_name(t->path),
                 rto_kernel_name(p->kernel, k, sizeof(k)), p->hz);
    if (n < 0 || (size_t)n >= size)
        return;
    buf += n;
    size -= (size_t)n;
    if (t->path == RTO_PATH_RETRANS) {
        if (t->reason == RTO_REASON_USER_TIMEOUT)
            snprintf(a, sizeof(a), "TCP_USER_TIMEOUT %s",
                     dur(p->user_timeout_us, c));
        else
            snprintf(a, sizeof(a), "tcp_retries2=%d", p->retries2);
        snprintf(buf, size, ", %s, initial RTO %s, rto_max %s, TLP %s%s", a,
                 dur(t->initial_rto_us, b), dur(p->rto_max_us, c),
                 p->tlp ? "on" : "off", t->thin_engaged ? ", thin stream" : "");
    } else if (t->path == RTO_PATH_SYN) {
        snprintf(buf, size, ", tcp_syn_retries=%d, tcp_syn_linear_timeouts=%d",
                 p->syn_retries, p->syn_linear_timeouts);
    } else if (t->path == RTO_PATH_SYNACK) {
        snprintf(buf, size, ", tcp_synack_retries=%d%s", p->synack_retries,
                 p->fastopen ? ", Fast Open child" : "");
    } else if (t->path == RTO_PATH_ORPHAN) {
        snprintf(buf, size, ", tcp_orphan_retries=%d, initial RTO %s",
                 p->orphan_retries, dur(t->initial_rto_us, b));
    } else if (t->path == RTO_PATH_FIN_WAIT2) {
        snprintf(buf, size, ", tcp_fin_timeout=%s", dur(p->fin_timeout_us, a));
    } else if (t->path == RTO_PATH_PROBE0) {
        snprintf(buf, size, ", tcp_retries2=%d, first probe %s", p->retries2,
                 dur(t->initial_rto_us, b));
    } else if (t->path == RTO_PATH_KEEPALIVE) {
        snprintf(buf, size, ", keepalive %s + %d x %s%s%s",
                 dur(p->keepalive_time_us, a), p->keepalive_probes,
                 dur(p->keepalive_intvl_us, b),
                 p->user_timeout_us ? ", TCP_USER_TIMEOUT " : "",
                 p->user_timeout_us ? dur(p->user_timeout_us, c) : "");
    }
}

static void comments(FILE *out, const struct rto_params *p,
                     const struct rto_timeline *t)
{
    struct rto_setting_value rows[SETTINGS_CAP];
    size_t n = rto_settings(p, t, rows, SETTINGS_CAP);
    char k[16], a[DUR], b[DUR], c[DUR], d[DUR];

    if (n > SETTINGS_CAP)
        n = SETTINGS_CAP;
    fprintf(out,
            "# rtocalc %s: a gnuplot script with its data inline.\n"
            "# Pipe it to gnuplot -p, or render a file with\n"
            "#   gnuplot -e \"set terminal svg; set output 'x.svg'\" "
            "script.gp\n"
            "# Linux %s model, HZ=%d\n# settings:",
            rto_path_name(t->path), rto_kernel_name(p->kernel, k, sizeof(k)),
            p->hz);
    for (size_t i = 0; i < n; i++) {
        if (rows[i].text)
            fprintf(out, " %s=%s", rows[i].key, rows[i].text);
        else if (rows[i].is_bool)
            fprintf(out, " %s=%s", rows[i].key,
                    rows[i].value ? "true" : "false");
        else
            fprintf(out, " %s=%" PRId64, rows[i].key, rows[i].value);
    }
    fprintf(out, "\n# initial timer %s, kernel budget %s",
            dur(t->initial_rto_us, a), dur(t->budget_us, b));
    if (t->budget_us != RTO_NONE && t->stamp_us != RTO_NONE)
        fprintf(out, " counted from retrans_stamp at %s", dur(t->stamp_us, a));
    if (t->give_up_us == RTO_NONE) {
        fputs("\n# give-up: never\n", out);
        return;
    }
    fprintf(out,
            "\n# give-up: typical %s (window %s - %s), nominal %s; "
            "%d %s typically (nominal %d, range %d-%d); %s (%s)\n",
            dur(t->give_up_typical_us, a), dur(t->give_up_earliest_us, b),
            dur(t->give_up_latest_us, c), dur(t->give_up_us, d),
            t->retransmissions_typical,
            rto_counts_probes(t->path) ? "probes" : "retransmissions", t->retransmissions,
            t->retransmissions_min, t->retransmissions_max,
            rto_errno_name(t->error), rto_reason_name(t->reason));
}

/* Where the budget runs out: it counts from retrans_stamp where there is
 * one, else from time zero.  RTO_NONE without a budget. */
static int64_t budget_end(const struct rto_timeline *t)
{
    if (t->budget_us == RTO_NONE)
        return RTO_NONE;
    return t->budget_us + (t->stamp_us == RTO_NONE ? 0 : t->stamp_us);
}

/* $data: one line per retransmission or probe. */
static void data(FILE *out, const struct rto_timeline *t, struct extent *x)
{
    char a[SEC], b[SEC], c[SEC], d[SEC];

    memset(x, 0, sizeof(*x));
    x->timer_min = x->timer_max = x->y_min = x->y_max = RTO_NONE;
    fputs("# n at_s typical_s latest_s timer_s\n$data << EOD\n", out);
    for (size_t i = 0; i < t->count; i++) {
        const struct rto_event *e = &t->events[i];

        if (e->type == RTO_EV_GIVE_UP)
            x->give_up = e;
        if (!plotted(e))
            continue;
        fprintf(out, "%d %s %s %s %s\n", e->n, sec(e->at_us, a),
                sec(e->typical_us, b), sec(e->latest_us, c),
                sec(e->timer_us, d));
        x->points++;
        if (e->n > x->last_n)
            x->last_n = e->n;
        extend(&x->timer_min, &x->timer_max, e->timer_us);
        extend(&x->y_min, &x->y_max, e->at_us);
        extend(&x->y_min, &x->y_max, e->latest_us);
    }
    fputs("EOD\n", out);
    if (t->truncated)
        fputs("# The model had more events than the timeline holds; the "
              "data ends early.\n",
              out);
}

/* $giveup: the firing that ends the connection, one column to the right
 * of the last retransmission.  Returns whether it was written. */
static bool give_up(FILE *out, const struct rto_timeline *t, struct extent *x)
{
    char a[SEC], b[SEC], c[SEC], d[SEC], e[SEC];

    if (!x->give_up || t->give_up_us == RTO_NONE)
        return false;
    fprintf(out,
            "# x at_s typical_s earliest_s latest_s timer_s\n"
            "$giveup << EOD\n%d %s %s %s %s %s\nEOD\n",
            x->last_n + 1, sec(t->give_up_us, a), sec(t->give_up_typical_us, b),
            sec(t->give_up_earliest_us, c), sec(t->give_up_latest_us, d),
            sec(x->give_up->timer_us, e));
    extend(&x->timer_min, &x->timer_max, x->give_up->timer_us);
    extend(&x->y_min, &x->y_max, t->give_up_us);
    extend(&x->y_min, &x->y_max, t->give_up_typical_us);
    extend(&x->y_min, &x->y_max, t->give_up_earliest_us);
    extend(&x->y_min, &x->y_max, t->give_up_latest_us);
    return true;
}

/*
 * The bottom panel's y range, with room above the give-up lines: on a
 * linear axis a tenth of the span above, a twentieth below; on a log
 * axis, where doubling timers crowd the top, a factor of 2 above and 4
 * below.  The key is below the panel, off the data.
 */
static void y_range(FILE *out, const struct extent *x, bool log)
{
    char a[SEC], b[SEC];
    int64_t lo = x->y_min, hi = x->y_max, pad;

    if (lo == RTO_NONE || hi == RTO_NONE)
        return;
    if (lo == hi) {
        /* One value only: gnuplot would warn about an empty range. */
        lo /= 2;
        hi *= 2;
    } else if (log) {
        lo /= 4;
        hi *= 2;
    } else {
        pad = (hi - lo) / 20;
        lo = lo > pad ? lo - pad : 0;
        hi += 2 * pad;
    }
    fprintf(out, "set yrange [%s:%s]\n", sec(lo, a), sec(hi, b));
}

/* Start one clause of a plot command: "plot" before the first, a
 * continued line before the others. */
static void clause(FILE *out, bool *first)
{
    fputs(*first ? "plot " : ", \\\n     ", out);
    *first = false;
}

/* The top panel: the timer that fired before each retransmission. */
static void top(FILE *out, const struct rto_params *p,
                const struct rto_timeline *t, const struct extent *x, bool gu)
{
    char title[256], top_s[SEC];
    int last = x->last_n + (gu ? 1 : 0);
    bool first = true;

    main_settings(title, sizeof(title), p, t);
    fputs("reset\nset multiplot layout 2,1\nset title ", out);
    string(out, title);
    fprintf(out,
            "\nset key below\nset grid ytics\n"
            "set xrange [0.5:%d.5]\n",
            last);
    if (last <= TICS_EACH)
        fputs("set xtics 1\n", out);
    fputs("set xlabel ", out);
    string(out, rto_counts_probes(t->path) ? "probe" : "retransmission");
    fputs("\nset ylabel ", out);
    string(out, "timer before it (s)");
    /*
     * Boxes on a linear axis start at zero, with 30 % headroom.  On a log
     * axis the bottom sits at half the shortest timer, so that no box is
     * flat.  The key is below the panel, off the boxes.
     */
    if (wide(x->timer_min, x->timer_max))
        fprintf(out, "\nset logscale y\nset yrange [%s:*]\n",
                sec(x->timer_min / 2, top_s));
    else if (x->timer_max != RTO_NONE)
        fprintf(out, "\nset yrange [0:%s]\n",
                sec(x->timer_max / 10 * 13, top_s));
    else
        fputs("\nset yrange [0:*]\n", out);
    fputs("set boxwidth 0.8\nset style fill solid 0.5 border\n", out);
    if (x->points) {
        clause(out, &first);
        fputs("$data using 1:5 with boxes title ", out);
        string(out, rto_counts_probes(t->path) ? "timer before each probe"
                                     : "RTO before each retransmission");
    }
    if (gu && x->give_up->timer_us != RTO_NONE) {
        clause(out, &first);
        fputs("$giveup using 1:6 with boxes title ", out);
        string(out, "timer before the give-up");
    }
    fputs(first ? "# Nothing to plot.\n" : "\n", out);
}

/* A horizontal line at y = us, one clause of the plot command. */
static void level(FILE *out, bool *first, int64_t us, const char *dash,
                  const char *what)
{
    char s[SEC];

    clause(out, first);
    fprintf(out, "%s with lines dt %s title ", sec(us, s), dash);
    string(out, what);
}

/* The budget and give-up lines of the bottom panel. */
static void levels(FILE *out, const struct rto_timeline *t, bool *first)
{
    char a[DUR], b[DUR], label[128];

    if (t->budget_us != RTO_NONE) {
        if (t->stamp_us != RTO_NONE)
            snprintf(label, sizeof(label),
                     "kernel budget %s from retrans_stamp at %s",
                     dur(t->budget_us, a), dur(t->stamp_us, b));
        else
            snprintf(label, sizeof(label), "kernel budget %s",
                     dur(t->budget_us, a));
        level(out, first, budget_end(t), "2", label);
    }
    if (t->give_up_us != RTO_NONE) {
        snprintf(label, sizeof(label), "nominal give-up %s",
                 dur(t->give_up_us, a));
        level(out, first, t->give_up_us, "3", label);
    }
    if (t->give_up_typical_us != RTO_NONE) {
        snprintf(label, sizeof(label), "typical give-up %s",
                 dur(t->give_up_typical_us, a));
        level(out, first, t->give_up_typical_us, "4", label);
    }
}

/* The bottom panel: when each retransmission happened, and the give-up. */
static void bottom(FILE *out, const struct rto_timeline *t,
                   const struct extent *x, bool gu)
{
    bool log = wide(x->y_min, x->y_max), first = true;

    fprintf(out,
            "unset logscale y\nset autoscale y\nset key below\n"
            "set title ");
    string(out, rto_counts_probes(t->path)
                    ? "time of each probe since the last segment received"
                    : "time of each retransmission since the original send");
    fputs("\nset ylabel ", out);
    string(out, "time (s)");
    fputs(log ? "\nset logscale y\n" : "\n", out);
    y_range(out, x, log);
    if (x->points) {
        clause(out, &first);
        fputs("$data using 1:2:2:4 with yerrorbars pt 7 title ", out);
        string(out, "nominal, bar up to latest");
        clause(out, &first);
        fputs("$data using 1:3 with points pt 2 title ", out);
        string(out, "typical");
    }
    if (gu) {
        clause(out, &first);
        fputs("$giveup using 1:3:4:5 with yerrorbars pt 5 title ", out);
        string(out, "give-up: typical, bar over the window");
    }
    levels(out, t, &first);
    fputs(first ? "# Nothing to plot.\n" : "\n", out);
    fputs("unset multiplot\n", out);
}

static void timeline(FILE *out, const struct rto_result *r)
{
    const struct rto_params *p = r->params;
    const struct rto_timeline *t = r->timeline;
    struct extent x;
    bool gu;

    comments(out, p, t);
    data(out, t, &x);
    gu = give_up(out, t, &x);
    extend(&x.y_min, &x.y_max, budget_end(t));
    if (x.points == 0 && !gu) {
        /* gnuplot refuses to plot empty data; say so instead. */
        fputs("print \"rtocalc: no retransmissions, probes or give-up to "
              "plot\"\n",
              out);
    } else {
        top(out, p, t, &x, gu);
        bottom(out, t, &x, gu);
    }
}

/* gnuplot draws one timeline; every other result has no chart here
 * (rtocalc plot draws the charts of several). */
const rto_write_fn rto_gnuplot_writers[RTO_RESULT_KINDS] = {
    [RTO_RESULT_TIMELINE] = timeline,
};
