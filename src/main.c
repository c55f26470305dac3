/* versus — command line. The only place that prints, exits or keeps global
 * state (the signal flag and the progress line). */
#include "diag.h"
#include "serve.h"
#include "site.h"

#include <assert.h>
#include <getopt.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Lock-free, so a signal handler may set it and worker threads read it
 * without a race. */
static atomic_int stop;
static_assert(ATOMIC_INT_LOCK_FREE == 2, "the stop flag must be lock-free");

/* The first signal asks the build to stop cleanly (every file is then old
 * or new, and the exit status is 1); a second one ends the program at
 * once, as the signal would have. */
static void on_signal(int sig)
{
	if (atomic_exchange(&stop, sig) != 0) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

/* The preview stops at the first signal too, and dies at the third: make
 * passes the SIGTERM that its process group got on to its child, which so
 * gets two for one stop. */
static atomic_int signals;
static void on_serve_signal(int sig)
{
	atomic_store(&stop, sig);
	if (atomic_fetch_add(&signals, 1) >= 2) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;
static size_t progress_shown;

static void progress(void *ctx, size_t done, size_t total)
{
	(void)ctx;
	pthread_mutex_lock(&progress_lock);
	/* Redraw at most a hundred times a build. */
	/* Threads finish out of order: never draw a smaller count. */
	if (total && done > progress_shown && (done - progress_shown) * 100 >= total) {
		fprintf(stderr, "\rversus: %zu/%zu pages", done, total);
		progress_shown = done;
	}
	pthread_mutex_unlock(&progress_lock);
}

static void usage(FILE *f)
{
	fputs("Usage: versus [OPTION]...\n"
	      "Render the comparison site of every pair of protocol reply codes.\n\n"
	      "      --catalog DIR    catalogue folder (default catalog)\n"
	      "      --po DIR         translations folder (default po)\n"
	      "      --templates DIR  templates folder (default templates)\n"
	      "      --out DIR        output folder (default out)\n"
	      "      --lang LIST      comma-separated languages (default: all of po/LINGUAS)\n"
	      "      --format LIST    html,md (default both)\n"
	      "      --base-url URL   absolute URL of out/ for canonical links and the sitemap\n"
	      "  -j, --jobs N         worker threads (default: the number of cores)\n"
	      "      --shard I/N      render only the I-th of N parts (0 <= I < N)\n"
	      "      --check          validate every input, write nothing\n"
	      "      --stats          translation coverage per language, write nothing\n"
	      "      --extract-pot FILE  write the templates' messages as a PO template\n"
	      "      --serve          live preview: build, serve on 127.0.0.1, rebuild on each change\n"
	      "      --port N         the preview's port (default 8000; 0 picks a free one)\n"
	      "      --help           this help\n"
	      "      --version        the version\n\n"
	      "Exit status: 0 success, 1 bad input, 2 bad usage.\n", f);
}

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "versus: ");
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'versus --help'.\n", stderr);
	return 2;
}

/* The absolute form of path, for a folder that may not exist yet: its
 * nearest existing parent resolved, the rest appended. Caller frees. */
static char *S_abs(const char *path)
{
	char *copy = strdup(path);
	char *r = realpath(copy, NULL);
	if (r) {
		free(copy);
		return r;
	}
	char *slash = strrchr(copy, '/');
	char *parent, *rest;
	if (slash) {
		*slash = '\0';
		parent = S_abs(*copy ? copy : "/");
		rest = slash + 1;
	} else {
		parent = realpath(".", NULL);
		rest = copy;
	}
	char *out = NULL;
	if (parent && asprintf(&out, "%s/%s", strcmp(parent, "/") ? parent : "", rest) < 0)
		out = NULL;
	free(parent);
	free(copy);
	return out;
}

/* True if a and b are the same folder or one holds the other. */
static bool S_overlap(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t la = strlen(a), lb = strlen(b), n = la < lb ? la : lb;
	return strncmp(a, b, n) == 0 && (la == lb || (la < lb ? b : a)[n] == '/');
}

/* An output folder inside an input folder (or holding one) would read its
 * own pages, or remove the inputs as stale files. */
static bool S_nested(const struct site_opts *o)
{
	char *out = S_abs(o->out_dir);
	const char *in[] = { o->catalog_dir, o->po_dir, o->templates_dir };
	bool bad = false;
	for (size_t i = 0; i < 3 && !bad; i++) {
		char *p = realpath(in[i], NULL);
		bad = S_overlap(out, p);
		free(p);
	}
	free(out);
	return bad;
}

/* The live preview's news, one line each (a failed build's messages
 * first). */
