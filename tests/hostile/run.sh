#!/usr/bin/env bash
# versus owns out/ and nothing else, and tells the truth when it stops:
# builds into trees where folders and pages are links, FIFOs, sockets or
# folders; under umask 077; 8 shards and concurrent builds sharing one
# out/ (also across PID namespaces with one host name); a signal at any
# moment of a build, and a second one.
set -u
. "$(dirname "$0")/../lib.sh"

# A small site: the test catalogue, English and Turkish, the real templates.
I=$WORK/in; mkdir -p "$I/po"
cp -r "$REPO/tests/data/catalog" "$REPO/templates" "$I/"
cp "$REPO/tests/data/po/"*.po "$I/po/"; printf 'en\ntr\n' >"$I/po/LINGUAS"
v() { "$VERSUS" --catalog "$I/catalog" --po "$I/po" --templates "$I/templates" --lang en,tr "$@"; }

# Fingerprint of a folder outside out/: names, types, modes, contents.
fp() { (cd "$1" && find . -printf '%p %y %m %s\n' | LC_ALL=C sort; find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); }

# --- links, FIFOs, sockets and folders where versus writes -----------------
ref=$WORK/ref; v --out "$ref" -j 2 2>/dev/null
check "the reference site builds" test -f "$ref/tr/index.html"
page=tr/compare/mini/421-service-unavailable-vs-452-insufficient-storage.html
attack() { # NAME SETUP-COMMANDS: build into out/ prepared by SETUP; nothing outside changes
	local name=$1 setup=$2 o=$WORK/t-$1 x=$WORK/x-$1
	rm -rf "$o" "$x"; mkdir -p "$o" "$x"; echo secret >"$x/keep.txt"
	(cd "$o" && eval "$setup")
	local before; before=$(fp "$x")
	timeout 60 "$VERSUS" --catalog "$I/catalog" --po "$I/po" --templates "$I/templates" \
		--lang en,tr --out "$o" -j 2 >"$WORK/$name.out" 2>&1
	local st=$?
	check "$name: nothing outside out/ is created, changed or removed" test "$before" = "$(fp "$x")"
	check "$name: versus ends (no hang, no crash: status $st)" test "$st" -le 2
	if [ "$st" -ne 0 ]; then
		check "$name: a refusal says which path and why" grep -qE "not a folder|a folder is in the way|cannot" "$WORK/$name.out"
	else
		check "$name: the intruder was replaced by a regular file, the page" \
			cmp -s "$ref/$page" "$o/$page"
	fi
}
attack lang-folder-link   'ln -s "$x" tr'
attack proto-folder-link  'mkdir -p tr/compare && ln -s "$x" tr/compare/mini'
attack tmp-folder-link    'ln -s "$x" .versus-tmp-evil.1.abc; ln -s "$x" .versus-tmp'
attack page-link          'mkdir -p tr/compare/mini && ln -s "$x/keep.txt" '"$page"
attack page-fifo          'mkdir -p tr/compare/mini && mkfifo '"$page"
attack page-socket        'mkdir -p tr/compare/mini && python3 -c "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" '"$page"
attack page-folder        'mkdir -p '"$page"
attack manifest-link      'ln -s "$x/keep.txt" .versus-manifest'
# A folder link made while the build runs: versus works from descriptors it
# opened, so the link is never followed.
o=$WORK/t-race; x=$WORK/x-race; rm -rf "$o" "$x"; mkdir -p "$x"; echo secret >"$x/keep.txt"
before=$(fp "$x")
v --out "$o" -j 2 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 200); do
	if [ -d "$o/tr/compare/mini" ] && [ ! -L "$o/tr/compare/mini" ]; then
		mv "$o/tr/compare/mini" "$o/tr/compare/mini.moved" 2>/dev/null && ln -s "$x" "$o/tr/compare/mini" && break
	fi
	sleep 0.005
done
wait "$pid"
check "a folder swapped for a link during the build: nothing outside changes" test "$before" = "$(fp "$x")"

# --- modes ------------------------------------------------------------------
o=$WORK/umask
(umask 077 && v --out "$o" -j 2 2>/dev/null)
check "under umask 077 pages are 644" test "$(stat -c %a "$o/$page")" = 644
check "under umask 077 folders are 755" test "$(stat -c %a "$o/tr/compare")" = 755
chmod 600 "$o/$page"; chmod 700 "$o/tr/compare"; rm -f "$o/.versus-manifest"
(umask 022 && v --out "$o" -j 2 2>/dev/null)
check "a later build makes an unchanged page readable again" test "$(stat -c %a "$o/$page")" = 644
check "... and its folder" test "$(stat -c %a "$o/tr/compare")" = 755

