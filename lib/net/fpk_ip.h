/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv4 and IPv6 headers and the Internet checksum (RFC 1071) over them and
 * their UDP/TCP payloads, shaped like DPDK's rte_ip.h.
 *
 * Header fields are in network byte order. The structs are packed and only
 * 2-byte aligned because an IP header follows a 14-byte Ethernet header;
 * read their fields directly rather than through pointers to them.
 *
 * Checksums are computed on the bytes as they lie in memory, so a result is
 * ready to be stored in the header as is (RFC 1071's byte-order
 * independence): no fpk_cpu_to_be_16() on it.
 */
#ifndef FPK_IP_H
#define FPK_IP_H

#include <stdint.h>
#include <string.h>

#include "fpk_byteorder.h"
#include "fpk_common.h"
#include "fpk_mbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Protocol numbers (IPv4 next_proto_id, IPv6 proto). */
#define FPK_IPPROTO_ICMP   1
#define FPK_IPPROTO_TCP    6
#define FPK_IPPROTO_UDP    17
#define FPK_IPPROTO_ICMPV6 58

/** An IPv4 address a.b.c.d as a CPU-order 32-bit value. */
#define FPK_IPV4(a, b, c, d) ((uint32_t)(((uint32_t)(a) & 0xff) << 24 | \
					 ((uint32_t)(b) & 0xff) << 16 | \
					 ((uint32_t)(c) & 0xff) << 8 |  \
					 ((uint32_t)(d) & 0xff)))

struct fpk_ipv4_hdr {
	uint8_t version_ihl;      /**< version (4) << 4 | header length in 32-bit words */
	uint8_t type_of_service;
	uint16_t total_length;    /**< header and payload, bytes */
	uint16_t packet_id;
	uint16_t fragment_offset; /**< flags (FPK_IPV4_HDR_*_FLAG) | offset in 8-byte units */
	uint8_t time_to_live;
	uint8_t next_proto_id;    /**< FPK_IPPROTO_* */
	uint16_t hdr_checksum;
	uint32_t src_addr;
	uint32_t dst_addr;
} __fpk_packed __fpk_aligned(2);

#define FPK_IPV4_VHL_DEF          0x45     /**< version 4, 20-byte header */
#define FPK_IPV4_HDR_IHL_MASK     0x0f
#define FPK_IPV4_IHL_MULTIPLIER   4
#define FPK_IPV4_MIN_HDR_LEN      20
#define FPK_IPV4_HDR_DF_FLAG      (1 << 14) /**< in CPU-order fragment_offset */
#define FPK_IPV4_HDR_MF_FLAG      (1 << 13)
#define FPK_IPV4_HDR_OFFSET_MASK  0x1fff
#define FPK_IPV4_DEFTTL           64

/** Header length of @ip in bytes (from its IHL field). */
static inline uint8_t
fpk_ipv4_hdr_len(const struct fpk_ipv4_hdr *ip)
{
	return (uint8_t)((ip->version_ihl & FPK_IPV4_HDR_IHL_MASK) * FPK_IPV4_IHL_MULTIPLIER);
}

/** @return true if @ip is a fragment (more fragments follow, or offset > 0). */
static inline bool
fpk_ipv4_frag_pkt_is_fragmented(const struct fpk_ipv4_hdr *ip)
{
	uint16_t f = fpk_be_to_cpu_16(ip->fragment_offset);

	return (f & (FPK_IPV4_HDR_MF_FLAG | FPK_IPV4_HDR_OFFSET_MASK)) != 0;
}

struct fpk_ipv6_hdr {
	uint32_t vtc_flow;        /**< version (6) << 28 | traffic class << 20 | flow label */
	uint16_t payload_len;     /**< bytes after this header, extension headers included */
	uint8_t proto;            /**< next header: FPK_IPPROTO_* or an extension header */
	uint8_t hop_limits;
	uint8_t src_addr[16];
	uint8_t dst_addr[16];
} __fpk_packed __fpk_aligned(2);

#define FPK_IPV6_VTC_FLOW_DEF  FPK_BE32(UINT32_C(6) << 28) /**< version 6, the rest 0 */

FPK_STATIC_ASSERT(sizeof(struct fpk_ipv4_hdr) == 20, "IPv4 header is 20 bytes");
FPK_STATIC_ASSERT(sizeof(struct fpk_ipv6_hdr) == 40, "IPv6 header is 40 bytes");

/*
 * Add @len bytes at @buf to the running sum @sum as 16-bit words in memory
 * order (an odd last byte is padded with a zero byte after it). Works for
 * any alignment. Fold the result with fpk_cksum_fold().
 */
