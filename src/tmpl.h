/* tmpl — the page templates of templates/ and the values they are filled
 * with.
 *
 * Syntax (a small Mustache):
 *   {{name}} {{a.name}}   a value; {{name|yaml}} as a YAML string;
 *                         {{name|url}} percent-encoded for a URL path;
 *                         {{name|json}} {{@key|json}} as a JSON string
 *   {{@key}}              the message called key (templates/messages.xml)
 *                         in the page's language, its {placeholders} filled
 *                         from the same values; {{@key n=count}} names the
 *                         value of a placeholder (a plural's count);
 *                         a message is in the page's language only when its
 *                         translation and every value it embeds are, else
 *                         wholly English: the English text, English values
 *   {{@key|lang}} {{name|lang}}  inside a tag: ` lang="en"` (and dir="ltr"
 *                         on a right-to-left page) where that message or
 *                         value is English on another language's page,
 *                         nothing otherwise
 *   {{../name}}           name, looked up from the enclosing list item
 *   {{#name}}…{{/name}}   a list: once per item; true or non-empty: once
 *   {{^name}}…{{/name}}   when name is false, empty or an empty list
 *   {{>part}}             templates/part.<same extension>, inlined
 *   {{! comment }}
 * A section, comment or partial tag alone on its line takes the line with it.
 * In .html and .xml templates every value and message is HTML-escaped,
 * except rendered Markdown; in .md templates & < > become entities, and
 * Markdown values (sanitised by md_render) go in as they are. */
#ifndef VERSUS_TMPL_H
#define VERSUS_TMPL_H

#include "buf.h"
#include "diag.h"
#include "lang.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* No real page needs more template steps than this: a compare index
 * takes about 20 a pair (HTTP's 1,953 pairs: 30,000 to 60,000), so this
 * is a protocol of some 1,400 codes; nested sections of long lists could
 * ask for exponentially many, and are stopped here. */
#define TMPL_MAX_STEPS 20000000ul

enum val_kind { VAL_NONE, VAL_TEXT, VAL_MARKUP, VAL_BOOL, VAL_LIST, VAL_SCOPE };

/* The language a text is in: none (numbers, codes, URLs, protocol names),
 * the page's (translated), or the source's (English, for want of a
 * translation). */
enum val_lang { VL_NEUTRAL, VL_PAGE, VL_SOURCE };

struct scope;

/* A value. Strings are borrowed and (ptr, len), not NUL-terminated. */
struct val {
	enum val_kind kind;
	const char *s; size_t n;   /* TEXT: the text; MARKUP: Markdown source */
	const char *h; size_t hn;  /* MARKUP: the same, rendered to HTML */
	const struct scope *items; /* LIST: items; SCOPE: items[0] */
	size_t count;
	bool b;                    /* BOOL */
	enum val_lang lang;        /* TEXT, MARKUP */
	const struct val *source;  /* VL_PAGE: the same value in English, or NULL
				    * on an English page */
	unsigned long num;         /* a count: its text is in the reader's */
	bool is_num;               /* format, num is the value */
};

struct var {
	const char *name;
	struct val v;
};

/* Names are looked up here, then in parent. */
struct scope {
	const struct scope *parent;
	const struct var *vars;
	size_t n;
};

struct tmpl;

/* The shape of the values a kind of page has: a name and its kind; a list
 * or object names the fields of its items. tmpl_check walks a template
 * against it, every branch, so that a name no page has is an error when
 * templates load, never in the middle of a build. */
struct tmpl_shape {
	const char *name;
	enum val_kind kind; /* VAL_TEXT (text or Markdown), VAL_BOOL, VAL_LIST, VAL_SCOPE */
	const struct tmpl_shape *fields; /* LIST, SCOPE: ended by a NULL name */
};

/* Load dir/name (e.g. "compare.html") and its partials; message keys are
 * checked against m. NULL after reporting "file:line: message" into d.
 * Caller frees with tmpl_free. */
struct tmpl *tmpl_load(const char *dir, const char *name,
		       const struct msgs *m, struct diag *d);
void tmpl_free(struct tmpl *t);
/* Fold the template's text, partials included, into hash h (FNV-1a). */
uint64_t tmpl_hash(const struct tmpl *t, uint64_t h);
/* Set used[i] for every message i (of the msgs it was loaded with) that t
 * shows. */
void tmpl_msgs_used(const struct tmpl *t, bool *used);
/* Check every name t uses, in every branch, against a page whose values
 * are scopes[0] (innermost) to scopes[n-1], each ended by a NULL name;
 * and every placeholder of the messages it uses. 0, or -1 after
 * reporting "file:line: message" for each problem. */
int tmpl_check(const struct tmpl *t, const struct tmpl_shape *const *scopes,
	       size_t n, const struct msgs *m, struct diag *d);
/* Append the page to out. 0, or -1 after reporting (an unknown name, or a
 * page that asks for more work than any real page: TMPL_MAX_STEPS). */
int tmpl_render(const struct tmpl *t, const struct scope *s,
		const struct lang *l, struct buf *out, struct diag *d);

#endif
