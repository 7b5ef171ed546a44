/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Device barriers and the spin-wait hint for arm64, included by
 * fpk_common.h (include that).
 *
 * Arm orders memory accesses weakly, and a DMB only orders them for the
 * observers of the shareability domain it names. The C11 fences of
 * fpk_smp_mb() and of the atomics name the inner shareable domain (the
 * CPUs); a PCI device is an observer of the outer shareable domain, so
 * device ordering needs the OSH forms, as Linux's dma_rmb()/dma_wmb() and
 * the implicit barriers of readl()/writel() on arm64
 * (Documentation/memory-barriers.txt). A DMB, unlike a DSB, does not wait
 * for the accesses to complete: it is enough for a device that observes
 * the doorbell store to observe the descriptor stores before it.
 */
#ifndef FPK_ARCH_BARRIER_H
#define FPK_ARCH_BARRIER_H

/* fpk_common.h includes this header after the definitions it uses. */
#include "fpk_common.h"

#if !defined(__aarch64__)
#error "fpk_arch_barrier.h of arm64 included in a build for another architecture"
#endif

/**
 * I/O read barrier: memory loads after it (descriptors the device wrote)
 * are not done before the device register load ahead of it. DMB OSHLD:
 * earlier loads before later loads and stores, for outer shareable
 * observers (Linux's readl() barrier).
 */
#define fpk_io_rmb()  __asm__ volatile("dmb oshld" : : : "memory")
/**
 * I/O write barrier: memory stores ahead of it (descriptors) are visible
 * to a device before the register store after it (a doorbell). DMB OSHST:
 * earlier stores before later stores, Device memory included, for outer
 * shareable observers (Linux's writel() barrier).
 */
#define fpk_io_wmb()  __asm__ volatile("dmb oshst" : : : "memory")
/**
 * DMA read barrier: loads of memory a device writes (the rest of a
 * descriptor, the packet) are not done before the load ahead of it that
 * saw the device hand the memory over (a done bit). DMB OSHLD, as Linux's
 * dma_rmb(): the device is an outer shareable observer.
 */
#define fpk_dma_rmb() __asm__ volatile("dmb oshld" : : : "memory")

/**
 * Spin-wait hint for busy loops: YIELD, the architected hint that the core
 * is spinning (lets an SMT sibling or the hypervisor run).
 */
static __fpk_always_inline void
fpk_pause(void)
{
	__asm__ volatile("yield" : : : "memory");
}

#endif /* FPK_ARCH_BARRIER_H */
