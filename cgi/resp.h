/* Response headers: status, type, security headers, cookies, redirects. */
#ifndef LX_RESP_H
#define LX_RESP_H
#include <stdbool.h>

#include "req.h"

enum cookie_flags {
	COOKIE_SESSION = 1,   /* no Max-Age: ends with the browser */
	COOKIE_STRICT  = 2,   /* SameSite=Strict instead of Lax */
};

/* Writes the status line, Content-Type and the security headers every
 * response carries, then any queued cookies, then extra (may be NULL; each
 * line ends in \r\n), then the blank line. */
void resp_head(struct req *r, int status, const char *ctype, const char *extra);
/* Queues a Set-Cookie header (HttpOnly, Path=/, Secure over HTTPS).
 * max_age 0 deletes the cookie. name and value must be cookie-safe. More
 * than REQ_COOKIES_OUT_MAX is a bug: it is logged and the response
 * becomes a 500 without cookies. */
void resp_cookie(struct req *r, const char *name, const char *value,
    long max_age, unsigned flags);
/* 303 See Other to a local path. */
void resp_redirect(struct req *r, const char *path);
/* Writes body bytes. */
void resp_write(struct req *r, const char *s, size_t n);
/* The reason phrase for a status code. */
const char *resp_reason(int status);

#endif
