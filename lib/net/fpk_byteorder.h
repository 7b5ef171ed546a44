/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Byte order: conversions between CPU order and the big-endian (network)
 * order of protocol headers, as DPDK's rte_byteorder.h spells them. The
 * constant forms (FPK_BE16() ...) fold at compile time for case labels and
 * static initialisers.
 */
#ifndef FPK_BYTEORDER_H
#define FPK_BYTEORDER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FPK_BSWAP16_C(x) ((uint16_t)((((uint16_t)(x) & 0x00ffU) << 8) | \
				     (((uint16_t)(x) & 0xff00U) >> 8)))
#define FPK_BSWAP32_C(x) ((uint32_t)((((uint32_t)(x) & 0x000000ffUL) << 24) | \
				     (((uint32_t)(x) & 0x0000ff00UL) << 8) |  \
				     (((uint32_t)(x) & 0x00ff0000UL) >> 8) |  \
				     (((uint32_t)(x) & 0xff000000UL) >> 24)))

static inline uint16_t fpk_bswap16(uint16_t x) { return __builtin_bswap16(x); }
static inline uint32_t fpk_bswap32(uint32_t x) { return __builtin_bswap32(x); }
static inline uint64_t fpk_bswap64(uint64_t x) { return __builtin_bswap64(x); }

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FPK_BE16(x) FPK_BSWAP16_C(x)
#define FPK_BE32(x) FPK_BSWAP32_C(x)
#define fpk_cpu_to_be_16(x) fpk_bswap16(x)
#define fpk_cpu_to_be_32(x) fpk_bswap32(x)
#define fpk_cpu_to_be_64(x) fpk_bswap64(x)
#define fpk_cpu_to_le_16(x) ((uint16_t)(x))
#define fpk_cpu_to_le_32(x) ((uint32_t)(x))
#define fpk_cpu_to_le_64(x) ((uint64_t)(x))
#elif __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FPK_BE16(x) ((uint16_t)(x))
#define FPK_BE32(x) ((uint32_t)(x))
#define fpk_cpu_to_be_16(x) ((uint16_t)(x))
#define fpk_cpu_to_be_32(x) ((uint32_t)(x))
#define fpk_cpu_to_be_64(x) ((uint64_t)(x))
#define fpk_cpu_to_le_16(x) fpk_bswap16(x)
#define fpk_cpu_to_le_32(x) fpk_bswap32(x)
#define fpk_cpu_to_le_64(x) fpk_bswap64(x)
#else
#error "unknown byte order"
#endif

/* Each conversion is its own inverse. */
#define fpk_be_to_cpu_16(x) fpk_cpu_to_be_16(x)
#define fpk_be_to_cpu_32(x) fpk_cpu_to_be_32(x)
#define fpk_be_to_cpu_64(x) fpk_cpu_to_be_64(x)
#define fpk_le_to_cpu_16(x) fpk_cpu_to_le_16(x)
#define fpk_le_to_cpu_32(x) fpk_cpu_to_le_32(x)
#define fpk_le_to_cpu_64(x) fpk_cpu_to_le_64(x)

#ifdef __cplusplus
}
#endif

#endif /* FPK_BYTEORDER_H */
