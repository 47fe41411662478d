/* Logging services at a station: the form of up to ten rows, correcting a
 * record within the window, and voiding one with a reason. All rows of a
 * form are stored in one transaction or none; rows in error come back
 * marked, with everything that was typed. */
#include <stdlib.h>
#include <string.h>

#include "elder.h"
#include "form.h"
#include "pages.h"
#include "ref.h"
#include "render.h"
#include "resp.h"
#include "service-pages.h"
#include "sess.h"

/* A new form has the rows a station usually enters at once; 再加几条 adds
 * ROWS_MORE blank ones, keeping what was typed. */
#define ROWS_DEFAULT 3
#define ROWS_MORE 3

enum sfield {
	SF_DATE, SF_ELDER, SF_TYPE, SF_VOLUNTEER, SF_START, SF_END, SF_SIGNED,
	SF_NOTE, SF__MAX
};

static const struct field service_fields[SF__MAX] = {
	[SF_DATE] = { "date", "服务日期", F_DATE, F_REQUIRED, 0, NULL, NULL },
	[SF_ELDER] = { "elder", "服务对象", F_UINT, F_REQUIRED, RECORD_ID_MAX, NULL,
	    "请选择服务对象" },
	[SF_TYPE] = { "service_type", "服务类型", F_UINT, F_REQUIRED, RECORD_ID_MAX,
	    NULL, "请选择服务类型" },
	[SF_VOLUNTEER] = { "volunteer", "志愿者", F_UINT, F_REQUIRED | F_MULTI,
	    RECORD_ID_MAX, NULL, "请至少选择一名志愿者" },
	[SF_START] = { "start", "开始时间", F_HHMM, F_REQUIRED, 0, NULL, NULL },
	[SF_END] = { "end", "结束时间", F_HHMM, F_REQUIRED, 0, NULL, NULL },
	[SF_SIGNED] = { "signed", "已签字", F_CHECK, 0, 0, NULL, NULL },
	[SF_NOTE] = { "note", "备注", F_TEXT, 0, 100, NULL, NULL },
};

enum vfield { VF_REASON, VF__MAX };

static const struct field void_fields[VF__MAX] = {
	[VF_REASON] = { "reason", "作废原因", F_TEXT, F_REQUIRED, 100, NULL,
	    "请写明作废原因" },
};

static const struct field new_fields[] = {
	{ "rows", "行数", F_UINT, 0, SERVICE_ROWS_MAX, NULL, NULL },
};

static const char busy_kept[] = "系统暂时繁忙，这次提交没有保存。您填写的内容"
    "都还在，请过一会儿再点“保存”。";

bool
service_date_open(const struct req *r, const struct service_choices *c,
    int ymd)
{
	return station_admin(r) || ymd >= c->earliest;
}

enum db_status
service_choices_load(struct req *r, const struct station *st,
    struct service_choices *c)
{
	enum db_status s;

	memset(c, 0, sizeof(*c));
	if ((s = elder_choices(r, st->id, &c->elders)) != DB_OK ||
	    (s = ref_service_types(r, &c->types)) != DB_OK ||
	    (s = service_volunteers(r, st->id, st->township_id,
	    &c->volunteers)) != DB_OK ||
	    (s = service_window(r, &c->window)) != DB_OK)
		return s;
	c->earliest = service_ymd(service_days(r->today_ymd) - c->window);
	return DB_OK;
}

enum db_status
service_filter_load(struct req *r, const struct station *st,
    long long elder, long long volunteer, struct service_choices *c)
{
	enum db_status s;

	memset(c, 0, sizeof(*c));
	if ((s = ref_service_types(r, &c->types)) != DB_OK ||
	    (elder != 0 && (s = elder_choice(r, st->id, elder,
	    &c->elders)) != DB_OK) ||
	    (volunteer != 0 && (s = service_volunteer_named(r, st->id,
	    st->township_id, volunteer, &c->volunteers)) != DB_OK))
		return s;
	return DB_OK;
}

/* The row of rows whose column 0 is id, or -1. */
static long
find(const struct db_rows *rows, long long id)
{
	size_t i;

	for (i = 0; i < rows->nrows; i++)
		if (strtoll(DB_CELL(rows, i, 0), NULL, 10) == id)
			return (long)i;
	return -1;
}

