/* Unit tests of request intake: urlencoded parsing, cookies, route
 * matching and the validation tables. */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "form.h"
#include "pool.h"
#include "req.h"
#include "srv.h"
#include "throttle.h"

static const struct {
	const char *in;
	enum req_status want;
	size_t n;
	const char *key0, *val0;
} urlenc[] = {
	{ "a=1&b=2", REQ_OK, 2, "a", "1" },
	{ "name=%E5%BC%A0%E4%B8%89", REQ_OK, 1, "name", "张三" },
	{ "q=a+b%20c", REQ_OK, 1, "q", "a b c" },
	{ "&&x=&", REQ_OK, 1, "x", "" },
	{ "flag", REQ_OK, 1, "flag", "" },
	{ "bad=%zz%4", REQ_OK, 1, "bad", "%zz%4" },
	{ "=v&k=w", REQ_OK, 1, "k", "w" },
	{ "", REQ_OK, 0, NULL, NULL },
	{ "x=%FF", REQ_BAD_UTF8, 0, NULL, NULL },
	{ "x=%C0%AF", REQ_BAD_UTF8, 0, NULL, NULL },
	{ "x=%ED%A0%80", REQ_BAD_UTF8, 0, NULL, NULL },
	{ "%FF=1", REQ_BAD_UTF8, 0, NULL, NULL },
	{ "x=a%00b", REQ_BAD_UTF8, 0, NULL, NULL },
};

START_TEST(test_urlencoded)
{
	struct pool *p = pool_new();
	struct kvlist l;
	enum req_status s;

	s = req_parse_urlencoded(p, urlenc[_i].in, strlen(urlenc[_i].in), &l);
	ck_assert_int_eq(s, urlenc[_i].want);
	if (s == REQ_OK) {
		ck_assert_uint_eq(l.n, urlenc[_i].n);
		if (l.n > 0) {
			ck_assert_str_eq(l.v[0].key, urlenc[_i].key0);
			ck_assert_str_eq(l.v[0].val, urlenc[_i].val0);
		}
	}
	pool_free(p);
}
END_TEST

/* The path nginx decoded is taken as it is: never decoded again. */
static const struct {
	const char *in, *want;
} paths[] = {
	{ "/admin/audit", "/admin/audit" },
	{ "/admin/%61udit", "/admin/%61udit" },
	{ "/x/%0d%0a", "/x/%0d%0a" },
	{ "/a+b", "/a+b" },
	{ "/班级", "/班级" },
	{ "", "/" },
	{ NULL, "/" },
	{ "/x\r\ny", NULL },
	{ "/x\ty", NULL },
	{ "/x\x7f", NULL },
	{ "/\xff", NULL },
};

START_TEST(test_path)
{
	struct pool *p = pool_new();
	const char *got = req_path(p, paths[_i].in);

	if (paths[_i].want == NULL)
		ck_assert_ptr_null(got);
	else
		ck_assert_str_eq(got, paths[_i].want);
	pool_free(p);
}
END_TEST

START_TEST(test_repeated)
{
	struct pool *p = pool_new();
	const char *s = "skills=meal&x=1&skills=bath&skills=walk";
	const char *out[4];
	struct kvlist l;

	ck_assert_int_eq(req_parse_urlencoded(p, s, strlen(s), &l), REQ_OK);
	ck_assert_uint_eq(kv_all(&l, "skills", out, 4), 3);
	ck_assert_str_eq(out[2], "walk");
	ck_assert_str_eq(kv_get(&l, "x"), "1");
	ck_assert_ptr_null(kv_get(&l, "y"));
	pool_free(p);
}
END_TEST

START_TEST(test_cookies)
{
	struct pool *p = pool_new();
	struct kvlist l;

	req_parse_cookies(p, "a=1; lx_sess=\"tok\";bad; =x;  c = d ", &l);
	ck_assert_str_eq(kv_get(&l, "a"), "1");
	ck_assert_str_eq(kv_get(&l, "lx_sess"), "tok");
	ck_assert_ptr_null(kv_get(&l, "bad"));
	req_parse_cookies(p, NULL, &l);
	ck_assert_uint_eq(l.n, 0);
	pool_free(p);
}
END_TEST

