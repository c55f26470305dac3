/* Unit tests of the modules that do not need a whole site. */
#include "buf.h"
#include "catalog.h"
#include "diag.h"
#include "harness.h"
#include "map.h"
#include "md.h"
#include "po.h"
#include "text.h"

#include <stdlib.h>
#include <unistd.h>

static const char *lower(const char *s, const char *lang, const char *keep)
{
	static struct buf b = BUF_INIT;
	buf_reset(&b);
	text_lower_first(&b, s, strlen(s), lang, keep);
	return b.ptr;
}

static void test_lower_first(void)
{
	STR_EQ(lower("The server is ready.", "en", ""), "the server is ready.");
	STR_EQ(lower("During the AUTH handshake.", "en", ""), "during the AUTH handshake.");
	/* Acronyms and names keep their capital. */
	STR_EQ(lower("SMTP servers reply.", "en", ""), "SMTP servers reply.");
	STR_EQ(lower("DNS-based checks fail.", "en", ""), "DNS-based checks fail.");
	STR_EQ(lower("AUTH failed.", "en", ""), "AUTH failed.");
	STR_EQ(lower("IPv6 is used.", "en", ""), "IPv6 is used.");
	STR_EQ(lower("Gmail rejects it.", "en", "I Gmail Outlook"), "Gmail rejects it.");
	STR_EQ(lower("Gmailer rejects it.", "en", "I Gmail Outlook"), "gmailer rejects it.");
	STR_EQ(lower("I think so.", "en", "I Gmail"), "I think so.");
	STR_EQ(lower("A code.", "en", "I"), "a code.");
	/* Turkish: dotted and dotless i follow the language. */
	STR_EQ(lower("Istek reddedildi.", "tr", ""), "ıstek reddedildi.");
	STR_EQ(lower("İstek reddedildi.", "tr", ""), "istek reddedildi.");
	STR_EQ(lower("Istek", "en", ""), "istek");
	STR_EQ(lower("İSTEK", "tr", ""), "İSTEK");
	/* Other scripts and openings are left alone. */
	STR_EQ(lower("Özel durum.", "de", ""), "özel durum.");
	STR_EQ(lower("Ошибка сервера.", "ru", ""), "ошибка сервера.");
	STR_EQ(lower("サーバー", "ja", ""), "サーバー");
	STR_EQ(lower("`code` first", "en", ""), "`code` first");
	STR_EQ(lower("", "en", ""), "");
	STR_EQ(lower("É", "fr", ""), "é");
}

static void test_first_word(void)
{
	const char *w = "when during after before if";
	CHECK(text_first_word_in("When sending mail", 17, w, "en"), "When");
	CHECK(text_first_word_in("during AUTH", 11, w, "en"), "during");
	CHECK(!text_first_word_in("Whenever x", 10, w, "en"), "Whenever is not when");
	CHECK(!text_first_word_in("The server", 10, w, "en"), "The");
	CHECK(!text_first_word_in("", 0, w, "en"), "empty");
}

