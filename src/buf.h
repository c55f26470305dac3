/* buf — the one growable text buffer of versus.
 *
 * Invariants (as git's strbuf): `ptr` is never NULL and always
 * NUL-terminated, so a BUF_INIT buffer is a valid empty string. Allocation
 * failure aborts (like cmark's buffer): text is small and a half-built page
 * is worse than a crash. */
#ifndef VERSUS_BUF_H
#define VERSUS_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *ptr;
	size_t len;
	size_t cap; /* 0 while ptr points at the shared empty string */
};

extern char buf_empty[1];
#define BUF_INIT { buf_empty, 0, 0 }

/* Make room for `extra` more bytes past len. */
void buf_grow(struct buf *b, size_t extra);
/* Append n bytes of s (s may lack a NUL). */
void buf_put(struct buf *b, const void *s, size_t n);
/* Append a NUL-terminated string. */
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
/* Append printf-style. */
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Inputs are small: a larger file is not one of ours. */
#define BUF_MAX_FILE (64u << 20)
/* Append the whole file at path, a regular file of at most BUF_MAX_FILE
 * bytes. 0, or -1 with errno set (EINVAL: not a regular file; EFBIG: too
 * large); b then holds what was read. */
int buf_read_file(struct buf *b, const char *path);
/* Empty the buffer, keep its memory for reuse. */
void buf_reset(struct buf *b);
/* Hand the memory to the caller (free with free()); b is left empty. */
char *buf_detach(struct buf *b, size_t *len);
/* Free the memory; b is left empty and reusable. */
void buf_release(struct buf *b);

/* Out-of-memory safe allocators: abort on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
