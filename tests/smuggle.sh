#!/usr/bin/env bash
# smuggle.sh — SMTP smuggling against `mailpath serve --headless` with real
# sockets: a bare LF or bare CR before a dot gets exactly one 550 5.5.2 after
# the real final dot at the ISP (--smtp) and at the corporate host (--mx), and
# nothing is delivered; a control octet in an address gets 501 5.1.7; a normal
# message still arrives, and Python's poplib and curl retrieve it as CRLF lines.
# Waits are on real conditions (listening lines, POP3 STAT), each bounded.
# python3 is Debian's: standard library only.
set -u
cd "$(dirname "$0")/.."
. tests/lib/wait.sh
fail() { echo "smuggle.sh: FAIL: $*"; exit 1; }
command -v python3 >/dev/null 2>&1 || fail "python3 is missing"
command -v curl >/dev/null 2>&1 || fail "curl is missing"
tmp=$(mktemp -d)
pid=
trap 'rm -rf "$tmp"; [ -n "$pid" ] && kill "$pid" 2>/dev/null' EXIT

./mailpath serve --headless --smtp 127.0.0.1:0 --mx 127.0.0.1:0 --pop3 127.0.0.1:0 \
	--isp-pop3 127.0.0.1:0 --smtps 127.0.0.1:0 --pop3s 127.0.0.1:0 --idle-timeout 20 </dev/null >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_listening "$tmp/out" 6 "$pid" || fail "no 'listening' lines: $saw: $(cat "$tmp/err")"
port() { awk -v n="$1" '$1 == "listening" && $2 == n { sub(/.*:/, "", $3); print $3 }' "$tmp/out"; }
SMTP=$(port smtp) MX=$(port mx) POP3=$(port pop3)
echo "smuggle.sh: listening on smtp $SMTP, mx $MX, pop3 $POP3"

cat >"$tmp/smuggle.py" <<'EOF'
import poplib, socket, sys, time

