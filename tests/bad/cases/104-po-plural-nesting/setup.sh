# 300,000 nested parentheses in tr.po's Plural-Forms.
/usr/bin/python3 - <<'PY'
import re
p = "po/tr.po"
s = open(p, encoding="utf-8").read()
deep = "(" * 300000 + "n" + ")" * 300000
s = re.sub(r'"Plural-Forms: [^"]*"', '"Plural-Forms: nplurals=2; plural=' + deep + ';\\\\n"', s, count=1)
open(p, "w", encoding="utf-8").write(s)
PY
