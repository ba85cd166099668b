#!/usr/bin/env bash
# ui_screen.sh — the animated path on a real terminal: ./mailpath runs inside
# a private tmux server, keys are typed at it and the screen is read back.
# Prints one "ok" / "not ok" line per check; exits non-zero when one failed.
# Without tmux it skips, unless run as root (CI, where .ci/ensure-deps
# installs tmux): then a missing tmux is a failure.
# No fixed sleeps: every wait is for what the screen shows, with a bound, and
# a screen is read once it is whole (two captures in a row agree).
cd "$(dirname "$0")/.." || exit 1
. tests/lib/wait.sh

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
echo 'set -g status off' >"$TMP/tmux.conf"
fails=0
UTF8="LC_ALL=C.UTF-8"

T() { tmux -L "$SOCK" "$@"; }
screen() { T capture-pane -p $1 -t 0; }
# the screen with its attributes; resets are dropped, since where tmux puts
# them around blank cells depends on how the terminal was updated
attrs() { T capture-pane -p -e -t 0 | sed 's/\x1b\[0;/\x1b[/g; s/\x1b\[0m//g; s/\x1b\[39m//g; s/\x1b\[49m//g'; }
keys() { T send-keys -t 0 "$@"; }

# settled: until two captures 0.1 s apart agree, so that a frame is read
# whole and not while it is being drawn (20 s at most)
settled() {
	local a b end=$((SECONDS + 20))
	a=$(T capture-pane -p -e -t 0)
	while :; do
		sleep 0.1
		b=$(T capture-pane -p -e -t 0)
		[ "$a" = "$b" ] && return 0
		if [ "$SECONDS" -ge "$end" ]; then
			saw="the screen was still changing after 20 s"
			return 1
		fi
		a=$b
	done
}
# wait_cond SECS WHAT CMD...: until CMD holds, then until the screen is whole
wait_cond() {
	local secs=$1 what=$2
	shift 2
	wait_until "$secs" "$@" || { saw="after $secs s the screen still lacks $what"; return 1; }
	settled
}
# wait_for REGEX [SECS]: until the screen matches (20 s by default) and is whole
wait_for() { wait_cond "${2:-20}" "'$1'" has "$1"; }
# wait_lacks REGEX [SECS]: until the screen no longer matches, and is whole
wait_lacks() { wait_cond "${2:-20}" "no '$1'" lacks "$1"; }
# wait_same FILE [SECS]: until the screen, with its attributes, equals FILE
wait_same() {
	local want=$1
	wait_until "${2:-20}" eval 'attrs > "$TMP/now.e" && cmp -s "$want" "$TMP/now.e"' && return 0
	saw="after ${2:-20} s the screen still differs from $(basename "$want"):
$(diff "$want" "$TMP/now.e" | cat -v | head -40)"
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
	# no status line from the start: mailpath is not resized after its first frame
	T -f "$TMP/tmux.conf" new-session -d -x "${size%x*}" -y "${size#*x}" \
		"env $* ./mailpath; echo \$? > $TMP/rc; sleep 60"
	wait_for 'mailpath\|enlarge'
}

# exited: wait until mailpath has ended (20 s at most); its status is in $TMP/rc
exited() {
	wait_until 20 test -s "$TMP/rc" && return 0
	saw="after 20 s mailpath is still running"
	return 1
}

# step N: press n until the title's counter says N
step() {
	keys n
	wait_for "[[:space:]]$1/[0-9]"
}

ok() { echo "ok - $1"; }
fail() {
	echo "not ok - $1"
	[ -n "$saw" ] && echo "$saw"
	echo "---- the screen:"
	screen
	echo "----"
	fails=$((fails + 1))
}
check() {
	desc=$1
	shift
	saw=
	if "$@"; then ok "$desc"; else fail "$desc"; fi
}

path_rows() { screen | sed -n '2,6p'; }
has() { screen | grep -q -- "$1"; }
lacks() { ! has "$1"; }
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
check "p: a step back restores the previous screen exactly (text and attributes)" \
	wait_same "$TMP/before.e"

# keys are read in order: once the n after them has shown 5/, x Z 0 have been
# read; p takes it back, and then the screen must be the one from before
keys x Z 0 n
wait_for "[[:space:]]5/[0-9]"
keys p
wait_for "[[:space:]]4/[0-9]"
check "unknown keys (x Z 0) change nothing" wait_same "$TMP/before.e"

keys ?
wait_for "play / pause"
check "?: the help lists the keys" all_of "play / pause" "one event forward" "inject a fault"
keys Escape
check "Esc: the help closes, the screen is as before" wait_same "$TMP/before.e"

keys m
wait_for "No message"
check "m: before DATA there is no message yet, and it says so" has "No message has been sent yet"
keys Escape
wait_lacks "No message"
keys End
# the title's counter at its last event: N/N
check "End: the last event" wait_cond 20 "the last event (N/N)" eval 'screen | head -1 | grep -q "[[:space:]]\([0-9][0-9]*\)/\1$"'
keys m
wait_for "Envelope"
check "m: the message inspector shows the envelope and the headers" all_of "Envelope" "Return-Path: <smith@isp.example>" "Subject: Progress report"
check "m: each Received: line says which hop added it" all_of "added by 4 mail.corp.example" "added by 3 smtp.isp.example"
keys Escape
wait_lacks "Envelope"

keys f
wait_for "Inject a fault"
check "f: the fault menu lists the catalogue" all_of "greylist" "bad-password" "corp-down"
keys Escape
wait_lacks "Inject a fault"

keys Space
# playing, the screen changes every frame: only the counter is waited for
check "Space: it plays by itself (5/ ... 9/)" wait_until 30 has "[[:space:]]9/[0-9]"
keys Space
check "Space again: paused" wait_cond 20 "the pause sign in the title" eval 'screen | head -1 | grep -q "‖"'

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

# ---- 80x24 inside an SMTP session: both ends' beliefs take four rows, and
# the mailbox counts stay (POP3's states then share one row)
start 80x24 "$UTF8"
for k in 2 3 4 5 6 7 8 9; do step $k; done
check "80x24 at 9/: the client's and the server's beliefs and boss's mailbox" \
	all_of "client EHLO sent" "server " "boss@corp.example  *0"
keys q
exited

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
