// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rules of mainline's noiommu cdev, checked at each point where FPK's
 * series once behaved differently, and the one deliberate difference (the
 * capability check at BIND). A program written for mainline must see the
 * same answers here:
 *  - GET_PA refuses an IOVA of ULONG_MAX with EOVERFLOW, even when it is
 *    mapped;
 *  - GET_PA answers from the page table that stores the area's pages, so
 *    a real IOMMU's HWPT next to the software one changes nothing, unless
 *    it came first;
 *  - a noiommu device attaches to any HWPT, and auto-attach reuses one;
 *    a device behind a real IOMMU never gets the software page table;
 *  - registration leaves both taint lines, the group's and the cdev's;
 *  - the name is noiommu-vfioN only where the cdev serves the device (run
 *    on a kernel without VFIO_DEVICE_CDEV: NOIOMMU_EXPECT=patched-nocdev).
 * Opening checks that the device is registered before the capability, as
 * mainline does, but 6.12 deletes the cdev before it drops the registration,
 * so the order only shows in an open() that races with unregistration: no
 * case here can catch it reliably.
 * The real IOMMU is the iommufd selftest's mock one (CONFIG_IOMMUFD_TEST):
 * IOMMU_TEST_OP_MOCK_DOMAIN binds a mock device behind a mock IOMMU to the
 * same iommufd and attaches it to the IOAS through an automatic HWPT.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/capability.h>

#include "noiommu_fixture.h"

/*
 * IOMMU_TEST_CMD (drivers/iommu/iommufd/iommufd_test.h, not a uapi header):
 * our own copy of the two operations used, in the kernel's 72-byte layout.
 */
#define FPK_IOMMU_TEST_CMD _IO(IOMMUFD_TYPE, 0x80 + 32)
#define FPK_TEST_OP_MOCK_DOMAIN 2
#define FPK_TEST_OP_MOCK_DOMAIN_REPLACE 10

struct fpk_test_cmd {
	__u32 size;
	__u32 op;
	__u32 id;
	__u32 __reserved;
	union {
		struct {
			__u32 out_stdev_id;
			__u32 out_hwpt_id;
			__u32 out_idev_id;
		} mock_domain;
		struct {
			__u32 pt_id;
		} mock_domain_replace;
		__aligned_u64 union_size[6];
	};
	__u32 last;
};
_Static_assert(sizeof(struct fpk_test_cmd) == 72, "iommu_test_cmd is 72 bytes");

#define IOVA_TOP_PAGE 0xfffffffffffff000ull

/* A mock device behind a mock IOMMU, attached to @ioas: 0 or errno. */
static int mock_domain(int fd, __u32 ioas, __u32 *stdev, __u32 *hwpt)
{
	struct fpk_test_cmd c = { .size = sizeof(c), .op = FPK_TEST_OP_MOCK_DOMAIN, .id = ioas };
	int r = xioctl(fd, FPK_IOMMU_TEST_CMD, &c);

	if (!r) {
		*stdev = c.mock_domain.out_stdev_id;
		*hwpt = c.mock_domain.out_hwpt_id;
	}
	return r;
}

static int mock_replace(int fd, __u32 stdev, __u32 pt)
{
	struct fpk_test_cmd c = { .size = sizeof(c), .op = FPK_TEST_OP_MOCK_DOMAIN_REPLACE,
				  .id = stdev, .mock_domain_replace.pt_id = pt };

	return xioctl(fd, FPK_IOMMU_TEST_CMD, &c);
}

/* A mock IOMMU device, or a skip that says why there is none. */
#define MOCK_DOMAIN(fd, ioas, stdev, hwpt) do { \
	int r_ = mock_domain(fd, ioas, stdev, hwpt); \
	if (r_ == ENOTTY) \
		SKIP(return, "kernel without CONFIG_IOMMUFD_TEST: no mock IOMMU"); \
	ASSERT_EQ(0, r_) TH_LOG("IOMMU_TEST_OP_MOCK_DOMAIN: %s", ename(r_)); \
} while (0)

FIXTURE(rules) {
	struct session ss;
};

FIXTURE_SETUP(rules)
{
	SESSION_SETUP(&self->ss, 0);
}

FIXTURE_TEARDOWN(rules)
{
	session_close(&self->ss);
}

