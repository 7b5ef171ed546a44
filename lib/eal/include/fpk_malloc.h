/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Zeroed allocations from the EAL's memory (hugepages, or ordinary pages
 * under `--no-huge`) on a chosen NUMA node, for what the fast path touches:
 * queue structures, software rings, a port's private data. Unlike
 * malloc(), the memory is on the node of the lcore that polls it, and it
 * lives in the segments the EAL maps for DMA. Slow path only: each call
 * takes the EAL memory lock.
 */
#ifndef FPK_MALLOC_H
#define FPK_MALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Allocate @p size zeroed bytes on NUMA node @p socket.
 *
 * @param type    what the memory is for, named in the error log (may be NULL)
 * @param size    bytes, not 0
 * @param align   alignment, a power of two or 0; at least a cache line is
 *                always given
 * @param socket  a NUMA node, or FPK_SOCKET_ID_ANY: the calling lcore's
 *                node if it has room, else any node
 * @return the memory, to be released with fpk_free(); or NULL with
 *         fpk_errno set: EINVAL (the EAL is not initialised, @p size is 0,
 *         @p align is not a power of two, or @p socket does not exist),
 *         ENOMEM (no memory left; the log says why and what to reserve).
 */
void *fpk_zmalloc_socket(const char *type, size_t size, unsigned int align, int socket);

/**
 * fpk_zmalloc_socket() on FPK_SOCKET_ID_ANY.
 *
 * @param type   as for fpk_zmalloc_socket()
 * @param size   as for fpk_zmalloc_socket()
 * @param align  as for fpk_zmalloc_socket()
 * @return as fpk_zmalloc_socket().
 */
void *fpk_zmalloc(const char *type, size_t size, unsigned int align);

/**
 * Release memory from fpk_zmalloc_socket() or fpk_zmalloc(). NULL is
 * ignored.
 *
 * @param ptr  the pointer they returned
 */
void fpk_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* FPK_MALLOC_H */
