/* Service types (county admins): the list, adding a type, retiring one
 * (no longer offered; records that used it keep it) or restoring it. */
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "pages.h"
#include "ref.h"
#include "render.h"
#include "resp.h"
#include "service.h"
#include "station-scope.h"

enum tfield { TF_NAME, TF__MAX };

static const struct field type_fields[TF__MAX] = {
	[TF_NAME] = { "name", "服务类型名称", F_TEXT, F_REQUIRED, 10, NULL,
	    "请填写服务类型名称" },
};


/* Renders the list with the add form. */
static void
show_types(struct req *r, int status, const struct form *f,
    const char *notice)
{
	struct db_rows types, uses;
	xmlNodePtr root, list;
	size_t i, j;

	if (ref_service_types(r, &types) != DB_OK ||
	    service_type_uses(r, &uses) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	root = page_new(r, "service-types", "服务类型");
	list = x_el(root, "types");
	for (i = 0; i < types.nrows; i++) {
		xmlNodePtr e = x_el(list, "type");
		const char *n = "0";

		for (j = 0; j < uses.nrows; j++)
			if (strcmp(DB_CELL(&uses, j, 0),
			    DB_CELL(&types, i, 0)) == 0)
				n = DB_CELL(&uses, j, 1);
		x_attr(e, "id", DB_CELL(&types, i, 0));
		x_attr(e, "name", DB_CELL(&types, i, 1));
		x_attr(e, "active", DB_CELL(&types, i, 2));
		x_attr(e, "uses", n);
	}
	form_xml(f, root);
	if (notice != NULL)
		x_text(root, "notice", notice);
	(void)render_page(r, status, root);
}

/* GET, POST /admin/service-types */
void
page_service_types(struct req *r)
{
	struct form f;
	enum db_status s;

	if (r->method != METHOD_POST) {
		form_empty(r, &f, type_fields, TF__MAX, NULL);
		show_types(r, 200, &f, NULL);
		return;
	}
	if (form_check(r, &f, type_fields, TF__MAX, NULL) > 0) {
		show_types(r, 422, &f, "请看红色的提示。");
		return;
	}
	s = service_type_add(r, f.val[TF_NAME].raw, NULL);
	if (s == DB_DUPLICATE) {
		form_fail(&f, TF_NAME, "已有这个服务类型（如已停用，可在下面恢复）");
		show_types(r, 422, &f, "请看红色的提示。");
		return;
	}
	if (s != DB_OK) {
		show_types(r, 503, &f, "系统暂时繁忙，没有保存成功，请稍后再试。");
		return;
	}
	resp_redirect(r, "/admin/service-types");
}

/* POST /admin/service-types/ID/retire and …/restore */
static void
set_active(struct req *r, bool active)
{
	long long id = r->entity_id;  /* checked by the responder */
	enum db_status s;

	if (id == 0 || (s = service_type_set_active(r, id, active)) ==
	    DB_NOTFOUND) {
		render_error(r, 404, "没有找到这个服务类型。");
		return;
	}
	if (s != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return;
	}
	resp_redirect(r, "/admin/service-types");
}

void
page_service_type_retire(struct req *r)
{
	set_active(r, false);
}

void
page_service_type_restore(struct req *r)
{
	set_active(r, true);
}
