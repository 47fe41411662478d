/* GET /admin/audit (county admins): the audit trail, newest first, with
 * filters for who, action, record and date, and paging. The trail is only
 * read here; nothing in the application updates or deletes it. */
#include <string.h>

#include "account.h"
#include "audit.h"
#include "cert.h"
#include "class.h"
#include "elder.h"
#include "form.h"
#include "pages.h"
#include "ref.h"
#include "render.h"
#include "review.h"
#include "sess.h"

#define AUDIT_PAGE 50

/* What the trail's codes mean to people. A code not listed here (a newer
 * action) is shown as stored; add it here when adding an action. */
static const struct choice audit_actions[] = {
	{ "login", "登录" },
	{ "login_failed", "登录失败" },
	{ "logout", "退出登录" },
	{ "change_password", "修改密码" },
	{ "reset_password", "重置密码" },
	{ "create", "新建账号" },
	{ "disable", "停用账号" },
	{ "enable", "启用账号" },
	{ "view", "查看报名详情" },
	{ "view_id_number", "查看完整身份证号码" },
	{ "approve", "审核通过" },
	{ "reject", "审核不通过" },
	{ "deactivate", "停用志愿者" },
	{ "reactivate", "重新启用志愿者" },
	{ "export", "导出" },
	{ "elder.create", "登记老人" },
	{ "elder.edit", "修改老人信息" },
	{ "elder.deactivate", "停用老人" },
	{ "elder.reactivate", "重新启用老人" },
	{ "service.create", "登记服务记录" },
	{ "service.edit", "更正服务记录" },
	{ "service.void", "作废服务记录" },
	{ "service_type.create", "新增服务类型" },
	{ "service_type.retire", "停用服务类型" },
	{ "service_type.restore", "恢复服务类型" },
	{ "class.create", "开设课程" },
	{ "class.edit", "修改课程" },
	{ "enrolment.attend", "签到" },
	{ "enrolment.unattend", "撤销签到" },
	{ "enrolment.cancel", "取消报名" },
	{ "certificate.issue", "开具服务记录证明" },
	{ "certificate.revoke", "撤销服务记录证明" },
	{ NULL, NULL }
};

static const struct choice audit_entities[] = {
	{ "staff", "工作人员" },
	{ "volunteer", "志愿者" },
	{ "elder", "老人" },
	{ "service", "服务记录" },
	{ "service_type", "服务类型" },
	{ "class", "课程" },
	{ "class_enrolment", "课程报名" },
	{ "certificate", "服务记录证明" },
	{ NULL, NULL }
};

static const struct choice service_statuses[] = {
	{ "voided", "已作废" },
	{ NULL, NULL }
};

static const struct choice enrolment_statuses[] = {
	{ "enrolled", "已报名" },
	{ "waiting", "候补" },
	{ "cancelled", "已取消" },
	{ NULL, NULL }
};

/* The statuses of each kind of record; any other reads as an enrolment's. */
static const struct {
	const char *entity;
	const struct choice *statuses;
} entity_statuses[] = {
	{ "volunteer", review_status_choices },
	{ "class", class_statuses },
	{ "service", service_statuses },
	{ "certificate", cert_statuses },
};

/* How a value of the before/after text reads. */
enum vkind {
	V_TEXT, V_YESNO, V_ROLE, V_STATUS, V_AUDIENCE, V_LIVING, V_CARE,
	V_TOWNSHIP, V_VILLAGE, V_STATION, V_TYPE, V_ID, V_SKILL,
};

