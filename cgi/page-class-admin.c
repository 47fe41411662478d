/* Family-education classes, the staff side (township and county admins):
 * the classes of the admin's scope with their figures, creating and
 * editing a class, the roster with check-in and cancellation, the
 * printable sign-in sheet and the CSV export of enrolments. A township
 * admin reaches only its own township's classes; any other is 403. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "class.h"
#include "csv.h"
#include "form.h"
#include "pages.h"
#include "ref.h"
#include "render.h"
#include "resp.h"
#include "scope.h"
#include "sess.h"
#include "station-scope.h"


/* The township an admin is limited to, or 0 for the whole county. */
static long long
scope_township(const struct req *r)
{
	return scope_of(r).township_id;
}

/* Reads class id when it is in scope (scope.c's rule): 0, or -1 after
 * answering 404, 403 or 503. */
static int
class_in_scope(struct req *r, long long id, struct class_rec *c)
{
	enum db_status s;

	if (id == 0 || (s = class_get(r, id, c)) == DB_NOTFOUND) {
		render_error(r, 404, "没有找到这堂课。");
		return -1;
	}
	if (s != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return -1;
	}
	if (!scope_allows(r, c->township_id, 0)) {
		render_error(r, 403, "您没有权限查看其他乡镇的课程。");
		return -1;
	}
	return 0;
}

/* The class the route names, which the responder found in scope
 * (r->entity_id), as class_in_scope. */
static int
class_of_path(struct req *r, struct class_rec *c)
{
	return class_in_scope(r, r->entity_id, c);
}

/* Adds the figures of c to its <class> element e. */
static void
figures_xml(struct req *r, const struct class_rec *c, xmlNodePtr e)
{
	x_attr_int(e, "enrolled", c->enrolled);
	x_attr_int(e, "attended", c->attended);
	x_attr(e, "rate", class_rate_text(r->pool, c->attended, c->enrolled));
	x_attr_int(e, "left-behind", c->left_behind);
	x_attr_int(e, "left-behind-reached", c->left_behind_attended);
	x_attr_int(e, "township-id", c->township_id);
}

