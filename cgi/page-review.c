/* Volunteer review: the queue with filters and paging, one registration
 * with its actions, the full ID number for a county admin who asks, and
 * the CSV export. The responder has checked that the volunteer a route
 * names is within the staff member's scope; lists pass the scope to SQL.
 * Every view of a full record and every change is audited. */
#include <string.h>

#include "audit.h"
#include "cert.h"
#include "csv.h"
#include "form.h"
#include "pages.h"
#include "ref.h"
#include "render.h"
#include "resp.h"
#include "review.h"
#include "service.h"
#include "sess.h"

#define FIX "有几项需要修改，请看红色的提示。"

enum ffield {
	FF_STATUS, FF_TOWNSHIP, FF_VILLAGE, FF_SKILL, FF_FROM, FF_TO, FF_PAGE,
	FF__MAX
};

static const struct field filter_fields[FF__MAX] = {
	[FF_STATUS] = { "status", "状态", F_CHOICE, 0, 0, review_status_choices, NULL },
	[FF_TOWNSHIP] = { "township", "乡镇", F_UINT, 0, RECORD_ID_MAX, NULL, NULL },
	[FF_VILLAGE] = { "village", "村（社区）", F_UINT, 0, RECORD_ID_MAX, NULL, NULL },
	[FF_SKILL] = { "skill", "服务特长", F_CHOICE, 0, 0, ref_skills, NULL },
	[FF_FROM] = { "from", "报名日期（起）", F_DATE, 0, 0, NULL, NULL },
	[FF_TO] = { "to", "报名日期（止）", F_DATE, 0, 0, NULL, NULL },
	[FF_PAGE] = { "page", "页码", F_UINT, 0, 100000, NULL, NULL },
};

static const struct choice done_notices[] = {
	{ "approve", "已审核通过，志愿者编号和服务站已登记。" },
	{ "reject", "已记录为审核不通过。" },
	{ "deactivate", "已停用这名志愿者。" },
	{ "reactivate", "已重新启用这名志愿者。" },
	{ "revoke", "已撤销这份志愿服务记录证明，核验时显示“已撤销”。" },
	{ NULL, NULL }
};

static const struct field done_field[1] = {
	{ "done", "", F_CHOICE, 0, 0, done_notices, NULL },
};

static const struct field approve_fields[1] = {
	{ "station", "服务站", F_UINT, F_REQUIRED, RECORD_ID_MAX, NULL,
	    "请选择这名志愿者所属的服务站" },
};

static const struct field reject_fields[1] = {
	{ "reason", "原因", F_LINES, F_REQUIRED, 200, NULL,
	    "请填写不通过的原因，志愿者查询时能看到" },
};

enum cfield { CF_PERIOD, CF_FROM, CF_TO, CF__MAX };

static const struct field certificate_fields[CF__MAX] = {
	[CF_PERIOD] = CERT_FIELD_PERIOD(F_REQUIRED),
	[CF_FROM] = CERT_FIELD_FROM,
	[CF_TO] = CERT_FIELD_TO,
};

static const struct field revoke_fields[1] = {
	{ "revoke_reason", "撤销原因", F_LINES, F_REQUIRED, 200, NULL,
	    "请填写撤销的原因，会记入操作日志" },
};

static const struct field deactivate_fields[1] = {
	{ "reason", "原因", F_LINES, 0, 200, NULL, NULL },
};

/* The filter the valid fields of f describe; status defaults to
 * default_status (NULL: all). */
static void
filter_of(const struct form *f, struct review_filter *rf,
    const char *default_status)
{
	const struct fval *v = f->val;

	memset(rf, 0, sizeof(*rf));
	rf->status = default_status;
	if (v[FF_STATUS].present && v[FF_STATUS].err == NULL)
		rf->status = strcmp(v[FF_STATUS].raw, REVIEW_STATUS_ALL) == 0 ?
		    NULL : v[FF_STATUS].raw;
	if (v[FF_TOWNSHIP].present && v[FF_TOWNSHIP].err == NULL)
		rf->township_id = (long long)v[FF_TOWNSHIP].v.u;
	if (v[FF_VILLAGE].present && v[FF_VILLAGE].err == NULL)
		rf->village_id = (long long)v[FF_VILLAGE].v.u;
	if (v[FF_SKILL].present && v[FF_SKILL].err == NULL)
		rf->skill = v[FF_SKILL].raw;
	if (v[FF_FROM].present && v[FF_FROM].err == NULL)
		rf->from = v[FF_FROM].raw;
	if (v[FF_TO].present && v[FF_TO].err == NULL)
		rf->to = v[FF_TO].raw;
	rf->page = v[FF_PAGE].present && v[FF_PAGE].err == NULL &&
	    v[FF_PAGE].v.u > 0 ? (long long)v[FF_PAGE].v.u : 1;
}

