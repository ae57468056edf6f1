#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# rtocalc sockets on the zero-window, FIN-WAIT-2, user-timeout and
# handshake paths, against real peers in a private network namespace
# (tests/live/paths.py, which also skips without ip, ss or setpriv).
# Skips (77) without root, unshare or python3.  Runs under nice; takes 15
# to 40 s; every wait is bounded.
set -u
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/../kernel-gate.sh"
if [[ $(id -u) -ne 0 ]] || ! command -v unshare >/dev/null 2>&1 \
   || ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP: needs root, unshare and python3 (a private network namespace)"
    exit 77
fi
# The namespace dies with the process: nothing to clean up on any exit.
exec timeout 50 nice -n 10 unshare -n python3 \
    "$(dirname "${BASH_SOURCE[0]}")/paths.py" "$(realpath "${RTOCALC:-./rtocalc}")"
