// SPDX-License-Identifier: GPL-2.0-only
/*
 * noiommu_getpa: IOMMU_IOAS_NOIOMMU_GET_PA, the ioctl that returns the
 * physical address behind an IOVA: before attach, aligned and offset IOVAs,
 * length capping, every errno of the ABI in the kernel's order, the size
 * rules of the iommufd ioctl core, runs that stop at a map area's end, and
 * every 4 KiB page of 64 MiB of hugepages against /proc/self/pagemap.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <linux/capability.h>

#include "noiommu_fixture.h"

#define SZ_64M (64ul << 20)
#define NP_64M (SZ_64M / PG)

/* NIC 0 bound, its 16 small pages mapped, not attached. */
FIXTURE(unattached) {
	struct session ss;
};

FIXTURE_SETUP(unattached)
{
	SESSION_SETUP(&self->ss, SESSION_MAP_SMALL);
}

FIXTURE_TEARDOWN(unattached)
{
	session_close(&self->ss);
}

TEST_F(unattached, getpa_before_attach)
{
	struct sess *s = &self->ss.s;

	ASSERT_EQ(EOPNOTSUPP, get_pa(s->iommufd, s->ioas, IOVA_SMALL, PG, NULL, NULL));
}

/* NIC 0 attached, its 16 small pages at IOVA_SMALL. */
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

/* Every page of a GET_PA run from va must follow pa, per pagemap. */
static bool run_matches_pagemap(const uint8_t *va, uint64_t pa, uint64_t len, char *why,
				size_t wl)
{
	uint64_t first = pagemap_pa(va);

	if (pa != first)
		return snprintf(why, wl, "out_phys %#llx, pagemap says %#llx",
				(unsigned long long)pa, (unsigned long long)first), false;
	for (uint64_t off = PG - ((uintptr_t)va & (PG - 1)); off < len; off += PG)
		if (pagemap_pa(va + off) != pa + off)
			return snprintf(why, wl, "run of %llu bytes not contiguous at +%#llx",
					(unsigned long long)len, (unsigned long long)off), false;
	return true;
}

TEST_F(attached, getpa_aligned)
{
	struct sess *s = &self->ss.s;
	uint64_t pa = 0, len = 0;
	char why[256];

	ASSERT_EQ(0, get_pa(s->iommufd, s->ioas, IOVA_SMALL, HUGE, &pa, &len));
	ASSERT_EQ(0, pa % PG);
	ASSERT_EQ(0, len % PG);
	ASSERT_LE(PG, len);
	ASSERT_GE(16 * PG, len);
	ASSERT_TRUE(run_matches_pagemap(self->ss.small, pa, len, why, sizeof(why)))
		TH_LOG("%s", why);
	ksft_print_msg("PA %#llx, run %llu bytes, matches pagemap\n", (unsigned long long)pa,
		       (unsigned long long)len);
}

/* The offset in the page is kept; the run ends on a page boundary. */
TEST_F(attached, getpa_offset)
{
	const uint64_t offs[] = { 0x80, 0xfff, 5 * PG + 0x80 };
	struct sess *s = &self->ss.s;
	char why[256];

	for (size_t i = 0; i < ARRAY_SIZE(offs); i++) {
		uint64_t pa = 0, len = 0;

		ASSERT_EQ(0, get_pa(s->iommufd, s->ioas, IOVA_SMALL + offs[i], HUGE, &pa, &len))
			TH_LOG("+%#llx", (unsigned long long)offs[i]);
		ASSERT_EQ(0, (pa + len) % PG)
			TH_LOG("+%#llx: out_phys %#llx + length %llu", (unsigned long long)offs[i],
			       (unsigned long long)pa, (unsigned long long)len);
		ASSERT_TRUE(run_matches_pagemap(self->ss.small + offs[i], pa, len, why,
						sizeof(why)))
			TH_LOG("+%#llx: %s", (unsigned long long)offs[i], why);
	}
}

TEST_F(attached, getpa_length_cap)
{
	struct sess *s = &self->ss.s;
	uint64_t pa = 0, len = 0;

	ASSERT_EQ(0, get_pa(s->iommufd, s->ioas, IOVA_SMALL, 0x100, &pa, &len));
	ASSERT_EQ(0x100, len);
	ASSERT_EQ(pagemap_pa(self->ss.small), pa);
	ASSERT_EQ(0, get_pa(s->iommufd, s->ioas, IOVA_SMALL + 0x80, 0x10, &pa, &len));
	ASSERT_EQ(0x10, len);
	ASSERT_EQ(pagemap_pa(self->ss.small + 0x80), pa);
}

TEST_F(attached, getpa_length_zero)
{
	struct sess *s = &self->ss.s;

	ASSERT_EQ(EINVAL, get_pa(s->iommufd, s->ioas, IOVA_SMALL, 0, NULL, NULL));
}

