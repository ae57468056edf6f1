#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The man page documents the whole command line: every long option that
# `rtocalc --help` prints has an entry (a .TP tag) under OPTIONS in
# man/rtocalc.1, and every command of --help's Commands section has one
# under COMMANDS. In the man source a dash is written "\-".
#
# Environment: RTOCALC (the binary; default ./rtocalc), GOLDEN_DIR (this
# directory, tests/cli; the man page is $GOLDEN_DIR/../../man/rtocalc.1).
# Exit status: 0 all passed, 1 a check failed, 77 (skip) without the
# binary.
set -u
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RTOCALC=${RTOCALC:-./rtocalc}
GOLDEN_DIR=${GOLDEN_DIR:-$here}
man=$GOLDEN_DIR/../../man/rtocalc.1

if [[ ! -x $RTOCALC ]]; then
    echo "man-options.sh: no rtocalc binary at '$RTOCALC': skipped"
    exit 77
fi
if [[ ! -r $man ]]; then
    echo "FAIL no man page at '$man'"
    echo "0 passed, 1 failed"
    exit 1
fi

passed=0
failed=0
pass() {
    echo "ok $*"
    passed=$((passed + 1))
}
fail() {
    echo "FAIL $*"
    failed=$((failed + 1))
}

# section_tags NAME: the tag lines (the line after each .TP) of the man page's
# section NAME, with "\-" turned into "-".
section_tags() {
    sed 's/\\-/-/g' "$man" |
        awk -v name="$1" '
            /^\.SH/ { inside = ($2 == name); next }
            inside && tp { print; tp = 0; next }
            inside && /^\.TP/ { tp = 1 }'
}
# has WORD TEXT: does TEXT hold WORD, not as part of a longer option or
# name (--rto is not --rto-min)?
has() {
    local w=${1//./\\.}
    grep -qE -- "(^|[^[:alnum:]_-])$w(\$|[^[:alnum:]_-])" <<<"$2"
}

help=$("$RTOCALC" --help) || fail "$RTOCALC --help failed"
mapfile -t options < <(grep -oE -- '--[[:alnum:]][[:alnum:]-]*' <<<"$help" |
    sort -u)
mapfile -t commands < <(sed -n '/^Commands:/,/^$/p' <<<"$help" |
    sed -n 's/^  \([a-z][a-z0-9]*\) .*/\1/p')
if ((${#options[@]} < 10 || ${#commands[@]} < 5)); then
    fail "found only ${#options[@]} options and ${#commands[@]} commands" \
        "in --help: has its layout changed?"
fi

option_tags=$(section_tags OPTIONS)
command_tags=$(section_tags COMMANDS)
# "\fB" before a name in a tag is a font change, not part of the name.
option_tags=${option_tags//\\f[BIRP]/ }
command_tags=${command_tags//\\f[BIRP]/ }
all=$(sed 's/\\-/-/g' "$man")

for opt in "${options[@]}"; do
    if has "$opt" "$option_tags"; then
        pass "$opt is documented under OPTIONS"
    elif has "$opt" "$all"; then
        fail "$opt is mentioned in $man but has no entry (.TP tag) under" \
            "OPTIONS"
    else
        fail "$opt (from --help) is not in $man"
    fi
done
for cmd in "${commands[@]}"; do
    if has "$cmd" "$command_tags"; then
        pass "command $cmd is documented under COMMANDS"
    else
        fail "command $cmd (from --help) has no entry (.TP tag) under" \
            "COMMANDS in $man"
    fi
done

echo "$passed passed, $failed failed"
((failed == 0)) || exit 1
exit 0
