#!/usr/bin/env bash
# html.sh — `mailpath run --format html` in a real browser (Debian's
# chromium, headless, from .ci/ensure-deps). The page of the default lesson:
# under 300 KB, byte-identical run to run, no reference to anything outside
# the file and a Content Security Policy that forbids it; opened at
# #event=N it shows event N — the current transcript line is line N of
# `run --format json`, the explanation is `mailpath explain`'s title for its
# topic, the world shows the delivery and the POP3 state when they happen —
# and #handout gives the annotated transcript. Screenshots at 1280x800 and
# 390x844 show the path with its token. Chromium's network log shows no
# request made by the page. A 110,000-event run opens at its last event.
# What the lesson adds: the beliefs of the session at hand in the world
# pane (as the JSON's client_believes/server_believes); #event=N&observer=L
# shows what `run --eavesdrop L` captured up to event N, segment for
# segment, and the secrets seen so far; a lock on a link inside TLS; the
# graded questions hide their answers until asked (#answers: all of them);
# &predict=on asks the quiz's question before showing its answer.
# No sleeps: --virtual-time-budget lets the page settle deterministically.
set -u
cd "$(dirname "$0")/.."
. tests/lib/lessons.sh
pass=0 failed=0
fail() { echo "html.sh: FAIL: $*"; failed=$((failed + 1)); }
ok() { pass=$((pass + 1)); }
check() { if [ "$2" = "$3" ]; then ok; else fail "$1: want [$2], got [$3]"; fi }   # check WHAT WANT GOT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for c in chromium python3; do
	command -v $c >/dev/null 2>&1 || { echo "html.sh: FAIL: $c is not installed (sh .ci/ensure-deps all)"; exit 1; }
done

# chromium ARGS... URL: headless, no network of its own, a fresh profile.
browser() {
	local profile
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --virtual-time-budget=4000 "$@" 2>>"$tmp/chromium.log"
	local rc=$?
	rm -rf "$profile"
	return $rc
}

