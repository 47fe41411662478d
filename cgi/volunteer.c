#include <stdio.h>
#include <string.h>

#include "crypt.h"
#include "idnum.h"
#include "valid.h"
#include "volunteer.h"

enum db_status
volunteer_lookup(struct req *r, const char *number, const char *id_number,
    const char *phone, struct volunteer_status *v)
{
	unsigned char hash[CRYPT_HASH_LEN];
	struct db_param p[3];
	struct db_rows rows;
	enum db_status s;

	memset(v, 0, sizeof(*v));
	p[0] = number != NULL ? DP_STR(number) : DP_NULL;
	p[1] = DP_NULL;
	if (number == NULL) {
		crypt_lookup_hash(id_number, hash);
		p[1] = DP_BLOB(hash, sizeof(hash));
	}
	p[2] = DP_STR(phone);
	if ((s = db_query(r->db, r->pool, SQL_LOOKUP, p, 3, &rows)) != DB_OK)
		return s;
	if (rows.nrows != 1)
		return DB_NOTFOUND;
	v->id = db_num(DB_CELL(&rows, 0, 0));
	v->name = DB_CELL(&rows, 0, 1);
	v->number = DB_CELL(&rows, 0, 2);
	v->status = DB_CELL(&rows, 0, 3);
	v->reason = DB_CELL(&rows, 0, 4);
	v->station = DB_CELL(&rows, 0, 5);
	v->created = DB_CELL(&rows, 0, 6);
	v->station_address = DB_CELL(&rows, 0, 7);
	v->station_phone = DB_CELL(&rows, 0, 8);
	return DB_OK;
}

static enum db_status
volunteer_insert_once(struct req *r, const struct volunteer_new *v,
    unsigned long long *id)
{
	struct idnum in;
	enum db_status s;

	if (idnum_protect(r->pool, v->id_number, v->birth_ymd, v->sex, &in) != 0)
		return DB_ERROR;
	{
		struct db_param p[] = {
			DP_STR(v->name), DP_BLOB(in.sealed, in.sealed_len),
			DP_BLOB(in.hash, sizeof(in.hash)), DP_STR(in.mask),
			DP_STR(in.sex), DP_STR(in.birth), DP_STR(v->phone), DP_INT(v->township_id),
			DP_INT(v->village_id), DP_STR(v->address),
			DP_STR(v->skills), DP_STR(v->availability),
			DP_STR(CONSENT_VERSION), DP_STR(r->remote_addr),
		};

		if ((s = db_begin(r->db)) != DB_OK)
			return s;
		s = db_exec(r->db, SQL_VOLUNTEER_INSERT, p,
		    sizeof(p) / sizeof(p[0]), NULL, id);
		if (s != DB_OK) {
			db_rollback(r->db);
			return s;
		}
		return db_commit(r->db);
	}
}

/* volunteer_insert_once, run again from the start after a conflict (DB_RETRY). */
enum db_status
volunteer_insert(struct req *r, const struct volunteer_new *v,
    unsigned long long *id)
{
	enum db_status s;

	DB_RETRY(r->db, s, volunteer_insert_once(r, v, id));
	return s;
}
