#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "db.h"

#define DB_CONNECT_TIMEOUT 3  /* seconds */
#define DB_IO_TIMEOUT      5  /* seconds, per read or write */
#define DB_SLOW_TIMEOUT 3600  /* the same for the tool's long statements */
#define DB_PARAMS_MAX      32

struct db {
	MYSQL *conn;                 /* NULL while disconnected */
	MYSQL_STMT *stmt[SQL__MAX];  /* prepared on first use */
	bool in_tx;                  /* between db_begin and its end */
	bool slow;                   /* long statements allowed (the tool) */
};

int
db_library_init(void)
{
	if (mysql_library_init(0, NULL, NULL) != 0) {
		fputs("db: mysql_library_init failed\n", stderr);
		return -1;
	}
	return 0;
}

void
db_library_end(void)
{
	mysql_library_end();
}

struct db *
db_new(void)
{
	struct db *db = calloc(1, sizeof(*db));

	if (db == NULL) {
		fputs("db: out of memory\n", stderr);
		abort();
	}
	return db;
}

static void
db_disconnect(struct db *db)
{
	size_t i;

	for (i = 0; i < SQL__MAX; i++)
		if (db->stmt[i] != NULL) {
			mysql_stmt_close(db->stmt[i]);
			db->stmt[i] = NULL;
		}
	if (db->conn != NULL) {
		mysql_close(db->conn);
		db->conn = NULL;
	}
	db->in_tx = false;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db);
	mysql_thread_end();
}