/* Whether id is one of keep's volunteers. */
static bool
kept_volunteer(const struct service *keep, long long id)
{
	size_t i;

	for (i = 0; keep != NULL && i < keep->in.nvolunteer; i++)
		if (keep->in.volunteer[i] == id)
			return true;
	return false;
}

/* Adds one list: rows whose active column is 1, or whose id is keep, or
 * all of them; mask_col (or -1) names a column of masked ID numbers. */
static void
list_xml(const struct db_rows *rows, size_t active_col, int mask_col,
    long long keep, bool all, xmlNodePtr parent, const char *name)
{
	size_t i;

	for (i = 0; i < rows->nrows; i++) {
		long long id = strtoll(DB_CELL(rows, i, 0), NULL, 10);
		bool active = strcmp(DB_CELL(rows, i, active_col), "1") == 0;
		xmlNodePtr e;

		if (!active && !all && id != keep)
			continue;
		e = x_el(parent, name);
		x_attr(e, "id", DB_CELL(rows, i, 0));
		x_attr(e, "name", DB_CELL(rows, i, 1));
		if (!active)
			x_attr(e, "retired", "1");
		if (mask_col >= 0)
			x_attr(e, "mask", DB_CELL(rows, i, (size_t)mask_col));
	}
}

void
service_choices_xml(struct req *r, const struct service_choices *c,
    const struct service *keep, bool all, xmlNodePtr root)
{
	xmlNodePtr vl = x_el(root, "volunteers");
	size_t i;

	list_xml(&c->elders, 3, 2, keep != NULL ? keep->in.elder_id : 0, all,
	    x_el(root, "elders"), "elder");
	list_xml(&c->types, 2, -1, keep != NULL ? keep->in.type_id : 0, all,
	    x_el(root, "types"), "type");
	for (i = 0; i < c->volunteers.nrows; i++) {
		xmlNodePtr e = x_el(vl, "volunteer");

		x_attr(e, "id", DB_CELL(&c->volunteers, i, 0));
		x_attr(e, "name", DB_CELL(&c->volunteers, i, 1));
		x_attr(e, "number", DB_CELL(&c->volunteers, i, 2));
		x_attr(e, "own", DB_CELL(&c->volunteers, i, 3));
	}
	/* Volunteers of the record who are no longer on the list. */
	if (keep != NULL) {
		struct db_rows v;

		if (service_volunteer_rows(r, keep->id, &v) != DB_OK)
			return;
		for (i = 0; i < v.nrows; i++) {
			xmlNodePtr e;

			if (find(&c->volunteers, strtoll(DB_CELL(&v, i, 0), NULL,
			    10)) >= 0)
				continue;
			e = x_el(vl, "volunteer");
			x_attr(e, "id", DB_CELL(&v, i, 0));
			x_attr(e, "name", DB_CELL(&v, i, 1));
			x_attr(e, "number", DB_CELL(&v, i, 2));
			x_attr(e, "own", "0");
		}
	}
}

/* A volunteer's name for messages. */
static const char *
volunteer_name(const struct service_choices *c, long long id)
{
	long i = find(&c->volunteers, id);

	return i >= 0 ? DB_CELL(&c->volunteers, (size_t)i, 1) : "所选志愿者";
}

/* Checks a row beyond its table: the date against today and the window,
 * the elder, type and volunteers against the station's lists (those of
 * keep, the record being edited, stay allowed), the times. Fills *in. */
