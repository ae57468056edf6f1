/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --kernel list: the profiles and the rule changes they switch, with their
 * sources; rtocalc sysctl: the settings in force, where each came from,
 * and what they give on every path.
 */
#include <inttypes.h>
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

int cli_sysctl_report(FILE *out, const struct cli_opts *o)
{
    const struct rto_params *p = &o->params;
    char v[16], value[16];

    rto_kernel_name(p->kernel, v, sizeof(v));
    fprintf(out, "Settings in force: Linux %s profile, HZ=%d%s\n\n", v,
            p->hz, o->system ? " (from the running kernel)" : "");
    for (size_t i = 0; i < rto_setting_count(); i++) {
        const struct rto_setting *s = rto_setting_at(i);
        int64_t x = rto_setting_get(p, s->field);

        if (!s->sysctl
            || (s->sysctl_needs >= 0
                && !rto_kernel_has(p->kernel,
                                   (enum rto_feature)s->sysctl_needs)))
            continue;
        if (s->kind == RTO_KIND_CHOICE)
            snprintf(value, sizeof(value), "%s", rto_cc_name((enum rto_cc)x));
        else
            snprintf(value, sizeof(value), "%" PRId64,
                     rto_setting_to_sysctl(s->field, x));
        fprintf(out, "net.ipv4.%-26s = %-8s  %s\n", s->sysctl, value,
                o->labels[s->field]  ? o->labels[s->field]
                : o->texts[s->field] ? "option"
                                     : "profile default");
    }
    fputc('\n', out);
    return ferror(out) ? RTO_EIO : 0;
}
