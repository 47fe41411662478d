/* GET, POST /volunteer/lookup: a volunteer checks the review result and
 * hours with the volunteer number (or ID number) and the phone number
 * given at registration. A pair that matches nothing gets one neutral
 * answer, whichever half was wrong, and counts towards a hold on the
 * client address. The answer lists the volunteer's certificates and
 * offers to issue one; posting the pair again with a period issues it. */
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "form.h"
#include "pages.h"
#include "render.h"
#include "resp.h"
#include "service.h"
#include "review.h"
#include "throttle.h"
#include "valid.h"
#include "volunteer.h"

enum kfield { KF_NUMBER, KF_ID, KF_PHONE, KF_PERIOD, KF_FROM, KF_TO,
	KF__MAX };

static const struct field lookup_fields[KF__MAX] = {
	[KF_NUMBER] = { "number", "志愿者编号或身份证号码", F_TEXT, F_NUMBERLIKE,
	    20, NULL, NULL },
	/* The same, under the registration form's name. */
	[KF_ID] = { "id_number", "身份证号码", F_TEXT, F_NOECHO | F_NUMBERLIKE, 20,
	    NULL, NULL },
	[KF_PHONE] = { "phone", "手机号码", F_MOBILE, F_REQUIRED, 11, NULL,
	    NULL },
	/* With a period, a match also issues a certificate for it. */
	[KF_PERIOD] = CERT_FIELD_PERIOD(0),
	[KF_FROM] = CERT_FIELD_FROM,
	[KF_TO] = CERT_FIELD_TO,
};

static void
show_form(struct req *r, int status, const struct form *f, const char *notice)
{
	xmlNodePtr root = page_new(r, "volunteer-lookup", "志愿者查询");

	form_xml(f, root);
	if (notice != NULL)
		x_text(root, "notice", notice);
	(void)render_page(r, status, root);
}

/* Upper-case ASCII copy of s (numbers and a final x of ID numbers). */
static char *
upper(struct req *r, const char *s)
{
	char *u = pool_strdup(r->pool, s), *p;

	for (p = u; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return u;
}

/* Shows the volunteer's status, phone as posted. Found
 * by ID number (which someone else may have registered with their own
 * phone), only the review's outcome and its reason; the name, number,
 * station, hours and certificates (with the form that issues one) need the
 * volunteer number, which staff give the person they approved. */
static void
show_status(struct req *r, const struct volunteer_status *vs, bool by_id,
    const char *phone)
{
	xmlNodePtr root = page_new(r, "volunteer-status", "志愿者查询结果");
	xmlNodePtr v = x_el(root, "volunteer");
	long long minutes = 0;

	x_attr(v, "status", vs->status);
	x_attr(v, "status-label", review_status_label(vs->status));
	x_attr(v, "reason", vs->reason);
	if (by_id) {
		x_attr(v, "by-id", "1");
		(void)render_page(r, 200, root);
		return;
	}
	if (volunteer_minutes(r, vs->id, NULL, NULL, &minutes) != DB_OK ||
	    cert_list_xml(r, vs->id, root) != DB_OK) {
		render_error_instead(r, root, 503, MSG_BUSY);
		return;
	}
	x_attr(v, "name", vs->name);
	x_attr(v, "number", vs->number);
	x_attr(v, "station", vs->station);
	x_attr(v, "created", vs->created);
	x_attr(v, "station-address", vs->station_address);
	x_attr(v, "station-phone", vs->station_phone);
	x_attr(v, "hours", service_hours_text(r->pool, minutes));
	x_attr(v, "phone", phone);
	choices_xml(cert_periods, root, "periods");
	(void)render_page(r, 200, root);
}

/* The message of a wrong certificate period, or NULL: the look-up form
 * has no period fields to show it beside. */
static const char *
period_error(struct req *r, const struct form *f)
{
	size_t i;

	for (i = KF_PERIOD; i <= KF_TO; i++)
		if (f->val[i].err != NULL)
			return pool_printf(r->pool, "证明的期间有误：%s。",
			    f->val[i].err);
	return NULL;
}

/* Issues the matched volunteer's certificate for period and sends them
 * to it. */
static void
issue(struct req *r, const struct form *f, const struct volunteer_status *vs,
    const struct cert_period *period)
{
	enum cert_refusal why;
	const char *number, *access;

	switch (cert_issue(r, vs->id, period,
	    &why, &number, &access)) {
	case DB_OK:
		if (why == CERT_OK) {
			resp_redirect(r, pool_printf(r->pool,
			    "/volunteer/certificate/%s-%s", number, access));
			return;
		}
		show_form(r, 409, f, "审核通过、有了志愿者编号以后才能开具志愿"
		    "服务记录证明。");
		return;
	default:
		show_form(r, 503, f, "系统暂时繁忙，证明没有开具成功，请稍后再试。");
		return;
	}
}

void
page_volunteer_lookup(struct req *r)
{
	struct throttle_hold hold;
	struct volunteer_status vs;
	const char *key;
	bool is_id;
	struct cert_period period;
	struct form f;
	enum db_status s;
	long long attempt;

	if (r->method != METHOD_POST) {
		form_empty(r, &f, lookup_fields, KF__MAX, NULL);
		show_form(r, 200, &f, NULL);
		return;
	}
	form_check(r, &f, lookup_fields, KF__MAX, NULL);
	key = f.val[KF_NUMBER].present ? f.val[KF_NUMBER].raw :
	    f.val[KF_ID].raw;
	if (key == NULL && f.val[KF_NUMBER].err == NULL)
		form_fail(&f, KF_NUMBER, "请填写志愿者编号或身份证号码");
	if (f.nerr == 0 && f.val[KF_PERIOD].present)
		(void)cert_period_of(r, &f, KF_PERIOD, &period);
	if (f.nerr > 0) {
		show_form(r, 422, &f, period_error(r, &f) != NULL ?
		    period_error(r, &f) : "有几项需要修改，请看红色的提示。");
		return;
	}
	if ((s = throttle_take(r, &throttle_lookup_address, r->remote_addr,
	    &hold, &attempt)) != DB_OK)
		goto unavailable;
	if (hold.held) {
		show_form(r, 429, &f, pool_printf(r->pool, "查询次数太多了，"
		    "为保护志愿者的信息，暂时不能再查。%s", throttle_when(r, &hold)));
		return;
	}
	key = upper(r, key);
	is_id = valid_id_number(key, r->today_ymd, NULL) == VALID_ID_OK;
	s = volunteer_lookup(r, is_id ? NULL : key, is_id ? key : NULL,
	    f.val[KF_PHONE].raw, &vs);
	if (s != DB_OK && s != DB_NOTFOUND)
		goto unavailable;
	if (s == DB_OK) {
		if ((s = throttle_forgive(r, attempt)) != DB_OK)
			goto unavailable;
		if (f.val[KF_PERIOD].present && !is_id)
			issue(r, &f, &vs, &period);
		else
			show_status(r, &vs, is_id, f.val[KF_PHONE].raw);
		return;
	}
	show_form(r, 200, &f, "没有查到与这组信息相符的志愿者。请核对志愿者编号"
	    "（或身份证号码）和报名时留的手机号码，再试一次；如果刚报名，也可以"
	    "联系所在乡镇民政办。");
	return;
unavailable:
	show_form(r, 503, &f, MSG_BUSY);
}
