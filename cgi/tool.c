/* laoxiao-tool: set-up from the command line, with the responders' own
 * configuration (environment) and core library.
 *   laoxiao-tool demo    load demo stations, staff and volunteers (once)
 *   laoxiao-tool admin   create the county admin alone (production)
 *   laoxiao-tool hash    argon2id hash of a password read from stdin
 *   laoxiao-tool places FILE   bring the county's places in line with FILE
 *   laoxiao-tool figures --check|--rebuild   compare the kept figures with
 *                        the raw records (exit 1 on a difference), or
 *                        rebuild them */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "crypt.h"
#include "db.h"
#include "demo.h"
#include "figures.h"
#include "passwd.h"
#include "places.h"
#include "review.h"

#define USAGE "usage: laoxiao-tool demo|admin|hash|sql-check|places FILE|" \
	"figures --check|--rebuild\n"

/* Demo places, by division code (data/places-511921.csv). */
#define DEMO_NUOJIANG "511921100"       /* 诺江镇 */
#define DEMO_KONGSHAN "511921123"       /* 空山镇 */

struct demo_station {
	const char *village;          /* its code */
	const char *name, *address, *phone;
};

/* Two stations in 诺江镇, one in 空山镇. */
static const struct demo_station stations[] = {
	{ "511921100201", "新华村互助养老服务站", "诺江镇新华村村委会一楼",
	    "0827-7221201" },
	{ "511921100215", "城西村互助养老服务站", "诺江镇城西村老年活动中心",
	    "0827-7221215" },
	{ "511921123200", "中坝村互助养老服务站", "空山镇中坝村文化室旁",
	    "0827-7385200" },
};

struct demo_staff {
	const char *username, *display, *role;
	const char *township;         /* its code, or NULL */
	unsigned station;             /* 0: none */
};

/* station ids are those of stations[] in order, 1-based. */
static const struct demo_staff staff[] = {
	{ "admin", "县民政局管理员", "county_admin", NULL, 0 },
	{ "township1", "诺江镇民政办", "township_admin", DEMO_NUOJIANG, 0 },
	{ "station1", "新华村服务站", "station_operator", DEMO_NUOJIANG, 1 },
	{ "station2", "中坝村服务站", "station_operator", DEMO_KONGSHAN, 3 },
};

struct demo_volunteer {
	const char *name, *birth, *phone;
	unsigned station;     /* index+1 into stations[] */
	const char *skills;
};

static const struct demo_volunteer volunteers[] = {
	{ "王秀英", "19650304", "13800000001", 1, "meal,company" },
	{ "李建国", "19700712", "13800000002", 1, "walk,patrol,repair" },
	{ "张桂兰", "19681120", "13800000003", 1, "clean,health" },
	{ "刘志强", "19750215", "13800000004", 2, "medical,errand" },
	{ "陈美华", "19720908", "13800000005", 2, "meal,clean" },
	{ "杨德明", "19630430", "13800000006", 3, "company,patrol" },
	{ "赵春梅", "19800101", "13800000007", 3, "meal,bath" },
	{ "黄永福", "19660618", "13800000008", 3, "walk,errand" },
};

static int
fail(const char *what, enum db_status s)
{
	fprintf(stderr, "laoxiao-tool: %s failed (%d)\n", what, (int)s);
	return EXIT_FAILURE;
}

static int
add_staff(struct req *r, const struct demo_staff *s, const char *hash,
    int must_change)
{
	unsigned long township = 0, village;
	enum db_status st;

	if (s->township != NULL &&
	    (st = demo_place(r, s->township, &township, &village)) != DB_OK)
		return fail("place of staff (run laoxiao-tool places first)",
		    st);
	{
		struct db_param p[] = {
			DP_STR(s->username), DP_STR(s->display), DP_STR(s->role),
			township ? DP_INT(township) : DP_NULL,
			s->station ? DP_INT(s->station) : DP_NULL,
			DP_STR(hash), DP_INT(must_change),
		};

		st = db_exec(r->db, SQL_TOOL_STAFF_INSERT, p, 7, NULL, NULL);
	}
	return st == DB_OK ? 0 : fail("staff insert", st);
}

/* The password for the accounts: LAOXIAO_ADMIN_PASSWORD, or a new one.
 * A given one must pass the policy for each of the first n accounts;
 * NULL (said on stderr) when it does not. */
static const char *
password(struct req *r, size_t n, int *generated)
{
	const char *pw = getenv("LAOXIAO_ADMIN_PASSWORD"), *problem;
	size_t i;

	*generated = pw == NULL || *pw == '\0';
	if (*generated)
		return crypt_random_token(r->pool, 12);
	for (i = 0; i < n; i++)
		if ((problem = passwd_problem(pw, staff[i].username)) != NULL) {
			fprintf(stderr, "laoxiao-tool: LAOXIAO_ADMIN_PASSWORD"
			    " cannot be used for %s: %s\n", staff[i].username,
			    problem);
			return NULL;
		}
	return pw;
}

