#!/usr/bin/env bash
# run.sh — the benchmark behind `make bench`: speed and memory of versus
# against the file-system floor and Hugo, written to bench/RESULTS.md.
#
# Everything it makes lies in bench/work/ (git-ignored). Knobs, from the
# environment: REPS (timed runs per measure, default 5), HUGO_REPS (3),
# BIG_REPS (runs at K=1000, 3), JOBS (threads, default nproc), K (100),
# K_BIG (1000), SETTLE (seconds to wait after deleting the trees of an
# earlier run, 360). `run.sh report` rewrites RESULTS.md from the last
# run's figures; `run.sh profile` records one versus build with perf.
#
# The file system caveat: ext4 without a journal does not reuse an inode
# freed in the last 60 s, or 360 s while its inode-table block is dirty
# (fs/ext4/ialloc.c, recently_deleted), and creating files next to such
# inodes gets slow. So no timed run follows a deletion: every run writes
# into a new folder, trees are deleted only at the end (and leftovers of an
# interrupted run at the start, followed by a SETTLE wait), and each timed
# run starts after a sync so that it does not pay for the previous run's
# writeback. With the `discard` mount option every unlink waits for a
# discard, so trees are deleted by 16 parallel rm.
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
MODE=${1:-bench}
FACTS=$W/facts.env
LANGS=en,tr,vi,id
VERSUS=$W/build/versus
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
}

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
fact jobs "$JOBS"; fact k "$K"; fact k_big "$K_BIG"
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
v_pages=$(count "$RUNS/v0" '*/compare/*.md')    # one .md per pair a<b
v_html=$(count "$RUNS/v0" '*/compare/*.html')   # pages and b-vs-a redirects
h_pages=$(count "$RUNS/h0" '*/compare/*.md')
h_html=$(count "$RUNS/h0" '*/compare/*.html')
h_files=$(find "$RUNS/h0" -type f | wc -l)
v_bytes=$(awk '{ print $1 }' "$W/manifest$K.txt" | sum)
h_bytes=$(find "$RUNS/h0" -type f -printf '%s\n' | sum)
pairs=$((K * (K - 1) / 2))
[ "$v_pages" = $((pairs * 4)) ] || die "versus made $v_pages compare pages, not $((pairs * 4))"
[ "$h_pages" = "$v_pages" ] && [ "$h_html" = "$v_html" ] ||
	die "Hugo made $h_pages/$h_html compare files, versus $v_pages/$v_html"
avg_size() { find "$1" -type f -path '*/compare/*.md' -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s / NR }'; }
v_md_avg=$(avg_size "$RUNS/v0")
h_md_avg=$(avg_size "$RUNS/h0")
v_html_avg=$(find "$RUNS/v0/en/compare" -name '*.md' | sed 's/\.md$/.html/' | xargs stat -c %s | awk '{ s += $1 } END { printf "%d", s / NR }')
h_html_avg=$(find "$RUNS/h0/en/compare" -name '*.md' | sed 's/\.md$/.html/' | xargs stat -c %s | awk '{ s += $1 } END { printf "%d", s / NR }')

# Same text: every 37th Turkish page, its <main> (HTML) and the body after
# the front matter (Markdown), tags and link targets aside.
main_text() { sed -n '/<main/,/<\/main>/p' "$1" | sed -e 's/<[^>]*>//g' | grep -v '^\s*$'; }
md_body() { awk 'n >= 2; /^---$/ { n++ }' "$1" | sed 's/](\([^)]*\))/]()/g'; }
checked=0
for f in $(cd "$RUNS/v0" && find tr/compare -name '*.md' | sort | awk 'NR % 37 == 1'); do
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

#### e: K=1000, one language, HTML only ####

# A tree is ~6 GB on disk (1M files of 4 KB blocks): keep BIG_REPS + 1 of
# them until the end of the phase, if there is room; else delete as we go.
big_pairs=$((K_BIG * (K_BIG - 1) / 2))
need=$(((BIG_REPS + 1) * 7 + 5))
keep=1
if [ "$(free_gb)" -lt "$need" ]; then
	say "== only $(free_gb) GB free (< $need): K=$K_BIG trees are deleted as soon as measured"
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
		timed bigfloor 1 /dev/null "$W/floor" -j "$JOBS" "$W/manifest$K_BIG.txt" "$RUNS/bf1"
		[ "$keep" = 1 ] || discard "$RUNS/bf1"
	fi
	[ "$keep" = 1 ] || discard "$RUNS/b$i"
done
fact load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
fact finished "$(date -u '+%H:%M UTC')"

say "== deleting the trees"
discard "$RUNS"
report
}

