#!/usr/bin/env bash
# run.sh — the benchmark behind `make bench`: speed and memory of versus
# against the file-system floor and Hugo, written to bench/RESULTS.md.
#
# Measures: (a-d, f) K=100 codes x 4 languages, synthetic (bench/gen.sh),
# against the floor and Hugo, and its no-op rebuild; (g) the whole real
# site (a copy of catalog/, po/ and templates/ as they are now), against
# the floor and against the previous version (PREV) built from git on its
# own inputs, in the same conditions; (h) rebuilds of the whole site after
# one edit of the copied inputs; (i) the live preview's save-to-reload
# (when versus has --serve); (e) K=1000 x 1 language; (j) the sitemap at
# K=1000 x all languages, or, when that tree does not fit the disk,
# K=300 x all languages and K=1000 x 2.
#
# Everything it makes lies in bench/work/ (git-ignored). Knobs, from the
# environment: REPS (timed runs per measure, default 5), HUGO_REPS (3),
# BIG_REPS (runs at K=1000 and of each sitemap size, 3), JOBS (threads,
# default nproc), K (100), K_BIG (1000), SETTLE (seconds to wait after
# deleting trees, 360), PREV (the previous version, a git revision;
# 2a32385, the last before HTTP; "none": not measured), SITEMAP_K (1000),
# SITEMAP_K_SMALL (300), SITEMAP_LANGS_FEW (2), SITEMAP_PLAN (auto: the
# one size if the disk holds it, else the two; full; split), REAL_LANGS (languages of
# the whole-site runs; default all of po/LINGUAS). `run.sh report`
# rewrites RESULTS.md from the last run's figures; `run.sh profile` records
# one versus build with perf.
#
# The file system caveat: ext4 without a journal does not reuse an inode
# freed in the last 60 s, or 360 s while its inode-table block is dirty
# (fs/ext4/ialloc.c, recently_deleted), and creating files next to such
# inodes gets slow. So no timed run follows a deletion without a SETTLE
# wait: every run writes into a new folder, trees are deleted at the end,
# or between phases when the disk cannot hold them all (leftovers of an
# interrupted run at the start), each deletion followed by a SETTLE wait,
# and each timed run starts after a sync so that it does not pay for the
# previous run's writeback. With the `discard` mount option every unlink
# waits for a discard, so trees are deleted by 16 parallel rm. Rebuilds
# replace files, which frees their old inodes: they come after the fresh
# builds of their phase.
set -euo pipefail
export LC_ALL=C

BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
W=$BENCH/work
REPS=${REPS:-5}
HUGO_REPS=${HUGO_REPS:-3}
BIG_REPS=${BIG_REPS:-3}
JOBS=${JOBS:-$(nproc)}
K=${K:-100}
K_BIG=${K_BIG:-1000}
SETTLE=${SETTLE:-360}
PREV=${PREV:-2a32385}
[ "$PREV" != none ] || PREV=
SITEMAP_K=${SITEMAP_K:-1000}
SITEMAP_K_SMALL=${SITEMAP_K_SMALL:-300}
SITEMAP_LANGS_FEW=${SITEMAP_LANGS_FEW:-2}
SITEMAP_PLAN=${SITEMAP_PLAN:-auto}
REAL_LANGS=${REAL_LANGS:-}
BASE_URL=https://codes.example.org/
MODE=${1:-bench}
FACTS=$W/facts.env
LANGS=en,tr,vi,id
VERSUS=$W/build/versus
PREV_VERSUS=$W/prev/build/versus
REAL=$W/real
RUNS=$W/runs
RES=$W/results.tsv

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

