/* SPDX-License-Identifier: BSD-3-Clause */
/* The virtual device bus: matching --vdev names to drivers, probe, remove. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fpk_bus.h"
#include "fpk_bus_vdev.h"
#include "fpk_devargs.h"
#include "fpk_log.h"

#define VDEV_MAX 64

struct vdev {
	char name[FPK_DEV_NAME_MAX_LEN];
	struct fpk_vdev_driver *drv;
};

static struct fpk_vdev_driver *drivers;
static struct vdev devices[VDEV_MAX];
static unsigned int ndevices;

void
fpk_vdev_register(struct fpk_vdev_driver *drv)
{
	drv->next = drivers;
	drivers = drv;
}

/* The driver whose name is the longest prefix of @name. */
static struct fpk_vdev_driver *
match(const char *name)
{
	struct fpk_vdev_driver *best = NULL;

	for (struct fpk_vdev_driver *d = drivers; d; d = d->next)
		if (strncmp(name, d->name, strlen(d->name)) == 0 &&
		    (best == NULL || strlen(d->name) > strlen(best->name)))
			best = d;
	return best;
}

int
fpk_vdev_create(const char *name, const char *args)
{
	struct fpk_vdev_driver *drv;
	int ret;

	if (name == NULL || strlen(name) >= FPK_DEV_NAME_MAX_LEN) {
		FPK_LOG(ERR, BUS, "vdev name %s: give a name of 1 to %d characters\n",
			name == NULL ? "missing" : "too long", FPK_DEV_NAME_MAX_LEN - 1);
		return -EINVAL;
	}
	/* --vdev names are checked by the EAL; this is for names given at run time. */
	for (const char *c = name; *c != '\0'; c++) {
		if ((unsigned char)*c <= ' ' || *c == 0x7f) {
			FPK_LOG(ERR, BUS, "vdev '%s': character %zu is %s (0x%02x); device names "
				"cannot contain blanks or control characters: remove it\n", name,
				(size_t)(c - name) + 1, *c == ' ' ? "a space" :
				"a control character", (unsigned char)*c);
			return -EINVAL;
		}
	}
	for (unsigned int i = 0; i < ndevices; i++)
		if (strcmp(devices[i].name, name) == 0)
			return -EEXIST;
	drv = match(name);
	if (drv == NULL && drivers == NULL) {
		/* Only the bus was pulled in: see check_bus_linked() in the EAL. */
		FPK_LOG(ERR, BUS, "no driver for vdev '%s': no vdev driver is linked into this "
			"program (a static link without --whole-archive? link with "
			"$(pkg-config --static --libs libfpk))\n", name);
		return -EINVAL;
	}
	if (drv == NULL) {
		char known[256] = "";
		size_t off = 0;

		for (struct fpk_vdev_driver *d = drivers; d && off < sizeof(known) - 1; d = d->next)
			off += snprintf(known + off, sizeof(known) - off, "%s%s", off ? ", " : "",
					d->name);
		FPK_LOG(ERR, BUS, "vdev '%s': no driver for it; names start with one of: %s "
			"(and end with an index, e.g. net_null0)\n", name, known);
		return -EINVAL;
	}
	if (ndevices == VDEV_MAX)
		return -ENOSPC;
	ret = drv->probe(name, args ? args : "");
	if (ret) {
		FPK_LOG(ERR, BUS, "vdev '%s' failed: %s%s%s\n", name, strerror(-ret),
			drv->usage ? "; arguments: " : "", drv->usage ? drv->usage : "");
		return ret;
	}
	snprintf(devices[ndevices].name, sizeof(devices[0].name), "%s", name);
	devices[ndevices].drv = drv;
	ndevices++;
	return 0;
}

int
fpk_vdev_remove(const char *name)
{
	for (unsigned int i = 0; i < ndevices; i++) {
		if (strcmp(devices[i].name, name) != 0)
			continue;
		if (devices[i].drv->remove)
			devices[i].drv->remove(name);
		memmove(&devices[i], &devices[i + 1], (ndevices - i - 1) * sizeof(devices[0]));
		ndevices--;
		return 0;
	}
	return -ENOENT;
}

static int
vdev_probe(void)
{
	const struct fpk_devargs *da = NULL;
	int ret;

	while ((da = fpk_devargs_next(FPK_DEVTYPE_VIRTUAL, da)) != NULL) {
		ret = fpk_vdev_create(da->name, da->args);
		if (ret)
			return ret;
	}
	return 0;
}

static void
vdev_cleanup(void)
{
	/* Newest first: a device may depend on one created before it. */
	while (ndevices > 0)
		fpk_vdev_remove(devices[ndevices - 1].name);
}

static struct fpk_bus vdev_bus = {
	.name = "vdev",
	.probe = vdev_probe,
	.cleanup = vdev_cleanup,
};

FPK_REGISTER_BUS(vdev, vdev_bus)
