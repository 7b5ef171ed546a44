/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Software Toeplitz hash, as NICs compute it for receive-side scaling.
 *
 * With it a test or an application predicts which receive queue a flow lands
 * on: hash the flow's tuple with the port's RSS key (fpk_softrss() or
 * fpk_thash_bytes()), then look the hash up in the port's redirection table
 * (fpk_thash_reta_queue()). Shaped like DPDK's rte_softrss() and rte_thash.h.
 *
 * The hash input is what Microsoft's RSS specification and the Intel
 * datasheets define: the source address, the destination address and, for a
 * hash over ports, the source port and the destination port, each in the
 * order and byte order it has in the packet. fpk_thash_tuple_ipv4() and
 * fpk_thash_tuple_ipv6() build that input from the headers.
 */
#ifndef FPK_THASH_H
#define FPK_THASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fpk_byteorder.h"
#include "fpk_ip.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Length in bytes of an RSS key as NICs and fpk_thash_default_key have it. */
#define FPK_THASH_KEY_LEN 40

/** Input words of an IPv4 tuple without ports (the "IPv4 only" hash). */
#define FPK_THASH_V4_L3_LEN 2
/** Input words of an IPv4 tuple with ports (TCP, UDP, SCTP). */
#define FPK_THASH_V4_L4_LEN 3
/** Input words of an IPv6 tuple without ports (the "IPv6 only" hash). */
#define FPK_THASH_V6_L3_LEN 8
/** Input words of an IPv6 tuple with ports; also the most any tuple has. */
#define FPK_THASH_V6_L4_LEN 9

/**
 * The RSS key of Microsoft's RSS verification suite, the one its published
 * hashes (and the Intel datasheets' copies of them) are computed with. Many
 * drivers program it by default, so it is also what a port uses unless it is
 * given a key of its own.
 */
extern const uint8_t fpk_thash_default_key[FPK_THASH_KEY_LEN];

/**
 * Toeplitz hash of 32-bit words, as DPDK's rte_softrss() computes it.
 *
 * Each word is taken in CPU order, most significant bit first: the words of
 * fpk_thash_tuple_ipv4() or fpk_thash_tuple_ipv6() give the hash a NIC
 * computes over the same fields.
 *
 * The key is not checked: it must be at least @p input_len * 4 + 4 bytes,
 * the 32 bits used with the first input bit plus one more per input bit
 * (40 bytes cover 9 words, an IPv6 tuple with ports). fpk_thash_bytes() is
 * the checked form.
 *
 * @param[in] input_tuple  The input words, in CPU order.
 * @param input_len  Number of words in @p input_tuple.
 * @param[in] rss_key  The key, in the byte order a NIC is given it (as
 *   fpk_thash_default_key), at least @p input_len * 4 + 4 bytes.
 * @return The hash.
 */
uint32_t fpk_softrss(const uint32_t *input_tuple, uint32_t input_len, const uint8_t *rss_key);

/**
 * Toeplitz hash of bytes as they lie in a packet (network order), for
 * instance the 8 address bytes of an IPv4 header from src_addr on.
 *
 * @param[in] data  The input bytes, each taken most significant bit first.
 * @param len  Number of input bytes.
 * @param[in] key  The key, in the byte order a NIC is given it (as
 *   fpk_thash_default_key).
 * @param key_len  Length of @p key in bytes: at least @p len + 4.
 * @param[out] hash  The hash; unchanged on error.
 * @return 0, or -EINVAL if @p key_len is less than @p len + 4 (the key must
 *   reach 32 bits past the last input bit), or if @p key, @p hash or, with
 *   @p len not 0, @p data is NULL.
 */
int fpk_thash_bytes(const uint8_t *data, size_t len, const uint8_t *key, size_t key_len,
		    uint32_t *hash);

/** @cond INTERNAL */
/* A big-endian 32-bit value at any alignment, in CPU order. */
static inline uint32_t
__fpk_thash_load_be32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return fpk_be_to_cpu_32(v);
}
/** @endcond */

/**
 * Build the fpk_softrss() input of an IPv4 packet: source address,
 * destination address and, if @p l4 is given, the source and destination
 * ports in one word (source port in the high half).
 *
 * @param[in] ip  The IPv4 header.
 * @param[in] l4  The UDP, TCP or SCTP header (the ports are its first four
 *   bytes in all three), or NULL for the hash without ports, as NICs use for
 *   fragments and other protocols.
 * @param[out] tuple  At least FPK_THASH_V4_L4_LEN words.
 * @return Number of words written, the input_len to give fpk_softrss():
 *   FPK_THASH_V4_L3_LEN without @p l4, FPK_THASH_V4_L4_LEN with it.
 */
static inline uint32_t
fpk_thash_tuple_ipv4(const struct fpk_ipv4_hdr *ip, const void *l4, uint32_t *tuple)
{
	tuple[0] = fpk_be_to_cpu_32(ip->src_addr);
	tuple[1] = fpk_be_to_cpu_32(ip->dst_addr);
	if (l4 == NULL)
		return FPK_THASH_V4_L3_LEN;
	tuple[2] = __fpk_thash_load_be32(l4);
	return FPK_THASH_V4_L4_LEN;
}

/**
 * Build the fpk_softrss() input of an IPv6 packet: source address,
 * destination address (four words each) and, if @p l4 is given, the source
 * and destination ports in one word (source port in the high half).
 *
 * @param[in] ip  The IPv6 header.
 * @param[in] l4  The UDP, TCP or SCTP header, or NULL for the hash without
 *   ports.
 * @param[out] tuple  At least FPK_THASH_V6_L4_LEN words.
 * @return Number of words written, the input_len to give fpk_softrss():
 *   FPK_THASH_V6_L3_LEN without @p l4, FPK_THASH_V6_L4_LEN with it.
 */
static inline uint32_t
fpk_thash_tuple_ipv6(const struct fpk_ipv6_hdr *ip, const void *l4, uint32_t *tuple)
{
	for (int i = 0; i < 4; i++) {
		tuple[i] = __fpk_thash_load_be32(ip->src_addr + 4 * i);
		tuple[4 + i] = __fpk_thash_load_be32(ip->dst_addr + 4 * i);
	}
	if (l4 == NULL)
		return FPK_THASH_V6_L3_LEN;
	tuple[8] = __fpk_thash_load_be32(l4);
	return FPK_THASH_V6_L4_LEN;
}

/**
 * The receive queue a redirection table (RETA) gives a hash.
 *
 * NICs index the table with the low bits of the hash: the 82575 and I210
 * datasheets use the 7 least significant bits for their 128 entries, and
 * the virtio-net specification masks the hash with indirection_table_mask
 * (the table's length less one). A table whose length is a power of two
 * therefore reproduces them, whatever its length.
 *
 * @param hash  The hash (fpk_softrss(), fpk_thash_bytes(), or the one the
 *   NIC stored in the mbuf).
 * @param[in] reta  The table: a queue per entry.
 * @param reta_size  Number of entries of @p reta: a power of two, not 0
 *   (unchecked).
 * @return The queue of entry hash & (@p reta_size - 1).
 */
static inline uint16_t
fpk_thash_reta_queue(uint32_t hash, const uint16_t *reta, uint32_t reta_size)
{
	return reta[hash & (reta_size - 1)];
}

#ifdef __cplusplus
}
#endif

#endif /* FPK_THASH_H */
