/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fpk-test runner: fpk-test [EAL options] -- [--perf] [--list] [--timeout S]
 * [name ...]. Without names it runs every unit test (and with --perf every
 * perf test); names may be shell globs ("ring_*"). A test that runs longer
 * than its timeout fails with its name and ends the run: a deadlock must
 * not stall CI. Ends with "N passed, N failed, N skipped" and exits 1 if
 * anything failed, 77 (the skip status of meson and automake) if every
 * test that ran was skipped, 0 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fpk_eal.h>

#include "test.h"

/* Seconds a test may run, by kind, unless --timeout says otherwise. */
#define UNIT_TIMEOUT 300
#define PERF_TIMEOUT 1800

static struct fpk_test *tests_head;
static char skip_reason[256];
/* For the SIGALRM handler: the line it writes when the running test is late. */
static char late_line[192];

void
fpk_test_register(struct fpk_test *t)
{
	struct fpk_test **pp = &tests_head;

	/* Keep tests sorted by name so runs and listings are stable. */
	while (*pp && strcmp((*pp)->name, t->name) < 0)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
}

int
fpk_test_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(skip_reason, sizeof(skip_reason), fmt, ap);
	va_end(ap);
	return TEST_SKIPPED;
}

int
fpk_test_self_exec_check(void)
{
	static int exec_errno = -1;
	char *const argv[] = { (char *)"fpk-test", (char *)"--", (char *)"--help", NULL };
	int pfd[2], err = 0;
	pid_t pid;

	/* Once per run: the answer cannot change. The child reports a failed
	 * execv on a close-on-exec pipe, which a successful one just closes
	 * (and --help then exits before the EAL starts). */
	if (exec_errno < 0) {
		if (pipe2(pfd, O_CLOEXEC))
			return fpk_test_skip("pipe2: %s", strerror(errno));
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);

			dup2(fd, 1);
			dup2(fd, 2);
			execv("/proc/self/exe", argv);
			err = errno;
			if (write(pfd[1], &err, sizeof(err)) != sizeof(err))
				_exit(126);
			_exit(127);
		}
		close(pfd[1]);
		if (pid < 0 || read(pfd[0], &err, sizeof(err)) != sizeof(err))
			err = pid < 0 ? errno : 0;
		close(pfd[0]);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		exec_errno = err;
	}
	if (exec_errno)
		return fpk_test_skip("cannot run fpk-test again (execv /proc/self/exe: %s): "
				     "under qemu-user, register it with binfmt_misc "
				     "(Debian package qemu-user-binfmt)", strerror(exec_errno));
	return TEST_SUCCESS;
}

int
fpk_test_run_self(const char *const *eal_args, const char *const *app_args,
		  const char *env, int want_status, const char *want_text)
{
	char out[8192] = "";
	char *argv[24];
	int pfd[2], status, n = 0;
	size_t got = 0;
	ssize_t r;
	pid_t pid;

	argv[n++] = (char *)"fpk-test";
	for (int i = 0; eal_args && eal_args[i] && n < 12; i++)
		argv[n++] = (char *)(uintptr_t)eal_args[i];
	argv[n++] = (char *)"--in-memory";
	argv[n++] = (char *)"--";
	for (int i = 0; app_args && app_args[i] && n < 22; i++)
		argv[n++] = (char *)(uintptr_t)app_args[i];
	argv[n] = NULL;
	TEST_RUN(fpk_test_self_exec_check());
	if (pipe(pfd))
		return TEST_FAILED;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		if (env)
			putenv((char *)(uintptr_t)env);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(pfd[1]);
	while ((r = read(pfd[0], out + got, sizeof(out) - 1 - got)) > 0)
		got += (size_t)r;
	close(pfd[0]);
	waitpid(pid, &status, 0);
	/* As a shell reports it: a death by signal is 128 + the signal. */
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	TEST_ASSERT_EQUAL(status, want_status, "'%s ...' exit status %d, output:\n%s", argv[1],
			  status, out);
	TEST_ASSERT(strstr(out, want_text) != NULL, "'%s ...' output lacks '%s':\n%s",
		    argv[1], want_text, out);
	return TEST_SUCCESS;
}

/* fpk-test's part of --help; the EAL prints its own after it. */
static void
usage_app(const char *prog)
{
	printf("Usage: %s [EAL options] -- [--perf] [--list] [--timeout S] [TEST ...]\n"
	       "  TEST         test name or shell glob; default: every unit test\n"
	       "  --perf       with no TEST: run the perf tests instead of the unit tests\n"
	       "  --list       list the tests and exit\n"
	       "  --timeout S  fail a test that runs longer than S seconds, and stop\n"
	       "               (default %d for unit tests, %d for perf tests; 0: none)\n",
	       prog, UNIT_TIMEOUT, PERF_TIMEOUT);
}

