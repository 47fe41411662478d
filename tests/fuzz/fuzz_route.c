/* The request path as nginx hands it over (req_path) and the staff
 * responder's real route table (srv_route). The first byte picks the
 * method. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define main staff_main
#include "../../cgi/staff.c"
#undef main

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum method methods[] = {
		METHOD_GET, METHOD_POST, METHOD_HEAD, METHOD_OTHER,
	};
	struct pool *pool;
	const char *args[REQ_ARGS_MAX] = { NULL };
	const struct route *rt;
	const char *path;
	enum method m;
	unsigned allowed;
	size_t i, stars = 0;

	if (size == 0)
		return 0;
	m = methods[data[0] % 4];
	pool = pool_new();
	path = req_path(pool, pool_strndup(pool, (const char *)data + 1,
	    size - 1));
	if (path != NULL) {
		for (i = 0; path[i] != '\0'; i++)
			if ((unsigned char)path[i] < 0x20)
				abort();
		rt = srv_route(routes, sizeof(routes) / sizeof(routes[0]), path,
		    m, args, pool, &allowed);
		if (rt != NULL) {
			if (!(rt->methods & (m == METHOD_HEAD ? METHOD_GET : m)))
				abort();
			for (i = 0; rt->pattern[i] != '\0'; i++)
				if (rt->pattern[i] == '*')
					stars++;
			for (i = 0; i < stars && i < REQ_ARGS_MAX; i++)
				if (args[i] == NULL || args[i][0] == '\0' ||
				    strchr(args[i], '/') != NULL)
					abort();
		}
	}
	pool_free(pool);
	return 0;
}
