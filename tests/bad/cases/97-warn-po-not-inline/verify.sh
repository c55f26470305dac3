grep -q 'The request failed.' out/tr/zz/500-broken.html && ! grep -q 'İstek' out/tr/zz/500-broken.html
