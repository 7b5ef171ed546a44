// SPDX-License-Identifier: BSD-3-Clause
/*
 * noiommu_test - in-guest test of the VFIO noiommu cdev + iommufd user ABI
 * (FPK kernel patch series for Linux 6.12), including a real DMA check with
 * two e1000e (82574L) NICs on one QEMU hub.
 *
 * Runs as root inside the FPK test guest (tests/vm/run --suite kernel).
 * With --expect stock it checks what an unpatched 6.12 does instead:
 * no /dev/vfio/devices/noiommu-*, the legacy group works, GET_PA is ENOTTY.
 *
 * Output: one line per case, "ok - NAME", "FAIL - NAME: why" or
 * "skip - NAME: why", informational lines starting with "# ", and a final
 * "N passed, N failed, N skipped".  Exit status 1 if anything failed.
 * "--list" prints the case names (the harness checks every one reported).
 *
 * Built static against the tree's installed uapi headers:
 *   gcc -std=c11 -static -O2 -Wall -Wextra -Werror -isystem HDR/include
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <linux/capability.h>
#include <linux/iommufd.h>
#include <linux/vfio.h>

/* ------------------------------------------------------------------ ABI --
 * IOMMU_IOAS_NOIOMMU_GET_PA: _IO(';', 0x95), 40-byte struct.  Our own copy of
 * the layout, so the program also builds against stock 6.12 headers; when
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
_Static_assert(offsetof(struct iommu_ioas_noiommu_get_pa, out_phys) == 32, "header disagrees");
#endif

#define PG 4096ul
#define HUGE (2ul << 20)
#define MAP_RW (IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE | IOMMU_IOAS_MAP_WRITEABLE)
#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif
#define MAP_HUGE_2M (21 << MAP_HUGE_SHIFT)

/* --------------------------------------------------------------- cases --- */
struct tcase {
	const char *name;
	bool cdev_only;	/* needs the patched kernel's noiommu cdev */
	int state;	/* 0 not reported, 1 ok, 2 fail, 3 skip */
};

static struct tcase cases[] = {
	{ "env-noiommu-param", false, 0 },
	{ "env-e1000e-bound", false, 0 },
	{ "cdev-present", false, 0 },
	{ "legacy-group", false, 0 },
	{ "legacy-bar0-link", false, 0 },
	{ "getpa-ioctl-known", false, 0 },
	{ "cdev-sysfs-name", true, 0 },
	{ "cdev-open-needs-rawio", true, 0 },
	{ "info-before-bind", true, 0 },
	{ "bind-bad-fd", true, 0 },
	{ "bind-real-fd", true, 0 },
	{ "bind-twice", true, 0 },
	{ "info-after-bind", true, 0 },
	{ "hw-info-refused", true, 0 },
	{ "ioas-alloc-destroy", true, 0 },
	{ "map-lazy-before-attach", true, 0 },
	{ "getpa-before-attach", true, 0 },
	{ "attach-bad-ioas", true, 0 },
	{ "hwpt-alloc-flags", true, 0 },
	{ "hwpt-alloc-data", true, 0 },
	{ "pin-on-attach", true, 0 },
	{ "attach-detach", true, 0 },
	{ "hwpt-alloc-attach", true, 0 },
	{ "map-unaligned", true, 0 },
	{ "map-unmap", true, 0 },
	{ "pin-on-map", true, 0 },
	{ "unpin-on-unmap", true, 0 },
	{ "getpa-aligned", true, 0 },
	{ "getpa-offset", true, 0 },
	{ "getpa-length-cap", true, 0 },
	{ "getpa-length-zero", true, 0 },
	{ "getpa-flags-nonzero", true, 0 },
	{ "getpa-reserved-nonzero", true, 0 },
	{ "getpa-bad-ioas", true, 0 },
	{ "getpa-not-ioas", true, 0 },
	{ "getpa-unmapped-iova", true, 0 },
	{ "getpa-after-unmap", true, 0 },
	{ "getpa-two-areas", true, 0 },
	{ "getpa-no-rawio", true, 0 },
	{ "getpa-size-small", true, 0 },
	{ "getpa-size-big-zero-tail", true, 0 },
	{ "getpa-size-big-nonzero-tail", true, 0 },
	{ "getpa-hugepage-runs", true, 0 },
	{ "getpa-pagemap-64m", true, 0 },
	{ "remap-after-large-unmap", true, 0 },
	{ "rlimit-memlock", true, 0 },
	{ "two-processes", true, 0 },
	{ "dma-legacy-pagemap", false, 0 },
	{ "dma-cdev-getpa", true, 0 },
	{ "kill-dma-child", false, 0 },
	{ "kill-no-kernel-warn", false, 0 },
	{ "kill-pins-released", false, 0 },
	{ "kill-device-reusable", false, 0 },
	{ "getpa-timing-512m", true, 0 },
	{ "taint-user", false, 0 },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

static int n_pass, n_fail, n_skip;

static struct tcase *find_case(const char *name)
{
	for (size_t i = 0; i < NCASES; i++)
		if (!strcmp(cases[i].name, name))
			return &cases[i];
	fprintf(stderr, "internal error: unknown case %s\n", name);
	abort();
}

static void vreport(int st, const char *name, const char *fmt, va_list ap)
{
	struct tcase *c = find_case(name);
	char why[512] = "";

	if (c->state) {
		/* Report once; a later failure of the same case still counts. */
		if (st != 2 || c->state == 2)
			return;
		n_pass -= c->state == 1;
		n_skip -= c->state == 3;
	}
	if (fmt)
		vsnprintf(why, sizeof(why), fmt, ap);
	c->state = st;
	if (st == 1) {
		n_pass++;
		printf("ok - %s%s%s\n", name, why[0] ? " # " : "", why);
	} else if (st == 2) {
		n_fail++;
		printf("FAIL - %s: %s\n", name, why);
	} else {
		n_skip++;
		printf("skip - %s: %s\n", name, why);
	}
	fflush(stdout);
}

__attribute__((format(printf, 2, 3)))
static void pass(const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(1, name, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 2, 3)))
static void fail(const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(2, name, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 2, 3)))
static void skip(const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(3, name, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 1, 2)))
static void info(const char *fmt, ...)
{
	va_list ap;
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* Result of an expected-errno check: NULL when as expected, else a reason. */
static char errbuf[256];
static const char *want_errno(int rc, int err, int want)
{
	if (rc == 0)
		snprintf(errbuf, sizeof(errbuf), "succeeded, expected %s", strerrorname_np(want));
	else if (err != want)
		snprintf(errbuf, sizeof(errbuf), "got %s (%d), expected %s",
			 strerrorname_np(err) ? strerrorname_np(err) : "?", err, strerrorname_np(want));
	else
		return NULL;
	return errbuf;
}

static const char *ename(int e)
{
	const char *n = strerrorname_np(e);
	return n ? n : "E?";
}

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* ---------------------------------------------------- system helpers ---- */
static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return 0;
}

/* Pages pinned system-wide: nr_foll_pin_acquired - nr_foll_pin_released.
 * The counters are per-CPU with lazy folding; writing vm.stat_refresh folds
 * them first, so that small differences are exact. */
static long long pinned_pages(void)
{
	char buf[16384];
	long long acq = -1, rel = -1;
	int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "1", 1) < 0)
			info("warning: vm.stat_refresh: %s", strerror(errno));
		close(fd);
	}
	if (read_file("/proc/vmstat", buf, sizeof(buf)))
		return LLONG_MIN;
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
		if (!strncmp(l, "nr_foll_pin_acquired ", 21))
			acq = atoll(l + 21);
		else if (!strncmp(l, "nr_foll_pin_released ", 21))
			rel = atoll(l + 21);
	}
	if (acq < 0 || rel < 0)
		return LLONG_MIN;
	return acq - rel;
}

/* Number of kernel-log lines that show trouble (WARN, BUG, oops, traces). */
static int klog_problems(char *first, size_t firstlen)
{
	static const char *const pats[] = { "WARNING:", "BUG:", "Oops", "Call Trace",
					    "cut here", "general protection" };
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	if (size <= 0)
		return -1;
	char *buf = malloc((size_t)size + 1);
	if (!buf)
		return -1;
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (n < 0) {
		free(buf);
		return -1;
	}
	buf[n] = 0;
	int count = 0;
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
		for (size_t i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
			if (strstr(l, pats[i])) {
				if (!count && first)
					snprintf(first, firstlen, "%s", l);
				count++;
				break;
			}
		}
	}
	free(buf);
	return count;
}

static int capset_drop(const int *caps, int ncaps)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d))
		return -1;
	for (int i = 0; i < ncaps; i++) {
		int c = caps[i];
		__u32 bit = 1u << (c & 31);
		d[c >> 5].effective &= ~bit;
		d[c >> 5].permitted &= ~bit;
		d[c >> 5].inheritable &= ~bit;
		prctl(PR_CAPBSET_DROP, c, 0, 0, 0);
	}
	return (int)syscall(SYS_capset, &h, d);
}

/* /proc/self/pagemap: physical address of a virtual address (0 if absent). */
static int pagemap_fd = -1;
static uint64_t pagemap_pa(const void *va)
{
	uint64_t e;
	uintptr_t v = (uintptr_t)va;
	if (pagemap_fd < 0)
		pagemap_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (pagemap_fd < 0 || pread(pagemap_fd, &e, 8, (off_t)(v / PG * 8)) != 8)
		return 0;
	if (!(e & (1ull << 63)) || !(e & ((1ull << 55) - 1)))
		return 0;
	return (e & ((1ull << 55) - 1)) * PG + (v & (PG - 1));
}

/* Bulk pagemap read of npages entries starting at va (page aligned). */
static int pagemap_read(const void *va, size_t npages, uint64_t *out)
{
	if (pagemap_fd < 0)
		pagemap_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	size_t want = npages * 8;
	if (pread(pagemap_fd, out, want, (off_t)((uintptr_t)va / PG * 8)) != (ssize_t)want)
		return -1;
	for (size_t i = 0; i < npages; i++)
		out[i] = (out[i] & (1ull << 63)) ? (out[i] & ((1ull << 55) - 1)) * PG : 0;
	return 0;
}

/* A forked child must read its own pagemap, not the parent's. */
static void after_fork(void)
{
	if (pagemap_fd >= 0)
		close(pagemap_fd);
	pagemap_fd = -1;
}

/* 2 MiB hugepages for DMA.  MAP_SHARED (as DPDK's hugetlbfs files): DMA
 * memory must never become copy-on-write after fork(), or the parent's next
 * write moves it to a new page behind the device's back.  MADV_DONTFORK
 * would also do, but the guest kernel may lack CONFIG_ADVISE_SYSCALLS. */
static void *huge_alloc(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2M | MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, len);
	return p;
}

static void *anon_alloc(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	for (size_t i = 0; i < len; i += PG)
		((volatile char *)p)[i] = (char)i;
	return p;
}

/* Run fn in a child; it fills msg and returns 1 ok, 2 fail, 3 skip. */
typedef int (*child_fn)(void *arg, char *msg, size_t len);
static int run_child(child_fn fn, void *arg, char *msg, size_t len)
{
	int p[2];
	if (pipe(p))
		return snprintf(msg, len, "pipe: %s", strerror(errno)), 2;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return snprintf(msg, len, "fork: %s", strerror(errno)), 2;
	if (!pid) {
		char m[512] = "";
		after_fork();
		close(p[0]);
		int r = fn(arg, m, sizeof(m));
		if (write(p[1], m, strlen(m)) < 0)
			_exit(2);
		_exit(r);
	}
	close(p[1]);
	ssize_t n = 0, r;
	msg[0] = 0;
	while ((size_t)n < len - 1 && (r = read(p[0], msg + n, len - 1 - (size_t)n)) > 0)
		n += r;
	msg[n > 0 ? n : 0] = 0;
	close(p[0]);
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return snprintf(msg, len, "waitpid: %s", strerror(errno)), 2;
	if (WIFSIGNALED(st))
		return snprintf(msg, len, "child killed by signal %d", WTERMSIG(st)), 2;
	int rc = WEXITSTATUS(st);
	return rc >= 1 && rc <= 3 ? rc : 2;
}

