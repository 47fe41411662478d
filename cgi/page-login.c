/* Staff sign-in and sign-out, and the staff home pages. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "audit.h"
#include "crypt.h"
#include "form.h"
#include "pages.h"
#include "render.h"
#include "resp.h"
#include "sess.h"
#include "srv.h"
#include "throttle.h"

enum lfield { LF_USERNAME, LF_PASSWORD, LF_NEXT, LF__MAX };

static const struct field login_fields[LF__MAX] = {
	[LF_USERNAME] = { "username", "用户名", F_TEXT, F_REQUIRED, 32, NULL,
	    NULL },
	[LF_PASSWORD] = { "password", "密码", F_SECRET, F_REQUIRED, 256, NULL,
	    NULL },
	[LF_NEXT] = { "next", "", F_TEXT, F_NOECHO, 200, NULL, NULL },
};

/* A hash to verify against when the user does not exist, so that a wrong
 * user name costs as much time as a wrong password. */
static const char dummy_hash[] =
    "$argon2id$v=19$m=19456,t=2,p=1$9AE29SK6ATTnETYcp0yjaw"
    "$MxAlXIerk6CKUobz8zcu33jwjuOdvrgBiscaj+/JhM4";

#define RELOGIN "relogin."
#define MSG_EXPIRED "登录已过期（超过30分钟没有操作），请重新登录。"
#define MSG_EXPIRED_KEPT "登录已过期（超过30分钟没有操作），您填写的内容还在。" \
    "请重新输入用户名和密码，登录后会回到刚才的表格，核对后再点“保存”。"

/* Where to go after signing in: the page asked for if it is a staff page,
 * otherwise the role's home. */
static const char *
landing(const struct req *r, const char *next, enum role role)
{
	if (next != NULL && next[0] == '/' && next[1] != '/' &&
	    (strncmp(next, "/admin/", 7) == 0 ||
	    strncmp(next, "/station/", 9) == 0))
		return next;
	return role == ROLE_STATION_OPERATOR ? "/station/" : "/admin/";
	(void)r;
}

/* The sign-in page. For a staff form posted after the session ended,
 * resume holds the page's path and what was posted, and the fields are
 * named with the prefix "relogin." (the form may have its own username). */
static void
show_login(struct req *r, int status, const struct form *f, const char *next,
    const char *notice, xmlNodePtr resume)
{
	xmlNodePtr root = page_new(r, "login", resume != NULL ?
	    "登录已过期，请重新登录" : "工作人员登录");

	form_xml(f, root);
	x_text(root, "next", next);
	if (notice != NULL)
		x_text(root, "notice", notice);
	if (resume != NULL)
		xmlAddChild(root, resume);
	(void)render_page(r, status, root);
}

/* Counts this sign-in before the password is tried, against the address
 * (20 failures hold it), the name typed from this address (5 hold the
 * pair) and the name itself (5 from anywhere hold it, but only for
 * addresses that have failures of their own: a stranger cannot keep the
 * owner of a name out). Returns true, with the message in *msg, when
 * held; att[] gets the attempts to forgive or clear on success. */
static bool
held(struct req *r, const char *name, enum db_status *s, long long att[3],
    const char **msg)
{
	struct throttle_hold h;
	long long failures;
	size_t i;

	att[0] = att[1] = att[2] = 0;
	/* The address's failures before this attempt: none, and the name's
	 * hold does not apply. Sign-ins of this name are one at a time
	 * (attempt), so an earlier attempt from here is already counted. */
	if ((*s = throttle_recent(r, &throttle_login_address, r->remote_addr,
	    &failures)) != DB_OK ||
	    (*s = throttle_take(r, &throttle_login_address, r->remote_addr, &h,
	    &att[0])) != DB_OK)
		return false;
	if (!h.held && (*s = throttle_take(r, &throttle_login_pair,
	    throttle_pair(r, name, r->remote_addr), &h, &att[1])) != DB_OK)
		return false;
	if (!h.held)
		*s = failures == 0 ?
		    throttle_note(r, &throttle_login_account, name, &att[2]) :
		    throttle_take(r, &throttle_login_account, name, &h, &att[2]);
	if (*s != DB_OK)
		return false;
	if (!h.held)
		return false;
	for (i = 0; i < 3; i++)
		if ((*s = throttle_forgive(r, att[i])) != DB_OK)
			return false;
	*msg = pool_printf(r->pool, "登录失败的次数太多，为保护账号安全，"
	    "暂时不能登录。%s", throttle_when(r, &h));
	return true;
}

