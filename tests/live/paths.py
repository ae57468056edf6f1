#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""rtocalc sockets on the paths tests/live/live.py leaves out (run by
tests/live/paths.sh), in a private network namespace (the caller's
unshare -n; lo is brought up here), over IPv4 and IPv6, with short budgets in the namespace's own
sysctls:

probe0     a client whose peer stopped reading (its window closed) and
           then went deaf: zero-window probes until tcp_retries2 (4) ends
           them with ETIMEDOUT (KERNEL.md 7.1, tcp_probe_timer()).
fin_wait2  an orphan in FIN-WAIT-2 (the peer ACKed its FIN and never sends
           one) under tcp_fin_timeout 3: it leaves the sock_diag dump
           (KERNEL.md 5.2; polled every 5 ms as live.py polls orphans).  A
           FIN-WAIT-2 socket still owned (shutdown(SHUT_WR), no close) has
           no timer: listed with --all, with its note and no countdown.
user_timeout  a retransmitting client with TCP_USER_TIMEOUT 3000 ms: gives
           up at retrans_stamp + 3.0 s (LIVE-SOCKETS.md, ut3000).  Sampled
           with --user-timeout 3s it is predicted; sampled without it the
           user timeout is listed as assumed (the default, 0), unless
           rtocalc read the 3000 ms from the owner's socket.
handshake  a client in SYN-SENT (its peer drops SYNs): listed with the
           note that handshake timers are not predicted, no countdown.

Sockets are opened in rounds a few seconds apart so that the samples,
taken at random moments (every other one as uid 65534, nobody), meet each
path at every stage.  Per path: each sample's window, widened by the time
the rtocalc call took, must hold the real give-up in at least 99 % of
samples, and the count still to come must be right: the count the kernel
itself holds at the give-up (tcp_info read by the owner after ETIMEDOUT;
none for FIN-WAIT-2, which sends nothing more).  One summary line per
path; exit 0 or 1.
"""
import collections
import errno
import json
import random
import shutil
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import record  # noqa: E402

RTOCALC = sys.argv[1]
DEADLINE = time.monotonic() + 36  # every wait is bounded
WAKE = 0.030  # how late a woken thread may see the give-up (live.py)
# New sockets every 2 s until each path has been sampled WANT times, for
# at least 8 s and at most 24 s (fewer samples when the machine is busy).
STAGGER, ROUNDS_MIN, ROUNDS_MAX, WANT = 2.0, 8, 24, 60
RETRIES2, FIN_TIMEOUT, UT_MS = 4, 3, 3000
PORT = {"probe0": 7101, "fin_wait2": 7102, "user_timeout": 7103,
        "handshake": 7104}
FAMILIES = ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1"))
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def name(sock):
    """A socket's local address as rtocalc writes it."""
    host, port = sock.getsockname()[:2]
    return f"[{host}]:{port}" if sock.family == socket.AF_INET6 else f"{host}:{port}"


