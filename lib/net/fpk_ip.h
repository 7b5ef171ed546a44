/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * IPv4 and IPv6 headers and the Internet checksum.
 *
 * The headers, and the Internet checksum (RFC 1071) over them and their
 * UDP/TCP payloads, shaped like DPDK's rte_ip.h.
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
#define FPK_IPPROTO_ICMP   1  /**< ICMP */
#define FPK_IPPROTO_TCP    6  /**< TCP */
#define FPK_IPPROTO_UDP    17 /**< UDP */
#define FPK_IPPROTO_ICMPV6 58 /**< ICMPv6 */

/**
 * An IPv4 address a.b.c.d as a CPU-order 32-bit value (convert with
 * fpk_cpu_to_be_32() for a header).
 *
 * @param a  First byte.
 * @param b  Second byte.
 * @param c  Third byte.
 * @param d  Fourth byte.
 */
#define FPK_IPV4(a, b, c, d) ((uint32_t)(((uint32_t)(a) & 0xff) << 24 | \
					 ((uint32_t)(b) & 0xff) << 16 | \
					 ((uint32_t)(c) & 0xff) << 8 |  \
					 ((uint32_t)(d) & 0xff)))

/** An IPv4 header without options (20 bytes; options may follow). */
struct fpk_ipv4_hdr {
	uint8_t version_ihl;      /**< version (4) << 4 | header length in 32-bit words */
	uint8_t type_of_service;  /**< DSCP and ECN */
	uint16_t total_length;    /**< header and payload, bytes */
	uint16_t packet_id;       /**< identification, for reassembly */
	uint16_t fragment_offset; /**< flags (FPK_IPV4_HDR_*_FLAG) | offset in 8-byte units */
	uint8_t time_to_live;     /**< hops left */
	uint8_t next_proto_id;    /**< FPK_IPPROTO_* */
	uint16_t hdr_checksum;    /**< header checksum (fpk_ipv4_cksum()) */
	uint32_t src_addr;        /**< source address */
	uint32_t dst_addr;        /**< destination address */
} __fpk_packed __fpk_aligned(2);

#define FPK_IPV4_VHL_DEF          0x45     /**< version 4, 20-byte header */
#define FPK_IPV4_HDR_IHL_MASK     0x0f     /**< header length bits of version_ihl */
#define FPK_IPV4_IHL_MULTIPLIER   4        /**< bytes per unit of header length */
#define FPK_IPV4_MIN_HDR_LEN      20       /**< header without options, bytes */
#define FPK_IPV4_HDR_DF_FLAG      (1 << 14) /**< in CPU-order fragment_offset */
#define FPK_IPV4_HDR_MF_FLAG      (1 << 13) /**< more fragments follow (CPU order) */
#define FPK_IPV4_HDR_OFFSET_MASK  0x1fff   /**< fragment offset bits (CPU order) */
#define FPK_IPV4_DEFTTL           64       /**< default time to live */

/**
 * Header length of an IPv4 header, options included.
 *
 * @param[in] ip  The header.
 * @return Its length in bytes, from its IHL field.
 */
static inline uint8_t
fpk_ipv4_hdr_len(const struct fpk_ipv4_hdr *ip)
{
	return (uint8_t)((ip->version_ihl & FPK_IPV4_HDR_IHL_MASK) * FPK_IPV4_IHL_MULTIPLIER);
}

/**
 * Whether an IPv4 packet is a fragment.
 *
 * @param[in] ip  The header.
 * @return true if more fragments follow or the fragment offset is not 0,
 *   else false.
 */
static inline bool
fpk_ipv4_frag_pkt_is_fragmented(const struct fpk_ipv4_hdr *ip)
{
	uint16_t f = fpk_be_to_cpu_16(ip->fragment_offset);

	return (f & (FPK_IPV4_HDR_MF_FLAG | FPK_IPV4_HDR_OFFSET_MASK)) != 0;
}

/** An IPv6 header (40 bytes). */
struct fpk_ipv6_hdr {
	uint32_t vtc_flow;        /**< version (6) << 28 | traffic class << 20 | flow label */
	uint16_t payload_len;     /**< bytes after this header, extension headers included */
	uint8_t proto;            /**< next header: FPK_IPPROTO_* or an extension header */
	uint8_t hop_limits;       /**< hops left */
	uint8_t src_addr[16];     /**< source address */
	uint8_t dst_addr[16];     /**< destination address */
} __fpk_packed __fpk_aligned(2);

#define FPK_IPV6_VTC_FLOW_DEF  FPK_BE32(UINT32_C(6) << 28) /**< version 6, the rest 0 */

