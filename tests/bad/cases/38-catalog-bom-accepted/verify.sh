cmp "$REF/en/smtp/index.html" out/en/smtp/index.html
