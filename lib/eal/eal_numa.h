/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The libnuma calls the EAL makes (lcore nodes, memory policy), or, in a
 * build without libnuma (FPK_HAS_LIBNUMA 0, meson -Dnuma), stand-ins that
 * say NUMA is not available: callers then see one node, 0, and skip the
 * policy calls, as they do on a kernel without NUMA.
 */
#ifndef EAL_NUMA_H
#define EAL_NUMA_H

#include "fpk_common.h"

#if FPK_HAS_LIBNUMA
#include <numa.h>
#include <numaif.h>
#else
#include <errno.h>
#include <linux/mempolicy.h>

static inline int
numa_available(void)
{
	return -1;
}

static inline int
numa_max_node(void)
{
	return 0;
}

static inline int
numa_node_of_cpu(int cpu)
{
	(void)cpu;
	return 0;
}

static inline long
get_mempolicy(int *mode, unsigned long *nodemask, unsigned long maxnode, void *addr,
	      unsigned long flags)
{
	(void)mode, (void)nodemask, (void)maxnode, (void)addr, (void)flags;
	errno = ENOSYS;
	return -1;
}

static inline long
set_mempolicy(int mode, const unsigned long *nodemask, unsigned long maxnode)
{
	(void)mode, (void)nodemask, (void)maxnode;
	errno = ENOSYS;
	return -1;
}
#endif

#endif /* EAL_NUMA_H */
