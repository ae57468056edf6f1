#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# rtocalc sockets reads TCP_USER_TIMEOUT, the keepalive options and
# TCP_RTO_MAX_MS from each socket's owning process as root, and assumes
# them as nobody (tests/live/sockopt.py), run as live.sh runs live.py: in
# a private network namespace, skipping (77) without root or a tool it
# needs.  Takes about 15 s; every wait is bounded.  Where a cgroup-v1
# net_cls or net_prio hierarchy is mounted nothing is read (taking a
# descriptor would reclassify the socket), so there is nothing to test.
if grep -Eq ' - cgroup .*net_(cls|prio)' /proc/self/mountinfo 2>/dev/null; then
    echo "SKIP: a cgroup-v1 net_cls/net_prio hierarchy is mounted: no option is read"
    exit 77
fi
exec bash "$(dirname "${BASH_SOURCE[0]}")/live.sh" sockopt.py
