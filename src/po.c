#include "po.h"

#include "buf.h"
#include "map.h"
#include "text.h"

#include <gettext-po.h>
#include <errno.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct po_entry {
	const char *msgstr;          /* borrowed from the po_file_t */
	const char *plural[8];       /* msgstr[i] */
	int nplural;
	size_t words;                /* English words of the msgid */
	bool drafted;
	bool refused;
};

struct po {
	char *path;
	po_file_t file;
	struct map *entries; /* "ctx\004msgid" -> struct po_entry */
	struct po_entry **pool; /* owned entries, for po_free */
	size_t n, cap;
	char *header;
	char *plural_forms;
	struct po_stats stats;
	struct map *lines; /* msgctxt -> line of its msgstr, read once when needed */
	struct po_left *left;
	size_t nleft;
	bool left_lines;
};

static void S_left(struct po *po, const char *ctx, const char *msgid,
		   enum po_left_kind kind, size_t words)
{
	po->left = xrealloc(po->left, (po->nleft + 1) * sizeof *po->left);
	po->left[po->nleft++] = (struct po_left){ xstrdup(ctx ? ctx : msgid), kind, words, 0,
						  xstrdup(msgid) };
}

/*** Error reporting ***/

/* libgettextpo's handlers take no user pointer, so the diag of the read in
 * progress on this thread rides in a thread-local; a fatal error must not
 * return, so it jumps back to po_load. */
static _Thread_local struct {
	struct diag *d;
	const char *path;
	size_t errors;
	jmp_buf *fatal;
	struct buf *collect; /* when set, findings are gathered here, not reported */
	unsigned long collect_line;
} S_cur;

static void S_xerror(int severity, po_message_t m, const char *file,
		     size_t line, size_t column, int multiline,
		     const char *text)
{
	(void)m; (void)column; (void)multiline;
	if (S_cur.collect) {
		if (S_cur.collect->len)
			buf_puts(S_cur.collect, "; ");
		buf_puts(S_cur.collect, text);
		if (!S_cur.collect_line && line != (size_t)-1)
			S_cur.collect_line = (unsigned long)line;
		return;
	}
	enum diag_level lvl = severity == PO_SEVERITY_WARNING ? DIAG_WARNING : DIAG_ERROR;
	diag_report(S_cur.d, lvl, file ? file : S_cur.path,
		    line == (size_t)-1 ? 0 : (unsigned long)line, "%s", text);
	if (severity != PO_SEVERITY_WARNING)
		S_cur.errors++;
	if (severity == PO_SEVERITY_FATAL_ERROR)
		longjmp(*S_cur.fatal, 1);
}

static void S_xerror2(int severity, po_message_t m1, const char *f1, size_t l1,
		      size_t c1, int ml1, const char *t1, po_message_t m2,
		      const char *f2, size_t l2, size_t c2, int ml2,
		      const char *t2)
{
	(void)m2; (void)c2; (void)ml2;
	struct buf b = BUF_INIT;
	if (f2 && l2 != (size_t)-1)
		buf_printf(&b, "%s (%s:%zu: %s)", t1, f2, l2, t2);
	else
		buf_printf(&b, "%s (%s)", t1, t2);
	S_xerror(severity, m1, f1, l1, c1, ml1, b.ptr);
	buf_release(&b);
}

static const struct po_xerror_handler S_handler = { S_xerror, S_xerror2 };

/*** Plural-Forms: a tiny evaluator for gettext's C-like expressions ***/

struct S_expr {
	const char *p;
	unsigned long n;
	bool bad;
	int depth;
};

/* Real formulas nest a few levels; a hostile header must not exhaust the
 * stack. */
#define PO_MAX_NESTING 64

static unsigned long S_ternary(struct S_expr *e);
static unsigned long S_atom(struct S_expr *e);

static void S_ws(struct S_expr *e)
{
	while (*e->p == ' ' || *e->p == '\t' || *e->p == '\n')
		e->p++;
}

static bool S_eat(struct S_expr *e, const char *tok)
{
	S_ws(e);
	size_t l = strlen(tok);
	if (strncmp(e->p, tok, l) != 0)
		return false;
	/* "=" must not match the start of "==", "<" not "<=". */
	if (l == 1 && (tok[0] == '<' || tok[0] == '>' || tok[0] == '!') && e->p[1] == '=')
		return false;
	e->p += l;
	return true;
}

