#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make verify-kernels: hold the model to kernels other than the host's.
# For each version in KERNELS (default "6.1 6.12") it takes Debian's newest
# kernel package of that series (apt-get download; unpacked, never
# installed), boots it under QEMU with a small initramfs (static busybox,
# this build's rtocalc with its libraries, the kernel's config so that
# verify finds its HZ, and tcp_bbr, the one module the catalogue needs),
# runs `rtocalc verify --jobs 1 --format json` (and a CSV) inside, and
# writes both to OUT_DIR as verify-DATE-linux-VERSION-hzHZ.json and .csv.
#
# QEMU runs with TCG and a virtual instruction clock (-icount shift=0,
# sleep=off): the guest's time does not depend on how fast or how busy
# the host is, so its HZ=250 timer wheel behaves as on real hardware, and
# idle waits for kernel timers cost almost no host time.  One vCPU, so
# the scenarios run one after another.  The guest has no network device:
# verify uses loopback in namespaces of its own.  Every QEMU runs under
# nice -n 19, one at a time (a lock in CACHE_DIR).  Nothing on the host is
# changed but CACHE_DIR and OUT_DIR.
#
# Environment:
#   KERNELS        kernel series, default "6.1 6.12"
#   VERIFY_ARGS    extra options for rtocalc verify, e.g. --quick
#   OUT_DIR        where the results go, default ./verify-kernels
#   CACHE_DIR      downloaded packages and unpacked kernels, default
#                  ./kernels-cache
#   GUEST_TIMEOUT  seconds one guest may run, default 1800
#   RTOCALC, LIBTOOL  the program under test and the libtool that finds
#                  the real binary behind its wrapper (set by make)
#   LIVE_GUEST     make live-kernels: tests/kernels/live-guest, run in each
#                  guest instead of verify (rtocalc sockets sampled against
#                  real dead peers); its results go to OUT_DIR as
#                  live-DATE-linux-VERSION-hzHZ.json, judged by
#                  tests/kernels/live-check.sh
#   LIVE_SEED      the seed of its sampling moments, default 1
#
# Exit status: 0 when every scenario on every kernel agrees with the model,
# 3 when one disagrees, 1 on any other failure (nothing booted, no result).
# With LIVE_GUEST: 0 when every kernel passes live-check.sh, 3 on a miss.
set -u

rtocalc=${RTOCALC:-./rtocalc}
libtool=${LIBTOOL:-}
kernels=${KERNELS:-6.1 6.12}
verify_args=${VERIFY_ARGS:-}
out_dir=${OUT_DIR:-verify-kernels}
cache=${CACHE_DIR:-kernels-cache}
guest_timeout=${GUEST_TIMEOUT:-1800}
live_guest=${LIVE_GUEST:-}
live_seed=${LIVE_SEED:-1}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

me=verify-kernels
die() { echo "$me: $*" >&2; exit 1; }
say() { echo "$me: $*"; }
have() { command -v "$1" >/dev/null 2>&1; }
now() { date +%s; }

[[ $guest_timeout =~ ^[1-9][0-9]*$ ]] ||
    die "GUEST_TIMEOUT: expected seconds, got \"$guest_timeout\""
[[ -x $rtocalc ]] || die "$rtocalc is not built: run make first"
[[ -z $live_guest || -x $live_guest ]] ||
    die "$live_guest is not built: run make $live_guest first"
[[ $live_seed =~ ^[1-9][0-9]{0,18}$ ]] ||
    die "LIVE_SEED: expected a positive integer, got \"$live_seed\""

# --- host tools ---------------------------------------------------------------
# The guest needs a busybox that runs without the host's libraries: the
# one of busybox-static, not of the busybox package.
static_busybox() {
    local bb
    bb=$(command -v busybox 2>/dev/null) || return 1
    ! ldd "$bb" >/dev/null 2>&1
}
missing=()
have qemu-system-x86_64 || missing+=(qemu-system-x86)
static_busybox || missing+=(busybox-static)
for tool in apt-get apt-cache dpkg-deb jq timeout flock base64; do
    have "$tool" || die "$tool not found (the script needs Debian's apt, jq and coreutils)"
