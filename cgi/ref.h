/* Reference data: fixed choice lists, and the county's townships and
 * villages from the database. */
#ifndef LX_REF_H
#define LX_REF_H
#include "db.h"
#include "form.h"
#include "req.h"

extern const struct choice ref_skills[];
extern const struct choice ref_availability[];

/* Adds <places><township id= name=><village id= name=/>…</township>…
 * </places> to parent. */
enum db_status ref_places_xml(struct req *r, xmlNodePtr parent);
/* DB_OK if village belongs to township, DB_NOTFOUND if not. */
enum db_status ref_village_in_township(struct req *r, unsigned long village,
    unsigned long township);

#endif
