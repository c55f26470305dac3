#include "md.h"

#include "buf.h"

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

/* Replaces node n by its children (a link by its text). */
static void S_unwrap(cmark_node *n)
{
	cmark_node *c;
	while ((c = cmark_node_first_child(n)))
		cmark_node_insert_before(n, c);
	cmark_node_free(n);
}

/* Drops raw HTML, and unwraps images (no place in a sentence) and links
 * whose URL is not http(s), mailto or relative. Returns true if it changed
 * anything. The nodes are collected first: the tree must not change under
 * the iterator. */
static bool S_sanitise(cmark_node *doc)
{
	cmark_node **found = NULL;
	size_t n = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK ||
		    t == CMARK_NODE_IMAGE ||
		    (t == CMARK_NODE_LINK && !S_url_ok(cmark_node_get_url(node)))) {
			found = xrealloc(found, (n + 1) * sizeof *found);
			found[n++] = node;
		}
	}
	cmark_iter_free(it);
	/* Innermost first, so that unwrapping never frees a node still listed. */
	for (size_t i = n; i-- > 0;) {
		cmark_node_type t = cmark_node_get_type(found[i]);
		if (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK) {
			cmark_node_unlink(found[i]);
			cmark_node_free(found[i]);
		} else {
			S_unwrap(found[i]);
		}
	}
	free(found);
	return n > 0;
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