static void
check_row(struct req *r, const struct service_choices *c, struct form *f,
    const struct service *keep, struct service_in *in)
{
	struct fval *v = f->val;
	long i;
	size_t k, j;

	memset(in, 0, sizeof(*in));
	if (v[SF_DATE].err == NULL) {
		in->date_ymd = v[SF_DATE].v.ymd;
		if (in->date_ymd > r->today_ymd)
			form_fail(f, SF_DATE, "服务日期不能晚于今天");
		else if (!service_date_open(r, c, in->date_ymd))
			form_fail(f, SF_DATE, pool_printf(r->pool, "只能登记最近%d天"
			    "（%s 以后）的服务；更早的记录请乡镇管理员补录",
			    c->window, service_date_text(r->pool, c->earliest)));
	}
	if (v[SF_ELDER].err == NULL) {
		in->elder_id = (long long)v[SF_ELDER].v.u;
		i = find(&c->elders, in->elder_id);
		if (i < 0 || (strcmp(DB_CELL(&c->elders, (size_t)i, 3),
		    "1") != 0 && (keep == NULL ||
		    keep->in.elder_id != in->elder_id)))
			form_fail(f, SF_ELDER, "请从本站服务对象名册中选择");
	}
	if (v[SF_TYPE].err == NULL) {
		in->type_id = (long long)v[SF_TYPE].v.u;
		i = find(&c->types, in->type_id);
		if (i < 0 || (strcmp(DB_CELL(&c->types, (size_t)i, 2),
		    "1") != 0 && (keep == NULL ||
		    keep->in.type_id != in->type_id)))
			form_fail(f, SF_TYPE, "请从列表中选择服务类型");
	}
	if (v[SF_VOLUNTEER].err == NULL) {
		for (k = 0; k < v[SF_VOLUNTEER].nmulti; k++) {
			unsigned long id;

			if (!valid_uint(v[SF_VOLUNTEER].multi[k],
			    RECORD_ID_MAX, &id))
				continue;
			for (j = 0; j < in->nvolunteer; j++)
				if (in->volunteer[j] == (long long)id)
					break;
			if (j < in->nvolunteer)
				continue;
			if (find(&c->volunteers, (long long)id) < 0 &&
			    !kept_volunteer(keep, (long long)id)) {
				form_fail(f, SF_VOLUNTEER, "只能选择本站或本乡镇已通过"
				    "审核的志愿者");
				break;
			}
			if (in->nvolunteer == SERVICE_VOLUNTEERS_MAX) {
				form_fail(f, SF_VOLUNTEER, pool_printf(r->pool,
				    "一条记录最多%d名志愿者", SERVICE_VOLUNTEERS_MAX));
				break;
			}
			in->volunteer[in->nvolunteer++] = (long long)id;
		}
	}
	if (v[SF_START].err == NULL && v[SF_END].err == NULL) {
		in->start = v[SF_START].v.minutes;
		in->end = v[SF_END].v.minutes;
		if (in->end <= in->start)
			form_fail(f, SF_END, "结束时间应晚于开始时间");
		else if (in->end - in->start > SERVICE_MINUTES_MAX)
			form_fail(f, SF_END, pool_printf(r->pool, "一次服务最长%d小时，"
			    "更长的请分成几条登记", SERVICE_MINUTES_MAX / 60));
	}
	in->elder_signed = v[SF_SIGNED].present;
	in->note = v[SF_NOTE].raw != NULL ? v[SF_NOTE].raw : "";
}

/* Marks the row of a clash with its message. */
static void
clash_fail(struct req *r, const struct service_choices *c, struct form *f,
    const struct service_clash *k)
{
	const char *where = k->other_row > 0 ?
	    pool_printf(r->pool, "本表第%zu条", k->other_row) :
	    pool_printf(r->pool, "记录编号%lld", k->other_id);

	if (k->kind == SERVICE_CLASH_DUPLICATE)
		form_fail(f, SF_START, pool_printf(r->pool, "这条服务已经登记过了"
		    "（%s：同一老人、服务类型、志愿者、日期和开始时间），"
		    "请勿重复登记", where));
	else if (k->kind == SERVICE_CLASH_ELDER)
		form_fail(f, SF_ELDER, "这位老人刚刚已不在本站名册中（或已停用），"
		    "请重新选择");
	else if (k->kind == SERVICE_CLASH_TYPE)
		form_fail(f, SF_TYPE, "这个服务类型刚刚已停用，请重新选择");
	else if (k->kind == SERVICE_CLASH_VOLUNTEER)
		form_fail(f, SF_VOLUNTEER, pool_printf(r->pool, "%s刚刚已不是"
		    "本站或本乡镇已通过审核的志愿者，请重新选择",
		    volunteer_name(c, k->volunteer_id)));
	else if (k->kind == SERVICE_CLASH_OVERLAP)
		form_fail(f, SF_VOLUNTEER, pool_printf(r->pool, "%s在 %s–%s "
		    "已有一条服务记录（%s），同一志愿者的服务时间不能重叠",
		    volunteer_name(c, k->volunteer_id),
		    service_time_text(r->pool, k->other_start),
		    service_time_text(r->pool, k->other_end), where));
}

