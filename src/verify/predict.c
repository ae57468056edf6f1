/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The model's prediction for a scenario, through the public API.  The CLI
 * asks for it before measuring (the runner orders the scenarios by its
 * latest give-up) and compare.c again at the RTT the connection really
 * had; neither needs the other for it, so the calls run one way only:
 * runner.c -> compare.c -> predict.c.
 */
#include "verify/run.h"

typedef int (*model_fn)(const struct rto_params *, struct rto_timeline *);

static model_fn model_of(enum verify_kind k)
{
    switch (k) {
    case VK_KEEPALIVE: return rto_keepalive;
    case VK_SYN: return rto_syn;
    case VK_SYNACK: return rto_synack;
    case VK_ORPHAN: return rto_orphan;
    case VK_FIN_WAIT2: return rto_fin_wait2;
    case VK_RETRANS:
    default: return rto_retrans;
    }
}

int verify_model(struct verify_job *j)
{
    rto_timeline_init(&j->t, j->ev, VERIFY_MODEL_EVENTS);
    return model_of(j->s->kind)(&j->p, &j->t);
}
