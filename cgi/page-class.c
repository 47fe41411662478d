/* Family-education classes, the public side: the list of upcoming open
 * classes, a class with its enrolment form, and the page of one
 * enrolment (found only by its random code) with a cancel button. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "class.h"
#include "crypt.h"
#include "form.h"
#include "pages.h"
#include "ref.h"
#include "render.h"
#include "resp.h"
#include "srv.h"
#include "throttle.h"


/* The list of classes, a page at a time: a phone shows 20 well. */
#define CLASS_PAGE_SIZE 20
#define CLASS_PAGE_MAX  10000
/* How long a thread shows the list it read without reading it again. */
#define CLASS_LIST_FRESH 1

enum lfield { LF_TOWNSHIP, LF_PAGE, LF__MAX };

static const struct field list_fields[LF__MAX] = {
	[LF_TOWNSHIP] = { "township", "乡镇", F_UINT, 0, RECORD_ID_MAX, NULL,
	    NULL },
	[LF_PAGE] = { "page", "页码", F_UINT, 0, CLASS_PAGE_MAX, NULL, NULL },
};

/* The enrolments made in this browser: their codes ride in a long-lived
 * HttpOnly cookie, newest first, so that a grandparent who closed the
 * confirmation page finds it again under 家长课堂. A code there counts
 * as a guess like one typed into the address bar. */
#define MINE_COOKIE "lx_mine"
#define MINE_MAX    8
#define MINE_AGE    (180L * 24 * 3600)

/* The well-formed codes of the cookie, at most MINE_MAX; returns how many. */
static size_t
mine_codes(struct req *r, const char *out[MINE_MAX])
{
	const char *v = kv_get(&r->cookies, MINE_COOKIE);
	size_t n = 0;

	while (v != NULL && *v != '\0' && n < MINE_MAX) {
		size_t len = strcspn(v, ".");
		char *code = pool_strndup(r->pool, v, len);

		if (class_code_wellformed(code))
			out[n++] = code;
		v += len;
		if (*v == '.')
			v++;
	}
	return n;
}

/* Puts code first in the cookie, keeping the others that are not it. */
static void
mine_remember(struct req *r, const char *code)
{
	const char *old[MINE_MAX];
	size_t i, n = mine_codes(r, old);
	char *v = pool_strdup(r->pool, code);

	for (i = 0; i < n && i + 1 < MINE_MAX; i++)
		if (strcmp(old[i], code) != 0)
			v = pool_printf(r->pool, "%s.%s", v, old[i]);
	resp_cookie(r, MINE_COOKIE, v, MINE_AGE, 0);
}

/* Adds <mine><enrolment code= status= position=><class …/></enrolment>…
 * for the cookie's codes; unknown codes count as guesses and are left
 * out. Returns DB_OK or a database failure. */
static enum db_status
mine_xml(struct req *r, xmlNodePtr root)
{
	const char *codes[MINE_MAX];
	size_t i, n = mine_codes(r, codes);
	struct throttle_hold hold;
	xmlNodePtr list = NULL;
	enum db_status s;

	if (n == 0)
		return DB_OK;
	for (i = 0; i < n; i++) {
		struct enrolment e;
		struct class_rec c;
		long long attempt;
		xmlNodePtr x;

		if ((s = throttle_take(r, &throttle_class_code_get,
		    r->remote_addr, &hold, &attempt)) != DB_OK || hold.held)
			return s;
		s = enrolment_by_code(r, codes[i], &e);
		if (s == DB_NOTFOUND)
			continue;
		if (s != DB_OK || (s = throttle_forgive(r, attempt)) != DB_OK ||
		    (s = class_get(r, e.class_id, &c)) != DB_OK)
			return s;
		if (list == NULL)
			list = x_el(root, "mine");
		x = x_el(list, "enrolment");
		x_attr(x, "code", e.code);
		x_attr(x, "status", e.status);
		x_attr_int(x, "position", e.position);
		class_xml(r, &c, x);
	}
	return DB_OK;
}

/* One page of the class list as read, and its township (0: all). */
struct class_list {
	const struct class_page *cp;
	long long township;
};

