/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The table: a timeline for people.  One row per event, then a summary
 * that leads with the typical give-up and its window, states the nominal
 * time and the kernel's budget, and says why they differ.
 */
#include <inttypes.h>
#include <string.h>

#include "format/format.h"

#define DUR 32

/* " (15m24.6s)" for a minute or more, else nothing. */
static const char *hms(int64_t us, char *buf)
{
    char h[DUR];

    if (us == RTO_NONE || us < 60000000) {
        buf[0] = '\0';
        return buf;
    }
    snprintf(buf, DUR + 4, " (%s)", rto_fmt_hms(us, h, sizeof(h)));
    return buf;
}

static const char *dur(int64_t us, char *buf)
{
    if (us == RTO_NONE)
        return "-";
    return rto_fmt_duration(us, buf, DUR);
}

static const char *event_label(const struct rto_event *e)
{
    switch (e->type) {
    case RTO_EV_SEND: return "send";
    case RTO_EV_TLP: return "TLP";
    case RTO_EV_RETRANSMIT: return "retransmit";
    case RTO_EV_PROBE: return "probe";
    case RTO_EV_RST: return "RST";
    case RTO_EV_GIVE_UP: return "give-up";
    }
    return "?";
}

/* "3" for a retransmission or probe, "-" for the other events. */
static void event_number(char *buf, size_t size, const struct rto_event *e)
{
    if (e->n > 0 && (e->type == RTO_EV_RETRANSMIT || e->type == RTO_EV_PROBE))
        snprintf(buf, size, "%d", e->n);
    else
        snprintf(buf, size, "-");
}

/* The note column: what the kernel does at this event. */
static void note(char *buf, size_t size, const struct rto_params *p,
                 const struct rto_timeline *t, const struct rto_event *e)
{
    char a[DUR];
    size_t n = 0;

    buf[0] = '\0';
#define ADD(...) \
    n += (size_t)snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__)
    if (e->type == RTO_EV_SEND)
        ADD(t->path == RTO_PATH_KEEPALIVE ? "last segment received"
                                          : "original transmission");
    if (e->type == RTO_EV_TLP)
        ADD("tail loss probe (not counted, does not start the budget)");
    if (e->marks & RTO_MARK_STAMP)
        ADD("%s%s", n ? "; " : "",
            t->path == RTO_PATH_PROBE0
                ? "the probe episode starts (a user timeout counts from here)"
                : "retrans_stamp: the budget starts");
    if (e->marks & RTO_MARK_RETRIES1)
        ADD("%stcp_retries1=%d passed: route re-lookup", n ? "; " : "",
            p->retries1);
    if (e->marks & RTO_MARK_LINEAR)
        ADD("%sthin stream: RTO not doubled", n ? "; " : "");
    if (e->marks & RTO_MARK_CLAMPED)
        ADD("%snext timer cut to the user timeout (%s)", n ? "; " : "",
            dur(e->next_us, a));
    if ((e->marks & RTO_MARK_CAPPED)
        && (e->type != RTO_EV_RETRANSMIT || e->n == 1
            || e[-1].type != RTO_EV_RETRANSMIT
            || !(e[-1].marks & RTO_MARK_CAPPED)))
        ADD("%sRTO reaches rto_max %s", n ? "; " : "", dur(p->rto_max_us, a));
    if (e->type == RTO_EV_RST)
        ADD("reset sent to the peer");
    if (e->type == RTO_EV_GIVE_UP)
        ADD("%s%s (%s)", n ? "; " : "",
            t->error ? rto_errno_name(t->error)
            : t->path == RTO_PATH_SYNACK ? "request dropped"
                                         : "socket destroyed",
            rto_reason_name(t->reason));
#undef ADD
}

