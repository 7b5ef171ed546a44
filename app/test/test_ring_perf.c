/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ring benchmark (perf test ring_perf): TSC cycles for the cases DPDK's
 * ring_perf_autotest measures, for pointer rings and 16-byte element rings:
 * single, burst and bulk enqueue+dequeue of 8 and 32 on one lcore, empty
 * dequeue, and bulk with the producer on one lcore and the consumer on
 * another. One line per figure; pointer rings print
 *
 *   ring_perf lcores=1 sync=SP/SC op=bulk n=32 cycles_per_elem=3.09 cycles_per_iter=98.79
 *
 * and 16-byte element rings the same after "ring_perf esize=16", so a
 * parser of the pointer lines does not pick them up by mistake.
 *
 * cycles_per_elem is the cost of moving one element through the ring (its
 * enqueue plus its dequeue). On one lcore, cycles_per_iter is the cost of
 * one enqueue call plus one dequeue call of n elements: that is the figure
 * DPDK 22.11 prints for its one-lcore burst and bulk cases. On two lcores,
 * cycles_per_elem is enqueue cycles per element on the producer plus dequeue
 * cycles per element on the consumer, as DPDK adds them. op=empty_deq gives
 * cycles_per_call of a bulk dequeue of n from an empty ring.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include <fpk_eal.h>
#include <fpk_ring.h>

#include "test.h"

#define PERF_RING_SIZE 4096
#define PERF_MAX_BURST 32
#define PERF_MAX_ESIZE 16

/* Volatile so burst sizes are not constants the compiler can unroll for. */
static const volatile unsigned int bulk_sizes[] = { 8, 32 };

enum perf_api { API_PTR, API_ELEM16 };

/* What each figure's line starts with. */
static const char *const api_prefix[] = {
	[API_PTR] = "ring_perf",
	[API_ELEM16] = "ring_perf esize=16",
};
static const unsigned int api_esize[] = { [API_PTR] = sizeof(void *), [API_ELEM16] = 16 };

/*
 * One enqueue through the call an application would make for this case.
 * Every argument but @n is a constant where it is inlined, so each case
 * compiles to its own specialised loop.
 */
static __fpk_always_inline unsigned int
perf_enq(struct fpk_ring *r, const void *objs, unsigned int esize, unsigned int n, bool mt,
	 bool bulk)
{
	if (esize == sizeof(void *)) {
		void * const *p = objs;

		if (bulk)
			return mt ? fpk_ring_mp_enqueue_bulk(r, p, n, NULL) :
				    fpk_ring_sp_enqueue_bulk(r, p, n, NULL);
		return mt ? fpk_ring_mp_enqueue_burst(r, p, n, NULL) :
			    fpk_ring_sp_enqueue_burst(r, p, n, NULL);
	}
	if (bulk)
		return mt ? fpk_ring_mp_enqueue_bulk_elem(r, objs, esize, n, NULL) :
			    fpk_ring_sp_enqueue_bulk_elem(r, objs, esize, n, NULL);
	return mt ? fpk_ring_mp_enqueue_burst_elem(r, objs, esize, n, NULL) :
		    fpk_ring_sp_enqueue_burst_elem(r, objs, esize, n, NULL);
}

static __fpk_always_inline unsigned int
perf_deq(struct fpk_ring *r, void *objs, unsigned int esize, unsigned int n, bool mt,
	 bool bulk)
{
	if (esize == sizeof(void *)) {
		void **p = objs;

		if (bulk)
			return mt ? fpk_ring_mc_dequeue_bulk(r, p, n, NULL) :
				    fpk_ring_sc_dequeue_bulk(r, p, n, NULL);
		return mt ? fpk_ring_mc_dequeue_burst(r, p, n, NULL) :
			    fpk_ring_sc_dequeue_burst(r, p, n, NULL);
	}
	if (bulk)
		return mt ? fpk_ring_mc_dequeue_bulk_elem(r, objs, esize, n, NULL) :
			    fpk_ring_sc_dequeue_bulk_elem(r, objs, esize, n, NULL);
	return mt ? fpk_ring_mc_dequeue_burst_elem(r, objs, esize, n, NULL) :
		    fpk_ring_sc_dequeue_burst_elem(r, objs, esize, n, NULL);
}

