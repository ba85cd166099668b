#!/usr/bin/env bash
# exports.sh — the exports of a run. --pcap: for every bundled scenario,
# tshark reads the capture with no malformed packet and no bad checksum, and
# shows the same SMTP commands and reply codes, POP3 commands and responses
# and as many DNS queries as the trace; the default run's first TCP stream is
# the first SMTP dialogue and carries the message (IMF); bad-password shows
# POP3's -ERR. --format msc and mermaid: the default scenario equals its
# golden file, tests/golden/default.msc and .mermaid (to rewrite one on
# purpose: ./mailpath run default --format msc > tests/golden/default.msc),
# and the chart fits 80 columns; markdown: a handout with the explanations.
# tshark comes from .ci/ensure-deps.
set -u
cd "$(dirname "$0")/.."
. tests/lib/lessons.sh
pass=0 failed=0
fail() { echo "exports.sh: FAIL: $*"; failed=$((failed + 1)); }
ok() { pass=$((pass + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v tshark >/dev/null 2>&1 || { echo "exports.sh: FAIL: tshark is not installed (sh .ci/ensure-deps all)"; exit 1; }
tshark() { command tshark "$@" 2>/dev/null; }   # no "running as root" chatter

# The distinct texts of the trace's events of a kind and protocol, cut by a
# sed expression: jtexts FILE KIND PROTO SED-EXPR
jtexts() {
	grep "\"kind\":\"$2\"" "$1" | grep "\"proto\":\"$3\"" | grep -v '"explain":"smtp:auth-response"' | grep -v '"tls":true' |
		sed -n 's/.*"text":"\([^"]*\)".*/\1/p' | sed -n "$4" | tr a-z A-Z | sort -u | tr '\n' ' '
}
# The distinct values of column COL of the fields file, upper-cased.
tvalues() {
	awk -F'\t' -v c="$2" '{ print $c }' "$1" | tr ' ' '\n' | grep -v '^$' | tr a-z A-Z | sort -u | tr '\n' ' '
}
same() {    # same WHAT WANT GOT
	if [ "$2" = "$3" ]; then ok; else fail "$1: the trace has [$2], tshark shows [$3]"; fi
}

for n in $(lessons_light); do
	p="$tmp/$n.pcap"
	./mailpath run "$n" --pcap "$p" --format json >"$tmp/$n.json" 2>"$tmp/err" ||
		{ fail "$n: run --pcap: $(head -3 "$tmp/err")"; continue; }
	[ -s "$p" ] || { fail "$n: no capture written"; continue; }
	# one pass (tshark starts slowly): a line per packet; column 9 is what
	# `tshark -r FILE -Y _ws.malformed` would select
	command tshark -r "$p" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE \
		-T fields -E occurrence=a -E aggregator=/s -e ip.checksum.status -e tcp.checksum.status \
		-e udp.checksum.status -e smtp.req.command -e smtp.response.code -e pop.request.command \
		-e pop.response.indicator -e dns.flags.response -e _ws.malformed >"$tmp/f" 2>"$tmp/err" ||
		{ fail "$n: tshark cannot read the capture: $(head -3 "$tmp/err")"; continue; }
	[ -s "$tmp/f" ] && ok || fail "$n: an empty capture"
	malformed=$(awk -F'\t' '$9 != "" { print NR ": " $9 }' "$tmp/f" | head -3)
	[ -z "$malformed" ] && ok || fail "$n: malformed packets: $malformed"
	bad=$(awk -F'\t' '$1 == "0" || $2 == "0" || $3 == "0"' "$tmp/f" | wc -l)
	[ "$bad" = 0 ] && ok || fail "$n: $bad packets with a bad checksum"
	# (Wireshark keeps 4 letters of a command: STARTTLS is STAR)
	same "$n: SMTP commands" "$(jtexts "$tmp/$n.json" cmd SMTP 's/^\([A-Za-z]\{1,4\}\).*/\1/p')" "$(tvalues "$tmp/f" 4)"
	same "$n: SMTP replies" "$(jtexts "$tmp/$n.json" reply SMTP 's/^\([0-9][0-9][0-9]\).*/\1/p')" \
		"$(tvalues "$tmp/f" 5)"
	same "$n: POP3 commands" "$(jtexts "$tmp/$n.json" cmd POP3 's/^\([A-Za-z]*\).*/\1/p')" "$(tvalues "$tmp/f" 6)"
	same "$n: POP3 responses" "$(jtexts "$tmp/$n.json" reply POP3 's/^\([-+][A-Z]*\).*/\1/p')" \
		"$(tvalues "$tmp/f" 7)"
	want=$(grep -c '"kind":"dns-query"' "$tmp/$n.json")
	got=$(awk -F'\t' '$8 == "0"' "$tmp/f" | wc -l)
	[ "$want" = "$got" ] && ok || fail "$n: $want DNS queries in the trace, $got in the capture"
	./mailpath run "$n" --pcap "$tmp/again.pcap" >/dev/null 2>&1
	cmp -s "$p" "$tmp/again.pcap" && ok || fail "$n: two captures of the same run differ"
done

# The first stream is Smith's SMTP dialogue, and the message crosses as IMF.
p="$tmp/default.pcap"
tshark -r "$p" -q -z follow,tcp,ascii,0 >"$tmp/follow"
for line in '220 smtp.isp.example ESMTP' 'EHLO smith-pc.isp.example' 'MAIL FROM:<smith@isp.example>' \
	'354 ' 'Subject: Progress report' '250 2.0.0 Ok: queued as' 'QUIT' '221 2.0.0'; do
	grep -qF -- "$line" "$tmp/follow" && ok || fail "default: stream 0 lacks '$line'"
done
[ "$(tshark -r "$p" -Y imf -T fields -e imf.subject | sort -u)" = "Progress report" ] && ok ||
	fail "default: no IMF message with the subject 'Progress report'"
[ "$(tshark -r "$p" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0' -T fields -e tcp.dstport | tr '\n' ' ')" = "25 25 110 " ] &&
	ok || fail "default: the connections are not 25, 25, 110"
tshark -r "$p" -Y 'dns.qry.type == 15 && dns.flags.response == 1' -T fields -e dns.mx.mail_exchange |
	grep -qx 'mail.corp.example' && ok || fail "default: no DNS answer naming mail.corp.example as MX"
tshark -r "$tmp/bad-password.pcap" -Y 'pop.response.indicator == "-ERR"' -T fields -e pop.response.description |
	grep -q 'Invalid login' && ok || fail "bad-password: no POP3 -ERR in the capture"
tshark -r "$tmp/dns-nxdomain.pcap" -Y 'dns.flags.rcode == 3' | grep -q . && ok ||
	fail "dns-nxdomain: no NXDOMAIN answer in the capture"

# The charts of the default scenario, against their golden files.
for f in msc mermaid; do
	./mailpath run default --format "$f" >"$tmp/default.$f" 2>"$tmp/err" || fail "run --format $f: $(head -3 "$tmp/err")"
	if diff -u "tests/golden/default.$f" "$tmp/default.$f" >"$tmp/diff"; then ok; else
		fail "--format $f differs from tests/golden/default.$f:"; head -20 "$tmp/diff"; fi
done
wide=$(awk 'length($0) > 80' "$tmp/default.msc" | head -3)
[ -z "$wide" ] && ok || fail "the msc chart is wider than 80 columns: $wide"
head -1 "$tmp/default.mermaid" | grep -q '^%%' && sed -n 2p "$tmp/default.mermaid" | grep -qx 'sequenceDiagram' &&
	ok || fail "mermaid: no sequenceDiagram"
for host in smith-pc.isp.example smtp.isp.example ns.isp.example mail.corp.example boss-pc.corp.example; do
	grep -q "^    participant .* as $host\$" "$tmp/default.mermaid" && ok || fail "mermaid: no participant $host"
done

./mailpath run default --format markdown >"$tmp/md" || fail "run --format markdown"
for want in '^# The mail path, start to finish$' '^## Transcript$' '^### Hop 5b ' 'RFC 5321 4.1.1.4' \
	'^> \*\*Note.\*\* ' '^## Questions for students$' '^## What the scenario expects$' '^```text$'; do
	grep -q -- "$want" "$tmp/md" && ok || fail "markdown: no line matching '$want'"
done
[ "$(grep -c '\*\*354 — ' "$tmp/md")" = 1 ] && ok || fail "markdown: 354 is not explained exactly once"

# Errors: an unknown format, a capture that cannot be written.
./mailpath run default --format pdf >/dev/null 2>&1; [ $? = 2 ] && ok || fail "--format pdf: not exit 2"
./mailpath run default --pcap /nonexistent-dir/x.pcap >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q 'nonexistent-dir/x.pcap' "$tmp/err" && ok || fail "--pcap to a missing directory: not exit 2"

echo "exports.sh: $pass passed, $failed failed"
[ "$failed" = 0 ]
