/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The words around a table: for each path, a header that says what dies,
 * from when, with which settings, and the lines of the summary that say
 * which rule ends it and why the times are what they are.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "format/format.h"

#define DUR 32

static const char *dur(int64_t us, char *buf)
{
    if (us == RTO_NONE)
        return "-";
    return rto_fmt_duration(us, buf, DUR);
}

/* ---------------------------------------------------------------- */
/* Wrapped prose                                                    */
/* ---------------------------------------------------------------- */

/* Whether the space at s[i] joins a number to its unit ("924.6 s"): no
 * line is broken there. */
static bool before_unit(const char *s, size_t i, size_t len)
{
    static const char *const units[] = { "s", "ms", "us" };

    for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
        size_t n = strlen(units[u]), end = i + 1 + n;

        if (end <= len && strncmp(s + i + 1, units[u], n) == 0
            && (end == len || strchr(" ,;:.)", s[end])))
            return true;
    }
    return false;
}

/* One line (without its newline) to out, wrapped at width columns. */
static void wrap(FILE *out, const char *s, size_t len, int width, int hang)
{
    size_t lead = strspn(s, " "), w = (size_t)width, indent = 0;

    if (hang < 0)
        hang = (int)lead + 2;
    while (width > 0 && indent + len > w) {
        size_t cut = 0;

        /* The last space that leaves the line within width, past the
         * line's own indent; else the first space (a word too long). */
        for (size_t i = lead; i < len && indent + i <= w; i++)
            if (s[i] == ' ' && !before_unit(s, i, len))
                cut = i;
        for (size_t i = lead; !cut && i < len; i++)
            if (s[i] == ' ' && !before_unit(s, i, len))
                cut = i;
        if (!cut)
            break;
        fprintf(out, "%*s%.*s\n", (int)indent, "", (int)cut, s);
        while (cut < len && s[cut] == ' ')
            cut++;
        s += cut;
        len -= cut;
        indent = (size_t)hang;
        lead = 0;
    }
    fprintf(out, "%*s%.*s\n", (int)indent, "", (int)len, s);
}

void rto_say_flush(struct rto_text *t)
{
    if (t->n)
        wrap(t->out, t->line, t->n, t->width, t->hang);
    t->n = 0;
}

void rto_say(struct rto_text *t, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    int len;

    va_start(ap, fmt);
    len = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (len < 0)
        return;
    for (size_t i = 0; i < (size_t)len && i < sizeof(buf) - 1; i++) {
        if (buf[i] == '\n') {
            t->line[t->n] = '\0';
            if (t->n)
                wrap(t->out, t->line, t->n, t->width, t->hang);
            else
                fputc('\n', t->out);
            t->n = 0;
        } else if (t->n < sizeof(t->line) - 1) {
            t->line[t->n++] = buf[i];
        }
    }
}

static void model_line(struct rto_text *out, const struct rto_params *p,
                       const char *zero)
{
    char k[16];

    rto_say(out, "Linux %s model, HZ=%d; time zero is %s\n",
            rto_kernel_name(p->kernel, k, sizeof(k)), p->hz, zero);
}

/* "RTT 100 us -> initial RTO 201 ms (...)" or "initial RTO 200 ms". */
static void rto_line(struct rto_text *out, const struct rto_params *p,
                     const struct rto_timeline *t)
{
    char a[DUR], b[DUR], c[DUR];

    if (p->rto_us)
        rto_say(out, "initial RTO %s (given)", dur(t->initial_rto_us, a));
    else
        rto_say(out, "RTT %s -> initial RTO %s (RTT + max(2 x RTT, rto_min "
                     "%s), rounded up to jiffies)",
                dur(p->rtt_us, a), dur(t->initial_rto_us, b),
                dur(p->rto_min_us, c));
}

/* "2 segments in flight (the data, then the FIN): the tail loss probe
 * resends the FIN after 3 ms (2 x SRTT + 2 ms); each RTO resends the
 * data", from what the model recorded. */
