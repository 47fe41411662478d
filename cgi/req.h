/* Request intake: FastCGI parameters, query string, urlencoded bodies,
 * cookies. Everything is copied into the request's pool, checked for
 * valid UTF-8 once, and read by handlers only through the form tables. */
#ifndef LX_REQ_H
#define LX_REQ_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <fcgiapp.h>

#include "pool.h"

/* Largest body accepted; nginx allows a little more so that we can answer
 * with our own 413 page. */
#define REQ_BODY_MAX (32 * 1024)
#define REQ_ARGS_MAX 4
#define REQ_UTC_OFFSET (8 * 3600)  /* Beijing time, no daylight saving */
#define REQ_COOKIES_OUT_MAX 4

enum method { METHOD_GET = 1, METHOD_POST = 2, METHOD_HEAD = 4, METHOD_OTHER = 8 };

enum req_status {
	REQ_OK = 0,
	REQ_TOO_LARGE,  /* 413 */
	REQ_BAD_UTF8,   /* 400 */
	REQ_BAD_TYPE,   /* 415 */
	REQ_BAD_READ,   /* 400: body shorter than announced */
};

struct kv {
	const char *key;
	const char *val;
};

struct kvlist {
	struct kv *v;
	size_t n;
};

struct db;
struct sess;
struct county;

struct req {
	FCGX_Request *fcgi;
	struct pool *pool;
	struct db *db;
	enum method method;
	const char *path;          /* decoded path, no query */
	const char *remote_addr;
	bool https;
	struct kvlist query, form, cookies;
	const char *args[REQ_ARGS_MAX]; /* segments matched by '*' in a route */
	long long entity_id;       /* the record args[0] names, scope-checked */
	time_t now;
	int today_ymd;             /* local date, y*10000+m*100+d */
	const char *csrf;          /* token to put in forms */
	const char *cookie_out[REQ_COOKIES_OUT_MAX];
	size_t ncookie_out;
	bool cookie_overflow;      /* a cookie did not fit: answered 500 */
	struct sess *sess;         /* signed-in staff member, or NULL */
	bool resumed;              /* signed in again on this POST: show the
	                            * posted form again, do not save it */
	struct page_cache *cache;  /* the thread's shared pages, or NULL */
	const char *keep;          /* a kept route's page key: its 200 page
	                            * is kept under it (render_kept) */
	bool want_revision;        /* a kept route: read the data's revision
	                            * with the session (sess_authenticate) */
	const char *revision;      /* ... and here it is, or NULL */
	const struct county *county; /* this thread's copy, or NULL */
	bool sent;                 /* headers written */
};

/* Parses "a=1&b=%E4%B8%AD" into list (pool copies). Returns REQ_OK or
 * REQ_BAD_UTF8 when a decoded key or value is not valid UTF-8 or holds a NUL. */
enum req_status req_parse_urlencoded(struct pool *pool, const char *s,
    size_t len, struct kvlist *list);
/* The request path from nginx's DOCUMENT_URI, which nginx has already
 * decoded: copied as it is, never decoded again. "/" for NULL or "";
 * NULL when it is not UTF-8 or holds a control character. */
const char *req_path(struct pool *pool, const char *uri);
/* Parses a Cookie header "a=1; b=2". Malformed pairs are skipped. */
void req_parse_cookies(struct pool *pool, const char *s, struct kvlist *list);
/* First value for key, or NULL. */
const char *kv_get(const struct kvlist *list, const char *key);
/* Fills out[] with up to max values for key; returns how many there are. */
size_t kv_all(const struct kvlist *list, const char *key,
    const char **out, size_t max);

/* Reads one FastCGI request into r: parameters, query, cookies, and for
 * POST the body (at most REQ_BODY_MAX bytes). */
enum req_status req_read(struct req *r, FCGX_Request *f, struct pool *pool);
/* A FastCGI parameter, or NULL. */
const char *req_param(const struct req *r, const char *name);

#endif
