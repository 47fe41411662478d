/* Volunteers in the database: typed calls over the SQL_VOLUNTEER_*
 * statements. ID numbers are stored encrypted, found by keyed hash, and
 * shown only masked. */
#ifndef LX_VOLUNTEER_H
#define LX_VOLUNTEER_H
#include "db.h"
#include "req.h"

#define CONSENT_VERSION "2026-11"

struct volunteer_new {
	const char *name;
	const char *id_number;   /* valid, 18 characters */
	char sex;                /* 'M' or 'F', from the ID number */
	int birth_ymd;
	const char *phone;
	unsigned long township_id, village_id;
	const char *address;     /* may be empty */
	const char *skills;      /* comma-separated codes */
	const char *availability;
};

/* Stores a new pending registration in one transaction. DB_DUPLICATE when
 * the ID number is registered already. */
enum db_status volunteer_insert(struct req *r, const struct volunteer_new *v,
    unsigned long long *id);
/* DB_OK if a volunteer with this ID number exists, DB_NOTFOUND if not. */
enum db_status volunteer_id_taken(struct req *r, const char *id_number);
/* Minutes of service volunteer id has given to date (void records do not
 * count). NOTE: service records belong to the service-logging module; until
 * it adds its table this returns 0 minutes. That module replaces the body
 * with a SUM over its records; callers (look-up, certificate) stay as they
 * are. */
enum db_status volunteer_minutes(struct req *r, long long id,
    long long *minutes);

#endif