static void flight_line(struct rto_text *out, const struct rto_timeline *t)
{
    const struct rto_event *tlp = NULL;
    bool orphan = t->path == RTO_PATH_ORPHAN;
    const char *last = orphan ? "the FIN" : "the last";
    const char *first = orphan ? "the data" : "the first";
    char a[DUR];

    for (size_t i = 0; i < t->count; i++)
        if (t->events[i].type == RTO_EV_TLP)
            tlp = &t->events[i];
    rto_say(out, "%d segment%s in flight", t->in_flight,
            t->in_flight == 1 ? "" : "s");
    if (orphan)
        rto_say(out, " (%s)", t->in_flight == 1 ? "the FIN alone"
                                                : "the data, then the FIN");
    if (!tlp || t->pto_rule == RTO_PTO_NONE) {
        rto_say(out, "\n");
        return;
    }
    if (t->in_flight == 1)
        rto_say(out, ": the tail loss probe resends it after %s (%s%s)\n",
                dur(tlp->timer_us, a), rto_pto_rule_text(t->pto_rule),
                t->pto_capped ? ", cut to the RTO" : "");
    else
        rto_say(out, ": the tail loss probe resends %s after %s (%s%s); "
                     "each RTO resends %s\n",
                last, dur(tlp->timer_us, a), rto_pto_rule_text(t->pto_rule),
                t->pto_capped ? ", cut to the RTO" : "", first);
}

static void header_retrans(struct rto_text *out, const struct rto_params *p,
                           const struct rto_timeline *t)
{
    char a[DUR];

    rto_say(out, "rtocalc retrans: established connection, data "
                 "unacknowledged, peer gone\n");
    model_line(out, p, "the original send");
    rto_line(out, p, t);
    rto_say(out, "\nrto_max %s, tail loss probe %s, thin-stream linear "
                 "timeouts %s, %s\n",
            dur(p->rto_max_us, a), p->tlp ? "on" : "off",
            !p->thin            ? "off"
            : t->thin_engaged   ? "on"
            : t->in_flight >= 4 ? "requested but never engaged with 4 or "
                                  "more segments in flight"
                                : "requested but never engaged under bbr",
            rto_cc_name(p->cc));
    flight_line(out, t);
    if (t->reason == RTO_REASON_USER_TIMEOUT)
        rto_say(out, "TCP_USER_TIMEOUT=%s replaces tcp_retries2; it counts "
                     "from the first RTO retransmission\n",
                dur(t->budget_us, a));
    else
        rto_say(out, "tcp_retries2=%d -> budget %s (the kernel docs' "
                     "\"hypothetical timeout\"), counted from the first RTO "
                     "retransmission\n",
                p->retries2, dur(t->budget_us, a));
}

static void header_keepalive(struct rto_text *out, const struct rto_params *p,
                             const struct rto_timeline *t)
{
    char a[DUR], b[DUR];

    rto_say(out, "rtocalc keepalive: idle connection with SO_KEEPALIVE, "
                 "peer gone\n");
    model_line(out, p, "the last segment received");
    rto_say(out, "tcp_keepalive_time %s, tcp_keepalive_intvl %s, "
                 "tcp_keepalive_probes %d",
            dur(p->keepalive_time_us, a), dur(p->keepalive_intvl_us, b),
            p->keepalive_probes);
    if (t->user_timeout_us != RTO_NONE)
        rto_say(out, ", TCP_USER_TIMEOUT %s (the probe count is then "
                     "ignored)",
                dur(t->user_timeout_us, a));
    rto_say(out, "\n");
}

