/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Memzones: named, aligned blocks of DMA-capable memory.
 *
 * Memzones are carved from the EAL memory segments (fpk_memory.h) and know
 * the DMA address of their first byte. Rings, mempools and descriptor
 * rings live in them. They can be reserved once fpk_eal_init() has
 * succeeded; fpk_eal_cleanup() releases those still reserved.
 */
#ifndef FPK_MEMZONE_H
#define FPK_MEMZONE_H

#include <stdio.h>

#include "fpk_common.h"
#include "fpk_lcore.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Size of a memzone name buffer, NUL included: names have at most 31 characters. */
#define FPK_MEMZONE_NAMESIZE 32
/** Most memzones that can be reserved at a time. */
#define FPK_MAX_MEMZONE 2560

/** Reservation flag: the zone must be contiguous in DMA address space (descriptor rings). */
#define FPK_MEMZONE_IOVA_CONTIG 0x1

/** A reserved memzone. Read-only for its users. */
struct fpk_memzone {
	char name[FPK_MEMZONE_NAMESIZE]; /**< its name */
	void *addr;        /**< first byte, aligned as asked (cache line at least) */
	fpk_iova_t iova;   /**< DMA address of the first byte */
	size_t len;        /**< bytes asked for */
	int socket_id;     /**< NUMA node of its memory */
	unsigned int flags; /**< flags given at reservation (FPK_MEMZONE_IOVA_CONTIG) */
};

/**
 * Reserve a memzone, cache-line aligned and zeroed.
 *
 * @param[in] name  Its name, unique among memzones: at most 31 characters.
 * @param len  Its length in bytes, not 0.
 * @param socket_id  NUMA node of the memory, or FPK_SOCKET_ID_ANY: the
 *                   calling lcore's node if it has room, else any node.
 * @param flags  0 or FPK_MEMZONE_IOVA_CONTIG.
 * @return The memzone, or NULL with fpk_errno set:
 *   - EINVAL: the EAL is not initialised, @p name is NULL, @p len is 0,
 *     @p flags has unknown bits, or @p socket_id is neither
 *     FPK_SOCKET_ID_ANY nor an existing node;
 *   - ENAMETOOLONG: @p name has FPK_MEMZONE_NAMESIZE characters or more;
 *   - EEXIST: a memzone of that name exists;
 *   - ENOSPC: the memzone table (FPK_MAX_MEMZONE) or the segment table is
 *     full;
 *   - ENOMEM: no memory (no free hugepages, or the `-m/--socket-mem`
 *     reservation is used up), or FPK_MEMZONE_IOVA_CONTIG could not be
 *     met; the log says which;
 *   - another errno from mapping new memory, from a segment event
 *     callback (fpk_mem_event_callback_register()) or from the IOVA
 *     resolver.
 */
const struct fpk_memzone *fpk_memzone_reserve(const char *name, size_t len,
					      int socket_id, unsigned int flags);

/**
 * Reserve a memzone with a given alignment; otherwise as
 * fpk_memzone_reserve().
 *
 * @param[in] name  Its name, unique among memzones: at most 31 characters.
 * @param len  Its length in bytes, not 0.
 * @param socket_id  NUMA node of the memory, or FPK_SOCKET_ID_ANY.
 * @param flags  0 or FPK_MEMZONE_IOVA_CONTIG.
 * @param align  Alignment of the first byte: a power of two (or 0);
 *               values below the cache line size give the cache line size.
 * @return The memzone, or NULL with fpk_errno set as by
 *   fpk_memzone_reserve(); EINVAL also if @p align is not a power of two.
 */
const struct fpk_memzone *fpk_memzone_reserve_aligned(const char *name, size_t len,
						      int socket_id, unsigned int flags,
						      size_t align);

/**
 * Find a memzone by name.
 *
 * @param[in] name  Its name.
 * @return The memzone, or NULL with fpk_errno set: EINVAL if @p name is
 *   NULL, ENOENT if no memzone has that name.
 */
const struct fpk_memzone *fpk_memzone_lookup(const char *name);

/**
 * Give a memzone back. Its memory returns to its segment; a segment left
 * empty is unmapped unless `-m/--socket-mem` reserved it at start.
 *
 * @param[in] mz  The memzone; nothing may use it any more.
 * @return 0, or -EINVAL if @p mz is NULL or not a live memzone.
 */
int fpk_memzone_free(const struct fpk_memzone *mz);

/**
 * Call a function for each live memzone, under the memzone lock.
 *
 * @param fn  The function, called with each memzone and @p arg. It must
 *            not reserve, free or look up memzones (the lock is not
 *            recursive).
 * @param arg  Its argument.
 */
void fpk_memzone_walk(void (*fn)(const struct fpk_memzone *mz, void *arg), void *arg);

/**
 * Print every live memzone: name, address, DMA address, length, node and
 * flags.
 *
 * @param[in] f  Stream to print to.
 */
void fpk_memzone_dump(FILE *f);

#ifdef __cplusplus
}
#endif

#endif /* FPK_MEMZONE_H */
