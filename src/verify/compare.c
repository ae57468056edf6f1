/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Holding the model to a measurement: every measured transmission inside
 * the model's [nominal, latest] window for that event, the count inside
 * [min, max], the give-up inside [earliest, latest] (each with the stated
 * tolerance), the application's error as predicted, the segments in
 * flight as the model had them, and the error of the typical prediction
 * kept for the report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify/run.h"

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int64_t abs64(int64_t v)
{
    return v < 0 ? -v : v;
}

bool verify_timed(enum rto_event_type type)
{
    return type == RTO_EV_TLP || type == RTO_EV_RETRANSMIT
           || type == RTO_EV_PROBE;
}

bool verify_event_inside(const struct rto_event *ev, int64_t at_us)
{
    return at_us >= ev->at_us - VERIFY_TOLERANCE_US
           && at_us <= ev->latest_us + VERIFY_TOLERANCE_US;
}

bool verify_give_up_inside(const struct rto_timeline *t, int64_t at_us)
{
    return at_us >= t->give_up_earliest_us - VERIFY_TOLERANCE_US
           && at_us <= t->give_up_latest_us + VERIFY_TOLERANCE_US;
}

/* The model's events that a measured transmission or probe stands for. */
static size_t model_events(const struct rto_timeline *t,
                           const struct rto_event **out, size_t cap)
{
    size_t n = 0;

    for (size_t i = 0; i < t->count && n < cap; i++)
        if (verify_timed(t->events[i].type))
            out[n++] = &t->events[i];
    return n;
}

static void add_verdict(struct verify_job *j, const char *what)
{
    size_t len = strlen(j->verdict);

    snprintf(j->verdict + len, sizeof(j->verdict) - len, "%s%s",
             len ? "; " : "", what);
    j->pass = false;
}

void verify_compare(struct verify_job *j)
{
    const struct verify_measured *m = &j->m;
    const struct rto_event *ev[VERIFY_MAX_EVENTS];
    int64_t errs[VERIFY_MAX_EVENTS + 1];
    size_t k, nerr = 0;
    bool tlp = false;
    char msg[160];

    j->pass = true;
    j->verdict[0] = '\0';
    j->events_checked = j->events_inside = 0;
    if (!m->ran) {
        add_verdict(j, *m->why ? m->why : "could not run");
        return;
    }
    /* The model at the RTT the connection really had. */
    if (m->rtt_us > 0)
        j->p.rtt_us = m->rtt_us;
    if (verify_model(j) != 0) {
        add_verdict(j, "the model refused the settings");
        return;
    }
    /* Where the model's first timer is the connection's RTO, the kernel's
     * own tcpi_rto must equal it (this also checks the HZ); zero-window
     * probing starts from max(icsk_rto, TCP_RTO_MIN), the RTO itself
     * whenever rto_min is not below 200 ms (tcp_probe0_base()). */
    if (m->rto_us > 0
        && (j->s->path == RTO_PATH_RETRANS || j->s->path == RTO_PATH_ORPHAN
            || j->s->path == RTO_PATH_FIN_WAIT2
            || j->s->path == RTO_PATH_PROBE0)
        && m->rto_us != j->t.initial_rto_us) {
        snprintf(msg, sizeof(msg), "tcpi_rto %lld us, model %lld us",
                 (long long)m->rto_us, (long long)j->t.initial_rto_us);
        add_verdict(j, msg);
    }
    /* The segments that really left before the first retransmission are
     * the ones the model's timers assumed (the tail loss probe's delay
     * depends on them): fewer, e.g. a window too small for the burst or
     * a FIN merged into the data, is another scenario. */
    if (m->in_flight > 0 && j->t.in_flight > 0
        && m->in_flight != j->t.in_flight) {
        snprintf(msg, sizeof(msg), "%d segment%s in flight, model %d",
                 m->in_flight, m->in_flight == 1 ? "" : "s", j->t.in_flight);
        add_verdict(j, msg);
    }
    k = model_events(&j->t, ev, VERIFY_MAX_EVENTS);
    for (size_t i = 0; i < k; i++)
        if (ev[i]->type == RTO_EV_TLP)
            tlp = true;
    j->measured_count = m->events - (tlp && m->events > 0 ? 1 : 0);
    for (int i = 0; i < m->events && i < VERIFY_MAX_EVENTS; i++) {
        int64_t at = m->event_us[i];
        if ((size_t)i >= k)
            break; /* past the nominal list: the count check covers it */
        j->events_checked++;
        if (verify_event_inside(ev[i], at))
            j->events_inside++;
        else if (j->pass || strlen(j->verdict) < 120) {
            snprintf(msg, sizeof(msg), "event %d at %.3f s outside %.3f-%.3f",
                     i + 1, (double)at / 1e6, (double)ev[i]->at_us / 1e6,
                     (double)ev[i]->latest_us / 1e6);
            add_verdict(j, msg);
        }
        if (ev[i]->typical_us != RTO_NONE)
            errs[nerr++] = abs64(at - ev[i]->typical_us);
    }
    if (j->events_inside < j->events_checked)
        j->pass = false;
    if (j->t.path != RTO_PATH_FIN_WAIT2
        && (j->measured_count < j->t.retransmissions_min
            || j->measured_count > j->t.retransmissions_max)) {
        snprintf(msg, sizeof(msg), "%d %s, model %d-%d", j->measured_count,
                 j->t.path == RTO_PATH_KEEPALIVE ? "probes" : "retransmissions",
                 j->t.retransmissions_min, j->t.retransmissions_max);
        add_verdict(j, msg);
    }
    if (!m->died) {
        add_verdict(j, "did not give up within the model's latest time");
    } else {
        if (!verify_give_up_inside(&j->t, m->give_up_us)) {
            snprintf(msg, sizeof(msg), "give-up at %.3f s outside %.3f-%.3f",
                     (double)m->give_up_us / 1e6,
                     (double)j->t.give_up_earliest_us / 1e6,
                     (double)j->t.give_up_latest_us / 1e6);
            add_verdict(j, msg);
        }
        errs[nerr++] = abs64(m->give_up_us - j->t.give_up_typical_us);
        if (j->t.error && m->error != j->t.error) {
            snprintf(msg, sizeof(msg), "error %d, model %d", m->error,
                     j->t.error);
            add_verdict(j, msg);
        }
    }
    qsort(errs, nerr, sizeof(errs[0]), cmp64);
    j->typical_err_median_us = nerr ? errs[nerr / 2] : 0;
    j->typical_err_worst_us = nerr ? errs[nerr - 1] : 0;
    if (j->pass)
        snprintf(j->verdict, sizeof(j->verdict), "pass");
}
