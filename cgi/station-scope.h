/* Which station a /station/ page works on, and whether the signed-in staff
 * member may: an operator only ever its own station; a township admin the
 * stations of its township, a county admin any, both chosen with the
 * `station` parameter. Shared by the service-logging pages. */
#ifndef LX_STATION_SCOPE_H
#define LX_STATION_SCOPE_H
#include <stdbool.h>

#include <libxml/tree.h>

#include "form.h"
#include "req.h"
#include "srv.h"

/* The largest record id a form or path may name (INT UNSIGNED). */

struct station {
	long long id, township_id;
	const char *name, *township;
};

/* The station of the page: the operator's own, or for an admin the one
 * the `station` parameter (query string, or form for a POST) names.
 * Returns 0 with *st filled. Otherwise it has answered already (403 out
 * of scope, 503, or for an admin who named none, the list of stations in
 * scope to choose from) and returns -1. */
int station_of_page(struct req *r, struct station *st);
/* The station a stored record belongs to, when it is in scope: 0 with *st
 * filled, or -1 after answering 403 (404 when there is no such station)
 * or 503. */
int station_of_record(struct req *r, long long station_id,
    struct station *st);
/* Whether the staff member's role reaches beyond one station (township
 * and county admins). */
bool station_admin(const struct req *r);
/* Adds <station id= name= township=/> to a page. */
void station_xml(const struct station *st, xmlNodePtr root);


#endif
