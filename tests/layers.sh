#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The layers of src/ reach only down: model <- format <- verify <- cli, and
# model <- format <- live (the live-socket reader) <- cli.
# The build links each layer's tests against the layers below it alone (an
# upward call is an undefined symbol there); this test checks the #include
# lines, which is where an upward reach starts.  Each rule names the
# folder, the project headers it may include, and why.
set -u

src=${SRCDIR:-.}/src
fail=0
checked=0

# allowed FOLDER PATTERN...: every quoted #include in FOLDER must match one
# of the patterns (system headers in <> are not checked).
allowed() {
    local dir=$1 f line inc ok pat
    shift
    for f in "$src/$dir"/*.[ch]; do
        while IFS= read -r line; do
            inc=${line#*\"}
            inc=${inc%%\"*}
            ok=no
            for pat in "$@"; do
                # shellcheck disable=SC2053 # $pat is a glob on purpose
                [[ $inc == $pat ]] && ok=yes
            done
            checked=$((checked + 1))
            if [[ $ok == no ]]; then
                printf 'FAIL: %s includes "%s" (%s may include only: %s)\n' \
                    "${f#"$src"/}" "$inc" "$dir" "$*"
                fail=$((fail + 1))
            fi
        done < <(grep -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f")
    done
}

# The model: the public header and its own private headers.
allowed model rtocalc.h internal.h rtx.h 'model/*'
# The writers: the public API and their own header, never the model's
# private headers.
allowed format rtocalc.h 'format/*'
# verify asks the model through the public API; it may use the writers'
# helpers, never the CLI.
allowed verify rtocalc.h 'verify/*' 'format/format.h'
# The live-socket reader asks the model through the public API, never the
# CLI or verify.
allowed live rtocalc.h 'live/*' 'format/format.h'

if ((fail)); then
    printf '%d passed, %d failed\n' "$((checked - fail))" "$fail"
    exit 1
fi
printf '%d passed, 0 failed\n' "$checked"