/* The limits the model applied, as it recorded them in the timeline. */
static void header_syn(struct rto_text *out, const struct rto_params *p,
                       const struct rto_timeline *t)
{
    char a[DUR], b[DUR];

    rto_say(out, "rtocalc syn: connect() to a peer that never answers "
                 "(SYN_SENT)\n");
    model_line(out, p, "the first SYN");
    rto_say(out, "initial RTO %s (TCP_TIMEOUT_INIT; no RTT is known yet), "
                 "rto_max %s\n",
            dur(t->initial_rto_us, a), dur(p->rto_max_us, b));
    if (t->count_limit >= 0 && t->count_linear)
        rto_say(out, "tcp_syn_retries %d + tcp_syn_linear_timeouts %d -> at "
                     "most %d retransmissions",
                p->syn_retries, p->syn_linear_timeouts, t->count_limit);
    else if (t->count_limit >= 0)
        rto_say(out, "tcp_syn_retries %d -> at most %d retransmissions, "
                     "whatever the time",
                p->syn_retries, t->count_limit);
    else
        rto_say(out, "only the time counts");
    if (t->time_cap_us != RTO_NONE)
        rto_say(out, "; time cap model(%d, %s) = %s from the first SYN",
                p->syn_retries, dur(t->initial_rto_us, b),
                dur(t->time_cap_us, a));
    if (t->user_timeout_us != RTO_NONE)
        rto_say(out, "%s TCP_USER_TIMEOUT %s from the first SYN",
                t->time_cap_us != RTO_NONE ? ", or" : "; or",
                dur(t->user_timeout_us, b));
    else if (t->user_timeout_clamps)
        rto_say(out, "; TCP_USER_TIMEOUT %s cuts the timers but does not "
                     "end it",
                dur(p->user_timeout_us, b));
    else if (p->user_timeout_us)
        rto_say(out, " (TCP_USER_TIMEOUT plays no part)");
    rto_say(out, "\n");
}

static void header_synack(struct rto_text *out, const struct rto_params *p,
                          const struct rto_timeline *t)
{
    char a[DUR], b[DUR];

    if (p->fastopen)
        rto_say(out, "rtocalc synack: a TCP Fast Open child whose client "
                     "vanished (SYN_RECV)\n");
    else
        rto_say(out, "rtocalc synack: a listener's request socket whose "
                     "client vanished after its SYN (SYN_RECV)\n");
    model_line(out, p, "the first SYN-ACK");
    rto_say(out, "SYN-ACK timer from %s, doubling up to %s %s",
            dur(t->initial_rto_us, a),
            t->rto_max_us == p->rto_max_us ? "rto_max" : "TCP_RTO_MAX",
            dur(t->rto_max_us, b));
    if (t->rto_max_us != p->rto_max_us)
        rto_say(out, " (tcp_rto_max_ms %s caps a listener's SYN-ACK from "
                     "Linux 6.19)",
                dur(p->rto_max_us, a));
    rto_say(out, "; tcp_synack_retries %d%s\n", p->synack_retries,
            p->fastopen ? " + 1 for a Fast Open child" : "");
}

static void header_orphan(struct rto_text *out, const struct rto_params *p,
                          const struct rto_timeline *t)
{
    char a[DUR], b[DUR];

    rto_say(out, "rtocalc orphan: socket closed with data or its FIN "
                 "unacknowledged, peer gone (FIN_WAIT1)\n");
    model_line(out, p, "the original send");
    rto_line(out, p, t);
    rto_say(out, "\nrto_max %s, tail loss probe %s\n",
            dur(p->rto_max_us, a), p->tlp ? "on" : "off");
    flight_line(out, t);
    if (t->reason == RTO_REASON_USER_TIMEOUT)
        rto_say(out, "TCP_USER_TIMEOUT=%s replaces the orphan budget; it "
                     "counts from the first RTO retransmission\n",
                dur(p->user_timeout_us, a));
    else
        rto_say(out, "tcp_orphan_retries %d%s -> budget %s while the RTO is "
                     "below rto_max, counted from the first RTO "
                     "retransmission\n",
                p->orphan_retries,
                p->orphan_retries ? "" : " (0 means 8 while alive)",
                dur(t->budget_us, b));
}