static const struct {
	const char *pattern, *path;
	int want;
	const char *arg0, *arg1;
} routes[] = {
	{ "/", "/", 1, NULL, NULL },
	{ "/", "/x", 0, NULL, NULL },
	{ "/classes/*", "/classes/12", 1, "12", NULL },
	{ "/classes/*", "/classes/", 0, NULL, NULL },
	{ "/classes/*", "/classes/12/x", 0, NULL, NULL },
	{ "/station/services/*/void", "/station/services/7/void", 1, "7", NULL },
	{ "/station/services/*/void", "/station/services/7/voids", 0, NULL, NULL },
	{ "/a/*/b/*", "/a/1/b/2", 1, "1", "2" },
	{ "/volunteer/register", "/volunteer/register/", 0, NULL, NULL },
};

START_TEST(test_match)
{
	struct pool *p = pool_new();
	const char *args[REQ_ARGS_MAX] = { NULL };

	ck_assert_int_eq(srv_match(routes[_i].pattern, routes[_i].path, args, p),
	    routes[_i].want);
	if (routes[_i].arg0 != NULL)
		ck_assert_str_eq(args[0], routes[_i].arg0);
	if (routes[_i].arg1 != NULL)
		ck_assert_str_eq(args[1], routes[_i].arg1);
	pool_free(p);
}
END_TEST

/* A wildcard above an exact route that it also matches. */
static const struct route table[] = {
	{ "/admin/staff/*", METHOD_GET, ACCESS_ADMIN, NULL, SCOPE_STAFF, 0 },
	{ "/admin/staff/new", METHOD_GET | METHOD_POST, ACCESS_ADMIN, NULL,
	    SCOPE_NONE, 0 },
	{ "/admin/staff/*/disable", METHOD_POST, ACCESS_ADMIN, NULL,
	    SCOPE_STAFF, 0 },
};

static const struct {
	const char *path;
	enum method method;
	int want;            /* index in table, or -1 */
	unsigned allowed;
	const char *arg0;
} lookups[] = {
	{ "/admin/staff/new", METHOD_GET, 1, METHOD_GET | METHOD_POST, NULL },
	{ "/admin/staff/new", METHOD_POST, 1, METHOD_GET | METHOD_POST, NULL },
	{ "/admin/staff/new", METHOD_HEAD, 1, METHOD_GET | METHOD_POST, NULL },
	{ "/admin/staff/5", METHOD_GET, 0, METHOD_GET, "5" },
	{ "/admin/staff/5", METHOD_POST, -1, METHOD_GET, NULL },
	{ "/admin/staff/5/disable", METHOD_POST, 2, METHOD_POST, "5" },
	{ "/admin/staff", METHOD_GET, -1, 0, NULL },
};

START_TEST(test_route)
{
	struct pool *p = pool_new();
	const char *args[REQ_ARGS_MAX] = { NULL };
	const struct route *rt;
	unsigned allowed = 99;

	rt = srv_route(table, sizeof(table) / sizeof(table[0]),
	    lookups[_i].path, lookups[_i].method, args, p, &allowed);
	if (lookups[_i].want < 0)
		ck_assert_ptr_null(rt);
	else
		ck_assert_ptr_eq(rt, &table[lookups[_i].want]);
	ck_assert_uint_eq(allowed, lookups[_i].allowed);
	if (lookups[_i].arg0 != NULL)
		ck_assert_str_eq(args[0], lookups[_i].arg0);
	else
		ck_assert_ptr_null(args[0]);
	pool_free(p);
}
END_TEST

static const struct choice colours[] = {
	{ "red", "红" }, { "blue", "蓝" }, { NULL, NULL }
};

enum { T_NAME, T_PHONE, T_COLOURS, T_NOTE, T_N, T__MAX };
static const struct field fields[T__MAX] = {
	[T_NAME] = { "name", "姓名", F_NAME, F_REQUIRED, 20, NULL, NULL },
	[T_PHONE] = { "phone", "手机号码", F_MOBILE, F_REQUIRED, 11, NULL, NULL },
	[T_COLOURS] = { "c", "颜色", F_CHOICE, F_MULTI, 0, colours, NULL },
	[T_NOTE] = { "note", "备注", F_TEXT, 0, 5, NULL, NULL },
	[T_N] = { "n", "人数", F_UINT, 0, 50, NULL, NULL },
};

/* A request whose body is the given urlencoded text. */
static void
fake_post(struct req *r, struct pool *p, const char *body)
{
	memset(r, 0, sizeof(*r));
	r->pool = p;
	r->method = METHOD_POST;
	r->today_ymd = 20261129;
	ck_assert_int_eq(req_parse_urlencoded(p, body, strlen(body), &r->form),
	    REQ_OK);
}

