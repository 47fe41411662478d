#include <stdlib.h>

#include "db.h"
#include "scope.h"
#include "sess.h"
#include "valid.h"

static const struct {
	const char *code;
	enum sql_id sql;
} kinds[SCOPE__MAX] = {
	[SCOPE_NONE] = { "-", SQL__MAX },
	[SCOPE_VOLUNTEER] = { "volunteer", SQL_SCOPE_VOLUNTEER },
	[SCOPE_STAFF] = { "staff", SQL_SCOPE_STAFF },
	[SCOPE_ELDER] = { "elder", SQL_SCOPE_ELDER },
	[SCOPE_SERVICE] = { "service", SQL_SCOPE_SERVICE },
	[SCOPE_SERVICE_TYPE] = { "service_type", SQL_SCOPE_SERVICE_TYPE },
	[SCOPE_CLASS] = { "class", SQL_SCOPE_CLASS },
	[SCOPE_CERTIFICATE] = { "certificate", SQL_SCOPE_CERTIFICATE },
};

const char *
scope_code(enum scope_kind kind)
{
	return kind < SCOPE__MAX ? kinds[kind].code : "?";
}

struct scope
scope_of(const struct req *r)
{
	struct scope s = { 0, 0 };

	if (r->sess == NULL)
		return s;
	switch (r->sess->role) {
	case ROLE_COUNTY_ADMIN:
		break;
	case ROLE_TOWNSHIP_ADMIN:
		s.township_id = r->sess->township_id;
		break;
	case ROLE_STATION_OPERATOR:
		s.township_id = r->sess->township_id;
		s.station_id = r->sess->station_id;
		break;
	case ROLE_NONE:
	case ROLE__MAX:
		/* No role (a zeroed session): see nothing. */
		s.township_id = s.station_id = -1;
		break;
	}
	return s;
}

bool
scope_allows(const struct req *r, long long township_id, long long station_id)
{
	if (r->sess == NULL)
		return false;
	switch (r->sess->role) {
	case ROLE_COUNTY_ADMIN:
		return true;
	case ROLE_TOWNSHIP_ADMIN:
		return township_id > 0 && township_id == r->sess->township_id;
	case ROLE_STATION_OPERATOR:
		return station_id > 0 && station_id == r->sess->station_id;
	case ROLE_NONE:
	case ROLE__MAX:
		break;
	}
	return false;
}

int
scope_check(struct req *r, enum scope_kind kind)
{
	unsigned long id;
	struct db_rows rows;
	struct db_param p[1];

	if (kind == SCOPE_NONE)
		return 0;
	if (kind >= SCOPE__MAX || !valid_uint(r->args[0], RECORD_ID_MAX, &id) ||
	    id == 0)
		return 404;
	p[0] = DP_INT(id);
	if (db_query(r->db, r->pool, kinds[kind].sql, p, 1, &rows) != DB_OK)
		return 503;
	if (rows.nrows != 1)
		return 404;
	if (!scope_allows(r, db_num(DB_CELL(&rows, 0, 0)),
	    db_num(DB_CELL(&rows, 0, 1))))
		return 403;
	r->entity_id = (long long)id;
	return 0;
}
