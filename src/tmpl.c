#include "tmpl.h"

#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum op_type { OP_TEXT, OP_VAR, OP_MSG, OP_SECTION, OP_INVERTED, OP_END };
enum filter { F_NONE, F_YAML, F_LANG, F_URL, F_JSON };

/* {{@key n=count}}: the message's {n} is the page's value "count". */
#define TMPL_MAX_ARGS 4
struct arg {
	char *name; /* NUL-terminated (kept in sources) */
	const char *value;
	size_t vn;
};

struct op {
	enum op_type type;
	struct arg args[TMPL_MAX_ARGS];
	size_t nargs;
	const char *s; /* text, or the name */
	size_t n;
	enum filter filter;
	long msg;      /* OP_MSG */
	size_t end;    /* sections: index of the matching OP_END */
	const char *file;
	unsigned long line;
};

struct tmpl {
	bool html;
	struct op *ops;
	size_t n, cap;
	char **sources; /* file contents and names the ops point into */
	size_t nsources;
};

/* Partials may include partials; a cycle stops here. */
#define TMPL_MAX_DEPTH 8

/*** Parsing ***/

static char *S_keep(struct tmpl *t, char *s)
{
	t->sources = xrealloc(t->sources, (t->nsources + 1) * sizeof *t->sources);
	t->sources[t->nsources++] = s;
	return s;
}

static struct op *S_emit(struct tmpl *t, enum op_type type, const char *s,
			 size_t n, const char *file, unsigned long line)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->ops = xrealloc(t->ops, t->cap * sizeof *t->ops);
	}
	struct op *o = &t->ops[t->n++];
	memset(o, 0, sizeof *o);
	o->type = type;
	o->s = s;
	o->n = n;
	o->file = file;
	o->line = line;
	return o;
}

static char *S_read_file(const char *path, size_t *len, struct diag *d)
{
	struct buf b = BUF_INIT;
	if (buf_read_file(&b, path) != 0) {
		diag_report(d, DIAG_ERROR, path, 0, "cannot read template: %s", strerror(errno));
		buf_release(&b);
		return NULL;
	}
	if (!text_valid(b.ptr, b.len)) {
		diag_report(d, DIAG_ERROR, path, 0, "not valid UTF-8 text");
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, len);
}

