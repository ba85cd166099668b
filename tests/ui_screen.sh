#!/bin/sh
# ui_screen.sh — the animated path on a real terminal: ./mailpath runs inside
# a private tmux server, keys are typed at it and the screen is read back.
# Prints one "ok" / "not ok" line per check; exits non-zero when one failed.
# Without tmux it skips, unless run as root (CI, where .ci/ensure-deps
# installs tmux): then a missing tmux is a failure.
cd "$(dirname "$0")/.." || exit 1

if ! command -v tmux >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		echo "ui_screen: tmux is missing (sh .ci/ensure-deps all installs it)"
		exit 1
	fi
	echo "ui_screen: SKIP: tmux is not installed"
	exit 0
fi
if [ ! -x ./mailpath ]; then
	echo "ui_screen: ./mailpath is not built (make mailpath)"
	exit 1
fi

SOCK="mailpath-ui-$$-0"
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
	SOCK="mailpath-ui-$$-$starts"
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
path_has() { path_rows | grep -q -- "$1"; }
path_lacks() { ! path_rows | grep -q -- "$1"; }
all_of() {
	for w in "$@"; do has "$w" || return 1; done
}
path_all_of() {
	for w in "$@"; do path_has "$w" || return 1; done
}

# ---- 80x24, UTF-8 ---------------------------------------------------------
start 80x24 "$UTF8"
check "80x24: the path shows hops 1, 2, 3, 4, 5a/5b" path_all_of "1" "2" "3" "4" "5a/5b"
check "80x24: the path names the hosts" path_all_of "smith-pc" "smtp.isp" "mail.corp" "boss-pc"
check "80x24: transcript, world and the keys are shown" all_of "Transcript" "World" "help" "quit"
check "80x24: full host names are kept for wider terminals" path_lacks "smith-pc.isp.example"

step 2 && step 3 && step 4
screen > "$TMP/before"
attrs > "$TMP/before.e"
token_at() { path_rows | awk '{ i = index($0, "✉"); if (i) { print "row " NR " byte " i; exit } }'; }
tok_before=$(token_at)
step 5
screen > "$TMP/after"
tok_after=$(token_at)
check "n: one event forward (4/ -> 5/)" has "[[:space:]]5/[0-9]"
check "n: the transcript changes" sh -c "! cmp -s '$TMP/before' '$TMP/after'"
trans() { sed -n '9,18p' "$1" | cut -c1-48; }
check "n: the transcript's current line is a new one" \
	sh -c "[ \"\$(sed -n '9,18p' '$TMP/before' | grep '▸')\" != \"\$(sed -n '9,18p' '$TMP/after' | grep '▸')\" ]"
check "n: the token moves (it was '$tok_before', now '$tok_after')" \
	sh -c "[ -n '$tok_after' ] && [ '$tok_before' != '$tok_after' ]"
keys p
wait_for "[[:space:]]4/[0-9]"
attrs > "$TMP/back.e"
check "p: a step back restores the previous screen exactly (text and attributes)" \
	cmp -s "$TMP/before.e" "$TMP/back.e"

keys x Z 0
sleep 0.3
attrs > "$TMP/unknown.e"
check "unknown keys (x Z 0) change nothing" cmp -s "$TMP/before.e" "$TMP/unknown.e"

keys ?
wait_for "play / pause"
check "?: the help lists the keys" all_of "play / pause" "one event forward" "inject a fault"
keys Escape
sleep 0.4
attrs > "$TMP/closed.e"
check "Esc: the help closes, the screen is as before" cmp -s "$TMP/before.e" "$TMP/closed.e"
[ -n "${UI_SCREEN_DEBUG:-}" ] && diff "$TMP/before.e" "$TMP/closed.e" | cat -v

keys m
wait_for "No message"
check "m: before DATA there is no message yet, and it says so" has "No message has been sent yet"
keys Escape
sleep 0.3
keys End
wait_for "Transcript"
keys m
wait_for "Envelope"
check "m: the message inspector shows the envelope and the headers" all_of "Envelope" "Return-Path: <smith@isp.example>" "Subject: Progress report"
check "m: each Received: line says which hop added it" all_of "added by 4 mail.corp.example" "added by 3 smtp.isp.example"
keys Escape
sleep 0.3

keys f
wait_for "Inject a fault"
check "f: the fault menu lists the catalogue" all_of "greylist" "bad-password" "corp-down"
keys Escape
sleep 0.3

