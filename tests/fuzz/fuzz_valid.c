/* The validators, the ID number checker and its mask, on any bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "passwd.h"
#include "pool.h"
#include "valid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pool *pool = pool_new();
	char *s = pool_strndup(pool, (const char *)data, size);
	struct valid_id_info info;
	unsigned long u;
	int ymd, minutes;
	char mask[19];
	bool utf8 = valid_utf8(s, strlen(s));

	(void)valid_utf8(s, size);
	if (utf8) {
		(void)valid_utf8_len(s);
		(void)valid_text(s, false);
		(void)valid_text(s, true);
		(void)valid_person_name(s);
		(void)passwd_problem(s, "admin");
	}
	(void)valid_mobile(s);
	if (valid_date(s, &ymd) && (ymd < 19000101 || ymd > 21991231))
		abort();
	if (valid_hhmm(s, &minutes) && (minutes < 0 || minutes >= 24 * 60))
		abort();
	if (valid_uint(s, 1000, &u) && u > 1000)
		abort();
	memset(&info, 0, sizeof(info));
	if (valid_id_number(s, 20261201, &info) == VALID_ID_OK) {
		if (strlen(s) != 18)
			abort();
		valid_id_mask(s, mask);
		if (strlen(mask) != 18 || strncmp(mask + 6, "********", 8) != 0)
			abort();
	}
	(void)valid_id_message(valid_id_number(s, 20261201, NULL));
	pool_free(pool);
	return 0;
}
