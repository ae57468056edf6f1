/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Middleboxes that forget idle flows: load balancers, NATs, firewalls and
 * connection trackers, each with its default idle timeout and the document
 * the number comes from (REFERENCES.md section 3).
 *
 * The facts --through and the solver use: the gaps between the packets a
 * path sends, each at its latest (the timer that ends it as late as the
 * wheel allows), against an idle timeout.  A keepalive whose first probe
 * can leave at or after the timeout lets the middlebox forget the flow
 * before it; a retransmission backed off past it lets the middlebox forget
 * the flow mid-retransmission.
 *
 * data/middleboxes.tsv carries the same rows for scripts; tests/check_plan.c
 * checks that the two agree.
 */
#include <config.h>

#include <stdbool.h>
#include <string.h>

#include "internal.h"

#define US_PER_S INT64_C(1000000)

/* Sorted by provider; names are lower case with dashes. */
static const struct rto_middlebox presets[] = {
    {"aws-nlb", "AWS Network Load Balancer (TCP listener)", 350 * US_PER_S,
     "AWS ELB docs, Network Load Balancers: \"The default idle timeout "
     "value for TCP flows is 350 seconds\" (60-6000 s; TLS fixed at 350 s)"},
    {"aws-network-firewall", "AWS Network Firewall (stateful TCP flows)",
     350 * US_PER_S,
     "AWS Network Firewall docs: TcpIdleTimeoutSeconds default 350 "
     "(60-6000)"},
    {"aws-ec2-conntrack",
     "AWS EC2 security-group connection tracking (established TCP)",
     432000 * US_PER_S,
     "AWS EC2 docs, connection tracking: tcpEstablishedTimeout default "
     "432000 s (5 days), min 60"},
    {"azure-lb", "Azure Load Balancer", 240 * US_PER_S,
     "Azure Load Balancer docs: \"The default setting is 4 minutes\" "
     "(4-100 min; silent drop unless TCP reset is enabled)"},
    {"azure-nat-rule", "Azure Load Balancer inbound NAT rule",
     240 * US_PER_S,
     "Azure inbound NAT rule idle timeout: \"between 4 and 30 minutes. "
     "The default value is 4 minutes\""},
    {"gcp-firewall", "GCP VPC firewall connection tracking",
     600 * US_PER_S,
     "GCP Compute docs (via GitLab charts#2519): \"idle connections are "
     "tracked for a maximum of 10 minutes\""},
    {"gcp-cloud-nat", "GCP Cloud NAT (established TCP)", 1200 * US_PER_S,
     "GCP Cloud NAT tcpEstablishedIdleTimeoutSec: \"Defaults to 1200s\""},
    {"kube-proxy", "kube-proxy conntrack (established TCP)",
     86400 * US_PER_S,
     "kube-proxy configuration: conntrack tcpEstablishedTimeout: "
     "24h0m0s"},
    {"nf-conntrack", "Linux netfilter conntrack (established TCP)",
     432000 * US_PER_S,
     "Linux nf_conntrack sysctl docs: nf_conntrack_tcp_timeout_established "
     "\"default 432000 (5 days)\""},
    {"cloudflare-proxy", "Cloudflare proxy, edge to origin (IBM CIS)",
     900 * US_PER_S,
     "IBM CIS / Cloudflare edge limits: proxy idle timeout 900 s"},
};

#define N_PRESETS (sizeof(presets) / sizeof(presets[0]))

const struct rto_middlebox *rto_middleboxes(size_t *count)
{
    if (count)
        *count = N_PRESETS;
    return presets;
}

const struct rto_middlebox *rto_middlebox_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < N_PRESETS; i++)
        if (strcmp(presets[i].name, name) == 0)
            return &presets[i];
    return NULL;
}

/* ------------------------------------------------------------------ */
/* What a middlebox sees of a path                                    */
/* ------------------------------------------------------------------ */

/* MAX_TCP_KEEPIDLE and MAX_TCP_KEEPINTVL (include/net/tcp.h). */
#define TIMER_MAX_S 32767

