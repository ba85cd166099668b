#!/bin/sh
# ui_keys.sh — keys on a terminal whose TERM does not match what it sends:
# ./mailpath runs in a private tmux server with TERM=xterm-256color set
# inside the pane. tmux sends End as ESC [ 4 ~ and Home as ESC [ 1 ~, while
# xterm-256color's terminfo says ESC O F and ESC O H, so curses does not
# decode them and mailpath must (ui_keys_escape); any other sequence must
# change nothing. Every wait is a bounded poll of the screen for a condition.
# Prints one "ok" / "not ok" line per check; exits non-zero when one failed.
# Without tmux it skips, unless run as root (CI): then that is a failure.
cd "$(dirname "$0")/.." || exit 1

if ! command -v tmux >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		echo "ui_keys: tmux is missing (sh .ci/ensure-deps all installs it)"
		exit 1
	fi
	echo "ui_keys: SKIP: tmux is not installed"
	exit 0
fi
if [ ! -x ./mailpath ]; then
	echo "ui_keys: ./mailpath is not built (make mailpath)"
	exit 1
fi

SOCK="mailpath-keys-$$"
TMP=$(mktemp -d)
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
fails=0

T() { tmux -L "$SOCK" "$@"; }
screen() { T capture-pane -p -t 0; }
keys() { T send-keys -t 0 "$@"; }
bytes() { T send-keys -t 0 -H "$@"; }     # raw bytes, in hex

# poll COMMAND...: until it succeeds, every 0.05 s, for at most 30 s
poll() {
	i=0
	while [ "$i" -lt 600 ]; do
		"$@" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# the title's counter, "K/N"
counter() { screen | head -1 | sed -n 's/.*[[:space:]]\([0-9][0-9]*\/[0-9][0-9]*\)[[:space:]]*$/\1/p'; }
at() { [ "$(counter)" = "$1" ]; }
has() { screen | grep -q -- "$1"; }
lacks() { ! screen | grep -q -- "$1"; }
# the screen is the same in two captures 0.1 s apart (a frame is complete)
still() {
	screen > "$TMP/s1"
	sleep 0.1
	screen > "$TMP/s2"
	cmp -s "$TMP/s1" "$TMP/s2"
}
exited() { [ -s "$TMP/rc" ]; }

ok() { echo "ok - $1"; }
fail() {
	echo "not ok - $1"
	echo "---- the screen:"
	screen
	echo "----"
	fails=$((fails + 1))
}
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else fail "$desc"; fi
}

# The premise: the terminfo entry does not list the sequence tmux sends.
if command -v tput >/dev/null 2>&1; then
	kend=$(tput -T xterm-256color kend 2>/dev/null | od -An -c | tr -d ' ')
	check "xterm-256color's End is not ESC [ 4 ~ (it is $kend)" [ "$kend" != '033[4~' ]
fi

T -f /dev/null new-session -d -x 80 -y 24 \
	"env TERM=xterm-256color LC_ALL=C.UTF-8 ./mailpath; echo \$? > $TMP/rc; sleep 60"
T set -g status off >/dev/null
poll sh -c "tmux -L '$SOCK' capture-pane -p -t 0 | head -1 | grep -q '[0-9]/[0-9]'"
check "TERM=xterm-256color in tmux: mailpath starts at 1/N" at "1/$(counter | cut -d/ -f2)"
N=$(counter | cut -d/ -f2)

keys n n n
check "n n n: 4/$N" poll at "4/$N"
keys End
check "End (ESC [ 4 ~): the last event, $N/$N" poll at "$N/$N"
keys Home
check "Home (ESC [ 1 ~): the first event, 1/$N" poll at "1/$N"
keys PageDown PageDown
check "PgDn PgDn: 3/$N" poll at "3/$N"
keys PageUp
check "PgUp: 2/$N" poll at "2/$N"

# Other terminals' forms, as raw bytes: rxvt, xterm (CSI and SS3), arrows.
for c in "1b 5b 38 7e|$N/$N|rxvt End ESC [ 8 ~" "1b 5b 37 7e|1/$N|rxvt Home ESC [ 7 ~" \
	"1b 5b 46|$N/$N|End ESC [ F" "1b 4f 48|1/$N|Home ESC O H" "1b 4f 46|$N/$N|End ESC O F" \
	"1b 5b 48|1/$N|Home ESC [ H" "1b 4f 43|2/$N|Right ESC O C" "1b 5b 43|3/$N|Right ESC [ C" \
	"1b 5b 44|2/$N|Left ESC [ D"; do
	hex=${c%%|*} rest=${c#*|}
	want=${rest%%|*} what=${rest#*|}
	# shellcheck disable=SC2086
	bytes $hex
	check "$what: $want" poll at "$want"
done

# An unknown sequence changes nothing: the screen at 3/N, then back to 2/N,
# the unknown sequences, n, and the screen must be the 3/N one exactly.
keys n
poll at "3/$N" && poll still
screen > "$TMP/three"
keys p
poll at "2/$N"
bytes 1b 5b 39 39 7e            # ESC [ 9 9 ~: no key
bytes 1b 5b 31 3b 35 43         # ESC [ 1 ; 5 C: Ctrl-Right
bytes 1b 5b 32 7e               # ESC [ 2 ~: Insert
bytes 1b 4f 78                  # ESC O x: keypad 8
keys M-x                        # ESC x: Alt-x
keys n
poll at "3/$N" && poll still
screen > "$TMP/after"
check "unknown sequences (ESC [99~, ESC [1;5C, ESC [2~, ESC O x, Alt-x) change nothing" \
	cmp -s "$TMP/three" "$TMP/after"

# ... not even in a window: an unknown sequence does not close the help.
keys ?
poll has "play / pause"
bytes 1b 5b 39 39 7e
keys ?                          # closes it; had the sequence closed it, ? would reopen it
poll lacks "play / pause" && poll still
check "an unknown sequence does not close the help (the next ? does)" lacks "play / pause"

# A lone Esc closes a window by itself: no further key is needed to finish it
# (how long it took is printed, not asserted: speed belongs to make bench).
keys ?
poll has "play / pause"
t0=$(date +%s%N)
keys Escape
poll lacks "play / pause"
closed=$?
ms=$((($(date +%s%N) - t0) / 1000000))
check "a lone Esc closes the help with no key after it (took $ms ms)" test "$closed" = 0
poll still
check "Esc: the help stays closed, the cursor at 3/$N" at "3/$N"
keys Escape
check "Esc again, with no window open: mailpath exits" poll exited
check "Esc: exit status 0 (got $(cat "$TMP/rc" 2>/dev/null))" [ "$(cat "$TMP/rc" 2>/dev/null)" = 0 ]

if [ "$fails" -gt 0 ]; then
	echo "ui_keys: $fails check(s) failed"
	exit 1
fi
echo "ui_keys: all checks passed"
