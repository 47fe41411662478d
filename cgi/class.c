#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "class.h"
#include "crypt.h"
#include "render.h"
#include "sess.h"

const struct choice class_audiences[] = {
	{ "parents", "父母" },
	{ "grandparents", "祖辈：爷爷奶奶、外公外婆" },
	{ "guardians", "其他监护人" },
	{ "all", "所有人" },
	{ NULL, NULL }
};

const struct choice class_statuses[] = {
	{ "open", "开放报名" },
	{ "closed", "截止" },
	{ "cancelled", "已取消" },
	{ NULL, NULL }
};

const struct choice class_relationships[] = {
	{ "father", "父亲" },
	{ "mother", "母亲" },
	{ "grandparent", "祖辈：爷爷奶奶、外公外婆" },
	{ "other", "其他监护人" },
	{ NULL, NULL }
};

const struct choice class_age_groups[] = {
	/* The codes are what is stored; the labels say whole years that do
	 * not overlap (a child of 3 is in one group only). */
	{ "0-3", "0–2岁" },
	{ "3-6", "3–5岁（幼儿园）" },
	{ "6-12", "6–11岁（小学）" },
	{ "12-18", "12–17岁（中学）" },
	{ NULL, NULL }
};

const struct choice class_yes_no[] = {
	{ "yes", "是" },
	{ "no", "否" },
	{ NULL, NULL }
};

void
class_from_rows(const struct db_rows *rows, size_t i, struct class_rec *c)
{
	memset(c, 0, sizeof(*c));
	c->id = db_num(DB_CELL(rows, i, CC_id));
	c->township_id = db_num(DB_CELL(rows, i, CC_township_id));
	c->township = DB_CELL(rows, i, CC_township);
	c->title = DB_CELL(rows, i, CC_title);
	c->description = DB_CELL(rows, i, CC_description);
	c->audience = DB_CELL(rows, i, CC_audience);
	c->venue = DB_CELL(rows, i, CC_venue);
	c->date = DB_CELL(rows, i, CC_start_date);
	c->start = DB_CELL(rows, i, CC_start_time);
	c->end = DB_CELL(rows, i, CC_end_time);
	c->minutes = db_num(DB_CELL(rows, i, CC_minutes));
	c->capacity = db_num(DB_CELL(rows, i, CC_capacity));
	c->deadline_date = DB_CELL(rows, i, CC_deadline_date);
	c->deadline_time = DB_CELL(rows, i, CC_deadline_time);
	c->status = DB_CELL(rows, i, CC_status);
	c->started = db_num(DB_CELL(rows, i, CC_started)) != 0;
	c->past_deadline = db_num(DB_CELL(rows, i, CC_past_deadline)) != 0;
	c->enrolled = db_num(DB_CELL(rows, i, CC_enrolled));
	c->waiting = db_num(DB_CELL(rows, i, CC_waiting));
	c->attended = db_num(DB_CELL(rows, i, CC_attended));
	c->left_behind = db_num(DB_CELL(rows, i, CC_left_behind));
	c->left_behind_attended =
	    db_num(DB_CELL(rows, i, CC_left_behind_attended));
}

enum db_status
class_list_admin(struct req *r, long long township, struct class_rec **list,
    size_t *n)
{
	struct db_param p[] = { DP_INT(township), DP_INT(township) };
	struct db_rows rows;
	enum db_status s;
	size_t i;

	*list = NULL;
	*n = 0;
	if ((s = db_query(r->db, r->pool, SQL_CLASS_LIST_ADMIN, p, 2, &rows)) !=
	    DB_OK)
		return s;
	*list = pool_alloc(r->pool, (rows.nrows + 1) * sizeof(**list));
	for (i = 0; i < rows.nrows; i++)
		class_from_rows(&rows, i, &(*list)[i]);
	*n = rows.nrows;
	return DB_OK;
}

