/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The PCI bus, as a poll-mode driver sees it.
 *
 * Part of the driver SDK: `#include <driver/fpk_bus_pci.h>`.
 *
 * A driver registers an id table and probe/remove functions; at
 * fpk_eal_init() the bus scans /sys/bus/pci/devices, honours
 * `-a/-b/--no-pci`, opens every matching device that is bound to vfio-pci,
 * maps its BARs, makes all EAL memory DMA-capable for it (mapped into an
 * iommufd IOAS, so pinned) and calls probe.
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
 * EAL's interrupt thread (fpk_intr.h). See doc/guides/bus_pci.md.
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
	uint32_t domain;  /**< PCI domain (segment) */
	uint8_t bus;      /**< bus number */
	uint8_t devid;    /**< device number, 0 to 31 */
	uint8_t function; /**< function number, 0 to 7 */
};

/** Room for "0000:00:02.0" (and 5-digit domains) plus the NUL. */
#define FPK_PCI_NAME_LEN 16
/** Number of BARs of a (type 0) PCI function. */
#define FPK_PCI_MAX_BARS 6

/* BAR flags. */
#define FPK_PCI_BAR_MAPPED   0x1 /**< memory BAR mmap'ed at addr: fast inline access */
#define FPK_PCI_BAR_IO       0x2 /**< I/O-port BAR: access goes through the kernel */
#define FPK_PCI_BAR_64       0x4 /**< 64-bit memory BAR (the next BAR is its upper half) */
#define FPK_PCI_BAR_PREFETCH 0x8 /**< prefetchable memory */

/** A BAR of a device, as the bus opened it. */
struct fpk_pci_bar {
	void *addr;     /**< mapping, or NULL when the BAR is reached through the kernel */
	uint64_t len;   /**< size in bytes, 0 if the BAR is not implemented */
	uint32_t flags; /**< FPK_PCI_BAR_* */
};

/** An interrupt type. */
enum fpk_pci_intr_type {
	FPK_PCI_INTR_NONE = 0, /**< no interrupts enabled */
	FPK_PCI_INTR_INTX,  /**< legacy line interrupt, one vector */
	FPK_PCI_INTR_MSI,   /**< message-signalled interrupts */
	FPK_PCI_INTR_MSIX,  /**< MSI-X */
	FPK_PCI_INTR_AUTO,  /**< for fpk_pci_intr_enable(): MSI-X, else MSI, else INTx */
};

struct fpk_pci_driver;

/** A device the bus found; drivers read it and own drv_private. */
struct fpk_pci_device {
	char name[FPK_PCI_NAME_LEN]; /**< "0000:00:02.0" */
	struct fpk_pci_addr addr;    /**< its address */
	struct fpk_pci_id id;        /**< the device's own ids and class */
	int numa_node;               /**< FPK_SOCKET_ID_ANY (-1) if unknown */
	struct fpk_pci_bar bar[FPK_PCI_MAX_BARS]; /**< its BARs, valid while it is open */
	const char *devargs;         /**< text after "BDF," in -a, "" if none */
	struct fpk_pci_driver *driver; /**< the driver that probed it, or NULL */
	void *drv_private;           /**< the driver's, untouched by the bus */
	enum fpk_pci_intr_type intr_type; /**< enabled interrupt type, NONE if off */
	unsigned int intr_nvec;      /**< enabled vectors */
};

/* Driver flags. */
/** Driver flag: open the device through VFIO before probe: BARs, DMA memory, interrupts. */
#define FPK_PCI_DRV_NEED_MAPPING 0x1
/** Driver flag: the driver needs physical DMA addresses: refused for devices behind an IOMMU. */
#define FPK_PCI_DRV_NEED_PA      0x2
/** Driver flag: the driver reports link changes by interrupt (ethdev's INTR_LSC). */
#define FPK_PCI_DRV_INTR_LSC     0x4

/** A PCI poll-mode driver. */
struct fpk_pci_driver {
	const char *name;                  /**< driver name, such as "net_e1000e" */
	const struct fpk_pci_id *id_table; /**< ends with an entry whose vendor_id is 0 */
	uint32_t drv_flags;                /**< FPK_PCI_DRV_* */
	/**
	 * Take a device whose ids match the table.
	 * @param drv  This driver.
	 * @param dev  The device; with FPK_PCI_DRV_NEED_MAPPING it is open.
	 * @return 0 when the driver handles the device, > 0 when it declines
	 *   (the next matching driver is tried), or a negative errno.
	 */
	int (*probe)(struct fpk_pci_driver *drv, struct fpk_pci_device *dev);
	/**
	 * Release a device: stop every queue (no DMA may be in flight when
	 * this returns) and free the driver's state.
	 * @param dev  The device.
	 * @return 0 or a negative errno (the bus closes the device anyway).
	 */
	int (*remove)(struct fpk_pci_device *dev);
	struct fpk_pci_driver *next;       /**< the bus's list; leave NULL */
};

