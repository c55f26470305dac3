sed -i '0,/href="https:/s//href="http:/' catalog/dns.xml
