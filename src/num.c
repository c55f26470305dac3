#include "num.h"

#include <unicode/unum.h>
#include <unicode/ustring.h>

#include <stdbool.h>
#include <stdlib.h>
#include <unicode/ustring.h>

#include <stdio.h>

struct num {
	UNumberFormat *dec, *pct;
};

struct num *num_new(const char *tag)
{
	struct num *n = xcalloc(1, sizeof *n);
	UErrorCode st = U_ZERO_ERROR;
	n->dec = unum_open(UNUM_DECIMAL, NULL, 0, tag, NULL, &st);
	if (U_FAILURE(st))
		n->dec = NULL;
	st = U_ZERO_ERROR;
	n->pct = unum_open(UNUM_PERCENT, NULL, 0, tag, NULL, &st);
	if (U_FAILURE(st))
		n->pct = NULL;
	return n;
}

void num_free(struct num *n)
{
	if (!n)
		return;
	if (n->dec)
		unum_close(n->dec);
	if (n->pct)
		unum_close(n->pct);
	free(n);
}

/* UTF-16 from ICU to UTF-8 into out; false if it did not fit or convert. */
static bool S_put(const UChar *u, int32_t len, struct buf *out)
{
	char tmp[256];
	int32_t n = 0;
	UErrorCode st = U_ZERO_ERROR;
	u_strToUTF8(tmp, (int32_t)sizeof tmp, &n, u, len, &st);
	if (U_FAILURE(st) || n < 0 || (size_t)n >= sizeof tmp)
		return false;
	buf_put(out, tmp, (size_t)n);
	return true;
}

void num_int(struct num *n, unsigned long v, struct buf *out)
{
	UChar u[64];
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = n->dec ? unum_formatInt64(n->dec, (int64_t)v, u, 64, NULL, &st) : -1;
	if (!n->dec || U_FAILURE(st) || len < 0 || len >= 64 || !S_put(u, len, out))
		buf_printf(out, "%lu", v);
}

void num_percent(struct num *n, unsigned pct, struct buf *out)
{
	UChar u[64];
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = n->pct ? unum_formatDouble(n->pct, pct / 100.0, u, 64, NULL, &st) : -1;
	if (!n->pct || U_FAILURE(st) || len < 0 || len >= 64 || !S_put(u, len, out))
		buf_printf(out, "%u%%", pct);
}