static void
usage(const char *prog)
{
	usage_app(prog);
	printf("EAL options:\n");
	fpk_eal_usage(stdout);
}

/*
 * Whether fpk-test's own options (after "--") ask for help: answered before
 * the EAL starts, so that help needs no memory. A value of --timeout is
 * not an option. -h among the EAL options is the EAL's to find.
 */
static bool
app_wants_help(int argc, char **argv)
{
	int i = 1;

	while (i < argc && strcmp(argv[i], "--") != 0)
		i++;
	for (i++; i < argc; i++) {
		if (!strcmp(argv[i], "--timeout"))
			i++;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	}
	return false;
}

/* Helpers run only when named exactly (the runner's own tests start them). */
static bool
selected(const struct fpk_test *t, int nnames, char **names, bool perf)
{
	if (nnames == 0)
		return t->kind == (perf ? FPK_TEST_PERF : FPK_TEST_UNIT);
	for (int i = 0; i < nnames; i++)
		if (t->kind == FPK_TEST_HELPER ? strcmp(names[i], t->name) == 0 :
						 fnmatch(names[i], t->name, 0) == 0)
			return true;
	return false;
}

static void
on_late(int sig)
{
	(void)sig;
	/* Only async-signal-safe calls: the test may hold any lock. */
	if (write(STDOUT_FILENO, late_line, strlen(late_line)) < 0)
		_exit(1);
	_exit(1);
}

/*
 * Arm the alarm for @t: @timeout seconds, or its kind's default if < 0.
 * The line the handler would write ends the run's output as usual, with
 * the counts so far and this test failed.
 */
static void
arm_timeout(const struct fpk_test *t, long timeout, unsigned int passed, unsigned int failed,
	    unsigned int skipped)
{
	unsigned int s = timeout >= 0 ? (unsigned int)timeout :
			 t->kind == FPK_TEST_PERF ? PERF_TIMEOUT : UNIT_TIMEOUT;

	snprintf(late_line, sizeof(late_line),
		 "FAIL - %s: did not finish within %u s (fpk-test --timeout)\n"
		 "%u passed, %u failed, %u skipped\n", t->name, s, passed, failed + 1, skipped);
	alarm(s);
}

int
main(int argc, char **argv)
{
	unsigned int passed = 0, failed = 0, skipped = 0, matched = 0;
	bool perf = false, list = false;
	long timeout = -1;
	char *names[256];
	int nnames = 0;
	int ret;

	if (app_wants_help(argc, argv)) {
		usage(argv[0]);
		return 0;
	}
	fpk_eal_set_usage_hook(usage_app);
	ret = fpk_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "fpk-test: EAL init failed: %s\n", strerror(fpk_errno));
		return 1;
	}
	for (int i = ret + 1; i < argc; i++) {
		if (!strcmp(argv[i], "--perf"))
			perf = true;
		else if (!strcmp(argv[i], "--list"))
			list = true;
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			timeout = strtol(argv[++i], NULL, 10);
		else if (argv[i][0] == '-') {
			fprintf(stderr, "fpk-test: unknown option '%s'\n", argv[i]);
			usage(argv[0]);
			fpk_eal_cleanup();
			return 2;
		} else if (nnames < (int)FPK_DIM(names))
			names[nnames++] = argv[i];
	}

	signal(SIGALRM, on_late);
	for (struct fpk_test *t = tests_head; t; t = t->next) {
		if (list && t->kind == FPK_TEST_HELPER)
			continue;
		if (list) {
			printf("%-32s %s\n", t->name, t->kind == FPK_TEST_PERF ? "perf" : "unit");
			continue;
		}
		if (!selected(t, nnames, names, perf))
			continue;
		matched++;
		skip_reason[0] = '\0';
		printf("=== %s\n", t->name);
		fflush(stdout);
		arm_timeout(t, timeout, passed, failed, skipped);
		ret = t->fn();
		alarm(0);
		if (ret == TEST_SUCCESS) {
			printf("ok - %s\n", t->name);
			passed++;
		} else if (ret == TEST_SKIPPED) {
			printf("skip - %s: %s\n", t->name,
			       skip_reason[0] ? skip_reason : "no reason given");
			skipped++;
		} else {
			printf("FAIL - %s\n", t->name);
			failed++;
		}
		fflush(stdout);
	}
	if (!list && nnames > 0 && matched == 0) {
		fprintf(stderr, "fpk-test: no test matches the names given (try --list)\n");
		failed++;
	}
	fpk_eal_cleanup();
	if (!list)
		printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
	if (failed)
		return 1;
	return skipped > 0 && passed == 0 ? 77 : 0;
}
