/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * UDP header (RFC 768).
 *
 * Fields are in network byte order.
 */
#ifndef FPK_UDP_H
#define FPK_UDP_H

#include <stdint.h>

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A UDP header (8 bytes). */
struct fpk_udp_hdr {
	uint16_t src_port;    /**< source port */
	uint16_t dst_port;    /**< destination port */
	uint16_t dgram_len;   /**< header and payload, bytes */
	uint16_t dgram_cksum; /**< 0: none (IPv4 only) */
} __fpk_packed __fpk_aligned(2);

FPK_STATIC_ASSERT(sizeof(struct fpk_udp_hdr) == 8, "UDP header is 8 bytes");

#ifdef __cplusplus
}
#endif

#endif /* FPK_UDP_H */
