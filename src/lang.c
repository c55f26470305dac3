#include "lang.h"

#include "buf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool lang_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n < 2 || n > 16 || !isalpha((unsigned char)name[0]))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (isalnum(c))
			continue;
		if ((c == '_' || c == '-') && i + 1 < n &&
		    isalnum((unsigned char)name[i + 1]))
			continue;
		return false;
	}
	return true;
}

struct lang *lang_load(const char *po_dir, const char *name,
		       const struct msgs *m, struct diag *d)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s.po", po_dir, name);
	struct po *po = po_load(path.ptr, d);
	buf_release(&path);
	if (!po)
		return NULL;
	struct lang *l = xcalloc(1, sizeof *l);
	l->name = xstrdup(name);
	l->tag = xstrdup(name);
	l->folder = xstrdup(name);
	for (char *p = l->tag; *p; p++)
		if (*p == '_')
			*p = '-';
	for (char *p = l->folder; *p; p++)
		*p = *p == '_' ? '-' : (char)tolower((unsigned char)*p);
	l->po = po;
	l->msgs = m;
	l->text = xcalloc(m->n, sizeof *l->text);
	l->translated = xcalloc(m->n, sizeof *l->translated);
	for (size_t i = 0; i < m->n; i++) {
		const char *t = po_get(po, m->v[i].key, m->v[i].text);
		l->translated[i] = t != NULL;
		l->text[i] = t ? t : m->v[i].text;
	}
	/* messages.xml and the catalogues are written in English. */
	l->source = strcmp(l->tag, "en") == 0;
	long dir = msgs_find(m, "lang.dir", 8);
	l->rtl = dir >= 0 && strcmp(l->text[dir], "rtl") == 0;
	return l;
}

void lang_free(struct lang *l)
{
	if (!l)
		return;
	po_free(l->po);
	free(l->name);
	free(l->tag);
	free(l->folder);
	free(l->text);
	free(l->translated);
	free(l);
}

const char *lang_msg(const struct lang *l, size_t i, unsigned long n)
{
	const struct msg *g = &l->msgs->v[i];
	if (!g->plural)
		return l->text[i];
	const char *t = po_get_plural(l->po, g->key, g->text, n);
	if (t)
		return t;
	return n == 1 ? g->text : g->plural;
}

const char *lang_get(const struct lang *l, const char *key)
{
	long i = msgs_find(l->msgs, key, strlen(key));
	return i >= 0 ? l->text[i] : "";
}

const char *lang_text(const struct lang *l, const char *ctx,
		      const char *english, bool *translated)
{
	const char *t = po_get(l->po, ctx, english);
	if (translated)
		*translated = t != NULL;
	return t ? t : english;
}
