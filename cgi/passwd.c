#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "passwd.h"
#include "valid.h"

/* Passwords people choose first, compared without regard to case. */
static const char *const common[] = {
	"0123456789", "1234567890", "12345678910", "1234567890a",
	"a1234567890", "123456789a", "123456789abc", "987654321a",
	"qwertyuiop", "qwerty12345", "qwerty123456", "1qaz2wsx3edc",
	"1q2w3e4r5t", "1q2w3e4r5t6y", "qazwsxedc123", "123qweasdzxc",
	"1234qwer!@#$", "asdfghjkl1", "zxcvbnm123", "password12",
	"password123", "password1234", "passw0rd12", "p@ssw0rd12",
	"p@ssword123", "admin12345", "admin123456", "admin@123456",
	"administrator", "abc1234567", "abcd123456", "abc123456789",
	"aa123456789", "qq123456789", "woaini1314", "woaini520520",
	"5201314520", "1314520520", "iloveyou12", "iloveyou123",
	"88888888aa", "welcome123", "changeme123", "letmein123",
	"test123456", "root123456", "laoxiao123", "laoxiao2026",
	"huawei1234", "aaaaaa1111",
};

/* Whether needle occurs in hay, ignoring ASCII case. */
static bool
contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle), h = strlen(hay), i;

	for (i = 0; n > 0 && i + n <= h; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

/* Kinds of character used: lower, upper, digit, anything else. */
static int
classes(const char *s)
{
	bool lower = false, upper = false, digit = false, other = false;

	for (; *s != '\0'; s++) {
		if (*s >= 'a' && *s <= 'z')
			lower = true;
		else if (*s >= 'A' && *s <= 'Z')
			upper = true;
		else if (*s >= '0' && *s <= '9')
			digit = true;
		else
			other = true;
	}
	return lower + upper + digit + other;
}

/* Number of different bytes in s. */
static int
distinct(const char *s)
{
	bool seen[256] = { false };
	int n = 0;

	for (; *s != '\0'; s++)
		if (!seen[(unsigned char)*s]) {
			seen[(unsigned char)*s] = true;
			n++;
		}
	return n;
}

/* Whether every byte is one more (or every one less) than the one before. */
static bool
straight_run(const char *s)
{
	size_t i, n = strlen(s);
	bool up = true, down = true;

	for (i = 1; i < n; i++) {
		up = up && s[i] == s[i - 1] + 1;
		down = down && s[i] == s[i - 1] - 1;
	}
	return n > 1 && (up || down);
}

const char *
passwd_problem(const char *pw, const char *username)
{
	size_t i;

	if (pw == NULL || valid_utf8_len(pw) < PASSWD_MIN)
		return "密码至少要10位";
	if (strlen(pw) > PASSWD_MAX)
		return "密码太长了，请不要超过128个字母或数字";
	if (!valid_text(pw, false))
		return "密码含有不能使用的控制字符";
	if (username != NULL && strlen(username) >= 3 &&
	    contains_nocase(pw, username))
		return "密码里不能含有用户名";
	if (classes(pw) < 2)
		return "密码不能只用一种字符，请把字母和数字（或符号）混合使用";
	if (distinct(pw) < 5 || straight_run(pw))
		return "密码太简单了（重复或连续的字符太多），请换一个";
	for (i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		if (strcasecmp(pw, common[i]) == 0)
			return "这是一个很常见的密码，很容易被猜到，请换一个";
	return NULL;
}

char *
passwd_generate(struct pool *pool)
{
	static const char alphabet[] =
	    "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
	char *out = pool_alloc(pool, PASSWD_GENERATED + 1);
	size_t i;

	do {
		for (i = 0; i < PASSWD_GENERATED; i++)
			out[i] = alphabet[randombytes_uniform(
			    sizeof(alphabet) - 1)];
		out[PASSWD_GENERATED] = '\0';
	} while (classes(out) < 3 || passwd_problem(out, NULL) != NULL);
	return out;
}
