echo "SECRET-7f3a9c" > secret.txt
