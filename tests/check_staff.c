/* Unit tests of the staff side's pure parts: the password policy and
 * generated passwords, CSV cells, scope rules, the session cookie's flags
 * and the query-string forms. */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <sodium.h>

#include "csv.h"
#include "form.h"
#include "passwd.h"
#include "pool.h"
#include "req.h"
#include "resp.h"
#include "scope.h"
#include "sess.h"

static const struct {
	const char *password, *username;
	const char *want;   /* a word of the message, or NULL: accepted */
} passwords[] = {
	{ "Qiaotou-2026-x", "pw_user", NULL },
	{ "长城长城长城长城长城1", "abc", NULL },   /* 11 characters, 2 kinds */
	{ "correct horse battery 7", "admin", NULL },
	{ "Ab1-short", "x", "10" },
	{ "", "x", "10" },
	{ "长城长城长城长城长", "abc", "10" },       /* 9 characters */
	{ "my-pw_user-2026", "pw_user", "用户名" },
	{ "xxADMINxx-2026", "admin", "用户名" },
	{ "abcdefghijkl", "x", "一种" },
	{ "1234567890123", "x", "一种" },
	{ "ABCDEFGHIJKL", "x", "一种" },
	{ "aaaaaaaaaa1", "x", "简单" },
	{ "ababababab12", "x", "简单" },
	/* Straight runs of two kinds (digits, then signs), so that only the
	 * run rule refuses them. */
	{ "789:;<=>?@", "x", "简单" },
	{ "@?>=<;:987", "x", "简单" },
	{ "Password123", "x", "常见" },
	{ "1qaz2wsx3edc", "x", "常见" },
	{ "WOAINI1314", "x", "常见" },
	{ "tab\there-2026", "x", "控制" },
};

START_TEST(test_policy)
{
	const char *got = passwd_problem(passwords[_i].password,
	    passwords[_i].username);

	if (passwords[_i].want == NULL)
		ck_assert_msg(got == NULL, "%s: %s", passwords[_i].password, got);
	else {
		ck_assert_msg(got != NULL, "%s accepted", passwords[_i].password);
		ck_assert_msg(strstr(got, passwords[_i].want) != NULL, "%s: %s",
		    passwords[_i].password, got);
	}
}
END_TEST

