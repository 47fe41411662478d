#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "class.h"
#include "crypt.h"
#include "elder.h"
#include "idnum.h"
#include "valid.h"

const struct choice elder_living[] = {
	{ "alone", "独自居住" },
	{ "couple", "与老伴同住" },
	{ "children", "与子女同住" },
	{ "relatives", "与其他亲属同住" },
	{ "other", "其他" },
	{ NULL, NULL }
};

const struct choice elder_care[] = {
	{ "empty_nest", "空巢" },
	{ "left_behind", "留守" },
	{ "alone", "独居" },
	{ "disabled", "失能/半失能" },
	{ "poverty", "特困" },
	{ "dibao", "低保" },
	{ "wubao", "五保" },
	{ NULL, NULL }
};

enum db_status
elder_find(struct req *r, const char *id_number, struct elder_where *where)
{
	unsigned char hash[CRYPT_HASH_LEN];
	struct db_param p[1];
	struct db_rows rows;
	enum db_status s;

	crypt_lookup_hash(id_number, hash);
	p[0] = DP_BLOB(hash, sizeof(hash));
	if ((s = db_query_one(r->db, r->pool, SQL_ELDER_BY_HASH, p, 1, &rows)) !=
	    DB_OK)
		return s;
	where->id = strtoll(DB_CELL(&rows, 0, 0), NULL, 10);
	where->station_id = strtoll(DB_CELL(&rows, 0, 1), NULL, 10);
	where->station_name = DB_CELL(&rows, 0, 2);
	return DB_OK;
}

/* Fills e from row i of a SQL_ELDER_LIST result (of station_id). */
static void
elder_from_list_rows(const struct db_rows *rows, size_t i,
    long long station_id, struct elder *e)
{
	memset(e, 0, sizeof(*e));
	e->id = db_num(DB_CELL(rows, i, 0));
	e->station_id = station_id;
	e->name = DB_CELL(rows, i, 1);
	e->id_mask = DB_CELL(rows, i, 2);
	e->sex = DB_CELL(rows, i, 3);
	e->birth_date = DB_CELL(rows, i, 4);
	e->village = DB_CELL(rows, i, 5);
	e->living = DB_CELL(rows, i, 6);
	e->care = DB_CELL(rows, i, 7);
	e->contact_name = DB_CELL(rows, i, 8);
	e->contact_phone = DB_CELL(rows, i, 9);
	e->active = strcmp(DB_CELL(rows, i, 10), "1") == 0;
}

enum db_status
elder_list(struct req *r, long long station_id, bool all,
    struct elder **list, size_t *n)
{
	struct db_param p[] = { DP_INT(station_id), DP_INT(all ? 1 : 0) };
	struct db_rows rows;
	enum db_status s;
	size_t i;

	*list = NULL;
	*n = 0;
	if ((s = db_query(r->db, r->pool, SQL_ELDER_LIST, p, 2, &rows)) !=
	    DB_OK)
		return s;
	*list = pool_alloc(r->pool, (rows.nrows + 1) * sizeof(**list));
	for (i = 0; i < rows.nrows; i++)
		elder_from_list_rows(&rows, i, station_id, &(*list)[i]);
	*n = rows.nrows;
	return DB_OK;
}

enum db_status
elder_choices(struct req *r, long long station_id, struct db_rows *rows)
{
	struct db_param p[] = { DP_INT(station_id) };

	return db_query(r->db, r->pool, SQL_ELDER_CHOICES, p, 1, rows);
}

enum db_status
elder_choice(struct req *r, long long station_id, long long id,
    struct db_rows *rows)
{
	struct db_param p[] = { DP_INT(id), DP_INT(station_id) };

	return db_query(r->db, r->pool, SQL_ELDER_CHOICE_ONE, p, 2, rows);
}

enum db_status
elder_get(struct req *r, long long id, struct elder *out)
{
	struct db_param p[] = { DP_INT(id) };
	struct db_rows rows;
	enum db_status s;

	if ((s = db_query_one(r->db, r->pool, SQL_ELDER_GET, p, 1, &rows)) != DB_OK)
		return s;
	out->id = strtoll(DB_CELL(&rows, 0, 0), NULL, 10);
	out->station_id = strtoll(DB_CELL(&rows, 0, 1), NULL, 10);
	out->name = DB_CELL(&rows, 0, 2);
	out->id_mask = DB_CELL(&rows, 0, 3);
	out->sex = DB_CELL(&rows, 0, 4);
	out->birth_date = DB_CELL(&rows, 0, 5);
	out->village_id = strtoll(DB_CELL(&rows, 0, 6), NULL, 10);
	out->village = DB_CELL(&rows, 0, 7);
	out->living = DB_CELL(&rows, 0, 8);
	out->care = DB_CELL(&rows, 0, 9);
	out->contact_name = DB_CELL(&rows, 0, 10);
	out->contact_phone = DB_CELL(&rows, 0, 11);
	out->notes = DB_CELL(&rows, 0, 12);
	out->active = strcmp(DB_CELL(&rows, 0, 13), "1") == 0;
	return DB_OK;
}

/* The audit text of an entry (never the full ID number nor the full
 * phone number). */
