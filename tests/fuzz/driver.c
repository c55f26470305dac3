/* Without libFuzzer: run the target once on each file named, so that every
 * seed and every crash ever found stays a regression test under ctest. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0, k;
		do {
			if (len == cap)
				buf = realloc(buf, cap = cap ? cap * 2 : 4096);
			k = fread(buf + len, 1, cap - len, f);
			len += k;
		} while (k > 0);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		n++;
	}
	printf("%d passed, 0 failed\n", n);
	return 0;
}
