/* Input validators for form fields. All functions are pure: they read
 * only their arguments, allocate nothing and are safe from any thread.
 * A NULL string is rejected wherever a string is expected. */
#ifndef LX_VALID_H
#define LX_VALID_H

#include <stdbool.h>
#include <stddef.h>

/* Largest record id a path or form may name (INT UNSIGNED): the one
 * limit of every id field and of the record a route's '*' names. */
#define RECORD_ID_MAX 4294967295UL

/* Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF, no NUL.
 * Reads exactly len bytes of s; s need not be NUL-terminated. */
bool valid_utf8(const char *s, size_t len);

/* Number of code points in a valid, NUL-terminated UTF-8 string. */
size_t valid_utf8_len(const char *s);

/* Text without control characters (C0, DEL, C1); multiline also allows
 * \r \n \t. Assumes valid UTF-8. The empty string is valid text. */
bool valid_text(const char *s, bool multiline);

/* Person name: 2-20 code points of CJK ideographs (U+3400-U+4DBF,
 * U+4E00-U+9FFF, U+F900-U+FAFF, U+20000-U+2FA1F), the middle dots U+00B7
 * and U+30FB, ASCII letters and single inner spaces. A dot or space may not
 * start or end the name, nor stand next to another dot or space. */
bool valid_person_name(const char *s);

/* Mainland mobile: exactly 11 ASCII digits, "1" then 3-9 then 9 digits. */
bool valid_mobile(const char *s);

/* Rewrites an ID or phone number as people type it on a phone into what
 * the validators read, changing only what is unambiguous: full-width digits
 * and letters (U+FF10-U+FF19, U+FF21-U+FF3A, U+FF41-U+FF5A) become ASCII, a
 * lower-case x becomes X, and spaces and hyphens anywhere (ASCII, no-break
 * and ideographic spaces; '-', U+2010-U+2014, U+2212, U+FF0D) are dropped.
 * Everything else is copied as it is, so a validator's message about it
 * stays true. s is valid UTF-8; out must hold strlen(s) + 1 bytes (the
 * result is never longer); it is NUL-terminated. NULL s gives "". */
void valid_normalise_number(const char *s, char *out);
/* Date YYYY-MM-DD, a real Gregorian date 1900..2199; on success writes
 * y*10000+m*100+d to *ymd unless ymd is NULL. */
bool valid_date(const char *s, int *ymd);

/* Time HH:MM 00:00..23:59 (two digits each); on success writes minutes
 * since midnight to *minutes unless minutes is NULL. */
bool valid_hhmm(const char *s, int *minutes);

/* Unsigned decimal, no sign/space/leading zero (except "0"), value <= max;
 * on success writes the value to *out unless out is NULL. */
bool valid_uint(const char *s, unsigned long max, unsigned long *out);

enum valid_id {
	VALID_ID_OK = 0,
	VALID_ID_LENGTH,    /* not 18 characters */
	VALID_ID_CHARS,     /* not 17 digits + digit or X */
	VALID_ID_LOWER_X,   /* check character is lower-case x */
	VALID_ID_REGION,    /* first two digits not a real province code */
	VALID_ID_DATE,      /* birth date not a real date, or before 1900 */
	VALID_ID_FUTURE,    /* birth date after today */
	VALID_ID_CHECKSUM,  /* ISO 7064 MOD 11-2 check character wrong */
	VALID_ID__MAX
};

struct valid_id_info {
	int birth_ymd;  /* e.g. 19580312 */
	char sex;       /* 'M' (17th digit odd) or 'F' */
};

/* GB 11643 resident ID number; today_ymd is the current date as
 * y*10000+m*100+d. Returns the first problem found, in the order of the
 * enum; fills *info (unless NULL) only when the result is VALID_ID_OK. */
enum valid_id valid_id_number(const char *s, int today_ymd,
                              struct valid_id_info *info);

/* Plain-Chinese message for a result, for the form. Never NULL; "" for
 * VALID_ID_OK; a general message for values outside the enum. */
const char *valid_id_message(enum valid_id e);

/* Whole years between birth_ymd and today_ymd (birthday not reached: one
 * less). Someone born on 29 February turns a year older on 1 March in
 * common years. Negative when birth_ymd is after today_ymd. */
int valid_age(int birth_ymd, int today_ymd);

/* Masked ID for lists: first 6, 8 asterisks, last 4: "110105********002X".
 * Anything but 18 ASCII letters and digits gives 18 asterisks, so nothing
 * unexpected is ever shown. buf must hold 19 bytes; it is NUL-terminated. */
void valid_id_mask(const char *id, char buf[19]);

#endif
