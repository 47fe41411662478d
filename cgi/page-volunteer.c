/* Volunteer registration: GET shows the form, POST checks it and stores a
 * pending registration for the township to review. */
#include <stdbool.h>
#include <string.h>

#include "form.h"
#include "pages.h"
#include "ref.h"
#include "render.h"
#include "resp.h"
#include "throttle.h"
#include "valid.h"
#include "volunteer.h"

#define ADULT_AGE 18
#define STR(x) #x
#define AGE_TEXT(x) STR(x)

enum vfield {
	VF_NAME, VF_ID, VF_PHONE, VF_TOWNSHIP, VF_VILLAGE, VF_ADDRESS,
	VF_SKILLS, VF_AVAILABILITY, VF_CONSENT, VF__MAX
};

static const struct field volunteer_fields[VF__MAX] = {
	[VF_NAME] = { "name", "姓名", F_NAME, F_REQUIRED, 20, NULL, NULL },
	[VF_ID] = { "id_number", "身份证号码", F_IDNUM, F_REQUIRED, 18, NULL,
	    NULL },
	[VF_PHONE] = { "phone", "手机号码", F_MOBILE, F_REQUIRED, 11, NULL,
	    NULL },
	[VF_TOWNSHIP] = { "township", "乡镇", F_UINT, F_REQUIRED, RECORD_ID_MAX,
	    NULL, "请选择所在乡镇" },
	[VF_VILLAGE] = { "village", "村（社区）", F_UINT, F_REQUIRED,
	    RECORD_ID_MAX, NULL, "请选择所在村（社区）" },
	[VF_ADDRESS] = { "address", "详细住址", F_TEXT, 0, 60, NULL, NULL },
	[VF_SKILLS] = { "skills", "服务特长", F_CHOICE, F_REQUIRED | F_MULTI,
	    0, ref_skills, "请至少选择一项服务特长" },
	[VF_AVAILABILITY] = { "availability", "可服务时间", F_CHOICE,
	    F_REQUIRED | F_MULTI, 0, ref_availability,
	    "请至少选择一个可服务时间" },
	[VF_CONSENT] = { "consent", "同意", F_CHECK, F_REQUIRED | F_NOECHO, 0,
	    NULL, "请阅读个人信息处理说明，并勾选“我已阅读并同意”" },
};

#define FORM_PAGE "volunteer-register"
#define FORM_TITLE "报名互助养老志愿者"
#define FORM_PATH "/volunteer/register"

/* The form's choice lists and its fields under root. */
static void
form_parts(xmlNodePtr root, const struct form *f)
{
	choices_xml(ref_skills, root, "skills");
	choices_xml(ref_availability, root, "availability");
	form_xml(f, root);
}

/* What a registration with an ID number already registered is told,
 * beside the number: no more than that it cannot go on here, and how the
 * person whose number it is reaches staff (someone else may have used
 * it). The page then links to the look-up it names. */
#define MSG_ID_TAKEN "这个身份证号码不能在网上报名。如果您已经报过名，可到" \
	"“志愿者查询”查看审核进度；如果您没有报过名，或者不知道是谁用了您的" \
	"身份证号码，请带上身份证到所在乡镇民政办或县民政局当面办理，工作人员" \
	"核实后为您处理。"

/* Renders the form with its values and messages; notice (may be NULL) is a
 * message for the whole form. The villages listed are the chosen
 * township's, or all of them grouped when none is chosen. With status 503
 * the database is not asked again (it just failed), so the page comes back
 * without waiting. */
static void
show_form(struct req *r, int status, const struct form *f, const char *notice)
{
	xmlNodePtr root = page_new(r, FORM_PAGE, FORM_TITLE);

	/* With the database away, the form still comes back with what was
	 * typed (the chosen places ride along as hidden fields). */
	if ((status == 503 || ref_places_xml(r, root,
	    form_township(f, VF_TOWNSHIP)) != DB_OK) &&
	    notice == NULL) {
		render_error_instead(r, root, 503, MSG_BUSY);
		return;
	}
	form_parts(root, f);
	if (f->val[VF_ID].err != NULL &&
	    strcmp(f->val[VF_ID].err, MSG_ID_TAKEN) == 0)
		x_el(root, "id-taken");
	if (notice != NULL)
		x_text(root, "notice", notice);
	(void)render_page(r, status, root);
}

/* The empty form, the same for every visitor: a shared page, one for each
 * township it may be narrowed to (*arg; 0: none, all villages grouped). */
static int
blank_form(struct req *blank, xmlNodePtr root, const void *arg)
{
	const unsigned long township = *(const unsigned long *)arg;
	struct form f;

	form_empty(blank, &f, volunteer_fields, VF__MAX, NULL);
	if (township != 0)
		form_set_uint(blank, &f, VF_TOWNSHIP, township);
	if (ref_places_xml(blank, root, township) != DB_OK)
		return -1;
	form_parts(root, &f);
	return 0;
}

