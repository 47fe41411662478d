#include <errno.h>
#include <string.h>

#include "places.h"
#include "valid.h"

#define LINE_MAX_BYTES 512
#define FILE_MAX_BYTES (8u << 20)

static const char header[] = "level,code,name,parent_code";

/* True when s is exactly n ASCII digits. */
static bool
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[n] == '\0';
}

/* True when s ends with suffix. */
static bool
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

char *
places_name(struct pool *pool, const char *committee)
{
	static const struct { const char *from, *to; } map[] = {
		{ "社区居民委员会", "社区" },
		{ "村民委员会", "村" },
	};
	size_t i, n = strlen(committee);

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (ends_with(committee, map[i].from) &&
		    n > strlen(map[i].from))
			return pool_printf(pool, "%.*s%s",
			    (int)(n - strlen(map[i].from)), committee, map[i].to);
	return pool_strdup(pool, committee);
}

/* Checks one data line (NUL-terminated, no line end) into p. Returns NULL
 * or what is wrong. */
static const char *
parse_line(struct pool *pool, char *s, struct place *p)
{
	char *field[4];
	size_t i, nf = 0;

	if (strlen(s) > LINE_MAX_BYTES)
		return "line too long";
	if (!valid_utf8(s, strlen(s)) || !valid_text(s, false))
		return "not valid UTF-8 text";
	if (strchr(s, '"') != NULL)
		return "quoted fields are not supported";
	field[nf++] = s;
	for (; *s != '\0'; s++)
		if (*s == ',') {
			if (nf == 4)
				return "more than 4 fields "
				    "(level,code,name,parent_code)";
			*s = '\0';
			field[nf++] = s + 1;
		}
	if (nf != 4)
		return "fewer than 4 fields (level,code,name,parent_code)";
	if (strcmp(field[0], "county") == 0)
		p->level = PLACE_COUNTY;
	else if (strcmp(field[0], "township") == 0)
		p->level = PLACE_TOWNSHIP;
	else if (strcmp(field[0], "village") == 0)
		p->level = PLACE_VILLAGE;
	else
		return pool_printf(pool, "unknown level \"%s\" (county, "
		    "township or village)", field[0]);
	{
		static const size_t len[] = { 6, 9, 12 };

		if (!digits(field[1], len[p->level]))
			return pool_printf(pool, "bad code \"%s\": a %s code has "
			    "%zu digits", field[1], field[0], len[p->level]);
	}
	for (i = 0; i < 4; i++)
		field[i] = pool_strdup(pool, field[i]);
	p->code = field[1];
	p->name = p->level == PLACE_VILLAGE ? places_name(pool, field[2]) :
	    field[2];
	p->parent = field[3];
	if (*p->name == '\0')
		return "empty name";
	if (valid_utf8_len(p->name) > PLACES_NAME_MAX)
		return pool_printf(pool, "name longer than %d characters",
		    PLACES_NAME_MAX);
	return NULL;
}

/* The line of an earlier place with code, or 0. */
static unsigned
seen_code(const struct place_file *f, const struct place *p)
{
	size_t i;

	if (f->county.line != 0 && &f->county != p &&
	    strcmp(f->county.code, p->code) == 0)
		return f->county.line;
	for (i = 0; i < f->ntown && &f->town[i] != p; i++)
		if (strcmp(f->town[i].code, p->code) == 0)
			return f->town[i].line;
	if (p->level == PLACE_TOWNSHIP)
		return 0;
	for (i = 0; i < f->nvill && &f->vill[i] != p; i++)
		if (strcmp(f->vill[i].code, p->code) == 0)
			return f->vill[i].line;
	return 0;
}

/* Checks what spans lines: one county, parents present, prefixes, and
 * duplicate codes. Returns NULL or "LINE: what is wrong". */
