#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench: how fast rtocalc is on this machine, in one run.
#
#  - sweep scenarios per second, give-up rows (CSV and JSON) and full event
#    rows, over the grid tcp_retries2 0..255 x RTT 100us..1s:4096 (1,048,576
#    scenarios), and its peak memory;
#  - the same established-path model in plain Python (bench/retrans_model.py)
#    on the same grid, its rows compared byte for byte with rtocalc's, and
#    the ratio of the two speeds per scenario: the headline;
#  - one query (`rtocalc retrans`, process start included) against the
#    process-start floor of a program linked the same way that does nothing;
#  - sockets (as root): `rtocalc sockets --all --format json` over 20,000
#    established loopback connections in a private network namespace,
#    against `ss -tin` on the same set (bench/sockets.sh);
#  - verify (as root): the wall time of a full run against its longest
#    scenario and against the sum of all.
#
# Every timing is of a whole process, from fork to exit (bench/bench.c).
# Exit status 1 when the Python rows differ from rtocalc's or a goal of
# issue 9 is missed (100x per scenario, under 16 MiB for the 1M-row sweep,
# a single query under 5 ms; issue 18: rtocalc sockets at most 2x the time
# and the peak memory of ss).
#
# Environment: BENCH_RUNS (runs per sweep timing, default 3),
# BENCH_PY_STRIDE (time Python on every K-th RTT of the grid, default 64;
# 1 = the whole grid, about 5 minutes), BENCH_VERIFY=0 (skip verify),
# BENCH_SOCKETS=0 (skip sockets), BENCH_CONNS (connections, default 20000),
# BENCH_SOCKETS_RUNS (runs of each command, default 11), PYTHON (default
# python3).
set -euo pipefail

srcdir=${srcdir:-.}
libtool=${LIBTOOL:-./libtool}
driver=${BENCH_DRIVER:-bench/rtocalc-bench}
noop=${BENCH_NOOP:-bench/noop}
rtocalc=${RTOCALC:-./rtocalc}
python=${PYTHON:-python3}
runs=${BENCH_RUNS:-3}
stride=${BENCH_PY_STRIDE:-64}

die() { echo "bench: $*" >&2; exit 1; }
command -v "$python" >/dev/null \
    || die "$python not found: the Python baseline needs it (apt-get install python3)"
