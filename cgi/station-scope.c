#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "ref.h"
#include "render.h"
#include "scope.h"
#include "sess.h"
#include "station-scope.h"


static const struct field station_field[] = {
	{ "station", "服务站", F_UINT, 0, RECORD_ID_MAX, NULL, NULL },
};

bool
station_admin(const struct req *r)
{
	return r->sess != NULL && r->sess->role != ROLE_STATION_OPERATOR;
}

/* Reads station id into *st: DB_OK, DB_NOTFOUND or a failure. */
static enum db_status
load(struct req *r, long long id, struct station *st)
{
	struct db_param p[] = { DP_INT(id) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_query_one(r->db, r->pool, SQL_STATION_GET, p, 1, &rows)) !=
	    DB_OK)
		return s;
	st->id = strtoll(DB_CELL(&rows, 0, 0), NULL, 10);
	st->township_id = strtoll(DB_CELL(&rows, 0, 1), NULL, 10);
	st->name = DB_CELL(&rows, 0, 2);
	st->township = DB_CELL(&rows, 0, 3);
	return DB_OK;
}

int
station_of_record(struct req *r, long long station_id, struct station *st)
{
	enum db_status s = load(r, station_id, st);

	if (s == DB_NOTFOUND) {
		render_error(r, 404, "没有找到这个服务站。");
		return -1;
	}
	if (s != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return -1;
	}
	if (!scope_allows(r, st->township_id, st->id)) {
		render_error(r, 403, "您没有权限查看其他服务站的记录。");
		return -1;
	}
	return 0;
}

/* The page that lets an admin pick one of the stations in scope. */
static void
show_choice(struct req *r)
{
	long long township = r->sess->role == ROLE_TOWNSHIP_ADMIN ?
	    r->sess->township_id : 0;
	struct db_rows rows;
	xmlNodePtr root, list;
	size_t i;

	if (ref_stations(r, township, &rows) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	root = page_new(r, "station-choose", "选择服务站");
	x_attr(root, "target", r->path);
	list = x_el(root, "stations");
	for (i = 0; i < rows.nrows; i++) {
		xmlNodePtr e = x_el(list, "station");

		x_attr(e, "id", DB_CELL(&rows, i, 0));
		x_attr(e, "name", DB_CELL(&rows, i, 1));
		x_attr(e, "township", DB_CELL(&rows, i, 2));
	}
	(void)render_page(r, 200, root);
}

int
station_of_page(struct req *r, struct station *st)
{
	struct form f;
	struct kvlist body = r->form;
	long long want = 0;

	/* The parameter may come in the query or, for a POST, the body. */
	if (kv_get(&r->form, "station") == NULL)
		r->form = r->query;
	form_check(r, &f, station_field, 1, NULL);
	r->form = body;
	if (f.nerr > 0) {
		render_error(r, 404, "没有找到这个服务站。");
		return -1;
	}
	if (f.val[0].present)
		want = (long long)f.val[0].v.u;
	if (r->sess->role == ROLE_STATION_OPERATOR) {
		if (want != 0 && want != r->sess->station_id) {
			render_error(r, 403, "您没有权限查看其他服务站的记录。");
			return -1;
		}
		want = r->sess->station_id;
	}
	if (want == 0) {
		if (r->method == METHOD_POST)
			render_error(r, 422, "请先选择服务站。");
		else
			show_choice(r);
		return -1;
	}
	return station_of_record(r, want, st);
}

void
station_xml(const struct station *st, xmlNodePtr root)
{
	xmlNodePtr e = x_el(root, "station");

	x_attr_int(e, "id", st->id);
	x_attr(e, "name", st->name);
	x_attr(e, "township", st->township);
}
