/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fpk-bench-libs: FPK's ring and mempool against Debian's DPDK 22.11
 * (rte_ring, rte_mempool) in one process, through the very same loops, for
 * devtools/bench-vs-dpdk. One line per figure on stdout:
 *
 *   libs_ring_bulk32_SPSC_1lcore_ns_per_elem fpk=X dpdk=Y ratio=Z (lower is better)
 *
 * ratio = fpk/dpdk of the medians over the rounds. Separate benchmark
 * programs differ in their loops, counts, timers and compilers, which on a
 * shared two-CPU machine is as large as the difference being looked for;
 * here each loop is written once, as a macro instantiated with each
 * library's calls, so the two cannot differ by construction, and the two
 * libraries take turns on the same threads within each case.
 *
 * Thread CPU time (CLOCK_THREAD_CPUTIME_ID), not wall time: the machine is
 * shared, and time a measuring thread spends descheduled is not its cost.
 * With two threads that is not enough, as one polls while the other is
 * descheduled: those cases keep only undisturbed windows (see WINDOW_NS).
 *
 * Both EALs live in this process. FPK's starts first: it checks its lcores
 * against the thread's CPU affinity, which DPDK's init then narrows to CPU
 * 0. FPK has no call that gives a non-EAL thread an lcore id (its mempool
 * caches are indexed by fpk_lcore_id(), which only EAL lcores have), so the
 * measuring threads are FPK's own lcores: lcore 0 (this thread, CPU 0) and
 * worker lcore 1 (CPU 1). DPDK runs with -l 0, so this thread is its main
 * lcore too, and the FPK worker is given a DPDK lcore id with
 * rte_thread_register(): DPDK's mempool uses its per-lcore cache only for
 * threads with an lcore id, and "cache 512" would otherwise silently
 * measure cache 0. Every measurement checks both ids and that the caches
 * hold objects afterwards.
 */
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fpk_eal.h>
#include <fpk_mempool.h>
#include <fpk_ring.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mempool.h>
#include <rte_ring.h>
#include <rte_version.h>

#define PROG "fpk-bench-libs"

/* As DPDK's ring_perf_autotest: room for the two-lcore case to run ahead. */
#define RING_SIZE 4096
#define MAX_BURST 32
/*
 * Objects each mempool loop holds at once, as the n_keep of DPDK's
 * mempool_perf_autotest: gets and puts of 1 then cost 32 calls each way.
 */
#define POOL_KEEP 32
/* Two lcores' caches at their flush threshold (768 for 512) plus what they hold. */
#define POOL_SIZE 4095
/* A packet buffer, as DPDK's mempool_perf_autotest; the loops never touch it. */
#define POOL_ELT_SIZE 2048

#define MAIN_CPU 0
#define WORKER_CPU 1
#define WORKER_LCORE 1
#define MAX_ROUNDS 100

/*
 * Counts are multiples of this (the burst and bulk sizes and POOL_KEEP all
 * divide it), so every loop moves exactly the count it is given.
 */
#define COUNT_UNIT 32

enum lib { LIB_FPK, LIB_DPDK, LIB_COUNT };
enum ring_sync { SYNC_SPSC, SYNC_MPMC, SYNC_COUNT };
enum ring_op { OP_BULK, OP_BURST, OP_COUNT };
enum case_kind { RING_1LCORE, RING_2LCORE, POOL_1LCORE, POOL_2LCORE };

static const char *const lib_name[LIB_COUNT] = { "fpk", "dpdk" };
static const char *const sync_name[SYNC_COUNT] = { "SPSC", "MPMC" };
static const char *const op_name[OP_COUNT] = { "bulk", "burst" };
static const unsigned int ring_sizes[] = { 8, 32 };
static const unsigned int pool_caches[] = { 0, 512 };
static const unsigned int pool_bulks[] = { 1, 32 };

/*
 * A measured loop: moves @count elements (ring) or objects per thread
 * (mempool) in calls of @n, through the pointer arrays at @objs (room for
 * 2 * MAX_BURST). @return 0, or -EIO when a call moved fewer than the loop
 * needs (-ENOENT for a failed mempool get).
 */
typedef int (*loop_fn)(void *obj, void **objs, unsigned int n, uint64_t count);

/*
 * Dequeued elements must look used: nothing reads them, and the compiler
 * could otherwise drop or merge the copies. This costs no instruction.
 */
#define KEEP_ALIVE(p) __asm__ volatile("" : : "r"(p) : "memory")

/*
 * The measured loops, one instance per library and ring variant. Enqueue
 * and dequeue calls are the explicit sp/sc or mp/mc ones an application
 * with a known threading model writes. n is a run-time value (it comes
 * from the case table), as in DPDK's ring_perf_autotest: neither library
 * gets a copy specialised for a constant size.
 *
 * One lcore: enqueue n then dequeue n on the same ring, count/n times.
 * Two lcores: the producer offers min(n, what is left) until everything
 * went in, the consumer asks for the same until everything came out, so
 * burst calls that move part of what was asked end with exact counts.
 */
