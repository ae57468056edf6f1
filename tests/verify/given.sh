#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# verify with settings of one's own (issue 17): they make a scenario of
# their own, named given-PATH, staged in private network namespaces like
# the catalogue's.  Skips (77) where namespaces cannot be created.
#
# Expected (KERNEL.md 3.1, 6.5 and later): connect() with
# tcp_syn_retries=1 sends the SYN at 0; with tcp_syn_linear_timeouts=4 the
# RTO stays at TCP_TIMEOUT_INIT (1 s), so it retransmits at 1 s and 2 s;
# at 3 s the count limit 1 + 4 is not reached, but the time test
# model(1, base 1 s) = 1 s + 2 s = 3 s is: the attempt ends at 3 s after
# 2 retransmissions.  Before 6.5 (no linear timeouts) the RTO doubles:
# one retransmission at 1 s, the end at 3 s.  Verify must find that inside
# the model's window, as for the catalogue's syn-1.
set -u
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/../kernel-gate.sh"

rtocalc=${RTOCALC:-./rtocalc}
if [[ ! -x $rtocalc ]]; then
    echo "given.sh: $rtocalc not built" >&2
    exit 77
fi
if ! command -v jq >/dev/null; then
    echo "given.sh: jq is not installed" >&2
    exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0

"$rtocalc" verify --path syn --syn-retries 1 --format json \
    -o "$dir/out.json" 2>"$dir/err"
status=$?
if [[ $status -eq 77 ]]; then
    echo "verify: skipped (cannot create network namespaces here)"
    exit 77
fi
cat "$dir/err"
if [[ $status -ne 0 ]]; then
    echo "FAIL: verify --path syn --syn-retries 1 exited $status"
    failed=1
fi
if ! jq -e '(.profile | split(".") | map(tonumber)) as $v
            | (if $v >= [6, 5] then 2 else 1 end) as $count
            | .scenarios | length == 1
            and .[0].name == "given-syn"
            and (.[0].args | index("--syn-retries")) != null
            and .[0].pass == true
            and .[0].measured.count == $count
            and .[0].measured.give_up_us >= 2990000
            and .[0].measured.give_up_us <= 3100000' \
        "$dir/out.json" >/dev/null; then
    echo "FAIL: given-syn is not one agreeing scenario with 2 retransmissions"
    echo "      (1 before 6.5)"
    echo "      and a give-up near 3 s:"
    cat "$dir/out.json"
    failed=1
fi
grep -q 'staging given-syn: rtocalc syn --syn-retries 1' "$dir/err" || {
    echo "FAIL: no note naming the staged scenario and its command"
    failed=1
}

# Keepalive at its default 7200 s idle time ends past verify's 1 h bound:
# nothing to stage, a usage error, nothing written.
"$rtocalc" verify --path keepalive --keepalive-probes 2 \
    -o "$dir/none.txt" 2>"$dir/err2"
status=$?
if [[ $status -ne 2 ]] || [[ -e $dir/none.txt ]] \
    || ! grep -q 'nothing to stage' "$dir/err2"; then
    echo "FAIL: keepalive at 7200 s: exit $status, want 2 and no file:"
    cat "$dir/err2"
    failed=1
fi
[[ $failed -eq 0 ]] && echo "given.sh: verify stages settings of one's own"
exit $failed
