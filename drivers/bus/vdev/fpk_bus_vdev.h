/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtual device bus: devices named on the command line with --vdev
 * ("net_null0,size=64") are matched to drivers by name prefix ("net_null")
 * and probed at fpk_eal_init(); fpk_vdev_create() adds one at run time.
 */
#ifndef FPK_BUS_VDEV_H
#define FPK_BUS_VDEV_H

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct fpk_vdev_driver {
	const char *name;   /**< device names starting with this match */
	const char *usage;  /**< "size=<int> copy=<0|1>", shown on errors */
	/** Create the device @name with arguments @args. @return 0 or -errno. */
	int (*probe)(const char *name, const char *args);
	/** Destroy the device @name (stop and close its ports). */
	int (*remove)(const char *name);
	struct fpk_vdev_driver *next;
};

void fpk_vdev_register(struct fpk_vdev_driver *drv);

#define FPK_PMD_REGISTER_VDEV(nm, drv) \
	__attribute__((constructor)) static void fpk_vdev_reg_ ## nm(void) \
	{ fpk_vdev_register(&(drv)); }

/**
 * Create a virtual device at run time, as --vdev would.
 * @return 0; -EINVAL (no driver matches @name); -EEXIST; the probe's error.
 */
int fpk_vdev_create(const char *name, const char *args);
/** Remove a device made by --vdev or fpk_vdev_create(). @return 0 or -ENOENT. */
int fpk_vdev_remove(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* FPK_BUS_VDEV_H */
