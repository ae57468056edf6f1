#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# live-check.sh RESULTS [NAME]: judge what tests/kernels/live-guest
# recorded, as tests/live/live.py judges its own samples.  For every
# socket of every rtocalc sample (path and give-up known):
#   - the window, widened by the time the rtocalc call took
#     ([start + earliest, end + latest]), holds the real give-up, with
#     1 ms below and 30 ms above for a client's wake-up after it (live.py's
#     allowance); at least 99 % of them must;
#   - the count still to come is right, against the final count (the most
#     retransmissions or probes a sample showed with nothing more to come);
#   - the path is the socket's kind (retrans, keepalive, orphan);
#   - once an RTO has fired (retrans and orphan, retransmissions >= 1), the
#     note says retrans_stamp was rebuilt exactly on kernels before 6.7,
#     which lack tcpi_total_rto_time (LIVE-SOCKETS.md; include/uapi/linux/
#     tcp.h gained it in 6.7), and never on 6.7 and later, where every
#     socket here has one RTO episode;
#   - root's samples name the recording process as the clients' owner and
#     none as the orphans'.
# The summary also counts the tick-exact windows ("jiffies":
# "timer_list": root's, the dump within one tick) and those that held.
# Every rtocalc run must have exited 0 with JSON, every socket must have
# given up (the clients with ETIMEDOUT), and there must be at least 20
# samples, half of them with their final count seen.
# Prints one summary line, prefixed with NAME; exit 0, 3 on a miss, 1
# when RESULTS cannot be read.
set -u
results=${1:?usage: live-check.sh RESULTS [NAME]}
name=${2:-$results}
# errno 110 on Linux (include/uapi/asm-generic/errno.h).
etimedout=110
wake_us=30000

summary=$(jq -r --argjson etimedout "$etimedout" --argjson wake "$wake_us" '
  def port: split(":") | last | tonumber;
  def minor: capture("^(?<a>[0-9]+)\\.(?<b>[0-9]+)")
             | (.a | tonumber) * 1000 + (.b | tonumber);
  . as $all
  | (.release | minor < 6007) as $old
  | .pid as $pid
  | [.rounds[] | . as $r
     | ($r.sockets | map({key: "\(.sport)-\(.dport)", value: .})
        | from_entries) as $by
     | $r.samples[] | . as $s
     | (.output | try fromjson catch null) as $o
     | {run: 1, failed: (if .status == 0 and $o != null then 0 else 1 end),
        nobody: (if .uid == 0 then 0 else 1 end),
        rows: [($o // {sockets: []}).sockets[]
               | ((.src | port | tostring) + "-" + (.dst | port | tostring))
                 as $key
               | select($by[$key] != null and .path != null
                        and .give_up_in_us != null)
               | $by[$key] as $k
               | {key: ("\($r.tcp_retries2)/" + $key), kind: $k.kind,
                  path, done: .retransmissions, rng: .remaining_range,
                  lo: ($s.start_us + .give_up_earliest_in_us),
                  hi: ($s.end_us + .give_up_latest_in_us),
                  d: $k.gave_up_us,
                  rebuilt: ((.note // "") | test("no tcpi_total_rto_time")),
                  exact: (.jiffies == "timer_list"),
                  stamped: (.path != "keepalive" and .retransmissions >= 1),
                  pid_ok: ($s.uid != 0
                           or .pid == (if $k.kind == "orphan" then null
                                       else $pid end))}]}]
  | (map(.rows) | add // []) as $rows
  | ([.[] | .run] | add // 0) as $runs
  | ([.[] | .failed] | add // 0) as $failed
  | ([.[] | .nobody] | add // 0) as $nobody
  | (reduce ($rows[] | select(.rng == [0, 0])) as $x ({};
       .[$x.key] = ([.[$x.key] // 0, $x.done] | max))) as $final
  | [$rows[] | . as $x
     | ($x.d != null and $x.lo - 1000 <= $x.d[1]
        and $x.d[0] <= $x.hi + $wake) as $in
     | $x + {in: $in,
             counted: ($final[$x.key] != null),
             count_ok: ($final[$x.key] != null
                        and $x.rng[0] <= $final[$x.key] - $x.done
                        and $final[$x.key] - $x.done <= $x.rng[1]),
             miss_ms: (if $in or $x.d == null then 0
                       elif $x.d[0] > $x.hi + $wake
                       then (($x.d[0] - $x.hi) / 1000 | round)
                       else (($x.d[1] - $x.lo) / 1000 | round) end)}]
  | . as $e
  | ([$e[] | select(.in)] | length) as $inside
  | [$all.rounds[].sockets[]] as $socks
  | ($e | length) as $n
  | ([$e[] | select(.counted)] | length) as $counted
  | ([$e[] | select(.count_ok)] | length) as $count_ok
  | ([$e[] | select(.stamped)] | length) as $stamped
  | ([$e[] | select(.exact)] | length) as $exact
  | ([$e[] | select(.exact and .in)] | length) as $exact_in
  | ([$e[] | select(.stamped and .rebuilt)] | length) as $rebuilt
  | ([$e[] | select(.rebuilt and (.stamped | not))] | length) as $stray
  | ([$e[] | select(.path != .kind)] | length) as $bad_path
  | ([$e[] | select(.pid_ok | not)] | length) as $bad_pid
  | ([$socks[] | select(.gave_up_us != null and (.kind == "orphan"
       or .error == $etimedout))] | length) as $gone
  | [$e[] | select(.in | not)
     | "\(.kind) r\(.key | split("/")[0]) "
       + (if .d == null then "no give-up" else "\(.miss_ms) ms" end)]
     as $misses
  | ($n >= 20 and $failed == 0 and $gone == ($socks | length)
     and $bad_path == 0 and $bad_pid == 0 and $inside * 100 >= 99 * $n
     and $counted * 2 >= $n and $count_ok == $counted and $stray == 0
     and $rebuilt == (if $old then $stamped else 0 end)) as $ok
  | "\(if $ok then "pass" else "MISS" end): \($n) samples of "
    + "\($socks | length) sockets in \($all.rounds | length) rounds "
    + "(\($runs) rtocalc runs, \($nobody) as nobody, \($failed) failed), "
    + "\($gone) gave up; window held the give-up in \($inside)/\($n) "
    + "(tick-exact \($exact_in)/\($exact)); "
    + "count to come right in \($count_ok)/\($counted); stamp rebuilt in "
    + "\($rebuilt)/\($stamped) after the first RTO "
    + "(\(if $old then "all" else "none" end) expected, release "
    + "\($all.release)); wrong path \($bad_path); wrong owner \($bad_pid)"
    + (if $misses == [] then ""
       else "; misses (ms outside the window, + late): "
            + ($misses[:8] | join(", ")) end)
' "$results" 2>&1) || {
    echo "$name: $results does not read as live-guest results: $summary" >&2
    exit 1
}
echo "$name: $summary"
[[ $summary == pass:* ]] || exit 3
exit 0
