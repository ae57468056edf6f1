#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# rtocalc sockets reads TCP_USER_TIMEOUT, the keepalive options and
# TCP_RTO_MAX_MS from each socket's owning process as root, and assumes
# them as nobody (tests/live/sockopt.py), run as live.sh runs live.py: in
# a private network namespace, skipping (77) without root or a tool it
# needs.  Takes about 15 s; every wait is bounded.
exec bash "$(dirname "${BASH_SOURCE[0]}")/live.sh" sockopt.py
