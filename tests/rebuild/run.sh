#!/usr/bin/env bash
# out/ is exactly the site asked for, and "nothing changed" is never wrong:
# pruning when languages, codes or formats change (a publisher's own files
# stay; a killed build removes nothing); rebuilds that make only what
# changed give the same tree as a build into an empty folder, after random
# edits; the manifest's hash covers what was read, content not mtimes, and
# the libraries; update-po checks first and touches only what changed.
set -u
. "$(dirname "$0")/../lib.sh"

I=$WORK/in; inputs "$I"
# Two protocols and two languages: quick, and enough to show each case.
rm -f "$I"/catalog/{ftp,grpc,http,websocket}.xml
printf 'en\ntr\n' >"$I/po/LINGUAS"
v() { versus_in "$I" "$@"; }
full() { rm -rf "$WORK/full"; v --out "$WORK/full" "$@" >/dev/null 2>&1; }
same() { diff -r -q -x '.versus-*' -x CNAME -x _headers -x .git "$1" "$2" >"$WORK/diff" 2>&1; }
O=$WORK/out

# --- pruning ------------------------------------------------------------------
v --out "$O" -j 2 >/dev/null 2>&1
mkdir -p "$O/.git"; echo ref >"$O/.git/HEAD"; echo codes.example.org >"$O/CNAME"; echo '/*' >"$O/_headers"
v --out "$O" --lang tr -j 2 >/dev/null 2>&1
full --lang tr
check "narrowed to tr: out/ is the tr site" same "$O" "$WORK/full"
check "... the publisher's CNAME, _headers and .git stay" test -f "$O/CNAME" -a -f "$O/_headers" -a -f "$O/.git/HEAD"
check "... and out/en is gone, folders too" test ! -e "$O/en"
v --out "$O" -j 2 >/dev/null 2>&1; full
check "widened again: the whole site" same "$O" "$WORK/full"
sed -i 's/number="450" slug="mailbox-unavailable"/number="498" slug="mailbox-unavailable"/' "$I/catalog/smtp.xml"
v --out "$O" -j 2 >/dev/null 2>&1; full
check "a code renumbered: its old pages are gone" test -z "$(find "$O" -name '450-*' -o -name '*-vs-450-*' | head -1)"
check "... and out/ is the site" same "$O" "$WORK/full"
v --out "$O" --format html -j 2 >/dev/null 2>&1; full --format html
check "Markdown dropped: no .md left" test -z "$(find "$O" -name '*.md' | head -1)"
check "... and out/ is the site" same "$O" "$WORK/full"
# A killed build removes nothing.
v --out "$O" -j 2 >/dev/null 2>&1
before=$(cd "$O" && find . -path ./.versus-manifest -prune -o -type f -print | LC_ALL=C sort)
(exec "$VERSUS" --catalog "$I/catalog" --po "$I/po" --templates "$I/templates" --out "$O" --lang tr -j 1 >/dev/null 2>&1) &
pid=$!; sleep 0.3; kill -KILL "$pid"; wait "$pid" 2>/dev/null
after=$(cd "$O" && find . -path ./.versus-manifest -prune -o -path './.versus-tmp*' -prune -o -type f -print | LC_ALL=C sort)
check "a killed build removes nothing" test -z "$(comm -23 <(echo "$before") <(echo "$after"))"
v --out "$O" --lang tr -j 2 >/dev/null 2>&1; full --lang tr
check "... and the next build removes what it left" same "$O" "$WORK/full"

# --- rebuilds after random edits ------------------------------------------------
v --out "$O" -j 2 >/dev/null 2>&1
RANDOM=7
bad=0
for round in 1 2 3 4 5 6; do
	case $((RANDOM % 3)) in
	0) /usr/bin/python3 - "$I/po/tr.po" "$round" <<'PY'
import polib, random, sys
po = polib.pofile(sys.argv[1], wrapwidth=100000)
es = [e for e in po if e.msgstr and not e.msgid_plural and "{" not in e.msgid and e.msgctxt and "/" in e.msgctxt]
random.seed(int(sys.argv[2]))
e = random.choice(es)
e.msgstr += " (düzenleme " + sys.argv[2] + ")"
po.save()
PY
	   what="a po message";;
	1) sed -i "0,/<fix>/s/<fix>/<fix>Edit $round. /" "$I/catalog/dns.xml"; what="a catalogue text";;
	2) sed -i "s|<footer class=\"site\">|<footer class=\"site\" data-r=\"$round\">|; s|data-r=\"[0-9]*\" data-r|data-r|" "$I/templates/footer.html"; what="a template";;
	esac
	v --out "$O" -j 2 >"$WORK/inc.log" 2>&1
	full
	same "$O" "$WORK/full" || { bad=$((bad + 1)); echo "round $round ($what): differs"; head -3 "$WORK/diff"; }
