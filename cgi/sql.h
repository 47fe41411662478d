/* Every SQL statement of the project, named by this enum; the text is in
 * sql.c. Statements take '?' placeholders only: no SQL is ever built from
 * request data. Keep each module's statements together. */
#ifndef LX_SQL_H
#define LX_SQL_H

enum sql_id {
	/* core */
	SQL_PING,
	SQL_TOWNSHIPS,
	SQL_VILLAGES,
	SQL_VILLAGE_IN_TOWNSHIP,

	/* volunteers */
	SQL_VOLUNTEER_INSERT,
	SQL_VOLUNTEER_BY_HASH,

	/* staff, sessions, audit */
	SQL_SESSION_LOOKUP,
	SQL_SESSION_TOUCH,
	SQL_SESSION_INSERT,
	SQL_SESSION_DELETE,
	SQL_STAFF_BY_USERNAME,
	SQL_AUDIT_INSERT,
	/* staff accounts, scope, throttling, review, look-up, audit (issue 3) */
	SQL_SESSION_PURGE,
	SQL_SESSION_DELETE_STAFF,
	SQL_SCOPE_VOLUNTEER,
	SQL_SCOPE_STAFF,
	SQL_THROTTLE_HOLD,
	SQL_THROTTLE_INSERT,
	SQL_THROTTLE_PURGE,
	SQL_THROTTLE_CLEAR,
	SQL_STAFF_PASSWORD,
	SQL_STAFF_SET_PASSWORD,
	SQL_STAFF_LIST,
	SQL_STAFF_GET,
	SQL_STAFF_INSERT,
	SQL_STAFF_SET_ACTIVE,
	SQL_STATION_LIST,
	SQL_STATION_GET,
	SQL_TOWNSHIP_EXISTS,
	SQL_REVIEW_LIST,
	SQL_REVIEW_EXPORT,
	SQL_REVIEW_GET,
	SQL_REVIEW_LOCK,
	SQL_REVIEW_CIPHER,
	SQL_REVIEW_STATIONS,
	SQL_REVIEW_YEAR,
	SQL_REVIEW_SEQ_MAX,
	SQL_REVIEW_SEQ_SEED,
	SQL_REVIEW_SEQ_BUMP,
	SQL_REVIEW_SEQ_GET,
	SQL_REVIEW_SET_STATUS,
	SQL_LOOKUP,
	SQL_AUDIT_LIST,

	/* service logging */

	/* classes */

	/* demo data and set-up (laoxiao-tool) */
	SQL_TOOL_STAFF_EXISTS,
	SQL_TOOL_STATION_INSERT,
	SQL_TOOL_STAFF_INSERT,
	SQL_TOOL_VOLUNTEER_APPROVE,

	SQL__MAX
};

/* The text of a statement. */
const char *sql_text(enum sql_id id);

#endif
