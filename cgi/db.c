#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include <mysql.h>
#include <sodium.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "db.h"

#define DB_CONNECT_TIMEOUT 3  /* seconds */
#define DB_IO_TIMEOUT      5  /* seconds, per read or write */
#define DB_SLOW_TIMEOUT 3600  /* the same for the tool's long statements */
/* The server's wait for a row lock, in seconds: shorter than DB_IO_TIMEOUT.
 * A statement still waiting when the client gives up leaves its
 * transaction open on the server, holding every lock it took, until the
 * wait ends (50 s by default); everything behind those locks then times
 * out too and is left behind the same way. Ended first by the server, the
 * wait is a conflict (1205): rolled back at once, and run again. */
#define DB_LOCK_WAIT ", innodb_lock_wait_timeout = 3"
#define DB_SESSION_SETTINGS "SET time_zone = '+08:00', sql_mode = " \
	"'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE," \
	"ERROR_FOR_DIVISION_BY_ZERO'"
#define DB_PARAMS_MAX      32
#define DB_HOSTS_MAX       16
#define DB_TX_ATTEMPTS     10  /* a transaction is run at most this often */
#define DB_BACKOFF_MS      10  /* first wait before running it again */
#define DB_LOST_RETRIES     2  /* ... of those after a connection lost */
#define DB_HOME_AFTER       2  /* conflicts before moving to the first node */
#define DB_TOKEN_LEN       16  /* a transaction's mark in tx_done */
#define DB_PURGE_EVERY   1000  /* commits on a handle between purges */
#define DB_ASK_MS       12000  /* how long a lost COMMIT's outcome is asked */
#define DB_ASK_STEP_MS    250  /* ... between questions */

struct db {
	MYSQL *conn;                 /* NULL while disconnected */
	MYSQL_STMT *stmt[SQL__MAX];  /* prepared on first use */
	bool in_tx;                  /* between db_begin and its end */
	bool slow;                   /* long statements allowed (the tool) */
	unsigned host;               /* LAOXIAO_DB_HOSTS entry tried first */
	bool lost;                   /* the connection went in this transaction */
	bool in_doubt;               /* ... during its COMMIT */
	unsigned seed;               /* for the back-off's jitter */
	unsigned commits;            /* since this handle last purged tx_done */
	bool causal;                 /* reads wait for the cluster (wsrep_sync_wait) */
	bool go_home;                /* next connection: the list's first node */
	unsigned long thread;        /* a lone server's id of our connection */
	long long started;           /* when that server started (0: unknown) */
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
	db->seed = (unsigned)(uintptr_t)db ^ (unsigned)time(NULL);
	return db;
}

void
db_start_at(struct db *db, unsigned n)
{
	db->host = n;
	db->seed ^= n * 2654435761u;
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

/* The first column of the first row of query on c, copied into buf;
 * false when the query fails or gives no row. */
static bool
first_value(MYSQL *c, const char *query, char *buf, size_t size)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	bool got = false;

	if (mysql_query(c, query) != 0 || (res = mysql_store_result(c)) == NULL)
		return false;
	if ((row = mysql_fetch_row(res)) != NULL && row[0] != NULL) {
		(void)snprintf(buf, size, "%s", row[0]);
		got = true;
	}
	mysql_free_result(res);
	return got;
}

/* Whether the node behind c may be used: a Galera node that is not
 * synced with its cluster (joining, donor, cut off) says wsrep_ready OFF
 * and refuses statements; a server with Galera off (wsrep_on 0), or
 * without it, is always ready. */
static bool
node_ready(MYSQL *c)
{
	char v[16];

	if (!first_value(c, "SELECT @@global.wsrep_on", v, sizeof(v)))
		return mysql_errno(c) == ER_UNKNOWN_SYSTEM_VARIABLE;
	if (strcmp(v, "0") == 0)
		return true;
	return first_value(c, "SELECT VARIABLE_VALUE FROM"
	    " information_schema.GLOBAL_STATUS"
	    " WHERE VARIABLE_NAME = 'WSREP_READY'", v, sizeof(v)) &&
	    strcmp(v, "ON") == 0;
}

