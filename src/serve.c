/* serve — the live preview; see serve.h. */
#include "serve.h"

#include "buf.h"
#include "text.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*** Limits ***/

/* Open connections. Each preview tab holds one for its events, and a
 * browser opens at most six per host: a few tabs fit many times over. */
#define S_CLIENTS 64
/* A request line and its headers; a longer one is not a browser's. */
#define S_HEAD_MAX (16u << 10)
/* An event stream whose reader stopped reading is dropped past this. */
#define S_EVENTS_MAX (1u << 20)
/* Seconds before an idle keep-alive connection is closed. */
#define S_IDLE_SECS 30
/* The longest wait in poll: a signal that lands in another thread, or
 * between the stop check and poll, is seen within it. */
#define S_TICK_MS 250
/* Changed files named in a rebuild's line; the rest are counted. */
#define S_NAMES_SHOWN 8

#define S_PREFIX "/__versus/"

static const char S_script[] = "<script src=\"/__versus/reload.js\"></script>";

static const char S_reload_js[] =
	"// versus live preview: reload the page after each build.\n"
	"new EventSource(\"/__versus/events\").addEventListener(\"reload\", function () {\n"
	"\tlocation.reload();\n"
	"});\n";

/*** State ***/

struct S_client {
	int fd;          /* -1 once closed */
	struct buf in;   /* bytes read and not yet answered */
	struct buf out;  /* bytes to send */
	size_t sent;     /* of out */
	bool events;     /* an open event stream: input is ignored */
	bool closing;    /* close once out is sent */
	double active;   /* time of the last read or write */
};

/* An input that changed since the last build started. */
struct S_change {
	char *name;   /* "po/tr.po" */
	bool created; /* it appeared since */
	bool gone;    /* and went again: an editor's or sed's temporary file */
};

/* One build, in a thread of its own; it writes a byte on the wake pipe
 * when done, and the poll loop joins it. */
struct S_build {
	pthread_t thread;
	bool threaded;
	const struct site_opts *o;
	int wake;        /* borrowed: the pipe's write end */
	int rc;
	struct site_report r;
	struct diag *d;
	double secs;
	char *changed;   /* NULL for the first build */
	double since;    /* when the first of its changes was seen */
};

struct serve {
	const struct serve_opts *o;
	struct diag *d;
	int listen, inotify, wake[2];
	struct S_client cl[S_CLIENTS];
	size_t ncl;
	int wd[3];
	const char *dir[3];
	/* Changes seen and not yet built. */
	bool pending;
	struct S_change *ch;
	size_t nch, chcap;
	double since, quiet_at;
	struct S_build *build; /* running, or NULL */
	bool good;             /* a build of this session succeeded */
	struct buf failure;    /* while !good: the failed build's messages */
	unsigned long reloads; /* reload events' sequence number */
};

/* Monotonic seconds. */
static double S_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static bool S_stopped(const struct serve *s)
{
	return s->o->site->stop && atomic_load(s->o->site->stop);
}

/*** HTTP answers ***/

static const char *S_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 431: return "Request Header Fields Too Large";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

/* The Content-Type of a file named name. */
static const char *S_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".md", "text/markdown; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".xml", "application/xml; charset=utf-8" },
		{ ".json", "application/json" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".ico", "image/vnd.microsoft.icon" },
		{ ".png", "image/png" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* Append a whole response to c's output: the body is left out for HEAD,
 * its length kept. extra holds more header lines, each ending in CRLF. */
static void S_respond(struct S_client *c, int status, const char *type, const char *body,
		      size_t n, bool head, const char *extra)
{
	buf_printf(&c->out,
		   "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
		   "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n%s%s\r\n",
		   status, S_reason(status), type, n, extra ? extra : "",
		   c->closing ? "Connection: close\r\n" : "");
	if (!head)
		buf_put(&c->out, body, n);
}

/* An error answer with a one-line text body. */
static void S_error(struct S_client *c, int status, bool head, const char *extra)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%d %s\n", status, S_reason(status));
	S_respond(c, status, "text/plain; charset=utf-8", b.ptr, b.len, head, extra);
	buf_release(&b);
}

/* Put the reload script into the HTML page in body, before its last
 * </body>, or at its end if it has none. */
