/* Demo data for volunteer review: a few registrations waiting in the
 * queue, in two townships, so that review can be tried at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"

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

int
demo_review(struct req *r)
{
	size_t i;

	for (i = 0; i < sizeof(pending) / sizeof(pending[0]); i++) {
		const struct demo_pending *d = &pending[i];
		enum db_status s = demo_volunteer(r, d->name, d->birth,
		    200 + (unsigned)i, d->phone, d->township, d->village,
		    d->skills, d->availability, NULL);

		if (s != DB_OK) {
			fprintf(stderr, "laoxiao-tool: demo registration failed "
			    "(%d)\n", (int)s);
			return -1;
		}
	}
	return 0;
}
