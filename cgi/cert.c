#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cert.h"
#include "crypt.h"
#include "render.h"
#include "service.h"
#include "sess.h"

const struct choice cert_periods[] = {
	{ "this_year", "今年" },
	{ "last_year", "去年" },
	{ "all", "全部服务（截至开具之日）" },
	{ "dates", "指定起止日期" },
	{ NULL, NULL }
};

const struct choice cert_statuses[] = {
	{ "valid", "有效" },
	{ "superseded", "已被新证明替代" },
	{ "revoked", "已撤销" },
	{ NULL, NULL }
};

/* The certificate in row i of rows (CERT_COLS), without its types. */
static void
cert_from_rows(const struct db_rows *rows, size_t i, struct cert *c)
{
	memset(c, 0, sizeof(*c));
	c->id = db_num(DB_CELL(rows, i, 0));
	c->number = DB_CELL(rows, i, 1);
	c->check_code = DB_CELL(rows, i, 2);
	c->access_code = DB_CELL(rows, i, 3);
	c->volunteer_id = db_num(DB_CELL(rows, i, 4));
	c->from = DB_CELL(rows, i, 5);
	c->to = DB_CELL(rows, i, 6);
	c->minutes = db_num(DB_CELL(rows, i, 7));
	c->services = db_num(DB_CELL(rows, i, 8));
	c->name = DB_CELL(rows, i, 9);
	c->id_mask = DB_CELL(rows, i, 10);
	c->volunteer_number = DB_CELL(rows, i, 11);
	c->issuer = DB_CELL(rows, i, 12);
	c->officer = DB_CELL(rows, i, 13);
	c->phone = DB_CELL(rows, i, 14);
	c->issued = DB_CELL(rows, i, 15);
	c->via = DB_CELL(rows, i, 16);
	c->status = DB_CELL(rows, i, 17);
	c->successor = DB_CELL(rows, i, 18);
	c->revoked = DB_CELL(rows, i, 19);
	c->revoke_reason = DB_CELL(rows, i, 20);
}

/* Reads the certificate that statement id finds by param, with types. */
static enum db_status
cert_read(struct req *r, enum sql_id id, struct db_param param,
    struct cert *c)
{
	struct db_rows rows;
	enum db_status s;
	size_t i;

	if ((s = db_query_one(r->db, r->pool, id, &param, 1, &rows)) != DB_OK)
		return s;
	cert_from_rows(&rows, 0, c);
	{
		struct db_param p[] = { DP_INT(c->id) };

		if ((s = db_query(r->db, r->pool, SQL_CERT_TYPES, p, 1,
		    &rows)) != DB_OK)
			return s;
	}
	for (i = 0; i < rows.nrows && i < CERT_TYPES_MAX; i++) {
		c->type[i].name = DB_CELL(&rows, i, 0);
		c->type[i].services = db_num(DB_CELL(&rows, i, 1));
		c->type[i].minutes = db_num(DB_CELL(&rows, i, 2));
	}
	c->ntype = i;
	return DB_OK;
}

enum db_status
cert_by_number(struct req *r, const char *number, struct cert *c)
{
	return cert_read(r, SQL_CERT_BY_NUMBER, DP_STR(number), c);
}

enum db_status
cert_by_id(struct req *r, long long id, struct cert *c)
{
	return cert_read(r, SQL_CERT_BY_ID, DP_INT(id), c);
}

bool
cert_split(struct req *r, const char *segment, const char **number,
    const char **code)
{
	const char *a = strchr(segment, '-'), *b;
	size_t i;

	if (a == NULL || a - segment != 4 || (b = strchr(a + 1, '-')) == NULL ||
	    b - a - 1 < 6 || b - a - 1 > 10 || b[1] == '\0' || strlen(b) > 40)
		return false;
	for (i = 0; segment + i < b; i++)
		if (segment + i != a && (segment[i] < '0' || segment[i] > '9'))
			return false;
	*number = pool_strndup(r->pool, segment, (size_t)(b - segment));
	*code = b + 1;
	return true;
}

/* Reads what was done by type for the volunteer and period into *types,
 * and checks that the types add up to the minutes volunteer_minutes()
 * gave (the same services, read twice in one transaction); *services is
 * their count. */
