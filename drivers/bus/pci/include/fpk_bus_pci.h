/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCI bus, as a poll-mode driver sees it. A driver registers an id
 * table and probe/remove functions; at fpk_eal_init() the bus scans
 * /sys/bus/pci/devices, honours -a/-b/--no-pci, opens every matching device
 * that is bound to vfio-pci, maps its BARs, makes all EAL memory DMA-capable
 * for it (mapped into an iommufd IOAS, so pinned) and calls probe.
 *
 * Drivers never see which VFIO path is in use (noiommu cdev with GET_PA,
 * cdev behind an IOMMU, or the legacy noiommu group): BAR, config-space and
 * interrupt access look the same, and DMA addresses come from the EAL
 * (fpk_mem_virt2iova(), mbuf->buf_iova, memzone->iova) as usual.
 *
 * Teardown (fpk_pci_device_remove(), fpk_eal_cleanup()) calls the driver's
 * remove (which must stop all queues), clears bus mastering, disables the
 * interrupts, resets the device and unmaps its BARs before any memory is
 * unpinned: a device never DMAs into memory the process gave back.
 *
 * Threads: probe, remove and the configuration-space, reset and interrupt
 * set-up functions are slow path: call them from one control thread. The
 * BAR accessors are inline and lock-free; interrupt callbacks run on the
 * bus's interrupt thread. See doc/guides/bus_pci.md.
 */
#ifndef FPK_BUS_PCI_H
#define FPK_BUS_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "fpk_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Matches any vendor/device/subsystem id in an id table entry. */
#define FPK_PCI_ANY_ID 0xffff
/** Matches any class code in an id table entry. */
#define FPK_PCI_CLASS_ANY 0xffffffffu

/** One entry of a driver's id table; the table ends with vendor_id == 0. */
struct fpk_pci_id {
	uint32_t class_id;            /**< 24-bit class (0x020000 Ethernet) or FPK_PCI_CLASS_ANY */
	uint16_t vendor_id;           /**< exact match */
	uint16_t device_id;           /**< or FPK_PCI_ANY_ID */
	uint16_t subsystem_vendor_id; /**< or FPK_PCI_ANY_ID */
	uint16_t subsystem_device_id; /**< or FPK_PCI_ANY_ID */
};

/** Id-table entry initialiser for one vendor/device pair, any subsystem/class. */
#define FPK_PCI_DEVICE(vend, dev) \
	.class_id = FPK_PCI_CLASS_ANY, .vendor_id = (vend), .device_id = (dev), \
	.subsystem_vendor_id = FPK_PCI_ANY_ID, .subsystem_device_id = FPK_PCI_ANY_ID

/** A PCI address: domain:bus:device.function. */
struct fpk_pci_addr {
	uint32_t domain;
	uint8_t bus;
	uint8_t devid;
	uint8_t function;
};

/** Room for "0000:00:02.0" (and 5-digit domains) plus the NUL. */
#define FPK_PCI_NAME_LEN 16
#define FPK_PCI_MAX_BARS 6

/** BAR flags. */
#define FPK_PCI_BAR_MAPPED   0x1 /**< memory BAR mmap'ed at addr: fast inline access */
#define FPK_PCI_BAR_IO       0x2 /**< I/O-port BAR: access goes through the kernel */
#define FPK_PCI_BAR_64       0x4 /**< 64-bit memory BAR (the next BAR is its upper half) */
#define FPK_PCI_BAR_PREFETCH 0x8 /**< prefetchable memory */

struct fpk_pci_bar {
	void *addr;     /**< mapping, or NULL when the BAR is reached through the kernel */
	uint64_t len;   /**< size in bytes, 0 if the BAR is not implemented */
	uint32_t flags; /**< FPK_PCI_BAR_* */
};

enum fpk_pci_intr_type {
	FPK_PCI_INTR_NONE = 0,
	FPK_PCI_INTR_INTX,  /**< legacy line interrupt, one vector */
	FPK_PCI_INTR_MSI,
	FPK_PCI_INTR_MSIX,
	FPK_PCI_INTR_AUTO,  /**< for fpk_pci_intr_enable(): MSI-X, else MSI, else INTx */
};

struct fpk_pci_driver;

