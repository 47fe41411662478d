#include <string.h>

#include "ref.h"
#include "render.h"

/* Codes are stored (MariaDB SET columns): never rename one, only add. */
const struct choice ref_skills[] = {
	{ "meal", "助餐（做饭、送餐）" },
	{ "clean", "助洁（打扫卫生）" },
	{ "bath", "助浴" },
	{ "medical", "助医（陪同就医、代取药）" },
	{ "walk", "助行（陪同出行）" },
	{ "errand", "代购代办" },
	{ "company", "精神慰藉（聊天陪伴）" },
	{ "health", "健康监测（量血压等）" },
	{ "patrol", "安全巡访" },
	{ "repair", "小修小补" },
	{ "other", "其他" },
	{ NULL, NULL }
};

const struct choice ref_availability[] = {
	{ "weekday_am", "工作日上午" },
	{ "weekday_pm", "工作日下午" },
	{ "weekday_eve", "工作日晚上" },
	{ "weekend", "周末" },
	{ "holiday", "节假日" },
	{ "flexible", "时间灵活，随叫随到" },
	{ NULL, NULL }
};

enum db_status
ref_townships(struct req *r, struct db_rows *rows)
{
	return db_query(r->db, r->pool, SQL_TOWNSHIPS, NULL, 0, rows);
}

enum db_status
ref_villages(struct req *r, unsigned long township, struct db_rows *rows)
{
	struct db_param p[] = { DP_INT(township) };

	if (township == REF_ALL_VILLAGES)
		return db_query(r->db, r->pool, SQL_VILLAGES, NULL, 0, rows);
	return db_query(r->db, r->pool, SQL_TOWNSHIP_VILLAGES, p, 1, rows);
}

/* DB_OK if statement id finds exactly one row for key, DB_NOTFOUND if
 * not. */
static enum db_status
one_row(struct req *r, enum sql_id id, long long key)
{
	struct db_param p[] = { DP_INT(key) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_query(r->db, r->pool, id, p, 1, &rows)) != DB_OK)
		return s;
	return rows.nrows == 1 ? DB_OK : DB_NOTFOUND;
}

enum db_status
ref_township_active(struct req *r, long long township)
{
	return one_row(r, SQL_TOWNSHIP_EXISTS, township);
}

enum db_status
ref_village_active(struct req *r, unsigned long village)
{
	return one_row(r, SQL_CLASS_VILLAGE, (long long)village);
}

enum db_status
ref_stations(struct req *r, long long township, struct db_rows *rows)
{
	struct db_param p[] = { DP_INT(township), DP_INT(township) };

	return db_query(r->db, r->pool, SQL_STATION_CHOICES, p, 2, rows);
}

enum db_status
ref_service_types(struct req *r, struct db_rows *rows)
{
	return db_query(r->db, r->pool, SQL_SERVICE_TYPES, NULL, 0, rows);
}

enum db_status
ref_places_xml(struct req *r, xmlNodePtr parent, unsigned long township)
{
	struct db_rows t, v;
	enum db_status s;
	xmlNodePtr places = x_el(parent, "places");
	size_t i, j = 0;

	memset(&v, 0, sizeof(v));
	if ((s = ref_townships(r, &t)) != DB_OK)
		return s;
	if (township != REF_NO_VILLAGES) {
		/* A township not offered chooses nothing. */
		for (i = 0; i < t.nrows &&
		    (unsigned long)db_num(DB_CELL(&t, i, 0)) != township; i++)
			;
		if (i == t.nrows)
			township = REF_ALL_VILLAGES;
	}
	if (township != REF_NO_VILLAGES)
		s = ref_villages(r, township, &v);
	if (township != REF_NO_VILLAGES && township != REF_ALL_VILLAGES)
		x_attr_int(places, "township", (long long)township);
	if (s != DB_OK)
		return s;
	/* Both lists come in the county's order, villages grouped by
	 * township: one pass over each. */
	for (i = 0; i < t.nrows; i++) {
		xmlNodePtr tx = x_el(places, "township");

		x_attr(tx, "id", DB_CELL(&t, i, 0));
		x_attr(tx, "name", DB_CELL(&t, i, 1));
		for (; j < v.nrows && strcmp(DB_CELL(&v, j, 1),
		    DB_CELL(&t, i, 0)) == 0; j++) {
			xmlNodePtr vx = x_el(tx, "village");

			x_attr(vx, "id", DB_CELL(&v, j, 0));
			x_attr(vx, "name", DB_CELL(&v, j, 2));
		}
	}
	return DB_OK;
}

enum db_status
ref_village_in_township(struct req *r, unsigned long village,
    unsigned long township)
{
	struct db_param p[] = { DP_INT(village), DP_INT(township) };
	struct db_rows rows;
	enum db_status s;

	s = db_query(r->db, r->pool, SQL_VILLAGE_IN_TOWNSHIP, p, 2, &rows);
	if (s != DB_OK)
		return s;
	return rows.nrows == 1 ? DB_OK : DB_NOTFOUND;
}

const char *
ref_revision_of(struct req *r, const struct db_rows *rows, size_t col)
{
	const char *next = DB_CELL(rows, 0, col + 1);

	if (DB_CELL(rows, 0, col) == NULL)
		return NULL;
	return pool_printf(r->pool, "%s/%s", DB_CELL(rows, 0, col),
	    next != NULL ? next : "-");
}
