#include "lang.h"

#include "buf.h"

#include <unicode/uloc.h>
#include <unicode/ustring.h>

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

/* Every form of the translation of message g must read with the grammar
 * of the English text and name exactly its placeholders: what the renderer
 * can fill, and nothing it cannot. A translation that does not is refused
 * here, at load, so that no translation can fail a build. */
static void S_check_format(struct lang *l, const struct msg *g, struct diag *d)
{
	const char *const *forms;
	size_t n = po_forms(l->po, g->key, g->text, &forms);
	struct buf want = BUF_INIT, got = BUF_INIT, why = BUF_INIT;
	const char *err, *at;
	msgs_format_names(g->text, &want, &err, &at);
	for (size_t k = 0; k < n && !why.len; k++) {
		if (msgs_format_names(forms[k], &got, &err, &at) != 0)
			buf_printf(&why, "%s, at \"%.20s\"", err, at);
		else if (strcmp(got.ptr, want.ptr) != 0)
			buf_printf(&why, "its placeholders are {%s}, the English has {%s}",
				   *got.ptr ? got.ptr : "", want.ptr);
	}
	if (why.len)
		po_refuse(l->po, g->key, g->text, why.ptr, d);
	buf_release(&want);
	buf_release(&got);
	buf_release(&why);
}

/* A language whose own name is not translated yet is still named in
 * itself, from CLDR (ICU), not as "English". */
static void S_autonym(struct lang *l)
{
	long i = msgs_find(l->msgs, "lang.name", 9);
	if (i < 0 || l->translated[i] || l->source)
		return;
	UErrorCode st = U_ZERO_ERROR;
	UChar name[128];
	int32_t n = uloc_getDisplayName(l->name, l->name, name, 128, &st);
	if (U_FAILURE(st) || n <= 0)
		return;
	char utf8[512];
	int32_t len = 0;
	st = U_ZERO_ERROR;
	u_strToUTF8(utf8, sizeof utf8, &len, name, n, &st);
	if (U_FAILURE(st) || len <= 0 || (size_t)len >= sizeof utf8)
		return;
	l->autonym = xstrndup(utf8, (size_t)len);
	l->text[i] = l->autonym;
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
		S_check_format(l, &m->v[i], d);
		const char *t = po_get(po, m->v[i].key, m->v[i].text);
		l->translated[i] = t != NULL;
		l->text[i] = t ? t : m->v[i].text;
	}
	/* messages.xml and the catalogues are written in English. */
	l->source = strcmp(l->tag, "en") == 0;
	l->drafted = po_stats(po)->drafted > 0;
	S_autonym(l);
	long dir = msgs_find(m, "lang.dir", 8);
	l->rtl = dir >= 0 && strcmp(l->text[dir], "rtl") == 0;
	return l;
}

struct lang *lang_new_source(const struct msgs *m)
{
	struct lang *l = xcalloc(1, sizeof *l);
	l->name = xstrdup("en");
	l->tag = xstrdup("en");
	l->folder = xstrdup("en");
	l->msgs = m;
	l->text = xcalloc(m->n, sizeof *l->text);
	l->translated = xcalloc(m->n, sizeof *l->translated);
	for (size_t i = 0; i < m->n; i++)
		l->text[i] = m->v[i].text;
	l->source = true;
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
	free(l->autonym);
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
