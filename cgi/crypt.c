#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "crypt.h"
#include "db.h"

#define KDF_CONTEXT "laoxiao_"
#define PW_OPSLIMIT 2U                      /* OWASP: t=2 */
#define PW_MEMLIMIT (19U * 1024U * 1024U)   /* OWASP: m=19 MiB */
#define PW_CONCURRENCY 4

/* Written once by crypt_init before any thread starts; read-only after. */
static struct {
	unsigned char seal[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	unsigned char lookup[crypto_generichash_KEYBYTES];
	unsigned char csrf[crypto_auth_hmacsha256_KEYBYTES];
	sem_t pwslots;
	bool ready;
} keys;

int
crypt_init(const char *path)
{
	unsigned char master[crypto_kdf_KEYBYTES];
	struct stat st;
	ssize_t n;
	int fd, rc = -1;

	if (sodium_init() < 0) {
		fputs("crypt: libsodium failed to initialise\n", stderr);
		return -1;
	}
	if (path == NULL) {
		fputs("crypt: no key file configured (LAOXIAO_KEY_FILE)\n", stderr);
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "crypt: %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* Private to its owner, or readable by one group too (the responders'
	 * when ./laoxiao runs them as users of their own): never by others,
	 * never writable but by the owner. */
	if (fstat(fd, &st) < 0 || (st.st_mode & 027) != 0) {
		fprintf(stderr, "crypt: %s: must be mode 0600 (or 0640 for a "
		    "group)\n", path);
		goto out;
	}
	n = read(fd, master, sizeof(master));
	if (n != (ssize_t)sizeof(master)) {
		fprintf(stderr, "crypt: %s: need %zu bytes\n", path, sizeof(master));
		goto out;
	}
	if (crypto_kdf_derive_from_key(keys.seal, sizeof(keys.seal), 1,
	    KDF_CONTEXT, master) != 0 ||
	    crypto_kdf_derive_from_key(keys.lookup, sizeof(keys.lookup), 2,
	    KDF_CONTEXT, master) != 0 ||
	    crypto_kdf_derive_from_key(keys.csrf, sizeof(keys.csrf), 3,
	    KDF_CONTEXT, master) != 0) {
		fputs("crypt: key derivation failed\n", stderr);
		goto out;
	}
	if (!keys.ready && sem_init(&keys.pwslots, 0, PW_CONCURRENCY) != 0) {
		perror("crypt: sem_init");
		goto out;
	}
	keys.ready = true;
	rc = 0;
out:
	sodium_memzero(master, sizeof(master));
	if (close(fd) != 0)
		rc = -1;
	return rc;
}

unsigned char *
crypt_seal(struct pool *pool, const char *plain, size_t *outlen)
{
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	size_t plen = strlen(plain);
	unsigned char *out = pool_alloc(pool,
	    nb + plen + crypto_aead_xchacha20poly1305_ietf_ABYTES);
	unsigned long long clen;

	randombytes_buf(out, nb);
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(out + nb, &clen,
	    (const unsigned char *)plain, plen, NULL, 0, NULL, out,
	    keys.seal) != 0)
		return NULL;
	*outlen = nb + (size_t)clen;
	return out;
}

char *
crypt_open(struct pool *pool, const unsigned char *sealed, size_t len)
{
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	unsigned long long plen;
	char *out;

	if (len < nb + crypto_aead_xchacha20poly1305_ietf_ABYTES)
		return NULL;
	out = pool_alloc(pool, len + 1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out,
	    &plen, NULL, sealed + nb, len - nb, NULL, 0, sealed,
	    keys.seal) != 0)
		return NULL;
	out[plen] = '\0';
	return out;
}

void
crypt_lookup_hash(const char *s, unsigned char out[CRYPT_HASH_LEN])
{
	crypto_generichash(out, CRYPT_HASH_LEN, (const unsigned char *)s,
	    strlen(s), keys.lookup, sizeof(keys.lookup));
}

void
crypt_token_hash(const char *token, unsigned char out[CRYPT_HASH_LEN])
{
	crypto_generichash(out, CRYPT_HASH_LEN, (const unsigned char *)token,
	    strlen(token), NULL, 0);
}

