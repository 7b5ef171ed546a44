/* SPDX-License-Identifier: BSD-3-Clause */
/* Ethernet address parsing and generation. */
#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>

#include "fpk_ether.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int
fpk_ether_unformat_addr(const char *s, struct fpk_ether_addr *a)
{
	struct fpk_ether_addr tmp;
	char sep;

	if (s == NULL || strlen(s) != 17 || (s[2] != ':' && s[2] != '-'))
		return -EINVAL;
	sep = s[2];
	for (int i = 0; i < FPK_ETHER_ADDR_LEN; i++) {
		const char *p = s + 3 * i;
		int hi = hexval(p[0]), lo = hexval(p[1]);

		if (hi < 0 || lo < 0 || (i < FPK_ETHER_ADDR_LEN - 1 && p[2] != sep))
			return -EINVAL;
		tmp.addr_bytes[i] = (uint8_t)(hi << 4 | lo);
	}
	*a = tmp;
	return 0;
}

void
fpk_eth_random_addr(uint8_t *addr)
{
	if (getrandom(addr, FPK_ETHER_ADDR_LEN, 0) != FPK_ETHER_ADDR_LEN)
		for (int i = 0; i < FPK_ETHER_ADDR_LEN; i++)
			addr[i] = (uint8_t)rand();
	addr[0] &= 0xfe; /* unicast */
	addr[0] |= 0x02; /* locally administered */
}
