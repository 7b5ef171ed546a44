/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of lib/ring: creation and its errors, sizes, bulk versus burst,
 * fill-level queries, wrap-around of slots and of the 32-bit indexes,
 * element rings, every producer/consumer sync mix, and a two-lcore MP/MC
 * stress run that checks no element is lost, duplicated, torn or reordered.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fpk_eal.h>
#include <fpk_ring.h>

#include "test.h"

#define RING_SIZE 64

/* Stand-in objects for pointer rings: never dereferenced. */
static void *
obj_of(uintptr_t v)
{
	return (void *)(v + 1);
}

static uintptr_t
val_of(const void *p)
{
	return (uintptr_t)p - 1;
}

static int
test_ring_create_errors(void)
{
	char name[FPK_RING_NAMESIZE + 1], mz_name[sizeof(FPK_RING_MZ_PREFIX) + sizeof(name)];
	struct fpk_ring *r, *r2;

	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_ring_create("rt_bad", 0, FPK_SOCKET_ID_ANY, 0), "count 0 accepted");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "count 0: errno %d", fpk_errno);
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_ring_create("rt_bad", 1, FPK_SOCKET_ID_ANY, 0), "count 1 accepted");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "count 1: errno %d", fpk_errno);
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_ring_create("rt_bad", 100, FPK_SOCKET_ID_ANY, 0),
			 "count 100 accepted without EXACT_SZ");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "count 100: errno %d", fpk_errno);
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_ring_create("rt_bad", FPK_RING_SZ_MAX + 1, FPK_SOCKET_ID_ANY,
					 FPK_RING_F_EXACT_SZ), "count above the maximum accepted");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "count > max: errno %d", fpk_errno);
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_ring_create("rt_bad", 0, FPK_SOCKET_ID_ANY, FPK_RING_F_EXACT_SZ),
			 "EXACT_SZ count 0 accepted");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "EXACT_SZ count 0: errno %d", fpk_errno);
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_ring_create("rt_bad", RING_SIZE, FPK_SOCKET_ID_ANY, 0x100),
			 "unknown flag accepted");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "unknown flag: errno %d", fpk_errno);
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_ring_create(NULL, RING_SIZE, FPK_SOCKET_ID_ANY, 0),
			 "NULL name accepted");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "NULL name: errno %d", fpk_errno);
	for (unsigned int esize = 0; esize <= 8; esize += 2) {
		if (esize == 4 || esize == 8)
			continue;
		fpk_errno = 0;
		TEST_ASSERT_NULL(fpk_ring_create_elem("rt_bad", esize, RING_SIZE,
						      FPK_SOCKET_ID_ANY, 0),
				 "element size %u accepted", esize);
		TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "esize %u: errno %d", esize, fpk_errno);
	}

	/* The longest name that fits, then one character more. */
	memset(name, 'n', sizeof(name));
	name[FPK_RING_NAMESIZE] = '\0';
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_ring_create(name, RING_SIZE, FPK_SOCKET_ID_ANY, 0),
			 "name of %zu characters accepted", strlen(name));
	TEST_ASSERT_EQUAL(fpk_errno, ENAMETOOLONG, "long name: errno %d", fpk_errno);
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_ring_lookup(name), "lookup of an over-long name succeeded");
	TEST_ASSERT_EQUAL(fpk_errno, ENOENT, "lookup of long name: errno %d", fpk_errno);
	name[FPK_RING_NAMESIZE - 1] = '\0';
	r = fpk_ring_create(name, RING_SIZE, FPK_SOCKET_ID_ANY, 0);
	TEST_ASSERT_NOT_NULL(r, "name of %zu characters refused: errno %d", strlen(name),
			     fpk_errno);
	TEST_ASSERT(strcmp(fpk_ring_get_name(r), name) == 0, "name is '%s'",
		    fpk_ring_get_name(r));
	snprintf(mz_name, sizeof(mz_name), "%s%s", FPK_RING_MZ_PREFIX, name);
	TEST_ASSERT(fpk_memzone_lookup(mz_name) != NULL, "no memzone named %s", mz_name);
	TEST_ASSERT(fpk_ring_lookup(name) == r, "lookup did not find the ring");
	fpk_errno = 0;
	r2 = fpk_ring_create(name, RING_SIZE, FPK_SOCKET_ID_ANY, FPK_RING_F_SP_ENQ);
	TEST_ASSERT_NULL(r2, "duplicate name accepted");
	TEST_ASSERT_EQUAL(fpk_errno, EEXIST, "duplicate: errno %d", fpk_errno);
	fpk_ring_free(r);
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_ring_lookup(name), "freed ring still found");
	TEST_ASSERT_EQUAL(fpk_errno, ENOENT, "lookup after free: errno %d", fpk_errno);
	fpk_errno = 0;
	TEST_ASSERT_NULL(fpk_ring_lookup(NULL), "NULL name looked up");
	TEST_ASSERT_EQUAL(fpk_errno, EINVAL, "lookup NULL: errno %d", fpk_errno);
	/* The name is free again once the ring is gone. */
	r = fpk_ring_create(name, RING_SIZE, FPK_SOCKET_ID_ANY, 0);
	TEST_ASSERT_NOT_NULL(r, "re-create after free failed: errno %d", fpk_errno);
	fpk_ring_free(r);
	fpk_ring_free(NULL);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(ring_create_errors, test_ring_create_errors)

