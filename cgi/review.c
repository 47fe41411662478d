#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "crypt.h"
#include "form.h"
#include "review.h"
#include "sess.h"

const struct choice review_status_choices[] = {
	{ "pending", "待审核" },
	{ "approved", "已通过" },
	{ "rejected", "未通过" },
	{ "inactive", "已停用" },
	{ REVIEW_STATUS_ALL, "全部" },
	{ NULL, NULL }
};

const char *
review_status_label(const char *status)
{
	const char *l = status != NULL &&
	    strcmp(status, REVIEW_STATUS_ALL) != 0 ?
	    choice_label(review_status_choices, status) : NULL;

	return l != NULL ? l : "";
}

const char *
review_codes_label(struct req *r, const struct choice *list,
    const char *codes)
{
	const char *p = codes != NULL ? codes : "", *label;
	char *out = pool_strdup(r->pool, "");

	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		char *code = pool_strndup(r->pool, p, n);

		if ((label = choice_label(list, code)) != NULL)
			out = pool_printf(r->pool, "%s%s%s", out,
			    *out != '\0' ? "、" : "", label);
		p += n;
		if (*p == ',')
			p++;
	}
	return out;
}

/* Runs the list or export statement with scope, filter and paging. */
static enum db_status
query(struct req *r, enum sql_id id, struct scope sc,
    const struct review_filter *f, long long limit, long long offset,
    struct db_rows *rows)
{
	const char *status = f->status != NULL ? f->status : "";
	const char *skill = f->skill != NULL ? f->skill : "";
	struct db_param p[] = {
		DP_INT(sc.township_id), DP_INT(sc.township_id),
		DP_INT(sc.station_id), DP_INT(sc.station_id),
		DP_STR(status), DP_STR(status),
		DP_INT(f->township_id), DP_INT(f->township_id),
		DP_INT(f->village_id), DP_INT(f->village_id),
		DP_STR(skill), DP_STR(skill),
		DP_STR(f->from), DP_STR(f->from),
		DP_STR(f->to), DP_STR(f->to),
		DP_INT(limit), DP_INT(offset),
	};

	return db_query(r->db, r->pool, id, p, sizeof(p) / sizeof(p[0]), rows);
}

enum db_status
review_list(struct req *r, struct scope sc, const struct review_filter *f,
    struct db_rows *rows)
{
	long long page = f->page > 0 ? f->page : 1;

	/* One row more than a page tells whether there is a next page. */
	return query(r, SQL_REVIEW_LIST, sc, f, REVIEW_PAGE + 1,
	    (page - 1) * REVIEW_PAGE, rows);
}

enum db_status
review_export_rows(struct req *r, struct scope sc,
    const struct review_filter *f, struct db_rows *rows)
{
	return query(r, SQL_REVIEW_EXPORT, sc, f, REVIEW_EXPORT_MAX, 0, rows);
}

enum db_status
review_stations(struct req *r, long long township_id, long long village_id,
    struct db_rows *rows)
{
	struct db_param p[] = { DP_INT(village_id), DP_INT(township_id) };

	return db_query(r->db, r->pool, SQL_REVIEW_STATIONS, p, 2, rows);
}

/* SQL_REVIEW_GET's columns by name and the field each fills. */
static const struct {
	const char *col;
	size_t off;
} review_get_cols[] = {
#define COL(c) { #c, offsetof(struct review_rec, c) }
	COL(id), COL(number), COL(name), COL(id_mask), COL(sex), COL(birth),
	COL(phone), COL(township_id), COL(township), COL(village),
	COL(village_id), COL(address), COL(skills), COL(availability),
	COL(status), COL(reason), COL(station_id), COL(station),
	COL(reviewer), COL(reviewed), COL(created), COL(consent),
#undef COL
};

/* Fills *v from row i of a SQL_REVIEW_GET result, by column name: a
 * column the statement lost is DB_ERROR (logged), never a shifted value. */
