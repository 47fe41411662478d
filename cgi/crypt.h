/* Keys and cryptography: ID numbers encrypted at rest, keyed hashes for
 * duplicate checks, random tokens, CSRF tokens, password hashes. The master
 * key lives in a file outside the database; crypt_init loads it once in main
 * and the derived keys are read-only afterwards. */
#ifndef LX_CRYPT_H
#define LX_CRYPT_H
#include <stdbool.h>
#include <stddef.h>

#include "pool.h"

#define CRYPT_HASH_LEN 32
/* Base64url length of a 32-byte token, without padding. */
#define CRYPT_TOKEN_LEN 43

/* Loads the 32-byte master key from path (must not be readable by others)
 * and derives the subkeys. Returns 0, or -1 with a message on stderr. */
int crypt_init(const char *path);

/* Encrypts plain; returns nonce||ciphertext in the pool and its length. */
unsigned char *crypt_seal(struct pool *pool, const char *plain, size_t *outlen);
/* Decrypts what crypt_seal made; NULL if it was tampered with. */
char *crypt_open(struct pool *pool, const unsigned char *sealed, size_t len);
/* Keyed hash of s, for finding duplicates without storing s in clear. */
void crypt_lookup_hash(const char *s, unsigned char out[CRYPT_HASH_LEN]);
/* Unkeyed hash of a high-entropy token (sessions store only this). */
void crypt_token_hash(const char *token, unsigned char out[CRYPT_HASH_LEN]);
struct db_rows;
/* A digest of every cell of n results (lengths and NULLs included), as 32
 * hex digits (NULL if hashing failed): a page kept under it is the page of
 * exactly these rows. */
char *crypt_rows_digest(struct pool *pool, const struct db_rows *const rows[],
    size_t n);
/* The same of n strings (NULL told from ""). */
char *crypt_texts_digest(struct pool *pool, const char *const text[],
    size_t n);
/* nbytes random bytes as base64url without padding, in the pool. */
char *crypt_random_token(struct pool *pool, size_t nbytes);
/* The CSRF token that goes with a CSRF cookie value (HMAC, base64url). */
char *crypt_csrf_token(struct pool *pool, const char *cookie);
/* Constant-time comparison of two NUL-terminated strings. */
bool crypt_equal(const char *a, const char *b);

/* argon2id hash string of password (OWASP parameters); NULL if hashing
 * failed (out of memory). At most a few run at once. */
char *crypt_password_hash(struct pool *pool, const char *password);
/* 1 if password matches hash, 0 if not, -1 on error. */
int crypt_password_verify(const char *hash, const char *password);

#endif
