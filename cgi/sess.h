/* Staff sessions and roles. A session row lives in the database, so any
 * responder on any host serves any request; the cookie holds a random token
 * and the database only its hash. */
#ifndef LX_SESS_H
#define LX_SESS_H
#include <stdbool.h>

#include <libxml/tree.h>

/* ROLE_NONE is 0 so that a zeroed session is nobody, never an admin. */
enum role {
	ROLE_NONE = 0,
	ROLE_COUNTY_ADMIN,
	ROLE_TOWNSHIP_ADMIN,
	ROLE_STATION_OPERATOR,
	ROLE__MAX
};

struct sess {
	long long staff_id;
	const char *username;
	const char *display_name;
	enum role role;
	long long township_id;   /* 0 for county */
	long long station_id;    /* 0 unless station operator */
	bool must_change_password;
};

#include "db.h"
#include "req.h"

#define SESS_COOKIE   "lx_sess"
#define SESS_IDLE     (30L * 60)     /* seconds without a request */
#define SESS_LIFETIME (12L * 3600)   /* seconds since sign-in */

/* Signs the request in from its session cookie, if it has a live one.
 * Returns 0, or 503 when the database cannot be asked. */
int sess_authenticate(struct req *r);
/* Starts a new session for staff_id: a fresh token in the cookie (never the
 * one the browser came with, whose session ends), and signs the request in
 * with it (r->sess). The caller renews the CSRF token too (csrf_renew). */
enum db_status sess_start(struct req *r, long long staff_id);
/* Whether the request came with a session cookie that no longer signs
 * anyone in (idle too long, too old, ended elsewhere). */
bool sess_expired(const struct req *r);
/* Ends the request's session server-side and clears the cookie. */
enum db_status sess_end(struct req *r);
/* Ends every session of staff_id, server-side (disabled account, new
 * password). */
enum db_status sess_end_staff(struct req *r, long long staff_id);

/* The role's code as stored ("county_admin") and its Chinese name. */
const char *role_code(enum role r);
const char *role_label(enum role r);
/* The role for a stored code; ROLE_NONE if unknown. */
enum role role_parse(const char *code);
/* Adds <user .../> describing the signed-in staff member to a page. */
void sess_xml(const struct sess *s, xmlNodePtr root);

#endif
