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
	SQL_TOWNSHIP_VILLAGES,
	SQL_COUNTY_SETTINGS,

	/* places (laoxiao-tool places) */
	SQL_PLACE_TOWNSHIPS_ALL,
	SQL_PLACE_VILLAGES_ALL,
	SQL_PLACE_TOWNSHIP_INSERT,
	SQL_PLACE_TOWNSHIP_UPDATE,
	SQL_PLACE_VILLAGE_INSERT,
	SQL_PLACE_VILLAGE_UPDATE,
	SQL_PLACE_TOWNSHIP_ACTIVE,
	SQL_PLACE_VILLAGE_ACTIVE,
	SQL_COUNTY_SETTING_SET,
	SQL_PLACE_BY_CODE,

	/* volunteers */
	SQL_VOLUNTEER_INSERT,

	/* staff, sessions, audit */
	SQL_SESSION_LOOKUP,
	SQL_SESSION_LOOKUP_REVISION,
	SQL_SESSION_TOUCH,
	SQL_SESSION_INSERT,
	SQL_SESSION_DELETE,
	SQL_STAFF_BY_USERNAME,
	SQL_AUDIT_INSERT,
	/* staff accounts, scope, throttling, review, look-up, audit */
	SQL_SESSION_PURGE,
	SQL_SESSION_DELETE_STAFF,
	SQL_SCOPE_VOLUNTEER,
	SQL_SCOPE_STAFF,
	SQL_SCOPE_ELDER,
	SQL_SCOPE_SERVICE,
	SQL_SCOPE_SERVICE_TYPE,
	SQL_SCOPE_CLASS,
	SQL_SCOPE_CERTIFICATE,
	SQL_THROTTLE_HOLD,
	SQL_THROTTLE_INSERT,
	SQL_THROTTLE_PURGE,
	SQL_THROTTLE_CLEAR,
	SQL_THROTTLE_LOCK,
	SQL_TX_LOCK,
	SQL_TX_LOCK_PURGE,
	SQL_TX_DONE_INSERT,
	SQL_TX_DONE_FIND,
	SQL_TX_THREAD_ALIVE,
	SQL_TX_DONE_PURGE,
	SQL_THROTTLE_UNLOCK,
	SQL_THROTTLE_FORGIVE,
	SQL_THROTTLE_RECENT,
	SQL_THROTTLE_CLEAR_NAME,
	SQL_STAFF_PASSWORD,
	SQL_STAFF_SET_PASSWORD,
	SQL_STAFF_LIST,
	SQL_STAFF_GET,
	SQL_STAFF_INSERT,
	SQL_STAFF_SET_ACTIVE,
	SQL_STATION_LIST,
	SQL_STATION_BRIEF,
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

	/* service logging: stations, elders, service types, services */
	SQL_STATION_GET,
	SQL_STATION_CHOICES,
	SQL_ELDER_BY_HASH,
	SQL_ELDER_GET,
	SQL_ELDER_INSERT,
	SQL_ELDER_UPDATE,
	SQL_ELDER_UPDATE_ID,
	SQL_ELDER_SET_ACTIVE,
	SQL_ELDER_LIST,
	SQL_ELDER_CHOICES,
	SQL_ELDER_CHOICE_ONE,
	SQL_SERVICE_TYPES,
	SQL_SERVICE_TYPE_USES,
	SQL_SERVICE_TYPE_GET,
	SQL_SERVICE_TYPE_INSERT,
	SQL_SERVICE_TYPE_SET_ACTIVE,
	SQL_SERVICE_SETTING,
	SQL_SERVICE_VOLUNTEERS,
	SQL_SERVICE_VOLUNTEER_ONE,
	SQL_SERVICE_VOLUNTEER_CHOICE,
	SQL_SERVICE_VOLUNTEER_LOCK,
	SQL_SERVICE_ELDER_CHECK,
	SQL_SERVICE_TYPE_CHECK,
	SQL_SERVICE_VOLUNTEER_CHECK,
	SQL_SERVICE_OVERLAPS,
	SQL_SERVICE_INSERT,
	SQL_SERVICE_VOLUNTEER_INSERT,
	SQL_SERVICE_VOLUNTEER_DELETE,
	SQL_SERVICE_VOLUNTEER_IDS,
	SQL_SERVICE_GET,
	SQL_SERVICE_LOCK,
	SQL_SERVICE_UPDATE,
	SQL_SERVICE_VOID,
	SQL_SERVICE_LIST,
	SQL_SERVICE_TOTALS,
	SQL_SERVICE_TOTALS_KEPT,
	SQL_SERVICE_EXPORT,
	SQL_VOLUNTEER_MINUTES,

	/* classes: classes, enrolments, the code-guessing throttle */
	SQL_CLASS_INSERT,
	SQL_CLASS_UPDATE,
	SQL_CLASS_GET,
	SQL_CLASS_LOCK,
	SQL_CLASS_COUNTS,
	SQL_CLASS_LIST_PUBLIC,
	SQL_CLASS_COUNT_PUBLIC,
	SQL_CLASS_LIST_ADMIN,
	SQL_CLASS_ROSTER,
	SQL_CLASS_EXPORT,
	SQL_CLASS_VILLAGE,
	SQL_ENROLMENT_PHONE_TAKEN,
	SQL_ENROLMENT_INSERT,
	SQL_ENROLMENT_BY_CODE,
	SQL_ENROLMENT_GET,
	SQL_ENROLMENT_LOCK,
	SQL_ENROLMENT_CANCEL,
	SQL_ENROLMENT_CLOSE_GAP,
	SQL_ENROLMENT_PROMOTE,
	SQL_ENROLMENT_SHIFT,
	SQL_ENROLMENT_ATTEND,

	/* demo data and set-up (laoxiao-tool) */
	SQL_TOOL_STAFF_EXISTS,
	SQL_TOOL_STATION_INSERT,
	SQL_TOOL_STAFF_INSERT,
	SQL_TOOL_VOLUNTEER_APPROVE,

	/* the county's figures (figures.c) */
	SQL_FIG_STATIONS,
	SQL_FIG_VOLUNTEERS,
	SQL_FIG_SERVICE_CELLS,
	SQL_FIG_ELDER_TOWNSHIP,
	SQL_FIG_ELDER_TOTAL,
	SQL_FIG_REACH,
	SQL_FIG_CLASS_TOWNSHIP,
	SQL_FIG_CHECK_SERVICE,
	SQL_FIG_CHECK_ELDER,
	SQL_FIG_CHECK_REACH,
	SQL_FIG_CHECK_CLASS,
	SQL_FIG_CHECK_VOLUNTEER,
	SQL_FIG_CLEAR_SERVICE,
	SQL_FIG_CLEAR_ELDER,
	SQL_FIG_CLEAR_REACH,
	SQL_FIG_CLEAR_CLASS,
	SQL_FIG_CLEAR_VOLUNTEER,
	SQL_FIG_FILL_SERVICE,
	SQL_FIG_FILL_ELDER,
	SQL_FIG_FILL_REACH,
	SQL_FIG_FILL_CLASS,
	SQL_FIG_FILL_VOLUNTEER,
	SQL_DATA_REVISION_BUMP,

	/* volunteer service certificates (cert.c) */
	SQL_CERT_VOLUNTEER_LOCK,
	SQL_CERT_SETTINGS,
	SQL_CERT_TYPES_LIVE,
	SQL_CERT_SEQ_BUMP,
	SQL_CERT_SEQ_GET,
	SQL_CERT_INSERT,
	SQL_CERT_TYPE_INSERT,
	SQL_CERT_SUPERSEDE,
	SQL_CERT_BY_NUMBER,
	SQL_CERT_BY_ID,
	SQL_CERT_LOCK,
	SQL_CERT_TYPES,
	SQL_CERT_REVOKE,
	SQL_CERT_LIST,

	SQL__MAX
};

