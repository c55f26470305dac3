/* versus — command line. The only place that prints, exits or keeps global
 * state (the signal flag and the progress line). */
#include "cli.h"
#include "diag.h"
#include "serve.h"
#include "site.h"

#include <assert.h>
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
	struct cli c;
	enum cli_action act = cli_parse(&c, argc, argv);
	if (act != CLI_RUN) {
		if (act == CLI_HELP)
			usage(stdout);
		else if (act == CLI_VERSION)
			printf("versus %s\n%s\n", VERSUS_VERSION, site_library_versions());
		else
			fprintf(stderr, "versus: %s\nTry 'versus --help'.\n", c.error.ptr);
		cli_release(&c);
		return act == CLI_USAGE ? 2 : 0;
	}
	struct site_opts o = c.site;
	o.stop = &stop;
	bool serve = c.serve;
	unsigned port = c.port;
	cli_release(&c);

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
