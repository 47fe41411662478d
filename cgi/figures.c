#include <stdio.h>
#include <string.h>

#include "figures.h"
#include "pool.h"
#include "ref.h"

#define EMPTY_FROM "9999-12-31"
#define EMPTY_TO   "1000-01-01"

int
fig_month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return m >= 1 && m <= 12 ? days[m - 1] : 0;
}

static void
ymd_str(char *out, int ymd)
{
	unsigned u = (unsigned)ymd;

	(void)snprintf(out, 11, "%04u-%02u-%02u", u / 10000 % 10000,
	    u / 100 % 100, u % 100);
}

/* Month index (y*12 + m-1) to its first day, and its last day. */
static int
month_first(int mi)
{
	return (mi / 12) * 10000 + (mi % 12 + 1) * 100 + 1;
}

static int
month_last(int mi)
{
	return (mi / 12) * 10000 + (mi % 12 + 1) * 100 +
	    fig_month_days(mi / 12, mi % 12 + 1);
}

static int
month_of(int ymd)
{
	return (ymd / 10000) * 12 + ymd / 100 % 100 - 1;
}

int
fig_period_set(struct fig_period *p, int from, int to)
{
	if (from > to || month_of(to) - month_of(from) >= FIG_MONTHS_MAX)
		return -1;
	p->from = from;
	p->to = to;
	ymd_str(p->from_s, from);
	ymd_str(p->to_s, to);
	return 0;
}

static void
range(char r[2][11], int from, int to)
{
	if (from > to) {
		memcpy(r[0], EMPTY_FROM, 11);
		memcpy(r[1], EMPTY_TO, 11);
		return;
	}
	ymd_str(r[0], from);
	ymd_str(r[1], to);
}

/* The day before ymd (ymd a first of month). */
static int
day_before_month(int mi)
{
	return month_last(mi - 1);
}

static void fig_tiles_range(const struct fig_period *p, struct fig_tiles *t);

/* Sets t->one_grain when exactly one range of t is not empty, a range of
 * one month, quarter or year. */
static void
one_unit(struct fig_tiles *t)
{
	struct { int grain; char (*r)[11]; } units[] = {
		{ 1, t->day[0] }, { 1, t->day[1] }, { 2, t->month[0] },
		{ 2, t->month[1] }, { 3, t->quarter[0] }, { 3, t->quarter[1] },
		{ 4, t->year },
	};
	size_t i, n = 0, k = 0;

	t->one_grain = 0;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(units[i].r[0], units[i].r[1]) <= 0) {
			n++;
			k = i;
		}
	if (n == 1 && units[k].grain > 1 &&
	    strcmp(units[k].r[0], units[k].r[1]) == 0) {
		t->one_grain = units[k].grain;
		memcpy(t->one_period, units[k].r[0], sizeof(t->one_period));
	}
}

void
fig_tiles_of(const struct fig_period *p, struct fig_tiles *t)
{
	fig_tiles_range(p, t);
	one_unit(t);
}

static void
fig_tiles_range(const struct fig_period *p, struct fig_tiles *t)
{
	int fm, lm, fq, lq, fy, ly;

	/* Whole months fm..lm (month indices). */
	fm = p->from % 100 == 1 ? month_of(p->from) : month_of(p->from) + 1;
	lm = p->to == month_last(month_of(p->to)) ? month_of(p->to) :
	    month_of(p->to) - 1;
	range(t->month[0], 1, 0);
	range(t->month[1], 1, 0);
	range(t->quarter[0], 1, 0);
	range(t->quarter[1], 1, 0);
	range(t->year, 1, 0);
	if (fm > lm) {
		range(t->day[0], p->from, p->to);
		range(t->day[1], 1, 0);
		range(t->months, 1, 0);
		return;
	}
	range(t->day[0], p->from, day_before_month(fm));
	range(t->day[1], month_first(lm + 1), p->to);
	range(t->months, month_first(fm), month_first(lm));
	/* Whole quarters: fq..lq (month indices of their first months). */
	fq = (fm + 2) / 3 * 3;
	lq = (lm + 1) / 3 * 3 - 3;
	if (fq > lq) {
		range(t->month[0], month_first(fm), month_first(lm));
		return;
	}
	if (fm < fq)
		range(t->month[0], month_first(fm), month_first(fq - 1));
	if (lq + 2 < lm)
		range(t->month[1], month_first(lq + 3), month_first(lm));
	/* Whole years: fy..ly (month indices of their Januaries). */
	fy = (fq + 11) / 12 * 12;
	ly = (lq + 3) / 12 * 12 - 12;
	if (fy > ly) {
		range(t->quarter[0], month_first(fq), month_first(lq));
		return;
	}
	if (fq < fy)
		range(t->quarter[0], month_first(fq), month_first(fy - 3));
	if (ly + 9 < lq)
		range(t->quarter[1], month_first(ly + 12), month_first(lq));
	range(t->year, month_first(fy), month_first(ly));
}

