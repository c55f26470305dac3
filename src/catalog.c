#include "catalog.h"

#include "buf.h"
#include "text.h"
#include "xml.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The schema, compiled in from catalog/catalog.rng by the build. */
extern const unsigned char versus_catalog_rng[];
extern const size_t versus_catalog_rng_len;

const char *const catalog_field_names[FIELD_COUNT] = {
	"name", "description", "when", "fix"
};

const char *const catalog_standing_names[STANDING_COUNT] = {
	"standard", "extension", "registry", "deprecated", "obsolete",
	"historic", "reserved", "unassigned"
};

/*** What a catalogue editor gets wrong, said in their terms ***/

/* Before the schema (which stays the authority), the mistakes editors
 * make, each said with what is expected: a missing or misplaced field,
 * an attribute that does not look as it must. 0, or -1 after reporting. */
static bool S_match(const char *s, const char *what)
{
	size_t n = strlen(s);
	if (strcmp(what, "number") == 0) {
		if (n < 1 || n > 6 || (n > 1 && s[0] == '0'))
			return false;
		for (size_t i = 0; i < n; i++)
			if (s[i] < '0' || s[i] > '9')
				return false;
		return true;
	}
	/* slug: lower-case words joined by single hyphens */
	if (n < 1 || n > 80 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      (s[i] == '-' && s[i + 1] != '-')))
			return false;
	return true;
}

static int S_explain_code(xmlNodePtr n, const char *path, struct diag *d)
{
	static const char *const order[] = { "name", "description", "when", "fix", "ref" };
	unsigned long line = (unsigned long)xmlGetLineNo(n);
	char *number = xmlHasProp(n, (const xmlChar *)"number") ? xml_attr(n, "number") : NULL;
	const char *who = number ? number : "without a number";
	int rc = 0;
	if (!number) {
		diag_report(d, DIAG_ERROR, path, line, "a <code> needs number=\"...\" (its reply code, e.g. 550)");
		rc = -1;
	} else if (!S_match(number, "number")) {
		diag_report(d, DIAG_ERROR, path, line,
			    "code number \"%s\" must be 1 to 6 digits, without a leading zero", number);
		rc = -1;
	}
	char *slug = xmlHasProp(n, (const xmlChar *)"slug") ? xml_attr(n, "slug") : NULL;
	if (!slug || !S_match(slug, "slug")) {
		diag_report(d, DIAG_ERROR, path, line,
			    "code %s: slug=\"%s\" must be lower-case letters and digits in words joined by single hyphens, as in mailbox-not-found",
			    who, slug ? slug : "");
		rc = -1;
	}
	free(slug);
	char *st = xmlHasProp(n, (const xmlChar *)"standing") ? xml_attr(n, "standing") : NULL;
	bool known = false;
	for (int i = 0; st && i < STANDING_COUNT; i++)
		known |= strcmp(st, catalog_standing_names[i]) == 0;
	if (!known) {
		diag_report(d, DIAG_ERROR, path, line,
			    "code %s: standing=\"%s\" must be one of standard, extension, registry, deprecated, obsolete, historic, reserved, unassigned",
			    who, st ? st : "");
		rc = -1;
	}
	free(st);
	/* The fields, in order: name, description, when, fix, one or more ref. */
	size_t want = 0;
	const char *last = NULL;
	for (xmlNodePtr k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		unsigned long kl = (unsigned long)xmlGetLineNo(k);
		size_t i;
		for (i = 0; i < 5; i++)
			if (xml_is(k, order[i]))
				break;
		if (i == 5) {
			diag_report(d, DIAG_ERROR, path, kl,
				    "code %s: <%s> is not a field of a code (name, description, when, fix, ref)",
				    who, (const char *)k->name);
			rc = -1;
			continue;
		}
		if (i < want && !(i == 4 && want == 5)) {
			diag_report(d, DIAG_ERROR, path, kl,
				    "code %s: <%s> comes too late or twice; the order is name, description, when, fix, ref",
				    who, order[i]);
			rc = -1;
			continue;
		}
		if (i > want && !(want == 5 && i == 4)) {
			diag_report(d, DIAG_ERROR, path, kl, "code %s has no <%s> (expected %s%s%s)",
				    who, order[want], last ? "after <" : "first", last ? last : "",
				    last ? ">" : "");
			rc = -1;
		}
		if (i == 4) {
			char *href = xmlHasProp(k, (const xmlChar *)"href") ? xml_attr(k, "href") : NULL;
			if (!href || strncmp(href, "https://", 8) != 0 || strpbrk(href, " \t\n\"'<>")) {
				diag_report(d, DIAG_ERROR, path, kl,
					    "code %s: <ref href=\"%s\"> must be an https:// address without spaces or quotes",
					    who, href ? href : "");
				rc = -1;
			}
			free(href);
		}
		want = i + 1;
		last = order[i];
	}
	if (want < 5) {
		diag_report(d, DIAG_ERROR, path, line, "code %s has no <%s> (expected %s%s%s)", who,
			    order[want], last ? "after <" : "first", last ? last : "", last ? ">" : "");
		rc = -1;
	}
	free(number);
	return rc;
}