static enum db_status
review_from_rows(const struct db_rows *rows, size_t i, struct review_rec *v)
{
	size_t k;

	memset(v, 0, sizeof(*v));
	for (k = 0; k < sizeof(review_get_cols) / sizeof(review_get_cols[0]);
	    k++) {
		int c = db_col(rows, review_get_cols[k].col);

		if (c < 0) {
			fprintf(stderr, "review: SQL_REVIEW_GET has no column"
			    " %s\n", review_get_cols[k].col);
			return DB_ERROR;
		}
		*(const char **)((char *)v + review_get_cols[k].off) =
		    DB_CELL(rows, i, (size_t)c);
	}
	return DB_OK;
}

enum db_status
review_get(struct req *r, long long id, struct review_rec *v)
{
	struct db_param p[] = { DP_INT(id) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_query_one(r->db, r->pool, SQL_REVIEW_GET, p, 1, &rows)) !=
	    DB_OK)
		return s;
	return review_from_rows(&rows, 0, v);
}

enum db_status
review_id_number(struct req *r, long long id, const char **id_number)
{
	struct db_param p[] = { DP_INT(id) };
	struct db_rows rows;
	enum db_status s;

	*id_number = NULL;
	if ((s = db_query_one(r->db, r->pool, SQL_REVIEW_CIPHER, p, 1, &rows)) !=
	    DB_OK)
		return s;
	*id_number = crypt_open(r->pool, (const unsigned char *)
	    DB_CELL(&rows, 0, 0), DB_LEN(&rows, 0, 0));
	return *id_number != NULL ? DB_OK : DB_ERROR;
}

/* The next volunteer number of this year, inside the caller's
 * transaction: the year's row stays locked from its update until the
 * caller commits, so two approvals never get the same number. The first
 * approval of a year starts the sequence after any numbers of that year
 * already given (read without locking, so no lock is held on volunteers). */
static enum db_status
next_number(struct req *r, const char **number)
{
	struct db_rows rows;
	struct db_param p[2];
	enum db_status s;
	const char *year;

	if ((s = db_query(r->db, r->pool, SQL_REVIEW_YEAR, NULL, 0, &rows)) !=
	    DB_OK)
		return s;
	year = DB_CELL(&rows, 0, 0);
	p[0] = DP_STR(year);
	if ((s = db_query(r->db, r->pool, SQL_REVIEW_SEQ_GET, p, 1, &rows)) !=
	    DB_OK)
		return s;
	if (rows.nrows == 0) {
		p[0] = DP_INT(strlen(REVIEW_NUMBER_PREFIX) + strlen(year) + 1);
		p[1] = DP_STR(pool_printf(r->pool, "%s%s%%",
		    REVIEW_NUMBER_PREFIX, year));
		if ((s = db_query(r->db, r->pool, SQL_REVIEW_SEQ_MAX, p, 2,
		    &rows)) != DB_OK)
			return s;
		p[0] = DP_STR(year);
		p[1] = DP_INT(db_num(DB_CELL(&rows, 0, 0)));
		if ((s = db_exec(r->db, SQL_REVIEW_SEQ_SEED, p, 2, NULL,
		    NULL)) != DB_OK)
			return s;
	}
	p[0] = DP_STR(year);
	if ((s = db_exec(r->db, SQL_REVIEW_SEQ_BUMP, p, 1, NULL, NULL)) !=
	    DB_OK ||
	    (s = db_query(r->db, r->pool, SQL_REVIEW_SEQ_GET, p, 1, &rows)) !=
	    DB_OK)
		return s;
	if (rows.nrows != 1)
		return DB_ERROR;
	*number = pool_printf(r->pool, "%s%s%04lld", REVIEW_NUMBER_PREFIX,
	    year, db_num(DB_CELL(&rows, 0, 0)));
	return DB_OK;
}

/* Rolls back and passes s on. */
static enum db_status
failed(struct req *r, enum db_status s)
{
	db_rollback(r->db);
	return s;
}

/* One attempt of review_apply: DB_OK with *res set, or the database's
 * status (rolled back). */