/* The rows of one logging form. */
struct batch {
	size_t nrows;                          /* rows on the form */
	bool plain;                            /* one row, plain names */
	struct form form[SERVICE_ROWS_MAX];
	struct service_in in[SERVICE_ROWS_MAX];
	size_t idx[SERVICE_ROWS_MAX];          /* rows filled in (not blank) */
	size_t n;                              /* how many */
};

/* Renders the logging form. */
static void
show_new(struct req *r, int status, const struct station *st,
    const struct service_choices *c, const struct batch *b,
    const char *notice)
{
	xmlNodePtr root = page_new(r, "service-new", "登记服务记录");
	xmlNodePtr w = x_el(root, "window");
	size_t i;

	station_xml(st, root);
	{
		xmlNodePtr rows = x_el(root, "rows");

		x_attr_int(rows, "max", SERVICE_ROWS_MAX);
		x_attr_int(rows, "more", ROWS_MORE);
	}
	x_attr_int(w, "days", c->window);
	x_attr(w, "earliest", service_date_text(r->pool, c->earliest));
	x_attr(w, "admin", station_admin(r) ? "1" : "0");
	service_choices_xml(r, c, NULL, false, root);
	for (i = 0; i < b->nrows; i++) {
		xmlNodePtr fx = form_xml(&b->form[i], root);

		x_attr_int(fx, "row", (long long)i + 1);
	}
	if (notice != NULL)
		x_text(root, "notice", notice);
	(void)render_page(r, status, root);
}

/* How many rows the posted form has: the highest rN. prefix. Returns 0
 * when a row number is out of range. */
static size_t
posted_rows(const struct req *r)
{
	size_t i, n = 1;

	for (i = 0; i < r->form.n; i++) {
		const char *k = r->form.v[i].key;
		unsigned long row = 0;
		size_t d = 0;

		if (k[0] != 'r')
			continue;
		while (k[1 + d] >= '0' && k[1 + d] <= '9' && d < 6)
			row = row * 10 + (unsigned long)(k[1 + d++] - '0');
		if (d == 0 || k[1 + d] != '.')
			continue;
		if (row < 1 || row > SERVICE_ROWS_MAX)
			return 0;
		if (row > n)
			n = row;
	}
	return n;
}

/* Whether any of the plain (unprefixed) field names was posted. */
static bool
posted_plain(const struct req *r)
{
	size_t i;

	for (i = 0; i < SF__MAX; i++)
		if (kv_get(&r->form, service_fields[i].name) != NULL)
			return true;
	return false;
}

/* Reads and checks every row, then the filled-in rows against each
 * other (the later of two marked). Returns the number of rows in error;
 * b->idx[0..b->n) are the rows filled in, blank ones being skipped. */
static size_t
read_batch(struct req *r, const struct service_choices *c, struct batch *b)
{
	struct service_in rows[SERVICE_ROWS_MAX];
	struct service_clash clash[SERVICE_ROWS_MAX];
	size_t i, nbad = 0;

	for (i = 0; i < b->n; i++) {
		struct form *f = &b->form[b->idx[i]];

		check_row(r, c, f, NULL, &b->in[b->idx[i]]);
		if (f->nerr > 0)
			nbad++;
	}
	if (nbad > 0 || b->n == 0)
		return nbad;
	for (i = 0; i < b->n; i++)
		rows[i] = b->in[b->idx[i]];
	if (service_batch_clashes(rows, b->n, clash) == 0)
		return 0;
	for (i = 0; i < b->n; i++) {
		if (clash[i].kind == SERVICE_CLASH_NONE)
			continue;
		clash[i].other_row = b->idx[clash[i].other_row - 1] + 1;
		clash_fail(r, c, &b->form[b->idx[i]], &clash[i]);
		nbad++;
	}
	return nbad;
}

