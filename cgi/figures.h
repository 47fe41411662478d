/* The county's figures (the dashboard, the work report): read from the
 * kept tables of sql/010_figures.sql, which the database updates in the
 * same transaction as every write to the raw records; and the check that
 * recomputes them from those records. */
#ifndef LX_FIGURES_H
#define LX_FIGURES_H
#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "req.h"

#define FIG_MONTHS_MAX 120   /* the longest period shown: ten years */
#define FIG_CARE_FLAGS 7     /* elder_care's flags, then "none" */

/* A period of whole days, from and to included (y*10000+m*100+d). */
struct fig_period {
	int from, to;
	char from_s[11], to_s[11];   /* YYYY-MM-DD */
};

/* The kept rows that tile a period: date ranges (YYYY-MM-DD, from, to; an
 * empty range has from after to) of each grain. */
struct fig_tiles {
	char day[2][2][11];       /* the days at the head and at the tail */
	char month[2][2][11];     /* first days of whole months */
	char quarter[2][2][11];   /* first days of whole quarters */
	char year[2][11];         /* first days of whole years */
	char months[2][11];       /* all whole months (service rows) */
	int one_grain;            /* 2, 3, 4 when the period is one whole */
	char one_period[11];      /* month, quarter or year (its first day) */
};

/* Fills p from two dates; -1 when from is after to or the period is
 * longer than FIG_MONTHS_MAX months. */
int fig_period_set(struct fig_period *p, int from, int to);
/* The whole-day, month, quarter and year ranges that tile p: the months
 * for service rows (no quarters or years kept), and the largest aligned
 * units for elder rows; one_grain is 0 unless p is exactly one of them. */
void fig_tiles_of(const struct fig_period *p, struct fig_tiles *t);
/* Days in month m of year y. */
int fig_month_days(int y, int m);

struct fig_town {
	long long id;
	const char *name;
	long long stations, villages, volunteers, volunteers_new, elders;
	long long services, voided, volunteer_minutes;
	long long classes, enrolled, attended, left_behind;
};

/* Live services and volunteer minutes of a service type (name) or of a
 * month (name YYYY-MM). */
struct fig_count {
	const char *name;
	long long services, volunteer_minutes;
};

struct fig_dash {
	struct fig_period period;
	long long township;       /* 0: the whole county */
	struct fig_town *towns;   /* the townships in scope, county order */
	size_t ntowns;
	struct fig_town total;    /* sums; elders distinct over all */
	long long towns_covered;  /* townships with an active station */
	struct fig_count *types;
	size_t ntypes;
	struct fig_count *months; /* every month of the period, in order */
	size_t nmonths;
	long long care[FIG_CARE_FLAGS + 1];  /* per flag; the last: none */
};

/* Loads the figures of township (0: the county) for d->period, which
 * must be set. */
enum db_status fig_dash_load(struct req *r, long long township,
    struct fig_dash *d);
/* Hours, one decimal, from minutes (rounded half up). */
const char *fig_hours(struct req *r, long long minutes);

/* Compares the kept figures with the raw records: *differ is the number
 * of kept rows that do not match. */
enum db_status fig_check(struct req *r, long long *differ);
/* Replaces the kept figures with the raw records', in one transaction. */
enum db_status fig_rebuild(struct req *r);

#endif
