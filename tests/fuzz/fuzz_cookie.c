/* The Cookie header parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pool *pool = pool_new();
	struct kvlist l;
	char *s = pool_strndup(pool, (const char *)data, size);
	size_t i;

	req_parse_cookies(pool, s, &l);
	for (i = 0; i < l.n; i++)
		if (l.v[i].key == NULL || l.v[i].val == NULL ||
		    l.v[i].key[0] == '\0' || strchr(l.v[i].key, ';') != NULL)
			abort();
	(void)kv_get(&l, "lx_csrf");
	pool_free(pool);
	return 0;
}
