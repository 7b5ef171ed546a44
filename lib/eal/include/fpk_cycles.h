/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Cycle counter (TSC) and delays.
 *
 * The counter's frequency, fpk_get_tsc_hz(), is measured once by
 * fpk_eal_init() against the monotonic clock rather than taken from CPUID,
 * which need not match the real rate under virtualisation.
 */
#ifndef FPK_CYCLES_H
#define FPK_CYCLES_H

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Read the CPU's cycle counter (RDTSC; x86 only). Not serialising: it may
 * be executed before earlier instructions complete.
 *
 * @return The current counter value, in cycles of fpk_get_tsc_hz().
 */
static __fpk_always_inline uint64_t
fpk_rdtsc(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return __builtin_ia32_rdtsc();
#else
#error "fpk_rdtsc: only x86 is supported so far"
#endif
}

/**
 * Frequency of the cycle counter.
 *
 * @return Cycles per second as measured by fpk_eal_init(); 0 until it
 *   has been measured.
 */
uint64_t fpk_get_tsc_hz(void);

/**
 * Busy-wait on the cycle counter, keeping the CPU. Returns at once while
 * fpk_get_tsc_hz() is still 0.
 *
 * @param us  Microseconds to wait.
 */
void fpk_delay_us(unsigned int us);

/**
 * Nanoseconds on a clock that only moves forward and that NTP does not
 * slew (CLOCK_MONOTONIC_RAW), for timing intervals on the slow path
 * (statistics rates, timeouts). Works before fpk_eal_init().
 *
 * @return Nanoseconds since an arbitrary fixed point (boot).
 */
uint64_t fpk_get_time_ns(void);

/**
 * Sleep, giving the CPU away; a signal does not cut the sleep short.
 *
 * @param ms  Milliseconds to sleep.
 */
void fpk_delay_ms_sleep(unsigned int ms);

#ifdef __cplusplus
}
#endif

#endif /* FPK_CYCLES_H */
