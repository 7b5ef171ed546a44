/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Cycle counter (the TSC on x86, CNTVCT_EL0 on arm64) and delays.
 *
 * The counter's frequency, fpk_get_tsc_hz(), is set once by fpk_eal_init():
 * on x86 measured against the monotonic clock rather than taken from
 * CPUID, which need not match the real rate under virtualisation; on arm64
 * read from CNTFRQ_EL0. fpk_rdtsc() comes from the architecture's
 * fpk_arch_cycles.h.
 */
#ifndef FPK_CYCLES_H
#define FPK_CYCLES_H

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#include "fpk_arch_cycles.h"

/**
 * Frequency of the cycle counter.
 *
 * @return Cycles per second as set by fpk_eal_init(); 0 until it has
 *   been set.
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
