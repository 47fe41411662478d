#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "service.h"
#include "sess.h"
#include "valid.h"

bool
service_overlaps(int s1, int e1, int s2, int e2)
{
	return s1 < e2 && s2 < e1;
}

/* Whether id is among the volunteers of a. */
static bool
has_volunteer(const struct service_in *a, long long id)
{
	size_t i;

	for (i = 0; i < a->nvolunteer; i++)
		if (a->volunteer[i] == id)
			return true;
	return false;
}

/* The clash of b against a service of volunteer v with these fields. */
static enum service_clash_kind
clash_kind(const struct service_in *b, long long elder, long long type,
    int start, int end)
{
	if (!service_overlaps(b->start, b->end, start, end))
		return SERVICE_CLASH_NONE;
	if (elder == b->elder_id && type == b->type_id && start == b->start)
		return SERVICE_CLASH_DUPLICATE;
	return SERVICE_CLASH_OVERLAP;
}

size_t
service_batch_clashes(const struct service_in *rows, size_t n,
    struct service_clash *clash)
{
	size_t i, j, k, count = 0;

	for (i = 0; i < n; i++) {
		memset(&clash[i], 0, sizeof(clash[i]));
		for (j = 0; j < i && clash[i].kind == SERVICE_CLASH_NONE; j++) {
			if (rows[j].date_ymd != rows[i].date_ymd)
				continue;
			for (k = 0; k < rows[i].nvolunteer; k++) {
				enum service_clash_kind c;

				if (!has_volunteer(&rows[j],
				    rows[i].volunteer[k]))
					continue;
				c = clash_kind(&rows[i], rows[j].elder_id,
				    rows[j].type_id, rows[j].start, rows[j].end);
				if (c == SERVICE_CLASH_NONE)
					continue;
				clash[i].kind = c;
				clash[i].volunteer_id = rows[i].volunteer[k];
				clash[i].other_row = j + 1;
				clash[i].other_start = rows[j].start;
				clash[i].other_end = rows[j].end;
				break;
			}
		}
		if (clash[i].kind != SERVICE_CLASH_NONE)
			count++;
	}
	return count;
}

