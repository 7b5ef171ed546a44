/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EAL option parsing, and the way fpk_eal_init() fails on bad input and
 * bad environments: each case runs in a child so nothing it records leaks
 * into the running EAL, and bad-environment cases re-execute this binary to
 * check the exit status and the message a user would see.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <eal_private.h>
#include <pci_private.h>

#include "test.h"

/* Run @fn in a forked child; the child's exit status is its result. */
static int
in_child(int (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return TEST_FAILED;
	if (pid == 0)
		_exit(fn() == TEST_SUCCESS ? 0 : 1);
	if (waitpid(pid, &status, 0) != pid)
		return TEST_FAILED;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? TEST_SUCCESS : TEST_FAILED;
}

static int
lcore_lists(void)
{
	struct eal_config cfg;

	eal_config_defaults(&cfg);
	TEST_ASSERT_SUCCESS(eal_parse_lcores("0-3", &cfg), "0-3");
	TEST_ASSERT_EQUAL(cfg.lcore_count, 4u, "count %u", cfg.lcore_count);
	TEST_ASSERT_EQUAL(cfg.main_lcore, 0u, "main");
	TEST_ASSERT_EQUAL(cfg.lcore_cpu[3], 3, "cpu of lcore 3");

	TEST_ASSERT_SUCCESS(eal_parse_lcores("2,5-6", &cfg), "2,5-6");
	TEST_ASSERT_EQUAL(cfg.lcore_count, 3u, "count");
	TEST_ASSERT_EQUAL(cfg.main_lcore, 2u, "main is the lowest");
	TEST_ASSERT_EQUAL(cfg.lcore_cpu[0], -1, "lcore 0 off");

	TEST_ASSERT_SUCCESS(eal_parse_lcores("1@0,2@0", &cfg), "pinning");
	TEST_ASSERT_EQUAL(cfg.lcore_cpu[1], 0, "1@0");
	TEST_ASSERT_EQUAL(cfg.lcore_cpu[2], 0, "2@0");

	TEST_ASSERT_FAIL(eal_parse_lcores("", &cfg), "empty");
	TEST_ASSERT_FAIL(eal_parse_lcores("3-1", &cfg), "reversed range");
	TEST_ASSERT_FAIL(eal_parse_lcores("a", &cfg), "letters");
	TEST_ASSERT_FAIL(eal_parse_lcores("0,0", &cfg), "duplicate");
	TEST_ASSERT_FAIL(eal_parse_lcores("1@", &cfg), "missing cpu");
	TEST_ASSERT_FAIL(eal_parse_lcores("-1", &cfg), "negative");
	TEST_ASSERT_FAIL(eal_parse_lcores(FPK_STR(FPK_MAX_LCORE), &cfg), "above max");

	TEST_ASSERT_SUCCESS(eal_parse_coremask("0x5", &cfg), "mask");
	TEST_ASSERT_EQUAL(cfg.lcore_count, 2u, "mask count");
	TEST_ASSERT_EQUAL(cfg.lcore_cpu[2], 2, "mask bit 2");
	/* Each hex digit, both cases: bit k of the mask is lcore k. */
	for (unsigned int d = 1; d < 16; d++) {
		char lower[8], upper[8];

		snprintf(lower, sizeof(lower), "0x%x0", d);
		snprintf(upper, sizeof(upper), "%X", d);
		TEST_ASSERT_SUCCESS(eal_parse_coremask(lower, &cfg), "%s", lower);
		for (unsigned int b = 0; b < 8; b++)
			TEST_ASSERT_EQUAL(cfg.lcore_cpu[b], b >= 4 && (d >> (b - 4) & 1) ? (int)b : -1,
					  "%s: lcore %u", lower, b);
		TEST_ASSERT_SUCCESS(eal_parse_coremask(upper, &cfg), "%s", upper);
		for (unsigned int b = 0; b < 8; b++)
			TEST_ASSERT_EQUAL(cfg.lcore_cpu[b], b < 4 && (d >> b & 1) ? (int)b : -1,
					  "%s: lcore %u", upper, b);
	}
	TEST_ASSERT_FAIL(eal_parse_coremask("0", &cfg), "zero mask");
	TEST_ASSERT_FAIL(eal_parse_coremask("0xg", &cfg), "bad digit");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(eal_options_lcores, lcore_lists)

static int
socket_mem(void)
{
	struct eal_config cfg;

	eal_config_defaults(&cfg);
	TEST_ASSERT_SUCCESS(eal_parse_socket_mem("1024,512", &cfg), "two nodes");
	TEST_ASSERT_EQUAL(cfg.socket_mem[0], (size_t)1024 << 20, "node 0");
	TEST_ASSERT_EQUAL(cfg.socket_mem[1], (size_t)512 << 20, "node 1");
	TEST_ASSERT_SUCCESS(eal_parse_socket_mem("1G", &cfg), "suffix");
	TEST_ASSERT_EQUAL(cfg.socket_mem[0], (size_t)1 << 30, "1G");
	TEST_ASSERT_FAIL(eal_parse_socket_mem("abc", &cfg), "letters");
	TEST_ASSERT_FAIL(eal_parse_socket_mem("", &cfg), "empty");
	TEST_ASSERT_FAIL(eal_parse_socket_mem("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,"
					      "17,18,19,20,21,22,23,24,25,26,27,28,29,30,"
					      "31,32,33,34,35,36,37,38,39,40,41,42,43,44,"
					      "45,46,47,48,49,50,51,52,53,54,55,56,57,58,"
					      "59,60,61,62,63,64,65", &cfg), "too many nodes");
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(eal_options_socket_mem, socket_mem)

static int
parse(int argc, const char **argv_in, struct eal_config *cfg)
{
	char *argv[32];

	for (int i = 0; i < argc; i++)
		argv[i] = (char *)(uintptr_t)argv_in[i];
	eal_config_defaults(cfg);
	return eal_parse_args(argc, argv, cfg);
}

static int
full_args_child(void)
{
	struct eal_config cfg;
	const char *ok[] = { "app", "-l", "0", "--no-huge", "-n", "4", "--vdev",
			     "net_null0,size=64", "--log-level", "lib.eal:debug",
			     "--file-prefix", "t1", "--in-memory", "--", "-i" };
	char *argv[FPK_DIM(ok)];
	int r;

	for (size_t i = 0; i < FPK_DIM(ok); i++)
		argv[i] = (char *)(uintptr_t)ok[i];
	eal_config_defaults(&cfg);
	r = eal_parse_args((int)FPK_DIM(ok), argv, &cfg);
	TEST_ASSERT_EQUAL(r, 13, "consumed %d", r);
	TEST_ASSERT(strcmp(argv[r], "app") == 0, "argv[ret] is the program name");
	TEST_ASSERT(strcmp(argv[r + 1], "-i") == 0, "app args follow");
	TEST_ASSERT(cfg.no_huge && cfg.in_memory, "flags");
	TEST_ASSERT(strcmp(cfg.file_prefix, "t1") == 0, "prefix");
	TEST_ASSERT_EQUAL(fpk_log_get_level(FPK_LOGTYPE_EAL), FPK_LOG_DEBUG, "log level");
	TEST_ASSERT_EQUAL(fpk_devargs_count(FPK_DEVTYPE_VIRTUAL), 1u, "one vdev");
	TEST_ASSERT(strcmp(fpk_devargs_next(FPK_DEVTYPE_VIRTUAL, NULL)->args, "size=64") == 0,
		    "vdev args");
	TEST_ASSERT_NOT_NULL(fpk_devargs_find(FPK_DEVTYPE_VIRTUAL, "net_null0"), "find");

	const char *noopt[] = { "app" };
	TEST_ASSERT_EQUAL(parse(1, noopt, &cfg), 0, "no options");
	TEST_ASSERT(cfg.lcore_count >= 1, "default lcores: every CPU");

	const char *unknown[] = { "app", "--bogus" };
	TEST_ASSERT_EQUAL(parse(2, unknown, &cfg), -EINVAL, "unknown option");
	const char *iova[] = { "app", "--iova-mode", "xx" };
	TEST_ASSERT_EQUAL(parse(3, iova, &cfg), -EINVAL, "bad iova mode");
	const char *pa_nohuge[] = { "app", "--iova-mode", "pa", "--no-huge" };
	TEST_ASSERT_EQUAL(parse(4, pa_nohuge, &cfg), -EINVAL, "pa with no-huge");
	const char *prefix[] = { "app", "--file-prefix", "a/b" };
	TEST_ASSERT_EQUAL(parse(3, prefix, &cfg), -EINVAL, "slash in prefix");
	const char *m0[] = { "app", "-m", "0" };
	TEST_ASSERT_EQUAL(parse(3, m0, &cfg), -EINVAL, "-m 0");
	const char *mboth[] = { "app", "-m", "64", "--socket-mem", "64" };
	TEST_ASSERT_EQUAL(parse(5, mboth, &cfg), -EINVAL, "-m with --socket-mem");
	const char *loglvl[] = { "app", "--log-level", "lib.eal:loud" };
	TEST_ASSERT_EQUAL(parse(3, loglvl, &cfg), -EINVAL, "bad log level");
	const char *noarg[] = { "app", "-l" };
	TEST_ASSERT_EQUAL(parse(2, noarg, &cfg), -EINVAL, "missing argument");
	const char *ab[] = { "app", "-a", "0000:00:02.0", "-b", "0000:00:03.0" };
	TEST_ASSERT_EQUAL(parse(5, ab, &cfg), -EINVAL, "allow with block");
	return TEST_SUCCESS;
}

static int
full_args(void)
{
	return in_child(full_args_child);
}
FPK_TEST_REGISTER(eal_options_parse, full_args)

static int
run_self(const char *const *args, int want_status, const char *want_text)
{
	static const char *const list[] = { "--list", NULL };

	return fpk_test_run_self(args, list, NULL, want_status, want_text);
}

static int
bad_environments(void)
{
	const char *unknown[] = { "--bogus", NULL };
	const char *lcores[] = { "-l", "0-1023", NULL };
	const char *cpu_missing[] = { "-l", "0,5@100", NULL };
	const char *hugedir[] = { "--huge-dir", "/proc", NULL };
	const char *hugedir_missing[] = { "--huge-dir", "/nonexistent/fpk", NULL };
	const char *iova[] = { "--iova-mode", "both", NULL };
	const char *help[] = { "--help", NULL };

	TEST_RUN(run_self(unknown, 1, "unknown EAL option '--bogus'"));
	TEST_RUN(run_self(lcores, 1, "above the build's limit"));
	TEST_RUN(run_self(cpu_missing, 1, "which this process cannot run on"));
	TEST_RUN(run_self(hugedir, 1, "is not a hugetlbfs mount"));
	TEST_RUN(run_self(hugedir_missing, 1, "mount hugetlbfs there"));
	TEST_RUN(run_self(iova, 1, "use 'pa' or 'va'"));
	TEST_RUN(run_self(help, 0, "--lcores"));
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(eal_options_bad_environment, bad_environments)

static int
memory_shortage(void)
{
	struct eal_hugepage_size sizes[EAL_MAX_HUGEPAGE_SIZES];
	const char *huge[] = { "-m", "1048576", NULL };
	const char *nohuge_ok[] = { "--no-huge", "-m", "16", NULL };
	unsigned long free_pages = 0;
	int n = eal_hugepage_sizes(sizes, EAL_MAX_HUGEPAGE_SIZES);

	for (int i = 0; i < n; i++)
		free_pages += sizes[i].free_pages;
	/* 1 TiB of hugepages: more than any test machine has. */
	TEST_RUN(run_self(huge, 1, free_pages ? "cannot get 1048576 MiB of hugepages" :
			  "no free hugepages"));
	TEST_RUN(run_self(nohuge_ok, 0, "NOT DMA-safe"));
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(eal_options_memory_shortage, memory_shortage)

/*
 * Options a bus owns (here the PCI bus's --no-pci and --vfio-mode): parsed
 * by the EAL with its own, reset before each parse, listed in the usage.
 */
static int
bus_options_child(void)
{
	const char *both[] = { "t", "--no-pci", "--vfio-mode", "group", "--", NULL };
	const char *none[] = { "t", "--", NULL };
	const char *bad[] = { "t", "--vfio-mode", "bogus", NULL };
	const char *missing[] = { "t", "--vfio-mode", NULL };
	struct eal_config cfg;
	char *usage = NULL;
	size_t len = 0;
	FILE *f;

	TEST_ASSERT_EQUAL(parse(5, both, &cfg), 4, "--no-pci --vfio-mode group");
	TEST_ASSERT(pci_env.no_pci && pci_env.vfio_mode == PCI_VFIO_MODE_GROUP, "set");
	TEST_ASSERT_EQUAL(parse(2, none, &cfg), 1, "no bus option");
	TEST_ASSERT(!pci_env.no_pci && pci_env.vfio_mode == PCI_VFIO_MODE_AUTO,
		    "reset before the parse");
	TEST_ASSERT_EQUAL(parse(3, bad, &cfg), -EINVAL, "--vfio-mode bogus");
	TEST_ASSERT_EQUAL(parse(2, missing, &cfg), -EINVAL, "--vfio-mode without a value");
	f = open_memstream(&usage, &len);
	TEST_ASSERT_NOT_NULL(f, "memstream");
	fpk_eal_usage(f);
	fclose(f);
	TEST_ASSERT(strstr(usage, "--vfio-mode cdev|group") && strstr(usage, "--no-pci"),
		    "the PCI bus's usage lines are listed");
	free(usage);
	return TEST_SUCCESS;
}

static int
bus_options(void)
{
	return in_child(bus_options_child);
}
FPK_TEST_REGISTER(eal_options_bus, bus_options)

/* Values and combinations the parser must refuse, each on its own. */
static int
rejected_child(void)
{
	static const char *const cases[][6] = {
		{ "t", "-n", "0", NULL },
		{ "t", "-n", "x", NULL },
		{ "t", "-m", "0", NULL },
		{ "t", "--no-huge", "--huge-dir", "/dev/hugepages", NULL },
		{ "t", "--no-huge", "--socket-mem", "64", NULL },
		{ "t", "--no-huge", "--iova-mode", "pa", NULL },
		{ "t", "-m", "64", "--socket-mem", "64", NULL },
		{ "t", "-a", "0000:00:02.0", "-b", "0000:00:03.0", NULL },
		{ "t", "--file-prefix", "a/b", NULL },
		{ "t", "--iova-mode", "both", NULL },
	};
	struct eal_config cfg;

	for (unsigned int i = 0; i < FPK_DIM(cases); i++) {
		int argc = 0;

		while (cases[i][argc])
			argc++;
		TEST_ASSERT_EQUAL(parse(argc, (const char **)(uintptr_t)cases[i], &cfg), -EINVAL,
				  "case %u (%s %s ...) accepted", i, cases[i][1], cases[i][2]);
		eal_devargs_cleanup();
	}
	return TEST_SUCCESS;
}

static int
rejected(void)
{
	return in_child(rejected_child);
}
FPK_TEST_REGISTER(eal_options_rejected, rejected)