static unsigned long S_primary(struct S_expr *e)
{
	S_ws(e);
	if (e->bad || ++e->depth > PO_MAX_NESTING) {
		e->bad = true;
		return 0;
	}
	unsigned long v = 0;
	if (S_eat(e, "!")) {
		v = !S_primary(e);
	} else if (S_eat(e, "(")) {
		v = S_ternary(e);
		if (!S_eat(e, ")"))
			e->bad = true;
	} else {
		v = S_atom(e);
	}
	e->depth--;
	return v;
}

static unsigned long S_atom(struct S_expr *e)
{
	if (*e->p == 'n') {
		e->p++;
		return e->n;
	}
	if (*e->p >= '0' && *e->p <= '9') {
		char *end;
		unsigned long v = strtoul(e->p, &end, 10);
		e->p = end;
		return v;
	}
	e->bad = true;
	return 0;
}

static unsigned long S_mul(struct S_expr *e)
{
	unsigned long v = S_primary(e);
	for (;;) {
		if (S_eat(e, "*")) {
			v *= S_primary(e);
		} else if (S_eat(e, "/") || S_eat(e, "%")) {
			char op = e->p[-1];
			unsigned long r = S_primary(e);
			if (r == 0) {
				e->bad = true;
				return 0;
			}
			v = op == '/' ? v / r : v % r;
		} else {
			return v;
		}
	}
}

static unsigned long S_add(struct S_expr *e)
{
	unsigned long v = S_mul(e);
	for (;;) {
		if (S_eat(e, "+"))
			v += S_mul(e);
		else if (S_eat(e, "-"))
			v -= S_mul(e);
		else
			return v;
	}
}

static unsigned long S_rel(struct S_expr *e)
{
	unsigned long v = S_add(e);
	for (;;) {
		if (S_eat(e, "<="))
			v = v <= S_add(e);
		else if (S_eat(e, ">="))
			v = v >= S_add(e);
		else if (S_eat(e, "<"))
			v = v < S_add(e);
		else if (S_eat(e, ">"))
			v = v > S_add(e);
		else
			return v;
	}
}

static unsigned long S_eq(struct S_expr *e)
{
	unsigned long v = S_rel(e);
	for (;;) {
		if (S_eat(e, "=="))
			v = v == S_rel(e);
		else if (S_eat(e, "!="))
			v = v != S_rel(e);
		else
			return v;
	}
}

static unsigned long S_and(struct S_expr *e)
{
	unsigned long v = S_eq(e);
	while (S_eat(e, "&&")) {
		unsigned long r = S_eq(e);
		v = v && r;
	}
	return v;
}

static unsigned long S_or(struct S_expr *e)
{
	unsigned long v = S_and(e);
	while (S_eat(e, "||")) {
		unsigned long r = S_and(e);
		v = v || r;
	}
	return v;
}

static unsigned long S_ternary(struct S_expr *e)
{
	if (e->bad || ++e->depth > PO_MAX_NESTING) {
		e->bad = true;
		return 0;
	}
	unsigned long c = S_or(e);
	if (S_eat(e, "?")) {
		unsigned long a = S_ternary(e);
		if (!S_eat(e, ":"))
			e->bad = true;
		unsigned long b = S_ternary(e);
		c = c ? a : b;
	}
	e->depth--;
	return c;
}

int po_plural_index(const char *header, unsigned long n)
{
	if (!header)
		return n != 1;
	const char *np = strstr(header, "nplurals=");
	const char *pl = strstr(header, "plural=");
	if (pl && pl > header && pl[-1] == 'n')
		pl = strstr(pl + 1, "plural=");
	if (!np || !pl)
		return -1;
	unsigned long nplurals = strtoul(np + 9, NULL, 10);
	struct S_expr e = { pl + 7, n, false, 0 };
	unsigned long v = S_ternary(&e);
	S_ws(&e);
	if (e.bad || (*e.p != ';' && *e.p != '\0') || nplurals == 0 ||
	    nplurals > 8 || v >= nplurals)
		return -1;
	return (int)v;
}

/*** Loading ***/

/* Line of the msgstr of m in path: libgettextpo keeps no position of its
 * own, so find the entry by its msgctxt (every versus message has one) or
 * the first line of its msgid. 0 when not found. */
unsigned long po_msgstr_line(const char *path, const char *ctx, const char *msgid)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	struct buf key = BUF_INIT;
	if (ctx)
		buf_printf(&key, "msgctxt \"%s\"", ctx);
	else
		buf_printf(&key, "msgid \"%.*s", (int)strcspn(msgid, "\"\\\n"), msgid);
	char line[4096];
	unsigned long no = 0, found = 0;
	bool seen = false;
	while (fgets(line, sizeof line, f)) {
		no++;
		if (!seen && strncmp(line, key.ptr, key.len) == 0)
			seen = true;
		if (seen && strncmp(line, "msgstr", 6) == 0) {
			found = no;
			break;
		}
	}
	fclose(f);
	buf_release(&key);
	return found;
}

