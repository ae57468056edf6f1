/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every path once: one row per give-up path with its name, its model
 * function, what the connection is doing, and what its count counts.  The
 * report, sweep, solve, verify, plot and every writer name paths from
 * here.
 */
#include "internal.h"

static const struct rto_path_info paths[] = {
    [RTO_PATH_RETRANS] = { RTO_PATH_RETRANS, "retrans", "retrans",
                           rto_retrans, "sending data", "retransmissions" },
    [RTO_PATH_KEEPALIVE] = { RTO_PATH_KEEPALIVE, "keepalive", "keepalive",
                             rto_keepalive, "idle, keepalive on", "probes" },
    [RTO_PATH_SYN] = { RTO_PATH_SYN, "syn", "syn", rto_syn, "connecting",
                       "retransmissions" },
    [RTO_PATH_SYNACK] = { RTO_PATH_SYNACK, "synack", "synack", rto_synack,
                          "accepting", "retransmissions" },
    [RTO_PATH_ORPHAN] = { RTO_PATH_ORPHAN, "orphan", "orphan", rto_orphan,
                          "closed, data unsent", "retransmissions" },
    /* FIN_WAIT2 sends nothing: its count is always 0 and has no word. */
    [RTO_PATH_FIN_WAIT2] = { RTO_PATH_FIN_WAIT2, "fin_wait2",
                             "orphan --fin-wait2", rto_fin_wait2,
                             "closed, FIN_WAIT2", "" },
    [RTO_PATH_PROBE0] = { RTO_PATH_PROBE0, "probe0", "probe0", rto_probe0,
                          "zero window", "probes" },
};

_Static_assert(sizeof(paths) / sizeof(paths[0]) == RTO_PATH_COUNT,
               "one row per enum rto_path value");

const struct rto_path_info *rto_path_info(enum rto_path path)
{
    return (unsigned)path < RTO_PATH_COUNT ? &paths[path] : NULL;
}

const struct rto_path_info *rto_path_find(const char *name)
{
    for (size_t i = 0; i < RTO_PATH_COUNT; i++) {
        const char *a = paths[i].name, *b = name;
        while (*a && *a == *b) {
            a++;
            b++;
        }
        if (*a == '\0' && *b == '\0')
            return &paths[i];
    }
    return NULL;
}

const char *rto_path_name(enum rto_path path)
{
    const struct rto_path_info *pi = rto_path_info(path);

    return pi ? pi->name : "?";
}

int rto_report_run(const struct rto_params *p, struct rto_event *scratch,
                   size_t cap, struct rto_report *r)
{
    for (size_t i = 0; i < RTO_PATH_COUNT; i++) {
        struct rto_timeline *t = &r->paths[i];
        int err;

        rto_timeline_init(t, scratch, cap);
        err = paths[i].run(p, t);
        if (err == RTO_ENOTSUP && t->reason == RTO_REASON_NOT_MODELLED)
            err = RTO_OK;
        if (err)
            return err;
        /* The events were scratch, shared by every path: keep none. */
        t->events = NULL;
        t->cap = t->count = 0;
    }
    return RTO_OK;
}
