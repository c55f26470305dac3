/* The sentences of the comparison page, rendered through the real templates
 * and messages from tests/data (a small catalogue, a Turkish po file). */
#include "catalog.h"
#include "diag.h"
#include "harness.h"
#include "lang.h"
#include "msgs.h"
#include "page.h"
#include "tmpl.h"

#include <stdlib.h>

static struct catalog *cat;
static struct msgs *msgs;
static struct tmpl *md;

static struct lang *source;
static struct tmpl *html;

static char *render_with(struct tmpl *t, struct lang *l, size_t a, size_t b,
			 struct diag *d)
{
	struct page_lang *src = page_lang_new(cat, source, &l, 1, NULL, NULL, d);
	struct page_lang *pl = page_lang_new(cat, l, &l, 1, NULL, src, d);
	CHECK(src != NULL && pl != NULL, "page_lang_new");
	struct page p;
	page_init(&p);
	page_set_compare(&p, pl, 0, a, b);
	struct buf out = BUF_INIT;
	CHECK(tmpl_render(t, &p.scope, l, &out, d) == 0, "render");
	page_release(&p);
	page_lang_free(pl);
	page_lang_free(src);
	return buf_detach(&out, NULL);
}

static char *render(struct lang *l, size_t a, size_t b, struct diag *d)
{
	return render_with(md, l, a, b, d);
}