/* Entry n (counted from 0, wrapping) of the comma-separated host:port list
 * into host and *port; false when the list has no usable entry there. */
static bool
host_entry(const char *list, unsigned n, size_t count, char *host,
    size_t size, unsigned *port)
{
	const char *p = list, *end, *colon;
	unsigned long v;
	char num[8];
	size_t i, len;

	for (i = 0; i < n % count; i++)
		p = strchr(p, ',') + 1;
	end = strchr(p, ',');
	len = end != NULL ? (size_t)(end - p) : strlen(p);
	colon = memchr(p, ':', len);
	if (colon == NULL || (size_t)(colon - p) >= size ||
	    (size_t)(p + len - colon - 1) >= sizeof(num))
		return false;
	memcpy(host, p, (size_t)(colon - p));
	host[colon - p] = '\0';
	memcpy(num, colon + 1, (size_t)(p + len - colon - 1));
	num[p + len - colon - 1] = '\0';
	if (strspn(num, "0123456789") != strlen(num) || num[0] == '\0' ||
	    (v = strtoul(num, NULL, 10)) == 0 || v > 65535)
		return false;
	*port = (unsigned)v;
	return true;
}

/* A new connection with our options, not yet connected; NULL on failure. */
static MYSQL *
conn_new(const struct db *db)
{
	unsigned int ct = DB_CONNECT_TIMEOUT;
	unsigned int io = db->slow ? DB_SLOW_TIMEOUT : DB_IO_TIMEOUT;
	MYSQL *c;

	if ((c = mysql_init(NULL)) == NULL)
		return NULL;
	if (mysql_options(c, MYSQL_OPT_CONNECT_TIMEOUT, &ct) != 0 ||
	    mysql_options(c, MYSQL_OPT_READ_TIMEOUT, &io) != 0 ||
	    mysql_options(c, MYSQL_OPT_WRITE_TIMEOUT, &io) != 0 ||
	    mysql_options(c, MYSQL_SET_CHARSET_NAME, "utf8mb4") != 0 ||
	    mysql_options(c, MYSQL_INIT_COMMAND, db->slow ?
	    DB_SESSION_SETTINGS : DB_SESSION_SETTINGS DB_LOCK_WAIT) != 0) {
		mysql_close(c);
		return NULL;
	}
	return c;
}

enum db_status
db_connect(struct db *db)
{
	const char *sock = getenv("LAOXIAO_DB_SOCKET");
	const char *hosts = getenv("LAOXIAO_DB_HOSTS");
	const char *name = getenv("LAOXIAO_DB_NAME");
	const char *user = getenv("LAOXIAO_DB_USER");
	size_t count = 1, tried;
	char pw[256], host[256];
	unsigned port = 0;
	MYSQL *c;

	if (db->conn != NULL)
		return DB_OK;
	if (read_password(pw, sizeof(pw)) != 0)
		return DB_UNAVAILABLE;
	if (user == NULL)
		user = "laoxiao_app";
	if (name == NULL)
		name = "laoxiao";
	if (hosts != NULL && *hosts == '\0')
		hosts = NULL;
	for (const char *p = hosts; p != NULL && (p = strchr(p, ',')) != NULL;
	    p++)
		count++;
	if (count > DB_HOSTS_MAX)
		count = DB_HOSTS_MAX;
	/* A list of nodes: from this handle's current one onwards, the first
	 * that connects and is ready; it stays ours until it fails. */
	if (db->go_home) {
		db->go_home = false;
		db->host -= db->host % (unsigned)count;
	}
	for (tried = 0; tried < count; tried++, db->host++) {
		if (hosts != NULL && !host_entry(hosts, db->host, count, host,
		    sizeof(host), &port)) {
			fprintf(stderr, "db: LAOXIAO_DB_HOSTS entry %u is not"
			    " host:port\n", db->host % (unsigned)count + 1);
			continue;
		}
		if ((c = conn_new(db)) == NULL)
			return DB_UNAVAILABLE;
		if (mysql_real_connect(c, hosts != NULL ? host : NULL, user, pw,
		    name, port, hosts != NULL ? NULL : sock, 0) == NULL) {
			fprintf(stderr, "db: connect%s%s: %s\n",
			    hosts != NULL ? " " : "", hosts != NULL ? host : "",
			    mysql_error(c));
			mysql_close(c);
			continue;
		}
		if (!node_ready(c)) {
			fprintf(stderr, "db: %s is not ready (wsrep_ready)\n",
			    hosts != NULL ? host : "the server");
			mysql_close(c);
			continue;
		}
		/* Several nodes: a node applies what another committed a
		 * little after that commit returned, so the page after a
		 * form (a session just made, an enrolment just taken) could
		 * be read on a node that has not applied it yet. Every read
		 * first waits until this node has applied everything
		 * committed anywhere before it began. */
		db->causal = hosts != NULL;
		if (db->causal &&
		    mysql_query(c, "SET SESSION wsrep_sync_wait = 1") != 0) {
			/* A server without Galera: one node, nothing to wait for. */
			db->causal = false;
			if (mysql_errno(c) != ER_UNKNOWN_SYSTEM_VARIABLE) {
				fprintf(stderr, "db: %s: wsrep_sync_wait: %s\n",
				    host, mysql_error(c));
				mysql_close(c);
				continue;
			}
		}
		/* A lone server: who we are there and since when it runs, for
		 * telling what became of a COMMIT whose answer was lost. */
		db->thread = 0;
		db->started = 0;
		if (hosts == NULL) {
			char v[32];

			db->thread = mysql_thread_id(c);
			if (first_value(c, "SELECT UNIX_TIMESTAMP() -"
			    " VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
			    " WHERE VARIABLE_NAME = 'UPTIME'", v, sizeof(v)))
				db->started = strtoll(v, NULL, 10);
		}
		db->conn = c;
		return DB_OK;
	}
	return DB_UNAVAILABLE;
}

