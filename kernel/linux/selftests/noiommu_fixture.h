/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kselftest side shared by the noiommu test programs: the kernel's
 * tools/testing/selftests/kselftest_harness.h (FIXTURE, TEST_F, ASSERT_*,
 * EXPECT_*), the rule for cases that need the noiommu cdev, and the
 * iommufd session that the cdev, IOAS and GET_PA fixtures start from.
 * Each test program is one translation unit that includes this once.
 */
#ifndef NOIOMMU_FIXTURE_H
#define NOIOMMU_FIXTURE_H

#include <errno.h>
#include <limits.h>

#include "kselftest_harness.h"
#include "noiommu.h"

/*
 * A case that needs the patched kernel's noiommu cdev is skipped on a kernel
 * that has none (NOIOMMU_EXPECT=stock or patched-nocdev) and fails on a
 * patched kernel without one. A macro, so that SKIP() returns from the setup
 * or test itself.
 */
#define REQUIRE_CDEV() do { \
	nics_discover(); \
	if (!nics_have_cdev() && !expect_cdev()) \
		SKIP(return, "%s kernel: no noiommu cdev", expect_kernel()); \
	ASSERT_TRUE(nics_have_cdev()) \
		TH_LOG("no noiommu cdev on this (patched) kernel"); \
} while (0)

/* The legacy noiommu group, skipped on a kernel built without it. */
#define REQUIRE_GROUP() do { \
	if (!expect_group()) \
		SKIP(return, "%s kernel: no VFIO group interface", expect_kernel()); \
} while (0)

#define REQUIRE_TWO_NICS() do { \
	nics_discover(); \
	ASSERT_EQ(2, n_nics) TH_LOG("need two e1000e"); \
} while (0)

/* NIC 0 bound to its own iommufd with one IOAS, and 16 anonymous pages. */
struct session {
	struct sess s;
	uint8_t *small;		/* at IOVA_SMALL once mapped */
	long long pin0;		/* pinned pages before the session */
};

#define SESSION_MAP_SMALL 1	/* map small before any attach: nothing pinned yet */
#define SESSION_ATTACH 2	/* attach to the IOAS: the kernel's software HWPT pins */

static inline void session_open(struct __test_metadata *_metadata, struct session *ss,
				int flags)
{
	char why[256];

	ss->pin0 = pinned_pages();
	ASSERT_EQ(0, sess_open(&ss->s, 0, false, why, sizeof(why))) TH_LOG("%s", why);
	ss->small = anon_alloc(16 * PG);
	ASSERT_NE(NULL, ss->small) TH_LOG("mmap: %s", ename(errno));
	/* ASSERT_*() expand to two statements: the braces are needed. */
	if (flags & SESSION_MAP_SMALL) {
		ASSERT_EQ(0, ioas_map(ss->s.iommufd, ss->s.ioas, ss->small, 16 * PG,
				      IOVA_SMALL));
	}
	if (flags & SESSION_ATTACH) {
		ASSERT_EQ(0, dev_attach(ss->s.devfd, ss->s.ioas, &ss->s.hwpt));
	}
}

#define SESSION_SETUP(ss, flags) do { \
	REQUIRE_CDEV(); \
	session_open(_metadata, ss, flags); \
} while (0)

/* Closing the fds must unpin everything, mapped or not. */
static inline void session_close(struct session *ss)
{
	long long p;

	sess_close(&ss->s);
	if (ss->pin0 == LLONG_MIN)
		return;
	p = pinned_pages();
	if (p != ss->pin0)
		ksft_print_msg("warning: %lld pages still pinned after the session closed\n",
			       p - ss->pin0);
}

#endif /* NOIOMMU_FIXTURE_H */
