#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# sweep counts its rows before it starts and refuses more than --max-rows
# (default 10000000): exit 2, one line naming --max-rows, the count and the
# limit, nothing written and an existing -o file kept.  Every count below
# is the product of the ranges' sizes, worked out by hand beside the case
# (A..B has B - A + 1 values, A..B:N has N, a list its items).  On a
# terminal (a pseudo-terminal from script(1), util-linux) the count is
# printed before the rows and a long sweep shows a progress line that is
# blanked at the end; without a terminal, or with -q, nothing is printed.
#
# Environment: RTOCALC (default ./rtocalc).  Prints FAIL lines and
# "N passed, M failed"; exits 1 when a case failed.
set -u
export LC_ALL=C

rtocalc=${RTOCALC:-./rtocalc}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() {
    echo "FAIL $*"
    failed=$((failed + 1))
}

# refused WANT ARGS...: exit 2, one line on stderr holding WANT (and
# --max-rows), nothing on stdout, the existing -o file untouched.
refused() {
    local want=$1 status lines
    shift
    printf 'keep' >"$tmp/kept"
    "$rtocalc" sweep "$@" -o "$tmp/kept" >"$tmp/out" 2>"$tmp/err"
    status=$?
    lines=$(wc -l <"$tmp/err")
    if [[ $status -ne 2 ]]; then
        fail "[$*]: exit $status, want 2"
    elif [[ -s $tmp/out || $(<"$tmp/kept") != keep ]]; then
        fail "[$*]: wrote something"
    elif [[ $lines -ne 1 ]] || ! grep -qF -- "$want" "$tmp/err" ||
        ! grep -q '^rtocalc: --max-rows: ' "$tmp/err"; then
        fail "[$*]: stderr is not one line with '$want': $(cat "$tmp/err")"
    else
        pass
    fi
}

# rows N ARGS...: the sweep runs and writes N rows and the CSV header.
rows() {
    local want=$1 got
    shift
    if ! "$rtocalc" sweep "$@" >"$tmp/out" 2>"$tmp/err"; then
        fail "[$*]: failed: $(cat "$tmp/err")"
        return
    fi
    got=$(($(wc -l <"$tmp/out") - 1))
    if [[ $got -eq $want && ! -s $tmp/err ]]; then
        pass
    else
        fail "[$*]: $got rows, want $want (stderr: $(cat "$tmp/err"))"
    fi
}

# The issue's typo: 256 x 100000 x 256 = 6553600000 rows, refused by the
# default limit.  (The issue's third range, --keepalive-probes, does not
# shape the retrans path and is refused for that first; tcp_retries1's
# 0..255 gives the same count on a path it shapes; bad-input.sh holds
# the refusal.)
refused "would write 6553600000 rows (256 x 100000 x 256), more than the limit of 10000000" \
    --retries2 0..255 --rtt 1us..120s:100000 --retries1 0..255
# The default is 10000000: 11 x 909091 = 10000001 rows is one too many.
refused "10000001 rows (11 x 909091), more than the limit of 10000000" \
    --retries2 0..10 --rtt 1us..1s:909091
# At the limit the sweep runs; one below it, it is refused.
# 0..3 is 4 values, the list 3: 12 rows.
rows 12 --retries2 0..3 --rtt 1ms,10ms,100ms --max-rows 12
refused "12 rows (4 x 3), more than the limit of 11" \
    --retries2 0..3 --rtt 1ms,10ms,100ms --max-rows 11
rows 12 --retries2 0..3 --rtt 1ms,10ms,100ms --max-rows none
# Past 2^63: 2500001^3 = 15625000000000000000 + 3 * 2500000^2
# + 3 * 2500000 + 1 = 15625018750007500001, above the largest limit.
refused "15625018750007500001 rows (2500001 x 2500001 x 2500001), more than the limit of 9223372036854775807" \
    --retries2 0..2500000 --retries1 0..2500000 --in-flight 1..2500001 \
    --max-rows 9223372036854775807
# Past 2^64: 10000001^3 is about 1.0e21, more than 18446744073709551615.
refused "more than 18446744073709551615 rows (10000001 x 10000001 x 10000001)" \
    --retries2 0..10000000 --retries1 0..10000000 --in-flight 1..10000001