static int
demo(struct req *r, int only_admin)
{
	struct db_rows rows;
	enum db_status s;
	const char *pw, *hash, *year;
	int generated, must_change;
	size_t i;

	/* The policy holds for a given password too. A production admin
	 * (only_admin) changes it at first sign-in whoever chose it; the
	 * demo accounts of a run or test instance keep a given one. */
	if ((pw = password(r, only_admin ? 1 : sizeof(staff) / sizeof(staff[0]),
	    &generated)) == NULL)
		return EXIT_FAILURE;
	must_change = generated || only_admin;
	{
		struct db_param p[] = { DP_STR("admin") };

		if ((s = db_query(r->db, r->pool, SQL_TOOL_STAFF_EXISTS, p, 1,
		    &rows)) != DB_OK)
			return fail("staff lookup", s);
	}
	if (rows.nrows > 0) {
		printf("账号已存在，未重复创建（登录名：%s）。\n", only_admin ?
		    "admin" : "admin, township1, station1, station2");
		return EXIT_SUCCESS;
	}
	if ((hash = crypt_password_hash(r->pool, pw)) == NULL)
		return fail("password hash", DB_ERROR);
	if ((s = db_begin(r->db)) != DB_OK)
		return fail("begin", s);
	if (only_admin) {
		if (add_staff(r, &staff[0], hash, must_change) != 0)
			goto err;
		goto done;
	}
	for (i = 0; i < sizeof(stations) / sizeof(stations[0]); i++) {
		unsigned long township, village;

		if ((s = demo_place(r, stations[i].village, &township,
		    &village)) != DB_OK) {
			fail("place of station (run laoxiao-tool places first)",
			    s);
			goto err;
		}
		{
			struct db_param p[] = { DP_INT(township), DP_INT(village),
			    DP_STR(stations[i].name),
			    DP_STR(stations[i].address),
			    DP_STR(stations[i].phone) };

			s = db_exec(r->db, SQL_TOOL_STATION_INSERT, p, 5, NULL,
			    NULL);
		}
		if (s != DB_OK) {
			fail("station insert", s);
			goto err;
		}
	}
	for (i = 0; i < sizeof(staff) / sizeof(staff[0]); i++)
		if (add_staff(r, &staff[i], hash, must_change) != 0)
			goto err;
	if ((s = db_commit(r->db)) != DB_OK)
		return fail("commit", s);
	/* Numbers of this year (the database's, as approvals use), so that
	 * approvals continue after them whatever the year. */
	if ((s = db_query(r->db, r->pool, SQL_REVIEW_YEAR, NULL, 0, &rows)) !=
	    DB_OK || rows.nrows != 1)
		return fail("year", s);
	year = DB_CELL(&rows, 0, 0);
	for (i = 0; i < sizeof(volunteers) / sizeof(volunteers[0]); i++) {
		const struct demo_volunteer *d = &volunteers[i];
		const struct demo_station *st = &stations[d->station - 1];
		unsigned long long id;
		unsigned long township, village;

		if ((s = demo_place(r, st->village, &township, &village)) !=
		    DB_OK)
			return fail("place of volunteer", s);
		if ((s = demo_volunteer(r, d->name, d->birth, 100 + (unsigned)i,
		    d->phone, township, village, d->skills,
		    "weekday_am,weekend", &id)) != DB_OK)
			return fail("volunteer insert", s);
		{
			char *number = pool_printf(r->pool, "%s%s%04zu",
			    REVIEW_NUMBER_PREFIX, year, i + 1);
			struct db_param p[] = { DP_STR(number),
			    DP_INT(d->station), DP_INT(id) };

			if ((s = db_exec(r->db, SQL_TOOL_VOLUNTEER_APPROVE, p, 3,
			    NULL, NULL)) != DB_OK)
				return fail("volunteer approve", s);
		}
	}
	if (demo_services(r) != 0 || demo_review(r) != 0)
		return EXIT_FAILURE;
	if (demo_classes(r) != 0)
		return EXIT_FAILURE;
	goto print;
done:
	if ((s = db_commit(r->db)) != DB_OK)
		return fail("commit", s);
print:
	printf("工作人员账号：%s\n", only_admin ? "admin（县级管理员）" :
	    "admin（县级管理员）、township1（诺江镇管理员）、"
	    "station1（诺江镇新华村服务站）、station2（空山镇中坝村服务站）");
	if (generated)
		printf("初始密码（只显示这一次，首次登录后须修改）：%s\n", pw);
	else
		printf("密码：LAOXIAO_ADMIN_PASSWORD 所设的密码\n");
	return EXIT_SUCCESS;
err:
	db_rollback(r->db);
	return EXIT_FAILURE;
}

/* Loads a places file: checked whole first (nothing changes when it is
 * refused), then applied in one transaction; the changes are printed
 * only once committed. */