/* The text of a statement. */
const char *sql_text(enum sql_id id);

/*
 * Result columns read by position. Each list below names the columns of
 * its statements in order, once: it gives the code their numbers (an enum,
 * PREFIX_name) and gives sql.c the names the statements must give them,
 * which db.c compares with the columns MariaDB reports when it prepares a
 * statement. A column added, removed, renamed or moved is an error at the
 * first use -- and `laoxiao-tool sql-check`, run before every start,
 * prepares every statement -- never a shifted value.
 */
#define SQL_COL_ENUM(prefix, name) prefix##_##name,
#define SQL_COLUMNS_MAX 64  /* the most columns a listed statement has */
#define SQL_COL_NAME(prefix, name) #name ","

/* A class with its figures (CLASS_COLS: SQL_CLASS_GET, _LIST_PUBLIC,
 * _LIST_ADMIN). */
#define CLASS_COLUMNS(X, P) \
	X(P, id) X(P, township_id) X(P, township) X(P, title) \
	X(P, description) X(P, audience) X(P, venue) X(P, start_date) \
	X(P, start_time) X(P, end_time) X(P, minutes) X(P, capacity) \
	X(P, deadline_date) X(P, deadline_time) X(P, status) X(P, started) \
	X(P, past_deadline) X(P, enrolled) X(P, waiting) X(P, attended) \
	X(P, left_behind) X(P, left_behind_attended)
