#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[64];

const char *fuzz_dir(void)
{
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/versus-fuzz-%ld-XXXXXX", (long)getpid());
		if (!mkdtemp(dir))
			abort();
	}
	return dir;
}

const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	return path;
}
