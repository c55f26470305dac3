#include "out.h"

#include "buf.h"
#include "map.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LOCK_NAME "lock"
/* A temporary folder with no lock yet may be one another build is just
 * creating; only one this old is surely abandoned. */
#define OUT_ABANDONED_SECONDS 600

struct out {
	char *dir;
	int fd;      /* the tree's top folder */
	int runfd;   /* this build's temporary folder */
	int lockfd;  /* its lock, held until out_close */
	char *run;   /* its name in the top folder */
	struct map *dirs; /* folder rel -> descriptor + 1 */
	int *fds;
	size_t nfds;
	atomic_size_t seq, written, unchanged;
};

static int S_fail(struct diag *d, const char *dir, const char *rel, const char *what)
{
	diag_report(d, DIAG_ERROR, NULL, 0, "cannot %s %s/%s: %s", what, dir, rel,
		    strerror(errno ? errno : EIO));
	return -1;
}

/* Removes the files of the folder open as fd (no recursion: ours hold
 * only files), then the folder name in parent. */
static void S_remove_folder(int parent, const char *name, int fd)
{
	int dup_fd = dup(fd);
	DIR *dh = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	if (!dh && dup_fd >= 0)
		close(dup_fd);
	struct dirent *e;
	while (dh && (e = readdir(dh))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		unlinkat(fd, e->d_name, 0); /* never follows; a folder stays */
	}
	if (dh)
		closedir(dh);
	unlinkat(parent, name, AT_REMOVEDIR);
}

/* Clears the temporary folders of builds that no longer run: those whose
 * lock can be taken. A link or file of that name is removed itself, never
 * followed. */