int main(int argc, char **argv)
{
	const char *repo = argc > 1 ? argv[1] : ".";
	char path[4096];
	struct diag *d = diag_new();
	snprintf(path, sizeof path, "%s/tests/data/catalog", repo);
	cat = catalog_load(path, d);
	snprintf(path, sizeof path, "%s/templates/messages.xml", repo);
	msgs = msgs_load(path, d);
	snprintf(path, sizeof path, "%s/templates", repo);
	md = msgs ? tmpl_load(path, "compare.md", msgs, d) : NULL;
	html = msgs ? tmpl_load(path, "compare.html", msgs, d) : NULL;
	snprintf(path, sizeof path, "%s/tests/data/po", repo);
	struct lang *en = msgs ? lang_load(path, "en", msgs, d) : NULL;
	struct lang *tr = msgs ? lang_load(path, "tr", msgs, d) : NULL;
	source = en;
	if (!cat || !msgs || !md || !en || !tr) {
		for (size_t i = 0; i < diag_count(d); i++)
			fprintf(stderr, "%s\n", diag_message(d, i));
		CHECK(0, "inputs load");
		return T_done();
	}

	/* Same class: "Both ..." and "Meanwhile", no class sentence. */
	char *s = render(en, 0, 1, d);
	CONTAINS(s, "Both MINI 421 (Service Not Available) and 452 (Insufficient "
		    "Storage) belong to the 4xx Transient Negative category. 421 "
		    "indicates that the service is not available and the connection "
		    "will close. Meanwhile, 452 means that Gmail and others send it "
		    "when storage runs out.");
	CHECK(!strstr(s, "is a 4xx Transient Negative response, while"),
	      "no class sentence for the same class");
	/* The when-sentence: an opening word is kept; otherwise "when". */
	CONTAINS(s, "You encounter 421 when the server is shutting down or overloaded.");
	CONTAINS(s, "You encounter 452 when the server's disk is full.");
	CHECK(!strstr(s, "when when"), "no doubled when");
	free(s);

	/* Different classes: "while", "In contrast", the class sentence. */
	s = render(en, 0, 2, d);
	CONTAINS(s, "MINI 421 (Service Not Available) is a 4xx Transient Negative "
		    "response, while 550 (Mailbox Not Found) is a 5xx Permanent "
		    "Negative response. 421 indicates that the service is not "
		    "available and the connection will close. In contrast, 550 means "
		    "that SMTP servers reject the mailbox.");
	CONTAINS(s, "1. 421 is a 4xx Transient Negative response, while 550 is a 5xx "
		    "Permanent Negative response.");
	CONTAINS(s, "You encounter 550 during the RCPT command.");
	free(s);

	/* Turkish, half translated: a sentence is Turkish only when its
	 * template and every text it embeds are; otherwise it is wholly
	 * English, English template with English texts. */
	s = render(tr, 0, 2, d);
	/* 550's name and the 5xx class are not translated: the whole intro
	 * is English, with 421's English name and description. */
	CONTAINS(s, "MINI 421 (Service Not Available) is a 4xx Transient Negative "
		    "response, while 550 (Mailbox Not Found) is a 5xx Permanent "
		    "Negative response. 421 indicates that the service is not available");
	CHECK(!strstr(s, "istek kabul edilmedi"), "no Turkish inside an English sentence");
	CHECK(!strstr(s, "Hizmet Yok) is"), "no Turkish name inside an English sentence");
	/* A Key Difference whose template and texts are translated is Turkish. */
	CONTAINS(s, "1. MINI 421 kodu: İstek kabul edilmedi ve bağlantı kapanacak.");
	/* The class sentence embeds an untranslated class: English. */
	CONTAINS(s, "1. 421 is a 4xx Transient Negative response, while 550 is a 5xx");
	CONTAINS(s, "1. MINI 550 kodu: Işık yanmadı.");
	CONTAINS(s, "### How to Fix");
	CHECK(!strstr(s, "Bulanık"), "fuzzy entry not used");
	CONTAINS(s, "You encounter 421 when the server");
	CHECK(!strstr(s, "{kod}"), "broken placeholder refused");
	CONTAINS(s, "### Gördüğünüzde");
	free(s);

	/* Everything translated: Turkish, lowered as Turkish (İ → i). */
	s = render(tr, 0, 1, d);
	CONTAINS(s, "MINI 421 (Hizmet Yok) ve 452 (Yetersiz Depolama) 4xx Geçici "
		    "Olumsuz sınıfındadır. 421: istek kabul edilmedi ve bağlantı "
		    "kapanacak. 452: Gmail ve diğerleri depolama bitince gönderir.");
	free(s);

	/* A translation whose braces do not read as the English's is refused
	 * at load, with its line, whatever the English has: an unknown name,
	 * a doubled brace that changes nothing, an unclosed one, a lone }. */
	const char *const refusals[] = {
		"tests/data/po/tr.po:26: warning: translation of",
		"warning: translation of nav.home refused (its placeholders are {sayfa}",
		"warning: translation of compare.heading.which refused (a { that is never closed",
		"warning: translation of compare.heading.differences refused",
	};
	for (size_t k = 0; k < sizeof refusals / sizeof *refusals; k++) {
		bool found = false;
		for (size_t i = 0; i < diag_count(d); i++)
			found |= strstr(diag_message(d, i), refusals[k]) != NULL;
		CHECK(found, refusals[k]);
	}
	/* "Daha {{ Fazla" is a literal brace, and fine. */
	for (size_t i = 0; i < diag_count(d); i++)
		CHECK(!strstr(diag_message(d, i), "compare.heading.learn"),
		      "an escaped brace is not refused");
	CHECK(po_stats(tr->po)->fuzzy == 1, "fuzzy counted");
	CHECK(po_stats(tr->po)->refused == 4, "refusals counted");

	/* HTML: each element says its own language. */
	s = render_with(html, tr, 0, 2, d);
	CONTAINS(s, "<p class=\"intro\" lang=\"en\">MINI 421 (Service Not Available) is");
	CONTAINS(s, "<li>MINI 421 kodu: İstek");
	CONTAINS(s, "<li lang=\"en\">421 is a 4xx Transient Negative response");
	CONTAINS(s, "<span lang=\"en\">Mailbox Not Found</span>");
	CONTAINS(s, "<span>Hizmet Yok</span>");
	CONTAINS(s, "<p class=\"class\" lang=\"en\">5xx Permanent Negative</p>");
	CONTAINS(s, "<p class=\"class\">4xx Geçici Olumsuz</p>");
	CONTAINS(s, "<h3>Gördüğünüzde</h3>");
	CONTAINS(s, "<h3 lang=\"en\">How to Fix</h3>");
	CONTAINS(s, "Daha { Fazla");
	free(s);

	lang_free(en);
	lang_free(tr);
	tmpl_free(md);
	tmpl_free(html);
	msgs_free(msgs);
	catalog_free(cat);
	diag_free(d);
	return T_done();
}
