#include "msgs.h"

#include "buf.h"
#include "map.h"
#include "xml.h"

#include <gettext-po.h>
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *msgs_format_next(const char *p, struct msgs_piece *piece)
{
	piece->s = p;
	piece->n = 0;
	piece->name = false;
	piece->error = NULL;
	if (!*p)
		return NULL;
	if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
		piece->n = 1; /* the brace itself, once */
		return p + 2;
	}
	if (*p == '}') {
		piece->error = "a lone } (write }} for a brace)";
		return NULL;
	}
	if (*p == '{') {
		const char *q = p + 1;
		while ((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') ||
		       *q == '_' || (*q == '.' && q > p + 1 && q[-1] != '.'))
			q++;
		if (*q != '}' || q == p + 1 || q[-1] == '.') {
			piece->error = strchr(p, '}') ? "a placeholder is {name} or {name.field}, in lower case"
						      : "a { that is never closed (write {{ for a brace)";
			return NULL;
		}
		piece->s = p + 1;
		piece->n = (size_t)(q - p - 1);
		piece->name = true;
		return q + 1;
	}
	const char *q = p;
	while (*q && *q != '{' && *q != '}')
		q++;
	piece->n = (size_t)(q - p);
	return q;
}

/* The sorted, de-duplicated placeholder names of s, joined by spaces, into
 * out. 0, or -1 with *err set and *at the offending piece. */
int msgs_format_names(const char *s, struct buf *out, const char **err,
		      const char **at)
{
	struct msgs_piece pc;
	const char *names[64];
	size_t nn[64], k = 0;
	buf_reset(out);
	for (const char *p = s; p;) {
		const char *here = p;
		p = msgs_format_next(p, &pc);
		if (pc.error) {
			*err = pc.error;
			*at = here;
			return -1;
		}
		if (!p || !pc.name)
			continue;
		size_t i;
		for (i = 0; i < k; i++)
			if (nn[i] == pc.n && memcmp(names[i], pc.s, pc.n) == 0)
				break;
		if (i == k && k < 64) {
			/* Insertion in order, so that two texts compare as strings. */
			size_t j = k++;
			while (j > 0) {
				size_t m = nn[j - 1] < pc.n ? nn[j - 1] : pc.n;
				int c = memcmp(names[j - 1], pc.s, m);
				if (c < 0 || (c == 0 && nn[j - 1] < pc.n))
					break;
				names[j] = names[j - 1];
				nn[j] = nn[j - 1];
				j--;
			}
			names[j] = pc.s;
			nn[j] = pc.n;
		}
	}
	for (size_t i = 0; i < k; i++) {
		if (i)
			buf_putc(out, ' ');
		buf_put(out, names[i], nn[i]);
	}
	return 0;
}

struct msgs *msgs_load(const char *path, struct diag *d)
{
	struct msgs *m = xcalloc(1, sizeof *m);
	m->file = xstrdup(path);
	m->index = map_new();
	size_t before = diag_errors(d);
	xmlDocPtr doc = xml_read(path, d);
	if (!doc)
		goto fail;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!xml_is(root, "messages")) {
		diag_report(d, DIAG_ERROR, path, (unsigned long)xmlGetLineNo(root),
			    "the root element must be <messages>");
		goto fail;
	}
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		unsigned long line = (unsigned long)xmlGetLineNo(n);
		if (!xml_is(n, "msg")) {
			diag_report(d, DIAG_ERROR, path, line, "unexpected element <%s>", n->name);
			continue;
		}
		struct msg g = { xml_attr(n, "key"), xml_text(n), NULL, xml_attr(n, "note"), line };
		if (xmlHasProp(n, (const xmlChar *)"plural"))
			g.plural = xml_attr(n, "plural");
		const char *err, *bad;
		struct buf a = BUF_INIT, b = BUF_INIT;
		if (!*g.key || !*g.text)
			diag_report(d, DIAG_ERROR, path, line, "a <msg> needs a key and a text");
		else if (msgs_format_names(g.text, &a, &err, &bad) ||
			 (g.plural && msgs_format_names(g.plural, &b, &err, &bad)))
			diag_report(d, DIAG_ERROR, path, line, "bad placeholder at \"%.20s\": %s",
				    bad, err);
		else if (g.plural && strcmp(a.ptr, b.ptr) != 0)
			diag_report(d, DIAG_ERROR, path, line,
				    "the plural names {%s}, the singular {%s}: they must be the same",
				    b.ptr, a.ptr);
		else if (map_get(m->index, g.key, strlen(g.key)))
			diag_report(d, DIAG_ERROR, path, line, "duplicate key \"%s\"", g.key);
		buf_release(&a);
		buf_release(&b);
		m->v = xrealloc(m->v, (m->n + 1) * sizeof *m->v);
		m->v[m->n++] = g;
		if (!map_get(m->index, g.key, strlen(g.key)))
			map_put(m->index, g.key, strlen(g.key), (void *)(uintptr_t)m->n);
	}
	xmlFreeDoc(doc);
	if (diag_errors(d) != before)
		goto fail2;
	return m;