static const struct {
	const char *key, *label;
	enum vkind kind;
	const char *entity;        /* only for this kind of record (NULL: any) */
} audit_keys[] = {
	{ "number", "证明编号", V_TEXT, "certificate" },
	{ "volunteer", "志愿者（记录号）", V_ID, NULL },
	{ "superseded", "替代的证明（记录号，0 为无）", V_TEXT, NULL },
	{ "username", "用户名", V_TEXT },
	{ "display_name", "姓名或单位", V_TEXT },
	{ "role", "角色", V_ROLE },
	{ "township", "乡镇", V_TOWNSHIP },
	{ "station", "服务站", V_STATION },
	{ "village", "村（社区）", V_VILLAGE },
	{ "active", "启用", V_YESNO },
	{ "must_change_password", "须修改密码", V_YESNO },
	{ "name_hash", "输入的用户名（摘要）", V_TEXT },
	{ "status", "状态", V_STATUS },
	{ "number", "志愿者编号", V_TEXT },
	{ "reason", "原因", V_TEXT },
	{ "name", "姓名", V_TEXT },
	{ "id_mask", "身份证号码", V_TEXT },
	{ "living", "居住情况", V_LIVING },
	{ "care", "关爱类型", V_CARE },
	{ "contact", "联系人", V_TEXT },
	{ "notes", "备注", V_TEXT },
	{ "date", "服务日期", V_TEXT },
	{ "start", "开始", V_TEXT },
	{ "end", "结束", V_TEXT },
	{ "elder", "老人（记录号）", V_ID },
	{ "type", "服务类型", V_TYPE },
	{ "volunteers", "志愿者（记录号）", V_ID },
	{ "signed", "老人签字", V_YESNO },
	{ "note", "备注", V_TEXT },
	{ "title", "课程名称", V_TEXT },
	{ "audience", "面向对象", V_AUDIENCE },
	{ "venue", "地点", V_TEXT },
	{ "starts_at", "上课时间", V_TEXT },
	{ "minutes", "时长（分钟）", V_TEXT },
	{ "capacity", "名额", V_TEXT },
	{ "deadline", "报名截止", V_TEXT },
	{ "class", "课程（记录号）", V_ID },
	{ "attended", "已签到", V_YESNO },
	{ "rows", "行数", V_TEXT },
	{ "from", "起", V_TEXT },
	{ "to", "止", V_TEXT },
	{ "sort", "排序", V_TEXT },
	{ "skill", "特长", V_SKILL },
};

/* The names of places, stations and service types that the before/after
 * texts hold as ids: read once for the page. */
struct names {
	struct db_rows townships, villages, stations, types;
};

static enum db_status
names_load(struct req *r, struct names *n)
{
	enum db_status s;

	if ((s = ref_townships(r, &n->townships)) != DB_OK ||
	    (s = ref_villages(r, REF_ALL_VILLAGES, &n->villages)) != DB_OK ||
	    (s = ref_stations(r, 0, &n->stations)) != DB_OK)
		return s;
	return ref_service_types(r, &n->types);
}

/* The name in column col of the row whose first column is id, or NULL. */
static const char *
name_of(const struct db_rows *rows, const char *id, size_t col)
{
	size_t i;

	for (i = 0; i < rows->nrows; i++)
		if (strcmp(DB_CELL(rows, i, 0), id) == 0)
			return DB_CELL(rows, i, col);
	return NULL;
}

/* A stored value as people read it. */
static const char *
value_text(struct req *r, const struct names *n, const char *entity,
    enum vkind kind, const char *v)
{
	const char *t = NULL;

	if (*v == '\0')
		return "（空）";
	switch (kind) {
	case V_TEXT:
		break;
	case V_YESNO:
		t = strcmp(v, "1") == 0 ? "是" : strcmp(v, "0") == 0 ? "否" : NULL;
		break;
	case V_ROLE:
		t = role_parse(v) != ROLE_NONE ? role_label(role_parse(v)) : NULL;
		break;
	case V_STATUS: {
		const struct choice *statuses = enrolment_statuses;
		size_t i;

		for (i = 0; i < sizeof(entity_statuses) /
		    sizeof(entity_statuses[0]); i++)
			if (strcmp(entity_statuses[i].entity, entity) == 0)
				statuses = entity_statuses[i].statuses;
		t = choice_label(statuses, v);
		break;
	}
	case V_AUDIENCE:
		t = choice_label(class_audiences, v);
		break;
	case V_LIVING:
		t = choice_label(elder_living, v);
		break;
	case V_CARE:
		return review_codes_label(r, elder_care, v);
	case V_TOWNSHIP:
		t = strcmp(v, "0") == 0 ? "（无）" : name_of(&n->townships, v, 1);
		break;
	case V_VILLAGE:
		t = name_of(&n->villages, v, 2);
		break;
	case V_STATION:
		t = strcmp(v, "0") == 0 ? "（无）" : name_of(&n->stations, v, 1);
		break;
	case V_TYPE:
		t = name_of(&n->types, v, 1);
		break;
	case V_ID:
		return pool_printf(r->pool, "#%s", v);
	case V_SKILL:
		t = choice_label(ref_skills, v);
		break;
	}
	return t != NULL ? t : v;
}

