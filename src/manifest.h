/* manifest — what the last build wrote, so that a rebuild with nothing
 * changed renders nothing.
 *
 * <out>/.versus-manifest holds a hash of every input (files, options, the
 * program itself) and each output file's size and mtime. A build whose
 * inputs hash the same, into a tree whose files all stat the same, has
 * nothing to do. Any difference (an edited input, a deleted or touched
 * page) means a full build, which still leaves unchanged files alone. */
#ifndef VERSUS_MANIFEST_H
#define VERSUS_MANIFEST_H

#include "diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MANIFEST_HASH_INIT 1469598103934665603ULL

/* Fold n bytes into hash h (FNV-1a). */
uint64_t manifest_hash(uint64_t h, const void *data, size_t n);
/* Fold the contents of the file at path into *h. 0, or -1 if unreadable. */
int manifest_hash_file(uint64_t *h, const char *path);
/* True if out_dir's manifest was written for inputs hash h and every file
 * it lists is still as it was left. */
bool manifest_fresh(const char *out_dir, uint64_t h);

struct manifest;
/* Start a new manifest for h, written in tmp_dir (a folder in out_dir that
 * a killed build's clean-up removes) until manifest_end puts it in place.
 * NULL after reporting. */
struct manifest *manifest_begin(const char *out_dir, const char *tmp_dir,
				uint64_t h, struct diag *d);
/* Record the output file rel (relative to out_dir), as it is now. */
void manifest_add(struct manifest *m, const char *rel);
/* Put the manifest in place. 0, or -1 after reporting. NULL is a no-op. */
int manifest_end(struct manifest *m, struct diag *d);
/* Remove out_dir's manifest (before a build changes the tree). */
void manifest_remove(const char *out_dir);

#endif
