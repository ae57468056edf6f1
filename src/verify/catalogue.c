/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The scenario catalogue.
 *
 * Every scenario is a set of rtocalc options: the same settings go into the
 * private namespace's sysctls and sockets and into the model, so the two
 * are compared like with like.  Retry counts are small so that each
 * scenario ends in seconds.
 */
#include "verify/verify.h"

static const struct verify_scenario catalogue[] = {
    /* --quick: one or two per path, under 30 s in all with two jobs; the
     * multi-segment ones are the short ones, so that measuring one again
     * alone (runner) costs little. */
    { "retrans-r3", RTO_PATH_RETRANS, true, "retrans --retries2 3 --no-tlp",
      "established, tcp_retries2=3, no TLP (model(3) = 3 s)" },
    { "retrans-ut3000", RTO_PATH_RETRANS, true,
      "retrans --user-timeout 3000 --no-tlp",
      "established, TCP_USER_TIMEOUT 3 s, no TLP" },
    { "retrans-ut3000-tlp", RTO_PATH_RETRANS, true, "retrans --user-timeout 3000",
      "established, TCP_USER_TIMEOUT 3 s, tail loss probe" },
    { "keepalive-1-1-3", RTO_PATH_KEEPALIVE, true,
      "keepalive --keepalive-time 1 --keepalive-intvl 1 "
      "--keepalive-probes 3",
      "keepalive 1 s / 1 s / 3 probes" },
    { "keepalive-ut2500", RTO_PATH_KEEPALIVE, true,
      "keepalive --keepalive-time 1 --keepalive-intvl 1 "
      "--keepalive-probes 3 --user-timeout 2500",
      "keepalive 1/1/3 with TCP_USER_TIMEOUT 2.5 s" },
    { "syn-2", RTO_PATH_SYN, true, "syn --syn-retries 2",
      "connect(), tcp_syn_retries=2, linear timeouts 4: the time cap" },
    { "synack-1", RTO_PATH_SYNACK, true, "synack --synack-retries 1",
      "request socket, tcp_synack_retries=1" },
    { "orphan-3", RTO_PATH_ORPHAN, true,
      "orphan --orphan-retries 3 --no-tlp --in-flight 1",
      "orphan FIN_WAIT1, its FIN alone, tcp_orphan_retries=3" },
    { "fin-wait2-3", RTO_PATH_FIN_WAIT2, true,
      "orphan --fin-wait2 --fin-timeout 3",
      "orphan FIN_WAIT2, tcp_fin_timeout=3" },
    { "retrans-ut3000-3seg", RTO_PATH_RETRANS, true,
      "retrans --user-timeout 3000 --in-flight 3",
      "three writes of 100 bytes, TCP_USER_TIMEOUT 3 s, TLP" },
    { "orphan-data-2", RTO_PATH_ORPHAN, true, "orphan --orphan-retries 2",
      "100 bytes then close(): data + FIN, tcp_orphan_retries=2, TLP" },
    { "probe0-r3", RTO_PATH_PROBE0, true, "probe0 --retries2 3",
      "zero window, peer gone, tcp_retries2=3: 3 window probes" },
    { "keepalive-1-1-1", RTO_PATH_KEEPALIVE, true,
      "keepalive --keepalive-time 1 --keepalive-intvl 1 "
      "--keepalive-probes 1",
      "keepalive at its shortest: 1 s / 1 s / 1 probe" },
    /* The full catalogue adds the rest. */
    { "retrans-r4", RTO_PATH_RETRANS, false, "retrans --retries2 4",
      "established, tcp_retries2=4, TLP: late timers end it a firing early" },
    { "retrans-r5", RTO_PATH_RETRANS, false, "retrans --retries2 5",
      "established, tcp_retries2=5 (Elastic's setting), TLP" },
    { "retrans-r5-notlp", RTO_PATH_RETRANS, false,
      "retrans --retries2 5 --no-tlp",
      "established, tcp_retries2=5, no TLP" },
    { "retrans-rtomax1s", RTO_PATH_RETRANS, false,
      "retrans --rto-max 1s --no-tlp",
      "established, tcp_rto_max_ms=1000, tcp_retries2=15" },
    { "retrans-rtomin400", RTO_PATH_RETRANS, false,
      "retrans --rto-min 400ms --retries2 3 --no-tlp",
      "established, tcp_rto_min_us=400000 raised, tcp_retries2=3" },
    { "retrans-thin-cubic", RTO_PATH_RETRANS, false,
      "retrans --thin --cc cubic --retries2 5 --no-tlp",
      "thin-stream linear timeouts under cubic" },
    { "retrans-thin-bbr", RTO_PATH_RETRANS, false,
      "retrans --thin --cc bbr --retries2 5 --no-tlp",
      "thin-stream linear timeouts requested under bbr" },
    { "keepalive-ut6000", RTO_PATH_KEEPALIVE, false,
      "keepalive --keepalive-time 1 --keepalive-intvl 1 "
      "--keepalive-probes 3 --user-timeout 6000",
      "keepalive 1/1/3 with TCP_USER_TIMEOUT 6 s: 5 probes" },
    { "keepalive-ut500", RTO_PATH_KEEPALIVE, false,
      "keepalive --keepalive-time 1 --keepalive-intvl 1 "
      "--keepalive-probes 3 --user-timeout 500",
      "keepalive 1/1/3 with TCP_USER_TIMEOUT 0.5 s" },
    { "syn-1", RTO_PATH_SYN, false, "syn --syn-retries 1",
      "connect(), tcp_syn_retries=1: time cap 3 s" },
    { "syn-3", RTO_PATH_SYN, false, "syn --syn-retries 3",
      "connect(), tcp_syn_retries=3: count 7" },
    { "syn-2-linear-1", RTO_PATH_SYN, false,
      "syn --syn-retries 2 --syn-linear-timeouts 1",
      "connect(), tcp_syn_retries=2, one linear timeout" },
    { "syn-2-linear-0", RTO_PATH_SYN, false,
      "syn --syn-retries 2 --syn-linear-timeouts 0",
      "connect(), tcp_syn_retries=2, no linear timeouts (pre-6.5 shape)" },
    { "synack-2", RTO_PATH_SYNACK, false, "synack --synack-retries 2",
      "request socket, tcp_synack_retries=2" },
    { "orphan-2-tlp", RTO_PATH_ORPHAN, false,
      "orphan --orphan-retries 2 --in-flight 1",
      "orphan FIN_WAIT1, its FIN alone, tcp_orphan_retries=2, TLP" },
    { "retrans-pipelined-3", RTO_PATH_RETRANS, false,
      "retrans --retries2 3 --in-flight 3",
      "three writes of 100 bytes unanswered, tcp_retries2=3, TLP" },
    { "orphan-data-3", RTO_PATH_ORPHAN, false, "orphan --orphan-retries 3",
      "100 bytes then close(): data + FIN, tcp_orphan_retries=3, TLP" },
    { "retrans-bulk-20", RTO_PATH_RETRANS, false,
      "retrans --retries2 3 --in-flight 20",
      "20 full segments in one write after the window grew, TLP" },
    { "probe0-r4", RTO_PATH_PROBE0, false, "probe0 --retries2 4",
      "zero window, peer gone, tcp_retries2=4: 4 window probes" },
    { "keepalive-1-1-0", RTO_PATH_KEEPALIVE, false,
      "keepalive --keepalive-time 1 --keepalive-intvl 1 "
      "--keepalive-probes 0",
      "tcp_keepalive_probes=0: killed at the first idle expiry, no probe" },
    /* Cloudflare's 2019 trace (doc/keepalive-user-timeout.md): 1/11/3
     * with the user timeout it states ends on the 4th probe timer.  (The
     * trace's RST on the 7th needs about a minute; measured once, 67 s,
     * too long to repeat in every full run.) */
    { "keepalive-cf-ut30", RTO_PATH_KEEPALIVE, false,
      "keepalive --keepalive-time 1 --keepalive-intvl 11 "
      "--keepalive-probes 3 --user-timeout 30000",
      "keepalive 1/11/3, TCP_USER_TIMEOUT 30 s: RST on the 4th timer, 34 s" },
    { "fin-wait2-65", RTO_PATH_FIN_WAIT2, false,
      "orphan --fin-wait2 --fin-timeout 65",
      "orphan FIN_WAIT2, tcp_fin_timeout=65: two stages of 5 s" },
};

const struct verify_scenario *verify_catalogue(size_t *count)
{
    *count = sizeof(catalogue) / sizeof(catalogue[0]);
    return catalogue;
}