static bool S_name_ok(const char *s, size_t n)
{
	while (n > 3 && memcmp(s, "../", 3) == 0) {
		s += 3;
		n -= 3;
	}
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

static unsigned long S_line(const char *src, const char *p)
{
	unsigned long line = 1;
	for (; src < p; src++)
		line += *src == '\n';
	return line;
}

static int S_parse(struct tmpl *t, const char *dir, const char *name,
		   const struct msgs *m, int depth, struct diag *d);

/* Parses one tag's body [b, e); returns 0 or -1 after reporting. */
static int S_tag(struct tmpl *t, const char *dir, const char *ext,
		 const char *b, const char *e, const char *file,
		 unsigned long line, const struct msgs *m, int depth,
		 size_t *stack, size_t *sp, struct diag *d)
{
	while (b < e && *b == ' ')
		b++;
	while (e > b && e[-1] == ' ')
		e--;
	char sigil = b < e ? *b : '\0';
	if (sigil == '!')
		return 0;
	if (strchr("#^/>@", sigil) && sigil)
		b++;
	/* The filter closes the tag: {{@key n=count|lang}}. */
	enum filter filter = F_NONE;
	const char *bar = memchr(b, '|', (size_t)(e - b));
	if (bar) {
		size_t fl = (size_t)(e - bar - 1);
		if (fl == 4 && memcmp(bar + 1, "yaml", 4) == 0)
			filter = F_YAML;
		else if (fl == 3 && memcmp(bar + 1, "url", 3) == 0 && !strchr("#^/>@", sigil))
			filter = F_URL;
		else if (fl == 4 && memcmp(bar + 1, "json", 4) == 0 && !strchr("#^/>", sigil))
			filter = F_JSON;
		else if (fl == 4 && memcmp(bar + 1, "lang", 4) == 0 && !strchr("#^/>", sigil))
			filter = F_LANG;
		else {
			diag_report(d, DIAG_ERROR, file, line, "unknown filter \"%.*s\"",
				    (int)(e - bar - 1), bar + 1);
			return -1;
		}
		e = bar;
	}
	struct arg args[TMPL_MAX_ARGS];
	size_t nargs = 0;
	if (sigil == '@') {
		/* "key n=count m=other": the arguments follow the key. */
		const char *space = memchr(b, ' ', (size_t)(e - b));
		const char *q = space;
		while (q && q < e) {
			while (q < e && *q == ' ')
				q++;
			const char *eq = memchr(q, '=', (size_t)(e - q));
			const char *next = memchr(q, ' ', (size_t)(e - q));
			if (!next)
				next = e;
			if (!eq || eq > next || nargs == TMPL_MAX_ARGS ||
			    !S_name_ok(q, (size_t)(eq - q)) ||
			    !S_name_ok(eq + 1, (size_t)(next - eq - 1))) {
				diag_report(d, DIAG_ERROR, file, line,
					    "bad argument \"%.*s\": write name=value",
					    (int)(next - q), q);
				return -1;
			}
			args[nargs].name = S_keep(t, xstrndup(q, (size_t)(eq - q)));
			args[nargs].value = eq + 1;
			args[nargs].vn = (size_t)(next - eq - 1);
			nargs++;
			q = next;
		}
		if (space)
			e = space;
	}
	size_t n = (size_t)(e - b);
	if (!S_name_ok(b, n)) {
		diag_report(d, DIAG_ERROR, file, line, "bad tag \"{{%.*s}}\"",
			    (int)(e - b + (sigil && strchr("#^/>@", sigil) ? 1 : 0)),
			    sigil && strchr("#^/>@", sigil) ? b - 1 : b);
		return -1;
	}
	switch (sigil) {
	case '#':
	case '^':
		if (*sp == TMPL_MAX_DEPTH * 4) {
			diag_report(d, DIAG_ERROR, file, line, "sections nested too deep");
			return -1;
		}
		stack[(*sp)++] = t->n;
		S_emit(t, sigil == '#' ? OP_SECTION : OP_INVERTED, b, n, file, line);
		return 0;
	case '/': {
		if (*sp == 0) {
			diag_report(d, DIAG_ERROR, file, line, "{{/%.*s}} closes no section",
				    (int)n, b);
			return -1;
		}
		struct op *open = &t->ops[stack[--(*sp)]];
		if (open->n != n || memcmp(open->s, b, n) != 0) {
			diag_report(d, DIAG_ERROR, file, line,
				    "{{/%.*s}} closes {{#%.*s}} of line %lu", (int)n, b,
				    (int)open->n, open->s, open->line);
			return -1;
		}
		open->end = t->n;
		S_emit(t, OP_END, b, n, file, line);
		return 0;
	}
	case '>': {
		/* A partial is a file of the templates folder, which versus
		 * reads and hashes; nothing from elsewhere. */
		if (memchr(b, '/', n) || *b == '.') {
			diag_report(d, DIAG_ERROR, file, line,
				    "{{>%.*s}}: a partial is a file of the templates folder, named without a path",
				    (int)n, b);
			return -1;
		}
		if (depth >= TMPL_MAX_DEPTH) {
			diag_report(d, DIAG_ERROR, file, line,
				    "partials nested too deep (a cycle?)");
			return -1;
		}
		struct buf part = BUF_INIT, path = BUF_INIT;
		buf_printf(&part, "%.*s%s", (int)n, b, ext);
		buf_printf(&path, "%s/%s", dir, part.ptr);
		int rc = -1;
		if (access(path.ptr, R_OK) != 0)
			diag_report(d, DIAG_ERROR, file, line, "{{>%.*s}}: cannot read %s: %s",
				    (int)n, b, path.ptr, strerror(errno));
		else
			rc = S_parse(t, dir, part.ptr, m, depth + 1, d);
		buf_release(&part);
		buf_release(&path);
		return rc;
	}
	case '@': {
		long i = msgs_find(m, b, n);
		if (i < 0) {
			diag_report(d, DIAG_ERROR, file, line,
				    "unknown message \"%.*s\" (not in %s)", (int)n, b, m->file);
			return -1;
		}
		struct op *o = S_emit(t, OP_MSG, b, n, file, line);
		o->msg = i;
		o->filter = filter;
		memcpy(o->args, args, nargs * sizeof *args);
		o->nargs = nargs;
		return 0;
	}
	default:
		S_emit(t, OP_VAR, b, n, file, line)->filter = filter;
		return 0;
	}
}

static int S_parse(struct tmpl *t, const char *dir, const char *name,
		   const struct msgs *m, int depth, struct diag *d)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, name);
	char *file = S_keep(t, buf_detach(&path, NULL));
	size_t len;
	char *src = S_read_file(file, &len, d);
	if (!src)
		return -1;
	S_keep(t, src);
	const char *ext = strrchr(name, '.');
	ext = ext ? ext : "";
	size_t stack[TMPL_MAX_DEPTH * 4], sp = 0;
	const char *p = src, *end = src + len;
	while (p < end) {
		const char *open = strstr(p, "{{");
		if (!open)
			open = end;
		const char *text_end = open;
		const char *after = NULL;
		if (open < end) {
			const char *close = strstr(open + 2, "}}");
			const char *again = strstr(open + 2, "{{");
			if (!close || (again && again < close)) {
				diag_report(d, DIAG_ERROR, file, S_line(src, open),
					    "unclosed tag \"{{\"");
				return -1;
			}
			after = close + 2;
			/* A block tag alone on its line takes the line with it. */
			char sig = open[2];
			if (sig == '#' || sig == '^' || sig == '/' || sig == '!' || sig == '>') {
				const char *ls = open;
				while (ls > p && (ls[-1] == ' ' || ls[-1] == '\t'))
					ls--;
				const char *le = after;
				while (le < end && (*le == ' ' || *le == '\t'))
					le++;
				if ((ls == src || ls[-1] == '\n') && (le == end || *le == '\n')) {
					text_end = ls;
					after = le < end ? le + 1 : le;
				}
			}
		}
		if (text_end > p)
			S_emit(t, OP_TEXT, p, (size_t)(text_end - p), file, S_line(src, p));
		if (open >= end)
			break;
		const char *close = strstr(open + 2, "}}");
		if (S_tag(t, dir, ext, open + 2, close, file, S_line(src, open), m,
			  depth, stack, &sp, d) != 0)
			return -1;
		p = after;
	}
	if (sp) {
		const struct op *o = &t->ops[stack[sp - 1]];
		diag_report(d, DIAG_ERROR, file, o->line, "{{#%.*s}} is never closed",
			    (int)o->n, o->s);
		return -1;
	}
	return 0;
}