static inline uint64_t
__fpk_raw_cksum(const void *buf, size_t len, uint64_t sum)
{
	const uint8_t *p = (const uint8_t *)buf;
	uint32_t w32;
	uint16_t w16 = 0;

	/*
	 * 32-bit words into a 64-bit sum: the carries that pile up in the
	 * high half are added back by the fold, since 2^16 = 1 (mod 0xffff).
	 */
	for (; len >= 4; p += 4, len -= 4) {
		memcpy(&w32, p, 4);
		sum += w32;
	}
	if (len >= 2) {
		memcpy(&w16, p, 2);
		sum += w16;
		p += 2;
		len -= 2;
	}
	if (len) {
		w16 = 0;
		memcpy(&w16, p, 1);
		sum += w16;
	}
	return sum;
}

/** Fold a running sum into its 16-bit one's complement sum (not inverted). */
static inline uint16_t
fpk_cksum_fold(uint64_t sum)
{
	sum = (sum >> 32) + (sum & 0xffffffff);
	sum = (sum >> 32) + (sum & 0xffffffff);
	sum = (sum >> 16) + (sum & 0xffff);
	sum = (sum >> 16) + (sum & 0xffff);
	sum = (sum >> 16) + (sum & 0xffff);
	return (uint16_t)sum;
}

/** One's complement sum of @len bytes at @buf, folded, not inverted. */
static inline uint16_t
fpk_raw_cksum(const void *buf, size_t len)
{
	return fpk_cksum_fold(__fpk_raw_cksum(buf, len, 0));
}

/**
 * One's complement sum (folded, not inverted) of the @len bytes at offset
 * @off of the packet @m, across its segments.
 * @return 0, or -1 if the packet is shorter than @off + @len.
 */
int fpk_raw_cksum_mbuf(const struct fpk_mbuf *m, uint32_t off, uint32_t len, uint16_t *cksum);

/**
 * IPv4 header checksum of @ip, ready to store in hdr_checksum. The field's
 * current value does not matter: it counts as zero.
 */
static inline uint16_t
fpk_ipv4_cksum(const struct fpk_ipv4_hdr *ip)
{
	uint64_t sum = __fpk_raw_cksum(ip, fpk_ipv4_hdr_len(ip), 0);

	/* Adding the field's complement takes the field out of the sum. */
	sum += (uint16_t)~ip->hdr_checksum;
	return (uint16_t)~fpk_cksum_fold(sum);
}

/** @return 0 if the header checksum of @ip is right, -1 if not. */
static inline int
fpk_ipv4_cksum_verify(const struct fpk_ipv4_hdr *ip)
{
	return fpk_raw_cksum(ip, fpk_ipv4_hdr_len(ip)) == 0xffff ? 0 : -1;
}

/*
 * Running sum of the IPv4 pseudo header (addresses, protocol, L4 length
 * taken from total_length less the header).
 */
static inline uint64_t
__fpk_ipv4_phdr_sum(const struct fpk_ipv4_hdr *ip)
{
	uint16_t l4_len = (uint16_t)(fpk_be_to_cpu_16(ip->total_length) - fpk_ipv4_hdr_len(ip));

	return (uint64_t)ip->src_addr + ip->dst_addr +
	       fpk_cpu_to_be_16((uint16_t)ip->next_proto_id) + fpk_cpu_to_be_16(l4_len);
}

/** The IPv4 pseudo-header checksum (folded, not inverted), as TX offloads want it. */
static inline uint16_t
fpk_ipv4_phdr_cksum(const struct fpk_ipv4_hdr *ip)
{
	return fpk_cksum_fold(__fpk_ipv4_phdr_sum(ip));
}

/* Offset of the checksum field in an L4 header of protocol @proto, or -1. */
static inline int
__fpk_l4_cksum_offset(uint8_t proto)
{
	switch (proto) {
	case FPK_IPPROTO_UDP:
		return 6;
	case FPK_IPPROTO_TCP:
		return 16;
	default:
		return -1;
	}
}

/* Take the L4 checksum field at @l4 out of @sum, as fpk_ipv4_cksum() does. */
static inline uint64_t
__fpk_l4_cksum_exclude(uint64_t sum, const void *l4, uint8_t proto)
{
	int off = __fpk_l4_cksum_offset(proto);
	uint16_t field;

	if (off < 0)
		return sum;
	memcpy(&field, (const uint8_t *)l4 + off, 2);
	return sum + (uint16_t)~field;
}

/* Invert a folded sum into a checksum to store; UDP sends 0 as 0xffff. */
static inline uint16_t
__fpk_l4_cksum_finish(uint16_t folded, uint8_t proto)
{
	uint16_t ck = (uint16_t)~folded;

	/* For UDP, 0 on the wire means "no checksum". */
	if (ck == 0 && proto == FPK_IPPROTO_UDP)
		ck = 0xffff;
	return ck;
}

/**
 * UDP or TCP checksum of the L4 header @l4 and payload after it (contiguous,
 * total_length less the IP header long) under @ip, ready to store. The
 * field's current value counts as zero.
 */
