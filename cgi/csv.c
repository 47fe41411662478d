#include <string.h>

#include "county.h"
#include "csv.h"
#include "resp.h"

void
csv_start(struct req *r, const char *filename)
{
	static const char bom[] = "\xef\xbb\xbf";

	resp_head(r, 200, "text/csv; charset=utf-8", pool_printf(r->pool,
	    "Content-Disposition: attachment; filename=\"%s\"; "
	    "filename*=UTF-8''%s\r\n", filename, county_file_name(r, filename)));
	if (r->method != METHOD_HEAD)
		resp_write(r, bom, sizeof(bom) - 1);
}

char *
csv_cell(struct pool *pool, const char *s)
{
	size_t n, i, j;
	int formula, quote;
	char *out;

	if (s == NULL || *s == '\0')
		return pool_strdup(pool, "");
	n = strlen(s);
	formula = strchr("=+-@\t\r", s[0]) != NULL;
	quote = strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' || s[n - 1] == ' ';
	/* Worst case: every byte a quote, doubled, plus ', two quotes, NUL. */
	out = pool_alloc(pool, 2 * n + 4);
	j = 0;
	if (quote)
		out[j++] = '"';
	if (formula)
		out[j++] = '\'';
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			out[j++] = '"';
		out[j++] = s[i];
	}
	if (quote)
		out[j++] = '"';
	out[j] = '\0';
	return out;
}

void
csv_row(struct req *r, const char *const *cells, size_t n)
{
	size_t i;

	if (r->method == METHOD_HEAD)
		return;
	for (i = 0; i < n; i++) {
		const char *c = csv_cell(r->pool, cells[i]);

		if (i > 0)
			resp_write(r, ",", 1);
		resp_write(r, c, strlen(c));
	}
	resp_write(r, "\r\n", 2);
}