/* Adds the townships to choose from, the filter f and the classes of l. */
static int
class_list_xml(struct req *r, xmlNodePtr root, const struct form *f,
    const struct class_list *l)
{
	struct db_rows towns;
	xmlNodePtr list;
	size_t i;

	if (ref_townships(r, &towns) != DB_OK)
		return -1;
	list = x_el(root, "townships");
	for (i = 0; i < towns.nrows; i++) {
		xmlNodePtr t = x_el(list, "township");

		x_attr(t, "id", DB_CELL(&towns, i, 0));
		x_attr(t, "name", DB_CELL(&towns, i, 1));
	}
	form_xml(f, root);
	list = x_el(root, "classes");
	x_attr_int(list, "page", l->cp->page);
	x_attr_int(list, "pages", l->cp->pages);
	x_attr_int(list, "township", l->township);
	for (i = 0; i < l->cp->n; i++)
		class_xml(r, &l->cp->list[i], list);
	return 0;
}

/* The list as every visitor without enrolments of their own sees it: a
 * shared page, kept under the digest of the rows it shows. */
static int
class_list_shared(struct req *blank, xmlNodePtr root, const void *arg)
{
	const struct class_list *l = arg;
	struct form f;

	form_empty(blank, &f, list_fields, LF__MAX, NULL);
	if (l->township != 0)
		form_set_uint(blank, &f, LF_TOWNSHIP,
		    (unsigned long)l->township);
	return class_list_xml(blank, root, &f, l);
}

/* The key of the shared list of township's page, up to the digest. */
static const char *
class_list_key(struct req *r, long long township, long long page)
{
	return pool_printf(r->pool, "classes?township=%lld&page=%lld#",
	    township, page);
}

/* GET /classes: upcoming open classes, soonest first, of one township if
 * chosen, a page at a time. For a visitor whose page holds nothing of
 * their own (no enrolments, no error) the page is shared: kept under the
 * digest of the rows it shows, so a seat taken or freed, or a class
 * changed, makes another page; and sent without reading the classes again
 * when this thread read them less than CLASS_LIST_FRESH seconds ago, the
 * same as a page loaded that much earlier (enrolment decides under the
 * class's lock; whoever enrolled or cancelled carries the cookie that
 * makes their own list read afresh). */