#define RING_LOOPS(lib, ring_t, enq, deq, variant)                               \
static __fpk_noinline int                                                        \
lib##_ring_one_##variant(void *ring, void **objs, unsigned int n, uint64_t count) \
{                                                                                \
	ring_t *r = ring;                                                        \
	void **in = objs, **out = objs + MAX_BURST;                              \
	uint64_t in_count = 0, out_count = 0;                                    \
	const uint64_t iters = count / n;                                        \
                                                                                 \
	for (unsigned int i = 0; i < MAX_BURST; i++)                             \
		in[i] = &in[i];                                                  \
	for (uint64_t i = 0; i < iters; i++) {                                   \
		in_count += enq(r, in, n, NULL);                                 \
		out_count += deq(r, out, n, NULL);                               \
		KEEP_ALIVE(out);                                                 \
	}                                                                        \
	return in_count == count && out_count == count ? 0 : -EIO;               \
}                                                                                \
                                                                                 \
static __fpk_noinline int                                                        \
lib##_ring_prod_##variant(void *ring, void **objs, unsigned int n, uint64_t count) \
{                                                                                \
	ring_t *r = ring;                                                        \
	void **in = objs;                                                        \
	uint64_t done = 0;                                                       \
                                                                                 \
	for (unsigned int i = 0; i < MAX_BURST; i++)                             \
		in[i] = &in[i];                                                  \
	while (done < count) {                                                   \
		uint64_t left = count - done;                                    \
                                                                                 \
		done += enq(r, in, left < n ? (unsigned int)left : n, NULL);     \
	}                                                                        \
	return done == count ? 0 : -EIO;                                         \
}                                                                                \
                                                                                 \
static __fpk_noinline int                                                        \
lib##_ring_cons_##variant(void *ring, void **objs, unsigned int n, uint64_t count) \
{                                                                                \
	ring_t *r = ring;                                                        \
	void **out = objs;                                                       \
	uint64_t done = 0;                                                       \
                                                                                 \
	while (done < count) {                                                   \
		uint64_t left = count - done;                                    \
                                                                                 \
		done += deq(r, out, left < n ? (unsigned int)left : n, NULL);    \
		KEEP_ALIVE(out);                                                 \
	}                                                                        \
	return done == count ? 0 : -EIO;                                         \
}

/*
 * The mempool loop: take POOL_KEEP objects in gets of @bulk, give them
 * back in puts of @bulk, as an application holding a burst of buffers.
 */
#define POOL_LOOP(lib, pool_t, get, put)                                         \
static __fpk_noinline int                                                        \
lib##_pool_loop(void *pool, void **objs, unsigned int bulk, uint64_t count)      \
{                                                                                \
	pool_t *mp = pool;                                                       \
	const uint64_t iters = count / POOL_KEEP;                                \
                                                                                 \
	for (uint64_t i = 0; i < iters; i++) {                                   \
		for (unsigned int k = 0; k < POOL_KEEP; k += bulk)               \
			if (get(mp, &objs[k], bulk) != 0)                        \
				return -ENOENT;                                  \
		for (unsigned int k = 0; k < POOL_KEEP; k += bulk)               \
			put(mp, &objs[k], bulk);                                 \
	}                                                                        \
	return 0;                                                                \
}

