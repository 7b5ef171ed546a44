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
#include <sys/mman.h>
#include <sys/wait.h>
#include <syslog.h>
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
	if (pid == 0) {
		int r = fn();

		/* _exit() does not flush: the failed assertion's line would be lost. */
		fflush(stdout);
		_exit(r == TEST_SUCCESS ? 0 : 1);
	}
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
	/* A G size is range-checked before the shift: 2^54 G is 2^64 MiB... */
	TEST_ASSERT_FAIL(eal_parse_socket_mem("18014398509481984G", &cfg), "2^54 G wraps to 0");
	TEST_ASSERT_FAIL(eal_parse_socket_mem("18014398509481985G", &cfg), "wraps to 1 GiB");
	TEST_ASSERT_FAIL(eal_parse_socket_mem("64,18014398509481984G", &cfg), "node 1 wraps");
	TEST_ASSERT_FAIL(eal_parse_socket_mem("1073741825G", &cfg), "just above the limit");
	TEST_ASSERT_FAIL(eal_parse_socket_mem("99999999999999999999999", &cfg), "ERANGE");
	TEST_ASSERT_SUCCESS(eal_parse_socket_mem("1073741824G", &cfg), "the limit, 2^40 MiB");
	TEST_ASSERT_EQUAL(cfg.socket_mem[0], (size_t)1 << 60, "2^40 MiB");
	/* Every node empty: each allocation would fail later. */
	TEST_ASSERT_FAIL(eal_parse_socket_mem("0", &cfg), "no memory at all");
	TEST_ASSERT_FAIL(eal_parse_socket_mem("0,0G", &cfg), "no memory on any node");
	/* An empty field is a node left out, not a separator to skip. */
	TEST_ASSERT_FAIL(eal_parse_socket_mem("256,,256", &cfg), "empty middle field");
	TEST_ASSERT_FAIL(eal_parse_socket_mem(",256", &cfg), "empty first field");
	TEST_ASSERT_FAIL(eal_parse_socket_mem("256,", &cfg), "empty last field");
	TEST_ASSERT_SUCCESS(eal_parse_socket_mem("0,256", &cfg), "node 0 gets none");
	TEST_ASSERT(cfg.socket_mem[0] == 0 && cfg.socket_mem[1] == (size_t)256 << 20 &&
		    cfg.socket_mem[2] == 0, "0,256: %zu %zu %zu", cfg.socket_mem[0],
		    cfg.socket_mem[1], cfg.socket_mem[2]);
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

/*
 * Run this binary with @eal_args and "--in-memory -- --list": @return its
 * exit status (128 + N for signal N), its output (cut to @size) in @out.
 */
