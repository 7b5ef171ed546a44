// SPDX-License-Identifier: GPL-2.0-only
/*
 * noiommu_timing: GET_PA against /proc/self/pagemap over 512 MiB of 2 MiB
 * hugepages.  The figures are informational (they depend on the
 * accelerator); the case fails only if the two disagree on a page.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/mman.h>

#include "noiommu_fixture.h"

#define SZ_512M (512ul << 20)
#define NP_512M (SZ_512M / PG)

/* NIC 0 attached; 512 MiB of hugepages, not mapped yet (mapping is timed). */
FIXTURE(timing) {
	struct session ss;
	uint8_t *h;
	uint64_t *ga, *pm;	/* per page: PA from GET_PA, from pagemap */
};

FIXTURE_SETUP(timing)
{
	REQUIRE_CDEV();
	self->h = huge_alloc(SZ_512M);
	if (!self->h)
		SKIP(return, "cannot allocate 512 MiB of 2 MiB hugepages (%s); the suite reserves them",
		     ename(errno));
	session_open(_metadata, &self->ss, SESSION_ATTACH);
	self->ga = calloc(NP_512M, sizeof(*self->ga));
	self->pm = calloc(NP_512M, sizeof(*self->pm));
	ASSERT_NE(NULL, self->ga);
	ASSERT_NE(NULL, self->pm);
}

FIXTURE_TEARDOWN(timing)
{
	session_close(&self->ss);
	free(self->ga);
	free(self->pm);
	munmap(self->h, SZ_512M);
}

/* GET_PA: one call per 2 MiB (a bounded length, as user space should). */
static size_t getpa_all(struct __test_metadata *_metadata, FIXTURE_DATA(timing) *self)
{
	struct sess *s = &self->ss.s;
	size_t calls = 0;

	for (uint64_t iova = IOVA_512M; iova < IOVA_512M + SZ_512M; calls++) {
		uint64_t pa = 0, len = 0;

		ASSERT_EQ(0, get_pa(s->iommufd, s->ioas, iova, HUGE, &pa, &len))
			TH_LOG("GET_PA(%#llx)", (unsigned long long)iova);
		ASSERT_NE(0, len) TH_LOG("GET_PA(%#llx)", (unsigned long long)iova);
		ASSERT_GE(IOVA_512M + SZ_512M, iova + len);
		for (uint64_t off = 0; off < len; off += PG)
			self->ga[(iova - IOVA_512M + off) / PG] = pa + off;
		iova += len;
	}
	return calls;
}

/* pagemap: one read of 512 entries per 2 MiB. */
static void pagemap_all(struct __test_metadata *_metadata, FIXTURE_DATA(timing) *self)
{
	for (size_t c = 0; c < SZ_512M / HUGE; c++)
		ASSERT_EQ(0, pagemap_read(self->h + c * HUGE, HUGE / PG,
					  self->pm + c * (HUGE / PG)))
			TH_LOG("pagemap read: %s", ename(errno));
}

TEST_F_TIMEOUT(timing, getpa_timing_512m, 120)
{
	const size_t chunks = SZ_512M / HUGE;
	struct sess *s = &self->ss.s;
	double t0, tmap, tg, tp;
	size_t calls, mism = 0;

	t0 = now_us();
	ASSERT_EQ(0, ioas_map(s->iommufd, s->ioas, self->h, SZ_512M, IOVA_512M));
	tmap = now_us() - t0;
	t0 = now_us();
	calls = getpa_all(_metadata, self);
	tg = now_us() - t0;
	t0 = now_us();
	pagemap_all(_metadata, self);
	tp = now_us() - t0;
	for (size_t i = 0; i < NP_512M; i++)
		mism += self->ga[i] != self->pm[i];
	ksft_print_msg("timing (%s): IOAS_MAP (pin) of 512 MiB: %.0f us\n", fpk_accel(), tmap);
	ksft_print_msg("timing (%s): GET_PA, %zu calls of <= 2 MiB over 512 MiB (%lu pages): "
		       "%.0f us (%.2f us/call)\n", fpk_accel(), calls, NP_512M, tg,
		       tg / (double)calls);
	ksft_print_msg("timing (%s): pagemap, %zu reads of 512 entries over the same pages: "
		       "%.0f us (%.2f us/read)\n", fpk_accel(), chunks, tp, tp / (double)chunks);
	ksft_print_msg("timing (%s): ratio GET_PA/pagemap = %.2f (informational)\n", fpk_accel(),
		       tp > 0 ? tg / tp : 0.0);
	ASSERT_EQ(0, mism) TH_LOG("%zu of %lu pages differ between GET_PA and pagemap", mism,
				  NP_512M);
}

TEST_HARNESS_MAIN