long
service_days(int ymd)
{
	/* Days from civil (proleptic Gregorian), March-based years. */
	long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
service_ymd(long days)
{
	long z = days + 719468, era, doe, yoe, y, doy, mp, d, m;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	return (int)(y * 10000 + m * 100 + d);
}

char *
service_date_text(struct pool *pool, int ymd)
{
	return pool_printf(pool, "%04d-%02d-%02d", ymd / 10000, ymd / 100 % 100,
	    ymd % 100);
}

char *
service_time_text(struct pool *pool, int minutes)
{
	return pool_printf(pool, "%02d:%02d", minutes / 60, minutes % 60);
}

/* The audit text of a service. */
static const char *
audit_text(struct req *r, long long station, const struct service_in *in)
{
	char *vols = pool_strdup(r->pool, "");
	size_t i;

	for (i = 0; i < in->nvolunteer; i++)
		vols = pool_printf(r->pool, "%s%s%lld", vols, i ? "," : "",
		    in->volunteer[i]);
	return pool_printf(r->pool, "station=%lld; date=%s; start=%s; end=%s; "
	    "elder=%lld; type=%lld; volunteers=%s; signed=%d; note=%s",
	    station, service_date_text(r->pool, in->date_ymd),
	    service_time_text(r->pool, in->start),
	    service_time_text(r->pool, in->end), in->elder_id, in->type_id,
	    vols, in->elder_signed ? 1 : 0, in->note);
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* Locks the volunteer rows of rows[0..n), each once, in ascending id
 * order, on every node (db_serialise). Inside a transaction; DB_NOTFOUND if one does not exist. */
static enum db_status
lock_volunteers(struct req *r, const struct service_in *rows, size_t n)
{
	long long *ids;
	size_t i, j, total = 0;
	enum db_status s;

	for (i = 0; i < n; i++)
		total += rows[i].nvolunteer;
	ids = pool_alloc(r->pool, (total + 1) * sizeof(*ids));
	for (i = 0, total = 0; i < n; i++)
		for (j = 0; j < rows[i].nvolunteer; j++)
			ids[total++] = rows[i].volunteer[j];
	qsort(ids, total, sizeof(*ids), cmp_ll);
	for (i = 0; i < total; i++) {
		struct db_param p[] = { DP_INT(ids[i]) };
		struct db_rows got;

		if (i > 0 && ids[i] == ids[i - 1])
			continue;
		if ((s = db_serialise(r->db, pool_printf(r->pool,
		    "volunteer:%lld", ids[i]))) != DB_OK)
			return s;
		if ((s = db_query(r->db, r->pool, SQL_SERVICE_VOLUNTEER_LOCK, p,
		    1, &got)) != DB_OK)
			return s;
		if (got.nrows != 1)
			return DB_NOTFOUND;
	}
	return DB_OK;
}

/* Checks one row against the stored services (other than service
 * exclude) of each of its volunteers; fills *c when it clashes. The
 * volunteers' rows must be locked already. */
static enum db_status
check_stored(struct req *r, const struct service_in *in, long long exclude,
    struct service_clash *c)
{
	const char *date = service_date_text(r->pool, in->date_ymd);
	struct db_rows got;
	enum db_status s;
	size_t k, i;

	memset(c, 0, sizeof(*c));
	for (k = 0; k < in->nvolunteer; k++) {
		struct db_param p[] = {
			DP_INT(in->volunteer[k]), DP_STR(date),
			DP_INT(in->end * 60), DP_INT(in->start * 60),
			DP_INT(exclude),
		};

		if ((s = db_query(r->db, r->pool, SQL_SERVICE_OVERLAPS, p, 5,
		    &got)) != DB_OK)
			return s;
		for (i = 0; i < got.nrows; i++) {
			int start = atoi(DB_CELL(&got, i, 3));
			int end = atoi(DB_CELL(&got, i, 4));
			enum service_clash_kind kind = clash_kind(in,
			    strtoll(DB_CELL(&got, i, 1), NULL, 10),
			    strtoll(DB_CELL(&got, i, 2), NULL, 10), start, end);

			/* A duplicate says more than an overlap: keep it. */
			if (kind == SERVICE_CLASH_NONE ||
			    (c->kind == SERVICE_CLASH_DUPLICATE))
				continue;
			c->kind = kind;
			c->volunteer_id = in->volunteer[k];
			c->other_id = strtoll(DB_CELL(&got, i, 0), NULL, 10);
			c->other_start = start;
			c->other_end = end;
		}
	}
	return DB_OK;
}

/* Whether statement id, run with params, returns one row whose first
 * column is "1": *ok. */
static enum db_status
still_true(struct req *r, enum sql_id id, struct db_param *p, size_t np,
    bool *ok)
{
	struct db_rows got;
	enum db_status s;

	if ((s = db_query(r->db, r->pool, id, p, np, &got)) != DB_OK)
		return s;
	*ok = got.nrows == 1 && strcmp(DB_CELL(&got, 0, 0), "1") == 0;
	return DB_OK;
}

/* Checks again, inside the transaction, what the form checked against
 * the choices it loaded: the elder active on station's roster, the type
 * not retired, each volunteer approved for the station. What keep (the
 * stored record being corrected, or NULL) already has may stay. Fills
 * *c on the first failure. The volunteers' rows must be locked. */
static enum db_status
check_current(struct req *r, long long station_id, const struct service_in *in,
    const struct service *keep, struct service_clash *c)
{
	enum db_status s;
	bool ok;
	size_t k, j;

	memset(c, 0, sizeof(*c));
	if (keep == NULL || keep->in.elder_id != in->elder_id) {
		struct db_param p[] = { DP_INT(in->elder_id),
		    DP_INT(station_id) };

		if ((s = still_true(r, SQL_SERVICE_ELDER_CHECK, p, 2, &ok)) !=
		    DB_OK)
			return s;
		if (!ok) {
			c->kind = SERVICE_CLASH_ELDER;
			return DB_OK;
		}
	}
	if (keep == NULL || keep->in.type_id != in->type_id) {
		struct db_param p[] = { DP_INT(in->type_id) };

		if ((s = still_true(r, SQL_SERVICE_TYPE_CHECK, p, 1, &ok)) !=
		    DB_OK)
			return s;
		if (!ok) {
			c->kind = SERVICE_CLASH_TYPE;
			return DB_OK;
		}
	}
	for (k = 0; k < in->nvolunteer; k++) {
		struct db_param p[] = { DP_INT(station_id),
		    DP_INT(in->volunteer[k]) };

		for (j = 0; keep != NULL && j < keep->in.nvolunteer; j++)
			if (keep->in.volunteer[j] == in->volunteer[k])
				break;
		if (keep != NULL && j < keep->in.nvolunteer)
			continue;
		if ((s = still_true(r, SQL_SERVICE_VOLUNTEER_CHECK, p, 2, &ok)) !=
		    DB_OK)
			return s;
		if (!ok) {
			c->kind = SERVICE_CLASH_VOLUNTEER;
			c->volunteer_id = in->volunteer[k];
			return DB_OK;
		}
	}
	return DB_OK;
}

/* Adds the volunteer rows of service id. */
static enum db_status
add_volunteers(struct req *r, long long id, const struct service_in *in)
{
	enum db_status s;
	size_t k;

	for (k = 0; k < in->nvolunteer; k++) {
		struct db_param p[] = { DP_INT(id), DP_INT(in->volunteer[k]) };

		if ((s = db_exec(r->db, SQL_SERVICE_VOLUNTEER_INSERT, p, 2, NULL,
		    NULL)) != DB_OK)
			return s;
	}
	return DB_OK;
}

static enum db_status
service_insert_once(struct req *r, long long station_id,
    const struct service_in *rows, size_t n, struct service_clash *clash,
    size_t *nclash, long long *ids)
{
	enum db_status s;
	size_t i;

	*nclash = 0;
	/* The locks come before any plain read of this transaction, so that
	 * its snapshot already holds every service committed by a batch that
	 * held the same volunteers before us. */
	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = lock_volunteers(r, rows, n)) != DB_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((s = check_current(r, station_id, &rows[i], NULL,
		    &clash[i])) != DB_OK)
			goto fail;
		if (clash[i].kind == SERVICE_CLASH_NONE &&
		    (s = check_stored(r, &rows[i], 0, &clash[i])) != DB_OK)
			goto fail;
		if (clash[i].kind != SERVICE_CLASH_NONE)
			(*nclash)++;
	}
	if (*nclash > 0) {
		db_rollback(r->db);
		return DB_OK;
	}
	for (i = 0; i < n; i++) {
		const struct service_in *in = &rows[i];
		unsigned long long id = 0;
		struct db_param p[] = {
			DP_INT(station_id), DP_INT(in->elder_id),
			DP_INT(in->type_id),
			DP_STR(service_date_text(r->pool, in->date_ymd)),
			DP_INT(in->start * 60), DP_INT(in->end * 60),
			DP_INT(in->end - in->start), DP_INT(in->elder_signed),
			DP_STR(in->note),
			r->sess != NULL ? DP_INT(r->sess->staff_id) : DP_NULL,
		};

		if ((s = db_exec(r->db, SQL_SERVICE_INSERT, p,
		    sizeof(p) / sizeof(p[0]), NULL, &id)) != DB_OK ||
		    (s = add_volunteers(r, (long long)id, in)) != DB_OK ||
		    (s = audit_log(r, "service.create", "service", (long long)id,
		    NULL, audit_text(r, station_id, in))) != DB_OK)
			goto fail;
		if (ids != NULL)
			ids[i] = (long long)id;
	}
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return s;
}

