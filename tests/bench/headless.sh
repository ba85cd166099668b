#!/usr/bin/env bash
# headless.sh — the headless rows of `make bench`: N messages to boss and one
# POP3 check (build/bench scale N), for N = 1,000, 10,000 and 100,000, each
# run under a time bound (BENCH_HEADLESS_TIMEOUT seconds, default 300).
# Prints rows for tests/bench/table.sh: ROW|figure|measured|peer or goal|verdict
set -u
cd "$(dirname "$0")/../.."
bound=${BENCH_HEADLESS_TIMEOUT:-300}
declare -A cpu
for n in 1000 10000 100000; do
	line=$(timeout "$bound" build/bench scale "$n" 2>&1)
	rc=$?
	line=$(echo "$line" | tail -1)
	set -- $line
	label="headless, $n messages"
	if [ "$rc" = 124 ]; then
		echo "ROW|$label: events/s|did not finish in ${bound} s|>= 1,000,000 events/s|MISSED"
		continue
	fi
	if [ "${1:-}" != scale ] || [ $# -lt 4 ]; then
		echo "ROW|$label|failed (exit $rc): $(echo "$line" | tr '|' '/' | cut -c1-80)|a run to its end|MISSED"
		continue
	fi
	if [ "${3:-}" = error ]; then
		shift 3
		why=$(echo "$*" | sed 's/ (usage:.*//' | tr '|' '/')
		echo "ROW|$label|cannot be written: $why|a scenario of $n sends|MISSED"
		continue
	fi
	# scale N EVENTS DELIVERED WALL CPU RSS
	ev=$3 del=$4 wall=$5 c=$6 rss=$7
	cpu[$n]=$c
	eps=$(awk -v e="$ev" -v c="$c" 'BEGIN { printf "%.0f", e / (c > 0 ? c : 1e-9) }')
	mps=$(awk -v n="$del" -v c="$c" 'BEGIN { printf "%.0f", n / (c > 0 ? c : 1e-9) }')
	v=MISSED; [ "$eps" -ge 1000000 ] && v=met
	echo "ROW|$label: events/s|$eps ($ev events, $c s CPU, $wall s wall, $rss MB)|>= 1,000,000|$v"
	v=MISSED; [ "$del" = "$n" ] && v=met
	echo "ROW|$label: msg/s|$mps ($del of $n delivered)|all $n delivered|$v"
done
for pair in "1000 10000" "10000 100000"; do
	set -- $pair
	label="headless growth, $1 -> $2 messages"
	if [ -n "${cpu[$1]:-}" ] && [ -n "${cpu[$2]:-}" ]; then
		r=$(awk -v a="${cpu[$1]}" -v b="${cpu[$2]}" 'BEGIN { printf "%.1f", b / (a > 0 ? a : 1e-9) }')
		v=$(awk -v r="$r" 'BEGIN { print (r <= 11 ? "met" : "MISSED") }')
		echo "ROW|$label|${r}x the time|<= 11x|$v"
	else
		echo "ROW|$label|not measured (a run above is missing)|<= 11x|MISSED"
	fi
done
