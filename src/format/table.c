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

static void rows(FILE *out, const struct rto_params *p,
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

        if (ev->n > 0 && (ev->type == RTO_EV_RETRANSMIT
                          || ev->type == RTO_EV_PROBE))
            snprintf(n, sizeof(n), "%d", ev->n);
        else
            snprintf(n, sizeof(n), "-");
        note(nt, sizeof(nt), p, t, ev);
        fprintf(out, "%4s  %-10s  %10s  %12s  %12s  %12s  %12s%s%s\n", n,
                event_label(ev), dur(ev->timer_us, a), dur(ev->at_us, b),
                ka ? "" : dur(ev->since_stamp_us, c), dur(ev->typical_us, d),
                dur(ev->latest_us, e), *nt ? "  " : "", nt);
    }
    if (t->truncated)
        fprintf(out, "   ... (more events than this table holds; the "
                     "summary below covers all of them)\n");
}

static void summary(FILE *out, const struct rto_params *p,
                    const struct rto_timeline *t)
{
    char a[DUR], b[DUR], c[DUR], h[DUR + 4];
    bool probes = rto_counts_probes(t->path);
    const char *what = probes ? "probes" : "retransmissions";

    fprintf(out, "\n");
    if (t->give_up_us == RTO_NONE) {
        fprintf(out, "Never gives up.\n");
        rto_explain_summary(out, p, t);
        return;
    }
    if (t->path == RTO_PATH_FIN_WAIT2) {
        fprintf(out, "Gone after %s%s typically, window %s - %s.\n",
                dur(t->give_up_typical_us, a), hms(t->give_up_typical_us, h),
                dur(t->give_up_earliest_us, b), dur(t->give_up_latest_us, c));
        fprintf(out, "Nominal (every timer on time): %s%s.\n",
                dur(t->give_up_us, a), hms(t->give_up_us, h));
    } else {
        fprintf(out, "Gives up after %s%s typically, window %s - %s; %d %s "
                     "(range %d-%d).\n",
                dur(t->give_up_typical_us, a), hms(t->give_up_typical_us, h),
                dur(t->give_up_earliest_us, b), dur(t->give_up_latest_us, c),
                t->retransmissions_typical, what, t->retransmissions_min,
                t->retransmissions_max);
        fprintf(out, "Nominal (every timer on time): %s%s after %d %s.\n",
                dur(t->give_up_us, a), hms(t->give_up_us, h),
                t->retransmissions, what);
    }
    rto_explain_summary(out, p, t);
    fprintf(out, "Typical adds half of each timer's wheel granularity; "
                 "latest adds all of it (kernel timers are never early).\n");
    if (t->retransmissions_min != t->retransmissions_max)
        fprintf(out, "Near the budget, late timers can end it one firing "
                     "earlier with one %s fewer.\n",
                probes ? "probe" : "retransmission");
}

static void timeline(FILE *out, const struct rto_result *r)
{
    const struct rto_params *p = r->params;
    const struct rto_timeline *t = r->timeline;

    rto_explain_header(out, p, t);
    rows(out, p, t);
    summary(out, p, t);
}

/* ---------------------------------------------------------------- */
/* The report                                                       */
/* ---------------------------------------------------------------- */

static void report(FILE *out, const struct rto_result *res)
{
    const struct rto_params *p = res->params;
    struct rto_report_row rr[RTO_REPORT_ROWS];
    struct rto_timeline idle;
    size_t n = rto_report_rows(p, res->report, &idle, rr);
    char k[16], a[DUR], b[DUR], c[DUR], h[DUR], w[72], cnt[40], nom[64];

    fprintf(out, "rtocalc: the peer vanished - when does Linux give up on "
                 "the connection?\n");
    fprintf(out, "Linux %s model, HZ=%d, RTT %s; every knob at its default "
                 "unless set\n\n",
            rto_kernel_name(p->kernel, k, sizeof(k)), p->hz, dur(p->rtt_us, a));
    fprintf(out, "%-20s  %-12s  %-25s  %-22s  %-18s  %s\n", "doing",
            "typical", "window", "nominal", "count", "ended by");
    for (size_t i = 0; i < n; i++) {
        const struct rto_report_row *r = &rr[i];
        const struct rto_timeline *t = r->t;

        if (t->give_up_us == RTO_NONE) {
            const char *never = t->reason == RTO_REASON_NOT_MODELLED
                                    ? "-" : "never";
            fprintf(out, "%-20s  %-12s  %-25s  %-22s  %-18s  %s\n", r->doing,
                    never, "-", never, "-", r->rule);
            continue;
        }
        snprintf(w, sizeof(w), "%s - %s", dur(t->give_up_earliest_us, a),
                 dur(t->give_up_latest_us, b));
        snprintf(nom, sizeof(nom), "%s (%s)", dur(t->give_up_us, c),
                 rto_fmt_hms(t->give_up_us, h, sizeof(h)));
        if (*r->count_word)
            /* "1 probe", "2 probes": the count words end in s. */
            snprintf(cnt, sizeof(cnt), "%d %.*s", t->retransmissions_typical,
                     (int)strlen(r->count_word)
                         - (t->retransmissions_typical == 1),
                     r->count_word);
        else
            snprintf(cnt, sizeof(cnt), "-");
        fprintf(out, "%-20s  %-12s  %-25s  %-22s  %-18s  %s\n", r->doing,
                dur(t->give_up_typical_us, a), w, nom, cnt, r->rule);
    }
    fprintf(out, "\ntypical: each kernel timer late by half its timer-wheel "
                 "granularity; window: every lateness the wheel allows;\n"
                 "nominal: every timer on time. Details: rtocalc retrans, "
                 "keepalive, syn, synack, orphan [--fin-wait2], probe0.\n");
}

