/* Page handlers of the responders, one file per page family. */
#ifndef LX_PAGES_H
#define LX_PAGES_H
#include <stdbool.h>

#include "req.h"

/* public responder */
void page_home(struct req *r);
void page_volunteer_register(struct req *r);
void page_volunteer_registered(struct req *r);
/* volunteer look-up */
void page_volunteer_lookup(struct req *r);
/* volunteer service certificates */
void page_certificate(struct req *r);
void page_verify(struct req *r);

/* public responder: family-education classes */
void page_classes(struct req *r);
void page_class(struct req *r);
void page_class_enrolment(struct req *r);

/* staff responder */
void page_login(struct req *r);
void page_logout(struct req *r);
struct route;
/* A staff form posted without a live session (struct program's resume). */
bool page_resume(struct req *r, const struct route *rt, bool csrf_ok,
    bool gettable);
void page_staff_home(struct req *r);
/* staff accounts, volunteer review, export, audit */
void page_password(struct req *r);
void page_staff_list(struct req *r);
void page_staff_new(struct req *r);
void page_staff_show(struct req *r);
void page_staff_disable(struct req *r);
void page_staff_enable(struct req *r);
void page_staff_reset(struct req *r);
void page_stations(struct req *r);
void page_review_list(struct req *r);
void page_review_show(struct req *r);
void page_review_approve(struct req *r);
void page_review_reject(struct req *r);
void page_review_deactivate(struct req *r);
void page_review_reactivate(struct req *r);
void page_review_id_number(struct req *r);
void page_review_certificate(struct req *r);
void page_review_cert_revoke(struct req *r);
void page_export_volunteers(struct req *r);
void page_audit(struct req *r);

/* staff responder: service logging (elders, services, hours, types) */
void page_elders(struct req *r);
void page_elder_new(struct req *r);
void page_elder_edit(struct req *r);
void page_elder_deactivate(struct req *r);
void page_elder_reactivate(struct req *r);
void page_services(struct req *r);
void page_service_new(struct req *r);
void page_service_edit(struct req *r);
void page_service_void(struct req *r);
void page_service_hours(struct req *r);
void page_service_types(struct req *r);
void page_service_type_retire(struct req *r);
void page_service_type_restore(struct req *r);
void page_export_services(struct req *r);

/* staff responder: family-education classes */
void page_admin_classes(struct req *r);
void page_admin_class_new(struct req *r);
void page_admin_class_edit(struct req *r);
void page_admin_class_roster(struct req *r);
void page_admin_class_sheet(struct req *r);
void page_export_enrolments(struct req *r);

/* the county's figures */
void page_dashboard(struct req *r);
void page_dashboard_report(struct req *r);
void page_export_dashboard(struct req *r);

#endif