TEST_F(attached, getpa_flags_nonzero)
{
	struct sess *s = &self->ss.s;
	struct fpk_get_pa g = { .size = sizeof(g), .flags = 1, .ioas_id = s->ioas,
				.iova = IOVA_SMALL, .length = PG };

	ASSERT_EQ(EOPNOTSUPP, xioctl(s->iommufd, FPK_IOCTL_GET_PA, &g));
}

TEST_F(attached, getpa_reserved_nonzero)
{
	struct sess *s = &self->ss.s;
	struct fpk_get_pa g = { .size = sizeof(g), .__reserved = 1, .ioas_id = s->ioas,
				.iova = IOVA_SMALL, .length = PG };

	ASSERT_EQ(EOPNOTSUPP, xioctl(s->iommufd, FPK_IOCTL_GET_PA, &g));
}

TEST_F(attached, getpa_bad_ioas)
{
	ASSERT_EQ(ENOENT, get_pa(self->ss.s.iommufd, 0xfffff0u, IOVA_SMALL, PG, NULL, NULL));
}

TEST_F(attached, getpa_not_ioas)
{
	struct sess *s = &self->ss.s;

	EXPECT_EQ(ENOENT, get_pa(s->iommufd, s->hwpt, IOVA_SMALL, PG, NULL, NULL))
		TH_LOG("HWPT id");
	EXPECT_EQ(ENOENT, get_pa(s->iommufd, s->devid, IOVA_SMALL, PG, NULL, NULL))
		TH_LOG("device id");
}

TEST_F(attached, getpa_unmapped_iova)
{
	struct sess *s = &self->ss.s;

	EXPECT_EQ(ENOENT, get_pa(s->iommufd, s->ioas, 0x7000000, PG, NULL, NULL))
		TH_LOG("never mapped");
	EXPECT_EQ(ENOENT, get_pa(s->iommufd, s->ioas, IOVA_SMALL + 16 * PG, PG, NULL, NULL))
		TH_LOG("just past the end of an area");
}

/* The iommufd ioctl core's size rules: a struct with room past its 40 bytes. */
union get_pa_48 {
	struct fpk_get_pa g;
	uint8_t b[48];
};

static void get_pa_48_init(union get_pa_48 *u, __u32 ioas, __u32 size)
{
	memset(u, 0, sizeof(*u));
	u->g.size = size;
	u->g.ioas_id = ioas;
	u->g.iova = IOVA_SMALL;
	u->g.length = PG;
}

TEST_F(attached, getpa_size_small)
{
	union get_pa_48 u;

	get_pa_48_init(&u, self->ss.s.ioas, 32);
	ASSERT_EQ(EINVAL, xioctl(self->ss.s.iommufd, FPK_IOCTL_GET_PA, &u));
}

TEST_F(attached, getpa_size_big_zero_tail)
{
	union get_pa_48 u;

	get_pa_48_init(&u, self->ss.s.ioas, 48);
	ASSERT_EQ(0, xioctl(self->ss.s.iommufd, FPK_IOCTL_GET_PA, &u));
	ASSERT_EQ(pagemap_pa(self->ss.small), u.g.out_phys);
	ASSERT_NE(0, u.g.length);
}

TEST_F(attached, getpa_size_big_nonzero_tail)
{
	union get_pa_48 u;

	get_pa_48_init(&u, self->ss.s.ioas, 48);
	u.b[44] = 1;
	ASSERT_EQ(E2BIG, xioctl(self->ss.s.iommufd, FPK_IOCTL_GET_PA, &u));
}

static int child_getpa_norawio(void *arg, char *msg, size_t len)
{
	const struct sess *s = arg;
	int r;

	if (capset_drop(CAP_SYS_RAWIO))
		return snprintf(msg, len, "capset: %s", ename(errno)), 2;
	r = get_pa(s->iommufd, s->ioas, IOVA_SMALL, PG, NULL, NULL);
	if (r != EPERM)
		return snprintf(msg, len, "GET_PA without CAP_SYS_RAWIO: %s, expected EPERM",
				ename(r)), 2;
	return snprintf(msg, len, "EPERM without CAP_SYS_RAWIO"), 1;
}

/* In a child, on the fixture's fds: dropping CAP_SYS_RAWIO is for good. */
TEST_F(attached, getpa_no_rawio)
{
	char msg[512];

	ASSERT_EQ(1, run_child(child_getpa_norawio, &self->ss.s, msg, sizeof(msg)))
		TH_LOG("%s", msg);
}

TEST_F(attached, getpa_after_unmap)
{
	struct sess *s = &self->ss.s;
	uint8_t *t = anon_alloc(2 * PG);
	uint64_t pa = 0;

	ASSERT_NE(NULL, t);
	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, t, 2 * PG, IOVA_TMP));
	ASSERT_EQ(0, get_pa(s->iommufd, s->ioas, IOVA_TMP + PG, PG, &pa, NULL));
	ASSERT_EQ(pagemap_pa(t + PG), pa);
	ASSERT_EQ(0, ioas_unmap(s->iommufd, s->ioas, IOVA_TMP, 2 * PG, NULL));
	ASSERT_EQ(ENOENT, get_pa(s->iommufd, s->ioas, IOVA_TMP + PG, PG, NULL, NULL));
}

