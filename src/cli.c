#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum cli_action S_usage(struct cli *c, const char *fmt, const char *arg)
{
	buf_reset(&c->error);
	buf_printf(&c->error, fmt, arg);
	return CLI_USAGE;
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

enum cli_action cli_parse(struct cli *c, int argc, char **argv)
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
	memset(c, 0, sizeof *c);
	c->error = (struct buf)BUF_INIT;
	struct site_opts *o = &c->site;
	*o = (struct site_opts){
		.catalog_dir = "catalog", .po_dir = "po", .templates_dir = "templates",
		.out_dir = "out", .html = true, .md = true, .mode = SITE_BUILD,
	};
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	o->jobs = cores > 0 ? (unsigned)cores : 1;
	c->port = 8000;
	opterr = 0;
	optind = 0; /* GNU getopt: start afresh, as a second call must */
	int ch;
	while ((ch = getopt_long(argc, argv, "j:", longopts, NULL)) != -1) {
		char *end;
		switch (ch) {
		case O_OUT:
			if (!*optarg)
				return S_usage(c, "--out must name a folder%s", "");
			o->out_dir = optarg;
			break;
		case O_LANG:
			if (!*optarg || *optarg == ',' || optarg[strlen(optarg) - 1] == ',' ||
			    strstr(optarg, ",,"))
				return S_usage(c, "--lang takes languages separated by commas (tr or tr,vi), not '%s'", optarg);
			o->langs = optarg;
			break;
		case O_CATALOG:
		case O_PO:
		case O_TEMPLATES:
			if (!*optarg)
				return S_usage(c, "a folder option must name a folder%s", "");
			if (ch == O_CATALOG)
				o->catalog_dir = optarg;
			else if (ch == O_PO)
				o->po_dir = optarg;
			else
				o->templates_dir = optarg;
			break;
		case O_FORMAT: {
			o->html = o->md = false;
			for (const char *p = optarg; *p;) {
				size_t n = strcspn(p, ",");
				if (n == 4 && strncmp(p, "html", 4) == 0)
					o->html = true;
				else if (n == 2 && strncmp(p, "md", 2) == 0)
					o->md = true;
				else
					return S_usage(c, "--format takes html, md or html,md, not '%s'", optarg);
				p += n + (p[n] == ',');
			}
			if (!o->html && !o->md)
				return S_usage(c, "--format takes html, md or html,md, not '%s'", optarg);
			break;
		}
		case O_BASE:
			if (strncmp(optarg, "https://", 8) && strncmp(optarg, "http://", 7))
				return S_usage(c, "--base-url must start with https:// or http://, not '%s'", optarg);
			/* What would need escaping in HTML, XML, YAML or Markdown, or
			 * make no sense in a base (a query, a fragment), is refused
			 * rather than escaped in five ways. */
			for (const char *p = optarg; *p; p++)
				if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
				    strchr("\"'<>\\&`{}|^[]?#", *p))
					return S_usage(c, "--base-url may hold letters, digits and - . _ ~ : / %% @ ! $ ( ) * + , ; = only: '%s'", optarg);
			if (optarg[strlen(optarg) - 1] != '/')
				return S_usage(c, "--base-url must end with '/': '%s'", optarg);
			o->base_url = optarg;
			break;
		case 'j': {
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 1024)
				return S_usage(c, "--jobs takes a number from 1 to 1024, not '%s'", optarg);
			o->jobs = (unsigned)n;
			break;
		}
		case O_SHARD: {
			unsigned long i = strtoul(optarg, &end, 10), n = 0;
			if (*end == '/')
				n = strtoul(end + 1, &end, 10);
			if (*end || n < 1 || i >= n || n > 100000)
				return S_usage(c, "--shard takes I/N with 0 <= I < N, not '%s'", optarg);
			o->shard = (unsigned)i;
			o->shards = (unsigned)n;
			break;
		}
		case O_CHECK: o->mode = SITE_CHECK; break;
		case O_STATS: o->mode = SITE_STATS; break;
		case O_EXTRACT: o->mode = SITE_EXTRACT; o->pot_out = optarg; break;
		case O_SERVE: c->serve = true; break;
		case O_PORT: {
			long n = strtol(optarg, &end, 10);
			if (!*optarg || *end || n < 0 || n > 65535)
				return S_usage(c, "--port takes a number from 0 to 65535, not '%s'", optarg);
			c->port = (unsigned)n;
			c->port_given = true;
			break;
		}
		case O_HELP: return CLI_HELP;
		case O_VERSION:
			return CLI_VERSION;
		default:
			return S_usage(c, "unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return S_usage(c, "unexpected argument '%s'", argv[optind]);
	if (c->port_given && !c->serve)
		return S_usage(c, "--port goes with --serve%s", "");
	if (c->serve && (o->mode != SITE_BUILD || o->shards > 1))
		return S_usage(c, "--serve builds the whole site: no --check, --stats, --extract-pot or --shard%s", "");
	if (o->mode == SITE_BUILD && S_nested(o))
		return S_usage(c, "--out %s must not be inside an input folder, nor hold one", o->out_dir);
	return CLI_RUN;
}

void cli_release(struct cli *c)
{
	buf_release(&c->error);
}