void
page_classes(struct req *r)
{
	struct class_page cp;
	struct class_list l = { .cp = &cp };
	const char *mine[MINE_MAX];
	long long page = 1;
	struct form f;
	xmlNodePtr root;
	bool shared;

	form_check_query(r, &f, list_fields, LF__MAX);
	if (f.nerr == 0 && f.val[LF_TOWNSHIP].present)
		l.township = (long long)f.val[LF_TOWNSHIP].v.u;
	if (f.nerr == 0 && f.val[LF_PAGE].present && f.val[LF_PAGE].v.u > 0)
		page = (long long)f.val[LF_PAGE].v.u;
	shared = f.nerr == 0 && mine_codes(r, mine) == 0;
	if (shared && render_recent(r, class_list_key(r, l.township, page),
	    CLASS_LIST_FRESH) == 0)
		return;
	if (class_list_open(r, l.township, page, CLASS_PAGE_SIZE, &cp) !=
	    DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	if (shared) {
		const struct db_rows *const read[] = { &cp.count, &cp.rows };
		const char *digest = crypt_rows_digest(r->pool, read, 2);

		/* Under the page shown (a page past the end shows the last). */
		if (digest != NULL && render_shared(r, pool_printf(r->pool,
		    "%s%s", class_list_key(r, l.township, cp.page), digest),
		    "class-list", "家长课堂", "/classes", class_list_shared,
		    &l) == 0)
			return;
	}
	root = page_new(r, "class-list", "家长课堂");
	if (mine_xml(r, root) != DB_OK || class_list_xml(r, root, &f, &l) != 0) {
		render_error_instead(r, root, 503, MSG_BUSY);
		return;
	}
	if (f.nerr > 0)
		x_text(root, "notice", "请从列表中选择乡镇。");
	(void)render_page(r, f.nerr > 0 ? 422 : 200, root);
}

enum efield {
	EF_NAME, EF_PHONE, EF_RELATIONSHIP, EF_TOWNSHIP, EF_VILLAGE, EF_AGE,
	EF_LEFT_BEHIND, EF_CONSENT, EF__MAX
};

static const struct field enrol_fields[EF__MAX] = {
	[EF_NAME] = { "name", "姓名", F_NAME, F_REQUIRED, 20, NULL, NULL },
	[EF_PHONE] = { "phone", "手机号码", F_MOBILE, F_REQUIRED, 11, NULL,
	    NULL },
	[EF_RELATIONSHIP] = { "relationship", "与孩子的关系", F_CHOICE,
	    F_REQUIRED, 0, class_relationships, "请选择您与孩子的关系" },
	/* Only narrows the villages offered (the class's township first);
	 * when posted, the village must be in it. */
	[EF_TOWNSHIP] = { "township", "乡镇", F_UINT, 0, RECORD_ID_MAX, NULL,
	    NULL },
	[EF_VILLAGE] = { "village", "村（社区）", F_UINT, F_REQUIRED,
	    RECORD_ID_MAX, NULL, "请选择所在村（社区）" },
	[EF_AGE] = { "child_age_group", "孩子年龄", F_CHOICE, F_REQUIRED, 0,
	    class_age_groups, "请选择孩子的年龄段" },
	[EF_LEFT_BEHIND] = { "left_behind", "是否留守儿童家庭", F_CHOICE,
	    F_REQUIRED, 0, class_yes_no, "请选择孩子是否为留守儿童（父母都在外地"
	    "务工或一方在外、另一方无监护能力）" },
	[EF_CONSENT] = { "consent", "同意", F_CHECK, F_REQUIRED | F_NOECHO, 0,
	    NULL, "请阅读个人信息处理说明，并勾选“我已阅读并同意”" },
};

/* Renders class c with the enrolment form (when enrolment is open);
 * notice (may be NULL) is a message for the whole page. */
static void
show_class(struct req *r, int status, const struct class_rec *c,
    const struct form *f, const char *notice)
{
	xmlNodePtr root = page_new(r, "class-detail", c->title);

	unsigned long township = form_township(f, EF_TOWNSHIP);

	class_xml(r, c, root);
	if (class_open(c) == CLASS_OK) {
		if (status != 503 && ref_places_xml(r, root, township != 0 ?
		    township : (unsigned long)c->township_id) != DB_OK &&
		    notice == NULL) {
			render_error_instead(r, root, 503, MSG_BUSY);
			return;
		}
		choices_xml(class_relationships, root, "relationships");
		choices_xml(class_age_groups, root, "age-groups");
		choices_xml(class_yes_no, root, "yes-no");
		form_xml(f, root);
	}
	if (notice != NULL)
		x_text(root, "notice", notice);
	(void)render_page(r, status, root);
}

/* Whether this address has sent too many enrolments lately, in all classes
 * or in this one: counts this one (kept, taken or not) and, when held,
 * answers 429 with the form kept and returns true. */
static bool
too_many(struct req *r, const struct class_rec *c, struct form *f,
    enum db_status *s)
{
	struct throttle_hold hold;
	long long attempt[2] = { 0, 0 };

	*s = DB_OK;
	if (throttle_office(r))
		return false;
	if ((*s = throttle_take(r, &throttle_enrol_address, r->remote_addr,
	    &hold, &attempt[0])) != DB_OK)
		return false;
	if (!hold.held && (*s = throttle_take(r, &throttle_enrol_class,
	    pool_printf(r->pool, "%lld %s", c->id, r->remote_addr), &hold,
	    &attempt[1])) != DB_OK)
		return false;
	if (!hold.held)
		return false;
	/* Refused, so not a submission. */
	if ((*s = throttle_forgive(r, attempt[0])) != DB_OK)
		return false;
	show_class(r, 429, c, f, pool_printf(r->pool, "从这里提交的报名太多了，"
	    "请稍后再提交。您填写的内容都还在。%s", throttle_when(r, &hold)));
	return true;
}

/* GET, POST /classes/ID: the class, and enrolling in it. */
void
page_class(struct req *r)
{
	struct enrolment_in in;
	struct class_rec c;
	enum class_refusal why;
	const char *code;
	struct form f;
	enum db_status s;
	long long id = path_id(r);

	if (id == 0 || (s = class_get(r, id, &c)) == DB_NOTFOUND) {
		render_error(r, 404, "没有找到这堂课。");
		return;
	}
	if (s != DB_OK && r->method == METHOD_POST) {
		/* The database is away: the form comes back with what was
		 * typed, under a class known only by its id. */
		memset(&c, 0, sizeof(c));
		c.id = id;
		c.title = "家长课堂报名";
		c.status = "open";
		c.audience = c.township = c.venue = c.date = c.start = c.end =
		    c.deadline_date = c.deadline_time = "";
		form_check(r, &f, enrol_fields, EF__MAX, NULL);
		goto unavailable;
	}
	if (s != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	if (r->method != METHOD_POST) {
		form_empty(r, &f, enrol_fields, EF__MAX, NULL);
		form_preselect(r, &f, EF_TOWNSHIP);
		if (!f.val[EF_TOWNSHIP].present)
			form_set_uint(r, &f, EF_TOWNSHIP,
			    (unsigned long)c.township_id);
		show_class(r, 200, &c, &f, NULL);
		return;
	}
	if (class_open(&c) != CLASS_OK) {
		form_empty(r, &f, enrol_fields, EF__MAX, NULL);
		show_class(r, 409, &c, &f, class_refusal_text(class_open(&c)));
		return;
	}
	form_check(r, &f, enrol_fields, EF__MAX, NULL);
	if (form_step(r, &f, "township")) {
		show_class(r, 200, &c, &f, NULL);
		return;
	}
	if (f.val[EF_VILLAGE].err == NULL) {
		s = ref_village_active(r, f.val[EF_VILLAGE].v.u);
		if (s != DB_OK && s != DB_NOTFOUND)
			goto unavailable;
		if (s == DB_NOTFOUND)
			form_fail(&f, EF_VILLAGE, "请从列表中选择所在村（社区）");
		else if (form_township(&f, EF_TOWNSHIP) != 0) {
			s = ref_village_in_township(r, f.val[EF_VILLAGE].v.u,
			    form_township(&f, EF_TOWNSHIP));
			if (s == DB_NOTFOUND)
				form_fail(&f, EF_VILLAGE, "所选村（社区）不属于所选"
				    "乡镇，请重新选择");
			else if (s != DB_OK)
				goto unavailable;
		}
	}
	if (f.nerr > 0) {
		show_class(r, 422, &c, &f, "有几项需要修改，请看红色的提示。");
		return;
	}
	if (too_many(r, &c, &f, &s))
		return;
	if (s != DB_OK)
		goto unavailable;
	memset(&in, 0, sizeof(in));
	in.class_id = c.id;
	in.village_id = (long long)f.val[EF_VILLAGE].v.u;
	in.name = f.val[EF_NAME].raw;
	in.phone = f.val[EF_PHONE].raw;
	in.relationship = f.val[EF_RELATIONSHIP].raw;
	in.age_group = f.val[EF_AGE].raw;
	in.left_behind = strcmp(f.val[EF_LEFT_BEHIND].raw, "yes") == 0;
	s = class_enrol(r, &in, &why, &code);
	if (s == DB_NOTFOUND) {
		render_error(r, 404, "没有找到这堂课。");
		return;
	}
	if (s != DB_OK)
		goto unavailable;
	if (why == CLASS_PHONE_TAKEN) {
		form_fail(&f, EF_PHONE, class_refusal_text(why));
		show_class(r, 422, &c, &f, "这个手机号已经报过名了。");
		return;
	}
	if (why != CLASS_OK) {
		/* Closed meanwhile: show the class as it is now. */
		if (class_get(r, id, &c) != DB_OK)
			goto unavailable;
		show_class(r, 409, &c, &f, class_refusal_text(why));
		return;
	}
	mine_remember(r, code);
	resp_redirect(r, pool_printf(r->pool, "/classes/enrolment/%s", code));
	return;
unavailable:
	show_class(r, 503, &c, &f, "系统暂时繁忙，报名没有提交成功。您填写的内容都"
	    "还在，请过一会儿再点“提交报名”。");
}

enum cfield { CF_ACTION, CF_CONFIRM, CF__MAX };

static const struct choice cancel_choices[] = {
	{ "view", "查看报名" },
	{ "cancel", "取消报名" },
	{ NULL, NULL }
};

static const struct field cancel_fields[CF__MAX] = {
	[CF_ACTION] = { "action", "操作", F_CHOICE, F_REQUIRED, 0,
	    cancel_choices, NULL },
	/* One tap is not enough to cancel: the box must be ticked as well
	 * (only action=cancel reads it). */
	[CF_CONFIRM] = { "confirm", "确认取消", F_CHECK, F_REQUIRED, 0, NULL,
	    "请先勾选“确认取消”，再点“取消报名”。报名还没有取消。" },
};

/* Whether a GET came from another site's page (an image, a link): modern
 * browsers say so in Sec-Fetch-Site; old ones send nothing. */
static bool
cross_site(const struct req *r)
{
	const char *site = req_param(r, "HTTP_SEC_FETCH_SITE");

	return r->method != METHOD_POST && site != NULL &&
	    (strcmp(site, "cross-site") == 0 || strcmp(site, "same-site") == 0);
}

/* Instead of the enrolment: a button that posts action=view (CSRF-checked,
 * so no other site can press it), with notice when there is one. */
static void
show_view_button(struct req *r, int status, const char *code,
    const char *notice)
{
	xmlNodePtr root = page_new(r, "class-enrolment-button", "我的报名");

	x_text(root, "code", code);
	if (notice != NULL)
		x_text(root, "notice", notice);
	(void)render_page(r, status, root);
}

/* The enrolment page; notice (may be NULL) says why nothing was done. */
static void
show_enrolment(struct req *r, int status, const struct class_rec *c,
    const struct enrolment *e, const char *notice)
{
	xmlNodePtr root = page_new(r, "class-enrolment", "我的报名");
	xmlNodePtr x;

	class_xml(r, c, root);
	x = x_el(root, "enrolment");
	x_attr(x, "code", e->code);
	x_attr(x, "status", e->status);
	x_attr_int(x, "position", e->position);
	x_attr(x, "name", e->name);
	x_attr(x, "relationship", choice_label(class_relationships,
	    e->relationship));
	x_attr(x, "village", e->village);
	x_attr(x, "age-group", choice_label(class_age_groups, e->age_group));
	if (!c->started)
		x_attr(x, "cancellable", "1");
	if (notice != NULL)
		x_text(root, "notice", notice);
	(void)render_page(r, status, root);
}

/* GET, POST /classes/enrolment/CODE: the enrolment's status, its class,
 * and cancelling it (with the box 确认取消 ticked). Unknown codes are
 * counted per address: plain GETs (which any site can make a browser send)
 * and POSTs (CSRF-checked, so only this site's own pages) on separate
 * budgets, so that a foreign page spending the first never holds the
 * second. A GET sent from another site, or while the GET budget is spent,
 * gets a button that posts. */
void
page_class_enrolment(struct req *r)
{
	const char *code = r->args[0];
	struct enrolment e;
	struct class_rec c;
	struct form f;
	struct throttle_hold hold;
	enum db_status s;
	long long attempt;

	if (cross_site(r)) {
		show_view_button(r, 200, code, NULL);
		return;
	}
	if (r->method == METHOD_POST) {
		form_check(r, &f, cancel_fields, CF__MAX, NULL);
		if (f.val[CF_ACTION].err != NULL) {
			render_error(r, 422, "请点页面上的“查看报名”或“取消报名”"
			    "按钮。");
			return;
		}
	}
	if (throttle_take(r, r->method == METHOD_POST ? &throttle_class_code :
	    &throttle_class_code_get, r->remote_addr, &hold, &attempt) !=
	    DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	if (hold.held && r->method != METHOD_POST) {
		show_view_button(r, 429, code, pool_printf(r->pool, "查询次数太多"
		    "了。如果这是您自己的报名，请点下面的按钮查看。%s",
		    throttle_when(r, &hold)));
		return;
	}
	if (hold.held) {
		render_error(r, 429, pool_printf(r->pool, "查询次数太多了，请使用报名"
		    "成功时的页面地址，不要自己输入。%s", throttle_when(r, &hold)));
		return;
	}
	s = class_code_wellformed(code) ? enrolment_by_code(r, code, &e) :
	    DB_NOTFOUND;
	if (s == DB_NOTFOUND) {
		render_error(r, 404, "没有找到这个报名。请检查页面地址是否完整。");
		return;
	}
	if (s != DB_OK || throttle_forgive(r, attempt) != DB_OK ||
	    class_get(r, e.class_id, &c) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	if (r->method == METHOD_POST &&
	    strcmp(f.val[CF_ACTION].raw, "cancel") == 0) {
		if (strcmp(e.status, "cancelled") != 0) {
			if (c.started) {
				render_error(r, 409, "这堂课已经开始，不能再取消报名。");
				return;
			}
			if (f.val[CF_CONFIRM].err != NULL) {
				show_enrolment(r, 422, &c, &e,
				    f.val[CF_CONFIRM].err);
				return;
			}
			s = enrolment_cancel(r, e.class_id, e.id);
			if (s != DB_OK && s != DB_NOTFOUND) {
				render_error(r, 503, "系统暂时繁忙，报名还没有取消，"
				    "请过一会儿再试。");
				return;
			}
		}
		resp_redirect(r, pool_printf(r->pool, "/classes/enrolment/%s",
		    code));
		return;
	}
	show_enrolment(r, 200, &c, &e, NULL);
}
