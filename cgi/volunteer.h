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

/* What the public look-up shows of a volunteer; strings "" when unset. */
struct volunteer_status {
	long long id;
	const char *name, *number, *status, *reason;
	const char *created;                  /* YYYY-MM-DD */
	const char *station, *station_address, *station_phone;
};

/* Stores a new pending registration in one transaction. DB_DUPLICATE when
 * the ID number is registered already. */
enum db_status volunteer_insert(struct req *r, const struct volunteer_new *v,
    unsigned long long *id);
/* The volunteer who registered with phone and has volunteer number
 * number or, when number is NULL, ID number id_number (valid, upper
 * case). DB_NOTFOUND unless exactly one does. */
enum db_status volunteer_lookup(struct req *r, const char *number,
    const char *id_number, const char *phone, struct volunteer_status *v);

#endif
