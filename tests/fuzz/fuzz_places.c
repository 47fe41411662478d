/* The places file reader (level,code,name,parent_code lines). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "places.h"
#include "pool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pool *pool = pool_new();
	struct place_file f;
	const char *err = NULL;
	size_t i;

	if (places_parse(pool, (const char *)data, size, &f, &err) == 0) {
		for (i = 0; i < f.ntown; i++)
			if (f.town[i].code == NULL || f.town[i].name == NULL)
				abort();
		for (i = 0; i < f.nvill; i++)
			if (f.vill[i].code == NULL || f.vill[i].parent == NULL)
				abort();
	} else if (err == NULL)
		abort();
	pool_free(pool);
	return 0;
}