static int
run_capture(const char *const *eal_args, char *out, size_t size)
{
	char *argv[24], drain[512];
	int pfd[2], status, n = 0;
	size_t got = 0;
	ssize_t r;
	pid_t pid;

	argv[n++] = (char *)"fpk-test";
	for (int i = 0; eal_args[i] && n < 20; i++)
		argv[n++] = (char *)(uintptr_t)eal_args[i];
	argv[n++] = (char *)"--in-memory";
	argv[n++] = (char *)"--";
	argv[n++] = (char *)"--list";
	argv[n] = NULL;
	if (pipe(pfd))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(pfd[1]);
	/* Read to the end even past @size: a closed pipe would kill the child. */
	for (;;) {
		bool room = got < size - 1;

		r = read(pfd[0], room ? out + got : drain, room ? size - 1 - got : sizeof(drain));
		if (r <= 0)
			break;
		if (room)
			got += (size_t)r;
	}
	out[got] = '\0';
	close(pfd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Run with @eal_args; want exit status 1, @want in the output, @unwanted
 * (or NULL) not in it. */
static int
check_run(const char *const *eal_args, const char *want, const char *unwanted)
{
	char out[8192];
	int status;

	TEST_RUN(fpk_test_self_exec_check());
	status = run_capture(eal_args, out, sizeof(out));

	TEST_ASSERT(status == 1 && strstr(out, want) && !(unwanted && strstr(out, unwanted)),
		    "'%s %s': exit status %d, want 1 with '%s'%s%s%s, output:\n%s", eal_args[0],
		    eal_args[1] ? eal_args[1] : "", status, want, unwanted ? " and without '" : "",
		    unwanted ? unwanted : "", unwanted ? "'" : "", out);
	return TEST_SUCCESS;
}

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
	const char *group[] = { "-hzq", NULL };
	const char *vdev[] = { "--vdev", NULL };
	const char *prefix_h[] = { "--file-prefix", "-h", NULL };

	TEST_RUN(run_self(unknown, 1, "unknown EAL option '--bogus'"));
	TEST_RUN(run_self(lcores, 1, "above the build's limit"));
	TEST_RUN(run_self(cpu_missing, 1, "which this process cannot run on"));
	TEST_RUN(run_self(hugedir, 1, "is not a hugetlbfs mount"));
	TEST_RUN(run_self(hugedir_missing, 1, "mount hugetlbfs there"));
	TEST_RUN(run_self(group, 1, "unknown EAL option '-z' (in '-hzq')"));
	TEST_RUN(run_self(vdev, 1, "option '--vdev' needs a value"));
	TEST_RUN(run_self(iova, 1, "use 'pa' or 'va'"));
	TEST_RUN(run_self(help, 0, "--lcores"));
	/* The application's part first, through fpk_eal_set_usage_hook(). */
	TEST_RUN(run_self(help, 0, "-- [--perf] [--list] [--timeout S] [TEST ...]"));
	/* A value that looks like -h is the option's value, not a help request. */
	TEST_RUN(run_self(prefix_h, 1, "invalid --file-prefix '-h'"));
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(eal_options_bad_environment, bad_environments)

static int
memory_shortage(void)
{
	struct eal_hugepage_size sizes[EAL_MAX_HUGEPAGE_SIZES];
	const char *huge[] = { "-m", "1048576", NULL };
	const char *nohuge_ok[] = { "--no-huge", "-m", "16", NULL };
	const char *nohuge_big[] = { "--no-huge", "-m", "1099511627776", NULL };
	unsigned long free_pages = 0;
	int n = eal_hugepage_sizes(sizes, EAL_MAX_HUGEPAGE_SIZES);

	for (int i = 0; i < n; i++)
		free_pages += sizes[i].free_pages;
	/* 1 TiB of hugepages: more than any test machine has. */
	TEST_RUN(run_self(huge, 1, free_pages ? "cannot get 1048576 MiB of hugepages" :
			  "no free hugepages"));
	TEST_RUN(run_self(nohuge_ok, 0, "NOT DMA-safe"));
	/* 1 EiB (the -m limit) of ordinary memory: say what failed and the fix. */
	TEST_RUN(run_self(nohuge_big, 1, "--no-huge: cannot allocate 1099511627776 MiB of "
			  "ordinary memory"));
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(eal_options_memory_shortage, memory_shortage)

/* The pool of @pg pages, free as the EAL counts it (less reservations). */
static int
pool_of(size_t pg, unsigned long *total, unsigned long *free_pages)
{
	struct eal_hugepage_size sizes[EAL_MAX_HUGEPAGE_SIZES];
	int n = eal_hugepage_sizes(sizes, EAL_MAX_HUGEPAGE_SIZES);

	for (int i = 0; i < n; i++) {
		if (sizes[i].page_sz == pg) {
			*total = sizes[i].total_pages;
			*free_pages = sizes[i].free_pages;
			return 0;
		}
	}
	return -ENOENT;
}

/*
 * The shortage advice when another process holds pages: fpk-hugepages
 * --reserve sets the pool's TOTAL, so the advice is the total plus what is
 * missing. This test holds half the free pages itself, as "another process".
 */
static int
hugepage_advice(void)
{
	size_t pg = eal_hugepage_default_size();
	unsigned long total, free_pages, held, need = 0;
	char mb[32] = "", want[96], out[8192] = "";
	const char *p;
	const char *args[] = { "-m", mb, NULL };
	int fd, status = -1;

	TEST_RUN(fpk_test_self_exec_check());
	if (pg == 0 || pool_of(pg, &total, &free_pages) != 0)
		return fpk_test_skip("no default hugepage size in /proc/meminfo");
	if (free_pages < 8)
		return fpk_test_skip("needs 8 free hugepages of %zu kB, %lu free: "
				     "usertools/fpk-hugepages --reserve 512M", pg >> 10, free_pages);
	held = free_pages / 2;
	fd = memfd_create("fpk-test-held", MFD_CLOEXEC | MFD_HUGETLB);
	TEST_ASSERT(fd >= 0, "memfd_create(MFD_HUGETLB): %s", strerror(errno));
	if (fallocate(fd, 0, 0, (off_t)(held * pg)) != 0) {
		close(fd);
		return fpk_test_skip("cannot hold %lu hugepages: %s", held, strerror(errno));
	}
	/* 20 pages more than are free: 20 missing. Other processes may take or
	 * give back pages meanwhile (meson runs tests in parallel), so the
	 * advice is checked against the pool as the child saw it, which its
	 * message gives; a child that got its memory after all runs again. */
	for (int attempt = 0; attempt < 5 && status != 1; attempt++) {
		if (pool_of(pg, &total, &free_pages) != 0)
			break;
		need = free_pages + 20;
		snprintf(mb, sizeof(mb), "%luM", (unsigned long)((need * pg) >> 20));
		status = run_capture(args, out, sizeof(out));
	}
	close(fd);
	snprintf(want, sizeof(want), "%zu kB: ", pg >> 10);
	p = strstr(out, want);
	TEST_ASSERT(status == 1 && p && sscanf(p + strlen(want), "%lu of %lu free", &free_pages,
						&total) == 2,
		    "-m %s with %lu pages held here: exit status %d, want 1 and the pool of %zu kB "
		    "pages as '%sF of T free', output:\n%s", mb, held, status, pg >> 10, want, out);
	/* The pool's total plus what is missing (all of it, if the free pages
	 * were not enough although they seemed to be). */
	snprintf(want, sizeof(want), "--reserve %luM", (unsigned long)
		 (((total + (need > free_pages ? need - free_pages : need)) * pg) >> 20));
	TEST_ASSERT(strstr(out, want), "-m %s with %lu of %lu pages free (%lu held here): "
		    "want '%s', output:\n%s", mb, free_pages, total, held, want, out);
	return TEST_SUCCESS;
}
FPK_TEST_REGISTER(eal_options_hugepage_advice, hugepage_advice)

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
		/* Sizes range-checked before a G shift wraps them around. */
		{ "t", "-m", "18014398509481985G", NULL },
		{ "t", "-m", "18014398509481984G", NULL },
		{ "t", "-m", "1099511627777", NULL },
		{ "t", "--socket-mem", "18014398509481984G", NULL },
		{ "t", "--socket-mem", "0", NULL },
		{ "t", "--socket-mem", "256,,256", NULL },
		/* Numeric levels checked before they are made an int. */
		{ "t", "--log-level", "4294967304", NULL },
		{ "t", "--log-level", "lib.eal:4294967297", NULL },
		{ "t", "--log-level", "18446744073709551617", NULL },
		/* A file prefix is one plain name. */
		{ "t", "--file-prefix", "..", NULL },
		{ "t", "--file-prefix", ".", NULL },
		{ "t", "--file-prefix", "", NULL },
		{ "t", "--file-prefix", "-h", NULL },
		{ "t", "--file-prefix", "/", NULL },
		{ "t", "--huge-dir", "", NULL },
		/* A value left out: getopt would take "--" (or the next option). */
		{ "t", "--vdev", "--", "-i", NULL },
		{ "t", "--file-prefix", "--in-memory", NULL },
		{ "t", "-l", "--", NULL },
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

/* Values at the edge of what is accepted, with what they become. */
static int
accepted_child(void)
{
	const char *mmax[] = { "t", "-m", "1099511627776", NULL };
	const char *mg[] = { "t", "-m", "2G", NULL };
	const char *prefix[] = { "t", "--file-prefix", "..a.b-c_", NULL };
	const char *lvl[] = { "t", "--log-level", "lib.eal:8", NULL };
	struct eal_config cfg;

	TEST_ASSERT_EQUAL(parse(3, mmax, &cfg), 2, "-m 2^40 (MiB), the limit");
	TEST_ASSERT_EQUAL(cfg.mem_limit, (size_t)1 << 60, "-m 2^40: %zu", cfg.mem_limit);
	TEST_ASSERT_EQUAL(parse(3, mg, &cfg), 2, "-m 2G");
	TEST_ASSERT_EQUAL(cfg.mem_limit, (size_t)2 << 30, "-m 2G: %zu", cfg.mem_limit);
	TEST_ASSERT_EQUAL(parse(3, prefix, &cfg), 2, "dots and dashes inside a name");
	TEST_ASSERT(strcmp(cfg.file_prefix, "..a.b-c_") == 0, "prefix %s", cfg.file_prefix);
	TEST_ASSERT_EQUAL(parse(3, lvl, &cfg), 2, "lib.eal:8");
	TEST_ASSERT_EQUAL(fpk_log_get_level(FPK_LOGTYPE_EAL), FPK_LOG_DEBUG, "8 is debug");
	return TEST_SUCCESS;
}

static int
accepted(void)
{
	return in_child(accepted_child);
}
FPK_TEST_REGISTER(eal_options_accepted, accepted)

/*
 * Parse @args (NULL-terminated, program name first) with the EAL's log in
 * @log: @return the parse's result.
 */
static int
parse_logged(const char *const *args, struct eal_config *cfg, char *log, size_t size)
{
	char *argv[80], *buf = NULL;
	size_t len = 0;
	int argc = 0, r;
	FILE *f;

	while (args[argc] && argc < (int)FPK_DIM(argv) - 1) {
		argv[argc] = (char *)(uintptr_t)args[argc];
		argc++;
	}
	argv[argc] = NULL;
	f = open_memstream(&buf, &len);
	if (f == NULL)
		return -ENOMEM;
	fpk_log_set_stream(f);
	eal_config_defaults(cfg);
	r = eal_parse_args(argc, argv, cfg);
	fpk_log_set_stream(NULL);
	fclose(f);
	snprintf(log, size, "%s", buf ? buf : "");
	free(buf);
	eal_devargs_cleanup();
	return r;
}

#define EXPECT_MSG(want, ...) do {                                                  \
	const char *args_[] = { "t", __VA_ARGS__, NULL };                            \
	char log_[1024];                                                              \
	int r_ = parse_logged(args_, &cfg, log_, sizeof(log_));                       \
	TEST_ASSERT(r_ == -EINVAL && strstr(log_, want), "%s ...: result %d, want "  \
		    "-EINVAL and '%s', log: %s", args_[1], r_, want, log_);          \
} while (0)

/* What a rejected command line says: the cause, in words that fit it. */
static int
messages_child(void)
{
	static char names[EAL_LOG_MAX_PATTERNS + 1][16];
	const char *many[2 * (EAL_LOG_MAX_PATTERNS + 1) + 2] = { "t" };
	const char *same[2 * (EAL_LOG_MAX_PATTERNS + 1) + 2] = { "t" };
	const char *good[] = { "t", "-l", "0", "--", NULL };
	struct eal_config cfg;
	char log[1024];
	int n = 1;

	/* A value left out before "--" or another option. */
	EXPECT_MSG("option '--vdev' needs a value", "--vdev", "--", "-i");
	EXPECT_MSG("option '--file-prefix' needs a value", "--file-prefix", "--in-memory");
	EXPECT_MSG("option '--file-prefix' needs a value", "--file-prefix");
	EXPECT_MSG("option -l needs a value", "-l", "--");
	EXPECT_MSG("option '--no-huge' takes no value", "--no-huge=1");
	/* A letter of a group, not the program or the previous argument. */
	EXPECT_MSG("unknown EAL option '-z' (in '-hzq')", "-hzq");
	EXPECT_MSG("unknown EAL option '-z' (in '-hzq')", "-l", "0", "-hzq");
	EXPECT_MSG("unknown EAL option '-z'", "-z");
	EXPECT_MSG("unknown EAL option '--bogus'", "--bogus");
	/* The parse after one that stopped inside "-hzq" starts afresh. */
	TEST_ASSERT_EQUAL(parse_logged(good, &cfg, log, sizeof(log)), 3, "after -hzq: %s", log);
	/* "--file-prefix -h": "-h" is the prefix, refused; not a help request. */
	EXPECT_MSG("invalid --file-prefix '-h': it starts with '-'", "--file-prefix", "-h");
	TEST_ASSERT(!cfg.help, "--file-prefix -h asked for the help");
	EXPECT_MSG("invalid --file-prefix '..'", "--file-prefix", "..");
	EXPECT_MSG("-m '18014398509481985G' is too large", "-m", "18014398509481985G");
	EXPECT_MSG("'18014398509481984G' for NUMA node 0 is too large", "--socket-mem",
		   "18014398509481984G");
	EXPECT_MSG("gives no NUMA node any memory", "--socket-mem", "0");
	EXPECT_MSG("the size of NUMA node 1 is missing", "--socket-mem", "256,,256");
	EXPECT_MSG("--huge-dir is empty", "--huge-dir", "");
	EXPECT_MSG("LEVEL is a name (emergency", "--log-level", "4294967304");

	/* The pattern table full: said so, with its size. */
	eal_log_reset();
	for (unsigned int i = 0; i <= EAL_LOG_MAX_PATTERNS; i++) {
		snprintf(names[i], sizeof(names[i]), "t%u.*:debug", i);
		many[n] = "--log-level";
		same[n++] = "--log-level";
		many[n] = names[i];
		same[n++] = "lib.eal:debug";
	}
	TEST_ASSERT_EQUAL(parse_logged(many, &cfg, log, sizeof(log)), -EINVAL,
			  "%u patterns accepted", EAL_LOG_MAX_PATTERNS + 1);
	TEST_ASSERT(strstr(log, "the table of TYPE:LEVEL patterns is full (32 patterns)") &&
		    !strstr(log, "invalid"), "pattern %u: %s", EAL_LOG_MAX_PATTERNS + 1, log);
	/* One pattern given again and again takes one entry. */
	eal_log_reset();
	TEST_ASSERT_EQUAL(parse_logged(same, &cfg, log, sizeof(log)), n - 1,
			  "the same pattern %u times: %s", EAL_LOG_MAX_PATTERNS + 1, log);
	eal_log_reset();
	return TEST_SUCCESS;
}

static int
messages(void)
{
	return in_child(messages_child);
}
FPK_TEST_REGISTER(eal_options_messages, messages)

/*
 * Each way --huge-dir can be wrong, with the fix for it: mounting
 * hugetlbfs there only for an empty directory that is no mount point.
 */
static int
huge_dir(void)
{
	char empty[] = "/tmp/fpk-test-hugedir-XXXXXX";
	const char *proc[] = { "--huge-dir", "/proc", NULL };
	const char *file[] = { "--huge-dir", "/proc/self/status", NULL };
	const char *none[] = { "--huge-dir", "", NULL };
	const char *missing[] = { "--huge-dir", "/nonexistent/fpk", NULL };
	const char *under_file[] = { "--huge-dir", "/proc/self/status/x", NULL };
	const char *dir[] = { "--huge-dir", empty, NULL };
	int ret;

	TEST_RUN(check_run(proc, "--huge-dir /proc is not a hugetlbfs mount: a proc "
			   "filesystem is mounted there", "nodev /proc"));
	TEST_RUN(check_run(file, "--huge-dir /proc/self/status is not a directory",
			   "nodev /proc/self/status"));
	TEST_RUN(check_run(none, "--huge-dir is empty", NULL));
	TEST_RUN(check_run(missing, "--huge-dir /nonexistent/fpk does not exist: create it "
			   "and mount hugetlbfs there", "Operation not supported"));
	TEST_RUN(check_run(missing, "EAL init failed: No such file or directory", NULL));
	TEST_RUN(check_run(under_file, "a part of the path is not a directory", "nodev"));
	TEST_ASSERT_NOT_NULL(mkdtemp(empty), "mkdtemp: %s", strerror(errno));
	ret = check_run(dir, "(an empty directory on", NULL);
	if (ret == TEST_SUCCESS)
		ret = check_run(dir, "mount hugetlbfs there ('mount -t hugetlbfs nodev", NULL);
	rmdir(empty);
	return ret;
}
FPK_TEST_REGISTER(eal_options_huge_dir, huge_dir)

#define EXPECT_OK_MSG(want, ...) do {                                               \
	const char *args_[] = { "t", __VA_ARGS__, NULL };                            \
	char log_[1024];                                                              \
	int r_ = parse_logged(args_, &cfg, log_, sizeof(log_));                       \
	TEST_ASSERT(r_ == (int)FPK_DIM(args_) - 2 && strstr(log_, want), "%s ...: "  \
		    "result %d, want %d and '%s', log: %s", args_[1], r_,             \
		    (int)FPK_DIM(args_) - 2, want, log_);                             \
} while (0)

/*
 * DPDK 22.11's EAL options that scripts pass: each does what DPDK's does,
 * is accepted with a notice of what FPK does instead, or is refused with
 * the reason.
 */
static int
dpdk_options_child(void)
{
	const char *main_after[] = { "t", "-l", "0-1", "--main-lcore", "1", NULL };
	const char *main_before[] = { "t", "--main-lcore", "1", "-c", "0x3", NULL };
	const char *no_main[] = { "t", "-l", "2-3", NULL };
	const char *notel[] = { "t", "--no-telemetry", NULL };
	struct eal_config cfg;
	char log[1024];

	/* --main-lcore: whichever comes first, checked against -l / -c. */
	TEST_ASSERT_EQUAL(parse_logged(main_after, &cfg, log, sizeof(log)), 4, "%s", log);
	TEST_ASSERT_EQUAL(cfg.main_lcore, 1u, "--main-lcore after -l");
	TEST_ASSERT_EQUAL(parse_logged(main_before, &cfg, log, sizeof(log)), 4, "%s", log);
	TEST_ASSERT_EQUAL(cfg.main_lcore, 1u, "--main-lcore before -c");
	TEST_ASSERT_EQUAL(parse_logged(no_main, &cfg, log, sizeof(log)), 2, "%s", log);
	TEST_ASSERT_EQUAL(cfg.main_lcore, 2u, "without --main-lcore, the lowest");
	EXPECT_MSG("--main-lcore 2 is not one of this process's lcores (0,1): pick one of "
		   "them, or add lcore 2 to -l", "-l", "0-1", "--main-lcore", "2");
	EXPECT_MSG("invalid --main-lcore 'x'", "--main-lcore", "x");
	EXPECT_MSG("invalid --main-lcore '" FPK_STR(FPK_MAX_LCORE) "'", "--main-lcore",
		   FPK_STR(FPK_MAX_LCORE));

	/* --proc-type: primary and auto start a primary; no secondary. */
	EXPECT_OK_MSG("", "--proc-type", "primary");
	EXPECT_OK_MSG("", "--proc-type=auto");
	EXPECT_OK_MSG("", "--proc-type", "PRIMARY");
	EXPECT_MSG("--proc-type secondary: FPK has no multi-process support", "--proc-type",
		   "secondary");
	EXPECT_MSG("read a running process's ports and pools through its telemetry socket",
		   "--proc-type=secondary");
	EXPECT_MSG("invalid --proc-type 'second'", "--proc-type", "second");

	/* -v: the version, and the parse goes on. */
	EXPECT_OK_MSG("EAL: FPK version " FPK_VERSION "\n", "-v", "-l", "0");
	TEST_ASSERT_EQUAL(cfg.lcore_count, 1u, "-l after -v parsed");

	/* Accepted with a notice. */
	EXPECT_OK_MSG("EAL: --huge-unlink: nothing to do", "--huge-unlink");
	EXPECT_OK_MSG("EAL: --huge-unlink: nothing to do", "--huge-unlink=always");
	EXPECT_OK_MSG("EAL: --huge-unlink: nothing to do", "--huge-unlink=existing");
	EXPECT_MSG("--huge-unlink=never is not supported", "--huge-unlink=never");
	EXPECT_MSG("invalid --huge-unlink 'sometimes'", "--huge-unlink=sometimes");
	EXPECT_OK_MSG("EAL: --single-file-segments: nothing to do", "--single-file-segments");
	EXPECT_OK_MSG("EAL: --legacy-mem: ignored; to reserve all memory at start",
		      "--legacy-mem");
	EXPECT_OK_MSG("EAL: -d librte_net_e1000.so: ignored, FPK's drivers are built into "
		      "libfpk", "-d", "librte_net_e1000.so");
	EXPECT_MSG("option -d needs a value", "-d");

	/* --syslog: DPDK's facility names. */
	TEST_ASSERT_EQUAL(eal_log_syslog_facility("daemon"), LOG_DAEMON, "daemon");
	TEST_ASSERT_EQUAL(eal_log_syslog_facility("local7"), LOG_LOCAL7, "local7");
	TEST_ASSERT_EQUAL(eal_log_syslog_facility("kern"), LOG_KERN, "kern");
	TEST_ASSERT_EQUAL(eal_log_syslog_facility("local8"), -EINVAL, "local8");
	TEST_ASSERT_EQUAL(eal_log_syslog_facility("Daemon"), -EINVAL, "names are lower case");
	EXPECT_OK_MSG("", "--syslog", "local0");
	eal_log_reset();
	EXPECT_MSG("invalid --syslog 'bogus': use one of auth cron daemon", "--syslog", "bogus");
	EXPECT_MSG("option '--syslog' needs a value", "--syslog");

	TEST_ASSERT_EQUAL(parse_logged(notel, &cfg, log, sizeof(log)), 1, "%s", log);
	TEST_ASSERT(cfg.no_telemetry, "--no-telemetry");
	eal_log_reset();
	return TEST_SUCCESS;
}

static int
dpdk_options(void)
{
	return in_child(dpdk_options_child);
}
FPK_TEST_REGISTER(eal_options_dpdk, dpdk_options)
