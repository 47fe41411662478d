/* The public responder: home, volunteer and class pages that anyone may
 * open, without signing in. */
#include "pages.h"
#include "srv.h"

static const struct route routes[] = {
	{ "/", METHOD_GET, ACCESS_ANYONE, page_home },
	{ "/healthz", METHOD_GET, ACCESS_ANYONE, page_healthz, SCOPE_NONE,
	    ROUTE_BARE },
	{ "/volunteer/register", METHOD_GET | METHOD_POST, ACCESS_ANYONE,
	    page_volunteer_register },
	{ "/volunteer/register/done", METHOD_GET, ACCESS_ANYONE,
	    page_volunteer_registered },
	/* volunteer look-up */
	{ "/volunteer/lookup", METHOD_GET | METHOD_POST, ACCESS_ANYONE,
	    page_volunteer_lookup },
	/* volunteer service certificates: the certificate, its verification */
	{ "/volunteer/certificate/*", METHOD_GET, ACCESS_ANYONE,
	    page_certificate },
	{ "/verify/*", METHOD_GET, ACCESS_ANYONE, page_verify },

	/* family-education classes */
	{ "/classes", METHOD_GET, ACCESS_ANYONE, page_classes },
	{ "/classes/*", METHOD_GET | METHOD_POST, ACCESS_ANYONE, page_class },
	{ "/classes/enrolment/*", METHOD_GET | METHOD_POST, ACCESS_ANYONE,
	    page_class_enrolment },
};

int
main(int argc, char **argv)
{
	static const struct program prog = {
		"laoxiao-public", routes, sizeof(routes) / sizeof(routes[0]), NULL,
		NULL
	};

	return srv_main(argc, argv, &prog);
}