struct tmpl *tmpl_load(const char *dir, const char *name, const struct msgs *m,
		       struct diag *d)
{
	struct tmpl *t = xcalloc(1, sizeof *t);
	const char *ext = strrchr(name, '.');
	t->html = ext && (strcmp(ext, ".html") == 0 || strcmp(ext, ".xml") == 0);
	if (S_parse(t, dir, name, m, 0, d) != 0) {
		tmpl_free(t);
		return NULL;
	}
	return t;
}

uint64_t tmpl_hash(const struct tmpl *t, uint64_t h)
{
	for (size_t i = 0; i < t->nsources; i++) {
		const unsigned char *p = (const unsigned char *)t->sources[i];
		for (; *p; p++) {
			h ^= *p;
			h *= 1099511628211ULL;
		}
		h ^= 0xff;
		h *= 1099511628211ULL;
	}
	return h;
}

void tmpl_msgs_used(const struct tmpl *t, bool *used)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->ops[i].type == OP_MSG)
			used[t->ops[i].msg] = true;
}

void tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nsources; i++)
		free(t->sources[i]);
	free(t->sources);
	free(t->ops);
	free(t);
}

/*** Checking against a page's shape ***/

struct S_chk {
	const struct tmpl *t;
	const struct msgs *m;
	struct diag *d;
	int rc;
};

/* A scope chain of shapes, as S_find walks values. */
struct S_level {
	const struct S_level *parent;
	const struct tmpl_shape *fields;
};

static const struct tmpl_shape *S_field(const struct tmpl_shape *f, const char *name,
					size_t n)
{
	for (; f && f->name; f++)
		if (strncmp(f->name, name, n) == 0 && f->name[n] == '\0')
			return f;
	return NULL;
}

