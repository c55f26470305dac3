#!/usr/bin/python3
"""formats.py OUT: every output file read with its own format's parser.
 - .md: the YAML front matter parses (PyYAML) to a mapping of strings and
   lists; the body, rendered by cmark without its safe mode (as another
   renderer might), has no <script>, <img>, <iframe> and no javascript:
   or data: link;
 - .html: each JSON-LD block is JSON; no script but versus's own two
   and search.html's line that marks a search before the first paint;
 - sitemap*.xml: well-formed XML (xmllint);
 - search-index.js: a call whose argument is JSON but for the one
   '...' string of a name's language (checked with node)."""
import json
import os
import re
import subprocess
import sys

import yaml

out = sys.argv[1]
bad = []
OWN_SCRIPT = re.compile(r'<script src="[^"<>]*(assets/search\.js|search-index\.js)" defer></script>')
# search.html's one inline script, exactly as the template has it.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "templates", "search.html"),
          encoding="utf-8") as t:
    m = re.search(r"^<script>[^<]*</script>$", t.read(), re.M)
SEARCHING = m.group(0) if m else "\0"
LDJSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
EVIL = re.compile(r'<script|<img|<iframe|href="\s*(javascript|data):|src="\s*(javascript|data):', re.I)
md_files, html_files, xml_files, js_files = [], [], [], []
for root, dirs, files in os.walk(out):
    dirs[:] = [d for d in dirs if not d.startswith(".")]
    for f in files:
        p = os.path.join(root, f)
        (md_files if f.endswith(".md") else html_files if f.endswith(".html") else
         xml_files if f.endswith(".xml") else js_files if f.endswith("search-index.js") else []).append(p)

for p in html_files:
    s = open(p, encoding="utf-8").read()
    for m in LDJSON.finditer(s):
        try:
            json.loads(m.group(1))
        except ValueError as e:
            bad.append(f"{p}: JSON-LD does not parse: {e}")
    rest = OWN_SCRIPT.sub("", LDJSON.sub("", s)).replace(SEARCHING, "")
    m = EVIL.search(rest)
    if m:
        bad.append(f"{p}: {rest[max(0, m.start() - 40):m.end() + 40]!r}")

for p in md_files:
    s = open(p, encoding="utf-8").read()
    if not s.startswith("---\n"):
        bad.append(f"{p}: no front matter")
        continue
    front, _, body = s[4:].partition("\n---\n")
    try:
        fm = yaml.safe_load(front)
        if not isinstance(fm, dict) or not isinstance(fm.get("title", ""), str):
            bad.append(f"{p}: front matter is not a mapping with a text title")
    except yaml.YAMLError as e:
        bad.append(f"{p}: front matter does not parse: {e}")
    html = subprocess.run(["cmark", "--unsafe"], input=body, capture_output=True,
                          text=True, check=True).stdout
    m = EVIL.search(html)
    if m:
        bad.append(f"{p}: cmark --unsafe makes {html[max(0, m.start() - 40):m.end() + 40]!r}")

for p in xml_files:
    r = subprocess.run(["xmllint", "--noout", p], capture_output=True, text=True)
    if r.returncode:
        bad.append(f"{p}: not well-formed XML: {r.stderr[:200]}")

for p in js_files:
    r = subprocess.run(["node", "-e",
                        "let n=0; global.versusSearch=a=>{n=a.filter(Boolean).length};"
                        "eval(require('fs').readFileSync(process.argv[1],'utf8'));"
                        "if(!n) process.exit(1)", p], capture_output=True, text=True)
    if r.returncode:
        bad.append(f"{p}: does not run as JavaScript: {r.stderr[:200]}")

for b in bad[:40]:
    print(b)
print(f"{len(html_files)} html, {len(md_files)} md, {len(xml_files)} xml, {len(js_files)} js: {len(bad)} problems")
sys.exit(1 if bad else 0)