/* Drops the messages of a row's fields. */
static void
row_quiet(struct form *f)
{
	size_t j;

	for (j = 0; j < SF__MAX; j++)
		f->val[j].err = NULL;
	f->nerr = 0;
}

/* Makes row i of b blank but for today's date. */
static void
row_blank(struct req *r, struct batch *b, size_t i)
{
	form_empty(r, &b->form[i], service_fields, SF__MAX,
	    pool_printf(r->pool, "r%zu.", i + 1));
	b->form[i].val[SF_DATE].raw = service_date_text(r->pool, r->today_ymd);
}

/* Checks each row's fields against the table, and notes in b->idx the
 * rows filled in (a blank row is left out, its messages dropped). */
static void
read_forms(struct req *r, struct batch *b)
{
	size_t i;

	b->n = 0;
	for (i = 0; i < b->nrows; i++) {
		struct form *f = &b->form[i];
		const struct fval *v;

		form_check(r, f, service_fields, SF__MAX, b->plain ? NULL :
		    pool_printf(r->pool, "r%zu.", i + 1));
		v = f->val;
		if (!v[SF_ELDER].present && !v[SF_TYPE].present &&
		    !v[SF_VOLUNTEER].present && !v[SF_START].present &&
		    !v[SF_END].present && !v[SF_NOTE].present) {
			row_quiet(f);
			continue;
		}
		b->idx[b->n++] = i;
	}
}

/* Appends src's rows to dst (the same columns; dst may be empty). */
static void
rows_append(struct pool *pool, struct db_rows *dst, const struct db_rows *src)
{
	size_t n = dst->nrows + src->nrows, nc = src->ncols;
	char **cell;
	unsigned long *len;

	if (src->nrows == 0)
		return;
	cell = pool_alloc(pool, (n * nc + 1) * sizeof(*cell));
	len = pool_alloc(pool, (n * nc + 1) * sizeof(*len));
	if (dst->nrows > 0) {
		memcpy(cell, dst->cell, dst->nrows * nc * sizeof(*cell));
		memcpy(len, dst->len, dst->nrows * nc * sizeof(*len));
	}
	memcpy(cell + dst->nrows * nc, src->cell, src->nrows * nc *
	    sizeof(*cell));
	memcpy(len + dst->nrows * nc, src->len, src->nrows * nc *
	    sizeof(*len));
	dst->cell = cell;
	dst->len = len;
	dst->name = src->name;
	dst->ncols = nc;
	dst->nrows = n;
}

/* The choices a post is checked against: every type, and of the station's
 * elders and volunteers only those its rows name, as service_choices_load
 * gives them — not the whole roster, which only a form shown again needs. */
static enum db_status
posted_choices_load(struct req *r, const struct station *st,
    const struct batch *b, struct service_choices *c)
{
	enum db_status s;
	struct db_rows one;
	size_t i, k;

	memset(c, 0, sizeof(*c));
	if ((s = ref_service_types(r, &c->types)) != DB_OK ||
	    (s = service_window(r, &c->window)) != DB_OK)
		return s;
	c->earliest = service_ymd(service_days(r->today_ymd) - c->window);
	for (i = 0; i < b->n; i++) {
		const struct fval *v = b->form[b->idx[i]].val;
		unsigned long id;

		if (v[SF_ELDER].present && v[SF_ELDER].err == NULL &&
		    find(&c->elders, (long long)v[SF_ELDER].v.u) < 0) {
			if ((s = elder_choice(r, st->id,
			    (long long)v[SF_ELDER].v.u, &one)) != DB_OK)
				return s;
			rows_append(r->pool, &c->elders, &one);
		}
		for (k = 0; k < v[SF_VOLUNTEER].nmulti; k++) {
			if (!valid_uint(v[SF_VOLUNTEER].multi[k], RECORD_ID_MAX,
			    &id) || find(&c->volunteers, (long long)id) >= 0)
				continue;
			if ((s = service_volunteer_choice(r, st->id,
			    st->township_id, (long long)id, &one)) != DB_OK)
				return s;
			rows_append(r->pool, &c->volunteers, &one);
		}
	}
	return DB_OK;
}

/* Shows the form again after a post, with the station's whole roster to
 * choose from (c, what the post named, when that cannot be read). */
