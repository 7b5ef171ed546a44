/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory segments, DMA-address resolvers, memory events and memzones.
 * Runs in whatever memory mode fpk-test was started with (hugepages or
 * --no-huge, va or pa); cases that need a particular mode skip with why.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <eal_private.h>
#include <fpk_eal.h>

#include "test.h"

static int
memzones(void)
{
	const struct fpk_memzone *a, *b, *c;
	char longname[FPK_MEMZONE_NAMESIZE + 4];

	a = fpk_memzone_reserve("test_mz_a", 1000, FPK_SOCKET_ID_ANY, 0);
	TEST_ASSERT_NOT_NULL(a, "reserve: %s", strerror(fpk_errno));
	TEST_ASSERT_EQUAL((uintptr_t)a->addr % FPK_CACHE_LINE_SIZE, 0u, "cache aligned");
	TEST_ASSERT_EQUAL(a->len, (size_t)1000, "len");
	TEST_ASSERT_EQUAL(a->iova, fpk_mem_virt2iova(a->addr), "iova of first byte");
	TEST_ASSERT(a->iova != FPK_BAD_IOVA, "has a DMA address");
	for (size_t i = 0; i < a->len; i++)
		TEST_ASSERT_EQUAL(((const uint8_t *)a->addr)[i], 0, "zeroed at %zu", i);
	memset(a->addr, 0xa5, a->len);

	TEST_ASSERT_NULL(fpk_memzone_reserve("test_mz_a", 64, FPK_SOCKET_ID_ANY, 0), "dup");
	TEST_ASSERT_EQUAL(fpk_errno, EEXIST, "dup errno");
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	TEST_ASSERT_NULL(fpk_memzone_reserve(longname, 64, FPK_SOCKET_ID_ANY, 0), "long");
	TEST_ASSERT_EQUAL(fpk_errno, ENAMETOOLONG, "long name errno");
	TEST_ASSERT_NULL(fpk_memzone_reserve("test_mz_z", 0, FPK_SOCKET_ID_ANY, 0), "len 0");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "len 0 errno");
	TEST_ASSERT_NULL(fpk_memzone_reserve("test_mz_f", 64, FPK_SOCKET_ID_ANY, 0x80), "flags");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "bad flags errno");
	TEST_ASSERT_NULL(fpk_memzone_reserve_aligned("test_mz_al", 64, FPK_SOCKET_ID_ANY, 0, 48),
			 "non power of two alignment");
	TEST_ASSERT_NULL(fpk_memzone_reserve("test_mz_n", 64, 1000, 0), "no such node");

	b = fpk_memzone_reserve_aligned("test_mz_b", 4096, 0, 0, 4096);
	TEST_ASSERT_NOT_NULL(b, "aligned reserve: %s", strerror(fpk_errno));
	TEST_ASSERT_EQUAL((uintptr_t)b->addr % 4096, 0u, "4 KiB aligned");
	TEST_ASSERT_EQUAL(b->socket_id, 0, "node 0");
	TEST_ASSERT(fpk_memzone_lookup("test_mz_b") == b, "lookup");
	TEST_ASSERT_NULL(fpk_memzone_lookup("test_mz_none"), "lookup missing");
	TEST_ASSERT_EQUAL(fpk_errno, ENOENT, "lookup errno");

	/* Zones must not overlap. */
	TEST_ASSERT((uintptr_t)b->addr >= (uintptr_t)a->addr + a->len ||
		    (uintptr_t)a->addr >= (uintptr_t)b->addr + b->len, "no overlap");

	c = fpk_memzone_reserve("test_mz_c", 64 * 1024, FPK_SOCKET_ID_ANY,
				FPK_MEMZONE_IOVA_CONTIG);
	TEST_ASSERT_NOT_NULL(c, "contig 64K: %s", strerror(fpk_errno));
	TEST_ASSERT(fpk_mem_iova_contig_len(c->addr, c->len) >= c->len, "really contiguous");

	TEST_ASSERT_SUCCESS(fpk_memzone_free(a), "free a");
	TEST_ASSERT_EQUAL(fpk_memzone_free(a), -EINVAL, "double free");
	TEST_ASSERT_SUCCESS(fpk_memzone_free(b), "free b");
	TEST_ASSERT_SUCCESS(fpk_memzone_free(c), "free c");
	TEST_ASSERT_NULL(fpk_memzone_lookup("test_mz_a"), "gone");
	/* The name is free again. */
	a = fpk_memzone_reserve("test_mz_a", 64, FPK_SOCKET_ID_ANY, 0);
	TEST_ASSERT_NOT_NULL(a, "re-reserve");
	TEST_ASSERT_SUCCESS(fpk_memzone_free(a), "free again");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(memory_memzone, memzones)

