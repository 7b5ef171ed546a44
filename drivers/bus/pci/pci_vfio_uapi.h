/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel ABI the PCI bus uses that the build host's headers may lack:
 * the VFIO device cdev ioctls (bind/attach/detach to an iommufd) and the
 * iommufd ioctls (IOAS alloc/map/unmap, destroy, and IOMMU_IOAS_NOIOMMU_GET_PA
 * from the noiommu series). Debian 12's linux-libc-dev (6.1) has none of
 * them. Names carry an FPK_/fpk_ prefix so newer system headers that do
 * define them cannot clash. The classic VFIO ABI (group, container, device
 * info, regions, IRQs, reset) comes from <linux/vfio.h>, which has had it
 * for years; its request numbers are checked here as well.
 *
 * Sizes, field offsets and request numbers are the kernel's ABI (x86_64);
 * they are asserted at compile time so a typo cannot reach a kernel.
 */
#ifndef PCI_VFIO_UAPI_H
#define PCI_VFIO_UAPI_H

#include <stddef.h>
#include <stdint.h>
#include <linux/ioctl.h>
#include <linux/vfio.h>

/* iommufd ioctls carry no size in the request; the struct's size field versions it. */
#define FPK_IOMMUFD_TYPE ';'

struct fpk_iommu_destroy {
	uint32_t size;
	uint32_t id;
};
#define FPK_IOMMU_DESTROY _IO(FPK_IOMMUFD_TYPE, 0x80)

struct fpk_iommu_ioas_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t out_ioas_id;
};
#define FPK_IOMMU_IOAS_ALLOC _IO(FPK_IOMMUFD_TYPE, 0x81)

#define FPK_IOMMU_IOAS_MAP_FIXED_IOVA (1u << 0)
#define FPK_IOMMU_IOAS_MAP_WRITEABLE  (1u << 1)
#define FPK_IOMMU_IOAS_MAP_READABLE   (1u << 2)

struct fpk_iommu_ioas_map {
	uint32_t size;
	uint32_t flags;
	uint32_t ioas_id;
	uint32_t reserved;
	uint64_t user_va;
	uint64_t length;
	uint64_t iova;
};
#define FPK_IOMMU_IOAS_MAP _IO(FPK_IOMMUFD_TYPE, 0x85)

struct fpk_iommu_ioas_unmap {
	uint32_t size;
	uint32_t ioas_id;
	uint64_t iova;
	uint64_t length; /* in: bytes to unmap; out: bytes unmapped */
};
#define FPK_IOMMU_IOAS_UNMAP _IO(FPK_IOMMUFD_TYPE, 0x86)

/*
 * A HWPT (I/O page table) in an IOAS, made for the kind of device @dev_id
 * is: a software-only one for a noiommu device, a real IOMMU domain
 * otherwise. Only the plain case is used: no flags, no driver data. The
 * kernel's struct goes on (fault_id, ...); a shorter size is allowed and
 * reads as zeros.
 */
struct fpk_iommu_hwpt_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t dev_id;
	uint32_t pt_id;       /* the IOAS */
	uint32_t out_hwpt_id;
	uint32_t reserved;
	uint32_t data_type;   /* IOMMU_HWPT_DATA_NONE = 0 */
	uint32_t data_len;
	uint64_t data_uptr;
};
#define FPK_IOMMU_HWPT_ALLOC _IO(FPK_IOMMUFD_TYPE, 0x89)

/* Physical address behind an IOVA of an IOAS that noiommu devices are attached to. */
struct fpk_iommu_ioas_noiommu_get_pa {
	uint32_t size;
	uint32_t flags;    /* must be 0 */
	uint32_t ioas_id;
	uint32_t reserved; /* must be 0 */
	uint64_t iova;
	uint64_t length;   /* in: bound (non-zero); out: contiguous bytes from out_phys */
	uint64_t out_phys;
};
#define FPK_IOMMU_IOAS_NOIOMMU_GET_PA _IO(FPK_IOMMUFD_TYPE, 0x95)

/* VFIO device cdev <-> iommufd. */
struct fpk_vfio_device_bind_iommufd {
	uint32_t argsz;
	uint32_t flags;
	int32_t iommufd;
	uint32_t out_devid;
};
#define FPK_VFIO_DEVICE_BIND_IOMMUFD _IO(VFIO_TYPE, VFIO_BASE + 18)

struct fpk_vfio_device_attach_iommufd_pt {
	uint32_t argsz;
	uint32_t flags;
	uint32_t pt_id; /* in: HWPT or IOAS id; out: the HWPT the device is attached to */
};
#define FPK_VFIO_DEVICE_ATTACH_IOMMUFD_PT _IO(VFIO_TYPE, VFIO_BASE + 19)

struct fpk_vfio_device_detach_iommufd_pt {
	uint32_t argsz;
	uint32_t flags;
};
#define FPK_VFIO_DEVICE_DETACH_IOMMUFD_PT _IO(VFIO_TYPE, VFIO_BASE + 20)

