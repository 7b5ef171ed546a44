/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memzones: named, aligned blocks of DMA-capable memory carved from the
 * EAL memory segments. Rings, mempools and descriptor rings live in them.
 */
#ifndef FPK_MEMZONE_H
#define FPK_MEMZONE_H

#include <stdio.h>

#include "fpk_common.h"
#include "fpk_lcore.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FPK_MEMZONE_NAMESIZE 32
#define FPK_MAX_MEMZONE 2560

/** The zone must be contiguous in DMA address space (descriptor rings). */
#define FPK_MEMZONE_IOVA_CONTIG 0x1

struct fpk_memzone {
	char name[FPK_MEMZONE_NAMESIZE];
	void *addr;        /**< first byte, aligned as asked (cache line at least) */
	fpk_iova_t iova;   /**< DMA address of the first byte */
	size_t len;
	int socket_id;
	unsigned int flags;
};

/**
 * Reserve @len bytes named @name on NUMA node @socket_id (FPK_SOCKET_ID_ANY:
 * the caller's node, else any), cache-line aligned and zeroed.
 * On failure NULL is returned and fpk_errno is set:
 *   EINVAL (bad argument or len 0), ENAMETOOLONG, EEXIST (name taken),
 *   ENOSPC (memzone table full), ENOMEM (no memory, or IOVA_CONTIG could not
 *   be met: the log says which).
 */
const struct fpk_memzone *fpk_memzone_reserve(const char *name, size_t len,
					      int socket_id, unsigned int flags);
/** As fpk_memzone_reserve() with alignment @align (a power of two). */
const struct fpk_memzone *fpk_memzone_reserve_aligned(const char *name, size_t len,
						      int socket_id, unsigned int flags,
						      size_t align);
/** Find a zone by name; NULL with fpk_errno ENOENT when absent. */
const struct fpk_memzone *fpk_memzone_lookup(const char *name);
/** Give a zone back. @return 0, or -EINVAL if @mz is not a live zone. */
int fpk_memzone_free(const struct fpk_memzone *mz);
/** Call @fn for each live zone. */
void fpk_memzone_walk(void (*fn)(const struct fpk_memzone *mz, void *arg), void *arg);
/** Print every zone. */
void fpk_memzone_dump(FILE *f);

#ifdef __cplusplus
}
#endif

#endif /* FPK_MEMZONE_H */