static void S_inject(struct buf *body)
{
	size_t at = body->len;
	for (size_t i = body->len; i >= 7; i--)
		if (strncasecmp(body->ptr + i - 7, "</body>", 7) == 0) {
			at = i - 7;
			break;
		}
	struct buf b = BUF_INIT;
	buf_put(&b, body->ptr, at);
	buf_puts(&b, S_script);
	buf_put(&b, body->ptr + at, body->len - at);
	buf_release(body);
	*body = b;
}

/* The page served for every path while no build of this session has
 * succeeded: it says why, and reloads when a build does. */
static void S_unavailable(const struct serve *s, struct buf *body)
{
	bool failed = s->failure.len > 0;
	buf_puts(body, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	if (failed)
		buf_puts(body, "<title>versus: the build failed</title>\n</head>\n<body>\n"
			 "<h1>The build failed</h1>\n"
			 "<p>Fix the input and save it: this page reloads when the site builds.</p>\n"
			 "<pre>");
	else
		buf_puts(body, "<title>versus: building</title>\n</head>\n<body>\n"
			 "<h1>Building the site</h1>\n"
			 "<p>This page reloads when the build is done.</p>\n<pre>");
	text_escape_html(body, s->failure.ptr, s->failure.len);
	buf_puts(body, "</pre>\n");
	buf_puts(body, S_script);
	buf_puts(body, "\n</body>\n</html>\n");
}

/* Append the path of the request target t (up to its query) to out,
 * percent-decoded. 0, or -1 if an escape is malformed or decodes to NUL. */
static int S_decode(struct buf *out, const char *t)
{
	for (const char *p = t; *p && *p != '?' && *p != '#'; p++) {
		if (*p != '%') {
			buf_putc(out, *p);
			continue;
		}
		unsigned v = 0;
		for (int k = 1; k <= 2; k++) {
			char h = p[k];
			if (h >= '0' && h <= '9')
				v = v * 16 + (unsigned)(h - '0');
			else if ((h | 0x20) >= 'a' && (h | 0x20) <= 'f')
				v = v * 16 + (unsigned)((h | 0x20) - 'a' + 10);
			else
				return -1;
		}
		if (v == 0)
			return -1;
		buf_putc(out, (char)v);
		p += 2;
	}
	return 0;
}

/* Read the file that the decoded path p ("/tr/index.html", "/tr/") names
 * in the folder dir into body, and set *type. 200; 301 when p names a
 * folder but lacks its final slash; 404 when there is no such regular
 * file, or p holds "..", a name that starts with "." or an empty name.
 * Every step is taken relative to the folder before it, and no symbolic
 * link is followed. */
static int S_read_path(const char *dir, const char *p, struct buf *body, const char **type)
{
	if (p[0] != '/' || strstr(p, ".."))
		return 404;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 404;
	int status = 404;
	struct buf name = BUF_INIT;
	bool folder = false; /* p ends with a slash */
	for (const char *seg = p + 1;;) {
		size_t n = strcspn(seg, "/");
		bool last = seg[n] == '\0';
		buf_reset(&name);
		if (n == 0 && !last)
			goto out; /* "//" */
		if (seg[0] == '.')
			goto out;
		if (n == 0) {
			folder = true;
			buf_puts(&name, "index.html");
		} else {
			buf_put(&name, seg, n);
		}
		int next = openat(fd, name.ptr, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
				  (last ? 0 : O_DIRECTORY));
		if (next < 0)
			goto out;
		close(fd);
		fd = next;
		if (last)
			break;
		seg += n + 1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0)
		goto out;
	if (S_ISDIR(st.st_mode)) {
		status = folder ? 404 : 301;
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > BUF_MAX_FILE)
		goto out;
	buf_grow(body, (size_t)st.st_size);
	for (;;) {
		buf_grow(body, 16384);
		ssize_t k = read(fd, body->ptr + body->len, 16384);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			status = 500;
			goto out;
		}
		if (k == 0)
			break;
		body->len += (size_t)k;
		body->ptr[body->len] = '\0';
		if (body->len > BUF_MAX_FILE)
			goto out;
	}
	*type = S_type(name.ptr);
	status = 200;
out:
	close(fd);
	buf_release(&name);
	return status;
}

/* True if a Host header's value names the loopback, so that a page of
 * another site whose name was pointed at 127.0.0.1 (DNS rebinding) cannot
 * read the preview. */