/* Adds <name><f label= value=/>…</name> for a "key=value; …" text, each
 * key by its Chinese name. Personal data is shown as it was stored
 * (masked there). */
static void
changes_xml(struct req *r, const struct names *n, const char *entity,
    const char *text, xmlNodePtr parent, const char *name)
{
	xmlNodePtr list;
	const char *p = text;

	if (*text == '\0')
		return;
	list = x_el(parent, name);
	while (*p != '\0') {
		const char *end = strstr(p, "; ");
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
		char *part = pool_strndup(r->pool, p, len), *eq = strchr(part, '=');
		xmlNodePtr f = x_el(list, "f");
		size_t k;

		if (eq == NULL) {
			x_attr(f, "value", part);
		} else {
			const char *label = NULL;
			enum vkind kind = V_TEXT;

			*eq = '\0';
			for (k = 0; k < sizeof(audit_keys) / sizeof(audit_keys[0]);
			    k++)
				if (strcmp(audit_keys[k].key, part) == 0 &&
				    (audit_keys[k].entity == NULL ||
				    strcmp(audit_keys[k].entity, entity) == 0)) {
					label = audit_keys[k].label;
					kind = audit_keys[k].kind;
					break;
				}
			x_attr(f, "label", label != NULL ? label : part);
			x_attr(f, "value", value_text(r, n, entity, kind, eq + 1));
		}
		p += len;
		if (*p != '\0')
			p += 2;
	}
}

enum afield {
	AF_STAFF, AF_ACTION, AF_ENTITY, AF_ENTITY_ID, AF_FROM, AF_TO, AF_PAGE,
	AF__MAX
};

static const struct field audit_fields[AF__MAX] = {
	[AF_STAFF] = { "staff", "操作人", F_UINT, 0, RECORD_ID_MAX, NULL, NULL },
	[AF_ACTION] = { "action", "操作", F_CHOICE, 0, 0, audit_actions, NULL },
	[AF_ENTITY] = { "entity", "对象类型", F_CHOICE, 0, 0, audit_entities,
	    NULL },
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
	struct audit_filter af = {
		.staff_id = ok_num(f, AF_STAFF),
		.entity_id = ok_num(f, AF_ENTITY_ID),
		.action = ok(f, AF_ACTION), .entity = ok(f, AF_ENTITY),
		.from = ok(f, AF_FROM), .to = ok(f, AF_TO),
		.page = ok_num(f, AF_PAGE) > 0 ? ok_num(f, AF_PAGE) : 1,
	};
	struct audit_entry *entries;
	struct names names;
	enum db_status s;
	xmlNodePtr list;
	size_t i, n;
	bool more;

	if ((s = audit_list(r, &af, AUDIT_PAGE, &entries, &n, &more)) !=
	    DB_OK || (s = names_load(r, &names)) != DB_OK)
		return s;
	list = x_el(parent, "entries");
	x_attr_int(list, "page", af.page);
	x_attr(list, "more", more ? "1" : "0");
	for (i = 0; i < n; i++) {
		const struct audit_entry *a = &entries[i];
		xmlNodePtr e = x_el(list, "entry");
		const char *label;

		x_attr(e, "id", a->id);
		x_attr(e, "at", a->at);
		x_attr(e, "username", a->username);
		x_attr(e, "name", a->name);
		x_attr(e, "ip", a->ip);
		x_attr(e, "action", a->action);
		x_attr(e, "entity", a->entity);
		x_attr(e, "entity-id", a->entity_id);
		x_attr(e, "record", a->record);
		label = choice_label(audit_actions, a->action);
		x_attr(e, "action-label", label != NULL ? label : a->action);
		label = choice_label(audit_entities, a->entity);
		x_attr(e, "entity-label", label != NULL ? label : a->entity);
		changes_xml(r, &names, a->entity, a->before, e, "before");
		changes_xml(r, &names, a->entity, a->after, e, "after");
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
	choices_xml(audit_actions, root, "actions");
	choices_xml(audit_entities, root, "entities");
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
