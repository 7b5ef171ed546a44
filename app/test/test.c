/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fpk-test runner: fpk-test [EAL options] -- [--perf] [--list] [name ...]
 * Without names it runs every unit test (and with --perf every perf test);
 * names may be shell globs ("ring_*"). Ends with "N passed, N failed, N skipped"
 * and exits 1 if anything failed, 77 (the skip status of meson and automake)
 * if every test that ran was skipped, 0 otherwise.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <fpk_eal.h>

#include "test.h"

static struct fpk_test *tests_head;
static char skip_reason[256];

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

static void
usage(const char *prog)
{
	printf("Usage: %s [EAL options] -- [--perf] [--list] [TEST ...]\n"
	       "  TEST     test name or shell glob; default: every unit test\n"
	       "  --perf   with no TEST: run the perf tests instead of the unit tests\n"
	       "  --list   list the tests and exit\n"
	       "EAL options:\n", prog);
	fpk_eal_usage(stdout);
}

static bool
selected(const struct fpk_test *t, int nnames, char **names, bool perf)
{
	if (nnames == 0)
		return t->kind == (perf ? FPK_TEST_PERF : FPK_TEST_UNIT);
	for (int i = 0; i < nnames; i++)
		if (fnmatch(names[i], t->name, 0) == 0)
			return true;
	return false;
}

int
main(int argc, char **argv)
{
	unsigned int passed = 0, failed = 0, skipped = 0, matched = 0;
	bool perf = false, list = false;
	char *names[256];
	int nnames = 0;
	int ret;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(argv[0]);
			return 0;
		}
		if (!strcmp(argv[i], "--"))
			break;
	}

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
		else if (argv[i][0] == '-') {
			fprintf(stderr, "fpk-test: unknown option '%s'\n", argv[i]);
			usage(argv[0]);
			fpk_eal_cleanup();
			return 2;
		} else if (nnames < (int)FPK_DIM(names))
			names[nnames++] = argv[i];
	}

	for (struct fpk_test *t = tests_head; t; t = t->next) {
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
		ret = t->fn();
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
