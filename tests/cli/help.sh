#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Help from the tables: `rtocalc COMMAND --help` is that command's help (its
# synopsis, its own options, the settings of its path), not the global
# one; `rtocalc --help` lists every setting of the model's table with the
# range and default of the chosen profile.  Issue 14: `rtocalc plot --help`
# printed the global help.
#
# Environment: RTOCALC (the binary; default ./rtocalc).  Exit status: 0 all
# passed, 1 a check failed, 77 (skip) without the binary.
set -u
export LC_ALL=C

RTOCALC=${RTOCALC:-./rtocalc}
if [[ ! -x $RTOCALC ]]; then
    echo "help.sh: no rtocalc binary at '$RTOCALC': skipped"
    exit 77
fi

passed=0
failed=0
check() {
    local what=$1
    shift
    if "$@"; then
        echo "ok $what"
        passed=$((passed + 1))
    else
        echo "FAIL $what"
        failed=$((failed + 1))
    fi
}
# has TEXT WORDS: TEXT holds WORDS, wherever the help wrapped its lines.
flat() { tr -s ' \n' '  ' <<<"$1"; }
has() { grep -qF -- "$2" <<<"$(flat "$1")"; }
lacks() { ! grep -qF -- "$2" <<<"$(flat "$1")"; }

plot=$("$RTOCALC" plot --help)
check "plot --help exits 0" test $? -eq 0
check "plot --help: its synopsis" has "$plot" "Usage: rtocalc plot KIND"
check "plot --help: its option --from" has "$plot" "--from FILE"
check "plot --help: not verify's --quick" lacks "$plot" "--quick"
check "plot --help: not the global help" lacks "$plot" "Commands:"

retrans=$("$RTOCALC" retrans --help)
check "retrans --help: its synopsis" has "$retrans" "Usage: rtocalc retrans"
check "retrans --help: tcp_retries2" has "$retrans" "--retries2 N"
check "retrans --help: not keepalive's settings" \
    lacks "$retrans" "--keepalive-time"
check "retrans --help: not solve's --target" lacks "$retrans" "--target"

keepalive=$("$RTOCALC" keepalive --help)
check "keepalive --help: --keepalive-probes" \
    has "$keepalive" "--keepalive-probes N"
check "keepalive --help: not --retries2" lacks "$keepalive" "--retries2"

verify=$("$RTOCALC" verify --help)
for o in --quick --list --only --jobs --csv; do
    check "verify --help: $o" has "$verify" "$o"
done

# The global help: defaults and ranges of the chosen profile.  tcp_retries2
# is a u8 since 5.13 (0..255) and an int before; tcp_syn_retries defaults to
# 6 since 3.7 and 5 before (KERNEL.md, tcp(7)).
global=$("$RTOCALC" --help)
check "--help: every command" has "$global" "rto the kernel's RTT estimator"
check "--help: --retries2 0..255 at 6.18" \
    has "$global" "tcp_retries2, 0..255 (default 15)"
old=$("$RTOCALC" --kernel 3.10 --help)
check "--kernel 3.10 --help: tcp_retries2 an int" \
    has "$old" "tcp_retries2, 0..2147483647 (default 15)"
check "--kernel 3.10 --help: no tcp_syn_linear_timeouts before 6.5" \
    has "$old" "tcp_syn_linear_timeouts; tcp_syn_linear_timeouts exists from"
oldest=$("$RTOCALC" --kernel 2.6.32 --help)
check "--kernel 2.6.32 --help: tcp_syn_retries default 5 before 3.7" \
    has "$oldest" "tcp_syn_retries / TCP_SYNCNT, 1..127 (default 5)"
check "--help: at most 79 columns" \
    test "$(awk 'length > 79' <<<"$global" | wc -l)" -eq 0
check "retrans --help: at most 79 columns" \
    test "$(awk 'length > 79' <<<"$retrans" | wc -l)" -eq 0

# Issue 17: `rtocalc help [COMMAND]` is --help (before or after the
# command), and a command it does not know is a usage error.
check "help = --help" test "$("$RTOCALC" help)" = "$global"
check "help retrans = retrans --help" \
    test "$("$RTOCALC" help retrans)" = "$retrans"
check "--help lists help among the commands" has "$global" "help this help"
"$RTOCALC" help frobnicate >/dev/null 2>&1
check "help frobnicate exits 2" test $? -eq 2

# Issue 19: `rtocalc help stacks` lists every stack's knobs, from the
# stacks' settings table.  `rtocalc --stack NAME --help` prints the same
# table's rows of one stack: every knob option and every --sysctl name it
# shows must be in that stack's section of `help stacks`, with as many
# knobs, so a row missing from either fails here.
stacks_help=$("$RTOCALC" help stacks)
check "help stacks: at most 79 columns" \
    test "$(awk 'length > 79' <<<"$stacks_help" | wc -l)" -eq 0
for name in freebsd macos windows lwip openbsd netbsd illumos; do
    one=$("$RTOCALC" --stack "$name" --help)
    section=$(awk -v n="$name" '
        $0 ~ "^" n " \\(" { on = 1; next }
        on && /^[a-z]+ \(/ { on = 0 }
        on && /^$/ { on = 0 }
        on' <<<"$stacks_help")
    mapfile -t knobs < <(sed -n "/'s knobs:\$/,\$ s/^  \(--[a-z0-9-]*\).*/\1/p" <<<"$one")
    mapfile -t names < <(sed -n "/'s knobs:\$/,\$ p" <<<"$one" | flat "$(cat)" |
        grep -oE -- '--sysctl [^ ]+=VALUE' |
        sed 's/^--sysctl //; s/=VALUE$//')
    count=$(grep -cE '^  --' <<<"$section")
    check "help stacks: $name has ${#knobs[@]} knobs (it lists $count)" \
        test "${#knobs[@]}" -gt 0 -a "$count" -eq "${#knobs[@]}"
    for k in "${knobs[@]}"; do
        check "help stacks: $name $k" grep -qE -- "^  $k( |$)" <<<"$section"
    done
    for n in "${names[@]}"; do
        check "help stacks: $name $n" has "$section" "$n:"
    done
done
check "help stacks: a range and default" \
    has "$stacks_help" "net.inet.tcp.retries: 1..12, default 12"
check "help stacks: a knob without a --sysctl name" \
    has "$stacks_help" "TCP_ABORT_THRESHOLD (no --sysctl name): 0 ms"

echo "$passed passed, $failed failed"
((failed == 0))
