/* msgs — the site's own messages (templates/messages.xml): every string of
 * the pages that is not catalogue text, with its key (the msgctxt in the po
 * files), English text, optional English plural, and translator's note. */
#ifndef VERSUS_MSGS_H
#define VERSUS_MSGS_H

#include "diag.h"

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

/* Read path. NULL after reporting. Caller frees with msgs_free. */
struct msgs *msgs_load(const char *path, struct diag *d);
void msgs_free(struct msgs *m);
/* Index of the message called key (n bytes), or -1. */
long msgs_find(const struct msgs *m, const char *key, size_t n);
/* Write the messages as a PO template (header, #. notes, #: positions,
 * python-brace-format flags, plurals) for make update-po. 0 or -1. */
int msgs_write_pot(const struct msgs *m, const char *out, struct diag *d);

#endif
