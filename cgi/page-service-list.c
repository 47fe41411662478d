/* Reading services: the station's list with filters, paging and totals,
 * volunteer hours, and the CSV export. Totals leave voided records out;
 * the list shows them, marked. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csv.h"
#include "form.h"
#include "pages.h"
#include "render.h"
#include "resp.h"
#include "service-pages.h"
#include "sess.h"

#define PAGE_SIZE 50
#define PAGE_MAX 100000

static const struct choice signed_choices[] = {
	{ "yes", "已签字" },
	{ "no", "未签字" },
	{ NULL, NULL }
};

enum lfield {
	LF_FROM, LF_TO, LF_ELDER, LF_VOLUNTEER, LF_TYPE, LF_SIGNED, LF_PAGE,
	LF_SAVED, LF_VOIDED, LF__MAX
};

static const struct field list_fields[LF__MAX] = {
	[LF_FROM] = { "from", "开始日期", F_DATE, 0, 0, NULL, NULL },
	[LF_TO] = { "to", "结束日期", F_DATE, 0, 0, NULL, NULL },
	[LF_ELDER] = { "elder", "服务对象", F_UINT, 0, RECORD_ID_MAX, NULL, NULL },
	[LF_VOLUNTEER] = { "volunteer", "志愿者", F_UINT, 0, RECORD_ID_MAX, NULL,
	    NULL },
	[LF_TYPE] = { "type", "服务类型", F_UINT, 0, RECORD_ID_MAX, NULL, NULL },
	[LF_SIGNED] = { "signed", "签字", F_CHOICE, 0, 0, signed_choices, NULL },
	[LF_PAGE] = { "page", "页码", F_UINT, 0, PAGE_MAX, NULL, NULL },
	[LF_SAVED] = { "saved", "", F_UINT, 0, 100, NULL, NULL },
	[LF_VOIDED] = { "voided", "", F_CHECK, 0, 0, NULL, NULL },
};

/* A validated filter value as a number, or 0 when not given. */
static long long
num(const struct form *f, size_t i)
{
	return f->val[i].present && f->val[i].err == NULL ?
	    (long long)f->val[i].v.u : 0;
}

/* A validated date filter, or dflt. */
static const char *
date_or(const struct form *f, size_t i, const char *dflt)
{
	return f->val[i].present && f->val[i].err == NULL ? f->val[i].raw :
	    dflt;
}

/* The query string that repeats the filter, but for field skip (LF__MAX:
 * none). Values are validated numbers, dates and codes: none needs
 * escaping. */
static const char *
filter_query(struct req *r, long long station, const struct form *f,
    size_t skip)
{
	static const size_t keep[] = { LF_FROM, LF_TO, LF_ELDER, LF_VOLUNTEER,
	    LF_TYPE, LF_SIGNED };
	char *q = pool_printf(r->pool, "station=%lld", station);
	size_t i;

	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		const struct fval *v = &f->val[keep[i]];

		if (keep[i] != skip && v->present && v->err == NULL)
			q = pool_printf(r->pool, "%s&%s=%s", q,
			    f->fields[keep[i]].name, v->raw);
	}
	return q;
}

/* Adds the list rows and the totals for the filter. */
static enum db_status
list_xml(struct req *r, const struct station *st, const struct form *f,
    xmlNodePtr root)
{
	const struct fval *sg = &f->val[LF_SIGNED];
	struct service_filter sf = {
		.station_id = st->id,
		.from = date_or(f, LF_FROM, NULL), .to = date_or(f, LF_TO, NULL),
		.elder_id = num(f, LF_ELDER), .type_id = num(f, LF_TYPE),
		.volunteer_id = num(f, LF_VOLUNTEER),
		.elder_signed = !sg->present || sg->err != NULL ? -1 :
		    strcmp(sg->raw, "yes") == 0,
	};
	long long page = num(f, LF_PAGE);
	struct service_totals tot;
	struct db_rows rows;
	enum db_status s;
	xmlNodePtr list, t;
	long long pages;
	size_t i;

	if (page < 1)
		page = 1;
	if ((s = service_totals(r, &sf, &tot)) != DB_OK)
		return s;
	pages = (tot.services + PAGE_SIZE - 1) / PAGE_SIZE;
	if (pages < 1)
		pages = 1;
	if (page > pages)
		page = pages;
	if ((s = service_list(r, &sf, PAGE_SIZE, (page - 1) * PAGE_SIZE,
	    &rows)) != DB_OK)
		return s;
	list = x_el(root, "services");
	x_attr_int(list, "page", page);
	x_attr_int(list, "pages", pages);
	x_attr(list, "query", filter_query(r, st->id, f, LF__MAX));
	for (i = 0; i < rows.nrows; i++) {
		xmlNodePtr e = x_el(list, "service");

		x_attr(e, "id", DB_CELL(&rows, i, SL_id));
		x_attr(e, "date", DB_CELL(&rows, i, SL_service_date));
		x_attr(e, "start", DB_CELL(&rows, i, SL_start_time));
		x_attr(e, "end", DB_CELL(&rows, i, SL_end_time));
		x_attr(e, "minutes", DB_CELL(&rows, i, SL_minutes));
		x_attr(e, "elder", DB_CELL(&rows, i, SL_elder));
		x_attr(e, "mask", DB_CELL(&rows, i, SL_elder_mask));
		x_attr(e, "type", DB_CELL(&rows, i, SL_service_type));
		x_attr(e, "signed", DB_CELL(&rows, i, SL_elder_signed));
		x_attr(e, "note", DB_CELL(&rows, i, SL_note));
		x_attr(e, "voided", DB_CELL(&rows, i, SL_voided));
		x_attr(e, "reason", DB_CELL(&rows, i, SL_void_reason));
		x_attr(e, "volunteers", DB_CELL(&rows, i, SL_volunteers));
	}
	t = x_el(root, "totals");
	x_attr_int(t, "rows", tot.services);
	x_attr_int(t, "services", tot.live);
	x_attr_int(t, "voided", tot.services - tot.live);
	x_attr_int(t, "elders", tot.elders);
	x_attr_int(t, "minutes", tot.volunteer_minutes);
	x_attr(t, "hours", service_hours_text(r->pool, tot.volunteer_minutes));
	if (sf.volunteer_id != 0)
		x_attr(t, "one-volunteer", "1");
	return DB_OK;
}