/* A ring in caller memory: it works, but is neither named nor freed. */
static int
caller_memory_case(struct fpk_ring *r)
{
	void *obj;

	TEST_ASSERT_EQUAL(fpk_ring_init(r, "rt_init", 100, 0), -EINVAL, "count 100 accepted");
	TEST_ASSERT_EQUAL(fpk_ring_init(NULL, "rt_init", RING_SIZE, 0), -EINVAL,
			  "NULL memory accepted");
	TEST_ASSERT_EQUAL(fpk_ring_init(FPK_PTR_ADD(r, 8), "rt_init", RING_SIZE, 0), -EINVAL,
			  "misaligned memory accepted");
	TEST_ASSERT_EQUAL(fpk_ring_init(r, "rt_init_name_that_is_much_too_long", RING_SIZE, 0),
			  -ENAMETOOLONG, "long name accepted");
	TEST_ASSERT_EQUAL(fpk_ring_init(r, "rt_init", RING_SIZE, 0), 0, "init failed");
	TEST_ASSERT_EQUAL(fpk_ring_get_capacity(r), RING_SIZE - 1u, "capacity %u",
			  fpk_ring_get_capacity(r));
	TEST_ASSERT_EQUAL(fpk_ring_enqueue(r, obj_of(7)), 0, "enqueue failed");
	TEST_ASSERT_NULL(fpk_ring_lookup("rt_init"), "ring in caller memory found by name");
	fpk_ring_free(r); /* refused with a message: the memory is ours */
	TEST_ASSERT_EQUAL(fpk_ring_dequeue(r, &obj), 0, "fpk_ring_free emptied a ring it does "
			  "not own");
	TEST_ASSERT_EQUAL(val_of(obj), 7u, "dequeued %zu", (size_t)val_of(obj));
	return TEST_SUCCESS;
}

static int
test_ring_memsize_init(void)
{
	struct fpk_ring *r;
	ssize_t len;
	int ret;

	TEST_ASSERT_EQUAL(fpk_ring_get_memsize(100), -EINVAL, "non power of two sized");
	TEST_ASSERT_EQUAL(fpk_ring_get_memsize(0), -EINVAL, "zero slots sized");
	TEST_ASSERT_EQUAL(fpk_ring_get_memsize_elem(6, 64), -EINVAL, "esize 6 sized");
	TEST_ASSERT_EQUAL(fpk_ring_get_memsize_elem(0, 64), -EINVAL, "esize 0 sized");
	len = fpk_ring_get_memsize(1024);
	TEST_ASSERT_EQUAL(len, (ssize_t)(sizeof(struct fpk_ring) + 1024 * sizeof(void *)),
			  "memsize(1024) = %zd", len);
	len = fpk_ring_get_memsize_elem(20, 4);
	TEST_ASSERT_EQUAL(len, (ssize_t)(sizeof(struct fpk_ring) + 2 * FPK_CACHE_LINE_SIZE),
			  "memsize_elem(20, 4) = %zd: 80 bytes of slots not rounded to 2 lines",
			  len);

	len = fpk_ring_get_memsize(RING_SIZE);
	r = aligned_alloc(FPK_CACHE_LINE_SIZE, (size_t)len);
	TEST_ASSERT_NOT_NULL(r, "out of memory");
	ret = caller_memory_case(r);
	free(r);
	return ret;
}
FPK_TEST_REGISTER(ring_memsize_init, test_ring_memsize_init)

/* Fill level queries against what we expect, with a message naming @when. */
static int
check_level(const struct fpk_ring *r, unsigned int used, const char *when)
{
	unsigned int cap = fpk_ring_get_capacity(r);

	TEST_ASSERT_EQUAL(fpk_ring_count(r), used, "%s: count %u, want %u", when,
			  fpk_ring_count(r), used);
	TEST_ASSERT_EQUAL(fpk_ring_free_count(r), cap - used, "%s: free %u, want %u", when,
			  fpk_ring_free_count(r), cap - used);
	TEST_ASSERT_EQUAL(fpk_ring_empty(r), used == 0, "%s: empty is wrong", when);
	TEST_ASSERT_EQUAL(fpk_ring_full(r), used == cap, "%s: full is wrong", when);
	return TEST_SUCCESS;
}

