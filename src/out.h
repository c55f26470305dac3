/* out — the output tree, owned: written so that nothing is ever
 * half-written and nothing outside it is ever touched.
 *
 * The tree is opened once; every folder and file in it is reached relative
 * to a folder descriptor, never by following a symbolic link (openat with
 * O_NOFOLLOW, mkdirat, renameat, as git's lockfile and rsync do). A folder
 * in the tree that is a link, a FIFO or anything but a folder is refused
 * with a message; a page path that holds a link, a FIFO or a socket is
 * replaced by the page, since rename never follows.
 *
 * Every file is written in this build's own temporary folder,
 * <dir>/.versus-tmp-<host>.<pid>.<random>, and renamed into place, so a
 * reader (or a build killed at any moment) sees the old or the new
 * complete file. The folder holds a lock (flock) for the build's life: a
 * later build removes only folders whose lock it can take, so builds and
 * shards sharing one tree, on any host or PID namespace, never remove each
 * other's files. A file whose bytes did not change is not rewritten.
 * Pages are 0644 and folders 0755 whatever the umask: static hosts serve
 * them as other users. Safe to use from several threads at once, once the
 * folders exist. */
#ifndef VERSUS_OUT_H
#define VERSUS_OUT_H

#include "diag.h"

#include <stddef.h>

struct out;

/* Open (create) the tree at dir and clear temporary folders left by
 * killed builds. NULL after reporting. Caller frees with out_close. */
struct out *out_open(const char *dir, struct diag *d);
/* Create the folder rel (and its parents) inside the tree. Call before
 * writing into it, from one thread. 0 or -1 after reporting. */
int out_mkdir(struct out *o, const char *rel, struct diag *d);
/* Write data as rel, whose folder out_mkdir made. 0 or -1 after
 * reporting. */
int out_write(struct out *o, const char *rel, const char *data, size_t n,
	      struct diag *d);
/* A new file in this build's temporary folder, open for writing, to be
 * put in place as rel by out_commit. -1 after reporting. */
int out_tmp_open(struct out *o, const char *name, struct diag *d);
/* Rename the temporary file name (closed) into place as rel, a file of
 * the tree's top folder. 0 or -1 after reporting. */
int out_commit(struct out *o, const char *name, const char *rel, struct diag *d);
/* Remove the file rel of the tree, if it is there and not a folder (a
 * page an earlier build wrote and this one does not). 0, or -1 after
 * reporting. */
int out_remove(struct out *o, const char *rel, struct diag *d);
/* lstat of rel, from its folder's descriptor (out_mkdir made). 0 or -1. */
struct stat;
int out_stat(const struct out *o, const char *rel, struct stat *st);
/* Descriptor of the tree's top folder, for fstatat; borrowed. */
int out_fd(const struct out *o);
/* Files written and left unchanged so far. */
size_t out_written(const struct out *o);
size_t out_unchanged(const struct out *o);
/* Remove the temporary folder and free o. 0 or -1. NULL is a no-op. */
int out_close(struct out *o, struct diag *d);

/* Temporary folders of builds start with this; the site has no such
 * file, and uploads leave them out (rsync --exclude='.versus-*'). */
#define OUT_TMP_PREFIX ".versus-tmp"

#endif
