#!/usr/bin/env bash
# tls.sh — `mailpath serve` with real TLS (OpenSSL) and real clients: swaks,
# curl, Python's smtplib/poplib and openssl s_client send with STARTTLS and
# with implicit TLS; every message travels the simulated path and is counted
# on --pop3s. Then the corners: the certificate and its fingerprint, TLS 1.1
# refused, garbage instead of a ClientHello, a peer that vanishes
# mid-handshake, a handshake that never finishes (cut at the idle timeout, the
# loop serving others meanwhile), 100 concurrent TLS sessions.
# Waits are on real conditions (listening lines, POP3 counts), each bounded.
set -u
cd "$(dirname "$0")/.."
. tests/lib/wait.sh
name=tls.sh
fail() { echo "$name: FAIL: $*"; exit 1; }
for t in curl openssl python3 swaks; do
	command -v $t >/dev/null 2>&1 || fail "$t is missing (make test installs it as root: .ci/ensure-deps)"
done
tmp=$(mktemp -d)
pid=
trap 'rm -rf "$tmp"; [ -n "$pid" ] && kill "$pid" 2>/dev/null' EXIT
passed=0
ok() { echo "$name: ok: $*"; passed=$((passed + 1)); }

IDLE=4
./mailpath serve --headless --smtp 127.0.0.1:0 --mx 127.0.0.1:0 --pop3 127.0.0.1:0 --isp-pop3 127.0.0.1:0 \
	--smtps 127.0.0.1:0 --pop3s 127.0.0.1:0 --idle-timeout $IDLE </dev/null >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_listening "$tmp/out" 6 "$pid" || fail "no 'listening' lines: $saw: $(cat "$tmp/err")"
wait_until 30 grep -q '^tls certificate sha256 ' "$tmp/out"
grep -q '^tls certificate sha256 ' "$tmp/out" || fail "no 'listening'/'tls certificate' lines: $(cat "$tmp/err")"
port() { awk -v n="$1" '$1 == "listening" && $2 == n { sub(/.*:/, "", $3); print $3 }' "$tmp/out"; }
SMTP=$(port smtp) MX=$(port mx) POP3=$(port pop3) IPOP3=$(port isp-pop3) SMTPS=$(port smtps) POP3S=$(port pop3s)
echo "$name: smtp $SMTP, mx $MX, pop3 $POP3, isp-pop3 $IPOP3, smtps $SMTPS, pop3s $POP3S"

# the maildrop as LIST over pop3s shows it: one line per message (curl prints
# one empty line for an empty maildrop, so this is only read once STAT, the
# real condition, says the messages are there)
count() { curl -sk --max-time 60 "pop3s://boss:s3cret@127.0.0.1:$POP3S/" | grep -c '^[0-9]'; }
want=0
# $1: what sent it; the message must reach boss's maildrop, read over --pop3s
arrived() {
	want=$((want + 1))
	wait_stat "$POP3" $want || fail "$1: the message did not reach boss's maildrop: $saw"
	[ "$(count)" = $want ] || fail "$1: LIST over pop3s shows $(count) messages, STAT $want"
	ok "$1: the message reached the maildrop (read over pop3s)"
}
msg() { printf 'From: smith@isp.example\r\nTo: boss@corp.example\r\nSubject: %s\r\n\r\nHello over TLS.\r\n' "$1"; }

# 1. the certificate: the printed fingerprint is the served one; the names
openssl s_client -connect "127.0.0.1:$SMTPS" </dev/null 2>/dev/null | openssl x509 >"$tmp/cert.pem" ||
	fail "openssl s_client got no certificate on smtps"
got=$(openssl x509 -in "$tmp/cert.pem" -noout -fingerprint -sha256 | sed 's/.*=//')
printed=$(sed -n 's/^tls certificate sha256 //p' "$tmp/out")
[ "$got" = "$printed" ] || fail "fingerprint printed $printed, served $got"
san=$(openssl x509 -in "$tmp/cert.pem" -noout -ext subjectAltName)
for n in DNS:smtp.isp.example DNS:mail.corp.example DNS:localhost 'IP Address:127.0.0.1'; do
	echo "$san" | grep -q "$n" || fail "subjectAltName lacks $n: $san"
done
ok "certificate: the printed SHA-256 is the served one; SAN has the world's hosts, localhost, 127.0.0.1"

# 2. TLS 1.2 and 1.3 only
openssl s_client -connect "127.0.0.1:$SMTPS" -tls1_2 </dev/null 2>&1 | grep -q 'Protocol *: TLSv1.2' ||
	fail "TLS 1.2 refused"
