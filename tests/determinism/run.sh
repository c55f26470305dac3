#!/usr/bin/env bash
# Same bytes every time, nothing half-written: thread counts, locales,
# language order, shards, no-op rebuilds, SIGKILL at random moments, SIGINT.
set -u
. "$(dirname "$0")/../lib.sh"

I=$WORK/in; inputs "$I"
LANGS=en,tr
build() { versus_in "$I" --lang "$LANGS" "$@" 2>>"$WORK/log"; }

build --out "$WORK/j1" -j 1;  check "-j1 builds" test $? -eq 0
build --out "$WORK/j8" -j 8;  check "-j8 builds" test $? -eq 0
check "-j1 and -j8 give identical trees" diff -r -q -x .versus-manifest "$WORK/j1" "$WORK/j8"
LC_ALL=C build --out "$WORK/c" -j 2
check "LC_ALL=C gives the same tree" diff -r -q -x .versus-manifest "$WORK/j1" "$WORK/c"
if locale -a 2>/dev/null | grep -qi '^tr_TR.utf8$'; then
	LC_ALL=tr_TR.UTF-8 LANG=tr_TR.UTF-8 build --out "$WORK/tr" -j 2
	check "LC_ALL=tr_TR.UTF-8 gives the same tree" diff -r -q -x .versus-manifest "$WORK/j1" "$WORK/tr"
else
	fail "the tr_TR.UTF-8 locale is not installed (make test-deps installs it)"
fi
LANGS=tr,en build --out "$WORK/order" -j 2
check "languages named in another order give the same tree" diff -r -q -x .versus-manifest "$WORK/j1" "$WORK/order"
# Catalogue files created in another order (directory order differs).
R=$WORK/rev; mkdir -p "$R"; cp -r "$I/po" "$I/templates" "$R/"; mkdir "$R/catalog"
for f in $(ls "$I/catalog" | sort -r); do cp "$I/catalog/$f" "$R/catalog/"; done
versus_in "$R" --lang "$LANGS" --out "$WORK/rev-out" -j 2 2>>"$WORK/log"
check "catalogue files in another order give the same tree" diff -r -q -x .versus-manifest "$WORK/j1" "$WORK/rev-out"

# A rebuild with nothing changed writes nothing and keeps mtimes.
stamp=$(stat -c %Y "$WORK/j1/tr/compare/smtp/334-server-challenge-vs-556-domain-no-mail.html")
touch -d '2001-01-01' "$WORK/j1/tr/compare/smtp/334-server-challenge-vs-556-domain-no-mail.html"
build --out "$WORK/j1" -j 2 2>"$WORK/noop"
check "a no-op rebuild writes no file" grep -q ' 0 files written' "$WORK/log"
check "... and leaves mtimes alone" test "$(stat -c %Y "$WORK/j1/tr/compare/smtp/334-server-challenge-vs-556-domain-no-mail.html")" = "$(date -d 2001-01-01 +%s)"
: "$stamp"

# Shards: the union of N shards is the full site.
for i in 0 1 2; do
	build --out "$WORK/shard$i" --shard "$i/3" -j 2
	check "shard $i/3 builds" test $? -eq 0
done
mkdir "$WORK/union"
for i in 0 1 2; do cp -r "$WORK/shard$i/." "$WORK/union/"; done
check "the union of 3 shards is the full site" diff -r -q -x .versus-manifest "$WORK/j1" "$WORK/union"
check "a shard holds about a third" test "$(find "$WORK/shard1" -type f | wc -l)" -lt "$(( $(find "$WORK/j1" -type f | wc -l) / 2 ))"

# SIGKILL at random moments: every file is the old or the new version, and
# the next build leaves no temporary file.
K=$WORK/kill; inputs "$K"
versus_in "$K" --lang "$LANGS" --out "$WORK/old" -j 2 2>>"$WORK/log"
sed -i 's|<footer class="site">|<footer class="site" data-build="new">|' "$K/templates/footer.html"
versus_in "$K" --lang "$LANGS" --out "$WORK/new" -j 2 2>>"$WORK/log"
cp -r "$WORK/old" "$WORK/victim"
# Every path with its two allowed contents, as "hash  ./path" lines.
sums() { (cd "$1" && find . \( -path "./.versus-tmp*" -o -path ./.versus-manifest \) -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); }
{ sums "$WORK/old"; sums "$WORK/new"; } | LC_ALL=C sort -u >"$WORK/allowed"
torn=0
for round in $(seq 1 12); do
	# exec: $! must be versus itself, not a subshell that SIGKILL would orphan it from.
	(exec "$VERSUS" --catalog "$K/catalog" --po "$K/po" --templates "$K/templates" \
		--lang "$LANGS" --out "$WORK/victim" -j 2 2>/dev/null) &
	pid=$!
	sleep "0.$(( (RANDOM % 25) + 1 ))"
	kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
	# Flip the templates back and forth so that every round has work to do.
	if [ $((round % 2)) = 1 ]; then
		sed -i 's| data-build="new"||' "$K/templates/footer.html"
	else
		sed -i 's|<footer class="site">|<footer class="site" data-build="new">|' "$K/templates/footer.html"
	fi
	bad=$(sums "$WORK/victim" | LC_ALL=C sort | LC_ALL=C comm -23 - "$WORK/allowed")
	[ -z "$bad" ] || { echo "torn in round $round:"; echo "$bad" | head -5; torn=$((torn + 1)); }
done
check "12 SIGKILLs left no torn or partial file" test "$torn" -eq 0
versus_in "$K" --lang "$LANGS" --out "$WORK/victim" -j 2 2>>"$WORK/log"
check "the next build leaves no temporary file" no_tmp "$WORK/victim"
check "... and completes the site" diff -r -q -x .versus-manifest "$WORK/victim" "$WORK/$( [ -n "$(grep -l 'data-build="new"' "$K/templates/footer.html")" ] && echo new || echo old)"

# SIGINT stops cleanly: status 1, a message, no temporary file.
(exec "$VERSUS" --catalog "$K/catalog" --po "$K/po" --templates "$K/templates" \
	--lang "$LANGS" --out "$WORK/int" -j 2 2>"$WORK/int.err") &
pid=$!
handlers_ready "$pid"; sleep 0.2; kill -INT "$pid"; wait "$pid"; st=$?
if grep -q 'pages, ' "$WORK/int.err"; then
	ok "SIGINT came after the build finished (machine too fast); nothing to check"
else
	check "SIGINT exits with status 1" test "$st" -eq 1
	check "SIGINT says so" grep -q 'interrupted' "$WORK/int.err"
	check "SIGINT leaves no temporary file" no_tmp "$WORK/int"
fi

finish
