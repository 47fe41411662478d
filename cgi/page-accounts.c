/* Staff accounts: the list, a new account, one account with its actions
 * (disable, re-enable, reset password), the station list, and a staff
 * member's own password change. County admins manage every account;
 * township admins the station operators of their township (the responder
 * has checked the account a route names against that scope already). */
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "form.h"
#include "pages.h"
#include "passwd.h"
#include "ref.h"
#include "render.h"
#include "resp.h"
#include "sess.h"
#include "srv.h"
#include "throttle.h"


static const struct choice role_choices[] = {
	{ "county_admin", "县级管理员" },
	{ "township_admin", "乡镇管理员" },
	{ "station_operator", "服务站操作员" },
	{ NULL, NULL }
};

enum nfield { NF_USERNAME, NF_NAME, NF_ROLE, NF_TOWNSHIP, NF_STATION, NF__MAX };

static const struct field new_fields[NF__MAX] = {
	[NF_USERNAME] = { "username", "用户名", F_TEXT, F_REQUIRED, 32, NULL,
	    NULL },
	[NF_NAME] = { "display_name", "姓名或单位", F_TEXT, F_REQUIRED, 40,
	    NULL, NULL },
	[NF_ROLE] = { "role", "角色", F_CHOICE, F_REQUIRED, 0, role_choices,
	    NULL },
	[NF_TOWNSHIP] = { "township", "乡镇", F_UINT, 0, RECORD_ID_MAX, NULL, NULL },
	[NF_STATION] = { "station", "服务站", F_UINT, 0, RECORD_ID_MAX, NULL, NULL },
};

enum pfield { PF_CURRENT, PF_NEW, PF_AGAIN, PF__MAX };

static const struct field password_fields[PF__MAX] = {
	[PF_CURRENT] = { "current_password", "现在的密码", F_SECRET,
	    F_REQUIRED, PASSWD_MAX, NULL, NULL },
	[PF_NEW] = { "new_password", "新密码", F_SECRET, F_REQUIRED, PASSWD_MAX,
	    NULL, NULL },
	[PF_AGAIN] = { "new_password2", "再输一次新密码", F_SECRET, F_REQUIRED,
	    PASSWD_MAX, NULL, NULL },
};

/* What the notice on an account page says after an action (?done=). */
static const struct choice done_notices[] = {
	{ "disable", "账号已停用，该账号的登录已全部失效。" },
	{ "enable", "账号已重新启用。" },
	{ NULL, NULL }
};

static const struct field done_field[1] = {
	{ "done", "", F_CHOICE, 0, 0, done_notices, NULL },
};

/* Where a staff member's menu is. */
static const char *
home_of(const struct req *r)
{
	return r->sess->role == ROLE_STATION_OPERATOR ? "/station/" : "/admin/";
}

/* GET /admin/staff */
void
page_staff_list(struct req *r)
{
	xmlNodePtr root = page_new(r, "staff-list", "工作人员账号");

	if (account_list_xml(r, root) != DB_OK) {
		render_error_instead(r, root, 503, MSG_BUSY);
		return;
	}
	(void)render_page(r, 200, root);
}

/* Renders the new-account form with its choices (within scope). */
static void
show_new(struct req *r, int status, const struct form *f, const char *notice)
{
	xmlNodePtr root = page_new(r, "staff-new", "新建工作人员账号");
	struct scope sc = scope_of(r);

	if ((station_list_xml(r, root, sc) != DB_OK ||
	    ref_places_xml(r, root, REF_NO_VILLAGES) != DB_OK) && notice == NULL) {
		render_error_instead(r, root, 503, MSG_BUSY);
		return;
	}
	choices_xml(role_choices, root, "roles");
	form_xml(f, root);
	if (notice != NULL)
		x_text(root, "notice", notice);
	(void)render_page(r, status, root);
}

/* Checks the role, township and station of a new account against each
 * other and the creator's scope; fills a. */
