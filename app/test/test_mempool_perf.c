/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mempool throughput, laid out like DPDK's mempool_perf_autotest so that
 * lines can be compared one for one: each lcore repeatedly gets n_keep
 * objects in bulks of n_get_bulk and puts them back in bulks of n_put_bulk,
 * through its cache (pool cache 512) or straight from the ring (cache 0),
 * on one lcore and on two. When n_get_bulk == n_put_bulk the run is
 * repeated with the bulk sizes as compile-time constants (constant_n=1), as
 * a PMD's fixed burst size would be. Output, one line per figure:
 *
 *   mempool_perf cache=512 cores=1 n_get_bulk=32 n_put_bulk=32 n_keep=128
 *   constant_n=0 rate_persec=...
 *
 * rate_persec counts objects got and put back per second, summed over the
 * lcores. Each figure runs FPK_MEMPOOL_PERF_SECONDS seconds (default 1;
 * DPDK uses 5).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fpk_cycles.h>
#include <fpk_eal.h>
#include <fpk_mempool.h>

#include "test.h"

#define N 65536            /* objects per timed round, as in DPDK */
#define MAX_KEEP 128
#define ELT_SIZE 2048
#define POOL_SIZE(lcores) ((lcores) * (MAX_KEEP + FPK_MEMPOOL_CACHE_MAX_SIZE) - 1)

struct perf_params {
	struct fpk_mempool *mp;
	unsigned int n_get_bulk, n_put_bulk, n_keep;
	bool constant_n;
	uint64_t run_cycles;
	uint32_t start;             /* set by the main lcore to release workers */
};

struct perf_result {
	uint64_t objs;
	uint64_t cycles;
	int ret;
} __fpk_cache_aligned;

static struct perf_result results[FPK_MAX_LCORE];

static void
perf_obj_init(struct fpk_mempool *mp, void *arg, void *obj, unsigned int i)
{
	(void)mp;
	(void)arg;
	*(uint32_t *)obj = i;
}

/* One round of N objects; inlined with constant sizes for constant_n. */
static __fpk_always_inline int
perf_round(struct fpk_mempool *mp, struct fpk_mempool_cache *cache, unsigned int keep,
	   unsigned int get_bulk, unsigned int put_bulk)
{
	void *objs[MAX_KEEP] __fpk_cache_aligned;

	for (unsigned int i = 0; i < N / keep; i++) {
		for (unsigned int idx = 0; idx < keep; idx += get_bulk)
			if (fpk_unlikely(fpk_mempool_generic_get(mp, &objs[idx], get_bulk,
								 cache) < 0))
				return -1;
		for (unsigned int idx = 0; idx < keep; idx += put_bulk)
			fpk_mempool_generic_put(mp, &objs[idx], put_bulk, cache);
	}
	return 0;
}

static int
perf_lcore(void *arg)
{
	struct perf_params *p = arg;
	unsigned int lcore = fpk_lcore_id();
	struct fpk_mempool_cache *cache = fpk_mempool_default_cache(p->mp, lcore);
	struct perf_result *r = &results[lcore];
	uint64_t start, now;
	int ret = 0;

	while (!__atomic_load_n(&p->start, __ATOMIC_ACQUIRE))
		fpk_pause();
	start = now = fpk_rdtsc();
	r->objs = 0;
	while (ret == 0 && now - start < p->run_cycles) {
		if (!p->constant_n)
			ret = perf_round(p->mp, cache, p->n_keep, p->n_get_bulk, p->n_put_bulk);
		else if (p->n_get_bulk == 1)
			ret = perf_round(p->mp, cache, p->n_keep, 1, 1);
		else if (p->n_get_bulk == 4)
			ret = perf_round(p->mp, cache, p->n_keep, 4, 4);
		else
			ret = perf_round(p->mp, cache, p->n_keep, 32, 32);
		now = fpk_rdtsc();
		r->objs += N;
	}
	r->cycles = now - start;
	r->ret = ret;
	return ret;
}