static bool S_host_ok(const char *v, size_t n)
{
	static const char *const names[] = { "127.0.0.1", "localhost", "[::1]" };
	for (size_t i = 0; i < 3; i++) {
		size_t k = strlen(names[i]);
		if (n >= k && strncasecmp(v, names[i], k) == 0 && (n == k || v[k] == ':'))
			return true;
	}
	return false;
}

/* The value of the header line "Name: value" that starts at line (lines
 * end in CRLF), if its name is name: set *v and *n. */
static bool S_header(const char *line, size_t len, const char *name, const char **v, size_t *n)
{
	size_t k = strlen(name);
	if (len <= k || strncasecmp(line, name, k) != 0 || line[k] != ':')
		return false;
	const char *p = line + k + 1, *end = line + len;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*v = p;
	*n = (size_t)(end - p);
	return true;
}

/* Answer 404 for the decoded path p with the site's own page, as a
 * static host does: <lang>/404.html for a path in a language's folder,
 * else 404.html; a line of text where there is none. */
static void S_not_found(struct serve *s, struct S_client *c, const char *p, bool head)
{
	const char *dir = s->o->site->out_dir, *type = NULL;
	struct buf page = BUF_INIT, body = BUF_INIT;
	size_t n = strcspn(p + 1, "/");
	int status = 404;
	if (p[0] == '/' && p[1 + n] == '/') {
		buf_put(&page, p, 1 + n);
		buf_puts(&page, "/404.html");
		status = S_read_path(dir, page.ptr, &body, &type);
	}
	if (status != 200) {
		buf_reset(&body);
		status = S_read_path(dir, "/404.html", &body, &type);
	}
	if (status == 200) {
		S_inject(&body);
		S_respond(c, 404, type, body.ptr, body.len, head, NULL);
	} else {
		S_error(c, 404, head, NULL);
	}
	buf_release(&page);
	buf_release(&body);
}

/* True if the n bytes at p are the string s. */
static bool S_is(const char *p, size_t n, const char *s)
{
	return strlen(s) == n && memcmp(p, s, n) == 0;
}

/* Answer the GET or HEAD of target (origin form, as sent). */
static void S_answer(struct serve *s, struct S_client *c, const char *target, bool head)
{
	size_t plen = strcspn(target, "?#");
	if (S_is(target, plen, S_PREFIX "reload.js")) {
		S_respond(c, 200, "text/javascript; charset=utf-8", S_reload_js,
			  sizeof S_reload_js - 1, head, NULL);
		return;
	}
	if (S_is(target, plen, S_PREFIX "events") && head) {
		S_respond(c, 200, "text/event-stream", "", 0, head, NULL);
		return;
	}
	if (S_is(target, plen, S_PREFIX "events")) {
		/* No length: the stream ends when the connection does. */
		buf_puts(&c->out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
			 "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n"
			 "retry: 1000\n\n");
		c->events = true;
		return;
	}
	struct buf path = BUF_INIT, body = BUF_INIT;
	if (S_decode(&path, target) != 0) {
		S_error(c, 400, head, NULL);
		goto out;
	}
	if (strncmp(path.ptr, S_PREFIX, sizeof S_PREFIX - 1) == 0) {
		S_error(c, 404, head, NULL);
		goto out;
	}
	/* What is never served is refused before the state of the build is
	 * told. */
	if (strstr(path.ptr, "..") || strstr(path.ptr, "/.")) {
		S_not_found(s, c, path.ptr, head);
		goto out;
	}
	if (!s->good) {
		S_unavailable(s, &body);
		S_respond(c, 503, "text/html; charset=utf-8", body.ptr, body.len, head,
			  "Retry-After: 1\r\n");
		goto out;
	}
	const char *type = NULL;
	int status = S_read_path(s->o->site->out_dir, path.ptr, &body, &type);
	if (status == 301) {
		struct buf loc = BUF_INIT;
		buf_puts(&loc, "Location: ");
		buf_put(&loc, target, plen);
		buf_puts(&loc, "/");
		buf_puts(&loc, target + plen);
		buf_puts(&loc, "\r\n");
		S_error(c, 301, head, loc.ptr);
		buf_release(&loc);
	} else if (status == 404) {
		S_not_found(s, c, path.ptr, head);
	} else if (status != 200) {
		S_error(c, status, head, NULL);
	} else {
		if (strncmp(type, "text/html", 9) == 0)
			S_inject(&body);
		S_respond(c, 200, type, body.ptr, body.len, head, NULL);
	}
out:
	buf_release(&path);
	buf_release(&body);
}

