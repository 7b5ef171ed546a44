/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fpk-test harness: tests register themselves with FPK_TEST_REGISTER
 * (unit) or FPK_PERF_TEST_REGISTER (benchmarks, run only when named or with
 * --perf) and return TEST_SUCCESS, TEST_FAILED or TEST_SKIPPED.
 */
#ifndef FPK_TEST_H
#define FPK_TEST_H

#include <stdio.h>
#include <string.h>

#define TEST_SUCCESS 0
#define TEST_FAILED  (-1)
#define TEST_SKIPPED 77

/* HELPER: not a test; run only when named exactly, by the runner's own
 * tests (so it is neither listed nor in meson's list). */
enum fpk_test_kind { FPK_TEST_UNIT, FPK_TEST_PERF, FPK_TEST_HELPER };

struct fpk_test {
	const char *name;
	int (*fn)(void);
	enum fpk_test_kind kind;
	struct fpk_test *next;
};

void fpk_test_register(struct fpk_test *t);
/** Record why the running test is skipped; return TEST_SKIPPED after it. */
int fpk_test_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * TEST_SUCCESS if this binary can run itself again (execv of
 * /proc/self/exe), else the skip of fpk_test_skip() with the reason: under
 * an emulator without binfmt_misc (qemu-user) the kernel cannot execute it.
 * fpk_test_run_self() checks it; other tests that re-execute call it first.
 */
int fpk_test_self_exec_check(void);
/*
 * Run this binary again with @eal_args and @app_args (NULL-terminated, or
 * NULL), "--in-memory" added, and @env ("NAME=value", or NULL) in its
 * environment; check it exits with @want_status (128 + N for a death by
 * signal N, as a shell reports it) and that its output contains @want_text.
 */
int fpk_test_run_self(const char *const *eal_args, const char *const *app_args,
		      const char *env, int want_status, const char *want_text);

#define FPK_TEST_REGISTER_KIND(nm, func, k)                              \
	static struct fpk_test fpk_test_ ## nm = { #nm, func, k, NULL }; \
	__attribute__((constructor)) static void fpk_test_reg_ ## nm(void) \
	{ fpk_test_register(&fpk_test_ ## nm); }

#define FPK_TEST_REGISTER(nm, func) FPK_TEST_REGISTER_KIND(nm, func, FPK_TEST_UNIT)
#define FPK_PERF_TEST_REGISTER(nm, func) FPK_TEST_REGISTER_KIND(nm, func, FPK_TEST_PERF)
#define FPK_TEST_HELPER(nm, func) FPK_TEST_REGISTER_KIND(nm, func, FPK_TEST_HELPER)

#define TEST_ASSERT(cond, ...) do {                                       \
	if (!(cond)) {                                                    \
		printf("  %s:%d: assertion '%s' failed: ", __FILE__,      \
		       __LINE__, #cond);                                  \
		printf(__VA_ARGS__);                                      \
		printf("\n");                                             \
		return TEST_FAILED;                                       \
	}                                                                 \
} while (0)

#define TEST_ASSERT_EQUAL(a, b, ...) TEST_ASSERT((a) == (b), __VA_ARGS__)
#define TEST_ASSERT_NOT_EQUAL(a, b, ...) TEST_ASSERT((a) != (b), __VA_ARGS__)
#define TEST_ASSERT_SUCCESS(v, ...) TEST_ASSERT((v) == 0, __VA_ARGS__)
#define TEST_ASSERT_FAIL(v, ...) TEST_ASSERT((v) != 0, __VA_ARGS__)
#define TEST_ASSERT_NULL(p, ...) TEST_ASSERT((p) == NULL, __VA_ARGS__)
#define TEST_ASSERT_NOT_NULL(p, ...) TEST_ASSERT((p) != NULL, __VA_ARGS__)

/* Run a sub-test function returning TEST_*; propagate anything but success. */
#define TEST_RUN(expr) do { int r_ = (expr); if (r_ != TEST_SUCCESS) return r_; } while (0)

#endif /* FPK_TEST_H */
