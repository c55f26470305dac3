/* xml — libxml2 reading with every error reported as file:line into a diag
 * (never printed: libxml2 2.9's default handler would write to stderr). */
#ifndef VERSUS_XML_H
#define VERSUS_XML_H

#include "diag.h"

#include <libxml/tree.h>
#include <stdbool.h>

/* Parse path without network or external entities. NULL after reporting.
 * Caller frees with xmlFreeDoc. */
xmlDocPtr xml_read(const char *path, struct diag *d);
/* Validate doc against the RELAX NG schema in memory (schema_name names it
 * in messages). 0 if valid, -1 after reporting. */
int xml_validate(xmlDocPtr doc, const char *path, const char *schema,
		 size_t schema_len, const char *schema_name, struct diag *d);
/* Attribute value, "" when absent; caller frees with free(). */
char *xml_attr(xmlNodePtr n, const char *name);
/* Text content with whitespace collapsed; caller frees with free(). */
char *xml_text(xmlNodePtr n);
/* True if n is the element called name. */
bool xml_is(xmlNodePtr n, const char *name);

#endif
