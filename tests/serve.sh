#!/usr/bin/env bash
# serve.sh — `mailpath serve --headless` with real clients over loopback:
# curl submits on the ISP host, the message travels the simulated path, curl
# retrieves it over POP3; 50 concurrent sessions; hostile bytes; SIGTERM.
# Every wait is for the real condition (tests/lib/wait.sh), never a fixed time.
set -u
cd "$(dirname "$0")/.."
. tests/lib/wait.sh
fail() { echo "serve.sh: FAIL: $*"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; exit 1; }
command -v curl >/dev/null 2>&1 || fail "curl is missing (make test installs it as root)"
tmp=$(mktemp -d)
sock=
trap 'rm -rf "$tmp"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; [ -n "$sock" ] && tmux -L "$sock" kill-server 2>/dev/null' EXIT
# every curl is bounded too: a hung session fails the test instead of stopping it
CURL="curl --max-time 60"

./mailpath serve --headless --smtp 127.0.0.1:0 --mx 127.0.0.1:0 --pop3 127.0.0.1:0 \
	--isp-pop3 127.0.0.1:0 --smtps 127.0.0.1:0 --pop3s 127.0.0.1:0 --idle-timeout 5 </dev/null >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_listening "$tmp/out" 6 "$pid" || fail "no 'listening' lines: $saw: $(cat "$tmp/err")"
SMTP=$(port_of "$tmp/out" smtp) POP3=$(port_of "$tmp/out" pop3)
sockets=$(sockets_of "$pid")    # its listeners: the count to come back to
echo "serve.sh: listening on smtp $SMTP, pop3 $POP3"

# 1. one message with curl, through the simulated path to boss's maildrop
printf 'From: Smith <smith@isp.example>\r\nTo: boss@corp.example\r\nSubject: Progress report\r\n\r\nHi,\r\n.a line that starts with a dot\r\nSmith\r\n' >"$tmp/msg.eml"
$CURL -sS "smtp://127.0.0.1:$SMTP" --mail-from smith@isp.example --mail-rcpt boss@corp.example \
	-T "$tmp/msg.eml" || fail "curl could not submit"
wait_stat "$POP3" 1 || fail "the message did not reach boss's maildrop: $saw"
$CURL -sS "pop3://boss:s3cret@127.0.0.1:$POP3/1" >"$tmp/got" || fail "curl could not RETR"
grep -q '^Received: from smtp.isp.example ' "$tmp/got" || fail "no Received: line of hop 4"
grep -q '^Received: from .*\[127.0.0.1\])' "$tmp/got" || fail "no Received: line of hop 3"
grep -q '^Return-Path: <smith@isp.example>' "$tmp/got" || fail "no Return-Path:"
grep -q '^\.a line that starts with a dot' "$tmp/got" || fail "dot-stuffing lost the dotted line"
echo "serve.sh: ok: curl -> ISP -> (DNS, relay) -> corp -> POP3, with both Received: lines"

# 2. 50 concurrent SMTP sessions, each delivering one message
for i in $(seq 50); do
	$CURL -sS "smtp://127.0.0.1:$SMTP" --mail-from smith@isp.example --mail-rcpt boss@corp.example \
		-T "$tmp/msg.eml" >/dev/null 2>"$tmp/c$i" &
done
wait_children() { for j in $(jobs -p); do [ "$j" = "$pid" ] || wait "$j" || return 1; done; }
wait_children || fail "a concurrent submission failed: $(cat "$tmp"/c* | head -3)"
wait_stat "$POP3" 51 || fail "not all 50 concurrent messages reached the maildrop: $saw"
echo "serve.sh: ok: 50 concurrent sessions, 51 messages in the maildrop"

# 3. hostile bytes: a 1 MB line without LF, random bytes, NULs; the server survives
exec 3<>"/dev/tcp/127.0.0.1/$SMTP" || fail "cannot connect"
head -c 1048576 /dev/zero | tr '\0' 'A' >&3
printf '\r\nNOOP\r\n' >&3
head -c 4096 /dev/urandom >&3
printf '\r\nQUIT\r\n' >&3
# the server has read it all when it answers the QUIT and closes
timeout 30 cat <&3 | tr -d '\r' >"$tmp/hostile"
exec 3>&-
[ "$(tail -n 1 "$tmp/hostile")" = "221 2.0.0 smtp.isp.example Service closing transmission channel" ] ||
	fail "after the hostile bytes QUIT got no 221 and close within 30 s; the session ended with: $(tail -n 3 "$tmp/hostile")"