/* ------------------------------------------------------------- devices -- */
struct nicdev {
	char bdf[32];
	char cdev[64];	/* "noiommu-vfioN" or "" */
	int group;	/* legacy group number or -1 */
};
static struct nicdev nics[2];
static int n_nics;
static bool expect_patched = true;
static bool have_cdev;

static int cmp_nic(const void *a, const void *b)
{
	return strcmp(((const struct nicdev *)a)->bdf, ((const struct nicdev *)b)->bdf);
}

static void discover(void)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *e;
	char path[512], buf[256];
	if (!d)
		return;
	while ((e = readdir(d)) && n_nics < 2) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor", e->d_name);
		if (read_file(path, buf, sizeof(buf)) || strcmp(buf, "0x8086"))
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device", e->d_name);
		if (read_file(path, buf, sizeof(buf)) || strcmp(buf, "0x10d3"))
			continue;
		struct nicdev *n = &nics[n_nics++];
		memset(n, 0, sizeof(*n));
		snprintf(n->bdf, sizeof(n->bdf), "%.31s", e->d_name);
		n->group = -1;
	}
	closedir(d);
	qsort(nics, (size_t)n_nics, sizeof(nics[0]), cmp_nic);
	for (int i = 0; i < n_nics; i++) {
		struct nicdev *n = &nics[i];
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", n->bdf);
		ssize_t l = readlink(path, buf, sizeof(buf) - 1);
		if (l > 0) {
			buf[l] = 0;
			char *s = strrchr(buf, '/');
			n->group = atoi(s ? s + 1 : buf);
		}
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vfio-dev", n->bdf);
		DIR *vd = opendir(path);
		if (vd) {
			while ((e = readdir(vd)))
				if (e->d_name[0] != '.')
					snprintf(n->cdev, sizeof(n->cdev), "%.63s", e->d_name);
			closedir(vd);
		}
		info("e1000e %d: %s legacy group %d, vfio-dev %s", i, n->bdf, n->group,
		     n->cdev[0] ? n->cdev : "(none)");
	}
}

static int cdev_open(int i)
{
	char path[128];
	snprintf(path, sizeof(path), "/dev/vfio/devices/%s", nics[i].cdev);
	return open(path, O_RDWR | O_CLOEXEC);
}

/* iommufd/cdev calls: return 0 or errno. */
static int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? errno : 0;
}

static int dev_bind(int devfd, int iommufd, __u32 *devid)
{
	struct vfio_device_bind_iommufd b = { .argsz = sizeof(b), .iommufd = iommufd };
	int r = xioctl(devfd, VFIO_DEVICE_BIND_IOMMUFD, &b);
	if (!r && devid)
		*devid = b.out_devid;
	return r;
}

static int dev_attach(int devfd, __u32 pt, __u32 *out)
{
	struct vfio_device_attach_iommufd_pt a = { .argsz = sizeof(a), .pt_id = pt };
	int r = xioctl(devfd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &a);
	if (!r && out)
		*out = a.pt_id;
	return r;
}

static int dev_detach(int devfd)
{
	struct vfio_device_detach_iommufd_pt d = { .argsz = sizeof(d) };
	return xioctl(devfd, VFIO_DEVICE_DETACH_IOMMUFD_PT, &d);
}

static int ioas_alloc(int fd, __u32 *id)
{
	struct iommu_ioas_alloc a = { .size = sizeof(a) };
	int r = xioctl(fd, IOMMU_IOAS_ALLOC, &a);
	if (!r)
		*id = a.out_ioas_id;
	return r;
}

static int obj_destroy(int fd, __u32 id)
{
	struct iommu_destroy d = { .size = sizeof(d), .id = id };
	return xioctl(fd, IOMMU_DESTROY, &d);
}

static int ioas_map(int fd, __u32 ioas, const void *va, uint64_t len, uint64_t iova)
{
	struct iommu_ioas_map m = { .size = sizeof(m), .flags = MAP_RW, .ioas_id = ioas,
				    .user_va = (uintptr_t)va, .length = len, .iova = iova };
	return xioctl(fd, IOMMU_IOAS_MAP, &m);
}

static int ioas_unmap(int fd, __u32 ioas, uint64_t iova, uint64_t len, uint64_t *done)
{
	struct iommu_ioas_unmap u = { .size = sizeof(u), .ioas_id = ioas, .iova = iova, .length = len };
	int r = xioctl(fd, IOMMU_IOAS_UNMAP, &u);
	if (!r && done)
		*done = u.length;
	return r;
}

static int get_pa(int fd, __u32 ioas, uint64_t iova, uint64_t len, uint64_t *pa, uint64_t *outlen)
{
	struct fpk_get_pa g = { .size = sizeof(g), .ioas_id = ioas, .iova = iova, .length = len };
	int r = xioctl(fd, FPK_IOCTL_GET_PA, &g);
	if (!r) {
		if (pa)
			*pa = g.out_phys;
		if (outlen)
			*outlen = g.length;
	}
	return r;
}

/* A process's iommufd session on one NIC's cdev. */
struct sess {
	int iommufd, devfd;
	__u32 devid, ioas, hwpt;
};

static int sess_open(struct sess *s, int nic, bool attach, char *why, size_t wl)
{
	int r;
	memset(s, 0, sizeof(*s));
	s->iommufd = s->devfd = -1;
	s->devfd = cdev_open(nic);
	if (s->devfd < 0)
		return snprintf(why, wl, "open cdev %s: %s", nics[nic].cdev, ename(errno)), -1;
	s->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (s->iommufd < 0)
		return snprintf(why, wl, "open /dev/iommu: %s", ename(errno)), -1;
	if ((r = dev_bind(s->devfd, s->iommufd, &s->devid)))
		return snprintf(why, wl, "BIND_IOMMUFD: %s", ename(r)), -1;
	if ((r = ioas_alloc(s->iommufd, &s->ioas)))
		return snprintf(why, wl, "IOAS_ALLOC: %s", ename(r)), -1;
	if (attach && (r = dev_attach(s->devfd, s->ioas, &s->hwpt)))
		return snprintf(why, wl, "ATTACH_IOMMUFD_PT: %s", ename(r)), -1;
	return 0;
}

static void sess_close(struct sess *s)
{
	if (s->devfd >= 0)
		close(s->devfd);	/* vfio-pci resets the device, then unbinds */
	if (s->iommufd >= 0)
		close(s->iommufd);
	s->devfd = s->iommufd = -1;
}

/* Legacy noiommu group path: container + group + device fd. */
struct legacy {
	int container, group, devfd;
};

static int legacy_open(struct legacy *l, int nic, char *why, size_t wl)
{
	char path[64];
	int r;
	l->container = l->group = l->devfd = -1;
	snprintf(path, sizeof(path), "/dev/vfio/noiommu-%d", nics[nic].group);
	l->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (l->container < 0)
		return snprintf(why, wl, "open /dev/vfio/vfio: %s", ename(errno)), -1;
	if (ioctl(l->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		return snprintf(why, wl, "VFIO_GET_API_VERSION mismatch"), -1;
	if (ioctl(l->container, VFIO_CHECK_EXTENSION, VFIO_NOIOMMU_IOMMU) != 1)
		return snprintf(why, wl, "container lacks VFIO_NOIOMMU_IOMMU"), -1;
	l->group = open(path, O_RDWR | O_CLOEXEC);
	if (l->group < 0)
		return snprintf(why, wl, "open %s: %s", path, ename(errno)), -1;
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	if ((r = xioctl(l->group, VFIO_GROUP_GET_STATUS, &gs)))
		return snprintf(why, wl, "GROUP_GET_STATUS: %s", ename(r)), -1;
	if (!(gs.flags & VFIO_GROUP_FLAGS_VIABLE))
		return snprintf(why, wl, "group not viable"), -1;
	if ((r = xioctl(l->group, VFIO_GROUP_SET_CONTAINER, &l->container)))
		return snprintf(why, wl, "GROUP_SET_CONTAINER: %s", ename(r)), -1;
	if (ioctl(l->container, VFIO_SET_IOMMU, VFIO_NOIOMMU_IOMMU))
		return snprintf(why, wl, "SET_IOMMU(NOIOMMU): %s", ename(errno)), -1;
	l->devfd = ioctl(l->group, VFIO_GROUP_GET_DEVICE_FD, nics[nic].bdf);
	if (l->devfd < 0)
		return snprintf(why, wl, "GROUP_GET_DEVICE_FD: %s", ename(errno)), -1;
	return 0;
}

static void legacy_close(struct legacy *l)
{
	if (l->devfd >= 0)
		close(l->devfd);
	if (l->group >= 0)
		close(l->group);
	if (l->container >= 0)
		close(l->container);
	l->devfd = l->group = l->container = -1;
}

/* -------------------------------------------------------------- e1000e --
 * Intel 82574 GbE controller (8086:10d3) as emulated by QEMU's e1000e.
 * Facts from the Intel 82574 GbE Controller Family datasheet: register
 * offsets and bits from chapter 10.2 (register descriptions: general,
 * interrupt, receive and transmit registers; Table 10-3 register summary),
 * the legacy descriptor layouts from chapter 7.1 (receive: legacy receive
 * descriptor) and 7.2 (transmit: legacy transmit descriptor).  Only the
 * legacy descriptors are used (RFCTL.EXSTEN stays 0 after reset).
 */
enum {
	E_CTRL = 0x00000,	/* 10.2 general: Device Control */
	E_STATUS = 0x00008,	/* 10.2 general: Device Status */
	E_ICR = 0x000c0,	/* 10.2 interrupt: Interrupt Cause Read (read clears) */
	E_IMC = 0x000d8,	/* 10.2 interrupt: Interrupt Mask Clear */
	E_RCTL = 0x00100,	/* 10.2 receive: Receive Control */
	E_TCTL = 0x00400,	/* 10.2 transmit: Transmit Control */
	E_TIPG = 0x00410,	/* 10.2 transmit: Transmit Inter-Packet Gap */
	E_RDBAL = 0x02800,	/* 10.2 receive: descriptor base low/high, length, head, tail */
	E_RDBAH = 0x02804,
	E_RDLEN = 0x02808,	/* multiple of 128 bytes */
	E_RDH = 0x02810,
	E_RDT = 0x02818,
	E_TDBAL = 0x03800,	/* 10.2 transmit: descriptor base low/high, length, head, tail */
	E_TDBAH = 0x03804,
	E_TDLEN = 0x03808,
	E_TDH = 0x03810,
	E_TDT = 0x03818,
	E_RAL0 = 0x05400,	/* 10.2 receive: Receive Address Low/High 0 */
	E_RAH0 = 0x05404,
};
#define CTRL_SLU (1u << 6)	/* set link up */
#define CTRL_RST (1u << 26)	/* device reset, self-clearing */
#define STATUS_LU (1u << 1)	/* link up */
#define STATUS_SPEED(s) (((s) >> 6) & 3)	/* 10b = 1000 Mb/s */
#define RCTL_EN (1u << 1)
#define RCTL_UPE (1u << 3)	/* unicast promiscuous */
#define RCTL_MPE (1u << 4)	/* multicast promiscuous */
#define RCTL_BAM (1u << 15)	/* accept broadcast */
#define RCTL_SECRC (1u << 26)	/* strip Ethernet CRC; BSIZE=00: 2048-byte buffers */
#define TCTL_EN (1u << 1)
#define TCTL_PSP (1u << 3)	/* pad short packets */
#define TCTL_CT (0x0fu << 4)	/* collision threshold */
#define TCTL_COLD (0x3fu << 12)	/* collision distance, full duplex */
#define RAH_AV (1u << 31)

struct e_rxd {		/* legacy receive descriptor, 16 bytes */
	uint64_t addr;
	uint16_t len;
	uint16_t csum;
	uint8_t status;	/* bit0 DD, bit1 EOP */
	uint8_t errors;
	uint16_t special;
};
struct e_txd {		/* legacy transmit descriptor, 16 bytes */
	uint64_t addr;
	uint16_t len;
	uint8_t cso;
	uint8_t cmd;	/* bit0 EOP, bit1 IFCS, bit3 RS */
	uint8_t status;	/* bit0 DD */
	uint8_t css;
	uint16_t special;
};
_Static_assert(sizeof(struct e_rxd) == 16 && sizeof(struct e_txd) == 16, "descriptor size");
#define RXD_DD 0x01
#define RXD_EOP 0x02
#define TXD_EOP 0x01
#define TXD_IFCS 0x02
#define TXD_RS 0x08
#define TXD_DD 0x01

#define NDESC 256
#define BUFSZ 2048
#define OFF_RXRING 0x0
#define OFF_TXRING 0x1000
#define OFF_RXBUF 0x10000
#define OFF_TXBUF (OFF_RXBUF + NDESC * BUFSZ)
_Static_assert(OFF_TXBUF + NDESC * BUFSZ <= HUGE, "layout fits one 2 MiB hugepage");

enum pa_mode { PA_GETPA, PA_PAGEMAP };

struct nic {
	int devfd;
	volatile uint8_t *bar;
	size_t barlen;
	off_t cfgoff;
	uint8_t mac[6];
	uint8_t *mem;		/* one 2 MiB hugepage: rings + buffers */
	enum pa_mode mode;
	int iommufd;		/* PA_GETPA: resolve through this IOAS */
	__u32 ioas;
	uint64_t iova;		/* IOVA of mem in the IOAS */
	uint64_t rxring_pa, txring_pa;
	uint64_t rxbuf_pa[NDESC], txbuf_pa[NDESC];
	volatile struct e_rxd *rx;
	volatile struct e_txd *tx;
	unsigned rx_next, tx_next;
};

static inline uint32_t rd32(struct nic *n, uint32_t off)
{
	return *(volatile uint32_t *)(n->bar + off);
}

static inline void wr32(struct nic *n, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(n->bar + off) = v;
}

/* Map BAR0 from the device fd, find config space (region 7), enable MEM + bus master. */
static int nic_map(struct nic *n, int devfd, char *why, size_t wl)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri), .index = VFIO_PCI_BAR0_REGION_INDEX };
	int r;
	memset(n, 0, sizeof(*n));
	n->devfd = devfd;
	n->iommufd = -1;
	if ((r = xioctl(devfd, VFIO_DEVICE_GET_REGION_INFO, &ri)))
		return snprintf(why, wl, "GET_REGION_INFO(BAR0): %s", ename(r)), -1;
	if (!(ri.flags & VFIO_REGION_INFO_FLAG_MMAP) || ri.size < 0x6000)
		return snprintf(why, wl, "BAR0 not mmap-able (flags %#x size %#llx)", ri.flags,
				(unsigned long long)ri.size), -1;
	void *p = mmap(NULL, ri.size, PROT_READ | PROT_WRITE, MAP_SHARED, devfd, (off_t)ri.offset);
	if (p == MAP_FAILED)
		return snprintf(why, wl, "mmap BAR0: %s", ename(errno)), -1;
	n->bar = p;
	n->barlen = ri.size;
	struct vfio_region_info ci = { .argsz = sizeof(ci), .index = VFIO_PCI_CONFIG_REGION_INDEX };
	if ((r = xioctl(devfd, VFIO_DEVICE_GET_REGION_INFO, &ci)))
		return snprintf(why, wl, "GET_REGION_INFO(config): %s", ename(r)), -1;
	n->cfgoff = (off_t)ci.offset;
	uint16_t cmd;
	if (pread(devfd, &cmd, 2, n->cfgoff + 4) != 2)
		return snprintf(why, wl, "config read: %s", ename(errno)), -1;
	cmd |= 0x2 | 0x4;	/* memory space, bus master */
	if (pwrite(devfd, &cmd, 2, n->cfgoff + 4) != 2)
		return snprintf(why, wl, "config write: %s", ename(errno)), -1;
	return 0;
}