/* service_insert_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
service_insert(struct req *r, long long station_id,
    const struct service_in *rows, size_t n, struct service_clash *clash,
    size_t *nclash, long long *ids)
{
	enum db_status s;

	DB_RETRY(r->db, s, service_insert_once(r, station_id, rows, n, clash,
	    nclash, ids));
	return s;
}

/* Fills out from row 0 of a SQL_SERVICE_GET or _LOCK result, and reads
 * its volunteers. */
static enum db_status
service_from_rows(struct req *r, struct db_rows *rows, struct service *out)
{
	struct db_rows v;
	enum db_status s;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->id = strtoll(DB_CELL(rows, 0, 0), NULL, 10);
	out->station_id = strtoll(DB_CELL(rows, 0, 1), NULL, 10);
	out->in.elder_id = strtoll(DB_CELL(rows, 0, 2), NULL, 10);
	out->in.type_id = strtoll(DB_CELL(rows, 0, 3), NULL, 10);
	if (!valid_date(DB_CELL(rows, 0, 4), &out->in.date_ymd))
		return DB_ERROR;
	out->in.start = atoi(DB_CELL(rows, 0, 5));
	out->in.end = atoi(DB_CELL(rows, 0, 6));
	out->minutes = atoi(DB_CELL(rows, 0, 7));
	out->in.elder_signed = strcmp(DB_CELL(rows, 0, 8), "1") == 0;
	out->in.note = DB_CELL(rows, 0, 9);
	out->voided = strcmp(DB_CELL(rows, 0, 10), "1") == 0;
	out->void_reason = DB_CELL(rows, 0, 11);
	if ((s = service_volunteer_rows(r, out->id, &v)) != DB_OK)
		return s;
	for (i = 0; i < v.nrows && i < SERVICE_VOLUNTEERS_MAX; i++)
		out->in.volunteer[i] = strtoll(DB_CELL(&v, i, 0), NULL, 10);
	out->in.nvolunteer = i;
	return DB_OK;
}