static int
large_contig(void)
{
	const struct fpk_memzone *mz;
	size_t len = 8u << 20;

	/* Under PA a multi-page contiguous zone may legitimately be impossible;
	 * what matters is that it either is contiguous or fails cleanly. */
	mz = fpk_memzone_reserve("test_mz_big", len, FPK_SOCKET_ID_ANY, FPK_MEMZONE_IOVA_CONTIG);
	if (mz == NULL) {
		TEST_ASSERT_EQUAL(fpk_errno, ENOMEM, "failure is ENOMEM, got %d", fpk_errno);
		TEST_ASSERT(fpk_eal_iova_mode() == FPK_IOVA_PA, "only PA may fail");
		return TEST_SUCCESS;
	}
	TEST_ASSERT(fpk_mem_iova_contig_len(mz->addr, len) >= len, "contiguous");
	TEST_ASSERT_SUCCESS(fpk_memzone_free(mz), "free");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(memory_memzone_contig, large_contig)

struct seg_check {
	unsigned int n;
	int bad;
};

static int
check_seg(const struct fpk_memseg *ms, void *arg)
{
	struct seg_check *c = arg;

	c->n++;
	if (ms->len != (size_t)ms->nb_pages * ms->page_sz || ms->len == 0 ||
	    (uintptr_t)ms->addr % ms->page_sz != 0)
		c->bad = 1;
	for (unsigned int i = 0; i < ms->nb_pages; i++)
		if (ms->iova[i] == FPK_BAD_IOVA)
			c->bad = 2;
	if (fpk_mem_virt2memseg(ms->addr) != ms)
		c->bad = 3;
	if (fpk_mem_virt2iova((char *)ms->addr + 5) != ms->iova[0] + 5)
		c->bad = 4;
	return 0;
}

static int
segments(void)
{
	const struct fpk_memzone *mz = fpk_memzone_reserve("test_seg", 4096, FPK_SOCKET_ID_ANY, 0);
	struct seg_check c = { 0, 0 };
	int x;

	TEST_ASSERT_NOT_NULL(mz, "reserve");
	TEST_ASSERT_SUCCESS(fpk_memseg_walk(check_seg, &c), "walk");
	TEST_ASSERT(c.n >= 1, "at least one segment");
	TEST_ASSERT_EQUAL(c.bad, 0, "segment check %d", c.bad);
	TEST_ASSERT(fpk_mem_total() > 0, "total");
	TEST_ASSERT_EQUAL(fpk_mem_virt2iova(&x), FPK_BAD_IOVA, "stack is not EAL memory");
	TEST_ASSERT_NULL(fpk_mem_virt2memseg(&x), "no segment for the stack");
	TEST_ASSERT_EQUAL(fpk_mem_iova_contig_len(&x, 10), (size_t)0, "contig of non-EAL");
	if (fpk_eal_has_hugepages())
		TEST_ASSERT(fpk_mem_virt2memseg(mz->addr)->flags & FPK_MEMSEG_F_HUGE, "huge flag");
	TEST_ASSERT_SUCCESS(fpk_memzone_free(mz), "free");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(memory_segments, segments)

#define FAKE_OFFSET (UINT64_C(1) << 44)

static int
fake_resolver(const struct fpk_memseg *ms, fpk_iova_t *iova, void *arg)
{
	int *calls = arg;

	(*calls)++;
	for (unsigned int i = 0; i < ms->nb_pages; i++)
		iova[i] = FAKE_OFFSET + (fpk_iova_t)i * ms->page_sz + ms->id * (UINT64_C(1) << 36);
	return 0;
}

static int
failing_resolver(const struct fpk_memseg *ms, fpk_iova_t *iova, void *arg)
{
	(void)ms;
	(void)iova;
	(void)arg;
	return -EIO;
}

static int
resolvers(void)
{
	enum fpk_iova_mode mode = fpk_eal_iova_mode();
	const char *name = fpk_mem_iova_resolver_name();
	fpk_iova_resolver_t orig = strcmp(name, "pagemap") == 0 ? fpk_mem_resolve_pagemap :
				   fpk_mem_resolve_va;
	const struct fpk_memzone *mz;
	const struct fpk_memseg *ms;
	fpk_iova_t before;
	int calls = 0;

	if (strcmp(name, "va") && strcmp(name, "pagemap"))
		return fpk_test_skip("a bus resolver ('%s') is installed", name);
	mz = fpk_memzone_reserve("test_resolver", 256, FPK_SOCKET_ID_ANY, 0);
	TEST_ASSERT_NOT_NULL(mz, "reserve");
	before = mz->iova;
	ms = fpk_mem_virt2memseg(mz->addr);

	TEST_ASSERT_EQUAL(fpk_mem_set_iova_resolver("broken", FPK_IOVA_PA, failing_resolver,
						    NULL), -EIO, "failing resolver refused");
	TEST_ASSERT(strcmp(fpk_mem_iova_resolver_name(), name) == 0, "old one kept");
	TEST_ASSERT_EQUAL(mz->iova, before, "table unchanged");

	TEST_ASSERT_SUCCESS(fpk_mem_set_iova_resolver("fake", FPK_IOVA_PA, fake_resolver,
						     &calls), "install");
	TEST_ASSERT(calls >= 1, "existing segments re-resolved");
	TEST_ASSERT_EQUAL(fpk_eal_iova_mode(), FPK_IOVA_PA, "mode follows");
	size_t off = (uintptr_t)mz->addr - (uintptr_t)ms->addr;
	fpk_iova_t want = FAKE_OFFSET + ms->id * (UINT64_C(1) << 36) + off;
	TEST_ASSERT_EQUAL(fpk_mem_virt2iova(mz->addr), want, "virt2iova uses it");
	TEST_ASSERT_EQUAL(mz->iova, want, "memzone iova refreshed");

	TEST_ASSERT_SUCCESS(fpk_mem_set_iova_resolver(name, mode, orig, NULL), "restore");
	TEST_ASSERT_EQUAL(mz->iova, before, "restored");
	TEST_ASSERT_EQUAL(fpk_mem_set_iova_resolver(NULL, mode, orig, NULL), -EINVAL, "NULL");
	TEST_ASSERT_SUCCESS(fpk_memzone_free(mz), "free");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(memory_resolver, resolvers)

struct ev_count {
	int alloc, free, fail_next;
	const struct fpk_memseg *last;
};

static int
ev_cb(enum fpk_mem_event ev, const struct fpk_memseg *ms, void *arg)
{
	struct ev_count *c = arg;

	if (ev == FPK_MEM_EVENT_ALLOC) {
		c->alloc++;
		c->last = ms;
		/* The resolver has not run yet: a bus maps before addresses exist. */
		if (ms->iova[0] != FPK_BAD_IOVA)
			c->fail_next = 2;
		if (c->fail_next == 1) {
			c->fail_next = 0;
			return -EPERM;
		}
	} else {
		c->free++;
	}
	return 0;
}

static int
events(void)
{
	struct ev_count c = { 0, 0, 0, NULL };
	const struct fpk_memzone *mz;
	size_t big = (size_t)6 << 20; /* more than any earlier test left free */

	TEST_ASSERT_SUCCESS(fpk_mem_event_callback_register("test", ev_cb, &c), "register");
	TEST_ASSERT_EQUAL(fpk_mem_event_callback_register("test", ev_cb, &c), -EEXIST, "twice");
	mz = fpk_memzone_reserve("test_ev", big, FPK_SOCKET_ID_ANY, 0);
	if (mz == NULL) {
		fpk_mem_event_callback_unregister("test", &c);
		return fpk_test_skip("no room for a new %zu MiB segment (-m set?)", big >> 20);
	}
	if (c.alloc == 0) {
		fpk_memzone_free(mz);
		fpk_mem_event_callback_unregister("test", &c);
		return fpk_test_skip("memory reserved at start (-m/--socket-mem) holds the "
				     "zone: no new segment to watch");
	}
	TEST_ASSERT(c.fail_next != 2, "ALLOC came before DMA addresses were resolved");
	TEST_ASSERT_EQUAL(fpk_mem_virt2memseg(mz->addr), c.last, "the zone is in it");
	TEST_ASSERT_SUCCESS(fpk_memzone_free(mz), "free");
	TEST_ASSERT_EQUAL(c.free, c.alloc, "segment released when its last zone went");

	c.fail_next = 1;
	mz = fpk_memzone_reserve("test_ev2", big, FPK_SOCKET_ID_ANY, 0);
	TEST_ASSERT_NULL(mz, "a subscriber's refusal fails the allocation");
	TEST_ASSERT_EQUAL(fpk_errno, EPERM, "its errno passes through");
	TEST_ASSERT_SUCCESS(fpk_mem_event_callback_unregister("test", &c), "unregister");
	TEST_ASSERT_EQUAL(fpk_mem_event_callback_unregister("test", &c), -ENOENT, "gone");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(memory_events, events)

static int
pagemap_check(void)
{
	const struct fpk_memzone *mz;
	const struct fpk_memseg *ms;
	fpk_iova_t *pa;
	int ret;

	if (!fpk_eal_has_hugepages())
		return fpk_test_skip("--no-huge: 4 KiB pages have no stable physical address");
	if (geteuid() != 0)
		return fpk_test_skip("pagemap shows physical addresses only to root");
	mz = fpk_memzone_reserve("test_pagemap", 4u << 20, FPK_SOCKET_ID_ANY, 0);
	TEST_ASSERT_NOT_NULL(mz, "reserve");
	ms = fpk_mem_virt2memseg(mz->addr);
	pa = calloc(ms->nb_pages, sizeof(*pa));
	TEST_ASSERT_NOT_NULL(pa, "calloc");
	ret = fpk_mem_resolve_pagemap(ms, pa, NULL);
	TEST_ASSERT_SUCCESS(ret, "pagemap resolver: %d", ret);
	for (unsigned int i = 0; i < ms->nb_pages; i++) {
		/* A hugepage is physically aligned to its own size. */
		TEST_ASSERT(pa[i] != 0 && pa[i] % ms->page_sz == 0,
			    "page %u PA 0x%" PRIx64 " not aligned to %zu", i, pa[i], ms->page_sz);
		for (unsigned int j = 0; j < i; j++)
			TEST_ASSERT(pa[j] != pa[i], "pages %u and %u share a PA", j, i);
	}
	if (fpk_eal_iova_mode() == FPK_IOVA_PA &&
	    strcmp(fpk_mem_iova_resolver_name(), "pagemap") == 0)
		for (unsigned int i = 0; i < ms->nb_pages; i++)
			TEST_ASSERT_EQUAL(ms->iova[i], pa[i], "table = pagemap at page %u", i);
	free(pa);
	TEST_ASSERT_SUCCESS(fpk_memzone_free(mz), "free");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(memory_pagemap, pagemap_check)

/*
 * The pagemap resolver against a made-up pagemap whose answer is known:
 * one 8-byte entry per 4 KiB virtual page (bit 63 present, bits 0-54 PFN).
 * Runs anywhere, as any user; an off-by-one page or a wrong shift fails.
 */
#define FAKE_VA 0x40000000UL /* 1 GiB: the entries start 2 MiB into the file */

static int
write_entry(int fd, uintptr_t va, uint64_t ent)
{
	off_t off = (off_t)(va / (uintptr_t)sysconf(_SC_PAGESIZE)) * 8;

	return pwrite(fd, &ent, sizeof(ent), off) == (ssize_t)sizeof(ent) ? 0 : -1;
}

static int
fake_pagemap_case(int fd, const char *path, size_t page_sz)
{
	struct fpk_memseg ms = { .addr = (void *)FAKE_VA, .page_sz = page_sz, .nb_pages = 3 };
	long sys_pg = sysconf(_SC_PAGESIZE);
	/* Not ordered and not contiguous, so a shifted index or page shows. */
	static const uint64_t pfn[3] = { 0x12345, 0x9a, 0x7ffff };
	fpk_iova_t pa[3];

	ms.len = ms.nb_pages * page_sz;
	TEST_ASSERT_SUCCESS(ftruncate(fd, 0), "truncate");
	/* Decoys in the entries around each page's (4 KiB pages: the others'). */
	for (unsigned int i = 0; i < 3; i++) {
		uintptr_t va = FAKE_VA + i * page_sz;

		TEST_ASSERT_SUCCESS(write_entry(fd, va - (uintptr_t)sys_pg, UINT64_C(1) << 63 | 0x111),
				    "write");
		TEST_ASSERT_SUCCESS(write_entry(fd, va + (uintptr_t)sys_pg, UINT64_C(1) << 63 | 0x222),
				    "write");
	}
	for (unsigned int i = 0; i < 3; i++)
		TEST_ASSERT_SUCCESS(write_entry(fd, FAKE_VA + i * page_sz, UINT64_C(1) << 63 | pfn[i]),
				    "write");
	/* Other bits the kernel sets (soft-dirty 55, exclusive 56, file 61) are not the PFN. */
	TEST_ASSERT_SUCCESS(write_entry(fd, FAKE_VA, UINT64_C(1) << 63 | UINT64_C(7) << 55 |
					UINT64_C(1) << 61 | pfn[0]), "write");
	TEST_ASSERT_SUCCESS(fpk_mem_resolve_pagemap(&ms, pa, (void *)(uintptr_t)path), "resolve");
	for (unsigned int i = 0; i < 3; i++)
		TEST_ASSERT_EQUAL(pa[i], pfn[i] * (fpk_iova_t)sys_pg, "page %u of %zu B: PA 0x%"
				  PRIx64 ", want 0x%" PRIx64, i, page_sz, pa[i],
				  pfn[i] * (fpk_iova_t)sys_pg);

	/* Not present, PFN hidden (not root), file too short: each refused. */
	TEST_ASSERT_SUCCESS(write_entry(fd, FAKE_VA + page_sz, pfn[1]), "write");
	TEST_ASSERT_EQUAL(fpk_mem_resolve_pagemap(&ms, pa, (void *)(uintptr_t)path), -EPERM,
			  "page not present");
	TEST_ASSERT_SUCCESS(write_entry(fd, FAKE_VA + page_sz, UINT64_C(1) << 63), "write");
	TEST_ASSERT_EQUAL(fpk_mem_resolve_pagemap(&ms, pa, (void *)(uintptr_t)path), -EPERM,
			  "PFN hidden");
	TEST_ASSERT_SUCCESS(ftruncate(fd, (off_t)(FAKE_VA / (uintptr_t)sys_pg) * 8 + 8), "truncate");
	TEST_ASSERT_EQUAL(fpk_mem_resolve_pagemap(&ms, pa, (void *)(uintptr_t)path), -EIO,
			  "entry past the end");
	return TEST_SUCCESS;
}

static int
pagemap_fake(void)
{
	char path[] = "/tmp/fpk-test-pagemap-XXXXXX";
	int fd = mkstemp(path), ret;
	struct fpk_memseg ms = { .addr = (void *)FAKE_VA, .page_sz = 4096, .nb_pages = 1 };
	fpk_iova_t pa;

	TEST_ASSERT(fd >= 0, "mkstemp: %s", strerror(errno));
	printf("  (ERR lines from here on are expected)\n");
	fflush(stdout);
	ret = fake_pagemap_case(fd, path, (size_t)sysconf(_SC_PAGESIZE));
	if (ret == TEST_SUCCESS)
		ret = fake_pagemap_case(fd, path, 2u << 20);
	close(fd);
	unlink(path);
	TEST_RUN(ret);
	TEST_ASSERT_EQUAL(fpk_mem_resolve_pagemap(&ms, &pa, (void *)(uintptr_t)path), -ENOENT,
			  "missing file");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(memory_pagemap_fake, pagemap_fake)

/*
 * Memory grows while signals arrive: hugetlbfs's fallocate() stops with
 * EINTR when a signal is pending, and SA_RESTART does not restart it. A
 * 1 ms timer with an SA_RESTART handler, as an application's would be,
 * interrupts each 64 MiB allocation several times; none may fail.
 *
 * The timer is a POSIX timer aimed at this thread: setitimer(ITIMER_REAL)
 * is the runner's alarm(), and ITIMER_PROF/ITIMER_VIRTUAL signals are only
 * raised on the way back to user space, never inside fallocate().
 */
#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid /* glibc < 2.37 lacks the name */
#endif
#define EINTR_ZONES 20
#define EINTR_ZONE_LEN ((size_t)64 << 20)

static volatile sig_atomic_t eintr_ticks;

static void
eintr_tick(int sig)
{
	(void)sig;
	eintr_ticks = eintr_ticks + 1;
}

static int
eintr_reserve(unsigned int *failed, int *first_err)
{
	for (unsigned int i = 0; i < EINTR_ZONES; i++) {
		const struct fpk_memzone *mz = fpk_memzone_reserve("test_eintr", EINTR_ZONE_LEN,
								    FPK_SOCKET_ID_ANY, 0);

		if (mz == NULL) {
			if ((*failed)++ == 0)
				*first_err = fpk_errno;
			continue;
		}
		/* Freed at once: the next one must grow memory again. */
		if (fpk_memzone_free(mz))
			return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

static int
eintr_helper(void)
{
	struct itimerspec every_ms = { { 0, 1000000 }, { 0, 1000000 } }, off = { { 0, 0 }, { 0, 0 } };
	struct sigevent sev;
	struct sigaction sa, old;
	unsigned int failed = 0, interrupted = 0;
	int first_err = 0, ret, level = fpk_log_get_level(FPK_LOGTYPE_EAL);
	char *log = NULL;
	size_t loglen = 0;
	timer_t timer;
	FILE *f;

	if (!fpk_eal_has_hugepages())
		return fpk_test_skip("needs hugepages (memory_eintr starts it with them)");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = eintr_tick;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	TEST_ASSERT_SUCCESS(sigaction(SIGRTMIN, &sa, &old), "sigaction: %s", strerror(errno));
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGRTMIN;
	sev.sigev_notify_thread_id = gettid();
	TEST_ASSERT_SUCCESS(timer_create(CLOCK_MONOTONIC, &sev, &timer), "timer_create: %s",
			    strerror(errno));
	/* The EAL says at DEBUG when it resumed an interrupted fallocate(). */
	f = open_memstream(&log, &loglen);
	TEST_ASSERT_NOT_NULL(f, "open_memstream");
	fpk_log_set_stream(f);
	fpk_log_set_level(FPK_LOGTYPE_EAL, FPK_LOG_DEBUG);
	timer_settime(timer, 0, &every_ms, NULL);
	ret = eintr_reserve(&failed, &first_err);
	timer_settime(timer, 0, &off, NULL);
	timer_delete(timer);
	sigaction(SIGRTMIN, &old, NULL);
	fpk_log_set_level(FPK_LOGTYPE_EAL, level);
	fpk_log_set_stream(NULL);
	fclose(f);
	for (const char *p = log; p && (p = strstr(p, "interrupted by signals")); p++)
		interrupted++;
	if (failed)
		printf("%s", log);
	free(log);
	TEST_RUN(ret);
	TEST_ASSERT_EQUAL(failed, 0u, "%u of %u reservations of %zu MiB failed with a 1 ms timer "
			  "running (%d signals), the first with %s", failed, EINTR_ZONES,
			  EINTR_ZONE_LEN >> 20, (int)eintr_ticks, strerror(first_err));
	TEST_ASSERT(interrupted > 0, "the timer fired %d times, but interrupted no allocation: "
		    "nothing was tested", (int)eintr_ticks);
	printf("  %u of %u allocations of %zu MiB were interrupted by signals and resumed\n",
	       interrupted, EINTR_ZONES, EINTR_ZONE_LEN >> 20);
	return TEST_SUCCESS;
}
FPK_TEST_HELPER(memory_eintr_helper, eintr_helper)

/* Runs the helper in a process of its own with hugepages, also when this
 * one runs with --no-huge (CI's --no-huge step, the mutation runs). */
static int
eintr(void)
{
	struct eal_hugepage_size sizes[EAL_MAX_HUGEPAGE_SIZES];
	const char *eal[] = { "-l", "0", NULL };
	const char *app[] = { "memory_eintr_helper", NULL };
	int n = eal_hugepage_sizes(sizes, EAL_MAX_HUGEPAGE_SIZES);
	size_t free_bytes = 0;

	for (int i = 0; i < n; i++)
		if (sizes[i].page_sz <= EINTR_ZONE_LEN)
			free_bytes = FPK_MAX(free_bytes, sizes[i].free_pages * sizes[i].page_sz);
	if (free_bytes < 2 * EINTR_ZONE_LEN)
		return fpk_test_skip("needs %zu MiB of free hugepages, %zu MiB free: "
				     "usertools/fpk-hugepages --reserve 512M",
				     2 * EINTR_ZONE_LEN >> 20, free_bytes >> 20);
	return fpk_test_run_self(eal, app, NULL, 0, "ok - memory_eintr_helper");
}
FPK_TEST_REGISTER(memory_eintr, eintr)
