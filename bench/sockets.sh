#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The sockets part of make bench (issue 18): `rtocalc sockets --all --format
# json` over BENCH_CONNS established loopback connections (default 20,000;
# both ends in the namespace, so twice as many established sockets), against
# `ss -tin` on the same set: at most 2x its wall time and its peak memory.
#
# Run as root, it starts itself again in a private network namespace of its
# own (`unshare -n`), under a timeout, and there checks that its namespace
# is not the caller's before it changes anything, so that it never touches
# the host's settings.  In the namespace it brings lo up, widens ip_local_port_range (the namespace's
# own) and starts bench/rtocalc-conns, which opens the connections in as
# many processes as their RLIMIT_NOFILE needs and holds them.  Then it
# times the two commands interleaved, BENCH_SOCKETS_RUNS times each
# (default 11), each a whole process from fork to exit (bench/bench.c),
# and compares the medians of wall time and of peak RSS.  Exit 1 when a
# goal is missed, 2 when the set could not be built.  Everything it
# starts dies with it: the holder on end of file of its standard input
# (or its own timeout), and the namespace with its last process.
set -euo pipefail

libtool=${LIBTOOL:-./libtool}
driver=${BENCH_DRIVER:-bench/rtocalc-bench}
conns=${BENCH_CONNS_PROG:-bench/rtocalc-conns}
rtocalc=${RTOCALC:-./rtocalc}
n=${BENCH_CONNS:-20000}
runs=${BENCH_SOCKETS_RUNS:-11}
# How long the holder keeps the connections at most (seconds).
hold_s=${BENCH_SOCKETS_HOLD:-600}

die() { echo "sockets: $*" >&2; exit 2; }
[[ $n =~ ^[1-9][0-9]*$ ]] || die "BENCH_CONNS: expected an integer >= 1, got \"$n\""
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_SOCKETS_RUNS: expected an integer >= 1, got \"$runs\""
[[ $hold_s =~ ^[1-9][0-9]*$ ]] || die "BENCH_SOCKETS_HOLD: expected an integer >= 1, got \"$hold_s\""
command -v ss >/dev/null || die "ss not found (apt-get install iproute2)"

# Into a namespace of its own, bounded: the timeout ends the whole (the
# connections and 2 x BENCH_SOCKETS_RUNS timed runs), and the namespace
# ends with its last process.
own_ns=$(readlink /proc/self/ns/net) || die "cannot read /proc/self/ns/net"
if [[ ${1:-} != --in-netns-from=?* ]]; then
    exec timeout -k 10 $((hold_s + 60)) unshare -n \
        bash "$0" "--in-netns-from=$own_ns"
fi
# A namespace unshare -n just made has lo alone, and down: anything else
# is somebody's network, whose settings this script must not change.
links=$(ip -o link show 2>/dev/null) || die "ip link show failed"
[[ -n $own_ns && ${1#--in-netns-from=} != "$own_ns" \
   && $(wc -l <<<"$links") == 1 && $links == *" lo: <LOOPBACK> "* ]] \
    || die "not in a new network namespace of its own: refusing to change settings"

tmp=$(mktemp -d)
holder=
cleanup() {
    if [[ -n ${hold:-} ]]; then exec {hold}>&-; fi
    if [[ -n $holder ]]; then
        kill "$holder" 2>/dev/null || true
        wait "$holder" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# The namespace: lo up, and every port above 1023 for the client ends.
ip link set lo up 2>/dev/null || die "cannot bring lo up in the namespace"
echo "1024 65535" >/proc/sys/net/ipv4/ip_local_port_range

# The holder reads a FIFO that this script keeps open: when the script
# ends, however it ends, the holder sees end of file and exits.
mkfifo "$tmp/hold"
"$conns" -t "$hold_s" "$n" <"$tmp/hold" >"$tmp/ready" 2>"$tmp/conns.err" &
holder=$!
exec {hold}>"$tmp/hold"
for ((i = 0; i < 1200; i++)); do
    [[ -s $tmp/ready ]] && break
    kill -0 "$holder" 2>/dev/null || break
    sleep 0.1
done
[[ -s $tmp/ready ]] \
    || die "the connections were not opened in 120 s: $(tail -1 "$tmp/conns.err")"
established=$(ss -tnH state established | wc -l)
echo "sockets: $(sed 's/^ready: //' "$tmp/ready"); ss counts $established established"

read -ra lt <<<"$libtool"
timed() { "${lt[@]}" --mode=execute "$driver" -n 1 -- "$@"; }
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }
calc() { awk "BEGIN { printf \"${2:-%s}\", ($1) }"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

rto_cmd=("$rtocalc" sockets --all --format json)
ss_cmd=(ss -tin)
listed=$("${lt[@]}" --mode=execute "${rto_cmd[@]}" | grep -c '^    {"src"' || true)
echo "    rtocalc sockets lists $listed sockets (the listeners too)"

# Interleaved, and the one that goes first alternates, so that a change in
# the machine's load falls on both.
: >"$tmp/rto" && : >"$tmp/ss"
for ((i = 0; i < runs; i++)); do
    for who in $((i % 2)) $((1 - i % 2)); do
        if [[ $who == 0 ]]; then r=$(timed "${rto_cmd[@]}"); out=$tmp/rto
        else r=$(timed "${ss_cmd[@]}"); out=$tmp/ss; fi
        echo "$(field median_s "$r") $(field maxrss_kib "$r")" >>"$out"
    done
done
rto_s=$(cut -d' ' -f1 "$tmp/rto" | median)
rto_kib=$(cut -d' ' -f2 "$tmp/rto" | median)
ss_s=$(cut -d' ' -f1 "$tmp/ss" | median)
ss_kib=$(cut -d' ' -f2 "$tmp/ss" | median)
t_ratio=$(calc "$rto_s / $ss_s" %.2f)
m_ratio=$(calc "$rto_kib / $ss_kib" %.2f)
printf "    %s: %.1f ms, peak RSS %.1f MiB (medians of %d, interleaved)\n" \
    "${rto_cmd[*]}" "$(calc "$rto_s * 1000")" "$(calc "$rto_kib / 1024")" "$runs"
printf "    %s: %.1f ms, peak RSS %.1f MiB\n" \
    "${ss_cmd[*]}" "$(calc "$ss_s * 1000")" "$(calc "$ss_kib / 1024")"
echo "    rtocalc / ss: time ${t_ratio}x, peak RSS ${m_ratio}x (load average $(cut -d' ' -f1-3 /proc/loadavg))"
failed=0
goal() { # text, ok
    if [[ $2 == 1 ]]; then echo "    goal $1: met"
    else echo "    goal $1: MISSED"; failed=1; fi
}
goal "time at most 2x ss's" "$(calc "$t_ratio <= 2")"
goal "peak memory at most 2x ss's" "$(calc "$m_ratio <= 2")"
exit "$failed"
