/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz target: the testpmd> command interpreter, each line of the input one
 * command, through cmdline_execute() of app/testpmd (what the prompt runs
 * for every line, piped or typed), on live ports.
 *
 * Live rather than dry-run: fpk-testpmd with its EAL started once, two
 * net_null ports, and one forwarding lcore that really forwards between
 * "start" and "stop". The bugs worth finding here sit where the commands
 * meet state: "set fwd" or "set txpkts" with streams built for another
 * mode, "port stop" while forwarding, start tx_first on multi-segment
 * txpkts, statistics of ports that were stopped, streams freed by the
 * engine they were not built for. A dispatcher that skipped starting the
 * lcores would skip exactly those paths; null ports cost little (no wire,
 * link always up, so "port start" does not wait).
 *
 * Between inputs the state is put back, so that an input reproduces alone:
 * forwarding stopped, the settings as at start, every port started. After
 * that, every mbuf must be back in its pool (null ports hold none while
 * stopped): a command path that leaks or frees one twice fails. Commands
 * whose effect outlives what can be put back are not run (not_replayable()).
 */
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <fpk_eal.h>
#include <fpk_ethdev.h>
#include <fpk_mempool.h>

#include "testpmd_app.h"

#include "fuzz.h"

static struct app_params app_defaults;
static struct fwd_config cfg_defaults;
static uint16_t fwd_ports_defaults[FPK_MAX_ETHPORTS], nb_fwd_ports_default;

/*
 * Commands that change what outlives an input: a closed or reset port is
 * gone for every later input, a capture writes files where the input
 * says, and the link state, MAC address, MTU and log levels stay as set.
 */
static bool
not_replayable(const char *line)
{
	static const char *const prefixes[] = {
		"port close", "port reset", "capture", "mac_addr", "set link-", "set log",
		"port config mtu",
	};

	while (*line == ' ' || *line == '\t')
		line++;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(line, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

/*
 * Start the EAL as fpk-testpmd would be started, then its ports. Lcore 0 is
 * this thread, lcore 1 forwards; on two different CPUs when there are two,
 * so that the fuzzer does not wait for the forwarding thread's time slice.
 */
static void
testpmd_start(void)
{
	char lcores[64], prefix[64];
	char *argv[] = {
		"fuzz_testpmd_cmdline", "--no-huge", "--in-memory", "--no-pci", "-l", lcores,
		"--file-prefix", prefix, "--vdev", "net_null0", "--vdev", "net_null1", NULL,
	};
	char *app_argv[] = { "fpk-testpmd", NULL };
	int cpus[2] = { -1, -1 }, n = 0;
	cpu_set_t allowed;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0)
		for (int c = 0; c < CPU_SETSIZE && n < 2; c++)
			if (CPU_ISSET(c, &allowed))
				cpus[n++] = c;
	if (n == 0)
		cpus[n++] = 0;
	snprintf(lcores, sizeof(lcores), "0@%d,1@%d", cpus[0], cpus[n - 1]);
	snprintf(prefix, sizeof(prefix), "fuzz-cmdline-%d", (int)getpid());
	fuzz_stdout_quiet();
	if (fpk_eal_init((int)(sizeof(argv) / sizeof(argv[0])) - 1, argv) < 0)
		fuzz_fail("testpmd cmdline: cannot start the EAL with -l %s: %s", lcores,
			  strerror(fpk_errno));
	fuzz_log_quiet();
	if (parse_args(1, app_argv) != 0)
		fuzz_fail("testpmd cmdline: the default options are refused");
	app.interactive = true;
	app_setup();
	app_defaults = app;
	cfg_defaults = fwd_cfg;
	memcpy(fwd_ports_defaults, fwd_ports, sizeof(fwd_ports));
	nb_fwd_ports_default = nb_fwd_ports;
}

/* Back to the state after start-up; every mbuf home. */
static void
testpmd_reset(void)
{
	uint16_t p;

	if (fwd_running)
		stop_packet_forwarding();
	/* Settings first: a stopped port starts again with the defaults'
	 * queues and descriptors ("port config all rxq ..."). */
	app = app_defaults;
	fwd_cfg = cfg_defaults;
	memcpy(fwd_ports, fwd_ports_defaults, sizeof(fwd_ports));
	nb_fwd_ports = nb_fwd_ports_default;
	FPK_ETH_FOREACH_DEV(p)
		if (start_port(p) < 0)
			fuzz_fail("testpmd cmdline: port %u does not start again", p);
	/* mcast_addr add: the driver's list and testpmd's copy empty again. */
	FPK_ETH_FOREACH_DEV(p) {
		fpk_eth_dev_set_mc_addr_list(p, NULL, 0);
		port_mcast_list_free(p);
	}
	FPK_ETH_FOREACH_DEV(p) {
		struct fpk_mempool *mp = ports[p].pool;
		unsigned int avail = fpk_mempool_avail_count(mp);

		if (avail != mp->size)
			fuzz_fail("testpmd cmdline: %u of the %u mbufs of pool %s are not back "
				  "after the commands (a leak, or one freed twice)",
				  mp->size - avail, mp->size, mp->name);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool started;
	struct fuzz_argv lines;

	if (!started) {
		testpmd_start();
		started = true;
	}
	/* The lines as separate allocations of their exact size (see fuzz.h). */
	if (fuzz_argv_make(&lines, "", data, size, 64) == 0)
		for (int i = 1; i < lines.argc; i++) {
			if (not_replayable(lines.argv[i]))
				continue;
			if (!cmdline_execute(lines.argv[i]))
				break; /* quit */
		}
	fuzz_argv_free(&lines);
	testpmd_reset();
	return 0;
}