# Python helpers: dom FILE WHAT prints one thing the page shows.
dom() {
	python3 - "$@" <<'EOF'
import html, re, sys
s = re.sub(r"<script.*?</script>", "", open(sys.argv[1], encoding="utf-8").read(), flags=re.S)
what = sys.argv[2]
def text(frag): return html.unescape(re.sub(r"<[^>]*>", "", frag))
if what == "cur":        # the current line: its event number and text
    m = re.search(r'<li data-event="(\d+)" class="[^"]*\bcur\b[^"]*"[^>]*>(.*?)</li>', s)
    t = re.search(r'<span class="text">(.*?)</span>', m.group(2)) if m else None
    print((m.group(1) + " " + text(t.group(1))) if t else "none")
elif what == "ncur":     # how many current lines
    print(len(re.findall(r'class="[^"]*\bcur\b', s)))
elif what in ("ex-title", "narration"):
    m = re.search(r'<[a-z0-9]+ id="%s"[^>]*>(.*?)</' % what, s, re.S)
    print(text(m.group(1)) if m else "none")
elif what.startswith("world:"):   # the world pane's row of a label; box:ADDR a mailbox
    m = re.search(r'<table id="world-rows">(.*?)</table>', s, re.S)
    label, want_box, in_boxes = what[6:], what.startswith("world:box:"), False
    if want_box: label = label[4:]
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", m.group(1) if m else ""):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        in_boxes = in_boxes or (cells and text(cells[0]) == "Mailboxes")
        if cells and text(cells[0]) == label and in_boxes == want_box:
            print(text(cells[1])); break
    else: print("none")
elif what == "world-shown":
    m = re.search(r'<section id="world"([^>]*)>', s)
    print("hidden" if not m or "hidden" in m.group(1) else "shown")
elif what == "obs":       # the observer's segments, one a line; "hidden" when off
    m = re.search(r'<section id="observer-pane"([^>]*)>(.*?)</section>', s, re.S)
    if not m or "hidden" in m.group(1): print("hidden")
    else:
        for seg in re.findall(r'<span class="seg">(.*?)</span></li>', m.group(2)):
            print(re.sub(r"^\u26a0 ", "", text(seg)))
elif what == "secrets":   # the secrets seen so far, " | " between them
    m = re.search(r'<ul id="obs-secrets">(.*?)</ul>', s, re.S)
    print(" | ".join(re.sub(r"^[\u26a0\u2713] ", "", text(li)) for li in re.findall(r"<li[^>]*>(.*?)</li>", m.group(1)))
          if m else "none")
elif what == "locked":    # the links of the path shown inside TLS
    print(" ".join(re.findall(r'<li class="link[^"]*\blocked\b[^"]*" id="([^"]+)"', s)) or "none")
elif what == "answers":   # each graded question's answer: its text, or hidden
    for li in re.findall(r'<li class="gq[^"]*" id="gq-[^"]*"[^>]*>(.*?)</li>', s, re.S):
        a = re.search(r'<p class="answer"([^>]*)>(.*?)</p>', li, re.S)
        print("none" if not a else "hidden" if "hidden" in a.group(1) and not a.group(2) else
              "leak" if "hidden" in a.group(1) else text(a.group(2)))
elif what == "predict":   # the question asked, and whether its answer shows
    m = re.search(r'<section id="predict"([^>]*)>(.*?)</section>', s, re.S)
    if not m or "hidden" in m.group(1): print("hidden")
    else:
        p = re.search(r'<p class="prompt"[^>]*><span class="qid">[^<]*</span> (.*?)</p>', m.group(2), re.S)
        a = re.search(r'<p class="answer"([^>]*)>', m.group(2))
        print((text(p.group(1)) if p else "no prompt") + (" / answer hidden" if a and "hidden" in a.group(1) else " / answer shown"))
elif what == "handout":   # shown, with explanations, notes and questions
    m = re.search(r'<section id="handout"([^>]*)>(.*?)</section>', s, re.S)
    print("hidden" if not m or "hidden" in m.group(1) else
          "%d lines %d explained %d notes" % (m.group(2).count('class="line"'), m.group(2).count("RFC "),
                                              m.group(2).count("<strong>Note.</strong>")))
EOF
}
# jline FILE N FIELD: a field of line N of run --format json, as the page shows it
jline() {
	python3 - "$@" <<'EOF'
import json, re, sys
ev = json.loads(open(sys.argv[1]).read().split("\n")[int(sys.argv[2]) - 1])
f = sys.argv[3]
if f == "line":
    vis = re.sub(r"[\x00-\x1f\x7f]", lambda m: {"\r": "\\r", "\n": "\\n", "\t": "\\t"}.get(m.group(0),
          "^" + ("?" if m.group(0) == "\x7f" else chr(ord(m.group(0)) + 64))), ev["text"])
    print((ev["proto"] + " " if ev["kind"] == "state" and ev["proto"] else "") + vis)
else:
    print(ev[f])
EOF
}
# first FILE KIND TEXT-REGEX: the line number of the first such event
first() { grep -n "\"kind\":\"$2\"" "$1" | grep -E "$3" | head -1 | cut -d: -f1; }

# ---- the file ----
./mailpath run default --format html >"$tmp/x.html" 2>"$tmp/err"; rc=$?
check "run default --format html exits" 0 "$rc"
./mailpath run default --format html >"$tmp/y.html" 2>/dev/null
cmp -s "$tmp/x.html" "$tmp/y.html" && ok || fail "two runs differ"
size=$(wc -c <"$tmp/x.html")
[ "$size" -lt 300000 ] && ok || fail "the default lesson's page is $size bytes, not under 300 KB"
./mailpath run default --format json >"$tmp/x.json"
n=$(wc -l <"$tmp/x.json")
for f in $(lessons_light); do
	./mailpath run "$f" --format html >"$tmp/l.html" 2>/dev/null; rc=$?
	[ "$rc" = 0 ] && grep -q '</html>' "$tmp/l.html" && ok || fail "$f: run --format html exits $rc"
