#include "pages.h"
#include "render.h"

/* GET /: the three services. */
void
page_home(struct req *r)
{
	(void)render_page(r, 200, page_new(r, "home", "一老一小服务平台"));
}
