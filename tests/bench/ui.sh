#!/usr/bin/env bash
# ui.sh — the UI rows of `make bench`, measured from outside: ./mailpath play
# runs in a private tmux server (80x24) on a run of about 100,000 events (901
# messages to boss and one POP3 check: build/bench scn 901).
#   - start to first frame: from starting the pane to the first capture that
#     shows the header line;
#   - CPU while paused: utime + stime of the process (/proc/PID/stat) over 10 s;
#   - a step back (p) at the last event (about 100,000) and at event 10: from
#     tmux send-keys to the first capture whose event counter changed
#     (polled; tmux's own few milliseconds are in both), the median of
#     BENCH_UI_REPEAT (default 7).
# Prints rows for tests/bench/table.sh: ROW|figure|measured|peer or goal|verdict
set -u
cd "$(dirname "$0")/../.."
repeat=${BENCH_UI_REPEAT:-7}
tmp=$(mktemp -d)
sock=mailpath-bench-$$
T() { tmux -L "$sock" "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
build/bench scn 901 >"$tmp/bench.scn"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
screen() { T capture-pane -p -t ui 2>/dev/null; }
counter() { screen | head -1 | grep -oE '[0-9]+/[0-9]+' | tail -1; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : "") }'; }

t0=$(now_ms)
T new-session -d -s ui -x 80 -y 24 "exec ./mailpath play $tmp/bench.scn"
first=""
for _ in $(seq 6000); do    # at most about 2 minutes
	if screen | head -1 | grep -q 'mailpath ·'; then first=$(( $(now_ms) - t0 )); break; fi
	sleep 0.02
done
if [ -z "$first" ]; then
	echo "ROW|UI: start to first frame, 100,000 events|no frame in 2 minutes: $(screen | head -3 | tr '\n|' '  ')|as fast as a headless run|MISSED"
	exit 0
fi
total=$(counter | cut -d/ -f2)
pid=$(T display -p -t ui '#{pane_pid}')
set -- $(build/bench scale 901)    # scale N EVENTS DELIVERED WALL CPU RSS
headless_ms=$(awk -v w="${5:-0}" 'BEGIN { printf "%.0f", w * 1000 }')
echo "ROW|UI: start to first frame, $total events|$first ms|headless run of it: $headless_ms ms|-"

# pause (the header shows ‖ when paused), then 10 s of CPU
screen | head -1 | grep -q '‖' || T send-keys -t ui Space
for _ in $(seq 100); do screen | head -1 | grep -q '‖' && break; sleep 0.05; done
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
c0=$(ticks)
sleep 10
c1=$(ticks)
hz=$(getconf CLK_TCK)
cpu=$(awk -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN { printf "%.2f", (b - a) / hz }')
pct=$(awk -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN { printf "%.1f", 100 * (b - a) / hz / 10 }')
v=$(awk -v c="$cpu" 'BEGIN { print (c <= 0.05 ? "met" : "MISSED") }')
echo "ROW|UI: CPU while paused for 10 s|$cpu s ($pct%)|~0 (<= 0.05 s)|$v"

# one key; the milliseconds until the event counter changes
step() {
	local before t1
	before=$(counter)
	t1=$(now_ms)
	T send-keys -t ui "$1"
	for _ in $(seq 5000); do [ "$(counter)" != "$before" ] && break; done
	echo $(( $(now_ms) - t1 ))
}
settle() { local c; c=$(counter); for _ in $(seq 100); do sleep 0.05; [ "$(counter)" = "$c" ] && break; c=$(counter); done; }
T send-keys -t ui End; settle
end_at=$(counter | cut -d/ -f1)
late=""; early=""
for _ in $(seq "$repeat"); do late="$late $(step p)"; step n >/dev/null; done
T send-keys -t ui Home; settle
for _ in $(seq 9); do T send-keys -t ui n; done; settle
early_at=$(counter | cut -d/ -f1)
for _ in $(seq "$repeat"); do early="$early $(step p)"; step n >/dev/null; done
T send-keys -t ui q
l=$(echo "$late" | median) e=$(echo "$early" | median)
ratio=$(awk -v a="$l" -v b="$e" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 1) }')
v=$(awk -v r="$ratio" 'BEGIN { print (r <= 2 ? "met" : "MISSED") }')
echo "ROW|UI: step back at event $end_at vs $early_at|${ratio}x ($l ms vs $e ms, key to screen)|<= 2x|$v"