static void on_serve(void *ctx, const struct serve_event *e)
{
	const struct site_opts *o = ctx;
	for (size_t i = 0; e->diag && i < diag_count(e->diag); i++)
		fprintf(stderr, "%s\n", diag_message(e->diag, i));
	const struct site_report *r = e->report;
	const char *what = e->changed ? e->changed : "first build";
	const char *sep = e->changed ? " changed" : "";
	switch (e->kind) {
	case SERVE_LISTENING:
		fprintf(stderr, "versus: serving %s at %s (Ctrl-C stops)\n", o->out_dir, e->url);
		break;
	case SERVE_BUILT:
		if (r->fresh) {
			fprintf(stderr, "versus: %s%s: nothing to rebuild (%.2f s)\n", what, sep,
				e->build_secs);
			break;
		}
		fprintf(stderr, "versus: %s%s: %zu pages, %zu files written", what, sep, r->pages,
			r->written);
		if (r->reused)
			fprintf(stderr, ", %zu reused", r->reused);
		if (r->pruned)
			fprintf(stderr, ", %zu removed", r->pruned);
		fprintf(stderr, " in %.2f s", e->build_secs);
		if (e->reload_secs >= 0)
			fprintf(stderr, "; save-to-reload: %.2f s (%zu page%s told)", e->reload_secs,
				e->told, e->told == 1 ? "" : "s");
		fputc('\n', stderr);
		break;
	case SERVE_FAILED:
		fprintf(stderr, "versus: %s%s: the build failed in %.2f s; %s\n", what, sep,
			e->build_secs, e->old_served ? "still serving the last good build"
			: "serving a page that says so until a save fixes it");
		break;
	}
}

static void print_stats(const struct site_report *r)
{
	printf("%-8s %10s %6s %12s %10s %6s %9s\n", "language", "translated", "fuzzy",
	       "untranslated", "words left", "done", "drafted");
	for (size_t i = 0; i < r->nlangs; i++) {
		const struct po_stats *s = &r->langs[i].stats;
		size_t total = s->translated + s->fuzzy + s->untranslated;
		if (r->langs[i].source) {
			printf("%-8s %10zu %6s %12s %10s %6s\n", r->langs[i].name, total,
			       "-", "-", "-", "source");
			continue;
		}
		printf("%-8s %10zu %6zu %12zu %10zu %5u%% %9zu\n", r->langs[i].name,
		       s->translated, s->fuzzy, s->untranslated, s->words_left,
		       po_percent(s), s->drafted);
	}
	puts("Untranslated and fuzzy messages are shown in English. Drafted: translated by\n"
	     "machine, not yet reviewed by a person (see README.md, For translators).");
}