/* Reads the database password from the file named by the environment. */
static int
read_password(char *buf, size_t size)
{
	const char *path = getenv("LAOXIAO_DB_PASSWORD_FILE");
	FILE *f;
	size_t n;

	buf[0] = '\0';
	if (path == NULL)
		return 0;
	if ((f = fopen(path, "re")) == NULL) {
		perror(path);
		return -1;
	}
	n = fread(buf, 1, size - 1, f);
	if (fclose(f) != 0)
		return -1;
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

void
db_allow_slow(struct db *db)
{
	db->slow = true;
}

enum db_status
db_connect(struct db *db)
{
	unsigned int ct = DB_CONNECT_TIMEOUT;
	unsigned int io = db->slow ? DB_SLOW_TIMEOUT : DB_IO_TIMEOUT;
	const char *sock = getenv("LAOXIAO_DB_SOCKET");
	const char *name = getenv("LAOXIAO_DB_NAME");
	const char *user = getenv("LAOXIAO_DB_USER");
	char pw[256];
	MYSQL *c;

	if (db->conn != NULL)
		return DB_OK;
	if (read_password(pw, sizeof(pw)) != 0)
		return DB_UNAVAILABLE;
	if ((c = mysql_init(NULL)) == NULL)
		return DB_UNAVAILABLE;
	if (mysql_options(c, MYSQL_OPT_CONNECT_TIMEOUT, &ct) != 0 ||
	    mysql_options(c, MYSQL_OPT_READ_TIMEOUT, &io) != 0 ||
	    mysql_options(c, MYSQL_OPT_WRITE_TIMEOUT, &io) != 0 ||
	    mysql_options(c, MYSQL_SET_CHARSET_NAME, "utf8mb4") != 0 ||
	    mysql_options(c, MYSQL_INIT_COMMAND,
	    "SET time_zone = '+08:00', sql_mode = 'STRICT_ALL_TABLES,"
	    "NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO'") != 0) {
		mysql_close(c);
		return DB_UNAVAILABLE;
	}
	if (mysql_real_connect(c, NULL, user != NULL ? user : "laoxiao_app",
	    pw, name != NULL ? name : "laoxiao", 0, sock, 0) == NULL) {
		fprintf(stderr, "db: connect: %s\n", mysql_error(c));
		mysql_close(c);
		return DB_UNAVAILABLE;
	}
	db->conn = c;
	return DB_OK;
}

/* Maps a server or client error to a status, dropping the connection when
 * it can no longer be trusted. */
static enum db_status
db_fail(struct db *db, unsigned int err, const char *what, const char *msg)
{
	switch (err) {
	case ER_DUP_ENTRY:
		return DB_DUPLICATE;
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_COMMANDS_OUT_OF_SYNC:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case ER_LOCK_WAIT_TIMEOUT:
	case ER_LOCK_DEADLOCK:
	case ER_QUERY_INTERRUPTED:
		fprintf(stderr, "db: %s: %u %s (reconnecting)\n", what, err, msg);
		db_disconnect(db);
		return DB_UNAVAILABLE;
	default:
		fprintf(stderr, "db: %s: %u %s\n", what, err, msg);
		return DB_ERROR;
	}
}

/* Whether the result columns of st, prepared for id, are named as
 * sql_columns(id) lists them (always, for a statement without a list);
 * logs the first difference. */
static bool
columns_match(enum sql_id id, MYSQL_STMT *st)
{
	const char *want = sql_columns(id);
	const char *names[SQL_COLUMNS_MAX];
	MYSQL_FIELD *fields;
	MYSQL_RES *meta;
	unsigned int i, n;
	int at;

	if (want == NULL)
		return true;
	if ((meta = mysql_stmt_result_metadata(st)) == NULL) {
		fprintf(stderr, "db: statement %d returns no columns; its list"
		    " is %s\n", (int)id, want);
		return false;
	}
	n = mysql_num_fields(meta);
	fields = mysql_fetch_fields(meta);
	for (i = 0; i < n && i < SQL_COLUMNS_MAX; i++)
		names[i] = fields[i].name;
	at = n > SQL_COLUMNS_MAX ? (int)SQL_COLUMNS_MAX :
	    sql_columns_differ(want, names, n);
	if (at >= 0)
		fprintf(stderr, "db: statement %d: column %d is \"%s\"; its"
		    " list is %s\n", (int)id, at + 1, (unsigned)at < n ?
		    fields[at].name : "(none)", want);
	mysql_free_result(meta);
	return at < 0;
}

/* The prepared statement for id, preparing it if needed. */
static enum db_status
db_prepare(struct db *db, enum sql_id id, MYSQL_STMT **out)
{
	const char *text = sql_text(id);
	MYSQL_STMT *st;
	enum db_status s;

	if ((s = db_connect(db)) != DB_OK)
		return s;
	if (db->stmt[id] != NULL) {
		*out = db->stmt[id];
		return DB_OK;
	}
	if (text == NULL) {
		fprintf(stderr, "db: statement %d has no text\n", (int)id);
		return DB_ERROR;
	}
	if ((st = mysql_stmt_init(db->conn)) == NULL)
		return db_fail(db, mysql_errno(db->conn), "stmt_init",
		    mysql_error(db->conn));
	if (mysql_stmt_prepare(st, text, strlen(text)) != 0) {
		unsigned int e = mysql_stmt_errno(st);
		char msg[512];

		snprintf(msg, sizeof(msg), "%s [%s]", mysql_stmt_error(st), text);
		mysql_stmt_close(st);
		return db_fail(db, e, "prepare", msg);
	}
	if (!columns_match(id, st)) {
		mysql_stmt_close(st);
		return DB_ERROR;
	}
	db->stmt[id] = *out = st;
	return DB_OK;
}

enum db_status
db_prepare_check(struct db *db, enum sql_id id)
{
	MYSQL_STMT *st;

	return db_prepare(db, id, &st);
}

/* A monotonic clock in milliseconds. */
static long long
now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether err says the connection itself is gone. */
static bool
connection_lost(unsigned int err)
{
	return err == CR_SERVER_GONE_ERROR || err == CR_SERVER_LOST ||
	    err == ER_CONNECTION_KILLED;
}

/* Prepares id, binds params and executes it; with retry, a read outside a
 * transaction whose connection was lost is run again on a new one. */
static enum db_status
db_run_once(struct db *db, enum sql_id id, const struct db_param *params,
    size_t n, MYSQL_STMT **out, bool retry)
{
	MYSQL_BIND b[DB_PARAMS_MAX];
	MYSQL_STMT *st = NULL;
	enum db_status s;
	/* Only a connection that was there and idle may be replaced: after a
	 * failed connect, or inside a transaction, the loss is the answer. */
	const bool may_retry = retry && db->conn != NULL && !db->in_tx;
	long long started;
	size_t i;

	if (n > DB_PARAMS_MAX)
		return DB_ERROR;
	if ((s = db_prepare(db, id, &st)) != DB_OK) {
		/* Nothing was run: any statement may be prepared again. */
		if (may_retry && s == DB_UNAVAILABLE && db->conn == NULL)
			return db_run_once(db, id, params, n, out, false);
		return s;
	}
	if (mysql_stmt_param_count(st) != n) {
		fprintf(stderr, "db: statement %d wants %lu parameters, got %zu\n",
		    (int)id, mysql_stmt_param_count(st), n);
		return DB_ERROR;
	}
	memset(b, 0, sizeof(b));
	for (i = 0; i < n; i++) {
		switch (params[i].type) {
		case DB_P_NULL:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DB_P_INT:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)&params[i].i;
			break;
		case DB_P_STR:
		case DB_P_BLOB:
			b[i].buffer_type = params[i].type == DB_P_STR ?
			    MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
			b[i].buffer = (void *)params[i].p;
			b[i].buffer_length = params[i].len;
			b[i].length = (unsigned long *)&params[i].len;
			break;
		}
	}
	if (n > 0 && mysql_stmt_bind_param(st, b) != 0)
		return db_fail(db, mysql_stmt_errno(st), "bind",
		    mysql_stmt_error(st));
	started = now_ms();
	if (mysql_stmt_execute(st) != 0) {
		unsigned int e = mysql_stmt_errno(st);
		/* A read outside a transaction that finds its connection gone
		 * at once (the server restarted, or ended the idle connection)
		 * changed nothing: it runs once more on a new connection, so
		 * that the first visitor after the loss is not the one who pays
		 * for it. Not after a timeout (a hung server would be waited
		 * for twice); writes and transactions are never run twice. */
		bool again = may_retry && mysql_stmt_field_count(st) > 0 &&
		    connection_lost(e) && now_ms() - started < 500;

		s = db_fail(db, e, "execute", mysql_stmt_error(st));
		if (again && db->conn == NULL)
			return db_run_once(db, id, params, n, out, false);
		return s;
	}
	*out = st;
	return DB_OK;
}