/* Reads service id with statement id (plain or locking). */
static enum db_status
read_service(struct req *r, enum sql_id id, long long sid, struct service *out)
{
	struct db_param p[] = { DP_INT(sid) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_query_one(r->db, r->pool, id, p, 1, &rows)) != DB_OK)
		return s;
	return service_from_rows(r, &rows, out);
}

enum db_status
service_get(struct req *r, long long id, struct service *out)
{
	return read_service(r, SQL_SERVICE_GET, id, out);
}

static enum db_status
service_update_once(struct req *r, const struct service *old,
    const struct service_in *in, struct service_clash *clash)
{
	struct service now;
	enum db_status s;

	memset(clash, 0, sizeof(*clash));
	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = lock_volunteers(r, in, 1)) != DB_OK ||
	    (s = read_service(r, SQL_SERVICE_LOCK, old->id, &now)) != DB_OK)
		goto fail;
	if (now.voided) {
		s = DB_NOTFOUND;
		goto fail;
	}
	if ((s = check_current(r, now.station_id, in, &now, clash)) != DB_OK ||
	    (clash->kind == SERVICE_CLASH_NONE &&
	    (s = check_stored(r, in, old->id, clash)) != DB_OK))
		goto fail;
	if (clash->kind != SERVICE_CLASH_NONE) {
		db_rollback(r->db);
		return DB_OK;
	}
	{
		struct db_param p[] = {
			DP_INT(in->elder_id), DP_INT(in->type_id),
			DP_STR(service_date_text(r->pool, in->date_ymd)),
			DP_INT(in->start * 60), DP_INT(in->end * 60),
			DP_INT(in->end - in->start), DP_INT(in->elder_signed),
			DP_STR(in->note), DP_INT(old->id),
		};
		struct db_param q[] = { DP_INT(old->id) };

		if ((s = db_exec(r->db, SQL_SERVICE_UPDATE, p,
		    sizeof(p) / sizeof(p[0]), NULL, NULL)) != DB_OK ||
		    (s = db_exec(r->db, SQL_SERVICE_VOLUNTEER_DELETE, q, 1, NULL,
		    NULL)) != DB_OK ||
		    (s = add_volunteers(r, old->id, in)) != DB_OK ||
		    (s = audit_log(r, "service.edit", "service", old->id,
		    audit_text(r, now.station_id, &now.in),
		    audit_text(r, now.station_id, in))) != DB_OK)
			goto fail;
	}
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return s;
}