if openssl s_client -connect "127.0.0.1:$SMTPS" -tls1_1 -cipher 'DEFAULT@SECLEVEL=0' </dev/null 2>&1 |
	grep -q 'Cipher is [A-Z]'; then fail "TLS 1.1 was accepted"; fi
ok "TLS 1.2 accepted, TLS 1.1 refused"

# 3. implicit TLS (RFC 8314) with every client
msg curl-smtps >"$tmp/m"
curl -sS --cacert "$tmp/cert.pem" "smtps://localhost:$SMTPS" --mail-from smith@isp.example \
	--mail-rcpt boss@corp.example -T "$tmp/m" || fail "curl smtps:// (verifying the certificate for localhost)"
arrived "curl smtps:// (certificate verified as localhost)"
swaks --tls-on-connect --server 127.0.0.1 --port "$SMTPS" --from smith@isp.example --to boss@corp.example \
	--header 'Subject: swaks-tls-on-connect' --body 'Hello over TLS.' >"$tmp/swaks" 2>&1 ||
	fail "swaks --tls-on-connect: $(tail -5 "$tmp/swaks")"
grep -q 'TLS started' "$tmp/swaks" || fail "swaks did not report TLS: $(head -5 "$tmp/swaks")"
arrived "swaks --tls-on-connect"
python3 - "$SMTPS" <<'EOF' || fail "python smtplib.SMTP_SSL"
import smtplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
with smtplib.SMTP_SSL("127.0.0.1", int(sys.argv[1]), context=ctx, timeout=20) as s:
    s.login("smith", "s3cret")
    s.sendmail("smith@isp.example", ["boss@corp.example"],
               "From: smith@isp.example\r\nTo: boss@corp.example\r\nSubject: SMTP_SSL\r\n\r\nHello.\r\n")
EOF
arrived "python smtplib.SMTP_SSL with AUTH"
# PIPELINING (RFC 2920): the whole dialogue in one go; -quiet keeps reading after EOF on stdin
{ printf 'EHLO client.example\r\nMAIL FROM:<smith@isp.example>\r\nRCPT TO:<boss@corp.example>\r\nDATA\r\n'
  msg openssl-s_client; printf '.\r\nQUIT\r\n'; } |
	timeout 20 openssl s_client -quiet -connect "127.0.0.1:$SMTPS" >"$tmp/sc" 2>&1
grep -q '^250 2.0.0' "$tmp/sc" || fail "openssl s_client on smtps: $(cat "$tmp/sc")"
arrived "openssl s_client on smtps"
python3 - "$POP3S" <<'EOF' >"$tmp/pop" || fail "python poplib.POP3_SSL: $(cat "$tmp/pop")"
import poplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
p = poplib.POP3_SSL("127.0.0.1", int(sys.argv[1]), context=ctx, timeout=20)
p.user("boss"); p.pass_("s3cret")
n, _ = p.stat()
top = b"\n".join(p.retr(n)[1])
p.quit()
print(n); sys.exit(0 if b"Subject: openssl-s_client" in top else 1)
EOF
ok "python poplib.POP3_SSL reads the newest message ($(cat "$tmp/pop") in the maildrop)"
grep -q 'TLS: handshake done: TLSv1.[23], TLS_' "$tmp/out" || fail "the trace shows no handshake"
ok "the trace shows each handshake with its version and cipher suite"

# 4. STARTTLS (RFC 3207) on --smtp and --mx, STLS (RFC 2595) on --pop3 and --isp-pop3
swaks --tls --server 127.0.0.1 --port "$SMTP" --from smith@isp.example --to boss@corp.example \
	--auth PLAIN --auth-user smith --auth-password s3cret --header 'Subject: swaks-tls' \
	--body 'Hello over TLS.' >"$tmp/swaks" 2>&1 || fail "swaks --tls: $(tail -5 "$tmp/swaks")"
grep -q '^<~  235 ' "$tmp/swaks" || fail "swaks --tls: no AUTH inside TLS: $(cat "$tmp/swaks")"
arrived "swaks --tls with AUTH PLAIN inside TLS"
msg curl-starttls >"$tmp/m"
curl -sS --ssl-reqd -k "smtp://127.0.0.1:$SMTP" --mail-from smith@isp.example --mail-rcpt boss@corp.example \
	-T "$tmp/m" || fail "curl --ssl-reqd smtp://"