static void header_fin_wait2(struct rto_text *out, const struct rto_params *p,
                             const struct rto_timeline *t)
{
    char a[DUR], b[DUR], c[DUR];

    rto_say(out, "rtocalc orphan --fin-wait2: socket closed, its FIN "
                 "acknowledged, the peer never closes (FIN_WAIT2)\n");
    model_line(out, p, "the ACK of our FIN");
    rto_say(out, "tcp_fin_timeout %s, RTO %s -> timeout %s (at least 3.5 x "
                 "RTO)\n",
            dur(p->fin_timeout_us, a), dur(t->initial_rto_us, b),
            dur(t->budget_us, c));
}

static void header_probe0(struct rto_text *out, const struct rto_params *p,
                          const struct rto_timeline *t)
{
    char a[DUR], b[DUR];

    rto_say(out, "rtocalc probe0: zero window with data queued, peer gone "
                 "(persist timer)\n");
    model_line(out, p, "the arming of the probe timer");
    rto_say(out, "probes back off from max(RTO, 200 ms) = %s up to rto_max "
                 "%s; tcp_retries2 %d unanswered probes end it",
            dur(t->initial_rto_us, a), dur(p->rto_max_us, b), p->retries2);
    if (t->user_timeout_us != RTO_NONE && t->user_timeout_rule)
        rto_say(out, ", or TCP_USER_TIMEOUT %s, %s",
                dur(t->user_timeout_us, a), t->user_timeout_rule);
    else if (t->user_timeout_us != RTO_NONE)
        rto_say(out, ", or TCP_USER_TIMEOUT %s from the first probe",
                dur(t->user_timeout_us, a));
    else if (t->user_timeout_rule)
        rto_say(out, " (%s)", t->user_timeout_rule);
    rto_say(out, "\n");
}

/* ---------------------------------------------------------------- */
/* The summary's explanations                                       */
/* ---------------------------------------------------------------- */

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
static void typical_earlier(struct rto_text *out, const struct rto_timeline *t)
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
    rto_say(out, "With typical timer lateness the firing after retransmission "
                 "%d comes at %s, when %s had passed (>= %s), so it gives up "
                 "there, one retransmission sooner.\n",
            t->retransmissions_typical, dur(t->give_up_typical_us, a),
            dur(t->give_up_typical_us - stamp, b), dur(t->budget_us, c));
}

/* The budget counted from retrans_stamp and checked at firings only. */
static void why_budget(struct rto_text *out, const struct rto_timeline *t)
{
    char a[DUR], b[DUR], c[DUR], d[DUR];
    const struct rto_event *last = last_before_give_up(t);

    if (last && last->since_stamp_us != RTO_NONE)
        rto_say(out, "Why the times differ: the budget counts from the "
                     "first retransmission at %s, not from the send, and is "
                     "checked only when the timer fires. At %s, %s had "
                     "passed (< %s), so it retransmitted once more and gave "
                     "up at the next firing.\n",
                dur(t->stamp_us, a), dur(last->at_us, b),
                dur(last->since_stamp_us, c), dur(t->budget_us, d));
    typical_earlier(out, t);
}

static void explain_retrans(struct rto_text *out, const struct rto_params *p,
                            const struct rto_timeline *t)
{
    char a[DUR], b[DUR];

    if (t->reason == RTO_REASON_USER_TIMEOUT) {
        rto_say(out, "Kernel budget: TCP_USER_TIMEOUT %s, counted from the "
                     "first retransmission at %s, so the end-to-end time is "
                     "about first RTO + user timeout.\n",
                dur(t->budget_us, a), dur(t->stamp_us, b));
        return;
    }
    rto_say(out, "Kernel budget: %s = tcp_model_timeout(%d): a connection "
                 "whose first RTO were exactly 200 ms, doubling to "
                 "rto_max.\n",
            dur(t->budget_us, a), p->retries2);
    why_budget(out, t);
}

