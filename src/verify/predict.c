/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The model's prediction for a scenario, through the public API.  The CLI
 * asks for it before measuring (the runner orders the scenarios by its
 * latest give-up) and compare.c again at the RTT the connection really
 * had; neither needs the other for it, so the calls run one way only:
 * runner.c -> compare.c -> predict.c.
 */
#include "verify/run.h"

int verify_model(struct verify_job *j)
{
    const struct rto_path_info *pi = rto_path_info(j->s->path);

    rto_timeline_init(&j->t, j->ev, VERIFY_MODEL_EVENTS);
    return pi ? pi->run(&j->p, &j->t) : RTO_EINVAL;
}
