# Shared by the shell suites: pass/fail counting and a copy of the inputs.
# Each suite is called as: bash suite.sh VERSUS REPO WORK
VERSUS=$(realpath "$1"); REPO=$(realpath "$2"); WORK=$3
rm -rf "$WORK" && mkdir -p "$WORK" && WORK=$(realpath "$WORK")
PASSED=0; FAILED=0

ok()   { PASSED=$((PASSED + 1)); echo "ok: $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
# A suite that passed empties its scratch folder (a full run's folders
# would otherwise hold gigabytes) but for $KEEP, a folder in it meant to be
# looked at (the site suite's screenshots); one that failed keeps it all,
# as does any run with VERSUS_KEEP_WORK=1.
KEEP=
finish() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ] || return 1
	[ "${VERSUS_KEEP_WORK:-0}" = 1 ] && return 0
	chmod -R u+w "$WORK" 2>/dev/null
	find "$WORK" -mindepth 1 -maxdepth 1 ! -name "${KEEP:-/}" -exec rm -rf {} + 2>/dev/null
	return 0
}

# inputs DIR: a fresh copy of the repository's catalogue, po and templates.
inputs() { mkdir -p "$1" && cp -r "$REPO/catalog" "$REPO/po" "$REPO/templates" "$1/"; }
# versus_in DIR ARGS...: run versus on the inputs of DIR.
versus_in() {
	local dir=$1; shift
	"$VERSUS" --catalog "$dir/catalog" --po "$dir/po" --templates "$dir/templates" "$@"
}
# tree_hash DIR: one hash of every file's path and bytes.
tree_hash() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum | sha256sum); }

# True if the tree at $1 holds no build's temporary folder (.versus-tmp*).
no_tmp() { ! compgen -G "$1/.versus-tmp*" >/dev/null; }

# Waits (up to 20 s) until process $1 catches SIGINT and SIGTERM (bits 2 and
# 15 of SigCgt in /proc), so that a signal sent next reaches versus's
# handler and not the default action of a process still starting (the
# dynamic loader, a sanitizer's runtime on a busy machine).
handlers_ready() {
	local mask _
	for _ in $(seq 200); do
		mask=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
		[ -n "$mask" ] || return 1
		(((16#$mask & 0x4002) == 0x4002)) && return 0
		sleep 0.1
	done
	return 1
}
