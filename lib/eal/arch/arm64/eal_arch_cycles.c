/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cycle counter frequency on arm64: the generic timer publishes it in
 * CNTFRQ_EL0, which firmware sets and which a hypervisor passes through.
 */
#include "eal_private.h"

uint64_t
eal_arch_tsc_hz(void)
{
	uint64_t hz;

	/* Firmware that forgot to set it leaves 0: eal_tsc_init() then measures. */
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
	return hz;
}
