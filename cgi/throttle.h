/* Throttling of guessable things (passwords, look-up pairs): attempts are
 * recorded in the database per subject (an account, a client address)
 * before they are tried, and forgiven when they succeed; 
 * once a rule's limit is reached within its window the subject is held
 * until enough of them have aged out of the window. The hold ends by
 * itself; nothing needs to unlock it. */
#ifndef LX_THROTTLE_H
#define LX_THROTTLE_H
#include <stdbool.h>

#include "db.h"
#include "req.h"

struct throttle_rule {
	const char *kind;      /* stored in throttle.kind */
	unsigned limit;        /* failures within window that start a hold */
	long window;           /* seconds */
};

/* Failed sign-ins per account name (a hold that only addresses with
 * failures of their own meet), per name and address pair, per client
 * address; failed look-ups; unknown enrolment codes per client address,
 * posted (CSRF-protected) and in plain GETs apart; public form
 * submissions per address and per class. */
extern const struct throttle_rule throttle_login_account;
extern const struct throttle_rule throttle_login_pair;
extern const struct throttle_rule throttle_login_address;
extern const struct throttle_rule throttle_lookup_address;
extern const struct throttle_rule throttle_class_code;
extern const struct throttle_rule throttle_class_code_get;
extern const struct throttle_rule throttle_register_address;
extern const struct throttle_rule throttle_enrol_address;
extern const struct throttle_rule throttle_enrol_class;

struct throttle_hold {
	bool held;
	long seconds;          /* until the hold ends */
	const char *until;     /* "14:35", Beijing time */
};

/* Counts and records one attempt of subject as one step, serialised per
 * subject across every responder and database node (db_serialise): when subject is held, fills *h and
 * records nothing; otherwise records the attempt (a failure until it is
 * forgiven) and sets *attempt to its id. So at most `limit` attempts in a
 * window ever get past this, however many arrive at once, on any node. */
enum db_status throttle_take(struct req *r, const struct throttle_rule *rule,
    const char *subject, struct throttle_hold *h, long long *attempt);
/* Makes every request for subject under rule, on any responder using the
 * same database node, wait until throttle_release (at most 5 s, then
 * DB_UNAVAILABLE). A named lock (GET_LOCK): on a Galera cluster it holds
 * on one node only, so it is a courtesy (sign-ins of one name from
 * several devices see each other's outcome), never what the limits rest
 * on (throttle_take is). Each successful call
 * needs its own throttle_release. */
enum db_status throttle_serialise(struct req *r,
    const struct throttle_rule *rule, const char *subject);
enum db_status throttle_release(struct req *r,
    const struct throttle_rule *rule, const char *subject);
/* Records one attempt of subject without looking for a hold (the caller
 * decided it may pass one); *attempt as for throttle_take. */
enum db_status throttle_note(struct req *r, const struct throttle_rule *rule,
    const char *subject, long long *attempt);
/* How many attempts of subject are within the rule's window (*n). */
enum db_status throttle_recent(struct req *r, const struct throttle_rule *rule,
    const char *subject, long long *n);
/* Forgets one attempt that turned out to succeed (0: nothing). */
enum db_status throttle_forgive(struct req *r, long long attempt);
/* Forgets subject's failures (after a success). */
enum db_status throttle_clear(struct req *r, const struct throttle_rule *rule,
    const char *subject);
/* The subject of throttle_login_pair for a name typed from an address. */
const char *throttle_pair(struct req *r, const char *name, const char *addr);
/* Forgets a sign-in name's failures: its own and those of its pairs from
 * every address (a success, a password reset). */
enum db_status throttle_clear_name(struct req *r, const char *name);
/* Whether the client address is one of the offices listed in
 * LAOXIAO_FORM_EXEMPT (addresses separated by spaces or commas), where
 * staff type in paper forms: public form submissions from there are not
 * limited. Guessing (sign-in, look-up, codes) is limited everywhere. */
bool throttle_office(const struct req *r);
/* "请在 14:35 以后再试（大约 12 分钟后）。" for a hold. */
const char *throttle_when(struct req *r, const struct throttle_hold *h);

#endif
