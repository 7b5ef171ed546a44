/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCI bus: registered drivers, the sysfs scan (ids, kernel driver,
 * IOMMU group and VFIO cdev of every device), -a/-b/--no-pci, id-table
 * matching, probe and remove, the bus's environment (which tests replace),
 * and its registration with the EAL.
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
static struct pci_dev *devices; /* sorted by name */

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
	pci_env.no_pci = fpk_eal_no_pci();
	pci_env.vfio_mode = fpk_eal_vfio_mode();
	pci_env.iova_mode = fpk_eal_iova_mode_requested();
	pci_env.huge = fpk_eal_has_hugepages();
}

void
pci_env_set(const char *root, const struct pci_sys_ops *sys)
{
	snprintf(pci_env.root, sizeof(pci_env.root), "%s", root ? root : "");
	pci_env.sys = sys ? sys : &sys_real;
}

int
pci_path(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = (size_t)snprintf(buf, len, "%s", pci_env.root);
	va_list ap;
	int m;

	if (n >= len)
		return -ENAMETOOLONG;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
	return m < 0 || (size_t)m >= len - n ? -ENAMETOOLONG : 0;
}

int
pci_sysfs_read(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (f == NULL)
		return -errno;
	if (fgets(buf, (int)len, f) == NULL)
		buf[0] = '\0';
	fclose(f);
	n = strcspn(buf, "\n");
	buf[n] = '\0';
	return (int)n;
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
	for (struct pci_dev *d = devices; d; d = d->next)
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

/* --------------------------------------------------------------- scanning */

/* Up to @max hex digits at *s; advances *s. @return 0 or -EINVAL. */
static int
parse_hex(const char **s, unsigned int max, unsigned int *v)
{
	unsigned int n = 0;

	*v = 0;
	for (; n < max; n++, (*s)++) {
		char c = **s;
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			break;
		*v = *v * 16 + d;
	}
	return n ? 0 : -EINVAL;
}

int
pci_parse_addr(const char *s, struct fpk_pci_addr *a)
{
	unsigned int f[4], n = 0;

	if (s == NULL)
		return -EINVAL;
	/* Fields: [domain:]bus:device.function; the domain may be left out. */
	for (;;) {
		if (n == 4 || parse_hex(&s, n == 0 ? 5 : 2, &f[n]))
			return -EINVAL;
		n++;
		if (*s == ':')
			s++;
		else
			break;
	}
	if (*s++ != '.' || n < 2 || n > 3 || parse_hex(&s, 1, &f[n]) || *s != '\0')
		return -EINVAL;
	if (n == 2) { /* bus:device.function */
		f[3] = f[2];
		f[2] = f[1];
		f[1] = f[0];
		f[0] = 0;
	}
	if (f[1] > 0xff || f[2] > 0x1f || f[3] > 7)
		return -EINVAL;
	a->domain = f[0];
	a->bus = (uint8_t)f[1];
	a->devid = (uint8_t)f[2];
	a->function = (uint8_t)f[3];
	return 0;
}

static void
addr_name(const struct fpk_pci_addr *a, char *buf)
{
	snprintf(buf, FPK_PCI_NAME_LEN, "%04x:%02x:%02x.%x", a->domain, a->bus, a->devid,
		 a->function);
}

/* Canonical name of @s into @buf; @return 0 or -EINVAL. */
static int
canonical_name(const char *s, char *buf)
{
	struct fpk_pci_addr a;

	if (pci_parse_addr(s, &a))
		return -EINVAL;
	addr_name(&a, buf);
	return 0;
}

/* The -a/-b entry of @type naming the device @name, or NULL. */
static const struct fpk_devargs *
devargs_for(enum fpk_devtype type, const char *name)
{
	const struct fpk_devargs *da = NULL;
	char canon[FPK_PCI_NAME_LEN];

	while ((da = fpk_devargs_next(type, da)) != NULL)
		if (canonical_name(da->name, canon) == 0 && strcmp(canon, name) == 0)
			return da;
	return NULL;
}

static int
read_hex_attr(const char *dir, const char *attr, unsigned long *v)
{
	char path[PATH_MAX], buf[32];
	char *end;
	int ret;

	if (snprintf(path, sizeof(path), "%s/%s", dir, attr) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	ret = pci_sysfs_read(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	*v = strtoul(buf, &end, 16);
	return end == buf ? -EINVAL : 0;
}

/* basename of the symlink @dir/@link into @buf, "" if there is none. */
static void
read_link_name(const char *dir, const char *link, char *buf, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	buf[0] = '\0';
	if (snprintf(path, sizeof(path), "%s/%s", dir, link) >= (int)sizeof(path))
		return;
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = '\0';
	if (snprintf(buf, len, "%s", strrchr(target, '/') ? strrchr(target, '/') + 1 : target) >=
	    (int)len)
		buf[0] = '\0'; /* no driver or group name is that long */
}

/*
 * (Re)read what can change while the process runs: the driver binding, the
 * IOMMU group and the VFIO cdev. @dir is the device's sysfs directory.
 */
static void
read_binding(struct pci_dev *d, const char *dir)
{
	char path[PATH_MAX], grp[32];
	struct dirent *de;
	DIR *dd;

	read_link_name(dir, "driver", d->kdrv, sizeof(d->kdrv));
	snprintf(path, sizeof(path), "%s/driver_override", dir);
	if (pci_sysfs_read(path, d->override, sizeof(d->override)) < 0 ||
	    strcmp(d->override, "(null)") == 0)
		d->override[0] = '\0';
	read_link_name(dir, "iommu_group", grp, sizeof(grp));
	d->iommu_group = grp[0] ? atoi(grp) : -1;
	/*
	 * A usable cdev has a device number ("dev"): stock kernels list noiommu
	 * devices in vfio-dev/ too, but register no character device for them.
	 */
	d->cdev[0] = '\0';
	snprintf(path, sizeof(path), "%s/vfio-dev", dir);
	dd = opendir(path);
	if (dd == NULL)
		return;
	while ((de = readdir(dd)) != NULL) {
		char dev[PATH_MAX + 300];

		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(d->cdev))
			continue;
		snprintf(dev, sizeof(dev), "%s/%s/dev", path, de->d_name);
		if (access(dev, F_OK) == 0) {
			memcpy(d->cdev, de->d_name, strlen(de->d_name) + 1);
			break;
		}
	}
	closedir(dd);
}

/* A device record for sysfs entry @name (canonical); NULL if unreadable. */
static struct pci_dev *
scan_one(const char *name)
{
	unsigned long vendor, device, svendor, sdevice, class;
	char dir[PATH_MAX], path[PATH_MAX + 16], buf[32];
	struct pci_dev *d;

	if (pci_path(dir, sizeof(dir), "/sys/bus/pci/devices/%s", name))
		return NULL;
	if (read_hex_attr(dir, "vendor", &vendor) || read_hex_attr(dir, "device", &device) ||
	    read_hex_attr(dir, "subsystem_vendor", &svendor) ||
	    read_hex_attr(dir, "subsystem_device", &sdevice) ||
	    read_hex_attr(dir, "class", &class)) {
		PCI_LOG(DEBUG, "%s: ids unreadable in %s: skipped\n", name, dir);
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return NULL;
	pci_parse_addr(name, &d->pub.addr);
	addr_name(&d->pub.addr, d->pub.name);
	d->pub.id.vendor_id = (uint16_t)vendor;
	d->pub.id.device_id = (uint16_t)device;
	d->pub.id.subsystem_vendor_id = (uint16_t)svendor;
	d->pub.id.subsystem_device_id = (uint16_t)sdevice;
	d->pub.id.class_id = (uint32_t)class & 0xffffff;
	d->pub.numa_node = -1;
	snprintf(path, sizeof(path), "%s/numa_node", dir);
	if (pci_sysfs_read(path, buf, sizeof(buf)) > 0 && atoi(buf) >= 0)
		d->pub.numa_node = atoi(buf);
	d->pub.devargs = "";
	d->fd = -1;
	d->group_fd = -1;
	d->irq_index = -1;
	read_binding(d, dir);
	return d;
}

static void
insert_sorted(struct pci_dev *d)
{
	struct pci_dev **pp = &devices;

	while (*pp && strcmp((*pp)->pub.name, d->pub.name) < 0)
		pp = &(*pp)->next;
	d->next = *pp;
	*pp = d;
}

static struct pci_dev *
find_device(const char *canon)
{
	for (struct pci_dev *d = devices; d; d = d->next)
		if (strcmp(d->pub.name, canon) == 0)
			return d;
	return NULL;
}

/* Every -a/-b name must be a PCI address: nothing else uses these lists. */
static int
check_devargs(enum fpk_devtype type, const char *opt)
{
	const struct fpk_devargs *da = NULL;
	char canon[FPK_PCI_NAME_LEN];

	while ((da = fpk_devargs_next(type, da)) != NULL) {
		if (canonical_name(da->name, canon)) {
			PCI_LOG(ERR, "%s '%s' is not a PCI address: write it as DDDD:BB:DD.F "
				"or BB:DD.F, e.g. 0000:00:02.0 (virtual devices go with --vdev)\n",
				opt, da->name);
			return -EINVAL;
		}
	}
	return 0;
}

int
pci_scan(void)
{
	const struct fpk_devargs *da = NULL;
	char dir[PATH_MAX], canon[FPK_PCI_NAME_LEN];
	bool allow_list = fpk_devargs_count(FPK_DEVTYPE_ALLOWED) > 0;
	struct dirent *de;
	DIR *dd;
	int ret;

	if (pci_env.no_pci) {
		PCI_LOG(DEBUG, "--no-pci: not scanning\n");
		return 0;
	}
	ret = check_devargs(FPK_DEVTYPE_ALLOWED, "-a");
	if (ret == 0)
		ret = check_devargs(FPK_DEVTYPE_BLOCKED, "-b");
	if (ret)
		return ret;
	if (pci_path(dir, sizeof(dir), "/sys/bus/pci/devices"))
		return -ENAMETOOLONG;
	dd = opendir(dir);
	if (dd == NULL) {
		if (!allow_list) {
			PCI_LOG(INFO, "no PCI bus here (%s: %s)\n", dir, strerror(errno));
			return 0;
		}
		PCI_LOG(ERR, "-a names PCI devices, but there is no PCI bus here (%s: %s)\n",
			dir, strerror(errno));
		return -ENODEV;
	}
	while ((de = readdir(dd)) != NULL) {
		struct pci_dev *d;

		if (de->d_name[0] == '.' || canonical_name(de->d_name, canon) ||
		    find_device(canon))
			continue;
		if (devargs_for(FPK_DEVTYPE_BLOCKED, canon)) {
			PCI_LOG(DEBUG, "%s: blocked with -b\n", canon);
			continue;
		}
		da = devargs_for(FPK_DEVTYPE_ALLOWED, canon);
		if (allow_list && da == NULL)
			continue;
		d = scan_one(de->d_name);
		if (d == NULL)
			continue;
		if (da) {
			d->allowed = true;
			d->pub.devargs = da->args;
		}
		insert_sorted(d);
	}
	closedir(dd);
	da = NULL;
	while ((da = fpk_devargs_next(FPK_DEVTYPE_ALLOWED, da)) != NULL) {
		canonical_name(da->name, canon);
		if (find_device(canon) == NULL) {
			PCI_LOG(ERR, "-a %s: no such PCI device in %s: check the address "
				"(usertools/fpk-devbind --status lists network devices)\n",
				da->name, dir);
			pci_cleanup(); /* nothing is open yet: just drop the list */
			return -ENODEV;
		}
	}
	return 0;
}

/* -------------------------------------------------------- probe, remove */

static bool
noiommu_param_on(int *err)
{
	char path[PATH_MAX], v[8] = "";
	int ret;

	*err = pci_path(path, sizeof(path),
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

	for (struct pci_dev *d = devices; d; d = d->next) {
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

	if (name && canonical_name(name, canon) == 0)
		d = find_device(canon);
	if (d == NULL) {
		fpk_errno = ENOENT;
		return NULL;
	}
	return &d->pub;
}

int
fpk_pci_device_probe(const char *name)
{
	char canon[FPK_PCI_NAME_LEN], dir[PATH_MAX];
	struct pci_dev *d;
	int ret;

	if (name == NULL || canonical_name(name, canon))
		return -EINVAL;
	d = find_device(canon);
	if (d && d->pub.driver)
		return -EEXIST;
	if (d == NULL) {
		d = scan_one(canon);
		if (d == NULL)
			return -ENODEV;
		insert_sorted(d);
	} else if (pci_path(dir, sizeof(dir), "/sys/bus/pci/devices/%s", canon) == 0) {
		read_binding(d, dir); /* it may have been rebound since the scan */
	}
	d->allowed = true;
	ret = probe_one(d);
	return ret > 0 ? -ENOENT : ret;
}

static struct pci_dev *
known_device(const struct fpk_pci_device *dev)
{
	for (struct pci_dev *d = devices; d; d = d->next)
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

	for (struct pci_dev *d = devices; d; d = d->next)
		n += d->open;
	return n;
}

void
pci_cleanup(void)
{
	while (devices) {
		struct pci_dev *d = devices;

		if (d->pub.driver || d->open)
			fpk_pci_device_remove(&d->pub);
		devices = d->next;
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

static struct fpk_bus pci_bus = {
	.name = "pci",
	.scan = pci_bus_scan,
	.probe = pci_probe,
	.cleanup = pci_cleanup,
};

FPK_REGISTER_BUS(pci, pci_bus)