/* GET /admin/classes: the classes of the admin's scope, newest first. */
void
page_admin_classes(struct req *r)
{
	struct class_rec *classes;
	xmlNodePtr root, list;
	size_t i, n;

	if (class_list_admin(r, scope_township(r), &classes, &n) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	root = page_new(r, "admin-class-list", "家长课堂");
	list = x_el(root, "classes");
	for (i = 0; i < n; i++)
		figures_xml(r, &classes[i], class_xml(r, &classes[i], list));
	(void)render_page(r, 200, root);
}

enum kfield {
	KF_TITLE, KF_DESCRIPTION, KF_AUDIENCE, KF_TOWNSHIP, KF_VENUE, KF_DATE,
	KF_START, KF_MINUTES, KF_CAPACITY, KF_DEADLINE, KF_DEADLINE_TIME,
	KF_STATUS, KF__MAX
};

static const struct field class_fields[KF__MAX] = {
	[KF_TITLE] = { "title", "课程名称", F_TEXT, F_REQUIRED, 40, NULL, NULL },
	[KF_DESCRIPTION] = { "description", "课程介绍", F_LINES, 0, 500, NULL,
	    NULL },
	[KF_AUDIENCE] = { "audience", "面向对象", F_CHOICE, F_REQUIRED, 0,
	    class_audiences, NULL },
	[KF_TOWNSHIP] = { "township", "乡镇", F_UINT, F_REQUIRED, RECORD_ID_MAX,
	    NULL, "请选择乡镇" },
	[KF_VENUE] = { "venue", "上课地点", F_TEXT, F_REQUIRED, 60, NULL, NULL },
	[KF_DATE] = { "date", "上课日期", F_DATE, F_REQUIRED, 0, NULL, NULL },
	[KF_START] = { "start", "开始时间", F_HHMM, F_REQUIRED, 0, NULL, NULL },
	[KF_MINUTES] = { "minutes", "时长（分钟）", F_UINT, F_REQUIRED,
	    CLASS_MINUTES_MAX, NULL, NULL },
	[KF_CAPACITY] = { "capacity", "名额", F_UINT, F_REQUIRED,
	    CLASS_CAPACITY_MAX, NULL, NULL },
	[KF_DEADLINE] = { "deadline", "报名截止日期", F_DATE, F_REQUIRED, 0, NULL,
	    NULL },
	[KF_DEADLINE_TIME] = { "deadline_time", "报名截止时间", F_HHMM,
	    F_REQUIRED, 0, NULL, NULL },
	[KF_STATUS] = { "status", "状态", F_CHOICE, F_REQUIRED, 0,
	    class_statuses, NULL },
};

/* Renders the class form (new when c is NULL). With status 503 the
 * database is not asked again. */
static void
show_form(struct req *r, int status, const struct class_rec *c,
    const struct form *f, const char *notice)
{
	long long scope = scope_township(r);
	xmlNodePtr root = page_new(r, c != NULL ? "admin-class-edit" :
	    "admin-class-new", c != NULL ? "修改课程" : "开设新课程");
	xmlNodePtr list = x_el(root, "townships");
	struct db_rows towns;
	size_t i;

	if (status != 503) {
		if (ref_townships(r, &towns) != DB_OK) {
			render_error_instead(r, root, 503, MSG_BUSY);
			return;
		}
		for (i = 0; i < towns.nrows; i++) {
			xmlNodePtr t;

			if (scope != 0 && strtoll(DB_CELL(&towns, i, 0), NULL,
			    10) != scope)
				continue;
			t = x_el(list, "township");
			x_attr(t, "id", DB_CELL(&towns, i, 0));
			x_attr(t, "name", DB_CELL(&towns, i, 1));
		}
	}
	if (c != NULL)
		x_attr_int(x_el(root, "editing"), "id", c->id);
	choices_xml(class_audiences, root, "audiences");
	choices_xml(class_statuses, root, "statuses");
	form_xml(f, root);
	if (notice != NULL)
		x_text(root, "notice", notice);
	(void)render_page(r, status, root);
}

/* Checks what the table cannot and fills *in. editing: the class being
 * changed (its start may lie in the past), or NULL for a new one. */
static enum db_status
check_class(struct req *r, struct form *f, const struct class_rec *editing,
    struct class_in *in)
{
	struct fval *v = f->val;
	long long scope = scope_township(r);
	int now_min = (int)((r->now + REQ_UTC_OFFSET) % 86400 / 60);
	struct db_rows towns;
	enum db_status s;
	size_t i;

	memset(in, 0, sizeof(in[0]));
	if (v[KF_TOWNSHIP].err == NULL) {
		long long t = (long long)v[KF_TOWNSHIP].v.u;
		bool found = false;

		if ((s = ref_townships(r, &towns)) != DB_OK)
			return s;
		for (i = 0; i < towns.nrows; i++)
			if (strtoll(DB_CELL(&towns, i, 0), NULL, 10) == t)
				found = true;
		if (!found)
			form_fail(f, KF_TOWNSHIP, "请从列表中选择乡镇");
		else if (scope != 0 && t != scope)
			form_fail(f, KF_TOWNSHIP, "只能为本乡镇开设课程");
		in->township_id = t;
	}
	if (v[KF_MINUTES].err == NULL && v[KF_MINUTES].v.u < 10)
		form_fail(f, KF_MINUTES, "课程时长应在10至600分钟之间");
	if (v[KF_CAPACITY].err == NULL && v[KF_CAPACITY].v.u < 1)
		form_fail(f, KF_CAPACITY, "名额至少为1人");
	if (v[KF_DATE].err == NULL && v[KF_START].err == NULL &&
	    editing == NULL && (v[KF_DATE].v.ymd < r->today_ymd ||
	    (v[KF_DATE].v.ymd == r->today_ymd &&
	    v[KF_START].v.minutes <= now_min)))
		form_fail(f, KF_DATE, "上课时间应晚于现在");
	if (v[KF_DATE].err == NULL && v[KF_START].err == NULL &&
	    v[KF_DEADLINE].err == NULL && v[KF_DEADLINE_TIME].err == NULL &&
	    (v[KF_DEADLINE].v.ymd > v[KF_DATE].v.ymd ||
	    (v[KF_DEADLINE].v.ymd == v[KF_DATE].v.ymd &&
	    v[KF_DEADLINE_TIME].v.minutes > v[KF_START].v.minutes)))
		form_fail(f, KF_DEADLINE, "报名截止时间不能晚于上课时间");
	in->title = v[KF_TITLE].raw;
	in->description = v[KF_DESCRIPTION].raw != NULL ?
	    v[KF_DESCRIPTION].raw : "";
	in->audience = v[KF_AUDIENCE].raw;
	in->venue = v[KF_VENUE].raw;
	in->status = v[KF_STATUS].raw;
	in->starts_at = pool_printf(r->pool, "%s %s:00", v[KF_DATE].raw,
	    v[KF_START].raw);
	in->deadline = pool_printf(r->pool, "%s %s:00", v[KF_DEADLINE].raw,
	    v[KF_DEADLINE_TIME].raw);
	in->minutes = (long long)v[KF_MINUTES].v.u;
	in->capacity = (long long)v[KF_CAPACITY].v.u;
	return DB_OK;
}

static const char busy_kept[] = "系统暂时繁忙，这次没有保存。您填写的内容都还在，"
    "请过一会儿再点“保存”。";

/* GET, POST /admin/classes/new */
void
page_admin_class_new(struct req *r)
{
	struct class_in in;
	struct form f;
	long long id;

	if (r->method != METHOD_POST) {
		form_empty(r, &f, class_fields, KF__MAX, NULL);
		f.val[KF_STATUS].raw = "open";
		f.val[KF_MINUTES].raw = "90";
		f.val[KF_DEADLINE_TIME].raw = "18:00";
		if (scope_township(r) != 0)
			f.val[KF_TOWNSHIP].raw = pool_printf(r->pool, "%lld",
			    scope_township(r));
		show_form(r, 200, NULL, &f, NULL);
		return;
	}
	form_check(r, &f, class_fields, KF__MAX, NULL);
	if (form_resumed(r, &f)) {
		show_form(r, 200, NULL, &f, MSG_RESUMED);
		return;
	}
	if (check_class(r, &f, NULL, &in) != DB_OK) {
		show_form(r, 503, NULL, &f, busy_kept);
		return;
	}
	if (f.nerr > 0) {
		show_form(r, 422, NULL, &f, "有几项需要修改，请看红色的提示。");
		return;
	}
	if (class_insert(r, &in, &id) != DB_OK) {
		show_form(r, 503, NULL, &f, busy_kept);
		return;
	}
	resp_redirect(r, pool_printf(r->pool, "/admin/classes/%lld/roster", id));
}

/* GET, POST /admin/classes/ID/edit */
void
page_admin_class_edit(struct req *r)
{
	struct class_rec c;
	struct class_in in;
	struct form f;
	long long taken;

	if (class_of_path(r, &c) != 0)
		return;
	if (r->method != METHOD_POST) {
		struct fval *v;

		form_empty(r, &f, class_fields, KF__MAX, NULL);
		v = f.val;
		v[KF_TITLE].raw = c.title;
		v[KF_DESCRIPTION].raw = c.description;
		v[KF_AUDIENCE].raw = c.audience;
		v[KF_TOWNSHIP].raw = pool_printf(r->pool, "%lld", c.township_id);
		v[KF_VENUE].raw = c.venue;
		v[KF_DATE].raw = c.date;
		v[KF_START].raw = c.start;
		v[KF_MINUTES].raw = pool_printf(r->pool, "%lld", c.minutes);
		v[KF_CAPACITY].raw = pool_printf(r->pool, "%lld", c.capacity);
		v[KF_DEADLINE].raw = c.deadline_date;
		v[KF_DEADLINE_TIME].raw = c.deadline_time;
		v[KF_STATUS].raw = c.status;
		show_form(r, 200, &c, &f, NULL);
		return;
	}
	form_check(r, &f, class_fields, KF__MAX, NULL);
	if (form_resumed(r, &f)) {
		show_form(r, 200, &c, &f, MSG_RESUMED);
		return;
	}
	if (check_class(r, &f, &c, &in) != DB_OK) {
		show_form(r, 503, &c, &f, busy_kept);
		return;
	}
	if (f.nerr > 0) {
		show_form(r, 422, &c, &f, "有几项需要修改，请看红色的提示。课程还没有改动。");
		return;
	}
	if (class_update(r, c.id, &in, &taken) != DB_OK) {
		show_form(r, 503, &c, &f, busy_kept);
		return;
	}
	if (taken > 0) {
		form_fail(&f, KF_CAPACITY, pool_printf(r->pool, "已有%lld人报名，"
		    "名额不能少于%lld；如需减少，请先在名单中取消部分报名",
		    taken, taken));
		show_form(r, 422, &c, &f, "有几项需要修改，请看红色的提示。课程还没有改动。");
		return;
	}
	resp_redirect(r, pool_printf(r->pool, "/admin/classes/%lld/roster?saved=1",
	    c.id));
}

/* Adds the enrolments of class c to root; with mask, phone numbers are
 * masked (for paper). Only live ones unless all. */
static enum db_status
roster_xml(struct req *r, const struct class_rec *c, bool mask, bool all,
    xmlNodePtr root)
{
	struct enrolment *roster;
	xmlNodePtr list = x_el(root, "enrolments");
	enum db_status s;
	size_t i, n;

	if ((s = enrolment_roster(r, c->id, &roster, &n)) != DB_OK)
		return s;
	for (i = 0; i < n; i++) {
		const struct enrolment *en = &roster[i];
		xmlNodePtr e;

		if (!all && strcmp(en->status, "cancelled") == 0)
			continue;
		e = x_el(list, "enrolment");
		x_attr_int(e, "id", en->id);
		x_attr_int(e, "position", en->position);
		x_attr(e, "name", en->name);
		x_attr(e, "phone", mask ? class_phone_mask(r->pool, en->phone) :
		    en->phone);
		x_attr(e, "relationship", choice_label(class_relationships,
		    en->relationship));
		x_attr(e, "village", en->village);
		x_attr(e, "age-group", choice_label(class_age_groups,
		    en->age_group));
		x_attr(e, "status", en->status);
		x_attr(e, "left-behind", en->left_behind ? "1" : "0");
		x_attr(e, "attended", en->attended ? "1" : "0");
		x_attr(e, "at", en->created);
	}
	return DB_OK;
}

enum rfield { RF_PRESENT, RF_ABSENT, RF_CANCEL, RF_CONFIRM, RF__MAX };

static const struct field roster_fields[RF__MAX] = {
	[RF_PRESENT] = { "present", "签到", F_UINT, 0, RECORD_ID_MAX, NULL, NULL },
	[RF_ABSENT] = { "absent", "撤销签到", F_UINT, 0, RECORD_ID_MAX, NULL,
	    NULL },
	[RF_CANCEL] = { "cancel", "取消报名", F_UINT, 0, RECORD_ID_MAX, NULL,
	    NULL },
	/* Posted by the confirmation page: the roster's button alone only
	 * asks. */
	[RF_CONFIRM] = { "confirm", "确认取消", F_CHECK, 0, 0, NULL, NULL },
};

/* The page that asks before an enrolment is cancelled from the roster
 * (answers itself). */
static void
confirm_cancel(struct req *r, const struct class_rec *c, long long id)
{
	struct enrolment e;
	enum db_status s = enrolment_get(r, c->id, id, &e);
	xmlNodePtr root, x;

	if (s == DB_NOTFOUND || (s == DB_OK &&
	    strcmp(e.status, "cancelled") == 0)) {
		render_error(r, 409, "这个报名已经取消了。");
		return;
	}
	if (s != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	root = page_new(r, "admin-class-cancel", "确认取消报名");
	class_xml(r, c, root);
	x = x_el(root, "enrolment");
	x_attr_int(x, "id", e.id);
	x_attr(x, "name", e.name);
	x_attr(x, "status", e.status);
	x_attr_int(x, "position", e.position);
	x_attr(x, "relationship", choice_label(class_relationships,
	    e.relationship));
	x_attr(x, "village", e.village);
	(void)render_page(r, 200, root);
}

enum qfield { QF_SAVED, QF__MAX };

static const struct field roster_query[QF__MAX] = {
	[QF_SAVED] = { "saved", "", F_UINT, 0, 9, NULL, NULL },
};

/* Acts on one button of the roster form: check someone in, undo it, or
 * cancel an enrolment; then back to the roster with a notice. */
static void
roster_post(struct req *r, const struct class_rec *c)
{
	struct form f;
	enum db_status s;
	unsigned long id;
	int done;

	if (form_check(r, &f, roster_fields, RF__MAX, NULL) > 0) {
		render_error(r, 422, "请点名单上的按钮。");
		return;
	}
	if (f.val[RF_CANCEL].present) {
		id = f.val[RF_CANCEL].v.u;
		if (!f.val[RF_CONFIRM].present) {
			confirm_cancel(r, c, (long long)id);
			return;
		}
		s = enrolment_cancel(r, c->id, (long long)id);
		done = 3;
	} else if (f.val[RF_PRESENT].present || f.val[RF_ABSENT].present) {
		bool present = f.val[RF_PRESENT].present;

		id = f.val[present ? RF_PRESENT : RF_ABSENT].v.u;
		s = enrolment_mark(r, c->id, (long long)id, present);
		done = present ? 1 : 2;
	} else {
		render_error(r, 422, "请点名单上的按钮。");
		return;
	}
	if (s == DB_NOTFOUND) {
		render_error(r, 409, done == 3 ? "这个报名已经取消了。" :
		    "只有已报名（不在候补中）的人可以签到。");
		return;
	}
	if (s != DB_OK) {
		render_error(r, 503, "系统暂时繁忙，没有保存，请稍后再试。");
		return;
	}
	resp_redirect(r, pool_printf(r->pool, "/admin/classes/%lld/roster"
	    "?saved=%d#e%lu", c->id, done, id));
}

/* GET, POST /admin/classes/ID/roster: who is enrolled and waiting, the
 * figures, check-in and cancellation buttons. */
void
page_admin_class_roster(struct req *r)
{
	static const char *const saved_text[] = {
		NULL, "已签到。", "已撤销签到。", "已取消报名；如有候补，排在第一位的"
		"人已自动转为已报名。", NULL, NULL, NULL, NULL, NULL, NULL,
	};
	struct class_rec c;
	struct form q;
	xmlNodePtr root;

	if (class_of_path(r, &c) != 0)
		return;
	if (r->method == METHOD_POST) {
		roster_post(r, &c);
		return;
	}
	form_check_query(r, &q, roster_query, QF__MAX);
	root = page_new(r, "admin-class-roster", "报名名单");
	figures_xml(r, &c, class_xml(r, &c, root));
	if (q.nerr == 0 && q.val[QF_SAVED].present &&
	    saved_text[q.val[QF_SAVED].v.u] != NULL)
		x_text(root, "saved", saved_text[q.val[QF_SAVED].v.u]);
	else if (q.nerr == 0 && q.val[QF_SAVED].present)
		x_text(root, "saved", "课程已保存。");
	if (roster_xml(r, &c, false, true, root) != DB_OK) {
		render_error_instead(r, root, 503, MSG_BUSY);
		return;
	}
	(void)render_page(r, 200, root);
}

/* GET /admin/classes/ID/sheet: the sign-in sheet (签到表) for paper, A4,
 * phone numbers masked. */
void
page_admin_class_sheet(struct req *r)
{
	struct class_rec c;
	xmlNodePtr root;

	if (class_of_path(r, &c) != 0)
		return;
	root = page_new(r, "admin-class-sheet", "签到表");
	class_xml(r, &c, root);
	if (roster_xml(r, &c, true, false, root) != DB_OK) {
		render_error_instead(r, root, 503, MSG_BUSY);
		return;
	}
	(void)render_page(r, 200, root);
}

enum xfield { XF_CLASS, XF__MAX };

static const struct field export_fields[XF__MAX] = {
	[XF_CLASS] = { "class", "课程", F_UINT, 0, RECORD_ID_MAX, NULL, NULL },
};

/* A row of SQL_CLASS_EXPORT as enrolments.csv shows it: labels for codes,
 * the phone masked. */
static void
export_enrolment_fix(struct pool *scratch, const char **cell)
{
	cell[6] = class_phone_mask(scratch, cell[6]);
	cell[7] = choice_label(class_relationships, cell[7]);
	cell[9] = choice_label(class_age_groups, cell[9]);
	cell[10] = cell[10] != NULL && strcmp(cell[10], "1") == 0 ? "是" : "否";
	cell[11] = cell[11] == NULL ? "" : strcmp(cell[11], "enrolled") == 0 ?
	    "已报名" : strcmp(cell[11], "waiting") == 0 ? "候补" : "已取消";
	cell[13] = cell[13] != NULL && strcmp(cell[13], "1") == 0 ? "已签到" : "";
}

/* GET /admin/export/enrolments.csv[?class=ID]: the enrolments of the
 * admin's scope (or of one class in it), every status, phones masked;
 * audited, and streamed from the database. */
void
page_export_enrolments(struct req *r)
{
	static const char *const head[] = {
		"报名编号", "课程编号", "课程名称", "乡镇", "上课时间", "姓名",
		"手机号码", "与孩子关系", "村（社区）", "孩子年龄段", "留守儿童家庭",
		"状态", "候补位次", "签到", "报名时间",
	};
	long long scope = scope_township(r), class_id = 0;
	struct form f;

	if (form_check_query(r, &f, export_fields, XF__MAX) > 0) {
		render_error(r, 422, "导出条件有误：课程编号应为数字。");
		return;
	}
	if (f.val[XF_CLASS].present) {
		struct class_rec c;

		if (class_in_scope(r, (long long)f.val[XF_CLASS].v.u, &c) != 0)
			return;
		class_id = c.id;
	}
	if (audit_log(r, "export", "class_enrolment", class_id, NULL,
	    pool_printf(r->pool, "township=%lld; class=%lld", scope,
	    class_id)) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	{
		struct db_param p[] = { DP_INT(scope), DP_INT(scope),
		    DP_INT(class_id), DP_INT(class_id) };

		if (csv_stream(r, "enrolments.csv", head, sizeof(head) /
		    sizeof(head[0]), SQL_CLASS_EXPORT, p, 4,
		    export_enrolment_fix) != DB_OK && !r->sent)
			render_error(r, 503, MSG_BUSY);
	}
}