exec 3<>"/dev/tcp/127.0.0.1/$POP3" || fail "cannot connect to POP3"
head -c 65536 /dev/urandom >&3
exec 3>&-
# the server has closed that connection too: back to its listeners alone
wait_sockets "$pid" "$sockets" || fail "the random bytes' POP3 connection was not closed: $saw"
alive "$pid" || fail "the server died on hostile input"
r=$(smtp_noop "$SMTP") || fail "the SMTP host stopped answering after hostile input: $r"
wait_stat "$POP3" 51 5 || fail "the POP3 server stopped answering after hostile input: $saw"
echo "serve.sh: ok: a 1 MB line and random bytes did not hurt it"

# 4. SIGTERM: open SMTP sessions get 421, exit 0
exec 3<>"/dev/tcp/127.0.0.1/$SMTP" || fail "cannot connect"
# the session is open once its greeting has come
IFS= read -r -t 30 greeting <&3 || fail "no greeting within 30 s"
case $greeting in 220*) ;; *) fail "the greeting is not 220: $greeting" ;; esac
kill -TERM "$pid"
wait_gone "$pid" || fail "SIGTERM did not end the server: $saw"
wait "$pid"
rc=$?
pid=
reply=$(timeout 30 cat <&3)
exec 3>&-
[ "$rc" = 0 ] || fail "exit status $rc after SIGTERM"
echo "$reply" | grep -q '^421 4.3.2 smtp.isp.example' || fail "no 421 on SIGTERM: $reply"
echo "serve.sh: ok: SIGTERM -> 421 4.3.2 and exit 0"
# 5. without --headless, on a terminal: the live UI animates what real clients do
if command -v tmux >/dev/null 2>&1; then
	sock="serve-sh-$$"
	tmux -L "$sock" -f /dev/null new-session -d -x 100 -y 30 \
		"./mailpath serve --smtp 127.0.0.1:0 --mx 127.0.0.1:0 --pop3 127.0.0.1:0 --isp-pop3 127.0.0.1:0 --smtps 127.0.0.1:0 --pop3s 127.0.0.1:0 2>'$tmp/live'; echo \$? >'$tmp/live.rc'; sleep 60"
	screen() { tmux -L "$sock" capture-pane -p >"$tmp/screen"; }
	# the whole line, up to the next listener: a port is not read while it is drawn
	listeners() { screen && grep -q 'Live: smtp 127\.0\.0\.1:[0-9][0-9]*  pop3 ' "$tmp/screen"; }
	wait_until 30 listeners || fail "the live UI did not show its listeners within 30 s: $(cat "$tmp/screen" "$tmp/live")"
	LSMTP=$(sed -n 's/.*Live: smtp 127.0.0.1:\([0-9]*\)  pop3 .*/\1/p' "$tmp/screen")
	$CURL -sS "smtp://127.0.0.1:$LSMTP" --mail-from smith@isp.example --mail-rcpt boss@corp.example \
		-T "$tmp/msg.eml" || fail "curl could not submit to the live server"
	delivered() { screen && grep -q 'boss@corp.example  *1' "$tmp/screen" && grep -q '\[✉ 1\]' "$tmp/screen"; }
	wait_until 30 delivered || fail "the live UI never showed the delivery within 30 s: $(cat "$tmp/screen")"
	tmux -L "$sock" send-keys q
	wait_until 30 test -s "$tmp/live.rc" || fail "q did not end the live server within 30 s: $(cat "$tmp/screen")"
	[ "$(cat "$tmp/live.rc")" = 0 ] || fail "q did not end the live server with 0 (got $(cat "$tmp/live.rc"))"
	tmux -L "$sock" kill-server 2>/dev/null
	sock=
	echo "serve.sh: ok: the live UI showed curl's message arriving in boss's mailbox; q exits 0"
	n=5
else
	echo "serve.sh: tmux is missing: live UI check skipped"
	n=4
fi
echo "serve.sh: $n passed, 0 failed"
