#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""rtocalc sockets reads each socket's hidden options from its owner
(run by tests/live/sockopt.sh).

Inside a private network namespace (the caller's unshare -n) whose
sysctls are tcp_retries2 15 and keepalive 1 s / 1 s / 2 probes, a
separate owning process (this file run as "owner") holds two clients of
peers whose sockets drop everything:
  - one retransmitting 100 bytes with TCP_USER_TIMEOUT 3000 ms (and
    TCP_RTO_MAX_MS 5000 ms where the kernel has it: it does not shape a
    3 s give-up, whose RTOs stay below 2 s);
  - one idle with SO_KEEPALIVE, TCP_KEEPIDLE 3 s, TCP_KEEPINTVL 2 s and
    TCP_KEEPCNT 4.
Each one's real give-up is ETIMEDOUT on a blocked recv() in the owner.
rtocalc sockets --format json is sampled in turn as root, as root with
--user-timeout 5s (the value read must win, with a warning), as uid 65534
(nobody), and as nobody with --user-timeout 3s.  Expected:
  - root: both sockets show the options as set, source "socket", none of
    them assumed; each window holds the real give-up (LIVE-SOCKETS.md
    "ut3000": retrans_stamp + 3.0 s, 3.4 s after the first send;
    "ka-sockopt": last receive + 3 + 4 x 2 = 11 s here), tick-exact
    ("jiffies": "timer_list") unless the dump spanned ticks, or the timer
    was overdue or before its first RTO, and the summary counts those;
  - nobody: the same options assumed at the namespace's values, and the
    retransmitting socket's window misses its give-up (predicted at
    tcp_retries2 15, 900 s and more: what assuming wrong costs);
  - nobody with --user-timeout 3s: source "given", and the window holds
    the retransmitting socket's give-up again.
