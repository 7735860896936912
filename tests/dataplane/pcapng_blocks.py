#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Checks the block structure of a pcapng file on its own, without
tshark: one section header first (with its byte-order magic), every
block's leading and trailing lengths equal and a multiple of 4, the file
ending exactly at a block's end, every enhanced packet block naming an
interface block that came before it and capturing no more than it says.
Prints the block counts:

    shb 1 idb N epb N comments N

and exits 1, saying why, when the structure is wrong.

    pcapng_blocks.py FILE
"""
import struct
import sys

SHB, IDB, EPB = 0x0A0D0D0A, 0x00000001, 0x00000006
BYTE_ORDER_MAGIC = 0x1A2B3C4D
OPT_COMMENT = 1


def fail(why):
    print("pcapng_blocks: " + why)
    sys.exit(1)


def epb_has_comment(body, cap_len, endian):
    off = 20 + (cap_len + 3) // 4 * 4
    while off + 4 <= len(body):
        code, length = struct.unpack_from(endian + "HH", body, off)
        if code == 0:
            break
        if code == OPT_COMMENT:
            return True
        off += 4 + (length + 3) // 4 * 4
    return False


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    data = open(sys.argv[1], "rb").read()
    if len(data) < 28 or struct.unpack_from("<I", data, 0)[0] != SHB:
        fail("no section header block at the start")
    magic = struct.unpack_from("<I", data, 8)[0]
    if magic == BYTE_ORDER_MAGIC:
        endian = "<"
    elif magic == 0x4D3C2B1A:
        endian = ">"
    else:
        fail("bad byte-order magic %#x" % magic)
    counts = {"shb": 0, "idb": 0, "epb": 0, "comments": 0}
    off = 0
    while off < len(data):
        if off + 12 > len(data):
            fail("truncated block at offset %d" % off)
        btype, blen = struct.unpack_from(endian + "II", data, off)
        if blen < 12 or blen % 4 or off + blen > len(data):
            fail("block at offset %d has a bad length %d" % (off, blen))
        if struct.unpack_from(endian + "I", data, off + blen - 4)[0] != blen:
            fail("block at offset %d: trailing length differs" % off)
        body = data[off + 8:off + blen - 4]
        if btype == SHB:
            counts["shb"] += 1
        elif btype == IDB:
            counts["idb"] += 1
        elif btype == EPB:
            if len(body) < 20:
                fail("packet block at offset %d is too short" % off)
            iface, _, _, cap_len, orig_len = struct.unpack_from(endian + "IIIII", body, 0)
            if iface >= counts["idb"]:
                fail("packet block at offset %d names interface %d of %d"
                     % (off, iface, counts["idb"]))
            if cap_len > orig_len or 20 + cap_len > len(body):
                fail("packet block at offset %d: captured %d of %d in %d bytes"
                     % (off, cap_len, orig_len, len(body)))
            counts["epb"] += 1
            counts["comments"] += epb_has_comment(body, cap_len, endian)
        off += blen
    if off != len(data):
        fail("the file does not end at a block's end")
    print("shb %(shb)d idb %(idb)d epb %(epb)d comments %(comments)d" % counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
