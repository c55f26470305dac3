sed -i '0,/<name>NOERROR<\/name>/s//<name>NO \& ERROR<\/name>/' catalog/dns.xml