const char *
fig_hours(struct req *r, long long minutes)
{
	long long tenths = (minutes * 10 + 30) / 60;

	return pool_printf(r->pool, "%lld.%lld", tenths / 10, tenths % 10);
}

/* The township row of id, or NULL when it is not in scope. */
static struct fig_town *
town_of(struct fig_dash *d, const char *id)
{
	long long n = db_num(id);
	size_t i;

	for (i = 0; i < d->ntowns; i++)
		if (d->towns[i].id == n)
			return &d->towns[i];
	return NULL;
}

#define SCOPE_PARAMS(t) DP_INT(t), DP_INT(t)
#define RANGE_PARAMS(r) DP_STR((r)[0]), DP_STR((r)[1])

/* Elderly people served (distinct) per township, in all and by care flag,
 * for a period of one whole month, quarter or year: its kept reach. */
static enum db_status
reach_one(struct req *r, const struct fig_tiles *t, struct fig_dash *d)
{
	struct db_param p[] = { DP_INT(t->one_grain), DP_STR(t->one_period) };
	struct db_rows rows;
	struct fig_town *tw;
	enum db_status s;
	size_t i, j;

	if ((s = db_query(r->db, r->pool, SQL_FIG_REACH, p, 2, &rows)) != DB_OK)
		return s;
	for (i = 0; i < rows.nrows; i++) {
		long long id = db_num(DB_CELL(&rows, i, 0));

		if ((tw = town_of(d, DB_CELL(&rows, i, 0))) != NULL)
			tw->elders = db_num(DB_CELL(&rows, i, 1));
		if (id != d->township)
			continue;
		d->total.elders = db_num(DB_CELL(&rows, i, 1));
		for (j = 0; j <= FIG_CARE_FLAGS; j++)
			d->care[j] = db_num(DB_CELL(&rows, i, j + 2));
	}
	return DB_OK;
}

/* The same for any other period: distinct people over the kept periods
 * that tile it. */
static enum db_status
reach_tiles(struct req *r, const struct fig_tiles *t, struct fig_dash *d)
{
	struct db_param p[] = { RANGE_PARAMS(t->day[0]),
	    RANGE_PARAMS(t->day[1]), RANGE_PARAMS(t->month[0]),
	    RANGE_PARAMS(t->month[1]), RANGE_PARAMS(t->quarter[0]),
	    RANGE_PARAMS(t->quarter[1]), RANGE_PARAMS(t->year),
	    SCOPE_PARAMS(d->township) };
	struct db_rows rows;
	struct fig_town *tw;
	enum db_status s;
	size_t i;

	if ((s = db_query(r->db, r->pool, SQL_FIG_ELDER_TOWNSHIP, p, 16,
	    &rows)) != DB_OK)
		return s;
	for (i = 0; i < rows.nrows; i++)
		if ((tw = town_of(d, DB_CELL(&rows, i, 0))) != NULL)
			tw->elders = db_num(DB_CELL(&rows, i, 1));
	if ((s = db_query_one(r->db, r->pool, SQL_FIG_ELDER_TOTAL, p, 15,
	    &rows)) != DB_OK)
		return s;
	d->total.elders = db_num(DB_CELL(&rows, 0, 0));
	for (i = 0; i <= FIG_CARE_FLAGS; i++)
		d->care[i] = db_num(DB_CELL(&rows, 0, i + 1));
	return DB_OK;
}

/* What service_cells gathers: the dashboard, and the service types in
 * their order with what each one had. */
struct cells {
	struct fig_dash *d;
	struct db_rows types;
	struct fig_count *by_type;
};

/* One kept row of SQL_FIG_SERVICE_CELLS: township, type, month, live
 * services, voided, volunteer minutes -- added to its township, type and
 * month. */
