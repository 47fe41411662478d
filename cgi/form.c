#include <string.h>

#include "form.h"
#include "render.h"

#define FORM_MULTI_MAX 32

/* Trims ASCII white space and the ideographic space U+3000 (often typed
 * on Chinese keyboards) from both ends. */
static const char *
trim(struct pool *pool, const char *s)
{
	size_t len = strlen(s);

	for (;;) {
		if (len > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' ||
		    s[0] == '\n')) {
			s++;
			len--;
		} else if (len >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0) {
			s += 3;
			len -= 3;
		} else
			break;
	}
	for (;;) {
		if (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
		    s[len - 1] == '\r' || s[len - 1] == '\n'))
			len--;
		else if (len >= 3 && memcmp(s + len - 3, "\xe3\x80\x80", 3) == 0)
			len -= 3;
		else
			break;
	}
	return pool_strndup(pool, s, len);
}

const char *
choice_label(const struct choice *c, const char *code)
{
	for (; c != NULL && c->code != NULL; c++)
		if (strcmp(c->code, code) == 0)
			return c->label;
	return NULL;
}

/* Checks one non-empty value against its field's rule; returns a message
 * or NULL, filling v. */
static const char *
check_value(struct req *r, const struct field *fd, const char *s,
    struct fval *v)
{
	struct pool *p = r->pool;
	enum valid_id e;

	switch (fd->kind) {
	case F_TEXT:
	case F_LINES:
		if (!valid_text(s, fd->kind == F_LINES))
			return pool_printf(p, "%s含有不能识别的字符", fd->label);
		if (valid_utf8_len(s) > fd->max)
			return pool_printf(p, "%s不能超过%lu个字", fd->label,
			    fd->max);
		return NULL;
	case F_SECRET:
		return strlen(s) > fd->max ?
		    pool_printf(p, "%s太长了", fd->label) : NULL;
	case F_NAME:
		return valid_person_name(s) ? NULL : pool_printf(p,
		    "%s应为2至20个字，只能用汉字、字母和间隔号“·”", fd->label);
	case F_IDNUM:
		e = valid_id_number(s, r->today_ymd, &v->v.id);
		return e == VALID_ID_OK ? NULL : valid_id_message(e);
	case F_MOBILE:
		return valid_mobile(s) ? NULL :
		    "请填写正确的11位手机号码，如 13812345678";
	case F_DATE:
		return valid_date(s, &v->v.ymd) ? NULL : pool_printf(p,
		    "%s应按“年-月-日”填写，如 2026-03-01", fd->label);
	case F_HHMM:
		return valid_hhmm(s, &v->v.minutes) ? NULL : pool_printf(p,
		    "%s应按“时:分”填写，如 08:30", fd->label);
	case F_UINT:
		return valid_uint(s, fd->max, &v->v.u) ? NULL : pool_printf(p,
		    "%s应为不大于%lu的整数", fd->label, fd->max);
	case F_CHOICE:
		return choice_label(fd->choices, s) != NULL ? NULL :
		    pool_printf(p, "请从列表中选择%s", fd->label);
	case F_CHECK:
		return NULL;
	}
	return "无效的输入";
}

/* form_check over any list of posted or queried values. */
static size_t
check_list(struct req *r, const struct kvlist *src, struct form *f,
    const struct field *fields, size_t n, const char *prefix)
{
	const char *raw[FORM_MULTI_MAX];
	size_t i, j;

	form_empty(r, f, fields, n, prefix);
	for (i = 0; i < n; i++) {
		const struct field *fd = &fields[i];
		struct fval *v = &f->val[i];
		const char *name = prefix != NULL && *prefix != '\0' ?
		    pool_printf(r->pool, "%s%s", prefix, fd->name) : fd->name;
		size_t count = kv_all(src, name, raw, FORM_MULTI_MAX);

		if (count > FORM_MULTI_MAX || (count > 1 && !(fd->flags & F_MULTI))) {
			form_fail(f, i, pool_printf(r->pool, "%s填写了多次",
			    fd->label));
			continue;
		}
		v->multi = pool_alloc(r->pool, (count + 1) * sizeof(char *));
		for (j = 0; j < count; j++) {
			const char *s = fd->kind == F_SECRET ? raw[j] :
			    trim(r->pool, raw[j]);
			const char *msg;

			/* "139 0000 1111", full-width digits, a small x:
			 * what is checked, stored and shown again is the
			 * number as the validator reads it. */
			if (fd->kind == F_IDNUM || fd->kind == F_MOBILE ||
			    (fd->flags & F_NUMBERLIKE)) {
				char *norm = pool_alloc(r->pool, strlen(s) + 1);

				valid_normalise_number(s, norm);
				s = norm;
			}

			if (*s == '\0')
				continue;
			v->multi[v->nmulti++] = s;
			if (v->raw == NULL)
				v->raw = s;
			if (v->err == NULL &&
			    (msg = check_value(r, fd, s, v)) != NULL)
				form_fail(f, i, msg);
		}
		v->present = v->nmulti > 0;
		if (!v->present && (fd->flags & F_REQUIRED))
			form_fail(f, i, fd->missing != NULL ? fd->missing :
			    pool_printf(r->pool, fd->kind == F_CHOICE ?
			    "请选择%s" : "请填写%s", fd->label));
	}
	return f->nerr;
}