/* Mapped or not, an IOVA of ULONG_MAX gives EOVERFLOW; the byte before it works. */
TEST_F(rules, getpa_top_of_iova_space)
{
	struct sess *s = &self->ss.s;
	uint64_t pa = 0, len = 0;

	ASSERT_EQ(0, dev_attach(s->devfd, s->ioas, &s->hwpt));
	ASSERT_EQ(EOVERFLOW, get_pa(s->iommufd, s->ioas, UINT64_MAX, 1, NULL, NULL));
	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, self->ss.small, PG, IOVA_TOP_PAGE))
		TH_LOG("a page at the top of the IOVA space");
	ASSERT_EQ(EOVERFLOW, get_pa(s->iommufd, s->ioas, UINT64_MAX, 1, NULL, NULL))
		TH_LOG("a mapped ULONG_MAX must still be refused");
	ASSERT_EQ(0, get_pa(s->iommufd, s->ioas, UINT64_MAX - 1, 16, &pa, &len));
	ASSERT_EQ(2, len);
	ASSERT_EQ(pagemap_pa(self->ss.small) + PG - 2, pa);
}

/* The noiommu HWPT came first: it stores the pages, GET_PA answers. */
TEST_F(rules, getpa_mixed_noiommu_first)
{
	struct sess *s = &self->ss.s;
	__u32 hwpt, stdev, mock;
	uint64_t pa = 0, len = 0, want;

	ASSERT_EQ(0, hwpt_alloc(s->iommufd, s->devid, s->ioas, &hwpt));
	ASSERT_EQ(0, dev_attach(s->devfd, hwpt, NULL));
	MOCK_DOMAIN(s->iommufd, s->ioas, &stdev, &mock);
	ASSERT_NE(hwpt, mock);
	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, self->ss.small, 16 * PG, IOVA_SMALL));
	ASSERT_EQ(0, get_pa(s->iommufd, s->ioas, IOVA_SMALL + 0x80, PG, &pa, &len))
		TH_LOG("a real IOMMU's HWPT beside the noiommu one must not matter");
	ASSERT_EQ(pagemap_pa(self->ss.small) + 0x80, pa);
	/*
	 * The run goes on into the second page when that page follows the
	 * first in physical memory, which a freshly booted guest often gives
	 * a small anonymous buffer: then the asked length caps it.
	 */
	want = PG - 0x80;
	if (pagemap_pa(self->ss.small + PG) == pagemap_pa(self->ss.small) + PG)
		want = PG;
	ASSERT_EQ(want, len);
}

/* The real IOMMU's HWPT came first: it stores the pages, no physical addresses. */
TEST_F(rules, getpa_mixed_real_first)
{
	struct sess *s = &self->ss.s;
	__u32 hwpt, stdev, mock;

	MOCK_DOMAIN(s->iommufd, s->ioas, &stdev, &mock);
	ASSERT_EQ(0, hwpt_alloc(s->iommufd, s->devid, s->ioas, &hwpt));
	ASSERT_EQ(0, dev_attach(s->devfd, hwpt, NULL));
	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, self->ss.small, 16 * PG, IOVA_SMALL));
	ASSERT_EQ(EOPNOTSUPP, get_pa(s->iommufd, s->ioas, IOVA_SMALL, PG, NULL, NULL));
}

/* A noiommu device may attach to a real IOMMU's HWPT, which then pins for it. */
TEST_F(rules, attach_real_hwpt)
{
	struct sess *s = &self->ss.s;
	__u32 stdev, mock, got = 0;

	MOCK_DOMAIN(s->iommufd, s->ioas, &stdev, &mock);
	ASSERT_EQ(0, dev_attach(s->devfd, mock, &got));
	ASSERT_EQ(mock, got);
	ASSERT_EQ(0, dev_detach(s->devfd));
}

/* Auto-attach reuses the IOAS's automatic HWPT, whichever kind it is. */
TEST_F(rules, auto_attach_reuses_real_hwpt)
{
	struct sess *s = &self->ss.s;
	__u32 stdev, mock, got = 0;

	MOCK_DOMAIN(s->iommufd, s->ioas, &stdev, &mock);
	ASSERT_EQ(0, dev_attach(s->devfd, s->ioas, &got));
	ASSERT_EQ(mock, got) TH_LOG("auto-attach made HWPT %u instead of reusing %u", got, mock);
}

/* The software page table is never handed to a real IOMMU. */
TEST_F(rules, real_device_refuses_noiommu_hwpt)
{
	struct sess *s = &self->ss.s;
	__u32 hwpt, stdev, mock;

	ASSERT_EQ(0, hwpt_alloc(s->iommufd, s->devid, s->ioas, &hwpt));
	MOCK_DOMAIN(s->iommufd, s->ioas, &stdev, &mock);
	ASSERT_NE(hwpt, mock) TH_LOG("auto-attach of the mock device took the noiommu HWPT");
	ASSERT_EQ(EINVAL, mock_replace(s->iommufd, stdev, hwpt));
}