/* Single elements through the one-element calls. @return cycles per element. */
static __fpk_always_inline double
time_single(struct fpk_ring *r, unsigned int esize, bool mt)
{
	const unsigned int iters = 1u << 24;
	uint8_t obj[PERF_MAX_ESIZE] __fpk_aligned(16) = { 0 };
	void *p = NULL;
	uint64_t start;

	start = fpk_rdtsc();
	for (unsigned int i = 0; i < iters; i++) {
		if (esize == sizeof(void *)) {
			if (mt) {
				fpk_ring_mp_enqueue(r, p);
				fpk_ring_mc_dequeue(r, &p);
			} else {
				fpk_ring_sp_enqueue(r, p);
				fpk_ring_sc_dequeue(r, &p);
			}
		} else {
			perf_enq(r, obj, esize, 1, mt, true);
			perf_deq(r, obj, esize, 1, mt, true);
		}
	}
	return (double)(fpk_rdtsc() - start) / iters;
}

/* Enqueue then dequeue @n at a time. @return cycles per enqueue+dequeue pair. */
static __fpk_always_inline double
time_pairs(struct fpk_ring *r, unsigned int esize, unsigned int n, bool mt, bool bulk)
{
	const unsigned int iters = 1u << 23;
	uint8_t objs[PERF_MAX_BURST * PERF_MAX_ESIZE] __fpk_aligned(16) = { 0 };
	uint64_t start;

	start = fpk_rdtsc();
	for (unsigned int i = 0; i < iters; i++) {
		perf_enq(r, objs, esize, n, mt, bulk);
		perf_deq(r, objs, esize, n, mt, bulk);
	}
	return (double)(fpk_rdtsc() - start) / iters;
}

/* Bulk dequeue of @n from an empty ring. @return cycles per call. */
static __fpk_always_inline double
time_empty(struct fpk_ring *r, unsigned int esize, unsigned int n, bool mt)
{
	const unsigned int iters = 1u << 26;
	uint8_t objs[PERF_MAX_BURST * PERF_MAX_ESIZE] __fpk_aligned(16);
	uint64_t start;

	start = fpk_rdtsc();
	for (unsigned int i = 0; i < iters; i++)
		perf_deq(r, objs, esize, n, mt, true);
	return (double)(fpk_rdtsc() - start) / iters;
}

/* The timed loops above, instantiated once per element size and sync mode. */
#define PERF_DISPATCH(api, mt, call) \
	((api) == API_PTR ? ((mt) ? call(sizeof(void *), true) : call(sizeof(void *), false)) : \
			    ((mt) ? call(16, true) : call(16, false)))

static __fpk_noinline double
run_single(struct fpk_ring *r, enum perf_api api, bool mt)
{
#define CALL(es, m) time_single(r, es, m)
	return PERF_DISPATCH(api, mt, CALL);
#undef CALL
}

static __fpk_noinline double
run_pairs(struct fpk_ring *r, enum perf_api api, unsigned int n, bool mt, bool bulk)
{
#define CALL(es, m) (bulk ? time_pairs(r, es, n, m, true) : time_pairs(r, es, n, m, false))
	return PERF_DISPATCH(api, mt, CALL);
#undef CALL
}

static __fpk_noinline double
run_empty(struct fpk_ring *r, enum perf_api api, unsigned int n, bool mt)
{
#define CALL(es, m) time_empty(r, es, n, m)
	return PERF_DISPATCH(api, mt, CALL);
#undef CALL
}

static const char *
sync_name(bool mt)
{
	return mt ? "MP/MC" : "SP/SC";
}

static void
one_lcore(struct fpk_ring *r, enum perf_api api)
{
	for (int mt = 0; mt <= 1; mt++)
		printf("%s lcores=1 sync=%s op=single n=1 cycles_per_elem=%.2f\n",
		       api_prefix[api], sync_name(mt), run_single(r, api, mt));
	for (int bulk = 0; bulk <= 1; bulk++)
		for (int mt = 0; mt <= 1; mt++)
			for (unsigned int s = 0; s < FPK_DIM(bulk_sizes); s++) {
				unsigned int n = bulk_sizes[s];
				double c = run_pairs(r, api, n, mt, bulk);

				printf("%s lcores=1 sync=%s op=%s n=%u "
				       "cycles_per_elem=%.2f cycles_per_iter=%.2f\n",
				       api_prefix[api], sync_name(mt), bulk ? "bulk" : "burst", n,
				       c / n, c);
			}
	for (int mt = 0; mt <= 1; mt++)
		printf("%s lcores=1 sync=%s op=empty_deq n=%u cycles_per_call=%.2f\n",
		       api_prefix[api], sync_name(mt), bulk_sizes[0],
		       run_empty(r, api, bulk_sizes[0], mt));
}

