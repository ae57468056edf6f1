#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The bash completion (completion/rtocalc.bash): load it into this shell,
# call its function as bash would (COMP_WORDS, COMP_CWORD) and check what
# it offers. Every long option and every command that `rtocalc --help`
# prints must be offered, so the completion's hard-coded lists cannot drift
# from the program; and it must offer no long option --help does not know.
#
# Environment: RTOCALC (the binary; default ./rtocalc), COMPLETION (the
# completion file; default: completion/rtocalc.bash of the source tree
# this script is in, or below $GOLDEN_DIR/../..). Exit status: 0 all
# passed, 1 a check failed, 77 (skip) without the binary.
set -u
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RTOCALC=${RTOCALC:-./rtocalc}
COMPLETION=${COMPLETION:-${GOLDEN_DIR:-$here}/../../completion/rtocalc.bash}

if [[ ! -x $RTOCALC ]]; then
    echo "completion.sh: no rtocalc binary at '$RTOCALC': skipped"
    exit 77
fi
if [[ ! -r $COMPLETION ]]; then
    echo "FAIL no completion file at '$COMPLETION'"
    echo "0 passed, 1 failed"
    exit 1
fi

# The completion asks the program it completes for its lists: the binary
# under test, found as "rtocalc" on the PATH.
PATH=$(cd "$(dirname "$RTOCALC")" && pwd):$PATH
export PATH

# The completion file is shellchecked on its own.
# shellcheck source=/dev/null
source "$COMPLETION"

passed=0
failed=0

# complete_line WORD...: run the completion for the command line WORD... with
# the cursor at the end of the last word, leaving the reply in COMPREPLY.
complete_line() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _rtocalc
}

# offered WORD: is WORD in COMPREPLY?
offered() {
    local w
    for w in "${COMPREPLY[@]}"; do
        [[ $w == "$1" ]] && return 0
    done
    return 1
}

