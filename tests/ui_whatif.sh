#!/bin/sh
# ui_whatif.sh — "what if?" on a real terminal: w picks a fault, the transcript
# splits into the run as it ran and the run with the fault, stepping together;
# Esc returns to one run. At 80x24 and 120x40, inside a private tmux server.
# Prints one "ok" / "not ok" line per check; exits non-zero when one failed.
# Without tmux it skips, unless run as root (CI, where .ci/ensure-deps
# installs tmux): then a missing tmux is a failure.
cd "$(dirname "$0")/.." || exit 1

if ! command -v tmux >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		echo "ui_whatif: tmux is missing (sh .ci/ensure-deps all installs it)"
		exit 1
	fi
	echo "ui_whatif: SKIP: tmux is not installed"
	exit 0
fi
if [ ! -x ./mailpath ]; then
	echo "ui_whatif: ./mailpath is not built (make mailpath)"
	exit 1
fi

SOCK="mailpath-wi-$$-0"
TMP=$(mktemp -d)
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
fails=0
UTF8="LC_ALL=C.UTF-8"

T() { tmux -L "$SOCK" "$@"; }
screen() { T capture-pane -p $1 -t 0; }
# the screen with its attributes; resets are dropped, since where tmux puts
# them around blank cells depends on how the terminal was updated
attrs() { T capture-pane -p -e -t 0 | sed 's/\x1b\[0;/\x1b[/g; s/\x1b\[0m//g; s/\x1b\[39m//g; s/\x1b\[49m//g'; }
keys() { T send-keys -t 0 "$@"; }

# wait_for REGEX [TENTHS]: until the screen matches (5 s by default)
wait_for() {
	i=0
	while [ "$i" -lt "${2:-50}" ]; do
		if screen | grep -q -- "$1"; then
			sleep 0.2          # let the frame finish
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# start COLSxROWS ENV...: a fresh terminal (a tmux server of its own) running ./mailpath
starts=0
start() {
	size=$1
	shift
	T kill-server 2>/dev/null
	starts=$((starts + 1))
	SOCK="mailpath-wi-$$-$starts"
	rm -f "$TMP/rc"
	T -f /dev/null new-session -d -x "${size%x*}" -y "${size#*x}" \
		"env $* ./mailpath; echo \$? > $TMP/rc; sleep 60"
	T set -g status off >/dev/null
	wait_for 'mailpath\|enlarge'
}

# exited: wait until mailpath has ended; its status is in $TMP/rc
exited() {
	i=0
	while [ ! -s "$TMP/rc" ] && [ "$i" -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$TMP/rc" ]
}

# step N: press n until the title's counter says N
step() {
	keys n
	wait_for "[[:space:]]$1/[0-9]"
}

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

path_rows() { screen | sed -n '2,6p'; }
has() { screen | grep -q -- "$1"; }

all_of() {
	for w in "$@"; do has "$w" || return 1; done
}
# wait_gone REGEX: until the screen no longer matches (5 s at most)
wait_gone() {
	i=0
	while [ "$i" -lt 50 ]; do
		screen | grep -q -- "$1" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# the rc file says 0 (mailpath quit by itself)
quit_ok() { exited && [ "$(cat "$TMP/rc")" = 0 ]; }

# the split at the first divergence: + rows only on the right, with the 451
split_row() { screen | grep -q -- "^+ .*│.*$1"; }
# press n until the screen shows REGEX (at most N presses), bounded
step_until() {
	n=0
	while [ "$n" -lt "$2" ]; do
		has "$1" && return 0
		keys n
		n=$((n + 1))
		wait_for "$1" 1 || :
	done
	has "$1"
}

whatif_at() {   # whatif_at COLSxROWS
	start "$1" "$UTF8"
	check "$1: the story starts" has "mailpath"
	keys w
	check "$1: w opens the fault menu as a what-if" wait_for "What if? A fault"
	keys Down Down Down Down Enter
	check "$1: the transcript splits: as it ran | what if +greylist" wait_for "what if +greylist"
	check "$1: both sides are labelled" all_of "as it ran" "what if +greylist"
	check "$1: the split starts where the runs part (the fault)" split_row "FAULT"
	check "$1: stepping together reaches the 451 on the right only" step_until "^+ .*│.*451 4\.7\.1" 120
	check "$1: alike lines show on both sides" has "^= .*RCPT TO:<boss.*│.*RCPT TO:<boss"
	check "$1: the world pane shows what client and server believe" all_of "client" "server"
	keys p
	check "$1: p steps both back: the 451 row is gone" wait_gone "^+ .*451 4\.7\.1"
	keys Escape
	check "$1: Esc returns to one run" wait_for "One run again"
	check "$1: the split is gone" wait_gone "as it ran"
	keys q
	check "$1: q quits with status 0" quit_ok
}

whatif_at 80x24
whatif_at 120x40

if [ "$fails" -gt 0 ]; then
	echo "ui_whatif: $fails check(s) failed"
	exit 1
fi
echo "ui_whatif: all checks passed"
