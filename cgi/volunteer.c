#include <stdio.h>
#include <string.h>

#include "crypt.h"
#include "valid.h"
#include "volunteer.h"

enum db_status
volunteer_id_taken(struct req *r, const char *id_number)
{
	unsigned char hash[CRYPT_HASH_LEN];
	struct db_param p[1];
	struct db_rows rows;
	enum db_status s;

	crypt_lookup_hash(id_number, hash);
	p[0] = DP_BLOB(hash, sizeof(hash));
	if ((s = db_query(r->db, r->pool, SQL_VOLUNTEER_BY_HASH, p, 1, &rows))
	    != DB_OK)
		return s;
	return rows.nrows > 0 ? DB_OK : DB_NOTFOUND;
}

enum db_status
volunteer_insert(struct req *r, const struct volunteer_new *v,
    unsigned long long *id)
{
	unsigned char hash[CRYPT_HASH_LEN];
	char mask[19], birth[16], sex[2] = { v->sex, '\0' };
	unsigned char *sealed;
	size_t sealed_len;
	enum db_status s;

	if ((sealed = crypt_seal(r->pool, v->id_number, &sealed_len)) == NULL)
		return DB_ERROR;
	crypt_lookup_hash(v->id_number, hash);
	valid_id_mask(v->id_number, mask);
	snprintf(birth, sizeof(birth), "%04d-%02d-%02d", v->birth_ymd / 10000,
	    v->birth_ymd / 100 % 100, v->birth_ymd % 100);
	{
		struct db_param p[] = {
			DP_STR(v->name), DP_BLOB(sealed, sealed_len),
			DP_BLOB(hash, sizeof(hash)), DP_STR(mask), DP_STR(sex),
			DP_STR(birth), DP_STR(v->phone), DP_INT(v->township_id),
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

enum db_status
volunteer_minutes(struct req *r, long long id, long long *minutes)
{
	/* Service records do not exist yet (see volunteer.h). */
	(void)r;
	(void)id;
	*minutes = 0;
	return DB_OK;
}
