/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The cycle counter of x86 (the TSC), included by fpk_cycles.h (include
 * that).
 */
#ifndef FPK_ARCH_CYCLES_H
#define FPK_ARCH_CYCLES_H

#include "fpk_common.h"

#if !defined(__x86_64__) && !defined(__i386__)
#error "fpk_arch_cycles.h of x86 included in a build for another architecture"
#endif

/**
 * Read the CPU's cycle counter: RDTSC. Not serialising: it may be executed
 * before earlier instructions complete.
 *
 * @return The current counter value, in cycles of fpk_get_tsc_hz().
 */
static __fpk_always_inline uint64_t
fpk_rdtsc(void)
{
	return __builtin_ia32_rdtsc();
}

#endif /* FPK_ARCH_CYCLES_H */
