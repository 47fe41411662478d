/* Pages: the handler builds an XML document of the page's data with the
 * x_* calls below (libxml2 escapes everything they are given), and
 * render_page transforms it with the site stylesheet, compiled once at
 * start-up, streaming the HTML straight to the FastCGI output. */
#ifndef LX_RENDER_H
#define LX_RENDER_H
#include <libxml/tree.h>

#include "req.h"

/* Compiles dir/site.xsl and locks the XSLT engine out of files and network.
 * Returns 0 or -1. Call in main before threads start. */
int render_init(const char *dir);
void render_end(void);

/* A new page document <page name=... title=...> with the common parts
 * (CSRF token, signed-in user, today). Returns its root element. */
xmlNodePtr page_new(struct req *r, const char *name, const char *title);
/* Child element, empty. */
xmlNodePtr x_el(xmlNodePtr parent, const char *name);
/* Child element holding text (escaped); NULL text gives an empty element. */
xmlNodePtr x_text(xmlNodePtr parent, const char *name, const char *text);
/* Attribute (escaped); NULL value sets nothing. */
void x_attr(xmlNodePtr node, const char *name, const char *value);
void x_attr_int(xmlNodePtr node, const char *name, long long value);

/* Sends status, headers and the transformed page; frees the document.
 * Returns 0, or -1 if the transform or the client failed. */
int render_page(struct req *r, int status, xmlNodePtr root);
/* A plain Chinese error page with the given status and message. */
void render_error(struct req *r, int status, const char *message);
/* Drops the unfinished page root and sends render_error's page instead. */
void render_error_instead(struct req *r, xmlNodePtr root, int status,
    const char *message);

/* What a page says when the database does not answer (with a 503). */
#define MSG_BUSY "系统暂时繁忙，请稍后再试。"

/* Shared pages: a page made only of what every visitor sees alike (an empty
 * form, reference lists) is rendered once per thread and kept for
 * SHARED_PAGE_SECONDS, and until the date changes; the visitor's CSRF token
 * goes in as the page is sent. Its builder is not given the visitor's
 * request but a blank one that holds only the database, a pool, the date
 * and the county, so nothing of one visitor (token, session, cookies,
 * input) can enter it. */
#define SHARED_PAGE_SECONDS 60

struct page_cache;

/* Adds the page's content under root, reading only the blank request.
 * Returns 0, or -1 when the data could not be read (then nothing is kept
 * and the caller answers otherwise). */
typedef int (*shared_build_fn)(struct req *blank, xmlNodePtr root,
    const void *arg);

/* The shared page key (a constant per route and variant: the same key must
 * always build the same page; a part after '#' is a version of the page,
 * such as a digest of what it shows, and replaces the page's other version
 * in the cache) with the given name, title and path: from the
 * thread's cache, or built, rendered and kept. Returns 0 when the page was
 * sent, -1 when build failed (nothing sent). */
int render_shared(struct req *r, const char *key, const char *name,
    const char *title, const char *path, shared_build_fn build,
    const void *arg);

/* Sends the shared page key names (its part up to '#': any version) if it
 * was built or found true to its key (render_shared) less than seconds ago,
 * for a page whose version is a digest of what it shows: the same page,
 * unread for that long. Returns 0 when sent, -1 when there is none
 * (nothing sent). */
int render_recent(struct req *r, const char *key, time_t seconds);

/* Kept pages: the page of a route flagged ROUTE_KEPT (srv.h) is kept for
 * the staff member who asked for it, and sent again while nothing it shows
 * has changed. Before the handler runs, the responder reads the data's
 * revision with the session (ref_revision_of: it moves with every
 * committed write to a table a page is made from) and asks render_kept for
 * the page of this staff member, path and query at this revision, with
 * the same header and the same date. Found, it is sent with the request's
 * CSRF token in the token's places; if not, r->keep is set and the 200
 * page render_page sends is kept as it goes out. The revision is read
 * before the handler reads anything, so a kept page is never older than
 * its revision; a later write gives another revision, under which it is
 * not found.
 * A handler of a kept route must make its page from nothing but the
 * path, the query, the signed-in staff member, the date and the database.
 * Returns 0 when the kept page was sent, -1 when the handler must run. */
int render_kept(struct req *r);

/* A thread's cache of shared pages (NULL when out of memory); freed with
 * page_cache_free. A request without one (r->cache NULL) renders the page
 * afresh each time. */
struct page_cache *page_cache_new(void);
void page_cache_free(struct page_cache *c);

#endif
