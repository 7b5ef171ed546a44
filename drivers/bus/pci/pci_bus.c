/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCI bus: the bus's environment (which tests replace), registered
 * drivers, id-table matching, probe and remove, cleanup, and the bus's
 * registration with the EAL. The sysfs scan that finds the devices is
 * pci_sysfs.c's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fpk_devargs.h"
#include "fpk_eal.h"
#include "pci_private.h"

static struct fpk_pci_driver *drivers;
struct pci_dev *pci_devices; /* sorted by name */

/* ------------------------------------------------------------ environment */

static int
sys_open(const char *path, int flags)
{
	return open(path, flags | O_CLOEXEC);
}

static int
sys_ioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg);
}

static void *
sys_mmap(size_t len, int prot, int fd, off_t off)
{
	return mmap(NULL, len, prot, MAP_SHARED, fd, off);
}

static const struct pci_sys_ops sys_real = {
	.open = sys_open,
	.close = close,
	.ioctl = sys_ioctl,
	.mmap = sys_mmap,
	.munmap = munmap,
	.pread = pread,
	.pwrite = pwrite,
};

struct pci_env pci_env = { .root = "", .sys = &sys_real, .huge = true };

void
pci_env_from_eal(void)
{
	pci_env.iova_mode = fpk_eal_iova_mode_requested();
	pci_env.huge = fpk_eal_has_hugepages();
}

void
pci_env_set(const char *root, const struct pci_sys_ops *sys)
{
	snprintf(pci_env.root, sizeof(pci_env.root), "%s", root ? root : "");
	pci_env.sys = sys ? sys : &sys_real;
}

/* --------------------------------------------------------------- drivers */

void
fpk_pci_register_driver(struct fpk_pci_driver *drv)
{
	struct fpk_pci_driver **pp = &drivers;

	while (*pp) {
		if (*pp == drv)
			return;
		pp = &(*pp)->next;
	}
	drv->next = NULL;
	*pp = drv;
}

int
fpk_pci_unregister_driver(struct fpk_pci_driver *drv)
{
	for (struct pci_dev *d = pci_devices; d; d = d->next)
		if (d->pub.driver == drv)
			return -EBUSY;
	for (struct fpk_pci_driver **pp = &drivers; *pp; pp = &(*pp)->next) {
		if (*pp == drv) {
			*pp = drv->next;
			drv->next = NULL;
			return 0;
		}
	}
	return -ENOENT;
}

bool
pci_id_match(const struct fpk_pci_id *e, const struct fpk_pci_id *id)
{
	return e->vendor_id == id->vendor_id &&
	       (e->device_id == FPK_PCI_ANY_ID || e->device_id == id->device_id) &&
	       (e->subsystem_vendor_id == FPK_PCI_ANY_ID ||
		e->subsystem_vendor_id == id->subsystem_vendor_id) &&
	       (e->subsystem_device_id == FPK_PCI_ANY_ID ||
		e->subsystem_device_id == id->subsystem_device_id) &&
	       (e->class_id == FPK_PCI_CLASS_ANY || e->class_id == id->class_id);
}

static bool
driver_matches(const struct fpk_pci_driver *drv, const struct fpk_pci_id *id)
{
	for (const struct fpk_pci_id *e = drv->id_table; e && e->vendor_id; e++)
		if (pci_id_match(e, id))
			return true;
	return false;
}

/* -------------------------------------------------------- probe, remove */

static bool
noiommu_param_on(int *err)
{
	char path[PATH_MAX], v[8] = "";
	int ret;

	*err = pci_sysfs_path(path, sizeof(path),
			"/sys/module/vfio/parameters/enable_unsafe_noiommu_mode");
	if (*err == 0 && (ret = pci_sysfs_read(path, v, sizeof(v))) < 0)
		*err = ret;
	return v[0] == 'Y' || v[0] == '1';
}

/*
 * 0: bound to vfio-pci. 1: a kernel driver has it and nobody asked for it:
 * not ours. < 0: meant for FPK (-a, or driver_override vfio-pci) but
 * unusable; logged with the fix.
 */
