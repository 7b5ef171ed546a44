/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DMA mapping: making the EAL's memory usable by the devices of the VFIO
 * context (pci_vfio_ctx.c) and giving the EAL their DMA addresses.
 *
 *   noiommu cdev  every memory segment is mapped into the IOAS at IOVA = VA
 *                 (IOVAs are only tokens without an IOMMU), which pins it;
 *                 the physical addresses come from IOMMU_IOAS_NOIOMMU_GET_PA.
 *   IOMMU cdev    the same mapping; the IOMMU translates, so IOVA = VA.
 *   legacy group  nothing is mapped or pinned; physical addresses come from
 *                 /proc/self/pagemap.
 *
 * Memory added or released later follows through the EAL's memory events
 * (ALLOC: map, FREE: unmap). The mapping table is only touched from those
 * events and from segment walks, which both run under the EAL memory lock.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "fpk_eal.h"
#include "pci_private.h"
#include "pci_vfio_uapi.h"

#define MEM_CB_NAME "pci-dma"

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* ----------------------------------------------------------- memory maps */

/* IOAS_MAP (or an attach that pins) hit RLIMIT_MEMLOCK: say by how much. */
void
pci_dma_log_memlock(size_t len)
{
	struct rlimit rl = { 0, 0 };
	char cur[32] = "unlimited";
	size_t need_kb = (pci_ctx.mapped + len) >> 10;

	getrlimit(RLIMIT_MEMLOCK, &rl);
	if (rl.rlim_cur != RLIM_INFINITY)
		snprintf(cur, sizeof(cur), "%llu KiB", (unsigned long long)rl.rlim_cur >> 10);
	PCI_LOG(ERR, "cannot pin DMA memory (%zu MiB more, %zu MiB pinned already): over "
		"RLIMIT_MEMLOCK (%s), which counts all memory this user has locked: raise it "
		"to at least %zu KiB for FPK alone (ulimit -l %zu; LimitMEMLOCK= for a service; "
		"/etc/security/limits.conf) or give the process CAP_IPC_LOCK\n", len >> 20,
		pci_ctx.mapped >> 20, cur, need_kb, need_kb);
}

static int
find_map(uintptr_t va)
{
	for (unsigned int i = 0; i < pci_ctx.nmaps; i++)
		if (pci_ctx.maps[i].va == va)
			return (int)i;
	return -1;
}

static int
map_seg(const struct fpk_memseg *ms)
{
	struct fpk_iommu_ioas_map m = {
		.size = sizeof(m),
		.flags = FPK_IOMMU_IOAS_MAP_FIXED_IOVA | FPK_IOMMU_IOAS_MAP_READABLE |
			 FPK_IOMMU_IOAS_MAP_WRITEABLE,
		.ioas_id = pci_ctx.ioas_id,
		.user_va = (uintptr_t)ms->addr,
		.length = ms->len,
		.iova = (uintptr_t)ms->addr,
	};
	int err;

	if (find_map((uintptr_t)ms->addr) >= 0)
		return 0;
	if (pci_ctx.nmaps == pci_ctx.maps_cap) {
		unsigned int cap = pci_ctx.maps_cap ? 2 * pci_ctx.maps_cap : 16;
		struct pci_dma_map *n = realloc(pci_ctx.maps, cap * sizeof(*n));

		if (n == NULL)
			return -ENOMEM;
		pci_ctx.maps = n;
		pci_ctx.maps_cap = cap;
	}
	if (pci_env.sys->ioctl(pci_ctx.iommufd, FPK_IOMMU_IOAS_MAP, &m)) {
		err = errno;
		if (err == ENOMEM)
			pci_dma_log_memlock(ms->len);
		else
			PCI_LOG(ERR, "IOMMU_IOAS_MAP of segment %u (%zu MiB at %p) failed: %s "
				"(see dmesg)\n",
				ms->id, ms->len >> 20, ms->addr, strerror(err));
		return -err;
	}
	pci_ctx.maps[pci_ctx.nmaps].va = (uintptr_t)ms->addr;
	pci_ctx.maps[pci_ctx.nmaps].len = ms->len;
	pci_ctx.nmaps++;
	pci_ctx.mapped += ms->len;
	return 0;
}