# The median of the numbers on stdin.
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# med MEASURE FIELD: median of a field (wall, user, sys, cpu, rss) of a measure.
med() {
	awk -v m="$1" -v f="$2" -F'\t' '
	$1 == m { v = f == "wall" ? $3 : f == "user" ? $4 : f == "sys" ? $5 : f == "cpu" ? $4 + $5 : $6; print v }' "$RES" | median
}
# least MEASURE: the fastest wall time of a measure.
least() { awk -v m="$1" -F'\t' '$1 == m { print $3 }' "$RES" | sort -g | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# at_most X LIMIT: "met" or "**missed**".
at_most() { awk -v x="$1" -v l="$2" 'BEGIN { print ((x + 0 <= l + 0) ? "met" : "**missed**") }'; }
# fact NAME VALUE: a figure of the run, for the report.
fact() { printf '%s=%q\n' "$1" "$2" >>"$FACTS"; }
sum() { awk '{ s += $1 } END { printf "%.0f", s }'; }
fmt() { awk -v x="$1" 'BEGIN { printf "%.2f", x }'; }

# timed MEASURE REP OUTLOG CMD...: one timed run (after a sync), appended
# to results.tsv as: measure rep wall user sys maxrss_kb. The command's
# stderr goes to OUTLOG.
timed() {
	local m=$1 rep=$2 log=$3
	shift 3
	sync
	local t0 t1
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S %M' -o "$W/time.tmp" "$@" 2>"$log" || { cat "$log" >&2; die "$m: failed: $*"; }
	t1=$(date +%s%N)
	read -r u s rss <"$W/time.tmp"
	local wall
	wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$m" "$rep" "$wall" "$u" "$s" "$rss" >>"$RES"
	say "  $m #$rep: ${wall}s wall, ${u}s user, ${s}s sys, ${rss} KB"
}

# written LOG: the N of "N files written" in a versus run's summary line.
written() { sed -n 's/.* \([0-9][0-9]*\) files written.*/\1/p' "$1"; }

# The tree's "SIZE PATH" lines, sorted: floor's input.
manifest() { (cd "$1" && find . -type f -printf '%s %P\n') | sort -k2 >"$2"; }

versus_run() { # OUT INPUT LANGS FORMATS
	"$VERSUS" --catalog "$2/catalog" --po "$2/po" --templates "$W/templates" \
		--out "$1" --lang "$3" --format "$4" -j "$JOBS"
}

# Deleting trees: move them aside first (instant), then delete.
discard() {
	local t
	t=$W/trash.$$.$RANDOM
	mkdir -p "$t"
	for d in "$@"; do
		if [ -e "$d" ]; then mv "$d" "$t/"; fi
	done
	find "$t" -type f -print0 | xargs -0 -r -P 16 -n 1000 rm -f
	rm -rf "$t"
}

free_gb() { df -Pk "$W" | awk 'NR == 2 { printf "%d", $4 / 1048576 }'; }
free_inodes() { df -Pi "$W" | awk 'NR == 2 { print $4 }'; }
# room FILES [KB]: whether the disk holds FILES more files of a versus
# tree (KB of blocks each, default 8: an HTML compare page takes 12 KB, a
# redirect 4 KB), with 5 GB and 500,000 inodes to spare for the other
# users of the disk.
room() {
	[ "$(free_inodes)" -gt $(($1 + 500000)) ] &&
		[ "$(free_gb)" -gt $(($1 * ${2:-8} / 1048576 + 5)) ]
}
# settle_discard DIR...: delete, then wait as clear_runs does.
settle_discard() {
	say "== deleting $# trees ($(free_gb) GB, $(free_inodes) inodes free), then waiting ${SETTLE}s"
	discard "$@"
	sync
	sleep "$SETTLE"
}
# clear_runs: delete every tree measured so far, then wait SETTLE seconds
# (the caveat above) before the next timed run.
clear_runs() {
	say "== deleting the trees so far ($(free_gb) GB, $(free_inodes) inodes free), then waiting ${SETTLE}s"
	discard "$RUNS"
	mkdir -p "$RUNS"
	sync
	sleep "$SETTLE"
	say "   now $(free_gb) GB, $(free_inodes) inodes free"
}

# pages LOG: the N of "N pages" in a versus run's summary line.
pages() { sed -n 's/^versus: \([0-9][0-9]*\) pages.*/\1/p' "$1"; }

# edit FILE ANCHOR FROM TO: replace FROM by TO in the first line that holds
# FROM at or after the first line that holds ANCHOR ("": the first line);
# written outside the inputs' folders, then renamed into place in one
# step, so that the live preview sees one save (and no half-written
# temporary file: a 10 MB po file takes longer to write than its 100 ms
# quiet wait).
edit() {
	LC_ALL=C awk -v a="$2" -v from="$3" -v to="$4" '
	a == "" || index($0, a) { seen = 1 }
	!done && seen && (i = index($0, from)) { $0 = substr($0, 1, i - 1) to substr($0, i + length(from)); done = 1 }
	{ print }
	END { exit !done }' "$1" >"$W/edit.tmp" || { rm -f "$W/edit.tmp"; die "edit: no \"$3\" after \"$2\" in $1"; }
	mv "$W/edit.tmp" "$1"
}
# flip N FILE ANCHOR A B: the N-th of a series of edits, A to B when N is
# odd and back when even, so that each is a one-edit change from the last
# build and all write the same files.
flip() {
	local n=$1
	shift
	if [ $((n % 2)) = 1 ]; then edit "$1" "$2" "$3" "$4"; else edit "$1" "$2" "$4" "$3"; fi
}

#### Build and inputs ####

prepare() {
mkdir -p "$W"
say "== build (Release) into bench/work/build"
cmake -S "$REPO" -B "$W/build" -DCMAKE_BUILD_TYPE=Release >"$W/cmake.log" || { cat "$W/cmake.log"; die "cmake failed"; }
cmake --build "$W/build" -j "$JOBS" --target versus >>"$W/cmake.log" || { cat "$W/cmake.log"; die "build failed"; }
cc -std=c11 -O2 -Wall -Wextra -Wpedantic -pthread -o "$W/floor" "$BENCH/floor.c"

say "== inputs: K=$K and K=$K_BIG codes, languages $LANGS"
# The templates as they are now: every run of this benchmark uses the same.
rm -rf "$W/templates"
cp -r "$REPO/templates" "$W/templates"
"$BENCH/gen.sh" "$K" "$W/in$K"
"$BENCH/gen.sh" "$K_BIG" "$W/in$K_BIG"
"$BENCH/hugo/gen.sh" "$W/in$K/catalog/bench.xml" "$W/in$K/po" "$LANGS" "$W/hugo-site"

# The whole site's inputs as they are now, copied: others may edit the
# repository's while this runs, and the rebuild measures edit the copy.
say "== the real inputs (catalog/, po/, templates/), copied into bench/work/real"
rm -rf "$REAL"
mkdir -p "$REAL"
cp -r "$REPO/catalog" "$REPO/po" "$REPO/templates" "$REAL/"
local all
all=$(all_langs)
say "== sitemap inputs: K=$SITEMAP_K_SMALL and K=$SITEMAP_K codes, languages $all"
"$BENCH/gen.sh" "$SITEMAP_K_SMALL" "$W/sm$SITEMAP_K_SMALL" "$all"
"$BENCH/gen.sh" "$SITEMAP_K" "$W/sm$SITEMAP_K" "$all"

# The previous version, from git (no work tree is touched), built as above
# and run on its own inputs.
rm -rf "$W/prev"
if [ -n "$PREV" ]; then
	say "== the previous version, $PREV, from git into bench/work/prev (Release)"
	mkdir -p "$W/prev/src"
	git -C "$REPO" archive "$PREV" | tar -x -C "$W/prev/src"
	cmake -S "$W/prev/src" -B "$W/prev/build" -DCMAKE_BUILD_TYPE=Release >"$W/prev-cmake.log" &&
		cmake --build "$W/prev/build" -j "$JOBS" --target versus >>"$W/prev-cmake.log" ||
		{ cat "$W/prev-cmake.log"; die "the previous version ($PREV) does not build"; }
fi
}

# The languages of the real site, comma-separated.
all_langs() { grep -v '^#' "$REAL/po/LINGUAS" | grep . | paste -sd, -; }

# The whole real site, html + md (the copied inputs), and the previous
# version's on its own inputs: commands to which --out DIR is added.
REALV=("$VERSUS" --catalog "$REAL/catalog" --po "$REAL/po" --templates "$REAL/templates" -j "$JOBS")
PREVV=("$PREV_VERSUS" --catalog "$W/prev/src/catalog" --po "$W/prev/src/po" --templates "$W/prev/src/templates" -j "$JOBS")
if [ -n "$REAL_LANGS" ]; then REALV+=(--lang "$REAL_LANGS"); PREVV+=(--lang "$REAL_LANGS"); fi

#### make -C bench profile ####

# perf_report DATA: the profile's top entries, as RESULTS.md shows them.
perf_report() {
	local rep="perf report -i $1 --stdio --no-header"
	{
	echo "By program and library (self):"
	$rep --no-children --sort dso -g none 2>/dev/null | awk '/%/ && n++ < 6'
	echo
	echo "Top functions (self):"
	$rep --no-children --sort dso,symbol -g none 2>/dev/null | awk '/%/ && n++ < 25'
	echo
	echo "System calls and versus's functions, with what they call (children):"
	$rep --children --sort symbol -g none 2>/dev/null | awk '/%/' |
		grep -E ' (__x64_sys_[a-z_0-9]+|ksys_write|ext4_create|__ext4_new_inode|recently_deleted|ext4_rename|ext4_add_entry|ext4_lookup|S_work|S_run_job|S_emit[.a-z0-9]*|tmpl_render|S_render|out_write|S_same|page_set_[a-z]+|text_escape_html|S_find) ' |
		awk 'n++ < 25'
	} | sed 's/[[:space:]]*-[[:space:]]*-[[:space:]]*$//'
}

# perf_run OUT: one versus build (K x 4 languages, html,md) under perf.
perf_run() {
	perf record -q -F 999 --call-graph dwarf,16384 -o "$W/perf.data" -- "$VERSUS" \
		--catalog "$W/in$K/catalog" --po "$W/in$K/po" --templates "$W/templates" \
		--out "$1" --lang "$LANGS" --format html,md -j "$JOBS" 2>"$W/perf-run.log"
	perf_report "$W/perf.data" >"$W/perf-top.txt"
}

#### make -C bench profile ####

# Its tree is left in a trash folder that the next `make bench` deletes
# (with its wait), so that no deletion follows.
profile() {
	local out=$W/trash.profile.$$
	say "== perf record: versus, K=$K x 4 languages, html,md, -j $JOBS, into a new folder"
	sync
	perf_run "$out"
	cat "$W/perf-top.txt"
}

#### make bench ####

measure() {
# Leftovers of an earlier run, then the wait that lets ext4 reuse inodes.
if [ -e "$RUNS" ] || compgen -G "$W/trash.*" >/dev/null; then
	say "== deleting the trees of an earlier run, then waiting ${SETTLE}s"
	discard "$RUNS" "$W"/trash.*
	sync
	sleep "$SETTLE"
fi
mkdir -p "$RUNS"
: >"$RES"
: >"$FACTS"
fact started "$(date -u '+%Y-%m-%d %H:%M UTC')"
fact load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
fact reps "$REPS"; fact hugo_reps "$HUGO_REPS"; fact big_reps "$BIG_REPS"
fact jobs "$JOBS"; fact k "$K"; fact k_big "$K_BIG"; fact settle "$SETTLE"
fact commit "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
fact dirty "$(git -C "$REPO" status --porcelain -- src templates CMakeLists.txt 2>/dev/null | grep -q . && echo ' (with uncommitted changes to src/ or templates/)')"
fact hugo_v "$(hugo version | cut -d' ' -f2 | cut -d- -f1)"

#### a, b, c: K=100 x 4 languages, HTML + Markdown ####

say "== K=$K x 4 languages, html,md, -j $JOBS: warm-up"
versus_run "$RUNS/v0" "$W/in$K" "$LANGS" html,md 2>"$W/v0.log"
manifest "$RUNS/v0" "$W/manifest$K.txt"
nfiles=$(wc -l <"$W/manifest$K.txt")
# versus may keep a file of its own at the top (.versus-manifest), not
# counted as written; the floor writes it too.
v_written=$(written "$W/v0.log")
own=$(grep -c '^[0-9]* \.[^/]*$' "$W/manifest$K.txt" || true)
[ "$((v_written + own))" = "$nfiles" ] || die "versus wrote $v_written files (+ $own of its own), the tree has $nfiles"
"$W/floor" -j "$JOBS" "$W/manifest$K.txt" "$RUNS/f0" 2>/dev/null
hugo --quiet -s "$W/hugo-site" -d "$RUNS/h0" >/dev/null

# What each produces.
count() { find "$1" -type f -path "$2" | wc -l; }
v_pages=$(count "$RUNS/v0" '*/compare/*-vs-*.md')    # one .md per pair a<b
v_html=$(count "$RUNS/v0" '*/compare/*-vs-*.html')   # pages and b-vs-a redirects
h_pages=$(count "$RUNS/h0" '*/compare/*-vs-*.md')
h_html=$(count "$RUNS/h0" '*/compare/*-vs-*.html')
h_files=$(find "$RUNS/h0" -type f | wc -l)
v_bytes=$(awk '{ print $1 }' "$W/manifest$K.txt" | sum)
h_bytes=$(find "$RUNS/h0" -type f -printf '%s\n' | sum)
pairs=$((K * (K - 1) / 2))
[ "$v_pages" = $((pairs * 4)) ] || die "versus made $v_pages compare pages, not $((pairs * 4))"
[ "$h_pages" = "$v_pages" ] && [ "$h_html" = "$v_html" ] ||
	die "Hugo made $h_pages/$h_html compare files, versus $v_pages/$v_html"
avg_size() { find "$1" -type f -path '*/compare/*-vs-*.md' -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s / NR }'; }
v_md_avg=$(avg_size "$RUNS/v0")
h_md_avg=$(avg_size "$RUNS/h0")
v_html_avg=$(find "$RUNS/v0/en/compare" -name '*-vs-*.md' | sed 's/\.md$/.html/' | xargs stat -c %s | awk '{ s += $1 } END { printf "%d", s / NR }')
h_html_avg=$(find "$RUNS/h0/en/compare" -name '*-vs-*.md' | sed 's/\.md$/.html/' | xargs stat -c %s | awk '{ s += $1 } END { printf "%d", s / NR }')

# Same text: every 37th Turkish page, its <main> (HTML) and the body after
# the front matter (Markdown), tags and link targets aside.
main_text() { sed -n '/<main/,/<\/main>/p' "$1" | sed -e 's/<[^>]*>//g' | grep -v '^\s*$'; }
md_body() { awk 'n >= 2; /^---$/ { n++ }' "$1" | sed 's/](\([^)]*\))/]()/g'; }
checked=0
for f in $(cd "$RUNS/v0" && find tr/compare -name '*-vs-*.md' | sort | awk 'NR % 37 == 1'); do
	b=${f%.md}
	cmp -s <(main_text "$RUNS/v0/$b.html") <(main_text "$RUNS/h0/$b.html") ||
		die "versus and Hugo differ in the text of $b.html"
	cmp -s <(md_body "$RUNS/v0/$b.md") <(md_body "$RUNS/h0/$b.md") ||
		die "versus and Hugo differ in the text of $b.md"
	checked=$((checked + 1))
done
say "  versus: $nfiles files ($v_pages compare pages); Hugo: $h_files files; same text in $checked sampled pages"
for f in nfiles v_pages v_html h_pages h_html h_files v_bytes h_bytes pairs v_md_avg h_md_avg v_html_avg h_html_avg checked; do
	fact "$f" "${!f}"
done

say "== K=$K x 4 languages: $REPS timed runs of versus and the floor, $HUGO_REPS of Hugo, interleaved"
for i in $(seq 1 "$REPS"); do
	timed versus "$i" "$W/v$i.log" "$VERSUS" --catalog "$W/in$K/catalog" --po "$W/in$K/po" \
		--templates "$W/templates" --out "$RUNS/v$i" --lang "$LANGS" --format html,md -j "$JOBS"
	[ "$(written "$W/v$i.log")" = "$v_written" ] || die "versus run $i wrote $(written "$W/v$i.log") files"
	timed floor "$i" /dev/null "$W/floor" -j "$JOBS" "$W/manifest$K.txt" "$RUNS/f$i"
	if [ "$i" -le "$HUGO_REPS" ]; then
		timed hugo "$i" /dev/null hugo --quiet -s "$W/hugo-site" -d "$RUNS/h$i"
	fi
done

# One more build under perf, in the same conditions (skipped without perf).
if command -v perf >/dev/null && perf record -q -o /dev/null -- true 2>/dev/null; then
	say "== one more versus build under perf record (call graphs)"
	sync
	perf_run "$RUNS/p1"
	fact profiled 1
else
	say "== perf is not usable here: no profile (make -C bench profile installs it)"
	fact profiled 0
fi

#### d: no-op rebuild ####

say "== no-op rebuild (nothing changed), $REPS runs"
for i in $(seq 1 "$REPS"); do
	touch "$W/marker"
	sleep 1 # mtimes have a resolution; nothing may be newer than the marker
	timed noop "$i" "$W/noop$i.log" "$VERSUS" --catalog "$W/in$K/catalog" --po "$W/in$K/po" \
		--templates "$W/templates" --out "$RUNS/v1" --lang "$LANGS" --format html,md -j "$JOBS"
	[ "$(written "$W/noop$i.log")" = 0 ] || die "no-op rebuild wrote $(written "$W/noop$i.log") files"
	touched=$(find "$RUNS/v1" -type f -newer "$W/marker" | wc -l)
	[ "$touched" = 0 ] || die "no-op rebuild touched $touched files"
done

#### f: K=100, one language, HTML only ####

say "== K=$K, en, html: $REPS runs"
for i in $(seq 1 "$REPS"); do
	timed small "$i" "$W/s$i.log" "$VERSUS" --catalog "$W/in$K/catalog" --po "$W/in$K/po" \
		--templates "$W/templates" --out "$RUNS/s$i" --lang en --format html -j "$JOBS"
done
fact s_files "$(written "$W/s1.log")"

#### g: the whole real site, HTML + Markdown ####

# It follows the K=100 trees, which stay: a whole-site tree is about
# 240,000 files.
say "== the whole site (copied inputs, all languages, html,md), -j $JOBS: warm-up"
fact real_langs "$(if [ -n "$REAL_LANGS" ]; then echo "$REAL_LANGS"; else all_langs; fi)"
fact real_nlangs "$(if [ -n "$REAL_LANGS" ]; then echo "$REAL_LANGS" | tr , '\n' | wc -l; else all_langs | tr , '\n' | wc -l; fi)"
fact real_protocols "$(ls "$REAL/catalog"/*.xml | wc -l)"
fact real_codes "$(cat "$REAL/catalog"/*.xml | grep -c '<code ')"
fact real_commit_inputs "$(git -C "$REPO" status --porcelain -- catalog po templates 2>/dev/null | grep -q . && echo ' (with uncommitted changes)')"
"${REALV[@]}" --out "$RUNS/r0" 2>"$W/r0.log" || { cat "$W/r0.log" >&2; die "the whole site does not build"; }
manifest "$RUNS/r0" "$W/manifest-real.txt"
real_files=$(wc -l <"$W/manifest-real.txt")
real_written=$(written "$W/r0.log")
real_pages=$(pages "$W/r0.log")
real_own=$(grep -c '^[0-9]* \.[^/]*$' "$W/manifest-real.txt" || true)
[ "$((real_written + real_own))" = "$real_files" ] || die "whole site: versus wrote $real_written files (+ $real_own of its own), the tree has $real_files"
real_bytes=$(awk '{ print $1 }' "$W/manifest-real.txt" | sum)
real_html=$(grep -c '\.html$' "$W/manifest-real.txt" || true)
real_md=$(grep -c '\.md$' "$W/manifest-real.txt" || true)
"$W/floor" -j "$JOBS" "$W/manifest-real.txt" "$RUNS/rf0" 2>/dev/null
for f in real_files real_written real_pages real_bytes real_html real_md; do fact "$f" "${!f}"; done
if [ -n "$PREV" ]; then
	"${PREVV[@]}" --out "$RUNS/q0" 2>"$W/q0.log" || { cat "$W/q0.log" >&2; die "the previous version does not build its site"; }
	fact prev "$PREV"
	fact prev_pages "$(pages "$W/q0.log")"
	fact prev_files "$(find "$RUNS/q0" -type f | wc -l)"
	fact prev_written "$(written "$W/q0.log")"
fi
say "  $real_pages pages, $real_files files, $((real_bytes / 1048576)) MB"

say "== the whole site: $REPS timed runs of versus, the floor${PREV:+ and the previous version ($PREV)}, interleaved"
real_kb=$((real_bytes / real_files / 1024 + 4))
for i in $(seq 1 "$REPS"); do
	# Three trees per round: if the disk cannot hold them, delete all but
	# r1 (the rebuilds' tree), and wait.
	if ! room $((3 * real_files)) "$real_kb"; then
		settle_discard $(find "$RUNS" -mindepth 1 -maxdepth 1 ! -name r1)
	fi
	timed real "$i" "$W/r$i.log" "${REALV[@]}" --out "$RUNS/r$i"
	[ "$(written "$W/r$i.log")" = "$real_written" ] || die "whole site run $i wrote $(written "$W/r$i.log") files"
	timed realfloor "$i" /dev/null "$W/floor" -j "$JOBS" "$W/manifest-real.txt" "$RUNS/rf$i"
	if [ -n "$PREV" ]; then
		timed prev "$i" "$W/q$i.log" "${PREVV[@]}" --out "$RUNS/q$i"
	fi
done

#### h: rebuilds of the whole site ####

# Into $RUNS/r1, a full build's tree, after one edit of the copied inputs
# each (flip: the edit, then back, then the edit...). Each edit kind ends
# with its inputs restored and an untimed rebuild, so that the next starts
# from a tree built from the original inputs.
say "== whole-site rebuilds into a full build's tree: no-op, $REPS runs"
for i in $(seq 1 "$REPS"); do
	touch "$W/marker"
	sleep 1
	timed rb-noop "$i" "$W/rb-noop$i.log" "${REALV[@]}" --out "$RUNS/r1"
	[ "$(written "$W/rb-noop$i.log")" = 0 ] || die "whole-site no-op rebuild wrote $(written "$W/rb-noop$i.log") files"
	touched=$(find "$RUNS/r1" -type f -newer "$W/marker" | wc -l)
	[ "$touched" = 0 ] || die "whole-site no-op rebuild touched $touched files"
done
fact rb_noop_written 0

# rebuild_edits NAME FILE ANCHOR A B: REPS rebuilds, each after flip.
rebuild_edits() {
	local m=$1 f=$2 a=$3 from=$4 to=$5 i w ws=""
	say "== whole-site rebuild after one edit ($m: ${f#"$REAL"/}), $REPS runs, after ${SETTLE}s"
	# What the rebuilds before freed (each replaced file frees an inode)
	# should not slow the first of these: wait. The others follow one
	# another, as an author's saves do.
	sync
	sleep "$SETTLE"
	for i in $(seq 1 "$REPS"); do
		flip "$i" "$f" "$a" "$from" "$to"
		touch "$W/marker"
		sleep 1
		timed "rb-$m" "$i" "$W/rb-$m$i.log" "${REALV[@]}" --out "$RUNS/r1"
		w=$(written "$W/rb-$m$i.log")
		[ -n "$w" ] && [ "$w" -gt 0 ] || die "rebuild $m #$i wrote no file: $(cat "$W/rb-$m$i.log")"
		ws="$ws $w"
		fact "rb_${m}_touched" "$(find "$RUNS/r1" -type f -newer "$W/marker" | wc -l)"
	done
	fact "rb_${m}_written" "$(echo "$ws" | tr ' ' '\n' | grep . | sort -n | uniq | paste -sd/ -)"
	fact "rb_${m}_pages" "$(pages "$W/rb-${m}1.log")"
	if [ $((REPS % 2)) = 1 ]; then
		edit "$f" "$a" "$to" "$from"
		"${REALV[@]}" --out "$RUNS/r1" 2>"$W/rb-$m-restore.log"
	fi
	cmp -s "$f" "$REPO/${f#"$REAL"/}" 2>/dev/null || [ ! -e "$REPO/${f#"$REAL"/}" ] ||
		say "  (note: ${f#"$REAL"/} differs from the repository's: it changed during the run)"
}
rebuild_edits poui "$REAL/po/tr.po" 'msgctxt "nav.home"' 'msgstr "Ana Sayfa"' 'msgstr "Anasayfa"'
rebuild_edits potext "$REAL/po/tr.po" 'msgctxt "smtp/550/fix"' '"Alıcının e-posta' '"Alıcının e-mail'
rebuild_edits catalog "$REAL/catalog/smtp.xml" 'number="550"' '<fix>Verify' '<fix>Check'
rebuild_edits template "$REAL/templates/footer.html" '' '<footer class="site">' '<footer class="site" id="site-footer">'

#### i: the live preview, save-to-reload ####

# serve_edits NAME LANGS: versus --serve into a new folder (its first
# build untimed), one reader of its reload events (curl), then REPS saves
# of po/tr.po (flip of smtp/550/fix); versus prints each save-to-reload.
# Recorded as: wall = save-to-reload, user/sys = the CPU the server spent
# from the save to the line, RSS = its peak so far (VmHWM).
SERVE_PID=
CURL_PID=
stop_serve() {
	if [ -n "$CURL_PID" ]; then kill "$CURL_PID" 2>/dev/null || true; wait "$CURL_PID" 2>/dev/null || true; fi
	if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true; fi
	SERVE_PID= CURL_PID=
}
trap stop_serve EXIT
# wait_line LOG PATTERN N: wait until LOG holds more than N lines matching
# PATTERN (up to 30 min), or the server dies.
wait_line() {
	local t=0
	while [ "$(grep -c -- "$2" "$1" || true)" -le "$3" ]; do
		kill -0 "$SERVE_PID" 2>/dev/null || { cat "$1" >&2; die "versus --serve stopped"; }
		[ "$t" -lt 18000 ] || die "versus --serve: no \"$2\" line in 30 min"
		sleep 0.1
		t=$((t + 1))
	done
}
ticks() { awk '{ print $14, $15 }' "/proc/$1/stat"; }
serve_edits() {
	local m=$1 langs=$2 log=$W/$1.log i n u0 s0 u1 s1 hz line
	hz=$(getconf CLK_TCK)
	say "== versus --serve${langs:+ --lang $langs} ($m): $REPS saves of po/tr.po (smtp/550/fix)"
	"$VERSUS" --serve --port 0 --catalog "$REAL/catalog" --po "$REAL/po" --templates "$REAL/templates" \
		--out "$RUNS/$m" ${langs:+--lang "$langs"} -j "$JOBS" 2>"$log" &
	SERVE_PID=$!
	wait_line "$log" 'first build' 0
	local url
	url=$(sed -n 's/.* at \(http:[^ ]*\) .*/\1/p' "$log" | head -1)
	if command -v curl >/dev/null && [ -n "$url" ]; then
		curl -sN "${url}__versus/events" >"$W/$m-events.log" 2>/dev/null &
		CURL_PID=$!
		# Until the stream has opened (the server's first bytes).
		for i in $(seq 1 100); do
			[ -s "$W/$m-events.log" ] && break
			sleep 0.1
		done
	fi
	for i in $(seq 1 "$REPS"); do
		n=$(grep -c ' changed: ' "$log" || true)
		sync
		read -r u0 s0 < <(ticks "$SERVE_PID")
		flip "$i" "$REAL/po/tr.po" 'msgctxt "smtp/550/fix"' '"Alıcının e-posta' '"Alıcının e-mail'
		wait_line "$log" ' changed: ' "$n"
		read -r u1 s1 < <(ticks "$SERVE_PID")
		line=$(grep ' changed: ' "$log" | tail -1)
		local r b w rss
		r=$(echo "$line" | sed -n 's/.*save-to-reload: \([0-9.]*\) s.*/\1/p')
		b=$(echo "$line" | sed -n 's/.* in \([0-9.]*\) s.*/\1/p')
		w=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) files written.*/\1/p')
		[ -n "$r" ] || die "versus --serve: no save-to-reload in: $line"
		rss=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVE_PID/status")
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$m" "$i" "$r" "$(awk -v a="$u0" -v b="$u1" -v h="$hz" 'BEGIN { printf "%.2f", (b - a) / h }')" \
			"$(awk -v a="$s0" -v b="$s1" -v h="$hz" 'BEGIN { printf "%.2f", (b - a) / h }')" "$rss" >>"$RES"
		printf '%s\t%s\t%s\t0\t0\t%s\n' "$m-build" "$i" "$b" "$rss" >>"$RES"
		say "  $m #$i: save-to-reload ${r}s (build ${b}s, $w files written), $rss KB peak"
		fact "${m//-/_}_written" "$w"
		sleep 1
	done
	fact "${m//-/_}_pages" "$(echo "$line" | sed -n 's/.*: \([0-9][0-9]*\) pages.*/\1/p')"
	fact "${m//-/_}_told" "$(echo "$line" | sed -n 's/.*(\([0-9]*\) pages* told).*/\1/p')"
	if [ $((REPS % 2)) = 1 ]; then
		n=$(grep -c ' changed: ' "$log" || true)
		edit "$REAL/po/tr.po" 'msgctxt "smtp/550/fix"' '"Alıcının e-mail' '"Alıcının e-posta'
		wait_line "$log" ' changed: ' "$n"
	fi
	stop_serve
}
if "$VERSUS" --help 2>&1 | grep -q -- '--serve'; then
	fact serve 1
	serve_edits srv-all "$REAL_LANGS"
	serve_edits srv-tr tr
else
	say "== versus has no --serve: no save-to-reload measure"
	fact serve 0
fi

#### e: K=1000, one language, HTML only ####

# A tree is ~6 GB on disk (1M files, 7 KB of blocks each): keep BIG_REPS
# + 1 of them until the end of the phase, if there is room (after deleting
# the trees so far, if need be); else delete each as soon as measured, and
# wait SETTLE seconds before the next run.
big_pairs=$((K_BIG * (K_BIG - 1) / 2))
big_files=$((K_BIG * (K_BIG - 1) + K_BIG + 30))
# The rebuilds above freed inodes: wait for them, or delete the trees so
# far (and wait) if the disk cannot hold this phase's.
if room $(((BIG_REPS + 1) * big_files)); then sync; sleep "$SETTLE"; else clear_runs; fi
keep=1
if ! room $(((BIG_REPS + 1) * big_files)); then
	say "== only $(free_gb) GB, $(free_inodes) inodes free: K=$K_BIG trees are deleted as soon as measured"
	keep=0
fi
say "== K=$K_BIG, en, html: $big_pairs compare pages, $BIG_REPS runs and one floor"
for i in $(seq 1 "$BIG_REPS"); do
	timed big "$i" "$W/b$i.log" "$VERSUS" --catalog "$W/in$K_BIG/catalog" --po "$W/in$K_BIG/po" \
		--templates "$W/templates" --out "$RUNS/b$i" --lang en --format html -j "$JOBS"
	if [ "$i" = 1 ]; then
		b_files=$(written "$W/b1.log")
		manifest "$RUNS/b1" "$W/manifest$K_BIG.txt"
		b_bytes=$(awk '{ print $1 }' "$W/manifest$K_BIG.txt" | sum)
		b_pages=$(find "$RUNS/b1/en/compare" -name '*-vs-*.html' | wc -l)
		[ "$b_pages" = $((big_pairs * 2)) ] || die "K=$K_BIG: $b_pages compare files, not $((big_pairs * 2))"
		fact b_files "$b_files"; fact b_bytes "$b_bytes"; fact big_pairs "$big_pairs"
		[ "$keep" = 1 ] || settle_discard "$RUNS/b1"
		timed bigfloor 1 /dev/null "$W/floor" -j "$JOBS" "$W/manifest$K_BIG.txt" "$RUNS/bf1"
		[ "$keep" = 1 ] || settle_discard "$RUNS/bf1"
	elif [ "$keep" = 0 ]; then
		settle_discard "$RUNS/b$i"
	fi
done

#### j: the sitemap at scale ####

# sitemap_runs NAME K LANGS: BIG_REPS runs of versus --format html
# --base-url on the K-code inputs for LANGS; the first run's sitemap is
# counted and validated. Each tree is kept if the disk holds it, else the
# trees so far are deleted first (and SETTLE waited).
sitemap_runs() {
	local m=$1 k=$2 langs=$3 n i files
	n=$(echo "$langs" | tr , '\n' | wc -l)
	files=$(((k * (k - 1) + k + 30) * n))
	say "== sitemap: K=$k x $n languages, html, --base-url $BASE_URL: $BIG_REPS runs (~$files files each)"
	fact "${m}_k" "$k"; fact "${m}_n" "$n"
	for i in $(seq 1 "$BIG_REPS"); do
		room "$files" || clear_runs
		room "$files" || die "sitemap K=$k x $n: no room for a tree of $files files"
		timed "$m" "$i" "$W/$m-$i.log" "$VERSUS" --catalog "$W/sm$k/catalog" --po "$W/sm$k/po" \
			--templates "$W/templates" --out "$RUNS/$m-$i" --lang "$langs" --format html \
			--base-url "$BASE_URL" -j "$JOBS"
		[ "$i" = 1 ] || continue
		local t=$RUNS/$m-1 chunks first last
		fact "${m}_pages" "$(pages "$W/$m-1.log")"
		fact "${m}_files" "$(written "$W/$m-1.log")"
		chunks=$(cd "$t" && ls sitemap-*.xml | sort -t- -k2 -n)
		first=$(echo "$chunks" | head -1) last=$(echo "$chunks" | tail -1)
		fact "${m}_chunks" "$(echo "$chunks" | wc -l)"
		fact "${m}_bytes" "$(cd "$t" && cat sitemap.xml $chunks | wc -c)"
		fact "${m}_index_bytes" "$(wc -c <"$t/sitemap.xml")"
		fact "${m}_urls" "$(cd "$t" && cat $chunks | grep -o '<loc>' | wc -l)"
		fact "${m}_max_urls" "$(cd "$t" && for c in $chunks; do grep -o '<loc>' "$c" | wc -l; done | sort -n | tail -1)"
		fact "${m}_max_chunk" "$(cd "$t" && wc -c $chunks | grep -v ' total$' | sort -n | tail -1 | awk '{ print $1 }')"
		fact "${m}_html" "$(find "$t" -name '*.html' | wc -l)"
		fact "${m}_foreign" "$(cd "$t" && cat sitemap.xml $chunks | grep -o '<loc>[^<]*' | grep -vc "^<loc>$BASE_URL" || true)"
		fact "${m}_first" "$first"; fact "${m}_last" "$last"
		if xmllint --noout --schema "$BENCH/xsd/sitemap.xsd" "$t/$first" "$t/$last" 2>"$W/$m-xsd.log" &&
			xmllint --noout --schema "$BENCH/xsd/siteindex.xsd" "$t/sitemap.xml" 2>>"$W/$m-xsd.log"; then
			fact "${m}_valid" "valid"
		else
			fact "${m}_valid" "**invalid** ($(grep -v validates "$W/$m-xsd.log" | head -1))"
		fi
	done
}
all=$(all_langs)
nall=$(echo "$all" | tr , '\n' | wc -l)
sm_full=$(((SITEMAP_K * (SITEMAP_K - 1) + SITEMAP_K + 30) * nall))
clear_runs
if [ "$SITEMAP_PLAN" = full ] || { [ "$SITEMAP_PLAN" = auto ] && room "$sm_full"; }; then
	fact sm_plan full
	sitemap_runs smbig "$SITEMAP_K" "$all"
else
	say "== K=$SITEMAP_K x $nall languages (~$sm_full files; $(free_gb) GB, $(free_inodes) inodes free; SITEMAP_PLAN=$SITEMAP_PLAN): K=$SITEMAP_K_SMALL x $nall and K=$SITEMAP_K x $SITEMAP_LANGS_FEW instead"
	fact sm_plan split
	fact sm_full_files "$sm_full"
	fact sm_free "$(free_gb) GB and $(free_inodes) inodes"
	sitemap_runs smsmall "$SITEMAP_K_SMALL" "$all"
	sitemap_runs smfew "$SITEMAP_K" "$(echo "$all" | cut -d, -f1-"$SITEMAP_LANGS_FEW")"
fi

fact load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
fact finished "$(date -u '+%H:%M UTC')"

say "== deleting the trees"
discard "$RUNS"
report
}