/* Prepares id, binds params and executes it; a read that found its
 * connection lost runs once more (db_run_once). */
static enum db_status
db_run(struct db *db, enum sql_id id, const struct db_param *params,
    size_t n, MYSQL_STMT **out)
{
	return db_run_once(db, id, params, n, out, true);
}

enum db_status
db_exec(struct db *db, enum sql_id id, const struct db_param *params,
    size_t nparams, unsigned long long *affected, unsigned long long *insert_id)
{
	MYSQL_STMT *st = NULL;
	enum db_status s;

	if ((s = db_run(db, id, params, nparams, &st)) != DB_OK)
		return s;
	if (affected != NULL)
		*affected = mysql_stmt_affected_rows(st);
	if (insert_id != NULL)
		*insert_id = mysql_stmt_insert_id(st);
	return DB_OK;
}

enum db_status
db_query(struct db *db, struct pool *pool, enum sql_id id,
    const struct db_param *params, size_t nparams, struct db_rows *rows)
{
	MYSQL_STMT *st = NULL;
	MYSQL_RES *meta = NULL;
	MYSQL_FIELD *fields;
	MYSQL_BIND *b = NULL;
	unsigned long *lens;
	my_bool *nulls, on = 1;
	enum db_status s;
	size_t nc, r, c;
	int rc;

	memset(rows, 0, sizeof(*rows));
	if ((s = db_run(db, id, params, nparams, &st)) != DB_OK)
		return s;
	if ((meta = mysql_stmt_result_metadata(st)) == NULL) {
		s = DB_ERROR;
		goto out;
	}
	/* Store the whole result so that every column's longest value is
	 * known, then fetch each row into buffers of that size. */
	if (mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &on) != 0 ||
	    mysql_stmt_store_result(st) != 0) {
		s = db_fail(db, mysql_stmt_errno(st), "store", mysql_stmt_error(st));
		goto out;
	}
	nc = mysql_num_fields(meta);
	fields = mysql_fetch_fields(meta);
	rows->ncols = nc;
	rows->name = pool_alloc(pool, (nc + 1) * sizeof(*rows->name));
	for (c = 0; c < nc; c++)
		rows->name[c] = pool_strndup(pool, fields[c].name,
		    fields[c].name_length);
	rows->nrows = (size_t)mysql_stmt_num_rows(st);
	rows->cell = pool_alloc(pool, (rows->nrows * nc + 1) * sizeof(char *));
	rows->len = pool_alloc(pool, (rows->nrows * nc + 1) * sizeof(unsigned long));
	b = pool_alloc(pool, (nc + 1) * sizeof(*b));
	lens = pool_alloc(pool, (nc + 1) * sizeof(*lens));
	nulls = pool_alloc(pool, (nc + 1) * sizeof(*nulls));
	for (r = 0; r < rows->nrows; r++) {
		for (c = 0; c < nc; c++) {
			size_t size = fields[c].max_length + 1;

			b[c].buffer_type = MYSQL_TYPE_STRING;
			b[c].buffer = pool_alloc(pool, size);
			b[c].buffer_length = size;
			b[c].length = &lens[c];
			b[c].is_null = &nulls[c];
		}
		if (mysql_stmt_bind_result(st, b) != 0) {
			s = db_fail(db, mysql_stmt_errno(st), "bind_result",
			    mysql_stmt_error(st));
			goto out;
		}
		rc = mysql_stmt_fetch(st);
		if (rc == MYSQL_NO_DATA)
			break;
		if (rc != 0 && rc != MYSQL_DATA_TRUNCATED) {
			s = db_fail(db, mysql_stmt_errno(st), "fetch",
			    mysql_stmt_error(st));
			goto out;
		}
		for (c = 0; c < nc; c++) {
			DB_CELL(rows, r, c) = nulls[c] ? NULL : b[c].buffer;
			DB_LEN(rows, r, c) = nulls[c] ? 0 : lens[c];
			if (!nulls[c])
				((char *)b[c].buffer)[lens[c] < b[c].buffer_length ?
				    lens[c] : b[c].buffer_length - 1] = '\0';
		}
	}
	rows->nrows = r;
	s = DB_OK;
