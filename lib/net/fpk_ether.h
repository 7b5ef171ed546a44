/* SPDX-License-Identifier: BSD-3-Clause */
/* Ethernet addresses and header (IEEE 802.3), in network byte order. */
#ifndef FPK_ETHER_H
#define FPK_ETHER_H

#include <stdio.h>
#include <string.h>

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FPK_ETHER_ADDR_LEN 6
#define FPK_ETHER_HDR_LEN 14
#define FPK_ETHER_CRC_LEN 4
#define FPK_ETHER_MIN_LEN 64       /**< minimum frame, CRC included */
#define FPK_ETHER_MAX_LEN 1518     /**< maximum standard frame, CRC included */
#define FPK_ETHER_MTU 1500
#define FPK_ETHER_ADDR_FMT_SIZE 18

#define FPK_ETHER_TYPE_IPV4 0x0800
#define FPK_ETHER_TYPE_ARP  0x0806
#define FPK_ETHER_TYPE_VLAN 0x8100
#define FPK_ETHER_TYPE_IPV6 0x86DD

struct fpk_ether_addr {
	uint8_t addr_bytes[FPK_ETHER_ADDR_LEN];
} __fpk_aligned(2);

struct fpk_ether_hdr {
	struct fpk_ether_addr dst_addr;
	struct fpk_ether_addr src_addr;
	uint16_t ether_type; /**< big endian */
} __fpk_aligned(2);

struct fpk_vlan_hdr {
	uint16_t vlan_tci;   /**< big endian */
	uint16_t eth_proto;  /**< big endian */
} __fpk_packed;

static inline bool
fpk_is_same_ether_addr(const struct fpk_ether_addr *a, const struct fpk_ether_addr *b)
{
	return memcmp(a, b, FPK_ETHER_ADDR_LEN) == 0;
}

static inline bool
fpk_is_zero_ether_addr(const struct fpk_ether_addr *a)
{
	static const struct fpk_ether_addr zero = { { 0 } };

	return fpk_is_same_ether_addr(a, &zero);
}

static inline bool
fpk_is_multicast_ether_addr(const struct fpk_ether_addr *a)
{
	return a->addr_bytes[0] & 0x01;
}

static inline bool
fpk_is_broadcast_ether_addr(const struct fpk_ether_addr *a)
{
	static const struct fpk_ether_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

	return fpk_is_same_ether_addr(a, &bcast);
}

/** Unicast and not all zeros: usable as a port's own address. */
static inline bool
fpk_is_valid_assigned_ether_addr(const struct fpk_ether_addr *a)
{
	return !fpk_is_multicast_ether_addr(a) && !fpk_is_zero_ether_addr(a);
}

static inline void
fpk_ether_addr_copy(const struct fpk_ether_addr *from, struct fpk_ether_addr *to)
{
	*to = *from;
}

/** "52:54:00:12:34:56" into @buf (at least FPK_ETHER_ADDR_FMT_SIZE bytes). */
static inline void
fpk_ether_format_addr(char *buf, size_t size, const struct fpk_ether_addr *a)
{
	snprintf(buf, size, "%02X:%02X:%02X:%02X:%02X:%02X", a->addr_bytes[0],
		 a->addr_bytes[1], a->addr_bytes[2], a->addr_bytes[3], a->addr_bytes[4],
		 a->addr_bytes[5]);
}

/** Parse "xx:xx:xx:xx:xx:xx" (or '-' separated). @return 0 or -EINVAL. */
int fpk_ether_unformat_addr(const char *s, struct fpk_ether_addr *a);

/** A random locally administered unicast address. */
void fpk_eth_random_addr(uint8_t *addr);

#ifdef __cplusplus
}
#endif

#endif /* FPK_ETHER_H */
