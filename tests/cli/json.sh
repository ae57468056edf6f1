#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Every command with --format json writes one JSON document (jq reads it)
# with the keys doc/formats.md documents, among them "warnings" with every
# warning of the run, each also printed once on standard error; and every
# command either writes each format it accepts or refuses it with exit 2
# and one line naming --format.
set -u

rtocalc=${RTOCALC:-./rtocalc}
if ! command -v jq >/dev/null 2>&1; then
    echo "jq is not installed: skipped (apt-get install jq, or ./bootstrap)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

ok() { passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# json NAME FILTER ARGS...: the JSON of ARGS parses and FILTER holds.
json() {
    local name=$1 filter=$2
    shift 2
    if ! "$rtocalc" "$@" --format json >"$tmp/out" 2>"$tmp/err"; then
        fail "$name: rtocalc $* --format json exited $?: $(cat "$tmp/err")"
    elif ! jq -e . "$tmp/out" >/dev/null 2>&1; then
        fail "$name: not one JSON document: $(head -c 200 "$tmp/out")"
    elif ! jq -e "$filter" "$tmp/out" >/dev/null 2>&1; then
        fail "$name: $filter does not hold"
    else
        ok
    fi
}

# The keys of every object, then those of each kind.
every='(.command | type == "string") and (.warnings | type == "array")'
summary='(.events | type == "array") and has("give_up_us") and has("reason")'
json report "$every and .command == \"report\" and (.paths | length) == 8" \
    report
for c in retrans keepalive syn synack orphan probe0; do
    json "$c" "$every and .command == \"$c\" and $summary" "$c"
done
json "orphan --fin-wait2" "$every and .command == \"fin_wait2\" and $summary" \
    orphan --fin-wait2
json "synack --fastopen" "$every and .settings.fastopen == true" \
    synack --fastopen
# Versions as users write them (issue 16): the profile used is "kernel";
# a distribution string or a version without a profile of its own warns,
# naming the profile; a plain long-term release does not.
json "--kernel 5.4.290" '.kernel == "5.4" and .warnings == []' \
    retrans --kernel 5.4.290
json "--kernel 6.1.0-57-amd64" '.kernel == "6.1" and (.warnings | length) == 1
    and (.warnings[0] | test("distribution kernel") and test("6.1"))' \
    retrans --kernel 6.1.0-57-amd64
json "--kernel 6.8.0-45-generic" '.kernel == "6.6" and (.warnings | length) == 1
    and (.warnings[0] | test("Linux 6.8 has no profile") and test("Linux 6.6 profile"))' \
    retrans --kernel 6.8.0-45-generic
json "--kernel 99.99" '.kernel == "6.19" and (.warnings[0] | test("newer than every profile"))' \
    retrans --kernel 99.99
# Zero-window probing with a user timeout before 5.11 (issue 16): 5.1 to
# 5.3 end it when tcp_model_timeout() of the probes sent reaches it: with
# RTO 204 ms, model(7) = 255 x 204 ms = 52.02 s >= 30 s at the 8th firing,
# after 7 probes; the 5.11 rule (which 5.4.y took) at 30.204 s (hand
# derivations in tests/model/check_probe0_ut.c).
json "report 5.2 probe0 user timeout" '(.paths[] | select(.path == "probe0")
    | .reason == "TCP_USER_TIMEOUT" and .retransmissions == 7
    and .give_up_us == 52020000)' \
    report --kernel 5.2 --user-timeout 30s --hz 250 --rtt 20us
json "report 5.4 probe0 user timeout" '(.paths[] | select(.path == "probe0")
    | .give_up_us == 30204000)' \
    report --kernel 5.4 --user-timeout 30s --hz 250 --rtt 20us

# -q/--quiet (issue 17): nothing on standard error, the warning still in
# the JSON.
if "$rtocalc" -q retrans --kernel 99.99 --format json >"$tmp/out" 2>"$tmp/err" \
    && [[ ! -s $tmp/err ]] && jq -e '(.warnings | length) == 1' "$tmp/out" >/dev/null; then
    ok
else
    fail "-q: stderr \"$(cat "$tmp/err")\" or the JSON lost its warning"
fi
if "$rtocalc" retrans --kernel 99.99 --format json 2>&1 >/dev/null | grep -q warning; then
    ok
else
    fail "without -q the warning is on standard error"
fi

# The segments in flight the model used: one for retrans and probe0, the
# data then the FIN for an orphan, or the count given.
json "retrans in_flight" "$every and .settings.in_flight == 1" retrans
json "probe0 in_flight" "$every and .settings.in_flight == 1" probe0
json "orphan in_flight" "$every and .settings.in_flight == 2" orphan
json "orphan --in-flight 1" "$every and .settings.in_flight == 1" \
    orphan --in-flight 1
