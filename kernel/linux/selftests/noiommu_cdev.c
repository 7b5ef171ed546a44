// SPDX-License-Identifier: GPL-2.0-only
/*
 * noiommu_cdev: the noiommu VFIO cdev and its iommufd binding: sysfs name,
 * CAP_SYS_RAWIO to open, the bind rules, device info, the IOMMU features a
 * noiommu device refuses, IOAS lifetime, attach/detach, HWPT allocation, and
 * when pages get pinned (at attach, not at a map before it).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <linux/capability.h>

#include "noiommu_fixture.h"

TEST(cdev_sysfs_name)
{
	char path[128], buf[64];

	REQUIRE_CDEV();
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/sys/class/vfio-dev/%s/dev", nics[i].cdev);
		ASSERT_EQ(0, read_file(path, buf, sizeof(buf))) TH_LOG("%s missing", path);
	}
}

static int child_open_norawio(void *arg, char *msg, size_t len)
{
	int fd;

	(void)arg;
	if (capset_drop(CAP_SYS_RAWIO))
		return snprintf(msg, len, "capset: %s", ename(errno)), 2;
	fd = cdev_open(0);
	if (fd >= 0) {
		close(fd);
		return snprintf(msg, len, "open succeeded without CAP_SYS_RAWIO"), 2;
	}
	if (errno != EPERM)
		return snprintf(msg, len, "open failed with %s, expected EPERM", ename(errno)), 2;
	return snprintf(msg, len, "EPERM without CAP_SYS_RAWIO"), 1;
}

/* In a child: dropping CAP_SYS_RAWIO is for good. */
TEST(cdev_open_needs_rawio)
{
	char msg[512];

	REQUIRE_CDEV();
	ASSERT_EQ(1, run_child(child_open_norawio, NULL, msg, sizeof(msg))) TH_LOG("%s", msg);
}

/* NIC 0's cdev and an iommufd, not bound to each other yet. */
FIXTURE(cdev) {
	int devfd, iommufd;
};

FIXTURE_SETUP(cdev)
{
	REQUIRE_CDEV();
	self->devfd = cdev_open(0);
	ASSERT_LE(0, self->devfd) TH_LOG("open cdev %s: %s", nics[0].cdev, ename(errno));
	self->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->iommufd) TH_LOG("open /dev/iommu: %s", ename(errno));
}

FIXTURE_TEARDOWN(cdev)
{
	close(self->devfd);
	close(self->iommufd);
}

TEST_F(cdev, info_before_bind)
{
	struct vfio_device_info di = { .argsz = sizeof(di) };

	ASSERT_EQ(EINVAL, xioctl(self->devfd, VFIO_DEVICE_GET_INFO, &di));
}

TEST_F(cdev, bind_bad_fd)
{
	ASSERT_EQ(EINVAL, dev_bind(self->devfd, -1, NULL));
}

TEST_F(cdev, bind_real_fd)
{
	__u32 devid = 0;

	ASSERT_EQ(0, dev_bind(self->devfd, self->iommufd, &devid));
	ksft_print_msg("devid %u\n", devid);
}

TEST_F(cdev, bind_twice)
{
	ASSERT_EQ(0, dev_bind(self->devfd, self->iommufd, NULL));
	ASSERT_NE(0, dev_bind(self->devfd, self->iommufd, NULL));
}

/* NIC 0 bound, one IOAS, nothing mapped or attached. */
FIXTURE(bound) {
	struct session ss;
};

FIXTURE_SETUP(bound)
{
	SESSION_SETUP(&self->ss, 0);
}

FIXTURE_TEARDOWN(bound)
{
	session_close(&self->ss);
}

TEST_F(bound, info_after_bind)
{
	struct vfio_device_info di = { .argsz = sizeof(di) };

	ASSERT_EQ(0, xioctl(self->ss.s.devfd, VFIO_DEVICE_GET_INFO, &di));
	EXPECT_TRUE(di.flags & VFIO_DEVICE_FLAGS_PCI);
	EXPECT_LE(9, di.num_regions);
	EXPECT_LE(5, di.num_irqs);
}

TEST_F(bound, hw_info_refused)
{
	uint8_t hwdata[64];
	struct iommu_hw_info hi = { .size = sizeof(hi), .dev_id = self->ss.s.devid,
				    .data_len = sizeof(hwdata), .data_uptr = (uintptr_t)hwdata };

	ASSERT_EQ(EOPNOTSUPP, xioctl(self->ss.s.iommufd, IOMMU_GET_HW_INFO, &hi));
}

