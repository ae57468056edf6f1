#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The shared library's dynamic symbols against the public header, both
# ways: every symbol librtocalc.so defines is declared in
# include/rtocalc.h, and every function the header declares is defined.
# The declarations are the compiler's own list (gcc -aux-info writes every
# prototype it saw, with the file and line it came from); with a compiler
# without -aux-info, the names before a "(" in the preprocessed header.
#
# Environment: LIBRTOCALC (the built library; default
# .libs/librtocalc.so), SRCDIR (the source tree; default .), CC (default
# cc).  Prints the differences and exits 1 when there are any, 77 (skip)
# without nm or a shared library (configure --disable-shared).
set -u
export LC_ALL=C

lib=${LIBRTOCALC:-.libs/librtocalc.so}
srcdir=${SRCDIR:-.}
cc=${CC:-cc}
header=$srcdir/include/rtocalc.h

if [[ ! -e $lib ]]; then
    echo "symbols.sh: no shared library at $lib: skipped"
    exit 77
fi
if ! command -v nm >/dev/null 2>&1; then
    echo "symbols.sh: needs nm (binutils): skipped"
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Defined dynamic symbols, without the version nodes (type A).
if ! nm -D --defined-only "$lib" >"$tmp/nm" 2>"$tmp/err"; then
    echo "FAIL nm -D $lib: $(cat "$tmp/err")"
    exit 1
fi
awk '$2 != "A" { print $3 }' "$tmp/nm" | sed 's/@.*//' | sort -u \
    >"$tmp/exported"

# The functions the header declares.
printf '#include "rtocalc.h"\n' >"$tmp/h.c"
# shellcheck disable=SC2086 # $cc may be a command with its options
if $cc -std=c11 -I"$srcdir/include" -aux-info "$tmp/aux" -fsyntax-only \
    "$tmp/h.c" 2>/dev/null && [[ -s $tmp/aux ]]; then
    how="gcc -aux-info"
    grep -F "include/rtocalc.h:" "$tmp/aux" |
        sed -n 's/.*[^A-Za-z0-9_]\([A-Za-z_][A-Za-z0-9_]*\) (.*/\1/p' |
        sort -u >"$tmp/declared"
else
    how="the preprocessed header"
    # shellcheck disable=SC2086
    $cc -E -P -I"$srcdir/include" "$header" |
        grep -oE '(^|[^A-Za-z0-9_])rto_[a-z0-9_]+[[:space:]]*\(' |
        sed -e 's/^[^r]*//' -e 's/[[:space:]]*($//' | sort -u \
        >"$tmp/declared"
fi
# Objects (data) the header declares: an exported symbol that is not a
# function counts as declared if the header names it.
$cc -E -P -I"$srcdir/include" "$header" >"$tmp/pp" 2>/dev/null

n_exp=$(wc -l <"$tmp/exported")
n_decl=$(wc -l <"$tmp/declared")
failed=0
undeclared=()
while IFS= read -r s; do
    grep -qx -- "$s" "$tmp/declared" && continue
    grep -qE "(^|[^A-Za-z0-9_])${s}[[:space:]]*(\[|;)" "$tmp/pp" && continue
    undeclared+=("$s")
done <"$tmp/exported"
if ((${#undeclared[@]})); then
    echo "FAIL ${#undeclared[@]} symbols exported but not declared in" \
        "include/rtocalc.h:"
    printf '  %s\n' "${undeclared[@]}"
    failed=1
else
    echo "ok every one of the $n_exp exported symbols is declared"
fi
missing=$(comm -23 "$tmp/declared" "$tmp/exported")
if [[ -n $missing ]]; then
    echo "FAIL functions declared in include/rtocalc.h but not exported:"
    printf '%s\n' "$missing" | sed 's/^/  /'
    failed=1
else
    echo "ok every one of the $n_decl declared functions is exported" \
        "(declarations from $how)"
fi
exit "$failed"
