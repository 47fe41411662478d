/* Table-driven tests for the form validators in cgi/valid.c. Each table row
 * runs as its own loop test, so a failure names the row that broke. */
#include "valid.h"

#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))
/* A string literal and its length without the final NUL. */
#define LIT(s) s, sizeof(s) - 1

/* Every date-dependent case below assumes this is today. */
#define TODAY 20240615

static const struct {
	const char *s;
	size_t len;
	bool ok;
} utf8_rows[] = {
	{ LIT(""), true },
	{ LIT("abc"), true },
	{ LIT("张三"), true },
	{ LIT("\xC2\x80"), true },              /* U+0080, smallest 2-byte */
	{ LIT("\xED\x9F\xBF"), true },          /* U+D7FF, below surrogates */
	{ LIT("\xEF\xBF\xBD"), true },          /* U+FFFD */
	{ LIT("\xF0\x9F\x98\x80"), true },      /* U+1F600, 4-byte */
	{ LIT("\xF0\xA0\x80\x80"), true },      /* U+20000, CJK extension B */
	{ LIT("\xF4\x8F\xBF\xBF"), true },      /* U+10FFFF, the last one */
	{ LIT("\xC0\xAF"), false },             /* overlong '/' */
	{ LIT("\xC1\xBF"), false },             /* overlong 2-byte */
	{ LIT("\xE0\x80\xAF"), false },         /* overlong 3-byte */
	{ LIT("\xE0\x9F\xBF"), false },         /* overlong U+07FF */
	{ LIT("\xF0\x80\x80\xAF"), false },     /* overlong 4-byte */
	{ LIT("\xF0\x8F\xBF\xBF"), false },     /* overlong U+FFFF */
	{ LIT("\xED\xA0\x80"), false },         /* surrogate U+D800 */
	{ LIT("\xED\xBF\xBF"), false },         /* surrogate U+DFFF */
	{ LIT("\xF4\x90\x80\x80"), false },     /* U+110000 */
	{ LIT("\xF5\x80\x80\x80"), false },     /* lead byte beyond F4 */
	{ LIT("\xFF"), false },
	{ LIT("\x80"), false },                 /* lone continuation */
	{ LIT("\xE5\xBC"), false },             /* truncated at the end */
	{ LIT("\xE5\xBC" "a"), false },         /* truncated in the middle */
	{ LIT("\xF0\x9F\x98"), false },         /* truncated 4-byte */
	{ "\xE5\xBC\xA0", 2, false },           /* cut short by len */
	{ "\xE5\xBC\xA0", 0, true },
	{ LIT("a\0b"), false },                 /* NUL inside */
	{ LIT("\0"), false },
};

/* Each row is copied into a buffer of exactly len bytes, so that reading
 * past the end shows up under valgrind or the address sanitizer. */
START_TEST(test_utf8)
{
	size_t len = utf8_rows[_i].len;
	char *buf = malloc(len ? len : 1);

	ck_assert_ptr_nonnull(buf);
	memcpy(buf, utf8_rows[_i].s, len);
	ck_assert_msg(valid_utf8(buf, len) == utf8_rows[_i].ok,
	              "utf8 row %d", _i);
	free(buf);
}
END_TEST

static const struct {
	const char *s;
	size_t n;
} utf8_len_rows[] = {
	{ "", 0 },
	{ "abc", 3 },
	{ "张三", 2 },
	{ "阿卜杜·热合曼", 7 },
	{ "\xF0\x9F\x98\x80" "a", 2 },
	{ "a\xC2\xB7" "b", 3 },
};

START_TEST(test_utf8_len)
{
	ck_assert_uint_eq(valid_utf8_len(utf8_len_rows[_i].s),
	                  utf8_len_rows[_i].n);
}
END_TEST

