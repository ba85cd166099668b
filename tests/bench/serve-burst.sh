#!/usr/bin/env bash
# serve-burst.sh — DESIGN.md: a burst of 100 customer messages reaches the
# corporate maildrop within about half a minute. Measured, with curl.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
./mailpath serve --headless --smtp 127.0.0.1:0 --mx 127.0.0.1:0 --pop3 127.0.0.1:0 \
	--isp-pop3 127.0.0.1:0 --smtps 127.0.0.1:0 --pop3s 127.0.0.1:0 </dev/null >"$tmp/out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for i in $(seq 50); do [ "$(grep -c '^listening ' "$tmp/out")" = 6 ] && break; sleep 0.1; done
port() { awk -v n="$1" '$1 == "listening" && $2 == n { sub(/.*:/, "", $3); print $3 }' "$tmp/out"; }
SMTP=$(port smtp) POP3=$(port pop3)
printf 'From: smith@isp.example\r\nTo: boss@corp.example\r\nSubject: burst\r\n\r\nHello.\r\n' >"$tmp/m"
t0=$(date +%s.%N)
for i in $(seq 100); do
	curl -sS "smtp://127.0.0.1:$SMTP" --mail-from smith@isp.example --mail-rcpt boss@corp.example -T "$tmp/m" &
done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null
t1=$(date +%s.%N)
n=0
for i in $(seq 600); do
	n=$(curl -s "pop3://boss:s3cret@127.0.0.1:$POP3/" | wc -l)
	[ "$n" -ge 100 ] && break
	sleep 0.05
done
t2=$(date +%s.%N)
rss=$(awk '/VmHWM/ { print $2 / 1024 }' /proc/$pid/status)
printf 'serve burst: 100 messages submitted in %.2f s, all 100 in the maildrop after %.2f s; server peak RSS %.1f MB\n' \
	"$(awk -v a="$t1" -v b="$t0" 'BEGIN { print a - b }')" "$(awk -v a="$t2" -v b="$t0" 'BEGIN { print a - b }')" "$rss"
[ "$n" -ge 100 ] && awk -v a="$t2" -v b="$t0" 'BEGIN { exit !(a - b < 30) }' && echo "serve burst: target met (< 30 s)" && exit 0
echo "serve burst: target MISSED ($n of 100)"; exit 1
