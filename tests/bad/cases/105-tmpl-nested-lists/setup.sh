o=""; c=""
for i in $(seq 1 20); do o="$o{{#protocols}}"; c="{{/protocols}}$c"; done
sed -i "s|<footer class=\"site\">|<footer class=\"site\">$o$c|" templates/footer.html
