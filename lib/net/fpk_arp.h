/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * ARP (RFC 826) for IPv4 over Ethernet.
 *
 * Fields are in network byte order.
 */
#ifndef FPK_ARP_H
#define FPK_ARP_H

#include <stdint.h>

#include "fpk_common.h"
#include "fpk_ether.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The addresses of an ARP packet for IPv4 over Ethernet. */
struct fpk_arp_ipv4 {
	struct fpk_ether_addr arp_sha; /**< sender hardware address */
	uint32_t arp_sip;              /**< sender IP address */
	struct fpk_ether_addr arp_tha; /**< target hardware address */
	uint32_t arp_tip;              /**< target IP address */
} __fpk_packed __fpk_aligned(2);

/** An ARP packet for IPv4 over Ethernet (28 bytes). */
struct fpk_arp_hdr {
	uint16_t arp_hardware;         /**< FPK_ARP_HRD_ETHER */
	uint16_t arp_protocol;         /**< FPK_ETHER_TYPE_IPV4 */
	uint8_t arp_hlen;              /**< 6 */
	uint8_t arp_plen;              /**< 4 */
	uint16_t arp_opcode;           /**< FPK_ARP_OP_* */
	struct fpk_arp_ipv4 arp_data;  /**< the addresses */
} __fpk_packed __fpk_aligned(2);

#define FPK_ARP_HRD_ETHER  1 /**< hardware type: Ethernet (CPU order) */
#define FPK_ARP_OP_REQUEST 1 /**< opcode: request (CPU order) */
#define FPK_ARP_OP_REPLY   2 /**< opcode: reply (CPU order) */

FPK_STATIC_ASSERT(sizeof(struct fpk_arp_ipv4) == 20, "ARP IPv4 body is 20 bytes");
FPK_STATIC_ASSERT(sizeof(struct fpk_arp_hdr) == 28, "ARP packet is 28 bytes");

#ifdef __cplusplus
}
#endif

#endif /* FPK_ARP_H */
