#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <malloc.h>

#include "county.h"
#include "crypt.h"
#include "db.h"
#include "render.h"
#include "resp.h"
#include "sess.h"
#include "srv.h"
#include "valid.h"

#define THREADS_DEFAULT 8
#define THREADS_MAX     512
/* Requests wait in the listening socket's queue until a thread is free
 * (nginx opens a connection per request): room for a burst, where a full
 * queue would turn a request away at once (the kernel caps it at
 * net.core.somaxconn, 4096 by default). */
#define LISTEN_BACKLOG  1024
#define STOP_GRACE_MS   10000
#define ACCEPT_BACKOFF_MIN_MS 10
#define ACCEPT_BACKOFF_MAX_MS 1000
#define CSRF_COOKIE     "lx_csrf"
#define CSRF_AGE        (12L * 3600)

/* One per thread: its own FastCGI request, database connection and pool.
 * Only `idle` is read by another thread (the one that stops us). */
struct worker {
	pthread_t tid;
	const struct program *prog;
	int listen_fd;
	FCGX_Request fcgi;
	struct db *db;
	struct pool *pool;
	struct page_cache *cache;  /* shared pages this thread rendered */
	struct county county;        /* this thread's copy of the settings */
	unsigned served;             /* requests since the last trim */
	atomic_bool idle;
	atomic_bool done;
};

static atomic_bool stopping;

/* Requests a thread serves between two returns of free memory to the
 * system (malloc_trim). */
#define TRIM_EVERY 64

