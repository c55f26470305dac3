rm -f templates/footer.html && mkfifo templates/footer.html
