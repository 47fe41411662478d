/* The demo data helpers every module's demo uses (demo.h): demo ID
 * numbers, demo volunteers and places by division code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "volunteer.h"

void
demo_id(char out[19], const char *birth, unsigned seq)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5,
	    8, 4, 2 };
	static const char check[] = "10X98765432";
	int i, sum = 0;

	snprintf(out, 19, "522630%.8s%03u", birth, seq % 1000);
	for (i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = check[sum % 11];
	out[18] = '\0';
}

enum db_status
demo_volunteer(struct req *r, const char *name, const char *birth,
    unsigned seq, const char *phone, unsigned long township,
    unsigned long village, const char *skills, const char *availability,
    unsigned long long *id)
{
	struct volunteer_new v;
	char idnum[19];
	enum db_status s;

	demo_id(idnum, birth, seq);
	memset(&v, 0, sizeof(v));
	v.name = name;
	v.id_number = idnum;
	v.sex = (idnum[16] - '0') % 2 ? 'M' : 'F';
	v.birth_ymd = atoi(birth);
	v.phone = phone;
	v.township_id = township;
	v.village_id = village;
	v.address = "";
	v.skills = skills;
	v.availability = availability;
	s = volunteer_insert(r, &v, id);
	return s == DB_DUPLICATE ? DB_OK : s;
}

enum db_status
demo_place(struct req *r, const char *code, unsigned long *township,
    unsigned long *village)
{
	struct db_param p[] = { DP_STR(code), DP_STR(code) };
	struct db_rows rows;
	enum db_status s;

	s = db_query_one(r->db, r->pool, SQL_PLACE_BY_CODE, p, 2, &rows);
	if (s != DB_OK)
		return s;
	*township = (unsigned long)db_num(DB_CELL(&rows, 0, 0));
	*village = (unsigned long)db_num(DB_CELL(&rows, 0, 1));
	return DB_OK;
}
