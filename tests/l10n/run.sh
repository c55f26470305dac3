#!/usr/bin/env bash
# Translation quality gates: every po file passes msgfmt -c and pofilter
# (but for the checks pofilter.conf accepts, each with its reason), keeps
# every placeholder (versus refuses none), equals its msgid only where
# unchanged.txt allows it; and the rendered pages of every language say
# in which language each text is, truly (scripts.py).
set -u
. "$(dirname "$0")/../lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3

command -v pofilter >/dev/null || {
	echo "Installing: translate-toolkit"
	SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		translate-toolkit python3-polib >"$WORK/apt.log" 2>&1
}
check "pofilter is installed" command -v pofilter

langs=$(sed 's/#.*//' "$REPO/po/LINGUAS")
for l in $langs; do
	[ "$l" = en ] && continue
	po=$REPO/po/$l.po
	check "$l.po: msgfmt -c" msgfmt -c -o /dev/null "$po"
	# The checks this language accepts: the '*' lines and its own.
	excl=$(awk -v l="$l" '!/^#/ && NF >= 2 && ($2 == "*" || index("," $2 ",", "," l ",")) { print "--excludefilter=" $1 }' "$HERE/pofilter.conf")
	pofilter --nofuzzy --progress=none $excl -i "$po" -o "$WORK/pofilter-$l.po" 2>"$WORK/pofilter-$l.err"
	n=$(grep -c '^# (pofilter)' "$WORK/pofilter-$l.po" 2>/dev/null)
	check "$l.po: pofilter finds nothing it does not accept ($n found; see $WORK/pofilter-$l.po)" test "${n:-0}" -eq 0
	check "$l.po: no msgstr equals its msgid but those unchanged.txt allows" \
		$PY "$HERE/unchanged.py" "$po" "$HERE/unchanged.txt"
done

# Placeholders and Markdown: versus refuses any translation that breaks
# them, so a language that warns has lost a sentence to English.
"$VERSUS" --catalog "$REPO/catalog" --po "$REPO/po" --templates "$REPO/templates" --stats >"$WORK/stats" 2>"$WORK/stats.err"
check "every translation is used: versus --stats warns of none" test ! -s "$WORK/stats.err"
check "every language is at least 99 % translated" \
	awk 'NR > 1 && $NF ~ /^[0-9]+$/ { d = $(NF - 1); sub(/%/, "", d); if (d + 0 < 99) bad = 1 } END { exit bad }' "$WORK/stats"

# The pages: each text says its language truly.
"$VERSUS" --catalog "$REPO/catalog" --po "$REPO/po" --templates "$REPO/templates" \
	--out "$WORK/out" --format html -j 2 >/dev/null 2>"$WORK/build.err"
check "the site builds" test $? -eq 0
check "sampled pages of every language: every text in the language it is marked as" \
	$PY "$HERE/scripts.py" "$WORK/out"
finish