static int
exact_sz_case(struct fpk_ring *r, unsigned int count, unsigned int size)
{
	void *objs[256];
	unsigned int fs;

	TEST_ASSERT_EQUAL(fpk_ring_get_capacity(r), count, "capacity %u, want %u",
			  fpk_ring_get_capacity(r), count);
	TEST_ASSERT_EQUAL(fpk_ring_get_size(r), size, "size %u, want %u",
			  fpk_ring_get_size(r), size);
	for (unsigned int i = 0; i < count + 1; i++)
		objs[i] = obj_of(i);
	TEST_ASSERT_EQUAL(fpk_ring_enqueue_bulk(r, objs, count + 1, &fs), 0u,
			  "bulk of capacity + 1 enqueued");
	TEST_ASSERT_EQUAL(fs, count, "free space %u after failed bulk", fs);
	TEST_ASSERT_EQUAL(fpk_ring_enqueue_burst(r, objs, count + 1, &fs), count,
			  "burst did not fill to exactly the capacity");
	TEST_ASSERT_EQUAL(fs, 0u, "free space %u when full", fs);
	TEST_RUN(check_level(r, count, "exact ring full"));
	TEST_ASSERT_EQUAL(fpk_ring_enqueue(r, objs[0]), -ENOBUFS, "enqueue into a full ring");
	return TEST_SUCCESS;
}

static int
test_ring_exact_sz(void)
{
	struct fpk_ring *r;
	int ret;

	r = fpk_ring_create("rt_exact", 100, FPK_SOCKET_ID_ANY, FPK_RING_F_EXACT_SZ);
	TEST_ASSERT_NOT_NULL(r, "EXACT_SZ ring of 100: errno %d", fpk_errno);
	ret = exact_sz_case(r, 100, 128);
	fpk_ring_free(r);
	TEST_RUN(ret);

	/* A power of two needs no spare slot when the size is exact. */
	r = fpk_ring_create("rt_exact", 64, FPK_SOCKET_ID_ANY, FPK_RING_F_EXACT_SZ);
	TEST_ASSERT_NOT_NULL(r, "EXACT_SZ ring of 64: errno %d", fpk_errno);
	ret = exact_sz_case(r, 64, 64);
	fpk_ring_free(r);
	TEST_RUN(ret);

	r = fpk_ring_create("rt_exact", 1, FPK_SOCKET_ID_ANY, FPK_RING_F_EXACT_SZ);
	TEST_ASSERT_NOT_NULL(r, "EXACT_SZ ring of 1: errno %d", fpk_errno);
	ret = exact_sz_case(r, 1, 1);
	fpk_ring_free(r);
	TEST_RUN(ret);

	/* Without EXACT_SZ one slot is kept free, as in DPDK. */
	r = fpk_ring_create("rt_exact", 64, FPK_SOCKET_ID_ANY, 0);
	TEST_ASSERT_NOT_NULL(r, "ring of 64: errno %d", fpk_errno);
	ret = exact_sz_case(r, 63, 64);
	fpk_ring_free(r);
	return ret;
}
FPK_TEST_REGISTER(ring_exact_sz, test_ring_exact_sz)