done
check "6 random edits: each rebuild equals a build into an empty folder" test "$bad" -eq 0
# Only what changed is made again.
/usr/bin/python3 - "$I/po/tr.po" <<'PY'
import polib, sys
po = polib.pofile(sys.argv[1], wrapwidth=100000)
for e in po:
    if e.msgctxt == "smtp/550/fix":
        e.msgstr += " (son)"
po.save()
PY
v --out "$O" -j 2 >"$WORK/one.log" 2>&1
written=$(sed -n 's/.* \([0-9]*\) files written.*/\1/p' "$WORK/one.log")
check "one message of tr.po edited: only the tr pages showing 550's fix are written ($written)" \
	test "${written:-999}" -gt 0 -a "${written:-999}" -lt 150

# --- "nothing changed" is never wrong ---------------------------------------------
v --out "$O" -j 2 >/dev/null 2>&1
cp -p "$I/po/tr.po" "$WORK/tr.keep"
sed -i '0,/msgstr "Ana Sayfa"/s//msgstr "Anasayfa"/' "$I/po/tr.po"
touch -r "$WORK/tr.keep" "$I/po/tr.po"
v --out "$O" -j 2 >"$WORK/mtime.log" 2>&1
check "an input edited with its mtime kept is seen" bash -c "! grep -q 'nothing changed' '$WORK/mtime.log'"
# An edit while the build reads: the next build must not trust the pages.
(v --out "$O" -j 1 >/dev/null 2>&1) &
pid=$!
sleep 0.05; sed -i 's/msgstr "Anasayfa"/msgstr "Ana Sayfa (yeni)"/' "$I/po/tr.po"
wait "$pid"
v --out "$O" -j 2 >/dev/null 2>&1
check "an edit made during a build shows after the next build" grep -q 'Ana Sayfa (yeni)' "$O/tr/status.html"
# A library of another version (simulated: cmark's version string).
cat >"$WORK/cmarkver.c" <<'C'
const char *cmark_version_string(void) { return "99.0.0-simulated"; }
C
if cc -shared -fPIC -o "$WORK/cmarkver.so" "$WORK/cmarkver.c" 2>/dev/null; then
	v --out "$O" -j 2 >/dev/null 2>&1
	LD_PRELOAD=$WORK/cmarkver.so v --out "$O" -j 2 >"$WORK/lib.log" 2>&1
	check "another version of a library: not 'nothing changed'" bash -c "! grep -q 'nothing changed' '$WORK/lib.log'"
fi
v --out "$O" --format md -j 2 >/dev/null 2>&1
v --out "$O" --format md -j 2 >"$WORK/md.log" 2>&1
check "a Markdown-only build records a manifest too" grep -q 'nothing changed' "$WORK/md.log"

# --- update-po ----------------------------------------------------------------
U=$WORK/upd; mkdir -p "$U"; cp -r "$REPO/catalog" "$REPO/po" "$REPO/templates" "$REPO/Makefile" "$U/"
make -s -C "$U" update-po VERSUS="$VERSUS" >/dev/null 2>&1
cp -r "$U/po" "$WORK/po-before"
sed -i 's|</protocol>|  <code number="599" slug="test-code" standing="standard">\n    <name>Test Code</name>\n    <description>The test code is new.</description>\n    <when>When a test adds it.</when>\n    <fix>Nothing to fix.</fix>\n    <ref href="https://www.rfc-editor.org/rfc/rfc5321">RFC 5321: A New Reference</ref>\n  </code>\n</protocol>|' "$U/catalog/smtp.xml"
make -s -C "$U" update-po VERSUS="$VERSUS" >/dev/null 2>&1
check "update-po with a new code succeeds" test $? -eq 0
stray=0
for f in "$U"/po/*.po; do
	n=$(basename "$f")
	# Changed lines, the header's creation date aside, must belong to the new code.
	d=$(diff "$WORK/po-before/$n" "$f" | grep '^[<>]' | grep -v 'POT-Creation-Date' |
		grep -v -e 'smtp/599/' -e 'Test Code' -e 'test code is new' -e 'When a test adds it' \
			-e 'Nothing to fix' -e 'RFC 5321: A New Reference' -e '^> #' -e '^> msgstr ""' -e '^> $' -e '^> msgctxt "smtp/ref"')
	[ -z "$d" ] || { stray=$((stray + 1)); echo "$n:"; echo "$d" | head -5; }
done
check "a new code changes only its own entries in every po file" test "$stray" -eq 0
cp -r "$U/po" "$WORK/po-good"
sed -i '0,/<code number="211"/s//<code number="214"/' "$U/catalog/smtp.xml"
make -s -C "$U" update-po VERSUS="$VERSUS" >"$WORK/upd.err" 2>&1
check "update-po with a duplicate code fails" test $? -ne 0
check "... names the file and line" grep -q 'catalog/smtp.xml:[0-9]*: duplicate code' "$WORK/upd.err"
check "... and changes no po file" diff -r -q "$WORK/po-good" "$U/po"
finish
