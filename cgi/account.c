#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "audit.h"
#include "crypt.h"
#include "render.h"
#include "throttle.h"

enum db_status
account_by_username(struct req *r, const char *username,
    struct account_login *a)
{
	struct db_param p[] = { DP_STR(username) };
	struct db_rows rows;
	enum db_status s;

	memset(a, 0, sizeof(*a));
	if ((s = db_query(r->db, r->pool, SQL_STAFF_BY_USERNAME, p, 1,
	    &rows)) != DB_OK)
		return s;
	if (rows.nrows != 1)
		return DB_NOTFOUND;
	a->id = db_num(DB_CELL(&rows, 0, 0));
	a->password_hash = DB_CELL(&rows, 0, 1);
	a->active = strcmp(DB_CELL(&rows, 0, 2), "1") == 0;
	a->role = role_parse(DB_CELL(&rows, 0, 3));
	return DB_OK;
}

enum db_status
account_get(struct req *r, long long id, struct account *a)
{
	struct db_param p[] = { DP_INT(id) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_query_one(r->db, r->pool, SQL_STAFF_GET, p, 1, &rows)) != DB_OK)
		return s;
	a->id = db_num(DB_CELL(&rows, 0, 0));
	a->username = DB_CELL(&rows, 0, 1);
	a->display_name = DB_CELL(&rows, 0, 2);
	a->role = role_parse(DB_CELL(&rows, 0, 3));
	a->township_id = db_num(DB_CELL(&rows, 0, 4));
	a->township = DB_CELL(&rows, 0, 5);
	a->station_id = db_num(DB_CELL(&rows, 0, 6));
	a->station = DB_CELL(&rows, 0, 7);
	a->active = db_num(DB_CELL(&rows, 0, 8)) != 0;
	a->must_change_password = db_num(DB_CELL(&rows, 0, 9)) != 0;
	a->created = DB_CELL(&rows, 0, 10);
	return DB_OK;
}

enum db_status
account_list_xml(struct req *r, xmlNodePtr parent)
{
	struct scope sc = scope_of(r);
	struct db_param p[] = { DP_INT(sc.township_id), DP_INT(sc.township_id) };
	struct db_rows rows;
	enum db_status s;
	xmlNodePtr list;
	size_t i;

	if ((s = db_query(r->db, r->pool, SQL_STAFF_LIST, p, 2, &rows)) != DB_OK)
		return s;
	list = x_el(parent, "accounts");
	for (i = 0; i < rows.nrows; i++) {
		xmlNodePtr a = x_el(list, "account");

		x_attr(a, "id", DB_CELL(&rows, i, 0));
		x_attr(a, "username", DB_CELL(&rows, i, 1));
		x_attr(a, "name", DB_CELL(&rows, i, 2));
		x_attr(a, "role", DB_CELL(&rows, i, 3));
		x_attr(a, "role-label",
		    role_label(role_parse(DB_CELL(&rows, i, 3))));
		x_attr(a, "township", DB_CELL(&rows, i, 4));
		x_attr(a, "station", DB_CELL(&rows, i, 5));
		x_attr(a, "active", DB_CELL(&rows, i, 6));
		x_attr(a, "must-change", DB_CELL(&rows, i, 7));
	}
	return DB_OK;
}

/* "username=…; role=…; township=…; station=…" for the audit trail. */
static const char *
describe(struct req *r, const char *username, enum role role,
    long long township_id, long long station_id)
{
	return pool_printf(r->pool, "username=%s; role=%s; township=%lld; "
	    "station=%lld", username, role_code(role), township_id, station_id);
}

