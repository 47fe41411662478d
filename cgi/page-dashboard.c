/* The county's figures: GET /admin/dashboard (the page, with charts and
 * the work report's sentences), /admin/dashboard/report.txt (the
 * sentences as plain text) and /admin/export/dashboard.csv (a table of the
 * page). County admins see the county or one township; a township admin
 * sees its own township only. */
#include <stdio.h>
#include <string.h>

#include "county.h"
#include "csv.h"
#include "elder.h"
#include "figures.h"
#include "form.h"
#include "pages.h"
#include "ref.h"
#include "render.h"
#include "resp.h"
#include "sess.h"

static const struct choice period_kinds[] = {
	{ "month", "按月" },
	{ "quarter", "按季度" },
	{ "year", "按年" },
	{ "range", "自定日期" },
	{ NULL, NULL }
};

static const struct choice tables[] = {
	{ "townships", "各乡镇" },
	{ "types", "服务类型" },
	{ "months", "各月" },
	{ "care", "服务对象类别" },
	{ NULL, NULL }
};

enum { DF_PERIOD, DF_YEAR, DF_QUARTER, DF_MONTH, DF_FROM, DF_TO, DF_TOWNSHIP,
	DF_TABLE, DF__MAX };

static const struct field dash_fields[DF__MAX] = {
	[DF_PERIOD] = { "period", "统计周期", F_CHOICE, 0, 0, period_kinds, NULL },
	[DF_YEAR] = { "year", "年份", F_UINT, 0, 9999, NULL, NULL },
	[DF_QUARTER] = { "quarter", "季度", F_UINT, 0, 4, NULL, NULL },
	[DF_MONTH] = { "month", "月份", F_UINT, 0, 12, NULL, NULL },
	[DF_FROM] = { "from", "开始日期", F_DATE, 0, 0, NULL, NULL },
	[DF_TO] = { "to", "结束日期", F_DATE, 0, 0, NULL, NULL },
	[DF_TOWNSHIP] = { "township", "乡镇", F_UINT, 0, 4294967295UL, NULL,
	    NULL },
	[DF_TABLE] = { "table", "表格", F_CHOICE, 0, 0, tables, NULL },
};

/* What the query asks for, checked. */
struct dash_q {
	struct form f;
	const char *kind;         /* month quarter year range */
	int year, quarter, month;
	long long township;       /* 0: the county */
};

static unsigned long
qnum(const struct form *f, size_t i, unsigned long dflt)
{
	return f->val[i].present && f->val[i].err == NULL ? f->val[i].v.u :
	    dflt;
}

/* Reads the query into q and d->period: 0, or -1 after answering 422 or
 * 403. */
static int
dash_query(struct req *r, struct dash_q *q, struct fig_dash *d)
{
	int today = r->today_ymd, from, to, y;

	if (form_check_query(r, &q->f, dash_fields, DF__MAX) > 0) {
		render_error(r, 422, "统计条件有误：请检查年份、季度、月份和日期。");
		return -1;
	}
	q->kind = q->f.val[DF_PERIOD].present ? q->f.val[DF_PERIOD].raw :
	    "month";
	y = q->year = (int)qnum(&q->f, DF_YEAR, (unsigned long)(today / 10000));
	q->month = (int)qnum(&q->f, DF_MONTH, (unsigned long)(today / 100 % 100));
	q->quarter = (int)qnum(&q->f, DF_QUARTER,
	    (unsigned long)((today / 100 % 100 + 2) / 3));
	if (q->month == 0)
		q->month = 1;
	if (q->quarter == 0)
		q->quarter = 1;
	if (y < 2000 || y > 2100) {
		render_error(r, 422, "统计条件有误：年份应在 2000 到 2100 之间。");
		return -1;
	}
	if (strcmp(q->kind, "year") == 0) {
		from = y * 10000 + 101;
		to = y * 10000 + 1231;
	} else if (strcmp(q->kind, "quarter") == 0) {
		from = y * 10000 + (q->quarter * 3 - 2) * 100 + 1;
		to = y * 10000 + q->quarter * 300 +
		    fig_month_days(y, q->quarter * 3);
	} else if (strcmp(q->kind, "range") == 0) {
		if (!q->f.val[DF_FROM].present || !q->f.val[DF_TO].present) {
			render_error(r, 422, "统计条件有误：请填写开始和结束日期。");
			return -1;
		}
		from = q->f.val[DF_FROM].v.ymd;
		to = q->f.val[DF_TO].v.ymd;
	} else {
		from = y * 10000 + q->month * 100 + 1;
		to = y * 10000 + q->month * 100 + fig_month_days(y, q->month);
	}
	if (fig_period_set(&d->period, from, to) != 0) {
		render_error(r, 422, "统计条件有误：开始日期应不晚于结束日期，且不超过十年。");
		return -1;
	}
	q->township = (long long)qnum(&q->f, DF_TOWNSHIP, 0);
	if (r->sess->role != ROLE_COUNTY_ADMIN) {
		if (q->township != 0 && q->township != r->sess->township_id) {
			render_error(r, 403, "只能查看本乡镇的统计数据。");
			return -1;
		}
		q->township = r->sess->township_id;
	}
	return 0;
}