static enum db_status
check_new(struct req *r, struct form *f, struct account_new *a)
{
	const struct fval *v = f->val;
	long long township;
	bool open;
	enum db_status s;

	memset(a, 0, sizeof(*a));
	if (v[NF_USERNAME].err == NULL && !account_username_ok(v[NF_USERNAME].raw))
		form_fail(f, NF_USERNAME, "用户名须为3至32位小写字母、数字或下划线，"
		    "以字母开头");
	if (v[NF_ROLE].err != NULL)
		return DB_OK;
	a->username = v[NF_USERNAME].raw;
	a->display_name = v[NF_NAME].raw;
	a->role = role_parse(v[NF_ROLE].raw);
	if (r->sess->role != ROLE_COUNTY_ADMIN &&
	    a->role != ROLE_STATION_OPERATOR) {
		form_fail(f, NF_ROLE, "您只能为本乡镇的服务站新建操作员账号");
		return DB_OK;
	}
	if (a->role == ROLE_TOWNSHIP_ADMIN) {
		if (!v[NF_TOWNSHIP].present || v[NF_TOWNSHIP].err != NULL) {
			form_fail(f, NF_TOWNSHIP, "乡镇管理员须选择所在乡镇");
			return DB_OK;
		}
		a->township_id = (long long)v[NF_TOWNSHIP].v.u;
		if ((s = ref_township_active(r, a->township_id)) == DB_NOTFOUND)
			form_fail(f, NF_TOWNSHIP, "请从列表中选择乡镇");
		else if (s != DB_OK)
			return s;
	} else if (a->role == ROLE_STATION_OPERATOR) {
		if (!v[NF_STATION].present || v[NF_STATION].err != NULL) {
			form_fail(f, NF_STATION, "服务站操作员须选择服务站");
			return DB_OK;
		}
		a->station_id = (long long)v[NF_STATION].v.u;
		s = station_get(r, a->station_id, &township, &open);
		if (s == DB_NOTFOUND || (s == DB_OK && !open)) {
			form_fail(f, NF_STATION, "请从列表中选择服务站");
			return DB_OK;
		}
		if (s != DB_OK)
			return s;
		if (!scope_allows(r, township, a->station_id) &&
		    !scope_allows(r, township, 0)) {
			form_fail(f, NF_STATION, "这个服务站不在您的管辖范围内");
			return DB_OK;
		}
		a->township_id = township;
	}
	return DB_OK;
}

/* Shows a password once, on the page that made it (never in a URL). */
static void
show_password(struct req *r, const char *page, const char *title,
    const struct account *a, const char *password)
{
	xmlNodePtr root = page_new(r, page, title);
	xmlNodePtr x = x_el(root, "account");

	x_attr_int(x, "id", a->id);
	x_attr(x, "username", a->username);
	x_attr(x, "name", a->display_name);
	x_text(root, "password", password);
	(void)render_page(r, 200, root);
}

/* GET, POST /admin/staff/new */
void
page_staff_new(struct req *r)
{
	struct account_new a;
	struct account made;
	unsigned long long id = 0;
	const char *pw;
	struct form f;
	enum db_status s;

	if (r->method != METHOD_POST) {
		form_empty(r, &f, new_fields, NF__MAX, NULL);
		show_new(r, 200, &f, NULL);
		return;
	}
	form_check(r, &f, new_fields, NF__MAX, NULL);
	if ((s = check_new(r, &f, &a)) != DB_OK)
		goto unavailable;
	if (f.nerr > 0) {
		show_new(r, 422, &f, "有几项需要修改，请看红色的提示。");
		return;
	}
	pw = passwd_generate(r->pool);
	s = account_create(r, &a, pw, &id);
	if (s == DB_DUPLICATE) {
		form_fail(&f, NF_USERNAME, "这个用户名已经有人用了，请换一个");
		show_new(r, 422, &f, "有几项需要修改，请看红色的提示。");
		return;
	}
	if (s != DB_OK)
		goto unavailable;
	memset(&made, 0, sizeof(made));
	made.id = (long long)id;
	made.username = a.username;
	made.display_name = a.display_name;
	show_password(r, "staff-password-shown", "账号已建好", &made, pw);
	return;
unavailable:
	show_new(r, 503, &f, "系统暂时繁忙，账号没有建成。您填写的内容都还在，"
	    "请过一会儿再提交。");
}

/* Renders account id (the route's record) with its actions. */
static void
show_account(struct req *r, int status, const char *notice)
{
	xmlNodePtr root = page_new(r, "staff-show", "工作人员账号");
	xmlNodePtr x;
	struct account a;
	enum db_status s;

	if ((s = account_get(r, r->entity_id, &a)) != DB_OK) {
		render_error_instead(r, root, s == DB_NOTFOUND ? 404 : 503,
		    s == DB_NOTFOUND ? "没有找到这个账号。" : MSG_BUSY);
		return;
	}
	x = x_el(root, "account");
	x_attr_int(x, "id", a.id);
	x_attr(x, "username", a.username);
	x_attr(x, "name", a.display_name);
	x_attr(x, "role", role_code(a.role));
	x_attr(x, "role-label", role_label(a.role));
	x_attr(x, "township", a.township);
	x_attr(x, "station", a.station);
	x_attr(x, "active", a.active ? "1" : "0");
	x_attr(x, "must-change", a.must_change_password ? "1" : "0");
	x_attr(x, "created", a.created);
	x_attr(x, "self", a.id == r->sess->staff_id ? "1" : "0");
	/* A notice on a 200 page says what was done; otherwise what is wrong. */
	if (notice != NULL)
		x_text(root, status == 200 ? "done" : "notice", notice);
	(void)render_page(r, status, root);
}

/* GET /admin/staff/ID */
void
page_staff_show(struct req *r)
{
	struct form f;

	form_check_query(r, &f, done_field, 1);
	show_account(r, 200, f.val[0].err == NULL && f.val[0].present ?
	    choice_label(done_notices, f.val[0].raw) : NULL);
}

/* Reads the route's account for an action on it; answers the request and
 * returns false when there is none or it is the staff member's own. */