static const struct tmpl_shape *S_shape(const struct S_level *l, const char *name,
					size_t n)
{
	while (n > 3 && memcmp(name, "../", 3) == 0 && l) {
		l = l->parent;
		name += 3;
		n -= 3;
	}
	const char *dot = memchr(name, '.', n);
	size_t head = dot ? (size_t)(dot - name) : n;
	for (; l; l = l->parent) {
		const struct tmpl_shape *f = S_field(l->fields, name, head);
		if (!f)
			continue;
		while (dot) {
			if (f->kind != VAL_SCOPE)
				return NULL;
			const char *rest = dot + 1;
			size_t rn = n - (size_t)(rest - name);
			dot = memchr(rest, '.', rn);
			size_t h = dot ? (size_t)(dot - rest) : rn;
			f = S_field(f->fields, rest, h);
			if (!f)
				return NULL;
			name = rest;
			n = rn;
		}
		return f;
	}
	return NULL;
}

static void S_chk_fail(struct S_chk *c, const struct op *o, const char *what,
		       const char *name, size_t n)
{
	diag_report(c->d, DIAG_ERROR, o->file, o->line, "%s \"%.*s\"", what, (int)n, name);
	c->rc = -1;
}

/* The placeholders of message g, with the op's arguments as names. */
static void S_chk_msg(struct S_chk *c, const struct op *o, const struct S_level *l)
{
	struct tmpl_shape args[TMPL_MAX_ARGS + 1];
	memset(args, 0, sizeof args);
	for (size_t k = 0; k < o->nargs; k++) {
		const struct tmpl_shape *v = S_shape(l, o->args[k].value, o->args[k].vn);
		if (!v) {
			S_chk_fail(c, o, "unknown value", o->args[k].value, o->args[k].vn);
			return;
		}
		args[k] = *v;
		args[k].name = o->args[k].name;
	}
	struct S_level local = { l, args };
	const struct msg *g = &c->m->v[o->msg];
	for (int form = 0; form < 2; form++) {
		const char *text = form ? g->plural : g->text;
		struct msgs_piece pc;
		for (const char *p = text; p;) {
			p = msgs_format_next(p, &pc);
			if (!p || !pc.name)
				continue;
			const struct tmpl_shape *v = S_shape(&local, pc.s, pc.n);
			if (!v || v->kind == VAL_LIST || v->kind == VAL_SCOPE || v->kind == VAL_BOOL)
				S_chk_fail(c, o, v ? "not a text:" : "unknown value", pc.s, pc.n);
		}
		if (!g->plural)
			break;
	}
}

static void S_chk_range(struct S_chk *c, size_t from, size_t to, const struct S_level *l)
{
	for (size_t i = from; i < to; i++) {
		const struct op *o = &c->t->ops[i];
		switch (o->type) {
		case OP_TEXT:
		case OP_END:
			break;
		case OP_VAR: {
			const struct tmpl_shape *v = S_shape(l, o->s, o->n);
			if (!v)
				S_chk_fail(c, o, "unknown value", o->s, o->n);
			else if (v->kind != VAL_TEXT)
				S_chk_fail(c, o, "not a text:", o->s, o->n);
			break;
		}
		case OP_MSG:
			S_chk_msg(c, o, l);
			break;
		case OP_SECTION:
		case OP_INVERTED: {
			const struct tmpl_shape *v = S_shape(l, o->s, o->n);
			if (!v) {
				S_chk_fail(c, o, "unknown value", o->s, o->n);
			} else if (o->type == OP_SECTION && (v->kind == VAL_LIST || v->kind == VAL_SCOPE)) {
				struct S_level item = { l, v->fields };
				S_chk_range(c, i + 1, o->end, &item);
			} else {
				S_chk_range(c, i + 1, o->end, l);
			}
			i = o->end;
			break;
		}
		}
	}
}

int tmpl_check(const struct tmpl *t, const struct tmpl_shape *const *scopes,
	       size_t n, const struct msgs *m, struct diag *d)
{
	struct S_level levels[8];
	if (n == 0 || n > 8)
		return -1;
	for (size_t i = n; i-- > 0;) {
		levels[i].fields = scopes[i];
		levels[i].parent = i + 1 < n ? &levels[i + 1] : NULL;
	}
	struct S_chk c = { t, m, d, 0 };
	S_chk_range(&c, 0, t->n, &levels[0]);
	return c.rc;
}

/*** Rendering ***/

