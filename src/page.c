#include "page.h"

#include "md.h"
#include "num.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/*** Hashes of what pages show ***/

static uint64_t S_h(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++) {
		h ^= c[i];
		h *= 1099511628211ULL;
	}
	h ^= 0xff; /* a separator: "ab","c" is not "a","bc" */
	return h * 1099511628211ULL;
}

static uint64_t S_hval(uint64_t h, const struct val *v)
{
	unsigned char m[3] = { (unsigned char)v->kind, (unsigned char)v->lang, v->b };
	h = S_h(h, m, sizeof m);
	if (v->kind == VAL_TEXT || v->kind == VAL_MARKUP) {
		h = S_h(h, v->s, v->n);
		if (v->kind == VAL_MARKUP)
			h = S_h(h, v->h, v->hn);
		if (v->source)
			h = S_hval(h, v->source);
	}
	return h;
}

/*** Prepared values ***/

/* A code's values, in the order of S_code_names. */
enum { CV_CODE, CV_SLUG, CV_NAME, CV_CLASS, CV_DESCRIPTION, CV_DESCRIPTION_LC,
       CV_WHEN, CV_WHEN_CLAUSE, CV_FIX, CV_REFS, CV_PAGE, CV_EARLIER,
       CV_LATER, CV_HAS_LATER, CV_STANDING, CV_SPEC, CV_COUNT };
static const char *const S_code_names[CV_COUNT] = {
	"code", "slug", "name", "class", "description", "description_lc",
	"when", "when_clause", "fix", "refs", "page", "earlier", "later",
	"has_later", "standing", "spec"
};

struct pcode {
	struct var vars[CV_COUNT];
	uint64_t hash; /* of every text it shows */
	struct var (*refvars)[2];
	struct scope *refs;
	char *own[CV_COUNT * 2]; /* strings the vars point into */
	size_t nown;
};

struct pclass {
	struct var vars[2]; /* name, codes */
	struct scope *codes;
};

struct pproto {
	struct var vars[6]; /* proto, proto_id, summary, ncodes, npairs, codes */
	struct scope scope;
	struct pcode *codes;
	struct scope *code_scopes; /* code_scopes[i] = codes[i].vars */
	struct pclass *classes;
	struct scope *class_scopes;
	uint64_t hash[3]; /* basic, names (and classes), all: see page_hash_proto */
	char *own[4];
};

struct plang_item {
	struct var vars[16]; /* folder, tag, name, current, and its statistics */
	char *own[7];
	struct var (*leftvars)[5]; /* what is left, for the status page */
	struct scope *left;
	char **leftown; /* nleft "po:line" strings */
	size_t nleft;
};

struct page_lang {
	const struct catalog *cat;
	const struct lang *lang;
	const struct page_lang *source; /* English renditions; NULL if this is English */
	struct num *num;
	struct val standing[STANDING_COUNT];
	struct lang *const *all;
	size_t nall;
	const char *base_url;
	struct pproto *protos;
	struct scope *proto_scopes;
	struct plang_item *langs;
	struct scope *lang_scopes;
	struct var gvars[16];
	uint64_t hash[2]; /* global, status: see page_hash_lang */
	struct scope global;
};

static struct val S_text(const char *s)
{
	struct val v = { .kind = VAL_TEXT, .s = s, .n = strlen(s) };
	return v;
}

static struct val S_num(const char *s, unsigned long n)
{
	struct val v = { .kind = VAL_TEXT, .s = s, .n = strlen(s), .num = n, .is_num = true };
	return v;
}

static struct val S_bool(bool b)
{
	struct val v = { .kind = VAL_BOOL, .b = b };
	return v;
}

static struct val S_list(const struct scope *items, size_t n)
{
	struct val v = { .kind = VAL_LIST, .items = items, .count = n };
	return v;
}

static struct val S_obj(const struct scope *s)
{
	struct val v = { .kind = VAL_SCOPE, .items = s, .count = 1 };
	return v;
}

static void S_set(struct var *v, const char *name, struct val val)
{
	v->name = name;
	v->v = val;
}

static char *S_own(struct pcode *c, struct buf *b)
{
	char *s = buf_detach(b, NULL);
	c->own[c->nown++] = s;
	return s;
}

/* "0" to "100", for values that must be plain digits in any language. */
static const char *const S_digits[101] = {
#define D10(t) #t "0", #t "1", #t "2", #t "3", #t "4", #t "5", #t "6", #t "7", #t "8", #t "9"
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
	D10(1), D10(2), D10(3), D10(4), D10(5), D10(6), D10(7), D10(8), D10(9), "100"
#undef D10
};

/* True if message key is translated in l (English is, as written). */
static bool S_msg_tr(const struct lang *l, const char *key)
{
	long i = msgs_find(l->msgs, key, strlen(key));
	return i >= 0 && (l->source || l->translated[i]);
}

/* Marks v as text in the page's language, whose English rendition is
 * *source (NULL on an English page). */