/* The filter's pairs "key=value", each followed by sep: "&" makes the
 * query string of links ("status=pending&township=1&"), "; " the text the
 * audit trail records. Checked values only (codes, digits, dates: nothing
 * to escape). */
static const char *
filter_pairs(struct req *r, const struct review_filter *f, const char *sep)
{
	char *q = pool_printf(r->pool, "status=%s%s",
	    f->status != NULL ? f->status : REVIEW_STATUS_ALL, sep);

	if (f->township_id > 0)
		q = pool_printf(r->pool, "%stownship=%lld%s", q, f->township_id,
		    sep);
	if (f->village_id > 0)
		q = pool_printf(r->pool, "%svillage=%lld%s", q, f->village_id,
		    sep);
	if (f->skill != NULL)
		q = pool_printf(r->pool, "%sskill=%s%s", q, f->skill, sep);
	if (f->from != NULL)
		q = pool_printf(r->pool, "%sfrom=%s%s", q, f->from, sep);
	if (f->to != NULL)
		q = pool_printf(r->pool, "%sto=%s%s", q, f->to, sep);
	return q;
}

/* Adds <volunteers page= more=><volunteer …/>…</volunteers>: one page of
 * the registrations in scope that pass f, oldest first. */
static enum db_status
review_list_xml(struct req *r, xmlNodePtr parent, struct scope sc,
    const struct review_filter *f)
{
	long long page = f->page > 0 ? f->page : 1;
	struct db_rows rows;
	enum db_status s;
	xmlNodePtr list;
	size_t i;

	if ((s = review_list(r, sc, f, &rows)) != DB_OK)
		return s;
	list = x_el(parent, "volunteers");
	x_attr_int(list, "page", page);
	x_attr(list, "more", rows.nrows > REVIEW_PAGE ? "1" : "0");
	for (i = 0; i < rows.nrows && i < REVIEW_PAGE; i++) {
		xmlNodePtr v = x_el(list, "volunteer");

		x_attr(v, "id", DB_CELL(&rows, i, RL_id));
		x_attr(v, "name", DB_CELL(&rows, i, RL_name));
		x_attr(v, "id-mask", DB_CELL(&rows, i, RL_id_mask));
		x_attr(v, "township", DB_CELL(&rows, i, RL_township));
		x_attr(v, "village", DB_CELL(&rows, i, RL_village));
		x_attr(v, "skills", review_codes_label(r, ref_skills,
		    DB_CELL(&rows, i, RL_skills)));
		x_attr(v, "status", DB_CELL(&rows, i, RL_status));
		x_attr(v, "status-label",
		    review_status_label(DB_CELL(&rows, i, RL_status)));
		x_attr(v, "created", DB_CELL(&rows, i, RL_created));
		x_attr(v, "number", DB_CELL(&rows, i, RL_number));
		x_attr(v, "station", DB_CELL(&rows, i, RL_station));
	}
	return DB_OK;
}

/* GET /admin/volunteers: the queue (pending by default). */
void
page_review_list(struct req *r)
{
	xmlNodePtr root = page_new(r, "review-list", "志愿者审核");
	struct review_filter rf;
	struct form f;
	int status = 200;

	if (form_check_query(r, &f, filter_fields, FF__MAX) > 0)
		status = 422;
	filter_of(&f, &rf, "pending");
	form_xml(&f, root);
	choices_xml(review_status_choices, root, "statuses");
	choices_xml(ref_skills, root, "skills");
	x_attr(x_el(root, "filter"), "query", filter_pairs(r, &rf, "&"));
	/* The village filter lists the chosen township's villages (a township
	 * admin's own), or all of them for the county before one is chosen. */
	if (ref_places_xml(r, root, scope_of(r).township_id != 0 ?
	    (unsigned long)scope_of(r).township_id :
	    (unsigned long)rf.township_id) != DB_OK ||
	    (status == 200 &&
	    review_list_xml(r, root, scope_of(r), &rf) != DB_OK)) {
		render_error_instead(r, root, 503, MSG_BUSY);
		return;
	}
	if (status != 200)
		x_text(root, "notice", "筛选条件有误，请看红色的提示。");
	(void)render_page(r, status, root);
}

