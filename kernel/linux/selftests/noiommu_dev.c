// SPDX-License-Identifier: BSD-3-Clause
/*
 * The guest's two e1000e (8086:10d3) and the ways to reach them: the noiommu
 * VFIO cdev with an iommufd session, or the legacy noiommu group.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "noiommu.h"

struct nicdev nics[2];
int n_nics;

static int cmp_nic(const void *a, const void *b)
{
	return strcmp(((const struct nicdev *)a)->bdf, ((const struct nicdev *)b)->bdf);
}

static bool is_e1000e(const char *bdf)
{
	char path[512], buf[64];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor", bdf);
	if (read_file(path, buf, sizeof(buf)) || strcmp(buf, "0x8086"))
		return false;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device", bdf);
	return !read_file(path, buf, sizeof(buf)) && !strcmp(buf, "0x10d3");
}

/* The legacy group number and the vfio-dev cdev name of one device. */
static void nic_paths(struct nicdev *n)
{
	char path[512], buf[256];
	struct dirent *e;
	ssize_t l;
	DIR *vd;

	n->group = -1;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", n->bdf);
	l = readlink(path, buf, sizeof(buf) - 1);
	if (l > 0) {
		char *s;

		buf[l] = 0;
		s = strrchr(buf, '/');
		n->group = atoi(s ? s + 1 : buf);
	}
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vfio-dev", n->bdf);
	vd = opendir(path);
	if (!vd)
		return;
	while ((e = readdir(vd)))
		if (e->d_name[0] != '.')
			snprintf(n->cdev, sizeof(n->cdev), "%.63s", e->d_name);
	closedir(vd);
}

/* Fills nics[] with the first two e1000e, in BDF order. */
void nics_discover(void)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *e;

	memset(nics, 0, sizeof(nics));
	n_nics = 0;
	if (!d)
		return;
	while ((e = readdir(d)) && n_nics < 2) {
		if (e->d_name[0] == '.' || !is_e1000e(e->d_name))
			continue;
		snprintf(nics[n_nics++].bdf, sizeof(nics[0].bdf), "%.31s", e->d_name);
	}
	closedir(d);
	qsort(nics, (size_t)n_nics, sizeof(nics[0]), cmp_nic);
	for (int i = 0; i < n_nics; i++)
		nic_paths(&nics[i]);
}

bool nics_have_cdev(void)
{
	return n_nics == 2 && !strncmp(nics[0].cdev, "noiommu-vfio", 12) &&
	       !strncmp(nics[1].cdev, "noiommu-vfio", 12);
}

/*
 * NOIOMMU_EXPECT names the kernel under test: patched (the default), stock
 * (6.12 as Debian ships it), or the series on a kernel built with an overlay
 * (tests/vm/run --kernel patched-NAME): patched-nocdev (no VFIO_DEVICE_CDEV:
 * noiommu devices stay group-only), patched-nogroup (no VFIO_GROUP: the cdev
 * only), patched-debug (lockdep, KASAN: behaves as patched).
 */
const char *expect_kernel(void)
{
	const char *e = getenv("NOIOMMU_EXPECT");

	return e && *e ? e : "patched";
}

/* Whether the kernel under test offers noiommu devices a cdev. */
bool expect_cdev(void)
{
	return strcmp(expect_kernel(), "stock") && strcmp(expect_kernel(), "patched-nocdev");
}

/* Whether it has the legacy group interface. */
bool expect_group(void)
{
	return strcmp(expect_kernel(), "patched-nogroup");
}

int cdev_open(int nic)
{
	char path[128];

	snprintf(path, sizeof(path), "/dev/vfio/devices/%s", nics[nic].cdev);
	return open(path, O_RDWR | O_CLOEXEC);
}

/* iommufd/cdev calls: return 0 or errno. */
int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? errno : 0;
}

int dev_bind(int devfd, int iommufd, __u32 *devid)
{
	struct vfio_device_bind_iommufd b = { .argsz = sizeof(b), .iommufd = iommufd };
	int r = xioctl(devfd, VFIO_DEVICE_BIND_IOMMUFD, &b);

	if (!r && devid)
		*devid = b.out_devid;
	return r;
}

int dev_attach(int devfd, __u32 pt, __u32 *out)
{
	struct vfio_device_attach_iommufd_pt a = { .argsz = sizeof(a), .pt_id = pt };
	int r = xioctl(devfd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &a);

	if (!r && out)
		*out = a.pt_id;
	return r;
}

/* IOMMU_HWPT_ALLOC, plain: no flags, no data. */
int hwpt_alloc(int fd, __u32 devid, __u32 ioas, __u32 *hwpt)
{
	struct iommu_hwpt_alloc ha = { .size = sizeof(ha), .dev_id = devid, .pt_id = ioas };
	int r = xioctl(fd, IOMMU_HWPT_ALLOC, &ha);

	if (!r)
		*hwpt = ha.out_hwpt_id;
	return r;
}

int dev_detach(int devfd)
{
	struct vfio_device_detach_iommufd_pt d = { .argsz = sizeof(d) };

	return xioctl(devfd, VFIO_DEVICE_DETACH_IOMMUFD_PT, &d);
}

int ioas_alloc(int fd, __u32 *id)
{
	struct iommu_ioas_alloc a = { .size = sizeof(a) };
	int r = xioctl(fd, IOMMU_IOAS_ALLOC, &a);

	if (!r)
		*id = a.out_ioas_id;
	return r;
}

