# Shared by the shell suites: pass/fail counting and a copy of the inputs.
# Each suite is called as: bash suite.sh VERSUS REPO WORK
VERSUS=$(realpath "$1"); REPO=$(realpath "$2"); WORK=$3
rm -rf "$WORK" && mkdir -p "$WORK" && WORK=$(realpath "$WORK")
PASSED=0; FAILED=0

ok()   { PASSED=$((PASSED + 1)); echo "ok: $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
finish() { echo "$PASSED passed, $FAILED failed"; [ "$FAILED" -eq 0 ]; }

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