static const struct val *S_find(const struct scope *s, const char *name, size_t n,
				bool up)
{
	while (n > 3 && memcmp(name, "../", 3) == 0 && s) {
		s = s->parent;
		name += 3;
		n -= 3;
	}
	const char *dot = memchr(name, '.', n);
	size_t head = dot ? (size_t)(dot - name) : n;
	for (; s; s = up ? s->parent : NULL) {
		for (size_t i = 0; i < s->n; i++) {
			const struct var *v = &s->vars[i];
			if (strncmp(v->name, name, head) != 0 || v->name[head] != '\0')
				continue;
			if (!dot)
				return &v->v;
			if (v->v.kind != VAL_SCOPE)
				return NULL;
			return S_find(v->v.items, dot + 1, n - head - 1, false);
		}
	}
	return NULL;
}

/* Text into the page: HTML-escaped in HTML, entity-escaped in Markdown
 * (plain: raw, for a filter to escape as a whole). Markdown values are
 * sanitised when rendered and go in as they are. */
static void S_put_text(const struct tmpl *t, const char *s, size_t n, bool plain,
		       struct buf *out)
{
	if (plain)
		buf_put(out, s, n);
	else if (t->html)
		text_escape_html(out, s, n);
	else
		text_escape_md(out, s, n);
}

static void S_put_val(const struct tmpl *t, const struct val *v, bool plain,
		      struct buf *out)
{
	if (v->kind == VAL_MARKUP && !plain)
		buf_put(out, t->html ? v->h : v->s, t->html ? v->hn : v->n);
	else
		S_put_text(t, v->s, v->n, plain, out);
}

static int S_unknown(const struct op *o, const char *what, size_t n,
		     struct diag *d)
{
	diag_report(d, DIAG_ERROR, o->file, o->line, "unknown value \"%.*s\"",
		    (int)n, what);
	return -1;
}

/* The count that picks a plural form: the first placeholder's value,
 * which a number carries raw beside its text in the reader's format. */
static unsigned long S_count(const struct msg *g, const struct scope *s)
{
	struct msgs_piece pc;
	for (const char *p = g->text; p;) {
		p = msgs_format_next(p, &pc);
		if (p && pc.name) {
			const struct val *v = S_find(s, pc.s, pc.n, true);
			if (!v || v->kind != VAL_TEXT)
				return 1;
			return v->is_num ? v->num : strtoul(v->s, NULL, 10);
		}
	}
	return 1;
}

/* The one rule of a page's languages: message g is shown in the page's
 * language when the form it needs is translated and every value it
 * embeds is in the page's language or in none (numbers, codes); else the
 * whole sentence is English, the English text with the English values.
 * Returns the page's text to use, or NULL for English. */
static const char *S_resolve(const struct msg *g, long msg, const struct scope *s,
			     const struct lang *l, unsigned long count)
{
	const char *t;
	if (g->plural)
		t = l->source ? (count == 1 ? g->text : g->plural)
			      : po_get_plural(l->po, g->key, g->text, count);
	else
		t = l->translated[msg] || l->source ? l->text[msg] : NULL;
	if (!t || l->source)
		return t;
	struct msgs_piece pc;
	for (const char *p = g->text; p;) {
		p = msgs_format_next(p, &pc);
		if (!p || !pc.name)
			continue;
		const struct val *v = S_find(s, pc.s, pc.n, true);
		if (v && v->lang == VL_SOURCE)
			return NULL;
	}
	return t;
}

/* ` lang="en"` (and the direction, in a right-to-left page) where a text
 * is English on a page in another language; nothing where it is not. */
static void S_put_lang(const struct lang *l, bool english, struct buf *out)
{
	if (!english || l->source)
		return;
	buf_puts(out, " lang=\"en\"");
	if (l->rtl)
		buf_puts(out, " dir=\"ltr\"");
}

