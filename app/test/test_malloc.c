/* SPDX-License-Identifier: BSD-3-Clause */
/* fpk_zmalloc_socket()/fpk_free(): zeroed, aligned, on the EAL's memory,
 * and given back (a loop of allocations does not grow the segments). */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <fpk_eal.h>
#include <fpk_malloc.h>

#include "test.h"

static bool
all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static int
malloc_basic(void)
{
	unsigned char *a, *b;
	size_t total;

	TEST_ASSERT_NULL(fpk_zmalloc("t", 0, 0), "size 0");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "size 0: EINVAL");
	TEST_ASSERT_NULL(fpk_zmalloc("t", 64, 3), "align 3");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "align 3: EINVAL");
	TEST_ASSERT_NULL(fpk_zmalloc_socket("t", 64, 0, 4096), "node 4096");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "node 4096: EINVAL");
	fpk_free(NULL);

	a = fpk_zmalloc_socket("t", 1000, 0, 0);
	TEST_ASSERT_NOT_NULL(a, "node 0");
	TEST_ASSERT_EQUAL((uintptr_t)a % FPK_CACHE_LINE_SIZE, 0u, "cache-line aligned");
	TEST_ASSERT(all_zero(a, 1000), "zeroed");
	TEST_ASSERT_EQUAL(fpk_mem_virt2memseg(a)->socket_id, 0, "on node 0");
	memset(a, 0xa5, 1000);
	b = fpk_zmalloc("t", 100, 4096);
	TEST_ASSERT_NOT_NULL(b, "aligned 4096");
	TEST_ASSERT_EQUAL((uintptr_t)b % 4096, 0u, "4096-aligned");
	TEST_ASSERT(all_zero(b, 100), "zeroed");
	TEST_ASSERT(b + 100 <= a || a + 1000 <= b, "blocks do not overlap");
	fpk_free(b);
	fpk_free(a);

	/* Freed blocks are reused: the segments do not grow. */
	fpk_free(fpk_zmalloc("t", 1 << 20, 0));
	total = fpk_mem_total();
	for (int i = 0; i < 64; i++) {
		a = fpk_zmalloc("t", 1 << 20, 0);
		TEST_ASSERT_NOT_NULL(a, "1 MiB, round %d", i);
		TEST_ASSERT(all_zero(a, 1 << 20), "zeroed again, round %d", i);
		memset(a, 0xff, 1 << 20);
		fpk_free(a);
	}
	TEST_ASSERT_EQUAL(fpk_mem_total(), total, "64 MiB allocated and freed in turn");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(malloc_basic, malloc_basic)