/* Reads the query and the figures: 0, or -1 after answering. */
static int
dash_load(struct req *r, struct dash_q *q, struct fig_dash *d)
{
	enum db_status s;

	if (dash_query(r, q, d) != 0)
		return -1;
	if ((s = fig_dash_load(r, q->township, d)) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return -1;
	}
	if (q->township != 0 && d->ntowns == 0) {
		render_error(r, 404, "没有找到这个乡镇。");
		return -1;
	}
	return 0;
}

static const char *
num(struct req *r, long long n)
{
	return pool_printf(r->pool, "%lld", n);
}

/* Checked in ÷ enrolled as a percentage with one decimal, or "—". */
static const char *
rate(struct req *r, long long part, long long whole)
{
	long long tenths;

	if (whole <= 0)
		return "—";
	tenths = (part * 1000 + whole / 2) / whole;
	return pool_printf(r->pool, "%lld.%lld%%", tenths / 10, tenths % 10);
}

static const char *
cn_date(struct req *r, int ymd)
{
	return pool_printf(r->pool, "%d年%d月%d日", ymd / 10000,
	    ymd / 100 % 100, ymd % 100);
}

/* The work report's sentences, [0] the elderly side, [1] the children's. */
static void
report_lines(struct req *r, const struct fig_dash *d, const char *lines[2])
{
	const struct fig_town *t = &d->total;
	const char *when = pool_printf(r->pool, "%s至%s", cn_date(r,
	    d->period.from), cn_date(r, d->period.to));
	const char *cover;

	if (d->township == 0)
		cover = pool_printf(r->pool, "全县互助养老工作覆盖全县%lld个乡镇"
		    "（%lld个村、社区）", d->towns_covered, t->villages);
	else
		cover = pool_printf(r->pool, "%s互助养老工作覆盖全镇%lld个村（社区）",
		    d->towns[0].name, t->villages);
	lines[0] = pool_printf(r->pool, "%s，%s，建立农村互助养老服务站%lld个，"
	    "发展互助养老志愿者%lld名（本期新增%lld名），服务农村困难老年人%lld名，"
	    "累计服务%lld人次，志愿服务%s小时。", when, cover, t->stations,
	    t->volunteers, t->volunteers_new, t->elders, t->services,
	    fig_hours(r, t->volunteer_minutes));
	lines[1] = pool_printf(r->pool, "%s，%s开展家庭教育家长课堂%lld场，"
	    "报名%lld人次，参与家长达%lld人次（到课率%s），"
	    "其中留守儿童家庭%lld人次。", when, d->township == 0 ? "全县" :
	    d->towns[0].name, t->classes, t->enrolled, t->attended,
	    rate(r, t->attended, t->enrolled), t->left_behind);
}

