/* The urlencoded parser (bodies and query strings) and every kind of field
 * of the validation tables, fed whatever bytes come. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "pool.h"
#include "req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct choice kinds[] = {
	{ "meal", "助餐" }, { "bath", "助浴" }, { NULL, NULL },
};

/* One field of every kind, with and without the flags. */
static const struct field fields[] = {
	{ "text", "文字", F_TEXT, F_REQUIRED, 20, NULL, NULL },
	{ "lines", "多行", F_LINES, 0, 200, NULL, NULL },
	{ "name", "姓名", F_NAME, F_REQUIRED, 20, NULL, NULL },
	{ "id_number", "身份证号码", F_IDNUM, F_REQUIRED | F_NOECHO, 18, NULL, NULL },
	{ "phone", "手机号码", F_MOBILE, 0, 11, NULL, NULL },
	{ "date", "日期", F_DATE, 0, 10, NULL, NULL },
	{ "start", "开始", F_HHMM, 0, 5, NULL, NULL },
	{ "n", "数字", F_UINT, 0, 4294967295UL, NULL, NULL },
	{ "skills", "特长", F_CHOICE, F_MULTI, 0, kinds, NULL },
	{ "one", "一项", F_CHOICE, F_REQUIRED, 0, kinds, "请选择" },
	{ "consent", "同意", F_CHECK, F_REQUIRED, 0, NULL, NULL },
	{ "password", "密码", F_SECRET, F_REQUIRED, 128, NULL, NULL },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pool *pool = pool_new();
	struct req r;
	struct form f;
	size_t i, n;

	memset(&r, 0, sizeof(r));
	r.pool = pool;
	r.today_ymd = 20261201;
	if (req_parse_urlencoded(pool, (const char *)data, size, &r.form) ==
	    REQ_OK) {
		for (i = 0; i < r.form.n; i++)
			if (r.form.v[i].key == NULL || r.form.v[i].val == NULL ||
			    r.form.v[i].key[0] == '\0')
				abort();
		n = form_check(&r, &f, fields, NFIELDS, NULL);
		if (n != f.nerr || n > NFIELDS)
			abort();
		/* The same fields as row 2 of a multi-row form. */
		(void)form_check(&r, &f, fields, NFIELDS, "r2.");
	}
	pool_free(pool);
	return 0;
}
