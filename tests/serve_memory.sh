#!/usr/bin/env bash
# serve_memory.sh — serve's memory stays bounded under a sustained load,
# counted in messages: ROUNDS rounds of BATCH messages submitted over SMTP
# (pipelined, one session per round), relayed 3->4, retrieved and deleted over
# POP3. The trace keeps a window of 2048 events (--trace-window), so after the
# first round the resident memory must not keep growing with the messages.
set -u
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-6} BATCH=${BATCH:-500}
fail() { echo "serve_memory.sh: FAIL: $*"; echo "serve_memory.sh: 0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null' EXIT
./mailpath serve --headless --smtp 127.0.0.1:0 --mx 127.0.0.1:0 --pop3 127.0.0.1:0 \
	--isp-pop3 127.0.0.1:0 --trace-window 2048 </dev/null >"$tmp/out" 2>"$tmp/err" &
pid=$!
for i in $(seq 100); do [ "$(grep -c '^listening ' "$tmp/out")" = 4 ] && break; sleep 0.1; done
[ "$(grep -c '^listening ' "$tmp/out")" = 4 ] || fail "no 'listening' lines: $(cat "$tmp/err")"
port() { awk -v n="$1" '$1 == "listening" && $2 == n { sub(/.*:/, "", $3); print $3 }' "$tmp/out"; }
SMTP=$(port smtp) POP3=$(port pop3)

# One SMTP session, PIPELINING: BATCH messages, then QUIT; wait for its 221.
submit() {
	exec 3<>"/dev/tcp/127.0.0.1/$SMTP" || fail "cannot connect to smtp"
	{
		printf 'EHLO load.example\r\n'
		for i in $(seq "$BATCH"); do
			printf 'MAIL FROM:<smith@isp.example>\r\nRCPT TO:<boss@corp.example>\r\nDATA\r\n'
			printf 'From: smith@isp.example\r\nSubject: load %s\r\n\r\nmessage %s\r\n.\r\n' "$1.$i" "$i"
		done
		printf 'QUIT\r\n'
	} >&3
	timeout 60 grep -m1 -q '^221' <&3 || fail "round $1: no 221 to QUIT"
	exec 3>&-
}
# POP3 STAT: the number of messages in boss's maildrop.
stat() {
	exec 4<>"/dev/tcp/127.0.0.1/$POP3" || fail "cannot connect to pop3"
	printf 'USER boss\r\nPASS s3cret\r\nSTAT\r\nQUIT\r\n' >&4
	timeout 10 awk '/^\+OK [0-9]+ [0-9]+/ { print $2; exit }' <&4
	exec 4>&-
}
# RETR and DELE every message, QUIT (UPDATE): the maildrop is empty again.
drain() {
	exec 4<>"/dev/tcp/127.0.0.1/$POP3" || fail "cannot connect to pop3"
	{
		printf 'USER boss\r\nPASS s3cret\r\n'
		for i in $(seq "$1"); do printf 'RETR %s\r\nDELE %s\r\n' "$i" "$i"; done
		printf 'QUIT\r\n'
	} >&4
	timeout 60 grep -q 'signing off\|^+OK.*POP3 server signing off\|^+OK.*bye' <&4 ||
		timeout 1 cat <&4 >/dev/null
	exec 4>&-
}
rss() { awk '/VmRSS/ { print $2 }' "/proc/$pid/status"; }

first=0
for r in $(seq "$ROUNDS"); do
	submit "$r"
	n=0
	for i in $(seq 300); do n=$(stat); [ "${n:-0}" -ge "$BATCH" ] && break; sleep 0.1; done
	[ "${n:-0}" = "$BATCH" ] || fail "round $r: $n of $BATCH messages in the maildrop"
	drain "$n"
	for i in $(seq 50); do n=$(stat); [ "${n:-1}" = 0 ] && break; sleep 0.1; done
	[ "$n" = 0 ] || fail "round $r: $n messages left after DELE and QUIT"
	kb=$(rss)
	[ "$r" = 1 ] && first=$kb
	echo "serve_memory.sh: round $r: $((r * BATCH)) messages relayed and deleted, VmRSS $kb kB"
done
# The bound: what the first round needed, plus 8 MB for allocator slack.
[ "$kb" -le $((first + 8192)) ] ||
	fail "VmRSS grew from $first kB to $kb kB over $((ROUNDS * BATCH)) messages"
echo "serve_memory.sh: ok: VmRSS $first kB after $BATCH messages, $kb kB after $((ROUNDS * BATCH))"
echo "serve_memory.sh: 1 passed, 0 failed"
