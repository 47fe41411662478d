#include "valid.h"

#include <stdint.h>
#include <string.h>

/* Character classes are spelled out rather than taken from <ctype.h>, so
 * that the results never depend on the locale. */

/* Whether c is an ASCII digit. */
static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Whether c is an ASCII letter. */
static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Decodes one strict UTF-8 sequence from the n > 0 bytes at p into *cp.
 * Returns its length in bytes, or 0 if the bytes there are not valid. */
static size_t
utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char c = p[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return c == 0 ? 0 : 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;      /* overlong below U+0800 */
		else if (c == 0xED)
			hi = 0x9F;      /* surrogates U+D800-U+DFFF */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;      /* overlong below U+10000 */
		else if (c == 0xF4)
			hi = 0x8F;      /* above U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	*cp = v;
	return len;
}

bool
valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	if (s == NULL)
		return len == 0;
	while (len > 0) {
		size_t n = utf8_decode(p, len, &cp);
		if (n == 0)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

size_t
valid_utf8_len(const char *s)
{
	size_t count = 0;

	if (s == NULL)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			count++;
	return count;
}

bool
valid_text(const char *s, bool multiline)
{
	if (s == NULL)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if (c < 0x20) {
			bool space = c == '\r' || c == '\n' || c == '\t';
			if (!multiline || !space)
				return false;
		} else if (c == 0x7F) {
			return false;
		} else if (c == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			return false;   /* C1 controls U+0080-U+009F */
		}
	}
	return true;
}

/* Whether cp is in one of the CJK ideograph blocks names accept. */
static bool
is_cjk(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x20000 && cp <= 0x2FA1F);
}

bool
valid_person_name(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left, count = 0;
	bool prev_sep = true;   /* so that a leading dot or space is refused */
	uint32_t cp;

	if (s == NULL)
		return false;
	left = strlen(s);
	while (left > 0) {
		size_t n = utf8_decode(p, left, &cp);
		bool sep;

		if (n == 0)
			return false;
		sep = cp == ' ' || cp == 0x00B7 || cp == 0x30FB;
		if (sep) {
			if (prev_sep)
				return false;
		} else if (!is_cjk(cp) && !(cp < 0x80 && is_alpha((char)cp))) {
			return false;
		}
		if (++count > 20)
			return false;
		prev_sep = sep;
		p += n;
		left -= n;
	}
	return count >= 2 && !prev_sep;
}

bool
valid_mobile(const char *s)
{
	if (s == NULL || s[0] != '1' || s[1] < '3' || s[1] > '9')
		return false;
	for (int i = 2; i < 11; i++)
		if (!is_digit(s[i]))
			return false;
	return s[11] == '\0';
}

void
valid_normalise_number(const char *s, char *out)
{
	const unsigned char *u = (const unsigned char *)s;
	char *o = out;

	while (u != NULL && *u != '\0') {
		unsigned cp;
		size_t n;

		if (u[0] < 0x80) {
			cp = u[0];
			n = 1;
		} else if ((u[0] & 0xe0) == 0xc0 && u[1] != '\0') {
			cp = (u[0] & 0x1fu) << 6 | (u[1] & 0x3fu);
			n = 2;
		} else if ((u[0] & 0xf0) == 0xe0 && u[1] != '\0' && u[2] != '\0') {
			cp = (u[0] & 0x0fu) << 12 | (u[1] & 0x3fu) << 6 |
			    (u[2] & 0x3fu);
			n = 3;
		} else {
			cp = 0;   /* 4-byte or broken: copied below */
			n = 1;
		}
		if (cp >= 0xff10 && cp <= 0xff19)
			cp = '0' + (cp - 0xff10);
		else if (cp >= 0xff21 && cp <= 0xff3a)
			cp = 'A' + (cp - 0xff21);
		else if (cp >= 0xff41 && cp <= 0xff5a)
			cp = 'a' + (cp - 0xff41);
		if (cp == ' ' || cp == '\t' || cp == 0xa0 || cp == 0x3000 ||
		    cp == '-' || (cp >= 0x2010 && cp <= 0x2014) ||
		    cp == 0x2212 || cp == 0xff0d) {
			u += n;
			continue;
		}
		if (cp == 'x')
			cp = 'X';
		if (cp != 0 && cp < 0x80)
			*o++ = (char)cp;
		else {
			memcpy(o, u, n);
			o += n;
		}
		u += n;
	}
	*o = '\0';
}

/* Reads n ASCII digits at s into *out; false if any of them is not a digit.
 * Stops at the first non-digit, so it never reads past a NUL. */