/* Both APIs name their calls alike: prefix##_sp_enqueue_bulk and so on. */
#define LIB_LOOPS(lib, ring_t, ring_api, pool_t, pool_api)                                  \
	RING_LOOPS(lib, ring_t, ring_api##_sp_enqueue_bulk, ring_api##_sc_dequeue_bulk,     \
		   bulk_spsc)                                                               \
	RING_LOOPS(lib, ring_t, ring_api##_mp_enqueue_bulk, ring_api##_mc_dequeue_bulk,     \
		   bulk_mpmc)                                                               \
	RING_LOOPS(lib, ring_t, ring_api##_sp_enqueue_burst, ring_api##_sc_dequeue_burst,   \
		   burst_spsc)                                                              \
	RING_LOOPS(lib, ring_t, ring_api##_mp_enqueue_burst, ring_api##_mc_dequeue_burst,   \
		   burst_mpmc)                                                              \
	POOL_LOOP(lib, pool_t, pool_api##_get_bulk, pool_api##_put_bulk)

LIB_LOOPS(fpk, struct fpk_ring, fpk_ring, struct fpk_mempool, fpk_mempool)
LIB_LOOPS(dpdk, struct rte_ring, rte_ring, struct rte_mempool, rte_mempool)

/*
 * Outside the measured loops: a ring set up in given memory, and the
 * checks after each measurement (elements left in a ring, free objects in
 * a pool, objects in the calling thread's cache or -1 if it has none).
 */
#define LIB_HELPERS(lib, ring_api, single_flags, pool_api, lcore_id)              \
static int                                                                       \
lib##_ring_setup(void *mem, bool single)                                         \
{                                                                                \
	return ring_api##_init(mem, "bench", RING_SIZE, single ? (single_flags) : 0); \
}                                                                                \
                                                                                 \
static unsigned int                                                              \
lib##_ring_used(void *r)                                                         \
{                                                                                \
	return ring_api##_count(r);                                              \
}                                                                                \
                                                                                 \
static unsigned int                                                              \
lib##_pool_free(void *mp)                                                        \
{                                                                                \
	return pool_api##_avail_count(mp);                                       \
}                                                                                \
                                                                                 \
static long                                                                      \
lib##_cache_len(void *mp)                                                        \
{                                                                                \
	struct pool_api##_cache *c = pool_api##_default_cache(mp, lcore_id());   \
                                                                                 \
	return c == NULL ? -1 : (long)c->len;                                    \
}

LIB_HELPERS(fpk, fpk_ring, FPK_RING_F_SP_ENQ | FPK_RING_F_SC_DEQ, fpk_mempool, fpk_lcore_id)
LIB_HELPERS(dpdk, rte_ring, RING_F_SP_ENQ | RING_F_SC_DEQ, rte_mempool, rte_lcore_id)

struct ring_loops {
	loop_fn one, prod, cons;
};

struct lib_ops {
	struct ring_loops ring[OP_COUNT][SYNC_COUNT];
	loop_fn pool;
	int (*ring_setup)(void *mem, bool single);
	unsigned int (*ring_used)(void *r);
	unsigned int (*pool_free)(void *mp);
	long (*cache_len)(void *mp);
};

#define RING_FNS(lib, variant) \
	{ lib##_ring_one_##variant, lib##_ring_prod_##variant, lib##_ring_cons_##variant }
#define LIB_OPS(lib)                                                             \
	{                                                                        \
		.ring = { { RING_FNS(lib, bulk_spsc), RING_FNS(lib, bulk_mpmc) },  \
			  { RING_FNS(lib, burst_spsc), RING_FNS(lib, burst_mpmc) } }, \
		.pool = lib##_pool_loop,                                         \
		.ring_setup = lib##_ring_setup,                                  \
		.ring_used = lib##_ring_used,                                    \
		.pool_free = lib##_pool_free,                                    \
		.cache_len = lib##_cache_len,                                    \
	}

static const struct lib_ops libs[LIB_COUNT] = {
	[LIB_FPK] = LIB_OPS(fpk),
	[LIB_DPDK] = LIB_OPS(dpdk),
};

/*
 * Both libraries' rings live in this one buffer in turn, set up again
 * before each measurement. Where a ring's pages land matters to two-lcore
 * figures: with a ring of each library's own, the burst32 SP/SC two-lcore
 * ratio came out 1.5 in one run and 0.8 in another, each with rounds
 * within a few percent, a bias fixed for the life of the process. The
 * pools cannot share memory: FPK's mempool has no constructor over caller
 * memory.
 */
static void *ring_mem;
/*
 * The loops' pointer arrays, one set per measuring thread, for the same
 * reason. On the stack, each library's loop function had them at its own
 * offset, and the stack's offset within a page changes from run to run;
 * where they sat relative to the ring's slots moved one-lcore FPK figures
 * by up to 1.7 times between runs (bulk32 SP/SC: 0.36 to 0.60 ns per
 * element). Here the addresses are the same for both, and in every run.
 */
static void *side_objs[2][2 * MAX_BURST] __fpk_cache_aligned;
FPK_STATIC_ASSERT(POOL_KEEP <= 2 * MAX_BURST, "a mempool loop holds its objects in side_objs");
/* Pools by cache size (index in pool_caches), per library. */
static void *pools[LIB_COUNT][FPK_DIM(pool_caches)];

struct bench_case {
	char name[80];
	enum case_kind kind;
	enum ring_op op;
	enum ring_sync sync;
	unsigned int n;     /* ring burst/bulk size, or mempool get/put bulk */
	unsigned int cache; /* index in pool_caches */
};

struct options {
	unsigned int rounds;
	bool quick;
};

/*
 * Two-lcore measurements run in windows of about WINDOW_NS, and only the
 * windows in which neither thread lost the CPU to another process count.
 * Thread CPU time alone does not make a two-thread figure independent of
 * the machine's load: while one thread is descheduled the other polls, a
 * consumer an empty ring and a producer a full one, and a mempool thread
 * runs without contention; on this shared two-CPU machine that can
 * multiply the figures tenfold, differently in every round. A window is
 * undisturbed when each thread's CPU time is at least UNDISTURBED of the
 * wall time it spanned; a descheduled spell lasts longer than the
 * scheduler's minimum slice, a good part of a millisecond, so a 1 ms
 * window either keeps almost all its time or clearly loses some.
 */
#define WINDOW_NS 1e6
#define MAX_WINDOWS 512
#define UNDISTURBED 0.9

/* One measuring thread's part of a measurement. */
struct side {
	loop_fn fn;
	void *obj;
	void **objs;
	unsigned int n;
	long (*cache_len)(void *mp); /* NULL for rings */
	unsigned int fpk_lcore;
	unsigned int dpdk_lcore;
	int cpu;
	int ret;
	long cached;
	uint64_t cpu_ns[MAX_WINDOWS];
	uint64_t wall_ns[MAX_WINDOWS];
};

struct run {
	struct side side[2]; /* side 0 on this thread (CPU 0), side 1 on the worker (CPU 1) */
	unsigned int nsides;
	unsigned int windows;
	uint64_t window_count; /* elements or objects per window (and thread) */
	unsigned int arrived;  /* arrivals at the barrier, over all windows */
	bool abort;
};

static uint64_t
clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * Sides start each window together, so that no one times another being
 * woken up or finishing its previous window. A side that failed says so
 * here, and the others stop instead of waiting for it.
 * @return false if some side failed.
 */
static bool
barrier(struct run *run, unsigned int generation, bool ok)
{
	if (!ok)
		__atomic_store_n(&run->abort, true, __ATOMIC_RELEASE);
	__atomic_add_fetch(&run->arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&run->arrived, __ATOMIC_ACQUIRE) < generation * run->nsides)
		fpk_pause();
	return !__atomic_load_n(&run->abort, __ATOMIC_ACQUIRE);
}

static void
side_run(struct run *run, struct side *s)
{
	s->fpk_lcore = fpk_lcore_id();
	s->dpdk_lcore = rte_lcore_id();
	s->cpu = sched_getcpu();
	/* Unregistered, the mempool would silently skip its cache: refuse. */
	s->ret = s->fpk_lcore != FPK_LCORE_ID_ANY && s->dpdk_lcore != LCORE_ID_ANY ? 0 : -EPERM;
	for (unsigned int w = 0; w < run->windows; w++) {
		uint64_t wall0, cpu0;

		if (!barrier(run, w + 1, s->ret == 0))
			return;
		wall0 = clock_ns(CLOCK_MONOTONIC);
		cpu0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
		s->ret = s->fn(s->obj, s->objs, s->n, run->window_count);
		s->cpu_ns[w] = clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
		s->wall_ns[w] = clock_ns(CLOCK_MONOTONIC) - wall0;
	}
	s->cached = s->cache_len ? s->cache_len(s->obj) : -1;
}

static int
worker_side(void *arg)
{
	struct run *run = arg;

	side_run(run, &run->side[1]);
	return 0;
}

static int
check_side(const struct side *s, int want_cpu, const char *what)
{
	if (s->ret == -EPERM) {
		fprintf(stderr, PROG ": %s: the thread on CPU %d has FPK lcore id %d and DPDK "
			"lcore id %d: both must be lcores (FPK EAL lcore, rte_thread_register()) "
			"or the mempool caches are not used\n", what, s->cpu,
			(int)s->fpk_lcore, (int)s->dpdk_lcore);
		return -1;
	}
	if (s->cpu != want_cpu) {
		fprintf(stderr, PROG ": %s: a measuring thread ran on CPU %d instead of CPU %d: "
			"another program changed its affinity?\n", what, s->cpu, want_cpu);
		return -1;
	}
	if (s->ret != 0) {
		fprintf(stderr, PROG ": %s: %s\n", what, s->ret == -ENOENT ?
			"a mempool get failed although the pool holds enough objects" :
			"a ring call moved a different number of elements than the loop expected");
		return -1;
	}
	return 0;
}

/* Run the sides (one on this thread, the second on the worker lcore) and check them. */
static int
run_sides(struct run *run, bool cached, const char *what)
{
	int ret;

	if (run->nsides == 2) {
		ret = fpk_eal_remote_launch(worker_side, run, WORKER_LCORE);
		if (ret != 0) {
			fprintf(stderr, PROG ": %s: cannot launch on FPK lcore %d: %s\n", what,
				WORKER_LCORE, strerror(-ret));
			return -1;
		}
	}
	side_run(run, &run->side[0]);
	if (run->nsides == 2)
		fpk_eal_wait_lcore(WORKER_LCORE);
	/* The side that failed first: the others may just have stopped for it. */
	for (unsigned int i = 0; i < run->nsides; i++)
		if (check_side(&run->side[i], i == 0 ? MAIN_CPU : WORKER_CPU, what) != 0)
			return -1;
	for (unsigned int i = 0; cached && i < run->nsides; i++)
		if (run->side[i].cached <= 0) {
			fprintf(stderr, PROG ": %s: the cache of the thread on CPU %d is %s after "
				"the loop: its gets and puts bypassed it\n", what,
				run->side[i].cpu, run->side[i].cached < 0 ? "missing" : "empty");
			return -1;
		}
	return 0;
}

/*
 * The cost of window @w in ns. Ring, two lcores: the consumer's CPU time.
 * The consumer ends only when the last element is through, so its time
 * covers the whole transfer, waiting for a slower producer included.
 * Mempool, two lcores: each thread runs the loop with its own cache on the
 * shared pool; the mean of the two threads.
 */
static double
window_ns(const struct run *run, bool is_pool, unsigned int w)
{
	if (run->nsides == 1)
		return (double)run->side[0].cpu_ns[w];
	if (is_pool)
		return (double)(run->side[0].cpu_ns[w] + run->side[1].cpu_ns[w]) / 2;
	return (double)run->side[1].cpu_ns[w];
}

/* Verify the ring is empty or every object back in the pool. */
static int
check_after(const struct lib_ops *ops, bool is_pool, void *obj, const char *what)
{
	if (!is_pool && ops->ring_used(obj) != 0) {
		fprintf(stderr, PROG ": %s: %u elements left in the ring after the loop\n", what,
			ops->ring_used(obj));
		return -1;
	}
	if (is_pool && ops->pool_free(obj) != POOL_SIZE) {
		fprintf(stderr, PROG ": %s: %u of %u objects free after the loop\n", what,
			ops->pool_free(obj), POOL_SIZE);
		return -1;
	}
	return 0;
}

/*
 * One measurement of one library: @windows windows of @window_count
 * elements or objects (one window on one lcore). *ns is the cost per
 * element or object over the undisturbed windows, or over all of them
 * when fewer than one in twenty was (*kept says how many counted).
 */
static int
measure(const struct bench_case *c, enum lib lib, uint64_t window_count, unsigned int windows,
	double *ns, unsigned int *kept)
{
	const struct lib_ops *ops = &libs[lib];
	const struct ring_loops *rl = &ops->ring[c->op][c->sync];
	bool is_pool = c->kind == POOL_1LCORE || c->kind == POOL_2LCORE;
	void *obj = is_pool ? pools[lib][c->cache] : ring_mem;
	struct run run = {
		.nsides = c->kind == RING_1LCORE || c->kind == POOL_1LCORE ? 1 : 2,
		.windows = windows, .window_count = window_count,
	};
	double all = 0, undisturbed = 0;
	unsigned int nkept = 0;
	char what[112];
	int ret;

	snprintf(what, sizeof(what), "%s (%s)", c->name, lib_name[lib]);
	if (!is_pool && (ret = ops->ring_setup(ring_mem, c->sync == SYNC_SPSC)) != 0) {
		fprintf(stderr, PROG ": %s: cannot set up a ring of %d slots: %s\n", what,
			RING_SIZE, strerror(-ret));
		return -1;
	}
	for (unsigned int i = 0; i < run.nsides; i++)
		run.side[i] = (struct side){
			.fn = is_pool ? ops->pool : run.nsides == 1 ? rl->one : i == 0 ? rl->prod : rl->cons,
			.obj = obj, .objs = side_objs[i], .n = c->n,
			.cache_len = is_pool ? ops->cache_len : NULL,
		};
	if (run_sides(&run, is_pool && pool_caches[c->cache] != 0, what) != 0 ||
	    check_after(ops, is_pool, obj, what) != 0)
		return -1;
	for (unsigned int w = 0; w < windows; w++) {
		bool ok = true;

		for (unsigned int i = 0; i < run.nsides; i++)
			ok &= run.side[i].cpu_ns[w] >= UNDISTURBED * run.side[i].wall_ns[w];
		all += window_ns(&run, is_pool, w);
		if (ok) {
			undisturbed += window_ns(&run, is_pool, w);
			nkept++;
		}
	}
	if (run.nsides == 1 || nkept == 0 || nkept * 20 < windows) {
		nkept = windows;
		undisturbed = all;
	}
	*ns = undisturbed / (double)nkept / (double)window_count;
	*kept = nkept;
	return 0;
}

static double
median(double *v, unsigned int n)
{
	/* Insertion sort: a handful of rounds. */
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * Windows and their size for one measurement: what takes the slower
 * library about @target_ns in all, from untimed warm-ups (which also fill
 * the caches and fault the memory in). Each library's cost is its lower of
 * two warm-ups, so that one preempted warm-up does not shrink the count.
 * Both libraries get the same counts.
 */
static int
calibrate(const struct bench_case *c, const struct options *o, uint64_t *window_count,
	  unsigned int *windows)
{
	const bool two = c->kind == RING_2LCORE || c->kind == POOL_2LCORE;
	const double target_ns = o->quick ? 1e6 : 3e8;
	const uint64_t min_count = o->quick ? COUNT_UNIT : UINT64_C(1) << 20;
	double best[LIB_COUNT] = { 0 }, worst = 0, ns;
	uint64_t count;
	unsigned int kept;

	for (unsigned int pass = 0; pass < 2; pass++)
		for (unsigned int lib = 0; lib < LIB_COUNT; lib++) {
			if (measure(c, lib, o->quick ? 512 : 4096, two ? 16 : 1, &ns, &kept) != 0)
				return -1;
			best[lib] = pass == 0 || ns < best[lib] ? ns : best[lib];
		}
	for (unsigned int lib = 0; lib < LIB_COUNT; lib++)
		worst = best[lib] > worst ? best[lib] : worst;
	count = FPK_MAX((uint64_t)(target_ns / (worst > 0.01 ? worst : 0.01)), min_count);
	*windows = two ? (unsigned int)FPK_MIN(FPK_MAX(target_ns / WINDOW_NS, 2), MAX_WINDOWS) : 1;
	*window_count = FPK_MAX(count / *windows / COUNT_UNIT * COUNT_UNIT, (uint64_t)COUNT_UNIT);
	return 0;
}

/* The per-round figures and undisturbed windows, for judging the noise. */
static void
print_progress(const struct bench_case *c, unsigned int idx, unsigned int ncases,
	       const struct options *o, double v[LIB_COUNT][MAX_ROUNDS], const double *med,
	       uint64_t count, unsigned int windows, const unsigned int *kept)
{
	double cyc_per_ns = (double)fpk_get_tsc_hz() / 1e9;

	fprintf(stderr, "[%u/%u] %s: %u x %" PRIu64 " per round", idx + 1, ncases, c->name,
		windows, count);
	for (unsigned int lib = 0; lib < LIB_COUNT; lib++) {
		fprintf(stderr, "; %s %.3g ns = %.3g TSC cycles, rounds", lib_name[lib], med[lib],
			med[lib] * cyc_per_ns);
		for (unsigned int r = 0; r < o->rounds; r++)
			fprintf(stderr, " %.3g", v[lib][r]);
		if (windows > 1)
			fprintf(stderr, ", %u%% of windows undisturbed",
				(unsigned int)(100.0 * kept[lib] / windows / o->rounds + 0.5));
	}
	fputc('\n', stderr);
}

/*
 * Rounds alternate the order (F D, D F, F D, ...) so that neither library
 * always runs right after the other one has warmed or cooled the CPU.
 */
static int
run_case(const struct bench_case *c, const struct options *o, unsigned int idx,
	 unsigned int ncases)
{
	double v[LIB_COUNT][MAX_ROUNDS], sorted[MAX_ROUNDS], med[LIB_COUNT];
	unsigned int windows, kept[LIB_COUNT] = { 0 }, k;
	uint64_t count;

	if (calibrate(c, o, &count, &windows) != 0)
		return -1;
	for (unsigned int r = 0; r < o->rounds; r++)
		for (unsigned int i = 0; i < LIB_COUNT; i++) {
			unsigned int lib = r % 2 ? LIB_COUNT - 1 - i : i;

			if (measure(c, lib, count, windows, &v[lib][r], &k) != 0)
				return -1;
			kept[lib] += k;
		}
	for (unsigned int lib = 0; lib < LIB_COUNT; lib++) {
		memcpy(sorted, v[lib], o->rounds * sizeof(sorted[0]));
		med[lib] = median(sorted, o->rounds);
	}
	print_progress(c, idx, ncases, o, v, med, count, windows, kept);
	if (med[LIB_DPDK] <= 0) {
		fprintf(stderr, PROG ": %s: DPDK measured no CPU time: the clock is too coarse "
			"for %" PRIu64 " elements\n", c->name, count);
		return -1;
	}
	printf("%s fpk=%.6g dpdk=%.6g ratio=%.3f (lower is better)\n", c->name,
	       med[LIB_FPK], med[LIB_DPDK], med[LIB_FPK] / med[LIB_DPDK]);
	fflush(stdout);
	return 0;
}

/* The case under way, for the watchdog's message. */
static const char *volatile current_case = "start-up";

static void
write_stderr(const char *msg)
{
	ssize_t ret = write(STDERR_FILENO, msg, strlen(msg));

	(void)ret;
}

/*
 * A ring that loses elements leaves its consumer polling forever, and a
 * CI job should fail rather than hang. Neither EAL uses SIGALRM.
 */
static void
watchdog(int sig)
{
	(void)sig;
	write_stderr(PROG ": ");
	write_stderr(current_case);
	write_stderr(" did not finish in time: a ring or mempool lost elements, "
		     "or a measuring thread is stuck\n");
	_exit(1);
}

static unsigned int
build_cases(struct bench_case *cases)
{
	unsigned int n = 0;

	for (unsigned int lcores = 1; lcores <= 2; lcores++)
		for (unsigned int op = 0; op < OP_COUNT; op++)
			for (unsigned int s = 0; s < FPK_DIM(ring_sizes); s++)
				for (unsigned int sync = 0; sync < SYNC_COUNT; sync++) {
					struct bench_case *c = &cases[n++];

					*c = (struct bench_case){
						.kind = lcores == 1 ? RING_1LCORE : RING_2LCORE,
						.op = op, .sync = sync, .n = ring_sizes[s],
					};
					snprintf(c->name, sizeof(c->name),
						 "libs_ring_%s%u_%s_%ulcore_ns_per_elem",
						 op_name[op], ring_sizes[s], sync_name[sync], lcores);
				}
	for (unsigned int lcores = 1; lcores <= 2; lcores++)
		for (unsigned int ci = 0; ci < FPK_DIM(pool_caches); ci++)
			for (unsigned int b = 0; b < FPK_DIM(pool_bulks); b++) {
				struct bench_case *c = &cases[n++];

				*c = (struct bench_case){
					.kind = lcores == 1 ? POOL_1LCORE : POOL_2LCORE,
					.n = pool_bulks[b], .cache = ci,
				};
				snprintf(c->name, sizeof(c->name),
					 "libs_mempool_cache%u_bulk%u_%ulcore_ns_per_obj",
					 pool_caches[ci], pool_bulks[b], lcores);
			}
	return n;
}

static void
usage(FILE *f)
{
	fprintf(f,
"Usage: " PROG " [--rounds N] [--short] [--help]\n"
"\n"
"Measures FPK's ring and mempool against DPDK's (rte_ring, rte_mempool of the\n"
"installed dpdk-dev) in one process: the same loop, instantiated for each\n"
"library, alternately FPK and DPDK round by round; each figure is the median\n"
"over the rounds of the thread CPU time per element (ring) or object (mempool).\n"
"One line per figure on stdout, ratio = fpk/dpdk:\n"
"\n"
"  libs_ring_bulk32_SPSC_1lcore_ns_per_elem fpk=X dpdk=Y ratio=Z (lower is better)\n"
"\n"
"Ring: bulk and burst of 8 and 32, SP/SC and MP/MC calls, on one lcore\n"
"(enqueue n, dequeue n) and on two (producer on CPU 0, consumer on CPU 1;\n"
"the consumer's CPU time per element). Mempool: caches of 0 and 512, get and\n"
"put in bulks of 1 and 32 (32 objects held at a time), on one lcore and on two\n"
"(each thread its own cache, one shared pool; the mean of the two threads).\n"
"Progress and the TSC cycle equivalents go to stderr.\n"
"\n"
"Two-lcore figures count only the 1 ms windows in which neither thread lost\n"
"its CPU to another process (all windows, if fewer than 1 in 20 were).\n"
"\n"
"Needs CPUs 0 and 1. Starts both EALs itself, without hugepages or PCI;\n"
"takes no EAL options. With 5 rounds a run takes one to two and a half\n"
"minutes, depending on how busy the machine is.\n"
"\n"
"Options:\n"
"  --rounds N   measurements of each library per case, 1 to %d (default 5)\n"
"  --short      tiny counts and, unless --rounds is given, 1 round: checks\n"
"               that every case runs, in a few seconds; the figures mean little\n"
"  -h, --help   print this help and exit\n"
"\n"
"Exit status: 0 done, 1 a library or a check failed (the message says which),\n"
"2 bad usage.\n", MAX_ROUNDS);
}

static int
parse_args(int argc, char **argv, struct options *o)
{
	bool rounds_given = false;

	*o = (struct options){ .rounds = 5 };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		char *end;
		unsigned long r;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(a, "--short")) {
			o->quick = true;
			continue;
		} else if (!strncmp(a, "--rounds=", 9)) {
			val = a + 9;
		} else if (!strcmp(a, "--rounds") && i + 1 < argc) {
			val = argv[++i];
		} else {
			fprintf(stderr, PROG ": unknown option or missing value '%s': see "
				PROG " --help\n", a);
			return -1;
		}
		errno = 0;
		r = strtoul(val, &end, 10);
		if (errno || *val < '0' || *val > '9' || *end != '\0' || r < 1 || r > MAX_ROUNDS) {
			fprintf(stderr, PROG ": --rounds '%s': give a number from 1 to %d\n",
				val, MAX_ROUNDS);
			return -1;
		}
		o->rounds = (unsigned int)r;
		rounds_given = true;
	}
	if (o->quick && !rounds_given)
		o->rounds = 1;
	return 0;
}