/** A device the bus found; drivers read it and own drv_private. */
struct fpk_pci_device {
	char name[FPK_PCI_NAME_LEN]; /**< "0000:00:02.0" */
	struct fpk_pci_addr addr;
	struct fpk_pci_id id;        /**< the device's own ids and class */
	int numa_node;               /**< FPK_SOCKET_ID_ANY (-1) if unknown */
	struct fpk_pci_bar bar[FPK_PCI_MAX_BARS];
	const char *devargs;         /**< text after "BDF," in -a, "" if none */
	struct fpk_pci_driver *driver; /**< the driver that probed it, or NULL */
	void *drv_private;           /**< the driver's, untouched by the bus */
	enum fpk_pci_intr_type intr_type; /**< enabled interrupt type, NONE if off */
	unsigned int intr_nvec;      /**< enabled vectors */
};

/** Driver flags. */
/** Open the device through VFIO before probe: BARs, DMA memory, interrupts. */
#define FPK_PCI_DRV_NEED_MAPPING 0x1
/** The driver needs physical DMA addresses: refused for devices behind an IOMMU. */
#define FPK_PCI_DRV_NEED_PA      0x2
/** The driver reports link changes by interrupt (ethdev's INTR_LSC). */
#define FPK_PCI_DRV_INTR_LSC     0x4

struct fpk_pci_driver {
	const char *name;                  /**< e.g. "net_e1000e" */
	const struct fpk_pci_id *id_table; /**< ends with an entry whose vendor_id is 0 */
	uint32_t drv_flags;                /**< FPK_PCI_DRV_* */
	/**
	 * Take @dev: @return 0 when the driver handles the device, > 0 when it
	 * declines (the next matching driver is tried), or a negative errno.
	 */
	int (*probe)(struct fpk_pci_driver *drv, struct fpk_pci_device *dev);
	/**
	 * Release @dev: stop every queue (no DMA may be in flight when this
	 * returns) and free the driver's state. @return 0 or a negative errno.
	 */
	int (*remove)(struct fpk_pci_device *dev);
	struct fpk_pci_driver *next;       /**< the bus's list; leave NULL */
};

/** Add @drv to the drivers the bus matches devices against (first registered, first tried). */
void fpk_pci_register_driver(struct fpk_pci_driver *drv);

/**
 * Take @drv off the list. Devices it probed must have been removed first.
 * @return 0, -ENOENT if it is not registered, -EBUSY if it still has devices.
 */
int fpk_pci_unregister_driver(struct fpk_pci_driver *drv);

/** Register PCI driver @drv (a struct fpk_pci_driver) from a constructor; @nm names it. */
#define FPK_PMD_REGISTER_PCI(nm, drv) \
	__attribute__((constructor)) static void fpk_pci_reg_ ## nm(void) \
	{ fpk_pci_register_driver(&(drv)); }

/**
 * The device named @name ("0000:00:02.0" or "00:02.0"), whether probed or
 * not, or NULL with fpk_errno ENOENT.
 */
struct fpk_pci_device *fpk_pci_device_get(const char *name);

/**
 * Scan and probe one device after fpk_eal_init() (hot plug, or one that
 * was removed). The -a/-b lists are ignored: naming it is consent.
 * @return 0; -EEXIST if it is already probed; -ENODEV if it does not exist;
 *   -ENOENT if no driver takes it; or the error of opening it or of the
 *   driver's probe (logged with the cause and the fix).
 */
int fpk_pci_device_probe(const char *name);

/**
 * Hot removal: the driver's remove, then bus master off, reset, interrupts
 * off, BARs unmapped; when it was the last open device, memory is unmapped
 * from the IOAS (unpinned) and the iommufd/container is closed.
 * @return 0; -EINVAL if @dev is NULL; -ENODEV if it is not probed; the
 *   driver's remove error (the device is closed anyway).
 */
int fpk_pci_device_remove(struct fpk_pci_device *dev);

/**
 * Read @len bytes of configuration space at @off.
 * @return @len; -EINVAL (out of range), -ENODEV (device not open), or the
 *   negative errno of the read.
 */
int fpk_pci_config_read(const struct fpk_pci_device *dev, void *buf, size_t len,
			unsigned int off);