/* Run one figure on @cores lcores (main first) and print its line. */
static int
perf_run(struct perf_params *p, unsigned int cores)
{
	unsigned int lcore, launched = 0;
	double rate = 0;
	int ret = 0;

	if (fpk_mempool_avail_count(p->mp) != p->mp->size) {
		printf("mempool_perf: pool not full before a run (%u of %u)\n",
		       fpk_mempool_avail_count(p->mp), p->mp->size);
		return -1;
	}
	memset(results, 0, sizeof(results));
	__atomic_store_n(&p->start, 0, __ATOMIC_RELAXED);
	FPK_LCORE_FOREACH_WORKER(lcore) {
		if (launched + 1 == cores)
			break;
		if (fpk_eal_remote_launch(perf_lcore, p, lcore) != 0)
			return -1;
		launched++;
	}
	__atomic_store_n(&p->start, 1, __ATOMIC_RELEASE);
	perf_lcore(p);
	FPK_LCORE_FOREACH_WORKER(lcore) {
		if (launched-- == 0)
			break;
		fpk_eal_wait_lcore(lcore);
	}
	for (lcore = 0; lcore < FPK_MAX_LCORE; lcore++) {
		if (results[lcore].ret)
			ret = -1;
		if (results[lcore].cycles)
			rate += (double)results[lcore].objs * (double)fpk_get_tsc_hz() /
				(double)results[lcore].cycles;
	}
	if (ret) {
		printf("mempool_perf: a get failed on a pool that cannot run dry\n");
		fpk_mempool_dump(stdout, p->mp);
		return -1;
	}
	printf("mempool_perf cache=%u cores=%u n_get_bulk=%u n_put_bulk=%u n_keep=%u "
	       "constant_n=%u rate_persec=%" PRIu64 "\n", p->mp->cache_size, cores,
	       p->n_get_bulk, p->n_put_bulk, p->n_keep, p->constant_n, (uint64_t)rate);
	fflush(stdout);
	return 0;
}

static int
perf_all(struct perf_params *p, unsigned int cores)
{
	static const unsigned int bulks[] = { 1, 4, 32 };
	static const unsigned int keeps[] = { 32, 128 };

	for (size_t g = 0; g < FPK_DIM(bulks); g++)
		for (size_t q = 0; q < FPK_DIM(bulks); q++)
			for (size_t k = 0; k < FPK_DIM(keeps); k++) {
				p->n_get_bulk = bulks[g];
				p->n_put_bulk = bulks[q];
				p->n_keep = keeps[k];
				p->constant_n = false;
				if (perf_run(p, cores) < 0)
					return -1;
				if (bulks[g] != bulks[q])
					continue;
				p->constant_n = true;
				if (perf_run(p, cores) < 0)
					return -1;
			}
	return 0;
}

static int
test_mempool_perf(void)
{
	static const unsigned int caches[] = { 0, FPK_MEMPOOL_CACHE_MAX_SIZE };
	const char *env = getenv("FPK_MEMPOOL_PERF_SECONDS");
	unsigned int lcores = FPK_MIN(fpk_lcore_count(), 2u);
	double seconds = env ? atof(env) : 1.0;
	struct perf_params p = { .run_cycles = (uint64_t)(seconds * (double)fpk_get_tsc_hz()) };
	int ret = TEST_SUCCESS;

	if (fpk_lcore_id() >= FPK_MAX_LCORE)
		return fpk_test_skip("the test runner is not an EAL lcore");
	if (lcores < 2)
		printf("mempool_perf cores=2: skipped, needs two lcores (run with -l 0-1)\n");
	for (size_t c = 0; c < FPK_DIM(caches) && ret == TEST_SUCCESS; c++) {
		p.mp = fpk_mempool_create("perf_test", POOL_SIZE(lcores), ELT_SIZE, caches[c], 0,
					  NULL, NULL, perf_obj_init, NULL, FPK_SOCKET_ID_ANY, 0);
		TEST_ASSERT_NOT_NULL(p.mp, "create (cache %u): errno %d", caches[c], fpk_errno);
		for (unsigned int cores = 1; cores <= lcores && ret == TEST_SUCCESS; cores++)
			if (perf_all(&p, cores) < 0)
				ret = TEST_FAILED;
		fpk_mempool_free(p.mp);
	}
	return ret;
}
FPK_PERF_TEST_REGISTER(mempool_perf, test_mempool_perf)