enum db_status
class_list_open(struct req *r, long long township, long long page,
    long long per_page, struct class_page *out)
{
	struct db_param p[] = { DP_INT(township), DP_INT(township),
	    DP_INT(per_page), DP_INT(0) };
	enum db_status s;
	size_t i;

	memset(out, 0, sizeof(*out));
	if ((s = db_query_one(r->db, r->pool, SQL_CLASS_COUNT_PUBLIC, p, 2,
	    &out->count)) != DB_OK)
		return s;
	out->pages = (db_num(DB_CELL(&out->count, 0, 0)) + per_page - 1) /
	    per_page;
	if (out->pages < 1)
		out->pages = 1;
	out->page = page < 1 ? 1 : page > out->pages ? out->pages : page;
	p[3] = DP_INT((out->page - 1) * per_page);
	if ((s = db_query(r->db, r->pool, SQL_CLASS_LIST_PUBLIC, p, 4,
	    &out->rows)) != DB_OK)
		return s;
	out->list = pool_alloc(r->pool, (out->rows.nrows + 1) *
	    sizeof(*out->list));
	for (i = 0; i < out->rows.nrows; i++)
		class_from_rows(&out->rows, i, &out->list[i]);
	out->n = out->rows.nrows;
	return DB_OK;
}

enum db_status
class_get(struct req *r, long long id, struct class_rec *c)
{
	struct db_param p[] = { DP_INT(id) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_query_one(r->db, r->pool, SQL_CLASS_GET, p, 1, &rows)) != DB_OK)
		return s;
	class_from_rows(&rows, 0, c);
	return DB_OK;
}

/* The audit text of a class. */
static const char *
class_audit(struct req *r, const struct class_in *in)
{
	return pool_printf(r->pool, "title=%s; audience=%s; township=%lld; "
	    "venue=%s; starts_at=%s; minutes=%lld; capacity=%lld; deadline=%s; "
	    "status=%s", in->title, in->audience, in->township_id, in->venue,
	    in->starts_at, in->minutes, in->capacity, in->deadline, in->status);
}

/* The parameters of SQL_CLASS_INSERT / _UPDATE (the first ten). */
#define CLASS_PARAMS(in) \
	DP_STR((in)->title), DP_STR((in)->description), DP_STR((in)->audience), \
	DP_INT((in)->township_id), DP_STR((in)->venue), \
	DP_STR((in)->starts_at), DP_INT((in)->minutes), \
	DP_INT((in)->capacity), DP_STR((in)->deadline), DP_STR((in)->status)

static enum db_status
class_insert_once(struct req *r, const struct class_in *in, long long *id)
{
	struct db_param p[] = {
		CLASS_PARAMS(in),
		r->sess != NULL ? DP_INT(r->sess->staff_id) : DP_NULL,
	};
	unsigned long long ins = 0;
	enum db_status s;

	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = db_exec(r->db, SQL_CLASS_INSERT, p, sizeof(p) / sizeof(p[0]),
	    NULL, &ins)) != DB_OK || (s = audit_log(r, "class.create", "class",
	    (long long)ins, NULL, class_audit(r, in))) != DB_OK) {
		db_rollback(r->db);
		return s;
	}
	if ((s = db_commit(r->db)) == DB_OK && id != NULL)
		*id = (long long)ins;
	return s;
}

/* class_insert_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
class_insert(struct req *r, const struct class_in *in, long long *id)
{
	enum db_status s;

	DB_RETRY(r->db, s, class_insert_once(r, in, id));
	return s;
}

/* The locked class row: status, capacity, begun, past deadline. */
struct class_lock {
	const char *status;
	long long capacity;
	bool started, past_deadline;
};

/* Locks class id for the rest of the transaction, on every node
 * (db_serialise). Must be the first read of the transaction, so that the reads after it see every change
 * committed by whoever held the lock before. DB_NOTFOUND: no such class. */
