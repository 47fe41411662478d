/* The audit trail: who did what to which record, from where, with the
 * values before and after. Rows are only ever inserted. */
#ifndef LX_AUDIT_H
#define LX_AUDIT_H
#include "db.h"
#include "req.h"

/* Records an action by the signed-in staff member (or nobody) on entity
 * entity_id (0: none). before and after may be NULL; use a short
 * "field=value; …" text. Call inside the transaction of the change it
 * records, so that both land or neither does. */
enum db_status audit_log(struct req *r, const char *action,
    const char *entity, long long entity_id, const char *before,
    const char *after);

#endif
