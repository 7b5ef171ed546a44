/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VFIO path of each device and the DMA context all open devices share
 * (one per process, created with the first device, destroyed with the
 * last):
 *
 *   noiommu cdev  /dev/vfio/devices/noiommu-vfioN bound to /dev/iommu, one
 *                 IOAS; every EAL memory segment is mapped into it at
 *                 IOVA = VA (IOVAs are only tokens without an IOMMU), which
 *                 pins it; its physical addresses come from
 *                 IOMMU_IOAS_NOIOMMU_GET_PA and become the EAL's DMA addresses.
 *   IOMMU cdev    /dev/vfio/devices/vfioN, same IOAS mapping; the IOMMU
 *                 translates, so DMA addresses are IOVA = VA.
 *   legacy group  /dev/vfio/noiommu-N in a /dev/vfio/vfio container of type
 *                 VFIO_NOIOMMU_IOMMU: nothing is mapped or pinned; physical
 *                 addresses come from /proc/self/pagemap.
 *
 * Memory added or released later follows through the EAL's memory events
 * (ALLOC: map, FREE: unmap). The mapping table is only touched from those
 * events and from segment walks, which both run under the EAL memory lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "fpk_eal.h"
#include "pci_private.h"
#include "pci_vfio_uapi.h"

#define MEM_CB_NAME "pci-dma"

struct dma_map {
	uintptr_t va; /* = IOVA */
	uint64_t len;
};

static struct {
	enum pci_path path;
	unsigned int users;     /* open devices */
	int iommufd;            /* cdev paths */
	uint32_t ioas_id;
	int container;          /* legacy path */
	bool iommu_set;         /* VFIO_SET_IOMMU done on the container */
	bool cb_registered;
	bool resolver_set;
	struct dma_map *maps;
	unsigned int nmaps;
	unsigned int maps_cap;
	size_t mapped;          /* bytes */
} ctx = { .iommufd = -1, .container = -1 };

const char *
pci_path_name(enum pci_path path)
{
	switch (path) {
	case PCI_PATH_CDEV_NOIOMMU:
		return "noiommu cdev path";
	case PCI_PATH_CDEV_IOMMU:
		return "IOMMU cdev path";
	case PCI_PATH_GROUP_NOIOMMU:
		return "legacy noiommu group path";
	default:
		return "no path";
	}
}

enum pci_path
pci_dma_path(void)
{
	return ctx.users ? ctx.path : PCI_PATH_NONE;
}

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Does the legacy noiommu group node of @group exist? */
static bool
noiommu_group_exists(int group)
{
	char path[PATH_MAX];

	return pci_path(path, sizeof(path), "/dev/vfio/noiommu-%d", group) == 0 &&
	       access(path, F_OK) == 0;
}

/* ------------------------------------------------------------ path choice */

static int
choose_path(const struct pci_dev *d, enum pci_path *path, const char **why)
{
	const char *n = d->pub.name;
	bool noiommu_cdev = strncmp(d->cdev, "noiommu-", 8) == 0;
	bool noiommu_group = d->iommu_group >= 0 && noiommu_group_exists(d->iommu_group);

	if (pci_env.vfio_mode != FPK_VFIO_MODE_GROUP && d->cdev[0]) {
		*path = noiommu_cdev ? PCI_PATH_CDEV_NOIOMMU : PCI_PATH_CDEV_IOMMU;
		*why = pci_env.vfio_mode == FPK_VFIO_MODE_CDEV ? "--vfio-mode cdev" :
		       "the kernel offers a VFIO cdev for it";
		return 0;
	}
	if (pci_env.vfio_mode == FPK_VFIO_MODE_CDEV) {
		PCI_LOG(ERR, "%s: --vfio-mode cdev, but the kernel gave it no VFIO cdev (no "
			"character device in /sys/bus/pci/devices/%s/vfio-dev/): a noiommu cdev "
			"needs a kernel with FPK's patch series (kernel/linux/patches/6.12, see "
			"doc/guides/kernel.md) and CONFIG_VFIO_DEVICE_CDEV; or use the legacy "
			"path with --vfio-mode group\n", n, n);
		return -ENODEV;
	}
	if (noiommu_group) {
		*path = PCI_PATH_GROUP_NOIOMMU;
		*why = pci_env.vfio_mode == FPK_VFIO_MODE_GROUP ? "--vfio-mode group" :
		       "the kernel has no VFIO cdev for this noiommu device (no FPK patch)";
		return 0;
	}
	if (d->iommu_group >= 0)
		PCI_LOG(ERR, "%s is behind an IOMMU (group %d), which FPK drives only through "
			"the VFIO device cdev, and %s: %s\n", n, d->iommu_group,
			d->cdev[0] ? "--vfio-mode group was given" : "this kernel has none",
			d->cdev[0] ? "drop --vfio-mode group" :
			"use a kernel with CONFIG_VFIO_DEVICE_CDEV and CONFIG_IOMMUFD");
	else
		PCI_LOG(ERR, "%s is bound to vfio-pci but has neither a VFIO cdev nor an IOMMU "
			"group: rebind it (usertools/fpk-devbind --bind vfio-pci %s)\n", n, n);
	return -ENODEV;
}

