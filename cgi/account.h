/* Staff accounts in the database: typed calls over the SQL_STAFF_* and
 * SQL_STATION_* statements. Every change is audited in its transaction;
 * a disabled account or a new password ends the account's sessions. */
#ifndef LX_ACCOUNT_H
#define LX_ACCOUNT_H
#include <stdbool.h>

#include <libxml/tree.h>

#include "db.h"
#include "req.h"
#include "scope.h"
#include "sess.h"

struct account {
	long long id;
	const char *username, *display_name;
	enum role role;
	long long township_id, station_id;   /* 0: none */
	const char *township, *station;      /* names, "" when none */
	bool active, must_change_password;
	const char *created;                 /* "2026-03-01 09:30" */
};

struct account_new {
	const char *username, *display_name;
	enum role role;
	long long township_id, station_id;   /* 0: none */
};

/* What signing in reads of an account. */
struct account_login {
	long long id;
	const char *password_hash;
	bool active;
	enum role role;
};

/* Reads account id; DB_NOTFOUND if there is none. */
enum db_status account_get(struct req *r, long long id, struct account *a);
/* Reads the account called username for signing in; DB_NOTFOUND if
 * there is none. */
enum db_status account_by_username(struct req *r, const char *username,
    struct account_login *a);
/* Adds <accounts><account …/>…</accounts>: the accounts the signed-in
 * admin may manage (all for county; the township's station operators). */
enum db_status account_list_xml(struct req *r, xmlNodePtr parent);
/* Creates an account that must change password at first sign-in; hashes
 * password first. DB_DUPLICATE when the user name is taken. */
enum db_status account_create(struct req *r, const struct account_new *a,
    const char *password, unsigned long long *id);
/* Disables or re-enables a, ending its sessions when disabled. */
enum db_status account_set_active(struct req *r, const struct account *a,
    bool active);
/* Gives a a new password. must_change: the next sign-in must replace it
 * (a reset by an admin); the account's sessions end either way, and a
 * reset also lifts the sign-in hold on the account. DB_ERROR if hashing
 * failed. */
enum db_status account_set_password(struct req *r, const struct account *a,
    const char *password, bool must_change);
/* *ok = 1 if password is account id's current one, 0 if not. */
enum db_status account_password_ok(struct req *r, long long id,
    const char *password, int *ok);

/* Whether username is 3-32 of a-z 0-9 _ and begins with a letter. */
bool account_username_ok(const char *username);

/* Station id: its township and whether it is open. DB_NOTFOUND if none. */
enum db_status station_get(struct req *r, long long id, long long *township_id,
    bool *active);
/* Adds <stations><station id= name= township= village= address= active=
 * volunteers=/>…</stations> for the stations within scope. */
enum db_status station_list_xml(struct req *r, xmlNodePtr parent,
    struct scope sc);

#endif
