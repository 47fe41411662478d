/* Page handlers of the responders, one file per page family. */
#ifndef LX_PAGES_H
#define LX_PAGES_H
#include "req.h"

/* public responder */
void page_home(struct req *r);
void page_volunteer_register(struct req *r);
void page_volunteer_registered(struct req *r);

/* staff responder */
void page_login(struct req *r);
void page_logout(struct req *r);
void page_staff_home(struct req *r);

#endif