/* Answer every complete request c has sent (requests may be pipelined;
 * the answers are queued in order). */
static void S_handle(struct serve *s, struct S_client *c)
{
	while (!c->closing && !c->events) {
		const char *end = memmem(c->in.ptr, c->in.len, "\r\n\r\n", 4);
		size_t hlen = end ? (size_t)(end - c->in.ptr) + 4 : c->in.len;
		if (hlen > S_HEAD_MAX) {
			c->closing = true;
			S_error(c, 431, false, NULL);
			break;
		}
		if (!end)
			return;
		struct buf method = BUF_INIT, target = BUF_INIT;
		const char *line = c->in.ptr, *eol = memmem(line, hlen, "\r\n", 2);
		/* The request line: METHOD SP target SP HTTP/1.x */
		const char *sp1 = memchr(line, ' ', (size_t)(eol - line));
		const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1)) : NULL;
		bool bad = !sp2 || sp2 == sp1 + 1 || sp1[1] != '/' ||
			   (size_t)(eol - sp2 - 1) != 8 || strncmp(sp2 + 1, "HTTP/1.", 7) != 0;
		bool http10 = !bad && sp2[8] == '0';
		if (!bad) {
			buf_put(&method, line, (size_t)(sp1 - line));
			buf_put(&target, sp1 + 1, (size_t)(sp2 - sp1 - 1));
			for (const char *p = target.ptr; *p; p++)
				if ((unsigned char)*p <= ' ' || *p == 0x7f)
					bad = true;
		}
		bool last = http10, host_ok = true, body = false;
		for (const char *l = eol + 2; !bad && l < end;) {
			const char *e = memmem(l, (size_t)(end + 2 - l), "\r\n", 2);
			const char *v;
			size_t n;
			if (S_header(l, (size_t)(e - l), "Connection", &v, &n)) {
				if (n == 5 && strncasecmp(v, "close", 5) == 0)
					last = true;
				else if (n == 10 && strncasecmp(v, "keep-alive", 10) == 0)
					last = false;
			} else if (S_header(l, (size_t)(e - l), "Host", &v, &n)) {
				host_ok = S_host_ok(v, n);
			} else if (S_header(l, (size_t)(e - l), "Content-Length", &v, &n)) {
				body = !(n == 1 && *v == '0');
			} else if (S_header(l, (size_t)(e - l), "Transfer-Encoding", &v, &n)) {
				body = true;
			}
			l = e + 2;
		}
		bool head = S_is(method.ptr, method.len, "HEAD");
		/* A request with a body (no GET or HEAD of ours takes one) or
		 * another method ends the connection: its bytes are not read. */
		if (bad || !host_ok || body) {
			c->closing = true;
			S_error(c, 400, head, NULL);
		} else if (!head && !S_is(method.ptr, method.len, "GET")) {
			c->closing = true;
			S_error(c, 405, false, "Allow: GET, HEAD\r\n");
		} else {
			c->closing = last;
			S_answer(s, c, target.ptr, head);
		}
		buf_release(&method);
		buf_release(&target);
		memmove(c->in.ptr, c->in.ptr + hlen, c->in.len - hlen);
		c->in.len -= hlen;
		c->in.ptr[c->in.len] = '\0';
	}
	/* A stream's reader and a connection being closed send nothing we
	 * answer. */
	if (c->events || c->closing)
		buf_reset(&c->in);
}

/*** Connections ***/

static void S_close(struct S_client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	buf_release(&c->in);
	buf_release(&c->out);
}

/* Send what c has queued, as far as the socket takes it. false when the
 * connection is done: an error, or all sent with closing set. */
