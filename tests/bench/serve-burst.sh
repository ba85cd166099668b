#!/usr/bin/env bash
# serve-burst.sh — DESIGN.md: a burst of 100 customer messages reaches the
# corporate maildrop within about half a minute. Measured, with curl; the
# maildrop is counted with POP3 STAT (tests/lib/wait.sh).
set -u
cd "$(dirname "$0")/../.."
. tests/lib/wait.sh
tmp=$(mktemp -d)
./mailpath serve --headless --smtp 127.0.0.1:0 --mx 127.0.0.1:0 --pop3 127.0.0.1:0 \
	--isp-pop3 127.0.0.1:0 --smtps 127.0.0.1:0 --pop3s 127.0.0.1:0 </dev/null >"$tmp/out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
wait_listening "$tmp/out" 6 "$pid" || { echo "serve burst: the server is not ready: $saw: $(cat "$tmp/out")"; exit 1; }
SMTP=$(port_of "$tmp/out" smtp) POP3=$(port_of "$tmp/out" pop3)
printf 'From: smith@isp.example\r\nTo: boss@corp.example\r\nSubject: burst\r\n\r\nHello.\r\n' >"$tmp/m"
t0=$(date +%s.%N)
for i in $(seq 100); do
	curl --max-time 60 -sS "smtp://127.0.0.1:$SMTP" --mail-from smith@isp.example --mail-rcpt boss@corp.example -T "$tmp/m" &
done
failed=0
for j in $(jobs -p); do [ "$j" = "$pid" ] || wait "$j" || failed=$((failed + 1)); done
t1=$(date +%s.%N)
# the bound is twice the target: a miss is measured, not cut short
wait_stat "$POP3" 100 60
got=$?
t2=$(date +%s.%N)
rss=$(awk '/VmHWM/ { print $2 / 1024 }' /proc/$pid/status)
printf 'serve burst: 100 messages submitted in %.2f s, all 100 in the maildrop after %.2f s; server peak RSS %.1f MB\n' \
	"$(awk -v a="$t1" -v b="$t0" 'BEGIN { print a - b }')" "$(awk -v a="$t2" -v b="$t0" 'BEGIN { print a - b }')" "$rss"
[ "$failed" = 0 ] || { echo "serve burst: $failed submissions failed"; exit 1; }
[ "$got" = 0 ] || { echo "serve burst: target MISSED: $saw"; exit 1; }
awk -v a="$t2" -v b="$t0" 'BEGIN { exit !(a - b < 30) }' && echo "serve burst: target met (< 30 s)" && exit 0
echo "serve burst: target MISSED (all 100 arrived, but after 30 s)"; exit 1
