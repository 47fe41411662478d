/* Per-request memory: everything a request allocates comes from its pool
 * and is released at once when the request ends. */
#ifndef LX_POOL_H
#define LX_POOL_H
#include <stddef.h>

struct pool;

/* A new, empty pool. Aborts the process if memory is exhausted. */
struct pool *pool_new(void);
/* Releases all memory of the pool but keeps it usable. */
void pool_reset(struct pool *p);
/* Releases the pool itself. NULL is allowed. */
void pool_free(struct pool *p);
/* Zeroed memory valid until the next reset; aborts on exhaustion. */
void *pool_alloc(struct pool *p, size_t n);
/* Copies of strings into the pool; NULL in gives NULL out. */
char *pool_strdup(struct pool *p, const char *s);
char *pool_strndup(struct pool *p, const char *s, size_t n);
/* printf into the pool. */
char *pool_printf(struct pool *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
