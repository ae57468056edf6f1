#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The bad-input matrix: for every option, values the kernel or the parser
# must refuse.  Each case must exit 2, print nothing on stdout, print
# exactly one line on stderr that begins "rtocalc: " and names the option,
# and leave an output file neither created nor clobbered.
set -u

rtocalc=${RTOCALC:-./rtocalc}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
passed=0 failed=0

# expect NAME-IN-MESSAGE ARGS...: the case described above.
expect() {
    local want=$1
    shift
    local out=$dir/out.json
    rm -f "$out"
    printf 'keep' >"$dir/existing"
    "$rtocalc" "$@" -o "$out" >"$dir/stdout" 2>"$dir/stderr"
    local status=$? lines
    lines=$(wc -l <"$dir/stderr")
    if [[ $status -ne 2 ]]; then
        echo "FAIL [$*]: exit $status, want 2"
    elif [[ -s $dir/stdout ]]; then
        echo "FAIL [$*]: wrote to stdout"
    elif [[ $lines -ne 1 ]]; then
        echo "FAIL [$*]: $lines lines on stderr, want 1"
    elif ! grep -q '^rtocalc: ' "$dir/stderr"; then
        echo "FAIL [$*]: stderr does not begin with rtocalc:"
    elif ! grep -qF -- "$want" "$dir/stderr"; then
        echo "FAIL [$*]: stderr does not name $want: $(cat "$dir/stderr")"
    elif [[ -e $out ]]; then
        echo "FAIL [$*]: created $out"
    else
        passed=$((passed + 1))
        return
    fi
    failed=$((failed + 1))
}

# Integer settings: range given as A..B in every message.
ints='retries1 retries2 keepalive-probes syn-retries syn-linear-timeouts
synack-retries orphan-retries in-flight'
# Duration settings.
durs='user-timeout rtt rto rto-min rto-max keepalive-time keepalive-intvl
fin-timeout'
for opt in $ints $durs hz; do
    for bad in '' abc -1 5x ' 5' 99999999999999999999 1e309s \
        9223372036854775807s 5parsecs 1.5.5; do
        expect "--$opt" retrans "--$opt" "$bad"
    done
done
# Out of the kernel's range, per profile.
expect "0..255" retrans --retries2 256
expect "0..255" retrans --kernel 6.18 --retries2 300
expect "1..127" syn --syn-retries 0
# At least one segment is in flight (0 is no segment, not "the default").
expect "1..2147483647" retrans --in-flight 0
expect "1..2147483647" orphan --in-flight 0
expect "--in-flight" sweep --path orphan --in-flight 0..3
expect "1..127" syn --syn-retries 128
expect "0..127" syn --syn-linear-timeouts 128
expect "6.5" syn --kernel 6.1 --syn-linear-timeouts 4
expect "1000..120000" retrans --rto-max 999ms
expect "6.15" retrans --kernel 6.12 --rto-max 1s
expect "0..2147483647" retrans --user-timeout 3000000000
expect "2.6.37" retrans --kernel 2.6.32 --no-tlp --user-timeout 1000
expect "3.10" retrans --kernel 2.6.32 --tlp
expect "--hz" retrans --hz 200
expect "--keepalive-time" keepalive --keepalive-time 1.5s
expect "--fin-timeout" orphan --fin-wait2 --fin-timeout 1.5s
expect "--rtt" retrans --rtt 121s
# Issue 14: 0 means "from the RTT" inside the model, but --rto 0 is no RTO
# (it printed an initial RTO of 201 ms); an empty sample is no sample.
expect "--rto" retrans --rto 0
expect "--rto" retrans --rto 0ms
expect "--samples" rto --samples 10ms,,3ms
expect "--samples" rto --samples ,10ms
expect "--samples" rto --samples 10ms,
# Enumerations and words.
expect "--format" retrans --format yaml
expect "--cc" retrans --cc vegas
expect "--kernel" retrans --kernel 2.4
expect "2.6.32" retrans --kernel 2.6.31
expect "--kernel" retrans --kernel banana
# Issue 17: a directory is not an empty sysctl file; --only needs a name.
expect "--sysctl-file" retrans --sysctl-file /
expect "--only" verify --only ""
expect "--only" verify --only ,
# Issue 17: a typo gets the nearest name (commands and long options);
# nothing near gets none.
expect 'did you mean "retrans"?' retrnas
expect 'did you mean "sysctl"?' sytcl
expect 'did you mean "--retries2"?' retrans --retires2 5
expect 'did you mean "--in-flight"?' retrans --in-fligth=3
expect 'did you mean "--kernel"?' --kernal 5.4
expect 'unknown option "--zzzzzz"' retrans --zzzzzz
# Not versions: a minor past a byte, no minor, a letter glued to a number.
expect "6.1.0-57-amd64" retrans --kernel 6.256
expect "--kernel" retrans --kernel 6
expect "--kernel" retrans --kernel 6.1x
expect "unknown command" frobnicate
expect "unknown option" retrans --bogus
expect "--retries2" retrans --retries2
expect "--through" keepalive --through nosuchbox
expect "--through" retrans --through aws-nlb=0
expect "--through" retrans --through aws-nlb=31d
expect "--through" retrans --through aws-nlb=1.5s
expect "--through" solve --target 60s --through aws-nlb=abc
expect "--emit" retrans --emit bogus
expect "--jobs" verify --jobs 0
expect "--dport" sockets --dport 0
expect "--sport" sockets --sport 65536
expect "--sport" sockets --sport abc
expect "--state" sockets --state nosuch
expect "--pid" sockets --pid 0
# --watch: an interval of 100ms..1h (a bare number is seconds); the value
# is optional, so a word that is no duration is left for what follows.
for bad in 99ms 0 0.05 1h1s 2h -1s abc 5parsecs ''; do
    expect "100ms..1h" sockets "--watch=$bad"
