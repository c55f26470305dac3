#!/usr/bin/python3
"""scripts.py OUT: on sampled pages of every language, each text is in the
language its element says (lang=, inherited):
 - nothing marked as a language is written in another script (an English
   sentence marked "ja", Cyrillic marked "en");
 - nothing marked "en" is written in the page language's own script;
 - no run of English words inside text marked as another language written
   in Latin script (tr, de, …), quotations and code aside."""
import html.parser
import os
import re
import sys
import unicodedata

out = sys.argv[1]
SCRIPT_OF = {"ru": "CYRILLIC", "ja": "CJK", "zh-Hans": "CJK", "ko": "HANGUL",
             "ar": "ARABIC", "hi": "DEVANAGARI", "th": "THAI"}
EN_WORDS = set("""the and of is to in that when with for this are not an be by
from or it as on was which your you can its have has will must if then than
their they been only into after before while during does do""".split())
PAGES = ["index.html", "status.html", "search.html", "http/index.html",
         "smtp/550-mailbox-not-found.html", "http/404-not-found.html",
         "compare/smtp/334-server-challenge-vs-556-domain-no-mail.html",
         "compare/http/401-unauthorized-vs-403-forbidden.html",
         "compare/dns/2-servfail-vs-3-nxdomain.html"]


def script(ch):
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    for s in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "CYRILLIC", "ARABIC",
              "DEVANAGARI", "THAI", "LATIN"):
        if name.startswith(s) or (" " + s + " ") in name:
            return "CJK" if s in ("HIRAGANA", "KATAKANA") else s
    return None


def strip_quotes(t):
    return re.sub(r'"[^"]*"|“[^”]*”|«[^»]*»|„[^“”]*[“”]|「[^」]*」|『[^』]*』|‘[^’]*’', " ", t)


class Page(html.parser.HTMLParser):
    VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, lang, skip)
        self.root_lang = None
        self.texts = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.root_lang = a.get("lang")
        lang = a.get("lang") or (self.stack[-1][1] if self.stack else None)
        skip = tag in ("code", "script", "style", "title") or bool(self.stack and self.stack[-1][2])
        if tag in self.VOID:
            return
        self.stack.append((tag, lang, skip))

    def handle_endtag(self, tag):
        while self.stack:
            t = self.stack.pop()
            if t[0] == tag:
                break

    def handle_data(self, data):
        if not self.stack or self.stack[-1][2] or not data.strip():
            return
        self.texts.append((self.stack[-1][1], data))


bad = []
langs = sorted(d for d in os.listdir(out) if os.path.isdir(os.path.join(out, d, "smtp")))
for folder in langs:
    for rel in PAGES:
        path = os.path.join(out, folder, rel)
        if not os.path.exists(path):
            bad.append(f"{path}: missing")
            continue
        p = Page()
        p.feed(open(path, encoding="utf-8").read())
        page_lang = p.root_lang
        own = SCRIPT_OF.get(page_lang)
        for lang, text in p.texts:
            t = strip_quotes(text)
            scripts = {}
            for ch in t:
                s = script(ch)
                if s:
                    scripts[s] = scripts.get(s, 0) + 1
            letters = sum(scripts.values())
            if not letters:
                continue
            want = SCRIPT_OF.get(lang, "LATIN")
            # An English sentence marked as a non-Latin language.
            words = re.findall(r"[A-Za-z]+", t)
            en = sum(1 for w in words if w.lower() in EN_WORDS)
            if want != "LATIN" and en >= 3 and scripts.get("LATIN", 0) > letters * 0.8:
                bad.append(f"{path}: marked {lang} but English: {text.strip()[:70]!r}")
            # The page's script marked as English.
            if lang == "en" and own and scripts.get(own, 0) > letters * 0.3:
                bad.append(f"{path}: marked en but in {own}: {text.strip()[:70]!r}")
            # A run of English words in text marked as a Latin-script language.
            if want == "LATIN" and lang and lang != "en":
                run = best = 0
                for w in re.findall(r"[^\W\d_]+", t):
                    run = run + 1 if w.lower() in EN_WORDS else 0
                    best = max(best, run)
                if best >= 3:
                    bad.append(f"{path}: marked {lang}, English run: {text.strip()[:70]!r}")
for b in bad[:60]:
    print(b)
if len(bad) > 60:
    print(f"... and {len(bad) - 60} more")
print(f"{len(langs)} languages, {len(langs) * len(PAGES)} pages, {len(bad)} problems")
sys.exit(1 if bad else 0)
