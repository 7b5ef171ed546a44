/* SPDX-License-Identifier: BSD-3-Clause */
/* ICMP (RFC 792) echo header, fields in network byte order. */
#ifndef FPK_ICMP_H
#define FPK_ICMP_H

#include <stdint.h>

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct fpk_icmp_hdr {
	uint8_t icmp_type;    /**< FPK_IP_ICMP_ECHO_* */
	uint8_t icmp_code;
	uint16_t icmp_cksum;  /**< over the ICMP header and data, no pseudo header */
	uint16_t icmp_ident;
	uint16_t icmp_seq_nb;
} __fpk_packed __fpk_aligned(2);

#define FPK_IP_ICMP_ECHO_REPLY   0
#define FPK_IP_ICMP_ECHO_REQUEST 8

FPK_STATIC_ASSERT(sizeof(struct fpk_icmp_hdr) == 8, "ICMP echo header is 8 bytes");

#ifdef __cplusplus
}
#endif

#endif /* FPK_ICMP_H */