done
expect "100ms..1h" sockets --watch 99ms
expect "100ms..1h" sockets --watch 3601
expect "unexpected argument \"fast\"" sockets --watch fast
expect "--count" sockets --watch --count 0
expect "1..1000000000" sockets --watch --count 1000000001
expect "--count" sockets --watch --count abc
expect "give --watch too" sockets --count 3
expect "goes with sockets" retrans --watch
expect "--count" report --count 2
expect "--netns" sockets --netns rtocalc-no-such-namespace
# --netns: a name under /run/netns or a namespace file, that exists.
expect "--netns" sockets --netns ''
expect "--netns" sockets --netns .
expect "--netns" sockets --netns ..
expect "--netns" sockets --netns "$dir/no-such-namespace"
expect "--netns" sockets --netns /
expect "not both" sockets --netns /proc/self/ns/net --all-netns
expect "goes with sockets" retrans --all-netns
expect "--dport" retrans --dport 80
expect "--all" report --all
expect "--only" verify --only nosuch
expect "--target" solve --target 0
expect "--target" solve --target abc
expect "--path" solve --target 10s --path synack
expect "--sysctl" retrans --sysctl tcp_nope=1
expect "--sysctl" retrans --sysctl net.ipv4.tcp_retries2=300
expect "--sysctl" retrans --sysctl tcp_retries2
expect "--sysctl-file" retrans --sysctl-file "$dir/does-not-exist.conf"
expect "--kernel" retrans --kern 4.19
expect "--system" retrans --syst
printf '# %0600d net.ipv4.tcp_retries2 = 3\n' 0 >"$dir/long.conf"
expect "line longer" retrans --sysctl-file "$dir/long.conf"
# sweep ranges and rto samples.
expect "--retries2" sweep --retries2 5..1
expect "--retries2" sweep --retries2 1..
expect "--retries2" sweep --retries2 0..300
# Past int, even where the kernel's range is 0..INT_MAX (before 5.13).
expect "--retries2" sweep --kernel 5.10 --retries2 2147483646..2147483648
expect "--rtt" sweep --rtt 1s..1ms:4
expect "--rtt" sweep --rtt 1ms..1s:1
expect "--rtt" sweep --rtt 1ms,abc
expect "sweep" sweep
expect "--format" sweep --retries2 1..3 --format markdown
# --max-rows: 1..INT64_MAX or none.
for bad in '' 0 -1 abc 1.5 ' 5' 9223372036854775808 None; do
    expect "--max-rows" sweep --retries2 1..3 --max-rows "$bad"
