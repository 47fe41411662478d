/* Unit tests: the comparison of a statement's result columns with its list
 * (sql.h), and the lists themselves against the statements' enums. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

static const struct {
	const char *want;
	const char *names[4];
	unsigned int n;
	int differ;
} cases[] = {
	{ "a,b,c,", { "a", "b", "c" }, 3, -1 },
	{ "a,b,c,", { "a", "c", "b" }, 3, 1 },        /* moved */
	{ "a,b,c,", { "a", "b" }, 2, 2 },             /* one lost */
	{ "a,b,", { "a", "b", "c" }, 3, 2 },          /* one added */
	{ "a,b,", { "a", "bb" }, 2, 1 },              /* renamed, longer */
	{ "a,bb,", { "a", "b" }, 2, 1 },              /* renamed, shorter */
	{ "id,", { "ID" }, 1, 0 },                    /* names are exact */
	{ "", { "a" }, 1, 0 },
	{ "", { NULL }, 0, -1 },
};

START_TEST(test_differ)
{
	ck_assert_int_eq(sql_columns_differ(cases[_i].want, cases[_i].names,
	    cases[_i].n), cases[_i].differ);
}
END_TEST

/* Each list has as many names as its enum has members, in the enum's
 * order, so the code's column numbers are the list's positions. */
START_TEST(test_lists)
{
	static const struct {
		enum sql_id id;
		unsigned int n;
		int col;
		const char *name;
	} lists[] = {
		{ SQL_CLASS_GET, CC__N, CC_left_behind, "left_behind" },
		{ SQL_CLASS_LIST_PUBLIC, CC__N, CC_start_date, "start_date" },
		{ SQL_CLASS_LIST_ADMIN, CC__N, CC_status, "status" },
		{ SQL_SERVICE_LIST, SL__N, SL_volunteers, "volunteers" },
		{ SQL_SERVICE_TOTALS, ST__N, ST_elders, "elders" },
		{ SQL_SERVICE_TOTALS_KEPT, ST__N, ST_live, "live" },
		{ SQL_SERVICE_EXPORT, SX__N, SX_voided, "voided" },
		{ SQL_REVIEW_LIST, RL__N, RL_station, "station" },
	};
	size_t k;

	for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
		const char *p = sql_columns(lists[k].id);
		unsigned int count = 0;
		int i;

		ck_assert_ptr_nonnull(p);
		for (const char *q = p; *q != '\0'; q++)
			count += *q == ',';
		ck_assert_uint_eq(count, lists[k].n);
		ck_assert_uint_le(count, SQL_COLUMNS_MAX);
		for (i = 0; i < lists[k].col; i++)
			p = strchr(p, ',') + 1;
		ck_assert_int_eq((int)strcspn(p, ","),
		    (int)strlen(lists[k].name));
		ck_assert(strncmp(p, lists[k].name, strlen(lists[k].name)) == 0);
	}
	ck_assert_ptr_null(sql_columns(SQL_PING));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sql");
	TCase *tc = tcase_create("columns");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_differ, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_lists);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
