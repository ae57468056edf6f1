/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dead-peer report: one line per thing the connection may be doing
 * when the peer vanishes, with when Linux gives up and the rule that ends
 * it.
 */
#include <inttypes.h>
#include <string.h>

#include "format/format.h"

#define DUR 32

/* One summarised path; only the summary of its timeline is kept. */
struct row {
    const char *path;       /* JSON/CSV name */
    const char *doing;      /* what the connection is doing */
    struct rto_timeline t;  /* summary only (events are scratch) */
    char rule[160];         /* what ends it, with the numbers */
};

static const char *dur(int64_t us, char *buf)
{
    return rto_fmt_duration(us, buf, DUR);
}

static int fill_retrans(struct row *r, const struct rto_params *p,
                        struct rto_event *scratch, size_t cap)
{
    char a[DUR];
    int err;

    r->path = "retrans";
    r->doing = "sending data";
    rto_timeline_init(&r->t, scratch, cap);
    if ((err = rto_retrans(p, &r->t)))
        return err;
    if (r->t.reason == RTO_REASON_USER_TIMEOUT)
        snprintf(r->rule, sizeof(r->rule),
                 "TCP_USER_TIMEOUT %s from the first retransmission",
                 dur(r->t.budget_us, a));
    else
        snprintf(r->rule, sizeof(r->rule),
                 "tcp_retries2=%d: budget %s from the first retransmission",
                 p->retries2, dur(r->t.budget_us, a));
    return 0;
}

static int fill_keepalive(struct row *r, const struct rto_params *p,
                          struct rto_event *scratch, size_t cap)
{
    char a[DUR], b[DUR], c[DUR];
    int err;

    r->path = "keepalive";
    r->doing = "idle, keepalive on";
    rto_timeline_init(&r->t, scratch, cap);
    if ((err = rto_keepalive(p, &r->t)))
        return err;
    if (p->user_timeout_us)
        snprintf(r->rule, sizeof(r->rule),
                 "TCP_USER_TIMEOUT %s: first probe timer at or after it",
                 dur(p->user_timeout_us, a));
    else
        snprintf(r->rule, sizeof(r->rule),
                 "%s idle + %d probes x %s = %s",
                 dur(p->keepalive_time_us, a), p->keepalive_probes,
                 dur(p->keepalive_intvl_us, b), dur(r->t.give_up_us, c));
    return 0;
}

static void fill_idle(struct row *r, const struct rto_params *p)
{
    (void)p;
    r->path = "idle";
    r->doing = "idle, keepalive off";
    rto_timeline_init(&r->t, NULL, 0);
    r->t.reason = RTO_REASON_NONE;
    r->t.retransmissions = 0;
    r->t.retransmissions_typical = 0;
    snprintf(r->rule, sizeof(r->rule),
             "nothing: an idle socket never notices a dead peer");
}

typedef int (*path_fn)(const struct rto_params *, struct rto_timeline *);

/* Run one path into the row and describe the rule that ended it. */
static int fill(struct row *r, const char *path, const char *doing,
                path_fn fn, const struct rto_params *p,
                struct rto_event *scratch, size_t cap)
{
    char a[DUR], b[DUR];
    int err;

    r->path = path;
    r->doing = doing;
    rto_timeline_init(&r->t, scratch, cap);
    if ((err = fn(p, &r->t)))
        return err;
    switch (r->t.reason) {
    case RTO_REASON_USER_TIMEOUT:
        snprintf(r->rule, sizeof(r->rule), "TCP_USER_TIMEOUT %s",
                 dur(p->user_timeout_us, a));
        break;
    case RTO_REASON_SYN_RETRIES:
        snprintf(r->rule, sizeof(r->rule),
                 "tcp_syn_retries %d + tcp_syn_linear_timeouts %d SYNs",
                 p->syn_retries, p->syn_linear_timeouts);
        break;
    case RTO_REASON_SYN_TIME:
        snprintf(r->rule, sizeof(r->rule),
                 "time cap model(tcp_syn_retries=%d, 1 s) = %s",
                 p->syn_retries, dur(r->t.budget_us, a));
        break;
    case RTO_REASON_SYNACK_RETRIES:
        snprintf(r->rule, sizeof(r->rule),
                 "tcp_synack_retries=%d%s: request dropped silently",
                 p->synack_retries, p->fastopen ? " + 1 (Fast Open)" : "");
        break;
    case RTO_REASON_ORPHAN_RETRIES:
        snprintf(r->rule, sizeof(r->rule),
                 "tcp_orphan_retries=%d%s: budget %s",
                 p->orphan_retries, p->orphan_retries ? "" : " (means 8)",
                 dur(r->t.budget_us, a));
        break;
    case RTO_REASON_FIN_TIMEOUT:
        snprintf(r->rule, sizeof(r->rule), "tcp_fin_timeout=%s%s",
                 dur(p->fin_timeout_us, a),
                 r->t.fin_wait2_stage1_us != RTO_NONE
                     ? ": two stages of (timeout - 60 s)" : "");
        break;
    case RTO_REASON_PROBES:
        snprintf(r->rule, sizeof(r->rule),
                 "tcp_retries2=%d unanswered window probes", p->retries2);
        break;
    default:
        if (r->t.give_up_us == RTO_NONE && r->t.path == RTO_PATH_PROBE0)
            snprintf(r->rule, sizeof(r->rule),
                     "nothing: the u8 probe counter never reaches %d",
                     p->retries2);
        else if (r->t.give_up_us == RTO_NONE)
            snprintf(r->rule, sizeof(r->rule),
                     "nothing: a 7-bit retry counter never reaches %d",
                     p->synack_retries + (p->fastopen ? 1 : 0));
        else
            snprintf(r->rule, sizeof(r->rule), "%s",
                     rto_reason_name(r->t.reason));
        break;
    }
    (void)b;
    return 0;
}

