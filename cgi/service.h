/* Mutual-aid services (服务记录): typed calls over the SQL_SERVICE_*
 * statements, the rules that need the database (duplicates, overlapping
 * services of one volunteer) and volunteer hours. A service is credited to
 * each of its volunteers with its full minutes; a voided service counts
 * nowhere. Every write is audited in its own transaction. */
#ifndef LX_SERVICE_H
#define LX_SERVICE_H
#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "req.h"

#define SERVICE_ROWS_MAX       10    /* rows of one logging form */
#define SERVICE_VOLUNTEERS_MAX 20    /* volunteers of one service */
#define SERVICE_MINUTES_MAX    720   /* 12 hours */
#define SERVICE_WINDOW_DEFAULT 31    /* days, when the setting is unset */
#define SERVICE_WINDOW_MAX     3660
/* Messages give the longest service in whole hours. */
_Static_assert(SERVICE_MINUTES_MAX % 60 == 0, "SERVICE_MINUTES_MAX in whole hours");

/* One service as a form gives it. */
struct service_in {
	long long elder_id, type_id;
	int date_ymd;                 /* y*10000+m*100+d */
	int start, end;               /* minutes since midnight, start < end */
	long long volunteer[SERVICE_VOLUNTEERS_MAX];
	size_t nvolunteer;            /* 1.., no id twice */
	bool elder_signed;            /* the elder or family signed on paper */
	const char *note;             /* may be empty, never NULL */
};

/* A stored service. */
struct service {
	long long id, station_id;
	struct service_in in;
	int minutes;
	bool voided;
	const char *void_reason;      /* NULL unless voided */
};

enum service_clash_kind {
	SERVICE_CLASH_NONE = 0,
	SERVICE_CLASH_DUPLICATE,  /* same elder, type, volunteer, date, start */
	SERVICE_CLASH_OVERLAP,    /* a volunteer in two services at once */
	/* Changed since the form was read (checked inside the transaction): */
	SERVICE_CLASH_ELDER,      /* elder no longer active on the roster */
	SERVICE_CLASH_TYPE,       /* service type retired */
	SERVICE_CLASH_VOLUNTEER,  /* volunteer no longer approved here */
};

/* Why a row cannot be stored. */
struct service_clash {
	enum service_clash_kind kind;
	long long volunteer_id;       /* the volunteer in both services */
	long long other_id;           /* the stored service, or 0 */
	size_t other_row;             /* or the earlier row (1-based), or 0 */
	int other_start, other_end;   /* the other service's times */
};

/* Whether [s1, e1) and [s2, e2) share a minute. */
bool service_overlaps(int s1, int e1, int s2, int e2);
/* Checks rows[0..n) against each other: clash[i] tells whether row i
 * clashes with an earlier row. Returns the number of clashing rows. */
size_t service_batch_clashes(const struct service_in *rows, size_t n,
    struct service_clash *clash);

/* Stores rows[0..n) for station in one transaction, with an audit row
 * each. First locks the volunteers' rows (ascending id, so that two
 * batches never deadlock), then checks every row again: its elder still
 * active on the station's roster, its type not retired, its volunteers
 * still approved for the station, and no clash with the stored services.
 * If any row fails, nothing is stored and the result is DB_OK with
 * *nclash > 0 and clash[0..n) filled. ids (n of them, may be NULL)
 * get the new services' ids. */
enum db_status service_insert(struct req *r, long long station_id,
    const struct service_in *rows, size_t n, struct service_clash *clash,
    size_t *nclash, long long *ids);
/* Replaces what service old->id records by in, with the same locks and
 * checks (an elder, type or volunteer the record already had may stay);
 * *clash says why not when clash->kind is set on DB_OK.
 * DB_NOTFOUND when it was voided meanwhile. */
enum db_status service_update(struct req *r, const struct service *old,
    const struct service_in *in, struct service_clash *clash);
/* Voids a service with a reason; DB_NOTFOUND if it was voided already. */
enum db_status service_void(struct req *r, long long id, const char *reason);
/* Reads one service with its volunteers; DB_NOTFOUND if there is none. */
enum db_status service_get(struct req *r, long long id, struct service *out);

/* Adds a service type (offered from now on) and audits it. DB_DUPLICATE
 * when the name exists already. */
enum db_status service_type_add(struct req *r, const char *name,
    long long *id);
/* Retires a type (no longer offered; old records keep it) or restores it,
 * and audits it. DB_NOTFOUND if there is no such type. */
enum db_status service_type_set_active(struct req *r, long long id,
    bool active);

/* How many services (voided ones too) each service type records: rows
 * of type id, count; a type never used has no row. */
enum db_status service_type_uses(struct req *r, struct db_rows *rows);

/* The approved volunteers station_id may name on a service: its own
 * first, then the others of township_id, by number: rows of id, name,
 * number ("" when none), own ("1" or "0"). */
enum db_status service_volunteers(struct req *r, long long station_id,
    long long township_id, struct db_rows *rows);
/* Volunteer id as service_volunteers gives them, when it is one of them;
 * otherwise no row. */
enum db_status service_volunteer_choice(struct req *r, long long station_id,
    long long township_id, long long id, struct db_rows *rows);
/* Volunteer id with the same columns when a filter of station_id's
 * services may name it: of its own or its township, or on one of its
 * services, whatever its status now; otherwise no row. */
enum db_status service_volunteer_named(struct req *r, long long station_id,
    long long township_id, long long id, struct db_rows *rows);
/* The volunteers of service id by id: rows of id, name, number ("" when
 * none). */
enum db_status service_volunteer_rows(struct req *r, long long id,
    struct db_rows *rows);

/* What a station's service list shows; 0 or NULL: no filter. */
struct service_filter {
	long long station_id;
	const char *from, *to;        /* YYYY-MM-DD, both days included */
	long long elder_id, type_id, volunteer_id;
	int elder_signed;             /* 1 signed, 0 not, -1 either */
};

/* The figures of a filtered list. */
struct service_totals {
	long long services;           /* voided ones too */
	long long live;               /* not voided */
	long long elders;             /* served by the live ones */
	long long volunteer_minutes;  /* of the live ones, each volunteer's;
	                               * with a volunteer filter, that one's */
};

/* Totals of the services that pass f; without any filter but the station
 * those the database keeps for the station (sql/008), not a count. */
enum db_status service_totals(struct req *r, const struct service_filter *f,
    struct service_totals *t);
/* The services that pass f, newest first, limit of them from offset:
 * rows of SERVICE_LIST_COLUMNS (SL_…, sql.h). */
enum db_status service_list(struct req *r, const struct service_filter *f,
    long long limit, long long offset, struct db_rows *rows);

/* How many days back a station operator may log and correct services
 * (setting window_days in table service_setting). */
enum db_status service_window(struct req *r, int *days);

/* Minutes credited to a volunteer for services dated from..to inclusive
 * (YYYY-MM-DD; NULL for no bound), voided services left out. DB_NOTFOUND
 * if there is no such volunteer; DB_ERROR for a malformed date. */
enum db_status volunteer_minutes(struct req *r, long long volunteer_id,
    const char *from, const char *to, long long *minutes);

/* Day number of a date (days since 1970-01-01), and back. */
long service_days(int ymd);
int service_ymd(long days);
/* "2026-03-01" and "08:30" in the pool. */
char *service_date_text(struct pool *pool, int ymd);
char *service_time_text(struct pool *pool, int minutes);

/* "12.5" hours for a number of minutes, rounded to a tenth. */
char *service_hours_text(struct pool *pool, long long minutes);

#endif
