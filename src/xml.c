#include "xml.h"

#include "buf.h"
#include "text.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct S_errctx {
	struct diag *d;
	const char *file;
};

static void S_error(void *data, xmlErrorPtr e)
{
	struct S_errctx *ec = data;
	if (!e || e->level == XML_ERR_NONE)
		return;
	struct buf msg = BUF_INIT;
	/* libxml2's words for what editors of XML by hand get wrong. */
	if (e->code == XML_ERR_NAME_REQUIRED && e->message && strstr(e->message, "EntityRef"))
		buf_puts(&msg, "a bare & must be written &amp;");
	else if (e->code == XML_ERR_ENTITYREF_SEMICOL_MISSING)
		buf_puts(&msg, "an & starts an entity such as &amp; or &lt;, which ends with ';': write a bare & as &amp;");
	else if (e->code == XML_ERR_UNDECLARED_ENTITY || e->code == XML_WAR_UNDECLARED_ENTITY)
		buf_printf(&msg, "%s (only &amp; &lt; &gt; &quot; &apos; exist in XML)",
			   e->message ? e->message : "unknown entity");
	else if (e->code == XML_ERR_LT_IN_ATTRIBUTE || e->code == XML_ERR_LT_REQUIRED)
		buf_puts(&msg, "a bare < must be written &lt;");
	else
		buf_puts(&msg, e->message ? e->message : "unknown XML error");
	while (msg.len && (msg.ptr[msg.len - 1] == '\n' || msg.ptr[msg.len - 1] == ' '))
		msg.ptr[--msg.len] = '\0';
	/* One finding, one line: libxml2 continues some messages ("Bytes: …"). */
	for (char *p = msg.ptr; *p; p++)
		if (*p == '\n')
			*p = ' ';
	/* RELAX NG names an element without saying what is wrong with its text;
	 * the node's line is the useful part. */
	diag_report(ec->d, e->level == XML_ERR_WARNING ? DIAG_WARNING : DIAG_ERROR,
		    ec->file, (unsigned long)(e->line > 0 ? e->line : 0), "%s", msg.ptr);
	buf_release(&msg);
}

/* libxml2 2.9 hands the parser's structured errors to ctxt->userData, which
 * is the context itself; our S_errctx rides in _private. */
static void S_parser_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	S_error(ctxt->_private, e);
}

xmlDocPtr xml_read(const char *path, struct diag *d)
{
	struct S_errctx ec = { d, path };
	size_t before = diag_errors(d);
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		diag_report(d, DIAG_ERROR, path, 0, "cannot create an XML parser");
		return NULL;
	}
	ctxt->_private = &ec;
	ctxt->sax->serror = S_parser_error;
	xmlDocPtr doc = xmlCtxtReadFile(ctxt, path, NULL,
					XML_PARSE_NONET | XML_PARSE_NOWARNING);
	if (doc && (!ctxt->wellFormed || diag_errors(d) != before)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (!doc && diag_errors(d) == before)
		diag_report(d, DIAG_ERROR, path, 0, "cannot read this XML file");
	/* Entities from a DOCTYPE would be silently dropped (no external
	 * loading) or could expand without end: inputs have none. */
	if (doc && (doc->intSubset || doc->extSubset)) {
		xmlDtdPtr dtd = doc->intSubset ? doc->intSubset : doc->extSubset;
		(void)dtd;
		/* libxml2 keeps no line for a DTD node: find it in the file. */
		unsigned long line = diag_line_of(path, "<!DOCTYPE");
		diag_report(d, DIAG_ERROR, path, line ? line : 1,
			    "a DOCTYPE is not allowed (no entities, no DTD)");
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
}

int xml_validate(xmlDocPtr doc, const char *path, const char *schema,
		 size_t schema_len, const char *schema_name, struct diag *d)
{
	struct S_errctx sc = { d, schema_name }, ec = { d, path };
	size_t before = diag_errors(d);
	int rc = -1;
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(schema, (int)schema_len);
	xmlRelaxNGSetParserStructuredErrors(pc, S_error, &sc);
	xmlRelaxNGPtr rng = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	if (!rng)
		return -1;
	xmlRelaxNGValidCtxtPtr v = xmlRelaxNGNewValidCtxt(rng);
	xmlRelaxNGSetValidStructuredErrors(v, S_error, &ec);
	if (xmlRelaxNGValidateDoc(v, doc) == 0 && diag_errors(d) == before)
		rc = 0;
	else if (diag_errors(d) == before)
		diag_report(d, DIAG_ERROR, path, 0, "does not match %s", schema_name);
	xmlRelaxNGFreeValidCtxt(v);
	xmlRelaxNGFree(rng);
	return rc;
}

char *xml_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = xstrdup(v ? (const char *)v : "");
	xmlFree(v);
	return s;
}

char *xml_text(xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	struct buf b = BUF_INIT;
	if (v)
		text_collapse_space(&b, (const char *)v, strlen((const char *)v));
	xmlFree(v);
	return buf_detach(&b, NULL);
}

bool xml_is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}
