#!/usr/bin/env bash
# The search and the comparison picker, in Chromium, on the whole site:
#  1. queries.tsv: 20 queries a language, each with the page that must be
#     among the first 3 results of search.html?q=<query> (file:// URLs);
#  2. the header's search box of a code page: type, Enter, click the first
#     result, land on the expected page (en, ja, th, ar);
#  3. the picker with the keyboard alone (Tab, arrow keys, Tab, Enter) on a
#     protocol index, a compare index and a code page: either order of the
#     two codes lands on the a < b comparison;
#  4. axe-core on search.html (empty and with results) and a protocol index
#     in en, ja, th, ar: no violation.
#
#   bash tests/search/run.sh VERSUS REPO WORK
#
# Uses the npm tools folder of tests/site (playwright-core and axe-core, the
# versions pinned there), installing what is missing into it; Debian's
# Chromium. Nothing is installed into the repository.
set -u
. "$(dirname "$0")/../lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
SITE_TESTS=$(cd "$HERE/../site" && pwd)
TOOLS=${VERSUS_SITE_TOOLS:-$(dirname "$WORK")/site-tools}
NODE_MODULES=$TOOLS/node_modules
JOBS=$(nproc 2>/dev/null || echo 2)
CHROMIUM=/usr/bin/chromium
QUERIES=$HERE/queries.tsv
OUT=$WORK/out

verify() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; return 1; fi; }
say() { echo "--- $*"; }
show() { sed -n "1,${2:-20}p" "$1" | sed 's/^/    /'; }

# --- tools --------------------------------------------------------------------
say "tools"
# The same pins as tests/site (one list to bump), of the two packages used here.
NPM_PACKAGES=$(sed -n 's/^NPM_PACKAGES="\(.*\)"/\1/p' "$SITE_TESTS/run.sh" | tr ' ' '\n' |
	grep -E '^(playwright-core|axe-core)@' | tr '\n' ' ')
verify "tests/site/run.sh pins playwright-core and axe-core ($NPM_PACKAGES)" \
	test "$(echo $NPM_PACKAGES | wc -w)" -eq 2
if [ ! -x "$CHROMIUM" ]; then
	echo "Installing: chromium"
	SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$WORK/apt.log" 2>&1 &&
		$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium >>"$WORK/apt.log" 2>&1
	verify "Debian package installed: chromium" test $? -eq 0 || show "$WORK/apt.log"
fi
verify "node is on the PATH" bash -c "command -v node >/dev/null"
npm_ready() {
	local p
	for p in $NPM_PACKAGES; do
		[ "$(node -p "require('$NODE_MODULES/${p%@*}/package.json').version" 2>/dev/null)" = "${p##*@}" ] || return 1
	done
}
if ! npm_ready; then
	echo "Installing into $TOOLS: $NPM_PACKAGES"
	mkdir -p "$TOOLS"
	# One install at a time in the shared folder (tests/site takes the same lock).
	(
		flock 9
		npm_ready || (cd "$TOOLS" && npm install --prefix "$TOOLS" --ignore-scripts --no-audit --no-fund $NPM_PACKAGES)
	) 9>"$TOOLS/.install.lock" >"$WORK/npm.log" 2>&1 || show "$WORK/npm.log"
fi
verify "playwright-core and axe-core in $TOOLS" npm_ready

# --- the site and the queries -------------------------------------------------------
say "rendering"
LANGS=$(sed 's/#.*//' "$REPO/po/LINGUAS" | tr -s ' \t\n' '\n' | sed '/^$/d')
folder_of() { echo "$1" | tr '_' '-' | tr '[:upper:]' '[:lower:]'; }
FOLDERS=$(for l in $LANGS; do folder_of "$l"; done)
verify "the whole site renders (every language, HTML)" \
	"$VERSUS" --catalog "$REPO/catalog" --po "$REPO/po" --templates "$REPO/templates" \
	--out "$OUT" --format html -j "$JOBS" >"$WORK/render.log" 2>&1 || show "$WORK/render.log"

say "queries.tsv"
verify "queries.tsv: a header (lang, query, expected, note), then 4 tab-separated columns a row" \
	awk -F'\t' 'NR == 1 { if ($0 != "lang\tquery\texpected\tnote") bad = 1; next }
		NF != 4 || $2 == "" || $3 == "" { bad = 1 } END { exit bad }' "$QUERIES"
for f in $FOLDERS; do
	n=$(awk -F'\t' -v l="$f" 'NR > 1 && $1 == l' "$QUERIES" | wc -l)
	verify "queries.tsv: 20 queries in $f ($n)" test "$n" -eq 20
done
verify "queries.tsv: only languages of po/LINGUAS" \
	bash -c "! awk -F'\t' 'NR > 1 { print \$1 }' '$QUERIES' | sort -u | grep -vxF '$FOLDERS'"
# Every expected page is a page of the site, not a redirect (the search links
# the a < b page).
bad=$(awk -F'\t' 'NR > 1 { print $1 "/" $3 }' "$QUERIES" | while read -r p; do
	if [ ! -f "$OUT/$p" ]; then echo "$p (no such page)"
	elif grep -q '<meta name="robots" content="noindex"' "$OUT/$p"; then echo "$p (a redirect)"; fi
done)
verify "queries.tsv: every expected page exists and is no redirect" test -z "$bad" || echo "$bad" | head -5 | sed 's/^/    /'

run_browser() { # LOG MODE ARGS...
	local log=$1; shift
	timeout 1200 node "$HERE/browser.js" "$1" "$NODE_MODULES" "$WORK/chromium-profile" "$OUT" "${@:2}" >"$log" 2>&1
}

