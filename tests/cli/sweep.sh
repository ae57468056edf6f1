#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# rtocalc sweep --retries2 0..15 --rtt 1ms,10ms,100ms --format csv gives 48
# rows and a header, and every row equals the single retrans command with
# the same settings (its JSON summary); with --events every scenario's
# rows equal the single command's events, in CSV and JSON.
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

# --events: the event rows of every scenario equal the single command's CSV
# without its path column, and the events of every JSON row its JSON events.
check() { # name, want, got
    if [[ $2 == "$3" ]]; then
        passed=$((passed + 1))
    else
        echo "FAIL $1:"
        diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -5
        failed=$((failed + 1))
    fi
}
for spec in "retrans --retries2 0..4 --rtt 1ms,100ms,2s" \
            "syn --syn-retries 1..3 --syn-linear-timeouts 0,4" \
            "orphan --orphan-retries 0,2 --rtt 50ms,300ms" \
            "keepalive --keepalive-probes 1..3 --keepalive-intvl 5s,75s"; do
    read -r path d1 r1 d2 r2 <<<"$spec"
    csv=$("$rtocalc" sweep --path "$path" "$d1" "$r1" "$d2" "$r2" --events \
          --format csv) || { echo "FAIL sweep --events $spec"; failed=$((failed + 1)); continue; }
    csv=${csv//$'\r'/}
    json=$("$rtocalc" sweep --path "$path" "$d1" "$r1" "$d2" "$r2" --events \
           --format json)
    IFS=, read -ra v1 <<<"${r1//../,}"
    IFS=, read -ra v2 <<<"${r2//../,}"
    # A..B ranges as every integer between.
    expand() { if [[ $2 == *..* ]]; then seq "${1}" "${2#*..}"; else tr , '\n' <<<"$2"; fi; }
    row=0
    while read -r a; do
        while read -r b; do
            single=$("$rtocalc" "$path" "$d1" "$a" "$d2" "$b" --format csv)
            want=$(tail -n +2 <<<"${single//$'\r'/}" | cut -d, -f2-)
            got=$(grep "^$a,$b," <<<"$csv" | cut -d, -f3-)
            check "$path $d1 $a $d2 $b csv events" "$want" "$got"
            single=$("$rtocalc" "$path" "$d1" "$a" "$d2" "$b" --format json)
            want=$(grep -o '{ "type": .* }' <<<"$single")
            got=$(awk -v n="$row" '/^    \{/ { r++ } r == n + 1 && /"type"/' \
                  <<<"$json" | grep -o '{ "type": .* }')
            check "$path $d1 $a $d2 $b json events" "$want" "$got"
            row=$((row + 1))
        done < <(expand "${v2[0]}" "$r2")
    done < <(expand "${v1[0]}" "$r1")
done

# The same rows through -o FILE and standard output, in JSON and CSV.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for f in csv json; do
    "$rtocalc" sweep --retries2 0..40 --rtt 100us..1s:30 --format "$f" \
        -o "$tmp/out.$f" 2>"$tmp/err" || echo "FAIL -o $f"
    "$rtocalc" sweep --retries2 0..40 --rtt 100us..1s:30 --format "$f" \
        >"$tmp/std.$f"
    if cmp -s "$tmp/out.$f" "$tmp/std.$f" && [[ ! -s $tmp/err ]]; then
        passed=$((passed + 1))
    else
        echo "FAIL: sweep -o FILE and standard output differ ($f)"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
