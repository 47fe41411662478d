#include <stdio.h>
#include <string.h>

#include "resp.h"

const char *
resp_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default:  return "Unknown";
	}
}

void
resp_head(struct req *r, int status, const char *ctype, const char *extra)
{
	FCGX_Stream *out = r->fcgi->out;
	size_t i;

	if (r->sent)
		return;
	r->sent = true;
	/* A cookie that did not fit would have been lost: the response is
	 * wrong, so it says so instead of pretending to succeed. */
	if (r->cookie_overflow) {
		status = 500;
		ctype = "text/plain; charset=utf-8";
		extra = NULL;
		r->ncookie_out = 0;
	}
	FCGX_FPrintF(out,
	    "Status: %d %s\r\n"
	    "Content-Type: %s\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Referrer-Policy: same-origin\r\n"
	    "Content-Security-Policy: default-src 'none'; style-src 'self';"
	    " img-src 'self' data:; form-action 'self'; base-uri 'none';"
	    " frame-ancestors 'none'\r\n",
	    status, resp_reason(status), ctype);
	for (i = 0; i < r->ncookie_out; i++)
		FCGX_FPrintF(out, "Set-Cookie: %s\r\n", r->cookie_out[i]);
	if (extra != NULL)
		FCGX_PutS(extra, out);
	FCGX_PutS("\r\n", out);
}

void
resp_cookie(struct req *r, const char *name, const char *value, long max_age,
    unsigned flags)
{
	char age[48] = "";

	if (r->ncookie_out >= REQ_COOKIES_OUT_MAX) {
		fprintf(stderr, "resp: cookie %s on %s is one more than %d;"
		    " answering 500\n", name, r->path != NULL ? r->path : "?",
		    REQ_COOKIES_OUT_MAX);
		r->cookie_overflow = true;
		return;
	}
	if (!(flags & COOKIE_SESSION) || max_age == 0)
		snprintf(age, sizeof(age), "; Max-Age=%ld", max_age);
	r->cookie_out[r->ncookie_out++] = pool_printf(r->pool,
	    "%s=%s; Path=/; HttpOnly; SameSite=%s%s%s", name, value,
	    (flags & COOKIE_STRICT) ? "Strict" : "Lax",
	    r->https ? "; Secure" : "", age);
}

void
resp_redirect(struct req *r, const char *path)
{
	/* Only local paths, so the Location can never point elsewhere. */
	if (path[0] != '/' || path[1] == '/' || strpbrk(path, "\r\n\\") != NULL)
		path = "/";
	resp_head(r, 303, "text/html; charset=utf-8",
	    pool_printf(r->pool, "Location: %s\r\n", path));
}

void
resp_write(struct req *r, const char *s, size_t n)
{
	if (n > 0)
		FCGX_PutStr(s, (int)n, r->fcgi->out);
}
