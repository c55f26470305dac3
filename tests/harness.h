/* A tiny test harness (after cmark's api_test): CHECK counts, never aborts,
 * and main's return says whether anything failed. */
#ifndef VERSUS_HARNESS_H
#define VERSUS_HARNESS_H

#include <stdio.h>
#include <string.h>

static int T_passed, T_failed;

#define CHECK(cond, ...)                                                  \
	do {                                                              \
		if (cond) {                                               \
			T_passed++;                                       \
		} else {                                                  \
			T_failed++;                                       \
			fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                     \
			fputc('\n', stderr);                              \
		}                                                         \
	} while (0)

#define STR_EQ(got, want)                                                 \
	CHECK(strcmp((got), (want)) == 0, "got \"%s\", want \"%s\"", (got), (want))

#define CONTAINS(hay, needle)                                             \
	CHECK(strstr((hay), (needle)) != NULL, "\"%s\" not found in:\n%s", (needle), (hay))

static int T_done(void)
{
	printf("%d passed, %d failed\n", T_passed, T_failed);
	return T_failed ? 1 : 0;
}

#endif