enum class_col { CLASS_COLUMNS(SQL_COL_ENUM, CC) CC__N };

/* One row of a station's service list (SQL_SERVICE_LIST). */
#define SERVICE_LIST_COLUMNS(X, P) \
	X(P, id) X(P, service_date) X(P, start_time) X(P, end_time) \
	X(P, minutes) X(P, elder) X(P, elder_mask) X(P, service_type) \
	X(P, elder_signed) X(P, note) X(P, voided) X(P, void_reason) \
	X(P, volunteers)
enum service_list_col { SERVICE_LIST_COLUMNS(SQL_COL_ENUM, SL) SL__N };

/* The totals of a service list (SQL_SERVICE_TOTALS, _TOTALS_KEPT). */
#define SERVICE_TOTALS_COLUMNS(X, P) \
	X(P, services) X(P, live) X(P, elders) X(P, volunteer_minutes)
enum service_totals_col { SERVICE_TOTALS_COLUMNS(SQL_COL_ENUM, ST) ST__N };

/* One row of services.csv (SQL_SERVICE_EXPORT). */
#define SERVICE_EXPORT_COLUMNS(X, P) \
	X(P, id) X(P, service_date) X(P, start_time) X(P, end_time) \
	X(P, minutes) X(P, township) X(P, station) X(P, elder) \
	X(P, elder_mask) X(P, service_type) X(P, volunteers) \
	X(P, volunteer_numbers) X(P, elder_signed) X(P, note) X(P, voided) \
	X(P, void_reason)
enum service_export_col { SERVICE_EXPORT_COLUMNS(SQL_COL_ENUM, SX) SX__N };

/* One row of the volunteer review queue (SQL_REVIEW_LIST). */
#define REVIEW_LIST_COLUMNS(X, P) \
	X(P, id) X(P, name) X(P, id_mask) X(P, township) X(P, village) \
	X(P, skills) X(P, status) X(P, created) X(P, number) X(P, station)
enum review_list_col { REVIEW_LIST_COLUMNS(SQL_COL_ENUM, RL) RL__N };

/* The names statement id must give its result columns ("a,b,c,"), or
 * NULL for a statement read otherwise. */
const char *sql_columns(enum sql_id id);
/* Compares the n result column names of a statement with such a list:
 * -1 when they are the same in the same order, otherwise the index of the
 * first column that differs (n when the list names more). */
int sql_columns_differ(const char *want, const char *const *names,
    unsigned int n);

#endif
