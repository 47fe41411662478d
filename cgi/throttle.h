/* Throttling of guessable things (passwords, look-up pairs): failures are
 * recorded in the database per subject (an account, a client address), and
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

/* Failed sign-ins per account, per client address; failed look-ups;
 * unknown enrolment codes per client address. */
extern const struct throttle_rule throttle_login_account;
extern const struct throttle_rule throttle_login_address;
extern const struct throttle_rule throttle_lookup_address;
extern const struct throttle_rule throttle_class_code;

struct throttle_hold {
	bool held;
	long seconds;          /* until the hold ends */
	const char *until;     /* "14:35", Beijing time */
};

/* Whether subject is held under rule; fills *h. */
enum db_status throttle_check(struct req *r, const struct throttle_rule *rule,
    const char *subject, struct throttle_hold *h);
/* Records one failure of subject (and forgets failures older than a day). */
enum db_status throttle_fail(struct req *r, const struct throttle_rule *rule,
    const char *subject);
/* Forgets subject's failures (after a success). */
enum db_status throttle_clear(struct req *r, const struct throttle_rule *rule,
    const char *subject);
/* "请在 14:35 以后再试（大约 12 分钟后）。" for a hold. */
const char *throttle_when(struct req *r, const struct throttle_hold *h);

#endif
