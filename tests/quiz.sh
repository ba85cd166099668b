#!/usr/bin/env bash
# quiz.sh — `mailpath quiz` for autograders (DESIGN.md, Round 2): the JSON
# questions' "event" lines of `run --format json` hold the answers; answers
# built from those lines score 100% and exit 0; one wrong answer exits 1 with
# the right counts; a broken answers file exits 2 with FILE:LINE:; the same
# run gives the same ids. Only sed, awk and grep: no JSON tool needed.
set -u
cd "$(dirname "$0")/.."
. tests/lib/lessons.sh
pass=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
fail() { failed=$((failed + 1)); echo "quiz.sh: FAIL: $*"; }
field() {   # field KEY < one JSON line: the string or number value of KEY
	sed -n "s/.*\"$1\":\(\"\([^\"\\\\]\|\\\\.\)*\"\|[-0-9a-z]*\).*/\1/p" | sed 's/^"//; s/"$//'
}

# The answer a question's event line holds, as the question asks for it.
answer_of() {   # answer_of QUESTION_LINE EVENT_LINE
	local kind form text
	kind=$(field kind <<<"$1") form=$(field form <<<"$1")
	text=$(field text <<<"$2")
	case "$form" in
	code) case "$text" in +OK*) echo "+OK" ;; -ERR*) echo "-ERR" ;; *) echo "${text:0:3}" ;; esac ;;
	state) echo "$text" ;;
	host) if [ "$kind" = dns ]; then field to <<<"$2"; else field from <<<"$2"; fi ;;
	choice) case "$(field explain <<<"$2")" in
		queue:deferred) echo retry ;; queue:sent) echo deliver ;; *) echo bounce ;; esac ;;
	*) echo "?" ;;
	esac
}

./mailpath quiz default --format json >"$tmp/q.json" 2>"$tmp/err" && ok || fail "quiz default --format json: $(cat "$tmp/err")"
./mailpath run default --format json >"$tmp/run.json" || fail "run default --format json"
n=$(wc -l <"$tmp/q.json")
[ "$n" -ge 5 ] && ok || fail "default asks $n questions, wanted at least 5"
grep -q '"kind":"scenario"' "$tmp/q.json" && ok || fail "no lesson question in default's quiz"
: >"$tmp/answers"
k=0
while IFS= read -r q; do
	k=$((k + 1))
	id=$(field id <<<"$q") ev=$(field event <<<"$q")
	[ "$id" = "q$k" ] && ok || fail "question $k is called '$id'"
	for key in hop kind prompt choices; do grep -q "\"$key\":" <<<"$q" || fail "$id has no $key"; done
	case "$ev" in ''|null|*[!0-9]*) fail "$id: event '$ev' is not a line number"; continue ;; esac
	line=$(sed -n "${ev}p" "$tmp/run.json")
	a=$(answer_of "$q" "$line")
	[ -n "$a" ] && [ "$a" != "?" ] && ok || fail "$id: no answer in line $ev: $line"
	echo "$id $a" >>"$tmp/answers"
done <"$tmp/q.json"

./mailpath quiz default --answers "$tmp/answers" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ "$rc" = 0 ] && ok || fail "answers from the event lines: exit $rc: $(cat "$tmp/err")"
grep -q "^score: $n/$n (100%)$" "$tmp/out" && ok || fail "answers from the event lines: $(tail -1 "$tmp/out")"
./mailpath quiz default --answers "$tmp/answers" --format json >"$tmp/out"; rc=$?
[ "$rc" = 0 ] && grep -q "^{\"score\":$n,\"total\":$n,\"percent\":100," "$tmp/out" && ok ||
	fail "json grading: exit $rc: $(head -c 200 "$tmp/out")"
grep -q '"results":\[{"id":"q1",' "$tmp/out" && ok || fail "json results"

