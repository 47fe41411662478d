#include <stdlib.h>
#include <string.h>

#include "crypt.h"
#include "throttle.h"

const struct throttle_rule throttle_login_account = {
	"login_account", 5, 15 * 60
};
const struct throttle_rule throttle_login_pair = {
	"login_pair", 5, 15 * 60
};
const struct throttle_rule throttle_login_address = {
	"login_address", 20, 15 * 60
};
const struct throttle_rule throttle_lookup_address = {
	"lookup_address", 10, 15 * 60
};
const struct throttle_rule throttle_class_code = {
	"class_code", 20, 10 * 60
};
const struct throttle_rule throttle_class_code_get = {
	"class_code_get", 20, 10 * 60
};
/* A village office may register a few neighbours in a row; a script
 * filling the register or a class is stopped after a handful. */
const struct throttle_rule throttle_register_address = {
	"register_addr", 10, 60 * 60
};
const struct throttle_rule throttle_enrol_address = {
	"enrol_addr", 10, 60 * 60
};
const struct throttle_rule throttle_enrol_class = {
	"enrol_class", 5, 60 * 60
};

/* Whether subject is held under rule; fills *h. */
static enum db_status
hold_of(struct req *r, const struct throttle_rule *rule, const char *subject,
    struct throttle_hold *h)
{
	/* The subject is held while `limit` attempts remain in the window:
	 * until the limit-th newest one leaves it. */
	struct db_param p[] = {
		DP_INT(rule->window), DP_INT(rule->window), DP_STR(rule->kind),
		DP_STR(subject), DP_INT(rule->window), DP_INT(rule->limit - 1),
	};
	struct db_rows rows;
	enum db_status s;

	s = db_query(r->db, r->pool, SQL_THROTTLE_HOLD, p,
	    sizeof(p) / sizeof(p[0]), &rows);
	if (s != DB_OK || rows.nrows == 0)
		return s;
	h->held = true;
	h->seconds = strtol(DB_CELL(&rows, 0, 0), NULL, 10);
	if (h->seconds < 1)
		h->seconds = 1;
	h->until = DB_CELL(&rows, 0, 1);
	return DB_OK;
}

enum db_status
throttle_serialise(struct req *r, const struct throttle_rule *rule,
    const char *subject)
{
	struct db_param lp[] = { DP_STR(rule->kind), DP_STR(subject) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_query(r->db, r->pool, SQL_THROTTLE_LOCK, lp, 2, &rows)) !=
	    DB_OK)
		return s;
	/* Not ours within its wait (0) or an error (NULL): busy. */
	if (rows.nrows != 1 || DB_CELL(&rows, 0, 0) == NULL ||
	    strcmp(DB_CELL(&rows, 0, 0), "1") != 0)
		return DB_UNAVAILABLE;
	return DB_OK;
}

enum db_status
throttle_release(struct req *r, const struct throttle_rule *rule,
    const char *subject)
{
	struct db_param lp[] = { DP_STR(rule->kind), DP_STR(subject) };
	struct db_rows rows;

	return db_query(r->db, r->pool, SQL_THROTTLE_UNLOCK, lp, 2, &rows);
}

/* One attempt of throttle_take: a transaction serialised on the subject
 * on every node (db_serialise; GET_LOCK would hold on one node only). */
static enum db_status
take_once(struct req *r, const struct throttle_rule *rule,
    const char *subject, struct throttle_hold *h, unsigned long long *id)
{
	struct db_param p[] = { DP_STR(rule->kind), DP_STR(subject) };
	unsigned char hash[CRYPT_HASH_LEN];
	enum db_status s;

	h->held = false;
	h->seconds = 0;
	h->until = NULL;
	*id = 0;
	/* The subject may be long text: its keyed hash names it. */
	crypt_lookup_hash(subject, hash);
	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = db_serialise(r->db, pool_printf(r->pool, "throttle:%s:%02x%02x"
	    "%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x", rule->kind, hash[0],
	    hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7],
	    hash[8], hash[9], hash[10], hash[11]))) != DB_OK ||
	    (s = hold_of(r, rule, subject, h)) != DB_OK ||
	    (!h->held && (s = db_exec(r->db, SQL_THROTTLE_INSERT, p, 2, NULL,
	    id)) != DB_OK)) {
		db_rollback(r->db);
		return s;
	}
	return db_commit(r->db);
}

