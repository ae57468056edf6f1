#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run every example in README.md and compare its output with the README.
# An example is a fenced code block (```) whose first line is
# "$ rtocalc ARGS...": the arguments are split on spaces (no quoting), and
# the rest of the block up to the closing fence is the exact expected
# output, standard output and standard error together as they appear. Each
# runs under LC_ALL=C in a scratch directory (so -o writes nowhere in the
# tree); prints "ok" or "FAIL" with a unified diff per example and ends
# with "N passed, N failed". The exit status of an example is not checked:
# the README does not show it (tests/cli/cases/ pins it).
#
# Environment: RTOCALC (the binary; default ./rtocalc), SRCDIR (the source
# tree holding README.md; default .), DOCS_TIMEOUT (seconds an example may
# run; default 60). Exit status: 0 all passed, 1 an example failed or none
# was found, 77 (skip) without the binary.
set -u
export LC_ALL=C

RTOCALC=${RTOCALC:-./rtocalc}
SRCDIR=${SRCDIR:-.}
DOCS_TIMEOUT=${DOCS_TIMEOUT:-60}
readme=$SRCDIR/README.md

# The examples run in another directory: make the binary's path absolute.
[[ $RTOCALC == /* ]] || RTOCALC=$PWD/$RTOCALC

if [[ ! -x $RTOCALC ]]; then
    echo "docs.sh: no rtocalc binary at '$RTOCALC': skipped"
    exit 77
fi
if [[ ! -r $readme ]]; then
    echo "FAIL no README at '$readme'"
    echo "0 passed, 1 failed"
    exit 1
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/rtocalc-docs.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT

timeout_cmd=()
if command -v timeout >/dev/null 2>&1; then
    timeout_cmd=(timeout "$DOCS_TIMEOUT")
fi

passed=0
failed=0

# run_example LINE COMMAND: run COMMAND ("$ rtocalc ARGS...", from README
# line LINE) and compare its output with $scratch/expected.
run_example() {
    local line=$1 command=$2 status
    local -a args=()
    read -r -a args <<<"${command#'$ rtocalc'}"
    rm -rf "$scratch/work"
    mkdir "$scratch/work"
    (cd "$scratch/work" && exec "${timeout_cmd[@]}" "$RTOCALC" "${args[@]}") \
        </dev/null >"$scratch/actual" 2>&1
    status=$?
    if cmp -s "$scratch/expected" "$scratch/actual"; then
        echo "ok README.md:$line: ${command#'$ '}"
        passed=$((passed + 1))
    else
        echo "FAIL README.md:$line: ${command#'$ '} (exit status $status)"
        diff -u --label "README.md:$line (expected)" \
            --label "${command#'$ '} (actual)" \
            "$scratch/expected" "$scratch/actual"
        failed=$((failed + 1))
    fi
}

# Read the README: outside a block, in a block that is not an example, or
# in an example (collecting its expected output).
state=outside
n=0
while IFS= read -r text || [[ -n $text ]]; do
    n=$((n + 1))
    case $state in
        outside)
            [[ $text == '```'* ]] && state=opened
            ;;
        opened)
            if [[ $text == '$ rtocalc' || $text == '$ rtocalc '* ]]; then
                state=example
                example_line=$n
                example_command=$text
                : >"$scratch/expected"
            elif [[ $text == '```'* ]]; then
                state=outside
            else
                state=block
            fi
            ;;
        block)
            [[ $text == '```'* ]] && state=outside
            ;;
        example)
            if [[ $text == '```'* ]]; then
                run_example "$example_line" "$example_command"
                state=outside
            else
                printf '%s\n' "$text" >>"$scratch/expected"
            fi
            ;;
    esac
done <"$readme"

if [[ $state == example ]]; then
    echo "FAIL README.md:$example_line: the example's block is never closed"
    failed=$((failed + 1))
fi
if ((passed + failed == 0)); then
    echo "FAIL no examples (\`\`\` blocks starting with \"\$ rtocalc\")" \
        "in $readme"
    failed=1
fi

echo "$passed passed, $failed failed"
((failed == 0)) || exit 1
exit 0