/* Adds <stations suggested=ID><station id= name=/>…</stations>: open
 * stations of township_id; suggested is the first of them in village_id
 * (the volunteer's village), when there is one. */
static enum db_status
stations_xml(struct req *r, long long township_id, long long village_id,
    xmlNodePtr parent)
{
	struct db_rows rows;
	enum db_status s;
	xmlNodePtr list;
	size_t i;

	if ((s = review_stations(r, township_id, village_id, &rows)) != DB_OK)
		return s;
	list = x_el(parent, "stations");
	for (i = 0; i < rows.nrows; i++) {
		xmlNodePtr st = x_el(list, "station");

		x_attr(st, "id", DB_CELL(&rows, i, 0));
		x_attr(st, "name", DB_CELL(&rows, i, 1));
		if (strcmp(DB_CELL(&rows, i, 2), "1") == 0 &&
		    xmlHasProp(list, (const xmlChar *)"suggested") == NULL)
			x_attr(list, "suggested", DB_CELL(&rows, i, 0));
	}
	return DB_OK;
}

/* Adds <volunteer …/> with every field of registration id, its hours in
 * all and this year, and <stations> open in its township; *status gets
 * its status. DB_NOTFOUND if there is none. */
static enum db_status
review_get_xml(struct req *r, long long id, xmlNodePtr parent,
    const char **status)
{
	struct review_rec rec;
	long long total, year;
	char *jan1 = pool_printf(r->pool, "%04d-01-01", r->today_ymd / 10000);
	enum db_status s;
	xmlNodePtr v;

	if ((s = review_get(r, id, &rec)) != DB_OK)
		return s;
	v = x_el(parent, "volunteer");
	x_attr(v, "id", rec.id);
	x_attr(v, "number", rec.number);
	x_attr(v, "name", rec.name);
	x_attr(v, "id-mask", rec.id_mask);
	x_attr(v, "birth", rec.birth);
	x_attr(v, "phone", rec.phone);
	x_attr(v, "township-id", rec.township_id);
	x_attr(v, "township", rec.township);
	x_attr(v, "village", rec.village);
	x_attr(v, "address", rec.address);
	x_attr(v, "status", rec.status);
	x_attr(v, "reason", rec.reason);
	x_attr(v, "station-id", rec.station_id);
	x_attr(v, "station", rec.station);
	x_attr(v, "reviewer", rec.reviewer);
	x_attr(v, "reviewed", rec.reviewed);
	x_attr(v, "created", rec.created);
	x_attr(v, "consent", rec.consent);
	x_attr(v, "skills", review_codes_label(r, ref_skills, rec.skills));
	x_attr(v, "availability", review_codes_label(r, ref_availability,
	    rec.availability));
	x_attr(v, "sex", strcmp(rec.sex, "F") == 0 ? "女" : "男");
	x_attr(v, "status-label", review_status_label(rec.status));
	*status = rec.status;
	if ((s = volunteer_minutes(r, id, NULL, NULL, &total)) != DB_OK ||
	    (s = volunteer_minutes(r, id, jan1, NULL, &year)) != DB_OK)
		return s;
	x_attr(v, "hours", service_hours_text(r->pool, total));
	x_attr(v, "hours-year", service_hours_text(r->pool, year));
	return stations_xml(r, db_num(rec.township_id), db_num(rec.village_id),
	    parent);
}

/* Renders the route's volunteer in full after auditing the view as
 * action (a view of a record is logged before it is shown). f (may be
 * NULL) holds the values and messages of a failed action; full_id is the
 * ID number a county admin asked for. */
