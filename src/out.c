#include "out.h"

#include "buf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_DIR ".versus-tmp"

struct out {
	char *dir;
	char *tmp; /* <dir>/.versus-tmp */
	char *run; /* this build's folder in it */
	atomic_size_t seq, written, unchanged;
};

/* Removes the folder path and the files in it. */
static void S_remove_run(const char *path)
{
	DIR *dh = opendir(path);
	if (!dh)
		return;
	struct dirent *e;
	struct buf p = BUF_INIT;
	while ((e = readdir(dh))) {
		if (e->d_name[0] == '.')
			continue;
		buf_reset(&p);
		buf_printf(&p, "%s/%s", path, e->d_name);
		unlink(p.ptr);
	}
	closedir(dh);
	buf_release(&p);
	rmdir(path);
}

/* Each build writes its temporary files into its own folder,
 * .versus-tmp/<host>.<pid>.<random>, so builds on several machines sharing
 * one tree (shards) never meet. A build clears the folders of builds of
 * this host that no longer run (killed ones); another host's are its own. */
static void S_clear_dead(const char *tmp, const char *host)
{
	DIR *dh = opendir(tmp);
	if (!dh)
		return;
	struct dirent *e;
	struct buf p = BUF_INIT;
	size_t hl = strlen(host);
	while ((e = readdir(dh))) {
		if (strncmp(e->d_name, host, hl) != 0 || e->d_name[hl] != '.')
			continue;
		long pid = strtol(e->d_name + hl + 1, NULL, 10);
		if (pid <= 0 || kill((pid_t)pid, 0) == 0 || errno == EPERM)
			continue;
		buf_reset(&p);
		buf_printf(&p, "%s/%s", tmp, e->d_name);
		S_remove_run(p.ptr);
	}
	closedir(dh);
	buf_release(&p);
}

static int S_mkdirs(const char *path, struct diag *d)
{
	struct buf p = BUF_INIT;
	buf_puts(&p, path);
	for (char *s = p.ptr + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p.ptr, 0777) != 0 && errno != EEXIST) {
			diag_report(d, DIAG_ERROR, NULL, 0, "cannot create %s: %s",
				    p.ptr, strerror(errno));
			buf_release(&p);
			return -1;
		}
		if (!c)
			break;
		*s = c;
	}
	buf_release(&p);
	return 0;
}

struct out *out_open(const char *dir, struct diag *d)
{
	if (S_mkdirs(dir, d) != 0)
		return NULL;
	struct out *o = xcalloc(1, sizeof *o);
	o->dir = xstrdup(dir);
	struct buf t = BUF_INIT;
	buf_printf(&t, "%s/" TMP_DIR, dir);
	o->tmp = buf_detach(&t, NULL);
	char host[256] = "localhost";
	if (gethostname(host, sizeof host - 1) != 0 || !host[0] || strchr(host, '/'))
		snprintf(host, sizeof host, "localhost");
	S_clear_dead(o->tmp, host);
	buf_printf(&t, "%s/%s.%ld.XXXXXX", o->tmp, host, (long)getpid());
	o->run = buf_detach(&t, NULL);
	if ((mkdir(o->tmp, 0777) != 0 && errno != EEXIST) || !mkdtemp(o->run)) {
		diag_report(d, DIAG_ERROR, NULL, 0, "cannot write into %s: %s", dir,
			    strerror(errno));
		free(o->run);
		free(o->tmp);
		free(o->dir);
		free(o);
		return NULL;
	}
	return o;
}

int out_mkdir(struct out *o, const char *rel, struct diag *d)
{
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", o->dir, rel);
	int rc = S_mkdirs(p.ptr, d);
	buf_release(&p);
	return rc;
}

/* True if path holds exactly data. */
static bool S_same(const char *path, const char *data, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	bool same = fstat(fd, &st) == 0 && (size_t)st.st_size == n;
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
	close(fd);
	return same && at == n;
}

int out_write(struct out *o, const char *rel, const char *data, size_t n,
	      struct diag *d)
{
	struct buf path = BUF_INIT, tmp = BUF_INIT;
	int rc = -1, fd = -1;
	buf_printf(&path, "%s/%s", o->dir, rel);
	if (S_same(path.ptr, data, n)) {
		atomic_fetch_add(&o->unchanged, 1);
		rc = 0;
		goto out;
	}
	buf_printf(&tmp, "%s/%zu", o->run, atomic_fetch_add(&o->seq, 1));
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		goto fail;
	for (size_t at = 0; at < n;) {
		ssize_t k = write(fd, data + at, n - at);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			goto fail;
		at += (size_t)k;
	}
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp.ptr, path.ptr) != 0)
		goto fail;
	atomic_fetch_add(&o->written, 1);
	rc = 0;
	goto out;
fail:
	diag_report(d, DIAG_ERROR, NULL, 0, "cannot write %s: %s", path.ptr,
		    strerror(errno ? errno : EIO));
	if (fd >= 0)
		close(fd);
	if (tmp.len)
		unlink(tmp.ptr);
out:
	buf_release(&path);
	buf_release(&tmp);
	return rc;
}

const char *out_tmp_dir(const struct out *o)
{
	return o->run;
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
	S_remove_run(o->run);
	rmdir(o->tmp); /* fails, as it should, while another build uses it */
	free(o->run);
	free(o->tmp);
	free(o->dir);
	free(o);
	return 0;
}
