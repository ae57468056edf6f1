#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Record a NETLINK_SOCK_DIAG dump of sockets whose peer is dead.

Run as root inside a private network namespace, e.g.
    unshare -n sh -c 'ip link set lo up && python3 tests/live/record.py OUT'
It writes OUT.bin (the raw replies, IPv4 then IPv6, as received) and
OUT.ss (ss -tinoe at the same moment, an independent decoding).  The
namespace's sysctls are set for short timers; the host's are untouched.

Sockets: on 127.0.0.1 and ::1 a client retransmitting 100 bytes to a
server whose socket drops everything (a classic BPF filter returning 0),
an idle keepalive client (TCP_KEEPIDLE 1 s), and an orphan that closed
with data unacknowledged (FIN-WAIT-1, no inode).
"""
import ctypes
import socket
import struct
import subprocess
import sys
import time

SO_ATTACH_FILTER = 26
TCP_RTO_MAX_MS = 44  # include/uapi/linux/tcp.h, Linux 6.15
NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
NLM_F_REQUEST, NLM_F_DUMP = 1, 0x300
INET_DIAG_INFO = 2
NLMSG_DONE = 3


def sysctl(name, value):
    with open(f"/proc/sys/net/ipv4/{name}", "w") as f:
        f.write(f"{value}\n")


def drop_all(s):
    # One BPF instruction: ret #0 (keep nothing).
    insn = (ctypes.c_ubyte * 8).from_buffer_copy(struct.pack("HBBI", 0x06, 0, 0, 0))
    prog = struct.pack("HL", 1, ctypes.addressof(insn))
    s.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, prog)
    return insn


def pair(family, addr, port, keepalive=False, opts=()):
    """A connected client and the server's end; opts are (level, name,
    value) options set on the client before it connects."""
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, port))
    srv.listen(4)
    cli = socket.socket(family, socket.SOCK_STREAM)
    if keepalive:
        cli.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        cli.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
        cli.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    for level, name, value in opts:
        cli.setsockopt(level, name, value)
    cli.connect((addr, port))
    peer, _ = srv.accept()
    for _ in range(4):  # an RTT sample or two
        cli.send(b"x" * 10)
        peer.recv(10)
        peer.send(b"y" * 10)
        cli.recv(10)
    return srv, cli, peer


def listener(family, addr, port, rcvbuf=0):
    """A listening socket; rcvbuf, if given, is inherited by what it accepts."""
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    srv.bind((addr, port))
    srv.listen(16)
    return srv


def connect_to(srv, family, addr, port, sndbuf=0):
    """A client connected to srv and the peer srv accepted, with RTT samples."""
    cli = socket.socket(family, socket.SOCK_STREAM)
    if sndbuf:
        cli.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, sndbuf)
    cli.connect((addr, port))
    peer, _ = srv.accept()
    for _ in range(4):
        peer.send(b"p")
        cli.recv(1)
        cli.send(b"c")
        peer.recv(1)
    return cli, peer


def tcp_info_counts(s):
    """(tcpi_retransmits, tcpi_probes) of a socket of ours."""
    ti = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
    return ti[2], ti[3]


def fill_window(cli, limit=2.0):
    """Write to cli until the peer (which reads nothing) closes its window:
    nothing in flight, data unsent and a send window of 0 (tcpi_unacked,
    tcpi_notsent_bytes, tcpi_snd_wnd; Linux 5.4+), so that the zero-window
    probe timer runs.  A window smaller than a segment is not enough: the
    next probe carries data into it and the retransmit timer takes over
    (tcp_write_wakeup()).  True once closed."""
    cli.setblocking(False)
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            while True:
                cli.send(b"z" * 1000)
        except BlockingIOError:
            pass
        ti = cli.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 232)
        unacked, = struct.unpack_from("I", ti, 24)
        notsent, = struct.unpack_from("I", ti, 144)
        snd_wnd, = struct.unpack_from("I", ti, 228)
        if unacked == 0 and notsent > 0 and snd_wnd == 0:
            return True
        time.sleep(0.005)
    return False


def syn_sent(srv, family, addr, port):
    """A client left in SYN-SENT: srv drops every SYN (keep the filter)."""
    insn = drop_all(srv)
    cli = socket.socket(family, socket.SOCK_STREAM)
    cli.setblocking(False)
    try:
        cli.connect((addr, port))
    except BlockingIOError:
        pass
    return cli, insn


def dump(family):
    nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_SOCK_DIAG)
    req = struct.pack("BBBBI", family, socket.IPPROTO_TCP, 1 << (INET_DIAG_INFO - 1), 0, 0xFFFFFFFF)
    req += bytes(48)  # inet_diag_sockid
    hdr = struct.pack("IHHII", 16 + len(req), SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, family, 0)
    nl.send(hdr + req)
    out = b""
    while True:
        buf = nl.recv(32768)
        out += buf
        off, done = 0, False
        while off + 16 <= len(buf):
            ln, typ = struct.unpack_from("IH", buf, off)
            if typ == NLMSG_DONE:
                done = True
            off += (ln + 3) & ~3
        if done:
            return out


def main(out):
    sysctl("tcp_retries2", "5")
    sysctl("tcp_orphan_retries", "3")
    sysctl("tcp_keepalive_probes", "3")
    keep = []
    for fam, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        srv, cli, peer = pair(fam, addr, 5001)
        keep += [srv, cli, peer, drop_all(peer)]
        cli.send(b"d" * 100)
        srv2, ka, peer2 = pair(fam, addr, 5002, keepalive=True)
        keep += [srv2, ka, peer2, drop_all(peer2)]
        srv3, orph, peer3 = pair(fam, addr, 5003)
        keep += [srv3, peer3, drop_all(peer3)]
        orph.send(b"o" * 100)
        orph.close()
    time.sleep(1.5)
    raw = dump(socket.AF_INET) + dump(socket.AF_INET6)
    ss = subprocess.run(["ss", "-tinoe"], capture_output=True, text=True).stdout
    with open(out + ".bin", "wb") as f:
        f.write(raw)
    with open(out + ".ss", "w") as f:
        f.write(ss)


if __name__ == "__main__":
    main(sys.argv[1])