class Run:
    """Everything the threads share, under one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.kind = {}      # client address -> path
        self.death = {}     # client address -> (earliest, latest) monotonic
        self.final = {}     # client address -> kernel count at the give-up
        self.errno = {}     # client address -> errno of the give-up
        self.orphans = {}   # client address -> seen in FIN-WAIT-2 yet
        self.owned = set()  # FIN-WAIT-2 sockets still owned
        self.syn = set()    # SYN-SENT clients
        self.keep = []      # sockets and filters kept alive
        self.rounds = 0     # rounds of sockets opened
        self.seen = collections.Counter()  # samples per path so far
        self.opened = threading.Event()  # set after the last round


def waiter(run, cli, key, path):
    # ETIMEDOUT on a blocked recv() is the give-up; the kernel's own count
    # (icsk_retransmits or icsk_probes_out) is still in tcp_info then.
    cli.settimeout(max(1, DEADLINE - time.monotonic()))
    err = None
    try:
        cli.recv(1)
    except OSError as e:
        err = e.errno
    now = time.monotonic()
    retrans, probes = record.tcp_info_counts(cli)
    with run.lock:
        run.death[key] = (now, now)
        run.errno[key] = err
        run.final[key] = probes if path == "probe0" else retrans


def round_of_sockets(run, srv):
    """One client per family on each timed path."""
    made = []
    for fam, addr in FAMILIES:
        cli, peer = record.connect_to(srv[fam, "probe0"], fam, addr,
                                      PORT["probe0"], sndbuf=4096)
        made.append(("probe0", cli, peer))
        cli, peer = record.connect_to(srv[fam, "user_timeout"], fam, addr,
                                      PORT["user_timeout"])
        cli.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, UT_MS)
        made.append(("user_timeout", cli, peer))
        cli, peer = record.connect_to(srv[fam, "fin_wait2"], fam, addr,
                                      PORT["fin_wait2"])
        made.append(("fin_wait2", cli, peer))
    # The clients' delayed ACKs of the peers' last data arrive before the
    # peers go deaf (live.py).
    time.sleep(0.3)
    for path, cli, peer in made:
        key = name(cli)
        run.keep.append(peer)
        if path == "fin_wait2":
            # The peer stays alive: it ACKs the FIN and never closes.
            with run.lock:
                run.orphans[key] = False
                run.kind[key] = path
            cli.close()
            continue
        run.keep.append(cli)
        if path == "probe0" and not record.fill_window(cli):
            continue  # never tracked: the summary counts it missing
        run.keep.append(record.drop_all(peer))
        if path == "user_timeout":
            cli.send(b"d" * 100)
        with run.lock:
            run.kind[key] = path
        threading.Thread(target=waiter, args=(run, cli, key, path),
                         daemon=True).start()


def orphan_watch(run):
    # Gone from a dump taken in [start, end] and present in the one that
    # started at prev: it left the hash between prev and end (live.py).
    prev = time.monotonic()
    while time.monotonic() < DEADLINE:
        start = time.monotonic()
        out = subprocess.run(["ss", "-tnH", "state", "fin-wait-2"],
                             capture_output=True, text=True).stdout
        end = time.monotonic()
        with run.lock:
            for key, seen in list(run.orphans.items()):
                here = f"{key} " in out
                if here and not seen:
                    run.orphans[key] = True
                elif seen and not here:
                    run.death[key] = (prev, end)
                    run.final[key] = 0
                    del run.orphans[key]
            if not run.orphans and run.opened.is_set():
                return
        prev = start
        time.sleep(0.005)


def rtocalc(args, nobody):
    t0 = time.monotonic()
    out = subprocess.run((NOBODY if nobody else []) + [RTOCALC, "sockets",
                                                       "--format", "json"]
                         + args, capture_output=True, text=True,
                         timeout=10).stdout
    return t0, time.monotonic(), json.loads(out)["sockets"]


# One socket in one sample: its path (as the test made it), its address,
# when the rtocalc call ran, the JSON row, whether the user timeout was
# given and whether uid 65534 sampled it.
Row = collections.namedtuple("Row", "path key t0 t1 s given nobody")


def sampling(run):
    """Samples until every tracked socket gave up."""
    rows, moment = [], 0
    while time.monotonic() < DEADLINE:
        with run.lock:
            if run.opened.is_set() and len(run.death) == len(run.kind):
                break
        time.sleep(random.uniform(0.01, 0.15))
        # The default listing (the user timeout not given), then the
        # user-timeout clients with it given, then every other moment each
        # FIN-WAIT-2 socket, owned ones too.
        calls = [([], False),
                 (["--user-timeout", f"{UT_MS // 1000}s",
                   "--dport", str(PORT["user_timeout"])], True)]
        if moment % 6 in (0, 3):
            calls.append((["--all", "--state", "fin-wait-2"], False))
        for i, (args, given) in enumerate(calls):
            nobody = (moment + i) % 2 == 1
            # Only sockets already dead-peered when the call starts: a
            # client's state before its peer went deaf is no sample.
            with run.lock:
                kind = dict(run.kind)
            t0, t1, socks = rtocalc(args, nobody)
            for s in socks:
                path = (kind.get(s["src"])
                        or ("owned" if s["src"] in run.owned else None)
                        or ("handshake" if s["src"] in run.syn else None))
                if path:
                    rows.append(Row(path, s["src"], t0, t1, s, given, nobody))
                    with run.lock:
                        run.seen[path, given] += 1
        moment += 1
    return rows


def judge(run, rows, path, given):
    """One path's summary line and whether it passed."""
    mine = [r for r in rows if r.path == path and r.given == given]
    keys = [k for k, p in run.kind.items() if p == path]
    if path == "fin_wait2":
        # Before the peer's ACK of its FIN it is a FIN-WAIT-1 orphan.
        mine = [r for r in mine if r.s["state"] == "FIN-WAIT-2"]
    want = "retrans" if path == "user_timeout" else path
    inside = count_ok = 0
    wrong = []
    misses, errors, count_misses = [], [], []
    for r in mine:
        s = r.s
        if (s["path"] != want or s["give_up_in_us"] is None
                or (given and (s["reason"] != "TCP_USER_TIMEOUT"
                               or "user_timeout_ms" in s["assumed"]))):
            wrong.append((s["path"], s["state"], s.get("reason"),
                          s.get("note")))
            continue
        lo = r.t0 + s["give_up_earliest_in_us"] / 1e6
        hi = r.t1 + s["give_up_latest_in_us"] / 1e6
        d = run.death.get(r.key)
        # The real give-up lies in [d0, d1] (live.py's rule).
        if d is not None and lo - 0.001 <= d[1] and d[0] <= hi + WAKE:
            inside += 1
        else:
            misses.append((r.key, round(lo, 3), round(hi, 3),
                           d and round(d[1], 3)))
        if d is not None:
            errors.append(r.t0 + s["give_up_in_us"] / 1e6 - d[1])
        fin = run.final.get(r.key)
        rng = s["remaining_range"]
        if fin is not None and rng[0] <= fin - s["retransmissions"] <= rng[1]:
            count_ok += 1
        elif fin is not None:
            count_misses.append(("nobody" if r.nobody else "root",
                                 s.get("jiffies"), s["retransmissions"], rng,
                                 fin, round(s["give_up_in_us"] / 1e6, 3)))
    n = len(mine)
    gone = [k for k in keys if k in run.death]
    bad_errno = [run.errno[k] for k in gone
                 if path != "fin_wait2" and run.errno[k] != errno.ETIMEDOUT]
    errors.sort()
    med = errors[len(errors) // 2] * 1000 if errors else float("nan")
    ok = (n >= 20 and len(keys) == 2 * run.rounds and len(gone) == len(keys)
          and not bad_errno and not wrong and inside >= 0.99 * n
          and count_ok == n)
    label = path + (" (given)" if given else "")
    print(f"{label}: {n} samples ({sum(r.nobody for r in mine)} as nobody) "
          f"of {len(keys)} sockets, {len(gone)} gave up"
          + (f" (errno {bad_errno})" if bad_errno else "")
          + f"; window held the give-up in {inside}/{n}; count to come right "
          f"in {count_ok}/{n}; wrong path or reason {len(wrong)}; point estimate "
          f"median {med:+.0f} ms" + (f"; misses {misses[:4]}" if misses else "")
          + (f"; wrong {wrong[:3]}" if wrong else "")
          + (f"; count misses (who, jiffies, so far, range, final, in s) "
             f"{count_misses[:4]}" if count_misses else ""))
    return ok


def judge_assumed(rows):
    """The user-timeout clients sampled without --user-timeout: either the
    default (0), named as assumed, or (where rtocalc reads the owner's
    socket options) the 3000 ms the client set, not assumed."""
    mine = [r for r in rows if r.path == "user_timeout" and not r.given]
    assumed = sum(r.s["path"] == "retrans"
                  and "user_timeout_ms" in r.s["assumed"]
                  and r.s["settings"].get("user_timeout_ms") == 0
                  for r in mine)
    read = sum(r.s["path"] == "retrans"
               and "user_timeout_ms" not in r.s["assumed"]
               and r.s["settings"].get("user_timeout_ms") == UT_MS
               for r in mine)
    print(f"user_timeout (not given): {len(mine)} samples "
          f"({sum(r.nobody for r in mine)} as nobody); user_timeout_ms 0 and "
          f"listed as assumed in {assumed}, {UT_MS} read from the socket in "
          f"{read}, of {len(mine)}")
    return len(mine) >= 20 and assumed + read == len(mine)


def judge_noted(rows, path, label, words):
    """Sockets listed with a note and no prediction."""
    mine = [r for r in rows if r.path == path]
    ok = sum(r.s["path"] is None and words in r.s.get("note", "")
             and "give_up_in_us" not in r.s and "remaining" not in r.s
             for r in mine)
    print(f"{label}: {len(mine)} samples ({sum(r.nobody for r in mine)} as "
          f"nobody); listed with the note '{words}' and no countdown in "
          f"{ok}/{len(mine)}")
    return len(mine) >= 4 and ok == len(mine)


def main():
    for tool in ("ip", "ss", "setpriv"):
        if not shutil.which(tool):
            print(f"SKIP: no {tool}")
            return 77
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    record.sysctl("tcp_retries2", str(RETRIES2))
    record.sysctl("tcp_fin_timeout", str(FIN_TIMEOUT))
    run = Run()
    srv = {}
    for fam, addr in FAMILIES:
        for path, port in PORT.items():
            # The probe0 peers' small receive buffer closes their window.
            srv[fam, path] = record.listener(fam, addr, port,
                                             4096 if path == "probe0" else 0)
        cli, peer = record.connect_to(srv[fam, "fin_wait2"], fam, addr,
                                      PORT["fin_wait2"])
        cli.shutdown(socket.SHUT_WR)
        run.keep += [cli, peer]
        run.owned.add(name(cli))
        cli, insn = record.syn_sent(srv[fam, "handshake"], fam, addr,
                                    PORT["handshake"])
        run.keep += [cli, insn]
        run.syn.add(name(cli))

    def rounds():
        start = time.monotonic()
        while time.monotonic() < start + ROUNDS_MAX:
            with run.lock:
                enough = min(run.seen[p] for p in (
                    ("probe0", False), ("fin_wait2", False),
                    ("user_timeout", True), ("user_timeout", False)))
            if enough >= WANT and time.monotonic() >= start + ROUNDS_MIN:
                break
            round_of_sockets(run, srv)
            with run.lock:
                run.rounds += 1
            time.sleep(max(0, STAGGER - 0.3))
        run.opened.set()

    threading.Thread(target=rounds, daemon=True).start()
    threading.Thread(target=orphan_watch, args=(run,), daemon=True).start()
    rows = sampling(run)
    with run.lock:
        ok = [judge(run, rows, "probe0", False),
              judge(run, rows, "fin_wait2", False),
              judge_noted(rows, "owned", "fin_wait2 (owned)",
                          "FIN-WAIT-2 with an owner"),
              judge(run, rows, "user_timeout", True),
              judge_assumed(rows),
              judge_noted(rows, "handshake", "handshake",
                          "handshake timers are not predicted")]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
