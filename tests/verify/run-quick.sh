#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Hold the model to the running kernel: rtocalc verify --quick in private
# network namespaces.  Skips (77) where namespaces cannot be created (not
# root); any disagreement fails.  Prints the table, then the plain closing
# line "N passed, N failed".
set -u
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/../kernel-gate.sh"

rtocalc=${RTOCALC:-./rtocalc}
if [[ ! -x $rtocalc ]]; then
    echo "run-quick.sh: $rtocalc not built" >&2
    exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# Every quick scenario at once (the default); one that disagrees is
# measured again alone and that decides (doc/verify.md, "What the
# measurements taught").
"$rtocalc" verify --quick --format table -o "$out"
status=$?
if [[ $status -eq 77 ]]; then
    echo "verify: skipped (cannot create network namespaces here)"
    exit 77
fi
cat "$out"
# Scenario rows end with their verdict: "pass" or what disagreed.
rows=$(sed -n '/^scenario /,/^$/p' "$out" | sed '1d;/^$/d')
passed=$(grep -c ' pass$' <<<"$rows")
failed=$(grep -vc ' pass$' <<<"$rows")
echo "$passed passed, $failed failed"
[[ $status -eq 0 ]]