int obj_destroy(int fd, __u32 id)
{
	struct iommu_destroy d = { .size = sizeof(d), .id = id };

	return xioctl(fd, IOMMU_DESTROY, &d);
}

int ioas_map(int fd, __u32 ioas, const void *va, uint64_t len, uint64_t iova)
{
	struct iommu_ioas_map m = { .size = sizeof(m), .flags = MAP_RW, .ioas_id = ioas,
				    .user_va = (uintptr_t)va, .length = len, .iova = iova };

	return xioctl(fd, IOMMU_IOAS_MAP, &m);
}

int ioas_unmap(int fd, __u32 ioas, uint64_t iova, uint64_t len, uint64_t *done)
{
	struct iommu_ioas_unmap u = { .size = sizeof(u), .ioas_id = ioas, .iova = iova,
				      .length = len };
	int r = xioctl(fd, IOMMU_IOAS_UNMAP, &u);

	if (!r && done)
		*done = u.length;
	return r;
}

int get_pa(int fd, __u32 ioas, uint64_t iova, uint64_t len, uint64_t *pa, uint64_t *outlen)
{
	struct fpk_get_pa g = { .size = sizeof(g), .ioas_id = ioas, .iova = iova, .length = len };
	int r = xioctl(fd, FPK_IOCTL_GET_PA, &g);

	if (!r && pa)
		*pa = g.out_phys;
	if (!r && outlen)
		*outlen = g.length;
	return r;
}

/* Opens NIC nic's cdev, binds it to a new iommufd, allocates an IOAS, attaches. */
int sess_open(struct sess *s, int nic, bool attach, char *why, size_t wl)
{
	int r;

	memset(s, 0, sizeof(*s));
	s->iommufd = -1;
	s->devfd = cdev_open(nic);
	if (s->devfd < 0)
		return snprintf(why, wl, "open cdev %s: %s", nics[nic].cdev, ename(errno)), -1;
	s->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (s->iommufd < 0)
		return snprintf(why, wl, "open /dev/iommu: %s", ename(errno)), -1;
	r = dev_bind(s->devfd, s->iommufd, &s->devid);
	if (r)
		return snprintf(why, wl, "BIND_IOMMUFD: %s", ename(r)), -1;
	r = ioas_alloc(s->iommufd, &s->ioas);
	if (r)
		return snprintf(why, wl, "IOAS_ALLOC: %s", ename(r)), -1;
	r = attach ? dev_attach(s->devfd, s->ioas, &s->hwpt) : 0;
	if (r)
		return snprintf(why, wl, "ATTACH_IOMMUFD_PT: %s", ename(r)), -1;
	return 0;
}

void sess_close(struct sess *s)
{
	if (s->devfd >= 0)
		close(s->devfd);	/* vfio-pci resets the device, then unbinds */
	if (s->iommufd >= 0)
		close(s->iommufd);
	s->devfd = s->iommufd = -1;
}

static int legacy_container(struct legacy *l, char *why, size_t wl)
{
	l->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (l->container < 0)
		return snprintf(why, wl, "open /dev/vfio/vfio: %s", ename(errno)), -1;
	if (ioctl(l->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		return snprintf(why, wl, "VFIO_GET_API_VERSION mismatch"), -1;
	if (ioctl(l->container, VFIO_CHECK_EXTENSION, VFIO_NOIOMMU_IOMMU) != 1)
		return snprintf(why, wl, "container lacks VFIO_NOIOMMU_IOMMU"), -1;
	return 0;
}

/* Opens NIC nic through /dev/vfio/noiommu-N in a NOIOMMU container. */
int legacy_open(struct legacy *l, int nic, char *why, size_t wl)
{
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	char path[64];
	int r;

	l->container = l->group = l->devfd = -1;
	if (legacy_container(l, why, wl))
		return -1;
	snprintf(path, sizeof(path), "/dev/vfio/noiommu-%d", nics[nic].group);
	l->group = open(path, O_RDWR | O_CLOEXEC);
	if (l->group < 0)
		return snprintf(why, wl, "open %s: %s", path, ename(errno)), -1;
	r = xioctl(l->group, VFIO_GROUP_GET_STATUS, &gs);
	if (r)
		return snprintf(why, wl, "GROUP_GET_STATUS: %s", ename(r)), -1;
	if (!(gs.flags & VFIO_GROUP_FLAGS_VIABLE))
		return snprintf(why, wl, "group not viable"), -1;
	r = xioctl(l->group, VFIO_GROUP_SET_CONTAINER, &l->container);
	if (r)
		return snprintf(why, wl, "GROUP_SET_CONTAINER: %s", ename(r)), -1;
	if (ioctl(l->container, VFIO_SET_IOMMU, VFIO_NOIOMMU_IOMMU))
		return snprintf(why, wl, "SET_IOMMU(NOIOMMU): %s", ename(errno)), -1;
	l->devfd = ioctl(l->group, VFIO_GROUP_GET_DEVICE_FD, nics[nic].bdf);
	if (l->devfd < 0)
		return snprintf(why, wl, "GROUP_GET_DEVICE_FD: %s", ename(errno)), -1;
	return 0;
}

void legacy_close(struct legacy *l)
{
	if (l->devfd >= 0)
		close(l->devfd);
	if (l->group >= 0)
		close(l->group);
	if (l->container >= 0)
		close(l->container);
	l->devfd = l->group = l->container = -1;
}