static void S_page(struct val *v, const struct val *source)
{
	v->lang = VL_PAGE;
	v->source = source;
}

/* Sets var to the English rendition *src, for want of a translation. */
static void S_fallback(struct var *v, const struct var *src)
{
	*v = *src;
	v->v.lang = VL_SOURCE;
	v->v.source = NULL;
}

/* Sets var to the Markdown text s rendered; 0, or -1 if s is not inline. */
static int S_markup(struct pcode *c, struct var *v, const char *name,
		    const char *s)
{
	struct buf html = BUF_INIT, md = BUF_INIT;
	if (md_render(s, strlen(s), &html, &md) != 0) {
		buf_release(&html);
		buf_release(&md);
		return -1;
	}
	v->name = name;
	v->v.kind = VAL_MARKUP;
	v->v.n = md.len;
	v->v.s = S_own(c, &md);
	v->v.hn = html.len;
	v->v.h = S_own(c, &html);
	return 0;
}

/* A catalogue text in the page's language, with its lowered and clause
 * forms; English renditions (from src) where it, or a message that shapes
 * a derived form, is not translated. */
static int S_field(struct pcode *c, const struct pcode *src, const struct lang *l,
		   const struct catalog_protocol *p, const struct catalog_code *k,
		   enum catalog_field f, struct buf *scratch, struct diag *d)
{
	static const int var_of[FIELD_COUNT] = { CV_NAME, CV_DESCRIPTION, CV_WHEN, CV_FIX };
	int vi = var_of[f];
	int lc = f == FIELD_WHEN ? CV_WHEN_CLAUSE : f == FIELD_DESCRIPTION ? CV_DESCRIPTION_LC : -1;
	buf_reset(scratch);
	buf_printf(scratch, "%s/%s/%s", p->id, k->number, catalog_field_names[f]);
	bool tr;
	const char *s = lang_text(l, scratch->ptr, k->text[f], &tr);
	struct var *v = &c->vars[vi];
	if (!tr && !l->source) {
		S_fallback(v, &src->vars[vi]);
		if (lc >= 0)
			S_fallback(&c->vars[lc], &src->vars[lc]);
		return 0;
	}
	if (f == FIELD_NAME) {
		S_set(v, "name", S_text(s));
	} else if (S_markup(c, v, S_code_names[vi], s) != 0) {
		if (l->source) {
			diag_report(d, DIAG_ERROR, p->file, k->line[f],
				    "the %s of %s must be one paragraph of inline Markdown",
				    catalog_field_names[f], k->number);
			return -1;
		}
		po_refuse(l->po, scratch->ptr, k->text[f],
			  "it must be one paragraph of inline Markdown", d);
		S_fallback(v, &src->vars[vi]);
		if (lc >= 0)
			S_fallback(&c->vars[lc], &src->vars[lc]);
		return 0;
	}
	S_page(&v->v, src ? &src->vars[vi].v : NULL);
	if (lc < 0)
		return 0;
	/* Sentences embed these after "334 indicates that" / "You encounter
	 * 334": lowered as the language says, and opened with its clause word;
	 * the messages that say how are part of the text. */
	bool shaped = l->source ||
		(S_msg_tr(l, "case.keep") && S_msg_tr(l, "case.lower") &&
		 (f != FIELD_WHEN || (S_msg_tr(l, "when.openers") && S_msg_tr(l, "when.clause"))));
	if (!shaped) {
		S_fallback(&c->vars[lc], &src->vars[lc]);
		return 0;
	}
	buf_reset(scratch);
	if (strcmp(lang_get(l, "case.lower"), "no") == 0)
		buf_puts(scratch, s);
	else
		text_lower_first(scratch, s, strlen(s), l->tag, lang_get(l, "case.keep"));
	if (f == FIELD_WHEN &&
	    !text_first_word_in(s, strlen(s), lang_get(l, "when.openers"), l->tag)) {
		const char *clause = lang_get(l, "when.clause");
		const char *at = strstr(clause, "{text}");
		struct buf full = BUF_INIT;
		if (at) {
			buf_put(&full, clause, (size_t)(at - clause));
			buf_put(&full, scratch->ptr, scratch->len);
			buf_puts(&full, at + 6);
		} else {
			buf_put(&full, scratch->ptr, scratch->len);
		}
		buf_reset(scratch);
		buf_put(scratch, full.ptr, full.len);
		buf_release(&full);
	}
	if (S_markup(c, &c->vars[lc], S_code_names[lc], scratch->ptr) != 0)
		return -1;
	S_page(&c->vars[lc].v, src ? &src->vars[lc].v : NULL);
	return 0;
}

/* A value that is a translatable text: the page's, or English's. */
static struct val S_translated(const struct lang *l, const char *ctx,
			       const char *english, const struct val *source)
{
	bool tr;
	struct val v = S_text(lang_text(l, ctx, english, &tr));
	if (tr || l->source)
		S_page(&v, source);
	else
		v.lang = VL_SOURCE;
	return v;
}

