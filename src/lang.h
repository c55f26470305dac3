/* lang — one language of the site: its po file, its names, and the text of
 * every message chosen (translation, or English where there is none). */
#ifndef VERSUS_LANG_H
#define VERSUS_LANG_H

#include "diag.h"
#include "msgs.h"
#include "po.h"

#include <stdbool.h>

struct lang {
	char *name;   /* po file name: "zh_Hans" */
	char *tag;    /* BCP 47, for lang= and hreflang: "zh-Hans" */
	char *folder; /* URL folder: "zh-hans" */
	struct po *po;
	const struct msgs *msgs; /* borrowed */
	const char **text;       /* per message: chosen text (borrowed) */
	bool *translated;        /* per message */
	bool rtl;
	bool source; /* English: the language of every msgid, complete as it is */
	bool drafted; /* some of its translations are machine-drafted */
	char *autonym; /* the language's name from CLDR, while lang.name is untranslated */
};

/* True if name is a safe language name: letters, digits and one _ or - 
 * between parts ("tr", "zh_Hans"), nothing that could leave out/. */
bool lang_name_ok(const char *name);
/* Load po_dir/<name>.po for the messages m (borrowed, must outlive the
 * lang). NULL after reporting. Caller frees with lang_free. */
struct lang *lang_load(const char *po_dir, const char *name,
		       const struct msgs *m, struct diag *d);
/* English, the language of every msgid, with no po file: the source of
 * the English renditions when po/LINGUAS does not list en. Caller frees
 * with lang_free. */
struct lang *lang_new_source(const struct msgs *m);
void lang_free(struct lang *l);
/* Text of message i for count n (used only by plural messages). */
const char *lang_msg(const struct lang *l, size_t i, unsigned long n);
/* Text of message key; key must exist in msgs. */
const char *lang_get(const struct lang *l, const char *key);
/* Translation of a catalogue text in context ctx, or english. *translated
 * (may be NULL) tells which. */
const char *lang_text(const struct lang *l, const char *ctx,
		      const char *english, bool *translated);

#endif
