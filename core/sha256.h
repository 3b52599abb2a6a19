/* sha256.h - SHA-256 (FIPS 180-4), for the audit trail's hash chain. */
#ifndef CW_SHA256_H
#define CW_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes so far */
	unsigned char buf[64];
	size_t nbuf;
};

#define SHA256_HEX 65 /* 64 hex digits + NUL */

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* The digest of data as lowercase hex into hex[SHA256_HEX]. */
void sha256_hex(const void *data, size_t n, char hex[SHA256_HEX]);

#endif