static int S_prepare_code(struct page_lang *pl, struct pproto *pp,
			  const struct catalog_protocol *p, size_t i,
			  struct diag *d)
{
	const struct catalog_code *k = &p->codes[i];
	struct pcode *c = &pp->codes[i];
	const struct pcode *src = pl->source ? &pl->source->protos[pp - pl->protos].codes[i] : NULL;
	struct buf b = BUF_INIT;
	int rc = 0;
	S_set(&c->vars[CV_CODE], "code", S_text(k->number));
	S_set(&c->vars[CV_SLUG], "slug", S_text(k->slug));
	buf_printf(&b, "%s/class/%s", p->id, p->classes[k->klass].prefix);
	S_set(&c->vars[CV_CLASS], "class",
	      S_translated(pl->lang, b.ptr, p->classes[k->klass].name,
			   src ? &src->vars[CV_CLASS].v : NULL));
	for (int f = 0; f < FIELD_COUNT; f++)
		if (S_field(c, src, pl->lang, p, k, (enum catalog_field)f, &b, d) != 0)
			rc = -1;
	S_set(&c->vars[CV_STANDING], "standing", pl->standing[k->standing]);
	S_set(&c->vars[CV_SPEC], "spec", S_text(k->spec ? k->spec : ""));
	c->refvars = xcalloc(k->nrefs ? k->nrefs : 1, sizeof *c->refvars);
	c->refs = xcalloc(k->nrefs ? k->nrefs : 1, sizeof *c->refs);
	buf_reset(&b);
	buf_printf(&b, "%s/ref", p->id);
	for (size_t r = 0; r < k->nrefs; r++) {
		S_set(&c->refvars[r][0], "href", S_text(k->refs[r].href));
		S_set(&c->refvars[r][1], "label",
		      S_translated(pl->lang, b.ptr, k->refs[r].label,
				   src ? &src->refvars[r][1].v : NULL));
		c->refs[r].vars = c->refvars[r];
		c->refs[r].n = 2;
	}
	S_set(&c->vars[CV_REFS], "refs", S_list(c->refs, k->nrefs));
	buf_reset(&b);
	page_code_path(&b, p, i);
	S_set(&c->vars[CV_PAGE], "page", S_text(S_own(c, &b)));
	S_set(&c->vars[CV_EARLIER], "earlier", S_list(pp->code_scopes, i));
	S_set(&c->vars[CV_LATER], "later",
	      S_list(pp->code_scopes + i + 1, p->ncodes - i - 1));
	S_set(&c->vars[CV_HAS_LATER], "has_later", S_bool(i + 1 < p->ncodes));
	uint64_t h = 1469598103934665603ULL;
	for (int v = 0; v < CV_COUNT; v++)
		if (v != CV_EARLIER && v != CV_LATER && v != CV_REFS)
			h = S_hval(h, &c->vars[v].v);
	for (size_t r = 0; r < k->nrefs; r++) {
		h = S_hval(h, &c->refvars[r][0].v);
		h = S_hval(h, &c->refvars[r][1].v);
	}
	c->hash = h;
	pp->code_scopes[i].vars = c->vars;
	pp->code_scopes[i].n = CV_COUNT;
	buf_release(&b);
	return rc;
}

