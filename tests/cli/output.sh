#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# -o PATH writes what PATH names, and every command reports a failed write
# the same way.  A device, a FIFO and /dev/stdout are written in place and
# stay what they were; a symbolic link stays a link and its target receives
# the output; a replaced file keeps its mode and owner; a file with a
# second hard link is refused and left as it was; -o - is standard output;
# a full device or file system gives exit 1 and one line on stderr, with no
# file left behind, for every command, with and without -o; a reader that
# leaves a pipe early gets no message.
#
# The device nodes need root: as root the script runs itself again in a
# private mount namespace, with a tmpfs for its files and another over
# /dev, so that the nodes it makes and any node a broken -o might replace
# are copies that vanish with the namespace, never the machine's own.
# Without root (or without unshare) those cases print "skipped:" and the
# others run.
#
# Environment: RTOCALC (the binary; default ./rtocalc).  Prints PASS, FAIL
# and skipped: lines and ends with "N passed, M failed"; exits 1 when a
# case failed, 77 without the binary.
set -u
export LC_ALL=C

rtocalc=${RTOCALC:-./rtocalc}
[[ $rtocalc == /* ]] || rtocalc=$PWD/$rtocalc
if [[ ! -x $rtocalc ]]; then
    echo "output.sh: no rtocalc binary at '$rtocalc': skipped"
    exit 77
fi
export RTOCALC=$rtocalc

if [[ -z ${RTOCALC_OUTPUT_NS:-} && $EUID -eq 0 ]] &&
    unshare -m --propagation private true 2>/dev/null; then
    export RTOCALC_OUTPUT_NS=1
    exec unshare -m --propagation private bash "${BASH_SOURCE[0]}" "$@"
fi

passed=0 failed=0
pass() {
    echo "PASS $1"
    passed=$((passed + 1))
}
# fail NAME WHY...
fail() {
    local name=$1
    shift
    echo "FAIL $name: $*"
    failed=$((failed + 1))
}
skip() {
    echo "skipped: $1"
}

dir=$(mktemp -d)
tmp=$(mktemp -d)
trap 'mountpoint -q "$dir" && umount "$dir"; rm -rf "$dir" "$tmp"' EXIT
# In the namespace: a tmpfs for the files of the cases, and one over /dev
# with copies of the nodes the shell and the cases use.
private=false
if [[ ${RTOCALC_OUTPUT_NS:-} == 1 ]] &&
    mount -t tmpfs -o size=4m,mode=0755 rtocalc-test "$dir" &&
    mount -t tmpfs -o size=64k,mode=0755 rtocalc-test /dev; then
    mknod -m 0666 /dev/null c 1 3
    mknod -m 0666 /dev/zero c 1 5
    mknod -m 0666 /dev/full c 1 7
    mknod -m 0666 /dev/urandom c 1 9
    ln -s /proc/self/fd /dev/fd
    ln -s /proc/self/fd/0 /dev/stdin
    ln -s /proc/self/fd/1 /dev/stdout
    ln -s /proc/self/fd/2 /dev/stderr
    mknod -m 0666 "$dir/null" c 1 3
    private=true
fi
no_root="needs root in a private mount namespace (mknod, mount)"

# What each command writes to plain standard output.
commands=(
    "report" "retrans" "keepalive" "syn" "synack" "orphan" "probe0"
    "sysctl" "solve --target 60s" "rto --samples 10ms"
    "sweep --retries2 1..3" "plot retrans" "--kernel list" "--emit sysctl"
    "--help" "--version" "verify --list"
)

# is_node PATH MAJOR MINOR: PATH is still that character device.
is_node() {
    [[ -c $1 && $(stat -c '%t,%T' "$1") == "$(printf '%x,%x' "$2" "$3")" ]]
}

# one_error NAME [NODE]: the run that wrote $tmp/status, stdout and stderr
# exited 1, wrote nothing to stdout and one line naming the failure to
# stderr; and NODE, when given, is still the full device.
one_error() {
    local status lines
    status=$(<"$tmp/status")
    lines=$(wc -l <"$tmp/stderr")
    if [[ $# -gt 1 ]] && ! is_node "$2" 1 7; then
        fail "$1" "the device was replaced by a $(stat -c %F "$2")"
    elif [[ $status -ne 1 ]]; then
        fail "$1" "exit $status, want 1 $(head -c 200 "$tmp/stderr")"
    elif [[ -s $tmp/stdout ]]; then
        fail "$1" "wrote to stdout"
    elif [[ $lines -ne 1 ]]; then
        fail "$1" "$lines lines on stderr, want 1: $(head -c 300 "$tmp/stderr")"
    elif ! grep -Eq '^rtocalc: .*(write error|No space left on device)' \
        "$tmp/stderr"; then
        fail "$1" "stderr does not name the failure: $(cat "$tmp/stderr")"
    else
        pass "$1"
    fi
}

# full_node NAME: a fresh copy of /dev/full at $dir/NAME, so that a case
# that replaced the last one does not decide the next.
full_node() {
    rm -f "${dir:?}/$1"
    mknod -m 0666 "$dir/$1" c 1 7
}

# run ARGS...: rtocalc ARGS with stdout and stderr in $tmp.
run() {
    "$rtocalc" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    echo $? >"$tmp/status"
}

# --- write errors, for every command ---------------------------------------
for c in "${commands[@]}"; do
    read -ra args <<<"$c"
    if [[ $private == true ]]; then
        full_node full
        "$rtocalc" "${args[@]}" >"$dir/full" 2>"$tmp/stderr"
        echo $? >"$tmp/status"
        : >"$tmp/stdout"
        one_error "$c >full device"
        run "${args[@]}" -o "$dir/full"
        one_error "$c -o full device" "$dir/full"
    else
        if [[ -w /dev/full ]]; then
            "$rtocalc" "${args[@]}" >/dev/full 2>"$tmp/stderr"
            echo $? >"$tmp/status"
            : >"$tmp/stdout"
            one_error "$c >/dev/full"
        else
            skip "$c >/dev/full: no writable /dev/full"
        fi
        skip "$c -o full device: $no_root"
    fi
done
if [[ $private != true ]]; then
    skip "plot retrans -o full.svg: $no_root"
elif ! command -v gnuplot >/dev/null 2>&1; then
    skip "plot retrans -o full.svg: no gnuplot"
else
    full_node full.svg
    run plot retrans -o "$dir/full.svg"
    one_error "plot retrans -o full.svg (the rendered image)" "$dir/full.svg"
fi

# --- devices, FIFOs, links and modes ---------------------------------------
"$rtocalc" retrans >"$tmp/want" 2>/dev/null
# same NAME FILE: FILE holds what retrans writes to stdout.
same() {
    if cmp -s "$tmp/want" "$2"; then
        pass "$1"
    else
        fail "$1" "$2 does not hold the output"
    fi
}

if [[ $private == true ]]; then
    run retrans -o "$dir/null"
    if [[ $(<"$tmp/status") -eq 0 ]] && is_node "$dir/null" 1 3; then
        pass "-o a copy of /dev/null: still the device, exit 0"
    else
        fail "-o a copy of /dev/null" "exit $(<"$tmp/status"), now a" \
            "$(stat -c %F "$dir/null")"
    fi
else
    skip "-o a device node: $no_root"
fi

mkfifo "$dir/fifo"
timeout 5 cat "$dir/fifo" >"$tmp/fifo.out" &
reader=$!
timeout 5 "$rtocalc" retrans -o "$dir/fifo" 2>"$tmp/stderr"
status=$?
wait "$reader"
if [[ $status -ne 0 ]]; then
    fail "-o FIFO" "exit $status: $(cat "$tmp/stderr")"
elif [[ ! -p $dir/fifo ]]; then
    fail "-o FIFO" "the FIFO was replaced by a $(stat -c %F "$dir/fifo")"
else
    same "-o FIFO: still a FIFO, its reader got the output" "$tmp/fifo.out"
fi

printf 'old\n' >"$dir/target"
ln -s target "$dir/link"
run retrans -o "$dir/link"
if [[ ! -L $dir/link || $(readlink "$dir/link") != target ]]; then
    fail "-o LINK" "the link was replaced"
else
    same "-o LINK: still a link, its target holds the output" "$dir/target"
fi
ln -s new-target "$dir/dangling"
run retrans -o "$dir/dangling"
if [[ ! -L $dir/dangling ]]; then
    fail "-o DANGLING-LINK" "the link was replaced"
else
    same "-o DANGLING-LINK: still a link, its new target holds the output" \
        "$dir/new-target"
fi

printf 'old\n' >"$dir/mode640"
chmod 0640 "$dir/mode640"
run retrans -o "$dir/mode640"
if [[ $(stat -c %a "$dir/mode640") != 640 ]]; then
    fail "-o a 0640 file" "mode is now $(stat -c %a "$dir/mode640")"
else
    same "-o a 0640 file: still 0640" "$dir/mode640"
fi

(umask 027 && "$rtocalc" retrans -o "$dir/new" 2>/dev/null)
if [[ $(stat -c %a "$dir/new") != 640 ]]; then
    fail "-o a new file, umask 027" "mode $(stat -c %a "$dir/new"), want 640"
else
    same "-o a new file: 0666 less the umask" "$dir/new"
fi

if [[ $private == true ]]; then
    printf 'old\n' >"$dir/owned"
    chown 65534:65534 "$dir/owned"
    run retrans -o "$dir/owned"
    if [[ $(stat -c %u:%g "$dir/owned") != 65534:65534 ]]; then
        fail "-o another user's file" "owner is now" \
            "$(stat -c %u:%g "$dir/owned")"
    else
        same "-o another user's file: owner and group kept" "$dir/owned"
    fi
else
    skip "-o another user's file: $no_root"
fi

printf 'linked\n' >"$dir/linked"
chmod 0600 "$dir/linked"
ln "$dir/linked" "$dir/linked2"
run retrans -o "$dir/linked"
if [[ $(<"$tmp/status") -ne 1 ]]; then
    fail "-o a file with 2 hard links" "exit $(<"$tmp/status"), want 1"
elif [[ $(wc -l <"$tmp/stderr") -ne 1 ]] ||
    ! grep -q '^rtocalc: .*hard link' "$tmp/stderr"; then
    fail "-o a file with 2 hard links" "stderr: $(cat "$tmp/stderr")"
elif [[ $(<"$dir/linked") != linked || $(stat -c %h "$dir/linked") != 2 ||
    -s $tmp/stdout ]]; then
    fail "-o a file with 2 hard links" "the file or its links changed"
else
    pass "-o a file with 2 hard links: refused, exit 1, unchanged"
fi

mkdir "$dir/cwd"
(cd "$dir/cwd" && "$rtocalc" retrans -o - >"$tmp/dash" 2>/dev/null)
if [[ -e $dir/cwd/- ]]; then
    fail "-o -" "created a file named -"
else
    same "-o -: standard output, no file named -" "$tmp/dash"
fi

if [[ $EUID -eq 0 && $private != true ]]; then
    # A broken -o as root would rename over the machine's /dev/stdout.
    skip "-o /dev/stdout: $no_root"
else
    : >"$dir/stdout-file"
    inode=$(stat -c %i "$dir/stdout-file")
    "$rtocalc" retrans -o /dev/stdout >"$dir/stdout-file" 2>/dev/null
    if [[ $(stat -c %i "$dir/stdout-file") != "$inode" ]]; then
        fail "-o /dev/stdout >FILE" "FILE was replaced, not written"
    else
        same "-o /dev/stdout >FILE: FILE written in place" \
            "$dir/stdout-file"
    fi
fi

# --- a full file system: no file left behind ---------------------------------
if [[ $private == true ]]; then
    mkdir "$dir/small"
    mount -t tmpfs -o size=16k rtocalc-test "$dir/small"
    printf 'keep\n' >"$dir/small/kept"
    run sweep --retries2 0..255 --rtt 1ms,10ms -o "$dir/small/kept"
    one_error "-o a file on a full file system"
    if [[ $(<"$dir/small/kept") != keep ]]; then
        fail "-o a file on a full file system" "the file was changed"
    elif [[ $(ls -A "$dir/small") != kept ]]; then
        fail "-o a file on a full file system" "left behind:" \
            "$(ls -A "$dir/small")"
    else
        pass "-o a file on a full file system: unchanged, nothing left"
    fi
    umount "$dir/small"
else
    skip "-o a file on a full file system: $no_root"
fi

# --- a reader that leaves early ------------------------------------------------
"$rtocalc" sweep --retries2 0..255 --rtt 1ms..1s:64 2>"$tmp/stderr" |
    head -1 >/dev/null
status=${PIPESTATUS[0]}
if [[ -s $tmp/stderr ]]; then
    fail "sweep | head -1" "stderr: $(head -c 200 "$tmp/stderr")"
else
    pass "sweep | head -1: no message (exit $status)"
fi
(
    trap '' PIPE
    "$rtocalc" sweep --retries2 0..255 --rtt 1ms..1s:64 2>"$tmp/stderr" |
        head -1 >/dev/null
    echo "${PIPESTATUS[0]}" >"$tmp/status"
)
if [[ $(<"$tmp/status") -ne 1 ]]; then
    fail "sweep | head -1, SIGPIPE ignored" "exit $(<"$tmp/status"), want 1"
elif [[ -s $tmp/stderr ]]; then
    fail "sweep | head -1, SIGPIPE ignored" \
        "stderr: $(head -c 200 "$tmp/stderr")"
else
    pass "sweep | head -1, SIGPIPE ignored: exit 1, no message"
fi

leftover=$(find "$dir" -name '*.??????' 2>/dev/null)
if [[ -n $leftover ]]; then
    fail "temporary files" "left behind: $leftover"
else
    pass "no temporary file left behind"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