static int
service_cell(void *arg, const struct db_rows *row)
{
	struct cells *c = arg;
	struct fig_dash *d = c->d;
	struct fig_town *tw = town_of(d, DB_CELL(row, 0, 0));
	long long type = db_num(DB_CELL(row, 0, 1));
	long long services = db_num(DB_CELL(row, 0, 3));
	long long minutes = db_num(DB_CELL(row, 0, 5));
	const char *month = DB_CELL(row, 0, 2);
	unsigned y, m;
	size_t i;

	if (tw != NULL) {
		tw->services += services;
		tw->voided += db_num(DB_CELL(row, 0, 4));
		tw->volunteer_minutes += minutes;
	}
	for (i = 0; i < c->types.nrows; i++)
		if (db_num(DB_CELL(&c->types, i, 0)) == type) {
			c->by_type[i].services += services;
			c->by_type[i].volunteer_minutes += minutes;
			break;
		}
	if (month != NULL && sscanf(month, "%4u-%2u", &y, &m) == 2 &&
	    m >= 1 && m <= 12) {
		long long k = (long long)y * 12 + m - 1 -
		    month_of(d->period.from);

		if (k >= 0 && (size_t)k < d->nmonths) {
			d->months[k].services += services;
			d->months[k].volunteer_minutes += minutes;
		}
	}
	return 0;
}

/* Services per township, per service type (every type with a live
 * service, in the types' order) and per month of the period (every
 * month), from one pass over the kept rows that tile it, streamed. */
static enum db_status
service_cells(struct req *r, const struct fig_tiles *t, struct fig_dash *d)
{
	struct db_param p[] = { RANGE_PARAMS(t->day[0]),
	    RANGE_PARAMS(t->day[1]), RANGE_PARAMS(t->months),
	    SCOPE_PARAMS(d->township) };
	struct cells c = { .d = d };
	enum db_status s;
	size_t i;
	int mi;

	if ((s = ref_service_types(r, &c.types)) != DB_OK)
		return s;
	c.by_type = pool_alloc(r->pool, (c.types.nrows + 1) *
	    sizeof(*c.by_type));
	for (i = 0; i < c.types.nrows; i++) {
		c.by_type[i].name = DB_CELL(&c.types, i, 1);
		c.by_type[i].services = c.by_type[i].volunteer_minutes = 0;
	}
	d->nmonths = (size_t)(month_of(d->period.to) -
	    month_of(d->period.from) + 1);
	d->months = pool_alloc(r->pool, d->nmonths * sizeof(*d->months));
	for (i = 0, mi = month_of(d->period.from); i < d->nmonths; i++, mi++) {
		d->months[i].name = pool_printf(r->pool, "%04u-%02u",
		    (unsigned)mi / 12 % 10000, (unsigned)mi % 12 + 1);
		d->months[i].services = d->months[i].volunteer_minutes = 0;
	}
	if ((s = db_each(r->db, SQL_FIG_SERVICE_CELLS, p, 8, service_cell,
	    &c)) != DB_OK)
		return s;
	d->types = c.by_type;
	d->ntypes = 0;
	for (i = 0; i < c.types.nrows; i++)
		if (c.by_type[i].services > 0)
			d->types[d->ntypes++] = c.by_type[i];
	return DB_OK;
}

