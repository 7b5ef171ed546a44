/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory segment table. A segment is one virtually contiguous mapping
 * made of pages of one size (2 MiB or 1 GiB hugepages, or 4 KiB pages with
 * --no-huge) on one NUMA node. For every page the table holds the address
 * a device must be given for it (its DMA address, "IOVA"). Where that
 * address comes from is pluggable:
 *
 *   va        IOVA = VA (an IOMMU, or no device at all)
 *   pagemap   physical address read from /proc/self/pagemap (needs
 *             CAP_SYS_ADMIN; pages are not pinned)
 *   <bus>     a resolver a bus driver installs, e.g. the PCI bus asking the
 *             kernel with IOMMU_IOAS_NOIOMMU_GET_PA for pinned pages
 *
 * Bus drivers subscribe to segment allocation and release so they can map
 * memory for DMA before any of it is handed out, and unmap it only after
 * the last user is gone.
 */
#ifndef FPK_MEMORY_H
#define FPK_MEMORY_H

#include <stdio.h>

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FPK_PGSIZE_4K (UINT64_C(1) << 12)
#define FPK_PGSIZE_2M (UINT64_C(1) << 21)
#define FPK_PGSIZE_1G (UINT64_C(1) << 30)

/** Segment flags. */
#define FPK_MEMSEG_F_HUGE 0x1  /**< hugepage backed (DMA-safe when pinned) */

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
 * DMA address of the byte at @va, or FPK_BAD_IOVA when @va is in no segment
 * or its page has no known DMA address. Slow path (a table search).
 */
fpk_iova_t fpk_mem_virt2iova(const void *va);
/** The segment holding @va, or NULL. */
const struct fpk_memseg *fpk_mem_virt2memseg(const void *va);
/**
 * Length of the run starting at @va whose DMA addresses are contiguous,
 * capped at @max. 0 when @va is in no segment or has no DMA address.
 */
size_t fpk_mem_iova_contig_len(const void *va, size_t max);

typedef int (*fpk_memseg_walk_t)(const struct fpk_memseg *ms, void *arg);
/**
 * Call @fn for each live segment in id order; stops at the first non-zero
 * return and returns it. 0 after a full walk.
 */
int fpk_memseg_walk(fpk_memseg_walk_t fn, void *arg);

/** How DMA addresses are being produced. */
enum fpk_iova_mode {
	FPK_IOVA_DC = 0, /**< not decided yet */
	FPK_IOVA_PA = 1, /**< physical addresses */
	FPK_IOVA_VA = 2, /**< IOVA = virtual address */
};

/**
 * Fill @iova[0 .. ms->nb_pages-1] with the DMA address of each page of @ms.
 * @return 0, or a negative errno (the segment is then unusable for DMA).
 */
typedef int (*fpk_iova_resolver_t)(const struct fpk_memseg *ms, fpk_iova_t *iova, void *arg);

/**
 * Install the resolver DMA addresses come from from now on, and re-resolve
 * every live segment with it. Bus drivers call this when they take over
 * DMA mapping (the PCI bus in noiommu mode installs GET_PA).
 * @return 0; -EINVAL on NULL arguments; or the first resolver error, in
 *   which case the previous resolver stays in place and nothing changes.
 */
int fpk_mem_set_iova_resolver(const char *name, enum fpk_iova_mode mode,
			      fpk_iova_resolver_t fn, void *arg);
/** Name of the resolver in use ("va", "pagemap" or a bus's name). */
const char *fpk_mem_iova_resolver_name(void);

/** Built-in resolvers, for buses that choose one explicitly. */
int fpk_mem_resolve_va(const struct fpk_memseg *ms, fpk_iova_t *iova, void *arg);
int fpk_mem_resolve_pagemap(const struct fpk_memseg *ms, fpk_iova_t *iova, void *arg);

enum fpk_mem_event {
	FPK_MEM_EVENT_ALLOC, /**< segment mapped; not yet resolved or used */
	FPK_MEM_EVENT_FREE,  /**< segment about to be unmapped; no user left */
};

/**
 * Called on every segment allocation (before its DMA addresses are resolved,
 * so a bus can map and pin it first) and release (before munmap). An error
 * from an ALLOC callback fails the allocation; FREE errors are logged.
 */
typedef int (*fpk_mem_event_cb_t)(enum fpk_mem_event ev, const struct fpk_memseg *ms,
				  void *arg);

/**
 * Subscribe to segment events. Segments already alive are NOT replayed;
 * walk them with fpk_memseg_walk() after registering.
 * @return 0, -EEXIST if (@name, @arg) is registered, -ENOMEM.
 */
int fpk_mem_event_callback_register(const char *name, fpk_mem_event_cb_t cb, void *arg);
/** @return 0, or -ENOENT. */
int fpk_mem_event_callback_unregister(const char *name, void *arg);

/** Bytes in all live segments. */
size_t fpk_mem_total(void);
/** Print the segment table. */
void fpk_mem_dump(FILE *f);

#ifdef __cplusplus
}
#endif

#endif /* FPK_MEMORY_H */