/* The header's charset (the first "charset=" of the file, in the header
 * entry at its top) must be UTF-8. 0, or -1 after reporting. */
static int S_precheck_charset(const char *path, struct diag *d)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		diag_report(d, DIAG_ERROR, path, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	char line[4096];
	unsigned long no = 0;
	int rc = 0;
	while (fgets(line, sizeof line, f) && no < 200) {
		no++;
		const char *cs = strstr(line, "charset=");
		if (!cs)
			continue;
		cs += 8;
		size_t n = strcspn(cs, "\\\" \t\r\n;");
		if (!(n == 5 && strncasecmp(cs, "UTF-8", 5) == 0) &&
		    !(n == 4 && strncasecmp(cs, "UTF8", 4) == 0)) {
			diag_report(d, DIAG_ERROR, path, no,
				    "the charset must be UTF-8, not %.*s (convert with msgconv -t UTF-8)",
				    (int)n, cs);
			rc = -1;
		}
		break;
	}
	fclose(f);
	return rc;
}

static bool S_has_placeholder(const char *s)
{
	const char *o = strchr(s, '{');
	return o && strchr(o, '}');
}

static void S_key(struct buf *k, const char *ctx, const char *msgid)
{
	buf_reset(k);
	if (ctx) {
		buf_puts(k, ctx);
		buf_putc(k, '\004');
	}
	buf_puts(k, msgid);
}

static int S_check_header(struct po *po, const char *path, struct diag *d)
{
	char *ct = po_header_field(po->header, "Content-Type");
	int rc = 0;
	const char *cs = ct ? strstr(ct, "charset=") : NULL;
	if (!cs || strncasecmp(cs + 8, "UTF-8", 5) != 0) {
		diag_report(d, DIAG_ERROR, path, diag_line_of(path, "Content-Type"),
			    "the charset must be UTF-8 (Content-Type: %s)",
			    ct ? ct : "missing");
		rc = -1;
	}
	free(ct);
	po->plural_forms = po_header_field(po->header, "Plural-Forms");
	if (po->plural_forms) {
		for (unsigned long n = 0; n < 1000; n++)
			if (po_plural_index(po->plural_forms, n) < 0) {
				diag_report(d, DIAG_ERROR, path,
					    diag_line_of(path, "Plural-Forms"),
					    "bad Plural-Forms header: %s", po->plural_forms);
				rc = -1;
				break;
			}
	}
	return rc;
}

/* Checks one message; returns true if it may be used. */
static bool S_usable(po_message_t m, const char *path)
{
	const char *str = po_message_msgstr(m);
	if (po_message_msgid_plural(m)) {
		str = po_message_msgstr_plural(m, 0);
		for (int i = 0; po_message_msgstr_plural(m, i); i++)
			if (!*po_message_msgstr_plural(m, i))
				return false;
	}
	if (!str || !*str)
		return false;
	/* The flag may be missing from a hand-written entry; check anyway. */
	if (S_has_placeholder(po_message_msgid(m)))
		po_message_set_format(m, "python-brace-format", 1);
	/* Collect libgettextpo's findings, then say it once: where, what, and
	 * what happens instead. */
	struct buf found = BUF_INIT;
	S_cur.collect = &found;
	S_cur.collect_line = 0;
	po_message_check_format(m, &S_handler);
	S_cur.collect = NULL;
	bool ok = found.len == 0;
	if (!ok)
		diag_report(S_cur.d, DIAG_WARNING, path, S_cur.collect_line,
			    "translation of \"%.50s\" refused (%s): English is used",
			    po_message_msgid(m), found.ptr);
	buf_release(&found);
	if (!ok)
		return false;
	for (int i = 0; i < 8; i++) {
		const char *s = i ? po_message_msgstr_plural(m, i) : str;
		if (s && !text_valid(s, strlen(s))) {
			diag_report(S_cur.d, DIAG_WARNING, path,
				    po_msgstr_line(path, po_message_msgctxt(m), po_message_msgid(m)),
				    "translation of \"%.60s\" has control characters: English is used",
				    po_message_msgid(m));
			return false;
		}
		if (!po_message_msgid_plural(m))
			break;
	}
	return true;
}

