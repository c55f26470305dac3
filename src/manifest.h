/* manifest — what the last build wrote: so that a rebuild with nothing
 * changed renders nothing, and so that what a build no longer writes is
 * removed from the tree.
 *
 * <out>/.versus-manifest holds a hash of every input (files, options, the
 * program and its libraries) and each output file's size and mtime, one
 * per line; a line "- <path>" names a file of an earlier build still to be
 * removed. A build whose inputs hash the same, into a tree whose files all
 * stat the same and with nothing left to remove, has nothing to do.
 *
 * While a build runs, the manifest says "building" and lists both what
 * the last build wrote and what this one will write; so a build that fails
 * or is killed removes nothing, and the next one that succeeds removes
 * whatever neither it nor the tree's publisher wrote. */
#ifndef VERSUS_MANIFEST_H
#define VERSUS_MANIFEST_H

#include "diag.h"
#include "out.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MANIFEST_NAME ".versus-manifest"
#define MANIFEST_HASH_INIT 1469598103934665603ULL

/* Fold n bytes into hash h (FNV-1a). */
uint64_t manifest_hash(uint64_t h, const void *data, size_t n);
/* Fold the name and contents of the file at path into *h. 0, or -1 if
 * it is not a regular file or cannot be read. */
int manifest_hash_file(uint64_t *h, const char *path);
/* True if out_dir's manifest was written by a finished build for inputs
 * hash h, names nothing to remove, and every file it lists is as it was
 * left. */
bool manifest_fresh(const char *out_dir, uint64_t h);
/* Calls fn(ctx, rel, stale) for every file out_dir's manifest names;
 * nothing if there is none. */
void manifest_each(const char *out_dir,
		   void (*fn)(void *ctx, const char *rel, bool stale), void *ctx);

struct manifest;
/* Start a new manifest for inputs hash h in o's temporary folder under
 * name tmp; building: for a build still running. NULL after reporting. */
struct manifest *manifest_begin(struct out *o, const char *tmp, uint64_t h,
				bool building, struct diag *d);
/* Record rel, a file of this build, as it is now, made from inputs that
 * hash to key (0: not known). */
void manifest_add(struct manifest *m, const char *rel, uint64_t key);
/* Record rel as a file to remove. */
void manifest_add_stale(struct manifest *m, const char *rel);
/* Put the manifest in place. 0, or -1 after reporting. NULL is a no-op
 * that fails. */
int manifest_end(struct manifest *m, struct diag *d);
/* Drop an unfinished manifest. */
void manifest_abort(struct manifest *m);

/* The key each file of the last finished build was made from, with its
 * size and mtime then; NULL if there is no such manifest. */
struct stat;
struct manifest_keys;
struct manifest_keys *manifest_keys_load(const char *out_dir);
/* True if rel was made from key and is still as that build left it (st:
 * its lstat now): it need not be made again. */
bool manifest_keys_same(const struct manifest_keys *k, const char *rel, uint64_t key,
			const struct stat *st);
void manifest_keys_free(struct manifest_keys *k);

/* A set of paths, by 64-bit hash: what a build writes, in bounded memory
 * (16 bytes a file). */
struct pathset;
struct pathset *pathset_new(void);
void pathset_free(struct pathset *s);
void pathset_add(struct pathset *s, const char *rel);
bool pathset_has(const struct pathset *s, const char *rel);

#endif