done
if ((${#missing[@]})); then
    install=(apt-get install -y -q --no-install-recommends "${missing[@]}")
    if [[ $(id -u) -ne 0 ]]; then
        die "missing ${missing[*]}; install with: sudo ${install[*]}"
    fi
    say "installing ${missing[*]} (QEMU and a static busybox for the guests)"
    # A fresh machine may have no package lists yet: update once then.
    if ! timeout 900 env DEBIAN_FRONTEND=noninteractive "${install[@]}" \
        >/dev/null 2>&1; then
        timeout 600 apt-get update -q >/dev/null 2>&1
        timeout 900 env DEBIAN_FRONTEND=noninteractive "${install[@]}" \
            >/dev/null || die "apt-get failed: ${install[*]}"
    fi
    if ! have qemu-system-x86_64 || ! static_busybox; then
        die "still missing after apt-get: ${missing[*]}"
    fi
fi
busybox=$(command -v busybox)

mkdir -p "$cache" "$out_dir" || die "cannot create $cache or $out_dir"
cache=$(cd "$cache" && pwd) && out_dir=$(cd "$out_dir" && pwd) || exit 1

work=$(mktemp -d "${TMPDIR:-/tmp}/$me.XXXXXX") || die "mktemp failed"
qpid=""
tailpid=""
# shellcheck disable=SC2317 # run by the trap
cleanup() {
    if [[ -n $qpid ]]; then kill "$qpid" 2>/dev/null; fi
    if [[ -n $tailpid ]]; then kill "$tailpid" 2>/dev/null; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Only one QEMU at a time on this machine, even from two make runs.
exec 9>"$cache/qemu.lock"
flock -w "$guest_timeout" 9 || die "another $me run holds $cache/qemu.lock"

# --- the program under test -------------------------------------------------
# libtool's wrapper script stands for the real binary in .libs; the same
# libtool names it and, through ldd, the libraries it loads.
prog=$rtocalc
lt=()
if [[ -n $libtool ]]; then
    read -ra lt <<<"$libtool"
    prog=$("${lt[@]}" --mode=execute echo "$rtocalc") ||
        die "libtool cannot name the binary behind $rtocalc"
    lt+=(--mode=execute)
fi
deps=$( {
    "${lt[@]}" ldd "$rtocalc"
    if [[ -n $live_guest ]]; then "${lt[@]}" ldd "$live_guest"; fi
} 2>/dev/null | awk '
    $2 == "=>" && $3 ~ /^\// { print $3; next }
    $1 ~ /^\// { print $1 }' | sort -u)

# The directory tree shared by every guest: busybox, rtocalc, its libraries
# (the loader at its own path, the rest in /lib).
base=$work/base
mkdir -p "$base"/{bin,lib,lib64,proc,sys,dev,tmp,boot,modules} || exit 1
if ! cp "$busybox" "$base/bin/busybox" || ! cp "$prog" "$base/bin/rtocalc"; then
    die "cannot copy busybox or $prog"
fi
while IFS= read -r lib; do
    [[ -n $lib ]] || continue
    case $lib in
        */ld-linux*) mkdir -p "$base$(dirname "$lib")" && cp -L "$lib" "$base$lib" ;;
        *) cp -L "$lib" "$base/lib/" ;;
    esac || die "cannot copy $lib"
done <<<"$deps"
if [[ -n $live_guest ]]; then
    guest_prog=$live_guest
    if ((${#lt[@]})); then
        guest_prog=$("${lt[@]}" echo "$live_guest") ||
            die "libtool cannot name the binary behind $live_guest"
    fi
    cp "$guest_prog" "$base/bin/live-guest" ||
        die "cannot copy $guest_prog"
    printf '%s\n' "$live_seed" >"$base/live.args" || exit 1
fi

# The guest's init: what verify needs and nothing else, then the results
# on the second serial port between markers, base64-encoded, and off.
cat >"$base/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin LD_LIBRARY_PATH=/lib
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
# bbr is a module on Debian; retrans-thin-bbr sets it per socket.
for m in /modules/*.ko; do [ -e "$m" ] && insmod "$m"; done
read -r args </verify.args
if [ -e /live.args ]; then
    # make live-kernels: rtocalc sockets against dead peers instead.
    read -r seed </live.args
    echo "live: guest $(uname -r), live-guest seed $seed" >/dev/console
    live-guest /bin/rtocalc /tmp/run.live "$seed" 2>/dev/console
    rc=$?
else
echo "verify: guest $(uname -r), rtocalc verify --jobs 1 $args" >/dev/console
# The arguments are split on purpose.
rtocalc verify --jobs 1 --format json -o /tmp/run.json --csv /tmp/run.csv \
    $args 2>/dev/console
rc=$?
fi
{
    echo "rtocalc-rc $rc"
    echo "rtocalc-release $(uname -r)"
    for f in json csv live; do
        echo "rtocalc-begin $f"
        [ -e /tmp/run.$f ] && base64 /tmp/run.$f
        echo "rtocalc-end $f"
    done
    echo "rtocalc-done"
} >/dev/ttyS1
sync
poweroff -f
EOF
chmod +x "$base/init"

# --- one kernel ----------------------------------------------------------------
# Debian's newest amd64 kernel of a series: 6.1 is linux-image-6.1.0-N-amd64
# (bookworm), 6.12 linux-image-6.12.N+debM-amd64 (bookworm's security and
# backports naming).
newest_package() {
    local re=${1//./\\.}
    apt-cache search --names-only \
        "^linux-image-$re(\\.[0-9]+)?(-[0-9]+|\\+deb[0-9]+)?-amd64-unsigned\$" |
        awk '{ print $1 }' | sort -V | tail -n 1
}

# The first line of a marked section of the guest's results, decoded.
section() { # file, name
    tr -d '\r' <"$1" | sed -n "/^rtocalc-begin $2\$/,/^rtocalc-end $2\$/p" |
        sed '1d;$d' | base64 -d
}

# name, release, profile, passed/total, minutes
summary=()
worst=0

run_kernel() {
    local series=$1 pkg deb dir ver upstream kimg config release profile
    local t0 t1 t2 t3 rc line hz json csv stem passed total
    t0=$(now)
    pkg=$(newest_package "$series")
    if [[ -z $pkg && $(id -u) -eq 0 ]]; then
        # No package lists yet on a fresh machine.
        timeout 600 apt-get update -q >/dev/null 2>&1
        pkg=$(newest_package "$series")
    fi
    if [[ -z $pkg ]]; then
        say "no Debian package linux-image-$series*-amd64-unsigned;" \
            "is the package list current (apt-get update)?" >&2
        return 1
    fi
    dir=$cache/$pkg
    # rtocalc sockets needs sock_diag's TCP modules, which a cache
    # unpacked before they were taken lacks: unpacked again then.
    if [[ ! -e $dir/.unpacked ]] || { [[ -n $live_guest ]] &&
        [[ -z $(find "$dir" -name 'tcp_diag.ko*') ]]; }; then
        say "$series: downloading $pkg"
        rm -rf "$dir" && mkdir -p "$dir" || return 1
        if ! (cd "$dir" && timeout 900 apt-get download -q "$pkg" \
            >download.log 2>&1); then
            cat "$dir/download.log" >&2
            say "$series: apt-get download $pkg failed" >&2
            return 1
        fi
        deb=$(ls "$dir"/*.deb)
        # The kernel, its config and bbr only, and inet_diag and tcp_diag
        # (sock_diag for TCP, modules on Debian); not the other modules.
        if ! timeout 600 dpkg-deb --fsys-tarfile "$deb" |
            tar -x -C "$dir" --wildcards './boot/vmlinuz-*' \
                './boot/config-*' '*/tcp_bbr.ko*' '*/inet_diag.ko*' \
                '*/tcp_diag.ko*'; then
            say "$series: cannot unpack $deb" >&2
            return 1
        fi
        dpkg-deb -f "$deb" Version >"$dir/version" && rm -f "$deb" &&
            touch "$dir/.unpacked" || return 1
    fi
    ver=$(cat "$dir/version")
    upstream=${ver%%-*}
    kimg=$(ls "$dir"/boot/vmlinuz-*) && config=$(ls "$dir"/boot/config-*) ||
        return 1
    release=${kimg##*/vmlinuz-}
    t1=$(now)

    # The initramfs: the shared tree, this kernel's config where verify
    # looks for it (/boot/config-RELEASE) and its bbr, uncompressed.
    local root=$work/root-$series
    rm -rf "$root" && cp -a "$base" "$root" && cp "$config" "$root/boot/" ||
        return 1
    # And sock_diag for TCP (rtocalc sockets), where the cache has it: the
    # init loads the modules in name order, inet_diag before tcp_diag,
    # which needs it.
    local ko mod
    for mod in tcp_bbr inet_diag tcp_diag; do
        ko=$(find "$dir" -name "$mod.ko*" | head -n 1)
        case $ko in
            *.xz) xz -dc "$ko" >"$root/modules/$mod.ko" ;;
            *.zst) zstd -qdc "$ko" >"$root/modules/$mod.ko" ;;
            ?*) cp "$ko" "$root/modules/" ;;
        esac || return 1
    done
    printf '%s\n' "$verify_args" >"$root/verify.args"
    (cd "$root" && find . | "$busybox" cpio -o -H newc 2>/dev/null) \
        >"$work/initrd-$series" || return 1
    t2=$(now)

    # The profile the guest's model runs: verify passes uname -r to
    # --kernel, and the host's rtocalc parses it the same way.
    profile=$("$rtocalc" retrans --kernel "$release" --format json 2>/dev/null |
        jq -r .kernel) || profile="(not parsed)"

    say "$series: booting $release (Debian $ver, profile $profile) under" \
        "QEMU, at most ${guest_timeout}s"
    local console=$work/console-$series result=$work/result-$series
    : >"$console" && : >"$result"
    timeout -k 10 "$guest_timeout" nice -n 19 qemu-system-x86_64 \
        -nodefaults -no-user-config -display none -nic none \
        -accel tcg -icount shift=0,sleep=off -smp 1 -cpu max -m 512 \
        -no-reboot -kernel "$kimg" -initrd "$work/initrd-$series" \
        -append "console=ttyS0 quiet panic=-1 rdinit=/init" \
        -serial "file:$console" -serial "file:$result" &
    qpid=$!
    # verify's progress, live from the guest's console.
    tail -n +1 -f --pid="$qpid" "$console" 2>/dev/null |
        sed -u -n 's/\r$//; /verify: /p; /live: /p' &
    tailpid=$!
    wait "$qpid"
    rc=$?
    qpid=""
    wait "$tailpid" 2>/dev/null
    tailpid=""
    t3=$(now)
    if [[ $rc -eq 124 || $rc -eq 137 ]]; then
        say "$series: the guest ran past ${guest_timeout}s; its console:" >&2
        tail -n 30 "$console" | tr -d '\r' >&2
        return 1
    fi
    line=$(tr -d '\r' <"$result" | sed -n 's/^rtocalc-rc //p')
    if [[ -z $line ]] || ! tr -d '\r' <"$result" | grep -q '^rtocalc-done$'; then
        say "$series: no result from the guest (qemu exit $rc); its console:" >&2
        tail -n 30 "$console" | tr -d '\r' >&2
        return 1
    fi
    if [[ -n $live_guest ]]; then
        live_result "$series" "$release" "$profile" "$upstream" "$config" \
            "$result" "$line" "$((t3 - t2))"
        return
    fi
    json=$work/run-$series.json
    csv=$work/run-$series.csv
    if ! section "$result" json >"$json" || ! section "$result" csv >"$csv"
    then
        say "$series: the guest's result does not decode" >&2
        return 1
    fi
    if [[ ! -s $json ]] || ! jq -e '.scenarios' "$json" >/dev/null 2>&1; then
        say "$series: rtocalc verify exited $line without a JSON result" >&2
        return 1
    fi
    hz=$(jq -r .hz "$json")
    stem=$out_dir/verify-$(date -u +%F)-linux-$upstream-hz$hz
    cp "$json" "$stem.json" && cp "$csv" "$stem.csv" || return 1
    passed=$(jq '[.scenarios[] | select(.pass)] | length' "$json")
    total=$(jq '.scenarios | length' "$json")
    say "$series: $passed of $total scenarios agree (rtocalc exit $line);" \
        "download+unpack $((t1 - t0))s, initramfs $((t2 - t1))s," \
        "boot+run $((t3 - t2))s"
    jq -r '.scenarios[] | select(.pass | not) |
        "  DISAGREES: \(.name): \(.verdict)"' "$json"
    say "$series: $stem.json and .csv"
    summary+=("$series|$release|$profile|$passed/$total|$((t3 - t2))s")
    case $line in
        0) ;;
        3) worst=3 ;;
        *) return 1 ;;
    esac
}

