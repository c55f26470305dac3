#!/usr/bin/env bash
# Bad-input corpus of versus: every case in tests/bad/cases/ (see README.md
# there) against the real inputs of the repository with one thing broken.
#
#   bash tests/bad/run.sh VERSUS REPO WORK [CASE-GLOB...]
#
# VERSUS: the binary; REPO: the repository root (catalog/, po/, templates/);
# WORK: a scratch folder (emptied). VERSUS_CASE_TIMEOUT: seconds a case may
# run (300). CASE-GLOB picks cases by folder name
# (e.g. '1*' or 07-schema-missing-when). Prints one line per case and, last,
# "N passed, M failed"; exits 1 if any case failed.
set -u
export LC_ALL=C

if [ $# -lt 3 ]; then
	echo "usage: run.sh VERSUS REPO WORK [CASE-GLOB...]" >&2
	exit 2
fi
VERSUS=$(realpath -- "$1") || exit 2
REPO=$(realpath -- "$2") || exit 2
mkdir -p -- "$3" || exit 2
WORK=$(realpath -- "$3") || exit 2
shift 3
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
CASES=$HERE/cases
export VERSUS REPO WORK

# True if the tree at $1 holds no build's temporary folder (.versus-tmp*).
no_tmp() { ! compgen -G "$1/.versus-tmp*" >/dev/null; }

passed=0
failed=0

# Unmount whatever a case's setup.sh mounted under $1, deepest first.
unmount_under() {
	local root=$1 m
	[ -r /proc/self/mounts ] || return 0
	while read -r m; do
		umount -- "$m" 2>/dev/null || umount -l -- "$m" 2>/dev/null
	done < <(awk -v r="$root" '{ p = $2; gsub(/\\040/, " ", p);
		if (p == r || index(p, r "/") == 1) print length(p) " " p }' /proc/self/mounts |
		sort -rn | cut -d' ' -f2-)
}

# Removes a case folder, mounts and read-only modes included.
remove_tree() {
	unmount_under "$1"
	chmod -R u+w -- "$1" 2>/dev/null
	rm -rf -- "$1"
}

cleanup() {
	unmount_under "$WORK"
}
trap cleanup EXIT

# A fingerprint of a file tree (or a lone file): names, types, sizes,
# modes, modification times and contents. The root's own entry is left out
# (a mount on top of it changes its time, not what it holds).
tree_hash() {
	local p=$1
	if [ -d "$p" ]; then
		(
			cd -- "$p" || exit 1
			find . -mindepth 1 -printf '%p %y %s %m %T@\n' | sort
			find . -type f -print0 | sort -z | xargs -0 -r sha256sum
		) | sha256sum | cut -d' ' -f1
	elif [ -e "$p" ]; then
		{ stat -c '%F %s %a %Y' -- "$p"; sha256sum < "$p"; } | sha256sum | cut -d' ' -f1
	else
		echo absent
	fi
}

