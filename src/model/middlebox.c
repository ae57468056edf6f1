/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Middleboxes that forget idle flows: load balancers, NATs, firewalls and
 * connection trackers, each with its default idle timeout and the document
 * the number comes from (REFERENCES.md section 3).  A keepalive whose idle
 * time is not below these timeouts lets the middlebox drop the flow before
 * the first probe, so the solver and the CLI's --through warnings use them.
 *
 * data/middleboxes.tsv carries the same rows for scripts; tests/check_plan.c
 * checks that the two agree.
 */
#include <config.h>

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