/**
 * Add a driver to those the bus matches devices against: first
 * registered, first tried. Registering a driver twice does nothing.
 *
 * @param drv  The driver; it must stay valid while registered (a static
 *   structure). Its next field is overwritten.
 */
void fpk_pci_register_driver(struct fpk_pci_driver *drv);

/**
 * Take a driver off the bus's list. Devices it probed must have been
 * removed first.
 *
 * @param drv  The driver.
 * @return 0; -EBUSY if a device is still bound to it; -ENOENT if it is not
 *   registered.
 */
int fpk_pci_unregister_driver(struct fpk_pci_driver *drv);

/**
 * Register a PCI driver from a constructor, before main() runs.
 *
 * @param nm  Identifier, unique in the program, naming the constructor.
 * @param drv  The struct fpk_pci_driver (an lvalue, not a pointer).
 */
#define FPK_PMD_REGISTER_PCI(nm, drv) \
	__attribute__((constructor)) static void fpk_pci_reg_ ## nm(void) \
	{ fpk_pci_register_driver(&(drv)); }

/**
 * Find a device the bus knows, whether probed or not.
 *
 * @param[in] name  Its address, "0000:00:02.0" or "00:02.0" (domain 0).
 * @return The device, or NULL with fpk_errno ENOENT if @p name is NULL, not
 *   a PCI address, or names no device the bus has seen.
 */
struct fpk_pci_device *fpk_pci_device_get(const char *name);

/**
 * Scan and probe one device after fpk_eal_init(): hot plug, or a device
 * that was removed. The `-a`/`-b` lists are ignored: naming it is consent.
 *
 * @param[in] name  Its address, "0000:00:02.0" or "00:02.0".
 * @return 0; -EINVAL if @p name is NULL or not a PCI address; -EEXIST if
 *   it is already probed; -ENODEV if it does not exist or is not usable
 *   through vfio-pci (the log gives the cause and the fix); -ENOENT if no
 *   driver takes it; -ENOTSUP if its driver needs physical addresses and
 *   the device is behind an IOMMU; or the error of opening it or of the
 *   driver's probe.
 */
int fpk_pci_device_probe(const char *name);

/**
 * Hot removal: the driver's remove, then bus mastering off, interrupts
 * off, reset, BARs unmapped; when it was the last open device, memory is
 * unmapped from the IOAS (unpinned) and the iommufd/container is closed.
 *
 * @param dev  The device.
 * @return 0; -EINVAL if @p dev is NULL or not a device of the bus; -ENODEV
 *   if it is neither probed nor open; or the driver's remove error (the
 *   device is closed anyway).
 */
int fpk_pci_device_remove(struct fpk_pci_device *dev);

/**
 * Read configuration space.
 *
 * @param[in] dev  The device, open.
 * @param[out] buf  Room for @p len bytes.
 * @param len  Number of bytes, not 0.
 * @param off  Offset in configuration space.
 * @return @p len; -EINVAL if @p dev or @p buf is NULL or the range is not
 *   inside configuration space; -ENODEV if the device is not open; -EIO on
 *   a short read; or the negative errno of the read.
 */
int fpk_pci_config_read(const struct fpk_pci_device *dev, void *buf, size_t len,
			unsigned int off);

/**
 * Write configuration space.
 *
 * @param[in] dev  The device, open.
 * @param[in] buf  The @p len bytes to write.
 * @param len  Number of bytes, not 0.
 * @param off  Offset in configuration space.
 * @return @p len; -EINVAL if @p dev or @p buf is NULL or the range is not
 *   inside configuration space; -ENODEV if the device is not open; -EIO on
 *   a short write; or the negative errno of the write.
 */
int fpk_pci_config_write(const struct fpk_pci_device *dev, const void *buf, size_t len,
			 unsigned int off);

/**
 * Find a standard capability in configuration space.
 *
 * @param[in] dev  The device, open.
 * @param cap  Capability id, e.g. 0x10 PCIe, 0x11 MSI-X.
 * @return Its offset (>= 0x40); 0 if absent; or a negative errno of
 *   reading configuration space (-EINVAL for a NULL @p dev).
 */
int fpk_pci_find_capability(const struct fpk_pci_device *dev, uint8_t cap);

