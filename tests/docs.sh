#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run every example in README.md and doc/*.md and compare its output with
# the document, and check the README's shape and every relative link.
#
# An example is a fenced code block (```) whose first line is
# "$ rtocalc ARGS...": the arguments are split on spaces (no quoting), and
# the rest of the block up to the closing fence is the exact expected
# output, standard output and standard error together as they appear. Each
# runs under LC_ALL=C in a scratch directory (so -o writes nowhere in the
# tree); prints "ok" or "FAIL" with a unified diff per example and ends
# with "N passed, N failed". The exit status of an example is not checked:
# the documents do not show it (tests/cli/cases/ pins it).
#
# The shape of the README, which is for users: under README_MAX_LINES
# (400) lines, and its "## What should I set" heading within the first
# SET_HEADING_MAX_LINE (150). Every relative link of README.md and
# doc/*.md, [text](path) or [text](path#anchor), must name a file of the
# tree, and an anchor a heading of that file (GitHub's rule: lower case,
# punctuation but "-" and "_" dropped, spaces made "-").
#
# Environment: RTOCALC (the binary; default ./rtocalc), SRCDIR (the source
# tree holding README.md and doc/; default .), DOCS_TIMEOUT (seconds an
# example may run; default 60). Exit status: 0 all passed, 1 a check or an
# example failed or the README has no example, 77 (skip) without the binary
# once the checks that need none have passed.
set -u
export LC_ALL=C

RTOCALC=${RTOCALC:-./rtocalc}
SRCDIR=${SRCDIR:-.}
DOCS_TIMEOUT=${DOCS_TIMEOUT:-60}
README_MAX_LINES=400
SET_HEADING='## What should I set'
SET_HEADING_MAX_LINE=150

# The examples run in another directory: make the binary's path absolute.
[[ $RTOCALC == /* ]] || RTOCALC=$PWD/$RTOCALC

passed=0
failed=0

# result ok|FAIL TEXT: print one check's line and count it.
result() {
    echo "$1 $2"
    if [[ $1 == ok ]]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
}

if [[ ! -r $SRCDIR/README.md ]]; then
    echo "FAIL no README at '$SRCDIR/README.md'"
    echo "0 passed, 1 failed"
    exit 1
fi
# The documents, relative to SRCDIR: the README first, then doc/ in order.
docs=(README.md)
for f in "$SRCDIR"/doc/*.md; do
    [[ -e $f ]] && docs+=("doc/${f##*/}")
done

# --- The README's shape. ---
lines=$(wc -l <"$SRCDIR/README.md")
if ((lines < README_MAX_LINES)); then
    result ok "README.md: $lines lines (under $README_MAX_LINES)"
else
    result FAIL "README.md: $lines lines; a README for users stays under $README_MAX_LINES (move the rest to doc/)"
fi
at=$(grep -n -x -F -m 1 "$SET_HEADING" "$SRCDIR/README.md" | cut -d: -f1)
if [[ -z $at ]]; then
    result FAIL "README.md: no \"$SET_HEADING\" heading"
elif ((at <= SET_HEADING_MAX_LINE)); then
    result ok "README.md:$at: \"$SET_HEADING\" within the first $SET_HEADING_MAX_LINE lines"
else
    result FAIL "README.md:$at: \"$SET_HEADING\" after line $SET_HEADING_MAX_LINE"
fi

# --- Relative links. ---

# anchors FILE: the anchors of FILE's headings (outside code blocks), one a
# line.
anchors() {
    awk '/^```/ { code = !code; next } !code && /^#+ / { sub(/^#+ /, ""); print }' "$1" |
        tr '[:upper:]' '[:lower:]' | sed -e 's/[^a-z0-9 _-]//g' -e 's/ /-/g'
}

# links FILE: "LINE TARGET" for every relative link of FILE outside code
# blocks (inline code spans are dropped first).
links() {
    awk '/^```/ { code = !code; next } !code {
            line = $0
            gsub(/`[^`]*`/, "", line)
            while (match(line, /\]\([^) ]+\)/)) {
                print NR, substr(line, RSTART + 2, RLENGTH - 3)
                line = substr(line, RSTART + RLENGTH)
            }
        }' "$1" | grep -v -E '^[0-9]+ ([a-z]+:|mailto:)'
}

for doc in "${docs[@]}"; do
    dir=$(dirname "$doc")
    bad=0
    count=0
    while read -r line target; do
        count=$((count + 1))
        path=${target%%#*}
        anchor=
        [[ $target == *'#'* ]] && anchor=${target#*#}
        if [[ -z $path ]]; then
            file=$SRCDIR/$doc
        else
            file=$SRCDIR/$dir/$path
        fi
        if [[ ! -e $file ]]; then
            result FAIL "$doc:$line: link to $target: no such file"
            bad=1
        elif [[ -n $anchor ]] &&
            ! anchors "$file" | grep -q -x -F -e "$anchor"; then
            result FAIL "$doc:$line: link to $target: no such heading"
            bad=1
        fi
    done < <(links "$SRCDIR/$doc")
    ((bad)) || result ok "$doc: $count relative links"
done

# --- The examples. ---
if [[ ! -x $RTOCALC ]]; then
    echo "docs.sh: no rtocalc binary at '$RTOCALC': examples skipped"
    echo "$passed passed, $failed failed"
    ((failed == 0)) || exit 1
    exit 77
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/rtocalc-docs.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT

timeout_cmd=()
if command -v timeout >/dev/null 2>&1; then
    timeout_cmd=(timeout "$DOCS_TIMEOUT")
fi

# run_example WHERE COMMAND: run COMMAND ("$ rtocalc ARGS...", from
# WHERE, "FILE:LINE") and compare its output with $scratch/expected.
run_example() {
    local where=$1 command=$2 status
    local -a args=()
    read -r -a args <<<"${command#'$ rtocalc'}"
    rm -rf "$scratch/work"
    mkdir "$scratch/work"
    (cd "$scratch/work" && exec "${timeout_cmd[@]}" "$RTOCALC" "${args[@]}") \
        </dev/null >"$scratch/actual" 2>&1
    status=$?
    if cmp -s "$scratch/expected" "$scratch/actual"; then
        result ok "$where: ${command#'$ '}"
    else
        result FAIL "$where: ${command#'$ '} (exit status $status)"
        diff -u --label "$where (expected)" \
            --label "${command#'$ '} (actual)" \
            "$scratch/expected" "$scratch/actual"
    fi
}

# run_examples DOC: run every example of DOC (relative to SRCDIR); prints
# how many it found on file descriptor 3. Reads the document: outside a
# block, in a block that is not an example, or in an example (collecting
# its expected output).
run_examples() {
    local doc=$1 state=outside n=0 examples=0 text example_line=0
    local example_command=
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
                    run_example "$doc:$example_line" "$example_command"
                    examples=$((examples + 1))
                    state=outside
                else
                    printf '%s\n' "$text" >>"$scratch/expected"
                fi
                ;;
        esac
    done <"$SRCDIR/$doc"
    if [[ $state == example ]]; then
        result FAIL "$doc:$example_line: the example's block is never closed"
    fi
    echo "$examples" >&3
}

for doc in "${docs[@]}"; do
    run_examples "$doc" 3>"$scratch/count"
    if [[ $doc == README.md && $(cat "$scratch/count") == 0 ]]; then
        result FAIL "no examples (\`\`\` blocks starting with \"\$ rtocalc\") in README.md"
    fi
done

echo "$passed passed, $failed failed"
((failed == 0)) || exit 1
exit 0
