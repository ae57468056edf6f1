#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Table output fits 80 columns by default: every command's table, its
# header and summary prose, the listings and --help, at defaults and with
# common options, has no line over 80 columns. With --wide the full
# layout comes back: the report's one line a path with its "ended by"
# column, and each timeline's note column (the goldens *-wide hold it byte
# for byte).
set -u

rtocalc=${RTOCALC:-./rtocalc}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
passed=0 failed=0

while read -r args; do
    [[ -z $args || $args == \#* ]] && continue
    # shellcheck disable=SC2086 # args are words
    if ! "$rtocalc" $args >"$dir/out" 2>"$dir/err"; then
        echo "FAIL rtocalc $args: exit $?: $(head -1 "$dir/err")"
        failed=$((failed + 1))
        continue
    fi
    long=$(awk 'length > 80 { print NR ": " length " columns"; exit }' \
        "$dir/out")
    if [[ -n $long ]]; then
        echo "FAIL rtocalc $args: line $long"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
done <<'CASES'
report
sysctl
sysctl --retries2 5 --keepalive-time 600
retrans
retrans --retries2 5 --rtt 50ms
retrans --user-timeout 30000
retrans --thin --in-flight 2
retrans --rto-max 1s --retries2 30
retrans --kernel 4.19 --retries2 255
keepalive
keepalive --keepalive-time 60 --keepalive-intvl 10 --keepalive-probes 5
keepalive --user-timeout 20000
keepalive --through aws-nlb
syn
syn --syn-retries 2 --user-timeout 5000
syn --kernel 3.10
synack
synack --fastopen
synack --kernel 5.10 --synack-retries 200
orphan
orphan --orphan-retries 3 --in-flight 1
orphan --fin-wait2
orphan --fin-wait2 --fin-timeout 120s
probe0
probe0 --user-timeout 10000
probe0 --kernel 3.10
--kernel 5.10 --retries2 300 --synack-retries 200
--through aws-nlb
solve --target 60s
solve --target 10m --path keepalive
solve --target 30s --path syn
solve --target 100s --path orphan
rto --samples 10ms,12ms,50ms,300ms
--kernel list
verify --list
--help
help
retrans --help
sweep --help
verify --help
plot --help
solve --help
stacks --rtt 1ms
stacks --rtt 100ms
retrans --stack macos --rtt 1ms
keepalive --stack freebsd
syn --stack windows
--stack lwip --rtt 20ms
--stack freebsd --help
--stack windows --help
--stack lwip --help
--stack illumos --help
CASES

# --wide: the full layout, one line a path or event.
"$rtocalc" --wide >"$dir/wide"
if grep -q '^doing .* nominal .* count .* ended by$' "$dir/wide" \
    && grep -q '^sending data .* retransmissions  tcp_retries2=15' \
        "$dir/wide"; then
    passed=$((passed + 1))
else
    echo "FAIL rtocalc --wide: not the full report layout"
    failed=$((failed + 1))
fi
"$rtocalc" retrans --wide >"$dir/wide"
if grep -q '^   #  event .* latest  note$' "$dir/wide" \
    && grep -q 'ETIMEDOUT (tcp_retries2)$' "$dir/wide" \
    && ! grep -q '^\[1\]' "$dir/wide"; then
    passed=$((passed + 1))
else
    echo "FAIL rtocalc retrans --wide: not the full timeline layout"
    failed=$((failed + 1))
fi
echo "width: $passed passed, $failed failed"
((failed == 0))