#### The report ####

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
local s_pp b_pp s_ppc b_ppc
s_pp=$(per "$sw" "$pairs") b_pp=$(per "$bw" "$big_pairs")
s_ppc=$(per "$sc" "$pairs") b_ppc=$(per "$bc" "$big_pairs")
local r_floor r_floor_min r_floor_cpu r_hugo r_hugo_min r_hugo_cpu r_noop r_noop_cpu r_pp r_ppc r_bfloor
r_floor=$(ratio "$vw" "$fw") r_floor_min=$(ratio "$vmin" "$fmin") r_floor_cpu=$(ratio "$vc" "$fc")
r_hugo=$(ratio "$hw" "$vw") r_hugo_min=$(ratio "$hmin" "$vmin") r_hugo_cpu=$(ratio "$hc" "$vc")
r_noop=$(awk -v a="$nw" -v b="$vw" 'BEGIN { printf "%.0f", 100 * a / b }')
r_noop_min=$(awk -v a="$nmin" -v b="$vmin" 'BEGIN { printf "%.0f", 100 * a / b }')
r_noop_cpu=$(awk -v a="$nc" -v b="$vc" 'BEGIN { printf "%.0f", 100 * a / b }')
r_pp=$(ratio "$b_pp" "$s_pp") r_ppc=$(ratio "$b_ppc" "$s_ppc") r_bfloor=$(ratio "$bw" "$bfw")
local cpu mem fs notes=""
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
fs=$(findmnt -n -o FSTYPE,OPTIONS -T "$W" 2>/dev/null | tr -s ' ' | cut -d, -f1-4)
if [ -f "$BENCH/RESULTS.md" ] && grep -q '^## Notes' "$BENCH/RESULTS.md"; then
	notes=$(sed -n '/^## Notes/,$p' "$BENCH/RESULTS.md")
fi
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
{
cat <<END
# versus benchmark

\`make bench\` (bench/run.sh), $started to $finished: versus $commit$dirty,
Hugo $hugo_v. Machine: $(nproc) cores ($cpu), $mem, kernel $(uname -r),
bench/work on $fs. Load average at the start $load_start, at the end $load_end.

Each figure is the median of $reps runs ($hugo_reps for Hugo, $big_reps at K=$k_big; "best"
is the fastest), each into a new folder after a sync, after one warm-up
run; wall time, and CPU time (user + sys) from /usr/bin/time.

Inputs (bench/gen.sh): one protocol of K codes whose texts come in turn
from catalog/smtp.xml, four classes; po files en, tr, vi, id copied from
po/ (UI strings translated, catalogue texts English, as on the real site);
the repository's templates/.

## K = $k codes x 4 languages, HTML + Markdown, -j $jobs

$pairs pairs per language: $v_pages compare pages, each as .html and .md,
plus a b-vs-a redirect .html.

| run | wall (s) | best (s) | CPU (s) | peak RSS (MB) | files |
|---|---:|---:|---:|---:|---:|
| versus, full build | $(fmt "$vw") | $(fmt "$vmin") | $(fmt "$vc") | $(mb "$v_rss") | $nfiles |
| floor (bench/floor.c: same files, same sizes) | $(fmt "$fw") | $(fmt "$fmin") | $(fmt "$fc") | – | $nfiles |
| Hugo $hugo_v, the same compare pages | $(fmt "$hw") | $(fmt "$hmin") | $(fmt "$hc") | $(mb "$h_rss") | $h_files |
| versus, no-op rebuild | $(fmt "$nw") | $(fmt "$nmin") | $(fmt "$nc") | – | 0 written |

What each writes. versus: $nfiles files, $((v_bytes / 1048576)) MB: the compare pages
(.html, avg $v_html_avg B in en; .md, avg $v_md_avg B), the redirects, and $((nfiles - v_html - v_pages))
others (code pages, protocol, home and status pages in both formats, the
root chooser, style.css, the sitemap). Hugo (hugo/gen.sh): $h_files files, $((h_bytes / 1048576)) MB:
the same $h_pages compare pages as .html (avg $h_html_avg B in en) and .md (avg $h_md_avg B),
the same redirects (aliases), and $((h_files - h_html - h_pages)) list pages of its own; no code pages,
no sitemap. The text of $checked sampled Turkish pages was checked equal
(HTML <main> and the Markdown body; Hugo's links are root-relative, versus's
relative).

## K = $k_big codes x 1 language, HTML only, -j $jobs

| run | wall (s) | best (s) | CPU (s) | peak RSS (MB) | files | compare pages | µs wall / page | µs CPU / page |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
| versus, K=$k, en, html | $(fmt "$sw") | $(fmt "$smin") | $(fmt "$sc") | $(mb "$s_rss") | $s_files | $pairs | $s_pp | $s_ppc |
| versus, K=$k_big, en, html | $(fmt "$bw") | $(fmt "$bmin") | $(fmt "$bc") | $(mb "$b_rss") | $b_files | $big_pairs | $b_pp | $b_ppc |
| floor, the K=$k_big tree (1 run) | $(fmt "$bfw") | | $(fmt "$(med bigfloor cpu)") | – | $b_files | | | |

The K=$k_big tree: $((b_bytes / 1048576)) MB in $b_files files.

## Against the targets

Time ratios are judged on the best runs: on this machine other work (other
sessions, and ext4's search past recently deleted inodes) only ever adds
time, and adds it to one run and not the next, so the fastest run is the
least disturbed; the medians and CPU times are shown beside them.

| target | measured: best; median; CPU | |
|---|---|---|
| versus <= 1.5x the floor | $r_floor_min x; $r_floor x; CPU $r_floor_cpu x. K=$k_big (1 floor run): $r_bfloor x | $(at_most "$r_floor_min" 1.5) |
| >= 10x faster than Hugo on the same pages | $r_hugo_min x; $r_hugo x; CPU $r_hugo_cpu x | $(at_most 10 "$r_hugo_min") |
| no-op rebuild <= 5% of a full build, writes no file | $r_noop_min %; $r_noop %; CPU $r_noop_cpu %; 0 files written, none touched | $(at_most "$r_noop_min" 5) |
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
