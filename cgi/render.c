#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "county.h"
#include "crypt.h"
#include "ref.h"
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

/* The root <page> every page starts from: r gives the date and the
 * county, the rest is given. */
static xmlNodePtr
page_root(const struct req *r, const char *name, const char *title,
    const char *path, const char *csrf)
{
	const int ymd = r->today_ymd;
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root;
	char today[16];

	/* Element and attribute names come from a dictionary under the
	 * stylesheet's: no allocation for each name, and the names the
	 * templates test are found by pointer. libxslt itself gives every
	 * transform such a dictionary; xmlFreeDoc releases it. Without one
	 * (out of memory) names are simply copied. */
	if (doc != NULL && site != NULL)
		doc->dict = xmlDictCreateSub(site->dict);
	root = xmlNewDocNode(doc, NULL, (const xmlChar *)"page", NULL);
	xmlDocSetRootElement(doc, root);
	x_attr(root, "name", name);
	x_attr(root, "title", title);
	x_attr(root, "path", path);
	x_attr(root, "csrf", csrf);
	snprintf(today, sizeof(today), "%04d-%02d-%02d", ymd / 10000,
	    ymd / 100 % 100, ymd % 100);
	x_attr(root, "today", today);
	if (r->county != NULL && r->county->name[0] != '\0') {
		x_attr(root, "county", r->county->name);
		x_attr(root, "bureau", r->county->bureau);
	}
	return root;
}