fail:
	xmlFreeDoc(doc);
fail2:
	msgs_free(m);
	return NULL;
}

void msgs_free(struct msgs *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].key);
		free(m->v[i].text);
		free(m->v[i].plural);
		free(m->v[i].note);
	}
	free(m->v);
	map_free(m->index);
	free(m->file);
	free(m);
}

long msgs_find(const struct msgs *m, const char *key, size_t n)
{
	/* The map stores index + 1 so that index 0 is not NULL. */
	uintptr_t v = (uintptr_t)map_get(m->index, key, n);
	return v ? (long)v - 1 : -1;
}

static _Thread_local struct diag *S_diag;
static _Thread_local jmp_buf *S_fatal;
/* libgettextpo's handlers take no user pointer; a fatal error must not
 * return to the library (its API forbids it), so it jumps back. */
static void S_xerror(int severity, po_message_t msg, const char *file,
		     size_t line, size_t column, int multiline, const char *text)
{
	(void)msg; (void)column; (void)multiline;
	diag_report(S_diag, DIAG_ERROR, file, line == (size_t)-1 ? 0 : line, "%s", text);
	if (severity == PO_SEVERITY_FATAL_ERROR && S_fatal)
		longjmp(*S_fatal, 1);
}
static void S_xerror2(int severity, po_message_t m1, const char *f1, size_t l1,
		      size_t c1, int ml1, const char *t1, po_message_t m2,
		      const char *f2, size_t l2, size_t c2, int ml2, const char *t2)
{
	(void)m2; (void)f2; (void)l2; (void)c2; (void)ml2; (void)t2;
	S_xerror(severity, m1, f1, l1, c1, ml1, t1);
}

int msgs_write_pot(const struct msgs *m, const char *out, struct diag *d)
{
	static const struct po_xerror_handler h = { S_xerror, S_xerror2 };
	S_diag = d;
	size_t before = diag_errors(d);
	/* Check the destination first: libgettextpo ends a failed write in its
	 * fatal path, from which nothing is freed. */
	FILE *probe = fopen(out, "w");
	if (!probe) {
		diag_report(d, DIAG_ERROR, NULL, 0, "cannot write %s: %s", out, strerror(errno));
		return -1;
	}
	fclose(probe);
	po_file_t f = po_file_create();
	po_message_iterator_t it = po_message_iterator(f, NULL);
	po_message_t hdr = po_message_create();
	po_message_set_msgid(hdr, "");
	po_message_set_msgstr(hdr,
		"Project-Id-Version: versus\n"
		"Report-Msgid-Bugs-To: \n"
		"Language: \n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=UTF-8\n"
		"Content-Transfer-Encoding: 8bit\n"
		"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\n");
	po_message_set_fuzzy(hdr, 1);
	po_message_insert(it, hdr);
	for (size_t i = 0; i < m->n; i++) {
		const struct msg *g = &m->v[i];
		po_message_t pm = po_message_create();
		po_message_set_msgctxt(pm, g->key);
		po_message_set_msgid(pm, g->text);
		if (g->plural) {
			po_message_set_msgid_plural(pm, g->plural);
			po_message_set_msgstr_plural(pm, 0, "");
			po_message_set_msgstr_plural(pm, 1, "");
		} else {
			po_message_set_msgstr(pm, "");
		}
		if (*g->note)
			po_message_set_extracted_comments(pm, g->note);
		/* No line: adding a message must not shift every later reference
		 * in every po file (merge conflicts for translators). */
		po_message_add_filepos(pm, m->file, (size_t)-1);
		if (strchr(g->text, '{'))
			po_message_set_format(pm, "python-brace-format", 1);
		po_message_insert(it, pm);
	}
	po_message_iterator_free(it);
	jmp_buf fatal;
	S_fatal = &fatal;
	if (!setjmp(fatal))
		po_file_write(f, out, &h);
	S_fatal = NULL;
	po_file_free(f);
	return diag_errors(d) == before ? 0 : -1;
}
