/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz target: the EAL's command line. Each line of the input is one
 * argument; the vector goes to eal_parse_args(), the parser fpk_eal_init()
 * runs first, so every option is reached as users reach it: -l/--lcores
 * lists, -c coremasks, -n, -m and --socket-mem sizes, --log-level specs,
 * --file-prefix, --iova-mode, --huge-dir, -a/-b/--vdev device strings, the
 * PCI bus's own options (--no-pci, --vfio-mode), groups of short options,
 * abbreviations, "--opt=value", values left out, and the "--" before the
 * application's arguments. Only the parser runs: no memory, lcore or
 * device is set up (that would make each input cost milliseconds and
 * leave state behind).
 *
 * Beyond not crashing, an accepted command line must give a usable
 * configuration: at least one lcore, each on a real CPU number, counted
 * right, the main lcore an enabled one (the lowest, unless --main-lcore);
 * a file prefix that is a plain name;
 * --socket-mem with some memory; and the return value must point at the
 * program name placed before the application's arguments (DPDK's
 * convention, which fpk-testpmd relies on).
 */
#include <sched.h>
#include <string.h>

#include <eal_private.h>
#include <pci_private.h>

#include "fuzz.h"

/* A reference that links the PCI bus in: its constructor registers it, and
 * with it its options, as in an application. */
static struct pci_env *const pci_bus_linked __attribute__((used)) = &pci_env;

static void
check_config(const struct eal_config *cfg, const struct fuzz_argv *a, int ret)
{
	unsigned int count = 0, lowest = FPK_MAX_LCORE;
	bool mem = false;

	if (ret >= a->argc || a->argv[ret] != a->owned[0])
		fuzz_fail("eal: parse returned %d of %d arguments, not at the program name", ret,
			  a->argc);
	for (unsigned int i = 0; i < FPK_MAX_LCORE; i++) {
		if (cfg->lcore_cpu[i] < -1 || cfg->lcore_cpu[i] >= CPU_SETSIZE)
			fuzz_fail("eal: lcore %u on CPU %d", i, cfg->lcore_cpu[i]);
		if (cfg->lcore_cpu[i] < 0)
			continue;
		count++;
		if (lowest == FPK_MAX_LCORE)
			lowest = i;
	}
	if (count == 0 || count != cfg->lcore_count)
		fuzz_fail("eal: %u lcores enabled, lcore_count %u", count, cfg->lcore_count);
	/* --main-lcore picks any enabled lcore; without it, the lowest. */
	if (cfg->main_lcore >= FPK_MAX_LCORE || cfg->lcore_cpu[cfg->main_lcore] < 0)
		fuzz_fail("eal: main lcore %u is not enabled", cfg->main_lcore);
	if (!cfg->main_lcore_set && cfg->main_lcore != lowest)
		fuzz_fail("eal: main lcore %u, the lowest enabled is %u", cfg->main_lcore, lowest);
	if (memchr(cfg->file_prefix, '\0', sizeof(cfg->file_prefix)) == NULL ||
	    cfg->file_prefix[0] == '\0' || cfg->file_prefix[0] == '-' ||
	    strchr(cfg->file_prefix, '/') != NULL || strcmp(cfg->file_prefix, ".") == 0 ||
	    strcmp(cfg->file_prefix, "..") == 0)
		fuzz_fail("eal: accepted the file prefix '%.*s'", (int)sizeof(cfg->file_prefix),
			  cfg->file_prefix);
	for (unsigned int s = 0; s < FPK_MAX_NUMA_NODES; s++)
		mem = mem || cfg->socket_mem[s] != 0;
	if (cfg->socket_mem_set && !mem)
		fuzz_fail("eal: accepted a --socket-mem that gives no node any memory");
	if (cfg->mem_limit && cfg->socket_mem_set)
		fuzz_fail("eal: accepted -m with --socket-mem");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct eal_config cfg; /* large: not on the stack */
	struct fuzz_argv a;
	int ret;

	if (fuzz_argv_make(&a, "fuzz_eal_options", data, size, 64) == 0) {
		eal_config_defaults(&cfg);
		ret = eal_parse_args(a.argc, a.argv, &cfg);
		if (ret >= 0)
			check_config(&cfg, &a, ret);
	}
	fuzz_argv_free(&a);
	/* What a parse leaves behind: device arguments, log levels. */
	eal_devargs_cleanup();
	eal_log_reset();
	fuzz_log_quiet();
	return 0;
}
