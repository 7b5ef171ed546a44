/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cycle counter frequency as the x86 architecture states it: it does not,
 * reliably, so eal_tsc_init() measures it.
 */
#include "eal_private.h"

uint64_t
eal_arch_tsc_hz(void)
{
	/* CPUID's nominal TSC rate need not match the real one under
	 * virtualisation (and TCG): 0 asks for a measurement. */
	return 0;
}
