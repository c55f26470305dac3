#!/usr/bin/env bash
# Nothing injected: markup, script URLs and attribute-breaking quotes put
# into catalogue fields and translations reach no page as markup.
set -u
. "$(dirname "$0")/../lib.sh"

W=$WORK/in; inputs "$W"
cat=$W/catalog/smtp.xml
# Catalogue: name and ref label (plain text), description, when and fix
# (Markdown) of 334.
sed -i \
  -e 's|<name>Server Challenge</name>|<name>Server "Challenge" \&lt;script\&gt;alert(1)\&lt;/script\&gt; '"'"'q</name>|' \
  -e 's|The server is issuing an authentication challenge as part of the SASL authentication exchange. The response|The server \&lt;img src=x onerror=alert(2)\&gt; is issuing [a](javascript:alert(3)) [b](data:text/html;base64,PHNjcmlwdD4=) [c](data:image/png;base64,AAAA) ![d](javascript:alert(4)) \&lt;a href="javascript:alert(5)"\&gt;x\&lt;/a\&gt; challenge. The response|' \
  -e 's|During the AUTH command handshake.|During the AUTH \&lt;script\&gt;alert(6)\&lt;/script\&gt; handshake.|' \
  -e 's|Respond with the appropriate Base64-encoded credentials.|Respond \&lt;iframe src="javascript:alert(7)"\&gt;\&lt;/iframe\&gt; with credentials.|' \
  -e 's|RFC 4954 §4: The AUTH Command|RFC 4954 "\&gt;\&lt;script\&gt;alert(8)\&lt;/script\&gt;|' \
  "$cat"
check "the payloads are in the catalogue" grep -q 'onerror=alert(2)' "$cat"
# Translations: a heading, the language name, a catalogue text.
po=$W/po/tr.po
awk '
	/^msgctxt "compare.heading.description"/ { h = 1 }
	/^msgctxt "lang.name"/ { l = 1 }
	h && /^msgstr/ { print "msgstr \"<script>alert(9)</script>Açıklama\""; h = 0; skip = 1; next }
	l && /^msgstr/ { print "msgstr \"Türkçe\\\" onmouseover=\\\"alert(10)\""; l = 0; skip = 1; next }
	skip && /^"/ { next }
	{ skip = 0; print }' "$po" >"$po.new" && mv "$po.new" "$po"
awk '
	/^msgctxt "smtp\/556\/fix"/ { f = 1 }
	f && /^msgstr/ { print "msgstr \"Kontrol <script>alert(11)</script> [x](javascript:alert(12)) [y](JAVASCRIPT:alert(13)) [z](data:text/html,alert(14)).\""; f = 0; skip = 1; next }
	skip && /^"/ { next }
	{ skip = 0; print }' "$po" >"$po.new" && mv "$po.new" "$po"
check "the payloads are in tr.po" grep -q 'alert(11)' "$po"

versus_in "$W" --out "$W/out" --lang en,tr -j 2 2>"$W/err"
check "the site builds" test $? -eq 0
O=$W/out
pages=$(find "$O/en/compare/smtp" "$O/tr/compare/smtp" "$O/en/smtp" "$O/tr/smtp" "$O/tr/index.html" "$O/index.html" -name '*334-server-challenge*' -o -name '*556-domain-no-mail*' -o -name 'index.*' | sort -u)
n=$(echo "$pages" | wc -l)
check "pages to search ($n)" test "$n" -gt 100
# What no page may hold, case-insensitively: tags of the payloads, script
# and data URLs, and a quote that leaves an attribute.
# versus's own scripts (the search, JSON-LD) aside.
own='<script src="[^"]*\(assets/search\.js\|search-index\.js\)" defer></script>\|<script type="application/ld+json">.*</script>'
for bad in '<script' '<img' '<iframe' '<a href="javascript' 'javascript:' 'data:text' 'data:image' \
	   '" onmouseover=' "' onmouseover=" 'onmouseover="alert'; do
	hits=$(for f in $pages; do sed "s#$own##g" "$f" | grep -qiF -- "$bad" && echo "$f"; done | head -3)
	check "no page holds '$bad'" test -z "$hits"
	[ -z "$hits" ] || echo "   in: $hits"
done
# The payloads are shown as text instead.
page=$O/tr/compare/smtp/334-server-challenge-vs-556-domain-no-mail.html
check "a name's markup shows as text" grep -qF 'Server &quot;Challenge&quot; &lt;script&gt;alert(1)&lt;/script&gt;' "$page"
check "a heading's markup shows as text" grep -qF '&lt;script&gt;alert(9)&lt;/script&gt;Açıklama' "$page"
check "the language name stays in its attribute" grep -qF 'Türkçe&quot; onmouseover=&quot;alert(10)' "$page"
check "a https link stays" grep -qF 'href="https://www.rfc-editor.org/rfc/rfc4954#section-4"' "$page"
md=${page%.html}.md
check "Markdown pages carry the name as text" grep -qF 'Server "Challenge" &lt;script&gt;alert(1)&lt;/script&gt;' "$md"

# Each format read by its own parser: YAML front matter, Markdown through
# cmark without safe mode, XML sitemaps, JSON-LD, the search index.
command -v cmark >/dev/null || { SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo;
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cmark >/dev/null 2>&1; }
check "every output file parses in its own format, with nothing live in it" \
	/usr/bin/python3 "$(dirname "$0")/formats.py" "$O"

# A base URL built to break a format is refused, not written.
for url in 'https://x.org/a&b/' 'https://x.org/"/' "https://x.org/'/" 'https://x.org/a b/' \
	   'https://x.org/<b>/' 'https://x.org/\`x\`/' 'https://x.org/a#b/' 'https://x.org/[x](y)/'; do
	versus_in "$W" --out "$W/url" --lang en --base-url "$url" --format html >/dev/null 2>&1
	check "--base-url '$url' is refused as usage (2)" test $? -eq 2
done
versus_in "$W" --out "$W/url" --lang en,tr --base-url 'https://x.org/a(b)*c;d=e/' -j 2 >/dev/null 2>&1
check "an unusual but valid base URL builds" test $? -eq 0
check "... and every file still parses in its format" /usr/bin/python3 "$(dirname "$0")/formats.py" "$W/url"

finish
