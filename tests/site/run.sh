#!/usr/bin/env bash
# The rendered site, checked with real tools: the Nu HTML Checker, axe-core
# in Chromium, linkchecker, the sitemap against the files on disk, the <head>
# of every page, and screenshots of the comparison page to look at.
#
#   bash tests/site/run.sh VERSUS REPO WORK
#
# Installs what is missing: Debian packages with apt-get (only when absent),
# and vnu-jar, playwright-core and axe-core from npm into a cache folder next
# to WORK (VERSUS_SITE_TOOLS=DIR to choose another), never into the
# repository. Screenshots go to WORK/screenshots/ (tall pages also cut into
# WORK/screenshots/tiles/).
set -u
. "$(dirname "$0")/../lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
TOOLS=${VERSUS_SITE_TOOLS:-$(dirname "$WORK")/site-tools}
NODE_MODULES=$TOOLS/node_modules
JOBS=$(nproc 2>/dev/null || echo 2)
# npm packages, pinned so that a new rule set does not change the verdict.
NPM_PACKAGES="vnu-jar@26.9.27 playwright-core@1.65.1 axe-core@4.14.1"
CHROMIUM=/usr/bin/chromium
SCREENSHOTS=$WORK/screenshots; KEEP=screenshots # kept when the suite passes

# verify DESCRIPTION COMMAND...: check, and also fail as a command when it
# fails, so that "verify ... || show why" works.
verify() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; return 1; fi; }
say() { echo "--- $*"; }
# First lines of a log, indented, for a failure's why.
show() { sed -n "1,${2:-20}p" "$1" | sed 's/^/    /'; }

