/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Device barriers and the spin-wait hint for x86, included by fpk_common.h
 * (include that).
 *
 * x86 is TSO: loads are not reordered with older loads, stores not with
 * older stores, and uncached MMIO accesses are ordered with write-back
 * memory accesses. Device ordering therefore only needs the compiler kept
 * from reordering; only a store followed by a load needs a real fence
 * (fpk_smp_mb()).
 */
#ifndef FPK_ARCH_BARRIER_H
#define FPK_ARCH_BARRIER_H

/* fpk_common.h includes this header after the definitions it uses. */
#include "fpk_common.h"

#if !defined(__x86_64__) && !defined(__i386__)
#error "fpk_arch_barrier.h of x86 included in a build for another architecture"
#endif

/**
 * I/O read barrier: memory loads after it (descriptors the device wrote)
 * are not done before the device register load ahead of it. A compiler
 * barrier: x86 keeps loads in order.
 */
#define fpk_io_rmb()  fpk_compiler_barrier()
/**
 * I/O write barrier: memory stores ahead of it (descriptors) are visible
 * to a device before the register store after it (a doorbell). A compiler
 * barrier: x86 keeps stores in order, uncached ones included.
 */
#define fpk_io_wmb()  fpk_compiler_barrier()
/**
 * DMA read barrier: loads of memory a device writes (the rest of a
 * descriptor, the packet) are not done before the load ahead of it that
 * saw the device hand the memory over (a done bit). A compiler barrier:
 * x86 keeps loads in order.
 */
#define fpk_dma_rmb() fpk_compiler_barrier()

/** Spin-wait hint for busy loops: PAUSE, which also frees the sibling hyperthread. */
static __fpk_always_inline void
fpk_pause(void)
{
	__builtin_ia32_pause();
}

#endif /* FPK_ARCH_BARRIER_H */
