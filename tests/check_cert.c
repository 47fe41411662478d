/* Unit tests of the certificate helpers that need no database: splitting
 * an address segment into number and code, and the QR code's SVG path
 * (every dark module of the symbol covered exactly once, nothing else). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <qrencode.h>

#include "cert.h"
#include "qr.h"

static const struct {
	const char *in, *number, *code;   /* number NULL: not a segment */
} splits[] = {
	{ "2026-000001-AbC_-9xYzAbC_-9xYz", "2026-000001", "AbC_-9xYzAbC_-9xYz" },
	{ "2027-1234567-k", "2027-1234567", "k" },
	{ "2026-000001-a-b-c", "2026-000001", "a-b-c" },
	{ "", NULL, NULL },
	{ "junk", NULL, NULL },
	{ "2026-000001", NULL, NULL },
	{ "2026-000001-", NULL, NULL },
	{ "26-000001-abc", NULL, NULL },
	{ "2026-00001-abc", NULL, NULL },
	{ "2026-0000a1-abc", NULL, NULL },
	{ "20a6-000001-abc", NULL, NULL },
	{ "2026--abc", NULL, NULL },
	{ "2026-000001-0123456789012345678901234567890123456789", NULL, NULL },
};

START_TEST(test_split)
{
	struct pool *pool = pool_new();
	struct req r;
	const char *number = NULL, *code = NULL;
	bool ok;

	memset(&r, 0, sizeof(r));
	r.pool = pool;
	ok = cert_split(&r, splits[_i].in, &number, &code);
	ck_assert_msg(ok == (splits[_i].number != NULL), "%s", splits[_i].in);
	if (ok) {
		ck_assert_str_eq(number, splits[_i].number);
		ck_assert_str_eq(code, splits[_i].code);
	}
	pool_free(pool);
}
END_TEST

static const char *const texts[] = {
	"http://127.0.0.1:8080/verify/2026-000001-AbC_-9xYzAbC_-9xY",
	"https://laoxiao.example.cn/verify/2031-1234567-0123456789abcdef",
	"x",
};

START_TEST(test_qr_path)
{
	struct pool *pool = pool_new();
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "page"), x;
	QRcode *q = QRcode_encodeString(texts[_i], 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	unsigned char *seen;
	xmlChar *path, *size;
	const char *p;
	struct req r;
	int w, n, dark = 0, covered = 0, i;

	ck_assert_ptr_nonnull(q);
	memset(&r, 0, sizeof(r));
	r.pool = pool;
	xmlDocSetRootElement(doc, root);
	x = qr_xml(&r, root, texts[_i]);
	ck_assert_ptr_nonnull(x);
	size = xmlGetProp(x, BAD_CAST "size");
	ck_assert_int_eq(atoi((const char *)size), q->width + 2 * QR_QUIET);
	w = q->width;
	seen = calloc((size_t)(w * w), 1);
	ck_assert_ptr_nonnull(seen);
	path = xmlGetProp(x, BAD_CAST "path");
	for (p = (const char *)path; *p != '\0';) {
		int px, py, run, back, len;

		ck_assert_int_eq(sscanf(p, "M%d %dh%dv1h-%dz%n", &px, &py, &run,
		    &back, &len), 4);
		ck_assert_int_eq(run, back);
		px -= QR_QUIET;
		py -= QR_QUIET;
		ck_assert(px >= 0 && py >= 0 && py < w && run > 0 && px + run <= w);
		for (n = 0; n < run; n++) {
			ck_assert_msg(q->data[py * w + px + n] & 1,
			    "light module %d,%d drawn", px + n, py);
			ck_assert_msg(!seen[py * w + px + n], "drawn twice");
			seen[py * w + px + n] = 1;
			covered++;
		}
		p += len;
	}
	for (i = 0; i < w * w; i++)
		dark += q->data[i] & 1;
	ck_assert_int_eq(covered, dark);
	free(seen);
	xmlFree(path);
	xmlFree(size);
	QRcode_free(q);
	xmlFreeDoc(doc);
	pool_free(pool);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("cert");
	TCase *tc = tcase_create("cert");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_split, 0, sizeof(splits) / sizeof(splits[0]));
	tcase_add_loop_test(tc, test_qr_path, 0, sizeof(texts) / sizeof(texts[0]));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
