/* Scope: the rows a staff member may see and change. county_admin sees
 * everything, township_admin its township, station_operator its station.
 * The responder checks the record a route names before the handler runs
 * (scope_check); lists pass scope_of() to their queries, so that rows of
 * other scopes are never read. */
#ifndef LX_SCOPE_H
#define LX_SCOPE_H
#include <stdbool.h>

#include "req.h"

/* Kinds of record a route's '*' may name. Add a kind here, its name in
 * scope.c and a statement returning (township_id, station_id) of one
 * record; a NULL township means "county level": county admins only. */
enum scope_kind {
	SCOPE_NONE = 0,
	SCOPE_VOLUNTEER,   /* volunteer.id: its township, its station */
	SCOPE_STAFF,       /* staff.id: station operators by township */
	SCOPE_ELDER,       /* elder.id: its station and that station's township */
	SCOPE_SERVICE,     /* service.id: likewise */
	SCOPE_SERVICE_TYPE,/* service_type.id: county level */
	SCOPE_CLASS,       /* class.id: its township */
	SCOPE_CERTIFICATE, /* certificate.id: its volunteer's */
	SCOPE__MAX
};

/* List limits: 0 means no limit on that column. */
struct scope {
	long long township_id;
	long long station_id;
};

/* The signed-in staff member's limits (both 0 for a county admin, or for
 * nobody signed in). */
struct scope scope_of(const struct req *r);
/* Whether the signed-in staff member may see a record of township_id and
 * station_id (0: the record has none). */
bool scope_allows(const struct req *r, long long township_id,
    long long station_id);
/* Checks the record r->args[0] names: 0 when it exists and is in scope
 * (r->entity_id is then set), else 404, 403, or 503 (database down). */
int scope_check(struct req *r, enum scope_kind kind);
/* The kind's name as --routes prints it ("volunteer"; "-" for none). */
const char *scope_code(enum scope_kind kind);

#endif
