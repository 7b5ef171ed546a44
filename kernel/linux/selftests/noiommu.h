/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the noiommu selftest programs: the GET_PA ABI, the
 * guest's e1000e pair, iommufd/VFIO calls, pinned-page and pagemap probes.
 * Nothing here uses the kselftest harness (only one translation unit per
 * program may include it): calls return 0 or an errno, or fill a reason.
 */
#ifndef NOIOMMU_H
#define NOIOMMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/iommufd.h>
#include <linux/vfio.h>

/*
 * IOMMU_IOAS_NOIOMMU_GET_PA: _IO(';', 0x95), 40-byte struct.  Our own copy of
 * the layout, so the programs also build against stock 6.12 headers; when
 * the headers have it, the two must agree.
 */
#define FPK_CMD_GET_PA 0x95
#define FPK_IOCTL_GET_PA _IO(IOMMUFD_TYPE, FPK_CMD_GET_PA)

struct fpk_get_pa {
	__u32 size;
	__u32 flags;
	__u32 ioas_id;
	__u32 __reserved;
	__aligned_u64 iova;
	__aligned_u64 length;
	__aligned_u64 out_phys;
};
_Static_assert(sizeof(struct fpk_get_pa) == 40, "GET_PA struct is 40 bytes");
_Static_assert(FPK_IOCTL_GET_PA == 0x3b95, "GET_PA request number");
#ifdef IOMMU_IOAS_NOIOMMU_GET_PA
_Static_assert(IOMMU_IOAS_NOIOMMU_GET_PA == FPK_IOCTL_GET_PA, "header disagrees");
_Static_assert(sizeof(struct iommu_ioas_noiommu_get_pa) == 40, "header disagrees");
_Static_assert(offsetof(struct iommu_ioas_noiommu_get_pa, out_phys) == 32,
	       "header disagrees");
#endif

#define PG 4096ul
#define HUGE (2ul << 20)
#define MAP_RW (IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE | \
		IOMMU_IOAS_MAP_WRITEABLE)

/* IOVA plan (IOVAs are tokens; any disjoint ranges do). */
#define IOVA_SMALL 0x10000000ull	/* 16 anon pages mapped before attach */
#define IOVA_PIN 0x10100000ull		/* pin/unpin checks */
#define IOVA_TMP 0x10200000ull		/* map/unmap checks */
#define IOVA_TWO 0x10400000ull		/* two areas on one hugepage */
#define IOVA_64M 0x20000000ull		/* 64 MiB hugepage mapping */
#define IOVA_512M 0x40000000ull		/* timing */
#define IOVA_DMA 0x70000000ull		/* DMA rings and buffers */

/* ---------------------------------------------------- noiommu_sys.c --- */
const char *ename(int err);
const char *fpk_accel(void);
double now_us(void);
void sleep_ms(unsigned int ms);
int read_file(const char *path, char *buf, size_t len);
long long pinned_pages(void);
int klog_problems(char *first, size_t firstlen);
int klog_count(const char *a, const char *b);
int capset_drop(int cap);
uint64_t pagemap_pa(const void *va);
int pagemap_read(const void *va, size_t npages, uint64_t *out);
void *huge_alloc(size_t len);
void *anon_alloc(size_t len);

/* Run fn in a child; it fills msg and returns 1 ok, 2 fail. */
typedef int (*child_fn)(void *arg, char *msg, size_t len);
int run_child(child_fn fn, void *arg, char *msg, size_t len);
void after_fork(void);

/* ---------------------------------------------------- noiommu_dev.c --- */
struct nicdev {
	char bdf[32];
	char cdev[64];	/* "noiommu-vfioN" or "" */
	int group;	/* legacy group number or -1 */
};
extern struct nicdev nics[2];
extern int n_nics;

void nics_discover(void);
bool nics_have_cdev(void);
const char *expect_kernel(void);
bool expect_cdev(void);
bool expect_group(void);
int cdev_open(int nic);

int xioctl(int fd, unsigned long req, void *arg);
int dev_bind(int devfd, int iommufd, __u32 *devid);
int dev_attach(int devfd, __u32 pt, __u32 *out);
int dev_detach(int devfd);
int hwpt_alloc(int fd, __u32 devid, __u32 ioas, __u32 *hwpt);
int ioas_alloc(int fd, __u32 *id);
int obj_destroy(int fd, __u32 id);
int ioas_map(int fd, __u32 ioas, const void *va, uint64_t len, uint64_t iova);
int ioas_unmap(int fd, __u32 ioas, uint64_t iova, uint64_t len, uint64_t *done);
int get_pa(int fd, __u32 ioas, uint64_t iova, uint64_t len, uint64_t *pa,
	   uint64_t *outlen);

/* A process's iommufd session on one NIC's cdev. */
struct sess {
	int iommufd, devfd;
	__u32 devid, ioas, hwpt;
};
int sess_open(struct sess *s, int nic, bool attach, char *why, size_t wl);
void sess_close(struct sess *s);

/* Legacy noiommu group path: container + group + device fd. */
struct legacy {
	int container, group, devfd;
};
int legacy_open(struct legacy *l, int nic, char *why, size_t wl);
void legacy_close(struct legacy *l);

#endif /* NOIOMMU_H */
