// SPDX-License-Identifier: GPL-2.0-only
/*
 * noiommu_viommu: a noiommu device next to one behind a real IOMMU, in the
 * guest of tests/vm/suites/viommu.sh. QEMU's intel-iommu translates the
 * e1000e pair on pcie.0 (cdevs vfioN); a pxb-pcie bus that bypasses it
 * holds another pair behind PCIe root ports (cdevs noiommu-vfioN). One of
 * each kind bound to one iommufd shows mainline's mixed rules with a real
 * IOMMU driver instead of the mock one: the noiommu device attaches to the
 * real HWPT and auto-attach shares it, the real device never gets the
 * software page table, and GET_PA answers while the IOAS's first HWPT is
 * the software one. A noiommu device behind a root port can also be hot
 * reset through its cdev, which one on the root bus cannot.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "noiommu_fixture.h"

struct kind {
	char bdf[32], cdev[64];
};

/* The first e1000e of each kind: behind the IOMMU (vfioN) and noiommu. */
static void find_devs(struct kind *real, struct kind *noiommu)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *e;

	memset(real, 0, sizeof(*real));
	memset(noiommu, 0, sizeof(*noiommu));
	while (d && (e = readdir(d))) {
		char path[300], id[16] = "", name[64] = "";
		struct dirent *v;
		DIR *vd;

		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device", e->d_name);
		if (e->d_name[0] == '.' || read_file(path, id, sizeof(id)) || strcmp(id, "0x10d3"))
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vfio-dev", e->d_name);
		vd = opendir(path);
		while (vd && (v = readdir(vd)))
			if (v->d_name[0] != '.')
				snprintf(name, sizeof(name), "%.63s", v->d_name);
		if (vd)
			closedir(vd);
		struct kind *k = !strncmp(name, "noiommu-", 8) ? noiommu : name[0] ? real : NULL;

		if (k && (!k->bdf[0] || strcmp(e->d_name, k->bdf) < 0)) {
			snprintf(k->bdf, sizeof(k->bdf), "%.31s", e->d_name);
			snprintf(k->cdev, sizeof(k->cdev), "%s", name);
		}
	}
	if (d)
		closedir(d);
}

static int open_cdev(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/dev/vfio/devices/%s", name);
	return open(path, O_RDWR | O_CLOEXEC);
}

/* One e1000e of each kind bound to one iommufd, one IOAS, 16 anonymous pages. */
FIXTURE(mixed) {
	struct kind real, noiommu;
	int iommufd, rdev, ndev;
	__u32 rid, nid, ioas;
	uint8_t *buf;
};

FIXTURE_SETUP(mixed)
{
	self->iommufd = self->rdev = self->ndev = -1;
	find_devs(&self->real, &self->noiommu);
	ASSERT_NE(0, self->real.bdf[0]) TH_LOG("no e1000e behind the IOMMU (cdev vfioN)");
	ASSERT_NE(0, self->noiommu.bdf[0]) TH_LOG("no noiommu e1000e (cdev noiommu-vfioN)");
	self->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	self->rdev = open_cdev(self->real.cdev);
	self->ndev = open_cdev(self->noiommu.cdev);
	ASSERT_LE(0, self->iommufd);
	ASSERT_LE(0, self->rdev) TH_LOG("open %s: %s", self->real.cdev, ename(errno));
	ASSERT_LE(0, self->ndev) TH_LOG("open %s: %s", self->noiommu.cdev, ename(errno));
	ASSERT_EQ(0, dev_bind(self->rdev, self->iommufd, &self->rid));
	ASSERT_EQ(0, dev_bind(self->ndev, self->iommufd, &self->nid));
	ASSERT_EQ(0, ioas_alloc(self->iommufd, &self->ioas));
	self->buf = anon_alloc(16 * PG);
	ASSERT_NE(NULL, self->buf);
	ksft_print_msg("IOMMU: %s (%s); noiommu: %s (%s)\n", self->real.bdf, self->real.cdev,
		       self->noiommu.bdf, self->noiommu.cdev);
}

FIXTURE_TEARDOWN(mixed)
{
	if (self->rdev >= 0)
		close(self->rdev);
	if (self->ndev >= 0)
		close(self->ndev);
	if (self->iommufd >= 0)
		close(self->iommufd);
}

/* One HWPT per kind, the software one first: it stores the pages, GET_PA answers. */
TEST_F(mixed, getpa_noiommu_hwpt_first)
{
	__u32 nh, rh;
	uint64_t pa = 0, len = 0;

	ASSERT_EQ(0, hwpt_alloc(self->iommufd, self->nid, self->ioas, &nh));
	ASSERT_EQ(0, hwpt_alloc(self->iommufd, self->rid, self->ioas, &rh));
	ASSERT_EQ(0, dev_attach(self->ndev, nh, NULL));
	ASSERT_EQ(0, dev_attach(self->rdev, rh, NULL));
	ASSERT_EQ(0, ioas_map(self->iommufd, self->ioas, self->buf, 16 * PG, IOVA_SMALL));
	for (int i = 0; i < 16; i++) {
		ASSERT_EQ(0, get_pa(self->iommufd, self->ioas, IOVA_SMALL + i * PG, PG, &pa, &len));
		ASSERT_EQ(pagemap_pa(self->buf + i * PG), pa) TH_LOG("page %d", i);
	}
}

