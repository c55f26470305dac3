test -f out/en/zz/200-okay.html && test -f out/en/compare/zz/200-okay-vs-500-broken.html