static void
town_attrs(struct req *r, xmlNodePtr n, const struct fig_town *t)
{
	x_attr_int(n, "stations", t->stations);
	x_attr_int(n, "villages", t->villages);
	x_attr_int(n, "volunteers", t->volunteers);
	x_attr_int(n, "volunteers-new", t->volunteers_new);
	x_attr_int(n, "elders", t->elders);
	x_attr_int(n, "services", t->services);
	x_attr_int(n, "voided", t->voided);
	x_attr(n, "hours", fig_hours(r, t->volunteer_minutes));
	x_attr_int(n, "minutes", t->volunteer_minutes);
	x_attr_int(n, "classes", t->classes);
	x_attr_int(n, "enrolled", t->enrolled);
	x_attr_int(n, "attended", t->attended);
	x_attr(n, "attendance", rate(r, t->attended, t->enrolled));
	x_attr_int(n, "left-behind", t->left_behind);
}

/* Adds one element called name per count to list, with the largest
 * number of services (the charts' scale) on list. */
static void
counts_xml(struct req *r, xmlNodePtr list, const char *name,
    const struct fig_count *c, size_t n)
{
	xmlNodePtr e;
	long long max = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i].services > max)
			max = c[i].services;
	x_attr_int(list, "max", max);
	x_attr_int(list, "n", (long long)n);
	for (i = 0; i < n; i++) {
		e = x_el(list, name);
		x_attr(e, "name", c[i].name);
		x_attr_int(e, "i", (long long)i);
		x_attr_int(e, "services", c[i].services);
		x_attr(e, "hours", fig_hours(r, c[i].volunteer_minutes));
	}
}

/* One CSV line per count, after head. */
static void
counts_csv(struct req *r, const char *const head[3],
    const struct fig_count *c, size_t n)
{
	const char *cell[3];
	size_t i;

	csv_row(r, head, 3);
	for (i = 0; i < n; i++) {
		cell[0] = c[i].name;
		cell[1] = num(r, c[i].services);
		cell[2] = fig_hours(r, c[i].volunteer_minutes);
		csv_row(r, cell, 3);
	}
}

/* The query string of the page's period and township, for its links. */
static const char *
dash_qs(struct req *r, const struct fig_dash *d)
{
	return pool_printf(r->pool, "period=range&from=%s&to=%s&township=%lld",
	    d->period.from_s, d->period.to_s, d->township);
}

/* GET /admin/dashboard */
void
page_dashboard(struct req *r)
{
	struct dash_q q;
	struct fig_dash d;
	xmlNodePtr root, n, list;
	const char *lines[2];
	long long max;
	size_t i;

	if (dash_load(r, &q, &d) != 0)
		return;
	root = page_new(r, "dashboard", "工作统计");
	n = x_el(root, "dash");
	x_attr(n, "period", q.kind);
	x_attr_int(n, "year", q.year);
	x_attr_int(n, "quarter", q.quarter);
	x_attr_int(n, "month", q.month);
	x_attr(n, "from", d.period.from_s);
	x_attr(n, "to", d.period.to_s);
	x_attr(n, "when", pool_printf(r->pool, "%s至%s",
	    cn_date(r, d.period.from), cn_date(r, d.period.to)));
	x_attr_int(n, "township", d.township);
	x_attr(n, "scope-name", d.township == 0 ? "全县" : d.towns[0].name);
	x_attr(n, "qs", dash_qs(r, &d));
	if (r->sess->role == ROLE_COUNTY_ADMIN &&
	    ref_places_xml(r, root, REF_NO_VILLAGES) != DB_OK) {
		render_error_instead(r, root, 503, MSG_BUSY);
		return;
	}
	choices_xml(period_kinds, root, "period-kinds");
	n = x_el(root, "total");
	town_attrs(r, n, &d.total);
	x_attr_int(n, "towns", d.towns_covered);
	list = x_el(root, "townships");
	for (i = 0, max = 0; i < d.ntowns; i++)
		if (d.towns[i].services > max)
			max = d.towns[i].services;
	x_attr_int(list, "max", max);
	for (i = 0; i < d.ntowns; i++) {
		n = x_el(list, "t");
		x_attr_int(n, "id", d.towns[i].id);
		x_attr(n, "name", d.towns[i].name);
		x_attr_int(n, "i", (long long)i);
		town_attrs(r, n, &d.towns[i]);
	}
	counts_xml(r, x_el(root, "types"), "type", d.types, d.ntypes);
	counts_xml(r, x_el(root, "months"), "m", d.months, d.nmonths);
	list = x_el(root, "care");
	for (i = 0; i <= FIG_CARE_FLAGS; i++) {
		n = x_el(list, "flag");
		x_attr(n, "code", i < FIG_CARE_FLAGS ? elder_care[i].code : "none");
		x_attr(n, "label", i < FIG_CARE_FLAGS ? elder_care[i].label :
		    "未标注类别");
		x_attr_int(n, "elders", d.care[i]);
	}
	report_lines(r, &d, lines);
	list = x_el(root, "report");
	(void)x_text(list, "line", lines[0]);
	(void)x_text(list, "line", lines[1]);
	(void)render_page(r, 200, root);
}

