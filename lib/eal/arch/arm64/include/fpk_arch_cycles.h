/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The cycle counter of arm64 (the generic timer's virtual count), included
 * by fpk_cycles.h (include that).
 */
#ifndef FPK_ARCH_CYCLES_H
#define FPK_ARCH_CYCLES_H

#include "fpk_common.h"

#if !defined(__aarch64__)
#error "fpk_arch_cycles.h of arm64 included in a build for another architecture"
#endif

/**
 * Read the CPU's cycle counter: CNTVCT_EL0, the virtual count of the
 * generic timer, which user space may read and which ticks at a constant
 * rate (CNTFRQ_EL0, often far below the CPU clock) on every core. Not
 * serialising (no ISB): it may be read before earlier instructions
 * complete, as RDTSC on x86.
 *
 * @return The current counter value, in cycles of fpk_get_tsc_hz().
 */
static __fpk_always_inline uint64_t
fpk_rdtsc(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

#endif /* FPK_ARCH_CYCLES_H */