# --- 1. every query, top 3 -------------------------------------------------------------------
say "1. queries.tsv in Chromium: the expected page among the first 3 results"
if npm_ready; then
	run_browser "$WORK/queries.log" queries "$QUERIES"
	verify "browser.js queries ran" test $? -eq 0 || show "$WORK/queries.log"
	line=1
	while IFS=$'\t' read -r lang query expected _; do
		line=$((line + 1))
		got=$(awk -v n="$line" '$1 == "query" && $3 == n' "$WORK/queries.log")
		verify "$lang: \"$query\" finds $expected in the top 3" test "$(echo "$got" | cut -d' ' -f2)" = ok ||
			{ echo "    got: ${got#* -> }"; awk -v n="$line" '$1 == "query" { on = ($3 == n); next } on' "$WORK/queries.log" | head -3; }
	done < <(tail -n +2 "$QUERIES")
	for f in $FOLDERS; do
		echo "$f: $(awk -v l="$f" '$1 == "query" && $4 == l && $2 == "ok"' "$WORK/queries.log" | wc -l)/20 in the top 3"
	done
else
	fail "queries: playwright-core is missing"
fi

# --- 2. the header's search box ---------------------------------------------------------------
say "2. the header's search box of a code page: type, Enter, first result"
START=ftp/226-closing-data.html
header=("en|$START|too many requests|http/429-too-many-requests.html"
	"en|$START|401 vs 403|compare/http/401-unauthorized-vs-403-forbidden.html"
	"ja|$START|ゲートウェイタイムアウト|http/504-gateway-timeout.html"
	"ja|$START|401 403|compare/http/401-unauthorized-vs-403-forbidden.html"
	"th|$START|ไม่พบกล่องจดหมาย|smtp/550-mailbox-not-found.html"
	"th|$START|401 กับ 403|compare/http/401-unauthorized-vs-403-forbidden.html"
	"ar|$START|صندوق البريد غير موجود|smtp/550-mailbox-not-found.html"
	"ar|$START|401 و 403|compare/http/401-unauthorized-vs-403-forbidden.html")
if npm_ready; then
	run_browser "$WORK/header.log" header "${header[@]}"
	verify "browser.js header ran" test $? -eq 0 || show "$WORK/header.log"
	for h in "${header[@]}"; do
		IFS='|' read -r lang start query expected <<<"$h"
		got=$(grep -F "header ok $lang $query -> " "$WORK/header.log" | head -1)
		verify "$lang: \"$query\" typed on $start, Enter, first result: $expected" \
			test "$got" = "header ok $lang $query -> $expected" ||
			grep -F " $lang $query -> " -A2 "$WORK/header.log" | head -3 | sed 's/^/    /'
	done
else
	fail "header: playwright-core is missing"
fi

# --- 3. the picker, keyboard only -----------------------------------------------------------------
say "3. the comparison picker with the keyboard alone"
S550=compare/smtp/550-mailbox-not-found-vs-553-name-invalid.html
H401=compare/http/401-unauthorized-vs-403-forbidden.html
F425=compare/ftp/425-cannot-open-data-vs-426-connection-closed.html
picks=()
for f in en ja th ar; do
	picks+=("$f|smtp/index.html|553|550|$S550" "$f|smtp/index.html|550|553|$S550"
		"$f|smtp/553-name-invalid.html|-|550|$S550" "$f|http/401-unauthorized.html|-|403|$H401"
		"$f|compare/ftp/index.html|426|425|$F425")
done
picks+=("en|smtp/index.html|550|550|smtp/550-mailbox-not-found.html")
if npm_ready; then
	run_browser "$WORK/picker.log" picker "${picks[@]}"
	verify "browser.js picker ran" test $? -eq 0 || show "$WORK/picker.log"
	for p in "${picks[@]}"; do
		IFS='|' read -r lang page a b expected <<<"$p"
		got=$(grep -F "picker ok $lang $page $a $b -> $expected (" "$WORK/picker.log" | head -1)
		verify "$lang: $page, picker $a and $b by keyboard: $expected" test -n "$got" ||
			grep -F " $lang $page $a $b -> " -A2 "$WORK/picker.log" | head -3 | sed 's/^/    /'
	done
else
	fail "picker: playwright-core is missing"
fi

# --- 4. axe-core ------------------------------------------------------------------------------------
# Through tests/site's browser.js and loopback server, as the site suite runs it.
say "4. axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa) on the search page and a protocol index"
SERVER_PID=
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=; }
trap stop_server EXIT
node "$SITE_TESTS/serve.js" "$OUT" "$WORK/port" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
URL=http://127.0.0.1:$(cat "$WORK/port" 2>/dev/null)/
axe_pages=()
for f in en ja th ar; do
	axe_pages+=("$f/search.html" "$f/search.html?q=550" "$f/smtp/index.html")
done
if npm_ready && [ -s "$WORK/port" ]; then
	timeout 900 node "$SITE_TESTS/browser.js" axe "$NODE_MODULES" "$WORK/chromium-profile" "$URL" "${axe_pages[@]}" \
		>"$WORK/axe.log" 2>&1
	verify "axe ran in Chromium" test $? -eq 0 || show "$WORK/axe.log"
	for p in "${axe_pages[@]}"; do
		n=$(awk -v p="$p" '$1 == "axe" && $3 == p { print $2 }' "$WORK/axe.log")
		verify "axe: 0 violations on $p (${n:-not run})" test "${n:-x}" = 0 ||
			awk -v p="$p" '$1 == "axe" { on = ($3 == p); next } on' "$WORK/axe.log" | head -10
	done
else
	fail "axe: no playwright-core, axe-core or loopback server"
fi
stop_server

finish