int main(int argc, char **argv)
{
	enum { O_CATALOG = 256, O_PO, O_TEMPLATES, O_OUT, O_LANG, O_FORMAT,
	       O_BASE, O_SHARD, O_CHECK, O_STATS, O_EXTRACT, O_HELP, O_VERSION,
	       O_SERVE, O_PORT };
	static const struct option longopts[] = {
		{ "catalog", required_argument, NULL, O_CATALOG },
		{ "po", required_argument, NULL, O_PO },
		{ "templates", required_argument, NULL, O_TEMPLATES },
		{ "out", required_argument, NULL, O_OUT },
		{ "lang", required_argument, NULL, O_LANG },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "base-url", required_argument, NULL, O_BASE },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shard", required_argument, NULL, O_SHARD },
		{ "check", no_argument, NULL, O_CHECK },
		{ "stats", no_argument, NULL, O_STATS },
		{ "extract-pot", required_argument, NULL, O_EXTRACT },
		{ "serve", no_argument, NULL, O_SERVE },
		{ "port", required_argument, NULL, O_PORT },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct site_opts o = {
		.catalog_dir = "catalog", .po_dir = "po", .templates_dir = "templates",
		.out_dir = "out", .html = true, .md = true, .mode = SITE_BUILD,
		.stop = &stop,
	};
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	o.jobs = cores > 0 ? (unsigned)cores : 1;
	bool serve = false, port_given = false;
	unsigned port = 8000;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "j:", longopts, NULL)) != -1) {
		char *end;
		switch (c) {
		case O_OUT:
			if (!*optarg)
				return bad_usage("--out must name a folder%s", "");
			o.out_dir = optarg;
			break;
		case O_LANG:
			if (!*optarg || *optarg == ',' || optarg[strlen(optarg) - 1] == ',' ||
			    strstr(optarg, ",,"))
				return bad_usage("--lang takes languages separated by commas (tr or tr,vi), not '%s'", optarg);
			o.langs = optarg;
			break;
		case O_CATALOG:
		case O_PO:
		case O_TEMPLATES:
			if (!*optarg)
				return bad_usage("a folder option must name a folder%s", "");
			if (c == O_CATALOG)
				o.catalog_dir = optarg;
			else if (c == O_PO)
				o.po_dir = optarg;
			else
				o.templates_dir = optarg;
			break;
		case O_FORMAT: {
			o.html = o.md = false;
			for (const char *p = optarg; *p;) {
				size_t n = strcspn(p, ",");
				if (n == 4 && strncmp(p, "html", 4) == 0)
					o.html = true;
				else if (n == 2 && strncmp(p, "md", 2) == 0)
					o.md = true;
				else
					return bad_usage("--format takes html, md or html,md, not '%s'", optarg);
				p += n + (p[n] == ',');
			}
			if (!o.html && !o.md)
				return bad_usage("--format takes html, md or html,md, not '%s'", optarg);
			break;
		}
		case O_BASE:
			if (strncmp(optarg, "https://", 8) && strncmp(optarg, "http://", 7))
				return bad_usage("--base-url must start with https:// or http://, not '%s'", optarg);
			/* What would need escaping in HTML, XML, YAML or Markdown, or
			 * make no sense in a base (a query, a fragment), is refused
			 * rather than escaped in five ways. */
			for (const char *p = optarg; *p; p++)
				if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
				    strchr("\"'<>\\&`{}|^[]?#", *p))
					return bad_usage("--base-url may hold letters, digits and - . _ ~ : / %% @ ! $ ( ) * + , ; = only: '%s'", optarg);
			if (optarg[strlen(optarg) - 1] != '/')
				return bad_usage("--base-url must end with '/': '%s'", optarg);
			o.base_url = optarg;
			break;
		case 'j': {
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 1024)
				return bad_usage("--jobs takes a number from 1 to 1024, not '%s'", optarg);
			o.jobs = (unsigned)n;
			break;
		}
		case O_SHARD: {
			unsigned long i = strtoul(optarg, &end, 10), n = 0;
			if (*end == '/')
				n = strtoul(end + 1, &end, 10);
			if (*end || n < 1 || i >= n || n > 100000)
				return bad_usage("--shard takes I/N with 0 <= I < N, not '%s'", optarg);
			o.shard = (unsigned)i;
			o.shards = (unsigned)n;
			break;
		}
		case O_CHECK: o.mode = SITE_CHECK; break;
		case O_STATS: o.mode = SITE_STATS; break;
		case O_EXTRACT: o.mode = SITE_EXTRACT; o.pot_out = optarg; break;
		case O_SERVE: serve = true; break;
		case O_PORT: {
			long n = strtol(optarg, &end, 10);
			if (!*optarg || *end || n < 0 || n > 65535)
				return bad_usage("--port takes a number from 0 to 65535, not '%s'", optarg);
			port = (unsigned)n;
			port_given = true;
			break;
		}
		case O_HELP: usage(stdout); return 0;
		case O_VERSION:
			printf("versus %s\n%s\n", VERSUS_VERSION, site_library_versions());
			return 0;
		default:
			return bad_usage("unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument '%s'", argv[optind]);
	if (port_given && !serve)
		return bad_usage("--port goes with --serve%s", "");
	if (serve && (o.mode != SITE_BUILD || o.shards > 1))
		return bad_usage("--serve builds the whole site: no --check, --stats, --extract-pot or --shard%s", "");
	if (o.mode == SITE_BUILD && S_nested(&o))
		return bad_usage("--out %s must not be inside an input folder, nor hold one", o.out_dir);

	struct sigaction sa = { .sa_handler = serve ? on_serve_signal : on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* A file-size limit must fail the write (EFBIG), not kill us mid-page. */
	signal(SIGXFSZ, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	if (serve) {
		/* Until a signal stops it: a clean stop is a success. */
		struct diag *d = diag_new();
		struct serve_opts so = { .site = &o, .port = port, .event = on_serve,
					 .event_ctx = &o };
		int rc = serve_run(&so, d);
		for (size_t i = 0; i < diag_count(d); i++)
			fprintf(stderr, "%s\n", diag_message(d, i));
		if (rc == 0)
			fputs("versus: stopped\n", stderr);
		diag_free(d);
		return rc == 0 ? 0 : 1;
	}
	bool tty = isatty(STDERR_FILENO);
	if (tty && o.mode == SITE_BUILD)
		o.progress = progress;

	struct diag *d = diag_new();
	struct site_report r;
	int rc = site_run(&o, &r, d);
	int sig = atomic_load(&stop);
	if (sig && rc == 0) {
		/* Stopped before anything was left to stop: still not a success. */
		diag_report(d, DIAG_ERROR, NULL, 0, "interrupted by signal %d", sig);
		rc = -1;
	}
	if (tty && o.progress && progress_shown)
		fputs("\r\033[K", stderr);
	for (size_t i = 0; i < diag_count(d); i++)
		fprintf(stderr, "%s\n", diag_message(d, i));
	if (rc == 0 && o.mode == SITE_STATS)
		print_stats(&r);
	if (rc == 0 && o.mode == SITE_BUILD && r.fresh)
		fprintf(stderr, "versus: nothing changed since the last build: 0 files written\n");
	else if (rc == 0 && o.mode == SITE_BUILD)
		fprintf(stderr, "versus: %zu pages, %zu files written, %zu unchanged, %zu reused, %zu removed\n",
			r.pages, r.written, r.unchanged, r.reused, r.pruned);
	bool usage_error = rc != 0 && r.usage;
	if (usage_error)
		fputs("Try 'versus --help'.\n", stderr);
	site_report_release(&r);
	diag_free(d);
	return rc == 0 ? 0 : usage_error ? 2 : 1;
}
