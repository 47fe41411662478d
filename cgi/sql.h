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