static bool S_send(struct S_client *c, double now)
{
	while (c->sent < c->out.len) {
		ssize_t w = send(c->fd, c->out.ptr + c->sent, c->out.len - c->sent, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return c->out.len - c->sent <= S_EVENTS_MAX || !c->events;
		if (w < 0)
			return false;
		c->sent += (size_t)w;
		c->active = now;
	}
	buf_reset(&c->out);
	c->sent = 0;
	return !c->closing;
}

/* Read what c sent and answer it. false when the connection is done. */
static bool S_receive(struct serve *s, struct S_client *c, double now)
{
	buf_grow(&c->in, 4096);
	ssize_t k = recv(c->fd, c->in.ptr + c->in.len, 4096, 0);
	if (k < 0)
		return errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK;
	if (k == 0)
		return false;
	c->in.len += (size_t)k;
	c->in.ptr[c->in.len] = '\0';
	c->active = now;
	S_handle(s, c);
	return S_send(c, now);
}

/* Take the connections waiting on the listening socket. When every slot
 * is taken, the connection idle the longest makes room. */
static void S_accept(struct serve *s, double now)
{
	for (;;) {
		if (s->ncl == S_CLIENTS) {
			size_t old = S_CLIENTS;
			for (size_t i = 0; i < s->ncl; i++)
				if (!s->cl[i].events && s->cl[i].out.len == 0 &&
				    (old == S_CLIENTS || s->cl[i].active < s->cl[old].active))
					old = i;
			if (old == S_CLIENTS)
				return; /* all streams: the rest wait in the backlog */
			S_close(&s->cl[old]);
			s->cl[old] = s->cl[--s->ncl];
		}
		int fd = accept4(s->listen, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		s->cl[s->ncl++] = (struct S_client){ .fd = fd, .in = BUF_INIT, .out = BUF_INIT,
						      .active = now };
	}
}

/* Send a reload event on every open event stream; the number told. */
static size_t S_reload(struct serve *s, double now)
{
	size_t told = 0;
	s->reloads++;
	for (size_t i = 0; i < s->ncl; i++) {
		struct S_client *c = &s->cl[i];
		if (!c->events || c->fd < 0)
			continue;
		buf_printf(&c->out, "event: reload\ndata: %lu\n\n", s->reloads);
		if (S_send(c, now))
			told++;
		else
			S_close(c);
	}
	return told;
}

/*** Watching ***/

/* True for names that are no input: editors' swap, backup and lock files
 * (.tr.po.swp, tr.po~, #tr.po#) and Vim's probe of a folder (4913). */
static bool S_ignored(const char *name)
{
	size_t n = strlen(name);
	return name[0] == '.' || name[0] == '#' || (n && name[n - 1] == '~') ||
	       strcmp(name, "4913") == 0;
}

/* Note that dir/name changed as mask (inotify's) says: a build follows
 * once the inputs are quiet. */
static void S_changed(struct serve *s, const char *dir, const char *name, uint32_t mask,
		      double now)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, dir);
	if (b.len && b.ptr[b.len - 1] != '/')
		buf_putc(&b, '/');
	buf_puts(&b, name);
	struct S_change *c = NULL;
	for (size_t i = 0; i < s->nch && !c; i++)
		if (strcmp(s->ch[i].name, b.ptr) == 0)
			c = &s->ch[i];
	if (!c) {
		if (s->nch == s->chcap) {
			s->chcap = s->chcap ? 2 * s->chcap : 8;
			s->ch = xrealloc(s->ch, s->chcap * sizeof *s->ch);
		}
		c = &s->ch[s->nch++];
		*c = (struct S_change){ .name = buf_detach(&b, NULL), .created = mask & IN_CREATE };
	}
	if (mask & (IN_DELETE | IN_MOVED_FROM))
		c->gone = true;
	else
		c->gone = false;
	buf_release(&b);
	if (!s->pending)
		s->since = now;
	s->pending = true;
	s->quiet_at = now + SERVE_QUIET_MS / 1000.0;
}

/* Read the inotify events waiting. */
static void S_watch_read(struct serve *s, double now)
{
	_Alignas(struct inotify_event) char ev[4096];
	for (;;) {
		ssize_t n = read(s->inotify, ev, sizeof ev);
		if (n <= 0)
			return;
		for (char *p = ev; p < ev + n;) {
			const struct inotify_event *e = (const struct inotify_event *)p;
			p += sizeof *e + e->len;
			if (e->mask & IN_Q_OVERFLOW) {
				S_changed(s, "", "(too many changes to name)", 0, now);
				continue;
			}
			for (int i = 0; i < 3; i++)
				if (e->wd == s->wd[i] && e->len && !S_ignored(e->name)) {
					S_changed(s, s->dir[i], e->name, e->mask, now);
					break;
				}
		}
	}
}

/*** Building ***/

static void *S_build_main(void *arg)
{
	struct S_build *b = arg;
	double t = S_now();
	b->rc = site_run(b->o, &b->r, b->d);
	b->secs = S_now() - t;
	while (write(b->wake, "", 1) < 0 && errno == EINTR)
		;
	return NULL;
}