out:
	if (meta != NULL)
		mysql_free_result(meta);
	if (db->conn != NULL && db->stmt[id] != NULL)
		(void)mysql_stmt_free_result(st);
	return s;
}

/* Grows column c's buffer to hold want bytes and a NUL; false when out
 * of memory. */
static bool
each_grow(MYSQL_BIND *b, char **buf, size_t *cap, size_t c, size_t want)
{
	char *p;

	if (want + 1 <= cap[c])
		return true;
	if ((p = realloc(buf[c], want + 1)) == NULL)
		return false;
	buf[c] = p;
	cap[c] = want + 1;
	b[c].buffer = p;
	b[c].buffer_length = want;
	return true;
}

enum db_status
db_each(struct db *db, enum sql_id id, const struct db_param *params,
    size_t nparams, int (*fn)(void *arg, const struct db_rows *row), void *arg)
{
	MYSQL_STMT *st = NULL;
	MYSQL_RES *meta = NULL;
	MYSQL_BIND *b = NULL;
	struct db_rows row;
	unsigned long *lens = NULL;
	my_bool *nulls = NULL;
	char **buf = NULL;
	size_t *cap = NULL, nc = 0, c;
	enum db_status s;
	int rc;

	memset(&row, 0, sizeof(row));
	if ((s = db_run(db, id, params, nparams, &st)) != DB_OK)
		return s;
	s = DB_ERROR;
	if ((meta = mysql_stmt_result_metadata(st)) == NULL)
		goto out;
	nc = mysql_num_fields(meta);
	b = calloc(nc + 1, sizeof(*b));
	lens = calloc(nc + 1, sizeof(*lens));
	nulls = calloc(nc + 1, sizeof(*nulls));
	buf = calloc(nc + 1, sizeof(*buf));
	cap = calloc(nc + 1, sizeof(*cap));
	row.cell = calloc(nc + 1, sizeof(*row.cell));
	row.len = calloc(nc + 1, sizeof(*row.len));
	if (b == NULL || lens == NULL || nulls == NULL || buf == NULL ||
	    cap == NULL || row.cell == NULL || row.len == NULL)
		goto out;
	for (c = 0; c < nc; c++) {
		b[c].buffer_type = MYSQL_TYPE_STRING;
		b[c].length = &lens[c];
		b[c].is_null = &nulls[c];
		if (!each_grow(b, buf, cap, c, 255))
			goto out;
	}
	row.nrows = 1;
	row.ncols = nc;
	/* Rows come from the server one at a time (no store_result): the
	 * memory used is one row's, whatever the size of the result. */
	if (mysql_stmt_bind_result(st, b) != 0) {
		s = db_fail(db, mysql_stmt_errno(st), "bind_result",
		    mysql_stmt_error(st));
		goto out;
	}
	while ((rc = mysql_stmt_fetch(st)) != MYSQL_NO_DATA) {
		bool rebind = false;

		if (rc != 0 && rc != MYSQL_DATA_TRUNCATED) {
			s = db_fail(db, mysql_stmt_errno(st), "fetch",
			    mysql_stmt_error(st));
			goto out;
		}
		for (c = 0; c < nc; c++) {
			if (nulls[c]) {
				row.cell[c] = NULL;
				row.len[c] = 0;
				continue;
			}
			if (lens[c] > b[c].buffer_length) {
				/* Longer than any value before: the rest of it. */
				if (!each_grow(b, buf, cap, c, lens[c]) ||
				    mysql_stmt_fetch_column(st, &b[c],
				    (unsigned)c, 0) != 0)
					goto out;
				rebind = true;
			}
			buf[c][lens[c]] = '\0';
			row.cell[c] = buf[c];
			row.len[c] = lens[c];
		}
		if (rebind && mysql_stmt_bind_result(st, b) != 0) {
			s = db_fail(db, mysql_stmt_errno(st), "bind_result",
			    mysql_stmt_error(st));
			goto out;
		}
		if (fn(arg, &row) != 0)
			break;
	}
	s = DB_OK;
out:
	if (s == DB_ERROR && db->conn != NULL)
		fprintf(stderr, "db: statement %d: rows could not be read\n",
		    (int)id);
	/* Frees the statement's result, reading and dropping any rows left
	 * on the connection. */
	if (db->conn != NULL && db->stmt[id] != NULL)
		(void)mysql_stmt_free_result(st);
	if (meta != NULL)
		mysql_free_result(meta);
	for (c = 0; buf != NULL && c < nc; c++)
		free(buf[c]);
	free(buf);
	free(cap);
	free(b);
	free(lens);
	free(nulls);
	free(row.cell);
	free(row.len);
	return s;
}