done

# ---- nothing from outside: no reference, and a policy that forbids any ----
python3 - "$tmp/x.html" >"$tmp/refs" <<'EOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r'<script type="application/json" id="mp-data">.*?</script>', "", s, flags=re.S)  # the run's own text
for pat in (r"https?://", r"\bsrc\s*=", r"\bhref\s*=\s*(?![\"']?#)", r"url\(", r"@import", r"\bfetch\(",
            r"XMLHttpRequest", r"WebSocket", r"\bimport\("):
    for m in re.finditer(pat, s, re.I):
        print(pat, s[max(0, m.start() - 30):m.end() + 30].replace("\n", " "))
EOF
[ ! -s "$tmp/refs" ] && ok || fail "outside references: $(head -3 "$tmp/refs")"
grep -q "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';" "$tmp/x.html" && ok ||
	fail "no Content-Security-Policy default-src 'none'"

# ---- event N in the browser ----
deliver=$(first "$tmp/x.json" deliver 'boss@corp.example')
trans=$(first "$tmp/x.json" state '"text":"TRANSACTION"')
rcpt3=$(first "$tmp/x.json" cmd '"hop":"3".*RCPT TO')
for N in 1 7 "$rcpt3" "$deliver" "$trans" "$n"; do
	browser --dump-dom "file://$tmp/x.html#event=$N" >"$tmp/dom.html" || { fail "#event=$N: chromium failed"; continue; }
	check "#event=$N: one current line" 1 "$(dom "$tmp/dom.html" ncur)"
	check "#event=$N: the current line" "$N $(jline "$tmp/x.json" "$N" line)" "$(dom "$tmp/dom.html" cur)"
	kind=$(jline "$tmp/x.json" "$N" kind)
	case $kind in
	note) want="What happens now" ;;
	teach) want="Teaching note" ;;
	question) want="Question for the class" ;;
	*) key=$(jline "$tmp/x.json" "$N" explain)
	   want=$(./mailpath explain "$key" | head -1 | sed 's/^[^ ]* — //') ;;
	esac
	check "#event=$N: the explanation" "$want" "$(dom "$tmp/dom.html" ex-title)"
	case $(dom "$tmp/dom.html" narration) in "Event $N of $n,"*) ok ;; *) fail "#event=$N: narration";; esac
	if [ "$N" = "$deliver" ]; then
		check "#event=$N: the delivery in the world" "1 message, " \
			"$(dom "$tmp/dom.html" world:box:boss@corp.example | cut -c1-11)"
	fi
	if [ "$N" = "$trans" ]; then
		check "#event=$N: POP3 state" "○AUTHORIZATION ●TRANSACTION ○UPDATE" "$(dom "$tmp/dom.html" world:POP3)"
		check "#event=$N: the client's belief" "$(jline "$tmp/x.json" "$N" client_believes)" \
			"$(dom "$tmp/dom.html" "world:client believes")"
		check "#event=$N: the server's belief" "$(jline "$tmp/x.json" "$N" server_believes)" \
			"$(dom "$tmp/dom.html" "world:server believes")"
	fi
	if [ "$N" = 1 ]; then
		check "#event=1: graded answers hidden" "hidden hidden hidden" "$(dom "$tmp/dom.html" answers | xargs)"
		check "#event=1: no link inside TLS" none "$(dom "$tmp/dom.html" locked)"
		check "#event=1: the observer is off" "hidden shown" "$(dom "$tmp/dom.html" obs) $(dom "$tmp/dom.html" world-shown)"
	fi
	if [ "$N" = "$rcpt3" ]; then   # before the delivery: the mailbox is empty
		check "#event=$N: nothing delivered yet" "0 messages, " \
			"$(dom "$tmp/dom.html" world:box:boss@corp.example | cut -c1-12)"
	fi
