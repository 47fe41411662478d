/* Volunteer service certificates (志愿服务记录证明) and their numbered
 * register: typed calls over the SQL_CERT_* statements. A certificate
 * freezes at issue what it says (the volunteer, the period, the hours from
 * volunteer_minutes(), the services by type, issuer, officer, phone). For
 * one volunteer and period at most one certificate is valid: issuing locks
 * the volunteer's row, then supersedes the valid one. Staff may revoke.
 * Every change is audited in its own transaction. */
#ifndef LX_CERT_H
#define LX_CERT_H
#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "db.h"
#include "form.h"
#include "req.h"

#define CERT_CHECK_BYTES  12   /* 96 random bits: 16 base64url characters */
#define CERT_ACCESS_BYTES 16   /* 128 random bits: 22 characters */
#define CERT_TYPES_MAX    64

/* The period a certificate covers: from..to inclusive, YYYY-MM-DD, NULL
 * for no bound (the first service; the date of issue). */
struct cert_period {
	const char *from, *to;
};

struct cert_type {
	const char *name;
	long long services, minutes;
};

/* A certificate as the register holds it. */
struct cert {
	long long id, volunteer_id, minutes, services;
	const char *number;          /* 2026-000001 */
	const char *check_code, *access_code;
	const char *from, *to;       /* "" for no bound */
	const char *name, *id_mask, *volunteer_number;
	const char *issuer, *officer, *phone;
	const char *issued;          /* YYYY-MM-DD */
	const char *via;             /* staff lookup */
	const char *status;          /* valid superseded revoked */
	const char *successor;       /* the superseding number, or "" */
	const char *revoked, *revoke_reason;
	struct cert_type type[CERT_TYPES_MAX];
	size_t ntype;
};

/* The period choice of the issuing forms. */
extern const struct choice cert_periods[];   /* this_year last_year all dates */
/* The issuing forms' fields, in this order (cert_period_of). */
#define CERT_FIELD_PERIOD(flags) \
	{ "period", "证明期间", F_CHOICE, (flags), 0, cert_periods, \
	    "请选择证明的期间" }
#define CERT_FIELD_FROM { "from", "起始日期", F_DATE, 0, 0, NULL, NULL }
#define CERT_FIELD_TO { "to", "截止日期", F_DATE, 0, 0, NULL, NULL }

enum cert_refusal {
	CERT_OK = 0,
	CERT_NO_NUMBER,   /* the volunteer has no volunteer number (not approved) */
};

/* Issues a certificate for volunteer_id and period p, by the signed-in
 * staff member (r->sess) or, with none, the volunteer after a look-up.
 * One transaction: locks the volunteer's row, counts the minutes with
 * volunteer_minutes(), numbers it, stores it with its types, supersedes the
 * valid certificate of the same period, audits. *number and *access get
 * the new certificate's number and access code. DB_NOTFOUND when there is
 * no such volunteer; DB_OK with *why set when refused. */
enum db_status cert_issue(struct req *r, long long volunteer_id,
    const struct cert_period *p, enum cert_refusal *why,
    const char **number, const char **access);
/* Revokes certificate id with a reason, audited. DB_NOTFOUND when it was
 * revoked already or does not exist. */
enum db_status cert_revoke(struct req *r, long long id, const char *reason);

/* Reads a certificate (with its types) by number or by id; DB_NOTFOUND if
 * there is none. */
enum db_status cert_by_number(struct req *r, const char *number,
    struct cert *c);
enum db_status cert_by_id(struct req *r, long long id, struct cert *c);
/* Splits "NUMBER-CODE" (a certificate's address segment) at the second
 * '-': false when it is not of that shape. */
bool cert_split(struct req *r, const char *segment, const char **number,
    const char **code);

/* Adds <certificate …><type …/>…</certificate> under parent; only with
 * full the full name, the masked ID number, the private address and the
 * reason for a revocation (the public verification page goes without). */
xmlNodePtr cert_xml(struct req *r, const struct cert *c, xmlNodePtr parent,
    bool full);
/* Adds <certificates><certificate …/>…</certificates>: the volunteer's
 * register, newest first. */
enum db_status cert_list_xml(struct req *r, long long volunteer_id,
    xmlNodePtr parent);
/* The verification address of c: the configured public_url, else the
 * request's scheme and Host; NULL when neither is usable. */
const char *cert_verify_url(struct req *r, const struct cert *c);

/* The period a checked period form asks for (today's year for this_year
 * …); false with a message on field when dates are wrong. Fields: period,
 * from, to, in that order from index first. */
bool cert_period_of(struct req *r, struct form *f, size_t first,
    struct cert_period *p);
/* "2026-01-01 至 2026-12-31", or "截至 DATE 的全部服务" for open bounds;
 * an end after the date of issue reads as that date. */
const char *cert_period_text(struct req *r, const char *from, const char *to,
    const char *issued);

/* A certificate's statuses and their Chinese names. */
extern const struct choice cert_statuses[];

#endif
