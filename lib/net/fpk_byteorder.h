/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Byte-order conversions.
 *
 * Conversions between CPU order and the big-endian (network) order of
 * protocol headers, or the little-endian order of PCI devices, as DPDK's
 * rte_byteorder.h spells them. The constant forms (FPK_BE16() ...) fold at
 * compile time for case labels and static initialisers. The conversion
 * macros are documented as they are defined on a little-endian CPU.
 */
#ifndef FPK_BYTEORDER_H
#define FPK_BYTEORDER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Swap the bytes of a 16-bit constant, at compile time.
 *
 * @param x  The value.
 */
#define FPK_BSWAP16_C(x) ((uint16_t)((((uint16_t)(x) & 0x00ffU) << 8) | \
				     (((uint16_t)(x) & 0xff00U) >> 8)))
/**
 * Swap the bytes of a 32-bit constant, at compile time.
 *
 * @param x  The value.
 */
#define FPK_BSWAP32_C(x) ((uint32_t)((((uint32_t)(x) & 0x000000ffUL) << 24) | \
				     (((uint32_t)(x) & 0x0000ff00UL) << 8) |  \
				     (((uint32_t)(x) & 0x00ff0000UL) >> 8) |  \
				     (((uint32_t)(x) & 0xff000000UL) >> 24)))

/**
 * Swap the bytes of a 16-bit value.
 *
 * @param x  The value.
 * @return @p x with its two bytes swapped.
 */
static inline uint16_t fpk_bswap16(uint16_t x) { return __builtin_bswap16(x); }
/**
 * Swap the bytes of a 32-bit value.
 *
 * @param x  The value.
 * @return @p x with its bytes in reverse order.
 */
static inline uint32_t fpk_bswap32(uint32_t x) { return __builtin_bswap32(x); }
/**
 * Swap the bytes of a 64-bit value.
 *
 * @param x  The value.
 * @return @p x with its bytes in reverse order.
 */
static inline uint64_t fpk_bswap64(uint64_t x) { return __builtin_bswap64(x); }

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/**
 * A 16-bit constant in big-endian order, at compile time.
 *
 * @param x  The value in CPU order.
 */
#define FPK_BE16(x) FPK_BSWAP16_C(x)
/**
 * A 32-bit constant in big-endian order, at compile time.
 *
 * @param x  The value in CPU order.
 */
#define FPK_BE32(x) FPK_BSWAP32_C(x)
/**
 * Convert a 16-bit value from CPU to big-endian order.
 *
 * @param x  The value.
 */
#define fpk_cpu_to_be_16(x) fpk_bswap16(x)
/**
 * Convert a 32-bit value from CPU to big-endian order.
 *
 * @param x  The value.
 */
#define fpk_cpu_to_be_32(x) fpk_bswap32(x)
/**
 * Convert a 64-bit value from CPU to big-endian order.
 *
 * @param x  The value.
 */
#define fpk_cpu_to_be_64(x) fpk_bswap64(x)
/**
 * Convert a 16-bit value from CPU to little-endian order.
 *
 * @param x  The value.
 */
#define fpk_cpu_to_le_16(x) ((uint16_t)(x))
/**
 * Convert a 32-bit value from CPU to little-endian order.
 *
 * @param x  The value.
 */
#define fpk_cpu_to_le_32(x) ((uint32_t)(x))
/**
 * Convert a 64-bit value from CPU to little-endian order.
 *
 * @param x  The value.
 */
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
/**
 * Convert a 16-bit value from big-endian to CPU order.
 *
 * @param x  The value.
 */
#define fpk_be_to_cpu_16(x) fpk_cpu_to_be_16(x)
/**
 * Convert a 32-bit value from big-endian to CPU order.
 *
 * @param x  The value.
 */
#define fpk_be_to_cpu_32(x) fpk_cpu_to_be_32(x)
/**
 * Convert a 64-bit value from big-endian to CPU order.
 *
 * @param x  The value.
 */
#define fpk_be_to_cpu_64(x) fpk_cpu_to_be_64(x)
/**
 * Convert a 16-bit value from little-endian to CPU order.
 *
 * @param x  The value.
 */
#define fpk_le_to_cpu_16(x) fpk_cpu_to_le_16(x)
/**
 * Convert a 32-bit value from little-endian to CPU order.
 *
 * @param x  The value.
 */
#define fpk_le_to_cpu_32(x) fpk_cpu_to_le_32(x)
/**
 * Convert a 64-bit value from little-endian to CPU order.
 *
 * @param x  The value.
 */
#define fpk_le_to_cpu_64(x) fpk_cpu_to_le_64(x)

#ifdef __cplusplus
}
#endif

#endif /* FPK_BYTEORDER_H */