static int
check_iova_mode(const struct pci_dev *d, enum pci_path path)
{
	if (pci_env.iova_mode == FPK_IOVA_VA && path != PCI_PATH_CDEV_IOMMU) {
		PCI_LOG(ERR, "%s has no IOMMU, so it needs physical DMA addresses, but "
			"--iova-mode va was given: drop it (or use --iova-mode pa)\n", d->pub.name);
		return -EINVAL;
	}
	if (pci_env.iova_mode == FPK_IOVA_PA && path == PCI_PATH_CDEV_IOMMU) {
		PCI_LOG(ERR, "%s is behind an IOMMU, which FPK programs with IOVA = VA, but "
			"--iova-mode pa was given: drop it (or use --iova-mode va)\n", d->pub.name);
		return -EINVAL;
	}
	return 0;
}

/* ----------------------------------------------------------- memory maps */

/* IOAS_MAP (or an attach that pins) hit RLIMIT_MEMLOCK: say by how much. */
static void
log_memlock(size_t len)
{
	struct rlimit rl = { 0, 0 };
	char cur[32] = "unlimited";
	size_t need_kb = (ctx.mapped + len) >> 10;

	getrlimit(RLIMIT_MEMLOCK, &rl);
	if (rl.rlim_cur != RLIM_INFINITY)
		snprintf(cur, sizeof(cur), "%llu KiB", (unsigned long long)rl.rlim_cur >> 10);
	PCI_LOG(ERR, "cannot pin DMA memory (%zu MiB more, %zu MiB pinned already): over "
		"RLIMIT_MEMLOCK (%s), which counts all memory this user has locked: raise it "
		"to at least %zu KiB for FPK alone (ulimit -l %zu; LimitMEMLOCK= for a service; "
		"/etc/security/limits.conf) or give the process CAP_IPC_LOCK\n", len >> 20,
		ctx.mapped >> 20, cur, need_kb, need_kb);
}

static int
find_map(uintptr_t va)
{
	for (unsigned int i = 0; i < ctx.nmaps; i++)
		if (ctx.maps[i].va == va)
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
		.ioas_id = ctx.ioas_id,
		.user_va = (uintptr_t)ms->addr,
		.length = ms->len,
		.iova = (uintptr_t)ms->addr,
	};
	int err;

	if (find_map((uintptr_t)ms->addr) >= 0)
		return 0;
	if (ctx.nmaps == ctx.maps_cap) {
		unsigned int cap = ctx.maps_cap ? 2 * ctx.maps_cap : 16;
		struct dma_map *n = realloc(ctx.maps, cap * sizeof(*n));

		if (n == NULL)
			return -ENOMEM;
		ctx.maps = n;
		ctx.maps_cap = cap;
	}
	if (pci_env.sys->ioctl(ctx.iommufd, FPK_IOMMU_IOAS_MAP, &m)) {
		err = errno;
		if (err == ENOMEM)
			log_memlock(ms->len);
		else
			PCI_LOG(ERR, "IOMMU_IOAS_MAP of segment %u (%zu MiB at %p) failed: %s "
				"(see dmesg)\n",
				ms->id, ms->len >> 20, ms->addr, strerror(err));
		return -err;
	}
	ctx.maps[ctx.nmaps].va = (uintptr_t)ms->addr;
	ctx.maps[ctx.nmaps].len = ms->len;
	ctx.nmaps++;
	ctx.mapped += ms->len;
	return 0;
}

