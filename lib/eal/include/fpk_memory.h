/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Memory segments and the DMA addresses of their pages.
 *
 * A segment is one virtually contiguous mapping made of pages of one size
 * (2 MiB or 1 GiB hugepages, or 4 KiB pages with `--no-huge`) on one NUMA
 * node. For every page the segment table holds the address a device must
 * be given for it (its DMA address, "IOVA"). Where that address comes from
 * is pluggable (fpk_mem_set_iova_resolver()):
 *
 * - "va": IOVA = VA (an IOMMU, or no device at all);
 * - "pagemap": the physical address read from /proc/self/pagemap (needs
 *   CAP_SYS_ADMIN; pages are not pinned);
 * - a resolver a bus driver installs, e.g. the PCI bus asking the kernel
 *   with IOMMU_IOAS_NOIOMMU_GET_PA for pinned pages.
 *
 * Bus drivers subscribe to segment allocation and release
 * (fpk_mem_event_callback_register()) so they can map memory for DMA
 * before any of it is handed out, and unmap it only after the last user is
 * gone. Applications normally use memzones (fpk_memzone.h), mempools and
 * mbufs, which carve their memory from the segments.
 */
#ifndef FPK_MEMORY_H
#define FPK_MEMORY_H

#include <stdio.h>

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FPK_PGSIZE_4K (UINT64_C(1) << 12) /**< 4 KiB, the base page size */
#define FPK_PGSIZE_2M (UINT64_C(1) << 21) /**< 2 MiB hugepage */
#define FPK_PGSIZE_1G (UINT64_C(1) << 30) /**< 1 GiB hugepage */

/** Segment flag (fpk_memseg::flags): hugepage backed (DMA-safe when pinned). */
#define FPK_MEMSEG_F_HUGE 0x1

/** A memory segment, as the segment table describes it. */
struct fpk_memseg {
	unsigned int id;        /**< index in the table, stable while it lives */
	uint32_t flags;         /**< FPK_MEMSEG_F_* */
	void *addr;             /**< first byte */
	size_t len;             /**< bytes, a multiple of page_sz */
	size_t page_sz;         /**< page size backing it */
	int socket_id;          /**< NUMA node of its pages */
	unsigned int nb_pages;  /**< len / page_sz */
	fpk_iova_t *iova;       /**< DMA address of each page, FPK_BAD_IOVA if unknown */
};

/**
 * DMA address of a byte of EAL memory. Slow path: a search of the segment
 * table under a lock; mempools and mbufs record their objects' addresses
 * once instead.
 *
 * @param[in] va  Any address.
 * @return The DMA address of the byte at @p va, or FPK_BAD_IOVA when
 *   @p va is in no segment or its page has no known DMA address.
 */
fpk_iova_t fpk_mem_virt2iova(const void *va);

/**
 * The segment holding an address.
 *
 * @param[in] va  Any address.
 * @return The segment, or NULL when @p va is in no segment.
 */
const struct fpk_memseg *fpk_mem_virt2memseg(const void *va);

/**
 * Length of the DMA-contiguous run starting at an address: the bytes from
 * @p va on whose DMA addresses follow each other without a jump, within
 * @p va's segment.
 *
 * @param[in] va  Start of the run.
 * @param max  Largest length of interest.
 * @return The run's length in bytes, at most @p max; 0 when @p va is in no
 *   segment or has no DMA address.
 */
size_t fpk_mem_iova_contig_len(const void *va, size_t max);

/**
 * The file behind a byte of EAL memory, to share that memory with another
 * process (pass the descriptor over a unix socket; the peer maps it from
 * offset 0 to see the whole segment). A hugepage segment is one file: a
 * memfd sealed against shrinking, or an unlinked file in --huge-dir (which
 * cannot be sealed). Memory of `--no-huge` is anonymous and has none.
 *
 * @param[in] va  Any address.
 * @param[out] offset  If not NULL: @p va's offset in the file (and in its
 *   segment, which maps the file from its start).
 * @return The descriptor, owned by the EAL and open while the segment
 *   lives (dup() it to keep it longer; never close it); -ENOENT when
 *   @p va is in no segment; -ENOTSUP when its segment has no file
 *   (`--no-huge`).
 */
int fpk_memseg_fd_get(const void *va, size_t *offset);

/**
 * Callback of fpk_memseg_walk().
 *
 * @param[in] ms  A live segment.
 * @param arg  The argument given to fpk_memseg_walk().
 * @return 0 to go on; anything else stops the walk and is returned by it.
 */
typedef int (*fpk_memseg_walk_t)(const struct fpk_memseg *ms, void *arg);

/**
 * Call a function for each live segment in id order, under the segment
 * table's lock (a recursive one: @p fn may look addresses up).
 *
 * @param fn  The function.
 * @param arg  Its argument.
 * @return 0 after a full walk, or the first non-zero value @p fn returned.
 */
int fpk_memseg_walk(fpk_memseg_walk_t fn, void *arg);

/** How DMA addresses are being produced. */
enum fpk_iova_mode {
	FPK_IOVA_DC = 0, /**< not decided yet ("don't care") */
	FPK_IOVA_PA = 1, /**< physical addresses */
	FPK_IOVA_VA = 2, /**< IOVA = virtual address */
};