/* The full layout: each note in its own column. */
static void rows_wide(FILE *out, const struct rto_params *p,
                      const struct rto_timeline *t)
{
    char n[16], a[DUR], b[DUR], c[DUR], d[DUR], e[DUR], nt[160];
    bool ka = t->path == RTO_PATH_KEEPALIVE;

    fprintf(out, "\n%4s  %-10s  %10s  %12s  %12s  %12s  %12s  %s\n", "#",
            "event", "timer", "at", ka ? "" : "since stamp", "typical",
            "latest", "note");
    if (ka)
        fprintf(out, "%4s  %-10s  %10s  %12s  %12s  %12s  %12s  %s\n", "-",
                "idle", "-", "0 s", "", "0 s", "0 s",
                "last segment received");
    for (size_t i = 0; i < t->count; i++) {
        const struct rto_event *ev = &t->events[i];

        event_number(n, sizeof(n), ev);
        note(nt, sizeof(nt), p, t, ev);
        fprintf(out, "%4s  %-10s  %10s  %12s  %12s  %12s  %12s%s%s\n", n,
                event_label(ev), dur(ev->timer_us, a), dur(ev->at_us, b),
                ka ? "" : dur(ev->since_stamp_us, c), dur(ev->typical_us, d),
                dur(ev->latest_us, e), *nt ? "  " : "", nt);
    }
}

/* The narrow layout: narrower columns, each note a numbered footnote
 * under the table (one number for notes that repeat). */
#define NOTES 64
static void rows_narrow(struct rto_text *x, const struct rto_params *p,
                        const struct rto_timeline *t)
{
    char n[16], a[DUR], b[DUR], c[DUR], d[DUR], e[DUR], mark[32];
    char notes[NOTES][160];
    size_t nnotes = 0;
    bool ka = t->path == RTO_PATH_KEEPALIVE;
    FILE *out = x->out;

    fprintf(out, "\n%3s  %-10s %9s %10s %11s %10s %10s\n", "#", "event",
            "timer", "at", ka ? "" : "since stamp", "typical", "latest");
    if (ka) {
        snprintf(notes[nnotes++], sizeof(notes[0]), "last segment received");
        fprintf(out, "%3s  %-10s %9s %10s %11s %10s %10s  [1]\n", "-", "idle",
                "-", "0 s", "", "0 s", "0 s");
    }
    for (size_t i = 0; i < t->count; i++) {
        const struct rto_event *ev = &t->events[i];
        char nt[160];
        size_t k = 0;

        event_number(n, sizeof(n), ev);
        note(nt, sizeof(nt), p, t, ev);
        mark[0] = '\0';
        if (*nt) {
            while (k < nnotes && strcmp(notes[k], nt) != 0)
                k++;
            if (k == nnotes && nnotes < NOTES)
                snprintf(notes[nnotes++], sizeof(notes[0]), "%s", nt);
            if (k < nnotes)
                snprintf(mark, sizeof(mark), "  [%zu]", k + 1);
        }
        fprintf(out, "%3s  %-10s %9s %10s %11s %10s %10s%s\n", n,
                event_label(ev), dur(ev->timer_us, a), dur(ev->at_us, b),
                ka ? "" : dur(ev->since_stamp_us, c), dur(ev->typical_us, d),
                dur(ev->latest_us, e), mark);
    }
    if (nnotes)
        fputc('\n', out);
    x->hang = 4;
    for (size_t k = 0; k < nnotes; k++)
        rto_say(x, "[%zu] %s\n", k + 1, notes[k]);
    x->hang = -1;
}

static void rows(struct rto_text *x, const struct rto_params *p,
                 const struct rto_timeline *t)
{
    if (x->width)
        rows_narrow(x, p, t);
    else
        rows_wide(x->out, p, t);
    if (t->truncated)
        rto_say(x, "   ... (more events than this table holds; the summary "
                   "below covers all of them)\n");
}