arrived "curl --ssl-reqd smtp:// (STARTTLS)"
python3 - "$SMTP" <<'EOF2' || fail "python smtplib.starttls()"
import smtplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=20) as s:
    s.ehlo()
    assert s.has_extn("starttls"), "no STARTTLS in EHLO"
    s.starttls(context=ctx)
    s.ehlo()
    assert not s.has_extn("starttls"), "STARTTLS offered again inside TLS"
    s.login("smith", "s3cret")
    s.sendmail("smith@isp.example", ["boss@corp.example"],
               "From: smith@isp.example\r\nTo: boss@corp.example\r\nSubject: starttls()\r\n\r\nHello.\r\n")
EOF2
arrived "python smtplib.starttls() with login inside TLS"
{ printf 'EHLO client.example\r\nMAIL FROM:<smith@isp.example>\r\nRCPT TO:<boss@corp.example>\r\nDATA\r\n'
  msg s_client-starttls; printf '.\r\nQUIT\r\n'; } |
	timeout 20 openssl s_client -quiet -starttls smtp -connect "127.0.0.1:$SMTP" >"$tmp/sc" 2>&1
grep -q '^250 2.0.0' "$tmp/sc" || fail "openssl s_client -starttls smtp: $(cat "$tmp/sc")"
arrived "openssl s_client -starttls smtp"
swaks --tls --server 127.0.0.1 --port "$MX" --from someone@isp.example --to boss@corp.example \
	--header 'Subject: swaks-mx' --body 'Hello over TLS.' >"$tmp/swaks" 2>&1 ||
	fail "swaks --tls on --mx: $(tail -5 "$tmp/swaks")"
arrived "swaks --tls on --mx (the corporate host)"
n=$(curl -sS --ssl-reqd -k "pop3://boss:s3cret@127.0.0.1:$POP3/" | wc -l)
[ "$n" = $want ] || fail "curl --ssl-reqd pop3:// on --pop3 lists $n, not $want"
curl -sS --ssl-reqd -k "pop3://smith:s3cret@127.0.0.1:$IPOP3/" >/dev/null || fail "curl --ssl-reqd pop3:// on --isp-pop3"
ok "curl --ssl-reqd pop3:// (STLS) on --pop3 ($n messages) and on --isp-pop3"
python3 - "$POP3" "$want" <<'EOF2' || fail "python poplib.stls()"
import poplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
p = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=20)
assert "STLS" in p.capa(), "no STLS in CAPA"
p.stls(context=ctx)
assert "STLS" not in p.capa(), "STLS offered again inside TLS"
p.user("boss"); p.pass_("s3cret")
n, _ = p.stat(); p.quit()
sys.exit(0 if n == int(sys.argv[2]) else 1)
EOF2
printf 'USER boss\r\nPASS s3cret\r\nSTAT\r\nQUIT\r\n' |
	timeout 20 openssl s_client -quiet -starttls pop3 -connect "127.0.0.1:$POP3" >"$tmp/sc" 2>&1
grep -q "^+OK $want " "$tmp/sc" || fail "openssl s_client -starttls pop3: $(cat "$tmp/sc")"
ok "python poplib.stls() and openssl s_client -starttls pop3 read the maildrop ($want messages)"
grep -q '\[TLS\] C: PASS s3cret' "$tmp/out" || fail "the trace does not mark the password as inside TLS"
grep -q '\[TLS\] C: AUTH PLAIN' "$tmp/out" || fail "the trace does not mark AUTH as inside TLS"
ok "the trace marks every line after the switch [TLS]"

# 5. STARTTLS injection (the 2011 bug): commands pipelined after STARTTLS or
#    STLS in the same write are discarded, never run inside TLS; a second
#    STARTTLS/STLS is refused; garbage after the 220 costs that connection
python3 - "$SMTP" "$POP3" <<'EOF2' >"$tmp/inj" 2>&1 || fail "injection: $(cat "$tmp/inj")"
import socket, ssl, sys
smtp, pop3 = int(sys.argv[1]), int(sys.argv[2])
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
def lines(f, until):
    out = []
    while True:
        l = f.readline().decode()
        assert l, "closed after %r" % out
        out.append(l.rstrip("\r\n"))
        if until(out[-1]): return out