static void test_escape(void)
{
	struct buf b = BUF_INIT;
	const char *s = "<a href=\"x\">'&'</a>";
	text_escape_html(&b, s, strlen(s));
	STR_EQ(b.ptr, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	buf_reset(&b);
	text_escape_yaml(&b, "a \"b\" \\ c\n", 10);
	STR_EQ(b.ptr, "\"a \\\"b\\\" \\\\ c\\u000a\"");
	buf_reset(&b);
	text_escape_yaml(&b, "<b>&", 4);
	STR_EQ(b.ptr, "\"\\u003cb\\u003e\\u0026\"");
	/* The apostrophe: as it is for a Markdown file's reader, escaped for a
	 * script in a single-quoted attribute; U+2028 escaped in both. */
	buf_reset(&b);
	text_escape_yaml(&b, "it's\xe2\x80\xa8", 7);
	STR_EQ(b.ptr, "\"it's\\u2028\"");
	buf_reset(&b);
	text_escape_json(&b, "it's\xe2\x80\xa9", 7);
	STR_EQ(b.ptr, "\"it\\u0027s\\u2029\"");
	buf_reset(&b);
	text_collapse_space(&b, "  a \n\t b  ", 10);
	STR_EQ(b.ptr, "a b");
	CHECK(!text_valid("a\xff", 2), "invalid UTF-8");
	CHECK(!text_valid("a\x01", 2), "control character");
	CHECK(text_valid("ç\n\t", 4), "valid");
	CHECK(text_words("  two words ") == 2, "word count");
	buf_release(&b);
}

static void test_plural(void)
{
	const char *ru = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
			 "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);";
	CHECK(po_plural_index(ru, 1) == 0, "ru 1");
	CHECK(po_plural_index(ru, 21) == 0, "ru 21");
	CHECK(po_plural_index(ru, 11) == 2, "ru 11");
	CHECK(po_plural_index(ru, 3) == 1, "ru 3");
	CHECK(po_plural_index(ru, 25) == 2, "ru 25");
	const char *ar = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
			 "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);";
	CHECK(po_plural_index(ar, 0) == 0 && po_plural_index(ar, 2) == 2 &&
	      po_plural_index(ar, 105) == 3 && po_plural_index(ar, 111) == 4 &&
	      po_plural_index(ar, 100) == 5, "ar");
	CHECK(po_plural_index("nplurals=2; plural=(n > 1);", 1) == 0, "fr 1");
	CHECK(po_plural_index("nplurals=2; plural=(n > 1);", 0) == 0, "fr 0");
	CHECK(po_plural_index("nplurals=1; plural=0;", 7) == 0, "ja");
	CHECK(po_plural_index(NULL, 1) == 0 && po_plural_index(NULL, 2) == 1, "en");
	CHECK(po_plural_index("nplurals=2; plural=(n !=;", 1) == -1, "syntax");
	CHECK(po_plural_index("nplurals=2; plural=n;", 5) == -1, "out of range");
	CHECK(po_plural_index("nplurals=2; plural=n/0;", 5) == -1, "division by 0");
}

static void test_md(void)
{
	struct buf h = BUF_INIT, m = BUF_INIT;
	const char *s = "Use `AUTH` and *retry*.";
	CHECK(md_render(s, strlen(s), &h, &m) == 0, "inline");
	STR_EQ(h.ptr, "Use <code>AUTH</code> and <em>retry</em>.");
	STR_EQ(m.ptr, s);
	buf_reset(&h); buf_reset(&m);
	s = "Bad <script>alert(1)</script> [x](javascript:alert(1)) ![y](data:image/png;base64,AA) [z](https://example.com/)";
	CHECK(md_render(s, strlen(s), &h, &m) == 0, "unsafe inline");
	CHECK(!strstr(h.ptr, "<script") && !strstr(h.ptr, "javascript:") &&
	      !strstr(h.ptr, "data:"), "unsafe html: %s", h.ptr);
	CHECK(!strstr(m.ptr, "<script") && !strstr(m.ptr, "javascript:") &&
	      !strstr(m.ptr, "data:"), "unsafe md: %s", m.ptr);
	CONTAINS(h.ptr, "href=\"https://example.com/\"");
	/* Unsafe links and every image become their text. */
	CHECK(!strstr(h.ptr, "<img") && !strstr(h.ptr, "href=\"\""), "unwrapped: %s", h.ptr);
	CONTAINS(h.ptr, " x y <a href=\"https://example.com/\">z</a>");
	buf_reset(&h); buf_reset(&m);
	s = "- a list";
	CHECK(md_render(s, strlen(s), &h, &m) == -1, "a list is not inline");
	buf_release(&h);
	buf_release(&m);
}

static void test_map(void)
{
	struct map *m = map_new();
	static int v[1000];
	char key[16];
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		map_put(m, key, strlen(key), &v[i]);
	}
	CHECK(map_size(m) == 1000, "size");
	CHECK(map_get(m, "k517", 4) == &v[517], "get");
	CHECK(map_get(m, "k1000", 5) == NULL, "missing");
	map_free(m);
}

static void test_catalog_errors(const char *repo)
{
	(void)repo;
	char path[] = "/tmp/versus-unit-XXXXXX";
	int fd = mkstemp(path);
	const char *xml = "<?xml version=\"1.0\"?>\n<protocol id=\"x\" name=\"X\">\n<summary>S.</summary>\n<class prefix=\"2\">2xx</class>\n<code number=\"200\" slug=\"ok\" standing=\"standard\">\n<name>OK</name>\n</code>\n</protocol>\n";
	CHECK(write(fd, xml, strlen(xml)) == (ssize_t)strlen(xml), "write");
	close(fd);
	struct diag *d = diag_new();
	char *paths[] = { path };
	struct catalog *c = catalog_load_files(paths, 1, d);
	CHECK(c == NULL, "schema violation refused");
	CHECK(diag_errors(d) > 0, "reported");
	char want[64];
	snprintf(want, sizeof want, "%s:5:", path);
	CHECK(diag_count(d) && strncmp(diag_message(d, 0), want, strlen(want)) == 0,
	      "names file and line: %s", diag_count(d) ? diag_message(d, 0) : "(none)");
	diag_free(d);
	unlink(path);
}

int main(int argc, char **argv)
{
	test_lower_first();
	test_first_word();
	test_escape();
	test_plural();
	test_md();
	test_map();
	test_catalog_errors(argc > 1 ? argv[1] : ".");
	return T_done();
}