/* IOMMU_IOAS_UNMAP of map @i (unpins it); drops it from the table. */
static int
unmap_at(unsigned int i)
{
	struct fpk_iommu_ioas_unmap u = {
		.size = sizeof(u),
		.ioas_id = pci_ctx.ioas_id,
		.iova = pci_ctx.maps[i].va,
		.length = pci_ctx.maps[i].len,
	};
	int ret = 0;

	if (pci_env.sys->ioctl(pci_ctx.iommufd, FPK_IOMMU_IOAS_UNMAP, &u)) {
		ret = -errno;
		PCI_LOG(ERR, "IOMMU_IOAS_UNMAP of %" PRIu64 " bytes at 0x%" PRIx64 " failed: %s\n",
			pci_ctx.maps[i].len, (uint64_t)pci_ctx.maps[i].va, strerror(-ret));
	}
	pci_ctx.mapped -= pci_ctx.maps[i].len;
	pci_ctx.maps[i] = pci_ctx.maps[--pci_ctx.nmaps];
	return ret;
}

static int
mem_event(enum fpk_mem_event ev, const struct fpk_memseg *ms, void *arg)
{
	int i;

	(void)arg;
	if (ev == FPK_MEM_EVENT_ALLOC)
		return map_seg(ms);
	i = find_map((uintptr_t)ms->addr);
	return i < 0 ? 0 : unmap_at((unsigned int)i);
}

static int
walk_map(const struct fpk_memseg *ms, void *arg)
{
	unsigned int *nsegs = arg;

	(*nsegs)++;
	return map_seg(ms);
}

/* ------------------------------------------------------------- resolvers */

static void
log_get_pa_error(int err, uint64_t iova)
{
	switch (err) {
	case ENOTTY:
		PCI_LOG(ERR, "this kernel has a noiommu VFIO cdev but no "
			"IOMMU_IOAS_NOIOMMU_GET_PA (ENOTTY), so physical addresses of pinned "
			"pages cannot be had: boot a kernel with FPK's complete patch series "
			"(kernel/linux/patches/6.12, see doc/guides/kernel.md), or use the legacy "
			"path with --vfio-mode group (memory is then not pinned)\n");
		break;
	case EPERM:
		PCI_LOG(ERR, "IOMMU_IOAS_NOIOMMU_GET_PA: permission denied: it needs "
			"CAP_SYS_RAWIO: run as root or grant the capability\n");
		break;
	case EOPNOTSUPP:
		PCI_LOG(ERR, "IOMMU_IOAS_NOIOMMU_GET_PA: IOAS %u is backed by a real IOMMU "
			"although the device came as noiommu: bind all devices the same way\n",
			pci_ctx.ioas_id);
		break;
	default:
		PCI_LOG(ERR, "IOMMU_IOAS_NOIOMMU_GET_PA at IOVA 0x%" PRIx64 " failed: %s\n",
			iova, strerror(err));
	}
}

/*
 * The EAL resolver of the noiommu cdev path: the physical address of each
 * pinned page, asked one page at a time with the page size as the bound
 * (the kernel walks 4 KiB steps under the IOAS locks). A page must come
 * back as one contiguous run: the EAL's table has one address per page.
 */
static int
resolve_get_pa(const struct fpk_memseg *ms, fpk_iova_t *iova, void *arg)
{
	(void)arg;
	if (pci_ctx.iommufd < 0)
		return -ENODEV;
	for (unsigned int p = 0; p < ms->nb_pages; p++) {
		struct fpk_iommu_ioas_noiommu_get_pa g = {
			.size = sizeof(g),
			.ioas_id = pci_ctx.ioas_id,
			.iova = (uintptr_t)ms->addr + (uint64_t)p * ms->page_sz,
			.length = ms->page_sz,
		};

		if (pci_env.sys->ioctl(pci_ctx.iommufd, FPK_IOMMU_IOAS_NOIOMMU_GET_PA, &g)) {
			int err = errno;

			log_get_pa_error(err, g.iova);
			return -err;
		}
		if (g.length < ms->page_sz) {
			PCI_LOG(ERR, "the %zu kB page at IOVA 0x%" PRIx64 " is only %" PRIu64
				" bytes physically contiguous: it cannot be one DMA page\n",
				ms->page_sz >> 10, (uint64_t)g.iova, (uint64_t)g.length);
			return -EIO;
		}
		iova[p] = g.out_phys;
	}
	return 0;
}

