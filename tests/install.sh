#!/usr/bin/env bash
# install.sh — mailpath installed like any Unix tool. `make install
# DESTDIR=...` puts the binary, mailpath(1), mailpath-scenario(5) and the bash
# completion in place; the installed binary runs a lesson from another
# directory (the lessons are compiled in); `man -l` shows both pages and
# groff (and mandoc, when there) finds nothing to warn about; mailpath(1)
# names every subcommand, option and fault the program itself lists; the
# completion completes `mailpath run gr<TAB>` to greylisting, and more;
# `make uninstall` removes every file. groff and man come from .ci/ensure-deps.
set -u
cd "$(dirname "$0")/.."
pass=0 failed=0
fail() { echo "install.sh: FAIL: $*"; failed=$((failed + 1)); }
ok() { pass=$((pass + 1)); }
check() { if [ "$2" = "$3" ]; then ok; else fail "$1: want [$2], got [$3]"; fi }   # check WHAT WANT GOT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for c in groff man; do
	command -v $c >/dev/null 2>&1 || { echo "install.sh: FAIL: $c is not installed (sh .ci/ensure-deps all)"; exit 1; }
done

dest=$tmp/stage
make --no-print-directory install DESTDIR="$dest" >"$tmp/log" 2>&1 || fail "make install: $(tail -3 "$tmp/log")"
bin=$dest/usr/local/bin/mailpath
man1=$dest/usr/local/share/man/man1/mailpath.1
man5=$dest/usr/local/share/man/man5/mailpath-scenario.5
comp=$dest/usr/local/share/bash-completion/completions/mailpath
for f in "$bin" "$man1" "$man5" "$comp"; do [ -f "$f" ] && ok || fail "not installed: ${f#"$dest"}"; done
[ -x "$bin" ] && ok || fail "the binary is not executable"

# ---- the installed binary, from another directory ----
mkdir -p "$tmp/elsewhere"
out=$(cd "$tmp/elsewhere" && "$bin" run default 2>&1); rc=$?
check "installed: run default exits" 0 "$rc"
check "installed: run default, first line" "mailpath run default: The mail path, start to finish" \
	"$(echo "$out" | head -1)"
echo "$out" | grep -q '^5 expectations, 0 failed$' && ok || fail "installed: run default: expectations"
(cd "$tmp/elsewhere" && "$bin" run greylisting --format html >page.html) && grep -q '</html>' "$tmp/elsewhere/page.html" &&
	ok || fail "installed: run --format html from another directory"
check "installed: --version" "$(./mailpath --version)" "$("$bin" --version)"

# ---- the manual pages ----
for p in "$man1" "$man5"; do
	w=$(groff -ww -z -man -Tutf8 "$p" 2>&1)
	[ -z "$w" ] && ok || fail "groff warns on ${p##*/}: $(echo "$w" | head -3)"
	if command -v mandoc >/dev/null 2>&1; then
		w=$(mandoc -T lint "$p" 2>&1)
		[ -z "$w" ] && ok || fail "mandoc -T lint on ${p##*/}: $(echo "$w" | head -3)"
	fi
done
page1=$(MANWIDTH=80 MANPAGER=cat man -l "$man1" 2>"$tmp/err")
[ ! -s "$tmp/err" ] && ok || fail "man -l mailpath.1: $(head -3 "$tmp/err")"
page5=$(MANWIDTH=80 MANPAGER=cat man -l "$man5" 2>"$tmp/err")
[ ! -s "$tmp/err" ] && ok || fail "man -l mailpath-scenario.5: $(head -3 "$tmp/err")"
echo "$page1" | head -1 | grep -q '^MAILPATH(1)' && ok || fail "man -l mailpath.1: no MAILPATH(1) header"
echo "$page5" | head -1 | grep -q '^MAILPATH-SCENARIO(5)' && ok || fail "man -l mailpath-scenario.5: no header"
for s in "EXIT STATUS" EXAMPLES KEYS FAULTS; do
	echo "$page1" | grep -q "^$s" && ok || fail "mailpath(1) has no $s section"
done
# every subcommand, every option of each, every fault: as the program lists them
cmds=$("$bin" --help | sed -n 's/^  mailpath \[\{0,1\}\([a-z][a-z-]*\).*/\1/p' | sort -u)
for c in $cmds; do
	echo "$page1" | grep -q "^   mailpath $c\b\|^   mailpath \[$c\b" && ok || fail "mailpath(1) has no section for '$c'"
	for o in $("$bin" "$c" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
		echo "$page1" | grep -q -- "$o\b" && ok || fail "mailpath(1) does not mention $c $o"
	done
done
for f in $("$bin" run --help | awk '/^Faults/ { f = 1; next } f && /^  [a-z]/ { print $1 }'); do
	echo "$page1" | grep -q "^       $f\( \|\$\)" && ok || fail "mailpath(1) does not list the fault $f"
done
for d in title description send body check fault note question expect user mx nxdomain host link; do
	echo "$page5" | grep -q "^       $d\b" && ok || fail "mailpath-scenario(5) does not describe '$d'"
done

# ---- bash completion, asking the installed binary ----
complete_it() {   # complete_it WORD... : what <TAB> offers after the last word
	PATH="$dest/usr/local/bin:$PATH" bash --norc --noprofile -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_mailpath; echo "${COMPREPLY[*]}"' _ "$comp" "$@"
}
check "mailpath run gr<TAB>" greylisting "$(complete_it mailpath run gr)"
check "mailpath ex<TAB>" explain "$(complete_it mailpath ex)"
check "mailpath run default --fault grey<TAB>" greylist "$(complete_it mailpath run default --fault grey)"
check "mailpath run default --format ht<TAB>" html "$(complete_it mailpath run default --format ht)"
check "mailpath run --se<TAB>" --seed "$(complete_it mailpath run --se)"
check "mailpath explain RCP<TAB>" RCPT "$(complete_it mailpath explain RCP)"
check "mailpath <TAB>" "$(echo $cmds)" "$(complete_it mailpath '' | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')"

# ---- uninstall ----
make --no-print-directory uninstall DESTDIR="$dest" >"$tmp/log" 2>&1 || fail "make uninstall: $(tail -3 "$tmp/log")"
left=$(find "$dest" -type f | sed "s|^$dest||")
[ -z "$left" ] && ok || fail "make uninstall left: $left"

echo "install.sh: $pass passed, $failed failed"
[ "$failed" = 0 ]