# Lists the files of a tree with their hashes, one per line: "hash path".
tree_files() {
	[ -d "$1" ] || return 0
	(cd -- "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum)
}

# The reference site: the repository's own inputs, rendered the way cases
# render by default. Seeds each case's out/ and judges "complete" pages.
REF=$WORK/ref
export REF
remove_tree "$WORK/cases"
rm -rf -- "$WORK/ref" "$WORK/cases" || { echo "cannot empty $WORK"; echo "0 passed, 1 failed"; exit 1; }
if ! "$VERSUS" --catalog "$REPO/catalog" --po "$REPO/po" --templates "$REPO/templates" \
	--out "$REF" --lang en --format html >"$WORK/ref.log" 2>&1; then
	echo "FAIL reference build: versus fails on the repository's own inputs:"
	sed 's/^/    /' "$WORK/ref.log"
	echo "0 passed, 1 failed"
	exit 1
fi
declare -A REFSUM=()
while read -r sum path; do
	REFSUM[$path]=$sum
done < <(tree_files "$REF")

# out/ before a run: a marker, a folder of our own and a few pages.
seed_out() {
	local out=$1 f
	mkdir -p -- "$out/keep"
	echo "this file was here before versus ran" > "$out/MARKER"
	echo "a folder versus does not know" > "$out/keep/NOTE"
	for f in index.html sitemap.xml assets/style.css en/index.html en/smtp/index.html; do
		mkdir -p -- "$out/$(dirname -- "$f")"
		cp -p -- "$REF/$f" "$out/$f"
	done
	# A stale page that differs from what versus would write.
	echo "<p>stale</p>" > "$out/en/status.html"
}

# Checks that every file of out/ that is new or changed since $1 (a
# tree_files listing) is a whole page: the same bytes as the reference
# site, or a page that ends as a page ends (</html>, </urlset>,
# </sitemapindex>). Prints what is wrong.
check_complete() {
	local before=$1 out=$2 sum path
	local -A was=()
	local odd=()
	[ -d "$out" ] || return 0
	if ! no_tmp "$out"; then
		echo "out/.versus-tmp was left behind"
	fi
	while read -r sum path; do
		was[$path]=$sum
	done < "$before"
	while read -r sum path; do
		[ "${was[$path]:-}" = "$sum" ] && continue
		[ "${REFSUM[$path]:-}" = "$sum" ] && continue
		case $path in
		*.html | */sitemap*.xml) odd+=("$out/${path#./}") ;;
		*) echo "out/${path#./} is new or changed and is not a page of the reference site" ;;
		esac
	done < <(tree_files "$out")
	[ ${#odd[@]} -eq 0 ] && return 0
	# The last line of each file, in one pass; an empty file has none.
	find "${odd[@]}" -empty -printf "%p is empty\n" | sed "s|^$out/|out/|"
	# shellcheck disable=SC2016 # an awk program
	printf '%s\0' "${odd[@]}" | xargs -0 awk '
		FNR == 1 && NR > 1 { check(file, last) }
		{ file = FILENAME; last = $0 }
		END { if (NR) check(file, last) }
		function check(f, l) {
			if (l !~ /^<\/(html|urlset|sitemapindex)>$/)
				print f " is not a complete page (it ends: " substr(l, 1, 60) ")"
		}' | sed "s|^$out/|out/|"
}

# A stderr line of versus: "path:line: message", "path: message" or
# "versus: message". versus runs in the case folder with relative paths, so
# path is one of its folders (catalog, po, templates, out) or below one.
line_ok() {
	[[ $1 =~ ^(versus|(catalog|po|templates|out)(/[^:[:space:]][^:]*)?)(:[0-9]+)?:\ [^[:space:]] ]]
}

run_case() {
	local src=$1 name
	name=$(basename -- "$src")
	local T=$WORK/cases/$name
	local why=() status=1 rc sub f
	mkdir -p -- "$T"

	if [ ! -f "$src/expect" ]; then
		why+=("the case has no expect file")
	fi
	[ -f "$src/status" ] && status=$(tr -d ' \n' < "$src/status")

	# Inputs: a copy of the repository's, then the overlay.
	for sub in catalog po templates; do
		cp -R -- "$REPO/$sub" "$T/$sub"
		[ -e "$src/$sub.delete" ] && rm -rf -- "${T:?}/$sub"
	done
	for sub in catalog po templates; do
		if [ -d "$src/$sub" ]; then
			mkdir -p -- "$T/$sub"
			cp -R -- "$src/$sub/." "$T/$sub/"
		fi
	done
	while IFS= read -r -d '' f; do
		rm -rf -- "${f%.delete}" "$f"
	done < <(find "$T/catalog" "$T/po" "$T/templates" -name '*.delete' -print0 2>/dev/null)

	seed_out "$T/out"

	if [ -f "$src/setup.sh" ]; then
		(cd -- "$T" && CASE=$src bash "$src/setup.sh") >"$T/setup.log" 2>&1
		rc=$?
		if [ $rc -eq 77 ]; then
			# The environment lacks what the case needs (setup.sh says what).
			echo "skip $name: $(tr "\n" " " < "$T/setup.log")"
			remove_tree "$T"
			return
		elif [ $rc -ne 0 ]; then
			why+=("setup.sh failed: $(tr "\n" " " < "$T/setup.log")")
		fi
	fi

	local args=()
	if [ -f "$src/args" ]; then
		local line
		line=$(head -n 1 -- "$src/args")
		eval "args=($line)"
	else
		args=(--lang en --format html)
	fi

	local before_hash before_files=$T/out-before.list
	before_hash=$(tree_hash "$T/out")
	tree_files "$T/out" > "$before_files"

	local kill=()
	[ -f "$src/kill-after" ] && kill=(timeout --preserve-status -s TERM -k 20 "$(tr -d ' \n' < "$src/kill-after")")
	(
		cd -- "$T" || exit 99
		# shellcheck disable=SC2046 # ulimit takes the words of the file
		[ -f ulimit ] && { ulimit $(cat ulimit) || exit 98; }
		exec timeout -k 10 "${VERSUS_CASE_TIMEOUT:-300}" "${kill[@]}" "$VERSUS" --catalog catalog --po po \
			--templates templates --out out "${args[@]}"
	) >"$T/stdout" 2>"$T/stderr"
	rc=$?

	if [ ${#why[@]} -eq 0 ]; then
		if [ $rc -eq 124 ]; then
			why+=("timed out after 300 s")
		elif [ $rc -ge 125 ]; then
			why+=("crashed or was killed (exit status $rc)")
		elif [ "$rc" != "$status" ]; then
			why+=("exit status $rc, expected $status")
		fi
		local expect
		expect=$(head -n 1 -- "$src/expect")
		if ! grep -qF -- "$expect" "$T/stderr"; then
			why+=("stderr lacks: $expect")
		fi
		if [ -f "$src/forbid" ]; then
			while IFS= read -r line; do
				[ -n "$line" ] && grep -qF -- "$line" "$T/stderr" &&
					why+=("stderr has what it must not: $line")
			done < "$src/forbid"
		fi
		local n=0
		while IFS= read -r line; do
			n=$((n + 1))
			line=${line##*$'\r'} # a progress line would be redrawn with \r
			[ "$status" = 2 ] && [ "$line" = "Try 'versus --help'." ] && continue
			if ! line_ok "$line"; then
				why+=("stderr line $n is not 'file:line: message': $line")
			fi
		done < "$T/stderr"
		if [ "$status" != 0 ] && [ ! -s "$T/stderr" ]; then
			why+=("nothing on stderr")
		fi
		local changes=none
		[ -f "$src/changes-out" ] && changes=$(head -n 1 -- "$src/changes-out" | cut -d' ' -f1)
		case $changes in
		none)
			if [ "$(tree_hash "$T/out")" != "$before_hash" ]; then
				why+=("out/ changed: $(diff <(cat "$before_files") <(tree_files "$T/out") |
					grep -c '^[<>]') files differ$(no_tmp "$T/out" || echo ", out/.versus-tmp* left")")
			fi ;;
		complete)
			while IFS= read -r line; do
				why+=("$line")
			done < <(check_complete "$before_files" "$T/out" | head -n 5) ;;
		*) : ;; # out/ may change in any way (a warning case)
		esac
		if [ -f "$src/verify.sh" ] && [ ${#why[@]} -eq 0 ]; then
			if ! (cd -- "$T" && CASE=$src bash "$src/verify.sh") >"$T/verify.log" 2>&1; then
				why+=("verify.sh: $(tr '\n' ' ' < "$T/verify.log")")
			fi
		fi
	fi

	unmount_under "$T"
	if [ ${#why[@]} -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok   $name"
		[ -n "${BAD_KEEP:-}" ] || remove_tree "$T"
	else
		failed=$((failed + 1))
		echo "FAIL $name (kept in $T)"
		for f in "${why[@]}"; do
			echo "     - $f"
		done
		echo "     stderr:"
		head -n 8 -- "$T/stderr" | cut -c1-300 | sed 's/^/       | /'
	fi
}

for src in "$CASES"/*/; do
	src=${src%/}
	name=$(basename -- "$src")
	if [ $# -gt 0 ]; then
		pick=false
		for g in "$@"; do
			# shellcheck disable=SC2053
			[[ $name == $g ]] && pick=true
		done
		$pick || continue
	fi
	run_case "$src"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || exit 1
# As the other suites (tests/lib.sh): a passing run leaves no scratch folder.
[ "${VERSUS_KEEP_WORK:-0}" = 1 ] || remove_tree "$WORK"
