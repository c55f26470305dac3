big=$(head -c 1048576 /dev/zero | tr "\0" a)
{
	head -n 14 catalog/zz.xml
	printf "    <description>The request %s failed.</description>\n" "$big"
	tail -n +16 catalog/zz.xml
} > catalog/zz.tmp && mv catalog/zz.tmp catalog/zz.xml
test "$(wc -c < catalog/zz.xml)" -gt 1048576