static const char *
audit_text(struct req *r, const char *mask, unsigned long village,
    const struct elder_in *e)
{
	return pool_printf(r->pool, "name=%s; id_mask=%s; village=%lu; "
	    "living=%s; care=%s; contact=%s %s; notes=%s", e->name, mask,
	    village, e->living, e->care, e->contact_name,
	    class_phone_mask(r->pool, e->contact_phone), e->notes);
}

static const char *
audit_old(struct req *r, const struct elder *o)
{
	return pool_printf(r->pool, "name=%s; id_mask=%s; village=%lld; "
	    "living=%s; care=%s; contact=%s %s; notes=%s; active=%d", o->name,
	    o->id_mask, o->village_id, o->living, o->care, o->contact_name,
	    class_phone_mask(r->pool, o->contact_phone), o->notes,
	    o->active ? 1 : 0);
}

/* Runs statement id with p inside a transaction together with its audit
 * row; *new_id gets the insert id (may be NULL). */
static enum db_status
write_audited_once(struct req *r, enum sql_id id, const struct db_param *p,
    size_t n, const char *action, long long entity, const char *before,
    const char *after, long long *new_id)
{
	unsigned long long ins = 0, affected = 0;
	enum db_status s;

	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = db_exec(r->db, id, p, n, &affected, &ins)) != DB_OK)
		goto fail;
	if (entity == 0)
		entity = (long long)ins;
	if ((s = audit_log(r, action, "elder", entity, before, after)) != DB_OK)
		goto fail;
	if ((s = db_commit(r->db)) != DB_OK)
		return s;
	if (new_id != NULL)
		*new_id = entity;
	return DB_OK;
fail:
	db_rollback(r->db);
	return s;
}

/* write_audited_once, run again from the start after a conflict (DB_RETRY). */
static enum db_status
write_audited(struct req *r, enum sql_id id, const struct db_param *p,
    size_t n, const char *action, long long entity, const char *before,
    const char *after, long long *new_id)
{
	enum db_status s;

	DB_RETRY(r->db, s, write_audited_once(r, id, p, n, action, entity,
	    before, after, new_id));
	return s;
}

enum db_status
elder_insert(struct req *r, long long station_id, const struct elder_in *e,
    long long *id)
{
	struct idnum in;

	if (idnum_protect(r->pool, e->id_number, e->birth_ymd, e->sex, &in) != 0)
		return DB_ERROR;
	{
		struct db_param p[] = {
			DP_INT(station_id), DP_STR(e->name),
			DP_BLOB(in.sealed, in.sealed_len),
			DP_BLOB(in.hash, sizeof(in.hash)),
			DP_STR(in.mask), DP_STR(in.sex), DP_STR(in.birth),
			DP_INT(e->village_id), DP_STR(e->living), DP_STR(e->care),
			DP_STR(e->contact_name), DP_STR(e->contact_phone),
			DP_STR(e->notes),
		};

		return write_audited(r, SQL_ELDER_INSERT, p,
		    sizeof(p) / sizeof(p[0]), "elder.create", 0, NULL,
		    audit_text(r, in.mask, e->village_id, e), id);
	}
}

enum db_status
elder_update(struct req *r, const struct elder *old, const struct elder_in *e)
{
	const char *before = audit_old(r, old);
	struct idnum in;

	if (e->id_number == NULL) {
		struct db_param p[] = {
			DP_STR(e->name), DP_INT(e->village_id),
			DP_STR(e->living), DP_STR(e->care),
			DP_STR(e->contact_name), DP_STR(e->contact_phone),
			DP_STR(e->notes), DP_INT(old->id),
		};

		return write_audited(r, SQL_ELDER_UPDATE, p,
		    sizeof(p) / sizeof(p[0]), "elder.edit", old->id, before,
		    audit_text(r, old->id_mask, e->village_id, e), NULL);
	}
	if (idnum_protect(r->pool, e->id_number, e->birth_ymd, e->sex, &in) != 0)
		return DB_ERROR;
	{
		struct db_param p[] = {
			DP_STR(e->name), DP_BLOB(in.sealed, in.sealed_len),
			DP_BLOB(in.hash, sizeof(in.hash)), DP_STR(in.mask),
			DP_STR(in.sex), DP_STR(in.birth), DP_INT(e->village_id), DP_STR(e->living),
			DP_STR(e->care), DP_STR(e->contact_name),
			DP_STR(e->contact_phone), DP_STR(e->notes),
			DP_INT(old->id),
		};

		return write_audited(r, SQL_ELDER_UPDATE_ID, p,
		    sizeof(p) / sizeof(p[0]), "elder.edit", old->id, before,
		    audit_text(r, in.mask, e->village_id, e), NULL);
	}
}

enum db_status
elder_set_active(struct req *r, const struct elder *e, bool active)
{
	struct db_param p[] = { DP_INT(active ? 1 : 0), DP_INT(e->id) };

	return write_audited(r, SQL_ELDER_SET_ACTIVE, p, 2,
	    active ? "elder.reactivate" : "elder.deactivate", e->id,
	    pool_printf(r->pool, "active=%d", e->active ? 1 : 0),
	    pool_printf(r->pool, "active=%d", active ? 1 : 0), NULL);
}