Prints one summary line; exit 0 or 1.
"""
import json
import os
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import record  # noqa: E402

DEADLINE = time.monotonic() + 25  # every wait is bounded
WAKE = 0.030  # how late a woken thread may see the give-up (live.py)
UT_MS, RTO_MAX_MS = 3000, 5000
KA = (3, 2, 4)  # TCP_KEEPIDLE s, TCP_KEEPINTVL s, TCP_KEEPCNT
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def owner():
    """The owning process: report the ports, then each give-up."""
    tcp = socket.IPPROTO_TCP
    ut = [(tcp, socket.TCP_USER_TIMEOUT, UT_MS)]
    probe = socket.socket()
    try:
        probe.setsockopt(tcp, record.TCP_RTO_MAX_MS, RTO_MAX_MS)
        ut.append((tcp, record.TCP_RTO_MAX_MS, RTO_MAX_MS))
        has_rto_max = True
    except OSError:  # ENOPROTOOPT before 6.15
        has_rto_max = False
    probe.close()
    ka = [(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1),
          (tcp, socket.TCP_KEEPIDLE, KA[0]), (tcp, socket.TCP_KEEPINTVL, KA[1]),
          (tcp, socket.TCP_KEEPCNT, KA[2])]
    keep = []
    made = []
    for kind, port, opts in (("retrans", 7001, ut), ("keepalive", 7002, ka)):
        srv, cli, peer = record.pair(socket.AF_INET, "127.0.0.1", port, opts=opts)
        keep += [srv, cli, peer]
        made.append((kind, cli, peer))
    time.sleep(0.3)  # the clients' delayed ACKs first (live.py)
    out = {"pid": os.getpid(), "rto_max": has_rto_max}
    lock = threading.Lock()

    def say(msg):
        with lock:
            print(json.dumps(msg), flush=True)

    def waiter(kind, cli):
        cli.settimeout(max(1, DEADLINE - time.monotonic()))
        try:
            cli.recv(1)
            err = "data"
        except OSError as e:
            err = e.strerror or str(e)
        say({"dead": kind, "at": time.monotonic(), "err": err})

    for kind, cli, peer in made:
        keep.append(record.drop_all(peer))
        out[kind] = cli.getsockname()[1]
    for kind, cli, _ in made:
        if kind == "retrans":
            out["sent"] = time.monotonic()
            cli.send(b"d" * 100)
        threading.Thread(target=waiter, args=(kind, cli), daemon=True).start()
    say(out)
    sys.stdin.read()  # held until the test closes the pipe


def sample(rtocalc, mode):
    """One rtocalc call: (mode, t0, t1, {local port: row}, warnings)."""
    who = NOBODY if mode.startswith("nobody") else []
    extra = {"root+given": ["--user-timeout", "5s"],
             "nobody+given": ["--user-timeout", "3s"]}.get(mode, [])
    t0 = time.monotonic()
    out = subprocess.run(who + [rtocalc, "sockets", "--format", "json"] + extra,
                         capture_output=True, text=True, timeout=10).stdout
    t1 = time.monotonic()
    doc = json.loads(out)
    rows = {int(s["src"].rsplit(":", 1)[1]): s for s in doc["sockets"]}
    return mode, t0, t1, rows, doc["warnings"]


def check_row(mode, kind, row, info, bad):
    """The options of one row as the mode expects them."""
    src, got, assumed = row["sources"], row["settings"], row["assumed"]
    if kind == "retrans":
        want = {"user_timeout_ms": UT_MS}
        if info["rto_max"]:
            want["rto_max_ms"] = RTO_MAX_MS
    else:
        want = {"tcp_keepalive_time_s": KA[0], "tcp_keepalive_intvl_s": KA[1],
                "tcp_keepalive_probes": KA[2], "user_timeout_ms": 0}
    for key, value in want.items():
        if mode.startswith("root"):
            ok = src.get(key) == "socket" and got.get(key) == value and key not in assumed
        elif mode == "nobody+given" and key == "user_timeout_ms":
            ok = src.get(key) == "given" and got.get(key) == 3000 and key not in assumed
        else:
            ok = src.get(key) != "socket" and key in assumed
        if not ok:
            bad.append((mode, kind, key, src.get(key), got.get(key), assumed))


def main():
    rtocalc = sys.argv[1]
    record.sysctl("tcp_retries2", "15")
    record.sysctl("tcp_keepalive_time", "1")
    record.sysctl("tcp_keepalive_intvl", "1")
    record.sysctl("tcp_keepalive_probes", "2")
    own = subprocess.Popen([sys.executable, __file__, "owner"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)
    try:
        return run(rtocalc, own)
    finally:
        own.kill()
        own.wait(timeout=5)


def run(rtocalc, own):
    info = json.loads(own.stdout.readline())
    death = {}

    def reader():
        for line in own.stdout:
            msg = json.loads(line)
            death[msg["dead"]] = (msg["at"], msg["err"])

    threading.Thread(target=reader, daemon=True).start()
    port = {info["retrans"]: "retrans", info["keepalive"]: "keepalive"}
    modes = ["root", "nobody", "root+given", "nobody+given"]
    samples = []
    while len(death) < 2 and time.monotonic() < DEADLINE:
        samples.append(sample(rtocalc, modes[len(samples) % 4]))
        time.sleep(0.1)
    bad, inside, windows, nobody_miss, nobody_ut = [], 0, 0, 0, 0
    warned = exact = 0
    for mode, t0, t1, rows, warnings in samples:
        for p, kind in port.items():
            row = rows.get(p)
            if row is None or row["path"] is None or row["give_up_in_us"] is None:
                continue
            check_row(mode, kind, row, info, bad)
            if mode.startswith("root") and row["pid"] != info["pid"]:
                bad.append((mode, kind, "pid", row["pid"], info["pid"]))
            d = death.get(kind, (None,))[0]
            if d is None:
                continue
            lo = t0 + row["give_up_earliest_in_us"] / 1e6
            hi = t1 + row["give_up_latest_in_us"] / 1e6
            held = lo - 0.001 <= d <= hi + WAKE
            if mode.startswith("root") or (mode == "nobody+given" and kind == "retrans"):
                windows += 1
                inside += held
                exact += row.get("jiffies") == "timer_list"
                if not held:
                    bad.append((mode, kind, "window", round(lo - d, 3), round(hi - d, 3)))
                    print("MISS", mode, kind, round(t0 - d, 3), round(t1 - d, 3), json.dumps(row), file=sys.stderr)
            elif mode == "nobody" and kind == "retrans":
                nobody_ut += 1
                nobody_miss += not held
        if mode == "root+given" and rows.get(info["retrans"]):
            # Both owned sockets read a value other than 5 s (3000, 0).
            n = sum(1 for p in port if rows.get(p))
            text = f"--user-timeout 5s not used for {n} socket{'s' if n > 1 else ''}"
            warned += any(w.startswith(text) for w in warnings)
    given = sum(1 for s in samples if s[0] == "root+given"
                and s[3].get(info["retrans"]))
    ut_after = death.get("retrans", (0,))[0] - info["sent"]
    ok = (len(death) == 2 and all(e == "Connection timed out" for _, e in death.values())
          and not bad and windows >= 4 and inside == windows
          and nobody_ut >= 1 and nobody_miss == nobody_ut and given >= 1 and warned == given)
    print(f"{len(samples)} samples; TCP_USER_TIMEOUT {UT_MS} ms socket gave up "
          f"{ut_after:.3f} s after its first send; windows held {inside}/{windows} "
          f"(root, and nobody given --user-timeout 3s; {exact} tick-exact); nobody's assumed windows "
          f"missed it in {nobody_miss}/{nobody_ut}; read-wins warning in "
          f"{warned}/{given}; TCP_RTO_MAX_MS {'read' if info['rto_max'] else 'absent'}; "
          f"deaths {death}" + (f"; wrong {bad[:4]}" if bad else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["owner"]:
        owner()
    else:
        sys.exit(main())