static int S_prepare_protocol(struct page_lang *pl, size_t pi, struct diag *d)
{
	const struct catalog_protocol *p = &pl->cat->protocols[pi];
	struct pproto *pp = &pl->protos[pi];
	int rc = 0;
	pp->codes = xcalloc(p->ncodes, sizeof *pp->codes);
	pp->code_scopes = xcalloc(p->ncodes, sizeof *pp->code_scopes);
	for (size_t i = 0; i < p->ncodes; i++)
		if (S_prepare_code(pl, pp, p, i, d) != 0)
			rc = -1;
	pp->classes = xcalloc(p->nclasses, sizeof *pp->classes);
	pp->class_scopes = xcalloc(p->nclasses, sizeof *pp->class_scopes);
	for (size_t k = 0; k < p->nclasses; k++) {
		struct pclass *pc = &pp->classes[k];
		size_t n = 0;
		pc->codes = xcalloc(p->ncodes ? p->ncodes : 1, sizeof *pc->codes);
		for (size_t i = 0; i < p->ncodes; i++)
			if (p->codes[i].klass == k)
				pc->codes[n++] = pp->code_scopes[i];
		S_set(&pc->vars[0], "name", pp->codes[0].vars[CV_CLASS].v);
		for (size_t i = 0; i < p->ncodes; i++)
			if (p->codes[i].klass == k)
				pc->vars[0].v = pp->codes[i].vars[CV_CLASS].v;
		S_set(&pc->vars[1], "codes", S_list(pc->codes, n));
		pp->class_scopes[k].vars = pc->vars;
		pp->class_scopes[k].n = n ? 2 : 0; /* an empty class is not shown */
	}
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/summary", p->id);
	S_set(&pp->vars[0], "proto", S_text(p->name));
	S_set(&pp->vars[1], "proto_id", S_text(p->id));
	bool sum_tr;
	pp->own[0] = xstrdup(lang_text(pl->lang, b.ptr, p->summary, &sum_tr));
	buf_reset(&b);
	struct buf md = BUF_INIT;
	if (md_render(pp->own[0], strlen(pp->own[0]), &b, &md) != 0) {
		/* Not one paragraph: show it as text rather than lose it. */
		buf_reset(&b);
		text_escape_html(&b, pp->own[0], strlen(pp->own[0]));
		buf_reset(&md);
		buf_puts(&md, pp->own[0]);
	}
	pp->own[3] = buf_detach(&b, NULL);
	free(pp->own[0]);
	pp->own[0] = buf_detach(&md, NULL);
	struct val summary = { .kind = VAL_MARKUP, .s = pp->own[0], .n = strlen(pp->own[0]),
			       .h = pp->own[3], .hn = strlen(pp->own[3]) };
	if (sum_tr || pl->lang->source)
		S_page(&summary, pl->source ? &pl->source->protos[pi].vars[2].v : NULL);
	else
		summary.lang = VL_SOURCE;
	S_set(&pp->vars[2], "summary", summary);
	num_int(pl->num, p->ncodes, &b);
	pp->own[1] = buf_detach(&b, NULL);
	size_t pairs = p->ncodes * (p->ncodes ? p->ncodes - 1 : 0) / 2;
	num_int(pl->num, pairs, &b);
	pp->own[2] = buf_detach(&b, NULL);
	S_set(&pp->vars[3], "ncodes", S_num(pp->own[1], p->ncodes));
	S_set(&pp->vars[4], "npairs", S_num(pp->own[2], pairs));
	S_set(&pp->vars[5], "codes", S_list(pp->code_scopes, p->ncodes));
	pp->scope.vars = pp->vars;
	pp->scope.n = 6;
	uint64_t basic = 1469598103934665603ULL, names, all;
	for (int v = 0; v < 5; v++)
		basic = S_hval(basic, &pp->vars[v].v);
	names = basic;
	for (size_t i = 0; i < p->ncodes; i++) {
		names = S_hval(names, &pp->codes[i].vars[CV_CODE].v);
		names = S_hval(names, &pp->codes[i].vars[CV_SLUG].v);
		names = S_hval(names, &pp->codes[i].vars[CV_NAME].v);
		names = S_hval(names, &pp->codes[i].vars[CV_CLASS].v);
	}
	all = names;
	for (size_t i = 0; i < p->ncodes; i++)
		all = S_h(all, &pp->codes[i].hash, sizeof pp->codes[i].hash);
	pp->hash[0] = basic;
	pp->hash[1] = names;
	pp->hash[2] = all;
	pl->proto_scopes[pi] = pp->scope;
	return rc;
}

struct page_lang *page_lang_new(const struct catalog *c, const struct lang *l,
				struct lang *const *all, size_t nall,
				const char *base_url, const struct page_lang *source,
				struct diag *d)
{
	struct page_lang *pl = xcalloc(1, sizeof *pl);
	pl->cat = c;
	pl->lang = l;
	pl->source = l->source ? NULL : source;
	pl->num = num_new(l->name);
	for (int k = 0; k < STANDING_COUNT; k++) {
		struct buf key = BUF_INIT;
		buf_printf(&key, "standing.%s", catalog_standing_names[k]);
		long i = msgs_find(l->msgs, key.ptr, key.len);
		buf_release(&key);
		if (i < 0)
			continue; /* tmpl_load has checked that templates name none */
		pl->standing[k] = S_text(l->text[i]);
		if (l->translated[i] || l->source)
			S_page(&pl->standing[k], pl->source ? &pl->source->standing[k] : NULL);
		else
			pl->standing[k].lang = VL_SOURCE;
	}
	pl->all = all;
	pl->nall = nall;
	pl->base_url = base_url;
	int rc = 0;
	pl->protos = xcalloc(c->n ? c->n : 1, sizeof *pl->protos);
	pl->proto_scopes = xcalloc(c->n ? c->n : 1, sizeof *pl->proto_scopes);
	for (size_t i = 0; i < c->n; i++)
		if (S_prepare_protocol(pl, i, d) != 0)
			rc = -1;

