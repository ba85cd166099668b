#!/usr/bin/env bash
# golden.sh — every bundled scenario: its transcript equals the golden file
# (tests/golden/NAME.txt; `make golden` rewrites them on purpose), its
# expectations hold (exit 0) for several seeds, and two runs are identical.
# A heavy lesson (millions of lines) has tests/golden/NAME.summary instead: the
# summary of its transcript by .ci/golden-summary (a multi-MB golden is not kept).
set -u
cd "$(dirname "$0")/.."
. tests/lib/lessons.sh
pass=0 failed=0
fail() { echo "golden.sh: FAIL: $*"; failed=$((failed + 1)); }
names=$(./mailpath list | awk '{ print $1 }')
[ -n "$names" ] || { echo "golden.sh: FAIL: mailpath list printed nothing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in $names; do
	./mailpath run "$n" >"$tmp/$n.txt" 2>"$tmp/$n.err"
	rc=$?
	if [ $rc != 0 ]; then
		fail "$n: exit $rc: $(head -3 "$tmp/$n.err")"
		continue
	fi
	if [ -f "tests/golden/$n.summary" ]; then
		# a heavy lesson: its golden is a summary (.ci/golden-summary)
		sh .ci/golden-summary <"$tmp/$n.txt" >"$tmp/$n.sum"
		if ! diff -u "tests/golden/$n.summary" "$tmp/$n.sum" >"$tmp/$n.diff"; then
			fail "$n: summary differs from tests/golden/$n.summary:"
			head -20 "$tmp/$n.diff"
			continue
		fi
	elif [ ! -f "tests/golden/$n.txt" ]; then
		fail "$n: no golden transcript tests/golden/$n.txt (run 'make golden')"
	elif ! diff -u "tests/golden/$n.txt" "$tmp/$n.txt" >"$tmp/$n.diff"; then
		fail "$n: transcript differs from tests/golden/$n.txt:"
		head -20 "$tmp/$n.diff"
		continue
	fi
	if volume_lesson "$n"; then
		# two million events: one more seed, the rest is the light lessons' job
		./mailpath run "$n" --seed 7 >/dev/null 2>"$tmp/err" || { fail "$n --seed 7: $(head -3 "$tmp/err")"; continue; }
		pass=$((pass + 1))
		continue
	fi
	for seed in 7 2024 18446744073709551615; do
		./mailpath run "$n" --seed "$seed" >/dev/null 2>"$tmp/err" ||
			{ fail "$n --seed $seed: $(head -3 "$tmp/err")"; continue 2; }
	done
	./mailpath run "$n" --format json --seed 99 >"$tmp/a.json" &&
		./mailpath run "$n" --format json --seed 99 >"$tmp/b.json" &&
		cmp -s "$tmp/a.json" "$tmp/b.json" || { fail "$n: two JSON runs differ"; continue; }
	pass=$((pass + 1))
done
echo "golden.sh: $pass passed, $failed failed"
[ "$failed" = 0 ]