static void explain_keepalive(struct rto_text *out, const struct rto_params *p,
                              const struct rto_timeline *t)
{
    char a[DUR], b[DUR];

    if (t->user_timeout_us == RTO_NONE) {
        rto_say(out, "That is tcp_keepalive_time + tcp_keepalive_probes x "
                     "tcp_keepalive_intvl = %s + %d x %s.\n",
                dur(p->keepalive_time_us, a), p->keepalive_probes,
                dur(p->keepalive_intvl_us, b));
    } else {
        /* tcp_keepalive_timer() has tested it so since dca43c75e7e5. */
        rto_say(out, "With TCP_USER_TIMEOUT (any kernel since 2.6.37) the "
                     "connection dies at the first probe timer at or after "
                     "%s with a probe unanswered.\n",
                dur(t->user_timeout_us, a));
        if (t->retransmissions != p->keepalive_probes)
            rto_say(out, "That is %d probe%s, not tcp_keepalive_probes "
                         "%d.\n",
                    t->retransmissions, t->retransmissions == 1 ? "" : "s",
                    p->keepalive_probes);
    }
    rto_say(out, "Keepalive never probes while data is outstanding: then the "
                 "retransmission timer owns the connection (rtocalc "
                 "retrans).\n");
}

static void explain_syn(struct rto_text *out, const struct rto_params *p,
                        const struct rto_timeline *t)
{
    char a[DUR];

    switch (t->reason) {
    case RTO_REASON_SYN_RETRIES:
        if (t->count_linear)
            rto_say(out, "Ended by the count: %d retransmissions = "
                         "tcp_syn_retries %d + tcp_syn_linear_timeouts %d.\n",
                    t->count_limit, p->syn_retries, p->syn_linear_timeouts);
        else
            rto_say(out, "Ended by the count: %d retransmissions = "
                         "tcp_syn_retries %d.\n",
                    t->count_limit, p->syn_retries);
        break;
    case RTO_REASON_SYN_TIME:
        rto_say(out, "Ended by the time cap%s: %s had passed since the "
                     "first SYN, model(tcp_syn_retries=%d) with the initial "
                     "RTO as its base.\n",
                t->count_limit >= 0 ? " before the count" : "",
                dur(t->budget_us, a), p->syn_retries);
        break;
    default:
        rto_say(out, "Ended by TCP_USER_TIMEOUT, counted from the first SYN; "
                     "the last timer is cut to it.\n");
        break;
    }
    if (t->user_timeout_clamps && t->user_timeout_us == RTO_NONE)
        rto_say(out, "TCP_USER_TIMEOUT %s does not end it: it only cuts the "
                     "timers, so once it has passed the SYNs follow each "
                     "other a timer apart until the count runs out.\n",
                dur(p->user_timeout_us, a));
    if (p->syn_linear_timeouts)
        rto_say(out, "The first %d retransmissions keep the initial RTO "
                     "(tcp_syn_linear_timeouts), then it doubles. ",
                p->syn_linear_timeouts);
    rto_say(out, "connect() fails with ETIMEDOUT; an ICMP error ends it at "
                 "once.\n");
}

static void explain_synack(struct rto_text *out, const struct rto_params *p,
                           const struct rto_timeline *t)
{
    if (t->give_up_us == RTO_NONE) {
        rto_say(out, "req->num_timeout is 7 bits wide and wraps after 127: "
                     "with %d SYN-ACK retries the request never expires "
                     "(the first firings are shown).\n",
                t->count_limit);
        return;
    }
    if (p->fastopen)
        rto_say(out, "A Fast Open child gets tcp_synack_retries + 1 = %d "
                     "retransmissions, then aborts with ETIMEDOUT for the "
                     "process that accepted it.\n",
                t->count_limit);
    else
        rto_say(out, "The request is dropped silently after "
                     "tcp_synack_retries = %d unanswered SYN-ACKs; "
                     "TCP_USER_TIMEOUT plays no part. Assumes the SYN queue "
                     "is less than half full (no \"young\" pruning).\n",
                p->synack_retries);
}