static void S_clear_dead(int top)
{
	int dfd = dup(top);
	DIR *dh = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!dh) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(dh))) {
		if (strncmp(e->d_name, OUT_TMP_PREFIX, strlen(OUT_TMP_PREFIX)) != 0)
			continue;
		struct stat st;
		if (fstatat(top, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (!S_ISDIR(st.st_mode)) {
			unlinkat(top, e->d_name, 0);
			continue;
		}
		int fd = openat(top, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		int lk = openat(fd, LOCK_NAME, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
		bool dead;
		if (lk >= 0) {
			dead = flock(lk, LOCK_EX | LOCK_NB) == 0;
			close(lk);
		} else {
			/* The folder of the layout before locks (".versus-tmp"), or
			 * one abandoned before its lock was made. */
			dead = strcmp(e->d_name, OUT_TMP_PREFIX) == 0 ||
			       time(NULL) - st.st_mtime > OUT_ABANDONED_SECONDS;
		}
		if (dead && strcmp(e->d_name, OUT_TMP_PREFIX) == 0) {
			/* Old layout: one level of per-build folders inside. */
			int sub = dup(fd);
			DIR *sh = sub >= 0 ? fdopendir(sub) : NULL;
			struct dirent *f;
			while (sh && (f = readdir(sh))) {
				if (f->d_name[0] == '.')
					continue;
				int ffd = openat(fd, f->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				if (ffd >= 0) {
					S_remove_folder(fd, f->d_name, ffd);
					close(ffd);
				} else {
					unlinkat(fd, f->d_name, 0);
				}
			}
			if (sh)
				closedir(sh);
			else if (sub >= 0)
				close(sub);
		}
		if (dead)
			S_remove_folder(top, e->d_name, fd);
		close(fd);
	}
	closedir(dh);
}

/* mkdir -p for the tree's own top folder, which the user names: the one
 * path versus follows as given. */
static int S_mkdirs(const char *path, struct diag *d)
{
	struct buf p = BUF_INIT;
	buf_puts(&p, path);
	for (char *s = p.ptr + 1; s <= p.ptr + p.len; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p.ptr, 0755) != 0 && errno != EEXIST) {
			diag_report(d, DIAG_ERROR, NULL, 0, "cannot create %s: %s",
				    p.ptr, strerror(errno));
			buf_release(&p);
			return -1;
		}
		*s = c;
	}
	buf_release(&p);
	return 0;
}

/* A random name for this build's temporary folder. */
static void S_run_name(struct buf *b)
{
	char host[256] = "localhost";
	if (gethostname(host, sizeof host - 1) != 0 || !host[0])
		snprintf(host, sizeof host, "localhost");
	for (char *h = host; *h; h++)
		if (!((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') ||
		      (*h >= '0' && *h <= '9') || *h == '-' || *h == '.'))
			*h = '_';
	unsigned char rnd[6];
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		for (size_t i = 0; i < sizeof rnd; i++)
			rnd[i] = (unsigned char)(rand() ^ (int)time(NULL));
	buf_printf(b, OUT_TMP_PREFIX "-%s.%ld.", host, (long)getpid());
	for (size_t i = 0; i < sizeof rnd; i++)
		buf_printf(b, "%02x", rnd[i]);
}

static void S_add_dir(struct out *o, const char *rel, size_t n, int fd)
{
	o->fds = xrealloc(o->fds, (o->nfds + 1) * sizeof *o->fds);
	o->fds[o->nfds++] = fd;
	map_put(o->dirs, rel, n, (void *)(intptr_t)(fd + 1));
}

static int S_dir(const struct out *o, const char *rel, size_t n)
{
	intptr_t v = (intptr_t)map_get(o->dirs, rel, n);
	return v ? (int)v - 1 : -1;
}

struct out *out_open(const char *dir, struct diag *d)
{
	if (!*dir) {
		diag_report(d, DIAG_ERROR, NULL, 0, "the output folder must not be empty");
		return NULL;
	}
	if (S_mkdirs(dir, d) != 0)
		return NULL;
	struct out *o = xcalloc(1, sizeof *o);
	o->dir = xstrdup(dir);
	o->runfd = o->lockfd = -1;
	o->dirs = map_new();
	o->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->fd < 0) {
		diag_report(d, DIAG_ERROR, NULL, 0, "cannot open %s: %s", dir, strerror(errno));
		goto fail;
	}
	S_add_dir(o, "", 0, o->fd);
	S_clear_dead(o->fd);
	/* The folder is made and locked under a name no clean-up looks at,
	 * then renamed: a folder named OUT_TMP_PREFIX... is locked from the
	 * moment it is seen, so a build that can take its lock knows its
	 * owner is gone. */
	struct buf name = BUF_INIT, fresh = BUF_INIT;
	for (int tries = 0; tries < 16; tries++) {
		buf_reset(&name);
		S_run_name(&name);
		buf_reset(&fresh);
		buf_printf(&fresh, ".versus-new%s", name.ptr + strlen(OUT_TMP_PREFIX));
		if (mkdirat(o->fd, fresh.ptr, 0700) == 0)
			break;
		if (errno != EEXIST) {
			diag_report(d, DIAG_ERROR, NULL, 0, "cannot write into %s: %s", dir,
				    strerror(errno));
			buf_release(&name);
			buf_release(&fresh);
			goto fail;
		}
	}
	o->runfd = openat(o->fd, fresh.ptr, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (o->runfd >= 0)
		o->lockfd = openat(o->runfd, LOCK_NAME, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (o->runfd < 0 || o->lockfd < 0 || flock(o->lockfd, LOCK_EX) != 0 ||
	    renameat(o->fd, fresh.ptr, o->fd, name.ptr) != 0) {
		diag_report(d, DIAG_ERROR, NULL, 0, "cannot write into %s: %s", dir,
			    strerror(errno));
		if (o->runfd >= 0) {
			S_remove_folder(o->fd, fresh.ptr, o->runfd);
			close(o->runfd);
			o->runfd = -1;
		}
		buf_release(&name);
		buf_release(&fresh);
		goto fail;
	}
	buf_release(&fresh);
	o->run = buf_detach(&name, NULL);
	return o;
fail:
	out_close(o, d);
	return NULL;
}

int out_mkdir(struct out *o, const char *rel, struct diag *d)
{
	size_t n = strlen(rel);
	for (size_t at = 0; at < n;) {
		size_t end = at;
		while (end < n && rel[end] != '/')
			end++;
		if (S_dir(o, rel, end) < 0) {
			int parent = S_dir(o, rel, at ? at - 1 : 0);
			char *comp = xstrndup(rel + at, end - at);
			if (!*comp || strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0) {
				free(comp);
				diag_report(d, DIAG_ERROR, NULL, 0, "bad folder name %s", rel);
				return -1;
			}
			errno = 0;
			if (mkdirat(parent, comp, 0755) != 0 && errno != EEXIST) {
				free(comp);
				return S_fail(d, o->dir, rel, "create");
			}
			int fd = openat(parent, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			free(comp);
			if (fd < 0) {
				if (errno == ELOOP || errno == ENOTDIR) {
					diag_report(d, DIAG_ERROR, NULL, 0,
						    "%s/%.*s is not a folder but a link or a file: versus writes only into folders it owns; remove it",
						    o->dir, (int)end, rel);
					return -1;
				}
				return S_fail(d, o->dir, rel, "open");
			}
			/* Readable by the web server's user, whatever our umask. */
			struct stat st;
			if (fstat(fd, &st) == 0 && (st.st_mode & 07777) != 0755)
				fchmod(fd, 0755);
			S_add_dir(o, rel, end, fd);
		}
		at = end + 1;
	}
	return 0;
}

/* The folder of rel and its last part. */
static int S_split(const struct out *o, const char *rel, const char **base)
{
	const char *slash = strrchr(rel, '/');
	*base = slash ? slash + 1 : rel;
	return S_dir(o, rel, slash ? (size_t)(slash - rel) : 0);
}

/* 1 if the regular file at base in dfd holds exactly data (its mode then
 * made 0644), 0 if not or if it is no regular file, -1 if it is a folder. */
static int S_same(int dfd, const char *base, const char *data, size_t n)
{
	/* O_NONBLOCK: a FIFO put there must not hang the build. */
	int fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		int r = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) ? -1 : 0;
		close(fd);
		return r;
	}
	bool same = (size_t)st.st_size == n;
	char chunk[16384];
	size_t at = 0;
	while (same && at < n) {
		ssize_t k = read(fd, chunk, sizeof chunk);
		if (k <= 0 || at + (size_t)k > n ||
		    memcmp(chunk, data + at, (size_t)k) != 0)
			same = false;
		else
			at += (size_t)k;
	}
	if (same && at == n && (st.st_mode & 07777) != 0644)
		fchmod(fd, 0644);
	close(fd);
	return same && at == n;
}

int out_write(struct out *o, const char *rel, const char *data, size_t n,
	      struct diag *d)
{
	const char *base;
	int dfd = S_split(o, rel, &base);
	if (dfd < 0 || !*base) {
		diag_report(d, DIAG_ERROR, NULL, 0, "cannot write %s/%s: its folder was not made",
			    o->dir, rel);
		return -1;
	}
	int same = S_same(dfd, base, data, n);
	if (same > 0) {
		atomic_fetch_add(&o->unchanged, 1);
		return 0;
	}
	if (same < 0) {
		diag_report(d, DIAG_ERROR, NULL, 0,
			    "cannot write %s/%s: a folder is in the way; remove it", o->dir, rel);
		return -1;
	}
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%zu", atomic_fetch_add(&o->seq, 1));
	errno = 0;
	int fd = openat(o->runfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return S_fail(d, o->dir, rel, "write");
	bool ok = fchmod(fd, 0644) == 0;
	for (size_t at = 0; ok && at < n;) {
		ssize_t k = write(fd, data + at, n - at);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			ok = false;
		else
			at += (size_t)k;
	}
	if (close(fd) != 0)
		ok = false;
	/* rename replaces a link, FIFO or socket at that name, never what it
	 * points to. */
	if (ok && renameat(o->runfd, tmp, dfd, base) == 0) {
		atomic_fetch_add(&o->written, 1);
		return 0;
	}
	int e = errno;
	unlinkat(o->runfd, tmp, 0);
	errno = e;
	return S_fail(d, o->dir, rel, "write");
}

int out_tmp_open(struct out *o, const char *name, struct diag *d)
{
	errno = 0;
	int fd = openat(o->runfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 || fchmod(fd, 0644) != 0) {
		if (fd >= 0)
			close(fd);
		S_fail(d, o->run, name, "write");
		return -1;
	}
	return fd;
}

int out_commit(struct out *o, const char *name, const char *rel, struct diag *d)
{
	if (renameat(o->runfd, name, o->fd, rel) != 0)
		return S_fail(d, o->dir, rel, "write");
	return 0;
}

int out_remove(struct out *o, const char *rel, struct diag *d)
{
	/* Walk down without creating or following anything. */
	int fd = dup(o->fd);
	if (fd < 0)
		return S_fail(d, o->dir, rel, "remove");
	int chain[16];
	size_t depth = 0;
	const char *p = rel;
	const char *slash;
	while ((slash = strchr(p, '/'))) {
		char *comp = xstrndup(p, (size_t)(slash - p));
		int next = depth < 16 && *comp && strcmp(comp, "..") != 0
			? openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
		free(comp);
		if (next < 0)
			goto done; /* not there (or not ours to enter): nothing to remove */
		chain[depth++] = fd;
		fd = next;
		p = slash + 1;
	}
	struct stat st;
	if (fstatat(fd, p, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode) &&
	    unlinkat(fd, p, 0) != 0 && errno != ENOENT) {
		close(fd);
		while (depth)
			close(chain[--depth]);
		return S_fail(d, o->dir, rel, "remove");
	}
	/* Folders the removal left empty go too: an empty folder is not part
	 * of the site either. */
	while (depth) {
		close(fd);
		fd = chain[--depth];
		const char *end = rel;
		for (size_t i = 0, seen = 0; rel[i]; i++)
			if (rel[i] == '/' && seen++ == depth) {
				end = rel + i;
				break;
			}
		const char *start = end;
		while (start > rel && start[-1] != '/')
			start--;
		char *comp = xstrndup(start, (size_t)(end - start));
		int r = unlinkat(fd, comp, AT_REMOVEDIR);
		free(comp);
		if (r != 0)
			break;
	}
done:
	close(fd);
	while (depth)
		close(chain[--depth]);
	return 0;
}

int out_stat(const struct out *o, const char *rel, struct stat *st)
{
	const char *base;
	int dfd = S_split(o, rel, &base);
	return dfd < 0 ? -1 : fstatat(dfd, base, st, AT_SYMLINK_NOFOLLOW);
}

int out_fd(const struct out *o)
{
	return o->fd;
}

size_t out_written(const struct out *o)
{
	return atomic_load(&o->written);
}

size_t out_unchanged(const struct out *o)
{
	return atomic_load(&o->unchanged);
}

int out_close(struct out *o, struct diag *d)
{
	(void)d;
	if (!o)
		return 0;
	if (o->runfd >= 0) {
		S_remove_folder(o->fd, o->run, o->runfd);
		close(o->runfd);
	}
	if (o->lockfd >= 0)
		close(o->lockfd); /* after the folder is gone: see S_clear_dead */
	for (size_t i = 0; i < o->nfds; i++)
		close(o->fds[i]);
	free(o->fds);
	map_free(o->dirs);
	free(o->run);
	free(o->dir);
	free(o);
	return 0;
}