int
srv_match(const char *pattern, const char *path,
    const char *args[REQ_ARGS_MAX], struct pool *pool)
{
	size_t na = 0;

	while (*pattern != '\0' && *path != '\0') {
		if (*pattern == '*') {
			size_t n = strcspn(path, "/");

			if (n == 0 || na >= REQ_ARGS_MAX)
				return 0;
			args[na++] = pool_strndup(pool, path, n);
			path += n;
			pattern++;
		} else if (*pattern++ != *path++)
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

const struct route *
srv_route(const struct route *routes, size_t n, const char *path,
    enum method method, const char *args[REQ_ARGS_MAX], struct pool *pool,
    unsigned *allowed)
{
	unsigned want = method == METHOD_HEAD ? METHOD_GET : method;
	const struct route *match = NULL;
	int wild;
	size_t i;

	*allowed = 0;
	/* Exact patterns first: a path one of them names is that route's
	 * alone, whatever the order of the table. */
	for (wild = 0; wild < 2 && *allowed == 0; wild++)
		for (i = 0; i < n; i++) {
			const char *a[REQ_ARGS_MAX] = { NULL };

			if ((strchr(routes[i].pattern, '*') != NULL) != wild ||
			    !srv_match(routes[i].pattern, path, a, pool))
				continue;
			*allowed |= routes[i].methods;
			if (match == NULL && (routes[i].methods & want)) {
				match = &routes[i];
				memcpy(args, a, sizeof(a));
			}
		}
	return match;
}

long long
path_id(const struct req *r)
{
	unsigned long id;

	return valid_uint(r->args[0], RECORD_ID_MAX, &id) ? (long long)id : 0;
}

void
page_healthz(struct req *r)
{
	static const char ok[] = "ok\n", down[] = "database unavailable\n";
	struct db_rows rows;
	bool up = db_query(r->db, r->pool, SQL_PING, NULL, 0, &rows) == DB_OK &&
	    rows.nrows == 1;

	resp_head(r, up ? 200 : 503, "text/plain; charset=utf-8", NULL);
	if (r->method != METHOD_HEAD)
		resp_write(r, up ? ok : down, up ? sizeof(ok) - 1 : sizeof(down) - 1);
}

void
csrf_renew(struct req *r)
{
	const char *fresh = crypt_random_token(r->pool, 32);
	size_t i;

	/* Replace a cookie queued earlier in this request. */
	for (i = 0; i < r->ncookie_out; i++)
		if (strncmp(r->cookie_out[i], CSRF_COOKIE "=",
		    sizeof(CSRF_COOKIE)) == 0)
			r->cookie_out[i] = r->cookie_out[--r->ncookie_out];
	r->csrf = crypt_csrf_token(r->pool, fresh);
	resp_cookie(r, CSRF_COOKIE, fresh, CSRF_AGE, COOKIE_STRICT);
}

/* Makes sure the client has a CSRF cookie and sets the token for forms.
 * For a POST, returns false unless the posted token matches the cookie. */
static bool
csrf_check(struct req *r)
{
	const char *cookie = kv_get(&r->cookies, CSRF_COOKIE);
	const char *posted;

	if (cookie == NULL || strlen(cookie) != CRYPT_TOKEN_LEN) {
		cookie = NULL;
		csrf_renew(r);
	} else
		r->csrf = crypt_csrf_token(r->pool, cookie);
	if (r->method != METHOD_POST)
		return true;
	posted = kv_get(&r->form, "csrf");
	return cookie != NULL && posted != NULL && crypt_equal(posted, r->csrf);
}

const char *
access_code(enum access a)
{
	switch (a) {
	case ACCESS_ANYONE: return "anyone";
	case ACCESS_STAFF: return "staff";
	case ACCESS_STATION: return "station";
	case ACCESS_ADMIN: return "admin";
	case ACCESS_COUNTY: return "county";
	}
	return "?";
}

/* Whether the signed-in staff member may use a route of this access. */
static bool
access_ok(const struct req *r, enum access a)
{
	if (a == ACCESS_ANYONE)
		return true;
	if (r->sess == NULL || r->sess->role == ROLE_NONE)
		return false;
	switch (a) {
	case ACCESS_STAFF:
	case ACCESS_STATION:
		return true;
	case ACCESS_ADMIN:
		return r->sess->role == ROLE_COUNTY_ADMIN ||
		    r->sess->role == ROLE_TOWNSHIP_ADMIN;
	case ACCESS_COUNTY:
		return r->sess->role == ROLE_COUNTY_ADMIN;
	default:
		return false;
	}
}

/* Runs one request through intake, routing and the checks, then its
 * handler. */
static void
dispatch(struct worker *w, struct req *r)
{
	const struct program *p = w->prog;
	const struct route *match = NULL;
	unsigned allowed = 0;
	enum req_status rs;
	bool csrf_ok;
	int st;

	rs = req_read(r, &w->fcgi, w->pool);
	r->db = w->db;
	r->cache = w->cache;
	r->county = &w->county;
	switch (rs) {
	case REQ_OK:
		break;
	case REQ_TOO_LARGE:
		render_error(r, 413, "提交的内容太多了，请删减后再试。");
		return;
	case REQ_BAD_TYPE:
		render_error(r, 415, "不支持这种提交方式。");
		return;
	case REQ_BAD_UTF8:
		render_error(r, 400, "提交的内容含有无法识别的文字编码（须为 UTF-8），请重新填写。");
		return;
	case REQ_BAD_READ:
		render_error(r, 400, "提交的内容不完整，请重新提交。");
		return;
	}
	match = srv_route(p->routes, p->nroutes, r->path, r->method, r->args,
	    r->pool, &allowed);
	/* A thread's first page reads the county's names before it is built;
	 * later ones use the copy, refreshed after their response is sent
	 * (worker_main), so that no request waits on it. */
	if (w->county.next == 0 &&
	    (match == NULL || !(match->flags & ROUTE_BARE)))
		county_refresh(r, &w->county);
	if (match == NULL && allowed == 0) {
		/* Signed-in staff keep their header and their way home: the
		 * session is read when this responder has sessions. */
		if (p->authenticate != NULL)
			(void)p->authenticate(r);
		render_error(r, 404, "没有找到这个页面。");
		return;
	}
	if (match == NULL) {
		resp_head(r, 405, "text/plain; charset=utf-8",
		    (allowed & METHOD_POST) && (allowed & METHOD_GET) ?
		    "Allow: GET, HEAD, POST\r\n" : (allowed & METHOD_POST) ?
		    "Allow: POST\r\n" : "Allow: GET, HEAD\r\n");
		resp_write(r, "不支持这种请求方式。\n", strlen("不支持这种请求方式。\n"));
		return;
	}
	if (match->flags & ROUTE_BARE) {
		match->fn(r);
		return;
	}
	r->want_revision = (match->flags & ROUTE_KEPT) &&
	    r->method != METHOD_POST;
	if (p->authenticate != NULL && (st = p->authenticate(r)) != 0) {
		render_error(r, st, "系统暂时无法连接数据库，请稍后再试。");
		return;
	}
	csrf_ok = csrf_check(r);
	/* A staff form posted after the session ended: sign in again on the
	 * same page, what was posted kept (the 403 below would lose it). */
	if (r->sess == NULL && r->method == METHOD_POST &&
	    match->access != ACCESS_ANYONE && p->resume != NULL) {
		unsigned ignored;
		const char *a[REQ_ARGS_MAX];
		bool gettable = srv_route(p->routes, p->nroutes, r->path,
		    METHOD_GET, a, r->pool, &ignored) != NULL;

		if (p->resume(r, match, csrf_ok, gettable))
			return;
		csrf_ok = true;
	}
	if (!csrf_ok) {
		render_error(r, 403, "页面已过期或来源不明，请返回上一页，刷新后重新提交。");
		return;
	}
	if (!access_ok(r, match->access)) {
		if (r->sess == NULL && r->method != METHOD_POST) {
			/* Back to this page after signing in, when its path
			 * needs no escaping (all of ours); saying why when
			 * the session ran out. */
			bool plain = strspn(r->path, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_.-") ==
			    strlen(r->path);
			const char *why = sess_expired(r) ? "reason=expired" : "";

			resp_redirect(r, plain ? pool_printf(r->pool,
			    "/login?next=%s%s%s", r->path, *why ? "&" : "", why) :
			    *why ? pool_printf(r->pool, "/login?%s", why) :
			    "/login");
			return;
		}
		render_error(r, 403, "您没有权限访问这个页面。");
		return;
	}
	/* A generated password must be replaced before anything else. */
	if (r->sess != NULL && r->sess->must_change_password &&
	    match->access != ACCESS_ANYONE &&
	    !(match->flags & ROUTE_BEFORE_PASSWORD)) {
		resp_redirect(r, ROUTE_PASSWORD_PATH);
		return;
	}
	switch (scope_check(r, match->scope)) {
	case 0:
		break;
	case 403:
		render_error(r, 403, "这条记录不在您的管辖范围内，您没有权限查看或修改。");
		return;
	case 404:
		render_error(r, 404, "没有找到这条记录。");
		return;
	default:
		render_error(r, 503, "系统暂时无法连接数据库，请稍后再试。");
		return;
	}
	if ((match->flags & ROUTE_KEPT) && render_kept(r) == 0)
		return;
	match->fn(r);
}

/* SIGUSR1 wakes a thread blocked on a kept-alive connection at stop time;
 * the handler itself does nothing. */
static void
on_wake(int sig)
{
	(void)sig;
}

/* Sleeps ms milliseconds in short steps, returning early once stopping. */
static void
backoff(unsigned ms)
{
	while (ms > 0 && !atomic_load(&stopping)) {
		unsigned step = ms < 20 ? ms : 20;

		(void)usleep(step * 1000);
		ms -= step;
	}
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	unsigned delay = 0;
	struct req r;
	sigset_t wake;

	sigemptyset(&wake);
	sigaddset(&wake, SIGUSR1);
	if (pthread_sigmask(SIG_UNBLOCK, &wake, NULL) != 0)
		goto out;
	while (!atomic_load(&stopping)) {
		int rc;

		atomic_store(&w->idle, true);
		rc = FCGX_Accept_r(&w->fcgi);
		if (rc < 0) {
			/* Out of descriptors or memory, or woken to stop: a
			 * thread that gave up here would shrink the pool for
			 * good, so it waits a little longer each time and
			 * tries again, unless we are stopping. */
			if (atomic_load(&stopping))
				break;
			delay = delay == 0 ? ACCEPT_BACKOFF_MIN_MS :
			    delay * 2 > ACCEPT_BACKOFF_MAX_MS ?
			    ACCEPT_BACKOFF_MAX_MS : delay * 2;
			fprintf(stderr, "%s: accept failed (%d); again in"
			    " %u ms\n", w->prog->name, rc, delay);
			backoff(delay);
			continue;
		}
		atomic_store(&w->idle, false);
		delay = 0;
		dispatch(w, &r);
		/* A handler must end what it begins; if one did not, its
		 * writes are undone here, not committed by the next request. */
		if (db_in_transaction(w->db)) {
			fprintf(stderr, "%s: transaction left open by %s;"
			    " rolled back\n", w->prog->name,
			    r.path != NULL ? r.path : "?");
			db_rollback(w->db);
		}
		FCGX_Finish_r(&w->fcgi);
		county_refresh(&r, &w->county);
		pool_reset(w->pool);
		/* libxml2 and libxslt build and free a tree per page; what
		 * they freed stays in malloc's arenas, and the responder grows
		 * to the sum of every thread's biggest page. Handing free
		 * pages back now and then keeps it near what it uses. */
		if (++w->served >= TRIM_EVERY) {
			w->served = 0;
			(void)malloc_trim(0);
		}
	}
out:
	FCGX_Free(&w->fcgi, 1);
	atomic_store(&w->done, true);
	return NULL;
}

/* Creates the listening socket, readable and writable by our user only,
 * or also by our group when LAOXIAO_SOCKET_MODE is 0660 (./laoxiao started
 * as root: each responder's own group then holds nginx's user alone). */
static int
open_socket(const char *path)
{
	const char *want = getenv("LAOXIAO_SOCKET_MODE");
	mode_t old, mode = 0600;
	int fd;

	if (want != NULL && strcmp(want, "0660") == 0)
		mode = 0660;
	else if (want != NULL && want[0] != '\0' && strcmp(want, "0600") != 0) {
		fprintf(stderr, "LAOXIAO_SOCKET_MODE must be 0600 or 0660\n");
		return -1;
	}

	if (unlink(path) != 0 && errno != ENOENT) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	old = umask(077);
	fd = FCGX_OpenSocket(path, LISTEN_BACKLOG);
	umask(old);
	if (fd < 0) {
		fprintf(stderr, "cannot listen on %s\n", path);
		return -1;
	}
	if (chmod(path, mode) != 0) {
		perror(path);
		close(fd);
		return -1;
	}
	return fd;
}

/* Listens on TCP at addr ("10.0.0.21:9000"): the address of one interface,
 * never all of them (the FastCGI protocol has no authentication; libfcgi
 * also refuses peers not in FCGI_WEB_SERVER_ADDRS when that is set). */
static int
open_tcp(const char *addr)
{
	const char *colon = strrchr(addr, ':');
	unsigned long port;
	int fd;

	if (colon == NULL || colon == addr || !valid_uint(colon + 1, 65535,
	    &port) || port == 0) {
		fprintf(stderr, "--listen wants ADDRESS:PORT, not %s\n", addr);
		return -1;
	}
	if ((fd = FCGX_OpenSocket(addr, LISTEN_BACKLOG)) < 0)
		fprintf(stderr, "cannot listen on %s\n", addr);
	return fd;
}

/* Waits for a stop signal in the main thread, then lets in-flight requests
 * finish: the listening socket is shut (waking accept), idle threads on
 * kept-alive connections are nudged until every thread is done. */
static void
wait_and_stop(struct worker *w, size_t n, int listen_fd, const sigset_t *set)
{
	int sig = 0, waited = 0;
	size_t i, left;

	while (sigwait(set, &sig) != 0)
		continue;
	fprintf(stderr, "stopping on signal %d\n", sig);
	atomic_store(&stopping, true);
	if (shutdown(listen_fd, SHUT_RDWR) != 0)
		perror("shutdown");
	do {
		left = 0;
		for (i = 0; i < n; i++) {
			if (atomic_load(&w[i].done))
				continue;
			left++;
			if (atomic_load(&w[i].idle))
				(void)pthread_kill(w[i].tid, SIGUSR1);
		}
		if (left > 0) {
			(void)usleep(20 * 1000);
			waited += 20;
		}
	} while (left > 0 && waited < STOP_GRACE_MS);
	if (left > 0)
		fprintf(stderr, "%zu threads still busy; exiting anyway\n", left);
}

/* --routes: the route table for tests and documentation. */
static int
print_routes(const struct program *prog)
{
	size_t i;

	for (i = 0; i < prog->nroutes; i++) {
		const struct route *rt = &prog->routes[i];

		if (printf("%s\t%s%s%s\t%s\t%s\t%s\n", rt->pattern,
		    (rt->methods & METHOD_GET) ? "GET" : "",
		    (rt->methods & METHOD_GET) && (rt->methods & METHOD_POST) ?
		    "," : "", (rt->methods & METHOD_POST) ? "POST" : "",
		    access_code(rt->access), scope_code(rt->scope),
		    (rt->flags & ROUTE_KEPT) ? "kept" : "-") < 0)
			return EXIT_FAILURE;
	}
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

int
srv_main(int argc, char **argv, const struct program *prog)
{
	const char *sock = NULL, *listen_at = NULL, *tmpl = getenv("LAOXIAO_TEMPLATES");
	const char *tenv = getenv("LAOXIAO_THREADS");
	unsigned long nthreads = THREADS_DEFAULT;
	struct worker *w = NULL;
	struct sigaction sa;
	sigset_t set;
	size_t i, started = 0, busy = 0;
	int fd = -1, rc = EXIT_FAILURE;

	if (argc == 2 && strcmp(argv[1], "--routes") == 0)
		return print_routes(prog);
	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--socket") == 0 && i + 1 < (size_t)argc)
			sock = argv[++i];
		else if (strcmp(argv[i], "--listen") == 0 && i + 1 < (size_t)argc)
			listen_at = argv[++i];
		else if (strcmp(argv[i], "--threads") == 0 && i + 1 < (size_t)argc)
			tenv = argv[++i];
		else {
			fprintf(stderr, "usage: %s --socket PATH|--listen ADDR:PORT"
			    " [--threads N] | --routes\n", argv[0]);
			return EXIT_FAILURE;
		}
	}
	if ((sock == NULL) == (listen_at == NULL)) {
		fprintf(stderr, "%s: --socket PATH or --listen ADDR:PORT is"
		    " required\n", prog->name);
		return EXIT_FAILURE;
	}
	if (tenv != NULL && (!valid_uint(tenv, THREADS_MAX, &nthreads) ||
	    nthreads == 0)) {
		fprintf(stderr, "%s: threads must be 1..%d\n", prog->name,
		    THREADS_MAX);
		return EXIT_FAILURE;
	}

	/* Signals: every thread blocks the stop signals (and SIGPIPE, a
	 * client gone); only the main thread waits for them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGPIPE);
	sigaddset(&set, SIGUSR1);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
		return EXIT_FAILURE;
	sigdelset(&set, SIGPIPE);
	sigdelset(&set, SIGUSR1);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_wake;  /* no SA_RESTART: blocked reads return */
	if (sigemptyset(&sa.sa_mask) != 0 || sigaction(SIGUSR1, &sa, NULL) != 0)
		return EXIT_FAILURE;

	if (crypt_init(getenv("LAOXIAO_KEY_FILE")) != 0 ||
	    db_library_init() != 0)
		return EXIT_FAILURE;
	if (render_init(tmpl != NULL ? tmpl : "templates") != 0)
		goto out;
	if (FCGX_Init() != 0) {
		fputs("FCGX_Init failed\n", stderr);
		goto out;
	}
	if ((fd = sock != NULL ? open_socket(sock) : open_tcp(listen_at)) < 0)
		goto out;

	if ((w = calloc(nthreads, sizeof(*w))) == NULL)
		goto out;
	for (i = 0; i < nthreads; i++) {
		w[i].prog = prog;
		w[i].listen_fd = fd;
		w[i].db = db_new();
		/* With several database nodes the threads spread over them. */
		db_start_at(w[i].db, (unsigned)i);
		w[i].pool = pool_new();
		/* Without it (out of memory) pages are simply not kept. */
		w[i].cache = page_cache_new();
		atomic_init(&w[i].idle, false);
		atomic_init(&w[i].done, false);
		if (FCGX_InitRequest(&w[i].fcgi, fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
			goto stop;
		if ((errno = pthread_create(&w[i].tid, NULL, worker_main,
		    &w[i])) != 0) {
			perror("pthread_create");
			goto stop;
		}
		started++;
	}
	fprintf(stderr, "%s: %zu threads on %s\n", prog->name, started,
	    sock != NULL ? sock : listen_at);
	rc = EXIT_SUCCESS;
stop:
	if (started > 0 && rc == EXIT_SUCCESS)
		wait_and_stop(w, started, fd, &set);
	else {
		atomic_store(&stopping, true);
		(void)shutdown(fd, SHUT_RDWR);
	}
	for (i = 0; i < started; i++)
		if (!atomic_load(&w[i].done))
			busy++;
		else if ((errno = pthread_join(w[i].tid, NULL)) != 0)
			perror("pthread_join");
	if (sock != NULL && unlink(sock) != 0 && errno != ENOENT)
		perror(sock);
	/* A thread that never finished may still touch its worker, the
	 * listening socket, the stylesheets and the database library:
	 * none of them is freed under its feet; the process exit takes
	 * them back. */
	if (busy > 0)
		return rc;
	for (i = 0; w != NULL && i < nthreads; i++) {
		db_free(w[i].db);
		pool_free(w[i].pool);
		page_cache_free(w[i].cache);
	}
	free(w);
out:
	if (fd >= 0)
		close(fd);
	render_end();
	db_library_end();
	return rc;
}