/* The real HWPT first: it stores the pages, and holds no physical addresses. */
TEST_F(mixed, getpa_real_hwpt_first)
{
	__u32 nh, rh;

	ASSERT_EQ(0, hwpt_alloc(self->iommufd, self->rid, self->ioas, &rh));
	ASSERT_EQ(0, hwpt_alloc(self->iommufd, self->nid, self->ioas, &nh));
	ASSERT_EQ(0, dev_attach(self->rdev, rh, NULL));
	ASSERT_EQ(0, dev_attach(self->ndev, nh, NULL));
	ASSERT_EQ(0, ioas_map(self->iommufd, self->ioas, self->buf, 16 * PG, IOVA_SMALL));
	ASSERT_EQ(EOPNOTSUPP, get_pa(self->iommufd, self->ioas, IOVA_SMALL, PG, NULL, NULL));
}

/* The noiommu device on the real IOMMU's HWPT. */
TEST_F(mixed, noiommu_on_real_hwpt)
{
	__u32 rh, got = 0;

	ASSERT_EQ(0, hwpt_alloc(self->iommufd, self->rid, self->ioas, &rh));
	ASSERT_EQ(0, dev_attach(self->rdev, rh, NULL));
	ASSERT_EQ(0, dev_attach(self->ndev, rh, &got));
	ASSERT_EQ(rh, got);
}

/* Auto-attach: the noiommu device shares the automatic HWPT the real one got. */
TEST_F(mixed, auto_attach_shares_real_hwpt)
{
	__u32 r = 0, n = 0;

	ASSERT_EQ(0, dev_attach(self->rdev, self->ioas, &r));
	ASSERT_EQ(0, dev_attach(self->ndev, self->ioas, &n));
	ASSERT_EQ(r, n) TH_LOG("noiommu device on HWPT %u, the real one on %u", n, r);
}

/* The software page table is never handed to the real IOMMU driver. */
TEST_F(mixed, real_refuses_noiommu_hwpt)
{
	__u32 nh;

	ASSERT_EQ(0, hwpt_alloc(self->iommufd, self->nid, self->ioas, &nh));
	ASSERT_EQ(EINVAL, dev_attach(self->rdev, nh, NULL));
}

/*
 * Hot reset of the noiommu e1000e behind its own root port, through the
 * cdev (VFIO_PCI_HOT_RESET_FLAG_DEV_ID, no group fds): the kernel lists the
 * device by its devid and resets the bus.
 */
TEST(hot_reset_noiommu_cdev)
{
	char ib[sizeof(struct vfio_pci_hot_reset_info) + 8 * sizeof(struct vfio_pci_dependent_device)]
		__attribute__((aligned(8)));
	struct vfio_pci_hot_reset_info *info = (struct vfio_pci_hot_reset_info *)ib;
	struct vfio_pci_hot_reset reset = { .argsz = sizeof(reset) };
	struct kind real, noiommu;
	int iommufd, dev;
	__u32 devid, found = 0;

	find_devs(&real, &noiommu);
	ASSERT_NE(0, noiommu.bdf[0]) TH_LOG("no noiommu e1000e");
	iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	dev = open_cdev(noiommu.cdev);
	ASSERT_LE(0, dev);
	ASSERT_EQ(0, dev_bind(dev, iommufd, &devid));
	memset(ib, 0, sizeof(ib));
	info->argsz = sizeof(ib);
	ASSERT_EQ(0, xioctl(dev, VFIO_DEVICE_GET_PCI_HOT_RESET_INFO, info));
	ASSERT_TRUE(info->flags & VFIO_PCI_HOT_RESET_FLAG_DEV_ID) TH_LOG("flags %#x", info->flags);
	for (__u32 i = 0; i < info->count; i++) {
		ksft_print_msg("hot reset set: %04x:%02x:%02x.%x devid %u\n", info->devices[i].segment,
			       info->devices[i].bus, info->devices[i].devfn >> 3,
			       info->devices[i].devfn & 7, info->devices[i].devid);
		found += info->devices[i].devid == devid;
	}
	ASSERT_EQ(1, found) TH_LOG("devid %u not in the %u devices of the reset set", devid,
				   info->count);
	ASSERT_EQ(0, xioctl(dev, VFIO_DEVICE_PCI_HOT_RESET, &reset));
	close(dev);
	close(iommufd);
}

TEST_HARNESS_MAIN
