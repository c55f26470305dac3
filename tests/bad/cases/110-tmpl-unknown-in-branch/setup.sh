sed -i 's|{{#self.earlier}}|{{#self.earlier}}{{nope_in_branch}}|' templates/code.html
