#include <stdbool.h>
#include <stdio.h>
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

/* Whether a cell of n > 0 bytes needs the formula guard, and quotes. */
static void
csv_needs(const char *s, size_t n, int *formula, int *quote)
{
	*formula = strchr("=+-@\t\r", s[0]) != NULL;
	*quote = strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' ||
	    s[n - 1] == ' ';
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
	csv_needs(s, n, &formula, &quote);
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

/* Writes one cell as csv_cell would make it, straight to the response:
 * nothing is allocated, so that an export of any length runs in the same
 * memory. */
static void
csv_put(struct req *r, const char *s)
{
	size_t n, i, from = 0;
	int formula, quote;

	if (s == NULL || *s == '\0')
		return;
	n = strlen(s);
	csv_needs(s, n, &formula, &quote);
	if (quote)
		resp_write(r, "\"", 1);
	if (formula)
		resp_write(r, "'", 1);
	/* Each quote is written twice: once ending a run, once starting
	 * the next. */
	for (i = 0; i < n; i++)
		if (s[i] == '"') {
			resp_write(r, s + from, i + 1 - from);
			from = i;
		}
	resp_write(r, s + from, n - from);
	if (quote)
		resp_write(r, "\"", 1);
}

void
csv_row(struct req *r, const char *const *cells, size_t n)
{
	size_t i;

	if (r->method == METHOD_HEAD)
		return;
	for (i = 0; i < n; i++) {
		if (i > 0)
			resp_write(r, ",", 1);
		csv_put(r, cells[i]);
	}
	resp_write(r, "\r\n", 2);
}

struct csv_stream {
	struct req *r;
	const char *filename;
	const char *const *head;
	size_t ncols;
	void (*fix)(struct pool *scratch, const char **cells);
	struct pool *scratch;        /* emptied after every row */
	bool started;
	const char *cell[CSV_COLS_MAX];
};

static void
stream_start(struct csv_stream *cs)
{
	cs->started = true;
	csv_start(cs->r, cs->filename);
	csv_row(cs->r, cs->head, cs->ncols);
}

static int
stream_row(void *arg, const struct db_rows *row)
{
	struct csv_stream *cs = arg;
	size_t c;

	if (!cs->started)
		stream_start(cs);
	for (c = 0; c < cs->ncols; c++)
		cs->cell[c] = c < row->ncols ? DB_CELL(row, 0, c) : NULL;
	if (cs->fix != NULL)
		cs->fix(cs->scratch, cs->cell);
	csv_row(cs->r, cs->cell, cs->ncols);
	pool_reset(cs->scratch);
	return 0;
}

enum db_status
csv_stream(struct req *r, const char *filename, const char *const *head,
    size_t ncols, enum sql_id id, const struct db_param *p, size_t np,
    void (*fix)(struct pool *scratch, const char **cells))
{
	struct csv_stream cs;
	enum db_status s;

	memset(&cs, 0, sizeof(cs));
	cs.r = r;
	cs.filename = filename;
	cs.head = head;
	cs.ncols = ncols < CSV_COLS_MAX ? ncols : CSV_COLS_MAX;
	cs.fix = fix;
	cs.scratch = pool_new();
	s = db_each(r->db, id, p, np, stream_row, &cs);
	pool_free(cs.scratch);
	if (s == DB_OK && !cs.started)
		stream_start(&cs);
	if (s != DB_OK && cs.started)
		fprintf(stderr, "%s: cut short by a database failure\n",
		    filename);
	return s;
}