static int S_explain(xmlDocPtr doc, const char *path, struct diag *d)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!xml_is(root, "protocol"))
		return 0; /* the schema says it */
	int rc = 0;
	for (xmlNodePtr n = root->children; n; n = n->next)
		if (xml_is(n, "code") && S_explain_code(n, path, d) != 0)
			rc = -1;
	return rc;
}

/*** Building the model ***/

/* Numeric order on digit strings of any length. */
static int S_numcmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static int S_code_cmp(const void *a, const void *b)
{
	const struct catalog_code *x = a, *y = b;
	return S_numcmp(x->number, y->number);
}

static void S_code_free(struct catalog_code *c)
{
	free(c->number);
	free(c->slug);
	free(c->spec);
	for (int f = 0; f < FIELD_COUNT; f++)
		free(c->text[f]);
	for (size_t i = 0; i < c->nrefs; i++) {
		free(c->refs[i].href);
		free(c->refs[i].label);
	}
	free(c->refs);
}

static void S_protocol_free(struct catalog_protocol *p)
{
	free(p->id);
	free(p->name);
	free(p->summary);
	free(p->file);
	for (size_t i = 0; i < p->nclasses; i++) {
		free(p->classes[i].prefix);
		free(p->classes[i].name);
	}
	free(p->classes);
	for (size_t i = 0; i < p->ncodes; i++)
		S_code_free(&p->codes[i]);
	free(p->codes);
}

static void S_read_code(xmlNodePtr n, struct catalog_code *c)
{
	c->at = (unsigned long)xmlGetLineNo(n);
	c->number = xml_attr(n, "number");
	c->slug = xml_attr(n, "slug");
	/* The schema allows only the listed values, so one is found. */
	char *st = xml_attr(n, "standing");
	for (int i = 0; i < STANDING_COUNT; i++)
		if (strcmp(st, catalog_standing_names[i]) == 0)
			c->standing = (enum catalog_standing)i;
	free(st);
	c->spec = xmlHasProp(n, (const xmlChar *)"spec") ? xml_attr(n, "spec") : NULL;
	for (xmlNodePtr k = n->children; k; k = k->next) {
		if (xml_is(k, "ref")) {
			c->refs = xrealloc(c->refs, (c->nrefs + 1) * sizeof *c->refs);
			c->refs[c->nrefs].href = xml_attr(k, "href");
			c->refs[c->nrefs].label = xml_text(k);
			c->nrefs++;
			continue;
		}
		for (int f = 0; f < FIELD_COUNT; f++) {
			if (xml_is(k, catalog_field_names[f])) {
				c->text[f] = xml_text(k);
				c->line[f] = (unsigned long)xmlGetLineNo(k);
			}
		}
	}
}

/* The class whose prefix is the longest prefix of number. */
static long S_class_of(const struct catalog_protocol *p, const char *number)
{
	long best = -1;
	size_t bestlen = 0;
	for (size_t i = 0; i < p->nclasses; i++) {
		size_t l = strlen(p->classes[i].prefix);
		if (strncmp(number, p->classes[i].prefix, l) == 0 &&
		    (best < 0 || l > bestlen)) {
			best = (long)i;
			bestlen = l;
		}
	}
	return best;
}

/* What the schema cannot check. Returns 0, or -1 after reporting. */
static int S_check(struct catalog_protocol *p, struct diag *d)
{
	int rc = 0;
	for (size_t i = 0; i < p->nclasses; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->classes[j].prefix, p->classes[i].prefix) == 0) {
				diag_report(d, DIAG_ERROR, p->file, p->classes[i].line,
					    "duplicate class prefix \"%s\" (first at line %lu)",
					    p->classes[i].prefix, p->classes[j].line);
				rc = -1;
			}
	for (size_t i = 0; i < p->ncodes; i++) {
		struct catalog_code *c = &p->codes[i];
		long k = S_class_of(p, c->number);
		if (k < 0) {
			diag_report(d, DIAG_ERROR, p->file, c->at,
				    "code %s belongs to no class (no <class prefix> matches it)",
				    c->number);
			rc = -1;
		} else {
			c->klass = (size_t)k;
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(c->number, p->codes[j].number) == 0) {
				diag_report(d, DIAG_ERROR, p->file, c->at,
					    "duplicate code %s (first near line %lu)",
					    c->number, p->codes[j].at);
				rc = -1;
			}
			if (strcmp(c->slug, p->codes[j].slug) == 0) {
				diag_report(d, DIAG_ERROR, p->file, c->at,
					    "duplicate slug \"%s\" (codes %s and %s)",
					    c->slug, p->codes[j].number, c->number);
				rc = -1;
			}
		}
	}
	return rc;
}