static enum db_status
live_types(struct req *r, long long volunteer_id, const struct cert_period *p,
    long long minutes, struct db_rows *types, long long *services)
{
	struct db_param q[] = {
		DP_STR(p->from != NULL ? p->from : "1000-01-01"),
		DP_STR(p->to != NULL ? p->to : "9999-12-31"),
		DP_INT(volunteer_id),
	};
	long long sum = 0;
	enum db_status s;
	size_t i;

	*services = 0;
	if ((s = db_query(r->db, r->pool, SQL_CERT_TYPES_LIVE, q, 3, types)) !=
	    DB_OK)
		return s;
	for (i = 0; i < types->nrows; i++) {
		*services += db_num(DB_CELL(types, i, 1));
		sum += db_num(DB_CELL(types, i, 2));
	}
	if (sum != minutes || types->nrows > CERT_TYPES_MAX) {
		fprintf(stderr, "certificate for volunteer %lld: %zu types add up"
		    " to %lld minutes, volunteer_minutes() gave %lld\n",
		    volunteer_id, types->nrows, sum, minutes);
		return DB_ERROR;
	}
	return DB_OK;
}

/* The next number of the register for this year, "2026-000001" (inside
 * the issuing transaction: the year's row stays locked until it ends). */
static enum db_status
next_number(struct req *r, const char **number)
{
	int year = r->today_ymd / 10000;
	struct db_param p[] = { DP_INT(year) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_exec(r->db, SQL_CERT_SEQ_BUMP, p, 1, NULL, NULL)) != DB_OK ||
	    (s = db_query_one(r->db, r->pool, SQL_CERT_SEQ_GET, p, 1, &rows)) !=
	    DB_OK)
		return s;
	*number = pool_printf(r->pool, "%04d-%06lld", year,
	    db_num(DB_CELL(&rows, 0, 0)));
	return DB_OK;
}

/* Invariant: for one volunteer and period at most one certificate is
 * valid. Holding the volunteer's row lock, the new one is stored and every
 * other valid one of the period is superseded by it. */
enum db_status
cert_issue(struct req *r, long long volunteer_id, const struct cert_period *p,
    enum cert_refusal *why, const char **number, const char **access)
{
	struct db_rows v, set, types;
	unsigned long long ins = 0, superseded = 0;
	long long minutes = 0, services = 0;
	const char *check;
	enum db_status s;
	size_t i;