static const char *count_word(const struct row *r)
{
    if (strcmp(r->path, "fin_wait2") == 0)
        return "";
    return (strcmp(r->path, "keepalive") == 0
            || strcmp(r->path, "probe0") == 0) ? "probes" : "retransmissions";
}

static void table(FILE *out, const struct rto_params *p,
                  const struct row *rows, size_t n)
{
    char k[16], a[DUR], b[DUR], c[DUR], h[DUR], w[72], cnt[40], nom[64];

    fprintf(out, "rtocalc: the peer vanished - when does Linux give up on "
                 "the connection?\n");
    fprintf(out, "Linux %s model, HZ=%d, RTT %s; every knob at its default "
                 "unless set\n\n",
            rto_kernel_name(p->kernel, k, sizeof(k)), p->hz, dur(p->rtt_us, a));
    fprintf(out, "%-20s  %-12s  %-25s  %-22s  %-18s  %s\n", "doing",
            "typical", "window", "nominal", "count", "ended by");
    for (size_t i = 0; i < n; i++) {
        const struct row *r = &rows[i];
        if (r->t.give_up_us == RTO_NONE) {
            fprintf(out, "%-20s  %-12s  %-25s  %-22s  %-18s  %s\n", r->doing,
                    "never", "-", "never", "-", r->rule);
            continue;
        }
        snprintf(w, sizeof(w), "%s - %s", dur(r->t.give_up_earliest_us, a),
                 dur(r->t.give_up_latest_us, b));
        snprintf(nom, sizeof(nom), "%s (%s)", dur(r->t.give_up_us, c),
                 rto_fmt_hms(r->t.give_up_us, h, sizeof(h)));
        if (*count_word(r))
            snprintf(cnt, sizeof(cnt), "%d %s", r->t.retransmissions_typical,
                     count_word(r));
        else
            snprintf(cnt, sizeof(cnt), "-");
        fprintf(out, "%-20s  %-12s  %-25s  %-22s  %-18s  %s\n", r->doing,
                dur(r->t.give_up_typical_us, a), w, nom, cnt, r->rule);
    }
    fprintf(out, "\ntypical: each kernel timer late by half its timer-wheel "
                 "granularity; window: every lateness the wheel allows;\n"
                 "nominal: every timer on time. Details: rtocalc retrans, keepalive, "
                 "syn, synack, orphan [--fin-wait2], probe0.\n");
}

static void json_num(FILE *out, const char *key, int64_t v, const char *sep)
{
    if (v == RTO_NONE)
        fprintf(out, "\"%s\": null%s", key, sep);
    else
        fprintf(out, "\"%s\": %" PRId64 "%s", key, v, sep);
}

static void json(FILE *out, const struct rto_params *p, const struct row *rows,
                 size_t n)
{
    char k[16];

    fprintf(out, "{\n  \"command\": \"report\",\n  \"kernel\": \"%s\",\n"
                 "  \"hz\": %d,\n  \"paths\": [\n",
            rto_kernel_name(p->kernel, k, sizeof(k)), p->hz);
    for (size_t i = 0; i < n; i++) {
        const struct rto_timeline *t = &rows[i].t;
        fprintf(out, "    { \"path\": \"%s\", \"doing\": \"%s\", ",
                rows[i].path, rows[i].doing);
        json_num(out, "budget_us", t->budget_us, ", ");
        fprintf(out, "\"retransmissions\": %d, "
                     "\"retransmissions_typical\": %d, "
                     "\"retransmissions_range\": [%d, %d], ",
                t->retransmissions, t->retransmissions_typical,
                t->retransmissions_min, t->retransmissions_max);
        json_num(out, "give_up_us", t->give_up_us, ", ");
        json_num(out, "give_up_typical_us", t->give_up_typical_us, ", ");
        json_num(out, "give_up_earliest_us", t->give_up_earliest_us, ", ");
        json_num(out, "give_up_latest_us", t->give_up_latest_us, ", ");
        fprintf(out, "\"reason\": \"%s\", ", rto_reason_name(t->reason));
        if (t->error)
            fprintf(out, "\"error\": \"%s\" }", rto_errno_name(t->error));
        else
            fprintf(out, "\"error\": null }");
        fprintf(out, "%s\n", i + 1 < n ? "," : "");
    }
    fprintf(out, "  ]\n}\n");
}

