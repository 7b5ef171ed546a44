/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Bus registration, for bus drivers.
 *
 * Buses (PCI, virtual devices) register themselves from a constructor with
 * FPK_REGISTER_BUS(). fpk_eal_init() scans every bus, then probes every
 * bus, after memory is up; fpk_eal_cleanup() calls each bus's cleanup
 * (which stops and releases its devices, so DMA ends) before any memory is
 * released. The EAL options that concern buses (`--no-pci`, `--vfio-mode`,
 * `--iova-mode`) are read here.
 *
 * Part of the driver SDK: `#include <fpk/driver/fpk_bus.h>`.
 */
#ifndef FPK_BUS_H
#define FPK_BUS_H

#include "fpk_common.h"
#include "fpk_memory.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A bus. Each callback may be NULL when the bus has nothing to do at that
 * step.
 */
struct fpk_bus {
	/** Name for fpk_bus_find_by_name(), e.g. "pci" or "vdev". */
	const char *name;
	/**
	 * Find devices (honouring `-a`/`-b`). Every bus is scanned, in
	 * registration order, before any is probed.
	 * @return 0, or a negative errno, which fails fpk_eal_init().
	 */
	int (*scan)(void);
	/**
	 * Attach drivers to what was found.
	 * @return 0, or a negative errno, which fails fpk_eal_init().
	 */
	int (*probe)(void);
	/** Stop and release every device; called once by fpk_eal_cleanup(). */
	void (*cleanup)(void);
	/** Next bus in registration order; set by fpk_bus_register(). */
	struct fpk_bus *next;
};

/**
 * Add a bus at the end of the list fpk_eal_init() works through.
 *
 * @param[in,out] bus  The bus; it must stay valid for the life of the
 *                     process (a static structure). Its next field is
 *                     overwritten.
 */
void fpk_bus_register(struct fpk_bus *bus);

/**
 * Register a bus from a constructor, before main() runs.
 *
 * @param nm   Identifier, unique in the program, naming the constructor.
 * @param bus  The struct fpk_bus (an lvalue, not a pointer).
 */
#define FPK_REGISTER_BUS(nm, bus) \
	__attribute__((constructor)) static void fpk_bus_reg_ ## nm(void) \
	{ fpk_bus_register(&(bus)); }

/**
 * Find a registered bus by name.
 *
 * @param[in] name  The bus's name, e.g. "pci"; must not be NULL.
 * @return The bus, or NULL if no registered bus has that name.
 */
struct fpk_bus *fpk_bus_find_by_name(const char *name);

/**
 * Whether PCI devices are to be left alone.
 *
 * @return true if `--no-pci` was given, else false.
 */
bool fpk_eal_no_pci(void);

/** The VFIO path the user asked for with `--vfio-mode`. */
enum fpk_vfio_mode {
	/** No `--vfio-mode`: cdev + iommufd if the kernel offers it, else group. */
	FPK_VFIO_MODE_AUTO = 0,
	/** `--vfio-mode cdev`: /dev/vfio/devices/(noiommu-)vfioN + /dev/iommu. */
	FPK_VFIO_MODE_CDEV,
	/** `--vfio-mode group`: /dev/vfio/(noiommu-)N + container (legacy). */
	FPK_VFIO_MODE_GROUP,
};

/**
 * The VFIO path the user asked for.
 *
 * @return FPK_VFIO_MODE_CDEV or FPK_VFIO_MODE_GROUP as given with
 *   `--vfio-mode`, or FPK_VFIO_MODE_AUTO when it was not given.
 */
enum fpk_vfio_mode fpk_eal_vfio_mode(void);

/**
 * The DMA address mode the user asked for with `--iova-mode`. The mode in
 * use, which the buses decide, is fpk_eal_iova_mode().
 *
 * @return FPK_IOVA_PA (`--iova-mode pa`), FPK_IOVA_VA (`--iova-mode va`), or
 *   FPK_IOVA_DC when the option was not given.
 */
enum fpk_iova_mode fpk_eal_iova_mode_requested(void);

#ifdef __cplusplus
}
#endif

#endif /* FPK_BUS_H */
