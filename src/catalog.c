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
	if (!doc || xml_validate(doc, path, (const char *)versus_catalog_rng,
				 versus_catalog_rng_len, "the catalogue schema",
				 d) != 0)
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
