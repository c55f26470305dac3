#!/usr/bin/python3
"""unchanged.py PO ALLOWED: fail if a translated msgstr equals its msgid
where ALLOWED (unchanged.txt) does not say it may."""
import fnmatch
import re
import sys

import polib

po, allowed_file = sys.argv[1], sys.argv[2]
allowed = [l.strip() for l in open(allowed_file, encoding="utf-8")
           if l.strip() and not l.startswith("#")]
lang = re.sub(r"\.po$", "", po.rsplit("/", 1)[-1])
patterns = []  # (context pattern, msgid or None)
for a in allowed:
    if a == "ref-title":
        continue
    if ":" in a.split("=")[0].split("/")[0]:
        only, a = a.split(":", 1)
        if only != lang:
            continue
    ctx, _, msgid = a.partition("=")
    patterns.append((re.compile("^" + re.escape(ctx).replace(r"\*", "[^/]*") + "$"),
                     msgid or None))
# "RFC 9110 §10.2.2: Location", "RFC 5321 §4.1.1.8: HELP (HELP)",
# "RFC 9110 §15.3.1: 200 OK", "grpc/doc/statuscodes.md"
ident_title = re.compile(r"^(RFC \d+ §[\d.]+: )?([A-Z][A-Za-z0-9-]*( \([A-Z]+\))?"
                         r"|\d{3} \(?[A-Z][A-Za-z'-]*\)?( [A-Za-z][A-Za-z'-]*)*|[a-z/]+\.md)$")
bad = []
for e in polib.pofile(po):
    if e.obsolete or e.fuzzy or not e.msgstr or e.msgid_plural:
        continue
    if e.msgstr != e.msgid:
        continue
    ctx = e.msgctxt or ""
    if any(p.match(ctx) and (m is None or m == e.msgid) for p, m in patterns):
        continue
    if "ref-title" in allowed and ctx.endswith("/ref") and ident_title.match(e.msgid):
        continue
    bad.append(f"{po}:{e.linenum}: {ctx}: {e.msgid[:60]!r} is not translated")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
