#include "site.h"

#include "buf.h"
#include "catalog.h"
#include "lang.h"
#include "manifest.h"
#include "msgs.h"
#include "out.h"
#include "page.h"
#include "text.h"
#include "tmpl.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <sys/stat.h>

#include <cmark.h>
#include <libxml/parser.h>
#include <gettext-po.h>
#include <unicode/uversion.h>
#include <unistring/version.h>

/* The kinds of page: templates/<name>.<ext>, and <name>.md where a kind
 * has a Markdown form; whether the sitemap lists it. The first form is part
 * of the HTML site (--format html), the second of the Markdown one. */
static const struct kind {
	const char *name, *ext;
	bool md, sitemap;
} S_kinds[PAGE_KIND_COUNT] = {
	[PAGE_COMPARE] = { "compare", "html", true, true },
	[PAGE_CODE] = { "code", "html", true, true },
	[PAGE_PROTOCOL] = { "protocol", "html", true, true },
	[PAGE_HOME] = { "home", "html", true, true },
	[PAGE_STATUS] = { "status", "html", true, true },
	[PAGE_REDIRECT] = { "redirect", "html", false, false },
	[PAGE_ROOT] = { "root", "html", false, false },
	[PAGE_SEARCH] = { "search", "html", false, true },
	[PAGE_INDEX] = { "search-index", "js", false, false },
	[PAGE_COMPARES] = { "compares", "html", true, true },
	[PAGE_NOTFOUND] = { "notfound", "html", false, false },
	[PAGE_ROBOTS] = { "robots", "txt", false, false },
};
/* Files of templates/ copied as they are into out/assets/. */
static const char *const S_assets[] = { "style.css", "search.js", "favicon.svg" };
#define NASSETS (sizeof S_assets / sizeof *S_assets)

/* A sitemap file holds at most 50,000 URLs (sitemaps.org), which at our
 * URL lengths stays far below its 50 MB. */
#define SITEMAP_MAX_URLS 50000

struct site {
	const struct site_opts *o;
	struct catalog *cat;
	struct msgs *msgs;
	struct lang **all; /* per language of po/LINGUAS: loaded if built (and en) */
	char **names;      /* the names po/LINGUAS lists */
	size_t nall;
	size_t *build;     /* indices into all of the languages to render */
	size_t nbuild;
	struct lang **built;   /* all[build[i]]: the languages of this site */
	struct page_lang **pl; /* per built language */
	const struct lang *src_lang;  /* English: all[i], or own_src */
	struct lang *own_src;
	struct page_lang *src_pl;     /* English renditions, for fallbacks */
	struct tmpl *t[PAGE_KIND_COUNT][2]; /* [kind][0 html, 1 md] */
	struct out *out;
	struct buf assets[NASSETS]; /* read before anything is written */
	size_t sitemaps; /* sitemap-N.xml files written */
	size_t pruned;   /* files of earlier builds removed */
	bool usage;      /* a bad option, not bad input */
	uint64_t *frames; /* per built language, kind, form: see S_frames */
	struct manifest_keys *old; /* what the last build made each file from */
	atomic_size_t reused;      /* pages not made again: nothing changed in them */
	uint64_t inputs; /* hash of everything the output depends on */
	struct diag *d;
	/* The work: per built language, one job for its small pages and one
	 * per (protocol, code row). */
	struct job { size_t lang, proto, row; bool small; } *jobs;
	size_t njobs, total_pages;
	atomic_size_t next, done;
	atomic_bool failed;
};

/*** Inputs ***/

/* "tr", "zh-hans", "zh_Hans": one language, whatever the spelling. */
static bool S_same_lang(const char *a, size_t n, const char *b)
{
	if (strlen(b) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char x = a[i] == '-' ? '_' : (char)tolower((unsigned char)a[i]);
		char y = b[i] == '-' ? '_' : (char)tolower((unsigned char)b[i]);
		if (x != y)
			return false;
	}
	return true;
}

static int S_read_linguas(struct site *s)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/LINGUAS", s->o->po_dir);
	FILE *f = fopen(path.ptr, "r");
	if (!f) {
		diag_report(s->d, DIAG_ERROR, path.ptr, 0, "cannot read: %s", strerror(errno));
		buf_release(&path);
		return -1;
	}
	char line[1024];
	unsigned long no = 0;
	int rc = 0;
	char **names = NULL;
	size_t n = 0;
	while (fgets(line, sizeof line, f)) {
		no++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		for (char *tok = strtok(line, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n")) {
			if (!lang_name_ok(tok)) {
				diag_report(s->d, DIAG_ERROR, path.ptr, no,
					    "\"%s\" is not a language name (letters, digits, one _ between parts)",
					    tok);
				rc = -1;
				continue;
			}
			/* zh_Hans and zh-hans are one folder, out/zh-hans. */
			size_t dup = n;
			for (size_t i = 0; i < n; i++)
				if (S_same_lang(tok, strlen(tok), names[i]))
					dup = i;
			if (dup < n) {
				diag_report(s->d, DIAG_ERROR, path.ptr, no,
					    strcmp(names[dup], tok) == 0
						    ? "%s is listed twice"
						    : "%s and %s would share one output folder",
					    tok, names[dup]);
				rc = -1;
				continue;
			}
			names = xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = xstrdup(tok);
			struct buf po = BUF_INIT;
			buf_printf(&po, "%s/%s.po", s->o->po_dir, tok);
			FILE *pf = fopen(po.ptr, "r");
			if (!pf) {
				diag_report(s->d, DIAG_ERROR, path.ptr, no,
					    "language %s has no %s", tok, po.ptr);
				rc = -1;
			} else {
				fclose(pf);
			}
			buf_release(&po);
		}
	}
	fclose(f);
	if (rc == 0 && n == 0) {
		diag_report(s->d, DIAG_ERROR, path.ptr, 0, "lists no language");
		rc = -1;
	}
	buf_release(&path);
	if (rc == 0) {
		s->all = xcalloc(n, sizeof *s->all);
		s->names = names;
		s->nall = n;
	} else {
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
	}
	return rc;
}

