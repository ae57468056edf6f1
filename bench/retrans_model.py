#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The plain-Python baseline for `make bench`.

A deliberately straightforward reimplementation of rtocalc's established
connection ("retrans") model: the tail loss probe, the RTO retransmissions
of tcp_retransmit_timer() and the give-up test of retransmits_timed_out(),
walked firing by firing as src/model/rtx.c does, in standard-library Python
with no closed forms and no shortcuts: "the quick Python loop people would
write", against which the C tool is timed.  Its rows must equal, byte for
byte, those of `rtocalc sweep --retries2 ... --rtt ... --format csv`.

Sweeps are retries2 (outer) x rtt (inner), every other setting at the tool's
defaults (Linux 6.18, rto_min 200 ms, rto_max 120 s, no TCP_USER_TIMEOUT, not
thin, cubic).  --hz picks CONFIG_HZ, --no-tlp turns the tail loss probe off,
--stride K keeps every K-th rtt value (to time a subsample of the grid) and
--no-header drops the header line.
"""
import argparse
import math
import re
import sys

RTO_NONE = -(1 << 63)      # INT64_MIN in the C code: an empty CSV field
INT64_MAX, INT_MAX, U32 = (1 << 63) - 1, (1 << 31) - 1, 0xFFFFFFFF
MAX_FIRINGS = 1 << 22      # rtx.c's safety bound on firings

LATE_NONE, LATE_TYPICAL, LATE_MAX = 0, 1, 2   # enum rto_lateness

RTO_MIN_US = 200 * 1000          # tcp_rto_min_us default (TCP_RTO_MIN)
RTO_MAX_MS = 120 * 1000          # tcp_rto_max_ms default (TCP_RTO_MAX)
TCP_RTO_MIN_MS = 200             # the constant base of tcp_model_timeout()


# ---- Jiffies (include/linux/jiffies.h, kernel/time/time.c; jiffies.c) ----

def div_round_up_scaled(v, num, den):
    """ceil(v * num / den), as jiffies.c computes it."""
    return v // den * num + (v % den * num + den - 1) // den


def us_to_jiffies(us, hz):
    """usecs_to_jiffies(): rounds up, a timer is never early."""
    return 0 if us <= 0 else div_round_up_scaled(us, hz, 1000000)


def ms_to_jiffies(ms, hz):
    """msecs_to_jiffies(): rounds up."""
    return 0 if ms <= 0 else div_round_up_scaled(ms, hz, 1000)


def jiffies_to_ms(j, hz):
    """jiffies_to_msecs(): exact when HZ divides 1000, else rounds up."""
    if 1000 % hz == 0:
        return j * (1000 // hz)
    return div_round_up_scaled(j, 1000, hz)


def jiffies_to_us(j, hz):
    """jiffies_to_usecs(): truncates."""
    if 1000000 % hz == 0:
        return j * (1000000 // hz)
    return j // hz * 1000000 + j % hz * 1000000 // hz


def wheel_granularity(delay, hz):
    """kernel/time/timer.c: level n of the wheel starts at 63 << 3n
    jiffies and has a granularity of 8^n jiffies (9 levels, 8 at HZ 100)."""
    depth = 9 if hz > 100 else 8
    level = 0
    while level < depth - 1 and delay >= 63 << (3 * level):
        level += 1
    return 1 << (3 * level)


class Clock:
    """The model's time unit, "ticks": lcm(2 * HZ, 10^6) per second, so a
    jiffy, half a jiffy, a ms and a us are all whole numbers of ticks."""

    def __init__(self, hz):
        self.hz = hz
        self.tps = 1000000 if 1000000 % (2 * hz) == 0 else 3000000
        self.tpj = self.tps // hz
        self.tpms = self.tps // 1000
        self.tpus = self.tps // 1000000

    def ticks_to_us(self, ticks):
        return ticks // self.tpus      # ticks are never negative here

    def ticks_to_ms(self, ticks):
        return ticks // self.tpms

    def late_ticks(self, delay, late):
        """rto_late_ticks(): how late a timer armed for `delay` jiffies
        fires: nominal 0, typical half a granularity, latest a whole one."""
        if late == LATE_NONE:
            return 0
        gran = wheel_granularity(delay, self.hz) * self.tpj
        return gran // 2 if late == LATE_TYPICAL else gran

    def timer_ticks(self, j, late):
        """A timer armed for j jiffies, as elapsed ticks when it fires."""
        return j * self.tpj + self.late_ticks(j, late)


# ---- The estimator and the budget (estimator.c, retrans.c) ----

def rto_min_jiffies(hz):
    """icsk_rto_min = usecs_to_jiffies(sysctl_tcp_rto_min_us), at least 1."""
    return us_to_jiffies(RTO_MIN_US, hz) or 1


def rto_max_jiffies(hz):
    """icsk_rto_max = msecs_to_jiffies(sysctl_tcp_rto_max_ms)."""
    return ms_to_jiffies(RTO_MAX_MS, hz)


def initial_rto(rtt_us, hz):
    """tcp_rtt_estimator() on the first sample m (srtt_us = 8m, mdev_us =
    2m, rttvar_us = max(mdev_us, tcp_rto_min_us())), then __tcp_set_rto()
    = usecs_to_jiffies(srtt_us / 8 + rttvar_us) and tcp_bound_rto()."""
    floor_us = jiffies_to_us(rto_min_jiffies(hz), hz)
    rttvar = max(2 * rtt_us, floor_us)
    rto = min(us_to_jiffies(rtt_us + rttvar, hz), rto_max_jiffies(hz))
    return rto or 1


def tlp_timeout(rtt_us, hz, r0):
    """tcp_schedule_loss_probe() with one segment in flight: PTO =
    usecs_to_jiffies(2 * SRTT + tcp_rto_min_us()), never after the RTO."""
    floor_us = jiffies_to_us(rto_min_jiffies(hz), hz)
    return min(us_to_jiffies(2 * rtt_us + floor_us, hz), r0)


def model_timeout_ms(boundary, base_ms, hz):
    """tcp_model_timeout(): unsigned 32-bit jiffies arithmetic, then
    jiffies_to_msecs() truncated to an unsigned int."""
    base = (ms_to_jiffies(base_ms, hz) & U32) or 1
    rmax = rto_max_jiffies(hz) & U32
    thresh = (rmax // base or 1).bit_length() - 1        # ilog2()
    if boundary <= thresh:
        j = ((2 << boundary) - 1) * base & U32
    else:
        j = (((2 << thresh) - 1) * base + (boundary - thresh) * rmax) & U32
    return jiffies_to_ms(j, hz) & U32


def timed_out(clk, now, stamp, limit_ms):
    """retransmits_timed_out() since 4.20: (s32)(now - start_ts - timeout)
    >= 0 on the millisecond TCP clock, i.e. the sign bit of the unsigned
    32-bit difference is clear."""
    now_ms = clk.ticks_to_ms(now) & U32
    stamp_ms = clk.ticks_to_ms(stamp) & U32
    return ((now_ms - stamp_ms - limit_ms) & 0x80000000) == 0


def backoff(rto, rto_max):
    """tcp_retransmit_timer(), out_reset_timer: icsk_rto doubles, capped at
    rto_max (the not-thin, established case)."""
    return min(rto * 2, rto_max)


# ---- The simulation (rtx.c run(), window(), rtx_simulate()) ----

def run(clk, r0, pto, rto_max, limit_ms, late):
    """One dying socket with every timer `late`: returns (death in ticks or
    -1, retransmissions).  The TLP fires after pto jiffies, tcp_rearm_rto()
    then arms a full RTO, and each tcp_retransmit_timer() firing first asks
    tcp_write_timeout() whether to give up, then retransmits and backs off."""
    now = clk.timer_ticks(pto, late) if pto else 0
    now += clk.timer_ticks(r0, late)
    stamp = -1                 # retrans_stamp, not yet taken
    rto, retransmits, n = r0, 0, 0     # icsk_retransmits is a u8
    for _ in range(MAX_FIRINGS):
        # tcp_write_timeout(): the time budget, tested only while the u8
        # counter is non-zero (after 256 retransmissions it wraps to 0 and
        # that one firing skips the test).
        if retransmits and timed_out(clk, now, max(stamp, 0), limit_ms):
            return now, n
        # tcp_update_rto_stats() counts, tcp_retransmit_skb() takes
        # retrans_stamp on the first retransmission.
        retransmits, n = (retransmits + 1) & 0xFF, n + 1
        if stamp < 0:
            stamp = now
        rto = backoff(rto, rto_max)
        timer = min(rto, rto_max)   # the arming helper's rto_max cap
        now += clk.timer_ticks(timer, late)
    return -1, n


def window(clk, r0, pto, rto_max, limit_ms):
    """The give-up window over every lateness the wheel allows (each timer
    between 0 and one granularity late): elapsed time since the stamp is
    tracked as an interval [a, b] over the runs still alive.  Returns
    (earliest us, latest us, min retransmissions, max retransmissions)."""
    # limit_ticks(): a signed comparison with a budget of 2^31 ms or more
    # times out at once.
    limit = 0 if limit_ms >= 0x80000000 else limit_ms * clk.tpms
    earliest, latest, cmin, cmax = INT64_MAX, -INT64_MAX - 1, INT_MAX, -1
    # The stamp is the first retransmission: the TLP and the first RTO lie
    # before it and only shift everything.
    f_lo = clk.timer_ticks(pto, LATE_NONE) if pto else 0
    f_hi = clk.timer_ticks(pto, LATE_MAX) if pto else 0
    f_lo += clk.timer_ticks(r0, LATE_NONE)
    f_hi += clk.timer_ticks(r0, LATE_MAX)
    retransmits, n, rto = 1, 1, backoff(r0, rto_max)
    a = b = 0
    for _ in range(MAX_FIRINGS):
        # step(): the next firing lies in [a + rto, b + rto + granularity].
        d = rto * clk.tpj
        lo = a + d
        hi = b + d + clk.late_ticks(rto, LATE_MAX)
        timed = retransmits != 0
        can_die = timed and hi >= limit
        can_live = not timed or lo < limit
        if can_die:            # rto_window_add()
            earliest = min(earliest, f_lo + (lo if lo >= limit else limit))
            latest = max(latest, f_hi + hi)
            cmin, cmax = min(cmin, n), max(cmax, n)
        if not can_live:
            break
        a = lo
        # Timers fire on jiffy ticks: a socket still alive has at most the
        # last whole jiffy before the budget behind it.
        b = (limit - 1) // clk.tpj * clk.tpj if can_die else hi
        retransmits, n = (retransmits + 1) & 0xFF, n + 1
        rto = backoff(rto, rto_max)
    if cmax < 0:               # rto_window_store(): no firing can end it
        return RTO_NONE, RTO_NONE, 0, 0
    return clk.ticks_to_us(earliest), clk.ticks_to_us(latest), cmin, cmax


def retrans(rtt_us, retries2, hz, tlp):
    """rto_retrans() + rtx_simulate(): the summary columns of one row,
    (budget, retx, retx typical, retx min, retx max, give-up nominal,
    typical, earliest, latest), in microseconds or RTO_NONE."""
    clk = Clock(hz)
    r0 = initial_rto(rtt_us, hz)
    pto = tlp_timeout(rtt_us, hz, r0) if tlp else 0
    rto_max = rto_max_jiffies(hz)
    # retransmits_timed_out(): the model always starts from the constant
    # TCP_RTO_MIN (200 ms), whatever the socket's rto_min.
    limit_ms = model_timeout_ms(retries2, TCP_RTO_MIN_MS, hz)
    budget_us = limit_ms * 1000

    nom_death, nom_retx = run(clk, r0, pto, rto_max, limit_ms, LATE_NONE)
    typ_death, typ_retx = run(clk, r0, pto, rto_max, limit_ms, LATE_TYPICAL)
    w_early, w_late, w_min, w_max = window(clk, r0, pto, rto_max, limit_ms)

    if nom_death < 0:          # nothing ends it
        return (budget_us, nom_retx, nom_retx, nom_retx, nom_retx,
                RTO_NONE, RTO_NONE, RTO_NONE, RTO_NONE)
    give_up = clk.ticks_to_us(nom_death)
    give_up_typ = clk.ticks_to_us(typ_death)
    # The interval walk works on ticks while the kernel compares whole ms:
    # keep the two runs that really happen inside it (from the nominal run
    # should the walk have found no firing that can end it).
    if w_early == RTO_NONE:
        w_early = w_late = give_up
        w_min = w_max = nom_retx
    earliest = min(w_early, give_up, give_up_typ)
    latest = max(w_late, give_up, give_up_typ)
    rmin = min(w_min, nom_retx, typ_retx)
    rmax = max(w_max, nom_retx, typ_retx)
    return (budget_us, nom_retx, typ_retx, rmin, rmax,
            give_up, give_up_typ, earliest, latest)


# ---- The sweep (src/cli/sweep.c dim_value(), row_csv()) ----

UNITS = {"us": 1, "ms": 1000, "s": 1000000, "m": 60000000,
         "h": 3600000000, "d": 86400000000}


def parse_duration(text):
    """A single-part duration in us: "100us", "1.5ms", "1s"; bare = ms."""
    m = re.fullmatch(r"(\d+)(?:\.(\d+))?(us|ms|s|m|h|d)?", text)
    if not m:
        raise argparse.ArgumentTypeError(f"bad duration {text!r}")
    unit = UNITS[m.group(3) or "ms"]
    frac = m.group(2) or ""
    scaled = int(m.group(1) + frac) * unit
    if scaled % 10 ** len(frac):
        raise argparse.ArgumentTypeError(f"{text!r} is not whole us")
    return scaled // 10 ** len(frac)


def llround(v):
    """C llround() for v >= 0: halves round away from zero."""
    f = math.floor(v)
    return f + 1 if v - f >= 0.5 else f


def retries2_values(text):
    """(text, value) pairs: "A..B" prints "%d", a list prints as given."""
    if ".." in text:
        lo, hi = text.split("..")
        return [(str(v), v) for v in range(int(lo), int(hi) + 1)]
    return [(s, int(s)) for s in text.split(",")]


def rtt_values(text, stride):
    """(text, us) pairs of "A..B:N" (A * (B/A)^(i/(N-1)) to the nearest
    us, the last exactly B) or of a list, every stride-th one."""
    if ".." in text:
        lo, rest = text.split("..")
        hi, n = rest.split(":")
        a, b, n = parse_duration(lo), parse_duration(hi), int(n)
        out = []
        for i in range(0, n, stride):
            v = b if i == n - 1 else llround(a * (b / a) ** (i / (n - 1)))
            out.append((f"{v}us", v))
        return out
    return [(s, parse_duration(s)) for s in text.split(",")[::stride]]


def field(v):
    return "" if v == RTO_NONE else str(v)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", nargs="?", default="sweep",
                    choices=["sweep"], help="accepted for symmetry")
    ap.add_argument("--retries2", default="15")
    ap.add_argument("--rtt", default="100us")
    ap.add_argument("--hz", type=int, default=1000,
                    choices=[100, 250, 300, 1000])
    ap.add_argument("--tlp", dest="tlp", action="store_true", default=True)
    ap.add_argument("--no-tlp", dest="tlp", action="store_false")
    ap.add_argument("--stride", type=int, default=1)
    ap.add_argument("--no-header", action="store_true")
    ap.add_argument("--format", default="csv", choices=["csv"])
    args = ap.parse_args(argv)
    if args.stride < 1:
        ap.error("--stride must be at least 1")

    rtts = rtt_values(args.rtt, args.stride)
    out = sys.stdout
    if not args.no_header:
        out.write("retries2,rtt,budget_us,retransmissions,"
                  "retransmissions_typical,retransmissions_min,"
                  "retransmissions_max,give_up_us,give_up_typical_us,"
                  "give_up_earliest_us,give_up_latest_us\r\n")
    for r2_text, retries2 in retries2_values(args.retries2):
        rows = []
        for rtt_text, rtt_us in rtts:
            cols = retrans(rtt_us, retries2, args.hz, args.tlp)
            rows.append(f"{r2_text},{rtt_text},"
                        + ",".join(field(v) for v in cols) + "\r\n")
        out.write("".join(rows))
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
