#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A real `make install` into the configured prefix, as root, with nothing
# left on the machine: it runs in a private mount namespace where the
# prefix and /etc are overlays whose writable layers live on a tmpfs, so
# the installed files and the rewritten /etc/ld.so.cache vanish with the
# namespace.  Checks, in this order:
#   - make install DESTDIR=DIR does not run ldconfig (/etc is unchanged);
#   - make install LDCONFIG=true (the loader's cache not refreshed): a
#     program linked with -lrtocalc does not start (the case the
#     install-exec-hook exists for; skipped when the machine's loader
#     already knows a librtocalc);
#   - make install: the installed rtocalc and budget.c, built with
#     pkg-config, run without LD_LIBRARY_PATH and print the kernel
#     documentation's 924.6 s budget, budget loading PREFIX's library;
#   - make uninstall: the loader's cache no longer lists librtocalc.
#
# Usage: system.sh [BUILDDIR]   (default: the current directory, configured
# and built).  Environment: CC (default cc).  Prints "ok"/"FAIL" per check
# and "N passed, N failed"; exit 0 all passed, 1 a check failed, 2 usage
# error, 77 (skip) without root, unshare, overlayfs, pkg-config or a C
# compiler, or when the configured libdir is not one the loader searches.
set -u
export LC_ALL=C

build=$(cd "${1:-.}" 2>/dev/null && pwd) || {
    echo "system.sh: no directory '${1:-.}'" >&2
    exit 2
}
if [[ ! -f $build/Makefile ]]; then
    echo "system.sh: $build has no Makefile (configure and make first)" >&2
    exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cc=${CC:-cc}
skip() {
    echo "system.sh: $*: skipped"
    exit 77
}

# make VARIABLE: its value in the build's Makefile, expanded.
make_var() {
    # shellcheck disable=SC2016 # $(VAR) is make's, in the makefile read
    printf 'print-var:\n\t@echo $(%s)\n' "$1" |
        make -s --no-print-directory -C "$build" -f Makefile -f - print-var
}

if [[ -z ${RTOCALC_INSTALL_NS:-} ]]; then
    ((EUID == 0)) || skip "needs root"
    command -v pkg-config >/dev/null 2>&1 || skip "needs pkg-config"
    command -v "$cc" >/dev/null 2>&1 || skip "needs a C compiler ($cc)"
    command -v ldconfig >/dev/null 2>&1 || skip "needs ldconfig (glibc)"
    timeout 10 unshare -m --propagation private true 2>/dev/null ||
        skip "needs unshare -m"
    grep -qw overlay /proc/filesystems || modprobe -q overlay 2>/dev/null ||
        skip "needs overlayfs"
    export RTOCALC_INSTALL_NS=1
    exec timeout 600 unshare -m --propagation private \
        bash "${BASH_SOURCE[0]}" "$build"
fi

# --- inside the namespace ----------------------------------------------------
prefix=$(make_var prefix)
libdir=$(make_var libdir)
[[ -n $prefix && -d $prefix && -n $libdir ]] ||
    skip "cannot read prefix and libdir from $build/Makefile"
case $libdir/ in
    "$prefix"/*) ;;
    *) skip "libdir $libdir is outside the prefix $prefix" ;;
esac

scratch=$(mktemp -d "${TMPDIR:-/tmp}/rtocalc-system.XXXXXX") || exit 1
overlays=()
cleanup() {
    local m
    for m in "${overlays[@]}"; do umount -l "$m" 2>/dev/null; done
    umount -l "$scratch" 2>/dev/null
    rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mount -t tmpfs -o size=256m,mode=0700 rtocalc-install "$scratch" ||
    skip "cannot mount a tmpfs"
# overlay DIR: DIR writable, its writes kept in $scratch.
overlay() {
    local name=$1 dir=$2
    mkdir -p "$scratch/$name/upper" "$scratch/$name/work" || return 1
    mount -t overlay "rtocalc-$name" -o "lowerdir=$dir,upperdir=$scratch/$name/upper,workdir=$scratch/$name/work" "$dir" ||
        return 1
    overlays+=("$dir")
}
overlay etc /etc || skip "cannot mount an overlay on /etc"
overlay prefix "$prefix" || skip "cannot mount an overlay on $prefix"

# Is libdir one the loader searches (ld.so.conf and its built-in list)?
searched=false
while IFS= read -r d; do
    [[ -d $d && $d -ef $libdir ]] && searched=true
done < <(ldconfig -v -N -X 2>/dev/null | sed -n 's/^\([^[:space:]][^:]*\):.*/\1/p')
if [[ -d $libdir ]] && ! $searched; then
    skip "the loader does not search $libdir (configure --prefix=/usr/local)"
fi
loader_knew=false
ldconfig -p | grep -q 'librtocalc\.so\.' && loader_knew=true