/* Maps a server or client error to a status, dropping the connection when
 * it can no longer be trusted. */
static enum db_status
db_fail(struct db *db, unsigned int err, const char *what, const char *msg)
{
	switch (err) {
	case ER_DUP_ENTRY:
		return DB_DUPLICATE;
	case ER_LOCK_DEADLOCK:
	case ER_LOCK_WAIT_TIMEOUT:
		/* A deadlock, a lock waited for too long, or (Galera) a
		 * transaction that lost certification to one committed on
		 * another node: rolled back, the connection is fine. */
		fprintf(stderr, "db: %s: %u %s (conflict)\n", what, err, msg);
		return DB_CONFLICT;
	case ER_UNKNOWN_COM_ERROR:  /* a Galera node that is not ready */
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_COMMANDS_OUT_OF_SYNC:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case ER_QUERY_INTERRUPTED:
		fprintf(stderr, "db: %s: %u %s (reconnecting)\n", what, err, msg);
		if (db->in_tx)
			db->lost = true;
		db_disconnect(db);
		/* Next time, another node first. */
		db->host++;
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
	    err == ER_CONNECTION_KILLED || err == ER_UNKNOWN_COM_ERROR;
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
 * connection lost runs once more (db_run_once); a statement outside a
 * transaction that lost to a conflict (rolled back whole) runs again. */
static enum db_status
db_run(struct db *db, enum sql_id id, const struct db_param *params,
    size_t n, MYSQL_STMT **out)
{
	enum db_status s;
	int attempt = 0;

	do
		s = db_run_once(db, id, params, n, out, true);
	while (s == DB_CONFLICT && !db->in_tx && db_retry(db, &s, &attempt));
	return s;
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

/* Into (or out of) a transaction: autocommit off (on). With several nodes
 * the reads inside a transaction do not wait for the cluster: a transaction
 * that depends on what others wrote serialises on it (db_serialise) and
 * certification stops it if it read too early; only the reads outside
 * transactions (the page after a form) wait. One statement either way. */
static int
tx_mode(struct db *db, bool in)
{
	if (!db->causal)
		return mysql_autocommit(db->conn, in ? 0 : 1);
	return mysql_query(db->conn, in ?
	    "SET SESSION autocommit = 0, wsrep_sync_wait = 0" :
	    "SET SESSION autocommit = 1, wsrep_sync_wait = 1");
}

enum db_status
db_begin(struct db *db)
{
	enum db_status s;
	int tries;

	db->lost = db->in_doubt = false;
	/* An idle connection found gone (the server restarted, ended it, or
	 * the node died) at BEGIN: nothing was done yet, so once more on a
	 * new one. */
	for (tries = 0; ; tries++) {
		if ((s = db_connect(db)) != DB_OK)
			return s;
		if (tx_mode(db, true) == 0)
			break;
		s = db_fail(db, mysql_errno(db->conn), "begin",
		    mysql_error(db->conn));
		if (db->conn != NULL || tries > 0)
			return s;
	}
	db->in_tx = true;
	return DB_OK;
}

/* Counts the rows of a result (db_each). */
static int
count_row(void *arg, const struct db_rows *row)
{
	(void)row;
	++*(int *)arg;
	return 0;
}

/* After a connection lost during COMMIT: asks another node (or the same
 * server again) whether the transaction marked token committed, once that
 * node has applied everything committed before (wsrep_sync_wait). DB_OK
 * when it did; DB_UNAVAILABLE, still in doubt, when it cannot be told or
 * it is not there (a commit still on its way could land later). */
static enum db_status
commit_outcome(struct db *db, const unsigned char *token)
{
	struct db_param p[] = { DP_BLOB(token, DB_TOKEN_LEN) };
	enum db_status s;
	int found = 0;

	if ((s = db_connect(db)) != DB_OK)
		return DB_UNAVAILABLE;
	/* Not a Galera node: the variable may not exist; nothing to wait for. */
	(void)mysql_query(db->conn, "SET SESSION wsrep_sync_wait = 1");
	s = db_each(db, SQL_TX_DONE_FIND, p, 1, count_row, &found);
	if (db->conn != NULL && !db->causal)
		(void)mysql_query(db->conn, "SET SESSION wsrep_sync_wait = 0");
	if (s != DB_OK || found == 0)
		return DB_UNAVAILABLE;
	fputs("db: a commit whose connection was lost did commit\n", stderr);
	db->in_doubt = false;
	return DB_OK;
}

/* The same on a lone server (no node list), where the answer can be
 * certain: the lost connection (thread, on the server that started at
 * started) ends once the server has read its COMMIT, or at once if the
 * server restarted; after that the transaction committed or never will.
 * Asks for up to DB_ASK_MS while the server does not answer (frozen,
 * restarting) or that connection is still open. DB_OK when it committed;
 * DB_UNAVAILABLE with the doubt lifted when it did not (it may run again);
 * DB_UNAVAILABLE still in doubt when the time ran out. */
static enum db_status
lone_commit_outcome(struct db *db, const unsigned char *token,
    unsigned long thread, long long started)
{
	struct db_param mark[] = { DP_BLOB(token, DB_TOKEN_LEN) };
	struct db_param id[] = { DP_INT(thread) };
	unsigned waited;

	for (waited = 0; waited < DB_ASK_MS; waited += DB_ASK_STEP_MS) {
		int alive = 0, found = 0;

		if (db_connect(db) == DB_OK && db->started != 0) {
			/* The same server still (its start known to the second). */
			bool same = llabs(db->started - started) <= 2;

			if ((!same || db_each(db, SQL_TX_THREAD_ALIVE, id, 1,
			    count_row, &alive) == DB_OK) && alive == 0 &&
			    db_each(db, SQL_TX_DONE_FIND, mark, 1, count_row,
			    &found) == DB_OK) {
				db->in_doubt = false;
				fprintf(stderr, "db: a commit whose connection was"
				    " lost %s\n", found ? "did commit" :
				    "did not commit; running it again");
				return found ? DB_OK : DB_UNAVAILABLE;
			}
		}
		(void)usleep(DB_ASK_STEP_MS * 1000);
	}
	return DB_UNAVAILABLE;
}

enum db_status
db_commit(struct db *db)
{
	unsigned char token[DB_TOKEN_LEN];
	struct db_param p[] = { DP_BLOB(token, sizeof(token)) };
	enum db_status s = DB_OK;

	const unsigned long thread = db->thread;
	const long long started = db->started;

	if (db->conn == NULL)
		return DB_UNAVAILABLE;
	/* The mark by which a commit whose answer was lost can be found. */
	randombytes_buf(token, sizeof(token));
	if ((s = db_exec(db, SQL_TX_DONE_INSERT, p, 1, NULL, NULL)) != DB_OK) {
		db_rollback(db);
		return s;
	}
	if (mysql_commit(db->conn) != 0) {
		s = db_fail(db, mysql_errno(db->conn), "commit",
		    mysql_error(db->conn));
		/* Gone while committing: it may have committed, on this node
		 * and (Galera) on the others. Never run again unless another
		 * node says it did not commit (commit_outcome). */
		if (s == DB_UNAVAILABLE) {
			db->in_doubt = true;
			/* A lone server is known by its start (db_connect). */
			return started != 0 ?
			    lone_commit_outcome(db, token, thread, started) :
			    commit_outcome(db, token);
		}
	}
	/* Committed (s == DB_OK), or refused and rolled back: either way the
	 * transaction is over, and what follows must not make it look lost
	 * (a lost transaction is run again: a committed one would be done
	 * twice). A connection that cannot go back to autocommit is dropped,
	 * so the next request starts on a clean one. */
	db->in_tx = false;
	if (db->conn != NULL && tx_mode(db, false) != 0) {
		enum db_status m = db_fail(db, mysql_errno(db->conn),
		    "autocommit", mysql_error(db->conn));

		if (m != DB_UNAVAILABLE)
			db_disconnect(db);
	}
	/* Marks older than an hour are no longer asked for. */
	if (s == DB_OK && ++db->commits >= DB_PURGE_EVERY) {
		db->commits = 0;
		(void)db_exec(db, SQL_TX_DONE_PURGE, NULL, 0, NULL, NULL);
	}
	return s;
}

void
db_rollback(struct db *db)
{
	if (db->conn == NULL)
		return;
	if (mysql_rollback(db->conn) != 0 ||
	    tx_mode(db, false) != 0) {
		fprintf(stderr, "db: rollback: %s\n", mysql_error(db->conn));
		db_disconnect(db);
	}
	db->in_tx = false;
}

enum db_status
db_serialise(struct db *db, const char *name)
{
	struct db_param p[] = { DP_STR(name) };

	if (!db->in_tx || strlen(name) > DB_LOCK_NAME_MAX) {
		fprintf(stderr, "db: serialise %s: %s\n", name, db->in_tx ?
		    "name too long" : "outside a transaction");
		return DB_ERROR;
	}
	return db_exec(db, SQL_TX_LOCK, p, 1, NULL, NULL);
}

bool
db_retry(struct db *db, enum db_status *s, int *attempt)
{
	unsigned ms;

	if (*s == DB_CONFLICT)
		;
	else if (*s == DB_UNAVAILABLE && db->lost && !db->in_doubt &&
	    *attempt < DB_LOST_RETRIES)
		;  /* gone before COMMIT: nothing was written */
	else
		return false;
	if (++*attempt >= DB_TX_ATTEMPTS) {
		fprintf(stderr, "db: still conflicting after %d attempts;"
		    " giving up\n", *attempt);
		*s = DB_UNAVAILABLE;
		return false;
	}
	/* A transaction that keeps losing to others on other nodes moves,
	 * with its thread's connection, to the list's first node: there the
	 * transactions that fight over the same rows wait for each other's
	 * locks instead of failing certification again and again. */
	if (*s == DB_CONFLICT && *attempt == DB_HOME_AFTER && db->conn != NULL &&
	    !db->in_tx && getenv("LAOXIAO_DB_HOSTS") != NULL) {
		db_disconnect(db);
		db->go_home = true;
	}
	/* Random within a window that doubles each time, so that the
	 * transactions that collided do not collide again. */
	ms = DB_BACKOFF_MS << (*attempt > 7 ? 6 : *attempt - 1);
	ms = ms / 2 + (unsigned)rand_r(&db->seed) % (ms / 2 + 1);
	(void)usleep(ms * 1000);
	return true;
}

bool
db_in_transaction(const struct db *db)
{
	return db->in_tx;
}