static void summary(struct rto_text *out, const struct rto_params *p,
                    const struct rto_timeline *t)
{
    char a[DUR], b[DUR], c[DUR], h[DUR + 4];
    bool probes = rto_counts_probes(t->path);
    const char *what = probes ? "probes" : "retransmissions";

    rto_say(out, "\n");
    if (t->give_up_us == RTO_NONE) {
        rto_say(out, "Never gives up.\n");
        rto_explain_summary(out, p, t);
        return;
    }
    if (t->path == RTO_PATH_FIN_WAIT2) {
        rto_say(out, "Gone after %s%s typically, window %s - %s.\n",
                dur(t->give_up_typical_us, a), hms(t->give_up_typical_us, h),
                dur(t->give_up_earliest_us, b), dur(t->give_up_latest_us, c));
        rto_say(out, "Nominal (every timer on time): %s%s.\n",
                dur(t->give_up_us, a), hms(t->give_up_us, h));
    } else {
        /* "1 probe", "2 probes": both words end in s. */
        int one = (int)strlen(what) - 1;
        rto_say(out, "Gives up after %s%s typically, window %s - %s; %d %.*s "
                     "(range %d-%d).\n",
                dur(t->give_up_typical_us, a), hms(t->give_up_typical_us, h),
                dur(t->give_up_earliest_us, b), dur(t->give_up_latest_us, c),
                t->retransmissions_typical,
                t->retransmissions_typical == 1 ? one : one + 1, what,
                t->retransmissions_min, t->retransmissions_max);
        rto_say(out, "Nominal (every timer on time): %s%s after %d %.*s.\n",
                dur(t->give_up_us, a), hms(t->give_up_us, h),
                t->retransmissions, t->retransmissions == 1 ? one : one + 1,
                what);
    }
    rto_explain_summary(out, p, t);
    rto_say(out, "Typical adds half of each timer's wheel granularity; "
                 "latest adds all of it (kernel timers are never early).\n");
    if (t->retransmissions_min != t->retransmissions_max)
        rto_say(out, "Near the budget, late timers can end it one firing "
                     "earlier with one %s fewer.\n",
                probes ? "probe" : "retransmission");
}

/* Prose to out, wrapped to the result's width. */
static struct rto_text text(FILE *out, const struct rto_result *r)
{
    struct rto_text x = { out, r->width, -1, 0, "" };

    return x;
}

static void timeline(FILE *out, const struct rto_result *r)
{
    const struct rto_params *p = r->params;
    const struct rto_timeline *t = r->timeline;
    struct rto_text x = text(out, r);

    rto_explain_header(&x, p, t);
    rows(&x, p, t);
    summary(&x, p, t);
    rto_say_flush(&x);
}

/* ---------------------------------------------------------------- */
/* The report                                                       */
/* ---------------------------------------------------------------- */

/* "15 retransmissions", "1 probe", or "-" for a path with no count. */
static const char *count_cell(char *buf, size_t size,
                              const struct rto_report_row *r)
{
    int n = r->t->retransmissions_typical;

    if (*r->count_word)
        /* "1 probe", "2 probes": the count words end in s. */
        snprintf(buf, size, "%d %.*s", n,
                 (int)strlen(r->count_word) - (n == 1), r->count_word);
    else
        snprintf(buf, size, "-");
    return buf;
}

/* The full layout: one line a path, the rule in the last column. */
static void report_row_wide(FILE *out, const struct rto_report_row *r)
{
    const struct rto_timeline *t = r->t;
    char a[DUR], b[DUR], c[DUR], h[DUR], w[72], cnt[40], nom[64];

    if (t->give_up_us == RTO_NONE) {
        const char *never = t->reason == RTO_REASON_NOT_MODELLED ? "-"
                                                                 : "never";
        fprintf(out, "%-20s  %-12s  %-25s  %-22s  %-18s  %s\n", r->doing,
                never, "-", never, "-", r->rule);
        return;
    }
    snprintf(w, sizeof(w), "%s - %s", dur(t->give_up_earliest_us, a),
             dur(t->give_up_latest_us, b));
    snprintf(nom, sizeof(nom), "%s (%s)", dur(t->give_up_us, c),
             rto_fmt_hms(t->give_up_us, h, sizeof(h)));
    fprintf(out, "%-20s  %-12s  %-25s  %-22s  %-18s  %s\n", r->doing,
            dur(t->give_up_typical_us, a), w, nom,
            count_cell(cnt, sizeof(cnt), r), r->rule);
}

/* The narrow layout's columns: as wide as their widest cell. */
struct report_cols {
    int doing, typical, window;
};