[[ -x $driver && -e $noop ]] || die "build the programs first: make bench"
[[ $stride =~ ^[1-9][0-9]*$ ]] || die "BENCH_PY_STRIDE: expected an integer >= 1, got \"$stride\""
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS: expected an integer >= 1, got \"$runs\""

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The driver through libtool, which swaps the build tree's wrapper scripts
# (./rtocalc, bench/noop) for the real programs and their library path, so
# that the timings are of the programs alone.
read -ra lt <<<"$libtool"
timed() { "${lt[@]}" --mode=execute "$driver" "$@"; }
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }
calc() { awk "BEGIN { printf \"${2:-%s}\", ($1) }"; }
# 1234567 -> 1,234,567
commas() { printf "%s" "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\($\|,\)/,&/' -e 'ta'; }
failed=0
goal() { # text, ok
    if [[ $2 == 1 ]]; then echo "    goal $1: met"
    else echo "    goal $1: MISSED"; failed=1; fi
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
echo "rtocalc benchmark, $(date -u +%Y-%m-%d), ${cpu:-unknown CPU} ($(nproc) CPUs), Linux $(uname -r)"
echo "$("$rtocalc" --version | head -1); ${CC:-cc}: $(${CC:-cc} --version 2>/dev/null | head -1); $("$python" --version 2>&1)"
echo

grid=(--retries2 0..255 --rtt 100us..1s:4096 --no-tlp)
n_grid=1048576
echo "Grid: rtocalc sweep ${grid[*]} ($(commas $n_grid) scenarios)"
echo

# --- sweep, give-up rows ------------------------------------------------------
r=$(timed -n "$runs" -- "$rtocalc" sweep "${grid[@]}" --format csv -o "$tmp/grid.csv")
csv_s=$(field median_s "$r")
rss_kib=$(field maxrss_kib "$r")
csv_rate=$(calc "$n_grid / $csv_s" %.3f)
printf "sweep, give-up rows, CSV:   %.2f s (median of %d)  %s scenarios/s  peak RSS %s MiB\n" \
    "$csv_s" "$runs" "$(commas "$(calc "$csv_rate" %d)")" "$(calc "$rss_kib / 1024" %.1f)"
goal "peak memory of the 1M-row sweep under 16 MiB" "$(calc "$rss_kib < 16384")"

r=$(timed -n "$runs" -- "$rtocalc" sweep "${grid[@]}" --format json -o "$tmp/grid.json")
json_s=$(field median_s "$r")
printf "sweep, give-up rows, JSON:  %.2f s (median of %d)  %s rows/s (CSV: %s rows/s)\n" \
    "$json_s" "$runs" "$(commas "$(calc "$n_grid / $json_s" %d)")" \
    "$(commas "$(calc "$csv_rate" %d)")"

# --- sweep, full event rows ---------------------------------------------------
ev_grid=(--retries2 0..255 --rtt 100us..1s:256 --no-tlp)
n_ev=65536
r=$(timed -n "$runs" -- "$rtocalc" sweep "${ev_grid[@]}" --events --format csv -o "$tmp/events.csv")
ev_s=$(field median_s "$r")
ev_rows=$(($(wc -l <"$tmp/events.csv") - 1))
printf "sweep --events, CSV:        %.2f s (median of %d) for %s scenarios, %s event rows: %s scenarios/s, %s rows/s\n" \
    "$ev_s" "$runs" "$(commas $n_ev)" "$(commas $ev_rows)" \
    "$(commas "$(calc "$n_ev / $ev_s" %d)")" \
    "$(commas "$(calc "$ev_rows / $ev_s" %d)")"
echo "    (grid ${ev_grid[*]}, peak RSS $(calc "$(field maxrss_kib "$r") / 1024" %.1f) MiB)"
echo

# --- the Python baseline ------------------------------------------------------
n_py=$(( 256 * ((4096 + stride - 1) / stride) ))
r=$(timed -n 1 -o "$tmp/py.csv" -- "$python" "$srcdir/bench/retrans_model.py" \
    "${grid[@]}" --stride "$stride")
py_s=$(field median_s "$r")
py_rate=$(calc "$n_py / $py_s" %.3f)
# rtocalc's rows at the same RTT indices (the RTT varies fastest).
awk -v k="$stride" 'NR == 1 || ((NR - 2) % 4096) % k == 0' "$tmp/grid.csv" >"$tmp/c-same.csv"
if cmp -s "$tmp/c-same.csv" "$tmp/py.csv"; then
    same="identical"
else
    same="DIFFERENT"
    failed=1
fi
if [[ $stride == 1 ]]; then what="the whole grid"; else what="every ${stride}th RTT of the grid"; fi
printf "Python baseline (bench/retrans_model.py), %s: %s scenarios in %.2f s, %s scenarios/s\n" \
    "$what" "$(commas $n_py)" "$py_s" "$(commas "$(calc "$py_rate" %d)")"
echo "    its $(commas $n_py) rows and rtocalc's rows for the same settings: $same"
ratio=$(calc "$csv_rate / $py_rate" %d)
echo "rtocalc sweep is ${ratio}x faster per scenario than the Python baseline"
goal "at least 100x per scenario" "$(calc "$ratio >= 100")"
echo

# --- one query ----------------------------------------------------------------
r=$(timed -n 500 -- "$rtocalc" retrans)
q_med=$(field median_s "$r")
q_p90=$(field p90_s "$r")
r=$(timed -n 500 -- "$noop")
f_med=$(field median_s "$r")
printf "rtocalc retrans (one query, process start included): median %s ms, p90 %s ms (500 runs)\n" \
    "$(calc "$q_med * 1000" %.2f)" "$(calc "$q_p90 * 1000" %.2f)"
printf "    process-start floor (bench/noop, linked like rtocalc, does nothing): median %s ms; rtocalc's own work %s ms\n" \
    "$(calc "$f_med * 1000" %.2f)" "$(calc "($q_med - $f_med) * 1000" %.2f)"
goal "a single query under 5 ms" "$(calc "$q_med < 0.005")"
echo

# --- sockets ------------------------------------------------------------------
if [[ ${BENCH_SOCKETS:-1} == 0 ]]; then
    echo "sockets: skipped (BENCH_SOCKETS=0)"
elif [[ $(id -u) != 0 ]]; then
    echo "sockets: skipped (needs root to create a network namespace)"
else
    # It runs itself in a network namespace of its own, under a timeout;
    # everything it starts lives there and dies with it.
    rc=0
    LIBTOOL="$libtool" BENCH_DRIVER="$driver" RTOCALC="$rtocalc" \
        BENCH_CONNS_PROG="${BENCH_CONNS_PROG:-bench/rtocalc-conns}" \
        bash "$srcdir/bench/sockets.sh" || rc=$?
    case $rc in
    0) ;;
    1) failed=1 ;;
    *) echo "sockets: failed (exit $rc)"; failed=1 ;;
    esac
fi
echo

# --- verify -------------------------------------------------------------------
if [[ ${BENCH_VERIFY:-1} == 0 ]]; then
    echo "verify: skipped (BENCH_VERIFY=0)"
elif [[ $(id -u) != 0 ]]; then
    echo "verify: skipped (needs root to create network namespaces)"
else
    rc=0
    "${lt[@]}" --mode=execute "$rtocalc" verify --format json -o "$tmp/verify.json" \
        2>"$tmp/verify.err" || rc=$?
    if [[ $rc == 77 ]]; then
        echo "verify: skipped ($(tail -1 "$tmp/verify.err"))"
    elif [[ ! -s $tmp/verify.json ]]; then
        echo "verify: failed (exit $rc): $(tail -1 "$tmp/verify.err")"
        failed=1
    else
        "$python" - "$tmp/verify.json" "$rc" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["scenarios"]
longest = max(s, key=lambda x: x["elapsed_us"])
total = sum(x["elapsed_us"] for x in s)
wall = d["wall_us"]
agree = sum(1 for x in s if x["pass"])
again = sum(1 for x in s if x.get("remeasured_alone"))
print(f"verify: {len(s)} scenarios, {d['jobs']} at once: {wall / 1e6:.1f} s wall; "
      f"longest scenario {longest['name']} {longest['elapsed_us'] / 1e6:.1f} s "
      f"(wall / longest = {wall / longest['elapsed_us']:.2f}); all scenarios "
      f"together {total / 1e6:.1f} s ({total / wall:.1f}x the wall time); "
      f"{agree} of {len(s)} agree with the model, {again} after being "
      f"measured again alone (exit {sys.argv[2]})")
for x in s:
    if x.get("remeasured_alone"):
        print(f"    {x['name']} was measured again alone; with the others at "
              f"once: {x['first_verdict']}")
EOF
    fi
fi
echo
if [[ $failed == 0 ]]; then echo "bench: every goal met"; else echo "bench: a goal was missed or the rows differ"; fi
exit "$failed"
