/* Staff password policy and generated passwords. */
#ifndef LX_PASSWD_H
#define LX_PASSWD_H
#include "pool.h"

#define PASSWD_MIN 10      /* characters */
#define PASSWD_MAX 128     /* bytes */
#define PASSWD_GENERATED 12

/* NULL when password may be used by the account username, else a message
 * in Chinese saying what is wrong: shorter than PASSWD_MIN characters,
 * longer than PASSWD_MAX bytes, control characters, the user name in it,
 * a single kind of character (only digits, only letters…), too few
 * different characters, a straight run (abcdefghij, 9876543210), or a
 * common password. Pure; password must be valid UTF-8. */
const char *passwd_problem(const char *password, const char *username);

/* A new random password of PASSWD_GENERATED characters that passes the
 * policy (letters and digits, without look-alikes such as 0/O, 1/l). */
char *passwd_generate(struct pool *pool);

#endif