static int S_pick_langs(struct site *s)
{
	s->build = xcalloc(s->nall, sizeof *s->build);
	int rc = 0;
	if (!s->o->langs)
		for (size_t i = 0; i < s->nall; i++)
			s->build[s->nbuild++] = i;
	for (const char *p = s->o->langs ? s->o->langs : ""; *p;) {
		size_t n = strcspn(p, ",");
		size_t i;
		for (i = 0; i < s->nall; i++)
			if (S_same_lang(p, n, s->names[i]))
				break;
		if (n == 0) {
			diag_report(s->d, DIAG_ERROR, NULL, 0,
				    "--lang \"%s\" has an empty language name", s->o->langs);
			s->usage = true;
			rc = -1;
			break;
		} else if (i == s->nall) {
			struct buf known = BUF_INIT;
			for (size_t k = 0; k < s->nall; k++)
				buf_printf(&known, "%s%s", k ? " " : "", s->names[k]);
			diag_report(s->d, DIAG_ERROR, NULL, 0,
				    "unknown language \"%.*s\" (%s/LINGUAS has: %s)",
				    (int)n, p, s->o->po_dir, known.ptr);
			buf_release(&known);
			s->usage = true;
			rc = -1;
		} else {
			bool dup = false;
			for (size_t k = 0; k < s->nbuild; k++)
				dup |= s->build[k] == i;
			if (!dup)
				s->build[s->nbuild++] = i;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	if (rc == 0 && s->nbuild == 0) {
		diag_report(s->d, DIAG_ERROR, NULL, 0, "--lang names no language");
		s->usage = true;
		rc = -1;
	}
	/* Render in LINGUAS order, whatever order --lang named them in. */
	for (size_t a = 1; a < s->nbuild; a++)
		for (size_t b = a; b > 0 && s->build[b - 1] > s->build[b]; b--) {
			size_t t = s->build[b];
			s->build[b] = s->build[b - 1];
			s->build[b - 1] = t;
		}
	/* Load the languages asked for: their po files' warnings are the
	 * ones that matter. English, the source of every fallback, is loaded
	 * quietly when it is not asked for. */
	for (size_t b = 0; b < s->nbuild && rc == 0; b++) {
		size_t i = s->build[b];
		s->all[i] = lang_load(s->o->po_dir, s->names[i], s->msgs, s->d);
		if (!s->all[i])
			rc = -1;
	}
	for (size_t i = 0; i < s->nall && rc == 0; i++) {
		if (s->all[i] || strcmp(s->names[i], "en") != 0)
			continue;
		struct diag *quiet = diag_new();
		s->all[i] = lang_load(s->o->po_dir, s->names[i], s->msgs, quiet);
		diag_free(quiet);
	}
	return rc;
}

static int S_load_templates(struct site *s)
{
	int rc = 0;
	for (int k = 0; k < PAGE_KIND_COUNT; k++) {
		for (int f = 0; f < 2; f++) {
			if (f == 1 && !S_kinds[k].md)
				continue;
			struct buf name = BUF_INIT;
			buf_printf(&name, "%s.%s", S_kinds[k].name, f ? "md" : S_kinds[k].ext);
			s->t[k][f] = tmpl_load(s->o->templates_dir, name.ptr, s->msgs, s->d);
			size_t n;
			const struct tmpl_shape *const *shape = page_shape((enum page_kind)k, &n);
			if (!s->t[k][f] || tmpl_check(s->t[k][f], shape, n, s->msgs, s->d) != 0)
				rc = -1;
			buf_release(&name);
		}
	}
	return rc;
}

/* True once a signal asked the build to stop. */
static bool S_stopped(const struct site *s)
{
	return s->o->stop && atomic_load(s->o->stop);
}

/* A when-text follows "You encounter 455": one that does not open with a
 * clause word reads "when typically …". Said to the catalogue editor,
 * with the line, as a warning. */
static void S_check_when(struct site *s)
{
	long i = msgs_find(s->msgs, "when.openers", 12);
	if (i < 0)
		return;
	const char *openers = s->msgs->v[i].text;
	for (size_t p = 0; p < s->cat->n; p++) {
		const struct catalog_protocol *cp = &s->cat->protocols[p];
		for (size_t c = 0; c < cp->ncodes; c++) {
			const struct catalog_code *k = &cp->codes[c];
			const char *w = k->text[FIELD_WHEN];
			if (!w || text_first_word_in(w, strlen(w), openers, "en"))
				continue;
			size_t n = strcspn(w, " ,.;:");
			diag_report(s->d, DIAG_WARNING, cp->file, k->line[FIELD_WHEN],
				    "the when-text of %s opens with \"%.*s\": \"You encounter %s when %.*s…\" reads badly; open it with one of: %s",
				    k->number, (int)n, w, k->number, (int)n, w, openers);
		}
	}
}

/*** What a page is made from ***/

/* A page: its kind, and the protocol and codes it shows (as many as its
 * kind has). */
struct pident { enum page_kind kind; size_t proto, a, b; };

static uint64_t S_mix(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (i * 8)) & 0xff;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Per built language, kind and form: the template's text and the
 * language's text of every message it shows. */
static void S_frames(struct site *s)
{
	s->frames = xcalloc(s->nbuild * PAGE_KIND_COUNT * 2, sizeof *s->frames);
	bool *used = xcalloc(s->msgs->n, sizeof *used);
	for (size_t b = 0; b < s->nbuild; b++) {
		const struct lang *l = s->built[b];
		for (int k = 0; k < PAGE_KIND_COUNT; k++)
			for (int f = 0; f < 2; f++) {
				const struct tmpl *t = s->t[k][f];
				if (!t)
					continue;
				memset(used, 0, s->msgs->n * sizeof *used);
				tmpl_msgs_used(t, used);
				uint64_t h = tmpl_hash(t, MANIFEST_HASH_INIT);
				for (size_t i = 0; i < s->msgs->n; i++) {
					if (!used[i])
						continue;
					const struct msg *g = &s->msgs->v[i];
					h = manifest_hash(h, l->text[i], strlen(l->text[i]) + 1);
					h = manifest_hash(h, &l->translated[i], sizeof l->translated[i]);
					const char *const *forms;
					size_t nf = l->po ? po_forms(l->po, g->key, g->text, &forms) : 0;
					for (size_t j = 0; j < nf; j++)
						h = manifest_hash(h, forms[j], strlen(forms[j]) + 1);
				}
				s->frames[(b * PAGE_KIND_COUNT + (size_t)k) * 2 + (size_t)f] = h;
			}
	}
	free(used);
}

/* The key of a page in a form: everything it shows, hashed. 0 for pages
 * that are always made (the chooser, the top 404, robots.txt). */
static uint64_t S_key(const struct site *s, size_t b, const struct pident *id, int f)
{
	const struct page_lang *pl = s->pl[b];
	uint64_t h = S_mix(s->frames[(b * PAGE_KIND_COUNT + id->kind) * 2 + (size_t)f],
			   page_hash_lang(pl, id->kind == PAGE_STATUS));
	switch (id->kind) {
	case PAGE_COMPARE:
	case PAGE_REDIRECT:
		h = S_mix(h, page_hash_code(pl, id->proto, id->a));
		h = S_mix(h, page_hash_code(pl, id->proto, id->b));
		h = S_mix(h, page_hash_proto(pl, id->proto, 0));
		break;
	case PAGE_CODE:
		h = S_mix(h, page_hash_code(pl, id->proto, id->a));
		h = S_mix(h, page_hash_proto(pl, id->proto, 1));
		break;
	case PAGE_PROTOCOL:
	case PAGE_COMPARES:
		h = S_mix(h, page_hash_proto(pl, id->proto, 1));
		break;
	case PAGE_HOME:
	case PAGE_SEARCH:
	case PAGE_INDEX:
		for (size_t p = 0; p < s->cat->n; p++)
			h = S_mix(h, page_hash_proto(pl, p, id->kind == PAGE_HOME ? 0 :
							 id->kind == PAGE_SEARCH ? 1 : 2));
		break;
	case PAGE_STATUS:
	case PAGE_NOTFOUND:
		break;
	default:
		return 0;
	}
	return h ? h : 1;
}

/*** Rendering ***/

struct worker {
	struct site *s;
	struct page page;
	struct buf html, md, path;
};

static void S_page_path(struct worker *w, enum page_kind k, const struct lang *l, int f);

/* Render the page p is set to in every format and write it (or, with
 * write false, only render it: the preflight). */
static int S_emit(struct worker *w, const struct pident *id, size_t lb,
		  const struct lang *l, bool write)
{
	struct site *s = w->s;
	enum page_kind k = id->kind;
	for (int f = 0; f < 2; f++) {
		if (f == 1 && !S_kinds[k].md)
			continue;
		/* The preflight checks every template, written or not. */
		if (write && ((f == 0 && !s->o->html) || (f == 1 && !s->o->md)))
			continue;
		struct buf *b = f ? &w->md : &w->html;
		if (write) {
			S_page_path(w, k, l, f);
			/* Made from what the last build made it from, and still as
			 * that build left it: nothing to do. */
			struct stat st;
			if (s->old && out_stat(s->out, w->path.ptr, &st) == 0 &&
			    manifest_keys_same(s->old, w->path.ptr, S_key(s, lb, id, f), &st)) {
				atomic_fetch_add(&s->reused, 1);
				continue;
			}
		}
		buf_reset(b);
		if (tmpl_render(s->t[k][f], &w->page.scope, l, b, s->d) != 0)
			return -1;
		if (!write)
			continue;
		if (out_write(s->out, w->path.ptr, b->ptr, b->len, s->d) != 0)
			return -1;
	}
	return 0;
}

/* The output path of the page w->page is set to, in form f, into w->path. */
static void S_page_path(struct worker *w, enum page_kind k, const struct lang *l, int f)
{
		buf_reset(&w->path);
		if (k == PAGE_ROOT)
			buf_puts(&w->path, "index.html");
		else if (!w->page.path.len) /* the top of out/: 404.html, robots.txt */
			buf_printf(&w->path, "%s.%s", k == PAGE_NOTFOUND ? "404" : S_kinds[k].name,
				   S_kinds[k].ext);
		else
			buf_printf(&w->path, "%s/%s.%s", l->folder, w->page.path.ptr,
				   f ? "md" : S_kinds[k].ext);
}

static int S_run_job(struct worker *w, const struct job *j, bool write)
{
	struct site *s = w->s;
	const struct page_lang *pl = s->pl[j->lang];
	const struct lang *l = page_lang_lang(pl);
	size_t lb = j->lang;
	struct pident id = { PAGE_HOME, 0, 0, 0 };
	if (j->small) {
		page_set_home(&w->page, pl);
		if (S_emit(w, &id, lb, l, write) != 0)
			return -1;
		id.kind = PAGE_STATUS;
		page_set_status(&w->page, pl);
		if (S_emit(w, &id, lb, l, write) != 0)
			return -1;
		static const struct { enum page_kind k; const char *path; } named[] = {
			{ PAGE_SEARCH, "search" }, { PAGE_INDEX, "search-index" },
			{ PAGE_NOTFOUND, "404" },
		};
		for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
			id.kind = named[i].k;
			page_set_named(&w->page, pl, named[i].path);
			if (S_emit(w, &id, lb, l, write) != 0)
				return -1;
		}
		for (size_t p = 0; p < s->cat->n; p++) {
			id = (struct pident){ PAGE_PROTOCOL, p, 0, 0 };
			page_set_protocol(&w->page, pl, p);
			if (S_emit(w, &id, lb, l, write) != 0)
				return -1;
			id.kind = PAGE_COMPARES;
			page_set_compares(&w->page, pl, p);
			if (S_emit(w, &id, lb, l, write) != 0)
				return -1;
		}
		return 0;
	}
	const struct catalog_protocol *cp = &s->cat->protocols[j->proto];
	id = (struct pident){ PAGE_CODE, j->proto, j->row, j->row };
	page_set_code(&w->page, pl, j->proto, j->row);
	if (S_emit(w, &id, lb, l, write) != 0)
		return -1;
	for (size_t b = j->row + 1; b < cp->ncodes; b++) {
		if (S_stopped(s))
			return -1;
		id = (struct pident){ PAGE_COMPARE, j->proto, j->row, b };
		page_set_compare(&w->page, pl, j->proto, j->row, b);
		if (S_emit(w, &id, lb, l, write) != 0)
			return -1;
		if (s->o->html || !write) {
			id.kind = PAGE_REDIRECT;
			page_set_redirect(&w->page, pl, j->proto, j->row, b);
			if (S_emit(w, &id, lb, l, write) != 0)
				return -1;
		}
		if (!write)
			break; /* the preflight needs one of each */
	}
	return 0;
}

static size_t S_job_pages(const struct site *s, const struct job *j)
{
	if (j->small)
		return 5 + 2 * s->cat->n;
	size_t n = s->cat->protocols[j->proto].ncodes;
	return 1 + (n - j->row - 1);
}

static void S_worker_init(struct worker *w, struct site *s)
{
	w->s = s;
	page_init(&w->page);
	w->html = (struct buf)BUF_INIT;
	w->md = (struct buf)BUF_INIT;
	w->path = (struct buf)BUF_INIT;
}

static void S_worker_release(struct worker *w)
{
	page_release(&w->page);
	buf_release(&w->html);
	buf_release(&w->md);
	buf_release(&w->path);
}

static void *S_work(void *arg)
{
	struct worker *w = arg;
	struct site *s = w->s;
	for (;;) {
		if (atomic_load(&s->failed) || S_stopped(s))
			break;
		size_t i = atomic_fetch_add(&s->next, 1);
		if (i >= s->njobs)
			break;
		if (s->o->shards > 1 && i % s->o->shards != s->o->shard)
			continue;
		if (S_run_job(w, &s->jobs[i], true) != 0) {
			atomic_store(&s->failed, true);
			break;
		}
		size_t done = atomic_fetch_add(&s->done, S_job_pages(s, &s->jobs[i]));
		if (s->o->progress)
			s->o->progress(s->o->progress_ctx, done, s->total_pages);
	}
	return NULL;
}

static void S_plan(struct site *s)
{
	for (size_t li = 0; li < s->nbuild; li++) {
		s->jobs = xrealloc(s->jobs, (s->njobs + 1) * sizeof *s->jobs);
		s->jobs[s->njobs++] = (struct job){ li, 0, 0, true };
		for (size_t p = 0; p < s->cat->n; p++) {
			size_t n = s->cat->protocols[p].ncodes;
			s->jobs = xrealloc(s->jobs, (s->njobs + n) * sizeof *s->jobs);
			for (size_t r = 0; r < n; r++)
				s->jobs[s->njobs++] = (struct job){ li, p, r, false };
		}
	}
	for (size_t i = 0; i < s->njobs; i++)
		if (s->o->shards <= 1 || i % s->o->shards == s->o->shard)
			s->total_pages += S_job_pages(s, &s->jobs[i]);
}

/*** The sitemap ***/

struct sitemap {
	struct site *s;
	struct buf buf;
	size_t urls, files;
	int rc;
};

static void S_sitemap_flush(struct sitemap *m, bool last)
{
	if (!m->urls && !(last && m->files == 0))
		return;
	buf_puts(&m->buf, "</urlset>\n");
	struct buf name = BUF_INIT;
	m->files++;
	buf_printf(&name, "sitemap-%zu.xml", m->files);
	if (out_write(m->s->out, name.ptr, m->buf.ptr, m->buf.len, m->s->d) != 0)
		m->rc = -1;
	buf_release(&name);
	buf_reset(&m->buf);
	m->urls = 0;
}

static void S_sitemap_url(struct sitemap *m, const char *path)
{
	struct site *s = m->s;
	const char *base = s->o->base_url ? s->o->base_url : "";
	/* Each page names its language versions itself (hreflang links, which
	 * the sitemap protocol accepts in place of xhtml:link entries), so a
	 * URL costs the same whatever the number of languages: the sitemap
	 * grows as the pages do, not as pages times languages. */
	for (size_t b = 0; b < s->nbuild; b++) {
		if (m->urls == 0)
			buf_puts(&m->buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				 "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
		const struct lang *l = s->all[s->build[b]];
		buf_puts(&m->buf, "<url><loc>");
		text_escape_html(&m->buf, base, strlen(base));
		buf_printf(&m->buf, "%s/", l->folder);
		text_escape_html(&m->buf, path, strlen(path));
		buf_puts(&m->buf, ".html</loc></url>\n");
		if (++m->urls >= SITEMAP_MAX_URLS)
			S_sitemap_flush(m, false);
	}
}

/* Calls fn with the path (in a language folder, without extension) and
 * identity of every page of a language, in a fixed order. */
static void S_each_page(const struct site *s,
			void (*fn)(void *, const char *, const struct pident *), void *ctx)
{
	struct buf path = BUF_INIT;
	static const struct { const char *path; enum page_kind k; } small[] = {
		{ "index", PAGE_HOME }, { "status", PAGE_STATUS }, { "search", PAGE_SEARCH },
		{ "search-index", PAGE_INDEX }, { "404", PAGE_NOTFOUND },
	};
	for (size_t i = 0; i < sizeof small / sizeof *small; i++) {
		struct pident id = { small[i].k, 0, 0, 0 };
		fn(ctx, small[i].path, &id);
	}
	for (size_t p = 0; p < s->cat->n; p++) {
		const struct catalog_protocol *cp = &s->cat->protocols[p];
		struct pident id = { PAGE_PROTOCOL, p, 0, 0 };
		buf_reset(&path);
		buf_printf(&path, "%s/index", cp->id);
		fn(ctx, path.ptr, &id);
		id.kind = PAGE_COMPARES;
		buf_reset(&path);
		buf_printf(&path, "compare/%s/index", cp->id);
		fn(ctx, path.ptr, &id);
		for (size_t a = 0; a < cp->ncodes; a++) {
			id = (struct pident){ PAGE_CODE, p, a, a };
			buf_reset(&path);
			page_code_path(&path, cp, a);
			fn(ctx, path.ptr, &id);
			for (size_t b = a + 1; b < cp->ncodes; b++) {
				id = (struct pident){ PAGE_COMPARE, p, a, b };
				buf_reset(&path);
				page_compare_path(&path, cp, a, b);
				fn(ctx, path.ptr, &id);
				id.kind = PAGE_REDIRECT;
				buf_reset(&path);
				page_compare_path(&path, cp, b, a);
				fn(ctx, path.ptr, &id);
			}
		}
	}
	buf_release(&path);
}

static void S_sitemap_page(void *ctx, const char *path, const struct pident *id)
{
	struct sitemap *m = ctx;
	if (S_kinds[id->kind].sitemap && !S_stopped(m->s))
		S_sitemap_url(m, path);
}

static void S_count_page(void *ctx, const char *path, const struct pident *id)
{
	(void)path;
	if (S_kinds[id->kind].sitemap)
		++*(size_t *)ctx;
}

/* The number of sitemap-N.xml files a whole build writes. */
static size_t S_sitemap_files(const struct site *s)
{
	size_t pages = 0;
	S_each_page(s, S_count_page, &pages);
	size_t urls = pages * s->nbuild;
	return urls ? (urls + SITEMAP_MAX_URLS - 1) / SITEMAP_MAX_URLS : 1;
}

/* sitemap.xml: every HTML page but the redirects, each with its
 * alternates; an index of sitemap-N.xml files when one file is too small. */
static int S_sitemap(struct site *s)
{
	struct sitemap m = { s, BUF_INIT, 0, 0, 0 };
	S_each_page(s, S_sitemap_page, &m);
	if (S_stopped(s)) {
		buf_release(&m.buf);
		return -1;
	}
	S_sitemap_flush(&m, true);
	s->sitemaps = m.files;
	buf_reset(&m.buf);
	const char *base = s->o->base_url ? s->o->base_url : "";
	buf_puts(&m.buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		 "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (size_t i = 1; i <= m.files; i++) {
		buf_puts(&m.buf, "<sitemap><loc>");
		text_escape_html(&m.buf, base, strlen(base));
		buf_printf(&m.buf, "sitemap-%zu.xml</loc></sitemap>\n", i);
	}
	buf_puts(&m.buf, "</sitemapindex>\n");
	if (out_write(s->out, "sitemap.xml", m.buf.ptr, m.buf.len, s->d) != 0)
		m.rc = -1;
	buf_release(&m.buf);
	return m.rc;
}

/*** The build ***/

static int S_read_asset(struct site *s, const char *name, struct buf *data)
{
	struct buf src = BUF_INIT;
	buf_printf(&src, "%s/%s", s->o->templates_dir, name);
	int rc = buf_read_file(data, src.ptr);
	if (rc != 0)
		diag_report(s->d, DIAG_ERROR, src.ptr, 0, "cannot read: %s", strerror(errno));
	buf_release(&src);
	return rc;
}

static int S_mkdirs(struct site *s)
{
	struct buf p = BUF_INIT;
	int rc = out_mkdir(s->out, "assets", s->d);
	for (size_t b = 0; b < s->nbuild && rc == 0; b++) {
		const struct lang *l = s->all[s->build[b]];
		for (size_t i = 0; i < s->cat->n && rc == 0; i++) {
			buf_reset(&p);
			buf_printf(&p, "%s/%s", l->folder, s->cat->protocols[i].id);
			rc = out_mkdir(s->out, p.ptr, s->d);
			buf_reset(&p);
			buf_printf(&p, "%s/compare/%s", l->folder, s->cat->protocols[i].id);
			if (rc == 0)
				rc = out_mkdir(s->out, p.ptr, s->d);
		}
	}
	buf_release(&p);
	return rc;
}

static int S_render_all(struct site *s)
{
	S_plan(s);
	unsigned n = s->o->jobs ? s->o->jobs : 1;
	struct worker *w = xcalloc(n, sizeof *w);
	pthread_t *th = xcalloc(n, sizeof *th);
	for (unsigned i = 0; i < n; i++)
		S_worker_init(&w[i], s);
	unsigned started = 0;
	for (unsigned i = 1; i < n; i++, started++)
		if (pthread_create(&th[i], NULL, S_work, &w[i]) != 0)
			break;
	S_work(&w[0]);
	for (unsigned i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
	for (unsigned i = 0; i < n; i++)
		S_worker_release(&w[i]);
	free(w);
	free(th);
	if (S_stopped(s)) {
		diag_report(s->d, DIAG_ERROR, NULL, 0, "interrupted: pages written so far are complete");
		return -1;
	}
	return atomic_load(&s->failed) ? -1 : 0;
}

/* Every kind of page, once per language, in memory: a template that names
 * a value the page does not have fails here, before anything is written. */
static int S_preflight(struct site *s)
{
	struct worker w;
	S_worker_init(&w, s);
	int rc = 0;
	for (size_t li = 0; li < s->nbuild && rc == 0; li++) {
		struct job small = { li, 0, 0, true };
		rc = S_run_job(&w, &small, false);
		for (size_t p = 0; p < s->cat->n && rc == 0; p++) {
			struct job row = { li, p, 0, false };
			if (s->cat->protocols[p].ncodes)
				rc = S_run_job(&w, &row, false);
		}
	}
	if (rc == 0) {
		struct pident root = { PAGE_ROOT, 0, 0, 0 };
		page_set_root(&w.page, s->pl[0]);
		rc = S_emit(&w, &root, 0, page_lang_lang(s->pl[0]), false);
	}
	S_worker_release(&w);
	return rc;
}

static int S_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Folds every file of dir (those ending in ext, or all) into *h, by
 * name, in a fixed order. */
static void S_hash_dir(uint64_t *h, const char *dir, const char *ext)
{
	DIR *dh = opendir(dir);
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	size_t el = ext ? strlen(ext) : 0;
	while (dh && (e = readdir(dh))) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || (ext && (l <= el || strcmp(e->d_name + l - el, ext) != 0)))
			continue;
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	if (dh)
		closedir(dh);
	if (n)
		qsort(names, n, sizeof *names, S_name_cmp);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		buf_reset(&b);
		buf_printf(&b, "%s/%s", dir, names[i]);
		manifest_hash_file(h, b.ptr);
		free(names[i]);
	}
	free(names);
	buf_release(&b);
}

/* Everything the output depends on: the program and the libraries that
 * shape its output, the options, and every input file. Taken before any
 * input is read, so that a file saved while the build reads it makes the
 * next build render again rather than trust pages made from the old one. */
static uint64_t S_inputs_hash(const struct site_opts *o)
{
	uint64_t h = MANIFEST_HASH_INIT;
	/* The program itself, where the system shows it; its build identity
	 * (a hash of its sources, made by the build) always. */
	if (manifest_hash_file(&h, "/proc/self/exe") != 0)
		h = manifest_hash(h, "no-exe", 6);
	struct buf b = BUF_INIT;
	buf_printf(&b, "versus %s %s|libs %s|%d%d|%s|%s|%u/%u|", VERSUS_VERSION, VERSUS_BUILD_ID,
		   site_library_versions(), o->html, o->md, o->base_url ? o->base_url : "",
		   o->langs ? o->langs : "", o->shard, o->shards);
	h = manifest_hash(h, b.ptr, b.len);
	S_hash_dir(&h, o->catalog_dir, ".xml");
	S_hash_dir(&h, o->po_dir, NULL);
	S_hash_dir(&h, o->templates_dir, NULL);
	buf_release(&b);
	return h;
}

/*** What a build writes, and what it removes ***/

/* Calls fn(ctx, rel) for every file a whole build writes into the tree. */
struct S_files {
	const struct site *s;
	void (*fn)(void *ctx, const char *rel, uint64_t key);
	void *ctx;
	struct buf rel;
};

static void S_files_page(void *ctx, const char *path, const struct pident *id)
{
	struct S_files *f = ctx;
	const struct site *s = f->s;
	enum page_kind kind = id->kind;
	for (size_t b = 0; b < s->nbuild; b++)
		for (int k = 0; k < 2; k++) {
			if ((k == 0 && !s->o->html) || (k == 1 && (!s->o->md || !S_kinds[kind].md)))
				continue;
			buf_reset(&f->rel);
			buf_printf(&f->rel, "%s/%s.%s", s->built[b]->folder, path,
				   k ? "md" : S_kinds[kind].ext);
			f->fn(f->ctx, f->rel.ptr, s->frames ? S_key(s, b, id, k) : 0);
		}
}

static void S_each_file(const struct site *s, void (*fn)(void *, const char *, uint64_t),
			void *ctx)
{
	struct S_files f = { s, fn, ctx, BUF_INIT };
	S_each_page(s, S_files_page, &f);
	fn(ctx, "index.html", 0);
	for (size_t i = 0; i < NASSETS; i++) {
		buf_reset(&f.rel);
		buf_printf(&f.rel, "assets/%s", S_assets[i]);
		fn(ctx, f.rel.ptr, 0);
	}
	if (s->o->html) {
		fn(ctx, "404.html", 0);
		fn(ctx, "robots.txt", 0);
		fn(ctx, "sitemap.xml", 0);
		size_t n = S_sitemap_files(s);
		for (size_t i = 1; i <= n; i++) {
			buf_reset(&f.rel);
			buf_printf(&f.rel, "sitemap-%zu.xml", i);
			fn(ctx, f.rel.ptr, 0);
		}
	}
	buf_release(&f.rel);
}

static void S_stale(void *ctx, const char *rel, uint64_t key)
{
	(void)key;
	manifest_add_stale(ctx, rel);
}

static void S_stale_old(void *ctx, const char *rel, bool stale)
{
	(void)stale;
	manifest_add_stale(ctx, rel);
}

/* Before anything is written: a manifest that says "building" and names
 * what the last build wrote and what this one will write, so that if this
 * build dies, the next one still knows what in the tree is versus's. */
static int S_manifest_building(struct site *s)
{
	struct manifest *m = manifest_begin(s->out, "manifest-building", 0, true, s->d);
	if (!m)
		return -1;
	manifest_each(s->o->out_dir, S_stale_old, m);
	S_each_file(s, S_stale, m);
	return manifest_end(m, s->d);
}

struct S_final { struct manifest *done, *clean; const struct pathset *set; size_t stale; };

static void S_add_new(void *ctx, const char *rel, uint64_t key)
{
	struct S_final *f = ctx;
	manifest_add(f->done, rel, 0); /* keys only once nothing is left to remove */
	manifest_add(f->clean, rel, key);
}

static void S_add_old(void *ctx, const char *rel, bool stale)
{
	(void)stale;
	struct S_final *f = ctx;
	if (pathset_has(f->set, rel))
		return;
	manifest_add_stale(f->done, rel);
	f->stale++;
}

static void S_set_add(void *ctx, const char *rel, uint64_t key)
{
	(void)key;
	pathset_add(ctx, rel);
}

struct S_prune { struct site *s; int rc; };

static void S_prune_one(void *ctx, const char *rel, bool stale)
{
	struct S_prune *p = ctx;
	if (stale && out_remove(p->s->out, rel, p->s->d) != 0)
		p->rc = -1;
}

/* After a whole build: the manifest of what it wrote; then what earlier
 * builds wrote and this one does not is removed, and the manifest says
 * so. Killed in between, the next build removes it. */
static int S_manifest_final(struct site *s)
{
	struct pathset *set = pathset_new();
	S_each_file(s, S_set_add, set);
	struct S_final f = { manifest_begin(s->out, "manifest-done", s->inputs, false, s->d),
			     manifest_begin(s->out, "manifest-clean", s->inputs, false, s->d),
			     set, 0 };
	int rc = -1;
	if (!f.done || !f.clean)
		goto out;
	S_each_file(s, S_add_new, &f);
	manifest_each(s->o->out_dir, S_add_old, &f);
	if (manifest_end(f.done, s->d) != 0) {
		f.done = NULL;
		goto out;
	}
	f.done = NULL;
	if (f.stale) {
		struct S_prune p = { s, 0 };
		manifest_each(s->o->out_dir, S_prune_one, &p);
		if (p.rc != 0)
			goto out;
	}
	rc = manifest_end(f.clean, s->d);
	f.clean = NULL;
	s->pruned = f.stale;
out:
	manifest_abort(f.done);
	manifest_abort(f.clean);
	pathset_free(set);
	return rc;
}

static int S_build(struct site *s, struct site_report *r)
{
	s->pl = xcalloc(s->nbuild, sizeof *s->pl);
	s->built = xcalloc(s->nbuild, sizeof *s->built);
	for (size_t b = 0; b < s->nbuild; b++)
		s->built[b] = s->all[s->build[b]];
	int rc = 0;
	/* Inputs that hash as those of the last whole build into this tree,
	 * which is as that build left it: they were checked then, and there is
	 * nothing to render. A shard writes part of a tree: no manifest. */
	bool whole = s->o->shards <= 1;
	if (s->o->mode == SITE_BUILD && whole && manifest_fresh(s->o->out_dir, s->inputs)) {
		r->fresh = true;
		return 0;
	}
	/* English first: every other language falls back to its renditions,
	 * whether or not English is built. */
	for (size_t i = 0; i < s->nall && !s->src_lang; i++)
		if (s->all[i] && s->all[i]->source)
			s->src_lang = s->all[i];
	if (!s->src_lang)
		s->src_lang = s->own_src = lang_new_source(s->msgs);
	s->src_pl = page_lang_new(s->cat, s->src_lang, s->built, s->nbuild,
				  s->o->base_url, NULL, s->d);
	if (!s->src_pl)
		return -1;
	/* The switcher, alternates and sitemap name the languages built, so a
	 * one-language site has no link to a page it lacks. */
	for (size_t b = 0; b < s->nbuild; b++) {
		s->pl[b] = page_lang_new(s->cat, s->built[b], s->built, s->nbuild,
					 s->o->base_url, s->src_pl, s->d);
		if (!s->pl[b])
			rc = -1;
	}
	if (rc != 0 || S_preflight(s) != 0 || s->o->mode == SITE_CHECK)
		return rc != 0 || diag_errors(s->d) ? -1 : 0;

	S_frames(s);
	s->out = out_open(s->o->out_dir, s->d);
	if (!s->out || S_mkdirs(s) != 0)
		return -1;
	/* A page made from what it was made from last time, and untouched
	 * since, is not made again (whole builds: a shard's tree has no
	 * manifest). Read before the manifest says "building". */
	if (whole)
		s->old = manifest_keys_load(s->o->out_dir);
	if (whole && S_manifest_building(s) != 0)
		return -1;
	rc = S_render_all(s);
	if (rc == 0 && (s->o->shards <= 1 || s->o->shard == 0)) {
		struct worker w;
		S_worker_init(&w, s);
		const struct lang *first = page_lang_lang(s->pl[0]);
		struct pident id = { PAGE_ROOT, 0, 0, 0 };
		page_set_root(&w.page, s->pl[0]);
		rc = S_emit(&w, &id, 0, first, true);
		/* What a host serves for a missing page, and what crawlers read
		 * first, at the top: in the first language. */
		if (rc == 0 && s->o->html) {
			page_set_named(&w.page, s->pl[0], NULL);
			id.kind = PAGE_NOTFOUND;
			rc = S_emit(&w, &id, 0, first, true);
			id.kind = PAGE_ROBOTS;
			if (rc == 0)
				rc = S_emit(&w, &id, 0, first, true);
		}
		S_worker_release(&w);
		for (size_t i = 0; i < NASSETS && rc == 0; i++) {
			struct buf rel = BUF_INIT;
			buf_printf(&rel, "assets/%s", S_assets[i]);
			rc = out_write(s->out, rel.ptr, s->assets[i].ptr, s->assets[i].len, s->d);
			buf_release(&rel);
		}
		if (rc == 0 && s->o->html)
			rc = S_sitemap(s);
	}
	if (rc == 0 && S_stopped(s)) {
		diag_report(s->d, DIAG_ERROR, NULL, 0, "interrupted: pages written so far are complete");
		rc = -1;
	}
	if (rc == 0 && whole)
		rc = S_manifest_final(s);
	r->pruned = s->pruned;
	r->pages = atomic_load(&s->done);
	r->reused = atomic_load(&s->reused);
	r->written = out_written(s->out);
	r->unchanged = out_unchanged(s->out);
	return rc;
}

const char *site_library_versions(void)
{
	static _Thread_local char v[256];
	UVersionInfo icu;
	char icus[U_MAX_VERSION_STRING_LENGTH];
	u_getVersion(icu);
	u_versionToString(icu, icus);
	snprintf(v, sizeof v, "cmark %s, libxml2 %s, libgettextpo %d.%d.%d, libunistring %d.%d, ICU %s",
		 cmark_version_string(), xmlParserVersion,
		 libgettextpo_version >> 16, (libgettextpo_version >> 8) & 0xff,
		 libgettextpo_version & 0xff, _libunistring_version >> 8,
		 _libunistring_version & 0xff, icus);
	return v;
}

int site_run(const struct site_opts *o, struct site_report *r, struct diag *d)
{
	struct site s = { .o = o, .d = d };
	for (size_t i = 0; i < NASSETS; i++)
		s.assets[i] = (struct buf)BUF_INIT;
	memset(r, 0, sizeof *r);
	int rc = -1;
	s.inputs = S_inputs_hash(o);
	struct buf mpath = BUF_INIT;
	buf_printf(&mpath, "%s/messages.xml", o->templates_dir);
	s.msgs = msgs_load(mpath.ptr, d);
	buf_release(&mpath);
	if (!s.msgs)
		goto out;
	if (o->mode == SITE_EXTRACT) {
		rc = msgs_write_pot(s.msgs, o->pot_out, d);
		goto out;
	}
	/* Read everything, reporting every problem, before failing. */
	s.cat = catalog_load(o->catalog_dir, d);
	int lrc = S_read_linguas(&s);
	if (lrc == 0)
		lrc = S_pick_langs(&s);
	int trc = S_load_templates(&s);
	for (size_t i = 0; i < NASSETS; i++)
		if (S_read_asset(&s, S_assets[i], &s.assets[i]) != 0)
			trc = -1;
	if (!s.cat || lrc != 0 || trc != 0)
		goto out;
	S_check_when(&s);
	if (o->mode == SITE_STATS) {
		r->langs = xcalloc(s.nbuild, sizeof *r->langs);
		for (size_t b = 0; b < s.nbuild; b++) {
			const struct lang *l = s.all[s.build[b]];
			snprintf(r->langs[b].name, sizeof r->langs[b].name, "%s", l->folder);
			r->langs[b].stats = *po_stats(l->po);
			r->langs[b].source = l->source;
		}
		r->nlangs = s.nbuild;
		rc = 0;
		goto out;
	}
	rc = S_build(&s, r);
out:
	r->usage = s.usage;
	if (s.out && out_close(s.out, d) != 0)
		rc = -1;
	for (size_t b = 0; s.pl && b < s.nbuild; b++)
		page_lang_free(s.pl[b]);
	free(s.pl);
	page_lang_free(s.src_pl); /* after the languages that borrow from it */
	lang_free(s.own_src);
	for (int k = 0; k < PAGE_KIND_COUNT; k++)
		for (int f = 0; f < 2; f++)
			tmpl_free(s.t[k][f]);
	for (size_t i = 0; i < s.nall; i++) {
		lang_free(s.all[i]);
		free(s.names[i]);
	}
	free(s.all);
	free(s.names);
	free(s.build);
	free(s.built);
	for (size_t i = 0; i < NASSETS; i++)
		buf_release(&s.assets[i]);
	free(s.jobs);
	free(s.frames);
	manifest_keys_free(s.old);
	catalog_free(s.cat);
	msgs_free(s.msgs);
	return rc;
}

void site_report_release(struct site_report *r)
{
	free(r->langs);
	r->langs = NULL;
	r->nlangs = 0;
}
