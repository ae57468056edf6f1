/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The table: a timeline for people.  One row per event, then a summary
 * that leads with the typical give-up and its window, states the nominal
 * time and the kernel's budget, and says why they differ.
 */
#include <inttypes.h>
#include <string.h>

#include "out/out.h"

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

static void header_retrans(FILE *out, const struct rto_params *p,
                           const struct rto_timeline *t)
{
    char k[16], a[DUR], b[DUR], c[DUR];

    fprintf(out, "rtocalc retrans: established connection, data "
                 "unacknowledged, peer gone\n");
    if (p->rto_us)
        fprintf(out, "Linux %s model, HZ=%d, initial RTO %s (given)",
                rto_kernel_name(p->kernel, k, sizeof(k)), p->hz,
                dur(t->initial_rto_us, a));
    else
        fprintf(out, "Linux %s model, HZ=%d, RTT %s -> initial RTO %s "
                     "(RTT + max(2 x RTT, rto_min %s), rounded up to "
                     "jiffies)",
                rto_kernel_name(p->kernel, k, sizeof(k)), p->hz,
                dur(p->rtt_us, a), dur(t->initial_rto_us, b),
                dur(p->rto_min_us, c));
    fprintf(out, "\nrto_max %s, tail loss probe %s, thin-stream linear "
                 "timeouts %s, %s\n",
            dur(p->rto_max_us, a), p->tlp ? "on" : "off",
            !p->thin ? "off" : t->thin_engaged ? "on" : "requested but "
                                                        "never engaged under bbr",
            rto_cc_name(p->cc));
    if (t->reason == RTO_REASON_USER_TIMEOUT)
        fprintf(out, "TCP_USER_TIMEOUT=%s replaces tcp_retries2; it counts "
                     "from the first RTO retransmission\n",
                dur(t->budget_us, a));
    else
        fprintf(out, "tcp_retries2=%d -> budget %s (the kernel docs' "
                     "\"hypothetical timeout\"), counted from the first RTO "
                     "retransmission\n",
                p->retries2, dur(t->budget_us, a));
}