/* @return the DPDK lcore id the worker got, or -errno (rte_errno is per thread). */
static int
register_worker(void *arg)
{
	(void)arg;
	if (rte_thread_register() != 0)
		return -rte_errno;
	return rte_lcore_id() == LCORE_ID_ANY ? -ENOSPC : (int)rte_lcore_id();
}

static int
unregister_worker(void *arg)
{
	(void)arg;
	rte_thread_unregister();
	return 0;
}

/*
 * FPK's EAL first (see the top of the file), then DPDK's with its log on
 * stderr: DPDK logs to stdout by default, where only figures may go.
 */
static int
init_eals(char *prog)
{
	char *fpk_argv[] = { prog, "-l", "0-1", "--no-huge", "--in-memory",
			     "--file-prefix", PROG, "--log-level", "warning", NULL };
	/* DPDK's --no-huge implies its legacy memory mode, which --in-memory refuses. */
	char *dpdk_argv[] = { prog, "-l", "0", "--no-huge", "-m", "256", "--no-pci",
			      "--no-shconf", "--no-telemetry", "--file-prefix", PROG "-dpdk",
			      "--log-level", "warning", NULL };
	int ret;

	if (fpk_eal_init((int)FPK_DIM(fpk_argv) - 1, fpk_argv) < 0) {
		fprintf(stderr, PROG ": fpk_eal_init(-l 0-1 --no-huge --in-memory) failed: %s "
			"(the log above says why; CPUs 0 and 1 must be usable)\n",
			strerror(fpk_errno));
		return -1;
	}
	rte_openlog_stream(stderr);
	if (rte_eal_init((int)FPK_DIM(dpdk_argv) - 1, dpdk_argv) < 0) {
		fprintf(stderr, PROG ": rte_eal_init(-l 0 --no-huge -m 256 --no-pci --no-shconf) "
			"failed: %s (the log above says why)\n", rte_strerror(rte_errno));
		return -1;
	}
	ret = fpk_eal_remote_launch(register_worker, NULL, WORKER_LCORE);
	if (ret == 0)
		ret = fpk_eal_wait_lcore(WORKER_LCORE);
	if (ret < 0) {
		fprintf(stderr, PROG ": rte_thread_register() on FPK lcore %d failed: %s\n",
			WORKER_LCORE, rte_strerror(-ret));
		return -1;
	}
	fprintf(stderr, PROG ": FPK %s and %s; CPU %d: FPK lcore %u, DPDK lcore %u; "
		"CPU %d: FPK lcore %d, DPDK lcore %d\n", FPK_VERSION, rte_version(),
		MAIN_CPU, fpk_lcore_id(), rte_lcore_id(), WORKER_CPU, WORKER_LCORE, ret);
	return 0;
}