static enum db_status
account_create_once(struct req *r, const struct account_new *a,
    const char *password, unsigned long long *id)
{
	const char *hash = crypt_password_hash(r->pool, password);
	enum db_status s;

	if (hash == NULL)
		return DB_ERROR;
	{
		struct db_param p[] = {
			DP_STR(a->username), DP_STR(a->display_name),
			DP_STR(role_code(a->role)),
			a->township_id > 0 ? DP_INT(a->township_id) : DP_NULL,
			a->station_id > 0 ? DP_INT(a->station_id) : DP_NULL,
			DP_STR(hash),
		};

		if ((s = db_begin(r->db)) != DB_OK)
			return s;
		if ((s = db_exec(r->db, SQL_STAFF_INSERT, p,
		    sizeof(p) / sizeof(p[0]), NULL, id)) != DB_OK)
			goto fail;
	}
	if ((s = audit_log(r, "create", "staff", (long long)*id, NULL,
	    describe(r, a->username, a->role, a->township_id,
	    a->station_id))) != DB_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return s;
}

/* account_create_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
account_create(struct req *r, const struct account_new *a,
    const char *password, unsigned long long *id)
{
	enum db_status s;

	DB_RETRY(r->db, s, account_create_once(r, a, password, id));
	return s;
}

static enum db_status
account_set_active_once(struct req *r, const struct account *a, bool active)
{
	struct db_param p[] = { DP_INT(active ? 1 : 0), DP_INT(a->id) };
	enum db_status s;

	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = db_exec(r->db, SQL_STAFF_SET_ACTIVE, p, 2, NULL, NULL)) !=
	    DB_OK ||
	    (!active && (s = sess_end_staff(r, a->id)) != DB_OK) ||
	    (s = audit_log(r, active ? "enable" : "disable", "staff", a->id,
	    a->active ? "active=1" : "active=0",
	    active ? "active=1" : "active=0")) != DB_OK) {
		db_rollback(r->db);
		return s;
	}
	return db_commit(r->db);
}

/* account_set_active_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
account_set_active(struct req *r, const struct account *a, bool active)
{
	enum db_status s;

	DB_RETRY(r->db, s, account_set_active_once(r, a, active));
	return s;
}

static enum db_status
account_set_password_once(struct req *r, const struct account *a,
    const char *password, bool must_change)
{
	const char *hash = crypt_password_hash(r->pool, password);
	struct db_param p[3];
	enum db_status s;

	if (hash == NULL)
		return DB_ERROR;
	p[0] = DP_STR(hash);
	p[1] = DP_INT(must_change ? 1 : 0);
	p[2] = DP_INT(a->id);
	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = db_exec(r->db, SQL_STAFF_SET_PASSWORD, p, 3, NULL, NULL)) !=
	    DB_OK ||
	    (s = sess_end_staff(r, a->id)) != DB_OK ||
	    (must_change && (s = throttle_clear_name(r, a->username)) !=
	    DB_OK) ||
	    (s = audit_log(r, must_change ? "reset_password" :
	    "change_password", "staff", a->id, NULL,
	    must_change ? "must_change_password=1" :
	    "must_change_password=0")) != DB_OK) {
		db_rollback(r->db);
		return s;
	}
	return db_commit(r->db);
}

/* account_set_password_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
account_set_password(struct req *r, const struct account *a,
    const char *password, bool must_change)
{
	enum db_status s;

	DB_RETRY(r->db, s, account_set_password_once(r, a, password,
	    must_change));
	return s;
}

enum db_status
account_password_ok(struct req *r, long long id, const char *password, int *ok)
{
	struct db_param p[] = { DP_INT(id) };
	struct db_rows rows;
	enum db_status s;

	*ok = 0;
	if ((s = db_query_one(r->db, r->pool, SQL_STAFF_PASSWORD, p, 1, &rows)) !=
	    DB_OK)
		return s;
	*ok = crypt_password_verify(DB_CELL(&rows, 0, 0), password);
	if (*ok < 0) {
		*ok = 0;
		return DB_ERROR;
	}
	return DB_OK;
}

bool
account_username_ok(const char *u)
{
	size_t n = u != NULL ? strlen(u) : 0, i;

	if (n < 3 || n > 32 || u[0] < 'a' || u[0] > 'z')
		return false;
	for (i = 1; i < n; i++)
		if (!((u[i] >= 'a' && u[i] <= 'z') ||
		    (u[i] >= '0' && u[i] <= '9') || u[i] == '_'))
			return false;
	return true;
}

enum db_status
station_get(struct req *r, long long id, long long *township_id, bool *active)
{
	struct db_param p[] = { DP_INT(id) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_query_one(r->db, r->pool, SQL_STATION_BRIEF, p, 1, &rows)) !=
	    DB_OK)
		return s;
	*township_id = db_num(DB_CELL(&rows, 0, 0));
	*active = db_num(DB_CELL(&rows, 0, 1)) != 0;
	return DB_OK;
}

enum db_status
station_list_xml(struct req *r, xmlNodePtr parent, struct scope sc)
{
	struct db_param p[] = { DP_INT(sc.township_id), DP_INT(sc.township_id),
	    DP_INT(sc.station_id), DP_INT(sc.station_id) };
	struct db_rows rows;
	enum db_status s;
	xmlNodePtr list;
	size_t i;

	if ((s = db_query(r->db, r->pool, SQL_STATION_LIST, p, 4, &rows)) !=
	    DB_OK)
		return s;
	list = x_el(parent, "stations");
	for (i = 0; i < rows.nrows; i++) {
		xmlNodePtr st = x_el(list, "station");

		x_attr(st, "id", DB_CELL(&rows, i, 0));
		x_attr(st, "name", DB_CELL(&rows, i, 1));
		x_attr(st, "township", DB_CELL(&rows, i, 2));
		x_attr(st, "village", DB_CELL(&rows, i, 3));
		x_attr(st, "address", DB_CELL(&rows, i, 4));
		x_attr(st, "active", DB_CELL(&rows, i, 5));
		x_attr(st, "volunteers", DB_CELL(&rows, i, 6));
	}
	return DB_OK;
}