/* LAOXIAO_FORM_EXEMPT: whole addresses only, separated by spaces or
 * commas; never a prefix, never an empty address. */
START_TEST(test_office)
{
	static const struct {
		const char *list, *addr;
		bool office;
	} cases[] = {
		{ NULL, "127.0.0.1", false },
		{ "", "127.0.0.1", false },
		{ "127.0.0.1", "127.0.0.1", true },
		{ "10.0.0.5, 127.0.0.1", "127.0.0.1", true },
		{ "10.0.0.5,127.0.0.1", "10.0.0.5", true },
		{ "  10.0.0.5  ", "10.0.0.5", true },
		{ "127.0.0.1", "127.0.0.12", false },
		{ "127.0.0.12", "127.0.0.1", false },
		{ "127.0.0.1", "", false },
		{ ",,", "", false },
		{ "::1 fe80::1", "fe80::1", true },
	};
	struct req r;
	size_t i;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].list == NULL)
			ck_assert_int_eq(unsetenv("LAOXIAO_FORM_EXEMPT"), 0);
		else
			ck_assert_int_eq(setenv("LAOXIAO_FORM_EXEMPT",
			    cases[i].list, 1), 0);
		r.remote_addr = cases[i].addr;
		ck_assert_msg(throttle_office(&r) == cases[i].office,
		    "case %zu: [%s] [%s]", i, cases[i].list ? cases[i].list :
		    "(unset)", cases[i].addr);
	}
	ck_assert_int_eq(unsetenv("LAOXIAO_FORM_EXEMPT"), 0);
}
END_TEST

START_TEST(test_form_valid)
{
	struct pool *p = pool_new();
	struct form f;
	struct req r;

	fake_post(&r, p, "name=+%E5%BC%A0%E4%B8%89%E3%80%80&phone=13812345678"
	    "&c=red&c=blue&note=abc&n=7");
	ck_assert_uint_eq(form_check(&r, &f, fields, T__MAX, NULL), 0);
	ck_assert_str_eq(f.val[T_NAME].raw, "张三");
	ck_assert_uint_eq(f.val[T_COLOURS].nmulti, 2);
	ck_assert_str_eq(form_join(&r, &f.val[T_COLOURS]), "red,blue");
	ck_assert_uint_eq(f.val[T_N].v.u, 7);
	pool_free(p);
}
END_TEST

START_TEST(test_form_invalid)
{
	struct pool *p = pool_new();
	struct form f;
	struct req r;

	fake_post(&r, p, "name=1&phone=123&c=green&note=abcdef&n=51");
	ck_assert_uint_eq(form_check(&r, &f, fields, T__MAX, NULL), 5);
	ck_assert_ptr_nonnull(f.val[T_NAME].err);
	ck_assert_str_eq(f.val[T_NAME].raw, "1");  /* kept for the form */
	ck_assert_ptr_nonnull(strstr(f.val[T_NOTE].err, "5"));
	fake_post(&r, p, "phone=13812345678&phone=13812345679");
	ck_assert_uint_eq(form_check(&r, &f, fields, T__MAX, NULL), 2);
	ck_assert_str_eq(f.val[T_NAME].err, "请填写姓名");
	ck_assert_ptr_nonnull(f.val[T_PHONE].err);
	pool_free(p);
}
END_TEST

START_TEST(test_form_prefix)
{
	struct pool *p = pool_new();
	struct form f;
	struct req r;

	fake_post(&r, p, "r2.name=%E6%9D%8E%E5%9B%9B&r2.phone=13912345678"
	    "&name=x");
	ck_assert_uint_eq(form_check(&r, &f, fields, T__MAX, "r2."), 0);
	ck_assert_str_eq(f.val[T_NAME].raw, "李四");
	pool_free(p);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("req");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_urlencoded, 0,
	    sizeof(urlenc) / sizeof(urlenc[0]));
	tcase_add_loop_test(tc, test_path, 0, sizeof(paths) / sizeof(paths[0]));
	tcase_add_test(tc, test_repeated);
	tcase_add_test(tc, test_cookies);
	tcase_add_loop_test(tc, test_match, 0, sizeof(routes) / sizeof(routes[0]));
	tcase_add_loop_test(tc, test_route, 0,
	    sizeof(lookups) / sizeof(lookups[0]));
	tcase_add_test(tc, test_form_valid);
	tcase_add_test(tc, test_form_invalid);
	tcase_add_test(tc, test_form_prefix);
	tcase_add_test(tc, test_office);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
