#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""UDP and TCP flows for the filter tests.

  udp_flow.py recv PORT SECONDS          counts datagrams for SECONDS; prints
                                         JSON {"total": N, "payloads": {first word: N}}
  udp_flow.py send HOST PORT COUNT RATE PAYLOAD
                                         COUNT datagrams of PAYLOAD at RATE a second;
                                         prints the seconds it took
  udp_flow.py hold HOST PORT TRIGGER     TCP: connects, sends "one", waits until the
                                         file TRIGGER exists, sends "two", closes
"""
import json
import os
import socket
import sys
import time


def recv(port, seconds):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind(("0.0.0.0", port))
    end = time.monotonic() + seconds
    total, payloads = 0, {}
    while True:
        left = end - time.monotonic()
        if left <= 0:
            break
        s.settimeout(left)
        try:
            data = s.recv(65535)
        except socket.timeout:
            break
        total += 1
        word = data.split(b" ")[0].decode(errors="replace")
        payloads[word] = payloads.get(word, 0) + 1
    print(json.dumps({"total": total, "payloads": payloads}))


def send(host, port, count, rate, payload):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    start = time.monotonic()
    for i in range(count):
        # Paced against the start, so that sleeping late does not add up.
        due = start + i / rate
        now = time.monotonic()
        if due > now:
            time.sleep(due - now)
        s.sendto(payload.encode(), (host, port))
    print("%.3f" % (time.monotonic() - start))


def hold(host, port, trigger):
    s = socket.create_connection((host, port), timeout=5)
    s.sendall(b"one\n")
    while not os.path.exists(trigger):
        time.sleep(0.05)
    s.sendall(b"two\n")
    time.sleep(0.5)
    s.close()


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "recv":
        recv(int(args[0]), float(args[1]))
    elif cmd == "send":
        send(args[0], int(args[1]), int(args[2]), float(args[3]), args[4])
    elif cmd == "hold":
        hold(args[0], int(args[1]), args[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
