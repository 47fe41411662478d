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

/* Fills e from row i of a SQL_AUDIT_LIST result. */
static void
audit_from_rows(const struct db_rows *rows, size_t i, struct audit_entry *e)
{
	e->id = DB_CELL(rows, i, 0);
	e->at = DB_CELL(rows, i, 1);
	e->username = DB_CELL(rows, i, 2);
	e->name = DB_CELL(rows, i, 3);
	e->ip = DB_CELL(rows, i, 4);
	e->action = DB_CELL(rows, i, 5);
	e->entity = DB_CELL(rows, i, 6);
	e->entity_id = DB_CELL(rows, i, 7);
	e->before = DB_CELL(rows, i, 8);
	e->after = DB_CELL(rows, i, 9);
	e->record = DB_CELL(rows, i, 10);
}

enum db_status
audit_list(struct req *r, const struct audit_filter *f, size_t per_page,
    struct audit_entry **e, size_t *n, bool *more)
{
	const char *action = f->action != NULL ? f->action : "";
	const char *entity = f->entity != NULL ? f->entity : "";
	long long page = f->page > 0 ? f->page : 1;
	struct db_param p[] = {
		DP_INT(f->staff_id), DP_INT(f->staff_id),
		DP_STR(action), DP_STR(action), DP_STR(entity), DP_STR(entity),
		DP_INT(f->entity_id), DP_INT(f->entity_id),
		DP_STR(f->from), DP_STR(f->from), DP_STR(f->to), DP_STR(f->to),
		/* One row more than a page tells whether there is a next. */
		DP_INT(per_page + 1), DP_INT((page - 1) * (long long)per_page),
	};
	struct db_rows rows;
	enum db_status s;
	size_t i;

	*e = NULL;
	*n = 0;
	*more = false;
	if ((s = db_query(r->db, r->pool, SQL_AUDIT_LIST, p,
	    sizeof(p) / sizeof(p[0]), &rows)) != DB_OK)
		return s;
	*more = rows.nrows > per_page;
	*n = rows.nrows < per_page ? rows.nrows : per_page;
	*e = pool_alloc(r->pool, (*n + 1) * sizeof(**e));
	for (i = 0; i < *n; i++)
		audit_from_rows(&rows, i, &(*e)[i]);
	return DB_OK;
}
