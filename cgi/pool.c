#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"

#define POOL_BLOCK 8192
/* Blocks a pool keeps across resets: a persistent responder reuses them
 * for the next request instead of asking malloc again. */
#define POOL_KEEP 8

struct block {
	struct block *next;
	size_t size, used;
	max_align_t data[];
};

struct pool {
	struct block *head;
	struct block *spare;   /* standard blocks kept by pool_reset */
};

static void *
xmalloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL) {
		fputs("laoxiao: out of memory\n", stderr);
		abort();
	}
	return p;
}

struct pool *
pool_new(void)
{
	struct pool *p = xmalloc(sizeof(*p));

	p->head = NULL;
	p->spare = NULL;
	return p;
}

void
pool_reset(struct pool *p)
{
	struct block *b, *next;
	size_t kept = 0;

	for (b = p->spare; b != NULL; b = b->next)
		kept++;
	for (b = p->head; b != NULL; b = next) {
		next = b->next;
		if (b->size == POOL_BLOCK && kept < POOL_KEEP) {
			b->next = p->spare;
			p->spare = b;
			kept++;
		} else
			free(b);
	}
	p->head = NULL;
}

void
pool_free(struct pool *p)
{
	struct block *b, *next;

	if (p == NULL)
		return;
	pool_reset(p);
	for (b = p->spare; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(p);
}

void *
pool_alloc(struct pool *p, size_t n)
{
	const size_t align = sizeof(max_align_t);
	struct block *b = p->head;
	void *r;

	n = (n + align - 1) / align * align;
	if (n == 0)
		n = align;
	if (b == NULL || b->size - b->used < n) {
		size_t size = n > POOL_BLOCK ? n : POOL_BLOCK;

		if (size == POOL_BLOCK && p->spare != NULL) {
			b = p->spare;
			p->spare = b->next;
		} else
			b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = p->head;
		p->head = b;
	}
	r = (char *)b->data + b->used;
	b->used += n;
	memset(r, 0, n);
	return r;
}

char *
pool_strndup(struct pool *p, const char *s, size_t n)
{
	char *r;

	if (s == NULL)
		return NULL;
	r = pool_alloc(p, n + 1);
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

char *
pool_strdup(struct pool *p, const char *s)
{
	return s == NULL ? NULL : pool_strndup(p, s, strlen(s));
}

char *
pool_printf(struct pool *p, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *r;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return pool_strdup(p, "");
	r = pool_alloc(p, (size_t)n + 1);
	va_start(ap, fmt);
	n = vsnprintf(r, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		r[0] = '\0';
	return r;
}
