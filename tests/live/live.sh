#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# rtocalc sockets against real dead peers in a private network namespace
# (tests/live/live.py, or the script of this folder named as the first
# argument).  Skips (77) without root, unshare, ip, ss, python3 or
# setpriv.  Runs under nice; takes about 10 s; every wait is bounded.
set -u
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/../kernel-gate.sh"
rtocalc=${RTOCALC:-./rtocalc}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
script=${1:-live.py}
if [[ $(id -u) -ne 0 ]]; then
    echo "SKIP: needs root (a private network namespace)"
    exit 77
fi
for tool in unshare ip ss python3 setpriv; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: no $tool"; exit 77; }
done
# The namespace dies with the process: nothing to clean up on any exit.
exec timeout 60 nice -n 10 unshare -n sh -c \
    'ip link set lo up && exec python3 "$1/$3" "$2"' sh "$here" \
    "$(cd "$(dirname "$rtocalc")" && pwd)/$(basename "$rtocalc")" "$script"