json "retrans --in-flight 20" "$every and .settings.in_flight == 20" \
    retrans --in-flight 20
json "keepalive has no in_flight" "$every and (.settings | has(\"in_flight\") | not)" \
    keepalive
json sysctl "$every and .command == \"sysctl\" and .kernel == \"6.18\"
    and .hz == 1000 and .settings[0].sysctl == \"net.ipv4.tcp_retries1\"
    and (.settings[] | select(.sysctl == \"net.ipv4.tcp_retries2\")
         | .value == 15 and .from == \"profile default\")
    and (.paths | length) == 8" sysctl
json "solve --target 60s" "$every and .command == \"solve\"
    and .target_us == 60000000 and .solutions[0].knob == \"tcp_retries2\"
    and (.solutions[0].value | type == \"number\")
    and (.solutions[0] | has(\"give_up_us\") and has(\"next_give_up_us\")
         and has(\"give_up_latest_us\") and has(\"next_give_up_latest_us\"))
    and ([.solutions[] | .give_up_latest_us <= 60000000] | all)" \
    solve --target 60s
json "rto --samples" "$every and .command == \"rto\" and (.steps | length) == 2
    and .steps[1].sample_us == 20000" rto --samples 10ms,20ms
json "sweep --retries2 1..3" "$every and .command == \"sweep\"
    and (.rows | length) == 3" sweep --retries2 1..3
json "--kernel list" "$every and .command == \"kernels\"
    and (.profiles | length) > 0 and (.changes | length) > 0" --kernel list

# Warnings: in the JSON, and on standard error once each.
# warned NAME PATTERN ARGS...: exactly one warning matches PATTERN in both.
warned() {
    local name=$1 pattern=$2 n
    shift 2
    json "$name" "[.warnings[] | select(test(\"$pattern\"))] | length == 1" \
        "$@"
    n=$(grep -c "^rtocalc: warning: .*$pattern" "$tmp/err")
    if [[ $n -eq 1 ]]; then ok; else
        fail "$name: $n warnings matching $pattern on standard error"
    fi
}
warned "keepalive --through aws-nlb" "aws-nlb" keepalive --through aws-nlb
warned "report --through aws-nlb" "aws-nlb" report --through aws-nlb
# --through checks what each path sends, at its latest: keepalive time 340
# s at HZ 1000 is one L5 timer, 32.768 s late at most (KERNEL.md 0.3), so
# the first probe can leave at 372.768 s, past the NLB's 350 s; 317 s +
# 32.768 s is the largest time before it.
warned "keepalive 340 s through aws-nlb" \
    "aws-nlb forgets a flow idle for 350 s; the first keepalive probe can leave as late as 372[.]768 s [(]typical 356[.]384 s[)]: set tcp_keepalive_time to 317 s or less" \
    keepalive --through aws-nlb --keepalive-time 340
json "keepalive 317 s through aws-nlb: no warning" '.warnings == []' \
    keepalive --through aws-nlb --keepalive-time 317
json "keepalive 318 s through aws-nlb: warned" '(.warnings | length) == 1' \
    keepalive --through aws-nlb --keepalive-time 318
# An interval of 300 s (L5, up to 332.768 s) past Azure's 240 s.
warned "keepalive intvl through azure-lb" \
    "after an unanswered keepalive probe the next can leave 332[.]768 s later" \
    keepalive --through azure-lb --keepalive-time 100 --keepalive-intvl 300
# Retransmission 10's timer, 102 912 jiffies (L4), up to 107.008 s after
# retransmission 9: past an NLB set to 60 s (tests/model/check_middlebox.c).
warned "retrans through a 60 s NLB" \
    "aws-nlb=60s forgets a flow idle for 60 s; retransmission 10 can leave 107[.]008 s after" \
    retrans --through aws-nlb=60s
warned "probe0 through a 60 s NLB" "zero-window probe 10" \
    probe0 --through aws-nlb=60s
json "orphan through a 60 s NLB: 8 retransmissions, all shorter" \
    '.warnings == []' orphan --through aws-nlb=60s
json "retrans through aws-nlb: 124.096 s at most, no warning" \
    '.warnings == []' retrans --through aws-nlb
# connect() and a listener's SYN-ACK have no established flow to forget.
json "syn --through aws-nlb: no warning" '.warnings == []' \
    syn --through aws-nlb
json "synack --through aws-nlb=60s: no warning" '.warnings == []' \
    synack --through aws-nlb=60s
# The report: each row its own check, named by its path.
json "report --through aws-nlb=60s" '([.warnings[] | select(test("^(retrans|keepalive|probe0): aws-nlb=60s"))] | length) == 3 and (.warnings | length) == 3' \
    report --through aws-nlb=60s
# solve: every solution's own check; the retries2 solution backs off to
# 120 s, past 60 s; the 60 s target's solutions all stay below 60 s gaps.
warned "solve through a 60 s NLB" "tcp_retries2 = 14: aws-nlb=60s" \
    solve --target 15m --through aws-nlb=60s
json "solve 60s through a 60 s NLB: no warning" '.warnings == []' \
    solve --target 60s --through aws-nlb=60s

# solve's first solution, run through the tool's own timeline: its latest
# give-up is the one solve reported, and within the target.
solved() {
    local path=$1 target=$2 target_us=$3 args latest
    shift 3
    if ! "$rtocalc" solve --path "$path" --target "$target" "$@" \
        --format json >"$tmp/sol" 2>/dev/null; then
        fail "solve --path $path --target $target: exit $?"
        return
    fi
    args=$(jq -r '.solutions[0] | if .knob == "tcp_retries2" then
        "--retries2 \(.value)" elif .knob == "tcp_syn_retries" then
        "--syn-retries \(.value)" elif .knob == "tcp_orphan_retries" then
        "--orphan-retries \(.value)" else
        "--keepalive-time \(.value) --keepalive-intvl \(.value2) --keepalive-probes \(.value3)"
        end' "$tmp/sol")
    latest=$(jq '.solutions[0].give_up_latest_us' "$tmp/sol")
    # shellcheck disable=SC2086
    json "solve --path $path --target $target: $args" \
        ".give_up_latest_us == $latest and .give_up_latest_us <= $target_us" \
        "$path" $args
}
for t in 10s:10000000 60s:60000000 15m:900000000; do
    for path in retrans keepalive syn orphan; do
        solved "$path" "${t%%:*}" "${t#*:}"
    done
done
solved keepalive 15m 900000000 --through aws-nlb
warned "--kernel 99.99 retrans" "99[.]99" --kernel 99.99 retrans
warned "--kernel 99.99 solve" "99[.]99" --kernel 99.99 solve --target 60s
warned "--kernel 99.99 sweep" "99[.]99" --kernel 99.99 sweep --retries2 1..2
warned "--kernel 99.99 sysctl" "99[.]99" --kernel 99.99 sysctl
# A timeline longer than the events kept: 2^32 jiffies at HZ=100 hold
# more than 65536 firings of 120 s.
warned "events cut" "only the first" \
    retrans --kernel 4.9 --hz 100 --retries2 100000
json "no warnings" '.warnings == []' retrans

# Each command and format: written (JSON that parses), or refused with
# exit 2 and one line naming --format.  Some formats must be refused: the
# commands have no form for them.
refused=" solve:markdown solve:gnuplot rto:markdown rto:gnuplot
 kernel-list:csv kernel-list:markdown kernel-list:gnuplot verify-list:csv
 verify-list:json verify-list:markdown verify-list:gnuplot plot:csv
 plot:json plot:markdown report:gnuplot sysctl:gnuplot sweep:markdown
 sweep:gnuplot "
refused=" ${refused//$'\n'/ } "
while read -r key args; do
    for f in table csv json markdown gnuplot; do
        # shellcheck disable=SC2086 # The arguments are words.
        "$rtocalc" $args --format "$f" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        lines=$(wc -l <"$tmp/err")
        if [[ $refused == *" $key:$f "* ]]; then
            if [[ $rc -eq 2 && $lines -eq 1 ]] \
                && grep -q -- '--format' "$tmp/err"; then
                ok
            else
                fail "$key --format $f: want exit 2 and one line naming" \
                    "--format, got exit $rc: $(head -c 200 "$tmp/out")"
            fi
        elif [[ $rc -ne 0 || ! -s $tmp/out ]]; then
            fail "$key --format $f: exit $rc, $(wc -c <"$tmp/out") bytes:" \
                "$(cat "$tmp/err")"
        elif [[ $f == json ]] && ! jq -e . "$tmp/out" >/dev/null 2>&1; then
            fail "$key --format json: not one JSON document"
        else
            ok
        fi
    done
done <<'EOF'
report report
retrans retrans
keepalive keepalive
syn syn
synack synack
orphan orphan
fin-wait2 orphan --fin-wait2
probe0 probe0
sysctl sysctl
solve solve --target 60s
rto rto --samples 10ms,20ms
sweep sweep --retries2 1..3
kernel-list --kernel list
verify-list verify --list
plot plot retrans
EOF

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
