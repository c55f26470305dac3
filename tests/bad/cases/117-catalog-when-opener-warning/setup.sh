sed -i '0,/<when>[A-Z][a-z]*/s//<when>Typically/' catalog/dns.xml