/**
 * Find the next standard capability with an id, after a given one
 * (vendor-specific capabilities repeat).
 *
 * @param[in] dev  The device, open.
 * @param cap  Capability id.
 * @param pos  Offset of the capability to start after, or 0 to start from
 *   the beginning of the list.
 * @return Its offset (>= 0x40); 0 if there is no further one; -EINVAL if
 *   @p dev is NULL or @p pos is not 0 to 0xff; or a negative errno of
 *   reading configuration space.
 */
int fpk_pci_find_next_capability(const struct fpk_pci_device *dev, uint8_t cap, int pos);

/**
 * Find a PCIe extended capability.
 *
 * @param[in] dev  The device, open.
 * @param cap  Extended capability id, e.g. 0x0001 AER, 0x0003 serial number.
 * @return Its offset (>= 0x100); 0 if absent or if the device has no
 *   extended configuration space; -EINVAL for a NULL @p dev; or a negative
 *   errno of reading configuration space.
 */
int fpk_pci_find_ext_capability(const struct fpk_pci_device *dev, uint16_t cap);

/**
 * Set or clear the Bus Master bit of the command register; the device may
 * start DMA only with it set.
 *
 * @param[in] dev  The device, open.
 * @param enable  true to set the bit, false to clear it.
 * @return 0; -EINVAL for a NULL @p dev; -ENODEV if the device is not open;
 *   or another negative errno of the configuration-space access.
 */
int fpk_pci_set_bus_master(const struct fpk_pci_device *dev, bool enable);

/**
 * Reset the device, with whatever reset vfio-pci offers for it
 * (function-level or other).
 *
 * @param[in] dev  The device, open.
 * @return 0; -EINVAL for a NULL @p dev; -ENODEV if the device is not open;
 *   -ENOTSUP if it has no usable reset; or the negative errno of the reset.
 */
int fpk_pci_reset(const struct fpk_pci_device *dev);

/**
 * Interrupt handler: runs on the EAL's interrupt thread, one at a time,
 * with the interrupt lock held (fpk_intr_lock()).
 * For INTx the bus unmasks the line after it returns, so the handler must
 * clear the cause in the device first.
 *
 * @param dev  The device.
 * @param vec  The vector that fired.
 * @param arg  The argument given at registration.
 */
typedef void (*fpk_pci_intr_cb_t)(struct fpk_pci_device *dev, unsigned int vec, void *arg);

/** Callback flag: link-state change handler, dispatched before the others. */
#define FPK_PCI_INTR_F_LSC 0x1

/**
 * Enable interrupt vectors. The device's intr_type and intr_nvec say what
 * was enabled. Vectors deliver nothing until a callback is registered.
 *
 * @param dev  The device, open.
 * @param type  FPK_PCI_INTR_INTX, FPK_PCI_INTR_MSI, FPK_PCI_INTR_MSIX, or
 *   FPK_PCI_INTR_AUTO: MSI-X, else MSI, else INTx, whichever the device
 *   offers first.
 * @param nvec  Number of vectors; with FPK_PCI_INTR_AUTO it is lowered to
 *   what the device offers.
 * @return 0; -EINVAL (NULL @p dev, a bad @p type, @p nvec 0 or more than
 *   the device offers, or INTx with @p nvec > 1); -ENODEV (not open);
 *   -EBUSY (already enabled: disable first); -ENOTSUP (the device has no
 *   such interrupt); -ENOMEM; or the negative errno of creating or watching
 *   an eventfd or of the VFIO call.
 */
int fpk_pci_intr_enable(struct fpk_pci_device *dev, enum fpk_pci_intr_type type,
			unsigned int nvec);

/**
 * Have a callback called on the interrupt thread whenever a vector fires.
 *
 * @param dev  The device.
 * @param vec  The vector, below the device's intr_nvec.
 * @param flags  0 or FPK_PCI_INTR_F_LSC.
 * @param cb  The callback, called as cb(@p dev, @p vec, @p arg).
 * @param arg  Its argument.
 * @return 0; -EINVAL (NULL @p dev or @p cb, unknown @p flags, or @p vec not
 *   enabled); -EEXIST (the vector has a callback).
 */
int fpk_pci_intr_callback_register(struct fpk_pci_device *dev, unsigned int vec,
				   uint32_t flags, fpk_pci_intr_cb_t cb, void *arg);

/**
 * Stop calling the callback of a vector. When this returns, the callback
 * is not running (unless this is called from the callback itself).
 *
 * @param dev  The device.
 * @param vec  The vector.
 * @return 0; -EINVAL for a NULL @p dev; -ENOENT if the vector has no
 *   callback.
 */
int fpk_pci_intr_callback_unregister(struct fpk_pci_device *dev, unsigned int vec);

/**
 * Disable the device's interrupts and drop every callback.
 *
 * @param dev  The device.
 * @return 0 (also when nothing was enabled); -EINVAL for a NULL @p dev; or
 *   the negative errno of the VFIO call (the vectors are released anyway).
 */
