/* A resident ID number as it is stored: sealed (encrypted), keyed hash for
 * finding duplicates, masked form for lists, and the facts derived from
 * it. One call makes all of them, so every table stores ID numbers alike. */
#ifndef LX_IDNUM_H
#define LX_IDNUM_H
#include <stddef.h>

#include "crypt.h"
#include "pool.h"

struct idnum {
	unsigned char *sealed;               /* nonce || ciphertext, in the pool */
	size_t sealed_len;
	unsigned char hash[CRYPT_HASH_LEN];
	char mask[19];                       /* 110105********002X */
	char birth[16];                      /* YYYY-MM-DD */
	char sex[2];                         /* "M" or "F" */
};

/* Fills out for a valid ID number with its birth date and sex (from
 * valid_id_number). Returns 0, or -1 if encryption failed. */
int idnum_protect(struct pool *pool, const char *id, int birth_ymd, char sex,
    struct idnum *out);

#endif