static void
show_volunteer(struct req *r, int status, const struct form *f,
    const char *notice, const char *action, const char *full_id)
{
	xmlNodePtr root = page_new(r, "review-show", "志愿者报名详情");
	const char *vstatus = NULL;
	enum db_status s;

	if ((s = review_get_xml(r, r->entity_id, root, &vstatus)) != DB_OK ||
	    (s = cert_list_xml(r, r->entity_id, root)) != DB_OK ||
	    (s = audit_log(r, action, "volunteer", r->entity_id, NULL,
	    NULL)) != DB_OK) {
		render_error_instead(r, root, s == DB_NOTFOUND ? 404 : 503,
		    s == DB_NOTFOUND ? "没有找到这条报名记录。" : MSG_BUSY);
		return;
	}
	if (f != NULL)
		form_xml(f, root);
	choices_xml(cert_periods, root, "periods");
	if (full_id != NULL)
		x_text(root, "id-number", full_id);
	/* A notice on a 200 page says what was done; otherwise what is wrong. */
	if (notice != NULL)
		x_text(root, status == 200 ? "done" : "notice", notice);
	(void)render_page(r, status, root);
}

/* GET /admin/volunteers/ID */
void
page_review_show(struct req *r)
{
	struct form f;

	form_check_query(r, &f, done_field, 1);
	show_volunteer(r, 200, NULL, f.val[0].err == NULL && f.val[0].present ?
	    choice_label(done_notices, f.val[0].raw) : NULL, "view", NULL);
}

/* Runs a status change and answers: back to the record with a notice, or
 * the record again with the reason it could not be done. */
static void
apply(struct req *r, struct form *f, enum review_action a,
    long long station, const char *reason)
{
	static const char *const done[] = {
		[REVIEW_APPROVE] = "approve", [REVIEW_REJECT] = "reject",
		[REVIEW_DEACTIVATE] = "deactivate",
		[REVIEW_REACTIVATE] = "reactivate",
	};

	switch (review_apply(r, r->entity_id, a, station, reason)) {
	case REVIEW_DONE:
		resp_redirect(r, pool_printf(r->pool, "/admin/volunteers/%lld"
		    "?done=%s", r->entity_id, done[a]));
		return;
	case REVIEW_CONFLICT:
		show_volunteer(r, 409, f, "这条报名的状态已经变了（可能别人刚处理过），"
		    "请看最新的状态再操作。", "view", NULL);
		return;
	case REVIEW_BAD_STATION:
		form_fail(f, 0, "请从列表中选择志愿者所在乡镇的服务站");
		show_volunteer(r, 422, f, FIX, "view", NULL);
		return;
	case REVIEW_UNAVAILABLE:
	case REVIEW_ERROR:
		break;
	}
	show_volunteer(r, 503, f, "系统暂时繁忙，没有保存成功，请稍后再试。",
	    "view", NULL);
}

/* POST /admin/volunteers/ID/approve: station */
void
page_review_approve(struct req *r)
{
	struct form f;

	if (form_check(r, &f, approve_fields, 1, NULL) > 0) {
		show_volunteer(r, 422, &f, FIX, "view", NULL);
		return;
	}
	apply(r, &f, REVIEW_APPROVE, (long long)f.val[0].v.u, NULL);
}

/* POST /admin/volunteers/ID/reject: reason */
void
page_review_reject(struct req *r)
{
	struct form f;

	if (form_check(r, &f, reject_fields, 1, NULL) > 0) {
		show_volunteer(r, 422, &f, FIX, "view", NULL);
		return;
	}
	apply(r, &f, REVIEW_REJECT, 0, f.val[0].raw);
}

/* POST /admin/volunteers/ID/deactivate: reason (optional) */
void
page_review_deactivate(struct req *r)
{
	struct form f;

	if (form_check(r, &f, deactivate_fields, 1, NULL) > 0) {
		show_volunteer(r, 422, &f, FIX, "view", NULL);
		return;
	}
	apply(r, &f, REVIEW_DEACTIVATE, 0, f.val[0].raw);
}

/* POST /admin/volunteers/ID/reactivate */
void
page_review_reactivate(struct req *r)
{
	struct form f;

	form_empty(r, &f, deactivate_fields, 0, NULL);
	apply(r, &f, REVIEW_REACTIVATE, 0, NULL);
}

/* POST /admin/volunteers/ID/id-number (county admins): the record with
 * the full ID number, audited as such. */
void
page_review_id_number(struct req *r)
{
	const char *id = NULL;
	enum db_status s = review_id_number(r, r->entity_id, &id);

	if (s != DB_OK) {
		render_error(r, 503, "系统暂时无法读取身份证号码，请稍后再试。");
		return;
	}
	show_volunteer(r, 200, NULL, NULL, "view_id_number", id);
}

