#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo.h"
#include "elder.h"
#include "service.h"

struct demo_elder {
	unsigned station;            /* demo station id */
	const char *name, *birth, *living, *care, *contact, *phone;
};

static const struct demo_elder elders[] = {
	{ 1, "周玉珍", "19420316", "alone", "empty_nest,alone", "周建华",
	    "13900000101" },
	{ 1, "吴德贵", "19380905", "couple", "empty_nest,disabled", "吴小红",
	    "13900000102" },
	{ 1, "郑桂芳", "19500122", "children", "left_behind,dibao", "郑海波",
	    "13900000103" },
	{ 2, "孙长顺", "19450718", "alone", "alone,wubao", "城西村村委会",
	    "13900000104" },
	{ 2, "马秀兰", "19480220", "couple", "empty_nest", "马立军",
	    "13900000105" },
	{ 3, "何金凤", "19410611", "alone", "alone,poverty", "何志勇",
	    "13900000106" },
	{ 3, "罗永才", "19520404", "relatives", "disabled,dibao", "罗春燕",
	    "13900000107" },
	{ 3, "田兰英", "19460827", "children", "left_behind", "田国庆",
	    "13900000108" },
};

/* The village of a demo station (0 if it has none), and its township. */
static long long
station_village(struct req *r, long long station, long long *township)
{
	struct db_param p[] = { DP_INT(station) };
	struct db_rows rows;

	if (db_query(r->db, r->pool, SQL_STATION_GET, p, 1, &rows) != DB_OK ||
	    rows.nrows != 1)
		return 0;
	*township = strtoll(DB_CELL(&rows, 0, 1), NULL, 10);
	return strtoll(DB_CELL(&rows, 0, 4), NULL, 10);
}

/* A week of services at one station: one a day for each elder, by its
 * volunteers in turn, the first elder's with two volunteers. */
static int
station_week(struct req *r, long long station, long long township,
    const long long *elder, size_t nelder, int today)
{
	struct service_clash clash[SERVICE_ROWS_MAX];
	struct db_rows vol;
	size_t j, nclash, nv;
	int d;

	if (service_volunteers(r, station, township, &vol) != DB_OK ||
	    vol.nrows == 0)
		return -1;
	nv = vol.nrows;
	for (d = 1; d <= 6; d++) {
		struct service_in rows[SERVICE_ROWS_MAX];

		memset(rows, 0, sizeof(rows));
		for (j = 0; j < nelder && j < SERVICE_ROWS_MAX; j++) {
			struct service_in *in = &rows[j];

			in->elder_id = elder[j];
			in->type_id = 1 + (long long)((size_t)d + j) % 9;
			in->date_ymd = service_ymd(service_days(today) - d);
			in->start = 8 * 60 + (int)j * 75;
			in->end = in->start + 30 + 10 * ((d + (int)j) % 4);
			in->volunteer[0] = strtoll(DB_CELL(&vol,
			    ((size_t)d + j) % nv, 0), NULL, 10);
			in->nvolunteer = 1;
			if (j == 0 && nv > 1) {
				in->volunteer[1] = strtoll(DB_CELL(&vol,
				    ((size_t)d + 1) % nv, 0), NULL, 10);
				in->nvolunteer = 2;
			}
			in->elder_signed = d % 3 != 0;
			in->note = "";
		}
		if (service_insert(r, station, rows, j, clash, &nclash, NULL) !=
		    DB_OK || nclash > 0)
			return -1;
	}
	return 0;
}

int
demo_services(struct req *r)
{
	long long ids[sizeof(elders) / sizeof(elders[0])];
	struct tm tm;
	unsigned station;
	size_t i;
	int today;

	if (localtime_r(&r->now, &tm) == NULL)
		return -1;
	today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday;
	for (i = 0; i < sizeof(elders) / sizeof(elders[0]); i++) {
		const struct demo_elder *d = &elders[i];
		struct elder_in e;
		long long township;
		char idnum[19];

		demo_id(idnum, d->birth, 200 + (unsigned)i);
		memset(&e, 0, sizeof(e));
		e.name = d->name;
		e.id_number = idnum;
		e.sex = (idnum[16] - '0') % 2 ? 'M' : 'F';
		e.birth_ymd = atoi(d->birth);
		e.village_id = (unsigned long)station_village(r, d->station,
		    &township);
		e.living = d->living;
		e.care = d->care;
		e.contact_name = d->contact;
		e.contact_phone = d->phone;
		e.notes = "";
		if (e.village_id == 0 ||
		    elder_insert(r, d->station, &e, &ids[i]) != DB_OK) {
			fprintf(stderr, "laoxiao-tool: demo elder %s failed\n",
			    d->name);
			return -1;
		}
	}
	for (station = 1; station <= 3; station++) {
		long long mine[SERVICE_ROWS_MAX], township = 0;
		size_t n = 0;

		for (i = 0; i < sizeof(elders) / sizeof(elders[0]); i++)
			if (elders[i].station == station)
				mine[n++] = ids[i];
		if (station_village(r, station, &township) == 0 ||
		    station_week(r, station, township, mine, n, today) != 0) {
			fprintf(stderr, "laoxiao-tool: demo services of station "
			    "%u failed\n", station);
			return -1;
		}
	}
	return 0;
}
