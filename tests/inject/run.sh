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
for bad in '<script' '<img' '<iframe' '<a href="javascript' 'javascript:' 'data:text' 'data:image' \
	   '" onmouseover=' "' onmouseover=" 'onmouseover="alert'; do
	hits=$(echo "$pages" | xargs grep -il -F -- "$bad" 2>/dev/null | head -3)
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

finish
