#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# rtocalc sweep --retries2 0..15 --rtt 1ms,10ms,100ms --format csv gives 48
# rows and a header, and every row equals the single retrans command with
# the same settings (its JSON summary).
set -u

rtocalc=${RTOCALC:-./rtocalc}
out=$("$rtocalc" sweep --retries2 0..15 --rtt 1ms,10ms,100ms --format csv) \
    || { echo "sweep failed"; exit 1; }
out=${out//$'\r'/}
rows=$(($(wc -l <<<"$out") - 1))
passed=0 failed=0
if [[ $rows -eq 48 ]]; then
    passed=$((passed + 1))
else
    echo "FAIL: $rows rows, want 48 (16 x 3)"
    failed=$((failed + 1))
fi
while IFS=, read -r r rtt budget retx retx_typ rmin rmax g gt ge gl; do
    single=$("$rtocalc" retrans --retries2 "$r" --rtt "$rtt" --format json)
    want="$budget $retx $retx_typ $rmin $rmax $g $gt $ge $gl"
    got=$(tr -d ' ,' <<<"$single" | awk -F: '
        /^"budget_us"/ { b = $2 } /^"retransmissions"/ { x = $2 }
        /^"retransmissions_typical"/ { xt = $2 }
        /^"retransmissions_range"/ { gsub(/[][]/, "", $2); r = $2 }
        /^"give_up_us"/ { g = $2 } /^"give_up_typical_us"/ { gt = $2 }
        /^"give_up_earliest_us"/ { ge = $2 } /^"give_up_latest_us"/ { gl = $2 }
        END { printf "%s %s %s %s %s %s %s %s", b, x, xt, r, g, gt, ge, gl }')
    # The range prints as "min max" once the brackets and comma are gone.
    got=$(awk '{ $4 = substr($4, 1, length($4)); print }' <<<"$got")
    if [[ ${got// /} == "${want// /}" ]]; then
        passed=$((passed + 1))
    else
        echo "FAIL retries2=$r rtt=$rtt: sweep '$want', single '$got'"
        failed=$((failed + 1))
    fi
done < <(tail -n +2 <<<"$out")
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