done
browser --dump-dom "file://$tmp/x.html#handout" >"$tmp/dom.html"
lines=$(python3 -c '
import json, sys
n = 0
for l in open(sys.argv[1]):
    e = json.loads(l)
    n += bool(e["kind"] not in ("question", "expect", "teach", "fault") and (e["kind"] != "note" or e["from"] or e["to"]))
print(n)' "$tmp/x.json")
case $(dom "$tmp/dom.html" handout) in
"$lines lines "*" notes")
	h=$(dom "$tmp/dom.html" handout)
	[ "$(echo "$h" | awk '{ print $3 }')" -gt 10 ] && [ "$(echo "$h" | awk '{ print $5 }')" -gt 3 ] && ok ||
		fail "#handout: too few explanations or notes: $h" ;;
*) fail "#handout: $(dom "$tmp/dom.html" handout)" ;;
esac

# ---- the graded questions: #answers shows each one's answer (the teacher's key) ----
browser --dump-dom "file://$tmp/x.html#answers" >"$tmp/dom.html"
dom "$tmp/dom.html" answers >"$tmp/answers"
grep -o 'answer [a-z]* [^ ]*$' scenarios/default.scn | awk '{ print $3 }' >"$tmp/want"
check "#answers: one per graded question" "$(wc -l <"$tmp/want")" "$(wc -l <"$tmp/answers")"
while read -r want; do
	grep -q "The answer: $want\." "$tmp/answers" && ok || fail "#answers: $want not shown: $(head -3 "$tmp/answers")"
done <"$tmp/want"

# ---- predict: at the event before a reply, the quiz asks it, answer hidden ----
q1=$(./mailpath quiz default --format json | head -1)
qev=$(echo "$q1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["event"])')
qprompt=$(echo "$q1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["prompt"])')
browser --dump-dom "file://$tmp/x.html#event=$((qev - 1))&predict=on" >"$tmp/dom.html"
check "&predict=on: the question asked" "$qprompt / answer hidden" "$(dom "$tmp/dom.html" predict)"
check "&predict=on: still before the answer" "$((qev - 1)) $(jline "$tmp/x.json" $((qev - 1)) line)" \
	"$(dom "$tmp/dom.html" cur)"

# ---- the observer: what run --eavesdrop captured, up to event N ----
./mailpath run eavesdropper --format html >"$tmp/e.html"
./mailpath run eavesdropper --format json >"$tmp/e.json"
./mailpath run eavesdropper --eavesdrop 2-3 >"$tmp/e.txt"
sed -n 's/^ *[^ ]*  [^ ]* -> [^ ]*  //p' "$tmp/e.txt" >"$tmp/e.segs"
auth=$(first "$tmp/e.json" cmd '"hop":"2".*AUTH PLAIN')
en=$(wc -l <"$tmp/e.json")
for N in $((auth - 1)) "$auth" "$en"; do
	browser --dump-dom "file://$tmp/e.html#event=$N&observer=2-3" >"$tmp/dom.html" || { fail "observer at $N: chromium failed"; continue; }
	dom "$tmp/dom.html" obs >"$tmp/segs"
	k=$(wc -l <"$tmp/segs")
	[ "$k" -gt 3 ] && head -n "$k" "$tmp/e.segs" | cmp -s - "$tmp/segs" && ok ||
		fail "#event=$N&observer=2-3: the capture is not --eavesdrop's: $(diff <(head -n "$k" "$tmp/e.segs") "$tmp/segs" | head -3)"
	check "#event=$N&observer=2-3: the world pane gives way" hidden "$(dom "$tmp/dom.html" world-shown)"
	case $N in
	$((auth - 1)))
		check "before AUTH: nothing secret yet" "none so far" "$(dom "$tmp/dom.html" secrets)"
		grep -q '^AUTH' "$tmp/segs" && fail "before AUTH: AUTH captured" || ok ;;
	"$auth")
		check "at AUTH: the credentials, decoded" "AUTH PLAIN smith / s3cret" "$(dom "$tmp/dom.html" secrets)"
		tail -1 "$tmp/segs" | grep -q 'base64 of "^@smith^@s3cret"' && ok || fail "at AUTH: $(tail -1 "$tmp/segs")" ;;
	*)
		check "at the end: every segment" "$(wc -l <"$tmp/e.segs")" "$k"
		check "at the end: every secret" "$(sed -n 's/^secret: //p' "$tmp/e.txt" | paste -sd'|' | sed 's/|/ | /g')" \
			"$(dom "$tmp/dom.html" secrets)" ;;
	esac