/*
 * Two areas on one physically contiguous hugepage: the run stops at the end
 * of the first area although the next page follows physically.
 */
TEST_F(attached, getpa_two_areas)
{
	const uint64_t half = HUGE / 2;
	struct sess *s = &self->ss.s;
	uint64_t pa = 0, len = 0, pb = 0, lb = 0;
	uint8_t *h = huge_alloc(HUGE);

	ASSERT_NE(NULL, h) TH_LOG("no 2 MiB hugepage: %s", ename(errno));
	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, h, half, IOVA_TWO));
	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, h + half, half, IOVA_TWO + half));
	ASSERT_EQ(pagemap_pa(h) + half, pagemap_pa(h + half))
		TH_LOG("hugepage not physically contiguous per pagemap");
	ASSERT_EQ(0, get_pa(s->iommufd, s->ioas, IOVA_TWO, HUGE, &pa, &len));
	ASSERT_EQ(pagemap_pa(h), pa);
	ASSERT_EQ(half, len) TH_LOG("the run does not stop at the 1 MiB area end");
	ASSERT_EQ(0, get_pa(s->iommufd, s->ioas, IOVA_TWO + half - PG, HUGE, &pb, &lb));
	ASSERT_EQ(pa + half - PG, pb);
	ASSERT_EQ(PG, lb);
}

/* NIC 0 attached, 64 MiB of hugepages mapped at IOVA_64M, their pagemap PAs. */
FIXTURE(map64m) {
	struct session ss;
	uint8_t *h;
	uint64_t *pm;
};

FIXTURE_SETUP(map64m)
{
	struct sess *s = &self->ss.s;

	SESSION_SETUP(&self->ss, SESSION_ATTACH);
	self->h = huge_alloc(SZ_64M);
	ASSERT_NE(NULL, self->h) TH_LOG("cannot allocate 64 MiB of hugepages: %s", ename(errno));
	self->pm = calloc(NP_64M, sizeof(*self->pm));
	ASSERT_NE(NULL, self->pm);
	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, self->h, SZ_64M, IOVA_64M));
	ASSERT_EQ(0, pagemap_read(self->h, NP_64M, self->pm))
		TH_LOG("pagemap read: %s", ename(errno));
}

FIXTURE_TEARDOWN(map64m)
{
	session_close(&self->ss);
	free(self->pm);
	munmap(self->h, SZ_64M);
}

struct walk {
	size_t checked, calls, short_runs;
};

/* User space's GET_PA loop (iova += length) over the 64 MiB, against pagemap. */
static bool walk_64m(FIXTURE_DATA(map64m) *self, struct walk *w, char *why, size_t wl)
{
	struct sess *s = &self->ss.s;

	memset(w, 0, sizeof(*w));
	for (uint64_t iova = IOVA_64M; iova < IOVA_64M + SZ_64M;) {
		uint64_t pa = 0, len = 0;
		int r = get_pa(s->iommufd, s->ioas, iova, HUGE, &pa, &len);

		w->calls++;
		if (r)
			return snprintf(why, wl, "GET_PA(%#llx): %s", (unsigned long long)iova,
					ename(r)), false;
		if (!len || len % PG || len > HUGE || iova + len > IOVA_64M + SZ_64M)
			return snprintf(why, wl, "GET_PA(%#llx) length %llu",
					(unsigned long long)iova, (unsigned long long)len), false;
		w->short_runs += len < HUGE;
		for (uint64_t off = 0; off < len; off += PG, w->checked++) {
			size_t idx = (size_t)((iova - IOVA_64M + off) / PG);

			if (self->pm[idx] != pa + off)
				return snprintf(why, wl, "page %zu: GET_PA %#llx, pagemap %#llx",
						idx, (unsigned long long)(pa + off),
						(unsigned long long)self->pm[idx]), false;
		}
		iova += len;
	}
	return true;
}

TEST_F_TIMEOUT(map64m, getpa_pagemap_64m, 60)
{
	struct walk w;
	char why[256];

	ASSERT_TRUE(walk_64m(self, &w, why, sizeof(why))) TH_LOG("%s", why);
	ASSERT_EQ(NP_64M, w.checked);
	ksft_print_msg("%zu pages in %zu calls match /proc/self/pagemap\n", w.checked, w.calls);
}

TEST_F_TIMEOUT(map64m, getpa_hugepage_runs, 60)
{
	struct walk w;
	char why[256];

	ASSERT_TRUE(walk_64m(self, &w, why, sizeof(why))) TH_LOG("walk failed: %s", why);
	ASSERT_EQ(0, w.short_runs) TH_LOG("%zu of %zu runs shorter than 2 MiB", w.short_runs,
					  w.calls);
}

TEST_HARNESS_MAIN
