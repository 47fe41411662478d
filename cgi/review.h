/* Volunteer review: the queue, one registration in full, and the status
 * changes (approve with a number and a home station, reject with a reason,
 * deactivate, reactivate), each audited in its transaction. */
#ifndef LX_REVIEW_H
#define LX_REVIEW_H
#include <stdbool.h>

#include <libxml/tree.h>

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

/* Adds <volunteers page= more=><volunteer …/>…</volunteers>: one page of
 * the registrations in scope that pass filter, oldest first. */
enum db_status review_list_xml(struct req *r, xmlNodePtr parent,
    struct scope sc, const struct review_filter *f);
/* Rows of the export (all pages), as the columns of SQL_REVIEW_EXPORT. */
enum db_status review_export_rows(struct req *r, struct scope sc,
    const struct review_filter *f, struct db_rows *rows);
/* Adds <volunteer …/> with every field of registration id, and <stations>
 * open in its township; *status gets its status. DB_NOTFOUND if none. */
enum db_status review_get_xml(struct req *r, long long id, xmlNodePtr parent,
    const char **status);
/* The full ID number of volunteer id (decrypted), or NULL. */
enum db_status review_id_number(struct req *r, long long id,
    const char **id_number);
/* Applies action to volunteer id in one transaction with its audit row.
 * station_id for APPROVE; reason for REJECT (required), DEACTIVATE. */
enum review_result review_apply(struct req *r, long long id,
    enum review_action action, long long station_id, const char *reason);

#endif