static void nic_unmap(struct nic *n)
{
	if (n->bar) {
		uint16_t cmd;
		wr32(n, E_RCTL, 0);
		wr32(n, E_TCTL, 0);
		if (pread(n->devfd, &cmd, 2, n->cfgoff + 4) == 2) {
			cmd &= (uint16_t)~0x4;	/* stop DMA: clear bus master */
			if (pwrite(n->devfd, &cmd, 2, n->cfgoff + 4) != 2)
				info("warning: cannot clear bus master");
		}
		munmap((void *)n->bar, n->barlen);
		n->bar = NULL;
	}
}

/* Reset, link up, read the MAC.  0 or -1 with why. */
static int nic_reset(struct nic *n, int idx, char *why, size_t wl)
{
	wr32(n, E_IMC, 0xffffffff);
	wr32(n, E_CTRL, rd32(n, E_CTRL) | CTRL_RST);
	sleep_ms(5);
	for (int i = 0; i < 200 && (rd32(n, E_CTRL) & CTRL_RST); i++)
		sleep_ms(1);
	if (rd32(n, E_CTRL) & CTRL_RST)
		return snprintf(why, wl, "CTRL.RST did not clear"), -1;
	wr32(n, E_IMC, 0xffffffff);
	(void)rd32(n, E_ICR);
	wr32(n, E_CTRL, rd32(n, E_CTRL) | CTRL_SLU);
	uint32_t st = 0;
	for (int i = 0; i < 3000; i++) {
		st = rd32(n, E_STATUS);
		if (st & STATUS_LU)
			break;
		sleep_ms(1);
	}
	if (!(st & STATUS_LU))
		return snprintf(why, wl, "no link (STATUS %#x)", st), -1;
	uint32_t ral = rd32(n, E_RAL0), rah = rd32(n, E_RAH0);
	if (!(rah & RAH_AV)) {
		ral = 0x00fb5452u + 0;	/* 52:54:fb:00:... locally administered */
		rah = RAH_AV | (uint32_t)(0xee00 + idx);
		wr32(n, E_RAL0, ral);
		wr32(n, E_RAH0, rah);
	}
	for (int i = 0; i < 4; i++)
		n->mac[i] = (uint8_t)(ral >> (8 * i));
	n->mac[4] = (uint8_t)rah;
	n->mac[5] = (uint8_t)(rah >> 8);
	return 0;
}

/* DMA address of mem+off..+len (must be physically contiguous). */
static int nic_resolve(struct nic *n, size_t off, size_t len, uint64_t *pa, char *why, size_t wl)
{
	if (n->mode == PA_GETPA) {
		uint64_t l = 0;
		int r = get_pa(n->iommufd, n->ioas, n->iova + off, len, pa, &l);
		if (r)
			return snprintf(why, wl, "GET_PA(iova %#llx): %s",
					(unsigned long long)(n->iova + off), ename(r)), -1;
		if (l != len)
			return snprintf(why, wl, "GET_PA(iova %#llx, %zu) returned length %llu",
					(unsigned long long)(n->iova + off), len, (unsigned long long)l), -1;
		return 0;
	}
	uint64_t a = pagemap_pa(n->mem + off), b = pagemap_pa(n->mem + off + len - 1);
	if (!a || b != a + len - 1)
		return snprintf(why, wl, "pagemap: no contiguous PA at offset %#zx", off), -1;
	*pa = a;
	return 0;
}