/* service_update_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
service_update(struct req *r, const struct service *old,
    const struct service_in *in, struct service_clash *clash)
{
	enum db_status s;

	DB_RETRY(r->db, s, service_update_once(r, old, in, clash));
	return s;
}

static enum db_status
service_void_once(struct req *r, long long id, const char *reason)
{
	struct service now;
	enum db_status s;
	struct db_param p[] = {
		r->sess != NULL ? DP_INT(r->sess->staff_id) : DP_NULL,
		DP_STR(reason), DP_INT(id),
	};

	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = read_service(r, SQL_SERVICE_LOCK, id, &now)) != DB_OK)
		goto fail;
	if (now.voided) {
		s = DB_NOTFOUND;
		goto fail;
	}
	if ((s = db_exec(r->db, SQL_SERVICE_VOID, p, 3, NULL, NULL)) !=
	    DB_OK || (s = audit_log(r, "service.void", "service", id,
	    audit_text(r, now.station_id, &now.in),
	    pool_printf(r->pool, "status=voided; reason=%s", reason))) != DB_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return s;
}

/* service_void_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
service_void(struct req *r, long long id, const char *reason)
{
	enum db_status s;

	DB_RETRY(r->db, s, service_void_once(r, id, reason));
	return s;
}

enum db_status
service_type_uses(struct req *r, struct db_rows *rows)
{
	return db_query(r->db, r->pool, SQL_SERVICE_TYPE_USES, NULL, 0, rows);
}

enum db_status
service_volunteers(struct req *r, long long station_id, long long township_id,
    struct db_rows *rows)
{
	struct db_param p[] = { DP_INT(station_id), DP_INT(station_id),
	    DP_INT(township_id), DP_INT(station_id) };

	return db_query(r->db, r->pool, SQL_SERVICE_VOLUNTEERS, p, 4, rows);
}

enum db_status
service_volunteer_choice(struct req *r, long long station_id,
    long long township_id, long long id, struct db_rows *rows)
{
	struct db_param p[] = { DP_INT(station_id), DP_INT(id),
	    DP_INT(station_id), DP_INT(township_id) };

	return db_query(r->db, r->pool, SQL_SERVICE_VOLUNTEER_CHOICE, p, 4,
	    rows);
}

enum db_status
service_volunteer_named(struct req *r, long long station_id,
    long long township_id, long long id, struct db_rows *rows)
{
	struct db_param p[] = { DP_INT(station_id), DP_INT(id),
	    DP_INT(station_id), DP_INT(township_id), DP_INT(station_id) };

	return db_query(r->db, r->pool, SQL_SERVICE_VOLUNTEER_ONE, p, 5, rows);
}

enum db_status
service_volunteer_rows(struct req *r, long long id, struct db_rows *rows)
{
	struct db_param p[] = { DP_INT(id) };

	return db_query(r->db, r->pool, SQL_SERVICE_VOLUNTEER_IDS, p, 1, rows);
}

/* SERVICE_FILTER's 11 parameters (sql.c), in its order, in one place for
 * the list and its totals. */
#define SERVICE_FILTER_PARAMS(f) \
	DP_INT((f)->station_id), \
	DP_STR((f)->from != NULL ? (f)->from : "1000-01-01"), \
	DP_STR((f)->to != NULL ? (f)->to : "9999-12-31"), \
	DP_INT((f)->elder_id), DP_INT((f)->elder_id), \
	DP_INT((f)->type_id), DP_INT((f)->type_id), \
	DP_INT((f)->elder_signed), DP_INT((f)->elder_signed), \
	DP_INT((f)->volunteer_id), DP_INT((f)->volunteer_id)

enum db_status
service_totals(struct req *r, const struct service_filter *f,
    struct service_totals *t)
{
	struct db_rows rows;
	enum db_status s;

	memset(t, 0, sizeof(*t));
	if (f->from == NULL && f->to == NULL && f->elder_id == 0 &&
	    f->type_id == 0 && f->elder_signed < 0 && f->volunteer_id == 0) {
		/* No filter: the station's whole history, kept as it is
		 * written. */
		struct db_param p[] = { DP_INT(f->station_id),
		    DP_INT(f->station_id) };

		s = db_query(r->db, r->pool, SQL_SERVICE_TOTALS_KEPT, p, 2,
		    &rows);
	} else {
		struct db_param p[] = { DP_INT(f->volunteer_id),
		    SERVICE_FILTER_PARAMS(f) };

		s = db_query(r->db, r->pool, SQL_SERVICE_TOTALS, p,
		    sizeof(p) / sizeof(p[0]), &rows);
	}
	if (s != DB_OK)
		return s;
	t->services = db_num(DB_CELL(&rows, 0, ST_services));
	t->live = db_num(DB_CELL(&rows, 0, ST_live));
	t->elders = db_num(DB_CELL(&rows, 0, ST_elders));
	t->volunteer_minutes = db_num(DB_CELL(&rows, 0, ST_volunteer_minutes));
	return DB_OK;
}