def session(port, lines, payload=b"", timeout=10):
    """Send the commands one by one (each waits for its reply), then the
    payload in one write; return every reply line after the payload, up to
    the connection's close."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    f = s.makefile("rb")
    def reply():
        out = []
        while True:
            line = f.readline()
            if not line:
                raise SystemExit("connection closed early")
            out.append(line)
            if line[3:4] != b"-":
                return out
    reply()                                     # 220
    for cmd in lines:
        s.sendall(cmd + b"\r\n")
        r = reply()
        if cmd.startswith(b"DATA") and not r[-1].startswith(b"354"):
            raise SystemExit("DATA got %r" % r)
    s.sendall(payload)
    rest = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        line = f.readline()
        if not line:
            break
        rest.append(line)
    s.close()
    return rest

def check(what, got, want):
    if got != want:
        raise SystemExit("%s: got %r, wanted %r" % (what, got, want))
    print("smuggle.py: ok: " + what)

mode = sys.argv[1]
if mode == "smuggle":
    smtp, mx = int(sys.argv[2]), int(sys.argv[3])
    tx = [b"EHLO attacker.example", b"MAIL FROM:<smith@isp.example>",
          b"RCPT TO:<boss@corp.example>", b"DATA"]
    smuggled = (b"MAIL FROM:<ceo@corp.example>\r\nRCPT TO:<boss@corp.example>\r\nDATA\r\n"
                b"From: ceo@corp.example\r\nSubject: smuggled\r\n\r\nPay now.\r\n")
    for name, port, sep, err in (
            ("ISP, bare LF", smtp, b"\n.\r\n", b"550 5.5.2 Error: bare <LF> received\r\n"),
            ("ISP, bare CR", smtp, b"\r.\r\n", b"550 5.5.2 Error: bare <CR> received\r\n"),
            ("corporate host, bare LF", mx, b"\n.\r\n", b"550 5.5.2 Error: bare <LF> received\r\n"),
            ("corporate host, bare CR", mx, b"\r.\r\n", b"550 5.5.2 Error: bare <CR> received\r\n")):
        payload = b"Subject: lunch\r\n\r\nTesting" + sep + smuggled + b".\r\nNOOP\r\nQUIT\r\n"
        got = session(port, tx, payload)
        check(name + ": one 550 after the final dot, then NOOP and QUIT", got[:2] + [got[2][:4]],
              [err, b"250 2.0.0 Ok\r\n", b"221 "])
        check(name + ": nothing else", len(got), 3)
    got = session(smtp, [b"EHLO attacker.example"], b"MAIL FROM:<sm\x01ith@isp.example>\r\nQUIT\r\n")
    check("a control octet in MAIL FROM: 501 5.1.7", got[0], b"501 5.1.7 Bad sender address syntax\r\n")
    got = session(smtp, [b"EHLO attacker.example", b"MAIL FROM:<smith@isp.example>"],
                  b"RCPT TO:<bo\x7fss@corp.example>\r\nQUIT\r\n")
    check("a control octet in RCPT TO: 501 5.1.3", got[0], b"501 5.1.3 Bad recipient address syntax\r\n")
    got = session(smtp, [b"EHLO attacker.example"], b"MA\x01IL FROM:<smith@isp.example>\r\nQUIT\r\n")
    check("a control octet in the verb: 500", got[0][:4], b"500 ")
elif mode == "stat":
    p = poplib.POP3("127.0.0.1", int(sys.argv[2]), timeout=10)
    p.user("boss"); p.pass_("s3cret")
    print(p.stat()[0])
    p.quit()
elif mode == "retr":
    port = int(sys.argv[2])
    p = poplib.POP3("127.0.0.1", port, timeout=10)
    p.user("boss"); p.pass_("s3cret")
    check("poplib: one message in the maildrop", p.stat()[0], 1)
    resp, lines, octets = p.retr(1)
    text = b"\n".join(lines)
    if b"smuggled" in text or b"ceo@corp.example" in text:
        raise SystemExit("the smuggled message arrived: %r" % text)
    check("poplib: the normal message, its dotted line un-stuffed",
          [l for l in lines if l.startswith(b".")], [b".a line that starts with a dot"])
    check("poplib: no line with a CR or LF left inside", [l for l in lines if b"\r" in l or b"\n" in l], [])
    p.quit()
    # the same RETR on a raw socket: CRLF line ends only, one "." line, at the end
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"USER boss\r\nPASS s3cret\r\nRETR 1\r\nQUIT\r\n")
    raw = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        raw += chunk
    s.close()
    body = raw.split(b" octets\r\n", 1)[1].rsplit(b"+OK", 1)[0]
    check("raw RETR: every LF is part of a CR LF", raw.count(b"\n"), raw.count(b"\r\n"))
    check("raw RETR: every CR is part of a CR LF", raw.count(b"\r"), raw.count(b"\r\n"))
    check("raw RETR: '.' alone only at the end", [i for i, l in enumerate(body.split(b"\r\n")) if l == b"."],
          [len(body.split(b"\r\n")) - 2])
EOF

python3 "$tmp/smuggle.py" smuggle "$SMTP" "$MX" || fail "smuggling over real sockets"

# a normal message, dot-stuffed by curl, reaches the maildrop: wait until STAT says so
printf 'From: Smith <smith@isp.example>\r\nTo: boss@corp.example\r\nSubject: Progress report\r\n\r\nHi,\r\n.a line that starts with a dot\r\nSmith\r\n' >"$tmp/msg.eml"
curl -sS "smtp://127.0.0.1:$SMTP" --mail-from smith@isp.example --mail-rcpt boss@corp.example \
	-T "$tmp/msg.eml" || fail "curl could not submit"
wait_stat "$POP3" 1 || fail "the normal message did not reach boss's maildrop: $saw"
python3 "$tmp/smuggle.py" retr "$POP3" || fail "retrieval with poplib"
curl -sS "pop3://boss:s3cret@127.0.0.1:$POP3/1" >"$tmp/got" || fail "curl could not RETR"
grep -q '^Subject: Progress report' "$tmp/got" || fail "curl: not the normal message"
grep -q '^\.a line that starts with a dot' "$tmp/got" || fail "curl: the dotted line was lost"
! grep -q 'smuggled' "$tmp/got" || fail "curl: the smuggled message arrived"
echo "smuggle.sh: ok: curl retrieves the one message; nothing smuggled arrived"
kill -0 "$pid" 2>/dev/null || fail "the server died"
echo "smuggle.sh: 3 passed, 0 failed"