static int nic_rings(struct nic *n, char *why, size_t wl)
{
	if (nic_resolve(n, OFF_RXRING, NDESC * 16, &n->rxring_pa, why, wl) ||
	    nic_resolve(n, OFF_TXRING, NDESC * 16, &n->txring_pa, why, wl))
		return -1;
	for (unsigned i = 0; i < NDESC; i++)
		if (nic_resolve(n, OFF_RXBUF + (size_t)i * BUFSZ, BUFSZ, &n->rxbuf_pa[i], why, wl) ||
		    nic_resolve(n, OFF_TXBUF + (size_t)i * BUFSZ, BUFSZ, &n->txbuf_pa[i], why, wl))
			return -1;
	n->rx = (volatile struct e_rxd *)(n->mem + OFF_RXRING);
	n->tx = (volatile struct e_txd *)(n->mem + OFF_TXRING);
	for (unsigned i = 0; i < NDESC; i++) {
		n->rx[i].addr = n->rxbuf_pa[i];
		n->rx[i].status = 0;
		n->tx[i].addr = n->txbuf_pa[i];
		n->tx[i].cmd = 0;
		n->tx[i].status = TXD_DD;	/* free */
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wr32(n, E_RCTL, 0);
	wr32(n, E_TCTL, 0);
	wr32(n, E_RDBAL, (uint32_t)n->rxring_pa);
	wr32(n, E_RDBAH, (uint32_t)(n->rxring_pa >> 32));
	wr32(n, E_RDLEN, NDESC * 16);
	wr32(n, E_RDH, 0);
	wr32(n, E_RDT, 0);
	wr32(n, E_TDBAL, (uint32_t)n->txring_pa);
	wr32(n, E_TDBAH, (uint32_t)(n->txring_pa >> 32));
	wr32(n, E_TDLEN, NDESC * 16);
	wr32(n, E_TDH, 0);
	wr32(n, E_TDT, 0);
	wr32(n, E_TIPG, 0x00702008);	/* IPGT 8, IPGR1 8, IPGR2 7 */
	wr32(n, E_RCTL, RCTL_EN | RCTL_UPE | RCTL_MPE | RCTL_BAM | RCTL_SECRC);
	wr32(n, E_TCTL, TCTL_EN | TCTL_PSP | TCTL_CT | TCTL_COLD);
	wr32(n, E_RDT, NDESC - 1);
	n->rx_next = n->tx_next = 0;
	return 0;
}

/* Full bring-up of a NIC on devfd with its DMA memory. */
static int nic_up(struct nic *n, int idx, int devfd, uint8_t *mem, enum pa_mode mode, int iommufd,
		  __u32 ioas, uint64_t iova, char *why, size_t wl)
{
	if (nic_map(n, devfd, why, wl))
		return -1;
	n->mem = mem;
	n->mode = mode;
	n->iommufd = iommufd;
	n->ioas = ioas;
	n->iova = iova;
	if (nic_reset(n, idx, why, wl) || nic_rings(n, why, wl))
		return -1;
	return 0;
}

static size_t make_frame(uint8_t *f, const uint8_t *dst, const uint8_t *src, uint32_t seq)
{
	size_t len = 60 + (seq * 97u) % (1514 - 60 + 1);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = 0x88;	/* local experimental EtherType 0x88b5 */
	f[13] = 0xb5;
	memcpy(f + 14, &seq, 4);
	for (size_t i = 18; i < len; i++)
		f[i] = (uint8_t)(seq * 31u + i * 7u + (i >> 8));
	return len;
}

static int nic_send(struct nic *n, const uint8_t *frame, size_t len)
{
	unsigned i = n->tx_next;
	volatile struct e_txd *d = &n->tx[i];
	for (int t = 0; !(d->status & TXD_DD); t++) {
		if (t > 2000)
			return -1;
		sleep_ms(1);
	}
	memcpy(n->mem + OFF_TXBUF + (size_t)i * BUFSZ, frame, len);
	d->addr = n->txbuf_pa[i];
	d->len = (uint16_t)len;
	d->cso = 0;
	d->css = 0;
	d->special = 0;
	d->status = 0;
	d->cmd = TXD_EOP | TXD_IFCS | TXD_RS;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	n->tx_next = (i + 1) % NDESC;
	wr32(n, E_TDT, n->tx_next);
	return 0;
}

/* Poll one frame; returns its length, 0 on timeout, -1 on a bad descriptor. */
static int nic_recv(struct nic *n, uint8_t *buf, unsigned timeout_ms)
{
	volatile struct e_rxd *d = &n->rx[n->rx_next];
	double deadline = now_us() + timeout_ms * 1000.0;
	while (!(d->status & RXD_DD)) {
		if (now_us() > deadline)
			return 0;
		sched_yield();
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	int len = d->len;
	bool good = (d->status & RXD_EOP) && !d->errors && len > 0 && len <= BUFSZ;
	if (good)
		memcpy(buf, n->mem + OFF_RXBUF + (size_t)n->rx_next * BUFSZ, (size_t)len);
	d->status = 0;
	d->addr = n->rxbuf_pa[n->rx_next];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wr32(n, E_RDT, n->rx_next);
	n->rx_next = (n->rx_next + 1) % NDESC;
	return good ? len : -1;
}

/* Send `count` frames a -> b in bursts and compare each byte for byte. */
static int dma_exchange(struct nic *a, struct nic *b, uint32_t seq0, unsigned count, char *why, size_t wl)
{
	uint8_t want[BUFSZ], got[BUFSZ];
	unsigned sent = 0, recvd = 0, stale = 0;
	while (recvd < count) {
		unsigned burst = 0;
		while (sent < count && burst < 16 && sent - recvd < 64) {
			size_t len = make_frame(want, b->mac, a->mac, seq0 + sent);
			if (nic_send(a, want, len))
				return snprintf(why, wl, "tx ring stuck at frame %u (TDH %u TDT %u)", sent,
						rd32(a, E_TDH), rd32(a, E_TDT)), -1;
			sent++;
			burst++;
		}
		while (recvd < sent) {
			int len = nic_recv(b, got, 2000);
			if (len == 0)
				return snprintf(why, wl, "frame %u of %u not received (RDH %u RDT %u, tx TDH %u)",
						recvd, count, rd32(b, E_RDH), rd32(b, E_RDT), rd32(a, E_TDH)), -1;
			if (len < 0)
				return snprintf(why, wl, "frame %u: bad rx descriptor", recvd), -1;
			/* QEMU's hub queues frames for a NIC that cannot receive and
			 * delivers them once its receiver is enabled again: drop frames
			 * left over from earlier tests (other destination or a sequence
			 * number outside this exchange). */
			uint32_t gseq;
			memcpy(&gseq, got + 14, 4);
			if (len < 18 || memcmp(got, b->mac, 6) || got[12] != 0x88 || got[13] != 0xb5 ||
			    gseq - seq0 >= count) {
				if (++stale > 20000)
					return snprintf(why, wl, "more than 20000 unexpected frames"), -1;
				continue;
			}
			size_t wlen = make_frame(want, b->mac, a->mac, seq0 + recvd);
			if ((size_t)len != wlen)
				return snprintf(why, wl, "frame %u: length %d, sent %zu", recvd, len, wlen), -1;
			if (memcmp(want, got, wlen)) {
				size_t k = 0;
				while (want[k] == got[k])
					k++;
				return snprintf(why, wl, "frame %u: byte %zu differs (%#x != %#x)", recvd, k,
						got[k], want[k]), -1;
			}
			recvd++;
		}
	}
	if (stale)
		info("dropped %u frames left queued from earlier tests", stale);
	return 0;
}

/* ---------------------------------------------------------------- tests -- */
static void t_env(void)
{
	char buf[64];
	if (read_file("/sys/module/vfio/parameters/enable_unsafe_noiommu_mode", buf, sizeof(buf)))
		fail("env-noiommu-param", "cannot read vfio.enable_unsafe_noiommu_mode: %s", ename(errno));
	else if (strcmp(buf, "Y"))
		fail("env-noiommu-param", "vfio.enable_unsafe_noiommu_mode is %s", buf);
	else
		pass("env-noiommu-param", NULL);

	int bound = 0;
	for (int i = 0; i < n_nics; i++) {
		char path[256], l[256];
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", nics[i].bdf);
		ssize_t k = readlink(path, l, sizeof(l) - 1);
		if (k > 0) {
			l[k] = 0;
			bound += !strcmp(strrchr(l, '/') + 1, "vfio-pci");
		}
	}
	if (n_nics == 2 && bound == 2)
		pass("env-e1000e-bound", "%s %s", nics[0].bdf, nics[1].bdf);
	else
		fail("env-e1000e-bound", "need two e1000e bound to vfio-pci, found %d (%d bound)", n_nics, bound);

	have_cdev = n_nics == 2 && nics[0].cdev[0] && nics[1].cdev[0] &&
		    !strncmp(nics[0].cdev, "noiommu-vfio", 12) && !strncmp(nics[1].cdev, "noiommu-vfio", 12);
	struct stat st;
	bool devdir = !stat("/dev/vfio/devices", &st);
	bool any_noiommu_node = false;
	DIR *d = opendir("/dev/vfio/devices");
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)))
			any_noiommu_node |= !strncmp(e->d_name, "noiommu-vfio", 12);
		closedir(d);
	}
	if (expect_patched) {
		if (have_cdev && any_noiommu_node)
			pass("cdev-present", "/dev/vfio/devices/%s, %s", nics[0].cdev, nics[1].cdev);
		else
			fail("cdev-present", "patched kernel expected: no /dev/vfio/devices/noiommu-vfio* (%s)",
			     devdir ? "/dev/vfio/devices exists" : "no /dev/vfio/devices");
	} else {
		if (!any_noiommu_node && !have_cdev)
			pass("cdev-present", "stock kernel: no noiommu cdev, as expected");
		else
			fail("cdev-present", "stock kernel expected, but a noiommu cdev exists");
	}
}

static void t_legacy(void)
{
	struct legacy l;
	char why[256];
	if (n_nics < 1 || nics[0].group < 0) {
		fail("legacy-group", "no e1000e with an iommu group");
		fail("legacy-bar0-link", "no device");
		return;
	}
	if (legacy_open(&l, 0, why, sizeof(why))) {
		fail("legacy-group", "%s", why);
		fail("legacy-bar0-link", "legacy group unusable");
		legacy_close(&l);
		return;
	}
	struct vfio_device_info di = { .argsz = sizeof(di) };
	int r = xioctl(l.devfd, VFIO_DEVICE_GET_INFO, &di);
	if (r)
		fail("legacy-group", "DEVICE_GET_INFO: %s", ename(r));
	else if (!(di.flags & VFIO_DEVICE_FLAGS_PCI) || di.num_regions < 9 || di.num_irqs < 5)
		fail("legacy-group", "GET_INFO flags %#x regions %u irqs %u", di.flags, di.num_regions, di.num_irqs);
	else
		pass("legacy-group", "/dev/vfio/noiommu-%d, IOMMU type 8, %u regions, %u irq indexes",
		     nics[0].group, di.num_regions, di.num_irqs);
	struct nic n;
	if (nic_map(&n, l.devfd, why, sizeof(why))) {
		fail("legacy-bar0-link", "%s", why);
	} else {
		uint32_t st = rd32(&n, E_STATUS);
		if ((st & STATUS_LU) && STATUS_SPEED(st) == 2)
			pass("legacy-bar0-link", "STATUS %#x: link up, 1000 Mb/s", st);
		else
			fail("legacy-bar0-link", "STATUS %#x: link not up at 1000 Mb/s", st);
		nic_unmap(&n);
	}
	legacy_close(&l);
}

static void t_getpa_known(void)
{
	int fd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fail("getpa-ioctl-known", "open /dev/iommu: %s", ename(errno));
		return;
	}
	int r = get_pa(fd, 0xfffffff0u, 0x1000, PG, NULL, NULL);
	close(fd);
	if (expect_patched) {
		if (r == ENOENT)
			pass("getpa-ioctl-known", "unknown IOAS gives ENOENT");
		else
			fail("getpa-ioctl-known", "GET_PA on an unknown IOAS: %s, expected ENOENT", r ? ename(r) : "success");
	} else {
		if (r == ENOTTY)
			pass("getpa-ioctl-known", "stock kernel: GET_PA gives ENOTTY, as expected");
		else
			fail("getpa-ioctl-known", "stock kernel: GET_PA gave %s, expected ENOTTY", r ? ename(r) : "success");
	}
}

static int child_open_norawio(void *arg, char *msg, size_t len)
{
	int cap = CAP_SYS_RAWIO;
	(void)arg;
	if (capset_drop(&cap, 1))
		return snprintf(msg, len, "capset: %s", ename(errno)), 2;
	int fd = cdev_open(0);
	if (fd >= 0) {
		close(fd);
		return snprintf(msg, len, "open succeeded without CAP_SYS_RAWIO"), 2;
	}
	if (errno != EPERM)
		return snprintf(msg, len, "open failed with %s, expected EPERM", ename(errno)), 2;
	return snprintf(msg, len, "EPERM without CAP_SYS_RAWIO"), 1;
}

static void t_cdev_basic(void)
{
	char buf[64], msg[512];
	bool ok = true;
	for (int i = 0; i < 2; i++) {
		char path[128];
		snprintf(path, sizeof(path), "/sys/class/vfio-dev/%s/dev", nics[i].cdev);
		if (read_file(path, buf, sizeof(buf)))
			ok = false;
	}
	if (ok)
		pass("cdev-sysfs-name", "vfio-dev/%s and vfio-dev/%s", nics[0].cdev, nics[1].cdev);
	else
		fail("cdev-sysfs-name", "/sys/class/vfio-dev/noiommu-vfioN/dev missing");

	int rc = run_child(child_open_norawio, NULL, msg, sizeof(msg));
	if (rc == 1)
		pass("cdev-open-needs-rawio", "%s", msg);
	else
		fail("cdev-open-needs-rawio", "%s", msg);
}

/* GET_PA checker for a mapped range backed by va: every page within the
 * returned run must match pagemap.  Returns NULL or a reason. */
static char runbuf[256];
static const char *check_run(const uint8_t *va, uint64_t pa, uint64_t len)
{
	uint64_t first = pagemap_pa(va);
	if (pa != first)
		return snprintf(runbuf, sizeof(runbuf), "out_phys %#llx, pagemap says %#llx",
				(unsigned long long)pa, (unsigned long long)first), runbuf;
	uint64_t off = PG - ((uintptr_t)va & (PG - 1));
	for (; off < len; off += PG)
		if (pagemap_pa(va + off) != pa + off)
			return snprintf(runbuf, sizeof(runbuf), "run of %llu bytes not contiguous at +%#llx",
					(unsigned long long)len, (unsigned long long)off), runbuf;
	return NULL;
}

struct norawio_arg {
	int iommufd;
	__u32 ioas;
	uint64_t iova;
};

static int child_getpa_norawio(void *arg, char *msg, size_t len)
{
	struct norawio_arg *a = arg;
	int cap = CAP_SYS_RAWIO;
	if (capset_drop(&cap, 1))
		return snprintf(msg, len, "capset: %s", ename(errno)), 2;
	int r = get_pa(a->iommufd, a->ioas, a->iova, PG, NULL, NULL);
	const char *w = want_errno(r ? -1 : 0, r, EPERM);
	if (w)
		return snprintf(msg, len, "%s", w), 2;
	return snprintf(msg, len, "EPERM without CAP_SYS_RAWIO"), 1;
}

#define IOVA_SMALL 0x10000000ull	/* 16 anon pages mapped before attach */
#define IOVA_PIN 0x10100000ull		/* pin/unpin checks */
#define IOVA_TMP 0x10200000ull		/* map/unmap checks */
#define IOVA_TWO 0x10400000ull		/* two areas on one hugepage */
#define IOVA_64M 0x20000000ull		/* 64 MiB hugepage mapping */
#define IOVA_512M 0x40000000ull		/* timing */
#define IOVA_DMA 0x70000000ull		/* DMA rings and buffers */

