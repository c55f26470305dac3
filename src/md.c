#include "md.h"

#include <cmark.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool S_url_ok(const char *url)
{
	if (!url || !*url)
		return true;
	size_t scheme = strcspn(url, ":/?#");
	if (url[scheme] != ':')
		return true; /* relative */
	return (scheme == 5 && strncasecmp(url, "https", 5) == 0) ||
	       (scheme == 4 && strncasecmp(url, "http", 4) == 0) ||
	       (scheme == 6 && strncasecmp(url, "mailto", 6) == 0);
}

/* Drops raw HTML and unsafe URLs; returns true if it changed anything. */
static bool S_sanitise(cmark_node *doc)
{
	bool changed = false;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node *drop = NULL;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (drop) {
			cmark_node_free(drop);
			drop = NULL;
		}
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER &&
		    (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK)) {
			/* Unlinking during iteration is safe once the iterator has
			 * moved past; free on the next step. */
			cmark_node_unlink(n);
			drop = n;
			changed = true;
		} else if (ev == CMARK_EVENT_ENTER &&
			   (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) &&
			   !S_url_ok(cmark_node_get_url(n))) {
			cmark_node_set_url(n, "");
			changed = true;
		}
	}
	cmark_iter_free(it);
	if (drop) /* cmark_node_free(NULL) is not a no-op */
		cmark_node_free(drop);
	return changed;
}

int md_render(const char *s, size_t n, struct buf *html, struct buf *md)
{
	cmark_node *doc = cmark_parse_document(s, n, CMARK_OPT_DEFAULT);
	cmark_node *first = cmark_node_first_child(doc);
	int rc = -1;
	if (first && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH &&
	    !cmark_node_next(first)) {
		bool changed = S_sanitise(doc);
		char *h = cmark_render_html(doc, CMARK_OPT_DEFAULT);
		size_t hl = strlen(h);
		/* "<p>…</p>\n" → "…" */
		if (hl >= 8 && memcmp(h, "<p>", 3) == 0 &&
		    memcmp(h + hl - 5, "</p>\n", 5) == 0) {
			buf_put(html, h + 3, hl - 8);
			rc = 0;
		}
		free(h);
		if (changed) {
			char *m = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
			size_t ml = strlen(m);
			while (ml && m[ml - 1] == '\n')
				ml--;
			buf_put(md, m, ml);
			free(m);
		} else {
			buf_put(md, s, n);
		}
	}
	cmark_node_free(doc);
	return rc;
}