START_TEST(test_policy_long)
{
	char buf[PASSWD_MAX + 2];

	memset(buf, 'a', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	buf[0] = '1';
	ck_assert_ptr_nonnull(strstr(passwd_problem(buf, "x"), "太长"));
}
END_TEST

START_TEST(test_generate)
{
	struct pool *p = pool_new();
	int i;

	ck_assert_int_ge(sodium_init(), 0);
	for (i = 0; i < 200; i++) {
		const char *pw = passwd_generate(p);
		const char *other = passwd_generate(p);

		ck_assert_uint_eq(strlen(pw), PASSWD_GENERATED);
		ck_assert_ptr_null(passwd_problem(pw, NULL));
		ck_assert_str_ne(pw, other);
		ck_assert_ptr_null(strpbrk(pw, "0O1lI"));
	}
	pool_free(p);
}
END_TEST

static const struct {
	const char *in, *out;
} cells[] = {
	{ "plain", "plain" },
	{ "", "" },
	{ "中文，全角逗号", "中文，全角逗号" },
	{ "a,b", "\"a,b\"" },
	{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
	{ "two\r\nlines", "\"two\r\nlines\"" },
	{ " lead", "\" lead\"" },
	{ "=1+2", "'=1+2" },
	{ "+86", "'+86" },
	{ "-3", "'-3" },
	{ "@SUM(A1)", "'@SUM(A1)" },
	{ "\tx", "'\tx" },
	{ "=HYPERLINK(\"x\"),1", "\"'=HYPERLINK(\"\"x\"\"),1\"" },
	{ "a=b", "a=b" },
};

START_TEST(test_csv)
{
	struct pool *p = pool_new();

	ck_assert_str_eq(csv_cell(p, cells[_i].in), cells[_i].out);
	pool_free(p);
}
END_TEST

START_TEST(test_csv_null)
{
	struct pool *p = pool_new();

	ck_assert_str_eq(csv_cell(p, NULL), "");
	pool_free(p);
}
END_TEST

/* A request signed in with role in township t, station s. */
static void
as(struct req *r, struct sess *ss, enum role role, long long t, long long s)
{
	memset(r, 0, sizeof(*r));
	memset(ss, 0, sizeof(*ss));
	ss->role = role;
	ss->township_id = t;
	ss->station_id = s;
	r->sess = ss;
}

START_TEST(test_scope)
{
	struct req r;
	struct sess s;
	struct scope sc;

	as(&r, &s, ROLE_COUNTY_ADMIN, 0, 0);
	ck_assert(scope_allows(&r, 2, 3));
	ck_assert(scope_allows(&r, 0, 0));
	sc = scope_of(&r);
	ck_assert(sc.township_id == 0 && sc.station_id == 0);

	as(&r, &s, ROLE_TOWNSHIP_ADMIN, 1, 0);
	ck_assert(scope_allows(&r, 1, 0));
	ck_assert(scope_allows(&r, 1, 2));
	ck_assert(!scope_allows(&r, 2, 3));
	ck_assert(!scope_allows(&r, 0, 0));   /* county level */
	sc = scope_of(&r);
	ck_assert(sc.township_id == 1 && sc.station_id == 0);

	as(&r, &s, ROLE_STATION_OPERATOR, 1, 1);
	ck_assert(scope_allows(&r, 1, 1));
	ck_assert(!scope_allows(&r, 1, 2));
	ck_assert(!scope_allows(&r, 1, 0));   /* not at a station yet */
	sc = scope_of(&r);
	ck_assert(sc.township_id == 1 && sc.station_id == 1);

	memset(&r, 0, sizeof(r));
	ck_assert(!scope_allows(&r, 1, 1));

	/* A zeroed session is nobody, never a county admin. */
	memset(&s, 0, sizeof(s));
	r.sess = &s;
	ck_assert_int_eq(s.role, ROLE_NONE);
	ck_assert(!scope_allows(&r, 1, 1));
	ck_assert(!scope_allows(&r, 0, 0));
	sc = scope_of(&r);
	ck_assert(sc.township_id == -1 && sc.station_id == -1);
	ck_assert_int_eq(role_parse("county_admin"), ROLE_COUNTY_ADMIN);
	ck_assert_int_eq(role_parse(""), ROLE_NONE);
	ck_assert_int_eq(role_parse("root"), ROLE_NONE);
	r.sess = NULL;
	ck_assert_str_eq(scope_code(SCOPE_VOLUNTEER), "volunteer");
	ck_assert_str_eq(scope_code(SCOPE_NONE), "-");
}
END_TEST

START_TEST(test_cookie_flags)
{
	struct pool *p = pool_new();
	struct req r;

	memset(&r, 0, sizeof(r));
	r.pool = p;
	resp_cookie(&r, SESS_COOKIE, "tok", SESS_LIFETIME, COOKIE_SESSION);
	ck_assert_str_eq(r.cookie_out[0],
	    "lx_sess=tok; Path=/; HttpOnly; SameSite=Lax");
	r.https = true;
	resp_cookie(&r, SESS_COOKIE, "tok", SESS_LIFETIME, COOKIE_SESSION);
	ck_assert_str_eq(r.cookie_out[1],
	    "lx_sess=tok; Path=/; HttpOnly; SameSite=Lax; Secure");
	resp_cookie(&r, SESS_COOKIE, "", 0, 0);
	ck_assert_ptr_nonnull(strstr(r.cookie_out[2], "Max-Age=0"));
	/* The fourth fits; a fifth is not dropped silently. */
	resp_cookie(&r, "lx_a", "1", 60, 0);
	ck_assert_uint_eq(r.ncookie_out, REQ_COOKIES_OUT_MAX);
	ck_assert(!r.cookie_overflow);
	resp_cookie(&r, "lx_b", "2", 60, 0);
	ck_assert(r.cookie_overflow);
	pool_free(p);
}
END_TEST

static const struct field qfields[2] = {
	{ "page", "页码", F_UINT, 0, 100, NULL, NULL },
	{ "from", "日期", F_DATE, 0, 0, NULL, NULL },
};

START_TEST(test_form_query)
{
	struct pool *p = pool_new();
	const char *q = "page=3&from=2026-02-30", *b = "page=9";
	struct form f;
	struct req r;

	memset(&r, 0, sizeof(r));
	r.pool = p;
	ck_assert_int_eq(req_parse_urlencoded(p, q, strlen(q), &r.query), REQ_OK);
	ck_assert_int_eq(req_parse_urlencoded(p, b, strlen(b), &r.form), REQ_OK);
	ck_assert_uint_eq(form_check_query(&r, &f, qfields, 2), 1);
	ck_assert_uint_eq(f.val[0].v.u, 3);    /* from the query, not the body */
	ck_assert_ptr_nonnull(f.val[1].err);
	ck_assert_str_eq(kv_get(&r.form, "page"), "9");   /* body untouched */
	pool_free(p);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("staff");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_policy, 0,
	    sizeof(passwords) / sizeof(passwords[0]));
	tcase_add_test(tc, test_policy_long);
	tcase_add_test(tc, test_generate);
	tcase_add_loop_test(tc, test_csv, 0, sizeof(cells) / sizeof(cells[0]));
	tcase_add_test(tc, test_csv_null);
	tcase_add_test(tc, test_scope);
	tcase_add_test(tc, test_cookie_flags);
	tcase_add_test(tc, test_form_query);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