/* Adds one cell to a digest: its length (~0 for NULL, which no cell's
 * length is, so NULL is told from "") and its bytes. */
static int
digest_cell(crypto_generichash_state *st, const char *cell, unsigned long len)
{
	unsigned long n = cell != NULL ? len : ~0UL;
	int bad = crypto_generichash_update(st, (const unsigned char *)&n,
	    sizeof(n));

	if (cell != NULL)
		bad |= crypto_generichash_update(st, (const unsigned char *)cell,
		    len);
	return bad;
}

/* The digest's 16 bytes as hex in the pool, or NULL if hashing failed. */
static char *
digest_hex(struct pool *pool, crypto_generichash_state *st, int bad)
{
	unsigned char out[16];
	char *hex = pool_alloc(pool, 2 * sizeof(out) + 1);

	bad |= crypto_generichash_final(st, out, sizeof(out));
	if (bad != 0)
		return NULL;
	return sodium_bin2hex(hex, 2 * sizeof(out) + 1, out, sizeof(out));
}

char *
crypt_rows_digest(struct pool *pool, const struct db_rows *const rows[],
    size_t n)
{
	crypto_generichash_state st;
	size_t k, i;
	int bad;

	bad = crypto_generichash_init(&st, NULL, 0, 16);
	for (k = 0; k < n; k++) {
		const size_t cells = rows[k]->nrows * rows[k]->ncols;
		unsigned char shape[2 * sizeof(size_t)];

		memcpy(shape, &rows[k]->nrows, sizeof(size_t));
		memcpy(shape + sizeof(size_t), &rows[k]->ncols, sizeof(size_t));
		bad |= crypto_generichash_update(&st, shape, sizeof(shape));
		for (i = 0; i < cells; i++)
			bad |= digest_cell(&st, rows[k]->cell[i],
			    rows[k]->len[i]);
	}
	return digest_hex(pool, &st, bad);
}

char *
crypt_texts_digest(struct pool *pool, const char *const text[], size_t n)
{
	crypto_generichash_state st;
	size_t i;
	int bad;

	bad = crypto_generichash_init(&st, NULL, 0, 16);
	for (i = 0; i < n; i++)
		bad |= digest_cell(&st, text[i], text[i] != NULL ?
		    (unsigned long)strlen(text[i]) : 0);
	return digest_hex(pool, &st, bad);
}

static char *
b64url(struct pool *pool, const unsigned char *bin, size_t n)
{
	const int v = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
	size_t len = sodium_base64_ENCODED_LEN(n, v);
	char *out = pool_alloc(pool, len);

	sodium_bin2base64(out, len, bin, n, v);
	return out;
}

char *
crypt_random_token(struct pool *pool, size_t nbytes)
{
	unsigned char buf[64];

	if (nbytes > sizeof(buf))
		nbytes = sizeof(buf);
	randombytes_buf(buf, nbytes);
	return b64url(pool, buf, nbytes);
}

char *
crypt_csrf_token(struct pool *pool, const char *cookie)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(mac, (const unsigned char *)cookie,
	    strlen(cookie), keys.csrf);
	return b64url(pool, mac, sizeof(mac));
}

bool
crypt_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}

char *
crypt_password_hash(struct pool *pool, const char *password)
{
	char *out = pool_alloc(pool, crypto_pwhash_STRBYTES);
	int rc;

	while (sem_wait(&keys.pwslots) != 0)
		if (errno != EINTR)
			return NULL;
	rc = crypto_pwhash_str_alg(out, password, strlen(password),
	    PW_OPSLIMIT, PW_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13);
	if (sem_post(&keys.pwslots) != 0)
		return NULL;
	return rc == 0 ? out : NULL;
}

int
crypt_password_verify(const char *hash, const char *password)
{
	int rc;

	while (sem_wait(&keys.pwslots) != 0)
		if (errno != EINTR)
			return -1;
	rc = crypto_pwhash_str_verify(hash, password, strlen(password));
	if (sem_post(&keys.pwslots) != 0)
		return -1;
	return rc == 0 ? 1 : 0;
}