/**
 * Write @len bytes of configuration space at @off.
 * @return @len; -EINVAL, -ENODEV, or the negative errno of the write.
 */
int fpk_pci_config_write(const struct fpk_pci_device *dev, const void *buf, size_t len,
			 unsigned int off);

/**
 * Offset of the first standard capability with id @cap (e.g. 0x10 PCIe,
 * 0x11 MSI-X). @return the offset (>= 0x40), 0 if absent, or a negative
 * errno of reading configuration space.
 */
int fpk_pci_find_capability(const struct fpk_pci_device *dev, uint8_t cap);

/**
 * Like fpk_pci_find_capability(), starting after the capability at @pos
 * (vendor-specific capabilities repeat). @return offset, 0, or -errno.
 */
int fpk_pci_find_next_capability(const struct fpk_pci_device *dev, uint8_t cap, int pos);

/**
 * Offset of the PCIe extended capability @cap (e.g. 0x0001 AER, 0x0003
 * serial number). @return the offset (>= 0x100), 0 if absent or if the
 * device has no extended configuration space, or a negative errno.
 */
int fpk_pci_find_ext_capability(const struct fpk_pci_device *dev, uint16_t cap);

/**
 * Set or clear the Bus Master bit of the command register (the device may
 * start DMA only with it set). @return 0, -ENODEV, or -errno of the access.
 */
int fpk_pci_set_bus_master(const struct fpk_pci_device *dev, bool enable);

/**
 * Reset the device (function-level or whatever reset vfio-pci offers).
 * @return 0; -ENOTSUP if the device has no usable reset; -ENODEV; -errno.
 */
int fpk_pci_reset(const struct fpk_pci_device *dev);

/**
 * Interrupt handler: runs on the bus's interrupt thread, one at a time.
 * For INTx the bus unmasks the line after it returns, so the handler must
 * clear the cause in the device first.
 */
typedef void (*fpk_pci_intr_cb_t)(struct fpk_pci_device *dev, unsigned int vec, void *arg);

/** Callback flag: link-state change handler, dispatched before the others. */
#define FPK_PCI_INTR_F_LSC 0x1

/**
 * Enable @nvec vectors of interrupt type @type (FPK_PCI_INTR_AUTO: MSI-X,
 * else MSI, else INTx, limited to what the device offers); the device's
 * intr_type and intr_nvec say what was enabled. Vectors deliver nothing
 * until a callback is registered.
 * @return 0; -EINVAL (bad type, nvec 0 or more than the device offers, or
 *   INTx with nvec > 1); -EBUSY (already enabled: disable first); -ENOTSUP
 *   (the device has no such interrupt); -ENODEV (not open); -ENOSPC; -errno.
 */
int fpk_pci_intr_enable(struct fpk_pci_device *dev, enum fpk_pci_intr_type type,
			unsigned int nvec);

/**
 * Call @cb(@dev, @vec, @arg) on the interrupt thread whenever vector @vec
 * fires. @flags: 0 or FPK_PCI_INTR_F_LSC.
 * @return 0; -EINVAL (@vec not enabled, NULL @cb, unknown flags); -EEXIST
 *   (the vector has a callback).
 */
int fpk_pci_intr_callback_register(struct fpk_pci_device *dev, unsigned int vec,
				   uint32_t flags, fpk_pci_intr_cb_t cb, void *arg);

/**
 * Stop calling the callback of @vec. When this returns, the callback is not
 * running (unless called from the callback itself). @return 0 or -ENOENT.
 */
int fpk_pci_intr_callback_unregister(struct fpk_pci_device *dev, unsigned int vec);

/**
 * Disable the device's interrupts and drop every callback.
 * @return 0 (also when nothing was enabled), or -errno of the kernel call.
 */
int fpk_pci_intr_disable(struct fpk_pci_device *dev);

/**
 * Slow path of the BAR accessors for BARs that are not mmap'ed (I/O ports,
 * or memory the kernel would not map): @size 1, 2 or 4 bytes at @off.
 * Returns all ones, as a failed PCI read does, when the access fails.
 */
uint32_t fpk_pci_bar_pio_read(const struct fpk_pci_device *dev, unsigned int bar,
			      uint32_t off, unsigned int size);