static void explain_orphan(struct rto_text *out, const struct rto_params *p,
                           const struct rto_timeline *t)
{
    (void)p;
    if (t->reason != RTO_REASON_USER_TIMEOUT)
        why_budget(out, t);
    rto_say(out, "Nobody is left to see an error: the socket is destroyed "
                 "without a RST. Assumes no memory pressure (tcp_max_orphans "
                 "not reached), which would kill it sooner.\n");
}

static void explain_fin_wait2(struct rto_text *out, const struct rto_params *p,
                              const struct rto_timeline *t)
{
    char a[DUR], b[DUR];

    (void)p;
    if (t->fin_wait2_stage1_us != RTO_NONE)
        rto_say(out, "Past 60 s it takes two stages: %s on the keepalive "
                     "timer, then a FIN_WAIT2 timewait mini-socket for %s "
                     "more: 2 x (timeout - 60 s) in all (measured on Linux "
                     "6.18).\n",
                dur(t->fin_wait2_stage1_us, a),
                dur(t->give_up_us - t->fin_wait2_stage1_us, b));
    else
        rto_say(out, "A FIN_WAIT2 timewait mini-socket holds the connection "
                     "for the whole timeout.\n");
    rto_say(out, "Only an orphan has this timer: after shutdown(SHUT_WR) "
                 "without close() FIN_WAIT2 lasts for ever.\n");
}

static void explain_probe0(struct rto_text *out, const struct rto_params *p,
                           const struct rto_timeline *t)
{
    if (t->give_up_us == RTO_NONE)
        rto_say(out, "icsk_probes_out is a u8: it never reaches "
                     "tcp_retries2 = %d, so probing never aborts (kernels "
                     "before 5.13 accepted such values).\n",
                p->retries2);
    else if (t->reason == RTO_REASON_USER_TIMEOUT && t->user_timeout_rule)
        rto_say(out, "Ended by TCP_USER_TIMEOUT: this kernel ends probing "
                     "%s.\n",
                t->user_timeout_rule);
    else if (t->reason == RTO_REASON_USER_TIMEOUT)
        rto_say(out, "Ended by TCP_USER_TIMEOUT at the first probe timer at "
                     "or after it (measured from the first probe).\n");
    else
        rto_say(out, "Count-based: tcp_retries2 = %d probes unanswered, "
                     "whatever the time. A live peer answering with a zero "
                     "window keeps the connection for ever.\n",
                p->retries2);
}

typedef void (*explain_fn)(struct rto_text *, const struct rto_params *,
                           const struct rto_timeline *);

/* Header and summary lines of each path. */
static const struct {
    explain_fn header, summary;
} paths[] = {
    [RTO_PATH_RETRANS] = { header_retrans, explain_retrans },
    [RTO_PATH_KEEPALIVE] = { header_keepalive, explain_keepalive },
    [RTO_PATH_SYN] = { header_syn, explain_syn },
    [RTO_PATH_SYNACK] = { header_synack, explain_synack },
    [RTO_PATH_ORPHAN] = { header_orphan, explain_orphan },
    [RTO_PATH_FIN_WAIT2] = { header_fin_wait2, explain_fin_wait2 },
    [RTO_PATH_PROBE0] = { header_probe0, explain_probe0 },
};

void rto_explain_header(struct rto_text *out, const struct rto_params *p,
                        const struct rto_timeline *t)
{
    if ((unsigned)t->path < sizeof(paths) / sizeof(paths[0]))
        paths[t->path].header(out, p, t);
}

void rto_explain_summary(struct rto_text *out, const struct rto_params *p,
                         const struct rto_timeline *t)
{
    if ((unsigned)t->path < sizeof(paths) / sizeof(paths[0]))
        paths[t->path].summary(out, p, t);
}

/* ---------------------------------------------------------------- */
/* The report's cells                                               */
/* ---------------------------------------------------------------- */

const char *rto_explain_doing(const struct rto_params *p, enum rto_path path)
{
    const struct rto_path_info *pi = rto_path_info(path);

    if (path == RTO_PATH_SYNACK && p->fastopen)
        return "accepting (Fast Open)";
    return pi ? pi->doing : "?";
}