static const struct {
	const char *s;
	bool line;      /* expected with multiline false */
	bool multi;     /* expected with multiline true */
} text_rows[] = {
	{ "", true, true },
	{ "你好，世界", true, true },
	{ "<script>alert(1)</script>", true, true },
	{ "a\xC2\xA0" "b", true, true },        /* no-break space */
	{ "a\tb", false, true },
	{ "a\nb", false, true },
	{ "a\r\nb", false, true },
	{ "a\x01", false, false },
	{ "\x0B", false, false },               /* vertical tab */
	{ "\x0C", false, false },               /* form feed */
	{ "\x1B[31m", false, false },           /* escape */
	{ "a\x7F", false, false },              /* DEL */
	{ "\xC2\x80", false, false },           /* C1, first */
	{ "\xC2\x85", false, false },           /* C1 next line */
	{ "x\xC2\x9F", false, false },          /* C1, last */
};

START_TEST(test_text)
{
	ck_assert_msg(valid_text(text_rows[_i].s, false) == text_rows[_i].line,
	              "text row %d single-line", _i);
	ck_assert_msg(valid_text(text_rows[_i].s, true) == text_rows[_i].multi,
	              "text row %d multiline", _i);
}
END_TEST

static const struct {
	const char *s;
	bool ok;
} name_rows[] = {
	{ "张三", true },
	{ "欧阳娜娜", true },
	{ "張三", true },
	{ "阿卜杜·热合曼", true },               /* U+00B7 */
	{ "阿卜杜・热合曼", true },              /* U+30FB */
	{ "买买提·艾力·吐尔逊", true },
	{ "㐀三", true },                        /* U+3400, extension A */
	{ "豈三", true },                        /* U+F900, compatibility */
	{ "\xF0\xA0\x80\x80" "三", true },       /* U+20000, extension B */
	{ "Li Ming", true },
	{ "Ab", true },
	{ "张Anna", true },
	{ "一二三四五六七八九十一二三四五六七八九十", true },   /* 20 */
	{ "一二三四五六七八九十一二三四五六七八九十一", false }, /* 21 */
	{ "李", false },
	{ "A", false },
	{ "", false },
	{ "张3", false },
	{ "张三1", false },
	{ "<script>", false },
	{ "Li  Ming", false },
	{ " 张三", false },
	{ "张三 ", false },
	{ "·张三", false },
	{ "张三·", false },
	{ "阿卜杜··热合曼", false },
	{ "阿卜杜·・热合曼", false },
	{ "阿卜杜 ·热合曼", false },
	{ "张•三", false },                      /* U+2022 bullet */
	{ "张.三", false },
	{ "张\t三", false },
	{ "张　三", false },                     /* U+3000 ideographic space */
	{ "张三。", false },
	{ "Ａｂ", false },                       /* full-width letters */
	{ "アイ", false },
	{ "김철", false },
	{ "\xE5\xBC" "三", false },              /* broken UTF-8 */
	{ "\xC0\xAF\xC0\xAF", false },
};

START_TEST(test_person_name)
{
	ck_assert_msg(valid_person_name(name_rows[_i].s) == name_rows[_i].ok,
	              "name row %d", _i);
}
END_TEST

static const struct {
	const char *s;
	bool ok;
} mobile_rows[] = {
	{ "13800138000", true },
	{ "19912345678", true },
	{ "16612345678", true },
	{ "10012345678", false },
	{ "12345678901", false },
	{ "23800138000", false },
	{ "1380013800", false },
	{ "138001380000", false },
	{ "138 0013 8000", false },
	{ "+8613800138000", false },
	{ "1380013800a", false },
	{ "１３８００１３８０００", false },
	{ "", false },
	{ "1", false },
};

START_TEST(test_mobile)
{
	ck_assert_msg(valid_mobile(mobile_rows[_i].s) == mobile_rows[_i].ok,
	              "mobile row %d", _i);
}
END_TEST