static void report_cells(const struct rto_report_row *r, char *typ,
                         char *win, size_t size)
{
    const struct rto_timeline *t = r->t;
    char a[DUR], b[DUR];

    if (t->give_up_us == RTO_NONE) {
        snprintf(typ, size, "%s",
                 t->reason == RTO_REASON_NOT_MODELLED ? "-" : "never");
        snprintf(win, size, "-");
        return;
    }
    snprintf(typ, size, "%s", dur(t->give_up_typical_us, a));
    snprintf(win, size, "%s - %s", dur(t->give_up_earliest_us, a),
             dur(t->give_up_latest_us, b));
}

static void report_widths(const struct rto_report_row *rr, size_t n,
                          struct report_cols *c)
{
    char typ[72], win[72];

    *c = (struct report_cols){ 5, 7, 6 };
    for (size_t i = 0; i < n; i++) {
        report_cells(&rr[i], typ, win, sizeof(typ));
        if ((int)strlen(rr[i].doing) > c->doing)
            c->doing = (int)strlen(rr[i].doing);
        if ((int)strlen(typ) > c->typical)
            c->typical = (int)strlen(typ);
        if ((int)strlen(win) > c->window)
            c->window = (int)strlen(win);
    }
}

/* The narrow layout: the times and the count on the path's line, the
 * nominal time and the rule on an indented line under it. */
static void report_row_narrow(struct rto_text *x, const struct report_cols *c,
                              const struct rto_report_row *r)
{
    const struct rto_timeline *t = r->t;
    char a[DUR], h[DUR], typ[72], win[72], cnt[40];

    report_cells(r, typ, win, sizeof(typ));
    rto_say(x, "%-*s  %-*s  %-*s  %s\n", c->doing, r->doing, c->typical, typ,
            c->window, win,
            t->give_up_us == RTO_NONE ? "-" : count_cell(cnt, sizeof(cnt), r));
    if (t->give_up_us == RTO_NONE)
        rto_say(x, "  ended by %s\n", r->rule);
    else
        rto_say(x, "  nominal %s (%s), ended by %s\n", dur(t->give_up_us, a),
                rto_fmt_hms(t->give_up_us, h, sizeof(h)), r->rule);
}

static void report(FILE *out, const struct rto_result *res)
{
    const struct rto_params *p = res->params;
    struct rto_report_row rr[RTO_REPORT_ROWS];
    struct rto_timeline idle;
    size_t n = rto_report_rows(p, res->report, &idle, rr);
    char k[16], a[DUR];
    struct rto_text x = text(out, res);
    struct report_cols c;

    rto_say(&x, "rtocalc: the peer vanished - when does Linux give up on "
                "the connection?\n");
    rto_say(&x, "Linux %s model, HZ=%d, RTT %s; every knob at its default "
                "unless set\n\n",
            rto_kernel_name(p->kernel, k, sizeof(k)), p->hz,
            dur(p->rtt_us, a));
    if (!res->width) {
        fprintf(out, "%-20s  %-12s  %-25s  %-22s  %-18s  %s\n", "doing",
                "typical", "window", "nominal", "count", "ended by");
        for (size_t i = 0; i < n; i++)
            report_row_wide(out, &rr[i]);
        fprintf(out, "\ntypical: each kernel timer late by half its "
                     "timer-wheel granularity; window: every lateness the "
                     "wheel allows;\nnominal: every timer on time. Details: "
                     "rtocalc retrans, keepalive, syn, synack, orphan "
                     "[--fin-wait2], probe0.\n");
        return;
    }
    report_widths(rr, n, &c);
    x.hang = 4;
    rto_say(&x, "%-*s  %-*s  %-*s  %s\n", c.doing, "doing", c.typical,
            "typical", c.window, "window", "count");
    for (size_t i = 0; i < n; i++)
        report_row_narrow(&x, &c, &rr[i]);
    x.hang = 0;
    rto_say(&x, "\ntypical: each kernel timer late by half its timer-wheel "
                "granularity; window: every lateness the wheel allows; "
                "nominal: every timer on time. Details: rtocalc retrans, "
                "keepalive, syn, synack, orphan [--fin-wait2], probe0; all "
                "columns on one line: --wide.\n");
}

