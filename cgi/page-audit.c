/* GET /admin/audit (county admins): the audit trail, newest first, with
 * filters for who, action, record and date, and paging. The trail is only
 * read here; nothing in the application updates or deletes it. */
#include <string.h>

#include "account.h"
#include "form.h"
#include "pages.h"
#include "render.h"

#define AUDIT_PAGE 50

enum afield {
	AF_STAFF, AF_ACTION, AF_ENTITY, AF_ENTITY_ID, AF_FROM, AF_TO, AF_PAGE,
	AF__MAX
};

static const struct field audit_fields[AF__MAX] = {
	[AF_STAFF] = { "staff", "操作人", F_UINT, 0, RECORD_ID_MAX, NULL, NULL },
	[AF_ACTION] = { "action", "操作", F_TEXT, 0, 40, NULL, NULL },
	[AF_ENTITY] = { "entity", "对象类型", F_TEXT, 0, 40, NULL, NULL },
	[AF_ENTITY_ID] = { "entity_id", "对象编号", F_UINT, 0, RECORD_ID_MAX, NULL,
	    NULL },
	[AF_FROM] = { "from", "日期（起）", F_DATE, 0, 0, NULL, NULL },
	[AF_TO] = { "to", "日期（止）", F_DATE, 0, 0, NULL, NULL },
	[AF_PAGE] = { "page", "页码", F_UINT, 0, 100000, NULL, NULL },
};

/* A valid value of field i, or NULL. */
static const char *
ok(const struct form *f, size_t i)
{
	return f->val[i].present && f->val[i].err == NULL ? f->val[i].raw : NULL;
}

/* A valid number of field i, or 0. */
static long long
ok_num(const struct form *f, size_t i)
{
	return ok(f, i) != NULL ? (long long)f->val[i].v.u : 0;
}

/* Adds <entries page= more=><entry …/>…</entries> for the filter. */
static enum db_status
entries_xml(struct req *r, const struct form *f, xmlNodePtr parent)
{
	const char *action = ok(f, AF_ACTION) != NULL ? ok(f, AF_ACTION) : "";
	const char *entity = ok(f, AF_ENTITY) != NULL ? ok(f, AF_ENTITY) : "";
	long long page = ok_num(f, AF_PAGE) > 0 ? ok_num(f, AF_PAGE) : 1;
	struct db_param p[] = {
		DP_INT(ok_num(f, AF_STAFF)), DP_INT(ok_num(f, AF_STAFF)),
		DP_STR(action), DP_STR(action), DP_STR(entity), DP_STR(entity),
		DP_INT(ok_num(f, AF_ENTITY_ID)), DP_INT(ok_num(f, AF_ENTITY_ID)),
		DP_STR(ok(f, AF_FROM)), DP_STR(ok(f, AF_FROM)),
		DP_STR(ok(f, AF_TO)), DP_STR(ok(f, AF_TO)),
		DP_INT(AUDIT_PAGE + 1), DP_INT((page - 1) * AUDIT_PAGE),
	};
	static const char *const attrs[] = {
		"id", "at", "username", "name", "ip", "action", "entity",
		"entity-id", "before", "after",
	};
	struct db_rows rows;
	enum db_status s;
	xmlNodePtr list;
	size_t i, c;

	if ((s = db_query(r->db, r->pool, SQL_AUDIT_LIST, p,
	    sizeof(p) / sizeof(p[0]), &rows)) != DB_OK)
		return s;
	list = x_el(parent, "entries");
	x_attr_int(list, "page", page);
	x_attr(list, "more", rows.nrows > AUDIT_PAGE ? "1" : "0");
	for (i = 0; i < rows.nrows && i < AUDIT_PAGE; i++) {
		xmlNodePtr e = x_el(list, "entry");

		for (c = 0; c < rows.ncols && c < sizeof(attrs) / sizeof(attrs[0]);
		    c++)
			x_attr(e, attrs[c], DB_CELL(&rows, i, c));
	}
	return DB_OK;
}

/* The filter as a query string for the pager, URL-escaped. */
static const char *
query_of(struct req *r, const struct form *f)
{
	char *q = pool_strdup(r->pool, "");
	size_t i;

	for (i = 0; i < AF__MAX; i++) {
		const char *v = ok(f, i), *p;
		char *esc;
		size_t j = 0;

		if (v == NULL || i == AF_PAGE)
			continue;
		esc = pool_alloc(r->pool, 3 * strlen(v) + 1);
		for (p = v; *p != '\0'; p++) {
			unsigned char ch = (unsigned char)*p;

			if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
			    ch == '.')
				esc[j++] = (char)ch;
			else {
				esc[j++] = '%';
				esc[j++] = "0123456789ABCDEF"[ch >> 4];
				esc[j++] = "0123456789ABCDEF"[ch & 15];
			}
		}
		q = pool_printf(r->pool, "%s%s=%s&", q, audit_fields[i].name, esc);
	}
	return q;
}

void
page_audit(struct req *r)
{
	xmlNodePtr root = page_new(r, "audit", "操作记录");
	struct form f;
	int status = form_check_query(r, &f, audit_fields, AF__MAX) > 0 ? 422 : 200;

	form_xml(&f, root);
	x_attr(x_el(root, "filter"), "query", query_of(r, &f));
	if (account_list_xml(r, root) != DB_OK ||
	    (status == 200 && entries_xml(r, &f, root) != DB_OK)) {
		render_error_instead(r, root, 503, MSG_BUSY);
		return;
	}
	if (status != 200)
		x_text(root, "notice", "筛选条件有误，请看红色的提示。");
	(void)render_page(r, status, root);
}