static int
bulk_burst_case(struct fpk_ring *r)
{
	const unsigned int cap = fpk_ring_get_capacity(r);
	void *in[RING_SIZE], *out[RING_SIZE];
	unsigned int fs = ~0u, av = ~0u;

	for (unsigned int i = 0; i < RING_SIZE; i++)
		in[i] = obj_of(i);
	TEST_RUN(check_level(r, 0, "new ring"));
	TEST_ASSERT_EQUAL(fpk_ring_dequeue_bulk(r, out, 1, &av), 0u, "bulk from empty ring");
	TEST_ASSERT_EQUAL(av, 0u, "available %u on empty ring", av);
	TEST_ASSERT_EQUAL(fpk_ring_dequeue_burst(r, out, 8, &av), 0u, "burst from empty ring");
	TEST_ASSERT_EQUAL(fpk_ring_dequeue(r, &out[0]), -ENOENT, "single from empty ring");
	TEST_ASSERT_EQUAL(fpk_ring_enqueue_bulk(r, in, 0, &fs), 0u, "bulk of 0");
	TEST_ASSERT_EQUAL(fs, cap, "free space %u, want %u", fs, cap);

	TEST_ASSERT_EQUAL(fpk_ring_enqueue_bulk(r, in, cap - 10, &fs), cap - 10,
			  "bulk of capacity - 10 failed");
	TEST_ASSERT_EQUAL(fs, 10u, "free space %u, want 10", fs);
	TEST_RUN(check_level(r, cap - 10, "after bulk"));
	/* All or nothing: 11 do not fit, so none goes in. */
	TEST_ASSERT_EQUAL(fpk_ring_enqueue_bulk(r, in + cap - 10, 11, &fs), 0u,
			  "bulk of 11 into 10 free slots");
	TEST_ASSERT_EQUAL(fs, 10u, "free space %u after refused bulk", fs);
	TEST_RUN(check_level(r, cap - 10, "after refused bulk"));
	/* As many as possible: 10 of 11. */
	TEST_ASSERT_EQUAL(fpk_ring_enqueue_burst(r, in + cap - 10, 11, &fs), 10u,
			  "burst of 11 into 10 free slots");
	TEST_ASSERT_EQUAL(fs, 0u, "free space %u when full", fs);
	TEST_RUN(check_level(r, cap, "full"));
	TEST_ASSERT_EQUAL(fpk_ring_enqueue_burst(r, in, 1, &fs), 0u, "burst into full ring");
	TEST_ASSERT_EQUAL(fpk_ring_enqueue(r, in[0]), -ENOBUFS, "single into full ring");

	TEST_ASSERT_EQUAL(fpk_ring_dequeue_bulk(r, out, cap + 1, &av), 0u,
			  "bulk dequeue of more than there is");
	TEST_ASSERT_EQUAL(av, cap, "available %u, want %u", av, cap);
	TEST_ASSERT_EQUAL(fpk_ring_dequeue_bulk(r, out, 5, &av), 5u, "bulk dequeue of 5");
	TEST_ASSERT_EQUAL(av, cap - 5, "available %u after 5", av);
	TEST_ASSERT_EQUAL(fpk_ring_dequeue(r, &out[5]), 0, "single dequeue");
	TEST_ASSERT_EQUAL(fpk_ring_dequeue_burst(r, out + 6, RING_SIZE, &av), cap - 6,
			  "burst dequeue of the rest");
	TEST_ASSERT_EQUAL(av, 0u, "available %u after draining", av);
	TEST_RUN(check_level(r, 0, "drained"));
	for (unsigned int i = 0; i < cap; i++)
		TEST_ASSERT(out[i] == in[i], "element %u is %p, want %p", i, out[i], in[i]);
	return TEST_SUCCESS;
}

static int
test_ring_bulk_burst(void)
{
	struct fpk_ring *r;
	int ret;

	r = fpk_ring_create("rt_bulk", RING_SIZE, FPK_SOCKET_ID_ANY, 0);
	TEST_ASSERT_NOT_NULL(r, "create: errno %d", fpk_errno);
	ret = bulk_burst_case(r);
	fpk_ring_free(r);
	return ret;
}
FPK_TEST_REGISTER(ring_bulk_burst, test_ring_bulk_burst)

/*
 * Push many odd-sized batches through a small ring so that every batch
 * boundary meets the end of the slot array, checking FIFO order.
 */
static int
wrap_case(struct fpk_ring *r, unsigned int rounds)
{
	void *in[RING_SIZE], *out[RING_SIZE];
	uintptr_t next_in = 0, next_out = 0;

	for (unsigned int round = 0; round < rounds; round++) {
		unsigned int n = 1 + (round * 7) % (RING_SIZE / 2 + 3);
		unsigned int got;

		for (unsigned int i = 0; i < n; i++)
			in[i] = obj_of(next_in + i);
		got = fpk_ring_enqueue_burst(r, in, n, NULL);
		next_in += got;
		n = 1 + (round * 5) % (RING_SIZE / 2 + 1);
		got = fpk_ring_dequeue_burst(r, out, n, NULL);
		for (unsigned int i = 0; i < got; i++, next_out++)
			TEST_ASSERT_EQUAL(val_of(out[i]), next_out, "round %u: got %zu, want %zu",
					  round, (size_t)val_of(out[i]), (size_t)next_out);
		TEST_RUN(check_level(r, (unsigned int)(next_in - next_out), "wrap round"));
	}
	TEST_ASSERT(next_out > 4 * RING_SIZE, "only %zu elements went through",
		    (size_t)next_out);
	return TEST_SUCCESS;
}

static int
test_ring_wrap(void)
{
	struct fpk_ring *r;
	ssize_t len;
	int ret;

	r = fpk_ring_create("rt_wrap", RING_SIZE, FPK_SOCKET_ID_ANY, 0);
	TEST_ASSERT_NOT_NULL(r, "create: errno %d", fpk_errno);
	ret = wrap_case(r, 1000);
	fpk_ring_free(r);
	TEST_RUN(ret);

	/*
	 * Start the free-running indexes just short of 2^32 so that they
	 * overflow during the run: only their differences may matter.
	 */
	len = fpk_ring_get_memsize(RING_SIZE);
	r = aligned_alloc(FPK_CACHE_LINE_SIZE, (size_t)len);
	TEST_ASSERT_NOT_NULL(r, "out of memory");
	ret = fpk_ring_init(r, "rt_wrap32", RING_SIZE, FPK_RING_F_SP_ENQ);
	if (ret == 0) {
		r->prod.head = r->prod.tail = r->cons.head = r->cons.tail = UINT32_MAX - 100;
		ret = wrap_case(r, 1000);
		if (ret == TEST_SUCCESS && r->prod.tail >= UINT32_MAX - 100) {
			printf("  indexes did not wrap: tail %u\n", r->prod.tail);
			ret = TEST_FAILED;
		}
	}
	free(r);
	return ret;
}
FPK_TEST_REGISTER(ring_wrap, test_ring_wrap)