enum db_status
throttle_take(struct req *r, const struct throttle_rule *rule,
    const char *subject, struct throttle_hold *h, long long *attempt)
{
	unsigned long long id = 0;
	enum db_status s;

	*attempt = 0;
	DB_RETRY(r->db, s, take_once(r, rule, subject, h, &id));
	if (s == DB_OK && !h->held &&
	    (s = db_exec(r->db, SQL_THROTTLE_PURGE, NULL, 0, NULL, NULL)) ==
	    DB_OK && (s = db_exec(r->db, SQL_TX_LOCK_PURGE, NULL, 0, NULL,
	    NULL)) == DB_OK)
		*attempt = (long long)id;
	return s;
}

enum db_status
throttle_note(struct req *r, const struct throttle_rule *rule,
    const char *subject, long long *attempt)
{
	struct db_param p[] = { DP_STR(rule->kind), DP_STR(subject) };
	unsigned long long id = 0;
	enum db_status s;

	*attempt = 0;
	if ((s = db_exec(r->db, SQL_THROTTLE_INSERT, p, 2, NULL, &id)) ==
	    DB_OK)
		*attempt = (long long)id;
	return s;
}

enum db_status
throttle_recent(struct req *r, const struct throttle_rule *rule,
    const char *subject, long long *n)
{
	struct db_param p[] = {
		DP_STR(rule->kind), DP_STR(subject), DP_INT(rule->window)
	};
	struct db_rows rows;
	enum db_status s;

	*n = 0;
	if ((s = db_query(r->db, r->pool, SQL_THROTTLE_RECENT, p, 3, &rows)) !=
	    DB_OK)
		return s;
	if (rows.nrows == 1 && DB_CELL(&rows, 0, 0) != NULL)
		*n = strtoll(DB_CELL(&rows, 0, 0), NULL, 10);
	return DB_OK;
}

enum db_status
throttle_forgive(struct req *r, long long attempt)
{
	struct db_param p[] = { DP_INT(attempt) };

	if (attempt <= 0)
		return DB_OK;
	return db_exec(r->db, SQL_THROTTLE_FORGIVE, p, 1, NULL, NULL);
}

enum db_status
throttle_clear(struct req *r, const struct throttle_rule *rule,
    const char *subject)
{
	struct db_param p[] = { DP_STR(rule->kind), DP_STR(subject) };

	return db_exec(r->db, SQL_THROTTLE_CLEAR, p, 2, NULL, NULL);
}

const char *
throttle_pair(struct req *r, const char *name, const char *addr)
{
	/* An address has no space: what follows the first one is the name. */
	return pool_printf(r->pool, "%s %s", addr, name);
}

enum db_status
throttle_clear_name(struct req *r, const char *name)
{
	struct db_param p[] = { DP_STR(name), DP_STR(name) };

	return db_exec(r->db, SQL_THROTTLE_CLEAR_NAME, p, 2, NULL, NULL);
}

bool
throttle_office(const struct req *r)
{
	const char *list = getenv("LAOXIAO_FORM_EXEMPT"), *p;
	size_t n = strlen(r->remote_addr);

	if (list == NULL || n == 0)
		return false;
	for (p = list; *p != '\0'; p += strcspn(p, " ,")) {
		p += strspn(p, " ,");
		if (strncmp(p, r->remote_addr, n) == 0 &&
		    (p[n] == '\0' || p[n] == ' ' || p[n] == ','))
			return true;
	}
	return false;
}

const char *
throttle_when(struct req *r, const struct throttle_hold *h)
{
	long minutes = (h->seconds + 59) / 60;

	return pool_printf(r->pool, "请在 %s 以后再试（大约 %ld 分钟后）。",
	    h->until != NULL ? h->until : "", minutes);
}