/* ---------------------------------------------------------------- */
/* sysctl: the settings in force, then their report                 */
/* ---------------------------------------------------------------- */

static void sysctl(FILE *out, const struct rto_result *res)
{
    const struct rto_params *p = res->params;
    const struct rto_sysctl_list *l = res->sysctl;
    char k[16], value[24];
    /* A long source wraps under the source column. */
    struct rto_text x = { out, res->width, 48, 0, "" };

    fprintf(out, "Settings in force: Linux %s profile, HZ=%d%s\n\n",
            rto_kernel_name(p->kernel, k, sizeof(k)), p->hz,
            l->system ? " (from the running kernel)" : "");
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_sysctl_row *r = &l->rows[i];

        if (r->text)
            snprintf(value, sizeof(value), "%s", r->text);
        else
            snprintf(value, sizeof(value), "%" PRId64, r->value);
        rto_say(&x, "net.ipv4.%-26s = %-8s  %s\n", r->sysctl, value,
                r->from);
    }
    fputc('\n', out);
    report(out, res);
}

/* ---------------------------------------------------------------- */
/* solve                                                            */
/* ---------------------------------------------------------------- */

static void knob(struct rto_text *out, const char *sep, const char *name,
                 int64_t v)
{
    const char *unit = rto_knob_unit(name);

    rto_say(out, "%s%s = %" PRId64 "%s%s", sep, name, v, *unit ? " " : "",
            unit);
}

static void solve(FILE *out, const struct rto_result *r)
{
    const struct rto_solve_list *l = r->solve;
    char a[DUR], b[DUR];
    struct rto_text x = text(out, r);

    rto_say(&x, "Settings whose latest give-up (every timer as late as the "
                "wheel allows) is within %s, each recomputed through the "
                "model:\n\n",
            dur(l->target_us, a));
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_solution *s = &l->solutions[i];

        knob(&x, "  ", s->knob, s->value);
        if (s->knob2)
            knob(&x, ", ", s->knob2, s->value2);
        if (s->knob3)
            knob(&x, ", ", s->knob3, s->value3);
        rto_say(&x, "\n      gives up by %s at the latest (typical %s)",
                dur(s->give_up_latest_us, a), dur(s->give_up_us, b));
        if (s->next_give_up_latest_us != RTO_NONE)
            rto_say(&x, "; one more: %s", dur(s->next_give_up_latest_us, a));
        rto_say(&x, "\n");
        if (s->note)
            rto_say(&x, "      %s\n", s->note);
    }
    if (l->count == 0)
        rto_say(&x, "  none: even the smallest settings take longer\n");
}

/* ---------------------------------------------------------------- */
/* rto: the estimator step by step                                  */
/* ---------------------------------------------------------------- */