static enum db_status
lock_class(struct req *r, long long id, struct class_lock *k)
{
	struct db_param p[] = { DP_INT(id) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_serialise(r->db, pool_printf(r->pool, "class:%lld", id))) !=
	    DB_OK ||
	    (s = db_query_one(r->db, r->pool, SQL_CLASS_LOCK, p, 1, &rows)) != DB_OK)
		return s;
	k->status = DB_CELL(&rows, 0, 1);
	k->capacity = db_num(DB_CELL(&rows, 0, 2));
	k->started = db_num(DB_CELL(&rows, 0, 3)) != 0;
	k->past_deadline = db_num(DB_CELL(&rows, 0, 4)) != 0;
	return DB_OK;
}

/* Seats taken and people waiting in class id (under its lock). */
static enum db_status
count_seats(struct req *r, long long id, long long *enrolled,
    long long *waiting)
{
	struct db_param p[] = { DP_INT(id) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_query(r->db, r->pool, SQL_CLASS_COUNTS, p, 1, &rows)) !=
	    DB_OK)
		return s;
	*enrolled = db_num(DB_CELL(&rows, 0, 0));
	*waiting = db_num(DB_CELL(&rows, 0, 1));
	return DB_OK;
}

/* Seats the first people waiting in class id while it has free seats,
 * moving the rest up. Under the class lock. */
static enum db_status
fill_seats(struct req *r, long long id, long long capacity)
{
	long long enrolled, waiting, n;
	enum db_status s;

	if ((s = count_seats(r, id, &enrolled, &waiting)) != DB_OK)
		return s;
	n = capacity - enrolled;
	if (n > waiting)
		n = waiting;
	if (n <= 0)
		return DB_OK;
	{
		struct db_param p[] = { DP_INT(id), DP_INT(n) };
		struct db_param q[] = { DP_INT(n), DP_INT(id) };

		if ((s = db_exec(r->db, SQL_ENROLMENT_PROMOTE, p, 2, NULL,
		    NULL)) != DB_OK)
			return s;
		return db_exec(r->db, SQL_ENROLMENT_SHIFT, q, 2, NULL, NULL);
	}
}

static enum db_status
class_update_once(struct req *r, long long id, const struct class_in *in,
    long long *taken)
{
	struct db_param p[] = { CLASS_PARAMS(in), DP_INT(id) };
	struct class_rec old;
	struct class_lock k;
	long long enrolled, waiting;
	enum db_status s;

	*taken = 0;
	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = lock_class(r, id, &k)) != DB_OK ||
	    (s = count_seats(r, id, &enrolled, &waiting)) != DB_OK ||
	    (s = class_get(r, id, &old)) != DB_OK)
		goto fail;
	if (in->capacity < enrolled) {
		*taken = enrolled;
		db_rollback(r->db);
		return DB_OK;
	}
	{
		struct class_in before = {
			old.title, old.description, old.audience, old.venue,
			old.status, old.township_id,
			pool_printf(r->pool, "%s %s:00", old.date, old.start),
			pool_printf(r->pool, "%s %s:00", old.deadline_date,
			    old.deadline_time),
			old.minutes, old.capacity,
		};

		if ((s = db_exec(r->db, SQL_CLASS_UPDATE, p,
		    sizeof(p) / sizeof(p[0]), NULL, NULL)) != DB_OK ||
		    (s = fill_seats(r, id, in->capacity)) != DB_OK ||
		    (s = audit_log(r, "class.edit", "class", id,
		    class_audit(r, &before), class_audit(r, in))) != DB_OK)
			goto fail;
	}
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return s;
}

