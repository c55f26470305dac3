/* serve — the live preview: the site built, served on 127.0.0.1, built
 * again whenever an input changes, and every open page told to reload.
 *
 * A small HTTP/1.1 server (GET and HEAD, keep-alive, plain sockets, one
 * poll loop) serves the output folder: a folder's index.html for a folder
 * path, 404 for anything missing (with the site's own 404.html, as static
 * hosts do), and nothing whose path holds ".." or a name that starts with
 * "." (the manifest, the builds' temporary folders); no listing of
 * folders. Only requests whose Host is the loopback are answered. Every HTML page it serves gets, before </body>,
 * the script /__versus/reload.js, which listens on /__versus/events
 * (Server-Sent Events) and reloads the page after each build: the files in
 * the output folder never hold it.
 *
 * The input folders are watched with inotify (as folders, since editors
 * save by renaming); once no change has come for SERVE_QUIET_MS the site
 * is built again with site_run in a thread of its own, while the server
 * goes on answering. A build that fails leaves the output folder as it was
 * (site_run's promise): the last good site stays served, and until a
 * build of this session succeeds every page is a 503 that says why. */
#ifndef VERSUS_SERVE_H
#define VERSUS_SERVE_H

#include "diag.h"
#include "site.h"

#include <stdbool.h>
#include <stddef.h>

/* How long the inputs must be quiet before a rebuild: an editor's save is
 * several events (write a temporary file, rename it, touch a backup). */
#define SERVE_QUIET_MS 100

enum serve_event_kind {
	SERVE_LISTENING, /* the socket is bound: url */
	SERVE_BUILT,     /* a build succeeded */
	SERVE_FAILED,    /* a build failed: diag says why */
};

/* What serve_run tells its caller; every pointer is borrowed for the
 * length of the call. */
struct serve_event {
	enum serve_event_kind kind;
	const char *url;      /* SERVE_LISTENING: "http://127.0.0.1:PORT/" */
	/* The inputs whose change caused the build, as "po/tr.po, po/vi.po";
	 * NULL for the first build. */
	const char *changed;
	const struct site_report *report; /* SERVE_BUILT */
	const struct diag *diag; /* the build's messages: errors, warnings */
	double build_secs;
	/* SERVE_BUILT after a change: seconds from the first change seen to the
	 * moment the reload events were sent; negative when none were (the
	 * first build, or a build that found nothing to do). */
	double reload_secs;
	size_t told;      /* events connections sent a reload */
	bool old_served;  /* SERVE_FAILED: a good build of this session is still
			   * served (else a page that says the build failed) */
};

struct serve_opts {
	/* The build, run again on each change; borrowed. Its stop flag, when
	 * set (by a signal), ends serve_run. */
	const struct site_opts *site;
	unsigned port; /* 0 picks a free port */
	/* Called from serve_run's thread for each event; may be NULL. */
	void (*event)(void *ctx, const struct serve_event *e);
	void *event_ctx;
};

/* Bind 127.0.0.1:port, build the site and serve it, building again on
 * every change, until *o->site->stop is set. 0 when stopped so, having
 * closed every socket and waited for a running build; -1 after reporting
 * into d when the preview cannot start (the port is taken, a folder cannot
 * be watched). A build's messages go to the event callback, not into d. */
int serve_run(const struct serve_opts *o, struct diag *d);

#endif
