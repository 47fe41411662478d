/* Unit tests of the crypto helpers: sealing round trip and tampering,
 * keyed hashes, tokens, CSRF tokens, password hashes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "crypt.h"
#include "idnum.h"
#include "pool.h"

static char keyfile[] = "/tmp/lx-check-key-XXXXXX";

static void
setup_key(void)
{
	unsigned char key[32];
	int fd = mkstemp(keyfile);
	size_t i;

	ck_assert_int_ge(fd, 0);
	for (i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)(i * 7 + 1);
	ck_assert_int_eq(write(fd, key, sizeof(key)), (ssize_t)sizeof(key));
	ck_assert_int_eq(fchmod(fd, 0600), 0);
	ck_assert_int_eq(close(fd), 0);
	ck_assert_int_eq(crypt_init(keyfile), 0);
}

static void
teardown_key(void)
{
	ck_assert_int_eq(unlink(keyfile), 0);
}

START_TEST(test_seal_roundtrip)
{
	struct pool *p = pool_new();
	size_t n1, n2;
	unsigned char *a = crypt_seal(p, "11010519491231002X", &n1);
	unsigned char *b = crypt_seal(p, "11010519491231002X", &n2);
	char *plain;

	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(n1, n2);
	/* A fresh nonce each time: the same text never seals the same. */
	ck_assert_int_ne(memcmp(a, b, n1), 0);
	ck_assert_ptr_null(memmem(a, n1, "19491231", 8));
	plain = crypt_open(p, a, n1);
	ck_assert_str_eq(plain, "11010519491231002X");
	a[n1 - 1] ^= 1;
	ck_assert_ptr_null(crypt_open(p, a, n1));
	ck_assert_ptr_null(crypt_open(p, a, 10));
	pool_free(p);
}
END_TEST

START_TEST(test_hashes)
{
	unsigned char h1[CRYPT_HASH_LEN], h2[CRYPT_HASH_LEN], h3[CRYPT_HASH_LEN];
	unsigned char t1[CRYPT_HASH_LEN];

	crypt_lookup_hash("11010519491231002X", h1);
	crypt_lookup_hash("11010519491231002X", h2);
	crypt_lookup_hash("110105194912310037", h3);
	ck_assert_int_eq(memcmp(h1, h2, sizeof(h1)), 0);
	ck_assert_int_ne(memcmp(h1, h3, sizeof(h1)), 0);
	/* Keyed: differs from the unkeyed hash of the same text. */
	crypt_token_hash("11010519491231002X", t1);
	ck_assert_int_ne(memcmp(h1, t1, sizeof(h1)), 0);
}
END_TEST

START_TEST(test_tokens)
{
	struct pool *p = pool_new();
	char *a = crypt_random_token(p, 32), *b = crypt_random_token(p, 32);

	ck_assert_uint_eq(strlen(a), CRYPT_TOKEN_LEN);
	ck_assert_str_ne(a, b);
	ck_assert_uint_eq(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), strlen(a));
	ck_assert_str_eq(crypt_csrf_token(p, a), crypt_csrf_token(p, a));
	ck_assert_str_ne(crypt_csrf_token(p, a), crypt_csrf_token(p, b));
	ck_assert(crypt_equal("abc", "abc"));
	ck_assert(!crypt_equal("abc", "abd"));
	ck_assert(!crypt_equal("abc", "abcd"));
	pool_free(p);
}
END_TEST

START_TEST(test_password)
{
	struct pool *p = pool_new();
	char *h = crypt_password_hash(p, "Correct-Horse-9");

	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(strncmp(h, "$argon2id$", 10), 0);
	ck_assert_ptr_nonnull(strstr(h, "m=19456,t=2"));
	ck_assert_int_eq(crypt_password_verify(h, "Correct-Horse-9"), 1);
	ck_assert_int_eq(crypt_password_verify(h, "correct-horse-9"), 0);
	pool_free(p);
}
END_TEST

START_TEST(test_idnum)
{
	struct pool *p = pool_new();
	unsigned char h[CRYPT_HASH_LEN];
	struct idnum in;

	ck_assert_int_eq(idnum_protect(p, "11010519491231002X", 19491231, 'F',
	    &in), 0);
	ck_assert_str_eq(in.mask, "110105********002X");
	ck_assert_str_eq(in.birth, "1949-12-31");
	ck_assert_str_eq(in.sex, "F");
	ck_assert_str_eq(crypt_open(p, in.sealed, in.sealed_len),
	    "11010519491231002X");
	crypt_lookup_hash("11010519491231002X", h);
	ck_assert_int_eq(memcmp(h, in.hash, sizeof(h)), 0);
	pool_free(p);
}
END_TEST

START_TEST(test_key_file_rules)
{
	char bad[] = "/tmp/lx-check-badkey-XXXXXX";
	int fd = mkstemp(bad);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "short", 5), 5);
	ck_assert_int_eq(fchmod(fd, 0600), 0);
	ck_assert_int_eq(close(fd), 0);
	ck_assert_int_eq(crypt_init(bad), -1);       /* too short */
	ck_assert_int_eq(chmod(bad, 0644), 0);
	ck_assert_int_eq(crypt_init(bad), -1);       /* readable by others */
	ck_assert_int_eq(crypt_init("/nonexistent/key"), -1);
	ck_assert_int_eq(unlink(bad), 0);
	/* A good key readable by a group (the responders') passes; by others,
	 * or writable by the group, it does not. */
	ck_assert_int_eq(chmod(keyfile, 0640), 0);
	ck_assert_int_eq(crypt_init(keyfile), 0);
	ck_assert_int_eq(chmod(keyfile, 0440), 0);
	ck_assert_int_eq(crypt_init(keyfile), 0);
	ck_assert_int_eq(chmod(keyfile, 0604), 0);
	ck_assert_int_eq(crypt_init(keyfile), -1);
	ck_assert_int_eq(chmod(keyfile, 0660), 0);
	ck_assert_int_eq(crypt_init(keyfile), -1);
	ck_assert_int_eq(chmod(keyfile, 0600), 0);
	ck_assert_int_eq(crypt_init(keyfile), 0);    /* the good key again */
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("crypt");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_unchecked_fixture(tc, setup_key, teardown_key);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_seal_roundtrip);
	tcase_add_test(tc, test_hashes);
	tcase_add_test(tc, test_tokens);
	tcase_add_test(tc, test_password);
	tcase_add_test(tc, test_idnum);
	tcase_add_test(tc, test_key_file_rules);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