/* Audits a failed sign-in (the throttles counted it already). A name
 * that is no account's may be a password typed in the wrong box: only a
 * keyed hash of it is kept, enough to see the same name come back. */
static enum db_status
failed(struct req *r, const char *username, const struct account_login *a)
{
	unsigned char h[CRYPT_HASH_LEN];

	if (a != NULL)
		return audit_log(r, "login_failed", "staff", a->id, NULL,
		    pool_printf(r->pool, "username=%s", username));
	crypt_lookup_hash(username, h);
	return audit_log(r, "login_failed", "staff", 0, NULL,
	    pool_printf(r->pool, "username=unknown; name_hash=%02x%02x%02x%02x"
	    "%02x%02x%02x%02x", h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]));
}

/* One sign-in attempt, while its name is ours alone (attempt). */
static int
try_sign_in(struct req *r, const char *username, const char *password,
    const char **msg)
{
	struct account_login a;
	enum db_status s = DB_OK;
	long long att[3];
	bool found;
	int ok;

	/* A held address, pair or name is refused before its password is
	 * even checked: the right password does not help during a hold. */
	if (held(r, username, &s, att, msg))
		return 429;
	if (s != DB_OK)
		goto unavailable;
	s = account_by_username(r, username, &a);
	if (s != DB_OK && s != DB_NOTFOUND)
		goto unavailable;
	found = s == DB_OK;
	ok = crypt_password_verify(found ? a.password_hash : dummy_hash,
	    password);
	if (ok < 0)
		goto unavailable;
	if (!found || ok == 0 || !a.active) {
		if ((s = failed(r, username, found ? &a : NULL)) != DB_OK)
			goto unavailable;
		*msg = "用户名或密码不正确。";
		return 422;
	}
	if ((s = throttle_clear_name(r, username)) != DB_OK ||
	    (s = throttle_forgive(r, att[0])) != DB_OK ||
	    (s = sess_start(r, a.id)) != DB_OK)
		goto unavailable;
	csrf_renew(r);
	if ((s = audit_log(r, "login", "staff", a.id, NULL, NULL)) != DB_OK)
		goto unavailable;
	return 0;
unavailable:
	r->sess = NULL;
	*msg = MSG_BUSY;
	return 503;
}

/* Signs in with a checked user name and password: the one way in, from
 * /login and from a staff form posted after the session ended. Returns 0
 * with r->sess set, or the status to answer with (422 wrong name or
 * password, 429 held, 503) and the message in *msg. */
static int
attempt(struct req *r, const char *username, const char *password,
    const char **msg)
{
	int st;

	/* One sign-in of a name at a time, on every responder: each sees
	 * the outcome of the one before, so that the attempts in flight of
	 * someone signing in on several devices at once do not hold them. */
	if (throttle_serialise(r, &throttle_login_account, username) != DB_OK) {
		*msg = MSG_BUSY;
		return 503;
	}
	st = try_sign_in(r, username, password, msg);
	if (throttle_release(r, &throttle_login_account, username) != DB_OK)
		fprintf(stderr, "login: a throttle lock was not released\n");
	return st;
}

