sed -i '0,/<fix>.*<\/fix>/{/<fix>.*<\/fix>/d}' catalog/dns.xml
