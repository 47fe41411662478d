/* The responder: threads accepting FastCGI requests, the route table,
 * the checks every request passes before its handler (method, CSRF,
 * staff scope), and a clean stop on SIGTERM/SIGINT. */
#ifndef LX_SRV_H
#define LX_SRV_H
#include "req.h"

typedef void (*page_fn)(struct req *r);

/* Who may use a route. The responder checks it before the handler runs. */
enum access {
	ACCESS_ANYONE = 0,
	ACCESS_STAFF,       /* any signed-in staff member */
	ACCESS_STATION,     /* station operators (and admins above them) */
	ACCESS_ADMIN,       /* township or county admins */
	ACCESS_COUNTY,      /* county admins only */
};

struct route {
	const char *pattern;   /* "/classes/x" exact; '*' matches one segment */
	unsigned methods;      /* METHOD_GET | METHOD_POST */
	enum access access;
	page_fn fn;
};

struct program {
	const char *name;
	const struct route *routes;
	size_t nroutes;
	/* Signs the request's staff member in from the session cookie
	 * (staff responder only; NULL elsewhere). Returns 0, or an HTTP
	 * status to answer with (503 when the database is down). */
	int (*authenticate)(struct req *r);
};

/* Runs the responder: parses --socket PATH and --threads N, initialises the
 * libraries and the stylesheet, serves until a stop signal. Returns the
 * process exit status. */
int srv_main(int argc, char **argv, const struct program *prog);

/* Matches path against pattern, filling args with the '*' segments.
 * Exposed for unit tests. */
int srv_match(const char *pattern, const char *path,
    const char *args[REQ_ARGS_MAX], struct pool *pool);

/* Gives the client a new CSRF cookie and token (at sign-in and sign-out). */
void csrf_renew(struct req *r);

/* GET /healthz: 200 "ok" when the database answers, 503 otherwise. */
void page_healthz(struct req *r);

#endif