/* IOMMU_IOAS_UNMAP of map @i (unpins it); drops it from the table. */
static int
unmap_at(unsigned int i)
{
	struct fpk_iommu_ioas_unmap u = {
		.size = sizeof(u),
		.ioas_id = ctx.ioas_id,
		.iova = ctx.maps[i].va,
		.length = ctx.maps[i].len,
	};
	int ret = 0;

	if (pci_env.sys->ioctl(ctx.iommufd, FPK_IOMMU_IOAS_UNMAP, &u)) {
		ret = -errno;
		PCI_LOG(ERR, "IOMMU_IOAS_UNMAP of %" PRIu64 " bytes at 0x%" PRIx64 " failed: %s\n",
			ctx.maps[i].len, (uint64_t)ctx.maps[i].va, strerror(-ret));
	}
	ctx.mapped -= ctx.maps[i].len;
	ctx.maps[i] = ctx.maps[--ctx.nmaps];
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
			ctx.ioas_id);
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
	if (ctx.iommufd < 0)
		return -ENODEV;
	for (unsigned int p = 0; p < ms->nb_pages; p++) {
		struct fpk_iommu_ioas_noiommu_get_pa g = {
			.size = sizeof(g),
			.ioas_id = ctx.ioas_id,
			.iova = (uintptr_t)ms->addr + (uint64_t)p * ms->page_sz,
			.length = ms->page_sz,
		};

		if (pci_env.sys->ioctl(ctx.iommufd, FPK_IOMMU_IOAS_NOIOMMU_GET_PA, &g)) {
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
		.size = sizeof(g), .ioas_id = ctx.ioas_id, .iova = 0, .length = 4096,
	};
	int err;

	if (pci_env.sys->ioctl(ctx.iommufd, FPK_IOMMU_IOAS_NOIOMMU_GET_PA, &g) == 0)
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

	if (!ctx.resolver_set)
		return;
	if (fpk_eal_iova_mode_requested() == FPK_IOVA_PA)
		ret = fpk_mem_set_iova_resolver("pagemap", FPK_IOVA_PA, fpk_mem_resolve_pagemap,
						NULL);
	else
		ret = fpk_mem_set_iova_resolver("va", FPK_IOVA_VA, fpk_mem_resolve_va, NULL);
	if (ret)
		PCI_LOG(WARNING, "cannot restore the EAL's DMA-address resolver: %s\n",
			strerror(-ret));
	ctx.resolver_set = false;
}

/* ----------------------------------------------------- context lifetime */

static void
ctx_memory_fini(void)
{
	if (ctx.cb_registered) {
		fpk_mem_event_callback_unregister(MEM_CB_NAME, NULL);
		ctx.cb_registered = false;
	}
	restore_resolver();
	/* Unpin while the device is still attached (and stopped). */
	while (ctx.nmaps)
		unmap_at(ctx.nmaps - 1);
	free(ctx.maps);
	ctx.maps = NULL;
	ctx.maps_cap = 0;
}

/*
 * First device attached: make every segment DMA-capable and install the
 * resolver. Timed: this is the bus's share of start-up.
 */
static int
ctx_memory_init(void)
{
	struct timespec t0;
	unsigned int nsegs = 0;
	double map_ms;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ctx.path == PCI_PATH_GROUP_NOIOMMU) {
		ret = fpk_mem_set_iova_resolver("pagemap", FPK_IOVA_PA, fpk_mem_resolve_pagemap,
						NULL);
		if (ret)
			return ret;
		ctx.resolver_set = true;
		PCI_LOG(INFO, "DMA memory: %zu MiB resolved from /proc/self/pagemap in %.1f ms "
			"(nothing mapped or pinned)\n", fpk_mem_total() >> 20, ms_since(&t0));
		return 0;
	}
	if (ctx.path == PCI_PATH_CDEV_NOIOMMU && (ret = probe_get_pa()) != 0)
		return ret;
	/* Subscribe first, then map what exists: map_seg() skips what is mapped. */
	ret = fpk_mem_event_callback_register(MEM_CB_NAME, mem_event, NULL);
	if (ret)
		return ret;
	ctx.cb_registered = true;
	ret = fpk_memseg_walk(walk_map, &nsegs);
	if (ret)
		return ret;
	map_ms = ms_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ctx.path == PCI_PATH_CDEV_NOIOMMU)
		ret = fpk_mem_set_iova_resolver("iommufd-noiommu", FPK_IOVA_PA, resolve_get_pa,
						NULL);
	else
		ret = fpk_mem_set_iova_resolver("iommufd", FPK_IOVA_VA, fpk_mem_resolve_va, NULL);
	if (ret)
		return ret;
	ctx.resolver_set = true;
	PCI_LOG(INFO, "DMA memory: %zu MiB in %u segment(s) mapped into IOAS %u in %.1f ms; "
		"DMA addresses %s in %.1f ms\n", ctx.mapped >> 20, nsegs, ctx.ioas_id, map_ms,
		ctx.path == PCI_PATH_CDEV_NOIOMMU ? "resolved with GET_PA" : "set to IOVA = VA",
		ms_since(&t0));
	return 0;
}

