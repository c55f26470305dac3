#!/usr/bin/env bash
# The translators' workflow: update-po, fuzzy and placeholder fallbacks,
# headings of every language, plural forms, page counts, po-stats.
set -u
. "$(dirname "$0")/../lib.sh"

# --- make update-po: idempotent, and a new code reaches the pot and the po files.
W=$WORK/update; inputs "$W"; cp "$REPO/Makefile" "$W/"
make -s -C "$W" update-po VERSUS="$VERSUS" >"$W/log1" 2>&1
check "update-po runs" test $? -eq 0
before=$(cd "$W" && sha256sum po/*)
sleep 1
make -s -C "$W" update-po VERSUS="$VERSUS" >"$W/log2" 2>&1
after=$(cd "$W" && sha256sum po/*)
check "a second update-po changes no file" test "$before" = "$after"
check "the shipped po files are up to date with the sources" \
	diff -r -q -I '^"POT-Creation-Date:' "$REPO/po" "$W/po"
sed -i 's|</protocol>|  <code number="599" slug="test-code" standing="standard">\n    <name>Test Code</name>\n    <description>The test code is new.</description>\n    <when>When a test adds it.</when>\n    <fix>Nothing to fix.</fix>\n    <ref href="https://www.rfc-editor.org/rfc/rfc5321">RFC 5321</ref>\n  </code>\n</protocol>|' "$W/catalog/smtp.xml"
make -s -C "$W" update-po VERSUS="$VERSUS" >"$W/log3" 2>&1
check "a new code's texts reach the pot" grep -q '^msgctxt "smtp/599/description"' "$W/po/versus.pot"
check "... and every po file" grep -q '^msgctxt "smtp/599/when"' "$W/po/tr.po" "$W/po/zh_Hans.po"
check "... with a translator's comment" grep -B3 '^msgctxt "smtp/599/fix"' "$W/po/versus.pot" | grep -q '^#\. How to fix'
check "template strings are flagged python-brace-format" \
	grep -A2 '^#, python-brace-format' "$W/po/versus.pot" | grep -q 'msgctxt "compare.intro.different"'

# --- make: only a LANG= on make's command line picks languages, and no
# child ever gets it as its locale.
printf 'show: ; @echo "$$LANG|$(SITE_LANGS)"\n' >"$WORK/show.mk"
m() { make -s -C "$REPO" -f Makefile -f "$WORK/show.mk" show "$@"; }
check "make LANG=tr picks tr and hands children C.UTF-8" test "$(m LANG=tr)" = "C.UTF-8|tr"
check "make LANG=tr,vi picks both" test "$(m LANG=tr,vi)" = "C.UTF-8|tr,vi"
check "a LANG locale in the environment picks no language" test "$(LANG=tr_TR.UTF-8 m)" = "tr_TR.UTF-8|"

# --- the shipped po files: valid, with proper headers.
for po in "$REPO"/po/*.po; do
	name=$(basename "$po" .po)
	check "$name.po passes msgfmt -c --check-format" msgfmt -c --check-format -o /dev/null "$po"
	check "$name.po has Language, Plural-Forms and UTF-8" \
		bash -c "grep -q '^\"Language: ' '$po' && grep -q '^\"Plural-Forms: nplurals=' '$po' && grep -q 'charset=UTF-8' '$po'"
done

# --- fuzzy entries and broken placeholders fall back to English.
W=$WORK/fallback; inputs "$W"
# Mark the Turkish "How to Fix" heading fuzzy and break a placeholder.
awk '/^msgctxt "compare.heading.fix"/ { print "#, fuzzy" } { print }' "$W/po/tr.po" >"$W/tr" && mv "$W/tr" "$W/po/tr.po"
line=$(grep -n '^msgctxt "protocol.meta"' "$W/po/tr.po" | cut -d: -f1)
awk -v from="$line" 'NR >= from && /^msgstr/ { on = 1 } on && !done && /{proto}/ { sub(/{proto}/, "{protokol}"); done = 1 } { print }' \
	"$W/po/tr.po" >"$W/tr" && mv "$W/tr" "$W/po/tr.po"
versus_in "$W" --out "$W/out" --lang tr --format html -j 2 2>"$W/err"
check "a refused translation is a warning, not a failure" test $? -eq 0
msgstr_line=$(awk -v from="$line" 'NR >= from && /^msgstr/ { print NR; exit }' "$W/po/tr.po")
check "the refusal names po/tr.po and the msgstr line" grep -q "po/tr.po:$msgstr_line: warning: translation of \"Every {proto} reply code" "$W/err"
page=$W/out/tr/compare/smtp/334-server-challenge-vs-556-domain-no-mail.html
check "a fuzzy heading shows in English, marked English" grep -q '<h3 lang="en">How to Fix</h3>' "$page"
check "... the other headings stay Turkish" grep -q '<h3>Açıklama</h3>' "$page"
check "a refused translation shows in English" grep -q 'content="Every SMTP reply code' "$W/out/tr/smtp/index.html"
versus_in "$W" --stats --lang tr >"$W/stats"
check "--stats counts the fuzzy entry" awk '$1 == "tr" && $3 == 1 { f = 1 } END { exit !f }' "$W/stats"

# --- every language's headings, exactly as on the source site (SPEC).
W=$WORK/all; inputs "$W"
versus_in "$W" --out "$W/out" --format html -j 2 2>"$W/err"
check "the whole site renders" test $? -eq 0
while IFS='|' read -r lang h; do
	[ -n "$lang" ] || continue
	page=$W/out/$lang/compare/smtp/334-server-challenge-vs-556-domain-no-mail.html
	IFS=';' read -ra want <<<"$h"
	for x in "${want[@]}"; do
		[ "$x" = "—" ] && continue
		grep -qF ">$x</h" "$page" || { fail "$lang heading '$x'"; continue 2; }
	done
	ok "$lang compare headings"
done <<'EOF2'
en|Description;When You See It;How to Fix;Key Differences;When to Use Which;Learn More
tr|Açıklama;Gördüğünüzde;Nasıl Düzeltilir;Temel Farklar;Hangisini Ne Zaman Kullanmalı;Daha Fazla Öğren
vi|Mô tả;Khi bạn thấy mã này;Cách khắc phục;Sự khác biệt chính;Khi nào dùng cái nào;Tìm hiểu thêm
id|Deskripsi;Ketika Anda Melihatnya;Cara Memperbaiki;Perbedaan Utama;Kapan Menggunakan Yang Mana;Pelajari Lebih Lanjut
de|Beschreibung;Wann Sie es sehen;Wie man es behebt;Wesentliche Unterschiede;Wann welchen verwenden;—
es|Descripción;Cuándo lo verás;Cómo solucionarlo;Diferencias clave;Cuándo usar cada uno;Saber más
ru|Описание;Когда вы это видите;Как исправить;Ключевые различия;Когда что использовать;—
ja|説明;このコードが表示される場合;解決方法;主な違い;どちらをいつ使うか;—
hi|विवरण;जब आप इसे देखें;कैसे ठीक करें;मुख्य अंतर;कब किसका उपयोग करें;—
fr|Description;Quand vous le voyez;Comment résoudre;Différences clés;Quand utiliser lequel;En savoir plus
pt|Descrição;Quando você o vê;Como corrigir;Diferenças principais;Quando usar qual;Saiba mais
ko|설명;이 코드를 보게 되는 경우;해결 방법;주요 차이점;언제 어떤 것을 사용할지;더 알아보기
ar|الوصف;متى تراه;كيفية الإصلاح;الفروق الرئيسية;متى تستخدم أيًا منهما;—
zh-hans|描述;何时出现;如何修复;主要区别;何时使用哪个;—
th|คำอธิบาย;เมื่อคุณพบเห็น;วิธีแก้ไข;ความแตกต่างหลัก;ควรใช้อันไหนเมื่อไร;เรียนรู้เพิ่มเติม
EOF2
while IFS='|' read -r lang h; do
	[ -n "$lang" ] || continue
	page=$W/out/$lang/smtp/550-mailbox-not-found.html
	IFS=';' read -ra want <<<"$h"
	for x in "${want[@]}"; do
		grep -qF ">$x</h2>" "$page" || { fail "$lang code-page heading '$x'"; continue 2; }
	done
	ok "$lang code-page headings"
done <<'EOF2'
en|When You See This Code;How to Fix;Specifications;Compare With
tr|Bu Kodu Gördüğünüzde;Karşılaştır
id|Ketika Anda Melihat Kode Ini;Bandingkan Dengan;Spesifikasi
es|Cuándo verás este código;Especificación
pt|Quando você vê este código
ko|이 코드를 보게 되는 경우;비교 대상;명세
zh-hans|当您看到此代码时;与之对比
EOF2
check "Arabic pages are right to left" grep -q '<html lang="ar" dir="rtl">' "$W/out/ar/index.html"
check "zh_Hans.po is served as zh-hans with lang zh-Hans" grep -q '<html lang="zh-Hans"' "$W/out/zh-hans/index.html"

# --- counts use the language's plural forms (Russian: 37 → form 2, 21 → form 0).
plural() { # po ctx n-form → the msgstr[form] with {n} as given
	awk -v ctx="msgctxt \"$2\"" -v form="msgstr[$3]" '
		$0 == ctx { on = 1 } on && index($0, form) == 1 { sub(/^msgstr\[[0-9]\] "/, ""); sub(/"$/, ""); print; exit }' "$1"
}
n=$(grep -c '<code number=' "$REPO/catalog/smtp.xml")
form=$(( n%10==1 && n%100!=11 ? 0 : (n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20)) ? 1 : 2 ))
want=$(plural "$REPO/po/ru.po" protocol.codes $form); want=${want//\{n\}/$n}
check "Russian count uses plural form $form: '$want'" grep -qF "$want" "$W/out/ru/smtp/index.html"

# --- n codes give n(n-1)/2 comparison pages per language (and as many redirects).
W=$WORK/counts; inputs "$W"
versus_in "$W" --out "$W/out" --lang en,tr -j 2 2>/dev/null
for cat in "$REPO"/catalog/*.xml; do
	proto=$(basename "$cat" .xml); n=$(grep -c '<code number=' "$cat")
	for lang in en tr; do
		md=$(find "$W/out/$lang/compare/$proto" -name '*.md' ! -name index.md | wc -l)
		html=$(find "$W/out/$lang/compare/$proto" -name '*.html' ! -name index.html | wc -l)
		check "$lang $proto: $n codes give $((n*(n-1)/2)) comparisons" \
			test "$md" -eq $((n*(n-1)/2)) -a "$html" -eq $((n*(n-1)))
		codes=$(find "$W/out/$lang/$proto" -maxdepth 1 -name '*.html' ! -name index.html | wc -l)
		check "$lang $proto: $n code pages" test "$codes" -eq "$n"
	done
done

# --- a code added to the catalogue appears in every language.
sed -i 's|</protocol>|  <code number="599" slug="test-code" standing="standard">\n    <name>Test Code</name>\n    <description>The test code is new.</description>\n    <when>When a test adds it.</when>\n    <fix>Nothing to fix.</fix>\n    <ref href="https://www.rfc-editor.org/rfc/rfc5321">RFC 5321</ref>\n  </code>\n</protocol>|' "$W/catalog/smtp.xml"
versus_in "$W" --out "$W/out" --lang en,tr -j 2 2>/dev/null
check "a new code's page appears in every language" \
	test -f "$W/out/en/smtp/599-test-code.html" -a -f "$W/out/tr/smtp/599-test-code.md"
check "... and its comparisons" test -f "$W/out/tr/compare/smtp/550-mailbox-not-found-vs-599-test-code.html"

finish
