/* out — the output tree, written so that nothing is ever half-written.
 *
 * Every file is written to a temporary file in <dir>/.versus-tmp/<host>.
 * <pid>.<random> (so builds sharing a tree keep apart) and renamed into place, so a reader (or a build killed at any moment) sees
 * the old or the new complete file. A file whose bytes did not change is
 * not touched: its mtime stays, and a rebuild writes nothing. Safe to use
 * from several threads at once. */
#ifndef VERSUS_OUT_H
#define VERSUS_OUT_H

#include "diag.h"

#include <stdatomic.h>
#include <stddef.h>

struct out;

/* Open (create) the tree at dir and clear temporary files left by a killed
 * build. NULL after reporting. Caller frees with out_close. */
struct out *out_open(const char *dir, struct diag *d);
/* Create the folder rel (and its parents) inside the tree. 0 or -1. */
int out_mkdir(struct out *o, const char *rel, struct diag *d);
/* Write data as rel, whose folder exists. 0 or -1 after reporting. */
int out_write(struct out *o, const char *rel, const char *data, size_t n,
	      struct diag *d);
/* This build's folder for temporary files; borrowed, valid until
 * out_close, which removes it and what is left in it. */
const char *out_tmp_dir(const struct out *o);
/* Files written and left unchanged so far. */
size_t out_written(const struct out *o);
size_t out_unchanged(const struct out *o);
/* Remove the temporary folder and free o. 0 or -1. NULL is a no-op. */
int out_close(struct out *o, struct diag *d);

#endif
