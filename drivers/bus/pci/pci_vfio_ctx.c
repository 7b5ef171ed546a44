/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VFIO context: the path each device goes by, and the context all open
 * devices share (one per process, created with the first device, destroyed
 * with the last): the iommufd and its IOAS, or the legacy container. The
 * memory mapped into it is pci_dma_map.c's.
 *
 *   noiommu cdev  /dev/vfio/devices/noiommu-vfioN bound to /dev/iommu, one
 *                 IOAS and in it one software-only HWPT (IOMMU_HWPT_ALLOC
 *                 for the first device) that every device is attached to;
 *                 every EAL memory segment is mapped into the IOAS at
 *                 IOVA = VA (IOVAs are only tokens without an IOMMU), which
 *                 pins it; its physical addresses come from
 *                 IOMMU_IOAS_NOIOMMU_GET_PA and become the EAL's DMA addresses.
 *   IOMMU cdev    /dev/vfio/devices/vfioN, same IOAS mapping, through a HWPT
 *                 of its own kind (a real IOMMU domain); the IOMMU
 *                 translates, so DMA addresses are IOVA = VA.
 *   legacy group  /dev/vfio/noiommu-N in a /dev/vfio/vfio container of type
 *                 VFIO_NOIOMMU_IOMMU: nothing is mapped or pinned; physical
 *                 addresses come from /proc/self/pagemap.
 *
 * The HWPTs are the bus's own so that which page table a device lands in
 * never depends on the kernel's choice or on which device came first: one
 * per kind of device, since a noiommu device fits only a software-only
 * table and a device behind an IOMMU only a real domain. A kernel that
 * refuses IOMMU_HWPT_ALLOC gets the devices attached to the IOAS id
 * instead, the kernel then making the HWPT (auto-attach).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fpk_eal.h"
#include "pci_private.h"
#include "pci_vfio_uapi.h"

struct pci_vfio_ctx pci_ctx = { .iommufd = -1, .container = -1 };

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
pci_vfio_ctx_path(void)
{
	return pci_ctx.users ? pci_ctx.path : PCI_PATH_NONE;
}


/* Does the legacy noiommu group node of @group exist? */
static bool
noiommu_group_exists(int group)
{
	char path[PATH_MAX];

	return pci_sysfs_path(path, sizeof(path), "/dev/vfio/noiommu-%d", group) == 0 &&
	       access(path, F_OK) == 0;
}

/* ------------------------------------------------------------ path choice */

