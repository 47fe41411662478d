/* Unit tests of the period tiling of the kept figures: for many periods,
 * the day, month, quarter and year ranges cover every day of the period
 * exactly once and no day outside it (elder rows), and so do the days and
 * months alone (service rows). */
#include <stdio.h>
#include <stdlib.h>

#include <check.h>

#include "figures.h"
#include "service.h"

static int
ymd_of(const char *s)
{
	int y, m, d;

	if (sscanf(s, "%d-%d-%d", &y, &m, &d) != 3)
		return -1;
	return y * 10000 + m * 100 + d;
}

/* Whether period start p (a range's from..to, YYYY-MM-DD) is in r. */
static int
in(const char r[2][11], int p)
{
	return ymd_of(r[0]) <= p && p <= ymd_of(r[1]);
}

/* How many elder tiles of t cover day d; *svc: how many service tiles. */
static int
covers(const struct fig_tiles *t, int d, int *svc)
{
	int month = d / 100 * 100 + 1;
	int quarter = d / 10000 * 10000 + ((d / 100 % 100 - 1) / 3 * 3 + 1) * 100 + 1;
	int year = d / 10000 * 10000 + 101;
	int n = in(t->day[0], d) + in(t->day[1], d);

	*svc = n + in(t->months, month);
	return n + in(t->month[0], month) + in(t->month[1], month) +
	    in(t->quarter[0], quarter) + in(t->quarter[1], quarter) +
	    in(t->year, year);
}

static const long spans[] = { 0, 1, 27, 30, 31, 59, 89, 91, 180, 364, 365,
	366, 400, 730, 1000 };

START_TEST(test_tiles)
{
	long first = service_days(20231201) + _i, last, d;
	struct fig_period p;
	struct fig_tiles t;
	size_t k;
	int svc, n;

	for (k = 0; k < sizeof(spans) / sizeof(spans[0]); k++) {
		last = first + spans[k];
		ck_assert_int_eq(fig_period_set(&p, service_ymd(first),
		    service_ymd(last)), 0);
		fig_tiles_of(&p, &t);
		for (d = first - 40; d <= last + 40; d++) {
			int inside = d >= first && d <= last;

			n = covers(&t, service_ymd(d), &svc);
			ck_assert_msg(n == inside && svc == inside,
			    "%d..%d: day %d covered %d (services %d)",
			    p.from, p.to, service_ymd(d), n, svc);
		}
	}
}
END_TEST

START_TEST(test_period_limits)
{
	struct fig_period p;

	ck_assert_int_eq(fig_period_set(&p, 20260102, 20260101), -1);
	ck_assert_int_eq(fig_period_set(&p, 20160101, 20251231), 0);
	ck_assert_int_eq(fig_period_set(&p, 20160101, 20260101), -1);
	ck_assert_int_eq(fig_period_set(&p, 20260301, 20260331), 0);
	ck_assert_str_eq(p.from_s, "2026-03-01");
	ck_assert_int_eq(fig_month_days(2024, 2), 29);
	ck_assert_int_eq(fig_month_days(2100, 2), 28);
	ck_assert_int_eq(fig_month_days(2000, 2), 29);
}
END_TEST

static const struct {
	int from, to, grain;
	const char *period;
} one_rows[] = {
	{ 20260301, 20260331, 2, "2026-03-01" },
	{ 20240201, 20240229, 2, "2024-02-01" },
	{ 20260401, 20260630, 3, "2026-04-01" },
	{ 20260101, 20261231, 4, "2026-01-01" },
	{ 20260301, 20260430, 0, NULL },
	{ 20260302, 20260331, 0, NULL },
	{ 20250101, 20261231, 0, NULL },
	{ 20260315, 20260315, 0, NULL },
};

/* A period of one whole month, quarter or year is read from its one kept
 * row per township; any other from the tiles. */
START_TEST(test_one_unit)
{
	struct fig_period p;
	struct fig_tiles t;

	ck_assert_int_eq(fig_period_set(&p, one_rows[_i].from,
	    one_rows[_i].to), 0);
	fig_tiles_of(&p, &t);
	ck_assert_int_eq(t.one_grain, one_rows[_i].grain);
	if (one_rows[_i].period != NULL)
		ck_assert_str_eq(t.one_period, one_rows[_i].period);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("figures");
	TCase *tc = tcase_create("tiles");
	SRunner *sr;
	int failed;

	/* Periods starting on each day of 14 months. */
	tcase_add_loop_test(tc, test_tiles, 0, 426);
	tcase_add_test(tc, test_period_limits);
	tcase_add_loop_test(tc, test_one_unit, 0,
	    (int)(sizeof(one_rows) / sizeof(one_rows[0])));
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
