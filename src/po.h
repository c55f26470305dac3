/* po — one language's translations, read from a .po file with libgettextpo.
 *
 * No compile step: a translator's edit shows on the next build. An entry is
 * used only when it is translated, not fuzzy, not obsolete, and its
 * {placeholders} match the msgid's (checked by libgettextpo's own
 * python-brace-format checker); a refused entry is reported as a warning
 * "po/tr.po:LINE: ..." and falls back to English. */
#ifndef VERSUS_PO_H
#define VERSUS_PO_H

#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

struct po;

/* A message a language still lacks: for the status page. */
enum po_left_kind { PO_UNTRANSLATED, PO_FUZZY, PO_REFUSED };
struct po_left {
	char *ctx;           /* its context ("smtp/550/when"), or its msgid */
	enum po_left_kind kind;
	size_t words;        /* English words */
	unsigned long line;  /* of its msgstr in the po file */
	char *msgid;
};

/* The translator comment that marks a machine-drafted translation. */
#define PO_DRAFT_MARK "machine-drafted"

struct po_stats {
	size_t translated, fuzzy, untranslated, refused;
	size_t drafted; /* of translated: marked PO_DRAFT_MARK, not yet reviewed */
	size_t words_translated, words_left; /* English words of the msgids */
};

/* Read path. Returns NULL after reporting into d if the file cannot be read,
 * is not valid PO syntax, is not UTF-8, or has a bad Plural-Forms header.
 * Caller frees with po_free. */
struct po *po_load(const char *path, struct diag *d);
void po_free(struct po *po);

/* The usable translation of msgid in context ctx (ctx may be NULL), or NULL
 * when English must be used. Borrowed, valid until po_free. */
const char *po_get(const struct po *po, const char *ctx, const char *msgid);
/* The usable plural form for count n, or NULL. */
const char *po_get_plural(const struct po *po, const char *ctx,
			  const char *msgid, unsigned long n);
const struct po_stats *po_stats(const struct po *po);

/* Line of the msgstr of the entry (ctx, msgid) in the po file at path, or
 * 0: for messages about a translation that libgettextpo did not place. */
unsigned long po_msgstr_line(const char *path, const char *ctx, const char *msgid);
/* Refuse the translation of (ctx, msgid), found bad by a check of the
 * caller's (why says how): report a warning at its msgstr's line into d,
 * stop using it, and count it refused. False if there was none. */
bool po_refuse(struct po *po, const char *ctx, const char *msgid,
	       const char *why, struct diag *d);
/* The usable translation's forms (one, or each plural form) into *forms
 * (borrowed); their number, or 0 when there is none. */
size_t po_forms(const struct po *po, const char *ctx, const char *msgid,
		const char *const **forms);
/* True if the usable translation of (ctx, msgid) is machine-drafted. */
bool po_drafted(const struct po *po, const char *ctx, const char *msgid);
/* The messages left to translate, in file order; borrowed, valid until
 * po_free. Their lines are found on the first call. */
size_t po_left(struct po *po, const struct po_left **v);
/* Share of messages translated, in whole percent rounded down. */
unsigned po_percent(const struct po_stats *st);
/* The path the po was read from; borrowed. */
const char *po_path(const struct po *po);

/* Index of the plural form for n under a Plural-Forms header value
 * ("nplurals=2; plural=(n != 1);"); -1 if the header does not parse.
 * English rules when header is NULL. */
int po_plural_index(const char *header, unsigned long n);

#endif