/* class_update_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
class_update(struct req *r, long long id, const struct class_in *in,
    long long *taken)
{
	enum db_status s;

	DB_RETRY(r->db, s, class_update_once(r, id, in, taken));
	return s;
}

xmlNodePtr
class_xml(struct req *r, const struct class_rec *c, xmlNodePtr parent)
{
	xmlNodePtr e = x_el(parent, "class");
	long long left = c->capacity - c->enrolled;

	x_attr_int(e, "id", c->id);
	x_attr(e, "title", c->title);
	x_attr(e, "audience", choice_label(class_audiences, c->audience));
	x_attr(e, "township", c->township);
	x_attr(e, "venue", c->venue);
	x_attr(e, "date", c->date);
	x_attr(e, "start", c->start);
	x_attr(e, "end", c->end);
	x_attr_int(e, "minutes", c->minutes);
	x_attr_int(e, "capacity", c->capacity);
	x_attr_int(e, "seats-left", left > 0 ? left : 0);
	x_attr_int(e, "waiting", c->waiting);
	x_attr(e, "deadline", pool_printf(r->pool, "%s %s", c->deadline_date,
	    c->deadline_time));
	x_attr(e, "status", c->status);
	x_attr(e, "status-label", choice_label(class_statuses, c->status));
	if (class_open(c) != CLASS_OK)
		x_attr(e, "closed", class_refusal_text(class_open(c)));
	if (c->description != NULL && *c->description != '\0')
		x_text(e, "description", c->description);
	return e;
}

enum class_refusal
class_open(const struct class_rec *c)
{
	if (strcmp(c->status, "cancelled") == 0)
		return CLASS_CANCELLED;
	if (c->started)
		return CLASS_STARTED;
	if (strcmp(c->status, "open") != 0)
		return CLASS_CLOSED;
	if (c->past_deadline)
		return CLASS_PAST_DEADLINE;
	return CLASS_OK;
}

const char *
class_refusal_text(enum class_refusal why)
{
	switch (why) {
	case CLASS_OK:
		return "";
	case CLASS_CANCELLED:
		return "这堂课已取消，不再接受报名。";
	case CLASS_CLOSED:
		return "这堂课已停止报名（报名截止）。";
	case CLASS_PAST_DEADLINE:
		return "这堂课的报名截止时间已过，不能再报名了。";
	case CLASS_STARTED:
		return "这堂课已经开始或已经结束，不能再报名了。";
	case CLASS_PHONE_TAKEN:
		return "这个手机号已经报名了这堂课，不用重复报名。报名成功时的页面"
		    "（请保存好那个网址）可以查看或取消报名；找不到的话，请联系乡镇"
		    "民政办。";
	}
	return "现在不能报名。";
}

static enum db_status
class_enrol_once(struct req *r, const struct enrolment_in *in,
    enum class_refusal *why, const char **code)
{
	struct class_rec view;
	struct class_lock k;
	struct db_rows got;
	long long enrolled, waiting, position = 0;
	enum db_status s;

	*why = CLASS_OK;
	*code = NULL;
	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = lock_class(r, in->class_id, &k)) != DB_OK)
		goto fail;
	memset(&view, 0, sizeof(view));
	view.status = k.status;
	view.started = k.started;
	view.past_deadline = k.past_deadline;
	if ((*why = class_open(&view)) != CLASS_OK) {
		db_rollback(r->db);
		return DB_OK;
	}
	{
		struct db_param p[] = { DP_INT(in->class_id), DP_STR(in->phone) };

		if ((s = db_query(r->db, r->pool, SQL_ENROLMENT_PHONE_TAKEN, p, 2,
		    &got)) != DB_OK)
			goto fail;
	}
	if (got.nrows > 0) {
		*why = CLASS_PHONE_TAKEN;
		db_rollback(r->db);
		return DB_OK;
	}
	if ((s = count_seats(r, in->class_id, &enrolled, &waiting)) != DB_OK)
		goto fail;
	if (enrolled >= k.capacity)
		position = waiting + 1;
	*code = crypt_random_token(r->pool, CLASS_CODE_BYTES);
	{
		struct db_param p[] = {
			DP_INT(in->class_id), DP_STR(*code), DP_STR(in->name),
			DP_STR(in->phone), DP_STR(in->phone),
			DP_STR(in->relationship),
			DP_INT(in->village_id), DP_STR(in->age_group),
			DP_INT(in->left_behind ? 1 : 0),
			DP_STR(position > 0 ? "waiting" : "enrolled"),
			position > 0 ? DP_INT(position) : DP_NULL,
			DP_STR(CLASS_CONSENT_VERSION), DP_STR(r->remote_addr),
		};

		s = db_exec(r->db, SQL_ENROLMENT_INSERT, p,
		    sizeof(p) / sizeof(p[0]), NULL, NULL);
		if (s == DB_DUPLICATE) {
			/* Only the phone key can clash (the code has 128
			 * random bits), and the lock makes even that rare. */
			*why = CLASS_PHONE_TAKEN;
			*code = NULL;
			db_rollback(r->db);
			return DB_OK;
		}
		if (s != DB_OK)
			goto fail;
	}
	return db_commit(r->db);