/* GET /admin/dashboard/report.txt: the report's sentences as plain text. */
void
page_dashboard_report(struct req *r)
{
	struct dash_q q;
	struct fig_dash d;
	const char *lines[2], *text;

	if (dash_load(r, &q, &d) != 0)
		return;
	report_lines(r, &d, lines);
	text = pool_printf(r->pool, "%s\r\n\r\n%s\r\n", lines[0], lines[1]);
	resp_head(r, 200, "text/plain; charset=utf-8", pool_printf(r->pool,
	    "Content-Disposition: attachment; filename=\"report.txt\"; "
	    "filename*=UTF-8''%s\r\n", county_file_name(r, "report.txt")));
	if (r->method != METHOD_HEAD)
		resp_write(r, text, strlen(text));
}

/* GET /admin/export/dashboard.csv?table=townships|types|months|care */
void
page_export_dashboard(struct req *r)
{
	static const char *const town_head[] = {
		"乡镇", "服务站", "覆盖村（社区）", "志愿者", "本期新增志愿者",
		"服务老年人", "服务人次", "作废记录", "志愿服务小时", "家长课堂",
		"报名人次", "签到人次", "到课率", "留守儿童家庭签到人次",
	};
	static const char *const type_head[] = { "服务类型", "服务人次",
	    "志愿服务小时" };
	static const char *const month_head[] = { "月份", "服务人次",
	    "志愿服务小时" };
	static const char *const care_head[] = { "类别", "服务老年人" };
	struct dash_q q;
	struct fig_dash d;
	const char *table, *c[14];
	size_t i;

	if (dash_load(r, &q, &d) != 0)
		return;
	table = q.f.val[DF_TABLE].present ? q.f.val[DF_TABLE].raw : "townships";
	csv_start(r, pool_printf(r->pool, "dashboard-%s.csv", table));
	if (strcmp(table, "types") == 0)
		counts_csv(r, type_head, d.types, d.ntypes);
	else if (strcmp(table, "months") == 0)
		counts_csv(r, month_head, d.months, d.nmonths);
	else if (strcmp(table, "care") == 0) {
		csv_row(r, care_head, 2);
		for (i = 0; i <= FIG_CARE_FLAGS; i++) {
			c[0] = i < FIG_CARE_FLAGS ? elder_care[i].label :
			    "未标注类别";
			c[1] = num(r, d.care[i]);
			csv_row(r, c, 2);
		}
	} else {
		csv_row(r, town_head, 14);
		for (i = 0; i <= d.ntowns; i++) {
			const struct fig_town *t = i < d.ntowns ? &d.towns[i] :
			    &d.total;

			c[0] = i < d.ntowns ? t->name : "合计";
			c[1] = num(r, t->stations);
			c[2] = num(r, t->villages);
			c[3] = num(r, t->volunteers);
			c[4] = num(r, t->volunteers_new);
			c[5] = num(r, t->elders);
			c[6] = num(r, t->services);
			c[7] = num(r, t->voided);
			c[8] = fig_hours(r, t->volunteer_minutes);
			c[9] = num(r, t->classes);
			c[10] = num(r, t->enrolled);
			c[11] = num(r, t->attended);
			c[12] = rate(r, t->attended, t->enrolled);
			c[13] = num(r, t->left_behind);
			csv_row(r, c, 14);
		}
	}
}