struct po *po_load(const char *path, struct diag *d)
{
	struct po *po = xcalloc(1, sizeof *po);
	po->path = xstrdup(path);
	jmp_buf fatal;
	S_cur.d = d;
	S_cur.path = path;
	S_cur.errors = 0;
	S_cur.fatal = &fatal;
	if (setjmp(fatal)) {
		/* The half-read po_file_t is lost: libgettextpo gives no way back. */
		po->file = NULL;
		goto fail;
	}
	/* Before libgettextpo sees it: a charset other than UTF-8 sends it into
	 * conversions and fatal errors that it does not return from cleanly. */
	if (S_precheck_charset(path, d) != 0)
		goto fail;
	po->file = po_file_read(path, &S_handler);
	if (!po->file || S_cur.errors) {
		if (!S_cur.errors)
			diag_report(d, DIAG_ERROR, path, 0, "cannot read this PO file");
		goto fail;
	}
	/* Despite its const, po_file_domain_header returns a copy to free. */
	const char *h = po_file_domain_header(po->file, NULL);
	po->header = h ? (char *)h : xstrdup("");
	if (S_check_header(po, path, d) != 0)
		goto fail;

	po->entries = map_new();
	struct buf key = BUF_INIT;
	po_message_iterator_t it = po_message_iterator(po->file, NULL);
	po_message_t m;
	while ((m = po_next_message(it))) {
		const char *id = po_message_msgid(m);
		if (!*id || po_message_is_obsolete(m))
			continue;
		size_t words = text_words(id);
		bool plural = po_message_msgid_plural(m) != NULL;
		const char *first = plural ? po_message_msgstr_plural(m, 0)
					   : po_message_msgstr(m);
		if (!first || !*first) {
			po->stats.untranslated++;
			po->stats.words_left += words;
			S_left(po, po_message_msgctxt(m), id, PO_UNTRANSLATED, words);
			continue;
		}
		if (po_message_is_fuzzy(m)) {
			po->stats.fuzzy++;
			po->stats.words_left += words;
			S_left(po, po_message_msgctxt(m), id, PO_FUZZY, words);
			continue;
		}
		if (!S_usable(m, path)) {
			po->stats.refused++;
			po->stats.untranslated++;
			po->stats.words_left += words;
			S_left(po, po_message_msgctxt(m), id, PO_REFUSED, words);
			continue;
		}
		po->stats.translated++;
		po->stats.words_translated += words;
		/* A translator comment marks a draft that no person reviewed yet:
		 * msgmerge, Poedit and Weblate keep it; a reviewer deletes it. */
		const char *tc = po_message_comments(m);
		bool drafted = tc && strstr(tc, PO_DRAFT_MARK) != NULL;
		if (drafted)
			po->stats.drafted++;
		if (po->n == po->cap) {
			po->cap = po->cap ? po->cap * 2 : 64;
			po->pool = xrealloc(po->pool, po->cap * sizeof *po->pool);
		}
		struct po_entry *e = xcalloc(1, sizeof *e);
		po->pool[po->n++] = e;
		e->msgstr = first;
		e->words = words;
		e->drafted = drafted;
		for (int k = 0; plural && k < 8 && po_message_msgstr_plural(m, k); k++)
			e->plural[e->nplural++] = po_message_msgstr_plural(m, k);
		S_key(&key, po_message_msgctxt(m), id);
		map_put(po->entries, key.ptr, key.len, e);
	}
	po_message_iterator_free(it);
	buf_release(&key);
	return po;
fail:
	po_free(po);
	return NULL;
}

void po_free(struct po *po)
{
	if (!po)
		return;
	if (po->file)
		po_file_free(po->file);
	map_free(po->entries);
	map_free(po->lines);
	for (size_t i = 0; i < po->nleft; i++) {
		free(po->left[i].ctx);
		free(po->left[i].msgid);
	}
	free(po->left);
	for (size_t i = 0; i < po->n; i++)
		free(po->pool[i]);
	free(po->pool);
	free(po->header);
	free(po->plural_forms);
	free(po->path);
	free(po);
}

static const struct po_entry *S_find(const struct po *po, const char *ctx,
				     const char *msgid)
{
	if (!po || !po->entries)
		return NULL;
	struct buf key = BUF_INIT;
	S_key(&key, ctx, msgid);
	const struct po_entry *e = map_get(po->entries, key.ptr, key.len);
	buf_release(&key);
	return e;
}

const char *po_get(const struct po *po, const char *ctx, const char *msgid)
{
	const struct po_entry *e = S_find(po, ctx, msgid);
	return e ? e->msgstr : NULL;
}

const char *po_get_plural(const struct po *po, const char *ctx,
			  const char *msgid, unsigned long n)
{
	const struct po_entry *e = S_find(po, ctx, msgid);
	if (!e || !e->nplural)
		return NULL;
	int i = po_plural_index(po->plural_forms, n);
	return i >= 0 && i < e->nplural ? e->plural[i] : NULL;
}

