#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# rtocalc plot KIND -o FILE.svg writes an SVG for every kind, and every
# timeline's --format gnuplot script runs in gnuplot without a message.
# Skips (77) without gnuplot.
set -u

rtocalc=${RTOCALC:-./rtocalc}
command -v gnuplot >/dev/null 2>&1 || { echo "no gnuplot: skipped"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
passed=0 failed=0
check() {
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}
svg() {
    local out=$dir/$1.svg
    shift
    if "$rtocalc" plot "$@" -o "$out" 2>"$dir/err" && [[ ! -s $dir/err ]] \
        && grep -q '<svg' "$out"; then
        echo "ok plot $*"
        return 0
    fi
    echo "FAIL plot $*: $(cat "$dir/err")"
    return 1
}
for kind in retrans keepalive syn budget stacks; do
    check svg "$kind" "$kind"
done
for cmd in retrans keepalive syn synack orphan probe0; do
    "$rtocalc" "$cmd" --format gnuplot >"$dir/$cmd.gp"
    if gnuplot -e "set terminal svg; set output '$dir/$cmd-gp.svg'" \
        "$dir/$cmd.gp" >"$dir/gp.err" 2>&1 && [[ ! -s $dir/gp.err ]]; then
        echo "ok $cmd --format gnuplot | gnuplot"
        passed=$((passed + 1))
    else
        echo "FAIL $cmd --format gnuplot: $(cat "$dir/gp.err")"
        failed=$((failed + 1))
    fi
done
# A bad extension is a usage error that leaves no file behind.
if "$rtocalc" plot budget -o "$dir/x.pdf" 2>/dev/null; then
    echo "FAIL plot -o x.pdf accepted"
    failed=$((failed + 1))
elif [[ -e $dir/x.pdf ]]; then
    echo "FAIL plot -o x.pdf left a file"
    failed=$((failed + 1))
else
    passed=$((passed + 1))
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
