#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypt.h"
#include "ref.h"
#include "resp.h"
#include "sess.h"

static const char *const role_codes[ROLE__MAX] = {
	[ROLE_NONE] = "",
	[ROLE_COUNTY_ADMIN] = "county_admin",
	[ROLE_TOWNSHIP_ADMIN] = "township_admin",
	[ROLE_STATION_OPERATOR] = "station_operator",
};

static const char *const role_labels[ROLE__MAX] = {
	[ROLE_NONE] = "",
	[ROLE_COUNTY_ADMIN] = "县级管理员",
	[ROLE_TOWNSHIP_ADMIN] = "乡镇管理员",
	[ROLE_STATION_OPERATOR] = "服务站操作员",
};

const char *
role_code(enum role r)
{
	return r < ROLE__MAX ? role_codes[r] : "";
}

const char *
role_label(enum role r)
{
	return r < ROLE__MAX ? role_labels[r] : "";
}

void
sess_xml(const struct sess *s, xmlNodePtr root)
{
	xmlNodePtr u = xmlNewChild(root, NULL, (const xmlChar *)"user", NULL);
	char buf[32];

	xmlSetProp(u, (const xmlChar *)"username", (const xmlChar *)s->username);
	xmlSetProp(u, (const xmlChar *)"name", (const xmlChar *)s->display_name);
	xmlSetProp(u, (const xmlChar *)"role", (const xmlChar *)role_code(s->role));
	xmlSetProp(u, (const xmlChar *)"role-label",
	    (const xmlChar *)role_label(s->role));
	snprintf(buf, sizeof(buf), "%lld", s->township_id);
	xmlSetProp(u, (const xmlChar *)"township", (const xmlChar *)buf);
	snprintf(buf, sizeof(buf), "%lld", s->station_id);
	xmlSetProp(u, (const xmlChar *)"station", (const xmlChar *)buf);
}

enum role
role_parse(const char *code)
{
	int i;

	for (i = ROLE_NONE + 1; i < ROLE__MAX; i++)
		if (strcmp(role_codes[i], code) == 0)
			return (enum role)i;
	return ROLE_NONE;
}

/* Signs the request in from the session whose token hashes to hash, if
 * it is live (r->sess stays NULL otherwise). Returns 0, or 503 when the
 * database cannot be asked. */
static int
sess_load(struct req *r, const unsigned char hash[CRYPT_HASH_LEN])
{
	struct db_rows rows;
	struct sess *s;
	enum db_status st;

	{
		struct db_param p[] = { DP_BLOB(hash, CRYPT_HASH_LEN),
		    DP_INT(SESS_IDLE), DP_INT(SESS_LIFETIME) };

		st = db_query(r->db, r->pool, r->want_revision ?
		    SQL_SESSION_LOOKUP_REVISION : SQL_SESSION_LOOKUP, p, 3,
		    &rows);
	}
	if (st != DB_OK)
		return 503;
	if (rows.nrows != 1)
		return 0;
	s = pool_alloc(r->pool, sizeof(*s));
	s->staff_id = strtoll(DB_CELL(&rows, 0, 0), NULL, 10);
	s->username = DB_CELL(&rows, 0, 1);
	s->display_name = DB_CELL(&rows, 0, 2);
	s->role = role_parse(DB_CELL(&rows, 0, 3));
	s->township_id = strtoll(DB_CELL(&rows, 0, 4), NULL, 10);
	s->station_id = strtoll(DB_CELL(&rows, 0, 5), NULL, 10);
	s->must_change_password = strcmp(DB_CELL(&rows, 0, 6), "0") != 0;
	if (s->role == ROLE_NONE)
		return 0;
	if (r->want_revision)
		r->revision = ref_revision_of(r, &rows, 8);
	/* The idle clock moves at most once a minute: most requests only
	 * read the session, and take no lock on its row. */
	if (strcmp(DB_CELL(&rows, 0, 7), "1") == 0) {
		struct db_param p[] = { DP_BLOB(hash, CRYPT_HASH_LEN) };

		if (db_exec(r->db, SQL_SESSION_TOUCH, p, 1, NULL, NULL) != DB_OK)
			return 503;
	}
	r->sess = s;
	return 0;
}

int
sess_authenticate(struct req *r)
{
	const char *token = kv_get(&r->cookies, SESS_COOKIE);
	unsigned char hash[CRYPT_HASH_LEN];

	if (token == NULL || strlen(token) != CRYPT_TOKEN_LEN)
		return 0;
	crypt_token_hash(token, hash);
	return sess_load(r, hash);
}

bool
sess_expired(const struct req *r)
{
	return r->sess == NULL && kv_get(&r->cookies, SESS_COOKIE) != NULL;
}

enum db_status
sess_start(struct req *r, long long staff_id)
{
	const char *token = crypt_random_token(r->pool, 32);
	const char *old = kv_get(&r->cookies, SESS_COOKIE);
	unsigned char hash[CRYPT_HASH_LEN];
	struct db_param p[3];
	enum db_status st;

	/* The session the browser came with, if any, ends here (a token
	 * planted before sign-in is never promoted), and so do expired ones. */
	if (old != NULL) {
		crypt_token_hash(old, hash);
		p[0] = DP_BLOB(hash, sizeof(hash));
		if ((st = db_exec(r->db, SQL_SESSION_DELETE, p, 1, NULL,
		    NULL)) != DB_OK)
			return st;
	}
	p[0] = DP_INT(SESS_IDLE);
	p[1] = DP_INT(SESS_LIFETIME);
	if ((st = db_exec(r->db, SQL_SESSION_PURGE, p, 2, NULL, NULL)) != DB_OK)
		return st;
	crypt_token_hash(token, hash);
	p[0] = DP_BLOB(hash, sizeof(hash));
	p[1] = DP_INT(staff_id);
	p[2] = DP_STR(r->remote_addr);
	if ((st = db_exec(r->db, SQL_SESSION_INSERT, p, 3, NULL, NULL)) != DB_OK)
		return st;
	resp_cookie(r, SESS_COOKIE, token, SESS_LIFETIME, COOKIE_SESSION);
	return sess_load(r, hash) == 0 && r->sess != NULL ? DB_OK :
	    DB_UNAVAILABLE;
}

enum db_status
sess_end(struct req *r)
{
	const char *token = kv_get(&r->cookies, SESS_COOKIE);
	unsigned char hash[CRYPT_HASH_LEN];
	struct db_param p[1];
	enum db_status st = DB_OK;

	if (token != NULL) {
		crypt_token_hash(token, hash);
		p[0] = DP_BLOB(hash, sizeof(hash));
		st = db_exec(r->db, SQL_SESSION_DELETE, p, 1, NULL, NULL);
	}
	resp_cookie(r, SESS_COOKIE, "", 0, 0);
	r->sess = NULL;
	return st;
}

enum db_status
sess_end_staff(struct req *r, long long staff_id)
{
	struct db_param p[] = { DP_INT(staff_id) };

	return db_exec(r->db, SQL_SESSION_DELETE_STAFF, p, 1, NULL, NULL);
}