static const char *
check_tree(struct pool *pool, const struct place_file *f)
{
	size_t i, j, clen;
	unsigned other;

	if (f->county.line == 0)
		return "0: no county line";
	clen = strlen(f->county.code);
	for (i = 0; i < f->ntown; i++) {
		const struct place *t = &f->town[i];

		if (strcmp(t->parent, f->county.code) != 0 ||
		    strncmp(t->code, f->county.code, clen) != 0)
			return pool_printf(pool, "%u: township %s is not in "
			    "county %s", t->line, t->code, f->county.code);
		if ((other = seen_code(f, t)) != 0)
			return pool_printf(pool, "%u: duplicate code %s (also on "
			    "line %u)", t->line, t->code, other);
	}
	for (i = 0; i < f->nvill; i++) {
		const struct place *v = &f->vill[i];

		for (j = 0; j < f->ntown; j++)
			if (strcmp(f->town[j].code, v->parent) == 0)
				break;
		if (j == f->ntown)
			return pool_printf(pool, "%u: village %s: its township "
			    "%s is not in the file", v->line, v->code, v->parent);
		if (strncmp(v->code, v->parent, strlen(v->parent)) != 0)
			return pool_printf(pool, "%u: village code %s does not "
			    "begin with its township's code %s", v->line,
			    v->code, v->parent);
		if ((other = seen_code(f, v)) != 0)
			return pool_printf(pool, "%u: duplicate code %s (also on "
			    "line %u)", v->line, v->code, other);
	}
	return NULL;
}

int
places_parse(struct pool *pool, const char *text, size_t len,
    struct place_file *f, const char **err)
{
	char *buf, *line, *next;
	size_t maxrows = 1, i;
	unsigned no = 0;
	const char *why;

	memset(f, 0, sizeof(*f));
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (memchr(text, '\0', len) != NULL) {
		*err = "1: the file holds a NUL byte";
		return -1;
	}
	for (i = 0; i < len; i++)
		maxrows += text[i] == '\n';
	f->town = pool_alloc(pool, maxrows * sizeof(*f->town));
	f->vill = pool_alloc(pool, maxrows * sizeof(*f->vill));
	buf = pool_strndup(pool, text, len);
	for (line = buf; line != NULL; line = next) {
		struct place p;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		no++;
		if (*line != '\0' && line[strlen(line) - 1] == '\r')
			line[strlen(line) - 1] = '\0';
		if (no == 1) {
			if (strcmp(line, header) != 0) {
				*err = pool_printf(pool, "1: the header must be "
				    "%s", header);
				return -1;
			}
			continue;
		}
		if (*line == '\0')
			continue;
		memset(&p, 0, sizeof(p));
		if ((why = parse_line(pool, line, &p)) != NULL) {
			*err = pool_printf(pool, "%u: %s", no, why);
			return -1;
		}
		p.line = no;
		if (p.level == PLACE_COUNTY) {
			if (f->county.line != 0) {
				*err = pool_printf(pool, "%u: a second county "
				    "line (the first is line %u)", no,
				    f->county.line);
				return -1;
			}
			f->county = p;
		} else if (p.level == PLACE_TOWNSHIP)
			f->town[f->ntown++] = p;
		else
			f->vill[f->nvill++] = p;
	}
	if ((why = check_tree(pool, f)) != NULL) {
		*err = why;
		return -1;
	}
	return 0;
}

int
places_read(struct pool *pool, const char *path, struct place_file *f,
    const char **err)
{
	FILE *fp = fopen(path, "rb");
	char *text;
	size_t n;
	int bad;

	if (fp == NULL) {
		*err = pool_printf(pool, "0: cannot open: %s", strerror(errno));
		return -1;
	}
	text = pool_alloc(pool, FILE_MAX_BYTES + 1);
	n = fread(text, 1, FILE_MAX_BYTES + 1, fp);
	bad = ferror(fp);
	if (fclose(fp) != 0 || bad) {
		*err = "0: cannot read the file";
		return -1;
	}
	if (n > FILE_MAX_BYTES) {
		*err = "0: the file is larger than 8 MiB";
		return -1;
	}
	return places_parse(pool, text, n, f, err);
}

/* A place as the database holds it. */
struct have {
	long long id, township;
	const char *code, *name;
	bool active, kept;
};

