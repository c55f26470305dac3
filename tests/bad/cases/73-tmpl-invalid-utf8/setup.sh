sed -i '2s/BYTES/\xc0\xaf/' templates/footer.html
grep -q $'\xc0' templates/footer.html
