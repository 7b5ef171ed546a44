/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fpk-test runner itself: a test that hangs fails with its name after
 * --timeout, with the summary line, instead of stalling the run.
 */
#include <stdlib.h>
#include <unistd.h>

#include "test.h"

/* Hangs when FPK_TEST_HANG is set; the runner must end it. */
static int
hang(void)
{
	if (getenv("FPK_TEST_HANG") == NULL)
		return TEST_SUCCESS;
	for (;;)
		pause();
}
FPK_TEST_HELPER(runner_hang, hang)

static int
runner_timeout(void)
{
	static const char *const eal[] = { "-l", "0", "--no-huge", NULL };
	static const char *const app[] = { "--timeout", "1", "runner_hang", NULL };

	TEST_RUN(fpk_test_run_self(eal, app, "FPK_TEST_HANG=1", 1,
				   "FAIL - runner_hang: did not finish within 1 s"));
	TEST_RUN(fpk_test_run_self(eal, app, "FPK_TEST_HANG=1", 1,
				   "0 passed, 1 failed, 0 skipped"));
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(runner_timeout, runner_timeout)