static const struct {
	const char *s;
	int ymd;        /* 0: must be refused */
} date_rows[] = {
	{ "2024-02-29", 20240229 },
	{ "2000-02-29", 20000229 },
	{ "1900-01-01", 19000101 },
	{ "2199-12-31", 21991231 },
	{ "2024-12-31", 20241231 },
	{ "2024-04-30", 20240430 },
	{ "2023-02-29", 0 },
	{ "1900-02-29", 0 },
	{ "2100-02-29", 0 },
	{ "1899-12-31", 0 },
	{ "2200-01-01", 0 },
	{ "2024-04-31", 0 },
	{ "2024-02-30", 0 },
	{ "2024-13-01", 0 },
	{ "2024-00-10", 0 },
	{ "2024-01-00", 0 },
	{ "2024-1-5", 0 },
	{ "2024/01/05", 0 },
	{ "20240105", 0 },
	{ "2024-01-05 ", 0 },
	{ " 2024-01-05", 0 },
	{ "2024-01-0", 0 },
	{ "", 0 },
};

START_TEST(test_date)
{
	int ymd = -1;
	bool ok = valid_date(date_rows[_i].s, &ymd);

	ck_assert_msg(ok == (date_rows[_i].ymd != 0), "date row %d", _i);
	ck_assert_int_eq(ymd, ok ? date_rows[_i].ymd : -1);
}
END_TEST

static const struct {
	const char *s;
	int minutes;    /* -1: must be refused */
} hhmm_rows[] = {
	{ "00:00", 0 },
	{ "09:30", 570 },
	{ "12:00", 720 },
	{ "23:59", 1439 },
	{ "24:00", -1 },
	{ "12:60", -1 },
	{ "99:99", -1 },
	{ "9:30", -1 },
	{ "09:3", -1 },
	{ "0930", -1 },
	{ "09:30:00", -1 },
	{ "09.30", -1 },
	{ " 09:30", -1 },
	{ "-1:00", -1 },
	{ "", -1 },
};

START_TEST(test_hhmm)
{
	int minutes = -2;
	bool ok = valid_hhmm(hhmm_rows[_i].s, &minutes);

	ck_assert_msg(ok == (hhmm_rows[_i].minutes >= 0), "hhmm row %d", _i);
	ck_assert_int_eq(minutes, ok ? hhmm_rows[_i].minutes : -2);
}
END_TEST

static const struct {
	const char *s;
	unsigned long max;
	bool ok;
	unsigned long v;
} uint_rows[] = {
	{ "0", 10, true, 0 },
	{ "7", 10, true, 7 },
	{ "10", 10, true, 10 },
	{ "3", 3, true, 3 },
	{ "0", 0, true, 0 },
	{ "4294967295", ULONG_MAX, true, 4294967295UL },
	{ "11", 10, false, 0 },
	{ "5", 3, false, 0 },
	{ "1", 0, false, 0 },
	{ "00", 10, false, 0 },
	{ "007", 10, false, 0 },
	{ "+1", 10, false, 0 },
	{ "-1", 10, false, 0 },
	{ " 1", 10, false, 0 },
	{ "1 ", 10, false, 0 },
	{ "1e3", ULONG_MAX, false, 0 },
	{ "0x10", ULONG_MAX, false, 0 },
	{ "１", 10, false, 0 },
	{ "", 10, false, 0 },
	{ "99999999999999999999999", ULONG_MAX, false, 0 },
	{ "100000000000000000000", ULONG_MAX, false, 0 },
};

START_TEST(test_uint)
{
	unsigned long v = 12345;
	bool ok = valid_uint(uint_rows[_i].s, uint_rows[_i].max, &v);

	ck_assert_msg(ok == uint_rows[_i].ok, "uint row %d", _i);
	ck_assert_uint_eq(v, ok ? uint_rows[_i].v : 12345);
}
END_TEST

/* ULONG_MAX itself is accepted; one more is refused (it ends in 5 for both
 * 32- and 64-bit longs, so bumping the last digit adds exactly one). */
START_TEST(test_uint_limit)
{
	char buf[32];
	unsigned long v = 0;
	size_t n = (size_t)snprintf(buf, sizeof buf, "%lu", ULONG_MAX);

	ck_assert(valid_uint(buf, ULONG_MAX, &v));
	ck_assert(v == ULONG_MAX);
	ck_assert(!valid_uint(buf, ULONG_MAX - 1, NULL));
	ck_assert_int_eq(buf[n - 1], '5');
	buf[n - 1] = '6';
	ck_assert(!valid_uint(buf, ULONG_MAX, NULL));
}
END_TEST

