/* The staff responder: sign-in, station pages and admin pages. Every
 * route names who may use it and, when a '*' names a record, the record's
 * kind; the responder checks both (and the CSRF token of every POST)
 * before the handler runs. Lists limit their rows with scope_of(). */
#include "pages.h"
#include "scope.h"
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
	    page_elder_new, SCOPE_NONE, ROUTE_RESUMABLE },
	{ "/station/elders/*/edit", METHOD_GET | METHOD_POST, ACCESS_STATION,
	    page_elder_edit, SCOPE_ELDER, ROUTE_RESUMABLE },
	{ "/station/elders/*/deactivate", METHOD_POST, ACCESS_STATION,
	    page_elder_deactivate, SCOPE_ELDER },
	{ "/station/elders/*/reactivate", METHOD_POST, ACCESS_STATION,
	    page_elder_reactivate, SCOPE_ELDER },
	{ "/station/services", METHOD_GET, ACCESS_STATION, page_services,
	    SCOPE_NONE, ROUTE_KEPT },
	{ "/station/services/new", METHOD_GET | METHOD_POST, ACCESS_STATION,
	    page_service_new, SCOPE_NONE, ROUTE_RESUMABLE },
	{ "/station/services/*/edit", METHOD_GET | METHOD_POST, ACCESS_STATION,
	    page_service_edit, SCOPE_SERVICE, ROUTE_RESUMABLE },
	{ "/station/services/*/void", METHOD_POST, ACCESS_STATION,
	    page_service_void, SCOPE_SERVICE },
	{ "/station/hours", METHOD_GET, ACCESS_STATION, page_service_hours },
	{ "/admin/service-types", METHOD_GET | METHOD_POST, ACCESS_COUNTY,
	    page_service_types },
	{ "/admin/service-types/*/retire", METHOD_POST, ACCESS_COUNTY,
	    page_service_type_retire, SCOPE_SERVICE_TYPE },
	{ "/admin/service-types/*/restore", METHOD_POST, ACCESS_COUNTY,
	    page_service_type_restore, SCOPE_SERVICE_TYPE },
	{ "/admin/export/services.csv", METHOD_GET, ACCESS_STATION,
	    page_export_services },
	/* staff accounts, volunteer review, export, audit */
	{ "/admin/password", METHOD_GET | METHOD_POST, ACCESS_STAFF,
	    page_password, SCOPE_NONE, ROUTE_BEFORE_PASSWORD },
	{ "/admin/staff", METHOD_GET, ACCESS_ADMIN, page_staff_list },
	{ "/admin/staff/new", METHOD_GET | METHOD_POST, ACCESS_ADMIN,
	    page_staff_new },
	{ "/admin/staff/*", METHOD_GET, ACCESS_ADMIN, page_staff_show,
	    SCOPE_STAFF },
	{ "/admin/staff/*/disable", METHOD_POST, ACCESS_ADMIN,
	    page_staff_disable, SCOPE_STAFF },
	{ "/admin/staff/*/enable", METHOD_POST, ACCESS_ADMIN,
	    page_staff_enable, SCOPE_STAFF },
	{ "/admin/staff/*/reset-password", METHOD_POST, ACCESS_ADMIN,
	    page_staff_reset, SCOPE_STAFF },
	{ "/admin/stations", METHOD_GET, ACCESS_ADMIN, page_stations },
	{ "/admin/volunteers", METHOD_GET, ACCESS_ADMIN, page_review_list },
	{ "/admin/volunteers/*", METHOD_GET, ACCESS_ADMIN, page_review_show,
	    SCOPE_VOLUNTEER },
	{ "/admin/volunteers/*/approve", METHOD_POST, ACCESS_ADMIN,
	    page_review_approve, SCOPE_VOLUNTEER },
	{ "/admin/volunteers/*/reject", METHOD_POST, ACCESS_ADMIN,
	    page_review_reject, SCOPE_VOLUNTEER },
	{ "/admin/volunteers/*/deactivate", METHOD_POST, ACCESS_ADMIN,
	    page_review_deactivate, SCOPE_VOLUNTEER },
	{ "/admin/volunteers/*/reactivate", METHOD_POST, ACCESS_ADMIN,
	    page_review_reactivate, SCOPE_VOLUNTEER },
	{ "/admin/volunteers/*/id-number", METHOD_POST, ACCESS_COUNTY,
	    page_review_id_number, SCOPE_VOLUNTEER },
	{ "/admin/volunteers/*/certificate", METHOD_POST, ACCESS_ADMIN,
	    page_review_certificate, SCOPE_VOLUNTEER },
	{ "/admin/certificates/*/revoke", METHOD_POST, ACCESS_ADMIN,
	    page_review_cert_revoke, SCOPE_CERTIFICATE },
	{ "/admin/export/volunteers.csv", METHOD_GET, ACCESS_STAFF,
	    page_export_volunteers },
	{ "/admin/audit", METHOD_GET, ACCESS_COUNTY, page_audit },

	/* family-education classes */
	{ "/admin/classes", METHOD_GET, ACCESS_ADMIN, page_admin_classes },
	{ "/admin/classes/new", METHOD_GET | METHOD_POST, ACCESS_ADMIN,
	    page_admin_class_new, SCOPE_NONE, ROUTE_RESUMABLE },
	{ "/admin/classes/*/edit", METHOD_GET | METHOD_POST, ACCESS_ADMIN,
	    page_admin_class_edit, SCOPE_CLASS, ROUTE_RESUMABLE },
	{ "/admin/classes/*/roster", METHOD_GET | METHOD_POST, ACCESS_ADMIN,
	    page_admin_class_roster, SCOPE_CLASS },
	{ "/admin/classes/*/sheet", METHOD_GET, ACCESS_ADMIN,
	    page_admin_class_sheet, SCOPE_CLASS },
	{ "/admin/export/enrolments.csv", METHOD_GET, ACCESS_ADMIN,
	    page_export_enrolments },
	/* the county's figures: county admins, township admins (their own) */
	{ "/admin/dashboard", METHOD_GET, ACCESS_ADMIN, page_dashboard,
	    SCOPE_NONE, ROUTE_KEPT },
	{ "/admin/dashboard/report.txt", METHOD_GET, ACCESS_ADMIN,
	    page_dashboard_report },
	{ "/admin/export/dashboard.csv", METHOD_GET, ACCESS_ADMIN,
	    page_export_dashboard },
};

int
main(int argc, char **argv)
{
	static const struct program prog = {
		"laoxiao-staff", routes, sizeof(routes) / sizeof(routes[0]),
		sess_authenticate, page_resume
	};

	return srv_main(argc, argv, &prog);
}
