#!/usr/bin/env bash
# tls-handshakes.sh — serve's real TLS: how many TLS sessions per second the
# one event loop completes (TCP connect, the TLS handshake, the 220 greeting
# inside TLS, QUIT) next to the same plaintext sessions. One client, one
# session after the other, for SECONDS (default 3) each; prints two lines:
#   bench tls: plaintext sessions/s N
#   bench tls: TLS handshakes/s N (TLSv1.3, TLS_AES_256_GCM_SHA384)
set -u
cd "$(dirname "$0")/../.."
secs=${SECONDS_EACH:-3}
tmp=$(mktemp -d)
./mailpath serve --headless --smtp 127.0.0.1:0 --mx 127.0.0.1:0 --pop3 127.0.0.1:0 --isp-pop3 127.0.0.1:0 \
	--smtps 127.0.0.1:0 --pop3s 127.0.0.1:0 </dev/null >"$tmp/out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for i in $(seq 100); do grep -q '^tls certificate sha256 ' "$tmp/out" && break; sleep 0.1; done
port() { awk -v n="$1" '$1 == "listening" && $2 == n { sub(/.*:/, "", $3); print $3 }' "$tmp/out"; }
python3 - "$(port smtp)" "$(port smtps)" "$secs" <<'EOF2'
import socket, ssl, sys, time
plain, tls, secs = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
def session(port, wrap):
    s = socket.create_connection(("127.0.0.1", port))
    if wrap:
        s = ctx.wrap_socket(s)
    f = s.makefile("rb")
    assert f.readline().startswith(b"220 ")
    s.sendall(b"QUIT\r\n")
    assert f.readline().startswith(b"221 ")
    info = (s.version(), s.cipher()[0]) if wrap else None
    f.close(); s.close()
    return info
def rate(port, wrap):
    n, t0 = 0, time.monotonic()
    while time.monotonic() - t0 < secs:
        info = session(port, wrap); n += 1
    return n / (time.monotonic() - t0), info
p, _ = rate(plain, False)
t, info = rate(tls, True)
print("bench tls: plaintext sessions/s %.0f" % p)
print("bench tls: TLS handshakes/s %.0f (%s, %s)" % (t, info[0], info[1]))
EOF2
