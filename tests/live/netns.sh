#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# rtocalc sockets --netns and --all-netns, in private namespaces only: the
# test runs in a network namespace of its own (unshare -n) with a mount
# namespace and a /run of its own (unshare -m, a tmpfs) and a PID
# namespace with its own /proc (unshare -p), so the host's sockets,
# sysctls and /run/netns are never touched and --all-netns finds only the
# namespaces of this test's processes.  Inside it:
#   "here": this namespace, tcp_retries2 9, a client retransmitting to a
#     deaf peer on port 5002;
#   "there": a nested namespace (unshare -n) with tcp_retries2 7 and such
#     a client on port 5001, named "sleepy" under /run/netns by a bind
#     mount, as ip-netns(8) names one.
# Checks: --netns PATH and --netns NAME see port 5001 with that
# namespace's tcp_retries2 (7; /proc/sys/net is read after entering), and
# label its rows as given; a plain sample sees only 5002, at 9; --all-netns
# sees both, each at its own namespace's value and labelled ("sleepy"
# first, then this namespace by its lowest pid, 1), which also shows the
# sample came back from "there"; as nobody, --netns fails with one line
# naming CAP_SYS_ADMIN (exit 1) and --all-netns samples its own namespace
# with a warning.  Skips (77) without root, unshare, ip, python3 or
# setpriv.  Every wait is bounded; the namespaces die with their processes.
set -u
rtocalc=${RTOCALC:-./rtocalc}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ ${1-} != --inside ]]; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "SKIP: needs root (private network and mount namespaces)"
        exit 77
    fi
    for tool in unshare ip python3 setpriv mount; do
        command -v "$tool" >/dev/null 2>&1 || {
            echo "SKIP: no $tool"
            exit 77
        }
    done
    rtocalc=$(cd "$(dirname "$rtocalc")" && pwd)/$(basename "$rtocalc")
    RTOCALC=$rtocalc exec timeout 60 nice -n 10 unshare -n -m -p -f \
        --mount-proc --propagation private "$0" --inside
fi

dir=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do
        kill "$p" 2>/dev/null
    done
    wait
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# peer PORT RETRIES2 READY: in the current namespace, set tcp_retries2,
# connect a client to a peer that drops everything, send 100 bytes (so it
# retransmits), write READY and sleep until killed.
peer() {
    python3 -c '
import socket, sys, time
sys.path.insert(0, sys.argv[1])
import record
record.sysctl("tcp_retries2", sys.argv[3])
srv, cli, peer = record.pair(socket.AF_INET, "127.0.0.1", int(sys.argv[2]))
time.sleep(0.2)
keep = record.drop_all(peer)
cli.send(b"d" * 100)
open(sys.argv[4], "w").write("ready\n")
time.sleep(55)
' "$here" "$@"
}

ip link set lo up || exit 1
unshare -n sh -c 'ip link set lo up && exec "$@"' sh bash -c \
    "$(declare -f peer); here='$here'; peer 5001 7 '$dir/there'" &
there=$!
pids+=("$there")
peer 5002 9 "$dir/here" &
pids+=("$!")
for _ in $(seq 100); do
    [[ -e $dir/there && -e $dir/here ]] && break
    sleep 0.1
done
[[ -e $dir/there && -e $dir/here ]] || {
    echo "FAIL the peers did not start"
    exit 1
}
# The nested shell execs python: its pid is the process in "there".
nspath=/proc/$there/ns/net
mount -t tmpfs none /run && mkdir -p /run/netns && touch /run/netns/sleepy &&
    mount --bind "$nspath" /run/netns/sleepy || {
    echo "FAIL cannot name the namespace under a private /run"
    exit 1
}

# row JSON PORT: the JSON line of the socket to PORT, or nothing.
row() {
    grep -E "\"dst\": \"127\.0\.0\.1:$2\"" <<<"$1"
}

# expect_row WHAT JSON PORT NETNS RETRIES2: the socket to PORT is listed
# as retransmitting, with the namespace and tcp_retries2 given.
expect_row() {
    local r
    r=$(row "$2" "$3")
    if [[ -z $r ]]; then
        fail "$1: no socket to port $3"
    elif [[ $r != *"\"path\": \"retrans\""* ]]; then
        fail "$1: port $3 not on retrans: $r"
    elif [[ -n $4 && $r != *"\"netns\": \"$4\""* ]]; then
        fail "$1: port $3 not labelled $4: $r"
    elif [[ $r != *"\"tcp_retries2\": $5"[,}]* ]]; then
        fail "$1: port $3 without its namespace's tcp_retries2 $5: $r"
    else
        ok
    fi
}

for ns in "$nspath" sleepy; do
    out=$("$rtocalc" sockets --netns "$ns" --format json) ||
        fail "--netns $ns: exit $?"
    expect_row "--netns $ns" "$out" 5001 "$ns" 7
    [[ -z $(row "$out" 5002) ]] && ok ||
        fail "--netns $ns: sees this namespace's socket"
done
out=$("$rtocalc" sockets --format json) || fail "no --netns: exit $?"
expect_row "no --netns" "$out" 5002 "" 9
[[ -z $(row "$out" 5001) ]] && ok || fail "no --netns: sees port 5001"
[[ $out != *'"netns"'* ]] && ok || fail "no --netns: rows name a netns"

out=$("$rtocalc" sockets --all-netns --format json) ||
    fail "--all-netns: exit $?"
expect_row "--all-netns" "$out" 5001 sleepy 7
expect_row "--all-netns" "$out" 5002 /proc/1/ns/net 9
# Named first, then by pid: this script is pid 1 of its PID namespace.
table=$("$rtocalc" sockets --all-netns)
order=$(grep '^netns ' <<<"$table" | tr '\n' ' ')
[[ $order == "netns sleepy netns /proc/1/ns/net " ]] && ok ||
    fail "--all-netns headings: $order"

nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
"${nobody[@]}" "$rtocalc" sockets --netns sleepy >"$dir/out" 2>"$dir/err"
st=$?
if [[ $st -ne 1 || -s $dir/out || $(wc -l <"$dir/err") -ne 1 ]] ||
    ! grep -q '^rtocalc: --netns sleepy: .*CAP_SYS_ADMIN' "$dir/err"; then
    fail "--netns as nobody: exit $st, $(cat "$dir/err")"
else
    ok
fi
"${nobody[@]}" "$rtocalc" sockets --all-netns --format json \
    >"$dir/out" 2>"$dir/err"
st=$?
out=$(cat "$dir/out")
if [[ $st -ne 0 ]] || ! grep -q 'not sampled.*CAP_SYS_ADMIN' "$dir/err"; then
    fail "--all-netns as nobody: exit $st, $(cat "$dir/err")"
elif [[ -n $(row "$out" 5001) || -z $(row "$out" 5002) ]]; then
    fail "--all-netns as nobody: not its own namespace alone: $out"
else
    ok
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