	pl->langs = xcalloc(nall, sizeof *pl->langs);
	pl->lang_scopes = xcalloc(nall, sizeof *pl->lang_scopes);
	for (size_t i = 0; i < nall; i++) {
		const struct lang *o = all[i];
		struct plang_item *it = &pl->langs[i];
		const struct po_stats *st = po_stats(o->po);
		size_t total = st->translated + st->fuzzy + st->untranslated;
		/* English is complete as written: its po file translates nothing. */
		const struct po_stats complete = { .translated = total };
		if (o->source)
			st = &complete;
		struct buf b = BUF_INIT;
		unsigned pct = po_percent(st);
		num_percent(pl->num, pct, &b);
		it->own[0] = buf_detach(&b, NULL);
		num_int(pl->num, st->translated, &b);
		it->own[1] = buf_detach(&b, NULL);
		num_int(pl->num, st->fuzzy, &b);
		it->own[2] = buf_detach(&b, NULL);
		num_int(pl->num, st->untranslated, &b);
		it->own[3] = buf_detach(&b, NULL);
		num_int(pl->num, st->drafted, &b);
		it->own[4] = buf_detach(&b, NULL);
		num_int(pl->num, st->translated - st->drafted, &b);
		it->own[5] = buf_detach(&b, NULL);
		(void)total;
		S_set(&it->vars[0], "folder", S_text(o->folder));
		S_set(&it->vars[1], "tag", S_text(o->tag));
		S_set(&it->vars[2], "name", S_text(lang_get(o, "lang.name")));
		S_set(&it->vars[3], "current", S_bool(o == l));
		S_set(&it->vars[4], "percent", S_text(it->own[0]));
		S_set(&it->vars[5], "translated", S_num(it->own[1], st->translated));
		S_set(&it->vars[6], "fuzzy", S_num(it->own[2], st->fuzzy));
		S_set(&it->vars[7], "untranslated", S_num(it->own[3], st->untranslated));
		S_set(&it->vars[8], "drafted", S_num(it->own[4], st->drafted));
		S_set(&it->vars[9], "reviewed", S_num(it->own[5], st->translated - st->drafted));
		/* The bar's value: a plain number, whatever the reader's digits. */
		S_set(&it->vars[10], "pct", S_text(S_digits[pct > 100 ? 100 : pct]));
		/* The chooser says "Choose your language" in each language. */
		long ri = msgs_find(o->msgs, "root.title", 10);
		bool rtr = ri >= 0 && (o->source || o->translated[ri]);
		S_set(&it->vars[11], "choose", S_text(ri >= 0 ? o->text[ri] : ""));
		S_set(&it->vars[12], "choose_tag", S_text(rtr ? o->tag : "en"));
		/* What is left, each with its place in the po file (English,
		 * the source, lacks nothing). */
		const struct po_left *lv = NULL;
		size_t nl = o->po && !o->source ? po_left(o->po, &lv) : 0;
		it->nleft = nl;
		it->leftvars = xcalloc(nl ? nl : 1, sizeof *it->leftvars);
		it->left = xcalloc(nl ? nl : 1, sizeof *it->left);
		it->leftown = xcalloc(nl ? nl : 1, sizeof *it->leftown);
		for (size_t k = 0; k < nl; k++) {
			buf_reset(&b);
			buf_printf(&b, "%s:%lu", po_path(o->po), lv[k].line);
			it->leftown[k] = buf_detach(&b, NULL);
			S_set(&it->leftvars[k][0], "ctx", S_text(lv[k].ctx));
			S_set(&it->leftvars[k][1], "where", S_text(it->leftown[k]));
			S_set(&it->leftvars[k][2], "is_fuzzy", S_bool(lv[k].kind == PO_FUZZY));
			S_set(&it->leftvars[k][3], "is_refused", S_bool(lv[k].kind == PO_REFUSED));
			S_set(&it->leftvars[k][4], "is_untranslated", S_bool(lv[k].kind == PO_UNTRANSLATED));
			it->left[k].vars = it->leftvars[k];
			it->left[k].n = 5;
		}
		num_int(pl->num, o->source ? 0 : st->words_left, &b);
		it->own[6] = buf_detach(&b, NULL);
		S_set(&it->vars[13], "left", S_list(it->left, nl));
		S_set(&it->vars[14], "words_left", S_num(it->own[6], o->source ? 0 : st->words_left));
		S_set(&it->vars[15], "source", S_bool(o->source));
		pl->lang_scopes[i].vars = it->vars;
		pl->lang_scopes[i].n = 16;
	}
	S_set(&pl->gvars[0], "lang", S_text(l->folder));
	S_set(&pl->gvars[1], "tag", S_text(l->tag));
	S_set(&pl->gvars[2], "dir", S_text(l->rtl ? "rtl" : "ltr"));
	S_set(&pl->gvars[3], "langs", S_list(pl->lang_scopes, nall));
	S_set(&pl->gvars[4], "default_lang", S_text(nall ? all[0]->folder : l->folder));
	S_set(&pl->gvars[5], "protocols", S_list(pl->proto_scopes, c->n));
	S_set(&pl->gvars[6], "base_url", S_text(base_url ? base_url : ""));
	S_set(&pl->gvars[7], "language", S_text(lang_get(l, "lang.name")));
	S_set(&pl->gvars[8], "drafted", S_bool(l->drafted));
	/* Where the site's root is for a page served at any address (404):
	 * the base URL, or the host's root. */
	S_set(&pl->gvars[9], "site", S_text(base_url && *base_url ? base_url : "/"));
	/* Markers the search script replaces in a translated sentence. */
	S_set(&pl->gvars[10], "ph_a", S_text("\u27e6a\u27e7"));
	S_set(&pl->gvars[11], "ph_b", S_text("\u27e6b\u27e7"));
	S_set(&pl->gvars[12], "ph_name", S_text("\u27e6name\u27e7"));
	S_set(&pl->gvars[13], "ph_proto", S_text("\u27e6proto\u27e7"));
	pl->global.vars = pl->gvars;
	pl->global.n = 14;
	/* What every page of the language shows around its own values: the
	 * switcher's names, the frame's values; and what only the status
	 * page shows, every language's figures and what it lacks. */
	uint64_t g = 1469598103934665603ULL, st = g;
	for (size_t v = 0; v < pl->global.n; v++)
		if (pl->gvars[v].v.kind != VAL_LIST)
			g = S_hval(g, &pl->gvars[v].v);
	for (size_t i = 0; i < nall; i++) {
		for (int v = 0; v < 4; v++)
			g = S_hval(g, &pl->langs[i].vars[v].v);
		for (size_t v = 4; v < pl->lang_scopes[i].n; v++)
			st = S_hval(st, &pl->langs[i].vars[v].v);
		for (size_t k = 0; k < pl->langs[i].vars[13].v.count; k++)
			for (int v = 0; v < 5; v++)
				st = S_hval(st, &pl->langs[i].leftvars[k][v].v);
	}
	pl->hash[0] = g;
	pl->hash[1] = S_h(st, &g, sizeof g);
	if (rc != 0) {
		page_lang_free(pl);
		return NULL;
	}
	return pl;
}

