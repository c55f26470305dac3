/* The template engine: parse a template (with the real messages), render
 * it with a few values of each kind in English. */
#include "fuzz.h"
#include "lang.h"
#include "msgs.h"
#include "tmpl.h"

#include <stdlib.h>

static struct msgs *msgs;
static struct lang *en;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag *d = diag_new();
	if (!msgs) {
		msgs = msgs_load(VERSUS_SOURCE_DIR "/templates/messages.xml", d);
		en = lang_load(VERSUS_SOURCE_DIR "/po", "en", msgs, d);
		if (!msgs || !en)
			abort();
	}
	/* The first byte picks the format. */
	const char *name = size && (data[0] & 1) ? "t.md" : "t.html";
	fuzz_file(name, data, size);
	struct tmpl *t = tmpl_load(fuzz_dir(), name, msgs, d);
	if (t) {
		struct var item[] = { { "code", { .kind = VAL_TEXT, .s = "550", .n = 3 } },
				      { "name", { .kind = VAL_TEXT, .s = "<b>&", .n = 4 } } };
		struct scope items[2] = { { NULL, item, 2 }, { NULL, item, 2 } };
		struct var vars[] = {
			{ "proto", { .kind = VAL_TEXT, .s = "SMTP", .n = 4 } },
			{ "n", { .kind = VAL_TEXT, .s = "21", .n = 2 } },
			{ "md", { .kind = VAL_MARKUP, .s = "*x*", .n = 3, .h = "<em>x</em>", .hn = 10 } },
			{ "on", { .kind = VAL_BOOL, .b = true } },
			{ "list", { .kind = VAL_LIST, .items = items, .count = 2 } },
			{ "a", { .kind = VAL_SCOPE, .items = items, .count = 1 } },
		};
		struct scope s = { NULL, vars, sizeof vars / sizeof *vars };
		struct buf out = BUF_INIT;
		tmpl_render(t, &s, en, &out, d);
		buf_release(&out);
		tmpl_free(t);
	}
	diag_free(d);
	return 0;
}
