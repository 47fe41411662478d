/* Elderly people a station serves (服务对象): typed calls over the
 * SQL_ELDER_* statements. ID numbers are stored encrypted, found by keyed
 * hash (one roster entry per person in the whole county) and shown only
 * masked. Every write is audited in its own transaction. */
#ifndef LX_ELDER_H
#define LX_ELDER_H
#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "form.h"
#include "req.h"

#define ELDER_MIN_AGE 60

/* Codes are stored (MariaDB ENUM and SET columns): never rename one. */
extern const struct choice elder_living[];
extern const struct choice elder_care[];

/* What a form gives for a new or changed roster entry. */
struct elder_in {
	const char *name;
	const char *id_number;   /* valid, 18 characters; NULL: keep (update) */
	char sex;                /* 'M' or 'F', from the ID number */
	int birth_ymd;
	unsigned long village_id;
	const char *living;      /* a code of elder_living */
	const char *care;        /* comma-separated codes of elder_care */
	const char *contact_name, *contact_phone;
	const char *notes;       /* may be empty */
};

/* A stored roster entry; strings in the request pool. */
struct elder {
	long long id, station_id, village_id;
	const char *name, *id_mask, *sex, *birth_date, *village;
	const char *living, *care, *contact_name, *contact_phone, *notes;
	bool active;
};

/* Where an ID number is on a roster already. */
struct elder_where {
	long long id, station_id;
	const char *station_name;
};

/* DB_OK and *where filled when someone with this ID number is on any
 * station's roster; DB_NOTFOUND if not. */
enum db_status elder_find(struct req *r, const char *id_number,
    struct elder_where *where);
/* The roster of station_id, active entries first, by name; inactive ones
 * only when all. *n entries in *list (the pool's), each without its
 * village_id and notes. */
enum db_status elder_list(struct req *r, long long station_id, bool all,
    struct elder **list, size_t *n);
/* The whole roster of station_id as a service form chooses from it,
 * active entries first: rows of id, name, id_mask, active ("1", "0"). */
enum db_status elder_choices(struct req *r, long long station_id,
    struct db_rows *rows);
/* Entry id as elder_choices gives it, when it is on station_id's roster;
 * otherwise no row. */
enum db_status elder_choice(struct req *r, long long station_id,
    long long id, struct db_rows *rows);
/* Reads one entry; DB_NOTFOUND if there is none with this id. */
enum db_status elder_get(struct req *r, long long id, struct elder *out);
/* Adds e to station's roster and audits it. DB_DUPLICATE when the ID
 * number is on a roster already. */
enum db_status elder_insert(struct req *r, long long station_id,
    const struct elder_in *e, long long *id);
/* Changes entry old->id to e (its ID number only if e->id_number is set)
 * and audits the change. DB_DUPLICATE as for elder_insert. */
enum db_status elder_update(struct req *r, const struct elder *old,
    const struct elder_in *e);
/* Marks an entry active or inactive and audits it. */
enum db_status elder_set_active(struct req *r, const struct elder *e,
    bool active);

#endif