static int
create_objects(void)
{
	ssize_t fpk_size = fpk_ring_get_memsize(RING_SIZE);
	ssize_t dpdk_size = rte_ring_get_memsize(RING_SIZE);
	size_t size = (size_t)FPK_MAX(fpk_size, dpdk_size);
	char name[32];

	if (fpk_size < 0 || dpdk_size < 0) {
		fprintf(stderr, PROG ": ring memory size for %d slots: fpk %zd, dpdk %zd\n",
			RING_SIZE, fpk_size, dpdk_size);
		return -1;
	}
	/* Page-aligned, so that both libraries' rings start on the same cache lines. */
	ring_mem = aligned_alloc(4096, FPK_ALIGN_CEIL(size, (size_t)4096));
	if (ring_mem == NULL) {
		fprintf(stderr, PROG ": cannot allocate %zu bytes for the ring\n", size);
		return -1;
	}
	for (unsigned int ci = 0; ci < FPK_DIM(pool_caches); ci++) {
		snprintf(name, sizeof(name), "bench_cache%u", pool_caches[ci]);
		pools[LIB_FPK][ci] = fpk_mempool_create(name, POOL_SIZE, POOL_ELT_SIZE,
							pool_caches[ci], 0, NULL, NULL, NULL, NULL,
							FPK_SOCKET_ID_ANY, 0);
		if (pools[LIB_FPK][ci] == NULL) {
			fprintf(stderr, PROG ": fpk_mempool_create(%s, %d objects of %d bytes) "
				"failed: %s\n", name, POOL_SIZE, POOL_ELT_SIZE,
				strerror(fpk_errno));
			return -1;
		}
		pools[LIB_DPDK][ci] = rte_mempool_create(name, POOL_SIZE, POOL_ELT_SIZE,
							 pool_caches[ci], 0, NULL, NULL, NULL, NULL,
							 SOCKET_ID_ANY, 0);
		if (pools[LIB_DPDK][ci] == NULL) {
			fprintf(stderr, PROG ": rte_mempool_create(%s, %d objects of %d bytes) "
				"failed: %s (-m 256 too small?)\n", name, POOL_SIZE,
				POOL_ELT_SIZE, rte_strerror(rte_errno));
			return -1;
		}
	}
	return 0;
}