/* GET /station/services: the station's services for a filter. */
void
page_services(struct req *r)
{
	struct service_choices c;
	struct station st;
	struct form f;
	xmlNodePtr root;
	int status = 200;

	if (station_of_page(r, &st) != 0)
		return;
	form_check_query(r, &f, list_fields, LF__MAX);
	/* The filter names one elder or volunteer at most: only those are
	 * read, not the station's whole roster (the roster and the hours
	 * page link here for each one). */
	if (service_filter_load(r, &st, num(&f, LF_ELDER),
	    num(&f, LF_VOLUNTEER), &c) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	if (f.val[LF_FROM].present && f.val[LF_TO].present &&
	    f.nerr == 0 && f.val[LF_TO].v.ymd < f.val[LF_FROM].v.ymd)
		form_fail(&f, LF_TO, "结束日期不能早于开始日期");
	root = page_new(r, "service-list", "服务记录");
	station_xml(&st, root);
	service_choices_xml(r, &c, NULL, true, root);
	choices_xml(signed_choices, root, "signed");
	form_xml(&f, root);
	{
		xmlNodePtr fl = x_el(root, "filter");

		x_attr(fl, "without-elder", filter_query(r, st.id, &f, LF_ELDER));
		x_attr(fl, "without-volunteer", filter_query(r, st.id, &f,
		    LF_VOLUNTEER));
	}
	if (f.val[LF_SAVED].present && f.val[LF_SAVED].err == NULL)
		x_text(root, "saved", pool_printf(r->pool, "已保存 %lu 条服务记录。",
		    f.val[LF_SAVED].v.u));
	if (f.val[LF_VOIDED].present)
		x_text(root, "saved", "记录已作废，不再计入统计。");
	if (f.nerr > 0) {
		x_text(root, "notice", "查询条件有误，请看红色的提示。");
		status = 422;
	} else if (list_xml(r, &st, &f, root) != DB_OK) {
		render_error_instead(r, root, 503, MSG_BUSY);
		return;
	}
	(void)render_page(r, status, root);
}

enum hfield { HF_FROM, HF_TO, HF__MAX };

static const struct field hours_fields[HF__MAX] = {
	[HF_FROM] = { "from", "开始日期", F_DATE, 0, 0, NULL, NULL },
	[HF_TO] = { "to", "结束日期", F_DATE, 0, 0, NULL, NULL },
};

/* GET /station/hours: hours credited to each volunteer the station may
 * call on, for a period (this month unless chosen) and to date. */
void
page_service_hours(struct req *r)
{
	struct service_choices c;
	struct station st;
	struct form f;
	xmlNodePtr root, list;
	const char *from, *to;
	long long sum_p = 0, sum_t = 0;
	size_t i;

	if (station_of_page(r, &st) != 0)
		return;
	if (service_choices_load(r, &st, &c) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	form_check_query(r, &f, hours_fields, HF__MAX);
	if (f.nerr == 0 && f.val[HF_FROM].present && f.val[HF_TO].present &&
	    f.val[HF_TO].v.ymd < f.val[HF_FROM].v.ymd)
		form_fail(&f, HF_TO, "结束日期不能早于开始日期");
	from = date_or(&f, HF_FROM, service_date_text(r->pool,
	    r->today_ymd / 100 * 100 + 1));
	to = date_or(&f, HF_TO, service_date_text(r->pool, r->today_ymd));
	root = page_new(r, "service-hours", "志愿者服务时长");
	station_xml(&st, root);
	form_xml(&f, root);
	list = x_el(root, "hours");
	x_attr(list, "from", from);
	x_attr(list, "to", to);
	if (f.nerr > 0) {
		x_text(root, "notice", "查询条件有误，请看红色的提示。");
		(void)render_page(r, 422, root);
		return;
	}
	for (i = 0; i < c.volunteers.nrows; i++) {
		long long id = strtoll(DB_CELL(&c.volunteers, i, 0), NULL, 10);
		long long period, total;
		xmlNodePtr e;

		if (volunteer_minutes(r, id, from, to, &period) != DB_OK ||
		    volunteer_minutes(r, id, NULL, NULL, &total) != DB_OK) {
			render_error_instead(r, root, 503, MSG_BUSY);
			return;
		}
		e = x_el(list, "volunteer");
		x_attr(e, "id", DB_CELL(&c.volunteers, i, 0));
		x_attr(e, "name", DB_CELL(&c.volunteers, i, 1));
		x_attr(e, "number", DB_CELL(&c.volunteers, i, 2));
		x_attr(e, "own", DB_CELL(&c.volunteers, i, 3));
		x_attr_int(e, "minutes", period);
		x_attr(e, "hours", service_hours_text(r->pool, period));
		x_attr_int(e, "total-minutes", total);
		x_attr(e, "total-hours", service_hours_text(r->pool, total));
		sum_p += period;
		sum_t += total;
	}
	x_attr_int(list, "minutes", sum_p);
	x_attr(list, "hours", service_hours_text(r->pool, sum_p));
	x_attr_int(list, "total-minutes", sum_t);
	x_attr(list, "total-hours", service_hours_text(r->pool, sum_t));
	(void)render_page(r, 200, root);
}

enum xfield { XF_FROM, XF_TO, XF_STATION, XF__MAX };

static const struct field export_fields[XF__MAX] = {
	[XF_FROM] = { "from", "开始日期", F_DATE, 0, 0, NULL, NULL },
	[XF_TO] = { "to", "结束日期", F_DATE, 0, 0, NULL, NULL },
	[XF_STATION] = { "station", "服务站", F_UINT, 0, RECORD_ID_MAX, NULL,
	    NULL },
};

/* A row of SQL_SERVICE_EXPORT as services.csv shows it. */
static void
export_service_fix(struct pool *scratch, const char **cell)
{
	(void)scratch;
	cell[SX_elder_signed] = cell[SX_elder_signed] != NULL &&
	    strcmp(cell[SX_elder_signed], "1") == 0 ? "是" : "否";
	cell[SX_voided] = cell[SX_voided] != NULL &&
	    strcmp(cell[SX_voided], "1") == 0 ? "已作废" : "有效";
}

/* GET /admin/export/services.csv: every service in the staff member's
 * scope (an operator's station, an admin's township or county, or one
 * station of it), dated from..to, voided ones marked. ID numbers masked.
 * Rows stream from the database to the client: any number of them runs
 * in the memory of one. */
void
page_export_services(struct req *r)
{
	static const char *const head[] = {
		"记录编号", "服务日期", "开始时间", "结束时间", "服务分钟数", "乡镇",
		"服务站", "服务对象", "身份证号码", "服务类型", "志愿者", "志愿者编号",
		"老人或家属签字", "备注", "状态", "作废原因",
	};
	long long township = 0, station = 0;
	struct station st;
	struct form f;
	const char *from, *to;

	if (form_check_query(r, &f, export_fields, XF__MAX) > 0) {
		render_error(r, 422, "导出条件有误：日期应按“年-月-日”填写。");
		return;
	}
	if (r->sess->role == ROLE_TOWNSHIP_ADMIN)
		township = r->sess->township_id;
	if (r->sess->role == ROLE_STATION_OPERATOR)
		station = r->sess->station_id;
	if (f.val[XF_STATION].present) {
		if (station_of_record(r, num(&f, XF_STATION), &st) != 0)
			return;
		station = st.id;
	}
	from = date_or(&f, XF_FROM, "1000-01-01");
	to = date_or(&f, XF_TO, "9999-12-31");
	if (audit_log(r, "export", "service", station, NULL, pool_printf(r->pool,
	    "township=%lld; station=%lld; from=%s; to=%s", township, station,
	    from, to)) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	{
		struct db_param p[] = {
			DP_INT(township), DP_INT(township), DP_INT(station),
			DP_INT(station), DP_STR(from), DP_STR(to),
		};

		if (csv_stream(r, "services.csv", head, sizeof(head) /
		    sizeof(head[0]), SQL_SERVICE_EXPORT, p, sizeof(p) /
		    sizeof(p[0]), export_service_fix) != DB_OK && !r->sent)
			render_error(r, 503, MSG_BUSY);
	}
}