done
expect "--max-rows" retrans --max-rows 5
expect "--events" retrans --events
# Refused before the first row: a value outside its range anywhere in a
# long range, and a value that only HZ=1000 refuses (the keepalive time in
# jiffies must fit an int) when HZ is swept too.
expect "--user-timeout" sweep --user-timeout 1s..10s:7
expect "--keepalive-time" sweep --path keepalive --hz 100,1000 \
    --keepalive-time 1000000..2200000
expect "--samples" rto --samples 10ms,abc
expect "--samples" rto --samples 0
expect "--samples" rto --samples 121s
expect "rto" rto
expect "--samples-file" rto --samples-file "$dir/does-not-exist"
expect "gnuplot" report --format gnuplot
expect "plot" plot nosuchkind
# Issue 17: a setting the command does not use, or verify cannot stage.
expect "--keepalive-time" syn --keepalive-time 5
expect "--keepalive-probes" sweep --retries2 0..255 --rtt 1us..120s:100000 \
    --keepalive-probes 0..255
expect "--retries2" keepalive --retries2 3
expect "--fastopen" retrans --fastopen
expect "--rtt" verify --rtt 1ms
expect "--quick" verify --quick --retries2 3
expect "--through" verify --through aws-nlb
expect "--emit" sweep --retries2 1..2 --emit go
# --stack: each stack's knobs with its own ranges; another stack's or
# Linux's options are refused with the stack's name (STACKS.md 2.1:
# net.inet.tcp.retries 1..12 from FreeBSD 14.0; Set-NetTCPSetting MinRtoMs
# 20..300 ms).
expect "1..12" retrans --stack freebsd --retries 13
expect "--retries" retrans --stack freebsd-13 --retries 5
expect "20 ms..300 ms" retrans --stack windows --min-rto 310ms
expect "openbsd" retrans --stack openbsd --keepcnt 3
expect "--retries2" retrans --stack macos --retries2 5
expect "--kernel" retrans --stack lwip --kernel 6.1
expect "--stack" retrans --stack plan9
expect "--stack" retrans --stack freebsd-9
expect "--stack" retrans --stack linux-6.1
expect "stacks" stacks --stack freebsd
expect "--sysctl" report --stack freebsd --sysctl net.inet.tcp.nosuch=1
expect "1..12" report --stack freebsd --sysctl net.inet.tcp.retries=0
expect "gnuplot" retrans --stack macos --format gnuplot
expect "gnuplot" stacks --format gnuplot
expect "--rttvar" retrans --stack macos --rttvar 121s

# An existing output file is not clobbered by a refused command.
printf 'keep' >"$dir/kept"
"$rtocalc" retrans --retries2 abc -o "$dir/kept" 2>/dev/null
if [[ $(<"$dir/kept") == keep ]]; then
    passed=$((passed + 1))
else
    echo "FAIL: a refused command clobbered its -o file"
    failed=$((failed + 1))
fi
# Only sockets writes openmetrics: every other command, and every --stack
# but linux, refuses it with the --format line.  The commands come from
# --complete, so a new command joins the matrix (help writes no format).
while read -r cmd; do
    case $cmd in
    sockets | help) continue ;;
    sweep) args=(sweep --retries2 1..3) ;;
    solve) args=(solve --target 60s) ;;
    rto) args=(rto --samples 10ms) ;;
    plot) args=(plot retrans) ;;
    *) args=("$cmd") ;;
    esac
    expect "--format" "${args[@]}" --format openmetrics
done < <("$rtocalc" --complete commands)
expect "--format" verify --list --format openmetrics
expect "--format" retrans --stack freebsd --format openmetrics
expect "--format" sockets --format yaml
# Write errors: exit 1 with a message.
if [[ -w /dev/full ]]; then
    "$rtocalc" retrans >/dev/full 2>"$dir/stderr"
    status=$?
    if [[ $status -eq 1 ]] && grep -q '^rtocalc: write error' "$dir/stderr"
    then
        passed=$((passed + 1))
    else
        echo "FAIL: >/dev/full: exit $status, $(cat "$dir/stderr")"
        failed=$((failed + 1))
    fi
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
