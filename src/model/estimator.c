/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The RTT estimator: a series of RTT samples through the kernel's
 * tcp_rtt_estimator() and tcp_set_rto() (KERNEL.md 2.2), beside RFC 6298's
 * computation of the same samples (KERNEL.md 2.6).
 *
 * The kernel keeps its state in unsigned 32-bit microseconds (srtt_us,
 * mdev_us, mdev_max_us and rttvar_us are u32 in struct tcp_sock), so the
 * state here is uint32_t too, and every update wraps the way the kernel's
 * does.  The sample limit of 120 s keeps 8 x SRTT (at most 960 000 000)
 * and every sum below 2^32.
 */
#include "internal.h"

/* The largest sample accepted: 120 s, TCP_RTO_MAX. */
#define RTT_SAMPLE_MAX_US INT64_C(120000000)
/* RFC 6298 2.4: "the RTO SHOULD be rounded up to 1 second". */
#define RFC_RTO_MIN_US INT64_C(1000000)
#define USEC_PER_SEC 1000000

/* The kernel's state of one socket between samples. */
struct rtt_state {
    uint32_t srtt;          /* tp->srtt_us, 8 x SRTT; 0 before any sample */
    uint32_t mdev;          /* tp->mdev_us, 4 x mean deviation */
    uint32_t mdev_max;      /* tp->mdev_max_us */
    uint32_t rttvar;        /* tp->rttvar_us */
};

/* RFC 6298's state, in whole microseconds (its divisions truncate). */
struct rfc_state {
    bool valid;             /* a first sample has been taken */
    int64_t srtt;
    int64_t rttvar;
};

/*
 * tcp_rtt_estimator() (net/ipv4/tcp_input.c) for one sample m, given
 * rto_min_us = tcp_rto_min_us(sk).
 *
 * Assumption: each sample is the last of its RTT window (one segment per
 * RTT, so snd_una passes rtt_seq at every later ACK), hence the
 * window-end step runs after every sample but the first, which only opens
 * the first window.
 */
static void kernel_sample(struct rtt_state *s, uint32_t m, uint32_t rto_min_us)
{
    uint32_t srtt = s->srtt;

    if (srtt == 0) {
        /* tcp_rtt_estimator(), no previous measure: srtt = 8m. */
        srtt = m << 3;
        /* tcp_rtt_estimator(): mdev = 2m, "make sure rto = 3*rtt". */
        s->mdev = m << 1;
        /* tcp_rtt_estimator(): rttvar = max(mdev, tcp_rto_min_us(sk)). */
        s->rttvar = s->mdev > rto_min_us ? s->mdev : rto_min_us;
        /* tcp_rtt_estimator(): mdev_max = rttvar. */
        s->mdev_max = s->rttvar;
    } else {
        /* tcp_rtt_estimator(): err = m - srtt/8 (a signed long there). */
        int64_t err = (int64_t)m - (int64_t)(srtt >> 3);
        int64_t e;

        /* tcp_rtt_estimator(): srtt += err, on the u32 srtt_us. */
        srtt += (uint32_t)err;
        if (err < 0) {
            /* tcp_rtt_estimator(): the RTT fell; the Eifel-like damping
             * cuts a positive deviation term to 1/8 (gain 1/32). */
            e = -err - (int64_t)(s->mdev >> 2);
            if (e > 0)
                e >>= 3;
        } else {
            /* tcp_rtt_estimator(): e = err - mdev/4. */
            e = err - (int64_t)(s->mdev >> 2);
        }
        /* tcp_rtt_estimator(): mdev += e, stored into the u32 mdev_us. */
        s->mdev += (uint32_t)e;
        /* tcp_rtt_estimator(): the variance rises at once. */
        if (s->mdev > s->mdev_max) {
            s->mdev_max = s->mdev;
            if (s->mdev_max > s->rttvar)
                s->rttvar = s->mdev_max;
        }
        /* tcp_rtt_estimator(): after(snd_una, rtt_seq), taken as true
         * (see the assumption above): decay rttvar by a quarter of its
         * excess over mdev_max, then start a new window. */
        if (s->mdev_max < s->rttvar)
            s->rttvar -= (s->rttvar - s->mdev_max) >> 2;
        s->mdev_max = rto_min_us;
    }
    /* tcp_rtt_estimator(): srtt_us = max(1U, srtt). */
    s->srtt = srtt > 1 ? srtt : 1;
}