void page_lang_free(struct page_lang *pl)
{
	if (!pl)
		return;
	for (size_t i = 0; i < pl->cat->n; i++) {
		struct pproto *pp = &pl->protos[i];
		const struct catalog_protocol *p = &pl->cat->protocols[i];
		for (size_t k = 0; pp->codes && k < p->ncodes; k++) {
			struct pcode *c = &pp->codes[k];
			for (size_t j = 0; j < c->nown; j++)
				free(c->own[j]);
			free(c->refvars);
			free(c->refs);
		}
		for (size_t k = 0; pp->classes && k < p->nclasses; k++)
			free(pp->classes[k].codes);
		free(pp->classes);
		free(pp->class_scopes);
		free(pp->codes);
		free(pp->code_scopes);
		for (size_t k = 0; k < 4; k++)
			free(pp->own[k]);
	}
	for (size_t i = 0; pl->langs && i < pl->nall; i++) {
		struct plang_item *it = &pl->langs[i];
		for (size_t k = 0; k < 7; k++)
			free(it->own[k]);
		for (size_t k = 0; it->leftown && k < it->nleft; k++)
			free(it->leftown[k]);
		free(it->leftown);
		free(it->leftvars);
		free(it->left);
	}
	num_free(pl->num);
	free(pl->langs);
	free(pl->lang_scopes);
	free(pl->protos);
	free(pl->proto_scopes);
	free(pl);
}

const struct lang *page_lang_lang(const struct page_lang *pl)
{
	return pl->lang;
}

/*** Paths ***/

void page_code_path(struct buf *out, const struct catalog_protocol *p,
		    size_t code)
{
	buf_printf(out, "%s/%s-%s", p->id, p->codes[code].number,
		   p->codes[code].slug);
}

void page_compare_path(struct buf *out, const struct catalog_protocol *p,
		       size_t a, size_t b)
{
	buf_printf(out, "compare/%s/%s-%s-vs-%s-%s", p->id, p->codes[a].number,
		   p->codes[a].slug, p->codes[b].number, p->codes[b].slug);
}

/*** Pages ***/

void page_init(struct page *p)
{
	memset(p, 0, sizeof *p);
	p->path = (struct buf)BUF_INIT;
	p->root = (struct buf)BUF_INIT;
	p->abs = (struct buf)BUF_INIT;
	p->scratch = (struct buf)BUF_INIT;
}

void page_release(struct page *p)
{
	buf_release(&p->path);
	buf_release(&p->root);
	buf_release(&p->abs);
	buf_release(&p->scratch);
}

/* Starts a page at path depth `depth` below the language folder. */
static void S_begin(struct page *p, const struct page_lang *pl, int depth)
{
	buf_reset(&p->path);
	buf_reset(&p->root);
	buf_reset(&p->abs);
	for (int i = 0; i <= depth; i++)
		buf_puts(&p->root, "../");
	if (depth < 0)
		buf_reset(&p->root);
	if (pl->base_url && *pl->base_url)
		buf_puts(&p->abs, pl->base_url);
	else
		buf_put(&p->abs, p->root.ptr, p->root.len);
	p->n = 0;
	p->crumb = NULL;
	p->scope.parent = &pl->global;
	p->scope.vars = p->vars;
}

static void S_add(struct page *p, const char *name, struct val v)
{
	S_set(&p->vars[p->n++], name, v);
}