# One wrong answer (q1 is a reply code: 421 is never the answer in default).
sed '1s/ .*/ 421/' "$tmp/answers" >"$tmp/wrong"
./mailpath quiz default --answers "$tmp/wrong" >"$tmp/out"; rc=$?
want=$(( (n - 1) * 100 / n ))
[ "$rc" = 1 ] && ok || fail "one wrong answer: exit $rc, wanted 1"
grep -q "^score: $((n - 1))/$n ($want%)$" "$tmp/out" && ok || fail "one wrong: $(tail -1 "$tmp/out")"
grep -q '^q1  wrong  expected [0-9]*, answered 421' "$tmp/out" && ok || fail "q1 not shown as wrong: $(head -1 "$tmp/out")"
./mailpath quiz default --answers "$tmp/wrong" --format json >"$tmp/out"
grep -q "\"score\":$((n - 1)),\"total\":$n,\"percent\":$want,.*\"passed\":false" "$tmp/out" && ok || fail "one wrong, json: $(head -c 200 "$tmp/out")"
grep -q '{"id":"q1","kind":"reply","given":"421","expected":"[0-9]*","correct":false}' "$tmp/out" && ok || fail "q1 result in json"
./mailpath quiz default --answers "$tmp/wrong" --pass "$want" >/dev/null && ok || fail "--pass $want: the same score passes"
# A missing id counts as wrong; comments and blank lines are fine.
{ echo "# the answers"; echo; sed 1d "$tmp/answers"; } >"$tmp/missing"
./mailpath quiz default --answers "$tmp/missing" >"$tmp/out"; rc=$?
[ "$rc" = 1 ] && grep -q "^score: $((n - 1))/$n" "$tmp/out" && ok || fail "missing q1: exit $rc, $(tail -1 "$tmp/out")"
# stdin
./mailpath quiz default --answers - <"$tmp/answers" >/dev/null && ok || fail "--answers - (stdin)"

# Broken answers files: exit 2, FILE:LINE: message on stderr.
broken() {   # broken NAME CONTENT PATTERN
	printf '%s' "$2" >"$tmp/broken"
	./mailpath quiz default --answers "$tmp/broken" >"$tmp/out" 2>"$tmp/err"; rc=$?
	[ "$rc" = 2 ] && grep -q -- "^$tmp/broken:$3" "$tmp/err" && ok ||
		fail "$1: exit $rc, stderr: $(cat "$tmp/err")"
}
broken "unknown id" $'q1 250\nq99 250\n' "2: unknown question id 'q99'"
broken "duplicate id" $'# x\nq1 250\nq1 250\n' "3: q1 is answered twice (first at line 2)"
broken "wrong kind" $'q1 UPDATE\n' "1: q1: 'UPDATE' is not a reply code like 250"
broken "no answer" $'\nq1\n' "2: q1 has no answer"
./mailpath quiz default --answers "$tmp/no-such-file" >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" = 2 ] && grep -q "no-such-file:0: cannot read" "$tmp/err" && ok || fail "unreadable file: exit $rc"

# Deterministic: the same scenario, seed, faults and mode give the same questions.
./mailpath quiz greylisting --mode all --seed 9 --format json >"$tmp/a"
./mailpath quiz greylisting --mode all --seed 9 --format json >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" && ok || fail "two runs of the same quiz differ"
./mailpath quiz default --fault greylist --mode replies >"$tmp/out"
grep -q 'answered 451 to RCPT' "$tmp/out" && ok || fail "--fault greylist: no question about the 451"
# Text listing, modes, usage errors.
./mailpath quiz bad-password >"$tmp/out" && grep -q '^q1  ' "$tmp/out" && ok || fail "text listing"
grep -q 'AUTHORIZATION | TRANSACTION | UPDATE' "$tmp/out" && ok || fail "choices in the text listing"
./mailpath quiz default --mode states --format json >"$tmp/out"   # the lesson's own questions are in every mode
grep -q '"kind":"state"' "$tmp/out" && ! grep -v '"kind":"state"' "$tmp/out" | grep -qv '"kind":"scenario"' && ok ||
	fail "--mode states asks other things: $(grep -v '"kind":"state"' "$tmp/out" | head -2)"
for bad in "--mode some" "--format xml" "--pass 101" "--pass 50" "--seed x"; do
	# shellcheck disable=SC2086
	./mailpath quiz default $bad >/dev/null 2>"$tmp/err"; rc=$?
	[ "$rc" = 2 ] && ok || fail "quiz default $bad: exit $rc, wanted 2"
done
./mailpath quiz >/dev/null 2>&1; [ $? = 2 ] && ok || fail "quiz without a scenario"
./mailpath quiz --help | grep -q 'Usage: mailpath quiz' && ok || fail "quiz --help"
./mailpath quiz --version | grep -q '^mailpath ' && ok || fail "quiz --version"

# Every bundled lesson lists its questions in every mode.
for s in $(lessons_light); do
	./mailpath quiz "$s" --mode all --format json >/dev/null || fail "quiz $s --mode all"
done

echo "quiz.sh: $pass passed, $failed failed"
[ "$failed" = 0 ]
