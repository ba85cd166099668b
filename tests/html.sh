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