static void
ctx_close(void)
{
	if (ctx.iommufd >= 0) {
		struct fpk_iommu_destroy dst = { .size = sizeof(dst), .id = ctx.ioas_id };

		if (ctx.ioas_id && pci_env.sys->ioctl(ctx.iommufd, FPK_IOMMU_DESTROY, &dst))
			PCI_LOG(WARNING, "IOMMU_DESTROY of IOAS %u: %s\n", ctx.ioas_id,
				strerror(errno));
		pci_env.sys->close(ctx.iommufd);
	}
	if (ctx.container >= 0)
		pci_env.sys->close(ctx.container);
	ctx.iommufd = -1;
	ctx.ioas_id = 0;
	ctx.container = -1;
	ctx.iommu_set = false;
	ctx.path = PCI_PATH_NONE;
}

static int
open_dev_node(const char *path, const char *devname, const char *what)
{
	int fd = pci_env.sys->open(path, O_RDWR);
	int err = errno;

	if (fd >= 0)
		return fd;
	switch (err) {
	case EPERM:
		PCI_LOG(ERR, "%s: cannot open %s: %s: noiommu devices need CAP_SYS_RAWIO: run "
			"as root or grant it (setcap cap_sys_rawio,cap_ipc_lock+ep PROGRAM, or "
			"AmbientCapabilities= for a service)\n", devname, path, strerror(err));
		break;
	case EACCES:
		PCI_LOG(ERR, "%s: cannot open %s: %s: give this user access to the node "
			"(chown, or a udev rule) or run as root\n", devname, path, strerror(err));
		break;
	case EBUSY:
		PCI_LOG(ERR, "%s: %s is busy: another process uses the device (through its "
			"VFIO group or cdev): stop it first\n", devname, path);
		break;
	case ENOENT:
		PCI_LOG(ERR, "%s: %s is missing: %s\n", devname, path, what);
		break;
	default:
		PCI_LOG(ERR, "%s: cannot open %s: %s\n", devname, path, strerror(err));
	}
	return -err;
}

static int
cdev_ctx_open(void)
{
	struct fpk_iommu_ioas_alloc a = { .size = sizeof(a) };
	char path[PATH_MAX];
	int fd;

	pci_path(path, sizeof(path), "/dev/iommu");
	fd = open_dev_node(path, "iommufd", "the kernel needs CONFIG_IOMMUFD (and devtmpfs "
			   "or udev for the node); or use the legacy path with --vfio-mode group");
	if (fd < 0)
		return fd;
	if (pci_env.sys->ioctl(fd, FPK_IOMMU_IOAS_ALLOC, &a)) {
		int err = errno;

		PCI_LOG(ERR, "IOMMU_IOAS_ALLOC failed: %s (see dmesg)\n", strerror(err));
		pci_env.sys->close(fd);
		return -err;
	}
	ctx.iommufd = fd;
	ctx.ioas_id = a.out_ioas_id;
	return 0;
}

static int
group_ctx_open(void)
{
	char path[PATH_MAX];
	int fd, err;

	pci_path(path, sizeof(path), "/dev/vfio/vfio");
	fd = open_dev_node(path, "VFIO container", "the kernel needs CONFIG_VFIO_CONTAINER "
			   "for the legacy path");
	if (fd < 0)
		return fd;
	if (pci_env.sys->ioctl(fd, VFIO_GET_API_VERSION, NULL) != VFIO_API_VERSION) {
		PCI_LOG(ERR, "%s speaks an unknown VFIO API version: use a kernel whose VFIO "
			"is API version 0\n", path);
		err = -EINVAL;
	} else if (pci_env.sys->ioctl(fd, VFIO_CHECK_EXTENSION,
				      (void *)(uintptr_t)VFIO_NOIOMMU_IOMMU) != 1) {
		PCI_LOG(ERR, "the VFIO container offers no noiommu IOMMU type: the kernel needs "
			"CONFIG_VFIO_NOIOMMU, and noiommu mode must be on (usertools/fpk-devbind "
			"--noiommu-mode)\n");
		err = -ENOTSUP;
	} else {
		ctx.container = fd;
		return 0;
	}
	pci_env.sys->close(fd);
	return err;
}

