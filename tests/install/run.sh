#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Check a staged installation: after `make install DESTDIR=DIR` (done by
# the caller), DIR must hold, below the configured prefix and nowhere else,
# the command, the man page, the header, rtocalc.pc, the shared library and
# the bash completion. A program using only <rtocalc.h> and
# `pkg-config --cflags --libs rtocalc` (budget.c beside this script) must
# build against it and print the kernel documentation's 924.6 s budget, and
# the installed command, which does not need the library, must run without
# LD_LIBRARY_PATH and print it too.  (A real install into the prefix, with
# the loader's cache, is tests/install/system.sh.)
#
# Usage: run.sh DESTDIR [PREFIX]   (PREFIX: the configured prefix, default
# /usr/local; the libraries are taken from PREFIX/lib unless LIBDIR, the
# configured libdir, says otherwise). Environment: CC (default cc).
# Prints "ok" or "FAIL" per check and "N passed, N failed"; exit status 0
# all passed, 1 a check failed, 2 usage error, 77 (skip) without
# pkg-config or a C compiler.
set -u
export LC_ALL=C

if (($# < 1 || $# > 2)) || [[ -z $1 ]]; then
    echo "usage: run.sh DESTDIR [PREFIX]" >&2
    exit 2
fi
destdir=$(cd "$1" 2>/dev/null && pwd) || {
    echo "run.sh: no directory '$1' (run make install DESTDIR=$1 first)" >&2
    exit 2
}
prefix=${2:-/usr/local}
prefix=${prefix%/}
libdir=${LIBDIR:-$prefix/lib}
cc=${CC:-cc}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

root=$destdir$prefix
lib=$destdir$libdir
completion=$root/share/bash-completion/completions/rtocalc

if ! command -v pkg-config >/dev/null 2>&1 ||
    ! command -v "$cc" >/dev/null 2>&1; then
    echo "run.sh: needs pkg-config and a C compiler ($cc): skipped"
    exit 77
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

scratch=$(mktemp -d "${TMPDIR:-/tmp}/rtocalc-install.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT

# The files, each below the prefix.
check_file() {
    local path=$1 what=$2
    if [[ -f $destdir$path ]]; then
        pass "$what: $path"
    else
        fail "$what: no $path in $destdir"
    fi
}
check_file "$prefix/bin/rtocalc" "the command"
check_file "$prefix/share/man/man1/rtocalc.1" "the man page"
check_file "$prefix/include/rtocalc.h" "the header"
check_file "$libdir/pkgconfig/rtocalc.pc" "pkg-config file"
check_file "$prefix/share/bash-completion/completions/rtocalc" \
    "bash completion"

if [[ -x $root/bin/rtocalc ]]; then
    pass "$prefix/bin/rtocalc is executable"
else
    fail "$prefix/bin/rtocalc is not executable"
fi

# The shared library: the link-time name and the file it leads to.
shopt -s nullglob
sos=("$lib"/librtocalc.so*)
shopt -u nullglob
if [[ -e $lib/librtocalc.so ]]; then
    target=$(readlink -f "$lib/librtocalc.so")
    pass "the library: $libdir/librtocalc.so -> ${target#"$destdir"}"
elif ((${#sos[@]})); then
    fail "the library: no $libdir/librtocalc.so for -lrtocalc (found" \
        "${sos[*]##*/})"
else
    fail "the library: no $libdir/librtocalc.so* in $destdir"
fi

# Nothing outside the prefix (and the libdir).
outside=$(find "$destdir" ! -type d | while IFS= read -r f; do
    case $f in
        "$root"/* | "$lib"/*) ;;
        *) printf '  %s\n' "${f#"$destdir"}" ;;
    esac
done)
if [[ -z $outside ]]; then
    pass "every installed file is below $prefix"
else
    fail "files installed outside $prefix:"
    echo "$outside"
fi

# The completion loads in bash and registers itself for rtocalc.
if [[ -f $completion ]]; then
    if bash -c 'source "$1" && complete -p rtocalc' _ "$completion" \
        >/dev/null 2>"$scratch/err"; then
        pass "the completion loads and completes rtocalc"
    else
        fail "the completion does not load: $(cat "$scratch/err")"
    fi
fi

# uses_lib EXE: does EXE, under LD_LIBRARY_PATH=$lib, load librtocalc from
# the staged tree (not from an installed copy elsewhere)? Fails only when
# ldd names another one.
uses_lib() {
    local found
    command -v ldd >/dev/null 2>&1 || return 0
    found=$(LD_LIBRARY_PATH=$lib ldd "$1" 2>/dev/null |
        sed -n 's/^[[:space:]]*librtocalc[^ ]* => \([^ ]*\).*/\1/p')
    [[ -z $found || $found == "$lib"/* ]] && return 0
    echo "  it loads $found" >&2
    return 1
}

# A program built with pkg-config against the staged tree. PKG_CONFIG_LIBDIR
# keeps a rtocalc.pc installed elsewhere on this machine out of the way.
pc_dir=$lib/pkgconfig
if flags=$(PKG_CONFIG_SYSROOT_DIR=$destdir PKG_CONFIG_PATH=$pc_dir \
    PKG_CONFIG_LIBDIR=$pc_dir pkg-config --cflags --libs rtocalc \
    2>"$scratch/err"); then
    flags=${flags%"${flags##*[! ]}"}
    pass "pkg-config --cflags --libs rtocalc: $flags"
else
    fail "pkg-config --cflags --libs rtocalc: $(cat "$scratch/err")"
    flags=''
fi
read -r -a flag_words <<<"$flags"
if [[ -n $flags ]] &&
    "$cc" -std=c11 -Wall -Wextra -pedantic -Werror -o "$scratch/budget" \
        "$here/budget.c" "${flag_words[@]}" 2>"$scratch/err"; then
    pass "budget.c builds with <rtocalc.h> and pkg-config alone"
    out=$(LD_LIBRARY_PATH=$lib "$scratch/budget" 2>&1)
    status=$?
    if [[ $status -eq 0 && $out == "budget 924.6 s" ]]; then
        pass "budget prints \"$out\" (kernel ip-sysctl.rst: 924.6 seconds)"
    else
        fail "budget printed \"$out\" (exit $status), want \"budget 924.6 s\""
    fi
    if uses_lib "$scratch/budget"; then
        pass "budget loads librtocalc from $destdir"
    else
        fail "budget does not load librtocalc from $lib"
    fi
elif [[ -n $flags ]]; then
    fail "budget.c does not build:"
    sed 's/^/  /' "$scratch/err"
fi

# The installed command runs as it is, without LD_LIBRARY_PATH: it links
# the model and the writers itself, not librtocalc.so.
if [[ -x $root/bin/rtocalc ]]; then
    out=$(env -u LD_LIBRARY_PATH "$root/bin/rtocalc" 2>&1)
    status=$?
    if [[ $status -eq 0 && $out == *"budget 924.6 s"* ]]; then
        pass "the installed rtocalc runs without LD_LIBRARY_PATH and" \
            "gives the 924.6 s budget"
    else
        fail "the installed rtocalc (exit $status) does not print" \
            "\"budget 924.6 s\":"
        printf '%s\n' "$out" | head -n 5 | sed 's/^/  /'
    fi
    if command -v ldd >/dev/null 2>&1; then
        if env -u LD_LIBRARY_PATH ldd "$root/bin/rtocalc" 2>&1 |
            grep -q librtocalc; then
            fail "the installed rtocalc needs librtocalc.so"
        else
            pass "the installed rtocalc needs no librtocalc.so"
        fi
    fi
fi

echo "$passed passed, $failed failed"
((failed == 0)) || exit 1
exit 0
