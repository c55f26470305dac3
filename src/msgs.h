/* msgs — the site's own messages (templates/messages.xml): every string of
 * the pages that is not catalogue text, with its key (the msgctxt in the po
 * files), English text, optional English plural, and translator's note. */
#ifndef VERSUS_MSGS_H
#define VERSUS_MSGS_H

#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

struct map;

struct msg {
	char *key;
	char *text;   /* English msgid */
	char *plural; /* English msgid_plural, or NULL */
	char *note;
	unsigned long line;
};

struct msgs {
	char *file;
	struct msg *v;
	size_t n;
	struct map *index; /* key -> struct msg */
};

/* The format of a message text: literal text, {name} or {name.field}
 * placeholders, and {{ and }} for a literal brace. One grammar for the
 * English texts, every translation and the renderer. */
struct msgs_piece {
	const char *s; size_t n; /* literal text, or the placeholder's name */
	bool name;
	const char *error;       /* set when the text is malformed here */
};
/* Reads the piece at p into *piece; returns where the next one starts, or
 * NULL at the end or on an error (piece->error set). */
const char *msgs_format_next(const char *p, struct msgs_piece *piece);
/* The sorted placeholder names of s, space-separated, into out (reset
 * first). 0, or -1 with *err and *at (the offending place) set. */
struct buf;
int msgs_format_names(const char *s, struct buf *out, const char **err,
		      const char **at);

/* Read path. NULL after reporting. Caller frees with msgs_free. */
struct msgs *msgs_load(const char *path, struct diag *d);
void msgs_free(struct msgs *m);
/* Index of the message called key (n bytes), or -1. */
long msgs_find(const struct msgs *m, const char *key, size_t n);
/* Write the messages as a PO template (header, #. notes, #: positions,
 * python-brace-format flags, plurals) for make update-po. 0 or -1. */
int msgs_write_pot(const struct msgs *m, const char *out, struct diag *d);

#endif