static int
check_binding(const struct pci_dev *d)
{
	const char *n = d->pub.name;
	int err;

	if (strcmp(d->kdrv, "vfio-pci") == 0)
		return 0;
	if (!d->allowed && strcmp(d->override, "vfio-pci") != 0) {
		PCI_LOG(DEBUG, "%s: in use by kernel driver '%s': skipped (to use it: "
			"usertools/fpk-devbind --bind vfio-pci %s)\n", n,
			d->kdrv[0] ? d->kdrv : "none", n);
		return 1;
	}
	if (d->kdrv[0] == '\0' && d->iommu_group < 0) {
		/* vfio-pci refuses a device without an IOMMU unless noiommu is on. */
		if (!noiommu_param_on(&err)) {
			if (err == -ENOENT)
				PCI_LOG(ERR, "%s has no IOMMU and VFIO is not loaded (no "
					"/sys/module/vfio): modprobe vfio-pci, then "
					"usertools/fpk-devbind --noiommu-mode --bind vfio-pci %s\n",
					n, n);
			else
				PCI_LOG(ERR, "%s has no IOMMU and vfio-pci did not take it: "
					"noiommu mode is off: write 1 to /sys/module/vfio/"
					"parameters/enable_unsafe_noiommu_mode before binding "
					"(usertools/fpk-devbind --noiommu-mode), then bind it "
					"again (usertools/fpk-devbind --bind vfio-pci %s)\n", n, n);
			return -ENODEV;
		}
	}
	PCI_LOG(ERR, "%s is not bound to vfio-pci (%s%s): bind it with "
		"usertools/fpk-devbind --bind vfio-pci %s\n", n,
		d->kdrv[0] ? "kernel driver: " : "no driver", d->kdrv, n);
	return -ENODEV;
}

/* @return 0 (a driver took it), 1 (no driver did), or a negative errno. */
static int
probe_one(struct pci_dev *d)
{
	const struct fpk_pci_id *id = &d->pub.id;
	bool matched = false;
	int ret = 1;

	for (struct fpk_pci_driver *drv = drivers; drv; drv = drv->next) {
		if (!driver_matches(drv, id))
			continue;
		matched = true;
		if ((drv->drv_flags & FPK_PCI_DRV_NEED_MAPPING) && !d->open) {
			ret = check_binding(d);
			if (ret == 0)
				ret = pci_vfio_open(d);
			if (ret)
				return ret;
		}
		if ((drv->drv_flags & FPK_PCI_DRV_NEED_PA) && d->path == PCI_PATH_CDEV_IOMMU) {
			PCI_LOG(ERR, "%s: driver %s needs physical DMA addresses, but the device "
				"is behind an IOMMU (DMA addresses are IOVA = VA): use another "
				"driver, or run the device without an IOMMU\n", d->pub.name,
				drv->name);
			ret = -ENOTSUP;
			break;
		}
		d->pub.driver = drv;
		ret = drv->probe(drv, &d->pub);
		if (ret == 0) {
			PCI_LOG(INFO, "%s (%04x:%04x) probed by %s%s%s\n", d->pub.name,
				id->vendor_id, id->device_id, drv->name, d->open ? " via the " : "",
				d->open ? pci_path_name(d->path) : "");
			return 0;
		}
		d->pub.driver = NULL;
		if (ret < 0) {
			PCI_LOG(ERR, "%s: driver %s failed to probe it: %s\n", d->pub.name,
				drv->name, strerror(-ret));
			break;
		}
		PCI_LOG(DEBUG, "%s: driver %s declined it\n", d->pub.name, drv->name);
	}
	if (d->open)
		pci_vfio_close(d);
	if (!matched && d->allowed)
		PCI_LOG(WARNING, "%s was given with -a, but no PCI driver handles %04x:%04x "
			"(class %06x)\n", d->pub.name, id->vendor_id, id->device_id, id->class_id);
	return ret;
}

int
pci_probe(void)
{
	int first_err = 0;

	for (struct pci_dev *d = pci_devices; d; d = d->next) {
		int ret;

		if (d->pub.driver)
			continue;
		ret = probe_one(d);
		if (ret < 0 && first_err == 0)
			first_err = ret;
	}
	return first_err;
}