	*why = CERT_OK;
	*number = *access = NULL;
	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	{
		struct db_param q[] = { DP_INT(volunteer_id) };

		if ((s = db_query_one(r->db, r->pool, SQL_CERT_VOLUNTEER_LOCK, q,
		    1, &v)) != DB_OK)
			goto fail;
	}
	if (*DB_CELL(&v, 0, 2) == '\0') {
		*why = CERT_NO_NUMBER;
		goto fail;
	}
	if ((s = volunteer_minutes(r, volunteer_id, p->from, p->to,
	    &minutes)) != DB_OK ||
	    (s = db_query_one(r->db, r->pool, SQL_CERT_SETTINGS, NULL, 0,
	    &set)) != DB_OK || (s = next_number(r, number)) != DB_OK)
		goto fail;
	if ((s = live_types(r, volunteer_id, p, minutes, &types, &services)) !=
	    DB_OK)
		goto fail;
	check = crypt_random_token(r->pool, CERT_CHECK_BYTES);
	*access = crypt_random_token(r->pool, CERT_ACCESS_BYTES);
	{
		struct db_param q[] = {
			DP_STR(*number), DP_STR(check), DP_STR(*access),
			DP_INT(volunteer_id), DP_STR(p->from), DP_STR(p->to),
			DP_INT(minutes), DP_INT(services),
			DP_STR(DB_CELL(&v, 0, 0)), DP_STR(DB_CELL(&v, 0, 1)),
			DP_STR(DB_CELL(&v, 0, 2)), DP_STR(DB_CELL(&set, 0, 0)),
			DP_STR(r->sess != NULL ? r->sess->display_name : ""),
			DP_STR(DB_CELL(&set, 0, 1)),
			DP_STR(r->sess != NULL ? "staff" : "lookup"),
			r->sess != NULL ? DP_INT(r->sess->staff_id) : DP_NULL,
		};

		if ((s = db_exec(r->db, SQL_CERT_INSERT, q, 16, NULL, &ins)) !=
		    DB_OK)
			goto fail;
	}
	for (i = 0; i < types.nrows; i++) {
		struct db_param t[] = { DP_INT(ins), DP_STR(DB_CELL(&types, i, 0)),
		    DP_INT(db_num(DB_CELL(&types, i, 1))),
		    DP_INT(db_num(DB_CELL(&types, i, 2))), DP_INT(i + 1) };

		if ((s = db_exec(r->db, SQL_CERT_TYPE_INSERT, t, 5, NULL,
		    NULL)) != DB_OK)
			goto fail;
	}
	{
		struct db_param q[] = { DP_INT(ins), DP_INT(volunteer_id),
		    DP_STR(p->from), DP_STR(p->to), DP_INT(ins) };

		if ((s = db_exec(r->db, SQL_CERT_SUPERSEDE, q, 5, &superseded,
		    NULL)) != DB_OK)
			goto fail;
	}
	/* Staff issuing is audited; a volunteer's own (the look-up, the
	 * public responder, which may not write the audit trail) is recorded
	 * by the register alone: issued_via 'lookup', when, period, hours. */
	if (r->sess != NULL && (s = audit_log(r, "certificate.issue",
	    "certificate", (long long)ins, NULL, pool_printf(r->pool,
	    "number=%s; volunteer=%lld; from=%s; to=%s; minutes=%lld;"
	    " superseded=%llu", *number, volunteer_id, p->from != NULL ?
	    p->from : "", p->to != NULL ? p->to : "", minutes, superseded))) !=
	    DB_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	if (*why != CERT_OK)
		return DB_OK;
	*number = *access = NULL;
	return s;
}

enum db_status
cert_revoke(struct req *r, long long id, const char *reason)
{
	struct db_param p[] = { DP_INT(id) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = db_query_one(r->db, r->pool, SQL_CERT_LOCK, p, 1, &rows)) !=
	    DB_OK)
		goto fail;
	if (strcmp(DB_CELL(&rows, 0, 0), "revoked") == 0) {
		s = DB_NOTFOUND;
		goto fail;
	}
	{
		struct db_param q[] = {
			r->sess != NULL ? DP_INT(r->sess->staff_id) : DP_NULL,
			DP_STR(reason), DP_INT(id),
		};

		if ((s = db_exec(r->db, SQL_CERT_REVOKE, q, 3, NULL, NULL)) !=
		    DB_OK)
			goto fail;
	}
	if ((s = audit_log(r, "certificate.revoke", "certificate", id,
	    pool_printf(r->pool, "status=%s", DB_CELL(&rows, 0, 0)),
	    pool_printf(r->pool, "status=revoked; reason=%s", reason))) !=
	    DB_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return s;
}

/* The name with all but its first character masked: 张** */
static const char *
masked_name(struct req *r, const char *name)
{
	size_t first = 1, n = 0;
	const unsigned char *s = (const unsigned char *)name;
	char *out;

	if (*s == '\0')
		return "";
	while ((s[first] & 0xC0) == 0x80)
		first++;
	for (s += first; *s != '\0'; s++)
		if ((*s & 0xC0) != 0x80)
			n++;
	out = pool_alloc(r->pool, first + n + 1);
	memcpy(out, name, first);
	memset(out + first, '*', n);
	out[first + n] = '\0';
	return out;
}

const char *
cert_period_text(struct req *r, const char *from, const char *to,
    const char *issued)
{
	if (*from == '\0' && *to == '\0')
		return pool_printf(r->pool, "截至 %s 的全部服务", issued);
	/* A period that ends after the day of issue (this year's) counts
	 * the services up to that day, and says so. */
	if (*to == '\0' || strcmp(to, issued) > 0)
		to = issued;
	if (*from == '\0')
		return pool_printf(r->pool, "截至 %s", to);
	return pool_printf(r->pool, "%s 至 %s", from, to);
}

xmlNodePtr
cert_xml(struct req *r, const struct cert *c, xmlNodePtr parent, bool full)
{
	xmlNodePtr x = x_el(parent, "certificate");
	size_t i;

	x_attr_int(x, "id", c->id);
	x_attr(x, "number", c->number);
	x_attr(x, "name-masked", masked_name(r, c->name));
	if (full) {
		x_attr(x, "name", c->name);
		x_attr(x, "id-mask", c->id_mask);
		x_attr(x, "revoke-reason", c->revoke_reason);
		x_attr(x, "access", pool_printf(r->pool, "%s-%s", c->number,
		    c->access_code));
	}
	x_attr(x, "volunteer-number", c->volunteer_number);
	x_attr(x, "period", cert_period_text(r, c->from, c->to, c->issued));
	x_attr(x, "hours", service_hours_text(r->pool, c->minutes));
	x_attr_int(x, "services", c->services);
	x_attr(x, "issuer", c->issuer);
	x_attr(x, "officer", c->officer);
	x_attr(x, "phone", c->phone);
	x_attr(x, "issued", c->issued);
	x_attr(x, "via", c->via);
	x_attr(x, "status", c->status);
	x_attr(x, "status-label", choice_label(cert_statuses, c->status));
	x_attr(x, "successor", c->successor);
	x_attr(x, "revoked", c->revoked);
	for (i = 0; i < c->ntype; i++) {
		xmlNodePtr t = x_el(x, "type");

		x_attr(t, "name", c->type[i].name);
		x_attr_int(t, "services", c->type[i].services);
		x_attr(t, "hours", service_hours_text(r->pool,
		    c->type[i].minutes));
	}
	return x;
}

enum db_status
cert_list_xml(struct req *r, long long volunteer_id, xmlNodePtr parent)
{
	struct db_param p[] = { DP_INT(volunteer_id) };
	xmlNodePtr list = x_el(parent, "certificates");
	struct db_rows rows;
	enum db_status s;
	size_t i;

	if ((s = db_query(r->db, r->pool, SQL_CERT_LIST, p, 1, &rows)) != DB_OK)
		return s;
	for (i = 0; i < rows.nrows; i++) {
		struct cert c;

		cert_from_rows(&rows, i, &c);
		(void)cert_xml(r, &c, list, true);
	}
	return DB_OK;
}

/* Whether host is a plain host[:port] (letters, digits, '.', '-', ':',
 * brackets for IPv6): nothing that could end the URL or the path. */
static bool
host_ok(const char *host)
{
	size_t n = 0;

	if (host == NULL)
		return false;
	for (; host[n] != '\0'; n++)
		if (!((host[n] >= 'a' && host[n] <= 'z') ||
		    (host[n] >= 'A' && host[n] <= 'Z') ||
		    (host[n] >= '0' && host[n] <= '9') ||
		    strchr(".-:[]", host[n]) != NULL))
			return false;
	return n > 0 && n <= 100;
}

const char *
cert_verify_url(struct req *r, const struct cert *c)
{
	struct db_rows set;
	const char *base, *host;
	size_t n;

	if (db_query_one(r->db, r->pool, SQL_CERT_SETTINGS, NULL, 0, &set) !=
	    DB_OK)
		return NULL;
	base = DB_CELL(&set, 0, 2);
	if (*base == '\0') {
		host = req_param(r, "HTTP_HOST");
		if (!host_ok(host))
			return NULL;
		base = pool_printf(r->pool, "%s://%s", r->https ? "https" :
		    "http", host);
	}
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	return pool_printf(r->pool, "%.*s/verify/%s-%s", (int)n, base,
	    c->number, c->check_code);
}

bool
cert_period_of(struct req *r, struct form *f, size_t first,
    struct cert_period *p)
{
	const char *period = f->val[first].raw;
	int year = r->today_ymd / 10000;

	p->from = p->to = NULL;
	if (strcmp(period, "this_year") == 0 || strcmp(period, "last_year") == 0) {
		if (period[0] == 'l')
			year--;
		p->from = pool_printf(r->pool, "%04d-01-01", year);
		p->to = pool_printf(r->pool, "%04d-12-31", year);
		return true;
	}
	if (strcmp(period, "all") == 0)
		return true;
	if (!f->val[first + 1].present) {
		form_fail(f, first + 1, "请填写起始日期");
		return false;
	}
	if (!f->val[first + 2].present) {
		form_fail(f, first + 2, "请填写截止日期");
		return false;
	}
	if (f->val[first + 1].v.ymd > f->val[first + 2].v.ymd) {
		form_fail(f, first + 2, "截止日期不能早于起始日期");
		return false;
	}
	if (f->val[first + 2].v.ymd > r->today_ymd) {
		form_fail(f, first + 2, "截止日期不能晚于今天");
		return false;
	}
	p->from = f->val[first + 1].raw;
	p->to = f->val[first + 2].raw;
	return true;
}