/* __tcp_set_rto() and tcp_bound_rto() (include/net/tcp.h,
 * net/ipv4/tcp_input.c): usecs_to_jiffies(srtt/8 + rttvar), then never
 * above rto_max. */
static uint64_t kernel_rto(const struct rtt_state *s,
                           const struct rto_params *p)
{
    uint32_t us = (s->srtt >> 3) + s->rttvar;
    uint64_t rto = rto_us_to_jiffies((int64_t)us, p->hz);
    uint64_t max = rto_max_jiffies(p);

    return rto > max ? max : rto;
}

/* RFC 6298 section 2 for one sample r. */
static void rfc_sample(struct rfc_state *s, int64_t r)
{
    if (!s->valid) {
        /* RFC 6298 2.2: SRTT <- R, RTTVAR <- R/2. */
        s->srtt = r;
        s->rttvar = r / 2;
        s->valid = true;
    } else {
        int64_t dev = s->srtt > r ? s->srtt - r : r - s->srtt;

        /* RFC 6298 2.3: RTTVAR <- 3/4 RTTVAR + 1/4 |SRTT - R'| first,
         * then SRTT <- 7/8 SRTT + 1/8 R', with beta 1/4 and alpha 1/8. */
        s->rttvar = (3 * s->rttvar + dev) / 4;
        s->srtt = (7 * s->srtt + r) / 8;
    }
}

/* RFC 6298 2.2-2.5: RTO = SRTT + max(G, K * RTTVAR) with K = 4 and G one
 * jiffy (rounded up to whole us), at least 1 s (2.4), and at most
 * rto_max, as 2.5 allows and Linux does. */
static int64_t rfc_rto(const struct rfc_state *s, const struct rto_params *p)
{
    int64_t g = (USEC_PER_SEC + p->hz - 1) / p->hz;
    int64_t var = 4 * s->rttvar;
    int64_t rto = s->srtt + (var > g ? var : g);

    if (rto < RFC_RTO_MIN_US)
        rto = RFC_RTO_MIN_US;
    if (rto > p->rto_max_us)
        rto = p->rto_max_us;
    return rto;
}

int rto_rtt_run(const struct rto_params *p, const int64_t *samples_us,
                size_t n, struct rto_rtt_step *steps)
{
    struct rtt_state ks = { 0, 0, 0, 0 };
    struct rfc_state rs = { false, 0, 0 };
    uint32_t rto_min_us;

    if (p == NULL || samples_us == NULL || steps == NULL || n < 1)
        return RTO_EINVAL;
    if (rto_params_validate(p, NULL) != 0)
        return RTO_EINVAL;
    for (size_t i = 0; i < n; i++) {
        if (samples_us[i] < 1 || samples_us[i] > RTT_SAMPLE_MAX_US)
            return RTO_EINVAL;
    }

    /* tcp_rto_min_us(): jiffies_to_usecs(tcp_rto_min(sk)), the socket's
     * rto_min in jiffies back in microseconds. */
    rto_min_us = (uint32_t)rto_jiffies_to_us(rto_min_jiffies(p), p->hz);

    for (size_t i = 0; i < n; i++) {
        struct rto_rtt_step *st = &steps[i];

        kernel_sample(&ks, (uint32_t)samples_us[i], rto_min_us);
        rfc_sample(&rs, samples_us[i]);

        st->sample_us = samples_us[i];
        st->srtt8_us = ks.srtt;
        st->mdev4_us = ks.mdev;
        st->mdev_max_us = ks.mdev_max;
        st->rttvar_us = ks.rttvar;
        st->rto_jiffies = kernel_rto(&ks, p);
        st->rto_us = (int64_t)rto_jiffies_to_us(st->rto_jiffies, p->hz);
        st->rfc_srtt_us = rs.srtt;
        st->rfc_rttvar_us = rs.rttvar;
        st->rfc_rto_us = rfc_rto(&rs, p);
    }
    return RTO_OK;
}
