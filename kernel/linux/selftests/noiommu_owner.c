// SPDX-License-Identifier: GPL-2.0-only
/*
 * noiommu_owner: who may use a noiommu device, and when it is taken away.
 * The legacy group and the cdev exclude each other (EBUSY); a task that
 * opened the cdev and then dropped CAP_SYS_RAWIO cannot bind it (the
 * series' deliberate difference from mainline); and unbinding the driver
 * while the device is bound, attached and mapped asks user space to let go
 * (the REQ interrupt), waits for it, releases every pin and leaves no
 * kernel warning, after which the device binds to vfio-pci again.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>

#include "noiommu_fixture.h"

/* The cdev bound: the group cannot be opened. */
TEST(group_refused_while_cdev_bound)
{
	struct session ss;
	char path[64];
	int g;

	REQUIRE_GROUP();
	SESSION_SETUP(&ss, 0);
	snprintf(path, sizeof(path), "/dev/vfio/noiommu-%d", nics[0].group);
	g = open(path, O_RDWR | O_CLOEXEC);
	if (g >= 0)
		close(g);
	EXPECT_EQ(-1, g) TH_LOG("%s opened while the cdev is bound", path);
	EXPECT_EQ(EBUSY, errno);
	session_close(&ss);
}

/* The device taken through the group: the cdev cannot be bound. */
TEST(cdev_bind_refused_while_group_open)
{
	struct legacy l;
	char why[256];
	int devfd, iommufd;
	__u32 devid;

	REQUIRE_CDEV();
	REQUIRE_GROUP();
	ASSERT_EQ(0, legacy_open(&l, 0, why, sizeof(why))) TH_LOG("%s", why);
	devfd = cdev_open(0);
	iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	EXPECT_LE(0, devfd) TH_LOG("open %s: %s", nics[0].cdev, ename(errno));
	EXPECT_EQ(EBUSY, dev_bind(devfd, iommufd, &devid));
	close(devfd);
	close(iommufd);
	legacy_close(&l);
}

static int bind_after_drop(void *arg, char *msg, size_t len)
{
	int devfd = cdev_open(0), iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC), r;
	__u32 devid;

	(void)arg;
	if (devfd < 0 || iommufd < 0)
		return snprintf(msg, len, "open as root: %s", ename(errno)), 2;
	if (capset_drop(CAP_SYS_RAWIO))
		return snprintf(msg, len, "cannot drop CAP_SYS_RAWIO"), 2;
	r = dev_bind(devfd, iommufd, &devid);
	if (r != EPERM)
		return snprintf(msg, len, "BIND after dropping CAP_SYS_RAWIO: %s, want EPERM",
				ename(r)), 2;
	return 1;
}

/* Opened with the capability, bound without it: refused. */
TEST(bind_after_capability_drop)
{
	char msg[512] = "";

	REQUIRE_CDEV();
	ASSERT_EQ(1, run_child(bind_after_drop, NULL, msg, sizeof(msg))) TH_LOG("%s", msg);
}

static int write_sysfs(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return errno;
	if (write(fd, val, strlen(val)) < 0)
		r = errno;
	close(fd);
	return r;
}

/* VFIO_PCI_REQ_IRQ_INDEX to @efd: vfio-pci signals it to ask for the device back. */
static int req_irq_set(int devfd, int efd)
{
	char b[sizeof(struct vfio_irq_set) + sizeof(int)] __attribute__((aligned(8)));
	struct vfio_irq_set *s = (struct vfio_irq_set *)b;

	s->argsz = sizeof(b);
	s->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	s->index = VFIO_PCI_REQ_IRQ_INDEX;
	s->start = 0;
	s->count = 1;
	memcpy(s->data, &efd, sizeof(efd));
	return xioctl(devfd, VFIO_DEVICE_SET_IRQS, s);
}

/*
 * Unbinding vfio-pci from NIC 1 while it is bound, attached and mapped:
 * the unbind waits for the device fd, and the REQ eventfd asks for it.
 * Closing the fds lets the unbind finish and unpins everything.
 */
TEST(driver_unbind_while_bound)
{
	char unbind[160], vfiodev[160], why[256], first[256] = "";
	int efd, st, problems;
	struct pollfd p;
	struct sess s;
	uint8_t *buf;
	long long pin0;
	pid_t child;

	REQUIRE_CDEV();
	REQUIRE_TWO_NICS();
	snprintf(unbind, sizeof(unbind), "/sys/bus/pci/devices/%s/driver/unbind", nics[1].bdf);
	snprintf(vfiodev, sizeof(vfiodev), "/sys/bus/pci/devices/%s/vfio-dev", nics[1].bdf);
	problems = klog_problems(NULL, 0);
	pin0 = pinned_pages();
	buf = anon_alloc(16 * PG);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, sess_open(&s, 1, true, why, sizeof(why))) TH_LOG("%s", why);
	ASSERT_EQ(0, ioas_map(s.iommufd, s.ioas, buf, 16 * PG, IOVA_SMALL));
	ASSERT_EQ(16, pinned_pages() - pin0);
	efd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, efd);
	ASSERT_EQ(0, req_irq_set(s.devfd, efd));
	fflush(stdout);
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		after_fork();
		sess_close(&s);	/* or the unbind would wait for this child too */
		_exit(write_sysfs(unbind, nics[1].bdf) ? 2 : 0);
	}
	p = (struct pollfd){ .fd = efd, .events = POLLIN };
	st = poll(&p, 1, 20000);
	sess_close(&s);
	close(efd);
	ASSERT_EQ(child, waitpid(child, &st, 0));
	ASSERT_TRUE(WIFEXITED(st) && !WEXITSTATUS(st)) TH_LOG("unbind of %s failed", nics[1].bdf);
	ASSERT_EQ(1, p.revents & POLLIN ? 1 : 0) TH_LOG("no request to release the device");
	EXPECT_EQ(0, pinned_pages() - pin0) TH_LOG("pins left after the unbind");
	/* driver_override still names vfio-pci */
	ASSERT_EQ(0, write_sysfs("/sys/bus/pci/drivers_probe", nics[1].bdf));
	for (int i = 0; i < 100 && access(vfiodev, F_OK); i++)
		sleep_ms(50);
	ASSERT_EQ(0, access(vfiodev, F_OK)) TH_LOG("%s is not back on vfio-pci", nics[1].bdf);
	EXPECT_EQ(problems, klog_problems(first, sizeof(first))) TH_LOG("kernel: %s", first);
}

TEST_HARNESS_MAIN