static void
cleanup(void)
{
	for (unsigned int ci = 0; ci < FPK_DIM(pool_caches); ci++) {
		fpk_mempool_free(pools[LIB_FPK][ci]);
		rte_mempool_free(pools[LIB_DPDK][ci]);
	}
	free(ring_mem);
	if (fpk_eal_remote_launch(unregister_worker, NULL, WORKER_LCORE) == 0)
		fpk_eal_wait_lcore(WORKER_LCORE);
	rte_eal_cleanup();
	fpk_eal_cleanup();
}

int
main(int argc, char **argv)
{
	struct bench_case cases[2 * OP_COUNT * FPK_DIM(ring_sizes) * SYNC_COUNT +
				2 * FPK_DIM(pool_caches) * FPK_DIM(pool_bulks)];
	unsigned int ncases = build_cases(cases);
	struct options o;

	if (parse_args(argc, argv, &o) != 0)
		return 2;
	/* Exiting on failure without cleanup leaks nothing: no hugepages, no files. */
	if (init_eals(argv[0]) != 0 || create_objects() != 0)
		return 1;
	fprintf(stderr, PROG ": %u cases, %u round(s)%s\n", ncases, o.rounds,
		o.quick ? ", short counts" : "");
	signal(SIGALRM, watchdog);
	for (unsigned int i = 0; i < ncases; i++) {
		current_case = cases[i].name;
		/* A round takes well under a second of CPU: ten seconds each is ample. */
		alarm(60 + 10 * o.rounds);
		if (run_case(&cases[i], &o, i, ncases) != 0)
			return 1;
	}
	alarm(0);
	cleanup();
	return 0;
}
