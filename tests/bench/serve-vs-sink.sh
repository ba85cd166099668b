#!/usr/bin/env bash
# serve-vs-sink.sh — the serve rows of `make bench`: Postfix's smtp-source
# (-s 20 -m 20000, BENCH_MESSAGES) against Postfix's smtp-sink, then against
# a fresh `mailpath serve --mx` (final delivery) and a fresh `serve --smtp`
# (submission, then the simulated relay 3->4 and delivery), same run,
# loopback only. serve's time runs until smtp-source is done and POP3 STAT
# (polled beside the load) counts every message in boss's maildrop; a second STAT a second later must still count exactly
# that many (delivered exactly once). Each load generator and each wait is
# bounded (BENCH_SERVE_TIMEOUT seconds, default 300).
# BENCH_ROUNDS rounds (default 3) of sink, --mx, --smtp in turn: a ratio is
# taken within a round, and the median round is reported, so that a drift of
# the machine's speed moves both sides.
# Prints rows for tests/bench/table.sh: ROW|figure|measured|peer or goal|verdict
set -u
cd "$(dirname "$0")/../.."
N=${BENCH_MESSAGES:-20000}
bound=${BENCH_SERVE_TIMEOUT:-300}
SRC=$(command -v smtp-source || echo /usr/sbin/smtp-source)
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
POP3=tests/bench/pop3.py
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT

# serve's listeners: NAME=PORT for ours, every other one on a free port (each
# has a fixed default port that another program may hold)
listeners() {
	local l kv p
	for l in smtp mx pop3 isp-pop3 smtps pop3s; do
		p=0
		for kv; do [ "${kv%%=*}" = "$l" ] && p=${kv#*=}; done
		printf -- '--%s 127.0.0.1:%s ' "$l" "$p"
	done
}
now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.3f", a - b }'; }
# wait until 127.0.0.1:$1 accepts a connection (at most 10 s)
wait_port() {
	for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
	return 1
}
# smtp-source against 127.0.0.1:$1; prints its wall seconds, or "fail"
source_to() {
	local t0; t0=$(now)
	if timeout "$bound" "$SRC" -s 20 -m "$N" -f smith@isp.example -t boss@corp.example \
		"127.0.0.1:$1" >"$tmp/source.$1" 2>&1; then since "$t0"; else echo fail; fi
}


rounds=${BENCH_ROUNDS:-3}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : "") }'; }

# the peer: smtp-sink; prints msg/s or "fail: why"
run_sink() {
	local port user=()
	port=$(python3 $POP3 port)
	[ "$(id -u)" = 0 ] && user=(-u nobody)   # smtp-sink will not run as root
	"$SINK" "${user[@]}" -c "127.0.0.1:$port" 1024 >"$tmp/sink.out" 2>&1 &
	pids+=($!)
	if ! wait_port "$port"; then echo "fail: did not start: $(head -c 200 "$tmp/sink.out")"; return; fi
	local s; s=$(source_to "$port")
	kill "${pids[-1]}" 2>/dev/null
	[ "$s" = fail ] && { echo "fail: smtp-source: $(tail -c 200 "$tmp/source.$port" | tr '\n|' '  ')"; return; }
	awk -v n="$N" -v s="$s" 'BEGIN { printf "%.0f\n", n / s }'
}

# a fresh serve --$1; prints "RATE SECONDS SOURCE_SECONDS STAT RSS_MB HWM_MB MAILDROP_MB" or "fail: why"
run_serve() {
	local mode=$1 lport pport spid
	lport=$(python3 $POP3 port) pport=$(python3 $POP3 port)
	./mailpath serve --headless $(listeners "$mode=$lport" "pop3=$pport") \
		</dev/null >/dev/null 2>"$tmp/serve.$mode.err" &
	spid=$!
	pids+=($spid)
	if ! wait_port "$lport" || ! wait_port "$pport"; then
		echo "fail: did not start: $(head -c 200 "$tmp/serve.$mode.err")"; return; fi
	# the poller runs beside the load: it notes when STAT first counts N
	local t0 wpid src_s got seen total
	t0=$(now)
	python3 $POP3 wait "$pport" boss s3cret "$N" "$bound" >"$tmp/wait.$mode" &
	wpid=$!
	src_s=$(source_to "$lport")
	wait "$wpid"
	read -r got seen <"$tmp/wait.$mode"
	# done when smtp-source is done and every message is in the maildrop
	total=$(awk -v s="$src_s" -v a="$seen" -v b="$t0" 'BEGIN { d = a - b; printf "%.3f", (s != "fail" && s > d) ? s : d }')
	sleep 1
	set -- $(python3 $POP3 stat "$pport" boss s3cret 2>/dev/null || echo -1 0)
	local again=$1 drop_mb rss hwm
	drop_mb=$(awk -v o="${2:-0}" 'BEGIN { printf "%.0f", o / 1048576 }')
	rss=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' /proc/$spid/status 2>/dev/null)
	hwm=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' /proc/$spid/status 2>/dev/null)
	kill "$spid" 2>/dev/null
	if [ "$src_s" = fail ] || [ "$again" != "$N" ]; then
		echo "fail: $again of $N messages in the maildrop (smtp-source: $src_s; $(tail -c 120 "$tmp/source.$lport" | tr '\n|' '  '))"
		return
	fi
	echo "$(awk -v n="$N" -v s="$total" 'BEGIN { printf "%.0f", n / s }') $total $src_s $again ${rss:-0} ${hwm:-0} $drop_mb"
}

sinks="" ; declare -A ratios last failed
for r in $(seq "$rounds"); do
	sink=$(run_sink)
	case $sink in fail*)
		echo "ROW|smtp-sink (Postfix), $N messages|${sink#fail: }|the peer|MISSED"; exit 0 ;; esac
	sinks="$sinks $sink"
	for mode in mx smtp; do
		out=$(run_serve $mode)
		case $out in fail*) failed[$mode]=${out#fail: }; continue ;; esac
		set -- $out
		ratios[$mode]="${ratios[$mode]:-} $(awk -v a="$1" -v b="$sink" 'BEGIN { printf "%.2f", a / b }')"
		last[$mode]=$out
	done
done
sink_med=$(echo "$sinks" | median)
echo "ROW|smtp-sink (Postfix), smtp-source -s 20 -m $N|$sink_med msg/s (rounds:$sinks)|the peer|-"
for mode in mx smtp; do
	goal=1.0; [ $mode = smtp ] && goal=0.5
	label="serve --$mode ($([ $mode = mx ] && echo final delivery || echo relay 3-4 and delivery))"
	if [ -n "${failed[$mode]:-}" ]; then
		echo "ROW|$label|${failed[$mode]}|every message exactly once|MISSED"
		continue
	fi
	ratio=$(echo "${ratios[$mode]}" | median)
	set -- ${last[$mode]}
	v=$(awk -v r="$ratio" -v g="$goal" 'BEGIN { print (r >= g ? "met" : "MISSED") }')
	echo "ROW|$label|${ratio}x smtp-sink (rounds:${ratios[$mode]}; last $1 msg/s)|>= ${goal}x smtp-sink|$v"
	echo "ROW|serve --$mode: delivered exactly once|POP3 STAT $4, every round|$N|met"
	echo "ROW|serve --$mode: RSS after $N messages|$5 MB (maildrop $7 MB)|<= 256 MB + maildrop|$(awk -v r="$5" -v d="$7" 'BEGIN { print (r <= 256 + d ? "met" : "MISSED") }')"
done
