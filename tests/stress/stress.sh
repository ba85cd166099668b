#!/usr/bin/env bash
# stress.sh — `make stress`: the tests that run in real time (sockets, a
# terminal, a benchmark's waits), STRESS_RUNS times in a row (20 by default),
# best on a busy machine. A test that waits for a fixed time instead of a
# condition fails here now and then. Not part of `make test`.
#   STRESS_RUNS=5 STRESS_TESTS="tests/serve.sh" bash tests/stress/stress.sh
# The log of a failed run is kept in build/stress/.
set -u
cd "$(dirname "$0")/../.."
runs=${STRESS_RUNS:-20}
# by default every shell test that runs in real time: a server on sockets, a
# terminal (tmux) or a browser, and the serve burst of `make bench`
realtime=$(grep -l -E 'mailpath serve|tmux|chromium' tests/*.sh | tr '\n' ' ')
tests=${STRESS_TESTS:-$realtime tests/exports.sh tests/bench/serve-burst.sh}
case $runs in "" | *[!0-9]* | 0) echo "stress: STRESS_RUNS wants a number of runs, not '$runs'"; exit 2 ;; esac
logs=build/stress
rm -rf "$logs"
mkdir -p "$logs"

declare -A passed
for t in $tests; do passed[$t]=0; done
ok=0 bad=0
for r in $(seq "$runs"); do
	line="stress: run $r/$runs:"
	for t in $tests; do
		name=$(basename "$t")
		log="$logs/${name%.sh}.$r.log"
		start=$SECONDS
		if bash "$t" >"$log" 2>&1; then
			passed[$t]=$((passed[$t] + 1)) ok=$((ok + 1))
			rm -f "$log"
			line="$line $name ok ($((SECONDS - start)) s)"
		else
			bad=$((bad + 1))
			line="$line $name FAILED ($log)"
		fi
	done
	echo "$line"
done

summary="stress:"
for t in $tests; do summary="$summary $(basename "$t") ${passed[$t]}/$runs,"; done
echo "${summary%,}"
for f in "$logs"/*.log; do
	[ -e "$f" ] || continue
	echo "---- $f"
	grep -E 'FAIL|not ok|MISSED|^after ' "$f" | head -10
done
echo "$ok passed, $bad failed"
[ "$bad" = 0 ]
