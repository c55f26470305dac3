/* floor — the file-system floor of a build: write exactly the files of a
 * finished output tree, with the same sizes, and nothing else.
 *
 *     floor [-j N] MANIFEST DEST
 *
 * MANIFEST has one line per file, "SIZE PATH" (PATH relative to the tree,
 * as `find OUT -type f -printf '%s %P\n'` prints it). DEST must not exist
 * yet. floor creates every folder first, then N threads take the files in
 * chunks and each file is a plain open/write/close: no temporary name, no
 * rename, no comparison with an older file. Reading the manifest is not
 * part of the floor's work but takes a few milliseconds. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK 64

struct file {
	char *path;  /* DEST/PATH */
	size_t size;
};

static struct file *files;
static size_t nfiles;
static char *fill;  /* bytes to write: the largest size of 'x' */
static atomic_size_t next;
static atomic_int failed;

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		perror("floor");
		exit(1);
	}
	return p;
}

/* mkdir -p of the folder that holds path (path is modified and restored). */
static int mkparents(char *path, size_t skip)
{
	for (char *s = path + skip + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		int rc = mkdir(path, 0777);
		int e = errno;
		*s = '/';
		if (rc != 0 && e != EEXIST) {
			fprintf(stderr, "floor: cannot create a folder of %s: %s\n", path, strerror(e));
			return -1;
		}
	}
	return 0;
}

static int write_file(const struct file *f)
{
	int fd = open(f->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		goto fail;
	for (size_t at = 0; at < f->size;) {
		ssize_t k = write(fd, fill + at, f->size - at);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			close(fd);
			goto fail;
		}
		at += (size_t)k;
	}
	if (close(fd) != 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "floor: cannot write %s: %s\n", f->path, strerror(errno));
	return -1;
}

static void *work(void *arg)
{
	(void)arg;
	for (;;) {
		size_t i = atomic_fetch_add(&next, CHUNK);
		if (i >= nfiles || atomic_load(&failed))
			return NULL;
		size_t end = i + CHUNK < nfiles ? i + CHUNK : nfiles;
		for (; i < end; i++)
			if (write_file(&files[i]) != 0) {
				atomic_store(&failed, 1);
				return NULL;
			}
	}
}

int main(int argc, char **argv)
{
	long jobs = 1;
	int opt;
	while ((opt = getopt(argc, argv, "j:")) != -1) {
		char *end;
		if (opt != 'j' || (jobs = strtol(optarg, &end, 10), *end) || jobs < 1 || jobs > 1024) {
			fputs("usage: floor [-j N] MANIFEST DEST\n", stderr);
			return 2;
		}
	}
	if (argc - optind != 2) {
		fputs("usage: floor [-j N] MANIFEST DEST\n", stderr);
		return 2;
	}
	const char *manifest = argv[optind], *dest = argv[optind + 1];
	FILE *m = fopen(manifest, "r");
	if (!m) {
		fprintf(stderr, "floor: cannot read %s: %s\n", manifest, strerror(errno));
		return 1;
	}
	size_t cap = 0, maxsize = 0, total = 0, dlen = strlen(dest);
	char *line = NULL;
	size_t lcap = 0;
	ssize_t n;
	while ((n = getline(&line, &lcap, m)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		char *sp = strchr(line, ' ');
		if (!sp || sp == line || !sp[1] || sp[1] == '/' || strstr(sp + 1, "..")) {
			fprintf(stderr, "floor: %s: bad line: %s\n", manifest, line);
			return 1;
		}
		*sp = '\0';
		if (nfiles == cap) {
			cap = cap ? cap * 2 : 4096;
			struct file *nf = realloc(files, cap * sizeof *files);
			if (!nf) {
				perror("floor");
				return 1;
			}
			files = nf;
		}
		struct file *f = &files[nfiles++];
		f->size = strtoull(line, NULL, 10);
		size_t plen = strlen(sp + 1);
		f->path = xmalloc(dlen + 1 + plen + 1);
		memcpy(f->path, dest, dlen);
		f->path[dlen] = '/';
		memcpy(f->path + dlen + 1, sp + 1, plen + 1);
		if (f->size > maxsize)
			maxsize = f->size;
		total += f->size;
	}
	free(line);
	fclose(m);
	fill = xmalloc(maxsize);
	memset(fill, 'x', maxsize);

	/* The folders, once each: a file's folder is created unless the file
	 * before it had the same one (the manifest is sorted). */
	if (mkdir(dest, 0777) != 0) {
		fprintf(stderr, "floor: cannot create %s: %s\n", dest, strerror(errno));
		return 1;
	}
	const char *prev = NULL;
	size_t prevlen = 0;
	for (size_t i = 0; i < nfiles; i++) {
		const char *p = files[i].path, *slash = strrchr(p, '/');
		size_t dl = (size_t)(slash - p);
		if (prev && dl == prevlen && memcmp(p, prev, dl) == 0)
			continue;
		if (mkparents(files[i].path, dlen) != 0)
			return 1;
		prev = p;
		prevlen = dl;
	}

	pthread_t *th = xmalloc((size_t)jobs * sizeof *th);
	long started = 0;
	for (long i = 1; i < jobs; i++, started++)
		if (pthread_create(&th[i], NULL, work, NULL) != 0)
			break;
	work(NULL);
	for (long i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
	if (atomic_load(&failed))
		return 1;
	fprintf(stderr, "floor: %zu files, %zu bytes written\n", nfiles, total);
	for (size_t i = 0; i < nfiles; i++)
		free(files[i].path);
	free(files);
	free(fill);
	free(th);
	return 0;
}
