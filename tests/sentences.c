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

static char *render(struct lang *l, size_t a, size_t b, struct diag *d)
{
	struct page_lang *pl = page_lang_new(cat, l, &l, 1, NULL, d);
	CHECK(pl != NULL, "page_lang_new");
	struct page p;
	page_init(&p);
	page_set_compare(&p, pl, 0, a, b);
	struct buf out = BUF_INIT;
	CHECK(tmpl_render(md, &p.scope, l, &out, d) == 0, "render");
	page_release(&p);
	page_lang_free(pl);
	return buf_detach(&out, NULL);
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
	snprintf(path, sizeof path, "%s/tests/data/po", repo);
	struct lang *en = msgs ? lang_load(path, "en", msgs, d) : NULL;
	struct lang *tr = msgs ? lang_load(path, "tr", msgs, d) : NULL;
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

	/* Turkish: a translated text is lowered as Turkish (İ → i, I → ı); a
	 * fuzzy heading and a translation with a broken placeholder fall back
	 * to English; a good one is used. */
	s = render(tr, 0, 2, d);
	CONTAINS(s, "421 indicates that istek kabul edilmedi");
	CONTAINS(s, "550 means that ışık yanmadı.");
	CONTAINS(s, "### How to Fix");
	CHECK(!strstr(s, "Bulanık"), "fuzzy entry not used");
	CONTAINS(s, "You encounter 421 when the server");
	CHECK(!strstr(s, "{kod}"), "broken placeholder refused");
	CONTAINS(s, "### Gördüğünüzde");
	free(s);
	bool refused = false;
	for (size_t i = 0; i < diag_count(d); i++)
		refused |= strstr(diag_message(d, i), "tests/data/po/tr.po:26: warning: translation of") != NULL;
	CHECK(refused, "the refusal names po file and line");
	CHECK(po_stats(tr->po)->fuzzy == 1, "fuzzy counted");
	CHECK(po_stats(tr->po)->refused == 1, "refusal counted");

	lang_free(en);
	lang_free(tr);
	tmpl_free(md);
	msgs_free(msgs);
	catalog_free(cat);
	diag_free(d);
	return T_done();
}