static int S_msg(const struct tmpl *t, const struct op *o, const struct scope *s,
		 const struct lang *l, struct buf *out, struct diag *d)
{
	const struct msg *g = &l->msgs->v[o->msg];
	struct var argv[TMPL_MAX_ARGS];
	struct scope local = { s, argv, o->nargs };
	for (size_t k = 0; k < o->nargs; k++) {
		const struct val *v = S_find(s, o->args[k].value, o->args[k].vn, true);
		if (!v)
			return S_unknown(o, o->args[k].value, o->args[k].vn, d);
		argv[k].name = o->args[k].name;
		argv[k].v = *v;
	}
	if (o->nargs)
		s = &local;
	unsigned long count = g->plural ? S_count(g, s) : 1;
	const char *text = S_resolve(g, o->msg, s, l, count);
	bool english = text == NULL;
	if (o->filter == F_LANG) {
		S_put_lang(l, english, out);
		return 0;
	}
	if (english)
		text = g->plural && count != 1 ? g->plural : g->text;
	bool yaml = o->filter == F_YAML || o->filter == F_JSON;
	struct buf tmp = BUF_INIT;
	struct buf *dst = yaml ? &tmp : out;
	struct msgs_piece pc;
	for (const char *p = text; p;) {
		p = msgs_format_next(p, &pc);
		if (!pc.name) {
			S_put_text(t, pc.s, pc.n, yaml, dst);
			continue;
		}
		const struct val *v = S_find(s, pc.s, pc.n, true);
		if (!v || v->kind == VAL_LIST || v->kind == VAL_SCOPE) {
			buf_release(&tmp);
			return S_unknown(o, pc.s, pc.n, d);
		}
		if (english && v->lang == VL_PAGE && v->source)
			v = v->source;
		S_put_val(t, v, yaml, dst);
	}
	if (yaml) {
		if (o->filter == F_JSON)
			text_escape_json(out, tmp.ptr, tmp.len);
		else
			text_escape_yaml(out, tmp.ptr, tmp.len);
		buf_release(&tmp);
	}
	return 0;
}

static bool S_truthy(const struct val *v)
{
	switch (v->kind) {
	case VAL_BOOL: return v->b;
	case VAL_LIST: return v->count > 0;
	case VAL_SCOPE: return true;
	case VAL_NONE: return false;
	default: return v->n > 0;
	}
}

static int S_render(const struct tmpl *t, size_t from, size_t to,
		    const struct scope *s, const struct lang *l, struct buf *out,
		    unsigned long *steps, struct diag *d)
{
	for (size_t i = from; i < to; i++) {
		const struct op *o = &t->ops[i];
		if (++*steps > TMPL_MAX_STEPS) {
			diag_report(d, DIAG_ERROR, o->file, o->line,
				    "this page asks for more than %lu template steps (sections of long lists nested in each other?)",
				    TMPL_MAX_STEPS);
			return -1;
		}
		switch (o->type) {
		case OP_TEXT:
			buf_put(out, o->s, o->n);
			break;
		case OP_VAR: {
			const struct val *v = S_find(s, o->s, o->n, true);
			if (!v || v->kind == VAL_LIST || v->kind == VAL_SCOPE || v->kind == VAL_BOOL)
				return S_unknown(o, o->s, o->n, d);
			if (o->filter == F_YAML)
				text_escape_yaml(out, v->s, v->n);
			else if (o->filter == F_URL)
				text_escape_url(out, v->s, v->n);
			else if (o->filter == F_JSON)
				text_escape_json(out, v->s, v->n);
			else if (o->filter == F_LANG)
				S_put_lang(l, v->lang == VL_SOURCE, out);
			else
				S_put_val(t, v, false, out);
			break;
		}
		case OP_MSG:
			if (S_msg(t, o, s, l, out, d) != 0)
				return -1;
			break;
		case OP_SECTION:
		case OP_INVERTED: {
			const struct val *v = S_find(s, o->s, o->n, true);
			if (!v)
				return S_unknown(o, o->s, o->n, d);
			bool on = S_truthy(v);
			if (o->type == OP_INVERTED) {
				if (!on && S_render(t, i + 1, o->end, s, l, out, steps, d) != 0)
					return -1;
			} else if (v->kind == VAL_LIST) {
				for (size_t k = 0; k < v->count; k++) {
					struct scope item = { s, v->items[k].vars, v->items[k].n };
					if (S_render(t, i + 1, o->end, &item, l, out, steps, d) != 0)
						return -1;
				}
			} else if (v->kind == VAL_SCOPE) {
				struct scope item = { s, v->items->vars, v->items->n };
				if (S_render(t, i + 1, o->end, &item, l, out, steps, d) != 0)
					return -1;
			} else if (on && S_render(t, i + 1, o->end, s, l, out, steps, d) != 0) {
				return -1;
			}
			i = o->end;
			break;
		}
		case OP_END:
			break;
		}
	}
	return 0;
}

int tmpl_render(const struct tmpl *t, const struct scope *s,
		const struct lang *l, struct buf *out, struct diag *d)
{
	unsigned long steps = 0;
	return S_render(t, 0, t->n, s, l, out, &steps, d);
}