static enum db_status
review_once(struct req *r, long long id, enum review_action action,
    long long station_id, const char *reason, enum review_result *res)
{
	static const char *const names[] = {
		[REVIEW_APPROVE] = "approve", [REVIEW_REJECT] = "reject",
		[REVIEW_DEACTIVATE] = "deactivate",
		[REVIEW_REACTIVATE] = "reactivate",
	};
	struct db_rows rows;
	enum db_status s;
	const char *status, *number, *to, *new_reason = NULL;
	long long township, station;

	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	{
		struct db_param p[] = { DP_INT(id) };

		if ((s = db_query(r->db, r->pool, SQL_REVIEW_LOCK, p, 1,
		    &rows)) != DB_OK)
			return failed(r, s);
	}
	if (rows.nrows != 1) {
		db_rollback(r->db);
		*res = REVIEW_CONFLICT;
		return DB_OK;
	}
	status = DB_CELL(&rows, 0, 0);
	number = DB_CELL(&rows, 0, 1);
	township = db_num(DB_CELL(&rows, 0, 2));
	station = db_num(DB_CELL(&rows, 0, 3));
	switch (action) {
	case REVIEW_APPROVE:
		if (strcmp(status, "pending") != 0 &&
		    strcmp(status, "rejected") != 0)
			goto conflict;
		{
			struct db_param p[] = { DP_INT(station_id) };
			struct db_rows st;

			if ((s = db_query(r->db, r->pool, SQL_STATION_BRIEF, p, 1,
			    &st)) != DB_OK)
				return failed(r, s);
			if (st.nrows != 1 ||
			    db_num(DB_CELL(&st, 0, 0)) != township ||
			    db_num(DB_CELL(&st, 0, 1)) == 0) {
				db_rollback(r->db);
				*res = REVIEW_BAD_STATION;
				return DB_OK;
			}
		}
		if (*number == '\0' && (s = next_number(r, &number)) != DB_OK)
			return failed(r, s);
		station = station_id;
		to = "approved";
		break;
	case REVIEW_REJECT:
		if (strcmp(status, "pending") != 0)
			goto conflict;
		to = "rejected";
		new_reason = reason;
		break;
	case REVIEW_DEACTIVATE:
		if (strcmp(status, "approved") != 0)
			goto conflict;
		to = "inactive";
		new_reason = reason != NULL && *reason != '\0' ? reason : NULL;
		break;
	case REVIEW_REACTIVATE:
		if (strcmp(status, "inactive") != 0 || station == 0)
			goto conflict;
		to = "approved";
		break;
	default:
		goto conflict;
	}
	{
		struct db_param p[] = {
			DP_STR(to), DP_STR(new_reason),
			*number != '\0' ? DP_STR(number) : DP_NULL,
			station > 0 ? DP_INT(station) : DP_NULL,
			DP_INT(r->sess->staff_id), DP_INT(id),
		};

		if ((s = db_exec(r->db, SQL_REVIEW_SET_STATUS, p,
		    sizeof(p) / sizeof(p[0]), NULL, NULL)) != DB_OK)
			return failed(r, s);
	}
	if ((s = audit_log(r, names[action], "volunteer", id,
	    pool_printf(r->pool, "status=%s; number=%s; station=%lld; "
	    "reason=%s", status, DB_CELL(&rows, 0, 1),
	    db_num(DB_CELL(&rows, 0, 3)), DB_CELL(&rows, 0, 4)),
	    pool_printf(r->pool, "status=%s; number=%s; station=%lld; "
	    "reason=%s", to, number, station,
	    new_reason != NULL ? new_reason : ""))) != DB_OK)
		return failed(r, s);
	if ((s = db_commit(r->db)) != DB_OK)
		return s;
	*res = REVIEW_DONE;
	return DB_OK;
conflict:
	db_rollback(r->db);
	*res = REVIEW_CONFLICT;
	return DB_OK;
}

enum review_result
review_apply(struct req *r, long long id, enum review_action action,
    long long station_id, const char *reason)
{
	enum review_result res = REVIEW_ERROR;
	enum db_status s;

	DB_RETRY(r->db, s, review_once(r, id, action, station_id, reason,
	    &res));
	if (s == DB_OK)
		return res;
	return s == DB_UNAVAILABLE ? REVIEW_UNAVAILABLE : REVIEW_ERROR;
}