/* Check characters computed with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
 * and "10X98765432"; e.g. for 44010619931010101 the weighted sum is 194,
 * 194 mod 11 = 7, giving '5'. */
static const struct {
	const char *s;
	enum valid_id e;
	int birth_ymd;
	char sex;
} id_rows[] = {
	{ "11010519491231002X", VALID_ID_OK, 19491231, 'F' },
	{ "440106199310101015", VALID_ID_OK, 19931010, 'M' },
	{ "440106199310101023", VALID_ID_OK, 19931010, 'F' },
	{ "522627195803120313", VALID_ID_OK, 19580312, 'M' },
	{ "430524200002290035", VALID_ID_OK, 20000229, 'M' },
	{ "11010519000101001X", VALID_ID_OK, 19000101, 'M' },
	{ "110105202406150016", VALID_ID_OK, 20240615, 'M' }, /* born today */
	{ "910105194912310029", VALID_ID_OK, 19491231, 'F' },
	{ "830105194912310029", VALID_ID_OK, 19491231, 'F' },
	{ "820105194912310027", VALID_ID_OK, 19491231, 'F' },
	{ "11010519491231002", VALID_ID_LENGTH, 0, 0 },
	{ "11010519491231002X0", VALID_ID_LENGTH, 0, 0 },
	{ "110105491231002", VALID_ID_LENGTH, 0, 0 }, /* old 15-digit */
	{ "", VALID_ID_LENGTH, 0, 0 },
	{ " 11010519491231002X", VALID_ID_LENGTH, 0, 0 },
	{ "１１０１０５１９４９１２３１００２Ｘ", VALID_ID_LENGTH, 0, 0 },
	{ "1101051949123100AX", VALID_ID_CHARS, 0, 0 },
	{ "1101051949123100X2", VALID_ID_CHARS, 0, 0 },
	{ "110105 94912310020", VALID_ID_CHARS, 0, 0 },
	{ "11010519491231002Y", VALID_ID_CHARS, 0, 0 },
	{ "11010519491231002-", VALID_ID_CHARS, 0, 0 },
	{ "x1010519491231002x", VALID_ID_CHARS, 0, 0 },
	{ "张三李四王五", VALID_ID_CHARS, 0, 0 }, /* 18 bytes */
	{ "11010519491231002x", VALID_ID_LOWER_X, 0, 0 },
	{ "000105194912310024", VALID_ID_REGION, 0, 0 },
	{ "160105194912310029", VALID_ID_REGION, 0, 0 },
	{ "720105194912310023", VALID_ID_REGION, 0, 0 },
	{ "990105194912310023", VALID_ID_REGION, 0, 0 },
	{ "990105194913310020", VALID_ID_REGION, 0, 0 }, /* region first */
	{ "110105194902300020", VALID_ID_DATE, 0, 0 }, /* 30 February */
	{ "110105194913310021", VALID_ID_DATE, 0, 0 }, /* month 13 */
	{ "110105194912000021", VALID_ID_DATE, 0, 0 }, /* day 0 */
	{ "110105202302290022", VALID_ID_DATE, 0, 0 }, /* not a leap year */
	{ "110105190002290025", VALID_ID_DATE, 0, 0 }, /* nor was 1900 */
	{ "110105189912310015", VALID_ID_DATE, 0, 0 }, /* before 1900 */
	{ "110105202406160011", VALID_ID_FUTURE, 0, 0 }, /* tomorrow */
	{ "110105230001010013", VALID_ID_FUTURE, 0, 0 },
	{ "110105202406160010", VALID_ID_FUTURE, 0, 0 }, /* before checksum */
	{ "110105194912310021", VALID_ID_CHECKSUM, 0, 0 },
	{ "522627195803120314", VALID_ID_CHECKSUM, 0, 0 },
	{ "110105194912310020", VALID_ID_CHECKSUM, 0, 0 }, /* 0 for X */
};

