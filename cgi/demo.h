/* Demo data, loaded by `laoxiao-tool demo` (never in production): the
 * tool makes the stations, staff and approved volunteers, then each
 * module adds its own. Each returns 0, or -1 with a message on stderr. */
#ifndef LX_DEMO_H
#define LX_DEMO_H
#include "db.h"
#include "req.h"

/* A valid demo ID number (region 522630) for birth YYYYMMDD and seq. */
void demo_id(char out[19], const char *birth, unsigned seq);
/* Registers a demo volunteer (pending) with a demo ID number; *id may be
 * NULL. An ID number already there counts as done. */
enum db_status demo_volunteer(struct req *r, const char *name,
    const char *birth, unsigned seq, const char *phone,
    unsigned long township, unsigned long village, const char *skills,
    const char *availability, unsigned long long *id);

/* The ids of an active place by its division code: a township's (9
 * digits; *village is then 0) or a village's and its township's (12).
 * DB_NOTFOUND when the places file has not been loaded. */
enum db_status demo_place(struct req *r, const char *code,
    unsigned long *township, unsigned long *village);

/* A few pending registrations in two townships (volunteer review). */
int demo_review(struct req *r);
/* Elders on each demo station's roster and a week of their services. */
int demo_services(struct req *r);
/* A few upcoming classes in the first two demo townships. */
int demo_classes(struct req *r);

#endif