/* The main iommufd session on NIC 0: bind, attach, map, GET_PA cases. */
static void t_cdev_session(void)
{
	const char *w;
	char why[256];
	int r;
	struct sess s = { .iommufd = -1, .devfd = -1 };
	long long pin0 = pinned_pages();

	s.devfd = cdev_open(0);
	s.iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (s.devfd < 0 || s.iommufd < 0) {
		fail("bind-real-fd", "open cdev/iommu: %s", ename(errno));
		goto out;
	}
	/* info before bind */
	struct vfio_device_info di = { .argsz = sizeof(di) };
	r = xioctl(s.devfd, VFIO_DEVICE_GET_INFO, &di);
	if ((w = want_errno(r ? -1 : 0, r, EINVAL)))
		fail("info-before-bind", "GET_INFO before bind %s", w);
	else
		pass("info-before-bind", "EINVAL");

	r = dev_bind(s.devfd, -1, NULL);
	if ((w = want_errno(r ? -1 : 0, r, EINVAL)))
		fail("bind-bad-fd", "iommufd -1: %s", w);
	else
		pass("bind-bad-fd", "iommufd -1 gives EINVAL");

	r = dev_bind(s.devfd, s.iommufd, &s.devid);
	if (r) {
		fail("bind-real-fd", "BIND_IOMMUFD: %s", ename(r));
		goto out;
	}
	pass("bind-real-fd", "devid %u", s.devid);

	r = dev_bind(s.devfd, s.iommufd, NULL);
	if (!r)
		fail("bind-twice", "second bind succeeded");
	else
		pass("bind-twice", "second bind fails with %s", ename(r));

	memset(&di, 0, sizeof(di));
	di.argsz = sizeof(di);
	r = xioctl(s.devfd, VFIO_DEVICE_GET_INFO, &di);
	if (r)
		fail("info-after-bind", "GET_INFO: %s", ename(r));
	else if (!(di.flags & VFIO_DEVICE_FLAGS_PCI) || di.num_regions < 9 || di.num_irqs < 5)
		fail("info-after-bind", "flags %#x regions %u irqs %u", di.flags, di.num_regions, di.num_irqs);
	else
		pass("info-after-bind", "flags %#x, %u regions, %u irq indexes", di.flags, di.num_regions,
		     di.num_irqs);

	uint8_t hwdata[64];
	struct iommu_hw_info hi = { .size = sizeof(hi), .dev_id = s.devid, .data_len = sizeof(hwdata),
				    .data_uptr = (uintptr_t)hwdata };
	r = xioctl(s.iommufd, IOMMU_GET_HW_INFO, &hi);
	if ((w = want_errno(r ? -1 : 0, r, EOPNOTSUPP)))
		fail("hw-info-refused", "IOMMU_GET_HW_INFO %s", w);
	else
		pass("hw-info-refused", "EOPNOTSUPP");

	__u32 tmp_ioas;
	r = ioas_alloc(s.iommufd, &tmp_ioas);
	if (r) {
		fail("ioas-alloc-destroy", "IOAS_ALLOC: %s", ename(r));
	} else {
		int r1 = obj_destroy(s.iommufd, tmp_ioas), r2 = obj_destroy(s.iommufd, tmp_ioas);
		if (r1)
			fail("ioas-alloc-destroy", "DESTROY: %s", ename(r1));
		else if ((w = want_errno(r2 ? -1 : 0, r2, ENOENT)))
			fail("ioas-alloc-destroy", "second DESTROY %s", w);
		else
			pass("ioas-alloc-destroy", "id %u; destroyed twice: ENOENT", tmp_ioas);
	}

	r = ioas_alloc(s.iommufd, &s.ioas);
	if (r) {
		fail("map-lazy-before-attach", "IOAS_ALLOC: %s", ename(r));
		goto out;
	}

	/* 16 anonymous pages mapped before any device is attached: not pinned. */
	uint8_t *small = anon_alloc(16 * PG);
	if (!small) {
		fail("map-lazy-before-attach", "mmap: %s", ename(errno));
		goto out;
	}
	long long p_before = pinned_pages();
	r = ioas_map(s.iommufd, s.ioas, small, 16 * PG, IOVA_SMALL);
	long long p_after = pinned_pages();
	if (r)
		fail("map-lazy-before-attach", "IOAS_MAP: %s", ename(r));
	else if (p_after != p_before)
		fail("map-lazy-before-attach", "pinned pages changed by %lld before attach", p_after - p_before);
	else
		pass("map-lazy-before-attach", "nothing pinned before attach");

	r = get_pa(s.iommufd, s.ioas, IOVA_SMALL, PG, NULL, NULL);
	if ((w = want_errno(r ? -1 : 0, r, EOPNOTSUPP)))
		fail("getpa-before-attach", "%s", w);
	else
		pass("getpa-before-attach", "EOPNOTSUPP");

	r = dev_attach(s.devfd, 0xfffff0u, NULL);
	if ((w = want_errno(r ? -1 : 0, r, ENOENT)))
		fail("attach-bad-ioas", "pt_id 0xfffff0: %s", w);
	else
		pass("attach-bad-ioas", "ENOENT");

	{
		struct iommu_hwpt_alloc ha = { .size = sizeof(ha), .dev_id = s.devid, .pt_id = s.ioas };
		const __u32 flags[] = { IOMMU_HWPT_ALLOC_NEST_PARENT, IOMMU_HWPT_ALLOC_DIRTY_TRACKING };
		const char *bad = NULL;
		for (size_t i = 0; i < 2 && !bad; i++) {
			ha.flags = flags[i];
			r = xioctl(s.iommufd, IOMMU_HWPT_ALLOC, &ha);
			if ((w = want_errno(r ? -1 : 0, r, EOPNOTSUPP))) {
				snprintf(why, sizeof(why), "flags %#x: %s", flags[i], w);
				bad = why;
				if (!r)
					obj_destroy(s.iommufd, ha.out_hwpt_id);
			}
		}
		if (bad)
			fail("hwpt-alloc-flags", "%s", bad);
		else
			pass("hwpt-alloc-flags", "NEST_PARENT and DIRTY_TRACKING: EOPNOTSUPP");

		struct iommu_hwpt_vtd_s1 vtd = { 0 };
		ha.flags = 0;
		ha.data_type = IOMMU_HWPT_DATA_VTD_S1;
		ha.data_len = sizeof(vtd);
		ha.data_uptr = (uintptr_t)&vtd;
		r = xioctl(s.iommufd, IOMMU_HWPT_ALLOC, &ha);
		if ((w = want_errno(r ? -1 : 0, r, EOPNOTSUPP))) {
			fail("hwpt-alloc-data", "data_type VTD_S1: %s", w);
			if (!r)
				obj_destroy(s.iommufd, ha.out_hwpt_id);
		} else {
			pass("hwpt-alloc-data", "EOPNOTSUPP");
		}
	}

	/* Attach to the IOAS: the kernel creates the software HWPT and pins. */
	p_before = pinned_pages();
	r = dev_attach(s.devfd, s.ioas, &s.hwpt);
	p_after = pinned_pages();
	if (r) {
		fail("pin-on-attach", "ATTACH(ioas %u): %s", s.ioas, ename(r));
		fail("attach-detach", "ATTACH(ioas %u): %s", s.ioas, ename(r));
		goto out;
	}
	if (p_after - p_before != 16)
		fail("pin-on-attach", "pinned pages grew by %lld on attach, expected 16", p_after - p_before);
	else
		pass("pin-on-attach", "16 pages pinned by attach");

	{
		char detail[200] = "";
		const char *bad = NULL;
		if (s.hwpt == s.ioas)
			bad = "pt_id not replaced by a HWPT id";
		r = dev_detach(s.devfd);
		long long p_det = pinned_pages();
		if (!bad && r)
			bad = (snprintf(why, sizeof(why), "DETACH: %s", ename(r)), why);
		if (!bad && p_det != p_before)
			bad = (snprintf(why, sizeof(why), "detach left %lld pages pinned", p_det - p_before), why);
		r = get_pa(s.iommufd, s.ioas, IOVA_SMALL, PG, NULL, NULL);
		snprintf(detail, sizeof(detail), "hwpt %u for ioas %u; detach unpins; GET_PA after detach: %s",
			 s.hwpt, s.ioas, r ? ename(r) : "success");
		/* HWPT_ALLOC then attach to that HWPT (device detached now). */
		struct iommu_hwpt_alloc ha = { .size = sizeof(ha), .dev_id = s.devid, .pt_id = s.ioas };
		r = xioctl(s.iommufd, IOMMU_HWPT_ALLOC, &ha);
		if (r) {
			fail("hwpt-alloc-attach", "HWPT_ALLOC(flags 0): %s", ename(r));
		} else {
			__u32 got = 0;
			int ra = dev_attach(s.devfd, ha.out_hwpt_id, &got);
			int rd = ra ? 0 : dev_detach(s.devfd);
			int rx = obj_destroy(s.iommufd, ha.out_hwpt_id);
			if (ra)
				fail("hwpt-alloc-attach", "ATTACH(hwpt %u): %s", ha.out_hwpt_id, ename(ra));
			else if (got != ha.out_hwpt_id)
				fail("hwpt-alloc-attach", "pt_id came back %u, expected %u", got, ha.out_hwpt_id);
			else if (rd || rx)
				fail("hwpt-alloc-attach", "detach %s, destroy %s", ename(rd), ename(rx));
			else
				pass("hwpt-alloc-attach", "hwpt %u allocated, attached, detached, destroyed",
				     ha.out_hwpt_id);
		}
		r = dev_attach(s.devfd, s.ioas, &s.hwpt);
		if (bad)
			fail("attach-detach", "%s", bad);
		else if (r)
			fail("attach-detach", "re-attach: %s", ename(r));
		else
			pass("attach-detach", "%s; re-attached", detail);
		if (r)
			goto out;
	}

	/* After attach the IOAS takes only PAGE_SIZE aligned maps. */
	{
		int r1 = ioas_map(s.iommufd, s.ioas, small, PG + 0x800, IOVA_TMP);
		int r2 = ioas_map(s.iommufd, s.ioas, small, PG, IOVA_TMP + 0x200);
		int r3 = ioas_map(s.iommufd, s.ioas, small + 0x100, PG, IOVA_TMP);
		if (!r1 || !r2 || !r3)
			fail("map-unaligned", "unaligned map accepted (length %s, iova %s, va offset %s)",
			     ename(r1), ename(r2), ename(r3));
		else if (r1 != EINVAL || r2 != EINVAL || r3 != EINVAL)
			fail("map-unaligned", "length %s, iova %s, va offset %s; expected EINVAL", ename(r1),
			     ename(r2), ename(r3));
		else
			pass("map-unaligned", "EINVAL for unaligned length, iova, va offset");
		ioas_unmap(s.iommufd, s.ioas, IOVA_TMP, PG * 4, NULL);
	}

	{
		uint64_t done = 0;
		r = ioas_map(s.iommufd, s.ioas, small, 4 * PG, IOVA_TMP);
		int ru = r ? -1 : ioas_unmap(s.iommufd, s.ioas, IOVA_TMP, 4 * PG, &done);
		int ru2 = ioas_unmap(s.iommufd, s.ioas, IOVA_TMP, 4 * PG, NULL);
		if (r)
			fail("map-unmap", "IOAS_MAP: %s", ename(r));
		else if (ru)
			fail("map-unmap", "IOAS_UNMAP: %s", ename(ru));
		else if (done != 4 * PG)
			fail("map-unmap", "UNMAP reported %llu bytes, expected %lu", (unsigned long long)done, 4 * PG);
		else if ((w = want_errno(ru2 ? -1 : 0, ru2, ENOENT)))
			fail("map-unmap", "second UNMAP %s", w);
		else
			pass("map-unmap", "4 pages mapped and unmapped; unmapping again: ENOENT");
	}

	{
		uint8_t *pp = anon_alloc(8 * PG);
		long long a0 = pinned_pages();
		r = pp ? ioas_map(s.iommufd, s.ioas, pp, 8 * PG, IOVA_PIN) : ENOMEM;
		long long a1 = pinned_pages();
		if (r)
			fail("pin-on-map", "IOAS_MAP: %s", ename(r));
		else if (a1 - a0 != 8)
			fail("pin-on-map", "pinned pages grew by %lld, expected 8", a1 - a0);
		else
			pass("pin-on-map", "8 pages pinned (nr_foll_pin_acquired - released)");
		if (!r) {
			int ru = ioas_unmap(s.iommufd, s.ioas, IOVA_PIN, 8 * PG, NULL);
			long long a2 = pinned_pages();
			if (ru)
				fail("unpin-on-unmap", "IOAS_UNMAP: %s", ename(ru));
			else if (a2 != a0)
				fail("unpin-on-unmap", "%lld pages still pinned after unmap", a2 - a0);
			else
				pass("unpin-on-unmap", "back to %lld pinned", a2);
		} else {
			fail("unpin-on-unmap", "map failed");
		}
		if (pp)
			munmap(pp, 8 * PG);
	}

	/* GET_PA on the 16 anonymous pages. */
	{
		uint64_t pa = 0, len = 0;
		r = get_pa(s.iommufd, s.ioas, IOVA_SMALL, HUGE, &pa, &len);
		if (r)
			fail("getpa-aligned", "GET_PA: %s", ename(r));
		else if (pa % PG || len < PG || len % PG || len > 16 * PG)
			fail("getpa-aligned", "out_phys %#llx length %llu", (unsigned long long)pa,
			     (unsigned long long)len);
		else if ((w = check_run(small, pa, len)))
			fail("getpa-aligned", "%s", w);
		else
			pass("getpa-aligned", "PA %#llx, run %llu bytes, matches pagemap", (unsigned long long)pa,
			     (unsigned long long)len);

		const uint64_t offs[] = { 0x80, 0xfff, 5 * PG + 0x80 };
		const char *bad = NULL;
		for (size_t i = 0; i < 3 && !bad; i++) {
			r = get_pa(s.iommufd, s.ioas, IOVA_SMALL + offs[i], HUGE, &pa, &len);
			if (r)
				bad = (snprintf(why, sizeof(why), "+%#llx: %s", (unsigned long long)offs[i], ename(r)), why);
			else if ((pa + len) % PG)
				bad = (snprintf(why, sizeof(why), "+%#llx: out_phys %#llx + length %llu not page aligned",
						(unsigned long long)offs[i], (unsigned long long)pa,
						(unsigned long long)len), why);
			else if ((w = check_run(small + offs[i], pa, len)))
				bad = (snprintf(why, sizeof(why), "+%#llx: %s", (unsigned long long)offs[i], w), why);
		}
		if (bad)
			fail("getpa-offset", "%s", bad);
		else
			pass("getpa-offset", "+0x80, +0xfff, +0x5080: offset kept, run ends on a page boundary");

		uint64_t pa0 = pagemap_pa(small), pa1 = pagemap_pa(small + 0x80);
		int r1 = get_pa(s.iommufd, s.ioas, IOVA_SMALL, 0x100, &pa, &len);
		bool ok1 = !r1 && len == 0x100 && pa == pa0;
		uint64_t l1 = len;
		int r2 = get_pa(s.iommufd, s.ioas, IOVA_SMALL + 0x80, 0x10, &pa, &len);
		bool ok2 = !r2 && len == 0x10 && pa == pa1;
		if (ok1 && ok2)
			pass("getpa-length-cap", "length 0x100 -> 0x100; +0x80 length 0x10 -> 0x10");
		else
			fail("getpa-length-cap", "length 0x100: %s len %#llx; +0x80 length 0x10: %s len %#llx",
			     ename(r1), (unsigned long long)l1, ename(r2), (unsigned long long)len);

		r = get_pa(s.iommufd, s.ioas, IOVA_SMALL, 0, NULL, NULL);
		if ((w = want_errno(r ? -1 : 0, r, EINVAL)))
			fail("getpa-length-zero", "%s", w);
		else
			pass("getpa-length-zero", "EINVAL");

		struct fpk_get_pa g = { .size = sizeof(g), .flags = 1, .ioas_id = s.ioas, .iova = IOVA_SMALL,
					.length = PG };
		r = xioctl(s.iommufd, FPK_IOCTL_GET_PA, &g);
		if ((w = want_errno(r ? -1 : 0, r, EOPNOTSUPP)))
			fail("getpa-flags-nonzero", "flags 1: %s", w);
		else
			pass("getpa-flags-nonzero", "EOPNOTSUPP");
		g.flags = 0;
		g.__reserved = 1;
		r = xioctl(s.iommufd, FPK_IOCTL_GET_PA, &g);
		if ((w = want_errno(r ? -1 : 0, r, EOPNOTSUPP)))
			fail("getpa-reserved-nonzero", "__reserved 1: %s", w);
		else
			pass("getpa-reserved-nonzero", "EOPNOTSUPP");

		r = get_pa(s.iommufd, 0xfffff0u, IOVA_SMALL, PG, NULL, NULL);
		if ((w = want_errno(r ? -1 : 0, r, ENOENT)))
			fail("getpa-bad-ioas", "%s", w);
		else
			pass("getpa-bad-ioas", "ENOENT");

		int rh = get_pa(s.iommufd, s.hwpt, IOVA_SMALL, PG, NULL, NULL);
		int rdv = get_pa(s.iommufd, s.devid, IOVA_SMALL, PG, NULL, NULL);
		if (rh != ENOENT || rdv != ENOENT)
			fail("getpa-not-ioas", "HWPT id: %s, device id: %s; expected ENOENT", rh ? ename(rh) : "success",
			     rdv ? ename(rdv) : "success");
		else
			pass("getpa-not-ioas", "HWPT id and device id: ENOENT");

		r = get_pa(s.iommufd, s.ioas, 0x7000000, PG, NULL, NULL);
		int r2b = get_pa(s.iommufd, s.ioas, IOVA_SMALL + 16 * PG, PG, NULL, NULL);
		if (r != ENOENT || r2b != ENOENT)
			fail("getpa-unmapped-iova", "never mapped: %s; just past the area: %s; expected ENOENT",
			     r ? ename(r) : "success", r2b ? ename(r2b) : "success");
		else
			pass("getpa-unmapped-iova", "ENOENT, also just past the end of an area");

		/* size handling of the iommufd ioctl core */
		uint8_t big[48];
		struct fpk_get_pa *gp = (struct fpk_get_pa *)big;
		memset(big, 0, sizeof(big));
		*gp = (struct fpk_get_pa){ .size = 32, .ioas_id = s.ioas, .iova = IOVA_SMALL, .length = PG };
		r = xioctl(s.iommufd, FPK_IOCTL_GET_PA, big);
		if ((w = want_errno(r ? -1 : 0, r, EINVAL)))
			fail("getpa-size-small", "size 32: %s", w);
		else
			pass("getpa-size-small", "size 32: EINVAL");
		gp->size = 48;
		r = xioctl(s.iommufd, FPK_IOCTL_GET_PA, big);
		if (r)
			fail("getpa-size-big-zero-tail", "size 48, zero tail: %s", ename(r));
		else if (gp->out_phys != pa0 || gp->length == 0)
			fail("getpa-size-big-zero-tail", "out_phys %#llx, expected %#llx",
			     (unsigned long long)gp->out_phys, (unsigned long long)pa0);
		else
			pass("getpa-size-big-zero-tail", "size 48 with zero tail works");
		gp->length = PG;
		big[44] = 1;
		r = xioctl(s.iommufd, FPK_IOCTL_GET_PA, big);
		if ((w = want_errno(r ? -1 : 0, r, E2BIG)))
			fail("getpa-size-big-nonzero-tail", "size 48, byte 44 set: %s", w);
		else
			pass("getpa-size-big-nonzero-tail", "E2BIG");
	}

	{
		char msg[512];
		struct norawio_arg a = { s.iommufd, s.ioas, IOVA_SMALL };
		int rc = run_child(child_getpa_norawio, &a, msg, sizeof(msg));
		if (rc == 1)
			pass("getpa-no-rawio", "%s", msg);
		else
			fail("getpa-no-rawio", "%s", msg);
	}

	{
		uint8_t *t = anon_alloc(2 * PG);
		uint64_t pa = 0;
		r = t ? ioas_map(s.iommufd, s.ioas, t, 2 * PG, IOVA_TMP) : ENOMEM;
		int rg = r ? -1 : get_pa(s.iommufd, s.ioas, IOVA_TMP + PG, PG, &pa, NULL);
		int ru = r ? -1 : ioas_unmap(s.iommufd, s.ioas, IOVA_TMP, 2 * PG, NULL);
		int ra = get_pa(s.iommufd, s.ioas, IOVA_TMP + PG, PG, NULL, NULL);
		if (r || rg || ru)
			fail("getpa-after-unmap", "map %s, GET_PA %s, unmap %s", ename(r), ename(rg), ename(ru));
		else if (pa != pagemap_pa(t + PG))
			fail("getpa-after-unmap", "PA before unmap did not match pagemap");
		else if ((w = want_errno(ra ? -1 : 0, ra, ENOENT)))
			fail("getpa-after-unmap", "after unmap: %s", w);
		else
			pass("getpa-after-unmap", "ENOENT once unmapped");
		if (t)
			munmap(t, 2 * PG);
	}

	/* Two areas on one physically contiguous hugepage: the run stops at the
	 * end of the first area although the next page follows physically. */
	{
		uint8_t *h = huge_alloc(HUGE);
		const uint64_t half = HUGE / 2;
		if (!h) {
			fail("getpa-two-areas", "no 2 MiB hugepage: %s", ename(errno));
		} else {
			int r1 = ioas_map(s.iommufd, s.ioas, h, half, IOVA_TWO);
			int r2 = ioas_map(s.iommufd, s.ioas, h + half, half, IOVA_TWO + half);
			uint64_t pa = 0, len = 0, pb = 0, lb = 0;
			int rg = (r1 || r2) ? -1 : get_pa(s.iommufd, s.ioas, IOVA_TWO, HUGE, &pa, &len);
			int rg2 = (r1 || r2) ? -1 : get_pa(s.iommufd, s.ioas, IOVA_TWO + half - PG, HUGE, &pb, &lb);
			bool adjacent = pagemap_pa(h + half) == pagemap_pa(h) + half;
			if (r1 || r2 || rg || rg2)
				fail("getpa-two-areas", "map %s/%s, GET_PA %s/%s", ename(r1), ename(r2), ename(rg),
				     ename(rg2));
			else if (!adjacent)
				fail("getpa-two-areas", "hugepage not physically contiguous per pagemap");
			else if (len != half || pa != pagemap_pa(h) || lb != PG || pb != pa + half - PG)
				fail("getpa-two-areas", "run %llu bytes from %#llx (expected %llu), last page run %llu",
				     (unsigned long long)len, (unsigned long long)pa, (unsigned long long)half,
				     (unsigned long long)lb);
			else
				pass("getpa-two-areas", "run stops at the 1 MiB area end though the PAs continue");
			ioas_unmap(s.iommufd, s.ioas, IOVA_TWO, HUGE, NULL);
			munmap(h, HUGE);
		}
	}

	/* 64 MiB of hugepages: every 4 KiB page against pagemap. */
	{
		const size_t sz = 64ul << 20, np = sz / PG;
		uint8_t *h = huge_alloc(sz);
		uint64_t *pm = calloc(np, 8);
		if (!h || !pm) {
			fail("getpa-hugepage-runs", "cannot allocate 64 MiB of hugepages: %s", ename(errno));
			fail("getpa-pagemap-64m", "cannot allocate 64 MiB of hugepages");
		} else if ((r = ioas_map(s.iommufd, s.ioas, h, sz, IOVA_64M))) {
			fail("getpa-hugepage-runs", "IOAS_MAP 64 MiB: %s", ename(r));
			fail("getpa-pagemap-64m", "IOAS_MAP 64 MiB: %s", ename(r));
		} else if (pagemap_read(h, np, pm)) {
			fail("getpa-pagemap-64m", "pagemap read: %s", ename(errno));
			fail("getpa-hugepage-runs", "pagemap read failed");
		} else {
			size_t checked = 0, calls = 0, short_runs = 0;
			const char *bad = NULL;
			uint64_t iova = IOVA_64M, end = IOVA_64M + sz;
			while (iova < end && !bad) {
				uint64_t pa = 0, len = 0;
				r = get_pa(s.iommufd, s.ioas, iova, HUGE, &pa, &len);
				calls++;
				if (r) {
					bad = (snprintf(why, sizeof(why), "GET_PA(%#llx): %s", (unsigned long long)iova,
							ename(r)), why);
					break;
				}
				if (!len || len % PG || len > HUGE) {
					bad = (snprintf(why, sizeof(why), "GET_PA(%#llx) length %llu",
							(unsigned long long)iova, (unsigned long long)len), why);
					break;
				}
				short_runs += len < HUGE;
				for (uint64_t off = 0; off < len; off += PG) {
					size_t idx = (size_t)((iova - IOVA_64M + off) / PG);
					if (pm[idx] != pa + off) {
						bad = (snprintf(why, sizeof(why), "page %zu: GET_PA %#llx, pagemap %#llx",
								idx, (unsigned long long)(pa + off),
								(unsigned long long)pm[idx]), why);
						break;
					}
					checked++;
				}
				iova += len;
			}
			if (bad)
				fail("getpa-pagemap-64m", "%s", bad);
			else if (checked != np)
				fail("getpa-pagemap-64m", "checked %zu of %zu pages", checked, np);
			else
				pass("getpa-pagemap-64m", "%zu pages in %zu calls match /proc/self/pagemap", checked, calls);
			if (bad)
				fail("getpa-hugepage-runs", "walk failed");
			else if (short_runs)
				fail("getpa-hugepage-runs", "%zu of %zu runs shorter than 2 MiB", short_runs, calls);
			else
				pass("getpa-hugepage-runs", "every run is a full 2 MiB hugepage");
			/* Unmapping 64 MiB must leave nothing behind: the same IOVA
			 * range maps again and resolves to the right pages. */
			uint64_t done = 0;
			int ru = ioas_unmap(s.iommufd, s.ioas, IOVA_64M, sz, &done);
			int rg = get_pa(s.iommufd, s.ioas, IOVA_64M + sz / 2, PG, NULL, NULL);
			int rm = ru ? -1 : ioas_map(s.iommufd, s.ioas, h, sz, IOVA_64M);
			uint64_t pa = 0, len = 0;
			int rg2 = rm ? -1 : get_pa(s.iommufd, s.ioas, IOVA_64M + sz - PG, PG, &pa, &len);
			if (ru || done != sz)
				fail("remap-after-large-unmap", "UNMAP 64 MiB: %s, %llu bytes", ename(ru),
				     (unsigned long long)done);
			else if (rg != ENOENT)
				fail("remap-after-large-unmap", "GET_PA after unmap: %s, expected ENOENT",
				     rg ? ename(rg) : "success");
			else if (rm)
				fail("remap-after-large-unmap", "mapping the same 64 MiB again: %s", ename(rm));
			else if (rg2 || pa != pm[np - 1])
				fail("remap-after-large-unmap", "GET_PA of the last page after remap: %s, PA %#llx vs %#llx",
				     ename(rg2), (unsigned long long)pa, (unsigned long long)pm[np - 1]);
			else
				pass("remap-after-large-unmap", "unmapped, ENOENT, mapped again at the same IOVA");
			ioas_unmap(s.iommufd, s.ioas, IOVA_64M, sz, NULL);
		}
		if (h)
			munmap(h, sz);
		free(pm);
	}

	/* Leave with everything unmapped; the close path must unpin anyway. */
	{
		uint64_t done = 0;
		ioas_unmap(s.iommufd, s.ioas, 0, UINT64_MAX, &done);
		info("unmap-all returned %llu bytes", (unsigned long long)done);
	}
out:
	sess_close(&s);
	if (pin0 != LLONG_MIN) {
		long long p = pinned_pages();
		if (p != pin0)
			info("warning: %lld pages still pinned after the session closed", p - pin0);
	}
}