/* Layouts. */
_Static_assert(sizeof(struct fpk_iommu_destroy) == 8, "iommu_destroy");
_Static_assert(sizeof(struct fpk_iommu_ioas_alloc) == 12, "iommu_ioas_alloc");
_Static_assert(sizeof(struct fpk_iommu_ioas_map) == 40, "iommu_ioas_map");
_Static_assert(offsetof(struct fpk_iommu_ioas_map, user_va) == 16, "ioas_map.user_va");
_Static_assert(offsetof(struct fpk_iommu_ioas_map, iova) == 32, "ioas_map.iova");
_Static_assert(sizeof(struct fpk_iommu_ioas_unmap) == 24, "iommu_ioas_unmap");
_Static_assert(offsetof(struct fpk_iommu_ioas_unmap, iova) == 8, "ioas_unmap.iova");
_Static_assert(sizeof(struct fpk_iommu_hwpt_alloc) == 40, "iommu_hwpt_alloc");
_Static_assert(offsetof(struct fpk_iommu_hwpt_alloc, out_hwpt_id) == 16, "hwpt_alloc.out_hwpt_id");
_Static_assert(offsetof(struct fpk_iommu_hwpt_alloc, data_uptr) == 32, "hwpt_alloc.data_uptr");
_Static_assert(sizeof(struct fpk_iommu_ioas_noiommu_get_pa) == 40, "noiommu_get_pa");
_Static_assert(offsetof(struct fpk_iommu_ioas_noiommu_get_pa, iova) == 16, "get_pa.iova");
_Static_assert(offsetof(struct fpk_iommu_ioas_noiommu_get_pa, length) == 24, "get_pa.length");
_Static_assert(offsetof(struct fpk_iommu_ioas_noiommu_get_pa, out_phys) == 32, "get_pa.out_phys");
_Static_assert(sizeof(struct fpk_vfio_device_bind_iommufd) == 16, "bind_iommufd");
_Static_assert(sizeof(struct fpk_vfio_device_attach_iommufd_pt) == 12, "attach_pt");
_Static_assert(sizeof(struct fpk_vfio_device_detach_iommufd_pt) == 8, "detach_pt");

/* Request numbers (x86_64). */
_Static_assert(FPK_IOMMU_DESTROY == 0x3b80, "IOMMU_DESTROY");
_Static_assert(FPK_IOMMU_IOAS_ALLOC == 0x3b81, "IOMMU_IOAS_ALLOC");
_Static_assert(FPK_IOMMU_IOAS_MAP == 0x3b85, "IOMMU_IOAS_MAP");
_Static_assert(FPK_IOMMU_IOAS_UNMAP == 0x3b86, "IOMMU_IOAS_UNMAP");
_Static_assert(FPK_IOMMU_HWPT_ALLOC == 0x3b89, "IOMMU_HWPT_ALLOC");
_Static_assert(FPK_IOMMU_IOAS_NOIOMMU_GET_PA == 0x3b95, "IOMMU_IOAS_NOIOMMU_GET_PA");
_Static_assert(FPK_VFIO_DEVICE_BIND_IOMMUFD == 0x3b76, "VFIO_DEVICE_BIND_IOMMUFD");
_Static_assert(FPK_VFIO_DEVICE_ATTACH_IOMMUFD_PT == 0x3b77, "VFIO_DEVICE_ATTACH_IOMMUFD_PT");
_Static_assert(FPK_VFIO_DEVICE_DETACH_IOMMUFD_PT == 0x3b78, "VFIO_DEVICE_DETACH_IOMMUFD_PT");
_Static_assert(VFIO_GET_API_VERSION == 0x3b64, "VFIO_GET_API_VERSION");
_Static_assert(VFIO_CHECK_EXTENSION == 0x3b65, "VFIO_CHECK_EXTENSION");
_Static_assert(VFIO_SET_IOMMU == 0x3b66, "VFIO_SET_IOMMU");
_Static_assert(VFIO_GROUP_GET_STATUS == 0x3b67, "VFIO_GROUP_GET_STATUS");
_Static_assert(VFIO_GROUP_SET_CONTAINER == 0x3b68, "VFIO_GROUP_SET_CONTAINER");
_Static_assert(VFIO_GROUP_UNSET_CONTAINER == 0x3b69, "VFIO_GROUP_UNSET_CONTAINER");
_Static_assert(VFIO_GROUP_GET_DEVICE_FD == 0x3b6a, "VFIO_GROUP_GET_DEVICE_FD");
_Static_assert(VFIO_DEVICE_GET_INFO == 0x3b6b, "VFIO_DEVICE_GET_INFO");
_Static_assert(VFIO_DEVICE_GET_REGION_INFO == 0x3b6c, "VFIO_DEVICE_GET_REGION_INFO");
_Static_assert(VFIO_DEVICE_GET_IRQ_INFO == 0x3b6d, "VFIO_DEVICE_GET_IRQ_INFO");
_Static_assert(VFIO_DEVICE_SET_IRQS == 0x3b6e, "VFIO_DEVICE_SET_IRQS");
_Static_assert(VFIO_DEVICE_RESET == 0x3b6f, "VFIO_DEVICE_RESET");
_Static_assert(VFIO_NOIOMMU_IOMMU == 8, "VFIO_NOIOMMU_IOMMU");
_Static_assert(VFIO_PCI_CONFIG_REGION_INDEX == 7, "config space region");
_Static_assert(VFIO_PCI_MSIX_IRQ_INDEX == 2 && VFIO_PCI_INTX_IRQ_INDEX == 0, "irq indexes");

#endif /* PCI_VFIO_UAPI_H */
