mkdir seed && cp -a out/. seed/
if mount -t tmpfs -o size=4m tmpfs out 2>/dev/null; then
	cp -a seed/. out/ && mount -o remount,ro out || exit 1
	touch out/probe 2>/dev/null && exit 1
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	chmod -R a-w out && exit 0
fi
echo "needs mount, or a user other than root"
exit 77