s = socket.create_connection(("127.0.0.1", smtp), timeout=20); f = s.makefile("rb")
lines(f, lambda l: l[3] == " ")
s.sendall(b"EHLO attacker.example\r\n"); lines(f, lambda l: l[3] == " ")
s.sendall(b"STARTTLS\r\nMAIL FROM:<injected@evil.example>\r\nRSET\r\n")
r = lines(f, lambda l: l[3] == " "); assert r == ["220 2.0.0 Ready to start TLS"], r
t = ctx.wrap_socket(s); g = t.makefile("rb")
t.sendall(b"EHLO attacker.example\r\n"); r = lines(g, lambda l: l[3] == " ")
assert r[0].startswith("250-smtp.isp.example Hello"), "an injected command was answered: %r" % r
t.sendall(b"MAIL FROM:<smith@isp.example>\r\n"); r = lines(g, lambda l: l[3] == " ")
assert r == ["250 2.1.0 Ok"], "the injected MAIL ran: %r" % r
t.sendall(b"RSET\r\nSTARTTLS\r\n"); r = lines(g, lambda l: l.startswith("5"))
assert r[-1].startswith("503 "), "second STARTTLS: %r" % r
t.sendall(b"QUIT\r\n"); lines(g, lambda l: l.startswith("221"))
print("smtp: injected MAIL discarded; second STARTTLS:", r[-1])
s = socket.create_connection(("127.0.0.1", pop3), timeout=20); f = s.makefile("rb")
lines(f, lambda l: True)
s.sendall(b"STLS\r\nUSER boss\r\n")
r = lines(f, lambda l: True); assert r[0].startswith("+OK"), r
t = ctx.wrap_socket(s); g = t.makefile("rb")
t.sendall(b"PASS s3cret\r\n"); r = lines(g, lambda l: True)
assert r[0].startswith("-ERR"), "the injected USER ran: PASS got %r" % r
t.sendall(b"STLS\r\n"); r = lines(g, lambda l: True)
assert r[0].startswith("-ERR"), "second STLS: %r" % r
t.sendall(b"QUIT\r\n"); lines(g, lambda l: True)
print("pop3: injected USER discarded; second STLS:", r[0])
s = socket.create_connection(("127.0.0.1", smtp), timeout=20); f = s.makefile("rb")
lines(f, lambda l: l[3] == " ")
s.sendall(b"EHLO x\r\n"); lines(f, lambda l: l[3] == " ")
s.sendall(b"STARTTLS\r\n"); lines(f, lambda l: l[3] == " ")
s.sendall(b"EHLO garbage instead of a ClientHello\r\n")
try:
    data = f.read()       # a TLS alert at most, then the close
except ConnectionResetError:
    data = b""
assert not data[:3].isdigit(), "the server answered garbage after the 220 in clear: %r" % data
print("garbage after the 220: connection closed")
EOF2
ok "injection: $(tr '\n' ';' <"$tmp/inj")"

# 6. garbage instead of a ClientHello; a peer that vanishes mid-handshake
exec 3<>"/dev/tcp/127.0.0.1/$SMTPS" || fail "cannot connect to smtps"
printf 'EHLO not-a-client-hello\r\n' >&3
timeout 5 cat <&3 >/dev/null 2>&1
exec 3>&-
python3 - "$POP3S" <<'EOF' || fail "could not send half a ClientHello"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(bytes.fromhex("160301020001000200030379") + b"\x00" * 40)   # a ClientHello cut short
s.close()
EOF
failed3() { [ "$(grep -c 'TLS: handshake failed' "$tmp/out")" -ge 3 ]; }
wait_until 30 failed3
[ "$(grep -c 'TLS: handshake failed' "$tmp/out")" -ge 3 ] || fail "garbage/vanished handshakes not traced"
kill -0 "$pid" 2>/dev/null || fail "the server died"
[ "$(pop3_stat "$POP3")" = $want ] || fail "the server stopped answering after a broken handshake"
ok "garbage instead of a ClientHello and a vanished peer cost one connection each"

# 7. a handshake that never finishes: cut at the idle timeout, while the loop
#    serves others (half a ClientHello sent, then silence)
python3 - "$SMTPS" "$POP3S" "$IDLE" <<'EOF' >"$tmp/stall" 2>&1 || fail "stalled handshake: $(cat "$tmp/stall")"
import socket, ssl, sys, time, poplib
smtps, pop3s, idle = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
s = socket.create_connection(("127.0.0.1", smtps))
s.sendall(bytes.fromhex("160301020001000200030379"))
t0 = time.monotonic()
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
p = poplib.POP3_SSL("127.0.0.1", pop3s, context=ctx, timeout=5)   # served meanwhile
p.user("boss"); p.pass_("s3cret"); p.stat(); p.quit()
served = time.monotonic() - t0
s.settimeout(idle + 10)
data = s.recv(100)      # b"" when the server closes; an exception if it never does
cut = time.monotonic() - t0
print("served another client after %.2f s, cut after %.2f s" % (served, cut))
sys.exit(0 if served < idle and idle - 1.5 <= cut <= idle + 3 else 1)
EOF
grep -q 'TLS: handshake timed out' "$tmp/out" || fail "the stalled handshake was not traced"
ok "stalled handshake: $(cat "$tmp/stall")"

