#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char buf_empty[1];

static void S_oom(void)
{
	fputs("versus: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		S_oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		S_oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		S_oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void buf_grow(struct buf *b, size_t extra)
{
	if (extra > SIZE_MAX / 2 - b->len)
		S_oom();
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (b->cap == 0) {
		b->ptr = xmalloc(cap);
		b->ptr[0] = '\0';
	} else {
		b->ptr = xrealloc(b->ptr, cap);
	}
	b->cap = cap;
}

void buf_put(struct buf *b, const void *s, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(b->ptr + b->len, b->cap ? b->cap - b->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if (b->cap == 0 || (size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

int buf_read_file(struct buf *b, const char *path)
{
	/* O_NONBLOCK: a FIFO must not hang us; it is then refused as not a
	 * regular file, as is a device that would never end. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > BUF_MAX_FILE) {
		int e = fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) ? EINVAL : EFBIG;
		close(fd);
		errno = e;
		return -1;
	}
	char chunk[16384];
	ssize_t k;
	size_t total = 0;
	while ((k = read(fd, chunk, sizeof chunk)) > 0 && (total += (size_t)k) <= BUF_MAX_FILE)
		buf_put(b, chunk, (size_t)k);
	int e = errno;
	close(fd);
	if (k < 0 || total > BUF_MAX_FILE) {
		errno = k < 0 ? e : EFBIG;
		return -1;
	}
	return 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	/* The shared empty string is never written: every thread's empty
	 * buffers point at it (git's strbuf_setlen guard). */
	if (b->cap)
		b->ptr[0] = '\0';
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->cap ? b->ptr : xstrdup("");
	if (len)
		*len = b->len;
	b->ptr = buf_empty;
	b->len = b->cap = 0;
	return p;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->ptr);
	b->ptr = buf_empty;
	b->len = b->cap = 0;
}