int
db_col(const struct db_rows *rows, const char *name)
{
	size_t c;

	for (c = 0; rows->name != NULL && c < rows->ncols; c++)
		if (strcmp(rows->name[c], name) == 0)
			return (int)c;
	return -1;
}

enum db_status
db_query_one(struct db *db, struct pool *pool, enum sql_id id,
    const struct db_param *params, size_t nparams, struct db_rows *rows)
{
	enum db_status s = db_query(db, pool, id, params, nparams, rows);

	return s == DB_OK && rows->nrows == 0 ? DB_NOTFOUND : s;
}

enum db_status
db_begin(struct db *db)
{
	enum db_status s;

	if ((s = db_connect(db)) != DB_OK)
		return s;
	if (mysql_autocommit(db->conn, 0) != 0)
		return db_fail(db, mysql_errno(db->conn), "begin",
		    mysql_error(db->conn));
	db->in_tx = true;
	return DB_OK;
}

enum db_status
db_commit(struct db *db)
{
	enum db_status s = DB_OK;

	if (db->conn == NULL)
		return DB_UNAVAILABLE;
	if (mysql_commit(db->conn) != 0)
		s = db_fail(db, mysql_errno(db->conn), "commit",
		    mysql_error(db->conn));
	if (db->conn != NULL && mysql_autocommit(db->conn, 1) != 0)
		s = db_fail(db, mysql_errno(db->conn), "autocommit",
		    mysql_error(db->conn));
	db->in_tx = false;
	return s;
}

void
db_rollback(struct db *db)
{
	if (db->conn == NULL)
		return;
	if (mysql_rollback(db->conn) != 0 ||
	    mysql_autocommit(db->conn, 1) != 0) {
		fprintf(stderr, "db: rollback: %s\n", mysql_error(db->conn));
		db_disconnect(db);
	}
	db->in_tx = false;
}

bool
db_in_transaction(const struct db *db)
{
	return db->in_tx;
}