/* ---------------------------------------------------------------- */
/* sysctl: the settings in force, then their report                 */
/* ---------------------------------------------------------------- */

static void sysctl(FILE *out, const struct rto_result *res)
{
    const struct rto_params *p = res->params;
    const struct rto_sysctl_list *l = res->sysctl;
    char k[16], value[24];

    fprintf(out, "Settings in force: Linux %s profile, HZ=%d%s\n\n",
            rto_kernel_name(p->kernel, k, sizeof(k)), p->hz,
            l->system ? " (from the running kernel)" : "");
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_sysctl_row *r = &l->rows[i];

        if (r->text)
            snprintf(value, sizeof(value), "%s", r->text);
        else
            snprintf(value, sizeof(value), "%" PRId64, r->value);
        fprintf(out, "net.ipv4.%-26s = %-8s  %s\n", r->sysctl, value,
                r->from);
    }
    fputc('\n', out);
    report(out, res);
}

/* ---------------------------------------------------------------- */
/* solve                                                            */
/* ---------------------------------------------------------------- */

static void knob(FILE *out, const char *sep, const char *name, int64_t v)
{
    const char *unit = rto_knob_unit(name);

    fprintf(out, "%s%s = %" PRId64 "%s%s", sep, name, v, *unit ? " " : "",
            unit);
}

static void solve(FILE *out, const struct rto_result *r)
{
    const struct rto_solve_list *l = r->solve;
    char a[DUR], b[DUR];

    fprintf(out, "Settings whose latest give-up (every timer as late as "
                 "the wheel allows)\nis within %s, each recomputed through "
                 "the model:\n\n",
            dur(l->target_us, a));
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_solution *s = &l->solutions[i];

        knob(out, "  ", s->knob, s->value);
        if (s->knob2)
            knob(out, ", ", s->knob2, s->value2);
        if (s->knob3)
            knob(out, ", ", s->knob3, s->value3);
        fprintf(out, "\n      gives up by %s at the latest (typical %s)",
                dur(s->give_up_latest_us, a), dur(s->give_up_us, b));
        if (s->next_give_up_latest_us != RTO_NONE)
            fprintf(out, "; one more: %s", dur(s->next_give_up_latest_us, a));
        fputc('\n', out);
        if (s->note)
            fprintf(out, "      %s\n", s->note);
    }
    if (l->count == 0)
        fputs("  none: even the smallest settings take longer\n", out);
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

    fprintf(out, "rtocalc rto: the kernel's RTT estimator (tcp_rtt_estimator, "
                 "tcp_set_rto) beside RFC 6298, HZ=%d, rto_min %s\n"
                 "each sample taken as the last of its RTT window\n\n",
            p->hz, dur(p->rto_min_us, a));
    fprintf(out, "%4s  %10s  %10s  %10s  %10s  %10s  %12s  |  %10s  %10s  "
                 "%10s\n", "#", "sample", "srtt", "mdev", "mdev_max", "rttvar",
            "RTO (jiffies)", "RFC srtt", "RFC rttvar", "RFC RTO");
    for (size_t i = 0; i < l->count; i++) {
        const struct rto_rtt_step *s = &l->steps[i];
        char rto[48], rb[DUR];

        snprintf(rto, sizeof(rto), "%s (%" PRIu64 ")", dur(s->rto_us, rb),
                 s->rto_jiffies);
        fprintf(out, "%4zu  %10s  %10s  %10s  %10s  %10s  %12s  |  %10s  "
                     "%10s  %10s\n",
                i + 1, dur(s->sample_us, b), dur(s->srtt8_us / 8, c),
                dur(s->mdev4_us / 4, d), dur(s->mdev_max_us, e),
                dur(s->rttvar_us, f), rto, dur(s->rfc_srtt_us, g),
                dur(s->rfc_rttvar_us, h), dur(s->rfc_rto_us, k));
    }
    if (l->count)
        fprintf(out, "\nFinal RTO %s: the kernel's variance term never falls "
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

    (void)r;
    fprintf(out, "Kernel profiles (--kernel VERSION uses the nearest at or "
                 "below VERSION):\n\n");
    fprintf(out, "%-8s  %-5s  %-6s  %-7s  %-8s  %-7s  %-5s  %s\n", "profile",
            "init", "syn", "linear", "compare", "u8", "TLP", "e.g.");
    for (size_t i = 0; rto_kernel_row(i, &k); i++)
        fprintf(out, "%-8s  %-5s  %-6d  %-7d  %-8s  %-7s  %-5s  %s\n",
                k.name, dur(k.initial_rto_us, init), k.syn_retries,
                k.syn_linear_timeouts, k.compare,
                k.u8_sysctls ? "0..255" : "int", k.tlp ? "on" : "none",
                k.examples);
    fprintf(out, "\ninit: initial RTO (TCP_TIMEOUT_INIT); syn: "
                 "tcp_syn_retries default; linear: tcp_syn_linear_timeouts "
                 "default;\ncompare: the give-up comparison; u8: range of "
                 "the retry sysctls.\n\nChanges, with their sources:\n\n");
    for (size_t i = 0; i < nc; i++) {
        rto_kernel_name(ch[i].version, v, sizeof(v));
        fprintf(out, "%-8s  %s\n%-8s  %s\n", v, ch[i].what, "",
                ch[i].source);
    }
}

const rto_write_fn rto_table_writers[RTO_RESULT_KINDS] = {
    [RTO_RESULT_TIMELINE] = timeline, [RTO_RESULT_REPORT] = report,
    [RTO_RESULT_SYSCTL] = sysctl,     [RTO_RESULT_SOLVE] = solve,
    [RTO_RESULT_RTT] = rtt,           [RTO_RESULT_KERNELS] = kernels,
};
