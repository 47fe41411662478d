#include <string.h>

#include "csv.h"

char *
csv_field(struct pool *pool, const char *s)
{
	size_t i, n = 0, len;
	int guard;
	char *out, *p;

	if (s == NULL)
		s = "";
	len = strlen(s);
	for (i = 0; i < len; i++)
		if (s[i] == '"')
			n++;
	guard = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r';
	p = out = pool_alloc(pool, len + n + (size_t)guard + 3);
	*p++ = '"';
	if (guard)
		*p++ = '\'';
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			*p++ = '"';
		*p++ = s[i];
	}
	*p++ = '"';
	*p = '\0';
	return out;
}

char *
csv_line(struct pool *pool, const char *const *fields, size_t n)
{
	const char **q = pool_alloc(pool, (n + 1) * sizeof(*q));
	size_t i, len = 3;
	char *out;

	for (i = 0; i < n; i++) {
		q[i] = csv_field(pool, fields[i]);
		len += strlen(q[i]) + 1;
	}
	out = pool_alloc(pool, len);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(out, ",");
		strcat(out, q[i]);
	}
	strcat(out, "\r\n");
	return out;
}