int fpk_pci_intr_disable(struct fpk_pci_device *dev);

/**
 * Read a register of a BAR that is not mmap'ed (I/O ports, or memory the
 * kernel would not map), through the kernel: the slow path of the BAR
 * accessors. An invalid access or a failed read is logged.
 *
 * @param[in] dev  The device, open.
 * @param bar  BAR index, below FPK_PCI_MAX_BARS.
 * @param off  Offset in the BAR; the access must lie inside it.
 * @param size  Access size in bytes: 1, 2 or 4.
 * @return The value read (little-endian bytes in CPU order), or all ones,
 *   as a failed PCI read gives, when the access is invalid or fails.
 */
uint32_t fpk_pci_bar_pio_read(const struct fpk_pci_device *dev, unsigned int bar,
			      uint32_t off, unsigned int size);
/**
 * Write counterpart of fpk_pci_bar_pio_read(); an invalid access or a
 * failed write is logged.
 *
 * @param[in] dev  The device, open.
 * @param bar  BAR index, below FPK_PCI_MAX_BARS.
 * @param off  Offset in the BAR; the access must lie inside it.
 * @param size  Access size in bytes: 1, 2 or 4.
 * @param val  The value to write (its low @p size bytes).
 */
void fpk_pci_bar_pio_write(const struct fpk_pci_device *dev, unsigned int bar,
			   uint32_t off, unsigned int size, uint32_t val);

/* PCI is little-endian. */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FPK_PCI_LE16(v) __builtin_bswap16(v)
#define FPK_PCI_LE32(v) __builtin_bswap32(v)
#else
/**
 * Convert a 16-bit value between little-endian (PCI) and CPU order.
 *
 * @param v  The value.
 */
#define FPK_PCI_LE16(v) (v)
/**
 * Convert a 32-bit value between little-endian (PCI) and CPU order.
 *
 * @param v  The value.
 */
#define FPK_PCI_LE32(v) (v)
#endif

/*
 * BAR register accessors. @off must lie inside the BAR (not checked on
 * this fast path). Reads are followed by a read barrier, so memory read
 * after a register (descriptors after a head pointer) is not read early;
 * writes are preceded by a write barrier, so descriptors written before a
 * doorbell are visible to the device when it rings.
 */
/** @cond INTERNAL */
#define FPK_PCI_BAR_REG(d, b, o) ((volatile void *)((char *)(d)->bar[b].addr + (o)))
/** @endcond */

/**
 * Read a 32-bit register of a BAR, followed by a read barrier; a BAR that
 * is not mmap'ed is read through fpk_pci_bar_pio_read().
 *
 * @param[in] dev  The device, open.
 * @param bar  BAR index.
 * @param off  Offset in the BAR; it must lie inside it (not checked).
 * @return The register's value in CPU order.
 */
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

/**
 * Read a 16-bit register of a BAR, followed by a read barrier; a BAR that
 * is not mmap'ed is read through fpk_pci_bar_pio_read().
 *
 * @param[in] dev  The device, open.
 * @param bar  BAR index.
 * @param off  Offset in the BAR; it must lie inside it (not checked).
 * @return The register's value in CPU order.
 */
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

/**
 * Read a 8-bit register of a BAR, followed by a read barrier; a BAR that
 * is not mmap'ed is read through fpk_pci_bar_pio_read().
 *
 * @param[in] dev  The device, open.
 * @param bar  BAR index.
 * @param off  Offset in the BAR; it must lie inside it (not checked).
 * @return The register's value in CPU order.
 */
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

/**
 * Write a 32-bit register of a BAR, after a write barrier; a BAR that is
 * not mmap'ed is written through fpk_pci_bar_pio_write().
 *
 * @param[in] dev  The device, open.
 * @param bar  BAR index.
 * @param off  Offset in the BAR; it must lie inside it (not checked).
 * @param val  The value, in CPU order.
 */
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

/**
 * Write a 16-bit register of a BAR, after a write barrier; a BAR that is
 * not mmap'ed is written through fpk_pci_bar_pio_write().
 *
 * @param[in] dev  The device, open.
 * @param bar  BAR index.
 * @param off  Offset in the BAR; it must lie inside it (not checked).
 * @param val  The value, in CPU order.
 */
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

/**
 * Write a 8-bit register of a BAR, after a write barrier; a BAR that is
 * not mmap'ed is written through fpk_pci_bar_pio_write().
 *
 * @param[in] dev  The device, open.
 * @param bar  BAR index.
 * @param off  Offset in the BAR; it must lie inside it (not checked).
 * @param val  The value, in CPU order.
 */
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
