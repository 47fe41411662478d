/* Demo data of service logging, loaded by laoxiao-tool demo. */
#ifndef LX_DEMO_SERVICES_H
#define LX_DEMO_SERVICES_H
#include "req.h"

/* Adds a few elderly people to each demo station's roster and a week of
 * services by its volunteers. Needs the demo stations and volunteers.
 * Returns 0, or -1 with a message on stderr. */
int demo_services(struct req *r);

#endif
