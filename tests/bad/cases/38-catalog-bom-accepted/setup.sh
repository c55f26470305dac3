{ printf '\xef\xbb\xbf'; cat catalog/smtp.xml; } > catalog/smtp.tmp && mv catalog/smtp.tmp catalog/smtp.xml
