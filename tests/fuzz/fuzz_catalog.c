/* The catalogue loader: parse, schema, checks. */
#include "catalog.h"
#include "fuzz.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path[1] = { (char *)fuzz_file("c.xml", data, size) };
	struct diag *d = diag_new();
	catalog_free(catalog_load_files(path, 1, d));
	diag_free(d);
	return 0;
}
