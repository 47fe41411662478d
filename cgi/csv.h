/* CSV output for the exports (RFC 4180, UTF-8 with a byte-order mark so
 * that spreadsheet programs read the Chinese text correctly). */
#ifndef LX_CSV_H
#define LX_CSV_H
#include <stddef.h>

#include "pool.h"

/* The UTF-8 byte-order mark that starts every export. */
#define CSV_BOM "\xEF\xBB\xBF"

/* One field, always quoted, inner quotes doubled. A value a spreadsheet
 * would take for a formula (starting with = + - @, a tab or a carriage
 * return) gets a leading apostrophe so that it stays text. NULL gives "". */
char *csv_field(struct pool *pool, const char *s);

/* Appends the n fields as one line ending in CRLF to a pool string; returns
 * the line. */
char *csv_line(struct pool *pool, const char *const *fields, size_t n);

#endif
