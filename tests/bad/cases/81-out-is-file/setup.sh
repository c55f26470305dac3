rm -rf out && echo "a file, not a folder" > out
