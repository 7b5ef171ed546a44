/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * ICMP (RFC 792) echo header.
 *
 * Fields are in network byte order.
 */
#ifndef FPK_ICMP_H
#define FPK_ICMP_H

#include <stdint.h>

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An ICMP echo request or reply header (8 bytes). */
struct fpk_icmp_hdr {
	uint8_t icmp_type;    /**< FPK_IP_ICMP_ECHO_* */
	uint8_t icmp_code;    /**< 0 for echo */
	uint16_t icmp_cksum;  /**< over the ICMP header and data, no pseudo header */
	uint16_t icmp_ident;  /**< identifier, matches a reply to its request */
	uint16_t icmp_seq_nb; /**< sequence number */
} __fpk_packed __fpk_aligned(2);

#define FPK_IP_ICMP_ECHO_REPLY   0 /**< type of an echo reply */
#define FPK_IP_ICMP_ECHO_REQUEST 8 /**< type of an echo request */

FPK_STATIC_ASSERT(sizeof(struct fpk_icmp_hdr) == 8, "ICMP echo header is 8 bytes");

#ifdef __cplusplus
}
#endif

#endif /* FPK_ICMP_H */
