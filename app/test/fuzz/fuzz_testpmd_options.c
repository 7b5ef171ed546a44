/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz target: fpk-testpmd's own options (what follows "--"), one argument
 * per line of the input, through parse_args() of app/testpmd, the function
 * main() calls. The EAL is not started: parse_args() and the option
 * parsers it calls need none of it.
 *
 * Beyond not crashing, an accepted command line must leave settings the
 * rest of fpk-testpmd can trust: a known forwarding mode, lcores, queues,
 * burst and mbuf cache in their documented ranges, --txpkts segments that
 * add up to the packet length.
 * Each input starts from the defaults: the settings are put back after it.
 */
#include <stdbool.h>

#include "testpmd_app.h"

#include "fuzz.h"

static bool
known_engine(const struct fwd_engine *e)
{
	for (unsigned int i = 0; fwd_engines[i] != NULL; i++)
		if (fwd_engines[i] == e)
			return true;
	return false;
}

static void
check_settings(void)
{
	uint32_t sum = 0;

	if (!known_engine(app.engine))
		fuzz_fail("testpmd options: accepted, and the forwarding mode is no engine");
	if (app.nb_fwd_lcores < 1 || app.nb_fwd_lcores >= FPK_MAX_LCORE ||
	    app.nb_rxq < 1 || app.nb_rxq > FPK_MAX_QUEUES_PER_PORT ||
	    app.nb_txq < 1 || app.nb_txq > FPK_MAX_QUEUES_PER_PORT ||
	    fwd_cfg.burst < 1 || fwd_cfg.burst > MAX_PKT_BURST ||
	    app.mbcache > FPK_MEMPOOL_CACHE_MAX_SIZE || fwd_cfg.flowgen_flows < 1 ||
	    fwd_cfg.flowgen_flows > MAX_FLOWGEN_FLOWS || app.stats_period > 86400)
		fuzz_fail("testpmd options: accepted, with a setting out of its range "
			  "(nb-cores %u rxq %u txq %u burst %u mbcache %u flows %u period %u)",
			  app.nb_fwd_lcores, app.nb_rxq, app.nb_txq, fwd_cfg.burst, app.mbcache,
			  fwd_cfg.flowgen_flows, app.stats_period);
	if (fwd_cfg.nb_txpkts < 1 || fwd_cfg.nb_txpkts > TXPKTS_MAX_SEGS)
		fuzz_fail("testpmd options: accepted, with %u --txpkts segments",
			  fwd_cfg.nb_txpkts);
	for (unsigned int i = 0; i < fwd_cfg.nb_txpkts; i++) {
		if (fwd_cfg.txpkts[i] == 0)
			fuzz_fail("testpmd options: accepted a --txpkts segment of 0 bytes");
		sum += fwd_cfg.txpkts[i];
	}
	if (sum != fwd_cfg.tx_pkt_len || sum > UINT16_MAX)
		fuzz_fail("testpmd options: --txpkts segments add up to %u, packet length %u",
			  sum, fwd_cfg.tx_pkt_len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct app_params app_defaults;
	static struct fwd_config cfg_defaults;
	static bool saved;
	struct fuzz_argv a;
	int ret;

	if (!saved) {
		fuzz_stdout_quiet(); /* --help */
		app_defaults = app;
		cfg_defaults = fwd_cfg;
		saved = true;
	}
	app = app_defaults;
	fwd_cfg = cfg_defaults;
	if (fuzz_argv_make(&a, "fpk-testpmd", data, size, 64) == 0) {
		ret = parse_args(a.argc, a.argv);
		if (ret < -1 || ret > 1)
			fuzz_fail("testpmd options: parse_args() returned %d", ret);
		if (ret == 0)
			check_settings();
	}
	fuzz_argv_free(&a);
	return 0;
}