/* What ended the timeline, by the reason and the limits the model
 * recorded, with the settings that set them. */
char *rto_explain_rule(char *buf, size_t size, const struct rto_params *p,
                       const struct rto_timeline *t)
{
    char a[DUR], b[DUR], c[DUR];

    if (t->reason == RTO_REASON_NOT_MODELLED)
        snprintf(buf, size, "not modelled on this kernel: %s",
                 t->not_modelled ? t->not_modelled : "");
    else if (t->path == RTO_PATH_RETRANS
             && t->reason == RTO_REASON_USER_TIMEOUT)
        snprintf(buf, size, "TCP_USER_TIMEOUT %s from the first "
                            "retransmission", dur(t->budget_us, a));
    else if (t->path == RTO_PATH_RETRANS)
        snprintf(buf, size, "tcp_retries2=%d: budget %s from the first "
                            "retransmission", p->retries2,
                 dur(t->budget_us, a));
    else if (t->path == RTO_PATH_KEEPALIVE
             && t->user_timeout_us != RTO_NONE)
        snprintf(buf, size, "TCP_USER_TIMEOUT %s: first probe timer at or "
                            "after it", dur(t->user_timeout_us, a));
    else if (t->path == RTO_PATH_KEEPALIVE)
        snprintf(buf, size, "%s idle + %d probes x %s = %s",
                 dur(p->keepalive_time_us, a), t->count_limit,
                 dur(p->keepalive_intvl_us, b), dur(t->give_up_us, c));
    else
        switch (t->reason) {
        case RTO_REASON_USER_TIMEOUT:
            snprintf(buf, size, "TCP_USER_TIMEOUT %s",
                     dur(t->user_timeout_us, a));
            break;
        case RTO_REASON_SYN_RETRIES:
            if (t->count_linear)
                snprintf(buf, size, "tcp_syn_retries %d + "
                                    "tcp_syn_linear_timeouts %d SYNs",
                         p->syn_retries, p->syn_linear_timeouts);
            else
                snprintf(buf, size, "tcp_syn_retries %d SYNs",
                         p->syn_retries);
            break;
        case RTO_REASON_SYN_TIME:
            snprintf(buf, size, "time cap model(tcp_syn_retries=%d, %s) = %s",
                     p->syn_retries, dur(t->initial_rto_us, b),
                     dur(t->budget_us, a));
            break;
        case RTO_REASON_SYNACK_RETRIES:
            snprintf(buf, size, "tcp_synack_retries=%d%s: request dropped "
                                "silently",
                     p->synack_retries, p->fastopen ? " + 1 (Fast Open)" : "");
            break;
        case RTO_REASON_ORPHAN_RETRIES:
            snprintf(buf, size, "tcp_orphan_retries=%d%s: budget %s",
                     p->orphan_retries, p->orphan_retries ? "" : " (means 8)",
                     dur(t->budget_us, a));
            break;
        case RTO_REASON_FIN_TIMEOUT:
            snprintf(buf, size, "tcp_fin_timeout=%s%s",
                     dur(p->fin_timeout_us, a),
                     t->fin_wait2_stage1_us != RTO_NONE
                         ? ": two stages of (timeout - 60 s)" : "");
            break;
        case RTO_REASON_PROBES:
            snprintf(buf, size, "tcp_retries2=%d unanswered window probes",
                     t->count_limit);
            break;
        default:
            if (t->give_up_us == RTO_NONE && t->path == RTO_PATH_PROBE0)
                snprintf(buf, size, "nothing: the u8 probe counter never "
                                    "reaches %d", p->retries2);
            else if (t->give_up_us == RTO_NONE)
                snprintf(buf, size, "nothing: a 7-bit retry counter never "
                                    "reaches %d",
                         t->count_limit);
            else
                snprintf(buf, size, "%s", rto_reason_name(t->reason));
            break;
        }
    return buf;
}
