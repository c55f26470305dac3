#include "diag.h"

#include "buf.h"
#include "map.h"

#include <pthread.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct diag {
	pthread_mutex_t lock;
	char **msgs;
	size_t n, cap, errors;
	struct map *seen; /* message -> 1: each said once, in constant time */
};

struct diag *diag_new(void)
{
	struct diag *d = xcalloc(1, sizeof *d);
	pthread_mutex_init(&d->lock, NULL);
	d->seen = map_new();
	return d;
}

void diag_free(struct diag *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	map_free(d->seen);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

void diag_report(struct diag *d, enum diag_level level, const char *file,
		 unsigned long line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, file ? file : "versus");
	if (file && line)
		buf_printf(&b, ":%lu", line);
	buf_puts(&b, level == DIAG_WARNING ? ": warning: " : ": ");
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);

	pthread_mutex_lock(&d->lock);
	/* The same finding reached twice (a partial shared by five templates)
	 * is said once. */
	if (map_get(d->seen, b.ptr, b.len)) {
		pthread_mutex_unlock(&d->lock);
		buf_release(&b);
		return;
	}
	map_put(d->seen, b.ptr, b.len, (void *)1);
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->msgs = xrealloc(d->msgs, d->cap * sizeof *d->msgs);
	}
	d->msgs[d->n++] = buf_detach(&b, NULL);
	if (level == DIAG_ERROR)
		d->errors++;
	pthread_mutex_unlock(&d->lock);
}

size_t diag_errors(const struct diag *d)
{
	return d->errors;
}

size_t diag_count(const struct diag *d)
{
	return d->n;
}

const char *diag_message(const struct diag *d, size_t i)
{
	return i < d->n ? d->msgs[i] : NULL;
}

unsigned long diag_line_of(const char *path, const char *needle)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char line[4096];
	unsigned long no = 0, found = 0;
	while (fgets(line, sizeof line, f)) {
		no++;
		if (strstr(line, needle)) {
			found = no;
			break;
		}
	}
	fclose(f);
	return found;
}
