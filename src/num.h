/* num — numbers and percentages in a language's own format (CLDR, through
 * ICU): 1.378 in German, 1 378 in French, %8 in Turkish, Arabic-Indic
 * digits where CLDR says so. The formats come from ICU's data, never from
 * the caller's locale, so output is the same on every machine. */
#ifndef VERSUS_NUM_H
#define VERSUS_NUM_H

#include "buf.h"

struct num;

/* Formats for language tag (a po name such as "tr" or "zh_Hans"); never
 * NULL: a language ICU does not know gets CLDR's root format. Caller frees
 * with num_free. Not for use by two threads at once. */
struct num *num_new(const char *tag);
void num_free(struct num *n);
/* Append v as a whole number. */
void num_int(struct num *n, unsigned long v, struct buf *out);
/* Append pct (0–100) as a percentage. */
void num_percent(struct num *n, unsigned pct, struct buf *out);

#endif