/* Rows of a place query as struct have (code may be NULL). */
static enum db_status
load(struct req *r, enum sql_id id, struct have **out, size_t *n)
{
	struct db_rows rows;
	enum db_status s;
	size_t i;

	if ((s = db_query(r->db, r->pool, id, NULL, 0, &rows)) != DB_OK)
		return s;
	*out = pool_alloc(r->pool, (rows.nrows + 1) * sizeof(**out));
	for (i = 0; i < rows.nrows; i++) {
		(*out)[i].id = db_num(DB_CELL(&rows, i, 0));
		(*out)[i].code = DB_CELL(&rows, i, 1);
		(*out)[i].name = DB_CELL(&rows, i, 2);
		(*out)[i].active = db_num(DB_CELL(&rows, i, 3)) != 0;
		(*out)[i].township = rows.ncols > 4 ?
		    db_num(DB_CELL(&rows, i, 4)) : 0;
	}
	*n = rows.nrows;
	return DB_OK;
}

/* The place with code, or NULL. */
static struct have *
by_code(struct have *h, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (h[i].code != NULL && strcmp(h[i].code, code) == 0)
			return &h[i];
	return NULL;
}

/* Adds, renames or reactivates one place of the file; *id is its row.
 * kind is what the change lines call it. */
static enum db_status
sync_place(struct req *r, const struct place *p, long long township,
    struct have *h, size_t nh, long long *id, FILE *out, size_t *changes)
{
	bool town = p->level == PLACE_TOWNSHIP;
	const char *kind = town ? "乡镇" : "村（社区）";
	struct have *got = by_code(h, nh, p->code);
	unsigned long long insert_id;
	enum db_status s;

	if (got == NULL) {
		struct db_param tp[] = { DP_STR(p->code), DP_STR(p->name) };
		struct db_param vp[] = { DP_STR(p->code), DP_INT(township),
		    DP_STR(p->name) };

		s = town ? db_exec(r->db, SQL_PLACE_TOWNSHIP_INSERT, tp, 2, NULL,
		    &insert_id) : db_exec(r->db, SQL_PLACE_VILLAGE_INSERT, vp, 3,
		    NULL, &insert_id);
		if (s != DB_OK)
			return s;
		*id = (long long)insert_id;
		(*changes)++;
		fprintf(out, "新增%s %s %s\n", kind, p->code, p->name);
		return DB_OK;
	}
	got->kept = true;
	*id = got->id;
	if (strcmp(got->name, p->name) == 0 && got->active &&
	    (town || got->township == township))
		return DB_OK;
	{
		struct db_param tp[] = { DP_STR(p->name), DP_INT(got->id) };
		struct db_param vp[] = { DP_INT(township), DP_STR(p->name),
		    DP_INT(got->id) };

		s = town ? db_exec(r->db, SQL_PLACE_TOWNSHIP_UPDATE, tp, 2, NULL,
		    NULL) : db_exec(r->db, SQL_PLACE_VILLAGE_UPDATE, vp, 3, NULL,
		    NULL);
		if (s != DB_OK)
			return s;
	}
	(*changes)++;
	if (strcmp(got->name, p->name) != 0)
		fprintf(out, "更名%s %s %s → %s\n", kind, p->code, got->name,
		    p->name);
	else if (!got->active)
		fprintf(out, "恢复%s %s %s\n", kind, p->code, p->name);
	else
		fprintf(out, "改属%s %s %s\n", kind, p->code, p->name);
	return DB_OK;
}

/* Marks every active place the file no longer has inactive. */
static enum db_status
retire(struct req *r, enum sql_id id, const char *kind, struct have *h,
    size_t n, FILE *out, size_t *changes)
{
	enum db_status s;
	size_t i;

	for (i = 0; i < n; i++) {
		struct db_param p[] = { DP_INT(0), DP_INT(h[i].id) };

		if (h[i].kept || !h[i].active)
			continue;
		if ((s = db_exec(r->db, id, p, 2, NULL, NULL)) != DB_OK)
			return s;
		(*changes)++;
		fprintf(out, "停用%s %s %s\n", kind,
		    h[i].code != NULL ? h[i].code : "（无编码）", h[i].name);
	}
	return DB_OK;
}

