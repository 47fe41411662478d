#include <stdio.h>

#include "idnum.h"
#include "valid.h"

int
idnum_protect(struct pool *pool, const char *id, int birth_ymd, char sex,
    struct idnum *out)
{
	if ((out->sealed = crypt_seal(pool, id, &out->sealed_len)) == NULL)
		return -1;
	crypt_lookup_hash(id, out->hash);
	valid_id_mask(id, out->mask);
	snprintf(out->birth, sizeof(out->birth), "%04d-%02d-%02d",
	    birth_ymd / 10000 % 10000, birth_ymd / 100 % 100, birth_ymd % 100);
	out->sex[0] = sex;
	out->sex[1] = '\0';
	return 0;
}
