/* The station's roster of elderly people (服务对象): list, add, edit,
 * deactivate and reactivate. Rows are limited to the station in scope. */
#include <stdlib.h>
#include <string.h>

#include "elder.h"
#include "pages.h"
#include "ref.h"
#include "render.h"
#include "resp.h"
#include "sess.h"
#include "station-scope.h"
#include "valid.h"


enum efield {
	EF_NAME, EF_ID, EF_VILLAGE, EF_LIVING, EF_CARE, EF_CONTACT_NAME,
	EF_CONTACT_PHONE, EF_NOTES, EF__MAX
};

static const struct field elder_fields[EF__MAX] = {
	[EF_NAME] = { "name", "姓名", F_NAME, F_REQUIRED, 20, NULL, NULL },
	[EF_ID] = { "id_number", "身份证号码", F_IDNUM, F_REQUIRED, 18, NULL,
	    NULL },
	[EF_VILLAGE] = { "village", "村（社区）", F_UINT, F_REQUIRED, RECORD_ID_MAX,
	    NULL, "请选择老人所在的村（社区）" },
	[EF_LIVING] = { "living", "居住情况", F_CHOICE, F_REQUIRED, 0,
	    elder_living, "请选择居住情况" },
	[EF_CARE] = { "care", "关爱类别", F_CHOICE, F_MULTI, 0, elder_care,
	    NULL },
	[EF_CONTACT_NAME] = { "contact_name", "联系人姓名", F_NAME, F_REQUIRED,
	    20, NULL, NULL },
	[EF_CONTACT_PHONE] = { "contact_phone", "联系人手机", F_MOBILE,
	    F_REQUIRED, 11, NULL, NULL },
	[EF_NOTES] = { "notes", "备注", F_LINES, 0, 200, NULL, NULL },
};

enum lfield { LF_ALL, LF_SAVED, LF__MAX };

static const struct field list_fields[LF__MAX] = {
	[LF_ALL] = { "all", "", F_CHECK, 0, 0, NULL, NULL },
	[LF_SAVED] = { "saved", "", F_CHECK, 0, 0, NULL, NULL },
};


/* Labels of the codes in a comma-separated SET value, joined with 、. */
static const char *
labels(struct req *r, const struct choice *c, const char *codes)
{
	char *copy = pool_strdup(r->pool, codes), *save = NULL, *tok;
	char *out = pool_strdup(r->pool, "");

	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		const char *l = choice_label(c, tok);

		out = pool_printf(r->pool, "%s%s%s", out, *out ? "、" : "",
		    l != NULL ? l : tok);
	}
	return out;
}

/* Age in whole years from a stored birth date, or -1. */
static int
age_of(const struct req *r, const char *birth)
{
	int ymd;

	return valid_date(birth, &ymd) ? valid_age(ymd, r->today_ymd) : -1;
}

