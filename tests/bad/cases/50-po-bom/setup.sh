{ printf '\xef\xbb\xbf'; cat po/tr.po; } > po/tr.tmp && mv po/tr.tmp po/tr.po