done
./mailpath run starttls --format html >"$tmp/s.html"
./mailpath run starttls --format json >"$tmp/s.json"
tls3=$(first "$tmp/s.json" cmd '"hop":"3".*"tls":true')
browser --dump-dom "file://$tmp/s.html#event=$tls3&observer=3-4" >"$tmp/dom.html"
case " $(dom "$tmp/dom.html" locked) " in *" link-3 "*) ok ;; *) fail "starttls #event=$tls3: 3-4 not inside TLS: $(dom "$tmp/dom.html" locked)" ;; esac
tail -1 <(dom "$tmp/dom.html" obs) | grep -q '^\[TLS record, [0-9]* bytes\]$' && ok ||
	fail "starttls #event=$tls3&observer=3-4: $(dom "$tmp/dom.html" obs | tail -1)"

# ---- screenshots: not blank, the path and its token visible ----
for size in 1280,800 390,844; do
	browser --window-size="$size" --hide-scrollbars --screenshot="$tmp/shot.png" "file://$tmp/x.html#event=7" \
		>/dev/null || { fail "screenshot $size: chromium failed"; continue; }
	res=$(python3 - "$tmp/shot.png" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat = 8, b""
while pos < len(data):
    n, typ = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if typ == b"IHDR": w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
    if typ == b"IDAT": idat += body
    pos += 12 + n
assert depth == 8 and interlace == 0 and ctype in (2, 6)
bpp = 3 if ctype == 2 else 4
raw, stride, prev, rows, i = zlib.decompress(idat), w * bpp, bytearray(w * bpp), [], 0
for y in range(h):   # PNG filters (RFC 2083 6)
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
colours, token, border = set(), 0, 0
for y in range(h * 6 // 10):   # the top: the path and its token
    r = rows[y]
    for x in range(0, stride, bpp):
        px = (r[x], r[x + 1], r[x + 2]); colours.add(px)
        token += px == (29, 95, 191)    # --token
        border += px == (201, 206, 214) # --line: the boxes of the path
print(len(colours) > 20, token > 150, border > 400)
EOF
	)
	check "screenshot $size: colours, token, path" "True True True" "$res"
done

# ---- no request leaves the page (chromium's own updaters are not the page's) ----
browser --log-net-log="$tmp/net.json" --dump-dom "file://$tmp/x.html#event=40" >/dev/null
res=$(python3 - "$tmp/net.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
types = {v: k for k, v in d["constants"]["logEventTypes"].items()}
page = [e["params"].get("url", "?") for e in d["events"] if types.get(e["type"]) == "URL_REQUEST_START_JOB"
        and e.get("params", {}).get("initiator", "not an origin") != "not an origin"]
print(len(page), " ".join(page[:3]))
EOF
)
check "requests made by the page" "0 " "$res"

# ---- a 110,000-event run still opens, at its last event ----
cat >"$tmp/big.scn" <<'EOF'
title "A big attachment"
send to boss@corp.example subject "Big" attach 2MB
check boss at 20m
EOF
./mailpath run "$tmp/big.scn" --format json >"$tmp/big.json"
bn=$(wc -l <"$tmp/big.json")
[ "$bn" -gt 100000 ] && ok || fail "the big run has only $bn events"
./mailpath run "$tmp/big.scn" --format html >"$tmp/big.html"
browser --dump-dom "file://$tmp/big.html#event=$((bn - 1))" >"$tmp/dom.html" || fail "big run: chromium failed"
check "big run: the current line" "$((bn - 1)) $(jline "$tmp/big.json" $((bn - 1)) line)" "$(dom "$tmp/dom.html" cur)"

echo "html.sh: $pass passed, $failed failed"
[ "$failed" = 0 ]
