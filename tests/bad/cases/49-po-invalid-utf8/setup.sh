sed -i '21s/BYTES/\xff\xfe/' po/tr.po
grep -q $'\xff' po/tr.po