static void
show_again(struct req *r, int status, const struct station *st,
    const struct service_choices *c, const struct batch *b,
    const char *notice)
{
	struct service_choices full;

	if (service_choices_load(r, st, &full) != DB_OK) {
		show_new(r, 503, st, c, b, busy_kept);
		return;
	}
	show_new(r, status, st, &full, b, notice);
}

/* "第1、3条" for the rows in error. */
static const char *
bad_rows(struct req *r, const struct batch *b)
{
	char *s = pool_strdup(r->pool, "");
	size_t i;

	for (i = 0; i < b->nrows; i++)
		if (b->form[i].nerr > 0)
			s = pool_printf(r->pool, "%s%s%zu", s, *s ? "、" : "",
			    i + 1);
	return s;
}

/* GET, POST /station/services/new */
void
page_service_new(struct req *r)
{
	struct service_clash clash[SERVICE_ROWS_MAX];
	struct service_in rows[SERVICE_ROWS_MAX];
	struct service_choices c;
	struct station st;
	struct batch *b;
	size_t i, nclash;
	enum db_status s;

	if (station_of_page(r, &st) != 0)
		return;
	b = pool_alloc(r->pool, sizeof(*b));
	if (r->method != METHOD_POST) {
		struct form q;

		if (service_choices_load(r, &st, &c) != DB_OK) {
			render_error(r, 503, MSG_BUSY);
			return;
		}
		form_check_query(r, &q, new_fields, 1);
		b->nrows = q.nerr == 0 && q.val[0].present && q.val[0].v.u > 0 ?
		    q.val[0].v.u : ROWS_DEFAULT;
		for (i = 0; i < b->nrows; i++)
			row_blank(r, b, i);
		show_new(r, 200, &st, &c, b, NULL);
		return;
	}
	b->plain = posted_plain(r);
	b->nrows = b->plain ? 1 : posted_rows(r);
	if (b->nrows == 0) {
		render_error(r, 422, pool_printf(r->pool, "一次最多登记%d条服务记录。",
		    SERVICE_ROWS_MAX));
		return;
	}
	/* Checked against what the rows name; the whole roster is read only
	 * when the form has to be shown again. */
	read_forms(r, b);
	/* 再加几条 (the button named more): the rows come back as typed, blank
	 * ones after them; nothing is checked or stored yet. */
	if (!b->plain && kv_get(&r->form, "more") != NULL) {
		for (i = 0; i < b->nrows; i++)
			row_quiet(&b->form[i]);
		for (i = 0; i < ROWS_MORE && b->nrows < SERVICE_ROWS_MAX; i++)
			row_blank(r, b, b->nrows++);
		if (service_choices_load(r, &st, &c) != DB_OK) {
			render_error(r, 503, MSG_BUSY);
			return;
		}
		show_new(r, 200, &st, &c, b, NULL);
		return;
	}
	if (posted_choices_load(r, &st, b, &c) != DB_OK) {
		show_new(r, 503, &st, &c, b, busy_kept);
		return;
	}
	if (r->resumed) {
		for (i = 0; i < b->nrows; i++)
			(void)form_resumed(r, &b->form[i]);
		show_again(r, 200, &st, &c, b, MSG_RESUMED);
		return;
	}
	if (read_batch(r, &c, b) > 0) {
		show_again(r, 422, &st, &c, b, pool_printf(r->pool, "第%s条有需要"
		    "修改的地方（见红色提示）。这次提交的记录都还没有保存，改好后请"
		    "再点“保存”。", bad_rows(r, b)));
		return;
	}
	if (b->n == 0) {
		show_again(r, 422, &st, &c, b, "请至少填写一条服务记录。");
		return;
	}
	for (i = 0; i < b->n; i++)
		rows[i] = b->in[b->idx[i]];
	if ((s = service_insert(r, st.id, rows, b->n, clash, &nclash, NULL)) !=
	    DB_OK) {
		show_new(r, 503, &st, &c, b, busy_kept);
		return;
	}
	if (nclash > 0) {
		for (i = 0; i < b->n; i++)
			clash_fail(r, &c, &b->form[b->idx[i]], &clash[i]);
		show_again(r, 422, &st, &c, b, pool_printf(r->pool, "第%s条与已登记"
		    "的记录冲突（见红色提示）。这次提交的记录都还没有保存，改好后"
		    "请再点“保存”。", bad_rows(r, b)));
		return;
	}
	resp_redirect(r, pool_printf(r->pool, "/station/services?station=%lld"
	    "&saved=%zu", st.id, b->n));
}

