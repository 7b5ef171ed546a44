/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Bus registration, for bus drivers.
 *
 * Buses (PCI, virtual devices) register themselves from a constructor with
 * FPK_REGISTER_BUS(). fpk_eal_init() scans every bus, then probes every
 * bus, after memory is up; fpk_eal_cleanup() calls each bus's cleanup
 * (which stops and releases its devices, so DMA ends) before any memory is
 * released. A bus owns its command-line options (the PCI bus's `--no-pci`
 * and `--vfio-mode`): it lists them in struct fpk_bus, the EAL parses them
 * with its own and prints their usage lines in fpk_eal_usage().
 *
 * Part of the driver SDK: `#include <driver/fpk_bus.h>`.
 */
#ifndef FPK_BUS_H
#define FPK_BUS_H

#include "fpk_common.h"
#include "fpk_memory.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An EAL command-line option that a bus owns. */
struct fpk_bus_option {
	/** Long option name without the dashes, e.g. "no-pci". */
	const char *name;
	/** The option takes a value (`--name VALUE`). */
	bool has_arg;
	/**
	 * Apply the option.
	 * @param arg  Its value, or NULL for an option without one.
	 * @return 0, or a negative errno after logging the cause and the fix,
	 *   which fails fpk_eal_init().
	 */
	int (*parse)(const char *arg);
};

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
	/** Its options, ending with an entry whose name is NULL; NULL if none. */
	const struct fpk_bus_option *options;
	/** Its lines for fpk_eal_usage() (each ending in a newline); NULL if none. */
	const char *usage;
	/** Set its options back to their defaults; called before each parse. */
	void (*options_reset)(void);
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
