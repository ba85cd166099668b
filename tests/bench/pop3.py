#!/usr/bin/env python3
"""pop3.py — the POP3 client of `make bench` (Python's poplib, loopback only).

  pop3.py stat PORT USER PASS               STAT: "COUNT OCTETS"
  pop3.py wait PORT USER PASS N SECONDS     poll STAT until N messages, at most
                                            SECONDS, every 0.1 s; prints "COUNT
                                            UNIX_TIME" (when it saw them)
  pop3.py fetch PORT USER PASS              RETR and DELE every message, QUIT;
                                            prints "COUNT OCTETS SECONDS"
  pop3.py port                              a free TCP port on 127.0.0.1
"""
import poplib
import socket
import sys
import time


def session(port, user, password):
    p = poplib.POP3("127.0.0.1", int(port), timeout=60)
    p.user(user)
    p.pass_(password)
    return p


def stat(port, user, password):
    p = session(port, user, password)
    n = p.stat()
    p.quit()
    return n


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "port":
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])
        s.close()
    elif cmd == "stat":
        print(*stat(*argv[2:5]))
    elif cmd == "wait":
        want, bound = int(argv[5]), float(argv[6])
        t0 = time.monotonic()
        n = -1
        while time.monotonic() - t0 < bound:
            try:
                n = stat(*argv[2:5])[0]
            except (OSError, poplib.error_proto):
                n = -1
            if n >= want:
                break
            time.sleep(0.1)
        print(n, "%.3f" % time.time())
    elif cmd == "fetch":
        t0 = time.monotonic()
        p = session(*argv[2:5])
        count = p.stat()[0]
        octets = 0
        for i in range(1, count + 1):
            resp, lines, size = p.retr(i)
            octets += size
            p.dele(i)
        p.quit()
        print(count, octets, "%.3f" % (time.monotonic() - t0))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
