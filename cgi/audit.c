#include "audit.h"
#include "sess.h"

enum db_status
audit_log(struct req *r, const char *action, const char *entity,
    long long entity_id, const char *before, const char *after)
{
	struct db_param p[] = {
		r->sess != NULL ? DP_INT(r->sess->staff_id) : DP_NULL,
		DP_STR(r->remote_addr), DP_STR(action), DP_STR(entity),
		entity_id > 0 ? DP_INT(entity_id) : DP_NULL,
		DP_STR(before), DP_STR(after),
	};

	return db_exec(r->db, SQL_AUDIT_INSERT, p, sizeof(p) / sizeof(p[0]),
	    NULL, NULL);
}