/* RLIMIT_MEMLOCK applies to pinning when the process lacks CAP_IPC_LOCK. */
static int child_rlimit(void *arg, char *msg, size_t len)
{
	(void)arg;
	int cap = CAP_IPC_LOCK;
	struct rlimit rl = { 1 << 20, 1 << 20 };
	char why[256];
	struct sess s;
	if (capset_drop(&cap, 1) || setrlimit(RLIMIT_MEMLOCK, &rl))
		return snprintf(msg, len, "capset/setrlimit: %s", ename(errno)), 2;
	if (sess_open(&s, 1, true, why, sizeof(why)))
		return snprintf(msg, len, "%s", why), 2;
	uint8_t *smallm = anon_alloc(16 * PG), *large = anon_alloc(16ul << 20);
	if (!smallm || !large)
		return snprintf(msg, len, "mmap: %s", ename(errno)), 2;
	int r1 = ioas_map(s.iommufd, s.ioas, smallm, 16 * PG, 0x1000000);
	int r2 = ioas_map(s.iommufd, s.ioas, large, 16ul << 20, 0x4000000);
	sess_close(&s);
	if (r1)
		return snprintf(msg, len, "64 KiB map under a 1 MiB limit failed: %s", ename(r1)), 2;
	if (r2 != ENOMEM)
		return snprintf(msg, len, "16 MiB map under a 1 MiB limit: %s, expected ENOMEM",
				r2 ? ename(r2) : "success"), 2;
	return snprintf(msg, len, "no CAP_IPC_LOCK, limit 1 MiB: 64 KiB map ok, 16 MiB map ENOMEM"), 1;
}

