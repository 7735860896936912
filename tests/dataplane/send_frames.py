#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Sends crafted malformed (or unsolicited) frames out of IFACE (AF_PACKET),
from SRC_MAC / SRC_IP to DST_MAC / DST_IP, one per kind named on the command
line, and prints nothing. The dataplane must drop each with the reason
named in frames() below."""
import socket
import struct
import sys

def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF

def ipv4(src, dst, payload, proto=6, ihl=5, total=None, frag=0, fix_csum=True, options=b""):
    total = 20 + len(options) + len(payload) if total is None else total
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total, 1, frag, 64, proto, 0,
                      socket.inet_aton(src), socket.inet_aton(dst)) + options
    if fix_csum:
        hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload

def tcp(sport=40000, dport=5432, off=5, flags=0x02, ack=0):
    return struct.pack("!HHIIBBHHH", sport, dport, 1, ack, off << 4, flags, 8192, 0, 0)

def echo_reply(ident=0x4242):
    body = struct.pack("!BBHHH", 0, 0, 0, ident, 1) + b"x" * 8
    return body[:2] + struct.pack("!H", csum(body)) + body[4:]

def frames(smac, dmac, sip, dip):
    eth = lambda t: dmac + smac + struct.pack("!H", t)
    return {
        # kind: (frame, reason the dataplane counts)
        "truncated_eth": eth(0x0800)[:10],
        "vlan": eth(0x8100) + struct.pack("!HH", 5, 0x0800) + ipv4(sip, dip, tcp()),
        "ethertype": eth(0x88B5) + b"\0" * 46,
        "bad_ipv4_header": eth(0x0800) + ipv4(sip, dip, tcp(), ihl=4),
        "ipv4_options": eth(0x0800) + ipv4(sip, dip, tcp(), ihl=6, options=b"\x01\x01\x01\x00"),
        "bad_checksum": eth(0x0800) + ipv4(sip, dip, tcp(), fix_csum=False),
        "bad_ipv4_length": eth(0x0800) + ipv4(sip, dip, tcp(), total=400),
        "truncated_l4": eth(0x0800) + ipv4(sip, dip, tcp()[:10]),
        "bad_l4_header": eth(0x0800) + ipv4(sip, dip, tcp(off=3)),
        "fragment": eth(0x0800) + ipv4(sip, dip, b"x" * 40, frag=100),
        # A server's answers without a session (default_deny by the rules).
        "syn_ack": eth(0x0800) + ipv4(sip, dip, tcp(5432, 40000, flags=0x12, ack=2)),
        "ack": eth(0x0800) + ipv4(sip, dip, tcp(5432, 40000, flags=0x10, ack=2)),
        "echo_reply": eth(0x0800) + ipv4(sip, dip, echo_reply(), proto=1),
    }

def main():
    iface, smac, dmac, sip, dip = sys.argv[1:6]
    mac = lambda m: bytes(int(x, 16) for x in m.split(":"))
    table = frames(mac(smac), mac(dmac), sip, dip)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    for kind in sys.argv[6:]:
        frame = table[kind]
        # Pad short frames as a NIC would, except the truncated one.
        if kind != "truncated_eth" and len(frame) < 60:
            frame += b"\0" * (60 - len(frame))
        s.send(frame)

if __name__ == "__main__":
    main()
