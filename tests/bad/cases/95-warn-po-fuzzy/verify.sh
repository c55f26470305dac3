! grep -rq BULANIK out && grep -q 'Skip to content' out/tr/index.html && grep -q "Ana Sayfa" out/tr/status.html
