/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Ethernet addresses and header (IEEE 802.3).
 *
 * Header fields are in network byte order.
 */
#ifndef FPK_ETHER_H
#define FPK_ETHER_H

#include <stdio.h>
#include <string.h>

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FPK_ETHER_ADDR_LEN 6       /**< bytes in an Ethernet address */
#define FPK_ETHER_HDR_LEN 14       /**< bytes in an Ethernet header without VLAN tag */
#define FPK_ETHER_CRC_LEN 4        /**< bytes of the frame check sequence */
#define FPK_ETHER_MIN_LEN 64       /**< minimum frame, CRC included */
#define FPK_ETHER_MAX_LEN 1518     /**< maximum standard frame, CRC included */
#define FPK_ETHER_MTU 1500         /**< standard payload size */
#define FPK_ETHER_ADDR_FMT_SIZE 18 /**< buffer size for fpk_ether_format_addr(), NUL included */

#define FPK_ETHER_TYPE_IPV4 0x0800 /**< EtherType of IPv4 (CPU order) */
#define FPK_ETHER_TYPE_ARP  0x0806 /**< EtherType of ARP */
#define FPK_ETHER_TYPE_VLAN 0x8100 /**< EtherType of an IEEE 802.1Q VLAN tag */
#define FPK_ETHER_TYPE_IPV6 0x86DD /**< EtherType of IPv6 */

/** An Ethernet (MAC) address, in transmission order. */
struct fpk_ether_addr {
	uint8_t addr_bytes[FPK_ETHER_ADDR_LEN]; /**< the six bytes, first transmitted first */
} __fpk_aligned(2);

/** An Ethernet header without VLAN tag. */
struct fpk_ether_hdr {
	struct fpk_ether_addr dst_addr; /**< destination address */
	struct fpk_ether_addr src_addr; /**< source address */
	uint16_t ether_type; /**< EtherType of the payload (FPK_ETHER_TYPE_*), big endian */
} __fpk_aligned(2);

/** An IEEE 802.1Q VLAN tag, after the addresses of an Ethernet header. */
struct fpk_vlan_hdr {
	uint16_t vlan_tci;   /**< priority, DEI and VLAN id, big endian */
	uint16_t eth_proto;  /**< EtherType of what follows the tag, big endian */
} __fpk_packed;

/**
 * Compare two Ethernet addresses.
 *
 * @param[in] a  An address.
 * @param[in] b  Another address.
 * @return true if they are the same, else false.
 */
static inline bool
fpk_is_same_ether_addr(const struct fpk_ether_addr *a, const struct fpk_ether_addr *b)
{
	return memcmp(a, b, FPK_ETHER_ADDR_LEN) == 0;
}

/**
 * Whether an Ethernet address is all zeros.
 *
 * @param[in] a  The address.
 * @return true if every byte is 0, else false.
 */
static inline bool
fpk_is_zero_ether_addr(const struct fpk_ether_addr *a)
{
	static const struct fpk_ether_addr zero = { { 0 } };

	return fpk_is_same_ether_addr(a, &zero);
}

/**
 * Whether an Ethernet address is a group (multicast or broadcast) address.
 *
 * @param[in] a  The address.
 * @return true if the group bit (the lowest bit of the first byte) is set,
 *   else false.
 */
static inline bool
fpk_is_multicast_ether_addr(const struct fpk_ether_addr *a)
{
	return a->addr_bytes[0] & 0x01;
}

/**
 * Whether an Ethernet address is the broadcast address.
 *
 * @param[in] a  The address.
 * @return true if it is ff:ff:ff:ff:ff:ff, else false.
 */
static inline bool
fpk_is_broadcast_ether_addr(const struct fpk_ether_addr *a)
{
	static const struct fpk_ether_addr bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

	return fpk_is_same_ether_addr(a, &bcast);
}

/**
 * Whether an Ethernet address can be a port's own address.
 *
 * @param[in] a  The address.
 * @return true if it is unicast and not all zeros, else false.
 */
static inline bool
fpk_is_valid_assigned_ether_addr(const struct fpk_ether_addr *a)
{
	return !fpk_is_multicast_ether_addr(a) && !fpk_is_zero_ether_addr(a);
}

/**
 * Copy an Ethernet address.
 *
 * @param[in] from  The address to copy.
 * @param[out] to  Where to copy it.
 */
static inline void
fpk_ether_addr_copy(const struct fpk_ether_addr *from, struct fpk_ether_addr *to)
{
	*to = *from;
}

/**
 * Format an Ethernet address as text: "52:54:00:12:34:56", upper-case hex
 * digits.
 *
 * @param[out] buf  The buffer; FPK_ETHER_ADDR_FMT_SIZE bytes hold the whole
 *   text, a smaller one gets it truncated (NUL-terminated if @p size is
 *   not 0).
 * @param size  Size of @p buf.
 * @param[in] a  The address.
 */
static inline void
fpk_ether_format_addr(char *buf, size_t size, const struct fpk_ether_addr *a)
{
	snprintf(buf, size, "%02X:%02X:%02X:%02X:%02X:%02X", a->addr_bytes[0],
		 a->addr_bytes[1], a->addr_bytes[2], a->addr_bytes[3], a->addr_bytes[4],
		 a->addr_bytes[5]);
}

/**
 * Parse an Ethernet address.
 *
 * @param[in] s  Exactly six pairs of hex digits (either case) separated by
 *   ':' or by '-' throughout: "52:54:00:12:34:56".
 * @param[out] a  The address; unchanged on error.
 * @return 0, or -EINVAL if @p s is NULL or not in that form.
 */
int fpk_ether_unformat_addr(const char *s, struct fpk_ether_addr *a);

/**
 * Make a random locally administered unicast Ethernet address (from
 * getrandom(), or rand() if that fails).
 *
 * @param[out] addr  FPK_ETHER_ADDR_LEN bytes to fill.
 */
void fpk_eth_random_addr(uint8_t *addr);

#ifdef __cplusplus
}
#endif

#endif /* FPK_ETHER_H */
