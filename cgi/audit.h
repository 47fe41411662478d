/* The audit trail: who did what to which record, from where, with the
 * values before and after. Rows are only ever inserted. */
#ifndef LX_AUDIT_H
#define LX_AUDIT_H
#include <stdbool.h>

#include "db.h"
#include "req.h"

/* Records an action by the signed-in staff member (or nobody) on entity
 * entity_id (0: none). before and after may be NULL; use a short
 * "field=value; …" text. Call inside the transaction of the change it
 * records, so that both land or neither does. */
enum db_status audit_log(struct req *r, const char *action,
    const char *entity, long long entity_id, const char *before,
    const char *after);

/* What the trail is read for; 0, "" or NULL: no filter. */
struct audit_filter {
	long long staff_id, entity_id;
	const char *action, *entity;
	const char *from, *to;        /* YYYY-MM-DD, both days included */
	long long page;               /* from 1 */
};

/* One row of the trail, as text. */
struct audit_entry {
	const char *id, *at, *username, *name, *ip, *action, *entity;
	const char *entity_id;        /* "0": none */
	const char *before, *after;   /* "field=value; …", "" when none */
	const char *record;           /* the record's name, "" when unknown */
};

/* Page f->page of the rows that pass f, newest first, per_page a page:
 * *n entries in *e (the pool's), *more when a later page has any. */
enum db_status audit_list(struct req *r, const struct audit_filter *f,
    size_t per_page, struct audit_entry **e, size_t *n, bool *more);

#endif
