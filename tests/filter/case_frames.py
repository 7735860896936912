#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The shared allow/deny table (cases.txt) on real interfaces.

  case_frames.py list TABLE              one line per step: "grant A B",
                                         "revoke A" or "case N FROM TO EXPECTED"
  case_frames.py send TABLE N IFACE      sends case N's frame out of IFACE
  case_frames.py capture IFACE LOG       appends the case number of every frame
                                         IFACE receives to LOG, until killed

Frames carry "vgcase-N" as payload, so a capture tells which case arrived.
The identities are written out again (as the DPDK test's harness does),
not taken from the policy under test."""
import socket
import struct
import sys

MAC = {"alpha": "52:54:00:00:00:0a", "beta": "52:54:00:00:00:0b",
       "gamma": "52:54:00:00:00:0c"}
IPV4 = {"alpha": "10.0.0.10", "beta": "10.0.0.11", "gamma": "10.0.0.12"}
SPOOF_MAC = "52:54:00:00:00:99"
SPOOF_IP = "10.0.0.99"
ICMP_ID = 0x1234
TCP_SYN, TCP_ACK = 0x02, 0x10


def steps(path):
    """(kind, fields) per step of the table, cases numbered from 1."""
    n = 0
    for line in open(path):
        f = line.split()
        if not f or f[0].startswith("#"):
            continue
        if f[0] in ("grant", "revoke"):
            yield f[0], f[1:]
        else:
            n += 1
            yield "case", [str(n)] + f[:5] + [" ".join(f[5:])]


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def frame(n, src, dst, proto, port):
    spoof = src.partition("!")[2]
    src = src.partition("!")[0]
    smac = SPOOF_MAC if spoof == "mac" else MAC[src]
    sip = SPOOF_IP if spoof == "ip" else IPV4[src]
    dip = IPV4[dst]
    sport, _, dport = port.rpartition(":")
    sport, dport = int(sport or 40000), int(dport)
    payload = b"vgcase-%d." % n
    pseudo = lambda l4, p: socket.inet_aton(sip) + socket.inet_aton(dip) + struct.pack("!BBH", 0, p, len(l4))
    if proto in ("tcp", "tcp-synack"):
        # The DPDK test's numbers: SYN seq 1000; the SYN-ACK acknowledges it.
        flags, seq, ack = (TCP_SYN, 1000, 0) if proto == "tcp" else (TCP_SYN | TCP_ACK, 5000, 1001)
        l4 = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload
        l4 = l4[:16] + struct.pack("!H", csum(pseudo(l4, 6) + l4)) + l4[18:]
        ipproto = 6
    elif proto == "udp":
        l4 = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
        l4 = l4[:6] + struct.pack("!H", csum(pseudo(l4, 17) + l4) or 0xFFFF) + l4[8:]
        ipproto = 17
    elif proto == "icmp":
        l4 = struct.pack("!BBHHH", dport, 0, 0, ICMP_ID, 1) + payload
        l4 = l4[:2] + struct.pack("!H", csum(l4)) + l4[4:]
        ipproto = 1
    else:
        raise SystemExit("unknown protocol '%s'" % proto)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), n, 0, 64, ipproto, 0,
                     socket.inet_aton(sip), socket.inet_aton(dip))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    mac = lambda m: bytes(int(x, 16) for x in m.split(":"))
    eth = mac(MAC[dst]) + mac(smac) + struct.pack("!H", 0x0800)
    f = eth + ip + l4
    return f + b"\0" * max(0, 60 - len(f))


def main():
    cmd = sys.argv[1]
    if cmd == "list":
        for kind, f in steps(sys.argv[2]):
            print(kind, *(f if kind != "case" else [f[0], f[1], f[2], f[5], f[6]]))
    elif cmd == "send":
        n = int(sys.argv[3])
        for kind, f in steps(sys.argv[2]):
            if kind == "case" and int(f[0]) == n:
                s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
                s.bind((sys.argv[4], 0))
                s.send(frame(n, f[1], f[2], f[3], f[4]))
                return
        raise SystemExit("no case %d" % n)
    elif cmd == "capture":
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        s.bind((sys.argv[2], 0))
        with open(sys.argv[3], "a", buffering=1) as log:
            print("ready", file=log)
            while True:
                data = s.recv(2048)
                i = data.find(b"vgcase-")
                if i >= 0:
                    print(data[i + 7:].split(b".")[0].decode(), file=log)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
