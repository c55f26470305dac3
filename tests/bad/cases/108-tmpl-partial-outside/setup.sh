echo extra > extra.html
sed -i 's|<footer class="site">|<footer class="site">{{>../extra}}|' templates/footer.html
