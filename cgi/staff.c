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

	/* service logging */
	{ "/station/elders", METHOD_GET, ACCESS_STATION, page_elders },
	{ "/station/elders/new", METHOD_GET | METHOD_POST, ACCESS_STATION,
	    page_elder_new },
	{ "/station/elders/*/edit", METHOD_GET | METHOD_POST, ACCESS_STATION,
	    page_elder_edit },
	{ "/station/elders/*/deactivate", METHOD_POST, ACCESS_STATION,
	    page_elder_deactivate },
	{ "/station/elders/*/reactivate", METHOD_POST, ACCESS_STATION,
	    page_elder_reactivate },
	{ "/station/services", METHOD_GET, ACCESS_STATION, page_services },
	{ "/station/services/new", METHOD_GET | METHOD_POST, ACCESS_STATION,
	    page_service_new },
	{ "/station/services/*/edit", METHOD_GET | METHOD_POST, ACCESS_STATION,
	    page_service_edit },
	{ "/station/services/*/void", METHOD_POST, ACCESS_STATION,
	    page_service_void },
	{ "/station/hours", METHOD_GET, ACCESS_STATION, page_service_hours },
	{ "/admin/service-types", METHOD_GET | METHOD_POST, ACCESS_COUNTY,
	    page_service_types },
	{ "/admin/service-types/*/retire", METHOD_POST, ACCESS_COUNTY,
	    page_service_type_retire },
	{ "/admin/service-types/*/restore", METHOD_POST, ACCESS_COUNTY,
	    page_service_type_restore },
	{ "/admin/export/services.csv", METHOD_GET, ACCESS_STATION,
	    page_export_services },

	/* family-education classes */
	{ "/admin/classes", METHOD_GET, ACCESS_ADMIN, page_admin_classes },
	{ "/admin/classes/new", METHOD_GET | METHOD_POST, ACCESS_ADMIN,
	    page_admin_class_new },
	{ "/admin/classes/*/edit", METHOD_GET | METHOD_POST, ACCESS_ADMIN,
	    page_admin_class_edit },
	{ "/admin/classes/*/roster", METHOD_GET | METHOD_POST, ACCESS_ADMIN,
	    page_admin_class_roster },
	{ "/admin/classes/*/sheet", METHOD_GET, ACCESS_ADMIN,
	    page_admin_class_sheet },
	{ "/admin/export/enrolments.csv", METHOD_GET, ACCESS_ADMIN,
	    page_export_enrolments },
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