START_TEST(test_id_number)
{
	struct valid_id_info info = { -1, '?' };
	enum valid_id e = valid_id_number(id_rows[_i].s, TODAY, &info);

	ck_assert_msg(e == id_rows[_i].e, "id row %d (%s): got %d, want %d",
	              _i, id_rows[_i].s, (int)e, (int)id_rows[_i].e);
	if (e == VALID_ID_OK) {
		ck_assert_int_eq(info.birth_ymd, id_rows[_i].birth_ymd);
		ck_assert_int_eq(info.sex, id_rows[_i].sex);
	} else {
		ck_assert_int_eq(info.birth_ymd, -1);
		ck_assert_int_eq(info.sex, '?');
	}
	ck_assert(valid_id_number(id_rows[_i].s, TODAY, NULL) == e);
}
END_TEST

START_TEST(test_id_messages)
{
	ck_assert_str_eq(valid_id_message(VALID_ID_OK), "");
	for (int i = 1; i < VALID_ID__MAX; i++) {
		const char *m = valid_id_message((enum valid_id)i);

		ck_assert_ptr_nonnull(m);
		ck_assert_msg(m[0] != '\0', "message %d empty", i);
		ck_assert(valid_utf8(m, strlen(m)));
		ck_assert(valid_text(m, false));
		for (int j = 1; j < i; j++)
			ck_assert_str_ne(m, valid_id_message((enum valid_id)j));
	}
	ck_assert_str_eq(valid_id_message(VALID_ID_LOWER_X),
	                 "身份证号码最后一位的 X 请用大写");
	ck_assert_ptr_nonnull(valid_id_message(VALID_ID__MAX));
	ck_assert(valid_id_message(VALID_ID__MAX)[0] != '\0');
}
END_TEST

static const struct {
	int birth, today, age;
} age_rows[] = {
	{ 19580312, 20240312, 66 },     /* birthday today */
	{ 19580312, 20240311, 65 },     /* birthday tomorrow */
	{ 19580312, 20240313, 66 },
	{ 19491231, 20240101, 74 },
	{ 19491231, 20241231, 75 },
	{ 20000229, 20230228, 22 },
	{ 20000229, 20230301, 23 },
	{ 20000229, 20240229, 24 },
	{ 20240615, 20240615, 0 },
	{ 20230616, 20240615, 0 },
	{ 20230615, 20240615, 1 },
	{ 20240616, 20240615, -1 },
};

START_TEST(test_age)
{
	ck_assert_int_eq(valid_age(age_rows[_i].birth, age_rows[_i].today),
	                 age_rows[_i].age);
}
END_TEST

static const struct {
	const char *id;
	const char *masked;
} mask_rows[] = {
	{ "11010519491231002X", "110105********002X" },
	{ "522627195803120313", "522627********0313" },
	{ "", "******************" },
	{ "11010519491231002", "******************" },
	{ "11010519491231002X0", "******************" },
	{ "110105<script>002X", "******************" },
	{ "张三李四王五", "******************" },
};

START_TEST(test_mask)
{
	char buf[32];

	memset(buf, '#', sizeof buf);
	valid_id_mask(mask_rows[_i].id, buf);
	ck_assert_str_eq(buf, mask_rows[_i].masked);
	ck_assert_int_eq(buf[19], '#');
}
END_TEST

/* A NULL string is refused everywhere, and nothing is written. */
START_TEST(test_null)
{
	int n = -1;
	unsigned long v = 7;
	struct valid_id_info info = { -1, '?' };
	char buf[19];

	ck_assert(valid_utf8(NULL, 0));
	ck_assert(!valid_utf8(NULL, 1));
	ck_assert_uint_eq(valid_utf8_len(NULL), 0);
	ck_assert(!valid_text(NULL, true));
	ck_assert(!valid_person_name(NULL));
	ck_assert(!valid_mobile(NULL));
	ck_assert(!valid_date(NULL, &n));
	ck_assert(!valid_hhmm(NULL, &n));
	ck_assert_int_eq(n, -1);
	ck_assert(!valid_uint(NULL, 10, &v));
	ck_assert_uint_eq(v, 7);
	ck_assert(valid_id_number(NULL, TODAY, &info) == VALID_ID_LENGTH);
	ck_assert_int_eq(info.birth_ymd, -1);
	valid_id_mask(NULL, buf);
	ck_assert_str_eq(buf, "******************");
	ck_assert(valid_date("2024-02-29", NULL));
	ck_assert(valid_hhmm("12:00", NULL));
	ck_assert(valid_uint("12", 12, NULL));
}
END_TEST