static void t_rlimit(void)
{
	char msg[512];
	int rc = run_child(child_rlimit, NULL, msg, sizeof(msg));
	if (rc == 1)
		pass("rlimit-memlock", "%s", msg);
	else
		fail("rlimit-memlock", "%s", msg);
}

/* Two processes, each with its own iommufd and IOAS, one NIC each. */
struct twoproc_arg {
	int nic;
	int go_fd;	/* read end: wait for the parent's go */
	int ready_fd;	/* write end: tell the parent we are mapped */
};

static int child_twoproc(void *arg, char *msg, size_t len)
{
	struct twoproc_arg *a = arg;
	char why[256], c = 0;
	struct sess s;
	uint8_t *h = huge_alloc(HUGE);
	if (!h)
		return snprintf(msg, len, "no hugepage"), 2;
	if (sess_open(&s, a->nic, true, why, sizeof(why)))
		return snprintf(msg, len, "nic %d: %s", a->nic, why), 2;
	int r = ioas_map(s.iommufd, s.ioas, h, HUGE, 0x100000);
	if (r)
		return snprintf(msg, len, "nic %d: IOAS_MAP: %s", a->nic, ename(r)), 2;
	if (write(a->ready_fd, "r", 1) != 1 || read(a->go_fd, &c, 1) != 1)
		return snprintf(msg, len, "sync failed"), 2;
	for (uint64_t off = 0; off < HUGE; off += 64 * PG) {
		uint64_t pa = 0, l = 0;
		r = get_pa(s.iommufd, s.ioas, 0x100000 + off, PG, &pa, &l);
		if (r || pa != pagemap_pa(h + off))
			return snprintf(msg, len, "nic %d: GET_PA +%#llx: %s", a->nic, (unsigned long long)off,
					r ? ename(r) : "PA differs from pagemap"), 2;
	}
	uint64_t pa0 = pagemap_pa(h);
	sess_close(&s);
	return snprintf(msg, len, "nic %d: ioas %u, PA %#llx ok", a->nic, s.ioas, (unsigned long long)pa0), 1;
}

static void t_two_processes(void)
{
	int go[2], ready[2];
	if (pipe(go) || pipe(ready)) {
		fail("two-processes", "pipe: %s", ename(errno));
		return;
	}
	struct twoproc_arg a[2] = { { 0, go[0], ready[1] }, { 1, go[0], ready[1] } };
	int res[2][2];
	pid_t pid[2];
	fflush(stdout);
	for (int i = 0; i < 2; i++) {
		if (pipe(res[i]))
			return;
		pid[i] = fork();
		if (!pid[i]) {
			char m[400] = "";
			after_fork();
			close(res[i][0]);
			int r = child_twoproc(&a[i], m, sizeof(m));
			if (write(res[i][1], m, strlen(m)) < 0)
				_exit(2);
			_exit(r);
		}
		close(res[i][1]);
	}
	/* Both must be mapped at the same time before either resolves. */
	char c;
	int n_ready = 0;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (n_ready < 2 && read(ready[0], &c, 1) == 1)
		n_ready++;
	if (write(go[1], "gg", 2) != 2)
		n_ready = -1;
	char msgs[2][400];
	int rcs[2];
	for (int i = 0; i < 2; i++) {
		ssize_t n = read(res[i][0], msgs[i], sizeof(msgs[i]) - 1);
		msgs[i][n > 0 ? n : 0] = 0;
		close(res[i][0]);
		int st;
		waitpid(pid[i], &st, 0);
		rcs[i] = WIFEXITED(st) ? WEXITSTATUS(st) : 2;
	}
	close(go[0]);
	close(go[1]);
	close(ready[0]);
	close(ready[1]);
	if (rcs[0] == 1 && rcs[1] == 1)
		pass("two-processes", "%s; %s", msgs[0], msgs[1]);
	else
		fail("two-processes", "%s; %s", msgs[0], msgs[1]);
}

/* Open NIC idx for DMA through the chosen path; mem is one hugepage. */
struct dmactx {
	bool cdev;
	struct sess s;
	struct legacy l;
	struct nic n;
	uint8_t *mem;
};

static int dma_open(struct dmactx *c, int idx, bool cdev, char *why, size_t wl)
{
	memset(c, 0, sizeof(*c));
	c->s.iommufd = c->s.devfd = -1;
	c->l.container = c->l.group = c->l.devfd = -1;
	c->cdev = cdev;
	c->mem = huge_alloc(HUGE);
	if (!c->mem)
		return snprintf(why, wl, "no 2 MiB hugepage: %s", ename(errno)), -1;
	if (cdev) {
		if (sess_open(&c->s, idx, true, why, wl))
			return -1;
		int r = ioas_map(c->s.iommufd, c->s.ioas, c->mem, HUGE, IOVA_DMA);
		if (r)
			return snprintf(why, wl, "IOAS_MAP: %s", ename(r)), -1;
		return nic_up(&c->n, idx, c->s.devfd, c->mem, PA_GETPA, c->s.iommufd, c->s.ioas, IOVA_DMA, why, wl);
	}
	if (legacy_open(&c->l, idx, why, wl))
		return -1;
	return nic_up(&c->n, idx, c->l.devfd, c->mem, PA_PAGEMAP, -1, 0, 0, why, wl);
}

/* Orderly teardown: stop DMA, unmap BAR, unmap IOAS (unpin), close. */
static void dma_close(struct dmactx *c)
{
	nic_unmap(&c->n);
	if (c->cdev) {
		if (c->s.iommufd >= 0)
			ioas_unmap(c->s.iommufd, c->s.ioas, 0, UINT64_MAX, NULL);
		if (c->s.devfd >= 0)
			dev_detach(c->s.devfd);
		sess_close(&c->s);
	} else {
		legacy_close(&c->l);
	}
	if (c->mem)
		munmap(c->mem, HUGE);
	c->mem = NULL;
}

