awk 'BEGIN{skip=0} /^msgctxt "lang.name"/{print; getline; print; getline; print "msgstr \"\""; next} {print}' po/tr.po > po/tr.tmp && mv po/tr.tmp po/tr.po
