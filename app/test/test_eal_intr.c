/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The EAL's interrupt service (fpk_intr.h): handlers run on the interrupt
 * thread, first-flagged sources before the others of one wake-up, and a
 * source removed by an earlier handler of the same wake-up is not called.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <fpk_cycles.h>
#include <fpk_intr.h>

#include "test.h"

#define NSRC 3

static struct {
	int efd[NSRC];
	uint64_t id[NSRC];
	int order[8];            /* indexes of the handlers, in call order */
	volatile int calls;
	pthread_t thread[NSRC];
	int remove_victim;       /* index handler 0 removes, -1: none */
} st;

static void
handler(int fd, void *arg)
{
	int i = (int)(intptr_t)arg;
	uint64_t n;

	if (read(fd, &n, sizeof(n)) != (ssize_t)sizeof(n))
		return;
	st.thread[i] = pthread_self();
	if (st.calls < 8)
		st.order[st.calls] = i;
	if (i == 0 && st.remove_victim >= 0)
		fpk_intr_source_remove(st.id[st.remove_victim]);
	__atomic_add_fetch(&st.calls, 1, __ATOMIC_RELEASE);
}

/*
 * Make every source ready at once. The writes happen in the handler of a
 * "trigger" source, on the interrupt thread: its next epoll_wait() then
 * finds all of them ready in one wake-up, whatever the scheduling.
 */
static void
trigger_handler(int fd, void *arg)
{
	uint64_t n, one = 1;

	(void)arg;
	if (read(fd, &n, sizeof(n)) != (ssize_t)sizeof(n))
		return;
	for (int i = 0; i < NSRC; i++)
		if (write(st.efd[i], &one, sizeof(one)) != (ssize_t)sizeof(one))
			break;
}

static int trigger_fd = -1;

static void
fire_all(void)
{
	uint64_t one = 1;

	if (write(trigger_fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
		return;
}

static int
wait_calls(int n)
{
	for (int i = 0; i < 2000 && __atomic_load_n(&st.calls, __ATOMIC_ACQUIRE) < n; i++)
		fpk_delay_ms_sleep(1);
	return __atomic_load_n(&st.calls, __ATOMIC_ACQUIRE);
}

static void
teardown(void)
{
	for (int i = 0; i < NSRC; i++) {
		fpk_intr_source_remove(st.id[i]);
		close(st.efd[i]);
	}
}

static int
intr_service(void)
{
	uint64_t bad, trigger_id;

	st.calls = 0;
	st.remove_victim = -1;
	TEST_ASSERT_EQUAL(fpk_intr_source_add(-1, 0, handler, NULL, &bad), -EINVAL, "bad fd");
	TEST_ASSERT_EQUAL(fpk_intr_source_add(0, 0x80, handler, NULL, &bad), -EINVAL, "bad flag");
	TEST_ASSERT_EQUAL(fpk_intr_source_remove(UINT64_MAX), -ENOENT, "unknown id");
	for (int i = 0; i < NSRC; i++) {
		st.efd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		TEST_ASSERT(st.efd[i] >= 0, "eventfd");
		TEST_ASSERT_SUCCESS(fpk_intr_source_add(st.efd[i], 0, handler, (void *)(intptr_t)i,
							&st.id[i]), "add %d", i);
	}
	trigger_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	TEST_ASSERT(trigger_fd >= 0, "eventfd");
	TEST_ASSERT_SUCCESS(fpk_intr_source_add(trigger_fd, 0, trigger_handler, NULL, &trigger_id),
			    "add trigger");
	/* Source 2 is the link-state one: it must run first. */
	TEST_ASSERT_SUCCESS(fpk_intr_source_set_flags(st.id[2], FPK_INTR_F_FIRST), "flags");
	fire_all();
	TEST_ASSERT_EQUAL(wait_calls(NSRC), NSRC, "every handler ran once");
	TEST_ASSERT_EQUAL(st.order[0], 2, "the FPK_INTR_F_FIRST source ran first");
	for (int i = 0; i < NSRC; i++)
		TEST_ASSERT(!pthread_equal(st.thread[i], pthread_self()), "on the interrupt thread");

	/* Handler 0 removes source 1, which is also ready: 1 must not run. */
	TEST_ASSERT_SUCCESS(fpk_intr_source_set_flags(st.id[0], FPK_INTR_F_FIRST), "flags 0");
	TEST_ASSERT_SUCCESS(fpk_intr_source_set_flags(st.id[2], 0), "flags 2");
	st.calls = 0;
	st.remove_victim = 1;
	fire_all();
	TEST_ASSERT_EQUAL(wait_calls(2), 2, "sources 0 and 2 ran");
	fpk_delay_ms_sleep(50);
	TEST_ASSERT_EQUAL(st.calls, 2, "the removed source was not called");
	TEST_ASSERT_EQUAL(st.order[0], 0, "source 0 first");
	TEST_ASSERT_EQUAL(fpk_intr_source_remove(st.id[1]), -ENOENT, "already removed");
	st.id[1] = 0;
	teardown();
	TEST_ASSERT_SUCCESS(fpk_intr_source_remove(trigger_id), "remove trigger");
	close(trigger_fd);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(eal_intr, intr_service)