static bool
action_target(struct req *r, struct account *a)
{
	enum db_status s = account_get(r, r->entity_id, a);

	if (s != DB_OK) {
		render_error(r, s == DB_NOTFOUND ? 404 : 503,
		    s == DB_NOTFOUND ? "没有找到这个账号。" : MSG_BUSY);
		return false;
	}
	if (a->id == r->sess->staff_id) {
		show_account(r, 409, "不能停用或重置自己的账号。修改自己的密码请用“修改密码”。");
		return false;
	}
	return true;
}

/* POST /admin/staff/ID/disable and /enable */
static void
set_active(struct req *r, bool active)
{
	struct account a;

	if (!action_target(r, &a))
		return;
	if (account_set_active(r, &a, active) != DB_OK) {
		show_account(r, 503, MSG_BUSY);
		return;
	}
	resp_redirect(r, pool_printf(r->pool, "/admin/staff/%lld?done=%s",
	    a.id, active ? "enable" : "disable"));
}

void
page_staff_disable(struct req *r)
{
	set_active(r, false);
}

void
page_staff_enable(struct req *r)
{
	set_active(r, true);
}

/* POST /admin/staff/ID/reset-password */
void
page_staff_reset(struct req *r)
{
	struct account a;
	const char *pw;

	if (!action_target(r, &a))
		return;
	pw = passwd_generate(r->pool);
	if (account_set_password(r, &a, pw, true) != DB_OK) {
		show_account(r, 503, MSG_BUSY);
		return;
	}
	show_password(r, "staff-password-shown", "密码已重置", &a, pw);
}

/* GET /admin/stations */
void
page_stations(struct req *r)
{
	xmlNodePtr root = page_new(r, "station-list", "互助养老服务站");

	if (station_list_xml(r, root, scope_of(r)) != DB_OK) {
		render_error_instead(r, root, 503, MSG_BUSY);
		return;
	}
	(void)render_page(r, 200, root);
}

static void
show_password_form(struct req *r, int status, const struct form *f,
    const char *notice)
{
	xmlNodePtr root = page_new(r, "staff-password", "修改密码");

	form_xml(f, root);
	if (r->sess->must_change_password)
		x_el(root, "must-change");
	if (notice != NULL)
		x_text(root, "notice", notice);
	(void)render_page(r, status, root);
}

/* GET, POST /admin/password: the signed-in staff member's own password.
 * Guesses at the current password count as failed sign-ins. */
void
page_password(struct req *r)
{
	struct throttle_hold hold;
	struct account a;
	const char *problem;
	struct form f;
	enum db_status s;
	long long attempt;
	int ok;

	if (r->method != METHOD_POST) {
		form_empty(r, &f, password_fields, PF__MAX, NULL);
		show_password_form(r, 200, &f, NULL);
		return;
	}
	if (form_check(r, &f, password_fields, PF__MAX, NULL) > 0) {
		show_password_form(r, 422, &f, "有几项需要修改，请看红色的提示。");
		return;
	}
	/* Per name and address, like a sign-in: a stranger's failures on
	 * this name elsewhere do not hold the person signed in here. */
	if ((s = throttle_take(r, &throttle_login_pair, throttle_pair(r,
	    r->sess->username, r->remote_addr), &hold, &attempt)) != DB_OK)
		goto unavailable;
	if (hold.held) {
		show_password_form(r, 429, &f, pool_printf(r->pool,
		    "密码输错的次数太多，暂时不能修改。%s", throttle_when(r, &hold)));
		return;
	}
	if ((s = account_password_ok(r, r->sess->staff_id, f.val[PF_CURRENT].raw,
	    &ok)) != DB_OK)
		goto unavailable;
	if (ok && (s = throttle_forgive(r, attempt)) != DB_OK)
		goto unavailable;
	if (!ok)
		form_fail(&f, PF_CURRENT, "现在的密码不对");
	else if ((problem = passwd_problem(f.val[PF_NEW].raw,
	    r->sess->username)) != NULL)
		form_fail(&f, PF_NEW, problem);
	else if (strcmp(f.val[PF_NEW].raw, f.val[PF_CURRENT].raw) == 0)
		form_fail(&f, PF_NEW, "新密码不能和现在的密码一样");
	else if (strcmp(f.val[PF_NEW].raw, f.val[PF_AGAIN].raw) != 0)
		form_fail(&f, PF_AGAIN, "两次输入的新密码不一样");
	if (f.nerr > 0) {
		show_password_form(r, 422, &f, "有几项需要修改，请看红色的提示。");
		return;
	}
	memset(&a, 0, sizeof(a));
	a.id = r->sess->staff_id;
	a.username = r->sess->username;
	/* Every session of the account ends, this one included; a fresh one
	 * keeps this browser signed in. */
	if ((s = account_set_password(r, &a, f.val[PF_NEW].raw, false)) != DB_OK ||
	    (s = sess_start(r, a.id)) != DB_OK)
		goto unavailable;
	csrf_renew(r);
	resp_redirect(r, home_of(r));
	return;
unavailable:
	show_password_form(r, 503, &f, MSG_BUSY);
}