static const struct {
	const char *in;
	const char *out;
} normalise_rows[] = {
	{ "", "" },
	{ "13900001111", "13900001111" },
	{ "139 0000 1111", "13900001111" },
	{ "139-0000-1111", "13900001111" },
	{ "139\xe3\x80\x80" "0000\xe3\x80\x80" "1111", "13900001111" }, /* U+3000 */
	{ "139\xc2\xa0" "0000\t1111", "13900001111" },          /* no-break, tab */
	{ "139\xef\xbc\x8d" "0000\xe2\x80\x94" "1111", "13900001111" }, /* U+FF0D, U+2014 */
	/* full-width digits, as Chinese keyboards type them */
	{ "\xef\xbc\x91\xef\xbc\x93\xef\xbc\x99\xef\xbc\x90", "1390" },
	{ "11010519491231002x", "11010519491231002X" },
	{ "11010519491231002\xef\xbd\x98", "11010519491231002X" }, /* ｘ */
	{ "11010519491231002\xef\xbc\xb8", "11010519491231002X" }, /* Ｘ */
	{ "110105 19491231 002X", "11010519491231002X" },
	/* what is not unambiguous stays, for the validator to name */
	{ "139.0000.1111", "139.0000.1111" },
	{ "一三九", "一三九" },
	{ "+86 139", "+86139" },
	{ "abx", "abX" },
	{ "\xf0\x9f\x98\x80""1", "\xf0\x9f\x98\x80""1" },     /* 4-byte kept */
};

START_TEST(test_normalise)
{
	const char *in = normalise_rows[_i].in;
	char *out = malloc(strlen(in) + 1);

	ck_assert_ptr_nonnull(out);
	valid_normalise_number(in, out);
	ck_assert_str_eq(out, normalise_rows[_i].out);
	ck_assert_uint_le(strlen(out), strlen(in));
	free(out);
}
END_TEST

/* Adds a test case named name holding fn, once per table row. */
static void
add_rows(Suite *s, const char *name, const TTest *fn, int rows)
{
	TCase *tc = tcase_create(name);

	tcase_add_loop_test(tc, fn, 0, rows);
	suite_add_tcase(s, tc);
}

/* Adds a test case named name holding the single test fn. */
static void
add_one(Suite *s, const char *name, const TTest *fn)
{
	add_rows(s, name, fn, 1);
}

/* The whole suite. */
static Suite *
valid_suite(void)
{
	Suite *s = suite_create("valid");

	add_rows(s, "utf8", test_utf8, ROWS(utf8_rows));
	add_rows(s, "utf8_len", test_utf8_len, ROWS(utf8_len_rows));
	add_rows(s, "text", test_text, ROWS(text_rows));
	add_rows(s, "person_name", test_person_name, ROWS(name_rows));
	add_rows(s, "mobile", test_mobile, ROWS(mobile_rows));
	add_rows(s, "normalise", test_normalise, ROWS(normalise_rows));
	add_rows(s, "date", test_date, ROWS(date_rows));
	add_rows(s, "hhmm", test_hhmm, ROWS(hhmm_rows));
	add_rows(s, "uint", test_uint, ROWS(uint_rows));
	add_one(s, "uint_limit", test_uint_limit);
	add_rows(s, "id_number", test_id_number, ROWS(id_rows));
	add_one(s, "id_messages", test_id_messages);
	add_rows(s, "age", test_age, ROWS(age_rows));
	add_rows(s, "id_mask", test_mask, ROWS(mask_rows));
	add_one(s, "null", test_null);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(valid_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