static int
cdev_open_device(struct pci_dev *d)
{
	struct fpk_vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct fpk_vfio_device_attach_iommufd_pt at = { .argsz = sizeof(at) };
	char path[PATH_MAX];
	int fd, err;

	if (pci_path(path, sizeof(path), "/dev/vfio/devices/%s", d->cdev))
		return -ENAMETOOLONG;
	fd = open_dev_node(path, d->pub.name, "is devtmpfs mounted on /dev (or udev running)?");
	if (fd < 0)
		return fd;
	bind.iommufd = ctx.iommufd;
	if (pci_env.sys->ioctl(fd, FPK_VFIO_DEVICE_BIND_IOMMUFD, &bind)) {
		err = errno;
		PCI_LOG(ERR, "%s: VFIO_DEVICE_BIND_IOMMUFD failed: %s (another process may hold "
			"the device; see dmesg)\n", d->pub.name, strerror(err));
		goto fail;
	}
	at.pt_id = ctx.ioas_id;
	if (pci_env.sys->ioctl(fd, FPK_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &at)) {
		err = errno;
		if (err == ENOMEM)
			log_memlock(0);
		else
			PCI_LOG(ERR, "%s: VFIO_DEVICE_ATTACH_IOMMUFD_PT to IOAS %u failed: %s "
				"(see dmesg)\n", d->pub.name, ctx.ioas_id, strerror(err));
		goto fail;
	}
	PCI_LOG(DEBUG, "%s: %s bound (devid %u) and attached to IOAS %u (HWPT %u)\n",
		d->pub.name, path, bind.out_devid, ctx.ioas_id, at.pt_id);
	d->fd = fd;
	return 0;
fail:
	pci_env.sys->close(fd);
	return -err;
}

static int
group_open_device(struct pci_dev *d)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	char path[PATH_MAX];
	int gfd, fd, err;

	pci_path(path, sizeof(path), "/dev/vfio/noiommu-%d", d->iommu_group);
	gfd = open_dev_node(path, d->pub.name, "is devtmpfs mounted on /dev?");
	if (gfd < 0)
		return gfd;
	if (pci_env.sys->ioctl(gfd, VFIO_GROUP_GET_STATUS, &st)) {
		err = errno;
		PCI_LOG(ERR, "%s: VFIO_GROUP_GET_STATUS: %s (see dmesg)\n", path, strerror(err));
		goto fail;
	}
	if (!(st.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		PCI_LOG(ERR, "%s: VFIO group %d is not viable: bind every device of the group "
			"to vfio-pci\n", d->pub.name, d->iommu_group);
		err = EINVAL;
		goto fail;
	}
	if (pci_env.sys->ioctl(gfd, VFIO_GROUP_SET_CONTAINER, &ctx.container)) {
		err = errno;
		PCI_LOG(ERR, "%s: VFIO_GROUP_SET_CONTAINER: %s (another process may use the "
			"group; see dmesg)\n", path, strerror(err));
		goto fail;
	}
	/* The IOMMU type can only be set once a group is in the container. */
	if (!ctx.iommu_set) {
		if (pci_env.sys->ioctl(ctx.container, VFIO_SET_IOMMU,
				       (void *)(uintptr_t)VFIO_NOIOMMU_IOMMU)) {
			err = errno;
			PCI_LOG(ERR, "VFIO_SET_IOMMU(VFIO_NOIOMMU_IOMMU): %s (see dmesg)\n",
				strerror(err));
			goto unset;
		}
		ctx.iommu_set = true;
	}
	fd = pci_env.sys->ioctl(gfd, VFIO_GROUP_GET_DEVICE_FD, d->pub.name);
	if (fd < 0) {
		err = errno;
		PCI_LOG(ERR, "%s: VFIO_GROUP_GET_DEVICE_FD: %s (see dmesg)\n", d->pub.name,
			strerror(err));
		goto unset;
	}
	d->fd = fd;
	d->group_fd = gfd;
	return 0;
unset:
	pci_env.sys->ioctl(gfd, VFIO_GROUP_UNSET_CONTAINER, NULL);
fail:
	pci_env.sys->close(gfd);
	return -err;
}

