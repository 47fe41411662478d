/* CSV downloads for spreadsheet programs: RFC 4180 quoting, CRLF lines,
 * UTF-8 with a byte order mark so that Excel shows Chinese text, and no
 * cell that a spreadsheet would run as a formula. */
#ifndef LX_CSV_H
#define LX_CSV_H
#include <stddef.h>

#include "db.h"
#include "pool.h"
#include "req.h"

/* Sends 200 with text/csv headers (attachment named filename, which must
 * be plain ASCII without quotes) and the byte order mark. */
void csv_start(struct req *r, const char *filename);
/* One cell as it goes into the file: a cell that begins with = + - @ or a
 * tab or carriage return gets a leading ' (read as text, never as a
 * formula); a cell with a comma, quote, line break, or that begins or ends
 * with a space is quoted, its quotes doubled. NULL gives "". */
char *csv_cell(struct pool *pool, const char *s);
/* Writes cells[0..n) as one line (nothing for a HEAD request). */
void csv_row(struct req *r, const char *const *cells, size_t n);

#define CSV_COLS_MAX 32

/* Sends the rows of query id (params p[0..np)) as filename with the head
 * line first, one row at a time as they come from the database, so that a
 * file of any length takes the memory of one row. fix, if not NULL, turns
 * a row's cells (at most CSV_COLS_MAX) into what the file shows, with
 * scratch memory emptied after each row. Nothing
 * is sent before the first row is read: a query that fails at once
 * returns its failure with nothing sent (the caller answers 503); one
 * that fails later leaves the file cut short, and says so in the log. */
enum db_status csv_stream(struct req *r, const char *filename,
    const char *const *head, size_t ncols, enum sql_id id,
    const struct db_param *p, size_t np,
    void (*fix)(struct pool *scratch, const char **cells));

#endif
