/* Volunteer review: the queue, one registration in full, and the status
 * changes (approve with a number and a home station, reject with a reason,
 * deactivate, reactivate), each audited in its transaction. */
#ifndef LX_REVIEW_H
#define LX_REVIEW_H
#include <stdbool.h>

#include "db.h"
#include "form.h"
#include "req.h"
#include "scope.h"

/* Volunteer numbers: prefix, four-digit year, sequence of at least four
 * digits that runs through the year across the county: QS20260001. */
#define REVIEW_NUMBER_PREFIX "QS"
#define REVIEW_PAGE 20
#define REVIEW_EXPORT_MAX 100000

/* Filters of the queue and the export; 0, "" or NULL: no filter. */
struct review_filter {
	const char *status;         /* pending, approved, rejected, inactive */
	long long township_id, village_id;
	const char *skill;          /* a code of ref_skills */
	const char *from, *to;      /* registered between, YYYY-MM-DD */
	long long page;             /* from 1 */
};

enum review_action {
	REVIEW_APPROVE,     /* pending or rejected → approved, needs a station */
	REVIEW_REJECT,      /* pending → rejected, needs a reason */
	REVIEW_DEACTIVATE,  /* approved → inactive, reason optional */
	REVIEW_REACTIVATE,  /* inactive → approved */
};

enum review_result {
	REVIEW_DONE,
	REVIEW_CONFLICT,     /* the status no longer allows the action */
	REVIEW_BAD_STATION,  /* not an open station of the volunteer's township */
	REVIEW_UNAVAILABLE,  /* database away: try again */
	REVIEW_ERROR,
};

/* A volunteer's statuses and their Chinese names, then REVIEW_STATUS_ALL
 * ("全部", for filters). */
#define REVIEW_STATUS_ALL "all"
extern const struct choice review_status_choices[];
/* Status code's Chinese name ("待审核"); "" for an unknown code. */
const char *review_status_label(const char *status);
/* Codes "meal,company" of a choice list as their names joined by "、";
 * unknown codes are left out. */
const char *review_codes_label(struct req *r, const struct choice *list,
    const char *codes);

/* A volunteer's whole registration as SQL_REVIEW_GET reads it: text, as
 * stored or formatted by the statement. */
struct review_rec {
	const char *id, *number, *name, *id_mask, *sex, *birth, *phone;
	const char *township_id, *township, *village, *village_id, *address;
	const char *skills;
	const char *availability, *status, *reason, *station_id, *station;
	const char *reviewer, *reviewed, *created, *consent;
};

/* One page (f->page, from 1) of the registrations in scope that pass f,
 * oldest first: rows of REVIEW_LIST_COLUMNS (RL_…, sql.h), REVIEW_PAGE
 * of them and one more when a later page has any. */
enum db_status review_list(struct req *r, struct scope sc,
    const struct review_filter *f, struct db_rows *rows);
/* Rows of the export (all pages), as the columns of SQL_REVIEW_EXPORT. */
enum db_status review_export_rows(struct req *r, struct scope sc,
    const struct review_filter *f, struct db_rows *rows);
/* Reads registration id in full; DB_NOTFOUND if there is none. */
enum db_status review_get(struct req *r, long long id, struct review_rec *v);
/* The open stations of township_id by id: rows of id, name, and whether
 * the station is in village_id ("1" or "0"). */
enum db_status review_stations(struct req *r, long long township_id,
    long long village_id, struct db_rows *rows);
/* The full ID number of volunteer id (decrypted), or NULL. */
enum db_status review_id_number(struct req *r, long long id,
    const char **id_number);
/* Applies action to volunteer id in one transaction with its audit row.
 * station_id for APPROVE; reason for REJECT (required), DEACTIVATE. */
enum review_result review_apply(struct req *r, long long id,
    enum review_action action, long long station_id, const char *reason);

#endif
