/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Charts that compare several model runs, as self-contained gnuplot
 * scripts: the give-up time against tcp_retries2 for several RTTs, and SYN
 * retransmissions with and without linear timeouts.  Timeline charts use
 * the gnuplot writer (gnuplot.c).
 */
#include <inttypes.h>
#include <string.h>

#include "format/format.h"

#define SEC 32
#define BUDGET_MAX_RETRIES 20
#define EVENTS 512

static const char *sec(int64_t us, char *buf)
{
    if (us == RTO_NONE)
        return "NaN";
    return rto_fmt_seconds(us, buf, SEC);
}

/* Give-up vs tcp_retries2 for RTTs 100 us, 10 ms, 100 ms and 300 ms. */
static int budget(FILE *out, const struct rto_params *base)
{
    static const int64_t rtts[] = { 100, 10000, 100000, 300000 };
    struct rto_event ev[EVENTS];
    struct rto_timeline t;
    char a[SEC], k[16];

    fprintf(out, "# rtocalc plot budget: give-up time against tcp_retries2\n"
                 "# Linux %s model, HZ=%d, TLP %s; columns: retries2, "
                 "budget_s, then the typical give-up for each RTT\n",
            rto_kernel_name(base->kernel, k, sizeof(k)), base->hz,
            base->tlp ? "on" : "off");
    fputs("$data << EOD\n", out);
    for (int r = 0; r <= BUDGET_MAX_RETRIES; r++) {
        struct rto_params p = *base;
        p.retries2 = r;
        p.user_timeout_us = 0;
        fprintf(out, "%d %s", r,
                sec((int64_t)rto_model_timeout_ms(&p, (unsigned)r,
                                                 RTO_TCP_RTO_MIN_MS) * 1000,
                    a));
        for (size_t i = 0; i < sizeof(rtts) / sizeof(rtts[0]); i++) {
            int err;
            p.rtt_us = rtts[i];
            p.rto_us = 0;
            rto_timeline_init(&t, ev, EVENTS);
            err = rto_retrans(&p, &t);
            if (err)
                return err;
            fprintf(out, " %s", sec(t.give_up_typical_us, a));
        }
        fputc('\n', out);
    }
    fputs("EOD\n", out);
    fprintf(out,
            "set title \"Give-up time against tcp_retries2 (Linux %s, "
            "HZ=%d): the kernel's budget and what connections see\" "
            "noenhanced\n"
            "set xlabel 'tcp_retries2' noenhanced\n"
            "set ylabel 'seconds (log scale)'\n"
            "set logscale y\nset grid xtics ytics\nset key below\n"
            "set xrange [0:%d]\nset xtics 1\n"
            "plot $data using 1:2 with linespoints lw 2 pt 7 title "
            "'budget (tcp_model_timeout)' noenhanced, \\\n"
            "     $data using 1:3 with linespoints pt 1 title "
            "'typical give-up, RTT 100 us' noenhanced, \\\n"
            "     $data using 1:4 with linespoints pt 2 title "
            "'typical give-up, RTT 10 ms' noenhanced, \\\n"
            "     $data using 1:5 with linespoints pt 4 title "
            "'typical give-up, RTT 100 ms' noenhanced, \\\n"
            "     $data using 1:6 with linespoints pt 6 title "
            "'typical give-up, RTT 300 ms' noenhanced\n",
            rto_kernel_name(base->kernel, k, sizeof(k)), base->hz,
            BUDGET_MAX_RETRIES);
    return RTO_OK;
}

/* One SYN series: "n time" rows, the give-up last. */
static int syn_series(FILE *out, const char *name, const struct rto_params *p,
                      int64_t *give_up)
{
    struct rto_event ev[EVENTS];
    struct rto_timeline t;
    char a[SEC];
    int err, n = 0;

    rto_timeline_init(&t, ev, EVENTS);
    if ((err = rto_syn(p, &t)))
        return err;
    fprintf(out, "$%s << EOD\n", name);
    for (size_t i = 0; i < t.count; i++)
        if (t.events[i].type == RTO_EV_SEND
            || t.events[i].type == RTO_EV_RETRANSMIT)
            fprintf(out, "%d %s\n", n++, sec(t.events[i].at_us, a));
    fputs("EOD\n", out);
    *give_up = t.give_up_us;
    return RTO_OK;
}

/* SYN retransmissions with the profile's linear timeouts and without. */
static int syn(FILE *out, const struct rto_params *base)
{
    struct rto_params lin = *base, expo = *base;
    int64_t g_lin, g_exp;
    char a[SEC], b[SEC], k[16];
    int err;

    if (!rto_kernel_has(base->kernel, RTO_FEAT_SYN_LINEAR))
        lin.syn_linear_timeouts = 0;
    else if (lin.syn_linear_timeouts == 0)
        lin.syn_linear_timeouts = 4;
    expo.syn_linear_timeouts = 0;
    fprintf(out, "# rtocalc plot syn: SYN send times, linear timeouts vs "
                 "plain doubling\n");
    if ((err = syn_series(out, "linear", &lin, &g_lin))
        || (err = syn_series(out, "exponential", &expo, &g_exp)))
        return err;
    fprintf(out,
            "set title \"connect() to a dead peer (Linux %s, "
            "tcp_syn_retries=%d): SYN send times\" noenhanced\n"
            "set xlabel 'SYN (0 = the first)' noenhanced\n"
            "set ylabel 'time since the first SYN (s)'\n"
            "set grid xtics ytics\nset key below\nset xtics 1\n"
            "set yrange [0:*]\n"
            "plot $linear using 1:2 with linespoints lw 2 pt 7 title "
            "'tcp_syn_linear_timeouts=%d: fails at %s s' noenhanced, \\\n"
            "     $exponential using 1:2 with linespoints lw 2 pt 5 title "
            "'tcp_syn_linear_timeouts=0: fails at %s s' noenhanced\n",
            rto_kernel_name(base->kernel, k, sizeof(k)), base->syn_retries,
            lin.syn_linear_timeouts, sec(g_lin, a), sec(g_exp, b));
    return RTO_OK;
}

int rto_chart(FILE *out, enum rto_chart_kind kind, const struct rto_params *p)
{
    struct rto_event ev[EVENTS];
    struct rto_timeline t;
    int err = rto_params_validate(p, NULL);

    if (err)
        return err;
    switch (kind) {
    case RTO_CHART_BUDGET:
        err = budget(out, p);
        break;
    case RTO_CHART_SYN:
        err = syn(out, p);
        break;
    case RTO_CHART_RETRANS:
    case RTO_CHART_KEEPALIVE:
        rto_timeline_init(&t, ev, EVENTS);
        err = kind == RTO_CHART_RETRANS ? rto_retrans(p, &t)
                                        : rto_keepalive(p, &t);
        if (!err)
            err = rto_write(out, RTO_FMT_GNUPLOT, p, &t);
        break;
    default:
        return RTO_EINVAL;
    }
    if (err == 0 && ferror(out))
        err = RTO_EIO;
    return err;
}