#### The report ####

# The figures of the reference runs that the tables show beside this run's:
# bench/RESULTS.md of 2026-11-25 22:00 UTC (versus eae0226) for the
# synthetic inputs, and the whole-site figures recorded for the previous
# version (PREV: 40,950 pages, 120,553 files in 10.1 s, 38 MB).
OLD_DATE=2026-11-25
OLD_VERSUS=1.97 OLD_VERSUS_RSS=22.2 OLD_FLOOR=0.92 OLD_HUGO=14.51 OLD_HUGO_RSS=1650.0
OLD_NOOP=0.18 OLD_SMALL=0.36 OLD_SMALL_RSS=12.8 OLD_BIG=42.82 OLD_BIG_RSS=24.4 OLD_BIGFLOOR=21.71
OLD_REAL_WALL=10.1 OLD_REAL_PAGES=40950 OLD_REAL_FILES=120553 OLD_REAL_RSS=38

# The figures come from facts.env, sourced.
# shellcheck disable=SC2154
report() {
[ -s "$FACTS" ] && [ -s "$RES" ] || die "no figures yet: run make bench"
# shellcheck disable=SC1090
. "$FACTS"
local r_noop_min vw fw hw nw vc fc hc nc sw bw bfw sc bc
vw=$(med versus wall) fw=$(med floor wall) hw=$(med hugo wall) nw=$(med noop wall)
vc=$(med versus cpu) fc=$(med floor cpu) hc=$(med hugo cpu) nc=$(med noop cpu)
sw=$(med small wall) bw=$(med big wall) bfw=$(med bigfloor wall)
sc=$(med small cpu) bc=$(med big cpu)
local s_rss b_rss v_rss h_rss
s_rss=$(med small rss) b_rss=$(med big rss) v_rss=$(med versus rss) h_rss=$(med hugo rss)
local vmin fmin hmin nmin smin bmin
vmin=$(least versus) fmin=$(least floor) hmin=$(least hugo) nmin=$(least noop)
smin=$(least small) bmin=$(least big)
per() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.1f", t * 1e6 / n }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0 ? 100 * a / b : 0) }'; }
local s_pp b_pp s_ppc b_ppc
s_pp=$(per "$sw" "$pairs") b_pp=$(per "$bw" "$big_pairs")
s_ppc=$(per "$sc" "$pairs") b_ppc=$(per "$bc" "$big_pairs")
local r_floor r_floor_min r_floor_cpu r_hugo r_hugo_min r_hugo_cpu r_noop r_noop_cpu r_pp r_ppc r_bfloor
r_floor=$(ratio "$vw" "$fw") r_floor_min=$(ratio "$vmin" "$fmin") r_floor_cpu=$(ratio "$vc" "$fc")
r_hugo=$(ratio "$hw" "$vw") r_hugo_min=$(ratio "$hmin" "$vmin") r_hugo_cpu=$(ratio "$hc" "$vc")
r_noop=$(pct "$nw" "$vw") r_noop_min=$(pct "$nmin" "$vmin") r_noop_cpu=$(pct "$nc" "$vc")
r_pp=$(ratio "$b_pp" "$s_pp") r_ppc=$(ratio "$b_ppc" "$s_ppc") r_bfloor=$(ratio "$bw" "$bfw")
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# g: the whole site.
local rw rmin rc r_rss rfw rfmin rfc qw qmin qc q_rss
rw=$(med real wall) rmin=$(least real) rc=$(med real cpu) r_rss=$(med real rss)
rfw=$(med realfloor wall) rfmin=$(least realfloor) rfc=$(med realfloor cpu)
local g_pp g_ppmin g_ppc rf_pp q_pp q_ppmin q_ppc old_pp
g_pp=$(per "$rw" "$real_pages") g_ppmin=$(per "$rmin" "$real_pages") g_ppc=$(per "$rc" "$real_pages")
rf_pp=$(per "$rfw" "$real_pages")
old_pp=$(per "$OLD_REAL_WALL" "$OLD_REAL_PAGES")
local has_prev=0
if [ -n "${prev:-}" ] && grep -q '^prev	' "$RES"; then
	has_prev=1
	qw=$(med prev wall) qmin=$(least prev) qc=$(med prev cpu) q_rss=$(med prev rss)
	q_pp=$(per "$qw" "$prev_pages") q_ppmin=$(per "$qmin" "$prev_pages") q_ppc=$(per "$qc" "$prev_pages")
fi

# h: rebuilds; i: serve; j: sitemap.
rb_row() { # MEASURE LABEL WRITTEN
	local w m c r
	w=$(med "$1" wall) m=$(least "$1") c=$(med "$1" cpu) r=$(med "$1" rss)
	echo "| $2 | $(fmt "$w") | $(fmt "$m") | $(fmt "$c") | $(mb "$r") | $3 | $(pct "$w" "$rw") % | $(pct "$m" "$rmin") % | $(pct "$c" "$rc") % |"
}
srv_row() { # MEASURE LABEL
	local v=${1//-/_}
	local pg="${v}_pages" wr="${v}_written" to="${v}_told"
	echo "| $2 | $(fmt "$(med "$1" wall)") | $(fmt "$(least "$1")") | $(fmt "$(med "$1-build" wall)") | $(fmt "$(med "$1" cpu)") | $(mb "$(awk -v m="$1" -F'\t' '$1 == m { print $6 }' "$RES" | sort -n | tail -1)") | ${!pg} | ${!wr} | ${!to} |"
}
sm_row() { # MEASURE
	local m=$1 w c u
	local k="${m}_k" n="${m}_n" pg="${m}_pages" fl="${m}_files" ch="${m}_chunks" by="${m}_bytes" ur="${m}_urls"
	w=$(med "$m" wall) c=$(med "$m" cpu) u=${!ur}
	echo "| K=${!k} x ${!n} | ${!pg} | ${!fl} | $(fmt "$w") | $(fmt "$(least "$m")") | $(fmt "$c") | $(mb "$(med "$m" rss)") | $(per "$w" "$u") | $(per "$c" "$u") | $((${!ch} + 1)) | ${!by} | $u | $(awk -v b="${!by}" -v u="$u" 'BEGIN { printf "%.1f", b / u }') |"
}
sm_check() { # MEASURE
	local m=$1
	local mu="${m}_max_urls" mc="${m}_max_chunk" va="${m}_valid" fo="${m}_foreign" fi="${m}_first" la="${m}_last" ib="${m}_index_bytes" ch="${m}_chunks"
	echo "- K=$(v="${m}_k"; echo "${!v}") x $(v="${m}_n"; echo "${!v}"): ${!ch} chunks and the index ($(fmt_int "${!ib}") B); at most $(fmt_int "${!mu}") URLs and $(fmt_int "${!mc}") bytes per chunk (sitemaps.org: 50,000 and 50 MB); ${!fo} URL(s) not under $BASE_URL; ${!fi}, ${!la} and sitemap.xml against the sitemaps.org XSDs (xmllint --schema): ${!va}."
}
fmt_int() { printf "%'d" "$1" 2>/dev/null || echo "$1"; }
local sm_list
if [ "${sm_plan:-}" = full ]; then sm_list=smbig; else sm_list="smsmall smfew"; fi

local cpu mem fs notes=""
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
fs=$(findmnt -n -o FSTYPE,OPTIONS -T "$W" 2>/dev/null | tr -s ' ' | cut -d, -f1-4)
if [ -f "$BENCH/RESULTS.md" ] && grep -q '^## Notes' "$BENCH/RESULTS.md"; then
	notes=$(sed -n '/^## Notes/,$p' "$BENCH/RESULTS.md")
fi
{
cat <<END
# versus benchmark

\`make bench\` (bench/run.sh), $started to $finished: versus $commit$dirty,
Hugo $hugo_v. Machine: $(nproc) cores ($cpu), $mem, kernel $(uname -r),
bench/work on $fs. Load average at the start $load_start, at the end $load_end.
SETTLE=$settle s; REPS=$reps, HUGO_REPS=$hugo_reps, BIG_REPS=$big_reps, -j $jobs.

Each figure is the median of $reps runs ($hugo_reps for Hugo, $big_reps at K=$k_big and for
each sitemap size; "best" is the fastest), each into a new folder (rebuilds:
into a full build's folder) after a sync, after one warm-up run; wall time,
and CPU time (user + sys) and peak RSS from /usr/bin/time. Beside them, the
figures of the run of $OLD_DATE (previous RESULTS.md) and those recorded for
the previous version's whole site.

## The whole site: all of po/LINGUAS, HTML + Markdown, -j $jobs

The repository's inputs as they were at the start (copied into
bench/work/real$real_commit_inputs): $real_protocols protocols, $real_codes codes, $real_nlangs languages
($real_langs); the search and compare indexes are part of the site.
$(if [ "$has_prev" = 1 ]; then echo "The previous version ($prev) is built from git and run on its own inputs in
the same run, interleaved, so that both meet the same load."; fi)

| run | wall (s) | best (s) | CPU (s) | peak RSS (MB) | pages | files | µs wall / page | best µs / page | µs CPU / page |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| versus, full build | $(fmt "$rw") | $(fmt "$rmin") | $(fmt "$rc") | $(mb "$r_rss") | $real_pages | $real_files | $g_pp | $g_ppmin | $g_ppc |
| floor, the same tree | $(fmt "$rfw") | $(fmt "$rfmin") | $(fmt "$rfc") | – | | $real_files | $rf_pp | $(per "$rfmin" "$real_pages") | $(per "$rfc" "$real_pages") |
END
if [ "$has_prev" = 1 ]; then
	echo "| previous version ($prev), this run | $(fmt "$qw") | $(fmt "$qmin") | $(fmt "$qc") | $(mb "$q_rss") | $prev_pages | $prev_files | $q_pp | $q_ppmin | $q_ppc |"
fi
cat <<END
| previous version, as recorded | $OLD_REAL_WALL | | | $OLD_REAL_RSS | $OLD_REAL_PAGES | $OLD_REAL_FILES | $old_pp | | |

The tree: $real_files files ($real_html .html, $real_md .md), $((real_bytes / 1048576)) MB. versus
against the floor: $(ratio "$rw" "$rfw") x (median), $(ratio "$rmin" "$rfmin") x (best), $(ratio "$rc" "$rfc") x in CPU.
Per page against the previous version: $(ratio "$g_ppmin" "$old_pp") x its recorded $old_pp µs (best run)$(
[ "$has_prev" = 1 ] && echo "; in this run $(ratio "$g_pp" "$q_pp") x (median), $(ratio "$g_ppmin" "$q_ppmin") x (best), $(ratio "$g_ppc" "$q_ppc") x in CPU").
Memory: $(mb "$r_rss") MB against $OLD_REAL_RSS MB recorded$(
[ "$has_prev" = 1 ] && echo " and $(mb "$q_rss") MB for the previous version in this run") ($(ratio "$(mb "$r_rss")" "$OLD_REAL_RSS") x).

## Rebuilds of the whole site

Each into the folder of a full build, after one edit of the copied inputs
(made alternately and undone, so that each run is one edit away from the
last build). "% of full" compares with the full build above.

| rebuild after | wall (s) | best (s) | CPU (s) | peak RSS (MB) | files written | % of full (median) | % of full (best) | % of full (CPU) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
$(rb_row rb-noop "nothing changed (no-op)" 0)
$(rb_row rb-poui "po/tr.po: nav.home (the breadcrumb's first item, on every Turkish page)" "$rb_poui_written")
$(rb_row rb-potext "po/tr.po: smtp/550/fix (one code's text)" "$rb_potext_written")
$(rb_row rb-catalog "catalog/smtp.xml: a word of 550's <fix>" "$rb_catalog_written")
$(rb_row rb-template "templates/footer.html (an attribute of <footer>)" "$rb_template_written")

The no-op wrote and touched no file (checked against a marker).
END
if [ "${serve:-0}" = 1 ]; then
cat <<END

## Live preview: save-to-reload after a save of po/tr.po

\`versus --serve\` on the copied inputs, into a new folder (its first
build not counted), with one reader of its reload events (curl); $reps saves
of po/tr.po, each changing (then restoring) the Turkish smtp/550/fix. The
figure is the one versus prints: from the first file event of the save to
the reload event sent (it includes the 100 ms quiet wait).

| server | save-to-reload (s) | best (s) | build (s) | CPU (s) | peak RSS (MB) | pages | files written | pages told |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
$(srv_row srv-all "whole site (all languages)")
$(srv_row srv-tr "--lang tr")
END
else
	printf '\n## Live preview\n\nNot measured: this versus has no --serve.\n'
fi
cat <<END

## The sitemap at scale: --format html --base-url $BASE_URL

END
if [ "${sm_plan:-}" = full ]; then
	echo "K=$SITEMAP_K codes x all languages (bench/gen.sh; the po files of po/LINGUAS)."
else
	echo "K=$SITEMAP_K x all languages is about $(fmt_int "$sm_full_files") files, more than this disk held
($sm_free free before the phase): measured instead K=$SITEMAP_K_SMALL x all languages
and K=$SITEMAP_K x $SITEMAP_LANGS_FEW (bench/gen.sh inputs; the po files of po/LINGUAS)."
fi
cat <<END

| run | pages | files | wall (s) | best (s) | CPU (s) | peak RSS (MB) | µs wall / URL | µs CPU / URL | sitemap files | sitemap bytes | URLs | bytes / URL |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$(for m in $sm_list; do sm_row "$m"; done)

$(for m in $sm_list; do sm_check "$m"; done)

## K = $k codes x 4 languages, HTML + Markdown, -j $jobs

$pairs pairs per language: $v_pages compare pages, each as .html and .md,
plus a b-vs-a redirect .html. Inputs (bench/gen.sh): one protocol of K codes
whose texts come in turn from catalog/smtp.xml, four classes; po files en,
tr, vi, id copied from po/ (their catalogue texts do not apply: those of
the synthetic protocol stay English); the repository's templates/.

| run | wall (s) | best (s) | CPU (s) | peak RSS (MB) | files | $OLD_DATE: wall (s), RSS (MB) |
|---|---:|---:|---:|---:|---:|---:|
| versus, full build | $(fmt "$vw") | $(fmt "$vmin") | $(fmt "$vc") | $(mb "$v_rss") | $nfiles | $OLD_VERSUS, $OLD_VERSUS_RSS |
| floor (bench/floor.c: same files, same sizes) | $(fmt "$fw") | $(fmt "$fmin") | $(fmt "$fc") | – | $nfiles | $OLD_FLOOR |
| Hugo $hugo_v, the same compare pages | $(fmt "$hw") | $(fmt "$hmin") | $(fmt "$hc") | $(mb "$h_rss") | $h_files | $OLD_HUGO, $OLD_HUGO_RSS |
| versus, no-op rebuild | $(fmt "$nw") | $(fmt "$nmin") | $(fmt "$nc") | – | 0 written | $OLD_NOOP |

What each writes. versus: $nfiles files, $((v_bytes / 1048576)) MB: the compare pages
(.html, avg $v_html_avg B in en; .md, avg $v_md_avg B), the redirects, and $((nfiles - v_html - v_pages))
others (code pages, protocol, home, status, search and index pages, the
search indexes, the root chooser, style.css, the sitemap). Hugo (hugo/gen.sh): $h_files files, $((h_bytes / 1048576)) MB:
the same $h_pages compare pages as .html (avg $h_html_avg B in en) and .md (avg $h_md_avg B),
the same redirects (aliases), and $((h_files - h_html - h_pages)) list pages of its own; no code pages,
no sitemap. The text of $checked sampled Turkish pages was checked equal
(HTML <main> and the Markdown body; Hugo's links are root-relative, versus's
relative).

## K = $k_big codes x 1 language, HTML only, -j $jobs

| run | wall (s) | best (s) | CPU (s) | peak RSS (MB) | files | compare pages | µs wall / page | µs CPU / page | $OLD_DATE: wall (s), RSS (MB) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| versus, K=$k, en, html | $(fmt "$sw") | $(fmt "$smin") | $(fmt "$sc") | $(mb "$s_rss") | $s_files | $pairs | $s_pp | $s_ppc | $OLD_SMALL, $OLD_SMALL_RSS |
| versus, K=$k_big, en, html | $(fmt "$bw") | $(fmt "$bmin") | $(fmt "$bc") | $(mb "$b_rss") | $b_files | $big_pairs | $b_pp | $b_ppc | $OLD_BIG, $OLD_BIG_RSS |
| floor, the K=$k_big tree (1 run) | $(fmt "$bfw") | | $(fmt "$(med bigfloor cpu)") | – | $b_files | | | | $OLD_BIGFLOOR |

The K=$k_big tree: $((b_bytes / 1048576)) MB in $b_files files.

## Against the targets

Time ratios are judged on the best runs: on this machine other work (other
sessions, and ext4's search past recently deleted inodes) only ever adds
time, and adds it to one run and not the next, so the fastest run is the
least disturbed; the medians and CPU times are shown beside them.

| target | measured: best; median; CPU | |
|---|---|---|
| whole site: per-page time within 10% of the previous version's (recorded: $old_pp µs) | $g_ppmin µs = $(ratio "$g_ppmin" "$old_pp") x; median $g_pp µs = $(ratio "$g_pp" "$old_pp") x | $(at_most "$(ratio "$g_ppmin" "$old_pp")" 1.10) |
END
if [ "$has_prev" = 1 ]; then
cat <<END
| the same, against the previous version run here, in the same conditions | $(ratio "$g_ppmin" "$q_ppmin") x ($g_ppmin / $q_ppmin µs); median $(ratio "$g_pp" "$q_pp") x; CPU $(ratio "$g_ppc" "$q_ppc") x ($g_ppc / $q_ppc µs) | $(at_most "$(ratio "$g_ppmin" "$q_ppmin")" 1.10) |
END
fi
cat <<END
| whole site: peak RSS within 10% of the previous version's (recorded: $OLD_REAL_RSS MB) | $(mb "$r_rss") MB = $(ratio "$(mb "$r_rss")" "$OLD_REAL_RSS") x$([ "$has_prev" = 1 ] && echo "; previous version in this run: $(mb "$q_rss") MB ($(ratio "$r_rss" "$q_rss") x)") | $(at_most "$(ratio "$(mb "$r_rss")" "$OLD_REAL_RSS")" 1.10) |
| whole site: versus <= 1.5x the floor | $(ratio "$rmin" "$rfmin") x; $(ratio "$rw" "$rfw") x; CPU $(ratio "$rc" "$rfc") x | $(at_most "$(ratio "$rmin" "$rfmin")" 1.5) |
| whole site: no-op rebuild <= 5% of a full build, writes no file | $(pct "$(least rb-noop)" "$rmin") %; $(pct "$(med rb-noop wall)" "$rw") %; CPU $(pct "$(med rb-noop cpu)" "$rc") %; 0 files written, none touched | $(at_most "$(pct "$(least rb-noop)" "$rmin")" 5) |
| sitemap: memory flat, <= 64 MB at the largest run | $(for m in $sm_list; do v="${m}_k"; n="${m}_n"; printf 'K=%s x %s: %s MB; ' "${!v}" "${!n}" "$(mb "$(med "$m" rss)")"; done)K=$k_big x 1: $(mb "$b_rss") MB | $(at_most "$(for m in $sm_list; do med "$m" rss; done | sort -n | tail -1)" 65536) |
END
if [ "${sm_plan:-}" != full ]; then
local a b
a=$(per "$(least smsmall)" "$smsmall_urls") b=$(per "$(least smfew)" "$smfew_urls")
cat <<END
| sitemap: per-URL time flat (within 20%) from K=$SITEMAP_K_SMALL x $smsmall_n to K=$SITEMAP_K x $smfew_n | best $b / $a µs = $(ratio "$b" "$a") x; median $(per "$(med smfew wall)" "$smfew_urls") / $(per "$(med smsmall wall)" "$smsmall_urls") µs; CPU $(per "$(med smfew cpu)" "$smfew_urls") / $(per "$(med smsmall cpu)" "$smsmall_urls") µs | $(at_most "$(ratio "$b" "$a")" 1.2) |
END
fi
cat <<END
| sitemap: valid against the sitemaps.org XSDs, <= 50,000 URLs and 50 MB per file | $(for m in $sm_list; do v="${m}_valid"; u="${m}_max_urls"; c="${m}_max_chunk"; printf '%s, %s URLs, %s MB; ' "${!v}" "${!u}" "$(awk -v b="${!c}" 'BEGIN { printf "%.1f", b / 1048576 }')"; done) | $(ok=met; for m in $sm_list; do v="${m}_valid"; u="${m}_max_urls"; c="${m}_max_chunk"; [ "${!v}" = valid ] && [ "${!u}" -le 50000 ] && [ "${!c}" -le 52428800 ] || ok="**missed**"; done; echo "$ok") |
| K=$k x 4: versus <= 1.5x the floor | $r_floor_min x; $r_floor x; CPU $r_floor_cpu x. K=$k_big (1 floor run): $r_bfloor x | $(at_most "$r_floor_min" 1.5) |
| K=$k x 4: >= 10x faster than Hugo on the same pages | $r_hugo_min x; $r_hugo x; CPU $r_hugo_cpu x | $(at_most 10 "$r_hugo_min") |
| K=$k x 4: no-op rebuild <= 5% of a full build, writes no file | $r_noop_min %; $r_noop %; CPU $r_noop_cpu %; 0 files written, none touched | $(at_most "$r_noop_min" 5) |
| peak RSS at K=$k_big <= 64 MB, not growing with pages | $(mb "$b_rss") MB (K=$k: $(mb "$s_rss") MB) | $(at_most "$b_rss" 65536) |
| per-page cost flat from K=$k to K=$k_big (within 20%) | median wall $b_pp / $s_pp µs = $r_pp x; CPU $b_ppc / $s_ppc µs = $r_ppc x | $(at_most "$r_pp" 1.2) |

Raw runs: bench/work/results.tsv (measure, run, wall s, user s, sys s, max RSS KB).
END
if [ "${profiled:-0}" = 1 ] && [ -s "$W/perf-top.txt" ]; then
	printf '\n## Profile: one more K=%s x 4 build under `perf record --call-graph dwarf`\n\n' "$k"
	printf 'Taken right after the timed runs, in the same conditions. Percentages of all samples.\n\n```\n'
	cat "$W/perf-top.txt"
	printf '```\n'
fi
if [ -n "$notes" ]; then
	printf '\n%s\n' "$notes"
fi
} >"$BENCH/RESULTS.md.tmp"
mv "$BENCH/RESULTS.md.tmp" "$BENCH/RESULTS.md"
sed -n '1,/^Raw runs/p' "$BENCH/RESULTS.md"
}

case $MODE in
bench) prepare; measure ;;
profile) prepare; profile ;;
report)
	if [ -s "$W/perf.data" ]; then perf_report "$W/perf.data" >"$W/perf-top.txt"; fi
	report ;;
*) die "usage: run.sh [bench|profile|report]" ;;
esac
