/* The staff responder: sign-in, station pages and admin pages. Every
 * route names who may use it; the responder checks that (and the CSRF
 * token of every POST) before the handler runs. Pages that show rows
 * limit them to the staff member's township or station themselves. */
#include "pages.h"
#include "sess.h"
#include "srv.h"

static const struct route routes[] = {
	{ "/login", METHOD_GET | METHOD_POST, ACCESS_ANYONE, page_login },
	{ "/logout", METHOD_POST, ACCESS_ANYONE, page_logout },
	{ "/admin/", METHOD_GET, ACCESS_ADMIN, page_staff_home },
	{ "/station/", METHOD_GET, ACCESS_STATION, page_staff_home },
};

int
main(int argc, char **argv)
{
	static const struct program prog = {
		"laoxiao-staff", routes, sizeof(routes) / sizeof(routes[0]),
		sess_authenticate
	};

	return srv_main(argc, argv, &prog);
}
