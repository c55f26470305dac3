#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static char path[128];

/* A run leaves nothing behind: each one used to leave its folder in /tmp,
 * one more every time the suite ran. */
static void scratch_remove(void)
{
	if (path[0])
		unlink(path);
	rmdir(dir);
}

/* A fuzz target has no way to report: say what failed before aborting, so
 * that a full disk is not mistaken for a crash in the code under test. */
static void die(const char *what)
{
	perror(what);
	abort();
}

const char *fuzz_dir(void)
{
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/versus-fuzz-%ld-XXXXXX", (long)getpid());
		if (!mkdtemp(dir))
			die(dir);
		atexit(scratch_remove);
	}
	return dir;
}

const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	char next[sizeof path];
	snprintf(next, sizeof next, "%s/%s", fuzz_dir(), name);
	if (path[0] && strcmp(path, next) != 0)
		unlink(path);
	memcpy(path, next, sizeof path);
	FILE *f = fopen(path, "wb");
	if (!f)
		die(path);
	if (fwrite(data, 1, size, f) != size || fclose(f) != 0)
		die(path);
	return path;
}