xmlNodePtr
page_new(struct req *r, const char *name, const char *title)
{
	xmlNodePtr root = page_root(r, name, title, r->path, r->csrf);

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

/* Transforms doc and serialises the result through a writer made by
 * open(ctx). Before the first byte, head(r, status) is called when given
 * (the headers). Frees doc. Returns 0 or -1. */
static int
transform(struct req *r, int status, xmlDocPtr doc,
    void (*head)(struct req *, int),
    xmlOutputBufferPtr (*open)(void *), void *ctx_out)
{
	xmlDocPtr out = NULL;
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
	if (head != NULL)
		head(r, status);
	if (head != NULL && r->method == METHOD_HEAD) {
		rc = 0;
		goto out;
	}
	if ((buf = open(ctx_out)) == NULL)
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
	return rc;
}

/* The largest page kept (render_shared, kept pages). */
#define PAGE_KEEP_MAX (1 << 20)

/* A growing byte buffer that libxml2 writes a page into. */
struct membuf {
	char *p;
	size_t len, cap;
	bool failed;
};

static int
write_mem(void *ctx, const char *buf, int len)
{
	struct membuf *m = ctx;

	if (len < 0 || m->failed)
		return -1;
	if (m->len + (size_t)len > m->cap) {
		size_t cap = m->cap ? m->cap : 16384;
		char *p;

		while (cap < m->len + (size_t)len)
			cap *= 2;
		if (cap > PAGE_KEEP_MAX || (p = realloc(m->p, cap)) == NULL) {
			m->failed = true;
			return -1;
		}
		m->p = p;
		m->cap = cap;
	}
	memcpy(m->p + m->len, buf, (size_t)len);
	m->len += (size_t)len;
	return len;
}

static xmlOutputBufferPtr
open_mem(void *m)
{
	return xmlOutputBufferCreateIO(write_mem, NULL, m, NULL);
}

/* Writes a page to the client and keeps a copy of what was sent. */
struct tee {
	FCGX_Stream *out;
	struct membuf m;
};

static int
write_tee(void *ctx, const char *buf, int len)
{
	struct tee *t = ctx;

	if (FCGX_PutStr(buf, len, t->out) != len)
		return -1;
	(void)write_mem(&t->m, buf, len);  /* a copy too large is not kept */
	return len;
}

static xmlOutputBufferPtr
open_tee(void *t)
{
	return xmlOutputBufferCreateIO(write_tee, NULL, t, NULL);
}

static void
html_head(struct req *r, int status)
{
	resp_head(r, status, "text/html; charset=utf-8", NULL);
}

static xmlOutputBufferPtr
open_fcgi(void *stream)
{
	return xmlOutputBufferCreateIO(write_fcgi, NULL, stream, NULL);
}

/* After a failed render: a plain 500 if nothing was sent yet. */
static void
render_failed(struct req *r)
{
	static const char msg[] = "系统出错，请稍后再试。\n";

	if (r->sent)
		return;
	resp_head(r, 500, "text/plain; charset=utf-8", NULL);
	resp_write(r, msg, sizeof(msg) - 1);
}

static bool keep_sent(struct req *r, struct membuf *m);

int
render_page(struct req *r, int status, xmlNodePtr root)
{
	struct tee t = { r->fcgi->out, { NULL, 0, 0, false } };
	const bool keep = r->keep != NULL && status == 200 &&
	    r->method == METHOD_GET;
	int rc = transform(r, status, root->doc, html_head,
	    keep ? open_tee : open_fcgi, keep ? (void *)&t : r->fcgi->out);

	if (rc != 0)
		render_failed(r);
	else if (keep && !keep_sent(r, &t.m))
		free(t.m.p);
	return rc;
}

/* The heading of an error page: what happened, in the reader's words. */
static const char *
error_title(int status)
{
	switch (status) {
	case 400: return "提交的内容有误";
	case 403: return "没有权限";
	case 404: return "没有找到";
	case 409: return "操作冲突";
	case 413: return "提交的内容太多";
	case 415: return "无法处理的提交";
	case 422: return "需要修改";
	case 429: return "操作太频繁";
	case 503: return "系统暂时繁忙";
	default:  return "系统出错";
	}
}

void
render_error(struct req *r, int status, const char *message)
{
	xmlNodePtr root = page_new(r, "error", error_title(status));

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

/* ---- shared pages ---- */

#define CACHE_PAGES 16
#define CACHE_KEY_MAX 96
#define CACHE_SLOTS_MAX 8      /* places the token goes in one page */
#define CACHE_BYTES_MAX (512 * 1024) /* a thread's kept pages, together */

/* One rendered page: its bytes, cut where the CSRF token goes. */
struct shared_page {
	char key[CACHE_KEY_MAX];
	int ymd;
	time_t made;
	time_t checked;                /* last found true to its key */
	char *html;
	size_t len;
	size_t slot[CACHE_SLOTS_MAX];  /* offsets of the token's places */
	size_t nslot;
	size_t cut;                    /* bytes a place holds in html */
};

struct page_cache {
	struct shared_page page[CACHE_PAGES];
};

struct page_cache *
page_cache_new(void)
{
	return calloc(1, sizeof(struct page_cache));
}

void
page_cache_free(struct page_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < CACHE_PAGES; i++)
		free(c->page[i].html);
	free(c);
}

/* Frees the thread's oldest kept pages but e until len more bytes fit in
 * CACHE_BYTES_MAX; false when they cannot. */
static bool
cache_room(struct req *r, const struct shared_page *e, size_t len)
{
	for (;;) {
		struct shared_page *oldest = NULL;
		size_t used = 0, i;

		for (i = 0; r->cache != NULL && i < CACHE_PAGES; i++) {
			struct shared_page *p = &r->cache->page[i];

			if (p == e || p->html == NULL)
				continue;
			used += p->len;
			if (oldest == NULL || p->made < oldest->made)
				oldest = p;
		}
		if (used + len <= CACHE_BYTES_MAX)
			return true;
		if (oldest == NULL)
			return false;
		free(oldest->html);
		oldest->html = NULL;
	}
}

/* Keeps the page m holds in e under key, cut where token is: what lies
 * between is kept. Returns 0 (e owns m's bytes) or -1 (e unchanged). */
static int
page_store(struct req *r, struct shared_page *e, const char *key,
    struct membuf *m, const char *token)
{
	size_t n = strlen(token), nslot = 0, slot[CACHE_SLOTS_MAX];
	char *at;

	if (m->failed || n == 0 || strlen(key) >= sizeof(e->key) ||
	    !cache_room(r, e, m->len))
		return -1;
	for (at = memmem(m->p, m->len, token, n); at != NULL;
	    at = memmem(at + n, m->len - (size_t)(at + n - m->p), token, n)) {
		if (nslot == CACHE_SLOTS_MAX)
			return -1;
		slot[nslot++] = (size_t)(at - m->p);
	}
	free(e->html);
	snprintf(e->key, sizeof(e->key), "%s", key);
	e->ymd = r->today_ymd;
	e->made = r->now;
	e->checked = r->now;
	e->html = m->p;
	e->len = m->len;
	memcpy(e->slot, slot, sizeof(slot));
	e->nslot = nslot;
	e->cut = n;
	return 0;
}

/* Renders the page into e: built with a random stand-in for the token,
 * whose places are then noted. Returns 0 or -1 (e unchanged). */
static int
shared_fill(struct req *r, struct shared_page *e, const char *key,
    const char *name, const char *title, const char *path,
    shared_build_fn build, const void *arg)
{
	struct req blank = { .db = r->db, .pool = r->pool, .now = r->now,
	    .today_ymd = r->today_ymd, .path = path, .method = METHOD_GET,
	    .county = r->county };
	struct membuf m = { NULL, 0, 0, false };
	const char *stand_in = crypt_random_token(r->pool, 24);
	xmlNodePtr root;

	root = page_root(&blank, name, title, path, stand_in);
	if (build(&blank, root, arg) != 0) {
		xmlFreeDoc(root->doc);
		return -1;
	}
	if (transform(r, 200, root->doc, NULL, open_mem, &m) != 0 ||
	    page_store(r, e, key, &m, stand_in) != 0) {
		free(m.p);
		return -1;
	}
	return 0;
}

/* Sends e with the visitor's token in each of its places. */
static void
shared_send(struct req *r, const struct shared_page *e)
{
	size_t from = 0, i, n = strlen(r->csrf);

	html_head(r, 200);
	if (r->method == METHOD_HEAD)
		return;
	for (i = 0; i < e->nslot; i++) {
		resp_write(r, e->html + from, e->slot[i] - from);
		resp_write(r, r->csrf, n);
		from = e->slot[i] + e->cut;
	}
	resp_write(r, e->html + from, e->len - from);
}

/* The thread's kept page that key names, or NULL. A key's part up to its
 * '#' names the page, what follows is the version of what it shows: a
 * page has one slot, whatever its version. */
static struct shared_page *
cache_page(struct req *r, const char *key)
{
	const char *hash = strchr(key, '#');
	size_t i, n = hash != NULL ? (size_t)(hash - key) + 1 : strlen(key) + 1;

	for (i = 0; r->cache != NULL && i < CACHE_PAGES; i++) {
		struct shared_page *p = &r->cache->page[i];

		if (p->html != NULL && strncmp(p->key, key, n) == 0)
			return p;
	}
	return NULL;
}

/* The slot for the page key names: its own (any version), else an empty
 * one, else the oldest. NULL without a cache. */
static struct shared_page *
cache_slot(struct req *r, const char *key)
{
	struct shared_page *e = cache_page(r, key), *p;
	size_t i;

	if (e != NULL || r->cache == NULL)
		return e;
	for (i = 0; i < CACHE_PAGES; i++) {
		p = &r->cache->page[i];
		if (e == NULL || (e->html != NULL &&
		    (p->html == NULL || p->made < e->made)))
			e = p;
	}
	return e;
}

int
render_shared(struct req *r, const char *key, const char *name,
    const char *title, const char *path, shared_build_fn build,
    const void *arg)
{
	struct shared_page fresh = { .html = NULL }, *e;

	/* Without a cache, a page of this request only. */
	if ((e = cache_slot(r, key)) == NULL)
		e = &fresh;
	if (e->html == NULL || strcmp(e->key, key) != 0 ||
	    e->ymd != r->today_ymd || r->now < e->made ||
	    r->now - e->made >= SHARED_PAGE_SECONDS) {
		if (shared_fill(r, e, key, name, title, path, build, arg) != 0)
			return -1;
	}
	e->checked = r->now;
	shared_send(r, e);
	free(fresh.html);
	return 0;
}

int
render_recent(struct req *r, const char *key, time_t seconds)
{
	const struct shared_page *e = cache_page(r, key);

	if (e == NULL || e->ymd != r->today_ymd || r->now < e->checked ||
	    r->now - e->checked >= seconds ||
	    r->now - e->made >= SHARED_PAGE_SECONDS)
		return -1;
	shared_send(r, e);
	return 0;
}

/* ---- kept pages ---- */

int
render_kept(struct req *r)
{
	const struct sess *u = r->sess;
	const char *rev, *query = req_param(r, "QUERY_STRING");
	const char *name[4], *version[9], *page, *ver, *key;
	const struct shared_page *e;

	/* The revision was read with the session (the dispatcher asked for
	 * it on a kept route's GET), before the handler reads anything. */
	if (r->cache == NULL || u == NULL || r->method == METHOD_POST ||
	    (rev = r->revision) == NULL)
		return -1;
	/* The page: whose, which path, which query. */
	name[0] = pool_printf(r->pool, "%lld", u->staff_id);
	name[1] = r->path;
	name[2] = query != NULL ? query : "";
	name[3] = "kept";
	/* Its version: the data's revision, and everything else the page
	 * shows of the request (the staff member's header, the county's
	 * names as this thread has them). The date is the page's own. */
	version[0] = rev;
	version[1] = u->username;
	version[2] = u->display_name;
	version[3] = role_code(u->role);
	version[4] = pool_printf(r->pool, "%lld", u->township_id);
	version[5] = pool_printf(r->pool, "%lld", u->station_id);
	version[6] = r->county != NULL ? r->county->name : "";
	version[7] = r->county != NULL ? r->county->bureau : "";
	version[8] = u->must_change_password ? "1" : "0";
	if ((page = crypt_texts_digest(r->pool, name, 4)) == NULL ||
	    (ver = crypt_texts_digest(r->pool, version, 9)) == NULL)
		return -1;
	key = pool_printf(r->pool, "k%s#%s", page, ver);
	e = cache_page(r, key);
	if (e != NULL && strcmp(e->key, key) == 0 &&
	    e->ymd == r->today_ymd && r->now >= e->made &&
	    r->now - e->made < SHARED_PAGE_SECONDS) {
		shared_send(r, e);
		return 0;
	}
	r->keep = key;
	return -1;
}

/* After render_page sent a kept route's page: keeps m, the bytes sent,
 * cut where the token is. True when the cache took m's bytes. */
static bool
keep_sent(struct req *r, struct membuf *m)
{
	struct shared_page *e = cache_slot(r, r->keep);

	return e != NULL && page_store(r, e, r->keep, m, r->csrf) == 0;
}
