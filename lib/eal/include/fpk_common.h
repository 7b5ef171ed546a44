/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Small definitions every FPK library and application shares.
 *
 * Attributes, branch hints, array, alignment and power-of-two helpers,
 * pointer arithmetic, compile-time checks, the DMA address type, memory
 * barriers (through the architecture's fpk_arch_barrier.h) and the
 * thread-local fpk_errno. Every other FPK header includes
 * it, and through it fpk_build_config.h (the cache line size and the
 * static table sizes). Nothing here allocates or makes system calls.
 *
 * The macros evaluate their arguments as plain C macros do: FPK_MIN(),
 * FPK_MAX() and the alignment helpers evaluate some of them more than
 * once, so give them no argument with side effects.
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

/** Attribute: align a type or variable to a cache line (FPK_CACHE_LINE_SIZE). */
#define __fpk_cache_aligned __attribute__((aligned(FPK_CACHE_LINE_SIZE)))
/**
 * Attribute: align a type or variable to @p a bytes.
 *
 * @param a  The alignment in bytes, a power of two.
 */
#define __fpk_aligned(a)    __attribute__((aligned(a)))
/** Attribute: lay a structure out with no padding between its members. */
#define __fpk_packed        __attribute__((packed))
/** Function specifier: inline, and inlined even where the compiler would not. */
#define __fpk_always_inline inline __attribute__((always_inline))
/** Attribute: never inline the function. */
#define __fpk_noinline      __attribute__((noinline))
/** Attribute: the variable, parameter or function may be unused (no warning). */
#define __fpk_unused        __attribute__((unused))
/** Attribute: the function is seldom called (error paths): optimise it for size. */
#define __fpk_cold          __attribute__((cold))
/**
 * Attribute: the function takes a printf() format, so the compiler checks
 * its arguments against it.
 *
 * @param f  Position of the format parameter, from 1.
 * @param a  Position of the first argument the format consumes, or 0 for a
 *           va_list.
 */
#define __fpk_format_printf(f, a) __attribute__((format(printf, f, a)))

/**
 * Branch hint: @p x is expected to be true.
 *
 * @param x  A condition.
 * @return 1 if @p x is non-zero, else 0.
 */
#define fpk_likely(x)   __builtin_expect(!!(x), 1)
/**
 * Branch hint: @p x is expected to be false.
 *
 * @param x  A condition.
 * @return 1 if @p x is non-zero, else 0.
 */
#define fpk_unlikely(x) __builtin_expect(!!(x), 0)

/**
 * The smallest cache line size FPK is laid out for, in bytes. Structures
 * whose layout is fixed in 64-byte lines (struct fpk_mbuf) align to it
 * rather than to FPK_CACHE_LINE_SIZE.
 */
#define FPK_CACHE_LINE_MIN_SIZE 64
/**
 * Round a size up to a whole number of cache lines (FPK_CACHE_LINE_SIZE).
 *
 * @param size  A size in bytes.
 * @return The smallest multiple of FPK_CACHE_LINE_SIZE that is at least
 *   @p size (0 for 0).
 */
#define FPK_CACHE_LINE_ROUNDUP(size) \
	(FPK_CACHE_LINE_SIZE * (((size) + FPK_CACHE_LINE_SIZE - 1) / FPK_CACHE_LINE_SIZE))

/**
 * Number of elements of an array (not of a pointer).
 *
 * @param a  The array.
 */
#define FPK_DIM(a) (sizeof(a) / sizeof((a)[0]))
/**
 * The smaller of two values; each may be evaluated twice.
 *
 * @param a  A value.
 * @param b  Another value.
 */
#define FPK_MIN(a, b) ((a) < (b) ? (a) : (b))
/**
 * The larger of two values; each may be evaluated twice.
 *
 * @param a  A value.
 * @param b  Another value.
 */
#define FPK_MAX(a, b) ((a) > (b) ? (a) : (b))

/**
 * Round an unsigned integer up to a multiple of a power of two.
 *
 * @param v  The value; @p a is converted to its type.
 * @param a  The alignment, a power of two (not checked).
 * @return The smallest multiple of @p a that is at least @p v; @p v must
 *   leave room for it in its type.
 */
#define FPK_ALIGN_CEIL(v, a)  (((v) + ((__typeof__(v))(a) - 1)) & ~((__typeof__(v))(a) - 1))
/**
 * Round an unsigned integer down to a multiple of a power of two.
 *
 * @param v  The value; @p a is converted to its type.
 * @param a  The alignment, a power of two (not checked).
 * @return The largest multiple of @p a that is at most @p v.
 */
#define FPK_ALIGN_FLOOR(v, a) ((v) & ~((__typeof__(v))(a) - 1))
/**
 * Add a byte offset to a pointer of any type.
 *
 * @param p  The pointer.
 * @param n  The offset in bytes.
 * @return @p p plus @p n bytes, as a void pointer.
 */
#define FPK_PTR_ADD(p, n)   ((void *)((uintptr_t)(p) + (n)))
/**
 * Subtract a byte offset from a pointer of any type.
 *
 * @param p  The pointer.
 * @param n  The offset in bytes.
 * @return @p p minus @p n bytes, as a void pointer.
 */
#define FPK_PTR_SUB(p, n)   ((void *)((uintptr_t)(p) - (n)))
/**
 * Round a pointer up to an alignment.
 *
 * @param p  The pointer; the result has its type.
 * @param a  The alignment in bytes, a power of two (not checked).
 * @return The first address at or after @p p that is a multiple of @p a.
 */
#define FPK_PTR_ALIGN_CEIL(p, a) ((__typeof__(p))FPK_ALIGN_CEIL((uintptr_t)(p), (uintptr_t)(a)))

/** @cond INTERNAL */
/* Stringifies its argument as written; FPK_STR() expands it first. */
#define FPK_STR_(x) #x
/** @endcond */
/**
 * Turn the expansion of a macro into a string literal:
 * FPK_STR(FPK_MAX_LCORE) is "128" with the default configuration.
 *
 * @param x  The macro (or any tokens), expanded before being quoted.
 */
#define FPK_STR(x) FPK_STR_(x)

/*
 * Compile-time checks in the public headers: C++ has static_assert where
 * C11 has _Static_assert, and applications include these headers from both.
 */
#ifdef __cplusplus
#define FPK_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
/**
 * Fail the compilation if a constant expression is false, in C11 and in
 * C++ alike (_Static_assert or static_assert).
 *
 * @param cond  An integer constant expression that must be non-zero.
 * @param msg  A string literal, the compiler's message when it is 0.
 */
#define FPK_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

/**
 * Whether a number is a power of two.
 *
 * @param n  The number.
 * @return true if @p n is a power of two (1 included), false otherwise
 *   (0 included).
 */
static inline bool
fpk_is_power_of_2(uint64_t n)
{
	return n && !(n & (n - 1));
}

/**
 * Round a 32-bit number up to a power of two.
 *
 * @param x  The number.
 * @return The smallest power of two that is at least @p x; 0 for 0 and for
 *   values above 2^31, whose next power of two does not fit in 32 bits.
 */
static inline uint32_t
fpk_align32pow2(uint32_t x)
{
	if (x <= 1)
		return x;
	if (x > (UINT32_C(1) << 31))
		return 0;
	return UINT32_C(1) << (32 - __builtin_clz(x - 1));
}

/**
 * Round a 64-bit number up to a power of two.
 *
 * @param x  The number.
 * @return The smallest power of two that is at least @p x; 0 for 0 and for
 *   values above 2^63.
 */
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
/** A DMA address that is not known or does not exist (all ones). */
#define FPK_BAD_IOVA ((fpk_iova_t)-1)

/*
 * Barriers. CPU-to-CPU ordering is C11's (__atomic_* with acquire and
 * release, fpk_smp_mb()); ordering against a device, whose accesses C11
 * does not model, and the spin-wait hint come from the architecture's
 * fpk_arch_barrier.h (lib/eal/arch/<arch>/include): fpk_io_rmb(),
 * fpk_io_wmb(), fpk_dma_rmb(), fpk_pause().
 */
/** Compiler barrier: the compiler moves no memory access across it; the CPU may. */
#define fpk_compiler_barrier() __asm__ volatile("" : : : "memory")
/**
 * Full memory barrier between CPUs, for loads and stores (a sequentially
 * consistent fence); the one barrier x86 needs too, for a store followed
 * by a load.
 */
#define fpk_smp_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)

#include "fpk_arch_barrier.h"

/**
 * Prefetch the cache line holding an address into every cache level, for
 * reading. A hint only: it never faults, even on a bad address. The
 * compiler's builtin is the right instruction on each architecture
 * (PREFETCHT0 on x86, PRFM PLDL1KEEP on arm64).
 *
 * @param[in] p  The address.
 */
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