# With --events the limit counts scenarios: 4 x 2 = 8.
refused "8 scenarios (4 x 2), more than the limit of 7" \
    --events --retries2 0..3 --rtt 1ms,10ms --max-rows 7
# With no limit the values are still checked: tcp_retries2 stops at 255.
printf 'keep' >"$tmp/kept"
"$rtocalc" sweep --retries2 0..10000000 --retries1 0..10000000 \
    --in-flight 1..10000001 --max-rows none -o "$tmp/kept" 2>"$tmp/err"
status=$?
if [[ $status -eq 2 && $(<"$tmp/kept") == keep ]] &&
    grep -q -- '--retries2' "$tmp/err"; then
    pass
else
    fail "--max-rows none: exit $status, $(cat "$tmp/err")"
fi

# On a terminal.  script -qec CMD /dev/null runs CMD on a new
# pseudo-terminal and copies what it writes there to its standard output;
# -e returns CMD's exit status.  Every wait is bounded by timeout(1).
if ! command -v script >/dev/null 2>&1 ||
    ! timeout 10 script -qec true /dev/null >/dev/null 2>&1 </dev/null; then
    echo "skipped: no script(1) with a pseudo-terminal (util-linux)"
else
    # on_tty FILE CMD: run CMD on a pseudo-terminal, what it shows in FILE.
    on_tty() {
        local file=$1
        shift
        timeout 120 script -qec "$*" /dev/null </dev/null >"$file" 2>&1
    }
    q=$(printf '%q' "$rtocalc")
    # The count before the rows, on the same terminal; no progress line.
    if on_tty "$tmp/tty" "$q sweep --retries2 0..3 --rtt 1ms,10ms,100ms" &&
        head -n 1 "$tmp/tty" | tr -d '\r' |
        grep -qx 'rtocalc: sweep: 12 rows (4 x 3)' &&
        [[ $(grep -c '^[0-9]' "$tmp/tty") -eq 12 ]] &&
        ! grep -q '%' "$tmp/tty"; then
        pass
    else
        fail "count on a terminal:"
        sed 's/^/  /' "$tmp/tty" | head -n 5
    fi
    # -q: nothing on the terminal but the rows.
    if on_tty "$tmp/tty" "$q sweep -q --retries2 0..3 -o /dev/null" &&
        [[ ! -s $tmp/tty ]]; then
        pass
    else
        fail "-q on a terminal printed: $(head -c 200 "$tmp/tty")"
    fi
    # A long sweep into a file: 256 x 7813 = 2000128 rows, about two
    # seconds at a million rows a second, and the line appears after one.
    # A machine that finishes in under a second shows none: then only the
    # count is checked.
    t0=$(date +%s%N)
    if on_tty "$tmp/tty" "$q sweep --retries2 0..255 --rtt 1ms..1s:7813 -o /dev/null"; then
        ms=$((($(date +%s%N) - t0) / 1000000))
        tr '\r' '\n' <"$tmp/tty" >"$tmp/lines"
        if grep -qx 'rtocalc: sweep: 2000128 rows (256 x 7813)' "$tmp/lines" &&
            { ((ms < 1200)) ||
                { grep -qE '^rtocalc: sweep: [0-9]{1,2}% \([0-9]+ of 2000128 rows\)' \
                    "$tmp/lines" &&
                    [[ $(tail -c 1 "$tmp/tty" | od -An -c | tr -d ' ') == '\r' ]] &&
                    [[ -z $(tail -n 1 "$tmp/lines" | tr -d ' ') ]]; }; }; then
            ((ms < 1200)) && echo "note: the long sweep took $ms ms; no progress line expected"
            pass
        else
            fail "progress on a terminal:"
            od -c "$tmp/tty" | tail -n 4 | sed 's/^/  /'
        fi
    else
        fail "the long sweep failed on a terminal"
    fi
fi

# Without a terminal nothing goes to standard error (rows() checks it for
# every sweep above; this one is long enough for a progress line).
if "$rtocalc" sweep --retries2 0..255 --rtt 1ms..1s:4000 -o /dev/null \
    2>"$tmp/err" && [[ ! -s $tmp/err ]]; then
    pass
else
    fail "a sweep without a terminal printed: $(head -c 200 "$tmp/err")"
fi

echo "$passed passed, $failed failed"
((failed == 0))
