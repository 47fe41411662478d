/* Parts shared by the service-logging pages of the staff responder. */
#ifndef LX_SERVICE_PAGES_H
#define LX_SERVICE_PAGES_H
#include <stdbool.h>

#include <libxml/tree.h>

#include "db.h"
#include "req.h"
#include "service.h"
#include "station-scope.h"

/* What a station chooses from, read once per request. */
struct service_choices {
	struct db_rows elders;      /* id, name, id_mask, active */
	struct db_rows types;       /* id, name, active */
	struct db_rows volunteers;  /* id, name, number, of this station */
	int window;                 /* days an operator may go back */
	int earliest;               /* the oldest date an operator may use */
};

/* Reads the choices of station st. */
enum db_status service_choices_load(struct req *r, const struct station *st,
    struct service_choices *c);
/* For the list's filter: every type, and of the elders and volunteers only
 * the one chosen (0: none), when the station may name them. */
enum db_status service_filter_load(struct req *r, const struct station *st,
    long long elder, long long volunteer, struct service_choices *c);
/* Adds <elders>, <types> and <volunteers> to a page: the active ones, and
 * those of keep (the record being edited; NULL for none). all: every
 * elder and type, for filters. */
void service_choices_xml(struct req *r, const struct service_choices *c,
    const struct service *keep, bool all, xmlNodePtr root);
/* Whether the signed-in staff member may log or correct services dated
 * ymd (operators only within the window). */
bool service_date_open(const struct req *r, const struct service_choices *c,
    int ymd);

#endif
