/* Reference data: fixed choice lists, and the county's townships and
 * villages from the database. */
#ifndef LX_REF_H
#define LX_REF_H
#include <limits.h>

#include "db.h"
#include "form.h"
#include "req.h"

extern const struct choice ref_skills[];
extern const struct choice ref_availability[];

#define REF_ALL_VILLAGES 0UL          /* every township's villages */
#define REF_NO_VILLAGES  ULONG_MAX    /* townships alone */

/* Adds <places township=><township id= name=><village id= name=/>…
 * </township>…</places> to parent: the active places in the county's
 * order, with the villages of township only (its id; then township= is
 * set), of all (REF_ALL_VILLAGES) or of none (REF_NO_VILLAGES). */
enum db_status ref_places_xml(struct req *r, xmlNodePtr parent,
    unsigned long township);
/* DB_OK if village belongs to township, DB_NOTFOUND if not. */
enum db_status ref_village_in_township(struct req *r, unsigned long village,
    unsigned long township);

#endif