/* Checks what the table cannot: age, the village against the township
 * (a registration already made with the ID number is found later, by
 * the insert, once the form is valid and counted: page_volunteer_register). */
static enum db_status
check_more(struct req *r, struct form *f)
{
	const struct fval *v = f->val;
	enum db_status s;

	if (v[VF_ID].err == NULL &&
	    valid_age(v[VF_ID].v.id.birth_ymd, r->today_ymd) < ADULT_AGE)
		form_fail(f, VF_ID, "未满" AGE_TEXT(ADULT_AGE) "周岁暂不能在此"
		    "报名。未成年人参加志愿服务，请通过学校或在监护人陪同下"
		    "联系村（社区）报名。");
	if (v[VF_TOWNSHIP].err == NULL && v[VF_VILLAGE].err == NULL) {
		s = ref_village_in_township(r, v[VF_VILLAGE].v.u,
		    v[VF_TOWNSHIP].v.u);
		if (s == DB_NOTFOUND)
			form_fail(f, VF_VILLAGE, "所选村（社区）不属于所选乡镇，"
			    "请重新选择");
		else if (s != DB_OK)
			return s;
	}
	return DB_OK;
}

/* Whether this address has sent too many registrations lately: counts
 * this one (a registration is counted whether or not it is taken, so that
 * the answer about a registered ID number is rationed too) and, when
 * held, answers 429 with the form kept and returns true. */
static bool
too_many(struct req *r, struct form *f, enum db_status *s)
{
	struct throttle_hold hold;
	long long attempt;

	*s = DB_OK;
	if (throttle_office(r))
		return false;
	if ((*s = throttle_take(r, &throttle_register_address, r->remote_addr,
	    &hold, &attempt)) != DB_OK || !hold.held)
		return false;
	show_form(r, 429, f, pool_printf(r->pool, "从这里提交的报名太多了，"
	    "请稍后再提交。您填写的内容都还在。%s", throttle_when(r, &hold)));
	return true;
}

void
page_volunteer_register(struct req *r)
{
	struct form f;
	struct volunteer_new nv;
	const struct fval *v;
	enum db_status s;

	if (r->method != METHOD_POST) {
		unsigned long township;

		form_empty(r, &f, volunteer_fields, VF__MAX, NULL);
		form_preselect(r, &f, VF_TOWNSHIP);
		township = form_township(&f, VF_TOWNSHIP);
		if (render_shared(r, pool_printf(r->pool, "%s?township=%lu",
		    FORM_PAGE, township), FORM_PAGE, FORM_TITLE, FORM_PATH,
		    blank_form, &township) != 0)
			render_error(r, 503, MSG_BUSY);
		return;
	}
	form_check(r, &f, volunteer_fields, VF__MAX, NULL);
	if (form_step(r, &f, "township")) {
		show_form(r, 200, &f, NULL);
		return;
	}
	if ((s = check_more(r, &f)) != DB_OK)
		goto unavailable;
	if (f.nerr > 0) {
		show_form(r, 422, &f, "有几项需要修改，请看红色的提示。");
		return;
	}
	/* Only a complete, valid registration is counted, and only then is
	 * it stored (which finds its ID number if registered already). */
	if (too_many(r, &f, &s))
		return;
	if (s != DB_OK)
		goto unavailable;
	v = f.val;
	memset(&nv, 0, sizeof(nv));
	nv.name = v[VF_NAME].raw;
	nv.id_number = v[VF_ID].raw;
	nv.sex = v[VF_ID].v.id.sex;
	nv.birth_ymd = v[VF_ID].v.id.birth_ymd;
	nv.phone = v[VF_PHONE].raw;
	nv.township_id = v[VF_TOWNSHIP].v.u;
	nv.village_id = v[VF_VILLAGE].v.u;
	nv.address = v[VF_ADDRESS].raw != NULL ? v[VF_ADDRESS].raw : "";
	nv.skills = form_join(r, &v[VF_SKILLS]);
	nv.availability = form_join(r, &v[VF_AVAILABILITY]);
	/* An ID number registered already is found by the insert itself
	 * (the unique key on its hash), not by a read before it. */
	s = volunteer_insert(r, &nv, NULL);
	if (s == DB_DUPLICATE)
		goto taken;
	if (s != DB_OK)
		goto unavailable;
	resp_redirect(r, "/volunteer/register/done");
	return;
taken:
	form_fail(&f, VF_ID, MSG_ID_TAKEN);
	show_form(r, 422, &f, "有几项需要修改，请看红色的提示。");
	return;
unavailable:
	show_form(r, 503, &f, "系统暂时繁忙，报名没有提交成功。您填写的内容都还在，"
	    "请过一会儿再点“提交报名”。");
}

/* GET /volunteer/register/done: what happens next. */
void
page_volunteer_registered(struct req *r)
{
	(void)render_page(r, 200, page_new(r, "volunteer-registered",
	    "报名已提交"));
}
