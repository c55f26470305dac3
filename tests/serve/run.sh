#!/usr/bin/env bash
# The live preview (versus --serve): pages served with the reload script,
# a reload event and the edit on the page after each kind of save (a po
# file, a template, the catalogue), the last good site kept while an input
# is broken, a first build that fails, paths that are never served, and a
# clean stop on SIGTERM.
set -u
. "$(dirname "$0")/../lib.sh"
# Sanitizer builds are several times slower: generous waits.
WAIT=120
command -v curl >/dev/null || { fail "curl is not installed (make test-deps installs it)"; finish; exit; }

I=$WORK/in; inputs "$I"
OUT=$WORK/out
PAGE=tr/smtp/220-service-ready.html
LOG=$WORK/serve.log

# wait_for WHAT COMMAND...: retry the command every 0.1 s until it succeeds
# or WAIT seconds pass.
wait_for() {
	local what=$1 i; shift
	for ((i = 0; i < WAIT * 10; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	echo "timed out waiting for: $what"
	return 1
}
# serve DIR OUT LOG: start the preview of DIR's inputs; sets SPID and PORT.
serve() {
	# exec: $! is versus itself, which the test signals.
	(exec "$VERSUS" --serve --port 0 --catalog "$1/catalog" --po "$1/po" \
		--templates "$1/templates" --out "$2" --lang tr -j 2 >"$3" 2>&1) &
	SPID=$!
	wait_for "the URL" grep -q 'http://127.0.0.1:[0-9]*/' "$3"
	PORT=$(grep -o 'http://127.0.0.1:[0-9]*/' "$3" | head -n1 | sed 's/.*://; s|/||')
}
url() { echo "http://127.0.0.1:$PORT$1"; }
get() { curl -s --max-time 20 "$(url "$1")"; }
status() { curl -s --max-time 20 --path-as-is -o /dev/null -w '%{http_code}' "$(url "$1")"; }
ctype() { curl -s --max-time 20 -o /dev/null -w '%{content_type}' "$(url "$1")"; }
reloads() { grep -c '^event: reload$' "$WORK/events" 2>/dev/null; }
# reloads_past N: more than N reload events came.
reloads_past() { test "$(reloads)" -gt "$1"; }
# saved WHAT N TEXT: a reload event past the N-th arrives, and the page then
# shows TEXT.
saved() {
	local what=$1 n=$2 text=$3
	check "$what: a reload event arrives" wait_for "reload $((n + 1))" reloads_past "$n"
	check "$what: the page shows the edit" bash -c "curl -s --max-time 20 '$(url "/$PAGE")' | grep -qF -- '$text'"
}

# --- a session ---------------------------------------------------------------
serve "$I" "$OUT" "$LOG"
check "the URL names a port" test -n "$PORT"
check "the first build completes" wait_for "the first build" grep -q 'first build: .* files written' "$LOG"
check "a page is served" bash -c "curl -sf --max-time 20 '$(url "/$PAGE")' | grep -q '<footer'"
check "... with the reload script before </body>" bash -c "curl -s '$(url "/$PAGE")' | grep -q '<script src=\"/__versus/reload.js\"></script></body>'"
check "... but the file on disk has none" bash -c "! grep -q __versus '$OUT/$PAGE'"
check "/ serves the language chooser" bash -c "curl -s '$(url /)' | grep -qF '/__versus/reload.js'"
check "a folder path serves its index.html" test "$(status /tr/)" = 200
check "a folder path without its slash is redirected" test "$(status /tr)" = 301
check "HTML is text/html" test "$(ctype "/$PAGE")" = "text/html; charset=utf-8"
check "Markdown is text/markdown" test "$(ctype /tr/index.md)" = "text/markdown; charset=utf-8"
check "CSS is text/css" test "$(ctype /assets/style.css)" = "text/css; charset=utf-8"
check "the sitemap is application/xml" test "$(ctype /sitemap.xml)" = "application/xml; charset=utf-8"
check "reload.js is JavaScript" test "$(ctype /__versus/reload.js)" = "text/javascript; charset=utf-8"
check "reload.js reloads on a reload event" bash -c "curl -s '$(url /__versus/reload.js)' | grep -q 'EventSource(\"/__versus/events\")'"
len=$(curl -s "$(url /assets/style.css)" | wc -c)
check "HEAD gives the length and no body" bash -c "curl -sI '$(url /assets/style.css)' | grep -qi '^content-length: $len'"
check "a missing page is 404" test "$(status /tr/nothing-here.html)" = 404
if [ -f "$OUT/tr/404.html" ]; then
	check "... with the site's own 404 page, as a static host serves it" bash -c \
		"curl -s '$(url /tr/nothing-here.html)' | sed 's|<script src=\"/__versus/reload.js\"></script>||' | cmp -s - '$OUT/tr/404.html'"
fi
check "/.versus-manifest is 404" test "$(status /.versus-manifest)" = 404
check "/.versus-tmp* is 404" test "$(status /.versus-tmp-x/)" = 404
check "/../ is 404" test "$(status /../catalog/smtp.xml)" = 404
check "/tr/../index.html is 404" test "$(status /tr/../index.html)" = 404
check "%2e%2e is 404" test "$(status /%2e%2e/%2e%2e/etc/passwd)" = 404
check "an unknown /__versus/ path is 404" test "$(status /__versus/nothing)" = 404
check "POST is 405" test "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$(url /)")" = 405
check "another Host is refused (DNS rebinding)" test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: evil.example' "$(url /)")" = 400

curl -s -N --max-time $((WAIT * 4)) "$(url /__versus/events)" >"$WORK/events" 2>/dev/null &
EPID=$!
check "the events stream opens" wait_for "the stream" grep -qs '^retry:' "$WORK/events"

# A po file: a msgstr of po/tr.po (nav.home, in every page's breadcrumb).
sed -i '/^msgctxt "nav.home"$/,/^msgstr/ s/^msgstr ".*"$/msgstr "Canlı Ana Sayfa"/' "$I/po/tr.po"
saved "po/tr.po" 0 "Canlı Ana Sayfa"
check "the rebuild's line names the file and the time to reload" wait_for "the line" \
	grep -qE 'po/tr\.po changed: [0-9]+ pages, [0-9]+ files written(, [0-9]+ reused)? in [0-9.]+ s; save-to-reload: [0-9.]+ s' "$LOG"
check "sed's temporary file is not named" bash -c "! grep -q 'po/sed' '$LOG'"

# A template.
sed -i 's|<footer class="site">|<footer class="site" data-live="1">|' "$I/templates/footer.html"
saved "templates/footer.html" 1 'data-live="1"'
check "... named in the rebuild's line" grep -q 'templates/footer.html changed' "$LOG"

# A catalogue text (untranslated now: the page shows the new English).
sed -i 's|<fix>No fix is needed: continue with EHLO|<fix>No fix is needed, live: continue with EHLO|' "$I/catalog/smtp.xml"
saved "catalog/smtp.xml" 2 "No fix is needed, live"

# An editor's save: a new file renamed over the old one.
cp "$I/po/tr.po" "$I/po/.tr.po.new"
sed -i 's/msgstr "Canlı Ana Sayfa"/msgstr "Yeniden Ana Sayfa"/' "$I/po/.tr.po.new"
mv "$I/po/.tr.po.new" "$I/po/tr.po"
saved "a save by rename" 3 "Yeniden Ana Sayfa"

# A broken po file: the old page stays, the error is printed as file:line.
before=$(tree_hash "$OUT")
n=$(reloads)
cp "$I/po/tr.po" "$WORK/tr.po.good"
sed -i 's/^msgstr "Yeniden Ana Sayfa"$/msgstr "Yeniden Ana Sayfa/' "$I/po/tr.po"
check "a broken po file is reported as file:line" wait_for "the error" grep -qE 'po/tr\.po:[0-9]+:' "$LOG"
check "... with the build's failure" grep -q 'po/tr.po changed: the build failed' "$LOG"
check "... the last good page is still served" bash -c "curl -s '$(url "/$PAGE")' | grep -qF 'Yeniden Ana Sayfa'"
check "... out/ is untouched" test "$(tree_hash "$OUT")" = "$before"
check "... no reload is sent" test "$(reloads)" -eq "$n"
cp "$WORK/tr.po.good" "$I/po/tr.po"
sed -i 's/msgstr "Yeniden Ana Sayfa"/msgstr "Onarılmış Ana Sayfa"/' "$I/po/tr.po"
saved "the fixed po file" "$n" "Onarılmış Ana Sayfa"

check "out/ never holds __versus" bash -c "! grep -rq __versus '$OUT'"
check "out/ holds no temporary folder" no_tmp "$OUT"

kill -TERM "$SPID"; wait "$SPID"; rc=$?
check "SIGTERM ends the server with status 0" test "$rc" -eq 0
check "... saying so" grep -q '^versus: stopped$' "$LOG"
check "... and the port is closed" bash -c "! curl -s --max-time 5 -o /dev/null '$(url /)'"
check "... and the events stream with it" wait_for "curl to end" bash -c "! kill -0 $EPID 2>/dev/null"
wait "$EPID" 2>/dev/null

# --- a first build that fails --------------------------------------------------
B=$WORK/broken; inputs "$B"
sed -i '/^msgctxt "nav.home"$/,/^msgstr/ s/^msgstr ".*"$/msgstr "Bozuk/' "$B/po/tr.po"
serve "$B" "$WORK/out-broken" "$WORK/broken.log"
check "a first build that fails is reported" wait_for "the failure" grep -q 'first build: the build failed' "$WORK/broken.log"
check "... with file:line" grep -qE 'po/tr\.po:[0-9]+:' "$WORK/broken.log"
check "... and the server goes on" kill -0 "$SPID"
check "... every page is a 503" test "$(status "/$PAGE")" = 503
check "... that gives the error and reloads" bash -c "curl -s '$(url "/$PAGE")' | grep -qE 'po/tr\.po:[0-9]+:' && curl -s '$(url "/$PAGE")' | grep -q '/__versus/reload.js'"
check "... but /.versus-manifest is still 404" test "$(status /.versus-manifest)" = 404
curl -s -N --max-time $((WAIT * 2)) "$(url /__versus/events)" >"$WORK/events" 2>/dev/null &
EPID=$!
wait_for "the stream" grep -qs '^retry:' "$WORK/events"
sed -i 's/^msgstr "Bozuk$/msgstr "Bozuk değil"/' "$B/po/tr.po"
check "a fixing save reloads the page" wait_for "reload" reloads_past 0
check "... which then is the site" test "$(status "/$PAGE")" = 200
kill -INT "$SPID"; wait "$SPID"; rc=$?
check "SIGINT ends the server with status 0" test "$rc" -eq 0
wait "$EPID" 2>/dev/null

# --- make serve ------------------------------------------------------------------
# SIGTERM to make's process group, as a supervisor sends (make also passes
# it on to its child): versus stops with make, cleanly.
if command -v make >/dev/null && command -v setsid >/dev/null; then
	M=$WORK/make; inputs "$M"; cp "$REPO/Makefile" "$M/"
	# setsid: make leads a process group of its own, whose id is its PID.
	setsid make -s -C "$M" serve VERSUS="$VERSUS" PORT=0 LANG=tr JOBS=2 \
		OUT="$WORK/make-out" >"$WORK/make.log" 2>&1 &
	MPID=$!
	wait_for "the URL" grep -q 'http://127.0.0.1:[0-9]*/' "$WORK/make.log"
	PORT=$(grep -o 'http://127.0.0.1:[0-9]*/' "$WORK/make.log" | head -n1 | sed 's/.*://; s|/||')
	check "make serve serves" wait_for "make's first build" grep -q 'first build: ' "$WORK/make.log"
	check "... a page" test "$(status "/$PAGE")" = 200
	kill -TERM -- "-$MPID"
	wait "$MPID" 2>/dev/null
	group_gone() { ! kill -0 -- "-$MPID" 2>/dev/null; }
	check "SIGTERM to make's process group stops versus" wait_for "the group to end" group_gone
	check "... cleanly" grep -q '^versus: stopped$' "$WORK/make.log"
	check "... and the port is closed" bash -c "! curl -s --max-time 5 -o /dev/null '$(url /)'"
else
	fail "make and setsid are needed to test make serve"
fi

# --- usage -----------------------------------------------------------------------
"$VERSUS" --serve --port 70000 2>/dev/null
check "--port 70000 is bad usage (2)" test $? -eq 2
"$VERSUS" --port 8000 2>/dev/null
check "--port without --serve is bad usage (2)" test $? -eq 2
"$VERSUS" --serve --check 2>/dev/null
check "--serve with --check is bad usage (2)" test $? -eq 2

finish