/* The record the route names, which the responder found in scope
 * (r->entity_id), with its station; otherwise answers (404 when it went
 * away meanwhile, 503) and returns -1. */
static int
service_of_path(struct req *r, struct service *sv, struct station *st)
{
	long long id = r->entity_id;
	enum db_status s;

	if (id == 0 || (s = service_get(r, id, sv)) == DB_NOTFOUND) {
		render_error(r, 404, "没有找到这条服务记录。");
		return -1;
	}
	if (s != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return -1;
	}
	return station_of_record(r, sv->station_id, st);
}

/* The record of the path with its station and the choices of its form;
 * otherwise answers (404, 403, 503) and returns -1. */
static int
service_for_change(struct req *r, struct service *sv, struct station *st,
    struct service_choices *c)
{
	if (service_of_path(r, sv, st) != 0)
		return -1;
	if (service_choices_load(r, st, c) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return -1;
	}
	return 0;
}

/* Why the record cannot be changed by this staff member, or NULL. */
static const char *
locked_why(struct req *r, const struct service_choices *c,
    const struct service *sv)
{
	if (sv->voided)
		return "这条记录已作废，不能再修改。";
	if (!service_date_open(r, c, sv->in.date_ymd))
		return pool_printf(r->pool, "这条记录的服务日期早于 %s（超过%d天），"
		    "服务站不能再修改或作废；如需更正，请联系乡镇管理员。",
		    service_date_text(r->pool, c->earliest), c->window);
	return NULL;
}

/* Renders the correction page: the record as stored, then the edit and
 * void forms, or why it cannot be changed (locked). */
static void
show_edit(struct req *r, int status, const struct station *st,
    const struct service_choices *c, const struct service *sv,
    const struct form *ef, const struct form *vf, const char *locked,
    const char *notice)
{
	xmlNodePtr root = page_new(r, "service-edit", "更正服务记录");
	xmlNodePtr rec = x_el(root, "record");
	long i;

	station_xml(st, root);
	x_attr_int(rec, "id", sv->id);
	x_attr(rec, "date", service_date_text(r->pool, sv->in.date_ymd));
	x_attr(rec, "start", service_time_text(r->pool, sv->in.start));
	x_attr(rec, "end", service_time_text(r->pool, sv->in.end));
	x_attr_int(rec, "minutes", sv->minutes);
	if ((i = find(&c->elders, sv->in.elder_id)) >= 0)
		x_attr(rec, "elder", DB_CELL(&c->elders, (size_t)i, 1));
	if ((i = find(&c->types, sv->in.type_id)) >= 0)
		x_attr(rec, "type", DB_CELL(&c->types, (size_t)i, 1));
	x_attr(rec, "signed", sv->in.elder_signed ? "1" : "0");
	x_attr(rec, "note", sv->in.note);
	if (sv->voided) {
		x_attr(rec, "voided", "1");
		x_attr(rec, "reason", sv->void_reason);
	}
	service_choices_xml(r, c, sv, false, root);
	if (locked != NULL)
		x_text(root, "locked", locked);
	else {
		form_xml(ef, x_el(root, "edit"));
		form_xml(vf, x_el(root, "void"));
	}
	if (notice != NULL)
		x_text(root, "notice", notice);
	(void)render_page(r, status, root);
}

