/* The county's places from a division-code file (data/places-NNNNNN.csv:
 * level,code,name,parent_code): read and checked whole first, then
 * brought into the database in one transaction (laoxiao-tool places). */
#ifndef LX_PLACES_H
#define LX_PLACES_H
#include <stdio.h>

#include "db.h"
#include "req.h"

#define PLACES_NAME_MAX 40   /* code points, as the name columns */

enum place_level { PLACE_COUNTY, PLACE_TOWNSHIP, PLACE_VILLAGE };

struct place {
	enum place_level level;
	const char *code, *name, *parent;   /* name already mapped */
	unsigned line;
};

struct place_file {
	struct place county;
	struct place *town, *vill;          /* in file order */
	size_t ntown, nvill;
};

/* The place name of a committee name: …村民委员会 → …村,
 * …社区居民委员会 → …社区, anything else unchanged (a pool copy). */
char *places_name(struct pool *pool, const char *committee);
/* Parses the text of a whole file into f (pool copies). Returns 0, or -1
 * with *err = "LINE: what is wrong" and f unusable. */
int places_parse(struct pool *pool, const char *text, size_t len,
    struct place_file *f, const char **err);
/* places_parse on the file at path; *err also names an unreadable file. */
int places_read(struct pool *pool, const char *path, struct place_file *f,
    const char **err);
/* Makes the database match f in one transaction: adds, renames (by code),
 * reactivates and deactivates places, sets the county's code and name
 * (and its bureau when the county changes). Writes one line per change
 * to out and sets *changes. DB_OK, or the failing status (rolled back). */
enum db_status places_apply(struct req *r, const struct place_file *f,
    FILE *out, size_t *changes);

#endif
