#!/usr/bin/env bash
# serve.sh — `mailpath serve --headless` with real clients over loopback:
# curl submits on the ISP host, the message travels the simulated path, curl
# retrieves it over POP3; 50 concurrent sessions; hostile bytes; SIGTERM.
set -u
cd "$(dirname "$0")/.."
fail() { echo "serve.sh: FAIL: $*"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; exit 1; }
command -v curl >/dev/null 2>&1 || fail "curl is missing (make test installs it as root)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null' EXIT

./mailpath serve --headless --smtp 127.0.0.1:0 --mx 127.0.0.1:0 --pop3 127.0.0.1:0 \
	--isp-pop3 127.0.0.1:0 --smtps 127.0.0.1:0 --pop3s 127.0.0.1:0 --idle-timeout 5 </dev/null >"$tmp/out" 2>"$tmp/err" &
pid=$!
for i in $(seq 50); do
	[ "$(grep -c '^listening ' "$tmp/out")" = 6 ] && break
	sleep 0.1
done
[ "$(grep -c '^listening ' "$tmp/out")" = 6 ] || fail "no 'listening' lines: $(cat "$tmp/err")"
port() { awk -v n="$1" '$1 == "listening" && $2 == n { sub(/.*:/, "", $3); print $3 }' "$tmp/out"; }
SMTP=$(port smtp) POP3=$(port pop3)
echo "serve.sh: listening on smtp $SMTP, pop3 $POP3"

count() { curl -s "pop3://boss:s3cret@127.0.0.1:$POP3/" | wc -l; }
wait_count() {
	for i in $(seq 100); do [ "$(count)" -ge "$1" ] && return 0; sleep 0.2; done
	return 1
}

# 1. one message with curl, through the simulated path to boss's maildrop
printf 'From: Smith <smith@isp.example>\r\nTo: boss@corp.example\r\nSubject: Progress report\r\n\r\nHi,\r\n.a line that starts with a dot\r\nSmith\r\n' >"$tmp/msg.eml"
curl -sS "smtp://127.0.0.1:$SMTP" --mail-from smith@isp.example --mail-rcpt boss@corp.example \
	-T "$tmp/msg.eml" || fail "curl could not submit"
wait_count 1 || fail "the message did not reach boss's maildrop"
curl -sS "pop3://boss:s3cret@127.0.0.1:$POP3/1" >"$tmp/got" || fail "curl could not RETR"
grep -q '^Received: from smtp.isp.example ' "$tmp/got" || fail "no Received: line of hop 4"
grep -q '^Received: from .*\[127.0.0.1\])' "$tmp/got" || fail "no Received: line of hop 3"
grep -q '^Return-Path: <smith@isp.example>' "$tmp/got" || fail "no Return-Path:"
grep -q '^\.a line that starts with a dot' "$tmp/got" || fail "dot-stuffing lost the dotted line"
echo "serve.sh: ok: curl -> ISP -> (DNS, relay) -> corp -> POP3, with both Received: lines"

# 2. 50 concurrent SMTP sessions, each delivering one message
for i in $(seq 50); do
	curl -sS "smtp://127.0.0.1:$SMTP" --mail-from smith@isp.example --mail-rcpt boss@corp.example \
		-T "$tmp/msg.eml" >/dev/null 2>"$tmp/c$i" &
done
wait_children() { for j in $(jobs -p); do [ "$j" = "$pid" ] || wait "$j" || return 1; done; }
wait_children || fail "a concurrent submission failed"
wait_count 51 || fail "not all 50 concurrent messages reached the maildrop ($(count) of 51)"
echo "serve.sh: ok: 50 concurrent sessions, 51 messages in the maildrop"

# 3. hostile bytes: a 1 MB line without LF, random bytes, NULs; the server survives
exec 3<>"/dev/tcp/127.0.0.1/$SMTP" || fail "cannot connect"
head -c 1048576 /dev/zero | tr '\0' 'A' >&3
printf '\r\nNOOP\r\n' >&3
head -c 4096 /dev/urandom >&3
printf '\r\nQUIT\r\n' >&3
sleep 0.5
exec 3>&-
exec 3<>"/dev/tcp/127.0.0.1/$POP3" || fail "cannot connect to POP3"
head -c 65536 /dev/urandom >&3
exec 3>&-
sleep 0.3
kill -0 "$pid" 2>/dev/null || fail "the server died on hostile input"
[ "$(count)" -ge 51 ] || fail "the server stopped answering after hostile input"
echo "serve.sh: ok: a 1 MB line and random bytes did not hurt it"

# 4. SIGTERM: open SMTP sessions get 421, exit 0
exec 3<>"/dev/tcp/127.0.0.1/$SMTP"
sleep 0.3
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
reply=$(timeout 2 cat <&3)
exec 3>&-
[ "$rc" = 0 ] || fail "exit status $rc after SIGTERM"
echo "$reply" | grep -q '^421 4.3.2 smtp.isp.example' || fail "no 421 on SIGTERM: $reply"
echo "serve.sh: ok: SIGTERM -> 421 4.3.2 and exit 0"
# 5. without --headless, on a terminal: the live UI animates what real clients do
if command -v tmux >/dev/null 2>&1; then
	sock="serve-sh-$$"
	tmux -L "$sock" -f /dev/null new-session -d -x 100 -y 30 \
		"./mailpath serve --smtp 127.0.0.1:0 --mx 127.0.0.1:0 --pop3 127.0.0.1:0 --isp-pop3 127.0.0.1:0 --smtps 127.0.0.1:0 --pop3s 127.0.0.1:0 2>'$tmp/live'; echo \$? >'$tmp/live.rc'; sleep 5"
	for i in $(seq 50); do grep -q 'Live: smtp' <(tmux -L "$sock" capture-pane -p) && break; sleep 0.1; done
	LSMTP=$(tmux -L "$sock" capture-pane -p | sed -n 's/.*Live: smtp 127.0.0.1:\([0-9]*\).*/\1/p')
	[ -n "$LSMTP" ] || { tmux -L "$sock" kill-server; fail "the live UI did not show its listeners"; }
	curl -sS "smtp://127.0.0.1:$LSMTP" --mail-from smith@isp.example --mail-rcpt boss@corp.example \
		-T "$tmp/msg.eml" || { tmux -L "$sock" kill-server; fail "curl could not submit to the live server"; }
	for i in $(seq 50); do
		tmux -L "$sock" capture-pane -p >"$tmp/screen"
		grep -q 'boss@corp.example  *1' "$tmp/screen" && grep -q '\[✉ 1\]' "$tmp/screen" && break
		sleep 0.2
	done
	grep -q 'boss@corp.example  *1' "$tmp/screen" || { tmux -L "$sock" kill-server; fail "the live UI never showed the delivery: $(cat "$tmp/screen")"; }
	tmux -L "$sock" send-keys q
	for i in $(seq 30); do [ -s "$tmp/live.rc" ] && break; sleep 0.1; done
	tmux -L "$sock" kill-server 2>/dev/null
	[ "$(cat "$tmp/live.rc" 2>/dev/null)" = 0 ] || fail "q did not end the live server with 0"
	echo "serve.sh: ok: the live UI showed curl's message arriving in boss's mailbox; q exits 0"
	n=5
else
	echo "serve.sh: tmux is missing: live UI check skipped"
	n=4
fi
echo "serve.sh: $n passed, 0 failed"