TEST_F(bound, ioas_alloc_destroy)
{
	int fd = self->ss.s.iommufd;
	__u32 id;

	ASSERT_EQ(0, ioas_alloc(fd, &id));
	ASSERT_EQ(0, obj_destroy(fd, id));
	ASSERT_EQ(ENOENT, obj_destroy(fd, id));
}

TEST_F(bound, map_lazy_before_attach)
{
	struct sess *s = &self->ss.s;
	long long before = pinned_pages();

	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, self->ss.small, 16 * PG, IOVA_SMALL));
	ASSERT_EQ(before, pinned_pages()) TH_LOG("pages pinned before attach");
}

TEST_F(bound, attach_bad_ioas)
{
	ASSERT_EQ(ENOENT, dev_attach(self->ss.s.devfd, 0xfffff0u, NULL));
}

TEST_F(bound, hwpt_alloc_flags)
{
	const __u32 flags[] = { IOMMU_HWPT_ALLOC_NEST_PARENT, IOMMU_HWPT_ALLOC_DIRTY_TRACKING };
	struct sess *s = &self->ss.s;

	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		struct iommu_hwpt_alloc ha = { .size = sizeof(ha), .flags = flags[i],
					       .dev_id = s->devid, .pt_id = s->ioas };
		int r = xioctl(s->iommufd, IOMMU_HWPT_ALLOC, &ha);

		if (!r)
			obj_destroy(s->iommufd, ha.out_hwpt_id);
		ASSERT_EQ(EOPNOTSUPP, r) TH_LOG("flags %#x", flags[i]);
	}
}

TEST_F(bound, hwpt_alloc_data)
{
	struct sess *s = &self->ss.s;
	struct iommu_hwpt_vtd_s1 vtd = { 0 };
	struct iommu_hwpt_alloc ha = { .size = sizeof(ha), .dev_id = s->devid, .pt_id = s->ioas,
				       .data_type = IOMMU_HWPT_DATA_VTD_S1,
				       .data_len = sizeof(vtd), .data_uptr = (uintptr_t)&vtd };
	int r = xioctl(s->iommufd, IOMMU_HWPT_ALLOC, &ha);

	if (!r)
		obj_destroy(s->iommufd, ha.out_hwpt_id);
	ASSERT_EQ(EOPNOTSUPP, r);
}

TEST_F(bound, pin_on_attach)
{
	struct sess *s = &self->ss.s;
	long long before;

	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, self->ss.small, 16 * PG, IOVA_SMALL));
	before = pinned_pages();
	ASSERT_EQ(0, dev_attach(s->devfd, s->ioas, &s->hwpt));
	ASSERT_EQ(16, pinned_pages() - before);
}

/* The kernel puts its software HWPT between device and IOAS; detach unpins. */
TEST_F(bound, attach_detach)
{
	struct sess *s = &self->ss.s;
	long long before;
	int r;

	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, self->ss.small, 16 * PG, IOVA_SMALL));
	before = pinned_pages();
	ASSERT_EQ(0, dev_attach(s->devfd, s->ioas, &s->hwpt));
	ASSERT_NE(s->ioas, s->hwpt) TH_LOG("pt_id not replaced by a HWPT id");
	ASSERT_EQ(0, dev_detach(s->devfd));
	ASSERT_EQ(before, pinned_pages()) TH_LOG("detach left pages pinned");
	r = get_pa(s->iommufd, s->ioas, IOVA_SMALL, PG, NULL, NULL);
	ksft_print_msg("hwpt %u for ioas %u; GET_PA after detach: %s\n", s->hwpt, s->ioas,
		       ename(r));
	ASSERT_EQ(0, dev_attach(s->devfd, s->ioas, &s->hwpt)) TH_LOG("re-attach");
}

TEST_F(bound, hwpt_alloc_attach)
{
	struct sess *s = &self->ss.s;
	struct iommu_hwpt_alloc ha = { .size = sizeof(ha), .dev_id = s->devid, .pt_id = s->ioas };
	__u32 got = 0;

	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, self->ss.small, 16 * PG, IOVA_SMALL));
	ASSERT_EQ(0, xioctl(s->iommufd, IOMMU_HWPT_ALLOC, &ha));
	ASSERT_EQ(0, dev_attach(s->devfd, ha.out_hwpt_id, &got));
	ASSERT_EQ(ha.out_hwpt_id, got);
	ASSERT_EQ(0, dev_detach(s->devfd));
	ASSERT_EQ(0, obj_destroy(s->iommufd, ha.out_hwpt_id));
}

TEST_HARNESS_MAIN
