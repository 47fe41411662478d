#include <stdio.h>
#include <string.h>

#include "county.h"
#include "db.h"

void
county_refresh(struct req *r, struct county *c)
{
	struct db_rows rows;
	size_t i;

	if (r->now < c->next)
		return;
	if (db_query(r->db, r->pool, SQL_COUNTY_SETTINGS, NULL, 0, &rows) !=
	    DB_OK) {
		c->next = r->now + COUNTY_RETRY;
		return;
	}
	for (i = 0; i < rows.nrows; i++) {
		const char *k = DB_CELL(&rows, i, 0), *v = DB_CELL(&rows, i, 1);

		if (strcmp(k, "county_code") == 0)
			snprintf(c->code, sizeof(c->code), "%s", v);
		else if (strcmp(k, "county_name") == 0)
			snprintf(c->name, sizeof(c->name), "%s", v);
		else if (strcmp(k, "bureau_name") == 0)
			snprintf(c->bureau, sizeof(c->bureau), "%s", v);
	}
	c->next = r->now + COUNTY_TTL;
}

char *
county_file_name(struct req *r, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *county = r->county != NULL ? r->county->name : "";
	char *out, *o;
	const unsigned char *s;

	if (*county == '\0')
		return pool_strdup(r->pool, name);
	s = (const unsigned char *)pool_printf(r->pool, "%s-%s", county, name);
	o = out = pool_alloc(r->pool, 3 * strlen((const char *)s) + 1);
	for (; *s != '\0'; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("-._", *s) != NULL)
			*o++ = (char)*s;
		else {
			*o++ = '%';
			*o++ = hex[*s >> 4];
			*o++ = hex[*s & 15];
		}
	*o = '\0';
	return out;
}
