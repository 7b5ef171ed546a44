// SPDX-License-Identifier: BSD-3-Clause
/*
 * System probes for the noiommu selftests: pinned-page counters, the kernel
 * log, capabilities, /proc/self/pagemap, DMA-able memory and child processes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <linux/capability.h>

#include "noiommu.h"

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif
#define MAP_HUGE_2M (21 << MAP_HUGE_SHIFT)

#define PM_PRESENT (1ull << 63)
#define PM_PFN_MASK ((1ull << 55) - 1)

const char *ename(int err)
{
	const char *n = err ? strerrorname_np(err) : "success";

	return n ? n : "E?";
}

/* tests/vm/run tells the guest which accelerator runs it: timings depend on it. */
const char *fpk_accel(void)
{
	const char *a = getenv("FPK_ACCEL");

	return a ? a : "accelerator unknown";
}

double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Reads a small sysfs/procfs file, trailing blanks stripped. */
int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return 0;
}

/*
 * Pages pinned system-wide: nr_foll_pin_acquired - nr_foll_pin_released.
 * The counters are per-CPU with lazy folding; writing vm.stat_refresh folds
 * them first, so that small differences are exact.
 */
long long pinned_pages(void)
{
	char buf[16384];
	long long acq = -1, rel = -1;
	int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (write(fd, "1", 1) < 0)
			printf("# warning: vm.stat_refresh: %s\n", strerror(errno));
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

static bool klog_line_bad(const char *l)
{
	static const char *const pats[] = { "WARNING:", "BUG:", "Oops", "Call Trace",
					    "cut here", "general protection" };

	for (size_t i = 0; i < sizeof(pats) / sizeof(pats[0]); i++)
		if (strstr(l, pats[i]))
			return true;
	return false;
}

/* The whole kernel log as one string (free() it), or NULL. */
static char *klog_read(void)
{
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	int n;
	char *buf;

	if (size <= 0)
		return NULL;
	buf = malloc((size_t)size + 1);
	if (!buf)
		return NULL;
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	return buf;
}

/* Number of kernel-log lines that show trouble (WARN, BUG, oops, traces). */
int klog_problems(char *first, size_t firstlen)
{
	char *buf = klog_read();
	int count = 0;

	if (!buf)
		return -1;
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
		if (!klog_line_bad(l))
			continue;
		if (!count && first)
			snprintf(first, firstlen, "%s", l);
		count++;
	}
	free(buf);
	return count;
}

/* Number of kernel-log lines that contain both @a and @b, or -1. */
int klog_count(const char *a, const char *b)
{
	char *buf = klog_read();
	int count = 0;

	if (!buf)
		return -1;
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n"))
		count += strstr(l, a) && strstr(l, b);
	free(buf);
	return count;
}

/* Drops one capability from every set and the bounding set. */
int capset_drop(int cap)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];
	__u32 bit = 1u << (cap & 31);

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[cap >> 5].effective &= ~bit;
	d[cap >> 5].permitted &= ~bit;
	d[cap >> 5].inheritable &= ~bit;
	prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
	return (int)syscall(SYS_capset, &h, d);
}

static int pagemap_fd = -1;

static int pagemap_open(void)
{
	if (pagemap_fd < 0)
		pagemap_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	return pagemap_fd;
}

/* Physical address of a virtual address per /proc/self/pagemap, 0 if absent. */
uint64_t pagemap_pa(const void *va)
{
	uintptr_t v = (uintptr_t)va;
	uint64_t e;

	if (pagemap_open() < 0 || pread(pagemap_fd, &e, 8, (off_t)(v / PG * 8)) != 8)
		return 0;
	if (!(e & PM_PRESENT) || !(e & PM_PFN_MASK))
		return 0;
	return (e & PM_PFN_MASK) * PG + (v & (PG - 1));
}

/* Bulk pagemap read: PAs of npages pages from va (page aligned), 0 if absent. */
int pagemap_read(const void *va, size_t npages, uint64_t *out)
{
	size_t want = npages * 8;

	if (pagemap_open() < 0 ||
	    pread(pagemap_fd, out, want, (off_t)((uintptr_t)va / PG * 8)) != (ssize_t)want)
		return -1;
	for (size_t i = 0; i < npages; i++)
		out[i] = (out[i] & PM_PRESENT) ? (out[i] & PM_PFN_MASK) * PG : 0;
	return 0;
}

/* A forked child must read its own pagemap, not the parent's. */
void after_fork(void)
{
	if (pagemap_fd >= 0)
		close(pagemap_fd);
	pagemap_fd = -1;
}

/*
 * 2 MiB hugepages for DMA.  MAP_SHARED (as DPDK's hugetlbfs files): DMA
 * memory must never become copy-on-write after fork(), or the parent's next
 * write moves it to a new page behind the device's back.
 */
void *huge_alloc(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2M | MAP_POPULATE,
		       -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, len);
	return p;
}

/* Private anonymous memory with every page touched, so that each has a PA. */
void *anon_alloc(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	for (size_t i = 0; i < len; i += PG)
		((volatile char *)p)[i] = (char)i;
	return p;
}

static void read_all(int fd, char *msg, size_t len)
{
	ssize_t n = 0, r;

	while ((size_t)n < len - 1 && (r = read(fd, msg + n, len - 1 - (size_t)n)) > 0)
		n += r;
	msg[n > 0 ? n : 0] = 0;
}

/*
 * Runs fn in a child process (for checks that drop capabilities or limits
 * for good); its message comes back through a pipe.
 */
int run_child(child_fn fn, void *arg, char *msg, size_t len)
{
	int p[2], st, rc;
	pid_t pid;

	if (pipe(p))
		return snprintf(msg, len, "pipe: %s", strerror(errno)), 2;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return snprintf(msg, len, "fork: %s", strerror(errno)), 2;
	if (!pid) {
		char m[512] = "";

		after_fork();
		close(p[0]);
		rc = fn(arg, m, sizeof(m));
		if (write(p[1], m, strlen(m)) < 0)
			_exit(2);
		_exit(rc);
	}
	close(p[1]);
	read_all(p[0], msg, len);
	close(p[0]);
	if (waitpid(pid, &st, 0) != pid)
		return snprintf(msg, len, "waitpid: %s", strerror(errno)), 2;
	if (WIFSIGNALED(st))
		return snprintf(msg, len, "child killed by signal %d", WTERMSIG(st)), 2;
	rc = WEXITSTATUS(st);
	return rc == 1 ? 1 : 2;
}
