/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * TCP header (RFC 9293) without options.
 *
 * Fields are in network byte order.
 */
#ifndef FPK_TCP_H
#define FPK_TCP_H

#include <stdint.h>

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A TCP header without options (20 bytes). */
struct fpk_tcp_hdr {
	uint16_t src_port;  /**< source port */
	uint16_t dst_port;  /**< destination port */
	uint32_t sent_seq;  /**< sequence number */
	uint32_t recv_ack;  /**< acknowledgement number */
	uint8_t data_off;   /**< header length in 32-bit words << 4 */
	uint8_t tcp_flags;  /**< FPK_TCP_*_FLAG */
	uint16_t rx_win;    /**< receive window */
	uint16_t cksum;     /**< checksum over pseudo header, header and data */
	uint16_t tcp_urp;   /**< urgent pointer */
} __fpk_packed __fpk_aligned(2);

#define FPK_TCP_FIN_FLAG 0x01 /**< no more data from the sender */
#define FPK_TCP_SYN_FLAG 0x02 /**< synchronise sequence numbers */
#define FPK_TCP_RST_FLAG 0x04 /**< reset the connection */
#define FPK_TCP_PSH_FLAG 0x08 /**< push */
#define FPK_TCP_ACK_FLAG 0x10 /**< the acknowledgement number is valid */
#define FPK_TCP_URG_FLAG 0x20 /**< the urgent pointer is valid */

FPK_STATIC_ASSERT(sizeof(struct fpk_tcp_hdr) == 20, "TCP header is 20 bytes");

#ifdef __cplusplus
}
#endif

#endif /* FPK_TCP_H */
