/* diag — diagnostics collected by library code, printed only by main.
 *
 * Every message is "file:line: message" (or "versus: message" where no file
 * is to blame). A diag is safe to share between threads. */
#ifndef VERSUS_DIAG_H
#define VERSUS_DIAG_H

#include <stddef.h>

enum diag_level { DIAG_WARNING, DIAG_ERROR };

struct diag;

/* New, empty diag; free with diag_free. */
struct diag *diag_new(void);
void diag_free(struct diag *d);

/* Record a message. file may be NULL (then "versus" is the prefix), line 0
 * for no line. */
void diag_report(struct diag *d, enum diag_level level, const char *file,
		 unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Line (from 1) of the first line of the file at path that contains
 * needle, or 0: for places a parser does not report (a po header field,
 * a DOCTYPE). */
unsigned long diag_line_of(const char *path, const char *needle);

/* Number of errors recorded so far. */
size_t diag_errors(const struct diag *d);
size_t diag_count(const struct diag *d);
/* i-th message, formatted; borrowed, valid until diag_free. */
const char *diag_message(const struct diag *d, size_t i);

#endif
