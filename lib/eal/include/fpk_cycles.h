/* SPDX-License-Identifier: BSD-3-Clause */
/* Cycle counter (TSC) and delays. fpk_get_tsc_hz() is measured at init. */
#ifndef FPK_CYCLES_H
#define FPK_CYCLES_H

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

static __fpk_always_inline uint64_t
fpk_rdtsc(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return __builtin_ia32_rdtsc();
#else
#error "fpk_rdtsc: only x86 is supported so far"
#endif
}

/** Cycle counter frequency in Hz, measured by fpk_eal_init(). */
uint64_t fpk_get_tsc_hz(void);
/** Busy-wait @us microseconds on the cycle counter. */
void fpk_delay_us(unsigned int us);
/** Sleep @ms milliseconds (gives the CPU away). */
void fpk_delay_ms_sleep(unsigned int ms);

#ifdef __cplusplus
}
#endif

#endif /* FPK_CYCLES_H */
