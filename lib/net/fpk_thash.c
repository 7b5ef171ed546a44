/* SPDX-License-Identifier: BSD-3-Clause */
/* The software Toeplitz hash and the default RSS key (fpk_thash.h). */
#include <errno.h>

#include "fpk_thash.h"

/* Microsoft's "Verifying the RSS Hash Calculation" key. */
const uint8_t fpk_thash_default_key[FPK_THASH_KEY_LEN] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/*
 * The Toeplitz hash of @len bytes whose first bit meets the first bit of
 * @key; @key must hold @len + 4 bytes. Every set input bit n (counted from
 * the most significant bit of data[0]) XORs in the 32 key bits from bit n on.
 * Those 32 bits are kept in @window, which moves one key bit along per input
 * bit, so each key byte is read once.
 */
static uint32_t
toeplitz(const uint8_t *data, size_t len, const uint8_t *key)
{
	uint32_t hash = 0;
	uint32_t window = __fpk_thash_load_be32(key);

	for (size_t i = 0; i < len; i++) {
		/* The key byte whose bits enter the window during data[i]. */
		uint8_t next = key[i + 4];

		for (int b = 7; b >= 0; b--) {
			if (data[i] & (1u << b))
				hash ^= window;
			window = (window << 1) | ((uint32_t)(next >> b) & 1);
		}
	}
	return hash;
}

uint32_t
fpk_softrss(const uint32_t *input_tuple, uint32_t input_len, const uint8_t *rss_key)
{
	uint32_t hash = 0;

	/*
	 * Word i meets the key at byte 4 * i, so the hash of the whole input
	 * is the XOR of the words' hashes, each word in network order.
	 */
	for (uint32_t i = 0; i < input_len; i++) {
		uint32_t be = fpk_cpu_to_be_32(input_tuple[i]);

		hash ^= toeplitz((const uint8_t *)&be, 4, rss_key + 4 * (size_t)i);
	}
	return hash;
}

int
fpk_thash_bytes(const uint8_t *data, size_t len, const uint8_t *key, size_t key_len,
		uint32_t *hash)
{
	/* Written so that a huge @len cannot wrap the comparison around. */
	if (key == NULL || hash == NULL || (data == NULL && len != 0) ||
	    key_len < 4 || len > key_len - 4)
		return -EINVAL;
	*hash = toeplitz(data, len, key);
	return 0;
}
