sed -i '0,/slug="noerror"/s//slug="Bad_Slug"/' catalog/dns.xml
