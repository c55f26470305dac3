sed -i '15s|failed|fa\xc3\x28iled|' catalog/zz.xml
grep -q $'\xc3\x28' catalog/zz.xml
