/* SPDX-License-Identifier: BSD-3-Clause */
/* EAL runtime: lcores and remote launch, the cycle counter, log types. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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
	TEST_ASSERT_EQUAL(fpk_log_parse_level("8"), FPK_LOG_DEBUG, "8");
	TEST_ASSERT_EQUAL(fpk_log_parse_level("0"), -EINVAL, "0");
	/* Checked whole, not as the int it would be cut to (8, then 1). */
	TEST_ASSERT_EQUAL(fpk_log_parse_level("4294967304"), -EINVAL, "2^32 + 8");
	TEST_ASSERT_EQUAL(fpk_log_parse_level("4294967297"), -EINVAL, "2^32 + 1");
	TEST_ASSERT_EQUAL(fpk_log_parse_level("18446744073709551624"), -EINVAL, "2^64 + 8");
	TEST_ASSERT_EQUAL(fpk_log_parse_level("-1"), -EINVAL, "negative");
	TEST_ASSERT_EQUAL(fpk_log_parse_level("loud"), -EINVAL, "unknown");
	TEST_ASSERT_EQUAL(fpk_log_register(""), -EINVAL, "empty name");
	t1 = fpk_log_register("test.logtype.a");
	TEST_ASSERT(t1 >= FPK_LOGTYPE_FIRST_DYNAMIC, "registered %d", t1);
	TEST_ASSERT_EQUAL(fpk_log_register("test.logtype.a"), t1, "same id twice");
	TEST_ASSERT_SUCCESS(fpk_log_set_level_pattern("test.later.*", FPK_LOG_DEBUG), "pattern");
	t2 = fpk_log_register("test.later.b");
	TEST_ASSERT_EQUAL(fpk_log_get_level(t2), FPK_LOG_DEBUG, "pattern applies to later types");
	/* The same glob again replaces its entry: it never fills the table. */
	for (int i = 0; i < 40; i++)
		TEST_ASSERT_SUCCESS(fpk_log_set_level_pattern("test.later.*", FPK_LOG_DEBUG),
				    "the same pattern, time %d", i + 1);
	TEST_ASSERT(fpk_log_can_log(t2, FPK_LOG_DEBUG), "can log");
	TEST_ASSERT_SUCCESS(fpk_log_set_level(t2, FPK_LOG_ERR), "set");
	TEST_ASSERT(!fpk_log_can_log(t2, FPK_LOG_INFO), "filtered");
	TEST_ASSERT_EQUAL(fpk_log_set_level(t2, 0), -EINVAL, "bad level");
	TEST_ASSERT_EQUAL(fpk_log_set_level(100000, FPK_LOG_ERR), -EINVAL, "bad type");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(eal_log, log_types)

/* ------------------------------------------- one process per --file-prefix */

/* A copy of fpk-test started by eal_file_prefix_race, its stdin and output piped. */
struct lock_child {
	pid_t pid;
	int in, out;
	char buf[8192];
	size_t len;
	bool eof; /* its output ended: it exited */
};

/*
 * Start "fpk-test -l 0 --no-huge --no-pci --file-prefix @prefix --
 * eal_lock_hold" with @env ("NAME=value" or NULL) added to its environment.
 * Unlike fpk_test_run_self() there is no --in-memory: the lock is the point.
 */
