#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# rtocalc sockets --watch: the stream's shape into a pipe and a file, the
# terminal's screen given back (under script(1), when there is one), and
# its clean end on SIGINT and SIGTERM.  With --all every sample lists at
# least the sockets this host has (none is also a whole record), so the
# checks hold whatever the machine runs.  The expected shapes are the
# contract in doc/sockets.md: JSON Lines, one document per sample with
# "sampled_at"; CSV with the header once and a sampled_at column; the
# table under a "sampled at" heading; OpenMetrics ending each sample with
# "# EOF", and with -o FILE each sample replacing the file.  Timestamps
# must fall within 150 ms of first + k * 500 ms for a whole k (the clock
# does not drift) and step by at least 350 ms (no sample early); a sample
# may skip a multiple on a loaded machine (one that overran skips the
# times it missed).  Every wait is bounded.
# ok cannot fail, so `test && ok || fail` reads as if-then-else here.
# shellcheck disable=SC2015
set -u
export LC_ALL=C

rtocalc=${RTOCALC:-./rtocalc}
dir=$(mktemp -d)
pid=
cleanup() {
    [[ -n $pid ]] && kill "$pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT
passed=0 failed=0
ok() {
    passed=$((passed + 1))
}
fail() {
    echo "FAIL $*"
    failed=$((failed + 1))
}

# ms FILE: the milliseconds of the day of every sampled_at in FILE (the
# first field of the CSV lines, or the JSON member), one a line.
ms() {
    grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{12}Z' "$1" |
        awk -F'[T:.Z]' '{ print ($2 * 3600 + $3 * 60 + $4) * 1000 + $5 }'
}

# steady WHAT N FILE: FILE's N times are whole 500 ms steps from the
# first, each within 150 ms, and none comes less than 350 ms after the
# one before.
steady() {
    local bad
    bad=$(awk -v n="$2" '
        NR == 1 { first = $1 }
        NR > 1 && $1 - prev < 350 { print "step " $1 - prev " ms"; exit }
        NR > 1 {
            k = int(($1 - first + 250) / 500); off = $1 - first - k * 500
            if (off > 150 || off < -150) {
                print "off the interval by " off " ms"; exit } }
        { prev = $1 }
        END { if (NR != n) print NR " times, want " n }' <(ms "$3"))
    [[ -z $bad ]] && ok || fail "$1: $bad"
}

# A pipe: five JSON documents, one a line, each whole.
"$rtocalc" sockets --all --format json --watch 0.5s --count 5 |
    cat >"$dir/json"
lines=$(wc -l <"$dir/json")
whole=$(grep -cE '^\{"command": "sockets", "sampled_at": "[^"]+", '`
    `'"interval_us": 500000, "sockets": \[.*\], "warnings": \[.*\]\}$' \
    "$dir/json")
[[ $lines -eq 5 && $whole -eq 5 ]] && ok ||
    fail "json: $lines lines, $whole whole documents, want 5"
steady json 5 "$dir/json"
if command -v jq >/dev/null 2>&1; then
    n=$(jq -s 'map(select(.command == "sockets")) | length' "$dir/json")
    [[ $n -eq 5 ]] && ok || fail "json: jq read $n documents, want 5"
fi

# CSV: the header once, with sampled_at first; "--watch 0.5" takes the
# bare number as seconds.
"$rtocalc" sockets --all --format csv --watch 0.5 --count 4 >"$dir/csv"
[[ $(grep -c 'src,dst,state' "$dir/csv") -eq 1 &&
    $(head -1 "$dir/csv") == sampled_at,src,dst,state,* ]] && ok ||
    fail "csv: not one header with sampled_at first: $(head -2 "$dir/csv")"
awk -F, 'NR > 1 && $1 !~ /Z$/ { exit 1 }' "$dir/csv" && ok ||
    fail "csv: a record without its sample time"
# Each sample's time once per record: the distinct ones are 4 (a sample
# of no socket writes no record, so only when every sample had one).
if [[ $(grep -c . "$dir/csv") -gt 4 ]]; then
    cut -d, -f1 "$dir/csv" | tail -n +2 | uniq >"$dir/times"
    steady csv 4 "$dir/times"
fi

# The table: a heading per sample, the value before the command.
"$rtocalc" --watch 0.2 sockets --all --count 3 >"$dir/table"
n=$(grep -c '^sampled at .*, every 200 ms$' "$dir/table")
[[ $n -eq 3 ]] && ok || fail "table: $n headings, want 3"
awk 'length > 80 { exit 1 }' "$dir/table" && ok || fail "table: over 80"

# On a terminal (script(1) gives one): the alternate screen without a
# cursor first, each frame from the top left corner, and the cursor and
# the screen given back last (xterm's controls, as ECMA-48 writes them).
if command -v script >/dev/null 2>&1; then
    script -qec "$rtocalc sockets --all --watch 0.2 --count 2" /dev/null \
        >"$dir/tty" 2>&1 </dev/null
    esc=$(printf '\033')
    frames=$(grep -o "$esc\[Hsampled at [^$esc]*, every 200 ms" "$dir/tty" |
        wc -l)
    if [[ $(head -c 17 "$dir/tty") != "${esc}[?1049h${esc}[?25l${esc}[H" ]]; then
        fail "terminal: no alternate screen first: $(head -c 40 "$dir/tty" |
            od -c | head -2)"
    elif [[ $(tail -c 14 "$dir/tty" | tr -d '\r\n') != \
        *"${esc}[?25h${esc}[?1049l" ]]; then
        fail "terminal: not given back last"
    elif [[ $frames -ne 2 ]]; then
        fail "terminal: $frames frames, want 2"
    else
        ok
    fi
fi

# OpenMetrics to standard output: each sample ends with "# EOF".
"$rtocalc" sockets --all --format openmetrics --watch=0.2s --count 3 \
    >"$dir/om"
n=$(grep -c '^# EOF$' "$dir/om")
[[ $n -eq 3 && $(tail -1 "$dir/om") == "# EOF" ]] && ok ||
    fail "openmetrics: $n \"# EOF\", want 3, last"

# OpenMetrics to a file: each sample replaces it (one "# EOF"), no
# temporary file left beside it.
mkdir "$dir/textfile"
"$rtocalc" sockets --all --format openmetrics --watch 0.2 --count 3 \
    -o "$dir/textfile/rtocalc.prom"
n=$(grep -c '^# EOF$' "$dir/textfile/rtocalc.prom")
left=$(find "$dir/textfile" -type f | wc -l)
[[ $n -eq 1 && $left -eq 1 ]] && ok ||
    fail "openmetrics -o: $n \"# EOF\" and $left files, want 1 and 1"

# SIGINT and SIGTERM: exit 0 after a whole last record, into a pipe and
# into a file (written whole, no temporary file left).
for sig in INT TERM; do
    for to in pipe file; do
        rm -f "$dir/sig"*
        if [[ $to == pipe ]]; then
            "$rtocalc" sockets --all --format json --watch 0.2 \
                > >(cat >"$dir/sig") &
        else
            "$rtocalc" sockets --all --format json --watch 0.2 \
                -o "$dir/sig" &
        fi
        pid=$!
        # Two samples: 0.2 s apart; bounded at 10 s.
        sleep 0.5
        for _ in $(seq 50); do
            [[ $to == file || $(wc -l <"$dir/sig" 2>/dev/null) -ge 2 ]] &&
                break
            sleep 0.2
        done
        kill -"$sig" "$pid"
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid"
            wait "$pid"
            pid=
            fail "SIG$sig into a $to: still running 10 s after"
            continue
        fi
        wait "$pid"
        st=$?
        pid=
        sleep 0.2 # the pipe's reader writes its last bytes
        lines=$(wc -l <"$dir/sig" 2>/dev/null || echo 0)
        whole=$(grep -c '^{"command": "sockets",.*\]}$' "$dir/sig" \
            2>/dev/null)
        left=$(find "$dir" -maxdepth 1 -name 'sig.*' | wc -l)
        if [[ $st -ne 0 ]]; then
            fail "SIG$sig into a $to: exit $st, want 0"
        elif [[ $lines -lt 2 || $whole -ne $lines ]] ||
            [[ -n $(tail -c 1 "$dir/sig") ]]; then
            fail "SIG$sig into a $to: $lines lines, $whole whole"
        elif [[ $left -ne 0 ]]; then
            fail "SIG$sig into a $to: $left temporary files left"
        else
            ok
        fi
    done
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
