#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "req.h"
#include "valid.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes %XX and '+' of s[0..len) into a pool string; *out_len gets its
 * length. A malformed escape is kept as it stands. */
static char *
url_decode(struct pool *pool, const char *s, size_t len, size_t *out_len)
{
	char *d = pool_alloc(pool, len + 1);
	size_t i, j = 0;

	for (i = 0; i < len; i++) {
		int hi, lo;

		if (s[i] == '+')
			d[j++] = ' ';
		else if (s[i] == '%' && i + 2 < len &&
		    (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			d[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else
			d[j++] = s[i];
	}
	d[j] = '\0';
	*out_len = j;
	return d;
}

enum req_status
req_parse_urlencoded(struct pool *pool, const char *s, size_t len,
    struct kvlist *list)
{
	size_t i, start, cap = 0, count = 0;
	struct kv *v;

	for (i = 0; i < len; i++)
		if (s[i] == '&')
			cap++;
	cap++;
	v = pool_alloc(pool, cap * sizeof(*v));
	for (start = 0; start <= len; start = i + 1) {
		const char *pair = s + start, *eq;
		size_t plen, klen, vlen, dk, dv;
		char *key, *val;

		for (i = start; i < len && s[i] != '&'; i++)
			continue;
		plen = i - start;
		if (plen == 0)
			continue;
		eq = memchr(pair, '=', plen);
		klen = eq != NULL ? (size_t)(eq - pair) : plen;
		vlen = eq != NULL ? plen - klen - 1 : 0;
		key = url_decode(pool, pair, klen, &dk);
		val = url_decode(pool, eq != NULL ? eq + 1 : "", vlen, &dv);
		if (!valid_utf8(key, dk) || !valid_utf8(val, dv))
			return REQ_BAD_UTF8;
		if (dk == 0)
			continue;
		v[count].key = key;
		v[count].val = val;
		count++;
	}
	list->v = v;
	list->n = count;
	return REQ_OK;
}

void
req_parse_cookies(struct pool *pool, const char *s, struct kvlist *list)
{
	size_t cap = 1, count = 0;
	const char *p;

	list->v = NULL;
	list->n = 0;
	if (s == NULL)
		return;
	for (p = s; *p != '\0'; p++)
		if (*p == ';')
			cap++;
	list->v = pool_alloc(pool, cap * sizeof(*list->v));
	for (p = s; *p != '\0';) {
		const char *end = strchr(p, ';'), *eq;
		size_t n;

		if (end == NULL)
			end = p + strlen(p);
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		n = (size_t)(end - p);
		eq = memchr(p, '=', n);
		if (eq != NULL && eq > p) {
			const char *vs = eq + 1;
			size_t vl = (size_t)(end - vs);

			while (vl > 0 && (vs[vl - 1] == ' ' || vs[vl - 1] == '\t'))
				vl--;
			if (vl >= 2 && vs[0] == '"' && vs[vl - 1] == '"') {
				vs++;
				vl -= 2;
			}
			list->v[count].key = pool_strndup(pool, p, (size_t)(eq - p));
			list->v[count].val = pool_strndup(pool, vs, vl);
			count++;
		}
		p = *end == ';' ? end + 1 : end;
	}
	list->n = count;
}

const char *
kv_get(const struct kvlist *list, const char *key)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (strcmp(list->v[i].key, key) == 0)
			return list->v[i].val;
	return NULL;
}

size_t
kv_all(const struct kvlist *list, const char *key, const char **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < list->n; i++)
		if (strcmp(list->v[i].key, key) == 0) {
			if (n < max)
				out[n] = list->v[i].val;
			n++;
		}
	return n;
}

const char *
req_param(const struct req *r, const char *name)
{
	if (r->fcgi == NULL)
		return NULL;
	return FCGX_GetParam(name, r->fcgi->envp);
}

/* Reads and discards what is left of the body, so that the connection can
 * be reused for the next request. */
static void
drain(FCGX_Stream *in)
{
	char buf[4096];

	while (FCGX_GetStr(buf, sizeof(buf), in) > 0)
		continue;
}

static enum method
method_of(const char *m)
{
	if (m == NULL)
		return METHOD_OTHER;
	if (strcmp(m, "GET") == 0)
		return METHOD_GET;
	if (strcmp(m, "POST") == 0)
		return METHOD_POST;
	if (strcmp(m, "HEAD") == 0)
		return METHOD_HEAD;
	return METHOD_OTHER;
}

const char *
req_path(struct pool *pool, const char *uri)
{
	size_t i, n;

	if (uri == NULL || *uri == '\0')
		return "/";
	n = strlen(uri);
	if (!valid_utf8(uri, n))
		return NULL;
	for (i = 0; i < n; i++)
		if ((unsigned char)uri[i] < 0x20 || uri[i] == 0x7f)
			return NULL;
	return pool_strndup(pool, uri, n);
}

enum req_status
req_read(struct req *r, FCGX_Request *f, struct pool *pool)
{
	const char *uri, *q, *ct, *cl, *https;
	struct tm tm;
	time_t beijing;
	char *body;
	unsigned long len = 0;
	int got;

	memset(r, 0, sizeof(*r));
	r->fcgi = f;
	r->pool = pool;
	r->now = time(NULL);
	/* Dates are the county's: Beijing time, whatever the host's zone
	 * (the database sessions use +08:00 too). */
	beijing = r->now + REQ_UTC_OFFSET;
	if (gmtime_r(&beijing, &tm) != NULL)
		r->today_ymd = (tm.tm_year + 1900) * 10000 +
		    (tm.tm_mon + 1) * 100 + tm.tm_mday;
	r->method = method_of(req_param(r, "REQUEST_METHOD"));
	r->remote_addr = req_param(r, "REMOTE_ADDR");
	if (r->remote_addr == NULL)
		r->remote_addr = "";
	https = req_param(r, "HTTPS");
	r->https = https != NULL && strcasecmp(https, "on") == 0;

	/* nginx has decoded the path once already (DOCUMENT_URI): another
	 * decoding here would route what nginx never saw. */
	uri = req_param(r, "DOCUMENT_URI");
	if ((r->path = req_path(pool, uri)) == NULL) {
		r->path = "/";
		return REQ_BAD_UTF8;
	}

	q = req_param(r, "QUERY_STRING");
	if (q != NULL &&
	    req_parse_urlencoded(pool, q, strlen(q), &r->query) != REQ_OK)
		return REQ_BAD_UTF8;
	req_parse_cookies(pool, req_param(r, "HTTP_COOKIE"), &r->cookies);

	if (r->method != METHOD_POST)
		return REQ_OK;
	cl = req_param(r, "CONTENT_LENGTH");
	if (cl != NULL && *cl != '\0' && !valid_uint(cl, ULONG_MAX, &len))
		return REQ_BAD_READ;
	if (len > REQ_BODY_MAX) {
		drain(f->in);
		return REQ_TOO_LARGE;
	}
	ct = req_param(r, "CONTENT_TYPE");
	if (len > 0 && (ct == NULL || strncasecmp(ct,
	    "application/x-www-form-urlencoded", 33) != 0)) {
		drain(f->in);
		return REQ_BAD_TYPE;
	}
	body = pool_alloc(pool, len + 1);
	got = len > 0 ? FCGX_GetStr(body, (int)len, f->in) : 0;
	if (got < 0 || (unsigned long)got != len)
		return REQ_BAD_READ;
	return req_parse_urlencoded(pool, body, len, &r->form);
}