static void csv_num(FILE *out, int64_t v, const char *sep)
{
    if (v != RTO_NONE)
        fprintf(out, "%" PRId64, v);
    fputs(sep, out);
}

static void csv(FILE *out, const struct row *rows, size_t n)
{
    fputs("path,doing,give_up_us,give_up_typical_us,give_up_earliest_us,"
          "give_up_latest_us,retransmissions,retransmissions_typical,"
          "retransmissions_min,retransmissions_max,budget_us,reason\r\n",
          out);
    for (size_t i = 0; i < n; i++) {
        const struct rto_timeline *t = &rows[i].t;
        fprintf(out, "%s,\"%s\",", rows[i].path, rows[i].doing);
        csv_num(out, t->give_up_us, ",");
        csv_num(out, t->give_up_typical_us, ",");
        csv_num(out, t->give_up_earliest_us, ",");
        csv_num(out, t->give_up_latest_us, ",");
        fprintf(out, "%d,%d,%d,%d,", t->retransmissions,
                t->retransmissions_typical, t->retransmissions_min,
                t->retransmissions_max);
        csv_num(out, t->budget_us, ",");
        fprintf(out, "%s\r\n", rto_reason_name(t->reason));
    }
}

static void markdown(FILE *out, const struct row *rows, size_t n)
{
    char a[DUR], b[DUR], c[DUR], h[DUR];

    fputs("| doing | typical | window | nominal | count | ended by |\n"
          "|---|---|---|---|---|---|\n", out);
    for (size_t i = 0; i < n; i++) {
        const struct row *r = &rows[i];
        if (r->t.give_up_us == RTO_NONE) {
            fprintf(out, "| %s | never | - | never | - | %s |\n", r->doing,
                    r->rule);
            continue;
        }
        fprintf(out, "| %s | %s | %s - %s | ", r->doing,
                dur(r->t.give_up_typical_us, a),
                dur(r->t.give_up_earliest_us, b),
                dur(r->t.give_up_latest_us, c));
        fprintf(out, "%s (%s) | %d %s | %s |\n", dur(r->t.give_up_us, a),
                rto_fmt_hms(r->t.give_up_us, h, sizeof(h)),
                r->t.retransmissions_typical, count_word(r), r->rule);
    }
}

int rto_report(FILE *out, enum rto_format f, const struct rto_params *p,
               struct rto_event *scratch, size_t cap)
{
    struct row rows[8];
    size_t n = 0;
    int err;

    if (f == RTO_FMT_GNUPLOT)
        return RTO_ENOTSUP;
    if ((err = fill_retrans(&rows[n++], p, scratch, cap)))
        return err;
    if ((err = fill_keepalive(&rows[n++], p, scratch, cap)))
        return err;
    fill_idle(&rows[n++], p);
    if ((err = fill(&rows[n++], "syn", "connecting", rto_syn, p, scratch,
                    cap))
        || (err = fill(&rows[n++], "synack",
                       p->fastopen ? "accepting (Fast Open)" : "accepting",
                       rto_synack, p, scratch, cap))
        || (err = fill(&rows[n++], "orphan", "closed, data unsent",
                       rto_orphan, p, scratch, cap))
        || (err = fill(&rows[n++], "fin_wait2", "closed, FIN_WAIT2",
                       rto_fin_wait2, p, scratch, cap))
        || (err = fill(&rows[n++], "probe0", "zero window",
                       rto_probe0, p, scratch, cap)))
        return err;
    /* The timelines' events were scratch; only summaries are printed. */
    for (size_t i = 0; i < n; i++) {
        rows[i].t.events = NULL;
        rows[i].t.count = 0;
    }
    switch (f) {
    case RTO_FMT_TABLE:
        table(out, p, rows, n);
        break;
    case RTO_FMT_JSON:
        json(out, p, rows, n);
        break;
    case RTO_FMT_CSV:
        csv(out, rows, n);
        break;
    case RTO_FMT_MARKDOWN:
        markdown(out, rows, n);
        break;
    default:
        return RTO_ENOTSUP;
    }
    return ferror(out) ? RTO_EIO : RTO_OK;
}