/* POST /admin/volunteers/ID/certificate: period, from, to. Issues the
 * volunteer's service certificate and opens it for printing. */
void
page_review_certificate(struct req *r)
{
	enum cert_refusal why;
	const char *number, *access;
	struct cert_period p;
	struct form f;

	if (form_check(r, &f, certificate_fields, CF__MAX, NULL) > 0 ||
	    !cert_period_of(r, &f, CF_PERIOD, &p)) {
		show_volunteer(r, 422, &f, FIX, "view", NULL);
		return;
	}
	switch (cert_issue(r, r->entity_id, &p, &why, &number, &access)) {
	case DB_OK:
		if (why == CERT_OK) {
			resp_redirect(r, pool_printf(r->pool,
			    "/volunteer/certificate/%s-%s", number, access));
			return;
		}
		show_volunteer(r, 409, &f, "这名志愿者还没有志愿者编号（审核通过后"
		    "才有），不能开具志愿服务记录证明。", "view", NULL);
		return;
	case DB_NOTFOUND:
		render_error(r, 404, "没有找到这条报名记录。");
		return;
	default:
		show_volunteer(r, 503, &f, "系统暂时繁忙，证明没有开具成功，请稍后"
		    "再试。", "view", NULL);
		return;
	}
}

/* POST /admin/certificates/ID/revoke: revoke_reason. Back to the
 * volunteer's record. */
void
page_review_cert_revoke(struct req *r)
{
	long long id = r->entity_id;
	enum db_status s;
	struct cert c;
	struct form f;

	if ((s = cert_by_id(r, id, &c)) != DB_OK) {
		render_error(r, s == DB_NOTFOUND ? 404 : 503, s == DB_NOTFOUND ?
		    "没有找到这份证明。" : MSG_BUSY);
		return;
	}
	/* The record shown from here on is the certificate's volunteer. */
	r->entity_id = c.volunteer_id;
	if (form_check(r, &f, revoke_fields, 1, NULL) > 0) {
		show_volunteer(r, 422, &f, FIX, "view", NULL);
		return;
	}
	s = cert_revoke(r, id, f.val[0].raw);
	if (s == DB_OK || s == DB_NOTFOUND) {
		resp_redirect(r, pool_printf(r->pool, "/admin/volunteers/%lld"
		    "?done=revoke", c.volunteer_id));
		return;
	}
	show_volunteer(r, 503, &f, "系统暂时繁忙，证明没有撤销，请稍后再试。",
	    "view", NULL);
}

/* GET /admin/export/volunteers.csv: the registrations in scope that pass
 * the list's filters (all statuses by default), ID numbers masked. */
void
page_export_volunteers(struct req *r)
{
	static const char *const head[] = {
		"志愿者编号", "姓名", "身份证号码（部分隐藏）", "性别", "出生日期",
		"手机号码", "乡镇", "村（社区）", "详细住址", "服务站", "服务特长",
		"可服务时间", "状态", "原因", "报名日期",
	};
	const size_t ncol = sizeof(head) / sizeof(head[0]);
	struct review_filter rf;
	struct db_rows rows;
	struct form f;
	size_t i, c;

	if (form_check_query(r, &f, filter_fields, FF__MAX) > 0) {
		render_error(r, 422, "筛选条件有误，请回到志愿者列表重新选择。");
		return;
	}
	filter_of(&f, &rf, NULL);
	if (review_export_rows(r, scope_of(r), &rf, &rows) != DB_OK ||
	    rows.ncols != ncol ||
	    audit_log(r, "export", "volunteer", 0, NULL, pool_printf(r->pool,
	    "rows=%zu; %s", rows.nrows, filter_pairs(r, &rf, "; "))) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	csv_start(r, pool_printf(r->pool, "volunteers-%d.csv", r->today_ymd));
	csv_row(r, head, ncol);
	for (i = 0; i < rows.nrows; i++) {
		const char **cells = pool_alloc(r->pool, ncol * sizeof(char *));

		for (c = 0; c < ncol; c++)
			cells[c] = DB_CELL(&rows, i, c);
		cells[3] = strcmp(cells[3], "F") == 0 ? "女" : "男";
		cells[10] = review_codes_label(r, ref_skills, cells[10]);
		cells[11] = review_codes_label(r, ref_availability, cells[11]);
		cells[12] = review_status_label(cells[12]);
		csv_row(r, cells, ncol);
	}
}
