/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --kernel list: the profiles and the rule changes they switch, with their
 * sources; rtocalc sysctl: the settings in force, where each came from,
 * and what they give on every path.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int cli_kernel_list(FILE *out, void *ctx)
{
    size_t np, nc;
    const struct rto_profile *pr = rto_profiles(&np);
    const struct rto_change *ch = rto_changes(&nc);
    char v[16];

    (void)ctx;
    fprintf(out, "Kernel profiles (--kernel VERSION uses the nearest at or "
                 "below VERSION):\n\n");
    fprintf(out, "%-8s  %-5s  %-6s  %-7s  %-8s  %-7s  %-5s  %s\n", "profile",
            "init", "syn", "linear", "compare", "u8", "TLP", "e.g.");
    for (size_t i = 0; i < np; i++) {
        struct rto_params p;
        int k = pr[i].version;

        rto_params_default_for(&p, k);
        rto_kernel_name(k, v, sizeof(v));
        fprintf(out, "%-8s  %-5s  %-6d  %-7d  %-8s  %-7s  %-5s  %s\n", v,
                rto_kernel_has(k, RTO_FEAT_INIT_RTO_1S) ? "1 s" : "3 s",
                p.syn_retries, p.syn_linear_timeouts,
                rto_kernel_has(k, RTO_FEAT_SIGNED_COMPARE) ? "s32 ms"
                : rto_kernel_has(k, RTO_FEAT_MS_CLOCK)     ? "u32 ms"
                                                           : "u32 jif",
                rto_kernel_has(k, RTO_FEAT_U8_SYSCTLS) ? "0..255" : "int",
                p.tlp ? "on" : "none", pr[i].examples);
    }
    fprintf(out, "\ninit: initial RTO (TCP_TIMEOUT_INIT); syn: "
                 "tcp_syn_retries default; linear: tcp_syn_linear_timeouts "
                 "default;\ncompare: the give-up comparison; u8: range of "
                 "the retry sysctls.\n\nChanges, with their sources:\n\n");
    for (size_t i = 0; i < nc; i++) {
        rto_kernel_name(ch[i].version, v, sizeof(v));
        fprintf(out, "%-8s  %s\n%-8s  %s\n", v, ch[i].what, "",
                ch[i].source);
    }
    return ferror(out) ? RTO_EIO : 0;
}

/* The value of a field as the sysctl shows it. */
static long sysctl_value(const struct rto_params *p, enum rto_field f)
{
    switch (f) {
    case RTO_F_RETRIES1: return p->retries1;
    case RTO_F_RETRIES2: return p->retries2;
    case RTO_F_SYN_RETRIES: return p->syn_retries;
    case RTO_F_SYN_LINEAR_TIMEOUTS: return p->syn_linear_timeouts;
    case RTO_F_SYNACK_RETRIES: return p->synack_retries;
    case RTO_F_ORPHAN_RETRIES: return p->orphan_retries;
    case RTO_F_FIN_TIMEOUT: return (long)(p->fin_timeout_us / 1000000);
    case RTO_F_KEEPALIVE_TIME: return (long)(p->keepalive_time_us / 1000000);
    case RTO_F_KEEPALIVE_INTVL:
        return (long)(p->keepalive_intvl_us / 1000000);
    case RTO_F_KEEPALIVE_PROBES: return p->keepalive_probes;
    case RTO_F_RTO_MIN: return (long)p->rto_min_us;
    case RTO_F_RTO_MAX: return (long)(p->rto_max_us / 1000);
    case RTO_F_TLP: return p->tlp ? 3 : 0;
    case RTO_F_THIN: return p->thin ? 1 : 0;
    default: return 0;
    }
}

int cli_sysctl_report(FILE *out, const struct cli_opts *o)
{
    const struct rto_params *p = &o->params;
    char v[16];

    rto_kernel_name(p->kernel, v, sizeof(v));
    fprintf(out, "Settings in force: Linux %s profile, HZ=%d%s\n\n", v,
            p->hz, o->system ? " (from the running kernel)" : "");
    for (int f = 0; f < RTO_F_COUNT; f++) {
        const char *name = cli_sysctl_name((enum rto_field)f);
        const char *from;

        if (!name)
            continue;
        if ((f == RTO_F_SYN_LINEAR_TIMEOUTS
             && !rto_kernel_has(p->kernel, RTO_FEAT_SYN_LINEAR))
            || (f == RTO_F_RTO_MIN
                && !rto_kernel_has(p->kernel, RTO_FEAT_RTO_MIN_SYSCTL))
            || (f == RTO_F_RTO_MAX
                && !rto_kernel_has(p->kernel, RTO_FEAT_RTO_MAX)))
            continue;
        from = o->labels[f] ? o->labels[f]
               : o->texts[f] ? "option" : "profile default";
        fprintf(out, "net.ipv4.%-26s = %-8ld  %s\n", name,
                sysctl_value(p, (enum rto_field)f), from);
    }
    fprintf(out, "net.ipv4.%-26s = %-8s  %s\n", "tcp_congestion_control",
            p->cc == RTO_CC_BBR ? "bbr" : p->cc == RTO_CC_RENO ? "reno"
                                                              : "cubic",
            o->system ? "--system (or the socket's TCP_CONGESTION)"
                      : "default, --cc or --sysctl");
    fputc('\n', out);
    return ferror(out) ? RTO_EIO : 0;
}