keys Space
check "Space: it plays by itself (5/ ... 9/)" wait_for "[[:space:]]9/[0-9]" 150
keys Space
check "Space again: paused" wait_for "‖"

keys Home
wait_for "[[:space:]]1/[0-9]"
step 2 && step 3 && step 4 && step 5 && step 6
screen > "$TMP/k6"
keys f
wait_for "Inject a fault"
keys Down Down Down Down
keys Enter
check "f: picking greylist re-runs with it at the cursor's time" wait_for "greylist@+0.020s"
check "f: the cursor keeps its place after the re-run" has "[[:space:]]6/[0-9]"
check "f: the story is the same up to here" \
	sh -c "[ \"\$(sed -n '8,12p' '$TMP/k6' | cut -c1-48)\" = \"\$(tmux -L '$SOCK' capture-pane -p -t 0 | sed -n '8,12p' | cut -c1-48)\" ]"
check "f: ... and the cursor now shows the fault taking effect" sh -c "screen_row() { tmux -L '$SOCK' capture-pane -p -t 0 | sed -n 13p; }; screen_row | grep -q 'FAULT'"

keys q
check "q: mailpath exits" exited
check "q: exit status 0 (got $(cat "$TMP/rc" 2>/dev/null))" [ "$(cat "$TMP/rc" 2>/dev/null)" = 0 ]

# ---- too small, then resized ------------------------------------------------
start 40x10 "$UTF8"
check "40x10: only a request to enlarge the terminal" all_of "Please enlarge" "80×24" "now 40×10"
check "40x10: nothing else is drawn" sh -c "! tmux -L '$SOCK' capture-pane -p -t 0 | grep -q 'Transcript'"

start 80x24 "$UTF8"
T resize-window -t 0 -x 132 -y 43
wait_for "DNS resolver"
check "80x24 -> 132x43: redrawn in the wide layout (full host names, addresses)" \
	path_all_of "smith-pc.isp.example" "smtp.isp.example" "mail.corp.example" "boss-pc.corp.example" "203.0.113.25"
check "132x43: the resolver has a row of its own" has "DNS resolver ns.isp.example"
T resize-window -t 0 -x 60 -y 20
wait_for "enlarge"
check "132x43 -> 60x20: the enlarge request" has "now 60×20"
T resize-window -t 0 -x 80 -y 24
wait_for "Transcript"
check "60x20 -> 80x24: the screen comes back" all_of "Transcript" "5a/5b"

keys C-c
check "Ctrl-C: mailpath exits" exited
check "Ctrl-C: exit status 130 (got $(cat "$TMP/rc" 2>/dev/null))" [ "$(cat "$TMP/rc" 2>/dev/null)" = 130 ]

# ---- colours ----------------------------------------------------------------------
colour_sgr='\[\(3[0-7]\|4[0-7]\|9[0-7]\|38;5\|48;5\)'
start 80x24 "$UTF8"
check "colours are used on a colour terminal" sh -c "tmux -L '$SOCK' capture-pane -e -p -t 0 | grep -q '$colour_sgr'"
start 80x24 "$UTF8" NO_COLOR=1
check "NO_COLOR=1: the screen is drawn" all_of "Transcript" "5a/5b" "mail.corp"
check "NO_COLOR=1: no colour at all" sh -c "! tmux -L '$SOCK' capture-pane -e -p -t 0 | grep -q '$colour_sgr'"
check "NO_COLOR=1: still attributes (the title in reverse video)" \
	sh -c "tmux -L '$SOCK' capture-pane -e -p -t 0 | head -1 | grep -q '\[[0-9;]*7m'"
keys q
exited

# ---- LANG=C ----------------------------------------------------------------
start 80x24 LANG=C LC_ALL=C
check "LANG=C: ASCII boxes" path_has "+-1-"
check "LANG=C: ASCII links and the hops" path_all_of "|" "5a/5b" "===>"
check "LANG=C: not one byte outside ASCII on the screen" sh -c "! tmux -L '$SOCK' capture-pane -p -t 0 | LC_ALL=C grep -q '[^ -~]'"
keys q
exited

if [ "$fails" -gt 0 ]; then
	echo "ui_screen: $fails check(s) failed"
	exit 1
fi
echo "ui_screen: all checks passed"