static inline uint16_t
fpk_ipv4_udptcp_cksum(const struct fpk_ipv4_hdr *ip, const void *l4)
{
	uint16_t l4_len = (uint16_t)(fpk_be_to_cpu_16(ip->total_length) - fpk_ipv4_hdr_len(ip));
	uint64_t sum = __fpk_raw_cksum(l4, l4_len, __fpk_ipv4_phdr_sum(ip));

	sum = __fpk_l4_cksum_exclude(sum, l4, ip->next_proto_id);
	return __fpk_l4_cksum_finish(fpk_cksum_fold(sum), ip->next_proto_id);
}

/**
 * @return 0 if the UDP/TCP checksum at @l4 under @ip is right (a UDP
 *   checksum of 0, meaning none, counts as right), -1 if not.
 */
static inline int
fpk_ipv4_udptcp_cksum_verify(const struct fpk_ipv4_hdr *ip, const void *l4)
{
	uint16_t l4_len = (uint16_t)(fpk_be_to_cpu_16(ip->total_length) - fpk_ipv4_hdr_len(ip));
	uint16_t field;

	if (ip->next_proto_id == FPK_IPPROTO_UDP) {
		memcpy(&field, (const uint8_t *)l4 + 6, 2);
		if (field == 0)
			return 0;
	}
	return fpk_cksum_fold(__fpk_raw_cksum(l4, l4_len, __fpk_ipv4_phdr_sum(ip))) == 0xffff
	       ? 0 : -1;
}

/* Running sum of the IPv6 pseudo header for an L4 header right after @ip. */
static inline uint64_t
__fpk_ipv6_phdr_sum(const struct fpk_ipv6_hdr *ip)
{
	uint64_t sum = __fpk_raw_cksum(ip->src_addr, 32, 0);

	/* The 32-bit length and next-header words; payload_len is big-endian already. */
	return sum + ip->payload_len + fpk_cpu_to_be_16((uint16_t)ip->proto);
}

/** The IPv6 pseudo-header checksum (folded, not inverted). */
static inline uint16_t
fpk_ipv6_phdr_cksum(const struct fpk_ipv6_hdr *ip)
{
	return fpk_cksum_fold(__fpk_ipv6_phdr_sum(ip));
}

/**
 * UDP or TCP checksum of the L4 header @l4 right after @ip (no extension
 * headers) and the payload_len bytes it starts, ready to store. The field's
 * current value counts as zero.
 */
static inline uint16_t
fpk_ipv6_udptcp_cksum(const struct fpk_ipv6_hdr *ip, const void *l4)
{
	uint64_t sum = __fpk_raw_cksum(l4, fpk_be_to_cpu_16(ip->payload_len),
				       __fpk_ipv6_phdr_sum(ip));

	sum = __fpk_l4_cksum_exclude(sum, l4, ip->proto);
	return __fpk_l4_cksum_finish(fpk_cksum_fold(sum), ip->proto);
}

/**
 * @return 0 if the UDP/TCP checksum at @l4 under @ip is right, -1 if not.
 *   Over IPv6 a UDP checksum of 0 is an error (RFC 8200).
 */
static inline int
fpk_ipv6_udptcp_cksum_verify(const struct fpk_ipv6_hdr *ip, const void *l4)
{
	uint64_t sum = __fpk_raw_cksum(l4, fpk_be_to_cpu_16(ip->payload_len),
				       __fpk_ipv6_phdr_sum(ip));

	return fpk_cksum_fold(sum) == 0xffff ? 0 : -1;
}

/**
 * As fpk_ipv4_udptcp_cksum() for an L4 header at offset @l4_off of packet
 * @m, whose data may span segments. The caller checks first that the packet
 * holds the L4 length the IP header gives.
 */
uint16_t fpk_ipv4_udptcp_cksum_mbuf(const struct fpk_mbuf *m, const struct fpk_ipv4_hdr *ip,
				    uint32_t l4_off);
/** As fpk_ipv4_udptcp_cksum_verify() across segments; -1 also if the packet is short. */
int fpk_ipv4_udptcp_cksum_mbuf_verify(const struct fpk_mbuf *m, const struct fpk_ipv4_hdr *ip,
				      uint32_t l4_off);
/** As fpk_ipv6_udptcp_cksum() across segments (see fpk_ipv4_udptcp_cksum_mbuf()). */
uint16_t fpk_ipv6_udptcp_cksum_mbuf(const struct fpk_mbuf *m, const struct fpk_ipv6_hdr *ip,
				    uint32_t l4_off);
/** As fpk_ipv6_udptcp_cksum_verify() across segments; -1 also if the packet is short. */
int fpk_ipv6_udptcp_cksum_mbuf_verify(const struct fpk_mbuf *m, const struct fpk_ipv6_hdr *ip,
				      uint32_t l4_off);

#ifdef __cplusplus
}
#endif

#endif /* FPK_IP_H */
