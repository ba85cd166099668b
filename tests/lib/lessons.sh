# tests/lib/lessons.sh — which bundled lessons a shell test walks (bash; sourced).
#
# A volume lesson sends thousands of generated messages (`send ... repeat N`:
# outage-backlog's 20,000 make two million events, a 400 MB JSON run and a
# 350 MB page). Its own checks are its golden summary (golden.sh), the
# explanation of every event and its expectations (test_run), its quiz
# (test_quiz) and the volume suite (test_volume); the loops that run every
# lesson in every format walk the other lessons, which take the same code paths.

# volume_lesson NAME: the lesson generates its messages
volume_lesson() {
	grep -qE '^[^#]*[[:space:]]repeat[[:space:]]+[0-9]' "scenarios/$1.scn" 2>/dev/null
}

# lessons: every bundled lesson; lessons_light: all but the volume lessons
lessons() { ./mailpath list | awk '{ print $1 }'; }
lessons_light() {
	local n
	for n in $(lessons); do volume_lesson "$n" || echo "$n"; done
}