struct fpk_pci_device *
fpk_pci_device_get(const char *name)
{
	char canon[FPK_PCI_NAME_LEN];
	struct pci_dev *d = NULL;

	if (name && pci_canonical_name(name, canon) == 0)
		d = pci_find_device(canon);
	if (d == NULL) {
		fpk_errno = ENOENT;
		return NULL;
	}
	return &d->pub;
}

int
fpk_pci_device_probe(const char *name)
{
	char canon[FPK_PCI_NAME_LEN];
	struct pci_dev *d;
	int ret;

	if (name == NULL || pci_canonical_name(name, canon))
		return -EINVAL;
	d = pci_find_device(canon);
	if (d && d->pub.driver)
		return -EEXIST;
	d = pci_sysfs_refresh(canon);
	if (d == NULL)
		return -ENODEV;
	d->allowed = true;
	ret = probe_one(d);
	return ret > 0 ? -ENOENT : ret;
}

static struct pci_dev *
known_device(const struct fpk_pci_device *dev)
{
	for (struct pci_dev *d = pci_devices; d; d = d->next)
		if (&d->pub == dev)
			return d;
	return NULL;
}

int
fpk_pci_device_remove(struct fpk_pci_device *dev)
{
	struct pci_dev *d = dev ? known_device(dev) : NULL;
	int ret = 0;

	if (d == NULL)
		return -EINVAL;
	if (d->pub.driver == NULL && !d->open)
		return -ENODEV;
	/* The driver stops its queues first: nothing may DMA after this. */
	if (d->pub.driver && d->pub.driver->remove) {
		ret = d->pub.driver->remove(dev);
		if (ret)
			PCI_LOG(ERR, "%s: driver %s failed to remove it (%s); closing the "
				"device anyway\n", d->pub.name, d->pub.driver->name,
				strerror(-ret));
	}
	d->pub.driver = NULL;
	d->pub.drv_private = NULL;
	pci_vfio_close(d);
	PCI_LOG(DEBUG, "%s removed\n", d->pub.name);
	return ret;
}

unsigned int
pci_open_count(void)
{
	unsigned int n = 0;

	for (struct pci_dev *d = pci_devices; d; d = d->next)
		n += d->open;
	return n;
}

void
pci_cleanup(void)
{
	while (pci_devices) {
		struct pci_dev *d = pci_devices;

		if (d->pub.driver || d->open)
			fpk_pci_device_remove(&d->pub);
		pci_devices = d->next;
		free(d);
	}
	pci_intr_fini();
}

static int
pci_bus_scan(void)
{
	pci_env_from_eal();
	return pci_scan();
}

/* ---------------------------------------------------------------- options */

static int
opt_no_pci(const char *arg)
{
	(void)arg;
	pci_env.no_pci = true;
	return 0;
}

static int
opt_vfio_mode(const char *arg)
{
	if (strcmp(arg, "cdev") == 0) {
		pci_env.vfio_mode = PCI_VFIO_MODE_CDEV;
	} else if (strcmp(arg, "group") == 0) {
		pci_env.vfio_mode = PCI_VFIO_MODE_GROUP;
	} else {
		PCI_LOG(ERR, "invalid --vfio-mode '%s': use 'cdev' or 'group'\n", arg);
		return -EINVAL;
	}
	return 0;
}

static void
options_reset(void)
{
	pci_env.no_pci = false;
	pci_env.vfio_mode = PCI_VFIO_MODE_AUTO;
}

static const struct fpk_bus_option pci_options[] = {
	{ .name = "no-pci", .has_arg = false, .parse = opt_no_pci },
	{ .name = "vfio-mode", .has_arg = true, .parse = opt_vfio_mode },
	{ .name = NULL },
};

static struct fpk_bus pci_bus = {
	.name = "pci",
	.scan = pci_bus_scan,
	.probe = pci_probe,
	.cleanup = pci_cleanup,
	.options = pci_options,
	.usage =
"  --no-pci              do not scan or use PCI devices\n"
"  --vfio-mode cdev|group  force the VFIO path: the device cdev with iommufd\n"
"                        (noiommu GET_PA or IOMMU), or the legacy group and\n"
"                        container (default: cdev when the kernel offers it)\n",
	.options_reset = options_reset,
};

FPK_REGISTER_BUS(pci, pci_bus)
