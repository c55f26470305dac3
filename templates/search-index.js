{{! The search page's index: one row a code, in the page's language:
    protocol, its folder, code, slug, name, ' lang="en"' where the name is
    English, class, description (Markdown source). }}
versusSearch([
{{#protocols}}
{{#codes}}
[{{proto|json}},{{proto_id|json}},{{code|json}},{{slug|json}},{{name|json}},'{{name|lang}}',{{class|json}},{{description|json}}],
{{/codes}}
{{/protocols}}
null]);