static void rtt(FILE *out, const struct rto_result *r)
{
    const struct rto_params *p = r->params;
    const struct rto_rtt_list *l = r->rtt;
    char a[DUR], b[DUR], c[DUR], d[DUR], e[DUR], f[DUR], g[DUR], h[DUR],
        k[DUR];
    struct rto_text x = text(out, r);

    rto_say(&x, "rtocalc rto: the kernel's RTT estimator (tcp_rtt_estimator, "
                "tcp_set_rto) beside RFC 6298, HZ=%d, rto_min %s\n"
                "each sample taken as the last of its RTT window\n\n",
            p->hz, dur(p->rto_min_us, a));
    /* The full layout puts RFC 6298 beside the kernel; the narrow one
     * under it, in a second table. */
    fprintf(out, "%4s  %10s  %10s  %10s  %10s  %10s  %12s", "#", "sample",
            "srtt", "mdev", "mdev_max", "rttvar", "RTO (jiffies)");
    if (!r->width)
        fprintf(out, "  |  %10s  %10s  %10s", "RFC srtt", "RFC rttvar",
                "RFC RTO");
    fputc('\n', out);
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_rtt_step *s = &l->steps[i];
        char rto[48], rb[DUR];

        snprintf(rto, sizeof(rto), "%s (%" PRIu64 ")", dur(s->rto_us, rb),
                 s->rto_jiffies);
        fprintf(out, "%4zu  %10s  %10s  %10s  %10s  %10s  %12s", i + 1,
                dur(s->sample_us, b), dur(s->srtt8_us / 8, c),
                dur(s->mdev4_us / 4, d), dur(s->mdev_max_us, e),
                dur(s->rttvar_us, f), rto);
        if (!r->width)
            fprintf(out, "  |  %10s  %10s  %10s", dur(s->rfc_srtt_us, g),
                    dur(s->rfc_rttvar_us, h), dur(s->rfc_rto_us, k));
        fputc('\n', out);
    }
    if (r->width) {
        fprintf(out, "\n%4s  %10s  %10s  %10s  %10s\n", "#", "sample",
                "RFC srtt", "RFC rttvar", "RFC RTO");
        for (size_t i = 0; i < l->count; i++) {
            const struct rto_rtt_step *s = &l->steps[i];

            fprintf(out, "%4zu  %10s  %10s  %10s  %10s\n", i + 1,
                    dur(s->sample_us, b), dur(s->rfc_srtt_us, g),
                    dur(s->rfc_rttvar_us, h), dur(s->rfc_rto_us, k));
        }
    }
    if (l->count)
        rto_say(&x, "\nFinal RTO %s: the kernel's variance term never falls "
                    "below rto_min, so its RTO is at least SRTT + rto_min; "
                    "RFC 6298 floors the RTO itself at 1 s.\n",
                dur(l->steps[l->count - 1].rto_us, a));
}

/* ---------------------------------------------------------------- */
/* --kernel list                                                    */
/* ---------------------------------------------------------------- */

static void kernels(FILE *out, const struct rto_result *r)
{
    size_t nc;
    const struct rto_change *ch = rto_changes(&nc);
    struct rto_kernel_row k;
    char v[16], init[DUR];
    struct rto_text x = text(out, r);

    rto_say(&x, "Kernel profiles (--kernel VERSION uses the nearest at or "
                "below VERSION):\n\n");
    rto_say(&x, "%-8s  %-5s  %-6s  %-7s  %-8s  %-7s  %-5s  %s\n", "profile",
            "init", "syn", "linear", "compare", "u8", "TLP", "e.g.");
    /* A long list of examples wraps under its column. */
    x.hang = 61;
    for (size_t i = 0; rto_kernel_row(i, &k); i++)
        rto_say(&x, "%-8s  %-5s  %-6d  %-7d  %-8s  %-7s  %-5s  %s\n",
                k.name, dur(k.initial_rto_us, init), k.syn_retries,
                k.syn_linear_timeouts, k.compare,
                k.u8_sysctls ? "0..255" : "int", k.tlp ? "on" : "none",
                k.examples);
    x.hang = 0;
    if (r->width)
        rto_say(&x, "\ninit: initial RTO (TCP_TIMEOUT_INIT); syn: "
                    "tcp_syn_retries default; linear: "
                    "tcp_syn_linear_timeouts default; compare: the give-up "
                    "comparison; u8: range of the retry sysctls.\n");
    else
        rto_say(&x, "\ninit: initial RTO (TCP_TIMEOUT_INIT); syn: "
                    "tcp_syn_retries default; linear: "
                    "tcp_syn_linear_timeouts default;\ncompare: the give-up "
                    "comparison; u8: range of the retry sysctls.\n");
    rto_say(&x, "\nChanges, with their sources:\n\n");
    /* Each change and its source, wrapped under the change. */
    x.hang = 10;
    for (size_t i = 0; i < nc; i++) {
        rto_kernel_name(ch[i].version, v, sizeof(v));
        rto_say(&x, "%-8s  %s\n%-8s  %s\n", v, ch[i].what, "",
                ch[i].source);
    }
}

const rto_write_fn rto_table_writers[RTO_RESULT_KINDS] = {
    [RTO_RESULT_TIMELINE] = timeline, [RTO_RESULT_REPORT] = report,
    [RTO_RESULT_SYSCTL] = sysctl,     [RTO_RESULT_SOLVE] = solve,
    [RTO_RESULT_RTT] = rtt,           [RTO_RESULT_KERNELS] = kernels,
};
