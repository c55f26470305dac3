/* Shared by the fuzz targets: inputs reach the loaders as files, as they do
 * in a build, through one temporary file per process. */
#ifndef VERSUS_FUZZ_H
#define VERSUS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Write data to this process's scratch file named name (e.g. "x.po") in
 * its scratch folder; returns the path (static storage). */
const char *fuzz_file(const char *name, const uint8_t *data, size_t size);
/* The scratch folder. */
const char *fuzz_dir(void);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
