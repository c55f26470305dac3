/* The Plural-Forms evaluator: any header text, evaluated for the counts a
 * page can show; deep nesting and division by zero must end in a refusal,
 * never in a crash or a stack overflow. */
#include "fuzz.h"
#include "buf.h"
#include "po.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header = xstrndup((const char *)data, size);
	for (unsigned long n = 0; n < 200; n++)
		if (po_plural_index(header, n) < 0)
			break;
	po_plural_index(header, 1000000);
	free(header);
	return 0;
}