/* Each NIC left the group's taint line and, with the cdev, the cdev's. */
TEST(taint_lines)
{
	static const char group_line[] = "Adding kernel taint for vfio-noiommu group on device";
	static const char cdev_line[] = "Adding kernel taint for vfio-noiommu cdev";

	nics_discover();
	ASSERT_LT(0, n_nics);
	for (int i = 0; i < n_nics; i++) {
		int g = klog_count(nics[i].bdf, group_line);
		int c = klog_count(nics[i].bdf, cdev_line);

		ASSERT_LE(0, g) TH_LOG("cannot read the kernel log");
		if (expect_group()) {
			EXPECT_LE(1, g) TH_LOG("%s: no \"%s\"", nics[i].bdf, group_line);
		} else {
			EXPECT_EQ(0, g) TH_LOG("%s: a group taint without groups", nics[i].bdf);
		}
		if (!expect_cdev()) {
			EXPECT_EQ(0, c) TH_LOG("%s: %s kernel with a cdev taint", nics[i].bdf,
					       expect_kernel());
		} else {
			EXPECT_LE(1, c) TH_LOG("%s: no \"%s\"", nics[i].bdf, cdev_line);
		}
	}
}

/*
 * The name under vfio-dev/ is noiommu-vfioN only where the cdev serves the
 * device; stock 6.12 and a kernel without VFIO_DEVICE_CDEV keep vfioN.
 */
TEST(vfio_dev_name)
{
	nics_discover();
	ASSERT_EQ(2, n_nics);
	for (int i = 0; i < n_nics; i++) {
		const char *n = nics[i].cdev;
		const char *want = expect_cdev() ? "noiommu-vfio" : "vfio";
		size_t l = strlen(want);

		ASSERT_TRUE(!strncmp(n, want, l) && n[l] >= '0' && n[l] <= '9' &&
			    strspn(n + l, "0123456789") == strlen(n + l))
			TH_LOG("%s: vfio-dev/%s, want %sN on a %s kernel", nics[i].bdf, n, want,
			       expect_kernel());
	}
}

/* Child side of bind_passed_fd: no CAP_SYS_RAWIO, the cdev fd from a socket. */
static int bind_without_rawio(void *arg, char *msg, size_t len)
{
	int sock = *(int *)arg, devfd = -1, iommufd, r;
	char cbuf[CMSG_SPACE(sizeof(int))], b;
	struct iovec iov = { .iov_base = &b, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	__u32 devid;

	if (capset_drop(CAP_SYS_RAWIO))
		return snprintf(msg, len, "cannot drop CAP_SYS_RAWIO"), 2;
	if (recvmsg(sock, &mh, 0) != 1)
		return snprintf(msg, len, "recvmsg: %s", ename(errno)), 2;
	cm = CMSG_FIRSTHDR(&mh);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return snprintf(msg, len, "no fd received"), 2;
	memcpy(&devfd, CMSG_DATA(cm), sizeof(devfd));
	iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (iommufd < 0)
		return snprintf(msg, len, "open /dev/iommu: %s", ename(errno)), 2;
	r = dev_bind(devfd, iommufd, &devid);
	if (r != EPERM)
		return snprintf(msg, len, "BIND of a passed fd without CAP_SYS_RAWIO: %s, want EPERM",
				ename(r)), 2;
	return 1;
}

/*
 * The one deliberate difference from mainline: an fd that root opened and
 * passed on cannot be bound by a task without CAP_SYS_RAWIO. It only
 * refuses: root binds the very same fd afterwards.
 */
TEST(bind_passed_fd_needs_rawio)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, msg[512] = "";
	struct iovec iov = { .iov_base = "f", .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	int sv[2], devfd, iommufd;
	__u32 devid;

	REQUIRE_CDEV();
	devfd = cdev_open(0);
	ASSERT_LE(0, devfd) TH_LOG("open %s: %s", nics[0].cdev, ename(errno));
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &devfd, sizeof(devfd));
	/* Queued in the socket before the child exists: it cannot inherit it */
	ASSERT_EQ(1, sendmsg(sv[0], &mh, 0)) TH_LOG("sendmsg: %s", ename(errno));
	ASSERT_EQ(1, run_child(bind_without_rawio, &sv[1], msg, sizeof(msg))) TH_LOG("%s", msg);
	iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, iommufd);
	ASSERT_EQ(0, dev_bind(devfd, iommufd, &devid)) TH_LOG("root binding the same fd");
	close(devfd);
	close(iommufd);
	close(sv[0]);
	close(sv[1]);
}

TEST_HARNESS_MAIN