/* Values every page has; call last, once path is set. */
static void S_end(struct page *p)
{
	S_add(p, "root", (struct val){ .kind = VAL_TEXT, .s = p->root.ptr, .n = p->root.len });
	S_add(p, "abs", (struct val){ .kind = VAL_TEXT, .s = p->abs.ptr, .n = p->abs.len });
	S_add(p, "path", (struct val){ .kind = VAL_TEXT, .s = p->path.ptr, .n = p->path.len });
	/* The breadcrumb's protocol: one on a code or comparison page, none
	 * elsewhere (a list, so that no page names a value it lacks). */
	S_add(p, "crumb", S_list(p->crumb, p->crumb ? 1 : 0));
	p->scope.n = p->n;
}

static void S_protocol_vars(struct page *p, const struct page_lang *pl, size_t proto)
{
	S_add(p, "protocol", S_obj(&pl->proto_scopes[proto]));
	/* The protocol's own values, directly: {proto} in every sentence. */
	for (size_t i = 0; i < 2; i++)
		S_add(p, pl->protos[proto].vars[i].name, pl->protos[proto].vars[i].v);
}

void page_set_home(struct page *p, const struct page_lang *pl)
{
	S_begin(p, pl, 0);
	buf_puts(&p->path, "index");
	S_end(p);
}

void page_set_protocol(struct page *p, const struct page_lang *pl, size_t proto)
{
	const struct pproto *pp = &pl->protos[proto];
	const struct catalog_protocol *cp = &pl->cat->protocols[proto];
	S_begin(p, pl, 1);
	buf_printf(&p->path, "%s/index", cp->id);
	S_protocol_vars(p, pl, proto);
	S_add(p, "classes", S_list(pp->class_scopes, cp->nclasses));
	S_add(p, "codes", S_list(pp->code_scopes, cp->ncodes));
	S_end(p);
}

void page_set_code(struct page *p, const struct page_lang *pl, size_t proto,
		   size_t code)
{
	S_begin(p, pl, 1);
	page_code_path(&p->path, &pl->cat->protocols[proto], code);
	p->crumb = &pl->proto_scopes[proto];
	S_protocol_vars(p, pl, proto);
	S_add(p, "self", S_obj(&pl->protos[proto].code_scopes[code]));
	S_end(p);
}

void page_set_compare(struct page *p, const struct page_lang *pl,
		      size_t proto, size_t a, size_t b)
{
	const struct catalog_protocol *cp = &pl->cat->protocols[proto];
	S_begin(p, pl, 2);
	page_compare_path(&p->path, cp, a, b);
	p->crumb = &pl->proto_scopes[proto];
	S_protocol_vars(p, pl, proto);
	S_add(p, "a", S_obj(&pl->protos[proto].code_scopes[a]));
	S_add(p, "b", S_obj(&pl->protos[proto].code_scopes[b]));
	S_add(p, "same_class", S_bool(cp->codes[a].klass == cp->codes[b].klass));
	/* Learn More lists a reference both codes cite once. */
	const struct catalog_code *ka = &cp->codes[a], *kb = &cp->codes[b];
	p->nrefs = 0;
	for (size_t r = 0; r < kb->nrefs && p->nrefs < PAGE_MAX_REFS; r++) {
		bool dup = false;
		for (size_t q = 0; q < ka->nrefs && !dup; q++)
			dup = strcmp(ka->refs[q].href, kb->refs[r].href) == 0;
		if (!dup)
			p->refs[p->nrefs++] = pl->protos[proto].codes[b].refs[r];
	}
	S_add(p, "b_refs", S_list(p->refs, p->nrefs));
	S_end(p);
}

void page_set_redirect(struct page *p, const struct page_lang *pl,
		       size_t proto, size_t a, size_t b)
{
	const struct catalog_protocol *cp = &pl->cat->protocols[proto];
	S_begin(p, pl, 2);
	page_compare_path(&p->path, cp, b, a);
	buf_reset(&p->scratch);
	page_compare_path(&p->scratch, cp, a, b);
	S_protocol_vars(p, pl, proto);
	S_add(p, "a", S_obj(&pl->protos[proto].code_scopes[a]));
	S_add(p, "b", S_obj(&pl->protos[proto].code_scopes[b]));
	S_add(p, "target", (struct val){ .kind = VAL_TEXT, .s = p->scratch.ptr,
					 .n = p->scratch.len });
	S_end(p);
}

void page_set_status(struct page *p, const struct page_lang *pl)
{
	S_begin(p, pl, 0);
	buf_puts(&p->path, "status");
	S_end(p);
}

void page_set_root(struct page *p, const struct page_lang *pl)
{
	S_begin(p, pl, -1);
	S_end(p);
}

void page_set_named(struct page *p, const struct page_lang *pl, const char *path)
{
	S_begin(p, pl, path ? 0 : -1);
	buf_puts(&p->path, path ? path : "");
	S_end(p);
}

void page_set_compares(struct page *p, const struct page_lang *pl, size_t proto)
{
	const struct catalog_protocol *cp = &pl->cat->protocols[proto];
	S_begin(p, pl, 2);
	buf_printf(&p->path, "compare/%s/index", cp->id);
	S_protocol_vars(p, pl, proto);
	S_add(p, "codes", S_list(pl->protos[proto].code_scopes, cp->ncodes));
	S_end(p);
}

