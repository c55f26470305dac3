/* site — the whole build: read and check every input, then render every
 * page of every language asked for into the output tree.
 *
 * Nothing is written until every input has been read, checked, and one page
 * of each kind rendered in memory: bad input leaves out/ as it was. */
#ifndef VERSUS_SITE_H
#define VERSUS_SITE_H

#include "diag.h"
#include "po.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

enum site_mode { SITE_BUILD, SITE_CHECK, SITE_STATS, SITE_EXTRACT };

struct site_opts {
	const char *catalog_dir, *po_dir, *templates_dir, *out_dir;
	const char *langs;    /* comma-separated, or NULL for po/LINGUAS */
	bool html, md;
	const char *base_url; /* NULL or "" for relative links */
	unsigned jobs;
	unsigned shard, shards; /* render only pages whose job % shards == shard */
	enum site_mode mode;
	const char *pot_out;  /* SITE_EXTRACT: where to write the template */
	const atomic_int *stop; /* set asynchronously (a signal) to stop early */
	/* Called now and then from worker threads; may be NULL. */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
};

struct site_lang_stats {
	char name[24];
	bool source; /* the language of the msgids */
	struct po_stats stats;
};

struct site_report {
	size_t pages, written, unchanged;
	size_t pruned; /* files of earlier builds that this one removed */
	size_t reused; /* files left as they were: made from the same values */
	bool usage;    /* the failure is a bad option (--lang), not bad input */
	bool fresh; /* nothing changed since the last build: nothing rendered */
	struct site_lang_stats *langs; /* SITE_STATS: one per language */
	size_t nlangs;
};

/* The versions of the libraries that shape the output, as they run (not
 * as built against): part of what a manifest hashes, and of --version. */
const char *site_library_versions(void);

/* Run the build. 0 on success; -1 after reporting into d. The report's
 * langs are freed with site_report_release. */
int site_run(const struct site_opts *o, struct site_report *r, struct diag *d);
void site_report_release(struct site_report *r);

#endif
