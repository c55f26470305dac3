#!/usr/bin/env bash
# Registry reconciliation: each catalogue catalog/<p>.xml against the registry
# snapshot tests/data/<...>.csv of its protocol (a fixed mapping, below).
#
#   bash tests/registry/run.sh VERSUS REPO WORK
#
# VERSUS is not used (the suite only reads files); REPO is the repository root.
# For every protocol of the mapping:
#   - the snapshot is well formed: a "#" comment header that says where it was
#     transcribed from and when (a date and the word "transcribed"), then the
#     header line Value,Description,Reference, then rows whose Value is a
#     number or a range "A-B" (ranges, such as unassigned or private-use
#     blocks, are documentation and are not expanded);
#   - every catalogue code is in the snapshot, unless the code says why not
#     with unlisted="..."; an unlisted code that is in the snapshot is stale;
#   - every number of the snapshot is a catalogue code, unless the catalogue
#     leaves it out with <omit number="N" reason="..."/>; an omit for a number
#     that the snapshot lacks or that the catalogue has is stale.
# A protocol with neither a catalogue nor a snapshot is skipped (not counted);
# one with only one of the two fails, and so does a catalogue without a mapping.
# Prints one line per check and, last, "N passed, M failed"; exits 1 if any
# check failed.
set -u
. "$(dirname "$0")/../lib.sh"

declare -A SNAPSHOT=(
	[dns]=dns-rcodes.csv
	[ftp]=ftp-replies.csv
	[grpc]=grpc-status-codes.csv
	[http]=http-status-codes.csv
	[smtp]=smtp-basic-codes.csv
	[websocket]=websocket-close-codes.csv
)

# reconcile CATALOGUE SNAPSHOT: one line per check, "ok|FAIL<TAB>what<TAB>detail".
reconcile() {
	python3 - "$1" "$2" <<'PYEOF'
import csv, re, sys
import xml.etree.ElementTree as ET

cat_path, csv_path = sys.argv[1], sys.argv[2]
checks = []  # (name, [problems])

def report(name, problems):
    checks.append((name, problems))

# --- the snapshot
problems = []
comments, lines = [], []
with open(csv_path, encoding="utf-8", newline="") as f:
    for line in f:
        if not lines and line.startswith("#"):
            comments.append(line)
        else:
            lines.append(line)
header = " ".join(comments)
if not comments:
    problems.append("no comment header naming the source")
else:
    if "transcribed" not in header.lower():
        problems.append('the comment header does not say "transcribed"')
    if not re.search(r"\b\d{4}-\d{2}-\d{2}\b", header):
        problems.append("the comment header has no date (YYYY-MM-DD)")
rows = list(csv.reader(lines))
if not rows or rows[0] != ["Value", "Description", "Reference"]:
    problems.append("the first line after the comments is not Value,Description,Reference")
    rows = rows[1:] if rows else []
else:
    rows = rows[1:]
snapshot = set()
for n, row in enumerate(rows, start=2):
    if not row:
        continue
    if len(row) != 3:
        problems.append(f"row {n} has {len(row)} fields, not 3")
        continue
    value = row[0].strip()
    m = re.fullmatch(r"(\d+)(?:-(\d+))?", value)
    if not m:
        problems.append(f"row {n}: value {value!r} is neither a number nor a range")
    elif m.group(2) is None:
        snapshot.add(int(m.group(1)))
    elif int(m.group(1)) > int(m.group(2)):
        problems.append(f"row {n}: range {value} runs backwards")
    if not row[1].strip() or not row[2].strip():
        problems.append(f"row {n}: empty Description or Reference")
report("the snapshot is well formed, with its source and date", problems)

# --- the catalogue
try:
    root = ET.parse(cat_path).getroot()
except ET.ParseError as e:
    for name in ("catalogue codes are in the snapshot or unlisted",
                 "snapshot numbers are in the catalogue or omitted",
                 "no unlisted code is in the snapshot",
                 "every omit is needed"):
        report(name, [f"cannot parse the catalogue: {e}"])
else:
    codes = {}
    for code in root.findall("code"):
        codes[int(code.get("number"))] = code.get("unlisted")
    omits = {int(o.get("number")): o.get("reason") for o in root.findall("omit")}

    report("catalogue codes are in the snapshot or unlisted",
           [f"{n} is not in the snapshot" for n in sorted(codes)
            if n not in snapshot and not codes[n]])
    report("snapshot numbers are in the catalogue or omitted",
           [f"{n} is not in the catalogue" for n in sorted(snapshot)
            if n not in codes and n not in omits])
    report("no unlisted code is in the snapshot",
           [f"{n} is unlisted but in the snapshot" for n in sorted(codes)
            if codes[n] and n in snapshot])
    stale = [f"omit {n}: not in the snapshot" for n in sorted(omits) if n not in snapshot]
    stale += [f"omit {n}: the catalogue has it" for n in sorted(omits) if n in codes]
    report("every omit is needed", stale)

for name, problems in checks:
    shown = "; ".join(problems[:20])
    if len(problems) > 20:
        shown += f"; and {len(problems) - 20} more"
    print(("FAIL" if problems else "ok") + "\t" + name + "\t" + shown)
PYEOF
}

for p in $(printf '%s\n' "${!SNAPSHOT[@]}" | LC_ALL=C sort); do
	cat=$REPO/catalog/$p.xml
	csv=$REPO/tests/data/${SNAPSHOT[$p]}
	if [ ! -e "$cat" ] && [ ! -e "$csv" ]; then
		echo "skip: $p (neither catalog/$p.xml nor tests/data/${SNAPSHOT[$p]} exists yet)"
		continue
	fi
	check "$p: catalog/$p.xml exists" test -f "$cat"
	check "$p: tests/data/${SNAPSHOT[$p]} exists" test -f "$csv"
	[ -f "$cat" ] && [ -f "$csv" ] || continue
	out=$(reconcile "$cat" "$csv" 2>&1)
	if [ -z "$out" ]; then
		fail "$p: reconciliation ran"
		continue
	fi
	while IFS=$'\t' read -r status what detail; do
		case $status in
		ok) ok "$p: $what" ;;
		FAIL) fail "$p: $what: $detail" ;;
		*) fail "$p: $status $what $detail" ;;
		esac
	done <<<"$out"
done

# Every catalogue is reconciled with some registry.
for cat in "$REPO"/catalog/*.xml; do
	p=$(basename "$cat" .xml)
	check "catalog/$p.xml has a registry snapshot in this suite's mapping" test -n "${SNAPSHOT[$p]:-}"
done

finish