/* The changes noted, as "po/tr.po, po/vi.po" (caller frees), or NULL if
 * every file changed was a temporary one, created and gone again; the
 * list is emptied. */
static char *S_changes_take(struct serve *s)
{
	struct buf b = BUF_INIT;
	size_t shown = 0, more = 0;
	for (size_t i = 0; i < s->nch; i++) {
		if (!(s->ch[i].created && s->ch[i].gone)) {
			if (shown++ < S_NAMES_SHOWN)
				buf_printf(&b, "%s%s", b.len ? ", " : "", s->ch[i].name);
			else
				more++;
		}
		free(s->ch[i].name);
	}
	s->nch = 0;
	s->pending = false;
	if (more)
		buf_printf(&b, " and %zu more", more);
	return shown ? buf_detach(&b, NULL) : NULL;
}

/* Start a build of the changes noted so far (none: the first build). */
static void S_build_start(struct serve *s)
{
	double since = s->since;
	char *changed = NULL;
	if (s->pending && !(changed = S_changes_take(s)))
		return; /* temporary files only: nothing to build */
	struct S_build *b = xcalloc(1, sizeof *b);
	b->o = s->o->site;
	b->wake = s->wake[1];
	b->d = diag_new();
	b->changed = changed;
	b->since = since;
	/* The stop signals go to the poll loop's thread, whose poll they cut
	 * short; the build's threads (which inherit the mask) see the flag. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	b->threaded = pthread_create(&b->thread, NULL, S_build_main, b) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!b->threaded)
		S_build_main(b); /* no thread to be had: build here */
	s->build = b;
}

/* Wait for the build, then serve what it made, tell the open pages, and
 * tell the caller. */
static void S_build_end(struct serve *s)
{
	struct S_build *b = s->build;
	s->build = NULL;
	if (b->threaded)
		pthread_join(b->thread, NULL);
	double now = S_now();
	struct serve_event e = { .changed = b->changed, .diag = b->d,
				 .build_secs = b->secs, .reload_secs = -1 };
	if (S_stopped(s)) {
		/* Cut short by the stop: nothing to tell. */
	} else if (b->rc == 0) {
		e.kind = SERVE_BUILT;
		e.report = &b->r;
		/* A build with nothing to do changed no page, unless the pages
		 * open are the one that says there is no site yet. */
		if (!b->r.fresh || !s->good) {
			e.told = S_reload(s, now);
			if (b->changed)
				e.reload_secs = S_now() - b->since;
		}
		s->good = true;
		buf_release(&s->failure);
	} else {
		e.kind = SERVE_FAILED;
		e.old_served = s->good;
		if (!s->good) {
			buf_reset(&s->failure);
			for (size_t i = 0; i < diag_count(b->d); i++)
				buf_printf(&s->failure, "%s\n", diag_message(b->d, i));
			if (!s->failure.len)
				buf_puts(&s->failure, "versus: the build failed\n");
			/* The open pages say why: show them the new reasons. */
			S_reload(s, now);
		}
	}
	if (!S_stopped(s) && s->o->event)
		s->o->event(s->o->event_ctx, &e);
	site_report_release(&b->r);
	diag_free(b->d);
	free(b->changed);
	free(b);
}

/*** Setting up ***/

static int S_listen(struct serve *s, struct buf *url)
{
	s->listen = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->listen < 0) {
		diag_report(s->d, DIAG_ERROR, NULL, 0, "cannot open a socket: %s", strerror(errno));
		return -1;
	}
	int one = 1;
	setsockopt(s->listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)s->o->port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	if (bind(s->listen, (struct sockaddr *)&a, sizeof a) != 0 || listen(s->listen, 64) != 0 ||
	    getsockname(s->listen, (struct sockaddr *)&a, &len) != 0) {
		diag_report(s->d, DIAG_ERROR, NULL, 0, "cannot serve on 127.0.0.1:%u: %s",
			    s->o->port, strerror(errno));
		return -1;
	}
	buf_printf(url, "http://127.0.0.1:%u/", (unsigned)ntohs(a.sin_port));
	return 0;
}

