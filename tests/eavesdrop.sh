#!/usr/bin/env bash
# eavesdrop.sh — who else can read it: `run --eavesdrop LINK` on the three
# TLS lessons (Smith's credentials decoded on the plaintext path, none with
# TLS), the downgrade's expectations with relay-tls may and encrypt, the TLS
# capture in tshark (TLS records on 587, 25, 110 and 995, nothing malformed),
# and the UI's observer pane and lock at 80x24 in tmux (bounded waits).
set -u
cd "$(dirname "$0")/.."
pass=0 failed=0
fail() { echo "eavesdrop.sh: FAIL: $*"; failed=$((failed + 1)); }
ok() { pass=$((pass + 1)); }
tmp=$(mktemp -d)
SOCK="mailpath-eaves-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
has() { grep -qF -- "$2" "$1" && ok || fail "$3: no '$2' in: $(head -c 600 "$1")"; }
hasnt() { grep -qF -- "$2" "$1" && fail "$3: '$2' is there" || ok; }

# the plaintext path: 2-3 shows the AUTH PLAIN line, decoded, and the secrets
./mailpath run eavesdropper --eavesdrop 2-3 >"$tmp/e23" 2>"$tmp/err"
[ $? = 0 ] && ok || fail "run eavesdropper --eavesdrop 2-3: exit $? $(cat "$tmp/err")"
has "$tmp/e23" "AUTH PLAIN AHNtaXRoAHMzY3JldA==  <-- base64 of" "eavesdropper 2-3"
has "$tmp/e23" "secret: AUTH PLAIN smith / s3cret" "eavesdropper 2-3"
has "$tmp/e23" 'secret: message "Progress report"' "eavesdropper 2-3"
./mailpath run eavesdropper --eavesdrop 4-5 >"$tmp/e45"
has "$tmp/e45" "secret: PASS s3cret (POP3, boss)" "eavesdropper 4-5"
./mailpath run eavesdropper --eavesdrop 3-dns >"$tmp/edns"
has "$tmp/edns" "DNS MX corp.example?" "eavesdropper 3-dns"
has "$tmp/edns" "secrets: none" "eavesdropper 3-dns"
# with TLS: records only, no secret, but the server's name in the ClientHello
for l in 2-3 3-4 4-5; do
	./mailpath run starttls --eavesdrop $l >"$tmp/s$l" 2>"$tmp/err" || fail "starttls $l: $(cat "$tmp/err")"
	has "$tmp/s$l" "secrets: none" "starttls $l"
	has "$tmp/s$l" "[TLS record, " "starttls $l"
	hasnt "$tmp/s$l" "s3cret" "starttls $l"
done
has "$tmp/s2-3" "[TLS ClientHello, 180 bytes: server name smtp.isp.example, in clear]" "starttls 2-3"
# the same determinism as run
./mailpath run starttls --eavesdrop 2-3 | cmp -s - "$tmp/s2-3" && ok || fail "two --eavesdrop runs differ"
# usage
./mailpath run starttls --eavesdrop 2-9 >/dev/null 2>"$tmp/err"
[ $? = 2 ] && ok || fail "--eavesdrop 2-9 should exit 2"
has "$tmp/err" "2-3, 3-4, 4-5 or 3-dns" "--eavesdrop 2-9"

# the downgrade: with may the message crosses 3-4 in clear; with encrypt it stays queued
./mailpath run downgrade >"$tmp/dg" 2>"$tmp/err" && ok || fail "downgrade: $(cat "$tmp/err")"
has "$tmp/dg" "a man-in-the-middle on the link deletes 250-STARTTLS" "downgrade"
./mailpath run downgrade --eavesdrop 3-4 >"$tmp/dg34"
has "$tmp/dg34" 'secret: message "Progress report"' "downgrade 3-4"
sed 's/^relay-tls may /relay-tls encrypt /' scenarios/downgrade.scn >"$tmp/encrypt.scn"
./mailpath run "$tmp/encrypt.scn" >"$tmp/enc" 2>"$tmp/err"
[ $? = 1 ] && ok || fail "downgrade with encrypt: its may-expectations should fail (exit 1)"
has "$tmp/enc" "status=deferred (454 4.7.4 TLS is required" "downgrade encrypt"
has "$tmp/enc" "FAILED: expect delivered boss@corp.example" "downgrade encrypt"
has "$tmp/enc" "FAILED: expect secret-seen 3-4" "downgrade encrypt"
hasnt "$tmp/enc" "stores the message in boss@corp.example" "downgrade encrypt"