/** Write counterpart of fpk_pci_bar_pio_read(); failures are logged. */
void fpk_pci_bar_pio_write(const struct fpk_pci_device *dev, unsigned int bar,
			   uint32_t off, unsigned int size, uint32_t val);

/* PCI is little-endian. */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FPK_PCI_LE16(v) __builtin_bswap16(v)
#define FPK_PCI_LE32(v) __builtin_bswap32(v)
#else
#define FPK_PCI_LE16(v) (v)
#define FPK_PCI_LE32(v) (v)
#endif

/*
 * BAR register accessors. @off must lie inside the BAR (not checked on
 * this fast path). Reads are followed by a read barrier, so memory read
 * after a register (descriptors after a head pointer) is not read early;
 * writes are preceded by a write barrier, so descriptors written before a
 * doorbell are visible to the device when it rings.
 */
#define FPK_PCI_BAR_REG(d, b, o) ((volatile void *)((char *)(d)->bar[b].addr + (o)))

/** Read a 32-bit register of BAR @bar at @off. */
static inline uint32_t
fpk_pci_read32(const struct fpk_pci_device *dev, unsigned int bar, uint32_t off)
{
	uint32_t v;

	if (fpk_unlikely(dev->bar[bar].addr == NULL))
		return fpk_pci_bar_pio_read(dev, bar, off, 4);
	v = *(const volatile uint32_t *)FPK_PCI_BAR_REG(dev, bar, off);
	fpk_io_rmb();
	return FPK_PCI_LE32(v);
}

/** Read a 16-bit register of BAR @bar at @off. */
static inline uint16_t
fpk_pci_read16(const struct fpk_pci_device *dev, unsigned int bar, uint32_t off)
{
	uint16_t v;

	if (fpk_unlikely(dev->bar[bar].addr == NULL))
		return (uint16_t)fpk_pci_bar_pio_read(dev, bar, off, 2);
	v = *(const volatile uint16_t *)FPK_PCI_BAR_REG(dev, bar, off);
	fpk_io_rmb();
	return FPK_PCI_LE16(v);
}

/** Read an 8-bit register of BAR @bar at @off. */
static inline uint8_t
fpk_pci_read8(const struct fpk_pci_device *dev, unsigned int bar, uint32_t off)
{
	uint8_t v;

	if (fpk_unlikely(dev->bar[bar].addr == NULL))
		return (uint8_t)fpk_pci_bar_pio_read(dev, bar, off, 1);
	v = *(const volatile uint8_t *)FPK_PCI_BAR_REG(dev, bar, off);
	fpk_io_rmb();
	return v;
}

/** Write a 32-bit register of BAR @bar at @off. */
static inline void
fpk_pci_write32(const struct fpk_pci_device *dev, unsigned int bar, uint32_t off, uint32_t val)
{
	if (fpk_unlikely(dev->bar[bar].addr == NULL)) {
		fpk_pci_bar_pio_write(dev, bar, off, 4, val);
		return;
	}
	fpk_io_wmb();
	*(volatile uint32_t *)FPK_PCI_BAR_REG(dev, bar, off) = FPK_PCI_LE32(val);
}

/** Write a 16-bit register of BAR @bar at @off. */
static inline void
fpk_pci_write16(const struct fpk_pci_device *dev, unsigned int bar, uint32_t off, uint16_t val)
{
	if (fpk_unlikely(dev->bar[bar].addr == NULL)) {
		fpk_pci_bar_pio_write(dev, bar, off, 2, val);
		return;
	}
	fpk_io_wmb();
	*(volatile uint16_t *)FPK_PCI_BAR_REG(dev, bar, off) = FPK_PCI_LE16(val);
}

/** Write an 8-bit register of BAR @bar at @off. */
static inline void
fpk_pci_write8(const struct fpk_pci_device *dev, unsigned int bar, uint32_t off, uint8_t val)
{
	if (fpk_unlikely(dev->bar[bar].addr == NULL)) {
		fpk_pci_bar_pio_write(dev, bar, off, 1, val);
		return;
	}
	fpk_io_wmb();
	*(volatile uint8_t *)FPK_PCI_BAR_REG(dev, bar, off) = val;
}

#ifdef __cplusplus
}
#endif

#endif /* FPK_BUS_PCI_H */