/*
 * Element rings: each element is esize bytes of a pattern derived from its
 * sequence number, so any torn, shifted or misplaced copy shows.
 */
static void
elem_fill(uint8_t *e, unsigned int esize, uint32_t seq)
{
	for (unsigned int b = 0; b < esize; b++)
		e[b] = (uint8_t)(seq * 31 + b * 7 + (seq >> 8));
}

static int
elem_check(const uint8_t *e, unsigned int esize, uint32_t seq)
{
	uint8_t want[32];

	elem_fill(want, esize, seq);
	TEST_ASSERT(memcmp(e, want, esize) == 0, "element %u of %u bytes corrupted",
		    seq, esize);
	return TEST_SUCCESS;
}

/*
 * esize must be a constant in each call of the ring functions, as in real
 * use, so this macro stamps out one copy per size.
 */
#define ELEM_CASE(ESIZE)                                                          \
static int                                                                        \
elem_case_ ## ESIZE(struct fpk_ring *r)                                           \
{                                                                                 \
	const unsigned int cap = fpk_ring_get_capacity(r);                        \
	uint8_t buf[RING_SIZE * (ESIZE)], one[ESIZE];                             \
	uint32_t next_in = 0, next_out = 0;                                       \
	unsigned int fs, av, n;                                                   \
                                                                                  \
	for (unsigned int round = 0; round < 300; round++) {                      \
		n = 1 + round % 19;                                               \
		for (unsigned int i = 0; i < n; i++)                              \
			elem_fill(buf + i * (ESIZE), ESIZE, next_in + i);         \
		if (round % 3 == 0)                                               \
			n = fpk_ring_enqueue_bulk_elem(r, buf, ESIZE, n, &fs);    \
		else                                                              \
			n = fpk_ring_enqueue_burst_elem(r, buf, ESIZE, n, &fs);   \
		next_in += n;                                                     \
		TEST_ASSERT_EQUAL(fs, cap - (next_in - next_out),                 \
				  "esize %u: free space %u", ESIZE, fs);          \
		elem_fill(one, ESIZE, next_in);                                   \
		if (fpk_ring_enqueue_elem(r, one, ESIZE) == 0)                    \
			next_in++;                                                \
		n = 1 + round % 13;                                               \
		if (round % 2 == 0)                                               \
			n = fpk_ring_dequeue_bulk_elem(r, buf, ESIZE, n, &av);    \
		else                                                              \
			n = fpk_ring_dequeue_burst_elem(r, buf, ESIZE, n, &av);   \
		for (unsigned int i = 0; i < n; i++)                              \
			TEST_RUN(elem_check(buf + i * (ESIZE), ESIZE, next_out++)); \
		TEST_ASSERT_EQUAL(av, next_in - next_out,                         \
				  "esize %u: available %u", ESIZE, av);           \
		if (round % 4 == 0 && fpk_ring_dequeue_elem(r, one, ESIZE) == 0)  \
			TEST_RUN(elem_check(one, ESIZE, next_out++));             \
	}                                                                         \
	n = fpk_ring_dequeue_burst_elem(r, buf, ESIZE, RING_SIZE, NULL);          \
	for (unsigned int i = 0; i < n; i++)                                      \
		TEST_RUN(elem_check(buf + i * (ESIZE), ESIZE, next_out++));       \
	TEST_ASSERT_EQUAL(next_out, next_in, "esize %u: %u in, %u out", ESIZE,    \
			  next_in, next_out);                                     \
	TEST_ASSERT(next_out > 2 * RING_SIZE, "esize %u: only %u went through",   \
		    ESIZE, next_out);                                             \
	TEST_ASSERT_EQUAL(fpk_ring_dequeue_elem(r, one, ESIZE), -ENOENT,          \
			  "esize %u: dequeue from empty ring", ESIZE);            \
	return TEST_SUCCESS;                                                      \
}

ELEM_CASE(4)
ELEM_CASE(8)
ELEM_CASE(16)
ELEM_CASE(20)

