#include "manifest.h"

#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_MAGIC "versus-manifest 3"
#define MANIFEST_BUILDING MANIFEST_MAGIC " building\n"
/* Inputs larger than this are not a catalogue, po file or template. */
#define MANIFEST_MAX_INPUT (64u << 20)

struct manifest {
	struct out *o;
	FILE *f;
	char *tmp;
	int fd;
	bool failed;
};

uint64_t manifest_hash(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

int manifest_hash_file(uint64_t *h, const char *path)
{
	/* The name too: a renamed input is a different site. */
	*h = manifest_hash(*h, path, strlen(path) + 1);
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > MANIFEST_MAX_INPUT) {
		if (fd >= 0)
			close(fd);
		*h = manifest_hash(*h, "?", 1);
		return -1;
	}
	char chunk[65536];
	ssize_t k;
	while ((k = read(fd, chunk, sizeof chunk)) > 0)
		*h = manifest_hash(*h, chunk, (size_t)k);
	close(fd);
	return k < 0 ? -1 : 0;
}

static FILE *S_open(const char *out_dir)
{
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/" MANIFEST_NAME, out_dir);
	int fd = open(p.ptr, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	buf_release(&p);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
	}
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f && fd >= 0)
		close(fd);
	return f;
}

/* Reads one line into *line (reused); false at the end. The line loses
 * its newline; a line without one (a cut file) is not returned. */
static bool S_line(FILE *f, char **line, size_t *cap)
{
	ssize_t n = getline(line, cap, f);
	if (n <= 0 || (*line)[n - 1] != '\n')
		return false;
	(*line)[n - 1] = '\0';
	return true;
}

/* "<size> <sec>.<nsec> <key> <path>": the path, or NULL if the line is
 * not so. The key (hex) says from what the page was made. */
static const char *S_entry_key(const char *line, unsigned long long *size,
			       long long *sec, long *nsec, uint64_t *key)
{
	char *end;
	if (*line < '0' || *line > '9')
		return NULL;
	*size = strtoull(line, &end, 10);
	if (*end != ' ')
		return NULL;
	*sec = strtoll(end, &end, 10);
	if (*end != '.')
		return NULL;
	*nsec = strtol(end + 1, &end, 10);
	if (*end != ' ')
		return NULL;
	*key = strtoull(end + 1, &end, 16);
	return *end == ' ' && end[1] ? end + 1 : NULL;
}

static const char *S_entry(const char *line, unsigned long long *size,
			   long long *sec, long *nsec)
{
	uint64_t key;
	return S_entry_key(line, size, sec, nsec, &key);
}

bool manifest_fresh(const char *out_dir, uint64_t h)
{
	FILE *f = S_open(out_dir);
	if (!f)
		return false;
	char *line = NULL;
	size_t cap = 0;
	char want[64];
	snprintf(want, sizeof want, MANIFEST_MAGIC " %016" PRIx64, h);
	bool fresh = S_line(f, &line, &cap) && strcmp(line, want) == 0;
	size_t files = 0;
	struct buf path = BUF_INIT;
	while (fresh && S_line(f, &line, &cap)) {
		unsigned long long size;
		long long sec;
		long nsec;
		const char *rel = S_entry(line, &size, &sec, &nsec);
		if (!rel) {
			fresh = false; /* a file still to remove, or garbage */
			break;
		}
		buf_reset(&path);
		buf_printf(&path, "%s/%s", out_dir, rel);
		struct stat st;
		fresh = lstat(path.ptr, &st) == 0 && S_ISREG(st.st_mode) &&
			(unsigned long long)st.st_size == size &&
			(long long)st.st_mtim.tv_sec == sec && st.st_mtim.tv_nsec == nsec;
		files++;
	}
	fresh = fresh && files > 0 && !ferror(f);
	buf_release(&path);
	free(line);
	fclose(f);
	return fresh;
}

void manifest_each(const char *out_dir,
		   void (*fn)(void *ctx, const char *rel, bool stale), void *ctx)
{
	FILE *f = S_open(out_dir);
	if (!f)
		return;
	char *line = NULL;
	size_t cap = 0;
	if (S_line(f, &line, &cap) && strncmp(line, MANIFEST_MAGIC " ", strlen(MANIFEST_MAGIC) + 1) == 0) {
		while (S_line(f, &line, &cap)) {
			unsigned long long size;
			long long sec;
			long nsec;
			const char *rel = S_entry(line, &size, &sec, &nsec);
			if (rel)
				fn(ctx, rel, false);
			else if (line[0] == '-' && line[1] == ' ' && line[2])
				fn(ctx, line + 2, true);
		}
	}
	free(line);
	fclose(f);
}

struct manifest *manifest_begin(struct out *o, const char *tmp, uint64_t h,
				bool building, struct diag *d)
{
	int fd = out_tmp_open(o, tmp, d);
	if (fd < 0)
		return NULL;
	struct manifest *m = xcalloc(1, sizeof *m);
	m->o = o;
	m->tmp = xstrdup(tmp);
	m->f = fdopen(fd, "w");
	if (!m->f) {
		close(fd);
		free(m->tmp);
		free(m);
		diag_report(d, DIAG_ERROR, NULL, 0, "cannot write the manifest: %s", strerror(errno));
		return NULL;
	}
	if (building)
		fputs(MANIFEST_BUILDING, m->f);
	else
		fprintf(m->f, MANIFEST_MAGIC " %016" PRIx64 "\n", h);
	return m;
}

