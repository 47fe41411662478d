/* The responder: threads accepting FastCGI requests, the route table,
 * the checks every request passes before its handler (method, CSRF,
 * staff scope), and a clean stop on SIGTERM/SIGINT. */
#ifndef LX_SRV_H
#define LX_SRV_H
#include "req.h"
#include "scope.h"
#include "valid.h"   /* RECORD_ID_MAX */

typedef void (*page_fn)(struct req *r);

/* Who may use a route. The responder checks it before the handler runs. */
enum access {
	ACCESS_ANYONE = 0,
	ACCESS_STAFF,       /* any signed-in staff member */
	ACCESS_STATION,     /* station operators (and admins above them) */
	ACCESS_ADMIN,       /* township or county admins */
	ACCESS_COUNTY,      /* county admins only */
};

/* Route flags. */
enum route_flag {
	/* Open while the staff member still has to change a generated
	 * password (every other staff route redirects to ROUTE_PASSWORD_PATH). */
	ROUTE_BEFORE_PASSWORD = 1,
	/* Straight to the handler: no session, CSRF or access check (health
	 * checks, which must not touch sessions). */
	ROUTE_BARE = 2,
	/* A form whose handler, when the staff member has just signed in
	 * again on the posted page (r->resumed), shows the posted values
	 * again instead of saving them (see struct program's resume). */
	ROUTE_RESUMABLE = 4,
	/* A staff page kept and sent again while the data it shows is the
	 * same (render_kept): its handler's page depends on nothing but the
	 * path, the query, the signed-in staff member, the date and the
	 * database tables the data's revision covers (sql/018). */
	ROUTE_KEPT = 8,
};
#define ROUTE_PASSWORD_PATH "/admin/password"

struct route {
	const char *pattern;   /* "/classes/x" exact; '*' matches one segment */
	unsigned methods;      /* METHOD_GET | METHOD_POST */
	enum access access;
	page_fn fn;
	/* The kind of record the first '*' names: the responder checks that
	 * it exists (404) and is in the staff member's scope (403) before the
	 * handler runs, and puts its id in r->entity_id. */
	enum scope_kind scope;
	unsigned flags;        /* enum route_flag */
};

struct program {
	const char *name;
	const struct route *routes;
	size_t nroutes;
	/* Signs the request's staff member in from the session cookie
	 * (staff responder only; NULL elsewhere). Returns 0, or an HTTP
	 * status to answer with (503 when the database is down). */
	int (*authenticate)(struct req *r);
	/* A POST to a staff route without a live session (staff responder
	 * only; NULL elsewhere): answers with a sign-in form that keeps what
	 * was posted when the route is ROUTE_RESUMABLE, or signs in from the
	 * posted relogin.username and relogin.password when csrf_ok. Returns
	 * true when it answered; false when it signed the request in (r->sess
	 * set, r->resumed when rt keeps its fields) and the route goes on as
	 * usual. gettable: the path also takes a GET (where to go after a
	 * sign-in on a route that does not keep its fields). */
	bool (*resume)(struct req *r, const struct route *rt, bool csrf_ok,
	    bool gettable);
};

/* Runs the responder: parses --socket PATH and --threads N, initialises the
 * libraries and the stylesheet, serves until a stop signal. Returns the
 * process exit status. With --routes it only prints the route table, one
 * route a line: pattern, methods, access, scope, "kept" or "-"
 * (tab-separated). */
int srv_main(int argc, char **argv, const struct program *prog);

/* Matches path against pattern, filling args with the '*' segments.
 * Exposed for unit tests. */
int srv_match(const char *pattern, const char *path,
    const char *args[REQ_ARGS_MAX], struct pool *pool);

/* The route for path and method: exact patterns before those with '*',
 * then table order. Fills args with the '*' segments and *allowed with
 * the methods of every route naming the path (for 405); NULL if none
 * allows method. Exposed for unit tests. */
const struct route *srv_route(const struct route *routes, size_t n,
    const char *path, enum method method, const char *args[REQ_ARGS_MAX],
    struct pool *pool, unsigned *allowed);

/* The code of an access level as --routes prints it ("admin"). */
const char *access_code(enum access a);

/* Gives the client a new CSRF cookie and token (at sign-in and sign-out). */
void csrf_renew(struct req *r);

/* The record id in path segment r->args[0], or 0 when it is not a
 * number (1..2^32-1). */
long long path_id(const struct req *r);

/* GET /healthz: 200 "ok" when the database answers, 503 otherwise. */
void page_healthz(struct req *r);

#endif
