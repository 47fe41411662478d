/* Demo data for volunteer review: a few registrations waiting in the
 * queue, in two townships, so that review can be tried at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"

struct demo_pending {
	const char *name, *birth, *phone;
	const char *village;          /* its code */
	const char *skills, *availability;
};

static const struct demo_pending pending[] = {
	{ "周玉珍", "19690822", "13800000101", "511921100202", "meal,company",
	    "weekday_am,weekend" },                       /* 诺江镇阳望山村 */
	{ "吴国华", "19730305", "13800000102", "511921100208", "repair,patrol",
	    "weekend,holiday" },                          /* 诺江镇千佛村 */
	{ "郑秀兰", "19670914", "13800000103", "511921123202", "clean,health",
	    "flexible" },                                 /* 空山镇后坝村 */
};

int
demo_review(struct req *r)
{
	size_t i;

	for (i = 0; i < sizeof(pending) / sizeof(pending[0]); i++) {
		const struct demo_pending *d = &pending[i];
		unsigned long township, village;
		enum db_status s = demo_place(r, d->village, &township,
		    &village);

		if (s == DB_OK)
			s = demo_volunteer(r, d->name, d->birth,
			    200 + (unsigned)i, d->phone, township, village,
			    d->skills, d->availability, NULL);

		if (s != DB_OK) {
			fprintf(stderr, "laoxiao-tool: demo registration failed "
			    "(%d)\n", (int)s);
			return -1;
		}
	}
	return 0;
}