/*** Shapes: the names each kind of page has, for tmpl_check ***/

#define T(n) { n, VAL_TEXT, NULL }
#define B(n) { n, VAL_BOOL, NULL }
#define L(n, f) { n, VAL_LIST, f }
#define O(n, f) { n, VAL_SCOPE, f }
#define END { NULL, VAL_NONE, NULL }

/* Tentative definitions with their sizes: a code's lists hold codes. */
static const struct tmpl_shape S_code_shape[CV_COUNT + 1];
static const struct tmpl_shape S_ref_shape[] = { T("href"), T("label"), END };
static const struct tmpl_shape S_code_shape[CV_COUNT + 1] = {
	T("code"), T("slug"), T("name"), T("class"), T("description"),
	T("description_lc"), T("when"), T("when_clause"), T("fix"),
	L("refs", S_ref_shape), T("page"), L("earlier", S_code_shape),
	L("later", S_code_shape), B("has_later"), T("standing"), T("spec"), END
};
static const struct tmpl_shape S_proto_shape[] = {
	T("proto"), T("proto_id"), T("summary"), T("ncodes"), T("npairs"),
	L("codes", S_code_shape), END
};
static const struct tmpl_shape S_left_shape[] = {
	T("ctx"), T("where"), B("is_fuzzy"), B("is_refused"), B("is_untranslated"), END
};
static const struct tmpl_shape S_lang_shape[] = {
	T("folder"), T("tag"), T("name"), B("current"), T("percent"),
	T("translated"), T("fuzzy"), T("untranslated"), T("drafted"),
	T("reviewed"), T("pct"), T("choose"), T("choose_tag"),
	L("left", S_left_shape), T("words_left"), B("source"), END
};
static const struct tmpl_shape S_global_shape[] = {
	T("lang"), T("tag"), T("dir"), L("langs", S_lang_shape),
	T("default_lang"), L("protocols", S_proto_shape), T("base_url"),
	T("language"), B("drafted"), T("site"), T("ph_a"), T("ph_b"), T("ph_name"), T("ph_proto"), END
};
static const struct tmpl_shape S_class_shape[] = {
	T("name"), L("codes", S_code_shape), END
};
#define PAGE_COMMON T("root"), T("abs"), T("path"), L("crumb", S_proto_shape)
#define PAGE_PROTO O("protocol", S_proto_shape), T("proto"), T("proto_id")
static const struct tmpl_shape S_plain_page[] = { PAGE_COMMON, END };
static const struct tmpl_shape S_protocol_page[] = {
	PAGE_PROTO, L("classes", S_class_shape), L("codes", S_code_shape), PAGE_COMMON, END
};
static const struct tmpl_shape S_code_page[] = {
	PAGE_PROTO, O("self", S_code_shape), PAGE_COMMON, END
};
static const struct tmpl_shape S_compare_page[] = {
	PAGE_PROTO, O("a", S_code_shape), O("b", S_code_shape), B("same_class"),
	L("b_refs", S_ref_shape), PAGE_COMMON, END
};
static const struct tmpl_shape S_compares_page[] = {
	PAGE_PROTO, L("codes", S_code_shape), PAGE_COMMON, END
};
static const struct tmpl_shape S_redirect_page[] = {
	PAGE_PROTO, O("a", S_code_shape), O("b", S_code_shape), T("target"),
	PAGE_COMMON, END
};

const struct tmpl_shape *const *page_shape(enum page_kind k, size_t *n)
{
	static const struct tmpl_shape *const chains[PAGE_KIND_COUNT][2] = {
		[PAGE_COMPARE] = { S_compare_page, S_global_shape },
		[PAGE_CODE] = { S_code_page, S_global_shape },
		[PAGE_PROTOCOL] = { S_protocol_page, S_global_shape },
		[PAGE_HOME] = { S_plain_page, S_global_shape },
		[PAGE_STATUS] = { S_plain_page, S_global_shape },
		[PAGE_REDIRECT] = { S_redirect_page, S_global_shape },
		[PAGE_ROOT] = { S_plain_page, S_global_shape },
		[PAGE_SEARCH] = { S_plain_page, S_global_shape },
		[PAGE_INDEX] = { S_plain_page, S_global_shape },
		[PAGE_COMPARES] = { S_compares_page, S_global_shape },
		[PAGE_NOTFOUND] = { S_plain_page, S_global_shape },
		[PAGE_ROBOTS] = { S_plain_page, S_global_shape },
	};
	*n = 2;
	return chains[k];
}

/*** Hashes ***/

uint64_t page_hash_code(const struct page_lang *pl, size_t proto, size_t code)
{
	return pl->protos[proto].codes[code].hash;
}

uint64_t page_hash_proto(const struct page_lang *pl, size_t proto, int what)
{
	return pl->protos[proto].hash[what];
}

uint64_t page_hash_lang(const struct page_lang *pl, int what)
{
	return pl->hash[what];
}
