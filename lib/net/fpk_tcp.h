/* SPDX-License-Identifier: BSD-3-Clause */
/* TCP header (RFC 9293) without options, fields in network byte order. */
#ifndef FPK_TCP_H
#define FPK_TCP_H

#include <stdint.h>

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct fpk_tcp_hdr {
	uint16_t src_port;
	uint16_t dst_port;
	uint32_t sent_seq;
	uint32_t recv_ack;
	uint8_t data_off;   /**< header length in 32-bit words << 4 */
	uint8_t tcp_flags;  /**< FPK_TCP_*_FLAG */
	uint16_t rx_win;
	uint16_t cksum;
	uint16_t tcp_urp;
} __fpk_packed __fpk_aligned(2);

#define FPK_TCP_FIN_FLAG 0x01
#define FPK_TCP_SYN_FLAG 0x02
#define FPK_TCP_RST_FLAG 0x04
#define FPK_TCP_PSH_FLAG 0x08
#define FPK_TCP_ACK_FLAG 0x10
#define FPK_TCP_URG_FLAG 0x20

FPK_STATIC_ASSERT(sizeof(struct fpk_tcp_hdr) == 20, "TCP header is 20 bytes");

#ifdef __cplusplus
}
#endif

#endif /* FPK_TCP_H */
