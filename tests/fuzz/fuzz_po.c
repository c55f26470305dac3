/* The po loader: libgettextpo's reading, our header and plural checks,
 * placeholder refusal, and look-ups of what was read. */
#include "fuzz.h"
#include "po.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag *d = diag_new();
	struct po *po = po_load(fuzz_file("x.po", data, size), d);
	if (po) {
		po_get(po, "compare.heading.fix", "How to Fix");
		for (unsigned long n = 0; n < 30; n++)
			po_get_plural(po, "protocol.codes", "{n} code", n);
	}
	po_free(po);
	diag_free(d);
	return 0;
}
