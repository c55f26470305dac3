/* Case functions, escapers and inline Markdown on arbitrary bytes. */
#include "fuzz.h"
#include "md.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = { "en", "tr", "az", "lt", "de", "el", "zh-Hans", "" };
	if (size < 1)
		return 0;
	const char *lang = langs[data[0] % 8];
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	struct buf b = BUF_INIT, m = BUF_INIT;
	if (text_valid(s, n)) {
		text_lower_first(&b, s, n, lang, "I Gmail");
		text_first_word_in(s, n, "when during after", lang);
		md_render(s, n, &b, &m);
	}
	text_escape_html(&b, s, n);
	text_escape_yaml(&b, s, n);
	text_collapse_space(&b, s, n);
	buf_release(&b);
	buf_release(&m);
	return 0;
}
