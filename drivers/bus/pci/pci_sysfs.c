/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCI bus's sysfs scan: every device under /sys/bus/pci/devices with
 * its ids, the kernel driver bound to it, its IOMMU group and its VFIO
 * cdev, filtered and checked against -a/-b, into the sorted pci_devices
 * list. Paths go under pci_env.root, so tests scan a fake tree.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fpk_devargs.h"
#include "pci_private.h"

/* ------------------------------------------------------------------ paths */

int
pci_sysfs_path(char *buf, size_t len, const char *fmt, ...)
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
int
pci_canonical_name(const char *s, char *buf)
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
		if (pci_canonical_name(da->name, canon) == 0 && strcmp(canon, name) == 0)
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

	if (pci_sysfs_path(dir, sizeof(dir), "/sys/bus/pci/devices/%s", name))
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
	struct pci_dev **pp = &pci_devices;

	while (*pp && strcmp((*pp)->pub.name, d->pub.name) < 0)
		pp = &(*pp)->next;
	d->next = *pp;
	*pp = d;
}

struct pci_dev *
pci_find_device(const char *canon)
{
	for (struct pci_dev *d = pci_devices; d; d = d->next)
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
		if (pci_canonical_name(da->name, canon)) {
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
	if (pci_sysfs_path(dir, sizeof(dir), "/sys/bus/pci/devices"))
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

		if (de->d_name[0] == '.' || pci_canonical_name(de->d_name, canon) ||
		    pci_find_device(canon))
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
		pci_canonical_name(da->name, canon);
		if (pci_find_device(canon) == NULL) {
			PCI_LOG(ERR, "-a %s: no such PCI device in %s: check the address "
				"(usertools/fpk-devbind --status lists network devices)\n",
				da->name, dir);
			pci_cleanup(); /* nothing is open yet: just drop the list */
			return -ENODEV;
		}
	}
	return 0;
}

struct pci_dev *
pci_sysfs_refresh(const char *canon)
{
	struct pci_dev *d = pci_find_device(canon);
	char dir[PATH_MAX];

	if (d == NULL) {
		d = scan_one(canon);
		if (d)
			insert_sorted(d);
	} else if (pci_sysfs_path(dir, sizeof(dir), "/sys/bus/pci/devices/%s", canon) == 0) {
		read_binding(d, dir);
	}
	return d;
}