static int S_watch(struct serve *s)
{
	s->inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (s->inotify < 0) {
		diag_report(s->d, DIAG_ERROR, NULL, 0, "cannot watch the inputs (inotify): %s",
			    strerror(errno));
		return -1;
	}
	const struct site_opts *o = s->o->site;
	const char *dirs[3] = { o->catalog_dir, o->po_dir, o->templates_dir };
	for (int i = 0; i < 3; i++) {
		s->dir[i] = dirs[i];
		s->wd[i] = inotify_add_watch(s->inotify, dirs[i],
					     IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM |
					     IN_CREATE | IN_DELETE | IN_ONLYDIR);
		if (s->wd[i] < 0) {
			diag_report(s->d, DIAG_ERROR, dirs[i], 0, "cannot watch this folder: %s",
				    strerror(errno));
			return -1;
		}
	}
	return 0;
}

/*** The loop ***/

int serve_run(const struct serve_opts *o, struct diag *d)
{
	struct serve s = { .o = o, .d = d, .listen = -1, .inotify = -1, .wake = { -1, -1 },
			   .failure = BUF_INIT };
	struct buf url = BUF_INIT;
	int rc = -1;
	if (S_listen(&s, &url) != 0 || S_watch(&s) != 0)
		goto out;
	if (pipe2(s.wake, O_NONBLOCK | O_CLOEXEC) != 0) {
		diag_report(d, DIAG_ERROR, NULL, 0, "cannot make a pipe: %s", strerror(errno));
		goto out;
	}
	if (o->event) {
		struct serve_event e = { .kind = SERVE_LISTENING, .url = url.ptr, .reload_secs = -1 };
		o->event(o->event_ctx, &e);
	}
	S_build_start(&s);

	struct pollfd pfd[3 + S_CLIENTS];
	while (!S_stopped(&s)) {
		double now = S_now();
		int timeout = S_TICK_MS;
		if (s.pending && !s.build) {
			double ms = (s.quiet_at - now) * 1000;
			timeout = ms <= 0 ? 0 : ms < S_TICK_MS ? (int)ms + 1 : S_TICK_MS;
		}
		pfd[0] = (struct pollfd){ .fd = s.wake[0], .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = s.inotify, .events = POLLIN };
		pfd[2] = (struct pollfd){ .fd = s.listen, .events = POLLIN };
		for (size_t i = 0; i < s.ncl; i++)
			pfd[3 + i] = (struct pollfd){
				.fd = s.cl[i].fd,
				.events = (short)(POLLIN | (s.cl[i].out.len > s.cl[i].sent ? POLLOUT : 0))
			};
		size_t ncl = s.ncl;
		if (poll(pfd, 3 + ncl, timeout) < 0 && errno != EINTR) {
			diag_report(d, DIAG_ERROR, NULL, 0, "poll: %s", strerror(errno));
			goto out;
		}
		if (S_stopped(&s))
			break;
		now = S_now();
		if (pfd[1].revents)
			S_watch_read(&s, now);
		if (pfd[0].revents) {
			char drain[16];
			while (read(s.wake[0], drain, sizeof drain) > 0)
				;
			if (s.build)
				S_build_end(&s);
		}
		for (size_t i = 0; i < ncl; i++) {
			struct S_client *c = &s.cl[i];
			if (c->fd < 0 || !pfd[3 + i].revents)
				continue;
			bool keep = true;
			if (pfd[3 + i].revents & POLLOUT)
				keep = S_send(c, now);
			if (keep && (pfd[3 + i].revents & (POLLIN | POLLHUP | POLLERR)))
				keep = S_receive(&s, c, now);
			if (!keep)
				S_close(c);
		}
		/* Idle keep-alive connections go; closed ones leave their slot. */
		for (size_t i = 0; i < s.ncl;) {
			struct S_client *c = &s.cl[i];
			if (c->fd >= 0 && !c->events && c->out.len == 0 && now - c->active > S_IDLE_SECS)
				S_close(c);
			if (c->fd < 0)
				s.cl[i] = s.cl[--s.ncl];
			else
				i++;
		}
		if (pfd[2].revents)
			S_accept(&s, now);
		if (s.pending && !s.build && now >= s.quiet_at)
			S_build_start(&s);
	}
	rc = 0;
out:
	if (s.build)
		S_build_end(&s);
	for (size_t i = 0; i < s.ncl; i++)
		S_close(&s.cl[i]);
	int fds[] = { s.listen, s.inotify, s.wake[0], s.wake[1] };
	for (size_t i = 0; i < sizeof fds / sizeof *fds; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(S_changes_take(&s));
	free(s.ch);
	buf_release(&s.failure);
	buf_release(&url);
	return rc;
}