fail:
	*code = NULL;
	db_rollback(r->db);
	return s;
}

/* class_enrol_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
class_enrol(struct req *r, const struct enrolment_in *in,
    enum class_refusal *why, const char **code)
{
	enum db_status s;

	DB_RETRY(r->db, s, class_enrol_once(r, in, why, code));
	return s;
}

/* Fills e from row i of an ENROLMENT_COLS result; a thirteenth column
 * (SQL_CLASS_ROSTER) is when the enrolment was made. */
static void
enrolment_from_rows(const struct db_rows *rows, size_t i,
    struct enrolment *e)
{
	memset(e, 0, sizeof(*e));
	e->id = db_num(DB_CELL(rows, i, 0));
	e->class_id = db_num(DB_CELL(rows, i, 1));
	e->position = db_num(DB_CELL(rows, i, 2));
	e->code = DB_CELL(rows, i, 3);
	e->name = DB_CELL(rows, i, 4);
	e->phone = DB_CELL(rows, i, 5);
	e->relationship = DB_CELL(rows, i, 6);
	e->village = DB_CELL(rows, i, 7);
	e->age_group = DB_CELL(rows, i, 8);
	e->status = DB_CELL(rows, i, 9);
	e->left_behind = db_num(DB_CELL(rows, i, 10)) != 0;
	e->attended = db_num(DB_CELL(rows, i, 11)) != 0;
	if (rows->ncols > 12)
		e->created = DB_CELL(rows, i, 12);
}

enum db_status
enrolment_roster(struct req *r, long long class_id, struct enrolment **list,
    size_t *n)
{
	struct db_param p[] = { DP_INT(class_id) };
	struct db_rows rows;
	enum db_status s;
	size_t i;

	*list = NULL;
	*n = 0;
	if ((s = db_query(r->db, r->pool, SQL_CLASS_ROSTER, p, 1, &rows)) !=
	    DB_OK)
		return s;
	*list = pool_alloc(r->pool, (rows.nrows + 1) * sizeof(**list));
	for (i = 0; i < rows.nrows; i++)
		enrolment_from_rows(&rows, i, &(*list)[i]);
	*n = rows.nrows;
	return DB_OK;
}

enum db_status
enrolment_by_code(struct req *r, const char *code, struct enrolment *e)
{
	struct db_param p[] = { DP_STR(code) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_query_one(r->db, r->pool, SQL_ENROLMENT_BY_CODE, p, 1, &rows)) !=
	    DB_OK)
		return s;
	enrolment_from_rows(&rows, 0, e);
	return DB_OK;
}

enum db_status
enrolment_get(struct req *r, long long class_id, long long id,
    struct enrolment *e)
{
	struct db_param p[] = { DP_INT(id), DP_INT(class_id) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_query_one(r->db, r->pool, SQL_ENROLMENT_GET, p, 2, &rows)) !=
	    DB_OK)
		return s;
	enrolment_from_rows(&rows, 0, e);
	return DB_OK;
}

