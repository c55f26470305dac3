f=out/tr/compare/smtp/211-system-status-vs-214-help-message.html
grep -q '<title lang="en">SMTP 211 System Status vs 214 Help Message</title>' "$f" && ! grep -q 'c.code' "$f"
