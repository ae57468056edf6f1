#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""rtocalc sockets against real dead peers (run by tests/live/live.sh).

Inside a private network namespace (the caller's unshare -n), with short
budgets in the namespace's own sysctls: clients retransmitting to a peer
whose socket drops everything (tcp_retries2 3), idle keepalive clients
(1 s / 1 s / 2 probes) and FIN-WAIT-1 orphans (tcp_orphan_retries 2).
rtocalc sockets --format json is sampled at random moments; each socket's
real give-up is ETIMEDOUT on a blocked recv() (clients) or its leaving
the sock_diag dump (orphans, polled every 5 ms).  Every sample's window,
widened by the time the rtocalc call took, must hold the real give-up in
at least 99 % of samples (every other one taken as uid 65534, nobody:
sock_diag needs no privilege), and the count still to come must be right (the
final count: the one a later sample showed with nothing more to come).
Root's samples read the jiffies count from /proc/timer_list and say so
("jiffies": "timer_list") unless the dump spanned ticks, the kernel's
count still lagged the tick after four tries, or the socket's timer was
overdue or before its first RTO (doc/sockets.md); those windows
must be tick-exact: every firing to come on its wheel bucket or one tick
after it, so a window is at most (remaining firings + 1) ticks wide.
They must hold the real give-up in at least 99 %, as every window must;
nobody's must say "unknown".  The |point error| of the tick-exact samples
(give_up_at against the wall-clock time the give-up was seen) is reported,
not checked: under load the timer softirq and the waiting thread run late.
A machine so loaded that every root dump spans ticks has no tick-exact
sample to check, and the summary says so (0 tick-exact windows).
Prints one summary line; exit 0 or 1.
"""
import calendar
import gzip
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import record  # noqa: E402

RTOCALC = sys.argv[1]
DEADLINE = time.monotonic() + 40  # every wait is bounded
WAKE = 0.030  # how late a woken thread may see the give-up


def tick():
    """A jiffy in seconds: CONFIG_HZ from the kernel's config, else 10 ms
    (HZ=100, the longest tick there is)."""
    for path in ("/proc/config.gz", f"/boot/config-{os.uname().release}"):
        try:
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt") as f:
                for line in f:
                    if line.startswith("CONFIG_HZ="):
                        return 1 / int(line.split("=")[1])
        except (OSError, ValueError):
            pass
    return 0.010


def ms(s):
    """Seconds as milliseconds, one decimal, or "none"."""
    return "none" if s is None else f"{s * 1000:.1f}"


def wall(text):
    """give_up_at (RFC 3339 UTC with ms) in seconds since the epoch."""
    day, frac = text.rstrip("Z").split(".")
    return calendar.timegm(time.strptime(day, "%Y-%m-%dT%H:%M:%S")) + int(frac) / 1000


def main():
    record.sysctl("tcp_retries2", "3")
    record.sysctl("tcp_orphan_retries", "2")
    record.sysctl("tcp_keepalive_time", "1")
    record.sysctl("tcp_keepalive_intvl", "1")
    record.sysctl("tcp_keepalive_probes", "2")
    keep, death, kinds = [], {}, {}

    def waiter(sock, key):
        sock.settimeout(max(1, DEADLINE - time.monotonic()))
        try:
            sock.recv(1)
        except OSError:
            pass
        now = time.monotonic()
        death[key] = (now, now, time.time())

    port = 6000
    orphans = []
    made = []
    for fam, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        for kind in ("retrans", "keepalive", "orphan"):
            port += 1
            srv, cli, peer = record.pair(fam, addr, port, keepalive=(kind == "keepalive"))
            keep += [srv, peer]
            made.append((kind, cli, peer, port))
    # The clients' delayed ACKs of the peers' last data must arrive before
    # the peers go deaf, or the peers retransmit it and the clients keep
    # hearing from them.
    time.sleep(0.3)
    for kind, cli, peer, port in made:
        keep.append(record.drop_all(peer))
        key = (cli.getsockname()[1], port)
        kinds[key] = kind
        if kind == "orphan":
            cli.send(b"o" * 100)
            cli.close()
            orphans.append(key)
            continue
        keep.append(cli)
        if kind == "retrans":
            cli.send(b"d" * 100)
        threading.Thread(target=waiter, args=(cli, key), daemon=True).start()

    def orphan_watch():
        # Gone from a dump taken in [start, end] and present in the one
        # that started at prev: it left the hash between prev and end.
        prev = time.monotonic()
        while orphans and time.monotonic() < DEADLINE:
            start = time.monotonic()
            out = subprocess.run(["ss", "-tnH", "state", "fin-wait-1"],
                                 capture_output=True, text=True).stdout
            end = time.monotonic()
            for key in list(orphans):
                if f":{key[0]} " not in out:
                    death[key] = (prev, end, time.time() - (end - prev) / 2)
                    orphans.remove(key)
            prev = start
            time.sleep(0.005)

    threading.Thread(target=orphan_watch, daemon=True).start()
    samples = []
    wrong_pid = []
    jiffy = tick()
    calls = 0
    exact = []  # tick-exact samples: (key, point on the wall clock, width, firings)
    wrong_src = []
    fallback = 0
    while len(death) < len(kinds) and time.monotonic() < DEADLINE:
        time.sleep(random.uniform(0.02, 0.4))
        t0 = time.monotonic()
        # Every other sample as nobody: sock_diag needs no privilege.
        who = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        as_root = calls % 2 == 0
        calls += 1
        out = subprocess.run(([] if as_root else who)
                             + [RTOCALC, "sockets", "--format", "json"],
                             capture_output=True, text=True, timeout=10).stdout
        t1 = time.monotonic()
        for s in json.loads(out)["sockets"]:
            # Owners: this process holds every client but the orphans'
            # (root's samples only; nobody cannot read /proc/PID/fd).  Whose
            # sample it was is fixed before its rows add to samples.
            key0 = (int(s["src"].rsplit(":", 1)[1]), int(s["dst"].rsplit(":", 1)[1]))
            if key0 in kinds and as_root:
                want_pid = None if kinds[key0] == "orphan" else os.getpid()
                if s["pid"] != want_pid:
                    wrong_pid.append((kinds[key0], s["pid"], want_pid))
            key = (int(s["src"].rsplit(":", 1)[1]), int(s["dst"].rsplit(":", 1)[1]))
            if key in kinds and s["path"] and s["give_up_in_us"] is not None:
                # nobody cannot read /proc/timer_list; root can, but a
                # dump that spans ticks (among others) leaves the jiffies
                # count unused.
                if s["jiffies"] == "timer_list" and not as_root:
                    wrong_src.append(s["jiffies"])
                fallback += as_root and s["jiffies"] == "unknown"
                # Before the first RTO a tail loss probe may come first:
                # that window is wider by an RTO on purpose.
                if s["jiffies"] == "timer_list" and "tail loss probe" not in s.get("note", ""):
                    width = s["give_up_latest_in_us"] - s["give_up_earliest_in_us"]
                    exact.append((key, wall(s["give_up_at"]), width / 1e6,
                                  s["remaining_range"][1] + 1))
                samples.append((key, s["path"], t0 + s["give_up_earliest_in_us"] / 1e6,
                                t1 + s["give_up_latest_in_us"] / 1e6,
                                s["retransmissions"], s["remaining_range"],
                                s["jiffies"] == "timer_list"))
    # The final count: the most seen, once a sample saw nothing to come.
    final = {}
    for key, _, _, _, done, rng, _ in samples:
        if rng == [0, 0]:
            final[key] = max(final.get(key, 0), done)
    inside = bad_path = counted = count_ok = exact_n = exact_in = 0
    misses = []
    for key, path, lo, hi, done, rng, tick_exact in samples:
        if key in final:
            counted += 1
            count_ok += rng[0] <= final[key] - done <= rng[1]
        want = {"retrans": "retrans", "keepalive": "keepalive", "orphan": "orphan"}[kinds[key]]
        if path != want:
            bad_path += 1
        d = death.get(key)
        # The real give-up lies in [d0, d1], seen by a thread that wakes
        # from recv() after it: allowed 30 ms (seen 12 ms late under a load
        # average of 12 on 2 CPUs).
        exact_n += tick_exact
        if d is not None and lo - 0.001 <= d[1] and d[0] <= hi + WAKE:
            inside += 1
            exact_in += tick_exact
        else:
            misses.append((kinds[key], round(lo, 3), round(hi, 3), d))
    n = len(samples)
    # Tick-exact: each firing to come known to a tick (slip), 1 us of
    # rounding to the microsecond at each end.
    wide = [(kinds[k], round(w, 4), f) for k, _, w, f in exact
            if w > f * jiffy + 2e-6]
    errs = sorted(abs(p - death[k][2]) for k, p, _, _ in exact if k in death)
    median = errs[len(errs) // 2] if errs else None
    ok = (n >= 20 and len(death) == len(kinds) and bad_path == 0
          and inside >= 0.99 * n and counted >= n / 2 and count_ok == counted
          and not wrong_pid and not wide and exact_in >= 0.99 * exact_n
          and not wrong_src)
    print(f"{n} samples of {len(kinds)} sockets, {len(death)} gave up; "
          f"window held the give-up in {inside}/{n}; count to come right in "
          f"{count_ok}/{counted} (sockets whose last count was seen); "
          f"wrong path {bad_path}; wrong pid {wrong_pid[:3]}; "
          f"root: {exact_n} tick-exact windows ({fallback} unknown: the dump "
          f"spanned ticks, or the timer was overdue or before its first "
          f"RTO), held the give-up in {exact_in}/{exact_n}, "
          f"{len(wide)} wider than "
          f"(firings + 1) x {jiffy * 1000:g} ms {wide[:3]}, |point error| "
          f"median {ms(median)} ms, max {ms(errs[-1] if errs else None)} ms; "
          f"wrong jiffies source {wrong_src[:3]}"
          + (f"; misses {misses[:5]}" if misses else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
