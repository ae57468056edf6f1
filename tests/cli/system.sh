#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# rtocalc sysctl --system must report exactly what /proc/sys/net/ipv4 says
# on this machine, and the HZ of the running kernel's config.  Skips (77)
# where /proc/sys/net/ipv4 is not readable.
set -u

rtocalc=${RTOCALC:-./rtocalc}
proc=/proc/sys/net/ipv4
[[ -r $proc/tcp_retries2 ]] || { echo "no $proc: skipped"; exit 77; }
out=$("$rtocalc" sysctl --system 2>/dev/null) || { echo "rtocalc failed"; exit 1; }
passed=0 failed=0
while read -r name _ value _; do
    knob=${name#net.ipv4.}
    [[ -r $proc/$knob ]] || continue
    want=$(<"$proc/$knob")
    if [[ $value == "$want" ]]; then
        passed=$((passed + 1))
    else
        echo "FAIL $name: rtocalc says $value, $proc/$knob says $want"
        failed=$((failed + 1))
    fi
done < <(grep '^net\.ipv4\.' <<<"$out")
hz=$(gzip -dc /proc/config.gz 2>/dev/null | sed -n 's/^CONFIG_HZ=//p')
if [[ -n $hz ]]; then
    if grep -q "HZ=$hz " <<<"$out"; then
        passed=$((passed + 1))
    else
        echo "FAIL HZ: the kernel config says $hz"
        failed=$((failed + 1))
    fi
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
