mkdir seed && cp -a out/. seed/
if mount -t tmpfs -o size=1m tmpfs out 2>/dev/null; then
	cp -a seed/. out/
else
	echo "-f 40" > ulimit
fi
