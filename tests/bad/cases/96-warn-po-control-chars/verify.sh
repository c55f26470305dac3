grep -q 'Skip to content' out/tr/index.html