void
page_login(struct req *r)
{
	const char *next = kv_get(r->method == METHOD_POST ? &r->form :
	    &r->query, "next");
	const char *reason = kv_get(&r->query, "reason");
	const char *msg = NULL;
	struct form f;
	int st;

	if (r->method != METHOD_POST) {
		if (r->sess != NULL) {
			resp_redirect(r, landing(r, next, r->sess->role));
			return;
		}
		form_empty(r, &f, login_fields, LF__MAX, NULL);
		show_login(r, 200, &f, next, reason != NULL &&
		    strcmp(reason, "expired") == 0 ? MSG_EXPIRED : NULL, NULL);
		return;
	}
	if (form_check(r, &f, login_fields, LF__MAX, NULL) > 0) {
		show_login(r, 422, &f, next, "请填写用户名和密码。", NULL);
		return;
	}
	if ((st = attempt(r, f.val[LF_USERNAME].raw, f.val[LF_PASSWORD].raw,
	    &msg)) != 0) {
		show_login(r, st, &f, next, msg, NULL);
		return;
	}
	resp_redirect(r, landing(r, f.val[LF_NEXT].raw, r->sess->role));
}

/* Whether a posted field goes back into the sign-in page: never the old
 * CSRF token, a password, or the sign-in's own fields. */
static bool
kept(const char *name)
{
	return strcmp(name, "csrf") != 0 && strstr(name, "password") == NULL &&
	    strncmp(name, RELOGIN, sizeof(RELOGIN) - 1) != 0;
}

/* <resume action=PATH><keep name= value=/>…</resume>: where the sign-in
 * posts, and (keep) what was posted. */
static xmlNodePtr
resume_xml(struct req *r, bool keep)
{
	xmlNodePtr e = xmlNewNode(NULL, (const xmlChar *)"resume");
	size_t i;

	x_attr(e, "action", r->path);
	for (i = 0; keep && i < r->form.n; i++) {
		xmlNodePtr k;

		if (!kept(r->form.v[i].key))
			continue;
		k = x_el(e, "keep");
		x_attr(k, "name", r->form.v[i].key);
		x_attr(k, "value", r->form.v[i].val);
	}
	return e;
}

bool
page_resume(struct req *r, const struct route *rt, bool csrf_ok,
    bool gettable)
{
	/* Only what came from one of our own pages (its token good) is shown
	 * back: another site's post must not fill in a form for the staff
	 * member to save after signing in. */
	bool keep = (rt->flags & ROUTE_RESUMABLE) != 0 && csrf_ok;
	const char *msg = NULL;
	struct form f;
	int st;

	if (kv_get(&r->form, RELOGIN "username") == NULL &&
	    kv_get(&r->form, RELOGIN "password") == NULL) {
		form_empty(r, &f, login_fields, LF__MAX, RELOGIN);
		show_login(r, 401, &f, NULL, keep ? MSG_EXPIRED_KEPT :
		    MSG_EXPIRED, resume_xml(r, keep));
		return true;
	}
	if (form_check(r, &f, login_fields, LF__MAX, RELOGIN) > 0) {
		show_login(r, 401, &f, NULL, "请填写用户名和密码。",
		    resume_xml(r, keep));
		return true;
	}
	/* The sign-in itself is a POST like any other: a fresh token came
	 * with the page (csrf_check renewed a missing cookie). */
	if (!csrf_ok) {
		show_login(r, 401, &f, NULL, "页面已过期，请再输入一次密码后登录。",
		    resume_xml(r, keep));
		return true;
	}
	if ((st = attempt(r, f.val[LF_USERNAME].raw, f.val[LF_PASSWORD].raw,
	    &msg)) != 0) {
		show_login(r, st == 422 ? 401 : st, &f, NULL, msg,
		    resume_xml(r, keep));
		return true;
	}
	if (!keep) {
		/* Nothing to show again: the page itself, or the home. */
		resp_redirect(r, gettable ? r->path :
		    landing(r, NULL, r->sess->role));
		return true;
	}
	r->resumed = true;
	return false;
}

void
page_logout(struct req *r)
{
	if (r->sess != NULL && audit_log(r, "logout", "staff",
	    r->sess->staff_id, NULL, NULL) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	if (sess_end(r) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	csrf_renew(r);
	resp_redirect(r, "/login");
}

/* GET /admin/ and /station/: the staff member's menu. */
void
page_staff_home(struct req *r)
{
	(void)render_page(r, 200, page_new(r, "staff-home", "工作台"));
}
