/* Unit tests of the pure parts of service logging: dates as
 * day numbers, overlapping times and clashes between rows of one form. */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "pool.h"
#include "service.h"

#define ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct {
	int ymd;
	long days;
} day_rows[] = {
	{ 19700101, 0 },
	{ 19691231, -1 },
	{ 20000229, 11016 },
	{ 20000301, 11017 },
	{ 19000301, -25508 },
	{ 20261129, 20786 },
	{ 21991231, 84005 },
};

START_TEST(test_days)
{
	ck_assert_int_eq(service_days(day_rows[_i].ymd), day_rows[_i].days);
	ck_assert_int_eq(service_ymd(day_rows[_i].days), day_rows[_i].ymd);
}
END_TEST

/* Every day from 1900 to 2199 goes there and back, one apart. */
START_TEST(test_days_roundtrip)
{
	long d, first = service_days(19000101), last = service_days(21991231);
	int prev = 18991231;

	for (d = first; d <= last; d++) {
		int ymd = service_ymd(d);

		ck_assert_int_gt(ymd, prev);
		ck_assert_int_eq(service_days(ymd), d);
		prev = ymd;
	}
}
END_TEST

static const struct {
	int s1, e1, s2, e2;
	bool want;
} overlap_rows[] = {
	{ 540, 600, 600, 660, false },   /* 9-10 then 10-11: adjacent */
	{ 600, 660, 540, 600, false },
	{ 540, 600, 599, 660, true },
	{ 540, 600, 540, 600, true },
	{ 540, 720, 600, 610, true },    /* one inside the other */
	{ 600, 610, 540, 720, true },
	{ 0, 1, 1439, 1440, false },
	{ 540, 541, 540, 541, true },
};

START_TEST(test_overlaps)
{
	ck_assert(service_overlaps(overlap_rows[_i].s1, overlap_rows[_i].e1,
	    overlap_rows[_i].s2, overlap_rows[_i].e2) == overlap_rows[_i].want);
}
END_TEST

/* A row for the clash tests: elder 1, type 1, on 2026-11-20. */
static struct service_in
row(int start, int end, long long v1, long long v2)
{
	struct service_in in;

	memset(&in, 0, sizeof(in));
	in.elder_id = 1;
	in.type_id = 1;
	in.date_ymd = 20261120;
	in.start = start;
	in.end = end;
	in.volunteer[0] = v1;
	in.nvolunteer = 1;
	if (v2 != 0) {
		in.volunteer[1] = v2;
		in.nvolunteer = 2;
	}
	in.note = "";
	return in;
}

START_TEST(test_batch_clashes)
{
	struct service_in rows[5];
	struct service_clash c[5];

	rows[0] = row(540, 600, 7, 0);
	rows[1] = row(600, 660, 7, 0);         /* adjacent: fine */
	rows[2] = row(630, 700, 8, 7);         /* 7 overlaps row 2 */
	rows[3] = row(540, 600, 7, 0);         /* the same as row 1 */
	rows[4] = row(540, 600, 9, 0);         /* another volunteer */
	ck_assert_uint_eq(service_batch_clashes(rows, 5, c), 2);
	ck_assert_int_eq(c[0].kind, SERVICE_CLASH_NONE);
	ck_assert_int_eq(c[1].kind, SERVICE_CLASH_NONE);
	ck_assert_int_eq(c[2].kind, SERVICE_CLASH_OVERLAP);
	ck_assert_int_eq(c[2].volunteer_id, 7);
	ck_assert_uint_eq(c[2].other_row, 2);
	ck_assert_int_eq(c[3].kind, SERVICE_CLASH_DUPLICATE);
	ck_assert_uint_eq(c[3].other_row, 1);
	ck_assert_int_eq(c[4].kind, SERVICE_CLASH_NONE);

	/* Another day, or another type at another time, does not clash. */
	rows[1] = row(540, 600, 7, 0);
	rows[1].date_ymd = 20261121;
	ck_assert_uint_eq(service_batch_clashes(rows, 2, c), 0);
	/* Same start, other type: an overlap, not a duplicate. */
	rows[1] = row(540, 560, 7, 0);
	rows[1].type_id = 2;
	ck_assert_uint_eq(service_batch_clashes(rows, 2, c), 1);
	ck_assert_int_eq(c[1].kind, SERVICE_CLASH_OVERLAP);
}
END_TEST

static void
add_rows(Suite *s, const char *name, const TTest *fn, int rows)
{
	TCase *tc = tcase_create(name);

	tcase_add_loop_test(tc, fn, 0, rows);
	suite_add_tcase(s, tc);
}

int
main(void)
{
	Suite *s = suite_create("service");
	SRunner *sr;
	int failed;

	add_rows(s, "days", test_days, ROWS(day_rows));
	add_rows(s, "days_roundtrip", test_days_roundtrip, 1);
	add_rows(s, "overlaps", test_overlaps, ROWS(overlap_rows));
	add_rows(s, "batch_clashes", test_batch_clashes, 1);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