FPK_STATIC_ASSERT(sizeof(struct fpk_ipv4_hdr) == 20, "IPv4 header is 20 bytes");
FPK_STATIC_ASSERT(sizeof(struct fpk_ipv6_hdr) == 40, "IPv6 header is 40 bytes");

/** @cond INTERNAL */
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
/** @endcond */

/**
 * Fold a running sum into its 16-bit one's complement sum.
 *
 * @param sum  A running sum of 16-bit words.
 * @return The folded sum, not inverted.
 */
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

/**
 * One's complement sum of a buffer, as 16-bit words in memory order (an odd
 * last byte is padded with a zero byte). Works for any alignment.
 *
 * @param[in] buf  The bytes.
 * @param len  Their number.
 * @return The sum, folded, not inverted.
 */
static inline uint16_t
fpk_raw_cksum(const void *buf, size_t len)
{
	return fpk_cksum_fold(__fpk_raw_cksum(buf, len, 0));
}

/**
 * One's complement sum of a range of a packet, across its segments, as
 * fpk_raw_cksum() would compute it over the same bytes made contiguous.
 *
 * @param[in] m  The packet's first segment.
 * @param off  Offset of the range in the packet.
 * @param len  Length of the range in bytes.
 * @param[out] cksum  The sum, folded, not inverted; unchanged on error.
 * @return 0, or -1 if the packet is shorter than @p off + @p len.
 */
int fpk_raw_cksum_mbuf(const struct fpk_mbuf *m, uint32_t off, uint32_t len, uint16_t *cksum);

/**
 * IPv4 header checksum, ready to store in hdr_checksum. The field's
 * current value does not matter: it counts as zero.
 *
 * @param[in] ip  The header, options included (per its IHL field).
 * @return The checksum.
 */
static inline uint16_t
fpk_ipv4_cksum(const struct fpk_ipv4_hdr *ip)
{
	uint64_t sum = __fpk_raw_cksum(ip, fpk_ipv4_hdr_len(ip), 0);

	/* Adding the field's complement takes the field out of the sum. */
	sum += (uint16_t)~ip->hdr_checksum;
	return (uint16_t)~fpk_cksum_fold(sum);
}

/**
 * Check an IPv4 header checksum.
 *
 * @param[in] ip  The header, options included (per its IHL field).
 * @return 0 if the checksum is right, -1 if not.
 */
static inline int
fpk_ipv4_cksum_verify(const struct fpk_ipv4_hdr *ip)
{
	return fpk_raw_cksum(ip, fpk_ipv4_hdr_len(ip)) == 0xffff ? 0 : -1;
}

/** @cond INTERNAL */
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
/** @endcond */

/**
 * IPv4 pseudo-header checksum, as TX checksum offloads want it in the L4
 * checksum field: addresses, protocol, and the L4 length taken from
 * total_length less the header length.
 *
 * @param[in] ip  The IPv4 header.
 * @return The sum, folded, not inverted.
 */
static inline uint16_t
fpk_ipv4_phdr_cksum(const struct fpk_ipv4_hdr *ip)
{
	return fpk_cksum_fold(__fpk_ipv4_phdr_sum(ip));
}

/** @cond INTERNAL */
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
/** @endcond */

/**
 * UDP or TCP checksum, ready to store in the L4 header. The field's
 * current value counts as zero. A UDP checksum that comes out as 0 is given
 * as 0xffff (0 means "none").
 *
 * @param[in] ip  The IPv4 header; next_proto_id must be FPK_IPPROTO_UDP or
 *   FPK_IPPROTO_TCP.
 * @param[in] l4  The L4 header, followed by the payload: total_length less
 *   the IP header length, contiguous.
 * @return The checksum.
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
 * Check a UDP or TCP checksum over IPv4.
 *
 * @param[in] ip  The IPv4 header; next_proto_id must be FPK_IPPROTO_UDP or
 *   FPK_IPPROTO_TCP.
 * @param[in] l4  The L4 header, followed by the payload: total_length less
 *   the IP header length, contiguous.
 * @return 0 if the checksum is right (a UDP checksum of 0, meaning none,
 *   counts as right), -1 if not.
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

/** @cond INTERNAL */
/* Running sum of the IPv6 pseudo header for an L4 header right after @ip. */
static inline uint64_t
__fpk_ipv6_phdr_sum(const struct fpk_ipv6_hdr *ip)
{
	uint64_t sum = __fpk_raw_cksum(ip->src_addr, 32, 0);

	/* The 32-bit length and next-header words; payload_len is big-endian already. */
	return sum + ip->payload_len + fpk_cpu_to_be_16((uint16_t)ip->proto);
}
/** @endcond */

