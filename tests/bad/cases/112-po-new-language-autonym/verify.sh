grep -q "Türkçe" out/tr/index.html && ! grep -q ">English<" out/tr/index.html