static void t_dma(const char *name, bool cdev)
{
	struct dmactx a, b;
	char why[256];
	if (n_nics < 2) {
		fail(name, "need two e1000e");
		return;
	}
	if (dma_open(&a, 0, cdev, why, sizeof(why))) {
		fail(name, "nic 0: %s", why);
		dma_close(&a);
		return;
	}
	if (dma_open(&b, 1, cdev, why, sizeof(why))) {
		fail(name, "nic 1: %s", why);
		dma_close(&b);
		dma_close(&a);
		return;
	}
	double t0 = now_us();
	int r = dma_exchange(&a.n, &b.n, 1000, 300, why, sizeof(why));
	if (!r)
		r = dma_exchange(&b.n, &a.n, 5000, 100, why, sizeof(why));
	double t1 = now_us();
	if (r)
		fail(name, "%s", why);
	else
		pass(name, "400 frames (300 nic0->nic1, 100 back, 60-1514 bytes) identical; %.0f ms; "
		     "rx ring PA %#llx via %s", (t1 - t0) / 1000, (unsigned long long)b.n.rxring_pa,
		     cdev ? "GET_PA" : "pagemap");
	dma_close(&b);
	dma_close(&a);
}

/* Kill test: a child receives continuously into DMA memory; SIGKILL it. */
struct killshm {
	volatile uint32_t received;
	volatile uint32_t bad;
	volatile int ready;
	char why[256];
};

static void kill_child(struct killshm *shm, bool cdev)
{
	struct dmactx c;
	uint8_t buf[BUFSZ];
	if (dma_open(&c, 1, cdev, shm->why, sizeof(shm->why))) {
		shm->ready = -1;
		_exit(2);
	}
	__atomic_store_n(&shm->ready, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		int len = nic_recv(&c.n, buf, 1000);
		if (len > 0)
			__atomic_add_fetch(&shm->received, 1, __ATOMIC_SEQ_CST);
		else if (len < 0)
			__atomic_add_fetch(&shm->bad, 1, __ATOMIC_SEQ_CST);
	}
}

static void t_kill(bool cdev)
{
	char why[256], first[256] = "";
	struct dmactx tx;
	if (n_nics < 2) {
		fail("kill-dma-child", "need two e1000e");
		return;
	}
	int warn0 = klog_problems(NULL, 0);
	struct killshm *shm = mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shm == MAP_FAILED) {
		fail("kill-dma-child", "mmap: %s", ename(errno));
		return;
	}
	memset((void *)shm, 0, sizeof(*shm));
	if (dma_open(&tx, 0, cdev, why, sizeof(why))) {
		fail("kill-dma-child", "sender nic 0: %s", why);
		dma_close(&tx);
		return;
	}
	long long pin_base = pinned_pages();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		after_fork();
		kill_child(shm, cdev);
	}
	for (int i = 0; i < 5000 && !__atomic_load_n(&shm->ready, __ATOMIC_SEQ_CST); i++)
		sleep_ms(1);
	if (shm->ready != 1) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail("kill-dma-child", "receiver did not come up: %s", shm->why);
		dma_close(&tx);
		return;
	}
	long long pin_child = pinned_pages();
	uint8_t frame[BUFSZ];
	uint32_t seq = 0, at_kill = 0, at_kill_seq = 0;
	bool killed = false;
	double deadline = now_us() + 20e6, kill_time = 0;
	/* Keep sending while the child receives, kill it mid-stream, keep sending. */
	while (now_us() < deadline) {
		size_t len = make_frame(frame, tx.n.mac, tx.n.mac, seq++);
		memset(frame, 0xff, 6);	/* broadcast */
		if (nic_send(&tx.n, frame, len))
			break;
		if (!killed && shm->received >= 200) {
			at_kill = shm->received;
			at_kill_seq = seq;
			kill(pid, SIGKILL);
			killed = true;
			kill_time = now_us();
		}
		if (killed && (now_us() - kill_time > 300e3 || seq - at_kill_seq > 100))
			break;
		if (seq % 8 == 0)
			sched_yield();
	}
	int st = 0;
	if (!killed)
		kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	if (!killed)
		fail("kill-dma-child", "child received only %u of %u frames (%u bad) in 20 s (tx TDH %u TDT %u)",
		     shm->received, seq, shm->bad, rd32(&tx.n, E_TDH), rd32(&tx.n, E_TDT));
	else if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
		fail("kill-dma-child", "child ended with status %#x, expected SIGKILL", st);
	else
		pass("kill-dma-child", "child killed by SIGKILL after receiving %u frames by DMA (%s); "
		     "%u sent in total", at_kill, cdev ? "GET_PA addresses" : "pagemap addresses", seq);

	/* Exit closed the device fd (vfio-pci reset), then iommufd unpinned. */
	long long pin_after = pinned_pages();
	for (int i = 0; i < 2000 && pin_after != pin_base; i++) {
		sleep_ms(1);
		pin_after = pinned_pages();
	}
	if (cdev) {
		if (pin_child - pin_base <= 0)
			fail("kill-pins-released", "the receiver pinned nothing (%lld)", pin_child - pin_base);
		else if (pin_after != pin_base)
			fail("kill-pins-released", "%lld pages still pinned after the child died", pin_after - pin_base);
		else
			pass("kill-pins-released", "child had %lld pages pinned; all released", pin_child - pin_base);
	} else {
		if (pin_after != pin_base || pin_child != pin_base)
			fail("kill-pins-released", "legacy path: pinned count moved (%lld, %lld)", pin_child - pin_base,
			     pin_after - pin_base);
		else
			pass("kill-pins-released", "stock legacy path pins nothing; count unchanged");
	}

	int warn1 = klog_problems(first, sizeof(first));
	if (warn1 < 0)
		fail("kill-no-kernel-warn", "cannot read the kernel log: %s", ename(errno));
	else if (warn1 != warn0)
		fail("kill-no-kernel-warn", "kernel log: %s", first);
	else
		pass("kill-no-kernel-warn", "no WARN/BUG/oops in the kernel log");

	/* The device comes back: open it again and run DMA into it. */
	struct dmactx rx;
	if (dma_open(&rx, 1, cdev, why, sizeof(why))) {
		fail("kill-device-reusable", "reopen nic 1: %s", why);
	} else if (dma_exchange(&tx.n, &rx.n, 90000, 64, why, sizeof(why))) {
		fail("kill-device-reusable", "%s", why);
	} else {
		pass("kill-device-reusable", "reopened, 64 frames received and identical");
	}
	dma_close(&rx);
	dma_close(&tx);
	munmap((void *)shm, sizeof(*shm));
}

/* Time GET_PA over 512 MiB of hugepages against reading pagemap for them. */
static void t_timing(void)
{
	const size_t sz = 512ul << 20, np = sz / PG, chunks = sz / HUGE;
	char why[256];
	struct sess s;
	uint8_t *h = huge_alloc(sz);
	if (!h) {
		skip("getpa-timing-512m", "cannot allocate 512 MiB of 2 MiB hugepages (%s); the suite reserves them",
		     ename(errno));
		return;
	}
	if (sess_open(&s, 0, true, why, sizeof(why))) {
		fail("getpa-timing-512m", "%s", why);
		sess_close(&s);
		munmap(h, sz);
		return;
	}
	double m0 = now_us();
	int r = ioas_map(s.iommufd, s.ioas, h, sz, IOVA_512M);
	double m1 = now_us();
	uint64_t *ga = calloc(np, 8), *pm = calloc(np, 8);
	if (r || !ga || !pm) {
		fail("getpa-timing-512m", "IOAS_MAP 512 MiB: %s", ename(r));
		goto out;
	}
	/* GET_PA: one call per 2 MiB (bounded length). */
	size_t calls = 0;
	double g0 = now_us();
	for (uint64_t iova = IOVA_512M; iova < IOVA_512M + sz;) {
		uint64_t pa = 0, len = 0;
		r = get_pa(s.iommufd, s.ioas, iova, HUGE, &pa, &len);
		if (r || !len) {
			fail("getpa-timing-512m", "GET_PA(%#llx): %s", (unsigned long long)iova, ename(r));
			goto out;
		}
		for (uint64_t off = 0; off < len; off += PG)
			ga[(iova - IOVA_512M + off) / PG] = pa + off;
		iova += len;
		calls++;
	}
	double g1 = now_us();
	/* pagemap: one read of 512 entries per 2 MiB. */
	double p0 = now_us();
	for (size_t c = 0; c < chunks; c++)
		if (pagemap_read(h + c * HUGE, HUGE / PG, pm + c * (HUGE / PG))) {
			fail("getpa-timing-512m", "pagemap read: %s", ename(errno));
			goto out;
		}
	double p1 = now_us();
	size_t mism = 0;
	for (size_t i = 0; i < np; i++)
		mism += ga[i] != pm[i];
	double tg = g1 - g0, tp = p1 - p0;
	info("timing: IOAS_MAP (pin) of 512 MiB: %.0f us", m1 - m0);
	info("timing: GET_PA, %zu calls of <= 2 MiB over 512 MiB (%zu pages): %.0f us (%.2f us/call)", calls, np, tg,
	     tg / (double)calls);
	info("timing: pagemap, %zu reads of 512 entries over the same pages: %.0f us (%.2f us/read)", chunks, tp,
	     tp / (double)chunks);
	info("timing: ratio GET_PA/pagemap = %.2f (informational, TCG guest)", tp > 0 ? tg / tp : 0.0);
	if (mism)
		fail("getpa-timing-512m", "%zu of %zu pages differ between GET_PA and pagemap", mism, np);
	else
		pass("getpa-timing-512m", "GET_PA %.1f ms, pagemap %.1f ms, ratio %.2f; all %zu pages agree", tg / 1000,
		     tp / 1000, tp > 0 ? tg / tp : 0.0, np);
out:
	ioas_unmap(s.iommufd, s.ioas, 0, UINT64_MAX, NULL);
	sess_close(&s);
	free(ga);
	free(pm);
	munmap(h, sz);
}

static void t_taint(void)
{
	char buf[64];
	if (read_file("/proc/sys/kernel/tainted", buf, sizeof(buf))) {
		fail("taint-user", "cannot read /proc/sys/kernel/tainted");
		return;
	}
	unsigned long t = strtoul(buf, NULL, 10);
	if (t & (1ul << 6))
		pass("taint-user", "tainted = %lu (TAINT_USER set%s)", t,
		     expect_patched ? " by the noiommu cdev/group" : " by the legacy noiommu group");
	else
		fail("taint-user", "tainted = %lu: TAINT_USER (bit 6) not set", t);
}

static void watchdog(int sig)
{
	static const char m[] = "FAIL - watchdog: noiommu_test ran longer than its time limit\n";
	(void)sig;
	if (write(1, m, sizeof(m) - 1) < 0)
		_exit(3);
	_exit(3);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--list")) {
			for (size_t k = 0; k < NCASES; k++)
				printf("%s\n", cases[k].name);
			return 0;
		} else if (!strcmp(argv[i], "--expect") && i + 1 < argc) {
			const char *e = argv[++i];
			if (!strcmp(e, "stock"))
				expect_patched = false;
			else if (!strcmp(e, "patched"))
				expect_patched = true;
			else
				return fprintf(stderr, "--expect patched|stock\n"), 2;
		} else {
			fprintf(stderr, "usage: %s [--expect patched|stock] [--list]\n", argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, watchdog);
	alarm(600);
	if (geteuid())
		info("warning: not root; expect failures");
	info("noiommu_test: expecting a %s kernel", expect_patched ? "patched" : "stock");

	discover();
	t_env();
	t_legacy();
	t_getpa_known();

	if (have_cdev) {
		t_cdev_basic();
		t_cdev_session();
		t_rlimit();
		t_two_processes();
	}
	t_dma("dma-legacy-pagemap", false);
	if (have_cdev) {
		t_dma("dma-cdev-getpa", true);
		t_kill(true);
		t_timing();
	} else {
		t_kill(false);
	}
	t_taint();

	for (size_t i = 0; i < NCASES; i++) {
		if (cases[i].state)
			continue;
		if (cases[i].cdev_only && !have_cdev) {
			if (expect_patched)
				fail(cases[i].name, "no noiommu cdev on this (patched) kernel");
			else
				skip(cases[i].name, "stock kernel: no noiommu cdev");
		} else {
			fail(cases[i].name, "no result (an earlier step aborted this group)");
		}
	}
	printf("%d passed, %d failed, %d skipped\n", n_pass, n_fail, n_skip);
	return n_fail ? 1 : 0;
}
