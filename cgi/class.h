/* Family-education classes (家长课堂) and their enrolments: typed calls
 * over the SQL_CLASS_* and SQL_ENROLMENT_* statements. Every change to a
 * class's seats happens in one transaction that first locks the class row
 * (SELECT … FOR UPDATE), so that seats and waiting positions are decided
 * one enrolment at a time: never more enrolled than capacity, nobody
 * waiting while a seat is free, waiting positions 1..n in arrival order. */
#ifndef LX_CLASS_H
#define LX_CLASS_H
#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "form.h"
#include "req.h"

#define CLASS_CODE_BYTES   16    /* 128 random bits per enrolment code */
#define CLASS_CODE_LEN     22    /* their base64url length */
#define CLASS_CAPACITY_MAX 500
#define CLASS_MINUTES_MAX  600
#define CLASS_CONSENT_VERSION "2026-01"

/* Stored codes: never rename one, only add. */
extern const struct choice class_audiences[];     /* parents … all */
extern const struct choice class_statuses[];      /* open closed cancelled */
extern const struct choice class_relationships[]; /* father … other */
extern const struct choice class_age_groups[];    /* 0-3 … 12-18 */
extern const struct choice class_yes_no[];        /* yes no */

/* A class as stored, with its figures (cancelled enrolments count in
 * none of them). */
struct class_rec {
	long long id, township_id;
	const char *title, *description, *audience, *township, *venue;
	const char *date, *start, *end;          /* YYYY-MM-DD, HH:MM */
	const char *deadline_date, *deadline_time;
	long long minutes, capacity;
	const char *status;                      /* open closed cancelled */
	bool started, past_deadline;             /* by the database clock */
	long long enrolled, waiting, attended;
	long long left_behind, left_behind_attended;
};

/* What the class form gives. */
struct class_in {
	const char *title, *description, *audience, *venue, *status;
	long long township_id;
	const char *starts_at, *deadline;        /* "YYYY-MM-DD HH:MM:00" */
	long long minutes, capacity;
};

/* Why an enrolment was refused. */
enum class_refusal {
	CLASS_OK = 0,
	CLASS_CANCELLED,      /* the class was cancelled */
	CLASS_CLOSED,         /* staff closed enrolment (截止) */
	CLASS_PAST_DEADLINE,  /* the enrolment deadline has passed */
	CLASS_STARTED,        /* the class has begun (or is over) */
	CLASS_PHONE_TAKEN,    /* this phone already holds a live enrolment */
};

struct enrolment_in {
	long long class_id, village_id;
	const char *name, *phone, *relationship, *age_group;
	bool left_behind;
};

struct enrolment {
	long long id, class_id, position;       /* position: 0 unless waiting */
	const char *code, *name, *phone, *relationship, *village, *age_group;
	const char *status;                     /* enrolled waiting cancelled */
	bool left_behind, attended;
	const char *created;                    /* "2026-03-01 09:30"; the
	                                         * roster only, else NULL */
};

/* Fills c from row i of a query of SQL_CLASS_GET's columns. */
void class_from_rows(const struct db_rows *rows, size_t i,
    struct class_rec *c);
/* Adds <class …/> with what the pages show of c (and why enrolment is
 * closed, if it is) to parent; returns it. */
xmlNodePtr class_xml(struct req *r, const struct class_rec *c,
    xmlNodePtr parent);
/* The classes of township (0: of every township), newest first: *n of
 * them in *list (the pool's). */
/* One page of the open classes not yet begun, soonest first: the page
 * asked for (a page past the end gives the last), how many pages there are,
 * the page's classes, and what was read (the count and the rows, for a
 * digest of them: a kept page's key). */
struct class_page {
	long long page, pages;
	struct class_rec *list;
	size_t n;
	struct db_rows count, rows;
};
enum db_status class_list_open(struct req *r, long long township,
    long long page, long long per_page, struct class_page *out);
enum db_status class_list_admin(struct req *r, long long township,
    struct class_rec **list, size_t *n);
/* Reads class id; DB_NOTFOUND if there is none. */
enum db_status class_get(struct req *r, long long id, struct class_rec *c);
/* Stores a new class and audits it. */
enum db_status class_insert(struct req *r, const struct class_in *in,
    long long *id);
/* Replaces class id by in, audited, and seats people waiting if it now
 * has room. When capacity is below the seats already taken nothing
 * changes: DB_OK with *taken set to that number (0 otherwise). */
enum db_status class_update(struct req *r, long long id,
    const struct class_in *in, long long *taken);
/* Where class c's enrolment stands now: CLASS_OK when it is open. */
enum class_refusal class_open(const struct class_rec *c);
/* The message for a refusal, in plain Chinese. */
const char *class_refusal_text(enum class_refusal why);

/* Enrols a person: a seat if one is free, else the end of the waiting
 * list. DB_OK with *why = CLASS_OK and *code the new enrolment's code, or
 * with *why saying why not (nothing stored). DB_NOTFOUND: no such class. */
enum db_status class_enrol(struct req *r, const struct enrolment_in *in,
    enum class_refusal *why, const char **code);
/* Reads an enrolment by code, or by id within class class_id.
 * DB_NOTFOUND if there is none. */
enum db_status enrolment_by_code(struct req *r, const char *code,
    struct enrolment *e);
enum db_status enrolment_get(struct req *r, long long class_id,
    long long id, struct enrolment *e);
/* Every enrolment of class class_id, cancelled ones too (enrolled, then
 * waiting in order, then cancelled), with when each was made: *n of them
 * in *list (the pool's). */
enum db_status enrolment_roster(struct req *r, long long class_id,
    struct enrolment **list, size_t *n);
/* Cancels an enrolment (by the person, or the signed-in staff member,
 * audited) and in the same transaction seats the first people waiting
 * and closes the gap in the waiting list. DB_NOTFOUND if it was
 * cancelled already. */
enum db_status enrolment_cancel(struct req *r, long long class_id,
    long long id);
/* Sets or clears the check-in mark (签到) of an enrolled person of
 * class_id, audited. DB_NOTFOUND unless the person holds a seat. */
enum db_status enrolment_mark(struct req *r, long long class_id,
    long long id, bool attended);

/* Whether s has the form of an enrolment code (22 base64url chars). */
bool class_code_wellformed(const char *s);

/* "138****5678" for a printed sheet. */
char *class_phone_mask(struct pool *pool, const char *phone);
/* Attendance rate "85.7%" (one decimal), or "—" when nobody enrolled. */
char *class_rate_text(struct pool *pool, long long attended,
    long long enrolled);

#endif