/**
 * An IOVA resolver: finds the DMA address of each page of a segment.
 *
 * @param[in] ms  The segment.
 * @param[out] iova  Array of ms->nb_pages entries to fill, in page order.
 * @param arg  The argument given to fpk_mem_set_iova_resolver().
 * @return 0, or a negative errno (the segment is then unusable for DMA).
 */
typedef int (*fpk_iova_resolver_t)(const struct fpk_memseg *ms, fpk_iova_t *iova, void *arg);

/**
 * Install the resolver DMA addresses come from from now on, and re-resolve
 * every live segment with it (memzones' DMA addresses are updated too).
 * Bus drivers call this when they take over DMA mapping (the PCI bus in
 * noiommu mode installs GET_PA). Existing mempools keep the addresses they
 * recorded.
 *
 * @param[in] name  Name for fpk_mem_iova_resolver_name() and the log. The
 *                  pointer is kept, not the text: pass a string literal.
 * @param mode  The mode fpk_eal_iova_mode() reports from now on.
 * @param fn  The resolver.
 * @param arg  Its argument.
 * @return 0; -EINVAL if @p name or @p fn is NULL; -ENOMEM; or the first
 *   error @p fn returned. On error the previous resolver stays in place
 *   and nothing changes.
 */
int fpk_mem_set_iova_resolver(const char *name, enum fpk_iova_mode mode,
			      fpk_iova_resolver_t fn, void *arg);

/**
 * Name of the resolver in use.
 *
 * @return "va", "pagemap" or the name a bus installed it under.
 */
const char *fpk_mem_iova_resolver_name(void);

/**
 * Built-in resolver "va": each page's DMA address is its virtual address.
 *
 * @param[in] ms  The segment.
 * @param[out] iova  ms->nb_pages entries to fill.
 * @param arg  Unused.
 * @return 0.
 */
int fpk_mem_resolve_va(const struct fpk_memseg *ms, fpk_iova_t *iova, void *arg);

/**
 * Built-in resolver "pagemap": each page's physical address from
 * /proc/self/pagemap. The kernel shows physical addresses only to
 * CAP_SYS_ADMIN, and nothing pins the pages.
 *
 * @param[in] ms  The segment.
 * @param[out] iova  ms->nb_pages entries to fill.
 * @param arg  NULL for /proc/self/pagemap, or the path of a file laid out
 *   like it (tests use a made-up one to know the answer).
 * @return 0; the negative errno of opening /proc/self/pagemap; -EIO if it
 *   cannot be read; -EPERM if a page is not present or its physical
 *   address is hidden (no CAP_SYS_ADMIN).
 */
int fpk_mem_resolve_pagemap(const struct fpk_memseg *ms, fpk_iova_t *iova, void *arg);

/** A segment event (fpk_mem_event_callback_register()). */
enum fpk_mem_event {
	FPK_MEM_EVENT_ALLOC, /**< segment mapped; not yet resolved or used */
	FPK_MEM_EVENT_FREE,  /**< segment about to be unmapped; no user left */
};

/**
 * A segment event callback. It is called on every segment allocation
 * (before the segment's DMA addresses are resolved, so a bus can map and
 * pin it first), subscribers in registration order, and on every release
 * (before munmap), in reverse order.
 *
 * @param ev  What happens to the segment.
 * @param[in] ms  The segment.
 * @param arg  The argument given at registration.
 * @return 0, or a negative errno. An error from an ALLOC callback fails the
 *   allocation (the subscribers already told get a FREE event); FREE
 *   errors are logged.
 */
typedef int (*fpk_mem_event_cb_t)(enum fpk_mem_event ev, const struct fpk_memseg *ms,
				  void *arg);

/**
 * Subscribe to segment events. Segments already alive are NOT replayed:
 * walk them with fpk_memseg_walk() after registering. Subscriptions end at
 * fpk_eal_cleanup().
 *
 * @param[in] name  Subscriber name for the log, at most 31 characters
 *                  (copied).
 * @param cb  The callback.
 * @param arg  Its argument; (@p name, @p arg) identifies the subscription.
 * @return 0; -EINVAL if @p name or @p cb is NULL or @p name is too long;
 *   -EEXIST if (@p name, @p arg) is registered; -ENOMEM if 16 callbacks
 *   are registered already.
 */
int fpk_mem_event_callback_register(const char *name, fpk_mem_event_cb_t cb, void *arg);

/**
 * Unsubscribe from segment events.
 *
 * @param[in] name  The name given at registration.
 * @param arg  The argument given at registration.
 * @return 0; -EINVAL if @p name is NULL; -ENOENT if (@p name, @p arg) is
 *   not registered.
 */
int fpk_mem_event_callback_unregister(const char *name, void *arg);

/**
 * Size of EAL memory.
 *
 * @return Bytes in all live segments.
 */
size_t fpk_mem_total(void);

/**
 * Print the segment table: each segment's address, size, page size, node,
 * bytes in use and first DMA address.
 *
 * @param[in] f  Stream to print to.
 */
void fpk_mem_dump(FILE *f);

#ifdef __cplusplus
}
#endif

#endif /* FPK_MEMORY_H */