static int
places(struct req *r, const char *path)
{
	struct place_file f;
	const char *err;
	char *log = NULL;
	size_t loglen = 0, changes;
	enum db_status s;
	FILE *out;

	if (places_read(r->pool, path, &f, &err) != 0) {
		fprintf(stderr, "laoxiao-tool: %s:%s\n", path, err);
		fprintf(stderr, "laoxiao-tool: file refused, nothing changed\n");
		return EXIT_FAILURE;
	}
	if ((out = open_memstream(&log, &loglen)) == NULL)
		return fail("memory stream", DB_ERROR);
	s = places_apply(r, &f, out, &changes);
	if (fclose(out) != 0) {
		free(log);
		return fail("memory stream", DB_ERROR);
	}
	if (s != DB_OK) {
		free(log);
		return fail("places", s);
	}
	fputs(log, stdout);
	free(log);
	if (changes == 0)
		printf("地名没有变化：%s，乡镇 %zu 个，村（社区）%zu 个。\n",
		    f.county.name, f.ntown, f.nvill);
	else
		printf("地名已更新（%zu 处变化）：%s，乡镇 %zu 个，村（社区）%zu 个。\n",
		    changes, f.county.name, f.ntown, f.nvill);
	return EXIT_SUCCESS;
}

static int
hash_stdin(struct req *r)
{
	char buf[1024];
	const char *h;
	size_t n;

	if (fgets(buf, sizeof(buf), stdin) == NULL)
		return EXIT_FAILURE;
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	if ((h = crypt_password_hash(r->pool, buf)) == NULL)
		return EXIT_FAILURE;
	sodium_memzero(buf, sizeof(buf));
	return puts(h) < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* figures --check: 0 when the kept figures equal the raw records'; 1 when
 * they differ (reported), or when the database fails. --rebuild: replaces
 * them, then checks. */
static int
figures(struct req *r, const char *how)
{
	long long differ;

	if (strcmp(how, "--rebuild") == 0 && fig_rebuild(r) != DB_OK) {
		fputs("figures: the rebuild failed\n", stderr);
		return EXIT_FAILURE;
	}
	if (fig_check(r, &differ) != DB_OK) {
		fputs("figures: the check could not run\n", stderr);
		return EXIT_FAILURE;
	}
	if (differ != 0) {
		fprintf(stderr, "figures: %lld kept rows differ from the records "
		    "(laoxiao-tool figures --rebuild fixes them)\n", differ);
		return EXIT_FAILURE;
	}
	return puts("figures: the kept figures equal the records") < 0 ?
	    EXIT_FAILURE : EXIT_SUCCESS;
}

/* Prepares every statement of sql.c, as a responder would at its first
 * use: one MariaDB refuses, or whose result columns differ from their
 * list in sql.h, is named (by db.c) and fails the command. */
static int
sql_check(struct req *r)
{
	int id, bad = 0, listed = 0;

	for (id = 0; id < SQL__MAX; id++) {
		if (db_prepare_check(r->db, (enum sql_id)id) != DB_OK) {
			fprintf(stderr, "sql-check: statement %d failed\n", id);
			bad++;
		}
		if (sql_columns((enum sql_id)id) != NULL)
			listed++;
	}
	if (bad > 0)
		return EXIT_FAILURE;
	printf("sql-check: %d statements prepared, %d with their columns"
	    " checked by name\n", (int)SQL__MAX, listed);
	return EXIT_SUCCESS;
}

int
main(int argc, char **argv)
{
	struct req r;
	int rc;

	if (argc != 2 && !(argc == 3 && (strcmp(argv[1], "places") == 0 ||
	    (strcmp(argv[1], "figures") == 0 && (strcmp(argv[2], "--check") == 0 ||
	    strcmp(argv[2], "--rebuild") == 0))))) {
		fputs(USAGE, stderr);
		return EXIT_FAILURE;
	}
	if (crypt_init(getenv("LAOXIAO_KEY_FILE")) != 0 || db_library_init() != 0)
		return EXIT_FAILURE;
	memset(&r, 0, sizeof(r));
	r.pool = pool_new();
	r.db = db_new();
	r.remote_addr = "";
	r.now = time(NULL);
	if (strcmp(argv[1], "demo") == 0)
		rc = demo(&r, 0);
	else if (strcmp(argv[1], "admin") == 0)
		rc = demo(&r, 1);
	else if (strcmp(argv[1], "hash") == 0)
		rc = hash_stdin(&r);
	else if (strcmp(argv[1], "sql-check") == 0)
		rc = sql_check(&r);
	else if (strcmp(argv[1], "places") == 0 && argc == 3)
		rc = places(&r, argv[2]);
	else if (strcmp(argv[1], "figures") == 0 && argc == 3) {
		db_allow_slow(r.db);
		rc = figures(&r, argv[2]);
	}
	else {
		fputs(USAGE, stderr);
		rc = EXIT_FAILURE;
	}
	db_free(r.db);
	pool_free(r.pool);
	db_library_end();
	return rc;
}
