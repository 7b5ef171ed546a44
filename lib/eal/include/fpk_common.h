/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Small definitions every FPK library and application shares: attributes,
 * alignment and power-of-two helpers, memory barriers, the thread-local
 * fpk_errno. Nothing here allocates or makes system calls.
 */
#ifndef FPK_COMMON_H
#define FPK_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fpk_build_config.h"

#ifdef __cplusplus
extern "C" {
#endif

#define __fpk_cache_aligned __attribute__((aligned(FPK_CACHE_LINE_SIZE)))
#define __fpk_aligned(a)    __attribute__((aligned(a)))
#define __fpk_packed        __attribute__((packed))
#define __fpk_always_inline inline __attribute__((always_inline))
#define __fpk_noinline      __attribute__((noinline))
#define __fpk_unused        __attribute__((unused))
#define __fpk_cold          __attribute__((cold))
#define __fpk_format_printf(f, a) __attribute__((format(printf, f, a)))

#define fpk_likely(x)   __builtin_expect(!!(x), 1)
#define fpk_unlikely(x) __builtin_expect(!!(x), 0)

/** Pad a structure member to its own cache line. */
#define FPK_CACHE_LINE_MIN_SIZE 64
#define FPK_CACHE_LINE_ROUNDUP(size) \
	(FPK_CACHE_LINE_SIZE * (((size) + FPK_CACHE_LINE_SIZE - 1) / FPK_CACHE_LINE_SIZE))

#define FPK_DIM(a) (sizeof(a) / sizeof((a)[0]))
#define FPK_MIN(a, b) ((a) < (b) ? (a) : (b))
#define FPK_MAX(a, b) ((a) > (b) ? (a) : (b))

/** Round @v up/down to a multiple of @a, which must be a power of two. */
#define FPK_ALIGN_CEIL(v, a)  (((v) + ((__typeof__(v))(a) - 1)) & ~((__typeof__(v))(a) - 1))
#define FPK_ALIGN_FLOOR(v, a) ((v) & ~((__typeof__(v))(a) - 1))
#define FPK_PTR_ADD(p, n)   ((void *)((uintptr_t)(p) + (n)))
#define FPK_PTR_SUB(p, n)   ((void *)((uintptr_t)(p) - (n)))
#define FPK_PTR_ALIGN_CEIL(p, a) ((__typeof__(p))FPK_ALIGN_CEIL((uintptr_t)(p), (uintptr_t)(a)))

#define FPK_STR_(x) #x
#define FPK_STR(x) FPK_STR_(x)

/*
 * Compile-time checks in the public headers: C++ has static_assert where
 * C11 has _Static_assert, and applications include these headers from both.
 */
#ifdef __cplusplus
#define FPK_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define FPK_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

static inline bool
fpk_is_power_of_2(uint64_t n)
{
	return n && !(n & (n - 1));
}

/** Smallest power of two >= @x (0 for 0 or for values above 2^31). */
static inline uint32_t
fpk_align32pow2(uint32_t x)
{
	if (x <= 1)
		return x;
	if (x > (UINT32_C(1) << 31))
		return 0;
	return UINT32_C(1) << (32 - __builtin_clz(x - 1));
}

static inline uint64_t
fpk_align64pow2(uint64_t x)
{
	if (x <= 1)
		return x;
	if (x > (UINT64_C(1) << 63))
		return 0;
	return UINT64_C(1) << (64 - __builtin_clzll(x - 1));
}

/** A DMA address as a device sees it: a physical address or an IOVA. */
typedef uint64_t fpk_iova_t;
#define FPK_BAD_IOVA ((fpk_iova_t)-1)

/*
 * Barriers. The I/O write barrier orders stores to memory (descriptors)
 * before the MMIO store (tail doorbell) that tells the device to read them;
 * on x86 the uncached MMIO store is already ordered after earlier stores.
 */
#define fpk_compiler_barrier() __asm__ volatile("" : : : "memory")
#define fpk_smp_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#if defined(__x86_64__) || defined(__i386__)
#define fpk_io_rmb()  fpk_compiler_barrier()
#define fpk_io_wmb()  fpk_compiler_barrier()
static __fpk_always_inline void fpk_pause(void) { __builtin_ia32_pause(); }
#else
#define fpk_io_rmb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define fpk_io_wmb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
static __fpk_always_inline void fpk_pause(void) { fpk_compiler_barrier(); }
#endif

static __fpk_always_inline void
fpk_prefetch0(const volatile void *p)
{
	__builtin_prefetch((const void *)p, 0, 3);
}

/**
 * Per-thread error number set by FPK functions that return NULL or a
 * count rather than a negative errno. Values are positive errno codes.
 */
extern __thread int fpk_errno;

#ifdef __cplusplus
}
#endif

#endif /* FPK_COMMON_H */