static int
choose_path(const struct pci_dev *d, enum pci_path *path, const char **why)
{
	const char *n = d->pub.name;
	bool noiommu_cdev = strncmp(d->cdev, "noiommu-", 8) == 0;
	bool noiommu_group = d->iommu_group >= 0 && noiommu_group_exists(d->iommu_group);

	if (pci_env.vfio_mode != PCI_VFIO_MODE_GROUP && d->cdev[0]) {
		*path = noiommu_cdev ? PCI_PATH_CDEV_NOIOMMU : PCI_PATH_CDEV_IOMMU;
		*why = pci_env.vfio_mode == PCI_VFIO_MODE_CDEV ? "--vfio-mode cdev" :
		       "the kernel offers a VFIO cdev for it";
		return 0;
	}
	if (pci_env.vfio_mode == PCI_VFIO_MODE_CDEV) {
		PCI_LOG(ERR, "%s: --vfio-mode cdev, but the kernel gave it no VFIO cdev (no "
			"character device in /sys/bus/pci/devices/%s/vfio-dev/): a noiommu cdev "
			"needs a kernel with FPK's patch series (kernel/linux/patches/6.12, see "
			"doc/guides/kernel.md) and CONFIG_VFIO_DEVICE_CDEV; or use the legacy "
			"path with --vfio-mode group\n", n, n);
		return -ENODEV;
	}
	if (noiommu_group) {
		*path = PCI_PATH_GROUP_NOIOMMU;
		*why = pci_env.vfio_mode == PCI_VFIO_MODE_GROUP ? "--vfio-mode group" :
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

static const char *
hwpt_kind_name(enum pci_hwpt_kind k)
{
	return k == PCI_HWPT_NOIOMMU ? "noiommu (software-only)" : "IOMMU";
}

static enum pci_hwpt_kind
hwpt_kind(enum pci_path path)
{
	return path == PCI_PATH_CDEV_NOIOMMU ? PCI_HWPT_NOIOMMU : PCI_HWPT_IOMMU;
}

/* IOMMU_DESTROY of object @id (a HWPT or the IOAS). */
static void
iommufd_destroy(uint32_t id, const char *what)
{
	struct fpk_iommu_destroy dst = { .size = sizeof(dst), .id = id };

	if (pci_env.sys->ioctl(pci_ctx.iommufd, FPK_IOMMU_DESTROY, &dst))
		PCI_LOG(WARNING, "IOMMU_DESTROY of %s %u: %s\n", what, id, strerror(errno));
}

/* Every device is detached: the HWPTs go first (they hold the IOAS), then the IOAS. */
static void
ctx_close(void)
{
	if (pci_ctx.iommufd >= 0) {
		for (unsigned int k = 0; k < PCI_HWPT_KINDS; k++)
			if (pci_ctx.hwpt[k].id)
				iommufd_destroy(pci_ctx.hwpt[k].id, "HWPT");
		if (pci_ctx.ioas_id)
			iommufd_destroy(pci_ctx.ioas_id, "IOAS");
		pci_env.sys->close(pci_ctx.iommufd);
	}
	memset(pci_ctx.hwpt, 0, sizeof(pci_ctx.hwpt));
	if (pci_ctx.container >= 0)
		pci_env.sys->close(pci_ctx.container);
	pci_ctx.iommufd = -1;
	pci_ctx.ioas_id = 0;
	pci_ctx.container = -1;
	pci_ctx.iommu_set = false;
	pci_ctx.path = PCI_PATH_NONE;
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

	pci_sysfs_path(path, sizeof(path), "/dev/iommu");
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
	pci_ctx.iommufd = fd;
	pci_ctx.ioas_id = a.out_ioas_id;
	return 0;
}

static int
group_ctx_open(void)
{
	char path[PATH_MAX];
	int fd, err;

	pci_sysfs_path(path, sizeof(path), "/dev/vfio/vfio");
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
		pci_ctx.container = fd;
		return 0;
	}
	pci_env.sys->close(fd);
	return err;
}

int
pci_vfio_ctx_hwpt(enum pci_path path, uint32_t dev_id, uint32_t *pt_id)
{
	enum pci_hwpt_kind k = hwpt_kind(path);
	struct pci_hwpt *h = &pci_ctx.hwpt[k];
	struct fpk_iommu_hwpt_alloc a = {
		.size = sizeof(a),
		.flags = 0,
		.dev_id = dev_id,
		.pt_id = pci_ctx.ioas_id,
	};
	int err;

	if (h->id == 0 && h->refused == 0) {
		if (pci_env.sys->ioctl(pci_ctx.iommufd, FPK_IOMMU_HWPT_ALLOC, &a) == 0) {
			h->id = a.out_hwpt_id;
			PCI_LOG(DEBUG, "IOMMU_HWPT_ALLOC: %s HWPT %u in IOAS %u (devid %u)\n",
				hwpt_kind_name(k), h->id, pci_ctx.ioas_id, dev_id);
		} else {
			err = errno;
			if (err != EOPNOTSUPP && err != EINVAL && err != ENOTTY) {
				PCI_LOG(ERR, "IOMMU_HWPT_ALLOC of a %s HWPT in IOAS %u failed: %s "
					"(see dmesg)\n", hwpt_kind_name(k), pci_ctx.ioas_id,
					strerror(err));
				return -err;
			}
			h->refused = err;
			PCI_LOG(WARNING, "IOMMU_HWPT_ALLOC of a %s HWPT in IOAS %u refused: %s: "
				"falling back to attaching the devices to the IOAS (auto-attach), "
				"the kernel picking or creating their HWPT\n", hwpt_kind_name(k),
				pci_ctx.ioas_id, strerror(err));
		}
	}
	*pt_id = h->id ? h->id : pci_ctx.ioas_id;
	return 0;
}

/* Why the kernel refused VFIO_DEVICE_BIND_IOMMUFD, and what to do about it. */
static void
log_bind_error(const struct pci_dev *d, int err)
{
	if (err == EPERM && d->path == PCI_PATH_CDEV_IOMMU)
		PCI_LOG(ERR, "%s: VFIO_DEVICE_BIND_IOMMUFD refused (EPERM): iommufd binds a device "
			"behind an IOMMU only when the platform isolates its MSIs, which needs "
			"interrupt remapping. Enable it (the IOMMU's firmware setting; in QEMU "
			"intel-iommu,intremap=on), or accept the risk: echo 1 > "
			"/sys/module/iommufd/parameters/allow_unsafe_interrupts (boot: "
			"iommufd.allow_unsafe_interrupts=1)\n",
			d->pub.name);
	else if (err == EPERM)
		PCI_LOG(ERR, "%s: VFIO_DEVICE_BIND_IOMMUFD refused (EPERM): binding a noiommu "
			"device needs CAP_SYS_RAWIO in the binding process: run as root or give "
			"the program cap_sys_rawio\n", d->pub.name);
	else if (err == EBUSY)
		PCI_LOG(ERR, "%s: VFIO_DEVICE_BIND_IOMMUFD failed (EBUSY): another process, or "
			"this one through the legacy group /dev/vfio/noiommu-N, holds the device\n",
			d->pub.name);
	else
		PCI_LOG(ERR, "%s: VFIO_DEVICE_BIND_IOMMUFD failed: %s (see dmesg)\n", d->pub.name,
			strerror(err));
}

static int
cdev_open_device(struct pci_dev *d)
{
	struct fpk_vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct fpk_vfio_device_attach_iommufd_pt at = { .argsz = sizeof(at) };
	char path[PATH_MAX];
	int fd, err;

	if (pci_sysfs_path(path, sizeof(path), "/dev/vfio/devices/%s", d->cdev))
		return -ENAMETOOLONG;
	fd = open_dev_node(path, d->pub.name, "is devtmpfs mounted on /dev (or udev running)?");
	if (fd < 0)
		return fd;
	bind.iommufd = pci_ctx.iommufd;
	if (pci_env.sys->ioctl(fd, FPK_VFIO_DEVICE_BIND_IOMMUFD, &bind)) {
		err = errno;
		log_bind_error(d, err);
		goto fail;
	}
	err = -pci_vfio_ctx_hwpt(d->path, bind.out_devid, &at.pt_id);
	if (err)
		goto fail;
	if (pci_env.sys->ioctl(fd, FPK_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &at)) {
		err = errno;
		if (err == ENOMEM)
			pci_dma_log_memlock(0);
		else
			PCI_LOG(ERR, "%s: VFIO_DEVICE_ATTACH_IOMMUFD_PT to %s %u failed: %s "
				"(see dmesg)\n", d->pub.name,
				at.pt_id == pci_ctx.ioas_id ? "IOAS" : "HWPT", at.pt_id,
				strerror(err));
		goto fail;
	}
	PCI_LOG(DEBUG, "%s: %s bound (devid %u) and attached to HWPT %u of IOAS %u\n",
		d->pub.name, path, bind.out_devid, at.pt_id, pci_ctx.ioas_id);
	d->fd = fd;
	d->hwpt_id = at.pt_id;
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

	pci_sysfs_path(path, sizeof(path), "/dev/vfio/noiommu-%d", d->iommu_group);
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
	if (pci_env.sys->ioctl(gfd, VFIO_GROUP_SET_CONTAINER, &pci_ctx.container)) {
		err = errno;
		PCI_LOG(ERR, "%s: VFIO_GROUP_SET_CONTAINER: %s (another process may use the "
			"group; see dmesg)\n", path, strerror(err));
		goto fail;
	}
	/* The IOMMU type can only be set once a group is in the container. */
	if (!pci_ctx.iommu_set) {
		if (pci_env.sys->ioctl(pci_ctx.container, VFIO_SET_IOMMU,
				       (void *)(uintptr_t)VFIO_NOIOMMU_IOMMU)) {
			err = errno;
			PCI_LOG(ERR, "VFIO_SET_IOMMU(VFIO_NOIOMMU_IOMMU): %s (see dmesg)\n",
				strerror(err));
			goto unset;
		}
		pci_ctx.iommu_set = true;
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
	d->hwpt_id = 0;
}

/*
 * The path line. On the cdev paths it is logged once the first device is
 * attached (@d->hwpt_id set) and names the IOAS and the HWPT it got, or,
 * when that failed, says so after the error.
 */
static void
log_path(const struct pci_dev *d, const char *why)
{
	const struct pci_hwpt *h = &pci_ctx.hwpt[hwpt_kind(pci_ctx.path)];
	char ids[160];

	if (d->hwpt_id == 0)
		snprintf(ids, sizeof(ids), "not set up: see the error above");
	else if (h->id)
		snprintf(ids, sizeof(ids), "IOAS %u, HWPT %u from IOMMU_HWPT_ALLOC",
			 pci_ctx.ioas_id, d->hwpt_id);
	else
		snprintf(ids, sizeof(ids), "IOAS %u, HWPT %u made by the kernel at attach: "
			 "IOMMU_HWPT_ALLOC refused (%s)", pci_ctx.ioas_id, d->hwpt_id,
			 strerror(h->refused));
	switch (pci_ctx.path) {
	case PCI_PATH_CDEV_NOIOMMU:
		PCI_LOG(INFO, "using the noiommu cdev path (/dev/vfio/devices/%s + /dev/iommu) "
			"because %s: DMA memory is pinned in an IOAS and its physical addresses "
			"come from IOMMU_IOAS_NOIOMMU_GET_PA (%s)\n", d->cdev, why, ids);
		break;
	case PCI_PATH_CDEV_IOMMU:
		PCI_LOG(INFO, "using the IOMMU cdev path (/dev/vfio/devices/%s + /dev/iommu) "
			"because %s: DMA addresses are IOVA = VA, translated by the IOMMU (%s)\n",
			d->cdev, why, ids);
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
pci_vfio_ctx_attach(struct pci_dev *d)
{
	bool first = pci_ctx.users == 0;
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
	if (!first && path != pci_ctx.path) {
		PCI_LOG(ERR, "%s would need the %s, but the devices already open use the %s: "
			"all devices of a process must go the same way (all noiommu or all "
			"behind an IOMMU); keep this one out with -b %s\n", d->pub.name,
			pci_path_name(path), pci_path_name(pci_ctx.path), d->pub.name);
		return -EINVAL;
	}
	ret = check_iova_mode(d, path);
	if (ret)
		return ret;
	d->path = path;
	if (first) {
		pci_ctx.path = path;
		if (path == PCI_PATH_GROUP_NOIOMMU)
			log_path(d, why);
		ret = path == PCI_PATH_GROUP_NOIOMMU ? group_ctx_open() : cdev_ctx_open();
	}
	if (ret == 0)
		ret = path == PCI_PATH_GROUP_NOIOMMU ? group_open_device(d) : cdev_open_device(d);
	if (first && path != PCI_PATH_GROUP_NOIOMMU)
		log_path(d, why);
	if (ret == 0 && first) {
		ret = pci_dma_map_init();
		if (ret) {
			pci_dma_map_fini();
			close_device(d);
		}
	}
	if (ret) {
		if (first)
			ctx_close();
		d->path = PCI_PATH_NONE;
		return ret;
	}
	pci_ctx.users++;
	return 0;
}

void
pci_vfio_ctx_detach(struct pci_dev *d)
{
	bool last = pci_ctx.users == 1;

	if (d->fd < 0 || pci_ctx.users == 0)
		return;
	if (last)
		pci_dma_map_fini();
	close_device(d);
	pci_ctx.users--;
	if (last)
		ctx_close();
}
