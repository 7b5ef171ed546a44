// SPDX-License-Identifier: GPL-2.0-only
/*
 * noiommu_env: what the noiommu ABI tests stand on, on whichever kernel
 * NOIOMMU_EXPECT names: the noiommu parameter, the e1000e pair on vfio-pci,
 * the cdev present or absent as expected, the legacy group path (or its
 * absence), GET_PA known, EOPNOTSUPP or ENOTTY, and TAINT_USER.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "noiommu_fixture.h"
#include "e1000e_mini.h"

#define TAINT_USER (1ul << 6)

TEST(env_noiommu_param)
{
	char buf[64];

	ASSERT_EQ(0, read_file("/sys/module/vfio/parameters/enable_unsafe_noiommu_mode",
			       buf, sizeof(buf)))
		TH_LOG("cannot read vfio.enable_unsafe_noiommu_mode: %s", ename(errno));
	ASSERT_STREQ("Y", buf);
}

static bool bound_to_vfio_pci(const char *bdf)
{
	char path[256], l[256];
	ssize_t k;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", bdf);
	k = readlink(path, l, sizeof(l) - 1);
	if (k <= 0)
		return false;
	l[k] = 0;
	return !strcmp(strrchr(l, '/') + 1, "vfio-pci");
}

TEST(env_e1000e_bound)
{
	int bound = 0;

	nics_discover();
	for (int i = 0; i < n_nics; i++) {
		ksft_print_msg("e1000e %d: %s legacy group %d, vfio-dev %s\n", i, nics[i].bdf,
			       nics[i].group, nics[i].cdev[0] ? nics[i].cdev : "(none)");
		bound += bound_to_vfio_pci(nics[i].bdf);
	}
	ASSERT_EQ(2, n_nics) TH_LOG("need two e1000e bound to vfio-pci");
	ASSERT_EQ(2, bound) TH_LOG("need two e1000e bound to vfio-pci");
}

static bool any_noiommu_node(void)
{
	DIR *d = opendir("/dev/vfio/devices");
	struct dirent *e;
	bool any = false;

	if (!d)
		return false;
	while ((e = readdir(d)))
		any |= !strncmp(e->d_name, "noiommu-vfio", 12);
	closedir(d);
	return any;
}

TEST(cdev_present)
{
	struct stat st;
	bool node;

	nics_discover();
	node = any_noiommu_node();
	if (!expect_cdev()) {
		ASSERT_FALSE(node || nics_have_cdev())
			TH_LOG("%s kernel expected, but a noiommu cdev exists", expect_kernel());
		return;
	}
	ASSERT_TRUE(node && nics_have_cdev())
		TH_LOG("patched kernel expected: no /dev/vfio/devices/noiommu-vfio* (%s)",
		       stat("/dev/vfio/devices", &st) ? "no /dev/vfio/devices" :
		       "/dev/vfio/devices exists");
	ksft_print_msg("/dev/vfio/devices/%s, %s\n", nics[0].cdev, nics[1].cdev);
}

static void legacy_open_nic0(struct __test_metadata *_metadata, struct legacy *l)
{
	char why[256];

	nics_discover();
	ASSERT_LE(1, n_nics) TH_LOG("no e1000e");
	ASSERT_LE(0, nics[0].group) TH_LOG("no e1000e with an iommu group");
	ASSERT_EQ(0, legacy_open(l, 0, why, sizeof(why))) TH_LOG("%s", why);
}

/* Without VFIO_GROUP: no container, no group, the cdev is the only way. */
TEST(legacy_group_absent)
{
	if (expect_group())
		SKIP(return, "%s kernel: the group interface is built", expect_kernel());
	nics_discover();
	ASSERT_EQ(2, n_nics);
	EXPECT_NE(0, access("/dev/vfio/vfio", F_OK)) TH_LOG("/dev/vfio/vfio exists");
	EXPECT_EQ(-1, nics[0].group) TH_LOG("%s has iommu_group %d", nics[0].bdf, nics[0].group);
	EXPECT_TRUE(nics_have_cdev()) TH_LOG("no noiommu cdev either");
}

TEST(legacy_group)
{
	struct vfio_device_info di = { .argsz = sizeof(di) };
	struct legacy l;

	REQUIRE_GROUP();
	legacy_open_nic0(_metadata, &l);
	ASSERT_EQ(0, xioctl(l.devfd, VFIO_DEVICE_GET_INFO, &di));
	EXPECT_TRUE(di.flags & VFIO_DEVICE_FLAGS_PCI);
	EXPECT_LE(9, di.num_regions);
	EXPECT_LE(5, di.num_irqs);
	ksft_print_msg("/dev/vfio/noiommu-%d, IOMMU type 8, %u regions, %u irq indexes\n",
		       nics[0].group, di.num_regions, di.num_irqs);
	legacy_close(&l);
}

TEST(legacy_bar0_link)
{
	struct legacy l;
	struct nic n;
	char why[256];
	uint32_t st;

	REQUIRE_GROUP();
	legacy_open_nic0(_metadata, &l);
	ASSERT_EQ(0, nic_map(&n, l.devfd, why, sizeof(why))) TH_LOG("%s", why);
	st = rd32(&n, E1000E_STATUS);
	EXPECT_TRUE(st & E1000E_STATUS_LU) TH_LOG("STATUS %#x: link not up", st);
	EXPECT_EQ(2, (st & E1000E_STATUS_SPEED_MASK) >> E1000E_STATUS_SPEED_SHIFT)
		TH_LOG("STATUS %#x: not 1000 Mb/s", st);
	nic_unmap(&n);
	legacy_close(&l);
}

TEST(getpa_ioctl_known)
{
	int fd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	int r;

	ASSERT_LE(0, fd) TH_LOG("open /dev/iommu: %s", ename(errno));
	r = get_pa(fd, 0xfffffff0u, 0x1000, PG, NULL, NULL);
	close(fd);
	if (!strcmp(expect_kernel(), "stock")) {
		ASSERT_EQ(ENOTTY, r) TH_LOG("stock kernel: GET_PA gave %s", ename(r));
	} else if (!expect_cdev()) {
		/* The series is there, IOMMUFD_NOIOMMU is not: mainline's EOPNOTSUPP */
		ASSERT_EQ(EOPNOTSUPP, r) TH_LOG("%s kernel: GET_PA gave %s", expect_kernel(),
						ename(r));
	} else {
		ASSERT_EQ(ENOENT, r) TH_LOG("GET_PA on an unknown IOAS: %s", ename(r));
	}
}

/* Last: by now the cdev and the legacy group have been created and used. */
TEST(taint_user)
{
	unsigned long t;
	char buf[64];

	ASSERT_EQ(0, read_file("/proc/sys/kernel/tainted", buf, sizeof(buf)));
	t = strtoul(buf, NULL, 10);
	ASSERT_TRUE(t & TAINT_USER) TH_LOG("tainted = %lu: TAINT_USER (bit 6) not set", t);
}

TEST_HARNESS_MAIN
