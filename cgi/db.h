/* Database access: one connection per responder thread, statements named
 * by enum sql_id (sql.h), prepared once per connection on first use, only
 * '?' placeholders. A lost connection is dropped and made again, with its
 * statements, at the next request. */
#ifndef LX_DB_H
#define LX_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "sql.h"

enum db_status {
	DB_OK = 0,
	DB_NOTFOUND,     /* no row where one was required */
	DB_DUPLICATE,    /* unique key violated */
	DB_UNAVAILABLE,  /* connection lost or timed out: retry later */
	DB_ERROR,        /* anything else; logged */
};

enum db_ptype { DB_P_NULL, DB_P_STR, DB_P_INT, DB_P_BLOB };

struct db_param {
	enum db_ptype type;
	const void *p;
	size_t len;
	long long i;
};

static inline struct db_param
db_pstr(const char *s)
{
	struct db_param p = { DB_P_NULL, s, 0, 0 };

	if (s != NULL) {
		p.type = DB_P_STR;
		p.len = strlen(s);
	}
	return p;
}
#define DP_STR(s) db_pstr(s)
#define DP_INT(n) ((struct db_param){ .type = DB_P_INT, .i = (long long)(n) })
#define DP_BLOB(b, n) ((struct db_param){ .type = DB_P_BLOB, .p = (b), .len = (n) })
#define DP_NULL ((struct db_param){ .type = DB_P_NULL })

/* Rows of a query as strings; cell(r, c) is NULL for SQL NULL. */
struct db_rows {
	size_t nrows, ncols;
	char **cell;
	unsigned long *len;
	const char **name;   /* each column's name (its alias) */
};
/* The index of the column called name, or -1 when there is none. */
int db_col(const struct db_rows *rows, const char *name);
/* A cell as a number; NULL reads as 0. */
static inline long long
db_num(const char *cell)
{
	return cell != NULL ? strtoll(cell, NULL, 10) : 0;
}

#define DB_CELL(rows, r, c) ((rows)->cell[(r) * (rows)->ncols + (c)])
#define DB_LEN(rows, r, c) ((rows)->len[(r) * (rows)->ncols + (c)])

struct db;

/* Process-wide set-up in main before threads: returns 0 or -1. */
int db_library_init(void);
void db_library_end(void);
/* A handle for one thread; connects lazily. Never NULL. */
struct db *db_new(void);
void db_free(struct db *db);
/* For the command-line tool, before the first statement: reads and
 * writes may take up to an hour (a rebuild of a county's figures) instead
 * of the responders' few seconds. */
void db_allow_slow(struct db *db);
/* Makes sure the connection is up; DB_OK or DB_UNAVAILABLE. */
enum db_status db_connect(struct db *db);

/* Runs a statement that returns no rows. affected and insert_id may be NULL. */
enum db_status db_exec(struct db *db, enum sql_id id,
    const struct db_param *params, size_t nparams,
    unsigned long long *affected, unsigned long long *insert_id);
/* Runs a query and copies every row into the pool. */
enum db_status db_query(struct db *db, struct pool *pool, enum sql_id id,
    const struct db_param *params, size_t nparams, struct db_rows *rows);
/* Runs a query and hands its rows to fn one at a time, as they come from
 * the server, in memory of one row whatever the size of the result: row
 * has nrows 1 and is valid during the call only. fn returns 0 for more,
 * anything else to stop. No other statement may run on db meanwhile. */
enum db_status db_each(struct db *db, enum sql_id id,
    const struct db_param *params, size_t nparams,
    int (*fn)(void *arg, const struct db_rows *row), void *arg);
/* The same for a query that names one record: DB_NOTFOUND when it
 * returns no row. */
enum db_status db_query_one(struct db *db, struct pool *pool, enum sql_id id,
    const struct db_param *params, size_t nparams, struct db_rows *rows);
/* Prepares statement id now (for `laoxiao-tool sql-check`): DB_ERROR
 * when MariaDB refuses it or its columns differ from sql_columns(id). */
enum db_status db_prepare_check(struct db *db, enum sql_id id);
/* Transactions on this thread's connection. */
enum db_status db_begin(struct db *db);
enum db_status db_commit(struct db *db);
/* Always safe to call; errors are logged, not returned. */
void db_rollback(struct db *db);
/* Whether a transaction begun on db has not been committed or rolled
 * back yet. */
bool db_in_transaction(const struct db *db);

#endif