# --- tools ------------------------------------------------------------------
say "tools"
apt_missing=()
[ -x "$CHROMIUM" ] || apt_missing+=(chromium)
command -v java >/dev/null || apt_missing+=(default-jre-headless)
command -v linkchecker >/dev/null || apt_missing+=(linkchecker)
command -v xmllint >/dev/null || apt_missing+=(libxml2-utils)
for p in fonts-noto-core fonts-noto-cjk; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' || apt_missing+=("$p")
done
if [ ${#apt_missing[@]} -gt 0 ]; then
	echo "Installing: ${apt_missing[*]}"
	SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$WORK/apt.log" 2>&1 &&
		$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			"${apt_missing[@]}" >>"$WORK/apt.log" 2>&1
	verify "Debian packages installed: ${apt_missing[*]}" test $? -eq 0 || show "$WORK/apt.log"
fi
verify "node is on the PATH" bash -c "command -v node >/dev/null"
npm_ready() {
	[ -f "$NODE_MODULES/vnu-jar/build/dist/vnu.jar" ] &&
		[ -f "$NODE_MODULES/playwright-core/package.json" ] &&
		[ -f "$NODE_MODULES/axe-core/axe.min.js" ]
}
if ! npm_ready; then
	echo "Installing into $TOOLS: $NPM_PACKAGES"
	mkdir -p "$TOOLS"
	# --ignore-scripts: vnu-jar's postinstall fetches a Java runtime; the
	# system's java runs vnu.jar. One install at a time in the folder
	# (tests/search shares it, and ctest runs suites in parallel).
	(
		flock 9
		npm_ready || (cd "$TOOLS" && npm install --prefix "$TOOLS" --ignore-scripts --no-audit --no-fund \
			$NPM_PACKAGES)
	) 9>"$TOOLS/.install.lock" >"$WORK/npm.log" 2>&1 || show "$WORK/npm.log"
fi
verify "vnu-jar, playwright-core and axe-core in $TOOLS" npm_ready
VNU=$NODE_MODULES/vnu-jar/build/dist/vnu.jar

# --- the sites ----------------------------------------------------------------
# A: every language of po/LINGUAS, HTML, relative links (the browser checks,
#    vnu, the heads, the sitemap).
# B: Turkish alone, HTML and Markdown (linkchecker over the whole of it).
# C: Turkish alone with --base-url (absolute canonical links and sitemap).
say "rendering"
LANGS=$(sed 's/#.*//' "$REPO/po/LINGUAS" | tr -s ' \t\n' '\n' | sed '/^$/d')
TAGS=$(echo "$LANGS" | tr '_' '-')
DEFAULT_TAG=$(echo "$TAGS" | head -n1)
folder_of() { echo "$1" | tr '_' '-' | tr '[:upper:]' '[:lower:]'; }
render() { # DIR ARGS...
	local out=$1; shift
	"$VERSUS" --catalog "$REPO/catalog" --po "$REPO/po" --templates "$REPO/templates" \
		--out "$out" -j "$JOBS" "$@" >"$out.log" 2>&1
}
SITE=$WORK/site; SITE_TR=$WORK/site-tr/out; SITE_ABS=$WORK/site-abs
BASE=https://example.org/codes/
mkdir -p "$WORK/site-tr"
verify "the whole site renders (every language, HTML)" render "$SITE" --format html
verify "the Turkish site renders (HTML and Markdown)" render "$SITE_TR" --lang tr
verify "the Turkish site renders with --base-url" render "$SITE_ABS" --lang tr --format html --base-url "$BASE"
for l in $LANGS; do
	[ -f "$SITE/$(folder_of "$l")/index.html" ] || fail "no $(folder_of "$l")/index.html in the whole site"
done

is_redirect() { grep -q '<meta name="robots" content="noindex"' "$1"; }
# The HTML pages of one kind: the sample every language is checked on.
# Everything but the comparison pages; of those, per protocol, the first,
# the middle and the last page and two redirect pages.
sample_pages() { # SITE FOLDER
	local site=$1 f=$2 p
	echo "$site/index.html"
	ls "$site/$f"/*.html
	for p in "$site/$f"/*/; do
		p=$(basename "$p"); [ "$p" = compare ] && continue
		ls "$site/$f/$p"/*.html
		grep -L '<meta name="robots" content="noindex"' "$site/$f/compare/$p"/*.html |
			LC_ALL=C sort | awk '{ a[NR] = $0 } END { if (NR) { print a[1]; print a[int((NR + 1) / 2)]; print a[NR] } }'
		grep -l '<meta name="robots" content="noindex"' "$site/$f/compare/$p"/*.html |
			LC_ALL=C sort | sed -n '1p;$p'
	done
}

# --- 1. the Nu HTML Checker -----------------------------------------------------
say "1. Nu HTML Checker (vnu --errors-only)"
if npm_ready && command -v java >/dev/null; then
	: >"$WORK/vnu.list"
	for l in $LANGS; do sample_pages "$SITE" "$(folder_of "$l")"; done | LC_ALL=C sort -u >"$WORK/vnu.list"
	echo "$SITE/assets/style.css" >>"$WORK/vnu.list"
	java -Xss4m -jar "$VNU" --errors-only --also-check-css --format gnu --exit-zero-always \
		$(cat "$WORK/vnu.list") >"$WORK/vnu.log" 2>&1
	# gnu format: "file:FILE":LINE.COL-LINE.COL: error: MESSAGE; the file unquoted.
	sed 's/^"\([^"]*\)"/\1/' "$WORK/vnu.log" >"$WORK/vnu.errors"
	total=$(grep -c ': error' "$WORK/vnu.errors")
	echo "vnu: $(wc -l <"$WORK/vnu.list") files, $total errors"
	verify "vnu ran, and said nothing but errors" \
		test -s "$WORK/vnu.list" -a "$(grep -vc ': error' "$WORK/vnu.errors")" -eq 0 || show "$WORK/vnu.log"
	for l in index.html $LANGS assets; do
		case $l in
		index.html|assets) f=$l; prefix=$SITE/$l ;;
		*) f=$(folder_of "$l"); prefix=$SITE/$f/ ;;
		esac
		n=$(grep -cF "$prefix" "$WORK/vnu.list"); e=$(grep -cF "$prefix" "$WORK/vnu.errors")
		verify "vnu: 0 errors in $f ($n files; $e errors)" test "$e" -eq 0 -a "$n" -gt 0 ||
			grep -F "$prefix" "$WORK/vnu.errors" | sed "s|^file:||; s|$SITE/||" | head -5 | sed 's/^/    /'
	done
else
	fail "vnu: no vnu.jar or java"
fi

# --- a loopback server for the browser ---------------------------------------------
SERVER_PID=
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=; }
trap stop_server EXIT
node "$HERE/serve.js" "$SITE" "$WORK/port" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
PORT=$(cat "$WORK/port" 2>/dev/null)
URL=http://127.0.0.1:$PORT/
verify "a loopback server serves the site" \
	bash -c "node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' '${URL}en/index.html'"

# --- 2. axe-core in Chromium ----------------------------------------------------------
say "2. axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa) in Chromium"
PROTOS=$(cd "$SITE/$(folder_of "$DEFAULT_TAG")" && ls -d */ | tr -d / | grep -vx compare)
C334=compare/smtp/334-server-challenge-vs-556-domain-no-mail.html
axe_pages=(index.html)
i=0
for l in en tr ja th ar; do
	f=$(folder_of "$l")
	[ -d "$SITE/$f" ] || { fail "axe: no $f in the site"; continue; }
	# A different protocol in each language, for more of the templates' paths.
	set -- $PROTOS; shift $((i % $#)); p=$1; i=$((i + 1))
	code=$(ls "$SITE/$f/$p"/*.html | grep -v '/index.html$' | LC_ALL=C sort | tail -n1)
	cmp=$(grep -L '<meta name="robots" content="noindex"' "$SITE/$f/compare/$p"/*.html | LC_ALL=C sort | head -n1)
	red=$(grep -l '<meta name="robots" content="noindex"' "$SITE/$f/compare/$p"/*.html | LC_ALL=C sort | head -n1)
	axe_pages+=("$f/index.html" "$f/status.html" "$f/$p/index.html" "${code#$SITE/}" "$f/$C334" "${cmp#$SITE/}" "${red#$SITE/}")
done
if npm_ready; then
	timeout 900 node "$HERE/browser.js" axe "$NODE_MODULES" "$WORK/chromium-profile" "$URL" "${axe_pages[@]}" \
		>"$WORK/axe.log" 2>&1
	verify "axe ran in Chromium" test $? -eq 0 || show "$WORK/axe.log"
	total=0
	for p in "${axe_pages[@]}"; do
		n=$(awk -v p="$p" '$1 == "axe" && $3 == p { print $2 }' "$WORK/axe.log")
		total=$((total + ${n:-0}))
		verify "axe: 0 violations on $p (${n:-not run})" test "${n:-x}" = 0 ||
			awk -v p="$p" '$1 == "axe" { on = ($3 == p) ; next } on' "$WORK/axe.log" | head -10
	done
	echo "axe: ${#axe_pages[@]} pages, $total violations"
else
	fail "axe: playwright-core and axe-core are missing"
fi

# --- 6. screenshots -------------------------------------------------------------------------
say "6. screenshots in $SCREENSHOTS"
shots=()
for l in en tr ja hi th ar; do
	for w in 1280 390; do shots+=("compare-smtp-334-vs-556-$l-$w=$l/$C334@w:$w"); done
done
shots+=("compare-smtp-334-vs-556-en-1280-dark=en/$C334@w:1280,dark"
	"compare-smtp-334-vs-556-ar-390-dark=ar/$C334@w:390,dark"
	"compare-smtp-334-vs-556-en-print=en/$C334@w:1280,print")
# The comparison with the longest title, on a phone, in every screenshot language.
long=$(cd "$SITE/en/compare" && grep -L 'content="noindex"' */*.html |
	while read -r f; do echo "$(sed -n 's:.*<title>\(.*\)</title>.*:\1:p' "$f" | wc -c) $f"; done |
	sort -k1,1nr -k2 | head -n1 | cut -d' ' -f2)
for l in en ja hi th ar; do shots+=("longest-compare-$l-390=$l/compare/$long@w:390"); done
# One of every other kind, wide and narrow, left-to-right and right-to-left.
for l in en ar; do
	for w in 1280 390; do
		shots+=("home-$l-$w=$l/index.html@w:$w" "protocol-ftp-$l-$w=$l/ftp/index.html@w:$w"
			"code-smtp-550-$l-$w=$l/$(cd "$SITE/$l" && ls smtp/550-*.html | head -n1)@w:$w"
			"status-$l-$w=$l/status.html@w:$w")
	done
done
red=$(cd "$SITE/ar" && grep -l '<meta name="robots" content="noindex"' compare/smtp/*.html | LC_ALL=C sort | head -n1)
# The language list open, wide and on the smallest phones.
shots+=("languages-open-en-1280=en/$C334@w:1280,open" "languages-open-ar-390=ar/$C334@w:390,open"
	"languages-open-th-320=th/index.html@w:320,open")
# The status table, the widest thing on a phone, in every language.
for l in $LANGS; do f=$(folder_of "$l"); shots+=("status-$f-360=$f/status.html@w:360"); done
shots+=("chooser-1280=index.html@w:1280" "chooser-390=index.html@w:390" "redirect-ar-390=ar/$red@w:390")
if npm_ready; then
	timeout 900 node "$HERE/browser.js" shots "$NODE_MODULES" "$WORK/chromium-profile" "$URL" "$SCREENSHOTS" \
		"${shots[@]}" >"$WORK/shots.log" 2>&1
	verify "screenshots taken" test $? -eq 0 || show "$WORK/shots.log"
	for s in "${shots[@]}"; do
		name=${s%%=*}
		line=$(awk -v n="$name" '$1 == "shot" && $3 == n' "$WORK/shots.log")
		verify "screenshot $name.png: ${line#shot * $name }" \
			test -s "$SCREENSHOTS/$name.png" -a "$(echo "$line" | cut -d' ' -f2)" = ok
	done
	verify "the ar pages are right-to-left in the browser" \
		bash -c "! grep '^shot [a-z]* [a-z0-9-]*-ar-' '$WORK/shots.log' | grep -v ' dir=rtl'"
else
	fail "screenshots: playwright-core is missing"
fi
stop_server

# --- 3. linkchecker -----------------------------------------------------------------------------
# Every file of the Turkish site (but 404.html, served at any address, whose
# links start at the host's root) is linked from a start page next to it (the
# redirect pages and the Markdown twins are linked from nowhere else), with
# the chooser and the sitemap; linkchecker follows what they link, checks
# anchors and Markdown links, and leaves external URLs alone (no internet).
say "3. linkchecker on the Turkish site"
if command -v linkchecker >/dev/null; then
	{
		echo '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>every file</title></head><body><ul>'
		(cd "$WORK/site-tr" && find out -type f \( -name '*.html' -o -name '*.md' -o -name '*.xml' -o -name '*.css' \) ! -name 404.html | LC_ALL=C sort) |
			sed 's|.*|<li><a href="&">&</a></li>|'
		echo '</ul></body></html>'
	} >"$WORK/site-tr/start.html"
	printf '[checking]\nmaxfilesizeparse=100000000\nthreads=%s\n\n[AnchorCheck]\n\n[MarkdownCheck]\n' "$JOBS" \
		>"$WORK/site-tr/linkcheckerrc"
	chmod -R a+rX "$WORK/site-tr" # linkchecker, as root, drops to nobody
	(cd "$WORK/site-tr" && timeout 900 linkchecker -f linkcheckerrc --no-status \
		--ignore-url='^https?:' --ignore-url='^mailto:' \
		"file://$WORK/site-tr/start.html" "file://$SITE_TR/index.html" "file://$SITE_TR/sitemap.xml") \
		>"$WORK/linkchecker.log" 2>&1
	summary=$(grep "^That's it" "$WORK/linkchecker.log")
	echo "linkchecker: ${summary:-no summary}"
	urls=$(echo "$summary" | sed -n 's/.* in \([0-9]*\) URLs checked.*/\1/p')
	errors=$(echo "$summary" | sed -n 's/.* \([0-9]*\) errors\? found.*/\1/p')
	warnings=$(echo "$summary" | sed -n 's/.* \([0-9]*\) warnings\? found.*/\1/p')
	files=$(grep -c '<li>' "$WORK/site-tr/start.html")
	verify "linkchecker checked every file of the Turkish site (${urls:-0} URLs >= $files files)" \
		test "${urls:-0}" -ge "$files" -a "$files" -gt 1000
	verify "linkchecker: 0 broken links (${errors:-?})" test "${errors:-x}" = 0 ||
		grep -B6 '^Result *Error' "$WORK/linkchecker.log" | grep '^\(URL\|Parent\|Result\)' | head -15 | sed 's/^/    /'
	verify "linkchecker: 0 warnings, no missing anchor (${warnings:-?})" test "${warnings:-x}" = 0 ||
		grep -B8 '^Warning' "$WORK/linkchecker.log" | grep '^\(URL\|Parent\|Warning\)' | head -15 | sed 's/^/    /'
else
	fail "linkchecker is missing"
fi

# --- 4. the sitemap -------------------------------------------------------------------------------
# Names exactly the HTML pages on disk but the chooser and the redirect pages.
say "4. sitemap"
sitemap_check() { # SITE PREFIX LANGUAGES
	local site=$1 prefix=$2 nlangs=$3 what
	what=$(basename "$site")
	[ "$what" = out ] && what=site-tr
	verify "$what: sitemap.xml and every sitemap-N.xml are well-formed XML" \
		xmllint --noout "$site/sitemap.xml" "$site"/sitemap-*.xml
	grep -o '<loc>[^<]*</loc>' "$site/sitemap.xml" | sed 's:<loc>\(.*\)</loc>:\1:' | LC_ALL=C sort >"$WORK/$what.index"
	(cd "$site" && ls sitemap-*.xml) | sed "s|^|$prefix|" | LC_ALL=C sort >"$WORK/$what.parts"
	verify "$what: sitemap.xml is an index of exactly the sitemap-N.xml files" \
		diff "$WORK/$what.index" "$WORK/$what.parts"
	verify "$what: sitemap.xml is a <sitemapindex>, the parts <urlset>s" \
		bash -c "grep -q '<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"' '$site/sitemap.xml' &&
			! grep -L '<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"' '$site'/sitemap-*.xml | grep -q ."
	cat "$site"/sitemap-*.xml | grep -o '<loc>[^<]*</loc>' | sed 's:<loc>\(.*\)</loc>:\1:' >"$WORK/$what.locs"
	LC_ALL=C sort "$WORK/$what.locs" >"$WORK/$what.locs.sorted"
	(cd "$site" && find . -name '*.html' ! -path ./index.html -print0 |
		xargs -0 grep -L '<meta name="robots" content="noindex"' | sed "s|^\./|$prefix|" | LC_ALL=C sort) >"$WORK/$what.disk"
	local nl nd
	nl=$(wc -l <"$WORK/$what.locs"); nd=$(wc -l <"$WORK/$what.disk")
	verify "$what: the sitemap names exactly the $nd indexable HTML pages on disk ($nl <loc>)" \
		diff "$WORK/$what.locs.sorted" "$WORK/$what.disk" || diff "$WORK/$what.locs.sorted" "$WORK/$what.disk" | head -5
	verify "$what: no URL twice in the sitemap" test "$(sort -u "$WORK/$what.locs" | wc -l)" -eq "$nl"
	# Each page names its language versions itself; the sitemap repeats
	# none of them, so its size does not grow with the languages.
	verify "$what: the sitemap names no alternates (the pages do; $nlangs languages)" \
		test "$(cat "$site"/sitemap-*.xml | grep -c '<xhtml:link')" -eq 0
	verify "$what: every sitemap-N.xml under 50,000 URLs and 50 MB" \
		bash -c "for f in '$site'/sitemap-*.xml; do [ \$(grep -c '<loc>' \"\$f\") -le 50000 ] && [ \$(stat -c %s \"\$f\") -le 52428800 ] || exit 1; done"
}
sitemap_check "$SITE" "" "$(echo "$LANGS" | wc -l)"
sitemap_check "$SITE_ABS" "$BASE" 1
verify "site-abs: canonical links are absolute (--base-url)" \
	grep -q "<link rel=\"canonical\" href=\"${BASE}tr/compare/smtp/334-server-challenge-vs-556-domain-no-mail.html\">" \
	"$SITE_ABS/tr/$C334"

# --- 5. the <head> of every page ------------------------------------------------------------------
say "5. lang, dir, title, description, canonical, hreflang on every page"
node "$HERE/heads.js" "$SITE" "$DEFAULT_TAG" $TAGS >"$WORK/heads.log" 2>&1
verify "heads.js ran" test $? -eq 0 -a -s "$WORK/heads.log" || show "$WORK/heads.log"
while read -r _ folder pages problems; do
	verify "heads: $folder: $pages pages, $problems problems" test "$problems" -eq 0 ||
		{ [ "$folder" = "(root)" ] && grep '^  index.html:' "$WORK/heads.log" || grep "^  $folder/" "$WORK/heads.log"; } | head -8
done < <(grep '^heads ' "$WORK/heads.log")
node "$HERE/heads.js" "$SITE_ABS" tr tr >"$WORK/heads-abs.log" 2>&1
verify "heads with --base-url: $(awk '$1 == "heads" { p += $3; b += $4 } END { print p " pages, " b " problems" }' "$WORK/heads-abs.log")" \
	awk '$1 == "heads" { b += $4; n++ } END { exit !(n > 0 && b == 0) }' "$WORK/heads-abs.log" || show "$WORK/heads-abs.log" 8
# The same facts through libxml2's HTML parser, on one page of each kind in Arabic.
ntags=$(echo "$TAGS" | wc -l)
for page in ar/index.html ar/status.html ar/smtp/index.html "ar/$(cd "$SITE/ar" && ls smtp/550-*.html | head -n1)" \
	"ar/$C334" "ar/compare/smtp/556-domain-no-mail-vs-334-server-challenge.html"; do
	x() { xmllint --html --xpath "$1" "$SITE/$page" 2>/dev/null; }
	verify "xmllint: $page: lang=ar dir=rtl, a title, a description, a canonical, $ntags+1 alternates" \
		test "$(x 'string(/html/@lang)')" = ar -a "$(x 'string(/html/@dir)')" = rtl \
		-a -n "$(x 'string(//head/title)')" -a -n "$(x 'string(//head/meta[@name="description"]/@content)')" \
		-a "$(x 'count(//head/link[@rel="canonical"])')" = 1 \
		-a "$(x 'count(//head/link[@rel="alternate"][@hreflang])')" = $((ntags + 1)) \
		-a "$(x 'count(//head/link[@rel="alternate"][@hreflang="x-default"])')" = 1
done

finish
