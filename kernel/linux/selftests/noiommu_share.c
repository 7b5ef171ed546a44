// SPDX-License-Identifier: GPL-2.0-only
/*
 * noiommu_share: memory shared between devices, HWPTs and IOASes. Both NICs
 * in one IOAS share its HWPT and one pin; replacing a device's HWPT while
 * memory is mapped keeps it pinned, and an explicitly allocated HWPT keeps
 * the pin until it is destroyed, wherever the device went; IOMMU_IOAS_COPY
 * gives another IOAS the same pages, and GET_PA there the same addresses.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "noiommu_fixture.h"

#define IOVA_COPY 0x30000000ull

/* NIC 0 and NIC 1 bound to one iommufd, with one IOAS and 16 mapped pages. */
FIXTURE(share) {
	int iommufd, devfd[2];
	__u32 devid[2], ioas;
	uint8_t *buf;
	long long pin0;
};

FIXTURE_SETUP(share)
{
	self->iommufd = self->devfd[0] = self->devfd[1] = -1;
	REQUIRE_CDEV();
	REQUIRE_TWO_NICS();
	self->pin0 = pinned_pages();
	self->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->iommufd);
	for (int i = 0; i < 2; i++) {
		self->devfd[i] = cdev_open(i);
		ASSERT_LE(0, self->devfd[i]) TH_LOG("open %s: %s", nics[i].cdev, ename(errno));
		ASSERT_EQ(0, dev_bind(self->devfd[i], self->iommufd, &self->devid[i]));
	}
	ASSERT_EQ(0, ioas_alloc(self->iommufd, &self->ioas));
	self->buf = anon_alloc(16 * PG);
	ASSERT_NE(NULL, self->buf);
}

FIXTURE_TEARDOWN(share)
{
	for (int i = 0; i < 2; i++)
		if (self->devfd[i] >= 0)
			close(self->devfd[i]);
	if (self->iommufd >= 0)
		close(self->iommufd);
}

/* Pages pinned now, relative to the fixture's start. */
static long long pinned(struct _test_data_share *self)
{
	return pinned_pages() - self->pin0;
}

/* Two devices on one IOAS: one HWPT, one pin, kept until the last detach. */
TEST_F(share, two_devices_one_ioas)
{
	__u32 h0 = 0, h1 = 0;
	uint64_t pa = 0, len = 0;

	ASSERT_EQ(0, dev_attach(self->devfd[0], self->ioas, &h0));
	ASSERT_EQ(0, dev_attach(self->devfd[1], self->ioas, &h1));
	ASSERT_EQ(h0, h1) TH_LOG("the second device got HWPT %u, not the IOAS's %u", h1, h0);
	ASSERT_EQ(0, ioas_map(self->iommufd, self->ioas, self->buf, 16 * PG, IOVA_SMALL));
	ASSERT_EQ(16, pinned(self)) TH_LOG("two devices, one pin per page");
	ASSERT_EQ(0, get_pa(self->iommufd, self->ioas, IOVA_SMALL, PG, &pa, &len));
	ASSERT_EQ(pagemap_pa(self->buf), pa);
	ASSERT_EQ(0, dev_detach(self->devfd[0]));
	ASSERT_EQ(16, pinned(self)) TH_LOG("the other device still uses the HWPT");
	ASSERT_EQ(0, get_pa(self->iommufd, self->ioas, IOVA_SMALL, PG, &pa, &len));
	ASSERT_EQ(0, dev_detach(self->devfd[1]));
	ASSERT_EQ(0, pinned(self)) TH_LOG("the last detach of an automatic HWPT unpins");
}

/*
 * Replace while mapped: from HWPT a to b of the same IOAS the memory stays
 * pinned; moved to another IOAS, the first one keeps it pinned until its
 * explicitly allocated HWPTs are destroyed (the hazard 0008 documents).
 */
TEST_F(share, replace_while_mapped)
{
	__u32 a, b, c, ioas2, got = 0;

	ASSERT_EQ(0, hwpt_alloc(self->iommufd, self->devid[0], self->ioas, &a));
	ASSERT_EQ(0, dev_attach(self->devfd[0], a, NULL));
	ASSERT_EQ(0, ioas_map(self->iommufd, self->ioas, self->buf, 16 * PG, IOVA_SMALL));
	ASSERT_EQ(16, pinned(self));
	ASSERT_EQ(0, hwpt_alloc(self->iommufd, self->devid[0], self->ioas, &b));
	ASSERT_EQ(0, dev_attach(self->devfd[0], b, &got)) TH_LOG("replace a -> b");
	ASSERT_EQ(b, got);
	ASSERT_EQ(16, pinned(self)) TH_LOG("replace within the IOAS");
	ASSERT_EQ(0, get_pa(self->iommufd, self->ioas, IOVA_SMALL, PG, NULL, NULL));
	ASSERT_EQ(0, ioas_alloc(self->iommufd, &ioas2));
	ASSERT_EQ(0, hwpt_alloc(self->iommufd, self->devid[0], ioas2, &c));
	ASSERT_EQ(0, dev_attach(self->devfd[0], c, &got)) TH_LOG("replace b -> c (other IOAS)");
	ASSERT_EQ(16, pinned(self)) TH_LOG("a and b still hold the first IOAS's pages");
	ASSERT_EQ(0, obj_destroy(self->iommufd, a));
	ASSERT_EQ(16, pinned(self)) TH_LOG("b still holds them");
	ASSERT_EQ(0, obj_destroy(self->iommufd, b));
	ASSERT_EQ(0, pinned(self)) TH_LOG("no HWPT left in the first IOAS");
	ASSERT_EQ(EOPNOTSUPP, get_pa(self->iommufd, self->ioas, IOVA_SMALL, PG, NULL, NULL));
}

/* IOAS_COPY: the second IOAS names the same pages, GET_PA agrees. */
TEST_F(share, ioas_copy)
{
	struct iommu_ioas_copy cp = { .size = sizeof(cp),
				      .flags = IOMMU_IOAS_MAP_FIXED_IOVA |
					       IOMMU_IOAS_MAP_READABLE | IOMMU_IOAS_MAP_WRITEABLE,
				      .length = 16 * PG, .src_iova = IOVA_SMALL,
				      .dst_iova = IOVA_COPY };
	uint64_t pa = 0, len = 0;
	__u32 ioas2;

	ASSERT_EQ(0, ioas_map(self->iommufd, self->ioas, self->buf, 16 * PG, IOVA_SMALL));
	ASSERT_EQ(0, dev_attach(self->devfd[0], self->ioas, NULL));
	ASSERT_EQ(0, ioas_alloc(self->iommufd, &ioas2));
	ASSERT_EQ(0, dev_attach(self->devfd[1], ioas2, NULL));
	cp.src_ioas_id = self->ioas;
	cp.dst_ioas_id = ioas2;
	ASSERT_EQ(0, xioctl(self->iommufd, IOMMU_IOAS_COPY, &cp));
	for (int i = 0; i < 16; i++) {
		ASSERT_EQ(0, get_pa(self->iommufd, ioas2, IOVA_COPY + i * PG, PG, &pa, &len));
		ASSERT_EQ(pagemap_pa(self->buf + i * PG), pa) TH_LOG("page %d", i);
	}
	ASSERT_EQ(16, pinned(self)) TH_LOG("the copy shares the pin");
}

TEST_HARNESS_MAIN