/* Fills an edit form with the stored record. */
static void
form_from_service(struct req *r, struct form *f, const struct service *sv)
{
	struct fval *v = f->val;
	size_t k;

	v[SF_DATE].raw = service_date_text(r->pool, sv->in.date_ymd);
	v[SF_ELDER].raw = pool_printf(r->pool, "%lld", sv->in.elder_id);
	v[SF_TYPE].raw = pool_printf(r->pool, "%lld", sv->in.type_id);
	v[SF_START].raw = service_time_text(r->pool, sv->in.start);
	v[SF_END].raw = service_time_text(r->pool, sv->in.end);
	v[SF_SIGNED].raw = sv->in.elder_signed ? "yes" : NULL;
	v[SF_NOTE].raw = sv->in.note;
	v[SF_VOLUNTEER].multi = pool_alloc(r->pool, (sv->in.nvolunteer + 1) *
	    sizeof(char *));
	for (k = 0; k < sv->in.nvolunteer; k++)
		v[SF_VOLUNTEER].multi[k] = pool_printf(r->pool, "%lld",
		    sv->in.volunteer[k]);
	v[SF_VOLUNTEER].nmulti = sv->in.nvolunteer;
}

/* GET, POST /station/services/ID/edit */
void
page_service_edit(struct req *r)
{
	struct service_choices c;
	struct service_clash clash;
	struct service sv;
	struct service_in in;
	struct station st;
	struct form ef, vf;
	const char *locked;
	enum db_status s;

	if (service_for_change(r, &sv, &st, &c) != 0)
		return;
	locked = locked_why(r, &c, &sv);
	form_empty(r, &vf, void_fields, VF__MAX, NULL);
	if (r->method != METHOD_POST) {
		form_empty(r, &ef, service_fields, SF__MAX, NULL);
		form_from_service(r, &ef, &sv);
		show_edit(r, 200, &st, &c, &sv, &ef, &vf, locked, NULL);
		return;
	}
	if (locked != NULL) {
		render_error(r, sv.voided ? 409 : 403, locked);
		return;
	}
	form_check(r, &ef, service_fields, SF__MAX, NULL);
	if (form_resumed(r, &ef)) {
		show_edit(r, 200, &st, &c, &sv, &ef, &vf, NULL, MSG_RESUMED);
		return;
	}
	check_row(r, &c, &ef, &sv, &in);
	if (ef.nerr > 0) {
		show_edit(r, 422, &st, &c, &sv, &ef, &vf, NULL,
		    "有几项需要修改，请看红色的提示。记录还没有改动。");
		return;
	}
	s = service_update(r, &sv, &in, &clash);
	if (s == DB_NOTFOUND) {
		render_error(r, 409, "这条记录刚刚已被作废，不能再修改。");
		return;
	}
	if (s != DB_OK) {
		show_edit(r, 503, &st, &c, &sv, &ef, &vf, NULL, busy_kept);
		return;
	}
	if (clash.kind != SERVICE_CLASH_NONE) {
		clash_fail(r, &c, &ef, &clash);
		show_edit(r, 422, &st, &c, &sv, &ef, &vf, NULL,
		    "与已登记的记录冲突，请看红色的提示。记录还没有改动。");
		return;
	}
	resp_redirect(r, pool_printf(r->pool, "/station/services?station=%lld"
	    "&saved=1", st.id));
}

/* POST /station/services/ID/void: with a reason; the record stays,
 * marked, and leaves every total. */
void
page_service_void(struct req *r)
{
	struct service_choices c;
	struct service sv;
	struct station st;
	struct form ef, vf;
	const char *locked;
	enum db_status s;

	if (service_for_change(r, &sv, &st, &c) != 0)
		return;
	if ((locked = locked_why(r, &c, &sv)) != NULL) {
		render_error(r, sv.voided ? 409 : 403, locked);
		return;
	}
	form_empty(r, &ef, service_fields, SF__MAX, NULL);
	form_from_service(r, &ef, &sv);
	if (form_check(r, &vf, void_fields, VF__MAX, NULL) > 0) {
		show_edit(r, 422, &st, &c, &sv, &ef, &vf, NULL,
		    "作废须写明原因。记录还没有作废。");
		return;
	}
	s = service_void(r, sv.id, vf.val[VF_REASON].raw);
	if (s == DB_NOTFOUND) {
		render_error(r, 409, "这条记录已经作废了。");
		return;
	}
	if (s != DB_OK) {
		show_edit(r, 503, &st, &c, &sv, &ef, &vf, NULL, busy_kept);
		return;
	}
	resp_redirect(r, pool_printf(r->pool, "/station/services?station=%lld"
	    "&voided=1", st.id));
}