/*
 * Does this kernel have GET_PA? Ask about IOVA 0, which is never mapped
 * (segments sit at their VA): ENOENT means yes, ENOTTY means no.
 */
static int
probe_get_pa(void)
{
	struct fpk_iommu_ioas_noiommu_get_pa g = {
		.size = sizeof(g), .ioas_id = pci_ctx.ioas_id, .iova = 0, .length = 4096,
	};
	int err;

	if (pci_env.sys->ioctl(pci_ctx.iommufd, FPK_IOMMU_IOAS_NOIOMMU_GET_PA, &g) == 0)
		return 0;
	err = errno;
	if (err == ENOENT)
		return 0;
	log_get_pa_error(err, 0);
	return -err;
}

/* Back to the resolver the EAL started with, once no device needs ours. */
static void
restore_resolver(void)
{
	int ret;

	if (!pci_ctx.resolver_set)
		return;
	if (fpk_eal_iova_mode_requested() == FPK_IOVA_PA)
		ret = fpk_mem_set_iova_resolver("pagemap", FPK_IOVA_PA, fpk_mem_resolve_pagemap,
						NULL);
	else
		ret = fpk_mem_set_iova_resolver("va", FPK_IOVA_VA, fpk_mem_resolve_va, NULL);
	if (ret)
		PCI_LOG(WARNING, "cannot restore the EAL's DMA-address resolver: %s\n",
			strerror(-ret));
	pci_ctx.resolver_set = false;
}

/* ------------------------------------------------ first and last device */

void
pci_dma_map_fini(void)
{
	if (pci_ctx.cb_registered) {
		fpk_mem_event_callback_unregister(MEM_CB_NAME, NULL);
		pci_ctx.cb_registered = false;
	}
	restore_resolver();
	/* Unpin while the device is still attached (and stopped). */
	while (pci_ctx.nmaps)
		unmap_at(pci_ctx.nmaps - 1);
	free(pci_ctx.maps);
	pci_ctx.maps = NULL;
	pci_ctx.maps_cap = 0;
}

/*
 * First device attached: make every segment DMA-capable and install the
 * resolver. Timed: this is the bus's share of start-up.
 */
int
pci_dma_map_init(void)
{
	struct timespec t0;
	unsigned int nsegs = 0;
	double map_ms;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pci_ctx.path == PCI_PATH_GROUP_NOIOMMU) {
		ret = fpk_mem_set_iova_resolver("pagemap", FPK_IOVA_PA, fpk_mem_resolve_pagemap,
						NULL);
		if (ret)
			return ret;
		pci_ctx.resolver_set = true;
		PCI_LOG(INFO, "DMA memory: %zu MiB resolved from /proc/self/pagemap in %.1f ms "
			"(nothing mapped or pinned)\n", fpk_mem_total() >> 20, ms_since(&t0));
		return 0;
	}
	if (pci_ctx.path == PCI_PATH_CDEV_NOIOMMU && (ret = probe_get_pa()) != 0)
		return ret;
	/* Subscribe first, then map what exists: map_seg() skips what is mapped. */
	ret = fpk_mem_event_callback_register(MEM_CB_NAME, mem_event, NULL);
	if (ret)
		return ret;
	pci_ctx.cb_registered = true;
	ret = fpk_memseg_walk(walk_map, &nsegs);
	if (ret)
		return ret;
	map_ms = ms_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pci_ctx.path == PCI_PATH_CDEV_NOIOMMU)
		ret = fpk_mem_set_iova_resolver("iommufd-noiommu", FPK_IOVA_PA, resolve_get_pa,
						NULL);
	else
		ret = fpk_mem_set_iova_resolver("iommufd", FPK_IOVA_VA, fpk_mem_resolve_va, NULL);
	if (ret)
		return ret;
	pci_ctx.resolver_set = true;
	PCI_LOG(INFO, "DMA memory: %zu MiB in %u segment(s) mapped into IOAS %u in %.1f ms; "
		"DMA addresses %s in %.1f ms\n", pci_ctx.mapped >> 20, nsegs, pci_ctx.ioas_id, map_ms,
		pci_ctx.path == PCI_PATH_CDEV_NOIOMMU ? "resolved with GET_PA" : "set to IOVA = VA",
		ms_since(&t0));
	return 0;
}
