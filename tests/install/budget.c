/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A program built against the installed library, with nothing but the
 * public header and pkg-config (tests/install/run.sh compiles it): the
 * tcp_retries2=15 budget at the defaults, from tcp_model_timeout() and
 * from the retransmission timeline.  Prints "budget 924.6 s" and exits 0
 * only if both are 924.6 s, the figure of the kernel documentation
 * (Documentation/networking/ip-sysctl.rst, tcp_retries2: "924.6 seconds").
 */
#include <rtocalc.h>

#include <stdint.h>
#include <stdio.h>

/* Kernel ip-sysctl.rst: tcp_retries2=15 is a 924.6 s budget. */
#define EXPECTED_BUDGET_US INT64_C(924600000)

int main(void)
{
    struct rto_params p;
    struct rto_event ev[64];
    struct rto_timeline t;
    char buf[32];
    uint32_t model_ms;
    int err;

    rto_params_default(&p);
    model_ms = rto_model_timeout_ms(&p, 15, 200);

    rto_timeline_init(&t, ev, sizeof ev / sizeof ev[0]);
    err = rto_retrans(&p, &t);
    if (err != 0) {
        fprintf(stderr, "budget: rto_retrans: %s\n", rto_strerror(err));
        return 1;
    }
    printf("budget %s\n", rto_fmt_duration(t.budget_us, buf, sizeof buf));

    if (t.budget_us != EXPECTED_BUDGET_US) {
        fprintf(stderr, "budget: the timeline's budget is %lld us, not %lld\n",
                (long long)t.budget_us, (long long)EXPECTED_BUDGET_US);
        return 1;
    }
    if ((int64_t)model_ms * 1000 != EXPECTED_BUDGET_US) {
        fprintf(stderr, "budget: rto_model_timeout_ms(15, 200) is %lu ms\n",
                (unsigned long)model_ms);
        return 1;
    }
    return 0;
}
