#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run each libFuzzer harness built by `make fuzz` for SECONDS on a
# temporary copy of its seed corpus (the corpus in the source tree is never
# written), and report the executions of each.  Builds nothing.
#
# Usage: tests/fuzz/run.sh SECONDS
#   FUZZ_DIR   where the harnesses are (default tests/fuzz)
#   FUZZ_JOBS  harnesses run side by side (default 1); each still gets
#              SECONDS of its own
#
# Exit status: 0 when no harness crashed, 1 on any crash or missing
# harness, 2 on a usage error.  Crash inputs and logs are kept in a
# temporary directory whose name is printed.
set -u

harnesses=(duration int options sysctl samples sockdiag)

if [[ $# -ne 1 || ! $1 =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 SECONDS (a whole number above 0)" >&2
    exit 2
fi
seconds=$1
fuzz_dir=${FUZZ_DIR:-tests/fuzz}
jobs=${FUZZ_JOBS:-1}
if [[ ! $jobs =~ ^[1-9][0-9]*$ ]]; then
    echo "FUZZ_JOBS: a whole number above 0, not \"$jobs\"" >&2
    exit 2
fi
corpus_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/corpus

# UBSan only reports and carries on unless told to stop (or built with
# -fno-sanitize-recover); a report must count as a crash.  Options the
# caller sets come later and win.
ubsan_defaults=halt_on_error=1:print_stacktrace=1
export UBSAN_OPTIONS=$ubsan_defaults${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}

work=$(mktemp -d "${TMPDIR:-/tmp}/rtocalc-fuzz.XXXXXX") || exit 1
passed=0 failed=0 crashed=0

cleanup() {
    if ((crashed)); then
        echo "crash inputs and logs kept in $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

# One harness on a copy of its seed corpus; its log goes to $work.
run_one() {
    local name=$1 bin=$fuzz_dir/fuzz_$1
    mkdir -p "$work/corpus-$name" "$work/crash-$name"
    if [[ -d $corpus_dir/$name ]]; then
        cp -R "$corpus_dir/$name/." "$work/corpus-$name/"
    fi
    "$bin" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$work/crash-$name/" "$work/corpus-$name" \
        >"$work/$name.log" 2>&1
    echo $? >"$work/$name.status"
}

running=0
for name in "${harnesses[@]}"; do
    if [[ ! -x $fuzz_dir/fuzz_$name ]]; then
        continue
    fi
    if ((running >= jobs)); then
        wait -n
        running=$((running - 1))
    fi
    run_one "$name" &
    running=$((running + 1))
done
wait

for name in "${harnesses[@]}"; do
    bin=$fuzz_dir/fuzz_$name
    log=$work/$name.log
    if [[ ! -x $bin ]]; then
        echo "$name: $bin is not built (make fuzz)"
        failed=$((failed + 1))
        continue
    fi
    status=$(cat "$work/$name.status" 2>/dev/null || echo "?")
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" \
        | tail -n 1)
    if [[ $status == 0 && -n $execs ]]; then
        echo "$name: $execs execs, no crash"
        passed=$((passed + 1))
    else
        echo "$name: CRASH (exit $status) after ${execs:-?} execs; log $log"
        grep -E '^==[0-9]+== ?ERROR|runtime error|^SUMMARY|Test unit written' \
            "$log" | sed 's/^/    /'
        failed=$((failed + 1))
        crashed=1
    fi
done

echo "$passed passed, $failed failed"
((failed == 0))
