/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The virtual device bus, for virtual poll-mode drivers.
 *
 * Part of the driver SDK: `#include <driver/fpk_bus_vdev.h>`.
 *
 * Devices named on the command line with `--vdev` ("net_null0,size=64") are
 * matched to drivers by name prefix ("net_null") and probed at
 * fpk_eal_init(); fpk_vdev_create() adds one at run time. At
 * fpk_eal_cleanup() every device is removed, newest first.
 */
#ifndef FPK_BUS_VDEV_H
#define FPK_BUS_VDEV_H

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A virtual device driver. */
struct fpk_vdev_driver {
	const char *name;   /**< device names starting with this match */
	const char *usage;  /**< "size=<int> copy=<0|1>", shown on errors */
	/**
	 * Create a device.
	 * @param name  The device's name, e.g. "net_null0".
	 * @param args  Its arguments, the text after the first ',' ("" if
	 *   none).
	 * @return 0 or a negative errno.
	 */
	int (*probe)(const char *name, const char *args);
	/**
	 * Destroy a device (stop and close its ports); may be NULL.
	 * @param name  The device's name.
	 * @return 0 or a negative errno; the bus forgets the device either way.
	 */
	int (*remove)(const char *name);
	/** The bus's list; set by fpk_vdev_register(). */
	struct fpk_vdev_driver *next;
};

/**
 * Register a virtual device driver. A device goes to the driver whose name
 * is the longest prefix of the device name.
 *
 * @param drv  The driver; it must stay valid for the life of the process
 *   (a static structure). Its next field is overwritten.
 */
void fpk_vdev_register(struct fpk_vdev_driver *drv);

/**
 * Register a virtual device driver from a constructor, before main() runs.
 *
 * @param nm  Identifier, unique in the program, naming the constructor.
 * @param drv  The struct fpk_vdev_driver (an lvalue, not a pointer).
 */
#define FPK_PMD_REGISTER_VDEV(nm, drv) \
	__attribute__((constructor)) static void fpk_vdev_reg_ ## nm(void) \
	{ fpk_vdev_register(&(drv)); }

/**
 * Create a virtual device at run time, as `--vdev` would.
 *
 * @param[in] name  The device's name, 1 to 63 characters, starting with a
 *   driver's name (e.g. "net_ring0"); no blanks or control characters.
 * @param[in] args  Its arguments ("key=value,..."), or NULL for none.
 * @return 0; -EINVAL if @p name is NULL or too long, holds a blank or a
 *   control character, or no driver matches it (the log lists the drivers); -EEXIST if a device of that name
 *   exists; -ENOSPC if 64 devices exist; or the driver's probe error.
 */
int fpk_vdev_create(const char *name, const char *args);

/**
 * Remove a device made by `--vdev` or fpk_vdev_create(), calling its
 * driver's remove.
 *
 * @param[in] name  The device's name; must not be NULL.
 * @return 0, or -ENOENT if there is no such device.
 */
int fpk_vdev_remove(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* FPK_BUS_VDEV_H */
