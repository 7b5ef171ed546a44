// SPDX-License-Identifier: GPL-2.0-only
/*
 * noiommu_ioas: IOMMU_IOAS_MAP/UNMAP on an IOAS with a noiommu device
 * attached: alignment, unmap rules, pinning and unpinning, reuse of a large
 * unmapped range, RLIMIT_MEMLOCK without CAP_IPC_LOCK, and two processes
 * with an IOAS each.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <linux/capability.h>

#include "noiommu_fixture.h"

/* NIC 0 attached to its IOAS, its 16 small pages mapped (and so pinned). */
FIXTURE(attached) {
	struct session ss;
};

FIXTURE_SETUP(attached)
{
	SESSION_SETUP(&self->ss, SESSION_MAP_SMALL | SESSION_ATTACH);
}

FIXTURE_TEARDOWN(attached)
{
	session_close(&self->ss);
}

/* After attach the IOAS takes only PAGE_SIZE aligned maps. */
TEST_F(attached, map_unaligned)
{
	struct sess *s = &self->ss.s;
	uint8_t *small = self->ss.small;

	EXPECT_EQ(EINVAL, ioas_map(s->iommufd, s->ioas, small, PG + 0x800, IOVA_TMP))
		TH_LOG("unaligned length");
	EXPECT_EQ(EINVAL, ioas_map(s->iommufd, s->ioas, small, PG, IOVA_TMP + 0x200))
		TH_LOG("unaligned iova");
	EXPECT_EQ(EINVAL, ioas_map(s->iommufd, s->ioas, small + 0x100, PG, IOVA_TMP))
		TH_LOG("unaligned va offset");
}

TEST_F(attached, map_unmap)
{
	struct sess *s = &self->ss.s;
	uint64_t done = 0;

	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, self->ss.small, 4 * PG, IOVA_TMP));
	ASSERT_EQ(0, ioas_unmap(s->iommufd, s->ioas, IOVA_TMP, 4 * PG, &done));
	ASSERT_EQ(4 * PG, done);
	ASSERT_EQ(ENOENT, ioas_unmap(s->iommufd, s->ioas, IOVA_TMP, 4 * PG, NULL));
}

TEST_F(attached, pin_on_map)
{
	struct sess *s = &self->ss.s;
	uint8_t *pp = anon_alloc(8 * PG);
	long long before;

	ASSERT_NE(NULL, pp);
	before = pinned_pages();
	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, pp, 8 * PG, IOVA_PIN));
	ASSERT_EQ(8, pinned_pages() - before) TH_LOG("nr_foll_pin_acquired - released");
}

TEST_F(attached, unpin_on_unmap)
{
	struct sess *s = &self->ss.s;
	uint8_t *pp = anon_alloc(8 * PG);
	long long before;

	ASSERT_NE(NULL, pp);
	before = pinned_pages();
	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, pp, 8 * PG, IOVA_PIN));
	ASSERT_EQ(0, ioas_unmap(s->iommufd, s->ioas, IOVA_PIN, 8 * PG, NULL));
	ASSERT_EQ(before, pinned_pages()) TH_LOG("pages still pinned after unmap");
}

/* Unmapping 64 MiB leaves nothing behind: the range maps again, right pages. */
TEST_F_TIMEOUT(attached, remap_after_large_unmap, 60)
{
	const size_t sz = 64ul << 20;
	struct sess *s = &self->ss.s;
	uint8_t *h = huge_alloc(sz);
	uint64_t done = 0, pa = 0, last_pa;

	ASSERT_NE(NULL, h) TH_LOG("cannot allocate 64 MiB of hugepages: %s", ename(errno));
	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, h, sz, IOVA_64M));
	last_pa = pagemap_pa(h + sz - PG);
	ASSERT_EQ(0, ioas_unmap(s->iommufd, s->ioas, IOVA_64M, sz, &done));
	ASSERT_EQ(sz, done);
	ASSERT_EQ(ENOENT, get_pa(s->iommufd, s->ioas, IOVA_64M + sz / 2, PG, NULL, NULL));
	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, h, sz, IOVA_64M))
		TH_LOG("mapping the same 64 MiB again");
	ASSERT_EQ(0, get_pa(s->iommufd, s->ioas, IOVA_64M + sz - PG, PG, &pa, NULL));
	ASSERT_EQ(last_pa, pa);
}

