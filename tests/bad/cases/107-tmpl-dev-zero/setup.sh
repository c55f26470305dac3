rm -f templates/footer.html && ln -s /dev/zero templates/footer.html