# expect "LINE" WANT...: completing LINE (words split on spaces, the last
# one possibly empty) offers every WANT.
expect() {
    local line=$1 want missing=()
    local -a words
    shift
    read -r -a words <<<"$line"
    [[ $line == *' ' ]] && words+=('')
    complete_line "${words[@]}"
    for want in "$@"; do
        offered "$want" || missing+=("$want")
    done
    if ((${#missing[@]} == 0)); then
        echo "ok '$line<TAB>' offers $*"
        passed=$((passed + 1))
    else
        echo "FAIL '$line<TAB>' does not offer ${missing[*]}"
        echo "  it offers: ${COMPREPLY[*]-(nothing)}"
        failed=$((failed + 1))
    fi
}

# expect_only "LINE" WANT...: completing LINE offers exactly WANT...
# (nothing when WANT is empty), in any order.
expect_only() {
    local line=$1 got want
    local -a words
    shift
    read -r -a words <<<"$line"
    [[ $line == *' ' ]] && words+=('')
    complete_line "${words[@]}"
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    if [[ $got == "$want" ]]; then
        echo "ok '$line<TAB>' offers exactly: ${*:-(nothing)}"
        passed=$((passed + 1))
    else
        echo "FAIL '$line<TAB>' should offer exactly: ${*:-(nothing)}"
        echo "  it offers: ${COMPREPLY[*]-(nothing)}"
        failed=$((failed + 1))
    fi
}

expect_only 'rtocalc re' report retrans
expect_only 'rtocalc retrans --ret' --retries1 --retries2
expect 'rtocalc --format ' table csv json gnuplot markdown
expect_only 'rtocalc -f j' json
expect_only 'rtocalc retrans --format = m' markdown
expect 'rtocalc --kernel ' list 2.6.32 6.18
expect_only 'rtocalc --kernel 6.1' 6.1 6.12 6.18 6.19
expect_only 'rtocalc --hz ' 100 250 300 1000
expect_only 'rtocalc --cc ' reno cubic bbr
expect 'rtocalc --hz 250 ' report retrans sysctl plot
expect_only 'rtocalc retrans --retries2 5 ' # a command takes no arguments
expect_only 'rtocalc retrans --retries2 ' # a number: nothing to offer
expect_only 'rtocalc plot ' retrans budget keepalive syn stacks verify
expect_only 'rtocalc plot --hz 250 b' budget
expect_only 'rtocalc plot budget '
expect_only 'rtocalc --sysctl net.ipv4.tcp_retries' \
    net.ipv4.tcp_retries1= net.ipv4.tcp_retries2=
expect 'rtocalc sysctl --sysctl ' net.ipv4.tcp_congestion_control= \
    net.ipv4.tcp_rto_min_us= net.ipv4.tcp_keepalive_time=
expect_only 'rtocalc --sysctl net.ipv4.tcp_congestion_control = b' bbr

# sockets: --state takes every state rtocalc --complete states lists
# (ss's names), --netns a name of /run/netns (here a directory of this
# test's, through _RTOCALC_NETNS_DIR: the real one is the host's) or a
# file.
expect_only 'rtocalc sockets --state fin' fin-wait-1 fin-wait-2
expect 'rtocalc sockets --state ' established syn-sent syn-recv time-wait \
    close-wait last-ack listen closing unconn
expect_only 'rtocalc sockets --state=l' last-ack listen
netns_dir=$(mktemp -d)
trap 'rm -rf "$netns_dir"' EXIT
: >"$netns_dir/blue"
: >"$netns_dir/black"
: >"$netns_dir/green"
_RTOCALC_NETNS_DIR=$netns_dir
expect_only 'rtocalc sockets --netns b' blue black
expect_only 'rtocalc sockets --netns ' blue black green
expect_only 'rtocalc sockets --netns /pro' /proc
_RTOCALC_NETNS_DIR=$netns_dir/none
expect_only 'rtocalc sockets --netns '
unset _RTOCALC_NETNS_DIR

# Issue 19: --stack completes every stack of `rtocalc stacks` (and the
# versions and aliases --stack takes), and after --stack NAME the options
# are that stack's: every knob its `rtocalc --stack NAME --help` prints
# (one row each of the stacks' settings table), and no Linux setting.
mapfile -t stack_names < <("$RTOCALC" stacks --format json |
    sed -n 's/^ *{ "name": "\([a-z]*\)".*/\1/p')
if ((${#stack_names[@]} < 8)); then
    echo "FAIL found only ${#stack_names[@]} stacks in rtocalc stacks"
    failed=$((failed + 1))
fi
expect 'rtocalc --stack ' "${stack_names[@]}" freebsd-12 lwip-2.1 \
    windows-7 solaris-10 ios solaris android
expect_only 'rtocalc --stack lwip-2' lwip-2.1 lwip-2.2
for name in "${stack_names[@]}"; do
    [[ $name == linux ]] && continue
    mapfile -t knobs < <("$RTOCALC" --stack "$name" --help |
        sed -n "/'s knobs:\$/,\$ s/^  \(--[a-z0-9-]*\).*/\1/p")
    if ((${#knobs[@]} == 0)); then
        echo "FAIL rtocalc --stack $name --help lists no knobs"
        failed=$((failed + 1))
        continue
    fi
    expect "rtocalc retrans --stack $name --" "${knobs[@]}" --rtt --rttvar \
        --sysctl --format --help
    expect "rtocalc --stack=$name report --" "${knobs[@]}"
done
expect_only 'rtocalc --stack freebsd --retr' --retries
expect_only 'rtocalc --stack freebsd --always' --always-keepalive
expect_only 'rtocalc --stack freebsd-14 --no-' --no-always-keepalive
expect_only 'rtocalc --stack linux --retries' --retries1 --retries2
# A stack knob's value is no command: after it, the commands again.
expect_only 'rtocalc --stack freebsd --keepidle ' # a duration
expect 'rtocalc --stack freebsd --keepidle 600 ' retrans keepalive report
expect_only 'rtocalc --stack freebsd --keepidle 600 --format j' json

# The options that name a file complete file names.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/rtocalc-completion.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT
: >"$scratch/settings.conf"
for opt in -o --output --csv --sysctl-file --from; do
    expect "rtocalc $opt $scratch/set" "$scratch/settings.conf"
done

# Every long option of --help, and every command of its Commands section.
help=$("$RTOCALC" --help) || {
    echo "FAIL $RTOCALC --help failed"
    failed=$((failed + 1))
}
mapfile -t help_options < <(grep -oE -- '--[[:alnum:]][[:alnum:]-]*' \
    <<<"$help" | sort -u)
mapfile -t help_commands < <(sed -n '/^Commands:/,/^$/p' <<<"$help" |
    sed -n 's/^  \([a-z][a-z0-9]*\) .*/\1/p')
if ((${#help_options[@]} < 10 || ${#help_commands[@]} < 5)); then
    echo "FAIL found only ${#help_options[@]} options and" \
        "${#help_commands[@]} commands in --help: has its layout changed?"
    failed=$((failed + 1))
fi
expect 'rtocalc --' "${help_options[@]}"
expect 'rtocalc retrans --' "${help_options[@]}"
expect 'rtocalc ' "${help_commands[@]}"

# The converse: no long option that --help does not print.
complete_line rtocalc --
extra=()
for w in "${COMPREPLY[@]}"; do
    [[ " ${help_options[*]} " == *" $w "* ]] || extra+=("$w")
done
if ((${#extra[@]} == 0)); then
    echo "ok 'rtocalc --<TAB>' offers no option unknown to --help"
    passed=$((passed + 1))
else
    echo "FAIL 'rtocalc --<TAB>' offers options --help does not know:" \
        "${extra[*]}"
    failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
((failed == 0)) || exit 1
exit 0
