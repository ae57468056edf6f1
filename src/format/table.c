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
    bool probes = t->path == RTO_PATH_KEEPALIVE || t->path == RTO_PATH_PROBE0;
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

int rto_out_table(FILE *out, const struct rto_params *p,
                  const struct rto_timeline *t)
{
    rto_explain_header(out, p, t);
    rows(out, p, t);
    summary(out, p, t);
    return ferror(out) ? RTO_EIO : RTO_OK;
}
