#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Golden tests for the rtocalc command line: run every case under
# $GOLDEN_DIR/cases/ and compare stdout, stderr and the exit status with
# the expected files byte for byte. The format is described in README.md
# beside this script.
#
# Usage:
#   run-golden.sh                 run every case (this is what make check does)
#   run-golden.sh NAME...         run only the named cases
#   run-golden.sh --update NAME...
#       rewrite stdout, stderr and status of the named cases from the
#       current binary. This records whatever the binary prints, right or
#       wrong: never run it blindly. Review the result with `git diff`
#       against the sources (the case's `sources` file, KERNEL.md,
#       REFERENCES.md) before committing it.
#
# Environment: RTOCALC (the binary; default: ../../rtocalc from here),
# GOLDEN_DIR (default: this script's directory), GOLDEN_TIMEOUT (seconds a
# case may run; default 60). make check sets RTOCALC, GOLDEN_DIR and
# LC_ALL=C. Exit status: 0 all passed, 1 a case failed, 2 usage error,
# 77 (skip) when the binary or the cases are missing.

set -uo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GOLDEN_DIR=${GOLDEN_DIR:-$here}
RTOCALC=${RTOCALC:-$here/../../rtocalc}
GOLDEN_TIMEOUT=${GOLDEN_TIMEOUT:-60}
cases_dir=$GOLDEN_DIR/cases

update=no
if [[ ${1:-} == --update ]]; then
    update=yes
    shift
    if (($# == 0)); then
        echo "run-golden.sh: --update needs the names of the cases" >&2
        exit 2
    fi
fi

# The case runs in another directory: make the binary's path absolute.
[[ $RTOCALC == /* ]] || RTOCALC=$PWD/$RTOCALC

if [[ ! -x $RTOCALC ]]; then
    echo "run-golden.sh: no rtocalc binary at '$RTOCALC': skipped"
    exit 77
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/rtocalc-golden.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT

# run_case DIR: run the binary for the case in DIR, leaving the output in
# $scratch/out and $scratch/err and the exit status in $status. The
# program runs in a scratch copy of the case directory, so arguments may
# name the case's own files by relative path and -o writes nowhere else.
run_case() {
    local dir=$1 input=/dev/null
    local -a args=()
    local -a timeout_cmd=()

    mapfile -t args <"$dir/args"
    [[ -f $dir/stdin ]] && input=$dir/stdin
    if command -v timeout >/dev/null 2>&1; then
        timeout_cmd=(timeout "$GOLDEN_TIMEOUT")
    fi
    rm -rf "$scratch/work"
    cp -R "$dir" "$scratch/work"
    chmod -R u+w "$scratch/work"
    (cd "$scratch/work" &&
        exec "${timeout_cmd[@]}" "$RTOCALC" "${args[@]}") \
        <"$input" >"$scratch/out" 2>"$scratch/err"
    status=$?
}

# check_sources DIR: every STRING of DIR/sources must occur literally in
# the output. Prints one line per problem; returns 1 if there was one.
check_sources() {
    local dir=$1 line string note bad=0 n=0
    [[ -f $dir/sources ]] || return 0
    cat "$scratch/out" "$scratch/err" >"$scratch/all"
    while IFS= read -r line || [[ -n $line ]]; do
        n=$((n + 1))
        [[ -z $line ]] && continue
        if [[ $line != *$'\t'* ]]; then
            echo "  sources:$n: no TAB between the string and its source"
            bad=1
            continue
        fi
        string=${line%%$'\t'*}
        note=${line#*$'\t'}
        if [[ -z $string || $note != '#'?* ]]; then
            echo "  sources:$n: want STRING<TAB># source description"
            bad=1
        elif ! grep -qF -e "$string" "$scratch/all"; then
            note=${note#'#'}
            echo "  sources:$n: \"$string\" (${note# }) not in the output"
            bad=1
        fi
    done <"$dir/sources"
    return "$bad"
}

# The case directories to run, by name.
declare -a names=()
if (($# > 0)); then
    names=("$@")
else
    shopt -s nullglob
    for d in "$cases_dir"/*/; do
        d=${d%/}
        names+=("${d##*/}")
    done
    shopt -u nullglob
fi
if ((${#names[@]} == 0)); then
    echo "run-golden.sh: no cases under $cases_dir: skipped"
    exit 77
fi

passed=0
failed=0
for name in "${names[@]}"; do
    name=${name%/}
    name=${name##*/}
    dir=$cases_dir/$name
    # A new case starts as args (and sources); --update writes the rest.
    if [[ ! -f $dir/args || ($update == no && ! -f $dir/stdout) ]]; then
        echo "FAIL $name"
        echo "  $dir: no such case (a case needs args and stdout)"
        failed=$((failed + 1))
        continue
    fi
    run_case "$dir"

    if [[ $update == yes ]]; then
        cp "$scratch/out" "$dir/stdout"
        # stderr and status stay absent when they have the default value.
        if [[ -s $scratch/err || -f $dir/stderr ]]; then
            cp "$scratch/err" "$dir/stderr"
        fi
        if ((status != 0)) || [[ -f $dir/status ]]; then
            echo "$status" >"$dir/status"
        fi
        echo "updated $name (status $status): review it with git diff"
        if ! check_sources "$dir"; then
            echo "  (the sources above do not match the new output)"
        fi
        continue
    fi

    expected_status=0
    if [[ -f $dir/status ]]; then
        read -r expected_status <"$dir/status" || true
    fi
    expected_err=/dev/null
    [[ -f $dir/stderr ]] && expected_err=$dir/stderr

    report=""
    if ! cmp -s "$dir/stdout" "$scratch/out"; then
        report+=$(diff -u --label "$name/stdout (expected)" \
            --label "$name/stdout (actual)" "$dir/stdout" "$scratch/out")
        report+=$'\n'
    fi
    if ! cmp -s "$expected_err" "$scratch/err"; then
        report+=$(diff -u --label "$name/stderr (expected)" \
            --label "$name/stderr (actual)" "$expected_err" "$scratch/err")
        report+=$'\n'
    fi
    if [[ $status != "$expected_status" ]]; then
        report+="  exit status: expected $expected_status, got $status"
        ((status == 124)) && report+=" (timed out after ${GOLDEN_TIMEOUT}s?)"
        report+=$'\n'
    fi
    report+=$(check_sources "$dir")

    if [[ -z $report ]]; then
        if [[ -f $dir/sources ]]; then
            echo "ok $name"
        else
            echo "ok $name (no sources file)"
        fi
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        printf '%s\n' "${report%$'\n'}"
        failed=$((failed + 1))
    fi
done

if [[ $update == yes ]]; then
    ((failed == 0)) || exit 1
    exit 0
fi
echo "$passed passed, $failed failed"
((failed == 0)) || exit 1
exit 0
