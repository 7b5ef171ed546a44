/* SPDX-License-Identifier: BSD-3-Clause */
/* EAL runtime: lcores and remote launch, the cycle counter, log types. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>

#include <fpk_eal.h>

#include "test.h"

struct launch_arg {
	unsigned int seen_lcore;
	int seen_cpu;
	volatile int release;
};

static int
worker_fn(void *p)
{
	struct launch_arg *a = p;

	a->seen_lcore = fpk_lcore_id();
	a->seen_cpu = sched_getcpu();
	while (!__atomic_load_n(&a->release, __ATOMIC_ACQUIRE))
		fpk_pause();
	return 42;
}

static int
lcores(void)
{
	struct launch_arg a = { FPK_LCORE_ID_ANY, -1, 0 };
	unsigned int main_lc = fpk_get_main_lcore(), worker, n = 0, i;

	TEST_ASSERT_EQUAL(fpk_lcore_id(), main_lc, "main thread's lcore id");
	TEST_ASSERT(fpk_lcore_is_enabled(main_lc), "main enabled");
	TEST_ASSERT_EQUAL(sched_getcpu(), fpk_lcore_to_cpu_id(main_lc), "main pinned");
	FPK_LCORE_FOREACH(i)
		n++;
	TEST_ASSERT_EQUAL(n, fpk_lcore_count(), "FOREACH visits every lcore");
	TEST_ASSERT_EQUAL(fpk_eal_remote_launch(worker_fn, &a, main_lc), -EINVAL,
			  "launch on main refused");
	if (!fpk_lcore_is_enabled(FPK_MAX_LCORE - 1))
		TEST_ASSERT_EQUAL(fpk_eal_remote_launch(worker_fn, &a, FPK_MAX_LCORE - 1),
				  -EINVAL, "launch on a disabled lcore refused");
	TEST_ASSERT_EQUAL(fpk_eal_remote_launch(worker_fn, &a, FPK_MAX_LCORE), -EINVAL,
			  "launch past the table refused");
	worker = fpk_get_next_lcore(-1, 1, 0);
	if (worker >= FPK_MAX_LCORE)
		return fpk_test_skip("one lcore only: run with -l 0-1 to test workers");
	TEST_ASSERT_SUCCESS(fpk_eal_remote_launch(worker_fn, &a, worker), "launch");
	TEST_ASSERT_EQUAL(fpk_eal_remote_launch(worker_fn, &a, worker), -EBUSY,
			  "second launch before wait");
	__atomic_store_n(&a.release, 1, __ATOMIC_RELEASE);
	TEST_ASSERT_EQUAL(fpk_eal_wait_lcore(worker), 42, "return value collected");
	TEST_ASSERT_EQUAL(fpk_eal_get_lcore_state(worker), FPK_LCORE_WAIT, "idle again");
	TEST_ASSERT_EQUAL(a.seen_lcore, worker, "worker's lcore id");
	TEST_ASSERT_EQUAL(a.seen_cpu, fpk_lcore_to_cpu_id(worker), "worker pinned");
	TEST_ASSERT_EQUAL(fpk_eal_wait_lcore(worker), 0, "wait on an idle lcore");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(eal_lcores, lcores)

static int
cycles(void)
{
	uint64_t t0, c0, c1;

	TEST_ASSERT(fpk_get_tsc_hz() > 1000000, "tsc hz %" PRIu64, fpk_get_tsc_hz());
	c0 = fpk_rdtsc();
	c1 = fpk_rdtsc();
	TEST_ASSERT(c1 >= c0, "counter goes forward");
	/* A lower bound only: a busy-wait may never end early. */
	t0 = fpk_get_time_ns();
	fpk_delay_us(2000);
	TEST_ASSERT(fpk_get_time_ns() - t0 >= 1900000, "delay_us(2000) took %" PRIu64 " ns",
		    fpk_get_time_ns() - t0);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(eal_cycles, cycles)

static int
log_types(void)
{
	int t1, t2;

	TEST_ASSERT_EQUAL(fpk_log_parse_level("debug"), FPK_LOG_DEBUG, "name");
	TEST_ASSERT_EQUAL(fpk_log_parse_level("4"), FPK_LOG_ERR, "number");
	TEST_ASSERT_EQUAL(fpk_log_parse_level("9"), -EINVAL, "out of range");
	TEST_ASSERT_EQUAL(fpk_log_parse_level("loud"), -EINVAL, "unknown");
	TEST_ASSERT_EQUAL(fpk_log_register(""), -EINVAL, "empty name");
	t1 = fpk_log_register("test.logtype.a");
	TEST_ASSERT(t1 >= FPK_LOGTYPE_FIRST_DYNAMIC, "registered %d", t1);
	TEST_ASSERT_EQUAL(fpk_log_register("test.logtype.a"), t1, "same id twice");
	TEST_ASSERT_SUCCESS(fpk_log_set_level_pattern("test.later.*", FPK_LOG_DEBUG), "pattern");
	t2 = fpk_log_register("test.later.b");
	TEST_ASSERT_EQUAL(fpk_log_get_level(t2), FPK_LOG_DEBUG, "pattern applies to later types");
	TEST_ASSERT(fpk_log_can_log(t2, FPK_LOG_DEBUG), "can log");
	TEST_ASSERT_SUCCESS(fpk_log_set_level(t2, FPK_LOG_ERR), "set");
	TEST_ASSERT(!fpk_log_can_log(t2, FPK_LOG_INFO), "filtered");
	TEST_ASSERT_EQUAL(fpk_log_set_level(t2, 0), -EINVAL, "bad level");
	TEST_ASSERT_EQUAL(fpk_log_set_level(100000, FPK_LOG_ERR), -EINVAL, "bad type");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(eal_log, log_types)