/**
 * IPv6 pseudo-header checksum, as TX checksum offloads want it in the L4
 * checksum field: addresses, payload_len and proto.
 *
 * @param[in] ip  The IPv6 header (no extension headers).
 * @return The sum, folded, not inverted.
 */
static inline uint16_t
fpk_ipv6_phdr_cksum(const struct fpk_ipv6_hdr *ip)
{
	return fpk_cksum_fold(__fpk_ipv6_phdr_sum(ip));
}

/**
 * UDP or TCP checksum over IPv6, ready to store in the L4 header. The
 * field's current value counts as zero. A UDP checksum that comes out as 0
 * is given as 0xffff.
 *
 * @param[in] ip  The IPv6 header, without extension headers: proto must be
 *   FPK_IPPROTO_UDP or FPK_IPPROTO_TCP.
 * @param[in] l4  The L4 header right after it, followed by the payload:
 *   payload_len bytes in all, contiguous.
 * @return The checksum.
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
 * Check a UDP or TCP checksum over IPv6. Unlike over IPv4, a UDP checksum
 * field of 0 gets no special treatment: RFC 8200 makes it mandatory.
 *
 * @param[in] ip  The IPv6 header, without extension headers.
 * @param[in] l4  The L4 header right after it, followed by the payload:
 *   payload_len bytes in all, contiguous.
 * @return 0 if the checksum is right, -1 if not.
 */
static inline int
fpk_ipv6_udptcp_cksum_verify(const struct fpk_ipv6_hdr *ip, const void *l4)
{
	uint64_t sum = __fpk_raw_cksum(l4, fpk_be_to_cpu_16(ip->payload_len),
				       __fpk_ipv6_phdr_sum(ip));

	return fpk_cksum_fold(sum) == 0xffff ? 0 : -1;
}

/**
 * As fpk_ipv4_udptcp_cksum() for an L4 header in a packet whose data may
 * span segments. Check first that the packet holds the L4 length the IP
 * header gives.
 *
 * @param[in] m  The packet's first segment.
 * @param[in] ip  The IPv4 header (anywhere, e.g. in the packet).
 * @param l4_off  Offset of the L4 header in the packet.
 * @return The checksum, or 0 if the packet is shorter than @p l4_off plus
 *   the L4 length.
 */
uint16_t fpk_ipv4_udptcp_cksum_mbuf(const struct fpk_mbuf *m, const struct fpk_ipv4_hdr *ip,
				    uint32_t l4_off);
/**
 * As fpk_ipv4_udptcp_cksum_verify() for an L4 header in a packet whose
 * data may span segments.
 *
 * @param[in] m  The packet's first segment.
 * @param[in] ip  The IPv4 header (anywhere, e.g. in the packet).
 * @param l4_off  Offset of the L4 header in the packet.
 * @return 0 if the checksum is right, -1 if not or if the packet is
 *   shorter than @p l4_off plus the L4 length.
 */
int fpk_ipv4_udptcp_cksum_mbuf_verify(const struct fpk_mbuf *m, const struct fpk_ipv4_hdr *ip,
				      uint32_t l4_off);
/**
 * As fpk_ipv6_udptcp_cksum() for an L4 header in a packet whose data may
 * span segments. Check first that the packet holds payload_len bytes from
 * @p l4_off on.
 *
 * @param[in] m  The packet's first segment.
 * @param[in] ip  The IPv6 header (anywhere, e.g. in the packet).
 * @param l4_off  Offset of the L4 header in the packet.
 * @return The checksum, or 0 if the packet is shorter than @p l4_off plus
 *   payload_len.
 */
uint16_t fpk_ipv6_udptcp_cksum_mbuf(const struct fpk_mbuf *m, const struct fpk_ipv6_hdr *ip,
				    uint32_t l4_off);
/**
 * As fpk_ipv6_udptcp_cksum_verify() for an L4 header in a packet whose
 * data may span segments.
 *
 * @param[in] m  The packet's first segment.
 * @param[in] ip  The IPv6 header (anywhere, e.g. in the packet).
 * @param l4_off  Offset of the L4 header in the packet.
 * @return 0 if the checksum is right, -1 if not or if the packet is
 *   shorter than @p l4_off plus payload_len.
 */
int fpk_ipv6_udptcp_cksum_mbuf_verify(const struct fpk_mbuf *m, const struct fpk_ipv6_hdr *ip,
				      uint32_t l4_off);

#ifdef __cplusplus
}
#endif

#endif /* FPK_IP_H */