static bool
read_digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Value of the n ASCII digits at s, already known to be digits. */
static int
digits_value(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Number of days in month m (1-12) of Gregorian year y. */
static int
month_days(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Whether y-m-d is a real Gregorian date with y >= 1900 (no upper limit). */
static bool
real_date(int y, int m, int d)
{
	return y >= 1900 && m >= 1 && m <= 12 &&
	       d >= 1 && d <= month_days(y, m);
}

bool
valid_date(const char *s, int *ymd)
{
	int y, m, d;

	if (s == NULL || !read_digits(s, 4, &y) || s[4] != '-' ||
	    !read_digits(s + 5, 2, &m) || s[7] != '-' ||
	    !read_digits(s + 8, 2, &d) || s[10] != '\0')
		return false;
	if (y > 2199 || !real_date(y, m, d))
		return false;
	if (ymd != NULL)
		*ymd = y * 10000 + m * 100 + d;
	return true;
}

bool
valid_hhmm(const char *s, int *minutes)
{
	int h, m;

	if (s == NULL || !read_digits(s, 2, &h) || s[2] != ':' ||
	    !read_digits(s + 3, 2, &m) || s[5] != '\0')
		return false;
	if (h > 23 || m > 59)
		return false;
	if (minutes != NULL)
		*minutes = h * 60 + m;
	return true;
}

bool
valid_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (s == NULL || !is_digit(s[0]) || (s[0] == '0' && s[1] != '\0'))
		return false;
	for (const char *p = s; *p; p++) {
		unsigned digit;

		if (!is_digit(*p))
			return false;
		digit = (unsigned)(*p - '0');
		if (digit > max || v > (max - digit) / 10)
			return false;   /* v * 10 + digit would exceed max */
		v = v * 10 + digit;
	}
	if (out != NULL)
		*out = v;
	return true;
}

/* Whether the two-digit province code is one GB 11643 numbers begin with:
 * the provinces, Taiwan (71), Hong Kong and Macao (81, 82), Taiwan residence
 * permits (83) and foreigners' permanent residence cards (91). */
static bool
id_region(int code)
{
	return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) ||
	       (code >= 31 && code <= 37) || (code >= 41 && code <= 46) ||
	       (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
	       code == 71 || code == 81 || code == 82 || code == 83 ||
	       code == 91;
}

/* ISO 7064 MOD 11-2 check character for the 17 digits at s. */
static char
id_check_char(const char *s)
{
	static const int weight[17] = {
		7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
	};
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (s[i] - '0') * weight[i];
	return "10X98765432"[sum % 11];
}

enum valid_id
valid_id_number(const char *s, int today_ymd, struct valid_id_info *info)
{
	int y, m, d, ymd;

	if (s == NULL || strlen(s) != 18)
		return VALID_ID_LENGTH;
	for (int i = 0; i < 17; i++)
		if (!is_digit(s[i]))
			return VALID_ID_CHARS;
	if (!is_digit(s[17]) && s[17] != 'X' && s[17] != 'x')
		return VALID_ID_CHARS;
	if (s[17] == 'x')
		return VALID_ID_LOWER_X;
	if (!id_region(digits_value(s, 2)))
		return VALID_ID_REGION;
	y = digits_value(s + 6, 4);
	m = digits_value(s + 10, 2);
	d = digits_value(s + 12, 2);
	if (!real_date(y, m, d))
		return VALID_ID_DATE;
	ymd = y * 10000 + m * 100 + d;
	if (ymd > today_ymd)
		return VALID_ID_FUTURE;
	if (id_check_char(s) != s[17])
		return VALID_ID_CHECKSUM;
	if (info != NULL) {
		info->birth_ymd = ymd;
		info->sex = (s[16] - '0') % 2 ? 'M' : 'F';
	}
	return VALID_ID_OK;
}

const char *
valid_id_message(enum valid_id e)
{
	switch (e) {
	case VALID_ID_OK:
		return "";
	case VALID_ID_LENGTH:
		return "身份证号码应为18位，请核对";
	case VALID_ID_CHARS:
		return "身份证号码只能填数字，最后一位可以是字母 X";
	case VALID_ID_LOWER_X:
		return "身份证号码最后一位的 X 请用大写";
	case VALID_ID_REGION:
		return "身份证号码开头的地区代码不正确，请核对";
	case VALID_ID_DATE:
		return "身份证号码中的出生日期不正确，请核对";
	case VALID_ID_FUTURE:
		return "身份证号码中的出生日期不能晚于今天，请核对";
	case VALID_ID_CHECKSUM:
		return "身份证号码有误，请核对后重新填写";
	case VALID_ID__MAX:
		break;
	}
	return "身份证号码有误，请核对后重新填写";
}

int
valid_age(int birth_ymd, int today_ymd)
{
	int years = today_ymd / 10000 - birth_ymd / 10000;

	if (today_ymd % 10000 < birth_ymd % 10000)
		years--;
	return years;
}

void
valid_id_mask(const char *id, char buf[19])
{
	bool ok = id != NULL && strlen(id) == 18;

	for (int i = 0; ok && i < 18; i++)
		if (!is_digit(id[i]) && !is_alpha(id[i]))
			ok = false;
	for (int i = 0; i < 18; i++)
		buf[i] = ok && (i < 6 || i >= 14) ? id[i] : '*';
	buf[18] = '\0';
}