static int
lock_child_start(struct lock_child *c, const char *prefix, const char *env)
{
	const char *argv[] = { "fpk-test", "-l", "0", "--no-huge", "--no-pci", "--file-prefix",
			       prefix, "--", "eal_lock_hold", NULL };
	int ipfd[2], opfd[2];

	memset(c, 0, sizeof(*c));
	if (pipe2(ipfd, O_CLOEXEC) != 0)
		return -errno;
	if (pipe2(opfd, O_CLOEXEC) != 0) {
		close(ipfd[0]);
		close(ipfd[1]);
		return -errno;
	}
	fflush(stdout);
	c->pid = fork();
	if (c->pid == 0) {
		dup2(ipfd[0], STDIN_FILENO);
		dup2(opfd[1], STDOUT_FILENO);
		dup2(opfd[1], STDERR_FILENO);
		if (env != NULL)
			putenv((char *)(uintptr_t)env);
		execv("/proc/self/exe", (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	close(ipfd[0]);
	close(opfd[1]);
	c->in = ipfd[1];
	c->out = opfd[0];
	return c->pid < 0 ? -ENOMEM : 0;
}

/*
 * Read @c's output until it holds @text or @ms pass (0: only what is there
 * now) or it ends. @return whether @text was seen.
 */
static bool
lock_child_wait_text(struct lock_child *c, const char *text, int ms)
{
	uint64_t end = fpk_get_time_ns() + (uint64_t)ms * 1000000;

	while (strstr(c->buf, text) == NULL && !c->eof) {
		struct pollfd pfd = { .fd = c->out, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, ms > 0 ? 10 : 0) <= 0) {
			if (fpk_get_time_ns() >= end)
				break;
			continue;
		}
		/* Keep the newest output if there is more than fits. */
		if (c->len == sizeof(c->buf) - 1) {
			memmove(c->buf, c->buf + c->len / 2, c->len - c->len / 2 + 1);
			c->len -= c->len / 2;
		}
		n = read(c->out, c->buf + c->len, sizeof(c->buf) - 1 - c->len);
		if (n <= 0) {
			c->eof = true;
			break;
		}
		c->len += (size_t)n;
		c->buf[c->len] = '\0';
	}
	return strstr(c->buf, text) != NULL;
}

/* Close @c's stdin (its helper returns), collect its output. @return exit status. */
static int
lock_child_finish(struct lock_child *c)
{
	int status;

	close(c->in);
	lock_child_wait_text(c, "\x01 never printed", 20000);
	close(c->out);
	if (waitpid(c->pid, &status, 0) != c->pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Whether process @pid has a config.lock under a directory named for @prefix open. */
static bool
has_lock_open(pid_t pid, const char *prefix)
{
	char dir[64], link[PATH_MAX + 64], target[PATH_MAX];
	struct dirent *e;
	bool found = false;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
	d = opendir(dir);
	if (d == NULL)
		return false;
	while (!found && (e = readdir(d)) != NULL) {
		ssize_t n;

		snprintf(link, sizeof(link), "%s/%s", dir, e->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		found = strstr(target, prefix) != NULL && strstr(target, "/config.lock") != NULL;
	}
	closedir(d);
	return found;
}

/* What eal_file_prefix_race's children run: hold the prefix until stdin closes. */
static int
lock_hold(void)
{
	char c;

	while (read(STDIN_FILENO, &c, 1) > 0)
		;
	return TEST_SUCCESS;
}
FPK_TEST_HELPER(eal_lock_hold, lock_hold)

#define LOCK_RACE_RETRY 1 /* the timing could not be arranged: try again */
#define LOCK_RACE_DELAY_MS 1500
/* The part of B's delay the test may use up before B locks: the rest is margin. */
#define LOCK_RACE_BUDGET_NS ((LOCK_RACE_DELAY_MS - 500) * 1000000ull)

/* Start a child that holds @prefix; @return whether it got it (else *status, output in @c). */
static bool
lock_child_holds(struct lock_child *c, const char *prefix, const char *env, int *status)
{
	if (lock_child_start(c, prefix, env) != 0) {
		*status = -1;
		return false;
	}
	if (lock_child_wait_text(c, "=== eal_lock_hold", 20000))
		return true;
	*status = lock_child_finish(c);
	return false;
}

/*
 * A holds the prefix; B opens A's config.lock and then waits (the test
 * hook) before locking it; A exits meanwhile, unlinking the file. With
 * @replaced false, B then locks the unlinked file, and C, started while B
 * runs, must be refused: B must hold the lock everyone sees. With @replaced
 * true, C starts (and rightly gets the prefix) before B locks, and B must
 * then be refused: the old file it locks is no longer the prefix's lock.
 */
static int
lock_race_once(const char *prefix, bool replaced)
{
	struct lock_child a, b, cc;
	char env[64];
	uint64_t t0;
	int st;

	snprintf(env, sizeof(env), "FPK_TEST_LOCK_DELAY_MS=%d", LOCK_RACE_DELAY_MS);
	if (!lock_child_holds(&a, prefix, NULL, &st))
		TEST_ASSERT(false, "A (exit %d) did not start:\n%s", st, a.buf);
	TEST_ASSERT_SUCCESS(lock_child_start(&b, prefix, env), "start B");
	t0 = fpk_get_time_ns();
	while (!has_lock_open(b.pid, prefix) && fpk_get_time_ns() - t0 < 20000000000ull &&
	       !b.eof) {
		usleep(200);
		lock_child_wait_text(&b, "=== eal_lock_hold", 0);
	}
	if (!has_lock_open(b.pid, prefix)) {
		lock_child_finish(&a);
		st = lock_child_finish(&b);
		TEST_ASSERT(false, "B (exit %d) never opened config.lock:\n%s", st, b.buf);
	}
	/* B now waits between open() and flock(): A exits in that window. */
	t0 = fpk_get_time_ns();
	st = lock_child_finish(&a);
	TEST_ASSERT_EQUAL(st, 0, "A exit %d:\n%s", st, a.buf);
	if (replaced) {
		if (!lock_child_holds(&cc, prefix, NULL, &st)) {
			lock_child_finish(&b);
			TEST_ASSERT(false, "C (exit %d) did not get the prefix A left:\n%s", st,
				    cc.buf);
		}
		if (fpk_get_time_ns() - t0 > LOCK_RACE_BUDGET_NS) {
			lock_child_finish(&b);
			lock_child_finish(&cc);
			return LOCK_RACE_RETRY; /* B may have locked before C started */
		}
		if (lock_child_wait_text(&b, "=== eal_lock_hold", 2 * LOCK_RACE_DELAY_MS)) {
			lock_child_finish(&b);
			lock_child_finish(&cc);
			TEST_ASSERT(false, "B ran with file prefix '%s' while C held it: two "
				    "processes owned one prefix (B locked the config.lock A had "
				    "unlinked, C a new one)", prefix);
		}
		st = lock_child_finish(&b);
		TEST_ASSERT(st != 0 && strstr(b.buf, "another FPK process is running with "
					      "file prefix") != NULL,
			    "B exit %d without the 'another FPK process' message:\n%s", st,
			    b.buf);
		st = lock_child_finish(&cc);
		TEST_ASSERT_EQUAL(st, 0, "C exit %d:\n%s", st, cc.buf);
		return TEST_SUCCESS;
	}
	if (fpk_get_time_ns() - t0 > LOCK_RACE_BUDGET_NS) {
		lock_child_finish(&b);
		return LOCK_RACE_RETRY; /* A took too long: B may have tried while A held it */
	}
	if (!lock_child_wait_text(&b, "=== eal_lock_hold", 20000)) {
		st = lock_child_finish(&b);
		TEST_ASSERT(false, "B (exit %d) did not start after A exited:\n%s", st, b.buf);
	}
	TEST_ASSERT_SUCCESS(lock_child_start(&cc, prefix, NULL), "start C");
	st = lock_child_finish(&cc);
	if (st == 0) {
		lock_child_finish(&b);
		TEST_ASSERT(false, "C ran with file prefix '%s' while B held it: two processes "
			    "owned one prefix (B locked the config.lock A had unlinked)", prefix);
	}
	TEST_ASSERT(strstr(cc.buf, "another FPK process is running with file prefix") != NULL,
		    "C exit %d without the 'another FPK process' message:\n%s", st, cc.buf);
	st = lock_child_finish(&b);
	TEST_ASSERT_EQUAL(st, 0, "B exit %d:\n%s", st, b.buf);
	return TEST_SUCCESS;
}

static int
file_prefix_race(void)
{
	char prefix[32];

	TEST_RUN(fpk_test_self_exec_check());
	snprintf(prefix, sizeof(prefix), "lockrace%d", (int)getpid());
	for (int replaced = 0; replaced < 2; replaced++) {
		int ret = LOCK_RACE_RETRY;

		for (int i = 0; i < 3 && ret == LOCK_RACE_RETRY; i++)
			ret = lock_race_once(prefix, replaced);
		if (ret == LOCK_RACE_RETRY)
			return fpk_test_skip("machine too loaded to arrange the race: A's exit%s "
					     "took over %llu ms three times", replaced ?
					     " and C's start" : "", LOCK_RACE_BUDGET_NS / 1000000);
		if (ret != TEST_SUCCESS)
			return ret;
	}
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(eal_file_prefix_race, file_prefix_race)