size_t
form_check(struct req *r, struct form *f, const struct field *fields,
    size_t n, const char *prefix)
{
	return check_list(r, &r->form, f, fields, n, prefix);
}

size_t
form_check_query(struct req *r, struct form *f, const struct field *fields,
    size_t n)
{
	return check_list(r, &r->query, f, fields, n, NULL);
}

void
form_empty(struct req *r, struct form *f, const struct field *fields,
    size_t n, const char *prefix)
{
	f->fields = fields;
	f->n = n;
	f->prefix = prefix;
	f->val = pool_alloc(r->pool, (n + 1) * sizeof(*f->val));
	f->nerr = 0;
}

void
form_fail(struct form *f, size_t i, const char *message)
{
	if (i >= f->n || f->val[i].err != NULL)
		return;
	f->val[i].err = message;
	f->nerr++;
}

/* Whether fd->max is the most characters a person may type into the field,
 * fit for the page's maxlength. For F_UINT it bounds the number, for
 * F_SECRET it counts bytes; the ID and mobile numbers are checked once
 * spaces are taken out, so their input must allow more than their length. */
static bool
field_maxlength(const struct field *fd)
{
	return fd->max > 0 && (fd->kind == F_TEXT || fd->kind == F_LINES ||
	    fd->kind == F_NAME);
}

xmlNodePtr
form_xml(const struct form *f, xmlNodePtr parent)
{
	xmlNodePtr fx = x_el(parent, "form");
	size_t i, j;

	x_attr(fx, "prefix", f->prefix);
	x_attr_int(fx, "errors", (long long)f->nerr);
	for (i = 0; i < f->n; i++) {
		const struct field *fd = &f->fields[i];
		const struct fval *v = &f->val[i];
		xmlNodePtr e = x_el(fx, "field");

		x_attr(e, "name", fd->name);
		if (fd->label != NULL && fd->label[0] != '\0')
			x_attr(e, "label", fd->label);
		if (field_maxlength(fd))
			x_attr_int(e, "max", (long long)fd->max);
		x_attr(e, "error", v->err);
		if ((fd->flags & F_NOECHO) || fd->kind == F_SECRET)
			continue;
		x_attr(e, "value", v->raw);
		for (j = 0; j < v->nmulti; j++)
			x_text(e, "v", v->multi[j]);
	}
	return fx;
}

void
choices_xml(const struct choice *c, xmlNodePtr parent, const char *name)
{
	xmlNodePtr list = x_el(parent, name);

	for (; c->code != NULL; c++) {
		xmlNodePtr o = x_el(list, "option");

		x_attr(o, "code", c->code);
		x_attr(o, "label", c->label);
	}
}

char *
form_join(struct req *r, const struct fval *v)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < v->nmulti; i++)
		len += strlen(v->multi[i]) + 1;
	s = pool_alloc(r->pool, len);
	for (i = 0; i < v->nmulti; i++) {
		if (i > 0)
			strcat(s, ",");
		strcat(s, v->multi[i]);
	}
	return s;
}

/* Drops every message of f, keeping the values as typed. */
static void
form_clear(struct form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		f->val[i].err = NULL;
	f->nerr = 0;
}

bool
form_step(struct req *r, struct form *f, const char *name)
{
	const char *step = kv_get(&r->form, "step");

	if (step == NULL || strcmp(step, name) != 0)
		return false;
	form_clear(f);
	return true;
}

bool
form_resumed(struct req *r, struct form *f)
{
	if (!r->resumed)
		return false;
	form_clear(f);
	return true;
}

unsigned long
form_township(const struct form *f, size_t i)
{
	const struct fval *v = &f->val[i];

	return v->present && v->err == NULL ? v->v.u : 0;
}

void
form_set_uint(struct req *r, struct form *f, size_t i, unsigned long u)
{
	f->val[i].present = true;
	f->val[i].raw = pool_printf(r->pool, "%lu", u);
	f->val[i].v.u = u;
}

void
form_preselect(struct req *r, struct form *f, size_t i)
{
	const char *q = kv_get(&r->query, f->fields[i].name);
	unsigned long u;

	if (q == NULL || !valid_uint(q, f->fields[i].max, &u) || u == 0)
		return;
	f->val[i].present = true;
	f->val[i].raw = q;
	f->val[i].v.u = u;
}
