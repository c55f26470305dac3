#!/usr/bin/env bash
# Lighthouse on the pages a reader lands on, behind a loopback host set up
# as the README's Hosting section asks (tests/site/serve.js --host: gzip,
# Cache-Control, 404.html):
#   the comparison of the seeds, a code page, a protocol index, the search
#   page with a query, in en, tr, ja and ar, with the desktop and the
#   mobile preset (simulated slow 4G, 4x slower CPU).
#
#   bench/lighthouse.sh VERSUS REPO WORK     (make lighthouse)
#   LH_LANGS="en ar" LH_PRESETS=mobile bench/lighthouse.sh ...   fewer runs
#
# Prints a table (performance / accessibility / best practices / SEO), an
# empty page's scores first as the control, and,
# for a page under 100, the audits that cost points; exits 1 if a page is
# under 100 in a category. Performance is a measurement, so it lives here
# and not in `make test`: a run under 100 is taken four more times and the
# median of the five reported (Lighthouse's own advice on variability), with
# the lowest and highest and the load average, since a busy machine slows the
# trace Lighthouse simulates from. The control page is taken five times too.
# Lighthouse is pinned and installed (npm) into WORK, never into the
# repository; Debian's Chromium runs it.
set -u
VERSUS=$(realpath "$1")
REPO=$(realpath "$2")
WORK=$3
LIGHTHOUSE=lighthouse@12.2.3
LANGS=${LH_LANGS:-en tr ja ar}
PRESETS=${LH_PRESETS:-desktop mobile}
mkdir -p "$WORK"
WORK=$(realpath "$WORK")
TOOLS=$WORK/tools
OUT=$WORK/out
REPORTS=$WORK/reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"

[ -x /usr/bin/chromium ] || { echo "lighthouse: Debian's chromium is missing (make test-deps installs it)" >&2; exit 2; }
if [ "$(node -p "require('$TOOLS/node_modules/lighthouse/package.json').version" 2>/dev/null)" != "${LIGHTHOUSE##*@}" ]; then
	echo "Installing into $TOOLS: $LIGHTHOUSE"
	mkdir -p "$TOOLS"
	npm install --prefix "$TOOLS" --no-audit --no-fund "$LIGHTHOUSE" >"$WORK/npm.log" 2>&1 ||
		{ tail -20 "$WORK/npm.log" >&2; exit 2; }
fi

SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null' EXIT
rm -f "$WORK/port"
node "$REPO/tests/site/serve.js" "$OUT" "$WORK/port" --host >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || { echo "lighthouse: the loopback server did not start" >&2; exit 2; }
URL=http://127.0.0.1:$(cat "$WORK/port")/

# With the host's address, as a publisher builds: canonical links and the
# sitemap are absolute (SEO's audits read them).
rm -rf "$OUT"
"$VERSUS" --catalog "$REPO/catalog" --po "$REPO/po" --templates "$REPO/templates" --out "$OUT" \
	--lang "${LANGS// /,}" --format html --base-url "$URL" >"$WORK/render.log" 2>&1 ||
	{ cat "$WORK/render.log" >&2; exit 1; }

# The control: a page with nothing in it, through the same server and the
# same runs. What it loses is this machine's, not the site's.
cat >"$OUT/control.html" <<'HTML'
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="assets/favicon.svg" type="image/svg+xml">
<title>Control</title><meta name="description" content="An empty page: what this machine scores at best."></head>
<body><p>An empty page: what this machine scores at best.</p></body>
</html>
HTML

PAGES="compare/smtp/334-server-challenge-vs-556-domain-no-mail.html
http/404-not-found.html
http/index.html
search.html?q=550"

run() { # URL PRESET NAME: one Lighthouse run, its JSON report in REPORTS/NAME.json
	local extra=
	[ "$2" = desktop ] && extra=--preset=desktop
	CHROME_PATH=/usr/bin/chromium timeout 300 "$TOOLS/node_modules/.bin/lighthouse" "$1" $extra \
		--chrome-flags="--headless=new --no-sandbox" --quiet \
		--only-categories=performance,accessibility,best-practices,seo \
		--output=json --output-path="$REPORTS/$3.json" 2>"$REPORTS/$3.err"
}
scores() { # NAME...: "perf a11y bp seo" of each report
	node -e '
		for (const f of process.argv.slice(1)) {
			const c = require(f).categories;
			console.log(["performance", "accessibility", "best-practices", "seo"]
				.map((k) => c[k].score === null ? "-" : Math.round(c[k].score * 100)).join(" "));
		}' "${@/#/$REPORTS/}"
}
lost() { # NAME: the audits that cost points
	node -e '
		const r = require(process.argv[1]);
		for (const [k, c] of Object.entries(r.categories))
			for (const ref of c.auditRefs) {
				const a = r.audits[ref.id];
				if (ref.weight > 0 && a.score !== null && a.score < 1)
					console.log(`    ${k}: ${ref.id} ${a.score} ${a.displayValue || ""}`);
			}' "$REPORTS/$1.json"
}

echo "Lighthouse ${LIGHTHOUSE##*@}, $(/usr/bin/chromium --version 2>/dev/null), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-4s %-8s %s\n' page lang preset "performance / accessibility / best practices / SEO"
under=0
median() { # NAME: "median (lowest-highest)" of the performance of the runs NAME.K
	local f perf=$REPORTS/$1.perf n
	for f in "$REPORTS/$1".?.json; do [ -s "$f" ] && scores "${f##*/}"; done | cut -d' ' -f1 | sort -n >"$perf"
	n=$(wc -l <"$perf")
	[ "$n" -gt 0 ] || { echo "- (no run)"; return; }
	echo "$(sed -n "$(((n + 1) / 2))p" "$perf") ($(head -1 "$perf")-$(tail -1 "$perf"))"
}
for p in $PRESETS; do
	for i in 1 2 3 4 5; do run "${URL}control.html" "$p" "control-$p.$i"; done
	read -r _ a11y bp seo < <(scores "control-$p.1.json")
	printf '%-10s %-4s %-8s %s / %s / %s / %s (median of 5)\n' control - "$p" "$(median "control-$p")" "$a11y" "$bp" "$seo"
done
for page in $PAGES; do
	kind=${page%%/*}; kind=${kind%%.*}
	[ "$page" = http/index.html ] && kind=index
	[ "$page" = http/404-not-found.html ] && kind=code
	for l in $LANGS; do
		for p in $PRESETS; do
			name=$kind-$l-$p
			run "$URL$l/$page" "$p" "$name.1" || { echo "$name: lighthouse failed"; sed -n 1,5p "$REPORTS/$name.1.err"; under=1; continue; }
			read -r perf a11y bp seo < <(scores "$name.1.json")
			note=
			shown=$perf
			if [ "$perf" != 100 ]; then
				for i in 2 3 4 5; do run "$URL$l/$page" "$p" "$name.$i"; done
				shown=$(median "$name")
				perf=${shown%% *}
				note=" (median of 5, load $(cut -d' ' -f1 /proc/loadavg))"
			fi
			printf '%-10s %-4s %-8s %s / %s / %s / %s%s\n' "$kind" "$l" "$p" "$shown" "$a11y" "$bp" "$seo" "$note"
			if [ "$perf $a11y $bp $seo" != "100 100 100 100" ]; then
				under=1
				lost "$name.1"
			fi
		done
	done
done
echo "reports: $REPORTS"
exit $under