static void header_keepalive(FILE *out, const struct rto_params *p,
                             const struct rto_timeline *t)
{
    char k[16], a[DUR], b[DUR];

    (void)t;
    fprintf(out, "rtocalc keepalive: idle connection with SO_KEEPALIVE, "
                 "peer gone\n");
    fprintf(out, "Linux %s model, HZ=%d; time zero is the last segment "
                 "received\n",
            rto_kernel_name(p->kernel, k, sizeof(k)), p->hz);
    fprintf(out, "tcp_keepalive_time %s, tcp_keepalive_intvl %s, "
                 "tcp_keepalive_probes %d",
            dur(p->keepalive_time_us, a), dur(p->keepalive_intvl_us, b),
            p->keepalive_probes);
    if (p->user_timeout_us)
        fprintf(out, ", TCP_USER_TIMEOUT %s (the probe count is then "
                     "ignored)",
                dur(p->user_timeout_us, a));
    fprintf(out, "\n");
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
        ADD("%sretrans_stamp: the budget starts", n ? "; " : "");
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
        ADD("%s%s (%s)", n ? "; " : "", rto_errno_name(t->error),
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

/* The last RTO retransmission or probe before the give-up. */
static const struct rto_event *last_before_give_up(
    const struct rto_timeline *t)
{
    for (size_t i = t->count; i-- > 0;)
        if (t->events[i].type == RTO_EV_RETRANSMIT
            || t->events[i].type == RTO_EV_PROBE)
            return &t->events[i];
    return NULL;
}

/* When typical lateness ends it a firing sooner, say how. */
static void typical_earlier(FILE *out, const struct rto_timeline *t)
{
    char a[DUR], b[DUR], c[DUR];
    int64_t stamp = RTO_NONE;

    if (t->retransmissions_typical >= t->retransmissions)
        return;
    for (size_t i = 0; i < t->count; i++)
        if (t->events[i].marks & RTO_MARK_STAMP)
            stamp = t->events[i].typical_us;
    if (stamp == RTO_NONE || t->give_up_typical_us == RTO_NONE)
        return;
    fprintf(out, "With typical timer lateness the firing after retransmission "
                 "%d comes at %s, when %s had passed (>= %s), so it gives up "
                 "there, one retransmission sooner.\n",
            t->retransmissions_typical, dur(t->give_up_typical_us, a),
            dur(t->give_up_typical_us - stamp, b), dur(t->budget_us, c));
}

static void summary(FILE *out, const struct rto_params *p,
                    const struct rto_timeline *t)
{
    char a[DUR], b[DUR], c[DUR], h[DUR + 4];
    const char *what = t->path == RTO_PATH_KEEPALIVE ? "probes"
                                                      : "retransmissions";
    const struct rto_event *last = last_before_give_up(t);

    fprintf(out, "\n");
    if (t->give_up_us == RTO_NONE) {
        fprintf(out, "Never gives up.\n");
        return;
    }
    fprintf(out, "Gives up after %s%s typically, window %s - %s; %d %s "
                 "(range %d-%d).\n",
            dur(t->give_up_typical_us, a), hms(t->give_up_typical_us, h),
            dur(t->give_up_earliest_us, b), dur(t->give_up_latest_us, c),
            t->retransmissions_typical, what, t->retransmissions_min,
            t->retransmissions_max);
    fprintf(out, "Nominal (every timer on time): %s%s after %d %s.\n",
            dur(t->give_up_us, a), hms(t->give_up_us, h),
            t->retransmissions, what);
    if (t->path == RTO_PATH_KEEPALIVE) {
        if (!p->user_timeout_us)
            fprintf(out, "That is tcp_keepalive_time + tcp_keepalive_probes "
                         "x tcp_keepalive_intvl = %s + %d x %s.\n",
                    dur(p->keepalive_time_us, a), p->keepalive_probes,
                    dur(p->keepalive_intvl_us, b));
        else
            fprintf(out, "With TCP_USER_TIMEOUT the connection dies at the "
                         "first probe timer at or after %s with a probe "
                         "unanswered.\n",
                    dur(p->user_timeout_us, a));
        fprintf(out, "Keepalive never probes while data is outstanding: then "
                     "the retransmission timer owns the connection (rtocalc "
                     "retrans).\n");
    } else if (t->reason == RTO_REASON_USER_TIMEOUT) {
        fprintf(out, "Kernel budget: TCP_USER_TIMEOUT %s, counted from the "
                     "first retransmission at %s, so the end-to-end time is "
                     "about first RTO + user timeout.\n",
                dur(t->budget_us, a), dur(t->stamp_us, b));
    } else {
        fprintf(out, "Kernel budget: %s = tcp_model_timeout(%d): a "
                     "connection whose first RTO were exactly 200 ms, "
                     "doubling to rto_max.\n",
                dur(t->budget_us, a), p->retries2);
        if (last && last->since_stamp_us != RTO_NONE)
            fprintf(out, "Why the times differ: the budget counts from the "
                         "first retransmission at %s, not from the send, "
                         "and is checked only when the timer fires. At %s, "
                         "%s had passed (< %s), so it retransmitted once "
                         "more and gave up at the next firing.\n",
                    dur(t->stamp_us, a), dur(last->at_us, b),
                    dur(last->since_stamp_us, c), dur(t->budget_us, h));
        typical_earlier(out, t);
    }
    fprintf(out, "Typical adds half of each timer's wheel granularity; "
                 "latest adds all of it (kernel timers are never early).\n");
    if (t->retransmissions_min != t->retransmissions_max)
        fprintf(out, "Near the budget, late timers can end it one firing "
                     "earlier with one %s fewer.\n",
                t->path == RTO_PATH_KEEPALIVE ? "probe" : "retransmission");
}

int rto_out_table(FILE *out, const struct rto_params *p,
                  const struct rto_timeline *t)
{
    if (t->path == RTO_PATH_KEEPALIVE)
        header_keepalive(out, p, t);
    else
        header_retrans(out, p, t);
    rows(out, p, t);
    summary(out, p, t);
    return ferror(out) ? RTO_EIO : RTO_OK;
}