# 8. 100 concurrent TLS sessions: all open at once (a barrier), then each sends
python3 - "$SMTPS" <<'EOF' >"$tmp/conc" 2>&1 || fail "100 concurrent TLS sessions: $(tail -5 "$tmp/conc")"
import smtplib, ssl, sys, threading
port = int(sys.argv[1]); n = 100
barrier = threading.Barrier(n, timeout=60)
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
errors = []
def one(i):
    try:
        with smtplib.SMTP_SSL("127.0.0.1", port, context=ctx, timeout=60) as s:
            barrier.wait()          # every session has its greeting inside TLS
            s.sendmail("smith@isp.example", ["boss@corp.example"],
                       "From: smith@isp.example\r\nSubject: concurrent %d\r\n\r\nHello.\r\n" % i)
    except Exception as e:
        errors.append(repr(e))
ts = [threading.Thread(target=one, args=(i,)) for i in range(n)]
for t in ts: t.start()
for t in ts: t.join()
print("%d errors %s" % (len(errors), errors[:3])); sys.exit(1 if errors else 0)
EOF
want=$((want + 99))
arrived "100 concurrent TLS sessions, all open at once"

kill -TERM "$pid"; wait "$pid"; rc=$?; pid=
[ "$rc" = 0 ] || fail "exit status $rc after SIGTERM"

# 9. --tls-cert/--tls-key (the README's openssl req line), --tls-auth-only:
#    no AUTH, USER or PASS before TLS
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 -subj /CN=localhost \
	-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$tmp/key.pem" -out "$tmp/own.pem" 2>/dev/null ||
	fail "openssl req could not make a certificate"
./mailpath serve --headless --smtp 127.0.0.1:0 --mx 127.0.0.1:0 --pop3 127.0.0.1:0 --isp-pop3 127.0.0.1:0 \
	--smtps 127.0.0.1:0 --pop3s 127.0.0.1:0 --tls-auth-only --tls-cert "$tmp/own.pem" --tls-key "$tmp/key.pem" \
	</dev/null >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_listening "$tmp/out" 6 "$pid" || fail "serve --tls-auth-only: no 'listening' lines: $saw: $(cat "$tmp/err")"
wait_until 30 grep -q '^tls certificate sha256 ' "$tmp/out"
python3 - "$(port smtp)" "$(port pop3)" <<'EOF2' >"$tmp/ao" 2>&1 || fail "--tls-auth-only: $(cat "$tmp/ao")"
import poplib, smtplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=20) as s:
    s.ehlo()
    assert not s.has_extn("auth"), "AUTH offered before TLS"
    code, text = s.docmd("AUTH", "PLAIN AHNtaXRoAHMzY3JldA==")
    assert code == 530 and text.startswith(b"5.7.0"), (code, text)
    print("smtp before TLS: %d %s" % (code, text.decode()))
    s.starttls(context=ctx); s.ehlo()
    s.login("smith", "s3cret")
p = poplib.POP3("127.0.0.1", int(sys.argv[2]), timeout=20)
try:
    p.user("boss"); raise SystemExit("USER accepted before TLS")
except poplib.error_proto as e:
    assert str(e).startswith("b'-ERR [AUTH]"), e
    print("pop3 before TLS: %s" % e.args[0].decode())
p.stls(context=ctx); p.user("boss"); p.pass_("s3cret"); p.quit()
EOF2
own=$(openssl x509 -in "$tmp/own.pem" -noout -fingerprint -sha256 | sed 's/.*=//')
grep -q "^tls certificate sha256 $own\$" "$tmp/out" || fail "--tls-cert: printed $(grep '^tls' "$tmp/out"), file $own"
ok "--tls-cert: serve prints the SHA-256 of the given certificate"
ok "--tls-auth-only: $(tr '\n' ';' <"$tmp/ao") both accepted inside TLS"
kill -TERM "$pid"; wait "$pid"; pid=
echo "$name: $passed passed, 0 failed"