/* RLIMIT_MEMLOCK applies to pinning when the process lacks CAP_IPC_LOCK. */
static int child_rlimit(void *arg, char *msg, size_t len)
{
	struct rlimit rl = { 1 << 20, 1 << 20 };
	uint8_t *smallm, *large;
	struct sess s;
	char why[256];
	int r1, r2;

	(void)arg;
	if (capset_drop(CAP_IPC_LOCK) || setrlimit(RLIMIT_MEMLOCK, &rl))
		return snprintf(msg, len, "capset/setrlimit: %s", ename(errno)), 2;
	if (sess_open(&s, 1, true, why, sizeof(why)))
		return snprintf(msg, len, "%s", why), 2;
	smallm = anon_alloc(16 * PG);
	large = anon_alloc(16ul << 20);
	if (!smallm || !large)
		return snprintf(msg, len, "mmap: %s", ename(errno)), 2;
	r1 = ioas_map(s.iommufd, s.ioas, smallm, 16 * PG, 0x1000000);
	r2 = ioas_map(s.iommufd, s.ioas, large, 16ul << 20, 0x4000000);
	sess_close(&s);
	if (r1)
		return snprintf(msg, len, "64 KiB map under a 1 MiB limit failed: %s", ename(r1)), 2;
	if (r2 != ENOMEM)
		return snprintf(msg, len, "16 MiB map under a 1 MiB limit: %s, expected ENOMEM",
				ename(r2)), 2;
	return snprintf(msg, len, "no CAP_IPC_LOCK, limit 1 MiB: 64 KiB map ok, 16 MiB ENOMEM"), 1;
}

TEST(rlimit_memlock)
{
	char msg[512];

	REQUIRE_CDEV();
	ASSERT_EQ(1, run_child(child_rlimit, NULL, msg, sizeof(msg))) TH_LOG("%s", msg);
}

struct twoproc_arg {
	int nic;
	int go_fd;	/* read end: wait for the parent's go */
	int ready_fd;	/* write end: tell the parent we are mapped */
};

static int twoproc_child(struct twoproc_arg *a, char *msg, size_t len)
{
	uint8_t *h = huge_alloc(HUGE);
	char why[256], c = 0;
	uint64_t pa0;
	struct sess s;
	int r;

	if (!h)
		return snprintf(msg, len, "no hugepage"), 2;
	if (sess_open(&s, a->nic, true, why, sizeof(why)))
		return snprintf(msg, len, "nic %d: %s", a->nic, why), 2;
	r = ioas_map(s.iommufd, s.ioas, h, HUGE, 0x100000);
	if (r)
		return snprintf(msg, len, "nic %d: IOAS_MAP: %s", a->nic, ename(r)), 2;
	if (write(a->ready_fd, "r", 1) != 1 || read(a->go_fd, &c, 1) != 1)
		return snprintf(msg, len, "sync failed"), 2;
	for (uint64_t off = 0; off < HUGE; off += 64 * PG) {
		uint64_t pa = 0;

		r = get_pa(s.iommufd, s.ioas, 0x100000 + off, PG, &pa, NULL);
		if (r || pa != pagemap_pa(h + off))
			return snprintf(msg, len, "nic %d: GET_PA +%#llx: %s", a->nic,
					(unsigned long long)off,
					r ? ename(r) : "PA differs from pagemap"), 2;
	}
	pa0 = pagemap_pa(h);
	sess_close(&s);
	return snprintf(msg, len, "nic %d: ioas %u, PA %#llx ok", a->nic, s.ioas,
			(unsigned long long)pa0), 1;
}

static pid_t twoproc_fork(struct twoproc_arg *a, int res[2])
{
	char m[400] = "";
	pid_t pid;
	int r;

	if (pipe(res))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid) {
		close(res[1]);
		return pid;
	}
	after_fork();
	close(res[0]);
	r = twoproc_child(a, m, sizeof(m));
	if (write(res[1], m, strlen(m)) < 0)
		_exit(2);
	_exit(r);
}

static int twoproc_collect(pid_t pid, int fd, char *msg, size_t len)
{
	ssize_t n = read(fd, msg, len - 1);
	int st;

	msg[n > 0 ? n : 0] = 0;
	close(fd);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 2;
}

/* Both children map at the same time, on one NIC each, before either resolves. */
TEST(two_processes)
{
	int go[2], ready[2], res[2][2], rc[2];
	char msgs[2][400], c;
	pid_t pid[2];

	REQUIRE_CDEV();
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(ready));
	for (int i = 0; i < 2; i++) {
		struct twoproc_arg a = { i, go[0], ready[1] };

		pid[i] = twoproc_fork(&a, res[i]);
		ASSERT_LT(0, pid[i]) TH_LOG("fork: %s", ename(errno));
	}
	for (int n = 0; n < 2 && read(ready[0], &c, 1) == 1; n++)
		;
	EXPECT_EQ(2, write(go[1], "gg", 2));
	for (int i = 0; i < 2; i++)
		rc[i] = twoproc_collect(pid[i], res[i][0], msgs[i], sizeof(msgs[i]));
	ksft_print_msg("%s; %s\n", msgs[0], msgs[1]);
	EXPECT_EQ(1, rc[0]) TH_LOG("%s", msgs[0]);
	EXPECT_EQ(1, rc[1]) TH_LOG("%s", msgs[1]);
}

TEST_HARNESS_MAIN
