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

/* The active townships in the county's order: rows of id, name. */
enum db_status ref_townships(struct req *r, struct db_rows *rows);
/* The active villages of active townships in the county's order, grouped
 * by township: rows of id, township_id, name; of every township
 * (REF_ALL_VILLAGES) or of township only. */
enum db_status ref_villages(struct req *r, unsigned long township,
    struct db_rows *rows);
/* DB_OK if township is an active township, DB_NOTFOUND if not. */
enum db_status ref_township_active(struct req *r, long long township);
/* The open stations of township (0: of every township), by township and
 * name: rows of id, name, township's name. */
enum db_status ref_stations(struct req *r, long long township,
    struct db_rows *rows);
/* Every service type, retired ones too, in the order they are offered:
 * rows of id, name, active ("1" or "0"). */
enum db_status ref_service_types(struct req *r, struct db_rows *rows);
/* Adds <places township=><township id= name=><village id= name=/>…
 * </township>…</places> to parent: the active places in the county's
 * order, with the villages of township only (its id; then township= is
 * set), of all (REF_ALL_VILLAGES) or of none (REF_NO_VILLAGES). */
enum db_status ref_places_xml(struct req *r, xmlNodePtr parent,
    unsigned long township);
/* DB_OK if village is an active village of an active township,
 * DB_NOTFOUND if not. */
enum db_status ref_village_active(struct req *r, unsigned long village);
/* DB_OK if village belongs to township, DB_NOTFOUND if not. */
enum db_status ref_village_in_township(struct req *r, unsigned long village,
    unsigned long township);
/* The data's revision (sql/018): a text that is the same for two reads
 * exactly when nothing a staff page shows changed in between, nor did a
 * class begin. Made from row 0 of a result whose columns col and col + 1
 * are the revision's (DATA_REVISION_COLUMNS in sql.c, read with the
 * session: SQL_SESSION_LOOKUP_REVISION); NULL if they are empty. */
const char *ref_revision_of(struct req *r, const struct db_rows *rows,
    size_t col);

#endif
