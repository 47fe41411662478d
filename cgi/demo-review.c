/* Demo data for volunteer review: a few registrations waiting in the
 * queue, in two townships, so that review can be tried at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review.h"
#include "volunteer.h"

struct demo_pending {
	const char *name, *birth, *phone;
	unsigned township, village;
	const char *skills, *availability;
};

static const struct demo_pending pending[] = {
	{ "周玉珍", "19690822", "13800000101", 1, 3, "meal,company",
	    "weekday_am,weekend" },
	{ "吴国华", "19730305", "13800000102", 1, 4, "repair,patrol",
	    "weekend,holiday" },
	{ "郑秀兰", "19670914", "13800000103", 2, 6, "clean,health",
	    "flexible" },
};

/* A valid ID number for birth (YYYYMMDD) and sequence seq. */
static void
make_id(char out[19], const char *birth, unsigned seq)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5,
	    8, 4, 2 };
	int i, sum = 0;

	snprintf(out, 19, "522630%.8s%03u", birth, seq % 1000);
	for (i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
}

int
demo_review(struct req *r)
{
	size_t i;

	for (i = 0; i < sizeof(pending) / sizeof(pending[0]); i++) {
		const struct demo_pending *d = &pending[i];
		struct volunteer_new v;
		char idnum[19];
		enum db_status s;

		make_id(idnum, d->birth, 200 + (unsigned)i);
		memset(&v, 0, sizeof(v));
		v.name = d->name;
		v.id_number = idnum;
		v.sex = (idnum[16] - '0') % 2 ? 'M' : 'F';
		v.birth_ymd = atoi(d->birth);
		v.phone = d->phone;
		v.township_id = d->township;
		v.village_id = d->village;
		v.address = "";
		v.skills = d->skills;
		v.availability = d->availability;
		if ((s = volunteer_insert(r, &v, NULL)) != DB_OK &&
		    s != DB_DUPLICATE) {
			fprintf(stderr, "laoxiao-tool: demo registration failed "
			    "(%d)\n", (int)s);
			return -1;
		}
	}
	return 0;
}