/* GET /station/elders: the roster; ?all=1 includes inactive entries. */
void
page_elders(struct req *r)
{
	struct station st;
	struct elder *elders;
	struct form f;
	xmlNodePtr root, list;
	size_t i, n;

	if (station_of_page(r, &st) != 0)
		return;
	form_check_query(r, &f, list_fields, LF__MAX);
	if (elder_list(r, st.id, f.val[LF_ALL].present, &elders, &n) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	root = page_new(r, "elder-list", "服务对象名册");
	station_xml(&st, root);
	x_attr(root, "all", f.val[LF_ALL].present ? "1" : "0");
	if (f.val[LF_SAVED].present)
		x_text(root, "saved", "服务对象信息已保存。");
	list = x_el(root, "elders");
	for (i = 0; i < n; i++) {
		const struct elder *el = &elders[i];
		xmlNodePtr e = x_el(list, "elder");
		const char *liv = choice_label(elder_living, el->living);

		x_attr_int(e, "id", el->id);
		x_attr(e, "name", el->name);
		x_attr(e, "id-mask", el->id_mask);
		x_attr(e, "sex", strcmp(el->sex, "M") == 0 ? "男" : "女");
		x_attr_int(e, "age", age_of(r, el->birth_date));
		x_attr(e, "village", el->village);
		x_attr(e, "living", liv != NULL ? liv : "");
		x_attr(e, "care", labels(r, elder_care, el->care));
		x_attr(e, "contact", el->contact_name);
		x_attr(e, "phone", el->contact_phone);
		x_attr(e, "active", el->active ? "1" : "0");
	}
	(void)render_page(r, 200, root);
}

/* Adds the villages of the station's township to the page. */
static enum db_status
villages_xml(struct req *r, const struct station *st, xmlNodePtr root)
{
	struct db_rows v;
	enum db_status s;
	xmlNodePtr list = x_el(root, "villages");
	size_t i;

	if ((s = ref_villages(r, (unsigned long)st->township_id, &v)) != DB_OK)
		return s;
	for (i = 0; i < v.nrows; i++) {
		xmlNodePtr e;

		e = x_el(list, "village");
		x_attr(e, "id", DB_CELL(&v, i, 0));
		x_attr(e, "name", DB_CELL(&v, i, 2));
	}
	return DB_OK;
}

/* Where the ID number is already on a roster (shown beside the form). */
struct dup {
	bool found;
	struct elder_where where;
};

/* Renders the add or edit form. old is the entry being edited (NULL when
 * adding); notice (may be NULL) is a message for the whole form. */
static void
show_form(struct req *r, int status, const struct station *st,
    const struct form *f, const struct elder *old, const struct dup *d,
    const char *notice)
{
	xmlNodePtr root = page_new(r, old != NULL ? "elder-edit" : "elder-new",
	    old != NULL ? "修改服务对象信息" : "登记服务对象");

	station_xml(st, root);
	if (villages_xml(r, st, root) != DB_OK && notice == NULL)
		notice = MSG_BUSY;
	choices_xml(elder_living, root, "living");
	choices_xml(elder_care, root, "care");
	form_xml(f, root);
	if (old != NULL) {
		xmlNodePtr e = x_el(root, "elder");

		x_attr_int(e, "id", old->id);
		x_attr(e, "name", old->name);
		x_attr(e, "id-mask", old->id_mask);
		x_attr(e, "active", old->active ? "1" : "0");
	}
	if (d != NULL && d->found) {
		xmlNodePtr e = x_el(root, "duplicate");

		if (d->where.station_id == st->id)
			x_attr_int(e, "id", d->where.id);
		else
			x_attr(e, "station", d->where.station_name);
	}
	if (notice != NULL)
		x_text(root, "notice", notice);
	(void)render_page(r, status, root);
}

/* Checks what the table cannot: age, village in the station's township,
 * the ID number on a roster already (other than entry self). */
static enum db_status
check_more(struct req *r, struct form *f, const struct station *st,
    long long self, struct dup *d)
{
	const struct fval *v = f->val;
	enum db_status s;
	int age;

	memset(d, 0, sizeof(*d));
	if (v[EF_ID].present && v[EF_ID].err == NULL &&
	    (age = valid_age(v[EF_ID].v.id.birth_ymd, r->today_ymd)) <
	    ELDER_MIN_AGE)
		form_fail(f, EF_ID, pool_printf(r->pool, "服务对象须年满%d周岁"
		    "（按身份证号码，现在%d岁），请核对", ELDER_MIN_AGE, age));
	if (v[EF_VILLAGE].err == NULL) {
		s = ref_village_in_township(r, v[EF_VILLAGE].v.u,
		    (unsigned long)st->township_id);
		if (s == DB_NOTFOUND)
			form_fail(f, EF_VILLAGE, "请从本乡镇的村（社区）中选择");
		else if (s != DB_OK)
			return s;
	}
	if (v[EF_ID].present && v[EF_ID].err == NULL) {
		s = elder_find(r, v[EF_ID].raw, &d->where);
		if (s == DB_OK && d->where.id != self) {
			d->found = true;
			form_fail(f, EF_ID, d->where.station_id == st->id ?
			    "这位老人已在本站名册中，不用重复登记" :
			    pool_printf(r->pool, "这位老人已在“%s”的名册中登记，"
			    "不能重复登记", d->where.station_name));
		} else if (s != DB_OK && s != DB_NOTFOUND)
			return s;
	}
	return DB_OK;
}

/* The typed values of a checked form. */
static void
elder_from_form(struct req *r, const struct form *f, struct elder_in *e)
{
	const struct fval *v = f->val;

	memset(e, 0, sizeof(*e));
	e->name = v[EF_NAME].raw;
	if (v[EF_ID].present) {
		e->id_number = v[EF_ID].raw;
		e->sex = v[EF_ID].v.id.sex;
		e->birth_ymd = v[EF_ID].v.id.birth_ymd;
	}
	e->village_id = v[EF_VILLAGE].v.u;
	e->living = v[EF_LIVING].raw;
	e->care = form_join(r, &v[EF_CARE]);
	e->contact_name = v[EF_CONTACT_NAME].raw;
	e->contact_phone = v[EF_CONTACT_PHONE].raw;
	e->notes = v[EF_NOTES].raw != NULL ? v[EF_NOTES].raw : "";
}

/* The roster page of a station, for redirects. */
static const char *
roster_path(struct req *r, const struct station *st, const char *extra)
{
	return pool_printf(r->pool, "/station/elders?station=%lld%s", st->id,
	    extra);
}

/* GET, POST /station/elders/new */
void
page_elder_new(struct req *r)
{
	struct station st;
	struct elder_in e;
	struct form f;
	struct dup d;
	enum db_status s;

	if (station_of_page(r, &st) != 0)
		return;
	if (r->method != METHOD_POST) {
		form_empty(r, &f, elder_fields, EF__MAX, NULL);
		show_form(r, 200, &st, &f, NULL, NULL, NULL);
		return;
	}
	form_check(r, &f, elder_fields, EF__MAX, NULL);
	if (form_resumed(r, &f)) {
		show_form(r, 200, &st, &f, NULL, NULL, MSG_RESUMED);
		return;
	}
	if ((s = check_more(r, &f, &st, 0, &d)) != DB_OK)
		goto unavailable;
	if (f.nerr > 0) {
		show_form(r, 422, &st, &f, NULL, &d, "有几项需要修改，请看红色的提示。");
		return;
	}
	elder_from_form(r, &f, &e);
	s = elder_insert(r, st.id, &e, NULL);
	if (s == DB_DUPLICATE) {
		/* Someone added the same person a moment ago. */
		if (elder_find(r, e.id_number, &d.where) == DB_OK)
			d.found = true;
		form_fail(&f, EF_ID, "这位老人已经登记过了，不能重复登记");
		show_form(r, 422, &st, &f, NULL, &d, "有几项需要修改，请看红色的提示。");
		return;
	}
	if (s != DB_OK)
		goto unavailable;
	resp_redirect(r, roster_path(r, &st, "&saved=1"));
	return;
unavailable:
	show_form(r, 503, &st, &f, NULL, NULL, "系统暂时繁忙，没有保存成功。"
	    "您填写的内容都还在，请过一会儿再点“保存”。");
}

/* The entry the route names, which the responder found in scope
 * (r->entity_id), with its station; otherwise answers and returns -1. */
static int
elder_of_path(struct req *r, struct elder *e, struct station *st)
{
	long long id = r->entity_id;
	enum db_status s;

	if (id == 0 || (s = elder_get(r, id, e)) == DB_NOTFOUND) {
		render_error(r, 404, "没有找到这位服务对象。");
		return -1;
	}
	if (s != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return -1;
	}
	return station_of_record(r, e->station_id, st);
}

/* Fills an edit form with a stored entry's values (ID number left blank:
 * only a correction is typed there). */
static void
form_from_elder(struct req *r, struct form *f, const struct elder *e)
{
	char *copy, *save = NULL, *tok;
	struct fval *c = &f->val[EF_CARE];

	f->val[EF_NAME].raw = e->name;
	f->val[EF_VILLAGE].raw = pool_printf(r->pool, "%lld", e->village_id);
	f->val[EF_LIVING].raw = e->living;
	f->val[EF_CONTACT_NAME].raw = e->contact_name;
	f->val[EF_CONTACT_PHONE].raw = e->contact_phone;
	f->val[EF_NOTES].raw = e->notes;
	c->multi = pool_alloc(r->pool, 8 * sizeof(char *));
	copy = pool_strdup(r->pool, e->care);
	for (tok = strtok_r(copy, ",", &save); tok != NULL && c->nmulti < 8;
	    tok = strtok_r(NULL, ",", &save))
		c->multi[c->nmulti++] = tok;
}

/* GET, POST /station/elders/ID/edit */
void
page_elder_edit(struct req *r)
{
	struct field fields[EF__MAX];
	struct station st;
	struct elder old;
	struct elder_in e;
	struct form f;
	struct dup d;
	enum db_status s;

	if (elder_of_path(r, &old, &st) != 0)
		return;
	/* A blank ID number keeps the stored one. */
	memcpy(fields, elder_fields, sizeof(fields));
	fields[EF_ID].flags = 0;
	if (r->method != METHOD_POST) {
		form_empty(r, &f, fields, EF__MAX, NULL);
		form_from_elder(r, &f, &old);
		show_form(r, 200, &st, &f, &old, NULL, NULL);
		return;
	}
	form_check(r, &f, fields, EF__MAX, NULL);
	if (form_resumed(r, &f)) {
		show_form(r, 200, &st, &f, &old, NULL, MSG_RESUMED);
		return;
	}
	if ((s = check_more(r, &f, &st, old.id, &d)) != DB_OK)
		goto unavailable;
	if (f.nerr > 0) {
		show_form(r, 422, &st, &f, &old, &d, "有几项需要修改，请看红色的提示。");
		return;
	}
	elder_from_form(r, &f, &e);
	s = elder_update(r, &old, &e);
	if (s == DB_DUPLICATE) {
		form_fail(&f, EF_ID, "这个身份证号码已登记在其他老人名下，请核对");
		show_form(r, 422, &st, &f, &old, NULL, "有几项需要修改，请看红色的提示。");
		return;
	}
	if (s != DB_OK)
		goto unavailable;
	resp_redirect(r, roster_path(r, &st, "&saved=1"));
	return;
unavailable:
	show_form(r, 503, &st, &f, &old, NULL, "系统暂时繁忙，没有保存成功。"
	    "您填写的内容都还在，请过一会儿再点“保存”。");
}

/* POST /station/elders/ID/deactivate and …/reactivate. */
static void
set_active(struct req *r, bool active)
{
	struct station st;
	struct elder old;

	if (elder_of_path(r, &old, &st) != 0)
		return;
	if (old.active != active && elder_set_active(r, &old, active) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	resp_redirect(r, roster_path(r, &st, active ? "" : "&all=1"));
}

void
page_elder_deactivate(struct req *r)
{
	set_active(r, false);
}

void
page_elder_reactivate(struct req *r)
{
	set_active(r, true);
}