static enum db_status
enrolment_cancel_once(struct req *r, long long class_id, long long id)
{
	struct class_lock k;
	struct db_rows got;
	long long position;
	const char *was;
	enum db_status s;

	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = lock_class(r, class_id, &k)) != DB_OK)
		goto fail;
	{
		struct db_param p[] = { DP_INT(id), DP_INT(class_id) };

		if ((s = db_query(r->db, r->pool, SQL_ENROLMENT_LOCK, p, 2,
		    &got)) != DB_OK)
			goto fail;
	}
	if (got.nrows == 0 || strcmp(DB_CELL(&got, 0, 0), "cancelled") == 0) {
		s = DB_NOTFOUND;
		goto fail;
	}
	was = DB_CELL(&got, 0, 0);
	position = db_num(DB_CELL(&got, 0, 1));
	{
		struct db_param p[] = {
			r->sess != NULL ? DP_INT(r->sess->staff_id) : DP_NULL,
			DP_INT(id),
		};
		struct db_param q[] = { DP_INT(class_id), DP_INT(position) };

		if ((s = db_exec(r->db, SQL_ENROLMENT_CANCEL, p, 2, NULL,
		    NULL)) != DB_OK)
			goto fail;
		if (position > 0 && (s = db_exec(r->db, SQL_ENROLMENT_CLOSE_GAP,
		    q, 2, NULL, NULL)) != DB_OK)
			goto fail;
	}
	if ((s = fill_seats(r, class_id, k.capacity)) != DB_OK)
		goto fail;
	if (r->sess != NULL && (s = audit_log(r, "enrolment.cancel",
	    "class_enrolment", id, pool_printf(r->pool, "class=%lld; status=%s",
	    class_id, was), "status=cancelled")) != DB_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return s;
}

/* enrolment_cancel_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
enrolment_cancel(struct req *r, long long class_id, long long id)
{
	enum db_status s;

	DB_RETRY(r->db, s, enrolment_cancel_once(r, class_id, id));
	return s;
}

static enum db_status
enrolment_mark_once(struct req *r, long long class_id, long long id,
    bool attended)
{
	struct db_param p[] = { DP_INT(attended), DP_INT(attended), DP_INT(id),
	    DP_INT(class_id) };
	struct enrolment e;
	enum db_status s;

	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = enrolment_get(r, class_id, id, &e)) != DB_OK)
		goto fail;
	if (strcmp(e.status, "enrolled") != 0) {
		s = DB_NOTFOUND;
		goto fail;
	}
	if ((s = db_exec(r->db, SQL_ENROLMENT_ATTEND, p, 4, NULL, NULL)) !=
	    DB_OK || (s = audit_log(r, attended ? "enrolment.attend" :
	    "enrolment.unattend", "class_enrolment", id,
	    pool_printf(r->pool, "class=%lld; attended=%d", class_id,
	    e.attended ? 1 : 0), pool_printf(r->pool, "attended=%d",
	    attended ? 1 : 0))) != DB_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return s;
}

/* enrolment_mark_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
enrolment_mark(struct req *r, long long class_id, long long id,
    bool attended)
{
	enum db_status s;

	DB_RETRY(r->db, s, enrolment_mark_once(r, class_id, id, attended));
	return s;
}

bool
class_code_wellformed(const char *s)
{
	return s != NULL && strlen(s) == CLASS_CODE_LEN &&
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") == CLASS_CODE_LEN;
}

char *
class_phone_mask(struct pool *pool, const char *phone)
{
	if (phone == NULL || strlen(phone) != 11)
		return pool_strdup(pool, "***********");
	return pool_printf(pool, "%.3s****%.4s", phone, phone + 7);
}

char *
class_rate_text(struct pool *pool, long long attended, long long enrolled)
{
	long long tenths;

	if (enrolled <= 0)
		return pool_strdup(pool, "—");
	tenths = (attended * 1000 + enrolled / 2) / enrolled;
	return pool_printf(pool, "%lld.%lld%%", tenths / 10, tenths % 10);
}