passed=0 failed=0
pass() {
    echo "ok $*"
    passed=$((passed + 1))
}
fail() {
    echo "FAIL $*"
    failed=$((failed + 1))
}
# run_make TARGET ARGS...: make in the build, bounded, its output in a log.
run_make() {
    timeout 300 make -s --no-print-directory -C "$build" "$@" \
        >"$scratch/make.log" 2>&1 && return 0
    sed 's/^/  /' "$scratch/make.log" | tail -n 20
    return 1
}
etc_changed() {
    [[ -n $(find "$scratch/etc/upper" -mindepth 1 -print -quit) ]]
}

# 1. A staged install leaves the loader alone.
mkdir -p "$scratch/stage"
if run_make install DESTDIR="$scratch/stage"; then
    if etc_changed; then
        fail "make install DESTDIR changed /etc:" \
            "$(cd "$scratch/etc/upper" && find . -mindepth 1 | head -n 3)"
    else
        pass "make install DESTDIR=... leaves /etc (ld.so.cache) alone"
    fi
else
    fail "make install DESTDIR=... failed"
fi

# A program built against the installed library with pkg-config.
build_budget() {
    local flags
    flags=$(PKG_CONFIG_PATH=$libdir/pkgconfig PKG_CONFIG_LIBDIR=$libdir/pkgconfig \
        pkg-config --cflags --libs rtocalc) || return 1
    read -r -a flag_words <<<"$flags"
    "$cc" -std=c11 -Wall -Wextra -Werror -o "$scratch/budget" \
        "$here/budget.c" "${flag_words[@]}" 2>"$scratch/err"
}

# 2. Without the cache refreshed, the library is not found: what the
# install-exec-hook is for (and the proof that step 3 can fail).
if $loader_knew; then
    echo "skipped: the loader already knows a librtocalc; no check that" \
        "it fails without ldconfig"
elif run_make install LDCONFIG=true && build_budget; then
    out=$(env -u LD_LIBRARY_PATH timeout 10 "$scratch/budget" 2>&1)
    if [[ $? -ne 0 && $out == *librtocalc.so*"cannot open shared object"* ]]; then
        pass "without ldconfig, a program linked with -lrtocalc does not start"
    else
        fail "without ldconfig the program ran: $out"
    fi
    rm -f "$scratch/budget"
else
    fail "make install LDCONFIG=true or building budget.c failed"
fi

# 3. make install: everything runs without LD_LIBRARY_PATH.
if run_make install; then
    if ldconfig -p | grep -qF "=> $libdir/librtocalc.so."; then
        pass "make install refreshed the loader's cache: $(ldconfig -p |
            grep -F "=> $libdir/librtocalc.so." | sed 's/^[[:space:]]*//')"
    else
        fail "after make install the loader's cache has no $libdir/librtocalc"
    fi
    out=$(env -u LD_LIBRARY_PATH timeout 10 "$prefix/bin/rtocalc" 2>&1)
    status=$?
    if [[ $status -eq 0 && $out == *"budget 924.6 s"* ]]; then
        pass "$prefix/bin/rtocalc runs without LD_LIBRARY_PATH (budget 924.6 s)"
    else
        fail "$prefix/bin/rtocalc without LD_LIBRARY_PATH (exit $status):"
        printf '%s\n' "$out" | head -n 3 | sed 's/^/  /'
    fi
    if build_budget; then
        out=$(env -u LD_LIBRARY_PATH timeout 10 "$scratch/budget" 2>&1)
        status=$?
        if [[ $status -eq 0 && $out == "budget 924.6 s" ]]; then
            pass "budget.c (pkg-config, -lrtocalc) runs without" \
                "LD_LIBRARY_PATH: \"$out\""
        else
            fail "budget without LD_LIBRARY_PATH (exit $status): $out"
        fi
        found=$(env -u LD_LIBRARY_PATH ldd "$scratch/budget" |
            sed -n 's/^[[:space:]]*librtocalc[^ ]* => \([^ ]*\).*/\1/p')
        if [[ $found == "$libdir"/* ]]; then
            pass "budget loads $found"
        else
            fail "budget loads '$found', not $libdir's librtocalc"
        fi
    else
        fail "budget.c does not build against $prefix: $(cat "$scratch/err")"
    fi
else
    fail "make install failed"
fi

# 4. make uninstall takes the library out of the cache again.
if run_make uninstall; then
    if ldconfig -p | grep -qF "=> $libdir/librtocalc.so."; then
        fail "after make uninstall the loader's cache still lists" \
            "$libdir/librtocalc"
    else
        pass "make uninstall refreshed the loader's cache"
    fi
else
    fail "make uninstall failed"
fi

echo "$passed passed, $failed failed"
((failed == 0))
