#!/usr/bin/env bash
# diff.sh — `mailpath diff LEFT RIGHT` ("what if?") and the beliefs in the
# JSON: greylisting shows the fold, the 451, the retry and the later delivery
# and exits 1; a run against itself exits 0 (text and JSON); bad input exits 2;
# every state event of every session of every bundled lesson carries what the
# client and the server believe.
set -u
cd "$(dirname "$0")/.."
. tests/lib/lessons.sh
pass=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
fail() { failed=$((failed + 1)); echo "diff.sh: FAIL: $*"; }
check() {   # check NAME WANT_STATUS COMMAND...
	local name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	local rc=$?
	if [ "$rc" = "$want" ]; then ok; else fail "$name: exit $rc, wanted $want: $(head -c 300 "$tmp/err")"; fi
}
has() {     # has NAME FILE PATTERN
	if grep -q -- "$3" "$tmp/$2"; then ok; else fail "$1: no '$3' in $2"; fi
}

check "diff --help" 0 ./mailpath diff --help;    has "diff --help" out 'Usage: mailpath diff'
check "diff --version" 0 ./mailpath diff --version
check "diff --bogus" 2 ./mailpath diff --bogus;  has "diff --bogus" err 'unknown option'

# The question of the issue: what changes when the corporate host greylists?
check "greylist" 1 ./mailpath diff default default+greylist
cp "$tmp/out" "$tmp/grey"
has "fold" grey '^= [0-9][0-9]* events alike, up to +0\.504s 3→4 C: RCPT TO:<boss@corp.example>$'
has "fault after the fold" grey '^+ .*FAULT: fault greylist'
has "the 451" grey '^+ .*4→3 S: 451 4\.7\.1'
has "deferred" grey '^+ .*queue: .*deferred: the message stays in the queue'
has "the retry" grey '^+ +5m00\.[0-9]*s  3 queue: .*delivery attempt 2'
has "shifted alike" grey '^= .*C: DATA  (right +5m00\.[0-9]*s)$'
has "outcome 451" grey '^  451 at hop 3: 0 vs 1$'
has "later delivery" grey '^  first delivery to boss@corp.example: +0\.[0-9]*s vs +5m0[0-9]\.[0-9]*s$'
has "verdict" grey '^the runs are different$'
# the first line after the fold is the fault: nothing before it but the headers
[ "$(sed -n 3p "$tmp/grey" | cut -c1-2)" = "= " ] && [ "$(grep -c '^= [0-9]* events alike, up' "$tmp/grey")" = 1 ] &&
	ok || fail "the common prefix is not one line at the top"

check "alike" 0 ./mailpath diff default default
has "alike fold" out '^= 163 events alike'
has "alike verdict" out '^the runs are alike$'
[ "$(grep -c '^[-+] ' "$tmp/out")" = 0 ] && ok || fail "alike runs show - or + lines"
check "alike json" 0 ./mailpath diff default default --format json
python3 - "$tmp/out" <<'PY' && ok || fail "alike json"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines[0]["op"] == "fold" and lines[0]["count"] == 163, lines[0]
assert lines[-1]["outcome"]["alike"] is True and lines[-1]["outcome"]["differences"] == []
PY

check "greylist json" 1 ./mailpath diff default default+greylist --format json
python3 - "$tmp/out" <<'PY' && ok || fail "greylist json"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ops = [l.get("op") for l in lines[:-1]]
assert set(ops) <= {"=", "-", "+", "fold"}, ops
for l in lines[:-1]:
    for side in ("left", "right"):
        ev = l[side]
        assert ev is None or set(["t", "hop", "kind", "from", "to", "text"]) <= set(ev), l
    assert (l["left"] is None) == (l["op"] == "+") and (l["right"] is None) == (l["op"] == "-"), l
assert any(l["op"] == "+" and l["right"]["text"].startswith("451 4.7.1") for l in lines[:-1])
out = lines[-1]["outcome"]
assert out["alike"] is False
assert {"what": "451 at hop 3", "left": "0", "right": "1"} in out["differences"], out
PY

check "seed" 0 ./mailpath diff default default --seed 7
check "one run" 2 ./mailpath diff default
check "three runs" 2 ./mailpath diff default default default
check "unknown scenario" 2 ./mailpath diff default nosuch
check "unknown fault" 2 ./mailpath diff default default+greylst; has "did you mean" err "did you mean 'greylist'"
check "bad time" 2 ./mailpath diff default default+corp-down@soon
check "bad format" 2 ./mailpath diff default default --format xml
check "many faults" 1 ./mailpath diff default default+corp-down@2s+dns-servfail

# Beliefs: every state event of every bundled lesson says what both ends believe.
for n in $(lessons_light); do
	./mailpath run "$n" --format json >"$tmp/$n.json" 2>/dev/null
	python3 - "$tmp/$n.json" <<'PY' && ok || fail "$n: beliefs missing in the JSON"
import json, sys
sessions = {}
for line in open(sys.argv[1]):
    ev = json.loads(line)
    if ev["kind"] == "state" and ev["proto"] in ("SMTP", "POP3"):
        assert ev.get("client_believes") and ev.get("server_believes"), ev
        sessions[ev["session"]] = True
assert sessions, "no sessions"
PY
done
echo "diff.sh: $pass passed, $failed failed"
[ "$failed" = 0 ]