/* Detach and close the device fd (and its group on the legacy path). */
static void
close_device(struct pci_dev *d)
{
	if (d->fd < 0)
		return;
	if (d->path != PCI_PATH_GROUP_NOIOMMU) {
		struct fpk_vfio_device_detach_iommufd_pt dt = { .argsz = sizeof(dt) };

		if (pci_env.sys->ioctl(d->fd, FPK_VFIO_DEVICE_DETACH_IOMMUFD_PT, &dt))
			PCI_LOG(WARNING, "%s: VFIO_DEVICE_DETACH_IOMMUFD_PT: %s\n", d->pub.name,
				strerror(errno));
		pci_env.sys->close(d->fd);
	} else {
		pci_env.sys->close(d->fd);
		pci_env.sys->ioctl(d->group_fd, VFIO_GROUP_UNSET_CONTAINER, NULL);
		pci_env.sys->close(d->group_fd);
	}
	d->fd = -1;
	d->group_fd = -1;
}

static void
log_path(const struct pci_dev *d, const char *why)
{
	switch (ctx.path) {
	case PCI_PATH_CDEV_NOIOMMU:
		PCI_LOG(INFO, "using the noiommu cdev path (/dev/vfio/devices/%s + /dev/iommu) "
			"because %s: DMA memory is pinned in an IOAS and its physical addresses "
			"come from IOMMU_IOAS_NOIOMMU_GET_PA\n", d->cdev, why);
		break;
	case PCI_PATH_CDEV_IOMMU:
		PCI_LOG(INFO, "using the IOMMU cdev path (/dev/vfio/devices/%s + /dev/iommu) "
			"because %s: DMA addresses are IOVA = VA, translated by the IOMMU\n",
			d->cdev, why);
		break;
	default:
		PCI_LOG(WARNING, "using the legacy VFIO group path (/dev/vfio/noiommu-%d + "
			"/dev/vfio/vfio) because %s: DMA memory is NOT pinned and its physical "
			"addresses come from /proc/self/pagemap, so the kernel may migrate a page "
			"while the device writes to it. Fix: boot a kernel with FPK's noiommu "
			"cdev patch series (kernel/linux/patches/6.12, doc/guides/kernel.md)\n",
			d->iommu_group, why);
	}
}

int
pci_dma_attach(struct pci_dev *d)
{
	bool first = ctx.users == 0;
	enum pci_path path;
	const char *why;
	int ret;

	if (!pci_env.huge) {
		PCI_LOG(ERR, "%s: --no-huge memory (ordinary 4 KiB pages, not physically "
			"contiguous) cannot be given to a physical device: reserve hugepages "
			"(usertools/fpk-hugepages --reserve 512M) and drop --no-huge, or keep "
			"the device out with -b %s (or --no-pci)\n", d->pub.name, d->pub.name);
		return -ENOTSUP;
	}
	ret = choose_path(d, &path, &why);
	if (ret)
		return ret;
	if (!first && path != ctx.path) {
		PCI_LOG(ERR, "%s would need the %s, but the devices already open use the %s: "
			"all devices of a process must go the same way (all noiommu or all "
			"behind an IOMMU); keep this one out with -b %s\n", d->pub.name,
			pci_path_name(path), pci_path_name(ctx.path), d->pub.name);
		return -EINVAL;
	}
	ret = check_iova_mode(d, path);
	if (ret)
		return ret;
	d->path = path;
	if (first) {
		ctx.path = path;
		log_path(d, why);
		ret = path == PCI_PATH_GROUP_NOIOMMU ? group_ctx_open() : cdev_ctx_open();
		if (ret) {
			ctx_close();
			return ret;
		}
	}
	ret = path == PCI_PATH_GROUP_NOIOMMU ? group_open_device(d) : cdev_open_device(d);
	if (ret == 0 && first) {
		ret = ctx_memory_init();
		if (ret) {
			ctx_memory_fini();
			close_device(d);
		}
	}
	if (ret) {
		if (first)
			ctx_close();
		d->path = PCI_PATH_NONE;
		return ret;
	}
	ctx.users++;
	return 0;
}

void
pci_dma_detach(struct pci_dev *d)
{
	bool last = ctx.users == 1;

	if (d->fd < 0 || ctx.users == 0)
		return;
	if (last)
		ctx_memory_fini();
	close_device(d);
	ctx.users--;
	if (last)
		ctx_close();
}
