#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "county.h"
#include "render.h"
#include "resp.h"
#include "sess.h"

/* Compiled once in main; libxslt only reads them afterwards. */
static xsltStylesheetPtr site;
static xsltSecurityPrefsPtr secprefs;

int
render_init(const char *dir)
{
	char path[4096];
	int n;

	xmlInitParser();
	/* No entity expansion, no network, for the stylesheets too. */
	xmlSubstituteEntitiesDefault(0);
	xmlLoadExtDtdDefaultValue = 0;
	n = snprintf(path, sizeof(path), "%s/site.xsl", dir);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -1;
	site = xsltParseStylesheetFile((const xmlChar *)path);
	if (site == NULL) {
		fprintf(stderr, "render: cannot compile %s\n", path);
		return -1;
	}
	/* After compiling: forbid every file and network access at run time
	 * (document(), xsl:result-document and the like). */
	if ((secprefs = xsltNewSecurityPrefs()) == NULL ||
	    xsltSetSecurityPrefs(secprefs, XSLT_SECPREF_READ_FILE,
	    xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(secprefs, XSLT_SECPREF_WRITE_FILE,
	    xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(secprefs, XSLT_SECPREF_CREATE_DIRECTORY,
	    xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(secprefs, XSLT_SECPREF_READ_NETWORK,
	    xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(secprefs, XSLT_SECPREF_WRITE_NETWORK,
	    xsltSecurityForbid) != 0) {
		fputs("render: cannot set XSLT security preferences\n", stderr);
		return -1;
	}
	xsltSetDefaultSecurityPrefs(secprefs);
	return 0;
}

void
render_end(void)
{
	if (site != NULL)
		xsltFreeStylesheet(site);
	site = NULL;
	xsltSetDefaultSecurityPrefs(NULL);
	if (secprefs != NULL)
		xsltFreeSecurityPrefs(secprefs);
	secprefs = NULL;
	xsltCleanupGlobals();
	xmlCleanupParser();
}

xmlNodePtr
x_el(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

xmlNodePtr
x_text(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, (const xmlChar *)name,
	    (const xmlChar *)text);
}

void
x_attr(xmlNodePtr node, const char *name, const char *value)
{
	if (value != NULL)
		xmlSetProp(node, (const xmlChar *)name, (const xmlChar *)value);
}

void
x_attr_int(xmlNodePtr node, const char *name, long long value)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", value);
	x_attr(node, name, buf);
}

xmlNodePtr
page_new(struct req *r, const char *name, const char *title)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"page", NULL);
	char today[16];

	xmlDocSetRootElement(doc, root);
	x_attr(root, "name", name);
	x_attr(root, "title", title);
	x_attr(root, "path", r->path);
	x_attr(root, "csrf", r->csrf);
	snprintf(today, sizeof(today), "%04d-%02d-%02d", r->today_ymd / 10000,
	    r->today_ymd / 100 % 100, r->today_ymd % 100);
	x_attr(root, "today", today);
	if (r->county != NULL && r->county->name[0] != '\0') {
		x_attr(root, "county", r->county->name);
		x_attr(root, "bureau", r->county->bureau);
	}
	if (r->sess != NULL)
		sess_xml(r->sess, root);
	return root;
}

/* libxml2 output callback: writes serialised bytes to the client. */
static int
write_fcgi(void *ctx, const char *buf, int len)
{
	return FCGX_PutStr(buf, len, ctx);
}

int
render_page(struct req *r, int status, xmlNodePtr root)
{
	xmlDocPtr doc = root->doc, out = NULL;
	xsltTransformContextPtr ctx = NULL;
	xmlOutputBufferPtr buf;
	int rc = -1;

	if ((ctx = xsltNewTransformContext(site, doc)) == NULL ||
	    xsltSetCtxtSecurityPrefs(secprefs, ctx) != 0)
		goto out;
	out = xsltApplyStylesheetUser(site, doc, NULL, NULL, NULL, ctx);
	if (out == NULL || ctx->state != XSLT_STATE_OK) {
		fprintf(stderr, "render: transform of %s failed\n", r->path);
		goto out;
	}
	resp_head(r, status, "text/html; charset=utf-8", NULL);
	if (r->method == METHOD_HEAD) {
		rc = 0;
		goto out;
	}
	buf = xmlOutputBufferCreateIO(write_fcgi, NULL, r->fcgi->out, NULL);
	if (buf == NULL)
		goto out;
	if (xsltSaveResultTo(buf, out, site) < 0) {
		(void)xmlOutputBufferClose(buf);
		goto out;
	}
	rc = xmlOutputBufferClose(buf) < 0 ? -1 : 0;
out:
	if (out != NULL)
		xmlFreeDoc(out);
	if (ctx != NULL)
		xsltFreeTransformContext(ctx);
	xmlFreeDoc(doc);
	if (rc != 0 && !r->sent) {
		static const char msg[] = "系统出错，请稍后再试。\n";

		resp_head(r, 500, "text/plain; charset=utf-8", NULL);
		resp_write(r, msg, sizeof(msg) - 1);
	}
	return rc;
}

void
render_error(struct req *r, int status, const char *message)
{
	xmlNodePtr root = page_new(r, "error", resp_reason(status));

	x_attr_int(root, "status", status);
	x_text(root, "message", message);
	(void)render_page(r, status, root);
}

void
render_error_instead(struct req *r, xmlNodePtr root, int status,
    const char *message)
{
	xmlFreeDoc(root->doc);
	render_error(r, status, message);
}
