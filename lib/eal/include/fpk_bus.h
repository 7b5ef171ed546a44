/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Buses (PCI, virtual devices) register themselves from a constructor.
 * fpk_eal_init() scans every bus, then probes every bus, after memory is up;
 * fpk_eal_cleanup() calls each bus's cleanup (which stops and releases its
 * devices, so DMA ends) before any memory is released.
 */
#ifndef FPK_BUS_H
#define FPK_BUS_H

#include "fpk_common.h"
#include "fpk_memory.h"

#ifdef __cplusplus
extern "C" {
#endif

struct fpk_bus {
	const char *name;
	/** Find devices (honouring -a/-b). @return 0 or a negative errno. */
	int (*scan)(void);
	/** Attach drivers to what was found. @return 0 or a negative errno. */
	int (*probe)(void);
	/** Stop and release every device; called once by fpk_eal_cleanup(). */
	void (*cleanup)(void);
	struct fpk_bus *next;
};

/** Add @bus to the list fpk_eal_init() works through (in registration order). */
void fpk_bus_register(struct fpk_bus *bus);

#define FPK_REGISTER_BUS(nm, bus) \
	__attribute__((constructor)) static void fpk_bus_reg_ ## nm(void) \
	{ fpk_bus_register(&(bus)); }

/** The bus named @name, or NULL. */
struct fpk_bus *fpk_bus_find_by_name(const char *name);

/** @return true if --no-pci was given. */
bool fpk_eal_no_pci(void);

/** The VFIO path the user asked for with --vfio-mode. */
enum fpk_vfio_mode {
	FPK_VFIO_MODE_AUTO = 0, /**< cdev + iommufd if the kernel offers it, else group */
	FPK_VFIO_MODE_CDEV,     /**< /dev/vfio/devices/(noiommu-)vfioN + /dev/iommu */
	FPK_VFIO_MODE_GROUP,    /**< /dev/vfio/(noiommu-)N + container (legacy) */
};
enum fpk_vfio_mode fpk_eal_vfio_mode(void);

/** The --iova-mode the user gave (FPK_IOVA_DC if none). */
enum fpk_iova_mode fpk_eal_iova_mode_requested(void);

#ifdef __cplusplus
}
#endif

#endif /* FPK_BUS_H */