# the TLS capture in tshark: TLS records on 587, 25, 110 (STLS) and 995, nothing malformed
if command -v tshark >/dev/null 2>&1; then
	./mailpath run starttls --pcap "$tmp/x.pcap" >/dev/null || fail "run starttls --pcap"
	command tshark -r "$tmp/x.pcap" -Y tls -T fields -e tcp.srcport -e tcp.dstport \
		-e tls.handshake.extensions_server_name 2>/dev/null >"$tmp/tls"
	for port in 587 25 110 995; do
		awk -v p=$port '$1 == p || $2 == p' "$tmp/tls" | grep -q . && ok || fail "tshark: no TLS on port $port"
	done
	has "$tmp/tls" "mail.corp.example" "tshark SNI"
	m=$(command tshark -r "$tmp/x.pcap" -Y _ws.malformed 2>/dev/null | wc -l)
	[ "$m" = 0 ] && ok || fail "tshark: $m malformed packets"
	# what tshark reads in clear is what the trace has outside TLS: no AUTH, no PASS
	command tshark -r "$tmp/x.pcap" -T fields -e smtp.req.command -e pop.request.command 2>/dev/null |
		grep -qE 'AUTH|PASS|USER' && fail "tshark reads a login in clear" || ok
else
	[ "$(id -u)" = 0 ] && fail "tshark is missing (sh .ci/ensure-deps all)" || echo "eavesdrop.sh: SKIP tshark"
fi

# the UI at 80x24: key e shows the observer pane; the lock on a link inside TLS
if command -v tmux >/dev/null 2>&1; then
	T() { tmux -L "$SOCK" "$@"; }
	starts=0
	start() {       # ENV SCENARIO: a fresh 80x24 terminal (a tmux server of its own)
		T kill-server 2>/dev/null
		starts=$((starts + 1))
		SOCK="mailpath-eaves-$$-$starts"
		T -f /dev/null new-session -d -x 80 -y 24 "env $1 ./mailpath play $2; sleep 60"
		T set -g status off >/dev/null
	}
	screen() { T capture-pane -p -t 0; }
	wait_for() {    # REGEX: until the screen matches, at most 30 s
		for _ in $(seq 300); do
			screen | grep -q -- "$1" && return 0
			sleep 0.1
		done
		return 1
	}
	start LC_ALL=C.UTF-8 eavesdropper
	wait_for ' 1/' || fail "UI did not start"
	T send-keys -t 0 End
	wait_for '160/160' || fail "UI: End"
	T send-keys -t 0 e
	wait_for 'Observer on 2-3' && ok || fail "UI: e shows no observer pane: $(screen)"
	wait_for 'secrets: 2, first AUTH PLAI' && ok || fail "UI: the pane shows no secret: $(screen)"
	T send-keys -t 0 e
	wait_for 'Observer on 3-4' && ok || fail "UI: e again: $(screen)"
	T send-keys -t 0 e e e
	wait_for ' World ' && ok || fail "UI: e five times: off again: $(screen)"
	# starttls: event 41 is inside TLS on 2-3: a lock, [TLS]-less ASCII says TLS
	for look in "LC_ALL=C.UTF-8" "LANG=C LC_ALL=C"; do
		start "$look" starttls
		wait_for ' 1/' || fail "UI ($look) did not start"
		for _ in $(seq 40); do T send-keys -t 0 n; done
		wait_for ' 41/' || fail "UI ($look): stepping"
		if [ "$look" = "LC_ALL=C.UTF-8" ]; then
			screen | sed -n 4p | grep -q "smith-pc │ 🔒 │ smtp.isp" && ok || fail "UI: no lock on 2-3: $(screen | sed -n 1,6p)"
		else
			screen | sed -n 4p | grep -q "smith-pc |TLS | smtp.isp" && ok || fail "UI: no TLS on 2-3: $(screen | sed -n 1,6p)"
		fi
	done
	T kill-server 2>/dev/null
else
	[ "$(id -u)" = 0 ] && fail "tmux is missing (sh .ci/ensure-deps all)" || echo "eavesdrop.sh: SKIP tmux"
fi

echo "eavesdrop: $pass passed, $failed failed"
[ "$failed" = 0 ]
