/* catalog — the protocols and their codes, read from catalog/<id>.xml.
 *
 * Every file is checked against the schema built into versus
 * (catalog/catalog.rng) before it is used, then for what a schema cannot
 * say: unique codes and slugs, a class for every code. Texts are stored
 * with whitespace collapsed, as xgettext extracts them, so that they match
 * the msgids of the po files. Nothing here knows any particular protocol. */
#ifndef VERSUS_CATALOG_H
#define VERSUS_CATALOG_H

#include "diag.h"

#include <stddef.h>

/* The texts of a code a translator may translate, in this order; the names
 * are the element names and the last part of each message context
 * ("smtp/334/when"). */
enum catalog_field {
	FIELD_NAME,
	FIELD_DESCRIPTION,
	FIELD_WHEN,
	FIELD_FIX,
	FIELD_COUNT
};
extern const char *const catalog_field_names[FIELD_COUNT];

/* Where a code stands (the schema's values, in its order). */
enum catalog_standing {
	STANDING_STANDARD, STANDING_EXTENSION, STANDING_REGISTRY,
	STANDING_DEPRECATED, STANDING_OBSOLETE, STANDING_HISTORIC,
	STANDING_RESERVED, STANDING_UNASSIGNED, STANDING_COUNT
};
extern const char *const catalog_standing_names[STANDING_COUNT];

struct catalog_ref {
	char *href;
	char *label;
};

struct catalog_code {
	char *number;
	char *slug;
	char *text[FIELD_COUNT];
	enum catalog_standing standing;
	char *spec; /* the document behind the standing ("RFC 4954"), or NULL */
	unsigned long at;                /* line of the <code> element */
	unsigned long line[FIELD_COUNT]; /* line of each field's element */
	size_t klass;                    /* index into protocol->classes */
	struct catalog_ref *refs;
	size_t nrefs;
};

struct catalog_class {
	char *prefix;
	char *name;
	unsigned long line;
};

struct catalog_protocol {
	char *id;   /* "smtp": file name, URL folder, message context */
	char *name; /* "SMTP" */
	char *summary;
	char *file; /* path it was read from, for diagnostics */
	struct catalog_class *classes;
	size_t nclasses;
	struct catalog_code *codes; /* sorted by number */
	size_t ncodes;
};

struct catalog {
	struct catalog_protocol *protocols; /* sorted by id */
	size_t n;
};

/* Read every *.xml file of dir. Returns NULL after reporting every problem
 * found into d. Caller frees with catalog_free. */
struct catalog *catalog_load(const char *dir, struct diag *d);
/* Read the listed files only (for tests and tools). */
struct catalog *catalog_load_files(char *const *paths, size_t n,
				   struct diag *d);
void catalog_free(struct catalog *c);

#endif
