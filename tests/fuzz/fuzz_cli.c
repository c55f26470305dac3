/* The command line: any argv (arguments split at NUL bytes) is read into
 * options or refused as usage; nothing crashes, nothing leaks. */
#include "fuzz.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	char *argv[66] = { "versus" };
	int argc = 1;
	for (size_t i = 0; i <= size && argc < 65;) {
		argv[argc++] = copy + i;
		i += strlen(copy + i) + 1;
	}
	argv[argc] = NULL;
	struct cli c;
	cli_parse(&c, argc, argv);
	cli_release(&c);
	free(copy);
	return 0;
}
