#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Prints one line per frame received on a network interface, for the
mirror test to read what an IDS on the mirror's TAP would see:

    ipv4 SRC DST PROTO ICMP_TYPE LENGTH    (ICMP_TYPE is - for other protocols)
    other ETHERTYPE LENGTH

Frames the kernel itself sends out of the interface are left out. Runs
until killed, or for at most SECONDS.

    mirror_capture.py IFACE SECONDS
"""
import socket
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def describe(frame):
    if len(frame) < 14:
        return "other short %d" % len(frame)
    ethertype = int.from_bytes(frame[12:14], "big")
    if ethertype != 0x0800 or len(frame) < 34:
        return "other %04x %d" % (ethertype, len(frame))
    ihl = (frame[14] & 0x0F) * 4
    proto = frame[23]
    src = socket.inet_ntoa(frame[26:30])
    dst = socket.inet_ntoa(frame[30:34])
    icmp_type = "-"
    if proto == 1 and len(frame) > 14 + ihl:
        icmp_type = str(frame[14 + ihl])
    return "ipv4 %s %s %d %s %d" % (src, dst, proto, icmp_type, len(frame))


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    iface, seconds = sys.argv[1], float(sys.argv[2])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((iface, 0))
    s.settimeout(0.2)
    print("listening on %s" % iface, flush=True)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            frame, addr = s.recvfrom(65536)
        except socket.timeout:
            continue
        except OSError:
            break  # the interface went away with the dataplane
        if addr[2] == PACKET_OUTGOING:
            continue
        print(describe(frame), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