int64_t rto_timer_below_s(int hz, int64_t idle_us)
{
    struct rto_clock c;
    int64_t lo = 1, hi = TIMER_MAX_S, best = 0, limit;

    if (!rto_hz_valid(hz) || idle_us <= 0)
        return 0;
    rto_clock_init(&c, hz);
    limit = rto_us_to_ticks(&c, idle_us);
    /* A timer of s seconds is s x HZ jiffies; at its latest it fires one
     * wheel granularity after that (the keepalive timer of keepalive.c).
     * That grows with s, so the largest that fits is found by halving. */
    while (lo <= hi) {
        int64_t s = lo + (hi - lo) / 2;
        uint64_t j = (uint64_t)s * (uint64_t)hz;
        int64_t at = (int64_t)j * c.tpj + rto_late_ticks(&c, j, RTO_LATE_MAX);

        if (at < limit) {
            best = s;
            lo = s + 1;
        } else {
            hi = s - 1;
        }
    }
    return best;
}

/* A packet the socket sends while it still holds the connection: the
 * RST goes out as it gives up, when there is no flow left to keep. */
static bool sends(enum rto_event_type type)
{
    return type == RTO_EV_SEND || type == RTO_EV_TLP
           || type == RTO_EV_RETRANSMIT || type == RTO_EV_PROBE;
}

/* The idle timeouts of the table are for established flows: a SYN or a
 * SYN-ACK has no flow established yet, and FIN_WAIT2 sends nothing. */
static bool checked(enum rto_path path)
{
    return path != RTO_PATH_SYN && path != RTO_PATH_SYNACK
           && path != RTO_PATH_FIN_WAIT2;
}

int rto_middlebox_gaps(const struct rto_timeline *t, int hz, int64_t idle_us,
                       struct rto_mb_check *c)
{
    /* Time zero: a packet passed the middlebox then on every path checked
     * (the original send; the last segment received; the ACK that closed
     * the window). */
    int64_t from = 0, from_typ = 0, from_nom = 0;
    bool found = false;

    if (!t || !c || !t->events || idle_us <= 0)
        return RTO_EINVAL;
    if (!checked(t->path)) {
        *c = (struct rto_mb_check){ .verdict = RTO_MB_NOT_CHECKED,
                                    .gap_typical_us = RTO_NONE,
                                    .forgets_us = RTO_NONE };
        return RTO_OK;
    }
    *c = (struct rto_mb_check){ .verdict = RTO_MB_KEEPS, .gap_us = 0,
                                .gap_typical_us = RTO_NONE,
                                .forgets_us = RTO_NONE,
                                .timer_max_s = rto_timer_below_s(hz,
                                                                 idle_us) };
    for (size_t i = 0; i < t->count; i++) {
        const struct rto_event *e = &t->events[i];
        int64_t gap;

        if (!sends(e->type) || e->latest_us == RTO_NONE)
            continue;
        gap = e->latest_us - from;
        if (!found || gap > c->gap_us) {
            found = true;
            c->gap_us = gap;
            c->gap_typical_us = e->typical_us != RTO_NONE
                                        && from_typ != RTO_NONE
                                    ? e->typical_us - from_typ
                                    : RTO_NONE;
            c->gap_nominal_us = e->at_us - from_nom;
            c->timer_us = e->timer_us;
            c->from_us = from;
            c->to_type = e->type;
            c->to_n = e->n;
        }
        if (gap >= idle_us) {
            /* The first gap that reaches the timeout is where the flow is
             * lost, whatever comes after. */
            c->verdict = RTO_MB_FORGETS;
            c->forgets_us = from + idle_us;
            break;
        }
        from = e->latest_us;
        from_typ = e->typical_us;
        from_nom = e->at_us;
    }
    if (!found)
        return RTO_EINVAL;
    return RTO_OK;
}

int rto_middlebox_check(const struct rto_params *p, enum rto_path path,
                        const struct rto_middlebox *m,
                        struct rto_event *scratch, size_t cap,
                        struct rto_mb_check *c)
{
    const struct rto_path_info *pi = rto_path_info(path);
    struct rto_timeline t;
    int err;

    if (!p || !m || !c || !pi || m->idle_us <= 0)
        return RTO_EINVAL;
    if (!checked(path)) {
        *c = (struct rto_mb_check){ .verdict = RTO_MB_NOT_CHECKED,
                                    .gap_typical_us = RTO_NONE,
                                    .forgets_us = RTO_NONE };
        return RTO_OK;
    }
    if (!scratch || cap == 0)
        return RTO_EINVAL;
    rto_timeline_init(&t, scratch, cap);
    if ((err = pi->run(p, &t)))
        return err;
    return rto_middlebox_gaps(&t, p->hz, m->idle_us, c);
}