void manifest_add(struct manifest *m, const char *rel, uint64_t key)
{
	struct stat st;
	if (fstatat(out_fd(m->o), rel, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
		/* A file we did not write: list it to remove, so the next build
		 * looks at everything. */
		manifest_add_stale(m, rel);
		return;
	}
	fprintf(m->f, "%llu %lld.%09ld %016" PRIx64 " %s\n", (unsigned long long)st.st_size,
		(long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec, key, rel);
}

void manifest_add_stale(struct manifest *m, const char *rel)
{
	fprintf(m->f, "- %s\n", rel);
}

int manifest_end(struct manifest *m, struct diag *d)
{
	if (!m)
		return -1;
	int rc = 0;
	if (fflush(m->f) != 0 || fsync(fileno(m->f)) != 0) {
		diag_report(d, DIAG_ERROR, NULL, 0, "cannot write the manifest: %s", strerror(errno));
		rc = -1;
	}
	if (fclose(m->f) != 0 && rc == 0) {
		diag_report(d, DIAG_ERROR, NULL, 0, "cannot write the manifest: %s", strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		rc = out_commit(m->o, m->tmp, MANIFEST_NAME, d);
	free(m->tmp);
	free(m);
	return rc;
}

void manifest_abort(struct manifest *m)
{
	if (!m)
		return;
	fclose(m->f);
	free(m->tmp);
	free(m);
}

/*** Two tables keyed by a path's hash ***/

/* Open addressing on the hash of a path (0: an empty slot), kept at most
 * half full; its entries, of any size, begin with that hash. A set of paths
 * and the keys of each page are both this table. */
struct htab {
	unsigned char *v;
	size_t n, cap, size;
};

static void S_htab_init(struct htab *t, size_t size)
{
	*t = (struct htab){ xcalloc(1024, size), 0, 1024, size };
}

static uint64_t S_key(const char *rel)
{
	uint64_t h = manifest_hash(MANIFEST_HASH_INIT, rel, strlen(rel));
	return h ? h : 1;
}

/* The hash an entry begins with (0: an empty slot). */
static uint64_t S_htab_key(const void *e)
{
	uint64_t k;
	memcpy(&k, e, sizeof k);
	return k;
}

/* The slot of key: its entry, or the empty slot where it would go. */
static void *S_htab_find(const struct htab *t, uint64_t key)
{
	size_t i = (size_t)(key % t->cap);
	for (;;) {
		void *e = t->v + i * t->size;
		uint64_t k = S_htab_key(e);
		if (!k || k == key)
			return e;
		i = (i + 1) % t->cap;
	}
}

/* Add or replace entry, which begins with its key. */
static void S_htab_put(struct htab *t, const void *entry)
{
	if ((t->n + 1) * 2 > t->cap) {
		struct htab big = { xcalloc(t->cap * 2, t->size), t->n, t->cap * 2, t->size };
		for (size_t i = 0; i < t->cap; i++) {
			const unsigned char *e = t->v + i * t->size;
			if (S_htab_key(e))
				memcpy(S_htab_find(&big, S_htab_key(e)), e, t->size);
		}
		free(t->v);
		*t = big;
	}
	void *slot = S_htab_find(t, S_htab_key(entry));
	t->n += !S_htab_key(slot);
	memcpy(slot, entry, t->size);
}

struct pathset {
	struct htab t;
};

struct pathset *pathset_new(void)
{
	struct pathset *s = xcalloc(1, sizeof *s);
	S_htab_init(&s->t, sizeof(uint64_t));
	return s;
}

void pathset_free(struct pathset *s)
{
	if (!s)
		return;
	free(s->t.v);
	free(s);
}

void pathset_add(struct pathset *s, const char *rel)
{
	uint64_t k = S_key(rel);
	S_htab_put(&s->t, &k);
}

bool pathset_has(const struct pathset *s, const char *rel)
{
	return S_htab_key(S_htab_find(&s->t, S_key(rel))) != 0;
}

/*** What each page was made from ***/

struct kent {
	uint64_t path, key;
	unsigned long long size;
	long long sec;
	long nsec;
};

struct manifest_keys {
	struct htab t;
};

struct manifest_keys *manifest_keys_load(const char *out_dir)
{
	FILE *f = S_open(out_dir);
	if (!f)
		return NULL;
	char *line = NULL;
	size_t cap = 0;
	struct manifest_keys *k = NULL;
	/* Only a finished build's keys: a "building" manifest has none. */
	if (S_line(f, &line, &cap) && strncmp(line, MANIFEST_MAGIC " ", strlen(MANIFEST_MAGIC) + 1) == 0 &&
	    strcmp(line + strlen(MANIFEST_MAGIC) + 1, "building") != 0) {
		k = xcalloc(1, sizeof *k);
		S_htab_init(&k->t, sizeof(struct kent));
		while (S_line(f, &line, &cap)) {
			struct kent e;
			const char *rel = S_entry_key(line, &e.size, &e.sec, &e.nsec, &e.key);
			if (!rel || !e.key)
				continue;
			e.path = S_key(rel);
			S_htab_put(&k->t, &e);
		}
	}
	free(line);
	fclose(f);
	return k;
}

bool manifest_keys_same(const struct manifest_keys *k, const char *rel, uint64_t key,
			const struct stat *st)
{
	if (!k || !key)
		return false;
	struct kent e;
	memcpy(&e, S_htab_find(&k->t, S_key(rel)), sizeof e);
	return e.path && e.key == key && S_ISREG(st->st_mode) &&
	       (unsigned long long)st->st_size == e.size && (long long)st->st_mtim.tv_sec == e.sec &&
	       st->st_mtim.tv_nsec == e.nsec;
}

void manifest_keys_free(struct manifest_keys *k)
{
	if (!k)
		return;
	free(k->t.v);
	free(k);
}