/* Line of the msgstr of (ctx, msgid): from an index of the file's
 * entries, read once however many entries are asked for. An entry is
 * found by its context and its msgid where that fits on the msgid line
 * (contexts shared by several entries: reference labels), else by its
 * context alone. */
static unsigned long S_line(struct po *po, const char *ctx, const char *msgid)
{
	if (!ctx)
		return po_msgstr_line(po->path, ctx, msgid);
	if (!po->lines) {
		po->lines = map_new();
		FILE *f = fopen(po->path, "r");
		char *line = NULL, *pending = NULL;
		size_t cap = 0;
		unsigned long no = 0;
		struct buf key = BUF_INIT;
		while (f && getline(&line, &cap, f) > 0) {
			no++;
			if (strncmp(line, "msgctxt \"", 9) == 0) {
				free(pending);
				pending = xstrndup(line + 9, strcspn(line + 9, "\""));
				buf_reset(&key);
			} else if (pending && strncmp(line, "msgid \"", 7) == 0) {
				size_t n = strlen(line + 7);
				while (n && (line[7 + n - 1] == '\n' || line[7 + n - 1] == '"'))
					n--;
				buf_reset(&key);
				buf_printf(&key, "%s\004%.*s", pending, (int)n, line + 7);
			} else if (pending && strncmp(line, "msgstr", 6) == 0) {
				void *v = (void *)(uintptr_t)no;
				if (!map_get(po->lines, pending, strlen(pending)))
					map_put(po->lines, pending, strlen(pending), v);
				if (key.len && !map_get(po->lines, key.ptr, key.len))
					map_put(po->lines, key.ptr, key.len, v);
				free(pending);
				pending = NULL;
			}
		}
		buf_release(&key);
		free(pending);
		free(line);
		if (f)
			fclose(f);
	}
	struct buf key = BUF_INIT;
	buf_printf(&key, "%s\004", ctx);
	for (const char *p = msgid; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_putc(&key, '\\');
		buf_putc(&key, *p == '\n' ? 'n' : *p);
	}
	uintptr_t v = (uintptr_t)map_get(po->lines, key.ptr, key.len);
	buf_release(&key);
	if (!v)
		v = (uintptr_t)map_get(po->lines, ctx, strlen(ctx));
	return (unsigned long)v;
}

bool po_refuse(struct po *po, const char *ctx, const char *msgid,
	       const char *why, struct diag *d)
{
	struct po_entry *e = (struct po_entry *)S_find(po, ctx, msgid);
	if (!e)
		return false;
	diag_report(d, DIAG_WARNING, po->path, S_line(po, ctx, msgid),
		    "translation of %s refused (%s): English is used",
		    ctx ? ctx : msgid, why);
	struct buf key = BUF_INIT;
	S_key(&key, ctx, msgid);
	map_put(po->entries, key.ptr, key.len, NULL);
	buf_release(&key);
	e->refused = true;
	S_left(po, ctx, msgid, PO_REFUSED, e->words);
	po->stats.translated--;
	po->stats.words_translated -= e->words;
	if (e->drafted)
		po->stats.drafted--;
	po->stats.refused++;
	po->stats.untranslated++;
	po->stats.words_left += e->words;
	return true;
}

size_t po_forms(const struct po *po, const char *ctx, const char *msgid,
		const char *const **forms)
{
	const struct po_entry *e = S_find(po, ctx, msgid);
	if (!e)
		return 0;
	if (!e->nplural) {
		*forms = &e->msgstr;
		return 1;
	}
	*forms = e->plural;
	return (size_t)e->nplural;
}

bool po_drafted(const struct po *po, const char *ctx, const char *msgid)
{
	const struct po_entry *e = S_find(po, ctx, msgid);
	return e && e->drafted;
}

size_t po_left(struct po *po, const struct po_left **v)
{
	if (!po->left_lines) {
		for (size_t i = 0; i < po->nleft; i++)
			po->left[i].line = S_line(po, po->left[i].ctx, po->left[i].msgid);
		po->left_lines = true;
	}
	*v = po->left;
	return po->nleft;
}

unsigned po_percent(const struct po_stats *st)
{
	size_t total = st->translated + st->fuzzy + st->untranslated;
	if (!total)
		return 100;
	/* Down, so that 100 % means complete, the same in --stats and on the
	 * status page. */
	return (unsigned)(st->translated * 100 / total);
}

const char *po_path(const struct po *po)
{
	return po->path;
}

const struct po_stats *po_stats(const struct po *po)
{
	return &po->stats;
}