/* Sets one county setting when it differs from have (may be NULL). */
static enum db_status
setting(struct req *r, const char *name, const char *have, const char *want,
    FILE *out, size_t *changes)
{
	struct db_param p[] = { DP_STR(name), DP_STR(want) };
	enum db_status s;

	if (have != NULL && strcmp(have, want) == 0)
		return DB_OK;
	if ((s = db_exec(r->db, SQL_COUNTY_SETTING_SET, p, 2, NULL, NULL)) !=
	    DB_OK)
		return s;
	(*changes)++;
	fprintf(out, "设置 %s = %s\n", name, want);
	return DB_OK;
}

/* The county's code, name and bureau from the file's county line; the
 * bureau follows the county when the county changes. */
static enum db_status
sync_county(struct req *r, const struct place *c, FILE *out, size_t *changes)
{
	const char *code = NULL, *name = NULL, *bureau = NULL;
	struct db_rows rows;
	enum db_status s;
	size_t i;

	if ((s = db_query(r->db, r->pool, SQL_COUNTY_SETTINGS, NULL, 0,
	    &rows)) != DB_OK)
		return s;
	for (i = 0; i < rows.nrows; i++) {
		const char *k = DB_CELL(&rows, i, 0), *v = DB_CELL(&rows, i, 1);

		if (strcmp(k, "county_code") == 0)
			code = v;
		else if (strcmp(k, "county_name") == 0)
			name = v;
		else if (strcmp(k, "bureau_name") == 0)
			bureau = v;
	}
	if (bureau == NULL || *bureau == '\0' || code == NULL ||
	    strcmp(code, c->code) != 0 || (name != NULL &&
	    strcmp(bureau, pool_printf(r->pool, "%s民政局", name)) == 0))
		if ((s = setting(r, "bureau_name", bureau, pool_printf(r->pool,
		    "%s民政局", c->name), out, changes)) != DB_OK)
			return s;
	if ((s = setting(r, "county_code", code, c->code, out, changes)) !=
	    DB_OK)
		return s;
	return setting(r, "county_name", name, c->name, out, changes);
}

enum db_status
places_apply(struct req *r, const struct place_file *f, FILE *out,
    size_t *changes)
{
	struct have *ht = NULL, *hv = NULL;
	size_t nt = 0, nv = 0, i, j;
	long long *town_id;
	enum db_status s;

	*changes = 0;
	if ((s = db_begin(r->db)) != DB_OK)
		return s;
	if ((s = load(r, SQL_PLACE_TOWNSHIPS_ALL, &ht, &nt)) != DB_OK ||
	    (s = load(r, SQL_PLACE_VILLAGES_ALL, &hv, &nv)) != DB_OK)
		goto err;
	town_id = pool_alloc(r->pool, (f->ntown + 1) * sizeof(*town_id));
	for (i = 0; i < f->ntown; i++)
		if ((s = sync_place(r, &f->town[i], 0, ht, nt, &town_id[i], out,
		    changes)) != DB_OK)
			goto err;
	for (i = 0; i < f->nvill; i++) {
		long long id;

		for (j = 0; strcmp(f->town[j].code, f->vill[i].parent) != 0; j++)
			;
		if ((s = sync_place(r, &f->vill[i], town_id[j], hv, nv, &id,
		    out, changes)) != DB_OK)
			goto err;
	}
	if ((s = retire(r, SQL_PLACE_VILLAGE_ACTIVE, "村（社区）", hv, nv, out,
	    changes)) != DB_OK || (s = retire(r, SQL_PLACE_TOWNSHIP_ACTIVE,
	    "乡镇", ht, nt, out, changes)) != DB_OK ||
	    (s = sync_county(r, &f->county, out, changes)) != DB_OK)
		goto err;
	return db_commit(r->db);
err:
	db_rollback(r->db);
	*changes = 0;
	return s;
}