enum db_status
fig_dash_load(struct req *r, long long township, struct fig_dash *d)
{
	struct fig_period period = d->period;
	struct fig_tiles t;
	struct db_rows rows;
	struct fig_town *tw;
	enum db_status s;
	size_t i;

	memset(d, 0, sizeof(*d));
	d->period = period;
	d->township = township;
	fig_tiles_of(&d->period, &t);
	if ((s = ref_townships(r, &rows)) != DB_OK)
		return s;
	d->towns = pool_alloc(r->pool, (rows.nrows + 1) * sizeof(*d->towns));
	for (i = 0; i < rows.nrows; i++) {
		if (township != 0 && db_num(DB_CELL(&rows, i, 0)) != township)
			continue;
		tw = &d->towns[d->ntowns++];
		memset(tw, 0, sizeof(*tw));
		tw->id = db_num(DB_CELL(&rows, i, 0));
		tw->name = DB_CELL(&rows, i, 1);
	}
	{
		struct db_param p[] = { SCOPE_PARAMS(township) };

		if ((s = db_query(r->db, r->pool, SQL_FIG_STATIONS, p, 2,
		    &rows)) != DB_OK)
			return s;
		for (i = 0; i < rows.nrows; i++)
			if ((tw = town_of(d, DB_CELL(&rows, i, 0))) != NULL) {
				tw->stations = db_num(DB_CELL(&rows, i, 1));
				tw->villages = db_num(DB_CELL(&rows, i, 2));
			}
	}
	{
		struct db_param p[] = { DP_STR(d->period.from_s),
		    DP_STR(d->period.to_s), SCOPE_PARAMS(township) };
		struct db_param tiles[] = { RANGE_PARAMS(t.day[0]),
		    RANGE_PARAMS(t.day[1]), RANGE_PARAMS(t.months),
		    SCOPE_PARAMS(township) };

		if ((s = db_query(r->db, r->pool, SQL_FIG_VOLUNTEERS, tiles, 8,
		    &rows)) != DB_OK)
			return s;
		for (i = 0; i < rows.nrows; i++)
			if ((tw = town_of(d, DB_CELL(&rows, i, 0))) != NULL) {
				tw->volunteers = db_num(DB_CELL(&rows, i, 1));
				tw->volunteers_new = db_num(DB_CELL(&rows, i, 2));
			}
		if ((s = db_query(r->db, r->pool, SQL_FIG_CLASS_TOWNSHIP, p, 4,
		    &rows)) != DB_OK)
			return s;
		for (i = 0; i < rows.nrows; i++)
			if ((tw = town_of(d, DB_CELL(&rows, i, 0))) != NULL) {
				tw->classes = db_num(DB_CELL(&rows, i, 1));
				tw->enrolled = db_num(DB_CELL(&rows, i, 2));
				tw->attended = db_num(DB_CELL(&rows, i, 3));
				tw->left_behind = db_num(DB_CELL(&rows, i, 4));
			}
	}
	if ((s = service_cells(r, &t, d)) != DB_OK)
		return s;
	if ((s = t.one_grain != 0 ? reach_one(r, &t, d) : reach_tiles(r, &t, d)) !=
	    DB_OK)
		return s;
	for (i = 0; i < d->ntowns; i++) {
		tw = &d->towns[i];
		d->total.stations += tw->stations;
		d->total.villages += tw->villages;
		d->total.volunteers += tw->volunteers;
		d->total.volunteers_new += tw->volunteers_new;
		d->total.services += tw->services;
		d->total.voided += tw->voided;
		d->total.volunteer_minutes += tw->volunteer_minutes;
		d->total.classes += tw->classes;
		d->total.enrolled += tw->enrolled;
		d->total.attended += tw->attended;
		d->total.left_behind += tw->left_behind;
		if (tw->stations > 0)
			d->towns_covered++;
	}
	return DB_OK;
}

enum db_status
fig_check(struct req *r, long long *differ)
{
	static const enum sql_id checks[] = {
		SQL_FIG_CHECK_SERVICE, SQL_FIG_CHECK_ELDER, SQL_FIG_CHECK_REACH,
		SQL_FIG_CHECK_CLASS, SQL_FIG_CHECK_VOLUNTEER,
	};
	struct db_rows rows;
	enum db_status s;
	size_t i;

	*differ = 0;
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		if ((s = db_query_one(r->db, r->pool, checks[i], NULL, 0,
		    &rows)) != DB_OK)
			return s;
		*differ += db_num(DB_CELL(&rows, 0, 0));
	}
	return DB_OK;
}

static enum db_status
fig_rebuild_once(struct req *r)
{
	static const enum sql_id steps[] = {
		SQL_FIG_CLEAR_SERVICE, SQL_FIG_CLEAR_ELDER, SQL_FIG_CLEAR_REACH,
		SQL_FIG_CLEAR_CLASS, SQL_FIG_CLEAR_VOLUNTEER, SQL_FIG_FILL_SERVICE,
		SQL_FIG_FILL_ELDER, SQL_FIG_FILL_REACH, SQL_FIG_FILL_CLASS,
		SQL_FIG_FILL_VOLUNTEER, SQL_DATA_REVISION_BUMP,
	};
	enum db_status s;
	size_t i;

	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if ((s = db_exec(r->db, steps[i], NULL, 0, NULL, NULL)) !=
		    DB_OK) {
			db_rollback(r->db);
			return s;
		}
	return db_commit(r->db);
}

/* fig_rebuild_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
fig_rebuild(struct req *r)
{
	enum db_status s;

	DB_RETRY(r->db, s, fig_rebuild_once(r));
	return s;
}
