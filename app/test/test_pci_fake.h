/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A fake PCI world for the PCI bus tests: a sysfs + /dev tree built in a
 * temporary directory, and a fake kernel behind the bus's system-call
 * table that answers the VFIO cdev, iommufd and legacy group/container
 * ioctls, keeps config space and I/O ports per device, checks the rules
 * the real kernel enforces (alignment, exact unmaps, map flags, HWPT kinds,
 * no HWPT destroy while attached, no IOAS destroy while a HWPT or device
 * holds it) and records every call in an event log tests check the order of.
 *
 * HWPTs as in the patched kernel: IOMMU_HWPT_ALLOC makes one of the kind
 * of its dev_id (noiommu when the device's cdev is noiommu-vfioN); a device
 * attaches only to its own kind (EINVAL otherwise); an attach to the IOAS
 * id reuses or makes an automatic HWPT of the device's kind, which goes
 * with its last detach. GET_PA answers once a noiommu HWPT is in the IOAS
 * and no IOMMU one is (FPK's patch refuses mixed IOASes).
 */
#ifndef TEST_PCI_FAKE_H
#define TEST_PCI_FAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "pci_private.h"

#define FAKE_MAX_DEVS 8
#define FAKE_MAX_MAPS 64
#define FAKE_MAX_IRQS 8
#define FAKE_MAX_HWPTS 4
#define FAKE_HWPT_BASE 100  /* first HWPT id the fake gives out */

/* The physical address the fake GET_PA reports for an IOVA. */
#define FAKE_PA(iova) ((uint64_t)(iova) ^ (UINT64_C(1) << 46))

struct fake_dev_spec {
	const char *name;    /* "0000:00:02.0" */
	uint16_t vendor, device;
	uint32_t class_id;
	const char *driver;  /* kernel driver bound, NULL: none */
	const char *override;/* driver_override, NULL: unset */
	int group;           /* IOMMU group, -1: none */
	bool noiommu_group;  /* node is /dev/vfio/noiommu-N (else /dev/vfio/N) */
	const char *cdev;    /* vfio-dev entry, NULL: none */
	bool cdev_no_node;   /* listed without a device number, as stock 6.12 does */
	bool no_reset;       /* VFIO_DEVICE_FLAGS_RESET clear */
};

struct fake_dev {
	bool used;
	char name[16];
	char cdev[32];
	int group;
	bool can_reset;
	uint8_t cfg[4096];
	uint32_t cfg_size;
	uint8_t io[32];      /* BAR2: I/O ports */
	bool noiommu;        /* cdev is noiommu-vfioN */
	bool bound;
	bool attached;
	uint32_t hwpt;       /* HWPT attached to, 0: none */
	int irq_index;       /* -1: interrupts off */
	int irq_fds[FAKE_MAX_IRQS];
	unsigned int irq_count;
	unsigned int unmasks;
	unsigned int resets;
};

struct fake_map {
	uint64_t iova;
	uint64_t len;
	uint32_t flags;      /* IOMMU_IOAS_MAP_* as given */
};

struct fake_hwpt {
	uint32_t id;         /* 0: free slot */
	bool noiommu;        /* software-only (for noiommu devices) */
	bool autod;          /* made by an attach to the IOAS id */
	uint32_t alloc_dev;  /* dev_id given to IOMMU_HWPT_ALLOC, 0: auto */
	unsigned int users;  /* devices attached */
};

struct fake_kernel {
	/* Knobs. */
	char fail_open[64];        /* open of a path ending in this fails ... */
	int fail_open_errno;       /* ... with this errno */
	unsigned long fail_req;    /* this ioctl request fails ... */
	int fail_errno;            /* ... with this errno */
	int refuse_hwpt_alloc;     /* IOMMU_HWPT_ALLOC fails with this errno (0: works) */
	/* State. */
	struct fake_dev dev[FAKE_MAX_DEVS];
	struct fake_map maps[FAKE_MAX_MAPS];
	unsigned int nmaps;
	uint32_t ioas_id;          /* live IOAS, 0: none */
	struct fake_hwpt hwpt[FAKE_MAX_HWPTS];
	uint32_t next_hwpt_id;     /* FAKE_HWPT_BASE + HWPTs made so far */
	unsigned int hwpt_allocs;  /* successful IOMMU_HWPT_ALLOC calls */
	/* DMA hazards: a detach while that device's bus master is on; an
	 * unmap while an attached device's bus master is on. */
	unsigned int bm_on_at_detach;
	unsigned int bm_on_at_unmap;
	bool iommu_set;            /* container type set */
	unsigned int get_pa_calls;
	unsigned int open_fds;     /* fake fds not closed yet */
	char log[16384];           /* events, one per line */
};

extern struct fake_kernel fk;
extern const struct pci_sys_ops fake_sys_ops;

/*
 * Start a fake world: new tree, fake system calls, default options (auto
 * path, no --iova-mode, hugepages), bus log captured. @noiommu: value of
 * the vfio module's enable_unsafe_noiommu_mode ("Y"/"N"), NULL: no vfio
 * module. @return TEST_SUCCESS, or TEST_SKIPPED when real PCI devices are
 * open in this process (the tests would disturb them).
 */
int fake_setup(const char *noiommu);
/* Add a device to the tree and to the fake kernel. */
void fake_add_dev(const struct fake_dev_spec *s);
/* Clean up the bus, restore the real environment, remove the tree. */
void fake_teardown(void);
/* Append an event to fk.log (the test drivers log their calls too). */
void fake_event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Do @n events (substrings of log lines) appear in this order? */
bool fake_in_order(const char *const *events, unsigned int n);
/* Did the bus log a line containing @s since fake_setup()? */
bool fake_logged(const char *s);
/* The fake device named @name. */
struct fake_dev *fake_dev(const char *name);
/* The live HWPT @id, NULL if none; live HWPTs. */
struct fake_hwpt *fake_hwpt(uint32_t id);
unsigned int fake_hwpt_count(void);

/*
 * The fake NICs' ids: QEMU's PCI test device (1b36:0005), which no real PMD
 * claims, so drivers linked into fpk-test never take the fake devices.
 */
#define FAKE_VENDOR 0x1b36
#define FAKE_DEVICE 0x0005

/* A test driver for FAKE_VENDOR:FAKE_DEVICE. */
extern struct fpk_pci_driver fake_drv;
/* What fake_drv's probe returns. */
extern int fake_drv_probe_ret;

#endif /* TEST_PCI_FAKE_H */