static int S_load_one(const char *path, struct catalog_protocol *p,
		      struct diag *d)
{
	int rc = -1;
	xmlDocPtr doc = xml_read(path, d);
	if (!doc || S_explain(doc, path, d) != 0 ||
	    xml_validate(doc, path, (const char *)versus_catalog_rng,
			 versus_catalog_rng_len, "the catalogue schema", d) != 0)
		goto out;

	xmlNodePtr root = xmlDocGetRootElement(doc);
	p->file = xstrdup(path);
	p->id = xml_attr(root, "id");
	p->name = xml_attr(root, "name");
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (xml_is(n, "summary")) {
			p->summary = xml_text(n);
		} else if (xml_is(n, "class")) {
			p->classes = xrealloc(p->classes, (p->nclasses + 1) * sizeof *p->classes);
			struct catalog_class *k = &p->classes[p->nclasses++];
			k->prefix = xml_attr(n, "prefix");
			k->name = xml_text(n);
			k->line = (unsigned long)xmlGetLineNo(n);
		} else if (xml_is(n, "code")) {
			p->codes = xrealloc(p->codes, (p->ncodes + 1) * sizeof *p->codes);
			memset(&p->codes[p->ncodes], 0, sizeof *p->codes);
			S_read_code(n, &p->codes[p->ncodes++]);
		}
	}
	if (S_check(p, d) == 0) {
		qsort(p->codes, p->ncodes, sizeof *p->codes, S_code_cmp);
		rc = 0;
	}
out:
	xmlFreeDoc(doc);
	return rc;
}

static int S_path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int S_protocol_cmp(const void *a, const void *b)
{
	const struct catalog_protocol *x = a, *y = b;
	return strcmp(x->id, y->id);
}

struct catalog *catalog_load_files(char *const *paths, size_t n, struct diag *d)
{
	struct catalog *c = xcalloc(1, sizeof *c);
	c->protocols = xcalloc(n, sizeof *c->protocols);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		struct catalog_protocol *p = &c->protocols[c->n];
		if (S_load_one(paths[i], p, d) != 0) {
			S_protocol_free(p);
			memset(p, 0, sizeof *p);
			rc = -1;
			continue;
		}
		for (size_t j = 0; j < c->n; j++)
			if (strcmp(c->protocols[j].id, p->id) == 0) {
				diag_report(d, DIAG_ERROR, p->file, 2,
					    "duplicate protocol id \"%s\" (also in %s)",
					    p->id, c->protocols[j].file);
				rc = -1;
			}
		c->n++;
	}

	if (rc != 0) {
		catalog_free(c);
		return NULL;
	}
	qsort(c->protocols, c->n, sizeof *c->protocols, S_protocol_cmp);
	return c;
}

struct catalog *catalog_load(const char *dir, struct diag *d)
{
	DIR *dh = opendir(dir);
	if (!dh) {
		diag_report(d, DIAG_ERROR, dir, 0, "cannot open catalogue folder: %s",
			    strerror(errno));
		return NULL;
	}
	char **paths = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dh))) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || l < 5 || strcmp(e->d_name + l - 4, ".xml"))
			continue;
		struct buf p = BUF_INIT;
		buf_printf(&p, "%s/%s", dir, e->d_name);
		paths = xrealloc(paths, (n + 1) * sizeof *paths);
		paths[n++] = buf_detach(&p, NULL);
	}
	closedir(dh);
	/* Directory order differs between machines; output must not. */
	if (n)
		qsort(paths, n, sizeof *paths, S_path_cmp);
	struct catalog *c = NULL;
	if (n == 0)
		diag_report(d, DIAG_ERROR, dir, 0, "no catalogue files (*.xml) in this folder");
	else
		c = catalog_load_files(paths, n, d);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return c;
}

void catalog_free(struct catalog *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		S_protocol_free(&c->protocols[i]);
	free(c->protocols);
	free(c);
}
