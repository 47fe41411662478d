/* Staff sign-in and sign-out, and the staff home pages. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void
show_login(struct req *r, int status, const struct form *f, const char *next,
    const char *notice)
{
	xmlNodePtr root = page_new(r, "login", "工作人员登录");

	form_xml(f, root);
	x_text(root, "next", next);
	if (notice != NULL)
		x_text(root, "notice", notice);
	(void)render_page(r, status, root);
}

/* Counts this sign-in before the password is tried, against the address
 * (20 failures hold it), the name typed from this address (5 hold the
 * pair) and the name itself (5 from anywhere hold it, but only for
 * addresses that have failures of their own: a stranger cannot keep the
 * owner of a name out). Shows the 429 page and returns true when held;
 * att[] gets the attempts to forgive or clear on success. */
static bool
held(struct req *r, const struct form *f, const char *next, enum db_status *s,
    long long att[3])
{
	const char *name = f->val[LF_USERNAME].raw;
	struct throttle_hold h;
	long long failures;
	size_t i;

	att[0] = att[1] = att[2] = 0;
	/* The address's failures before this attempt: none, and the name's
	 * hold does not apply. Sign-ins of this name are one at a time
	 * (page_login), so an earlier attempt from here is already counted. */
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
	show_login(r, 429, f, next, pool_printf(r->pool,
	    "登录失败的次数太多，为保护账号安全，暂时不能登录。%s",
	    throttle_when(r, &h)));
	return true;
}

/* Audits a failed sign-in (the throttles counted it already). A name
 * that is no account's may be a password typed in the wrong box: only a
 * keyed hash of it is kept, enough to see the same name come back. */
static enum db_status
failed(struct req *r, const struct form *f, const struct db_rows *rows)
{
	unsigned char h[CRYPT_HASH_LEN];

	if (rows->nrows == 1)
		return audit_log(r, "login_failed", "staff",
		    strtoll(DB_CELL(rows, 0, 0), NULL, 10), NULL,
		    pool_printf(r->pool, "username=%s",
		    f->val[LF_USERNAME].raw));
	crypt_lookup_hash(f->val[LF_USERNAME].raw, h);
	return audit_log(r, "login_failed", "staff", 0, NULL,
	    pool_printf(r->pool, "username=unknown; name_hash=%02x%02x%02x%02x"
	    "%02x%02x%02x%02x", h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]));
}

/* A posted sign-in with a valid form, while its name is ours alone
 * (page_login). */
static void
sign_in(struct req *r, struct form *f, const char *next)
{
	struct db_rows rows;
	struct sess *who;
	enum db_status s = DB_OK;
	long long att[3];
	int ok;

	/* A held address, pair or name is refused before its password is
	 * even checked: the right password does not help during a hold. */
	if (held(r, f, next, &s, att))
		return;
	if (s != DB_OK)
		goto unavailable;
	{
		struct db_param p[] = { DP_STR(f->val[LF_USERNAME].raw) };

		s = db_query(r->db, r->pool, SQL_STAFF_BY_USERNAME, p, 1, &rows);
	}
	if (s != DB_OK)
		goto unavailable;
	ok = crypt_password_verify(rows.nrows == 1 ? DB_CELL(&rows, 0, 1) :
	    dummy_hash, f->val[LF_PASSWORD].raw);
	if (ok < 0)
		goto unavailable;
	if (rows.nrows != 1 || ok == 0 || strcmp(DB_CELL(&rows, 0, 2), "1") != 0) {
		if ((s = failed(r, f, &rows)) != DB_OK)
			goto unavailable;
		show_login(r, 422, f, next, "用户名或密码不正确。");
		return;
	}
	who = pool_alloc(r->pool, sizeof(*who));
	who->staff_id = strtoll(DB_CELL(&rows, 0, 0), NULL, 10);
	who->role = role_parse(DB_CELL(&rows, 0, 3));
	if ((s = throttle_clear_name(r, f->val[LF_USERNAME].raw)) != DB_OK ||
	    (s = throttle_forgive(r, att[0])) != DB_OK ||
	    (s = sess_start(r, who->staff_id)) != DB_OK)
		goto unavailable;
	csrf_renew(r);
	r->sess = who;
	if ((s = audit_log(r, "login", "staff", who->staff_id, NULL,
	    NULL)) != DB_OK)
		goto unavailable;
	resp_redirect(r, landing(r, f->val[LF_NEXT].raw, who->role));
	return;
unavailable:
	show_login(r, 503, f, next, MSG_BUSY);
}

void
page_login(struct req *r)
{
	const char *next = kv_get(r->method == METHOD_POST ? &r->form :
	    &r->query, "next");
	struct form f;

	if (r->method != METHOD_POST) {
		if (r->sess != NULL) {
			resp_redirect(r, landing(r, next, r->sess->role));
			return;
		}
		form_empty(r, &f, login_fields, LF__MAX, NULL);
		show_login(r, 200, &f, next, NULL);
		return;
	}
	if (form_check(r, &f, login_fields, LF__MAX, NULL) > 0) {
		show_login(r, 422, &f, next, "请填写用户名和密码。");
		return;
	}
	/* One sign-in of a name at a time, on every responder: each sees
	 * the outcome of the one before, so that the attempts in flight of
	 * someone signing in on several devices at once do not hold them. */
	if (throttle_serialise(r, &throttle_login_account,
	    f.val[LF_USERNAME].raw) != DB_OK) {
		show_login(r, 503, &f, next, MSG_BUSY);
		return;
	}
	sign_in(r, &f, next);
	if (throttle_release(r, &throttle_login_account,
	    f.val[LF_USERNAME].raw) != DB_OK)
		fprintf(stderr, "login: a throttle lock was not released\n");
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
