#!/usr/bin/env bash
# cli.sh — the command-line contract of DESIGN.md: exit statuses, --help and
# --version everywhere, errors as FILE:LINE:COL, JSON Lines with all keys.
set -u
cd "$(dirname "$0")/.."
pass=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() {   # check NAME WANT_STATUS COMMAND...
	local name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	local rc=$?
	if [ "$rc" = "$want" ]; then pass=$((pass + 1)); else
		failed=$((failed + 1))
		echo "cli.sh: FAIL: $name: exit $rc, wanted $want: $(head -c 300 "$tmp/err")"
	fi
}
has() {     # has NAME FILE PATTERN
	if grep -q -- "$3" "$tmp/$2"; then pass=$((pass + 1)); else
		failed=$((failed + 1)); echo "cli.sh: FAIL: $1: no '$3' in $2"; fi
}

check "--version" 0 ./mailpath --version;                has "version" out '^mailpath [0-9]*\.[0-9]*\.[0-9]*$'
for c in play run list check explain serve; do
	check "$c --help" 0 ./mailpath "$c" --help;       has "$c --help" out 'Usage: mailpath'
	check "$c --version" 0 ./mailpath "$c" --version
	check "$c --bogus" 2 ./mailpath "$c" --bogus;     has "$c --bogus" err 'unknown option'
done
check "unknown command" 2 ./mailpath frobnicate
check "run --help lists faults" 0 ./mailpath run --help; has "faults" out 'greylist'
check "list" 0 ./mailpath list;                          has "list default first" out '^default  *The mail path'
check "run without scenario" 2 ./mailpath run
check "run unknown scenario" 2 ./mailpath run no-such-lesson; has "unknown" err "unknown scenario"
check "run bad fault" 2 ./mailpath run default --fault greylst; has "did you mean" err "greylist"
check "run bad format" 2 ./mailpath run default --format xml
check "run bad seed" 2 ./mailpath run default --seed -3
check "explain 354" 0 ./mailpath explain 354;            has "explain 354" out 'RFC 5321'
check "explain QUIT" 0 ./mailpath explain quit;          has "explain QUIT smtp" out 'smtp:QUIT'; has "explain QUIT pop3" out 'pop3:QUIT'
check "explain UPDATE" 0 ./mailpath explain UPDATE;      has "explain UPDATE" out 'RFC 1939'
check "explain list" 0 ./mailpath explain;               has "explain list" out 'smtp:RCPT'
check "explain unknown" 2 ./mailpath explain XYZZY

# check: nothing for a valid file, FILE:LINE:COL for a broken one
for f in scenarios/*.scn; do check "check $f" 0 ./mailpath check "$f"; [ -s "$tmp/out" ] && { failed=$((failed + 1)); echo "cli.sh: FAIL: check $f printed $(head -1 "$tmp/out")"; }; done
printf 'title "broken"\nsned to boss@corp.example\nfault greylst\n' >"$tmp/bad.scn"
check "check broken" 2 ./mailpath check "$tmp/bad.scn"
has "check broken line 2" out "^$tmp/bad.scn:2:1: unknown directive 'sned'"
has "check broken line 3" out "^$tmp/bad.scn:3:7: unknown fault 'greylst'"
check "run broken" 2 ./mailpath run "$tmp/bad.scn";     has "run broken" err "bad.scn:2:1:"

# a false expectation: exit 1, saying which
cat >"$tmp/false.scn" <<'SCN'
title "A false expectation"
send to boss@corp.example subject "hello"
check boss
expect maildrop boss@corp.example 5
SCN
check "false expectation" 1 ./mailpath run "$tmp/false.scn"; has "which failed" err 'false.scn:4: FAILED'

# JSON Lines: every line has t, hop, kind, from, to, text; hops 1..5b all appear
check "json" 0 ./mailpath run default --format json
if command -v python3 >/dev/null 2>&1; then
	python3 - "$tmp/out" <<'PY' && pass=$((pass + 1)) || { failed=$((failed + 1)); echo "cli.sh: FAIL: json lines"; }
import json, sys
hops = set()
for line in open(sys.argv[1], encoding="utf-8"):
    ev = json.loads(line)
    for k in ("t", "hop", "kind", "from", "to", "text"):
        assert k in ev and ev[k] is not None, (k, ev)
    assert isinstance(ev["from"], str) and isinstance(ev["to"], str)
    hops.add(ev["hop"])
    if ev["kind"] == "state" and ev["text"] in ("AUTHORIZATION", "TRANSACTION", "UPDATE"):
        assert ev["hop"] in ("5a", "5b"), ev
assert {"1", "2", "3", "4", "5a", "5b"} <= hops, hops
PY
else
	for h in '"hop":"1"' '"hop":"2"' '"hop":"3"' '"hop":"4"' '"hop":"5a"' '"hop":"5b"'; do has "json $h" out "$h"; done
fi
# from any working directory
(cd / && "$OLDPWD/mailpath" run bad-password >/dev/null 2>&1) && pass=$((pass + 1)) ||
	{ failed=$((failed + 1)); echo "cli.sh: FAIL: run from / does not find the bundled scenario"; }
echo "cli.sh: $pass passed, $failed failed"
[ "$failed" = 0 ]