# make live-kernels: the guest's results, kept in OUT_DIR and judged by
# live-check.sh, which prints the kernel's summary line.
live_result() { # series, release, profile, upstream, config, result, rc, run
    local series=$1 release=$2 profile=$3 upstream=$4 config=$5 result=$6
    local live=$work/live-$series.json hz stem rc held
    if ! section "$result" live >"$live" || [[ ! -s $live ]]; then
        say "$series: live-guest exited $7 without results" >&2
        return 1
    fi
    hz=$(sed -n 's/^CONFIG_HZ=//p' "$config")
    stem=$out_dir/live-$(date -u +%F)-linux-$upstream-hz$hz
    cp "$live" "$stem.json" || return 1
    bash "$here/live-check.sh" "$live" "$me: $series" >"$work/check-$series"
    rc=$?
    cat "$work/check-$series"
    say "$series: $stem.json (live-guest exit $7, boot+run $8s)"
    if [[ $7 != 0 ]]; then
        say "$series: live-guest failed; the guest's console:" >&2
        tail -n 30 "$work/console-$series" | tr -d '\r' >&2
    fi
    ((rc == 0 || rc == 3)) || return 1
    held=$(sed -n 's/.*window held the give-up in \([0-9/]*\).*/\1/p' \
        "$work/check-$series")
    summary+=("$series|$release|$profile|${held:-?}|$8s")
    ((rc == 0)) || worst=3
    [[ $7 == 0 ]]
}

failed=0
for series in $kernels; do
    [[ $series =~ ^[0-9]+\.[0-9]+$ ]] || die "KERNELS: expected versions such as 6.1, got \"$series\""
done
for series in $kernels; do
    run_kernel "$series" || failed=1
done
if ((${#summary[@]})); then
    echo
    column=agree
    [[ -z $live_guest ]] || column=held
    printf '%-7s %-24s %-8s %-8s %s\n' series release profile "$column" run
    for row in "${summary[@]}"; do
        IFS='|' read -r s r p a t <<<"$row"
        printf '%-7s %-24s %-8s %-8s %s\n' "$s" "$r" "$p" "$a" "$t"
    done
fi
((failed)) && exit 1
exit "$worst"