static int
test_ring_elem(void)
{
	static const struct {
		unsigned int esize;
		int (*run)(struct fpk_ring *r);
	} cases[] = {
		{ 4, elem_case_4 }, { 8, elem_case_8 }, { 16, elem_case_16 }, { 20, elem_case_20 },
	};

	for (unsigned int c = 0; c < FPK_DIM(cases); c++) {
		struct fpk_ring *r;
		int ret;

		r = fpk_ring_create_elem("rt_elem", cases[c].esize, 48, FPK_SOCKET_ID_ANY,
					 FPK_RING_F_EXACT_SZ);
		TEST_ASSERT_NOT_NULL(r, "esize %u: create: errno %d", cases[c].esize, fpk_errno);
		ret = cases[c].run(r);
		fpk_ring_free(r);
		TEST_RUN(ret);
	}
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(ring_elem, test_ring_elem)

/* The explicit sp/mp/sc/mc calls work on a ring of any mode. */
static int
explicit_calls_case(struct fpk_ring *r)
{
	void *in[8], *out[8], *o;

	for (unsigned int i = 0; i < 8; i++)
		in[i] = obj_of(i);
	TEST_ASSERT_EQUAL(fpk_ring_sp_enqueue_bulk(r, in, 2, NULL), 2u, "sp bulk");
	TEST_ASSERT_EQUAL(fpk_ring_mp_enqueue_bulk(r, in + 2, 2, NULL), 2u, "mp bulk");
	TEST_ASSERT_EQUAL(fpk_ring_sp_enqueue_burst(r, in + 4, 1, NULL), 1u, "sp burst");
	TEST_ASSERT_EQUAL(fpk_ring_mp_enqueue_burst(r, in + 5, 1, NULL), 1u, "mp burst");
	TEST_ASSERT_EQUAL(fpk_ring_sp_enqueue(r, in[6]), 0, "sp single");
	TEST_ASSERT_EQUAL(fpk_ring_mp_enqueue(r, in[7]), 0, "mp single");
	TEST_ASSERT_EQUAL(fpk_ring_sc_dequeue_bulk(r, out, 2, NULL), 2u, "sc bulk");
	TEST_ASSERT_EQUAL(fpk_ring_mc_dequeue_bulk(r, out + 2, 2, NULL), 2u, "mc bulk");
	TEST_ASSERT_EQUAL(fpk_ring_sc_dequeue_burst(r, out + 4, 1, NULL), 1u, "sc burst");
	TEST_ASSERT_EQUAL(fpk_ring_mc_dequeue_burst(r, out + 5, 1, NULL), 1u, "mc burst");
	TEST_ASSERT_EQUAL(fpk_ring_sc_dequeue(r, &out[6]), 0, "sc single");
	TEST_ASSERT_EQUAL(fpk_ring_mc_dequeue(r, &out[7]), 0, "mc single");
	TEST_ASSERT_EQUAL(fpk_ring_sc_dequeue(r, &o), -ENOENT, "sc single from empty");
	TEST_ASSERT_EQUAL(fpk_ring_mc_dequeue(r, &o), -ENOENT, "mc single from empty");
	TEST_ASSERT(memcmp(in, out, sizeof(in)) == 0, "explicit calls reordered elements");

	/* And the element variants of the same. */
	uint32_t ein[4] = { 10, 11, 12, 13 }, eout[8] = { 0 };

	TEST_ASSERT_EQUAL(fpk_ring_sp_enqueue_bulk_elem(r, ein, 4, 1, NULL), 1u, "sp elem");
	TEST_ASSERT_EQUAL(fpk_ring_mp_enqueue_bulk_elem(r, ein + 1, 4, 1, NULL), 1u, "mp elem");
	TEST_ASSERT_EQUAL(fpk_ring_sp_enqueue_burst_elem(r, ein + 2, 4, 1, NULL), 1u,
			  "sp burst elem");
	TEST_ASSERT_EQUAL(fpk_ring_mp_enqueue_burst_elem(r, ein + 3, 4, 1, NULL), 1u,
			  "mp burst elem");
	TEST_ASSERT_EQUAL(fpk_ring_sc_dequeue_bulk_elem(r, eout, 4, 1, NULL), 1u, "sc elem");
	TEST_ASSERT_EQUAL(fpk_ring_mc_dequeue_bulk_elem(r, eout + 1, 4, 1, NULL), 1u, "mc elem");
	TEST_ASSERT_EQUAL(fpk_ring_sc_dequeue_burst_elem(r, eout + 2, 4, 1, NULL), 1u,
			  "sc burst elem");
	TEST_ASSERT_EQUAL(fpk_ring_mc_dequeue_burst_elem(r, eout + 3, 4, 5, NULL), 1u,
			  "mc burst elem");
	TEST_ASSERT(memcmp(ein, eout, sizeof(ein)) == 0 && eout[4] == 0,
		    "explicit elem calls reordered or overran");
	return TEST_SUCCESS;
}

static int
test_ring_sync_modes(void)
{
	static const struct {
		unsigned int flags;
		const char *mode;
	} modes[] = {
		{ 0, "MP/MC" },
		{ FPK_RING_F_SP_ENQ, "SP/MC" },
		{ FPK_RING_F_SC_DEQ, "MP/SC" },
		{ FPK_RING_F_SP_ENQ | FPK_RING_F_SC_DEQ, "SP/SC" },
	};

	for (unsigned int m = 0; m < FPK_DIM(modes); m++) {
		struct fpk_ring *r;
		char *dump = NULL;
		size_t dump_len = 0;
		FILE *f;
		int ret;

		r = fpk_ring_create("rt_sync", RING_SIZE, FPK_SOCKET_ID_ANY, modes[m].flags);
		TEST_ASSERT_NOT_NULL(r, "%s: create: errno %d", modes[m].mode, fpk_errno);
		ret = bulk_burst_case(r);
		if (ret == TEST_SUCCESS)
			ret = explicit_calls_case(r);
		if (ret == TEST_SUCCESS)
			ret = wrap_case(r, 200);
		f = open_memstream(&dump, &dump_len);
		if (f != NULL) {
			fpk_ring_dump(f, r);
			fclose(f);
		}
		fpk_ring_free(r);
		if (ret != TEST_SUCCESS)
			printf("  in mode %s\n", modes[m].mode);
		TEST_RUN(ret);
		TEST_ASSERT(dump != NULL && strstr(dump, modes[m].mode) != NULL &&
			    strstr(dump, "rt_sync") != NULL,
			    "dump of %s ring lacks its name or mode:\n%s", modes[m].mode,
			    dump ? dump : "(none)");
		free(dump);
	}
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(ring_sync_modes, test_ring_sync_modes)

/*
 * Two-lcore MP/MC stress: main and worker both produce their own numbered
 * stream and both consume, through a ring small enough to be full and
 * empty often. Each element carries (producer, sequence) and, in the
 * 16-byte element ring, a check word against torn copies. Every consumer
 * must see each producer's sequence numbers in increasing order, and the
 * union of what both consumed must hold every element exactly once.
 */
#define STRESS_PER_PRODUCER (1u << 20)
#define STRESS_PRODUCERS 2

struct stress_elem {
	uint32_t producer;
	uint32_t seq;
	uint64_t check;
};

static uint64_t
stress_check_word(uint32_t producer, uint32_t seq)
{
	return ((uint64_t)seq << 32 | producer) * UINT64_C(0x9e3779b97f4a7c15);
}

/* What both threads of a stress run share. */
struct stress_shared {
	struct fpk_ring *r;
	bool elem;          /* 16-byte element ring rather than pointers */
	uint32_t started;   /* threads at the start line */
	uint32_t done;      /* producers finished */
};

/* One thread's producer state and what it consumed. */
struct stress_ctx {
	struct stress_shared *sh;
	unsigned int producer;
	uint8_t *seen;                   /* count per producer * PER + seq */
	uint32_t next_min[STRESS_PRODUCERS]; /* lowest seq still acceptable */
	unsigned int errors;
	char msg[128];
};

static void
stress_consume(struct stress_ctx *c, uint32_t producer, uint32_t seq, uint64_t check)
{
	if (producer >= STRESS_PRODUCERS || seq >= STRESS_PER_PRODUCER ||
	    (c->sh->elem && check != stress_check_word(producer, seq)) ||
	    seq < c->next_min[producer]) {
		if (c->errors++ == 0)
			snprintf(c->msg, sizeof(c->msg),
				 "bad element: producer %u seq %u check %s", producer, seq,
				 c->sh->elem && check != stress_check_word(producer, seq) ?
				 "wrong" : "ok");
		return;
	}
	c->next_min[producer] = seq + 1;
	c->seen[producer * STRESS_PER_PRODUCER + seq]++;
}

/* Dequeue one burst of up to @n; @return the number consumed. */
static unsigned int
stress_dequeue(struct stress_ctx *c, unsigned int n)
{
	struct stress_elem e[32];
	void *p[32];
	unsigned int got;

	if (c->sh->elem) {
		got = fpk_ring_dequeue_burst_elem(c->sh->r, e, sizeof(e[0]), n, NULL);
		for (unsigned int i = 0; i < got; i++)
			stress_consume(c, e[i].producer, e[i].seq, e[i].check);
	} else {
		got = fpk_ring_dequeue_burst(c->sh->r, p, n, NULL);
		for (unsigned int i = 0; i < got; i++) {
			uintptr_t v = val_of(p[i]);

			stress_consume(c, (uint32_t)(v >> 32), (uint32_t)v, 0);
		}
	}
	return got;
}

/*
 * Produce this thread's whole stream in random-sized batches, consuming
 * between batches, then consume until all producers are done and the ring
 * is empty.
 */
static int
stress_thread(void *arg)
{
	struct stress_ctx *c = arg;
	struct fpk_ring *r = c->sh->r;
	struct stress_elem e[32];
	void *p[32];
	uint32_t next = 0, rnd = 12345u + c->producer * 777u;

	/*
	 * Each thread could push its whole stream through the ring alone:
	 * start together or the run may test nothing concurrent.
	 */
	__atomic_fetch_add(&c->sh->started, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&c->sh->started, __ATOMIC_ACQUIRE) != STRESS_PRODUCERS)
		fpk_pause();

	while (next < STRESS_PER_PRODUCER) {
		unsigned int n, sent;

		rnd = rnd * 1103515245u + 12345u;
		n = 1 + (rnd >> 16) % 32;
		n = FPK_MIN(n, STRESS_PER_PRODUCER - next);
		for (unsigned int i = 0; i < n; i++) {
			e[i] = (struct stress_elem){ c->producer, next + i,
						     stress_check_word(c->producer, next + i) };
			p[i] = obj_of((uintptr_t)c->producer << 32 | (next + i));
		}
		/* Alternate all-or-nothing and partial claims. */
		if (rnd & 0x100)
			sent = c->sh->elem ?
			       fpk_ring_enqueue_bulk_elem(r, e, sizeof(e[0]), n, NULL) :
			       fpk_ring_enqueue_bulk(r, p, n, NULL);
		else
			sent = c->sh->elem ?
			       fpk_ring_enqueue_burst_elem(r, e, sizeof(e[0]), n, NULL) :
			       fpk_ring_enqueue_burst(r, p, n, NULL);
		next += sent;
		stress_dequeue(c, 1 + (rnd >> 24) % 32);
	}
	__atomic_fetch_add(&c->sh->done, 1, __ATOMIC_RELEASE);

	for (;;) {
		/* Read before dequeueing: nothing can be enqueued after it says all done. */
		bool all_done = __atomic_load_n(&c->sh->done, __ATOMIC_ACQUIRE) ==
				STRESS_PRODUCERS;

		if (stress_dequeue(c, 32) == 0 && all_done)
			return 0;
	}
}

static int
stress_run(unsigned int worker, bool elem, unsigned int count)
{
	struct stress_shared sh = { .elem = elem };
	struct stress_ctx ctx[STRESS_PRODUCERS];
	const size_t nseen = (size_t)STRESS_PRODUCERS * STRESS_PER_PRODUCER;
	unsigned int missing = 0, dup = 0;
	int ret = TEST_SUCCESS;

	sh.r = elem ? fpk_ring_create_elem("rt_stress", sizeof(struct stress_elem), count,
					   FPK_SOCKET_ID_ANY, 0) :
		      fpk_ring_create("rt_stress", count, FPK_SOCKET_ID_ANY, 0);
	TEST_ASSERT_NOT_NULL(sh.r, "create: errno %d", fpk_errno);
	memset(ctx, 0, sizeof(ctx));
	for (unsigned int t = 0; t < STRESS_PRODUCERS; t++) {
		ctx[t].sh = &sh;
		ctx[t].producer = t;
		ctx[t].seen = calloc(nseen, 1);
	}
	if (ctx[0].seen == NULL || ctx[1].seen == NULL) {
		ret = TEST_FAILED;
		printf("  out of memory\n");
		goto out;
	}
	if (fpk_eal_remote_launch(stress_thread, &ctx[1], worker) != 0) {
		ret = TEST_FAILED;
		printf("  cannot launch on lcore %u\n", worker);
		goto out;
	}
	stress_thread(&ctx[0]);
	fpk_eal_wait_lcore(worker);

	for (unsigned int t = 0; t < STRESS_PRODUCERS; t++)
		if (ctx[t].errors) {
			printf("  consumer %u: %u errors, first: %s\n", t, ctx[t].errors,
			       ctx[t].msg);
			ret = TEST_FAILED;
		}
	for (size_t i = 0; i < nseen; i++) {
		unsigned int n = ctx[0].seen[i] + ctx[1].seen[i];

		missing += n == 0;
		dup += n > 1;
	}
	if (missing || dup || !fpk_ring_empty(sh.r)) {
		printf("  %s ring of %u: %u lost, %u duplicated, %u left\n",
		       elem ? "16-byte element" : "pointer", count, missing, dup,
		       fpk_ring_count(sh.r));
		ret = TEST_FAILED;
	}
out:
	for (unsigned int t = 0; t < STRESS_PRODUCERS; t++)
		free(ctx[t].seen);
	fpk_ring_free(sh.r);
	return ret;
}

static int
test_ring_stress_mpmc(void)
{
	unsigned int worker;

	if (fpk_lcore_count() < 2)
		return fpk_test_skip("needs two lcores (run with -l 0-1)");
	worker = fpk_get_next_lcore(-1, 1, 0);
	TEST_RUN(stress_run(worker, false, 64));
	TEST_RUN(stress_run(worker, true, 32));
	TEST_RUN(stress_run(worker, false, 1024));
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(ring_stress_mpmc, test_ring_stress_mpmc)