enum db_status
service_list(struct req *r, const struct service_filter *f, long long limit,
    long long offset, struct db_rows *rows)
{
	struct db_param p[] = { SERVICE_FILTER_PARAMS(f), DP_INT(limit),
	    DP_INT(offset) };

	return db_query(r->db, r->pool, SQL_SERVICE_LIST, p,
	    sizeof(p) / sizeof(p[0]), rows);
}

enum db_status
service_window(struct req *r, int *days)
{
	struct db_param p[] = { DP_STR("window_days") };
	struct db_rows rows;
	unsigned long v;
	enum db_status s;

	*days = SERVICE_WINDOW_DEFAULT;
	if ((s = db_query(r->db, r->pool, SQL_SERVICE_SETTING, p, 1, &rows)) !=
	    DB_OK)
		return s;
	if (rows.nrows == 1 && valid_uint(DB_CELL(&rows, 0, 0),
	    SERVICE_WINDOW_MAX, &v))
		*days = (int)v;
	return DB_OK;
}

enum db_status
volunteer_minutes(struct req *r, long long volunteer_id, const char *from,
    const char *to, long long *minutes)
{
	struct db_rows rows;
	enum db_status s;

	*minutes = 0;
	if ((from != NULL && !valid_date(from, NULL)) ||
	    (to != NULL && !valid_date(to, NULL)))
		return DB_ERROR;
	{
		struct db_param p[] = {
			DP_STR(from != NULL ? from : "1000-01-01"),
			DP_STR(to != NULL ? to : "9999-12-31"),
			DP_INT(volunteer_id),
		};

		if ((s = db_query(r->db, r->pool, SQL_VOLUNTEER_MINUTES, p, 3,
		    &rows)) != DB_OK)
			return s;
	}
	if (rows.nrows == 0)
		return DB_NOTFOUND;
	*minutes = strtoll(DB_CELL(&rows, 0, 1), NULL, 10);
	return DB_OK;
}

static enum db_status
service_type_add_once(struct req *r, const char *name, long long *id)
{
	struct db_param p[] = { DP_STR(name) };
	unsigned long long ins = 0;
	enum db_status s;

	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = db_exec(r->db, SQL_SERVICE_TYPE_INSERT, p, 1, NULL, &ins)) !=
	    DB_OK || (s = audit_log(r, "service_type.create", "service_type",
	    (long long)ins, NULL, pool_printf(r->pool, "name=%s", name))) !=
	    DB_OK) {
		db_rollback(r->db);
		return s;
	}
	if ((s = db_commit(r->db)) == DB_OK && id != NULL)
		*id = (long long)ins;
	return s;
}

/* service_type_add_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
service_type_add(struct req *r, const char *name, long long *id)
{
	enum db_status s;

	DB_RETRY(r->db, s, service_type_add_once(r, name, id));
	return s;
}

static enum db_status
service_type_set_active_once(struct req *r, long long id, bool active)
{
	struct db_param p[] = { DP_INT(active ? 1 : 0), DP_INT(id) };
	struct db_param q[] = { DP_INT(id) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_query_one(r->db, r->pool, SQL_SERVICE_TYPE_GET, q, 1, &rows)) !=
	    DB_OK)
		return s;
	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = db_exec(r->db, SQL_SERVICE_TYPE_SET_ACTIVE, p, 2, NULL, NULL)) !=
	    DB_OK || (s = audit_log(r, active ? "service_type.restore" :
	    "service_type.retire", "service_type", id,
	    pool_printf(r->pool, "name=%s; active=%s", DB_CELL(&rows, 0, 1),
	    DB_CELL(&rows, 0, 2)), pool_printf(r->pool, "active=%d",
	    active ? 1 : 0))) != DB_OK) {
		db_rollback(r->db);
		return s;
	}
	return db_commit(r->db);
}

/* service_type_set_active_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
service_type_set_active(struct req *r, long long id, bool active)
{
	enum db_status s;

	DB_RETRY(r->db, s, service_type_set_active_once(r, id, active));
	return s;
}

char *
service_hours_text(struct pool *pool, long long minutes)
{
	long long tenths = (minutes * 10 + 30) / 60;

	return pool_printf(pool, "%lld.%lld", tenths / 10, tenths % 10);
}
