{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<protocol id="zz" name="ZZ">'
	echo '  <summary>A long protocol.</summary>'
	echo '  <class prefix="">All</class>'
	for i in $(seq 100 499); do
		echo "  <code number=\"$i\" slug=\"c$i\" standing=\"standard\"><name>Code $i</name>"
		echo "    <description>The code $i.</description><when>When $i.</when>"
		echo "    <fix>Fix $i.</fix><ref href=\"https://example.org/$i\">Ref $i</ref></code>"
	done
	echo '</protocol>'
} > catalog/zz.xml
