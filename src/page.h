/* page — what each page of a language is filled with.
 *
 * page_lang_new prepares a language once: every code's texts translated,
 * lowered where a sentence embeds them, and rendered from Markdown, so a
 * page is only the assembly of prepared pieces. page_set_* then point a
 * struct page at them for one page; nothing is copied per page but the
 * page's own path.
 *
 * Paths are relative to the language folder and have no extension:
 *   index                                   the language's home
 *   <proto>/index                           a protocol's codes
 *   <proto>/<code>-<slug>                   one code
 *   compare/<proto>/<a>-<slug>-vs-<b>-<slug>   a < b (the reverse: redirect)
 *   status                                  translation status */
#ifndef VERSUS_PAGE_H
#define VERSUS_PAGE_H

#include "buf.h"
#include "catalog.h"
#include "diag.h"
#include "lang.h"
#include "tmpl.h"

#include <stdint.h>

struct page_lang;

/* The kinds of page, each from templates/<name>.html (and .md). */
enum page_kind { PAGE_COMPARE, PAGE_CODE, PAGE_PROTOCOL, PAGE_HOME, PAGE_STATUS,
		 PAGE_REDIRECT, PAGE_ROOT, PAGE_SEARCH, PAGE_INDEX, PAGE_COMPARES,
		 PAGE_NOTFOUND, PAGE_ROBOTS, PAGE_KIND_COUNT };
/* The names a page of kind k has, innermost scope first (*n of them), for
 * tmpl_check; static. */
const struct tmpl_shape *const *page_shape(enum page_kind k, size_t *n);

/* Prepare language l (borrowed, like c and all, for the page_lang's life).
 * all: every language of the site, for the switcher; base_url may be NULL.
 * source: English, prepared first (NULL when l is English), whose
 * renditions a sentence uses where l lacks a translation; borrowed, it
 * must outlive this page_lang.
 * Returns NULL after reporting catalogue text that is not one paragraph of
 * inline Markdown; a bad translation is reported as a warning and English
 * is used. Caller frees with page_lang_free. */
struct page_lang *page_lang_new(const struct catalog *c, const struct lang *l,
				struct lang *const *all, size_t nall,
				const char *base_url, const struct page_lang *source,
				struct diag *d);
void page_lang_free(struct page_lang *pl);
const struct lang *page_lang_lang(const struct page_lang *pl);

/* References one comparison page lists of its second code. */
#define PAGE_MAX_REFS 32

/* One page's values; reuse one per thread. */
struct page {
	struct var vars[16];
	struct scope refs[PAGE_MAX_REFS]; /* the second code's, less the first's */
	size_t nrefs;
	size_t n;
	struct scope scope;
	struct buf path; /* see above */
	struct buf root; /* from the page to out/: "../../" */
	struct buf abs;  /* base URL, or root */
	struct buf scratch;
	const struct scope *crumb; /* a code or comparison page's protocol */
};

void page_init(struct page *p);
void page_release(struct page *p);

void page_set_home(struct page *p, const struct page_lang *pl);
void page_set_protocol(struct page *p, const struct page_lang *pl, size_t proto);
void page_set_code(struct page *p, const struct page_lang *pl, size_t proto,
		   size_t code);
/* The comparison of codes a < b. */
void page_set_compare(struct page *p, const struct page_lang *pl,
		      size_t proto, size_t a, size_t b);
/* The page at b-vs-a that sends readers to the a-vs-b page. */
void page_set_redirect(struct page *p, const struct page_lang *pl,
		       size_t proto, size_t a, size_t b);
/* Translation status of every language of the site. */
void page_set_status(struct page *p, const struct page_lang *pl);
/* The language chooser at out/index.html (path "" and root ""). */
void page_set_root(struct page *p, const struct page_lang *pl);
/* A page of the language folder with no values of its own (search,
 * search-index, 404), or with path NULL one at the top of out/. */
void page_set_named(struct page *p, const struct page_lang *pl, const char *path);
/* compare/<proto>/index: every comparison of a protocol. */
void page_set_compares(struct page *p, const struct page_lang *pl, size_t proto);

/* Hashes of what pages show, so that a rebuild renders only the pages
 * whose values changed: one code's texts in this language (and their
 * English renditions); a protocol's own values (what 0), with its codes'
 * numbers, slugs, names and classes (1), with all its codes' texts (2);
 * the language's frame (what 0), or that and the status figures (1). */
uint64_t page_hash_code(const struct page_lang *pl, size_t proto, size_t code);
uint64_t page_hash_proto(const struct page_lang *pl, size_t proto, int what);
uint64_t page_hash_lang(const struct page_lang *pl, int what);

/* Append the path of a code page / comparison page (as above). */
void page_code_path(struct buf *out, const struct catalog_protocol *p,
		    size_t code);
void page_compare_path(struct buf *out, const struct catalog_protocol *p,
		       size_t a, size_t b);

#endif
