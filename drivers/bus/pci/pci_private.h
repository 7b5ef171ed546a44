/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the PCI bus shared by its files and with app/test: the
 * device record, the environment (sysfs/dev root, system-call table, EAL
 * options) that unit tests replace with a fake sysfs tree and a fake
 * kernel, and the steps of the bus as separate functions.
 *
 *   pci_bus.c       the bus: environment, driver list, id matching,
 *                   probe/remove, cleanup
 *   pci_sysfs.c     the sysfs scan: addresses, ids, bindings, -a/-b
 *   pci_vfio_ctx.c  the VFIO context: path choice, iommufd + IOAS (cdev
 *                   paths) or container (legacy group path), device fds
 *   pci_dma_map.c   DMA mapping: memory into the IOAS, DMA addresses
 *                   (GET_PA, IOVA = VA or pagemap)
 *   pci_vfio_dev.c  one device: regions, BARs, config space, bus master,
 *                   reset
 *   pci_intr.c      interrupts: eventfds, SET_IRQS, the interrupt thread
 */
#ifndef PCI_PRIVATE_H
#define PCI_PRIVATE_H

#include <limits.h>
#include <sys/types.h>

#include "fpk_bus.h"
#include "fpk_bus_pci.h"
#include "fpk_log.h"

#define PCI_LOG(level, ...) \
	fpk_log(FPK_LOG_ ## level, FPK_LOGTYPE_BUS, "PCI: " __VA_ARGS__)

/*
 * System calls on device nodes (/dev/vfio/..., /dev/iommu) and on the fds
 * they give. sysfs is read with plain stdio under pci_env.root; eventfd and
 * epoll are always real.
 */
struct pci_sys_ops {
	int (*open)(const char *path, int flags);
	int (*close)(int fd);
	int (*ioctl)(int fd, unsigned long req, void *arg);
	void *(*mmap)(size_t len, int prot, int fd, off_t off);
	int (*munmap)(void *addr, size_t len);
	ssize_t (*pread)(int fd, void *buf, size_t len, off_t off);
	ssize_t (*pwrite)(int fd, const void *buf, size_t len, off_t off);
};

/* The VFIO path asked for with --vfio-mode. */
enum pci_vfio_mode {
	PCI_VFIO_MODE_AUTO = 0, /* cdev + iommufd if the kernel offers it, else group */
	PCI_VFIO_MODE_CDEV,     /* /dev/vfio/devices/(noiommu-)vfioN + /dev/iommu */
	PCI_VFIO_MODE_GROUP,    /* /dev/vfio/(noiommu-)N + container (legacy) */
};

/* Everything the bus takes from outside, in one place tests can set. Its
 * options (pci_bus.c) set no_pci and vfio_mode; pci_env_from_eal() the
 * rest. */
struct pci_env {
	char root[PATH_MAX];            /* prefix of every /sys and /dev path; "" for real */
	const struct pci_sys_ops *sys;  /* never NULL */
	bool no_pci;                    /* --no-pci */
	enum pci_vfio_mode vfio_mode;   /* --vfio-mode */
	enum fpk_iova_mode iova_mode;   /* --iova-mode, FPK_IOVA_DC if not given */
	bool huge;                      /* EAL memory is hugepages (not --no-huge) */
};

extern struct pci_env pci_env;

/* Take the EAL's options and state into pci_env (the bus's scan does this). */
void pci_env_from_eal(void);
/* Tests: sysfs/dev root and system calls (NULL: "" and the real ones). */
void pci_env_set(const char *root, const struct pci_sys_ops *sys);

/* pci_sysfs.c: snprintf() of pci_env.root + the formatted path;
 * @return 0 or -ENAMETOOLONG. */
int pci_sysfs_path(char *buf, size_t len, const char *fmt, ...) __fpk_format_printf(3, 4);
/* First line of a sysfs file, without the newline; @return length or -errno. */
int pci_sysfs_read(const char *path, char *buf, size_t len);

/* The three ways to a device, fixed per process by the first device opened. */
enum pci_path {
	PCI_PATH_NONE = 0,
	PCI_PATH_CDEV_NOIOMMU,  /* noiommu-vfioN + iommufd; pinned, PAs from GET_PA */
	PCI_PATH_CDEV_IOMMU,    /* vfioN + iommufd behind an IOMMU; IOVA = VA */
	PCI_PATH_GROUP_NOIOMMU, /* /dev/vfio/noiommu-N + container; PAs from pagemap */
};
const char *pci_path_name(enum pci_path path);

/* VFIO region indexes of a PCI device: BAR0-5, ROM, config space. */
#define PCI_NUM_REGIONS 8
#define PCI_CONFIG_REGION 7
/* VFIO irq indexes: INTx, MSI, MSI-X. */
#define PCI_NUM_IRQ_INDEX 3

struct pci_region {
	uint64_t offset;  /* in the device fd */
	uint64_t size;
	uint32_t flags;   /* VFIO_REGION_INFO_FLAG_* */
};

struct pci_vec;

struct pci_dev {
	struct fpk_pci_device pub;
	/* From sysfs, at scan. */
	char kdrv[64];                  /* kernel driver bound now, "" if none */
	char override[64];              /* driver_override, "" if unset */
	char cdev[32];                  /* VFIO cdev (vfio-dev/ entry with a dev number) or "" */
	int iommu_group;                /* -1 if none */
	bool allowed;                   /* named with -a */
	/* Set while open through VFIO. */
	bool open;
	enum pci_path path;
	int fd;                         /* VFIO device fd */
	int group_fd;                   /* legacy path: the group; else -1 */
	uint32_t hwpt_id;               /* cdev paths: HWPT it is attached to, 0: none */
	struct pci_region reg[PCI_NUM_REGIONS];
	bool can_reset;
	uint32_t irq_count[PCI_NUM_IRQ_INDEX];
	/* Interrupts (pci_intr.c). */
	int irq_index;                  /* enabled VFIO irq index, -1 if none */
	struct pci_vec *vecs;           /* intr_nvec entries */
	struct pci_dev *next;
};

_Static_assert(offsetof(struct pci_dev, pub) == 0, "pci_dev_of() relies on it");

/* The bus's record of a device drivers see (pub comes first). */
static inline struct pci_dev *
pci_dev_of(const struct fpk_pci_device *dev)
{
	return (struct pci_dev *)(uintptr_t)dev;
}

/* The bus steps, callable by tests in this order: pci_scan() (pci_sysfs.c),
 * pci_probe() and pci_cleanup() (pci_bus.c). */
int pci_scan(void);
int pci_probe(void);
void pci_cleanup(void);
/* Does id-table entry @entry match device ids @id? */
bool pci_id_match(const struct fpk_pci_id *entry, const struct fpk_pci_id *id);
/* Number of devices open through VFIO. */
unsigned int pci_open_count(void);
/* Head of the device list (sorted by address), filled by pci_scan(). */
extern struct pci_dev *pci_devices;

/* pci_sysfs.c */
/* Parse "DDDD:BB:DD.F" or "BB:DD.F"; @return 0 or -EINVAL. */
int pci_parse_addr(const char *s, struct fpk_pci_addr *addr);
/* "DDDD:BB:DD.F" of an address given in either form into @buf
 * (FPK_PCI_NAME_LEN); @return 0 or -EINVAL. */
int pci_canonical_name(const char *s, char *buf);
/* The scanned device named @canon, NULL if none. */
struct pci_dev *pci_find_device(const char *canon);
/* For probing one device later: the device @canon, scanned now if it was
 * not at pci_scan() time, else with its binding read again (it may have
 * been rebound since). @return it, or NULL if sysfs has no such device. */
struct pci_dev *pci_sysfs_refresh(const char *canon);

/* pci_vfio_ctx.c: the process-wide VFIO context. */
struct pci_dma_map {
	uintptr_t va;           /* = IOVA */
	uint64_t len;
};
/*
 * The HWPTs of the IOAS, one per kind of device: a noiommu device can only
 * be attached to a software-only page table and a device behind an IOMMU
 * only to a real IOMMU domain, so each kind gets its own, allocated with
 * IOMMU_HWPT_ALLOC for the first device of that kind.
 */
enum pci_hwpt_kind {
	PCI_HWPT_NOIOMMU = 0,
	PCI_HWPT_IOMMU,
	PCI_HWPT_KINDS,
};
struct pci_hwpt {
	uint32_t id;            /* from IOMMU_HWPT_ALLOC, 0: none */
	int refused;            /* errno of a refused IOMMU_HWPT_ALLOC: devices of
				 * this kind attach to the IOAS (auto-attach) */
};
struct pci_vfio_ctx {
	enum pci_path path;
	unsigned int users;     /* open devices */
	int iommufd;            /* cdev paths */
	uint32_t ioas_id;
	struct pci_hwpt hwpt[PCI_HWPT_KINDS];
	int container;          /* legacy path */
	bool iommu_set;         /* VFIO_SET_IOMMU done on the container */
	/* pci_dma_map.c's */
	bool cb_registered;
	bool resolver_set;
	struct pci_dma_map *maps;
	unsigned int nmaps;
	unsigned int maps_cap;
	size_t mapped;          /* bytes */
};
extern struct pci_vfio_ctx pci_ctx;
/*
 * Choose the path for @d (logged with the reason), join the context
 * (creating it for the first device: iommufd + IOAS + memory mapping +
 * resolver, or the container) and open the device fd into d->fd.
 * @return 0 or a negative errno, logged with cause and fix.
 */
int pci_vfio_ctx_attach(struct pci_dev *d);
/*
 * Leave the context: for the last device, unmap all memory (unpin) while
 * it is still attached; then detach, close the device, and for the last
 * device destroy the HWPTs, then the IOAS, and close the iommufd (or the
 * container). The caller has stopped the device's DMA (bus master off).
 */
void pci_vfio_ctx_detach(struct pci_dev *d);
/*
 * The id a device of @path (a cdev path), bound with devid @dev_id, is to
 * be attached to: its kind's HWPT, allocated now (pt_id = the IOAS, dev_id
 * = @dev_id) if it has none yet; or the IOAS id itself when this kernel
 * refused IOMMU_HWPT_ALLOC (EOPNOTSUPP, EINVAL, ENOTTY: logged once per
 * kind), the kernel then picking the HWPT at attach.
 * @return 0 or a negative errno, logged.
 */
int pci_vfio_ctx_hwpt(enum pci_path path, uint32_t dev_id, uint32_t *pt_id);
/* Path of the context, PCI_PATH_NONE if no device is open. */
enum pci_path pci_vfio_ctx_path(void);

/* pci_dma_map.c: called by the context for its first and last device. */
/* Map every memory segment (cdev paths) and install the DMA-address
 * resolver; @return 0 or a negative errno, logged. */
int pci_dma_map_init(void);
/* Remove the resolver and unmap (unpin) everything. */
void pci_dma_map_fini(void);
/* Pinning @len more bytes (0: unknown, at attach) hit RLIMIT_MEMLOCK:
 * log by how much and the fix. */
void pci_dma_log_memlock(size_t len);

/* pci_vfio_dev.c */
/* Open @d through VFIO: context (pci_vfio_ctx_attach), regions, BARs, bus master. */
int pci_vfio_open(struct pci_dev *d);
/* Bus master off, interrupts off, reset, BARs unmapped, pci_vfio_ctx_detach(). */
void pci_vfio_close(struct pci_dev *d);

/* pci_intr.c */
/* Free the table of enabled vectors (bus cleanup; every device is closed). */
void pci_intr_fini(void);

#endif /* PCI_PRIVATE_H */
