/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Timeline storage shared by every path. */
#include <string.h>

#include "internal.h"

void rto_timeline_init(struct rto_timeline *t, struct rto_event *events,
                       size_t cap)
{
    memset(t, 0, sizeof(*t));
    t->events = events;
    t->cap = events ? cap : 0;
    t->budget_us = RTO_NONE;
    t->retries1_us = RTO_NONE;
    t->give_up_us = RTO_NONE;
    t->give_up_typical_us = RTO_NONE;
    t->give_up_earliest_us = RTO_NONE;
    t->give_up_latest_us = RTO_NONE;
    t->stamp_us = RTO_NONE;
}

struct rto_event *rto_timeline_push(struct rto_timeline *t,
                                    enum rto_event_type type, int n,
                                    int64_t at_us)
{
    struct rto_event *e;

    if (t->count >= t->cap) {
        t->truncated = true;
        return NULL;
    }
    e = &t->events[t->count++];
    e->type = type;
    e->n = n;
    e->marks = 0;
    e->timer_us = RTO_NONE;
    e->at_us = at_us;
    e->typical_us = RTO_NONE;
    e->latest_us = RTO_NONE;
    e->since_stamp_us = RTO_NONE;
    e->next_us = RTO_NONE;
    return e;
}
