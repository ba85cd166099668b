#!/bin/sh
# ui_quiz.sh — predict, then see, on a real terminal: `mailpath play --quiz
# bad-password` at 80x24 inside a private tmux server asks before each
# answer, reveals right or wrong with the real line, never asks a question
# twice when stepping back, and shows the score per topic at the end. Every
# wait is on the screen's content, bounded (30 s); no fixed sleeps.
# Without tmux it skips, unless run as root (CI installs it: .ci/ensure-deps).
cd "$(dirname "$0")/.." || exit 1

if ! command -v tmux >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		echo "ui_quiz: tmux is missing (sh .ci/ensure-deps all installs it)"
		exit 1
	fi
	echo "ui_quiz: SKIP: tmux is not installed"
	exit 0
fi
[ -x ./mailpath ] || { echo "ui_quiz: ./mailpath is not built (make mailpath)"; exit 1; }

SOCK="mailpath-quiz-$$"
TMP=$(mktemp -d)
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
pass=0 failed=0

T() { tmux -L "$SOCK" "$@"; }
screen() { T capture-pane -p -t 0; }
keys() { T send-keys -t 0 "$@"; }
# wait_for REGEX...: until every REGEX is on the screen at once (30 s)
wait_for() {
	i=0
	while [ "$i" -lt 300 ]; do
		screen >"$TMP/screen"
		all=1
		for re in "$@"; do grep -q -- "$re" "$TMP/screen" || { all=0; break; }; done
		[ "$all" = 1 ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
check() {   # check DESCRIPTION REGEX...
	desc=$1
	shift
	if wait_for "$@"; then pass=$((pass + 1)); else
		failed=$((failed + 1))
		echo "ui_quiz: FAIL: $desc (wanted: $*)"
		echo "---- the screen:"; cat "$TMP/screen"; echo "----"
	fi
}

T -f /dev/null new-session -d -x 80 -y 24 \
	"env LC_ALL=C.UTF-8 ./mailpath play --quiz bad-password; echo \$? > $TMP/rc; sleep 60"
T set -g status off >/dev/null
check "the quiz starts" "Quiz: the story stops before each answer"

# End goes no further than the first question, and asks it.
keys End
check "asks the first prediction" "Predict q1 of 6" "Which state is the session" "1 AUTHORIZATION" "Quiz 0/0"
keys Enter
check "reveals a right answer, with the real line" "Right: AUTHORIZATION" "state POP3 AUTHORIZATION" "Quiz 1/1"

keys End
check "asks the reply to USER" "Predict q2 of 6" "answer to USER boss" "> _"
keys - E R R
check "shows what is typed" "> -ERR_"
keys Enter
check "reveals a wrong answer: the real line and why" "Not -ERR: the answer is +OK" "S: +OK" "Quiz 1/2"

# Stepping back never asks again, and never changes the score.
keys p p p
check "back: no question, the score stays" " 97/115" "Quiz 1/2"
if grep -q "Predict" "$TMP/screen"; then failed=$((failed + 1)); echo "ui_quiz: FAIL: asked again after stepping back"; else pass=$((pass + 1)); fi
keys End
check "on again: the next question, not the answered one" "Predict q3 of 6" "answer to PASS" "Quiz 1/2"
keys Escape
check "Esc shows the answer, counted wrong" "The answer is -ERR" "Quiz 1/3"

keys End
check "a lesson question (a state)" "Predict q4 of 6" "In which state did" "Quiz 1/3"
keys 1 Enter
check "right" "Right: AUTHORIZATION" "Quiz 2/4"
keys End
check "a lesson question (a host)" "Predict q5 of 6" "Which host still holds"
keys m a i l . c o r p . e x a m p l e Enter
check "a typed host" "Right: mail.corp.example" "Quiz 3/5"
keys End
check "a lesson question (a choice)" "Predict q6 of 6" "log in again with the right password"
keys Down Enter
check "a choice" "Right: log in again with the right password" "Quiz 4/6"

keys End
check "the score per topic at the end" "Your predictions: 4 of 6 right" "reply codes *0/2 *revisit" \
	"session states *1/1" "the lesson.s questions *3/3"
keys Escape
check "Esc closes the summary" "Quiz 4/6  Spc"
keys q
i=0
while [ ! -s "$TMP/rc" ] && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
if [ "$(cat "$TMP/rc" 2>/dev/null)" = 0 ]; then pass=$((pass + 1)); else
	failed=$((failed + 1)); echo "ui_quiz: FAIL: q did not end mailpath with 0"; fi

echo "ui_quiz: $pass passed, $failed failed"
[ "$failed" = 0 ]
