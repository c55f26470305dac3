sed -i 's/charset=UTF-8/charset=ISO-8859-9/' po/tr.po
iconv -f UTF-8 -t ISO-8859-9 po/tr.po > po/tr.tmp && mv po/tr.tmp po/tr.po
grep -q $'\xfd' po/tr.po # ı in ISO-8859-9