# --- shards and builds sharing one out/ -------------------------------------
ROUNDS=${HOSTILE_ROUNDS:-200}
failed=0
for r in $(seq 1 "$ROUNDS"); do
	o=$WORK/shared; rm -rf "$o"
	pids=()
	for s in 0 1 2 3 4 5 6 7; do v --out "$o" --shard "$s/8" -j 1 >/dev/null 2>"$WORK/shard-$s.err" & pids+=($!); done
	for p in "${pids[@]}"; do wait "$p" || { failed=$((failed + 1)); cat "$WORK"/shard-*.err | head -3; }; done
done
check "8 concurrent shards sharing out/, $ROUNDS rounds: none failed ($failed)" test "$failed" -eq 0
check "... and the union is the whole site" diff -r -q -x '.versus-*' "$ref" "$o"
check "... and they left no temporary folder" no_tmp "$o"
failed=0
for r in $(seq 1 20); do
	o=$WORK/shared-ns; rm -rf "$o"; mkdir -p "$o"
	pids=()
	for s in 0 1 2 3; do
		unshare --pid --fork "$VERSUS" --catalog "$I/catalog" --po "$I/po" --templates "$I/templates" \
			--lang en,tr --out "$o" --shard "$s/4" -j 1 >/dev/null 2>&1 & pids+=($!)
		v --out "$o" --shard "$s/4" -j 1 >/dev/null 2>&1 & pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
done
check "builds in other PID namespaces with one host name sharing out/: none failed ($failed)" test "$failed" -eq 0

# --- signals ----------------------------------------------------------------
# A larger catalogue so that every phase takes a moment.
B=$WORK/big; mkdir -p "$B/catalog" "$B/po"; cp -r "$REPO/templates" "$B/"
cp "$REPO/tests/data/po/"*.po "$B/po/"; printf 'en\ntr\n' >"$B/po/LINGUAS"
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<protocol id="zz" name="ZZ"><summary>A long protocol.</summary><class prefix="">All</class>'
	for i in $(seq 100 399); do
		echo "<code number=\"$i\" slug=\"c$i\" standing=\"standard\"><name>Code $i</name><description>The code $i.</description><when>When $i.</when><fix>Fix $i.</fix><ref href=\"https://example.org/$i\">Ref $i</ref></code>"
	done
	echo '</protocol>'
} >"$B/catalog/zz.xml"
vb() { exec "$VERSUS" --catalog "$B/catalog" --po "$B/po" --templates "$B/templates" --lang en,tr "$@"; }
lies=0; torn=0; slow=0
for r in $(seq 1 24); do
	o=$WORK/sig; rm -rf "$o"
	sig=$([ $((r % 2)) = 0 ] && echo INT || echo TERM)
	(vb --out "$o" -j 2 >"$WORK/sig.out" 2>&1) &
	pid=$!
	# From before anything is read to the manifest's last write.
	sleep "$(awk -v r="$r" 'BEGIN { printf "%.3f", (r * 37 % 100) / 40 }')"
	kill -"$sig" "$pid" 2>/dev/null; wait "$pid"; st=$?
	if grep -q 'pages, ' "$WORK/sig.out"; then
		[ "$st" -eq 0 ] || lies=$((lies + 1)) # finished before the signal
	else
		[ "$st" -ne 0 ] || { lies=$((lies + 1)); echo "round $r ($sig): status 0 without a finished build"; head -2 "$WORK/sig.out"; }
	fi
	no_tmp "$o" || torn=$((torn + 1))
	if [ -f "$o/.versus-manifest" ] && [ "$st" -ne 0 ] && ! head -1 "$o/.versus-manifest" | grep -q building; then
		echo "round $r: a stopped build left a finished manifest"; torn=$((torn + 1))
	fi
done
check "a signal at any moment: exit status 0 only for a finished build" test "$lies" -eq 0
check "a signal at any moment: no temporary folder, no stale manifest left" test "$torn" -eq 0
# A second signal ends versus at once.
o=$WORK/sig2; rm -rf "$o"
(vb --out "$o" -j 2 >/dev/null 2>&1) &
pid=$!; handlers_ready "$pid"; sleep 0.5; kill -INT "$pid"; sleep 0.02; kill -INT "$pid"
t0=$(date +%s%N); wait "$pid"; st=$?; t1=$(date +%s%N)
check "a second SIGINT ends versus at once ($(( (t1 - t0) / 1000000 )) ms, status $st)" test $(( (t1 - t0) / 1000000 )) -lt 1000 -a "$st" -ne 0
finish
