#include "manifest.h"

#include "buf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_NAME ".versus-manifest"
#define MANIFEST_MAGIC "versus-manifest 1"

struct manifest {
	FILE *f;
	char *dir, *path, *tmp;
	struct buf rel;
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
	struct buf b = BUF_INIT;
	int rc = buf_read_file(&b, path);
	/* The name too: a renamed input is a different site. */
	*h = manifest_hash(*h, path, strlen(path) + 1);
	*h = manifest_hash(*h, b.ptr, b.len);
	buf_release(&b);
	return rc;
}

static void S_path(struct buf *b, const char *dir, const char *name)
{
	buf_reset(b);
	buf_printf(b, "%s/%s", dir, name);
}

bool manifest_fresh(const char *out_dir, uint64_t h)
{
	struct buf path = BUF_INIT;
	S_path(&path, out_dir, MANIFEST_NAME);
	FILE *f = fopen(path.ptr, "r");
	bool fresh = false;
	if (!f)
		goto out;
	char line[8192];
	char want[64];
	snprintf(want, sizeof want, MANIFEST_MAGIC " %016" PRIx64 "\n", h);
	if (!fgets(line, sizeof line, f) || strcmp(line, want) != 0)
		goto out;
	size_t files = 0;
	fresh = true;
	while (fresh && fgets(line, sizeof line, f)) {
		/* "<size> <mtime sec>.<nsec> <path>\n" */
		char *end;
		unsigned long long size = strtoull(line, &end, 10);
		long long sec = strtoll(end, &end, 10);
		long nsec = *end == '.' ? strtol(end + 1, &end, 10) : -1;
		size_t len = strlen(line);
		if (*end != ' ' || nsec < 0 || len < 2 || line[len - 1] != '\n') {
			fresh = false;
			break;
		}
		line[len - 1] = '\0';
		S_path(&path, out_dir, end + 1);
		struct stat st;
		fresh = stat(path.ptr, &st) == 0 &&
			(unsigned long long)st.st_size == size &&
			(long long)st.st_mtim.tv_sec == sec && st.st_mtim.tv_nsec == nsec;
		files++;
	}
	fresh = fresh && files > 0 && !ferror(f);
out:
	if (f)
		fclose(f);
	buf_release(&path);
	return fresh;
}

struct manifest *manifest_begin(const char *out_dir, const char *tmp_dir,
				uint64_t h, struct diag *d)
{
	struct manifest *m = xcalloc(1, sizeof *m);
	struct buf b = BUF_INIT;
	m->dir = xstrdup(out_dir);
	buf_printf(&b, "%s/" MANIFEST_NAME, out_dir);
	m->path = buf_detach(&b, NULL);
	buf_printf(&b, "%s/" MANIFEST_NAME, tmp_dir);
	m->tmp = buf_detach(&b, NULL);
	m->rel = (struct buf)BUF_INIT;
	m->f = fopen(m->tmp, "w");
	if (!m->f) {
		diag_report(d, DIAG_ERROR, NULL, 0, "cannot write %s: %s", m->tmp, strerror(errno));
		free(m->dir);
		free(m->path);
		free(m->tmp);
		free(m);
		return NULL;
	}
	fprintf(m->f, MANIFEST_MAGIC " %016" PRIx64 "\n", h);
	return m;
}

void manifest_add(struct manifest *m, const char *rel)
{
	S_path(&m->rel, m->dir, rel);
	struct stat st;
	if (stat(m->rel.ptr, &st) != 0) {
		m->failed = true; /* a file we did not write: the next build checks all */
		return;
	}
	fprintf(m->f, "%llu %lld.%09ld %s\n", (unsigned long long)st.st_size,
		(long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec, rel);
}

int manifest_end(struct manifest *m, struct diag *d)
{
	if (!m)
		return 0;
	int rc = 0;
	if (fclose(m->f) != 0 || m->failed) {
		unlink(m->tmp);
		if (!m->failed) {
			diag_report(d, DIAG_ERROR, NULL, 0, "cannot write %s: %s", m->tmp, strerror(errno));
			rc = -1;
		}
	} else if (rename(m->tmp, m->path) != 0) {
		diag_report(d, DIAG_ERROR, NULL, 0, "cannot write %s: %s", m->path, strerror(errno));
		unlink(m->tmp);
		rc = -1;
	}
	buf_release(&m->rel);
	free(m->dir);
	free(m->path);
	free(m->tmp);
	free(m);
	return rc;
}

void manifest_remove(const char *out_dir)
{
	struct buf p = BUF_INIT;
	S_path(&p, out_dir, MANIFEST_NAME);
	unlink(p.ptr);
	buf_release(&p);
}