/* Producer on one lcore, consumer on another. */
struct pair_params {
	struct fpk_ring *r;
	enum perf_api api;
	unsigned int n;
	double spsc, mpmc;   /* cycles per element, out */
};

static uint32_t pair_ready;

/*
 * Move the same number of bursts with SP then MP calls (or SC then MC).
 * Retrying until the ring accepts is part of the cost: it is how long the
 * other side keeps us waiting. DPDK runs 2^15 bursts; more give steadier
 * figures on a shared machine, in the same unit.
 */
static __fpk_always_inline void
pair_side(struct pair_params *p, unsigned int esize, bool producer)
{
	const unsigned int iters = 1u << 18;
	uint8_t objs[PERF_MAX_BURST * PERF_MAX_ESIZE] __fpk_aligned(16) = { 0 };
	const unsigned int n = p->n;
	uint64_t t0, t1, t2;

	__atomic_fetch_add(&pair_ready, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&pair_ready, __ATOMIC_ACQUIRE) != 2)
		fpk_pause();

	t0 = fpk_rdtsc();
	for (unsigned int i = 0; i < iters; i++)
		while ((producer ? perf_enq(p->r, objs, esize, n, false, true) :
				   perf_deq(p->r, objs, esize, n, false, true)) == 0)
			fpk_pause();
	t1 = fpk_rdtsc();
	for (unsigned int i = 0; i < iters; i++)
		while ((producer ? perf_enq(p->r, objs, esize, n, true, true) :
				   perf_deq(p->r, objs, esize, n, true, true)) == 0)
			fpk_pause();
	t2 = fpk_rdtsc();
	p->spsc = (double)(t1 - t0) / ((double)iters * n);
	p->mpmc = (double)(t2 - t1) / ((double)iters * n);
}

static int
pair_producer(void *arg)
{
	struct pair_params *p = arg;

	if (p->api == API_PTR)
		pair_side(p, sizeof(void *), true);
	else
		pair_side(p, 16, true);
	return 0;
}

static int
pair_consumer(void *arg)
{
	struct pair_params *p = arg;

	if (p->api == API_PTR)
		pair_side(p, sizeof(void *), false);
	else
		pair_side(p, 16, false);
	return 0;
}

static int
two_lcores(struct fpk_ring *r, enum perf_api api, unsigned int worker)
{
	for (unsigned int s = 0; s < FPK_DIM(bulk_sizes); s++) {
		struct pair_params prod = { r, api, bulk_sizes[s], 0, 0 };
		struct pair_params cons = prod;

		__atomic_store_n(&pair_ready, 0, __ATOMIC_RELAXED);
		if (fpk_eal_remote_launch(pair_consumer, &cons, worker) != 0) {
			printf("  cannot launch on lcore %u\n", worker);
			return TEST_FAILED;
		}
		pair_producer(&prod);
		fpk_eal_wait_lcore(worker);
		TEST_ASSERT(fpk_ring_empty(r), "ring not empty after the two-lcore run");
		printf("%s lcores=2 sync=SP/SC op=bulk n=%u cycles_per_elem=%.2f\n",
		       api_prefix[api], prod.n, prod.spsc + cons.spsc);
		printf("%s lcores=2 sync=MP/MC op=bulk n=%u cycles_per_elem=%.2f\n",
		       api_prefix[api], prod.n, prod.mpmc + cons.mpmc);
	}
	return TEST_SUCCESS;
}

static int
test_ring_perf(void)
{
	unsigned int worker = fpk_get_next_lcore(-1, 1, 0);
	int ret = TEST_SUCCESS;

	printf("ring_perf tsc_hz=%" PRIu64 "\n", fpk_get_tsc_hz());
	for (enum perf_api api = API_PTR; api <= API_ELEM16 && ret == TEST_SUCCESS; api++) {
		struct fpk_ring *r;

		r = fpk_ring_create_elem("ring_perf", api_esize[api], PERF_RING_SIZE,
					 fpk_socket_id(), 0);
		TEST_ASSERT_NOT_NULL(r, "create: errno %d", fpk_errno);
		one_lcore(r, api);
		if (worker < FPK_MAX_LCORE)
			ret = two_lcores(r, api, worker);
		fpk_ring_free(r);
	}
	if (ret == TEST_SUCCESS && worker >= FPK_MAX_LCORE)
		return fpk_test_skip("one-lcore figures only: the two-lcore case needs -l 0-1");
	return ret;
}
FPK_PERF_TEST_REGISTER(ring_perf, test_ring_perf)
